"""The grading bridge, kernel side: what a test touches of the participant's work, live.

The grading engine runs a submission in the participant's kernel and its tests in a second, clean
kernel that only runs the assignment's own code. Plain values (numbers, text, lists, arrays,
tables) cross as data (:mod:`grading.engine.codec`). Everything else — the participant's
functions, lambdas, classes and their instances, generators, figures, modules imported by name —
crosses as a *reference*: in the clean kernel it is a :class:`Remote` proxy, and each use of it
(a call, an attribute, an item, ``len``, iteration, arithmetic ...) is carried out in the
participant's kernel, where the object lives, at the point of the notebook where the test runs.
Arguments cross as data or as references back, results as data or as new references; an
exception raised there is raised here with its type (a built-in or library type by name, a
participant's exception class as a stand-in subclass of its nearest built-in base) and the
participant's traceback as its cause. What the participant's code prints is shown in the test's
output, as nbgrader would show it.

Trust: only trusted code runs in the clean kernel; the participant's code only ever runs in the
participant's kernel. What comes back is data, decoded by the codec (a ``float`` subclass whose
``==`` lies arrives as the plain float it holds), or a reference. A reference compared with, or
combined by arithmetic with, a test's value (``==``, ``<``, ``-`` ...) is *not* asked: the
participant's object would see the expected value and could answer "equal" or "zero apart".
Such a comparison is False (ordering and arithmetic raise ``TypeError``) and is recorded as an
engine limit, so the cell goes to a person, never a silent 0. Between two of the participant's
objects, comparisons and arithmetic are theirs to answer, as in nbgrader.

Faithfulness: a test may ``del`` a participant's name or bind it anew (nbgrader's documentation
checks that ``sum_of_squares`` uses ``squares`` that way); the names a test shares with the
participant's namespace are synchronised there before each call and at the end of the cell.
``random.seed`` and ``numpy.random.seed`` called by a test seed the participant's generators too,
and ``matplotlib.pyplot``'s current-figure functions (``gcf``, ``gca`` ...) answer with the
participant's figures.

Transport: Jupyter's own stdin channel. A kernel sends a message as the prompt of an
``input_request`` (``kernel.raw_input``) and reads the answer from the ``input_reply``; the
grader (:mod:`grading.engine.run`) relays between the two kernels. Each side, while it waits for
an answer, serves the requests the other side sends meanwhile (a participant's function calling
a test's callback), so calls nest both ways. The participant's kernel is *parked* in
:meth:`Bridge.park` (one silent request) while a test cell runs.

This module runs inside kernels: standard library only at import time, only definitions at the
top level (it is executed from its source where it cannot be imported).
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import json
import operator
import re
import sys
import traceback
import types

PREFIX = "\x00kelas-ekspor/1\x00"
"""Starts every bridge message (a prompt that does not is a participant's own ``input()``)."""

PARKED = PREFIX + '{"op":"parked"}'
"""The participant's kernel's first message once parked."""

_MISSING = object()
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RESULT_LIMIT = 4_000_000
_FORWARDED = {  # module -> functions a test calls whose answer is the participant's kernel's
    "random": ("seed",),
    "numpy.random": ("seed",),
    "matplotlib.pyplot": ("gcf", "gca", "gci", "get_fignums", "get_figlabels", "close"),
}
_SEEDS = {("random", "seed"), ("numpy.random", "seed"), ("matplotlib.pyplot", "close")}
_BINARY = ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "pow", "and", "or",
           "xor", "lshift", "rshift")
_OPERATORS = {name: getattr(operator, name if name not in ("and", "or") else name + "_")
              for name in _BINARY}
_OPERATORS["divmod"] = divmod
_COMPARISONS = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le,
                "gt": operator.gt, "ge": operator.ge}
_UNARY = {"len": len, "iter": iter, "next": next, "bool": bool, "repr": repr, "str": str,
          "hash": hash, "index": operator.index, "int": int, "float": float, "complex": complex,
          "abs": abs, "neg": operator.neg, "pos": operator.pos, "invert": operator.invert,
          "dir": dir, "reversed": reversed}
