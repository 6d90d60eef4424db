"""Stage 2, execute: a participant's notebook and its tests, cell by cell, in two kernels.

The notebook runs top to bottom in the *participant's kernel* as the participant saw it; the test
cells run, at their place in the notebook, in a *clean kernel* that never runs participant code
and that alone sees the hidden tests. Before each test cell the names it reads are exported from
the participant's kernel (:meth:`grading.engine.bridge.Bridge.export`: plain values as data, the
rest as references), the files the participant's run wrote so far are copied, read-only, into the
clean kernel's folder, and while the test runs the :class:`Relay` carries the bridge's messages
between the kernels: a test calling ``squares(3)`` runs ``squares`` in the participant's kernel,
which is parked for the cell's length (:mod:`grading.engine.bridge`). The test cell's outputs —
its score — come from the clean kernel, with what the participant's code printed meanwhile.

Which kernel runs each cell (:func:`plan`):

``participant``
    answer cells and any cell without nbgrader metadata;
``both``
    locked cells of the source that read nothing of the participant's (setup, constants,
    helpers): the clean kernel keeps its own definitions, which a participant cannot change;
``participant-only``
    locked cells that read the participant's names (a read-only demo calling their function):
    run once, where the participant's objects live; what they bind counts as the participant's;
``locked-bridged``
    locked cells that read the participant's names *and* define what later tests read: run in
    the clean kernel like a test (the participant's objects through the bridge), so that no
    test relies on a definition made in the participant's kernel;
``test``
    test cells, in the clean kernel;
``test-in-participant``
    test cells that reach into the participant's namespace itself (``globals()``,
    ``get_ipython()``, ``inspect``, ``__main__`` ...), which no copy can stand for: run in the
    participant's kernel after the tamper guard's check, as nbgrader runs every test, and
    recorded so (flag ``checked-in-participant-kernel``).

:func:`execute_notebook` returns the notebook with every cell's outputs and a :class:`RunOutcome`
(plain data); :func:`grading.engine.judge.flags_for` turns the outcome into flags.
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import json
import os
import re
import shutil
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.preprocessors import Execute
from traitlets import Any, Instance, Integer

from grading.engine.bridge import PARKED, PREFIX
from grading.engine.cell_names import names_bound, names_read
from grading.engine.normalise import without_hidden_tests

__all__ = ["KERNEL_ARGUMENTS", "CellPlan", "RunOutcome", "plan", "execute_notebook",
           "ParticipantExecute", "CleanExecute", "Relay", "sync_files"]

KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
"""Given to every kernel: input history kept in memory, not in a SQLite file created in each
kernel's new home folder (about 0.1 s on the first cell)."""

EXPORT_LIMIT = 8 * 1024**2
"""Characters of an export accepted from the participant's kernel."""

_UNFAITHFUL = re.compile(
    r"\b(globals|locals|vars)\s*\(\s*\)|\bget_ipython\b|\b__main__\b|\bdis\.|"
    r"\bbuiltins\b|\b__builtins__\b|\bredirect_std(out|err)\b|\bsys\.std(out|err)\b|"
    r"\binspect\.(getsource|getsourcelines|getsourcefile|getfile|getmodule|getcomments|"
    r"currentframe|stack|getouterframes|getclosurevars)\b|"
    r"\bsys\._getframe\b|\bgc\.get_referrers\b|^\s*[%!]|\bexec\s*\(|\beval\s*\(",
    re.MULTILINE)
"""What in a test cell reaches the participant's namespace itself (not only names in it)."""

_REFERENCES = re.compile(r'"t":\s*"(remote|ref|module|global|dual)"')
"""An export that holds references (not only plain values)."""

_FILE_SKIP = {".kernel.json", ".ipython", ".matplotlib", ".cache", ".local", ".config",
              ".ipynb_checkpoints", "__pycache__", ".kelas-modules"}


