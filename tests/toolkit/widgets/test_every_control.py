"""A new participant touches every control: no value a control allows may raise, junk text gets a sentence.

Each app is driven the way a participant would: every slider to its minimum and maximum and back,
every number box typed with its bounds; every dropdown and toggle through each option; every box
(words, numbers, dates) given junk. Nothing may raise; junk must leave a sentence in the app's
message, in Indonesian, naming the box, with the last result greyed out.
"""

import ipywidgets as widgets
import pytest

from toolkit.widgets._controls import DateBox, NumberBox, _Field
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
    if isinstance(control, NumberBox):
        ends = [end for end in (control.minimum, control.maximum) if end is not None]
        return [control.write(end) for end in ends]
    if isinstance(control, DateBox):
        return ["01/01/2026", "21/03/2026", "31/12/2027"]
    if hasattr(control, "min") and hasattr(control, "max"):
        return [control.min, control.max, (control.min + control.max) / 2 if isinstance(control.value, float)
                else (control.min + control.max) // 2]
    return []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.__name__)
def test_every_allowed_value_draws_without_a_traceback(app_class, language):
    """Does every value every control allows leave the app drawn or saying why, never raising?"""
    import toolkit

    toolkit.set_language(language)
    app = app_class()
    for name, control in app.controls.items():
        start = control.value
        for value in _values(control):
            control.value = value  # must not raise
            assert app.error is None or app.error.endswith("."), f"{name}={value!r}: {app.error}"
            assert (app.error is None) != app.stale or app.result is None, f"{name}={value!r}"
        control.value = start
        assert app.error is None, f"{name}: back to {start!r} still shows {app.error}"


@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.__name__)
def test_junk_typed_in_text_boxes_gets_a_sentence(app_class):
    """Does junk typed in any box give an Indonesian sentence naming the box, the last result greyed out?"""
    app = app_class()
    texts = {name: c for name, c in app.controls.items()
             if isinstance(c, (widgets.Text, widgets.Textarea, _Field))}
    assert app.error is None
    for name, control in texts.items():
        start = control.value
        for junk in JUNK:
            control.value = junk  # must not raise
            if app.error:
                assert "tidak" in app.error or "harus" in app.error or "belum" in app.error \
                    or "kosong" in app.error or "tanpa" in app.error or "bukan" in app.error, app.error
                assert "Traceback" not in app.message.value
                assert app.stale and "ke-stale" in app.summary._dom_classes
            assert app.result is not None
        control.value = start
        assert app.error is None, f"{name}: back to {start!r} still shows {app.error}"
        assert not app.stale and "ke-stale" not in app.summary._dom_classes


def _widgets_in(widget) -> list:
    """``widget`` and every widget inside it (boxes, tabs, accordions)."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _widgets_in(child)
    return found


@pytest.mark.parametrize("app_class", APPS, ids=lambda c: c.__name__)
def test_no_slider_shows_the_browsers_own_readout(app_class):
    """Is every slider's readout written by the kernel ("3", "3,0%")? The browser's own readout is
    English ("3.0%"), can be typed into unchecked, and module 08's buffer readout wrapped at 1024 px
    under its slider, drawn over the summary."""
    app = app_class()
    browser_readouts = [
        w.description for w in _widgets_in(app.widget)
        if isinstance(w, (widgets.IntSlider, widgets.FloatSlider)) and w.readout
    ]
    assert not browser_readouts, browser_readouts
