"""Release an assignment: generate the participant version, check it both ways, hand it out.

1. ``nbgrader generate_assignment`` writes ``release/<assignment>/`` and registers its cells.
2. Both ways, through the grading engine itself (:func:`check_both_ways`): the source notebooks as
   a submission must earn every autograded point, the released ones none — a blank submission
   earns nothing. Otherwise the release is refused, the previous ``release/<assignment>/`` (if
   any) is put back, and the message names the cells at fault and why.
3. ``nbgrader release_assignment`` to the exchange (the workspace's own, or the hub's).
4. ``release/<assignment>.zip``: the participant notebooks and data files, for classes without a hub.

Examples
--------
>>> zip_name = Path("release") / "a1-biaya-kapasitas.zip"
>>> zip_name.name
'a1-biaya-kapasitas.zip'
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.errors import GradingError, nbgrader_failed
from grading.workspace import Workspace

__all__ = ["ReleaseResult", "check_both_ways", "check_source_metadata", "release_assignment"]


@dataclass
class ReleaseResult:
    """Where the released assignment went."""

    assignment: str
    notebooks: list[str]
    release_dir: Path
    zip_path: Path
    exchange_dir: Path | None
    files: list[str] = field(default_factory=list)
    due: dt.datetime | None = None  # the due date recorded in the gradebook (UTC)


def parse_due(text: str) -> dt.datetime:
    """A due date typed by a grader, as UTC: ``2026-03-20 17:00`` (this machine's local time),
    ``2026-03-20T17:00+07:00``, or a date alone (the end of that day, local time).

    >>> parse_due("2026-03-20 17:00+07:00")
    datetime.datetime(2026, 3, 20, 10, 0, tzinfo=datetime.timezone.utc)
    >>> parse_due("20/03/2026")
    Traceback (most recent call last):
    grading.errors.GradingError: ...
    """
    value = text.strip()
    try:
        moment = dt.datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value else value)
    except ValueError:
        raise GradingError({
            "id": f"batas waktu {text!r} tidak terbaca; tulis seperti \"2026-03-20 17:00\" "
                  "(tahun-bulan-tanggal jam:menit, waktu setempat) atau tambahkan zona "
                  "\"+07:00\"",
            "en": f"due date {text!r} cannot be read; write it like \"2026-03-20 17:00\" "
                  "(year-month-day hour:minute, local time) or add a zone \"+07:00\"",
        }) from None
    if len(value) == 10:  # a date alone: until the end of that day
        moment = moment.replace(hour=23, minute=59, second=59)
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(dt.timezone.utc)


def _cell_scores(result) -> dict[str, tuple[float, float, str]]:
    """grade id -> (score, max, why it failed) for every autograded test of a checked run."""
    from nbgrader import utils

    scores = {}
    for item in result.notebooks:
        if item.notebook_json is None:
            continue
        nb = nbformat.reads(item.notebook_json, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
                continue
            score, max_score = utils.determine_grade(cell)
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            why = f"{errors[0].get('ename', '')}: {str(errors[0].get('evalue', ''))[:120]}" \
                if errors else ""
            scores[cell.metadata.nbgrader["grade_id"]] = (float(score or 0), float(max_score),
                                                          why)
    return scores


def _unreadable(result) -> list[str]:
    return [f"{item.notebook}.ipynb: {flag.reason_en}" for item in result.notebooks
            if item.notebook_json is None for flag in item.flags]


def check_both_ways(ws: Workspace, assignment: str) -> None:
    """Raise :class:`GradingError` unless the solutions earn every autograded point and the
    blank release none, graded by the engine exactly as ``grade`` grades a submission.

    The source notebooks (solutions) and the released ones (blank) are copied to temporary
    folders and run through :func:`grading.engine.check_submissions`: the sandbox, the
    participant's and the clean kernel, the bridge. Nothing runs inside ``source/`` and nothing
    is recorded. The message names each cell at fault and why (its error, or the engine's flag).
    """
    from grading.engine import check_submissions

    problems_id: list[str] = []
    problems_en: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kelas-ekspor-both-ways-") as tmp:
        folders = {"kunci-jawaban": Path(tmp) / "solutions", "versi-kosong": Path(tmp) / "blank"}
        for name, origin in (("kunci-jawaban", ws.source), ("versi-kosong", ws.release)):
            folders[name].mkdir()
            for notebook in ws.notebooks(assignment):
                shutil.copy(origin / assignment / f"{notebook}.ipynb", folders[name])
        results = check_submissions(ws, assignment, folders)
    solutions, blank = results["kunci-jawaban"], results["versi-kosong"]
    for what in _unreadable(solutions) + _unreadable(blank):
        problems_id.append(what)
        problems_en.append(what)
    engine_notes = {f.code: f for item in solutions.notebooks for f in item.flags}
    failed = {cell: why for cell, (score, top, why) in _cell_scores(solutions).items()
              if score < top}
    if failed:
        cells = "; ".join(f"{cell} ({why})" if why else cell for cell, why in failed.items())
        extra_id = extra_en = ""
        for code in ("engine-limit", "answer-unsupported", "timeout", "kernel-died",
                     "execution-failed"):
            if code in engine_notes:
                extra_id += f" [{engine_notes[code].reason_id}]"
                extra_en += f" [{engine_notes[code].reason_en}]"
        problems_id.append(f"dengan jawaban kunci, tes di sel {cells} tidak mendapat nilai "
                           f"penuh; perbaiki solusinya atau tesnya{extra_id}")
        problems_en.append(f"with the solutions, the tests in cell {cells} do not earn full "
                           f"points; fix the solution or the test{extra_en}")
    passed = [cell for cell, (score, _top, _why) in _cell_scores(blank).items() if score > 0]
    if passed:
        cells = ", ".join(passed)
        problems_id.append(f"versi peserta: tes di sel {cells} sudah lolos tanpa "
                           "jawaban; tes itu harus gagal pada notebook kosong")
        problems_en.append(f"participant version: the tests in cell {cells} pass "
                           "without any answer; they must fail on a blank notebook")
    if problems_id:
        raise GradingError({
            "id": f"Tugas {assignment} tidak dirilis, pemeriksaan dua arah gagal: "
                  + "; ".join(problems_id) + ".",
            "en": f"Assignment {assignment} was not released, the both-ways check failed: "
                  + "; ".join(problems_en) + ".",
        })


def _write_zip(folder: Path, target: Path, prefix: str) -> list[str]:
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [str(p.relative_to(folder)) for p in files]


def check_source_metadata(ws: Workspace, assignment: str) -> None:
    """Raise :class:`GradingError` naming every source cell whose nbgrader metadata nbgrader
    would refuse, and what to do: an old schema version (``nbgrader update``), a graded,
    solution or locked cell without a ``grade_id`` or without points, two cells with one id.
    A cell with nbgrader metadata that is none of these needs no id (as in nbgrader)."""
    from nbgrader.nbgraderformat import MetadataValidator

    current = MetadataValidator().schema_version
    problems_id: list[str] = []
    problems_en: list[str] = []
    for notebook in ws.notebooks(assignment):
        path = ws.source / assignment / f"{notebook}.ipynb"
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            problems_id.append(f"{path.name} tidak bisa dibaca ({type(error).__name__})")
            problems_en.append(f"{path.name} cannot be read ({type(error).__name__})")
            continue
        seen: dict[str, int] = {}
        old = []
        for number, cell in enumerate(cells, 1):
            meta = (cell.get("metadata") or {}).get("nbgrader")
            if not isinstance(meta, dict):
                continue
            if meta.get("schema_version", 0) != current:
                old.append(number)
                continue
            where_id = f"{path.name}, sel ke-{number}"
            where_en = f"{path.name}, cell {number}"
            grade_id = meta.get("grade_id")
            if (meta.get("grade") or meta.get("solution") or meta.get("locked")) and not grade_id:
                problems_id.append(f"{where_id}: ditandai nbgrader tetapi tanpa ID (grade_id); "
                                   "beri ID di toolbar Create Assignment")
                problems_en.append(f"{where_en}: marked for nbgrader but has no ID (grade_id); "
                                   "give it one in the Create Assignment toolbar")
            if meta.get("grade") and "points" not in meta:
                problems_id.append(f"{where_id} ({grade_id}): sel yang dinilai tanpa poin")
                problems_en.append(f"{where_en} ({grade_id}): a graded cell without points")
            if grade_id and grade_id in seen:
                problems_id.append(f"{path.name}: sel ke-{seen[grade_id]} dan ke-{number} "
                                   f"memakai ID yang sama {grade_id!r}; ubah salah satunya")
                problems_en.append(f"{path.name}: cells {seen[grade_id]} and {number} share "
                                   f"the ID {grade_id!r}; change one of them")
            elif grade_id:
                seen[grade_id] = number
        if old:
            cells_text = ", ".join(map(str, old[:10]))
            command = f"nbgrader update {path.relative_to(ws.root)}"
            problems_id.append(f"{path.name}: sel {cells_text} memakai format metadata nbgrader "
                               f"lama; jalankan `{command}` di folder kelas, lalu rilis lagi")
            problems_en.append(f"{path.name}: cells {cells_text} use an old nbgrader metadata "
                               f"format; run `{command}` in the class folder, then release again")
    if problems_id:
        raise GradingError({
            "id": f"Tugas {assignment} tidak dirilis: " + "; ".join(problems_id) + ".",
            "en": f"Assignment {assignment} was not released: " + "; ".join(problems_en) + ".",
        })


def release_assignment(workspace: Workspace | str | Path, assignment: str,
                       due: str | dt.datetime | None = None) -> ReleaseResult:
    """Generate, check both ways, release to the exchange and zip one assignment (see module doc).

    ``due``: the due date (text for :func:`parse_due`, or an aware datetime), recorded in the
    gradebook as nbgrader's ``duedate``; a submission after it is late, and nbgrader's
    ``LateSubmissionPlugin`` (set in ``nbgrader_config.py``) decides what that costs.
    """
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)
    due_utc = parse_due(due) if isinstance(due, str) else (
        due.astimezone(dt.timezone.utc) if due is not None else None)
    check_source_metadata(ws, assignment)
    api = ws.api()
    target = ws.release / assignment
    backup_root = Path(tempfile.mkdtemp(prefix="kelas-ekspor-release-"))
    backup = backup_root / assignment
    try:
        if target.exists():
            shutil.move(str(target), backup)
        outcome = api.generate_assignment(assignment, force=True, create=True)
        try:
            if not outcome.get("success"):
                raise nbgrader_failed({
                    "id": f"nbgrader generate_assignment gagal untuk {assignment}",
                    "en": f"nbgrader generate_assignment failed for {assignment}"}, outcome)
            check_both_ways(ws, assignment)
        except BaseException:
            if target.exists():
                shutil.rmtree(target)
            if backup.exists():
                shutil.move(str(backup), target)
            raise
    finally:
        shutil.rmtree(backup_root, ignore_errors=True)

    exchange_dir = None
    with _quiet():
        releaser = api.exchange.ReleaseAssignment(
            coursedir=ws.coursedir(assignment_id=assignment), authenticator=api.authenticator,
            parent=api)
        releaser.force = True
        from nbgrader.utils import capture_log

        outcome = capture_log(releaser)
    if outcome.get("success"):
        exchange_dir = Path(releaser.root) / releaser.coursedir.course_id / "outbound" / assignment
    else:
        raise nbgrader_failed({
            "id": f"nbgrader release_assignment gagal (folder exchange {releaser.root})",
            "en": f"nbgrader release_assignment failed (exchange folder {releaser.root})"}, outcome)
    zip_path = ws.release_zip(assignment)
    files = _write_zip(target, zip_path, assignment)
    if due_utc is not None:
        with ws.gradebook() as gb:  # nbgrader keeps due dates as naive UTC
            gb.update_or_create_assignment(assignment, duedate=due_utc.replace(tzinfo=None))
    return ReleaseResult(assignment=assignment, notebooks=ws.notebooks(assignment),
                         release_dir=target, zip_path=zip_path, exchange_dir=exchange_dir,
                         files=files, due=due_utc)


class _quiet:
    """Silence nbgrader's INFO logging while a step runs."""

    def __enter__(self):
        self.level = logging.root.level
        logging.root.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        logging.root.setLevel(self.level)
