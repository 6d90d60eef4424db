"""What a participant types, read in one place: numbers and dates, Indonesian first, refused when unsure.

The rule for the one ambiguous shape, one mark followed by exactly three digits, is the active
language's: in Indonesian ``1.500`` is fifteen hundred, in English one and a half. A mark followed
by any other number of digits is a decimal mark (``12.5`` and ``12,5`` are twelve and a half), and
the widgets show the reading back beside the box; but the language's thousands mark followed by
four digits or more (``24.000000``: a missed dot) is refused, and in a money or whole-number box so
is that mark followed by one or two digits (``1.50`` in a Rupiah box).
"""

import datetime as dt

import pytest

import toolkit
from toolkit.errors import ReadError
from toolkit.i18n import describe_date, describe_number, parse_date, parse_number

M = 1_000_000

#: (typed, keyword options, Indonesian reading, English reading); None = refused.
NUMBERS = [
    ("24.000.000", {}, 24 * M, 24 * M),
    ("Rp 24.000.000", {"currency": "IDR"}, 24 * M, 24 * M),
    ("Rp 24.000.000", {}, None, None),  # a box that is not money refuses the sign
    ("Rp24.000.000,-", {"currency": "IDR"}, 24 * M, 24 * M),
    ("IDR 24,000,000", {"currency": "IDR"}, 24 * M, 24 * M),
    ("USD 1.200", {"currency": "IDR"}, None, None),  # another currency than the box's
    ("24 jt", {}, 24 * M, 24 * M),
    ("24 juta", {"currency": "IDR"}, 24 * M, 24 * M),
    ("1,5 juta", {}, 1.5 * M, 1.5 * M),
    ("250 rb", {}, 250_000, 250_000),
    ("250 ribu", {}, 250_000, 250_000),
    ("12,5", {}, 12.5, 12.5),
    ("12.5", {}, 12.5, 12.5),
    ("1.500", {}, 1_500, 1.5),
    ("1,500", {}, 1.5, 1_500),
    ("1.234.567,89", {}, 1_234_567.89, 1_234_567.89),
    ("20%", {"percent": True}, 0.2, 0.2),
    ("20", {"percent": True}, 0.2, 0.2),
    ("12,5 %", {"percent": True}, 0.125, 0.125),
    ("20%", {}, None, None),
    ("-5", {}, -5, -5),
    ("-5", {"minimum": 0}, None, None),
    ("0", {}, 0, 0),
    ("0", {"minimum": 0, "strict": True}, None, None),
    ("2,5", {"integer": True}, None, None),
    ("abc", {}, None, None),
    ("lima ribu", {}, None, None),
    ("1e3", {}, None, None),
    ("1.2.3", {}, None, None),
    ("", {}, None, None),
    ("   ", {}, None, None),
    # The language's thousands mark once, followed by other than three digits: a missed dot
    # (24.000000 was read as Rp24), refused in every box when 4 digits or more follow, and in a
    # money or whole-number box when 1 or 2 follow; a plain number keeps 12.5 as twelve and a half.
    ("24.000000", {"currency": "IDR"}, None, 24),
    ("Rp 24.000000", {"currency": "IDR"}, None, 24),
    ("24.000000", {}, None, 24),
    ("1.50", {"currency": "IDR"}, None, 1.5),
    ("12.5", {"currency": "IDR"}, None, 12.5),
    ("4.0000", {"integer": True}, None, 4),
    ("12.5", {"percent": True}, 0.125, 0.125),
    ("12,5", {"currency": "IDR"}, 12.5, None),
    ("1,50", {"currency": "IDR"}, 1.5, None),
    ("24,000000", {"currency": "USD"}, 24, None),
    ("24.000.000", {"currency": "IDR", "integer": True}, 24 * M, 24 * M),
    ("1.500", {"currency": "IDR"}, 1_500, 1.5),
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("typed", "options", "indonesian", "english"), NUMBERS)
def test_numbers_are_read_by_the_active_languages_rule_or_refused(typed, options, indonesian, english, language):
    """Is each typed number read as the active language reads it, or refused with a sentence?"""
    toolkit.set_language(language)
    expected = indonesian if language == "id" else english
    if expected is None:
        with pytest.raises(ReadError) as refused:
            parse_number(typed, **options)
        assert isinstance(refused.value, ValueError)
        assert str(refused.value).endswith(".")
    else:
        assert parse_number(typed, **options) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("typed", "options", "sentence"),
    [
        ("abc", {}, '"abc" belum berupa angka. Tulis dengan angka, misalnya 5.000 atau 5 jt'),
        ("-5", {"currency": "IDR", "minimum": 0}, '"-5" dibaca -Rp5, tetapi tidak boleh negatif.'),
        ("0", {"integer": True, "minimum": 1}, '"0" dibaca 0, tetapi harus berupa bilangan bulat minimal 1.'),
        ("120", {"percent": True, "maximum": 0.95}, '"120" dibaca 120%, tetapi harus berupa angka paling banyak 95%.'),
        ("Rp 5.000", {}, 'memakai tanda "Rp": di sini tulis angkanya saja'),
        ("USD 100", {"currency": "IDR"}, "kotak ini dalam Rupiah (IDR)"),
        ("", {}, "Kotak ini masih kosong: ketik angkanya, misalnya 24.000.000"),
        ("20 00 0", {}, "Tulis angkanya tanpa spasi"),
        ("24.000000", {"currency": "IDR"}, '"24.000000" tidak terbaca: titik memisahkan ribuan, selalu per '
         "tiga angka. Untuk ribuan tulis 24.000.000 atau 24000000; kalau maksudnya desimal, pakai koma"),
        ("1.50", {"currency": "IDR"}, "Untuk ribuan tulis 1.500; kalau maksudnya desimal, pakai koma: 1,50."),
    ],
)
def test_refusals_say_what_was_read_and_what_is_allowed(typed, options, sentence):
    """Does a refusal quote what was typed and say, in Indonesian numbers, what it was read as and why?"""
    with pytest.raises(ReadError) as refused:
        parse_number(typed, **options)
    assert sentence in str(refused.value)


