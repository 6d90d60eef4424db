"""Pricing: markup and margin, the Incoterms price build-up, insurance gross-up, fees, currencies."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import toolkit
from toolkit.errors import InputError
from toolkit.incoterms import COST_ITEMS, RULES, carries_transit_risk
from toolkit.pricing import (
    buying_rate,
    cif_from_cfr,
    convert_from_idr,
    default_insurance_rate,
    default_spread,
    export_duty_amount,
    export_duty_rate,
    export_price,
    gross_up,
    margin_from_markup,
    markup_from_margin,
    price_buildup,
    price_from_margin,
    price_from_markup,
    quote_table,
    reference_rate,
)
from toolkit.quotation import catalogue

COSTS = {
    "inland_transport": 3_500_000, "export_clearance": 1_500_000, "export_duty": 700_000,
    "origin_handling": 2_000_000,
    "main_carriage": 12_000_000, "destination_handling": 1_800_000, "destination_transport": 2_200_000,
    "destination_unloading": 600_000, "import_clearance": 900_000, "import_duties": 9_000_000,
}


def test_twenty_percent_margin_is_twenty_five_percent_markup():
    """Does a 20 % margin give the same price as a 25 % markup (domain.md)?"""
    assert price_from_margin(80_000, 0.20) == pytest.approx(100_000)
    assert price_from_markup(80_000, 0.25) == pytest.approx(100_000)
    assert markup_from_margin(0.2) == pytest.approx(0.25)
    assert margin_from_markup(0.25) == pytest.approx(0.2)


@given(st.floats(0, 0.95), st.floats(0, 1e9))
def test_markup_and_margin_convert_both_ways(margin, cost):
    """Do markup and margin convert both ways and give the same price?"""
    markup = markup_from_margin(margin)
    assert margin_from_markup(markup) == pytest.approx(margin, abs=1e-12)
    assert price_from_markup(cost, markup) == pytest.approx(price_from_margin(cost, margin), rel=1e-9)


def test_margin_of_one_is_refused_in_both_languages():
    """Is a 100 % margin (an infinite price) refused with the allowed range?"""
    with pytest.raises(InputError) as error:
        price_from_margin(100, 1.0)
    assert str(error.value) == "margin = 1 tidak diperbolehkan: harus berupa pecahan dari 0 sampai kurang dari 1, yaitu 0% sampai kurang dari 100% (20% ditulis 20/100)."
    toolkit.set_language("en")
    assert str(error.value) == "margin = 1 is not allowed: it must be a fraction from 0 to less than 1, that is 0% to less than 100% (write 20% as 20/100)."


def test_gross_up_for_fees_charged_on_price():
    """Does a 2 % fee on the price need Rp100.000 to leave Rp98.000?"""
    assert gross_up(98_000, 0.02) == pytest.approx(100_000)


def test_cif_grosses_up_on_its_own_price():
    """Is the CIF premium paid on 110 % of CIF itself (CIF = CFR / (1 − 1.1 × rate))?"""
    cif = cif_from_cfr(10_000, 0.005)
    assert cif == pytest.approx(10_000 / (1 - 0.0055))
    assert cif - 10_000 == pytest.approx(1.1 * 0.005 * cif)


def test_worked_export_prices_per_rule():
    """Do the eleven rules add exactly their items to an EXW of Rp100 juta, insuring CIF, CIP and D?"""
    exw = 100_000_000
    fca = exw + 3_500_000 + 1_500_000 + 700_000
    fob = fca + 2_000_000
    cfr = fob + 12_000_000
    dap = cfr + 1_800_000 + 2_200_000
    insured = 1 - 1.1 * 0.004
    expected = {
        "EXW": exw, "FCA": fca, "FAS": fca, "FOB": fob, "CFR": cfr, "CPT": cfr,
        "CIF": cfr / insured, "CIP": cfr / insured,
        "DAP": dap / insured, "DPU": (dap + 600_000) / insured, "DDP": (dap + 900_000 + 9_000_000) / insured,
    }
    for rule, price in expected.items():
        assert export_price(exw, rule, COSTS, insurance_rate=0.004) == pytest.approx(price), rule


def test_d_rules_gross_up_for_the_sellers_own_cover():
    """Under a D rule, is the seller's cover grossed up like CIF, and left out only at insurance_rate=0?"""
    assert export_price(100, "DAP", {"main_carriage": 10}, insurance_rate=0.005) == pytest.approx(
        110 / (1 - 1.1 * 0.005)
    )
    assert export_price(100, "DAP", {"main_carriage": 10}, insurance_rate=0) == 110
    steps = price_buildup(100, "DDP", {"import_duties": 9}, insurance_rate=0.006)
    assert steps["step"].tolist()[-2:] == ["insurance", "total"]


