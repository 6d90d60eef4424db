"""Incoterms matrix app: driven by picking a rule and a transport, read through its tables."""

import re

import pytest

import toolkit
from toolkit.incoterms import RULES
from toolkit.widgets.incoterms import IncotermsApp


def _rows(app) -> list[str]:
    """The rule in each body row of the matrix, in order."""
    body = app.table.value.split("<tbody>")[1]
    return re.findall(r"<tr[^>]*><td[^>]*>(\w+)</td>", body)


def _outlined(app) -> list[str]:
    body = app.table.value.split("<tbody>")[1]
    return re.findall(r'<tr style="outline[^"]*"><td[^>]*>(\w+)</td>', body)


def test_sea_shows_all_eleven_rules_with_fob_highlighted():
    """For sea transport, are all 11 rules listed and the FOB row the one outlined?"""
    app = IncotermsApp(rule="FOB", mode="sea")
    assert app.error is None
    assert _rows(app) == list(RULES)
    assert _outlined(app) == ["FOB"]
    assert app.result["usable"] and app.result["instead"] is None
    summary = app.summary.value
    assert "saat barang sudah di atas kapal di pelabuhan muat" in summary
    assert "F: ongkos kirim utama dibayar pembeli" in summary
    assert "Handling &amp; muat di pelabuhan asal" in summary  # FOB covers origin handling


def test_seller_and_buyer_cells_have_their_colours():
    """Does FOB's row colour the four seller items green and the other cost items blue?"""
    app = IncotermsApp(rule="FOB")
    row = [r for r in app.table.value.split("<tr") if ">FOB</td>" in r][0]
    assert row.count("#dff0d8") == 4  # inland transport, export clearance, export duty, origin handling
    assert row.count("#e3ecf7") == 6  # the other six cost items are the buyer's


def test_any_mode_lists_seven_rules_and_points_fob_to_fca():
    """For a container at a terminal, are the 7 any-mode rules listed and FOB pointed to FCA?"""
    app = IncotermsApp(rule="FOB", mode="any")
    assert _rows(app) == ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP"]
    assert _outlined(app) == []
    assert app.result == {**app.result, "usable": False, "instead": "FCA"}
    assert "ICC menyarankan FCA" in app.summary.value


@pytest.mark.parametrize(("rule", "instead"), [("CIF", "CIP"), ("CFR", "CPT"), ("FAS", "FCA")])
def test_each_sea_rule_has_its_any_mode_counterpart(rule, instead):
    """Is each sea-only rule, picked for any mode, pointed to the rule the ICC recommends?"""
    app = IncotermsApp(rule=rule, mode="any")
    assert app.result["instead"] == instead


def test_ddp_covers_import_duties_and_cif_insurance():
    """Does DDP's summary say the seller also pays import duties, and CIF insurance?"""
    app = IncotermsApp(rule="DDP")
    assert "Bea masuk &amp; pajak impor" in app.summary.value
    assert "D: penjual menanggung sampai tujuan" in app.summary.value
    assert "asuransi sendiri (sebaiknya, ICC A)" in app.summary.value  # D: the seller's own risk
    app.controls["rule"].value = "CIF"
    assert "Asuransi (ICC C)" in app.summary.value
    assert _outlined(app) == ["CIF"]


def test_exw_covers_the_goods_only():
    """Does EXW's summary say the price covers the goods only?"""
    app = IncotermsApp(rule="EXW")
    assert "barang saja" in app.summary.value


def test_matrix_in_english():
    """Are the headers, cells and notes English after set_language("en")?"""
    toolkit.set_language("en")
    app = IncotermsApp(rule="CIF", mode="any")
    assert app.controls["rule"].description == "Rule"
    assert "Inland transport to port" in app.table.value
    assert ">Seller<" in app.table.value and ">Buyer<" in app.table.value
    assert "the ICC recommends CIP" in app.summary.value
    assert "Incoterms 2020 responsibility matrix" in app.widget.children[0].value
