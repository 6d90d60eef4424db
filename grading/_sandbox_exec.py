"""The last step of a sandboxed kernel launch (standard library only; run as ``python -I -S``).

``grading.sandbox`` starts ``unshare ... python -I -S _sandbox_exec.py SETTINGS -- KERNEL ARGV``.
Inside the new namespaces this script hides the given folders behind empty read-only tmpfs mounts,
sets the resource limits, drops to the unprivileged uid/gid, and replaces itself with the kernel.
"""

import ctypes
import json
import os
import resource
import subprocess
import sys


def main() -> None:
    settings = json.loads(sys.argv[1])
    argv = sys.argv[sys.argv.index("--") + 1:]
    for folder in settings.get("hide", []):
        if os.path.isdir(folder):
            subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=4k,mode=0555",
                            "kelas-ekspor-hidden", folder], check=True)
    for top, paths in settings.get("expose", []):
        # ``top`` is closed to other users (e.g. /root holding the Python installation): cover it
        # with an empty world-readable tmpfs and put back only ``paths`` (bind mounts)
        staged = []
        for number, path in enumerate(paths):
            stage = os.path.join(settings["cwd"], f".stage-{number}")
            os.mkdir(stage)
            subprocess.run(["mount", "--bind", path, stage], check=True)
            staged.append((stage, path))
        subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0755", "kelas-ekspor-exposed", top],
                       check=True)
        for stage, path in staged:
            os.makedirs(path, exist_ok=True)
            subprocess.run(["mount", "--move", stage, path], check=True)
            os.rmdir(stage)
        subprocess.run(["mount", "-o", "remount,ro", top], check=True)
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
        # changing credentials clears the parent-death signal: set it again (PR_SET_PDEATHSIG)
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, 9, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    os.environ.update(settings.get("env", {}))
    os.chdir(settings["cwd"])
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
