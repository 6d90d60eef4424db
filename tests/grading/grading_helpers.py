"""Tiny nbgrader assignments and submissions for the grading tests, built in temporary folders.

Modelled on nbgrader's own test helpers: each cell is made with its nbgrader metadata, so the tests
do not depend on the real course assignments (which the demo and the assignment tests use).

The assignment ``tugas-mini`` has one notebook with two autograded questions, one hand-graded
written answer and a data file:

* ``jawab-1`` reads ``angka.txt`` into ``x`` (42); ``tes-1`` (2 points) has a visible check and a
  hidden test whose message contains :data:`SECRET`;
* ``jawab-2`` sets ``y = x + 1`` (43); ``tes-2`` (1 point) is hidden only;
* ``penjelasan`` (2 points) is a written answer graded by hand.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ASSIGNMENT = "tugas-mini"
NOTEBOOK = "tugas-mini"
SECRET = "kunci-rahasia-42"
AUTO_MAX = 3.0
MANUAL_MAX = 2.0


def _cell(kind: str, source: str, grade_id: str, *, grade=False, solution=False, locked=False,
          points=0.0):
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def source_notebook() -> nbformat.NotebookNode:
    """The instructor's version of ``tugas-mini``: solutions and hidden tests included."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        new_markdown_cell("# Tugas mini\nIsi jawaban di sel yang disediakan."),
        _cell("code", "### BEGIN SOLUTION\nx = int(open('angka.txt').read().strip())\n"
                      "### END SOLUTION", "jawab-1", solution=True),
        _cell("code", "assert isinstance(x, int), 'x harus bilangan bulat'\n"
                      "### BEGIN HIDDEN TESTS\n"
                      f"assert x == 42, '{SECRET}'\n"
                      "### END HIDDEN TESTS", "tes-1", grade=True, locked=True, points=2.0),
        _cell("code", "### BEGIN SOLUTION\ny = x + 1\n### END SOLUTION", "jawab-2", solution=True),
        _cell("code", "### BEGIN HIDDEN TESTS\nassert y == 43\n### END HIDDEN TESTS", "tes-2",
              grade=True, locked=True, points=1.0),
        _cell("markdown", "Jelaskan jawaban Anda.", "soal-penjelasan", locked=True),
        _cell("markdown", "### BEGIN SOLUTION\nKarena 6 × 7 = 42.\n### END SOLUTION",
              "penjelasan", grade=True, solution=True, points=MANUAL_MAX),
    ]
    return nb


def make_assignments(folder: Path) -> Path:
    """An ``assignments/`` folder holding ``tugas-mini`` (notebook + data file) and a catalog."""
    target = folder / ASSIGNMENT
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(source_notebook(), target / f"{NOTEBOOK}.ipynb")
    (target / "angka.txt").write_text("42\n", encoding="utf-8")
    (folder / "catalog.csv").write_text(
        "assignment,module,title_id,title_en,order\n"
        f"{ASSIGNMENT},02 biaya,Tugas mini,Mini assignment,1\n",
        encoding="utf-8",
    )
    return folder


def answered(release_nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the participant version with the cells named in ``answers`` filled in."""
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


PERFECT = {"jawab-1": "x = int(open('angka.txt').read().strip())", "jawab-2": "y = x + 1",
           "penjelasan": "Karena 6 × 7 = 42."}
PARTIAL = {"jawab-1": "x = int(open('angka.txt').read().strip())", "jawab-2": "y = x + 2",
           "penjelasan": "Tidak tahu."}
WRONG_X = {"jawab-1": "x = 41", "jawab-2": "y = x + 1"}


def write_submission(folder: Path, nb: nbformat.NotebookNode | str, name: str = NOTEBOOK) -> Path:
    """Write a notebook (or raw text, for a broken file) as ``folder/<name>.ipynb``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    if isinstance(nb, str):
        path.write_text(nb, encoding="utf-8")
    else:
        nbformat.write(nb, path)
    return path


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative path → digest), plus each file's mtime."""
    result = {}
    for dirpath, _, filenames in os.walk(folder):
        for filename in filenames:
            path = Path(dirpath) / filename
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            result[str(path.relative_to(folder))] = f"{digest}:{path.stat().st_mtime_ns}"
    return result


def make_faulty_assignment(folder: Path, name: str = "tugas-salah") -> Path:
    """An assignment that fails the both-ways check twice over: ``tes-lolos`` passes without any
    answer, and the solution of ``jawab-z`` fails its own test ``tes-z``."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        _cell("code", "### BEGIN SOLUTION\na = 1\n### END SOLUTION", "jawab-a", solution=True),
        _cell("code", "### BEGIN HIDDEN TESTS\nassert 1 + 1 == 2\n### END HIDDEN TESTS",
              "tes-lolos", grade=True, locked=True, points=1.0),
        _cell("code", "### BEGIN SOLUTION\nz = 5\n### END SOLUTION", "jawab-z", solution=True),
        _cell("code", "assert z == 6, 'z harus 6'", "tes-z", grade=True, locked=True, points=1.0),
    ]
    target = folder / name
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target / f"{name}.ipynb")
    return folder
