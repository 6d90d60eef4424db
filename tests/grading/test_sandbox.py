"""Isolation of each notebook's kernel: no network, no workspace, no stray processes, capped
memory, files, output and time — each breach attempt flagged, the batch going on.

Every participant answers correctly (``y = x + 1``) and then tries one thing the sandbox must stop,
so the scores show the honest answers are kept and the flags show what was caught.
"""

from __future__ import annotations

import csv
import socket
from pathlib import Path

import nbformat
import pytest
from grading_helpers import ASSIGNMENT, NOTEBOOK, PERFECT, answered, tree_hashes, write_submission

from grading.engine import grade_assignment
from grading.engine.sandbox import Sandbox, available_layers, isolation_level
from grading.flags import read_flags
from grading.workspace import REPO_ASSIGNMENTS

FULL = isolation_level(available_layers()) == "full"
needs_full = pytest.mark.skipif(not FULL, reason="needs root, or user namespaces, and unshare "
                                                 "(full isolation)")


def _probe(path) -> str:
    return (f"try:\n    open({str(path)!r}, 'rb').read(10)\n    print('READ', {str(path)!r})\n"
            f"except OSError as e:\n    print('BLOCKED', type(e).__name__)\n")


@pytest.fixture(scope="module")
def sandboxed(tmp_path_factory, assignments_dir):
    from grading.workspace import init_workspace

    root = tmp_path_factory.mktemp("sandbox")
    ws = init_workspace(root / "kelas", assignments=assignments_dir).workspace
    assert ws.api().generate_assignment(ASSIGNMENT)["success"]
    release = nbformat.read(ws.release / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    source = ws.source / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    attacks = {
        "net": f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), "
               "timeout=3)\n    print('CONNECTED')\nexcept OSError as e:\n    print('BLOCKED', e)\n",
        "files": _probe(ws.gradebook_file) + _probe("../../gradebook.db") + _probe(source)
                 + _probe(REPO_ASSIGNMENTS / "catalog.csv")
                 + "import glob, os\nprint('OTHERS', [p for p in glob.glob('/tmp/*/work/*')\n"
                   "                      if not p.startswith(os.getcwd())])\n",
        "fork": "import subprocess\nsubprocess.Popen(['sleep', '3141'], start_new_session=True)\n",
        "memory": "big = bytearray(3 * 1024**3)\n",
        "bigfile": "with open('besar.bin', 'wb') as fh:\n    fh.write(b'0' * (200 * 1024**2))\n",
        "print": "print('x' * 50_000_000)\n",
        "loop": "while True:\n    pass\n",
    }
    for pid, code in attacks.items():
        write_submission(ws.submission_dir(pid, ASSIGNMENT),
                         answered(release, PERFECT | {"jawab-2": "y = x + 1\n" + code}))
    outside = {"source": tree_hashes(ws.source), "submitted": tree_hashes(ws.submitted),
               "assignments": tree_hashes(REPO_ASSIGNMENTS)}
    summary = grade_assignment(ws, ASSIGNMENT, workers=2, timeout=5, progress=False)
    try:
        listener.accept()
        connected = True
    except BlockingIOError:
        connected = False
    finally:
        listener.close()
    yield ws, summary, outside, connected


def _grades(ws):
    with ws.gradebook() as gb:
        return {sub.student.id: {g.name: g.auto_score for g in sub.notebooks[0].grades}
                for sub in gb.assignment_submissions(ASSIGNMENT)}