_SPECIAL_TYPES = {  # type names without a module attribute of their own
    "function": types.FunctionType, "builtin_function_or_method": types.BuiltinFunctionType,
    "method": types.MethodType, "generator": types.GeneratorType, "module": types.ModuleType,
    "coroutine": types.CoroutineType, "code": types.CodeType, "NoneType": type(None),
}

BRIDGE = None
"""This kernel's :class:`Bridge` (set by :func:`install`)."""


class EngineLimit(TypeError):
    """The grader could not carry out this use of a participant's object outside their kernel."""


def _limit_text(what: str) -> str:
    return (f"Penilai otomatis tidak bisa memeriksa ini di luar kernel peserta: {what}. "
            f"Sel ini diperiksa manual. / The autograder cannot check this outside the "
            f"participant's kernel: {what}. This cell goes to hand grading.")


class RemoteTraceback(Exception):
    """The traceback of an exception raised in the other kernel (shown as the cause)."""

    def __str__(self) -> str:
        return "\n" + (self.args[0] if self.args else "")


# --------------------------------------------------------------------------------------------
# Proxies


def _ask(proxy, op: str, arguments: tuple = (), **fields):
    h = object.__getattribute__(proxy, "_kelas_h")
    return BRIDGE.request({"op": op, "h": h, **fields}, arguments)


def _binary(name: str, reflected: bool):
    def method(self, other):
        if type(other) is not Remote:  # a test's value: the participant's object must not
            BRIDGE.note_limit(f"'{name}' between a participant's {self._kelas_type} and a "
                              "value of the test")  # see it (it could answer "0 away")
            return NotImplemented
        return _ask(self, "binop", name=name, reflected=reflected, other=BRIDGE.encode(other))
    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


def _unary(name: str):
    def method(self):
        return _ask(self, "unary", name=name)
    method.__name__ = f"__{name}__"
    return method


def _compare(name: str):
    def method(self, other):
        if type(other) is Remote:
            return _ask(self, "compare", name=name, other=BRIDGE.encode(other))
        if other is None and name in ("eq", "ne"):
            return NotImplemented
        BRIDGE.note_limit(f"'{name}' between a participant's {self._kelas_type} and a value")
        return NotImplemented
    method.__name__ = f"__{name}__"
    return method


