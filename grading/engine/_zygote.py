"""A kernel zygote: imports the kernel's libraries once, then forks a fresh kernel per request.

Started by :class:`grading.engine.kernels.KernelForker`, one per grading worker: forked from the worker
as it starts, when the worker's fork server imported the kernel's libraries already
(:mod:`grading.engine._kernel_preload`), else as ``python -I -m grading.engine._zygote PARENT_PID``. It imports
ipykernel, IPython, numpy, pandas, matplotlib and the toolkit, which costs a kernel about a second,
and then reads one JSON request per line::

    {"argv": ["-f", "/tmp/.../.kernel.json"], "env": {...}, "settings": {...},
     "namespaces": {"net": true, "pid": true, "mounts": true}}

For each it forks a *holder* (which answers ``{"pid": N}`` through the zygote): the holder starts
a new session, enters new network, PID and mount namespaces and forks the kernel, which is PID 1
of its namespace. The kernel mounts its own /proc, enters the sandbox
(:func:`grading.engine._sandbox_exec.enter`: hidden folders, limits, unprivileged uid, private folder)
and runs ``IPKernelApp`` as ``python -m ipykernel_launcher`` would. The holder waits for the kernel
and exits with it; killing the holder kills the kernel (parent-death signal) and with it every
process in its PID namespace. The zygote itself dies with its grading worker, so a killed worker
leaves nothing behind.

The zygote never sees a submission, the gradebook or a hidden test (a worker forks it before its
first task): it only receives paths and settings, and it never runs a participant's code itself.
"""

import json
import os
import signal
import sys

# what a kernel would set before importing matplotlib (ipykernel's kernelapp does the same)
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
# debugpy (imported by ipykernel) otherwise warns on the grader's terminal about frozen modules
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
# one BLAS thread per kernel: several kernels share the machine's cores
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

PRELOAD = [
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "ipykernel.zmqshell",
    "IPython", "numpy", "pandas", "matplotlib", "matplotlib.pyplot",
    "matplotlib_inline.backend_inline", "toolkit",
    # what the tamper guard snapshots and the answer codec, installed in every kernel
    "numpy.testing", "pandas.testing", "grading.engine.codec", "grading.engine.bridge",
    "grading.engine._kernel_guard",
]


def preload() -> None:
    """Import the kernel's libraries (what :data:`PRELOAD` names) and warm up tracebacks."""
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a library missing here is imported by the kernel itself, if needed
            pass
    try:  # a kernel's first traceback loads IPython's formatter and highlighter (~0.1 s): do it here
        from IPython.core import ultratb

        try:
            exec(compile("x = 1\nassert x == 2, 'x'\n", "<kelas-ekspor warm-up>", "exec"), {})
        except AssertionError:
            ultratb.AutoFormattedTB(mode="Context").structured_traceback(*sys.exc_info())
    except Exception:
        pass


def _run_kernel(request: dict) -> None:
    """In the forked kernel process: sandbox, then IPKernelApp (never returns)."""
    from grading.engine import _sandbox_exec as sandbox

    code = 1
    try:
        sandbox.die_with_parent()
        spaces = request.get("namespaces", {})
        if spaces.get("pid") and spaces.get("mounts"):
            sandbox.mount_proc()
        os.environ.clear()
        os.environ.update(request.get("env", {}))
        settings = request["settings"]
        sandbox.enter(settings)
        if "numpy" in sys.modules:  # a fresh kernel draws a fresh seed; a forked one must too
            sys.modules["numpy"].random.seed()
        sys.path.insert(0, settings["cwd"])
        sys.argv = ["ipykernel_launcher", *request.get("argv", [])]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _hold(request: dict, zygote: int) -> None:
    """In the forked holder process: new session and namespaces, fork the kernel, wait for it."""
    from grading.engine import _sandbox_exec as sandbox

    code = 71
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        sandbox.die_with_parent()
        if os.getppid() != zygote:
            os._exit(1)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 4096)
        spaces = request.get("namespaces", {})
        user = spaces.get("user")
        sandbox.new_namespaces(bool(spaces.get("net")), bool(spaces.get("pid")),
                               bool(spaces.get("mounts")), tuple(user) if user else None)
        kernel = os.fork()
        if kernel == 0:
            _run_kernel(request)
        # jupyter_client interrupts a kernel by signalling its process, here the holder: pass
        # SIGINT on, so that a cell that ran too long is interrupted, not the kernel killed
        signal.signal(signal.SIGINT, lambda signum, frame: os.kill(kernel, signal.SIGINT))
        while True:
            try:
                _, status = os.waitpid(kernel, 0)
                break
            except InterruptedError:
                continue
        code = os.waitstatus_to_exitcode(status)
        code = code if code >= 0 else 128 - code
    except BaseException:
        pass
    finally:
        os._exit(code)


def serve(parent: int, requests, replies) -> None:
    """Answer fork requests read from ``requests`` until it closes; end with ``parent``."""
    from grading.engine import _sandbox_exec as sandbox

    sandbox.die_with_parent()
    if os.getppid() != parent:
        return
    preload()  # nothing left to do when forked from a process that did it already
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # holders are reaped by the system
    zygote = os.getpid()
    print(json.dumps({"ready": True}), file=replies, flush=True)
    for line in requests:
        try:
            request = json.loads(line)
            pid = os.fork()
        except (ValueError, OSError) as error:
            print(json.dumps({"error": f"{type(error).__name__}: {error}"}), file=replies,
                  flush=True)
            continue
        if pid == 0:
            _hold(request, zygote)
        print(json.dumps({"pid": pid}), file=replies, flush=True)


def main() -> None:
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else os.getppid(), sys.stdin, sys.stdout)


if __name__ == "__main__":
    main()
