"""Cost sheet and break-even explorer (module 02).

Two apps over :mod:`toolkit.costing`:

- :class:`CostSheetApp` — the participant types the order's costs, one per line, with their
  category; the app shows the cost sheet (:func:`~toolkit.costing.cost_sheet`): each line, the
  subtotals for materials, direct labour and overhead, and the HPP per good unit after rejects.
- :class:`BreakEvenApp` — fixed costs, price, variable cost per unit and a target profit; the app
  shows the contribution margin, the break-even units and the units for the target
  (:func:`~toolkit.costing.break_even_units`, :func:`~toolkit.costing.units_for_target_profit`),
  and draws :func:`toolkit.charts.break_even_chart`.

How the cost lines are read
---------------------------
One cost per line: ``item; category; amount`` (``;`` or a tab between). The category is one of
*bahan baku* (or *bahan*, *materials*), *tenaga kerja* (or *upah*, *labour*, *labor*) and
*overhead* (or *BOP*), in any case. The amount is Rupiah for the whole run, read by
:func:`toolkit.i18n.parse_number` (``9000000``, ``9.000.000``, ``Rp9.000.000``, ``9 jt``). Empty lines and lines starting with ``#`` are
skipped. Anything else gets a sentence in :attr:`App.message` naming the line.

Examples
--------
>>> from toolkit.widgets.costing import BreakEvenApp, CostSheetApp, parse_cost_lines
>>> parse_cost_lines("Pandan kering; bahan baku; 9.000.000")
[{'item': 'Pandan kering', 'category': 'materials', 'amount': 9000000.0}]
>>> app = CostSheetApp(units=1000, reject_rate=0.04)
>>> round(app.result["hpp"], 2)
20833.33
>>> BreakEvenApp(fixed_costs=6_000_000, price=35_000, variable_cost=20_000).result["break_even"]
400.0
"""

from __future__ import annotations

import re

import ipywidgets as widgets

from toolkit import charts, costing
from toolkit.errors import InputError, ReadError
from toolkit.i18n import Text, format_money, format_number, parse_number, tr
from toolkit.widgets._base import App
from toolkit.widgets._controls import (
    LABEL_STYLE,
    count,
    money,
    percent,
    share,
    summary_html,
    table_html,
)

__all__ = ["CostSheetApp", "BreakEvenApp", "parse_cost_lines", "DEFAULT_LINES"]

DEFAULT_LINES = """Pandan kering; bahan baku; 9.000.000
Pewarna alami dan benang; bahan baku; 3.000.000
Upah anyam; tenaga kerja; 5.000.000
Listrik, sewa alat, penyusutan; overhead; 3.000.000"""
"""The cost lines the sheet opens with: a run of 1,000 woven bags (domain.md's example)."""

_CATEGORY_WORDS = {
    "bahan baku": "materials",
    "bahan": "materials",
    "material": "materials",
    "materials": "materials",
    "tenaga kerja": "labour",
    "tenaga kerja langsung": "labour",
    "upah": "labour",
    "labour": "labour",
    "labor": "labour",
    "overhead": "overhead",
    "bop": "overhead",
    "overhead pabrik": "overhead",
}
_LINE_RULE: Text = {
    "id": 'tulis setiap baris seperti "Pandan kering; bahan baku; 9.000.000" '
    "(nama; bahan baku, tenaga kerja atau overhead; jumlah Rupiah)",
    "en": 'write each line like "Dried pandan; materials; 9000000" '
    "(name; materials, labour or overhead; amount in Rupiah)",
}
def _amount(text: str) -> float | None:
    """A Rupiah amount as :func:`toolkit.i18n.parse_number` reads it (``9.000.000``, ``Rp9 jt``); None if not."""
    try:
        return parse_number(text, currency="IDR")
    except ReadError:
        return None


