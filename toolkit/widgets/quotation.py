"""Quotation builder (module 09, the capstone): your own product in a form, priced, scheduled and saved.

The participant fills in a form, with no Python to edit: their organisation, the buyer, the product
(its unit of sale and its HS code of at least 6 digits, checked against the course's product
list), the quantity, the HPP inputs and margin, the Incoterms 2020 rule with its named place and
costs, the currency with an FX buffer, the payment term, and the delivery tasks and date. Every
number and date is typed the Indonesian way and read by :mod:`toolkit.i18n`, shown back beside its
box, and refused with a sentence when it cannot be used. The app builds the quotation with
:func:`toolkit.quotation.build_quotation`, shows it with what to check before sending it, the
price build-up (for the seller's eyes only) and the delivery plan as a Gantt.

What is typed is kept in a small file next to the notebook (``data_file``), written at every
change and read back when the form is built again, so a closed notebook or a restarted kernel
loses nothing. The form opens on the module's worked example (a woven-bag order for Osaka), so it
runs with nobody typing; the **Simpan PDF** and **Simpan Excel** buttons refuse, with the list of
what to fill in, while the example's names, dates or costs, or a template's placeholder, are still
there, and while any box is refused. The documents are ``penawaran-<product>.pdf``/``.xlsx`` in
Indonesian and ``quotation-<product>.pdf``/``.xlsx`` in English, so one never overwrites the other
(:func:`toolkit.quotation.write_quotation_pdf`, :func:`toolkit.quotation.write_quotation_xlsx`).

Examples
--------
>>> from toolkit.widgets.quotation import QuotationApp
>>> app = QuotationApp()
>>> app.result["unit_price"], app.result["currency"], app.result["unit"]
(4.25, 'USD', 'tas')
>>> app.save_pdf() is None  # the worked example is not your quotation
True
>>> "Penjual (organisasi Anda)" in app.to_fill()[0]
True
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML

from toolkit import charts, incoterms, payment, pricing
from toolkit import quotation as quotes
from toolkit.errors import InputError, ReadError
from toolkit.i18n import (
    LANGUAGES,
    Text,
    format_date_in,
    format_money,
    format_number,
    get_language,
    tr,
)
from toolkit.widgets._base import App, error_html
from toolkit.widgets._controls import (
    LABEL_STYLE,
    MAX_MONEY,
    DateBox,
    NumberBox,
    _Field,
    choice,
    count,
    date,
    money,
    number,
    percent_box,
    table_html,
    text,
)
from toolkit.widgets.planning import WORKDAYS, closures_box, parse_closures, parse_tasks

__all__ = ["QuotationApp", "HSCodeBox", "buildup_html", "EXAMPLE", "DATA_VERSION"]

DATA_VERSION = 1
"""The layout of the form's data file; a file of another version is read as far as it matches."""

EXAMPLE: dict = {
    "seller": "BUMDes Anyaman Sejahtera",
    "seller_address": "Kec. Kragilan, Kab. Serang, Banten, Indonesia",
    "seller_contact": "bumdes.anyaman@example.id",
    "buyer": "Naniwa Zakka Co., Ltd.",
    "buyer_address": "Osaka",
    "buyer_country": "Jepang",
    "product": "Tas anyaman pandan motif Banten",
    "product_id": "tas_pandan",
    "hs_code": "4602.19",
    "unit": "tas",
    "quantity": 3_000,
    "materials": 75_000_000,
    "labour": 60_000_000,
    "overhead": 12_000_000,
    "production_units": 3_100,
    "reject_rate": 0.03,
    "margin": 0.25,
    "incoterm": "FCA",
    "named_place": "Tanjung Priok",
    "inland_transport": 3_500_000,
    "export_clearance": 2_000_000,
    "export_duty": 0,
    "origin_handling": 2_500_000,
    "insurance_rate": 0.0,
    "currency": "USD",
    "fx_rate": "",
    "fx_buffer": 0.03,
    "bank_fee_share": 0.005,
    "turnover_tax": 0.005,
    "bank_name": "PT Bank Rakyat Indonesia (Persero) Tbk",
    "bank_swift": "BRINIDJA",
    "bank_account": "0000-01-000000-30-0",
    "bank_account_name": "BUMDes Anyaman Sejahtera",
    "payment_term": "TT",
    "deposit_share": 0.30,
    "balance_on": "before_shipment",
    "oa_days": 30,
    "quotation_date": dt.date(2026, 11, 30),
    "validity_days": 30,
    "deadline": dt.date(2027, 2, 8),
    "tasks": "Beli pandan kering dan pewarna, 5\nAnyam dan jahit, 20\nQC dan kemas, 4\n"
    "Stuffing dan truk ke Tanjung Priok, 1",
    "workdays": "Mon-Fri",
    "collective_leave": True,
    "closures": "",
    "buffer_days": 3,
    "units_per_carton": 20,
    "carton_length_cm": 60,
    "carton_width_cm": 40,
    "carton_height_cm": 40,
    "carton_gross_kg": 8,
    "carton_net_kg": 6.5,
}
"""The form's starting values: module 09's worked example (woven pandan bags for Osaka)."""