# -- the plan --------------------------------------------------------------------------------------
def _is_test(cell) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def _is_trusted(cell) -> bool:
    """A cell whose code comes from the source (restored by normalise): locked or a test."""
    return cell.cell_type == "code" and not utils.is_solution(cell) and (
        utils.is_locked(cell) or utils.is_grade(cell))


def _read_by_later_tests(nb: NotebookNode, index: int) -> set[str]:
    """The names the test cells after ``index`` read."""
    found: set[str] = set()
    for cell in nb.cells[index + 1:]:
        if _is_test(cell):
            found.update(names_read(cell.source))
    return found


def _subclasses(source: str, clean_defined: set[str]) -> bool:
    """Does the cell define a class on a base that is not the clean kernel's own (the
    participant's class: only their kernel has it as a class)?"""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(base, ast.Name) and base.id not in clean_defined
               and not hasattr(builtins, base.id)
               for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
               for base in node.bases)


@dataclass
class CellPlan:
    """Where one code cell runs, and for a test the names it shares with the participant."""

    index: int
    role: str  # participant | both | participant-only | test | test-in-participant
    reads: list[str] = field(default_factory=list)  # a test's names (and its helpers')
    binds: list[str] = field(default_factory=list)  # names the cell binds at its top level
    shared_later: bool = False  # a test binds a name that a later answer cell reads


def plan(nb: NotebookNode) -> list[CellPlan]:
    """Where each code cell of a normalised notebook runs (see the module text).

    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> def cell(source, **meta):
    ...     c = new_code_cell(source)
    ...     c.metadata["nbgrader"] = {"grade_id": "c", "schema_version": 3, "solution": False,
    ...                               "grade": False, "locked": False, **meta}
    ...     return c
    >>> nb = new_notebook(cells=[cell("import math", locked=True),
    ...                          cell("def f(x):\\n    return x", solution=True),
    ...                          cell("assert f(2) == math.sqrt(4)", grade=True, points=1),
    ...                          cell("assert 'f' in globals()", grade=True, points=1)])
    >>> [(p.role, p.reads) for p in plan(nb)]
    [('both', []), ('participant', []), ('test', ['f']), ('test-in-participant', [])]
    """
    plans = []
    clean_defined: set[str] = set()  # bound by a cell the clean kernel ran before this one
    helper_reads: set[str] = set()  # names the clean kernel's own code reads (helpers' bodies)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if not _is_trusted(cell):
            plans.append(CellPlan(index, "participant"))
            continue
        reads, binds = names_read(cell.source), names_bound(cell.source)
        if _is_test(cell):
            if _UNFAITHFUL.search(cell.source) or _subclasses(cell.source, clean_defined):
                plans.append(CellPlan(index, "test-in-participant", binds=binds))
                continue
            shared = [n for n in dict.fromkeys([*reads, *sorted(helper_reads)])
                      if n not in clean_defined]
            plans.append(CellPlan(index, "test", reads=shared, binds=binds))
            helper_reads.update(reads)
            continue
        # what the cell reads that neither an earlier cell of the clean kernel nor the cell
        # itself defines (its own helpers, used further down) comes from the participant
        if any(n not in clean_defined and n not in binds for n in reads):
            if set(binds) & _read_by_later_tests(nb, index):
                # it defines what tests use (a helper, an expected value): it runs in the clean
                # kernel, reaching the participant's objects through the bridge, so that no test
                # relies on a definition made in the participant's kernel
                shared = [n for n in dict.fromkeys([*reads, *sorted(helper_reads)])
                          if n not in clean_defined and n not in binds]
                plans.append(CellPlan(index, "locked-bridged", reads=shared, binds=binds))
                clean_defined.update(binds)
                helper_reads.update(reads)
            else:
                plans.append(CellPlan(index, "participant-only", binds=binds))
            continue
        plans.append(CellPlan(index, "both", binds=binds))
        clean_defined.update(binds)
        helper_reads.update(reads)
    later: set[str] = set()  # names the answer cells after each point read
    for step in reversed(plans):
        if step.role == "participant":
            later.update(names_read(nb.cells[step.index].source))
        elif step.role == "test":
            step.shared_later = bool(set(step.binds) & later)
    return plans


