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
        "road_cargo_kg",
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
    assert (table["road_cargo_kg"] < table["payload_kg"]).all()  # the roads bind before the box


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
    "documents_id",
    "documents_en",
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
        "kulit_wet_blue",
        "kulit_crust",
        "kendang_djembe",
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


def test_hs_examples_are_six_digits_under_their_heading(products):
    """Is every example a plain 6-digit subheading inside its own heading, and does the header say to verify it?"""
    for _, product in products.iterrows():
        code = product["hs_code_example"]
        assert re.fullmatch(r"\d{4}\.\d{2}", code), code
        assert code[:4] == str(product["hs_heading"]).zfill(4), code
    assert "every hs_code_example is only an example" in data.provenance("products")


def test_hs_codes_from_domain(products):
    """Do leather, handbag and coffee use domain.md's headings (4101, 4104, 4202, 0901.11, 0901.21)?"""
    heading = products["hs_code_example"].str[:7]
    assert heading["kulit_mentah"].startswith("4101")
    assert heading["kulit_crust"].startswith("4104")
    assert heading["kulit_wet_blue"] == "4104.11"
    assert heading["kendang_djembe"] == "9206.00"  # the real leather story: finished drums
    assert heading["tas_kulit"].startswith("4202")
    assert heading["kopi_robusta_green"] == "0901.11"
    assert heading["kopi_sangrai"] == "0901.21"


def test_every_product_lists_the_basic_export_documents(products):
    """Does every product list PEB, invoice, packing list, a transport document and SKA, in both languages?"""
    for _, product in products.iterrows():
        for column in ("documents_id", "documents_en"):
            documents = [d.strip() for d in product[column].split(";")]
            text = product[column]
            assert (
                "PEB" in documents and "commercial invoice" in documents and "packing list" in documents
            )
            assert "B/L" in text and "SKA" in text, product["product_id"]
        assert len(product["documents_id"].split(";")) == len(product["documents_en"].split(";"))


def test_sector_documents(products):
    """Do green coffee carry a phytosanitary certificate and GACC, wood SVLK, and China-bound food GACC?"""
    assert "phytosanitary" in products.loc["kopi_robusta_green", "documents_en"]
    assert "fitosanitari" in products.loc["kopi_robusta_green", "documents_id"]
    assert "GACC" in products.loc["kopi_robusta_green", "documents_en"]
    assert "SVLK" in products.loc["kerajinan_kayu", "documents_en"]
    food = products[products["category"].isin(["food", "coffee", "agriculture"])]
    assert food["documents_en"].str.contains("GACC").all()
    assert food["documents_en"].str.contains("phytosanitary|health certificate").all()
    processed = products[products["category"].isin(["food", "agriculture"])]
    assert processed["documents_en"].str.contains(r"health certificate \(BPOM\)").all()  # not quarantine
    for product in ("emping_melinjo", "gula_aren"):  # sold to the USA in the course's stories
        assert "FDA facility registration and prior notice" in products.loc[product, "documents_en"]
    assert "TRACES NT" in products.loc["gula_aren", "documents_en"]  # organic to the EU (A6)


def test_export_duty_table_covers_every_product():
    """Has every product a duty row: a rate, 0, or empty (not settled), dated and with its basis in both languages?"""
    duty = data.load("export_duty").set_index("product_id")
    assert set(duty.index) == set(data.load("products")["product_id"])
    assert duty["rate"].dropna().between(0, 1).all()
    assert duty.loc["kulit_mentah", "rate"] == 0.25 and duty.loc["kulit_wet_blue", "rate"] == 0.15
    assert pd.isna(duty.loc["kulit_crust", "rate"])  # not settled: the toolkit must say so, not use 0
    assert set(duty.index[duty["rate"].fillna(1) > 0]) == {"kulit_mentah", "kulit_wet_blue", "kulit_crust"}
    assert duty[["date", "basis_id", "basis_en"]].notna().all().all()
    header = data.provenance("export_duty")
    assert "PMK 38/2024" in header and "PMK 68/2025" in header and "HPE" in header


def test_insurance_rates_by_clause():
    """Are clauses A, B and C there, (A) dearer than (C), all at 110 % cover?"""
    rates = data.load("insurance_rates").set_index("clause")
    assert rates.loc["C", "rate"] < rates.loc["B", "rate"] < rates.loc["A", "rate"]
    assert 1.5 <= rates.loc["A", "rate"] / rates.loc["C", "rate"] <= 2  # trainer review, finding 7
    assert (rates["cover"] == 1.10).all()


def test_bank_charges_and_port_rules():
    """Do the bank charges hold the spread and transfer fees, and the port rules the terminal window and PEB days?"""
    bank = data.load("bank_charges").set_index("item")["value"]
    assert 0.005 <= bank["tt_buying_spread"] <= 0.015
    assert bank["incoming_transfer_fee"] > 0 and bank["correspondent_fee"] > 0
    port = data.load("port_rules").set_index("key")["value"]
    assert port["terminal_acceptance_days"] >= 1
    assert port["gate_in_working_days_before_cutoff"] == 1
    assert port["peb_earliest_days_before_export"] == 7


def test_market_rules_name_the_forms_by_market():
    """Does each of the course's markets have its certificate of origin, and the USA and EU their food rules?"""
    rules = data.load("market_rules")
    origin = rules[rules["topic"] == "origin"].set_index("market")["rule_en"]
    assert "Form D" in origin.filter(like="ASEAN").iloc[0]
    assert "Form E" in origin["China"] and "IJEPA" in origin["Japan"]
    assert "Form AK" in origin["Korea"] and "IA-CEPA" in origin["Australia"]
    assert "GSP expired" in origin["USA"]
    food = rules[rules["topic"] == "food"].set_index("market")["rule_en"]
    assert "Prior Notice" in food["USA"] and "TRACES NT" in food["EU"]
    assert "BPOM" in food["Indonesia (asal)"]


def test_exporter_steps_are_in_order_and_bilingual():
    """Are the exporter's steps numbered in order, in both languages, each with a legal basis and a date?"""
    steps = data.load("exporter_steps")
    assert steps["step"].tolist() == list(range(1, len(steps) + 1))
    assert steps[["topic_id", "topic_en", "item_id", "item_en", "legal_basis", "date"]].notna().all().all()
    text = " ".join(steps["item_en"])
    for fact in ("OSS", "KBLI", "CEISA", "USD 250,000", "0.5%", "Rp4.8 billion", "counter-sample"):
        assert fact in text, fact