# Who the document is from and to, and what: left as in the example, the quotation is not yours.
_MUST_CHANGE = (
    "seller", "seller_address", "seller_contact", "buyer", "buyer_address", "product",
    "quotation_date", "bank_account", "bank_account_name",
)
# The example's costs: all left unchanged, they are not your costs.
_EXAMPLE_COSTS = ("materials", "labour", "overhead", "production_units")
# The example's cartons (pandan bags) and production steps: left unchanged, the pro forma's packing
# line and the promised lead time are another product's.
_EXAMPLE_PACKING = ("units_per_carton", "carton_length_cm", "carton_width_cm", "carton_height_cm",
                    "carton_gross_kg", "carton_net_kg")
_PLACEHOLDER = re.compile(r"\.\.\.|…|\(nama|\(name|isi dengan|fill in|contoh|example", re.I)


def buildup_html(buildup) -> str:
    """The price build-up of a quotation (``quotation["buildup"]``) as a small HTML table."""
    rows = [
        [row.label, format_money(row.amount_idr, "IDR"), format_money(row.per_unit_idr, "IDR")]
        for row in buildup.itertuples(index=False)
    ]
    bold = [i for i, kind in enumerate(buildup["kind"]) if kind == "subtotal"]
    columns = (
        {"id": "Langkah", "en": "Step"},
        {"id": "Per pesanan", "en": "Per order"},
        {"id": "Per unit", "en": "Per unit"},
    )
    return table_html(rows, columns, bold=bold)


class HSCodeBox(_Field):
    """The product's HS code: at least 6 digits (``4602.19``), shown back with its heading.

    The heading (the first 4 digits) is looked up in the course's product list
    (:func:`toolkit.quotation.catalogue`), so a participant sees which product it belongs to.

    >>> box = HSCodeBox({"id": "Kode HS", "en": "HS code"}, "460219")
    >>> box.read()
    '4602.19'
    >>> box.value = "4602"
    >>> box.read()
    Traceback (most recent call last):
    ...
    toolkit.errors.ReadError: Kode HS: "4602" baru pos 4 angka: tulis subpos 6 angka atau lebih, misalnya 4602.19 (lihat BTKI/INSW).
    """

    def __init__(self, label: Text, value: str):
        super().__init__(label, echo_width="18em")
        self.value = value

    def read(self) -> str:
        text = str(self.value).strip()
        digits = re.sub(r"[.\s]", "", text)
        reason = None
        if not text:
            reason = {
                "id": "kotak ini masih kosong: tulis kode HS 6 angka atau lebih, misalnya 4602.19.",
                "en": "this box is empty: write the HS code with 6 digits or more, such as 4602.19.",
            }
        elif not digits.isdigit():
            reason = {
                "id": "bukan kode HS: tulis angka saja, misalnya 4602.19 atau 4602.19.00.",
                "en": "is not an HS code: write digits only, such as 4602.19 or 4602.19.00.",
            }
        elif len(digits) < 6:
            reason = {
                "id": f"baru pos {len(digits)} angka: tulis subpos 6 angka atau lebih, misalnya "
                f"{digits[:4].ljust(4, '0')}.19 (lihat BTKI/INSW).",
                "en": f"is only a {len(digits)}-digit heading: write the 6-digit subheading or more, "
                f"such as {digits[:4].ljust(4, '0')}.19 (see BTKI/INSW).",
            }
        elif len(digits) not in (6, 8, 10):
            reason = {
                "id": "kode HS berisi 6, 8 atau 10 angka, misalnya 4602.19 atau 4602.19.00.",
                "en": "an HS code has 6, 8 or 10 digits, such as 4602.19 or 4602.19.00.",
            }
        if reason:
            raise ReadError(text, reason).renamed(self.label)
        return ".".join([digits[:4]] + [digits[i:i + 2] for i in range(4, len(digits), 2)])

    def describe(self, understood: str) -> str:
        heading = understood[:4]
        listed = quotes.catalogue()
        match = listed[listed["hs_heading"] == heading]
        name = "name_en" if get_language() == "en" else "name_id"
        if match.empty:
            return tr({"id": "HS {c}, pos {h} (tidak ada di daftar kelas)",
                       "en": "HS {c}, heading {h} (not in the class's list)"}).format(c=understood, h=heading)
        return tr({"id": "HS {c}, pos {h}: {p}", "en": "HS {c}, heading {h}: {p}"}).format(
            c=understood, h=heading, p=", ".join(match[name])
        )


