"""The capstone's quotation: the price of the participant's own order, as a document for a buyer.

:func:`build_quotation` takes the order (seller, buyer, product, quantity), the HPP and margin,
the Incoterms 2020 rule and its costs, the currency and FX buffer, the payment term and the
delivery tasks, and returns a :class:`Quotation`: every figure comes from
:mod:`toolkit.costing`, :mod:`toolkit.pricing`, :mod:`toolkit.payment` and
:mod:`toolkit.planning`. :func:`write_quotation_pdf` writes it as a pro-forma quotation for the
buyer: what a buyer needs to accept it, open an L/C or pay a deposit (origin, ports, packing, bank
details, tolerance, partial shipment, validity and the delivery promise), and none of the seller's
own workings (HPP, margin, the FX buffer, the schedule's buffer, the reference rate).
:func:`write_quotation_xlsx` writes everything, for the seller's own records. Both label in the
active language (:func:`toolkit.set_language`) unless told a ``language``; the PDF embeds DejaVu
Sans, shipped with matplotlib, so it is written offline and shows "Rp", "¥" and "—".

A quotation never promises what its own plan cannot keep: it is valid at the latest until the
plan's latest start (the day the deposit, the workable L/C or the written order must be in hand),
and it states the lead time from that day, so a buyer who accepts later knows the goods follow
that many working days after. A plan that would have to start before the quotation's date is an
error, not a warning.

The quoted unit price is rounded *up* to the currency's smallest unit (a cent, a whole Rupiah),
and the total is that unit price times the quantity, so the document adds up and never quotes
below the computed price; the build-up shows the rounding as its own row.

Examples
--------
>>> from toolkit.quotation import build_quotation
>>> q = build_quotation(
...     seller="BUMDes Maju Jaya", buyer="Tokyo Crafts Co.", product="Tas anyaman pandan",
...     product_id="tas_pandan", quantity=1200, hpp=45_000, margin=0.25,
...     incoterm="FOB", named_place="Tanjung Priok",
...     costs={"inland_transport": 2_500_000, "export_clearance": 1_500_000,
...            "origin_handling": 2_000_000},
...     currency="USD", fx_buffer=0.03, quotation_date="2026-11-16",
...     tasks=[("bahan baku", 5), ("produksi", 15), ("QC & kemas", 3), ("truk ke pelabuhan", 1)],
...     deadline="2026-12-18")
>>> q.hs_code, q.incoterm_text
('4602', 'FOB Tanjung Priok, Incoterms 2020')
>>> q.unit_price, q.total
(4.08, 4896.0)

Asked for 30 days, the quotation is valid only until its plan's latest start:

>>> str(q.latest_start), str(q.valid_until), q.validity_days
('2026-11-17', '2026-11-17', 1)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from babel.numbers import get_currency_precision

from toolkit import costing, data, incoterms, logistics, payment, planning, pricing
from toolkit.errors import InputError, check_choice, check_fraction, check_number
from toolkit.i18n import (
    Text,
    format_date,
    format_money,
    format_number,
    format_percent,
    get_language,
    tr,
    unit_name,
)
from toolkit.i18n import set_language as _set_language

__all__ = [
    "Quotation",
    "Party",
    "BankDetails",
    "Packing",
    "build_quotation",
    "catalogue",
    "catalogue_table",
    "currencies",
    "display_rows",
    "summary_rows",
    "file_stem",
    "slug",
    "payment_text",
    "lead_time_text",
    "sheet_names",
    "write_quotation_pdf",
    "write_quotation_xlsx",
]

MAX_VALIDITY_DAYS = 365
"""The longest validity a quotation may state, in calendar days."""

STALE_RATE_DAYS = 7
"""A reference rate older than this (calendar days before the quotation date) gets a warning."""

_SHEETS: dict[str, Text] = {
    "quotation": {"id": "penawaran", "en": "quotation"},
    "buildup": {"id": "rincian harga", "en": "price build-up"},
    "schedule": {"id": "rencana kirim", "en": "delivery plan"},
}

# The participant-facing names of the quotation's fields, in the order the documents list them.
_FIELDS: dict[str, Text] = {
    "number": {"id": "Nomor penawaran", "en": "Quotation number"},
    "date": {"id": "Tanggal", "en": "Date"},
    "valid_until": {"id": "Berlaku sampai", "en": "Valid until"},
    "seller": {"id": "Penjual", "en": "Seller"},
    "buyer": {"id": "Pembeli", "en": "Buyer"},
    "product": {"id": "Produk", "en": "Product"},
    "hs_code": {"id": "Kode HS", "en": "HS code"},
    "origin": {"id": "Negara asal barang", "en": "Country of origin"},
    "quantity": {"id": "Jumlah", "en": "Quantity"},
    "unit": {"id": "Satuan", "en": "Unit"},
    "tolerance": {"id": "Toleransi jumlah", "en": "Quantity tolerance"},
    "currency": {"id": "Mata uang", "en": "Currency"},
    "unit_price": {"id": "Harga satuan", "en": "Unit price"},
    "total": {"id": "Total", "en": "Total"},
    "incoterm": {"id": "Incoterms", "en": "Incoterms"},
    "port_of_loading": {"id": "Pelabuhan muat", "en": "Port of loading"},
    "port_of_discharge": {"id": "Pelabuhan bongkar", "en": "Port of discharge"},
    "partial": {"id": "Pengiriman bertahap / transhipment", "en": "Partial shipment / transhipment"},
    "packing": {"id": "Kemasan", "en": "Packing"},
    "specification": {"id": "Spesifikasi dan pemeriksaan", "en": "Specification and inspection"},
    "payment": {"id": "Pembayaran", "en": "Payment"},
    "deposit": {"id": "Uang muka", "en": "Deposit"},
    "bank": {"id": "Rekening penerima", "en": "Beneficiary's bank"},
    "delivery": {"id": "Siap kirim (gate-in pelabuhan)", "en": "Ready for shipment (port gate-in)"},
    "shipment": {"id": "Perkiraan pengapalan", "en": "Estimated shipment"},
    "lead_time": {"id": "Waktu pengerjaan", "en": "Lead time"},
    "confirm_by": {"id": "Uang muka / L/C / pesanan diterima paling lambat", "en": "Deposit / L/C / order received by"},
    # The seller's own rows: in the spreadsheet, never in the buyer's PDF.
    "fx_rate": {"id": "Kurs acuan (Rupiah per unit)", "en": "Reference rate (Rupiah per unit)"},
    "buying_rate": {"id": "Kurs beli bank (Rupiah per unit)", "en": "Bank's buying rate (Rupiah per unit)"},
    "fx_date": {"id": "Tanggal kurs", "en": "Rate date"},
    "fx_source": {"id": "Sumber kurs", "en": "Rate source"},
    "fx_buffer": {"id": "Cadangan kurs (FX buffer)", "en": "FX buffer"},
    "latest_start": {"id": "Mulai paling lambat", "en": "Latest start"},
    "buffer": {"id": "Cadangan waktu (hari kerja)", "en": "Time buffer (working days)"},
}

_STEPS: dict[str, Text] = {
    "hpp": {"id": "HPP (harga pokok produksi)", "en": "HPP (cost of production)"},
    "margin": {"id": "Laba (margin)", "en": "Profit (margin)"},
    "before_insurance": {"id": "Sebelum asuransi", "en": "Before insurance"},
    "bank_fees": {"id": "Biaya bank (gross-up)", "en": "Bank charges (grossed up)"},
    "turnover_tax": {"id": "PPh final atas omzet (gross-up)", "en": "Final tax on turnover (grossed up)"},
    "spread": {"id": "Selisih kurs beli bank", "en": "Bank's buying-rate spread"},
    "fx_buffer": {"id": "Cadangan kurs (FX buffer)", "en": "FX buffer"},
    "insurance": {"id": "Asuransi (110% harga penawaran)", "en": "Insurance (110% of the quoted price)"},
    "rounding": {"id": "Pembulatan harga satuan", "en": "Unit price rounding"},
    "quoted": {"id": "Harga penawaran", "en": "Quoted price"},
}

_COLUMNS: dict[str, Text] = {
    "field": {"id": "Keterangan", "en": "Item"},
    "value": {"id": "Isi", "en": "Value"},
    "step": {"id": "Langkah", "en": "Step"},
    "amount_idr": {"id": "Jumlah (Rp)", "en": "Amount (IDR)"},
    "cumulative_idr": {"id": "Kumulatif (Rp)", "en": "Cumulative (IDR)"},
    "per_unit_idr": {"id": "Per unit (Rp)", "en": "Per unit (IDR)"},
    "amount_quoted": {"id": "Jumlah ({currency})", "en": "Amount ({currency})"},
    "task": {"id": "Tugas", "en": "Task"},
    "start": {"id": "Mulai", "en": "Start"},
    "end": {"id": "Selesai", "en": "End"},
    "working_days": {"id": "Hari kerja", "en": "Working days"},
    "no": {"id": "No.", "en": "No."},
    "amount": {"id": "Jumlah harga", "en": "Amount"},
    "milestone": {"id": "Tahap", "en": "Milestone"},
    "when": {"id": "Tanggal", "en": "Date"},
}

_OWN_RATE: Text = {"id": "kurs yang Anda masukkan", "en": "the rate you entered"}
_REFERENCE_SOURCE: Text = {
    "id": "kurs acuan contoh kelas (bentuk JISDOR/kurs tengah BI)",
    "en": "the class's sample reference rate (shaped like JISDOR / BI middle rate)",
}

# Places a C or D rule should not be named after: they are the seller's side of the trip.
_ORIGIN_PLACES = (
    "tanjung priok",
    "jakarta",
    "serang",
    "cilegon",
    "ciwandan",
    "merak",
    "banten",
    "soekarno",
    "cgk",
    "indonesia",
)
# Words that name a port, a terminal or a forwarder's warehouse: FCA there is FCA at a terminal.
_TERMINAL_WORDS = (
    "priok",
    "pelabuhan",
    "port",
    "terminal",
    "container yard",
    "cy",
    "cfs",
    "depo",
    "depot",
    "bandara",
    "airport",
    "cgk",
    "soekarno",
    "ciwandan",
)

_NAME_RULE: Text = {"id": "harus berupa teks yang tidak kosong", "en": "it must be non-empty text"}


# --------------------------------------------------------------------------------------------
# The quotation's parts


def _words(text: str | Mapping[str, str]) -> str:
    """A field that may be written in both languages, in the active one."""
    if isinstance(text, Mapping):
        return text.get(get_language()) or text.get("id") or text.get("en") or ""
    return text


class _Fields:
    """Read a frozen record's fields by key too: ``q["total"]`` is ``q.total``."""

    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str) or key.startswith("_") or not hasattr(self, key):
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self) -> list[str]:
        return [f.name for f in dataclasses.fields(self)]


