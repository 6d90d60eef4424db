"""Costing: HPP (harga pokok produksi) per good unit, fixed and variable cost, break-even.

HPP = direct materials (bahan baku) + direct labour (tenaga kerja langsung) + factory overhead
(BOP), divided by the units that pass quality control.

Examples
--------
A batch of 1,000 woven bags: materials Rp12.000.000, labour Rp5.000.000, overhead Rp3.000.000,
and 4 % rejected at QC:

>>> from toolkit.costing import unit_cost, break_even_units
>>> round(unit_cost(materials=12_000_000, labour=5_000_000, overhead=3_000_000, units=1000,
...                 reject_rate=0.04), 2)
20833.33
>>> break_even_units(fixed_costs=6_000_000, price=35_000, variable_cost=20_000)
400.0
"""

from __future__ import annotations

import math

import pandas as pd

from toolkit.errors import InputError, check_choice, check_fraction, check_number
from toolkit.i18n import tr

__all__ = [
    "CATEGORIES",
    "unit_cost",
    "cost_sheet",
    "fixed_and_variable",
    "contribution_margin",
    "break_even_units",
    "units_for_target_profit",
    "break_even_table",
    "incremental_profit",
    "minimum_order_price",
    "depreciation",
    "financing_cost",
]

CATEGORIES = ("materials", "labour", "overhead")
"""The three parts of HPP, in the order a cost sheet lists them."""

CATEGORY_LABELS = {
    "materials": {"id": "Bahan baku", "en": "Materials"},
    "labour": {"id": "Tenaga kerja langsung", "en": "Direct labour"},
    "overhead": {"id": "Overhead pabrik (BOP)", "en": "Factory overhead"},
}


def unit_cost(
    *, materials: float, labour: float, overhead: float, units: float, reject_rate: float = 0.0
) -> float:
    """HPP per good unit: (materials + labour + overhead) / (units × (1 − reject_rate)).

    The three costs are totals for a run that starts ``units`` units; ``reject_rate`` is the share
    that fails quality control (0.05 for 5 %).

    Examples
    --------
    >>> unit_cost(materials=600_000, labour=300_000, overhead=100_000, units=100)
    10000.0
    >>> unit_cost(materials=600_000, labour=300_000, overhead=100_000, units=100, reject_rate=0.2)
    12500.0
    """
    total = (
        check_number("materials", materials, minimum=0)
        + check_number("labour", labour, minimum=0)
        + check_number("overhead", overhead, minimum=0)
    )
    units = check_number("units", units, minimum=0, strict=True)
    reject_rate = check_fraction("reject_rate", reject_rate)
    return total / (units * (1 - reject_rate))


def cost_sheet(lines, *, units: float, reject_rate: float = 0.0) -> pd.DataFrame:
    """A cost sheet (bill of materials, labour, overhead) worked out to HPP per good unit.

    Parameters
    ----------
    lines
        A DataFrame or a list of dicts with columns ``item``, ``category`` (one of
        :data:`CATEGORIES`) and ``amount`` (the line's total for the run).
    units, reject_rate
        As in :func:`unit_cost`.

    Returns
    -------
    DataFrame
        One row per line (item, category, amount, per_unit, share), then a subtotal row per category
        and a final ``HPP`` row; ``per_unit`` is per *good* unit, ``share`` the share of the total.

    Examples
    --------
    >>> sheet = cost_sheet(
    ...     [{"item": "Pandan kering", "category": "materials", "amount": 400_000},
    ...      {"item": "Pewarna", "category": "materials", "amount": 100_000},
    ...      {"item": "Upah anyam", "category": "labour", "amount": 400_000},
    ...      {"item": "Listrik", "category": "overhead", "amount": 100_000}],
    ...     units=100)
    >>> float(sheet.iloc[-1]["per_unit"])
    10000.0
    >>> sheet["item"].tolist()[-1]
    'HPP per unit baik'
    """
    table = _lines_table(lines)
    units = check_number("units", units, minimum=0, strict=True)
    reject_rate = check_fraction("reject_rate", reject_rate)
    good_units = units * (1 - reject_rate)
    total = table["amount"].sum()
    rows = []
    for category in CATEGORIES:
        part = table[table["category"] == category]
        for _, line in part.iterrows():
            rows.append({"item": line["item"], "category": category, "amount": line["amount"], "kind": "line"})
        rows.append(
            {
                "item": "Subtotal: " + tr(CATEGORY_LABELS[category]),
                "category": category,
                "amount": part["amount"].sum(),
                "kind": "subtotal",
            }
        )
    rows.append(
        {"item": tr({"id": "HPP per unit baik", "en": "HPP per good unit"}), "category": "total",
         "amount": total, "kind": "total"}
    )
    sheet = pd.DataFrame(rows)
    sheet["per_unit"] = sheet["amount"] / good_units
    sheet["share"] = sheet["amount"] / total if total else 0.0
    return sheet[["item", "category", "kind", "amount", "per_unit", "share"]]


