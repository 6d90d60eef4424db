"""Delivery planning: working calendars, backward schedules, on-time odds, OTIF and capacity.

A plan is counted in *working days*. A day is a working day when its weekday is in ``workdays``,
it is not an Indonesian public holiday (from the ``holidays`` package; cuti bersama too when
``collective_leave=True``) and it is not one of the ``closures`` (a Lebaran shutdown, a village
event). Every date argument accepts a ``datetime.date``, a ``datetime``/``pandas.Timestamp``
(its date is used) or an ISO string such as ``"2026-03-20"``; every date returned is a
``datetime.date``. Dates must lie in 1946–2100, the years the holiday calendar covers.

Examples
--------
Plan a coffee order backwards from Friday 27 March 2026, with the workshop closed for the
Lebaran week (18–24 March):

>>> from toolkit.planning import backward_schedule
>>> plan = backward_schedule(
...     "2026-03-27",
...     [("bahan baku", 5), ("produksi", 10), ("QC", 2), ("pengemasan", 2), ("truk", 1)],
...     closures=[("2026-03-18", "2026-03-24")],
... )
>>> plan
         task       start         end  working_days
0  bahan baku  2026-02-23  2026-02-27             5
1    produksi  2026-03-02  2026-03-13            10
2          QC  2026-03-16  2026-03-17             2
3  pengemasan  2026-03-25  2026-03-26             2
4        truk  2026-03-27  2026-03-27             1

When each task's length varies, a plan made on the most likely lengths (5 + 10 + 2 = 17 days)
is rarely on time; 20 working days give about a 4-in-5 chance:

>>> from toolkit.planning import on_time_probability
>>> tasks = [("bahan baku", 4, 5, 8), ("produksi", 9, 10, 14), ("QC", 1, 2, 3)]
>>> round(on_time_probability(tasks, available_days=17, seed=1), 2)
0.12
>>> round(on_time_probability(tasks, available_days=20, seed=1), 2)
0.82
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import holidays as _holidays_package
import numpy as np
import pandas as pd

from toolkit import data
from toolkit.errors import InputError, check_fraction, check_number
from toolkit.i18n import Text, format_date, format_number, tr

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "MAX_TASK_DAYS",
    "MAX_RUNS",
    "to_date",
    "is_working_day",
    "working_days",
    "count_working_days",
    "add_working_days",
    "non_working_days",
    "backward_schedule",
    "gate_in_deadline",
    "terminal_acceptance_days",
    "export_schedule",
    "gantt_data",
    "simulate_total_days",
    "on_time_probability",
    "days_for_probability",
    "otif",
    "otif_detail",
    "daily_output",
    "Feasibility",
    "order_feasibility",
    "capacity_table",
]

FIRST_DATE = dt.date(1946, 1, 1)
"""The earliest date a calendar accepts (the holiday data starts in 1946)."""
LAST_DATE = dt.date(2100, 12, 31)
"""The latest date a calendar accepts (the holiday data ends in 2100)."""
MAX_TASK_DAYS = 3650
"""The longest task, in working days, a schedule accepts."""
MAX_RUNS = 2_000_000
"""The most Monte Carlo runs one call may ask for (memory: runs × tasks × 8 bytes)."""

_ONE_DAY = dt.timedelta(days=1)
_BUFFER_NAME: Text = {"id": "Cadangan", "en": "Buffer"}
_BUFFER_NAMES = frozenset({"cadangan", "buffer"})

# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_DATE_RULE: Text = {
    "id": 'harus berupa tanggal antara 1946-01-01 dan 2100-12-31, misalnya "2026-03-20" '
    "atau datetime.date(2026, 3, 20)",
    "en": 'it must be a date between 1946-01-01 and 2100-12-31, such as "2026-03-20" '
    "or datetime.date(2026, 3, 20)",
}


def to_date(argument: str, value: Any) -> dt.date:
    """``value`` as a ``datetime.date``, or an :class:`~toolkit.errors.InputError` naming ``argument``.

    Accepts a ``date``, a ``datetime`` or ``pandas.Timestamp`` (the time is dropped), a
    ``numpy.datetime64`` or an ISO string.

    Examples
    --------
    >>> to_date("deadline", "2026-03-27")
    datetime.date(2026, 3, 27)
    >>> to_date("deadline", "27/03/2026")
    Traceback (most recent call last):
    ...
    toolkit.errors.InputError: deadline = '27/03/2026' tidak diperbolehkan: harus berupa tanggal ...
    """
    day: dt.date | None = None
    if isinstance(value, dt.datetime):  # also pandas.Timestamp; checked before date
        if not pd.isna(value):
            day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, np.datetime64):
        if not np.isnat(value):
            day = pd.Timestamp(value).date()
    elif isinstance(value, str):
        text = value.strip()
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            try:
                day = dt.datetime.fromisoformat(text).date()
            except ValueError:
                day = None
    if day is None or not FIRST_DATE <= day <= LAST_DATE:
        raise InputError(argument, value, _DATE_RULE)
    return day


# ---------------------------------------------------------------------------
# Working calendar
# ---------------------------------------------------------------------------

_DAY_NAMES = {
    # English, short and long
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
    # Indonesian, short and long
    "sen": 0, "senin": 0, "sel": 1, "selasa": 1, "rab": 2, "rabu": 2, "kam": 3, "kamis": 3,
    "jum": 4, "jumat": 4, "jum'at": 4, "sab": 5, "sabtu": 5, "min": 6, "minggu": 6,
    "ahad": 6,
}  # fmt: skip

_WORKDAYS_RULE: Text = {
    "id": 'tulis hari kerja seperti "Mon-Fri", "Sen-Sab" atau "Sen,Sel,Rab" '
    "(hari: Sen Sel Rab Kam Jum Sab Min atau Mon Tue Wed Thu Fri Sat Sun)",
    "en": 'write the working days like "Mon-Fri", "Sen-Sab" or "Mon,Tue,Wed" '
    "(days: Mon Tue Wed Thu Fri Sat Sun or Sen Sel Rab Kam Jum Sab Min)",
}


@functools.lru_cache(maxsize=64)
def _parse_workdays(text: str) -> tuple[bool, ...] | None:
    """Seven flags, Monday first, or None when ``text`` cannot be read."""
    mask = [False] * 7
    for item in text.replace(";", ",").split(","):
        item = item.strip().casefold()
        if not item:
            return None
        ends = [part.strip().rstrip(".") for part in item.split("-")]
        if len(ends) > 2 or any(end not in _DAY_NAMES for end in ends):
            return None
        first, last = _DAY_NAMES[ends[0]], _DAY_NAMES[ends[-1]]
        day = first
        while True:  # a range may wrap round the week: "Sun-Thu"
            mask[day] = True
            if day == last:
                break
            day = (day + 1) % 7
    return tuple(mask)


def _workdays_mask(workdays: Any) -> tuple[bool, ...]:
    text = workdays
    if not isinstance(workdays, str) and isinstance(workdays, Iterable):
        items = list(workdays)
        text = ",".join(items) if all(isinstance(i, str) for i in items) else None
    mask = _parse_workdays(text) if isinstance(text, str) else None
    if mask is None:
        raise InputError("workdays", workdays, _WORKDAYS_RULE)
    return mask


@functools.lru_cache(maxsize=512)
def _indonesian_holidays(year: int, collective_leave: bool) -> Mapping[dt.date, Text]:
    """Indonesia's holidays in ``year`` with their names in both languages (cached per year)."""
    categories = ("public", "government") if collective_leave else ("public",)
    names_id = _holidays_package.Indonesia(years=year, categories=categories, language="id")
    names_en = _holidays_package.Indonesia(years=year, categories=categories, language="en_US")
    return {day: {"id": names_id[day], "en": names_en[day]} for day in sorted(names_id)}


