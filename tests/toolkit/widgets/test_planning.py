"""Delivery planner: driven by setting control values, checked against toolkit.planning."""

import datetime as dt

import ipywidgets as widgets
import pandas as pd
import pytest

import toolkit
from toolkit import planning
from toolkit.errors import InputError
from toolkit.i18n import format_date
from toolkit.widgets._controls import CountSlider
from toolkit.widgets.planning import (
    RUNS,
    SEED,
    PlanningApp,
    parse_closures,
    parse_tasks,
    schedule_html,
)

DEADLINE = dt.date(2026, 3, 27)
TASKS = [("Bahan baku", 5), ("Produksi", 15), ("QC dan pengemasan", 3), ("Truk ke pelabuhan", 1)]
SPREADS = (
    ("Bahan baku", 4, 5, 8),
    ("Produksi", 12, 15, 20),
    ("QC dan pengemasan", 2, 3, 4),
    ("Truk ke pelabuhan", 1, 1, 1),
)


@pytest.fixture
def app():
    return PlanningApp(deadline=DEADLINE)


# --- reading the text boxes -----------------------------------------------------------------


def test_task_lines_are_read_with_or_without_spreads():
    """Is each line read as (name, days, shortest, longest), a line without spread taking exactly its days?"""
    assert parse_tasks("Bahan baku, 5, 4, 8\n\n# komentar\nTruk; 1\nQC\t2\t1\t3") == [
        ("Bahan baku", 5, 4, 8),
        ("Truk", 1, 1, 1),
        ("QC", 2, 1, 3),
    ]


@pytest.mark.parametrize(
    "text", ["Produksi, lima", "Produksi", "Produksi, 5, 4", ", 5", "Produksi, -3", "Produksi, 2.5"]
)
def test_bad_task_lines_are_sentences_in_both_languages(text):
    """Is a task line that cannot be read an InputError saying how to write it, in both languages?"""
    with pytest.raises(InputError) as error:
        parse_tasks("Bahan baku, 5\n" + text)
    assert str(error.value).startswith(
        f"tasks, baris 2 = {text.strip()!r} tidak diperbolehkan: tulis setiap baris"
    )
    toolkit.set_language("en")
    assert str(error.value).startswith(
        f"tasks, line 2 = {text.strip()!r} is not allowed: write each line like"
    )


def test_task_names_may_hold_commas():
    """Is a task name with commas read whole, the numbers taken from the end of the line?"""
    text = "Karantina, PEB, stuffing, VGM, truk ke Priok, 3\nQC, kemas; label, 4, 3, 6"
    assert parse_tasks(text) == [
        ("Karantina, PEB, stuffing, VGM, truk ke Priok", 3, 3, 3),
        ("QC, kemas; label", 4, 3, 6),
    ]


@pytest.mark.parametrize(
    ("text", "number"),
    [("Produksi, 2,5", "2"), ("Produksi, 15, 12,5, 20", "15"), ("Batch, 2, kemas, 3", "2")],
)
def test_a_number_inside_a_task_name_is_refused_not_guessed(text, number):
    """Is a bare number left inside the name (a decimal comma, a missing number) refused, naming it, in both languages?"""
    with pytest.raises(InputError) as error:
        parse_tasks(text)
    message = str(error.value)
    assert message.startswith(f"tasks, baris 1 = {text!r} tidak diperbolehkan: tulis setiap baris")
    assert f'nama tugas boleh memuat koma, tetapi "{number}" di tengah baris tidak jelas' in message
    toolkit.set_language("en")
    assert f'a task name may hold commas, but "{number}" in the middle of the line is unclear' in str(
        error.value
    )


