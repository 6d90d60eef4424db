"""Packing and shipping: cubic metres, chargeable weight, containers and the choice of mode.

The arithmetic of module 07: how much room an order takes (:func:`cbm`, :func:`packing_list`),
how a sea LCL and an air carrier charge for it (:func:`revenue_tons`, :func:`chargeable_weight`),
how many cartons go into a container and how many containers an order needs
(:func:`cartons_per_container`, :func:`orientations`, :func:`mixed_stow`, :func:`container_load`,
:func:`containers_needed`), and what each way of shipping costs on a rate card, freight plus the
charges at both ends (:func:`compare_modes`, :func:`freight_rates`).

Container sizes come from ``toolkit/data/containers.csv`` (:func:`containers`); freight rates from
``toolkit/data/freight_rates.csv``, whose figures are illustrative, for teaching, never a quote.

Examples
--------
>>> from toolkit.logistics import cbm, cartons_per_container
>>> round(cbm(60, 40, 40, quantity=100), 6)
9.6
>>> cartons_per_container(60, 40, 40, weight_kg=15)
225
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any

import pandas as pd

from toolkit import data
from toolkit.errors import InputError, check_choice, check_number
from toolkit.i18n import Text, tr

__all__ = [
    "cbm",
    "chargeable_weight",
    "revenue_tons",
    "containers",
    "orientations",
    "cartons_per_container",
    "mixed_stow",
    "containers_needed",
    "container_load",
    "packing_list",
    "freight_rates",
    "rate_card",
    "compare_modes",
    "MODES",
    "PACKING_LIST_COLUMNS",
]

PACKING_LIST_COLUMNS = (
    "item",
    "cartons",
    "length_cm",
    "width_cm",
    "height_cm",
    "gross_kg_per_carton",
    "net_kg_per_carton",
    "units_per_carton",
)
"""The columns :func:`packing_list` needs, one row per line of the order."""

MODES = ("LCL", "FCL 20GP", "FCL 40GP", "FCL 40HC", "air", "courier")
"""The shipping options :func:`compare_modes` compares, in its row order."""

DEFAULT_ROUTE = "Jakarta-Shanghai"

# Rate-card columns that hold numbers (USD or days); the rest describe the route.
_RATE_COLUMNS = (
    "lcl_usd_per_rt",
    "lcl_minimum_usd",
    "fcl_20gp_usd",
    "fcl_40gp_usd",
    "fcl_40hc_usd",
    "air_usd_per_kg",
    "air_minimum_usd",
    "lcl_transit_days",
    "fcl_transit_days",
    "air_transit_days",
    "lcl_origin_usd_per_rt",
    "lcl_destination_usd_per_rt",
    "lcl_documents_usd",
    "fcl_origin_20_usd",
    "fcl_origin_40_usd",
    "fcl_destination_20_usd",
    "fcl_destination_40_usd",
    "fcl_documents_usd",
    "air_origin_usd_per_kg",
    "air_destination_usd_per_kg",
    "air_documents_usd",
    "courier_usd_per_kg",
    "courier_minimum_usd",
    "courier_transit_days",
)

COURIER_DIVISOR = 5000
"""cm³ per volumetric kg on the couriers' cards (DHL, FedEx, EMS); air cargo uses 6000."""

_MODE_LABELS: dict[str, Text] = {
    "LCL": {"id": "Laut LCL (kontainer bersama)", "en": "Sea LCL (shared container)"},
    "FCL 20GP": {"id": "Laut FCL 20GP (kontainer penuh)", "en": "Sea FCL 20GP (full container)"},
    "FCL 40GP": {"id": "Laut FCL 40GP (kontainer penuh)", "en": "Sea FCL 40GP (full container)"},
    "FCL 40HC": {"id": "Laut FCL 40HC (kontainer penuh)", "en": "Sea FCL 40HC (full container)"},
    "air": {"id": "Kargo udara (lewat forwarder)", "en": "Air cargo (through a forwarder)"},
    "courier": {"id": "Kurir (DHL, FedEx, EMS)", "en": "Courier (DHL, FedEx, EMS)"},
}

_UNIT_LABELS: dict[str, Text] = {
    "revenue_ton": {"id": "revenue ton (W/M)", "en": "revenue tons (W/M)"},
    "container": {"id": "kontainer", "en": "containers"},
    "chargeable_kg": {"id": "kg berbayar (chargeable weight)", "en": "chargeable kg"},
}

# --------------------------------------------------------------------------------------------
# Checks shared by the functions below


def _positive(argument: str, value: Any) -> float:
    return check_number(argument, value, minimum=0, strict=True)


def _count(argument: str, value: Any) -> int:
    """A number of cartons, pieces or units: a whole number of at least 1."""
    return int(check_number(argument, value, minimum=1, integer=True))


