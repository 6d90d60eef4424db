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

import logging
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.errors import GradingError
from grading.workspace import Workspace

__all__ = ["ReleaseResult", "check_both_ways", "release_assignment"]


@dataclass
class ReleaseResult:
    """Where the released assignment went."""

    assignment: str
    notebooks: list[str]
    release_dir: Path
    zip_path: Path
    exchange_dir: Path | None
    files: list[str] = field(default_factory=list)


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
        for code in ("engine-limit", "answer-unsupported", "timeout", "kernel-died"):
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


def release_assignment(workspace: Workspace | str | Path, assignment: str) -> ReleaseResult:
    """Generate, check both ways, release to the exchange and zip one assignment (see module doc)."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)
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
                raise GradingError({
                    "id": f"nbgrader generate_assignment gagal untuk {assignment}: "
                          f"{(outcome.get('error') or '').strip()[-400:]}",
                    "en": f"nbgrader generate_assignment failed for {assignment}: "
                          f"{(outcome.get('error') or '').strip()[-400:]}",
                })
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
        raise GradingError({
            "id": f"nbgrader release_assignment gagal (folder exchange {releaser.root}): "
                  f"{(outcome.get('error') or outcome.get('log') or '').strip()[-300:]}",
            "en": f"nbgrader release_assignment failed (exchange folder {releaser.root}): "
                  f"{(outcome.get('error') or outcome.get('log') or '').strip()[-300:]}",
        })
    zip_path = ws.release_zip(assignment)
    files = _write_zip(target, zip_path, assignment)
    return ReleaseResult(assignment=assignment, notebooks=ws.notebooks(assignment),
                         release_dir=target, zip_path=zip_path, exchange_dir=exchange_dir,
                         files=files)


class _quiet:
    """Silence nbgrader's INFO logging while a step runs."""

    def __enter__(self):
        self.level = logging.root.level
        logging.root.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        logging.root.setLevel(self.level)
