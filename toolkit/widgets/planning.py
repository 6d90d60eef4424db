"""Delivery planner (module 08): a backward schedule over Indonesian holidays, and the odds of being on time.

The participant picks the date the goods must be ready (the vessel's cut-off, the buyer's date),
types the tasks one per line, the days the workshop works, its closures (a Lebaran shutdown) and
a buffer; the app plans the tasks backwards with :func:`toolkit.planning.backward_schedule`, draws
them as a Gantt (:func:`toolkit.charts.gantt_chart`), names the latest start, and simulates the
tasks' spreads (:func:`toolkit.planning.on_time_probability`) into a histogram
(:func:`toolkit.charts.on_time_histogram`).

How the text boxes are read
---------------------------
Tasks, one per line: ``name, working days`` or ``name, working days, shortest, longest``
(commas, semicolons or tabs between; whole numbers of working days, the shortest no more than the
days and the days no more than the longest). The numbers are read from the end of the line, so a
name may hold commas (``Karantina, PEB, stuffing, 3``); a bare number inside the name
(``Produksi, 2,5``) is refused rather than guessed. A line without a spread takes exactly its days in the
simulation. Closures: one date or a range per line (or separated by ``;``), each date as
:func:`toolkit.i18n.parse_date` reads it (``20/03/2026``, ``20 Maret 2026``, ``2026-03-20``), a
range joined by ``sampai``, ``s/d``, ``hingga``, ``to``, ``..`` or a dash with spaces around it
(``16/03/2026 - 27/03/2026``). Anything else gets a sentence in :attr:`App.message`, in the active
language, naming the line counted from 1.

Examples
--------
>>> from toolkit.widgets.planning import PlanningApp, parse_tasks, parse_closures
>>> parse_tasks("Bahan baku, 5, 4, 8\\nTruk, 1")
[('Bahan baku', 5, 4, 8), ('Truk', 1, 1, 1)]
>>> parse_closures("16/03/2026 sampai 27 Maret 2026; 2026-04-03")
[('2026-03-16', '2026-03-27'), '2026-04-03']
>>> import datetime
>>> app = PlanningApp(deadline=datetime.date(2026, 3, 27))  # 24 days of tasks and 2 of buffer
>>> str(app.result["latest_start"])
'2026-02-19'
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re

import ipywidgets as widgets
import pandas as pd

from toolkit import charts, planning
from toolkit.errors import InputError, ReadError
from toolkit.i18n import Text, format_date, format_number, format_percent, parse_date, tr
from toolkit.widgets._base import App
from toolkit.widgets._controls import (
    LABEL_STYLE,
    CountSlider,
    choice,
    date,
    date_words,
    summary_html,
    table_html,
)

__all__ = [
    "PlanningApp",
    "parse_tasks",
    "parse_closures",
    "closures_box",
    "WORKDAYS",
    "DEFAULT_TASKS",
    "schedule_html",
]

RUNS = 20_000
"""Monte Carlo runs per refresh: enough for a share to ±1 %, fast enough for a slider."""
SEED = 2026
"""The simulation's seed, so the same plan always shows the same chance."""

WORKDAYS: dict[str, Text] = {
    "Mon-Fri": {"id": "Senin–Jumat", "en": "Monday–Friday"},
    "Mon-Sat": {"id": "Senin–Sabtu", "en": "Monday–Saturday"},
    "Mon-Sun": {"id": "Setiap hari", "en": "Every day"},
}
"""The working weeks offered, as :func:`toolkit.planning.is_working_day` reads them."""

DEFAULT_TASKS = """Bahan baku, 5, 4, 8
Produksi, 15, 12, 20
QC dan pengemasan, 3, 2, 4
Truk ke pelabuhan, 1"""
"""The tasks the planner opens with (a woven-bag order), one per line: name, days, shortest, longest."""

