"""Incoterms 2020: the rules, who pays what, where risk passes."""

import pytest

import toolkit
from toolkit.errors import InputError
from toolkit.incoterms import (
    COST_ITEMS,
    RULES,
    carries_transit_risk,
    insurance_clause,
    responsibility_matrix,
    rule_info,
    rules_for_mode,
    seller_items,
    seller_pays,
)

# Design section 3.1, written out by hand: what each rule's price covers beyond EXW.
_ORIGIN = {"inland_transport", "export_clearance", "export_duty"}  # every rule but EXW (A7)
EXPECTED = {
    "EXW": set(),
    "FCA": _ORIGIN,
    "FAS": _ORIGIN,
    "FOB": _ORIGIN | {"origin_handling"},
    "CFR": _ORIGIN | {"origin_handling", "main_carriage"},
    "CPT": _ORIGIN | {"origin_handling", "main_carriage"},
    "CIF": _ORIGIN | {"origin_handling", "main_carriage"},
    "CIP": _ORIGIN | {"origin_handling", "main_carriage"},
    "DAP": _ORIGIN | {"origin_handling", "main_carriage", "destination_handling", "destination_transport"},
    "DPU": _ORIGIN | {"origin_handling", "main_carriage", "destination_handling", "destination_transport",
                      "destination_unloading"},
    "DDP": _ORIGIN | {"origin_handling", "main_carriage", "destination_handling", "destination_transport",
                      "import_clearance", "import_duties"},
}


def test_eleven_rules():
    """Are there exactly the 11 Incoterms 2020 rules?"""
    assert sorted(RULES) == sorted(EXPECTED)


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_seller_pays_matches_design_table(rule):
    """Does every rule put exactly the design table's items on the seller?"""
    assert {item for item in COST_ITEMS if seller_pays(rule, item)} == EXPECTED[rule]
    assert set(seller_items(rule)) == EXPECTED[rule]


def test_insurance_only_under_cif_and_cip():
    """Is insurance an obligation only under CIF and CIP?"""
    assert [r for r in RULES if seller_pays(r, "insurance")] == ["CIF", "CIP"]


def test_export_duty_is_the_sellers_under_every_rule_but_exw():
    """Is bea keluar (export_duty) on the seller under all rules except EXW (design 3.1)?"""
    assert [r for r in RULES if not seller_pays(r, "export_duty")] == ["EXW"]


def test_insurance_clause_by_rule():
    """CIF insures on ICC (C), CIP on ICC (A); the D rules (seller carries the risk) on (A); others none?"""
    clauses = {rule: insurance_clause(rule) for rule in RULES}
    assert clauses == {"EXW": None, "FCA": None, "FAS": None, "FOB": None, "CFR": None, "CPT": None,
                       "CIF": "C", "CIP": "A", "DAP": "A", "DPU": "A", "DDP": "A"}
    assert [r for r in RULES if carries_transit_risk(r)] == ["DAP", "DPU", "DDP"]


def test_sea_only_rules():
    """Are FAS, FOB, CFR and CIF the sea-only rules?"""
    assert set(RULES) - set(rules_for_mode("any")) == {"FAS", "FOB", "CFR", "CIF"}


def test_risk_point_in_both_languages():
    """Does FOB say risk passes on board, in Indonesian and English?"""
    assert "di atas kapal" in rule_info("FOB")["risk_passes"]
    toolkit.set_language("en")
    assert "on board" in rule_info("FOB")["risk_passes"]


def test_lower_case_rule_is_accepted():
    """Does 'fob' work like 'FOB'?"""
    assert seller_pays("fob", "origin_handling")


@pytest.mark.parametrize("rule, item, argument", [("FOX", "main_carriage", "rule"),
                                                  ("FOB", "freight", "item"), (None, "main_carriage", "rule")])
def test_unknown_rule_or_item_lists_the_valid_ones(rule, item, argument):
    """Does a typo get the list of valid rules or items, in both languages?"""
    with pytest.raises(InputError) as error:
        seller_pays(rule, item)
    listed = "EXW, FCA" if argument == "rule" else "inland_transport, export_clearance"
    assert str(error.value).startswith(f"{argument} = ") and listed in str(error.value)
    assert "pilih salah satu" in str(error.value)
    toolkit.set_language("en")
    assert "choose one of" in str(error.value)


def test_responsibility_matrix_reads_like_the_classroom_table(english):
    """Is the matrix one row per rule with Seller/Buyer cells and the risk point?"""
    matrix = responsibility_matrix()
    assert list(matrix.index) == list(RULES)
    assert matrix.loc["EXW"].iloc[:10].eq("Buyer").all()
    assert matrix.loc["DDP", "Import duties and taxes"] == "Seller"
    assert matrix.loc["FOB", "Export duty"] == "Seller"
    assert matrix.loc["CIF", "Insurance"] == "Seller must (ICC C)"
    assert matrix.loc["CIP", "Insurance"] == "Seller must (ICC A)"
    assert matrix.loc["DAP", "Insurance"] == "Seller should"
    assert matrix.loc["FOB", "Insurance"] == "Buyer"
    assert matrix.columns[-1] == "Risk passes"
