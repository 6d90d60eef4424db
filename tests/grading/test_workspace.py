"""The class workspace made by ``init`` (nbgrader's own commands on it: see test_grading_engine)."""

from __future__ import annotations

import pytest
from grading_helpers import ASSIGNMENT, NOTEBOOK

from grading.cli import main
from grading.errors import GradingError
from grading.workspace import COURSE_ID, Workspace, init_workspace
from toolkit import set_language


def test_init_creates_an_nbgrader_course(workspace):
    """Does init lay out an nbgrader course with the assignment copied and registered?"""
    ws = workspace
    for folder in ("source", "release", "submitted", "autograded", "feedback", "exchange",
                   "reports"):
        assert (ws.root / folder).is_dir(), folder
    assert (ws.source / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()
    assert (ws.source / ASSIGNMENT / "angka.txt").read_text() == "42\n"
    assert ws.catalog_file.is_file()
    assert ws.roster_file.read_text().splitlines()[0].startswith("participant_id,name,")
    config = ws.config()
    assert config.CourseDirectory.course_id == COURSE_ID
    assert config.CourseDirectory.root == str(ws.root)
    assert config.Exchange.root == str(ws.root / "exchange")
    assert config.CourseDirectory.db_url == f"sqlite:///{ws.root / 'gradebook.db'}"
    with ws.gradebook() as gb:
        assert [a.name for a in gb.assignments] == [ASSIGNMENT]
    assert ws.assignments() == [ASSIGNMENT]


def test_init_again_changes_nothing(workspace, assignments_dir):
    """Is init idempotent: a second run keeps the snapshot, the roster and the config as they are?"""
    ws = workspace
    edited = ws.source / ASSIGNMENT / "angka.txt"
    edited.write_text("7\n")
    ws.roster_file.write_text("participant_id,name\nP01,Siti\n")
    config = ws.config_file.read_text()
    result = init_workspace(ws.root, assignments=assignments_dir)
    assert not result.created and result.kept == [ASSIGNMENT] and result.copied == []
    assert edited.read_text() == "7\n"
    assert ws.roster_file.read_text() == "participant_id,name\nP01,Siti\n"
    assert ws.config_file.read_text() == config


def test_init_refuses_a_folder_with_other_files(tmp_path, assignments_dir):
    """Is a non-empty folder that is not a workspace refused, untouched, in both languages?"""
    folder = tmp_path / "dokumen"
    folder.mkdir()
    (folder / "catatan.txt").write_text("jangan dihapus")
    with pytest.raises(GradingError) as caught:
        init_workspace(folder, assignments=assignments_dir)
    assert "tidak kosong" in str(caught.value)
    assert "not empty" in caught.value.messages["en"]
    assert sorted(p.name for p in folder.iterdir()) == ["catatan.txt"]


def test_init_command_prints_and_refuses(tmp_path, assignments_dir, capsys):
    """Does `kelas-ekspor init DIR` say what it did, and fail with exit code 1 on a foreign folder?"""
    target = tmp_path / "kelas"
    assert main(["init", str(target), "--assignments", str(assignments_dir)]) == 0
    assert "Workspace kelas dibuat" in capsys.readouterr().out
    assert main(["--lang", "en", "init", str(target)]) == 0
    assert "already a class workspace" in capsys.readouterr().out
    other = tmp_path / "lain"
    other.mkdir()
    (other / "x.txt").write_text("x")
    assert main(["init", str(other), "--lang", "en"]) == 1
    assert "is not empty" in capsys.readouterr().err


def test_commands_outside_a_workspace_explain(tmp_path, capsys):
    """Does a command run outside a workspace say how to create one?"""
    assert main(["--workspace", str(tmp_path), "release", ASSIGNMENT]) == 1
    err = capsys.readouterr().err
    assert "bukan workspace kelas" in err and "kelas-ekspor init" in err


def test_unknown_assignment_lists_the_known_ones(workspace):
    """Does an unknown assignment id name the ones that exist?"""
    set_language("en")
    with pytest.raises(GradingError, match="Assignments there: tugas-mini"):
        workspace.require_assignment("tugas-99")


def test_workspace_paths_follow_the_design(tmp_path):
    """Are the paths the design names where the other tools expect them?"""
    ws = Workspace(tmp_path / "w")
    assert ws.flags_file == ws.root / "flags.csv"
    assert ws.release_zip("a1") == ws.root / "release" / "a1.zip"
    assert ws.submission_dir("P01", "a1") == ws.root / "submitted" / "P01" / "a1"