def _dimensions(length_cm: Any, width_cm: Any, height_cm: Any) -> tuple[float, float, float]:
    return (
        _positive("length_cm", length_cm),
        _positive("width_cm", width_cm),
        _positive("height_cm", height_cm),
    )


def _flag(argument: str, value: Any) -> bool:
    if value is True or value is False or type(value).__name__ == "bool_":
        return bool(value)
    raise InputError(
        argument, value, {"id": "harus True atau False", "en": "it must be True or False"}
    )


def _exact(value: float) -> Fraction:
    """The number exactly as written (60.3 is 603/10, not the binary float next to it)."""
    return Fraction(repr(float(value)))


# --------------------------------------------------------------------------------------------
# Volume and chargeable weight


def cbm(length_cm: float, width_cm: float, height_cm: float, quantity: int = 1) -> float:
    """Cubic metres taken by ``quantity`` cartons of ``length_cm × width_cm × height_cm``.

    Parameters
    ----------
    length_cm, width_cm, height_cm
        The outside size of one carton, in centimetres.
    quantity
        How many such cartons (a whole number of at least 1).

    Returns
    -------
    float
        ``quantity × L × W × H / 1 000 000``.

    Examples
    --------
    >>> cbm(60, 40, 40)
    0.096
    >>> round(cbm(60, 40, 40, quantity=100), 6)
    9.6
    """
    length_cm, width_cm, height_cm = _dimensions(length_cm, width_cm, height_cm)
    quantity = _count("quantity", quantity)
    return quantity * length_cm * width_cm * height_cm / 1_000_000


def chargeable_weight(
    gross_kg: float,
    length_cm: float,
    width_cm: float,
    height_cm: float,
    pieces: int = 1,
    divisor: float = 6000,
) -> float:
    """Air freight's chargeable weight: the larger of the gross and the volumetric weight.

    Parameters
    ----------
    gross_kg
        The gross weight of the whole shipment (all pieces together), in kg.
    length_cm, width_cm, height_cm
        The size of one piece (carton), in centimetres.
    pieces
        How many pieces of that size.
    divisor
        cm³ per volumetric kg: 6000 for air cargo; couriers often use 5000.

    Returns
    -------
    float
        ``max(gross_kg, pieces × L × W × H / divisor)`` in kg.

    Examples
    --------
    Ten cartons of 50 × 40 × 30 cm at 12 kg each: volumetric 10 × 60 000 / 6000 = 100 kg, gross
    120 kg, so the airline charges 120 kg.

    >>> chargeable_weight(120, 50, 40, 30, pieces=10)
    120.0
    >>> chargeable_weight(120, 50, 40, 30, pieces=10, divisor=5000)
    120.0
    >>> chargeable_weight(60, 50, 40, 30, pieces=10)
    100.0
    """
    gross_kg = _positive("gross_kg", gross_kg)
    length_cm, width_cm, height_cm = _dimensions(length_cm, width_cm, height_cm)
    pieces = _count("pieces", pieces)
    divisor = _positive("divisor", divisor)
    volumetric = pieces * length_cm * width_cm * height_cm / divisor
    return float(max(gross_kg, volumetric))


def revenue_tons(cbm: float, weight_kg: float, minimum: float = 1.0) -> float:
    """Sea LCL's charging unit: the larger of the CBM and the metric tonnes, and at least ``minimum``.

    Parameters
    ----------
    cbm
        The shipment's volume in cubic metres.
    weight_kg
        The shipment's gross weight in kg.
    minimum
        The smallest number of revenue tons charged (1 on most LCL tariffs; 0 for none).

    Returns
    -------
    float
        ``max(cbm, weight_kg / 1000, minimum)``.

    Examples
    --------
    >>> revenue_tons(2.5, 1800)
    2.5
    >>> revenue_tons(0.4, 300)
    1.0
    >>> revenue_tons(1.2, 3000)
    3.0
    """
    volume = _positive("cbm", cbm)
    weight_kg = _positive("weight_kg", weight_kg)
    minimum = check_number("minimum", minimum, minimum=0)
    return float(max(volume, weight_kg / 1000, minimum))


# --------------------------------------------------------------------------------------------
# Containers


def containers() -> pd.DataFrame:
    """The class's reference containers (``toolkit/data/containers.csv``).

    Internal sizes in mm, payload in kg, ``usable_cbm`` the volume a real load fills; the column
    ``volume_cbm`` (the geometric inside volume) is computed here.

    Examples
    --------
    >>> containers()["code"].tolist()
    ['20GP', '40GP', '40HC']
    >>> round(float(containers().loc[0, "volume_cbm"]), 2)
    33.2
    """
    table = data.load("containers")
    table["volume_cbm"] = table["length_mm"] * table["width_mm"] * table["height_mm"] / 1e9
    return table


@lru_cache(maxsize=1)
def _container_specs() -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in containers().to_dict("records")}