# -- what a run found ------------------------------------------------------------------------------
@dataclass
class RunOutcome:
    """What happened while a notebook ran, as plain data (the judge turns it into flags)."""

    finished: set[int] = field(default_factory=set)  # indices of cells that ran to the end
    stopped: str = ""  # "" | "over-time" | "kernel-died" | "failed:<ExceptionName>: <message>"
    tampering: list[tuple[str, list[str]]] = field(default_factory=list)
    hidden_errors: list[str] = field(default_factory=list)
    output_cut: bool = False
    export_failed: list[str] = field(default_factory=list)  # grade ids
    imports: dict[str, str] = field(default_factory=dict)  # grade id -> export given to the test
    converted: dict[str, str] = field(default_factory=dict)  # grade id -> type names
    limits: dict[str, list[str]] = field(default_factory=dict)  # grade id -> engine limits met
    in_participant: list[str] = field(default_factory=list)  # tests run in the participant's
    protocol: list[str] = field(default_factory=list)  # bridge messages out of turn (tampering)
    not_run: list[str] = field(default_factory=list)  # tests the run never reached (score 0)


# -- executors ---------------------------------------------------------------------------------
class _Executor(Execute):
    """nbgrader's ``Execute`` driven one cell at a time, with an output cap per notebook."""

    output_limit = Integer(1024**2).tag(config=False)
    outcome = Instance(RunOutcome, allow_none=True).tag(config=False)
    output_chars = Integer(0).tag(config=False)

    def on_cell_executed(self, **kwargs):
        self.outcome.finished.add(kwargs["cell_index"])
        return super().on_cell_executed(**kwargs)

    async def silent(self, code: str, expressions: dict | None = None,
                     allow_stdin: bool = False) -> dict:
        """Run ``code`` quietly (no history, no output); the reply's content."""
        msg_id = self.kc.execute(code, silent=True, store_history=False,
                                 user_expressions=expressions or {}, allow_stdin=allow_stdin)
        reply = await self.async_wait_for_reply(msg_id)
        return (reply or {}).get("content", {})

    async def _check_raise_for_error(self, cell, cell_index, exec_reply):
        # the kernel says the cell failed but no error output shows it (a hidden traceback,
        # nbgrader #1324): the failure is made visible, so the test scores nothing
        content = (exec_reply or {}).get("content", {})
        if content.get("status") == "error" and not any(
                o.get("output_type") == "error" for o in cell.get("outputs", [])):
            cell.outputs.append(new_output(
                "error", ename=content.get("ename", "Error"),
                evalue=content.get("evalue", ""), traceback=[]))
            self.outcome.hidden_errors.append(
                cell.metadata.get("nbgrader", {}).get("grade_id") or f"#{cell_index + 1}")
        return await super()._check_raise_for_error(cell, cell_index, exec_reply)

    def output(self, outs, msg, display_id, cell_index):
        # keep at most output_limit characters per notebook; errors always pass (a test's
        # failure must never be cut away), their tracebacks shortened
        content = msg.get("content", {})
        if msg["msg_type"] == "error":
            content["traceback"] = [line[:2000] for line in content.get("traceback", [])[-20:]]
            return super().output(outs, msg, display_id, cell_index)
        size = len(content.get("text", "")) + sum(
            len(str(v)) for v in (content.get("data") or {}).values())
        if self.output_chars + size > self.output_limit:
            if not self.outcome.output_cut:
                self.outcome.output_cut = True
                outs.append(new_output("stream", name="stderr", text=(
                    "\n[keluaran dipotong: lebih dari batas / output truncated: over the "
                    "limit]\n")))
            return None
        self.output_chars += size
        return super().output(outs, msg, display_id, cell_index)

    def start_new_kernel(self, **kwargs):
        # the kernel process's own stderr (start-up warnings) would flood the grader's
        # terminal; what the notebook prints reaches the outputs through the kernel protocol
        kwargs.setdefault("stderr", __import__("subprocess").DEVNULL)
        return super().start_new_kernel(**kwargs)