class Remote:
    """An object of the other kernel: every use of it is carried out there.

    ``type(x)`` is :class:`Remote`; ``x.__class__`` and ``isinstance`` see the object's real
    class where this kernel has it too (a library's class), else the class's own proxy.
    """

    __slots__ = ("_kelas_h", "_kelas_type", "_kelas_kind", "__weakref__")

    def __init__(self, h: int, type_name: str, kind: str) -> None:
        object.__setattr__(self, "_kelas_h", h)
        object.__setattr__(self, "_kelas_type", type_name)
        object.__setattr__(self, "_kelas_kind", kind)

    def __getattr__(self, name: str):
        if name.startswith("_kelas_"):
            raise AttributeError(name)
        return _ask(self, "getattr", name=name)

    def __setattr__(self, name: str, value) -> None:
        _ask(self, "setattr", name=name, value=BRIDGE.encode(value))

    def __delattr__(self, name: str) -> None:
        _ask(self, "delattr", name=name)

    def __call__(self, *args, **kwargs):
        return _ask(self, "call", args, args=[BRIDGE.encode(a) for a in args],
                    kwargs={k: BRIDGE.encode(v) for k, v in kwargs.items()})

    def __getitem__(self, key):
        return _ask(self, "getitem", key=BRIDGE.encode(key))

    def __setitem__(self, key, value) -> None:
        _ask(self, "setitem", key=BRIDGE.encode(key), value=BRIDGE.encode(value))

    def __delitem__(self, key) -> None:
        _ask(self, "delitem", key=BRIDGE.encode(key))

    def __contains__(self, item) -> bool:
        return _ask(self, "contains", item=BRIDGE.encode(item))

    def __format__(self, spec: str) -> str:
        return _ask(self, "format", spec=spec)

    def __round__(self, digits=None):
        return _ask(self, "round", digits=digits)

    def __enter__(self):
        return _ask(self, "enter")

    def __exit__(self, *exc):
        return _ask(self, "exit", exc=[BRIDGE.encode(e) for e in exc])

    def __copy__(self):
        return _ask(self, "copy")

    def __deepcopy__(self, memo):
        return _ask(self, "deepcopy")

    def __instancecheck__(self, instance) -> bool:
        return _ask(self, "isinstance", value=BRIDGE.encode(instance))

    def __subclasscheck__(self, subclass) -> bool:
        return _ask(self, "issubclass", value=BRIDGE.encode(subclass))

    def __mro_entries__(self, bases):
        raise EngineLimit(BRIDGE.note_limit(
            f"a class in the test that subclasses the participant's {self._kelas_type}"))

    def __reduce_ex__(self, protocol):
        raise EngineLimit(BRIDGE.note_limit(f"pickling a participant's {self._kelas_type}"))

    @property
    def __class__(self):
        found = BRIDGE.local_class(self)
        return found if found is not None else Remote

    __len__ = _unary("len")
    __iter__ = _unary("iter")
    __next__ = _unary("next")
    __bool__ = _unary("bool")
    __repr__ = _unary("repr")
    __str__ = _unary("str")
    __hash__ = _unary("hash")
    __index__ = _unary("index")
    __int__ = _unary("int")
    __float__ = _unary("float")
    __complex__ = _unary("complex")
    __abs__ = _unary("abs")
    __neg__ = _unary("neg")
    __pos__ = _unary("pos")
    __invert__ = _unary("invert")
    __dir__ = _unary("dir")
    __reversed__ = _unary("reversed")
    __eq__ = _compare("eq")
    __ne__ = _compare("ne")
    __lt__ = _compare("lt")
    __le__ = _compare("le")
    __gt__ = _compare("gt")
    __ge__ = _compare("ge")
    __add__, __radd__ = _binary("add", False), _binary("add", True)
    __sub__, __rsub__ = _binary("sub", False), _binary("sub", True)
    __mul__, __rmul__ = _binary("mul", False), _binary("mul", True)
    __matmul__, __rmatmul__ = _binary("matmul", False), _binary("matmul", True)
    __truediv__, __rtruediv__ = _binary("truediv", False), _binary("truediv", True)
    __floordiv__, __rfloordiv__ = _binary("floordiv", False), _binary("floordiv", True)
    __mod__, __rmod__ = _binary("mod", False), _binary("mod", True)
    __divmod__, __rdivmod__ = _binary("divmod", False), _binary("divmod", True)
    __pow__, __rpow__ = _binary("pow", False), _binary("pow", True)
    __and__, __rand__ = _binary("and", False), _binary("and", True)
    __or__, __ror__ = _binary("or", False), _binary("or", True)
    __xor__, __rxor__ = _binary("xor", False), _binary("xor", True)
    __lshift__, __rlshift__ = _binary("lshift", False), _binary("lshift", True)
    __rshift__, __rrshift__ = _binary("rshift", False), _binary("rshift", True)


def _dual_getattr(self, name: str):
    if name.startswith("_kelas_") or name.startswith("__"):
        raise AttributeError(name)
    h = self.__dict__.get("_kelas_h")
    if h is None:
        raise AttributeError(name)
    return BRIDGE.request({"op": "getattr", "h": h, "name": name})


def _dual_class(base: type) -> type:
    """A local subclass of ``base``: the plain value, and what the other side's class adds."""
    return type(f"Dual{base.__name__.capitalize()}", (base,), {
        "__getattr__": _dual_getattr, "__module__": __name__,
        "__doc__": f"A {base.__name__} value from the other kernel, with its own class's "
                   "attributes asked for there."})


_DUALS = {base: _dual_class(base) for base in (int, float, complex, str, bytes, list, tuple,
                                                dict, set, frozenset)}
_DUAL_TYPES = frozenset(_DUALS.values())


# --------------------------------------------------------------------------------------------
# The bridge


class _Unparked(BaseException):
    """The grader ended the test cell while the participant's kernel was parked."""


