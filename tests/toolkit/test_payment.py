"""Payment terms: cash-flow timelines, fees, net proceeds, working capital, FX gains and losses."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.errors import InputError
from toolkit.payment import (
    RISK_RANK,
    TERMS,
    bank_charges,
    cash_flows,
    compare_terms,
    fx_gain_loss,
    receipt_in_idr,
    term_label,
)

# USD 10,000 at Rp16.500 that costs Rp120 million over three weeks (Rp40 million on days 0, 7 and 14)
# and ships on day 28. The bank buys the dollars at its TT buying rate, 1 % below: Rp16.335.
ORDER = dict(
    invoice_amount=10_000,
    fx_rate=16_500,
    production_cost=120_000_000,
    production_days=21,
    ship_day=28,
)
BUY = 16_335
# The same order with no spread and no bank charges at all: the arithmetic of timing alone.
BARE = dict(ORDER, buying_spread=0, transfer_fee=0, lc_advising_fee=50, lc_confirmation_share=0.005,
            lc_negotiation_share=0.0025, lc_courier_fee=0, dp_collection_share=0.002, dp_collection_fee=50)


@pytest.fixture(autouse=True)
def indonesian():
    toolkit.set_language("id")
    yield
    toolkit.set_language("id")


def messages(call):
    """The InputError a call raises, as its Indonesian and English messages."""
    with pytest.raises(InputError) as caught:
        call()
    toolkit.set_language("en")
    english = str(caught.value)
    toolkit.set_language("id")
    return str(caught.value), english


def row(table, term):
    return table.set_index("term").loc[term]


# --- worked numbers -------------------------------------------------------------------------------


def test_lc_net_proceeds_worked_example():
    """Does an L/C on USD 10,000 net USD 9,825 at the buying rate (advising 50, confirmation 0.5 %, negotiation 0.25 %, courier 50)?"""
    lc = row(compare_terms(["LC"], **ORDER), "LC")
    assert lc["fees_idr"] == pytest.approx(175 * BUY)
    assert lc["net_proceeds_idr"] == pytest.approx(9_825 * BUY)
    assert lc["net_proceeds_idr"] == pytest.approx(160_491_375)
    assert lc["spread_idr"] == pytest.approx(10_000 * (16_500 - BUY))


def test_lc_confirmation_is_priced_per_quarter_of_validity():
    """Is confirmation 0.5 % per 90 days or part: one quarter for 90 days, two for 91 to 180?"""
    fees = {days: row(compare_terms(["LC"], lc_validity_days=days, **ORDER), "LC")["fees_idr"]
            for days in (90, 91, 180, 181)}
    one_quarter = 0.005 * 10_000 * BUY
    assert fees[91] - fees[90] == pytest.approx(one_quarter)
    assert fees[180] == pytest.approx(fees[91])
    assert fees[181] - fees[180] == pytest.approx(one_quarter)


def test_lc_timeline_rows():
    """Is a confirmed L/C paid after documents and examination, with each fee on its own row that day?"""
    flows = cash_flows("LC", lc_document_days=5, lc_examination_days=7, **ORDER)
    paid = flows[flows["kind"] != "cost"]
    assert list(paid["day"]) == [28, 40, 40, 40, 40, 40]
    assert list(paid["kind"]) == ["shipment", "receipt", "fee", "fee", "fee", "fee"]
    assert list(paid["amount_idr"]) == pytest.approx(
        [0, 10_000 * BUY, -50 * BUY, -50 * BUY, -25 * BUY, -50 * BUY]
    )


def test_unconfirmed_lc_waits_for_the_issuing_bank():
    """Is an unconfirmed L/C paid only after the courier and the issuing bank's own examination?"""
    confirmed = cash_flows("LC", **ORDER)
    unconfirmed = cash_flows("LC", lc_confirmation_share=0, lc_courier_days=5, **ORDER)
    day = lambda flows: int(flows.loc[flows["kind"] == "receipt", "day"].iloc[0])  # noqa: E731
    assert day(confirmed) == 28 + 7 + 7
    assert day(unconfirmed) == 28 + 7 + 7 + 5 + 7


