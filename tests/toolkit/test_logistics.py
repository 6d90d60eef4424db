"""Tests for toolkit.logistics: CBM, chargeable weight, containers, packing lists, modes."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import set_language
from toolkit.data import load, provenance
from toolkit.errors import InputError
from toolkit.logistics import (
    MODES,
    PACKING_LIST_COLUMNS,
    cartons_per_container,
    cbm,
    chargeable_weight,
    compare_modes,
    container_load,
    containers,
    containers_needed,
    freight_rates,
    mixed_stow,
    orientations,
    packing_list,
    rate_card,
    revenue_tons,
)


@pytest.fixture(autouse=True)
def indonesian_again():
    """Every test starts and ends in Indonesian, whatever it switched to."""
    set_language("id")
    yield
    set_language("id")


def raises_in_both(call, argument, id_text, en_text):
    """Call twice, in Indonesian then in English; both messages name the argument and the rule.

    ``argument`` may be an ``(indonesian, english)`` pair where the languages write it apart
    ("baris 2" and "line 2", "2,5" and "2.5").
    """
    id_argument, en_argument = argument if isinstance(argument, tuple) else (argument, argument)
    with pytest.raises(InputError) as caught:
        call()
    assert id_argument in str(caught.value)
    assert id_text in str(caught.value)
    set_language("en")
    with pytest.raises(InputError) as caught:
        call()
    assert en_argument in str(caught.value)
    assert en_text in str(caught.value)
    set_language("id")
    return caught.value


# Carton sizes and weights a village workshop might pack; containers and orientation choice.
sides = st.floats(min_value=5, max_value=300, allow_nan=False, allow_infinity=False)
weights = st.floats(min_value=0.2, max_value=3000, allow_nan=False, allow_infinity=False)
codes = st.sampled_from(["20GP", "40GP", "40HC"])


# ---------------------------------------------------------------------------------------------
# CBM, chargeable weight, revenue tons


def test_cbm_of_one_carton():
    """Is a 60 × 40 × 40 cm carton 0.096 CBM?"""
    assert cbm(60, 40, 40) == pytest.approx(0.096)


def test_cbm_of_a_hundred_cartons():
    """Do 100 such cartons take 9.6 CBM?"""
    assert cbm(60, 40, 40, quantity=100) == pytest.approx(9.6)


@given(length=sides, width=sides, height=sides, quantity=st.integers(1, 10_000))
def test_cbm_scales_linearly_with_quantity(length, width, height, quantity):
    """Do n cartons take n times the CBM of one?"""
    assert cbm(length, width, height, quantity=quantity) == pytest.approx(
        quantity * cbm(length, width, height), rel=1e-12
    )


def test_air_charges_gross_weight_when_heavier():
    """Ten 50 × 40 × 30 cartons at 12 kg: volumetric 10 × 60 000 / 6000 = 100 kg < gross 120 kg,
    so is 120 kg charged?"""
    assert chargeable_weight(120, 50, 40, 30, pieces=10) == pytest.approx(120)


def test_air_charges_volumetric_weight_when_bulkier():
    """The same cartons at 6 kg each (60 kg gross): is the volumetric 100 kg charged?"""
    assert chargeable_weight(60, 50, 40, 30, pieces=10) == pytest.approx(100)


def test_courier_divisor_gives_more_volumetric_weight():
    """With a courier's divisor of 5000 is it 10 × 60 000 / 5000 = 120 kg, above 110 kg gross?"""
    assert chargeable_weight(110, 50, 40, 30, pieces=10, divisor=5000) == pytest.approx(120)


def test_revenue_tons_by_volume():
    """2.5 CBM weighing 1800 kg: is it charged as 2.5 revenue tons (volume beats 1.8 t)?"""
    assert revenue_tons(2.5, 1800) == pytest.approx(2.5)


def test_revenue_tons_minimum():
    """0.4 CBM weighing 300 kg: is the minimum of 1 revenue ton charged?"""
    assert revenue_tons(0.4, 300) == pytest.approx(1.0)


def test_revenue_tons_by_weight():
    """1.2 CBM of palm sugar weighing 3000 kg: do the 3 tonnes set the charge?"""
    assert revenue_tons(1.2, 3000) == pytest.approx(3.0)


def test_revenue_tons_without_minimum():
    """With minimum=0, is a 0.4 CBM, 300 kg shipment 0.4 revenue tons?"""
    assert revenue_tons(0.4, 300, minimum=0) == pytest.approx(0.4)


