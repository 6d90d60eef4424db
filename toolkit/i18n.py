"""The active language, and numbers, money and dates written the way its readers write them.

Indonesian (``"id"``) is the default; English (``"en"``) is the second language. Formatting goes
through babel's CLDR data, so ``Rp1.234.567`` and ``20 Mar 2026`` in Indonesian, ``IDR 1,234,567``
and ``Mar 20, 2026`` in English.

Examples
--------
>>> from toolkit.i18n import set_language, tr, format_money, format_number, format_date
>>> set_language("id")
>>> format_money(1234567, "IDR")
'Rp1.234.567'
>>> format_number(0.5, decimals=2)
'0,50'
>>> tr({"id": "Harga", "en": "Price"})
'Harga'
>>> set_language("en")
>>> format_money(1234567, "IDR"), format_money(1234.5, "USD")
('IDR\\xa01,234,567', '$1,234.50')
>>> set_language("id")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as _babel_percent

__all__ = [
    "LANGUAGES",
    "Text",
    "set_language",
    "get_language",
    "tr",
    "format_number",
    "format_money",
    "format_percent",
    "format_date",
]

Text = Mapping[str, str]
"""A participant-facing string in both languages: ``{"id": ..., "en": ...}``."""

LANGUAGES = ("id", "en")
_LOCALES = {"id": "id_ID", "en": "en_US"}
_active = "id"

# Whole units of money are shown without decimals for these currencies.
_WHOLE_CURRENCIES = {"IDR"}


def set_language(language: str) -> None:
    """Switch every participant-facing string: ``"id"`` (Bahasa Indonesia) or ``"en"``."""
    global _active
    if language not in LANGUAGES:
        # Imported here: errors.py depends on this module.
        from toolkit.errors import check_choice

        check_choice("language", language, LANGUAGES)
    _active = language


def get_language() -> str:
    """The active language code, ``"id"`` or ``"en"``."""
    return _active


def tr(text: Text) -> str:
    """The active language's version of a bilingual string."""
    return text[_active]


def _locale() -> str:
    return _LOCALES[_active]


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the active language's separators and exactly ``decimals`` decimals."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(), decimal_quantization=True)


def format_money(value: float, currency: str = "IDR") -> str:
    """An amount of money: Rupiah in whole Rupiah, other currencies with cents.

    In Indonesian the symbol is written against the number (``Rp1.234.567``, ``US$1.234,50``).
    """
    if currency in _WHOLE_CURRENCIES:
        if _active == "id":
            return format_currency(
                value, currency, format="¤#,##0", locale=_locale(), currency_digits=False
            )
        return format_currency(
            value, currency, format="¤\xa0#,##0", locale=_locale(), currency_digits=False
        ).replace("Rp", "IDR")
    return format_currency(value, currency, locale=_locale())


def format_percent(value: float, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.125 → ``12,5%`` (id) or ``12.5%`` (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return _babel_percent(value, format=pattern, locale=_locale(), decimal_quantization=True)


def format_date(date: dt.date, style: str = "medium") -> str:
    """A date in the active language: ``20 Mar 2026`` (id), ``Mar 20, 2026`` (en)."""
    return _babel_date(date, format=style, locale=_locale())