_HOLIDAYS_RULE: Text = {
    "id": '"ID" (hari libur nasional Indonesia), None (tanpa hari libur) atau daftar tanggal',
    "en": '"ID" (Indonesian public holidays), None (no holidays) or a list of dates',
}
_CLOSURE_RULE: Text = {
    "id": 'harus berupa tanggal atau rentang (awal, akhir), misalnya [("2026-03-16", '
    '"2026-03-27"), "2026-04-03"]',
    "en": 'it must be a date or a (first, last) range, such as [("2026-03-16", '
    '"2026-03-27"), "2026-04-03"]',
}
_CLOSED: Text = {"id": "tutup", "en": "closed"}
_WEEKEND: Text = {"id": "bukan hari kerja", "en": "not a working day"}
_HOLIDAY: Text = {"id": "hari libur", "en": "holiday"}


class _Calendar:
    """Which days are working days: weekday flags, a holiday source and closures."""

    __slots__ = ("mask", "closed", "fixed_holidays", "indonesian", "collective_leave")

    def __init__(self, workdays: Any, holidays: Any, closures: Any, collective_leave: Any):
        self.mask = _workdays_mask(workdays)
        if not isinstance(collective_leave, bool):
            raise InputError(
                "collective_leave",
                collective_leave,
                {"id": "harus True atau False", "en": "it must be True or False"},
            )
        self.collective_leave = collective_leave
        self.indonesian = False
        self.fixed_holidays: frozenset[dt.date] = frozenset()
        if holidays is None or holidays is False:
            pass
        elif holidays is True or (isinstance(holidays, str) and holidays.upper() == "ID"):
            self.indonesian = True
        elif isinstance(holidays, Iterable) and not isinstance(holidays, str | bytes):
            self.fixed_holidays = frozenset(
                to_date(f"holidays[{i}]", day) for i, day in enumerate(holidays)
            )
        else:
            raise InputError("holidays", holidays, _HOLIDAYS_RULE)
        self.closed = _closure_days(closures)

    def holiday(self, day: dt.date) -> Text | None:
        """The holiday's name on ``day``, or None."""
        if self.indonesian:
            return _indonesian_holidays(day.year, self.collective_leave).get(day)
        if day in self.fixed_holidays:
            return _HOLIDAY
        return None

    def is_working(self, day: dt.date) -> bool:
        return (
            self.mask[day.weekday()]
            and day not in self.closed
            and day not in self.fixed_holidays
            and not (
                self.indonesian and day in _indonesian_holidays(day.year, self.collective_leave)
            )
        )

    def reason(self, day: dt.date) -> Text | None:
        """Why ``day`` is not a working day (holiday first, then closure, then weekday)."""
        name = self.holiday(day)
        if name is not None:
            return name
        if day in self.closed:
            return _CLOSED
        if not self.mask[day.weekday()]:
            return _WEEKEND
        return None

    def step(self, day: dt.date, direction: int, argument: str, value: Any) -> dt.date:
        """The nearest working day strictly after (``direction`` 1) or before (-1) ``day``."""
        delta = _ONE_DAY if direction > 0 else -_ONE_DAY
        while True:
            if (direction < 0 and day <= FIRST_DATE) or (direction > 0 and day >= LAST_DATE):
                raise InputError(argument, value, _OUT_OF_CALENDAR)
            day += delta
            if self.is_working(day):
                return day

    def days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        out = []
        day = start
        while day <= end:
            if self.is_working(day):
                out.append(day)
            day += _ONE_DAY
        return out


_OUT_OF_CALENDAR: Text = {
    "id": "rencana ini keluar dari kalender 1946–2100; periksa tanggal, jumlah hari dan "
    "penutupan (closures): mungkin tidak ada hari kerja yang tersisa",
    "en": "this plan runs off the 1946–2100 calendar; check the dates, the number of days and "
    "the closures: there may be no working day left",
}


def _closure_days(closures: Any) -> frozenset[dt.date]:
    if closures is None:
        return frozenset()
    if isinstance(closures, str | dt.date | np.datetime64):
        closures = [closures]
    if not isinstance(closures, Iterable):
        raise InputError("closures", closures, _CLOSURE_RULE)
    days: set[dt.date] = set()
    for i, item in enumerate(closures):
        argument = f"closures[{i}]"
        if isinstance(item, Sequence) and not isinstance(item, str | bytes):
            if len(item) != 2:
                raise InputError(argument, item, _CLOSURE_RULE)
            first, last = to_date(argument, item[0]), to_date(argument, item[1])
            if last < first:
                raise InputError(
                    argument,
                    item,
                    {
                        "id": "tanggal akhir rentang harus sama dengan atau sesudah tanggal awal",
                        "en": "the range's last date must be on or after its first date",
                    },
                )
            day = first
            while day <= last:
                days.add(day)
                day += _ONE_DAY
        else:
            days.add(to_date(argument, item))
    return frozenset(days)