def parse_cost_lines(text: str, argument: str = "lines", *, numbers: list | None = None) -> list[dict]:
    """The cost box read as ``{"item", "category", "amount"}`` rows for :func:`toolkit.costing.cost_sheet`.

    Only the layout is read here; the amounts' ranges are checked by :mod:`toolkit.costing`. A bad
    line is named by its place in the box (``lines[8]`` is shown to a participant as "baris 9").
    A line without ``;`` or a tab may use commas, when that makes exactly three parts. Given a
    list as ``numbers``, the box's line (from 0) of each row read is appended to it.

    >>> parse_cost_lines("Upah; upah; Rp5.000.000\\n# a comment\\nSewa; BOP; 1 jt")
    [{'item': 'Upah', 'category': 'labour', 'amount': 5000000.0}, {'item': 'Sewa', 'category': 'overhead', 'amount': 1000000.0}]
    """
    if not isinstance(text, str):
        raise InputError(argument, text, _LINE_RULE)
    rows = []
    for i, line in enumerate(text.splitlines()):
        if not line.strip() or line.strip().startswith("#"):
            continue
        parts = [part.strip() for part in re.split(r"[;\t]", line)]
        if len(parts) == 1:
            parts = [part.strip() for part in line.split(",")]
        category = (
            _CATEGORY_WORDS.get(" ".join(parts[1].lower().split())) if len(parts) == 3 else None
        )
        amount = _amount(parts[2]) if len(parts) == 3 else None
        if len(parts) != 3 or not parts[0] or category is None or amount is None:
            raise InputError(f"{argument}[{i}]", line.strip(), _LINE_RULE)
        rows.append({"item": parts[0], "category": category, "amount": amount})
        if numbers is not None:
            numbers.append(i)
    if not rows:
        raise InputError(
            argument,
            text,
            {
                "id": "tulis minimal satu baris biaya, misalnya "
                '"Pandan kering; bahan baku; 9.000.000"',
                "en": 'write at least one cost line, such as "Dried pandan; materials; 9000000"',
            },
        )
    return rows


class CostSheetApp(App):
    """Cost lines, units started and reject rate → the cost sheet and HPP per good unit.

    Controls (keyword initial values): ``lines`` (text, see the module docstring), ``units`` (units
    the run starts) and ``reject_rate`` (0.04 for 4 %).

    After each refresh ``result`` holds ``lines`` (the rows read), ``sheet`` (the
    :func:`~toolkit.costing.cost_sheet` table) and ``hpp`` (HPP per good unit).
    """

    title = {"id": "Lembar biaya (HPP)", "en": "Cost sheet (HPP)"}

    def build(self) -> list[widgets.Widget]:
        self.controls = {
            "lines": widgets.Textarea(
                value=DEFAULT_LINES,
                description=tr(
                    {"id": "Biaya (nama; kategori; jumlah Rp)", "en": "Costs (name; category; IDR)"}
                ),
                rows=6,
                style=LABEL_STYLE,
                layout=widgets.Layout(width="52em", max_width="100%"),
                continuous_update=False,
            ),
            "units": count({"id": "Unit yang diproduksi", "en": "Units started"}, 1000, minimum=1),
            "reject_rate": share(
                {"id": "Tingkat reject (gagal QC)", "en": "Reject rate (fail QC)"},
                0.04,
                maximum=0.9,
            ),
        }
        return [*self.controls.values(), self.summary]

    def compute(self) -> dict:
        v = self.values()
        numbers: list[int] = []
        lines = parse_cost_lines(v["lines"], numbers=numbers)
        try:
            sheet = costing.cost_sheet(lines, units=v["units"], reject_rate=v["reject_rate"])
        except InputError as error:
            # cost_sheet counts the rows it was given; the participant counts the box's lines.
            found = re.match(r"lines\[(\d+)\](.*)", error.argument or "")
            if found is None:
                raise
            line = numbers[int(found.group(1))]
            raise InputError(f"lines[{line}]{found.group(2)}", error.value, error.allowed) from None
        return {"lines": lines, "sheet": sheet, "hpp": float(sheet["per_unit"].iloc[-1])}

    def render(self, result: dict) -> None:
        sheet = result["sheet"]
        rows, bold = [], []
        for i, row in enumerate(sheet.itertuples(index=False)):
            category = tr(costing.CATEGORY_LABELS[row.category]) if row.kind == "line" else ""
            rows.append(
                [
                    row.item,
                    category,
                    format_money(row.amount),
                    format_money(row.per_unit),
                    percent(row.share),
                ]
            )
            if row.kind != "line":
                bold.append(i)
        table = table_html(
            rows,
            [
                {"id": "Biaya", "en": "Cost"},
                {"id": "Kategori", "en": "Category"},
                {"id": "Jumlah", "en": "Amount"},
                {"id": "Per unit baik", "en": "Per good unit"},
                {"id": "Porsi", "en": "Share"},
            ],
            bold=bold,
            highlight=[len(rows) - 1],
            align=["left", "left", "right", "right", "right"],
        )
        units, reject = self.controls["units"].read(), self.controls["reject_rate"].value
        note = tr(
            {
                "id": "HPP dibagi unit yang lolos QC: {units} unit × (1 − {reject}).",
                "en": "HPP is divided by the units that pass QC: {units} units × (1 − {reject}).",
            }
        ).format(units=format_number(units), reject=percent(reject))
        self.summary.value = (
            summary_html(
                [
                    (
                        {"id": "HPP per unit baik", "en": "HPP per good unit"},
                        format_money(result["hpp"]),
                    )
                ]
            )
            + table
            + f'<div style="font-size:85%;color:#555">{note}</div>'
        )


