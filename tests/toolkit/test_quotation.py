"""The capstone's quotation: its figures come from the toolkit, and its PDF and XLSX say the same."""

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import toolkit
from toolkit import costing, planning, pricing
from toolkit.errors import InputError
from toolkit.i18n import format_date, format_money, format_number
from toolkit.quotation import (
    Quotation,
    build_quotation,
    catalogue,
    currencies,
    display_rows,
    file_stem,
    lead_time_text,
    payment_text,
    sheet_names,
    slug,
    write_quotation_pdf,
    write_quotation_xlsx,
)

COSTS = {
    "inland_transport": 2_500_000,
    "export_clearance": 1_500_000,
    "origin_handling": 2_000_000,
    "main_carriage": 7_500_000,
}
TASKS = [("Bahan baku", 5), ("Produksi", 15), ("QC dan pengemasan", 3), ("Truk ke pelabuhan", 1)]
ORDER = dict(
    seller={"name": "BUMDes Maju Jaya", "address": "Desa Sukamaju, Kab. Serang, Banten"},
    buyer={"name": "Tokyo Crafts Co., Ltd.", "country": "Japan"},
    product="Tas anyaman pandan",
    product_id="tas_pandan",
    quantity=1200,
    hpp=45_000,
    margin=0.25,
    incoterm="FOB",
    named_place="Tanjung Priok",
    costs=COSTS,
    currency="USD",
    fx_buffer=0.03,
    quotation_date="2026-11-16",
    tasks=TASKS,
    deadline="2027-01-29",
    buffer_days=3,
    bank={"bank": "Bank Rakyat Indonesia", "swift": "BRINIDJA", "account": "0123-01-000123-30-1",
          "account_name": "BUMDes Maju Jaya"},
    packing={"units_per_carton": 20, "carton_cm": (60, 40, 40), "gross_kg": 8, "net_kg": 6.5},
)
USD = pricing.reference_rate("USD", "2026-11-16")["idr_per_unit"]  # 16.618 (13 November)
BUY = USD * 0.99  # the bank's TT buying rate


def quote(**changes):
    return build_quotation(**{**ORDER, **changes})


def pdf_text(path) -> str:
    """The PDF's text, no-break spaces read as spaces (as a reader sees them)."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages).replace("\xa0", " ")


# --- figures -------------------------------------------------------------------------------


def test_price_follows_the_toolkit_from_hpp_to_the_quoted_currency():
    """Is the quoted price HPP → margin → FOB → USD at the bank's buying rate with the FX buffer?"""
    q = quote()
    assert isinstance(q, Quotation)
    exw = pricing.price_from_margin(45_000, 0.25)
    assert q.exw_unit_idr == pytest.approx(60_000)
    assert q["price_idr"] == pytest.approx(pricing.export_price(exw * 1200, "FOB", COSTS))
    assert q.price_idr == pytest.approx(72_000_000 + 6_000_000)  # main carriage is the buyer's
    rate = pricing.reference_rate("USD", "2026-11-16")
    assert (q.idr_per_unit, q.rate_date) == (rate["idr_per_unit"], rate["date"])
    assert q.buying_rate == pytest.approx(pricing.buying_rate(rate["idr_per_unit"]))
    exact = pricing.convert_from_idr(q.price_idr, q.buying_rate, fx_buffer=0.03) / 1200
    assert q.unit_price_exact == pytest.approx(exact)
    assert q.unit_price == 4.08  # 78,000,000 / (16,618 × 0.99 × 0.97) / 1200 = 4.0731 → up to the cent
    assert q.total == pytest.approx(4.08 * 1200)


def test_hpp_from_cost_inputs_is_costing_unit_cost():
    """Given materials, labour, overhead and units instead of an HPP, is HPP costing.unit_cost's?"""
    q = quote(
        hpp=None,
        materials=36_000_000,
        labour=14_000_000,
        overhead=4_000_000,
        production_units=1250,
        reject_rate=0.04,
    )
    assert q["hpp"] == pytest.approx(
        costing.unit_cost(
            materials=36_000_000,
            labour=14_000_000,
            overhead=4_000_000,
            units=1250,
            reject_rate=0.04,
        )
    )
    assert q["hpp"] == pytest.approx(45_000)


