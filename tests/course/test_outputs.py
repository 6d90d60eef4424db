"""What the Indonesian edition's own cells print: numbers written the class's way, no English labels.

A module is run as a participant runs it (nbclient, one kernel); every text and table it shows is
read. A raw Python number (``27083.333333333332``, ``357.14285714285717``, ``14000.0``) or a
DataFrame's English column name (``per_unit``, ``share``) in the Indonesian edition is a failure.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

COURSE = Path(__file__).resolve().parents[2] / "course"
RAW_NUMBER = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\w.,])")
"""A Python float as Python prints it (an Indonesian number has a decimal comma; a dot followed by
exactly three digits is a thousands dot, 1.250)."""
ENGLISH_COLUMNS = re.compile(r"<th[^>]*>\s*(item|amount|per_unit|share|category)\s*</th>")


def shown(path: Path) -> list[tuple[int, str]]:
    """Every text a participant sees in the outputs of the notebook at ``path``, by cell number."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    texts = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = output.get("text") or data.get("text/html") or data.get("text/plain") or ""
            texts.append((number, text))
    return texts


@pytest.mark.parametrize("name", ["02-biaya-hpp.ipynb"])
def test_the_indonesian_edition_shows_numbers_the_indonesian_way(name):
    """Does module 02 (Indonesian) show Rp27.083 and 357,1, not 27083.333333333332, and its
    table's columns in Indonesian?"""
    texts = shown(COURSE / "id" / name)
    raw = [(n, RAW_NUMBER.findall(t)) for n, t in texts if "<style" not in t and RAW_NUMBER.search(t)]
    assert not raw, raw
    english = [(n, ENGLISH_COLUMNS.findall(t)) for n, t in texts if ENGLISH_COLUMNS.search(t)]
    assert not english, english