@given(volume=st.floats(0.01, 100), weight=st.floats(1, 50_000), minimum=st.floats(0, 5))
def test_revenue_tons_is_the_largest_of_the_three(volume, weight, minimum):
    """Is the charge never below any of CBM, tonnes and the minimum, and equal to one of them?"""
    rt = revenue_tons(volume, weight, minimum=minimum)
    assert rt >= volume and rt >= weight / 1000 and rt >= minimum
    assert rt in (volume, weight / 1000, minimum)


# ---------------------------------------------------------------------------------------------
# Containers


def test_container_table_matches_the_design():
    """Are the class's reference sizes those of design.md section 3.2?"""
    table = containers().set_index("code")
    assert table.loc["20GP", ["length_mm", "width_mm", "height_mm", "payload_kg"]].tolist() == [
        5898,
        2352,
        2393,
        28230,
    ]
    assert table.loc["40HC", "height_mm"] == 2698
    # 5.898 × 2.352 × 2.393 m = 33.196 m³; usable is less.
    assert table.loc["20GP", "volume_cbm"] == pytest.approx(33.196, abs=1e-3)
    assert (table["usable_cbm"] < table["volume_cbm"]).all()


def test_twenty_foot_with_standard_cartons():
    """Do 225 cartons of 60 × 40 × 40 cm fit in a 20GP (5898 × 2352 × 2393 mm)?

    By hand, in cm, inside 589.8 × 235.2 × 239.3:
      60 along the length: 589.8/60 = 9, 235.2/40 = 5, 239.3/40 = 5 → 9 × 5 × 5 = 225
      60 across:           589.8/40 = 14, 235.2/60 = 3, 239.3/40 = 5 → 210
      60 upwards:          589.8/40 = 14, 235.2/40 = 5, 239.3/60 = 3 → 210
    so 60 along the length wins with 225. At 15 kg the payload (28 230 kg → 1882 cartons)
    does not bind.
    """
    assert cartons_per_container(60, 40, 40, weight_kg=15) == 225
    table = orientations(60, 40, 40, weight_kg=15)
    assert table[["along_length", "along_width", "along_height"]].iloc[0].tolist() == [9, 5, 5]
    assert sorted(table["grid"].tolist()) == [210, 210, 225]


def test_same_carton_in_forty_foot_boxes():
    """40GP: 1203.2/60 = 20, 5, 5 → 500; 40HC: 20 × 5 × (269.8/40 = 6) = 600. Right?"""
    assert cartons_per_container(60, 40, 40, weight_kg=15, container="40GP") == 500
    assert cartons_per_container(60, 40, 40, weight_kg=15, container="40HC") == 600


def test_payload_caps_heavy_cartons():
    """At 200 kg a carton, does the payload stop the 20GP at floor(28 230 / 200) = 141, not 225?"""
    assert cartons_per_container(60, 40, 40, weight_kg=200) == 141


def test_upright_can_cost_room():
    """A tall 50 × 40 × 80 cm carton in a 20GP: does "this side up" fit 112, lying down 140?

    Upright, 80 stays vertical (239.3/80 = 2 layers):
      50 × 40 on the floor: 589.8/50 = 11, 235.2/40 = 5 → 11 × 5 × 2 = 110
      40 × 50 on the floor: 589.8/40 = 14, 235.2/50 = 4 → 14 × 4 × 2 = 112
    Free, 80 along the length: 589.8/80 = 7, 235.2/50 = 4, 239.3/40 = 5 → 140.
    """
    assert cartons_per_container(50, 40, 80, weight_kg=10, upright=True) == 112
    assert cartons_per_container(50, 40, 80, weight_kg=10) == 140
    upright = orientations(50, 40, 80, weight_kg=10, upright=True)
    assert len(upright) == 2 and upright["upright"].all()
    assert (upright["height_cm"] == 80).all()


def test_carton_larger_than_the_box():
    """Does a carton longer than any side of a 20GP (600 cm) give 0 cartons, not an error?"""
    assert cartons_per_container(600, 40, 40, weight_kg=15) == 0
    assert cartons_per_container(250, 250, 250, weight_kg=15) == 0


def test_carton_heavier_than_the_payload():
    """Does one carton heavier than the payload give 0?"""
    assert cartons_per_container(60, 40, 40, weight_kg=30_000) == 0


def test_decimal_sizes_count_exactly():
    """Does a carton of 58.98 cm fit exactly 10 times in 5898 mm (no float rounding loss)?"""
    table = orientations(58.98, 235.2, 239.3, weight_kg=1, upright=True)
    assert table.loc[0, ["along_length", "along_width", "along_height"]].tolist() == [10, 1, 1]


