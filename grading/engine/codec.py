"""Answers out of a participant's kernel, as data, and into a clean kernel.

The grading engine runs a submission in the participant's kernel but its test cells in a second,
clean kernel that only ever runs trusted code (the assignment's locked and test cells). This module
carries the answers across:

* :func:`encode` runs inside the participant's kernel and turns named variables into JSON text;
* :func:`decode` and :func:`load` run in the clean kernel (and in the grader) and rebuild plain,
  honest values from that text: a ``float`` subclass whose ``__eq__`` always says True arrives as
  the plain float it holds, a value that cannot be carried as an :class:`Unsupported` placeholder
  that fails every check with a message in both languages.

Trust model: the encoder runs in an untrusted process, so its output is untrusted data. It checks
``type(x)`` against exact known types before touching a value and reads subclasses of built-in
types through the built-in type's own slots, so a participant's object never runs code during
encoding. The decoder never evaluates code: no ``eval``, no ``pickle``, no import of a module named
by the data (only numpy, pandas, datetime, decimal, fractions and zoneinfo are used); every record
is checked and anything malformed is a ``ValueError``.

The whole text of this file is also run inside kernels with ``exec(source, namespace)``: standard
library only at import time, numpy and pandas imported lazily, only definitions at the top level.
"""

from __future__ import annotations

import base64
import collections
import datetime
import decimal
import fractions
import json
import re
import sys
import types

MAX_DEPTH = 20
"""Containers nested deeper than this are not carried (a list holding itself, for one)."""

MAX_ELEMENTS = 100_000
"""A container, array or table with more elements than this is not carried."""

_MISSING = object()
_QUALNAME = type.__dict__["__qualname__"]
_MODULE = type.__dict__["__module__"]
_COMPLEX_REAL = complex.__dict__["real"]
_COMPLEX_IMAG = complex.__dict__["imag"]
_NUMPY_DTYPE = re.compile(
    r"[<>|=]?(?:b1|[iu][1248]|f[248]|c(?:8|16)|[US][1-9][0-9]{0,6}|O"
    r"|[Mm]8(?:\[[0-9]{0,6}(?:Y|M|W|D|h|m|s|ms|us|ns|ps|fs|as)\])?)"
)
_PANDAS_UNITS = ("s", "ms", "us", "ns")
_MASKED_DTYPES = (
    "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
    "Float32", "Float64", "boolean",
)
_MASKED_DTYPE_CLASSES = tuple(f"{name[0].upper()}{name[1:]}Dtype" for name in _MASKED_DTYPES)
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+){0,3}")
_MAX_STRING_ARRAY_BYTES = 1 << 27
_FREQUENCY = re.compile(r"[A-Za-z0-9\-]{1,24}")
_FACTORIES = {"int": int, "float": float, "str": str, "list": list, "dict": dict, "set": set,
              "tuple": tuple, "bool": bool, "complex": complex}


# --------------------------------------------------------------------------------------------
# The placeholder


def _unsupported_message(type_name: str) -> str:
    return (f"Jawaban bertipe {type_name} tidak bisa diperiksa oleh penilai otomatis. / "
            f"An answer of type {type_name} cannot be checked by the autograder.")


class Unsupported:
    """A placeholder for an answer the grader could not carry over to the clean kernel.

    It equals nothing, and every other use (truth value, arithmetic, ordering, conversion to a
    number, length, iteration, indexing, public attributes) raises a ``TypeError`` whose message
    says, in Indonesian and English, that an answer of this type cannot be checked.

    Parameters
    ----------
    type_name
        The answer's type, ``module.QualName``.
    reason
        Why it was not carried (short English text, for the grader's logs).

    Examples
    --------
    >>> x = Unsupported("__main__.Harga", "not a supported type")
    >>> x
    <jawaban tidak didukung / unsupported answer: __main__.Harga>
    >>> x == 150, x != 150
    (False, True)
    >>> abs(x - 1) < 0.01
    Traceback (most recent call last):
    TypeError: Jawaban bertipe __main__.Harga tidak bisa diperiksa oleh penilai otomatis. / An answer of type __main__.Harga cannot be checked by the autograder.
    """

    __slots__ = ("type_name", "reason")

    def __init__(self, type_name: str, reason: str = "") -> None:
        object.__setattr__(self, "type_name", str(type_name))
        object.__setattr__(self, "reason", str(reason))

    @property
    def message(self) -> str:
        """The bilingual message every refused use raises."""
        return _unsupported_message(self.type_name)

    def __repr__(self) -> str:
        return f"<jawaban tidak didukung / unsupported answer: {self.type_name}>"

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    def __format__(self, spec: str) -> str:
        if spec:
            raise TypeError(self.message)
        return repr(self)

    def __reduce__(self):
        return (type(self), (self.type_name, self.reason))

    def __getattr__(self, name: str):
        # only reached when normal lookup fails; private and protocol probes (numpy's, pandas',
        # IPython's display) get the AttributeError they expect
        if name.startswith("_"):
            raise AttributeError(name)
        raise TypeError(self.message)

    def _refuse(self, *args, **kwargs):
        raise TypeError(self.message)

    __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __add__ = __radd__ = __iadd__ = __sub__ = __rsub__ = __isub__ = _refuse
    __mul__ = __rmul__ = __imul__ = __matmul__ = __rmatmul__ = __imatmul__ = _refuse
    __truediv__ = __rtruediv__ = __itruediv__ = __floordiv__ = __rfloordiv__ = _refuse
    __ifloordiv__ = __mod__ = __rmod__ = __imod__ = __divmod__ = __rdivmod__ = _refuse
    __pow__ = __rpow__ = __ipow__ = _refuse
    __and__ = __rand__ = __or__ = __ror__ = __xor__ = __rxor__ = _refuse
    __lshift__ = __rlshift__ = __rshift__ = __rrshift__ = _refuse
    __neg__ = __pos__ = __abs__ = __invert__ = _refuse
    __bool__ = __float__ = __int__ = __index__ = __complex__ = _refuse
    __round__ = __trunc__ = __floor__ = __ceil__ = _refuse
    __len__ = __iter__ = __reversed__ = __contains__ = _refuse
    __getitem__ = __setitem__ = __delitem__ = _refuse
    __call__ = __hash__ = __array__ = _refuse


# --------------------------------------------------------------------------------------------
# Encoding (runs in the participant's kernel)


