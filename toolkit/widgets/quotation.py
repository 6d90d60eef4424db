"""Quotation builder (module 09, the capstone): your own product, priced, scheduled and saved as documents.

The participant fills in their organisation, the buyer, the product (an example product from
``toolkit/data/products.csv`` supplies its HS heading), the quantity, the HPP inputs and margin,
the Incoterms 2020 rule with its named place and costs, the currency with an FX buffer, the
payment term, and the delivery tasks and date. The app builds the quotation with
:func:`toolkit.quotation.build_quotation`, shows it with what to check before sending it, the
price build-up (for the seller's eyes only) and the delivery plan as a Gantt
(:func:`toolkit.charts.gantt_chart`). The **Simpan PDF** and **Simpan Excel** buttons write
``penawaran-<product>.pdf`` and ``.xlsx`` next to the notebook
(:func:`toolkit.quotation.write_quotation_pdf`, :func:`toolkit.quotation.write_quotation_xlsx`)
and show links to them.

Examples
--------
>>> import datetime
>>> from toolkit.widgets.quotation import QuotationApp
>>> app = QuotationApp(quotation_date=datetime.date(2026, 11, 16),
...                    deadline=datetime.date(2026, 12, 18))
>>> app.result["unit_price"], app.result["currency"]
(4.04, 'USD')
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML

from toolkit import charts, incoterms, payment, planning
from toolkit import quotation as quotes
from toolkit.i18n import Text, format_money, format_number, get_language, tr
from toolkit.widgets._base import App, error_html
from toolkit.widgets._controls import LABEL_LAYOUT, LABEL_STYLE, MAX_MONEY, money, share, table_html
from toolkit.widgets.planning import WORKDAYS, closures_box, parse_closures, parse_tasks

__all__ = ["QuotationApp", "buildup_html"]

DEFAULT_TASKS = """Bahan baku, 5
Produksi, 15
QC dan pengemasan, 3
Truk ke pelabuhan, 1"""
"""The delivery tasks the builder opens with, one per line: name, working days."""

DEFAULT_COSTS = {
    "inland_transport": 2_500_000,
    "export_clearance": 1_500_000,
    "origin_handling": 2_000_000,
    "main_carriage": 0,
    "destination_handling": 0,
    "destination_transport": 0,
    "destination_unloading": 0,
    "import_clearance": 0,
    "import_duties": 0,
}
"""The order's costs the builder opens with (Rupiah, whole order): an FOB order's; the costs of the
other rules start at 0, and the quotation asks for any the chosen rule puts on the seller."""


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


class QuotationApp(App):
    """Your order in, a quotation and a delivery plan out, saved as PDF and XLSX.

    After each refresh, ``result`` is the dict of :func:`toolkit.quotation.build_quotation` (plus
    ``days_off``, the days the Gantt shades); ``figure`` is the delivery plan's Gantt.
    :meth:`save_pdf` and :meth:`save_xlsx` (the two buttons) write into ``folder`` (default: the
    notebook's folder, the kernel's working directory) and return the path; ``saved`` maps
    ``"pdf"``/``"xlsx"`` to the files written.
    """

    title = {"id": "Penyusun penawaran harga", "en": "Quotation builder"}

    def build(self) -> list[widgets.Widget]:
        self.folder: Path | None = None
        self.saved: dict[str, Path] = {}
        self.links = widgets.Output()
        self.save_message = widgets.HTML()
        style, wide = LABEL_STYLE, LABEL_LAYOUT

        def text(value: str, label: Text, placeholder: str = "") -> widgets.Text:
            return widgets.Text(
                value=value,
                placeholder=placeholder,
                description=tr(label),
                style=style,
                layout=wide,
                continuous_update=False,
            )

        def rupiah(value: float, label: Text) -> widgets.BoundedFloatText:
            return money(label, value, maximum=MAX_MONEY)

        def fraction(value: float, maximum: float, step: float, label: Text, decimals: int = 0):
            return share(label, value, maximum=maximum, step=step, decimals=decimals)

        catalogue = quotes.catalogue()
        name_column = "name_en" if get_language() == "en" else "name_id"
        product_options = [
            (
                tr({"id": "— tidak ada (isi kode HS sendiri)", "en": "— none (type your HS code)"}),
                "",
            )
        ]
        product_options += [
            (f"{row[name_column]} (HS {row['hs_heading']})", row["product_id"])
            for _, row in catalogue.iterrows()
        ]
        today = dt.date.today()
        self.controls = {
            # Parties and product
            "seller": text(
                "BUMDes Maju Jaya",
                {"id": "Penjual (organisasi Anda)", "en": "Seller (your organisation)"},
            ),
            "seller_address": text(
                "Desa ..., Kab. Serang, Banten, Indonesia",
                {"id": "Alamat penjual", "en": "Seller's address"},
            ),
            "seller_contact": text(
                "",
                {"id": "Kontak penjual (e-mail/telepon)", "en": "Seller's contact (e-mail/phone)"},
            ),
            "buyer": text("Tokyo Crafts Co., Ltd.", {"id": "Pembeli", "en": "Buyer"}),
            "buyer_address": text("", {"id": "Alamat pembeli", "en": "Buyer's address"}),
            "buyer_country": text("Japan", {"id": "Negara pembeli", "en": "Buyer's country"}),
            "product": text("Tas anyaman pandan", {"id": "Nama produk", "en": "Product name"}),
            "product_id": widgets.Dropdown(
                options=product_options,
                value="tas_pandan",
                description=tr(
                    {"id": "Contoh produk (kode HS)", "en": "Example product (HS code)"}
                ),
                style=style,
                layout=wide,
            ),
            "hs_code": text("", {"id": "Kode HS sendiri", "en": "Your own HS code"}, "4602.19"),
            "unit": text(
                "",
                {"id": "Satuan (kosong = dari contoh)", "en": "Unit (empty = from the example)"},
                "pcs",
            ),
            "quantity": widgets.BoundedIntText(
                value=1200,
                min=1,
                max=100_000_000,
                description=tr({"id": "Jumlah pesanan", "en": "Quantity ordered"}),
                style=style,
                layout=wide,
            ),
            # Cost and margin
            "materials": rupiah(
                36_000_000, {"id": "Bahan baku (Rp, total)", "en": "Materials (IDR, total)"}
            ),
            "labour": rupiah(
                14_000_000, {"id": "Tenaga kerja langsung (Rp)", "en": "Direct labour (IDR)"}
            ),
            "overhead": rupiah(
                4_000_000, {"id": "Overhead pabrik (Rp)", "en": "Factory overhead (IDR)"}
            ),
            "production_units": widgets.BoundedIntText(
                value=1250,
                min=1,
                max=100_000_000,
                description=tr({"id": "Unit yang diproduksi", "en": "Units produced"}),
                style=style,
                layout=wide,
            ),
            "reject_rate": fraction(0.04, 0.5, 0.01, {"id": "Tingkat reject", "en": "Reject rate"}),
            "margin": fraction(
                0.25,
                0.8,
                0.01,
                {"id": "Margin (dari harga EXW)", "en": "Margin (of the EXW price)"},
            ),
            # Incoterms and costs (whole order, Rupiah)
            "incoterm": widgets.Dropdown(
                options=list(incoterms.RULES),
                value="FOB",
                description=tr({"id": "Incoterms 2020", "en": "Incoterms 2020"}),
                style=style,
                layout=wide,
            ),
            "named_place": text(
                "Tanjung Priok", {"id": "Tempat yang disebut", "en": "Named place"}
            ),
            **{
                item: rupiah(
                    DEFAULT_COSTS[item],
                    {
                        "id": incoterms.ITEM_LABELS[item]["id"] + " (Rp)",
                        "en": incoterms.ITEM_LABELS[item]["en"] + " (IDR)",
                    },
                )
                for item in incoterms.COST_ITEMS
            },
            "insurance_rate": fraction(
                0.004,
                0.02,
                0.0005,
                {"id": "Premi asuransi (CIF/CIP)", "en": "Insurance rate (CIF/CIP)"},
                2,
            ),
            # Currency and payment
            "currency": widgets.Dropdown(
                options=quotes.currencies(),
                value="USD",
                description=tr({"id": "Mata uang", "en": "Currency"}),
                style=style,
                layout=wide,
            ),
            "fx_rate": widgets.BoundedFloatText(
                value=0,
                min=0,
                max=1_000_000,
                step=1,
                description=tr(
                    {
                        "id": "Kurs hari ini (Rp; 0 = kurs acuan)",
                        "en": "Today's rate (IDR; 0 = reference)",
                    }
                ),
                style=style,
                layout=wide,
            ),
            "fx_buffer": fraction(
                0.03, 0.15, 0.005, {"id": "Cadangan kurs (FX buffer)", "en": "FX buffer"}, 1
            ),
            "bank_fee_share": fraction(
                0.0,
                0.05,
                0.001,
                {"id": "Biaya bank (% harga)", "en": "Bank charges (% of price)"},
                1,
            ),
            "payment_term": widgets.Dropdown(
                options=[(payment.term_label(term), term) for term in payment.TERMS],
                value="TT",
                description=tr({"id": "Syarat pembayaran", "en": "Payment term"}),
                style=style,
                layout=wide,
            ),
            "deposit_share": fraction(0.3, 1.0, 0.05, {"id": "Uang muka T/T", "en": "T/T deposit"}),
            "balance_on": widgets.Dropdown(
                options=[
                    (tr({"id": "sebelum pengapalan", "en": "before shipment"}), "before_shipment"),
                    (
                        tr({"id": "terhadap salinan B/L", "en": "against a copy of the B/L"}),
                        "bl_copy",
                    ),
                ],
                value="before_shipment",
                description=tr({"id": "Pelunasan T/T", "en": "T/T balance"}),
                style=style,
                layout=wide,
            ),
            "oa_days": widgets.BoundedIntText(
                value=30,
                min=0,
                max=365,
                description=tr(
                    {"id": "Open account: hari kredit", "en": "Open account: days of credit"}
                ),
                style=style,
                layout=wide,
            ),
            "quotation_date": widgets.DatePicker(
                value=today,
                description=tr({"id": "Tanggal penawaran", "en": "Quotation date"}),
                style=style,
                layout=wide,
            ),
            "validity_days": widgets.BoundedIntText(
                value=30,
                min=1,
                max=quotes.MAX_VALIDITY_DAYS,
                description=tr({"id": "Berlaku (hari)", "en": "Valid for (days)"}),
                style=style,
                layout=wide,
            ),
            # Delivery
            "deadline": widgets.DatePicker(
                value=planning.add_working_days(today, 40),
                description=tr({"id": "Siap kirim paling lambat", "en": "Ready for shipment by"}),
                style=style,
                layout=wide,
            ),
            "tasks": widgets.Textarea(
                value=DEFAULT_TASKS,
                description=tr(
                    {"id": "Tugas (nama, hari kerja)", "en": "Tasks (name, working days)"}
                ),
                rows=5,
                layout=widgets.Layout(width="40em"),
                style=style,
                continuous_update=False,
            ),
            "workdays": widgets.Dropdown(
                options=[(tr(label), code) for code, label in WORKDAYS.items()],
                value="Mon-Fri",
                description=tr({"id": "Hari kerja", "en": "Working days"}),
                style=style,
                layout=wide,
            ),
            "closures": closures_box("2027-03-08 sampai 2027-03-16"),
            "buffer_days": widgets.IntSlider(
                value=3,
                min=0,
                max=20,
                description=tr({"id": "Cadangan (hari kerja)", "en": "Buffer (working days)"}),
                style=style,
                continuous_update=False,
            ),
        }
        c = self.controls
        self.document_language = widgets.Dropdown(
            options=[("Bahasa Indonesia", "id"), ("English", "en")],
            value=get_language(),
            description=tr({"id": "Bahasa dokumen", "en": "Document language"}),
            style=style,
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

        sections = [
            (
                {"id": "Penjual, pembeli, produk", "en": "Seller, buyer, product"},
                [
                    "seller",
                    "seller_address",
                    "seller_contact",
                    "buyer",
                    "buyer_address",
                    "buyer_country",
                    "product",
                    "product_id",
                    "hs_code",
                    "unit",
                    "quantity",
                ],
            ),
            (
                {"id": "HPP dan margin", "en": "Cost and margin"},
                ["materials", "labour", "overhead", "production_units", "reject_rate", "margin"],
            ),
            (
                {
                    "id": "Incoterms dan biaya (per pesanan)",
                    "en": "Incoterms and costs (per order)",
                },
                ["incoterm", "named_place", *incoterms.COST_ITEMS, "insurance_rate"],
            ),
            (
                {"id": "Mata uang dan pembayaran", "en": "Currency and payment"},
                [
                    "currency",
                    "fx_rate",
                    "fx_buffer",
                    "bank_fee_share",
                    "payment_term",
                    "deposit_share",
                    "balance_on",
                    "oa_days",
                    "quotation_date",
                    "validity_days",
                ],
            ),
            (
                {"id": "Pengiriman", "en": "Delivery"},
                ["deadline", "tasks", "workdays", "closures", "buffer_days"],
            ),
        ]
        tabs = widgets.Tab(
            children=[widgets.VBox([c[name] for name in names]) for _, names in sections],
            titles=[tr(label) for label, _ in sections],
        )
        return [
            tabs,
            self.summary,
            self.image,
            widgets.HBox([self.document_language, self.pdf_button, self.xlsx_button]),
            self.save_message,
            self.links,
        ]

    def compute(self) -> dict:
        v = self.values()
        tasks = parse_tasks(v["tasks"])
        closures = parse_closures(v["closures"])
        quotation = quotes.build_quotation(
            seller={
                "name": v["seller"],
                "address": v["seller_address"],
                "contact": v["seller_contact"],
            },
            buyer={
                "name": v["buyer"],
                "address": v["buyer_address"],
                "country": v["buyer_country"],
            },
            product=v["product"],
            product_id=v["product_id"] or None,
            hs_code=v["hs_code"].strip() or None,
            unit=v["unit"].strip() or None,
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
            fx_rate=v["fx_rate"] or None,
            fx_buffer=v["fx_buffer"],
            bank_fee_share=v["bank_fee_share"],
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
        )
        quotation["days_off"] = planning.non_working_days(  # for the Gantt's shading
            quotation["latest_start"],
            quotation["deadline"],
            workdays=v["workdays"],
            closures=closures,
        )
        return quotation

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

    # -- documents ---------------------------------------------------------------------------
    def _save(self, kind: str) -> Path | None:
        if self.error is not None or self.result is None:
            self.save_message.value = error_html(
                tr(
                    {
                        "id": "Perbaiki isian yang ditandai dulu, lalu simpan lagi.",
                        "en": "Fix the input marked above first, then save again.",
                    }
                )
            )
            return None
        folder = Path.cwd() if self.folder is None else Path(self.folder)
        path = folder / f"{quotes.file_stem(self.result)}.{kind}"
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
        self.saved[kind] = path
        self.save_message.value = ""
        self._show_links()
        return path

    def _show_links(self) -> None:
        saved = tr(
            {"id": "Tersimpan di folder notebook ini", "en": "Saved in this notebook's folder"}
        )
        links = " · ".join(
            f"<a href='{html.escape(path.name)}' target='_blank' download>{html.escape(path.name)}</a>"
            f" ({format_number(path.stat().st_size / 1024, decimals=0)} KB)"
            for path in self.saved.values()
        )
        self.links.outputs = ()
        self.links.append_display_data(HTML(f"{html.escape(saved)}: {links}"))

    def save_pdf(self) -> Path | None:
        """Write ``penawaran-<product>.pdf`` (for the buyer) and show a link; None if inputs are bad."""
        return self._save("pdf")

    def save_xlsx(self) -> Path | None:
        """Write ``penawaran-<product>.xlsx`` (for your records) and show a link; None if inputs are bad."""
        return self._save("xlsx")
