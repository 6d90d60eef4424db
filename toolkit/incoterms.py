"""Incoterms 2020: the eleven rules, who bears each cost item, and where risk passes.

The table lives in ``toolkit/data/incoterms.csv`` (design section 3.1); this module reads it.

Examples
--------
>>> from toolkit.incoterms import RULES, seller_pays
>>> len(RULES), RULES[:4]
(11, ('EXW', 'FCA', 'FAS', 'FOB'))
>>> seller_pays("FOB", "origin_handling"), seller_pays("FOB", "main_carriage")
(True, False)
"""

from __future__ import annotations

import pandas as pd

from toolkit import data
from toolkit.errors import check_choice
from toolkit.i18n import tr

__all__ = [
    "RULES",
    "COST_ITEMS",
    "ITEM_LABELS",
    "seller_pays",
    "seller_items",
    "insurance_clause",
    "carries_transit_risk",
    "rule_info",
    "rules_for_mode",
    "responsibility_matrix",
]

_TABLE = data.load("incoterms").set_index("rule")

RULES: tuple[str, ...] = tuple(_TABLE.index)
"""The 11 Incoterms 2020 rules, in the order a price builds up from EXW to DDP."""

COST_ITEMS: tuple[str, ...] = (
    "inland_transport",
    "export_clearance",
    "export_duty",
    "origin_handling",
    "main_carriage",
    "destination_handling",
    "destination_transport",
    "destination_unloading",
    "import_clearance",
    "import_duties",
)
"""The cost items of design section 3.1, in the order the goods meet them."""

ITEM_LABELS = {
    "exw": {"id": "Harga EXW", "en": "EXW price"},
    "inland_transport": {"id": "Angkutan darat ke pelabuhan", "en": "Inland transport to port"},
    "export_clearance": {
        "id": "Dokumen & kepabeanan ekspor (PEB, SKA)",
        "en": "Export clearance and documents (PEB, CoO)",
    },
    "export_duty": {"id": "Bea keluar", "en": "Export duty"},
    "origin_handling": {"id": "Handling & muat di pelabuhan asal", "en": "Origin terminal handling"},
    "main_carriage": {"id": "Ongkos kirim utama (freight)", "en": "Main carriage (freight)"},
    "insurance": {"id": "Asuransi", "en": "Insurance"},
    "destination_handling": {"id": "Bongkar & handling di pelabuhan tujuan", "en": "Destination terminal handling"},
    "destination_transport": {"id": "Angkutan ke tempat tujuan", "en": "Transport to named place"},
    "destination_unloading": {"id": "Bongkar di tempat tujuan", "en": "Unloading at named place"},
    "import_clearance": {"id": "Urusan kepabeanan impor", "en": "Import clearance"},
    "import_duties": {"id": "Bea masuk & pajak impor", "en": "Import duties and taxes"},
}
"""Participant-facing names of the cost items (and of EXW and insurance), both languages."""


def _rule(rule: str) -> str:
    if isinstance(rule, str) and rule.strip().upper() in RULES:
        return rule.strip().upper()
    return check_choice("rule", rule, RULES)


def seller_pays(rule: str, item: str) -> bool:
    """Whether the seller's price covers cost ``item`` under Incoterms ``rule``.

    ``item`` is one of :data:`COST_ITEMS`, or ``"insurance"`` (an obligation only under CIF and CIP).
    Rule codes are accepted in any case (``"fob"``).

    Examples
    --------
    >>> seller_pays("CIF", "insurance"), seller_pays("DAP", "insurance")
    (True, False)
    >>> seller_pays("DDP", "import_duties")
    True
    """
    rule = _rule(rule)
    if item == "insurance":
        return bool(_TABLE.at[rule, "insurance_required"])
    check_choice("item", item, COST_ITEMS + ("insurance",))
    return bool(_TABLE.at[rule, item])


def seller_items(rule: str) -> list[str]:
    """The cost items the seller's price covers under ``rule``, in the order the goods meet them.

    >>> seller_items("FOB")
    ['inland_transport', 'export_clearance', 'export_duty', 'origin_handling']
    """
    rule = _rule(rule)
    return [item for item in COST_ITEMS if _TABLE.at[rule, item]]


