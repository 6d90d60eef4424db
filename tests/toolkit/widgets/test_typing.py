"""Every app's number and date boxes, typed into as a participant types: read, shown back, or refused.

For each box of each app the eight inputs of the participant walk are typed. Accepted: the box
shows back what it read and the app computes with exactly that. Refused: a sentence names the box,
the last valid result stays on screen marked stale (greyed out), and nothing can be saved. Then a
few figures per app are checked against the toolkit.
"""

import datetime as dt

import pytest

from toolkit import costing, pricing
from toolkit.errors import ReadError
from toolkit.widgets._controls import DateBox, NumberBox
from toolkit.widgets.capacity import CapacityApp
from toolkit.widgets.costing import BreakEvenApp, CostSheetApp
from toolkit.widgets.logistics import LogisticsApp
from toolkit.widgets.payment import PaymentTermsApp
from toolkit.widgets.planning import PlanningApp
from toolkit.widgets.pricing import PriceBuilderApp
from toolkit.widgets.quotation import QuotationApp
from toolkit.widgets.selfcheck import NumberCheck

TYPED = ["24.000.000", "Rp 24.000.000", "24 jt", "12,5", "-5", "0", "abc", "26/02/2027"]
APPS = [CostSheetApp, BreakEvenApp, CapacityApp, PriceBuilderApp, PaymentTermsApp, LogisticsApp,
        PlanningApp, QuotationApp]


def _boxes(app):
    return {name: c for name, c in app.controls.items() if isinstance(c, (NumberBox, DateBox))}


@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.__name__)
def test_every_box_reads_or_refuses_each_typed_value(app_class):
    """Is each of the walk's eight inputs, in each number or date box, either read (shown back and
    used as read) or refused (named, the last result kept and greyed out), never misread in silence?"""
    app = app_class()
    assert _boxes(app), "an app with numbers has boxes"
    for name, box in _boxes(app).items():
        start = box.value
        for typed in TYPED:
            before = app.result
            box.value = typed
            try:
                reading = box.read()
            except ReadError as refused:
                label = box.label["id"]
                assert app.error is not None and label in app.error, (name, typed, app.error)
                assert str(refused) in app.errors, (name, typed)
                assert "✗" in box.echo.value
                assert app.stale and "ke-stale" in app.summary._dom_classes, (name, typed)
                assert app.result is before, (name, typed)
                continue
            assert box.echo.value.endswith(f"= {box.describe(reading)}</span>"), (name, typed)
            if app.error is None:  # computed with what was read
                assert not app.stale and app.result is not before
                assert app.values()[name] == reading, (name, typed)
            else:  # read, but the toolkit refuses the order it makes: said, last result kept
                assert app.stale and app.result is before, (name, typed, app.error)
                assert app.error.endswith("."), app.error
        box.value = start
        assert app.error is None, (name, app.error)


def test_indonesian_amounts_reach_the_break_even():
    """Do 24.000.000, Rp 24.000.000 and 24 jt of fixed costs all give 1.600 units at Rp15.000 a unit?"""
    app = BreakEvenApp(fixed_costs=6_000_000, price=35_000, variable_cost=20_000)
    for typed in ("24.000.000", "Rp 24.000.000", "24 jt", "Rp24.000.000,-"):
        app.controls["fixed_costs"].value = typed
        assert app.result["break_even"] == costing.break_even_units(
            fixed_costs=24_000_000, price=35_000, variable_cost=20_000) == 1_600
        assert "1.600 unit" in app.summary.value


def test_a_decimal_comma_is_a_decimal_not_a_hundredfold():
    """Is 12,5 (not 125) units per worker-day, and 12,5 cm a carton side?"""
    app = CapacityApp()
    app.controls["output_per_worker_day"].value = "12,5"
    assert app.values()["output_per_worker_day"] == 12.5
    assert app.result["feasibility"].daily_output == pytest.approx(12 * 12.5 * 0.95)
    logistics = LogisticsApp()
    logistics.controls["length_cm"].value = "12,5"
    assert logistics.result["packing"]["cbm"] == pytest.approx(0.125 * 0.4 * 0.4 * 100)


