"""Reliability of ``grade``: serial equals parallel, a run killed with ``kill -9`` resumes to the same
gradebook, reruns change nothing, the gradebook is backed up, and submitted files are never written.

One class of six submissions (perfect, partial, blank, tampered, crashing, broken JSON) is graded
three times in three workspaces: with one worker, with two, and with two but killed mid-batch and
run again by the same command.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from grading_helpers import (
    ASSIGNMENT,
    NOTEBOOK,
    PARTIAL,
    PERFECT,
    WRONG_X,
    answered,
    tree_hashes,
    write_submission,
)

from grading.engine import grade_assignment
from grading.flags import read_flags
from grading.roster import import_roster
from grading.workspace import init_workspace

PEOPLE = ["P01", "P02", "P03", "P04", "P05", "P06"]
SLOW = "import time\ntime.sleep(0.3)\n"  # gives the kill a moment to land mid-batch


def _class(root: Path, assignments_dir: Path):
    ws = init_workspace(root, assignments=assignments_dir).workspace
    roster = root.parent / f"{root.name}-roster.csv"
    roster.write_text("participant_id,name\n" + "".join(f"{p},Peserta {p}\n" for p in PEOPLE),
                      encoding="utf-8")
    import_roster(ws, roster)
    assert ws.api().generate_assignment(ASSIGNMENT)["success"]
    release = nbformat.read(ws.release / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)

    def put(pid, nb):
        write_submission(ws.submission_dir(pid, ASSIGNMENT), nb)

    put("P01", answered(release, PERFECT | {"jawab-2": SLOW + "y = x + 1"}))
    put("P02", answered(release, PARTIAL | {"jawab-2": SLOW + "y = x + 2"}))
    put("P03", answered(release, {"jawab-1": SLOW}))
    tampered = answered(release, WRONG_X | {"jawab-2": SLOW + "y = x + 1"})
    for cell in tampered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "tes-1":
            cell.source = "pass"
    put("P04", tampered)
    put("P05", answered(release, PERFECT | {"jawab-2": SLOW + "import os\nos._exit(1)"}))
    put("P06", nbformat.writes(answered(release, PERFECT))[:300])
    return ws


def gradebook_state(ws) -> dict:
    """Everything grading writes to the gradebook, per participant and cell."""
    with ws.gradebook() as gb:
        state = {}
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for g in nb.grades:
                    state[(sub.student.id, nb.name, g.name)] = (
                        g.auto_score, g.manual_score, g.max_score, g.needs_manual_grade)
                for c in nb.comments:
                    state[(sub.student.id, nb.name, c.name, "comment")] = c.auto_comment
            state[(sub.student.id, "timestamp")] = str(sub.timestamp)
        return state


def flag_rows(ws) -> list[tuple]:
    return sorted((f.participant_id, f.assignment, f.code, f.reason_en)
                  for f in read_flags(ws.flags_file))


def _stat(pid: int) -> tuple[int, int, bytes] | None:
    """(parent pid, start time, command) of a running process, None if gone (or a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2:].split()
    if fields[0] == b"Z":
        return None
    return int(fields[1]), int(fields[19]), command


