"""Isolation of each notebook's kernel: a launch wrapper put in front of the kernel spec's argv.

Layers, each used where the operating system gives it (:func:`available_layers` finds out once per
process) and recorded per notebook (:attr:`Sandbox.layers`, :attr:`Sandbox.level`):

``workdir``
    the kernel runs in a private temporary folder holding only that notebook's files (always).
``rlimits``
    caps set before the kernel starts: address space (default 2 GiB), CPU seconds, file size,
    no core files, and — with ``user`` — the number of processes (always on POSIX).
``user``
    when grading as root: a dedicated unprivileged uid/gid (one per worker process, no groups);
    the private folder is chowned to it, so other submissions' folders cannot be read.
``netns``
    a new, empty network namespace (``unshare --net``): no network at all, not even 127.0.0.1;
    the kernel is reached over ZMQ's IPC transport (sockets in the private folder).
``pidns``
    a new PID namespace (``unshare --pid --fork --kill-child --mount-proc``): when the kernel
    ends, every process it started is killed with it; ``/proc`` shows only them.
``mountns``
    the workspace and the course's assignment folders are covered by empty read-only mounts in
    the kernel's view: the gradebook, source notebooks and other submissions are not there.

Two ways to start a kernel inside these layers: :meth:`Sandbox.wrap` puts ``setpriv``, ``unshare``
and :mod:`grading.engine._sandbox_exec` in front of the kernel's command line; with ``fork``,
:func:`sandbox_kernel_manager` has the kernel forked from the worker's zygote
(:mod:`grading.engine._zygote`), which enters the same namespaces with unshare(2) and then the same
:func:`grading.engine._sandbox_exec.enter`.

Where ``unshare`` or root is missing (macOS, Windows, a container without privileges) the kernel
runs with the layers left and :attr:`Sandbox.level` says so (``full``, ``partial``, ``basic``).

Examples
--------
>>> box = Sandbox(Path("/tmp/x"), layers=["workdir", "rlimits"])
>>> box.level
'basic'
>>> box.wrap(["python", "-m", "ipykernel_launcher"])[-3:]
['python', '-m', 'ipykernel_launcher']
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MEMORY_LIMIT", "FILE_SIZE_LIMIT", "MAX_PROCESSES", "OUTPUT_LIMIT", "ALL_LAYERS",
           "available_layers", "isolation_level", "missing_layers", "Sandbox",
           "sandbox_kernel_manager", "kill_uid"]

MEMORY_LIMIT = 2 * 1024**3
"""Bytes of address space a kernel may map (``RLIMIT_AS``)."""

FILE_SIZE_LIMIT = 64 * 1024**2
"""Bytes one file written by the kernel may reach (``RLIMIT_FSIZE``)."""

MAX_PROCESSES = 128
"""Processes and threads of the kernel's own uid (``RLIMIT_NPROC``; only with a dedicated uid)."""

OUTPUT_LIMIT = 1024**2
"""Characters of output kept per notebook; the rest is cut with a notice."""

ALL_LAYERS = ("workdir", "rlimits", "user", "netns", "pidns", "mountns")
_UID_BASE = 2_000_000
_CHECKER_UID_BASE = 10_000_000  # above _UID_BASE + the largest PID (2**22)
_EXEC = Path(__file__).with_name("_sandbox_exec.py")