_TASK_RULE: Text = {
    "id": 'tulis setiap baris seperti "Produksi, 15" atau "Produksi, 15, 12, 20" '
    "(nama, hari kerja, tercepat, terlama; bilangan bulat)",
    "en": 'write each line like "Production, 15" or "Production, 15, 12, 20" '
    "(name, working days, shortest, longest; whole numbers)",
}
_NUMBER_IN_NAME: Text = {
    "id": 'nama tugas boleh memuat koma, tetapi "{number}" di tengah baris tidak jelas: bagian nama atau '
    'jumlah hari? Hari kerja ditulis bilangan bulat di akhir baris; di dalam nama tulis angkanya '
    'bersama kata (misalnya "Batch 2")',
    "en": 'a task name may hold commas, but "{number}" in the middle of the line is unclear: part of '
    "the name or a number of days? Working days are whole numbers at the end of the line; in the "
    'name write the number with a word (e.g. "Batch 2")',
}
_TASK_SEPARATOR = re.compile(r"[,;\t]")
_SPREAD_RULE: Text = {
    "id": "tercepat tidak boleh lebih dari hari kerja, dan hari kerja tidak boleh lebih dari "
    'terlama; tulis misalnya "Produksi, 15, 12, 20"',
    "en": "the shortest may not exceed the working days, nor the working days the longest; "
    'write for example "Production, 15, 12, 20"',
}
_CLOSURE_RULE: Text = {
    "id": 'tulis satu tanggal atau rentang per baris, misalnya "20/03/2026" atau '
    '"16/03/2026 sampai 27/03/2026"',
    "en": 'write one date or range per line, such as "20/03/2026" or "16/03/2026 to 27/03/2026"',
}
_RANGE = re.compile(
    r"\s+(?:-|–|—|s/d|sd|sampai|hingga|to|until)\s+|\s*(?:–|—|\.\.|s/d)\s*", re.IGNORECASE
)


def parse_tasks(text: str, argument: str = "tasks") -> list[tuple[str, int, int, int]]:
    """The task box read as ``(name, days, shortest, longest)`` rows; see the module docstring.

    The layout and the order of the three numbers are checked here; the numbers' ranges by the
    toolkit's planning functions, which name the same ``tasks[i]`` (``i`` the line in the box,
    shown to a participant as "baris i + 1").

    >>> parse_tasks("Produksi; 15")
    [('Produksi', 15, 15, 15)]
    """
    if not isinstance(text, str):
        raise InputError(argument, text, _TASK_RULE)
    rows = []
    for i, line in enumerate(text.splitlines()):
        if not line.strip() or line.strip().startswith("#"):
            continue
        parts = [part.strip() for part in _TASK_SEPARATOR.split(line)]
        whole = [bool(re.fullmatch(r"\d+", part)) for part in parts]
        # The numbers are read from the right (three with a spread, else one), so a name may hold
        # commas: "Karantina, PEB, stuffing, 3" is the task "Karantina, PEB, stuffing".
        count = 3 if len(parts) >= 4 and all(whole[-3:]) else 1
        if len(parts) < 2 or not whole[-1] or not all(whole[-count:]):
            raise InputError(f"{argument}[{i}]", line.strip(), _TASK_RULE)
        name_parts = parts[:-count]
        if any(whole[: len(name_parts)]):
            # "Produksi, 5, 4" or "Produksi, 2,5": a number left in the name would be read
            # silently as part of it; the line is refused instead.
            number = next(p for p, w in zip(name_parts, whole, strict=False) if w)
            raise InputError(
                f"{argument}[{i}]",
                line.strip(),
                {lang: f"{rule}; {_NUMBER_IN_NAME[lang].format(number=number)}"
                 for lang, rule in _TASK_RULE.items()},
            )
        separators = [m.start() for m in _TASK_SEPARATOR.finditer(line)]
        name = line[: separators[-count]].strip()
        if not all(name_parts):
            raise InputError(f"{argument}[{i}]", line.strip(), _TASK_RULE)
        numbers = [int(n) for n in parts[-count:]]
        days = numbers[0]
        low, high = (numbers[1], numbers[2]) if count == 3 else (days, days)
        if not low <= days <= high:
            raise InputError(f"{argument}[{i}]", line.strip(), _SPREAD_RULE)
        rows.append((name, days, low, high))
    return rows


_CLOSED: Text = {"id": "Tutup (mis. libur Lebaran)", "en": "Closed (e.g. Lebaran shutdown)"}


def closures_box(placeholder: str) -> widgets.Textarea:
    """The box where a participant types the days the workshop is closed (read by
    :func:`parse_closures`); ``placeholder`` shows an example range.

    >>> closures_box("16/03/2026 sampai 27/03/2026").rows
    2
    """
    return widgets.Textarea(
        value="",
        placeholder=placeholder,
        description=tr(_CLOSED),
        rows=2,
        style=LABEL_STYLE,
        layout=widgets.Layout(width="46em", max_width="100%"),
        continuous_update=False,
    )


