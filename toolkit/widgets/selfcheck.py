"""Self-checks for the course notebooks: a question, an answer box and a "Periksa" button.

Not graded: the participant types or picks an answer, clicks **Periksa** (*Check*) and reads
"✅ Benar!" or "❌ Belum tepat — <hint>". Two kinds:

- :class:`NumberCheck` — a number typed in a text box, right within a relative tolerance;
- :class:`ChoiceCheck` — one of several options, as radio buttons.

Every text is a bilingual dict ``{"id": ..., "en": ...}``; labels are chosen in the active
language (:func:`toolkit.set_language`) when the check is built, feedback when it is given.
Tests drive a check by setting ``check.value`` and calling ``check.check()`` (or
``check.button.click()``), then reading ``check.feedback.value`` and ``check.correct``.

How a typed number is read
--------------------------
By :func:`toolkit.i18n.parse_number`, the one reader of numbers in the course: Indonesian
thousands dots and decimal comma (``25.000``, ``0,2``), ``jt``/``rb`` (``25 rb``), a price's
``,-``; a currency sign when the answer is money in that currency (``Rp 25.000`` for a Rupiah
answer), a ``%`` sign when the answer is a percentage. What cannot be read gets a kind sentence
instead of a verdict (words such as ``lima ribu``, a sign the answer does not take, badly grouped
digits).

Known wrong answers
-------------------
A :class:`NumberCheck` declares the typical mistakes of its question (``wrong={99_750: hint}``):
an answer nearer a declared mistake than the right answer is wrong, with that mistake's own hint,
even inside the tolerance (so a 1 % tolerance never accepts 95.000 × 1,05 for 95.000 / 0,95).

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

from toolkit.errors import InputError, ReadError, check_number, show_number
from toolkit.i18n import LANGUAGES, Text, parse_number, tr

__all__ = ["NumberCheck", "ChoiceCheck", "NumberNotRead"]

_CURRENCY_UNITS = {"rp": "IDR", "idr": "IDR", "usd": "USD", "us$": "USD", "cny": "CNY", "myr": "MYR"}

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


NumberNotRead = ReadError
"""Typed text that is not a number as the course writes numbers (kept as a name for old callers)."""


def _parse_number(text: str, language: str | None = None, **options) -> float:
    """Read a typed answer with :func:`toolkit.i18n.parse_number` (kept for old callers).

    >>> _parse_number("20.000"), _parse_number("0,2")
    (20000.0, 0.2)
    """
    return parse_number(text, language=language, **options)


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
    wrong
        The question's known wrong answers, each with its own hint: ``{99_750: {"id": ..., "en":
        ...}}``. An answer nearer one of them than the right answer (and within ``tolerance`` of it)
        is wrong, with that hint; none may equal the right answer.

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
        wrong: Mapping[float, Text] | None = None,
    ):
        super().__init__(question, hint, explanation)
        self.answer = check_number("answer", answer)
        self.wrong: dict[float, dict] = {}
        for value, wrong_hint in (wrong or {}).items():
            value = check_number("wrong", value)
            if math.isclose(value, self.answer, rel_tol=1e-12, abs_tol=1e-12):
                raise InputError(
                    "wrong", value,
                    {"id": "jawaban salah tidak boleh sama dengan jawaban benar",
                     "en": "a wrong answer cannot equal the right answer"},
                )
            self.wrong[value] = _bilingual(f"wrong[{show_number(value, 'en')}]", wrong_hint)
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

    def _reading(self) -> dict:
        """How this question's answers are read: a money unit allows its sign, ``%`` a percent sign."""
        unit = self.unit["id"].strip().lower()
        if unit in _CURRENCY_UNITS:
            return {"currency": _CURRENCY_UNITS[unit]}
        return {}

    def read(self, text: str) -> float:
        """The number a typed answer means, as this check reads it (a ``%`` answer in percent)."""
        if "%" in tr(self.unit) and str(text).strip().endswith("%"):
            return parse_number(text, percent=True) * 100
        return parse_number(text, **self._reading())

    def known_mistake(self, given: float) -> float | None:
        """The declared wrong answer ``given`` stands for, if it is nearer one than the right answer."""
        for value in self.wrong:
            if self._close(given, value) and abs(given - value) < abs(given - self.answer):
                return value
        return None

    def check(self) -> bool | None:
        """Read the box and give a verdict: True, False, or None when no number could be read."""
        if not str(self.box.value).strip():
            self.given = self.correct = None
            self.feedback.value = _notice(_EMPTY_NUMBER)
            return None
        try:
            given = self.read(self.box.value)
        except ReadError as unread:
            self.given = None
            self.correct = None
            self.feedback.value = _notice(unread.messages)
            return None
        self.given = given
        mistake = self.known_mistake(given)
        if mistake is not None:
            self.correct = False
            self.feedback.value = _verdict(False, self.wrong[mistake])
            return False
        self.correct = self._close(given, self.answer)
        if self.correct:
            self.feedback.value = _verdict(True, None, self.explanation)
        else:
            self.feedback.value = _verdict(False, self._slip(given) or self.hint)
        return self.correct

    def _slip(self, given: float) -> Text | None:
        """A hint for the commonest slips: percent for a fraction or the reverse, a comma for thousands."""
        if self.answer == 0:
            return None
        typed = str(self.box.value).strip()
        if re.fullmatch(r"-?\d{1,3},\d{3}", typed) and self._close(given * 1000, self.answer):
            grouped = typed.replace(",", ".")
            return {
                "id": f"dalam Bahasa Indonesia koma adalah tanda desimal, jadi {typed} dibaca "
                f"{_plain(given, 'id')}. Maksudnya {grouped}? Ribuan ditulis dengan titik.",
                "en": f"in Indonesian the comma is the decimal mark, so {typed} reads as "
                f"{_plain(given, 'id')}. Did you mean {grouped}? Thousands take a dot.",
            }
        if abs(self.answer) <= 1 and self._close(given, self.answer * 100):
            shown = {lang: _plain(self.answer, lang) for lang in LANGUAGES}
            return {
                "id": f"sepertinya Anda menulis persen. Di sini tulis sebagai pecahan: "
                f"{_plain(given, 'id')}% ditulis {shown['id']}.",
                "en": f"it looks like you wrote a percentage. Here write it as a fraction: "
                f"{_plain(given, 'en')}% is written {shown['en']}.",
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