def test_missing_hpp_inputs_are_named_in_both_languages():
    """Without an HPP or its inputs, does the error say which inputs are missing?"""
    with pytest.raises(InputError) as error:
        quote(hpp=None, materials=1_000_000)
    assert "labour, overhead, production_units" in str(error.value)
    assert "yang belum ada" in str(error.value)
    toolkit.set_language("en")
    assert "missing: labour, overhead, production_units" in str(error.value)


def test_cif_build_up_insures_110_percent_of_the_quoted_price():
    """Under CIF, is the premium grossed up last, on 110 % of the quoted price itself (not of CFR)?"""
    q = quote(incoterm="CIF", named_place="Tokyo", insurance_rate=0.004, bank_fee_share=0.01)
    assert q.price_idr == pytest.approx(pricing.export_price(72_000_000, "CIF", COSTS, insurance_rate=0.004))
    steps = q.buildup.set_index("step")
    exact = q.unit_price_exact * 1200 * q.idr_per_unit  # the quoted price before rounding, in Rupiah
    assert steps.loc["insurance", "amount_idr"] == pytest.approx(1.1 * 0.004 * exact)
    assert steps.loc["total", "amount_idr"] == pytest.approx(78_000_000 + 7_500_000)  # before insurance
    # What the seller keeps covers its costs and the premium exactly:
    kept = exact * 0.99 * 0.97 * (1 - 0.01)
    assert kept - 1.1 * 0.004 * exact == pytest.approx(78_000_000 + 7_500_000)


def test_cip_quotes_above_cif_by_default():
    """With the default rates (ICC C for CIF, ICC A for CIP), is the CIP quotation the dearer?"""
    cif, cip = quote(incoterm="CIF", named_place="Tokyo"), quote(incoterm="CIP", named_place="Tokyo")
    assert (cif.insurance_rate, cip.insurance_rate) == (0.004, 0.006)
    assert cip.unit_price_exact > cif.unit_price_exact


def test_d_rule_quotations_insure_the_sellers_own_risk():
    """Under DAP the seller carries the risk: is it insured by default, and dearer than without?"""
    insured = quote(incoterm="DAP", named_place="Tokyo")
    bare = quote(incoterm="DAP", named_place="Tokyo", insurance_rate=0)
    assert "insurance" in set(insured.buildup["step"]) and "insurance" not in set(bare.buildup["step"])
    assert insured.unit_price_exact > bare.unit_price_exact


def test_build_up_adds_up_to_the_quoted_total():
    """Do the build-up's additions add up to each subtotal and to the quoted total in both currencies?"""
    q = quote(bank_fee_share=0.01, turnover_tax=0.005, incoterm="CIP", named_place="Tokyo",
              insurance_rate=0.005)
    table = q["buildup"]
    running = 0.0
    for row in table.itertuples(index=False):
        if row.kind == "add":
            running += row.amount_idr
            assert row.cumulative_idr == pytest.approx(running)
        else:
            assert row.amount_idr == pytest.approx(running)
    quoted = table.set_index("step").loc["quoted"]
    assert quoted["amount_quoted"] == pytest.approx(q["total"])
    assert quoted["per_unit_idr"] == pytest.approx(q["unit_price"] * q["idr_per_unit"])
    assert table["step"].tolist()[:3] == ["hpp", "margin", "exw"]
    assert {"bank_fees", "turnover_tax", "spread", "fx_buffer", "insurance", "rounding"} <= set(table["step"])
    steps = table.set_index("step")
    received = q.unit_price_exact * 1200 * q.idr_per_unit * 0.97 * 0.99
    assert steps.loc["turnover_tax", "amount_idr"] == pytest.approx(0.005 * received)
    assert steps.loc["bank_fees", "amount_idr"] == pytest.approx(0.01 * received)


def test_an_exact_cent_price_is_not_rounded_up():
    """Is a unit price of exactly 4.35 (Rp43.065 at a buying rate of Rp9.900) quoted as 4.35, not 4.36?"""
    q = quote(
        hpp=43_065,
        margin=0.0,
        quantity=100,
        incoterm="EXW",
        named_place="Serang",
        costs=None,
        fx_rate=10_000,
        fx_buffer=0.0,
    )
    assert q["unit_price"] == 4.35
    assert q["total"] == pytest.approx(435.0)