def _lines_table(lines) -> pd.DataFrame:
    table = pd.DataFrame(lines)
    required = ["item", "category", "amount"]
    missing = [c for c in required if c not in table.columns]
    if missing or table.empty:
        raise InputError(
            "lines",
            missing or "[]",
            {
                "id": "setiap baris perlu kolom " + ", ".join(required) + " dan minimal satu baris",
                "en": "each line needs the columns " + ", ".join(required) + " and at least one line",
            },
        )
    for number, line in enumerate(table.itertuples(index=False)):
        check_choice(f"lines[{number}].category", line.category, CATEGORIES)
        check_number(f"lines[{number}].amount", line.amount, minimum=0)
    return table


def fixed_and_variable(lines, *, units: float) -> dict:
    """Split a cost list into fixed costs (a total) and variable cost per unit.

    ``lines`` has columns ``item``, ``amount`` and ``behaviour`` (``"fixed"``: the amount is paid
    whatever the output, such as rent or a machine; ``"variable"``: the amount is for ``units`` units
    and grows with output, such as materials and piece-rate wages).

    >>> fixed_and_variable(
    ...     [{"item": "Sewa", "amount": 2_000_000, "behaviour": "fixed"},
    ...      {"item": "Bahan", "amount": 1_500_000, "behaviour": "variable"}], units=100)
    {'fixed_costs': 2000000.0, 'variable_cost': 15000.0}
    """
    table = pd.DataFrame(lines)
    units = check_number("units", units, minimum=0, strict=True)
    for column in ("item", "amount", "behaviour"):
        if column not in table.columns:
            raise InputError(
                "lines",
                list(table.columns),
                {"id": "perlu kolom item, amount, behaviour", "en": "the columns item, amount, behaviour are needed"},
            )
    for number, line in enumerate(table.itertuples(index=False)):
        check_choice(f"lines[{number}].behaviour", line.behaviour, ("fixed", "variable"))
        check_number(f"lines[{number}].amount", line.amount, minimum=0)
    fixed = float(table.loc[table["behaviour"] == "fixed", "amount"].sum())
    variable = float(table.loc[table["behaviour"] == "variable", "amount"].sum())
    return {"fixed_costs": fixed, "variable_cost": variable / units}


def contribution_margin(*, price: float, variable_cost: float) -> float:
    """What each unit sold adds towards fixed costs and profit: price − variable cost per unit.

    >>> contribution_margin(price=35_000, variable_cost=20_000)
    15000
    """
    return check_number("price", price, minimum=0) - check_number("variable_cost", variable_cost, minimum=0)


def break_even_units(*, fixed_costs: float, price: float, variable_cost: float) -> float:
    """Units to sell before profit starts: fixed_costs / (price − variable_cost).

    A price at or below the variable cost never breaks even: that is an :class:`InputError`.

    Examples
    --------
    >>> break_even_units(fixed_costs=4_500_000, price=25_000, variable_cost=16_000)
    500.0
    """
    return units_for_target_profit(
        fixed_costs=fixed_costs, price=price, variable_cost=variable_cost, target_profit=0
    )


def units_for_target_profit(
    *, fixed_costs: float, price: float, variable_cost: float, target_profit: float
) -> float:
    """Units to sell for a target profit: (fixed_costs + target_profit) / (price − variable_cost).

    >>> units_for_target_profit(fixed_costs=4_500_000, price=25_000, variable_cost=16_000,
    ...                         target_profit=9_000_000)
    1500.0
    """
    fixed_costs = check_number("fixed_costs", fixed_costs, minimum=0)
    target_profit = check_number("target_profit", target_profit, minimum=0)
    margin = contribution_margin(price=price, variable_cost=variable_cost)
    if margin <= 0:
        raise InputError(
            "price",
            price,
            {
                "id": f"harga harus lebih tinggi dari biaya variabel per unit ({variable_cost:g}); "
                "kalau tidak, setiap unit yang terjual menambah rugi",
                "en": f"the price must be above the variable cost per unit ({variable_cost:g}); "
                "otherwise every unit sold adds to the loss",
            },
        )
    return (fixed_costs + target_profit) / margin


