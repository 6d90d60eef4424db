"""Cost sheet and break-even apps: driven by setting their controls, read through what they show."""

import html

import pytest

import toolkit
from toolkit.widgets.costing import BreakEvenApp, CostSheetApp, parse_cost_lines

BAGS = """Pandan kering; bahan baku; 12.000.000
Upah anyam; tenaga kerja; 5.000.000
Listrik; overhead; 3.000.000"""


# --- reading the cost box --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("9000000", 9_000_000),
        ("9.000.000", 9_000_000),
        ("Rp9.000.000", 9_000_000),
        ("Rp 9.000.000,-", 9_000_000),
        ("9,000,000", 9_000_000),
        ("9.000", 9_000),
        ("12,5", 12.5),
        ("0", 0),
    ],
)
def test_amounts_are_read_as_indonesians_write_them(typed, amount):
    """Is 9.000.000 (or Rp9.000.000, or 9000000) read as nine million Rupiah?"""
    assert parse_cost_lines(f"Bahan; bahan; {typed}")[0]["amount"] == amount


@pytest.mark.parametrize(
    ("word", "category"),
    [
        ("bahan baku", "materials"),
        ("Bahan", "materials"),
        ("materials", "materials"),
        ("Tenaga  Kerja", "labour"),
        ("upah", "labour"),
        ("labor", "labour"),
        ("BOP", "overhead"),
        ("overhead", "overhead"),
    ],
)
def test_categories_are_read_in_either_language(word, category):
    """Are the categories understood in Indonesian and English, in any case?"""
    assert parse_cost_lines(f"X; {word}; 1")[0]["category"] == category


def test_blank_and_comment_lines_are_skipped_and_tabs_split():
    """Are empty lines and # comments skipped, and a tab accepted between the parts?"""
    rows = parse_cost_lines("\n# bahan\nPandan\tbahan baku\t100\n\n")
    assert rows == [{"item": "Pandan", "category": "materials", "amount": 100.0}]


# --- cost sheet ------------------------------------------------------------------------------


def test_cost_sheet_gives_hpp_per_good_unit():
    """Do Rp20 jt of costs for 1,000 bags with 4 % rejects give an HPP of Rp20.833 per good bag?"""
    app = CostSheetApp(lines=BAGS, units=1000, reject_rate=0.04)
    assert app.error is None
    assert app.result["hpp"] == pytest.approx(20_000_000 / 960)
    summary = app.summary.value
    assert "Rp20.833" in summary
    assert (
        summary.count("<tr") == 1 + 1 + 3 + 3 + 1
    )  # HPP line, header, 3 lines, 3 subtotals, total
    subtotals = app.result["sheet"].query("kind == 'subtotal'")["item"]
    assert all(html.escape(item) in summary for item in subtotals) and "Rp12.000.000" in summary
    assert "1.000 unit × (1 − 4%)" in summary


def test_cost_sheet_follows_units_and_rejects():
    """Does the HPP fall when more units are made and rise with more rejects?"""
    app = CostSheetApp(lines=BAGS, units=1000, reject_rate=0.0)
    assert app.result["hpp"] == pytest.approx(20_000)
    app.controls["units"].value = 2000
    assert app.result["hpp"] == pytest.approx(10_000)
    app.controls["reject_rate"].value = 0.2
    assert app.result["hpp"] == pytest.approx(12_500)
    assert "Rp12.500" in app.summary.value


def test_a_line_that_cannot_be_read_is_a_sentence_and_the_sheet_stays():
    """Is an unknown category a sentence naming the line, in Indonesian, the last sheet kept?"""
    app = CostSheetApp(lines=BAGS)
    good, shown = app.result, app.summary.value
    app.controls["lines"].value = BAGS + "\nKayu bakar; kayu; 100.000"
    assert app.error.startswith(
        "Biaya (nama; kategori; jumlah Rp), baris 4 = 'Kayu bakar; kayu; 100.000' tidak diperbolehkan"
    )
    assert app.stale and "ke-stale" in app.summary._dom_classes
    assert "bahan baku, tenaga kerja atau overhead" in app.error
    assert app.result is good and app.summary.value == shown
    app.controls["lines"].value = BAGS
    assert app.error is None