def test_container_code_is_forgiving_about_case():
    """Is " 40hc " read as 40HC?"""
    assert cartons_per_container(60, 40, 40, 15, container=" 40hc ") == 600


@settings(max_examples=150, deadline=None)
@given(length=sides, width=sides, height=sides, weight=weights, code=codes, upright=st.booleans())
def test_a_container_is_never_overloaded(length, width, height, weight, code, upright):
    """Is the best grid within the box in each dimension, in volume and in payload, and full?"""
    box = containers().set_index("code").loc[code]
    best = orientations(length, width, height, weight, container=code, upright=upright).iloc[0]
    n = int(best["cartons"])
    assert n == cartons_per_container(
        length, width, height, weight, container=code, upright=upright
    )
    for side in ("length", "width", "height"):
        # Exact arithmetic: the sizes as written, in mm.
        placed = Fraction(repr(float(best[f"{side}_cm"]))) * 10
        along = int(best[f"along_{side}"])
        assert along * placed <= box[f"{side}_mm"]
        # ... and the grid is full: one more carton in that direction would stick out.
        assert (along + 1) * placed > box[f"{side}_mm"]
    assert n <= best["grid"]
    assert n * cbm(length, width, height) <= box["volume_cbm"] * (1 + 1e-12)
    assert n * weight <= box["payload_kg"] * (1 + 1e-12)
    if n < best["grid"]:  # the payload binds: one more carton would be too heavy
        assert (n + 1) * weight > box["payload_kg"]


@settings(max_examples=150, deadline=None)
@given(length=sides, width=sides, height=sides, weight=weights, code=codes)
def test_upright_never_beats_free(length, width, height, weight, code):
    """Does keeping the height vertical never fit more cartons than any orientation?"""
    free = cartons_per_container(length, width, height, weight, container=code)
    upright = cartons_per_container(length, width, height, weight, container=code, upright=True)
    assert upright <= free


@settings(max_examples=100, deadline=None)
@given(length=sides, width=sides, height=sides, weight=weights, code=codes)
def test_the_order_of_the_sides_does_not_matter(length, width, height, weight, code):
    """Free loading tries every orientation, so is the count the same however the sides are
    listed (and, upright, whichever of length and width comes first)?"""
    counts = {
        cartons_per_container(*sides_, weight, container=code)
        for sides_ in [
            (length, width, height),
            (width, height, length),
            (height, length, width),
            (length, height, width),
        ]
    }
    assert len(counts) == 1
    assert cartons_per_container(
        length, width, height, weight, code, upright=True
    ) == cartons_per_container(width, length, height, weight, code, upright=True)


@settings(max_examples=100, deadline=None)
@given(length=sides, width=sides, height=sides)
def test_a_bigger_box_holds_at_least_as_many(length, width, height):
    """With the payload out of the way (1 g cartons: even 5 cm cubes stay under it), does a 40HC
    hold at least what a 40GP holds, and a 40GP at least what a 20GP holds?"""
    boxes = ("20GP", "40GP", "40HC")
    counts = [cartons_per_container(length, width, height, 0.001, container=c) for c in boxes]
    assert counts[0] <= counts[1] <= counts[2]


def test_container_load_fills_boxes_in_turn():
    """500 cartons of 60 × 40 × 40 at 15 kg: 225 + 225 + 50 in three 20GPs?"""
    load = container_load(60, 40, 40, weight_kg=15, cartons=500)
    assert load["container"].tolist() == [1, 2, 3]
    assert load["cartons"].tolist() == [225, 225, 50]
    assert (load["code"] == "20GP").all()
    # A full box: 225 × 0.096 = 21.6 CBM of 33.196 → 65 %; 225 × 15 = 3375 kg of 28 230 → 12 %.
    assert load.loc[0, "cbm"] == pytest.approx(21.6)
    assert load.loc[0, "volume_utilisation"] == pytest.approx(21.6 / 33.196, rel=1e-4)
    assert load.loc[0, "weight_utilisation"] == pytest.approx(3375 / 28230)
    assert load.loc[2, "gross_kg"] == pytest.approx(750)
    assert containers_needed(60, 40, 40, weight_kg=15, cartons=500) == 3


def test_heavy_load_is_flagged_over_the_road_limit():
    """462 cartons of 50 kg (23,1 t) fit a 20GP's payload (28,23 t) but not the roads (21 t): flagged?"""
    load = container_load(50, 35, 30, weight_kg=50, cartons=500)
    assert load.loc[0, "gross_kg"] == 23_100
    assert bool(load.loc[0, "over_road_limit"])
    assert not container_load(60, 40, 40, weight_kg=15, cartons=500)["over_road_limit"].any()


