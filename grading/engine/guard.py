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

INSTALL = ("__import__('sys').modules['_kelas_guard'] = "
           "__import__('sys').modules['_kelas_guard_module'].install("
           f"{HELPERS!r}, get_ipython())")
"""Installs the guard (:mod:`grading.engine._kernel_guard`, loaded with the bridge by
:func:`answers_install`) in the participant's kernel as ``sys.modules['_kelas_guard']``."""

CHECK = "__import__('sys').modules['_kelas_guard'].check()"
"""Evaluated as a user expression of a silent request before each test cell (user expressions
pass no input transformer, so a transformer cannot disarm it)."""


_KERNEL_MODULES = ("grading.engine.codec", "grading.engine.bridge", "grading.engine._kernel_guard")


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
    sys.modules["_kelas_guard_module"] = modules["grading.engine._kernel_guard"]


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