@settings(max_examples=40, deadline=None)
@given(
    hpp=st.floats(100, 5_000_000),
    margin=st.floats(0, 0.9),
    quantity=st.integers(1, 100_000),
    buffer=st.floats(0, 0.2),
    currency=st.sampled_from(["IDR", "USD", "CNY", "JPY"]),
)
def test_quoted_price_never_undercuts_and_adds_up(hpp, margin, quantity, buffer, currency):
    """Is the unit price never below the exact price, less than one smallest unit above it, and the total unit × quantity?"""
    q = quote(hpp=hpp, margin=margin, quantity=quantity, fx_buffer=buffer, currency=currency)
    step = 1.0 if currency in ("IDR", "JPY") else 0.01
    assert q["unit_price"] >= q["unit_price_exact"] * (1 - 1e-12)
    assert q["unit_price"] - q["unit_price_exact"] < step + 1e-9
    assert q["total"] == pytest.approx(q["unit_price"] * quantity)
    assert q["buildup"]["amount_quoted"].iloc[-1] == pytest.approx(q["total"])


def test_rupiah_quotation_has_no_fx():
    """Quoted in IDR, is the rate 1, the unit price whole Rupiah, and no FX buffer applied?"""
    q = quote(currency="IDR", hpp=45_001, fx_rate=16_000)
    assert q["idr_per_unit"] == 1.0 and q["rate_date"] is None and q.buying_rate == 1.0
    assert "Kurs acuan (Rupiah per unit)" not in dict(display_rows(q))
    assert q["unit_price"] == math.ceil(q["price_idr"] / 1200)
    assert not {"fx_buffer", "spread"} & set(q.buildup["step"])


def test_own_rate_is_used_with_its_date():
    """With today's rate typed in, is it used, dated the quotation day unless told, and its source said?"""
    q = quote(fx_rate=16_000, fx_buffer=0.0)
    assert q["idr_per_unit"] == 16_000
    assert q["rate_date"] == dt.date(2026, 11, 16)
    assert q["unit_price_exact"] == pytest.approx(78_000_000 / (16_000 * 0.99) / 1200)
    assert q["rate_source"] == "kurs yang Anda masukkan"
    assert quote(fx_rate=16_000, fx_date="2026-11-14")["rate_date"] == dt.date(2026, 11, 14)


def test_cny_uses_its_own_reference_rate():
    """Is a CNY quotation converted at the CNY reference rate?"""
    q = quote(currency="CNY")
    assert q["idr_per_unit"] == pricing.reference_rate("CNY", "2026-11-16")["idr_per_unit"]


def test_stale_rate_and_ddp_are_warned_in_both_languages():
    """Does a rate older than a week, or DDP, earn a warning in the active language?"""
    q = quote(quotation_date="2026-12-01", incoterm="DDP", named_place="Tokyo")
    assert any("Kurs acuan berumur 18 hari" in w for w in q["warnings"])
    assert any(w.startswith("DDP:") for w in q["warnings"])
    toolkit.set_language("en")
    q = quote(quotation_date="2026-12-01")
    assert any("The reference rate is 18 days old" in w for w in q["warnings"])


def test_costs_the_rule_covers_left_at_zero_are_warned():
    """Under CIF with no freight entered, does the quotation ask for the main carriage?"""
    q = quote(incoterm="CIF", named_place="Tokyo", costs={**COSTS, "main_carriage": 0})
    assert any(
        "Harga CIF menanggung biaya ini, tetapi isinya 0: Ongkos kirim utama" in w
        for w in q["warnings"]
    )
    assert not any("isinya 0" in w for w in quote()["warnings"])
    toolkit.set_language("en")
    q = quote(incoterm="DAP", named_place="Tokyo")
    assert any(
        "The DAP price covers these costs, but they are 0: Destination terminal handling; "
        "Transport to named place" in w
        for w in q["warnings"]
    )


def test_c_rule_named_at_origin_is_warned():
    """Is "CIF Tanjung Priok" flagged, since a C rule names the destination port?"""
    assert any(
        "CIF Tokyo" in w for w in quote(incoterm="CIF", named_place="Tanjung Priok")["warnings"]
    )
    assert not any("CIF Tokyo" in w for w in quote(incoterm="CIF", named_place="Tokyo")["warnings"])