def test_closures_are_read_as_dates_and_ranges():
    """Are closures read as single dates and (first, last) ranges, in several spellings?"""
    text = "2026-03-16 sampai 2026-03-24\n2026-04-03; 2026-05-01 s/d 2026-05-02\n2026-06-01 - 2026-06-02\n2026-07-01..2026-07-03"
    assert parse_closures(text) == [
        ("2026-03-16", "2026-03-24"),
        "2026-04-03",
        ("2026-05-01", "2026-05-02"),
        ("2026-06-01", "2026-06-02"),
        ("2026-07-01", "2026-07-03"),
    ]
    indonesian = "5 Maret 2027 sampai 19 Maret 2027\n05/03/2027 - 19/03/2027\n16/03/2026"
    assert parse_closures(indonesian) == [
        ("2027-03-05", "2027-03-19"), ("2027-03-05", "2027-03-19"), "2026-03-16",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Lebaran",
        "16032026",
        "2026-03-16 dan 2026-03-20",
        "2026-03-16 x",
        "2026-03-16 2026-03-17 2026-03-18",
    ],
)
def test_bad_closures_are_sentences_in_both_languages(text):
    """Is a closure that cannot be read an InputError with an example, in both languages?"""
    with pytest.raises(InputError) as error:
        parse_closures(text)
    assert "tulis satu tanggal atau rentang per baris" in str(error.value)
    toolkit.set_language("en")
    assert "write one date or range per line" in str(error.value)


# --- the app --------------------------------------------------------------------------------


def test_schedule_is_the_toolkit_backward_schedule(app):
    """Is the plan planning.backward_schedule's, over Indonesian holidays, with its latest start shown?"""
    expected = planning.backward_schedule(DEADLINE, TASKS, buffer_days=2)
    pd.testing.assert_frame_equal(app.result["schedule"], expected)
    assert app.result["latest_start"] == expected["start"].iloc[0] == dt.date(2026, 2, 19)
    assert app.result["available_days"] == 26
    assert format_date(dt.date(2026, 2, 19), "full") in app.summary.value
    assert "Hari Suci Nyepi" in app.summary.value  # 19 March, inside the plan
    assert app.summary.value.endswith(schedule_html(expected))
    assert schedule_html(expected).count("<tr>") == 1 + 5  # header row, four tasks and the buffer


def test_probability_is_the_toolkit_monte_carlo(app):
    """Is the on-time chance planning.on_time_probability's with the app's runs and seed?"""
    expected = planning.on_time_probability(SPREADS, 26, n=RUNS, seed=SEED)
    assert app.result["probability"] == expected
    assert 0 < expected < 1
    assert app.result["days_for_90"] == planning.days_for_probability(
        SPREADS, 0.9, n=RUNS, seed=SEED
    )


def test_buffer_moves_the_start_earlier_and_raises_the_chance(app):
    """Does a bigger buffer start the plan earlier and never lower the chance of being on time?"""
    starts, chances = [], []
    for days in range(0, 8):
        app.controls["buffer_days"].value = days
        starts.append(app.result["latest_start"])
        chances.append(app.result["probability"])
    assert starts == sorted(starts, reverse=True) and len(set(starts)) == 8
    assert chances == sorted(chances)
    assert chances[0] < 0.3 and chances[-1] > 0.99  # the most likely days alone: about 1 in 4


def test_lebaran_closure_and_collective_leave_push_the_start_back(app):
    """Do a Lebaran shutdown and cuti bersama make the plan start earlier, as the toolkit says?"""
    app.controls["closures"].value = "2026-03-16 sampai 2026-03-24"
    expected = planning.backward_schedule(
        DEADLINE, TASKS, closures=[("2026-03-16", "2026-03-24")], buffer_days=2
    )
    assert app.result["latest_start"] == expected["start"].iloc[0]
    assert "tutup" in app.summary.value
    app.controls["collective_leave"].value = True
    assert (
        app.result["latest_start"]
        == planning.backward_schedule(
            DEADLINE,
            TASKS,
            closures=[("2026-03-16", "2026-03-24")],
            buffer_days=2,
            collective_leave=True,
        )["start"].iloc[0]
    )


def test_six_day_week_starts_later(app):
    """Does a Monday-to-Saturday workshop start later than a Monday-to-Friday one?"""
    five_days = app.result["latest_start"]
    app.controls["workdays"].value = "Mon-Sat"
    assert app.result["latest_start"] > five_days
    assert (
        app.result["latest_start"]
        == planning.backward_schedule(DEADLINE, TASKS, workdays="Mon-Sat", buffer_days=2)[
            "start"
        ].iloc[0]
    )


