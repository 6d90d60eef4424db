"""Grading isolation in the class reports: does the grader see how each submission was sandboxed?

``kelas-ekspor grade`` writes ``isolation.csv`` (``participant_id, assignment, level, layers``);
``kelas-ekspor report`` turns it into a section of ``class.html`` and an ``isolasi`` sheet of
``grades.xlsx``. The workspace is the graded class of ``test_reports.py`` (built through
nbgrader's API, no kernels run): six graded submissions, P01/P02/P04 in t1 and P01/P04/P05 in t2.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.exc import SAWarning
from test_reports import SCORES, build_workspace

from grading.engine.sandbox import ALL_LAYERS, Sandbox
from grading.isolation import write_isolation
from grading.reports import ReportError, write_reports
from grading.reports._load import load_class
from grading.workspace import Workspace
from toolkit.i18n import set_language

# nbgrader's own Gradebook.add_submission triggers this SQLAlchemy warning; it is not ours.
pytestmark = pytest.mark.filterwarnings(f"ignore::{SAWarning.__module__}.{SAWarning.__name__}")

FULL = "+".join(ALL_LAYERS)
HEADER = "participant_id,assignment,level,layers\n"
MIXED = HEADER + (  # in no particular order, as the engine keeps other assignments' rows first
    f"P05,t2,full,{FULL}\n"
    "P02,t1,basic,workdir+rlimits\n"
    f"P01,t1,full,{FULL}\n"
    "P04,t1,basic,workdir+rlimits\n"
    f"P01,t2,full,{FULL}\n"
    "P04,t2,partial,workdir+rlimits+user\n"
)
ALL_FULL = HEADER + "".join(f"{pid},{aid},full,{FULL}\n" for pid, aid in SCORES)


@pytest.fixture(autouse=True)
def _language():
    yield
    set_language("id")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_workspace(tmp_path_factory.mktemp("template"))


@pytest.fixture
def workspace(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "kelas"))


def _reports(template: Path, folder: Path, isolation: str | None, lang: str = "id") -> dict:
    ws = Path(shutil.copytree(template, folder / "kelas"))
    if isolation is not None:
        (ws / "isolation.csv").write_text(isolation, encoding="utf-8")
    return write_reports(ws, lang=lang, progress=False)


@pytest.fixture(scope="module")
def mixed(template, tmp_path_factory) -> dict:
    return _reports(template, tmp_path_factory.mktemp("mixed"), MIXED)


def _section(written: dict) -> str:
    html = written["class.html"].read_text(encoding="utf-8")
    assert html.count('id="isolation"') == 1
    return html.split('id="isolation"')[1].split('id="participants"')[0]


def _cells(row_html: str) -> list[str]:
    return [cell.split(">", 1)[1].split("<")[0] for cell in row_html.split("<td")[1:]]


# ---------------------------------------------------------------------------------------------
# class.html


def test_section_counts_submissions_per_assignment_and_level(mixed):
    """Does class.html count t1 as 1 full + 2 basic and t2 as 2 full + 1 partial?"""
    section = _section(mixed)
    assert section.startswith(">Isolasi penilaian</h2>")
    table = section.split("</table>")[0]
    header, t1, t2 = table.split("<tr>")[1:]
    assert [h.split(">")[1].split("<")[0] for h in header.split("<th")[1:]] == [
        "Tugas", "penuh", "sebagian", "dasar", "Total"]
    assert "Biaya produksi" in t1 and _cells(t1)[1:] == ["1", "0", "2", "3"]
    assert "Harga ekspor" in t2 and _cells(t2)[1:] == ["2", "1", "0", "3"]
    assert "tidak tercatat" not in section  # every graded submission has a row


def test_section_says_which_layers_were_missing_for_whom(mixed):
    """Does the note name the missing layers, the participants, the risk and how to fix it?"""
    section = _section(mixed)
    assert "Perhatian: 3 dari 6 kiriman dinilai tanpa isolasi penuh." in section
    assert "Semua kiriman dinilai dalam isolasi penuh" not in section
    groups = section.split("</table>", 1)[1]
    basic = groups.split("<td>dasar</td>")[1].split("</tr>")[0]
    partial = groups.split("<td>sebagian</td>")[1].split("</tr>")[0]
    assert "tanpa pengguna terpisah" in basic and "tanpa jaringan terpisah" in basic
    assert "P02 (t1), P04 (t1)" in basic and ">2</td>" in basic
    assert "tanpa pengguna terpisah" not in partial  # graded as root, without unshare
    assert "tanpa jaringan terpisah" in partial and "P04 (t2)" in partial
    assert "folder kelas tidak disembunyikan" in partial
    assert "kode kiriman dapat memakai jaringan" in groups
    assert "kelas-ekspor grade TUGAS --force" in groups and "util-linux" in groups


def test_section_in_english(template, tmp_path):
    """With lang="en", is the section in English, with the same counts?"""
    section = _section(_reports(template, tmp_path, MIXED, lang="en"))
    assert section.startswith(">Grading isolation</h2>")
    assert "Note: 3 of 6 submissions were graded without full isolation." in section
    assert "no separate network" in section and "no separate user" in section
    assert "kelas-ekspor grade ASSIGNMENT --force" in section and "unshare" in section
    assert "Isolasi" not in section and "tanpa" not in section


def test_all_full_is_one_reassuring_line(template, tmp_path):
    """When every submission ran in full isolation, is there one reassuring line and no warning?"""
    section = _section(_reports(template, tmp_path, ALL_FULL))
    assert "Semua kiriman dinilai dalam isolasi penuh: " in section
    assert "isolation-warning" not in section and "Perhatian" not in section
    assert "tanpa jaringan terpisah" not in section
    table = section.split("</table>")[0]
    assert [_cells(row)[1:] for row in table.split("<tr>")[2:]] == [["3", "0", "0", "3"]] * 2


def test_submissions_without_a_record_are_not_called_full(template, tmp_path):
    """With rows for t2 only (t1 graded before the record existed), is t1 'not recorded'?"""
    t2_only = HEADER + "".join(f"{pid},t2,full,{FULL}\n" for pid, aid in SCORES if aid == "t2")
    section = _section(_reports(template, tmp_path, t2_only))
    header, t1, t2 = section.split("</table>")[0].split("<tr>")[1:]
    assert "tidak tercatat" in header
    assert _cells(t1)[1:] == ["0", "0", "0", "3", "3"]
    assert _cells(t2)[1:] == ["3", "0", "0", "0", "3"]
    assert "Semua kiriman dinilai dalam isolasi penuh" not in section
    assert "3 kiriman yang sudah dinilai tidak punya catatan isolasi" in section


def test_a_file_that_never_ran_is_not_counted(template, tmp_path):
    """Is P02's t1 without a row (a broken file, scored 0 without a kernel) left out of the counts?"""
    ran = HEADER + "".join(f"{pid},{aid},full,{FULL}\n" for pid, aid in SCORES
                           if (pid, aid) != ("P02", "t1"))
    section = _section(_reports(template, tmp_path, ran))
    header, t1, t2 = section.split("</table>")[0].split("<tr>")[1:]
    assert "tidak tercatat" not in section
    assert _cells(t1)[1:] == ["2", "0", "0", "2"] and _cells(t2)[1:] == ["3", "0", "0", "3"]
    assert "Semua kiriman dinilai dalam isolasi penuh: " in section