@functools.lru_cache(maxsize=1)
def available_layers() -> tuple[str, ...]:
    """The isolation layers this machine gives (tried once per process).

    As root: a dedicated ``user`` and, with util-linux's ``unshare``, new network, PID and mount
    namespaces. As an ordinary user: the same namespaces inside an unprivileged user namespace
    (``userns``) where the kernel allows them (most Linux distributions do; Ubuntu's AppArmor
    policy allows ``unshare``); where it refuses, Landlock (Linux 5.13+) to confine what the
    kernel may read and write (and, with Landlock ABI 4, its TCP connections).
    """
    layers = ["workdir"]
    if os.name != "posix":
        return tuple(layers)
    layers.append("rlimits")
    root = os.geteuid() == 0
    if root:
        layers.append("user")
    unshare = shutil.which("unshare")
    if unshare:
        user = [] if root else ["--user", "--map-root-user"]
        try:
            probe = subprocess.run(
                [unshare, *user, "--net", "--pid", "--fork", "--kill-child", "--mount-proc",
                 "--", "sh", "-c", "mount -t tmpfs -o ro,size=4k none /mnt && true"],
                capture_output=True, timeout=20)
            if probe.returncode == 0:
                layers += (["userns"] if not root else []) + ["netns", "pidns", "mountns"]
        except (OSError, subprocess.TimeoutExpired):
            pass
    if not root and "userns" not in layers and _landlock_abi() >= 1:
        layers.append("landlock")
    return tuple(layers)


