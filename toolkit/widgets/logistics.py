"""Packing and mode planner (module 07): cartons in a container, and freight per unit by LCL, FCL or air.

The participant sets one carton (size, gross weight, units inside), the order in cartons, the
container type, whether the carton must stay upright, and the route. The app shows how many
cartons fit a container and in which orientation (:func:`toolkit.logistics.orientations`), how
many containers the order fills and how full each one is (:func:`toolkit.logistics.container_load`
drawn by :func:`toolkit.charts.container_fill`), the order's volume and weight
(:func:`toolkit.logistics.packing_list`), and the freight per unit by sea LCL, a full 20GP, 40GP
or 40HC, and air on the illustrative rate card (:func:`toolkit.logistics.compare_modes`).

Examples
--------
>>> from toolkit.widgets.logistics import LogisticsApp
>>> app = LogisticsApp(cartons=500)
>>> app.result["per_container"], app.result["containers"]
(225, 3)
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from toolkit import charts, logistics
from toolkit.i18n import format_money, format_number, format_percent, tr
from toolkit.widgets._base import App
from toolkit.widgets._controls import (
    choice,
    count,
    heading,
    number,
    summary_html,
    table_html,
)

__all__ = ["LogisticsApp", "modes_html"]


_MODE_COLUMNS = (
    {"id": "Cara kirim", "en": "Mode"},
    {"id": "Dasar tarif", "en": "Charged on"},
    {"id": "Ongkos kirim", "en": "Freight"},
    {"id": "Biaya di kedua ujung", "en": "Charges at both ends"},
    {"id": "Per unit (semua)", "en": "Per unit (all in)"},
    {"id": "Lama (hari)", "en": "Transit (days)"},
)


def modes_html(modes: pd.DataFrame, cheapest: str | None) -> str:
    """The table of :func:`toolkit.logistics.compare_modes` as HTML, the cheapest row highlighted."""
    rows, highlight = [], []
    for i, row in enumerate(modes.itertuples(index=False)):
        if pd.isna(row.freight_usd):
            quantity = freight = charges = per_unit = "—"
        else:
            quantity = f"{format_number(row.chargeable_quantity, decimals=2)} {row.unit}"
            freight = format_money(row.freight_usd, "USD")
            charges = format_money(row.total_usd - row.freight_usd, "USD")
            per_unit = format_money(row.usd_per_unit, "USD")
            if row.minimum_applied:
                freight += " " + tr({"id": "(tarif minimum)", "en": "(minimum charge)"})
        if row.mode == cheapest:
            highlight.append(i)
        rows.append(
            [row.mode_label, quantity, freight, charges, per_unit, format_number(row.transit_days)]
        )
    return table_html(
        rows,
        _MODE_COLUMNS,
        highlight=highlight,
        align=["left", "left", "right", "right", "right", "right"],
    )


def _number(label: dict, value: float, minimum: float, maximum: float, unit: str):
    """A size or weight: above ``minimum`` (exclusive: a carton has a size) up to ``maximum``."""
    return number(label, value, minimum=minimum, maximum=maximum, strict=True, unit=unit)


class LogisticsApp(App):
    """Carton, order, container, upright and route → cartons per container, containers, fill, freight.

    After each refresh, ``result`` holds ``per_container``, ``orientation`` (the best row of
    :func:`toolkit.logistics.orientations`), ``containers`` (how many), ``load`` (one row per
    container), ``packing`` (cartons, units, weight, CBM), ``modes`` (freight by mode) and
    ``cheapest`` (the mode with the lowest freight per unit); ``figure`` is the container fill.
    """

    title = {"id": "Perencana kemasan & cara kirim", "en": "Packing and shipping-mode planner"}

    def build(self) -> list[widgets.Widget]:
        routes = logistics.freight_rates()
        self.controls = {
            "length_cm": _number(
                {"id": "Panjang karton (cm)", "en": "Carton length (cm)"}, 60, 0, 1200, "cm"
            ),
            "width_cm": _number(
                {"id": "Lebar karton (cm)", "en": "Carton width (cm)"}, 40, 0, 1200, "cm"
            ),
            "height_cm": _number(
                {"id": "Tinggi karton (cm)", "en": "Carton height (cm)"}, 40, 0, 1200, "cm"
            ),
            "weight_kg": _number(
                {"id": "Berat kotor per karton (kg)", "en": "Gross kg per carton"},
                15,
                0,
                30_000,
                "kg",
            ),
            "units_per_carton": count(
                {"id": "Unit per karton", "en": "Units per carton"}, 24, minimum=1, maximum=100_000
            ),
            "cartons": count(
                {"id": "Jumlah karton pesanan", "en": "Cartons in the order"},
                100,
                minimum=1,
                maximum=1_000_000,
            ),
            "container": choice(
                {"id": "Kontainer", "en": "Container"},
                [(code, code) for code in logistics.containers()["code"]],
                "20GP",
            ),
            "upright": widgets.Checkbox(
                value=False,
                description=tr(
                    {"id": "Karton harus tegak (this side up)", "en": "Keep cartons upright"}
                ),
                indent=False,
            ),
            "route": choice(
                {"id": "Rute", "en": "Route"},
                [(f"{r.route} ({r.destination_port})", r.route) for r in routes.itertuples()],
                logistics.DEFAULT_ROUTE,
            ),
        }
        c = self.controls
        note = widgets.HTML(
            "<small>"
            + html.escape(
                tr(
                    {
                        "id": "Tarif contoh untuk latihan, bukan penawaran: minta tarif ke forwarder. "
                        "Biaya di pelabuhan asal/tujuan (THC, dokumen, truk) belum termasuk.",
                        "en": "Illustrative rates for practice, not a quote: ask a forwarder. "
                        "Origin and destination charges (THC, documents, trucking) are not included.",
                    }
                )
            )
            + "</small>"
        )
        return [
            heading({"id": "Karton", "en": "Carton"}),
            c["length_cm"],
            c["width_cm"],
            c["height_cm"],
            c["weight_kg"],
            c["units_per_carton"],
            heading({"id": "Pesanan dan pengiriman", "en": "Order and shipment"}),
            c["cartons"],
            c["container"],
            c["upright"],
            c["route"],
            self.summary,
            self.image,
            note,
        ]

    def compute(self) -> dict:
        v = self.values()
        carton = dict(
            length_cm=v["length_cm"],
            width_cm=v["width_cm"],
            height_cm=v["height_cm"],
            weight_kg=v["weight_kg"],
        )
        load = logistics.container_load(
            **carton, cartons=v["cartons"], container=v["container"], upright=v["upright"]
        )
        orientation = logistics.orientations(
            **carton, container=v["container"], upright=v["upright"]
        ).iloc[0]
        packing = logistics.packing_list(
            [
                {
                    "item": tr({"id": "Karton", "en": "Carton"}),
                    "cartons": v["cartons"],
                    "length_cm": v["length_cm"],
                    "width_cm": v["width_cm"],
                    "height_cm": v["height_cm"],
                    "gross_kg_per_carton": v["weight_kg"],
                    "net_kg_per_carton": v["weight_kg"],
                    "units_per_carton": v["units_per_carton"],
                }
            ],
            total=False,
        ).iloc[0]
        modes = logistics.compare_modes(
            **carton,
            cartons=v["cartons"],
            units_per_carton=v["units_per_carton"],
            route=v["route"],
            upright=v["upright"],
        )
        cheapest = modes.loc[modes["usd_per_unit"].idxmin(), "mode"]
        return {
            "per_container": logistics.cartons_per_container(
                **carton, container=v["container"], upright=v["upright"]
            ),
            "orientation": orientation,
            "containers": len(load),
            "load": load,
            "packing": packing,
            "modes": modes,
            "cheapest": cheapest,
            "container": v["container"],
        }

    def render(self, result: dict) -> None:
        o = result["orientation"]
        packing = result["packing"]
        last = result["load"].iloc[-1]
        cartons = tr({"id": "karton", "en": "cartons"})
        cheapest = result["modes"].set_index("mode").loc[result["cheapest"], "mode_label"]
        items = [
            (
                {"id": "Isi pesanan", "en": "The order"},
                f"{format_number(packing['cartons'])} {cartons}, {format_number(packing['units'])} "
                + tr({"id": "unit", "en": "units"})
                + f", {format_number(packing['cbm'], decimals=2)} CBM, {format_number(packing['gross_kg'])} kg",
            ),
            (
                {
                    "id": f"Karton per {result['container']}",
                    "en": f"Cartons per {result['container']}",
                },
                f"{format_number(result['per_container'])} "
                f"({o['along_length']} × {o['along_width']} × {o['along_height']}; "
                + tr({"id": "karton diletakkan", "en": "carton placed"})
                + f" {o['length_cm']:g} × {o['width_cm']:g} × {o['height_cm']:g} cm)",
            ),
            (
                {"id": "Kontainer yang dibutuhkan", "en": "Containers needed"},
                f"{format_number(result['containers'])} ("
                + tr({"id": "yang terakhir terisi", "en": "the last one holds"})
                + f" {format_number(last['cartons'])} {cartons}, "
                + format_percent(last["volume_utilisation"], decimals=0)
                + tr({"id": " volume)", "en": " by volume)"}),
            ),
            ({"id": "Termurah per unit", "en": "Cheapest per unit"}, cheapest),
        ]
        self.summary.value = summary_html(items) + modes_html(result["modes"], result["cheapest"])
        self.show_figure(charts.container_fill(result["load"], figure=self.figure))