class QuotationApp(App):
    """Your order in a form, a quotation and a delivery plan out, saved as PDF and XLSX.

    Parameters
    ----------
    data_file
        Where the form keeps what is typed (JSON, next to the notebook): read when the form is
        built, written at every change. ``None`` keeps nothing.
    **initial
        Starting values by control name, over the worked example's.

    After each refresh, ``result`` is the :class:`~toolkit.quotation.Quotation` of
    :func:`toolkit.quotation.build_quotation` (its ``days_off`` are the days the Gantt shades);
    ``figure`` is the delivery plan's Gantt.
    :meth:`save_pdf` and :meth:`save_xlsx` (the two buttons) write into ``folder`` (default: the
    notebook's folder, the kernel's working directory) and return the path, or ``None`` when the
    form cannot be saved yet (:meth:`to_fill` lists why); ``saved`` maps ``"pdf"``/``"xlsx"`` to
    the files written.
    """

    title = {"id": "Penyusun penawaran harga", "en": "Quotation builder"}
    aliases = {
        "seller": "seller", "buyer": "buyer", "fx_rate": "fx_rate", "hs_code": "hs_code",
    }

    def __init__(self, data_file: str | os.PathLike | None = None, **initial):
        self.data_file = None if data_file is None else Path(data_file)
        self._loading = True
        self.load_notes: list[str] = []
        self._stored_language = None
        stored = self._stored()
        super().__init__(**{**stored, **initial})
        if self._stored_language in LANGUAGES:
            self.document_language.value = self._stored_language
        self._loading = False
        if self.load_notes:
            self.message.value = "".join(error_html(n) for n in self.load_notes) + self.message.value

    # -- the form ----------------------------------------------------------------------------
    def build(self) -> list[widgets.Widget]:
        self.folder: Path | None = None
        self.saved: dict[str, Path] = {}
        self.links = widgets.Output()
        self.save_message = widgets.HTML()
        self.checklist = widgets.HTML()
        e = EXAMPLE
        catalogue = quotes.catalogue()
        name_column = "name_en" if get_language() == "en" else "name_id"
        product_options = [
            (tr({"id": "— tidak ada yang mirip", "en": "— none is similar"}), "")
        ] + [
            (f"{row[name_column]} (pos HS {row['hs_heading']})", row["product_id"])
            for _, row in catalogue.iterrows()
        ]
        self.controls = {
            # Parties and product
            "seller": text(
                {"id": "Penjual (organisasi Anda)", "en": "Seller (your organisation)"}, e["seller"]
            ),
            "seller_address": text(
                {"id": "Alamat penjual", "en": "Seller's address"}, e["seller_address"]
            ),
            "seller_contact": text(
                {"id": "Kontak penjual (e-mail, WhatsApp)", "en": "Seller's contact (e-mail, WhatsApp)"},
                e["seller_contact"],
            ),
            "buyer": text({"id": "Pembeli (perusahaan)", "en": "Buyer (company)"}, e["buyer"]),
            "buyer_address": text(
                {"id": "Alamat pembeli", "en": "Buyer's address"}, e["buyer_address"]
            ),
            "buyer_country": text(
                {"id": "Negara pembeli", "en": "Buyer's country"}, e["buyer_country"]
            ),
            "product": text(
                {"id": "Nama produk (dibaca pembeli)", "en": "Product name (as the buyer reads it)"},
                e["product"],
            ),
            "product_id": choice(
                {"id": "Produk yang mirip di daftar kelas", "en": "Similar product in the class's list"},
                product_options,
                e["product_id"],
                width="40em",
            ),
            "hs_code": HSCodeBox(
                {"id": "Kode HS (6 angka atau lebih)", "en": "HS code (6 digits or more)"}, e["hs_code"]
            ),
            "unit": text(
                {"id": "Satuan jual (tas, kg, karton...)", "en": "Unit of sale (bag, kg, carton...)"},
                e["unit"],
                placeholder="tas",
                width="28em",
            ),
            "quantity": count(
                {"id": "Jumlah pesanan", "en": "Quantity ordered"}, e["quantity"], minimum=1,
                maximum=100_000_000,
            ),
            # Cost and margin
            "materials": money(
                {"id": "Bahan baku (Rp, seluruh produksi)", "en": "Materials (IDR, whole run)"},
                e["materials"],
            ),
            "labour": money(
                {"id": "Tenaga kerja langsung (Rp)", "en": "Direct labour (IDR)"}, e["labour"]
            ),
            "overhead": money(
                {"id": "Overhead pabrik (Rp)", "en": "Factory overhead (IDR)"}, e["overhead"]
            ),
            "production_units": count(
                {"id": "Unit yang diproduksi", "en": "Units produced"}, e["production_units"],
                minimum=1, maximum=100_000_000,
            ),
            "reject_rate": percent_box(
                {"id": "Tingkat reject (%)", "en": "Reject rate (%)"}, e["reject_rate"], maximum=0.9
            ),
            "margin": percent_box(
                {"id": "Margin dari harga EXW (%)", "en": "Margin of the EXW price (%)"},
                e["margin"],
                maximum=0.95,
            ),
            # Incoterms and costs (whole order, Rupiah)
            "incoterm": choice(
                {"id": "Incoterms 2020", "en": "Incoterms 2020"},
                [(rule, rule) for rule in incoterms.RULES],
                e["incoterm"],
            ),
            "named_place": text(
                {"id": "Tempat/pelabuhan yang disebut", "en": "Named place or port"},
                e["named_place"],
                width="34em",
            ),
            **{
                item: money(
                    {
                        "id": incoterms.ITEM_LABELS[item]["id"] + " (Rp)",
                        "en": incoterms.ITEM_LABELS[item]["en"] + " (IDR)",
                    },
                    e.get(item, 0),
                    maximum=MAX_MONEY,
                )
                for item in incoterms.COST_ITEMS
            },
            "insurance_rate": percent_box(
                {
                    "id": "Premi asuransi (%; CIF: ICC C; CIP dan D: ICC A)",
                    "en": "Insurance rate (%; CIF: ICC C; CIP and D: ICC A)",
                },
                e["insurance_rate"],
                maximum=0.05,
            ),
            # Currency and payment
            "currency": choice(
                {"id": "Mata uang", "en": "Currency"},
                [(code, code) for code in quotes.currencies()],
                e["currency"],
            ),
            "fx_rate": NumberBox(
                {"id": "Kurs hari ini (Rp per 1 unit; kosong = kurs acuan kelas)",
                 "en": "Today's rate (IDR per unit; empty = the class's reference)"},
                e["fx_rate"],
                minimum=0,
                maximum=1_000_000,
                strict=True,
                unit="Rupiah",
                optional=True,
                empty={"id": "kurs acuan kelas", "en": "the class's reference rate"},
            ),
            "fx_buffer": percent_box(
                {"id": "Cadangan kurs (%)", "en": "FX buffer (%)"}, e["fx_buffer"], maximum=0.5
            ),
            "bank_fee_share": percent_box(
                {"id": "Biaya bank (% dari harga)", "en": "Bank charges (% of price)"},
                e["bank_fee_share"],
                maximum=0.2,
            ),
            "turnover_tax": percent_box(
                {"id": "PPh final (% dari omzet, PP 55/2022)", "en": "Final tax (% of turnover, PP 55/2022)"},
                e["turnover_tax"],
                maximum=0.05,
            ),
            "bank_name": text(
                {"id": "Bank penerima (untuk pembeli)", "en": "Beneficiary's bank (for the buyer)"},
                e["bank_name"],
                placeholder="PT Bank ...",
            ),
            "bank_swift": text(
                {"id": "Kode SWIFT bank", "en": "Bank's SWIFT code"}, e["bank_swift"],
                placeholder="BRINIDJA", width="28em",
            ),
            "bank_account": text(
                {"id": "Nomor rekening (valas)", "en": "Account number (foreign currency)"},
                e["bank_account"], width="34em",
            ),
            "bank_account_name": text(
                {"id": "Nama pemilik rekening", "en": "Account name"}, e["bank_account_name"]
            ),
            "payment_term": choice(
                {"id": "Cara pembayaran", "en": "Payment term"},
                [(payment.term_label(term), term) for term in payment.TERMS],
                e["payment_term"],
                width="40em",
            ),
            "deposit_share": percent_box(
                {"id": "Uang muka T/T (%)", "en": "T/T deposit (%)"}, e["deposit_share"]
            ),
            "balance_on": choice(
                {"id": "Pelunasan T/T", "en": "T/T balance"},
                [
                    ({"id": "sebelum pengapalan", "en": "before shipment"}, "before_shipment"),
                    ({"id": "terhadap salinan B/L", "en": "against a copy of the B/L"}, "bl_copy"),
                ],
                e["balance_on"],
            ),
            "oa_days": count(
                {"id": "Open account: hari kredit", "en": "Open account: days of credit"},
                e["oa_days"], minimum=0, maximum=365,
            ),
            "quotation_date": date(
                {"id": "Tanggal penawaran", "en": "Quotation date"}, e["quotation_date"]
            ),
            "validity_days": count(
                {"id": "Berlaku (hari)", "en": "Valid for (days)"}, e["validity_days"], minimum=1,
                maximum=quotes.MAX_VALIDITY_DAYS,
            ),
            # Delivery
            "deadline": date(
                {"id": "Siap kirim paling lambat", "en": "Ready for shipment by"}, e["deadline"]
            ),
            "tasks": widgets.Textarea(
                value=e["tasks"],
                description=tr({"id": "Tugas (nama, hari kerja)", "en": "Tasks (name, working days)"}),
                rows=5,
                layout=widgets.Layout(width="46em", max_width="100%"),
                style=LABEL_STYLE,
                continuous_update=False,
            ),
            "workdays": choice(
                {"id": "Hari kerja", "en": "Working days"},
                [(label, code) for code, label in WORKDAYS.items()],
                e["workdays"],
            ),
            "collective_leave": widgets.Checkbox(
                value=e["collective_leave"],
                description=tr({"id": "Libur juga saat cuti bersama", "en": "Also closed on collective leave"}),
                indent=False,
            ),
            "closures": closures_box("08/03/2027 sampai 16/03/2027"),
            "buffer_days": count(
                {"id": "Cadangan (hari kerja)", "en": "Buffer (working days)"}, e["buffer_days"],
                minimum=0, maximum=60,
            ),
            # Packing: what the buyer's pro forma needs (cartons, weights, CBM)
            "units_per_carton": count(
                {"id": "Isi per karton (0 = belum diisi)", "en": "Units per carton (0 = not yet)"},
                e["units_per_carton"], minimum=0, maximum=100_000,
            ),
            **{
                f"carton_{side}_cm": number(label, e[f"carton_{side}_cm"], minimum=0, maximum=1_200, unit="cm")
                for side, label in (
                    ("length", {"id": "Panjang karton (cm)", "en": "Carton length (cm)"}),
                    ("width", {"id": "Lebar karton (cm)", "en": "Carton width (cm)"}),
                    ("height", {"id": "Tinggi karton (cm)", "en": "Carton height (cm)"}),
                )
            },
            "carton_gross_kg": number(
                {"id": "Berat kotor per karton (kg)", "en": "Gross weight per carton (kg)"},
                e["carton_gross_kg"], minimum=0, maximum=30_000, unit="kg",
            ),
            "carton_net_kg": number(
                {"id": "Berat bersih per karton (kg)", "en": "Net weight per carton (kg)"},
                e["carton_net_kg"], minimum=0, maximum=30_000, unit="kg",
            ),
        }
        c = self.controls
        c["tasks"].ke_label = {"id": "Tugas (nama, hari kerja)", "en": "Tasks (name, working days)"}
        c["closures"].ke_label = {"id": "Tutup (mis. libur Lebaran)", "en": "Closed (e.g. Lebaran shutdown)"}
        c["unit"].observe(self._unit_changed, names="value")
        self._unit_changed()
        c["payment_term"].observe(self._term_changed, names="value")
        c["incoterm"].observe(self._default_insurance, names="value")
        self.document_language = widgets.Dropdown(
            options=[("Bahasa Indonesia", "id"), ("English", "en")],
            value=get_language(),
            description=tr({"id": "Bahasa dokumen", "en": "Document language"}),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="28em", max_width="100%"),
        )
        self.pdf_button = widgets.Button(
            description=tr({"id": "Simpan PDF", "en": "Save PDF"}),
            icon="file-pdf-o",
            button_style="primary",
        )
        self.xlsx_button = widgets.Button(
            description=tr({"id": "Simpan Excel", "en": "Save Excel"}),
            icon="file-excel-o",
            button_style="success",
        )
        self.pdf_button.on_click(lambda _button: self.save_pdf())
        self.xlsx_button.on_click(lambda _button: self.save_xlsx())
        self.document_language.observe(lambda change: self._store(), names="value")

        sections = [
            (
                {"id": "1. Penjual, pembeli, produk", "en": "1. Seller, buyer, product"},
                ["seller", "seller_address", "seller_contact", "buyer", "buyer_address",
                 "buyer_country", "product", "product_id", "hs_code", "unit", "quantity"],
            ),
            (
                {"id": "2. HPP dan margin", "en": "2. Cost and margin"},
                ["materials", "labour", "overhead", "production_units", "reject_rate", "margin"],
            ),
            (
                {"id": "3. Incoterms dan biaya", "en": "3. Incoterms and costs"},
                ["incoterm", "named_place", *incoterms.COST_ITEMS, "insurance_rate"],
            ),
            (
                {"id": "4. Mata uang dan pembayaran", "en": "4. Currency and payment"},
                ["currency", "fx_rate", "fx_buffer", "bank_fee_share", "turnover_tax",
                 "payment_term", "deposit_share", "balance_on", "oa_days", "bank_name",
                 "bank_swift", "bank_account", "bank_account_name", "quotation_date",
                 "validity_days"],
            ),
            (
                {"id": "5. Pengiriman", "en": "5. Delivery"},
                ["deadline", "tasks", "workdays", "collective_leave", "closures", "buffer_days",
                 "units_per_carton", "carton_length_cm", "carton_width_cm", "carton_height_cm",
                 "carton_gross_kg", "carton_net_kg"],
            ),
        ]
        self.sections = sections
        self.tabs = widgets.Tab(
            children=[widgets.VBox([c[name] for name in names]) for _, names in sections],
            titles=[tr(label) for label, _ in sections],
            layout=widgets.Layout(max_width="100%"),
        )
        self._term_changed()
        return [
            self.tabs,
            self.summary,
            self.image,
            self.checklist,
            widgets.HBox(
                [self.document_language, self.pdf_button, self.xlsx_button],
                layout=widgets.Layout(flex_flow="row wrap", max_width="100%"),
            ),
            self.save_message,
            self.links,
        ]

    def _unit_changed(self, change=None) -> None:
        unit = self.controls["unit"].value.strip()
        self.controls["quantity"].unit = unit or None
        self.controls["production_units"].unit = unit or None
        self.controls["quantity"]._show_back()
        self.controls["production_units"]._show_back()

    def _default_insurance(self, change) -> None:
        """A new rule brings its own cover's indicative rate (ICC C for CIF, ICC A for CIP and D)."""
        rate = pricing.default_insurance_rate(change["new"])
        if rate:
            self.controls["insurance_rate"].value = rate

    def _term_changed(self, change=None) -> None:
        """Show only the settings of the chosen payment term."""
        term = self.controls["payment_term"].value
        for name, shown in (("deposit_share", term == "TT"), ("balance_on", term == "TT"),
                            ("oa_days", term == "OA")):
            self.controls[name].layout.display = None if shown else "none"

    # -- computing ---------------------------------------------------------------------------
    def compute(self) -> quotes.Quotation:
        v = self.values()
        if not v["unit"].strip():
            raise InputError("unit", "", {
                "id": "isi satuan jual, misalnya tas, kg, karton atau lembar",
                "en": "fill in the unit of sale, such as bag, kg, carton or sheet",
            })
        if v["deadline"] <= v["quotation_date"]:
            raise InputError(
                "deadline", v["deadline"],
                {lang: ("harus sesudah tanggal penawaran, " if lang == "id"
                        else "it must come after the quotation date, ")
                 + format_date_in(v["quotation_date"], lang) for lang in LANGUAGES},
            )
        if v["product_id"]:
            listed = quotes.catalogue().set_index("product_id").loc[v["product_id"]]
            if v["hs_code"][:4] != listed["hs_heading"]:
                name = listed["name_en" if get_language() == "en" else "name_id"]
                raise InputError(
                    "hs_code", v["hs_code"],
                    {
                        "id": f"pos {v['hs_code'][:4]} bukan pos produk yang dipilih sebagai mirip "
                        f"({name}, pos {listed['hs_heading']}): periksa kodenya di BTKI/INSW, atau "
                        'pilih produk mirip yang lain atau "— tidak ada yang mirip"',
                        "en": f"heading {v['hs_code'][:4]} is not the heading of the similar product "
                        f"chosen ({name}, heading {listed['hs_heading']}): check the code in BTKI/INSW, "
                        'or choose another similar product or "— none is similar"',
                    },
                )
        tasks = parse_tasks(v["tasks"])
        closures = parse_closures(v["closures"])
        bank = (
            {
                "bank": v["bank_name"],
                "swift": v["bank_swift"],
                "account": v["bank_account"],
                "account_name": v["bank_account_name"],
            }
            if v["bank_name"].strip()
            else None
        )
        packing = (
            {
                "units_per_carton": v["units_per_carton"],
                "carton_cm": (v["carton_length_cm"], v["carton_width_cm"], v["carton_height_cm"]),
                "gross_kg": v["carton_gross_kg"],
                "net_kg": v["carton_net_kg"],
            }
            if v["units_per_carton"]
            else None
        )
        return quotes.build_quotation(
            seller={"name": v["seller"], "address": v["seller_address"], "contact": v["seller_contact"]},
            buyer={"name": v["buyer"], "address": v["buyer_address"], "country": v["buyer_country"]},
            product=v["product"],
            product_id=v["product_id"] or None,
            hs_code=v["hs_code"],
            unit=v["unit"].strip(),
            quantity=v["quantity"],
            materials=v["materials"],
            labour=v["labour"],
            overhead=v["overhead"],
            production_units=v["production_units"],
            reject_rate=v["reject_rate"],
            margin=v["margin"],
            incoterm=v["incoterm"],
            named_place=v["named_place"],
            costs={item: v[item] for item in incoterms.COST_ITEMS},
            insurance_rate=v["insurance_rate"],
            currency=v["currency"],
            fx_rate=v["fx_rate"],
            fx_buffer=v["fx_buffer"],
            bank_fee_share=v["bank_fee_share"],
            turnover_tax=v["turnover_tax"],
            bank=bank,
            packing=packing,
            payment_term=v["payment_term"],
            deposit_share=v["deposit_share"],
            balance_on=v["balance_on"],
            oa_days=v["oa_days"],
            quotation_date=v["quotation_date"],
            validity_days=v["validity_days"],
            tasks=[(name, days) for name, days, _low, _high in tasks],
            deadline=v["deadline"],
            workdays=v["workdays"],
            closures=closures,
            buffer_days=v["buffer_days"],
            collective_leave=v["collective_leave"],
        )

    def render(self, result: dict) -> None:
        preview = table_html(
            quotes.display_rows(result),
            ({"id": "Keterangan", "en": "Item"}, {"id": "Isi", "en": "Value"}),
            align=["left", "left"],
        )
        warnings = "".join(f"<li>{html.escape(w)}</li>" for w in result["warnings"])
        check = tr({"id": "Periksa sebelum mengirim", "en": "Check before sending"})
        internal = tr(
            {
                "id": "Rincian harga (hanya untuk Anda, tidak masuk PDF)",
                "en": "Price build-up (for you only, not in the PDF)",
            }
        )
        title = tr({"id": "Penawaran", "en": "Quotation"})
        self.summary.value = (
            f"<h4>{html.escape(title)} {html.escape(result['number'])}</h4>{preview}"
            + (f"<p><b>{html.escape(check)}:</b></p><ul>{warnings}</ul>" if warnings else "")
            + f"<details><summary>{html.escape(internal)}</summary>"
            + f"{buildup_html(result['buildup'])}</details>"
        )
        self.show_figure(
            charts.gantt_chart(
                result["schedule"],
                deadline=result["deadline"],
                non_working=result["days_off"],
                figure=self.figure,
            )
        )

    def refresh(self) -> None:
        super().refresh()
        self._show_checklist()
        if not getattr(self, "_loading", True):
            self._store()

    # -- what still has to be filled in ------------------------------------------------------
    def to_fill(self) -> list[str]:
        """Why the form cannot be saved yet, one sentence each (empty when it can be)."""
        out = list(self.errors)
        out += list(self.start_notes.values())
        if out:
            return out
        values = {name: control.value for name, control in self.controls.items()}
        label = {name: tr(self.label_of(name) or {"id": name, "en": name}) for name in values}

        def unchanged(name: str) -> bool:  # still the worked example's value
            return values[name] == _shown_example(self.controls[name], EXAMPLE[name])

        named = set()
        for name in _MUST_CHANGE:
            if unchanged(name):
                named.add(name)
                out.append(tr({"id": "{f}: masih isian contoh; tulis milik Anda.",
                               "en": "{f}: still the example's; write your own."}).format(f=label[name]))
        for name in ("seller", "seller_address", "seller_contact", "buyer", "buyer_address",
                     "buyer_country", "product", "named_place"):
            text = str(values[name])
            if name in named:
                continue
            if not text.strip():
                out.append(tr({"id": "{f}: masih kosong.", "en": "{f}: still empty."}).format(f=label[name]))
            elif _PLACEHOLDER.search(text):
                out.append(tr({"id": '{f}: "{t}" masih berupa petunjuk; ganti dengan data Anda.',
                               "en": '{f}: "{t}" is still a placeholder; replace it with your data.'})
                           .format(f=label[name], t=text))
        if all(map(unchanged, _EXAMPLE_COSTS)):
            out.append(tr({
                "id": "Biaya produksi (bahan baku, tenaga kerja, overhead, unit) masih angka contoh: "
                "isi biaya Anda sendiri.",
                "en": "The production costs (materials, labour, overhead, units) are still the "
                "example's: fill in your own.",
            }))
        if all(map(unchanged, _EXAMPLE_PACKING)):
            out.append(tr({
                "id": "Kemasan (isi, ukuran dan berat karton) masih angka contoh tas pandan: isi "
                "karton produk Anda, atau isi per karton 0 bila belum tahu (baris kemasan tidak dicetak).",
                "en": "The packing (units, size and weight of a carton) is still the pandan bags' "
                "example: fill in your product's carton, or 0 units per carton if not known yet "
                "(the packing line is then left out).",
            }))
        if _lines(values["tasks"]) == _lines(EXAMPLE["tasks"]):
            out.append(tr({
                "id": "Tugas produksi masih contoh tas pandan (beli pandan, anyam...): tulis langkah "
                "produksi Anda sendiri; waktu tunggu di penawaran dihitung dari tugas ini.",
                "en": "The production tasks are still the pandan bags' example (buy pandan, "
                "weave...): write your own steps; the lead time quoted is counted from them.",
            }))
        today = dt.date.today()
        result = self.result or {}
        if result.get("date") is not None and result["date"] < today and "quotation_date" not in named:
            out.append(tr({"id": "Tanggal penawaran {d} sudah lewat: tulis tanggal hari ini ({t}).",
                           "en": "The quotation date {d} has passed: write today's date ({t})."})
                       .format(d=format_date_in(result["date"], get_language()),
                               t=format_date_in(today, get_language())))
        if result.get("deadline") is not None and result["deadline"] <= today:
            out.append(tr({"id": "Tanggal siap kirim {d} sudah lewat: tulis tanggal yang akan datang.",
                           "en": "The ready-for-shipment date {d} has passed: write a date to come."})
                       .format(d=format_date_in(result["deadline"], get_language())))
        return out

    def _show_checklist(self) -> None:
        problems = self.to_fill()
        blocked = bool(problems) or self.stale or self.result is None
        for button in (self.pdf_button, self.xlsx_button):
            button.disabled = blocked
        if not problems:
            self.checklist.value = ""
            return
        heading = tr({"id": "Sebelum bisa disimpan, perbaiki atau isi dulu:",
                      "en": "Before it can be saved, fix or fill in:"})
        items = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        self.checklist.value = (
            '<div class="ke-checklist" style="background:#fff8e1;border-left:4px solid #e6a100;'
            f'padding:4px 10px;margin:6px 0"><b>{html.escape(heading)}</b><ul>{items}</ul></div>'
        )

    # -- the data file -----------------------------------------------------------------------
    def _stored(self) -> dict:
        """The values kept in ``data_file``, as typed (empty if there is none)."""
        if self.data_file is None or not self.data_file.exists():
            return {}
        try:
            kept = json.loads(self.data_file.read_text(encoding="utf-8"))
            values = dict(kept.get("values", {}))
        except (OSError, ValueError, AttributeError) as error:
            self.load_notes.append(tr({
                "id": f"Data tersimpan di {self.data_file.name} tidak terbaca ({error}); form dimulai "
                "dari contoh. File lamanya tidak diubah sampai Anda mengubah isian.",
                "en": f"The data kept in {self.data_file.name} cannot be read ({error}); the form "
                "starts from the example. The old file is left as it is until you change an input.",
            }))
            return {}
        self._stored_language = kept.get("document_language")
        return values

    def _store(self) -> None:
        """Write what is typed to ``data_file`` (as typed, so nothing is lost, even a bad value)."""
        if self.data_file is None or getattr(self, "_loading", True):
            return
        values = {name: control.value for name, control in self.controls.items()}
        content = {"version": DATA_VERSION, "values": values,
                   "document_language": self.document_language.value}
        temporary = self.data_file.with_name(self.data_file.name + ".tmp")
        try:
            self.data_file.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(json.dumps(content, ensure_ascii=False, indent=1, default=str),
                                 encoding="utf-8")
            os.replace(temporary, self.data_file)
        except OSError as error:
            self.save_message.value = error_html(tr({
                "id": f"Isian tidak bisa disimpan ke {self.data_file.name} ({error.strerror or error}).",
                "en": f"The inputs could not be kept in {self.data_file.name} ({error.strerror or error}).",
            }))

    # -- documents ---------------------------------------------------------------------------
    def file_name(self, kind: str, language: str | None = None) -> str:
        """The document's file name: ``penawaran-<product>`` in Indonesian, ``quotation-`` in English."""
        language = language or self.document_language.value
        prefix = "penawaran" if language == "id" else "quotation"
        return f"{prefix}-{self.result['slug']}.{kind}"

    def _save(self, kind: str) -> Path | None:
        problems = self.to_fill()
        if problems or self.stale or self.result is None:
            heading = tr({"id": "Belum disimpan. Perbaiki atau isi dulu:",
                          "en": "Not saved. First fix or fill in:"})
            self.save_message.value = error_html(heading + " " + " ".join(problems or [
                tr({"id": "isian yang ditandai di atas.", "en": "the input marked above."})
            ]))
            return None
        folder = Path.cwd() if self.folder is None else Path(self.folder)
        path = folder / self.file_name(kind)
        writer = quotes.write_quotation_pdf if kind == "pdf" else quotes.write_quotation_xlsx
        try:
            writer(self.result, path, language=self.document_language.value)
        except OSError as error:
            self.save_message.value = error_html(
                tr(
                    {
                        "id": f"File {path.name} tidak bisa disimpan ({error.strerror or error}). "
                        "Tutup file itu bila sedang dibuka di program lain, lalu coba lagi.",
                        "en": f"{path.name} could not be saved ({error.strerror or error}). "
                        "Close it if another program has it open, then try again.",
                    }
                )
            )
            return None
        self.saved[f"{kind}-{self.document_language.value}"] = path
        self.saved[kind] = path
        self.save_message.value = ""
        self._show_links()
        return path

    def _show_links(self) -> None:
        saved = tr(
            {"id": "Tersimpan di folder notebook ini", "en": "Saved in this notebook's folder"}
        )
        paths = sorted({path for key, path in self.saved.items() if "-" in key})
        links = " · ".join(
            f"<a href='{html.escape(path.name)}' target='_blank' download>{html.escape(path.name)}</a>"
            f" ({format_number(path.stat().st_size / 1024, decimals=0)} KB)"
            for path in paths
        )
        self.links.outputs = ()
        self.links.append_display_data(HTML(f"{html.escape(saved)}: {links}"))

    def save_pdf(self) -> Path | None:
        """Write the PDF (for the buyer) and show a link; None, saying why, if it cannot be saved yet."""
        return self._save("pdf")

    def save_xlsx(self) -> Path | None:
        """Write the spreadsheet (for your records) and show a link; None, saying why, if not yet."""
        return self._save("xlsx")


def _lines(text: str) -> list[str]:
    """The non-empty lines of a text box, each without the spaces around it."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def _shown_example(control, example):
    """The example value as the control holds it (a box holds text)."""
    if isinstance(control, NumberBox):
        return control.write(example)
    if isinstance(control, DateBox):
        return DateBox.write(example)
    return example