class _Refused(Exception):
    """A value the encoder does not carry; the argument is a short English reason."""


class _Skip(Exception):
    """A function, class or module: not exported, the clean kernel keeps its own binding."""


def _type_name(cls) -> str:
    """``module.QualName`` of a class, read from the type itself (no metaclass code runs)."""
    try:
        qualname = _QUALNAME.__get__(cls, type)
        module = _MODULE.__get__(cls, type)
    except Exception:
        return "?"
    qualname = qualname if type(qualname) is str else "?"
    module = module if type(module) is str else "?"
    name = qualname if module == "builtins" else f"{module}.{qualname}"
    return name[:200]


_SAFE_DUNDERS = frozenset({
    "__new__", "__init__", "__init_subclass__", "__slots__", "__module__", "__qualname__",
    "__doc__", "__dict__", "__weakref__", "__getnewargs__", "__getnewargs_ex__",
    "__match_args__", "__annotations__", "__orig_bases__", "__parameters__", "__class_getitem__",
    "__firstlineno__", "__static_attributes__", "__reduce__", "__reduce_ex__", "__replace__",
})


def _home_made(cls) -> bool:
    """Was ``cls`` written in the notebook or a file beside it (not an installed library)?"""
    module = _MODULE.__get__(cls, type)
    if type(module) is not str or module == "__main__":
        return True
    found = sys.modules.get(module)
    path = found.__dict__.get("__file__") if type(found) is types.ModuleType else None
    if type(path) is not str:
        return True
    import os

    return os.path.abspath(path).startswith(os.getcwd() + os.sep)


def _changes_protocol(kind, base) -> bool:
    """Does a home-made subclass of ``base`` define a special method of its own (``__eq__``,
    ``__sub__``, ``__repr__`` ...) that could change how its values compare, compute or show? A
    ``collections.namedtuple`` class only adds fields, and its ``__repr__``, and does not count;
    neither does a library's class (matplotlib's ``silent_list``). Read from the classes' own
    ``__dict__`` (no code of theirs runs)."""
    try:
        mro = type.__dict__["__mro__"].__get__(kind, type)
    except Exception:
        return True
    for cls in mro:
        if cls is base:
            return False
        if not _home_made(cls):
            continue
        names = type.__dict__["__dict__"].__get__(cls, type)
        if base is tuple and "_fields" in names and "_make" in names:
            continue  # collections.namedtuple
        if any(name.startswith("__") and name.endswith("__") and name not in _SAFE_DUNDERS
               for name in names):
            return True
    return False


def _int_text(value) -> str:
    try:
        return int.__repr__(value)
    except ValueError:
        raise _Refused("an integer too long to write out") from None


def _plain_int(value) -> int:
    """An exact int from an int or an int subclass, read through int's own slot."""
    kind = type(value)
    if kind is int:
        return value
    if kind is not bool and issubclass(kind, int):
        return int.__index__(value)
    raise _Refused(f"expected an integer, found {_type_name(kind)}")