def test_the_price_builder_takes_an_indonesian_hpp():
    """Is Rp 160.000.000 of HPP read as such, and the EXW price a 20 % margin on it?"""
    app = PriceBuilderApp(amount=80_000_000, method="margin", rate=0.2)
    app.controls["amount"].value = "Rp 160.000.000"
    assert app.result["exw"] == pytest.approx(pricing.price_from_margin(160_000_000, 0.2))
    app.controls["inland_transport"].value = "3.000.000"
    assert app.result["steps"].set_index("step").loc["inland_transport", "amount"] == 3_000_000


def test_dates_are_typed_day_first_and_refused_when_unsure():
    """Is 26/02/2027 the 26th of February in the planner, and 15032027 refused, the plan kept?"""
    app = PlanningApp(deadline=dt.date(2027, 3, 31))
    app.controls["deadline"].value = "26/02/2027"
    assert app.result["deadline"] == dt.date(2027, 2, 26)
    good = app.result
    app.controls["deadline"].value = "15032027"
    assert app.result is good and app.stale
    assert "Kalau maksudnya 15 Maret 2027, tulis 15/03/2027" in app.error


def test_a_past_ready_date_is_said_in_the_planner():
    """Does a ready date that has passed get a note in the planner's summary?"""
    app = PlanningApp(deadline=dt.date(2025, 1, 15))
    assert "sudah lewat" in app.summary.value


def test_negative_zero_and_letters_are_refused_not_replaced():
    """Are -5, 0 and letters in the units box refused with a sentence (never 0, 1 or the old value)?"""
    app = CostSheetApp(units=1000)
    for typed, words in (("-5", "dibaca -5"), ("0", "dibaca 0"), ("abc", "belum berupa angka")):
        app.controls["units"].value = typed
        assert app.error.startswith(f'Unit yang diproduksi: "{typed}"') and words in app.error
        assert app.result["sheet"] is not None and app.stale


def test_a_self_check_gives_no_verdict_on_text_it_cannot_read():
    """Does a self-check answer unreadable text with a sentence and no verdict (nothing to grade)?"""
    check = NumberCheck({"id": "Berapa?", "en": "How much?"}, 25_000, hint={"id": "h", "en": "h"}, unit="Rp")
    for typed in ("abc", "26/02/2027", ""):
        check.value = typed
        assert check.check() is None and check.correct is None and check.given is None
        assert "Benar" not in check.feedback.value and "Belum tepat" not in check.feedback.value
    check.value = "Rp 25.000"
    assert check.check() is True


def test_a_slider_on_its_own_reads_what_is_typed_beside_it_or_refuses_it():
    """Module 00's slider outside any app: is "20%" typed beside it read as 20% (it was 30% in the
    browser's own readout, without a word), and "abc" or "50%" on a 0-30% slider refused beside the
    box with its sentence while the slider stays put?"""
    import toolkit
    from toolkit.widgets import share

    toolkit.set_language("id")
    slider = share({"id": "Tas cacat", "en": "Rejected bags"}, 0.0, maximum=0.3, typed=True)
    assert not slider.slider.readout  # the browser's readout, which anyone could type into, is gone
    slider.box.value = "20%"
    assert slider.value == pytest.approx(0.2) and slider.slider.value == pytest.approx(0.2)
    assert "= 20%" in slider.box.echo.value
    slider.box.value = "12,5"
    assert slider.value == pytest.approx(0.125) and "= 12,5%" in slider.box.echo.value
    for typed, sentence in [
        ("abc", "Tas cacat: &quot;abc&quot; belum berupa angka"),
        ("50%", "Tas cacat: &quot;50%&quot; dibaca 50%, tetapi harus berupa angka dari 0% sampai 30%."),
        ("-5", "dibaca -5%, tetapi tidak boleh negatif."),
    ]:
        slider.box.value = typed
        assert slider.value == pytest.approx(0.125), typed
        assert "ke-echo-bad" in slider.box.echo.value and sentence in slider.box.echo.value, slider.box.echo.value
    slider.value = 0.1  # the slider moved with the mouse: the box shows it
    assert slider.box.value == "10%" and "= 10%" in slider.box.echo.value