class ParticipantExecute(_Executor):
    """The participant's kernel: their notebook as they saw it, the tamper guard, the exports."""


class CleanExecute(_Executor):
    """The clean kernel: the source's locked and test cells, the bridge served while a test runs."""

    relay = Any(None).tag(config=False)

    async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                 store_history=True):
        relay = self.relay
        if relay is None:
            return await super().async_execute_cell(cell, cell_index, execution_count,
                                                    store_history)
        self.kc.allow_stdin = True
        serving = asyncio.ensure_future(relay.serve(cell, cell_index))
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count,
                                                    store_history)
        finally:
            self.kc.allow_stdin = False
            await relay.stop_serving(serving)


# -- the relay -----------------------------------------------------------------------------------
class Relay:
    """Carries the bridge's messages between the clean kernel and the participant's, for one
    test cell; parks the participant's kernel on the first request, unparks it at the end."""

    def __init__(self, clean: CleanExecute, participant: ParticipantExecute, outcome: RunOutcome,
                 grade_id: str, wait: float = 10.0, files=None) -> None:
        self.clean, self.participant = clean, participant
        self.files = files  # copies the files the participant's kernel wrote to the clean one
        self.outcome, self.grade_id, self.wait = outcome, grade_id, wait
        self.park_id: str | None = None
        self.parked = asyncio.Event()
        self.participant_waits = False  # the participant's kernel waits for a message
        self.clean_waits = False
        self.cell = None
        self.cell_index = -1
        self.tasks: list[asyncio.Future] = []
        self.lost = False  # the participant's kernel died while parked

    async def serve(self, cell, cell_index) -> None:
        self.cell, self.cell_index = cell, cell_index
        while True:
            msg = await self.clean.kc.stdin_channel.get_msg(timeout=None)
            prompt = (msg.get("content") or {}).get("prompt", "")
            self.clean_waits = True
            if self.lost:
                self._answer_clean_lost()
                continue
            if self.park_id is None:
                await self._park()
            await self._until_parked()
            if self.lost:
                self._answer_clean_lost()
                continue
            if not self.participant_waits:
                self.outcome.protocol.append(self.grade_id)
                continue
            self.participant_waits = False
            self.participant.kc.input(prompt)

    async def _park(self) -> None:
        self.park_id = self.participant.kc.execute(
            "__import__('sys').modules['_kelas_bridge'].park()", silent=True,
            store_history=False, allow_stdin=True)
        self.tasks.append(asyncio.ensure_future(self._from_participant()))
        self.tasks.append(asyncio.ensure_future(self._watch_participant()))
        self.outputs = asyncio.ensure_future(
            self.participant._async_poll_output_msg(self.park_id, self.cell, self.cell_index))

    async def _until_parked(self) -> None:
        while not (self.parked.is_set() or self.lost):
            try:
                await asyncio.wait_for(self.parked.wait(), 0.2)
            except asyncio.TimeoutError:
                pass

    async def _from_participant(self) -> None:
        while True:
            msg = await self.participant.kc.stdin_channel.get_msg(timeout=None)
            prompt = (msg.get("content") or {}).get("prompt", "")
            if prompt == PARKED:
                self.participant_waits = True
                self.parked.set()
                continue
            if not prompt.startswith(PREFIX):  # the participant's own input(): no stdin, as in
                self.participant.kc.input("\x04")  # nbgrader (their code gets EOFError)
                continue
            self.participant_waits = True
            if not self.clean_waits:  # out of turn: never passed on
                self.outcome.protocol.append(self.grade_id)
                continue
            self.clean_waits = False
            if self.files is not None:  # what the call wrote, before the test reads it
                self.files()
            self.clean.kc.input(prompt)

    async def _watch_participant(self) -> None:
        while True:
            await asyncio.sleep(0.2)
            if not await self.participant.km.is_alive():
                self.lost = True
                if self.clean_waits:
                    self._answer_clean_lost()
                return

    def _answer_clean_lost(self) -> None:
        reply = {"op": "raise", "type": {"t": "global", "module": "builtins",
                                         "qualname": "RuntimeError", "h": 0, "exc": []},
                 "args": [{"t": "str", "v": "kernel peserta berhenti / the participant's "
                                            "kernel died"}], "tb": ""}
        self.clean_waits = False
        self.clean.kc.input(PREFIX + json.dumps(reply))

    async def stop_serving(self, serving: asyncio.Future) -> None:
        serving.cancel()
        await asyncio.gather(serving, return_exceptions=True)

    async def finish(self, sync: dict) -> None:
        """End the cell on the participant's side: unpark it with the test's last changes to
        shared names (or bring them there quietly if it was never parked)."""
        if self.park_id is None:
            if sync:
                await self.participant.silent(
                    "__import__('sys').modules['_kelas_bridge'].apply("
                    f"__import__('json').loads({json.dumps(sync)!r}))")
            return
        unpark = PREFIX + json.dumps({"op": "unpark", "sync": sync})
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.wait
        interrupted = False
        try:
            while not self.lost and loop.time() < deadline:
                if self.participant_waits:
                    self.participant_waits = False
                    self.participant.kc.input(unpark)
                    break
                if not interrupted and loop.time() > deadline - self.wait + 1.0:
                    interrupted = True  # still busy in a call the test gave up on
                    await self.participant.km.interrupt_kernel()
                await asyncio.sleep(0.01)
            else:
                if not self.lost:  # it will not come back: nothing after this can run there
                    await self.participant.km.shutdown_kernel(now=True)
                    self.lost = True
            if not self.lost:
                await asyncio.wait_for(self.participant.async_wait_for_reply(self.park_id),
                                       self.wait)
                await asyncio.wait_for(self.outputs, self.wait)
        except (asyncio.TimeoutError, Exception):
            self.lost = True
        finally:
            for task in self.tasks + [self.outputs]:
                task.cancel()
            await asyncio.gather(*self.tasks, self.outputs, return_exceptions=True)