def _micros(delta) -> int:
    if type(delta) is not datetime.timedelta:
        raise _Refused("a time zone offset that is not a timedelta")
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class _Encoder:
    """Turns one value into a record made only of dicts, lists, str, int, bool and None."""

    def __init__(self, budget: int, hooks=None) -> None:
        self.np = sys.modules.get("numpy")
        self.pd = sys.modules.get("pandas")
        self.budget = budget
        self.converted = None
        self._numpy_scalars = None
        self.hooks = hooks  # see encode_value: objects that cross as references

    def spend(self, characters: int) -> None:
        self.budget -= characters
        if self.budget < 0:
            raise _Refused("too large")

    def count(self, n: int) -> None:
        if n > MAX_ELEMENTS:
            raise _Refused(f"more than {MAX_ELEMENTS} elements")

    # -- dispatch ---------------------------------------------------------------------------

    def top(self, value) -> dict:
        kind = type(value)
        try:
            return self.value(value, 0)
        except _Skip:
            return {"t": "skip", "type": _type_name(kind)}
        except _Refused as refused:
            reason = str(refused.args[0]) if refused.args else ""
        except Exception as error:  # a library raised while reading a known type
            reason = f"could not be read ({_type_name(type(error))})"
        return {"t": "unsupported", "type": _type_name(kind), "reason": reason}

    def value(self, x, depth: int):
        if depth > MAX_DEPTH:
            raise _Refused(f"nested deeper than {MAX_DEPTH} levels")
        self.spend(12)
        kind = type(x)
        if x is None:
            return {"t": "none"}
        if kind is bool:
            return {"t": "bool", "v": x is True}
        if kind is int:
            return {"t": "int", "v": _int_text(x)}
        if kind is float:
            return {"t": "float", "v": float.__repr__(x)}
        if kind is complex:
            return self.complex_(x)
        if kind is str:
            self.spend(len(x))
            return {"t": "str", "v": x}
        if kind is bytes:
            return self.bytes_(x)
        if kind is list or kind is tuple or kind is set or kind is frozenset or kind is dict:
            return self.container(x, kind, depth)
        if kind is range:
            return {"t": "range", "v": [_int_text(x.start), _int_text(x.stop), _int_text(x.step)]}
        hooks = self.hooks
        if hooks is not None:
            record = hooks.refer(x)  # an object the receiving side owns: sent back by reference
            if record is not None:
                return record
        record = self.stdlib(x, kind, depth)
        if record is not None:
            return record
        if self.np is not None:
            record = self.numpy(x, kind, depth)
            if record is not None:
                return record
        if self.pd is not None:
            record = self.pandas(x, kind, depth)
            if record is not None:
                return record
        for base in (int, float, complex, str, bytes, list, tuple, dict, set, frozenset):
            if issubclass(kind, base):
                changes = _changes_protocol(kind, base)
                if changes and self.converted is None:
                    self.converted = _type_name(kind)
                plain = self.plain(x, base, depth)
                if hooks is None:
                    return plain
                # the plain value it holds, plus a reference for what its own class adds
                # (a namedtuple's fields, a method): compared as the plain value only
                record = {"t": "dual", "plain": plain, "type": _type_name(kind),
                          "h": hooks.handle(x)}
                if changes:
                    record["changed"] = True
                return record
        if hooks is not None:
            record = hooks.opaque(x)
            if record is not None:
                return record
        if depth == 0 and (callable(x) or issubclass(kind, types.ModuleType)):
            raise _Skip()
        raise _Refused(f"{_type_name(kind)} is not a supported type")

    # -- built-in types, also for subclasses read through the base type's slots -------------

    def complex_(self, x) -> dict:
        real = float.__repr__(_COMPLEX_REAL.__get__(x, complex))
        imag = float.__repr__(_COMPLEX_IMAG.__get__(x, complex))
        return {"t": "complex", "v": [real, imag]}

    def bytes_(self, x) -> dict:
        data = bytes.__getitem__(x, slice(None))
        self.spend(len(data) * 4 // 3)
        return {"t": "bytes", "v": base64.b64encode(data).decode("ascii")}

    def container(self, x, kind, depth: int) -> dict:
        if kind is list:
            self.count(list.__len__(x))
            items = list.__getitem__(x, slice(None))
            return {"t": "list", "v": [self.value(item, depth + 1) for item in items]}
        if kind is tuple:
            self.count(tuple.__len__(x))
            items = tuple.__getitem__(x, slice(None))
            return {"t": "tuple", "v": [self.value(item, depth + 1) for item in items]}
        if kind is set or kind is frozenset:
            self.count(kind.__len__(x))
            items = list(kind.__iter__(x))
            return {"t": kind.__name__, "v": [self.value(item, depth + 1) for item in items]}
        self.count(dict.__len__(x))
        return {"t": "dict", "v": self.pairs(list(dict.items(x)), depth)}

    def pairs(self, items: list, depth: int) -> list:
        return [[self.value(key, depth + 1), self.value(item, depth + 1)] for key, item in items]

    def plain(self, x, base, depth: int) -> dict:
        if base is int:
            return {"t": "int", "v": _int_text(x)}
        if base is float:
            return {"t": "float", "v": float.__repr__(x)}
        if base is complex:
            return self.complex_(x)
        if base is str:
            text = str.__str__(x)
            self.spend(len(text))
            return {"t": "str", "v": text}
        if base is bytes:
            return self.bytes_(x)
        return self.container(x, base, depth)

    # -- standard library --------------------------------------------------------------------

    def stdlib(self, x, kind, depth: int):
        if kind is datetime.date:
            return {"t": "date", "v": [x.year, x.month, x.day]}
        if kind is datetime.datetime:
            offset = None
            if x.tzinfo is not None:
                self.known_tzinfo(x.tzinfo)
                offset = _micros(x.utcoffset())
            fields = [x.year, x.month, x.day, x.hour, x.minute, x.second, x.microsecond]
            return {"t": "datetime", "v": fields, "fold": x.fold, "offset": offset}
        if kind is datetime.time:
            offset = None
            if x.tzinfo is not None:
                if type(x.tzinfo) is not datetime.timezone:
                    raise _Refused("a time of day with a time zone other than a fixed offset")
                offset = _micros(x.tzinfo.utcoffset(None))
            fields = [x.hour, x.minute, x.second, x.microsecond]
            return {"t": "time", "v": fields, "fold": x.fold, "offset": offset}
        if kind is datetime.timedelta:
            return {"t": "timedelta", "v": [x.days, x.seconds, x.microseconds]}
        if kind is decimal.Decimal:
            text = decimal.Decimal.__str__(x)
            self.spend(len(text))
            return {"t": "decimal", "v": text}
        if kind is fractions.Fraction:
            numerator, denominator = _plain_int(x.numerator), _plain_int(x.denominator)
            return {"t": "fraction", "v": [_int_text(numerator), _int_text(denominator)]}
        if kind is collections.OrderedDict or kind is collections.Counter:
            self.count(dict.__len__(x))
            items = list(collections.OrderedDict.items(x)) if kind is collections.OrderedDict \
                else list(dict.items(x))
            return {"t": "dict", "kind": kind.__name__, "v": self.pairs(items, depth)}
        if kind is collections.defaultdict:
            self.count(dict.__len__(x))
            factory = None
            for name, candidate in _FACTORIES.items():
                if x.default_factory is candidate:
                    factory = name
            return {"t": "dict", "kind": "defaultdict", "factory": factory,
                    "v": self.pairs(list(dict.items(x)), depth)}
        return None

    def known_tzinfo(self, tz) -> None:
        """Refuse a tzinfo whose ``utcoffset`` could be a participant's code."""
        kind = type(tz)
        if kind is datetime.timezone:
            return
        zoneinfo = sys.modules.get("zoneinfo")
        if zoneinfo is not None and kind is zoneinfo.ZoneInfo:
            return
        dateutil_tz = sys.modules.get("dateutil.tz")
        for name in ("tzutc", "tzoffset", "tzlocal", "tzfile", "tzrange", "tzstr"):
            if dateutil_tz is not None and kind is getattr(dateutil_tz, name, None):
                return
        raise _Refused(f"a time zone of type {_type_name(kind)}")

    def zone(self, tz, moment=None):
        """A time zone record: a zone name, a fixed offset, or the offset at ``moment``."""
        if tz is None:
            return None
        kind = type(tz)
        if kind is datetime.timezone:
            return {"offset": _micros(tz.utcoffset(None))}
        zoneinfo = sys.modules.get("zoneinfo")
        if zoneinfo is not None and kind is zoneinfo.ZoneInfo and type(tz.key) is str \
                and _ZONE_KEY.fullmatch(tz.key) and ".." not in tz.key:
            return {"zone": tz.key}
        if moment is None:
            raise _Refused(f"a time zone of type {_type_name(kind)}")
        self.known_tzinfo(tz)
        return {"offset": _micros(moment.utcoffset())}

    # -- numpy -------------------------------------------------------------------------------

    def numpy_scalar_ids(self) -> dict:
        if self._numpy_scalars is None:
            names = ("bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                     "uint64", "intc", "uintc", "longlong", "ulonglong", "float16", "float32",
                     "float64", "complex64", "complex128", "str_", "bytes_", "datetime64",
                     "timedelta64")
            found = (getattr(self.np, name, None) for name in names)
            self._numpy_scalars = {id(cls): cls for cls in found if cls is not None}
        return self._numpy_scalars

    def numpy(self, x, kind, depth: int):
        np = self.np
        if kind is np.ndarray:
            return self.ndarray(x, depth)
        masked = getattr(getattr(np, "ma", None), "MaskedArray", None)
        if masked is not None and kind is masked:  # matplotlib's offsets, masked data
            data = np.ndarray.view(x, np.ndarray)
            mask = np.ma.getmaskarray(x)
            return {"t": "np.masked", "v": self.ndarray(np.array(data), depth + 1),
                    "mask": self.ndarray(np.array(mask), depth + 1)}
        if id(kind) in self.numpy_scalar_ids():
            dtype, items = self.array_items(np.asarray(x), depth)
            return {"t": "np.scalar", "dtype": dtype, "v": items[0]}
        return None

    def ndarray(self, x, depth: int) -> dict:
        self.count(x.size)
        dtype, items = self.array_items(x, depth)
        return {"t": "np.ndarray", "dtype": dtype, "shape": [int(n) for n in x.shape], "v": items}

    def array_items(self, array, depth: int):
        np = self.np
        dtype = array.dtype.str
        if not _NUMPY_DTYPE.fullmatch(dtype):
            raise _Refused(f"a numpy array of dtype {dtype}")
        kind = array.dtype.kind
        flat = array.ravel()
        self.spend(4 * flat.size)
        if kind in "Mm":
            return dtype, [int(n) for n in flat.astype(np.int64).tolist()]
        values = flat.tolist()
        if kind == "f":
            items = [float.__repr__(float(v)) for v in values]
        elif kind == "c":
            items = [[float.__repr__(v.real), float.__repr__(v.imag)] for v in values]
        elif kind == "U":
            self.spend(sum(len(v) for v in values))
            items = values
        elif kind == "S":
            self.spend(sum(len(v) for v in values) * 4 // 3)
            items = [base64.b64encode(v).decode("ascii") for v in values]
        elif kind == "O":
            items = [self.value(v, depth + 1) for v in values]
        else:  # b, i, u
            items = values
        return dtype, items

    # -- pandas ------------------------------------------------------------------------------

    def pandas(self, x, kind, depth: int):
        pd, np = self.pd, self.np
        if kind is pd.Timestamp:
            if x.unit not in _PANDAS_UNITS:
                raise _Refused(f"a Timestamp in unit {x.unit}")
            return {"t": "pd.Timestamp", "unit": x.unit, "v": int(x.asm8.astype(np.int64)),
                    "tz": self.zone(x.tz, moment=x)}
        if kind is pd.Timedelta:
            if x.unit not in _PANDAS_UNITS:
                raise _Refused(f"a Timedelta in unit {x.unit}")
            return {"t": "pd.Timedelta", "unit": x.unit, "v": int(x.asm8.astype(np.int64))}
        if x is pd.NaT:
            return {"t": "pd.NaT"}
        if x is pd.NA:
            return {"t": "pd.NA"}
        if kind is pd.Series:
            self.count(len(x))
            return {"t": "pd.Series", "name": self.value(x.name, depth + 1),
                    "index": self.index(x.index, depth + 1), "data": self.column(x, depth + 1)}
        if kind is pd.DataFrame:
            rows, columns = x.shape
            self.count(rows * columns)
            self.count(rows + columns)
            data = [self.column(x.iloc[:, i], depth + 1) for i in range(columns)]
            return {"t": "pd.DataFrame", "index": self.index(x.index, depth + 1),
                    "columns": self.index(x.columns, depth + 1), "data": data}
        if any(kind is k for k in (pd.Index, pd.RangeIndex, pd.DatetimeIndex, pd.TimedeltaIndex,
                                   pd.CategoricalIndex)):
            return self.index(x, depth)
        return None

    def index(self, x, depth: int) -> dict:
        pd = self.pd
        kind = type(x)
        if kind is pd.RangeIndex:
            return {"t": "pd.RangeIndex", "name": self.value(x.name, depth + 1),
                    "v": [_int_text(x.start), _int_text(x.stop), _int_text(x.step)]}
        if not any(kind is k for k in (pd.Index, pd.DatetimeIndex, pd.TimedeltaIndex,
                                       pd.CategoricalIndex)):
            raise _Refused(f"a pandas index of type {_type_name(kind)}")
        self.count(len(x))
        record = {"t": "pd.Index", "name": self.value(x.name, depth + 1),
                  "data": self.column(x, depth + 1)}
        if kind is pd.DatetimeIndex or kind is pd.TimedeltaIndex:
            freq = x.freqstr
            if type(freq) is str and _FREQUENCY.fullmatch(freq):
                record["freq"] = freq
        return record

    def column(self, x, depth: int) -> dict:
        """The values of a Series or an Index, with their dtype."""
        pd, np = self.pd, self.np
        if depth > MAX_DEPTH:
            raise _Refused(f"nested deeper than {MAX_DEPTH} levels")
        dtype = x.dtype
        dtype_kind = type(dtype)
        if issubclass(dtype_kind, np.dtype):
            return {"kind": "numpy", "v": self.ndarray(x.to_numpy(), depth)}
        if dtype_kind is pd.DatetimeTZDtype:
            if dtype.unit not in _PANDAS_UNITS:
                raise _Refused(f"datetimes in unit {dtype.unit}")
            self.spend(4 * len(x))
            return {"kind": "datetimetz", "unit": dtype.unit, "tz": self.zone(dtype.tz),
                    "v": [int(n) for n in x.array.asi8.tolist()]}
        if dtype_kind is pd.StringDtype:
            values = x.to_numpy(dtype=object).tolist()
            self.spend(sum(len(v) + 2 if type(v) is str else 4 for v in values))
            na = "nan" if dtype.na_value is not pd.NA else "NA"
            return {"kind": "string", "storage": dtype.storage, "na": na,
                    "v": [v if type(v) is str else None for v in values]}
        if dtype_kind is pd.CategoricalDtype:
            codes = x.array.codes
            return {"kind": "category", "ordered": bool(dtype.ordered),
                    "categories": self.index(dtype.categories, depth + 1),
                    "codes": self.ndarray(codes, depth + 1)}
        if any(dtype_kind is getattr(pd, name, None) for name in _MASKED_DTYPE_CLASSES):
            mask = x.isna().to_numpy()
            data = x.to_numpy(dtype=dtype.numpy_dtype, na_value=dtype.numpy_dtype.type(0))
            return {"kind": "masked", "dtype": dtype.name, "v": self.ndarray(data, depth + 1),
                    "mask": [bool(m) for m in mask.tolist()]}
        raise _Refused(f"pandas values of dtype {_type_name(dtype_kind)}")


def encode(namespace: dict, names: list[str], *, limit: int = 1_000_000, hooks=None) -> str:
    """Encode the named variables of a kernel's namespace as JSON text.

    Run inside the participant's kernel. Each value is checked by its exact type before it is
    touched: built-in values, dates and times, Decimal, Fraction, numpy scalars and arrays and
    pandas objects (only when numpy or pandas is already imported) are written out; a subclass
    of a built-in type is written as the built-in value it holds, read through the built-in
    type's own slots, and its name is listed under ``"converted"``; functions, classes and modules
    are marked ``skip`` (the clean kernel keeps its own); anything else, anything nested deeper
    than :data:`MAX_DEPTH` or holding more than :data:`MAX_ELEMENTS` elements is marked
    ``unsupported``. This never raises because of a value.

    Parameters
    ----------
    namespace
        The kernel's user namespace (``get_ipython().user_ns``); read with ``dict``'s own
        methods, so a dict subclass cannot lie.
    names
        The variables to encode.
    limit
        The longest text to return, in characters: the biggest values are replaced by
        ``unsupported`` records (reason ``"too large"``) until the text fits.
    hooks
        With the grading bridge (:mod:`grading.engine.bridge`): an object whose ``refer(x)``,
        ``handle(x)`` and ``opaque(x)`` give records for what is not data — functions,
        classes, instances, modules, and a subclass's own attributes — so that they cross as
        references instead of being skipped or unsupported (see :func:`encode_value`).

    Returns
    -------
    str
        JSON: ``{"values": {name: record}, "missing": [name, ...], "converted": {name: type}}``.

    Examples
    --------
    >>> import math
    >>> text = encode({"harga": 1.5, "jumlah": 3, "math": math}, ["harga", "jumlah", "math", "hpp"])
    >>> values, missing, converted = decode(text)
    >>> values
    {'harga': 1.5, 'jumlah': 3}
    >>> missing
    ['hpp']
    """
    if not issubclass(type(namespace), dict):
        raise TypeError("namespace must be a dict")
    limit = int(limit)
    wanted = []
    for name in names:
        if type(name) is not str:
            raise TypeError("every name must be a str")
        if name not in wanted:
            wanted.append(name)
    values, missing, converted, kinds = {}, [], {}, {}
    for name in wanted:
        value = dict.get(namespace, name, _MISSING)
        if value is _MISSING:
            missing.append(name)
            continue
        kinds[name] = _type_name(type(value))
        encoder = _Encoder(budget=limit, hooks=hooks)
        values[name] = encoder.top(value)
        if encoder.converted is not None and values[name]["t"] not in ("unsupported", "skip"):
            converted[name] = encoder.converted
    result = {"values": values, "missing": missing, "converted": converted}
    return _fit(result, kinds, limit)


def _dumps(data) -> str:
    return json.dumps(data, separators=(",", ":"), allow_nan=False)


def _fit(result: dict, kinds: dict, limit: int) -> str:
    """JSON text of ``result``, its biggest values replaced until it is at most ``limit`` long."""
    values = result["values"]
    sizes = {name: len(_dumps(record)) for name, record in values.items()}
    text = _dumps(result)
    while len(text) > limit:
        total = len(text)
        replaced = False
        for name in sorted(sizes, key=sizes.get, reverse=True):
            if total <= limit:
                break
            if values[name]["t"] in ("skip", "unsupported"):
                continue  # already small
            placeholder = {"t": "unsupported", "type": kinds[name], "reason": "too large"}
            new_size = len(_dumps(placeholder))
            if new_size >= sizes[name]:
                continue
            values[name] = placeholder
            result["converted"].pop(name, None)
            total -= sizes[name] - new_size
            sizes[name] = new_size
            replaced = True
        if not replaced:
            break
        text = _dumps(result)
    return text


def encode_value(value, hooks=None, *, limit: int = 1_000_000) -> tuple[dict, str | None]:
    """One value as a record (not JSON text), and the name of the home-made type it held, if any.

    What :func:`encode` does for each name, for the grading bridge's messages (arguments,
    results, exceptions). With ``hooks``, what is not data becomes a reference record:

    * ``{"t": "ref", "h": N}``: an object the *receiving* side owns (``hooks.refer``);
    * ``{"t": "dual", "plain": record, "h": N, "type": name}``: a subclass of a built-in type, as
      the plain value it holds plus a handle for what its class adds (``hooks.handle``);
    * whatever ``hooks.opaque(x)`` returns for the rest (``remote``, ``module`` and ``global``
      records: see :mod:`grading.engine.bridge`).

    Never raises because of a value: what cannot be carried becomes an ``unsupported`` record.

    Examples
    --------
    >>> encode_value([1, 2.5])
    ({'t': 'list', 'v': [{'t': 'int', 'v': '1'}, {'t': 'float', 'v': '2.5'}]}, None)
    >>> decode_value(encode_value({"a": (1, "b")})[0])
    {'a': (1, 'b')}
    """
    encoder = _Encoder(budget=int(limit), hooks=hooks)
    record = encoder.top(value)
    if record["t"] == "skip":
        record = {"t": "unsupported", "type": record["type"], "reason": "not data"}
    return record, encoder.converted


def decode_value(record, resolver=None):
    """Rebuild one value from a record of :func:`encode_value` (``ValueError`` if malformed).

    ``resolver`` (the grading bridge) turns reference records into objects: ``resolve(record)``
    for ``remote``, ``ref``, ``module`` and ``global`` records, ``dual(record, plain)`` for
    ``dual`` ones. Without it, a reference becomes an :class:`Unsupported` placeholder and a
    ``dual`` its plain value.
    """
    global _RESOLVER
    previous, _RESOLVER = _RESOLVER, resolver
    try:
        if type(record) is dict and record.get("t") == "unsupported":
            type_name, reason = record.get("type"), record.get("reason", "")
            if type(type_name) is not str or type(reason) is not str:
                raise ValueError("a malformed unsupported record")
            return Unsupported(type_name[:200], reason[:500])
        try:
            return _decode(record, 0)
        except ValueError:
            raise
        except Exception as error:
            raise ValueError(f"could not be rebuilt: {type(error).__name__}: {error}") from None
    finally:
        _RESOLVER = previous


# --------------------------------------------------------------------------------------------
# Decoding (runs in the clean kernel and in the grader)


def decode(text: str, resolver=None) -> tuple[dict, list[str], dict]:
    """Rebuild the values from the JSON text :func:`encode` wrote.

    The text is untrusted data: every record is checked, nothing in it is evaluated, and the only
    modules used are numpy, pandas, datetime, decimal, fractions and zoneinfo. Values come back as
    the same kind they were (``np.float64`` stays ``np.float64``, a Series keeps its index and
    name, a tuple stays a tuple); ``skip`` names are left out; ``unsupported`` names become
    :class:`Unsupported` placeholders.

    Parameters
    ----------
    text
        What :func:`encode` returned.

    Returns
    -------
    tuple
        ``(values, missing, converted)``: the names and rebuilt values; the names that did not
        exist; the names whose value was a subclass of a built-in type, with that type's name.

    Raises
    ------
    ValueError
        The text is not valid JSON or holds a malformed record.

    Examples
    --------
    >>> values, missing, converted = decode(
    ...     '{"values": {"laba": {"t": "float", "v": "-0.0"}, "f": {"t": "unsupported",'
    ...     ' "type": "__main__.F", "reason": "not a supported type"}},'
    ...     ' "missing": ["x"], "converted": {}}')
    >>> values
    {'laba': -0.0, 'f': <jawaban tidak didukung / unsupported answer: __main__.F>}
    >>> decode("{not json")
    Traceback (most recent call last):
    ValueError: The answers are not valid JSON: ...
    """
    if type(text) is not str:
        raise ValueError("The answers must be JSON text (a str).")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"The answers are not valid JSON: {error}") from None
    if type(data) is not dict:
        raise ValueError("The answers must be a JSON object.")
    records, missing, converted = data.get("values"), data.get("missing"), data.get("converted")
    if type(records) is not dict:
        raise ValueError('The answers have no "values" object.')
    if type(missing) is not list or any(type(name) is not str for name in missing):
        raise ValueError('"missing" must be a list of names.')
    if type(converted) is not dict or any(type(v) is not str for v in converted.values()):
        raise ValueError('"converted" must map names to type names.')
    values = {}
    global _RESOLVER
    previous, _RESOLVER = _RESOLVER, resolver
    try:
        _decode_records(records, missing, values)
    finally:
        _RESOLVER = previous
    return values, list(missing), dict(converted)


def _decode_records(records: dict, missing: list, values: dict) -> None:
    for name, record in records.items():
        if name in missing:
            raise ValueError(f"The answer {name!r} is listed both as missing and with a value.")
        if type(record) is not dict or type(record.get("t")) is not str:
            raise ValueError(f"The answer {name!r} is not a record.")
        tag = record["t"]
        if tag == "skip":
            continue
        if tag == "unsupported":
            type_name, reason = record.get("type"), record.get("reason", "")
            if type(type_name) is not str or type(reason) is not str:
                raise ValueError(f"The answer {name!r} is a malformed unsupported record.")
            values[name] = Unsupported(type_name[:200], reason[:500])
            continue
        try:
            values[name] = _decode(record, 0)
        except ValueError as error:
            raise ValueError(f"The answer {name!r} is malformed: {error}") from None
        except Exception as error:
            raise ValueError(f"The answer {name!r} could not be rebuilt: "
                             f"{type(error).__name__}: {error}") from None


def load(namespace: dict, text: str, resolver=None) -> None:
    """Put the decoded answers into a clean kernel's namespace.

    Every decoded value is set; every name that did not exist in the participant's kernel is
    deleted, so a test reading it raises ``NameError`` there too; ``skip`` names are left alone.
    A malformed text raises ``ValueError`` before anything changes.

    Parameters
    ----------
    namespace
        The clean kernel's user namespace.
    text
        What :func:`encode` returned in the participant's kernel.
    """
    values, missing, _ = decode(text, resolver)
    for name in missing:
        namespace.pop(name, None)
    namespace.update(values)


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(what)


def _field(record: dict, key: str):
    _check(key in record, f'a "{record.get("t")}" record has no "{key}"')
    return record[key]


def _json_int(value, what: str = "an integer") -> int:
    _check(type(value) is int, f"expected {what}")
    return value


def _text_int(value) -> int:
    _check(type(value) is str and re.fullmatch(r"-?[0-9]+", value) is not None,
           "expected an integer written as text")
    return int(value)


def _text_float(value) -> float:
    _check(type(value) is str and len(value) <= 40, "expected a float written as text")
    return float(value)


def _items(value, what: str = "a list") -> list:
    _check(type(value) is list, f"expected {what}")
    return value


def _hashable(value):
    hash(value)  # TypeError for a list, a dict or a set, turned into ValueError by decode
    return value


def _offset_zone(micros):
    if micros is None:
        return None
    return datetime.timezone(datetime.timedelta(microseconds=_json_int(micros, "an offset")))


def _decode(record, depth: int):
    _check(depth <= 4 * MAX_DEPTH + 8, "records nested too deep")
    _check(type(record) is dict and type(record.get("t")) is str, "expected a record")
    decoder = _DECODERS.get(record["t"])
    _check(decoder is not None, f"unknown record type {record['t'][:50]!r}")
    return decoder(record, depth)


def _decode_float(record, depth):
    return _text_float(_field(record, "v"))


def _decode_complex(record, depth):
    parts = _items(_field(record, "v"))
    _check(len(parts) == 2, "a complex number needs two parts")
    return complex(_text_float(parts[0]), _text_float(parts[1]))


def _decode_str(record, depth):
    value = _field(record, "v")
    _check(type(value) is str, "expected a str")
    return value


def _decode_bytes(record, depth):
    value = _field(record, "v")
    _check(type(value) is str, "expected base64 text")
    return base64.b64decode(value.encode("ascii"), validate=True)


def _decode_bool(record, depth):
    value = _field(record, "v")
    _check(type(value) is bool, "expected true or false")
    return value


def _decode_sequence(record, depth):
    items = [_decode(item, depth + 1) for item in _items(_field(record, "v"))]
    kind = record["t"]
    if kind == "list":
        return items
    if kind == "tuple":
        return tuple(items)
    return (set if kind == "set" else frozenset)(_hashable(item) for item in items)


def _decode_dict(record, depth):
    pairs = []
    for pair in _items(_field(record, "v")):
        _check(type(pair) is list and len(pair) == 2, "a dict entry must be a [key, value] pair")
        pairs.append((_hashable(_decode(pair[0], depth + 1)), _decode(pair[1], depth + 1)))
    kind = record.get("kind")
    if kind is None:
        return dict(pairs)
    if kind == "OrderedDict":
        return collections.OrderedDict(pairs)
    if kind == "Counter":
        return collections.Counter(dict(pairs))
    _check(kind == "defaultdict", f"unknown dict kind {str(kind)[:50]!r}")
    factory = record.get("factory")
    _check(factory is None or factory in _FACTORIES, "unknown defaultdict factory")
    return collections.defaultdict(_FACTORIES.get(factory), pairs)


def _decode_range(record, depth):
    parts = _items(_field(record, "v"))
    _check(len(parts) == 3, "a range needs start, stop and step")
    return range(*(_text_int(part) for part in parts))


def _decode_date(record, depth):
    parts = [_json_int(part) for part in _items(_field(record, "v"))]
    _check(len(parts) == 3, "a date needs year, month and day")
    return datetime.date(*parts)


def _decode_datetime(record, depth):
    parts = [_json_int(part) for part in _items(_field(record, "v"))]
    _check(len(parts) == 7, "a datetime needs seven fields")
    return datetime.datetime(*parts, tzinfo=_offset_zone(record.get("offset")),
                             fold=_json_int(record.get("fold", 0)))


def _decode_time(record, depth):
    parts = [_json_int(part) for part in _items(_field(record, "v"))]
    _check(len(parts) == 4, "a time needs four fields")
    return datetime.time(*parts, tzinfo=_offset_zone(record.get("offset")),
                         fold=_json_int(record.get("fold", 0)))


def _decode_timedelta(record, depth):
    parts = [_json_int(part) for part in _items(_field(record, "v"))]
    _check(len(parts) == 3, "a timedelta needs days, seconds and microseconds")
    return datetime.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2])


