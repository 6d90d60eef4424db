"""The grading engine: stages over nbgrader notebooks (design section 7).

:mod:`grading.engine.pipeline` holds the stages and the whole run; the parts it runs on live beside
it: :mod:`~grading.engine.sandbox` (isolation), :mod:`~grading.engine.kernels` (kernels forked from
a zygote), :mod:`~grading.engine.codec` (answers as data), :mod:`~grading.engine.cell_names`
(which names a cell reads and binds), :mod:`~grading.engine.guard` (tamper guard) and
:mod:`~grading.engine.feedback` (feedback without hidden tests).

The pipeline's public names are importable from here (``from grading.engine import
grade_assignment``); they load on first use, so that the modules that also run inside kernels
(the codec) import nothing of the grader.
"""

from __future__ import annotations

import importlib

_PUBLIC = "grading.engine.pipeline"


def __getattr__(name: str):
    module = importlib.import_module(_PUBLIC)
    if name in module.__all__:
        return getattr(module, name)
    raise AttributeError(f"module 'grading.engine' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(importlib.import_module(_PUBLIC).__all__)
