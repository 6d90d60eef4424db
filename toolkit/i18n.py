"""The active language, and numbers, money and dates written the way its readers write them.

Indonesian (``"id"``) is the default; English (``"en"``) is the second language. Formatting goes
through babel's CLDR data, so ``Rp1.234.567`` and ``20 Mar 2026`` in Indonesian, ``IDR 1,234,567``
and ``Mar 20, 2026`` in English. Other currencies carry their ISO code, as exporters write them on
a quotation: ``USD 1.234,50`` in Indonesian, ``USD 1,234.50`` in English (not ``US$``, ``CN¥``).

What a participant *types* is read here too, in one place: :func:`parse_number` and
:func:`parse_date` (every widget box and self-check goes through them; nothing is parsed by the
browser). See their docstrings for the rules; what cannot be read for sure is refused with a
sentence (:class:`toolkit.errors.ReadError`), never guessed.

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
>>> format_money(93432.4, "CNY")
'CNY\\xa093.432,40'
>>> set_language("en")
>>> format_money(1234567, "IDR"), format_money(1234.5, "USD")
('IDR\\xa01,234,567', 'USD\\xa01,234.50')
>>> set_language("id")
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from babel.dates import format_date as _babel_date
from babel.dates import get_month_names
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
    "parse_number",
    "parse_date",
    "describe_number",
    "describe_date",
    "format_date_in",
    "UNIT_NAMES",
    "unit_name",
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


# Units of sale as stored in the toolkit's tables (``unit`` in toolkit/data/products.csv), as each
# language names them to a participant: (full name, short form for a document's quantity column).
# The stored keys stay English; only what is shown changes. Indonesian names are the KBBI words
# (buah, kilogram, meter, kaki persegi, lembar); the short forms are SI symbols (kg, m) and the
# trade's usual abbreviations in English (pcs, sq ft). Compiled 2026-12 for issue 12.
UNIT_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "piece": {"id": ("buah", "buah"), "en": ("piece", "pcs")},
    "kg": {"id": ("kilogram", "kg"), "en": ("kilogram", "kg")},
    "metre": {"id": ("meter", "m"), "en": ("metre", "m")},
    "square foot": {"id": ("kaki persegi", "kaki persegi"), "en": ("square foot", "sq ft")},
    "sheet": {"id": ("lembar", "lembar"), "en": ("sheet", "sheet")},
}


def unit_name(unit: str, *, short: bool = False, language: str | None = None) -> str:
    """A stored unit of sale (``"piece"``, ``"square foot"``) as the active language names it.

    ``short`` gives the form written in a document's quantity column. A unit the table does not
    know (a participant's own ``"tas"`` or ``"pak"``) is returned as it is.

    >>> unit_name("square foot"), unit_name("piece", short=True)
    ('kaki persegi', 'buah')
    >>> unit_name("piece", short=True, language="en"), unit_name("tas")
    ('pcs', 'tas')
    """
    names = UNIT_NAMES.get(str(unit).strip().lower())
    if names is None:
        return unit
    return names[language or _active][1 if short else 0]


def _locale() -> str:
    return _LOCALES[_active]


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the active language's separators and exactly ``decimals`` decimals."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(), decimal_quantization=True)


def format_money(value: float, currency: str = "IDR") -> str:
    """An amount of money: Rupiah in whole Rupiah, other currencies with their ISO code and cents.

    In Indonesian the Rupiah symbol is written against the number (``Rp1.234.567``, PUEBI);
    other currencies read ``USD 1.234,50``, ``CNY 93.432,40`` (the code, as on a quotation).
    """
    if currency in _WHOLE_CURRENCIES:
        if _active == "id":
            return format_currency(
                value, currency, format="¤#,##0", locale=_locale(), currency_digits=False
            )
        return format_currency(
            value, currency, format="¤\xa0#,##0", locale=_locale(), currency_digits=False
        ).replace("Rp", "IDR")
    return format_currency(value, currency, format="¤¤\xa0#,##0.00", locale=_locale())


def format_percent(value: float, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.125 → ``12,5%`` (id) or ``12.5%`` (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return _babel_percent(value, format=pattern, locale=_locale(), decimal_quantization=True)


def format_date(date: dt.date, style: str = "medium") -> str:
    """A date in the active language: ``20 Mar 2026`` (id), ``Mar 20, 2026`` (en).

    ``"full"`` writes the day without a leading zero in Indonesian too: ``Selasa, 9 Maret 2027``
    (CLDR's pattern has ``dd``).
    """
    if style == "full" and _active == "id":
        style = "EEEE, d MMMM y"
    return _babel_date(date, format=style, locale=_locale())


# -- reading what a participant types ---------------------------------------------------------

_CURRENCY_WORDS = {
    "rp.": "IDR", "rp": "IDR", "idr": "IDR", "rupiah": "IDR",
    "us$": "USD", "usd": "USD", "$": "USD", "dollar": "USD", "dolar": "USD",
    "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "¥": "CNY",
    "myr": "MYR", "rm": "MYR", "ringgit": "MYR",
    "eur": "EUR", "€": "EUR", "euro": "EUR",
    "jpy": "JPY", "yen": "JPY",
    "sar": "SAR", "riyal": "SAR",
}
_CURRENCY_SHOWN = {"rp.": "Rp", "rp": "Rp", "us$": "US$", "$": "$", "¥": "¥", "€": "€", "rm": "RM"}
_CURRENCY_NAMES = {
    "IDR": {"id": "Rupiah", "en": "Rupiah"},
    "USD": {"id": "dolar AS", "en": "US dollars"},
    "CNY": {"id": "yuan", "en": "yuan"},
    "MYR": {"id": "ringgit", "en": "ringgit"},
    "EUR": {"id": "euro", "en": "euros"},
    "JPY": {"id": "yen", "en": "yen"},
    "SAR": {"id": "riyal", "en": "riyals"},
}
_CURRENCY_TOKEN = "|".join(
    re.escape(word) for word in sorted(_CURRENCY_WORDS, key=len, reverse=True)
)
_PREFIX = re.compile(rf"^({_CURRENCY_TOKEN})\s*", re.IGNORECASE)
_SUFFIX = re.compile(rf"\s*({_CURRENCY_TOKEN})$", re.IGNORECASE)
_MULTIPLIERS = {
    "jt": 1e6, "juta": 1e6, "rb": 1e3, "ribu": 1e3, "miliar": 1e9, "milyar": 1e9,
    "k": 1e3, "thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
}
_MULTIPLIER = re.compile(
    r"\s*(" + "|".join(sorted(_MULTIPLIERS, key=len, reverse=True)) + r")\.?$", re.IGNORECASE
)
_BODY = re.compile(r"\d+(?:[.,]\d+)*")
_SPACED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")

_EXAMPLE = {"id": "24.000.000, 24 jt atau 12,5", "en": "24,000,000, 24 million or 12.5"}
_WORDS: Text = {
    "id": "belum berupa angka. Tulis dengan angka, misalnya 5.000 atau 5 jt "
    '(bukan kata seperti "lima ribu").',
    "en": "is not a number yet. Write it in digits, for example 5,000 or 5 million "
    '(not words like "five thousand").',
}
_GROUPS: Text = {
    "id": "tidak terbaca. Tulis ribuan dengan titik per tiga angka (20.000) dan desimal dengan "
    "koma (0,5), atau tanpa pemisah sama sekali (20000).",
    "en": "cannot be read. Group thousands in threes (20,000) and write decimals with one mark "
    "(0.5), or write no separators at all (20000).",
}


def _read_error(text: str, reason: Text):
    from toolkit.errors import ReadError

    return ReadError(text, reason)


def _grouped(digits: str, separator: str) -> bool:
    """Is ``digits`` written in thousands groups, ``1.234.567``-style, with ``separator``?"""
    pattern = r"[1-9]\d{0,2}(?:" + re.escape(separator) + r"\d{3})+"
    return re.fullmatch(pattern, digits) is not None


def _read_body(original: str, body: str, language: str, whole_only: bool = False) -> float:
    """The digits and marks of a number, read by the language's rule (see :func:`parse_number`).

    ``whole_only``: a money or whole-number box, where the language's thousands mark once followed
    by one or two digits (``1.50`` in Indonesian) is refused, not read as a decimal; followed by
    four digits or more (``24.000000``, a missed thousands dot) it is refused in every box.
    """
    if body[:1] in {".", ","}:
        body = "0" + body
    if _SPACED.fullmatch(body):
        return _read_body(original, body.replace(" ", ""), language, whole_only)
    if _BODY.fullmatch(body) is None:
        joined = re.sub(r"\s+", "", body)
        if joined != body and _BODY.fullmatch(joined):
            raise _read_error(
                original,
                {
                    "id": f"berisi spasi di tengah angka. Tulis angkanya tanpa spasi: misalnya {joined}.",
                    "en": f"has spaces inside the number. Type the number without spaces: for example {joined}.",
                },
            )
        if re.search(r"\d", body) and not re.search(r"[^\W\d_]", body):
            raise _read_error(original, _GROUPS)
        raise _read_error(original, _WORDS)
    has_dot, has_comma = "." in body, "," in body
    if has_dot and has_comma:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        whole, _, fraction = body.rpartition(decimal)
        thousands = "," if decimal == "." else "."
        if decimal in whole or (not _grouped(whole, thousands) and not whole.isdigit()):
            raise _read_error(original, _GROUPS)
        return float(whole.replace(thousands, "") + "." + fraction)
    if not (has_dot or has_comma):
        return float(body)
    mark = "." if has_dot else ","
    parts = body.split(mark)
    if len(parts) > 2:
        if not _grouped(body, mark):
            raise _read_error(original, _GROUPS)
        return float(body.replace(mark, ""))
    whole, fraction = parts
    thousands_mark = "." if language == "id" else ","
    if len(fraction) == 3 and mark == thousands_mark and _grouped(body, mark):
        return float(whole + fraction)
    if mark == thousands_mark and (len(fraction) > 3 or (whole_only and len(fraction) != 3)):
        raise _read_error(original, _missed_group(whole, fraction, language))
    return float(whole + "." + fraction)


def _missed_group(whole: str, fraction: str, language: str) -> Text:
    """Why ``24.000000`` or, in a money box, ``1.50`` is refused (the language's thousands mark
    followed by other than three digits), and how to write what was probably meant."""
    from babel.numbers import format_decimal

    mark = {"id": ".", "en": ","}[language if language in LANGUAGES else "en"]
    point = {"id": ",", "en": "."}[language if language in LANGUAGES else "en"]
    locale = "id_ID" if mark == "." else "en_US"
    decimal = f"{whole}{point}{fraction}"
    if len(fraction) > 3:
        digits = (whole + fraction).lstrip("0") or "0"
        thousands = f"{format_decimal(int(digits), locale=locale)} atau {digits}"
        thousands_en = f"{format_decimal(int(digits), locale=locale)} or {digits}"
    else:
        padded = whole + fraction.ljust(3, "0")
        thousands = thousands_en = format_decimal(int(padded), locale=locale)
    name = {"id": {".": "titik", ",": "koma"}, "en": {".": "point", ",": "comma"}}
    return {
        "id": f"tidak terbaca: {name['id'][mark]} memisahkan ribuan, selalu per tiga angka. "
        f"Untuk ribuan tulis {thousands}; kalau maksudnya desimal, pakai {name['id'][point]}: {decimal}.",
        "en": f"cannot be read: here a {name['en'][mark]} groups thousands, always in threes. "
        f"For thousands write {thousands_en}; for a decimal use a {name['en'][point]}: {decimal}.",
    }


def parse_number(
    text: str,
    *,
    percent: bool = False,
    currency: str | None = None,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    strict: bool = False,
    language: str | None = None,
) -> float:
    """Read a number typed the way Indonesians (or English readers) write it, or refuse it.

    The rules, in order:

    - spaces around are ignored; a leading ``-`` (or ``−``) makes it negative;
    - a currency sign before or after (``Rp``, ``Rp.``, ``IDR``, ``US$``, ``USD``...) is allowed
      when it is the box's ``currency``, and refused (with how to write it) otherwise; a price's
      trailing ``,-`` is dropped (``Rp24.000.000,-``);
    - ``jt``/``juta`` (million), ``rb``/``ribu`` (thousand), ``miliar`` (and in English ``k``,
      ``million``) multiply: ``24 jt`` → 24 000 000, ``1,5 juta`` → 1 500 000;
    - ``%``: in a ``percent`` box the number is a percentage, with or without the sign, and the
      fraction is returned (``20%`` and ``20`` → 0.2); elsewhere a ``%`` is refused;
    - the digits: both ``.`` and ``,`` → the last is the decimal mark, the other groups thousands
      in threes (``24.000.000,50``); one mark used more than once groups thousands
      (``24.000.000``); one mark once, followed by exactly three digits, is **decided by the
      active language** (Indonesian: ``1.500`` is fifteen hundred and ``1,500`` one and a half;
      English the reverse); one mark once followed by any other number of digits is a decimal
      mark (``12,5`` and ``12.5`` are both twelve and a half: the widgets show back what they
      read, ``= 12,5``), except the language's thousands mark (Indonesian: the dot) followed by
      four digits or more (``24.000000``, a missed dot, not 24) or, in a money or whole-number box,
      by one or two (``1.50`` in a Rupiah box): refused, saying how to write thousands and
      decimals;
    - anything else (words, ``1e3``, badly grouped digits, spaces inside the number, an empty box)
      is refused with a sentence; so is a number outside ``minimum``..``maximum`` (``minimum``
      exclusive when ``strict``) or not whole when ``integer``.

    Refusals raise :class:`toolkit.errors.ReadError` (a ``ValueError``) in both languages.

    >>> parse_number("24.000.000"), parse_number("Rp24.000.000,-", currency="IDR")
    (24000000.0, 24000000.0)
    >>> parse_number("1,5 juta"), parse_number("12,5"), parse_number("20%", percent=True)
    (1500000.0, 12.5, 0.2)
    >>> parse_number("1.500", language="en")
    1.5
    >>> parse_number("abc")
    Traceback (most recent call last):
    ...
    toolkit.errors.ReadError: "abc" belum berupa angka. Tulis dengan angka, misalnya 5.000 atau 5 jt (bukan kata seperti "lima ribu").
    """
    language = language or _active
    original = "" if text is None else str(text)
    s = original.strip().replace("\u2212", "-").replace("\xa0", " ").replace("\u202f", " ")
    if not s:
        raise _read_error(
            original,
            {
                "id": f"kotak ini masih kosong: ketik angkanya, misalnya {_EXAMPLE['id']}.",
                "en": f"this box is empty: type the number, for example {_EXAMPLE['en']}.",
            },
        )
    sign = 1.0
    if s.startswith("-"):
        sign, s = -1.0, s[1:].strip()
    signs = []
    for pattern in (_PREFIX, _SUFFIX):
        found = pattern.search(s)
        if found and (pattern is _PREFIX or re.search(r"\d", s[: found.start()])):
            signs.append(found.group(1))
            s = (s[found.end():] if pattern is _PREFIX else s[: found.start()]).strip()
    if s.startswith("-") and sign > 0:
        sign, s = -1.0, s[1:].strip()
    if s.endswith((",-", ".-")):
        s = s[:-2].strip()
    for word in signs:
        code = _CURRENCY_WORDS[word.lower()]
        shown = _CURRENCY_SHOWN.get(word.lower(), word.upper())
        number = s or "24.000.000"
        if currency is None:
            raise _read_error(
                original,
                {
                    "id": f'memakai tanda "{shown}": di sini tulis angkanya saja, tanpa "{shown}": '
                    f"misalnya {number}.",
                    "en": f'has a "{shown}" sign: here type the number only, without "{shown}": '
                    f"for example {number}.",
                },
            )
        if code != currency and not (word == "¥" and currency == "JPY"):
            name = _CURRENCY_NAMES.get(currency, {"id": currency, "en": currency})
            raise _read_error(
                original,
                {
                    "id": f"kotak ini dalam {name['id']} ({currency}): tulis jumlahnya dalam "
                    f'{name["id"]}, tanpa "{shown}".',
                    "en": f"this box is in {name['en']} ({currency}): write the amount in "
                    f'{name["en"]}, without "{shown}".',
                },
            )
    has_percent = s.endswith("%")
    if has_percent:
        s = s[:-1].strip()
        if not percent:
            raise _read_error(
                original,
                {
                    "id": f"memakai tanda %: di sini tulis angkanya saja, tanpa tanda %: misalnya {s or '20'}. "
                    "Perhatikan satuan yang diminta: persen, atau pecahan (20% = 0,2).",
                    "en": f"has a % sign: here type the number only, without the % sign: for example {s or '20'}. "
                    "Mind the unit asked for: percent, or a fraction (20% = 0.2).",
                },
            )
    factor = 1.0
    found = _MULTIPLIER.search(s)
    if found and re.search(r"\d", s[: found.start()]) and not percent:
        factor = _MULTIPLIERS[found.group(1).lower()]
        s = s[: found.start()].strip()
    value = sign * _read_body(original, s, language, whole_only=currency is not None or integer) * factor
    if percent:
        value = value / 100
    _check_range(original, value, percent, currency, integer, minimum, maximum, strict, language)
    return value


def _check_range(original, value, percent, currency, integer, minimum, maximum, strict, language):
    from toolkit.errors import number_rule

    def show(x, lang):
        return describe_number(x, percent=percent, currency=currency, language=lang)

    wrong = (integer and not float(value).is_integer()) or (
        minimum is not None and (value <= minimum if strict else value < minimum)
    ) or (maximum is not None and value > maximum)
    if not wrong:
        return
    if minimum == 0 and value < 0 and (maximum is None or value <= maximum) and not integer:
        rule = {"id": "tidak boleh negatif", "en": "it cannot be negative"}
    else:
        rule = number_rule(minimum, maximum, strict, integer, show=show)
    rule = {lang: text.removeprefix("it ") for lang, text in rule.items()}
    raise _read_error(
        original,
        {lang: f"dibaca {show(value, lang)}, tetapi {rule[lang]}." if lang == "id"
         else f"reads as {show(value, lang)}, but {rule[lang]}." for lang in LANGUAGES},
    )


def describe_number(
    value: float,
    *,
    percent: bool = False,
    currency: str | None = None,
    language: str | None = None,
) -> str:
    """What was understood, written back the participant's way: money, a percentage or a number.

    >>> describe_number(24_000_000, currency="IDR"), describe_number(0.125, percent=True)
    ('Rp24.000.000', '12,5%')
    >>> describe_number(12.5, currency="IDR")
    'Rp12,50'
    >>> describe_number(1.5, language="en")
    '1.5'
    """
    language = language or _active
    previous = _active
    set_language(language)
    try:
        if currency is not None:
            if currency in _WHOLE_CURRENCIES and not float(value).is_integer():
                # A fraction of a Rupiah is shown, not rounded away: 12,5 reads Rp12,50.
                pattern = "¤#,##0.00" if _active == "id" else "¤\xa0#,##0.00"
                text = format_currency(value, currency, format=pattern, locale=_locale(),
                                       currency_digits=False)
                return text.replace("Rp", "IDR") if _active == "en" else text
            return format_money(value, currency)
        if percent:
            scaled = round(value * 100, 6)
            decimals = 0 if float(scaled).is_integer() else min(
                len(f"{scaled:.6f}".rstrip("0").split(".")[1]), 4
            )
            return format_percent(value, decimals=decimals)
        from toolkit.errors import show_number

        return show_number(value, language)
    finally:
        set_language(previous)


def _month_numbers() -> dict[str, int]:
    months: dict[str, int] = {}
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                months[name.lower().rstrip(".")] = number
    months |= {"agt": 8, "agus": 8, "sept": 9, "nop": 11, "nopember": 11, "peb": 2, "pebruari": 2}
    return months


_MONTHS = _month_numbers()
_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{2,4})")
_YMD = re.compile(r"(\d{4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})")
_D_MONTH_Y = re.compile(r"(\d{1,2})\.?\s*([^\W\d_]+)\.?,?\s*(\d{2,4})")
_MONTH_D_Y = re.compile(r"([^\W\d_]+)\.?\s*(\d{1,2}),?\s+(\d{2,4})")
_DATE_EXAMPLE = {"id": "26/02/2027 atau 26 Februari 2027", "en": "26/02/2027 or 26 February 2027"}


def _date_or_refuse(original: str, year: int, month: int, day: int) -> dt.date:
    if year < 1000:
        raise _read_error(
            original,
            {
                "id": f"memakai tahun 2 angka: tulis tahunnya dengan 4 angka, misalnya {day:02d}/{month:02d}/20{year % 100:02d}.",
                "en": f"has a 2-digit year: write the year with 4 digits, for example {day:02d}/{month:02d}/20{year % 100:02d}.",
            },
        )
    if not 1 <= month <= 12:
        raise _read_error(
            original,
            {
                "id": f"bulan {month} tidak ada. Tulis tanggal sebagai hari/bulan/tahun, misalnya "
                f"{_DATE_EXAMPLE['id']}.",
                "en": f"there is no month {month}. Write the date as day/month/year, for example "
                f"{_DATE_EXAMPLE['en']}.",
            },
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        names = {lang: get_month_names("wide", locale=lang)[month] for lang in LANGUAGES}
        raise _read_error(
            original,
            {
                "id": f"tanggal ini tidak ada: {names['id']} {year} hanya sampai tanggal {last}.",
                "en": f"there is no such date: {names['en']} {year} has only {last} days.",
            },
        ) from None


def parse_date(
    text: str,
    *,
    minimum: dt.date | None = None,
    maximum: dt.date | None = None,
    language: str | None = None,
) -> dt.date:
    """Read a date typed as day-month-year (or ISO), or refuse it; never guess another date.

    Read: ``26/02/2027``, ``26-02-2027``, ``26.02.2027`` (always day first, in both languages),
    ``2027-02-26`` (ISO), ``26 Feb 2027``, ``26 Februari 2027``, ``26 February 2027``,
    ``February 26, 2027``, and ``hari ini``/``today``. Refused with a sentence: digits without
    separators (``15032027``), a two-digit year, a month above 12 (``02/26/2027``, the US order),
    a day the month does not have, and a date before ``minimum`` or after ``maximum``.

    >>> parse_date("26 Februari 2027"), parse_date("26/02/2027") == parse_date("2027-02-26")
    (datetime.date(2027, 2, 26), True)
    >>> parse_date("15032027")
    Traceback (most recent call last):
    ...
    toolkit.errors.ReadError: "15032027" belum terbaca sebagai tanggal: tulis dengan pemisah, hari/bulan/tahun. Kalau maksudnya 15 Maret 2027, tulis 15/03/2027.
    """
    language = language or _active
    original = "" if text is None else str(text)
    s = " ".join(original.strip().split())
    if not s:
        raise _read_error(
            original,
            {
                "id": f"kotak ini masih kosong: ketik tanggalnya, misalnya {_DATE_EXAMPLE['id']}.",
                "en": f"this box is empty: type the date, for example {_DATE_EXAMPLE['en']}.",
            },
        )
    lowered = s.lower()
    date = None
    if lowered in ("hari ini", "today", "sekarang"):
        date = dt.date.today()
    elif found := _YMD.fullmatch(s):
        date = _date_or_refuse(original, int(found[1]), int(found[3]), int(found[4]))
    elif found := _DMY.fullmatch(s):
        date = _date_or_refuse(original, int(found[4]), int(found[3]), int(found[1]))
    elif (found := _D_MONTH_Y.fullmatch(s)) and found[2].lower() in _MONTHS:
        date = _date_or_refuse(original, int(found[3]), _MONTHS[found[2].lower()], int(found[1]))
    elif (found := _MONTH_D_Y.fullmatch(s)) and found[1].lower() in _MONTHS:
        date = _date_or_refuse(original, int(found[3]), _MONTHS[found[1].lower()], int(found[2]))
    elif re.fullmatch(r"\d{6}|\d{8}", s):
        guess = ""
        if len(s) == 8 and 1 <= int(s[2:4]) <= 12:
            try:
                day = dt.date(int(s[4:]), int(s[2:4]), int(s[:2]))
                guess = (
                    f" Kalau maksudnya {format_date_in(day, 'id')}, tulis {day:%d/%m/%Y}.",
                    f" If you mean {format_date_in(day, 'en')}, write {day:%d/%m/%Y}.",
                )
            except ValueError:
                guess = ""
        raise _read_error(
            original,
            {
                "id": "belum terbaca sebagai tanggal: tulis dengan pemisah, hari/bulan/tahun."
                + (guess[0] if guess else f" Misalnya {_DATE_EXAMPLE['id']}."),
                "en": "cannot be read as a date: write it with separators, day/month/year."
                + (guess[1] if guess else f" For example {_DATE_EXAMPLE['en']}."),
            },
        )
    else:
        raise _read_error(
            original,
            {
                "id": f"belum terbaca sebagai tanggal. Tulis hari/bulan/tahun, misalnya {_DATE_EXAMPLE['id']}.",
                "en": f"cannot be read as a date. Write day/month/year, for example {_DATE_EXAMPLE['en']}.",
            },
        )
    today = dt.date.today()
    if minimum is not None and date < minimum:
        when = {lang: format_date_in(minimum, lang) for lang in LANGUAGES}
        passed = minimum == today
        raise _read_error(
            original,
            {
                "id": f"dibaca {format_date_in(date, 'id')}, tetapi "
                + (f"tanggal itu sudah lewat: paling awal hari ini, {when['id']}." if passed
                   else f"paling awal {when['id']}."),
                "en": f"reads as {format_date_in(date, 'en')}, but "
                + (f"that date has passed: today, {when['en']}, is the earliest." if passed
                   else f"the earliest is {when['en']}."),
            },
        )
    if maximum is not None and date > maximum:
        raise _read_error(
            original,
            {
                "id": f"dibaca {format_date_in(date, 'id')}, tetapi paling lambat "
                f"{format_date_in(maximum, 'id')}.",
                "en": f"reads as {format_date_in(date, 'en')}, but the latest is "
                f"{format_date_in(maximum, 'en')}.",
            },
        )
    return date


def format_date_in(date: dt.date, language: str) -> str:
    """A date with its month's name in ``language``: ``26 Februari 2027`` / ``26 February 2027``.

    >>> import datetime
    >>> format_date_in(datetime.date(2027, 2, 26), "id")
    '26 Februari 2027'
    """
    return _babel_date(date, format="d MMMM y", locale=_LOCALES[language])


def describe_date(date: dt.date, language: str | None = None) -> str:
    """A date shown back to a participant: weekday, day, month name, year.

    >>> import datetime
    >>> describe_date(datetime.date(2027, 2, 26), "id")
    'Jumat, 26 Februari 2027'
    >>> describe_date(datetime.date(2026, 12, 2), "id")  # CLDR's full date would write 02
    'Rabu, 2 Desember 2026'
    """
    language = language or _active
    return _babel_date(date, format="EEEE, d MMMM y" if language == "id" else "full",
                       locale=_LOCALES[language])