def is_working_day(
    day: Any,
    *,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    collective_leave: bool = False,
) -> bool:
    """Whether ``day`` is a working day.

    Parameters
    ----------
    day
        The date to check.
    workdays
        The working weekdays: ``"Mon-Fri"``, ``"Mon-Sat"``, ``"Mon-Sun"``, a comma list such as
        ``"Mon,Tue,Wed"``, or Indonesian names (``"Sen-Jum"``, ``"Sen-Sab"``).
    holidays
        ``"ID"`` for Indonesian public holidays, None or False for none, or a list of dates.
    closures
        Dates and ``(first, last)`` inclusive ranges when the business is closed.
    collective_leave
        Also treat the government's cuti bersama (collective leave days) as holidays;
        only with ``holidays="ID"``.

    Examples
    --------
    >>> is_working_day("2026-03-19")  # Nyepi, a Thursday
    False
    >>> is_working_day("2026-03-20")  # cuti bersama Idul Fitri: a working day unless asked
    True
    >>> is_working_day("2026-03-20", collective_leave=True)
    False
    >>> is_working_day("2026-03-28", workdays="Sen-Sab")  # a Saturday
    True
    """
    calendar = _Calendar(workdays, holidays, closures, collective_leave)
    return calendar.is_working(to_date("day", day))


def working_days(
    start: Any,
    end: Any,
    *,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    collective_leave: bool = False,
) -> list[dt.date]:
    """The working days from ``start`` to ``end``, both included, in order.

    The calendar arguments are those of :func:`is_working_day`.

    Examples
    --------
    >>> [str(d) for d in working_days("2026-03-16", "2026-03-27")]  # Nyepi on the 19th
    ['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-20', '2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27']
    """
    first, last = _date_range(start, end)
    return _Calendar(workdays, holidays, closures, collective_leave).days(first, last)


def count_working_days(
    start: Any,
    end: Any,
    *,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    collective_leave: bool = False,
) -> int:
    """How many working days there are from ``start`` to ``end``, both included.

    Examples
    --------
    >>> count_working_days("2026-03-16", "2026-03-27", collective_leave=True)
    5
    """
    return len(
        working_days(
            start,
            end,
            workdays=workdays,
            holidays=holidays,
            closures=closures,
            collective_leave=collective_leave,
        )
    )


def _date_range(start: Any, end: Any, end_name: str = "end") -> tuple[dt.date, dt.date]:
    first = to_date("start", start)
    last = to_date(end_name, end)
    if last < first:
        raise InputError(
            end_name,
            end,
            {
                "id": f"harus sama dengan atau sesudah start ({first.isoformat()})",
                "en": f"it must be on or after start ({first.isoformat()})",
            },
        )
    return first, last


def add_working_days(
    day: Any,
    n: int,
    *,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    collective_leave: bool = False,
) -> dt.date:
    """The ``n``-th working day after ``day`` (``n`` > 0) or before it (``n`` < 0).

    ``day`` itself is not counted. ``n = 0`` gives ``day`` when it is a working day, otherwise
    the next working day. The calendar arguments are those of :func:`is_working_day`.

    Examples
    --------
    >>> add_working_days("2026-03-17", 2)  # Tue + 2: Nyepi (Thu 19th) is skipped
    datetime.date(2026, 3, 20)
    >>> add_working_days("2026-03-23", -1)  # the working day before Monday
    datetime.date(2026, 3, 20)
    """
    calendar = _Calendar(workdays, holidays, closures, collective_leave)
    start = to_date("day", day)
    n = int(check_number("n", n, integer=True, minimum=-100_000, maximum=100_000))
    if n == 0:
        return start if calendar.is_working(start) else calendar.step(start, 1, "day", day)
    direction = 1 if n > 0 else -1
    current = start
    for _ in range(abs(n)):
        current = calendar.step(current, direction, "n", n)
    return current


def non_working_days(
    start: Any,
    end: Any,
    *,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    collective_leave: bool = False,
) -> pd.DataFrame:
    """The days off from ``start`` to ``end`` and why, in the active language.

    Returns a DataFrame with columns ``date`` (``datetime.date``) and ``reason`` (the holiday's
    name, "tutup"/"closed" for a closure, or "bukan hari kerja"/"not a working day").

    Examples
    --------
    >>> non_working_days("2026-03-18", "2026-03-22")
             date                             reason
    0  2026-03-19                    Hari Suci Nyepi
    1  2026-03-21               Hari Raya Idul Fitri
    2  2026-03-22  Hari kedua dari Hari Raya Idul Fitri
    """
    first, last = _date_range(start, end)
    calendar = _Calendar(workdays, holidays, closures, collective_leave)
    rows = []
    day = first
    while day <= last:
        if not calendar.is_working(day):
            rows.append((day, tr(calendar.reason(day))))
        day += _ONE_DAY
    return pd.DataFrame(rows, columns=["date", "reason"])


# ---------------------------------------------------------------------------
# Backward schedule and Gantt rows
# ---------------------------------------------------------------------------

_TASKS_RULE: Text = {
    "id": 'harus berupa daftar pasangan (nama, hari_kerja), misalnya [("bahan baku", 5), '
    '("produksi", 10)]',
    "en": 'it must be a list of (name, working_days) pairs, such as [("materials", 5), '
    '("production", 10)]',
}
_NAME_RULE: Text = {
    "id": "nama tugas harus berupa teks yang tidak kosong",
    "en": "a task's name must be non-empty text",
}


def _task_list(tasks: Any, size: int, rule: Text) -> list[Sequence[Any]]:
    """``tasks`` as a non-empty list of ``size``-item rows whose first item is a name."""
    if isinstance(tasks, pd.DataFrame):  # one row per task, the columns in order
        tasks = list(tasks.itertuples(index=False, name=None))
    elif isinstance(tasks, Mapping):
        tasks = [(name, *(v if isinstance(v, Sequence) else (v,))) for name, v in tasks.items()]
    if isinstance(tasks, str | bytes) or not isinstance(tasks, Iterable):
        raise InputError("tasks", tasks, rule)
    rows = list(tasks)
    if not rows:
        raise InputError("tasks", tasks, rule)
    for i, row in enumerate(rows):
        if isinstance(row, str | bytes) or not isinstance(row, Sequence) or len(row) != size:
            raise InputError(f"tasks[{i}]", row, rule)
        if not isinstance(row[0], str) or not row[0].strip():
            raise InputError(f"tasks[{i}][0]", row[0], _NAME_RULE)
    return rows