def test_mixed_stow_by_hand():
    """50 × 35 × 30 upright in a 20GP: 4 rows across + 1 turned row = 75 a layer × 7 = 525 vs 462, 2 mm spare?"""
    stow = mixed_stow(50, 35, 30, weight_kg=21, upright=True)
    assert (stow["cartons"], stow["uniform"], stow["per_layer"], stow["layers"]) == (525, 462, 75, 7)
    assert stow["spare_mm"] == pytest.approx(2)
    bags = mixed_stow(60, 40, 40, weight_kg=8)  # 3 rows of 60 across + 1 of 40: 51 a layer × 5
    assert (bags["cartons"], bags["uniform"]) == (255, 225)
    assert mixed_stow(50, 35, 30, weight_kg=100, upright=True)["cartons"] == 282  # payload: 28 230 // 100


@settings(max_examples=80, deadline=None)
@given(
    st.integers(20, 120), st.integers(20, 120), st.integers(20, 120),
    st.sampled_from(["20GP", "40GP", "40HC"]), st.booleans(),
)
def test_mixed_stow_never_below_the_uniform_grid(length, width, height, code, upright):
    """Does a mixed layer never hold fewer cartons than the uniform grid, nor more than the box's volume allows?"""
    stow = mixed_stow(length, width, height, weight_kg=1, container=code, upright=upright)
    assert stow["cartons"] >= cartons_per_container(length, width, height, 1, code, upright)
    box = containers().set_index("code").loc[code]
    assert stow["cartons"] * length * width * height / 1e6 <= box["volume_cbm"] + 1e-9


def test_exact_multiple_has_no_partial_box():
    """Do 450 cartons fill exactly two 20GPs, with no empty third row?"""
    load = container_load(60, 40, 40, weight_kg=15, cartons=450)
    assert load["cartons"].tolist() == [225, 225]


def test_one_forty_high_cube_takes_the_lot():
    """Do 500 of those cartons fit in one 40HC (600 a box)?"""
    assert containers_needed(60, 40, 40, 15, cartons=500, container="40HC") == 1


@settings(max_examples=100, deadline=None)
@given(
    length=sides,
    width=sides,
    height=sides,
    weight=st.floats(0.2, 500),
    cartons=st.integers(1, 5000),
    code=codes,
)
def test_container_load_accounts_for_every_carton(length, width, height, weight, cartons, code):
    """Are all cartons loaded, every box but the last full, and none past 100 %?"""
    if cartons_per_container(length, width, height, weight, container=code) == 0:
        return
    load = container_load(length, width, height, weight, cartons, container=code)
    per_box = cartons_per_container(length, width, height, weight, container=code)
    assert load["cartons"].sum() == cartons
    assert (load["cartons"].iloc[:-1] == per_box).all()
    assert 0 < load["cartons"].iloc[-1] <= per_box
    assert len(load) == containers_needed(length, width, height, weight, cartons, container=code)
    assert (load["volume_utilisation"] <= 1 + 1e-12).all()
    assert (load["weight_utilisation"] <= 1 + 1e-12).all()


def test_no_box_for_an_oversize_carton():
    """Does asking how many containers a 3 m carton needs explain, in both languages, why not?"""
    raises_in_both(
        lambda: containers_needed(300, 250, 250, weight_kg=15, cartons=3),
        "length_cm × width_cm × height_cm",
        "karton harus muat di dalam 20GP",
        "the carton must fit inside a 20GP",
    )


def test_no_box_for_an_overweight_carton():
    """Does a carton heavier than the payload name weight_kg and the payload?"""
    raises_in_both(
        lambda: container_load(60, 40, 40, weight_kg=30_000, cartons=3),
        "weight_kg",
        "lebih berat dari muatan maksimum 20GP (28230 kg)",
        "heavier than the 20GP's payload (28230 kg)",
    )


# ---------------------------------------------------------------------------------------------
# Packing list


def bag_order() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item": ["Tas anyaman M", "Tas anyaman L", "Dompet kulit"],
            "cartons": [40, 25, 10],
            "length_cm": [60, 70, 40],
            "width_cm": [40, 50, 30],
            "height_cm": [40, 40, 20],
            "gross_kg_per_carton": [12.5, 16.0, 8.0],
            "net_kg_per_carton": [11.0, 14.5, 7.2],
            "units_per_carton": [24, 18, 50],
        }
    )


