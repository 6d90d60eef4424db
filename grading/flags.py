"""``flags.csv``: one row per problem found while collecting or grading, with a reason in both languages.

Columns: participant_id, assignment, code, reason_id, reason_en. ``collect`` replaces the rows it
wrote for an assignment (the :data:`COLLECT_CODES`); ``grade`` replaces the other rows of the
assignment it grades; rows of other assignments are kept.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "flags.csv"
>>> replace_flags(path, "a1", [Flag("P01", "a1", "timeout", "Waktu habis.", "Timed out.")],
...               codes=None)
>>> [f.code for f in read_flags(path)]
['timeout']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from grading.workspace import write_csv_atomic
from toolkit.i18n import Text

__all__ = ["FLAG_COLUMNS", "COLLECT_CODES", "Flag", "make_flag", "read_flags", "replace_flags"]

FLAG_COLUMNS = ["participant_id", "assignment", "code", "reason_id", "reason_en"]
COLLECT_CODES = frozenset({"unmatched-file"})


@dataclass(frozen=True)
class Flag:
    """One problem with one participant's work (``participant_id`` empty when nobody could be named)."""

    participant_id: str
    assignment: str
    code: str
    reason_id: str
    reason_en: str

    def reason(self, lang: str) -> str:
        return self.reason_id if lang == "id" else self.reason_en


def make_flag(participant: str, assignment: str, code: str, reason: Text) -> Flag:
    """A :class:`Flag` from a bilingual reason ``{"id": ..., "en": ...}``."""
    return Flag(participant, assignment, code, reason["id"], reason["en"])


def read_flags(path: Path) -> list[Flag]:
    """The rows of a ``flags.csv`` (none when the file does not exist)."""
    if not Path(path).is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [Flag(**{c: row.get(c) or "" for c in FLAG_COLUMNS}) for row in csv.DictReader(fh)]


def replace_flags(
    path: Path, assignment: str, flags: Iterable[Flag], *, codes: Iterable[str] | None
) -> None:
    """Rewrite ``path`` with ``flags`` in place of the assignment's old rows.

    ``codes`` limits which old rows of the assignment are replaced (``None``: every code not in
    :data:`COLLECT_CODES`, i.e. everything ``grade`` writes).
    """
    codes = set(codes) if codes is not None else None

    def replaced(flag: Flag) -> bool:
        if flag.assignment != assignment:
            return False
        return flag.code in codes if codes is not None else flag.code not in COLLECT_CODES

    kept = [f for f in read_flags(path) if not replaced(f)]
    rows = [asdict(f) for f in kept + list(flags)]
    write_csv_atomic(Path(path), FLAG_COLUMNS, rows)
