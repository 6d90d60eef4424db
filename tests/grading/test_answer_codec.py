"""Tests for grading.engine.codec: answers carried out of a participant's kernel, as data."""

from __future__ import annotations

import collections
import datetime
import decimal
import fractions
import json
import math
import subprocess
import sys
import zoneinfo
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import grading.engine.codec as codec
from grading.engine.cell_names import names_read
from grading.engine.codec import Unsupported, decode, encode, load

MESSAGE = ("Jawaban bertipe {type} tidak bisa diperiksa oleh penilai otomatis. / "
           "An answer of type {type} cannot be checked by the autograder.")


def roundtrip(value, **options):
    """The value after encode and decode, and the decoded ``converted`` map."""
    values, missing, converted = decode(encode({"x": value}, ["x"], **options))
    assert missing == []
    return values["x"], converted


def same(a, b) -> bool:
    """Equal, of the same type all the way down, with nan equal to nan and -0.0 apart from 0.0."""
    if type(a) is not type(b):
        return False
    if type(a) is float:
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if type(a) is complex:
        return same(a.real, b.real) and same(a.imag, b.imag)
    if type(a) in (list, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


# --------------------------------------------------------------------------------------------
# Round trips


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 10**40, 1.5, -0.0, float("inf"), float("-inf"), 0.1 + 0.2,
    1e-310, 2 + 3j, complex(0.0, -0.0), "", "harga FOB Rp1.234.567 — ✓", "\ud800", b"\x00\xff",
    [], (), [1, "a", None], (1, (2, (3,))), {"a": 1, 2: [3.5], (1, "b"): {"c": None}},
])
def test_plain_values_round_trip(value):
    """Does a built-in value come back equal and of the same type?"""
    decoded, converted = roundtrip(value)
    assert same(decoded, value)
    assert converted == {}


def test_nan_stays_nan():
    """Does nan come back as a float nan?"""
    decoded, _ = roundtrip(float("nan"))
    assert type(decoded) is float and math.isnan(decoded)


def test_negative_zero_keeps_its_sign():
    """Does -0.0 keep its sign, so 1 / x is still -inf in spirit?"""
    decoded, _ = roundtrip(-0.0)
    assert decoded == 0.0 and math.copysign(1.0, decoded) == -1.0


