"""The grading run's worker processes: one pool for the whole run, forked from a server that
imported nbgrader and the kernels' libraries once; each worker ends with the run.

:func:`run_tasks` runs ``(kind, payload)`` tasks with a ``work`` function (module-level, so it
can be sent to the workers); a worker process that dies breaks the pool, and the unfinished tasks
run again in a fresh one, then one at a time, so only a task that kills its worker by itself
ends as a crash.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

__all__ = ["run_tasks", "pool_context", "default_workers"]


def default_workers() -> int:
    """The number of CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


_PRELOAD = ["grading.engine.pipeline", "grading.engine.feedback", "nbgrader.preprocessors", "nbgrader.converters",
            "nbclient", "nbconvert", "grading.engine._kernel_preload"]


def pool_context():
    """Worker processes forked from a server that imported nbgrader once (spawned where no fork).

    The server starts here, so that its imports overlap whatever this process does next.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        forkserver.ensure_running()
        return context
    return multiprocessing.get_context("spawn")


def _worker_started(kernels: bool, main: int) -> None:
    """Each worker process, first: end when ``main`` (the ``kelas-ekspor grade`` process) ends —
    a ``kill -9`` of it then takes the workers, their zygotes and kernels along (the fork server
    that started the workers outlives ``main`` as long as any worker lives) — and start
    importing the kernel zygote's libraries while the first task gets ready."""
    import threading

    from grading.engine.kernels import fork_supported, forker

    if kernels and fork_supported():
        forker().start()  # forked while this process has one thread: before the watch below
    if hasattr(os, "pidfd_open"):
        try:
            watched = os.pidfd_open(main)
        except ProcessLookupError:
            os._exit(1)

        def watch() -> None:
            import select

            select.select([watched], [], [])
            os._exit(1)  # main is gone: nobody will collect this worker's results

        threading.Thread(target=watch, name="kelas-ekspor-watch-main", daemon=True).start()


def run_tasks(tasks: list, workers: int, on_done: Callable, on_crash: Callable,
              context=None, work: Callable | None = None,
              on_start: Callable | None = None) -> None:
    """Run ``(kind, payload)`` tasks in ``workers`` processes, one pool for the whole run.

    ``on_done(kind, payload, value)`` runs in this process as each task ends and may return new
    tasks (feedback after grading). A worker process that dies breaks the pool: the unfinished
    tasks run again in a fresh pool, and in a last round one at a time, so only a task that
    kills its worker by itself ends in ``on_crash``.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    context = context or pool_context()
    kernels = any(kind == "grade" for kind, _ in tasks)
    pending = list(tasks)
    for round_number in (1, 2, 3):
        if not pending:
            return
        isolated = round_number == 3
        unfinished = []
        size = 1 if isolated else max(1, min(workers, len(pending)))
        queue = list(pending)
        pool = ProcessPoolExecutor(max_workers=size, mp_context=context,
                                   initializer=_worker_started,
                                   initargs=(kernels, os.getpid()))
        running: dict[Future, tuple] = {}
        try:
            while queue or running:
                while queue and len(running) < (1 if isolated else size * 2):
                    task = queue.pop(0)
                    if on_start is not None:
                        on_start(*task)
                    running[pool.submit(work, *task)] = task
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    try:
                        value = future.result()
                    except BrokenProcessPool as error:
                        if isolated:
                            on_crash(*task, error)
                            pool.shutdown(wait=False, cancel_futures=True)
                            pool = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                                       initializer=_worker_started,
                                                       initargs=(kernels, os.getpid()))
                        else:
                            unfinished.append(task)
                        continue
                    except Exception as error:
                        on_crash(*task, error)
                        continue
                    queue[0:0] = on_done(*task, value) or []  # feedback before more grading
                if not isolated and unfinished:
                    unfinished.extend(running.values())
                    unfinished.extend(queue)
                    running, queue = {}, []
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        pending = unfinished
