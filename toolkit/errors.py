"""Errors that teach: one base class, and an input error that is also a ``ValueError``.

Every message is written in both languages when the error is raised; ``str(error)`` gives the
one active at that moment (see :func:`toolkit.i18n.set_language`), ``error.messages`` both.
Messages are for people, not programmers: a position is a line counted from 1 (``tasks[5]`` is
shown as "tasks, baris 6"), a number is written the way the language writes it (``0,8``,
``10.000.000``), a date with its month's name, and text in plain quotes, never Python's notation.
Every error here survives pickling (a process pool sends it back whole).

Examples
--------
>>> from toolkit import set_language
>>> from toolkit.errors import InputError, check_number
>>> set_language("en")
>>> try:
...     check_number("units", -3, minimum=0, strict=True)
... except InputError as e:
...     print(e)
units = -3 is not allowed: it must be a number greater than 0.
>>> set_language("id")
>>> try:
...     check_number("units", -3, minimum=0, strict=True)
... except ValueError as e:
...     print(e)
units = -3 tidak diperbolehkan: harus berupa angka lebih dari 0.
>>> print(InputError("tasks[5]", "Produksi, lima hari", {"id": "tulis angka", "en": "write a number"}))
tasks, baris 6 = 'Produksi, lima hari' tidak diperbolehkan: tulis angka.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from toolkit.i18n import LANGUAGES, Text, get_language

__all__ = [
    "ToolkitError",
    "BilingualError",
    "InputError",
    "ReadError",
    "check_number",
    "check_fraction",
    "check_choice",
    "show_value",
    "argument_words",
    "show_number",
]

_LOCALES = {"id": "id_ID", "en": "en_US"}


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


def _restore(cls: type, state: dict) -> BilingualError:
    """Rebuild a pickled :class:`BilingualError` from its attributes (no ``__init__`` call)."""
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, state.get("messages", {}).get("id", ""))
    return error


class BilingualError(ToolkitError):
    """An error whose message exists in both languages; ``str()`` gives the active one.

    Subclasses set ``self.messages`` (``{"id": ..., "en": ...}``) in their ``__init__``; pickling
    keeps every attribute, whatever the subclass's ``__init__`` takes.

    >>> import pickle
    >>> error = BilingualError({"id": "Folder kosong.", "en": "Empty folder."})
    >>> str(pickle.loads(pickle.dumps(error)))
    'Folder kosong.'
    """

    def __init__(self, messages: Text):
        self.messages = dict(messages)
        super().__init__(self.messages[get_language()])

    def __str__(self) -> str:
        return self.messages.get(get_language(), next(iter(self.messages.values()), ""))

    def __reduce__(self):
        return (_restore, (type(self), dict(self.__dict__)))


class InputError(BilingualError, ValueError):
    """A bad argument: names the argument, the value given and what is allowed.

    Parameters
    ----------
    argument
        The argument's name as the caller wrote it (``tasks[5]`` for the sixth task).
    value
        The value that was given.
    allowed
        What is allowed, in both languages: ``{"id": ..., "en": ...}``.
    shown
        How to show ``value`` when the plain rendering would mislead (both languages).
    """

    def __init__(self, argument: str, value: Any, allowed: Text, *, shown: Text | None = None):
        self.argument = argument
        self.value = value
        self.allowed = dict(allowed)
        self.shown = dict(shown) if shown else {lang: show_value(value, lang) for lang in LANGUAGES}
        self.label: Text | None = None
        BilingualError.__init__(self, self._messages())

    def _messages(self) -> dict[str, str]:
        who = {
            lang: (self.label[lang] if self.label else _who(self.argument, lang))
            for lang in LANGUAGES
        }
        return {
            "id": f"{who['id']} = {self.shown['id']} tidak diperbolehkan: {self.allowed['id']}.",
            "en": f"{who['en']} = {self.shown['en']} is not allowed: {self.allowed['en']}.",
        }

    def renamed(self, label: Text, shown: Text | None = None) -> InputError:
        """The same error naming the input as a participant sees it (a box's label), not the argument.

        >>> error = InputError("fixed_costs", -5, {"id": "minimal 0", "en": "at least 0"})
        >>> str(error.renamed({"id": "Biaya tetap (Rp)", "en": "Fixed costs (IDR)"}))
        'Biaya tetap (Rp) = -5 tidak diperbolehkan: minimal 0.'
        """
        error = copy.copy(self)
        error.label = dict(label)
        if shown is not None:
            error.shown = dict(shown)
        error.messages = error._messages()
        Exception.__init__(error, error.messages["id"])
        return error


class ReadError(InputError):
    """Typed text that could not be read as a number or a date; ``reason`` says why and how to write it.

    The message names the box (``label``) and quotes what was typed, then the reason:

    >>> error = ReadError("abc", {"id": "belum berupa angka.", "en": "is not a number yet."})
    >>> str(error)
    '"abc" belum berupa angka.'
    >>> str(error.renamed({"id": "Biaya tetap (Rp)", "en": "Fixed costs (IDR)"}))
    'Biaya tetap (Rp): "abc" belum berupa angka.'
    """

    def __init__(self, text: str, reason: Text, *, argument: str = ""):
        self.text = text
        self.reason = dict(reason)
        InputError.__init__(self, argument, text, reason)

    def _messages(self) -> dict[str, str]:
        out = {}
        for lang in LANGUAGES:
            who = self.label[lang] if self.label else (_who(self.argument, lang) if self.argument else "")
            quoted = f'"{_clip(self.text)}" ' if str(self.text).strip() else ""
            sentence = quoted + self.reason[lang]
            if not quoted and not who:
                sentence = sentence[:1].upper() + sentence[1:]
            out[lang] = f"{who}: {sentence}" if who else sentence
        return out


# -- showing values and names the way people write them ----------------------------------------

_INDEX = re.compile(r"\[([^\]]*)\]")


def _who(argument: str, language: str) -> str:
    """An argument name with Python's indexing said in words: ``tasks[5][1]`` → tasks, baris 6, kolom 2."""
    base, _, rest = argument.partition("[")
    if not rest:
        return argument
    rest = "[" + rest
    words = [base]
    positions = 0
    tail = _INDEX.sub("", rest).strip()
    if tail.startswith("."):
        tail = ", " + tail[1:]
    for key in _INDEX.findall(rest):
        key = key.strip()
        if key.isdigit():
            n = int(key) + 1
            if positions == 0:
                words.append(f"baris {n}" if language == "id" else f"line {n}")
            else:
                words.append(f"kolom {n}" if language == "id" else f"column {n}")
            positions += 1
        else:
            words.append(key.strip("'\""))
    text = ", ".join(words)
    return f"{text}{tail}" if tail.startswith(",") else (f"{text} {tail}" if tail else text)


def argument_words(argument: str, language: str | None = None) -> str:
    """An argument's name as a participant reads it: positions as lines counted from 1.

    >>> argument_words("tasks[5][1]", "id"), argument_words("seller['name']", "en")
    ('tasks, baris 6, kolom 2', 'seller, name')
    """
    return _who(argument, language or get_language())


def _clip(text: Any, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_number(value: float, language: str | None = None, decimals: int | None = None) -> str:
    """A number as the language writes it, grouped, with only the decimals it has (at most 6).

    >>> show_number(10_000_000_000_000.0, "id"), show_number(0.8, "id"), show_number(0.8, "en")
    ('10.000.000.000.000', '0,8', '0.8')
    """
    language = language or get_language()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") if decimals is not None else "#,##0.######"
    return format_decimal(value, format=pattern, locale=_LOCALES[language])


def show_value(value: Any, language: str | None = None) -> str:
    """A value in a participant's message: text in quotes, numbers and dates as the language writes them.

    Text keeps Python's quotes (``'lima ribu'``, plain enough to read); a number is written with
    the language's marks (``2,5``), a date with its month's name, a tuple without brackets' code.

    >>> print(show_value("lima ribu", "id"), show_value(2.5, "id"), show_value((8, 5, 3), "id"))
    'lima ribu' 2,5 (8; 5; 3)
    >>> import datetime
    >>> show_value(datetime.date(1220, 3, 31), "id")
    '31 Maret 1220'
    """
    language = language or get_language()
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return repr(_clip(value)) if len(value) <= 60 else "'" + _clip(value) + "'"
    if isinstance(value, numbers.Real):
        return show_number(float(value), language) if not isinstance(value, numbers.Integral) \
            else show_number(int(value), language)
    if isinstance(value, (dt.date, dt.datetime)):
        return _babel_date(value, format="d MMMM y", locale=_LOCALES[language])
    if isinstance(value, tuple) and len(value) <= 8 and all(
        isinstance(v, (str, numbers.Real, dt.date)) or v is None for v in value
    ):
        separator = "; " if language == "id" else ", "
        return "(" + separator.join(show_value(v, language) for v in value) + ")"
    if isinstance(value, Mapping):
        return "{…}" if value else "{}"
    kind = type(value).__name__
    if kind == "DataFrame":
        return "tabel (DataFrame)" if language == "id" else "a table (DataFrame)"
    return _clip(kind if len(repr(value)) > 60 else repr(value))


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and not math.isnan(float(value))
    )


def check_number(
    argument: str,
    value: Any,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    strict: bool = False,
    integer: bool = False,
) -> float:
    """Return ``value`` as a number, or raise :class:`InputError` saying what is allowed.

    ``minimum`` is exclusive when ``strict`` is true (a value must be *greater than* it);
    ``maximum`` is always inclusive. Infinity is refused unless no bound would stop it.

    >>> check_number("price", 12_000, minimum=0)
    12000
    """
    ok = _is_number(value) and (not integer or float(value).is_integer()) and math.isfinite(value)
    if ok and minimum is not None:
        ok = value > minimum if strict else value >= minimum
    if ok and maximum is not None:
        ok = value <= maximum
    if not ok:
        raise InputError(argument, value, number_rule(minimum, maximum, strict, integer))
    return value


def number_rule(
    minimum: float | None = None,
    maximum: float | None = None,
    strict: bool = False,
    integer: bool = False,
    *,
    show=None,
) -> Text:
    """What a number must be, in words, both languages; ``show(x, language)`` writes the bounds.

    >>> number_rule(0, 0.8)["id"]
    'harus berupa angka dari 0 sampai 0,8'
    """
    show = show or show_number
    noun_id, noun_en = ("bilangan bulat", "a whole number") if integer else ("angka", "a number")
    if minimum is not None and maximum is not None:
        low_id = "lebih dari" if strict else "dari"
        low_en = "greater than" if strict else "from"
        return {
            "id": f"harus berupa {noun_id} {low_id} {show(minimum, 'id')} sampai {show(maximum, 'id')}",
            "en": f"it must be {noun_en} {low_en} {show(minimum, 'en')} up to {show(maximum, 'en')}",
        }
    if minimum is not None:
        return {
            "id": f"harus berupa {noun_id} "
            + ("lebih dari " if strict else "minimal ")
            + show(minimum, "id"),
            "en": f"it must be {noun_en} "
            + ("greater than " if strict else "of at least ")
            + show(minimum, "en"),
        }
    if maximum is not None:
        return {
            "id": f"harus berupa {noun_id} paling banyak {show(maximum, 'id')}",
            "en": f"it must be {noun_en} of at most {show(maximum, 'en')}",
        }
    return {"id": f"harus berupa {noun_id}", "en": f"it must be {noun_en}"}


def check_fraction(argument: str, value: Any, *, allow_one: bool = False) -> float:
    """A share written as a fraction: 0 ≤ value < 1 (or ≤ 1 when ``allow_one``).

    The message says it in percent too, and how 20 % is written in a code cell (``20/100``),
    the commonest slip being 20 typed for 20 %.

    >>> check_fraction("margin", 0.2)
    0.2
    >>> try:
    ...     check_fraction("reject_rate", 20)
    ... except InputError as error:
    ...     print(error)
    reject_rate = 20 tidak diperbolehkan: harus berupa pecahan dari 0 sampai kurang dari 1, yaitu 0% sampai kurang dari 100% (20% ditulis 20/100).
    """
    if _is_number(value) and 0 <= value and (value <= 1 if allow_one else value < 1):
        return value
    top = "1, yaitu 0% sampai 100%" if allow_one else "kurang dari 1, yaitu 0% sampai kurang dari 100%"
    top_en = "1, that is 0% to 100%" if allow_one else "less than 1, that is 0% to less than 100%"
    raise InputError(
        argument,
        value,
        {
            "id": f"harus berupa pecahan dari 0 sampai {top} (20% ditulis 20/100)",
            "en": f"it must be a fraction from 0 to {top_en} (write 20% as 20/100)",
        },
    )


def check_choice(argument: str, value: Any, choices: Iterable[str]) -> str:
    """``value`` must be one of ``choices`` (compared as given); the message lists them.

    >>> check_choice("currency", "USD", ["IDR", "USD", "CNY"])
    'USD'
    """
    choices = list(choices)
    if isinstance(value, str) and value in choices:
        return value
    listed = ", ".join(choices)
    raise InputError(
        argument,
        value,
        {"id": f"pilih salah satu dari: {listed}", "en": f"choose one of: {listed}"},
    )
