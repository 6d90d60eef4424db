"""Reference tables in toolkit/data: provenance headers, columns, and the values the course relies on."""

import re

import holidays
import pandas as pd
import pytest

from toolkit import data

TABLES = data.tables()

# A date in the header: 2026-11 or 2026-11-20.
DATE = re.compile(r"\b(19|20)\d{2}-(0[1-9]|1[0-2])(-\d{2})?\b")


def test_the_tables_are_found():
    """Does the toolkit ship the tables the course reads?"""
    assert {"containers", "fx_rates", "products"} <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_header_names_source_date_and_what_to_verify(name):
    """Does every table open with comment lines naming its source, a date and what to verify?"""
    header = data.provenance(name)
    assert re.search(r"\bsource\b", header, re.IGNORECASE), header
    assert DATE.search(header), header
    assert re.search(r"\bverify\b", header, re.IGNORECASE), header


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_with_rows_and_named_columns(name):
    """Does every table load with rows, named columns and no '#' cut out of a data row?"""
    table = data.load(name)
    assert len(table) > 0
    assert not any(str(c).startswith("Unnamed") for c in table.columns)
    lines = [line for line in data.path(name).read_text(encoding="utf-8").splitlines() if line]
    body = [line for line in lines if not line.startswith("#")]
    assert len(table) == len(body) - 1  # every non-comment line but the column names is a row
    assert not any("#" in line for line in body)


# --- containers (design.md section 3.2) ---------------------------------------------------------------


def test_containers_match_design():
    """Are the containers exactly design.md section 3.2's reference sizes and payloads?"""
    table = data.load("containers")
    assert list(table.columns) == [
        "code",
        "length_mm",
        "width_mm",
        "height_mm",
        "payload_kg",
        "usable_cbm",
    ]
    design = pd.DataFrame(
        {
            "code": ["20GP", "40GP", "40HC"],
            "length_mm": [5898, 12032, 12032],
            "width_mm": [2352, 2352, 2352],
            "height_mm": [2393, 2393, 2698],
            "payload_kg": [28230, 26700, 26460],
        }
    )
    pd.testing.assert_frame_equal(table[design.columns], design, check_dtype=False)
    assert list(table["usable_cbm"]) == [28, 58, 66]  # domain.md


def test_usable_volume_below_geometric_volume():
    """Is each container's usable volume below its geometric volume?"""
    table = data.load("containers")
    geometric = table["length_mm"] * table["width_mm"] * table["height_mm"] / 1e9
    assert (table["usable_cbm"] < geometric).all()


# --- exchange rates -----------------------------------------------------------------------------------

CURRENCIES = {"USD", "CNY", "JPY", "EUR", "MYR", "SAR"}


def test_fx_rates_columns_and_currencies():
    """Does fx_rates have date, currency, idr_per_unit, source, for USD, CNY, JPY, EUR, MYR and SAR?"""
    table = data.load("fx_rates")
    assert list(table.columns) == ["date", "currency", "idr_per_unit", "source"]
    assert set(table["currency"]) == CURRENCIES
    assert not table.duplicated(["date", "currency"]).any()
    assert len(table["date"].unique()) >= 10


def test_fx_rates_positive_and_plausible():
    """Are the rates positive, per one unit (JPY about Rp110, not per 100 yen) and near the class's levels?"""
    table = data.load("fx_rates")
    assert (table["idr_per_unit"] > 0).all()
    ranges = {
        "USD": (14_000, 20_000),
        "CNY": (1_900, 2_800),
        "JPY": (80, 160),
        "EUR": (15_000, 23_000),
        "MYR": (3_000, 4_600),
        "SAR": (3_700, 5_400),
    }
    for currency, (low, high) in ranges.items():
        rates = table.loc[table["currency"] == currency, "idr_per_unit"]
        assert rates.between(low, high).all(), currency


def test_sar_follows_the_dollar_peg():
    """Does SAR stay at about USD / 3.75 (the riyal's peg) on every date?"""
    table = data.load("fx_rates").pivot(index="date", columns="currency", values="idr_per_unit")
    assert ((table["USD"] / table["SAR"]) - 3.75).abs().max() < 0.02


def test_fx_dates_parse_and_are_indonesian_business_days():
    """Do the dates parse, and are they business days in Indonesia (JISDOR is not published otherwise)?"""
    dates = pd.to_datetime(data.load("fx_rates")["date"], format="%Y-%m-%d")
    public = holidays.country_holidays("ID", years=sorted(set(dates.dt.year)))
    assert (dates.dt.day_of_week < 5).all()
    assert not any(d.date() in public for d in dates)