def _container(container: Any) -> dict[str, Any]:
    """One container's row of :func:`containers` as a dict, or an InputError listing the codes."""
    specs = _container_specs()
    code = container.strip().upper() if isinstance(container, str) else container
    if code not in specs:
        check_choice("container", container, list(specs))
    return specs[code]


def _orientation_rows(length_cm, width_cm, height_cm, weight_kg, container, upright) -> list[dict]:
    """The rows of :func:`orientations`, unsorted, checked, as plain dicts (fast for loops)."""
    size = _dimensions(length_cm, width_cm, height_cm)
    weight_kg = _positive("weight_kg", weight_kg)
    upright = _flag("upright", upright)
    box = _container(container)

    # Exact arithmetic on the sizes as written, so 10 cartons of 58.98 cm fill 5898 mm.
    inside_cm = [_exact(box[f"{side}_mm"]) / 10 for side in ("length", "width", "height")]
    payload_cap = math.floor(_exact(box["payload_kg"]) / _exact(weight_kg))

    if upright:
        placements = [(0, 1, 2), (1, 0, 2)]
    else:
        placements = list(itertools.permutations(range(3)))
    rows, seen = [], set()
    for order in placements:
        placed = tuple(size[i] for i in order)
        if placed in seen:
            continue
        seen.add(placed)
        along = [
            math.floor(room / _exact(side)) for room, side in zip(inside_cm, placed, strict=True)
        ]
        grid = along[0] * along[1] * along[2]
        rows.append(
            {
                "length_cm": placed[0],
                "width_cm": placed[1],
                "height_cm": placed[2],
                "along_length": along[0],
                "along_width": along[1],
                "along_height": along[2],
                "grid": grid,
                "cartons": min(grid, payload_cap),
                "upright": placed[2] == size[2],
            }
        )
    return rows


def orientations(
    length_cm: float,
    width_cm: float,
    height_cm: float,
    weight_kg: float,
    container: str = "20GP",
    upright: bool = False,
) -> pd.DataFrame:
    """Every way to stand a carton in a uniform grid, and how many cartons each gets in the box.

    One row per distinct orientation: the carton side placed along the container's length, width
    and height; how many fit along each; the grid (their product); and ``cartons``, the grid
    capped by the payload (``floor(payload_kg / weight_kg)``). Rows are sorted best first, so
    the first row is what :func:`cartons_per_container` returns.

    Parameters
    ----------
    length_cm, width_cm, height_cm
        The carton's outside size in cm; ``height_cm`` is the side that stands up ("this side up").
    weight_kg
        The gross weight of one carton, in kg.
    container
        A container code from :func:`containers`: ``"20GP"``, ``"40GP"`` or ``"40HC"``.
    upright
        Keep ``height_cm`` vertical (only 2 orientations instead of 6).

    Examples
    --------
    A 60 × 40 × 40 cm carton in a 20GP (5898 × 2352 × 2393 mm): 60 cm along the length gives
    9 × 5 × 5 = 225; 60 cm across or upwards wastes more room.

    >>> table = orientations(60, 40, 40, weight_kg=15)
    >>> table[["length_cm", "width_cm", "height_cm", "grid", "cartons"]]
       length_cm  width_cm  height_cm  grid  cartons
    0         60        40         40   225      225
    1         40        60         40   210      210
    2         40        40         60   210      210
    """
    rows = _orientation_rows(length_cm, width_cm, height_cm, weight_kg, container, upright)
    table = pd.DataFrame(rows)
    # Stable sort: among equals, the carton as given (then upright ones) comes first.
    return table.sort_values("cartons", ascending=False, kind="stable").reset_index(drop=True)


def cartons_per_container(
    length_cm: float,
    width_cm: float,
    height_cm: float,
    weight_kg: float,
    container: str = "20GP",
    upright: bool = False,
) -> int:
    """Cartons in one container, stacked in one uniform grid, capped by the payload.

    All cartons face the same way; the best of the 6 orientations counts (of the 2 that keep
    ``height_cm`` vertical when ``upright``). A carton larger than the box gives 0. Real
    loads mix orientations and lose room to pallets and gaps: treat this as a first estimate.

    Parameters
    ----------
    length_cm, width_cm, height_cm
        The carton's outside size in cm.
    weight_kg
        The gross weight of one carton, in kg.
    container
        ``"20GP"``, ``"40GP"`` or ``"40HC"`` (sizes in :func:`containers`).
    upright
        Keep the carton's height vertical.

    Returns
    -------
    int
        ``min(best grid, floor(payload_kg / weight_kg))``.

    Examples
    --------
    >>> cartons_per_container(60, 40, 40, weight_kg=15)
    225
    >>> cartons_per_container(60, 40, 40, weight_kg=15, container="40HC")
    600
    >>> cartons_per_container(60, 40, 40, weight_kg=200)
    141
    """
    rows = _orientation_rows(length_cm, width_cm, height_cm, weight_kg, container, upright)
    return max(row["cartons"] for row in rows)