@pytest.mark.parametrize(
    "typed",
    [
        "Pandan; bahan baku",
        "Pandan; bahan baku; sembilan juta",
        "; bahan; 100",
        "Pandan; bahan; -5",
    ],
)
def test_other_unreadable_lines_are_sentences_in_english_too(typed):
    """Are a missing amount, words for a number, a missing name or a negative amount refused in English?"""
    toolkit.set_language("en")
    app = CostSheetApp(lines=BAGS)
    app.controls["lines"].value = typed
    assert app.error.startswith("Costs (name; category; IDR), line 1")
    assert "write each line like" in app.error or "at least 0" in app.error
    assert app.result["hpp"] == pytest.approx(20_000_000 / 960)


def test_an_empty_cost_box_is_a_sentence():
    """Does an empty box (or only comments) ask for at least one line, in Indonesian and English?"""
    app = CostSheetApp(lines="")
    assert app.result is None
    assert app.error.startswith(
        "Biaya (nama; kategori; jumlah Rp) = '' tidak diperbolehkan: tulis minimal satu baris biaya"
    )
    toolkit.set_language("en")
    app = CostSheetApp(lines="# nothing yet")
    assert app.error.startswith(
        "Costs (name; category; IDR) = '# nothing yet' is not allowed: write at least one cost line"
    )


def test_cost_sheet_in_english():
    """Are the labels and table English after set_language("en")?"""
    toolkit.set_language("en")
    app = CostSheetApp(lines=BAGS)
    assert app.controls["units"].description == "Units started"
    assert "HPP per good unit" in app.summary.value
    assert "Materials" in app.summary.value and "IDR" in app.summary.value


# --- break-even ------------------------------------------------------------------------------


def test_break_even_of_the_worked_example():
    """Do fixed costs of Rp6 jt, a price of Rp35.000 and a variable cost of Rp20.000 break even at 400?"""
    app = BreakEvenApp(
        fixed_costs=6_000_000, price=35_000, variable_cost=20_000, target_profit=9_000_000
    )
    assert app.result["contribution_margin"] == 15_000
    assert app.result["break_even"] == pytest.approx(400)
    assert app.result["target_units"] == pytest.approx(1000)
    summary = app.summary.value
    assert "Rp15.000" in summary and "400 unit" in summary and "1.000 unit" in summary
    ax = app.figure.axes[0]
    assert ax.has_data() and bytes(app.image.value).startswith(b"\x89PNG")
    assert "Titik impas: 400 unit" in [line.get_label() for line in ax.get_lines()]
    assert app.result["table"]["units"].max() >= 1000  # the target is on the chart


def test_break_even_moves_with_the_price():
    """Does a higher price lower the break-even units, and a part unit show with a decimal?"""
    app = BreakEvenApp(fixed_costs=4_500_000, price=25_000, variable_cost=16_000)
    assert app.result["break_even"] == pytest.approx(500)
    app.controls["price"].value = 23_000
    assert app.result["break_even"] == pytest.approx(4_500_000 / 7_000)
    assert "642,9 unit" in app.summary.value


def test_a_price_at_the_variable_cost_is_a_sentence_and_the_chart_stays():
    """Is a price no higher than the variable cost explained in Indonesian, the last chart kept?"""
    app = BreakEvenApp(fixed_costs=6_000_000, price=35_000, variable_cost=20_000)
    figure, shown = app.figure, app.image.value
    app.controls["price"].value = 20_000
    assert app.error.startswith("Harga jual per unit (Rp) = Rp20.000 tidak diperbolehkan")
    assert "lebih tinggi dari biaya variabel" in app.error
    assert app.figure is figure and app.image.value == shown
    assert app.result["break_even"] == pytest.approx(400)


def test_a_price_at_the_variable_cost_in_english():
    """Is the same slip explained in English when the app was built in English?"""
    toolkit.set_language("en")
    app = BreakEvenApp(fixed_costs=6_000_000, price=35_000, variable_cost=20_000)
    app.controls["variable_cost"].value = 40_000
    assert app.error.startswith("Price per unit (IDR) = IDR\xa035,000 is not allowed")
    assert "above the variable cost" in app.error


def test_break_even_in_english():
    """Are the labels, summary and chart English after set_language("en")?"""
    toolkit.set_language("en")
    app = BreakEvenApp(fixed_costs=6_000_000, price=35_000, variable_cost=20_000)
    assert app.controls["price"].description == "Price per unit (IDR)"
    assert "Contribution margin per unit" in app.summary.value and "400 units" in app.summary.value
    assert app.figure.axes[0].get_title() == "Break-even"