def _decode_decimal(record, depth):
    value = _field(record, "v")
    _check(type(value) is str, "expected a decimal written as text")
    return decimal.Decimal(value)


def _decode_fraction(record, depth):
    parts = _items(_field(record, "v"))
    _check(len(parts) == 2, "a fraction needs a numerator and a denominator")
    return fractions.Fraction(_text_int(parts[0]), _text_int(parts[1]))


# -- numpy


def _numpy_dtype(value):
    import numpy as np

    _check(type(value) is str and _NUMPY_DTYPE.fullmatch(value) is not None,
           "unknown numpy dtype")
    return np.dtype(value)


def _numpy_flat(dtype, items: list, depth: int):
    """A 1-D array of ``dtype`` from encoded items."""
    import numpy as np

    kind = dtype.kind
    if kind == "b":
        _check(all(type(v) is bool for v in items), "expected true or false items")
        return np.array(items, dtype=dtype)
    if kind in "iu":
        _check(all(type(v) is int for v in items), "expected integer items")
        return np.array(items, dtype=dtype)
    if kind == "f":
        return np.array([_text_float(v) for v in items], dtype=dtype)
    if kind == "c":
        values = []
        for v in items:
            _check(type(v) is list and len(v) == 2, "a complex item needs two parts")
            values.append(complex(_text_float(v[0]), _text_float(v[1])))
        return np.array(values, dtype=dtype)
    if kind in "US":
        _check(all(type(v) is str for v in items), "expected text items")
        if kind == "S":
            items = [base64.b64decode(v.encode("ascii"), validate=True) for v in items]
        _check(dtype.itemsize * len(items) <= _MAX_STRING_ARRAY_BYTES, "a string array too large")
        return np.array(items, dtype=dtype)
    if kind in "Mm":
        _check(all(type(v) is int for v in items), "expected integer items")
        return np.array(items, dtype=np.int64).view(dtype.newbyteorder("=")).astype(dtype)
    flat = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        flat[i] = _decode(item, depth + 1)
    return flat