def _floor(room: Fraction, side: float) -> int:
    return math.floor(room / _exact(side)) if room > 0 else 0


def mixed_stow(
    length_cm: float,
    width_cm: float,
    height_cm: float,
    weight_kg: float,
    container: str = "20GP",
    upright: bool = False,
) -> dict[str, Any]:
    """Cartons in one container when each layer may mix two orientations: a block and a strip.

    A loader does not keep every carton the same way: across the width it puts as many rows as
    fit one way and fills the leftover strip with rows turned a quarter (or does the same along
    the length). For each side that may stand up (only ``height_cm`` when ``upright``) this tries
    every split of the floor into such a block and strip, keeps the best layer, and stacks as
    many layers as the height allows, capped by the payload. It never gives fewer cartons than
    :func:`cartons_per_container` (a split with an empty strip is the uniform grid).

    Returns
    -------
    dict
        ``cartons`` (capped by the payload), ``per_layer``, ``layers``, ``uniform`` (the
        uniform grid's count, :func:`cartons_per_container`), ``spare_mm`` (the room left across
        the split, in mm: below about 20 mm bulging cartons may not go in; load with care) and
        ``pattern`` (the layer in words, active language).

    Examples
    --------
    50 × 35 × 30 cm cartons kept upright in a 20GP (589,8 × 235,2 × 239,3 cm): 7 layers of 30 cm;
    across the width 4 rows with the 50 cm side across (200 cm) leave 35,2 cm, just room for one
    row turned with its 35 cm side across. Per layer 4 × ⌊589,8/35⌋ + 1 × ⌊589,8/50⌋ = 64 + 11 = 75,
    so 525 cartons against 462 in one uniform grid, with 2 mm to spare:

    >>> stow = mixed_stow(50, 35, 30, weight_kg=21, upright=True)
    >>> stow["cartons"], stow["uniform"], stow["per_layer"], stow["layers"], round(stow["spare_mm"])
    (525, 462, 75, 7, 2)
    """
    size = _dimensions(length_cm, width_cm, height_cm)
    weight_kg = _positive("weight_kg", weight_kg)
    upright = _flag("upright", upright)
    box = _container(container)
    room_l, room_w, room_h = (_exact(box[f"{side}_mm"]) / 10 for side in ("length", "width", "height"))
    payload_cap = math.floor(_exact(box["payload_kg"]) / _exact(weight_kg))
    uniform = cartons_per_container(*size, weight_kg, container, upright)

    stands = [2] if upright else [0, 1, 2]
    best = None
    for up in stands:
        layers = _floor(room_h, size[up])
        a, b = (size[i] for i in range(3) if i != up)
        for first, second in ((a, b), (b, a)):
            # Across the width: n rows with `first` across, the strip with `second` across.
            for n in range(_floor(room_w, first) + 1):
                left = room_w - n * _exact(first)
                m = _floor(left, second)
                per_layer = n * _floor(room_l, second) + m * _floor(room_l, first)
                spare = left - m * _exact(second)
                candidate = (per_layer * layers, per_layer, layers, spare, "width", n, m, first, second)
                if best is None or candidate[0] > best[0]:
                    best = candidate
            # Along the length: k cartons with `second` along, the rest with `first` along.
            for k in range(_floor(room_l, second) + 1):
                left = room_l - k * _exact(second)
                per_layer = k * _floor(room_w, first) + _floor(left, first) * _floor(room_w, second)
                spare = left - _floor(left, first) * _exact(first)
                candidate = (per_layer * layers, per_layer, layers, spare, "length", k, 0, first, second)
                if best is None or candidate[0] > best[0]:
                    best = candidate
    total, per_layer, layers, spare, direction, n, m, first, second = best
    if direction == "width":
        pattern = {
            "id": f"{n} baris dengan sisi {first:g} cm melintang + {m} baris dengan sisi {second:g} cm "
            f"melintang, {layers} lapis",
            "en": f"{n} rows with the {first:g} cm side across + {m} rows with the {second:g} cm side "
            f"across, {layers} layers",
        }
    else:
        pattern = {
            "id": f"{n} karton dengan sisi {second:g} cm memanjang, sisanya diputar, {layers} lapis",
            "en": f"{n} cartons with the {second:g} cm side lengthwise, the rest turned, {layers} layers",
        }
    return {
        "cartons": int(min(max(total, uniform), payload_cap)),
        "per_layer": int(per_layer),
        "layers": int(layers),
        "uniform": int(uniform),
        "spare_mm": float(spare * 10),
        "pattern": tr(pattern),
    }


