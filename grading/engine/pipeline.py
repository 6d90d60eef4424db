"""The grading engine: normalise, execute, record, feedback — nbgrader's preprocessors, run in stages.

nbgrader's ``autograde`` grades one notebook after another and writes to the gradebook from inside
each conversion. Here the same preprocessors (``nbgrader/converters/autograde.py`` shows the chain)
run as stages (design section 7):

1. **normalise** (worker process): read the submitted notebook (a file that is not a notebook is a
   flagged row, not a stopped batch); ``ClearOutput``, ``DeduplicateIds``, ``OverwriteKernelspec``,
   ``OverwriteCells`` (test and locked cells restored from the source, deleted grade cells added
   back, changed points and cell types put right — each change becomes a flag) and
   ``CheckCellMetadata``. Workers read a snapshot of the gradebook, never the gradebook itself.
2. **execute** (worker process), two fresh kernels per notebook, each in a private temporary
   folder (:mod:`grading.engine.sandbox`: own uid, no network, own PID and mount namespaces, limits) and
   forked from a zygote that imported the kernel's libraries once (:mod:`grading.engine.kernels`):
   the *participant's run* executes the notebook as the participant saw it — hidden tests never
   enter that kernel — with nbgrader's ``Execute``, a timeout per cell and per notebook and a tamper
   guard (:mod:`grading.engine.guard`), exporting before each locked or test cell the values of the
   answers that cell reads (:mod:`grading.engine.codec`); the *clean run* executes only the
   source's locked and test cells, hidden tests included, on those values, in a kernel that never
   ran participant code and holds only the assignment's files. The test cells' outputs — the
   scores — come from the clean run. A kernel that dies, a cell that times out, tampering found by
   the guard and answers of the participant's own types are flagged; tests never reached score
   nothing. Then ``IgnorePattern`` and ``LimitOutput``. Workers run in parallel (``workers``,
   default: the number of cores).
3. **record** (the main process, the one writer): ``SaveAutoGrades`` and ``AssignLatePenalties``
   into the gradebook; the autograded notebooks into ``autograded/<participant>/<assignment>/``.
4. **feedback** (worker processes, reading the gradebook only): nbgrader's ``GenerateFeedback``
   with :class:`grading.engine.feedback.HideHiddenTests` in its chain.

``submitted/`` is only ever read. Flags replace the assignment's grading rows in ``flags.csv``.

Reliability: before each run the gradebook is copied to ``backups/gradebook-<UTC time>.db`` (the
newest :data:`KEEP_BACKUPS` kept). A participant is done when its scores are recorded and its
feedback written; only then is a completion record written to
``.kelas-ekspor/graded/<assignment>/<participant>.json`` holding a fingerprint of the submission,
the source assignment and the options, and the flags raised. A rerun (after ``kill -9`` at any
moment, or simply again) skips the participants whose record matches and grades the rest anew, so
it ends with the gradebook an uninterrupted run gives; ``force`` grades everyone again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from grading.engine.feedback import write_feedback
from grading.engine.messages import flag_code, flag_text
from grading.engine.normalise import normalise, read_submission
from grading.engine.pool import default_workers, pool_context, run_tasks
from grading.engine.record import backup_gradebook, make_writable, record, snapshot
from grading.engine.sandbox import FILE_SIZE_LIMIT, MAX_PROCESSES, MEMORY_LIMIT
from grading.errors import GradingError
from grading.flags import Flag, make_flag, replace_flags
from grading.isolation import write_isolation
from grading.workspace import Workspace
from toolkit.i18n import Text

__all__ = [
    "DEFAULT_TIMEOUT",
    "GradeJob",
    "GradeOptions",
    "NotebookResult",
    "ParticipantResult",
    "GradeSummary",
    "read_submission",
    "normalise",
    "execute",
    "grade_participant",
    "record",
    "write_feedback",
    "grade_assignment",
    "default_workers",
    "refresh_feedback",
    "results_json",
    "check_submissions",
]

DEFAULT_TIMEOUT = 60
"""Seconds one cell may run before it is interrupted and flagged."""

ENGINE_VERSION = "4"
"""Part of every completion record: a new engine grades everything again."""

_log = logging.getLogger("kelas_ekspor.grading")
_IGNORE_FILES = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", "*.ipynb")


# -- results ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GradeOptions:
    """How ``grade`` runs each notebook: every option in one place (the CLI's, the run's, the
    jobs' and the completion records' fingerprint all read this)."""

    timeout: int = DEFAULT_TIMEOUT  # seconds one cell may run
    notebook_timeout: int | None = None  # seconds for the whole notebook (default 10 × timeout)
    memory: int = MEMORY_LIMIT  # bytes of address space per kernel
    file_size: int = FILE_SIZE_LIMIT  # bytes one written file may reach
    processes: int = MAX_PROCESSES  # processes and threads per kernel (with a dedicated uid)
    clean_check: bool = True  # run the tests in a clean kernel (the participant's reached by bridge)
    fork: bool = True  # fork kernels from a zygote with the libraries imported (grading.engine.kernels)
    layers: tuple[str, ...] | None = None  # isolation layers to use (default: all available)

    UNSCORED = ("fork", "layers")
    """Options left out of :meth:`fingerprint`: how a kernel is started and isolated, not what a
    notebook scores (``tests/grading/test_kernels.py`` shows forked and fresh kernels, and every
    isolation level, giving the same grades), so changing them does not grade everything again."""

    def fingerprint(self) -> str:
        """The options a grade depends on, as text for the completion records' digest."""
        from dataclasses import asdict

        return "|".join(f"{k}={v}" for k, v in sorted(asdict(self).items())
                        if k not in self.UNSCORED)

    @property
    def notebook_seconds(self) -> int:
        return self.notebook_timeout or 10 * self.timeout


