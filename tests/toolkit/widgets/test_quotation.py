"""The capstone's form: typed the Indonesian way, kept in a file, refusing to save what is not yours yet.

Driven by setting the boxes' text as a participant types it; the figures and files are the toolkit's.
"""

import datetime as dt
import json

import pytest
from pypdf import PdfReader

import toolkit
from toolkit import quotation
from toolkit.widgets.quotation import EXAMPLE, QuotationApp

TODAY = dt.date.today()
SOON = TODAY + dt.timedelta(days=80)


EXAMPLE_COSTS = {"inland_transport": 3_500_000, "export_clearance": 2_000_000, "export_duty": 0,
                 "origin_handling": 2_500_000}


def example_quotation(**changes):
    """build_quotation for module 09's worked example (the form's defaults), with changes."""
    args = dict(
        seller={"name": EXAMPLE["seller"], "address": EXAMPLE["seller_address"],
                "contact": EXAMPLE["seller_contact"]},
        buyer={"name": EXAMPLE["buyer"], "address": EXAMPLE["buyer_address"],
               "country": EXAMPLE["buyer_country"]},
        product=EXAMPLE["product"], product_id="tas_pandan", hs_code="4602.19", unit="tas",
        quantity=3_000, materials=75_000_000, labour=60_000_000, overhead=12_000_000,
        production_units=3_100, reject_rate=0.03, margin=0.25, incoterm="FCA",
        named_place="Tanjung Priok",
        costs=EXAMPLE_COSTS,
        insurance_rate=0.0, currency="USD", fx_buffer=0.03, bank_fee_share=0.005, turnover_tax=0.005,
        bank={"bank": EXAMPLE["bank_name"], "swift": EXAMPLE["bank_swift"],
              "account": EXAMPLE["bank_account"], "account_name": EXAMPLE["bank_account_name"]},
        packing={"units_per_carton": 20, "carton_cm": (60, 40, 40), "gross_kg": 8, "net_kg": 6.5},
        payment_term="TT", deposit_share=0.30,
        quotation_date="2026-11-30", validity_days=30,
        tasks=[("Beli pandan kering dan pewarna", 5), ("Anyam dan jahit", 20), ("QC dan kemas", 4),
               ("Stuffing dan truk ke Tanjung Priok", 1)],
        deadline="2027-02-08", collective_leave=True, buffer_days=3,
    )
    args.update(changes)
    return quotation.build_quotation(**args)


OWN = {
    "seller": "BUMDes Sumber Rejeki",
    "seller_address": "Desa Sukamaju, Kec. Cikeusal, Kab. Serang, Banten, Indonesia",
    "seller_contact": "sumberrejeki@gmail.com, +62 812 3456 7890",
    "buyer": "Syarikat Makanan Ringan Sdn. Bhd.",
    "buyer_address": "Jalan Klang Lama 12, Kuala Lumpur",
    "buyer_country": "Malaysia",
    "product": "Keripik pisang 250 g",
    "product_id": "keripik",
    "hs_code": "2008.99",
    "unit": "pak",
    "quantity": "4.000",
    "materials": "24.000.000",
    "labour": "Rp 9.000.000",
    "overhead": "2,5 jt",
    "production_units": "4.200",
    "margin": "25",
    "currency": "MYR",
    "bank_account": "0123-01-000456-30-9",
    "bank_account_name": "BUMDes Sumber Rejeki",
    "quotation_date": TODAY.strftime("%d/%m/%Y"),
    "deadline": SOON.strftime("%d/%m/%Y"),
    "tasks": "Beli pisang dan minyak, 3\nGoreng, bumbui dan dinginkan, 10\nKemas dan segel, 4\n"
             "Stuffing dan truk ke Tanjung Priok, 1",
    "units_per_carton": "40",
    "carton_length_cm": "50",
    "carton_width_cm": "35",
    "carton_height_cm": "30",
    "carton_gross_kg": "11",
    "carton_net_kg": "10",
}


def fill(app, values=OWN):
    """Type every value as a participant would (text in the boxes, a choice in the drop-downs)."""
    for name, value in values.items():
        app.controls[name].value = value