def backward_schedule(
    deadline: Any,
    tasks: Any,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    *,
    buffer_days: int = 0,
    port_tasks: int = 1,
    collective_leave: bool = False,
) -> pd.DataFrame:
    """Plan ``tasks`` backwards so that the last one ends by ``deadline``.

    The last task ends on the latest working day on or before ``deadline``; each earlier task
    ends on the working day before the next one starts. Each task takes exactly its number of
    working days, counted on working days only.

    Parameters
    ----------
    deadline
        The date the last task must be finished by. For an export, the gate-in date: the working
        day before the vessel's cut-off (:func:`gate_in_deadline`, or use :func:`export_schedule`);
        otherwise the buyer's date.
    tasks
        The tasks in the order they run: ``(name, working_days)`` pairs (or a dict
        ``{name: working_days}``). Each task takes a whole number of working days from 1 to
        :data:`MAX_TASK_DAYS`; a zero-day milestone is not a task here.
    workdays, holidays, closures, collective_leave
        The working calendar, as in :func:`is_working_day`. Closures are dates and
        ``(first, last)`` inclusive ranges; wrap a single range in a list:
        ``closures=[("2026-03-18", "2026-03-24")]``.
    buffer_days
        Working days of slack, added as a task named "Cadangan" (Indonesian) or "Buffer"
        (English); 0 adds none.
    port_tasks
        How many of the last tasks happen on fixed dates at the port's end (stuffing, trucking and
        gate-in): the buffer goes just before them, so a delay is absorbed while the goods still
        wait in the dry warehouse, not at the terminal. 0 puts the buffer at the very end (a
        buyer's date with no port in between).

    Returns
    -------
    pandas.DataFrame
        One row per task, in order, with columns ``task``, ``start`` and ``end`` (both
        ``datetime.date``, both working days, both included) and ``working_days``.

    Examples
    --------
    The buffer sits before the truck, the last task, not after it:

    >>> backward_schedule("2026-03-27", [("produksi", 3), ("truk", 1)], buffer_days=2)
           task       start         end  working_days
    0  produksi  2026-03-20  2026-03-24             3
    1  Cadangan  2026-03-25  2026-03-26             2
    2      truk  2026-03-27  2026-03-27             1
    """
    calendar = _Calendar(workdays, holidays, closures, collective_leave)
    end_by = to_date("deadline", deadline)
    rows = _task_list(tasks, 2, _TASKS_RULE)
    plan: list[tuple[str, int]] = []
    for i, (name, days) in enumerate(rows):
        days = check_number(f"tasks[{i}][1]", days, minimum=1, maximum=MAX_TASK_DAYS, integer=True)
        plan.append((name, int(days)))
    buffer = int(
        check_number("buffer_days", buffer_days, minimum=0, maximum=MAX_TASK_DAYS, integer=True)
    )
    port = int(check_number("port_tasks", port_tasks, minimum=0, maximum=len(plan), integer=True))
    if buffer:
        plan.insert(len(plan) - port, (tr(_BUFFER_NAME), buffer))

    # The latest working day on or before the deadline ...
    day = end_by if calendar.is_working(end_by) else calendar.step(end_by, -1, "deadline", deadline)
    out: list[tuple[str, dt.date, dt.date, int]] = []
    for position, (name, days) in enumerate(reversed(plan)):
        if position:  # ... each earlier task ends the working day before the next one starts.
            day = calendar.step(day, -1, "deadline", deadline)
        end = day
        for _ in range(days - 1):
            day = calendar.step(day, -1, "deadline", deadline)
        out.append((name, day, end, days))
    out.reverse()
    return pd.DataFrame(out, columns=["task", "start", "end", "working_days"])


@functools.cache
def _port_rules() -> dict[str, float]:
    table = data.load("port_rules").set_index("key")["value"]
    return {key: float(value) for key, value in table.items()}


def terminal_acceptance_days() -> int:
    """How many calendar days before the CY cut-off a terminal accepts an export container.

    The class's figure from ``toolkit/data/port_rules.csv`` (the terminal opens the stack for a
    vessel a few days before it arrives and closes it at the cut-off); every vessel has its own
    open-stack time: read the booking confirmation.

    >>> terminal_acceptance_days()
    3
    """
    return int(_port_rules()["terminal_acceptance_days"])


def gate_in_deadline(
    cutoff: Any,
    *,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    collective_leave: bool = False,
) -> dt.date:
    """The last day to plan a container's gate-in for a vessel: the working day before its cut-off.

    A CY cut-off has an hour, often midday; a truck from Serang that leaves on the cut-off day is
    the classic way to miss the vessel. So the plan's last task (stuffing, trucking and gate-in)
    ends the working day before. The calendar arguments are those of :func:`is_working_day`.

    >>> gate_in_deadline("2027-03-31")  # cut-off Wednesday 31 March: gate in on Tuesday
    datetime.date(2027, 3, 30)
    >>> gate_in_deadline("2026-03-30", collective_leave=True)  # Monday after a Lebaran week
    datetime.date(2026, 3, 27)
    """
    calendar = _Calendar(workdays, holidays, closures, collective_leave)
    day = to_date("cutoff", cutoff)
    return calendar.step(day, -1, "cutoff", cutoff)


_TOO_EARLY: Text = {
    "id": "kontainer akan masuk terminal {gate} ({days} hari sebelum cut-off {cutoff}), padahal "
    "terminal baru menerima kontainer ekspor paling cepat {window} hari sebelum cut-off (open "
    "stack): hari kerja terakhir sebelum cut-off terlalu jauh. Rencanakan stuffing dan truk pada "
    "hari yang lebih dekat ke cut-off (atur dengan perusahaan truk dan forwarder; ubah hari tutup "
    "atau hari kerja), atau pilih kapal lain",
    "en": "the container would gate in on {gate} ({days} days before the {cutoff} cut-off), but the "
    "terminal takes export containers at the earliest {window} days before the cut-off (open "
    "stack): the last working day before the cut-off is too early. Plan the stuffing and trucking "
    "closer to the cut-off (arrange it with the trucker and the forwarder; change the closures or "
    "the working days), or choose another vessel",
}


