"""Tamper guard: what the tests rely on is put back before every test cell, and tampering flagged.

Installed in the kernel before the first cell (:data:`INSTALL`), the guard takes a snapshot of
the builtins, ``sys.modules`` entries, the comparison helpers of ``math``, ``numpy`` and
``pandas`` (``isclose``, ``allclose``, ``numpy.testing``, ``pandas.testing``), the IPython shell's
and kernel's methods (``showtraceback``, ``_showtraceback``, ``run_cell`` ...), its custom
exception handler and display hook, input and AST transformers and "pre" event callbacks
(``sys.excepthook`` and ``sys.displayhook`` are not checked: IPython sets its own around every
cell, so changing them cannot hide a failure). Before each test cell the engine evaluates :data:`CHECK` (a silent request):
every difference is put back and named in the returned list. Callable names in the participant's
namespace that shadow a builtin (``abs = lambda x: 0``) and aliases ``math``, ``np``, ``numpy``,
``pd``, ``pandas`` bound to anything but the real module are removed or restored too.

Limits (said plainly): the guard lives in the participant's process, so code that hunts the
snapshot down through the garbage collector, patches ``__import__`` in a way the check itself
uses, or starts a background thread that patches again between the check and the test, could
still hide from it. That no longer changes a score: the engine runs the test cells in a second,
clean kernel on the answers' exported values (:func:`grading.engine.execute`), so the guard's
part is to *flag* what a participant tried. The engine also turns a cell whose execution reply
says "error" but which shows no error output (a hidden traceback) into a failure, and flags it.
"""

from __future__ import annotations

__all__ = ["INSTALL", "CHECK", "HELPERS", "KERNEL_INSTALL", "answers_install"]

HELPERS = {
    "math": ["isclose", "isfinite", "isnan", "fabs"],
    "numpy": ["isclose", "allclose", "array_equal", "array_equiv", "all", "any", "abs",
              "round", "isnan", "equal"],
    "numpy.testing": ["assert_allclose", "assert_almost_equal", "assert_array_equal",
                      "assert_array_almost_equal", "assert_equal", "assert_approx_equal"],
    "pandas": ["isna", "notna"],
    "pandas.testing": ["assert_frame_equal", "assert_series_equal", "assert_index_equal"],
    "pandas.core.generic": [],
}