def test_lc_discrepancy_fee_falls_on_the_exporter():
    """Does a USD 75 discrepancy fee come off the exporter's L/C proceeds?"""
    clean = row(compare_terms(["LC"], **ORDER), "LC")
    flawed = row(compare_terms(["LC"], lc_discrepancy_fee=75, **ORDER), "LC")
    assert clean["net_proceeds_idr"] - flawed["net_proceeds_idr"] == pytest.approx(75 * BUY)


def test_unconfirmed_lc_has_no_confirmation_row():
    """Does an unconfirmed L/C (confirmation share 0) leave out the confirmation fee row?"""
    toolkit.set_language("en")
    flows = cash_flows("LC", lc_confirmation_share=0, **ORDER)
    assert "L/C confirmation fee" not in set(flows["event"])
    assert "L/C advising fee" in set(flows["event"])


def test_tt_deposit_and_balance_before_shipment():
    """Does a 30 % T/T deposit arrive on day 0 and the 70 % balance on the shipment day?"""
    flows = cash_flows("TT", deposit_share=0.3, **BARE)
    receipts = flows[flows["kind"] == "receipt"]
    assert list(receipts["day"]) == [0, 28]
    assert list(receipts["amount_idr"]) == pytest.approx([49_500_000, 115_500_000])
    assert flows["cumulative_idr"].iloc[-1] == pytest.approx(165_000_000 - 120_000_000)


def test_tt_worked_at_the_buying_rate_with_transfer_fees():
    """Does a 30/70 T/T net Rp162.369.900: USD 10,000 at Rp16.335 less two transfers of USD 30?"""
    tt = row(compare_terms(["TT"], **ORDER), "TT")
    assert tt["fees_idr"] == pytest.approx(2 * 30 * BUY)
    assert tt["net_proceeds_idr"] == pytest.approx(10_000 * BUY - 2 * 30 * BUY)
    assert tt["net_proceeds_idr"] == pytest.approx(162_369_900)


def test_default_charges_come_from_the_data_table():
    """Are the defaults the class's table: transfers USD 10 + 20, a 1 % spread, L/C courier USD 50?"""
    table = bank_charges().set_index("item")["value"]
    assert table["incoming_transfer_fee"] + table["correspondent_fee"] == 30
    assert table["tt_buying_spread"] == 0.01 and table["lc_courier_fee"] == 50


def test_flat_fees_follow_the_invoice_currency():
    """For a CNY invoice, is the USD 30 transfer fee charged as its CNY equivalent, not as CNY 30?"""
    cny = cash_flows("OA", currency="CNY", **{**ORDER, "fx_rate": 2_300})
    fee = -cny.loc[cny["kind"] == "fee", "amount_idr"].iloc[0]
    usd_rate = toolkit.pricing.reference_rate("USD")["idr_per_unit"]
    cny_rate = toolkit.pricing.reference_rate("CNY")["idr_per_unit"]
    assert fee == pytest.approx(30 * usd_rate / cny_rate * 2_300 * 0.99)


def test_tt_balance_against_copy_of_bl():
    """Is a balance paid against a copy of the B/L received bl_copy_days after shipment?"""
    flows = cash_flows("TT", balance_on="bl_copy", bl_copy_days=5, **ORDER)
    assert list(flows.loc[flows["kind"] == "receipt", "day"]) == [0, 33]


def test_tt_transfer_fee_per_receipt():
    """Is a USD 15 incoming-transfer fee charged on the deposit and again on the balance?"""
    tt = row(compare_terms(["TT"], **{**BARE, "transfer_fee": 15}), "TT")
    assert tt["fees_idr"] == pytest.approx(2 * 15 * 16_500)
    assert tt["net_proceeds_idr"] == pytest.approx(165_000_000 - 495_000)


