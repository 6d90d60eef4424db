"""``release`` (both-ways check, exchange, zip) and ``collect`` (exchange, folder, zip)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile
from pathlib import Path

import nbformat
import pytest
from grading_helpers import ASSIGNMENT, NOTEBOOK, SECRET, make_faulty_assignment, tree_hashes

from grading.cli import main
from grading.collect import collect_from_exchange, collect_from_path
from grading.errors import GradingError
from grading.flags import read_flags
from grading.release import release_assignment
from grading.roster import import_roster
from grading.workspace import init_workspace
from toolkit import set_language

IDS = ["SRG-1", "SRG-10", "SRG-2", "SRG-3", "SRG-4"]


@pytest.fixture
def class_workspace(workspace, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("participant_id,name\n" + "".join(f"{i},Peserta {i}\n" for i in IDS),
                      encoding="utf-8")
    import_roster(workspace, roster)
    return workspace


def _nb_bytes(marker: str) -> bytes:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(f"# {marker}")])
    return nbformat.writes(nb).encode()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _local(moment: dt.datetime) -> dt.datetime:
    """A naive local wall-clock time (as a zip stores it) as UTC."""
    return moment.astimezone().astimezone(dt.timezone.utc)


def test_release_checks_both_ways_and_hands_out_zip_and_exchange(workspace, capsys):
    """Does release pass both ways, fill the exchange, zip the participant files and say where?"""
    assert main(["--workspace", str(workspace.root), "release", ASSIGNMENT]) == 0
    out = capsys.readouterr().out
    zip_path = workspace.release_zip(ASSIGNMENT)
    assert str(zip_path) in out and "lolos" in out
    with zipfile.ZipFile(zip_path) as archive:
        assert sorted(archive.namelist()) == [f"{ASSIGNMENT}/angka.txt",
                                              f"{ASSIGNMENT}/{NOTEBOOK}.ipynb"]
        released = archive.read(f"{ASSIGNMENT}/{NOTEBOOK}.ipynb").decode()
    assert SECRET not in released and "HIDDEN" not in released
    assert "open('angka.txt')" not in released and "TULIS KODE ANDA DI SINI" in released
    outbound = workspace.exchange / "kelas-ekspor" / "outbound" / ASSIGNMENT
    assert (outbound / f"{NOTEBOOK}.ipynb").is_file()

    # a participant on the same machine submits through the exchange; collect takes the newest
    inbound = workspace.exchange / "kelas-ekspor" / "inbound"
    for stamp, marker in [("2026-03-20 08:00:00.000000 UTC", "lama"),
                          ("2026-03-21 09:30:00.000000 UTC", "baru")]:
        folder = inbound / f"P01+{ASSIGNMENT}+{stamp}+a1b2c3{marker}"
        folder.mkdir(parents=True)
        (folder / f"{NOTEBOOK}.ipynb").write_bytes(_nb_bytes(marker))
        (folder / "timestamp.txt").write_text(stamp)
    result = collect_from_exchange(workspace, ASSIGNMENT)
    assert [c.participant for c in result.collected] == ["P01"]
    submitted = workspace.submission_dir("P01", ASSIGNMENT)
    assert b"baru" in (submitted / f"{NOTEBOOK}.ipynb").read_bytes()
    assert (submitted / "timestamp.txt").read_text().startswith("2026-03-21 09:30:00")


def test_release_refuses_an_assignment_that_fails_either_way(tmp_path):
    """Is an assignment whose solution fails, or whose test passes blank, refused and not handed out?"""
    ws = init_workspace(tmp_path / "kelas",
                        assignments=make_faulty_assignment(tmp_path / "tugas")).workspace
    with pytest.raises(GradingError) as caught:
        release_assignment(ws, "tugas-salah")
    message = str(caught.value)
    assert "tidak dirilis" in message and "tes-z" in message and "tes-lolos" in message
    set_language("en")
    assert "pass without any answer" in str(caught.value)
    assert not (ws.release / "tugas-salah").exists()
    assert not ws.release_zip("tugas-salah").exists()
    assert not (ws.exchange / "kelas-ekspor" / "outbound" / "tugas-salah").exists()


def _mail_zip(path: Path) -> dict[str, bytes]:
    """A zip as a trainer saves it from e-mail: names people use, a nested zip, junk."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr(zipfile.ZipInfo("tugas-mini.ipynb", (2026, 3, 19, 10, 0, 0)),
                        _nb_bytes("srg-4"))
    files = {
        ("kiriman/SRG-1_tugas.ipynb", (2026, 3, 18, 8, 0, 0)): _nb_bytes("srg-1 lama"),
        ("kiriman/SRG-1 revisi.ipynb", (2026, 3, 19, 21, 15, 0)): _nb_bytes("srg-1 baru"),
        ("kiriman/Tugas srg-10.ipynb", (2026, 3, 19, 9, 0, 0)): _nb_bytes("srg-10"),
        ("kiriman/SRG-2 Budi/tugas-mini.ipynb", (2026, 3, 19, 7, 0, 0)): _nb_bytes("srg-2"),
        ("kiriman/SRG-2 dan SRG-3.ipynb", (2026, 3, 19, 7, 0, 0)): _nb_bytes("dua orang"),
        ("kiriman/jawaban final.ipynb", (2026, 3, 19, 7, 0, 0)): _nb_bytes("tanpa id"),
        ("__MACOSX/kiriman/._SRG-3.ipynb", (2026, 3, 19, 7, 0, 0)): b"\x00\x05junk",
        ("kiriman/catatan.txt", (2026, 3, 19, 7, 0, 0)): b"bukan notebook",
        ("kiriman/SRG-4.zip", (2026, 3, 19, 10, 5, 0)): inner.getvalue(),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for (name, when), data in files.items():
            archive.writestr(zipfile.ZipInfo(name, when), data)
    return {name: data for (name, _), data in files.items()}


def test_collect_from_a_mailed_zip(class_workspace, tmp_path, capsys):
    """Are zip files matched by id (longest wins, newest wins), the rest listed, the zip untouched?"""
    ws = class_workspace
    mail = tmp_path / "email.zip"
    _mail_zip(mail)
    before = _sha(mail), mail.stat().st_mtime_ns
    assert main(["--workspace", str(ws.root), "collect", ASSIGNMENT, "--from", str(mail)]) == 0
    out = capsys.readouterr().out
    assert "4 kiriman tugas-mini dikumpulkan" in out
    assert "2 file TIDAK cocok" in out and "jawaban final.ipynb" in out
    assert "SRG-3" in out.split("belum mengirim:")[1]  # SRG-3 only sent an ambiguous file

    def submitted(pid: str) -> bytes:
        return (ws.submission_dir(pid, ASSIGNMENT) / f"{NOTEBOOK}.ipynb").read_bytes()

    assert b"srg-1 baru" in submitted("SRG-1")
    assert b"srg-10" in submitted("SRG-10")
    assert b"srg-2" in submitted("SRG-2")
    assert b"srg-4" in submitted("SRG-4")
    assert not ws.submission_dir("SRG-3", ASSIGNMENT).exists()
    stamp = (ws.submission_dir("SRG-1", ASSIGNMENT) / "timestamp.txt").read_text()
    assert stamp == _local(dt.datetime(2026, 3, 19, 21, 15)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    unmatched = [f for f in read_flags(ws.flags_file) if f.code == "unmatched-file"]
    assert len(unmatched) == 2 and all(f.participant_id == "" for f in unmatched)
    assert any("SRG-2 dan SRG-3.ipynb" in f.reason_id and "lebih dari satu id" in f.reason_id
               for f in unmatched)
    assert (_sha(mail), mail.stat().st_mtime_ns) == before

    again = collect_from_path(ws, ASSIGNMENT, mail)  # the same mail twice changes nothing
    assert again.collected == [] and len(again.kept) == 4
    assert len([f for f in read_flags(ws.flags_file) if f.code == "unmatched-file"]) == 2


def test_collect_from_a_folder_keeps_the_newest(class_workspace, tmp_path):
    """From a folder: is the newest file used, an older one never replacing it, the folder untouched?"""
    ws = class_workspace
    inbox = tmp_path / "unduhan"
    (inbox / "WA SRG-3").mkdir(parents=True)
    files = {
        inbox / "SRG-2.ipynb": ("srg-2 pagi", dt.datetime(2026, 3, 19, 8, 0)),
        inbox / "SRG-2 (1).ipynb": ("srg-2 siang", dt.datetime(2026, 3, 19, 13, 0)),
        inbox / "WA SRG-3" / "Tugas Mini.IPYNB": ("srg-3", dt.datetime(2026, 3, 19, 9, 0)),
        inbox / "tanpa-nama.ipynb": ("siapa", dt.datetime(2026, 3, 19, 9, 0)),
    }
    for path, (marker, when) in files.items():
        path.write_bytes(_nb_bytes(marker))
        os.utime(path, (when.timestamp(), when.timestamp()))
    before = tree_hashes(inbox)
    result = collect_from_path(ws, ASSIGNMENT, inbox)
    assert sorted(c.participant for c in result.collected) == ["SRG-2", "SRG-3"]
    assert [s.shown for s in result.superseded] == ["unduhan/SRG-2.ipynb"]
    assert [u[0] for u in result.unmatched] == ["unduhan/tanpa-nama.ipynb"]
    folder = ws.submission_dir("SRG-2", ASSIGNMENT)
    assert b"srg-2 siang" in (folder / f"{NOTEBOOK}.ipynb").read_bytes()
    assert (folder / "timestamp.txt").read_text() == _local(
        dt.datetime(2026, 3, 19, 13, 0)).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    assert tree_hashes(inbox) == before

    late = tmp_path / "lama" / "SRG-2.ipynb"  # an old copy found later does not win
    late.parent.mkdir()
    late.write_bytes(_nb_bytes("srg-2 kemarin"))
    when = dt.datetime(2026, 3, 18, 8, 0).timestamp()
    os.utime(late, (when, when))
    result = collect_from_path(ws, ASSIGNMENT, late.parent)
    assert result.collected == [] and [k.participant for k in result.kept] == ["SRG-2"]
    assert b"srg-2 siang" in (folder / f"{NOTEBOOK}.ipynb").read_bytes()


def test_collect_needs_a_roster_and_a_real_source(workspace, tmp_path):
    """Are an empty roster and a path that is neither folder nor zip explained?"""
    with pytest.raises(GradingError, match="Roster masih kosong"):
        collect_from_path(workspace, ASSIGNMENT, tmp_path)
    workspace.roster_file.write_text("participant_id,name\nP01,Siti\n", encoding="utf-8")
    note = tmp_path / "catatan.txt"
    note.write_text("x")
    set_language("en")
    with pytest.raises(GradingError, match="is not a folder, a .zip file"):
        collect_from_path(workspace, ASSIGNMENT, note)


def _assignment(folder: Path, name: str, cells: list) -> Path:
    """An assignments folder holding one notebook ``name`` made of ``cells`` and a catalog."""
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    (folder / name).mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name / f"{name}.ipynb")
    (folder / "catalog.csv").write_text(
        f"assignment,module,title_id,title_en,order\n{name},02 biaya,T,T,1\n", encoding="utf-8")
    return folder


def test_release_never_runs_notebooks_inside_source(tmp_path):
    """Does the both-ways check run the solutions elsewhere, so a file they write neither lands
    in source/ nor lets a blank submission earn points?"""
    from grading_helpers import _cell

    folder = _assignment(tmp_path / "tugas", "tulis-file", [
        _cell("code", "### BEGIN SOLUTION\nwith open('hasil.txt', 'w') as fh:\n"
                      "    fh.write('42')\n### END SOLUTION", "jawab", solution=True),
        _cell("code", "assert open('hasil.txt').read() == '42'", "tes", grade=True,
              locked=True, points=1.0),
    ])
    ws = init_workspace(tmp_path / "kelas", assignments=folder).workspace
    before = tree_hashes(ws.source)
    release_assignment(ws, "tulis-file")  # solutions pass, the blank release does not
    assert tree_hashes(ws.source) == before
    assert not (ws.release / "tulis-file" / "hasil.txt").exists()


def test_release_names_metadata_nbgrader_would_refuse(tmp_path):
    """Are old metadata formats, graded cells without an id and duplicate ids refused at release,
    cell by cell, with what to do — before anything is generated?"""
    from grading_helpers import _cell

    old = _cell("code", "x = 1", "lama", solution=True)
    old.metadata["nbgrader"] = {"solution": True, "grade": False, "grade_id": "lama",
                                "schema_version": 1}
    no_id = _cell("code", "assert True", "tanpa-id", grade=True, locked=True, points=1.0)
    del no_id.metadata["nbgrader"]["grade_id"]
    twin_a = _cell("code", "### BEGIN SOLUTION\ny = 2\n### END SOLUTION", "kembar",
                   solution=True)
    twin_b = _cell("code", "assert y == 2", "kembar", grade=True, locked=True, points=1.0)
    plain = _cell("code", "print('catatan')", "x")  # nbgrader metadata, no role: needs no id
    del plain.metadata["nbgrader"]["grade_id"]
    folder = _assignment(tmp_path / "tugas", "liar", [old, no_id, twin_a, twin_b, plain])
    ws = init_workspace(tmp_path / "kelas", assignments=folder).workspace
    with pytest.raises(GradingError) as caught:
        release_assignment(ws, "liar")
    set_language("en")
    try:
        message = str(caught.value)
    finally:
        set_language("id")
    assert "cells 1 use an old nbgrader metadata format" in message
    assert "nbgrader update source/liar/liar.ipynb" in message
    assert "cell 2: marked for nbgrader but has no ID" in message
    assert "cells 3 and 4 share the ID 'kembar'" in message
    assert "cell 5" not in message
    assert not (ws.release / "liar").exists()


def test_collect_keeps_the_time_nbgrader_wrote(class_workspace, tmp_path):
    """Is a submission sent as nbgrader's own folder (with its timestamp.txt) recorded at that
    time, not at the time the file was copied, from a folder and from a zip?"""
    ws = class_workspace
    sent = tmp_path / "dari-hub"
    for pid, stamp in (("SRG-1", "2026-03-19 23:59:00.000000 UTC"),
                       ("SRG-2", "2026-03-21 10:15:30.500000 UTC")):
        folder = sent / pid / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{NOTEBOOK}.ipynb").write_bytes(_nb_bytes(pid))
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    result = collect_from_path(ws, ASSIGNMENT, sent)
    times = {c.participant: c.timestamp for c in result.collected}
    assert times["SRG-1"] == dt.datetime(2026, 3, 19, 23, 59, tzinfo=dt.timezone.utc)
    assert times["SRG-2"] == dt.datetime(2026, 3, 21, 10, 15, 30, 500000, tzinfo=dt.timezone.utc)
    assert (ws.submission_dir("SRG-1", ASSIGNMENT) / "timestamp.txt").read_text().startswith(
        "2026-03-19 23:59:00")
    assert result.not_notebooks == 0  # a timestamp.txt is not counted as a stray file

    archive = tmp_path / "kiriman.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(f"SRG-3/{ASSIGNMENT}/{NOTEBOOK}.ipynb", _nb_bytes("SRG-3"))
        z.writestr(f"SRG-3/{ASSIGNMENT}/timestamp.txt", "2026-03-18 07:00:00.000000 UTC")
    result = collect_from_path(ws, ASSIGNMENT, archive)
    assert [c.timestamp for c in result.collected] == [
        dt.datetime(2026, 3, 18, 7, 0, tzinfo=dt.timezone.utc)]


def test_late_work_follows_nbgrader_late_submission_settings(tmp_path):
    """With a due date set at release and nbgrader's penalty 'zero', does a submission stamped
    after the due date score 0 and one before it keep its points?"""
    from grading_helpers import PERFECT, answered, make_assignments, write_submission

    from grading.engine import grade_assignment

    ws = init_workspace(tmp_path / "kelas", assignments=make_assignments(tmp_path / "a")).workspace
    with ws.config_file.open("a", encoding="utf-8") as fh:
        fh.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    result = release_assignment(ws, ASSIGNMENT, due="2026-03-20 17:00+07:00")
    assert result.due == dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.timezone.utc)
    release = nbformat.read(ws.release / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    for pid, stamp in (("tepat", "2026-03-20 09:59:00.000000 UTC"),
                       ("telat", "2026-03-20 10:01:00.000000 UTC")):
        folder = ws.submission_dir(pid, ASSIGNMENT)
        write_submission(folder, answered(release, PERFECT))
        (folder / "timestamp.txt").write_text(stamp, encoding="utf-8")
    grade_assignment(ws, ASSIGNMENT, workers=2, progress=False)
    with ws.gradebook() as gb:
        on_time = gb.find_submission(ASSIGNMENT, "tepat")
        late = gb.find_submission(ASSIGNMENT, "telat")
        assert on_time.late_submission_penalty == 0 and on_time.score == on_time.code_score
        assert late.total_seconds_late == 60
        assert late.late_submission_penalty == late.code_score > 0