def _per_box(
    length_cm, width_cm, height_cm, weight_kg, container, upright
) -> tuple[int, dict[str, Any]]:
    """Cartons per container, or an InputError saying why none fit."""
    per_box = cartons_per_container(length_cm, width_cm, height_cm, weight_kg, container, upright)
    box = _container(container)
    if per_box == 0:
        inside = f"{box['length_mm'] / 10:g} × {box['width_mm'] / 10:g} × {box['height_mm'] / 10:g}"
        if weight_kg > box["payload_kg"]:
            raise InputError(
                "weight_kg",
                weight_kg,
                {
                    "id": f"satu karton lebih berat dari muatan maksimum {box['code']} "
                    f"({box['payload_kg']:g} kg)",
                    "en": f"one carton is heavier than the {box['code']}'s payload "
                    f"({box['payload_kg']:g} kg)",
                },
            )
        raise InputError(
            "length_cm × width_cm × height_cm",
            (length_cm, width_cm, height_cm),
            {
                "id": f"karton harus muat di dalam {box['code']} (ukuran dalam {inside} cm)"
                + (" dengan sisi tinggi tetap di atas" if upright else ""),
                "en": f"the carton must fit inside a {box['code']} ({inside} cm inside)"
                + (" with its height kept vertical" if upright else ""),
            },
        )
    return per_box, box