def test_full_or_no_deposit_gives_one_receipt():
    """Does 100 % in advance give one receipt on deposit_day, and 0 % one receipt at shipment?"""
    full = cash_flows("TT", deposit_share=1.0, deposit_day=3, **ORDER)
    assert list(full.loc[full["kind"] == "receipt", "day"]) == [3]
    none = cash_flows("TT", deposit_share=0.0, **ORDER)
    assert list(none.loc[none["kind"] == "receipt", "day"]) == [28]


def test_dp_paid_after_transit_and_collection_fees():
    """Is D/P paid after transit plus the buyer's payment days, less 0.2 % + USD 50 collection and a USD 30 transfer?"""
    flows = cash_flows("DP", transit_days=26, dp_payment_days=5, **ORDER)
    assert list(flows.loc[flows["kind"] == "receipt", "day"]) == [28 + 26 + 5]
    assert list(flows.loc[flows["kind"] == "fee", "amount_idr"]) == pytest.approx([-70 * BUY, -30 * BUY])


def test_open_account_paid_days_after_shipment():
    """Is an open-account invoice paid oa_days after shipment, in full when there is no fee or spread?"""
    oa = row(compare_terms(["OA"], oa_days=60, **BARE), "OA")
    assert oa["day_paid"] == 88
    assert oa["net_proceeds_idr"] == pytest.approx(165_000_000)


def test_costs_spread_weekly_in_proportion():
    """Are 20 production days paid as weeks of 7, 7 and 6 days, on days 0, 7 and 14?"""
    flows = cash_flows("DP", **{**ORDER, "production_days": 20})
    costs = flows[flows["kind"] == "cost"]
    assert list(costs["day"]) == [0, 7, 14]
    assert list(costs["amount_idr"]) == pytest.approx([-42_000_000, -42_000_000, -36_000_000])


def test_costs_upfront_on_day_zero():
    """Does cost_timing="upfront" pay the whole production cost on the order date?"""
    flows = cash_flows("DP", cost_timing="upfront", **ORDER)
    costs = flows[flows["kind"] == "cost"]
    assert list(costs["day"]) == [0]
    assert list(costs["amount_idr"]) == pytest.approx([-120_000_000])


def test_same_day_receipts_listed_before_costs():
    """On day 0, is the deposit listed before the first week's cost, so the running total never dips inside a day?"""
    flows = cash_flows("TT", **BARE)
    assert list(flows["kind"].iloc[:2]) == ["receipt", "cost"]
    assert flows["cumulative_idr"].iloc[1] == pytest.approx(49_500_000 - 40_000_000)


def test_timeline_columns_and_cumulative():
    """Does the timeline have its columns, sorted days, and a cumulative that is the running sum?"""
    flows = cash_flows("LC", **ORDER)
    assert list(flows.columns) == ["day", "event", "amount_idr", "cumulative_idr", "kind"]
    assert flows["day"].is_monotonic_increasing
    assert list(flows["cumulative_idr"]) == pytest.approx(list(flows["amount_idr"].cumsum()))


def test_events_follow_the_language():
    """Are the events written in Indonesian by default and in English after set_language("en")?"""
    assert cash_flows("TT", **ORDER)["event"].iloc[0] == "Uang muka T/T (30%)"
    toolkit.set_language("en")
    assert cash_flows("TT", **ORDER)["event"].iloc[0] == "T/T deposit (30%)"
    assert term_label("LC") == "L/C at sight"


# --- comparing terms: working capital ---------------------------------------------------------------


