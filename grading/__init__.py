"""Kelas Ekspor's grading side: the class workspace, the autograding engine and reports, on nbgrader."""

import os
import sys
from pathlib import Path

# nbgrader runs `alembic` (and Jupyter's own commands) by name: make sure the ones installed beside
# this Python are found even when the environment was not activated (`.venv/bin/kelas-ekspor ...`).
_bin = str(Path(sys.executable).parent)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join(filter(None, [_bin, os.environ.get("PATH")]))

# jsonschema (through nbformat) imports rfc3987_syntax when it is installed (jupyter-events asks for
# it), and that module compiles an IRI grammar at import: about 2 s in every grading process. The
# notebook schema checks no IRI, so jsonschema's optional IRI format check is left out here.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