def _decode_ndarray(record, depth):
    dtype = _numpy_dtype(_field(record, "dtype"))
    shape = [_json_int(n, "a shape") for n in _items(_field(record, "shape"))]
    _check(len(shape) <= 32 and all(n >= 0 for n in shape), "a bad shape")
    items = _items(_field(record, "v"))
    size = 1
    for n in shape:
        size *= n
    _check(size == len(items), "the shape does not match the number of items")
    return _numpy_flat(dtype, items, depth).reshape(shape)


def _decode_masked(record, depth):
    import numpy as np

    data = _decode_ndarray(_field(record, "v"), depth + 1)
    mask = _decode_ndarray(_field(record, "mask"), depth + 1)
    _check(mask.dtype == np.bool_ and mask.shape == data.shape, "a bad mask")
    return np.ma.MaskedArray(data, mask=mask)


def _decode_numpy_scalar(record, depth):
    dtype = _numpy_dtype(_field(record, "dtype"))
    _check(dtype.kind != "O", "a numpy scalar cannot be of object dtype")
    return _numpy_flat(dtype, [_field(record, "v")], depth)[0]


# -- pandas


def _unit(value) -> str:
    _check(value in _PANDAS_UNITS, "unknown time unit")
    return value


def _zone(record):
    if record is None:
        return None
    _check(type(record) is dict, "expected a time zone")
    if "offset" in record:
        return _offset_zone(record["offset"])
    key = record.get("zone")
    _check(type(key) is str and _ZONE_KEY.fullmatch(key) is not None and ".." not in key,
           "a bad time zone name")
    import zoneinfo

    return zoneinfo.ZoneInfo(key)


