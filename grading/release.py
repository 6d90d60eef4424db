"""Release an assignment: generate the participant version, check it both ways, hand it out.

1. ``nbgrader generate_assignment`` writes ``release/<assignment>/`` and registers its cells.
2. Both ways: ``nbgrader validate`` on each source notebook must pass every test; and the released
   notebook, with its hidden tests put back as grading will (nbgrader's ``OverwriteCells``), must
   pass none (``validate --invert``) — a blank submission earns nothing. Otherwise the release is
   refused, the previous ``release/<assignment>/`` (if any) is put back, and the message names the
   cells at fault.
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


def _grade_ids_for(sources: list[str], nb: nbformat.NotebookNode) -> list[str]:
    """The grade ids of the cells whose (stripped) source is in ``sources``."""
    found = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and cell.source.strip() in sources and grade_id not in found:
            found.append(grade_id)
    return found or ["?"]


def _validator(ws: Workspace, *, invert: bool):
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput
    from nbgrader.validator import Validator

    from grading.engine.pipeline import _execute_class

    validator = Validator(config=ws.config())
    validator.log.setLevel(logging.ERROR)
    # nbgrader's chain, with an Execute that keeps the kernel's start-up warnings off the terminal
    validator.preprocessors = [CheckCellMetadata, ClearOutput, _execute_class()]
    validator.invert = invert
    validator.ignore_checksums = invert
    return validator


def check_both_ways(ws: Workspace, assignment: str) -> None:
    """Raise :class:`GradingError` unless the sources pass their tests and the release passes none."""
    from nbgrader.preprocessors import OverwriteCells

    problems_id: list[str] = []
    problems_en: list[str] = []
    for notebook in ws.notebooks(assignment):
        source = ws.source / assignment / f"{notebook}.ipynb"
        results = _validator(ws, invert=False).validate(str(source))
        if results:
            nb = nbformat.read(source, as_version=4)
            failed = [r["source"] for r in results.get("failed", [])]
            changed = [r["source"] for r in results.get("type_changed", [])]
            cells = ", ".join(_grade_ids_for(failed + changed, nb))
            problems_id.append(f"{notebook}.ipynb (sumber): tes di sel {cells} gagal dengan "
                               "jawaban kunci; perbaiki solusinya atau tesnya")
            problems_en.append(f"{notebook}.ipynb (source): the tests in cell {cells} fail with "
                               "the solutions; fix the solution or the test")

        released = ws.release / assignment / f"{notebook}.ipynb"
        with tempfile.TemporaryDirectory(prefix="kelas-ekspor-check-") as tmp:
            shutil.copytree(ws.release / assignment, tmp, dirs_exist_ok=True)
            nb = nbformat.read(released, as_version=4)
            resources = {"nbgrader": {"notebook": notebook, "assignment": assignment,
                                      "student": "", "db_url": ws.db_url}}
            restore = OverwriteCells(config=ws.config())
            restore.log.setLevel(logging.ERROR)
            nb, _ = restore.preprocess(nb, resources)
            restored = Path(tmp) / f"{notebook}.ipynb"
            nbformat.write(nb, restored)
            results = _validator(ws, invert=True).validate(str(restored))
        passed = [r["source"] for r in results.get("passed", [])]
        if passed:
            cells = ", ".join(_grade_ids_for(passed, nb))
            problems_id.append(f"{notebook}.ipynb (versi peserta): tes di sel {cells} sudah "
                               "lolos tanpa jawaban; tes itu harus gagal pada notebook kosong")
            problems_en.append(f"{notebook}.ipynb (participant version): the tests in cell "
                               f"{cells} pass without any answer; they must fail on a blank "
                               "notebook")
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
