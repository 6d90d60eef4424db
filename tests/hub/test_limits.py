"""Per-user limits: does the kernel really stop a server that goes over its memory, CPU, processes?"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from grading.hub.limits import Limits, UserCgroup, detect

MIB = 1024**2


@pytest.fixture
def group():
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        pytest.skip("cgroups are set up by root (the hub runs as root); CI runs as root")
    support = detect()
    if not support.complete:
        pytest.skip(f"this machine's cgroups cannot enforce every limit: {support}")
    made = UserCgroup(f"uji-batas-{os.getpid()}", Limits(memory=200 * MIB, cpus=0.5,
                                                          processes=40))
    assert made.create() == ["memory", "cpu", "pids"]
    yield made
    for pid in made.members():
        os.kill(pid, 9)
    time.sleep(0.2)
    made.remove()


def run_inside(group: UserCgroup, code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], preexec_fn=group.joiner(),
                          capture_output=True, text=True, timeout=timeout)


def test_memory_over_the_limit_is_killed(group):
    done = run_inside(group, "x = bytearray(600 * 1024**2); x[::4096] = b'1' * len(x[::4096]);"
                             "print('masih hidup')")
    assert done.returncode == -9 and "masih hidup" not in done.stdout
    small = run_inside(group, "x = bytearray(50 * 1024**2); print('cukup')")
    assert small.returncode == 0 and "cukup" in small.stdout


def test_cpu_is_held_to_its_share(group):
    done = run_inside(group, "import time\nt, s = time.process_time(), time.time()\n"
                             "while time.time() - s < 2: pass\n"
                             "print((time.process_time() - t) / (time.time() - s))")
    share = float(done.stdout.strip())
    assert share < 0.7, f"a busy loop got {share:.2f} of a core with a limit of 0.5"


def test_a_fork_bomb_stops_at_the_process_limit(group):
    done = run_inside(group, "import os, time\nmade = 0\n"
                             "try:\n    for _ in range(200):\n"
                             "        if os.fork() == 0:\n            time.sleep(1); os._exit(0)\n"
                             "        made += 1\nexcept OSError:\n    pass\nprint(made)")
    assert int(done.stdout.strip()) < 40