def test_no_isolation_file_no_section_no_sheet(template, tmp_path):
    """In a workspace graded before isolation.csv existed, is there no section and no sheet?"""
    written = _reports(template, tmp_path, None)
    html = written["class.html"].read_text(encoding="utf-8")
    assert 'id="isolation"' not in html and "Isolasi penilaian" not in html
    assert 'id="participants"' in html
    assert "isolasi" not in load_workbook(written["grades.xlsx"]).sheetnames


# ---------------------------------------------------------------------------------------------
# grades.xlsx


def test_isolasi_sheet_holds_the_rows(mixed):
    """Does grades.xlsx have an `isolasi` sheet with every row, bold header, sized columns?"""
    book = load_workbook(mixed["grades.xlsx"])
    assert book.sheetnames[-1] == "isolasi"
    sheet = book["isolasi"]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("participant_id", "assignment", "level", "layers")
    assert rows[1:] == [  # course order of the assignments, then participant
        ("P01", "t1", "full", FULL),
        ("P02", "t1", "basic", "workdir+rlimits"),
        ("P04", "t1", "basic", "workdir+rlimits"),
        ("P01", "t2", "full", FULL),
        ("P04", "t2", "partial", "workdir+rlimits+user"),
        ("P05", "t2", "full", FULL),
    ]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["D"].width >= len(FULL)
    assert sheet.column_dimensions["A"].width >= len("participant_id")


