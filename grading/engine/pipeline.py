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

import datetime as dt
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
import warnings
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from grading.engine.messages import flag_text
from grading.engine.sandbox import FILE_SIZE_LIMIT, MAX_PROCESSES, MEMORY_LIMIT
from grading.flags import Flag, make_flag, replace_flags
from grading.workspace import Workspace
from toolkit.i18n import Text

__all__ = [
    "DEFAULT_TIMEOUT",
    "GradeJob",
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

KEEP_BACKUPS = 20
"""Gradebook backups kept in ``backups/`` (the oldest are removed)."""

ENGINE_VERSION = "3"
"""Part of every completion record: a new engine grades everything again."""

_log = logging.getLogger("kelas_ekspor.grading")
_IGNORE_FILES = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", "*.ipynb")


def default_workers() -> int:
    """The number of CPU cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


# -- results ---------------------------------------------------------------------------------------
@dataclass
class GradeJob:
    """One participant's submission of one assignment, as a worker receives it."""

    workspace: str
    participant: str
    assignment: str
    notebooks: list[str]
    db_url: str
    timeout: int = DEFAULT_TIMEOUT
    notebook_timeout: int | None = None  # seconds for the whole notebook (default 10 × timeout)
    layers: list[str] | None = None  # isolation layers to use (default: all available)
    fork: bool = True  # fork kernels from a zygote with the libraries imported (grading.engine.kernels)
    clean_check: bool = True  # run the tests in a clean kernel on the exported answers
    memory: int = MEMORY_LIMIT  # bytes of address space per kernel
    file_size: int = FILE_SIZE_LIMIT  # bytes one written file may reach
    processes: int = MAX_PROCESSES  # processes and threads per kernel (with a dedicated uid)
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


# -- stage 1: read and normalise -------------------------------------------------------------------
def _flag(job: GradeJob, code: str, reason: Text) -> Flag:
    return make_flag(job.participant, job.assignment, code, reason)


def read_submission(path: Path) -> tuple[NotebookNode | None, Text | None]:
    """The notebook at ``path``, or None and the reason it cannot be read, in both languages."""
    ask = {"id": "Minta peserta mengirim ulang file .ipynb aslinya.",
           "en": "Ask the participant to send the original .ipynb file again."}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, {
            "id": f"File {path.name} tidak bisa dibaca sebagai teks ({type(error).__name__}). "
                  + ask["id"],
            "en": f"The file {path.name} cannot be read as text ({type(error).__name__}). "
                  + ask["en"],
        }
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, {
            "id": f"File {path.name} rusak: JSON tidak sah di baris {error.lineno}, kolom "
                  f"{error.colno} ({error.msg}); mungkin terpotong saat dikirim. " + ask["id"],
            "en": f"The file {path.name} is broken: invalid JSON at line {error.lineno}, column "
                  f"{error.colno} ({error.msg}); perhaps cut short in transit. " + ask["en"],
        }
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, {
            "id": f"File {path.name} berisi JSON tetapi bukan notebook Jupyter. " + ask["id"],
            "en": f"The file {path.name} holds JSON but is not a Jupyter notebook. " + ask["en"],
        }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
    except Exception as error:
        return None, {
            "id": f"File {path.name} bukan notebook yang bisa dibaca ({type(error).__name__}). "
                  + ask["id"],
            "en": f"The file {path.name} is not a readable notebook ({type(error).__name__}). "
                  + ask["en"],
        }
    return nb, None


def _without_hidden_tests(source: str) -> str:
    from grading.engine.feedback import hidden_lines

    hidden = hidden_lines(source)
    return "\n".join(line for n, line in enumerate(source.split("\n"), 1) if n not in hidden)


def _same_text(a: str, b: str) -> bool:
    """Equal apart from trailing spaces and blank lines at either end."""
    def norm(text: str) -> list[str]:
        return [line.rstrip() for line in text.strip("\n").split("\n")]

    return norm(a) == norm(b)


def _overwrite_cells_class():
    """nbgrader's ``OverwriteCells``, recording each change it makes and restoring deleted cells."""
    from nbgrader import utils
    from nbgrader.preprocessors import OverwriteCells

    class RecordingOverwriteCells(OverwriteCells):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.changes: list[tuple[str, str]] = []
            self.restored: list[str] = []

        def report_change(self, name, attr, old, new):
            self.changes.append((name, attr))
            super().report_change(name, attr, old, new)

        def preprocess_cell(self, cell, resources, cell_index):
            submitted_source = cell.source
            before = len(self.changes)
            cell, resources = super().preprocess_cell(cell, resources, cell_index)
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if any(attr == "checksum" for _, attr in self.changes[before:]) and grade_id:
                # A released test cell lacks its hidden tests, so its checksum always differs
                # from the source's: it was changed only if it differs from the released text.
                original = self.gradebook.find_source_cell(
                    grade_id, self.notebook_id, self.assignment_id).source
                if _same_text(submitted_source, _without_hidden_tests(original)) or _same_text(
                        submitted_source, original):
                    self.changes[before:] = [c for c in self.changes[before:]
                                             if c[1] != "checksum"]
            return cell, resources

        def add_missing_grade_cells(self, nb, resources):
            # nbgrader's version fails when the cell before a deleted one is not a grade or
            # solution cell (issue #1941); this one inserts after the nearest source cell present.
            source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            source_cells = list(source_nb.source_cells)
            order = {cell.name: i for i, cell in enumerate(source_cells)}
            source_cells.sort(key=lambda cell: order[cell.name])
            solution_ids = {cell.name for cell in source_nb.solution_cells}
            grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
            for position, source_cell in enumerate(source_cells):
                if source_cell.name not in grade_cells or self._index(nb, source_cell.name) >= 0:
                    continue
                self.restored.append(source_cell.name)
                new = self.missing_cell_transform(
                    source_cell,
                    grade_cells[source_cell.name].max_score,
                    is_solution=source_cell.name in solution_ids,
                )
                at = 0
                for earlier in reversed(source_cells[:position]):
                    index = self._index(nb, earlier.name)
                    if index >= 0:
                        at = index + 1
                        break
                nb.cells.insert(at, new)
            return nb, resources

        def add_missing_task_cells(self, nb, resources):
            # nbgrader's version reads every nbgrader cell's grade_id, but a cell that is
            # neither graded, a solution nor locked may have none (nbgrader's own schema allows
            # it; the classic toolbar's "-" cells): those are skipped here
            source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            source_cells = {cell.name: cell for cell in source_nb.source_cells}
            present = {cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells}
            for task_cell in source_nb.task_cells:
                if task_cell.name not in present and task_cell.name in source_cells:
                    self.restored.append(task_cell.name)
                    nb.cells.append(self.missing_cell_transform(
                        source_cells[task_cell.name], task_cell.max_score))
            return nb, resources

        @staticmethod
        def _index(nb, grade_id):
            for index, cell in enumerate(nb.cells):
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade_id") == grade_id and (
                    utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)
                ):
                    return index
            return -1

    return RecordingOverwriteCells


