"""Capacity planner app: driven by setting its controls, read through its result, summary and chart."""

import datetime as dt

import pytest

import toolkit
from toolkit.widgets.capacity import CapacityApp

BATIK = dict(
    quantity=6000,
    workers=12,
    output_per_worker_day=25,
    yield_rate=0.95,
    start=dt.date(2026, 3, 2),
    deadline=dt.date(2026, 3, 27),
    other_days=3,
)


def test_the_batik_order_does_not_fit_and_the_planner_says_by_how_much():
    """Is 6,000 pieces by 27 March (Nyepi on the 19th) six working days short, needing 16 workers?"""
    app = CapacityApp(**BATIK)
    assert app.error is None
    f = app.result["feasibility"]
    assert (f.available_days, f.production_days, f.days_needed) == (19, 22, 25)
    assert (f.feasible, f.slack_days, f.max_quantity, f.workers_needed) == (False, -6, 4560, 16)
    summary = app.summary.value
    assert "Belum sanggup: kurang 6 hari kerja" in summary
    assert "4.560 unit" in summary and "285 unit" in summary and "19 hari kerja" in summary
    ax = app.figure.axes[0]
    assert ax.has_data() and bytes(app.image.value).startswith(b"\x89PNG")
    assert ax.get_title() == "Kurang 585 unit pada tenggat"
    assert len(app.result["table"]) == 19


def test_more_workers_make_it_fit():
    """With the 16 workers it asked for, is the order feasible and the chart's order covered?"""
    app = CapacityApp(**BATIK)
    app.controls["workers"].value = 16
    f = app.result["feasibility"]
    assert f.feasible and f.slack_days >= 0
    assert "Sanggup: sisa" in app.summary.value
    assert app.figure.axes[0].get_title().startswith("Pesanan terpenuhi pada")


def test_a_lebaran_closure_takes_its_working_days_away():
    """Does closing 9–13 March remove those five working days from the time available?"""
    app = CapacityApp(**BATIK)
    app.controls["closures"].value = "2026-03-09 sampai 2026-03-13"
    assert app.result["feasibility"].available_days == 14
    app.controls["workdays"].value = "Mon-Sat"
    # Saturdays 7 and 14 March become working days; 21 March is Idul Fitri.
    assert app.result["feasibility"].available_days == 14 + 2


def test_a_closure_that_cannot_be_read_is_a_sentence_and_the_plan_stays():
    """Is a closure typed as a word refused in Indonesian, naming the entry, the last plan kept?"""
    app = CapacityApp(**BATIK)
    good = app.result
    app.controls["closures"].value = "minggu depan"
    assert app.error.startswith("Tutup (mis. Lebaran), baris 1 = 'minggu depan' tidak diperbolehkan")
    assert app.result is good
    assert "Periksa isian" in app.message.value


def test_a_deadline_before_the_start_is_a_sentence_in_english():
    """Is a deadline before the start explained in English when the app was built in English?"""
    toolkit.set_language("en")
    app = CapacityApp(**BATIK)
    app.controls["deadline"].value = dt.date(2026, 2, 27)
    assert app.error.startswith("Ready by = 27 February 2026 is not allowed")
    assert "on or after start (2026-03-02)" in app.error
    assert app.result["feasibility"].available_days == 19


def test_a_cleared_date_is_a_sentence():
    """Does clearing the start date give a sentence asking for a date, not a traceback?"""
    app = CapacityApp(**BATIK)
    app.controls["start"].value = ""
    assert app.error.startswith("Mulai produksi: kotak ini masih kosong: ketik tanggalnya")
    assert app.stale and "ke-stale" in app.summary._dom_classes


def test_dates_without_a_working_day_draw_a_note():
    """Do a start and deadline on one weekend give an infeasible plan and a chart with a note?"""
    app = CapacityApp(**{**BATIK, "start": dt.date(2026, 3, 21), "deadline": dt.date(2026, 3, 22)})
    assert app.error is None
    assert app.result["feasibility"].available_days == 0
    assert app.result["table"].empty
    assert [t.get_text() for t in app.figure.axes[0].texts] == [
        "Tidak ada hari kerja sampai tenggat"
    ]
    assert "tidak cukup waktu" in app.summary.value


@pytest.mark.parametrize(
    ("control", "value"), [("yield_rate", 0.05), ("output_per_worker_day", 0.1), ("workers", 1)]
)
def test_the_smallest_values_the_controls_allow_work(control, value):
    """Do the lowest values the controls allow give a result (a long way short), never an error?"""
    app = CapacityApp(**BATIK)
    app.controls[control].value = value
    assert app.error is None
    assert not app.result["feasibility"].feasible


def test_capacity_planner_in_english():
    """Are the labels, verdict and chart English after set_language("en")?"""
    toolkit.set_language("en")
    app = CapacityApp(**BATIK)
    assert app.controls["workers"].description == "Workers"
    assert app.controls["workdays"].options[0][0] == "Monday–Friday"
    assert "Not feasible: 6 working days short" in app.summary.value
    assert "Largest order that fits" in app.summary.value
    assert app.figure.axes[0].get_title() == "585 units short at the deadline"