def test_compare_terms_worked_capital():
    """With a 30 % deposit covering week 1, is capital tied from day 7 to day 28 (21 days, peak Rp71,49 juta)?"""
    table = compare_terms(**ORDER)
    assert list(table["term"]) == ["TT", "LC", "DP"]
    tt, lc, dp = (row(table, t) for t in ("TT", "LC", "DP"))
    # day 0: 3.000 × 16.335 − 30 × 16.335 − 40 juta = 8.514.950; days 7 and 14: −40 juta each
    assert (tt["days_capital_tied"], tt["peak_capital_idr"]) == (21, pytest.approx(71_485_050))
    assert (lc["days_capital_tied"], lc["peak_capital_idr"]) == (42, pytest.approx(120_000_000))
    assert (dp["days_capital_tied"], dp["peak_capital_idr"]) == (47, pytest.approx(120_000_000))
    assert list(table["day_paid"]) == [28, 42, 47]


def test_compare_terms_columns_and_risk_order():
    """Does the comparison have its columns, with T/T the least risky and open account the most?"""
    table = compare_terms(TERMS, **ORDER)
    assert list(table.columns) == [
        "term",
        "label",
        "risk_rank",
        "fees_idr",
        "spread_idr",
        "net_proceeds_idr",
        "day_paid",
        "days_capital_tied",
        "peak_capital_idr",
    ]
    assert list(table["risk_rank"]) == [1, 2, 3, 4]
    assert RISK_RANK == {"TT": 1, "LC": 2, "DP": 3, "OA": 4}
    assert table["label"].iloc[1] == "L/C atas unjuk (at sight)"


def test_full_advance_ties_no_capital():
    """Does 100 % cash in advance, on the order date, tie up no capital at all?"""
    tt = row(compare_terms(["TT"], deposit_share=1.0, **ORDER), "TT")
    assert (tt["days_capital_tied"], tt["peak_capital_idr"]) == (0, 0.0)


def test_loss_making_order_ties_capital_to_the_end():
    """If the invoice does not cover the costs, is capital tied until the last day of the timeline?"""
    loss = {**ORDER, "production_cost": 200_000_000, "cost_timing": "upfront"}
    dp = row(compare_terms(["DP"], **loss), "DP")
    assert dp["days_capital_tied"] == 47
    assert dp["peak_capital_idr"] == pytest.approx(200_000_000)


def test_capital_that_dips_twice_counts_from_first_dip_to_last_recovery():
    """If a late deposit briefly lifts the position above zero, is capital still counted from the first dip to the final recovery?"""
    # Costs Rp40 juta on days 0, 7, 14; a 50 % deposit (Rp82,5 juta) on day 10; the balance on day 28.
    # Positions: day 0 −40, day 7 −80, day 10 +2,5, day 14 −37,5, day 28 +45 (Rp juta).
    tt = row(compare_terms(["TT"], deposit_share=0.5, deposit_day=10, **BARE), "TT")
    assert tt["days_capital_tied"] == 28 - 0
    assert tt["peak_capital_idr"] == pytest.approx(80_000_000)


def test_no_production_cost_no_capital():
    """With no production cost, is no capital ever tied up, whatever the term?"""
    table = compare_terms(TERMS, **{**ORDER, "production_cost": 0})
    assert list(table["days_capital_tied"]) == [0, 0, 0, 0]
    assert list(table["peak_capital_idr"]) == [0.0, 0.0, 0.0, 0.0]


def test_terms_written_loosely_are_understood():
    """Are "t/t", "L/C" and "dp" read as TT, LC and DP, and a single string as one term?"""
    assert list(compare_terms(["t/t", "L/C", "dp"], **ORDER)["term"]) == ["TT", "LC", "DP"]
    assert list(compare_terms("L/C", **ORDER)["term"]) == ["LC"]


# --- FX -------------------------------------------------------------------------------------------------


def test_fx_gain_and_loss():
    """Does USD 10,000 quoted at 16,500 and paid at 16,800 gain Rp3 juta, and at 16,200 lose Rp3 juta?"""
    assert fx_gain_loss(10_000, 16_500, 16_800) == pytest.approx(3_000_000)
    assert fx_gain_loss(10_000, 16_500, 16_200) == pytest.approx(-3_000_000)
    assert fx_gain_loss(10_000, 16_500, 16_500) == 0