# -- files the participant's run wrote -----------------------------------------------------------
def sync_files(source: Path, target: Path, protected: set[str], max_size: int,
               seen: dict[str, tuple[int, int]]) -> None:
    """Copy the files the participant's run wrote into the clean kernel's folder, read-only.

    Regular files only (a link is never followed), each at most ``max_size`` bytes; a file the
    assignment itself provides (``protected``, relative paths) is never replaced; ``seen``
    remembers sizes and times so unchanged files are not copied again.
    """
    for folder, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if d not in _FILE_SKIP and not os.path.islink(
            os.path.join(folder, d))]
        for name in files:
            if name in _FILE_SKIP or name.endswith(".ipynb"):
                continue
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, source)
            if relative in protected:
                continue
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if not (info.st_mode & 0o170000 == 0o100000) or info.st_size > max_size:
                continue
            stamp = (info.st_size, info.st_mtime_ns)
            if seen.get(relative) == stamp:
                continue
            destination = target / relative
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                if destination.exists():
                    destination.chmod(0o644)
                shutil.copyfile(path, destination, follow_symlinks=False)
                destination.chmod(0o444)
            except OSError:
                continue
            seen[relative] = stamp


# -- the run -------------------------------------------------------------------------------------
def _literal(value: dict | None, kind: type, limit: int = EXPORT_LIMIT):
    """The Python literal of a user expression's reply, if it is of ``kind`` (None otherwise)."""
    try:
        if value.get("status") != "ok":
            return None
        text = value["data"]["text/plain"]
        if len(text) > limit:
            return None
        found = ast.literal_eval(text)
    except (AttributeError, KeyError, ValueError, SyntaxError, TypeError, MemoryError,
            RecursionError):
        return None
    return found if isinstance(found, kind) else None