@pytest.fixture
def app(tmp_path):
    app = QuotationApp(data_file=tmp_path / "data-proyek-akhir.json")
    app.folder = tmp_path
    return app


def test_the_form_opens_on_the_worked_example(app):
    """Does the form, untouched, compute module 09's worked example (USD 4,25 a bag, 12.750 in all)?"""
    assert app.error is None and not app.stale
    expected = example_quotation()
    assert app.result["unit_price"] == expected["unit_price"] == 4.25
    assert app.result["total"] == expected["total"] == 12_750
    assert app.result["unit"] == "tas" and app.result["hs_code"] == "4602.19"
    assert "USD" in app.summary.value and app.figure is not None


def test_indonesian_numbers_are_read_and_shown_back(app):
    """Are 24.000.000, Rp 9.000.000 and 2,5 jt read as Rupiah amounts, shown back beside their boxes,
    and is the quotation the toolkit's for those amounts?"""
    app.controls["materials"].value = "24.000.000"
    app.controls["labour"].value = "Rp 9.000.000"
    app.controls["overhead"].value = "2,5 jt"
    assert app.error is None
    assert app.controls["materials"].echo.value.endswith("= Rp24.000.000</span>")
    assert "= Rp2.500.000" in app.controls["overhead"].echo.value
    expected = example_quotation(materials=24_000_000, labour=9_000_000, overhead=2_500_000)
    assert app.result["unit_price"] == expected["unit_price"]


def test_a_margin_typed_as_25_is_25_percent(app):
    """Is a margin typed 25 (or 25%) a 25 % margin, never clamped to another one?"""
    app.controls["margin"].value = "40"
    assert app.result["unit_price"] == example_quotation(margin=0.40)["unit_price"]
    app.controls["margin"].value = "25%"
    assert app.result["unit_price"] == 4.25
    app.controls["margin"].value = "120"
    assert app.stale and "Margin dari harga EXW (%)" in app.error and "120%" in app.error
    assert app.result["unit_price"] == 4.25  # the last valid quotation, greyed out


@pytest.mark.parametrize("typed", ["abc", "-5", "", "24.000.000x", "1e9"])
def test_a_refused_number_blocks_both_saves(app, tmp_path, typed):
    """Is an amount that cannot be used refused with a sentence naming the box, the last quotation
    greyed out, and are both buttons disabled and both saves refused, writing nothing?"""
    fill(app)
    before = app.result["unit_price"]
    app.controls["materials"].value = typed
    assert app.error.startswith("Bahan baku (Rp, seluruh produksi):")
    assert app.stale and "ke-stale" in app.summary._dom_classes and "ke-stale" in app.image._dom_classes
    assert app.result["unit_price"] == before
    assert app.pdf_button.disabled and app.xlsx_button.disabled
    assert app.save_pdf() is None and app.save_xlsx() is None
    assert "Belum disimpan" in app.save_message.value
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.xlsx"))


def test_the_example_cannot_be_saved_and_the_list_says_what_to_fill(app, tmp_path):
    """Does saving the untouched example refuse, listing the example's names, costs and date?"""
    assert app.pdf_button.disabled
    assert app.save_pdf() is None
    listed = " ".join(app.to_fill())
    for label in ("Penjual (organisasi Anda)", "Pembeli (perusahaan)", "Nama produk",
                  "Tanggal penawaran", "Biaya produksi"):
        assert label in listed
    assert "Sebelum bisa disimpan" in app.checklist.value
    assert not list(tmp_path.glob("*.pdf"))