INSTALL = r'''
def _kelas_guard_install(helpers):
    import builtins, importlib, sys, types
    ip = get_ipython()
    kernel = getattr(ip, "kernel", None)
    snap_builtins = dict(vars(builtins))
    modules = {"builtins": builtins, "sys": sys}
    functions = {}
    for name, attrs in helpers.items():
        try:
            module = importlib.import_module(name)
        except Exception:
            continue
        modules[name] = module
        for attr in attrs:
            if hasattr(module, attr):
                functions[(name, attr)] = getattr(module, attr)
    classes = {}
    for obj in (ip, kernel):
        if obj is not None:
            for cls in type(obj).__mro__:
                classes[cls] = dict(vars(cls))
    instance_keys = {id(ip): set(vars(ip)), id(kernel): set(vars(kernel)) if kernel else set()}
    shell = {
        "custom_exceptions": ip.custom_exceptions, "CustomTB": ip.CustomTB,
        "displayhook": ip.displayhook, "InteractiveTB": ip.InteractiveTB,
        "SyntaxTB": ip.SyntaxTB,
    }
    lists = {name: list(getattr(ip, name)) for name in
             ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")
             if hasattr(ip, name)}
    events = {name: list(cbs) for name, cbs in ip.events.callbacks.items()
              if name.startswith("pre_")}  # what runs before a test cell
    # set by IPython and ipykernel around each request: not the participant's doing
    volatile = {"input", "raw_input", "getpass", "get_ipython", "exit", "quit", "display",
                "__IPYTHON__"}
    snap_ns = {key: ip.user_ns[key] for key in snap_builtins if key in ip.user_ns}
    aliases = {"math": "math", "np": "numpy", "numpy": "numpy", "pd": "pandas",
               "pandas": "pandas"}

    def check():
        found = []
        current = vars(builtins)
        for key, value in snap_builtins.items():
            if key in volatile:
                continue
            if current.get(key) is not value:
                found.append("builtins." + key)
                current[key] = value
        for name, module in modules.items():
            if sys.modules.get(name) is not module:
                found.append("sys.modules[" + name + "]")
                sys.modules[name] = module
        for (name, attr), value in functions.items():
            if getattr(modules[name], attr, None) is not value:
                found.append(name + "." + attr)
                setattr(modules[name], attr, value)
        for cls, saved in classes.items():
            now = vars(cls)
            for key, value in saved.items():
                if now.get(key) is not value:
                    found.append(cls.__name__ + "." + key)
                    try:
                        setattr(cls, key, value)
                    except (TypeError, AttributeError):
                        pass
        for obj in (ip, kernel):
            if obj is None:
                continue
            for key in list(vars(obj)):
                if key in instance_keys[id(obj)]:
                    continue
                if any(key in vars(cls) and callable(vars(cls)[key])
                       for cls in type(obj).__mro__):
                    found.append(type(obj).__name__ + "." + key)
                    delattr(obj, key)
        for key, value in shell.items():
            if getattr(ip, key) is not value:
                found.append("shell." + key)
                setattr(ip, key, value)
        for key, value in lists.items():
            if list(getattr(ip, key)) != value:
                found.append("shell." + key)
                getattr(ip, key)[:] = value
        for key, value in events.items():
            if list(ip.events.callbacks.get(key, [])) != value:
                found.append("events." + key)
                ip.events.callbacks[key][:] = value
        if sys.gettrace() is not None or sys.getprofile() is not None:
            found.append("sys.settrace")
            sys.settrace(None)
            sys.setprofile(None)
        ns = ip.user_ns
        if ns.get("__builtins__") is not builtins:
            found.append("__builtins__")
            ns["__builtins__"] = builtins
        for key in snap_builtins:
            if key.startswith("_") or key not in ns or key in volatile:
                continue
            if key in snap_ns:
                if ns[key] is not snap_ns[key]:
                    found.append(key)
                    ns[key] = snap_ns[key]
            elif callable(ns[key]):
                found.append(key)
                del ns[key]
        for alias, name in aliases.items():
            if alias in ns and name in modules and ns[alias] is not modules[name]:
                if isinstance(ns[alias], types.ModuleType) and ns[alias].__name__ != name:
                    continue  # e.g. an honest ``import numpy.random as np``: not a fake
                found.append(alias)
                ns[alias] = modules[name]
        return sorted(set(found))

    sys.modules["_kelas_guard"] = types.SimpleNamespace(check=check)


_kelas_guard_install(HELPERS_REPR)
del _kelas_guard_install
'''.replace("HELPERS_REPR", repr(HELPERS))

CHECK = "__import__('sys').modules['_kelas_guard'].check()"
"""Evaluated as a user expression of a silent request before each test cell (user expressions
pass no input transformer, so a transformer cannot disarm it)."""


_KERNEL_MODULES = ("grading.engine.codec", "grading.engine.bridge")


def _sources() -> dict[str, str]:
    from pathlib import Path

    here = Path(__file__).parent
    return {name: (here / f"{name.rpartition('.')[2]}.py").read_text(encoding="utf-8")
            for name in _KERNEL_MODULES}


KERNEL_INSTALL = r'''
def _kelas_install(sources, role, private_path):
    import sys, types
    modules = {}
    import builtins
    for name in NAMES:
        module = sys.modules.get(name)  # imported by the kernel zygote
        if module is None or sources is not None:
            module = types.ModuleType(name)
            exec(compile(sources[name], f"<kelas-ekspor {name}>", "exec"), module.__dict__)
        # the builtins the module uses, its own: a test may take max or sorted away from
        # builtins while it calls the participant's code
        for key, value in vars(builtins).items():
            if not key.startswith("_"):
                module.__dict__.setdefault(key, value)
        modules[name] = module
    bridge = modules["grading.engine.bridge"].install(
        modules["grading.engine.codec"], role, get_ipython(), private_path)
    sys.modules["_kelas_bridge"] = bridge


_kelas_install(SOURCES, ROLE, PRIVATE)
del _kelas_install
'''.replace("NAMES", repr(_KERNEL_MODULES))
"""Installs :mod:`grading.engine.codec` and :mod:`grading.engine.bridge` in a kernel (the
participant's, to export answers and serve calls, and the clean one, to load them and make
calls), as ``sys.modules['_kelas_bridge']``."""


def answers_install(role: str, private_path: str | None = None, preloaded: bool = False) -> str:
    """:data:`KERNEL_INSTALL` for a kernel of ``role`` (``"participant"`` or ``"clean"``); the
    modules' sources go with it unless the kernel imported them already (``preloaded``: forked
    from the zygote, which imports both)."""
    return (KERNEL_INSTALL.replace("SOURCES", "None" if preloaded else repr(_sources()))
            .replace("ROLE", repr(role)).replace("PRIVATE", repr(private_path)))
