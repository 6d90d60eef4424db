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
    build_quotation,
    catalogue,
    currencies,
    display_rows,
    file_stem,
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
)


def quote(**changes):
    return build_quotation(**{**ORDER, **changes})


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# --- figures -------------------------------------------------------------------------------


def test_price_follows_the_toolkit_from_hpp_to_the_quoted_currency():
    """Is the quoted price HPP → margin → FOB → USD with the FX buffer, as pricing computes it?"""
    q = quote()
    exw = pricing.price_from_margin(45_000, 0.25)
    assert q["exw_unit_idr"] == pytest.approx(60_000)
    assert q["price_idr"] == pytest.approx(pricing.export_price(exw * 1200, "FOB", COSTS))
    assert q["price_idr"] == pytest.approx(72_000_000 + 6_000_000)  # main carriage is the buyer's
    rate = pricing.reference_rate("USD", "2026-11-16")
    assert (q["idr_per_unit"], q["rate_date"]) == (rate["idr_per_unit"], rate["date"])
    exact = pricing.convert_from_idr(q["price_idr"], rate["idr_per_unit"], fx_buffer=0.03) / 1200
    assert q["unit_price_exact"] == pytest.approx(exact)
    assert q["unit_price"] == 4.04  # 78,000,000 / (16,618 × 0.97) / 1200 = 4.0324 → up to the cent
    assert q["total"] == pytest.approx(4.04 * 1200)


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


def test_cif_build_up_includes_the_grossed_up_insurance():
    """Under CIF, is the Rupiah price export_price's, insurance included, and itemised?"""
    q = quote(incoterm="CIF", named_place="Tokyo", insurance_rate=0.004)
    expected = pricing.export_price(72_000_000, "CIF", COSTS, insurance_rate=0.004)
    assert q["price_idr"] == pytest.approx(expected)
    steps = q["buildup"].set_index("step")
    assert steps.loc["insurance", "amount_idr"] == pytest.approx(expected - 78_000_000 - 7_500_000)
    assert steps.loc["total", "amount_idr"] == pytest.approx(expected)


def test_build_up_adds_up_to_the_quoted_total():
    """Do the build-up's additions add up to each subtotal and to the quoted total in both currencies?"""
    q = quote(bank_fee_share=0.01, incoterm="CIP", named_place="Tokyo", insurance_rate=0.005)
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
    grossed = pricing.gross_up(q["price_idr"], 0.01)
    assert table.set_index("step").loc["bank_fees", "amount_idr"] == pytest.approx(
        grossed - q["price_idr"]
    )