def test_the_example_account_holder_blocks_saving(app, tmp_path):
    """With the participant's own account number but the example's account holder left in the
    form, is saving refused and the account name listed? (A pro forma naming another BUMDes as
    the beneficiary of the participant's account sends the buyer's deposit to a name the bank
    will not match.)"""
    fill(app, {**OWN, "bank_account_name": EXAMPLE["bank_account_name"]})
    assert app.save_pdf() is None and app.pdf_button.disabled
    assert any("Nama pemilik rekening" in line and "contoh" in line for line in app.to_fill())
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize(
    ("name", "value"),
    [("seller", "BUMDes (nama BUMDes Anda)"), ("buyer_address", "Jalan ..."),
     ("seller_contact", ""), ("product", "(nama produk)")],
)
def test_a_placeholder_or_an_empty_party_blocks_saving(app, name, value):
    """Is a template's placeholder, or an empty name or address, listed and saving refused?"""
    fill(app)
    assert app.to_fill() == []
    app.controls[name].value = value
    assert app.save_pdf() is None
    assert any(app.label_of(name)["id"] in line for line in app.to_fill())


def test_your_own_order_is_saved_as_pdf_with_what_was_typed(app, tmp_path):
    """Once filled, is the PDF written, and does its text carry the typed buyer, unit, HS code and
    price (the price the toolkit computes for the typed numbers)?"""
    fill(app)
    assert app.to_fill() == [] and not app.pdf_button.disabled
    path = app.save_pdf()
    assert path == tmp_path / "penawaran-keripik-pisang-250-g.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    expected = example_quotation(
        seller={"name": OWN["seller"]}, buyer={"name": OWN["buyer"]}, product=OWN["product"],
        product_id="keripik", hs_code="2008.99", unit="pak", quantity=4_000, materials=24_000_000,
        labour=9_000_000, overhead=2_500_000, production_units=4_200, currency="MYR",
        quotation_date=TODAY, deadline=SOON,
    )
    assert app.result["unit_price"] == expected["unit_price"]
    for shown in (OWN["buyer"], "2008.99", "pak", "4.000",
                  toolkit.i18n.format_number(expected["unit_price"], decimals=2)):
        assert shown in text, shown
    assert "4,000 kg" not in text and "4.000 kg" not in text
    assert "100 karton" in text and "pandan" not in text.lower()  # their cartons, their tasks


PACKING = ("units_per_carton", "carton_length_cm", "carton_width_cm", "carton_height_cm",
           "carton_gross_kg", "carton_net_kg")


@pytest.mark.parametrize(("left", "names", "listed"), [
    ("packing", PACKING, "Kemasan (isi, ukuran dan berat karton) masih angka contoh"),
    ("tasks", ("tasks",), "Tugas produksi masih contoh tas pandan"),
])
def test_the_examples_cartons_or_tasks_block_saving(app, tmp_path, left, names, listed):
    """With everything else the participant's own, do the example's cartons (pandan bags: the
    pro forma's packing line would be another product's) or its production steps (the quoted lead
    time would be counted from them) still block saving, and the list say which and what to do?"""
    fill(app, {k: v for k, v in OWN.items() if k not in names})
    assert app.save_pdf() is None and app.pdf_button.disabled
    assert any(listed in line for line in app.to_fill()), app.to_fill()
    assert not list(tmp_path.glob("*.pdf"))


def test_packing_not_known_yet_is_left_out_not_blocked(app, tmp_path):
    """Is 0 units per carton ("not yet", as its label says) accepted, the packing line left out of
    the document, even with the example's carton sizes still in the other boxes?"""
    fill(app, {**{k: v for k, v in OWN.items() if k not in PACKING}, "units_per_carton": "0"})
    assert app.to_fill() == [] and not app.pdf_button.disabled
    text = " ".join(page.extract_text() for page in PdfReader(app.save_pdf()).pages)
    assert "karton" not in text and "CBM" not in text


def test_indonesian_and_english_documents_do_not_overwrite_each_other(app, tmp_path):
    """Are the Indonesian and English PDFs and spreadsheets saved under different names, all four kept?"""
    fill(app)
    app.save_pdf()
    app.save_xlsx()
    app.document_language.value = "en"
    app.save_pdf()
    app.save_xlsx()
    names = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".xlsx"))
    assert names == ["penawaran-keripik-pisang-250-g.pdf", "penawaran-keripik-pisang-250-g.xlsx",
                     "quotation-keripik-pisang-250-g.pdf", "quotation-keripik-pisang-250-g.xlsx"]
    english = " ".join(p.extract_text() for p in PdfReader(tmp_path / names[2]).pages)
    assert "QUOTATION" in english