def break_even_table(
    *, fixed_costs: float, price: float, variable_cost: float, max_units: float | None = None, points: int = 50
) -> pd.DataFrame:
    """Revenue, total cost and profit over a range of output, for the break-even chart.

    ``max_units`` defaults to twice the break-even point (rounded up).

    >>> table = break_even_table(fixed_costs=1_000, price=30, variable_cost=20, points=3)
    >>> table[["units", "profit"]].values.tolist()
    [[0.0, -1000.0], [100.0, 0.0], [200.0, 1000.0]]
    """
    units_be = break_even_units(fixed_costs=fixed_costs, price=price, variable_cost=variable_cost)
    if max_units is None:
        max_units = max(2 * math.ceil(units_be), 1)
    max_units = check_number("max_units", max_units, minimum=0, strict=True)
    points = int(check_number("points", points, minimum=2, integer=True))
    units = pd.Series([max_units * i / (points - 1) for i in range(points)], dtype=float)
    table = pd.DataFrame({"units": units})
    table["revenue"] = table["units"] * price
    table["total_cost"] = fixed_costs + table["units"] * variable_cost
    table["profit"] = table["revenue"] - table["total_cost"]
    return table


def incremental_profit(
    *, quantity: float, price: float, variable_cost: float, order_costs: float = 0.0
) -> float:
    """What one extra order adds to profit when fixed costs are already covered.

    quantity × (price − variable_cost) − order_costs. ``order_costs`` are the costs this order
    alone brings, on top of making the goods: for an export order its cartons, the PEB and the
    customs broker, the certificate of origin, the truck to the port, the bank's charges and the
    cost of financing it. They can wipe out the whole contribution.

    Hand-worked: 300 bags at Rp20.000 with a variable cost of Rp16.000 contribute Rp1.200.000;
    Rp2.850.000 of export costs turn that into a loss of Rp1.650.000.

    >>> incremental_profit(quantity=300, price=20_000, variable_cost=16_000)
    1200000.0
    >>> incremental_profit(quantity=300, price=20_000, variable_cost=16_000, order_costs=2_850_000)
    -1650000.0
    """
    quantity = check_number("quantity", quantity, minimum=0, strict=True)
    price = check_number("price", price, minimum=0)
    variable_cost = check_number("variable_cost", variable_cost, minimum=0)
    order_costs = check_number("order_costs", order_costs, minimum=0)
    return float(quantity * (price - variable_cost) - order_costs)


def minimum_order_price(*, quantity: float, variable_cost: float, order_costs: float = 0.0) -> float:
    """The lowest price per unit at which one extra order does not lose money.

    variable_cost + order_costs / quantity: the floor for a one-off order when fixed costs are
    already covered by other sales. It is a floor, not a price: as a habit it never pays the
    fixed costs (module 02).

    Hand-worked: Rp16.000 + Rp2.850.000 / 300 = Rp25.500 per bag.

    >>> minimum_order_price(quantity=300, variable_cost=16_000, order_costs=2_850_000)
    25500.0
    """
    quantity = check_number("quantity", quantity, minimum=0, strict=True)
    variable_cost = check_number("variable_cost", variable_cost, minimum=0)
    order_costs = check_number("order_costs", order_costs, minimum=0)
    return float(variable_cost + order_costs / quantity)


def depreciation(cost: float, years: float, salvage: float = 0.0, periods_per_year: int = 12) -> float:
    """Straight-line depreciation of a tool or machine per period: (cost − salvage) / (years × periods).

    A loom or sewing machine wears out over its years of use; its cost belongs in HPP a little
    every month, as overhead, even though no money leaves that month.

    Hand-worked: a Rp6.000.000 sewing machine over 5 years, worth Rp600.000 at the end:
    Rp5.400.000 / 60 months = Rp90.000 a month.

    >>> depreciation(6_000_000, years=5, salvage=600_000)
    90000.0
    """
    cost = check_number("cost", cost, minimum=0)
    years = check_number("years", years, minimum=0, strict=True)
    salvage = check_number("salvage", salvage, minimum=0, maximum=cost)
    periods = int(check_number("periods_per_year", periods_per_year, minimum=1, integer=True))
    return float((cost - salvage) / (years * periods))


def financing_cost(amount: float, annual_rate: float, days: float) -> float:
    """The cost of money tied up in an order: amount × annual_rate × days / 365 (simple interest).

    The working capital of module 06 (the peak tied up and for how long) is borrowed or taken from
    the BUMDes's own cash, which could earn elsewhere: either way it costs, and belongs in the
    order's costs.

    Hand-worked: Rp110.000.000 tied up for 35 days at 6 % a year (KUR's rate, verify with the
    bank): 110.000.000 × 0,06 × 35 / 365 = Rp632.876,71.

    >>> round(financing_cost(110_000_000, 0.06, 35), 2)
    632876.71
    """
    amount = check_number("amount", amount, minimum=0)
    annual_rate = check_number("annual_rate", annual_rate, minimum=0, maximum=1)
    days = check_number("days", days, minimum=0)
    return float(amount * annual_rate * days / 365)