_CHANGE_FLAGS: dict[str, tuple[str, Text]] = {
    "checksum": ("test-cell-modified", {
        "id": "Sel tes/terkunci {cells} diubah peserta; dikembalikan ke versi asli sebelum dinilai.",
        "en": "Test/locked cell {cells} was changed by the participant; restored to the original "
              "before grading.",
    }),
    "locked": ("test-cell-modified", {
        "id": "Status terkunci sel {cells} diubah; dikembalikan sebelum dinilai.",
        "en": "The locked status of cell {cells} was changed; restored before grading.",
    }),
    "points": ("points-changed", {
        "id": "Nilai maksimum sel {cells} diubah; dikembalikan ke nilai asli.",
        "en": "The points of cell {cells} were changed; restored to the original.",
    }),
    "cell_type": ("cell-type-changed", {
        "id": "Jenis sel {cells} diubah (kode/markdown); dikembalikan ke jenis asli.",
        "en": "The type of cell {cells} was changed (code/markdown); restored to the original.",
    }),
}


def _upgrade_metadata(nb: NotebookNode) -> None:
    """Bring nbgrader metadata of older schema versions (0 to 2) up to today's, in memory, as
    ``nbgrader update`` would; ``ValueError`` naming the cell if it cannot be read."""
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError

    validator = MetadataValidator()
    for number, cell in enumerate(nb.cells, 1):
        meta = cell.metadata.get("nbgrader")
        if not isinstance(meta, dict) or meta.get("schema_version") == validator.schema_version:
            continue
        try:
            validator.upgrade_cell_metadata(cell)
        except (ValidationError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"cell {number}: {type(error).__name__}: {error}") from None


