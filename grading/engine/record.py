"""Stage 3, record (the one writer, in the main process): scores into the gradebook, the graded
notebooks into ``autograded/``; and the gradebook's copies (workers' snapshot, backups).

nbgrader's ``SaveAutoGrades`` and ``AssignLatePenalties``, as ``nbgrader autograde`` runs them;
cells the engine could not check faithfully are then marked as needing a person's grade.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import warnings
from pathlib import Path

import nbformat

from grading.workspace import Workspace

__all__ = ["record", "backup_gradebook", "snapshot", "make_writable", "KEEP_BACKUPS"]

KEEP_BACKUPS = 20
"""Gradebook backups kept in ``backups/`` (the oldest are removed)."""

_IGNORE_FILES = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", "*.ipynb")


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


def record(ws: Workspace, result, config) -> None:
    """Stage 3, the one writer: scores into the gradebook, notebooks into ``autograded/``."""

    with warnings.catch_warnings():
        # nbgrader's add_submission trips SQLAlchemy 2's cascade warnings; the rows are saved
        warnings.simplefilter("ignore", category=_sa_warning())
        _record(ws, result, config)


def _sa_warning():
    from sqlalchemy.exc import SAWarning

    return SAWarning


def _record(ws: Workspace, result, config) -> None:
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
            make_writable(target)
            shutil.rmtree(target)
        os.replace(building, target)
    finally:
        if building.exists():
            make_writable(building)
            shutil.rmtree(building, ignore_errors=True)


def make_writable(folder: Path) -> None:
    """Let every file under ``folder`` be written again (graded notebooks are made read-only)."""
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o644)


def snapshot(ws: Workspace, folder: Path) -> str:
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