def test_fx_sources_name_bank_indonesia_series():
    """Does every USD row cite JISDOR and every other row BI's kurs tengah?"""
    table = data.load("fx_rates")
    usd = table["currency"] == "USD"
    assert table.loc[usd, "source"].str.contains("JISDOR").all()
    assert table.loc[~usd, "source"].str.contains("kurs tengah").all()


def test_fx_header_says_illustrative_and_replace():
    """Does the header say plainly that the rates are illustrative and must be replaced from bi.go.id?"""
    header = data.provenance("fx_rates")
    assert "ILLUSTRATIVE" in header
    assert "bi.go.id" in header and "replace" in header


# --- products -----------------------------------------------------------------------------------------

PRODUCT_COLUMNS = [
    "product_id",
    "name_id",
    "name_en",
    "category",
    "hs_heading",
    "hs_code_example",
    "unit",
    "typical_markets",
    "documents",
    "export_duty",
    "notes",
]


@pytest.fixture
def products():
    return data.load("products").set_index("product_id", drop=False)


def test_products_columns_and_ids(products):
    """Does products have its columns and one row per product_id?"""
    assert list(products.columns) == PRODUCT_COLUMNS
    assert products["product_id"].is_unique
    assert products.drop(columns="notes").notna().all().all()


def test_products_cover_the_course_stories(products):
    """Are the course's stories there: bags, leather, coffee, batik, snacks, palm sugar, handicraft?"""
    assert {
        "tas_pandan",
        "tas_kulit",
        "kulit_mentah",
        "kulit_crust",
        "kopi_robusta_green",
        "kopi_sangrai",
        "kain_batik",
        "emping_melinjo",
        "keripik",
        "gula_aren",
        "kerajinan_kayu",
        "kerajinan_bambu",
    } <= set(products["product_id"])


def test_hs_headings_are_four_digits(products):
    """Is every HS heading four digits, as text (coffee is 0901, not 901)?"""
    headings = list(products["hs_heading"])
    assert all(isinstance(h, str) and re.fullmatch(r"\d{4}", h) for h in headings), headings
    assert products.loc["kopi_robusta_green", "hs_heading"] == "0901"


def test_hs_examples_are_six_digits_marked_verify_under_their_heading(products):
    """Is every 6-digit example marked (verify) and inside its own heading?"""
    for _, product in products.iterrows():
        code = product["hs_code_example"]
        assert re.fullmatch(r"\d{4}\.\d{2} \(verify\)", code), code
        assert code[:4] == str(product["hs_heading"]).zfill(4), code


def test_hs_codes_from_domain(products):
    """Do leather, handbag and coffee use domain.md's headings (4101, 4104, 4202, 0901.11, 0901.21)?"""
    heading = products["hs_code_example"].str[:7]
    assert heading["kulit_mentah"].startswith("4101")
    assert heading["kulit_crust"].startswith("4104")
    assert heading["tas_kulit"].startswith("4202")
    assert heading["kopi_robusta_green"] == "0901.11"
    assert heading["kopi_sangrai"] == "0901.21"


def test_every_product_lists_the_basic_export_documents(products):
    """Does every product list PEB, invoice, packing list, a transport document and SKA?"""
    for _, product in products.iterrows():
        documents = [d.strip() for d in product["documents"].split(";")]
        text = product["documents"]
        assert (
            "PEB" in documents and "commercial invoice" in documents and "packing list" in documents
        )
        assert "B/L" in text and "SKA" in text, product["product_id"]


def test_sector_documents(products):
    """Do green coffee carry a phytosanitary certificate and GACC, wood SVLK, and China-bound food GACC?"""
    assert "phytosanitary" in products.loc["kopi_robusta_green", "documents"]
    assert "GACC" in products.loc["kopi_robusta_green", "documents"]
    assert "SVLK" in products.loc["kerajinan_kayu", "documents"]
    food = products[products["category"].isin(["food", "coffee", "agriculture"])]
    assert food["documents"].str.contains("GACC").all()
    assert food["documents"].str.contains("phytosanitary|health certificate").all()


def test_export_duty_on_hides_only(products):
    """Is export duty (bea keluar) marked for raw and crust hides, and 'none' for finished goods?"""
    assert set(products["export_duty"]) <= {"none", "bea keluar, verify per PMK"}
    dutiable = set(products.index[products["export_duty"] != "none"])
    assert dutiable == {"kulit_mentah", "kulit_crust"}