def export_schedule(
    cutoff: Any,
    tasks: Any,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    *,
    buffer_days: int = 0,
    port_tasks: int = 1,
    collective_leave: bool = False,
    acceptance_days: int | None = None,
) -> pd.DataFrame:
    """An export delivery plan a port would accept: backwards from the gate-in before ``cutoff``.

    The last task ends on :func:`gate_in_deadline` (the working day before the CY cut-off); the
    buffer sits before the ``port_tasks`` last tasks (:func:`backward_schedule`). The container
    reaches the terminal when the last task ends; if that is more than ``acceptance_days``
    calendar days before the cut-off (default :func:`terminal_acceptance_days`), the terminal
    would not take it yet and the plan is refused with a sentence saying what to do: a closure
    or a run of holidays right before the cut-off leaves no working day close enough.

    Examples
    --------
    Cut-off Wednesday 31 March 2027: the last task ends Tuesday 30 March, the buffer before it
    (skipping Good Friday, 26 March).

    >>> plan = export_schedule("2027-03-31", [("kemas", 2), ("stuffing dan truk", 1)], buffer_days=2)
    >>> plan[["task", "start", "end"]]
                    task       start         end
    0              kemas  2027-03-23  2027-03-24
    1           Cadangan  2027-03-25  2027-03-29
    2  stuffing dan truk  2027-03-30  2027-03-30

    A Lebaran closure up to the day before the cut-off would put the box at the terminal too early:

    >>> export_schedule("2027-03-31", [("truk", 1)], closures=[("2027-03-22", "2027-03-30")])
    Traceback (most recent call last):
    ...
    toolkit.errors.InputError: cutoff = '2027-03-31' tidak diperbolehkan: kontainer akan masuk terminal ...
    """
    calendar = {
        "workdays": workdays,
        "holidays": holidays,
        "closures": closures,
        "collective_leave": collective_leave,
    }
    window = terminal_acceptance_days() if acceptance_days is None else acceptance_days
    window = int(check_number("acceptance_days", window, minimum=1, maximum=60, integer=True))
    day = to_date("cutoff", cutoff)
    gate_in = gate_in_deadline(day, **calendar)
    plan = backward_schedule(
        gate_in, tasks, buffer_days=buffer_days, port_tasks=port_tasks, **calendar
    )
    arrives = plan["end"].iloc[-1]
    early = (day - arrives).days
    if early > window:
        raise InputError(
            "cutoff",
            cutoff,
            {
                lang: _TOO_EARLY[lang].format(
                    gate=arrives.isoformat(), days=early, cutoff=day.isoformat(), window=window
                )
                for lang in ("id", "en")
            },
        )
    plan.attrs["cutoff"] = day
    plan.attrs["gate_in"] = arrives
    return plan


_SCHEDULE_COLUMNS = ("task", "start", "end", "working_days")


