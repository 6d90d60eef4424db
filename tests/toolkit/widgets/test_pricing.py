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


def test_a_margin_of_100_percent_is_a_sentence_and_the_last_price_stays():
    """Is a 100 % margin (the slider allows it) a sentence in Indonesian, the last result kept?"""
    app = PriceBuilderApp(rate=0.3)
    good, figure, shown = app.result, app.figure, app.image.value
    app.controls["rate"].value = 1.0
    assert app.error.startswith("Margin / markup = 100% tidak diperbolehkan")
    assert "kurang dari 1" in app.error
    assert "Periksa isian" in app.message.value
    assert app.result is good and app.figure is figure and app.image.value == shown
    app.controls["rate"].value = 0.2
    assert app.error is None and app.message.value == ""
    assert app.result["exw"] == pytest.approx(100_000_000)


def test_a_margin_of_100_percent_in_english():
    """Is the same slip explained in English when the app was built in English?"""
    toolkit.set_language("en")
    app = PriceBuilderApp()
    app.controls["rate"].value = 1.0
    assert app.error.startswith("Margin / markup = 100% is not allowed")
    assert "Check your input" in app.message.value
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