def normalise(nb: NotebookNode, resources: dict, config, job: GradeJob) -> tuple[NotebookNode, list[Flag]]:
    """Stage 1: put a submission's grading structure back as the source defines it.

    Runs nbgrader's sanitising chain (``ClearOutput``, ``DeduplicateIds``, ``OverwriteKernelspec``,
    ``OverwriteCells`` with deleted grade cells added back, ``CheckCellMetadata``) and returns the
    notebook with one flag per kind of change found.
    """
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteKernelspec,
    )

    flags: list[Flag] = []
    _upgrade_metadata(nb)
    seen: set[str] = set()
    duplicated: list[str] = []
    answers: set[str] = set()
    for cell in list(nb.cells):  # a test or locked cell pasted twice: only the first is kept
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id and meta.get("solution"):
            if grade_id in answers:  # an answer cell copied (honest): the copy is a free cell
                del cell.metadata["nbgrader"]
            answers.add(grade_id)
            continue
        if not grade_id or not (meta.get("grade") or meta.get("locked")):
            continue
        if grade_id in seen:
            nb.cells.remove(cell)
            duplicated.append(grade_id)
        seen.add(grade_id)
    if duplicated:
        flags.append(_flag(job, "test-cell-duplicated", {
            "id": f"Sel tes {', '.join(sorted(set(duplicated)))} digandakan; salinannya dibuang "
                  "sebelum dinilai.",
            "en": f"Test cell {', '.join(sorted(set(duplicated)))} was duplicated; the copies were "
                  "removed before grading.",
        }))
    for cls in (ClearOutput, DeduplicateIds, OverwriteKernelspec):
        nb, resources = cls(config=config)(nb, resources)
    overwrite = _overwrite_cells_class()(config=config)
    overwrite.add_missing_cells = True
    nb, resources = overwrite(nb, resources)
    by_attr: dict[str, list[str]] = {}
    for name, attr in overwrite.changes:
        by_attr.setdefault(attr, [])
        if name not in by_attr[attr]:
            by_attr[attr].append(name)
    seen_codes = set()
    for attr, names in by_attr.items():
        code, reason = _CHANGE_FLAGS.get(attr, _CHANGE_FLAGS["checksum"])
        cells = ", ".join(names)
        if code in seen_codes and code == "test-cell-modified":
            continue
        seen_codes.add(code)
        flags.append(_flag(job, code, {k: v.format(cells=cells) for k, v in reason.items()}))
    if overwrite.restored:
        cells = ", ".join(overwrite.restored)
        flags.append(_flag(job, "cell-deleted", {
            "id": f"Sel {cells} dihapus peserta; ditambahkan kembali dari sumber sebelum dinilai.",
            "en": f"Cell {cells} was deleted by the participant; added back from the source "
                  "before grading.",
        }))
    nb, resources = CheckCellMetadata(config=config)(nb, resources)
    return nb, flags


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

    km = sandbox_kernel_manager(box, fork=job.fork)(kernel_name=name, config=config)
    from grading.engine.run import KERNEL_ARGUMENTS

    run_sync(km.start_kernel)(cwd=str(box.workdir), extra_arguments=list(KERNEL_ARGUMENTS))
    return km

