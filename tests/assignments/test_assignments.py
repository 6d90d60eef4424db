"""The assignments, checked both ways and read as a participant would meet them.

In one throwaway nbgrader course (its own ``nbgrader_config.py`` and gradebook, the same answer-cell
stubs as a ``kelas-ekspor`` workspace), every assignment is generated through nbgrader's API (what
``nbgrader generate_assignment`` runs); nbgrader's validator must pass on the source notebook and find no passing
test on the release (``validate --invert``). The release is then run with wrong answers to read the
self-checks' messages, and the source with one part of each multi-part question wrong to read the
partial credit. The other tests read the notebooks without running them.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import determine_grade, is_grade, is_solution
from nbgrader.validator import Validator
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ROOT / "assignments"
EXPECTED = [
    "a1-biaya-kapasitas",
    "a2-incoterms-harga",
    "a3-pembayaran-kurs",
    "a4-kemasan-pengiriman",
    "a5-jadwal-pengiriman",
    "a6-proyek-akhir",
]
FOLDERS = sorted(p.name for p in ASSIGNMENTS.iterdir() if p.is_dir() and not p.name.startswith("."))

# The stubs a kelas-ekspor workspace puts in cleared answer cells (grading/workspace.py).
CONFIG = '''\
import os

c = get_config()  # noqa: F821
_here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.root = _here
c.CourseDirectory.course_id = "kelas-ekspor"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_here, "gradebook.db")
c.Exchange.root = os.path.join(_here, "exchange")
c.ClearSolutions.code_stub = {
    "python": "# TULIS KODE ANDA DI SINI / YOUR CODE HERE\\nraise NotImplementedError()"
}
c.ClearSolutions.text_stub = "TULIS JAWABAN ANDA DI SINI / YOUR ANSWER HERE"
'''

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)\n?### END HIDDEN TESTS", re.S)
FILL_IN = re.compile(r"^# Isi / fill in: (.*)$", re.M)
# Names a hidden test may use besides the answers and its own variables: no case data, no helper
# from the setup cell, no toolkit, so every expected value has to be written as a literal.
HIDDEN_MAY_USE = {"abs", "float", "int", "len", "set", "sum", "zip", "str", "print", "np"}

# One part of a multi-part question made wrong, and the score its test cell must then give.
PARTIAL = {
    "a1-biaya-kapasitas": {
        "tes-impas": ("bep_unit = 801.0", 2.0),
        "tes-pesanan": ("laba_tambahan = 500_000", 1.0),
    },
    "a2-incoterms-harga": {"tes-incoterms": ('aturan_untuk_kontainer = "CPT"', 2.0)},
    "a3-pembayaran-kurs": {
        "tes-urutan": ('urutan_risiko = ["TT_MUKA", "LC", "DA", "DP", "OPEN_ACCOUNT"]', 1.2),
        "tes-harga": ("harga_usd_per_kg = 4.0", 1.0),
    },
    "a4-kemasan-pengiriman": {
        "tes-cbm": ("cbm_total = 12.0", 1.0),
        "tes-moda": ('moda_termurah = "LCL"', 2.0),
    },
    "a5-jadwal-pengiriman": {"tes-tanpa-tutup": ("peluang_tepat_waktu = 0.9", 1.0)},
    "a6-proyek-akhir": {
        "tes-karton": ("karton_per_20gp = 456", 2.0),
        "tes-jadwal": ('mulai_kumpul_terakhir = np.datetime64("2026-07-22")', 2.0),
    },
}


# --- helpers ----------------------------------------------------------------------------------


def source_path(assignment: str) -> Path:
    return ASSIGNMENTS / assignment / f"{assignment}.ipynb"


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def autograded_tests(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and is_grade(c) and not is_solution(c)]


def answer_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and is_solution(c) and not is_grade(c)]


def answer_names(cell) -> list[str]:
    """The variables an answer cell asks for, from its ``# Isi / fill in: a = ..., b = ...`` line."""
    match = FILL_IN.search(cell.source)
    return re.findall(r"(\w+) = \.\.\.", match.group(1)) if match else []


def visible_part(source: str) -> str:
    return HIDDEN.sub("", source)


