"""End to end through the command line: init → roster → release → submissions → grade → report."""

from __future__ import annotations

import csv
import os
import zipfile
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from grading_helpers import ASSIGNMENT, NOTEBOOK, PARTIAL, PERFECT, answered, tree_hashes

from grading.cli import build_parser, main


def test_whole_class_workflow(tmp_path, assignments_dir, roster_file, capsys):
    """Does a class go from an empty folder to reports whose numbers equal the gradebook's?"""
    ws_dir = tmp_path / "kelas"
    ws = ["--workspace", str(ws_dir), "--quiet"]
    assert main(["init", str(ws_dir), "--assignments", str(assignments_dir)]) == 0
    (ws_dir / "roster-extra.csv").write_text("id_peserta,nama\nP04,Iin Setiawan\n")
    assert main([*ws, "roster", "import", str(roster_file)]) == 0
    assert main([*ws, "roster", "import", str(ws_dir / "roster-extra.csv")]) == 0
    assert main([*ws, "release", ASSIGNMENT]) == 0

    # participants unzip the release, answer, and send their notebooks back by e-mail
    with zipfile.ZipFile(ws_dir / "release" / f"{ASSIGNMENT}.zip") as archive:
        release = nbformat.reads(archive.read(f"{ASSIGNMENT}/{NOTEBOOK}.ipynb").decode(),
                                 as_version=4)
    inbox = tmp_path / "email"
    inbox.mkdir()
    nbformat.write(answered(release, PERFECT), inbox / f"P01 Siti {ASSIGNMENT}.ipynb")
    nbformat.write(answered(release, PARTIAL), inbox / f"{ASSIGNMENT}_p02.ipynb")
    nbformat.write(release, inbox / f"P03-{ASSIGNMENT}.ipynb")  # blank
    (inbox / f"P04 {ASSIGNMENT}.ipynb").write_text('{"cells": [{"cell_type": "mark')  # broken
    inbox_before = tree_hashes(inbox)
    assert main([*ws, "collect", ASSIGNMENT, "--from", str(inbox)]) == 0
    assert tree_hashes(inbox) == inbox_before
    submitted_before = tree_hashes(ws_dir / "submitted")
    capsys.readouterr()

    assert main([*ws, "grade", ASSIGNMENT, "--workers", "2"]) == 0
    out = capsys.readouterr().out
    assert "4 kiriman tugas-mini dinilai (2 proses" in out and "[broken-json]" in out
    assert tree_hashes(ws_dir / "submitted") == submitted_before

    from grading.workspace import Workspace

    with Workspace(ws_dir).gradebook() as gb:
        scores = {s.student.id: (s.score, s.max_score)
                  for s in gb.assignment_submissions(ASSIGNMENT)}
        names = {s.id: s.first_name for s in gb.students}
    assert scores == {"P01": (3.0, 5.0), "P02": (2.0, 5.0), "P03": (0.0, 5.0), "P04": (0.0, 5.0)}
    assert names["P04"] == "Iin Setiawan"

    assert main([*ws, "report"]) == 0
    assert "laporan peserta" in capsys.readouterr().out
    reports = ws_dir / "reports"
    with open(reports / "grades.csv", encoding="utf-8") as fh:
        rows = {(r["participant"], r["assignment"]): r for r in csv.DictReader(fh)}
    for pid, (score, maximum) in scores.items():
        row = rows[(pid, ASSIGNMENT)]
        assert float(row["score"]) == score and float(row["max_score"]) == maximum
    assert "broken-json" in rows[("P04", ASSIGNMENT)]["flags"]
    assert "missing" not in rows[("P01", ASSIGNMENT)]["flags"]
    assert (reports / "class.html").is_file()
    assert pd.read_excel(reports / "grades.xlsx", sheet_name=None)
    manual = pd.read_excel(reports / "penilaian-manual.xlsx")
    assert set(manual["participant_id"]) >= {"P01", "P02"}
    for pid in ("P01", "P02", "P03", "P04"):
        assert (reports / "participants" / f"{pid}.html").is_file()
        assert (reports / "participants" / f"{pid}.pdf").stat().st_size > 0
    assert tree_hashes(ws_dir / "submitted") == submitted_before


def test_every_command_takes_workspace_lang_and_quiet():
    """Do all commands accept --workspace, --lang and --quiet after the command name?"""
    parser = build_parser()
    commands = [["init", "x"], ["roster", "import", "f.csv"], ["release", "a"], ["collect", "a"],
                ["grade", "a"], ["report"], ["demo"], ["lab"]]
    for command in commands:
        args = parser.parse_args([*command, "--workspace", "w", "--lang", "en", "--quiet"])
        assert (args.workspace, args.lang, args.quiet) == ("w", "en", True), command
    defaults = parser.parse_args(["grade", "a"])
    assert (defaults.workspace, defaults.lang, defaults.workers, defaults.manual) == (
        None, "id", None, None)
    assert parser.parse_args(["demo"]).participants == 100


def test_bad_worker_count_is_a_usage_error(capsys):
    """Is `--workers 0` refused by the command line, with exit code 2?"""
    with pytest.raises(SystemExit) as caught:
        main(["grade", "a", "--workers", "0"])
    assert caught.value.code == 2
    assert "≥ 1" in capsys.readouterr().err


def test_lab_refuses_a_workspace_that_is_not_one(tmp_path, capsys):
    """Does `lab --workspace` on a plain folder fail with the reason instead of opening JupyterLab?"""
    cwd = os.getcwd()
    try:
        assert main(["lab", "--workspace", str(tmp_path), "--no-browser"]) == 1
    finally:
        os.chdir(cwd)
    assert "bukan workspace kelas" in capsys.readouterr().err
    assert Path(cwd) == Path(os.getcwd())
