"""The participant's text in the toolkit and the grader: EYD V's percent sign.

EYD V (and PUEBI before it) attaches the percent sign to its number: ``20%``, not ``20 %``
(Pedoman Umum Ejaan Bahasa Indonesia Edisi V, 2022, on numbers and symbols; the trainer review's
finding 37). Scanned: every cell of the course and the assignments (both editions), and every
string a participant can read from ``toolkit`` or ``grading`` (every string literal and f-string that
is not a docstring).
"""

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "toolkit").rglob("*.py")) + sorted((ROOT / "grading").rglob("*.py"))
NOTEBOOKS = sorted((ROOT / "course").glob("*/*.ipynb")) + sorted((ROOT / "assignments").glob("*/*.ipynb"))
SPACED_PERCENT = re.compile(r"(\d|\})\s%(?![a-z(])")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            ids.add(id(node.value))  # a bare string after an assignment documents it
    return ids


def spaced_percents(source: str) -> list[str]:
    """The string literals (f-strings read as written) with a space before a percent sign."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    docs |= {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        ):
            parts = node.values if isinstance(node, ast.JoinedStr) else [node]
            if not any(isinstance(p, ast.Constant) and "%" in p.value for p in parts):
                continue
            text = ast.get_source_segment(source, node) or ""
            if SPACED_PERCENT.search(text):
                found.append(text)
    return found


def test_the_scan_finds_a_spaced_percent_in_an_f_string_and_skips_docstrings():
    """Does the scan catch "20 %" and "{x} %" in strings but leave a docstring's "20 %" alone?"""
    source = 'def f(x):\n    """A 20 % margin."""\n    return f"{x} % ditulis", "(20 % = 0,2)", "20%"\n'
    assert spaced_percents(source) == ['f"{x} % ditulis"', '"(20 % = 0,2)"']


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_participant_strings_attach_the_percent_sign(path):
    """Does every string a participant can read write 20%, not 20 %?"""
    assert spaced_percents(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebooks_attach_the_percent_sign(path):
    """Does every cell of the course and the assignments write 20%, not 20 %?"""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    spaced = [
        (number, line.strip())
        for number, cell in enumerate(cells)
        for line in "".join(cell["source"]).splitlines()
        if SPACED_PERCENT.search(line)
    ]
    assert spaced == []


def test_every_stored_unit_has_a_name_in_both_languages():
    """Is every unit of products.csv (piece, square foot...) named in Indonesian and English, the
    Indonesian name with no English (buah, kaki persegi), so no stored key reaches a participant?"""
    from toolkit.i18n import UNIT_NAMES, unit_name
    from toolkit.quotation import catalogue

    for unit in set(catalogue()["unit"]):
        assert unit in UNIT_NAMES, unit
        for short in (False, True):
            assert unit_name(unit, short=short, language="id") not in {
                "piece", "pcs", "square foot", "sq ft", "metre"}, unit
    assert unit_name("piece", language="id") == "buah"
    assert unit_name("square foot", language="en") == "square foot"
    assert unit_name("piece", short=True, language="en") == "pcs"