def test_what_was_typed_is_kept_and_read_back(app, tmp_path):
    """Is every change written to the data file as typed (a refused value too), and does a form
    built again, as after a closed notebook, show it all?"""
    fill(app)
    app.controls["overhead"].value = "dua juta"
    kept = json.loads((tmp_path / "data-proyek-akhir.json").read_text(encoding="utf-8"))
    assert kept["values"]["materials"] == "24.000.000" and kept["values"]["overhead"] == "dua juta"
    again = QuotationApp(data_file=tmp_path / "data-proyek-akhir.json")
    assert again.controls["buyer"].value == OWN["buyer"]
    assert again.controls["unit"].value == "pak"
    assert again.controls["overhead"].value == "dua juta" and again.stale is False or again.error
    assert again.error.startswith("Overhead pabrik (Rp):")
    again.controls["overhead"].value = "2,5 jt"
    assert again.error is None and again.to_fill() == []


def test_a_damaged_data_file_is_a_sentence_and_the_example_opens(tmp_path):
    """Does an unreadable data file give a sentence (the file left alone) and the example form?"""
    data = tmp_path / "data-proyek-akhir.json"
    data.write_text("{not json", encoding="utf-8")
    app = QuotationApp(data_file=data)
    assert "tidak terbaca" in app.message.value
    assert data.read_text(encoding="utf-8") == "{not json"
    assert app.result["unit_price"] == 4.25


def test_notebook_runs_leave_no_file(tmp_path):
    """Does building the form (as nbval does) write nothing until something is typed?"""
    QuotationApp(data_file=tmp_path / "data.json")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "words"),
    [("4602", "baru pos 4 angka"), ("46021", "baru pos 5 angka"), ("HS 4602", "bukan kode HS"),
     ("4602.1900.1", "6, 8 atau 10 angka"), ("", "masih kosong")],
)
def test_an_hs_code_needs_six_digits(app, typed, words):
    """Is an HS code shorter than a 6-digit subheading, or not a code, refused with how to write it?"""
    app.controls["hs_code"].value = typed
    assert app.error.startswith("Kode HS (6 angka atau lebih):") and words in app.error


def test_an_hs_code_is_checked_against_the_similar_product(app):
    """Is a code whose heading is not the chosen similar product's refused, and is it shown back with
    the products of its heading?"""
    app.controls["hs_code"].value = "2008.99"
    assert "pos 2008 bukan pos produk yang dipilih sebagai mirip" in app.error
    assert "Tas anyaman pandan, pos 4602" in app.error
    app.controls["product_id"].value = "keripik"
    assert app.error is None
    assert "pos 2008: Emping melinjo, Keripik singkong atau pisang" in app.controls["hs_code"].echo.value
    app.controls["product_id"].value = ""
    app.controls["hs_code"].value = "0902.10"
    assert app.error is None and "tidak ada di daftar kelas" in app.controls["hs_code"].echo.value


def test_the_unit_is_explicit(app):
    """Is an empty unit refused, and does the typed unit (not the example product's) reach the document?"""
    app.controls["unit"].value = " "
    assert app.error.startswith("Satuan jual (tas, kg, karton...) = '' tidak diperbolehkan: isi satuan")
    app.controls["unit"].value = "karton"
    assert app.result["unit"] == "karton"
    assert "= 3.000 karton" in app.controls["quantity"].echo.value


def test_dates_are_typed_day_month_year_and_checked(app):
    """Are dates typed the Indonesian way read, is 15032027 refused, and a ready date before the
    quotation date refused with both dates in words?"""
    app.controls["deadline"].value = "26 Februari 2027"
    assert app.result["deadline"] == dt.date(2027, 2, 26)
    assert "Jumat, 26 Februari 2027" in app.controls["deadline"].echo.value
    app.controls["deadline"].value = "15032027"
    assert "Kalau maksudnya 15 Maret 2027, tulis 15/03/2027" in app.error
    assert app.result["deadline"] == dt.date(2027, 2, 26)
    app.controls["deadline"].value = "20/11/2026"
    assert app.error.startswith("Siap kirim paling lambat = 20 November 2026 tidak diperbolehkan: "
                                "harus sesudah tanggal penawaran, 30 November 2026")