def parse_closures(text: str, argument: str = "closures") -> list:
    """The closures box read as dates and ``(first, last)`` ranges (ISO strings).

    Each date is read by :func:`toolkit.i18n.parse_date`; the order of a range and the calendar
    are checked by :mod:`toolkit.planning`.

    >>> parse_closures("")
    []
    """
    if not isinstance(text, str):
        raise InputError(argument, text, _CLOSURE_RULE)
    out: list = []
    for i, line in enumerate(text.splitlines()):
        for piece in (p.strip() for p in line.split(";")):
            if not piece:
                continue
            ends = [end.strip() for end in _RANGE.split(piece)]
            rule = dict(_CLOSURE_RULE)
            try:
                dates = [parse_date(end).isoformat() for end in ends]
            except ReadError as unread:
                dates = []
                if len(ends) <= 2:
                    rule = {lang: f"{text} ({unread.messages[lang].rstrip('.')})"
                            for lang, text in _CLOSURE_RULE.items()}
            if not 1 <= len(dates) <= 2:
                raise InputError(f"{argument}[{i}]", piece, rule)
            out.append(dates[0] if len(dates) == 1 else (dates[0], dates[1]))
    return out


def _runs_of_days(days: pd.DataFrame) -> list[tuple[dt.date, dt.date, str]]:
    """Consecutive days off with the same reason as (first, last, reason): a shutdown reads as one."""
    runs: list[tuple[dt.date, dt.date, str]] = []
    for day, reason in zip(days["date"], days["reason"]):
        if runs and runs[-1][2] == reason and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day, reason)
        else:
            runs.append((day, day, reason))
    return runs


def _day_range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return format_date(first, "d MMM")
    return f"{format_date(first, 'd MMM')}–{format_date(last, 'd MMM')}"


def schedule_html(schedule: pd.DataFrame) -> str:
    """A schedule from :func:`toolkit.planning.backward_schedule` as a small HTML table."""
    rows = [
        [
            str(row.task),
            format_date(row.start),
            format_date(row.end),
            format_number(row.working_days),
        ]
        for row in schedule.itertuples(index=False)
    ]
    columns = (
        {"id": "Tugas", "en": "Task"},
        {"id": "Mulai", "en": "Start"},
        {"id": "Selesai", "en": "End"},
        {"id": "Hari kerja", "en": "Working days"},
    )
    return table_html(rows, columns, align=["left", "left", "left", "right"])


