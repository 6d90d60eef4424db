"""A new participant touches every control: no value a control allows may raise, junk text gets a sentence.

Each app is driven the way a participant would: every slider and number box to its minimum, its
maximum and back; every dropdown and toggle through each option; every text box given junk. Nothing
may raise; junk must leave a sentence in the app's message, in Indonesian.
"""

import datetime as dt

import ipywidgets as widgets
import pytest

from toolkit.widgets.capacity import CapacityApp
from toolkit.widgets.costing import BreakEvenApp, CostSheetApp
from toolkit.widgets.incoterms import IncotermsApp
from toolkit.widgets.logistics import LogisticsApp
from toolkit.widgets.payment import PaymentTermsApp
from toolkit.widgets.planning import PlanningApp
from toolkit.widgets.pricing import PriceBuilderApp
from toolkit.widgets.quotation import QuotationApp

APPS = [CostSheetApp, BreakEvenApp, CapacityApp, IncotermsApp, PriceBuilderApp, PaymentTermsApp,
        LogisticsApp, PlanningApp, QuotationApp]
JUNK = ["lima ribu", "", "Rp 20.000,-", "-5", "1e999", "x;y;z\n;;;", "2026-02-30"]


def _values(control) -> list:
    """The values a participant can give this control, extremes first."""
    if isinstance(control, (widgets.Dropdown, widgets.RadioButtons, widgets.ToggleButtons,
                            widgets.Select, widgets.SelectionSlider)):
        return [value for _, value in control._options_full] if hasattr(control, "_options_full") \
            else list(control.options)
    if isinstance(control, (widgets.SelectMultiple,)):
        options = [value for _, value in control._options_full]
        return [tuple(options[:1]), tuple(options)]
    if isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        return [True, False]
    if hasattr(control, "min") and hasattr(control, "max") and not isinstance(control, widgets.DatePicker):
        return [control.min, control.max, (control.min + control.max) / 2 if isinstance(control.value, float)
                else (control.min + control.max) // 2]
    if isinstance(control, widgets.DatePicker):
        return [dt.date(2026, 1, 1), dt.date(2026, 3, 21), dt.date(2027, 12, 31), None]
    return []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.__name__)
def test_every_allowed_value_draws_without_a_traceback(app_class, language):
    """Does every value every control allows leave the app drawn, never raising?"""
    import toolkit

    toolkit.set_language(language)
    app = app_class()
    for name, control in app.controls.items():
        start = control.value
        for value in _values(control):
            control.value = value  # must not raise
            assert app.result is not None, f"{name}={value!r}"
        control.value = start
    assert app.error is None, app.error


@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.__name__)
def test_junk_typed_in_text_boxes_gets_a_sentence(app_class):
    """Does junk typed in any free-text box give an Indonesian sentence, keeping the last good result?"""
    app = app_class()
    texts = {name: c for name, c in app.controls.items()
             if isinstance(c, (widgets.Text, widgets.Textarea)) and not hasattr(c, "min")}
    for name, control in texts.items():
        start = control.value
        for junk in JUNK:
            control.value = junk  # must not raise
            if app.error:
                assert "tidak" in app.error or "harus" in app.error or "periksa" in app.error.lower(), app.error
                assert "Traceback" not in app.message.value
            assert app.result is not None
        control.value = start
        assert app.error is None, f"{name}: back to {start!r} still shows {app.error}"
