"""A throwaway class hub for tests: temporary folders, accounts, a running JupyterHub; all removed after.

Everything here needs root (Linux accounts, a process per user, cgroups): :func:`require_root`
skips with the reason otherwise. Account names carry a random tag so that two runs never meet.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def user_bin() -> Path:
    """The commands the hub's accounts run (``kelas-ekspor`` of a Python they can reach)."""
    from grading.hub.serve import user_python

    return user_python().parent


def kelas_ekspor() -> str:
    return str(user_bin() / "kelas-ekspor")
HUB_START_S = 90


def require_root() -> None:
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        pytest.skip("the class hub makes Linux accounts and runs a server per account: root only "
                    "(CI runs the suite as root)")
    if shutil.which("useradd") is None:
        pytest.skip("useradd is not installed: the class hub needs it to make accounts")


@dataclass
class World:
    """Temporary folders of one test hub: state, exchange, homes; and the accounts made."""

    base: Path
    tag: str
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def paths(self):
        from grading.hub import HubPaths

        return HubPaths(state=self.base / "state", exchange=self.base / "exchange",
                        homes=self.base / "homes")

    def participant_id(self, n: int) -> str:
        return f"T{self.tag}-{n:02d}".upper()

    def username(self, n: int) -> str:
        return self.participant_id(n).lower()

    @property
    def grader(self) -> str:
        return f"t{self.tag}nilai"

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def write_roster(self, numbers: list[int]) -> Path:
        path = self.base / "roster.csv"
        rows = ["id_peserta,nama,organisasi"] + [
            f"{self.participant_id(n)},Peserta Uji {n},BUMDes Uji {n}" for n in numbers]
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        return path

    def accounts(self) -> dict:
        return json.loads((self.paths.accounts_file).read_text(encoding="utf-8"))


def make_world() -> World:
    base = Path(tempfile.mkdtemp(prefix="kelas-hub-test-"))
    os.chmod(base, 0o755)  # the accounts' homes are under it
    (base / "homes").mkdir(mode=0o755)
    return World(base=base, tag=secrets.token_hex(3))


def remove_world(world: World) -> None:
    """Delete every account the test made (processes, Linux user, home), its cgroups, its folders."""
    from grading.hub import read_accounts
    from grading.hub.accounts import remove_account
    from grading.hub.limits import CGROUP_ROOT, PARENT

    paths = world.paths
    users = list(read_accounts(paths.state)["users"]) if paths.state.exists() else []
    for user in users:
        try:
            remove_account(user, paths)
        except Exception as error:  # keep removing the others
            print(f"[hub test] could not remove {user}: {error}")
        for controller in ("memory", "cpu", "pids", ""):
            folder = CGROUP_ROOT / controller / PARENT / user if controller else \
                CGROUP_ROOT / PARENT / user
            try:
                folder.rmdir()
            except OSError:
                pass
    shutil.rmtree(world.base, ignore_errors=True)


def run_as(user: str, argv: list[str], *, cwd: Path | None = None, env: dict | None = None,
           timeout: float = 300, check: bool = True) -> subprocess.CompletedProcess:
    """Run a command as a Linux user (no extra groups), with a clean environment."""
    entry = pwd.getpwnam(user)
    environment = {
        "HOME": entry.pw_dir, "USER": user, "LANG": "C.UTF-8",
        "PATH": os.pathsep.join([str(user_bin()), "/usr/bin", "/bin"]),
        **(env or {}),
    }
    done = subprocess.run(argv, cwd=cwd or entry.pw_dir, env=environment, user=entry.pw_uid,
                          group=entry.pw_gid, extra_groups=[], capture_output=True, text=True,
                          timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} as {user} failed ({done.returncode}):\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


class Hub:
    """``kelas-ekspor hub serve`` on 127.0.0.1 and a free port, for one test module."""

    def __init__(self, world: World, admin_token: str):
        self.world = world
        self.admin_token = admin_token
        from grading.hub.serve import free_loopback_port

        self.port = free_loopback_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = world.base / "hub.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Hub:
        paths = self.world.paths
        env = dict(os.environ, KELAS_HUB_ADMIN_TOKEN=self.admin_token)
        argv = [str(Path(sys.executable).parent / "kelas-ekspor"), "hub", "serve", "--state", str(paths.state), "--exchange",
                str(paths.exchange), "--ip", "127.0.0.1", "--port", str(self.port),
                "--memory", "1536M", "--cpus", "1", "--idle-minutes", "0"]
        with open(self.log, "a") as out:
            self.process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env,
                                            start_new_session=True)
        deadline = time.monotonic() + HUB_START_S
        while True:
            try:
                self.api("")
                return self
            except (OSError, urllib.error.HTTPError):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("the class hub did not start:\n" + self.log_tail())
            time.sleep(0.5)

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base}/hub/api/{path}", method=method, data=data,
            headers={"Authorization": f"token {self.admin_token}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM (JupyterHub stops the servers and its proxy), then whatever is left."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        proxy_pid = self.world.paths.state / "jupyterhub-proxy.pid"
        try:  # the proxy is ours only if its command line names this hub's port
            pid = int(proxy_pid.read_text().strip())
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"configurable-http-proxy" in b" ".join(command) and \
                    str(self.port).encode() in command:
                os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass
        self.process = None