def test_dates_that_have_passed_block_saving(app):
    """Is a quotation dated in the past, or a ready date already gone, listed and saving refused?"""
    fill(app)
    # Before today and before the example's own date: on 3 December 2026, three days back was the
    # example's 30 November, which the form rightly calls "still the example's" instead.
    past = min(TODAY, EXAMPLE["quotation_date"]) - dt.timedelta(days=3)
    app.controls["quotation_date"].value = past.strftime("%d/%m/%Y")
    assert any("sudah lewat" in line for line in app.to_fill())
    assert app.save_pdf() is None


def test_payment_settings_follow_the_term(app):
    """Are the deposit and balance shown only for T/T, and the days of credit only for open account?"""
    assert app.controls["oa_days"].layout.display == "none"
    app.controls["payment_term"].value = "OA"
    assert app.controls["oa_days"].layout.display is None
    assert app.controls["deposit_share"].layout.display == "none"


def test_a_file_that_cannot_be_written_is_a_sentence(app, tmp_path):
    """Is a folder that cannot take the PDF a sentence, not a traceback?"""
    fill(app)
    (tmp_path / "not-a-folder").write_text("a file where the folder should be")
    app.folder = tmp_path / "not-a-folder"
    assert app.save_pdf() is None
    assert "tidak bisa disimpan" in app.save_message.value


def test_english_form(tmp_path):
    """Are the labels and sentences English after set_language("en"), its document quotation-*.pdf?"""
    toolkit.set_language("en")
    app = QuotationApp()
    app.controls["materials"].value = "abc"
    assert app.error.startswith('Materials (IDR, whole run): "abc" is not a number yet')
    assert app.tabs.titles[0] == "1. Seller, buyer, product"


def test_cip_brings_its_own_cover(app):
    """Does switching to CIF set the ICC C rate and CIP the ICC A rate, CIP quoting above CIF?"""
    app.controls["named_place"].value = "Osaka"
    app.controls["main_carriage"].value = "9.000.000"
    app.controls["incoterm"].value = "CIF"
    cif = (app.controls["insurance_rate"].read(), app.result["unit_price_exact"])
    app.controls["incoterm"].value = "CIP"
    cip = (app.controls["insurance_rate"].read(), app.result["unit_price_exact"])
    assert cif[0] == pytest.approx(0.004) and cip[0] == pytest.approx(0.006) and cip[1] > cif[1]
    assert cip[1] == pytest.approx(
        example_quotation(incoterm="CIP", named_place="Osaka", insurance_rate=0.006,
                          costs={**EXAMPLE_COSTS, "main_carriage": 9_000_000})["unit_price_exact"]
    )


def test_bank_details_and_packing_reach_the_pro_forma(app):
    """Do the bank and packing boxes fill the pro forma's rows, and do empty ones bring back the warnings?"""
    assert app.result.bank.swift == "BRINIDJA" and app.result.packing.cartons == 150
    assert "14,40 CBM" in app.summary.value and "BRINIDJA" in app.summary.value
    app.controls["bank_name"].value = ""
    app.controls["units_per_carton"].value = "0"
    assert app.error is None and app.result.bank is None and app.result.packing is None
    assert "Data bank belum diisi" in app.summary.value and "Kemasan belum diisi" in app.summary.value


def test_a_ready_date_the_plan_cannot_keep_is_refused(app):
    """Does a ready date too close for the plan stop the quotation with a sentence and keep the last good one?"""
    good = app.result
    app.controls["deadline"].value = "04/12/2026"
    assert "sebelum tanggal penawaran" in app.error and "paling cepat" in app.error
    assert app.result is good and app.stale


def test_validity_stops_at_the_latest_start(app):
    """Is the example's 30-day validity cut to the plan's latest start, with a warning to check?"""
    assert app.result.valid_until == app.result.latest_start == dt.date(2026, 12, 17)
    assert "Masa berlaku dipendekkan" in app.summary.value
