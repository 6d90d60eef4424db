"""Costing: HPP per good unit, fixed and variable cost, contribution margin, break-even."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit
from toolkit.costing import (
    break_even_table,
    break_even_units,
    contribution_margin,
    cost_sheet,
    fixed_and_variable,
    unit_cost,
    units_for_target_profit,
)
from toolkit.errors import InputError, ToolkitError

money = st.floats(min_value=0, max_value=1e10, allow_nan=False)


def test_hpp_divides_by_good_units_only():
    """Is HPP spread over the units that pass QC, not all the units started?"""
    # 1,000 bags started, 4 % rejected: 960 good; Rp20.000.000 / 960 = Rp20.833,33
    hpp = unit_cost(materials=12_000_000, labour=5_000_000, overhead=3_000_000, units=1000, reject_rate=0.04)
    assert hpp == pytest.approx(20_833.333333)


def test_hpp_without_rejects_is_the_plain_average():
    """With no rejects, is HPP simply total cost over units?"""
    assert unit_cost(materials=600_000, labour=300_000, overhead=100_000, units=100) == 10_000


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        ({"units": 0}, "units"),
        ({"units": -5}, "units"),
        ({"materials": -1}, "materials"),
        ({"labour": "lima ribu"}, "labour"),
        ({"reject_rate": 1.0}, "reject_rate"),
        ({"reject_rate": 5}, "reject_rate"),
        ({"overhead": float("nan")}, "overhead"),
    ],
)
def test_bad_unit_cost_inputs_name_the_argument(kwargs, argument):
    """Does every bad argument raise an InputError naming it, in Indonesian and in English?"""
    args = {"materials": 1, "labour": 1, "overhead": 1, "units": 10} | kwargs
    with pytest.raises(InputError) as error:
        unit_cost(**args)
    assert str(error.value).startswith(f"{argument} = ")
    assert "tidak diperbolehkan" in str(error.value)
    toolkit.set_language("en")
    assert "is not allowed" in str(error.value)
    assert isinstance(error.value, ValueError) and isinstance(error.value, ToolkitError)


def test_reject_rate_message_teaches_fractions(english):
    """Does writing 5 for 5 % get told it is a fraction, and how 20 % is written?"""
    with pytest.raises(InputError, match=r"less than 100% \(write 20% as 20/100\)"):
        unit_cost(materials=1, labour=1, overhead=1, units=10, reject_rate=5)


def test_cost_sheet_totals_match_unit_cost():
    """Does a cost sheet end at the same HPP as unit_cost, with subtotals per category?"""
    lines = [
        {"item": "Kulit sapi", "category": "materials", "amount": 9_000_000},
        {"item": "Benang", "category": "materials", "amount": 500_000},
        {"item": "Upah jahit", "category": "labour", "amount": 4_000_000},
        {"item": "Listrik & sewa", "category": "overhead", "amount": 1_500_000},
    ]
    sheet = cost_sheet(lines, units=300, reject_rate=0.05)
    expected = unit_cost(materials=9_500_000, labour=4_000_000, overhead=1_500_000, units=300, reject_rate=0.05)
    assert sheet.iloc[-1]["per_unit"] == pytest.approx(expected)
    subtotals = sheet[sheet["kind"] == "subtotal"].set_index("category")["amount"]
    assert subtotals.to_dict() == {"materials": 9_500_000, "labour": 4_000_000, "overhead": 1_500_000}
    assert sheet[sheet["kind"] == "line"]["share"].sum() == pytest.approx(1.0)


def test_cost_sheet_names_the_bad_line(english):
    """Does a bad category say which line and list the categories?"""
    with pytest.raises(InputError, match=r"lines, line 2, category = 'bahan'.*materials, labour, overhead"):
        cost_sheet([{"item": "a", "category": "labour", "amount": 1},
                    {"item": "b", "category": "bahan", "amount": 1}], units=1)


def test_fixed_and_variable_split():
    """Are fixed costs a total and variable cost per unit?"""
    split = fixed_and_variable(
        [{"item": "Sewa", "amount": 2_000_000, "behaviour": "fixed"},
         {"item": "Mesin", "amount": 1_000_000, "behaviour": "fixed"},
         {"item": "Bahan", "amount": 1_500_000, "behaviour": "variable"}], units=100)
    assert split == {"fixed_costs": 3_000_000, "variable_cost": 15_000}


def test_break_even_and_target_profit_worked_numbers():
    """Fixed Rp4,5 juta, price Rp25.000, variable Rp16.000: 500 units to break even, 1,500 for Rp9 juta profit?"""
    assert contribution_margin(price=25_000, variable_cost=16_000) == 9_000
    assert break_even_units(fixed_costs=4_500_000, price=25_000, variable_cost=16_000) == 500
    assert units_for_target_profit(
        fixed_costs=4_500_000, price=25_000, variable_cost=16_000, target_profit=9_000_000) == 1500


@pytest.mark.parametrize("price", [16_000, 10_000])
def test_price_not_above_variable_cost_never_breaks_even(price):
    """Is a price at or below variable cost refused, in both languages, with the reason?"""
    with pytest.raises(InputError) as error:
        break_even_units(fixed_costs=1, price=price, variable_cost=16_000)
    assert "biaya variabel" in str(error.value)
    toolkit.set_language("en")
    assert "variable cost" in str(error.value) and "price = " in str(error.value)


def test_break_even_table_crosses_zero_at_break_even():
    """Does the chart's table show a loss before break-even and a profit after it?"""
    table = break_even_table(fixed_costs=4_500_000, price=25_000, variable_cost=16_000)
    assert table["units"].max() == 1000
    assert (table[table["units"] < 500]["profit"] < 0).all()
    assert (table[table["units"] > 500]["profit"] > 0).all()