class _Described:
    """Stands for a DataFrame in a message: its columns, or its shape when it has no rows."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def __repr__(self) -> str:
        if self.frame.empty and len(self.frame.columns):
            rows, columns = self.frame.shape
            return f"DataFrame[{rows}×{columns}]"
        return "DataFrame[" + ", ".join(map(str, self.frame.columns)) + "]"


def _require_columns(argument: str, frame: Any, required: Sequence[str]) -> pd.DataFrame:
    """``frame`` as a non-empty DataFrame holding ``required``; else name what is missing."""
    listed = ", ".join(required)
    if not isinstance(frame, pd.DataFrame):
        try:
            frame = pd.DataFrame(frame)
        except (TypeError, ValueError):
            raise InputError(
                argument,
                frame,
                {
                    "id": f"harus berupa DataFrame dengan kolom: {listed}",
                    "en": f"it must be a DataFrame with the columns: {listed}",
                },
            ) from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        gone = ", ".join(missing)
        raise InputError(
            argument,
            _Described(frame),
            {
                "id": f"kolom yang hilang: {gone}; kolom yang diperlukan: {listed}",
                "en": f"missing columns: {gone}; the columns required are: {listed}",
            },
        )
    if frame.empty:
        raise InputError(
            argument,
            _Described(frame),
            {"id": "harus berisi minimal satu baris", "en": "it must hold at least one row"},
        )
    return frame


def gantt_data(schedule: pd.DataFrame) -> pd.DataFrame:
    """Rows for a horizontal bar chart of a :func:`backward_schedule` result.

    Returns a DataFrame with columns ``task``, ``start``, ``end`` (``datetime.date``, both
    included), ``calendar_days`` (end − start + 1, weekends and holidays included, so the bar's
    width), ``working_days`` and ``is_buffer`` (the task is named "Cadangan" or "Buffer").

    Examples
    --------
    >>> plan = backward_schedule("2026-03-27", [("produksi", 3), ("truk", 1)], buffer_days=2)
    >>> gantt_data(plan)[["task", "calendar_days", "working_days", "is_buffer"]]
           task  calendar_days  working_days  is_buffer
    0  produksi              5             3      False
    1  Cadangan              2             2       True
    2      truk              1             1      False
    """
    frame = _require_columns("schedule", schedule, _SCHEDULE_COLUMNS)
    starts = [to_date(f"schedule.start[{i}]", v) for i, v in enumerate(frame["start"])]
    ends = [to_date(f"schedule.end[{i}]", v) for i, v in enumerate(frame["end"])]
    tasks = [str(t) for t in frame["task"]]
    return pd.DataFrame(
        {
            "task": tasks,
            "start": starts,
            "end": ends,
            "calendar_days": [(e - s).days + 1 for s, e in zip(starts, ends, strict=True)],
            "working_days": list(frame["working_days"]),
            "is_buffer": [t.strip().casefold() in _BUFFER_NAMES for t in tasks],
        }
    )


# ---------------------------------------------------------------------------
# Monte Carlo: the chance of finishing on time
# ---------------------------------------------------------------------------

_THREE_POINT_RULE: Text = {
    "id": "harus berupa daftar (nama, tercepat, paling_mungkin, terlama), misalnya "
    '[("produksi", 8, 10, 14)]',
    "en": 'it must be a list of (name, low, mode, high), such as [("production", 8, 10, 14)]',
}


def _three_point(tasks: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = _task_list(tasks, 4, _THREE_POINT_RULE)
    low, mode, high = [], [], []
    for i, (name, a, m, b) in enumerate(rows):
        for j, value in enumerate((a, m, b), start=1):
            check_number(f"tasks[{i}][{j}]", value, minimum=0, maximum=MAX_TASK_DAYS)
        if not a <= m <= b:
            raise InputError(
                f"tasks[{i}] ({name})",
                (a, m, b),
                {
                    "id": "tercepat tidak boleh lebih dari paling mungkin, dan paling mungkin tidak "
                    "boleh lebih dari terlama",
                    "en": "the shortest may not exceed the most likely, nor the most likely "
                    "the longest",
                },
            )
        low.append(float(a))
        mode.append(float(m))
        high.append(float(b))
    return np.array(low), np.array(mode), np.array(high)


def _runs(n: Any) -> int:
    check_number("n", n, minimum=1, integer=True)
    if n > MAX_RUNS:  # written out: check_number would show 2e+06
        raise InputError(
            "n",
            n,
            {
                "id": f"harus berupa bilangan bulat dari 1 sampai {MAX_RUNS}",
                "en": f"it must be a whole number from 1 up to {MAX_RUNS}",
            },
        )
    return int(n)


def _generator(seed: Any) -> np.random.Generator:
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    check_number("seed", seed, minimum=0, integer=True)
    return np.random.default_rng(int(seed))


def _totals(low: np.ndarray, mode: np.ndarray, high: np.ndarray, n: int, seed: Any) -> np.ndarray:
    rng = _generator(seed)
    varies = low < high  # numpy's triangular refuses low == high: a fixed length is added as is
    totals = np.full(n, float(low[~varies].sum()))
    # One vectorised draw of n runs per varying task, added up as it comes: about twice as fast
    # as one triangular call on an (n, k) array of parameters, and n numbers in memory, not n × k.
    for a, m, b in zip(low[varies], mode[varies], high[varies], strict=True):
        totals += rng.triangular(a, m, b, size=n)
    return totals


def simulate_total_days(tasks: Any, n: int = 100_000, seed: Any = None) -> np.ndarray:
    """The total length, in working days, of ``n`` simulated runs of ``tasks`` in sequence.

    Each task's length is drawn from a triangular distribution ``(low, mode, high)``; a task
    with ``low == high`` always takes that long. Same ``seed``, same totals.

    Parameters
    ----------
    tasks
        ``(name, low, mode, high)`` rows, in working days, with 0 ≤ low ≤ mode ≤ high.
    n
        How many runs, from 1 to :data:`MAX_RUNS`.
    seed
        A whole number for repeatable results, a ``numpy.random.Generator``, or None.

    Examples
    --------
    >>> totals = simulate_total_days([("produksi", 8, 10, 14), ("truk", 1, 1, 1)], n=5, seed=0)
    >>> totals.shape, bool(((totals >= 9) & (totals <= 15)).all())
    ((5,), True)
    """
    low, mode, high = _three_point(tasks)
    return _totals(low, mode, high, _runs(n), seed)


def on_time_probability(
    tasks: Any, available_days: float, n: int = 100_000, seed: Any = None
) -> float:
    """The share of simulated runs that finish within ``available_days`` working days.

    ``tasks``, ``n`` and ``seed`` are those of :func:`simulate_total_days`. With a fixed seed
    the result never falls as ``available_days`` grows; it is 1.0 from the sum of the highs
    up and 0.0 below the sum of the lows.

    Examples
    --------
    >>> tasks = [("bahan baku", 4, 5, 8), ("produksi", 9, 10, 14), ("QC", 1, 2, 3)]
    >>> on_time_probability(tasks, 25, seed=1), on_time_probability(tasks, 13, seed=1)
    (1.0, 0.0)
    """
    low, mode, high = _three_point(tasks)
    available = check_number("available_days", available_days, minimum=0)
    runs = _runs(n)
    _generator(seed)  # a bad seed is an error even when no run is needed
    if available >= high.sum():  # every run fits: no need to draw
        return 1.0
    if available < low.sum():
        return 0.0
    totals = _totals(low, mode, high, runs, seed)
    return float(np.count_nonzero(totals <= available) / runs)


def days_for_probability(
    tasks: Any, probability: float, n: int = 100_000, seed: Any = None
) -> float:
    """The fewest working days that give at least ``probability`` of finishing in time.

    The empirical quantile of the simulated totals (so, with the same ``n`` and ``seed``,
    ``on_time_probability(tasks, days_for_probability(tasks, p)) >= p``). The difference from
    the most likely plan (the sum of the modes) is the buffer to add. Round up with
    ``math.ceil`` for whole days.

    Examples
    --------
    >>> import math
    >>> tasks = [("bahan baku", 4, 5, 8), ("produksi", 9, 10, 14), ("QC", 1, 2, 3)]
    >>> days = days_for_probability(tasks, 0.95, seed=1)
    >>> math.ceil(days), math.ceil(days) - (5 + 10 + 2)
    (22, 5)
    """
    low, mode, high = _three_point(tasks)
    p = check_fraction("probability", probability, allow_one=True)
    totals = _totals(low, mode, high, _runs(n), seed)
    return float(np.quantile(totals, p, method="inverted_cdf"))


# ---------------------------------------------------------------------------
# OTIF: on time, in full
# ---------------------------------------------------------------------------

_ORDER_COLUMNS = ("promised", "delivered", "qty_ordered", "qty_delivered")


_MISSING_OK: Text = {
    "id": ", atau kosong bila belum dikirim",
    "en": ", or empty when not delivered yet",
}


def _bad_cell(column: str, values: pd.Series, bad: pd.Series, rule: Text) -> InputError:
    """An error naming the first bad cell of ``column`` (by position) and its value."""
    row = int(bad.to_numpy().nonzero()[0][0])
    value = values.iloc[row]
    value = value.item() if isinstance(value, np.generic) else value
    return InputError(f"orders.{column}[{row}]", value, rule)


_ORDER_DATE_RULE: Text = {
    "id": 'harus berupa tanggal, misalnya "2026-03-20" atau datetime.date(2026, 3, 20)',
    "en": 'it must be a date, such as "2026-03-20" or datetime.date(2026, 3, 20)',
}


def _is_date_like(value: Any) -> bool:
    return isinstance(value, str | dt.date | np.datetime64) or pd.isna(value)


def _date_column(frame: pd.DataFrame, column: str, allow_missing: bool) -> pd.Series:
    """``frame[column]`` as midnight timestamps; NaT only where allowed and empty."""
    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = values
    else:
        try:
            dates = pd.to_datetime(values, errors="coerce", format="mixed")
        except (TypeError, ValueError):  # e.g. time zones mixed
            dates = pd.Series(pd.NaT, index=frame.index)
        # Numbers would be read as nanoseconds since 1970: refuse them.
        dates = dates.where(values.map(_is_date_like).astype(bool))
    bad = dates.isna() & values.notna() if allow_missing else dates.isna()
    if bad.any():
        rule = _ORDER_DATE_RULE
        if allow_missing:
            rule = {lang: _ORDER_DATE_RULE[lang] + _MISSING_OK[lang] for lang in ("id", "en")}
        raise _bad_cell(column, values, bad, rule)
    return dates.dt.normalize()


def _quantity_column(frame: pd.DataFrame, column: str, allow_missing: bool) -> pd.Series:
    """``frame[column]`` as numbers: ordered > 0; delivered ≥ 0, empty counted as 0."""
    values = frame[column]
    amounts = pd.to_numeric(values, errors="coerce")
    if allow_missing:
        bad = (amounts.isna() & values.notna()) | (amounts < 0)
        rule = {
            "id": "harus berupa angka minimal 0" + _MISSING_OK["id"],
            "en": "it must be a number of at least 0" + _MISSING_OK["en"],
        }
    else:
        bad = amounts.isna() | (amounts <= 0)
        rule = {"id": "harus berupa angka lebih dari 0", "en": "it must be a number greater than 0"}
    if bad.any():
        raise _bad_cell(column, values, bad, rule)
    return amounts.fillna(0.0)


def otif_detail(orders: Any) -> pd.DataFrame:
    """Each order judged: ``orders`` with columns ``on_time``, ``in_full`` and ``otif`` added.

    An order is on time when it was delivered on or before the promised date (dates compared
    as days; a missing delivered date means not delivered, so not on time) and in full when
    ``qty_delivered >= qty_ordered`` (missing ``qty_delivered`` counts as 0).

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "promised": ["2026-04-10", "2026-04-10", "2026-04-10"],
    ...     "delivered": ["2026-04-09", "2026-04-13", None],
    ...     "qty_ordered": [100, 100, 100],
    ...     "qty_delivered": [100, 100, None],
    ... })
    >>> otif_detail(orders)[["on_time", "in_full", "otif"]]
       on_time  in_full   otif
    0     True     True   True
    1    False     True  False
    2    False    False  False
    """
    frame = _require_columns("orders", orders, _ORDER_COLUMNS)
    promised = _date_column(frame, "promised", allow_missing=False)
    delivered = _date_column(frame, "delivered", allow_missing=True)
    ordered = _quantity_column(frame, "qty_ordered", allow_missing=False)
    got = _quantity_column(frame, "qty_delivered", allow_missing=True)
    on_time = (delivered.notna() & (delivered <= promised)).astype(bool)
    in_full = (got >= ordered).astype(bool)
    out = frame.copy()
    out["on_time"] = on_time.to_numpy()
    out["in_full"] = in_full.to_numpy()
    out["otif"] = (on_time & in_full).to_numpy()
    return out


def otif(orders: Any) -> float:
    """The share of ``orders`` delivered on time and in full, from 0 to 1.

    ``orders`` is a DataFrame with columns ``promised``, ``delivered``, ``qty_ordered`` and
    ``qty_delivered``; see :func:`otif_detail` for how each order is judged.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({
    ...     "promised": ["2026-04-10", "2026-04-10", "2026-05-08", "2026-05-08"],
    ...     "delivered": ["2026-04-09", "2026-04-13", "2026-05-08", "2026-05-07"],
    ...     "qty_ordered": [100, 100, 250, 250],
    ...     "qty_delivered": [100, 100, 250, 240],
    ... })
    >>> otif(orders)
    0.5
    >>> otif(orders.drop(columns=["delivered"]))
    Traceback (most recent call last):
    ...
    toolkit.errors.InputError: orders = ... kolom yang hilang: delivered; kolom yang diperlukan: promised, delivered, qty_ordered, qty_delivered.
    """
    return float(otif_detail(orders)["otif"].mean())


# ---------------------------------------------------------------------------
# Capacity and order feasibility
# ---------------------------------------------------------------------------


def _ceil(x: float) -> int:
    """ceil(x), treating a hair's breadth above a whole number (float noise) as that number."""
    nearest = round(x)
    return int(nearest) if math.isclose(x, nearest, rel_tol=1e-9, abs_tol=1e-9) else math.ceil(x)


