"""Toolkit speed: one price-builder recompute, and on_time_probability at 10 tasks × 100,000 runs.

Each measurement runs side by side with its alternative in the same process, so the ratio means
something on a shared, noisy machine:

- the widget recompute (price build-up + its quote table + the waterfall chart's data) against its
  target of 20 ms;
- the vectorised Monte Carlo against the same simulation written as a plain Python loop (run on a
  tenth of the runs and scaled), and against its target of 100 ms.

Run: ``.venv/bin/python benchmarks/toolkit.py`` (or ``make benchmark``).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

# This file is named like the package it measures: keep its own folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from toolkit.planning import on_time_probability  # noqa: E402
from toolkit.pricing import price_buildup, price_from_margin, quote_table  # noqa: E402

COSTS = {
    "inland_transport": 3_500_000, "export_clearance": 1_500_000, "origin_handling": 2_000_000,
    "main_carriage": 12_000_000, "destination_handling": 1_800_000, "destination_transport": 2_200_000,
}
TASKS = [(f"task {i}", 2 + i % 3, 4 + i % 3, 8 + i % 5) for i in range(10)]


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def price_builder_recompute(margin: float = 0.25) -> None:
    """What the price builder computes on one slider move: EXW from HPP, the build-up, the quote."""
    exw = price_from_margin(75_000_000, margin)
    steps = price_buildup(exw, "CIF", COSTS, insurance_rate=0.004)
    waterfall = steps.assign(bottom=steps["cumulative"] - steps["amount"])  # the chart's bar bottoms
    quote_table(float(waterfall["cumulative"].iloc[-1]), ("IDR", "USD", "CNY"), fx_buffer=0.03, fee_share=0.01)


def monte_carlo_loop(tasks, available_days: float, n: int, seed: int = 1) -> float:
    """The alternative: the same simulation as a plain Python loop."""
    rng = random.Random(seed)
    on_time = 0
    for _ in range(n):
        total = sum(rng.triangular(low, high, mode) for _, low, mode, high in tasks)
        on_time += total <= available_days
    return on_time / n


def main() -> None:
    price_builder_recompute()  # warm caches (reference rates, holiday tables)
    recompute = median_ms(price_builder_recompute, 50)
    vectorised = median_ms(lambda: on_time_probability(TASKS, 55, n=100_000, seed=1), 10)
    loop = median_ms(lambda: monte_carlo_loop(TASKS, 55, n=10_000), 3) * 10
    p_vec = on_time_probability(TASKS, 55, n=100_000, seed=1)
    p_loop = monte_carlo_loop(TASKS, 55, n=100_000)

    print("measurement                               median     target   ratio to target")
    print(f"price builder recompute                 {recompute:7.2f} ms   20 ms    {recompute / 20:5.2f}")
    print(f"on_time_probability 10 × 100,000 (numpy) {vectorised:6.2f} ms  100 ms    {vectorised / 100:5.2f}")
    print(f"same, plain Python loop (scaled)        {loop:7.0f} ms")
    print(f"numpy is {loop / vectorised:.0f}× faster than the loop; probabilities {p_vec:.4f} vs {p_loop:.4f}")


if __name__ == "__main__":
    main()