def containers_needed(
    length_cm: float,
    width_cm: float,
    height_cm: float,
    weight_kg: float,
    cartons: int,
    container: str = "20GP",
    upright: bool = False,
) -> int:
    """How many containers of one type an order of ``cartons`` cartons needs.

    ``ceil(cartons / cartons_per_container(...))``; a carton that fits no box is an InputError.

    Examples
    --------
    >>> containers_needed(60, 40, 40, weight_kg=15, cartons=700)
    4
    >>> containers_needed(60, 40, 40, weight_kg=15, cartons=700, container="40HC")
    2
    """
    cartons = _count("cartons", cartons)
    per_box, _ = _per_box(length_cm, width_cm, height_cm, weight_kg, container, upright)
    return -(-cartons // per_box)


def container_load(
    length_cm: float,
    width_cm: float,
    height_cm: float,
    weight_kg: float,
    cartons: int,
    container: str = "20GP",
    upright: bool = False,
) -> pd.DataFrame:
    """Containers filled one after another: one row per container, the last one partly full.

    Parameters
    ----------
    length_cm, width_cm, height_cm, weight_kg
        One carton's outside size (cm) and gross weight (kg).
    cartons
        Cartons in the order.
    container, upright
        As in :func:`cartons_per_container`.

    Returns
    -------
    pandas.DataFrame
        Columns ``container`` (1, 2, …), ``code``, ``cartons``, ``cbm`` (the loaded cartons'
        volume), ``gross_kg``, ``volume_utilisation`` (``cbm`` / the box's geometric volume),
        ``weight_utilisation`` (``gross_kg`` / payload) and ``over_road_limit`` (the cargo is
        heavier than the practical weight a loaded box may be trucked with on Indonesian roads,
        ``road_cargo_kg`` in :func:`containers`: split the load or ask the trucker and the line).
        Containers needed: ``len(result)``; cartons in the last box: ``result["cartons"].iloc[-1]``.

    Examples
    --------
    >>> load = container_load(60, 40, 40, weight_kg=15, cartons=500)
    >>> load[["container", "code", "cartons"]]
       container  code  cartons
    0          1  20GP      225
    1          2  20GP      225
    2          3  20GP       50
    >>> round(float(load.loc[0, "volume_utilisation"]), 3)
    0.651
    """
    cartons = _count("cartons", cartons)
    per_box, box = _per_box(length_cm, width_cm, height_cm, weight_kg, container, upright)
    full, rest = divmod(cartons, per_box)
    loads = [per_box] * full + ([rest] if rest else [])
    carton_cbm = cbm(length_cm, width_cm, height_cm)
    table = pd.DataFrame(
        {
            "container": range(1, len(loads) + 1),
            "code": box["code"],
            "cartons": loads,
        }
    )
    table["cbm"] = table["cartons"] * carton_cbm
    table["gross_kg"] = table["cartons"] * weight_kg
    table["volume_utilisation"] = table["cbm"] / box["volume_cbm"]
    table["weight_utilisation"] = table["gross_kg"] / box["payload_kg"]
    table["over_road_limit"] = table["gross_kg"] > box["road_cargo_kg"]
    return table


# --------------------------------------------------------------------------------------------
# Packing list


def packing_list(items: pd.DataFrame, *, total: bool = True) -> pd.DataFrame:
    """Totals of a packing list: cartons, units, net and gross weight, and CBM per line and overall.

    Parameters
    ----------
    items
        One row per line of the order with the columns in :data:`PACKING_LIST_COLUMNS`: ``item``,
        ``cartons``, ``length_cm``, ``width_cm``, ``height_cm`` (one carton), ``gross_kg_per_carton``,
        ``net_kg_per_carton`` and ``units_per_carton``. A list of dicts works too.
    total
        Add a last row, labelled "Jumlah" / "Total" in the active language, with the sums.

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``cartons``, ``units``, ``net_kg``, ``gross_kg``, ``cbm``.

    Examples
    --------
    >>> items = pd.DataFrame(
    ...     {
    ...         "item": ["Tas anyaman M", "Tas anyaman L"],
    ...         "cartons": [40, 25],
    ...         "length_cm": [60, 70],
    ...         "width_cm": [40, 50],
    ...         "height_cm": [40, 40],
    ...         "gross_kg_per_carton": [12.5, 16.0],
    ...         "net_kg_per_carton": [11.0, 14.5],
    ...         "units_per_carton": [24, 18],
    ...     }
    ... )
    >>> packing_list(items).round(3)
                item  cartons  units  net_kg  gross_kg   cbm
    0  Tas anyaman M       40    960   440.0     500.0  3.84
    1  Tas anyaman L       25    450   362.5     400.0  3.50
    2         Jumlah       65   1410   802.5     900.0  7.34
    """
    table = _packing_table(items)
    rows = []
    for index, line in table.iterrows():
        where = _cell_name(index)
        cartons = _count(where("cartons"), line["cartons"])
        size = [_positive(where(c), line[c]) for c in ("length_cm", "width_cm", "height_cm")]
        gross = _positive(where("gross_kg_per_carton"), line["gross_kg_per_carton"])
        net = _positive(where("net_kg_per_carton"), line["net_kg_per_carton"])
        if net > gross:
            raise InputError(
                where("net_kg_per_carton"),
                net,
                {
                    "id": f"berat bersih tidak boleh melebihi berat kotor per karton ({gross:g} kg)",
                    "en": f"the net weight cannot exceed the gross weight per carton ({gross:g} kg)",
                },
            )
        units = _count(where("units_per_carton"), line["units_per_carton"])
        rows.append(
            {
                "item": line["item"],
                "cartons": cartons,
                "units": cartons * units,
                "net_kg": cartons * net,
                "gross_kg": cartons * gross,
                "cbm": cbm(*size, quantity=cartons),
            }
        )
    result = pd.DataFrame(rows)
    if total:
        last = {"item": tr({"id": "Jumlah", "en": "Total"})}
        last.update({column: result[column].sum() for column in result.columns[1:]})
        result = pd.concat([result, pd.DataFrame([last])], ignore_index=True)
    return result


def _cell_name(index: Any):
    """Names a cell of ``items`` the way a participant would reach it: items['cartons'][2]."""

    def where(column: str) -> str:
        return f"items[{column!r}][{index!r}]"

    return where


def _packing_table(items: Any) -> pd.DataFrame:
    if isinstance(items, (list, tuple)) and all(isinstance(row, Mapping) for row in items):
        items = pd.DataFrame(list(items))
    columns = ", ".join(PACKING_LIST_COLUMNS)
    if not isinstance(items, pd.DataFrame):
        raise InputError(
            "items",
            items,
            {
                "id": f"harus berupa DataFrame (atau daftar dict) dengan kolom: {columns}",
                "en": f"it must be a DataFrame (or a list of dicts) with the columns: {columns}",
            },
        )
    missing = [c for c in PACKING_LIST_COLUMNS if c not in items.columns]
    if missing:
        shown = ", ".join(missing)
        raise InputError(
            "items",
            f"<DataFrame: {', '.join(map(str, items.columns))}>",
            {
                "id": f"kolom yang belum ada: {shown} (dibutuhkan: {columns})",
                "en": f"the columns {shown} are missing (needed: {columns})",
            },
        )
    if items.empty:
        raise InputError(
            "items",
            "<DataFrame: 0 rows>",
            {"id": "harus berisi minimal satu baris", "en": "it must have at least one row"},
        )
    return items


# --------------------------------------------------------------------------------------------
# Rate cards and the choice of mode


def freight_rates() -> pd.DataFrame:
    """The illustrative rate cards (``toolkit/data/freight_rates.csv``), one row per route.

    ILLUSTRATIVE figures for teaching, not a quote: read ``toolkit.data.provenance("freight_rates")``
    and ask a forwarder for real rates.

    Examples
    --------
    >>> freight_rates()["route"].tolist()[:3]
    ['Jakarta-Shanghai', 'Jakarta-Guangzhou', 'Jakarta-Tokyo']
    """
    return data.load("freight_rates")


def _route_key(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


def _route_names(line: pd.Series) -> set[str]:
    """What a route may be called: "Jakarta-Port Klang", "Port Klang", "Kuala Lumpur"."""
    names = [str(line["route"]), str(line["route"]).split("-", 1)[-1]]
    destination = line.get("destination")
    if isinstance(destination, str):
        names.append(destination)
        outside, _, inside = destination.partition("(")
        names += [outside, inside.rstrip(")")]
    return {_route_key(name) for name in names if name.strip()}


def rate_card(route: str = DEFAULT_ROUTE, rates: Any = None) -> pd.Series:
    """One route's rates, from the illustrative cards or from ``rates``.

    Parameters
    ----------
    route
        A route as in :func:`freight_rates` (``"Jakarta-Tokyo"``) or just its destination
        (``"Tokyo"``); case and spaces do not matter.
    rates
        ``None`` for the shipped cards; a DataFrame laid out like :func:`freight_rates` (a
        ``route`` column and the rate columns) to pick the route from; or a dict (or Series)
        of your own quotes that replace those rates on the shipped card, e.g.
        ``{"fcl_20gp_usd": 520}``.

    Examples
    --------
    >>> card = rate_card("tokyo")
    >>> card["route"], float(card["fcl_20gp_usd"])
    ('Jakarta-Tokyo', 650.0)
    >>> float(rate_card("Tokyo", rates={"fcl_20gp_usd": 700})["fcl_20gp_usd"])
    700.0
    """
    if isinstance(rates, pd.DataFrame):
        table, overrides = rates, {}
    elif rates is None or isinstance(rates, (Mapping, pd.Series)):
        table, overrides = freight_rates(), dict(rates if rates is not None else {})
    else:
        raise InputError(
            "rates",
            rates,
            {
                "id": "harus None, DataFrame seperti freight_rates(), atau dict tarif",
                "en": "it must be None, a DataFrame like freight_rates(), or a dict of rates",
            },
        )
    needed = ("route", *_RATE_COLUMNS)
    missing = [c for c in needed if c not in table.columns]
    if missing:
        shown = ", ".join(missing)
        raise InputError(
            "rates",
            f"<DataFrame: {', '.join(map(str, table.columns))}>",
            {
                "id": f"kolom yang belum ada: {shown}",
                "en": f"the columns {shown} are missing",
            },
        )
    routes = table["route"].astype(str).tolist()
    wanted = _route_key(route) if isinstance(route, str) else None
    matches = [i for i in range(len(table)) if wanted in _route_names(table.iloc[i])]
    if not matches:
        check_choice("route", route, routes)
    card = table.iloc[matches[0]].copy()
    for key, value in overrides.items():
        if key not in _RATE_COLUMNS:
            check_choice("rates", key, _RATE_COLUMNS)
        card[key] = check_number(f"rates[{key!r}]", value, minimum=0)
    for key in _RATE_COLUMNS:
        check_number(f"rates[{key!r}]", card[key], minimum=0)
    return card


def compare_modes(
    *,
    cartons: int,
    length_cm: float,
    width_cm: float,
    height_cm: float,
    weight_kg: float,
    units_per_carton: int,
    rates: Any = None,
    route: str = DEFAULT_ROUTE,
    upright: bool = False,
    divisor: float = 6000,
) -> pd.DataFrame:
    """What one shipment costs by sea LCL, a full 20GP, 40GP or 40HC, air cargo and courier, port to port.

    Freight first: LCL per revenue ton (:func:`revenue_tons`, at least 1) with a minimum charge;
    FCL per container (:func:`containers_needed`); air per chargeable kg (:func:`chargeable_weight`,
    ``divisor``) with a minimum; courier per chargeable kg at the couriers' divisor
    (:data:`COURIER_DIVISOR`) with a minimum, door to door. Then the charges at both ends, which
    can reverse the choice: LCL pays CFS and handling per revenue ton at origin and destination,
    FCL terminal handling per box, air handling per kg, plus documents per shipment (B/L or AWB,
    D/O); the courier's price includes them. Trucking, customs brokerage and duties are not in.
    The shipped rate cards are ILLUSTRATIVE, not a quote: pass your forwarder's figures in ``rates``.

    Parameters
    ----------
    cartons
        Cartons in the shipment.
    length_cm, width_cm, height_cm
        One carton's outside size in cm.
    weight_kg
        One carton's gross weight in kg.
    units_per_carton
        Product units in a carton (for the cost per unit).
    rates
        ``None``, a rate table, or your own quotes; see :func:`rate_card`.
    route
        A route or destination from :func:`freight_rates`, e.g. ``"Jakarta-Rotterdam"``.
    upright
        Keep the cartons' height vertical when loading a full container.
    divisor
        The air cargo volumetric divisor (cm³ per kg).

    Returns
    -------
    pandas.DataFrame
        One row per option in :data:`MODES`, with columns ``mode`` (code), ``mode_label``,
        ``basis`` (``"revenue_ton"``, ``"container"`` or ``"chargeable_kg"``), ``unit`` (the
        basis in words, active language), ``chargeable_quantity``, ``rate_usd`` (per basis unit),
        ``freight_usd`` (after any minimum charge), ``minimum_applied``, ``origin_usd``,
        ``destination_usd``, ``documents_usd``, ``total_usd`` (freight and charges), ``usd_per_unit``
        (``total_usd`` per product unit) and ``transit_days``. A carton that fits no container
        gives NaN quantity and costs in that FCL row.

    Examples
    --------
    150 cartons of 60 × 40 × 40 cm at 8 kg, 20 bags each, to Tokyo: 14.4 CBM and 1.2 t. LCL freight
    14.4 × 45 = USD 648 against USD 650 for a 20GP, but LCL also pays 14.4 × (15 + 50) = USD 936 at
    the two ends and USD 60 of documents (USD 1,644 in all), the 20GP 130 + 350 + 100 (USD 1,230):

    >>> table = compare_modes(cartons=150, length_cm=60, width_cm=40, height_cm=40, weight_kg=8,
    ...                       units_per_carton=20, route="Jakarta-Tokyo")
    >>> table[["mode", "freight_usd", "origin_usd", "destination_usd", "total_usd"]].round(2)
           mode  freight_usd  origin_usd  destination_usd  total_usd
    0       LCL        648.0       216.0            720.0     1644.0
    1  FCL 20GP        650.0       130.0            350.0     1230.0
    2  FCL 40GP       1100.0       195.0            525.0     1920.0
    3  FCL 40HC       1150.0       195.0            525.0     1970.0
    4       air       8160.0       360.0            840.0     9420.0
    5   courier      24480.0         0.0              0.0    24480.0
    """
    cartons = _count("cartons", cartons)
    length_cm, width_cm, height_cm = _dimensions(length_cm, width_cm, height_cm)
    weight_kg = _positive("weight_kg", weight_kg)
    units = cartons * _count("units_per_carton", units_per_carton)
    upright = _flag("upright", upright)
    divisor = _positive("divisor", divisor)
    card = rate_card(route, rates)

    volume = cbm(length_cm, width_cm, height_cm, quantity=cartons)
    gross = cartons * weight_kg
    rows = []

    def add(mode, basis, quantity, rate, minimum, transit, origin, destination, documents):
        charge = quantity * rate
        freight = charge if math.isnan(charge) else max(charge, minimum)
        total = freight + origin + destination + documents
        rows.append(
            {
                "mode": mode,
                "mode_label": tr(_MODE_LABELS[mode]),
                "basis": basis,
                "unit": tr(_UNIT_LABELS[basis]),
                "chargeable_quantity": quantity,
                "rate_usd": rate,
                "freight_usd": freight,
                "minimum_applied": bool(minimum > charge),
                "origin_usd": origin,
                "destination_usd": destination,
                "documents_usd": documents,
                "total_usd": total,
                "usd_per_unit": total / units,
                "transit_days": transit,
            }
        )

    tons = revenue_tons(volume, gross)
    add(
        "LCL",
        "revenue_ton",
        tons,
        float(card["lcl_usd_per_rt"]),
        float(card["lcl_minimum_usd"]),
        card["lcl_transit_days"],
        tons * float(card["lcl_origin_usd_per_rt"]),
        tons * float(card["lcl_destination_usd_per_rt"]),
        float(card["lcl_documents_usd"]),
    )
    for code in ("20GP", "40GP", "40HC"):
        per_box = cartons_per_container(
            length_cm, width_cm, height_cm, weight_kg, container=code, upright=upright
        )
        needed = float(-(-cartons // per_box)) if per_box else math.nan
        size = "20" if code == "20GP" else "40"
        add(
            f"FCL {code}",
            "container",
            needed,
            float(card[f"fcl_{code.lower()}_usd"]),
            0.0,
            card["fcl_transit_days"],
            needed * float(card[f"fcl_origin_{size}_usd"]),
            needed * float(card[f"fcl_destination_{size}_usd"]),
            float(card["fcl_documents_usd"]) if per_box else math.nan,
        )
    kilos = chargeable_weight(gross, length_cm, width_cm, height_cm, cartons, divisor)
    add(
        "air",
        "chargeable_kg",
        kilos,
        float(card["air_usd_per_kg"]),
        float(card["air_minimum_usd"]),
        card["air_transit_days"],
        kilos * float(card["air_origin_usd_per_kg"]),
        kilos * float(card["air_destination_usd_per_kg"]),
        float(card["air_documents_usd"]),
    )
    add(
        "courier",
        "chargeable_kg",
        chargeable_weight(gross, length_cm, width_cm, height_cm, cartons, COURIER_DIVISOR),
        float(card["courier_usd_per_kg"]),
        float(card["courier_minimum_usd"]),
        card["courier_transit_days"],
        0.0,
        0.0,
        0.0,
    )
    return pd.DataFrame(rows)
