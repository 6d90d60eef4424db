"""``isolation.csv``: how each graded submission's kernel was isolated (one writer, one reader).

Columns: participant_id, assignment, level (``full``, ``partial``, ``basic``), layers (the
sandbox layers used, joined by ``+``). ``grade`` replaces the rows of the assignment it graded;
rows of other assignments are kept. The reports read it through :func:`read_isolation`.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp())
>>> write_isolation(root, "a1", {"P01": "basic (workdir+rlimits)"})
>>> [(r["participant_id"], r["level"], r["layers"]) for r in read_isolation(root)]
[('P01', 'basic', 'workdir+rlimits')]
"""

from __future__ import annotations

import csv
from pathlib import Path

from grading.workspace import write_csv_atomic

__all__ = ["ISOLATION_COLUMNS", "write_isolation", "read_isolation"]

ISOLATION_COLUMNS = ("participant_id", "assignment", "level", "layers")


def read_isolation(root: Path) -> list[dict[str, str]]:
    """The rows of ``root/isolation.csv`` (none when it is absent)."""
    path = Path(root) / "isolation.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_isolation(root: Path, assignment: str, isolation: dict[str, str]) -> None:
    """Replace ``assignment``'s rows with ``isolation`` (participant -> "level (layers)")."""
    rows = [r for r in read_isolation(root) if r.get("assignment") != assignment]
    for participant, text in sorted(isolation.items()):
        level, _, layers = text.partition(" ")
        rows.append({"participant_id": participant, "assignment": assignment, "level": level,
                     "layers": layers.strip("()")})
    write_csv_atomic(Path(root) / "isolation.csv", list(ISOLATION_COLUMNS), rows)
