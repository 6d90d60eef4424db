"""Short messages for the toolkit's errors in a notebook: one sentence, not 30 lines of source.

An IPython extension. Loaded in a kernel (``%load_ext toolkit.widgets.friendly_errors``, or by the
kernel configuration ``kelas-ekspor lab`` writes for each participant), an error the toolkit
raises on purpose (:class:`toolkit.ToolkitError`: a bad argument, a number that cannot be read) is
shown as its sentence in the active language, under "Periksa isian" (*Check your input*), with a
line saying how to see the technical details (``%tb``). The cell still counts as failed, so
"Run All" stops there as it would. Any other error keeps IPython's full traceback.

Examples
--------
>>> from toolkit.errors import InputError
>>> lines = short_traceback(InputError("reject_rate", 20, {"id": "harus pecahan", "en": "a fraction"}))
>>> print(lines[0])
Periksa isian: reject_rate = 20 tidak diperbolehkan: harus pecahan.
>>> len(lines)
2
"""

from __future__ import annotations

import sys

from toolkit.errors import ToolkitError
from toolkit.i18n import tr

__all__ = ["short_traceback", "install", "load_ipython_extension", "unload_ipython_extension"]

_TITLE = {"id": "Periksa isian", "en": "Check your input"}
_DETAILS = {
    "id": "(Rincian teknis untuk instruktur: ketik %tb di sel baru dan jalankan.)",
    "en": "(Technical details for the instructor: type %tb in a new cell and run it.)",
}


def short_traceback(error: BaseException, colour: bool = False) -> list[str]:
    """The lines shown for a toolkit error: its sentence, then where the details are."""
    title = tr(_TITLE)
    if colour:
        title = f"\x1b[1;31m{title}\x1b[0m"
    return [f"{title}: {error}", tr(_DETAILS)]


def _handler(shell, etype, value, tb, tb_offset=None):
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    shell._last_traceback = tb
    lines = short_traceback(value, colour=True)
    shell._showtraceback(etype, value, lines)
    return lines


def install(shell) -> None:
    """Show :class:`toolkit.ToolkitError` in ``shell`` (an IPython shell) as a short sentence."""
    shell.set_custom_exc((ToolkitError,), _handler)


def load_ipython_extension(shell) -> None:
    """IPython's entry point: ``%load_ext toolkit.widgets.friendly_errors``."""
    install(shell)


def unload_ipython_extension(shell) -> None:
    """Back to IPython's own tracebacks."""
    shell.set_custom_exc((), None)