def test_packing_list_lines_and_total():
    """Are per-line and total cartons, units, weights and CBM the hand-computed ones?"""
    table = packing_list(bag_order())
    assert list(table.columns) == ["item", "cartons", "units", "net_kg", "gross_kg", "cbm"]
    lines, total = table.iloc[:-1], table.iloc[-1]
    assert lines["units"].tolist() == [960, 450, 500]  # 40 × 24, 25 × 18, 10 × 50
    assert lines["gross_kg"].tolist() == pytest.approx([500, 400, 80])
    assert lines["net_kg"].tolist() == pytest.approx([440, 362.5, 72])
    # 40 × 0.096 = 3.84, 25 × 0.14 = 3.5, 10 × 0.024 = 0.24
    assert lines["cbm"].tolist() == pytest.approx([3.84, 3.5, 0.24])
    assert total["item"] == "Jumlah"
    assert total["cartons"] == 75 and total["units"] == 1910
    assert total["gross_kg"] == pytest.approx(980)
    assert total["net_kg"] == pytest.approx(874.5)
    assert total["cbm"] == pytest.approx(7.58)


def test_packing_list_total_label_follows_the_language():
    """Is the total row labelled Total in English, and can it be left out?"""
    set_language("en")
    assert packing_list(bag_order())["item"].iloc[-1] == "Total"
    set_language("id")
    assert len(packing_list(bag_order(), total=False)) == 3


def test_packing_list_from_a_list_of_dicts():
    """Does a list of dicts give the same totals as a DataFrame?"""
    rows = bag_order().to_dict("records")
    pd.testing.assert_frame_equal(packing_list(rows), packing_list(bag_order()))


def test_packing_list_names_missing_columns():
    """Does a table without weights name the missing columns in both languages?"""
    items = bag_order().drop(columns=["gross_kg_per_carton", "net_kg_per_carton"])
    raises_in_both(
        lambda: packing_list(items),
        "items",
        "kolom yang belum ada: gross_kg_per_carton, net_kg_per_carton",
        "the columns gross_kg_per_carton, net_kg_per_carton are missing",
    )


def test_packing_list_points_at_the_bad_cell():
    """Does a negative carton count on the second line name items['cartons'][1]?"""
    items = bag_order()
    items.loc[1, "cartons"] = -5
    raises_in_both(
        lambda: packing_list(items),
        ("items, cartons, baris 2 = -5", "items, cartons, line 2 = -5"),
        "bilangan bulat minimal 1",
        "a whole number of at least 1",
    )


def test_packing_list_net_above_gross():
    """Is a net weight above the gross weight refused?"""
    items = bag_order()
    items.loc[0, "net_kg_per_carton"] = 13.0
    raises_in_both(
        lambda: packing_list(items),
        ("items, net_kg_per_carton, baris 1", "items, net_kg_per_carton, line 1"),
        "berat bersih tidak boleh melebihi berat kotor",
        "the net weight cannot exceed the gross weight",
    )


@pytest.mark.parametrize("items", [None, "tas", 42, pd.DataFrame(columns=PACKING_LIST_COLUMNS)])
def test_packing_list_needs_a_table_with_rows(items):
    """Are a missing, non-table or empty `items` refused?"""
    with pytest.raises(InputError) as caught:
        packing_list(items)
    assert caught.value.argument == "items"
    assert "items" in caught.value.messages["id"] and "items" in caught.value.messages["en"]


# ---------------------------------------------------------------------------------------------
# Rate cards and modes


def test_rate_card_is_marked_illustrative():
    """Does the rate file say loudly, in its header, that it is illustrative and not a quote?"""
    header = provenance("freight_rates")
    assert "ILLUSTRATIVE" in header
    assert "not a quote" in header and "ask a forwarder" in header
    assert "compiled 2026-11" in header and "2026-12" in header


def test_rate_card_covers_the_course_routes():
    """Are the seven destinations there, each with every rate, positive, and a date?"""
    table = freight_rates()
    assert table["route"].tolist() == [
        "Jakarta-Shanghai",
        "Jakarta-Guangzhou",
        "Jakarta-Tokyo",
        "Jakarta-Rotterdam",
        "Jakarta-Los Angeles",
        "Jakarta-Jeddah",
        "Jakarta-Port Klang",
    ]
    assert table["date"].notna().all()
    numbers = table.drop(
        columns=["route", "destination", "destination_port", "destination_airport", "date"]
    )
    assert numbers.notna().all().all() and (numbers > 0).all().all()