@pytest.mark.parametrize("value", [
    {1, 2, 3}, frozenset({"a", "b"}), set(), range(1, 20, 3), range(0),
    datetime.date(2025, 3, 31), datetime.datetime(2025, 3, 31, 7, 30, 5, 123),
    datetime.datetime(2025, 3, 31, 7, 30, tzinfo=datetime.timezone.utc),
    datetime.datetime(2025, 3, 31, 7, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
    datetime.time(8, 15, 0, 500), datetime.time(8, 15, tzinfo=datetime.timezone.utc),
    datetime.timedelta(days=-2, seconds=5, microseconds=7),
    decimal.Decimal("12500.10"), decimal.Decimal("NaN"), fractions.Fraction(-3, 8),
    collections.OrderedDict([("b", 1), ("a", 2)]), collections.Counter("kopi robusta"),
])
def test_standard_library_values_round_trip(value):
    """Does a set, range, date, time, Decimal, Fraction or ordered dict come back the same?"""
    decoded, _ = roundtrip(value)
    assert type(decoded) is type(value)
    if type(value) is decimal.Decimal and value.is_nan():
        assert decoded.is_nan()
    else:
        assert decoded == value
    if isinstance(value, (datetime.datetime, datetime.time)):
        assert decoded.utcoffset() == value.utcoffset()


def test_ordered_dict_keeps_its_order_after_a_move():
    """Does an OrderedDict keep the order move_to_end gave it?"""
    value = collections.OrderedDict([("a", 1), ("b", 2), ("c", 3)])
    value.move_to_end("a")
    decoded, _ = roundtrip(value)
    assert list(decoded) == ["b", "c", "a"]


def test_defaultdict_keeps_a_builtin_factory():
    """Does a defaultdict(list) still make lists for new keys?"""
    decoded, _ = roundtrip(collections.defaultdict(list, {"a": [1]}))
    assert type(decoded) is collections.defaultdict
    assert decoded == {"a": [1]} and decoded["baru"] == []


def test_datetime_in_a_named_zone_keeps_its_offset_at_that_moment():
    """Does 07:30 in Asia/Jakarta arrive as 07:30 at UTC+7, the same instant?"""
    value = datetime.datetime(2025, 3, 31, 7, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
    decoded, _ = roundtrip(value)
    assert decoded == value
    assert decoded.utcoffset() == datetime.timedelta(hours=7)


def test_nested_containers_round_trip():
    """Do lists, dicts, tuples and sets nested in each other come back the same?"""
    value = {"pesanan": [(1, "kopi", {2.5, 3.5}), (2, "emping", frozenset())],
             "biaya": {"FOB": [1.0, float("nan")], ("a", 1): None}}
    decoded, _ = roundtrip(value)
    assert type(decoded["pesanan"][0]) is tuple
    assert decoded["pesanan"][0][2] == {2.5, 3.5}
    assert decoded["biaya"][("a", 1)] is None
    assert math.isnan(decoded["biaya"]["FOB"][1])


@pytest.mark.parametrize("value", [
    np.float64(1.1), np.float32(0.1), np.float16(2.5), np.int32(-7), np.int64(2**62),
    np.uint8(255), np.bool_(True), np.complex128(1 - 2j), np.str_("kopi"), np.bytes_(b"ab"),
    np.datetime64("2025-03-31", "D"), np.datetime64("2025-03-31T07:30:00.123", "ms"),
    np.timedelta64(90, "m"),
])
def test_numpy_scalars_keep_their_dtype(value):
    """Does a numpy scalar come back as the same numpy type with the same value?"""
    decoded, converted = roundtrip(value)
    assert type(decoded) is type(value)
    assert decoded.dtype == value.dtype
    assert decoded == value
    assert converted == {}


def test_numpy_nan_and_nat_scalars():
    """Do np.float64 nan and NaT come back as nan and NaT?"""
    nan, _ = roundtrip(np.float64("nan"))
    nat, _ = roundtrip(np.datetime64("NaT"))
    assert type(nan) is np.float64 and np.isnan(nan)
    assert type(nat) is np.datetime64 and np.isnat(nat)


def test_two_dimensional_float_array():
    """Does a 2-D float array keep its shape, dtype, nan and -0.0?"""
    value = np.array([[1.5, -0.0, np.nan], [np.inf, 1e-300, 3.0]])
    decoded, _ = roundtrip(value)
    assert type(decoded) is np.ndarray
    assert decoded.shape == (2, 3) and decoded.dtype == np.float64
    np.testing.assert_array_equal(decoded, value)
    assert np.signbit(decoded[0, 1])


@pytest.mark.parametrize("value", [
    np.arange(12, dtype=np.int32).reshape(2, 2, 3), np.array([True, False]),
    np.array([1 + 2j, np.nan]), np.array(["kopi", "emping", ""]), np.array([b"a\x00b", b""]),
    np.array(["2025-01-01", "NaT"], dtype="datetime64[D]"),
    np.array([1, 2], dtype="timedelta64[h]"), np.float32([0.1, 0.2]), np.zeros((0, 3)),
    np.array(7.5), np.arange(6.0).reshape(2, 3).T, np.array(["ab"], dtype="U10"),
])
def test_numpy_arrays_round_trip(value):
    """Does an array of any supported dtype come back with its shape, dtype and items?"""
    decoded, _ = roundtrip(value)
    assert decoded.dtype == value.dtype and decoded.shape == value.shape
    np.testing.assert_array_equal(decoded, value)


def test_object_array_elements_are_encoded_one_by_one():
    """Does an object array keep its mixed elements, lists and arrays included?"""
    value = np.empty(4, dtype=object)
    value[:] = [1, "a", None, 2.5]
    value2 = np.empty(2, dtype=object)
    value2[0], value2[1] = [1, 2], np.arange(3)
    decoded, _ = roundtrip(value)
    decoded2, _ = roundtrip(value2)
    assert decoded.dtype == object and decoded.tolist() == [1, "a", None, 2.5]
    assert decoded2[0] == [1, 2] and type(decoded2[1]) is np.ndarray


def test_timestamps_with_a_time_zone():
    """Does a Timestamp keep its zone and unit, and a fixed-offset one its offset?"""
    jakarta = pd.Timestamp("2025-03-31 07:30", tz="Asia/Jakarta")
    fixed = pd.Timestamp("2025-03-31 07:30:00.000000001", tz=datetime.timezone.utc)
    naive = pd.Timestamp("2025-03-31").as_unit("s")
    for value in (jakarta, fixed, naive):
        decoded, _ = roundtrip(value)
        assert type(decoded) is pd.Timestamp
        assert decoded == value and decoded.unit == value.unit
        assert str(decoded.tz) == str(value.tz)


def test_timedelta_nat_and_na():
    """Do pd.Timedelta, pd.NaT and pd.NA come back as themselves?"""
    delta, _ = roundtrip(pd.Timedelta(hours=36))
    assert type(delta) is pd.Timedelta and delta == pd.Timedelta(hours=36)
    assert roundtrip(pd.NaT)[0] is pd.NaT
    assert roundtrip(pd.NA)[0] is pd.NA


def test_series_with_a_string_index_and_a_name():
    """Does a Series keep its values, string index, dtype and name?"""
    value = pd.Series([1250.0, np.nan, 980.5], index=["kopi", "emping", "batik"], name="harga")
    decoded, _ = roundtrip(value)
    assert type(decoded) is pd.Series
    pd.testing.assert_series_equal(decoded, value)


def test_dataframe_with_mixed_dtypes_and_a_datetime_column():
    """Does a DataFrame keep every column's dtype, a datetime column and a named index?"""
    value = pd.DataFrame({
        "produk": ["kopi", "emping", "batik"],
        "jumlah": np.array([10, 20, 30], dtype=np.int32),
        "harga": [1.5, np.nan, 3.25],
        "ekspor": [True, False, True],
        "kirim": pd.to_datetime(["2025-01-05", "2025-02-10", None]),
        "tiba": pd.date_range("2025-03-01", periods=3, tz="Asia/Jakarta"),
        "campur": pd.Series([1, "a", None], dtype=object),
        "stok": pd.array([1, None, 3], dtype="Int64"),
        "kategori": pd.Categorical(["a", "b", "a"]),
    }, index=pd.Index(["P01", "P02", "P03"], name="peserta"))
    decoded, _ = roundtrip(value)
    assert type(decoded) is pd.DataFrame
    pd.testing.assert_frame_equal(decoded, value)


def test_dataframe_with_duplicate_labels_and_no_columns():
    """Do duplicate column and index labels, and a frame without columns, survive?"""
    value = pd.DataFrame([[1, 2.5], [3, 4.5]], columns=["a", "a"], index=[7, 7])
    pd.testing.assert_frame_equal(roundtrip(value)[0], value)
    empty = pd.DataFrame(index=pd.RangeIndex(3))
    pd.testing.assert_frame_equal(roundtrip(empty)[0], empty)


@pytest.mark.parametrize("value", [
    pd.Index(["a", "b"], name="kode"), pd.Index([1.5, 2.5]), pd.RangeIndex(2, 20, 3, name="n"),
    pd.date_range("2025-01-01", periods=4, freq="D", name="hari"),
    pd.date_range("2025-01-01", periods=3, freq="h", tz="UTC"),
    pd.timedelta_range("1h", periods=3, freq="h"), pd.CategoricalIndex(["x", "y", "x"]),
])
def test_pandas_indexes_round_trip(value):
    """Does an Index, RangeIndex, DatetimeIndex (with its frequency) come back exactly?"""
    decoded, _ = roundtrip(value)
    pd.testing.assert_index_equal(decoded, value, exact=True)
    assert getattr(decoded, "freq", None) == getattr(value, "freq", None)


def test_series_of_nullable_and_string_dtypes():
    """Do Int64 and string Series keep their missing values and dtype?"""
    for value in (pd.Series([1, None, 3], dtype="Int64"), pd.Series([True, None], dtype="boolean"),
                  pd.Series(["a", None], dtype="string"), pd.Series(["a", None])):
        pd.testing.assert_series_equal(roundtrip(value)[0], value)


# --------------------------------------------------------------------------------------------
# Hostile values


def test_float_subclass_that_lies_arrives_as_its_real_value():
    """Is a float subclass whose ==, -, abs and float() lie decoded as the plain float it holds?"""
    calls = []

    class Curang(float):
        def __eq__(self, other):
            calls.append("eq")
            return True

        def __sub__(self, other):
            calls.append("sub")
            return 0

        def __abs__(self):
            calls.append("abs")
            return 0

        def __float__(self):
            calls.append("float")
            return 2.5

        def __repr__(self):
            calls.append("repr")
            raise RuntimeError("no repr")

        def __getattribute__(self, name):
            calls.append(name)
            return object.__getattribute__(self, name)

        __hash__ = float.__hash__

    answer = Curang(7.0)
    assert answer == 2.5 and abs(answer - 2.5) < 0.01  # what it would pass in its own kernel
    calls.clear()
    text = encode({"harga_fob": answer}, ["harga_fob"])
    assert calls == []
    values, _, converted = decode(text)
    assert type(values["harga_fob"]) is float and values["harga_fob"] == 7.0
    assert not abs(values["harga_fob"] - 2.5) < 0.01
    assert converted["harga_fob"].endswith("Curang")


def test_list_subclass_with_a_lying_iter_and_len():
    """Is a list subclass read from its real items, not its __iter__ or __len__?"""
    class Daftar(list):
        def __iter__(self):
            return iter([2.5])

        def __len__(self):
            return 1

        def __getitem__(self, index):
            return 2.5

    decoded, converted = roundtrip(Daftar([1, 2, 3]))
    assert type(decoded) is list and decoded == [1, 2, 3]
    assert converted["x"].endswith("Daftar")


def test_str_int_and_dict_subclasses_are_read_through_the_base_type():
    """Are str, int, tuple and dict subclasses carried as the plain values they hold?"""
    class Teks(str):
        def __str__(self):
            return "bohong"

    class Angka(int):
        def __repr__(self):
            return "99"

    class Kamus(dict):
        def items(self):
            return [("bohong", 1)]

        def keys(self):
            return ["bohong"]

    Titik = collections.namedtuple("Titik", "x y")
    assert roundtrip(Teks("jujur"))[0] == "jujur"
    assert roundtrip(Angka(5))[0] == 5 and type(roundtrip(Angka(5))[0]) is int
    assert roundtrip(Kamus(a=1))[0] == {"a": 1}
    # a namedtuple only adds field names: carried as its tuple, nothing to flag
    assert roundtrip(Titik(1, 2)) == ((1, 2), {})


def test_only_subclasses_that_change_behaviour_are_listed_as_converted():
    """Is a subclass listed in converted only when it defines special methods of its own?"""
    class Polos(float):
        def label(self):
            return "harga"

    class Sama(float):
        def __eq__(self, other):
            return True

        __hash__ = float.__hash__

    class Turunan(Sama):
        pass

    assert roundtrip(Polos(2.0)) == (2.0, {})
    assert roundtrip(Sama(2.0))[1] == {"x": f"{__name__}.{Sama.__qualname__}"}
    assert roundtrip(Turunan(2.0))[1] == {"x": f"{__name__}.{Turunan.__qualname__}"}


def test_subclass_nested_in_a_list_is_listed_as_converted():
    """Is a name listed in converted when a subclass hides inside its list?"""
    class Curang(float):
        def __sub__(self, other):
            return 0.0

    decoded, converted = roundtrip([1.0, Curang(2.0)])
    assert decoded == [1.0, 2.0] and type(decoded[1]) is float
    assert converted["x"].endswith("Curang")


def test_bool_and_numpy_floats_are_not_converted():
    """Are bool and np.float64, subclasses of int and float, carried as themselves?"""
    _, _, converted = decode(encode({"a": True, "b": np.float64(1.0)}, ["a", "b"]))
    assert converted == {}


def test_namespace_dict_subclass_cannot_lie():
    """Does a namespace whose get, [] and 'in' lie still give its real contents?"""
    class Namespace(dict):
        def get(self, *args):
            return 999.0

        def __getitem__(self, key):
            return 999.0

        def __contains__(self, key):
            return True

    values, missing, _ = decode(encode(Namespace(harga=1.5), ["harga", "hilang"]))
    assert values == {"harga": 1.5} and missing == ["hilang"]


def test_object_pretending_to_be_a_float_is_unsupported():
    """Is an object whose __class__ says float, and whose __getattr__ lies, unsupported?"""
    calls = []

    class Palsu:
        __class__ = float

        def __getattr__(self, name):
            calls.append(name)
            return lambda *a: 2.5

        def __repr__(self):
            calls.append("repr")
            return "2.5"

        def __eq__(self, other):
            calls.append("eq")
            return True

        __hash__ = object.__hash__

    answer = Palsu()
    assert isinstance(answer, float)  # the lie that fools isinstance
    decoded, converted = roundtrip(answer)
    assert isinstance(decoded, Unsupported) and decoded.type_name.endswith("Palsu")
    assert converted == {} and calls == []


def test_class_with_a_hostile_metaclass_is_unsupported_without_running_it():
    """Is an instance whose metaclass overrides hash, eq and attribute lookup left untouched?"""
    calls = []

    class Meta(type):
        def __hash__(cls):
            calls.append("hash")
            return 0

        def __eq__(cls, other):
            calls.append("eq")
            return True

        def __getattribute__(cls, name):
            calls.append(name)
            return type.__getattribute__(cls, name)

    class Jawaban(metaclass=Meta):
        pass

    answer = Jawaban()
    calls.clear()
    decoded, _ = roundtrip(answer)
    assert isinstance(decoded, Unsupported) and decoded.type_name.endswith("Jawaban")
    assert calls == []


def test_self_referencing_list_is_unsupported():
    """Is a list that holds itself refused as nested too deep rather than looping?"""
    value = [1.0]
    value.append(value)
    decoded, _ = roundtrip(value)
    assert isinstance(decoded, Unsupported) and decoded.type_name == "list"
    assert "deeper" in decoded.reason


def test_too_many_elements_is_unsupported():
    """Is a list of more than 100,000 elements refused?"""
    decoded, _ = roundtrip(list(range(codec.MAX_ELEMENTS + 1)), limit=10**9)
    assert isinstance(decoded, Unsupported) and "elements" in decoded.reason


def test_huge_string_is_too_large_but_a_small_value_survives():
    """Is a 10 MB string replaced by 'too large' while a small answer beside it survives?"""
    text = encode({"besar": "x" * 10_000_000, "kecil": 2.5}, ["besar", "kecil"], limit=1_000_000)
    assert len(text) <= 1_000_000
    values, _, _ = decode(text)
    assert isinstance(values["besar"], Unsupported) and values["besar"].reason == "too large"
    assert values["kecil"] == 2.5


def test_biggest_value_goes_first_when_the_text_is_too_long():
    """When two values do not fit together, is only the bigger one replaced?"""
    text = encode({"a": "a" * 700_000, "b": "b" * 400_000}, ["a", "b"], limit=1_000_000)
    values, _, _ = decode(text)
    assert isinstance(values["a"], Unsupported) and values["b"] == "b" * 400_000


def test_unsupported_kinds_do_not_stop_encoding():
    """Are values of unsupported kinds marked unsupported while the others are encoded?"""
    namespace = {
        "periode": pd.Series(pd.period_range("2025-01", periods=2, freq="M")),
        "panjang": np.longdouble(1.5), "bertingkat": pd.MultiIndex.from_tuples([(1, 2)]),
        "generator": (i for i in range(3)), "angka_besar": 10**5000, "baik": 1,
        "zona_aneh": datetime.datetime(2025, 1, 1, tzinfo=_OddZone()),
    }
    _OddZone.calls.clear()
    values, _, _ = decode(encode(namespace, list(namespace)))
    assert values.pop("baik") == 1
    assert all(isinstance(value, Unsupported) for value in values.values())
    assert _OddZone.calls == []  # a participant's tzinfo never ran


class _OddZone(datetime.tzinfo):
    calls = []

    def utcoffset(self, moment):
        self.calls.append("utcoffset")
        return datetime.timedelta(hours=7)


def test_functions_classes_and_modules_are_skipped():
    """Are functions, classes, modules and callables marked skip and left out of values?"""
    class Kalkulator:
        def __call__(self):
            return 1

    namespace = {"f": lambda: 1, "np": np, "cls": dict, "print": print,
                 "hitung": Kalkulator(), "method": [].append}
    text = encode(namespace, list(namespace))
    assert {r["t"] for r in json.loads(text)["values"].values()} == {"skip"}
    values, missing, _ = decode(text)
    assert values == {} and missing == []


def test_function_inside_a_list_is_unsupported():
    """Is a function nested in a list unsupported rather than skipped?"""
    decoded, _ = roundtrip([1, print])
    assert isinstance(decoded, Unsupported)


def test_missing_names_are_listed():
    """Are names absent from the namespace listed as missing, once each?"""
    values, missing, _ = decode(encode({"ada": 1}, ["ada", "hilang", "hilang", "juga"]))
    assert values == {"ada": 1} and missing == ["hilang", "juga"]


# --------------------------------------------------------------------------------------------
# The placeholder, load and decode's checks


def test_unsupported_placeholder_fails_every_check():
    """Does the placeholder equal nothing and raise the bilingual TypeError on any other use?"""
    x = Unsupported("__main__.Harga", "not a supported type")
    message = MESSAGE.format(type="__main__.Harga")
    assert (x == 150) is False and (x != 150) is True and (150 == x) is False
    assert repr(x) == "<jawaban tidak didukung / unsupported answer: __main__.Harga>"
    with pytest.raises(TypeError) as error:
        abs(x - 1) < 0.01  # noqa: B015
    assert str(error.value) == message
    for use in (lambda: 1 - x, lambda: x < 1, lambda: float(x), lambda: int(x), lambda: len(x),
                lambda: list(x), lambda: x[0], lambda: x.round(), lambda: np.isclose(x, 1),
                lambda: np.testing.assert_allclose(x, 1), lambda: f"{x:.2f}", lambda: hash(x)):
        with pytest.raises(TypeError, match="tidak bisa diperiksa"):
            use()
    with pytest.raises(TypeError, match="cannot be checked by the autograder"):
        assert x


def test_load_sets_values_and_deletes_missing_names():
    """Does load set the answers, delete missing names and leave skipped names alone?"""
    text = encode({"harga": 1.5, "np": np}, ["harga", "np", "hilang"])
    clean = {"np": "clean kernel's own", "hilang": 123, "lain": 0}
    load(clean, text)
    assert clean == {"np": "clean kernel's own", "lain": 0, "harga": 1.5}


def test_load_changes_nothing_when_the_text_is_malformed():
    """Does a malformed text raise ValueError before the namespace changes?"""
    clean = {"hilang": 1}
    bad = '{"values": {"a": {"t": "float", "v": "1"}, "b": {"t": "?"}}, "missing": ["hilang"],' \
          ' "converted": {}}'
    with pytest.raises(ValueError):
        load(clean, bad)
    assert clean == {"hilang": 1}


def _answers(record) -> str:
    return json.dumps({"values": {"x": record}, "missing": [], "converted": {}})


@pytest.mark.parametrize("text", [
    "{not json", "[]", '{"values": []}', '{"values": {}, "missing": "x", "converted": {}}',
    '{"values": {}, "missing": [], "converted": {"a": 1}}', "1" * 5000,
    _answers({"t": "eval", "v": "__import__('os')"}), _answers({"t": "float", "v": 1.5}),
    _answers({"t": "int", "v": "1e3"}), _answers({"t": "list", "v": {"a": 1}}),
    _answers({"t": "set", "v": [{"t": "list", "v": []}]}),
    _answers({"t": "np.ndarray", "dtype": "<f8", "shape": [3], "v": ["1.0"]}),
    _answers({"t": "np.ndarray", "dtype": "V8", "shape": [1], "v": ["1"]}),
    _answers({"t": "np.ndarray", "dtype": "<U9999999", "shape": [4], "v": ["a"] * 4}),
    _answers({"t": "np.scalar", "dtype": "|O", "v": {"t": "none"}}),
    _answers({"t": "pd.Timestamp", "unit": "us", "v": 0, "tz": {"zone": "../../etc/passwd"}}),
    _answers({"t": "pd.Timestamp", "unit": "fortnight", "v": 0, "tz": None}),
    _answers({"t": "dict", "kind": "defaultdict", "factory": "os.system", "v": []}),
    _answers({"t": "fraction", "v": ["1", "0"]}), _answers({"t": "unsupported", "type": 3}),
    _answers({"t": "date", "v": [2025, 13, 1]}), _answers({"t": "date", "v": [True, 1, 1]}),
])
def test_decode_refuses_malformed_text(text):
    """Is malformed JSON or a malformed record a ValueError, never anything evaluated?"""
    with pytest.raises(ValueError):
        decode(text)


def test_decode_refuses_a_name_both_missing_and_present():
    """Is a name listed both with a value and as missing refused?"""
    text = json.dumps({"values": {"x": {"t": "none"}}, "missing": ["x"], "converted": {}})
    with pytest.raises(ValueError, match="both"):
        decode(text)


# --------------------------------------------------------------------------------------------
# names_read


@pytest.mark.parametrize(("source", "expected"), [
    ("assert abs(hpp - 1) < 0.01", ["hpp"]),
    ("_skor = 0.0\nif abs(a - 1) < 0.01:\n    _skor += 1.0\n_skor", ["a", "_skor"]),
    ("np.testing.assert_allclose(x, 1)", ["np", "x"]),
    ("assert {k.upper() for k in produk if k not in larangan} == {'KOPI'}", ["produk", "larangan"]),
    ("print(f'Harga: {harga_fob:,.0f} ({kurs!r})')", ["harga_fob", "kurs"]),
    ("%time x = 1", []),
    ("%timeit -n 3 hitung(biaya)", ["hitung", "biaya"]),
    ("%%time\ntotal = harga * jumlah", ["harga", "jumlah"]),
    ("cek = lambda v: abs(v - target) < tol\nassert cek(jawaban)", ["target", "tol", "cek", "jawaban"]),
    ("def cek(v):\n    hasil = v * kurs\n    return hasil\nassert cek(harga)", ["kurs", "cek", "harga"]),
    ("global total\ndel sementara", ["total", "sementara"]),
    ("assert len(daftar) == len(set(daftar))", ["daftar"]),
    ("x = (", []),
    ("!ls", []),
])
def test_names_read(source, expected):
    """Does names_read list the names a test cell reads, in order, without builtins?"""
    assert names_read(source) == expected


# --------------------------------------------------------------------------------------------
# The module run inside a kernel


def test_encoding_without_numpy_never_imports_numpy():
    """Run as exec'd source in a fresh Python, does encoding leave numpy and pandas unimported?"""
    program = (
        "import sys, pathlib, datetime\n"
        "source = pathlib.Path(sys.argv[1]).read_text(encoding='utf-8')\n"
        "helper = {'__name__': 'kelas_ekspor_answers'}\n"
        "exec(source, helper)\n"
        "class F(float):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    __hash__ = float.__hash__\n"
        "user = {'harga': 1.5, 'nama': 'kopi', 'f': F(2.0), 'daftar': [1, (2, 3)],\n"
        "        'tanggal': datetime.date(2025, 1, 1), 'fungsi': print}\n"
        "text = helper['encode'](user, list(user) + ['hilang'])\n"
        "assert 'numpy' not in sys.modules, 'numpy was imported'\n"
        "assert 'pandas' not in sys.modules, 'pandas was imported'\n"
        "print(text)\n"
    )
    source = Path(codec.__file__)
    result = subprocess.run([sys.executable, "-I", "-c", program, str(source)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    values, missing, converted = decode(result.stdout)
    assert values == {"harga": 1.5, "nama": "kopi", "f": 2.0, "daftar": [1, (2, 3)],
                      "tanggal": datetime.date(2025, 1, 1)}
    assert missing == ["hilang"] and converted == {"f": "__main__.F"}


# --------------------------------------------------------------------------------------------
# Invariants

_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
            | st.text(max_size=20) | st.binary(max_size=20)
            | st.complex_numbers(allow_nan=False))
_keys = st.integers() | st.text(max_size=10) | st.tuples(st.integers(), st.text(max_size=5))
_values = st.recursive(
    _scalars,
    lambda inner: (st.lists(inner, max_size=5) | st.tuples(inner, inner)
                   | st.dictionaries(_keys, inner, max_size=5)
                   | st.frozensets(st.integers() | st.text(max_size=5), max_size=5)),
    max_leaves=25,
)


@settings(deadline=None, max_examples=150)
@given(_values)
def test_any_plain_value_round_trips(value):
    """Does every nesting of built-in values come back the same, type for type?"""
    decoded, converted = roundtrip(value)
    assert same(decoded, value)
    assert converted == {}


@settings(deadline=None, max_examples=60)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=20))
def test_any_float_array_round_trips_bit_for_bit(items):
    """Does every float64 array come back with the very same bits?"""
    value = np.array(items, dtype=np.float64)
    decoded, _ = roundtrip(value)
    np.testing.assert_array_equal(decoded, value)  # nan matches nan
    numbers = ~np.isnan(value)
    assert decoded[numbers].tobytes() == value[numbers].tobytes()