@dataclasses.dataclass(frozen=True)
class Party(_Fields):
    """A seller or a buyer. ``country`` may be one word or ``{"id": ..., "en": ...}``.

    >>> Party("BUMDes Maju Jaya", country={"id": "Jepang", "en": "Japan"}).lines()
    ['BUMDes Maju Jaya', 'Jepang']
    """

    name: str
    address: str = ""
    country: str | Mapping[str, str] = ""
    contact: str = ""

    def lines(self) -> list[str]:
        """Name, address, country and contact, the filled ones, in the active language."""
        values = [self.name, self.address, _words(self.country), self.contact]
        return [value for value in values if value]


@dataclasses.dataclass(frozen=True)
class BankDetails(_Fields):
    """Where the buyer pays: the seller's bank, its SWIFT code, the account and the account's name.

    >>> BankDetails("Bank Rakyat Indonesia", "BRINIDJA", "0123-01-000123-30-1", "BUMDes Maju Jaya").text()
    'Bank Rakyat Indonesia, SWIFT BRINIDJA, a/c 0123-01-000123-30-1 (BUMDes Maju Jaya)'
    """

    bank: str
    swift: str
    account: str
    account_name: str
    address: str = ""

    def text(self) -> str:
        where = f", {self.address}" if self.address else ""
        return f"{self.bank}{where}, SWIFT {self.swift}, a/c {self.account} ({self.account_name})"


