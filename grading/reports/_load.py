"""Read a class workspace into plain Python: the gradebook, the roster, the flags and the catalog.

Everything is read and checked here, before a single report file is written, so a bad workspace
fails with a clear message and leaves an existing ``reports/`` folder as it was.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import (
    Assignment,
    BaseCell,
    Comment,
    Grade,
    Gradebook,
    Notebook,
    SubmittedAssignment,
    SubmittedNotebook,
)
from sqlalchemy.exc import SQLAlchemyError

from grading.engine.sandbox import missing_layers
from grading.errors import GradingError
from grading.isolation import ISOLATION_COLUMNS
from toolkit.i18n import get_language

ROSTER_COLUMNS = ("participant_id", "name", "organisation", "village", "product", "email")
FLAG_COLUMNS = ("participant_id", "assignment", "code", "reason_id", "reason_en")
ISOLATION_LEVELS = ("full", "partial", "basic")


class ReportError(GradingError):
    """The workspace cannot be reported on: names the file, what is wrong and how to fix it.

    Unlike its base, ``str()`` keeps the language that was active when the error was raised, which
    inside :func:`grading.reports.write_reports` is its ``lang``.
    """

    def __init__(self, messages: dict[str, str]):
        super().__init__(messages)
        self.language = get_language()

    def __str__(self) -> str:
        return self.messages[self.language]


@dataclass
class Question:
    """A graded cell of a source notebook (nbgrader grade cell or task cell)."""

    assignment: str
    notebook: str
    name: str
    kind: str  # "auto" or "manual"
    max_score: float


@dataclass
class AssignmentInfo:
    name: str
    title_id: str
    title_en: str
    module: str
    order: float
    max_score: float
    notebooks: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_id


@dataclass
class Participant:
    id: str
    name: str
    organisation: str = ""
    village: str = ""
    product: str = ""
    email: str = ""
    type: str = ""
    in_roster: bool = True


@dataclass
class GradeRow:
    score: float
    auto_score: float | None
    manual_score: float | None
    needs_manual_grade: bool


@dataclass
class Flag:
    participant_id: str
    assignment: str
    code: str
    reason_id: str
    reason_en: str

    @property
    def reason(self) -> str:
        return (self.reason_en if get_language() == "en" else self.reason_id) or self.code


@dataclass
class IsolationRow:
    """How one submission's kernel was isolated when it was graded (a row of ``isolation.csv``).

    ``level`` is ``full``, ``partial`` or ``basic`` (:attr:`grading.engine.sandbox.Sandbox.level`), or
    empty when the engine had nothing recorded for the submission (graded before the record
    existed); ``layers`` are the sandbox layers used, in the engine's order.
    """

    participant_id: str
    assignment: str
    level: str
    layers: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        """The layers of :data:`grading.engine.sandbox.ALL_LAYERS` this kernel ran without."""
        return missing_layers(self.layers)


@dataclass
class ClassData:
    """Everything the reports need, read once from the workspace."""

    workspace: Path
    participants: list[Participant]
    assignments: list[AssignmentInfo]
    submissions: dict[tuple[str, str], float]  # (participant, assignment) -> score
    grades: dict[tuple[str, str, str, str], GradeRow]  # (participant, assignment, notebook, cell)
    comments: dict[tuple[str, str, str, str], str]  # manual comments, same key
    flags: list[Flag]
    submitted_dirs: set[tuple[str, str]]  # submissions collected on disk
    feedback: dict[tuple[str, str], list[Path]]  # feedback HTML files per submission
    # isolation.csv, one row per graded submission; empty when the file is absent (old workspaces)
    isolation: list[IsolationRow] = field(default_factory=list)

    def assignment(self, name: str) -> AssignmentInfo:
        return next(a for a in self.assignments if a.name == name)


def _error(id_text: str, en_text: str) -> ReportError:
    return ReportError({"id": id_text, "en": en_text})


# ---------------------------------------------------------------------------------------------
# gradebook


def _read_gradebook(path: Path) -> tuple[list, list, dict, dict, dict]:
    if not path.is_file():
        raise _error(
            f"Buku nilai tidak ditemukan: {path}. Apakah ini folder kelas? Buat dengan "
            "'kelas-ekspor init FOLDER', lalu nilai tugas dengan 'kelas-ekspor grade TUGAS'.",
            f"Gradebook not found: {path}. Is this a class workspace? Create one with "
            "'kelas-ekspor init DIR', then grade with 'kelas-ekspor grade ASSIGNMENT'.",
        )
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as exc:
        raise _error(
            f"Buku nilai {path} tidak dapat dibaca: {exc.strerror}.",
            f"Gradebook {path} cannot be read: {exc.strerror}.",
        ) from exc
    if magic != b"SQLite format 3\x00":
        raise _error(
            f"{path} bukan buku nilai nbgrader (bukan database SQLite). Pulihkan dari cadangan "
            "atau jalankan ulang 'kelas-ekspor grade'.",
            f"{path} is not an nbgrader gradebook (not an SQLite database). Restore it from a "
            "backup or run 'kelas-ekspor grade' again.",
        )
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        connection.close()
    except sqlite3.Error:
        tables = set()
    if not {"assignment", "student", "grade", "submitted_assignment"} <= tables:
        raise _error(
            f"{path} bukan buku nilai nbgrader (tabel nilai tidak ada). Pulihkan dari cadangan "
            "atau buat folder kelas baru dengan 'kelas-ekspor init FOLDER'.",
            f"{path} is not an nbgrader gradebook (it has no grade tables). Restore it from a "
            "backup or create a new workspace with 'kelas-ekspor init DIR'.",
        )
    try:
        # course_id="" keeps nbgrader from adding a course row: reports only read the gradebook.
        with Gradebook(f"sqlite:///{path}", course_id="") as gb:
            return _query_gradebook(gb)
    except SQLAlchemyError as exc:
        raise _error(
            f"Buku nilai {path} tidak dapat dibaca ({type(exc).__name__}). Pulihkan dari cadangan "
            "atau jalankan ulang 'kelas-ekspor grade'.",
            f"Gradebook {path} cannot be read ({type(exc).__name__}). Restore it from a backup "
            "or run 'kelas-ekspor grade' again.",
        ) from exc


def _query_gradebook(gb: Gradebook):
    """Read the gradebook in a handful of queries (not one per grade: a class has thousands)."""
    db = gb.db
    assignments = []
    for assignment in gb.assignments:
        notebooks = []
        for notebook in sorted(assignment.notebooks, key=lambda n: n.name):
            solutions = {c.name for c in notebook.solution_cells}
            cells = [
                (c.name, "manual" if c.name in solutions else "auto", float(c.max_score))
                for c in notebook.grade_cells
            ] + [(c.name, "manual", float(c.max_score)) for c in notebook.task_cells]
            notebooks.append((notebook.name, cells))
        assignments.append((assignment.name, float(assignment.max_score), notebooks))

    students = [
        (s.id, " ".join(filter(None, [s.first_name, s.last_name])), s.email or "")
        for s in gb.students
    ]

    submissions = {
        (student, name): float(score)
        for student, name, score in db.query(
            SubmittedAssignment.student_id, Assignment.name, SubmittedAssignment.score
        ).join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
    }

    def per_cell(table, *columns):
        """One row per (submitted notebook, cell) of ``table`` (Grade or Comment)."""
        return (
            db.query(
                SubmittedAssignment.student_id,
                Assignment.name,
                Notebook.name,
                BaseCell.name,
                *columns,
            )
            .select_from(table)
            .join(SubmittedNotebook, table.notebook_id == SubmittedNotebook.id)
            .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
            .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
            .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
            .join(BaseCell, table.cell_id == BaseCell.id)
        )

    grades = {
        (student, assignment, notebook, cell): GradeRow(float(score or 0.0), auto, manual,
                                                        bool(needs))
        for student, assignment, notebook, cell, score, auto, manual, needs in per_cell(
            Grade, Grade.score, Grade.auto_score, Grade.manual_score, Grade.needs_manual_grade
        )
    }
    comments = {
        (student, assignment, notebook, cell): text.strip()
        for student, assignment, notebook, cell, text in per_cell(Comment, Comment.manual_comment)
        if text and text.strip()
    }
    return assignments, students, submissions, grades, comments


# ---------------------------------------------------------------------------------------------
# CSV files of the workspace


def _read_csv(path: Path, what: dict[str, str]) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a UTF-8 CSV file, or a ReportError naming the file."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            rows = [
                {k: (v or "").strip() for k, v in row.items() if k is not None} for row in reader
            ]
    except FileNotFoundError:
        raise
    except UnicodeDecodeError as exc:
        raise _error(
            f"{what['id']} {path} tidak dapat dibaca: bukan teks UTF-8 (byte ke-{exc.start}). "
            "Simpan ulang sebagai 'CSV UTF-8'.",
            f"{what['en']} {path} cannot be read: it is not UTF-8 text (byte {exc.start}). "
            "Save it again as 'CSV UTF-8'.",
        ) from exc
    except (OSError, csv.Error) as exc:
        raise _error(
            f"{what['id']} {path} tidak dapat dibaca: {exc}.",
            f"{what['en']} {path} cannot be read: {exc}.",
        ) from exc
    return header, rows


def _require_columns(path: Path, header: list[str], required, what: dict[str, str]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        found = ", ".join(header) or "-"
        raise _error(
            f"{what['id']} {path} tidak punya kolom {', '.join(missing)} (kolom yang ada: "
            f"{found}). Baris 1 harus berisi: {', '.join(required)}.",
            f"{what['en']} {path} has no column {', '.join(missing)} (columns found: {found}). "
            f"Line 1 must hold: {', '.join(required)}.",
        )


ROSTER_WHAT = {"id": "Daftar peserta", "en": "Roster"}


def _read_roster(path: Path) -> list[Participant]:
    try:
        header, rows = _read_csv(path, ROSTER_WHAT)
    except FileNotFoundError:
        raise _error(
            f"Daftar peserta tidak ditemukan: {path}. Impor dulu dengan "
            "'kelas-ekspor roster import FILE'.",
            f"Roster not found: {path}. Import it first with 'kelas-ekspor roster import FILE'.",
        ) from None
    _require_columns(path, header, ("participant_id", "name"), ROSTER_WHAT)
    participants: list[Participant] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        pid = row.get("participant_id", "")
        if not pid:
            raise _error(
                f"Daftar peserta {path}, baris {line}: participant_id kosong. Isi ID peserta atau "
                "impor ulang dengan 'kelas-ekspor roster import FILE'.",
                f"Roster {path}, line {line}: participant_id is empty. Fill it in or import the "
                "roster again with 'kelas-ekspor roster import FILE'.",
            )
        if pid in seen:
            raise _error(
                f"Daftar peserta {path}: ID '{pid}' muncul dua kali (baris {seen[pid]} dan "
                f"{line}). Setiap peserta harus punya ID sendiri.",
                f"Roster {path}: ID '{pid}' appears twice (lines {seen[pid]} and {line}). "
                "Each participant needs an ID of their own.",
            )
        seen[pid] = line
        organisation = row.get("organisation", "")
        kind = row.get("type", "")
        if not kind and organisation:
            kind = "BUMDes" if "bumdes" in organisation.lower() else "UMKM"
        participants.append(
            Participant(
                id=pid,
                name=row.get("name", "") or pid,
                organisation=organisation,
                village=row.get("village", ""),
                product=row.get("product", ""),
                email=row.get("email", ""),
                type=kind,
            )
        )
    return participants


FLAGS_WHAT = {"id": "Daftar tanda", "en": "Flags file"}


def _read_flags(path: Path) -> list[Flag]:
    if not path.exists():
        return []
    header, rows = _read_csv(path, FLAGS_WHAT)
    _require_columns(path, header, ("participant_id", "assignment", "code"), FLAGS_WHAT)
    return [
        Flag(
            row.get("participant_id", ""),
            row.get("assignment", ""),
            row.get("code", ""),
            row.get("reason_id", ""),
            row.get("reason_en", ""),
        )
        for row in rows
        if any(row.values())
    ]


ISOLATION_WHAT = {"id": "Catatan isolasi penilaian", "en": "Grading isolation record"}


def _read_isolation(path: Path) -> list[IsolationRow]:
    """The rows of ``isolation.csv`` (written by ``kelas-ekspor grade``); none if it is absent."""
    if not path.exists():
        return []
    header, rows = _read_csv(path, ISOLATION_WHAT)
    _require_columns(path, header, ISOLATION_COLUMNS, ISOLATION_WHAT)
    fix_id = ("Hapus file itu lalu jalankan 'kelas-ekspor grade TUGAS' untuk setiap tugas: "
              "catatannya dibuat ulang.")
    fix_en = ("Delete the file and run 'kelas-ekspor grade ASSIGNMENT' for each assignment: the "
              "record is written again.")
    isolation: list[IsolationRow] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(row.values()):
            continue
        pid, assignment = row.get("participant_id", ""), row.get("assignment", "")
        level, layers = row.get("level", ""), row.get("layers", "")
        empty = [c for c, v in (("participant_id", pid), ("assignment", assignment)) if not v]
        if level and not layers:
            empty.append("layers")
        if empty:
            raise _error(
                f"{ISOLATION_WHAT['id']} {path}, baris {line}: {', '.join(empty)} kosong. {fix_id}",
                f"{ISOLATION_WHAT['en']} {path}, line {line}: {', '.join(empty)} is empty. {fix_en}",
            )
        if level and level not in ISOLATION_LEVELS:
            allowed = ", ".join(ISOLATION_LEVELS)
            raise _error(
                f"{ISOLATION_WHAT['id']} {path}, baris {line}: level '{level}' tidak dikenal "
                f"(yang boleh: {allowed}). {fix_id}",
                f"{ISOLATION_WHAT['en']} {path}, line {line}: level '{level}' is unknown "
                f"(allowed: {allowed}). {fix_en}",
            )
        key = (pid, assignment)
        if key in seen:
            raise _error(
                f"{ISOLATION_WHAT['id']} {path}: peserta '{pid}' dengan tugas '{assignment}' "
                f"muncul dua kali (baris {seen[key]} dan {line}). {fix_id}",
                f"{ISOLATION_WHAT['en']} {path}: participant '{pid}' with assignment "
                f"'{assignment}' appears twice (lines {seen[key]} and {line}). {fix_en}",
            )
        seen[key] = line
        parts = tuple(part.strip() for part in layers.split("+") if part.strip())
        isolation.append(IsolationRow(pid, assignment, level, parts))
    return isolation


CATALOG_WHAT = {"id": "Katalog tugas", "en": "Assignment catalog"}


def _read_catalog(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    header, rows = _read_csv(path, CATALOG_WHAT)
    _require_columns(path, header, ("assignment",), CATALOG_WHAT)
    return {row["assignment"]: row for row in rows if row.get("assignment")}


def _cell_order(source: Path) -> dict[str, int]:
    """Position of each nbgrader cell in the source notebook, to list questions in order."""
    try:
        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    order = {}
    for position, cell in enumerate(cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            order.setdefault(grade_id, position)
    return order


def _order_value(text: str, default: float) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------------------------------------


def load_class(workspace: Path) -> ClassData:
    """Read and check everything the reports need; raises :class:`ReportError` on a bad file."""
    workspace = Path(workspace)
    if not workspace.is_dir():
        raise _error(
            f"Folder kelas tidak ditemukan: {workspace}. Buat dengan 'kelas-ekspor init FOLDER' "
            "atau pilih dengan --workspace FOLDER.",
            f"Workspace not found: {workspace}. Create one with 'kelas-ekspor init DIR' or "
            "point to it with --workspace DIR.",
        )
    gradebook = workspace / "gradebook.db"
    raw_assignments, students, submissions, grades, comments = _read_gradebook(gradebook)
    roster = _read_roster(workspace / "roster.csv")
    flags = _read_flags(workspace / "flags.csv")
    catalog = _read_catalog(workspace / "source" / "catalog.csv")
    isolation = _read_isolation(workspace / "isolation.csv")

    assignments = []
    for index, (name, max_score, notebooks) in enumerate(raw_assignments):
        if not notebooks:
            continue  # registered at init but not generated or released yet: nobody can be missing it
        entry = catalog.get(name, {})
        info = AssignmentInfo(
            name=name,
            title_id=entry.get("title_id") or name,
            title_en=entry.get("title_en") or entry.get("title_id") or name,
            module=entry.get("module") or name,
            order=_order_value(entry.get("order", ""), 1000 + index),
            max_score=max_score,
            notebooks=[nb for nb, _ in notebooks],
        )
        for notebook, cells in notebooks:
            order = _cell_order(workspace / "source" / name / f"{notebook}.ipynb")
            cells = sorted(cells, key=lambda c: (order.get(c[0], len(order)), c[0]))
            info.questions.extend(Question(name, notebook, *cell) for cell in cells)
        assignments.append(info)
    assignments.sort(key=lambda a: (a.order, a.name))

    participants = list(roster)
    known = {p.id for p in participants}
    graded_students = {student for student, _ in submissions}
    for student, full_name, email in students:
        # Gradebook students outside the roster are reported only if they have grades.
        if student not in known and student in graded_students:
            participants.append(
                Participant(id=student, name=full_name or student, email=email, in_roster=False)
            )
            known.add(student)

    submitted_dirs = set()
    feedback: dict[tuple[str, str], list[Path]] = {}
    for participant in participants:
        for assignment in assignments:
            if (workspace / "submitted" / participant.id / assignment.name).is_dir():
                submitted_dirs.add((participant.id, assignment.name))
            folder = workspace / "feedback" / participant.id / assignment.name
            if folder.is_dir():
                files = sorted(folder.glob("*.html"))
                if files:
                    feedback[(participant.id, assignment.name)] = files

    return ClassData(
        workspace=workspace,
        participants=participants,
        assignments=assignments,
        submissions=submissions,
        grades=grades,
        comments=comments,
        flags=flags,
        submitted_dirs=submitted_dirs,
        feedback=feedback,
        isolation=isolation,
    )


def answer_text(workspace: Path, participant: str, assignment: str, notebook: str, cell: str,
                cache: dict) -> str:
    """The participant's text in a graded cell: from ``autograded/``, else ``submitted/``."""
    for stage in ("autograded", "submitted"):
        path = workspace / stage / participant / assignment / f"{notebook}.ipynb"
        if path not in cache:
            cache[path] = _cells_by_grade_id(path)
        cells = cache[path]
        if cells is not None and cell in cells:
            return cells[cell]
    return ""


def _cells_by_grade_id(path: Path) -> dict[str, str] | None:
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    found = {}
    for cell in cells if isinstance(cells, list) else []:
        try:
            grade_id = cell["metadata"]["nbgrader"]["grade_id"]
        except (KeyError, TypeError):
            continue
        source = cell.get("source", "")
        found.setdefault(grade_id, "".join(source) if isinstance(source, list) else str(source))
    return found
