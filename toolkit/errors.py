"""Errors that teach: one base class, and an input error that is also a ``ValueError``.

Every message is written in both languages when the error is raised; ``str(error)`` gives the
one active at that moment (see :func:`toolkit.i18n.set_language`), ``error.messages`` both.

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
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

from toolkit.i18n import Text, get_language

__all__ = [
    "ToolkitError",
    "InputError",
    "check_number",
    "check_fraction",
    "check_choice",
]


class ToolkitError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class InputError(ToolkitError, ValueError):
    """A bad argument: names the argument, the value given and what is allowed.

    Parameters
    ----------
    argument
        The argument's name as the caller wrote it.
    value
        The value that was given.
    allowed
        What is allowed, in both languages: ``{"id": ..., "en": ...}``.
    """

    def __init__(self, argument: str, value: Any, allowed: Text):
        self.argument = argument
        self.value = value
        self.allowed = dict(allowed)
        shown = _show(value)
        self.messages = {
            "id": f"{argument} = {shown} tidak diperbolehkan: {self.allowed['id']}.",
            "en": f"{argument} = {shown} is not allowed: {self.allowed['en']}.",
        }
        super().__init__(self.messages[get_language()])

    def __str__(self) -> str:
        return self.messages[get_language()]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
        raise InputError(argument, value, _number_rule(minimum, maximum, strict, integer))
    return value


def _number_rule(minimum, maximum, strict, integer) -> Text:
    noun_id, noun_en = ("bilangan bulat", "a whole number") if integer else ("angka", "a number")
    if minimum is not None and maximum is not None:
        low_id = "lebih dari" if strict else "dari"
        low_en = "greater than" if strict else "from"
        return {
            "id": f"harus berupa {noun_id} {low_id} {_n(minimum)} sampai {_n(maximum)}",
            "en": f"it must be {noun_en} {low_en} {_n(minimum)} up to {_n(maximum)}",
        }
    if minimum is not None:
        return {
            "id": f"harus berupa {noun_id} "
            + ("lebih dari " if strict else "minimal ")
            + _n(minimum),
            "en": f"it must be {noun_en} "
            + ("greater than " if strict else "of at least ")
            + _n(minimum),
        }
    if maximum is not None:
        return {
            "id": f"harus berupa {noun_id} paling banyak {_n(maximum)}",
            "en": f"it must be {noun_en} of at most {_n(maximum)}",
        }
    return {"id": f"harus berupa {noun_id}", "en": f"it must be {noun_en}"}


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def check_fraction(argument: str, value: Any, *, allow_one: bool = False) -> float:
    """A share written as a fraction: 0 ≤ value < 1 (or ≤ 1 when ``allow_one``).

    The message reminds the reader that 20 % is written 0.2, the commonest slip.

    >>> check_fraction("margin", 0.2)
    0.2
    """
    if _is_number(value) and 0 <= value and (value <= 1 if allow_one else value < 1):
        return value
    top = "1" if allow_one else "kurang dari 1"
    top_en = "1" if allow_one else "less than 1"
    raise InputError(
        argument,
        value,
        {
            "id": f"harus berupa pecahan dari 0 sampai {top} (tulis 20 % sebagai 0.2)",
            "en": f"it must be a fraction from 0 to {top_en} (write 20 % as 0.2)",
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