def _decode_timestamp(record, depth):
    import numpy as np
    import pandas as pd

    unit = _unit(_field(record, "unit"))
    stamp = pd.Timestamp(np.datetime64(_json_int(_field(record, "v")), unit))
    zone = _zone(record.get("tz"))
    return stamp if zone is None else stamp.tz_localize("UTC").tz_convert(zone)


def _decode_timedelta64(record, depth):
    import numpy as np
    import pandas as pd

    unit = _unit(_field(record, "unit"))
    return pd.Timedelta(np.timedelta64(_json_int(_field(record, "v")), unit))


def _decode_nat(record, depth):
    import pandas as pd

    return pd.NaT


def _decode_na(record, depth):
    import pandas as pd

    return pd.NA


def _column(record, depth: int):
    """The values of a Series, an Index or a DataFrame column: a numpy or pandas array."""
    import numpy as np
    import pandas as pd

    _check(type(record) is dict, "expected column data")
    kind = record.get("kind")
    if kind == "numpy":
        inner = _field(record, "v")
        _check(type(inner) is dict and inner.get("t") == "np.ndarray", "expected an array")
        values = _decode_ndarray(inner, depth + 1)
        _check(values.ndim == 1, "column data must be one-dimensional")
        return values
    if kind == "datetimetz":
        unit = _unit(_field(record, "unit"))
        items = _items(_field(record, "v"))
        _check(all(type(v) is int for v in items), "expected integer items")
        utc = np.array(items, dtype=np.int64).view(f"M8[{unit}]")
        zone = _zone(_field(record, "tz"))
        _check(zone is not None, "a time zone is needed")
        return pd.DatetimeIndex(utc).tz_localize("UTC").tz_convert(zone).array
    if kind == "string":
        storage, na = _field(record, "storage"), _field(record, "na")
        _check(storage in ("python", "pyarrow") and na in ("nan", "NA"), "a bad string dtype")
        items = _items(_field(record, "v"))
        _check(all(v is None or type(v) is str for v in items), "expected text items")
        dtype = pd.StringDtype(storage) if na == "NA" else pd.StringDtype(storage, na_value=np.nan)
        return pd.array(items, dtype=dtype)
    if kind == "category":
        categories = _decode_index(_field(record, "categories"), depth + 1)
        codes = _field(record, "codes")
        _check(type(codes) is dict and codes.get("t") == "np.ndarray", "expected codes")
        codes = _decode_ndarray(codes, depth + 1)
        _check(codes.dtype.kind == "i" and codes.ndim == 1, "codes must be integers")
        _check(bool(((codes >= -1) & (codes < len(categories))).all()), "a code out of range")
        ordered = _field(record, "ordered")
        _check(type(ordered) is bool, "ordered must be true or false")
        dtype = pd.CategoricalDtype(categories, ordered=ordered)
        return pd.Categorical.from_codes(codes, dtype=dtype)
    if kind == "masked":
        name = _field(record, "dtype")
        _check(name in _MASKED_DTYPES, "unknown pandas dtype")
        inner = _field(record, "v")
        _check(type(inner) is dict and inner.get("t") == "np.ndarray", "expected an array")
        data = _decode_ndarray(inner, depth + 1)
        mask = _items(_field(record, "mask"))
        _check(data.ndim == 1 and len(mask) == len(data) and all(type(m) is bool for m in mask),
               "a bad mask")
        values = pd.array(data, dtype=name)
        values[np.array(mask, dtype=bool)] = pd.NA
        return values
    raise ValueError(f"unknown column kind {str(kind)[:50]!r}")


