"""What the Indonesian edition's own cells print: numbers written the class's way, no English labels.

A module is run as a participant runs it (nbclient, one kernel); every text and table it shows is
read. A raw Python number (``27083.333333333332``, ``357.14285714285717``, ``14000.0``), a
DataFrame's English column name (``per_unit``, ``share``, ``product_id``) or an English unit name
(``piece``, ``square foot``, ``metre``) in the Indonesian edition is a failure. The notebook runs in a
copy under a temporary folder: what it writes (module 09's form file) stays out of the repository.
"""

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from toolkit.quotation import catalogue

COURSE = Path(__file__).resolve().parents[2] / "course"
RAW_NUMBER = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\w.,])")
"""A Python float as Python prints it (an Indonesian number has a decimal comma; a dot followed by
exactly three digits is a thousands dot, 1.250)."""
HS_CODES = re.compile("|".join(re.escape(code) for code in catalogue()["hs_code_example"]))
"""The class's example HS codes (4602.19): written with a dot by every customs office, not a float."""
ENGLISH_COLUMNS = re.compile(
    r"<th[^>]*>\s*(item|amount|per_unit|share|category|product_id|name_id|name_en|hs_heading"
    r"|hs_code_example|unit)\s*</th>"
)
ENGLISH_UNITS = re.compile(r"(?<![\w-])(pieces?|pcs|square (?:foot|feet)|sq ft|metres?)(?![\w-])")
"""The catalogue's stored unit names, which the Indonesian edition shows as buah, kaki persegi, meter."""


def shown(path: Path, folder: Path) -> list[tuple[int, str]]:
    """Every text a participant sees in the outputs of the notebook at ``path``, by cell number,
    run from a copy in ``folder``."""
    copy = Path(shutil.copy(path, folder))
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    texts = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = output.get("text") or data.get("text/html") or data.get("text/plain") or ""
            texts.append((number, text))
    return texts


@pytest.mark.parametrize("name", ["02-biaya-hpp.ipynb", "09-proyek-akhir.ipynb"])
def test_the_indonesian_edition_shows_numbers_the_indonesian_way(name, tmp_path):
    """Does module 02 (Indonesian) show Rp27.083 and 357,1, not 27083.333333333332, and do its
    tables and module 09's product list have Indonesian columns and unit names (buah, not piece)?"""
    texts = [(n, HS_CODES.sub("HS", t)) for n, t in shown(COURSE / "id" / name, tmp_path)]
    raw = [(n, RAW_NUMBER.findall(t)) for n, t in texts if "<style" not in t and RAW_NUMBER.search(t)]
    assert not raw, raw
    english = [(n, ENGLISH_COLUMNS.findall(t)) for n, t in texts if ENGLISH_COLUMNS.search(t)]
    assert not english, english
    units = [(n, ENGLISH_UNITS.findall(t)) for n, t in texts if "<style" not in t and ENGLISH_UNITS.search(t)]
    assert not units, units
