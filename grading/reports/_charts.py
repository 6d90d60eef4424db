"""Charts for the reports.

The class page's charts are drawn with matplotlib's Agg canvas into PNG bytes (no pyplot
state). The per-participant chart, a hundred of them per class, is simple enough to draw by hand:
inline SVG in the HTML report and fpdf2 vector drawing in the PDF, from the same rows.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from html import escape

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from grading.reports._stats import ClassStats
from grading.reports._text import decimal_text, percent_text, t

BLUE = "#1f4e79"
LIGHT = "#9dc3e6"
GREEN = "#2e7d32"
AMBER = "#f9a825"
RED = "#c62828"
GREY = "#9e9e9e"
DPI = 110


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, so the HTML stays one self-contained file."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    return figure


def _wrap(label: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def distribution(stats: ClassStats) -> bytes:
    shares = [r.share for r in stats.participants if r.submitted_any and r.share is not None]
    figure = _figure(7, 3.2)
    axes = figure.add_subplot()
    axes.hist(shares, bins=np.linspace(0, 1, 11), color=BLUE, edgecolor="white")
    axes.axvline(stats.pass_threshold, color=RED, linestyle="--", linewidth=1.5,
                 label=t("threshold_line", threshold=percent_text(stats.pass_threshold)))
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_xlim(0, 1)
    axes.set_xlabel(t("percent"))
    axes.set_ylabel(t("participants"))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="upper left", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def _discrimination_colour(value: float) -> str:
    if math.isnan(value):
        return GREY
    if value >= 0.3:
        return GREEN
    if value >= 0.2:
        return AMBER
    return RED


def questions(stats: ClassStats) -> bytes:
    items = stats.questions
    figure = _figure(7, 1.0 + 0.24 * max(len(items), 1))
    axes = figure.add_subplot()
    labels = [f"{s.question.assignment} · {s.question.name}" for s in items]
    positions = np.arange(len(items))[::-1]
    axes.barh(positions, [0 if math.isnan(s.difficulty) else s.difficulty for s in items],
              color=[_discrimination_colour(s.discrimination) for s in items])
    axes.set_yticks(positions, labels, fontsize=7)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.set_xlabel(t("difficulty"))
    axes.spines[["top", "right"]].set_visible(False)
    handles = [
        Patch(color=colour, label=label)
        for colour, label in [
            (GREEN, f"{t('discrimination')} ≥ {decimal_text(0.3, 1)}"),
            (AMBER, f"{decimal_text(0.2, 1)}–{decimal_text(0.3, 1)}"),
            (RED, f"< {decimal_text(0.2, 1)}"),
            (GREY, t("none")),
        ]
    ]
    axes.set_ylim(-0.7, len(items) - 0.3)
    axes.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4,
                fontsize=7, frameon=False)
    figure.tight_layout()
    return _png(figure)


def modules(stats: ClassStats) -> bytes:
    names = stats.modules
    figure = _figure(7, 1.0 + 0.45 * max(len(names), 1))
    axes = figure.add_subplot()
    positions = np.arange(len(names))[::-1]
    medians = [0 if math.isnan(stats.module_medians[m]) else stats.module_medians[m] for m in names]
    means = [0 if math.isnan(stats.module_means[m]) else stats.module_means[m] for m in names]
    axes.barh(positions, medians, color=BLUE, label=t("median"))
    axes.scatter(means, positions, color=AMBER, zorder=3, marker="D", label=t("mean"))
    axes.set_yticks(positions, [_wrap(m) for m in names], fontsize=8)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0))
    axes.axvline(stats.pass_threshold, color=RED, linestyle="--", linewidth=1,
                 label=t("threshold_line", threshold=percent_text(stats.pass_threshold)))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8,
                frameon=False)
    figure.tight_layout()
    return _png(figure)


def module_rows(stats: ClassStats, shares: dict[str, float]) -> list[tuple[str, float, float]]:
    """(module, the participant's share, the class median) for each counted module."""
    rows = []
    for module in stats.modules:
        value = shares.get(module, math.nan)
        median = stats.module_medians.get(module, math.nan)
        rows.append((module, 0.0 if math.isnan(value) else value,
                     math.nan if math.isnan(median) else median))
    return rows


def module_chart_svg(rows: list[tuple[str, float, float]]) -> str:
    """A participant's share per module against the class median, as inline SVG.

    Drawn by hand rather than with matplotlib: one chart per participant, a hundred per class,
    costs microseconds this way and stays sharp at any zoom; the PDF draws the same geometry
    with fpdf2 (see :func:`grading.reports._pdf.draw_module_chart`).
    """
    label_w, bar_w, row_h, top = 230, 400, 34, 10
    width = label_w + bar_w + 70
    height = top + row_h * len(rows) + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" role="img" '
        f'aria-label="{escape(t("module_chart"))}" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="12">'
    ]
    for tick in range(0, 101, 20):
        x = label_w + bar_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" '
                     f'y2="{top + row_h * len(rows)}" stroke="#dde" />')
        parts.append(f'<text x="{x:.1f}" y="{top + row_h * len(rows) + 14}" '
                     f'text-anchor="middle" fill="#666" font-size="10">{tick}%</text>')
    for index, (module, value, median) in enumerate(rows):
        y = top + row_h * index
        parts.append(f'<text x="{label_w - 8}" y="{y + row_h / 2 + 4:.1f}" '
                     f'text-anchor="end">{escape(_short(module))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 7}" width="{bar_w * min(value, 1):.1f}" '
                     f'height="{row_h - 14}" fill="{LIGHT}" stroke="{BLUE}" />')
        parts.append(f'<text x="{label_w + bar_w * min(value, 1) + 6:.1f}" '
                     f'y="{y + row_h / 2 + 4:.1f}" font-size="11">{escape(percent_text(value))}</text>')
        if not math.isnan(median):
            x = label_w + bar_w * min(median, 1)
            parts.append(f'<line x1="{x:.1f}" y1="{y + 3}" x2="{x:.1f}" y2="{y + row_h - 3}" '
                         f'stroke="{RED}" stroke-width="3" />')
    legend_y = top + row_h * len(rows) + 34
    parts.append(f'<rect x="{label_w}" y="{legend_y - 10}" width="18" height="12" '
                 f'fill="{LIGHT}" stroke="{BLUE}" />')
    parts.append(f'<text x="{label_w + 24}" y="{legend_y}">{escape(t("your_score"))}</text>')
    parts.append(f'<line x1="{label_w + 190}" y1="{legend_y - 11}" x2="{label_w + 190}" '
                 f'y2="{legend_y + 3}" stroke="{RED}" stroke-width="3" />')
    parts.append(f'<text x="{label_w + 198}" y="{legend_y}">{escape(t("class_median"))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(label: str, width: int = 34) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"