def expected_literals(tree: ast.AST) -> list:
    """Number and text literals of a hidden test, leaving out printed text and assert messages."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            skip |= {id(n) for n in ast.walk(node)}
        if isinstance(node, ast.Assert) and node.msg is not None:
            skip |= {id(n) for n in ast.walk(node.msg)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and id(n) not in skip
            and isinstance(n.value, (int, float, str)) and not isinstance(n.value, bool)]


def run(nb, folder: Path) -> None:
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()


def error_of(cell):
    return next((o for o in cell.outputs if o.output_type == "error"), None)


# --- the course -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A course directory with every assignment in source/ and its generated release/."""
    root = tmp_path_factory.mktemp("kelas-ekspor")
    (root / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    for assignment in FOLDERS:
        shutil.copytree(ASSIGNMENTS / assignment, root / "source" / assignment)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    with pytest.MonkeyPatch.context() as patch:
        # nbgrader's gradebook runs the `alembic` command: the venv's bin must be on PATH.
        patch.setenv("PATH", str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
        api = NbGraderAPI(config=config)
        for assignment in FOLDERS:
            result = api.generate_assignment(assignment, force=True, create=True)
            assert result["success"], result.get("error") or result.get("log")
    return root


# --- static checks ----------------------------------------------------------------------------


def test_the_six_assignments_are_there():
    """Does assignments/ hold the six assignments, each as <id>/<id>.ipynb?"""
    assert FOLDERS == EXPECTED
    for assignment in EXPECTED:
        assert source_path(assignment).is_file()


def test_catalog_lists_every_assignment():
    """Does catalog.csv list each assignment folder once, with module, titles and order?"""
    with open(ASSIGNMENTS / "catalog.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == ["assignment", "module", "title_id", "title_en", "order"]
    assert sorted(row["assignment"] for row in rows) == FOLDERS
    assert sorted(int(row["order"]) for row in rows) == list(range(1, len(rows) + 1))
    for row in rows:
        assert re.match(r"^\d\d(-\d\d)? \S", row["module"]), row
        assert row["title_id"].strip() and row["title_en"].strip(), row


@pytest.mark.parametrize("assignment", EXPECTED)
def test_committed_without_outputs(assignment):
    """Is the notebook committed without outputs or execution counts?"""
    nb = json.loads(source_path(assignment).read_text(encoding="utf-8"))
    dirty = [i for i, cell in enumerate(nb["cells"])
             if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))]
    assert not dirty


@pytest.mark.parametrize("assignment", EXPECTED)
def test_enough_autograded_and_hand_graded_questions(assignment):
    """Has each notebook at least four autograded test cells and a hand-graded answer with a rubric?"""
    nb = read(source_path(assignment))
    assert len(autograded_tests(nb)) >= 4
    manual = [i for i, c in enumerate(nb.cells)
              if c.cell_type == "markdown" and is_grade(c) and is_solution(c)]
    assert manual
    for i in manual:
        assert nb.cells[i].metadata["nbgrader"]["points"] > 0
        instruction = nb.cells[i - 1].source
        assert "Rubrik" in instruction and "poin" in instruction
    ids = [grade_id(c) for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("assignment", EXPECTED)
def test_every_answer_is_graded_by_a_hidden_literal(assignment):
    """Is every requested variable checked by a hidden test that holds its value as a literal?"""
    nb = read(source_path(assignment))
    names = [n for cell in answer_cells(nb) for n in answer_names(cell)]
    assert names and all(answer_names(cell) for cell in answer_cells(nb))
    graded: set[str] = set()
    for cell in autograded_tests(nb):
        hidden = HIDDEN.findall(cell.source)
        assert len(hidden) == 1, grade_id(cell)
        assert "toolkit" not in hidden[0] and "import" not in hidden[0], grade_id(cell)
        tree = ast.parse(hidden[0])
        stored = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Store)}
        loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                  and isinstance(n.ctx, ast.Load)}
        assert loaded <= set(names) | stored | HIDDEN_MAY_USE, (grade_id(cell), loaded)
        assert expected_literals(tree), grade_id(cell)
        graded |= loaded & set(names)
    assert set(names) <= graded, set(names) - graded


@pytest.mark.parametrize("assignment", EXPECTED)
def test_visible_tests_are_self_checks_not_bare_asserts(assignment):
    """Does every test cell start with a self-check through the friendly helpers, not an assert?"""
    nb = read(source_path(assignment))
    for cell in autograded_tests(nb):
        visible = visible_part(cell.source)
        assert "periksa" in visible, grade_id(cell)
        assert not any(isinstance(n, ast.Assert) for n in ast.walk(ast.parse(visible)))


# --- nbgrader, both ways ------------------------------------------------------------------------


@pytest.mark.parametrize("assignment", EXPECTED)
def test_source_passes_validation(course, assignment):
    """Does nbgrader's validation pass on the source notebook (every test, full credit)?"""
    results = Validator().validate(str(course / "source" / assignment / f"{assignment}.ipynb"))
    assert results == {}, results


@pytest.mark.parametrize("assignment", EXPECTED)
def test_release_passes_no_test(course, assignment):
    """Does `validate --invert` on the released notebook find that no test passes?"""
    release = course / "release" / assignment / f"{assignment}.ipynb"
    assert "BEGIN SOLUTION" not in release.read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in release.read_text(encoding="utf-8")
    results = Validator(invert=True).validate(str(release))
    assert results == {}, results


@pytest.mark.parametrize("assignment", EXPECTED)
def test_wrong_answers_meet_kind_indonesian_messages(course, assignment):
    """With answers missing or of the wrong kind, does every self-check fail with a kind message?

    Every other answer cell is left as released (the variable is never set); the rest set each
    requested variable to the text "salah". Each test cell must then stop with the helpers'
    BelumTepat error and an Indonesian sentence, never a bare AssertionError or a NameError.
    """
    folder = course / "release" / assignment
    nb = read(folder / f"{assignment}.ipynb")
    for number, cell in enumerate(answer_cells(nb)):
        if number % 2:
            cell.source = "\n".join(f'{name} = "salah"' for name in answer_names(cell))
    run(nb, folder)
    for cell in autograded_tests(nb):
        error = error_of(cell)
        assert error is not None, grade_id(cell)
        assert error.ename == "BelumTepat", (grade_id(cell), error.ename, error.evalue)
        assert error.evalue.startswith("Belum tepat: "), error.evalue
        assert re.search(r"\b(belum|harus|bukan|tidak)\b", error.evalue), error.evalue


@pytest.mark.parametrize("assignment", EXPECTED)
def test_questions_with_parts_give_partial_credit(course, assignment):
    """With one part of a multi-part question wrong, does its test cell give part of its points?"""
    folder = course / "source" / assignment
    nb = read(folder / f"{assignment}.ipynb")
    wrong = PARTIAL[assignment]
    for gid, (override, _) in wrong.items():
        index = next(i for i, c in enumerate(nb.cells) if grade_id(c) == gid)
        nb.cells.insert(index, nbformat.v4.new_code_cell(override))
    run(nb, folder)
    for cell in autograded_tests(nb):
        if grade_id(cell) in wrong:
            score, max_score = determine_grade(cell)
            assert score == pytest.approx(wrong[grade_id(cell)][1]), (grade_id(cell), score)
            assert 0 < score < max_score
