"""``kelas-ekspor demo`` on a small class and the tiny assignment: every step, ending in reports."""

from __future__ import annotations

import csv
import re

import pytest
from grading_helpers import ASSIGNMENT

from grading.demo import PRODUCTS, VILLAGES, _fresh, run_demo, synthetic_class
from grading.errors import GradingError
from toolkit import data


def test_synthetic_class_is_80_percent_bumdes_from_serang():
    """Is a class of 100 made of 80 BUMDes and 20 UMKM, each from a Serang village, ids unique?"""
    people = synthetic_class(100, seed=7)
    assert sum(p["type"] == "BUMDes" for p in people) == 80
    assert len({p["participant_id"] for p in people}) == 100
    kecamatan = {p["village"].split(", ")[1] for p in people}
    assert kecamatan <= set(VILLAGES)
    assert all(p["organisation"].startswith("BUMDes ") == (p["type"] == "BUMDes") for p in people)
    assert synthetic_class(100, seed=7) == people  # seeded


def test_synthetic_class_makes_the_course_products_named_in_indonesian():
    """Is every product of the demo's roster a product of the course's data, by its Indonesian name?"""
    names = {re.sub(r"\s*\(.*\)$", "", name) for name in data.load("products")["name_id"]}
    assert set(PRODUCTS) <= names, set(PRODUCTS) - names
    assert {p["product"] for p in synthetic_class(100, seed=7)} <= names


def test_demo_runs_the_whole_flow(tmp_path, assignments_dir):
    """Does the demo end with class.html, one report per participant and hand-graded answers?"""
    lines = []
    ws = run_demo(tmp_path / "kelas-demo", participants=4, workers=2, seed=3, progress=False,
                  assignments=assignments_dir, say=lambda id_text, en_text: lines.append(id_text))
    assert (ws.reports / "class.html").is_file()
    assert len(list((ws.reports / "participants").glob("*.html"))) == 4
    assert len(list((ws.reports / "participants").glob("*.pdf"))) == 4
    assert any("lembar penilaian manual" in line for line in lines)
    with ws.gradebook() as gb:
        manual = [g.manual_score for s in gb.assignment_submissions(ASSIGNMENT)
                  for g in s.notebooks[0].grades if g.manual_score is not None]
    assert manual, "no written answer was scored through the spreadsheet"
    with open(ws.reports / "grades.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 4
    assert (ws.root / ".kelas-demo").is_file()  # marks the folder as one the demo may replace


def test_demo_replaces_only_an_old_demo(tmp_path):
    """Is an old demo workspace replaced, and a folder with other files refused untouched?"""
    old = tmp_path / "kelas-demo"
    old.mkdir()
    (old / ".kelas-demo").write_text("demo")
    (old / "gradebook.db").write_text("lama")
    _fresh(old)
    assert not old.exists()
    (tmp_path / "skripsi.docx").write_text("penting")
    with pytest.raises(GradingError, match="bukan workspace demo"):
        run_demo(tmp_path, participants=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["skripsi.docx"]