class Bridge:
    """One kernel's end of the bridge: the objects it showed the other side, the proxies of the
    other side's objects, and the message loop. ``role`` is ``"participant"`` or ``"clean"``."""

    def __init__(self, codec, role: str, namespace: dict, kernel) -> None:
        self.codec = codec
        self.role = role
        self.ns = namespace
        self.kernel = kernel
        self.objects: dict[int, object] = {}  # handle -> an object of this kernel shown there
        self.handles: dict[int, int] = {}  # id(object) -> handle
        self.proxies: dict[int, object] = {}  # handle -> the proxy of the other side's object
        self.standins: dict[int, type] = {}  # handle -> local exception class for theirs
        self.limits: list[str] = []
        self.converted: dict[str, str] = {}
        self.tracked: dict[str, object] = {}
        self.active = False
        self._next = 1
        self._duals: dict[int, list] = {}  # handle -> mutable dual values made from it

    # -- handles and records -----------------------------------------------------------------

    def handle(self, x) -> int:
        """The handle under which the other side may refer to ``x`` (kept alive until the end)."""
        h = self.handles.get(id(x))
        if h is not None and self.objects.get(h) is x:
            return h
        h = self._next
        self._next += 1
        self.objects[h] = x
        self.handles[id(x)] = h
        return h

    def refer(self, x):
        """A ``ref`` record for a proxy or dual value of the other side's object."""
        kind = type(x)
        if kind is Remote:
            return {"t": "ref", "h": object.__getattribute__(x, "_kelas_h")}
        if kind in _DUAL_TYPES:
            h = x.__dict__.get("_kelas_h")
            if type(h) is int:
                return {"t": "ref", "h": h}
        if isinstance(x, type):
            h = type.__dict__["__dict__"].__get__(x, type).get("_kelas_standin")
            if type(h) is int:
                return {"t": "ref", "h": h}
        return None

    def opaque(self, x):
        """A record for an object that is not data: a module, an importable global, or a
        reference (``remote``) to this kernel's object."""
        kind = type(x)
        type_name = self.codec._type_name(kind)
        if issubclass(kind, types.ModuleType):
            name = x.__dict__.get("__name__")
            if type(name) is str:
                return {"t": "module", "name": name, "h": self.handle(x), "type": "module"}
        record = {"t": "remote", "h": self.handle(x), "type": type_name[:200],
                  "kind": "class" if isinstance(x, type) else
                  "callable" if callable(x) else "object"}
        if isinstance(x, (type, types.FunctionType, types.BuiltinFunctionType)):
            module = getattr(x, "__module__", None)
            qualname = getattr(x, "__qualname__", None)
            if (type(module) is str and type(qualname) is str and module != "__main__"
                    and "<" not in qualname):
                record.update(t="global", module=module, qualname=qualname)
        if isinstance(x, type) and issubclass(x, BaseException):
            record["exc"] = [cls.__name__ for cls in x.__mro__
                             if cls.__module__ == "builtins"][:8]
            record["name"] = x.__name__ if type(x.__name__) is str else "Error"
        return record

    def encode(self, value) -> dict:
        record, converted = self.codec.encode_value(value, self, limit=_RESULT_LIMIT)
        if converted is not None:
            self.converted[converted] = converted
        return record

    def decode(self, record):
        try:
            value = self.codec.decode_value(record, self)
        except ValueError as error:
            raise EngineLimit(self.note_limit(f"a malformed value ({error})")) from None
        if isinstance(value, self.codec.Unsupported):
            self.note_limit(f"a value of type {value.type_name} ({value.reason})")
        return value

    # -- the resolver for decoding -----------------------------------------------------------

    def resolve(self, record):
        kind = record.get("t")
        h = record.get("h")
        if type(h) is not int:
            raise ValueError("a reference without a handle")
        if kind == "ref":
            if h not in self.objects:
                raise ValueError("a reference to an unknown object")
            return self.objects[h]
        if kind == "module":
            found = self._import(record.get("name"))
            if found is not None:
                return found
        if kind == "global" and "exc" in record:
            # an exception class by name (ValueError, numpy's LinAlgError): the test's
            # ``except`` needs the class itself; anything else named by the participant's kernel
            # stays a reference, so that no code it picks runs in this kernel
            found = self._global(record.get("module"), record.get("qualname"))
            if isinstance(found, type) and issubclass(found, BaseException):
                return found
        if "exc" in record:
            return self._standin(h, record)
        proxy = self.proxies.get(h)
        if proxy is None:
            type_name = record.get("type")
            proxy = Remote(h, type_name if type(type_name) is str else "?",
                           str(record.get("kind", "object")))
            self.proxies[h] = proxy
        return proxy

    def dual(self, record, plain):
        h = record.get("h")
        if record.get("changed") is True and type(record.get("type")) is str:
            self.converted[record["type"][:200]] = record["type"][:200]
        value = _DUALS[type(plain)](plain)
        if type(h) is int:
            value.__dict__["_kelas_h"] = h
            if isinstance(value, (list, dict, set)):  # a method of theirs may change it
                self._duals.setdefault(h, []).append(value)
        return value

    def _import(self, name):
        """The module ``name`` from this kernel's own installation (never the participant's
        folder: it is not on the clean kernel's path), or None."""
        if type(name) is not str or not all(_IDENTIFIER.fullmatch(p) for p in name.split(".")):
            return None
        if name in sys.modules:
            return sys.modules[name]
        try:
            if importlib.util.find_spec(name) is None:
                return None
            return importlib.import_module(name)
        except Exception:
            return None

    def _global(self, module, qualname):
        if type(qualname) is not str:
            return None
        found = self._import(module)
        for part in qualname.split("."):
            if found is None or not _IDENTIFIER.fullmatch(part) or part.startswith("__"):
                return None
            found = getattr(found, part, None)
        return found

    def _standin(self, h: int, record: dict) -> type:
        """A local exception class standing for the participant's (its nearest built-in base)."""
        standin = self.standins.get(h)
        if standin is None:
            base = Exception
            for name in record.get("exc") or ():
                candidate = getattr(builtins, str(name), None)
                if isinstance(candidate, type) and issubclass(candidate, BaseException):
                    base = candidate
                    break
            name = record.get("name")
            name = name if type(name) is str and _IDENTIFIER.fullmatch(name) else "Error"
            standin = type(name, (base,), {"__module__": "__main__", "_kelas_standin": h})
            self.standins[h] = standin
        return standin

    def local_class(self, proxy):
        """The class of a proxied object as this kernel knows it, or None."""
        if object.__getattribute__(proxy, "_kelas_kind") == "class":
            return type  # a proxied class is a class, as far as isinstance goes
        module, _, qualname = object.__getattribute__(proxy, "_kelas_type").rpartition(".")
        if not module:
            found = getattr(builtins, qualname, None)
            return found if isinstance(found, type) else _SPECIAL_TYPES.get(qualname)
        found = sys.modules.get(module)  # only a module this kernel has imported already
        for part in qualname.split("."):
            found = getattr(found, part, None) if found is not None else None
        return found if isinstance(found, type) else None

    def note_limit(self, what: str) -> str:
        text = _limit_text(what)
        if text not in self.limits:
            self.limits.append(text)
        return text

    # -- messages ----------------------------------------------------------------------------

    def exchange(self, message: dict) -> dict:
        """Send ``message`` to the other kernel, return the next message for this one."""
        text = json.dumps(message, separators=(",", ":"), allow_nan=False)
        reply = self.kernel.raw_input(PREFIX + text)
        if type(reply) is not str or not reply.startswith(PREFIX):
            raise EngineLimit(self.note_limit("the grader's connection was cut"))
        try:
            found = json.loads(reply[len(PREFIX):])
        except ValueError:
            raise EngineLimit(self.note_limit("a malformed message")) from None
        if type(found) is not dict:
            raise EngineLimit(self.note_limit("a malformed message"))
        if found.get("op") == "unpark":
            raise _Unparked(found.get("sync"))
        return found

    def request(self, message: dict, arguments: tuple = ()):
        """Ask the other kernel; serve what it asks meanwhile; return or raise its answer.
        ``arguments``: the objects of a call, which get the other side's changes to them."""
        if self.role == "clean":
            message["sync"] = self.changes()
        reply = self.exchange(message)
        while reply.get("op") not in ("return", "raise"):
            reply = self.exchange(self.serve(reply))
        return self.outcome(reply, arguments)

    def outcome(self, reply: dict, arguments: tuple = ()):
        for item in reply.get("refresh") or ():
            if type(item) is list and len(item) == 2:
                for value in self._duals.get(item[0], ()):
                    self._update(value, item[1])
        if reply.get("op") == "raise":
            raise self._exception(reply)
        value = self.decode(reply.get("value"))
        for item in reply.get("after") or ():
            if (type(item) is list and len(item) == 2 and type(item[0]) is int
                    and 0 <= item[0] < len(arguments)):
                self._update(arguments[item[0]], item[1])
        return value

    def _exception(self, reply: dict) -> BaseException:
        cls = self.decode(reply.get("type"))
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            cls = RuntimeError
        args = []
        for record in reply.get("args") or ():
            try:
                args.append(self.codec.decode_value(record, self))
            except ValueError:
                args.append(None)
        try:
            error = cls(*args)
        except Exception:
            error = cls.__new__(cls)
            error.args = tuple(args)
        if cls is StopIteration and args:
            error.value = args[0]
        attrs = reply.get("attrs")
        for name, record in (attrs.items() if type(attrs) is dict else ()):
            if type(name) is str and _IDENTIFIER.fullmatch(name) and not name.startswith("__"):
                try:
                    setattr(error, name, self.codec.decode_value(record, self))
                except (ValueError, AttributeError, TypeError):
                    pass
        tb = reply.get("tb")
        if type(tb) is str and tb:
            error.__cause__ = RemoteTraceback(tb[-6000:])
        return error

    def serve(self, message: dict) -> dict:
        """Carry out one request of the other kernel; the answer, never an exception."""
        try:
            if self.role == "participant":
                self.apply(message.get("sync"))
            arguments: list = []
            value = self._perform(message, arguments)
            reply = {"op": "return", "value": self.encode(value)}
            if message.get("op") == "call":  # what the call changed in its arguments
                sent = message.get("args") or []
                after = []
                for i, argument in enumerate(arguments):
                    if type(argument) in (list, dict, set, bytearray) or _is_array(argument) \
                            or _is_frame(argument):
                        record = self.encode(argument)
                        if i >= len(sent) or record != sent[i]:
                            after.append([i, record])
                if after:
                    reply["after"] = after
        except _Unparked:
            raise
        except BaseException as error:  # the participant's code raised: carried over by type
            reply = self._raise_reply(error)
        refresh = self._refreshed(message)
        if refresh:
            reply["refresh"] = refresh
        return reply

    def _raise_reply(self, error: BaseException) -> dict:
        kind = type(error)
        try:
            lines = traceback.format_exception(kind, error, error.__traceback__)
            lines = [line for line in lines if "grading/engine/bridge" not in line
                     and "<kelas-ekspor" not in line]
            tb = "".join(lines)[-6000:]
        except Exception:
            tb = ""
        args = []
        for arg in getattr(error, "args", ())[:8] if type(getattr(error, "args", ())) is tuple \
                else ():
            args.append(self.encode(arg))
        attrs = {}  # what the participant's exception carries (error.shortfall ...)
        own = getattr(error, "__dict__", None)
        if type(own) is dict:
            for name, value in list(own.items())[:20]:
                if type(name) is str and _IDENTIFIER.fullmatch(name):
                    attrs[name] = self.encode(value)
        return {"op": "raise", "type": self.encode(kind), "args": args, "attrs": attrs,
                "tb": tb}

    def _perform(self, message: dict, arguments: list):
        op = message.get("op")
        if op == "module_call":
            module, name = message.get("module"), message.get("name")
            if name not in _FORWARDED.get(module, ()):
                raise EngineLimit(f"{module}.{name} is not forwarded")
            function = getattr(importlib.import_module(module), name)
            args = [self.decode(r) for r in message.get("args") or ()]
            return function(*args)
        h = message.get("h")
        if type(h) is not int or h not in self.objects:
            raise EngineLimit("an unknown object")
        target = self.objects[h]
        if op == "call":
            arguments.extend(self.decode(r) for r in message.get("args") or ())
            kwargs = {str(k): self.decode(r) for k, r in (message.get("kwargs") or {}).items()}
            return target(*arguments, **kwargs)
        if op == "getattr":
            return getattr(target, str(message.get("name")))
        if op == "setattr":
            return setattr(target, str(message.get("name")), self.decode(message.get("value")))
        if op == "delattr":
            return delattr(target, str(message.get("name")))
        if op == "getitem":
            return target[self.decode(message.get("key"))]
        if op == "setitem":
            target[self.decode(message.get("key"))] = self.decode(message.get("value"))
            return None
        if op == "delitem":
            del target[self.decode(message.get("key"))]
            return None
        if op == "contains":
            return self.decode(message.get("item")) in target
        if op == "unary":
            return _UNARY[message.get("name")](target)
        if op == "binop":
            function = _OPERATORS[message.get("name")]
            other = self.decode(message.get("other"))
            return function(other, target) if message.get("reflected") else function(target, other)
        if op == "compare":
            return _COMPARISONS[message.get("name")](target, self.decode(message.get("other")))
        if op == "format":
            return format(target, str(message.get("spec", "")))
        if op == "round":
            digits = message.get("digits")
            return round(target) if digits is None else round(target, int(digits))
        if op == "enter":
            return target.__enter__()
        if op == "exit":
            return target.__exit__(*[self.decode(r) for r in message.get("exc") or ()])
        if op in ("copy", "deepcopy"):
            import copy

            return (copy.copy if op == "copy" else copy.deepcopy)(target)
        if op == "isinstance":
            return isinstance(self.decode(message.get("value")), target)
        if op == "issubclass":
            return issubclass(self.decode(message.get("value")), target)
        raise EngineLimit(f"unknown operation {str(op)[:40]}")

    def _refreshed(self, message: dict) -> list:
        """Plain values of duals a call may have changed (a method of a list subclass)."""
        h = message.get("h")
        target = self.objects.get(h) if type(h) is int else None
        owner = getattr(target, "__self__", None) if isinstance(target, types.MethodType) \
            else None
        if owner is None or type(owner) in (list, dict, set) or \
                not isinstance(owner, (list, dict, set)):
            return []
        owner_h = self.handles.get(id(owner))
        if owner_h is None:
            return []
        record, _ = self.codec.encode_value(owner, None, limit=_RESULT_LIMIT)
        return [[owner_h, record]]

    def _update(self, target, record) -> None:
        """Put the other side's changes to a mutable object into this side's copy of it."""
        try:
            new = self.codec.decode_value(record, self)
        except ValueError:
            return
        if isinstance(target, list) and isinstance(new, list):
            list.__setitem__(target, slice(None), new)
        elif isinstance(target, dict) and isinstance(new, dict):
            dict.clear(target)
            dict.update(target, new)
        elif isinstance(target, set) and isinstance(new, set):
            set.clear(target)
            set.update(target, new)
        elif isinstance(target, bytearray) and isinstance(new, (bytes, bytearray)):
            target[:] = new
        elif _is_array(target) and _is_array(new) and target.shape == new.shape:
            target[...] = new
        elif _is_frame(target) and type(new) is type(target):
            try:  # what pandas' own inplace=True operations do
                target._update_inplace(new)
            except Exception:
                self.note_limit("a pandas object the participant's function changed in place")
        elif target is not new:
            self.note_limit(f"an argument of type {type(target).__name__} changed in place")

    # -- the participant's kernel: parked while a test cell runs -------------------------------

    def park(self) -> None:
        """Serve the clean kernel's requests until the grader ends the test cell."""
        try:
            message = self.exchange({"op": "parked"})
            while True:
                message = self.exchange(self.serve(message))
        except _Unparked as done:
            self.apply(done.args[0] if done.args else None)

    def apply(self, changes) -> None:
        """Bring the test's changes to shared names into this (the participant's) namespace."""
        if type(changes) is not dict:
            return
        for name, record in changes.items():
            if type(name) is not str:
                continue
            if type(record) is dict and record.get("t") == "deleted":
                self.ns.pop(name, None)
            else:
                try:
                    self.ns[name] = self.codec.decode_value(record, self)
                except ValueError:
                    continue

    # -- the clean kernel: names shared with the participant ------------------------------------

    def load(self, text: str, track: list) -> None:
        """Load a test's answers (:func:`grading.engine.codec.load`) and start following the
        names it shares with the participant's namespace."""
        self.codec.load(self.ns, text, self)
        self.tracked = {name: self.ns.get(name, _MISSING) for name in track}
        self.limits = []
        self.converted = {}
        self.active = True

    def changes(self) -> dict:
        """The shared names the test deleted or bound anew since they were last sent."""
        found = {}
        for name, last in self.tracked.items():
            now = self.ns.get(name, _MISSING)
            if now is last:
                continue
            self.tracked[name] = now
            found[name] = {"t": "deleted"} if now is _MISSING else self.encode(now)
        return found

    def end_cell(self) -> str:
        """After a test cell: the last changes to shared names, the engine limits met, and the
        shared names the test bound to its own (not the participant's) values."""
        self.active = False
        changes = self.changes()
        own = []
        for name in self.tracked:
            value = self.ns.get(name, _MISSING)
            if value is not _MISSING and self.refer(value) is None and type(value) is not Remote:
                own.append(name)
        report = {"sync": changes, "limits": self.limits, "own": own,
                  "converted": sorted(self.converted)}
        self.limits, self.converted = [], {}
        return json.dumps(report, separators=(",", ":"), allow_nan=False)

    def export(self, names: list) -> str:
        """The participant's kernel: the values of ``names`` as JSON, references included."""
        return self.codec.encode(self.ns, list(names), hooks=self)


