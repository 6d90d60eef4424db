"""Price builder app: driven by setting its controls, read through its result, summary and figure."""

import pytest

import toolkit
from toolkit.i18n import format_money
from toolkit.pricing import exchange_rates, quote_table
from toolkit.widgets.pricing import PriceBuilderApp


def _drawn(app) -> bool:
    return (
        app.figure is not None
        and app.figure.axes[0].has_data()
        and bytes(app.image.value).startswith(b"\x89PNG")
    )


def test_from_cost_with_a_margin_to_an_fob_quote():
    """Does an HPP of Rp80 jt with a 20 % margin give EXW Rp100 jt and FOB Rp107 jt, shown and drawn?"""
    app = PriceBuilderApp(amount=80_000_000, method="margin", rate=0.2, rule="FOB")
    assert app.error is None
    assert app.result["exw"] == pytest.approx(100_000_000)
    assert app.result["price_idr"] == pytest.approx(107_000_000)  # + 3,5 + 1,5 + 2 jt
    assert app.result["equivalent"] == pytest.approx(0.25)
    summary = app.summary.value
    assert "Rp100.000.000" in summary and "Rp107.000.000" in summary
    assert "20% margin = 25% markup" in summary
    assert _drawn(app)
    assert (
        len(app.figure.axes[0].patches) == len(app.result["steps"]) + 1
    )  # EXW split into HPP + laba


def test_the_quote_is_the_toolkits_quote_table():
    """Is the USD quote the one quote_table gives, with the fee and FX buffer, and shown in US$?"""
    app = PriceBuilderApp(fx_buffer=0.03, fee_share=0.01, currency="USD")
    expected = quote_table(app.result["price_idr"], ["USD"], fx_buffer=0.03, fee_share=0.01)
    assert app.result["quote"] == pytest.approx(float(expected["price"].iloc[0]))
    assert format_money(app.result["quote"], "USD") in app.summary.value
    assert app.summary.value.count("<tr") == 5 + 4  # five key figures, header + three currencies


def test_the_price_before_the_bank_fee_and_the_quote_have_different_names():
    """Module 05's walk found two different amounts both called "Harga FOB" (the build-up's
    Rp207.500.000 and the quote with the bank's 1 % in it, Rp209.595.960): is each figure named for
    what it is, in both languages?"""
    import re

    app = PriceBuilderApp(amount=80_000_000, method="margin", rate=0.2, rule="FOB", fee_share=0.01)
    names = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", app.summary.value)
    assert "Harga FOB (sebelum biaya bank)" in names and "Harga penawaran FOB" in names
    assert "Harga FOB" not in names
    toolkit.set_language("en")
    try:
        app = PriceBuilderApp(amount=80_000_000, method="margin", rate=0.2, rule="FOB")
        names = re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", app.summary.value)
        assert "FOB price (before bank fees)" in names and "FOB quote" in names
    finally:
        toolkit.set_language("id")


def test_a_markup_of_25_percent_equals_a_margin_of_20_percent():
    """Does switching to markup at 25 % give the same EXW as a 20 % margin?"""
    app = PriceBuilderApp(amount=80_000_000, method="markup", rate=0.25)
    assert app.result["exw"] == pytest.approx(100_000_000)
    assert "25% markup = 20% margin" in app.summary.value


def test_rules_add_their_costs_and_grey_out_the_buyers():
    """Does CIF add freight and insurance, and FOB grey out the freight box?"""
    app = PriceBuilderApp(rule="FOB")
    fob = app.result["price_idr"]
    assert app.controls["main_carriage"].disabled and not app.controls["origin_handling"].disabled
    assert app.controls["insurance_rate"].disabled
    app.controls["rule"].value = "CIF"
    assert app.result["steps"]["step"].tolist()[-3:] == ["main_carriage", "insurance", "total"]
    assert app.result["price_idr"] > fob + 12_000_000
    assert (
        not app.controls["main_carriage"].disabled and not app.controls["insurance_rate"].disabled
    )
    assert len(app.figure.axes[0].patches) == len(app.result["steps"]) + 1


def test_from_an_exw_price_the_profit_controls_rest():
    """Starting from an EXW price, is that price the EXW and are margin and markup greyed out?"""
    app = PriceBuilderApp(base="exw", amount=50_000_000, rule="EXW")
    assert app.result["cost"] is None
    assert app.result["exw"] == app.result["price_idr"] == 50_000_000
    assert app.controls["rate"].disabled and app.controls["method"].disabled
    assert len(app.figure.axes[0].patches) == 2  # EXW and the total


def test_the_fx_buffer_raises_foreign_quotes_only():
    """Does a bigger FX buffer raise the USD and CNY prices and leave the Rupiah one?"""
    app = PriceBuilderApp(fx_buffer=0.0)
    before = app.result["quotes"].set_index("currency")["price"]
    app.controls["fx_buffer"].value = 0.05
    after = app.result["quotes"].set_index("currency")["price"]
    assert after["IDR"] == pytest.approx(before["IDR"])
    assert after["USD"] == pytest.approx(before["USD"] / 0.95)
    assert after["CNY"] > before["CNY"]


