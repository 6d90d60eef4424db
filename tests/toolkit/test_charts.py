"""Charts: each returns a pyplot-free Figure drawn from a toolkit table, labelled in the active language."""

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

import toolkit
from toolkit import charts
from toolkit.costing import break_even_table, break_even_units
from toolkit.errors import InputError
from toolkit.logistics import container_load
from toolkit.payment import cash_flows, term_label
from toolkit.planning import (
    backward_schedule,
    capacity_table,
    gantt_data,
    non_working_days,
    on_time_probability,
    simulate_total_days,
)
from toolkit.pricing import price_buildup

COSTS = {
    "inland_transport": 3_500_000,
    "export_clearance": 1_500_000,
    "origin_handling": 2_000_000,
    "main_carriage": 12_000_000,
}
ORDER = dict(
    invoice_amount=10_000,
    fx_rate=16_500,
    production_cost=120_000_000,
    production_days=21,
    ship_day=28,
)
TASKS = [("bahan baku", 4, 5, 8), ("produksi", 9, 10, 14), ("QC", 1, 2, 3)]


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


def _bars(ax) -> int:
    return sum(len(container) for container in ax.containers)


def _labels(ax) -> list[str]:
    return [line.get_label() for line in ax.get_lines()]


def _ticks(axis) -> list[str]:
    return [tick.get_text() for tick in axis.get_ticklabels()]


def _plan():
    return backward_schedule(
        "2026-03-27",
        [("bahan baku", 5), ("produksi", 10), ("QC", 2), ("truk", 1)],
        closures=[("2026-03-18", "2026-03-24")],
        buffer_days=2,
    )


# --- short money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "indonesian", "english"),
    [
        (1_270_000, "IDR", "Rp1,3 jt", "IDR 1.3M"),
        (85_000_000, "IDR", "Rp85 jt", "IDR 85M"),
        (350_000, "IDR", "Rp350 rb", "IDR 350K"),
        (2_500_000_000, "IDR", "Rp2,5 M", "IDR 2.5B"),
        (-120_000_000, "IDR", "-Rp120 jt", "-IDR 120M"),
        (0, "IDR", "Rp0", "IDR\xa00"),
        (6_704.99, "USD", "US$6,7 rb", "$6.7K"),
        (250, "USD", "US$250", "$250"),
    ],
)
def test_short_money_reads_the_way_each_language_writes_money(value, currency, indonesian, english):
    """Is a tick written Rp1,3 jt in Indonesian and IDR 1.3M in English?"""
    assert charts.short_money(value, currency) == indonesian
    toolkit.set_language("en")
    assert charts.short_money(value, currency) == english


# --- price waterfall -------------------------------------------------------------------------


def test_waterfall_has_one_bar_per_step_and_the_rule_in_its_title():
    """Does the waterfall draw EXW, each seller's cost and the total, titled with the rule?"""
    steps = price_buildup(85_000_000, "CIF", COSTS, insurance_rate=0.004)
    figure = charts.price_waterfall(steps)
    assert isinstance(figure, Figure) and len(figure.axes) == 1
    ax = figure.axes[0]
    assert _bars(ax) == len(steps) == 8  # EXW, 5 seller's items (bea keluar among them), insurance, total
    assert _ticks(ax.yaxis) == steps["label"].tolist()
    assert ax.get_title() == "Susunan harga CIF"
    # The total bar starts at zero and ends at the price; a cost floats where the last step ended.
    total, freight = ax.containers[0][-1], ax.containers[0][5]
    assert total.get_x() == 0 and total.get_width() == pytest.approx(steps["cumulative"].iloc[-1])
    assert freight.get_x() == pytest.approx(steps["cumulative"].iloc[4])
    assert freight.get_width() == pytest.approx(12_000_000)
    assert _png(figure).startswith(b"\x89PNG")


def test_waterfall_splits_exw_into_cost_and_profit():
    """With the HPP given, is the EXW bar split into cost and a profit bar of EXW − HPP?"""
    steps = price_buildup(100_000_000, "FOB", COSTS)
    ax = charts.price_waterfall(steps, cost=80_000_000).axes[0]
    assert _bars(ax) == len(steps) + 1
    profit = ax.containers[0][0]
    assert (profit.get_x(), profit.get_width()) == pytest.approx((80_000_000, 20_000_000))
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["HPP", "Laba"]


