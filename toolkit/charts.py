"""Charts for the course: each function takes a toolkit table and returns a matplotlib ``Figure``.

Figures are built without pyplot (``matplotlib.figure.Figure``): no global state, nothing to show or
close, no backend needed until the figure is saved. Titles, axis labels and legends are in the
active language (:func:`toolkit.set_language`), money axes are written the way the reader writes
money (``Rp1,2 jt`` in Indonesian, ``IDR 1.2M`` in English) and dates through babel. Every
function also takes ``figure=``, a figure it returned before, and draws into it again instead of
making a new one: the widgets redraw that way on each change of a control, which is faster.

The charts read the tables the other modules return and compute nothing a lesson teaches:

- :func:`price_waterfall` — :func:`toolkit.pricing.price_buildup`;
- :func:`break_even_chart` — :func:`toolkit.costing.break_even_table`;
- :func:`capacity_chart` — :func:`toolkit.planning.capacity_table`;
- :func:`gantt_chart` — :func:`toolkit.planning.gantt_data` or
  :func:`toolkit.planning.backward_schedule`;
- :func:`container_fill` — :func:`toolkit.logistics.container_load`;
- :func:`on_time_histogram` — :func:`toolkit.planning.simulate_total_days`;
- :func:`cash_flow_chart` — :func:`toolkit.payment.cash_flows`, one or more terms.

Examples
--------
>>> from toolkit.pricing import price_buildup
>>> from toolkit.charts import price_waterfall
>>> fig = price_waterfall(price_buildup(100_000, "FOB", {"inland_transport": 5_000}))
>>> len(fig.axes), fig.axes[0].get_title()
(1, 'Susunan harga FOB')
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from babel.dates import format_skeleton
from babel.numbers import get_currency_symbol
from matplotlib import dates as mdates
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import FuncFormatter, MaxNLocator, ScalarFormatter
from matplotlib.transforms import blended_transform_factory

from toolkit.errors import InputError, check_number
from toolkit.i18n import (
    Text,
    format_date,
    format_money,
    format_number,
    format_percent,
    get_language,
    tr,
)
from toolkit.incoterms import RULES

__all__ = [
    "short_money",
    "price_waterfall",
    "break_even_chart",
    "capacity_chart",
    "gantt_chart",
    "container_fill",
    "on_time_histogram",
    "cash_flow_chart",
]

# Colours: one palette for the whole course, readable when printed in grey.
_BLUE = "#2f6db5"
_GREEN = "#3a9d5d"
_RED = "#c94c4c"
_ORANGE = "#e69b2e"
_GREY = "#8a8a8a"
_DARK = "#333333"
_SHADE = "#ececec"
_PALETTE = (_BLUE, _ORANGE, _GREEN, _RED, "#7b5ea7", "#4aa3a2")

_WIDTH = 6.4  # inches; at the widgets' dpi of 100 that is 640 px, narrow enough for a laptop.

# --------------------------------------------------------------------------------------------
# Shared helpers

_SCALES: dict[str, tuple[tuple[float, str], ...]] = {
    "id": ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e3, "rb")),
    "en": ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")),
}
_LOCALE = {"id": "id_ID", "en": "en_US"}
_TEXT = TextToPath()


def short_money(value: float, currency: str = "IDR") -> str:
    """A short amount of money for chart ticks and bar labels: ``Rp1,2 jt``, ``IDR 1.2M``.

    Indonesian scales are rb (ribu), jt (juta), M (miliar) and T (triliun); English K, M, B, T.
    Amounts under a thousand are written in full with :func:`toolkit.i18n.format_money`.

    Examples
    --------
    >>> short_money(1_270_000), short_money(350_000), short_money(-2_000_000_000)
    ('Rp1,3 jt', 'Rp350 rb', '-Rp2 M')
    >>> from toolkit import set_language
    >>> set_language("en")
    >>> short_money(1_270_000), short_money(12_500, "USD")
    ('IDR 1.3M', '$12.5K')
    >>> set_language("id")
    """
    language = get_language()
    size = abs(value)
    for scale, suffix in _SCALES[language]:
        if size >= scale * 0.9995:  # so 999,999 reads "1 jt", not "1.000 rb"
            scaled = size / scale
            decimals = 0 if scaled >= 100 or abs(scaled - round(scaled)) < 0.05 else 1
            number = format_number(scaled, decimals=decimals)
            symbol = get_currency_symbol(currency, locale=_LOCALE[language])
            gap = " " if symbol[-1].isalpha() and language == "en" else ""
            sign = "-" if value < 0 else ""
            space = " " if language == "id" else ""
            return f"{sign}{symbol}{gap}{number}{space}{suffix}"
    if currency == "IDR" or float(value).is_integer():
        return format_money(value, "IDR") if currency == "IDR" else _whole_money(value, currency)
    return format_money(value, currency)


def _whole_money(value: float, currency: str) -> str:
    symbol = get_currency_symbol(currency, locale=_LOCALE[get_language()])
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{format_number(abs(value))}"


def _tick_labels(axis, kind: str) -> None:
    """Tick labels on ``axis`` written by :func:`_tick_text` (``kind``: see there)."""
    axis.set_major_formatter(
        FuncFormatter(lambda value, _pos: _tick_text(kind, float(value), get_language()))
    )


@lru_cache(maxsize=4096)
def _tick_text(kind: str, value: float, language: str) -> str:
    """One tick label, in ``language`` (the active one; part of the key so a switch is seen).

    ``kind`` is ``"number"``, ``"percent"`` (of 100), ``"day"`` (a matplotlib date number) or a
    currency code (:func:`short_money`). Kept once written: babel takes a while per number, and a
    chart that redraws on every change of a control asks for the same ticks again and again.
    """
    if kind == "number":
        return format_number(value)
    if kind == "percent":
        return format_percent(value / 100, decimals=0)
    if kind == "day":
        return _day_month(mdates.num2date(value).date())
    return short_money(value, kind)


def _money_axis(axis, currency: str) -> None:
    _tick_labels(axis, currency)


def _day_month(day: dt.date) -> str:
    """A day and month the way the active language writes them: 27 Mar (id), Mar 27 (en)."""
    return format_skeleton("MMMd", day, locale=_LOCALE[get_language()])


def _date_axis(axis, first: float, last: float) -> None:
    """Dates from ``first`` to ``last`` (day numbers) on ``axis``, as day and month.

    A plan is read in working weeks: over two to six weeks every Monday is marked, up to twelve
    weeks every other Monday; a shorter or longer span gets a handful of dates.
    """
    weeks = (last - first) / 7
    if 2 <= weeks <= 12:
        locator = mdates.WeekdayLocator(byweekday=mdates.MO, interval=1 if weeks <= 6 else 2)
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
    axis.set_major_locator(locator)
    _tick_labels(axis, "day")


def _value_locator() -> MaxNLocator:
    """Ticks for an axis of amounts: at most seven, at round steps (1, 2, 2.5 or 5 times 10ⁿ).

    Matplotlib's automatic choice gives up to ten on these charts; each tick is a label and a
    grid line to draw on every change of a control, and six or seven read as well.
    """
    return MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10])


def _new_figure(
    height: float,
    *,
    left: float = 0.85,
    right: float = 0.2,
    top: float = 0.4,
    bottom: float = 0.5,
    figure: Figure | None = None,
) -> tuple[Figure, Any]:
    """A figure with one axes and fixed margins in inches; ``figure`` is reused when given.

    No layout engine: constrained or tight layout would draw the figure once more to measure it,
    and a widget redraws on every change of a control. A widget passes the figure it showed last
    (``figure=``): its axes is emptied by :func:`_reset_axes` and drawn again, which saves making
    a Figure, an Axes and their ticks, and keeps the texts' sizes measured on its canvas.
    """
    if figure is None:
        figure = Figure(figsize=(_WIDTH, height))
        ax = figure.add_subplot()
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(_value_locator())
        ax.yaxis.set_major_locator(_value_locator())
        # A title at a set height: left to matplotlib, it is placed anew on every draw by
        # measuring every tick label, to clear labels on top, and these charts have none there.
        ax.set_title("", y=1.0)
    else:
        if not isinstance(figure, Figure) or len(figure.axes) != 1:
            raise InputError(
                "figure",
                type(figure).__name__,
                {
                    "id": "harus berupa Figure dari fungsi toolkit.charts (satu axes), atau None",
                    "en": "it must be a Figure made by a toolkit.charts function (one axes), or None",
                },
            )
        ax = _reset_axes(figure.axes[0])
        figure.set_size_inches(_WIDTH, height, forward=False)
    figure.subplots_adjust(
        left=left / _WIDTH,
        right=1 - right / _WIDTH,
        top=1 - top / height,
        bottom=bottom / height,
    )
    return figure, ax


def _reset_axes(ax):
    """``ax`` as a chart function finds a new one: no artists, automatic ticks and limits, no text.

    Cheaper than ``ax.clear()``, which makes new ticks (and so new tick labels to measure).
    Everything a chart function sets is undone here, so a reused figure draws like a new one.
    """
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.patches, *ax.lines, *ax.texts, *ax.collections, *ax.images, *ax.artists]:
        artist.remove()
    if ax.legend_ is not None:
        ax.legend_.remove()
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(_value_locator())
        axis.set_major_formatter(ScalarFormatter())
        axis.set_inverted(False)
        axis.set_label_text("")
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    ax.grid(False)
    ax.set_autoscale_on(True)
    ax.relim()
    return ax


def _label_room(labels: Iterable[str], size: float = 8) -> float:
    """Inches the widest of ``labels`` needs at font ``size``, plus a gap (measured, not drawn)."""
    widest = max((_text_width(str(label), size) for label in labels), default=0.0)
    return min(widest / 72 + 0.35, _WIDTH / 2)


@lru_cache(maxsize=2048)
def _text_width(text: str, size: float) -> float:
    """Points ``text`` takes at font ``size``: the widest label is not always the longest string."""
    width, _height, _descent = _TEXT.get_text_width_height_descent(
        text, FontProperties(size=size), ismath=False
    )
    return width


def _legend_below(ax, ncol: int = 3) -> None:
    """The legend in a row at the figure's bottom edge, under the x-axis label, centred on the axes.

    Placed in figure units, not the axes': below a short axes a legend anchored to the axes
    would sit on the axis label. The figure's bottom margin leaves it room (about 0.3 inch).
    """
    ax.legend(
        fontsize=8,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=blended_transform_factory(ax.transAxes, ax.figure.transFigure),
        ncol=ncol,
        frameon=False,
    )


def _frame(argument: str, table: Any, columns: Iterable[str]) -> pd.DataFrame:
    """``table`` as a DataFrame holding ``columns``, or an InputError naming what is missing."""
    columns = list(columns)
    listed = ", ".join(columns)
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            argument,
            type(table).__name__,
            {
                "id": f"harus berupa DataFrame dengan kolom: {listed}",
                "en": f"it must be a DataFrame with the columns: {listed}",
            },
        )
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputError(
            argument,
            list(map(str, table.columns)),
            {
                "id": f"kolom yang hilang: {', '.join(missing)}; kolom yang diperlukan: {listed}",
                "en": f"missing columns: {', '.join(missing)}; the columns required are: {listed}",
            },
        )
    return table


def _empty_note(ax, text: Text) -> None:
    ax.text(0.5, 0.5, tr(text), ha="center", va="center", transform=ax.transAxes, color=_GREY)
    ax.set_xticks([])
    ax.set_yticks([])


def _day_number(day: Any) -> float:
    return float(mdates.date2num(pd.Timestamp(day).to_pydatetime()))


def _as_date(day: Any) -> dt.date:
    return pd.Timestamp(day).date()


# --------------------------------------------------------------------------------------------
# Price waterfall

_PRICE_TITLE: Text = {"id": "Susunan harga {rule}", "en": "{rule} price build-up"}


def price_waterfall(
    steps: pd.DataFrame,
    currency: str = "IDR",
    *,
    cost: float | None = None,
    title: str | None = None,
    figure: Figure | None = None,
) -> Figure:
    """A waterfall of the price build-up: EXW, each cost the seller carries, then the price.

    Parameters
    ----------
    steps
        The table of :func:`toolkit.pricing.price_buildup` (columns ``step``, ``label``,
        ``amount``, ``cumulative``; the last row is the total).
    currency
        The currency of the amounts, for the axis and the bar labels.
    cost
        The cost (HPP) the EXW price was built on, if any: the EXW bar is then split into the cost
        and the profit on it (one more bar, in green).
    title
        Replaces the default title ("Susunan harga FOB").
    figure
        A figure this function returned before, to draw into again instead of making a new one
        (the widgets do so on each change of a control); None makes a new Figure.

    Returns
    -------
    Figure
        One horizontal bar per row, top to bottom: EXW from zero, each cost floating from where
        the previous step ended, the total from zero in another colour; each bar labelled with its
        amount.

    Examples
    --------
    >>> from toolkit.pricing import price_buildup
    >>> steps = price_buildup(100_000, "CIF", {"inland_transport": 5_000, "main_carriage": 20_000},
    ...                       insurance_rate=0.005)
    >>> fig = price_waterfall(steps)
    >>> len(fig.axes), len(fig.axes[0].patches) == len(steps)
    (1, True)
    >>> len(price_waterfall(steps, cost=80_000).axes[0].patches) == len(steps) + 1
    True
    """
    steps = _frame("steps", steps, ("step", "label", "amount", "cumulative"))
    if cost is not None:
        cost = check_number("cost", cost, minimum=0)
    figure, ax = _new_figure(
        1.0 + 0.36 * max(len(steps), 2),
        left=_label_room(steps["label"]),
        right=0.4,  # half the last tick's label ("Rp125 jt") sits right of the axes
        bottom=0.45,
        figure=figure,
    )
    if steps.empty:
        _empty_note(ax, {"id": "Belum ada langkah harga", "en": "No price steps yet"})
        return figure
    kinds = steps["step"].tolist()
    amounts = steps["amount"].to_numpy(dtype=float)
    ends = steps["cumulative"].to_numpy(dtype=float)
    totals = np.array([kind in ("total", "exw") for kind in kinds])
    lefts = np.where(totals, 0.0, ends - amounts)
    widths = np.where(totals, ends, amounts)
    colours = [_BLUE if kind == "total" else _GREY if kind == "exw" else _ORANGE for kind in kinds]
    positions = np.arange(len(steps))
    exw_rows = np.flatnonzero(np.array(kinds) == "exw")
    if cost is not None and len(exw_rows):
        row = int(exw_rows[0])
        colours[row] = _GREY
        widths[row] = min(cost, ends[row])
        ax.barh(
            [row],
            [max(ends[row] - cost, 0.0)],
            left=[widths[row]],
            color=_GREEN,
            height=0.6,
            label=tr({"id": "Laba", "en": "Profit"}),
        )
    bars = ax.barh(positions, widths, left=lefts, color=colours, height=0.6)
    top = float(np.max(ends)) if len(ends) else 0.0
    if cost is not None and len(exw_rows):
        bars[int(exw_rows[0])].set_label(tr({"id": "HPP", "en": "Cost (HPP)"}))
        widths[int(exw_rows[0])] = ends[int(exw_rows[0])]  # the label shows the EXW price
        ax.legend(fontsize=8, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, frameon=False)
    for y, left, width in zip(positions, lefts, widths):
        ax.text(
            left + width + top * 0.01,
            y,
            short_money(width, currency),
            va="center",
            fontsize=8,
            color=_DARK,
        )
    for y in positions[:-1]:  # connectors: where each step ends, the next one starts
        ax.plot([ends[y], ends[y]], [y + 0.3, y + 0.7], color=_GREY, linewidth=0.8)
    ax.set_yticks(positions, steps["label"].tolist(), fontsize=8)
    ax.yaxis.set_inverted(True)  # top to bottom in the table's order
    ax.set_xlim(0, top * 1.18 if top > 0 else 1)
    _money_axis(ax.xaxis, currency)
    ax.set_xlabel(
        tr({"id": "Jumlah ({currency})", "en": "Amount ({currency})"}).format(currency=currency)
    )
    rule = next((word for word in str(steps["label"].iloc[-1]).split() if word in RULES), "")
    ax.set_title(
        title if title is not None else tr(_PRICE_TITLE).format(rule=rule),
        loc="left" if cost is not None else "center",
    )
    ax.grid(axis="x", color=_SHADE)
    ax.set_axisbelow(True)
    return figure


# --------------------------------------------------------------------------------------------
# Break-even


def break_even_chart(
    table: pd.DataFrame,
    *,
    break_even: float | None = None,
    fixed_costs: float | None = None,
    currency: str = "IDR",
    figure: Figure | None = None,
) -> Figure:
    """Revenue and total cost against units sold, with the break-even point marked.

    Parameters
    ----------
    table
        The table of :func:`toolkit.costing.break_even_table` (columns ``units``, ``revenue``,
        ``total_cost``, ``profit``).
    break_even
        The break-even units (:func:`toolkit.costing.break_even_units`). When None, read from the
        table where ``profit`` crosses zero (the lines are straight, so that is exact).
    fixed_costs
        The fixed costs' line; when None, the total cost at the table's first row (0 units in a
        :func:`~toolkit.costing.break_even_table`).
    currency
        The currency of the money axis.
    figure
        A figure this function returned before, to draw into again instead of making a new one
        (the widgets do so on each change of a control); None makes a new Figure.

    Returns
    -------
    Figure
        Lines: revenue, total cost, fixed cost, and the break-even point (a dot with its units
        written by it); loss and profit shaded between the lines.

    Examples
    --------
    >>> from toolkit.costing import break_even_table
    >>> fig = break_even_chart(break_even_table(fixed_costs=6_000_000, price=35_000,
    ...                                         variable_cost=20_000))
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['Pendapatan', 'Total biaya', 'Biaya tetap', 'Titik impas: 400 unit']
    """
    table = _frame("table", table, ("units", "revenue", "total_cost", "profit"))
    if fixed_costs is not None:
        fixed_costs = check_number("fixed_costs", fixed_costs, minimum=0)
    if break_even is not None:
        break_even = check_number("break_even", break_even, minimum=0)
    figure, ax = _new_figure(3.4, figure=figure)
    if table.empty:
        _empty_note(ax, {"id": "Belum ada data", "en": "No data yet"})
        return figure
    units = table["units"].to_numpy(dtype=float)
    revenue = table["revenue"].to_numpy(dtype=float)
    cost = table["total_cost"].to_numpy(dtype=float)
    profit = table["profit"].to_numpy(dtype=float)
    fixed = cost[0] if fixed_costs is None else fixed_costs
    ax.plot(
        units, revenue, color=_BLUE, linewidth=2, label=tr({"id": "Pendapatan", "en": "Revenue"})
    )
    ax.plot(
        units, cost, color=_RED, linewidth=2, label=tr({"id": "Total biaya", "en": "Total cost"})
    )
    ax.plot(
        [units[0], units[-1]],
        [fixed, fixed],
        color=_GREY,
        linestyle="--",
        linewidth=1,
        label=tr({"id": "Biaya tetap", "en": "Fixed costs"}),
    )
    ax.fill_between(
        units,
        revenue,
        cost,
        where=profit >= 0,
        color=_GREEN,
        alpha=0.15,
        interpolate=True,
        label=tr({"id": "Laba", "en": "Profit"}),
    )
    ax.fill_between(
        units,
        revenue,
        cost,
        where=profit <= 0,
        color=_RED,
        alpha=0.12,
        interpolate=True,
        label=tr({"id": "Rugi", "en": "Loss"}),
    )
    if break_even is None:
        break_even = _zero_crossing(units, profit)
    if break_even is not None:
        level = float(np.interp(break_even, units, revenue))
        text = tr({"id": "Titik impas: {units} unit", "en": "Break-even: {units} units"}).format(
            units=format_number(break_even, decimals=0 if float(break_even).is_integer() else 1)
        )
        ax.plot([break_even], [level], "o", color=_DARK, markersize=7, label=text)
        ax.annotate(
            text, (break_even, level), xytext=(8, -14), textcoords="offset points", fontsize=8
        )
    _money_axis(ax.yaxis, currency)
    _tick_labels(ax.xaxis, "number")
    ax.set_xlabel(tr({"id": "Unit terjual", "en": "Units sold"}))
    ax.set_ylabel(tr({"id": "Rupiah", "en": "Rupiah"}) if currency == "IDR" else currency)
    ax.set_title(tr({"id": "Titik impas (break-even)", "en": "Break-even"}))
    ax.set_xlim(units[0], units[-1])
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(color=_SHADE)
    ax.set_axisbelow(True)
    return figure


def _zero_crossing(x: np.ndarray, y: np.ndarray) -> float | None:
    """Where the piecewise-linear y(x) first reaches zero from below, or None."""
    reached = np.flatnonzero(y >= 0)
    if not len(reached):
        return None
    i = int(reached[0])
    if i == 0 or y[i] == 0:
        return float(x[i])
    return float(x[i - 1] + (x[i] - x[i - 1]) * (0 - y[i - 1]) / (y[i] - y[i - 1]))


# --------------------------------------------------------------------------------------------
# Capacity


def capacity_chart(
    table: pd.DataFrame,
    *,
    quantity: float | None = None,
    deadline: Any = None,
    unit: Text | None = None,
    figure: Figure | None = None,
) -> Figure:
    """Cumulative good output, working day by working day, against the order and the deadline.

    Parameters
    ----------
    table
        The table of :func:`toolkit.planning.capacity_table` (columns ``date`` and
        ``cumulative``; ``quantity`` when the table was made with one).
    quantity
        The order; defaults to the table's ``quantity`` column if it has one.
    deadline
        The deadline's date; defaults to the table's last date.
    unit
        What is counted, both languages (default "unit"/"units").
    figure
        A figure this function returned before, to draw into again instead of making a new one
        (the widgets do so on each change of a control); None makes a new Figure.

    Returns
    -------
    Figure
        Lines: cumulative output (green from the day the order is covered), the order quantity,
        the deadline; a dot on the first day the order is covered, if it is.

    Examples
    --------
    >>> from toolkit.planning import capacity_table
    >>> table = capacity_table(500, workers=4, output_per_worker_day=50, start="2026-03-17",
    ...                        deadline="2026-03-20")
    >>> fig = capacity_chart(table)
    >>> fig.axes[0].get_title()
    'Pesanan terpenuhi pada 20 Mar'
    """
    table = _frame("table", table, ("date", "cumulative"))
    unit_name = tr(unit or {"id": "unit", "en": "units"})
    if quantity is None and "quantity" in table.columns and len(table):
        quantity = float(table["quantity"].iloc[0])
    if quantity is not None:
        quantity = check_number("quantity", quantity, minimum=0)
    deadline_day = _as_date(deadline) if deadline is not None else None
    figure, ax = _new_figure(3.4, figure=figure)
    if table.empty:
        _empty_note(
            ax,
            {
                "id": "Tidak ada hari kerja sampai tenggat",
                "en": "No working day before the deadline",
            },
        )
        return figure
    days = [_day_number(day) for day in table["date"]]
    cumulative = table["cumulative"].to_numpy(dtype=float)
    marker = "o" if len(days) <= 31 else None
    ax.plot(
        days,
        cumulative,
        color=_BLUE,
        linewidth=2,
        marker=marker,
        markersize=3,
        label=tr({"id": "Hasil kumulatif", "en": "Cumulative output"}),
    )
    if deadline_day is None:
        deadline_day = _as_date(table["date"].iloc[-1])
    ax.axvline(
        _day_number(deadline_day),
        color=_RED,
        linestyle="--",
        linewidth=1.2,
        label=tr({"id": "Tenggat {date}", "en": "Deadline {date}"}).format(
            date=_day_month(deadline_day)
        ),
    )
    if quantity is not None:
        ax.axhline(
            quantity,
            color=_DARK,
            linestyle=":",
            linewidth=1.2,
            label=tr({"id": "Pesanan: {q} {unit}", "en": "Order: {q} {unit}"}).format(
                q=format_number(quantity), unit=unit_name
            ),
        )
        covered = np.flatnonzero(cumulative >= quantity)
        if len(covered):
            first = int(covered[0])
            ax.plot(
                [days[first]],
                [cumulative[first]],
                "o",
                color=_GREEN,
                markersize=8,
                label=tr({"id": "Pesanan terpenuhi", "en": "Order covered"}),
            )
            title = tr(
                {"id": "Pesanan terpenuhi pada {date}", "en": "Order covered on {date}"}
            ).format(date=_day_month(_as_date(table["date"].iloc[first])))
        else:
            short = quantity - cumulative[-1]
            title = tr(
                {"id": "Kurang {n} {unit} pada tenggat", "en": "{n} {unit} short at the deadline"}
            ).format(n=format_number(short), unit=unit_name)
    else:
        title = tr({"id": "Kapasitas sampai tenggat", "en": "Capacity up to the deadline"})
    ax.set_title(title)
    _date_axis(ax.xaxis, days[0], max(days[-1], _day_number(deadline_day)))
    _tick_labels(ax.yaxis, "number")
    ax.set_ylabel(tr({"id": "Unit baik (kumulatif)", "en": "Good units (cumulative)"}))
    ax.set_xlabel(tr({"id": "Tanggal (hari kerja)", "en": "Date (working days)"}))
    ax.set_ylim(bottom=0, top=max(cumulative[-1], quantity or 0) * 1.12 or 1)
    ax.legend(fontsize=8, loc="upper left")
    ax.grid(color=_SHADE)
    ax.set_axisbelow(True)
    return figure


# --------------------------------------------------------------------------------------------
# Gantt


def gantt_chart(
    schedule: pd.DataFrame,
    *,
    deadline: Any = None,
    non_working: Any = None,
    title: str | None = None,
    figure: Figure | None = None,
) -> Figure:
    """A Gantt chart: one bar per task by date, buffers in their own colour, days off shaded.

    Parameters
    ----------
    schedule
        The table of :func:`toolkit.planning.gantt_data`, or a
        :func:`toolkit.planning.backward_schedule` result (turned into Gantt rows first).
    deadline
        Draws the deadline as a line at the end of that day.
    non_working
        Days off to shade: the table of :func:`toolkit.planning.non_working_days` (column
        ``date``) or a list of dates. None shades nothing (the chart does not guess the calendar).
    title
        Replaces the default title.
    figure
        A figure this function returned before, to draw into again instead of making a new one
        (the widgets do so on each change of a control); None makes a new Figure.

    Returns
    -------
    Figure
        One bar per task, top to bottom in order, from the start of its first day to the end of
        its last; the deadline a red line; days off grey bands.

    Examples
    --------
    >>> from toolkit.planning import backward_schedule, non_working_days
    >>> plan = backward_schedule("2026-03-27", [("produksi", 3), ("truk", 1)], buffer_days=2)
    >>> fig = gantt_chart(plan, deadline="2026-03-27",
    ...                   non_working=non_working_days("2026-03-16", "2026-03-27"))
    >>> len(fig.axes[0].patches) >= 3, [t.get_text() for t in fig.axes[0].get_yticklabels()]
    (True, ['produksi', 'Cadangan', 'truk'])
    """
    from toolkit.planning import gantt_data  # planning imports holidays: only when drawing a plan

    if isinstance(schedule, pd.DataFrame) and not {"calendar_days", "is_buffer"} <= set(
        schedule.columns
    ):
        schedule = gantt_data(schedule)
    rows = _frame("schedule", schedule, ("task", "start", "end", "is_buffer"))
    deadline_day = _as_date(deadline) if deadline is not None else None
    figure, ax = _new_figure(
        1.5 + 0.34 * max(len(rows), 2),
        left=_label_room(rows["task"]),
        bottom=0.8,
        figure=figure,
    )
    if rows.empty:
        _empty_note(ax, {"id": "Belum ada tugas", "en": "No tasks yet"})
        return figure
    starts = np.array([_day_number(day) for day in rows["start"]])
    ends = np.array([_day_number(day) for day in rows["end"]]) + 1.0  # to the end of the last day
    buffers = rows["is_buffer"].to_numpy(dtype=bool)
    positions = np.arange(len(rows))
    first, last = starts.min(), ends.max()
    if deadline_day is not None:
        last = max(last, _day_number(deadline_day) + 1.0)
    if non_working is not None:
        dates = non_working["date"] if isinstance(non_working, pd.DataFrame) else non_working
        numbers = sorted({_day_number(day) for day in dates})
        bands = [
            [(run_start, 0), (run_end + 1.0, 0), (run_end + 1.0, 1), (run_start, 1)]
            for run_start, run_end in _runs(numbers)
            if run_end >= first and run_start <= last
        ]
        # One collection of full-height bands (x in days, y the axes' height): one artist to
        # make and draw, where an axvspan per band was one each.
        ax.add_collection(
            PolyCollection(
                bands,
                transform=ax.get_xaxis_transform(),
                facecolors=_SHADE,
                linewidths=0,
                zorder=0,
            ),
            autolim=False,
        )
    ax.barh(
        positions[~buffers],
        (ends - starts)[~buffers],
        left=starts[~buffers],
        height=0.55,
        color=_BLUE,
        label=tr({"id": "Tugas", "en": "Task"}),
        zorder=2,
    )
    if buffers.any():
        ax.barh(
            positions[buffers],
            (ends - starts)[buffers],
            left=starts[buffers],
            height=0.55,
            color=_ORANGE,
            hatch="//",
            label=tr({"id": "Cadangan", "en": "Buffer"}),
            zorder=2,
        )
    if "working_days" in rows.columns:
        for y, left, right, days in zip(positions, starts, ends, rows["working_days"]):
            ax.text(
                (left + right) / 2,
                y,
                format_number(days),
                ha="center",
                va="center",
                color="white",
                fontsize=7,
                zorder=3,
            )
    if deadline_day is not None:
        ax.axvline(
            _day_number(deadline_day) + 1.0,
            color=_RED,
            linewidth=1.5,
            zorder=3,
            label=tr({"id": "Tenggat {date}", "en": "Deadline {date}"}).format(
                date=_day_month(deadline_day)
            ),
        )
    ax.set_yticks(positions, [str(task) for task in rows["task"]], fontsize=8)
    ax.yaxis.set_inverted(True)  # top to bottom in the table's order
    ax.set_xlim(first - 1.0, last + 1.0)
    _date_axis(ax.xaxis, first, last)
    ax.set_xlabel(
        tr(
            {
                "id": "Tanggal (angka di batang: hari kerja)",
                "en": "Date (numbers on bars: working days)",
            }
        )
    )
    start_text = format_date(_as_date(rows["start"].iloc[0]))
    ax.set_title(
        title
        if title is not None
        else tr(
            {"id": "Jadwal mundur: mulai {date}", "en": "Backward schedule: start {date}"}
        ).format(date=start_text)
    )
    _legend_below(ax)
    ax.grid(axis="x", color="#dddddd", zorder=1)
    ax.set_axisbelow(True)
    return figure


def _runs(numbers: list[float]) -> list[tuple[float, float]]:
    """Consecutive day numbers grouped as (first, last) runs, so a long holiday is one band."""
    runs: list[tuple[float, float]] = []
    for number in numbers:
        if runs and number - runs[-1][1] <= 1.0:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


# --------------------------------------------------------------------------------------------
# Container fill


def container_fill(load: pd.DataFrame, *, figure: Figure | None = None) -> Figure:
    """How full each container is, by volume and by weight, against the 100 % line.

    Parameters
    ----------
    load
        The table of :func:`toolkit.logistics.container_load` (columns ``container``, ``code``,
        ``cartons``, ``volume_utilisation``, ``weight_utilisation``). Containers loaded alike (the
        full ones) are drawn once, labelled with how many there are.
    figure
        A figure this function returned before, to draw into again instead of making a new one
        (the widgets do so on each change of a control); None makes a new Figure.

    Returns
    -------
    Figure
        Two horizontal bars per group of containers (volume %, weight %) and a line at 100 %.

    Examples
    --------
    >>> from toolkit.logistics import container_load
    >>> fig = container_fill(container_load(60, 40, 40, weight_kg=15, cartons=500))
    >>> len(fig.axes[0].patches), [t.get_text() for t in fig.axes[0].get_yticklabels()]
    (4, ['20GP 1–2 (225 karton)', '20GP 3 (50 karton)'])
    """
    load = _frame(
        "load", load, ("container", "code", "cartons", "volume_utilisation", "weight_utilisation")
    )
    groups = _container_groups(load)
    cartons = tr({"id": "karton", "en": "cartons"})
    labels = [
        f"{g['code']} {g['first']}"
        + (f"–{g['last']}" if g["last"] != g["first"] else "")
        + f" ({format_number(g['cartons'])} {cartons})"
        for g in groups
    ]
    figure, ax = _new_figure(
        1.5 + 0.5 * max(len(groups), 1), left=_label_room(labels), bottom=0.85, figure=figure
    )
    if not groups:
        _empty_note(ax, {"id": "Belum ada kontainer", "en": "No containers yet"})
        return figure
    positions = np.arange(len(groups))
    volume = np.array([g["volume"] for g in groups]) * 100
    weight = np.array([g["weight"] for g in groups]) * 100
    ax.barh(
        positions - 0.18,
        volume,
        height=0.34,
        color=_BLUE,
        label=tr({"id": "Volume", "en": "Volume"}),
    )
    ax.barh(
        positions + 0.18,
        weight,
        height=0.34,
        color=_ORANGE,
        label=tr({"id": "Berat", "en": "Weight"}),
    )
    for y, v, w in zip(positions, volume, weight):
        ax.text(v + 1, y - 0.18, format_percent(v / 100, decimals=0), va="center", fontsize=7)
        ax.text(w + 1, y + 0.18, format_percent(w / 100, decimals=0), va="center", fontsize=7)
    ax.axvline(
        100, color=_RED, linewidth=1.2, label=tr({"id": "Penuh (100%)", "en": "Full (100%)"})
    )
    ax.set_yticks(positions, labels, fontsize=8)
    ax.yaxis.set_inverted(True)  # top to bottom in the table's order
    ax.set_xlim(0, max(115.0, float(max(volume.max(), weight.max())) + 12))
    _tick_labels(ax.xaxis, "percent")
    ax.set_xlabel(tr({"id": "Terisi (% dari kapasitas)", "en": "Filled (% of capacity)"}))
    ax.set_title(
        tr({"id": "Isi kontainer: {n} kontainer", "en": "Container fill: {n} containers"}).format(
            n=len(load)
        )
    )
    _legend_below(ax)
    ax.grid(axis="x", color=_SHADE)
    ax.set_axisbelow(True)
    return figure


def _container_groups(load: pd.DataFrame) -> list[dict]:
    groups: list[dict] = []
    for row in load.itertuples(index=False):
        key = (row.code, row.cartons, row.volume_utilisation, row.weight_utilisation)
        if groups and groups[-1]["key"] == key:
            groups[-1]["last"] = row.container
            continue
        groups.append(
            {
                "key": key,
                "code": row.code,
                "cartons": row.cartons,
                "first": row.container,
                "last": row.container,
                "volume": float(row.volume_utilisation),
                "weight": float(row.weight_utilisation),
            }
        )
    return groups


# --------------------------------------------------------------------------------------------
# On-time probability


def on_time_histogram(
    totals: Any,
    available_days: float,
    *,
    probability: float | None = None,
    bins: int | None = None,
    figure: Figure | None = None,
) -> Figure:
    """How long the simulated runs took, with the working days available marked.

    Parameters
    ----------
    totals
        The simulated totals of :func:`toolkit.planning.simulate_total_days`.
    available_days
        The working days available (drawn as a line).
    probability
        The share on time, for the title (:func:`toolkit.planning.on_time_probability`); when None,
        the share of ``totals`` at or under ``available_days``.
    bins
        How many bars of equal width; by default one per working day (at most 40), with the bar
        that holds ``available_days`` split there.
    figure
        A figure this function returned before, to draw into again instead of making a new one
        (the widgets do so on each change of a control); None makes a new Figure.

    Returns
    -------
    Figure
        One bar per bin, green when the bin finishes in time and red when late; a line at
        ``available_days``; the share on time in the title.

    Examples
    --------
    >>> from toolkit.planning import simulate_total_days
    >>> totals = simulate_total_days([("produksi", 8, 10, 14), ("QC", 1, 2, 3)], n=2000, seed=1)
    >>> fig = on_time_histogram(totals, 13, bins=10)
    >>> len(fig.axes[0].patches), fig.axes[0].get_title().startswith("Peluang tepat waktu")
    (10, True)
    """
    values = np.asarray(totals, dtype=float).ravel()
    if not len(values) or not np.isfinite(values).all():
        raise InputError(
            "totals",
            f"array[{len(values)}]",
            {
                "id": "harus berisi minimal satu angka, tanpa NaN",
                "en": "it must hold at least one number, no NaN",
            },
        )
    available_days = check_number("available_days", available_days, minimum=0)
    if probability is None:
        probability = float(np.count_nonzero(values <= available_days) / len(values))
    probability = check_number("probability", probability, minimum=0, maximum=1)
    low, high = float(values.min()), float(values.max())
    if bins is None:  # whole working days, split where the time runs out
        first, last = math.floor(low), max(math.ceil(high), math.floor(low) + 1)
        if last - first <= 40:
            edges = np.arange(first, last + 1, dtype=float)
        else:
            edges = np.linspace(low, high, 41)
        if edges[0] < available_days < edges[-1] and not np.isclose(edges, available_days).any():
            edges = np.sort(np.append(edges, available_days))
    else:
        bins = int(check_number("bins", bins, minimum=1, maximum=500, integer=True))
        if high == low:
            low, high = low - 0.5, high + 0.5
        edges = np.linspace(low, high, bins + 1)
    counts, edges = np.histogram(values, bins=edges)
    shares = counts / len(values) * 100
    colours = [_GREEN if right <= available_days + 1e-9 else _RED for right in edges[1:]]
    figure, ax = _new_figure(3.2, figure=figure)
    ax.bar(
        edges[:-1],
        shares,
        width=np.diff(edges),
        align="edge",
        color=colours,
        edgecolor="white",
        linewidth=0.5,
    )
    ax.axvline(
        available_days,
        color=_DARK,
        linestyle="--",
        linewidth=1.5,
        label=tr({"id": "Hari kerja tersedia: {d}", "en": "Working days available: {d}"}).format(
            d=format_number(available_days, decimals=0 if float(available_days).is_integer() else 1)
        ),
    )
    ax.set_title(
        tr({"id": "Peluang tepat waktu: {p}", "en": "Chance of being on time: {p}"}).format(
            p=format_percent(probability, decimals=0)
        )
    )
    ax.set_xlabel(tr({"id": "Total hari kerja (simulasi)", "en": "Total working days (simulated)"}))
    ax.set_ylabel(tr({"id": "Bagian simulasi (%)", "en": "Share of runs (%)"}))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    _tick_labels(ax.yaxis, "number")
    ax.legend(fontsize=8, loc="upper right")
    ax.grid(axis="y", color=_SHADE)
    ax.set_axisbelow(True)
    return figure


# --------------------------------------------------------------------------------------------
# Cash flow


def cash_flow_chart(
    flows: Mapping[str, pd.DataFrame] | pd.DataFrame,
    *,
    currency: str = "IDR",
    figure: Figure | None = None,
) -> Figure:
    """The order's cash position day by day, one line per payment term.

    Parameters
    ----------
    flows
        One :func:`toolkit.payment.cash_flows` table, or a mapping from a line's label (e.g.
        :func:`toolkit.payment.term_label`) to such a table.
    currency
        The currency of ``cumulative_idr`` (Rupiah).
    figure
        A figure this function returned before, to draw into again instead of making a new one
        (the widgets do so on each change of a control); None makes a new Figure.

    Returns
    -------
    Figure
        One step line per term (below zero: the exporter's own money is tied up), a zero line,
        and the shipment day as a dotted line.

    Examples
    --------
    >>> from toolkit.payment import cash_flows
    >>> order = dict(invoice_amount=10_000, fx_rate=16_500, production_cost=120_000_000,
    ...              production_days=21, ship_day=28)
    >>> fig = cash_flow_chart({"T/T": cash_flows("TT", **order), "L/C": cash_flows("LC", **order)})
    >>> [line.get_label() for line in fig.axes[0].get_lines()][:2]
    ['T/T', 'L/C']
    """
    if isinstance(flows, pd.DataFrame):
        flows = {tr({"id": "Posisi kas", "en": "Cash position"}): flows}
    if not isinstance(flows, Mapping) or not flows:
        raise InputError(
            "flows",
            type(flows).__name__,
            {
                "id": "harus berupa tabel cash_flows atau dict {nama: tabel}",
                "en": "it must be a cash_flows table or a dict {name: table}",
            },
        )
    tables = {
        label: _frame(f"flows[{label!r}]", table, ("day", "cumulative_idr", "kind"))
        for label, table in flows.items()
    }
    last_day = max((int(t["day"].max()) for t in tables.values() if len(t)), default=0)
    end = last_day + max(3, round(last_day * 0.05))
    figure, ax = _new_figure(3.9, left=0.95, bottom=1.05, figure=figure)
    ship_days: set[int] = set()
    for number, (label, table) in enumerate(tables.items()):
        if table.empty:
            continue
        position = table.groupby("day", sort=True)["cumulative_idr"].last()
        days = (
            [0, *position.index.tolist(), end]
            if position.index[0] > 0
            else [*position.index.tolist(), end]
        )
        values = (
            [0.0, *position.tolist(), position.iloc[-1]]
            if position.index[0] > 0
            else [*position.tolist(), position.iloc[-1]]
        )
        ax.step(
            days,
            values,
            where="post",
            color=_PALETTE[number % len(_PALETTE)],
            linewidth=2,
            label=str(label),
        )
        ship_days.update(int(day) for day in table.loc[table["kind"] == "shipment", "day"])
    ax.axhline(0, color=_DARK, linewidth=0.8)
    for day in sorted(ship_days):
        ax.axvline(
            day,
            color=_GREY,
            linestyle=":",
            linewidth=1.2,
            label=tr({"id": "Barang dikapalkan (hari {d})", "en": "Shipped (day {d})"}).format(
                d=day
            ),
        )
    _money_axis(ax.yaxis, currency)
    ax.set_xlim(0, end)
    ax.set_xlabel(tr({"id": "Hari sejak pesanan", "en": "Days since the order"}))
    ax.set_ylabel(tr({"id": "Posisi kas pesanan", "en": "Order's cash position"}))
    ax.set_title(tr({"id": "Arus kas per cara pembayaran", "en": "Cash flow by payment term"}))
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    ax.grid(color=_SHADE)
    ax.set_axisbelow(True)
    return figure
