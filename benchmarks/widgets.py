"""Widget speed: one refresh of each topic app after one control changes, against 100 ms.

A refresh is what a participant waits for after moving a control: the app's ``compute`` (toolkit
calls), its ``render`` (HTML and the chart) and the PNG the chart is saved to. Each app is built
once, then one control is switched between two values 20 times; the median wall time and the
median CPU time of the process are printed, with the split between compute and render+PNG
measured the same way. The machine's load average is printed too: on a shared 2-core machine
wall times follow it, CPU times less so.

Run: ``.venv/bin/python benchmarks/widgets.py`` (optionally app names to run only those, e.g.
``PriceBuilderApp``).
"""

from __future__ import annotations

import importlib
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

# (module, app class, control, two values it alternates between, keyword initial values)
CASES = [
    ("costing", "CostSheetApp", "units", (1000, 1200), {}),
    ("costing", "BreakEvenApp", "price", (35_000, 36_000), {}),
    ("capacity", "CapacityApp", "workers", (12, 13), {}),
    ("incoterms", "IncotermsApp", "rule", ("FOB", "CIF"), {}),
    ("pricing", "PriceBuilderApp", "rate", (0.20, 0.25), {}),
    ("payment", "PaymentTermsApp", "deposit_share", (0.30, 0.50), {}),
    # Written by another helper; measured when present.
    ("logistics", "LogisticsApp", "cartons", (500, 600), {}),
    ("planning", "PlanningApp", "buffer_days", (2, 3), {}),
    ("quotation", "QuotationApp", "margin", (0.20, 0.25), {}),
]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(app, control: str, values: tuple) -> dict:
    """Median wall and CPU ms of a refresh after ``control`` changes, and of its two halves."""
    wall, cpu, compute, render = [], [], [], []
    for i in range(REPEAT):
        value = values[i % 2]
        if app.controls[control].value == value:
            value = values[(i + 1) % 2]
        w, c = time.perf_counter(), time.process_time()
        app.controls[control].value = value  # observe → refresh → compute, render, PNG
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
        if app.error:
            raise RuntimeError(f"{type(app).__name__}: {app.error}")
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


def main(only: list[str]) -> int:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Refresh after one control changes, median of {REPEAT}; target {TARGET_MS} ms.")
    print(f"Load average (1 min) at start: {load:.2f} on {os.cpu_count()} CPUs.\n")
    print(
        f"{'app':<18}{'control':<15}{'wall ms':>9}{'cpu ms':>9}{'compute':>9}{'render+png':>12}  verdict"
    )
    slow = 0
    for module, name, control, values, initial in CASES:
        if only and name not in only:
            continue
        try:
            cls = getattr(importlib.import_module(f"toolkit.widgets.{module}"), name)
        except (ImportError, AttributeError) as error:
            print(f"{name:<18}{'':<15}  not measured ({error})")
            continue
        app = cls(**initial)
        figures = measure(app, control, values)
        verdict = "ok" if figures["wall"] < TARGET_MS else "OVER"
        slow += verdict != "ok"
        print(
            f"{name:<18}{control:<15}{figures['wall']:9.1f}{figures['cpu']:9.1f}"
            f"{figures['compute']:9.1f}{figures['render']:12.1f}  {verdict}"
        )
    end = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nLoad average (1 min) at end: {end:.2f}. Apps over {TARGET_MS} ms (wall): {slow}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