@dataclasses.dataclass(frozen=True)
class Packing(_Fields):
    """The order's packing: cartons, what each holds and measures, and the totals.

    >>> Packing.of(quantity=1200, units_per_carton=20, carton_cm=(60, 40, 40), gross_kg=8,
    ...            net_kg=6.5).cartons
    60
    """

    cartons: int
    units_per_carton: int
    carton_cm: tuple[float, float, float]
    gross_kg_per_carton: float
    net_kg_per_carton: float
    net_kg: float
    gross_kg: float
    cbm: float

    @classmethod
    def of(
        cls,
        *,
        quantity: int,
        units_per_carton: int,
        carton_cm: tuple[float, float, float],
        gross_kg: float,
        net_kg: float,
    ) -> Packing:
        """The packing of ``quantity`` units: ``gross_kg`` and ``net_kg`` are per carton."""
        units = int(check_number("packing['units_per_carton']", units_per_carton, minimum=1, integer=True))
        if not isinstance(carton_cm, (tuple, list)) or len(carton_cm) != 3:
            raise InputError(
                "packing['carton_cm']",
                carton_cm,
                {
                    "id": "tulis ukuran luar karton sebagai (panjang, lebar, tinggi) dalam cm, misalnya (60, 40, 40)",
                    "en": "write the carton's outside size as (length, width, height) in cm, such as (60, 40, 40)",
                },
            )
        cartons = -(-quantity // units)
        table = logistics.packing_list(
            [
                {
                    "item": "order",
                    "cartons": cartons,
                    "length_cm": carton_cm[0],
                    "width_cm": carton_cm[1],
                    "height_cm": carton_cm[2],
                    "gross_kg_per_carton": gross_kg,
                    "net_kg_per_carton": net_kg,
                    "units_per_carton": units,
                }
            ],
            total=False,
        ).iloc[0]
        return cls(
            cartons=int(cartons),
            units_per_carton=units,
            carton_cm=tuple(float(side) for side in carton_cm),
            gross_kg_per_carton=float(gross_kg),
            net_kg_per_carton=float(net_kg),
            net_kg=float(table["net_kg"]),
            gross_kg=float(table["gross_kg"]),
            cbm=float(table["cbm"]),
        )

    def text(self) -> str:
        """The packing in words, active language: cartons, size, weights and volume."""
        size = " × ".join(format_number(side, decimals=0) for side in self.carton_cm)
        return tr(
            {
                "id": f"{format_number(self.cartons)} karton @ {self.units_per_carton} unit, {size} cm; "
                f"berat bersih {format_number(self.net_kg, 1)} kg, berat kotor "
                f"{format_number(self.gross_kg, 1)} kg, {format_number(self.cbm, 2)} CBM",
                "en": f"{format_number(self.cartons)} cartons of {self.units_per_carton} units, {size} cm; "
                f"net {format_number(self.net_kg, 1)} kg, gross {format_number(self.gross_kg, 1)} kg, "
                f"{format_number(self.cbm, 2)} CBM",
            }
        )


@dataclasses.dataclass(frozen=True)
class Quotation(_Fields):
    """One order's quotation: its parties, figures, terms and delivery plan (a frozen record).

    Read a field as an attribute (``q.total``) or by key (``q["total"]``). Amounts in Rupiah end
    in ``_idr``; ``unit_price`` and ``total`` are in ``currency``. The three tables are
    ``lines`` (the quotation's line), ``buildup`` (the price step by step, the seller's own) and
    ``schedule`` (the backward plan, the seller's own); ``days_off`` lists the holidays and
    closures inside the plan, for a Gantt.
    """

    number: str
    date: dt.date
    validity_days: int
    requested_validity_days: int
    valid_until: dt.date
    seller: Party
    buyer: Party
    bank: BankDetails | None
    product: str | Mapping[str, str]
    product_id: str | None
    hs_code: str
    origin: str | Mapping[str, str]
    quantity: int
    unit: str
    quantity_tolerance: float
    packing: Packing | None
    specification: str | Mapping[str, str]
    partial_shipment: bool
    transhipment: bool
    hpp: float
    margin: float
    exw_unit_idr: float
    incoterm: str
    named_place: str
    incoterm_text: str
    fca_at: str
    port_of_loading: str
    port_of_discharge: str
    insurance_rate: float
    costs: Mapping[str, float]
    price_idr: float
    currency: str
    idr_per_unit: float
    buying_rate: float
    rate_date: dt.date | None
    rate_source: str
    own_rate: bool
    fx_buffer: float
    bank_fee_share: float
    turnover_tax: float
    unit_price_exact: float
    unit_price: float
    total: float
    payment_term: str
    payment_text: str
    deposit_share: float
    balance_on: str
    oa_days: int
    deposit: float
    deadline: dt.date | None
    etd: dt.date | None
    latest_start: dt.date | None
    confirm_by: dt.date | None
    lead_time_days: int
    buffer_days: int
    on_schedule: bool
    slug: str
    lines: pd.DataFrame = dataclasses.field(repr=False)
    buildup: pd.DataFrame = dataclasses.field(repr=False)
    schedule: pd.DataFrame = dataclasses.field(repr=False)
    days_off: pd.DataFrame = dataclasses.field(repr=False)
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Small helpers


def slug(text: str, default: str = "produk") -> str:
    """``text`` as a file-name part: lower-case ASCII letters, digits and hyphens.

    >>> slug("Tas Anyaman Pandan (M) — ekspor!")
    'tas-anyaman-pandan-m-ekspor'
    >>> slug("   ")
    'produk'
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return cleaned or default


def file_stem(quotation: Quotation | Mapping[str, Any]) -> str:
    """The file name, without extension, the course saves a quotation under: ``penawaran-<slug>``.

    >>> file_stem({"slug": "tas-anyaman"})
    'penawaran-tas-anyaman'
    """
    return f"penawaran-{quotation['slug']}"


def sheet_names() -> dict[str, str]:
    """The spreadsheet's sheet names in the active language: keys quotation, buildup, schedule.

    >>> sheet_names()["buildup"]
    'rincian harga'
    """
    return {key: tr(name) for key, name in _SHEETS.items()}


def catalogue() -> pd.DataFrame:
    """The course's example products (``toolkit/data/products.csv``) with their HS headings.

    Columns include ``product_id``, ``name_id``, ``name_en``, ``hs_heading``, ``hs_code_example``
    and ``unit``; every HS code there is an example to verify in BTKI/INSW.

    >>> "tas_pandan" in set(catalogue()["product_id"])
    True
    """
    table = data.load("products")
    table["hs_heading"] = table["hs_heading"].astype(str).str.zfill(4)
    return table


def catalogue_table() -> pd.DataFrame:
    """The course's example products as a participant reads them, in the active language.

    One row per product: its name, HS heading, example HS code and unit of sale, with column
    titles and unit names in the active language (``buah``, ``kaki persegi`` in Indonesian;
    the stored ids and units of ``products.csv`` are not shown).

    >>> table = catalogue_table()
    >>> list(table.columns)
    ['Produk', 'Pos HS', 'Contoh kode HS', 'Satuan']
    >>> table.set_index("Produk").loc["Kulit sapi wet blue", "Satuan"]
    'kaki persegi'
    """
    table = catalogue()
    english = get_language() == "en"
    columns = {
        "name_en" if english else "name_id": tr(_FIELDS["product"]),
        "hs_heading": tr({"id": "Pos HS", "en": "HS heading"}),
        "hs_code_example": tr({"id": "Contoh kode HS", "en": "Example HS code"}),
        "unit": tr(_FIELDS["unit"]),
    }
    shown = table[list(columns)].rename(columns=columns)
    shown[tr(_FIELDS["unit"])] = [unit_name(unit) for unit in table["unit"]]
    return shown.reset_index(drop=True)


def currencies() -> list[str]:
    """The currencies a quotation can be written in: IDR and those in ``toolkit/data/fx_rates.csv``.

    >>> currencies()[:3]
    ['IDR', 'USD', 'CNY']
    """
    listed = set(pricing.exchange_rates()["currency"])
    first = [code for code in ("USD", "CNY") if code in listed]
    return ["IDR", *first, *sorted(listed - set(first))]


def _text(argument: str, value: Any, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise InputError(argument, value, _NAME_RULE)
    return value.strip()


def _party(argument: str, value: Any) -> Party:
    """A seller or buyer: a name, a :class:`Party`, or a dict with ``name`` and optional address,
    country (one word or ``{"id": ..., "en": ...}``) and contact."""
    if isinstance(value, Party):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        raise InputError(
            argument,
            value,
            {
                "id": 'harus berupa nama, atau dict {"name": ..., "address": ..., "country": ..., '
                '"contact": ...}',
                "en": 'it must be a name, or a dict {"name": ..., "address": ..., "country": ..., '
                '"contact": ...}',
            },
        )
    known = ("name", "address", "country", "contact")
    for key in value:
        if key not in known:
            raise InputError(
                argument,
                key,
                {
                    "id": "kunci yang dikenal: " + ", ".join(known),
                    "en": "known keys: " + ", ".join(known),
                },
            )
    return Party(
        name=_text(f"{argument}['name']", value.get("name")),
        address=_text(f"{argument}['address']", value.get("address"), required=False),
        country=_bilingual(f"{argument}['country']", value.get("country"), required=False),
        contact=_text(f"{argument}['contact']", value.get("contact"), required=False),
    )


def _bilingual(argument: str, value: Any, *, required: bool = True) -> str | dict[str, str]:
    """Text, or the same text in both languages: ``{"id": ..., "en": ...}``."""
    if isinstance(value, Mapping):
        if set(value) != {"id", "en"}:
            raise InputError(
                argument,
                dict(value),
                {
                    "id": 'tulis teks, atau teks dalam dua bahasa: {"id": ..., "en": ...}',
                    "en": 'write text, or text in both languages: {"id": ..., "en": ...}',
                },
            )
        return {lang: _text(f"{argument}[{lang!r}]", value[lang]) for lang in ("id", "en")}
    return _text(argument, value, required=required)


def _hs_code(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and re.fullmatch(r"\d{4}([. ]?\d{2}){0,3}", text):
        return text
    raise InputError(
        "hs_code",
        value,
        {
            "id": 'tulis kode HS dengan 4 sampai 10 angka, misalnya "4602", "4602.19" atau '
            '"4602.19.00"',
            "en": 'write the HS code with 4 to 10 digits, such as "4602", "4602.19" or "4602.19.00"',
        },
    )


def _round_up(amount: float, currency: str) -> float:
    """``amount`` rounded up to the currency's smallest unit (float noise is not rounded up)."""
    digits = 0 if currency == "IDR" else get_currency_precision(currency)
    scale = 10**digits
    scaled = amount * scale
    nearest = round(scaled)
    whole = (
        nearest if math.isclose(scaled, nearest, rel_tol=1e-12, abs_tol=1e-9) else math.ceil(scaled)
    )
    return whole / scale


def payment_text(
    term: str, *, deposit_share: float = 0.3, balance_on: str = "before_shipment", oa_days: int = 30
) -> str:
    """A payment term as a quotation states it, in the active language.

    ``term`` is one of :data:`toolkit.payment.TERMS`; ``deposit_share``, ``balance_on`` and
    ``oa_days`` are those of :func:`toolkit.payment.cash_flows`.

    Examples
    --------
    >>> payment_text("TT", deposit_share=0.3)
    'T/T: uang muka 30% saat pesanan dikonfirmasi, pelunasan 70% sebelum pengapalan'
    >>> payment_text("OA", oa_days=45)
    'Open account: dibayar 45 hari setelah tanggal B/L'
    """
    term = payment.term_code(term, "payment_term")
    if term == "TT":
        share = check_fraction("deposit_share", deposit_share, allow_one=True)
        check_choice("balance_on", balance_on, payment.BALANCE_ON)
        if share == 1:
            return tr(
                {
                    "id": "T/T: 100% di muka sebelum produksi",
                    "en": "T/T: 100% in advance before production",
                }
            )
        deposit = format_percent(share, decimals=0)
        balance = format_percent(1 - share, decimals=0)
        when: Text = (
            {"id": "sebelum pengapalan", "en": "before shipment"}
            if balance_on == "before_shipment"
            else {"id": "terhadap salinan B/L", "en": "against a copy of the B/L"}
        )
        if share == 0:
            return tr({"id": f"T/T: 100% {when['id']}", "en": f"T/T: 100% {when['en']}"})
        return tr(
            {
                "id": f"T/T: uang muka {deposit} saat pesanan dikonfirmasi, pelunasan {balance} {when['id']}",
                "en": f"T/T: {deposit} deposit on order confirmation, {balance} balance {when['en']}",
            }
        )
    if term == "LC":
        return tr(
            {
                "id": "L/C tidak dapat dibatalkan, atas unjuk (irrevocable L/C at sight)",
                "en": "Irrevocable L/C at sight",
            }
        )
    if term == "DP":
        return tr(
            {
                "id": "D/P atas unjuk: dokumen diserahkan terhadap pembayaran melalui bank",
                "en": "D/P at sight: documents against payment through banks",
            }
        )
    days = int(check_number("oa_days", oa_days, minimum=0, maximum=365, integer=True))
    return tr(
        {
            "id": f"Open account: dibayar {days} hari setelah tanggal B/L",
            "en": f"Open account: paid {days} days after the B/L date",
        }
    )


# --------------------------------------------------------------------------------------------
# The quotation's data


def lead_time_text(term: str, days: int, *, deposit_share: float = 0.3) -> str:
    """The delivery promise counted from the event that lets production start, active language.

    Under T/T with a deposit the clock starts when the deposit arrives; under an L/C when a
    workable L/C (one the seller can comply with) arrives; otherwise at the written order.

    >>> lead_time_text("TT", 33)
    '33 hari kerja sejak uang muka kami terima'
    >>> lead_time_text("LC", 33)
    '33 hari kerja sejak L/C yang dapat kami penuhi (workable) kami terima'
    """
    term = payment.term_code(term, "payment_term")
    days = int(check_number("days", days, minimum=0, integer=True))
    if term == "TT" and deposit_share >= 1:
        event: Text = {"id": "pembayaran di muka kami terima", "en": "receipt of the advance payment"}
    elif term == "TT" and deposit_share > 0:
        event = {"id": "uang muka kami terima", "en": "receipt of the deposit"}
    elif term == "LC":
        event = {
            "id": "L/C yang dapat kami penuhi (workable) kami terima",
            "en": "receipt of a workable L/C",
        }
    else:
        event = {"id": "pesanan tertulis kami terima", "en": "receipt of the written order"}
    return tr(
        {
            "id": f"{days} hari kerja sejak {event['id']}",
            "en": f"{days} working days from {event['en']}",
        }
    )


def _fca_at(rule: str, place: str, given: str | None) -> str:
    if given is not None:
        return check_choice("fca_at", given, pricing.FCA_PLACES)
    if rule != "FCA":
        return "terminal"
    lowered = f" {place.lower()} "
    at_terminal = any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in _TERMINAL_WORDS)
    return "terminal" if at_terminal else "premises"


def _packing(value: Any, quantity: int) -> Packing | None:
    if value is None or isinstance(value, Packing):
        return value
    if not isinstance(value, Mapping):
        raise InputError(
            "packing",
            value,
            {
                "id": 'tulis kemasan sebagai dict: {"units_per_carton": 20, "carton_cm": (60, 40, 40), '
                '"gross_kg": 8, "net_kg": 6.5} (berat per karton)',
                "en": 'write the packing as a dict: {"units_per_carton": 20, "carton_cm": (60, 40, 40), '
                '"gross_kg": 8, "net_kg": 6.5} (weights per carton)',
            },
        )
    known = ("units_per_carton", "carton_cm", "gross_kg", "net_kg")
    missing = [key for key in known if key not in value]
    if missing or set(value) - set(known):
        raise InputError(
            "packing",
            dict(value),
            {
                "id": "kunci yang diperlukan: " + ", ".join(known),
                "en": "the keys needed: " + ", ".join(known),
            },
        )
    return Packing.of(quantity=quantity, **{key: value[key] for key in known})


def _bank(value: Any) -> BankDetails | None:
    if value is None or isinstance(value, BankDetails):
        return value
    known = ("bank", "swift", "account", "account_name", "address")
    if not isinstance(value, Mapping) or set(value) - set(known):
        raise InputError(
            "bank",
            value,
            {
                "id": 'tulis data bank sebagai dict: {"bank": ..., "swift": ..., "account": ..., '
                '"account_name": ...}',
                "en": 'write the bank details as a dict: {"bank": ..., "swift": ..., "account": ..., '
                '"account_name": ...}',
            },
        )
    return BankDetails(
        bank=_text("bank['bank']", value.get("bank")),
        swift=_text("bank['swift']", value.get("swift")),
        account=_text("bank['account']", value.get("account")),
        account_name=_text("bank['account_name']", value.get("account_name")),
        address=_text("bank['address']", value.get("address"), required=False),
    )


