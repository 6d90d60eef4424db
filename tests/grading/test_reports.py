"""Reports from a class workspace: do they say what the gradebook says, in both languages?

Each test builds (or copies) a throwaway workspace whose gradebook is written through nbgrader's
own API, as nbgrader's tests do, with a roster, flags, a catalog, a submitted notebook and a
feedback file; then calls :func:`grading.reports.write_reports` and reads the files back.

The class (two assignments, 20 points in all):

======  ===========================  ==============================  =========
id      t1 (q1 2, q2 3, essay 5)     t2 (q1 4, q2 6)                 total
======  ===========================  ==============================  =========
P01     2 + 3 + essay 5 = 10         4 + 6 = 10                      20 → pass
P02     2 + 0 + essay 1.5 = 3.5      not submitted                   3.5 → fail
P03     broken file (flagged)        not submitted                   0 → fail
P04     2 + 3 + essay not graded     4 + 6 = 10                      15 → pass
P05     not submitted                4 + 0 = 4                       4 → fail
======  ===========================  ==============================  =========

P05 is in the gradebook (graded) but not in the roster.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbgrader.api import Gradebook
from pypdf import PdfReader
from sqlalchemy.exc import SAWarning

import grading.reports as reports_module
from grading.reports import ReportError, write_reports
from grading.reports._load import (
    AssignmentInfo,
    ClassData,
    GradeRow,
    Participant,
    Question,
)
from grading.reports._stats import compute
from toolkit.errors import InputError
from toolkit.i18n import set_language

# nbgrader's own Gradebook.add_submission triggers this SQLAlchemy warning; it is not ours.
pytestmark = pytest.mark.filterwarnings(f"ignore::{SAWarning.__module__}.{SAWarning.__name__}")

ROSTER = [
    ("P01", "Siti Aminah", "BUMDes Maju Jaya", "Cikande", "emping melinjo", "siti@contoh.id"),
    ("P02", "Budi Santoso", "UMKM Kopi Baros", "Baros", "kopi robusta", "budi@contoh.id"),
    ("P03", "Dewi Lestari", "BUMDes Sukamaju", "Ciruas", "gula aren", ""),
    ("P04", "Agus Salim", "BUMDes Tirta Jaya", "Pontang", "tas anyaman", ""),
]
OUTSIDE_ROSTER = ("P05", "Rina Wati")
CELLS = {
    "t1": [("q1", "auto", 2.0), ("q2", "auto", 3.0), ("essay", "manual", 5.0)],
    "t2": [("q1", "auto", 4.0), ("q2", "auto", 6.0)],
}
SCORES = {  # (participant, assignment) -> {cell: (auto_score, manual_score)}
    ("P01", "t1"): {"q1": (2.0, None), "q2": (3.0, None), "essay": (None, 5.0)},
    ("P01", "t2"): {"q1": (4.0, None), "q2": (6.0, None)},
    ("P02", "t1"): {"q1": (2.0, None), "q2": (0.0, None), "essay": (None, 1.5)},
    ("P04", "t1"): {"q1": (2.0, None), "q2": (3.0, None), "essay": (None, None)},
    ("P04", "t2"): {"q1": (4.0, None), "q2": (6.0, None)},
    ("P05", "t2"): {"q1": (4.0, None), "q2": (0.0, None)},
}
ESSAY_P01 = "Harga naik karena ongkos kirim dan asuransi ditanggung penjual."
COMMENT_P02 = "Kurang lengkap: sebutkan juga biaya dokumen."


@pytest.fixture(autouse=True)
def _language():
    yield
    set_language("id")


def _notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _cell(grade_id: str, source: str, *, markdown: bool = False) -> dict:
    cell = {"cell_type": "markdown" if markdown else "code", "source": source,
            "metadata": {"nbgrader": {"grade_id": grade_id, "grade": True, "solution": markdown,
                                      "locked": not markdown, "schema_version": 3}}}
    if not markdown:
        cell.update(execution_count=None, outputs=[])
    return cell


def build_workspace(root: Path) -> Path:
    """A class workspace with the gradebook above, written through nbgrader's API."""
    # A new gradebook asks the `alembic` command for its schema version: use this venv's.
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    ws = root / "kelas"
    (ws / "source").mkdir(parents=True)
    with open(ws / "roster.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant_id", "name", "organisation", "village", "product", "email"])
        writer.writerows(ROSTER)
    with open(ws / "flags.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant_id", "assignment", "code", "reason_id", "reason_en"])
        writer.writerow(["P03", "t1", "broken-json", "File notebook rusak (JSON tidak valid).",
                         "The notebook file is broken (invalid JSON)."])
        writer.writerow(["", "t2", "unmatched-file", "File 'tugas2 (1).ipynb' tanpa ID peserta.",
                         "File 'tugas2 (1).ipynb' has no participant ID."])
    with open(ws / "source" / "catalog.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["assignment", "module", "title_id", "title_en", "order"])
        writer.writerow(["t1", "02 biaya", "Biaya produksi", "Production cost", "1"])
        writer.writerow(["t2", "04 harga", "Harga ekspor", "Export price", "2"])
    for aid, cells in CELLS.items():
        (ws / "source" / aid).mkdir()
        (ws / "source" / aid / f"{aid}.ipynb").write_text(
            _notebook([_cell(name, "", markdown=kind == "manual") for name, kind, _ in cells]),
            encoding="utf-8")
    (ws / "submitted" / "P01" / "t1").mkdir(parents=True)
    (ws / "submitted" / "P01" / "t1" / "t1.ipynb").write_text(
        _notebook([_cell("essay", ESSAY_P01, markdown=True)]), encoding="utf-8")
    (ws / "submitted" / "P03" / "t1").mkdir(parents=True)
    (ws / "submitted" / "P03" / "t1" / "t1.ipynb").write_text("{ broken", encoding="utf-8")
    (ws / "feedback" / "P01" / "t1").mkdir(parents=True)
    (ws / "feedback" / "P01" / "t1" / "t1.html").write_text("<p>umpan balik</p>",
                                                            encoding="utf-8")

    with Gradebook(f"sqlite:///{ws / 'gradebook.db'}", course_id="kelas-ekspor") as gb:
        for aid, cells in CELLS.items():
            gb.add_assignment(aid)
            gb.add_notebook(aid, aid)
            for name, kind, points in cells:
                if kind == "manual":
                    gb.add_solution_cell(name, aid, aid)
                gb.add_grade_cell(name, aid, aid, max_score=points,
                                  cell_type="markdown" if kind == "manual" else "code")
        for pid, name, *_ in [*ROSTER, OUTSIDE_ROSTER]:
            first, last = name.split(" ", 1)
            gb.add_student(pid, first_name=first, last_name=last)
        for (pid, aid), scores in SCORES.items():
            gb.add_submission(aid, pid)
            for cell, (auto, manual) in scores.items():
                grade = gb.find_grade(cell, aid, aid, pid)
                grade.auto_score = auto
                grade.manual_score = manual
                grade.needs_manual_grade = auto is None and manual is None
        gb.find_comment("essay", "t1", "t1", "P02").manual_comment = COMMENT_P02
        gb.db.commit()
    return ws


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_workspace(tmp_path_factory.mktemp("template"))


@pytest.fixture
def workspace(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "kelas"))


