"""Payment-terms app: driven by setting its controls, read through its table and cash-flow chart."""

import pytest

import toolkit
from toolkit.payment import compare_terms
from toolkit.pricing import reference_rate
from toolkit.widgets.payment import PaymentTermsApp

ORDER = dict(
    invoice_amount=10_000,
    fx_rate=16_500,
    production_cost=120_000_000,
    production_days=21,
    ship_day=28,
)


def test_three_terms_compared_for_the_worked_order():
    """Are T/T, L/C and D/P compared as compare_terms does, shown in Rupiah and drawn as three lines?"""
    app = PaymentTermsApp(**ORDER)
    assert app.error is None
    table = app.result["table"]
    assert table["term"].tolist() == ["TT", "LC", "DP"]
    expected = compare_terms(["TT", "LC", "DP"], **ORDER)  # at the bank's buying rate, less its fees
    assert table["net_proceeds_idr"].tolist() == pytest.approx(
        expected["net_proceeds_idr"].tolist()
    )
    assert table["net_proceeds_idr"].tolist() == pytest.approx([162_369_900, 160_491_375, 161_716_500])
    assert table["days_capital_tied"].tolist() == [21, 42, 47]
    summary = app.summary.value
    assert "Rp162.369.900" in summary and "Rp160.491.375" in summary and "Rp71.485.050" in summary
    assert summary.count("<tr") == 1 + 3
    assert "outline" in summary.split("Rp162.369.900")[0].rsplit("<tr", 1)[1]  # T/T: most received
    ax = app.figure.axes[0]
    assert bytes(app.image.value).startswith(b"\x89PNG")
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:3] == [
        "T/T: uang muka dan pelunasan",
        "L/C atas unjuk (at sight)",
        "D/P: dokumen terhadap pembayaran",
    ]


def test_the_app_passes_its_settings_to_the_toolkit():
    """With every setting moved, is the table still exactly compare_terms' for those settings?"""
    settings = dict(
        ORDER,
        transit_days=20,
        cost_timing="upfront",
        deposit_share=0.5,
        balance_on="bl_copy",
        lc_confirmation_share=0.01,
        oa_days=60,
    )
    app = PaymentTermsApp(terms=("TT", "LC", "DP", "OA"), **settings)
    expected = compare_terms(("TT", "LC", "DP", "OA"), **settings)
    assert app.result["table"].drop(columns="label").equals(expected.drop(columns="label"))
    assert len(app.result["flows"]) == 4


def test_full_cash_in_advance_ties_no_capital():
    """With a 100 % deposit on day 0, is no capital tied up under T/T?"""
    app = PaymentTermsApp(**ORDER)
    app.controls["deposit_share"].value = 1.0
    tt = app.result["table"].set_index("term").loc["TT"]
    assert (tt["days_capital_tied"], tt["peak_capital_idr"]) == (0, 0)


def test_choosing_cny_starts_from_the_cny_reference_rate():
    """Does switching the invoice to CNY set the rate to the latest CNY reference rate?"""
    app = PaymentTermsApp(**ORDER)
    app.controls["currency"].value = "CNY"
    assert app.controls["fx_rate"].read() == pytest.approx(reference_rate("CNY")["idr_per_unit"])
    cny = reference_rate("CNY")["idr_per_unit"]
    expected = compare_terms(["TT"], **{**ORDER, "fx_rate": cny}, currency="CNY")
    assert app.result["table"]["net_proceeds_idr"].iloc[0] == pytest.approx(
        expected["net_proceeds_idr"].iloc[0]
    )
    assert expected["net_proceeds_idr"].iloc[0] < 10_000 * cny * 0.99  # spread and CNY-converted fees


def test_a_rate_given_with_the_currency_is_kept():
    """Does PaymentTermsApp(currency="CNY", fx_rate=2300) keep the rate it was given?"""
    app = PaymentTermsApp(currency="CNY", fx_rate=2300)
    assert app.controls["fx_rate"].read() == 2300


def test_shipping_before_production_ends_is_a_sentence_and_the_table_stays():
    """Is a ship day before production ends explained in Indonesian, the last table kept?"""
    app = PaymentTermsApp(**ORDER)
    good, figure, shown = app.result, app.figure, app.image.value
    app.controls["ship_day"].value = 10
    assert app.error.startswith("Hari pengapalan = 10 tidak diperbolehkan")
    assert "barang dikirim setelah selesai dibuat" in app.error
    assert app.result is good and app.figure is figure and app.image.value == shown


def test_no_term_chosen_is_a_sentence_in_english():
    """Is an empty choice of terms explained in English when the app was built in English?"""
    toolkit.set_language("en")
    app = PaymentTermsApp(**ORDER)
    app.controls["terms"].value = ()
    assert app.error.startswith("Payment terms = () is not allowed: choose one or more of: TT, LC, DP, OA")
    assert app.result["table"]["term"].tolist() == ["TT", "LC", "DP"]


def test_payment_terms_in_english():
    """Are the labels, table and chart English after set_language("en")?"""
    toolkit.set_language("en")
    app = PaymentTermsApp(**ORDER)
    assert app.controls["deposit_share"].description == "T/T deposit"
    assert "Net proceeds" in app.summary.value and "IDR" in app.summary.value
    assert app.figure.axes[0].get_title() == "Cash flow by payment term"
    assert [line.get_label() for line in app.figure.axes[0].get_lines()][
        0
    ] == "T/T: deposit and balance"