def test_the_quote_currency_picks_the_row():
    """Is the quote the CNY row when CNY is picked, with the rate of the reference table?"""
    app = PriceBuilderApp(currency="CNY")
    quotes = app.result["quotes"].set_index("currency")
    assert app.result["quote"] == pytest.approx(quotes.loc["CNY", "price"])
    latest = exchange_rates().query("currency == 'CNY'").sort_values("date").iloc[-1]
    assert quotes.loc["CNY", "idr_per_unit"] == latest["idr_per_unit"]
    assert format_money(app.result["quote"], "CNY") in app.summary.value


def test_the_margin_slider_stops_below_100_percent_and_the_markup_one_goes_to_200():
    """Does the profit slider's range follow the mode: a margin up to 95% (price = cost / (1 − margin)
    has no answer at 100%), a markup up to 200%, with no refusal a slider user cannot act on?"""
    app = PriceBuilderApp(amount=80_000_000, method="margin", rate=0.3)
    rate = app.controls["rate"]
    assert (rate.min, rate.max, rate.slider.max) == (0.0, 0.95, 0.95)
    rate.value = 1.0  # as far right as the slider goes
    assert rate.value == pytest.approx(0.95) and app.error is None and not app.stale
    assert app.result["exw"] == pytest.approx(80_000_000 / 0.05)
    app.controls["method"].value = "markup"
    assert rate.max == rate.slider.max == 2.0 and rate.value == pytest.approx(0.95)  # kept
    rate.value = 2.0
    assert app.error is None and app.result["exw"] == pytest.approx(240_000_000)
    assert "200% markup = 66,7% margin" in app.summary.value


def test_a_markup_beyond_the_margins_end_says_where_the_slider_went():
    """Switching a 150% markup to margin: the slider goes to 95%, said in words for a slider user
    (no fraction to type, no 20/100), and the note leaves when the slider is moved."""
    app = PriceBuilderApp(amount=80_000_000, rate=1.5, method="markup")  # order of keywords: any
    assert app.controls["rate"].value == pytest.approx(1.5) and app.message.value == ""
    assert app.result["exw"] == pytest.approx(200_000_000)
    app.controls["method"].value = "margin"
    assert app.controls["rate"].value == pytest.approx(0.95)
    assert app.error is None and app.result["exw"] == pytest.approx(80_000_000 / 0.05)
    note = app.message.value
    assert "markup 150% tidak bisa menjadi margin" in note and "penggeser kini di 95%" in note
    assert "markup 150% sama dengan margin 60%" in note
    assert "20/100" not in note and "pecahan" not in note
    app.controls["rate"].value = 0.6
    assert app.message.value == "" and app.result["exw"] == pytest.approx(200_000_000)


def test_the_switch_note_in_english():
    """Is the same note English when the app was built in English?"""
    toolkit.set_language("en")
    app = PriceBuilderApp(method="markup", rate=1.5)
    app.controls["method"].value = "margin"
    assert "a 150% markup cannot be a margin" in app.message.value
    assert "a 150% markup equals a 60% margin" in app.message.value
    assert "20/100" not in app.message.value


def test_a_margin_of_100_percent_given_in_a_cell_is_a_note_in_percent():
    """A notebook cell starting the builder at a 100% margin: the slider's top is used, and the note
    says the range in percent, not how to write a fraction."""
    app = PriceBuilderApp(rate=1.0)
    assert app.controls["rate"].value == pytest.approx(0.95)
    assert "Margin / markup = 100% tidak diperbolehkan: harus dari 0% sampai 95%; dipakai 95%" in (
        app.message.value
    )
    assert "20/100" not in app.message.value


def test_an_unreadable_amount_keeps_the_last_price_marked_stale():
    """Is a box that cannot be read a sentence, the last result kept and greyed until it is fixed?"""
    app = PriceBuilderApp(amount=80_000_000, rate=0.2)
    good, figure, shown = app.result, app.figure, app.image.value
    app.controls["amount"].value = "abc"
    assert app.error.startswith("HPP atau EXW pesanan (Rp)") and app.stale
    assert "Periksa isian" in app.message.value
    assert app.result is good and app.figure is figure and app.image.value == shown
    app.controls["amount"].value = "80.000.000"
    assert app.error is None and app.message.value == "" and not app.stale
    assert app.result["exw"] == pytest.approx(100_000_000)


def test_labels_are_english_after_set_language():
    """Are the title, controls, summary and chart in English after set_language("en")?"""
    toolkit.set_language("en")
    app = PriceBuilderApp(rule="FOB")
    assert "Export price builder" in app.widget.children[0].value
    assert app.controls["fx_buffer"].description == "FX buffer"
    assert app.controls["main_carriage"].description == "Main carriage (freight)"
    assert "EXW price" in app.summary.value and "FOB quote" in app.summary.value
    assert app.figure.axes[0].get_title(loc="left") == "FOB price build-up"


def test_labels_are_indonesian_by_default():
    """Are the controls in Bahasa Indonesia by default?"""
    app = PriceBuilderApp()
    assert app.controls["fx_buffer"].description == "Cadangan kurs (FX buffer)"
    assert "Harga EXW" in app.summary.value
