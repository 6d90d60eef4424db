"""Where each cell of a notebook runs (grading.engine.run.plan): the participant's code in their
kernel, the assignment's own code — above all what the tests use — in the clean kernel."""

from __future__ import annotations

from grading_helpers import _cell
from nbformat.v4 import new_notebook

from grading.engine.run import plan


def _roles(*cells) -> list[tuple[str, str]]:
    nb = new_notebook(cells=list(cells))
    return [(nb.cells[step.index].metadata["nbgrader"]["grade_id"], step.role)
            for step in plan(nb)]


def test_a_setup_cell_using_its_own_helpers_runs_clean():
    """Is a locked cell whose helpers call each other (and read its own constants) run in the
    clean kernel, not taken for one that reads the participant's names?"""
    setup = _cell("code", "TOL = 1e-9\ndef close(a, b):\n    return abs(a - b) < TOL\n"
                          "def check(a, b):\n    assert close(a, b)\ncheck(1.0, 1.0)",
                  "setup", locked=True)
    answer = _cell("code", "x = 1.0", "answer", solution=True)
    test = _cell("code", "check(x, 1.0)", "test", grade=True, locked=True, points=1)
    assert _roles(setup, answer, test) == [("setup", "both"), ("answer", "participant"),
                                           ("test", "test")]


def test_a_locked_cell_calling_the_participant_runs_where_its_results_are_used():
    """Does a locked demo calling the participant's function run in their kernel, but a locked
    cell that also defines what the tests read run in the clean kernel, through the bridge?"""
    answer = _cell("code", "def f(n):\n    return n + 1", "answer", solution=True)
    demo = _cell("code", "print(f(1))", "demo", locked=True)
    expected = _cell("code", "first = f(1)\ndef check(v):\n    assert v == first",
                     "expected", locked=True)
    test = _cell("code", "check(f(1))", "test", grade=True, locked=True, points=1)
    assert _roles(answer, demo, expected, test) == [
        ("answer", "participant"), ("demo", "participant-only"),
        ("expected", "locked-bridged"), ("test", "test")]
    step = [s for s in plan(new_notebook(cells=[answer, demo, expected, test]))][-1]
    assert step.reads == ["f"]  # check and first are the clean kernel's own from then on


def test_tests_that_reach_the_namespace_run_in_the_participant_kernel():
    """Do tests using globals(), builtins, inspect.getsource or subclassing the participant's
    class run in the participant's kernel, and plain tests in the clean one?"""
    answer = _cell("code", "class A:\n    pass", "answer", solution=True)
    tests = [_cell("code", source, f"t{i}", grade=True, locked=True, points=1)
             for i, source in enumerate([
                 "assert 'A' in globals()", "import builtins\nassert builtins.max",
                 "import inspect\nassert 'pass' in inspect.getsource(A)",
                 "class B(A):\n    pass\nassert B()", "assert isinstance(A(), A)"])]
    roles = dict(_roles(answer, *tests))
    assert [roles[f"t{i}"] for i in range(5)] == ["test-in-participant"] * 4 + ["test"]