def _only(text: str | None, names: list[str]) -> str:
    """An export reduced to ``names`` (a tampered exporter may add others); a failed or
    malformed export becomes "every name missing"."""
    try:
        data = json.loads(text) if text is not None else None
        values = data.get("values", {})
        missing = data.get("missing", [])
        converted = data.get("converted", {})
        if not (isinstance(values, dict) and isinstance(missing, list)
                and isinstance(converted, dict)):
            raise TypeError
    except (TypeError, ValueError, AttributeError, RecursionError):
        return json.dumps({"values": {}, "missing": names, "converted": {}})
    kept = {name: values[name] for name in names if name in values}
    return json.dumps({
        "values": kept,
        "missing": [name for name in names if name not in kept],
        "converted": {name: converted[name] for name in kept if name in converted},
    }, allow_nan=True)


def _grade_id(cell, index: int) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id") or f"#{index + 1}"


def _not_run(nb: NotebookNode, finished: set[int], ename: str, message: str) -> list[str]:
    """Give every test cell that did not finish an error output, so it scores nothing."""
    marked = []
    for index, cell in enumerate(nb.cells):
        if index in finished or not _is_test(cell):
            continue
        cell.outputs = list(cell.get("outputs", [])) + [
            new_output("error", ename=ename, evalue=message, traceback=[f"{ename}: {message}"])]
        marked.append(_grade_id(cell, index))
    return marked


@dataclass
class Kernels:
    """The two started kernels of one notebook and what they need."""

    participant: ParticipantExecute
    clean: CleanExecute | None
    workdir: Path  # the participant's folder
    clean_dir: Path | None  # the clean kernel's folder
    protected: set[str]  # the assignment's own files (relative paths)
    max_file: int
    guard_code: str
    check_code: str


async def _drive(nb: NotebookNode, full: NotebookNode, plans: list[CellPlan], k: Kernels,
                 outcome: RunOutcome) -> None:
    """Run every code cell where :func:`plan` says, in order."""
    from grading.engine.guard import answers_install

    p, c = k.participant, k.clean
    await p.async_start_new_kernel_client()
    if c is not None:
        await c.async_start_new_kernel_client()
    for executor in (p, c):
        if executor is not None:
            await _stdin_connected(executor)
    info = await p.async_wait_for_reply(p.kc.kernel_info())
    if info is not None and "language_info" in info["content"]:
        nb.metadata["language_info"] = info["content"]["language_info"]
    await p.silent(answers_install("participant", preloaded=_forked(p)) + "\n" + k.guard_code)
    if c is not None:
        private = str(k.clean_dir / ".kelas-modules") if k.clean_dir else None
        await c.silent(answers_install("clean", private, preloaded=_forked(c)))
    steps = _Steps(nb, full, k, outcome)
    for position, step in enumerate(plans):
        await steps.run(step, position + 1)


async def _stdin_connected(executor: _Executor, wait: float = 30.0) -> None:
    """Make sure the kernel's input requests reach this client before the bridge needs them.

    A kernel sends an input request on its stdin ROUTER socket to the client's identity; ZMQ drops it
    if that client's stdin connection is not made yet (``wait_for_ready`` proves only the shell and
    IOPub channels), and the kernel then waits for an answer forever: a test's first call through the
    bridge would hang until its timeout. So: ask for input until a request arrives. Meanwhile an
    answer goes out unasked: queued until the connection is made, it ends the wait of a request that
    was lost; one that arrives before the kernel asks is dropped by the kernel when it asks.
    """
    from queue import Empty

    kc = executor.kc
    deadline = asyncio.get_running_loop().time() + wait
    while asyncio.get_running_loop().time() < deadline:
        msg_id = kc.execute("__import__('builtins').input()", silent=True, store_history=False,
                            allow_stdin=True)
        arrived = False
        while asyncio.get_running_loop().time() < deadline:
            try:
                await kc.stdin_channel.get_msg(timeout=0.2)
                arrived = True
                kc.input("")
            except Empty:
                if not arrived:
                    kc.input("")
            try:
                reply = await kc.shell_channel.get_msg(timeout=0.2)
            except Empty:
                if not await executor.km.is_alive():
                    return  # a kernel that died is found and reported by the run itself
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if arrived:
            return
    raise RuntimeError("the kernel's input requests never reached the grader")


