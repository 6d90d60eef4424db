"""``roster import``: good files in both languages, bad files rejected whole with line numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from grading.cli import main
from grading.errors import GradingError
from grading.roster import import_roster, read_roster
from toolkit import set_language

KELAS_EKSPOR = str(Path(sys.executable).parent / "kelas-ekspor")


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _students(ws) -> dict[str, tuple[str, str | None]]:
    with ws.gradebook() as gb:
        return {s.id: (s.first_name, s.email) for s in gb.students}


def test_csv_with_indonesian_headers_fills_roster_and_gradebook(workspace, roster_file):
    """Does an Indonesian-header CSV land in roster.csv and the gradebook (name, e-mail)?"""
    result = import_roster(workspace, roster_file)
    assert result.added == ["P01", "P02", "P03"] and result.total == 3
    rows = workspace.participants()
    assert [r["participant_id"] for r in rows] == ["P01", "P02", "P03"]
    assert rows[0]["village"] == "Situterate, Cikande"
    assert rows[0]["type"] == "BUMDes" and rows[1]["type"] == "UMKM"
    students = _students(workspace)
    assert students["P01"] == ("Siti Rahmawati", "siti@example.com")
    assert students["P03"] == ("Euis Nurhayati", None)


def test_xlsx_with_english_headers_in_any_case(workspace, tmp_path):
    """Are English headers read whatever their case and spacing, numeric ids as text?"""
    path = _xlsx(tmp_path / "class.xlsx", [
        [" Participant ID ", "NAME", "Organisation", "village", "Product", "E-mail", "Type"],
        ["SRG-001", "Dewi Safitri", "BUMDes Sejahtera", "Lontar, Tirtayasa", "Kopi robusta",
         "dewi@example.com", "bumdes"],
        [None, None, None, None, None, None, None],
        [2, "Asep Maulana", "Emping Barokah", "Domas, Pontang", "Emping melinjo", None, "UMKM"],
    ])
    result = import_roster(workspace, path)
    assert result.added == ["SRG-001", "2"]
    assert workspace.participants()[0]["type"] == "BUMDes"


def test_semicolon_csv_and_a_second_import_update(workspace, roster_file, tmp_path):
    """Does a semicolon CSV (Excel in Indonesian) update one participant and add another?"""
    import_roster(workspace, roster_file)
    update = tmp_path / "tambahan.csv"
    update.write_text("ID_PESERTA;NAMA;EMAIL\nP02;Budi H.;budi2@example.com\nP04;Iin;\n",
                      encoding="utf-8")
    result = import_roster(workspace, update)
    assert result.updated == ["P02"] and result.added == ["P04"] and result.total == 4
    assert _students(workspace)["P02"] == ("Budi H.", "budi2@example.com")


BAD_FILES = [
    ("id_peserta,nama\nP01,Siti\n,Budi\nP03,Euis\n", [3], "id_peserta kosong", "is empty"),
    ("id_peserta,nama\nP01,Siti\nP02,Budi\np01,Euis\n", [4], "sudah dipakai di baris 2",
     "already used on line 2"),
    ("id_peserta,nama,telepon\nP01,Siti,0812\n", [1], "'telepon' tidak dikenal",
     "unknown column header 'telepon'"),
    ("nama,email\nSiti,s@example.com\n", [1], "kolom id_peserta", "the column participant_id"),
    ("id_peserta,nama\nP 01,Siti\nP02,\n", [2, 3], "tidak sah", "is not valid"),
]


@pytest.mark.parametrize("content, lines, text_id, text_en", BAD_FILES)
def test_bad_file_is_rejected_whole_with_line_numbers(workspace, roster_file, tmp_path, content,
                                                      lines, text_id, text_en):
    """Is a file with a bad row rejected whole, naming its lines, with nothing imported?"""
    import_roster(workspace, roster_file)
    before = workspace.roster_file.read_bytes(), _students(workspace)
    bad = tmp_path / "buruk.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(GradingError) as caught:
        import_roster(workspace, bad)
    assert caught.value.lines == lines
    message = str(caught.value)
    assert message.startswith("buruk.csv: baris") and text_id in message
    assert "tidak ada yang diimpor" in message
    set_language("en")
    assert text_en in str(caught.value) and "nothing was imported" in str(caught.value)
    assert (workspace.roster_file.read_bytes(), _students(workspace)) == before


def test_xlsx_line_numbers_are_spreadsheet_rows(tmp_path):
    """Does a bad XLSX row name the spreadsheet's row number?"""
    path = _xlsx(tmp_path / "kelas.xlsx", [
        ["id_peserta", "nama"], ["P01", "Siti"], [None, None], ["P01", "Budi"]])
    with pytest.raises(GradingError) as caught:
        read_roster(path)
    assert caught.value.lines == [4]
    assert "baris 4" in str(caught.value)


@pytest.mark.parametrize("name, content", [
    ("kosong.csv", b""),
    ("gambar.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("rusak.xlsx", b"PK\x03\x04 this is not a real workbook"),
    ("lama.xls", b"\xd0\xcf\x11\xe0"),
    ("judul-saja.csv", b"id_peserta,nama\n"),
])
def test_unreadable_or_empty_files_are_refused(workspace, tmp_path, name, content):
    """Is an empty, binary, broken or old-format file refused with a message naming it?"""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(GradingError) as caught:
        import_roster(workspace, path)
    assert str(caught.value).startswith(name)
    assert workspace.participants() == []


def test_cli_prints_result_and_fails_on_a_bad_file(workspace, roster_file, tmp_path, capsys):
    """Does `roster import` report the counts, and exit 1 naming the lines on a bad file?"""
    assert main(["--workspace", str(workspace.root), "roster", "import", str(roster_file)]) == 0
    assert "3 peserta baru" in capsys.readouterr().out
    bad = tmp_path / "dobel.csv"
    bad.write_text("participant_id,name\nP09,A\nP09,B\n", encoding="utf-8")
    code = main(["roster", "import", str(bad), "--workspace", str(workspace.root), "--lang", "en"])
    assert code == 1
    assert "line 3: participant_id 'P09' is already used on line 2" in capsys.readouterr().err


def test_console_script_runs(workspace, tmp_path):
    """Does the installed `kelas-ekspor` script run a command and return its exit code?"""
    bad = tmp_path / "kosong.csv"
    bad.write_text("", encoding="utf-8")
    run = subprocess.run([KELAS_EKSPOR, "--lang", "en", "--workspace", str(workspace.root),
                          "roster", "import", str(bad)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 1
    assert "kosong.csv: the file is empty" in run.stderr
    version = subprocess.run([KELAS_EKSPOR, "--version"], capture_output=True, text=True,
                             timeout=300)
    assert version.returncode == 0 and version.stdout.startswith("kelas-ekspor ")
