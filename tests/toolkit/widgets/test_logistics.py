"""Packing and mode planner: driven by setting control values, checked against toolkit.logistics."""

import ipywidgets as widgets
import pandas as pd
import pytest

import toolkit
from toolkit import logistics
from toolkit.i18n import format_money
from toolkit.widgets._controls import NumberBox
from toolkit.widgets.logistics import LogisticsApp


def carton(app):
    v = app.values()
    return dict(
        length_cm=v["length_cm"],
        width_cm=v["width_cm"],
        height_cm=v["height_cm"],
        weight_kg=v["weight_kg"],
    )


def test_default_order_matches_the_toolkit():
    """Does the app show the toolkit's cartons per container, containers, load and freight by mode?"""
    app = LogisticsApp(cartons=500)
    assert app.error is None
    assert app.result["per_container"] == logistics.cartons_per_container(60, 40, 40, 15) == 225
    assert app.result["containers"] == logistics.containers_needed(60, 40, 40, 15, cartons=500) == 3
    pd.testing.assert_frame_equal(
        app.result["load"], logistics.container_load(60, 40, 40, 15, cartons=500), check_dtype=False
    )
    expected = logistics.compare_modes(
        cartons=500,
        length_cm=60,
        width_cm=40,
        height_cm=40,
        weight_kg=15,
        units_per_carton=24,
        route="Jakarta-Shanghai",
    )
    pd.testing.assert_frame_equal(app.result["modes"], expected)
    assert app.result["cheapest"] == expected.loc[expected["usd_per_unit"].idxmin(), "mode"]
    assert app.result["packing"]["units"] == 12_000
    text = app.summary.value
    assert "<b>225 (9 × 5 × 5" in text and "<b>3 (" in text
    assert format_money(expected.loc[0, "freight_usd"], "USD") in text


def test_figure_is_the_container_fill():
    """Is a container-fill chart drawn, with one bar pair per group of containers?"""
    app = LogisticsApp(cartons=500)
    axes = app.figure.axes[0]
    # Two full 20GPs drawn once and the last one apart, each as a volume bar and a weight bar.
    assert len(axes.patches) == 4
    assert bytes(app.image.value).startswith(b"\x89PNG")


def test_container_and_upright_change_the_count():
    """Do the container type and the upright toggle change cartons per container as the toolkit says?"""
    app = LogisticsApp(length_cm=40, width_cm=40, height_cm=60, weight_kg=5, cartons=1000)
    assert app.result["per_container"] == 225
    app.controls["upright"].value = True
    assert (
        app.result["per_container"]
        == logistics.cartons_per_container(40, 40, 60, 5, upright=True)
        == 210
    )
    assert app.result["orientation"]["height_cm"] == 60
    app.controls["container"].value = "40HC"
    expected = logistics.cartons_per_container(40, 40, 60, 5, container="40HC", upright=True)
    assert app.result["per_container"] == expected
    assert app.result["containers"] == logistics.containers_needed(
        40, 40, 60, 5, cartons=1000, container="40HC", upright=True
    )
    assert "Karton per 40HC" in app.summary.value


def test_route_and_units_change_the_freight_per_unit():
    """Do the route and units per carton move the freight per unit as compare_modes does?"""
    app = LogisticsApp()
    app.controls["route"].value = "Jakarta-Rotterdam"
    app.controls["units_per_carton"].value = 12
    expected = logistics.compare_modes(
        **carton(app), cartons=100, units_per_carton=12, route="Jakarta-Rotterdam"
    )
    assert app.result["modes"]["usd_per_unit"].tolist() == pytest.approx(
        expected["usd_per_unit"].tolist()
    )


def test_a_carton_heavier_than_the_payload_is_a_sentence_and_keeps_the_last_result():
    """Is a carton over the payload a sentence in Indonesian (and English), with the last result kept?"""
    app = LogisticsApp(cartons=500)
    good = app.result
    app.controls["weight_kg"].value = 29_000
    assert app.error == (
        "Berat kotor per karton (kg) = 29.000 kg tidak diperbolehkan: satu karton lebih berat dari muatan "
        "maksimum 20GP (28230 kg)."
    )
    assert "Periksa isian" in app.message.value
    assert app.result is good
    toolkit.set_language("en")
    app.controls["weight_kg"].value = 29_000  # written again the English way: 29,000
    assert app.error.startswith("Gross kg per carton = 29,000 kg is not allowed: one carton is heavier")
    app.controls["weight_kg"].value = 15
    assert app.error is None and app.message.value == ""


def test_a_carton_too_big_for_the_box_is_a_sentence():
    """Is a 700 cm carton, which fits no 20GP, a sentence rather than a traceback?"""
    app = LogisticsApp()
    app.controls["length_cm"].value = 700
    assert "karton harus muat di dalam 20GP" in app.error
    app.controls["container"].value = "40GP"
    assert app.error is None
    assert app.result["per_container"] == logistics.cartons_per_container(
        700, 40, 40, 15, container="40GP"
    )


def test_no_allowed_value_raises():
    """Does every end of every control's range (and every option) give a result or a sentence, never a traceback?"""
    app = LogisticsApp()
    for name, control in app.controls.items():
        before = control.value
        if isinstance(control, widgets.Dropdown):
            values = list(control._options_values)
        elif isinstance(control, widgets.Checkbox):
            values = [True, False]
        elif isinstance(control, NumberBox):
            values = [v for v in (control.minimum, control.maximum) if v is not None]
        else:
            values = [control.min, control.max]
        for value in values:
            control.value = value
            assert app.error is None or app.error.endswith("."), (name, value)
        control.value = before
    assert app.error is None


def test_english_labels_after_set_language():
    """After set_language("en"), are the labels and the summary in English?"""
    toolkit.set_language("en")
    app = LogisticsApp()
    assert app.controls["weight_kg"].description == "Gross kg per carton"
    assert app.controls["upright"].description == "Keep cartons upright"
    assert "Cartons per 20GP" in app.summary.value
    assert "Sea LCL (shared container)" in app.summary.value
    assert "Packing and shipping-mode planner" in app.widget.children[0].value