def test_waterfall_money_axis_and_labels_follow_the_language():
    """Are the axis, title and step names English after set_language("en")?"""
    steps_id = price_buildup(85_000_000, "FOB", COSTS)
    ax = charts.price_waterfall(steps_id).axes[0]
    assert ax.xaxis.get_major_formatter()(20_000_000, 0) == "Rp20 jt"
    assert ax.get_xlabel() == "Jumlah (IDR)"
    toolkit.set_language("en")
    steps_en = price_buildup(85_000_000, "FOB", COSTS)
    ax = charts.price_waterfall(steps_en).axes[0]
    assert ax.get_title() == "FOB price build-up"
    assert ax.get_xlabel() == "Amount (IDR)"
    assert _ticks(ax.yaxis)[0] == "EXW price"
    assert ax.xaxis.get_major_formatter()(20_000_000, 0) == "IDR 20M"


def test_waterfall_refuses_a_table_without_the_build_up_columns_in_both_languages():
    """Does a table that is not a price build-up get an InputError naming the missing columns?"""
    with pytest.raises(InputError) as error:
        charts.price_waterfall(pd.DataFrame({"step": ["exw"], "amount": [1.0]}))
    assert "kolom yang hilang: label, cumulative" in str(error.value)
    toolkit.set_language("en")
    assert "missing columns: label, cumulative" in str(error.value)


# --- break-even ------------------------------------------------------------------------------


def test_break_even_chart_marks_the_break_even_point():
    """Are revenue, total cost and fixed cost drawn, and the point marked at 400 units?"""
    table = break_even_table(fixed_costs=6_000_000, price=35_000, variable_cost=20_000)
    ax = charts.break_even_chart(table).axes[0]
    assert _labels(ax) == ["Pendapatan", "Total biaya", "Biaya tetap", "Titik impas: 400 unit"]
    point = ax.get_lines()[3]
    assert point.get_xdata()[0] == pytest.approx(400)
    assert point.get_ydata()[0] == pytest.approx(400 * 35_000)
    assert ax.get_lines()[2].get_ydata()[0] == pytest.approx(6_000_000)
    assert ax.get_title() == "Titik impas (break-even)"


def test_break_even_point_read_from_the_table_equals_the_formula():
    """Without break_even given, is the point where the profit crosses zero the formula's?"""
    kwargs = dict(fixed_costs=4_500_000, price=25_000, variable_cost=16_000)
    table = break_even_table(**kwargs, max_units=1234, points=7)
    ax = charts.break_even_chart(table).axes[0]
    assert ax.get_lines()[3].get_xdata()[0] == pytest.approx(break_even_units(**kwargs))


def test_break_even_chart_in_english():
    """Are the lines and axes labelled in English after set_language("en")?"""
    toolkit.set_language("en")
    table = break_even_table(fixed_costs=1_000, price=30, variable_cost=20, points=3)
    ax = charts.break_even_chart(table, break_even=100).axes[0]
    assert _labels(ax) == ["Revenue", "Total cost", "Fixed costs", "Break-even: 100 units"]
    assert ax.get_xlabel() == "Units sold"


# --- capacity --------------------------------------------------------------------------------


def test_capacity_chart_shows_the_day_the_order_is_covered():
    """Does the chart draw cumulative output, the order and the deadline, and mark the day it is met?"""
    table = capacity_table(
        500, workers=4, output_per_worker_day=50, start="2026-03-17", deadline="2026-03-20"
    )
    ax = charts.capacity_chart(table).axes[0]
    assert _labels(ax) == [
        "Hasil kumulatif",
        "Tenggat 20 Mar",
        "Pesanan: 500 unit",
        "Pesanan terpenuhi",
    ]
    assert list(ax.get_lines()[0].get_ydata()) == [200, 400, 600]
    assert ax.get_title() == "Pesanan terpenuhi pada 20 Mar"


