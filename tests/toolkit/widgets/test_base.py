"""What every app shares: starting values typed in a cell that a control cannot take."""

import toolkit
from toolkit.widgets.pricing import PriceBuilderApp


def test_unknown_choice_becomes_a_sentence_not_a_traceback():
    """Does PriceBuilderApp(rule="FOX") still draw, with a sentence listing the rules?"""
    app = PriceBuilderApp(rule="FOX")
    assert app.result is not None and app.figure is not None
    assert "rule = &#x27;FOX&#x27; tidak diperbolehkan" in app.message.value
    assert "EXW, FCA" in app.message.value


def test_out_of_range_number_is_said_not_silently_clamped():
    """Is a buffer of 5 (500 %) reported with the range and the value used instead?"""
    app = PriceBuilderApp(fx_buffer=5)
    assert "fx_buffer = 5" in app.message.value and "dipakai" in app.message.value


def test_note_goes_once_the_participant_moves_a_control():
    """Does the note disappear after the first change of a control?"""
    app = PriceBuilderApp(rule="FOX")
    app.controls["fx_buffer"].value = 0.02
    assert app.message.value == ""


def test_note_in_english(english):
    """Is the note in English after set_language("en")?"""
    assert toolkit.get_language() == "en"
    app = PriceBuilderApp(rule="FOX")
    assert "is not allowed: choose one of" in app.message.value
