"""Per-user memory, CPU and process limits for the class hub's servers, through Linux cgroups.

JupyterHub's ``LocalProcessSpawner`` only passes ``mem_limit`` and ``cpu_limit`` to the server as
environment variables (``MEM_LIMIT``, ``CPU_LIMIT``); nothing enforces them. Here each user gets a
cgroup of their own, ``kelas-ekspor/<user>``, that the kernel enforces:

- memory: ``memory.max`` (cgroup v2) or ``memory.limit_in_bytes`` (v1, and ``memsw`` where swap is
  accounted): the kernel's OOM killer ends a process of that user when the whole server (JupyterLab,
  kernels, terminals) goes over, never another user's;
- CPU: ``cpu.max`` (v2) or ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` (v1): at most that many
  cores' worth of time per period, however many processes the user starts;
- processes: ``pids.max``: a fork bomb stops at the limit.

The server process joins its cgroup before it drops root (``preexec_fn``), so everything it starts
is counted. Needs root and a writable cgroup file system (v1 per-controller hierarchies or v2);
:func:`detect` says what this machine offers, and the hub logs it at start.

Examples
--------
>>> limits = Limits(memory=2 * 1024**3, cpus=1.0, processes=256)
>>> limits.cpu_quota(period=100_000)
100000
>>> describe(limits)
'memori 2048 MiB, CPU 1.0 inti, 256 proses / memory 2048 MiB, CPU 1.0 cores, 256 processes'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Limits", "Support", "detect", "describe", "UserCgroup"]

CGROUP_ROOT = Path("/sys/fs/cgroup")
PARENT = "kelas-ekspor"


@dataclass(frozen=True)
class Limits:
    """What one user's server (JupyterLab, kernels, terminals together) may use."""

    memory: int  # bytes
    cpus: float  # cores
    processes: int

    def cpu_quota(self, period: int = 100_000) -> int:
        """Microseconds of CPU time per ``period`` microseconds."""
        return max(1000, int(self.cpus * period))


def describe(limits: Limits) -> str:
    """The limits as a sentence in both languages."""
    mib = limits.memory // 1024**2
    return (f"memori {mib} MiB, CPU {limits.cpus} inti, {limits.processes} proses / "
            f"memory {mib} MiB, CPU {limits.cpus} cores, {limits.processes} processes")


@dataclass(frozen=True)
class Support:
    """Which cgroup layout this machine has and which limits can be enforced."""

    version: int  # 1, 2, or 0 when no writable cgroup file system
    memory: bool
    cpu: bool
    pids: bool
    reason: str = ""

    @property
    def complete(self) -> bool:
        return self.memory and self.cpu and self.pids


def _writable(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK)


def detect(root: Path = CGROUP_ROOT) -> Support:
    """The cgroup support here: v2 (unified, with controllers) or v1 (a hierarchy per controller)."""
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return Support(0, False, False, False, "not root / bukan root")
    controllers = root / "cgroup.controllers"
    if controllers.is_file():
        available = set(controllers.read_text().split())
        if not _writable(root):
            return Support(2, False, False, False, f"{root} read-only")
        return Support(2, "memory" in available, "cpu" in available, "pids" in available)
    memory, cpu, pids = (_writable(root / name) for name in ("memory", "cpu", "pids"))
    if memory or cpu or pids:
        return Support(1, memory, cpu, pids)
    return Support(0, False, False, False, f"no writable cgroup file system under {root}")


class UserCgroup:
    """The cgroup(s) of one user: created with the limits, joined by the server, removed after."""

    def __init__(self, user: str, limits: Limits, root: Path = CGROUP_ROOT,
                 support: Support | None = None):
        self.user = user
        self.limits = limits
        self.root = root
        self.support = support or detect(root)

    # -- where --------------------------------------------------------------------------------
    def folders(self) -> dict[str, Path]:
        """controller -> the user's cgroup folder (v2: one folder for all)."""
        s = self.support
        if s.version == 2:
            return {"unified": self.root / PARENT / self.user}
        found = {}
        for controller, usable in (("memory", s.memory), ("cpu", s.cpu), ("pids", s.pids)):
            if usable:
                found[controller] = self.root / controller / PARENT / self.user
        return found

    # -- set up -------------------------------------------------------------------------------
    def create(self) -> list[str]:
        """Create the cgroup(s) and write the limits; returns what is enforced (names)."""
        s = self.support
        enforced: list[str] = []
        if s.version == 2:
            parent = self.root / PARENT
            parent.mkdir(exist_ok=True)
            wanted = [c for c, ok in (("memory", s.memory), ("cpu", s.cpu), ("pids", s.pids)) if ok]
            for folder in (self.root, parent):
                subtree = folder / "cgroup.subtree_control"
                active = set(subtree.read_text().split())
                missing = [c for c in wanted if c not in active]
                if missing:
                    subtree.write_text(" ".join(f"+{c}" for c in missing))
            group = parent / self.user
            group.mkdir(exist_ok=True)
            if s.memory:
                (group / "memory.max").write_text(str(self.limits.memory))
                swap = group / "memory.swap.max"
                if swap.exists():
                    swap.write_text("0")
                enforced.append("memory")
            if s.cpu:
                (group / "cpu.max").write_text(f"{self.limits.cpu_quota()} 100000")
                enforced.append("cpu")
            if s.pids:
                (group / "pids.max").write_text(str(self.limits.processes))
                enforced.append("pids")
            return enforced
        for controller, folder in self.folders().items():
            folder.mkdir(parents=True, exist_ok=True)
            if controller == "memory":
                (folder / "memory.limit_in_bytes").write_text(str(self.limits.memory))
                memsw = folder / "memory.memsw.limit_in_bytes"
                if memsw.exists():  # swap accounted: memory + swap together under the same cap
                    memsw.write_text(str(self.limits.memory))
            elif controller == "cpu":
                (folder / "cpu.cfs_period_us").write_text("100000")
                (folder / "cpu.cfs_quota_us").write_text(str(self.limits.cpu_quota()))
            elif controller == "pids":
                (folder / "pids.max").write_text(str(self.limits.processes))
            enforced.append(controller)
        return enforced

    def join_files(self) -> list[str]:
        """The ``cgroup.procs`` files a process writes its pid into to join (no I/O here)."""
        return [str(folder / "cgroup.procs") for folder in self.folders().values()]

    def joiner(self):
        """A function for ``preexec_fn``: moves the calling (child) process into the cgroup(s)."""
        files = self.join_files()

        def join() -> None:
            pid = str(os.getpid()).encode()
            for name in files:
                fd = os.open(name, os.O_WRONLY)
                try:
                    os.write(fd, pid)
                finally:
                    os.close(fd)

        return join

    def members(self) -> list[int]:
        """The pids in the user's cgroup (the first controller's)."""
        for folder in self.folders().values():
            try:
                return [int(p) for p in (folder / "cgroup.procs").read_text().split()]
            except OSError:
                return []
        return []

    def remove(self) -> None:
        """Remove the user's cgroup(s) once empty (a busy one stays; it is reused next time)."""
        for folder in self.folders().values():
            try:
                folder.rmdir()
            except OSError:
                pass