def test_fca_at_the_sellers_premises_leaves_trucking_to_the_buyer():
    """Under FCA at the seller's premises, is the trucking to the port not in the seller's price?"""
    at_terminal = export_price(100_000_000, "FCA", COSTS)
    at_premises = export_price(100_000_000, "FCA", COSTS, fca_at="premises")
    assert at_terminal - at_premises == pytest.approx(COSTS["inland_transport"])
    assert export_price(100_000_000, "FOB", COSTS, fca_at="premises") == export_price(100_000_000, "FOB", COSTS)
    with pytest.raises(InputError, match="fca_at"):
        export_price(100, "FCA", fca_at="gudang")


def test_default_insurance_rates_follow_the_clauses():
    """ICC (C) for CIF, (A) for CIP and the D rules, dearer than (C); none where the buyer insures?"""
    assert default_insurance_rate("CIF") == 0.004
    assert default_insurance_rate("CIP") == default_insurance_rate("DAP") == 0.006
    assert default_insurance_rate("CIP") > default_insurance_rate("CIF")
    assert [r for r in RULES if default_insurance_rate(r) > 0] == ["CIF", "CIP", "DAP", "DPU", "DDP"]


@given(
    exw=st.floats(1, 1e10),
    costs=st.fixed_dictionaries({item: st.floats(0, 1e9) for item in COST_ITEMS}),
)
def test_cip_is_at_least_cif_by_default(exw, costs):
    """With the class's default rates, is CIP never below CIF for the same costs (ICC A costs more)?"""
    cif = export_price(exw, "CIF", costs, insurance_rate=default_insurance_rate("CIF"))
    cip = export_price(exw, "CIP", costs, insurance_rate=default_insurance_rate("CIP"))
    assert cip >= cif
    assert cip > cif  # exw ≥ 1: a premium on a positive price


@given(
    exw=st.floats(1, 1e10),
    costs=st.fixed_dictionaries({item: st.floats(0, 1e9) for item in COST_ITEMS}),
    rate=st.floats(1e-4, 0.05),
    rule=st.sampled_from([r for r in RULES if carries_transit_risk(r)]),
)
def test_d_rule_price_with_insurance_is_above_the_price_without(exw, costs, rate, rule):
    """Is a D-rule price with the seller's cover always above the same price without it?"""
    assert export_price(exw, rule, costs, insurance_rate=rate) > export_price(exw, rule, costs, insurance_rate=0)


def test_export_duty_rates_and_amount():
    """Are the class's duty rates there (unknown is None, not 0), and is the duty rate × HPE × qty × rate?"""
    assert export_duty_rate("kulit_mentah") == 0.25
    assert export_duty_rate("kulit_wet_blue") == 0.15
    assert export_duty_rate("kendang_djembe") == 0.0
    assert export_duty_rate("kulit_crust") is None
    rates = {pid: export_duty_rate(pid) for pid in catalogue()["product_id"]}  # every product has a row
    assert {pid for pid, rate in rates.items() if rate != 0} == {"kulit_mentah", "kulit_wet_blue", "kulit_crust"}
    assert export_duty_amount(0.15, 1.20, 40_000, customs_rate=16_250) == pytest.approx(117_000_000)
    with pytest.raises(InputError, match="product_id"):
        export_duty_rate("kulit_kambing")