def _floor(x: float) -> int:
    nearest = round(x)
    return int(nearest) if math.isclose(x, nearest, rel_tol=1e-9, abs_tol=1e-9) else math.floor(x)


def _yield(yield_rate: Any) -> float:
    check_fraction("yield_rate", yield_rate, allow_one=True)
    return check_number("yield_rate", yield_rate, minimum=0, maximum=1, strict=True)


def daily_output(workers: float, output_per_worker_day: float, yield_rate: float = 1.0) -> float:
    """Good units made per working day: workers × output per worker-day × yield rate.

    ``yield_rate`` is the share of units that pass QC (1 − reject rate), above 0 and up to 1.

    Examples
    --------
    >>> daily_output(12, 25, yield_rate=0.95)
    285.0
    """
    check_number("workers", workers, minimum=0, strict=True)
    check_number("output_per_worker_day", output_per_worker_day, minimum=0, strict=True)
    return workers * output_per_worker_day * _yield(yield_rate)


@dataclass(frozen=True)
class Feasibility:
    """Whether an order fits: read fields as attributes (``r.feasible``) or keys (``r["feasible"]``).

    Attributes
    ----------
    quantity
        The good units ordered.
    daily_output
        Good units per working day.
    available_days
        Working days from start to deadline, both included.
    production_days
        Working days of production: ceil(quantity / daily_output).
    other_days
        Working days for everything else (packing, trucking, documents).
    days_needed
        production_days + other_days.
    feasible
        days_needed ≤ available_days.
    slack_days
        available_days − days_needed (negative: that many days short).
    max_quantity
        The largest whole order that fits with this team.
    workers_needed
        The fewest whole workers that make this order fit, or None when other_days alone use up
        the time.
    finish
        The working day the work would end if it started on the first working day from start
        (None past the calendar's last date).
    """

    quantity: float
    daily_output: float
    available_days: int
    production_days: int
    other_days: int
    days_needed: int
    feasible: bool
    slack_days: int
    max_quantity: int
    workers_needed: int | None
    finish: dt.date | None

    def __getitem__(self, key: str) -> Any:
        return asdict(self)[key]

    def keys(self) -> list[str]:
        return list(asdict(self))

    def to_frame(self) -> pd.DataFrame:
        """A two-column table for a reader, headed and labelled in the active language.

        Yes/no answers are words ("Ya"/"Tidak"), numbers and dates are written the way the
        language writes them; the column headers are "Keterangan"/"Isi" ("Item"/"Value").

        >>> order_feasibility(600, workers=2, output_per_worker_day=50, start="2026-03-02",
        ...                   deadline="2026-03-13").to_frame().iloc[[1, 6]]
                     Keterangan  Isi
        1  Hasil per hari kerja  100
        6              Sanggup?   Ya
        """
        yes_no = {True: tr({"id": "Ya", "en": "Yes"}), False: tr({"id": "Tidak", "en": "No"})}
        rows = []
        for key, value in asdict(self).items():
            if isinstance(value, bool):
                value = yes_no[value]
            elif isinstance(value, dt.date):
                value = format_date(value, "long")
            elif value is None:
                value = "—"
            elif isinstance(value, float | int):
                value = format_number(value, decimals=0 if float(value).is_integer() else 1)
            rows.append((tr(_FEASIBILITY_LABELS[key]), value))
        columns = [tr({"id": "Keterangan", "en": "Item"}), tr({"id": "Isi", "en": "Value"})]
        return pd.DataFrame(rows, columns=columns)