@dataclass
class GradeJob:
    """One participant's submission of one assignment, as a worker receives it."""

    workspace: str
    participant: str
    assignment: str
    notebooks: list[str]
    db_url: str
    options: GradeOptions = field(default_factory=GradeOptions)
    submission: str | None = None  # the submitted folder (default: submitted/<participant>/<a>)


@dataclass
class NotebookResult:
    """One notebook after the normalise and execute stages (``notebook_json`` None: nothing to grade)."""

    notebook: str
    notebook_json: str | None
    flags: list[Flag] = field(default_factory=list)
    isolation: str = ""  # the sandbox level and layers the kernel ran with
    manual: list[str] = field(default_factory=list)  # test cells for hand grading (grade ids)


@dataclass
class ParticipantResult:
    participant: str
    assignment: str
    notebooks: list[NotebookResult]
    seconds: float = 0.0


@dataclass
class GradeSummary:
    """What ``grade`` did: who was graded, the flags raised, where feedback went."""

    assignment: str
    graded: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    workers: int = 1
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)
    backup: Path | None = None
    isolation: dict[str, str] = field(default_factory=dict)  # participant -> level (layers)


# -- stage 2: execute ------------------------------------------------------------------------------
def _hidden_folders(ws: Workspace) -> list[Path]:
    """What a kernel must not see: the workspace (gradebook, source, submissions, autograded)
    and the course's own assignment folder."""
    from grading.workspace import REPO_ASSIGNMENTS

    return [ws.root.resolve(), REPO_ASSIGNMENTS.resolve()]

