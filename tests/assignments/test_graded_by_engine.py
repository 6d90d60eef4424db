"""The six course assignments through ``kelas-ekspor``'s own grading engine, clean kernel included.

Each assignment's hidden tests run in a clean kernel on values exported from the participant's
kernel, so they may only read values (numbers, text, dates, lists, arrays, frames), never functions
the participant wrote, and no answer may be a name the source's locked cells define. A submission
made of the source's solutions must earn every autograded point, a blank release none, and neither
may raise a flag about answers that could not be carried over.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.utils import is_grade, is_locked, is_solution

from grading.demo import _participant_notebook
from grading.engine import grade_assignment
from grading.engine.cell_names import names_bound
from grading.flags import read_flags
from grading.workspace import REPO_ASSIGNMENTS, init_workspace

ASSIGNMENTS = sorted(p.name for p in REPO_ASSIGNMENTS.iterdir() if p.is_dir() and p.name[:1] == "a")

os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_answer_is_defined_by_a_locked_cell(assignment):
    """Are the answers' names free of the locked cells' names (the clean kernel keeps those)?"""
    nb = nbformat.read(REPO_ASSIGNMENTS / assignment / f"{assignment}.ipynb", as_version=4)
    locked, answers = set(), set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if is_solution(cell):
            answers |= set(names_bound(cell.source))
        elif is_locked(cell) or is_grade(cell):
            locked |= set(names_bound(cell.source))
    assert answers and not answers & locked, answers & locked


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_locked_cell_and_test_runs_in_the_clean_kernel(assignment):
    """Do the setup cells (with the tests' helpers) and every test run in the clean kernel —
    none of them on the participant's side, where their helpers could be replaced?"""
    from grading.engine.run import plan

    nb = nbformat.read(REPO_ASSIGNMENTS / assignment / f"{assignment}.ipynb", as_version=4)
    roles = {(step.role, nb.cells[step.index].metadata.get("nbgrader", {}).get("grade_id"))
             for step in plan(nb) if step.role not in ("participant", "both", "test")}
    assert not roles


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    ws = init_workspace(tmp_path_factory.mktemp("engine") / "kelas").workspace
    rng = random.Random(5)
    for assignment in ASSIGNMENTS:
        assert ws.api().generate_assignment(assignment, force=True, create=True)["success"]
        source = nbformat.read(ws.source / assignment / f"{assignment}.ipynb", as_version=4)
        release = nbformat.read(ws.release / assignment / f"{assignment}.ipynb", as_version=4)
        for pid, nb in (("kunci", _participant_notebook(source, release, 1.0, rng, {})),
                        ("kosong", release)):
            folder = ws.submission_dir(pid, assignment)
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{assignment}.ipynb")
    summaries = {a: grade_assignment(ws, a, workers=2, progress=False) for a in ASSIGNMENTS}
    with ws.gradebook() as gb:
        scores = {}
        for a in ASSIGNMENTS:
            for sub in gb.assignment_submissions(a):
                tests = [g for nb in sub.notebooks for g in nb.grades
                         if g.cell.cell_type == "code"]  # the autograded test cells
                scores[(sub.student.id, a)] = (sum(g.auto_score or 0 for g in tests),
                                               sum(g.max_score for g in tests))
    return ws, summaries, scores


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solutions_earn_every_point_and_a_blank_none(graded, assignment):
    """Graded by the engine, do the source's solutions score full marks and a blank release 0?"""
    ws, summaries, scores = graded
    earned, possible = scores[("kunci", assignment)]
    assert possible >= 4 and earned == possible, (earned, possible)
    assert scores[("kosong", assignment)][0] == 0
    codes = {f.code for f in read_flags(ws.flags_file)
             if f.assignment == assignment and f.participant_id == "kunci"}
    assert not codes & {"answer-unsupported", "answer-type", "export-failed", "tampering"}, codes