def _is_array(value) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and type(value) is numpy.ndarray


def _is_frame(value) -> bool:
    pandas = sys.modules.get("pandas")
    return pandas is not None and type(value) in (pandas.DataFrame, pandas.Series)


def _forwarding(bridge: Bridge, module_name: str, name: str, original):
    """``module.name`` for a test: asks the participant's kernel too while a test cell runs."""
    def forwarded(*args, **kwargs):
        # only inside a test cell the grader serves (the request allows stdin)
        if not (bridge.active and getattr(bridge.kernel, "_allow_stdin", False)) or kwargs:
            return original(*args, **kwargs)
        if (module_name, name) in _SEEDS:
            result = original(*args)
            bridge.request({"op": "module_call", "module": module_name, "name": name,
                            "args": [bridge.encode(a) for a in args], "h": 0})
            return result
        return bridge.request({"op": "module_call", "module": module_name, "name": name,
                               "args": [bridge.encode(a) for a in args], "h": 0})
    forwarded.__wrapped__ = original
    forwarded.__name__ = getattr(original, "__name__", name)
    forwarded.__doc__ = getattr(original, "__doc__", None)
    return forwarded


def install(codec, role: str, shell=None, private_path: str | None = None) -> Bridge:
    """Install this kernel's bridge (``role`` ``"participant"`` or ``"clean"``).

    The clean kernel drops its working folder from ``sys.path`` (files the participant's run
    wrote are copied there, and must never be imported) and imports the assignment's own
    modules from ``private_path`` instead; its seed and current-figure functions learn to ask
    the participant's kernel while a test cell runs.
    """
    global BRIDGE
    shell = shell or get_ipython()  # noqa: F821 - a kernel's builtin
    bridge = Bridge(codec, role, shell.user_ns, shell.kernel)
    BRIDGE = bridge
    if role == "clean":
        import os

        here = {os.getcwd(), "", "."}
        sys.path[:] = [p for p in sys.path if p not in here]
        if private_path:
            sys.path.insert(0, private_path)
        for module_name, names in _FORWARDED.items():
            try:
                module = importlib.import_module(module_name)
            except Exception:
                continue
            for name in names:
                original = getattr(module, name, None)
                if callable(original):
                    setattr(module, name, _forwarding(bridge, module_name, name, original))
    return bridge
