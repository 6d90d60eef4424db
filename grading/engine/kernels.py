"""Fresh kernels in a tenth of the time: forked from a zygote that imported the libraries once.

Starting a Python kernel costs about a second here: Python itself, then ipykernel, IPython,
numpy, pandas, matplotlib and the toolkit. The grading workers' fork server imports them once
(:mod:`grading.engine._kernel_preload`); each worker forks its :class:`KernelForker`'s zygote
(:mod:`grading.engine._zygote`) from itself before its first task — so the zygote holds nothing of any
submission, gradebook or hidden test — and the zygote forks a new kernel for every notebook
(elsewhere the zygote is started as ``python -I -m grading.engine._zygote`` and imports them itself).
The kernel is still fresh: a new process with its own namespace, seed, private folder, uid, limits
and namespaces (:mod:`grading.engine.sandbox`); only the imported code is shared, copy-on-write.

:func:`grading.engine.sandbox.sandbox_kernel_manager` with ``fork=True`` gives the ``AsyncKernelManager``
class (for nbclient) whose kernel comes from the forker when the kernel spec is
``python -m ipykernel_launcher`` and the system can fork; otherwise the kernel starts the usual way.
Its client, :class:`ReadyClient`, knows the kernel is ready as soon as the kernel says so, instead
of after jupyter_client's fixed 0.2-second wait.

Parent-death signals chain zygote → holder → kernel to their worker, and each worker watches the
``kelas-ekspor grade`` process: killing either leaves no kernel behind.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient

__all__ = ["KernelForker", "ForkedKernel", "ReadyClient", "forker", "fork_supported",
           "kernel_arguments"]


def fork_supported() -> bool:
    """Can kernels be forked here (Linux: fork and pidfd)?"""
    return sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(os, "fork")


def kernel_arguments(argv: list[str]) -> list[str] | None:
    """The arguments after ``python -m ipykernel_launcher`` in a kernel command (None: another kernel)."""
    if len(argv) >= 3 and argv[1:3] == ["-m", "ipykernel_launcher"]:
        return list(argv[3:])
    return None


class ForkedKernel:
    """A forked kernel's holder process, with the part of ``subprocess.Popen`` jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        self._killed = False
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._fd, self.returncode = None, -signal.SIGKILL

    def poll(self) -> int | None:
        if self.returncode is None and self._fd is not None:
            # just killed: give it a moment (jupyter_client polls again only after 0.1 s)
            ready, _, _ = select.select([self._fd], [], [], 0.05 if self._killed else 0)
            if ready:
                self._ended()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and self._fd is not None:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            if not ready:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            self._ended()
        return self.returncode  # type: ignore[return-value]

    def _ended(self) -> None:
        self.returncode = -signal.SIGKILL  # not our child: its status belongs to the zygote
        os.close(self._fd)  # type: ignore[arg-type]
        self._fd = None

    def send_signal(self, signum: int) -> None:
        self._killed = self._killed or signum == signal.SIGKILL
        if self._fd is not None:
            try:
                signal.pidfd_send_signal(self._fd, signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class _ForkedZygote:
    """The zygote as a forked child of this (single-threaded) process, with Popen's used parts."""

    def __init__(self, pid: int, stdin, stdout):
        self.pid, self.stdin, self.stdout = pid, stdin, stdout
        self.returncode: int | None = None

    @classmethod
    def start(cls) -> _ForkedZygote:
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the zygote: nothing of this process but its imported modules
            try:
                os.dup2(requests_r, 0)
                os.dup2(replies_w, 1)
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 2)
                os.closerange(3, 4096)
                from grading.engine import _zygote

                _zygote.serve(parent, open(0, encoding="utf-8", closefd=False),
                              open(1, "w", encoding="utf-8", closefd=False))
            finally:
                os._exit(0)
        os.close(requests_r)
        os.close(replies_w)
        return cls(pid, os.fdopen(requests_w, "w", encoding="utf-8", buffering=1),
                   os.fdopen(replies_r, encoding="utf-8"))

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid, status = self.pid, 0
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"zygote {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]


class KernelForker:
    """One zygote per process (see the module text); :meth:`fork` returns a running kernel."""

    _instance: KernelForker | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.process: subprocess.Popen | None = None
        self.ready = False

    @classmethod
    def instance(cls) -> KernelForker:
        with cls._lock:
            if cls._instance is None or cls._instance.owner != os.getpid():
                cls._instance = cls()
            return cls._instance

    def start(self) -> None:
        """Start the zygote (returns at once; it imports in the background, if it must)."""
        if self.process is not None and self.process.poll() is None:
            return
        self.ready = False
        if "grading.engine._kernel_preload" in sys.modules and threading.active_count() == 1:
            self.process = _ForkedZygote.start()  # this process imported it all: no new Python
            return
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-m", "grading.engine._zygote", str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1, close_fds=True)

    def _reply(self, timeout: float = 120) -> dict:
        assert self.process is not None and self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise OSError("the kernel zygote did not answer")
        return json.loads(line)

    def fork(self, argv: list[str], env: dict, settings: dict, namespaces: dict) -> ForkedKernel:
        """A new kernel process running ``ipykernel_launcher ARGV`` inside ``settings``' sandbox."""
        for attempt in (1, 2):
            try:
                self.start()
                if not self.ready:
                    self._reply()  # {"ready": true} once the imports are done
                    self.ready = True
                assert self.process is not None and self.process.stdin is not None
                self.process.stdin.write(json.dumps({
                    "argv": argv, "env": env, "settings": settings, "namespaces": namespaces,
                }) + "\n")
                self.process.stdin.flush()
                answer = self._reply()
                if "pid" not in answer:
                    raise OSError(answer.get("error", "the kernel zygote refused"))
                return ForkedKernel(int(answer["pid"]))
            except (OSError, ValueError):
                self.stop()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        if self.process is not None:
            try:
                self.process.kill()
                self.process.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()  # type: ignore[union-attr]
                except (OSError, AttributeError):
                    pass
        self.process, self.ready = None, False


def forker() -> KernelForker:
    """This process's kernel forker."""
    return KernelForker.instance()


class ReadyClient(AsyncKernelClient):
    """An async kernel client whose ``wait_for_ready`` ends as soon as the kernel is ready.

    jupyter_client waits for 0.2 s of silence on IOPub after the kernel's first reply; here the
    kernel is ready when its IOPub channel has carried the ``idle`` status of a ``kernel_info``
    request (which proves IOPub is connected and the kernel answers); until then a new request
    goes out after 10 ms, 20 ms, 40 ms ... (at most every 0.2 s).
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else 60)
        sent: set[str] = set()
        wait = 0.01  # IOPub may not be subscribed yet: ask again soon, then less often
        while True:
            sent.add(self.kernel_info())
            seen = await self._idle_seen(sent, wait=wait)
            wait = min(2 * wait, 0.2)
            if seen is not None:
                while True:  # its reply is on the shell channel by now; older ones are dropped
                    reply = await self.shell_channel.get_msg(timeout=max(
                        1.0, deadline - time.monotonic()))
                    if reply["parent_header"].get("msg_id") == seen:
                        self._handle_kernel_info_reply(reply)
                        return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    async def _idle_seen(self, sent: set[str], wait: float) -> str | None:
        """The request of ``sent`` whose ``idle`` status IOPub carried within ``wait`` seconds."""
        end = time.monotonic() + wait
        while (left := end - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=left)
            except Empty:
                return None
            parent = msg["parent_header"].get("msg_id")
            if (msg["msg_type"] == "status" and parent in sent
                    and msg["content"].get("execution_state") == "idle"):
                return parent
        return None
