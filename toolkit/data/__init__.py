"""Reference tables shipped with the toolkit, as CSV files in this folder.

Each file opens with ``#`` comment lines giving its source, its date and what must be verified
before real use; :func:`load` skips them, :func:`provenance` returns them.

>>> load("containers").loc[0, "code"]
'20GP'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The file behind table ``name`` (without ``.csv``)."""
    return HERE / f"{name}.csv"


def tables() -> list[str]:
    """The names of the tables shipped here."""
    return sorted(p.stem for p in HERE.glob("*.csv"))


@cache
def _load(name: str) -> pd.DataFrame:
    file = path(name)
    if not file.exists():
        from toolkit.errors import check_choice

        check_choice("name", name, tables())
    # Codes such as HS headings keep their leading zeros ("0901", not 901).
    return pd.read_csv(
        file, comment="#", skipinitialspace=True, dtype={"hs_heading": str, "hs_code_example": str}
    )


def load(name: str) -> pd.DataFrame:
    """Table ``name`` as a fresh DataFrame (a copy: change it freely)."""
    return _load(name).copy()


def provenance(name: str) -> str:
    """The comment lines at the head of table ``name``: source, date, what to verify."""
    lines = []
    for line in path(name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return "\n".join(lines)