def _landlock_abi() -> int:
    """The kernel's Landlock ABI version (0: none)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return max(0, libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1)))
    except (OSError, AttributeError):
        return 0


@dataclass
class Sandbox:
    """How one kernel is isolated: its private folder, the folders hidden from it, its limits."""

    workdir: Path
    hide: list[Path] = field(default_factory=list)
    memory: int = MEMORY_LIMIT
    cpu_seconds: int = 600
    file_size: int = FILE_SIZE_LIMIT
    processes: int = MAX_PROCESSES
    layers: list[str] = field(default_factory=lambda: list(available_layers()))
    uid: int | None = None
    role: str = "participant"  # or "checker": the clean kernel, under a uid of its own

    def __post_init__(self) -> None:
        if "user" in self.layers and self.uid is None:
            # one per worker process and role at a time: a participant's kernel cannot read,
            # write or signal the clean kernel that checks its answers
            base = _CHECKER_UID_BASE if self.role == "checker" else _UID_BASE
            self.uid = base + os.getpid()

    @property
    def level(self) -> str:
        """``full`` (every layer; an unprivileged user namespace stands for the dedicated user),
        ``basic`` (private folder and limits only) or ``partial``."""
        return isolation_level(self.layers)

    @property
    def description(self) -> str:
        return f"{self.level} ({'+'.join(self.layers)})"

    @property
    def private_home(self) -> bool:
        """Does the kernel get its private folder as its home (its own uid, or unprivileged
        isolation that hides the grader's home)?"""
        return self.uid is not None or bool({"userns", "landlock"} & set(self.layers))

    def prepare(self) -> None:
        """Give the private folder to the kernel's uid, with what a kernel's home holds."""
        if not self.private_home:
            return
        (self.workdir / ".tmp").mkdir(exist_ok=True)
        # matplotlib's font list, so that each kernel does not rebuild it (about a second)
        cache = Path(os.environ.get("MPLCONFIGDIR") or Path.home() / ".cache" / "matplotlib")
        fonts = sorted(cache.glob("fontlist-*.json")) if cache.is_dir() else []
        if fonts:
            target = self.workdir / ".matplotlib"
            target.mkdir(exist_ok=True)
            for font in fonts:
                shutil.copy(font, target / font.name)
        if self.uid is None:
            return
        for dirpath, _dirs, filenames in os.walk(self.workdir):
            os.chown(dirpath, self.uid, self.uid)
            for name in filenames:
                os.chown(os.path.join(dirpath, name), self.uid, self.uid)
        self.workdir.chmod(0o700)  # other kernels (other uids) cannot look in
        self.workdir.parent.chmod(0o711)  # this kernel may pass through, not list

    def _needed(self) -> list[Path]:
        """What the kernel must reach: the Python installation, the project's packages (an
        editable install lives in the repository), its own folder."""
        needed = [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()]
        # packages added from elsewhere by a .pth file (the class hub's bridge environment
        # loads the grader's virtual environment this way)
        needed += [Path(p).resolve() for p in sys.path
                   if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()]
        for name in ("toolkit", "grading"):
            module = sys.modules.get(name)
            for folder in getattr(module, "__path__", []) or []:
                needed.append(Path(folder).resolve())
        needed.append(self.workdir.resolve())
        return list(dict.fromkeys(needed))

    def settings(self) -> dict:
        import resource

        limits = {}
        if "rlimits" in self.layers:
            limits = {"RLIMIT_AS": self.memory, "RLIMIT_CPU": self.cpu_seconds,
                      "RLIMIT_FSIZE": self.file_size, "RLIMIT_CORE": 0}
            if self.uid is not None:
                limits["RLIMIT_NPROC"] = self.processes
            limits = {k: v for k, v in limits.items() if hasattr(resource, k)}
        home = str(self.workdir)
        needed = self._needed()
        userns = "userns" in self.layers and "mountns" in self.layers
        hidden = list(self.hide)
        expose = []
        if userns:  # the grader's home and the temporary folder (other kernels' folders):
            # hidden, but for what this kernel needs from them
            import tempfile

            for own in dict.fromkeys([Path.home().resolve(), Path(tempfile.gettempdir()).resolve()]):
                inside = [str(n) for n in needed if n == own or own in n.parents]
                if own.is_dir() and str(own) != "/":
                    if inside:
                        expose.append((str(own), inside))
                    else:
                        hidden.append(own)
        hide = [str(p) for p in hidden
                if p.is_dir() and not any(n == p.resolve() or p.resolve() in n.parents
                                          for n in needed)]
        if self.uid is not None and "mountns" in self.layers:
            expose = _closed_ancestors([str(n) for n in needed[:2]])
        found = {
            "cwd": str(self.workdir),
            "hide": hide if "mountns" in self.layers else [],
            "expose": expose,
            "limits": limits,
            "uid": self.uid, "gid": self.uid,
            "env": {"HOME": home, "IPYTHONDIR": os.path.join(home, ".ipython"),
                    "MPLCONFIGDIR": os.path.join(home, ".matplotlib"),
                    "XDG_CACHE_HOME": os.path.join(home, ".cache"),
                    "TMPDIR": os.path.join(home, ".tmp")}
            if self.private_home else {},
        }
        if userns:
            found["writable"] = [str(self.workdir)]
            found["lock"] = [os.getuid(), os.getgid()]
        if "landlock" in self.layers:
            system = ["/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/proc",
                      "/sys", "/dev", "/opt", "/var/lib", "/run"]
            found["landlock"] = {"read": [*map(str, needed), *system],
                                 "write": [str(self.workdir), "/dev/shm", "/dev/null"]}
        return found

    def wrap(self, argv: list[str]) -> list[str]:
        """The kernel's command line with the isolation wrapper in front."""
        prefix = []
        if {"netns", "pidns"} & set(self.layers):
            user = ["--user", "--map-root-user"] if "userns" in self.layers else []
            prefix = [shutil.which("unshare") or "unshare", *user, "--net", "--pid", "--fork",
                      "--kill-child", "--mount-proc", "--"]
            setpriv = shutil.which("setpriv")
            if setpriv:
                # If the grading worker is killed (kill -9), take the namespace and the kernel with it.
                prefix = [setpriv, "--pdeathsig", "KILL", "--", *prefix]
        if os.name != "posix":
            return list(argv)
        return prefix + [sys.executable, "-I", "-S", str(_EXEC), json.dumps(self.settings()),
                         "--", *argv]

    def namespaces(self) -> dict:
        """The namespaces a forked kernel enters (:mod:`grading.engine._zygote`); ``user``: the
        grader's uid and gid, for an unprivileged user namespace."""
        return {"net": "netns" in self.layers, "pid": "pidns" in self.layers,
                "mounts": "mountns" in self.layers,
                "user": [os.getuid(), os.getgid()] if "userns" in self.layers else None}

    def cleanup(self) -> None:
        """Kill whatever still runs under the kernel's uid."""
        if self.uid is not None:
            kill_uid(self.uid)


def isolation_level(layers) -> str:
    """``full``, ``partial`` or ``basic`` for a set of layers (see :class:`Sandbox`).

    >>> isolation_level(["workdir", "rlimits", "userns", "netns", "pidns", "mountns"])
    'full'
    >>> isolation_level(["workdir", "rlimits", "landlock"])
    'partial'
    """
    present = set(layers)
    if "userns" in present:
        present.add("user")
    if set(ALL_LAYERS) <= present:
        return "full"
    if not {"user", "netns", "pidns", "mountns", "landlock"} & present:
        return "basic"
    return "partial"


def missing_layers(layers) -> tuple[str, ...]:
    """The layers of :data:`ALL_LAYERS` a kernel ran without (``userns`` stands for ``user``)."""
    present = set(layers) | ({"user"} if "userns" in layers else set())
    return tuple(layer for layer in ALL_LAYERS if layer not in present)


def _closed_ancestors(paths: list[str]) -> list[tuple[str, list[str]]]:
    """``(top, [paths under it])`` for each topmost folder other users cannot pass through."""
    tops: dict[str, list[str]] = {}
    for path in dict.fromkeys(paths):
        parts = Path(path).parts
        for depth in range(2, len(parts) + 1):
            folder = os.path.join(*parts[:depth])
            try:
                closed = not os.stat(folder).st_mode & 0o001
            except OSError:
                break
            if closed:
                tops.setdefault(folder, []).append(path)
                break
    return [(top, sorted(set(found))) for top, found in tops.items()]


def usable_by_others(path: str) -> bool:
    """Can a process of another, unprivileged user pass through every folder above ``path``?"""
    return not _closed_ancestors([path])


def kill_uid(uid: int) -> int:
    """SIGKILL every process whose real uid is ``uid``; returns how many were found."""
    found = 0
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("Uid:"):
                if int(line.split()[1]) == uid:
                    found += 1
                    try:
                        os.kill(int(entry.name), signal.SIGKILL)
                    except OSError:
                        pass
                break
    return found


def sandbox_kernel_manager(box: Sandbox, fork: bool = False):
    """An ``AsyncKernelManager`` class launching its kernel through ``box``.

    With ``fork``, a ``python -m ipykernel_launcher`` kernel is forked from this process's zygote
    (:mod:`grading.engine.kernels`), entering the same sandbox, instead of started from scratch.
    """
    from jupyter_client.manager import AsyncKernelManager

    from grading.engine.kernels import fork_supported, forker, kernel_arguments

    ipc = bool({"netns", "landlock"} & set(box.layers))
    fork = fork and fork_supported()

    class SandboxKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.client_class = "grading.engine.kernels.ReadyClient"
            if fork:  # the kernel binds its sockets a few ms after the client first tries
                import zmq

                self.context.setsockopt(zmq.RECONNECT_IVL, 10)
            if ipc:
                self.transport = "ipc"
                self.ip = str(box.workdir / ".kernel")
            self.connection_file = str(box.workdir / ".kernel.json")
            self.kernel_argv: list[str] = []

        def format_kernel_cmd(self, extra_arguments=None):
            argv = super().format_kernel_cmd(extra_arguments=extra_arguments)
            if box.uid is not None and os.path.exists(self.connection_file):
                os.chown(self.connection_file, box.uid, box.uid)
            self.kernel_argv = argv
            return box.wrap(argv)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            arguments = kernel_arguments(self.kernel_argv) if fork else None
            if arguments is None or os.name != "posix":
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            try:
                process = forker().fork(arguments, dict(kw.get("env") or os.environ),
                                        box.settings(), box.namespaces())
            except (OSError, ValueError):  # no zygote (it could not start): the usual way
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            provisioner = self.provisioner
            provisioner.process = process
            # signals go to the holder itself (its kernel and namespace die with it), so that
            # jupyter_client's kill reaches ForkedKernel, which then waits for the end at once
            provisioner.pid, provisioner.pgid = process.pid, None
            provisioner.cwd = kw.get("cwd")
            self._reconcile_connection_info(provisioner.connection_info)

    return SandboxKernelManager