# --- terms, product, delivery ---------------------------------------------------------------


def test_terms_on_the_quotation():
    """Are the Incoterms rule with its named place, the validity date and the T/T deposit stated?"""
    q = quote(validity_days=14, deposit_share=0.5)
    assert q["incoterm_text"] == "FOB Tanjung Priok, Incoterms 2020"
    assert q["valid_until"] == dt.date(2026, 11, 30)
    assert q["deposit"] == pytest.approx(q["total"] * 0.5)
    assert (
        q["payment_text"]
        == "T/T: uang muka 50% saat pesanan dikonfirmasi, pelunasan 50% sebelum pengapalan"
    )
    assert quote(incoterm="fca", named_place="Terminal Tanjung Priok")["incoterm"] == "FCA"
    assert (q.origin, q.port_of_loading, q.port_of_discharge) == ("Indonesia", "Tanjung Priok", "")
    cif = quote(incoterm="CIF", named_place="Tokyo")
    assert (cif.port_of_loading, cif.port_of_discharge) == ("Tanjung Priok, Jakarta", "Tokyo")
    assert q.packing.cartons == 60 and q.packing.gross_kg == 480 and q.packing.cbm == pytest.approx(5.76)
    assert q.quantity_tolerance == 0.05 and not q.partial_shipment and q.transhipment


def test_fca_at_the_sellers_premises_leaves_out_the_trucking():
    """Is "FCA Gudang BUMDes, Serang" read as the seller's premises: no trucking to Priok, and said so?"""
    at_home = quote(incoterm="FCA", named_place="Gudang BUMDes, Serang")
    at_port = quote(incoterm="FCA", named_place="Tanjung Priok")
    assert (at_home.fca_at, at_port.fca_at) == ("premises", "terminal")
    assert at_port.price_idr - at_home.price_idr == pytest.approx(COSTS["inland_transport"])
    assert any("FCA di tempat Anda" in w for w in at_home.warnings)
    assert not any("FCA di tempat Anda" in w for w in at_port.warnings)
    assert at_home.port_of_loading == ""


def test_payment_texts_in_both_languages():
    """Does each payment term read as a quotation states it, in Indonesian and English?"""
    assert payment_text("LC").startswith("L/C tidak dapat dibatalkan")
    assert payment_text("TT", deposit_share=1.0) == "T/T: 100% di muka sebelum produksi"
    assert payment_text("t/t", balance_on="bl_copy").endswith("pelunasan 70% terhadap salinan B/L")
    toolkit.set_language("en")
    assert payment_text("DP") == "D/P at sight: documents against payment through banks"
    assert payment_text("OA", oa_days=60) == "Open account: paid 60 days after the B/L date"
    with pytest.raises(InputError) as error:
        payment_text("cash")
    assert (
        str(error.value) == "payment_term = 'cash' is not allowed: choose one of: TT, LC, DP, OA."
    )


def test_hs_heading_from_the_catalogue_or_typed():
    """Is the HS heading taken from products.csv when a product is chosen, and a typed code preferred?"""
    table = catalogue().set_index("product_id")
    assert quote()["hs_code"] == table.loc["tas_pandan", "hs_heading"] == "4602"
    assert quote(product_id="kopi_robusta_green", unit=None)["hs_code"] == "0901"
    assert quote(product_id="kopi_robusta_green")["unit"] == "kg"
    assert quote(hs_code="4602.19.00")["hs_code"] == "4602.19.00"
    assert quote(product_id=None)["hs_code"] == ""