def test_an_exact_cent_price_is_not_rounded_up():
    """Is a unit price of exactly 4.35 quoted as 4.35, not 4.36 through float noise?"""
    q = quote(
        hpp=43_500,
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
    assert q["idr_per_unit"] == 1.0 and q["rate_date"] == q["date"]
    assert "Kurs acuan (Rupiah per unit)" not in dict(display_rows(q))
    assert q["unit_price"] == math.ceil(q["price_idr"] / 1200)
    assert q["buildup"].set_index("step").loc["fx_buffer", "amount_idr"] == pytest.approx(0)


def test_own_rate_is_used_with_its_date():
    """With today's rate typed in, is it used, dated the quotation day unless told, and its source said?"""
    q = quote(fx_rate=16_000, fx_buffer=0.0)
    assert q["idr_per_unit"] == 16_000
    assert q["rate_date"] == dt.date(2026, 11, 16)
    assert q["unit_price_exact"] == pytest.approx(78_000_000 / 16_000 / 1200)
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


def test_export_duty_products_are_warned():
    """Does a product that may carry export duty (raw hide) say so?"""
    assert any(
        "bea keluar" in w
        for w in quote(product_id="kulit_mentah", product="Kulit sapi")["warnings"]
    )


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
    """Is the delivery plan planning.backward_schedule's, with its latest start and lead time?"""
    q = quote()
    expected = planning.backward_schedule("2027-01-29", TASKS, buffer_days=3)
    pd.testing.assert_frame_equal(q["schedule"], expected)
    assert q["latest_start"] == expected["start"].iloc[0]
    assert q["lead_time_days"] == 27
    assert q["deadline"] == dt.date(2027, 1, 29)
    assert q["on_schedule"]


def test_a_plan_that_starts_before_the_quotation_is_flagged():
    """If the plan must start before the quotation date, is that a warning (not an error)?"""
    q = quote(deadline="2026-12-04")
    assert not q["on_schedule"]
    assert any("sebelum tanggal penawaran" in w for w in q["warnings"])


def test_quotation_without_delivery_plan():
    """With neither tasks nor deadline, is the schedule empty; with only one, an error?"""
    q = quote(tasks=None, deadline=None)
    assert q["schedule"].empty and q["latest_start"] is None
    with pytest.raises(InputError) as error:
        quote(deadline=None)
    assert "isi tasks dan deadline bersama-sama" in str(error.value)


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
    assert slug("Kopi Robusta — Pandeglang!") == "kopi-robusta-pandeglang"
    assert sheet_names() == {
        "quotation": "penawaran",
        "buildup": "rincian harga",
        "schedule": "rencana kirim",
    }
    assert currencies()[:3] == ["IDR", "USD", "CNY"]
    toolkit.set_language("en")
    assert sheet_names()["buildup"] == "price build-up"


def test_display_rows_follow_the_language():
    """Are the quotation's fields written for a reader, and relabelled after set_language("en")?"""
    q = quote()
    rows = dict(display_rows(q))
    assert rows["Harga satuan"] == "US$4,04"
    assert rows["Tanggal kurs"] == "13 November 2026"
    assert rows["Pembayaran"].startswith("T/T: uang muka 30%")
    toolkit.set_language("en")
    rows = dict(display_rows(q))
    assert rows["Unit price"] == "$4.04"
    assert rows["Payment"].startswith("T/T: 30% deposit")


# --- documents ------------------------------------------------------------------------------


def test_pdf_states_product_prices_and_dates(tmp_path):
    """Does the PDF's text hold the product, parties, HS code, prices, terms and dates, and no HPP?"""
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
        format_date(q["rate_date"], "long"),
        "Rp16.618,00",
        "Produksi",
        format_date(q["latest_start"]),
    ]:
        assert expected in text, expected
    assert "HPP" not in text and "margin" not in text.lower()


def test_pdf_in_english_leaves_the_language_as_it_was(tmp_path):
    """Written with language="en", is the PDF in English and the active language still Indonesian?"""
    q = quote(buffer_days=2)
    text = pdf_text(write_quotation_pdf(q, tmp_path / "quotation.pdf", language="en"))
    assert "QUOTATION (PRO FORMA)" in text
    assert "T/T: 30% deposit on order confirmation" in text
    assert "$4.04" in text and "Buffer" in text
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
    assert format_money(q["total"], "CNY") in text


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
    buildup = sheets["rincian harga"]
    assert buildup["Jumlah (Rp)"].tolist() == pytest.approx(q["buildup"]["amount_idr"].tolist())
    assert buildup["Jumlah (USD)"].iloc[-1] == pytest.approx(q["total"])
    assert buildup["Langkah"].tolist() == q["buildup"]["label"].tolist()
    plan = sheets["rencana kirim"]
    assert plan["Tugas"].tolist() == [*(name for name, _ in TASKS), "Cadangan"]
    assert [d.date() for d in pd.to_datetime(plan["Mulai"])] == q["schedule"]["start"].tolist()
    assert plan["Hari kerja"].tolist() == q["schedule"]["working_days"].tolist()


def test_xlsx_in_english(tmp_path):
    """Written in English, are the sheet names and headers English?"""
    path = write_quotation_xlsx(quote(), tmp_path / "q.xlsx", language="en")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["quotation", "price build-up", "delivery plan"]
    assert "Unit price" in set(sheets["quotation"]["Item"])
    assert sheets["delivery plan"]["Task"].iloc[-1] == "Buffer"
    assert toolkit.get_language() == "id"