def test_rate_card_is_internally_sensible():
    """Do bigger boxes cost more, and does LCL take at least as long as FCL and air less?"""
    t = freight_rates()
    assert (t["fcl_20gp_usd"] < t["fcl_40gp_usd"]).all()
    assert (t["fcl_40gp_usd"] <= t["fcl_40hc_usd"]).all()
    assert (t["lcl_transit_days"] >= t["fcl_transit_days"]).all()
    assert (t["air_transit_days"] < t["fcl_transit_days"]).all()
    assert (t["fcl_origin_20_usd"] < t["fcl_origin_40_usd"]).all()
    assert (t["fcl_destination_20_usd"] < t["fcl_destination_40_usd"]).all()
    assert (t["courier_usd_per_kg"] > t["air_usd_per_kg"]).all()  # door to door costs more per kg


def test_freight_rates_is_a_fresh_copy():
    """Can a notebook change its copy of the rates without changing the next caller's?"""
    mine = freight_rates()
    mine.loc[0, "fcl_20gp_usd"] = 1
    assert freight_rates().loc[0, "fcl_20gp_usd"] == load("freight_rates").loc[0, "fcl_20gp_usd"]
    assert freight_rates().loc[0, "fcl_20gp_usd"] != 1


@pytest.mark.parametrize(
    "name", ["Jakarta-Tokyo", "tokyo", "TOKYO", "jakarta tokyo", " Jakarta-Tokyo "]
)
def test_routes_by_any_reasonable_name(name):
    """Is a route found by its full name or its destination, whatever the case?"""
    assert rate_card(name)["route"] == "Jakarta-Tokyo"


def test_kuala_lumpur_is_port_klang():
    """Does "Kuala Lumpur" find the Port Klang route?"""
    assert rate_card("Kuala Lumpur")["route"] == "Jakarta-Port Klang"


def test_unknown_route_lists_the_routes():
    """Does an unknown route list the known ones in both languages?"""
    raises_in_both(
        lambda: rate_card("Paris"),
        "route = 'Paris'",
        "pilih salah satu dari: Jakarta-Shanghai",
        "choose one of: Jakarta-Shanghai",
    )


def test_own_quote_replaces_one_rate():
    """Does a forwarder's quote replace only the rate it names?"""
    card = rate_card("Shanghai", rates={"fcl_20gp_usd": 520})
    assert card["fcl_20gp_usd"] == 520
    assert card["fcl_40gp_usd"] == freight_rates().loc[0, "fcl_40gp_usd"]


def test_own_quote_with_an_unknown_rate_name():
    """Does a misspelt rate name list the rate names?"""
    raises_in_both(
        lambda: rate_card(rates={"fcl20": 520}),
        "rates = 'fcl20'",
        "pilih salah satu dari: lcl_usd_per_rt",
        "choose one of: lcl_usd_per_rt",
    )


def test_own_quote_must_be_a_number():
    """Is a negative or text rate refused, naming the rate?"""
    raises_in_both(
        lambda: rate_card(rates={"air_usd_per_kg": "3,5"}),
        "rates, air_usd_per_kg = '3,5'",
        "harus berupa angka minimal 0",
        "it must be a number of at least 0",
    )


def shanghai_order(**extra):
    order = dict(
        cartons=100,
        length_cm=60,
        width_cm=40,
        height_cm=40,
        weight_kg=15,
        units_per_carton=24,
        route="Jakarta-Shanghai",
    )
    order.update(extra)
    return compare_modes(**order)


def test_compare_modes_by_hand():
    """100 cartons of 60 × 40 × 40 at 15 kg, 24 bags each, to Shanghai (card: LCL 35/RT min 60,
    FCL 450/750/800, air 2.80/kg min 80, courier 7.50/kg): are the charges the hand-computed ones?

    LCL: 9.6 CBM vs 1.5 t → 9.6 RT × 35 = 336; ends 9.6 × (15 + 20) = 336; documents 60 → 732.
    FCL: one box of each kind (100 ≤ 225); 20GP 450 + 130 + 120 + 100 = 800; 40GP 750 + 195 + 180
    + 100 = 1225; 40HC 800 + 195 + 180 + 100 = 1275. Air: volumetric 100 × 96 000 / 6000 = 1600 kg
    vs 1500 kg gross → 1600 × 2.80 = 4480; ends 1600 × (0.15 + 0.25) = 640; documents 60 → 5180.
    Courier: 100 × 96 000 / 5000 = 1920 kg × 7.50 = 14 400, door to door.
    Units: 100 × 24 = 2400 bags.
    """
    table = shanghai_order()
    assert table["mode"].tolist() == list(MODES)
    assert table["basis"].tolist() == [
        "revenue_ton",
        "container",
        "container",
        "container",
        "chargeable_kg",
        "chargeable_kg",
    ]
    assert table["chargeable_quantity"].tolist() == pytest.approx([9.6, 1, 1, 1, 1600, 1920])
    assert table["freight_usd"].tolist() == pytest.approx([336, 450, 750, 800, 4480, 14_400])
    totals = [732, 800, 1225, 1275, 5180, 14_400]
    assert table["total_usd"].tolist() == pytest.approx(totals)
    assert table["usd_per_unit"].tolist() == pytest.approx([t / 2400 for t in totals])
    assert table["transit_days"].tolist() == [14, 9, 9, 9, 2, 3]
    assert not table["minimum_applied"].any()