def test_export_duty_is_asked_for_in_indonesian_words():
    """Does a dutiable product ask for the duty (no English in the sentence), an unsettled one say check, a finished one nothing?"""
    raw = quote(product_id="kulit_mentah", product="Kulit sapi")
    assert any("kena bea keluar 25%" in w and "HPE" in w and "verify" not in w for w in raw.warnings)
    assert not any("bea keluar" in w for w in quote(product_id="kulit_mentah", product="Kulit sapi",
                                                      costs={**COSTS, "export_duty": 9_000_000}).warnings)
    assert any("belum pasti" in w for w in quote(product_id="kulit_crust", product="Kulit crust").warnings)
    assert not any("bea keluar" in w for w in quote().warnings)  # woven bags: no duty
    assert any("Periksa apakah produk Anda kena bea keluar" in w for w in quote(product_id=None).warnings)
    with_duty = quote(product_id="kulit_wet_blue", product="Wet blue", costs={**COSTS, "export_duty": 5_000_000})
    assert with_duty.price_idr == pytest.approx(72_000_000 + 6_000_000 + 5_000_000)


def test_bad_hs_code_and_product_in_both_languages():
    """Are a malformed HS code and an unknown product refused with what is allowed?"""
    with pytest.raises(InputError) as error:
        quote(hs_code="46O2")
    assert "tulis kode HS dengan 4 sampai 10 angka" in str(error.value)
    with pytest.raises(InputError) as unknown:
        quote(product_id="sepatu")
    assert "tas_pandan" in str(unknown.value)
    toolkit.set_language("en")
    assert "write the HS code with 4 to 10 digits" in str(error.value)


def test_delivery_plan_is_the_backward_schedule():
    """Is the delivery plan planning.backward_schedule's, buffer before the truck, with latest start and lead time?"""
    q = quote()
    expected = planning.backward_schedule("2027-01-29", TASKS, buffer_days=3)
    pd.testing.assert_frame_equal(q["schedule"], expected)
    assert list(q.schedule["task"]) == ["Bahan baku", "Produksi", "QC dan pengemasan", "Cadangan",
                                        "Truk ke pelabuhan"]
    assert q["latest_start"] == expected["start"].iloc[0]
    assert q["lead_time_days"] == 27
    assert q["deadline"] == dt.date(2027, 1, 29)
    assert q.confirm_by == q.latest_start
    assert not q.days_off.empty


def test_validity_never_outruns_the_latest_start():
    """Asked for 30 days but the plan must start sooner, is the quotation valid only until then, and told?"""
    q = quote(validity_days=30, deadline="2026-12-31")
    assert q.latest_start < dt.date(2026, 12, 16)
    assert q.valid_until == q.latest_start and q.validity_days == (q.latest_start - q.date).days
    assert any("Masa berlaku dipendekkan dari 30" in w for w in q.warnings)
    roomy = quote(validity_days=14)
    assert roomy.valid_until == dt.date(2026, 11, 30) and not any("dipendekkan" in w for w in roomy.warnings)


def test_a_plan_that_would_start_before_the_quotation_is_refused():
    """If the plan must start before the quotation date, is it an error naming the earliest ready date?"""
    with pytest.raises(InputError) as error:
        quote(deadline="2026-12-04")
    assert "sebelum tanggal penawaran 16 November 2026" in str(error.value)
    assert "paling cepat 22 Desember 2026" in str(error.value)  # 27 working days from 16 November
    toolkit.set_language("en")
    assert "a promise it cannot keep" in str(error.value)


def test_lead_time_counts_from_what_lets_production_start():
    """Is the lead time counted from the deposit (T/T), a workable L/C, or the written order?"""
    assert lead_time_text("TT", 27) == "27 hari kerja sejak uang muka kami terima"
    assert "workable" in lead_time_text("LC", 27)
    assert lead_time_text("OA", 27).endswith("pesanan tertulis kami terima")
    toolkit.set_language("en")
    assert lead_time_text("TT", 27, deposit_share=1.0) == "27 working days from receipt of the advance payment"


