"""What every app shares: starting values a control cannot take; charts redrawn in place, after the numbers."""

import gc

import toolkit
from toolkit import charts
from toolkit.widgets._base import collection_paused
from toolkit.widgets._png import figure_png
from toolkit.widgets.pricing import PriceBuilderApp


def test_unknown_choice_becomes_a_sentence_not_a_traceback():
    """Does PriceBuilderApp(rule="FOX") still draw, with a sentence listing the rules?"""
    app = PriceBuilderApp(rule="FOX")
    assert app.result is not None and app.figure is not None
    assert "Incoterms 2020 = &#x27;FOX&#x27; tidak diperbolehkan" in app.message.value
    assert "EXW, FCA" in app.message.value


def test_out_of_range_number_is_said_not_silently_clamped():
    """Is a buffer of 5 (500 %) reported, in percent as the slider shows it, with the value used instead?"""
    app = PriceBuilderApp(fx_buffer=5)
    assert "Cadangan kurs (FX buffer) = 500% tidak diperbolehkan: harus dari 0% sampai 20%; dipakai 20%" \
        in app.message.value


def test_note_stays_until_the_participant_sets_that_control():
    """Does the note stay while other controls change, and go once that control is set?"""
    app = PriceBuilderApp(rule="FOX")
    app.controls["fx_buffer"].value = 0.02
    assert "FOX" in app.message.value
    app.controls["rule"].value = "CIF"
    assert app.message.value == ""


def test_note_in_english(english):
    """Is the note in English after set_language("en")?"""
    assert toolkit.get_language() == "en"
    app = PriceBuilderApp(rule="FOX")
    assert "is not allowed: choose one of" in app.message.value


def test_a_change_redraws_the_same_figure_as_a_new_chart_would_look():
    """After a change, is the chart drawn into the same Figure, showing what a new one would?"""
    app = PriceBuilderApp()
    figure, shown = app.figure, app.image.value
    app.controls["rate"].value = 0.35
    assert app.figure is figure and app.image.value != shown
    new = charts.price_waterfall(app.result["steps"], cost=app.result["cost"])
    assert app.image.value == figure_png(new)


def test_the_numbers_reach_the_page_before_the_chart():
    """After a change, is the summary sent before the chart's new picture (never waiting on it)?"""
    app = PriceBuilderApp()
    sent = []
    app.summary.observe(lambda change: sent.append("summary"), names="value")
    app.image.observe(lambda change: sent.append("chart"), names="value")
    app.controls["rate"].value = 0.35
    assert sent == ["summary", "chart"]


def test_the_collector_is_paused_while_a_chart_is_drawn_and_back_after():
    """Is Python's garbage collector off during a refresh and on again after, also after an error?"""
    app = PriceBuilderApp()
    during = []
    app.image.observe(lambda change: during.append(gc.isenabled()), names="value")
    app.controls["rate"].value = 0.35
    assert during == [False] and gc.isenabled()
    app.controls["amount"].value = "abc"  # a box that cannot be read: a sentence, no chart
    assert app.error is not None and gc.isenabled()


def test_a_pause_inside_a_pause_leaves_the_collector_to_the_outer_one():
    """Does a nested pause (a control changed by another's refresh) keep the collector off?"""
    with collection_paused():
        with collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