@pytest.fixture(scope="module")
def reports_id(template, tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    ws = Path(shutil.copytree(template, tmp_path_factory.mktemp("id") / "kelas"))
    return ws, write_reports(ws, progress=False)


@pytest.fixture(scope="module")
def reports_en(template, tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """The English reports, written the way a large class is: by forked worker processes."""
    ws = Path(shutil.copytree(template, tmp_path_factory.mktemp("en") / "kelas"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports_module, "PARALLEL_FROM", 2)
        patch.setattr(reports_module, "CHUNK", 2)
        return ws, write_reports(ws, lang="en", progress=False)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------------------------
# grades.csv and questions.csv


def test_grades_csv_equals_the_gradebook(reports_id):
    """Does every score and maximum in grades.csv equal the gradebook's own numbers?"""
    ws, written = reports_id
    rows = _read_csv(written["grades.csv"])
    assert list(rows[0]) == ["participant", "assignment", "score", "max_score", "flags"]
    assert [(r["participant"], r["assignment"]) for r in rows] == [
        (pid, aid) for pid, *_ in [*ROSTER, OUTSIDE_ROSTER] for aid in ("t1", "t2")
    ]
    with Gradebook(f"sqlite:///{ws / 'gradebook.db'}", course_id="kelas-ekspor") as gb:
        for row in rows:
            assert float(row["max_score"]) == gb.find_assignment(row["assignment"]).max_score
            if (row["participant"], row["assignment"]) in SCORES:
                submission = gb.find_submission(row["assignment"], row["participant"])
                assert float(row["score"]) == submission.score
            else:
                assert row["score"] == ""
    by_key = {(r["participant"], r["assignment"]): r for r in rows}
    assert float(by_key["P02", "t1"]["score"]) == 3.5
    assert by_key["P02", "t2"]["flags"] == "missing"
    assert by_key["P03", "t1"]["flags"].split(";") == ["not-graded", "broken-json"]
    assert by_key["P04", "t1"]["flags"] == "manual-pending"
    assert by_key["P01", "t1"]["flags"] == ""
    assert by_key["P05", "t2"]["flags"] == "not-in-roster"
    assert by_key["P05", "t1"]["flags"] == "missing;not-in-roster"


def test_questions_csv_has_one_row_per_graded_cell(reports_id):
    """Is there one row per graded submission and cell, with the gradebook's Grade.score?"""
    ws, written = reports_id
    rows = _read_csv(written["questions.csv"])
    assert list(rows[0]) == ["participant", "assignment", "notebook", "question", "type",
                             "score", "max_score"]
    expected = [(pid, aid, cell) for (pid, aid), scores in SCORES.items() for cell in scores]
    assert sorted((r["participant"], r["assignment"], r["question"]) for r in rows) == sorted(
        expected)
    with Gradebook(f"sqlite:///{ws / 'gradebook.db'}", course_id="kelas-ekspor") as gb:
        for row in rows:
            grade = gb.find_grade(row["question"], row["notebook"], row["assignment"],
                                  row["participant"])
            assert float(row["score"]) == grade.score
            assert float(row["max_score"]) == grade.max_score
            assert row["type"] == ("manual" if row["question"] == "essay" else "auto")
    # the questions of a submission add up to its score in grades.csv
    grades = {(r["participant"], r["assignment"]): r["score"]
              for r in _read_csv(written["grades.csv"])}
    for key in SCORES:
        total = sum(float(r["score"]) for r in rows if (r["participant"], r["assignment"]) == key)
        assert total == pytest.approx(float(grades[key]))


# ---------------------------------------------------------------------------------------------
# spreadsheets


def test_grades_xlsx_reads_back_with_every_sheet(reports_id):
    """Does grades.xlsx open with pandas, with summary, question, module and manual sheets?"""
    _, written = reports_id
    sheets = pd.read_excel(written["grades.xlsx"], sheet_name=None)
    assert list(sheets) == ["ringkasan", "per-soal", "per-modul", "statistik-soal",
                            "penilaian-manual"]
    summary = sheets["ringkasan"].set_index("ID peserta")
    assert summary.loc["P01", "Total"] == 20
    assert summary.loc["P02", "t1"] == 3.5 and math.isnan(summary.loc["P02", "t2"])
    assert summary.loc["P02", "Persen"] == pytest.approx(3.5 / 20)
    assert list(summary["Lulus"]) == ["Ya", "Tidak", "Tidak", "Ya", "Tidak"]
    assert list(summary["Organisasi"].fillna("")) == [r[2] for r in ROSTER] + [""]
    assert summary.loc["P05", "Nama"] == "Rina Wati"
    assert len(sheets["per-soal"]) == sum(len(s) for s in SCORES.values())
    modules = sheets["per-modul"]
    assert list(modules.columns) == ["ID peserta", "Nama", "02 biaya", "04 harga"]
    assert modules.iloc[-1]["Nama"] == "Median kelas"
    stats = sheets["statistik-soal"].set_index(["Tugas", "Soal"])
    # t1/q2: 3, 0, 3 out of 3 → facility 2/3
    assert stats.loc[("t1", "q2"), "Tingkat kemudahan"] == pytest.approx(2 / 3)


def test_manual_sheet_lists_hand_graded_answers(reports_id):
    """Does the manual-grading sheet hold the answer text, existing scores and comments?"""
    _, written = reports_id
    sheet = pd.read_excel(written["grades.xlsx"], sheet_name="penilaian-manual",
                          dtype={"comment": str, "answer": str})
    alone = pd.read_excel(written["penilaian-manual.xlsx"], sheet_name=None,
                          dtype={"comment": str, "answer": str})
    assert list(alone) == ["penilaian-manual"]
    pd.testing.assert_frame_equal(alone["penilaian-manual"], sheet)
    assert list(sheet.columns) == ["participant_id", "name", "assignment", "notebook",
                                   "question", "max_score", "answer", "score", "comment"]
    rows = sheet.set_index("participant_id")
    assert list(rows.index) == ["P01", "P02", "P04"]
    assert rows.loc["P01", "answer"] == ESSAY_P01
    assert rows.loc["P01", "score"] == 5 and rows.loc["P02", "score"] == 1.5
    assert math.isnan(rows.loc["P04", "score"])  # still to be graded
    assert rows.loc["P02", "comment"] == COMMENT_P02
    assert set(rows["question"]) == {"essay"} and set(rows["max_score"]) == {5}


# ---------------------------------------------------------------------------------------------
# HTML and PDF


def test_class_page_names_the_missing_and_the_flagged(reports_id):
    """Does class.html list who has not submitted and what was flagged, with reasons?"""
    _, written = reports_id
    html = written["class.html"].read_text(encoding="utf-8")
    missing = html.split('id="missing"')[1].split('id="flagged"')[0]
    assert "P02" in missing and "Budi Santoso" in missing and "Harga ekspor (t2)" in missing
    assert "P03" in missing and "Dewi Lestari" in missing
    flagged = html.split('id="flagged"')[1]
    assert "P03" in flagged and "broken-json" in flagged
    assert "File notebook rusak (JSON tidak valid)." in flagged
    assert "unmatched-file" in flagged and "tugas2 (1).ipynb" in flagged
    assert "P05" in flagged and "not-in-roster" in flagged and "tidak ada di daftar" in flagged
    assert "Peserta di daftar" in html and "BUMDes" in html and "UMKM" in html
    assert "data:image/png;base64," in html
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert 'href="participants/P01.html"' in html


def test_participant_pdf_has_name_and_total_as_text(reports_id):
    """Can the PDF's text be extracted, with the participant's name and total score?"""
    _, written = reports_id
    text = _pdf_text(written["participants/P02.pdf"])
    assert "Budi Santoso" in text and "UMKM Kopi Baros" in text and "Baros" in text
    assert "Nilai total: 3,5 dari 20 (17,5%)" in text
    assert "BELUM LULUS" in text
    assert COMMENT_P02 in text
    p01 = _pdf_text(written["participants/P01.pdf"])
    assert "Siti Aminah" in p01 and "Nilai total: 20 dari 20 (100,0%)" in p01
    # the module chart is drawn as text and vectors: its labels can be read too
    assert "02 biaya" in p01 and "Median kelas" in p01


def test_certificate_only_for_those_who_pass(reports_id):
    """Is there a certificate page for P01 and P04 (pass) and none for P02 and P03?"""
    _, written = reports_id
    for pid, passes in [("P01", True), ("P02", False), ("P03", False), ("P04", True)]:
        text = _pdf_text(written[f"participants/{pid}.pdf"])
        html = written[f"participants/{pid}.html"].read_text(encoding="utf-8")
        assert ("Sertifikat Kelas Ekspor" in text) is passes
        assert ("Sertifikat Kelas Ekspor" in html) is passes
        assert ("LULUS" in text.replace("BELUM LULUS", "")) is passes


def test_participant_html_links_feedback_and_shows_comments(reports_id):
    """Does the participant page link the feedback file and show the grader's comment?"""
    ws, written = reports_id
    html = written["participants/P01.html"].read_text(encoding="utf-8")
    assert 'href="../../feedback/P01/t1/t1.html"' in html
    target = (written["participants/P01.html"].parent / "../../feedback/P01/t1/t1.html")
    assert target.resolve() == (ws / "feedback" / "P01" / "t1" / "t1.html").resolve()
    assert "<svg" in html and "Median kelas" in html
    assert COMMENT_P02 in written["participants/P02.html"].read_text(encoding="utf-8")


def test_every_participant_gets_both_reports(reports_id):
    """Is there an HTML and a PDF for every roster participant, and nothing half-built left?"""
    ws, written = reports_id
    for pid, *_ in [*ROSTER, OUTSIDE_ROSTER]:
        assert written[f"participants/{pid}.html"].is_file()
        assert written[f"participants/{pid}.pdf"].read_bytes().startswith(b"%PDF")
    assert all(path.is_file() for path in written.values())
    assert not list(ws.glob(".reports-*"))


def test_english_reports(reports_en):
    """With lang="en", are the pages, sheets and PDF in English and the CSV columns unchanged?"""
    ws, written = reports_en
    html = written["class.html"].read_text(encoding="utf-8")
    assert "Class Report" in html and "Missing submissions" in html and "Laporan" not in html
    assert "The notebook file is broken (invalid JSON)." in html
    sheets = pd.read_excel(written["grades.xlsx"], sheet_name=None)
    assert list(sheets) == ["summary", "per-question", "per-module", "question-statistics",
                            "penilaian-manual"]
    assert "Participant ID" in sheets["summary"].columns
    assert list(sheets["summary"]["Pass"]) == ["Yes", "No", "No", "Yes", "No"]
    text = _pdf_text(written["participants/P02.pdf"])
    assert "Total score: 3.5 out of 20 (17.5%)" in text and "NOT YET PASSED" in text
    assert [k for k in written if k.startswith("participants/")] == [
        f"participants/{pid}.{ext}" for pid, *_ in [*ROSTER, OUTSIDE_ROSTER]
        for ext in ("html", "pdf")]
    assert "Kelas Ekspor Certificate" in _pdf_text(written["participants/P01.pdf"])
    assert _read_csv(written["grades.csv"])[0].keys() == {
        "participant", "assignment", "score", "max_score", "flags"}


def test_pass_threshold_is_configurable(workspace):
    """With a 15 % pass mark does P02 (17.5 %) pass and get a certificate?"""
    written = write_reports(workspace, pass_threshold=0.15, progress=False)
    assert "Sertifikat Kelas Ekspor" in _pdf_text(written["participants/P02.pdf"])
    assert "Batas lulus: 15,0%" in _pdf_text(written["participants/P02.pdf"])
    assert "Sertifikat" not in _pdf_text(written["participants/P03.pdf"])


# ---------------------------------------------------------------------------------------------
# failures leave the old reports alone; reruns keep people's own files


def _old_reports(ws: Path) -> Path:
    (ws / "reports").mkdir()
    (ws / "reports" / "grades.csv").write_text("old", encoding="utf-8")
    return ws / "reports"


def test_missing_gradebook_is_a_clear_error_in_both_languages(workspace):
    """Without gradebook.db, does the error say so (id and en) and keep the old reports?"""
    (workspace / "gradebook.db").unlink()
    old = _old_reports(workspace)
    with pytest.raises(ReportError) as error:
        write_reports(workspace, progress=False)
    assert str(error.value).startswith("Buku nilai tidak ditemukan")
    assert "kelas-ekspor init" in str(error.value)
    with pytest.raises(ReportError) as error:
        write_reports(workspace, lang="en", progress=False)
    assert str(error.value).startswith("Gradebook not found")
    assert str(workspace / "gradebook.db") in str(error.value)
    assert [p.name for p in old.iterdir()] == ["grades.csv"]
    assert (old / "grades.csv").read_text(encoding="utf-8") == "old"
    assert not (workspace / "gradebook.db").exists()  # not created as a side effect
    assert not list(workspace.glob(".reports-*"))


@pytest.mark.parametrize(
    ("content", "en_words"),
    [(b"not a database", "is not an nbgrader gradebook (not an SQLite database)"),
     (b"", "is not an nbgrader gradebook (not an SQLite database)"),
     (None, "is not an nbgrader gradebook (it has no grade tables)")],
    ids=["garbage", "empty-file", "other-sqlite"],
)
def test_unreadable_gradebook_is_a_clear_error(workspace, content, en_words):
    """Is a gradebook.db that is not an nbgrader gradebook refused, and left as it was?"""
    path = workspace / "gradebook.db"
    path.unlink()
    if content is None:
        sqlite3.connect(path).execute("CREATE TABLE notes (text TEXT)").connection.commit()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(ReportError) as error:
        write_reports(workspace, lang="en", progress=False)
    assert en_words in str(error.value) and str(path) in str(error.value)
    assert "bukan buku nilai nbgrader" in error.value.messages["id"]
    assert path.read_bytes() == before
    assert not (workspace / "reports").exists()


@pytest.mark.parametrize(
    ("content", "id_words", "en_words"),
    [
        (b"participant_id,name\nP01,Siti\n\xff\xfe,Budi\n", "bukan teks UTF-8",
         "not UTF-8 text"),
        (b"id,nama\nP01,Siti\n", "tidak punya kolom participant_id", "has no column participant_id"),
        (b"participant_id,name\nP01,Siti\nP01,Budi\n", "baris 2 dan 3", "lines 2 and 3"),
        (b"participant_id,name\nP01,Siti\n,Budi\n", "baris 3", "line 3"),
    ],
    ids=["not-utf8", "no-id-column", "duplicate-id", "empty-id"],
)
def test_unreadable_roster_is_a_clear_error(workspace, content, id_words, en_words):
    """Does a bad roster.csv name the file and the problem (id and en) and write nothing?"""
    (workspace / "roster.csv").write_bytes(content)
    old = _old_reports(workspace)
    for lang, words in [("id", id_words), ("en", en_words)]:
        with pytest.raises(ReportError) as error:
            write_reports(workspace, lang=lang, progress=False)
        assert "roster.csv" in str(error.value) and words in str(error.value)
        assert error.value.messages["id"] != error.value.messages["en"]
    assert (old / "grades.csv").read_text(encoding="utf-8") == "old"
    assert not list(workspace.glob(".reports-*"))


def test_missing_roster_says_how_to_import_it(workspace):
    """Without roster.csv, does the error point to `roster import`?"""
    (workspace / "roster.csv").unlink()
    with pytest.raises(ReportError, match="kelas-ekspor roster import"):
        write_reports(workspace, progress=False)


def test_bad_arguments_name_what_is_allowed(workspace):
    """Are an unknown language and a pass mark above 1 refused, in both languages?"""
    with pytest.raises(InputError, match="pilih salah satu dari: id, en"):
        write_reports(workspace, lang="fr", progress=False)
    set_language("en")
    with pytest.raises(InputError, match=r"pass_threshold = 1.5 is not allowed: it must be"):
        write_reports(workspace, pass_threshold=1.5, progress=False)
    assert not (workspace / "reports").exists()


def test_rerun_replaces_reports_but_keeps_edited_and_added_files(workspace):
    """On a second run, are a filled-in manual sheet and a trainer's own file kept?"""
    gradebook = (workspace / "gradebook.db").read_bytes()
    first = write_reports(workspace, progress=False)
    assert (workspace / "gradebook.db").read_bytes() == gradebook  # reports only read it
    reports = workspace / "reports"
    (reports / "catatan-instruktur.txt").write_text("catatan", encoding="utf-8")
    filled = pd.read_excel(first["penilaian-manual.xlsx"])
    filled.loc[filled["participant_id"] == "P04", "score"] = 4
    filled.to_excel(first["penilaian-manual.xlsx"], sheet_name="penilaian-manual", index=False)
    (reports / "participants" / "P03.html").unlink()

    second = write_reports(workspace, progress=False)
    assert set(first) <= set(second)
    assert (reports / "catatan-instruktur.txt").read_text(encoding="utf-8") == "catatan"
    kept = [k for k in second if k.startswith("penilaian-manual.edited-")]
    assert len(kept) == 1
    assert pd.read_excel(second[kept[0]]).set_index("participant_id").loc["P04", "score"] == 4
    assert (reports / "participants" / "P03.html").is_file()
    assert not list(workspace.glob(".reports-*"))


def test_class_with_nothing_graded_yet(workspace):
    """Right after a release, with nothing graded, are there still reports for everyone?"""
    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}", course_id="kelas-ekspor") as gb:
        for pid, aid in SCORES:
            gb.remove_submission(aid, pid)
    written = write_reports(workspace, progress=False)
    rows = _read_csv(written["grades.csv"])
    assert len(rows) == 2 * len(ROSTER)  # P05 has no grades left, so only the roster
    assert {r["score"] for r in rows} == {""}
    flags = {(r["participant"], r["assignment"]): r["flags"] for r in rows}
    # P01's t1 is in submitted/ (collected, not graded); P03's t1 is there too, and flagged
    assert flags.pop(("P01", "t1")) == "not-graded"
    assert flags.pop(("P03", "t1")) == "not-graded;broken-json"
    assert set(flags.values()) == {"missing"}
    assert len(_read_csv(written["questions.csv"])) == 0
    assert pd.read_excel(written["penilaian-manual.xlsx"]).empty
    assert "Siti Aminah" in _pdf_text(written["participants/P01.pdf"])
    assert "Sertifikat" not in _pdf_text(written["participants/P01.pdf"])


def test_assignment_not_yet_released_is_left_out(workspace):
    """Is an assignment registered at init but never generated left out, rather than 'missing' for all?"""
    with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}", course_id="kelas-ekspor") as gb:
        gb.add_assignment("t9-belum-dirilis")
    rows = _read_csv(write_reports(workspace, progress=False)["grades.csv"])
    assert rows and all(r["assignment"] != "t9-belum-dirilis" for r in rows)


# ---------------------------------------------------------------------------------------------
# invariants of the statistics, on classes drawn at random


@st.composite
def classes(draw):
    n_assignments = draw(st.integers(1, 3))
    assignments = []
    for a in range(n_assignments):
        maxima = draw(st.lists(st.sampled_from([1.0, 2.0, 2.5, 5.0]), min_size=1, max_size=4))
        info = AssignmentInfo(f"a{a}", f"A{a}", f"A{a}", draw(st.sampled_from(["m1", "m2"])),
                              a, sum(maxima), [f"a{a}"])
        info.questions = [Question(f"a{a}", f"a{a}", f"q{i}", "auto", m)
                          for i, m in enumerate(maxima)]
        assignments.append(info)
    participants = [Participant(f"P{i}", f"Peserta {i}") for i in range(draw(st.integers(1, 6)))]
    submissions, grades = {}, {}
    for p in participants:
        for a in assignments:
            if not draw(st.booleans()):
                continue
            total = 0.0
            for q in a.questions:
                score = draw(st.sampled_from([0.0, q.max_score / 2, q.max_score]))
                grades[(p.id, a.name, q.notebook, q.name)] = GradeRow(score, score, None, False)
                total += score
            submissions[(p.id, a.name)] = total
    threshold = draw(st.floats(0, 1))
    return ClassData(Path("."), participants, assignments, submissions, grades, {}, [], set(),
                     {}), threshold


@settings(max_examples=60, deadline=None)
@given(classes())
def test_totals_shares_and_pass_agree(case):
    """Are totals the sum of counted scores, shares within [0, 1], and pass iff share ≥ mark?"""
    data, threshold = case
    stats = compute(data, threshold)
    counted = {a.name for a in stats.counted}
    for result in stats.participants:
        expected = sum(s for (pid, aid), s in data.submissions.items()
                       if pid == result.participant.id and aid in counted)
        assert result.total == pytest.approx(expected)
        if result.max_total:
            assert 0 <= result.share <= 1
            assert result.passed is (result.share >= threshold - 1e-12)
        else:
            assert not result.passed
        for share in result.module_shares.values():
            assert 0 <= share <= 1
    for q in stats.questions:
        assert 0 <= q.difficulty <= 1
        assert math.isnan(q.discrimination) or -1 - 1e-9 <= q.discrimination <= 1 + 1e-9
