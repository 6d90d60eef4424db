"""Incoterms responsibility matrix (module 04): who pays each cost, and where the risk passes.

The participant picks a rule and the transport (sea, or any mode such as a container handed over
at a terminal, or air); the app shows :func:`toolkit.incoterms.responsibility_matrix` for the
rules usable with that transport, the chosen rule's row highlighted, seller and buyer cells in
their own colours, and under it the rule's group, the point where risk passes and what its price
covers (:func:`toolkit.incoterms.rule_info`). A rule meant for sea only, picked for any mode,
gets a note pointing to the rule to use instead.

Examples
--------
>>> from toolkit.widgets.incoterms import IncotermsApp
>>> app = IncotermsApp(rule="FOB", mode="sea")
>>> len(app.result["matrix"]), app.result["info"]["group"]
(11, 'F')
>>> app.controls["mode"].value = "any"
>>> len(app.result["matrix"]), app.result["usable"]
(7, False)
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from toolkit import incoterms
from toolkit.i18n import Text, tr
from toolkit.widgets._base import App
from toolkit.widgets._controls import choice, summary_html, table_html

__all__ = ["IncotermsApp", "MODES", "INSTEAD"]

MODES: list[tuple[Text, str]] = [
    (
        {"id": "Laut (kapal, muatan curah atau kontainer)", "en": "Sea (ship, bulk or container)"},
        "sea",
    ),
    (
        {
            "id": "Semua moda (kontainer di terminal, udara, darat)",
            "en": "Any mode (container at a terminal, air, road)",
        },
        "any",
    ),
]
"""The transports offered: the values :func:`toolkit.incoterms.rules_for_mode` takes."""

INSTEAD = {"FAS": "FCA", "FOB": "FCA", "CFR": "CPT", "CIF": "CIP"}
"""For a sea-only rule, the rule the ICC recommends when goods are handed over at a terminal."""

_GROUPS: dict[str, Text] = {
    "E": {
        "id": "E: barang diambil pembeli di tempat penjual",
        "en": "E: the buyer collects at the seller's",
    },
    "F": {
        "id": "F: ongkos kirim utama dibayar pembeli",
        "en": "F: the buyer pays the main carriage",
    },
    "C": {
        "id": "C: ongkos kirim dibayar penjual, risiko pindah di asal",
        "en": "C: the seller pays carriage, risk passes at origin",
    },
    "D": {
        "id": "D: penjual menanggung sampai tujuan",
        "en": "D: the seller bears it all to the destination",
    },
}
_SELLER_CELL = ";background:#dff0d8"
_BUYER_CELL = ";background:#e3ecf7"


class IncotermsApp(App):
    """Rule and transport → the responsibility matrix, the rule highlighted, and where risk passes.

    Controls (keyword initial values): ``rule`` (one of :data:`toolkit.incoterms.RULES`) and
    ``mode`` (``"sea"`` or ``"any"``).

    After each refresh ``result`` holds ``matrix`` (the table shown), ``info`` (the rule's
    :func:`~toolkit.incoterms.rule_info`), ``usable`` (whether the rule suits the transport) and
    ``instead`` (the rule to use instead, or None).
    """

    title = {
        "id": "Matriks tanggung jawab Incoterms 2020",
        "en": "Incoterms 2020 responsibility matrix",
    }

    def build(self) -> list[widgets.Widget]:
        self.table = widgets.HTML()
        self.controls = {
            "rule": widgets.ToggleButtons(
                options=list(incoterms.RULES),
                value="FOB",
                description=tr({"id": "Aturan", "en": "Rule"}),
                style={"button_width": "3.6em"},
            ),
            "mode": choice({"id": "Pengiriman", "en": "Transport"}, MODES, "sea"),
        }
        return [*self.controls.values(), self.summary, self.table]

    def compute(self) -> dict:
        v = self.values()
        rules = incoterms.rules_for_mode(v["mode"])
        info = incoterms.rule_info(v["rule"])
        usable = info["rule"] in rules
        return {
            "matrix": incoterms.responsibility_matrix(rules),
            "info": info,
            "usable": usable,
            "instead": None if usable else INSTEAD.get(info["rule"]),
        }

    def render(self, result: dict) -> None:
        info, matrix = result["info"], result["matrix"]
        seller = tr({"id": "Penjual", "en": "Seller"})
        covered = [tr(incoterms.ITEM_LABELS[item]) for item in info["seller_items"]]
        if info["insurance_required"]:
            covered.append(
                tr(incoterms.ITEM_LABELS["insurance"]) + f" (ICC {info['insurance_clause']})"
            )
        elif incoterms.carries_transit_risk(info["rule"]):
            covered.append(
                tr({"id": "asuransi sendiri (sebaiknya, ICC A)", "en": "own insurance (advised, ICC A)"})
            )
        covers = "; ".join(covered)
        items = [
            ({"id": "Kelompok", "en": "Group"}, tr(_GROUPS[info["group"]])),
            ({"id": "Risiko berpindah", "en": "Risk passes"}, info["risk_passes"]),
            (
                {"id": "Harga penjual mencakup", "en": "The seller's price covers"},
                covers or tr({"id": "barang saja", "en": "the goods only"}),
            ),
        ]
        note = ""
        if not result["usable"]:
            text = tr(
                {
                    "id": "{rule} hanya untuk angkutan laut dan perairan darat. Untuk kontainer yang "
                    "diserahkan di terminal, atau kiriman udara, ICC menyarankan {instead}.",
                    "en": "{rule} is for sea and inland waterway only. For a container handed over at "
                    "a terminal, or an air shipment, the ICC recommends {instead}.",
                }
            ).format(rule=info["rule"], instead=result["instead"])
            note = f'<div style="color:#8a4b00;margin:4px 0">⚠️ {html.escape(text)}</div>'
        self.summary.value = summary_html(items, align="left") + note

        columns = [matrix.index.name, *matrix.columns]
        rows, styles = [], []
        for rule, row in matrix.iterrows():
            cells = [rule, *row.tolist()]
            rows.append(cells)
            styles.append(
                [";font-weight:bold"]
                + [
                    (_SELLER_CELL if cell == seller else _BUYER_CELL if i < len(row) - 2 else "")
                    for i, cell in enumerate(row.tolist())
                ]
            )
        chosen = [i for i, rule in enumerate(matrix.index) if rule == info["rule"]]
        self.table.value = table_html(
            rows,
            columns,
            highlight=chosen,
            bold=chosen,
            align=["left"] * len(columns),
            cell_styles=styles,
        )