def _decode_index(record, depth):
    import pandas as pd

    _check(type(record) is dict, "expected an index")
    name = _hashable(_decode(_field(record, "name"), depth + 1))
    if record.get("t") == "pd.RangeIndex":
        parts = _items(_field(record, "v"))
        _check(len(parts) == 3, "a range index needs start, stop and step")
        start, stop, step = (_text_int(part) for part in parts)
        return pd.RangeIndex(start, stop, step, name=name)
    _check(record.get("t") == "pd.Index", "expected an index")
    values = _column(_field(record, "data"), depth + 1)
    index = pd.Index(values, dtype=values.dtype, name=name)
    freq = record.get("freq")
    if freq is not None:
        _check(type(freq) is str and _FREQUENCY.fullmatch(freq) is not None
               and type(index) in (pd.DatetimeIndex, pd.TimedeltaIndex), "a bad frequency")
        index = type(index)(index, freq=freq)
    return index


def _decode_series(record, depth):
    import pandas as pd

    values = _column(_field(record, "data"), depth + 1)
    index = _decode_index(_field(record, "index"), depth + 1)
    name = _hashable(_decode(_field(record, "name"), depth + 1))
    _check(len(values) == len(index), "the index and the values differ in length")
    return pd.Series(values, index=index, name=name, dtype=values.dtype)


