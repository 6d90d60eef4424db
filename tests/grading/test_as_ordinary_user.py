"""Grading as an ordinary user (the trainer's laptop): the hostile, sandbox and reliability suites
run again under a non-root uid, with the isolation that user can get.

When the tests run as root (CI), this creates the user ``kelas-uji`` (``useradd``) and runs those
suites as that user in a pytest of its own (``setpriv``), so that every assertion they make —
nothing lost, nothing read, no network, no process left — is checked for a laptop user too; the
isolation such a user gets here (user namespaces) must be "full". Run as an ordinary user, the
suites themselves already run as that user, and this module only checks the level.
"""

from __future__ import annotations

import csv
import os
import pwd
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from grading.engine.sandbox import available_layers, isolation_level

USER = "kelas-uji"
ROOT = Path(__file__).resolve().parents[2]
SUITES = ["tests/grading/test_sandbox.py", "tests/grading/test_hostile.py",
          "tests/grading/test_engine_reliability.py"]


def _reachable(user: pwd.struct_passwd, paths: list[Path]) -> list[tuple[Path, int]]:
    """Let ``user`` pass through (not list) the folders above ``paths`` that are closed to it
    (a Python installed under /root, as on CI); returns what to put back."""
    changed = []
    for path in paths:
        for folder in [*reversed(path.parents)]:
            info = folder.stat()
            if info.st_uid != user.pw_uid and not info.st_mode & stat.S_IXOTH:
                changed.append((folder, info.st_mode))
                folder.chmod(info.st_mode | stat.S_IXOTH)
    return changed


@pytest.fixture(scope="module")
def ordinary_user():
    if os.geteuid() != 0:
        yield pwd.getpwuid(os.geteuid())
        return
    try:
        found = pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", USER], check=True,
                       capture_output=True)
        found = pwd.getpwnam(USER)
    python = Path(os.path.realpath(sys.executable))
    changed = _reachable(found, [python, ROOT / "tests"])
    try:
        yield found
    finally:
        for folder, mode in changed:
            folder.chmod(mode)


def test_an_ordinary_user_gets_full_isolation(ordinary_user):
    """Does a non-root grader on this Linux (user namespaces allowed) reach workdir, rlimits,
    network, process and mount namespaces — the level 'full'?"""
    if os.geteuid() == 0:
        command = ["setpriv", f"--reuid={ordinary_user.pw_uid}",
                   f"--regid={ordinary_user.pw_gid}", "--clear-groups", sys.executable, "-c",
                   "from grading.engine.sandbox import available_layers as a; print('+'.join(a()))"]
        run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "HOME": ordinary_user.pw_dir})
        assert run.returncode == 0, run.stderr[-2000:]
        layers = run.stdout.split("+")
    else:
        layers = list(available_layers())
    layers = [layer.strip() for layer in layers]
    assert {"workdir", "rlimits", "userns", "netns", "pidns", "mountns"} <= set(layers), layers
    assert isolation_level(layers) == "full"


def test_the_suites_hold_for_an_ordinary_user(ordinary_user, tmp_path):
    """Run as an ordinary user, do the hostile, sandbox and reliability suites pass — no other
    submission changed, no secret read, no network, no process left — with isolation.csv
    naming the user namespace?"""
    if os.geteuid() != 0:
        pytest.skip("already running as an ordinary user: the suites ran as this user")
    base = Path("/tmp") / f"kelas-uji-{os.getpid()}"
    base.mkdir(mode=0o700)
    os.chown(base, ordinary_user.pw_uid, ordinary_user.pw_gid)
    report = base / "report.xml"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(HOME=ordinary_user.pw_dir, USER=USER, LOGNAME=USER, TMPDIR=str(base))
    try:
        run = subprocess.run(
            ["setpriv", f"--reuid={ordinary_user.pw_uid}", f"--regid={ordinary_user.pw_gid}",
             "--clear-groups", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             f"--basetemp={base / 'pytest'}", f"--junitxml={report}", *SUITES],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
        assert " passed" in run.stdout and " skipped" not in run.stdout, run.stdout[-2000:]
        rows = []
        for found in (base / "pytest").rglob("isolation.csv"):
            with found.open(encoding="utf-8", newline="") as fh:
                rows += list(csv.DictReader(fh))
        assert rows and any("userns" in r["layers"] and r["level"] == "full" for r in rows)
    finally:
        shutil.rmtree(base, ignore_errors=True)