def test_capacity_chart_says_how_many_units_are_short():
    """When the order is not covered by the deadline, does the title say by how much, in English too?"""
    table = capacity_table(
        6000, workers=12, output_per_worker_day=25, yield_rate=0.95,
        start="2026-03-02", deadline="2026-03-27",
    )  # fmt: skip
    ax = charts.capacity_chart(table, deadline="2026-03-27").axes[0]
    assert ax.get_title() == "Kurang 585 unit pada tenggat"
    assert len(ax.get_lines()) == 3  # no "covered" dot
    toolkit.set_language("en")
    ax = charts.capacity_chart(table, deadline="2026-03-27").axes[0]
    assert ax.get_title() == "585 units short at the deadline"
    assert _labels(ax)[:2] == ["Cumulative output", "Deadline Mar 27"]


def test_capacity_chart_without_working_days_says_so():
    """Does a table with no working day (a weekend) give a figure with a note, not an error?"""
    table = capacity_table(
        100, workers=1, output_per_worker_day=10, start="2026-03-21", deadline="2026-03-22"
    )
    assert table.empty
    ax = charts.capacity_chart(table).axes[0]
    assert [t.get_text() for t in ax.texts] == ["Tidak ada hari kerja sampai tenggat"]


# --- Gantt -----------------------------------------------------------------------------------


def test_gantt_draws_one_bar_per_task_with_the_buffer_apart():
    """Does each task get a bar from its first to its last day, the buffer in its own colour?"""
    plan = _plan()
    rows = gantt_data(plan)
    ax = charts.gantt_chart(rows, deadline="2026-03-27").axes[0]
    assert _ticks(ax.yaxis) == ["bahan baku", "produksi", "QC", "Cadangan", "truk"]  # buffer before the truck
    tasks, buffers = ax.containers
    assert (len(tasks), len(buffers)) == (4, 1)
    assert tasks[0].get_facecolor() != buffers[0].get_facecolor()
    assert [bar.get_width() for bar in tasks] == rows.loc[~rows["is_buffer"], "calendar_days"].tolist()
    assert [bar.get_width() for bar in buffers] == rows.loc[rows["is_buffer"], "calendar_days"].tolist()
    assert ax.get_legend().get_texts()[-1].get_text() == "Cadangan"


def test_gantt_accepts_a_backward_schedule_and_shades_days_off():
    """Is a backward_schedule result accepted as is, the deadline drawn and days off shaded?"""
    plan = _plan()
    off = non_working_days("2026-02-16", "2026-03-31", closures=[("2026-03-18", "2026-03-24")])
    ax = charts.gantt_chart(plan, deadline=dt.date(2026, 3, 27), non_working=off).axes[0]
    (shaded,) = ax.collections
    # Within the plan (23 Feb to the deadline, 27 Mar): the weekends of 28 Feb, 7 Mar, 14 Mar and
    # 28 Mar, and the Lebaran closure (18–24 Mar) merged with its weekend into one band.
    assert len(shaded.get_paths()) == 5
    deadline = [line for line in ax.get_lines() if line.get_label().startswith("Tenggat")]
    assert len(deadline) == 1
    assert ax.get_title() == "Jadwal mundur: mulai 23 Feb 2026"


def test_gantt_in_english():
    """Are the title, buffer and deadline labels English after set_language("en")?"""
    toolkit.set_language("en")
    plan = backward_schedule("2026-03-27", [("production", 3), ("truck", 1)], buffer_days=2)
    ax = charts.gantt_chart(plan, deadline="2026-03-27").axes[0]
    assert _ticks(ax.yaxis) == ["production", "Buffer", "truck"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Deadline Mar 27",
        "Task",
        "Buffer",
    ]
    assert ax.get_title().startswith("Backward schedule: start")


# --- container fill --------------------------------------------------------------------------


def test_container_fill_draws_volume_and_weight_per_group_and_a_full_line():
    """Are full containers drawn once, with volume and weight bars and a 100 % line?"""
    load = container_load(60, 40, 40, weight_kg=15, cartons=2000)
    ax = charts.container_fill(load).axes[0]
    assert len(load) == 9
    assert _ticks(ax.yaxis) == ["20GP 1–8 (225 karton)", "20GP 9 (200 karton)"]
    assert _bars(ax) == 4
    volume, weight = ax.containers
    assert volume[0].get_width() == pytest.approx(100 * load["volume_utilisation"].iloc[0])
    assert weight[1].get_width() == pytest.approx(100 * load["weight_utilisation"].iloc[-1])
    full = [line for line in ax.get_lines() if line.get_xdata()[0] == 100]
    assert len(full) == 1
    assert ax.get_title() == "Isi kontainer: 9 kontainer"