def _decode_frame(record, depth):
    import pandas as pd

    index = _decode_index(_field(record, "index"), depth + 1)
    columns = _decode_index(_field(record, "columns"), depth + 1)
    data = [_column(column, depth + 1) for column in _items(_field(record, "data"))]
    _check(len(data) == len(columns), "the columns and their data differ in number")
    _check(all(len(values) == len(index) for values in data), "columns of different lengths")
    if not data:
        return pd.DataFrame(index=index, columns=columns)
    # Series on a shared default index, so nothing is aligned and no dtype is inferred again
    frame = pd.DataFrame({i: pd.Series(values, dtype=values.dtype)
                          for i, values in enumerate(data)})
    frame.index = index
    frame.columns = columns
    return frame


_RESOLVER = None
"""The grading bridge's resolver while :func:`decode` or :func:`decode_value` runs."""


def _decode_reference(record, depth):
    if _RESOLVER is None:
        type_name = record.get("type")
        type_name = type_name if type(type_name) is str else record["t"]
        return Unsupported(type_name[:200], "a reference to another kernel's object")
    return _RESOLVER.resolve(record)


def _decode_dual(record, depth):
    plain = _decode(_field(record, "plain"), depth + 1)
    _check(type(plain) in (int, float, complex, str, bytes, list, tuple, dict, set, frozenset),
           "a dual record holds a built-in value")
    return plain if _RESOLVER is None else _RESOLVER.dual(record, plain)


_DECODERS = {
    "none": lambda record, depth: None,
    "remote": _decode_reference,
    "ref": _decode_reference,
    "module": _decode_reference,
    "global": _decode_reference,
    "dual": _decode_dual,
    "bool": _decode_bool,
    "int": lambda record, depth: _text_int(_field(record, "v")),
    "float": _decode_float,
    "complex": _decode_complex,
    "str": _decode_str,
    "bytes": _decode_bytes,
    "list": _decode_sequence,
    "tuple": _decode_sequence,
    "set": _decode_sequence,
    "frozenset": _decode_sequence,
    "dict": _decode_dict,
    "range": _decode_range,
    "date": _decode_date,
    "datetime": _decode_datetime,
    "time": _decode_time,
    "timedelta": _decode_timedelta,
    "decimal": _decode_decimal,
    "fraction": _decode_fraction,
    "np.scalar": _decode_numpy_scalar,
    "np.ndarray": _decode_ndarray,
    "np.masked": _decode_masked,
    "pd.Timestamp": _decode_timestamp,
    "pd.Timedelta": _decode_timedelta64,
    "pd.NaT": _decode_nat,
    "pd.NA": _decode_na,
    "pd.Series": _decode_series,
    "pd.DataFrame": _decode_frame,
    "pd.Index": _decode_index,
    "pd.RangeIndex": _decode_index,
}
