"""Kernels forked from the zygote are fresh kernels: same grades as kernels started from scratch,
nothing carried from one notebook to the next, and grading still works with fewer isolation layers
(a laptop without root, macOS), where the level recorded says so.
"""

from __future__ import annotations

import csv

import nbformat
import pytest
from grading_helpers import ASSIGNMENT, NOTEBOOK, PARTIAL, PERFECT, answered, write_submission

from grading.engine import grade_assignment
from grading.engine.kernels import fork_supported
from grading.workspace import init_workspace

needs_fork = pytest.mark.skipif(not fork_supported(), reason="forked kernels need Linux")

# each participant leaves a mark in the libraries the zygote imported, and reports the marks it
# finds: a fresh kernel finds none, whoever graded before it
PROBE = ("import numpy as np, pandas as pd, toolkit\n"
         "print('MARKS', getattr(toolkit, '_mark', None), pd.get_option('display.max_rows'))\n"
         "print('RANDOM', np.random.rand())\n"
         "toolkit._mark = 'seen'\npd.set_option('display.max_rows', 7)\n")
PEOPLE = {"P01": PERFECT, "P02": PARTIAL, "P03": {}, "P04": PERFECT, "P05": PARTIAL}


def _class(root, assignments_dir):
    ws = init_workspace(root, assignments=assignments_dir).workspace
    assert ws.api().generate_assignment(ASSIGNMENT)["success"]
    release = nbformat.read(ws.release / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    for pid, answers in PEOPLE.items():
        nb = answered(release, answers)
        nb.cells.insert(1, nbformat.v4.new_code_cell(PROBE))
        write_submission(ws.submission_dir(pid, ASSIGNMENT), nb)
    return ws


def _scores(ws) -> dict:
    with ws.gradebook() as gb:
        return {(sub.student.id, g.name): (g.auto_score, g.max_score)
                for sub in gb.assignment_submissions(ASSIGNMENT)
                for nb in sub.notebooks for g in nb.grades}


def _printed(ws, pid: str, label: str) -> str:
    nb = nbformat.read(ws.autograded / pid / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    return next(line for line in text.splitlines() if line.startswith(label))


@pytest.fixture(scope="module")
def graded(tmp_path_factory, assignments_dir):
    root = tmp_path_factory.mktemp("kernels")
    runs = {}
    for name, options in {
        "forked": {"fork": True},
        "fresh": {"fork": False},
        "basic": {"fork": True, "layers": ["workdir", "rlimits"]},
    }.items():
        ws = _class(root / name, assignments_dir)
        summary = grade_assignment(ws, ASSIGNMENT, workers=2, timeout=20, progress=False,
                                   **options)
        runs[name] = (ws, summary)
    return runs


@needs_fork
def test_forked_and_fresh_kernels_give_the_same_grades(graded):
    """Do kernels forked from the zygote grade exactly as kernels started from scratch?"""
    forked, fresh = _scores(graded["forked"][0]), _scores(graded["fresh"][0])
    assert forked == fresh
    assert forked[("P01", "tes-1")] == (2.0, 2.0) and forked[("P02", "tes-2")] == (0.0, 1.0)
    assert forked[("P03", "tes-1")] == (0.0, 2.0)


@needs_fork
def test_no_forked_kernel_inherits_another_notebooks_state(graded):
    """Does every forked kernel start clean (no mark left by an earlier notebook) and draw its
    own random numbers, as a new process would?"""
    ws, _ = graded["forked"]
    for pid in PEOPLE:
        assert _printed(ws, pid, "MARKS") == "MARKS None 60", pid
    draws = {_printed(ws, pid, "RANDOM") for pid in PEOPLE}
    assert len(draws) == len(PEOPLE)


@needs_fork
def test_grading_with_fewer_layers_still_grades_and_says_so(graded):
    """Without root's layers (as on a laptop), are the grades the same and the level 'basic'?"""
    ws, summary = graded["basic"]
    assert _scores(ws) == _scores(graded["forked"][0])
    assert set(summary.isolation.values()) == {"basic (workdir+rlimits)"}
    with (ws.root / "isolation.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["level"] for r in rows} == {"basic"} and len(rows) == len(PEOPLE)