def test_container_fill_in_english():
    """Are the labels English after set_language("en")?"""
    toolkit.set_language("en")
    ax = charts.container_fill(container_load(60, 40, 40, weight_kg=15, cartons=100)).axes[0]
    assert _ticks(ax.yaxis) == ["20GP 1 (100 cartons)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Full (100%)",
        "Volume",
        "Weight",
    ]


# --- on-time histogram -----------------------------------------------------------------------


def test_histogram_title_gives_the_same_share_as_on_time_probability():
    """With the same seed, is the title's share the one on_time_probability computes?"""
    totals = simulate_total_days(TASKS, n=20_000, seed=7)
    share = on_time_probability(TASKS, 20, n=20_000, seed=7)
    ax = charts.on_time_histogram(totals, 20).axes[0]
    assert ax.get_title() == f"Peluang tepat waktu: {round(share * 100)}%"
    heights = [bar.get_height() for bar in ax.containers[0]]
    assert sum(heights) == pytest.approx(100)


def test_histogram_colours_bars_on_time_and_late_at_the_line():
    """Is every bar left of the available days green and every bar right of it red?"""
    totals = simulate_total_days(TASKS, n=5_000, seed=1)
    ax = charts.on_time_histogram(totals, 19.5).axes[0]
    bars = list(ax.containers[0])
    edges = [bar.get_x() + bar.get_width() for bar in bars]
    assert 19.5 in [pytest.approx(edge) for edge in edges]  # a bar is split at the line
    for bar, right in zip(bars, edges):
        expected = charts._GREEN if right <= 19.5 + 1e-9 else charts._RED
        assert bar.get_facecolor()[:3] == pytest.approx(to_rgb(expected))


def test_histogram_of_a_fixed_plan_and_in_english():
    """Does a plan with no spread draw one bar, and read in English after set_language("en")?"""
    toolkit.set_language("en")
    ax = charts.on_time_histogram(np.full(100, 12.0), 12).axes[0]
    assert len(ax.containers[0]) == 1
    assert ax.get_title() == "Chance of being on time: 100%"
    assert _labels(ax) == ["Working days available: 12"]


def test_histogram_refuses_empty_totals_in_both_languages():
    """Are empty totals an InputError in Indonesian and English?"""
    with pytest.raises(InputError) as error:
        charts.on_time_histogram([], 10)
    assert "harus berisi minimal satu angka" in str(error.value)
    toolkit.set_language("en")
    assert "it must hold at least one number" in str(error.value)


# --- cash flow -------------------------------------------------------------------------------


def test_cash_flow_chart_draws_one_line_per_term_and_the_shipment():
    """Is each term a step line of its cash position, with a zero line and the shipment day?"""
    flows = {term_label(t): cash_flows(t, **ORDER) for t in ("TT", "LC", "DP")}
    ax = charts.cash_flow_chart(flows).axes[0]
    labels = _labels(ax)
    assert labels[:3] == list(flows)
    assert "Barang dikapalkan (hari 28)" in labels
    lc = ax.get_lines()[1]
    assert lc.get_ydata()[-1] == pytest.approx(flows[term_label("LC")]["cumulative_idr"].iloc[-1])
    assert min(lc.get_ydata()) == pytest.approx(-120_000_000)


def test_cash_flow_chart_in_english():
    """Are the axis labels and title English after set_language("en")?"""
    toolkit.set_language("en")
    ax = charts.cash_flow_chart(cash_flows("TT", **ORDER)).axes[0]
    assert ax.get_title() == "Cash flow by payment term"
    assert ax.get_xlabel() == "Days since the order"
    assert _labels(ax)[0] == "Cash position"


# --- drawing again into the same figure (what the widgets do) ---------------------------------