class _Steps:
    """The cells of one run, each where its plan says (see :func:`_drive`)."""

    def __init__(self, nb: NotebookNode, full: NotebookNode, k: Kernels,
                 outcome: RunOutcome) -> None:
        self.nb, self.full, self.k, self.outcome = nb, full, k, outcome
        self.files_seen: dict[str, tuple[int, int]] = {}
        self.clean_owned: set[str] = set()  # names whose value is the clean kernel's own

    def questions(self, step: CellPlan) -> tuple[list[str], dict]:
        """The names a test shares with the participant, and what to ask their kernel first, in
        one request: the guard's check, then (for the clean kernel) the answers."""
        names = [n for n in step.reads if n not in self.clean_owned]
        expressions = {"guard": self.k.check_code}
        if step.role != "test-in-participant" and self.k.clean is not None:
            expressions["export"] = (
                f"__import__('sys').modules['_kelas_bridge'].export({names!r})")
        return names, expressions

    def sync(self) -> None:
        sync_files(self.k.workdir, self.k.clean_dir, self.k.protected, self.k.max_file,
                   self.files_seen)

    async def run(self, step: CellPlan, count: int) -> None:
        p, c, outcome = self.k.participant, self.k.clean, self.outcome
        index = step.index
        cell = self.nb.cells[index]
        if step.role in ("participant", "participant-only") or c is None and step.role == "both":
            await p.async_execute_cell(cell, index, execution_count=count)
            return
        if step.role == "both":
            await p.async_execute_cell(cell, index, execution_count=count)
            await c.async_execute_cell(self.full.cells[index], index, execution_count=count)
            self.clean_owned.update(step.binds)
            return
        grade_id = _grade_id(cell, index)  # a test, or a locked cell bridged like one
        in_participant = step.role == "test-in-participant" or c is None
        names, expressions = self.questions(step)
        replies = (await p.silent("", expressions)).get("user_expressions", {})
        found = _literal(replies.get("guard"), list)
        found = ["guard"] if found is None else found
        if found:
            outcome.tampering.append((grade_id, found))
        if in_participant:
            if step.role == "test-in-participant":
                outcome.in_participant.append(grade_id)
            cell.source = self.full.cells[index].source
            await p.async_execute_cell(cell, index, execution_count=count)
            return
        text = _literal(replies.get("export"), str)
        if text is None:
            outcome.export_failed.append(grade_id)
        text = _only(text, names)
        outcome.imports[grade_id] = text
        self.sync()
        track = list(dict.fromkeys([*names, *step.binds]))
        loaded = await c.silent(
            f"__import__('sys').modules['_kelas_bridge'].load({text!r}, {track!r})")
        if loaded.get("status") != "ok":
            outcome.export_failed.append(grade_id)
        relay = Relay(c, p, outcome, grade_id, files=self.sync)
        c.relay = relay
        target = self.full.cells[index]
        try:
            await c.async_execute_cell(target, index, execution_count=count)
        finally:
            c.relay = None
        ended = {}
        if relay.park_id is not None or step.shared_later or _REFERENCES.search(text):
            report = await c.silent("", {"end": "__import__('sys').modules['_kelas_bridge']"
                                                 ".end_cell()"})
            try:
                ended = json.loads(_literal(report.get("user_expressions", {}).get("end"), str)
                                   or "{}")
            except ValueError:
                ended = {}
        await relay.finish(ended.get("sync") or {})
        if ended.get("limits"):
            outcome.limits[grade_id] = list(ended["limits"])
        if ended.get("converted"):
            outcome.converted[grade_id] = ", ".join(ended["converted"])
        own = ended.get("own") if ended else step.binds  # no references: all the test's own
        for name in step.binds:  # a test's own value stays the clean kernel's from now on
            if name in (own or ()):
                self.clean_owned.add(name)
            else:
                self.clean_owned.discard(name)
        cell.source = target.source
        cell.outputs = target.outputs
        cell.execution_count = target.get("execution_count")
        if relay.lost and not await p.km.is_alive():
            raise _ParticipantLost()


