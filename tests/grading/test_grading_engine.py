"""``grade``: scores into the gradebook, broken submissions flagged, feedback without hidden tests.

One class is graded once (module fixture) with submissions of every kind, then examined:
perfect, partial, blank, broken JSON, tampered (test cell emptied, another deleted), a cell that
runs forever, a kernel that dies, and one participant who sent nothing.
"""

from __future__ import annotations

import csv
import json

import nbformat
import pytest
from grading_helpers import (
    ASSIGNMENT,
    MANUAL_MAX,
    NOTEBOOK,
    PARTIAL,
    PERFECT,
    SECRET,
    WRONG_X,
    answered,
    tree_hashes,
    write_submission,
)

from grading.engine import grade_assignment, read_submission
from grading.errors import GradingError
from grading.flags import Flag, read_flags, replace_flags
from grading.manual import import_manual_sheet
from grading.roster import import_roster
from grading.workspace import init_workspace
from toolkit import set_language

PEOPLE = ["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory, assignments_dir):
    root = tmp_path_factory.mktemp("graded")
    ws = init_workspace(root / "kelas", assignments=assignments_dir).workspace
    roster = root / "roster.csv"
    roster.write_text("participant_id,name\n" + "".join(f"{p},Peserta {p}\n" for p in PEOPLE),
                      encoding="utf-8")
    import_roster(ws, roster)
    assert ws.api().generate_assignment(ASSIGNMENT)["success"]
    release = nbformat.read(ws.release / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)

    def folder(pid):
        return ws.submission_dir(pid, ASSIGNMENT)

    write_submission(folder("P01"), answered(release, PERFECT))
    (folder("P01") / "timestamp.txt").write_text("2026-03-20 08:30:00.000000 UTC")
    write_submission(folder("P02"), answered(release, PARTIAL))
    write_submission(folder("P03"), release)
    write_submission(folder("P04"), nbformat.writes(answered(release, PERFECT))[:500])
    tampered = answered(release, WRONG_X)  # wrong answer, test emptied, hidden-only test deleted
    tampered.cells = [c for c in tampered.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "tes-2"]
    for cell in tampered.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "tes-1":
            cell.source = "pass"
            cell.metadata["nbgrader"]["points"] = 100.0
    write_submission(folder("P05"), tampered)
    write_submission(folder("P06"), answered(release, PERFECT | {
        "jawab-2": "import time\ntime.sleep(120)\ny = x + 1"}))
    write_submission(folder("P07"), answered(release, PERFECT | {
        "jawab-2": "import os\nos._exit(1)"}))
    old = answered(release, PERFECT)  # a copy kept from an older nbgrader: schema 2, no "task"
    for cell in old.cells:
        meta = cell.metadata.get("nbgrader")
        if meta:
            meta["schema_version"] = 2
            meta.pop("task", None)
    write_submission(folder("P09"), old)
    replace_flags(ws.flags_file, "tugas-lain", [
        Flag("P01", "tugas-lain", "timeout", "lama", "old"),
        Flag("", ASSIGNMENT, "unmatched-file", "file tanpa id", "file without id"),
        Flag("P01", ASSIGNMENT, "timeout", "basi", "stale"),
    ], codes=[])
    before = tree_hashes(ws.submitted)
    summary = grade_assignment(ws, ASSIGNMENT, workers=2, timeout=5, progress=False)
    return ws, summary, before


def _grades(ws) -> dict[str, dict[str, float | None]]:
    with ws.gradebook() as gb:
        return {
            sub.student.id: {g.name: g.auto_score for g in sub.notebooks[0].grades}
            for sub in gb.assignment_submissions(ASSIGNMENT)
        }


def _codes(ws) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    for flag in read_flags(ws.flags_file):
        if flag.assignment != ASSIGNMENT:
            continue
        codes.setdefault(flag.participant_id, set()).add(flag.code)
    return codes


def test_scores_in_the_gradebook_are_what_the_answers_earn(graded):
    """Do perfect, partial, blank, broken, tampered, hung and crashed submissions score right?"""
    ws, summary, _ = graded
    grades = _grades(ws)
    assert sorted(grades) == PEOPLE[:7] + ["P09"]  # P08 sent nothing: not in the gradebook
    assert grades["P01"] == {"tes-1": 2.0, "tes-2": 1.0, "penjelasan": None}
    assert grades["P02"] == {"tes-1": 2.0, "tes-2": 0.0, "penjelasan": None}
    assert grades["P03"] == {"tes-1": 0.0, "tes-2": 0.0, "penjelasan": 0.0}
    assert grades["P04"] == {"tes-1": 0.0, "tes-2": 0.0, "penjelasan": 0.0}
    assert grades["P05"] == {"tes-1": 0.0, "tes-2": 0.0, "penjelasan": 0.0}
    assert grades["P06"] == {"tes-1": 2.0, "tes-2": 0.0, "penjelasan": None}
    assert grades["P07"] == {"tes-1": 2.0, "tes-2": 0.0, "penjelasan": None}
    with ws.gradebook() as gb:
        p01 = gb.find_submission(ASSIGNMENT, "P01")
        assert p01.timestamp.isoformat() == "2026-03-20T08:30:00"
        assert gb.find_grade("tes-1", NOTEBOOK, ASSIGNMENT, "P05").max_score == 2.0
        assert gb.find_grade("penjelasan", NOTEBOOK, ASSIGNMENT, "P01").needs_manual_grade
    assert summary.graded == PEOPLE[:7] + ["P09"] and summary.missing == ["P08"]


def test_an_older_metadata_format_is_graded_as_today_s(graded):
    """Is a submission whose cells carry nbgrader's schema 2 metadata graded like P01, unflagged?"""
    ws, _, _ = graded
    assert _grades(ws)["P09"] == _grades(ws)["P01"]
    assert "P09" not in _codes(ws)


def test_problems_are_flagged_and_the_batch_went_on(graded):
    """Is each broken or tampered submission a flagged row with reasons in both languages?"""
    ws, summary, _ = graded
    codes = _codes(ws)
    other = [(f.participant_id, f.assignment, f.code) for f in read_flags(ws.flags_file)
             if f.assignment != ASSIGNMENT or f.code == "unmatched-file"]
    assert other == [("P01", "tugas-lain", "timeout"), ("", ASSIGNMENT, "unmatched-file")]
    codes.pop("")
    assert codes["P04"] == {"broken-json"}
    assert codes["P05"] == {"test-cell-modified", "points-changed", "cell-deleted"}
    assert codes["P06"] == {"timeout"}
    assert codes["P07"] == {"kernel-died"}
    assert not ({"P01", "P02", "P03"} & set(codes))
    broken = next(f for f in read_flags(ws.flags_file) if f.code == "broken-json")
    assert "rusak" in broken.reason_id and "broken" in broken.reason_en
    assert "tes-2" in next(f.reason_en for f in summary.flags if f.code == "kernel-died")
    assert sorted(summary.feedback) == ["P01", "P02", "P03", "P05", "P06", "P07", "P09"]


def test_submitted_files_are_never_modified(graded):
    """Are submitted/ files byte-for-byte and mtime-for-mtime as they were?"""
    ws, _, before = graded
    assert tree_hashes(ws.submitted) == before


def test_autograded_notebooks_hold_the_restored_tests(graded):
    """Does the autograded copy of a tampered notebook hold the real test cells again?"""
    ws, _, _ = graded
    nb = nbformat.read(ws.autograded / "P05" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    sources = {c.metadata["nbgrader"].get("grade_id"): c.source for c in nb.cells
               if "nbgrader" in c.metadata}
    assert SECRET in sources["tes-1"] and "assert y == 43" in sources["tes-2"]
    assert (ws.autograded / "P05" / ASSIGNMENT / "angka.txt").is_file()


@pytest.mark.parametrize("participant", ["P02", "P03", "P05", "P06", "P07"])
def test_feedback_reveals_no_hidden_test(graded, participant):
    """Does the feedback show no hidden test, nor a traceback quoting one (nbgrader #917)?"""
    ws, _, _ = graded
    html = (ws.feedback / participant / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    for secret in (SECRET, "HIDDEN TESTS", "x == 42", "y == 43"):
        assert secret not in html, secret
    assert "x harus bilangan bulat" in html  # the visible self-check is still there


def test_feedback_keeps_a_visible_error_and_explains_a_hidden_one(graded):
    """Does feedback keep a visible test's error and say, in both languages, that a hidden one failed?"""
    ws, _, _ = graded
    blank = (ws.feedback / "P03" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    assert "NameError" in blank
    partial = (ws.feedback / "P02" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    assert "Tes tersembunyi untuk soal ini tidak lolos" in partial
    assert "A hidden test for this question did not pass" in partial


def test_feedback_speaks_to_the_participant_in_their_languages(graded):
    """Are the feedback page's own labels (its summary, each graded cell's heading) Indonesian
    first, then English, with the scores as nbgrader counts them?"""
    ws, _, _ = graded
    html = (ws.feedback / "P01" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    assert "Nilai / Score:" in html and "Sel tes / Test cell" in html
    assert "Jawaban Anda / Your answer" in html and "(Ke atas / Top)" in html
    for english_only in (">Test cell<", "(Score:", "Student's answer", ">Written response<"):
        assert english_only not in html, english_only
    assert html.count('<div id="toc">') == 1  # nbgrader's own summary is replaced, not repeated


def test_a_broken_file_is_explained_not_raised(tmp_path):
    """Does reading a cut-short notebook give a reason naming the line, in both languages?"""
    path = tmp_path / "tugas.ipynb"
    path.write_text('{"cells": [\n  {"cell_type": "code",', encoding="utf-8")
    nb, reason = read_submission(path)
    assert nb is None and "baris 2" in reason["id"] and "line 2" in reason["en"]
    path.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    assert "bukan notebook" in read_submission(path)[1]["id"]


def _sheet(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["participant_id", "name", "assignment", "notebook", "question",
                         "max_score", "answer", "score", "comment"])
        writer.writerows(rows)
    return path


def test_manual_sheet_with_a_bad_row_is_rejected_whole(graded, tmp_path):
    """Is a sheet with bad rows rejected, naming every bad line, with no score saved?"""
    ws, _, _ = graded
    a = ASSIGNMENT
    sheet = _sheet(tmp_path / "penilaian.csv", [
        ["P02", "B", a, NOTEBOOK, "penjelasan", "2", "jawab", "1", "ok"],     # line 2: fine
        ["P99", "X", a, NOTEBOOK, "penjelasan", "2", "jawab", "1", ""],       # 3: unknown person
        ["P06", "Y", a, NOTEBOOK, "soal-99", "2", "jawab", "1", ""],          # 4: unknown question
        ["P06", "Y", a, NOTEBOOK, "penjelasan", "2", "jawab", "dua", ""],     # 5: not a number
        ["P07", "Z", a, NOTEBOOK, "penjelasan", "2", "jawab", "2.5", ""],     # 6: above max
        ["P07", "Z", a, NOTEBOOK, "penjelasan", "2", "jawab", "-1", ""],      # 7: below 0
        ["P02", "B", a, NOTEBOOK, "penjelasan", "2", "jawab", "2", ""],       # 8: twice
        ["P08", "W", a, NOTEBOOK, "penjelasan", "2", "", "1", ""],            # 9: no submission
        ["P01", "A", "tugas-lain", "nb", "q", "2", "", "9", ""],              # other assignment
    ])
    with pytest.raises(GradingError) as caught:
        import_manual_sheet(ws, ASSIGNMENT, sheet)
    assert caught.value.lines == [3, 4, 5, 6, 7, 8, 9]
    message = str(caught.value)
    assert "baris 5: nilai 'dua' bukan angka" in message
    assert "baris 6: nilai 2.5 di luar 0 sampai 2" in message
    set_language("en")
    assert "line 4: question 'soal-99' is not in tugas-mini" in str(caught.value)
    with ws.gradebook() as gb:
        grade = gb.find_grade("penjelasan", NOTEBOOK, ASSIGNMENT, "P02")
        assert grade.manual_score is None and grade.needs_manual_grade


def test_manual_sheet_scores_reach_gradebook_and_feedback(graded, tmp_path, capsys):
    """Do `grade --manual` scores and comments land where the formgrader keeps them, and in feedback?"""
    from grading.cli import main

    ws, _, _ = graded
    sheet = _sheet(tmp_path / "penilaian.csv", [
        ["P01", "A", ASSIGNMENT, NOTEBOOK, "penjelasan", "2", "Karena", "1,5",
         "Alasan jelas; tambahkan angka."],
        ["P06", "Y", ASSIGNMENT, "", "penjelasan", "2", "", "", ""],  # not graded yet: skipped
    ])
    code = main(["--workspace", str(ws.root), "grade", ASSIGNMENT, "--manual", str(sheet),
                 "--workers", "1", "--quiet"])
    assert code == 0
    assert "1 nilai dan 1 komentar" in capsys.readouterr().out
    with ws.gradebook() as gb:
        grade = gb.find_grade("penjelasan", NOTEBOOK, ASSIGNMENT, "P01")
        assert grade.manual_score == 1.5 and grade.score == 1.5 and not grade.needs_manual_grade
        comment = gb.find_comment("penjelasan", NOTEBOOK, ASSIGNMENT, "P01")
        assert comment.manual_comment == "Alasan jelas; tambahkan angka."
        assert gb.find_submission(ASSIGNMENT, "P01").score == 3.0 + 1.5
    html = (ws.feedback / "P01" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    assert "Alasan jelas; tambahkan angka." in html
    assert MANUAL_MAX == 2.0


def test_nbgrader_own_feedback_command_hides_hidden_tests_too(graded):
    """Does nbgrader's own command, run in the workspace folder, use its config: hidden tests
    hidden, and the page `kelas-ekspor grade` writes (Indonesian labels, no script from a CDN)?"""
    import subprocess
    import sys
    from pathlib import Path

    ws, _, _ = graded
    target = ws.feedback / "P05" / ASSIGNMENT / f"{NOTEBOOK}.html"
    target.unlink()
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    run = subprocess.run([nbgrader, "generate_feedback", ASSIGNMENT, "--student", "P05",
                          "--force"], cwd=ws.root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    html = target.read_text()
    assert SECRET not in html and "HIDDEN TESTS" not in html
    assert "Tes tersembunyi untuk soal ini tidak lolos" in html
    assert "(Nilai / Score: " in html and "<script" not in html


def test_the_formgraders_generate_feedback_writes_our_page(graded):
    """The formgrader's Generate Feedback button (nbgrader's API, with the formgrader's own
    exporter settings): hidden tests hidden, Indonesian labels, no script from a CDN?"""
    from nbgrader.apps import NbGrader
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.server_extensions.formgrader.formgrader import FormgradeExtension
    from traitlets.config import Config

    from grading.workspace import Workspace

    ws, _, _ = graded
    target = ws.feedback / "P05" / ASSIGNMENT / f"{NOTEBOOK}.html"
    target.unlink()
    config = Config()
    config.merge(ws.config())
    config.merge(FormgradeExtension().build_extra_config())  # HTMLExporter.template_name = formgrade
    api = NbGraderAPI(Workspace(ws.root).coursedir(), parent=NbGrader(config=config))
    result = api.generate_feedback(ASSIGNMENT, "P05", force=True)
    assert result["success"], result
    html = target.read_text()
    assert SECRET not in html and "Tes tersembunyi untuk soal ini tidak lolos" in html
    assert "(Nilai / Score: " in html and "<script" not in html