def test_charges_at_both_ends_reverse_the_tokyo_choice():
    """150 cartons (14.4 CBM) to Tokyo: LCL freight is USD 2 below a 20GP, but is the 20GP cheaper all in?"""
    order = dict(cartons=150, length_cm=60, width_cm=40, height_cm=40, weight_kg=8,
                 units_per_carton=20, route="Jakarta-Tokyo")
    table = compare_modes(**order).set_index("mode")
    assert table.loc["LCL", "freight_usd"] < table.loc["FCL 20GP", "freight_usd"]
    assert table.loc["LCL", "total_usd"] == pytest.approx(648 + 14.4 * (15 + 50) + 60)
    assert table.loc["FCL 20GP", "total_usd"] == pytest.approx(650 + 130 + 350 + 100)
    assert table["usd_per_unit"].idxmin() == "FCL 20GP"
    small = compare_modes(**{**order, "cartons": 40}).set_index("mode")
    assert small["usd_per_unit"].idxmin() == "LCL"


def test_small_shipment_pays_the_minimum():
    """Five cartons to Shanghai: 0.48 CBM → 1 RT × 35 = 35 < 60 minimum; air 80 kg × 2.80 = 224;
    courier 96 kg × 7.50 = 720. Is LCL charged the USD 60 minimum?"""
    table = shanghai_order(cartons=5).set_index("mode")
    assert table.loc["LCL", "chargeable_quantity"] == pytest.approx(1.0)
    assert table.loc["LCL", "freight_usd"] == pytest.approx(60)
    assert table.loc["LCL", "minimum_applied"]
    assert table.loc["air", "freight_usd"] == pytest.approx(224)
    assert table.loc["courier", "chargeable_quantity"] == pytest.approx(96)
    assert table.loc["courier", "total_usd"] == pytest.approx(720)


def test_big_order_needs_several_boxes():
    """1000 cartons: 20GP holds 225 → 5 boxes × 450; 40HC holds 600 → 2 × 800; charges per box?"""
    table = shanghai_order(cartons=1000).set_index("mode")
    assert table.loc["FCL 20GP", "chargeable_quantity"] == 5
    assert table.loc["FCL 20GP", "freight_usd"] == pytest.approx(2250)
    assert table.loc["FCL 20GP", "origin_usd"] == pytest.approx(5 * 130)
    assert table.loc["FCL 40HC", "chargeable_quantity"] == 2
    assert table.loc["FCL 40HC", "freight_usd"] == pytest.approx(1600)
    assert table.loc["FCL 40HC", "destination_usd"] == pytest.approx(2 * 180)


def test_compare_modes_with_own_quotes_and_tables():
    """Do a dict of quotes and a whole rate table both reach the result?"""
    quoted = shanghai_order(rates={"lcl_usd_per_rt": 50}).set_index("mode")
    assert quoted.loc["LCL", "freight_usd"] == pytest.approx(9.6 * 50)
    table = freight_rates()
    table.loc[table["route"] == "Jakarta-Shanghai", "fcl_40hc_usd"] = 999
    tabled = shanghai_order(rates=table).set_index("mode")
    assert tabled.loc["FCL 40HC", "freight_usd"] == pytest.approx(999)


def test_compare_modes_labels_follow_the_language():
    """Are the mode and unit labels Indonesian by default and English after set_language("en")?"""
    table = shanghai_order()
    assert table.loc[4, "mode_label"] == "Kargo udara (lewat forwarder)"
    assert table.loc[0, "unit"] == "revenue ton (W/M)"
    assert table.loc[1, "unit"] == "kontainer"
    set_language("en")
    table = shanghai_order()
    assert table.loc[4, "mode_label"] == "Air cargo (through a forwarder)"
    assert table.loc[1, "unit"] == "containers"
    assert table["mode"].tolist() == list(MODES)  # the codes do not change