def _descendants(root: int) -> dict[int, tuple[int, bytes]]:
    """Every process below ``root``: pid -> (start time, command)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (info := _stat(int(entry.name))) is not None:
            table[int(entry.name)] = info
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, started, command) in table.items():
            if ppid == parent and pid not in found:
                found[pid] = (started, command)
                frontier.append(pid)
    return found


def _alive(family: dict[int, tuple[int, bytes]]) -> dict[int, bytes]:
    """The processes of ``family`` still running (same pid and start time)."""
    alive = {}
    for pid, (started, command) in family.items():
        info = _stat(pid)
        if info is not None and info[1] == started:
            alive[pid] = command
    return alive


def _cli(ws, *extra) -> list[str]:
    return [str(Path(sys.executable).parent / "kelas-ekspor"), "--workspace", str(ws.root),
            "--quiet", "grade", ASSIGNMENT, "--workers", "2", "--timeout", "20", *extra]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, assignments_dir):
    root = tmp_path_factory.mktemp("reliability")
    serial = _class(root / "serial", assignments_dir)
    parallel = _class(root / "parallel", assignments_dir)
    crashed = _class(root / "crashed", assignments_dir)
    before = {name: tree_hashes(ws.submitted)
              for name, ws in (("serial", serial), ("parallel", parallel), ("crashed", crashed))}
    grade_assignment(serial, ASSIGNMENT, workers=1, timeout=20, progress=False)
    grade_assignment(parallel, ASSIGNMENT, workers=2, timeout=20, progress=False)

    process = subprocess.Popen(_cli(crashed), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done_at_kill, family, left = 0, {}, {}
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            done_at_kill = len(list(
                (crashed.root / ".kelas-ekspor" / "graded" / ASSIGNMENT).glob("*.json")))
            if done_at_kill >= 2:
                family = _descendants(process.pid)  # workers, fork server, zygotes, kernels
                os.kill(process.pid, signal.SIGKILL)  # the main process, mid-batch
                break
            time.sleep(0.02)
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while (left := _alive(family)) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        try:  # a safety net; the test below says whether anything was left
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    killed_with = process.returncode
    rerun = subprocess.run(_cli(crashed), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    return {"serial": serial, "parallel": parallel, "crashed": crashed, "before": before,
            "killed_with": killed_with, "done_at_kill": done_at_kill, "rerun": rerun.stdout,
            "family": family, "left": left}


def test_serial_and_parallel_give_identical_gradebooks(runs):
    """Do one worker and two workers give the same scores, comments and flags?"""
    serial, parallel = runs["serial"], runs["parallel"]
    state = gradebook_state(serial)
    assert state[("P01", NOTEBOOK, "tes-1")][0] == 2.0
    assert state[("P02", NOTEBOOK, "tes-2")][0] == 0.0
    assert state == gradebook_state(parallel)
    assert flag_rows(serial) == flag_rows(parallel)
    assert {r[2] for r in flag_rows(serial)} >= {"test-cell-modified", "kernel-died", "broken-json"}


def test_a_killed_run_resumes_to_the_same_gradebook(runs):
    """After kill -9 mid-batch, does the same command end with the uninterrupted run's gradebook?"""
    assert runs["killed_with"] == -signal.SIGKILL
    assert 2 <= runs["done_at_kill"] < len(PEOPLE)  # really mid-batch
    crashed, serial = runs["crashed"], runs["serial"]
    assert gradebook_state(crashed) == gradebook_state(serial)
    assert flag_rows(crashed) == flag_rows(serial)
    assert "dilewati" in runs["rerun"]  # finished participants were not graded twice
    for pid in PEOPLE[:5]:
        assert (crashed.feedback / pid / ASSIGNMENT / f"{NOTEBOOK}.html").is_file()
    assert not list(crashed.autograded.glob(f"*/.{ASSIGNMENT}.*"))  # no half-built folder left


def test_a_killed_run_leaves_no_process_behind(runs):
    """After kill -9 of ``kelas-ekspor grade``, are its workers, zygotes and kernels all gone?"""
    family = runs["family"]
    commands = b" ".join(command for _, command in family.values())
    assert b"forkserver" in commands  # there was a family:
    assert len(family) >= 6  # resource tracker, fork server, two workers, their zygotes, kernels
    assert runs["left"] == {}, runs["left"]


def test_each_run_backs_up_the_gradebook_first(runs):
    """Is there a readable gradebook backup for each run, from before the run?"""
    import sqlite3

    backups = sorted((runs["crashed"].root / "backups").glob("gradebook-*.db"))
    assert len(backups) == 2  # the killed run and the rerun
    with sqlite3.connect(backups[0]) as db:
        assert db.execute("select count(*) from submitted_assignment").fetchone() == (0,)
    with sqlite3.connect(backups[1]) as db:  # the rerun's backup holds what the killed run saved
        assert db.execute("select count(*) from submitted_assignment").fetchone()[0] >= 2


def test_reruns_are_idempotent(runs):
    """Does grading again — skipping, then forced — leave gradebook, flags and feedback the same?"""
    ws = runs["parallel"]
    state, flags = gradebook_state(ws), flag_rows(ws)
    feedback = tree_hashes(ws.feedback)
    again = grade_assignment(ws, ASSIGNMENT, workers=2, timeout=20, progress=False)
    assert sorted(again.skipped) == PEOPLE
    assert gradebook_state(ws) == state and flag_rows(ws) == flags
    assert tree_hashes(ws.feedback) == feedback
    forced = grade_assignment(ws, ASSIGNMENT, workers=2, timeout=20, progress=False, force=True)
    assert forced.skipped == [] and sorted(forced.graded) == PEOPLE
    assert gradebook_state(ws) == state and flag_rows(ws) == flags


def test_a_changed_submission_is_graded_again(runs, tmp_path):
    """Is a submission sent again after grading graded anew on the next run?"""
    ws = runs["serial"]
    target = ws.submission_dir("P03", ASSIGNMENT)
    saved = tmp_path / "P03"
    shutil.copytree(target, saved)
    perfect = ws.submission_dir("P01", ASSIGNMENT) / f"{NOTEBOOK}.ipynb"
    try:
        shutil.copy(perfect, target / f"{NOTEBOOK}.ipynb")
        summary = grade_assignment(ws, ASSIGNMENT, workers=1, timeout=20, progress=False)
        assert "P03" not in summary.skipped and "P01" in summary.skipped
        assert gradebook_state(ws)[("P03", NOTEBOOK, "tes-2")][0] == 1.0
    finally:
        shutil.rmtree(target)
        shutil.copytree(saved, target)


def test_no_submitted_file_is_modified(runs):
    """Are submitted/ files byte-for-byte and mtime-for-mtime as before every run?"""
    for name in ("serial", "parallel", "crashed"):  # serial's P03 was swapped and put back
        assert tree_hashes(runs[name].submitted) == runs["before"][name], name