# ---------------------------------------------------------------------------------------------
# reading isolation.csv


def test_reads_what_the_grading_engine_writes(workspace):
    """Does the reader take the engine's own isolation.csv, including a row with nothing recorded?"""
    ws = Workspace(workspace)
    full = Sandbox(workspace, layers=list(ALL_LAYERS)).description
    basic = Sandbox(workspace, layers=["workdir", "rlimits"]).description
    write_isolation(ws.root, "t1", {"P01": full, "P02": basic, "P04": ""})
    write_isolation(ws.root, "t2", {"P01": full, "P04": full, "P05": full})
    rows = {(r.participant_id, r.assignment): r for r in load_class(workspace).isolation}
    assert len(rows) == 6
    assert rows["P01", "t1"].level == "full" and rows["P01", "t1"].layers == ALL_LAYERS
    assert rows["P01", "t1"].missing == ()
    assert rows["P02", "t1"].level == "basic"
    assert rows["P02", "t1"].missing == ("user", "netns", "pidns", "mountns")
    assert rows["P04", "t1"].level == ""  # resumed from a run that recorded nothing
    section = _section(write_reports(workspace, progress=False))
    assert "1 dari 6 kiriman" in section and "P02 (t1)" in section
    assert "1 kiriman yang sudah dinilai tidak punya catatan isolasi" in section


@pytest.mark.parametrize(
    ("content", "id_words", "en_words"),
    [
        ("participant_id,assignment,layers\nP01,t1,workdir\n",
         "tidak punya kolom level", "has no column level"),
        (HEADER + f"P01,t1,full,{FULL}\nP02,t1,kuat,workdir\n",
         "baris 3: level 'kuat' tidak dikenal", "line 3: level 'kuat' is unknown"),
        (HEADER + f"P01,t1,full,{FULL}\n,t1,basic,workdir+rlimits\n",
         "baris 3: participant_id kosong", "line 3: participant_id is empty"),
        (HEADER + "P01,t1,basic,\n", "baris 2: layers kosong", "line 2: layers is empty"),
        (HEADER + f"P01,t1,full,{FULL}\nP01,t1,basic,workdir\n",
         "baris 2 dan 3", "lines 2 and 3"),
    ],
    ids=["no-level-column", "unknown-level", "empty-participant", "empty-layers", "duplicate"],
)
def test_malformed_isolation_file_is_a_clear_error(workspace, content, id_words, en_words):
    """Does a bad isolation.csv name the file and the line, in both languages, and write nothing?"""
    (workspace / "isolation.csv").write_text(content, encoding="utf-8")
    for lang, words in [("id", id_words), ("en", en_words)]:
        with pytest.raises(ReportError) as error:
            write_reports(workspace, lang=lang, progress=False)
        assert "isolation.csv" in str(error.value) and words in str(error.value)
    assert error.value.messages["id"].startswith("Catatan isolasi penilaian")
    assert error.value.messages["en"].startswith("Grading isolation record")
    assert not (workspace / "reports").exists()
    assert not list(workspace.glob(".reports-*"))