@settings(max_examples=60, deadline=None)
@given(
    start_offset=st.integers(0, 120),
    tasks=st.lists(st.tuples(st.sampled_from(["Bahan", "Produksi", "QC", "Truk"]), st.integers(1, 20)),
                   min_size=1, max_size=5),
    buffer=st.integers(0, 8),
    validity=st.integers(1, 120),
    term=st.sampled_from(["TT", "LC", "DP", "OA"]),
    slack=st.integers(0, 60),
)
def test_every_quotation_the_builder_makes_is_valid_no_later_than_its_latest_start(
    start_offset, tasks, buffer, validity, term, slack
):
    """For any order, plan and validity the builder accepts: valid_until ≤ latest start ≤ deadline, and
    the promised lead time is the plan's working days?"""
    today = dt.date(2026, 11, 16) + dt.timedelta(days=start_offset)
    days = sum(d for _, d in tasks) + buffer
    first = planning.add_working_days(today, 0)  # the quotation's day, or the next working day
    deadline = planning.add_working_days(first, days - 1 + slack)
    q = quote(quotation_date=today, tasks=tasks, buffer_days=buffer, validity_days=validity,
              deadline=deadline, payment_term=term)
    assert q.date <= q.valid_until <= q.latest_start <= q.deadline
    assert q.confirm_by == q.latest_start
    assert q.lead_time_days == days


@settings(max_examples=60, deadline=None)
@given(
    today=st.dates(min_value=dt.date(2026, 11, 2), max_value=dt.date(2027, 12, 31)),  # rates from 2 Nov
    ahead=st.integers(-30, 200),
    tasks=st.lists(st.tuples(st.sampled_from(["Bahan", "Produksi", "QC", "Truk"]), st.integers(1, 30)),
                   min_size=1, max_size=5),
    buffer=st.integers(0, 10),
    validity=st.integers(1, 365),
    closures=st.lists(st.tuples(st.dates(min_value=dt.date(2026, 11, 1), max_value=dt.date(2028, 6, 30)),
                                st.integers(0, 14)), max_size=2),
)
def test_no_quotation_promises_a_date_its_plan_cannot_keep(today, ahead, tasks, buffer, validity, closures):
    """Whatever the dates, closures and validity: either the builder refuses, or valid_until ≤ latest start?"""
    ranges = [(first.isoformat(), (first + dt.timedelta(days=n)).isoformat()) for first, n in closures]
    try:
        q = quote(quotation_date=today, deadline=today + dt.timedelta(days=ahead), tasks=tasks,
                  buffer_days=buffer, validity_days=validity, closures=ranges)
    except InputError as error:
        assert error.argument == "deadline"
        return
    assert q.date <= q.valid_until <= q.latest_start <= q.deadline


def test_quotation_without_delivery_plan():
    """With neither tasks nor deadline, is the schedule empty; with only one, an error?"""
    q = quote(tasks=None, deadline=None)
    assert q["schedule"].empty and q["latest_start"] is None
    assert q.valid_until == dt.date(2026, 12, 16)
    with pytest.raises(InputError) as error:
        quote(deadline=None)
    assert "isi tasks dan deadline bersama-sama" in str(error.value)


def test_missing_bank_details_and_packing_are_warned():
    """Without bank details or packing, does the quotation say the buyer needs them?"""
    q = quote(bank=None, packing=None)
    assert any("Data bank belum diisi" in w for w in q.warnings)
    assert any("Kemasan belum diisi" in w for w in q.warnings)
    assert not any("belum diisi" in w for w in quote().warnings)


@pytest.mark.parametrize(
    ("changes", "indonesian", "english"),
    [
        (
            {"seller": ""},
            "seller, name = '' tidak diperbolehkan",
            "seller, name = '' is not allowed",
        ),
        ({"quantity": 0}, "quantity = 0 tidak diperbolehkan", "quantity = 0 is not allowed"),
        ({"margin": 1.0}, "margin = 1 tidak diperbolehkan", "margin = 1 is not allowed"),
        (
            {"currency": "GBP"},
            "pilih salah satu dari: IDR, USD, CNY",
            "choose one of: IDR, USD, CNY",
        ),
        (
            {"incoterm": "FOBB"},
            "incoterm = 'FOBB' tidak diperbolehkan",
            "incoterm = 'FOBB' is not allowed",
        ),
        (
            {"validity_days": 0},
            "validity_days = 0 tidak diperbolehkan",
            "validity_days = 0 is not allowed",
        ),
        (
            {"costs": {"freight": 1}},
            "costs = 'freight' tidak diperbolehkan",
            "costs = 'freight' is not allowed",
        ),
        (
            {"deadline": "29/01/2027"},
            "deadline = '29/01/2027' tidak diperbolehkan",
            "deadline = '29/01/2027' is not allowed",
        ),
        ({"seller": 42}, "harus berupa nama, atau dict", "it must be a name, or a dict"),
    ],
)
def test_bad_inputs_are_sentences_in_both_languages(changes, indonesian, english):
    """Is each bad input an InputError that names it, in Indonesian and in English?"""
    with pytest.raises(InputError) as error:
        quote(**changes)
    assert indonesian in str(error.value)
    toolkit.set_language("en")
    assert english in str(error.value)