_FEASIBILITY_LABELS: dict[str, Text] = {
    "quantity": {"id": "Jumlah pesanan (unit baik)", "en": "Order quantity (good units)"},
    "daily_output": {"id": "Hasil per hari kerja", "en": "Output per working day"},
    "available_days": {"id": "Hari kerja tersedia", "en": "Working days available"},
    "production_days": {"id": "Hari produksi", "en": "Production days"},
    "other_days": {"id": "Hari lain (proses, kemas, kirim)", "en": "Other days (process, packing, trucking)"},
    "days_needed": {"id": "Hari kerja dibutuhkan", "en": "Working days needed"},
    "feasible": {"id": "Sanggup?", "en": "Feasible?"},
    "slack_days": {"id": "Sisa hari", "en": "Slack days"},
    "max_quantity": {"id": "Pesanan terbesar yang sanggup", "en": "Largest order that fits"},
    "workers_needed": {"id": "Pekerja yang dibutuhkan", "en": "Workers needed"},
    "finish": {"id": "Selesai", "en": "Finish"},
}


def order_feasibility(
    quantity: float,
    *,
    workers: float,
    output_per_worker_day: float,
    yield_rate: float = 1.0,
    start: Any,
    deadline: Any,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    other_days: int = 0,
    collective_leave: bool = False,
) -> Feasibility:
    """Can the team make ``quantity`` good units, plus ``other_days`` of other work, by ``deadline``?

    Working days are counted from ``start`` to ``deadline``, both included, on the calendar of
    :func:`is_working_day`. Production takes ceil(quantity / daily output) whole working days.

    Examples
    --------
    A batik group of 12, 25 pieces each a day, 95 % pass QC, an order of 6,000 pieces, 3 days
    for packing and trucking, from 2 March to 27 March 2026 (Nyepi on the 19th):

    >>> r = order_feasibility(6000, workers=12, output_per_worker_day=25, yield_rate=0.95,
    ...                       start="2026-03-02", deadline="2026-03-27", other_days=3)
    >>> r.available_days, r.production_days, r.days_needed, r.feasible, r.slack_days
    (19, 22, 25, False, -6)
    >>> r.max_quantity, r.workers_needed
    (4560, 16)
    """
    check_number("quantity", quantity, minimum=0, strict=True)
    per_day = daily_output(workers, output_per_worker_day, yield_rate)
    other = int(check_number("other_days", other_days, minimum=0, integer=True, maximum=36500))
    first, last = _date_range(start, deadline, end_name="deadline")
    calendar = _Calendar(workdays, holidays, closures, collective_leave)
    available = len(calendar.days(first, last))
    production = _ceil(quantity / per_day)
    needed = production + other
    production_room = available - other
    max_quantity = _floor(production_room * per_day) if production_room > 0 else 0
    workers_needed = (
        _ceil(quantity / (production_room * output_per_worker_day * yield_rate))
        if production_room > 0
        else None
    )
    try:
        finish = first if calendar.is_working(first) else calendar.step(first, 1, "start", start)
        for _ in range(needed - 1):
            finish = calendar.step(finish, 1, "quantity", quantity)
    except InputError:  # the work would run past the calendar's last date
        finish = None
    return Feasibility(
        quantity=quantity,
        daily_output=per_day,
        available_days=available,
        production_days=production,
        other_days=other,
        days_needed=needed,
        feasible=needed <= available,
        slack_days=available - needed,
        max_quantity=max_quantity,
        workers_needed=workers_needed,
        finish=finish,
    )


def capacity_table(
    quantity: float | None = None,
    *,
    workers: float,
    output_per_worker_day: float,
    yield_rate: float = 1.0,
    start: Any,
    deadline: Any,
    workdays: Any = "Mon-Fri",
    holidays: Any = "ID",
    closures: Any = (),
    collective_leave: bool = False,
) -> pd.DataFrame:
    """Cumulative good units, working day by working day, from ``start`` to ``deadline``.

    Returns a DataFrame with one row per working day: ``date`` (``datetime.date``), ``day``
    (1, 2, ...), ``output`` (good units that day) and ``cumulative``; with ``quantity``, also
    ``quantity`` (the order, for the chart's line) and ``covered`` (cumulative ≥ quantity).

    Examples
    --------
    >>> capacity_table(500, workers=4, output_per_worker_day=50, start="2026-03-17",
    ...                deadline="2026-03-20")
             date  day  output  cumulative  quantity  covered
    0  2026-03-17    1   200.0       200.0       500    False
    1  2026-03-18    2   200.0       400.0       500    False
    2  2026-03-20    3   200.0       600.0       500     True
    """
    per_day = daily_output(workers, output_per_worker_day, yield_rate)
    first, last = _date_range(start, deadline, end_name="deadline")
    days = _Calendar(workdays, holidays, closures, collective_leave).days(first, last)
    count = np.arange(1, len(days) + 1)
    table = pd.DataFrame(
        {
            "date": pd.Series(days, dtype=object),
            "day": count,
            "output": np.full(len(days), float(per_day)),
            "cumulative": count * float(per_day),
        }
    )
    if quantity is not None:
        check_number("quantity", quantity, minimum=0, strict=True)
        table["quantity"] = quantity
        table["covered"] = table["cumulative"] >= quantity
    return table