def _kernel_name(notebook: NotebookNode | Path) -> str:
    """The kernel a notebook (or a notebook file, read as plain JSON) asks for."""
    if isinstance(notebook, Path):
        try:
            notebook = json.loads(notebook.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            notebook = {}
    spec = (notebook.get("metadata") or {}).get("kernelspec") or {}
    return spec.get("name") or "python3"


def _start_kernel(name: str, config, job: GradeJob, box):
    """A kernel started now in ``box`` (it gets ready while other work goes on)."""
    from jupyter_core.utils import run_sync

    from grading.engine.sandbox import sandbox_kernel_manager

    km = sandbox_kernel_manager(box, fork=job.options.fork)(kernel_name=name, config=config)
    from grading.engine.run import KERNEL_ARGUMENTS

    run_sync(km.start_kernel)(cwd=str(box.workdir), extra_arguments=list(KERNEL_ARGUMENTS))
    return km

def _prepare_clean(clean_box, source: Path) -> None:
    """The clean kernel's folder: the assignment's own files, and a copy of them that alone is
    on its module path (``.kelas-modules``: what the participant's run writes into the folder
    is never imported), given to its uid."""
    if clean_box.workdir.exists():  # from the previous notebook
        make_writable(clean_box.workdir)
        shutil.rmtree(clean_box.workdir)
    shutil.copytree(source, clean_box.workdir, ignore=_IGNORE_FILES)
    shutil.copytree(source, clean_box.workdir / ".kelas-modules", ignore=_IGNORE_FILES)
    clean_box.prepare()


def _start_clean_kernel(name: str, config, job: GradeJob, clean_box, source: Path):
    _prepare_clean(clean_box, source)
    return _start_kernel(name, config, job, clean_box)


def _stop_kernel(executor, km, box=None) -> None:
    """Shut down a kernel started by :func:`_start_kernel`; kill what ``box``'s uid still runs."""
    from jupyter_core.utils import run_sync

    try:
        if getattr(executor, "kc", None) is not None:
            executor.kc.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # already gone; the sandbox's cleanup kills what is left
        pass
    if box is not None:
        box.cleanup()

def _protected(source: Path) -> set[str]:
    """The assignment's own files (relative paths): never replaced by the participant's."""
    return {str(path.relative_to(source)) for path in source.rglob("*") if path.is_file()}


def execute(nb: NotebookNode, resources: dict, config, job: GradeJob, workdir: Path,
            box=None, clean_box=None, clean_source: Path | None = None, km=None, clean_km=None,
            ) -> tuple[NotebookNode, list[Flag], list[str]]:
    """Stage 2: the notebook cell by cell in the participant's kernel, its tests in the clean one.

    See :mod:`grading.engine.run`: the participant's kernel (``km``, isolated by ``box`` in
    ``workdir``) runs the notebook as the participant saw it (hidden tests left out) with the
    tamper guard; the clean kernel (``clean_km`` in ``clean_box``'s folder, holding the
    assignment's own files from ``clean_source``) runs the source's locked and test cells,
    hidden tests included, with the participant's objects reached through the bridge. Each cell
    may run ``job.options.timeout`` seconds, the notebook ``job.options.notebook_seconds`` (10 × the
    cell timeout). Without ``clean_box`` every cell runs in the participant's kernel (nbgrader's
    way). Both kernels must be started (:func:`_start_kernel`); they are shut down here.

    Returns the executed notebook, its flags and the test cells that need hand grading.
    """
    from nbgrader.preprocessors import IgnorePattern, LimitOutput

    from grading.engine.guard import CHECK, INSTALL
    from grading.engine.judge import flags_for
    from grading.engine.run import (
        KERNEL_ARGUMENTS,
        CleanExecute,
        Kernels,
        ParticipantExecute,
        execute_notebook,
    )
    from grading.engine.sandbox import OUTPUT_LIMIT

    participant = ParticipantExecute(config=config)
    participant.extra_arguments = list(KERNEL_ARGUMENTS)
    participant.output_limit = OUTPUT_LIMIT
    participant.km = km
    clean = None
    if clean_box is not None:
        clean = CleanExecute(config=config)
        clean.extra_arguments = list(KERNEL_ARGUMENTS)
        clean.km = clean_km
    kernels = Kernels(participant=participant, clean=clean, workdir=workdir,
                      clean_dir=clean_box.workdir if clean_box is not None else None,
                      protected=_protected(clean_source) if clean_source else set(),
                      max_file=job.options.file_size, guard_code=INSTALL, check_code=CHECK)
    resources.setdefault("metadata", {})["path"] = str(workdir)
    notebook_timeout = job.options.notebook_seconds
    try:
        nb, outcome = execute_notebook(nb, kernels, job.options.timeout, notebook_timeout, resources)
    finally:
        if box is not None:
            box.cleanup()
        if clean_box is not None:
            clean_box.cleanup()
    flags, manual = flags_for(outcome, nb, job.participant, job.assignment,
                              timeout=job.options.timeout, notebook_timeout=notebook_timeout,
                              output_limit=OUTPUT_LIMIT)
    # (nbgrader checks the cell metadata again here; normalise has, and running changes none)
    for cls in (IgnorePattern, LimitOutput):
        nb, resources = cls(config=config)(nb, resources)
    return nb, flags, manual



# -- one participant (worker process) --------------------------------------------------------------
def _submission(ws: Workspace, job: GradeJob) -> Path:
    return Path(job.submission) if job.submission else ws.submission_dir(job.participant,
                                                                         job.assignment)


def _prepare_workdir(ws: Workspace, job: GradeJob, workdir: Path) -> None:
    """The submission's own files, then the assignment's data files over them (as nbgrader does)."""
    submission = _submission(ws, job)
    shutil.copytree(submission, workdir, ignore=_IGNORE_FILES, dirs_exist_ok=True)
    shutil.copytree(ws.source / job.assignment, workdir, ignore=_IGNORE_FILES, dirs_exist_ok=True)


def grade_participant(job: GradeJob) -> ParticipantResult:
    """Stages 1 and 2 for every notebook of one submission; touches nothing but a temporary folder."""
    started = time.monotonic()
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    ws = Workspace(job.workspace)
    config = ws.config()
    results = []
    with tempfile.TemporaryDirectory(prefix="kelas-ekspor-grade-") as tmp:
        from grading.engine.sandbox import Sandbox, available_layers

        workdir = Path(tmp) / "work"
        _prepare_workdir(ws, job, workdir)
        options = job.options
        limits = {"hide": _hidden_folders(ws), "cpu_seconds": options.notebook_seconds,
                  "layers": list(options.layers if options.layers is not None
                                 else available_layers()),
                  "memory": options.memory, "file_size": options.file_size,
                  "processes": options.processes}
        clean_dir = Path(tmp) / "clean"
        box = Sandbox(workdir, **{**limits, "hide": [*limits["hide"], clean_dir]})
        box.prepare()
        clean_box = None
        if job.options.clean_check:  # made per notebook: the assignment's own files only
            clean_box = Sandbox(clean_dir, role="checker", **limits)
        for notebook in job.notebooks:
            path = _submission(ws, job) / f"{notebook}.ipynb"
            if not path.is_file():
                results.append(NotebookResult(notebook, None, [_flag(job, "missing-notebook", {
                    "id": f"Notebook {notebook}.ipynb tidak ada dalam kiriman; nilainya 0.",
                    "en": f"The notebook {notebook}.ipynb is not in the submission; it scores 0.",
                })]))
                continue
            # the kernels get ready while the notebook is read and normalised (the clean one's
            # folder first, so that the participant's kernel starts with it hidden)
            name = _kernel_name(ws.source / job.assignment / f"{notebook}.ipynb")
            clean_km = _start_clean_kernel(name, config, job, clean_box, ws.source / job.assignment
                                           ) if clean_box is not None else None
            km = _start_kernel(name, config, job, box)

            def stop(km=km, clean_km=clean_km) -> None:
                _stop_kernel(None, km, box)
                if clean_km is not None:
                    _stop_kernel(None, clean_km, clean_box)

            nb, problem = read_submission(path)
            if nb is None:
                stop()
                results.append(NotebookResult(notebook, None, [_flag(job, "broken-json", problem)]))
                continue
            resources = {
                "unique_key": notebook,
                "nbgrader": {"student": job.participant, "assignment": job.assignment,
                             "notebook": notebook, "db_url": job.db_url},
            }
            try:
                nb, flags = normalise(nb, resources, config, job.participant, job.assignment)
            except Exception as error:
                stop()
                _log.exception("normalise failed: %s %s %s", job.participant, job.assignment,
                               notebook)
                results.append(NotebookResult(notebook, None, [_flag(
                    job, "bad-metadata", flag_text("bad-metadata", notebook=notebook, error=(
                        f"{type(error).__name__}: {str(error)[:200]}")))]))
                continue
            nb, more, manual = execute(nb, resources, config, job, workdir, box, clean_box,
                                       ws.source / job.assignment, km=km, clean_km=clean_km)
            results.append(NotebookResult(notebook, nbformat.writes(nb), flags + more,
                                          isolation=box.description, manual=manual))
    return ParticipantResult(job.participant, job.assignment, results, time.monotonic() - started)


def _flag(job: GradeJob, code: str, reason: Text) -> Flag:
    return make_flag(job.participant, job.assignment, code, reason)


def _log_file(job: GradeJob) -> Path:
    return Path(job.workspace) / ".kelas-ekspor" / "logs" / job.assignment / f"{job.participant}.txt"


def _safe_grade_participant(job: GradeJob) -> ParticipantResult:
    try:
        return grade_participant(job)
    except Exception as error:  # never let one submission stop the batch; keep the traceback
        import traceback

        log = _log_file(job)
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        except OSError:
            pass
        _log.exception("grading %s %s failed", job.participant, job.assignment)
        return _crashed(job, error)


def _crashed(job: GradeJob, error: BaseException) -> ParticipantResult:
    """A submission whose grading failed: one flag, naming the log with the traceback."""
    log = _log_file(job)
    where = str(log.relative_to(job.workspace)) if log.is_file() else "-"
    flag = _flag(job, "grading-failed", flag_text(
        "grading-failed", error=f"{type(error).__name__}: {str(error)[:100]}", log=where))
    return ParticipantResult(job.participant, job.assignment,
                             [NotebookResult(n, None, [flag] if i == 0 else [])
                              for i, n in enumerate(job.notebooks)])


# -- the whole run ---------------------------------------------------------------------------------
def _done_file(ws: Workspace, assignment: str, participant: str) -> Path:
    return ws.root / ".kelas-ekspor" / "graded" / assignment / f"{participant}.json"


def _fingerprint(ws: Workspace, job: GradeJob) -> str:
    """A digest of everything a grade depends on: submission, source assignment, options."""
    digest = hashlib.sha256(f"{ENGINE_VERSION}|{job.notebooks}|{job.options.fingerprint()}"
                            .encode())
    for folder in (ws.submission_dir(job.participant, job.assignment), ws.source / job.assignment):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if ".ipynb_checkpoints" in path.parts or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _already_done(ws: Workspace, job: GradeJob, fingerprint: str
                  ) -> tuple[list[Flag], str] | None:
    """The flags of a finished, still valid grading of ``job``; None if it must be graded."""
    try:
        done = json.loads(_done_file(ws, job.assignment, job.participant).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if done.get("fingerprint") != fingerprint:
        return None
    if done.get("graded") and not all(
        (ws.autograded / job.participant / job.assignment / f"{n}.ipynb").is_file()
        for n in done["graded"]
    ):
        return None
    try:
        return [Flag(**f) for f in done.get("flags", [])], done.get("isolation", "")
    except TypeError:
        return None


def _mark_done(ws: Workspace, job: GradeJob, fingerprint: str, result: ParticipantResult) -> None:
    path = _done_file(ws, job.assignment, job.participant)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(json.dumps({
        "fingerprint": fingerprint,
        "graded": [n.notebook for n in result.notebooks if n.notebook_json is not None],
        "flags": [f.__dict__ for n in result.notebooks for f in n.flags],
        "isolation": next((n.isolation for n in result.notebooks if n.isolation), ""),
    }, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def _clear_done(ws: Workspace, assignment: str, participant: str) -> None:
    _done_file(ws, assignment, participant).unlink(missing_ok=True)


def _remove_leftovers(ws: Workspace, assignment: str) -> None:
    """Half-built autograded folders of a run that was killed."""
    for folder in ws.autograded.glob(f"*/.{assignment}.*"):
        if folder.is_dir():
            make_writable(folder)
            shutil.rmtree(folder, ignore_errors=True)


def _ensure_registered(ws: Workspace, assignment: str) -> None:
    """The assignment's notebooks and cells in the gradebook (``generate_assignment`` if not yet)."""
    from nbgrader.api import MissingEntry

    with ws.gradebook() as gb:
        try:
            known = {nb.name for nb in gb.find_assignment(assignment).notebooks}
        except MissingEntry:
            known = set()
    if not set(ws.notebooks(assignment)) <= known:
        from grading.errors import nbgrader_failed

        result = ws.api().generate_assignment(assignment, force=True, create=True)
        if not result.get("success"):
            raise nbgrader_failed({
                "id": f"nbgrader tidak bisa menyiapkan tugas {assignment}",
                "en": f"nbgrader could not prepare the assignment {assignment}"}, result)


def _progress(total: int, desc: str, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="peserta", disable=None if enabled else True,
                dynamic_ncols=True)


def _work(kind: str, payload):
    """What a worker process does with one task: grade a submission or write its feedback."""
    if kind == "grade":
        return _safe_grade_participant(payload)
    workspace, assignment, participant = payload
    return write_feedback(workspace, assignment, participant)


def check_submissions(ws: Workspace, assignment: str, submissions: dict[str, Path], *,
                      workers: int | None = None, timeout: int = DEFAULT_TIMEOUT
                      ) -> dict[str, ParticipantResult]:
    """Stages 1 and 2 for folders outside ``submitted/`` (nothing recorded, no feedback).

    What ``release`` uses to check an assignment both ways through the very path ``grade``
    takes: ``submissions`` maps a name to a folder holding the assignment's notebooks. The
    cells must be registered in the gradebook (``generate_assignment`` does it).
    """
    results: dict[str, ParticipantResult] = {}
    with tempfile.TemporaryDirectory(prefix="kelas-ekspor-check-") as tmp:
        db_url = snapshot(ws, Path(tmp))
        tasks = [("grade", GradeJob(str(ws.root), name, assignment, ws.notebooks(assignment),
                                    db_url, GradeOptions(timeout=timeout),
                                    submission=str(folder)))
                 for name, folder in submissions.items()]

        def done(kind, job, value):
            results[job.participant] = value

        def crashed(kind, job, error):
            results[job.participant] = _crashed(job, error)

        run_tasks(tasks, workers or min(len(tasks), default_workers()), done, crashed,
                  work=_work)
    return results


def grade_assignment(
    workspace: Workspace | str | os.PathLike,
    assignment: str,
    *,
    workers: int | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    progress: bool = True,
    force: bool = False,
    notebook_timeout: int | None = None,
    memory: int = MEMORY_LIMIT,
    file_size: int = FILE_SIZE_LIMIT,
    processes: int = MAX_PROCESSES,
    fork: bool = True,
    layers: list[str] | None = None,
    require_isolation: str | None = None,
) -> GradeSummary:
    """Autograde every submission of ``assignment`` in ``submitted/`` and write their feedback.

    Submissions already graded with the same files and options (a completion record in
    ``.kelas-ekspor/graded/``) are skipped unless ``force``: a run that was killed resumes.

    Parameters
    ----------
    workspace
        The class workspace.
    assignment
        An assignment id in ``source/``.
    workers
        Worker processes executing notebooks in parallel (default: the number of cores).
    timeout
        Seconds a single cell may run.
    progress
        Show progress bars (on a terminal).
    force
        Grade every submission again, even those already graded.
    notebook_timeout
        Seconds a whole notebook may run (default: 10 × ``timeout``); also its CPU-time cap.
    memory, file_size, processes
        Caps per kernel: bytes of address space, bytes of one written file, processes and
        threads (the last only when grading as root, with a dedicated uid).
    fork
        Fork each kernel from a zygote that imported the kernel's libraries once
        (:mod:`grading.engine.kernels`; Linux); False starts each kernel from scratch.
    layers
        The isolation layers to use (default: every one this machine gives, see
        :func:`grading.engine.sandbox.available_layers`).
    require_isolation
        ``"basic"``, ``"partial"`` or ``"full"``: refuse to grade (a :class:`GradingError`,
        nothing changed) when the isolation this machine gives is below it.

    Every submission, the source, the release and the gradebook are kept in memory and checked
    after each submission (:mod:`grading.engine.integrity`): what changed is put back, the
    submissions it hit are graded again, and the one that changed them is found by grading the
    suspects again one at a time, and flagged.

    Returns
    -------
    GradeSummary
        Participants graded, the roster's participants with no submission, the flags raised.
    """
    started = time.monotonic()
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)
    _require_level(require_isolation, layers)
    workers = workers or default_workers()
    context = pool_context()  # the workers' server imports while the gradebook is prepared
    _ensure_registered(ws, assignment)

    submitted = sorted(
        d.parent.name for d in ws.submitted.glob(f"*/{assignment}") if d.is_dir()
    )
    roster = ws.participant_ids()
    summary = GradeSummary(assignment=assignment, workers=workers)
    summary.missing = [p for p in roster if p not in submitted]
    options = GradeOptions(timeout=timeout, notebook_timeout=notebook_timeout, memory=memory,
                           file_size=file_size, processes=processes, fork=fork,
                           layers=tuple(layers) if layers is not None else None)
    summary.backup = backup_gradebook(ws)
    _remove_leftovers(ws, assignment)
    with tempfile.TemporaryDirectory(prefix="kelas-ekspor-run-") as tmp:
        run = _GradingRun(ws, assignment, summary, snapshot(ws, Path(tmp)), options)
        if roster:
            for participant in submitted:
                if participant not in roster:
                    run.flags.append(make_flag(participant, assignment, "not-in-roster", {
                        "id": f"{participant} mengirim tugas tetapi tidak ada di roster.csv; "
                              "tetap dinilai.",
                        "en": f"{participant} submitted but is not in roster.csv; graded anyway.",
                    }))
        tasks = run.plan(submitted, force)
        with _progress(len(tasks), "Menilai / grading", progress) as run.bar:
            run_tasks(tasks, workers, run.on_done, run.on_crash, context, work=_work,
                      on_start=run.on_start)
            run.settle(context)
    summary.graded = sorted(set(summary.graded))
    summary.feedback = sorted(set(summary.feedback))
    summary.flags = sorted(run.flags, key=lambda f: (f.participant_id, f.code))
    replace_flags(ws.flags_file, assignment, summary.flags, codes=None)
    write_isolation(ws.root, assignment, summary.isolation)
    summary.seconds = time.monotonic() - started
    return summary


LEVELS = ("basic", "partial", "full")
"""Isolation levels, weakest first (see :class:`grading.engine.sandbox.Sandbox`)."""


def _require_level(required: str | None, layers: list[str] | None) -> None:
    """Refuse to grade when this machine's isolation is below ``required`` (bilingual)."""
    from grading.engine.sandbox import Sandbox, available_layers

    if required is None:
        return
    if required not in LEVELS:
        raise GradingError({
            "id": f"tingkat isolasi {required!r} tidak dikenal; pilih salah satu: "
                  + ", ".join(LEVELS),
            "en": f"unknown isolation level {required!r}; choose one of: " + ", ".join(LEVELS),
        })
    box = Sandbox(Path("."), layers=list(layers if layers is not None else available_layers()))
    if LEVELS.index(box.level) < LEVELS.index(required):
        raise GradingError({
            "id": f"Penilaian dibatalkan: isolasi di komputer ini {box.description}, di bawah "
                  f"{required!r} yang diminta. Tidak ada yang dinilai atau diubah. Di Linux, "
                  "izinkan user namespace (sysctl kernel.unprivileged_userns_clone=1) atau "
                  "jalankan sebagai root; atau turunkan --require-isolation.",
            "en": f"Grading refused: this machine's isolation is {box.description}, below the "
                  f"{required!r} required. Nothing was graded or changed. On Linux, allow user "
                  "namespaces (sysctl kernel.unprivileged_userns_clone=1) or run as root; or "
                  "lower --require-isolation.",
        })


class _GradingRun:
    """One ``grade`` run's bookkeeping in the main process: tasks, results, flags, and the
    :class:`~grading.engine.integrity.Keeper` that checks, after every submission, that nothing
    outside it changed (and restores what did)."""

    def __init__(self, ws: Workspace, assignment: str, summary: GradeSummary, db_url: str,
                 options: GradeOptions) -> None:
        from grading.engine.integrity import Keeper

        self.ws, self.assignment, self.summary = ws, assignment, summary
        self.config = ws.config()
        self.notebooks = ws.notebooks(assignment)
        self.db_url, self.options = db_url, options
        self.flags: list[Flag] = []
        self.fingerprints: dict[str, str] = {}
        self.finished: dict[str, ParticipantResult] = {}
        self.keeper = Keeper([ws.submitted, ws.source / assignment, ws.release / assignment])
        self.keeper.keep_gradebook(ws.gradebook_file)
        self.running: set[str] = set()  # submissions whose grading is under way
        self.suspects: set[str] = set()  # ran while something outside them changed
        self.victims: set[str] = set()  # whose files were changed (put back; graded again)
        self.serial = False  # the suspects' second round: one at a time, checked after each
        self.culprits: set[str] = set()
        self.bar = None

    def job(self, participant: str) -> GradeJob:
        return GradeJob(str(self.ws.root), participant, self.assignment, self.notebooks,
                        self.db_url, self.options)

    def plan(self, submitted: list[str], force: bool) -> list:
        tasks = []
        for participant in submitted:
            job = self.job(participant)
            self.fingerprints[participant] = _fingerprint(self.ws, job)
            previous = None if force else _already_done(self.ws, job,
                                                        self.fingerprints[participant])
            if previous is None:
                _clear_done(self.ws, self.assignment, participant)
                tasks.append(("grade", job))
            else:
                self.summary.skipped.append(participant)
                self.summary.graded.append(participant)
                self.summary.feedback.append(participant)
                self.flags.extend(previous[0])
                if previous[1]:
                    self.summary.isolation[participant] = previous[1]
        return tasks

    # -- the pool's callbacks ----------------------------------------------------------------

    def on_start(self, kind: str, payload) -> None:
        if kind == "grade":
            self.running.add(payload.participant)

    def on_done(self, kind: str, payload, value) -> list:
        if kind == "feedback":
            return self._feedback_done(payload[2], value)
        result: ParticipantResult = value
        self.running.discard(result.participant)
        if self._tampered({result.participant}) and not self.serial:
            return []  # graded again, one at a time, once this round is over
        if self.serial and result.participant in self.culprits:
            self.flags.append(_flag(self.job(result.participant), flag_code("changed-others"),
                                    flag_text("changed-others")))
        try:
            record(self.ws, result, self.config)
        except Exception as error:  # the gradebook refused this one: flag it, go on
            self.flags.append(make_flag(result.participant, self.assignment, "record-failed", {
                "id": f"Nilai tidak bisa disimpan ke gradebook ({type(error).__name__}: "
                      f"{str(error)[:100]}).",
                "en": "The scores could not be saved to the gradebook "
                      f"({type(error).__name__}: {str(error)[:100]}).",
            }))
            self.bar.update(1)
            return []
        finally:
            self.keeper.keep_gradebook(self.ws.gradebook_file)
        for item in result.notebooks:
            self.flags.extend(item.flags)
            if item.isolation:
                self.summary.isolation[result.participant] = item.isolation
        self.summary.graded.append(result.participant)
        if any(item.notebook_json is not None for item in result.notebooks):
            self.finished[result.participant] = result
            return [("feedback", (str(self.ws.root), self.assignment, result.participant))]
        self._complete(result)
        self.bar.update(1)
        return []

    def on_crash(self, kind: str, payload, error: BaseException) -> None:
        if kind == "grade":
            self.on_done(kind, payload, _crashed(payload, error))
        else:
            self.on_done(kind, payload, f"{type(error).__name__}: {error}")

    def _feedback_done(self, participant: str, value) -> list:
        self._tampered(set())
        if value is None:
            self.summary.feedback.append(participant)
            self._complete(self.finished.pop(participant))
        else:
            self.flags.append(make_flag(participant, self.assignment, "feedback-failed", {
                "id": f"Umpan balik tidak bisa dibuat ({value[:120]}).",
                "en": f"Feedback could not be generated ({value[:120]}).",
            }))
        self.bar.update(1)
        return []

    def _complete(self, result: ParticipantResult) -> None:
        _mark_done(self.ws, self.job(result.participant), self.fingerprints[result.participant],
                   result)

    # -- nothing lost ------------------------------------------------------------------------

    def _tampered(self, just_ran: set[str]) -> bool:
        """Check the kept files; put back what changed. True if ``just_ran`` is now a suspect."""
        changed = self.keeper.check()
        if not changed:
            return False
        self.keeper.restore(changed)
        submitted = self.ws.submitted.resolve()
        for path in changed:
            try:
                parts = path.resolve().relative_to(submitted).parts
            except ValueError:
                continue
            if len(parts) >= 2 and parts[1] == self.assignment:
                self.victims.add(parts[0])
        suspects = just_ran | self.running
        if self.serial:
            self.culprits |= just_ran
        else:
            self.suspects |= suspects
        return bool(just_ran & (self.suspects | self.victims)) or self.serial

    def settle(self, context) -> None:
        """Grade the suspects and the victims again, one at a time, checking after each: the
        submission that changes others' files again is the one flagged."""
        again = sorted((self.suspects | self.victims) - set(self.summary.skipped))
        if not again:
            return
        self.serial = True
        for participant in again:
            self.summary.graded = [p for p in self.summary.graded if p != participant]
            self.summary.feedback = [p for p in self.summary.feedback if p != participant]
            _clear_done(self.ws, self.assignment, participant)
        self.bar.total = (self.bar.total or 0) + len(again)
        run_tasks([("grade", self.job(p)) for p in again], 1, self.on_done, self.on_crash,
                  context, work=_work, on_start=self.on_start)
        if not self.culprits and self.suspects:  # it did not happen again: say so, to all
            for participant in sorted(self.suspects):
                self.flags.append(_flag(self.job(participant),
                                        flag_code("changed-others-suspected"),
                                        flag_text("changed-others-suspected",
                                                  others=", ".join(sorted(self.suspects)))))
        self.keeper.restore(self.keeper.check())


def results_json(summary: GradeSummary) -> str:
    """The summary as JSON (for scripts)."""
    return json.dumps({
        "assignment": summary.assignment, "graded": summary.graded, "missing": summary.missing,
        "feedback": summary.feedback, "workers": summary.workers, "skipped": summary.skipped,
        "backup": str(summary.backup) if summary.backup else None,
        "isolation": summary.isolation,
        "flags": [f.__dict__ for f in summary.flags],
    }, ensure_ascii=False, indent=2)


def refresh_feedback(
    workspace: Workspace | str | os.PathLike,
    assignment: str,
    participants: list[str],
    *,
    workers: int | None = None,
    progress: bool = True,
) -> list[str]:
    """Write the feedback of ``participants`` again (after hand-given scores); returns those that failed."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ready = [p for p in participants if any((ws.autograded / p / assignment).glob("*.ipynb"))]
    failed: list[str] = [p for p in participants if p not in ready]
    tasks = [("feedback", (str(ws.root), assignment, p)) for p in ready]
    with _progress(len(tasks), "Umpan balik / feedback", progress) as bar:

        def done(kind, payload, value):
            if value is not None:
                failed.append(payload[2])
            bar.update(1)

        def crashed(kind, payload, error):
            failed.append(payload[2])
            bar.update(1)

        run_tasks(tasks, workers or default_workers(), done, crashed, work=_work)
    return sorted(failed)
