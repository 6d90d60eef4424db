"""Widget speed: one refresh of each topic app after one control changes, against 100 ms.

A refresh is what a participant waits for after moving a control: the app's ``compute`` (toolkit
calls), its ``render`` (HTML and the chart) and the PNG the chart is saved to. Each app is built
once, then one control is switched between two values 20 times; the median wall time and the
median CPU time of the process are printed, with the split between compute and render+PNG
measured the same way. The machine's load average is printed too: on a shared 2-core machine
wall times follow it, CPU times less so.

``--strategies`` compares ways of drawing the charts side by side instead, in one run: one app per
way, the ways taking turns change by change so that each sees the same load; CPU ms per way and
its ratio to the old way (a new Figure on every change, saved with ``Figure.savefig``).

Run: ``.venv/bin/python benchmarks/widgets.py`` (optionally app names to run only those, e.g.
``PriceBuilderApp``; ``--strategies`` for the comparison).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import statistics
import sys
import time
from pathlib import Path

# benchmarks/toolkit.py is named like the package: keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import matplotlib  # noqa: E402

matplotlib.use("Agg")

TARGET_MS = 100
REPEAT = 20

# (module, app class, control, two values it alternates between, keyword initial values); a typed
# box takes the text a participant types (read in the kernel), a slider or a choice its value.
CASES = [
    ("costing", "CostSheetApp", "units", ("1.000", "1.200"), {}),
    ("costing", "BreakEvenApp", "price", ("35.000", "36.000"), {}),
    ("capacity", "CapacityApp", "workers", ("12", "13"), {}),
    ("incoterms", "IncotermsApp", "rule", ("FOB", "CIF"), {}),
    ("pricing", "PriceBuilderApp", "rate", (0.20, 0.25), {}),
    ("payment", "PaymentTermsApp", "deposit_share", (0.30, 0.50), {}),
    ("logistics", "LogisticsApp", "cartons", ("500", "600"), {}),
    ("planning", "PlanningApp", "buffer_days", (2, 3), {}),
    ("quotation", "QuotationApp", "margin", ("20", "25"), {}),
]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _other_value(app, control: str, values: tuple, i: int):
    value = values[i % 2]
    return values[(i + 1) % 2] if app.controls[control].value == value else value


def _change(app, control: str, value) -> tuple[float, float]:
    """Set one control (observe → refresh → compute, render, PNG); wall and CPU seconds."""
    w, c = time.perf_counter(), time.process_time()
    app.controls[control].value = value
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    if app.error:
        raise RuntimeError(f"{type(app).__name__}: {app.error}")
    return wall, cpu


def measure(app, control: str, values: tuple) -> dict:
    """Median wall and CPU ms of a refresh after ``control`` changes, and of its two halves."""
    wall, cpu, compute, render = [], [], [], []
    for i in range(REPEAT):
        w, c = _change(app, control, _other_value(app, control, values, i))
        wall.append(w)
        cpu.append(c)
    for _ in range(REPEAT):  # the halves, on the settled values
        start = time.perf_counter()
        result = app.compute()
        middle = time.perf_counter()
        app.render(result)
        compute.append(middle - start)
        render.append(time.perf_counter() - middle)
    return {
        "wall": _median_ms(wall),
        "cpu": _median_ms(cpu),
        "compute": _median_ms(compute),
        "render": _median_ms(render),
    }


def _app_class(module: str, name: str):
    try:
        return getattr(importlib.import_module(f"toolkit.widgets.{module}"), name)
    except (ImportError, AttributeError) as error:
        print(f"{name:<18}{'':<15}  not measured ({error})")
        return None


def main(only: list[str]) -> int:
    print(f"Refresh after one control changes, median of {REPEAT}; target {TARGET_MS} ms.")
    print(f"Load average (1 min) at start: {_load():.2f} on {os.cpu_count()} CPUs.\n")
    print(
        f"{'app':<18}{'control':<15}{'wall ms':>9}{'cpu ms':>9}{'compute':>9}{'render+png':>12}  verdict"
    )
    slow = 0
    for module, name, control, values, initial in CASES:
        if only and name not in only:
            continue
        cls = _app_class(module, name)
        if cls is None:
            continue
        app = cls(**initial)
        figures = measure(app, control, values)
        verdict = "ok" if figures["wall"] < TARGET_MS else "OVER"
        slow += verdict != "ok"
        print(
            f"{name:<18}{control:<15}{figures['wall']:9.1f}{figures['cpu']:9.1f}"
            f"{figures['compute']:9.1f}{figures['render']:12.1f}  {verdict}"
        )
    print(f"\nLoad average (1 min) at end: {_load():.2f}. Apps over {TARGET_MS} ms (wall): {slow}.")
    return 0


# -- ways of drawing, compared ----------------------------------------------------------------


def _savefig_png(self, figure, image=None) -> None:
    """App.show_figure as it was: the figure saved with Figure.savefig (a new canvas each time)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    if image is None:
        self.figure, image = figure, self.image
    image.value = buffer.getvalue()