def _output(ws, pid) -> str:
    nb = nbformat.read(ws.autograded / pid / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    return "\n".join(str(o.get("text", "")) + str(o.get("ename", "")) + str(o.get("evalue", ""))
                     for c in nb.cells for o in c.get("outputs", []))


def _codes(ws) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    for flag in read_flags(ws.flags_file):
        codes.setdefault(flag.participant_id, set()).add(flag.code)
    return codes


@needs_full
def test_no_network_inside_the_sandbox(sandboxed):
    """Can a notebook reach a listener on 127.0.0.1 of the grading machine? (It must not.)"""
    ws, _, _, connected = sandboxed
    assert not connected
    assert "BLOCKED" in _output(ws, "net") and "CONNECTED" not in _output(ws, "net")
    assert _grades(ws)["net"] == {"tes-1": 2.0, "tes-2": 1.0, "penjelasan": None}


@needs_full
def test_gradebook_sources_and_other_work_are_out_of_reach(sandboxed):
    """Are the gradebook, the source notebooks and other submissions' folders unreadable?"""
    ws, _, _, _ = sandboxed
    out = _output(ws, "files")
    assert "READ" not in out and out.count("BLOCKED") == 4
    assert "OTHERS []" in out


@needs_full
def test_processes_started_by_a_notebook_are_gone(sandboxed):
    """Is a detached child process (sleep 3141) killed when its notebook ends?"""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            assert cmdline != b"sleep\x003141\x00"


def test_memory_file_output_and_time_are_capped_and_flagged(sandboxed):
    """Are 3 GiB, a 200 MB file, 50 MB of print and an endless loop stopped, flagged, the batch on?"""
    ws, summary, _, _ = sandboxed
    grades, codes = _grades(ws), _codes(ws)
    assert sorted(summary.graded) == sorted(["net", "files", "fork", "memory", "bigfile", "print",
                                             "loop"])
    assert "memory-limit" in codes["memory"] and "MemoryError" in _output(ws, "memory")
    assert "file-size-limit" in codes["bigfile"]
    assert "output-truncated" in codes["print"]
    size = (ws.autograded / "print" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").stat().st_size
    assert size < 3 * 1024**2
    assert "timeout" in codes["loop"]
    for pid in ("memory", "bigfile", "print", "loop"):
        assert grades[pid]["tes-1"] == 2.0  # the honest answer before the attack still counts
    assert not {"net", "files", "fork"} & set(codes)


def test_the_isolation_level_is_recorded(sandboxed):
    """Does isolation.csv name, per participant, the level and layers the kernel ran with?"""
    ws, summary, _, _ = sandboxed
    with (ws.root / "isolation.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 7 and {r["assignment"] for r in rows} == {ASSIGNMENT}
    expected = Sandbox(Path("/tmp")).level
    assert {r["level"] for r in rows} == {expected}
    assert all("workdir" in r["layers"] for r in rows)
    assert set(summary.isolation) == {r["participant_id"] for r in rows}


def test_nothing_outside_the_submission_changed(sandboxed):
    """Are source/, submitted/ and the course's assignments/ unchanged?"""
    ws, _, outside, _ = sandboxed
    assert tree_hashes(ws.source) == outside["source"]
    assert tree_hashes(ws.submitted) == outside["submitted"]
    assert tree_hashes(REPO_ASSIGNMENTS) == outside["assignments"]


def test_fallback_levels_are_named():
    """Is a sandbox without root or namespaces named 'basic' or 'partial', never 'full'?"""
    assert Sandbox(Path("/tmp/x"), layers=["workdir", "rlimits"]).level == "basic"
    assert Sandbox(Path("/tmp/x"), layers=["workdir", "rlimits", "netns"]).level == "partial"
    box = Sandbox(Path("/tmp/x"), layers=["workdir"])
    assert box.uid is None and box.settings()["limits"] == {}


def test_packages_a_pth_file_adds_stay_in_reach(tmp_path, monkeypatch):
    """Can the kernel still import the packages a ``.pth`` file adds from another environment
    (the class hub's bridge Python loads the grader's virtual environment so), under Landlock
    and under the user namespace that hides the temporary folder? Without them every kernel
    died at its start and ``release`` refused a correct assignment as "not run"."""
    extra = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    extra.mkdir(parents=True)
    monkeypatch.syspath_prepend(str(extra))
    work = tmp_path / "work"
    landlock = Sandbox(work, layers=["workdir", "rlimits", "landlock"]).settings()
    assert str(extra.resolve()) in landlock["landlock"]["read"]
    userns = Sandbox(work, layers=["workdir", "userns", "mountns"]).settings()
    exposed = [inside for _own, inside in userns["expose"]]
    assert any(str(extra.resolve()) in inside for inside in exposed), userns["expose"]


@pytest.fixture(scope="module")
def landlocked(tmp_path_factory, assignments_dir):
    """The file and network attacks again, with Landlock as the only confinement (what a laptop
    whose kernel refuses user namespaces gets)."""
    from grading.engine.sandbox import _landlock_abi
    from grading.workspace import init_workspace

    if _landlock_abi() < 4:
        pytest.fail("this kernel has no Landlock ABI 4 (Linux 6.7+): the fallback cannot be tried")
    root = tmp_path_factory.mktemp("landlock")
    ws = init_workspace(root / "kelas", assignments=assignments_dir).workspace
    assert ws.api().generate_assignment(ASSIGNMENT)["success"]
    release = nbformat.read(ws.release / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    source = ws.source / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    attacks = {
        "net": f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), "
               "timeout=3)\n    print('CONNECTED')\nexcept OSError as e:\n    print('BLOCKED', e)\n",
        "files": _probe(ws.gradebook_file) + _probe(source)
                 + _probe(REPO_ASSIGNMENTS / "catalog.csv")
                 + "import glob\nfor p in glob.glob('/tmp/*/work/*.ipynb') + glob.glob("
                   f"'{ws.submitted}/*/*/*.ipynb'):\n"
                   "    try:\n        open(p, 'a').write('x')\n        print('WROTE', p)\n"
                   "    except OSError as e:\n        print('BLOCKED', type(e).__name__)\n",
    }
    for pid, code in attacks.items():
        write_submission(ws.submission_dir(pid, ASSIGNMENT),
                         answered(release, PERFECT | {"jawab-2": "y = x + 1\n" + code}))
    summary = grade_assignment(ws, ASSIGNMENT, workers=2, timeout=10, progress=False,
                               layers=["workdir", "rlimits", "landlock"])
    try:
        listener.accept()
        connected = True
    except BlockingIOError:
        connected = False
    finally:
        listener.close()
    return ws, summary, connected


def test_landlock_confines_files_and_connections(landlocked):
    """With only Landlock, are the gradebook, the sources and the course unreadable, other
    folders unwritable, TCP refused, the honest answers still graded and the level recorded?"""
    ws, summary, connected = landlocked
    assert not connected and "CONNECTED" not in _output(ws, "net")
    out = _output(ws, "files")
    assert "READ" not in out and "WROTE" not in out and out.count("BLOCKED") >= 3
    assert _grades(ws)["files"] == {"tes-1": 2.0, "tes-2": 1.0, "penjelasan": None}
    assert set(summary.isolation.values()) == {"partial (workdir+rlimits+landlock)"}
