"""Capacity planner (module 03): can the workshop make the order by the deadline?

The participant sets the order (good units), the team (workers, output per worker-day, the share
that passes QC), the dates, the working week, any closures (a Lebaran shutdown) and the working
days needed after production (packing, trucking). The app asks
:func:`toolkit.planning.order_feasibility` whether the order fits, how many days it needs, the
largest order that fits and the workers needed, and draws the cumulative output of
:func:`toolkit.planning.capacity_table` with :func:`toolkit.charts.capacity_chart`.

Closures are typed as in the delivery planner: one date (``03/04/2026``) or a range
(``18/03/2026 sampai 24/03/2026``) per line or separated by ``;``. Dates are typed day/month/year
and read by :func:`toolkit.i18n.parse_date`.

Examples
--------
>>> import datetime
>>> from toolkit.widgets.capacity import CapacityApp
>>> app = CapacityApp(quantity=6000, workers=12, output_per_worker_day=25, yield_rate=0.95,
...                   start=datetime.date(2026, 3, 2), deadline=datetime.date(2026, 3, 27),
...                   other_days=3)
>>> app.result["feasibility"].feasible, app.result["feasibility"].workers_needed
(False, 16)
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets

from toolkit import charts, planning
from toolkit.i18n import Text, format_date, format_number, tr
from toolkit.widgets._base import App
from toolkit.widgets._controls import (
    LABEL_LAYOUT,
    LABEL_STYLE,
    choice,
    count,
    date,
    number,
    share,
    summary_html,
)
from toolkit.widgets.planning import parse_closures

__all__ = ["CapacityApp", "WORKWEEKS"]

WORKWEEKS: list[tuple[Text, str]] = [
    ({"id": "Senin–Jumat", "en": "Monday–Friday"}, "Mon-Fri"),
    ({"id": "Senin–Sabtu", "en": "Monday–Saturday"}, "Mon-Sat"),
    ({"id": "Setiap hari", "en": "Every day"}, "Mon-Sun"),
]
"""The working weeks offered, as :func:`toolkit.planning.is_working_day` reads them."""


class CapacityApp(App):
    """Order, team, yield, dates, working week, closures → feasible or not, and the capacity chart.

    Controls (keyword initial values): ``quantity`` (good units ordered), ``workers``,
    ``output_per_worker_day``, ``yield_rate`` (share passing QC), ``start`` and ``deadline``
    (dates), ``workdays`` (``"Mon-Fri"``, ``"Mon-Sat"`` or ``"Mon-Sun"``), ``collective_leave``
    (closed on cuti bersama too), ``closures`` (text) and ``other_days`` (working days after
    production).

    After each refresh ``result`` holds ``feasibility`` (a
    :class:`toolkit.planning.Feasibility`) and ``table`` (the capacity table the chart is drawn
    from).
    """

    title = {"id": "Perencana kapasitas", "en": "Capacity planner"}

    def build(self) -> list[widgets.Widget]:
        start = planning.add_working_days(dt.date.today(), 0)
        self.controls = {
            "quantity": count(
                {"id": "Pesanan (unit baik)", "en": "Order (good units)"}, 6000, minimum=1
            ),
            "workers": count(
                {"id": "Jumlah pekerja", "en": "Workers"}, 12, minimum=1, maximum=100_000
            ),
            "output_per_worker_day": number(
                {"id": "Hasil per pekerja per hari", "en": "Output per worker-day"},
                25,
                minimum=0,
                maximum=1_000_000,
                strict=True,
            ),
            "yield_rate": share({"id": "Lolos QC", "en": "Pass QC"}, 0.95, minimum=0.05),
            "start": date({"id": "Mulai produksi", "en": "Production starts"}, start),
            "deadline": date(
                {"id": "Siap kirim paling lambat", "en": "Ready by"},
                planning.add_working_days(start, 24),
            ),
            "workdays": choice({"id": "Hari kerja", "en": "Working days"}, WORKWEEKS, "Mon-Fri"),
            "collective_leave": widgets.Checkbox(
                value=False,
                description=tr(
                    {"id": "Libur juga saat cuti bersama", "en": "Also closed on collective leave"}
                ),
                style=LABEL_STYLE,
                layout=LABEL_LAYOUT,
            ),
            "closures": widgets.Text(
                value="",
                placeholder="18/03/2026 sampai 24/03/2026",
                description=tr({"id": "Tutup (mis. Lebaran)", "en": "Closed (e.g. Lebaran)"}),
                style=LABEL_STYLE,
                layout=widgets.Layout(width="46em", max_width="100%"),
                continuous_update=False,
            ),
            "other_days": count(
                {"id": "Hari kerja lain (proses, kemas, kirim)", "en": "Other working days (process, pack, truck)"},
                3,
                maximum=365,
            ),
        }
        return [*self.controls.values(), self.summary, self.image]

    def compute(self) -> dict:
        v = self.values()
        calendar = {
            "workdays": v["workdays"],
            "closures": parse_closures(v["closures"]),
            "collective_leave": v["collective_leave"],
        }
        team = {
            "workers": v["workers"],
            "output_per_worker_day": v["output_per_worker_day"],
            "yield_rate": v["yield_rate"],
            "start": v["start"],
            "deadline": v["deadline"],
        }
        feasibility = planning.order_feasibility(
            v["quantity"], other_days=v["other_days"], **team, **calendar
        )
        table = planning.capacity_table(v["quantity"], **team, **calendar)
        return {"feasibility": feasibility, "table": table, "deadline": v["deadline"]}

    def render(self, result: dict) -> None:
        f = result["feasibility"]
        days = tr({"id": "{n} hari kerja", "en": "{n} working days"})
        units = tr({"id": "{n} unit", "en": "{n} units"})
        if f.feasible:
            verdict = tr(
                {
                    "id": "✅ Sanggup: sisa {slack} hari kerja sebelum tenggat.",
                    "en": "✅ Feasible: {slack} working days to spare before the deadline.",
                }
            ).format(slack=format_number(f.slack_days))
            colour = "#1e7b34"
        else:
            verdict = tr(
                {
                    "id": "❌ Belum sanggup: kurang {short} hari kerja.",
                    "en": "❌ Not feasible: {short} working days short.",
                }
            ).format(short=format_number(-f.slack_days))
            colour = "#b03a2e"
        workers = (
            format_number(f.workers_needed)
            if f.workers_needed is not None
            else tr({"id": "tidak cukup waktu", "en": "not enough time"})
        )
        finish = format_date(f.finish) if f.finish is not None else "–"
        items = [
            (
                {"id": "Hasil per hari kerja", "en": "Output per working day"},
                units.format(
                    n=format_number(f.daily_output, 0 if float(f.daily_output).is_integer() else 1)
                ),
            ),
            (
                {"id": "Hari kerja tersedia", "en": "Working days available"},
                days.format(n=f.available_days),
            ),
            ({"id": "Hari produksi", "en": "Production days"}, days.format(n=f.production_days)),
            (
                {"id": "Hari kerja dibutuhkan", "en": "Working days needed"},
                days.format(n=f.days_needed),
            ),
            ({"id": "Selesai", "en": "Finish"}, finish),
            (
                {"id": "Pesanan terbesar yang sanggup", "en": "Largest order that fits"},
                units.format(n=format_number(f.max_quantity)),
            ),
            ({"id": "Pekerja yang dibutuhkan", "en": "Workers needed"}, workers),
        ]
        self.summary.value = (
            f'<div style="font-size:110%;color:{colour}"><b>{html.escape(verdict)}</b></div>'
            + summary_html(items)
        )
        self.show_figure(
            charts.capacity_chart(
                result["table"], deadline=result["deadline"], figure=self.figure
            )
        )
