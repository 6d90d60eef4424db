"""A notebook the engine could not run says why: the error's type and message, in the flag."""

from __future__ import annotations

import sys

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbformat.v4 import new_code_cell, new_notebook

from grading.engine.guard import CHECK, INSTALL
from grading.engine.judge import flags_for
from grading.engine.run import Kernels, ParticipantExecute, RunOutcome, execute_notebook


class _DeadOnArrival(AsyncKernelManager):
    """A kernel whose process ends before it answers (what a kernel that cannot import its
    packages does, e.g. a sandbox that hides them)."""

    def format_kernel_cmd(self, extra_arguments=None):
        return [sys.executable, "-c", "import sys; sys.exit(3)"]


def test_a_kernel_that_never_answers_is_named_with_its_error(tmp_path):
    """Does the run record the error that stopped it with its message — not only its type — and
    does the flag hand both to the grader, with the tests that scored 0 because of it?"""
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    km = _DeadOnArrival()
    run_sync(km.start_kernel)()
    participant = ParticipantExecute()
    participant.km = km
    kernels = Kernels(participant=participant, clean=None, workdir=tmp_path, clean_dir=None,
                      protected=set(), max_file=1024, guard_code=INSTALL, check_code=CHECK)
    _, outcome = execute_notebook(nb, kernels, 30, 60, {"metadata": {"path": str(tmp_path)}})
    assert outcome.stopped.startswith("failed:RuntimeError: Kernel died before replying"), \
        outcome.stopped

    outcome = RunOutcome(stopped=outcome.stopped, not_run=["tes-hpp", "tes-impas"])
    flags, _manual = flags_for(outcome, nb, "P01", "a1", timeout=30, notebook_timeout=60,
                               output_limit=1024)
    [flag] = [f for f in flags if f.code == "execution-failed"]
    for reason in (flag.reason_id, flag.reason_en):
        assert "RuntimeError: Kernel died before replying" in reason
        assert "tes-hpp, tes-impas" in reason
