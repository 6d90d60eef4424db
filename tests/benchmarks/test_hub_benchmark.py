"""Does benchmarks/hub.py measure what it says, for 2 participants, and leave nothing behind?

It runs the real benchmark (its own hub, two system users, servers, kernels, the module's cells,
widget changes through the websocket) with a short time limit, then reads its JSON. No figure is
compared with a time: only that every step was measured and nothing failed or was left running.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grading.hub.accounts import linux_user

REPO = Path(__file__).resolve().parents[2]
BENCHMARK = REPO / "benchmarks" / "hub.py"

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="the benchmark creates system users: root only"),
    pytest.mark.skipif(
        subprocess.run([sys.executable, "-c", "import jupyterhub"]).returncode != 0,
        reason="JupyterHub is not installed (the hub extra)",
    ),
    pytest.mark.skipif(
        subprocess.run(
            [sys.executable, "-c", "from grading.hub.serve import find_proxy; find_proxy()"],
            capture_output=True,
        ).returncode != 0,
        reason="configurable-http-proxy is not installed (make hub-setup)",
    ),
]


def _processes_of(uids: set[int]) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if os.stat(entry.path).st_uid in uids:
                    found.append(int(entry.name))
            except FileNotFoundError:
                continue
    return found


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("hubload") / "hub.json"
    done = subprocess.run(
        [sys.executable, str(BENCHMARK), "--participants", "2", "--timeout", "120",
         "--recomputes", "2", "--quiet-wait", "0", "--json", str(out)],
        capture_output=True, text=True, timeout=400, cwd=REPO,
    )
    result = json.loads(out.read_text()) if out.exists() else None
    return done, result


def test_two_participants_do_every_step(run):
    """Do both participants spawn, open the module, run every code cell and move the widget?"""
    done, result = run
    assert result is not None, done.stdout + done.stderr
    assert result["failures"] == {}, result["failures"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert result["participants_finished"] == 2
    module = json.loads((REPO / "course" / "id" / result["settings"]["module"]).read_text())
    code_cells = sum(c["cell_type"] == "code" for c in module["cells"])
    assert result["spawn_s"]["n"] == 2
    assert result["kernel_start_s"]["n"] == 2
    assert result["cell_s"]["n"] == 2 * code_cells
    assert result["widget_recompute_s"]["n"] == 2 * 2
    for person in result["per_participant"]:
        assert len(person["cells"]) == code_cells and len(person["recomputes"]) == 2


def test_memory_is_read_from_each_participants_server_and_kernel(run):
    """Is each participant's memory the sum of their own server and kernel processes?"""
    _, result = run
    for person in result["per_participant"]:
        end = person["end"]
        assert end["processes"] >= 2, end["commands"]
        assert end["server_pss"] > 0 and end["kernel_pss"] > 0, end["commands"]
        assert end["pss"] >= end["server_pss"] + end["kernel_pss"]
        assert end["rss"] >= end["pss"] > 0
        assert end["cpu_s"] > 0
    assert result["hub_and_proxy"]["rss"] > 0
    assert result["load_average_1min"]["max"] is not None


def test_nothing_is_left_behind(run):
    """Are the users, their processes and the hub's state folder gone afterwards?"""
    _, result = run
    people = result["per_participant"]
    assert result["cleanup_problems"] == []
    assert not _processes_of({person["uid"] for person in people})
    assert not [person["name"] for person in people if linux_user(person["name"]) is not None]
    assert not [person["home"] for person in people if Path(person["home"]).exists()]
    assert not Path(result["state"]).exists()
