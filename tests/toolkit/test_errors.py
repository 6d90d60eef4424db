"""Errors for people: positions counted from 1, numbers and dates the reader's way, and they pickle."""

import datetime as dt
import pickle

import pytest

import toolkit
from toolkit.costing import unit_cost
from toolkit.errors import BilingualError, InputError, ReadError, ToolkitError, check_fraction
from toolkit.i18n import parse_date, parse_number
from toolkit.planning import on_time_probability
from toolkit.widgets._base import InputProblems


@pytest.mark.parametrize(
    "error",
    [
        InputError("tasks[5]", "Produksi, lima hari", {"id": "tulis angka", "en": "write a number"}),
        InputError("margin", 2.0, {"id": "kurang dari 1", "en": "less than 1"}).renamed(
            {"id": "Margin", "en": "Margin"}),
        ReadError("abc", {"id": "belum berupa angka.", "en": "is not a number yet."}),
        BilingualError({"id": "Folder kosong.", "en": "Empty folder."}),
        InputProblems([ReadError("x", {"id": "bukan angka.", "en": "not a number."})]),
    ],
    ids=["input", "renamed", "read", "bilingual", "problems"],
)
def test_every_error_survives_pickling_in_both_languages(error):
    """Does each error come back whole from pickle (as from a process pool), in both languages?"""
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and isinstance(back, ToolkitError)
    assert str(back) == str(error)
    toolkit.set_language("en")
    assert str(back) == str(error)


def test_a_position_is_a_line_counted_from_one():
    """Is tasks[5] said as "tasks, baris 6" (line 6), and tasks[5][1] with its column?"""
    error = InputError("tasks[5][1]", 0, {"id": "minimal 1", "en": "at least 1"})
    assert str(error) == "tasks, baris 6, kolom 2 = 0 tidak diperbolehkan: minimal 1."
    toolkit.set_language("en")
    assert str(error) == "tasks, line 6, column 2 = 0 is not allowed: at least 1."


def test_numbers_and_dates_in_messages_are_written_the_readers_way():
    """Is 0.8 written 0,8 and ten trillion 10.000.000.000.000 in Indonesian, a date with its month?"""
    error = InputError("x", 10_000_000_000_000.0, {"id": "paling banyak 0,8", "en": "at most 0.8"})
    assert str(error).startswith("x = 10.000.000.000.000 tidak")
    date = InputError("deadline", dt.date(1220, 3, 31), {"id": "tanggal", "en": "a date"})
    assert "datetime" not in str(date) and "31 Maret 1220" in str(date)
    toolkit.set_language("en")
    assert str(error).startswith("x = 10,000,000,000,000 is")
    assert "31 March 1220" in str(date)


def test_a_fraction_is_explained_in_percent_without_python_decimals():
    """Is a reject rate of 20 explained as 0 % to less than 100 %, 20 % written 20/100, no 0.2?"""
    with pytest.raises(InputError) as caught:
        check_fraction("reject_rate", 20)
    assert "0% sampai kurang dari 100% (20% ditulis 20/100)" in str(caught.value)
    assert "0.2" not in str(caught.value)


#: The bad inputs the participant walk (2026-12) met, each as the toolkit or the widgets see it.
DOCUMENTED = {
    "module 00, reject rate 20": lambda: unit_cost(
        materials=1_200_000, labour=500_000, overhead=300_000, units=100, reject_rate=20),
    "three-point task out of order": lambda: on_time_probability([("Produksi", 5, 8, 3)], 10),
    "a date typed without separators": lambda: parse_date("15032027"),
    "a date typed in US order": lambda: parse_date("03/31/2027"),
    "a typed number with words": lambda: parse_number("dua puluh lima ribu"),
    "a typed amount with a currency": lambda: parse_number("Rp 24.000.000"),
}
PYTHON = ["[0]", "[5]", "datetime.date(", "≤ mode ≤", "low ≤", "0.2 ", "0.2)", "Traceback", "repr("]


@pytest.mark.parametrize("case", sorted(DOCUMENTED))
def test_documented_bad_inputs_get_no_python_notation(case):
    """Does the message for each bad input of the walk avoid Python's notation in Indonesian?"""
    with pytest.raises(ToolkitError) as caught:
        DOCUMENTED[case]()
    message = str(caught.value)
    assert not [mark for mark in PYTHON if mark in message], message