def test_names_and_helpers():
    """Do the file name, slug, sheet names and currency list read as the course expects?"""
    assert file_stem(quote()) == "penawaran-tas-anyaman-pandan"
    assert file_stem(quote(product={"id": "Tas pandan", "en": "Pandan bag"})) == "penawaran-tas-pandan"
    assert slug("Kopi Robusta — Pandeglang!") == "kopi-robusta-pandeglang"
    assert sheet_names() == {
        "quotation": "penawaran",
        "buildup": "rincian harga",
        "schedule": "rencana kirim",
    }
    assert currencies()[:3] == ["IDR", "USD", "CNY"]
    toolkit.set_language("en")
    assert sheet_names()["buildup"] == "price build-up"


def test_display_rows_are_the_buyers_rows_in_the_language():
    """Are the displayed rows what the buyer reads (no FX buffer, rate or latest start), relabelled in English?"""
    q = quote()
    rows = dict(display_rows(q))
    assert rows["Harga satuan"] == "USD\xa04,08"
    assert rows["Pembayaran"].startswith("T/T: uang muka 30%")
    assert rows["Negara asal barang"] == "Indonesia"
    assert rows["Rekening penerima"].startswith("Bank Rakyat Indonesia, SWIFT BRINIDJA")
    assert rows["Kemasan"].startswith("60 karton @ 20 unit, 60 × 40 × 40 cm")
    assert rows["Waktu pengerjaan"] == "27 hari kerja sejak uang muka kami terima"
    for internal in ("Cadangan kurs (FX buffer)", "Mulai paling lambat", "Kurs acuan (Rupiah per unit)",
                     "Tanggal kurs", "Cadangan waktu (hari kerja)"):
        assert internal not in rows
    toolkit.set_language("en")
    rows = dict(display_rows(q))
    assert rows["Unit price"] == "USD\xa04.08"
    assert rows["Payment"].startswith("T/T: 30% deposit")
    assert rows["Lead time"] == "27 working days from receipt of the deposit"


# --- documents ------------------------------------------------------------------------------


def test_pdf_is_a_pro_forma_without_the_sellers_workings(tmp_path):
    """Does the buyer's PDF hold what a pro forma needs, and none of HPP, margin, buffer or reference rate?"""
    q = quote()
    path = write_quotation_pdf(q, tmp_path / "penawaran.pdf")
    text = pdf_text(path)
    for expected in [
        "PENAWARAN HARGA",
        "Tas anyaman pandan",
        "BUMDes Maju Jaya",
        "Tokyo Crafts Co., Ltd.",
        "4602",
        format_number(1200),
        format_money(q["unit_price"], "USD"),
        format_money(q["total"], "USD"),
        format_money(q["deposit"], "USD"),
        "FOB Tanjung Priok, Incoterms 2020",
        format_date(q["date"], "long"),
        format_date(q["valid_until"], "long"),
        format_date(q["deadline"], "long"),
        format_date(q["confirm_by"], "long"),
        "Negara asal barang",
        "Indonesia",
        "Pelabuhan muat",
        "SWIFT BRINIDJA",
        "60 karton",
        "±5%",
        "pengiriman bertahap tidak boleh",
        "27 hari kerja sejak uang muka kami terima",
        "tanda tangan dan cap",
    ]:
        assert expected.replace("\xa0", " ") in text, expected
    for internal in ("HPP", "Cadangan", "JISDOR", "kurs acuan", "Kurs acuan", "Rp16.618", "Produksi,"):
        assert internal not in text, internal
    assert "margin" not in text.lower() and "buffer" not in text.lower()