def test_refusals_in_english():
    """Are the same refusals English after set_language("en"), with English numbers?"""
    with pytest.raises(ReadError) as refused:
        parse_number("-5", currency="IDR", minimum=0)
    toolkit.set_language("en")
    assert str(refused.value) == '"-5" reads as -IDR\xa05, but cannot be negative.'


@pytest.mark.parametrize(
    ("value", "options", "indonesian", "english"),
    [
        (24 * M, {"currency": "IDR"}, "Rp24.000.000", "IDR\xa024,000,000"),
        (12.5, {}, "12,5", "12.5"),
        (0.125, {"percent": True}, "12,5%", "12.5%"),
        (0.03, {"percent": True}, "3%", "3%"),
    ],
)
def test_what_was_read_is_written_back_the_readers_way(value, options, indonesian, english):
    """Is a reading shown back as the active language writes it (= Rp24.000.000, 12,5%)?"""
    assert describe_number(value, **options) == indonesian
    toolkit.set_language("en")
    assert describe_number(value, **options) == english


DATE = dt.date(2027, 2, 26)


@pytest.mark.parametrize(
    "typed",
    ["26/02/2027", "26-02-2027", "26.02.2027", "2027-02-26", "26 Feb 2027", "26 Februari 2027",
     "26 februari 2027", "26 February 2027", "February 26, 2027", " 26/2/2027 "],
)
@pytest.mark.parametrize("language", ["id", "en"])
def test_dates_are_read_day_month_year_in_both_languages(typed, language):
    """Is each way of writing 26 February 2027 read as that date, in either language?"""
    toolkit.set_language(language)
    assert parse_date(typed) == DATE


@pytest.mark.parametrize(
    ("typed", "sentence"),
    [
        ("15032027", "Kalau maksudnya 15 Maret 2027, tulis 15/03/2027."),
        ("02/26/2027", "bulan 26 tidak ada. Tulis tanggal sebagai hari/bulan/tahun"),
        ("31/02/2027", "Februari 2027 hanya sampai tanggal 28"),
        ("26/02/27", "tulis tahunnya dengan 4 angka"),
        ("besok", "belum terbaca sebagai tanggal"),
        ("", "masih kosong"),
    ],
)
def test_dates_that_cannot_be_read_for_sure_are_refused_never_guessed(typed, sentence):
    """Is a date without separators, in US order, impossible, with a 2-digit year or in words refused?"""
    with pytest.raises(ReadError) as refused:
        parse_date(typed)
    assert sentence in str(refused.value)


def test_the_last_day_of_the_year_is_a_date():
    """Is 31/12/2027 read as 31 December 2027 (no month 31, no US swap)?"""
    assert parse_date("31/12/2027") == dt.date(2027, 12, 31)


def test_a_past_date_is_refused_where_only_future_dates_make_sense():
    """With today as the earliest, is a past date refused, saying that it has passed and today's date?"""
    today = dt.date.today()
    with pytest.raises(ReadError) as refused:
        parse_date("15/01/2025", minimum=today)
    assert "dibaca 15 Januari 2025, tetapi tanggal itu sudah lewat: paling awal hari ini" in str(refused.value)
    assert parse_date(today.strftime("%d/%m/%Y"), minimum=today) == today
    assert parse_date("hari ini") == today


def test_a_date_is_shown_back_with_its_weekday_and_month_name():
    """Is a reading shown back as Jumat, 26 Februari 2027 (and Friday, February 26, 2027), the
    day never padded (Rabu, 2 Desember 2026, as every other date in the course)?"""
    assert describe_date(DATE) == "Jumat, 26 Februari 2027"
    assert describe_date(dt.date(2026, 12, 2)) == "Rabu, 2 Desember 2026"
    toolkit.set_language("en")
    assert describe_date(DATE) == "Friday, February 26, 2027"