@given(fixed=money, variable=st.floats(0, 1e6), extra=st.floats(1, 1e6))
def test_profit_at_break_even_is_zero(fixed, variable, extra):
    """At the break-even quantity, do revenue and total cost meet?"""
    price = variable + extra
    units = break_even_units(fixed_costs=fixed, price=price, variable_cost=variable)
    assert units * price == pytest.approx(fixed + units * variable, rel=1e-9, abs=1e-3)


# --- one-off export orders, depreciation, the cost of capital (trainer review, findings 11 and 34) ---


def test_export_costs_can_wipe_out_a_one_off_orders_contribution():
    """300 bags at Rp20.000, variable Rp16.000: +Rp1,2 juta before export costs, −Rp1,65 juta after Rp2,85 juta of them?"""
    from toolkit.costing import incremental_profit, minimum_order_price

    assert incremental_profit(quantity=300, price=20_000, variable_cost=16_000) == 1_200_000
    assert incremental_profit(quantity=300, price=20_000, variable_cost=16_000,
                              order_costs=2_850_000) == -1_650_000
    floor = minimum_order_price(quantity=300, variable_cost=16_000, order_costs=2_850_000)
    assert floor == 25_500
    assert incremental_profit(quantity=300, price=floor, variable_cost=16_000,
                              order_costs=2_850_000) == pytest.approx(0)


def test_depreciation_and_financing_cost_by_hand():
    """Rp6 juta machine, 5 years, Rp600.000 salvage: Rp90.000 a month; Rp110 juta at 6 % for 35 days: Rp632.876,71?"""
    from toolkit.costing import depreciation, financing_cost

    assert depreciation(6_000_000, years=5, salvage=600_000) == 90_000
    assert depreciation(6_000_000, years=5, periods_per_year=1) == 1_200_000
    assert financing_cost(110_000_000, 0.06, 35) == pytest.approx(632_876.712, abs=0.01)
    with pytest.raises(InputError, match="salvage"):
        depreciation(1_000, years=2, salvage=2_000)
    with pytest.raises(InputError, match="quantity"):
        from toolkit.costing import minimum_order_price

        minimum_order_price(quantity=0, variable_cost=1)
