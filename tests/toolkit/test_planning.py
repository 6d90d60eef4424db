"""Tests for toolkit.planning: working calendars, backward schedules, Monte Carlo, OTIF, capacity.

The 2026 holiday facts below are what ``holidays.Indonesia(years=2026)`` (holidays 0.109) returns:
public holidays Nyepi Thu 19 March, Idul Fitri Sat 21 and Sun 22 March, Good Friday 3 April;
with the "government" category (cuti bersama) also Wed 18, Fri 20, Mon 23 and Tue 24 March.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

import holidays as holidays_package
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit import set_language
from toolkit.errors import InputError, ToolkitError
from toolkit.planning import (
    Feasibility,
    add_working_days,
    backward_schedule,
    capacity_table,
    count_working_days,
    daily_output,
    days_for_probability,
    export_schedule,
    gantt_data,
    gate_in_deadline,
    is_working_day,
    non_working_days,
    on_time_probability,
    order_feasibility,
    otif,
    otif_detail,
    simulate_total_days,
    terminal_acceptance_days,
    to_date,
    working_days,
)

D = dt.date
COFFEE = [("bahan baku", 5), ("produksi", 10), ("QC", 2), ("pengemasan", 2), ("truk", 1)]
LEBARAN_2026 = [("2026-03-18", "2026-03-24")]  # the workshop's Lebaran shutdown


@pytest.fixture(autouse=True)
def indonesian():
    """Every test starts and ends in Indonesian."""
    set_language("id")
    yield
    set_language("id")


def assert_bilingual(error: BaseException, indonesian: list, english: list) -> None:
    """The error's message holds these phrases in Indonesian, then, switched, in English.

    A phrase given as an ``(indonesian, english)`` pair is looked for in its own language (an
    argument's position reads "baris 1" in one and "line 1" in the other).
    """
    indonesian = [p[0] if isinstance(p, tuple) else p for p in indonesian]
    english = [p[1] if isinstance(p, tuple) else p for p in english]
    assert isinstance(error, InputError)
    set_language("id")
    for phrase in indonesian:
        assert phrase in str(error), (phrase, str(error))
    set_language("en")
    for phrase in english:
        assert phrase in str(error), (phrase, str(error))
    set_language("id")


def rows(plan: pd.DataFrame) -> list[tuple]:
    return [tuple(r) for r in plan.itertuples(index=False)]


# ---------------------------------------------------------------------------
# The 2026 calendar as the holidays package gives it
# ---------------------------------------------------------------------------


def test_package_lists_the_2026_lebaran_days_we_rely_on():
    """Does the holidays package still list Nyepi, Idul Fitri and its cuti bersama where the tests expect them?"""
    public = holidays_package.Indonesia(years=2026)
    both = holidays_package.Indonesia(years=2026, categories=("public", "government"))
    assert {D(2026, 3, 19), D(2026, 3, 21), D(2026, 3, 22)} <= set(public)
    assert D(2026, 3, 20) not in public
    assert {D(2026, 3, 18), D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)} <= set(both)


def test_nyepi_is_not_a_working_day_but_cuti_bersama_is_unless_asked():
    """Is Nyepi a day off, and cuti bersama a day off only with collective_leave=True?"""
    assert not is_working_day("2026-03-19")
    assert is_working_day("2026-03-20")
    assert not is_working_day("2026-03-20", collective_leave=True)
    assert is_working_day("2026-03-19", holidays=None)
    assert is_working_day("2026-03-19", holidays=False)


def test_a_list_of_dates_replaces_the_indonesian_holidays():
    """Does holidays=[dates] use only those dates?"""
    assert is_working_day("2026-03-19", holidays=["2026-03-20"])
    assert not is_working_day("2026-03-20", holidays=["2026-03-20"])


def test_saturday_works_in_a_six_day_week():
    """Is Saturday 28 March 2026 a working day for "Sen-Sab" and not for "Mon-Fri"?"""
    assert is_working_day("2026-03-28", workdays="Sen-Sab")
    assert is_working_day("2026-03-28", workdays="Mon-Sat")
    assert not is_working_day("2026-03-28")
    assert not is_working_day("2026-03-29", workdays="Mon-Sat")
    assert is_working_day("2026-03-29", workdays="Mon-Sun")


@pytest.mark.parametrize(
    "spelling",
    ["Mon-Fri", "Sen-Jum", "Mon,Tue,Wed,Thu,Fri", "senin-jumat", " MON - FRI ", "Mon-Wed,Thu-Fri"],
)
def test_workday_spellings_mean_the_same_week(spelling):
    """Do English, Indonesian, comma and mixed spellings of a Monday-to-Friday week agree?"""
    days = working_days("2026-06-01", "2026-06-14", workdays=spelling, holidays=None)
    assert [d.weekday() for d in days] == [0, 1, 2, 3, 4] * 2


def test_a_workday_range_can_wrap_round_the_week():
    """Does "Sun-Thu" mean Sunday to Thursday?"""
    days = working_days("2026-06-01", "2026-06-07", workdays="Sun-Thu", holidays=None)
    assert sorted(d.weekday() for d in days) == [0, 1, 2, 3, 6]


def test_working_days_skip_weekends_nyepi_and_closures():
    """Are 16–27 March 2026 nine working days with Nyepi, and five with the Lebaran shutdown?"""
    days = working_days("2026-03-16", "2026-03-27")
    assert len(days) == 9 and D(2026, 3, 19) not in days
    assert count_working_days("2026-03-16", "2026-03-27", closures=LEBARAN_2026) == 5
    assert count_working_days("2026-03-16", "2026-03-27", collective_leave=True) == 5


def test_add_working_days_skips_nyepi():
    """Is Tuesday 17 March + 2 working days Friday 20 March, because Nyepi is skipped?"""
    assert add_working_days("2026-03-17", 2) == D(2026, 3, 20)
    assert add_working_days("2026-03-20", -2) == D(2026, 3, 17)
    assert add_working_days("2026-03-21", 0) == D(2026, 3, 23)  # Saturday rolls to Monday
    assert add_working_days("2026-03-17", 0) == D(2026, 3, 17)


def test_non_working_days_say_why_in_both_languages():
    """Does the list of days off name the holiday, the closure and the weekend in each language?"""
    table = non_working_days("2026-03-19", "2026-03-22", closures=["2026-03-20"])
    assert list(table["date"]) == [D(2026, 3, 19), D(2026, 3, 20), D(2026, 3, 21), D(2026, 3, 22)]
    assert list(table["reason"])[:2] == ["Hari Suci Nyepi", "tutup"]
    set_language("en")
    table = non_working_days("2026-03-19", "2026-03-22", closures=["2026-03-20"])
    assert list(table["reason"])[:3] == ["Day of Silence", "closed", "Eid al-Fitr"]
    weekend = non_working_days("2026-03-28", "2026-03-29", holidays=None)
    assert list(weekend["reason"]) == ["not a working day"] * 2


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-20",
        dt.date(2026, 3, 20),
        dt.datetime(2026, 3, 20, 15, 30),
        pd.Timestamp("2026-03-20 08:00"),
        np.datetime64("2026-03-20"),
        "2026-03-20T10:00:00",
    ],
)
def test_every_date_form_is_the_same_date(value):
    """Do an ISO string, a date, a datetime, a Timestamp and a datetime64 all give 20 March 2026?"""
    assert to_date("deadline", value) == D(2026, 3, 20)


# ---------------------------------------------------------------------------
# Backward schedule: worked numbers
# ---------------------------------------------------------------------------


def test_coffee_order_with_lebaran_shutdown():
    """Does the coffee order due Friday 27 March 2026 start on 23 February when the workshop shuts 18–24 March?"""
    plan = backward_schedule("2026-03-27", COFFEE, closures=LEBARAN_2026)
    assert list(plan.columns) == ["task", "start", "end", "working_days"]
    assert rows(plan) == [
        ("bahan baku", D(2026, 2, 23), D(2026, 2, 27), 5),
        ("produksi", D(2026, 3, 2), D(2026, 3, 13), 10),
        ("QC", D(2026, 3, 16), D(2026, 3, 17), 2),  # stops for the shutdown ...
        ("pengemasan", D(2026, 3, 25), D(2026, 3, 26), 2),  # ... and packing follows it
        ("truk", D(2026, 3, 27), D(2026, 3, 27), 1),
    ]
    assert all(isinstance(v, dt.date) for v in [*plan["start"], *plan["end"]])


def test_coffee_order_with_public_holidays_only():
    """Without the shutdown, does only Nyepi (19 March) push the start back, to 27 February?"""
    plan = backward_schedule("2026-03-27", COFFEE)
    assert rows(plan) == [
        ("bahan baku", D(2026, 2, 27), D(2026, 3, 5), 5),
        ("produksi", D(2026, 3, 6), D(2026, 3, 20), 10),
        ("QC", D(2026, 3, 23), D(2026, 3, 24), 2),
        ("pengemasan", D(2026, 3, 25), D(2026, 3, 26), 2),
        ("truk", D(2026, 3, 27), D(2026, 3, 27), 1),
    ]


def test_cuti_bersama_from_the_package_equals_the_same_days_as_a_closure():
    """Does collective_leave=True give the same plan as closing 18–24 March by hand?"""
    by_package = backward_schedule("2026-03-27", COFFEE, collective_leave=True)
    by_hand = backward_schedule("2026-03-27", COFFEE, closures=LEBARAN_2026)
    pd.testing.assert_frame_equal(by_package, by_hand)


def test_deadline_on_a_holiday_ends_on_the_working_day_before():
    """With the deadline on Sunday 22 March (Idul Fitri), does the last task end on Friday 20th, or on Tuesday 17th with cuti bersama?"""
    plan = backward_schedule("2026-03-22", [("truk", 1)])
    assert rows(plan) == [("truk", D(2026, 3, 20), D(2026, 3, 20), 1)]
    plan = backward_schedule("2026-03-22", [("truk", 1)], collective_leave=True)
    assert rows(plan) == [("truk", D(2026, 3, 17), D(2026, 3, 17), 1)]


def test_buffer_sits_before_the_port_task_named_in_the_active_language():
    """Is a 3-day buffer put before the truck (the last, fixed-date task), as "Cadangan" or "Buffer"?"""
    plan = backward_schedule("2026-03-27", COFFEE, closures=LEBARAN_2026, buffer_days=3)
    assert rows(plan)[-1] == ("truk", D(2026, 3, 27), D(2026, 3, 27), 1)
    assert rows(plan)[-2] == ("Cadangan", D(2026, 3, 17), D(2026, 3, 26), 3)  # 17, 25, 26: shutdown skipped
    assert rows(plan)[-3] == ("pengemasan", D(2026, 3, 13), D(2026, 3, 16), 2)
    set_language("en")
    plan = backward_schedule("2026-03-27", COFFEE, closures=LEBARAN_2026, buffer_days=3)
    assert plan["task"].iloc[-2] == "Buffer"
    assert len(backward_schedule("2026-03-27", COFFEE, buffer_days=0)) == len(COFFEE)


def test_port_tasks_choose_where_the_buffer_goes():
    """With port_tasks=2 the buffer precedes packing and truck; with 0 it comes last?"""
    two = backward_schedule("2026-03-27", COFFEE, buffer_days=2, port_tasks=2)
    assert list(two["task"]) == ["bahan baku", "produksi", "QC", "Cadangan", "pengemasan", "truk"]
    none = backward_schedule("2026-03-27", COFFEE, buffer_days=2, port_tasks=0)
    assert none["task"].iloc[-1] == "Cadangan"
    with pytest.raises(InputError, match="port_tasks"):
        backward_schedule("2026-03-27", COFFEE, buffer_days=2, port_tasks=6)


def test_gate_in_is_the_working_day_before_the_cutoff():
    """Is the gate-in planned the working day before the cut-off, not on the cut-off day itself?"""
    assert gate_in_deadline("2027-03-31") == D(2027, 3, 30)
    assert gate_in_deadline("2027-03-29") == D(2027, 3, 25)  # Monday after Good Friday 26 March
    plan = export_schedule("2027-03-31", COFFEE, buffer_days=3)
    assert plan["end"].iloc[-1] == D(2027, 3, 30) < D(2027, 3, 31)
    assert plan.attrs["gate_in"] == D(2027, 3, 30) and plan.attrs["cutoff"] == D(2027, 3, 31)


def test_a_plan_that_would_reach_the_terminal_too_early_is_refused():
    """If a closure runs up to the cut-off, is the plan refused rather than leaving the box at the terminal for weeks?"""
    with pytest.raises(InputError) as caught:
        export_schedule("2027-03-31", COFFEE, closures=[("2027-03-22", "2027-03-30")])
    assert_bilingual(caught.value, ["open stack", "2027-03-19"], ["open stack", "2027-03-19"])
    # A longer acceptance window lets the same plan through.
    assert export_schedule("2027-03-31", COFFEE, closures=[("2027-03-22", "2027-03-30")],
                           acceptance_days=14)["end"].iloc[-1] == D(2027, 3, 19)


def test_six_day_week_starts_later():
    """Does working Saturdays let the coffee order start later than on a five-day week?"""
    five = backward_schedule("2026-03-27", COFFEE, closures=LEBARAN_2026)
    six = backward_schedule("2026-03-27", COFFEE, workdays="Sen-Sab", closures=LEBARAN_2026)
    assert six["start"].iloc[0] > five["start"].iloc[0]
    assert six["start"].iloc[0] == D(2026, 2, 26)  # 17 working days in March, 3 in February


def test_tasks_may_be_a_dict_or_a_table_and_durations_whole_floats():
    """Are {"produksi": 3.0, "truk": 1} and a two-column table read as the pairs they stand for?"""
    as_pairs = backward_schedule("2026-03-27", [("produksi", 3), ("truk", 1)])
    as_dict = backward_schedule("2026-03-27", {"produksi": 3.0, "truk": 1})
    table = pd.DataFrame({"task": ["produksi", "truk"], "working_days": [3, 1]})
    pd.testing.assert_frame_equal(as_dict, as_pairs)
    pd.testing.assert_frame_equal(backward_schedule("2026-03-27", table), as_pairs)


def test_a_bare_pair_of_dates_closes_two_days_not_a_range():
    """Is closures=("2026-03-09", "2026-03-13") two closed days, as documented (a range needs a list)?"""
    pair = count_working_days("2026-03-09", "2026-03-13", closures=("2026-03-09", "2026-03-13"))
    wrapped = count_working_days(
        "2026-03-09", "2026-03-13", closures=[("2026-03-09", "2026-03-13")]
    )
    assert (pair, wrapped) == (3, 0)


def test_gantt_rows_count_calendar_days_and_mark_the_buffer():
    """Does the Gantt table give each bar its calendar width and flag the buffer?"""
    plan = backward_schedule("2026-03-27", COFFEE, closures=LEBARAN_2026, buffer_days=1)
    gantt = gantt_data(plan)
    assert list(gantt.columns) == [
        "task",
        "start",
        "end",
        "calendar_days",
        "working_days",
        "is_buffer",
    ]
    by_task = gantt.set_index("task")
    assert by_task.loc["produksi", "calendar_days"] == 14  # 27 Feb–12 March: 10 working days
    assert by_task.loc["pengemasan", "start"] == D(2026, 3, 17)
    assert by_task.loc["pengemasan", "calendar_days"] == 9  # 17–25 March: the shutdown inside
    assert by_task.loc["pengemasan", "working_days"] == 2
    assert list(gantt["is_buffer"]) == [False] * 4 + [True, False]
    set_language("en")
    english = gantt_data(backward_schedule("2026-03-27", COFFEE, buffer_days=2))
    assert english["is_buffer"].iloc[-2]


def test_gantt_data_names_missing_columns():
    """Does gantt_data on a table without start/end say which columns are missing?"""
    with pytest.raises(InputError) as caught:
        gantt_data(pd.DataFrame({"task": ["a"], "working_days": [1]}))
    assert_bilingual(
        caught.value,
        ["kolom yang hilang: start, end", "task, start, end, working_days"],
        ["missing columns: start, end", "task, start, end, working_days"],
    )


# ---------------------------------------------------------------------------
# Backward schedule: invariants
# ---------------------------------------------------------------------------

WEEKS = {
    "Mon-Fri": {0, 1, 2, 3, 4},
    "Sen-Sab": {0, 1, 2, 3, 4, 5},
    "Mon-Sun": set(range(7)),
    "Mon,Wed,Fri": {0, 2, 4},
    "Sun-Thu": {6, 0, 1, 2, 3},
}


@functools.lru_cache
def oracle_holidays(year, collective):
    categories = ("public", "government") if collective else ("public",)
    return frozenset(holidays_package.Indonesia(years=year, categories=categories))


def oracle_is_working(day, week, holiday_source, collective, closed):
    """An independent reading of the rules: weekday, holidays package, closures."""
    if day.weekday() not in week or day in closed:
        return False
    if holiday_source == "ID":
        return day not in oracle_holidays(day.year, collective)
    return True


def oracle_count(first, last, *calendar):
    return sum(
        oracle_is_working(first + dt.timedelta(days=i), *calendar)
        for i in range((last - first).days + 1)
    )


days_2024_2028 = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))
closure_items = st.one_of(
    days_2024_2028,
    st.tuples(days_2024_2028, st.integers(0, 12)).map(
        lambda t: (t[0].isoformat(), t[0] + dt.timedelta(days=t[1]))
    ),
)
task_lists = st.lists(
    st.tuples(st.sampled_from(["bahan", "produksi", "QC", "kemas", "truk"]), st.integers(1, 25)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    deadline=days_2024_2028,
    tasks=task_lists,
    week=st.sampled_from(sorted(WEEKS)),
    holiday_source=st.sampled_from(["ID", None]),
    collective=st.booleans(),
    closures=st.lists(closure_items, max_size=4),
)
def test_backward_schedule_invariants(deadline, tasks, week, holiday_source, collective, closures):
    """Do the tasks keep their order, never overlap, sit on working days, take exactly their days and end as late as allowed?"""
    plan = backward_schedule(
        deadline,
        tasks,
        workdays=week,
        holidays=holiday_source,
        closures=closures,
        collective_leave=collective,
    )
    closed = set()
    for item in closures:
        if isinstance(item, tuple):
            first, last = D.fromisoformat(item[0]), item[1]
            closed |= {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
        else:
            closed.add(item)
    calendar = (WEEKS[week], holiday_source, collective, closed)

    assert list(plan["task"]) == [name for name, _ in tasks]
    assert list(plan["working_days"]) == [days for _, days in tasks]
    for row in plan.itertuples(index=False):
        assert oracle_is_working(row.start, *calendar)
        assert oracle_is_working(row.end, *calendar)
        assert oracle_count(row.start, row.end, *calendar) == row.working_days
    for earlier, later in zip(plan.itertuples(), plan.iloc[1:].itertuples(), strict=False):
        assert earlier.end < later.start
        # no working day left idle between one task and the next
        assert oracle_count(earlier.end, later.start, *calendar) == 2
    last_end = plan["end"].iloc[-1]
    assert last_end <= deadline
    assert oracle_count(last_end, deadline, *calendar) == 1  # the latest working day


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cutoff=days_2024_2028,
    tasks=task_lists,
    week=st.sampled_from(sorted(WEEKS)),
    collective=st.booleans(),
    closures=st.lists(closure_items, max_size=4),
    buffer=st.integers(0, 10),
    port=st.integers(0, 2),
    window=st.integers(1, 10),
)
def test_export_plans_a_port_would_accept(cutoff, tasks, week, collective, closures, buffer, port, window):
    """For every export plan the toolkit produces: does the last task end before the cut-off, the
    container reach the terminal no earlier than the acceptance window, and the buffer precede the port tasks?"""
    port = min(port, len(tasks))
    try:
        plan = export_schedule(cutoff, tasks, workdays=week, closures=closures, buffer_days=buffer,
                               port_tasks=port, collective_leave=collective, acceptance_days=window)
    except InputError as error:  # refused: only because the terminal would not take the box yet
        assert error.argument == "cutoff" and "open stack" in str(error)
        gate_in = gate_in_deadline(cutoff, workdays=week, closures=closures, collective_leave=collective)
        assert (cutoff - gate_in).days > window
        return
    gate_in = plan["end"].iloc[-1]
    assert gate_in < cutoff  # the last task (gate-in) ends before the cut-off day
    assert (cutoff - gate_in).days <= window  # never at the terminal before it opens for the vessel
    names = list(plan["task"])
    if buffer:
        assert names.index("Cadangan") == len(names) - 1 - port
        assert names[len(names) - port:] == [name for name, _ in tasks][len(tasks) - port:]
    assert terminal_acceptance_days() >= 1


@settings(max_examples=60, deadline=None)
@given(
    day=days_2024_2028,
    n=st.integers(-40, 40),
    week=st.sampled_from(sorted(WEEKS)),
)
def test_adding_then_subtracting_working_days_comes_back(day, n, week):
    """From a working day, does going n working days forward and n back return to it?"""
    start = add_working_days(day, 0, workdays=week)
    there = add_working_days(start, n, workdays=week)
    assert add_working_days(there, -n, workdays=week) == start
    low, high = sorted([start, there])
    assert count_working_days(low, high, workdays=week) == abs(n) + 1


# ---------------------------------------------------------------------------
# Backward schedule and calendar: bad inputs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "argument", "phrase_id", "phrase_en"),
    [
        ({"tasks": []}, "tasks =", "pasangan (nama, hari_kerja)", "(name, working_days) pairs"),
        ({"tasks": "produksi"}, "tasks =", "pasangan", "pairs"),
        ({"tasks": [("produksi", 5, 2)]}, ("tasks, baris 1 =", "tasks, line 1 ="), "pasangan", "pairs"),
        ({"tasks": [("", 5)]}, ("tasks, baris 1, kolom 1 =", "tasks, line 1, column 1 ="), "nama tugas", "task's name"),
        ({"tasks": [(7, 5)]}, ("tasks, baris 1, kolom 1 =", "tasks, line 1, column 1 ="), "nama tugas", "task's name"),
        ({"tasks": [("a", 1), ("b", 0)]}, ("tasks, baris 2, kolom 2 = 0", "tasks, line 2, column 2 = 0"), "bilangan bulat", "whole number"),
        ({"tasks": [("a", 2.5)]}, ("tasks, baris 1, kolom 2 = 2,5", "tasks, line 1, column 2 = 2.5"), "bilangan bulat", "whole number"),
        ({"tasks": [("a", "5")]}, ("tasks, baris 1, kolom 2 = '5'", "tasks, line 1, column 2 = '5'"), "bilangan bulat", "whole number"),
        ({"tasks": [("a", True)]}, ("tasks, baris 1, kolom 2 = True", "tasks, line 1, column 2 = True"), "bilangan bulat", "whole number"),
        ({"deadline": "27/03/2026"}, "deadline = '27/03/2026'", "tanggal", "a date"),
        ({"deadline": "2101-01-01"}, "deadline =", "2100-12-31", "2100-12-31"),
        ({"workdays": "Mon-Funday"}, "workdays = 'Mon-Funday'", "Sen-Sab", "Mon,Tue,Wed"),
        ({"workdays": ""}, "workdays = ''", "hari kerja", "working days"),
        ({"holidays": "MY"}, "holidays = 'MY'", "hari libur nasional", "public holidays"),
        ({"holidays": ["2026-13-01"]}, ("holidays, baris 1 =", "holidays, line 1 ="), "tanggal", "a date"),
        ({"closures": [("2026-03-24", "2026-03-18")]}, ("closures, baris 1 =", "closures, line 1 ="), "akhir", "last date"),
        ({"closures": [("2026-03-18",)]}, ("closures, baris 1 =", "closures, line 1 ="), "rentang", "range"),
        ({"closures": 5}, "closures = 5", "rentang", "range"),
        ({"buffer_days": -1}, "buffer_days = -1", "bilangan bulat dari 0", "whole number from 0"),
        ({"collective_leave": "ya"}, "collective_leave = 'ya'", "True atau False", "True or False"),
    ],
)
def test_bad_schedule_inputs_are_explained(kwargs, argument, phrase_id, phrase_en):
    """Does each bad argument raise an InputError naming it, in Indonesian and English?"""
    call = {"deadline": "2026-03-27", "tasks": COFFEE, **kwargs}
    with pytest.raises(InputError) as caught:
        backward_schedule(**call)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ToolkitError)
    assert_bilingual(caught.value, [argument, phrase_id], [argument, phrase_en])


def test_closing_every_day_is_an_error_not_a_hang():
    """When closures leave no working day before the deadline, is it a clear error?"""
    with pytest.raises(InputError) as caught:
        backward_schedule("2026-03-27", [("a", 1)], closures=[("1946-01-01", "2026-03-27")])
    assert_bilingual(caught.value, ["keluar dari kalender"], ["runs off"])


def test_calendar_helpers_check_their_arguments():
    """Do the calendar helpers refuse an end before the start and a fractional n?"""
    with pytest.raises(InputError) as caught:
        working_days("2026-03-27", "2026-03-01")
    assert_bilingual(caught.value, ["end = '2026-03-01'", "sesudah start"], ["on or after start"])
    with pytest.raises(InputError) as caught:
        add_working_days("2026-03-27", 1.5)
    assert_bilingual(caught.value, ["n = 1,5", "bilangan bulat"], ["whole number"])


# ---------------------------------------------------------------------------
# Monte Carlo
# ---------------------------------------------------------------------------

THREE_POINT = [("bahan baku", 4, 5, 8), ("produksi", 9, 10, 14), ("QC", 1, 2, 3)]


def test_one_task_matches_the_triangular_distribution():
    """For one task (0, 0, 1), is P(total ≤ 0.5) close to 1 − 0.5² = 0.75?"""
    p = on_time_probability([("a", 0, 0, 1)], 0.5, n=200_000, seed=3)
    assert p == pytest.approx(0.75, abs=0.005)


def test_planning_on_the_most_likely_days_is_rarely_on_time():
    """Is the sum of the modes (17 days) on time far less than half the time, and 20 days about 82 %?"""
    assert on_time_probability(THREE_POINT, 17, seed=1) < 0.2
    assert on_time_probability(THREE_POINT, 20, seed=1) == pytest.approx(0.82, abs=0.02)


def test_same_seed_same_answer():
    """Does a fixed seed give the same probability and the same totals twice?"""
    assert on_time_probability(THREE_POINT, 19, seed=7) == on_time_probability(
        THREE_POINT, 19, seed=7
    )
    np.testing.assert_array_equal(
        simulate_total_days(THREE_POINT, n=1000, seed=7),
        simulate_total_days(THREE_POINT, n=1000, seed=7),
    )


def test_fixed_tasks_are_allowed():
    """Is low == high a fixed duration (numpy's triangular would refuse it)?"""
    totals = simulate_total_days([("truk", 1, 1, 1), ("QC", 2, 2, 2)], n=50, seed=0)
    assert totals.shape == (50,) and set(totals) == {3.0}
    mixed = simulate_total_days([("truk", 1, 1, 1), ("produksi", 8, 10, 14)], n=2000, seed=0)
    assert mixed.min() >= 9 and mixed.max() <= 15 and mixed.std() > 0
    assert on_time_probability([("truk", 1, 1, 1)], 1, seed=0) == 1.0
    assert on_time_probability([("truk", 1, 1, 1)], 0.5, seed=0) == 0.0


def test_days_for_probability_is_the_quantile_that_gives_that_chance():
    """Do the days for 95 % really give at least 95 %, and need a buffer over the modes?"""
    days = days_for_probability(THREE_POINT, 0.95, seed=1)
    assert 17 < days < 25
    assert on_time_probability(THREE_POINT, days, seed=1) >= 0.95
    assert on_time_probability(THREE_POINT, days - 0.05, seed=1) < 0.95
    assert math.ceil(days) == 22


def test_simulated_totals_are_all_plausible():
    """Does every simulated total lie between the sum of the lows and the sum of the highs?"""
    totals = simulate_total_days(THREE_POINT, n=10_000, seed=2)
    assert totals.min() >= 14 and totals.max() <= 25
    assert totals.mean() == pytest.approx((17 + 33 + 6) / 3, abs=0.05)


three_point_tasks = st.lists(
    st.tuples(
        st.just("t"),
        st.floats(0, 20, allow_nan=False),
        st.floats(0, 1),
        st.floats(0, 10, allow_nan=False),
    ).map(lambda t: (t[0], t[1], t[1] + t[2] * t[3], t[1] + t[3])),
    min_size=1,
    max_size=5,
)


@settings(max_examples=80, deadline=None)
@given(
    tasks=three_point_tasks,
    a=st.floats(0, 150, allow_nan=False),
    b=st.floats(0, 150, allow_nan=False),
    seed=st.integers(0, 2**32),
)
def test_on_time_probability_invariants(tasks, a, b, seed):
    """Is the probability in [0, 1], never lower for more days, 1 from the sum of the highs and 0 below the lows?"""
    low, high = sorted([a, b])
    p_low = on_time_probability(tasks, low, n=2000, seed=seed)
    p_high = on_time_probability(tasks, high, n=2000, seed=seed)
    assert 0.0 <= p_low <= p_high <= 1.0
    lows = sum(t[1] for t in tasks)
    highs = sum(t[3] for t in tasks)
    assert on_time_probability(tasks, highs, n=2000, seed=seed) == 1.0
    assert on_time_probability(tasks, highs + 0.5, n=2000, seed=seed) == 1.0
    if lows > 0:
        just_below_lows = float(np.nextafter(lows, 0.0))
        assert on_time_probability(tasks, just_below_lows, n=2000, seed=seed) == 0.0
    totals = simulate_total_days(tasks, n=2000, seed=seed)
    assert np.all(totals >= lows - 1e-9) and np.all(totals <= highs + 1e-9)


@pytest.mark.parametrize(
    ("call", "argument", "phrase_id", "phrase_en"),
    [
        (
            lambda: on_time_probability([("a", 5, 3, 8)], 10),
            ("tasks, baris 1 (a)", "tasks, line 1 (a)"),
            "tercepat tidak boleh lebih dari paling mungkin",
            "the shortest may not exceed the most likely",
        ),
        (
            lambda: on_time_probability([("a", -1, 3, 8)], 10),
            ("tasks, baris 1, kolom 2 = -1", "tasks, line 1, column 2 = -1"),
            "dari 0",
            "from 0",
        ),
        (
            lambda: on_time_probability([("a", 1, 3)], 10),
            ("tasks, baris 1 =", "tasks, line 1 ="),
            "tercepat",
            "low, mode, high",
        ),
        (lambda: on_time_probability([], 10), "tasks = []", "terlama", "high"),
        (
            lambda: on_time_probability(THREE_POINT, -2),
            "available_days = -2",
            "minimal 0",
            "at least 0",
        ),
        (
            lambda: on_time_probability(THREE_POINT, 20, n=0),
            "n = 0",
            "bilangan bulat",
            "whole number",
        ),
        (
            lambda: on_time_probability(THREE_POINT, 20, seed=-1),
            "seed = -1",
            "minimal 0",
            "at least 0",
        ),
        (
            lambda: on_time_probability(THREE_POINT, 99, seed="x"),
            "seed = 'x'",
            "bilangan bulat",
            "whole number",
        ),
        (
            lambda: on_time_probability(THREE_POINT, 20, n=10**9),
            ("n = 1.000.000.000", "n = 1,000,000,000"),
            "2000000",
            "2000000",
        ),
        (lambda: days_for_probability(THREE_POINT, 95), "probability = 95", "20/100", "20/100"),
        (
            lambda: simulate_total_days(THREE_POINT, n=2.5),
            ("n = 2,5", "n = 2.5"),
            "bilangan bulat",
            "whole number",
        ),
    ],
)
def test_bad_monte_carlo_inputs_are_explained(call, argument, phrase_id, phrase_en):
    """Does each bad Monte Carlo argument raise an InputError naming it, in both languages?"""
    with pytest.raises(InputError) as caught:
        call()
    assert_bilingual(caught.value, [argument, phrase_id], [argument, phrase_en])


# ---------------------------------------------------------------------------
# OTIF
# ---------------------------------------------------------------------------


def orders_frame(**changes):
    frame = pd.DataFrame(
        {
            "promised": ["2026-04-10", "2026-04-10", "2026-05-08", "2026-05-08"],
            "delivered": ["2026-04-09", "2026-04-13", "2026-05-08", "2026-05-07"],
            "qty_ordered": [100, 100, 250, 250],
            "qty_delivered": [100, 100, 250, 240],
        }
    )
    return frame.assign(**changes)


def test_otif_counts_on_time_and_in_full():
    """Of four orders (one late, one short), is OTIF 50 %?"""
    assert otif(orders_frame()) == 0.5
    detail = otif_detail(orders_frame())
    assert list(detail["on_time"]) == [True, False, True, True]
    assert list(detail["in_full"]) == [True, True, True, False]


def test_missing_delivery_is_not_on_time():
    """Is an order with no delivered date (and no quantity) counted as a miss?"""
    orders = orders_frame(delivered=["2026-04-09", None, "2026-05-08", pd.NaT])
    orders["qty_delivered"] = [100, None, 250, None]
    detail = otif_detail(orders)
    assert list(detail["otif"]) == [True, False, True, False]
    assert otif(orders) == 0.5


def test_delivery_later_on_the_promised_day_is_on_time_and_more_is_in_full():
    """Is a delivery at 17:00 on the promised day on time, and delivering more than ordered in full?"""
    orders = pd.DataFrame(
        {
            "promised": [dt.date(2026, 4, 10)],
            "delivered": [pd.Timestamp("2026-04-10 17:00")],
            "qty_ordered": [100],
            "qty_delivered": [105],
        }
    )
    assert otif(orders) == 1.0


def test_otif_takes_a_list_of_records():
    """Does a list of dicts work as well as a DataFrame?"""
    records = orders_frame().to_dict("records")
    assert otif(records) == 0.5


def test_otif_names_missing_columns_and_lists_the_required_ones():
    """Does a table without 'delivered' name it and list all four required columns, in both languages?"""
    with pytest.raises(InputError) as caught:
        otif(orders_frame().drop(columns=["delivered"]))
    required = "promised, delivered, qty_ordered, qty_delivered"
    assert_bilingual(
        caught.value,
        ["kolom yang hilang: delivered", f"kolom yang diperlukan: {required}"],
        ["missing columns: delivered", f"the columns required are: {required}"],
    )


def test_otif_refuses_an_empty_table():
    """Is an empty DataFrame, with or without the columns, an InputError?"""
    with pytest.raises(InputError) as caught:
        otif(pd.DataFrame())
    assert_bilingual(caught.value, ["kolom yang hilang: promised"], ["missing columns: promised"])
    with pytest.raises(InputError) as caught:
        otif(orders_frame().iloc[0:0])
    assert_bilingual(caught.value, ["minimal satu baris"], ["at least one row"])


@pytest.mark.parametrize(
    ("changes", "argument", "phrase_id", "phrase_en"),
    [
        (
            {"promised": ["2026-04-10", None, "2026-05-08", "2026-05-08"]},
            ("orders.promised, baris 2", "orders.promised, line 2"),
            "tanggal",
            "a date",
        ),
        (
            {"delivered": ["besok", None, None, None]},
            ("orders.delivered, baris 1 = 'besok'", "orders.delivered, line 1 = 'besok'"),
            "belum dikirim",
            "not delivered yet",
        ),
        ({"delivered": [3, 4, 5, 6]}, ("orders.delivered, baris 1 = 3", "orders.delivered, line 1 = 3"), "tanggal", "a date"),
        (
            {"qty_ordered": [100, 0, 250, 250]},
            ("orders.qty_ordered, baris 2 = 0", "orders.qty_ordered, line 2 = 0"),
            "lebih dari 0",
            "greater than 0",
        ),
        (
            {"qty_delivered": [100, -1, 250, 250]},
            ("orders.qty_delivered, baris 2 = -1", "orders.qty_delivered, line 2 = -1"),
            "minimal 0",
            "at least 0",
        ),
        (
            {"qty_delivered": [100, "banyak", 250, 250]},
            ("orders.qty_delivered, baris 2", "orders.qty_delivered, line 2"),
            "angka",
            "number",
        ),
    ],
)
def test_bad_order_cells_are_named(changes, argument, phrase_id, phrase_en):
    """Does a bad cell raise an InputError naming its column and row, in both languages?"""
    with pytest.raises(InputError) as caught:
        otif(orders_frame(**changes))
    assert_bilingual(caught.value, [argument, phrase_id], [argument, phrase_en])


def test_otif_refuses_what_is_not_a_table():
    """Is a number passed as orders an InputError listing the columns needed?"""
    with pytest.raises(InputError) as caught:
        otif(5)
    assert_bilingual(caught.value, ["orders = 5", "DataFrame"], ["DataFrame with the columns"])


# ---------------------------------------------------------------------------
# Capacity and order feasibility
# ---------------------------------------------------------------------------

BATIK = {"workers": 12, "output_per_worker_day": 25, "yield_rate": 0.95}


def test_daily_output_counts_good_units_only():
    """Do 12 workers making 25 pieces a day at 95 % yield give 285 good pieces?"""
    assert daily_output(12, 25, yield_rate=0.95) == pytest.approx(285)
    assert daily_output(12, 25) == 300


def test_batik_order_does_not_fit_and_says_by_how_much():
    """Is 6,000 pieces by 27 March 2026 six days short, with 4,560 the largest fit and 16 workers needed?"""
    r = order_feasibility(6000, **BATIK, start="2026-03-02", deadline="2026-03-27", other_days=3)
    assert isinstance(r, Feasibility)
    assert r.available_days == 19  # 20 weekdays in 2–27 March minus Nyepi
    assert r.production_days == 22  # ceil(6000 / 285)
    assert (r.days_needed, r.feasible, r.slack_days) == (25, False, -6)
    assert r.max_quantity == 4560  # (19 − 3) × 285
    assert r.workers_needed == 16
    assert r["feasible"] is False and dict(r)["workers_needed"] == 16
    assert r.finish == D(2026, 4, 7)  # 25 working days from 2 March, Good Friday skipped


def test_the_suggested_team_and_quantity_really_fit():
    """Does the team of workers_needed fit the order, and one worker fewer not?"""
    base = {"start": "2026-03-02", "deadline": "2026-03-27", "other_days": 3}
    r = order_feasibility(6000, **BATIK, **base)
    with_team = order_feasibility(6000, **{**BATIK, "workers": r.workers_needed}, **base)
    short_team = order_feasibility(6000, **{**BATIK, "workers": r.workers_needed - 1}, **base)
    assert with_team.feasible and not short_team.feasible
    assert order_feasibility(r.max_quantity, **BATIK, **base).feasible
    assert not order_feasibility(r.max_quantity + 1, **BATIK, **base).feasible


def test_exact_fit_is_feasible_with_no_slack():
    """Do 1,000 units at 100 a day in exactly 10 working days fit with zero slack?"""
    r = order_feasibility(  # 6–17 July 2026: two weeks without a holiday
        1000, workers=4, output_per_worker_day=25, start="2026-07-06", deadline="2026-07-17"
    )
    assert (r.available_days, r.production_days, r.feasible, r.slack_days) == (10, 10, True, 0)
    assert r.max_quantity == 1000 and r.workers_needed == 4


def test_other_days_that_use_up_the_time_leave_no_team_that_fits():
    """When packing and trucking need every available day, is workers_needed None and max 0?"""
    r = order_feasibility(
        10,
        workers=1,
        output_per_worker_day=1,
        start="2026-07-06",
        deadline="2026-07-10",
        other_days=5,
    )
    assert (r.feasible, r.max_quantity, r.workers_needed) == (False, 0, None)


@settings(max_examples=80, deadline=None)
@given(
    quantity=st.integers(1, 50_000),
    workers=st.integers(1, 40),
    per_worker=st.integers(1, 60),
    yield_rate=st.sampled_from([1.0, 0.98, 0.95, 0.9, 0.85, 0.7]),
    other=st.integers(0, 5),
    span=st.integers(0, 60),
)
def test_feasibility_answers_are_tight(quantity, workers, per_worker, yield_rate, other, span):
    """Is the largest order the last one that fits, and workers_needed the fewest that fit?"""
    team = {"output_per_worker_day": per_worker, "yield_rate": yield_rate}
    when = {"start": D(2026, 6, 1), "deadline": D(2026, 6, 1) + dt.timedelta(days=span)}
    r = order_feasibility(quantity, workers=workers, **team, **when, other_days=other)
    assert r.feasible == (r.slack_days >= 0)
    assert r.days_needed == r.production_days + other
    if r.max_quantity > 0:
        assert order_feasibility(
            r.max_quantity, workers=workers, **team, **when, other_days=other
        ).feasible
    assert not order_feasibility(
        r.max_quantity + 1, workers=workers, **team, **when, other_days=other
    ).feasible
    if r.workers_needed is not None:
        need = r.workers_needed
        assert order_feasibility(quantity, workers=need, **team, **when, other_days=other).feasible
        if need > 1:
            assert not order_feasibility(
                quantity, workers=need - 1, **team, **when, other_days=other
            ).feasible


def test_capacity_table_accumulates_good_units_on_working_days():
    """Does the capacity table skip Nyepi and reach the order on the right day?"""
    table = capacity_table(1000, **BATIK, start="2026-03-16", deadline="2026-03-20")
    assert list(table.columns) == ["date", "day", "output", "cumulative", "quantity", "covered"]
    assert list(table["date"]) == [D(2026, 3, 16), D(2026, 3, 17), D(2026, 3, 18), D(2026, 3, 20)]
    assert list(table["cumulative"]) == pytest.approx([285, 570, 855, 1140])
    assert list(table["covered"]) == [False, False, False, True]
    plain = capacity_table(**BATIK, start="2026-03-16", deadline="2026-03-20")
    assert "quantity" not in plain.columns


def test_capacity_and_feasibility_agree():
    """Is the capacity table's last cumulative equal to available days × daily output?"""
    when = {"start": "2026-03-02", "deadline": "2026-04-30", "closures": LEBARAN_2026}
    table = capacity_table(**BATIK, **when)
    r = order_feasibility(1, **BATIK, **when)
    assert len(table) == r.available_days
    assert table["cumulative"].iloc[-1] == pytest.approx(r.available_days * 285)


def test_feasibility_table_is_labelled_in_the_active_language():
    """Does to_frame label the rows in Indonesian, then English?"""
    r = order_feasibility(6000, **BATIK, start="2026-03-02", deadline="2026-03-27")
    assert "Hari kerja tersedia" in list(r.to_frame()["Keterangan"])
    set_language("en")
    assert "Working days available" in list(r.to_frame()["Item"])


@pytest.mark.parametrize(
    ("changes", "argument", "phrase_id", "phrase_en"),
    [
        ({"quantity": 0}, "quantity = 0", "lebih dari 0", "greater than 0"),
        ({"workers": 0}, "workers = 0", "lebih dari 0", "greater than 0"),
        (
            {"output_per_worker_day": -5},
            "output_per_worker_day = -5",
            "lebih dari 0",
            "greater than 0",
        ),
        ({"yield_rate": 95}, "yield_rate = 95", "20/100", "20/100"),
        ({"yield_rate": 0}, "yield_rate = 0", "lebih dari 0", "greater than 0"),
        (
            {"deadline": "2026-02-01"},
            "deadline = '2026-02-01'",
            "sesudah start",
            "on or after start",
        ),
        ({"start": "besok"}, "start = 'besok'", "tanggal", "a date"),
        ({"other_days": 1.5}, ("other_days = 1,5", "other_days = 1.5"), "bilangan bulat", "whole number"),
        ({"workdays": "Mon-Someday"}, "workdays =", "hari kerja", "working days"),
    ],
)
def test_bad_feasibility_inputs_are_explained(changes, argument, phrase_id, phrase_en):
    """Does each bad capacity argument raise an InputError naming it, in both languages?"""
    call = {"quantity": 6000, **BATIK, "start": "2026-03-02", "deadline": "2026-03-27", **changes}
    quantity = call.pop("quantity")
    with pytest.raises(InputError) as caught:
        order_feasibility(quantity, **call)
    assert_bilingual(caught.value, [argument, phrase_id], [argument, phrase_en])