def test_upright_reaches_the_container_count():
    """Tall 50 × 40 × 80 cartons, 126 of them: lying down 140 fit a 20GP, upright only 112;
    does upright=True ask for a second 20GP?"""
    common = dict(length_cm=50, width_cm=40, height_cm=80, cartons=126, weight_kg=10)
    free = shanghai_order(**common).set_index("mode")
    upright = shanghai_order(**common, upright=True).set_index("mode")
    assert free.loc["FCL 20GP", "chargeable_quantity"] == 1
    assert upright.loc["FCL 20GP", "chargeable_quantity"] == 2


def test_oversize_carton_has_no_fcl_price():
    """Does a carton that fits no container leave the FCL rows empty (NaN) but price LCL and air?"""
    table = shanghai_order(cartons=1, length_cm=250, width_cm=250, height_cm=250, weight_kg=90)
    fcl = table[table["basis"] == "container"]
    assert fcl["freight_usd"].isna().all() and fcl["total_usd"].isna().all()
    assert not table[table["basis"] != "container"]["total_usd"].isna().any()


# ---------------------------------------------------------------------------------------------
# Bad inputs, in both languages

carton = dict(length_cm=60, width_cm=40, height_cm=40, weight_kg=15)
POSITIVE = ("harus berupa angka lebih dari 0", "it must be a number greater than 0")
WHOLE = ("harus berupa bilangan bulat minimal 1", "it must be a whole number of at least 1")


@pytest.mark.parametrize("bad", [-60, 0, "60", None, math.nan, math.inf, True, [60]])
@pytest.mark.parametrize("argument", ["length_cm", "width_cm", "height_cm", "weight_kg"])
def test_bad_carton_sizes_and_weights(argument, bad):
    """Is every bad size or weight refused, naming the argument, in both languages?"""
    raises_in_both(
        lambda: cartons_per_container(**{**carton, argument: bad}),
        f"{argument} = {bad!r}",
        *POSITIVE,
    )


@pytest.mark.parametrize(
    "call, argument, allowed",
    [
        (lambda: cbm(0, 40, 40), "length_cm = 0", POSITIVE),
        (lambda: cbm(60, 40, 40, quantity=0), "quantity = 0", WHOLE),
        (lambda: cbm(60, 40, 40, quantity=2.5), ("quantity = 2,5", "quantity = 2.5"), WHOLE),
        (lambda: cbm(60, "40", 40), "width_cm = '40'", POSITIVE),
        (lambda: chargeable_weight(-1, 50, 40, 30), "gross_kg = -1", POSITIVE),
        (lambda: chargeable_weight(120, 50, 40, 30, pieces=0), "pieces = 0", WHOLE),
        (lambda: chargeable_weight(120, 50, 40, 30, divisor=0), "divisor = 0", POSITIVE),
        (lambda: revenue_tons(-2.5, 1800), ("cbm = -2,5", "cbm = -2.5"), POSITIVE),
        (lambda: revenue_tons(2.5, "1800"), "weight_kg = '1800'", POSITIVE),
        (
            lambda: revenue_tons(2.5, 1800, minimum=-1),
            "minimum = -1",
            ("harus berupa angka minimal 0", "it must be a number of at least 0"),
        ),
        (lambda: containers_needed(**carton, cartons=0), "cartons = 0", WHOLE),
        (lambda: container_load(**carton, cartons=-3), "cartons = -3", WHOLE),
        (
            lambda: compare_modes(**carton, cartons=10, units_per_carton=0),
            "units_per_carton = 0",
            WHOLE,
        ),
        (
            lambda: compare_modes(**carton, cartons="10", units_per_carton=24),
            "cartons = '10'",
            WHOLE,
        ),
    ],
)
def test_bad_numbers_everywhere(call, argument, allowed):
    """Does each function refuse a bad number, naming it, in both languages?"""
    raises_in_both(call, argument, *allowed)


@pytest.mark.parametrize("code", ["30GP", "20 GP", "", None, 20])
def test_unknown_container_lists_the_codes(code):
    """Does an unknown container list 20GP, 40GP, 40HC in both languages?"""
    raises_in_both(
        lambda: cartons_per_container(**carton, container=code),
        f"container = {code!r}",
        "pilih salah satu dari: 20GP, 40GP, 40HC",
        "choose one of: 20GP, 40GP, 40HC",
    )


@pytest.mark.parametrize("flag", ["yes", 1, None])
def test_upright_must_be_true_or_false(flag):
    """Is upright="yes" (or 1) refused rather than read as true?"""
    raises_in_both(
        lambda: cartons_per_container(**carton, upright=flag),
        "upright",
        "harus True atau False",
        "it must be True or False",
    )


def test_input_error_is_a_value_error():
    """Can a notebook catch a bad size with a plain `except ValueError`?"""
    with pytest.raises(ValueError):
        cbm(-1, 40, 40)
