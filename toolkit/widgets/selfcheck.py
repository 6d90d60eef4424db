"""Self-checks for the course notebooks: a question, an answer box and a "Periksa" button.

Not graded: the participant types or picks an answer, clicks **Periksa** (*Check*) and reads
"✅ Benar!" or "❌ Belum tepat — <hint>". Two kinds:

- :class:`NumberCheck` — a number typed in a text box, right within a relative tolerance;
- :class:`ChoiceCheck` — one of several options, as radio buttons.

Every text is a bilingual dict ``{"id": ..., "en": ...}``; labels are chosen in the active
language (:func:`toolkit.set_language`) when the check is built, feedback when it is given.
Tests drive a check by setting ``check.value`` and calling ``check.check()`` (or
``check.button.click()``), then reading ``check.feedback.value`` and ``check.correct``.

How a typed number is read (:func:`_parse_number`)
--------------------------------------------------
Leading and trailing spaces are ignored; a leading ``-`` (or ``−``) makes it negative; a price's
trailing ``,-`` is dropped (``20.000,-`` → 20000); a leading decimal mark means 0 (``,5`` → 0.5).
Then:

- digits only: ``20000`` → 20000;
- both ``.`` and ``,`` present: the last one is the decimal mark, the other groups thousands
  (groups of three digits): ``20.000,50`` → 20000.5, ``20,000.50`` → 20000.5;
- one kind of mark, used more than once: it groups thousands: ``1.234.567`` → 1234567;
- one mark, once, not followed by exactly three digits: it is the decimal mark, whichever it is:
  ``0,2`` → 0.2, ``12.5`` → 12.5, ``1,25`` → 1.25;
- one mark, once, followed by exactly three digits (``20.000``, ``1,500``): read as the active
  language writes it — in Indonesian ``.`` groups thousands and ``,`` is the decimal mark
  (``20.000`` → 20000, ``1,500`` → 1.5); in English the other way round (``1,500`` → 1500,
  ``20.000`` → 20.0); a leading group of ``0`` is never a thousands group (``0.250`` → 0.25).

Anything else is not read, and the participant gets a kind sentence instead of a verdict: words
(``lima ribu``), a currency (``Rp 20.000``), a percent sign (``20%``), spaces inside the number
or thousands groups that are not three digits (``1.23.4``).

Examples
--------
>>> from toolkit.widgets.selfcheck import NumberCheck, ChoiceCheck
>>> check = NumberCheck(
...     {"id": "Berapa HPP per tas?", "en": "What is the cost per bag?"},
...     20_000,
...     hint={"id": "Bagi total biaya dengan tas yang bagus.", "en": "Divide total cost by good bags."},
...     unit="Rp",
... )
>>> check.value = "20.000"
>>> check.check()
True
>>> "Benar" in check.feedback.value
True
>>> check.value = "lima ribu"
>>> check.check() is None
True
>>> choice = ChoiceCheck(
...     {"id": "Siapa membayar ongkos kapal dalam FOB?", "en": "Who pays the sea freight under FOB?"},
...     [{"id": "Penjual", "en": "The seller"}, {"id": "Pembeli", "en": "The buyer"}],
...     correct=1,
...     hint={"id": "FOB berhenti di atas kapal.", "en": "FOB stops on board."},
... )
>>> choice.value = 0
>>> choice.check()
False
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from toolkit.errors import InputError, check_number
from toolkit.i18n import LANGUAGES, Text, get_language, tr

__all__ = ["NumberCheck", "ChoiceCheck"]

_CHECK = {"id": "Periksa", "en": "Check"}
_RIGHT = {"id": "Benar!", "en": "Correct!"}
_WRONG = {"id": "Belum tepat", "en": "Not quite"}
_EMPTY_NUMBER = {
    "id": "Ketik jawaban Anda dulu di kotak, lalu klik Periksa.",
    "en": "Type your answer in the box first, then click Check.",
}
_EMPTY_CHOICE = {
    "id": "Pilih salah satu jawaban dulu, lalu klik Periksa.",
    "en": "Pick one of the answers first, then click Check.",
}


class NumberNotRead(ValueError):
    """Typed text that is not a number as the course writes numbers; ``messages`` says why, kindly."""

    def __init__(self, text: str, messages: Text):
        self.text = text
        self.messages = dict(messages)
        super().__init__(self.messages[get_language()])

    def __str__(self) -> str:
        return self.messages[get_language()]


# -- reading a typed number -------------------------------------------------------------------

_SHAPE = re.compile(r"\d+(?:[.,]\d+)*")
_CURRENCY = re.compile(r"rp|idr|us\$|usd|\$|cny|rmb|¥")


def _grouped(digits: str, separator: str) -> bool:
    """Is ``digits`` written in thousands groups, ``1.234.567``-style, with ``separator``?"""
    pattern = r"[1-9]\d{0,2}(?:" + re.escape(separator) + r"\d{3})+"
    return re.fullmatch(pattern, digits) is not None


def _parse_number(text: str, language: str | None = None) -> float:
    """Read a number typed the way Indonesians (or English readers) write it.

    The rules are in this module's docstring. ``language`` decides the one ambiguous case
    (``20.000``); it defaults to the active language.

    >>> _parse_number("20.000"), _parse_number("20.000,50"), _parse_number("0,2")
    (20000.0, 20000.5, 0.2)
    >>> _parse_number("1,500", language="en")
    1500.0
    >>> _parse_number("Rp 20.000")
    Traceback (most recent call last):
    ...
    toolkit.widgets.selfcheck.NumberNotRead: Tulis angkanya saja, tanpa "Rp": misalnya 20.000.
    """
    language = language or get_language()
    original = text
    text = (text or "").strip().replace("\u2212", "-")
    if not text:
        raise NumberNotRead(original, _EMPTY_NUMBER)
    sign = 1.0
    if text.startswith("-"):
        sign, text = -1.0, text[1:].strip()
    if text.endswith((",-", ".-")):
        text = text[:-2]
    if text[:1] in {".", ","}:
        text = "0" + text
    if _SHAPE.fullmatch(text) is None:
        raise NumberNotRead(original, _why_not(text))
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        whole, _, fraction = text.rpartition(decimal)
        thousands = "," if decimal == "." else "."
        if not _grouped(whole, thousands) and not whole.isdigit():
            raise NumberNotRead(original, _BAD_GROUPS)
        return sign * float(whole.replace(thousands, "") + "." + fraction)
    if not (has_dot or has_comma):
        return sign * float(text)
    mark = "." if has_dot else ","
    parts = text.split(mark)
    if len(parts) > 2:
        if not _grouped(text, mark):
            raise NumberNotRead(original, _BAD_GROUPS)
        return sign * float(text.replace(mark, ""))
    whole, fraction = parts
    thousands_mark = "." if language == "id" else ","
    if len(fraction) == 3 and mark == thousands_mark and _grouped(text, mark):
        return sign * float(whole + fraction)
    return sign * float(whole + "." + fraction)


_BAD_GROUPS = {
    "id": "Angka ini tidak terbaca. Tulis ribuan dengan titik per tiga angka (20.000) "
    "dan desimal dengan koma (0,5), atau tanpa pemisah sama sekali (20000).",
    "en": "This number cannot be read. Group thousands in threes (20,000 or 20.000) and write "
    "decimals with one mark (0.5), or write no separators at all (20000).",
}


def _why_not(text: str) -> Text:
    """A kind sentence saying how to write what was typed as a plain number."""
    digits = re.search(r"\d[\d.,]*", text)
    number = digits.group(0).rstrip(".,") if digits else ""
    lowered = text.lower()
    currency = _CURRENCY.search(lowered)
    if number and currency:
        shown = {"rp": "Rp", "idr": "IDR", "usd": "USD", "us$": "US$", "cny": "CNY", "rmb": "RMB"}
        sign = shown.get(currency.group(0), currency.group(0))
        return {
            "id": f'Tulis angkanya saja, tanpa "{sign}": misalnya {number}.',
            "en": f'Type the number only, without "{sign}": for example {number}.',
        }
    if number and "%" in text:
        return {
            "id": f"Tulis angkanya saja, tanpa tanda %: misalnya {number}. "
            "Perhatikan satuan yang diminta: persen, atau pecahan (20 % = 0,2).",
            "en": f"Type the number only, without the % sign: for example {number}. "
            "Mind the unit asked for: percent, or a fraction (20 % = 0.2).",
        }
    if re.search(r"[^\W\d_]", text):
        return {
            "id": f'"{text}" belum berupa angka. Tulis jawabannya dengan angka saja, misalnya 5000 '
            'atau 5.000, tanpa kata seperti "ribu" atau "juta".',
            "en": f'"{text}" is not a number yet. Write the answer in digits only, for example 5000 '
            'or 5,000, without words like "thousand" or "million".',
        }
    joined = re.sub(r"\s+", "", text)
    if joined != text and _SHAPE.fullmatch(joined):
        return {
            "id": f"Tulis angkanya tanpa spasi: misalnya {joined}.",
            "en": f"Type the number without spaces: for example {joined}.",
        }
    if number:
        return {
            "id": f"Tulis angkanya saja, misalnya {number}, tanpa tanda lain.",
            "en": f"Type the number only, for example {number}, without other signs.",
        }
    return {
        "id": "Tulis jawabannya dengan angka, misalnya 5000 atau 5.000.",
        "en": "Write the answer in digits, for example 5000 or 5,000.",
    }


# -- shared pieces --------------------------------------------------------------------------

def _bilingual(argument: str, value: Any) -> dict:
    """A participant-facing text: a dict with both languages (a plain string is used for both)."""
    if isinstance(value, str):
        return {language: value for language in LANGUAGES}
    if isinstance(value, Mapping) and all(isinstance(value.get(k), str) for k in LANGUAGES):
        return dict(value)
    raise InputError(
        argument,
        value,
        {
            "id": 'harus berupa teks dua bahasa {"id": "...", "en": "..."}',
            "en": 'it must be a text in both languages {"id": "...", "en": "..."}',
        },
    )


def _verdict(right: bool, hint: Text | None, note: Text | None = None) -> str:
    if right:
        text = f"✅ <b>{html.escape(tr(_RIGHT))}</b>"
        if note:
            text += " " + html.escape(tr(note))
        colour = "#1e6b2e"
    else:
        text = f"❌ <b>{html.escape(tr(_WRONG))}</b>"
        if hint:
            text += " — " + html.escape(tr(hint))
        colour = "#8a1c1c"
    return f'<div style="color:{colour};margin:4px 0">{text}</div>'


def _notice(message: Text) -> str:
    return (
        '<div style="background:#fff4e5;border-left:4px solid #e67e22;padding:4px 8px;'
        f'margin:4px 0;color:#5a3200">{html.escape(tr(message))}</div>'
    )


class _Check:
    """What both checks share: question, button, feedback, display."""

    def __init__(self, question: Text, hint: Text, explanation: Text | None):
        self.question_text = _bilingual("question", question)
        self.hint = _bilingual("hint", hint)
        self.explanation = None if explanation is None else _bilingual("explanation", explanation)
        self.correct: bool | None = None
        self.question = widgets.HTML(f"<b>❓ {html.escape(tr(self.question_text))}</b>")
        self.button = widgets.Button(description=tr(_CHECK), button_style="info", icon="check")
        self.feedback = widgets.HTML()
        self.button.on_click(lambda _button: self.check())

    def check(self) -> bool | None:
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


class NumberCheck(_Check):
    """A number to type: right when within ``tolerance`` (relative) of ``answer``.

    Parameters
    ----------
    question
        The question, both languages.
    answer
        The right answer.
    tolerance
        Relative tolerance: 0.01 accepts answers within 1 % of ``answer`` (so a participant who
        rounded to whole Rupiah is right).
    hint
        Shown after a wrong answer: where to look, not the answer.
    unit
        Shown beside the box (``"Rp"``, ``"tas"``, ``"%"``...): a string, or a bilingual dict.
    absolute_tolerance
        Also accept answers this close in absolute terms (useful when ``answer`` is 0).
    explanation
        Optional, shown after a right answer (why it is right).

    A typed fraction where a percentage is asked (or the reverse) gets a verdict of wrong and a
    sentence pointing at the slip. Text that cannot be read as a number gets a kind sentence
    (see the module docstring) and ``check()`` returns ``None``.

    Examples
    --------
    >>> margin = NumberCheck(
    ...     {"id": "Berapa margin?", "en": "What is the margin?"},
    ...     0.2,
    ...     hint={"id": "Laba dibagi harga.", "en": "Profit divided by price."},
    ... )
    >>> margin.value = "0,2"
    >>> margin.check()
    True
    >>> margin.value = "20"
    >>> margin.check()
    False
    >>> "0,2" in margin.feedback.value
    True
    """

    def __init__(
        self,
        question: Text,
        answer: float,
        *,
        tolerance: float = 0.01,
        hint: Text,
        unit: str | Text = "",
        absolute_tolerance: float = 0.0,
        explanation: Text | None = None,
    ):
        super().__init__(question, hint, explanation)
        self.answer = check_number("answer", answer)
        self.tolerance = check_number("tolerance", tolerance, minimum=0, maximum=1)
        self.absolute_tolerance = check_number("absolute_tolerance", absolute_tolerance, minimum=0)
        self.unit = _bilingual("unit", unit)
        self.given: float | None = None
        self.box = widgets.Text(
            placeholder=tr({"id": "ketik angka", "en": "type a number"}),
            layout=widgets.Layout(width="12em"),
        )
        row = [self.box, widgets.Label(tr(self.unit)), self.button] if tr(self.unit) else [
            self.box, self.button
        ]
        self.widget = widgets.VBox([self.question, widgets.HBox(row), self.feedback])

    @property
    def value(self) -> str:
        """The text in the answer box."""
        return self.box.value

    @value.setter
    def value(self, text: Any) -> None:
        self.box.value = str(text)

    def _close(self, given: float, target: float) -> bool:
        return math.isclose(given, target, rel_tol=self.tolerance, abs_tol=self.absolute_tolerance)

    def check(self) -> bool | None:
        """Read the box and give a verdict: True, False, or None when no number could be read."""
        try:
            given = _parse_number(self.box.value)
        except NumberNotRead as unread:
            self.given = None
            self.correct = None
            self.feedback.value = _notice(unread.messages)
            return None
        self.given = given
        self.correct = self._close(given, self.answer)
        if self.correct:
            self.feedback.value = _verdict(True, None, self.explanation)
        else:
            self.feedback.value = _verdict(False, self._slip(given) or self.hint)
        return self.correct

    def _slip(self, given: float) -> Text | None:
        """A hint for the commonest slip, percent written for a fraction or the reverse."""
        if self.answer == 0:
            return None
        if abs(self.answer) <= 1 and self._close(given, self.answer * 100):
            shown = {lang: _plain(self.answer, lang) for lang in LANGUAGES}
            return {
                "id": f"sepertinya Anda menulis persen. Di sini tulis sebagai pecahan: "
                f"{_plain(given, 'id')} % ditulis {shown['id']}.",
                "en": f"it looks like you wrote a percentage. Here write it as a fraction: "
                f"{_plain(given, 'en')} % is written {shown['en']}.",
            }
        asks_percent = "%" in tr(self.unit) or "persen" in self.unit["id"].lower()
        if asks_percent and self._close(given * 100, self.answer):
            return {
                "id": f"sepertinya Anda menulis pecahan. Di sini tulis dalam persen: "
                f"{_plain(given, 'id')} ditulis {_plain(self.answer, 'id')}.",
                "en": f"it looks like you wrote a fraction. Here write it as a percentage: "
                f"{_plain(given, 'en')} is written {_plain(self.answer, 'en')}.",
            }
        return None


def _plain(x: float, language: str) -> str:
    """A short number as each language writes it, without thousands grouping: 0.2 → ``0,2``."""
    text = f"{x:.6g}" if abs(x) < 1e6 else f"{x:.0f}"
    return text.replace(".", ",") if language == "id" else text


class ChoiceCheck(_Check):
    """One right option among several, as radio buttons.

    Parameters
    ----------
    question
        The question, both languages.
    options
        The options, each a bilingual dict (or a string used in both languages).
    correct
        Index of the right option in ``options`` (0 is the first).
    hint
        Shown after a wrong answer.
    explanation
        Optional, shown after a right answer.

    ``value`` is the index of the chosen option, or ``None`` before a choice.

    Examples
    --------
    >>> quiz = ChoiceCheck(
    ...     {"id": "20 % dari 50.000?", "en": "20 % of 50,000?"},
    ...     ["1.000", "10.000"],
    ...     correct=1,
    ...     hint={"id": "Kalikan dengan 0,2.", "en": "Multiply by 0.2."},
    ... )
    >>> quiz.check() is None
    True
    >>> quiz.value = 1
    >>> quiz.check()
    True
    """

    def __init__(
        self,
        question: Text,
        options: list[Text],
        correct: int,
        hint: Text,
        *,
        explanation: Text | None = None,
    ):
        super().__init__(question, hint, explanation)
        if isinstance(options, (str, Mapping)) or len(options) < 2:
            raise InputError(
                "options",
                options,
                {"id": "harus berupa daftar berisi minimal 2 pilihan", "en": "it must be a list of at least 2 options"},
            )
        self.options = [_bilingual(f"options[{i}]", option) for i, option in enumerate(options)]
        self.answer = int(check_number("correct", correct, minimum=0, maximum=len(options) - 1, integer=True))
        self.radio = widgets.RadioButtons(
            options=[(tr(option), i) for i, option in enumerate(self.options)],
            value=None,
            layout=widgets.Layout(width="auto"),
        )
        self.widget = widgets.VBox([self.question, self.radio, self.button, self.feedback])

    @property
    def value(self) -> int | None:
        """The index of the chosen option, or ``None``."""
        return self.radio.value

    @value.setter
    def value(self, index: int | None) -> None:
        self.radio.value = index

    def check(self) -> bool | None:
        """Give a verdict on the chosen option: True, False, or None when nothing is chosen."""
        if self.radio.value is None:
            self.correct = None
            self.feedback.value = _notice(_EMPTY_CHOICE)
            return None
        self.correct = self.radio.value == self.answer
        self.feedback.value = _verdict(self.correct, self.hint, self.explanation)
        return self.correct
