"""Quotation builder: driven by setting control values; its figures and files are the toolkit's."""

import datetime as dt

import ipywidgets as widgets
import pandas as pd
import pytest
from pypdf import PdfReader

import toolkit
from toolkit import pricing, quotation
from toolkit.errors import ToolkitError
from toolkit.i18n import format_money
from toolkit.widgets.quotation import DEFAULT_COSTS, QuotationApp

TODAY = dt.date(2026, 11, 16)
NUMBERS = (widgets.BoundedFloatText, widgets.BoundedIntText, widgets.FloatSlider, widgets.IntSlider)
DEADLINE = dt.date(2027, 1, 29)


@pytest.fixture
def app(tmp_path):
    app = QuotationApp(quotation_date=TODAY, deadline=DEADLINE)
    app.folder = tmp_path
    return app


def test_default_quotation_is_build_quotation(app):
    """Is the app's quotation build_quotation's for the same inputs, to the cent?"""
    assert app.error is None
    expected = quotation.build_quotation(
        seller={"name": "BUMDes Maju Jaya", "address": "Desa ..., Kab. Serang, Banten, Indonesia"},
        buyer={"name": "Tokyo Crafts Co., Ltd.", "country": "Japan"},
        product="Tas anyaman pandan",
        product_id="tas_pandan",
        quantity=1200,
        materials=36_000_000,
        labour=14_000_000,
        overhead=4_000_000,
        production_units=1250,
        reject_rate=0.04,
        margin=0.25,
        incoterm="FOB",
        named_place="Tanjung Priok",
        costs=DEFAULT_COSTS,
        insurance_rate=0.004,
        currency="USD",
        fx_buffer=0.03,
        quotation_date=TODAY,
        tasks=[
            ("Bahan baku", 5),
            ("Produksi", 15),
            ("QC dan pengemasan", 3),
            ("Truk ke pelabuhan", 1),
        ],
        deadline=DEADLINE,
        buffer_days=3,
    )
    for key in (
        "hpp",
        "price_idr",
        "unit_price",
        "total",
        "valid_until",
        "latest_start",
        "hs_code",
        "payment_text",
    ):
        assert app.result[key] == expected[key], key
    assert app.result["unit_price"] == 4.04
    pd.testing.assert_frame_equal(app.result["buildup"], expected["buildup"])
    assert "US$4,04" in app.summary.value and "US$4.848,00" in app.summary.value


def test_controls_reprice_the_quotation(app):
    """Do the margin, the rule, the currency and the quantity change the price as the toolkit does?"""
    before = app.result["unit_price"]
    app.controls["margin"].value = 0.35
    assert app.result["unit_price"] > before
    app.controls["incoterm"].value = "CIF"
    app.controls["named_place"].value = "Tokyo"
    assert app.result["incoterm_text"] == "CIF Tokyo, Incoterms 2020"
    assert "insurance" in app.result["buildup"]["step"].tolist()
    app.controls["currency"].value = "IDR"
    assert app.result["idr_per_unit"] == 1.0
    assert format_money(app.result["total"], "IDR") in app.summary.value
    app.controls["quantity"].value = 600
    assert app.result["quantity"] == 600 and app.result["total"] == pytest.approx(
        app.result["unit_price"] * 600
    )


def test_cost_controls_count_only_under_the_rule_that_puts_them_on_the_seller(app):
    """Does a destination cost change the DAP price but not the FOB price?"""
    fob = app.result["unit_price"]
    app.controls["destination_transport"].value = 30_000_000
    assert app.result["unit_price"] == fob
    app.controls["incoterm"].value = "DAP"
    costs = {**DEFAULT_COSTS, "destination_transport": 30_000_000}
    assert app.result["price_idr"] == pytest.approx(pricing.export_price(72_000_000, "DAP", costs))
    assert app.result["price_idr"] == pytest.approx(72_000_000 + 6_000_000 + 30_000_000)
    assert "isinya 0" in app.summary.value  # main carriage and destination handling still 0


def test_own_rate_and_hs_code(app):
    """Are today's typed rate and a typed HS code used?"""
    app.controls["fx_rate"].value = 16_000
    assert app.result["idr_per_unit"] == 16_000 and app.result["rate_date"] == TODAY
    app.controls["hs_code"].value = "4602.19"
    assert app.result["hs_code"] == "4602.19"
    app.controls["product_id"].value = ""
    app.controls["hs_code"].value = ""
    assert app.result["hs_code"] == ""


def test_gantt_is_drawn(app):
    """Is the delivery plan drawn as a Gantt with one bar per task and the buffer?"""
    labels = [t.get_text() for t in app.figure.axes[0].get_yticklabels()]
    assert labels == [
        "Bahan baku",
        "Produksi",
        "QC dan pengemasan",
        "Truk ke pelabuhan",
        "Cadangan",
    ]
    assert bytes(app.image.value).startswith(b"\x89PNG")


def test_a_cleared_quotation_date_means_today(app):
    """Is a cleared quotation date taken as today, as build_quotation does?"""
    app.controls["quotation_date"].value = None
    assert app.error is None
    assert app.result["date"] == dt.date.today()


def test_warnings_are_shown(app):
    """Does a deadline too close for the plan show a warning to check, not an error?"""
    app.controls["deadline"].value = dt.date(2026, 12, 4)
    assert app.error is None
    assert "Periksa sebelum mengirim" in app.summary.value
    assert "sebelum tanggal penawaran" in app.summary.value