class BreakEvenApp(App):
    """Fixed costs, price, variable cost and a target profit → contribution margin, break-even, chart.

    Controls (keyword initial values): ``fixed_costs``, ``price``, ``variable_cost`` (per unit) and
    ``target_profit``, all in Rupiah.

    After each refresh ``result`` holds ``contribution_margin``, ``break_even`` (units),
    ``target_units`` (units for the target profit) and ``table`` (the
    :func:`~toolkit.costing.break_even_table` the chart is drawn from).
    """

    title = {"id": "Titik impas (break-even)", "en": "Break-even explorer"}

    def build(self) -> list[widgets.Widget]:
        self.controls = {
            "fixed_costs": money({"id": "Biaya tetap (Rp)", "en": "Fixed costs (IDR)"}, 6_000_000),
            "price": money(
                {"id": "Harga jual per unit (Rp)", "en": "Price per unit (IDR)"}, 35_000
            ),
            "variable_cost": money(
                {"id": "Biaya variabel per unit (Rp)", "en": "Variable cost per unit (IDR)"},
                20_000,
            ),
            "target_profit": money(
                {"id": "Target laba (Rp)", "en": "Target profit (IDR)"}, 9_000_000
            ),
        }
        return [*self.controls.values(), self.summary, self.image]

    def compute(self) -> dict:
        v = self.values()
        break_even = costing.break_even_units(
            fixed_costs=v["fixed_costs"], price=v["price"], variable_cost=v["variable_cost"]
        )
        target_units = costing.units_for_target_profit(
            fixed_costs=v["fixed_costs"],
            price=v["price"],
            variable_cost=v["variable_cost"],
            target_profit=v["target_profit"],
        )
        table = costing.break_even_table(
            fixed_costs=v["fixed_costs"],
            price=v["price"],
            variable_cost=v["variable_cost"],
            max_units=max(target_units, break_even, 1.0) * 1.25,
        )
        return {
            "contribution_margin": costing.contribution_margin(
                price=v["price"], variable_cost=v["variable_cost"]
            ),
            "break_even": break_even,
            "target_units": target_units,
            "table": table,
        }

    def render(self, result: dict) -> None:
        units = tr({"id": "{n} unit", "en": "{n} units"})
        self.summary.value = summary_html(
            [
                (
                    {"id": "Margin kontribusi per unit", "en": "Contribution margin per unit"},
                    format_money(result["contribution_margin"]),
                ),
                (
                    {"id": "Titik impas", "en": "Break-even"},
                    units.format(n=_units(result["break_even"])),
                ),
                (
                    {"id": "Unit untuk target laba", "en": "Units for the target profit"},
                    units.format(n=_units(result["target_units"])),
                ),
            ]
        )
        self.show_figure(
            charts.break_even_chart(
                result["table"], break_even=result["break_even"], figure=self.figure
            )
        )


def _units(value: float) -> str:
    """Units with one decimal when they are not whole (a part unit means: sell the next whole one)."""
    return format_number(value, decimals=0 if float(value).is_integer() else 1)