def _savefig_svg(self, figure, image=None) -> None:
    """The figure as SVG with its text left as text (the browser draws the letters)."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", dpi=80)
    if image is None:
        self.figure, image = figure, self.image
    image.format = "svg+xml"
    image.value = buffer.getvalue()


@contextlib.contextmanager
def _way(
    app,
    *,
    new_figure: bool = False,
    show=None,
    text_cache: bool = True,
    compression: int = 1,
    collect: bool = False,
):
    """Run one change of ``app`` the given way (patches undone afterwards)."""
    from toolkit.widgets import _base, _png

    saved = (
        _base.App.show_figure,
        _base.collection_paused,
        _png.TextCacheRenderer.enabled,
        _png.PNG_COMPRESSION,
    )
    if new_figure and app is not None:  # the charts then make a new Figure, as before figure=
        app.figure = None
        if hasattr(app, "histogram"):
            app.histogram = None
    if show is not None:
        _base.App.show_figure = show
    if collect:
        _base.collection_paused = contextlib.nullcontext
    _png.TextCacheRenderer.enabled = text_cache and saved[2]
    _png.PNG_COMPRESSION = compression
    try:
        yield
    finally:
        (
            _base.App.show_figure,
            _base.collection_paused,
            _png.TextCacheRenderer.enabled,
            _png.PNG_COMPRESSION,
        ) = saved


WAYS = {
    "before": dict(new_figure=True, show=_savefig_png, collect=True),
    "now": {},
    "new Figure": dict(new_figure=True),
    "savefig": dict(show=_savefig_png),
    "no text cache": dict(text_cache=False),
    "png level 6": dict(compression=6),
    "gc in refresh": dict(collect=True),
    "svg": dict(show=_savefig_svg),
}
"""The ways compared: as it was (``before``: a new Figure on every change, saved by
Figure.savefig, the garbage collector free to run), as it is (``now``), and ``now`` with one idea
taken back: a new Figure on every change; Figure.savefig (a new canvas each time, so no text
cache and no kept text sizes, zlib level 6); no text-bitmap cache; PNG level 6; the collector
free to run during the refresh; and SVG with text left as text instead of PNG (not used: a
browser without DejaVu Sans draws other letters than the ones the layout was measured with).
The chart functions' own savings (title at a set height, at most seven ticks, tick labels
written once) are in every column."""


def compare(only: list[str]) -> int:
    print(f"CPU ms of a refresh, median of {REPEAT}, the ways taking turns change by change.")
    print(f"Load average (1 min) at start: {_load():.2f} on {os.cpu_count()} CPUs.\n")
    names = list(WAYS)
    print(f"{'app':<18}" + "".join(f"{name:>17}" for name in names))
    totals = {name: [] for name in names}
    worst = dict.fromkeys(names, 0.0)
    for module, name, control, values, initial in CASES:
        if only and name not in only:
            continue
        cls = _app_class(module, name)
        if cls is None or cls(**initial).figure is None:  # no chart to draw
            continue
        apps = {}
        for way in names:  # each app built the way it then changes
            with _way(None, **WAYS[way]):
                apps[way] = cls(**initial)
        cpu: dict[str, list[float]] = {way: [] for way in names}
        for i in range(REPEAT + 2):
            for way in names:
                app = apps[way]
                with _way(app, **WAYS[way]):
                    _wall, seconds = _change(app, control, _other_value(app, control, values, i))
                if i >= 2:  # the first changes warm up each way
                    cpu[way].append(seconds)
        for way in names:
            worst[way] = max(worst[way], max(cpu[way]) * 1000)
        base = _median_ms(cpu["before"])
        cells = []
        for way in names:
            ms = _median_ms(cpu[way])
            totals[way].append(ms / base)
            cells.append(f"{ms:6.1f} ({ms / base:4.2f}×)")
        print(f"{name:<18}" + "".join(f"{cell:>17}" for cell in cells))
    if totals["now"]:
        print(
            f"{'geometric mean':<18}"
            + "".join(f"{statistics.geometric_mean(totals[way]):>16.2f}×" for way in names)
        )
        print(f"{'slowest refresh':<18}" + "".join(f"{worst[way]:>14.1f} ms" for way in names))
    print(f"\nLoad average (1 min) at end: {_load():.2f}.")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--strategies" in arguments:
        sys.exit(compare([a for a in arguments if a != "--strategies"]))
    sys.exit(main(arguments))