@pytest.mark.parametrize(
    ("name", "value", "indonesian", "english"),
    [
        (
            "seller",
            "",
            "seller['name'] = '' tidak diperbolehkan",
            "seller['name'] = '' is not allowed",
        ),
        (
            "tasks",
            "Produksi, lima",
            "tasks[0] = 'Produksi, lima' tidak diperbolehkan",
            "tasks[0] = 'Produksi, lima' is not allowed",
        ),
        (
            "hs_code",
            "4602-19",
            "hs_code = '4602-19' tidak diperbolehkan",
            "hs_code = '4602-19' is not allowed",
        ),
        ("deadline", None, "deadline = None tidak diperbolehkan", "deadline = None is not allowed"),
        (
            "closures",
            "Lebaran",
            "closures[0] = 'Lebaran' tidak diperbolehkan",
            "closures[0] = 'Lebaran' is not allowed",
        ),
    ],
)
def test_bad_values_are_sentences_and_keep_the_last_quotation(
    app, name, value, indonesian, english
):
    """Is each bad value a sentence in Indonesian and English, with the last good quotation kept?"""
    good = app.result
    app.controls[name].value = value
    assert app.error.startswith(indonesian)
    assert app.result is good
    toolkit.set_language("en")
    app.refresh()
    assert app.error.startswith(english)


def test_save_writes_pdf_and_xlsx_with_links(app, tmp_path):
    """Do the save buttons write penawaran-<product>.pdf/.xlsx next to the notebook, with links shown?"""
    app.pdf_button.click()
    app.xlsx_button.click()
    pdf, xlsx = (
        tmp_path / "penawaran-tas-anyaman-pandan.pdf",
        tmp_path / "penawaran-tas-anyaman-pandan.xlsx",
    )
    assert app.saved == {"pdf": pdf, "xlsx": xlsx}
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Tas anyaman pandan" in text and "US$4,04" in text and "US$4.848,00" in text
    sheets = pd.read_excel(xlsx, sheet_name=None)
    fields = dict(zip(sheets["penawaran"]["Keterangan"], sheets["penawaran"]["Isi"]))
    assert fields["Total"] == pytest.approx(app.result["total"])
    html = app.links.outputs[-1]["data"]["text/html"]
    assert (
        "href='penawaran-tas-anyaman-pandan.pdf'" in html
        and "href='penawaran-tas-anyaman-pandan.xlsx'" in html
    )


def test_document_language_is_chosen_apart_from_the_app(app, tmp_path):
    """With the document language set to English, is the PDF English while the app stays Indonesian?"""
    app.document_language.value = "en"
    path = app.save_pdf()
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    assert "QUOTATION (PRO FORMA)" in text and "$4.04" in text
    assert toolkit.get_language() == "id"


def test_save_refuses_while_an_input_is_bad(app, tmp_path):
    """With a bad input on screen, does saving write nothing and ask to fix it first?"""
    app.controls["product"].value = "Tas baru"
    app.controls["tasks"].value = "Produksi, lima"
    assert app.save_pdf() is None
    assert not list(tmp_path.iterdir())
    assert "Perbaiki isian yang ditandai dulu" in app.save_message.value


def test_a_file_that_cannot_be_written_is_a_sentence(app, tmp_path):
    """If the file cannot be written (a folder in its way), is that a sentence rather than a traceback?"""
    (tmp_path / "penawaran-tas-anyaman-pandan.pdf").mkdir()
    assert app.save_pdf() is None
    assert "tidak bisa disimpan" in app.save_message.value


def test_no_allowed_value_raises(app):
    """Does every end of every numeric range and every option give a quotation or a sentence, never a traceback?"""
    # Each value is checked through compute() alone (a redraw per value would take a minute) ...
    for control in app.controls.values():
        control.unobserve(app._changed, names="value")
    extremes = {}
    for name, control in app.controls.items():
        if isinstance(control, widgets.Dropdown):
            values = list(control._options_values)
        elif isinstance(control, NUMBERS):
            values = [control.min, control.max]
            extremes[name] = values
        else:
            continue
        before = control.value
        for value in values:
            control.value = value
            try:
                app.compute()
            except ToolkitError:
                pass
        control.value = before
    # ... then every range at its low end, and at its high end, through a full refresh.
    for end in (0, 1):
        for name, values in extremes.items():
            app.controls[name].value = values[end]
        app.refresh()
        assert app.error is None or app.error.endswith("."), app.error
    for name, values in extremes.items():
        app.controls[name].value = values[1]
    app.controls["margin"].value = 0.5
    app.controls["reject_rate"].value = 0.1
    app.refresh()
    assert app.error is None
    assert app.result["quantity"] == app.controls["quantity"].max


def test_english_labels_after_set_language(tmp_path):
    """After set_language("en"), are the labels, tabs, payment terms and preview in English?"""
    toolkit.set_language("en")
    app = QuotationApp(quotation_date=TODAY, deadline=DEADLINE)
    assert app.controls["quantity"].description == "Quantity ordered"
    assert app.controls["payment_term"].options[0][0] == "T/T: deposit and balance"
    assert app.document_language.value == "en"
    tabs = next(child for child in app.widget.children if isinstance(child, widgets.Tab))
    assert tabs.titles[0] == "Seller, buyer, product"
    assert "Unit price" in app.summary.value and "$4.04" in app.summary.value
    assert app.pdf_button.description == "Save PDF"