def test_figures_are_drawn(app):
    """Are a Gantt (one bar per task) and an on-time histogram drawn?"""
    gantt = app.figure.axes[0]
    # the buffer sits before the truck to the port, the last, fixed-date task
    assert [t.get_text() for t in gantt.get_yticklabels()] == [
        *(n for n, _ in TASKS[:-1]), "Cadangan", TASKS[-1][0]]
    assert len(gantt.patches) >= 5
    assert app.histogram.axes[0].patches
    assert app.histogram.axes[0].get_title().startswith("Peluang tepat waktu")
    assert bytes(app.histogram_image.value).startswith(b"\x89PNG")


def test_editing_tasks_redraws(app):
    """Does an added task lengthen the plan and lower the chance on the same deadline?"""
    before = app.result
    app.controls["tasks"].value += "\nDokumen ekspor, 2, 1, 4"
    assert app.result["schedule"]["task"].tolist()[-1] == "Dokumen ekspor"  # the new last task
    assert app.result["latest_start"] < before["latest_start"]
    assert app.result["probability"] < before["probability"] or before["probability"] == 0


def test_bad_values_are_sentences_and_keep_the_last_result(app):
    """Are unreadable tasks, a spread that does not hold the days, and a cleared date sentences, the plan kept?"""
    good = app.result
    app.controls["tasks"].value = "Produksi, lima"
    assert app.error.startswith("Tugas (nama, hari kerja, tercepat, terlama), baris 1 = 'Produksi, lima' tidak diperbolehkan")
    assert app.stale and "ke-stale" in app.histogram_image._dom_classes
    assert app.result is good
    toolkit.set_language("en")
    app.refresh()
    assert app.error.startswith("Tasks (name, working days, shortest, longest), line 1 = 'Produksi, lima' is not allowed")
    toolkit.set_language("id")
    app.controls["tasks"].value = "Produksi, 10, 12, 14"
    assert app.error.startswith("Tugas (nama, hari kerja, tercepat, terlama), baris 1 = 'Produksi, 10, 12, 14' tidak diperbolehkan")
    assert "tercepat tidak boleh lebih dari hari kerja" in app.error
    app.controls["tasks"].value = "Produksi, 10, 8, 14"
    assert app.error is None
    app.controls["deadline"].value = ""
    assert app.error.startswith("Siap kirim paling lambat: kotak ini masih kosong: ketik tanggalnya")
    app.controls["deadline"].value = DEADLINE
    app.controls["closures"].value = "2026-02-30"
    assert app.error.startswith("Tutup (mis. libur Lebaran), baris 1 = '2026-02-30' tidak diperbolehkan")
    assert "Februari 2026 hanya sampai tanggal 28" in app.error
    app.controls["closures"].value = ""
    app.controls["tasks"].value = ""
    assert app.error.startswith("Tugas (nama, hari kerja, tercepat, terlama) = [] tidak diperbolehkan")


def test_no_allowed_value_raises(app):
    """Does every end of every range and every option give a result or a sentence, never a traceback?"""
    for control in app.controls.values():
        before = control.value
        if isinstance(control, widgets.Dropdown):
            values = list(control._options_values)
        elif isinstance(control, widgets.Checkbox):
            values = [True, False]
        elif isinstance(control, (widgets.IntSlider, CountSlider)):
            values = [control.min, control.max]
        else:
            continue
        for value in values:
            control.value = value
        control.value = before
    app.controls["deadline"].value = dt.date(1946, 1, 2)  # the plan runs off the calendar
    assert "1946–2100" in app.error


def test_english_labels_after_set_language():
    """After set_language("en"), are the labels, the buffer task and the summary in English?"""
    toolkit.set_language("en")
    app = PlanningApp(deadline=DEADLINE)
    assert app.controls["buffer_days"].description == "Buffer (working days)"
    assert app.controls["workdays"].options[0][0] == "Monday–Friday"
    assert "Latest start" in app.summary.value and "Chance of being on time" in app.summary.value
    assert app.result["schedule"]["task"].iloc[-2] == "Buffer"
    assert app.histogram.axes[0].get_title().startswith("Chance of being on time")