@pytest.mark.parametrize(
    "args, argument, listed",
    [
        ((100, "FOX"), "incoterm", "EXW, FCA"),
        ((100, "FOB", {"freight": 10}), "costs", "inland_transport"),
        ((100, "FOB", {"main_carriage": -10}), "costs, main_carriage", "0"),
        ((-1, "FOB"), "exw", "0"),
    ],
)
def test_bad_export_price_inputs(args, argument, listed):
    """Is an unknown rule, cost item or a negative amount refused, naming it, in both languages?"""
    with pytest.raises(InputError) as error:
        export_price(*args)
    assert str(error.value).startswith(f"{argument} = ") and listed in str(error.value)
    toolkit.set_language("en")
    assert "is not allowed" in str(error.value)


def test_absurd_insurance_rate_is_refused():
    """Is a premium rate that would make the price infinite refused?"""
    with pytest.raises(InputError, match="insurance_rate"):
        export_price(100, "CIF", insurance_rate=0.95)


LADDER = ["EXW", "FCA", "FOB", "CFR", "CIF"]


@given(
    exw=st.floats(0, 1e10),
    costs=st.fixed_dictionaries({item: st.floats(0, 1e9) for item in COST_ITEMS}),
    rate=st.floats(0, 0.05),
)
def test_price_never_falls_along_the_ladder(exw, costs, rate):
    """Along EXW → FCA → FOB → CFR → CIF, does the price never fall?"""
    prices = [export_price(exw, rule, costs, insurance_rate=rate) for rule in LADDER]
    assert all(b >= a for a, b in zip(prices, prices[1:]))


def test_fx_buffer_protects_the_rupiah_amount():
    """With a 3 % buffer, does the USD quote still cover the Rupiah cost after a 3 % stronger Rupiah?"""
    usd = convert_from_idr(165_000_000, 16_500, fx_buffer=0.03)
    assert usd * 16_500 * 0.97 == pytest.approx(165_000_000)


def test_reference_rate_is_the_latest_on_or_before_the_date():
    """Does a quotation dated on a weekend use the previous business day's rate?"""
    latest = reference_rate("USD")
    on_or_before = reference_rate("USD", latest["date"] + dt.timedelta(days=3))
    assert on_or_before == latest
    assert reference_rate("IDR")["idr_per_unit"] == 1.0


def test_rate_before_the_table_starts_is_explained(english):
    """Is a date before the first recorded rate refused with the first date?"""
    with pytest.raises(InputError, match="first one recorded"):
        reference_rate("USD", "2000-01-01")


def test_quote_table_in_three_currencies():
    """Does a Rupiah price become USD and CNY at the bank's buying rates, with fees and buffer applied?"""
    table = quote_table(99_000_000, fee_share=0.01, fx_buffer=0.02).set_index("currency")
    usd = reference_rate("USD")["idr_per_unit"]
    assert table.loc["IDR", "price"] == pytest.approx(100_000_000)
    assert table.loc["USD", "buying_rate"] == pytest.approx(usd * (1 - default_spread()))
    assert table.loc["USD", "price"] == pytest.approx(100_000_000 / (usd * 0.99 * 0.98))
    assert table.loc["CNY", "price"] > table.loc["USD", "price"]
    without = quote_table(99_000_000, ["USD"], fee_share=0.01, fx_buffer=0.02, spread=0)
    assert without.loc[0, "price"] == pytest.approx(100_000_000 / (usd * 0.98))


def test_buying_rate_is_below_the_reference():
    """Is the bank's buying rate the reference rate less the spread (Rp16.600 at 1 % → Rp16.434)?"""
    assert buying_rate(16_600) == pytest.approx(16_434)
    assert buying_rate(16_600, spread=0.005) == pytest.approx(16_517)
    assert 0.005 <= default_spread() <= 0.015


def test_unknown_currency_lists_the_known_ones():
    """Does a currency without a rate list the ones there are?"""
    with pytest.raises(InputError, match="USD"):
        quote_table(1_000, ["XYZ"])