def _prepare_clean(clean_box, source: Path) -> None:
    """The clean kernel's folder: the assignment's own files, and a copy of them that alone is
    on its module path (``.kelas-modules``: what the participant's run writes into the folder
    is never imported), given to its uid."""
    if clean_box.workdir.exists():  # from the previous notebook
        _make_writable(clean_box.workdir)
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
    may run ``job.timeout`` seconds, the notebook ``job.notebook_timeout`` (default 10 × the
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
                      max_file=job.file_size, guard_code=INSTALL, check_code=CHECK)
    resources.setdefault("metadata", {})["path"] = str(workdir)
    notebook_timeout = job.notebook_timeout or 10 * job.timeout
    try:
        nb, outcome = execute_notebook(nb, kernels, job.timeout, notebook_timeout, resources)
    finally:
        if box is not None:
            box.cleanup()
        if clean_box is not None:
            clean_box.cleanup()
    flags, manual = flags_for(outcome, nb, job.participant, job.assignment,
                              timeout=job.timeout, notebook_timeout=notebook_timeout,
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
        limits = {"hide": _hidden_folders(ws), "cpu_seconds": job.notebook_timeout or 10 * job.timeout,
                  "layers": list(job.layers if job.layers is not None else available_layers()),
                  "memory": job.memory, "file_size": job.file_size, "processes": job.processes}
        box = Sandbox(workdir, **limits)
        box.prepare()
        clean_box = None
        if job.clean_check:  # made per notebook: the assignment's own files only
            clean_box = Sandbox(Path(tmp) / "clean", role="checker", **limits)
        for notebook in job.notebooks:
            path = _submission(ws, job) / f"{notebook}.ipynb"
            if not path.is_file():
                results.append(NotebookResult(notebook, None, [_flag(job, "missing-notebook", {
                    "id": f"Notebook {notebook}.ipynb tidak ada dalam kiriman; nilainya 0.",
                    "en": f"The notebook {notebook}.ipynb is not in the submission; it scores 0.",
                })]))
                continue
            # the kernels get ready while the notebook is read and normalised
            name = _kernel_name(ws.source / job.assignment / f"{notebook}.ipynb")
            km = _start_kernel(name, config, job, box)
            clean_km = _start_clean_kernel(name, config, job, clean_box, ws.source / job.assignment
                                           ) if clean_box is not None else None

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
                nb, flags = normalise(nb, resources, config, job)
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


def _safe_grade_participant(job: GradeJob) -> ParticipantResult:
    try:
        return grade_participant(job)
    except Exception as error:  # never let one submission stop the batch
        return _crashed(job, error)


def _crashed(job: GradeJob, error: BaseException) -> ParticipantResult:
    flag = _flag(job, "grading-failed", {
        "id": f"Penilaian kiriman ini gagal ({type(error).__name__}: {str(error)[:100]}); nilainya 0.",
        "en": f"Grading this submission failed ({type(error).__name__}: {str(error)[:100]}); "
              "it scores 0.",
    })
    return ParticipantResult(job.participant, job.assignment,
                             [NotebookResult(n, None, [flag] if i == 0 else [])
                              for i, n in enumerate(job.notebooks)])


# -- stage 3: record (main process only) -----------------------------------------------------------
def _zero(gb, notebook: str, assignment: str, participant: str) -> None:
    submission = gb.find_submission_notebook(notebook, assignment, participant)
    for grade in submission.grades:
        grade.auto_score = 0
        grade.needs_manual_grade = False
    gb.db.commit()


def _queue_for_hand_grading(gb, notebook: str, assignment: str, participant: str,
                            cells: list[str]) -> None:
    """Mark autograded cells as needing a person's grade (formgrader and the manual sheet)."""
    submission = gb.find_submission_notebook(notebook, assignment, participant)
    for grade in submission.grades:
        if grade.name in cells:
            grade.needs_manual_grade = True
    gb.db.commit()


def record(ws: Workspace, result: ParticipantResult, config) -> None:
    """Stage 3, the one writer: scores into the gradebook, notebooks into ``autograded/``."""

    with warnings.catch_warnings():
        # nbgrader's add_submission trips SQLAlchemy 2's cascade warnings; the rows are saved
        warnings.simplefilter("ignore", category=_sa_warning())
        _record(ws, result, config)


def _sa_warning():
    from sqlalchemy.exc import SAWarning

    return SAWarning


def _record(ws: Workspace, result: ParticipantResult, config) -> None:
    from nbgrader.api import MissingEntry
    from nbgrader.preprocessors import AssignLatePenalties, SaveAutoGrades

    participant, assignment = result.participant, result.assignment
    submission = ws.submission_dir(participant, assignment)
    from grading.collect import _existing_timestamp

    timestamp = _existing_timestamp(submission)  # None when missing or unreadable
    with ws.gradebook() as gb:
        try:
            gb.find_student(participant)
        except MissingEntry:
            gb.add_student(participant)
        if timestamp is not None:
            gb.update_or_create_submission(assignment, participant, timestamp=timestamp)
        else:
            gb.update_or_create_submission(assignment, participant)

    # the autograded folder is built aside, then swapped in
    target = ws.autograded / participant / assignment
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{assignment}.", dir=target.parent))
    try:
        shutil.copytree(submission, building, ignore=_IGNORE_FILES, dirs_exist_ok=True)
        shutil.copytree(ws.source / assignment, building, ignore=_IGNORE_FILES, dirs_exist_ok=True)
        for item in result.notebooks:
            if item.notebook_json is None:
                with ws.gradebook() as gb:
                    _zero(gb, item.notebook, assignment, participant)
                continue
            nb = nbformat.reads(item.notebook_json, as_version=4)
            resources = {"nbgrader": {"student": participant, "assignment": assignment,
                                      "notebook": item.notebook, "db_url": ws.db_url}}
            for cls in (SaveAutoGrades, AssignLatePenalties):
                nb, resources = cls(config=config)(nb, resources)
            if item.manual:  # scored as found, and queued for a person (never a silent 0)
                with ws.gradebook() as gb:
                    _queue_for_hand_grading(gb, item.notebook, assignment, participant,
                                            item.manual)
            nbformat.write(nb, building / f"{item.notebook}.ipynb")
        for path in building.rglob("*"):
            if path.is_file():
                path.chmod(0o444)
        if target.exists():
            _make_writable(target)
            shutil.rmtree(target)
        os.replace(building, target)
    finally:
        if building.exists():
            _make_writable(building)
            shutil.rmtree(building, ignore_errors=True)


def _make_writable(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o644)


# -- stage 4: feedback (worker processes, gradebook read only) -------------------------------------
def write_feedback(workspace: str, assignment: str, participant: str) -> str | None:
    """Stage 4: ``feedback/<participant>/<assignment>/<notebook>.html``, hidden tests removed.

    Returns None on success, else the error's text.
    """
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades
    from traitlets.config import Config

    from grading.engine.feedback import FeedbackHTMLExporter, HideHiddenTests

    logging.getLogger("traitlets").setLevel(logging.ERROR)
    ws = Workspace(workspace)
    config = ws.config()
    extra = Config()
    extra.HTMLExporter.template_name = "feedback"
    extra.GenerateFeedback.exporter_class = FeedbackHTMLExporter
    extra.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
    config.merge(extra)
    coursedir = ws.coursedir(assignment_id=assignment, student_id=participant)
    try:
        converter = GenerateFeedback(coursedir=coursedir, config=config)
        converter.log.setLevel(logging.ERROR)
        converter.force = True
        converter.start()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None


# -- the whole run ---------------------------------------------------------------------------------
def _snapshot(ws: Workspace, folder: Path) -> str:
    """A read-only copy of the gradebook for the workers (the one writer keeps the original)."""
    copy = folder / "gradebook-snapshot.db"
    source, target = sqlite3.connect(ws.gradebook_file), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return f"sqlite:///{copy}"


def backup_gradebook(ws: Workspace) -> Path | None:
    """Copy the gradebook to ``backups/gradebook-<UTC time>.db``; keep the newest :data:`KEEP_BACKUPS`."""
    if not ws.gradebook_file.is_file():
        return None
    folder = ws.root / "backups"
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S_%fZ")
    target = folder / f"gradebook-{stamp}.db"
    partial = folder / f".{target.name}.tmp"
    source, copy = sqlite3.connect(ws.gradebook_file), sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    os.replace(partial, target)
    for old in sorted(folder.glob("gradebook-*.db"))[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def _done_file(ws: Workspace, assignment: str, participant: str) -> Path:
    return ws.root / ".kelas-ekspor" / "graded" / assignment / f"{participant}.json"


def _fingerprint(ws: Workspace, job: GradeJob) -> str:
    """A digest of everything a grade depends on: submission, source assignment, options."""
    digest = hashlib.sha256(f"{ENGINE_VERSION}|{job.timeout}|{job.notebooks}|{job.notebook_timeout}|"
                            f"{job.memory}|{job.file_size}|{job.processes}".encode())
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
            _make_writable(folder)
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
        from grading.errors import GradingError

        result = ws.api().generate_assignment(assignment, force=True, create=True)
        if not result.get("success"):
            raise GradingError({
                "id": f"nbgrader tidak bisa menyiapkan tugas {assignment}: "
                      f"{(result.get('error') or '')[-300:]}",
                "en": f"nbgrader could not prepare the assignment {assignment}: "
                      f"{(result.get('error') or '')[-300:]}",
            })


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


_PRELOAD = ["grading.engine.pipeline", "grading.engine.feedback", "nbgrader.preprocessors", "nbgrader.converters",
            "nbclient", "nbconvert", "grading.engine._kernel_preload"]


def _pool_context():
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


def _run_tasks(tasks: list, workers: int, on_done: Callable, on_crash: Callable,
               context=None) -> None:
    """Run ``(kind, payload)`` tasks in ``workers`` processes, one pool for the whole run.

    ``on_done(kind, payload, value)`` runs in this process as each task ends and may return new
    tasks (feedback after grading). A worker process that dies breaks the pool: the unfinished
    tasks run again in a fresh pool, and in a last round one at a time, so only a task that
    kills its worker by itself ends in ``on_crash``.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    context = context or _pool_context()
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
                    running[pool.submit(_work, *task)] = task
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
        db_url = _snapshot(ws, Path(tmp))
        tasks = [("grade", GradeJob(str(ws.root), name, assignment, ws.notebooks(assignment),
                                    db_url, timeout, submission=str(folder)))
                 for name, folder in submissions.items()]

        def done(kind, job, value):
            results[job.participant] = value

        def crashed(kind, job, error):
            results[job.participant] = _crashed(job, error)

        _run_tasks(tasks, workers or min(len(tasks), default_workers()), done, crashed)
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

    Returns
    -------
    GradeSummary
        Participants graded, the roster's participants with no submission, the flags raised.
    """
    started = time.monotonic()
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)
    workers = workers or default_workers()
    context = _pool_context()  # the workers' server imports while the gradebook is prepared
    config = ws.config()
    notebooks = ws.notebooks(assignment)
    _ensure_registered(ws, assignment)

    submitted = sorted(
        d.parent.name for d in ws.submitted.glob(f"*/{assignment}") if d.is_dir()
    )
    roster = ws.participant_ids()
    summary = GradeSummary(assignment=assignment, workers=workers)
    summary.missing = [p for p in roster if p not in submitted]
    flags: list[Flag] = []
    if roster:
        for participant in submitted:
            if participant not in roster:
                flags.append(make_flag(participant, assignment, "not-in-roster", {
                    "id": f"{participant} mengirim tugas tetapi tidak ada di roster.csv; tetap dinilai.",
                    "en": f"{participant} submitted but is not in roster.csv; graded anyway.",
                }))

    options = {"notebook_timeout": notebook_timeout, "memory": memory, "file_size": file_size,
               "processes": processes, "fork": fork,
               "layers": list(layers) if layers is not None else None}
    summary.backup = backup_gradebook(ws)
    _remove_leftovers(ws, assignment)
    with tempfile.TemporaryDirectory(prefix="kelas-ekspor-run-") as tmp:
        db_url = _snapshot(ws, Path(tmp))
        tasks = []
        fingerprints: dict[str, str] = {}
        for p in submitted:
            job = GradeJob(str(ws.root), p, assignment, notebooks, db_url, timeout, **options)
            fingerprints[p] = _fingerprint(ws, job)
            previous = None if force else _already_done(ws, job, fingerprints[p])
            if previous is None:
                _clear_done(ws, assignment, p)
                tasks.append(("grade", job))
            else:
                summary.skipped.append(p)
                summary.graded.append(p)
                summary.feedback.append(p)
                flags.extend(previous[0])
                if previous[1]:
                    summary.isolation[p] = previous[1]
        finished: dict[str, ParticipantResult] = {}

        def complete(result: ParticipantResult) -> None:
            job = GradeJob(str(ws.root), result.participant, assignment, notebooks, db_url, timeout,
                           **options)
            _mark_done(ws, job, fingerprints[result.participant], result)

        with _progress(len(tasks), "Menilai / grading", progress) as bar:

            def done(kind: str, payload, value) -> list:
                if kind == "feedback":
                    participant = payload[2]
                    if value is None:
                        summary.feedback.append(participant)
                        complete(finished.pop(participant))
                    else:
                        flags.append(make_flag(participant, assignment, "feedback-failed", {
                            "id": f"Umpan balik tidak bisa dibuat ({value[:120]}).",
                            "en": f"Feedback could not be generated ({value[:120]}).",
                        }))
                    bar.update(1)
                    return []
                result: ParticipantResult = value
                try:
                    record(ws, result, config)
                except Exception as error:  # the gradebook refused this one: flag it, go on
                    flags.append(make_flag(result.participant, assignment, "record-failed", {
                        "id": f"Nilai tidak bisa disimpan ke gradebook ({type(error).__name__}: "
                              f"{str(error)[:100]}).",
                        "en": "The scores could not be saved to the gradebook "
                              f"({type(error).__name__}: {str(error)[:100]}).",
                    }))
                    bar.update(1)
                    return []
                for item in result.notebooks:
                    flags.extend(item.flags)
                    if item.isolation:
                        summary.isolation.setdefault(result.participant, item.isolation)
                summary.graded.append(result.participant)
                if any(item.notebook_json is not None for item in result.notebooks):
                    finished[result.participant] = result
                    return [("feedback", (str(ws.root), assignment, result.participant))]
                complete(result)
                bar.update(1)
                return []

            def crashed(kind: str, payload, error: BaseException) -> None:
                if kind == "grade":
                    done(kind, payload, _crashed(payload, error))
                else:
                    done(kind, payload, f"{type(error).__name__}: {error}")

            _run_tasks(tasks, workers, done, crashed, context)

    summary.graded.sort()
    summary.feedback.sort()
    summary.flags = sorted(flags, key=lambda f: (f.participant_id, f.code))
    replace_flags(ws.flags_file, assignment, summary.flags, codes=None)
    _write_isolation(ws, assignment, summary.isolation)
    summary.seconds = time.monotonic() - started
    return summary


ISOLATION_COLUMNS = ["participant_id", "assignment", "level", "layers"]


def _write_isolation(ws: Workspace, assignment: str, isolation: dict[str, str]) -> None:
    """``isolation.csv``: the sandbox each participant's kernel ran in (rows of other
    assignments kept)."""
    import csv

    from grading.workspace import write_csv_atomic

    path = ws.root / "isolation.csv"
    rows = []
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r.get("assignment") != assignment]
    for participant, text in sorted(isolation.items()):
        level, _, layers = text.partition(" ")
        rows.append({"participant_id": participant, "assignment": assignment, "level": level,
                     "layers": layers.strip("()")})
    write_csv_atomic(path, ISOLATION_COLUMNS, rows)


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

        _run_tasks(tasks, workers or default_workers(), done, crashed)
    return sorted(failed)