_WEEKEND = dict(workers=1, output_per_worker_day=10, start="2026-03-21", deadline="2026-03-22")
_OFF = non_working_days("2026-02-16", "2026-03-31", closures=[("2026-03-18", "2026-03-24")])

# Each chart with two different tables (the second often of another shape: more rows, none, ...).
REDRAWS = {
    "price_waterfall": (
        lambda figure: charts.price_waterfall(
            price_buildup(85_000_000, "CIF", COSTS, insurance_rate=0.004),
            cost=70_000_000,
            figure=figure,
        ),
        lambda figure: charts.price_waterfall(price_buildup(9_000, "EXW", {}), figure=figure),
    ),
    "break_even_chart": (
        lambda figure: charts.break_even_chart(
            break_even_table(fixed_costs=6_000_000, price=35_000, variable_cost=20_000),
            figure=figure,
        ),
        lambda figure: charts.break_even_chart(
            break_even_table(fixed_costs=40, price=3, variable_cost=1, points=3), figure=figure
        ),
    ),
    "capacity_chart": (
        lambda figure: charts.capacity_chart(
            capacity_table(
                6000,
                workers=12,
                output_per_worker_day=25,
                start="2026-03-02",
                deadline="2026-03-27",
            ),  # fmt: skip
            figure=figure,
        ),
        lambda figure: charts.capacity_chart(capacity_table(100, **_WEEKEND), figure=figure),
    ),
    "gantt_chart": (
        lambda figure: charts.gantt_chart(
            _plan(), deadline=dt.date(2026, 3, 27), non_working=_OFF, figure=figure
        ),
        lambda figure: charts.gantt_chart(
            backward_schedule("2026-03-27", [("produksi", 3)]), figure=figure
        ),
    ),
    "container_fill": (
        lambda figure: charts.container_fill(
            container_load(60, 40, 40, weight_kg=15, cartons=2000), figure=figure
        ),
        lambda figure: charts.container_fill(
            container_load(50, 30, 30, weight_kg=25, cartons=40), figure=figure
        ),
    ),
    "on_time_histogram": (
        lambda figure: charts.on_time_histogram(
            simulate_total_days(TASKS, n=5_000, seed=1), 19.5, figure=figure
        ),
        lambda figure: charts.on_time_histogram(np.full(100, 12.0), 12, bins=3, figure=figure),
    ),
    "cash_flow_chart": (
        lambda figure: charts.cash_flow_chart(
            {term_label(t): cash_flows(t, **ORDER) for t in ("TT", "LC", "DP")}, figure=figure
        ),
        lambda figure: charts.cash_flow_chart(cash_flows("OA", **ORDER), figure=figure),
    ),
}


def _pixels(figure: Figure) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(_png(figure))))


@pytest.mark.parametrize(
    "order", [(0, 1), (1, 0)], ids=["first-after-second", "second-after-first"]
)
@pytest.mark.parametrize("chart", list(REDRAWS))
def test_a_chart_drawn_again_into_its_figure_looks_like_a_new_one(chart, order):
    """Drawn into a figure it drew other data in before, is a chart pixel for pixel a new one?"""
    wanted, before = (REDRAWS[chart][i] for i in order)
    figure = before(None)
    assert wanted(figure) is figure
    assert np.array_equal(_pixels(figure), _pixels(wanted(None)))


def test_a_figure_of_one_chart_can_take_another():
    """Is a waterfall's figure (its y-axis turned over) drawn into as a new break-even chart?"""
    figure = REDRAWS["price_waterfall"][0](None)
    break_even = REDRAWS["break_even_chart"][0]
    assert np.array_equal(_pixels(break_even(figure)), _pixels(break_even(None)))


def test_drawing_into_a_figure_not_made_by_the_charts_is_refused_in_both_languages():
    """Is a figure with two axes (not one of ours) an InputError in Indonesian and English?"""
    figure = Figure()
    figure.subplots(1, 2)
    with pytest.raises(InputError) as error:
        charts.container_fill(container_load(60, 40, 40, weight_kg=15, cartons=100), figure=figure)
    assert "figure = 'Figure' tidak diperbolehkan" in str(error.value)
    toolkit.set_language("en")
    assert "made by a toolkit.charts function" in str(error.value)