def insurance_clause(rule: str) -> str | None:
    """The Institute Cargo Clauses the class insures with under ``rule``: ``"C"``, ``"A"`` or None.

    CIF requires clauses (C) and CIP clauses (A) (Incoterms 2020 A5). Under DAP, DPU and DDP
    insurance is not an obligation, but the seller carries the goods' risk to the named place,
    so the class insures with clauses (A); under the other rules the buyer insures (None).

    >>> insurance_clause("CIF"), insurance_clause("CIP"), insurance_clause("DAP"), insurance_clause("FOB")
    ('C', 'A', 'A', None)
    """
    clause = str(_TABLE.at[_rule(rule), "insurance_clause"])
    return None if clause == "none" else clause


def carries_transit_risk(rule: str) -> bool:
    """Whether the seller still carries the risk of loss while the goods travel: the D rules.

    Under the C rules the seller pays the carriage but the risk has already passed at origin.

    >>> carries_transit_risk("DAP"), carries_transit_risk("CIF")
    (True, False)
    """
    return _TABLE.at[_rule(rule), "group"] == "D"


def rule_info(rule: str) -> dict:
    """A rule's group (E, F, C, D), modes (``"any"`` or ``"sea"``), insurance duty and risk point.

    The risk point is in the active language.

    >>> info = rule_info("FOB")
    >>> info["modes"], info["insurance_required"]
    ('sea', False)
    """
    rule = _rule(rule)
    row = _TABLE.loc[rule]
    return {
        "rule": rule,
        "group": row["group"],
        "modes": row["modes"],
        "insurance_required": bool(row["insurance_required"]),
        "insurance_clause": insurance_clause(rule),
        "risk_passes": tr({"id": row["risk_id"], "en": row["risk_en"]}),
        "seller_items": seller_items(rule),
    }


def rules_for_mode(mode: str) -> list[str]:
    """The rules usable for a transport mode: ``"sea"`` (all 11) or ``"any"`` (the 7 for any mode).

    FAS, FOB, CFR and CIF are for sea and inland waterway only; for containers the ICC recommends
    FCA, CPT or CIP instead, since a container is handed over at a terminal.

    >>> rules_for_mode("any")
    ['EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP']
    """
    check_choice("mode", mode, ("sea", "any"))
    if mode == "sea":
        return list(RULES)
    return [r for r in RULES if _TABLE.at[r, "modes"] == "any"]


def responsibility_matrix(rules=None) -> pd.DataFrame:
    """Who pays each item under each rule, as a table for the classroom: rules as rows, items as columns.

    Cells read "Penjual"/"Pembeli" (or "Seller"/"Buyer" in English); insurance is an obligation only
    under CIF and CIP ("Wajib (ICC C)", "Wajib (ICC A)"); under the D rules the seller carries the
    risk and should insure ("Sebaiknya penjual"); elsewhere the buyer carries it ("Pembeli"). The
    last column says where risk passes. Column headers are the items' names in the active language.

    >>> responsibility_matrix(["EXW", "FOB"]).iloc[:, 2].tolist()
    ['Pembeli', 'Penjual']
    """
    rules = [_rule(r) for r in (RULES if rules is None else rules)]
    seller = tr({"id": "Penjual", "en": "Seller"})
    buyer = tr({"id": "Pembeli", "en": "Buyer"})
    items = list(COST_ITEMS) + ["insurance"]
    rows = {
        rule: [seller if seller_pays(rule, item) else buyer for item in COST_ITEMS]
        + [_insurance_cell(rule)]
        + [rule_info(rule)["risk_passes"]]
        for rule in rules
    }
    columns = [tr(ITEM_LABELS[item]) for item in items] + [tr({"id": "Risiko berpindah", "en": "Risk passes"})]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    table.index.name = "Incoterms 2020"
    return table


def _insurance_cell(rule: str) -> str:
    if seller_pays(rule, "insurance"):
        clause = insurance_clause(rule)
        return tr({"id": f"Wajib penjual (ICC {clause})", "en": f"Seller must (ICC {clause})"})
    if carries_transit_risk(rule):
        return tr({"id": "Sebaiknya penjual", "en": "Seller should"})
    return tr({"id": "Pembeli", "en": "Buyer"})