def test_receipt_in_idr():
    """Is USD 10,000 at 16,500 less a 0.1 % bank fee Rp164.835.000?"""
    assert receipt_in_idr(10_000, 16_500) == pytest.approx(165_000_000)
    assert receipt_in_idr(10_000, 16_500, bank_fee_share=0.001) == pytest.approx(164_835_000)


# --- bad inputs -------------------------------------------------------------------------------------------


def test_unknown_term_lists_the_valid_ones():
    """Does an unknown term name the value and list TT, LC, DP, OA in both languages?"""
    indonesian, english = messages(lambda: cash_flows("CAD", **ORDER))
    assert "'CAD'" in indonesian and "TT, LC, DP, OA" in indonesian and "pilih" in indonesian
    assert "'CAD'" in english and "TT, LC, DP, OA" in english and "choose one of" in english
    indonesian, english = messages(lambda: compare_terms(["TT", "DA"], **ORDER))
    assert indonesian.startswith("terms = 'DA'") and english.startswith("terms = 'DA'")


def test_deposit_share_must_be_a_fraction():
    """Is a deposit written as 30 (not 0.3) refused with the 20 % = 20/100 hint in both languages?"""
    indonesian, english = messages(lambda: cash_flows("TT", deposit_share=30, **ORDER))
    assert "deposit_share = 30" in indonesian and "20/100" in indonesian and "pecahan" in indonesian
    assert "deposit_share = 30" in english and "20/100" in english and "fraction" in english
    with pytest.raises(InputError):
        cash_flows("TT", deposit_share=-0.1, **ORDER)


@pytest.mark.parametrize(
    "argument, value",
    [
        ("production_days", -1),
        ("production_days", 2.5),
        ("transit_days", -3),
        ("lc_examination_days", 1.5),
        ("oa_days", True),
        ("deposit_day", "3"),
    ],
)
def test_days_must_be_non_negative_whole_numbers(argument, value):
    """Are negative, fractional or non-numeric day counts refused, naming the argument in both languages?"""
    indonesian, english = messages(lambda: cash_flows("DP", **{**ORDER, argument: value}))
    assert indonesian.startswith(f"{argument} = ") and "bilangan bulat" in indonesian
    assert english.startswith(f"{argument} = ") and "whole number" in english


def test_ship_day_not_before_production_ends():
    """Is shipping before production ends refused, saying why in both languages?"""
    indonesian, english = messages(lambda: cash_flows("LC", **{**ORDER, "ship_day": 14}))
    assert (
        "ship_day = 14" in indonesian
        and "minimal 21" in indonesian
        and "selesai dibuat" in indonesian
    )
    assert (
        "ship_day = 14" in english and "at least 21" in english and "after they are made" in english
    )


@pytest.mark.parametrize(
    "argument, value",
    [
        ("invoice_amount", 0),
        ("fx_rate", -16_500),
        ("production_cost", -1),
        ("lc_advising_fee", -50),
        ("lc_confirmation_share", 1.5),
        ("cost_timing", "monthly"),
        ("balance_on", "arrival"),
    ],
)
def test_bad_amounts_and_choices(argument, value):
    """Are bad amounts, shares and choices refused, naming the argument in both languages?"""
    indonesian, english = messages(lambda: cash_flows("LC", **{**ORDER, argument: value}))
    assert indonesian.startswith(f"{argument} = ") and "tidak diperbolehkan" in indonesian
    assert english.startswith(f"{argument} = ") and "is not allowed" in english


def test_empty_terms_refused():
    """Is an empty list of terms refused, listing the terms in both languages?"""
    indonesian, english = messages(lambda: compare_terms([], **ORDER))
    assert "TT, LC, DP, OA" in indonesian and "TT, LC, DP, OA" in english