# --- legends clear of what they explain ------------------------------------------------------


def _extents(figure: Figure):
    """The window extents (pixels) of the legend, the x-axis label and the axes, once laid out."""
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    ax = figure.axes[0]
    return ax.get_legend().get_window_extent(), ax.xaxis.label.get_window_extent(), ax.bbox


@pytest.mark.parametrize("tasks", [1, 8])
def test_gantt_legend_sits_under_the_date_label_clear_of_the_bars(tasks):
    """However many tasks, is the Gantt's legend below the x-axis label, inside the figure?"""
    plan = backward_schedule("2026-03-27", [(f"tugas {i}", 2) for i in range(tasks)], buffer_days=1)
    figure = charts.gantt_chart(plan, deadline="2026-03-27")
    legend, label, axes = _extents(figure)
    assert legend.y1 <= label.y0 < axes.y0 and legend.y0 >= 0


@pytest.mark.parametrize("cartons", [100, 2000, 4450])
def test_container_fill_legend_does_not_cover_the_axis_label(cartons):
    """With one group of containers or several, is the legend under the x-axis label, not on it?"""
    figure = charts.container_fill(container_load(60, 40, 40, weight_kg=15, cartons=cartons))
    legend, label, axes = _extents(figure)
    assert legend.y1 <= label.y0 < axes.y0 and legend.y0 >= 0


def test_histogram_share_axis_is_in_whole_percents_written_the_indonesian_way():
    """Are the histogram's share ticks whole numbers, written with Indonesian separators?"""
    figure = charts.on_time_histogram(simulate_total_days(TASKS, n=5_000, seed=1), 19.5)
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    ticks = [t for t in _ticks(figure.axes[0].yaxis) if t]
    assert ticks and all(tick.isdigit() for tick in ticks)


def test_task_names_fit_when_the_widest_is_not_the_longest():
    """Does "QC dan pengemasan" (wider letters) fit beside "Stuffing kontainer" (more letters)?"""
    plan = backward_schedule("2026-04-30", [("QC dan pengemasan", 3), ("Stuffing kontainer", 1)])
    figure = charts.gantt_chart(plan)
    figure.set_dpi(80)  # as the widgets show it: letters on whole pixels run a little wider
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    labels = figure.axes[0].get_yticklabels()
    assert [label.get_text() for label in labels][:2] == ["QC dan pengemasan", "Stuffing kontainer"]
    assert min(label.get_window_extent().x0 for label in labels) >= 0.1 * 80  # a tenth of an inch


_EDGE = {  # the last money tick falls at the axes' right end: Rp125 jt at 126 jt
    "price_waterfall": lambda figure: charts.price_waterfall(
        price_buildup(
            100_000_000,
            "FOB",
            {"inland_transport": 3_500_000, "export_clearance": 1_500_000, "origin_handling": 2e6},
        ),
        cost=80_000_000,
        figure=figure,
    ),
}


@pytest.mark.parametrize(
    "draw",
    [*(pair[i] for pair in REDRAWS.values() for i in (0, 1)), *_EDGE.values()],
    ids=[*(f"{name}-{i}" for name in REDRAWS for i in (0, 1)), *(f"{n}-edge" for n in _EDGE)],
)
def test_every_label_is_inside_the_picture(draw):
    """At the widgets' 80 dpi, is every tick label, title, axis label and legend inside the figure?"""
    figure = draw(None)
    figure.set_dpi(80)
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    ax = figure.axes[0]
    texts = [ax.title, ax.xaxis.label, ax.yaxis.label]
    for axis in (ax.xaxis, ax.yaxis):
        low, high = sorted(axis.get_view_interval())
        span = high - low
        texts += [  # the ticks drawn: matplotlib also labels some just outside the view
            tick.label1
            for tick in axis.get_major_ticks()
            if low - 1e-9 * span <= tick.get_loc() <= high + 1e-9 * span
        ]
    shown = [text for text in texts if text.get_visible() and text.get_text()]
    if ax.get_legend() is not None:
        shown.append(ax.get_legend())
    inside = figure.bbox.padded(0.5)
    for artist in shown:
        box = artist.get_window_extent()
        assert inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1), artist