def test_english_pdf_is_wholly_english(tmp_path):
    """Written with language="en" and the product and country given in both languages, is every word English?"""
    q = quote(
        product={"id": "Tas anyaman pandan", "en": "Woven pandan bag"},
        buyer={"name": "Naniwa Zakka Co., Ltd.", "address": "Osaka", "country": {"id": "Jepang", "en": "Japan"}},
        buffer_days=2,
    )
    text = pdf_text(write_quotation_pdf(q, tmp_path / "quotation.pdf", language="en"))
    assert "QUOTATION (PRO FORMA)" in text
    assert "T/T: 30% deposit on order confirmation" in text
    assert "USD 4.08" in text
    assert "Woven pandan bag" in text and "Japan" in text
    for indonesian in ("Tas anyaman", "Jepang", "Cadangan", "Buffer", "hari kerja", "Bahan baku", "Truk"):
        assert indonesian not in text, indonesian
    assert toolkit.get_language() == "id"


def test_pdf_with_symbols_beyond_latin_1(tmp_path):
    """Do an em dash, "Ş" and the yuan sign (beyond Latin-1) go into the PDF?"""
    q = quote(
        buyer={"name": "Şahin Deri Ltd. — Shanghai office", "country": "China"},
        product="Kulit sapi crust — grade A",
        product_id="kulit_crust",
        currency="CNY",
        incoterm="CFR",
        named_place="Shanghai",
    )
    assert not any("huruf latin" in w.lower() for w in q["warnings"])
    text = pdf_text(write_quotation_pdf(q, tmp_path / "q.pdf"))
    assert "Şahin Deri Ltd. — Shanghai office" in text
    assert "Kulit sapi crust — grade A" in text
    assert format_money(q["total"], "CNY").replace("\xa0", " ") in text


def test_characters_the_pdf_cannot_draw_are_warned():
    """Is a Chinese buyer name, which DejaVu Sans cannot draw, a warning to write it in Latin letters?"""
    q = quote(buyer={"name": "上海皮革有限公司", "country": "China"})
    assert any(
        w.startswith("Huruf 上海皮革有限公司 tidak bisa tampil di PDF") for w in q["warnings"]
    )


def test_xlsx_reads_back_with_the_toolkit_numbers(tmp_path):
    """Does the workbook read back with pandas: three sheets, the quotation's numbers, build-up and plan?"""
    q = quote()
    path = write_quotation_xlsx(q, tmp_path / "penawaran.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["penawaran", "rincian harga", "rencana kirim"]
    fields = dict(zip(sheets["penawaran"]["Keterangan"], sheets["penawaran"]["Isi"]))
    assert fields["Harga satuan"] == pytest.approx(q["unit_price"])
    assert fields["Total"] == pytest.approx(q["total"])
    assert fields["Jumlah"] == 1200
    assert fields["Kode HS"] in (4602, "4602")
    assert pd.Timestamp(fields["Berlaku sampai"]).date() == q["valid_until"]
    assert fields["Kurs acuan (Rupiah per unit)"] == pytest.approx(q["idr_per_unit"])
    assert fields["Kurs beli bank (Rupiah per unit)"] == pytest.approx(q.buying_rate)
    assert pd.Timestamp(fields["Mulai paling lambat"]).date() == q.latest_start
    buildup = sheets["rincian harga"]
    assert buildup["Jumlah (Rp)"].tolist() == pytest.approx(q["buildup"]["amount_idr"].tolist())
    assert buildup["Jumlah (USD)"].iloc[-1] == pytest.approx(q["total"])
    assert buildup["Langkah"].tolist() == q["buildup"]["label"].tolist()
    plan = sheets["rencana kirim"]
    assert plan["Tugas"].tolist() == [*(name for name, _ in TASKS[:-1]), "Cadangan", TASKS[-1][0]]
    assert [d.date() for d in pd.to_datetime(plan["Mulai"])] == q["schedule"]["start"].tolist()
    assert plan["Hari kerja"].tolist() == q["schedule"]["working_days"].tolist()


def test_xlsx_in_english(tmp_path):
    """Written in English, are the sheet names and headers English?"""
    path = write_quotation_xlsx(quote(), tmp_path / "q.xlsx", language="en")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["quotation", "price build-up", "delivery plan"]
    assert "Unit price" in set(sheets["quotation"]["Item"])
    assert sheets["delivery plan"]["Task"].iloc[-2] == "Buffer"
    assert toolkit.get_language() == "id"
