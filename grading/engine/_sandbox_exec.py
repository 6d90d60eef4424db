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
CLONE_NEWUSER = 0x10000000
PR_SET_NO_NEW_PRIVS = 38
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
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


def _write_maps(uid_inside: int, uid_outside: int, gid_inside: int, gid_outside: int) -> None:
    """Map one uid and one gid of this process's (new) user namespace to its parent's."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid_inside} {uid_outside} 1"),
                       ("gid_map", f"{gid_inside} {gid_outside} 1")):
        with open(f"/proc/self/{name}", "w") as fh:
            fh.write(text)


def new_namespaces(net: bool, pid: bool, mounts: bool, user: tuple[int, int] | None = None
                   ) -> None:
    """unshare(2) into new network, PID (for the next child) and mount namespaces; mounts made
    private so that nothing done inside shows outside (what ``unshare`` does by default).

    ``user``: the caller's ``(uid, gid)``, for a caller that is not root: a new user namespace
    first, in which it is root, owning the others (``unshare --user --map-root-user``)."""
    flags = (CLONE_NEWNET if net else 0) | (CLONE_NEWPID if pid else 0) | (
        CLONE_NEWNS if mounts else 0) | (CLONE_NEWUSER if user else 0)
    if flags:
        _check(_libc.unshare(ctypes.c_int(flags)), "unshare")
    if user:
        _write_maps(0, user[0], 0, user[1])
    if mounts:
        mount("none", "/", None, MS_REC | MS_PRIVATE)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def lock(uid: int, gid: int) -> None:
    """Leave the user namespace in which this process set up its mounts for a new one, as
    ``uid``/``gid``, and give up every capability: the mounts made before (the hidden folders,
    the read-only view) are locked, and nothing can mount, unmount or change identity again."""
    _check(_libc.unshare(ctypes.c_int(CLONE_NEWUSER | CLONE_NEWNS)), "unshare")
    _write_maps(uid, 0, gid, 0)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def _mount_points() -> list[str]:
    points = []
    with open("/proc/self/mountinfo") as fh:
        for line in fh:
            fields = line.split()
            if len(fields) > 4:
                points.append(fields[4].encode().decode("unicode_escape"))
    return points


def read_only(writable: list[str]) -> None:
    """Make every mount read-only but ``writable`` (made mounts of their own first) and the
    kernel's pseudo file systems (/proc, /sys, /dev)."""
    for path in writable:
        mount(path, path, None, MS_BIND | MS_REC)
    keep = set(writable)
    for point in _mount_points():
        if point in keep or point == "/proc" or point.startswith(("/proc/", "/sys", "/dev")):
            continue
        try:
            mount("none", point, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
        except OSError:  # a mount this namespace may not change: it stays as it was
            pass


def landlock(readable: list[str], writable: list[str]) -> bool:
    """Confine this process and its children with Landlock (Linux 5.13+, unprivileged): files may
    be read only under ``readable`` and written only under ``writable``; with Landlock ABI 4+, no
    TCP connection or listening socket at all. False when the kernel has no Landlock."""
    abi = _libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return False
    read = 1 | 4 | 8  # EXECUTE, READ_FILE, READ_DIR
    write = 2 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048 | 4096  # WRITE_FILE .. MAKE_SYM
    if abi >= 2:
        write |= 8192  # REFER
    if abi >= 3:
        write |= 16384  # TRUNCATE
    handled_net = 3 if abi >= 4 else 0  # BIND_TCP, CONNECT_TCP

    class RulesetAttr(ctypes.Structure):
        _fields_ = [("handled_access_fs", ctypes.c_uint64),
                    ("handled_access_net", ctypes.c_uint64)]

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    attr = RulesetAttr(read | write, handled_net)
    size = ctypes.sizeof(RulesetAttr) if abi >= 4 else 8
    ruleset = _libc.syscall(444, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        for paths, access in ((readable, read), (writable, read | write)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    rule = PathBeneath(access if os.path.isdir(path) else access & (1 | 2 | 4),
                                       fd)
                    _libc.syscall(445, ruleset, 1, ctypes.byref(rule), ctypes.c_uint32(0))
                finally:
                    os.close(fd)
        _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        _check(_libc.syscall(446, ruleset, ctypes.c_uint32(0)), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return True


def mount_proc() -> None:
    """A /proc showing only this PID namespace (``unshare --mount-proc``)."""
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def enter(settings: dict) -> None:
    """Hide folders, expose the Python installation, set limits, drop privileges, change folder."""
    for folder in settings.get("hide", []):
        if os.path.isdir(folder):
            mount("kelas-ekspor-hidden", folder, "tmpfs", MS_RDONLY, "size=4k,mode=0555")
    for top, paths in settings.get("expose", []):
        # cover ``top`` (e.g. /root holding the Python installation, or the grader's home, or
        # the temporary folder holding other kernels' folders) with an empty tmpfs and put back
        # only ``paths``: each is held by a file descriptor while covered, and bound back from it
        held = [(os.open(path, os.O_PATH | os.O_CLOEXEC), path) for path in paths
                if os.path.exists(path)]
        try:
            mount("kelas-ekspor-exposed", top, "tmpfs", 0, "mode=0755")
            for fd, path in held:
                os.makedirs(path, exist_ok=True)
                mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        finally:
            for fd, _ in held:
                os.close(fd)
        mount("none", top, None, MS_REMOUNT | MS_RDONLY)
    if settings.get("writable") is not None:  # a read-only view but the kernel's own folder
        read_only(settings["writable"])
    for name, value in settings.get("limits", {}).items():
        limit = getattr(resource, name)
        soft, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, value))
    if settings.get("lock"):  # the user namespace's root: lock its mounts, drop its powers
        lock(*settings["lock"])
    if settings.get("landlock"):
        landlock(settings["landlock"]["read"], settings["landlock"]["write"])
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