def test_fx_helpers_refuse_bad_rates():
    """Do fx_gain_loss and receipt_in_idr refuse a zero rate and a fee share of 1?"""
    with pytest.raises(InputError):
        fx_gain_loss(10_000, 0, 16_500)
    with pytest.raises(InputError):
        receipt_in_idr(10_000, 16_500, bank_fee_share=1)


# --- invariants -----------------------------------------------------------------------------------------

day = st.integers(min_value=0, max_value=60)
share = st.floats(min_value=0, max_value=0.05)
flat = st.floats(min_value=0, max_value=500)


@st.composite
def orders(draw):
    production_days = draw(day)
    return dict(
        invoice_amount=draw(st.floats(min_value=100, max_value=1e6)),
        fx_rate=draw(st.floats(min_value=100, max_value=20_000)),
        production_cost=draw(st.floats(min_value=0, max_value=1e10)),
        production_days=production_days,
        ship_day=production_days + draw(day),
        cost_timing=draw(st.sampled_from(["spread", "upfront"])),
        transit_days=draw(day),
    )


@st.composite
def fee_settings(draw):
    return dict(
        deposit_share=draw(st.floats(min_value=0, max_value=1)),
        balance_on=draw(st.sampled_from(["before_shipment", "bl_copy"])),
        transfer_fee=draw(flat),
        lc_advising_fee=draw(flat),
        lc_confirmation_share=draw(share),
        lc_negotiation_share=draw(share),
        lc_courier_fee=draw(flat),
        lc_discrepancy_fee=draw(flat),
        dp_collection_share=draw(share),
        dp_collection_fee=draw(flat),
        buying_spread=draw(st.floats(min_value=0, max_value=0.02)),
    )


@settings(max_examples=60, deadline=None)
@given(orders(), fee_settings())
def test_net_never_above_gross_and_fees_never_negative(order, fees):
    """For any order and any fees, are fees and spread ≥ 0 and net = invoice × rate − spread − fees, for every term?"""
    table = compare_terms(TERMS, **order, **fees)
    gross = order["invoice_amount"] * order["fx_rate"]
    assert (table["fees_idr"] >= 0).all() and (table["spread_idr"] >= -1e-6 * gross).all()
    assert (table["net_proceeds_idr"] <= gross * (1 + 1e-12)).all()
    assert list(table["net_proceeds_idr"]) == pytest.approx(
        list(gross - table["spread_idr"] - table["fees_idr"])
    )
    assert (table["days_capital_tied"] >= 0).all() and (table["peak_capital_idr"] >= 0).all()


@settings(max_examples=60, deadline=None)
@given(orders(), st.integers(min_value=0, max_value=60))
def test_full_advance_ties_no_more_than_dp(order, deposit_day):
    """Does T/T with a 100 % deposit (on or before shipment) tie up no more capital, for no longer, than D/P?"""
    deposit_day = min(deposit_day, order["ship_day"])
    tt = row(compare_terms(["TT"], deposit_share=1.0, deposit_day=deposit_day, **order), "TT")
    dp = row(compare_terms(["DP"], **order), "DP")
    assert tt["peak_capital_idr"] <= dp["peak_capital_idr"] * (1 + 1e-9)
    assert tt["days_capital_tied"] <= dp["days_capital_tied"]


@settings(max_examples=40, deadline=None)
@given(orders(), st.sampled_from(TERMS))
def test_final_position_is_net_proceeds_less_costs(order, term):
    """Does every timeline end at net proceeds minus production cost?"""
    flows = cash_flows(term, **order)
    summary = row(compare_terms([term], **order), term)
    assert flows["cumulative_idr"].iloc[-1] == pytest.approx(
        summary["net_proceeds_idr"] - order["production_cost"], rel=1e-9, abs=1e-3
    )
