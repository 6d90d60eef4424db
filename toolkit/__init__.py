"""Kelas Ekspor's toolkit: the arithmetic of an export order, from cost sheet to delivery plan.

Modules: :mod:`toolkit.costing`, :mod:`toolkit.incoterms`, :mod:`toolkit.pricing`,
:mod:`toolkit.payment`, :mod:`toolkit.logistics`, :mod:`toolkit.planning`, :mod:`toolkit.charts`;
participant-facing text follows :func:`set_language` (Indonesian by default).
"""

from toolkit.errors import InputError, ToolkitError
from toolkit.i18n import get_language, set_language

__version__ = "0.1.0"

__all__ = ["InputError", "ToolkitError", "get_language", "set_language", "__version__"]