def _flag(argument: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise InputError(argument, value, {"id": "harus True atau False", "en": "it must be True or False"})


_DEFAULT_SPECIFICATION: Text = {
    "id": "Mutu sesuai contoh yang disetujui pembeli (approved sample); contoh pembanding disimpan "
    "penjual. Pemeriksaan sebelum pengapalan oleh pembeli atau wakilnya boleh, atas biaya pembeli.",
    "en": "Quality as the sample the buyer approved; the seller keeps a counter-sample. Pre-shipment "
    "inspection by the buyer or its agent is welcome, at the buyer's cost.",
}


def build_quotation(
    *,
    seller: str | Mapping[str, str] | Party,
    buyer: str | Mapping[str, str] | Party,
    product: str | Mapping[str, str],
    quantity: int,
    margin: float,
    product_id: str | None = None,
    hs_code: str | None = None,
    unit: str | None = None,
    hpp: float | None = None,
    materials: float | None = None,
    labour: float | None = None,
    overhead: float | None = None,
    production_units: float | None = None,
    reject_rate: float = 0.0,
    incoterm: str = "FOB",
    named_place: str = "Tanjung Priok",
    fca_at: str | None = None,
    costs: Mapping[str, float] | None = None,
    insurance_rate: float | None = None,
    currency: str = "USD",
    fx_buffer: float = 0.0,
    bank_fee_share: float = 0.0,
    turnover_tax: float = 0.0,
    fx_rate: float | None = None,
    fx_date: Any = None,
    payment_term: str = "TT",
    deposit_share: float = 0.3,
    balance_on: str = "before_shipment",
    oa_days: int = 30,
    bank: Mapping[str, str] | BankDetails | None = None,
    origin: str | Mapping[str, str] = "Indonesia",
    port_of_loading: str | None = None,
    port_of_discharge: str | None = None,
    packing: Mapping[str, Any] | Packing | None = None,
    quantity_tolerance: float = 0.05,
    partial_shipment: bool = False,
    transhipment: bool = True,
    specification: str | Mapping[str, str] | None = None,
    quotation_date: Any = None,
    validity_days: int = 30,
    number: str | None = None,
    tasks: Any = None,
    deadline: Any = None,
    etd: Any = None,
    workdays: Any = "Mon-Fri",
    closures: Any = (),
    buffer_days: int = 0,
    collective_leave: bool = False,
) -> Quotation:
    """The quotation for one order: its figures, its terms and a delivery promise its plan keeps.

    Parameters
    ----------
    seller, buyer
        A name, or a dict with ``name`` and optional ``address``, ``country`` (one word or
        ``{"id": ..., "en": ...}``) and ``contact``.
    product
        The product's name as the buyer will read it; ``{"id": ..., "en": ...}`` to have the
        English document in English.
    quantity
        Units ordered (a whole number of at least 1), in ``unit``.
    margin
        The margin on the EXW price (0.25 for 25 %): EXW = HPP / (1 − margin).
    product_id
        A ``product_id`` from :func:`catalogue`: its HS heading, unit and export duty are used
        unless ``hs_code`` or ``unit`` is given.
    hs_code
        The HS code to print (4 to 10 digits); verify it in BTKI/INSW.
    unit
        The unit of sale (default: the catalogue's unit, or pieces, as the active language
        writes it on a document: ``buah``/``pcs``, ``kg``, ``kaki persegi``/``sq ft``).
    hpp
        HPP per good unit in Rupiah; or leave it out and give ``materials``, ``labour``,
        ``overhead``, ``production_units`` and ``reject_rate`` for
        :func:`toolkit.costing.unit_cost`.
    incoterm, named_place
        The Incoterms 2020 rule and its named place ("FCA Tanjung Priok").
    fca_at
        For FCA: ``"terminal"`` or ``"premises"`` (:data:`toolkit.pricing.FCA_PLACES`); by default
        read from the named place (a port, terminal, CFS, depot or airport is a terminal).
    costs
        The cost items of :data:`toolkit.incoterms.COST_ITEMS` for the *whole order*, in Rupiah;
        the rule decides which ones the price covers (:func:`toolkit.pricing.price_buildup`).
    insurance_rate
        The premium rate of the cover the rule calls for; default
        :func:`toolkit.pricing.default_insurance_rate` (ICC C for CIF, ICC A for CIP and the D
        rules, none for the others). The premium is on 110 % of the quoted price itself.
    currency
        The quotation's currency: IDR or one in ``toolkit/data/fx_rates.csv`` (USD, CNY, ...).
    fx_buffer, bank_fee_share, turnover_tax
        The FX buffer, the bank charges and the final tax on turnover (0.005 under PP 55/2022)
        as shares of the price. Foreign currency is converted at the bank's buying rate
        (:func:`toolkit.pricing.buying_rate`).
    fx_rate, fx_date
        Your own reference rate (Rupiah per unit of ``currency``) and its date (default: the
        quotation date); without it, the latest reference rate on or before the quotation date.
    payment_term, deposit_share, balance_on, oa_days
        See :func:`payment_text`.
    bank
        Where the buyer pays: ``{"bank": ..., "swift": ..., "account": ..., "account_name": ...}``.
    origin, port_of_loading, port_of_discharge
        The goods' country of origin and the ports (defaults: Indonesia; Tanjung Priok, or the
        named place under FAS/FOB; the named place under the C and D rules).
    packing
        ``{"units_per_carton": ..., "carton_cm": (L, W, H), "gross_kg": ..., "net_kg": ...}``
        (weights per carton): the cartons, weights and volume the buyer needs.
    quantity_tolerance, partial_shipment, transhipment, specification
        The quantity tolerance (0.05 for ±5 %), whether partial shipments and transhipment are
        allowed, and the quality terms (default: as the approved sample, inspection welcome).
    quotation_date, validity_days
        The quotation's date (default: today) and how long it should stay valid; it is valid at
        the latest until the plan's latest start.
    number
        The quotation's number (default ``Q-<date>-<slug>``).
    tasks, deadline, etd, workdays, closures, buffer_days, collective_leave
        The delivery plan: ``(name, working_days)`` tasks planned backwards from ``deadline`` (the
        day the goods gate in at the port, ready for shipment) by
        :func:`toolkit.planning.backward_schedule`, over Indonesian holidays, with the buffer
        before the last task; ``etd`` is the vessel's departure if booked. Both or neither of
        ``tasks`` and ``deadline``; a plan that would have to start before the quotation's date
        is an error.

    Returns
    -------
    Quotation

    Examples
    --------
    >>> q = build_quotation(seller="BUMDes Maju Jaya", buyer="Buyer Ltd", product="Kopi robusta",
    ...                     quantity=1000, hpp=60_000, margin=0.2, incoterm="EXW", named_place="Serang",
    ...                     currency="IDR", quotation_date="2026-11-16")
    >>> q.unit_price, q.total, q.schedule.empty
    (75000.0, 75000000.0, True)
    """
    seller_info = _party("seller", seller)
    buyer_info = _party("buyer", buyer)
    product_name = _bilingual("product", product)
    quantity = int(check_number("quantity", quantity, minimum=1, integer=True))
    place = _text("named_place", named_place)
    today = planning.to_date(
        "quotation_date", dt.date.today() if quotation_date is None else quotation_date
    )
    requested = int(
        check_number(
            "validity_days", validity_days, minimum=1, maximum=MAX_VALIDITY_DAYS, integer=True
        )
    )

    # Product and HS code
    listed = None
    if product_id is not None:
        table = catalogue()
        ids = table["product_id"].tolist()
        if product_id not in ids:
            check_choice("product_id", product_id, ids)
        listed = table.set_index("product_id").loc[product_id]
    code = (
        _hs_code(hs_code)
        if hs_code not in (None, "")
        else (listed["hs_heading"] if listed is not None else "")
    )
    if unit is None:
        unit = unit_name(listed["unit"] if listed is not None else "piece", short=True)
    unit = _text("unit", unit)

    # HPP and EXW
    if hpp is None:
        given = {
            "materials": materials,
            "labour": labour,
            "overhead": overhead,
            "production_units": production_units,
        }
        missing = [name for name, value in given.items() if value is None]
        if missing:
            raise InputError(
                "hpp",
                None,
                {
                    "id": "isi hpp (HPP per unit), atau materials, labour, overhead dan production_units; "
                    "yang belum ada: " + ", ".join(missing),
                    "en": "give hpp (HPP per unit), or materials, labour, overhead and production_units; "
                    "missing: " + ", ".join(missing),
                },
            )
        hpp = costing.unit_cost(
            materials=materials,
            labour=labour,
            overhead=overhead,
            units=production_units,
            reject_rate=reject_rate,
        )
    else:
        hpp = check_number("hpp", hpp, minimum=0, strict=True)
    exw_unit = pricing.price_from_margin(hpp, margin)

    # The rule's price in Rupiah (premium on itself), and the seller's costs before insurance
    if isinstance(incoterm, str) and incoterm.strip().upper() in incoterms.RULES:
        rule = incoterm.strip().upper()
    else:
        rule = check_choice("incoterm", incoterm, incoterms.RULES)
    fca = _fca_at(rule, place, fca_at)
    rate = pricing.default_insurance_rate(rule) if insurance_rate is None else insurance_rate
    steps = pricing.price_buildup(exw_unit * quantity, rule, costs, rate, fca_at=fca)
    price_idr = float(steps["cumulative"].iloc[-1])
    insured = "insurance" in set(steps["step"])
    before_insurance = float(
        steps.loc[~steps["step"].isin(["insurance", "total"]), "amount"].sum()
    )

    # The currency: the reference rate, the bank's buying rate, the FX buffer
    check_choice("currency", currency, currencies())
    foreign = currency != "IDR"
    if fx_rate is None or not foreign:  # a Rupiah quotation needs no rate
        rates = None
        on = today
    else:
        rate_day = today if fx_date is None else planning.to_date("fx_date", fx_date)
        rates = pd.DataFrame(
            {
                "date": [rate_day],
                "currency": [currency],
                "idr_per_unit": [check_number("fx_rate", fx_rate, minimum=0, strict=True)],
                "source": [tr(_OWN_RATE)],
            }
        )
        on = None
    reference = pricing.reference_rate(currency, on, rates)
    idr_per_unit = float(reference["idr_per_unit"])
    spread = pricing.default_spread() if foreign else 0.0
    buffer = check_fraction("fx_buffer", fx_buffer) if foreign else 0.0
    fee = check_fraction("bank_fee_share", bank_fee_share)
    tax = check_fraction("turnover_tax", turnover_tax)
    cover_rate = 1.10 * rate if insured else 0.0
    keeps = (1 - spread) * (1 - buffer) * (1 - fee - tax) - cover_rate
    if fee + tax >= 1 or keeps <= 0:
        raise InputError(
            "bank_fee_share",
            bank_fee_share,
            {
                "id": "biaya bank, pajak, cadangan kurs dan premi bersama-sama memakan seluruh harga; "
                "periksa angkanya (tulis 1% sebagai 0.01)",
                "en": "the bank charges, tax, FX buffer and premium together take the whole price; "
                "check the figures (write 1% as 0.01)",
            },
        )
    quoted_exact_idr = before_insurance / keeps  # at the reference rate
    total_exact = quoted_exact_idr / idr_per_unit
    unit_price_exact = total_exact / quantity
    unit_price = _round_up(unit_price_exact, currency)
    total = unit_price * quantity

    # Payment
    term_text = payment_text(
        payment_term, deposit_share=deposit_share, balance_on=balance_on, oa_days=oa_days
    )
    term = payment.term_code(payment_term, "payment_term")
    deposit = total * deposit_share if term == "TT" else 0.0

    # Delivery plan and validity
    if (tasks is None) != (deadline is None):
        missing_name = "deadline" if deadline is None else "tasks"
        raise InputError(
            missing_name,
            None,
            {
                "id": "isi tasks dan deadline bersama-sama (atau keduanya dikosongkan)",
                "en": "give tasks and deadline together (or neither)",
            },
        )
    calendar = {"workdays": workdays, "closures": closures, "collective_leave": collective_leave}
    if tasks is None:
        schedule = pd.DataFrame(columns=["task", "start", "end", "working_days"])
        days_off = pd.DataFrame(columns=["date", "reason"])
        due = latest_start = confirm_by = None
        lead_time = 0
        valid_until = today + dt.timedelta(days=requested)
    else:
        schedule = planning.backward_schedule(
            deadline, tasks, holidays="ID", buffer_days=buffer_days, port_tasks=1, **calendar
        )
        due = planning.to_date("deadline", deadline)
        latest_start = schedule["start"].iloc[0]
        lead_time = int(schedule["working_days"].sum())
        if latest_start < today:
            first = planning.add_working_days(today, 0, holidays="ID", **calendar)
            earliest = planning.add_working_days(first, lead_time - 1, holidays="ID", **calendar)
            raise InputError(
                "deadline",
                deadline,
                {
                    "id": f"rencana kirim harus mulai {format_date(latest_start, 'long')}, sebelum tanggal penawaran "
                    f"{format_date(today, 'long')}: janji itu tidak bisa ditepati. Undurkan tanggal siap kirim "
                    f"(paling cepat {format_date(earliest, 'long')}) atau perpendek tugasnya",
                    "en": f"the delivery plan would have to start on {format_date(latest_start, 'long')}, before the "
                    f"quotation's date {format_date(today, 'long')}: a promise it cannot keep. Move the ready date "
                    f"later (at the earliest {format_date(earliest, 'long')}) or shorten the tasks",
                },
            )
        confirm_by = latest_start
        valid_until = min(today + dt.timedelta(days=requested), confirm_by)
        days_off = planning.non_working_days(latest_start, due, holidays="ID", **calendar)
    shipment_day = None if etd is None else planning.to_date("etd", etd)
    if shipment_day is not None and due is not None and shipment_day <= due:
        raise InputError(
            "etd",
            etd,
            {
                "id": f"kapal berangkat (ETD) harus sesudah tanggal siap kirim {format_date(due, 'long')}",
                "en": f"the vessel's departure (ETD) must be after the ready date {format_date(due, 'long')}",
            },
        )

    # Ports and terms
    group = incoterms.rule_info(rule)["group"]
    if port_of_loading is None:
        if group == "E" or (rule == "FCA" and fca == "premises"):
            port_of_loading = ""
        elif rule in ("FAS", "FOB"):
            port_of_loading = place
        else:
            port_of_loading = "Tanjung Priok, Jakarta"
    if port_of_discharge is None:
        port_of_discharge = place if group in ("C", "D") else ""
    tolerance = check_fraction("quantity_tolerance", quantity_tolerance)
    if tolerance > 0.1:
        raise InputError(
            "quantity_tolerance",
            quantity_tolerance,
            {
                "id": "toleransi jumlah biasanya paling banyak 10% (tulis 5% sebagai 0.05)",
                "en": "a quantity tolerance is usually at most 10% (write 5% as 0.05)",
            },
        )
    slug_text = slug(_words(product_name) if isinstance(product_name, str) else product_name["id"])
    lines = pd.DataFrame(
        [
            {
                "no": 1,
                "product": _words(product_name),
                "hs_code": code,
                "quantity": quantity,
                "unit": unit,
                "currency": currency,
                "unit_price": unit_price,
                "amount": total,
            }
        ]
    )
    fields = dict(
        number=_text("number", number) if number is not None else f"Q-{today:%Y%m%d}-{slug_text}",
        date=today,
        validity_days=(valid_until - today).days,
        requested_validity_days=requested,
        valid_until=valid_until,
        seller=seller_info,
        buyer=buyer_info,
        bank=_bank(bank),
        product=product_name,
        product_id=product_id,
        hs_code=code,
        origin=_bilingual("origin", origin),
        quantity=quantity,
        unit=unit,
        quantity_tolerance=tolerance,
        packing=_packing(packing, quantity),
        specification=_DEFAULT_SPECIFICATION
        if specification is None
        else _bilingual("specification", specification),
        partial_shipment=_flag("partial_shipment", partial_shipment),
        transhipment=_flag("transhipment", transhipment),
        hpp=float(hpp),
        margin=float(margin),
        exw_unit_idr=exw_unit,
        incoterm=rule,
        named_place=place,
        incoterm_text=f"{rule} {place}, Incoterms 2020",
        fca_at=fca,
        port_of_loading=_text("port_of_loading", port_of_loading, required=False),
        port_of_discharge=_text("port_of_discharge", port_of_discharge, required=False),
        insurance_rate=float(rate) if insured else 0.0,
        costs=dict(costs or {}),
        price_idr=price_idr,
        currency=currency,
        idr_per_unit=idr_per_unit,
        buying_rate=idr_per_unit * (1 - spread),
        rate_date=reference["date"] if foreign else None,
        rate_source=reference["source"] if foreign else "",
        own_rate=fx_rate is not None and foreign,
        fx_buffer=buffer,
        bank_fee_share=fee,
        turnover_tax=tax,
        unit_price_exact=unit_price_exact,
        unit_price=unit_price,
        total=total,
        payment_term=term,
        payment_text=term_text,
        deposit_share=float(deposit_share) if term == "TT" else 0.0,
        balance_on=balance_on,
        oa_days=oa_days,
        deposit=deposit,
        deadline=due,
        etd=shipment_day,
        latest_start=latest_start,
        confirm_by=confirm_by,
        lead_time_days=lead_time,
        buffer_days=int(buffer_days) if tasks is not None else 0,
        on_schedule=True,
        slug=slug_text,
        lines=lines,
        schedule=schedule,
        days_off=days_off,
    )
    fields["buildup"] = _buildup(
        steps,
        fields,
        quoted_exact_idr,
        spread=spread,
        cover_rate=cover_rate,
        before_insurance=before_insurance,
    )
    fields["warnings"] = tuple(_warnings(fields, listed))
    return Quotation(**fields)


def _buildup(
    steps: pd.DataFrame,
    q: Mapping[str, Any],
    quoted_exact_idr: float,
    *,
    spread: float,
    cover_rate: float,
    before_insurance: float,
) -> pd.DataFrame:
    """The price from HPP to the quoted total, in Rupiah (at the reference rate) and in the currency.

    One row per step: ``step``, ``label``, ``kind`` (``"add"`` for an amount added, ``"subtotal"``
    for the price reached: EXW, the seller's costs to the named place, the quoted price),
    ``amount_idr`` (for the whole order), ``cumulative_idr`` (the price so far), ``per_unit_idr`` and
    ``amount_quoted`` (``amount_idr`` at the quotation's reference rate, in its currency).

    With Q the quoted price before rounding, the bank keeps its fees and the tax office the final
    tax on what is left after the spread and the FX buffer, and the insurer its premium on 110 %
    of Q: Q × (1 − spread) × (1 − buffer) × (1 − fees − tax) − 1.1 × rate × Q = the costs to the
    named place, which is how Q is found, and why the rows add up to Q.
    """
    quantity, rate = q["quantity"], q["idr_per_unit"]
    hpp_total = q["hpp"] * quantity
    exw_total = q["exw_unit_idr"] * quantity
    quoted = q["total"] * rate
    after_buffer = quoted_exact_idr * (1 - q["fx_buffer"])
    received = after_buffer * (1 - spread)
    rows = [
        ("hpp", "add", hpp_total, hpp_total),
        ("margin", "add", exw_total - hpp_total, exw_total),
        ("exw", "subtotal", exw_total, exw_total),
    ]
    added = steps[~steps["step"].isin(["exw", "insurance", "total"])]
    for step, amount, cumulative in zip(added["step"], added["amount"], added["cumulative"]):
        rows.append((step, "add", float(amount), float(cumulative)))
    rows.append(("total", "subtotal", before_insurance, before_insurance))
    running = before_insurance
    for step, amount in (
        ("bank_fees", received * q["bank_fee_share"]),
        ("turnover_tax", received * q["turnover_tax"]),
        ("spread", after_buffer * spread),
        ("fx_buffer", quoted_exact_idr * q["fx_buffer"]),
        ("insurance", quoted_exact_idr * cover_rate),
        ("rounding", quoted - quoted_exact_idr),
    ):
        if step in ("insurance",) and not cover_rate:
            continue
        if step in ("spread", "fx_buffer", "turnover_tax") and not amount:
            continue
        running += amount
        rows.append((step, "add", amount, running))
    rows.append(("quoted", "subtotal", quoted, quoted))
    table = pd.DataFrame(rows, columns=["step", "kind", "amount_idr", "cumulative_idr"])
    table["per_unit_idr"] = table["amount_idr"] / quantity
    table["amount_quoted"] = table["amount_idr"] / rate
    table.insert(
        1,
        "label",
        [_step_label(step, q["incoterm"], q["currency"], cover_rate > 0) for step in table["step"]],
    )
    return table


def _step_label(step: str, rule: str, currency: str, insured: bool = False) -> str:
    if step == "total":
        if insured:
            return tr(
                {
                    "id": f"Biaya sampai {rule}, sebelum asuransi (Rupiah)",
                    "en": f"Costs to {rule}, before insurance (Rupiah)",
                }
            )
        return tr({"id": f"Harga {rule} (Rupiah)", "en": f"{rule} price (Rupiah)"})
    if step == "quoted":
        return tr({"id": f"Harga penawaran ({currency})", "en": f"Quoted price ({currency})"})
    if step in _STEPS:
        return tr(_STEPS[step])
    return tr(incoterms.ITEM_LABELS[step])


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@functools.cache
def _printable() -> frozenset[int]:
    """The characters the PDF's font (DejaVu Sans) can draw."""
    from fontTools.ttLib import TTFont

    with TTFont(_font_dir() / "DejaVuSans.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


def _all_words(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [str(v) for v in value.values()]
    return [str(value)] if value else []


def _unprintable(q: Mapping[str, Any]) -> str:
    """The characters of the quotation's own words that the PDF cannot draw (e.g. Chinese)."""
    words = [*_all_words(q["product"]), q["named_place"], q["unit"], *_all_words(q["origin"])]
    for party in (q["seller"], q["buyer"]):
        words += [party.name, party.address, *_all_words(party.country), party.contact]
    words += [q["port_of_loading"], q["port_of_discharge"], *_all_words(q["specification"])]
    if q["bank"] is not None:
        words.append(q["bank"].text())
    printable = _printable()
    missing = dict.fromkeys(
        ch for ch in "".join(words) if not ch.isspace() and ord(ch) not in printable
    )
    return "".join(missing)


def _warnings(q: Mapping[str, Any], listed: pd.Series | None) -> list[str]:
    """What the participant should look at before sending the quotation, active language."""
    out: list[str] = []
    missing = _unprintable(q)
    if missing:
        out.append(
            tr(
                {
                    "id": f"Huruf {missing[:10]} tidak bisa tampil di PDF: tulis nama dan alamat dengan huruf Latin.",
                    "en": f"The characters {missing[:10]} cannot be shown in the PDF: write names and addresses in Latin letters.",
                }
            )
        )
    if q["confirm_by"] is not None and q["validity_days"] < q["requested_validity_days"]:
        out.append(
            tr(
                {
                    "id": f"Masa berlaku dipendekkan dari {q['requested_validity_days']} menjadi "
                    f"{q['validity_days']} hari: produksi harus mulai {format_date(q['latest_start'], 'long')} "
                    f"agar barang siap {format_date(q['deadline'], 'long')}. Bila pembeli menerima sesudah itu, berlaku waktu pengerjaan "
                    f"{q['lead_time_days']} hari kerja sejak uang muka/L/C/pesanan diterima.",
                    "en": f"Validity shortened from {q['requested_validity_days']} to {q['validity_days']} days: "
                    f"production must start on {format_date(q['latest_start'], 'long')} for the goods to be "
                    f"ready on {format_date(q['deadline'], 'long')}. A later acceptance gets the lead time of {q['lead_time_days']} "
                    "working days from the deposit, L/C or order.",
                }
            )
        )
    if q["currency"] != "IDR":
        age = (q["date"] - q["rate_date"]).days
        if age > STALE_RATE_DAYS:
            out.append(
                tr(
                    {
                        "id": f"Kurs acuan berumur {age} hari: pakai kurs hari ini (JISDOR/kurs tengah BI).",
                        "en": f"The reference rate is {age} days old: use today's rate (JISDOR / BI middle rate).",
                    }
                )
            )
    covered = incoterms.seller_items(q["incoterm"])
    if q["fca_at"] == "premises":
        covered = [item for item in covered if item != "inland_transport"]
        out.append(
            tr(
                {
                    "id": f"FCA {q['named_place']} dibaca sebagai FCA di tempat Anda: pengangkut pembeli menjemput "
                    "barang di sana, Anda memuatnya ke truk pembeli; angkutan ke pelabuhan ditanggung pembeli "
                    "dan tidak masuk harga.",
                    "en": f"FCA {q['named_place']} is read as FCA at your premises: the buyer's carrier collects the "
                    "goods there and you load them onto its truck; the trucking to the port is the buyer's and "
                    "not in the price.",
                }
            )
        )
    empty = [
        tr(incoterms.ITEM_LABELS[item])
        for item in covered
        if item != "export_duty" and not q["costs"].get(item)
    ]
    if empty:
        out.append(
            tr(
                {
                    "id": f"Harga {q['incoterm']} menanggung biaya ini, tetapi isinya 0: "
                    + "; ".join(empty)
                    + ". Isi biayanya bila memang ada.",
                    "en": f"The {q['incoterm']} price covers these costs, but they are 0: "
                    + "; ".join(empty)
                    + ". Fill them in if they apply.",
                }
            )
        )
    if "export_duty" in covered and not q["costs"].get("export_duty"):
        duty = pricing.export_duty_rate(q["product_id"]) if listed is not None else 0.0
        if listed is None:
            out.append(
                tr(
                    {
                        "id": "Periksa apakah produk Anda kena bea keluar (PMK 38/2024 sebagaimana diubah PMK "
                        "68/2025) dengan kode HS-nya, dan isi biayanya bila ada.",
                        "en": "Check whether your product carries export duty (PMK 38/2024 as amended by PMK "
                        "68/2025) under its HS code, and fill it in if it does.",
                    }
                )
            )
        elif duty is None:
            out.append(
                tr(
                    {
                        "id": "Tarif bea keluar produk ini belum pasti: periksa pos 8 digit di Lampiran A PMK "
                        "38/2024 sebagaimana diubah PMK 68/2025 ke Bea Cukai atau PPJK sebelum mengirim penawaran.",
                        "en": "This product's export duty rate is not settled: check the 8-digit line in Lampiran A "
                        "of PMK 38/2024 as amended by PMK 68/2025 with Customs or a broker before sending.",
                    }
                )
            )
        elif duty > 0:
            out.append(
                tr(
                    {
                        "id": f"Produk ini kena bea keluar {format_percent(duty, decimals=0)} atas harga patokan "
                        "ekspor (HPE) dikali jumlah dan kurs pabean (verifikasi), dibayar sebelum PEB: isi biaya "
                        "bea keluar.",
                        "en": f"This product carries {format_percent(duty, decimals=0)} export duty on the export "
                        "reference price (HPE) times the quantity and the customs rate (verify), paid before the "
                        "PEB: fill in the export duty.",
                    }
                )
            )
    group = incoterms.rule_info(q["incoterm"])["group"]
    if group in ("C", "D") and any(place in q["named_place"].lower() for place in _ORIGIN_PLACES):
        out.append(
            tr(
                {
                    "id": f"Aturan {q['incoterm']} menyebut tempat di negara tujuan (mis. {q['incoterm']} Tokyo), "
                    f"bukan {q['named_place']}.",
                    "en": f"The {q['incoterm']} rule names a place in the buyer's country (e.g. "
                    f"{q['incoterm']} Tokyo), not {q['named_place']}.",
                }
            )
        )
    if q["incoterm"] == "DDP":
        out.append(
            tr(
                {
                    "id": "DDP: Anda menanggung bea masuk dan pajak impor pembeli; berisiko untuk ekspor pertama.",
                    "en": "DDP: you bear the buyer's import duties and taxes; risky for a first export.",
                }
            )
        )
    if q["bank"] is None:
        out.append(
            tr(
                {
                    "id": "Data bank belum diisi (nama bank, SWIFT, nomor dan nama rekening): pembeli "
                    "memerlukannya untuk membayar atau membuka L/C.",
                    "en": "No bank details yet (bank, SWIFT, account number and name): the buyer needs them to "
                    "pay or to open an L/C.",
                }
            )
        )
    if q["packing"] is None:
        out.append(
            tr(
                {
                    "id": "Kemasan belum diisi (isi per karton, ukuran dan berat karton): pembeli memerlukan "
                    "jumlah karton, berat dan CBM untuk izin impor, L/C dan ongkos kirim.",
                    "en": "No packing yet (units per carton, carton size and weight): the buyer needs the cartons, "
                    "weights and CBM for import permits, the L/C and the freight.",
                }
            )
        )
    if q["hs_code"]:
        out.append(
            tr(
                {
                    "id": f"Kode HS {q['hs_code']} adalah contoh: pastikan di BTKI/INSW.",
                    "en": f"HS code {q['hs_code']} is an example: confirm it in BTKI/INSW.",
                }
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# The documents


@contextlib.contextmanager
def _language(language: str | None) -> Iterator[None]:
    """Write in ``language`` (or the active one), then switch back."""
    before = get_language()
    if language is not None:
        _set_language(language)
    try:
        yield
    finally:
        _set_language(before)


def _money(q: Quotation, amount: float) -> str:
    return format_money(amount, q.currency)


def _fx_text(q: Quotation, rate: float) -> str:
    if q.currency == "IDR":
        return "—"
    shown = format_number(rate, decimals=2)
    return tr({"id": f"1 {q.currency} = Rp{shown}", "en": f"1 {q.currency} = IDR {shown}"})


def _localized(quotation: Quotation | Mapping[str, Any]) -> Quotation:
    """A copy of ``quotation`` whose words are in the active language (it may have changed)."""
    q = quotation if isinstance(quotation, Quotation) else Quotation(**dict(quotation))
    buildup = q.buildup.copy()
    insured = "insurance" in set(buildup["step"])
    buildup["label"] = [
        _step_label(step, q.incoterm, q.currency, insured) for step in buildup["step"]
    ]
    lines = q.lines.copy()
    lines["product"] = _words(q.product)
    source = q.rate_source
    if q.own_rate:
        source = tr(_OWN_RATE)
    elif q.currency != "IDR":
        source = tr(_REFERENCE_SOURCE)
    return dataclasses.replace(
        q,
        payment_text=payment_text(
            q.payment_term,
            deposit_share=q.deposit_share if q.payment_term == "TT" else 0.3,
            balance_on=q.balance_on,
            oa_days=q.oa_days,
        ),
        rate_source=source,
        buildup=buildup,
        lines=lines,
    )


def _tolerance_text(q: Quotation) -> str:
    if not q.quantity_tolerance:
        return tr({"id": "tanpa toleransi", "en": "none"})
    share = format_percent(q.quantity_tolerance, decimals=0)
    return tr(
        {
            "id": f"±{share} atas pilihan penjual, dibayar menurut jumlah yang dikirim",
            "en": f"±{share} at the seller's option, invoiced at the quantity shipped",
        }
    )


def _partial_text(q: Quotation) -> str:
    partial = (
        {"id": "pengiriman bertahap boleh", "en": "partial shipments allowed"}
        if q.partial_shipment
        else {"id": "pengiriman bertahap tidak boleh", "en": "partial shipments not allowed"}
    )
    tranship = (
        {"id": "transhipment boleh", "en": "transhipment allowed"}
        if q.transhipment
        else {"id": "transhipment tidak boleh", "en": "transhipment not allowed"}
    )
    return f"{tr(partial)}; {tr(tranship)}"


def _shipment_text(q: Quotation) -> str:
    if q.etd is not None:
        return tr(
            {
                "id": f"kapal berangkat (ETD) {format_date(q.etd, 'long')}",
                "en": f"vessel departure (ETD) {format_date(q.etd, 'long')}",
            }
        )
    return tr(
        {
            "id": "kapal pertama sesudah tanggal siap kirim; tanggalnya kami kabarkan setelah booking",
            "en": "the first vessel after the ready date; we confirm it once space is booked",
        }
    )


def _buyer_rows(q: Quotation) -> list[tuple[str, str, str]]:
    """The quotation as the buyer reads it: ``(key, label, text)``; none of the seller's workings."""
    nominated = tr({"id": "ditentukan pembeli", "en": "as the buyer nominates"})
    rows: list[tuple[str, str]] = [
        ("number", q.number),
        ("date", format_date(q.date, "long")),
        ("valid_until", format_date(q.valid_until, "long")),
        ("seller", ", ".join(q.seller.lines())),
        ("buyer", ", ".join(q.buyer.lines())),
        ("product", _words(q.product)),
        ("hs_code", q.hs_code or "—"),
        ("origin", _words(q.origin)),
        ("quantity", f"{format_number(q.quantity)} {q.unit}"),
        ("tolerance", _tolerance_text(q)),
        ("currency", q.currency),
        ("unit_price", _money(q, q.unit_price)),
        ("total", _money(q, q.total)),
        ("incoterm", q.incoterm_text),
        ("port_of_loading", q.port_of_loading or nominated),
        ("port_of_discharge", q.port_of_discharge or nominated),
        ("partial", _partial_text(q)),
        ("packing", q.packing.text() if q.packing is not None else "—"),
        ("specification", _words(q.specification)),
        ("payment", q.payment_text),
    ]
    if q.payment_term == "TT" and 0 < q.deposit_share < 1:
        rows.append(
            ("deposit", f"{format_percent(q.deposit_share, decimals=0)} = {_money(q, q.deposit)}")
        )
    rows.append(("bank", q.bank.text() if q.bank is not None else "—"))
    if q.deadline is not None:
        rows += [
            ("delivery", format_date(q.deadline, "long")),
            ("shipment", _shipment_text(q)),
            (
                "lead_time",
                lead_time_text(q.payment_term, q.lead_time_days, deposit_share=q.deposit_share),
            ),
            ("confirm_by", format_date(q.confirm_by, "long")),
        ]
    return [(key, tr(_FIELDS[key]), text) for key, text in rows]


def summary_rows(quotation: Quotation | Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """Every field of the quotation as ``(key, label, value)`` rows, labels in the active language.

    The buyer's rows (:func:`display_rows`) and the seller's own: the reference and buying rates,
    the FX buffer, the latest start and the time buffer. Values are numbers and dates where the
    field is one (for the spreadsheet), text otherwise.

    >>> q = build_quotation(seller="BUMDes Maju Jaya", buyer="Buyer Ltd", product="Gula aren",
    ...                     quantity=500, hpp=30_000, margin=0.2, currency="USD",
    ...                     quotation_date="2026-11-16", fx_buffer=0.03)
    >>> [key for key, _, _ in summary_rows(q)][-5:]
    ['fx_rate', 'buying_rate', 'fx_date', 'fx_source', 'fx_buffer']
    """
    q = _localized(quotation)
    values: dict[str, Any] = {
        "date": q.date,
        "valid_until": q.valid_until,
        "quantity": q.quantity,
        "unit_price": q.unit_price,
        "total": q.total,
        "delivery": q.deadline,
        "confirm_by": q.confirm_by,
    }
    rows = [(key, label, values.get(key, text)) for key, label, text in _buyer_rows(q)]
    if q.currency != "IDR":
        rows += [
            ("fx_rate", tr(_FIELDS["fx_rate"]), q.idr_per_unit),
            ("buying_rate", tr(_FIELDS["buying_rate"]), q.buying_rate),
            ("fx_date", tr(_FIELDS["fx_date"]), q.rate_date),
            ("fx_source", tr(_FIELDS["fx_source"]), q.rate_source or "—"),
            ("fx_buffer", tr(_FIELDS["fx_buffer"]), q.fx_buffer),
        ]
    if q.deadline is not None:
        rows += [
            ("latest_start", tr(_FIELDS["latest_start"]), q.latest_start),
            ("buffer", tr(_FIELDS["buffer"]), q.buffer_days),
        ]
    return rows


def display_rows(quotation: Quotation | Mapping[str, Any]) -> list[tuple[str, str]]:
    """The quotation as the buyer's PDF states it: ``(label, text)`` rows, active language.

    None of the seller's own workings: no HPP or margin, no FX buffer or reference rate, no
    latest start or time buffer (they are in the spreadsheet, :func:`summary_rows`).

    >>> q = build_quotation(seller="BUMDes Maju Jaya", buyer="Buyer Ltd", product="Gula aren",
    ...                     quantity=500, hpp=30_000, margin=0.2, currency="IDR",
    ...                     quotation_date="2026-11-16")
    >>> dict(display_rows(q))["Total"]
    'Rp18.750.000'
    >>> "Cadangan kurs (FX buffer)" in dict(display_rows(q))
    False
    """
    return [(label, text) for _, label, text in _buyer_rows(_localized(quotation))]


def _milestones(q: Quotation) -> list[tuple[str, str]]:
    """The delivery plan as the buyer sees it: when the order must be in, when goods are ready."""
    production = q.schedule["start"].iloc[0]
    return [
        (
            tr({"id": "Uang muka / L/C / pesanan kami terima", "en": "Deposit / L/C / order received"}),
            tr({"id": "paling lambat ", "en": "by "}) + format_date(q.confirm_by, "long"),
        ),
        (tr({"id": "Produksi dimulai", "en": "Production starts"}), format_date(production, "long")),
        (
            tr({"id": "Siap kirim, masuk pelabuhan (gate-in)", "en": "Ready, gated in at the port"}),
            format_date(q.deadline, "long"),
        ),
        (tr(_FIELDS["shipment"]), _shipment_text(q)),
    ]


_ROW_MM = 5.0
"""The height of a line in the PDF's tables (9.5 pt type): one A4 page holds a worked example's terms."""
_SIGNATURE_BLOCK_MM = 6 + 5 + 14 + 4 + 5
"""The PDF's signature block: space above, the closing, room to sign and stamp, the two lines under."""


def write_quotation_pdf(
    quotation: Quotation | Mapping[str, Any], path: str | Path, *, language: str | None = None
) -> Path:
    """Write ``quotation`` (from :func:`build_quotation`) as a pro-forma quotation for the buyer.

    Seller and buyer, the product line with HS code, quantity, unit price and total, the
    Incoterms 2020 rule and named place, origin and ports, tolerance and partial shipment,
    packing, specification, payment and the seller's bank, validity, and the delivery promise
    (the date the deposit, L/C or order must be in; the ready date; the lead time counted from
    the deposit). None of the seller's own workings: HPP, margin, FX buffer, reference rate and
    the schedule's buffer stay in the spreadsheet (:func:`write_quotation_xlsx`). Labels are in
    ``language`` (``"id"`` or ``"en"``; default the active language); a product name or country
    given in both languages is written in the document's. Returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> q = build_quotation(seller="BUMDes Maju Jaya", buyer="Buyer Ltd", product="Gula aren",
    ...                     quantity=500, hpp=30_000, margin=0.2, currency="IDR",
    ...                     quotation_date="2026-11-16")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_quotation_pdf(q, pathlib.Path(folder) / "penawaran.pdf")
    ...     out.read_bytes()[:5]
    b'%PDF-'
    """
    from fpdf import FPDF
    from fpdf.enums import MethodReturnValue, XPos, YPos

    path = Path(path)
    with _language(language):
        q = _localized(quotation)
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        fonts = _font_dir()
        pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
        pdf.set_title(f"{tr({'id': 'Penawaran', 'en': 'Quotation'})} {q.number}")
        pdf.set_author(q.seller.name)
        pdf.set_creator("Kelas Ekspor")
        pdf.add_page()
        width = pdf.epw

        def line(
            text: str, size: float = 10, style: str = "", align: str = "L", height: float = 5.5
        ) -> None:
            pdf.set_font("DejaVu", style, size)
            pdf.multi_cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

        # The letterhead is the seller's name; the address and contact are in the Seller box below.
        line(q.seller.name, 14, "B")
        pdf.ln(2)
        line(
            tr({"id": "PENAWARAN HARGA (PROFORMA)", "en": "QUOTATION (PRO FORMA)"}), 16, "B", "C", 8
        )
        pdf.ln(2)

        rows = {key: (label, text) for key, label, text in _buyer_rows(q)}
        pdf.set_font("DejaVu", "", 9.5)
        with pdf.table(
            col_widths=(35, 65),
            width=width * 0.6,
            align="LEFT",
            first_row_as_headings=False,
            borders_layout="NONE",
            line_height=_ROW_MM,
            text_align="LEFT",
        ) as table:
            for key in ("number", "date", "valid_until"):
                row = table.row()
                row.cell(rows[key][0])
                row.cell(rows[key][1])
        pdf.ln(3)

        with pdf.table(
            col_widths=(1, 1),
            first_row_as_headings=True,
            line_height=_ROW_MM,
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
        ) as table:
            row = table.row()
            row.cell(tr(_FIELDS["seller"]))
            row.cell(tr(_FIELDS["buyer"]))
            row = table.row()
            row.cell("\n".join(q.seller.lines()))
            row.cell("\n".join(q.buyer.lines()))
        pdf.ln(4)

        columns = [
            tr(_COLUMNS["no"]),
            tr(_FIELDS["product"]),
            tr(_FIELDS["hs_code"]),
            tr(_FIELDS["quantity"]),
            tr(_FIELDS["unit"]),
            tr(_FIELDS["unit_price"]) + f" ({q.currency})",
            tr(_COLUMNS["amount"]) + f" ({q.currency})",
        ]
        with pdf.table(
            col_widths=(8, 44, 18, 18, 16, 28, 30),
            line_height=_ROW_MM,
            text_align=("CENTER", "LEFT", "CENTER", "RIGHT", "CENTER", "RIGHT", "RIGHT"),
        ) as table:
            row = table.row()
            for name in columns:
                row.cell(name)
            for item in q.lines.itertuples(index=False):
                row = table.row()
                for value in (
                    str(item.no),
                    item.product,
                    item.hs_code or "—",
                    format_number(item.quantity),
                    item.unit,
                    _money(q, item.unit_price),
                    _money(q, item.amount),
                ):
                    row.cell(value)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(
            width,
            8,
            f"{tr(_FIELDS['total'])} {q.incoterm_text}: {_money(q, q.total)}",
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(2)

        line(tr({"id": "Syarat dan ketentuan", "en": "Terms and conditions"}), 11, "B")
        terms = [
            "incoterm",
            "origin",
            "port_of_loading",
            "port_of_discharge",
            "tolerance",
            "partial",
            "packing",
            "specification",
            "payment",
            "deposit",
            "bank",
            "lead_time",
        ]
        pdf.set_font("DejaVu", "", 9.5)
        with pdf.table(
            col_widths=(55, 125),
            first_row_as_headings=False,
            line_height=_ROW_MM,
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
        ) as table:
            for key in terms:
                if key in rows:
                    row = table.row()
                    row.cell(rows[key][0])
                    row.cell(rows[key][1])
        pdf.ln(3)

        if q.deadline is not None:
            line(tr({"id": "Jadwal pengiriman", "en": "Delivery schedule"}), 11, "B")
            pdf.set_font("DejaVu", "", 9.5)
            with pdf.table(
                col_widths=(80, 100),
                line_height=_ROW_MM,
                text_align=("LEFT", "LEFT"),
            ) as table:
                row = table.row()
                row.cell(tr(_COLUMNS["milestone"]))
                row.cell(tr(_COLUMNS["when"]))
                for name, when in _milestones(q):
                    row = table.row()
                    row.cell(name)
                    row.cell(when)
            pdf.ln(3)

        pdf.set_font("DejaVu", "I", 8)
        valid = format_date(q.valid_until, "long")
        if q.deadline is not None:
            confirm = format_date(q.confirm_by, "long")
            ready = format_date(q.deadline, "long")
            lead = lead_time_text(q.payment_term, q.lead_time_days, deposit_share=q.deposit_share)
            note: Text = {
                "id": f"Harga dan syarat ini berlaku sampai {valid}. Tanggal siap kirim {ready} berlaku bila "
                f"uang muka, L/C atau pesanan tertulis kami terima paling lambat {confirm}; bila lebih lambat, "
                f"barang siap {lead}. Hari kerja menurut kalender Indonesia (libur nasional tidak dihitung).",
                "en": f"These prices and terms are valid until {valid}. The ready date {ready} holds if we "
                f"receive the deposit, L/C or written order by {confirm}; later, the goods are ready {lead}. "
                "Working days follow the Indonesian calendar (public holidays excluded).",
            }
        else:
            note = {
                "id": f"Harga dan syarat ini berlaku sampai {valid}.",
                "en": f"These prices and terms are valid until {valid}.",
            }
        # The validity note and the signature block stay together, on the page with the terms if
        # they fit there: a page never holds the signature alone.
        note_height = pdf.multi_cell(
            width, 4.5, tr(note), dry_run=True, output=MethodReturnValue.HEIGHT
        )
        if pdf.will_page_break(note_height + _SIGNATURE_BLOCK_MM):
            pdf.add_page()
        pdf.multi_cell(width, 4.5, tr(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(6)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(
            width / 2,
            5,
            tr({"id": "Hormat kami,", "en": "Yours faithfully,"}),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(14)
        pdf.set_font("DejaVu", "I", 8)
        pdf.cell(
            width / 2,
            4,
            tr({"id": "(tanda tangan dan cap)", "en": "(signature and stamp)"}),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(width / 2, 5, q.seller.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        path.parent.mkdir(parents=True, exist_ok=True)
        pdf.output(str(path))
    return path


def _schedule_rows(schedule: pd.DataFrame) -> list[tuple[str, dt.date, dt.date, int]]:
    buffer_names = {"cadangan", "buffer"}
    rows = []
    for task, start, end, days in schedule[["task", "start", "end", "working_days"]].itertuples(
        index=False
    ):
        name = (
            tr({"id": "Cadangan", "en": "Buffer"})
            if str(task).strip().casefold() in buffer_names
            else str(task)
        )
        rows.append((name, start, end, int(days)))
    return rows


def _sheet_frames(q: Quotation) -> dict[str, pd.DataFrame]:
    """The spreadsheet's three tables, headed in the active language."""
    summary = pd.DataFrame(
        [(label, value) for _, label, value in summary_rows(q)],
        columns=[tr(_COLUMNS["field"]), tr(_COLUMNS["value"])],
    )
    buildup = q.buildup[["label", "amount_idr", "cumulative_idr", "per_unit_idr", "amount_quoted"]]
    buildup.columns = [
        tr(_COLUMNS["step"]),
        tr(_COLUMNS["amount_idr"]),
        tr(_COLUMNS["cumulative_idr"]),
        tr(_COLUMNS["per_unit_idr"]),
        tr(_COLUMNS["amount_quoted"]).format(currency=q.currency),
    ]
    schedule = pd.DataFrame(
        _schedule_rows(q.schedule),
        columns=[tr(_COLUMNS[key]) for key in ("task", "start", "end", "working_days")],
    )
    names = sheet_names()
    return {names["quotation"]: summary, names["buildup"]: buildup, names["schedule"]: schedule}


def write_quotation_xlsx(
    quotation: Quotation | Mapping[str, Any], path: str | Path, *, language: str | None = None
) -> Path:
    """Write ``quotation`` as a workbook for the seller's records: three sheets.

    ``quotation`` (every field, the seller's own too, numbers and dates as such), ``price
    build-up`` (HPP, margin, each cost the rule puts on the seller, bank charges, tax, spread,
    FX buffer, insurance and rounding, in Rupiah per order and per unit and in the quoted
    currency) and ``delivery plan`` (the backward schedule with its buffer); sheet names and
    headers in ``language`` (default the active language, see :func:`sheet_names`). Returns the
    path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> q = build_quotation(seller="BUMDes Maju Jaya", buyer="Buyer Ltd", product="Gula aren",
    ...                     quantity=500, hpp=30_000, margin=0.2, currency="IDR",
    ...                     quotation_date="2026-11-16")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = write_quotation_xlsx(q, pathlib.Path(folder) / "penawaran.xlsx")
    ...     sorted(pd.read_excel(out, sheet_name=None))
    ['penawaran', 'rencana kirim', 'rincian harga']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _language(language):
        frames = _sheet_frames(_localized(quotation))
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                for column_cells in sheet.columns:
                    longest = max(
                        len(str(cell.value)) if cell.value is not None else 0
                        for cell in column_cells
                    )
                    sheet.column_dimensions[column_cells[0].column_letter].width = min(
                        max(12, longest + 2), 70
                    )
                    for cell in column_cells[1:]:
                        if isinstance(cell.value, float):
                            cell.number_format = "#,##0.00"
                        elif isinstance(cell.value, dt.date):
                            cell.number_format = "yyyy-mm-dd"
    return path