class PlanningApp(App):
    """Deadline, tasks, workdays, closures and buffer → Gantt, latest start and on-time chance.

    After each refresh, ``result`` holds ``schedule`` (DataFrame), ``latest_start``,
    ``available_days``, ``probability``, ``days_for_90`` and ``holidays`` (the holidays and
    closures inside the plan); ``figure`` is the Gantt, ``histogram`` the on-time histogram.
    """

    title = {"id": "Perencana pengiriman", "en": "Delivery planner"}

    def outputs(self) -> list[widgets.Widget]:
        return [self.summary, self.image, self.histogram_image]

    def build(self) -> list[widgets.Widget]:
        self._simulation: tuple = ((), {})  # (spreads, what was simulated for them)
        self._histogram_key: tuple | None = None
        self.histogram = None
        self.histogram_image = widgets.Image(format="png")  # sized by APP_STYLE
        self.controls = {
            "deadline": date(
                {"id": "Siap kirim paling lambat", "en": "Ready for shipment by"},
                planning.add_working_days(dt.date.today(), 40),
            ),
            "tasks": widgets.Textarea(
                value=DEFAULT_TASKS,
                description=tr(
                    {
                        "id": "Tugas (nama, hari kerja, tercepat, terlama)",
                        "en": "Tasks (name, working days, shortest, longest)",
                    }
                ),
                rows=6,
                style=LABEL_STYLE,
                layout=widgets.Layout(width="46em", max_width="100%"),
                continuous_update=False,
            ),
            "workdays": choice(
                {"id": "Hari kerja", "en": "Working days"},
                [(label, code) for code, label in WORKDAYS.items()],
                "Mon-Fri",
            ),
            "collective_leave": widgets.Checkbox(
                value=False,
                description=tr(
                    {
                        "id": "Libur juga saat cuti bersama",
                        "en": "Also closed on collective leave days",
                    }
                ),
                indent=False,
            ),
            "closures": closures_box("16/03/2026 sampai 27/03/2026"),
            "buffer_days": CountSlider(
                {"id": "Cadangan (hari kerja)", "en": "Buffer (working days)"}, 2, minimum=0, maximum=20,
                unit={"id": "hari kerja", "en": "working days"},
            ),
        }
        c = self.controls
        c["tasks"].ke_label = {
            "id": "Tugas (nama, hari kerja, tercepat, terlama)",
            "en": "Tasks (name, working days, shortest, longest)",
        }
        c["closures"].ke_label = _CLOSED
        return [
            c["deadline"],
            c["tasks"],
            c["workdays"],
            c["closures"],
            c["collective_leave"],
            c["buffer_days"],
            self.summary,
            self.image,
            self.histogram_image,
        ]

    def compute(self) -> dict:
        v = self.values()
        rows = parse_tasks(v["tasks"])
        closures = parse_closures(v["closures"])
        calendar = {
            "workdays": v["workdays"],
            "holidays": "ID",
            "closures": closures,
            "collective_leave": v["collective_leave"],
        }
        schedule = planning.backward_schedule(
            v["deadline"],
            [(name, days) for name, days, _low, _high in rows],
            buffer_days=v["buffer_days"],
            **calendar,
        )
        deadline = planning.to_date("deadline", v["deadline"])
        start = schedule["start"].iloc[0]
        available = planning.count_working_days(start, deadline, **calendar)
        spreads = tuple((name, low, days, high) for name, days, low, high in rows)
        if self._simulation[0] != spreads:  # the simulation depends on the spreads only
            self._simulation = (
                spreads,
                {
                    "totals": planning.simulate_total_days(spreads, n=RUNS, seed=SEED),
                    "days_for_90": planning.days_for_probability(spreads, 0.9, n=RUNS, seed=SEED),
                },
            )
        simulated = self._simulation[1]
        return {
            "schedule": schedule,
            "deadline": deadline,
            "latest_start": start,
            "available_days": available,
            "spreads": spreads,
            "totals": simulated["totals"],
            "probability": planning.on_time_probability(spreads, available, n=RUNS, seed=SEED),
            "days_for_90": simulated["days_for_90"],
            "non_working": planning.non_working_days(start, deadline, **calendar),
            "holidays": planning.non_working_days(
                start, deadline, **{**calendar, "workdays": "Mon-Sun"}
            ),
        }

    def render(self, result: dict) -> None:
        holidays = result["holidays"]
        if holidays.empty:
            holiday_text = tr({"id": "tidak ada", "en": "none"})
        else:
            holiday_text = "; ".join(
                f"{_day_range(first, last)} ({reason})"
                for first, last, reason in _runs_of_days(holidays)
            )
        items = [
            (
                {"id": "Mulai paling lambat", "en": "Latest start"},
                format_date(result["latest_start"], "full"),
            ),
            (
                {"id": "Hari kerja sampai tenggat", "en": "Working days to the deadline"},
                format_number(result["available_days"]),
            ),
            (
                {"id": "Peluang tepat waktu", "en": "Chance of being on time"},
                format_percent(result["probability"], decimals=0),
            ),
            (
                {"id": "Hari kerja untuk peluang 90%", "en": "Working days for a 90% chance"},
                format_number(math.ceil(result["days_for_90"])),
            ),
        ]
        past = ""
        if result["deadline"] < dt.date.today():
            past = (
                '<div style="color:#8a4b00;margin:4px 0">⚠️ '
                + tr(
                    {
                        "id": "Tanggal siap kirim {day} sudah lewat: untuk pesanan sungguhan, "
                        "pakai tanggal yang akan datang.",
                        "en": "The ready date {day} has passed: for a real order, use a date "
                        "still to come.",
                    }
                ).format(day=date_words(result["deadline"]))
                + "</div>"
            )
        holidays_line = (
            '<div style="font-size:90%;margin:2px 0 6px 0">'
            + html.escape(tr({"id": "Hari libur & tutup dalam rencana", "en": "Holidays & closures in the plan"}))
            + ": " + html.escape(holiday_text) + "</div>"
        )
        self.summary.value = (
            past + summary_html(items) + holidays_line + schedule_html(result["schedule"])
        )
        self.show_figure(
            charts.gantt_chart(
                result["schedule"],
                deadline=result["deadline"],
                non_working=result["non_working"],
                figure=self.figure,
            )
        )
        key = (result["spreads"], result["available_days"], result["probability"])
        if self._histogram_key != key:  # a deadline moved by a weekend changes nothing here
            self.histogram = charts.on_time_histogram(
                result["totals"],
                result["available_days"],
                probability=result["probability"],
                figure=self.histogram,
            )
            self.show_figure(self.histogram, self.histogram_image)
            self._histogram_key = key