def _forked(executor) -> bool:
    """Was this kernel forked from the zygote (which imported the codec and the bridge)?"""
    from grading.engine.kernels import ForkedKernel

    process = getattr(getattr(executor.km, "provisioner", None), "process", None)
    return isinstance(process, ForkedKernel)


class _ParticipantLost(Exception):
    """The participant's kernel died while a test used it."""


def execute_notebook(nb: NotebookNode, k: Kernels, timeout: int, notebook_timeout: int,
                     resources: dict) -> tuple[NotebookNode, RunOutcome]:
    """Run ``nb`` (normalised) in the two kernels of ``k``; the notebook with its outputs and
    what happened. Both kernels must be started (their managers in ``k``'s executors); they
    are shut down here. A cell runs at most ``timeout`` seconds, the whole notebook at most
    ``notebook_timeout``."""
    from jupyter_core.utils import run_sync
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    full = __import__("copy").deepcopy(nb)
    shown = __import__("copy").deepcopy(nb)
    for cell in shown.cells:  # what the participant's kernel may see of a test: no hidden part
        if _is_test(cell):
            cell.source = without_hidden_tests(cell.source)
    outcome = RunOutcome()
    executors = [e for e in (k.participant, k.clean) if e is not None]
    for executor in executors:
        km = executor.km
        NotebookClient.__init__(executor, shown if executor is k.participant else full, km)
        executor.reset_execution_trackers()
        executor._check_assign_resources(resources)
        executor.outcome = outcome
        executor.timeout = timeout
        executor.output_chars = 0
    k.clean and setattr(k.clean, "output_limit", k.participant.output_limit)
    over_time = threading.Event()

    def stop_notebook() -> None:
        over_time.set()
        for executor in executors:
            process = getattr(getattr(executor.km, "provisioner", None), "process", None)
            if process is not None:
                try:
                    process.send_signal(signal.SIGKILL) if hasattr(process, "send_signal") \
                        else os.killpg(os.getpgid(process.pid), signal.SIGKILL)
                except OSError:
                    pass

    timer = threading.Timer(notebook_timeout, stop_notebook)
    timer.daemon = True
    timer.start()
    try:
        with utils.setenv(NBGRADER_EXECUTION="autograde"):
            run_sync(_drive)(shown, full, plan(nb), k, outcome)
    except (DeadKernelError, _ParticipantLost):
        outcome.stopped = "over-time" if over_time.is_set() else "kernel-died"
    except CellTimeoutError:  # no answer even after the interrupt
        outcome.stopped = "over-time" if over_time.is_set() else "unfinished"
    except Exception as error:  # a kernel would not start, or nbclient failed in another way
        outcome.stopped = "over-time" if over_time.is_set() else \
            f"failed:{type(error).__name__}: {str(error)[:200]}".rstrip(": ")
    finally:
        timer.cancel()
        for executor in executors:
            _stop(executor)
    if outcome.stopped:
        ename, message = {
            "over-time": ("NotebookTimeout", "waktu habis / timed out"),
            "unfinished": ("CellTimeoutError", "waktu habis / timed out"),
            "kernel-died": ("KernelDied", "kernel berhenti sebelum sel ini selesai / the kernel "
                                          "died before this cell finished"),
        }.get(outcome.stopped, ("NotExecuted", "tidak dijalankan / not run"))
        for index, cell in enumerate(shown.cells):  # a test that never ran: its source back
            if _is_test(cell) and index not in outcome.finished:
                cell.source = full.cells[index].source
        outcome.not_run = _not_run(shown, outcome.finished, ename, message)
    return shown, outcome


def _stop(executor) -> None:
    from jupyter_core.utils import run_sync

    try:
        if getattr(executor, "kc", None) is not None:
            executor.kc.stop_channels()
        run_sync(executor.km.shutdown_kernel)(now=True)
    except Exception:  # already gone; the sandbox's cleanup kills what is left
        pass


__all__ += ["Kernels", "EXPORT_LIMIT"]
