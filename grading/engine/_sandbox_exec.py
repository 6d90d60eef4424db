"""The last steps of a sandboxed kernel launch (standard library only; runs as ``python -I -S``).

Two ways in:

* ``grading.engine.sandbox`` starts ``unshare ... python -I -S _sandbox_exec.py SETTINGS -- KERNEL ARGV``;
  :func:`main` enters the sandbox and replaces itself with the kernel;
* ``grading.engine._zygote`` (a process that has imported the kernel's libraries once) forks, calls
  :func:`new_namespaces` and forks again, and the kernel-to-be calls :func:`enter`.

:func:`enter` hides the given folders behind empty read-only tmpfs mounts, sets the resource
limits, drops to the unprivileged uid/gid and moves into the private folder.
"""

import ctypes
import json
import os
import resource
import sys

CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = 32, 4096, 8192, 16384, 1 << 18
PR_SET_PDEATHSIG = 1
SIGKILL = 9

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")


def mount(source, target, fstype=None, flags=0, data=None) -> None:
    """mount(2), for a process that is root in its own mount namespace."""
    enc = [None if x is None else os.fsencode(x) for x in (source, target, fstype, data)]
    _check(_libc.mount(enc[0], enc[1], enc[2], ctypes.c_ulong(flags), enc[3]),
           f"mount {target}")


def die_with_parent() -> None:
    """SIGKILL this process when its parent ends (PR_SET_PDEATHSIG)."""
    try:
        _libc.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def new_namespaces(net: bool, pid: bool, mounts: bool) -> None:
    """unshare(2) into new network, PID (for the next child) and mount namespaces; mounts made
    private so that nothing done inside shows outside (what ``unshare`` does by default)."""
    flags = (CLONE_NEWNET if net else 0) | (CLONE_NEWPID if pid else 0) | (
        CLONE_NEWNS if mounts else 0)
    if flags:
        _check(_libc.unshare(ctypes.c_int(flags)), "unshare")
    if mounts:
        mount("none", "/", None, MS_REC | MS_PRIVATE)


def mount_proc() -> None:
    """A /proc showing only this PID namespace (``unshare --mount-proc``)."""
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def enter(settings: dict) -> None:
    """Hide folders, expose the Python installation, set limits, drop privileges, change folder."""
    for folder in settings.get("hide", []):
        if os.path.isdir(folder):
            mount("kelas-ekspor-hidden", folder, "tmpfs", MS_RDONLY, "size=4k,mode=0555")
    for top, paths in settings.get("expose", []):
        # ``top`` is closed to other users (e.g. /root holding the Python installation): cover it
        # with an empty world-readable tmpfs and put back only ``paths`` (bind mounts)
        staged = []
        for number, path in enumerate(paths):
            stage = os.path.join(settings["cwd"], f".stage-{number}")
            os.mkdir(stage)
            mount(path, stage, None, MS_BIND)
            staged.append((stage, path))
        mount("kelas-ekspor-exposed", top, "tmpfs", 0, "mode=0755")
        for stage, path in staged:
            os.makedirs(path, exist_ok=True)
            mount(stage, path, None, MS_MOVE)
            os.rmdir(stage)
        mount("none", top, None, MS_REMOUNT | MS_RDONLY)
    for name, value in settings.get("limits", {}).items():
        limit = getattr(resource, name)
        soft, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, value))
    uid, gid = settings.get("uid"), settings.get("gid")
    if uid is not None:
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        die_with_parent()  # changing credentials clears the parent-death signal: set it again
    os.environ.update(settings.get("env", {}))
    os.chdir(settings["cwd"])


def main() -> None:
    settings = json.loads(sys.argv[1])
    argv = sys.argv[sys.argv.index("--") + 1:]
    enter(settings)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
