"""The capstone's quotation: the price of the participant's own order, as a document for a buyer.

:func:`build_quotation` takes the order (seller, buyer, product, quantity), the HPP and margin,
the Incoterms 2020 rule and its costs, the currency and FX buffer, the payment term and the
delivery tasks, and returns the quotation's data: every figure comes from
:mod:`toolkit.costing`, :mod:`toolkit.pricing`, :mod:`toolkit.payment` and
:mod:`toolkit.planning`. :func:`write_quotation_pdf` writes it as a pro-forma style PDF for the
buyer (it leaves out HPP and margin); :func:`write_quotation_xlsx` as a spreadsheet for the
seller's own records, with the price build-up and the delivery plan. Both label in the active
language (:func:`toolkit.set_language`) unless told a ``language``; the PDF embeds DejaVu Sans,
shipped with matplotlib, so it is written offline and shows "Rp", "¥" and "—".

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
>>> q["hs_code"], q["incoterm_text"]
('4602', 'FOB Tanjung Priok, Incoterms 2020')
>>> q["unit_price"], q["total"]
(4.04, 4848.0)
>>> str(q["valid_until"]), str(q["latest_start"])
('2026-12-16', '2026-11-17')
"""

from __future__ import annotations

import contextlib
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

from toolkit import costing, data, incoterms, payment, planning, pricing
from toolkit.errors import InputError, check_choice, check_fraction, check_number
from toolkit.i18n import (
    Text,
    format_date,
    format_money,
    format_number,
    format_percent,
    get_language,
    tr,
)
from toolkit.i18n import set_language as _set_language

__all__ = [
    "build_quotation",
    "catalogue",
    "currencies",
    "display_rows",
    "summary_rows",
    "file_stem",
    "slug",
    "payment_text",
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

_UNITS: dict[str, Text] = {
    "piece": {"id": "pcs", "en": "pcs"},
    "kg": {"id": "kg", "en": "kg"},
    "metre": {"id": "m", "en": "m"},
    "square foot": {"id": "sq ft", "en": "sq ft"},
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
    "quantity": {"id": "Jumlah", "en": "Quantity"},
    "unit": {"id": "Satuan", "en": "Unit"},
    "currency": {"id": "Mata uang", "en": "Currency"},
    "unit_price": {"id": "Harga satuan", "en": "Unit price"},
    "total": {"id": "Total", "en": "Total"},
    "incoterm": {"id": "Incoterms", "en": "Incoterms"},
    "payment": {"id": "Pembayaran", "en": "Payment"},
    "fx_rate": {"id": "Kurs acuan (Rupiah per unit)", "en": "Reference rate (Rupiah per unit)"},
    "fx_date": {"id": "Tanggal kurs", "en": "Rate date"},
    "fx_source": {"id": "Sumber kurs", "en": "Rate source"},
    "fx_buffer": {"id": "Cadangan kurs (FX buffer)", "en": "FX buffer"},
    "delivery": {"id": "Siap kirim paling lambat", "en": "Ready for shipment by"},
    "lead_time": {"id": "Waktu pengerjaan (hari kerja)", "en": "Lead time (working days)"},
    "latest_start": {"id": "Mulai paling lambat", "en": "Latest start"},
}

_STEPS: dict[str, Text] = {
    "hpp": {"id": "HPP (harga pokok produksi)", "en": "HPP (cost of production)"},
    "margin": {"id": "Laba (margin)", "en": "Profit (margin)"},
    "bank_fees": {"id": "Biaya bank (gross-up)", "en": "Bank charges (grossed up)"},
    "fx_buffer": {"id": "Cadangan kurs (FX buffer)", "en": "FX buffer"},
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
}

_OWN_RATE: Text = {"id": "kurs yang Anda masukkan", "en": "the rate you entered"}

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

_NAME_RULE: Text = {"id": "harus berupa teks yang tidak kosong", "en": "it must be non-empty text"}


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


def file_stem(quotation: Mapping[str, Any]) -> str:
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


def _party(argument: str, value: Any) -> dict[str, str]:
    """A seller or buyer: a name, or a dict with ``name`` and optional address, country, contact."""
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
    party = {"name": _text(f"{argument}['name']", value.get("name"))}
    for key in known[1:]:
        party[key] = _text(f"{argument}[{key!r}]", value.get(key), required=False)
    return party


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


def build_quotation(
    *,
    seller: str | Mapping[str, str],
    buyer: str | Mapping[str, str],
    product: str,
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
    costs: Mapping[str, float] | None = None,
    insurance_rate: float = 0.0,
    currency: str = "USD",
    fx_buffer: float = 0.0,
    bank_fee_share: float = 0.0,
    fx_rate: float | None = None,
    fx_date: Any = None,
    payment_term: str = "TT",
    deposit_share: float = 0.3,
    balance_on: str = "before_shipment",
    oa_days: int = 30,
    quotation_date: Any = None,
    validity_days: int = 30,
    number: str | None = None,
    tasks: Any = None,
    deadline: Any = None,
    workdays: Any = "Mon-Fri",
    closures: Any = (),
    buffer_days: int = 0,
    collective_leave: bool = False,
) -> dict[str, Any]:
    """The quotation for one order: its figures, its terms and its delivery plan.

    Parameters
    ----------
    seller, buyer
        A name, or a dict with ``name`` and optional ``address``, ``country``, ``contact``.
    product
        The product's name as the buyer will read it.
    quantity
        Units ordered (a whole number of at least 1), in ``unit``.
    margin
        The margin on the EXW price (0.25 for 25 %): EXW = HPP / (1 − margin).
    product_id
        A ``product_id`` from :func:`catalogue`: its HS heading and unit are used unless
        ``hs_code`` or ``unit`` is given.
    hs_code
        The HS code to print (4 to 10 digits); verify it in BTKI/INSW.
    unit
        The unit of sale (default ``"pcs"``, or the catalogue's unit).
    hpp
        HPP per good unit in Rupiah; or leave it out and give ``materials``, ``labour``,
        ``overhead``, ``production_units`` and ``reject_rate`` for
        :func:`toolkit.costing.unit_cost`.
    incoterm, named_place
        The Incoterms 2020 rule and its named place ("FOB Tanjung Priok").
    costs
        The cost items of :data:`toolkit.incoterms.COST_ITEMS` for the *whole order*, in
        Rupiah; the rule decides which ones the price covers (:func:`toolkit.pricing.price_buildup`).
    insurance_rate
        The premium rate, used under CIF and CIP.
    currency
        The quotation's currency: IDR or one in ``toolkit/data/fx_rates.csv`` (USD, CNY, ...).
    fx_buffer, bank_fee_share
        The FX buffer and the bank charges as shares (:func:`toolkit.pricing.quote_table`).
    fx_rate, fx_date
        Your own rate (Rupiah per unit of ``currency``) and its date (default: the quotation
        date); without it, the latest reference rate on or before the quotation date.
    payment_term, deposit_share, balance_on, oa_days
        See :func:`payment_text`.
    quotation_date
        The quotation's date (default: today); ``validity_days`` after it, it expires.
    number
        The quotation's number (default ``Q-<date>-<slug>``).
    tasks, deadline, workdays, closures, buffer_days, collective_leave
        The delivery plan: ``(name, working_days)`` tasks planned backwards from ``deadline``
        (the date the goods must be ready for shipment) by :func:`toolkit.planning.backward_schedule`,
        over Indonesian holidays. Both or neither.

    Returns
    -------
    dict
        Keys include ``seller``, ``buyer``, ``product``, ``hs_code``, ``quantity``, ``unit``,
        ``hpp``, ``exw_unit_idr``, ``price_idr`` (the order at the rule, in Rupiah),
        ``currency``, ``idr_per_unit``, ``rate_date``, ``rate_source``, ``unit_price_exact``,
        ``unit_price`` (rounded up to the currency's smallest unit), ``total`` (``unit_price ×
        quantity``), ``deposit`` (T/T), ``incoterm_text``, ``payment_text``, ``date``,
        ``valid_until``, ``deadline``, ``latest_start``, ``lead_time_days``, ``on_schedule``
        (the plan starts on or after the quotation date), ``warnings`` (sentences, active
        language), ``slug``, and three DataFrames: ``lines`` (the quotation's line),
        ``buildup`` (the price step by step, Rupiah and quoted currency) and ``schedule``.

    Examples
    --------
    >>> q = build_quotation(seller="BUMDes Maju Jaya", buyer="Buyer Ltd", product="Kopi robusta",
    ...                     quantity=1000, hpp=60_000, margin=0.2, incoterm="EXW", named_place="Serang",
    ...                     currency="IDR", quotation_date="2026-11-16")
    >>> q["unit_price"], q["total"], q["schedule"].empty
    (75000.0, 75000000.0, True)
    """
    seller_info = _party("seller", seller)
    buyer_info = _party("buyer", buyer)
    product_name = _text("product", product)
    quantity = int(check_number("quantity", quantity, minimum=1, integer=True))
    place = _text("named_place", named_place)
    today = planning.to_date(
        "quotation_date", dt.date.today() if quotation_date is None else quotation_date
    )
    validity = int(
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
        unit = (
            tr(_UNITS.get(listed["unit"], {"id": listed["unit"], "en": listed["unit"]}))
            if listed is not None
            else "pcs"
        )
    unit = _text("unit", unit)

    # Price: HPP → EXW → the rule's price → the quoted currency
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
    steps = pricing.price_buildup(exw_unit * quantity, incoterm, costs, insurance_rate)
    rule = incoterms.rule_info(incoterm)["rule"]
    price_idr = float(steps["cumulative"].iloc[-1])

    check_choice("currency", currency, currencies())
    if fx_rate is None or currency == "IDR":  # a Rupiah quotation needs no rate
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
    quote = pricing.quote_table(
        price_idr, [currency], on=on, fx_buffer=fx_buffer, fee_share=bank_fee_share, rates=rates
    ).iloc[0]
    reference = pricing.reference_rate(currency, on, rates)
    idr_per_unit = float(quote["idr_per_unit"])
    total_exact = float(quote["price"])
    unit_price_exact = total_exact / quantity
    unit_price = _round_up(unit_price_exact, currency)
    total = unit_price * quantity

    # Payment
    term_text = payment_text(
        payment_term, deposit_share=deposit_share, balance_on=balance_on, oa_days=oa_days
    )
    term = payment.term_code(payment_term, "payment_term")
    deposit = total * deposit_share if term == "TT" else 0.0

    # Delivery plan
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
    if tasks is None:
        schedule = pd.DataFrame(columns=["task", "start", "end", "working_days"])
        due = latest_start = None
        lead_time = 0
    else:
        schedule = planning.backward_schedule(
            deadline,
            tasks,
            workdays,
            "ID",
            closures,
            buffer_days=buffer_days,
            collective_leave=collective_leave,
        )
        due = planning.to_date("deadline", deadline)
        latest_start = schedule["start"].iloc[0]
        lead_time = int(schedule["working_days"].sum())

    slug_text = slug(product_name)
    quotation = {
        "number": _text("number", number)
        if number is not None
        else f"Q-{today:%Y%m%d}-{slug_text}",
        "date": today,
        "validity_days": validity,
        "valid_until": today + dt.timedelta(days=validity),
        "seller": seller_info,
        "buyer": buyer_info,
        "product": product_name,
        "product_id": product_id,
        "hs_code": code,
        "quantity": quantity,
        "unit": unit,
        "hpp": float(hpp),
        "margin": float(margin),
        "exw_unit_idr": exw_unit,
        "incoterm": rule,
        "named_place": place,
        "incoterm_text": f"{rule} {place}, Incoterms 2020",
        "insurance_rate": float(insurance_rate),
        "costs": dict(costs or {}),
        "price_idr": price_idr,
        "currency": currency,
        "idr_per_unit": idr_per_unit,
        "rate_date": reference["date"],
        "rate_source": reference["source"],
        "fx_buffer": float(fx_buffer),
        "bank_fee_share": float(bank_fee_share),
        "unit_price_exact": unit_price_exact,
        "unit_price": unit_price,
        "total": total,
        "payment_term": term,
        "payment_text": term_text,
        "balance_on": balance_on,
        "oa_days": oa_days,
        "own_rate": fx_rate is not None,
        "deposit_share": float(deposit_share) if term == "TT" else 0.0,
        "deposit": deposit,
        "deadline": due,
        "latest_start": latest_start,
        "lead_time_days": lead_time,
        "on_schedule": latest_start is None or latest_start >= today,
        "slug": slug_text,
        "schedule": schedule,
    }
    quotation["lines"] = pd.DataFrame(
        [
            {
                "no": 1,
                "product": product_name,
                "hs_code": code,
                "quantity": quantity,
                "unit": unit,
                "currency": currency,
                "unit_price": unit_price,
                "amount": total,
            }
        ]
    )
    quotation["buildup"] = _buildup(steps, quotation, total_exact)
    quotation["warnings"] = _warnings(quotation, listed)
    return quotation


def _buildup(steps: pd.DataFrame, q: Mapping[str, Any], total_exact: float) -> pd.DataFrame:
    """The price from HPP to the quoted total, in Rupiah and in the quoted currency.

    One row per step: ``step``, ``label``, ``kind`` (``"add"`` for an amount added, ``"subtotal"``
    for the price reached: EXW, the rule's price, the quoted price), ``amount_idr`` (for the whole
    order), ``cumulative_idr`` (the price so far), ``per_unit_idr`` and ``amount_quoted``
    (``amount_idr`` at the quotation's rate, in its currency).
    """
    quantity, rate = q["quantity"], q["idr_per_unit"]
    hpp_total = q["hpp"] * quantity
    exw_total = q["exw_unit_idr"] * quantity
    grossed = pricing.gross_up(q["price_idr"], q["bank_fee_share"])
    converted = total_exact * rate
    quoted = q["total"] * rate
    rows = [
        ("hpp", "add", hpp_total, hpp_total),
        ("margin", "add", exw_total - hpp_total, exw_total),
        ("exw", "subtotal", exw_total, exw_total),
    ]
    added = steps[~steps["step"].isin(["exw", "total"])]
    for step, amount, cumulative in zip(added["step"], added["amount"], added["cumulative"]):
        rows.append((step, "add", float(amount), float(cumulative)))
    rows += [
        ("total", "subtotal", q["price_idr"], q["price_idr"]),
        ("bank_fees", "add", grossed - q["price_idr"], grossed),
        ("fx_buffer", "add", converted - grossed, converted),
        ("rounding", "add", quoted - converted, quoted),
        ("quoted", "subtotal", quoted, quoted),
    ]
    table = pd.DataFrame(rows, columns=["step", "kind", "amount_idr", "cumulative_idr"])
    table["per_unit_idr"] = table["amount_idr"] / quantity
    table["amount_quoted"] = table["amount_idr"] / rate
    table.insert(
        1, "label", [_step_label(step, q["incoterm"], q["currency"]) for step in table["step"]]
    )
    return table


def _step_label(step: str, rule: str, currency: str) -> str:
    if step == "total":
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


def _unprintable(q: Mapping[str, Any]) -> str:
    """The characters of the quotation's own words that the PDF cannot draw (e.g. Chinese)."""
    words = [q["product"], q["named_place"], q["unit"], *q["seller"].values(), *q["buyer"].values()]
    words += [task for task in q["schedule"]["task"]]
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
    if not q["on_schedule"]:
        out.append(
            tr(
                {
                    "id": f"Rencana kirim harus mulai {q['latest_start']:%Y-%m-%d}, sebelum tanggal "
                    "penawaran: tenggat terlalu dekat; mundurkan tenggat atau perpendek tugas.",
                    "en": f"The delivery plan must start on {q['latest_start']:%Y-%m-%d}, before the "
                    "quotation date: the deadline is too close; move it or shorten the tasks.",
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
    empty = [
        tr(incoterms.ITEM_LABELS[item])
        for item in incoterms.seller_items(q["incoterm"])
        if not q["costs"].get(item)
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
    if listed is not None:
        duty = str(listed["export_duty"])
        if duty.strip().lower() != "none":
            out.append(
                tr(
                    {
                        "id": f"Produk ini mungkin kena bea keluar ({duty}): periksa PMK terbaru sebelum mengirim penawaran.",
                        "en": f"This product may carry export duty ({duty}): check the current PMK before sending the quotation.",
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


def _money(q: Mapping[str, Any], amount: float) -> str:
    return format_money(amount, q["currency"])


def _party_lines(party: Mapping[str, str]) -> list[str]:
    return [party[key] for key in ("name", "address", "country", "contact") if party.get(key)]


def _fx_text(q: Mapping[str, Any]) -> str:
    if q["currency"] == "IDR":
        return "—"
    rate = format_number(q["idr_per_unit"], decimals=2)
    return tr({"id": f"1 {q['currency']} = Rp{rate}", "en": f"1 {q['currency']} = IDR {rate}"})


def _localized(quotation: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``quotation`` whose words are in the active language (it may have changed)."""
    q = dict(quotation)
    q["payment_text"] = payment_text(
        q["payment_term"],
        deposit_share=q["deposit_share"] if q["payment_term"] == "TT" else 0.3,
        balance_on=q["balance_on"],
        oa_days=q["oa_days"],
    )
    if q["own_rate"]:
        q["rate_source"] = tr(_OWN_RATE)
    buildup = q["buildup"].copy()
    buildup["label"] = [_step_label(step, q["incoterm"], q["currency"]) for step in buildup["step"]]
    q["buildup"] = buildup
    return q


def summary_rows(quotation: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """The quotation's fields as ``(key, label, value)`` rows, labels in the active language.

    Values are numbers and dates where the field is one (for the spreadsheet), text otherwise.
    """
    q = _localized(quotation)
    rows: list[tuple[str, Any]] = [
        ("number", q["number"]),
        ("date", q["date"]),
        ("valid_until", q["valid_until"]),
        ("seller", ", ".join(_party_lines(q["seller"]))),
        ("buyer", ", ".join(_party_lines(q["buyer"]))),
        ("product", q["product"]),
        ("hs_code", q["hs_code"] or "—"),
        ("quantity", q["quantity"]),
        ("unit", q["unit"]),
        ("currency", q["currency"]),
        ("unit_price", q["unit_price"]),
        ("total", q["total"]),
        ("incoterm", q["incoterm_text"]),
        ("payment", q["payment_text"]),
    ]
    if q["currency"] != "IDR":
        rows += [
            ("fx_rate", q["idr_per_unit"]),
            ("fx_date", q["rate_date"]),
            ("fx_source", q["rate_source"] or "—"),
            ("fx_buffer", q["fx_buffer"]),
        ]
    if q["deadline"] is not None:
        rows += [
            ("delivery", q["deadline"]),
            ("lead_time", q["lead_time_days"]),
            ("latest_start", q["latest_start"]),
        ]
    return [(key, tr(_FIELDS[key]), value) for key, value in rows]


def display_rows(quotation: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The quotation's fields as ``(label, text)`` rows written for a reader, active language.

    Money in the quotation's currency, dates in full, the rate with its source.

    >>> q = build_quotation(seller="BUMDes Maju Jaya", buyer="Buyer Ltd", product="Gula aren",
    ...                     quantity=500, hpp=30_000, margin=0.2, currency="IDR",
    ...                     quotation_date="2026-11-16")
    >>> dict(display_rows(q))["Total"]
    'Rp18.750.000'
    """
    q = quotation
    out = []
    for key, label, value in summary_rows(q):
        if key in ("unit_price", "total"):
            text = _money(q, value)
        elif key == "fx_rate":
            text = _fx_text(q)
        elif key == "fx_buffer":
            text = format_percent(value, decimals=1)
        elif key in ("quantity", "lead_time"):
            text = format_number(value)
        elif isinstance(value, dt.date):
            text = format_date(value, "long")
        else:
            text = str(value)
        out.append((label, text))
    return out


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


def write_quotation_pdf(
    quotation: Mapping[str, Any], path: str | Path, *, language: str | None = None
) -> Path:
    """Write ``quotation`` (from :func:`build_quotation`) as a pro-forma style PDF for the buyer.

    Seller and buyer, the product line with HS code, quantity, unit price and total, the
    Incoterms 2020 rule and named place, the payment term, the validity date, the reference
    rate and its date, and the delivery schedule. HPP, margin and the cost build-up stay out
    (they are the seller's business: see :func:`write_quotation_xlsx`). Labels are in
    ``language`` (``"id"`` or ``"en"``; default the active language). Returns the path.

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
    from fpdf.enums import XPos, YPos

    path = Path(path)
    with _language(language):
        q = _localized(quotation)
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=15)
        fonts = _font_dir()
        pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
        pdf.set_title(f"{tr({'id': 'Penawaran', 'en': 'Quotation'})} {q['number']}")
        pdf.set_author(q["seller"]["name"])
        pdf.set_creator("Kelas Ekspor")
        pdf.add_page()
        width = pdf.epw

        def line(
            text: str, size: float = 10, style: str = "", align: str = "L", height: float = 5.5
        ) -> None:
            pdf.set_font("DejaVu", style, size)
            pdf.multi_cell(width, height, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

        line(q["seller"]["name"], 14, "B")
        for extra in _party_lines(q["seller"])[1:]:
            line(extra, 9)
        pdf.ln(3)
        line(
            tr({"id": "PENAWARAN HARGA (PROFORMA)", "en": "QUOTATION (PRO FORMA)"}), 16, "B", "C", 8
        )
        pdf.ln(2)

        pdf.set_font("DejaVu", "", 10)
        header = [
            (tr(_FIELDS["number"]), q["number"]),
            (tr(_FIELDS["date"]), format_date(q["date"], "long")),
            (tr(_FIELDS["valid_until"]), format_date(q["valid_until"], "long")),
        ]
        pdf.set_font("DejaVu", "", 9.5)
        with pdf.table(
            col_widths=(35, 65),
            width=width * 0.6,
            align="LEFT",
            first_row_as_headings=False,
            borders_layout="NONE",
            line_height=5.5,
            text_align="LEFT",
        ) as table:
            for label, value in header:
                row = table.row()
                row.cell(label)
                row.cell(str(value))
        pdf.ln(3)

        pdf.set_font("DejaVu", "", 9.5)
        with pdf.table(
            col_widths=(1, 1),
            first_row_as_headings=True,
            line_height=5.5,
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
        ) as table:
            row = table.row()
            row.cell(tr(_FIELDS["seller"]))
            row.cell(tr(_FIELDS["buyer"]))
            row = table.row()
            row.cell("\n".join(_party_lines(q["seller"])))
            row.cell("\n".join(_party_lines(q["buyer"])))
        pdf.ln(4)

        columns = [
            tr(_COLUMNS["no"]),
            tr(_FIELDS["product"]),
            tr(_FIELDS["hs_code"]),
            tr(_FIELDS["quantity"]),
            tr(_FIELDS["unit"]),
            tr(_FIELDS["unit_price"]) + f" ({q['currency']})",
            tr(_COLUMNS["amount"]) + f" ({q['currency']})",
        ]
        pdf.set_font("DejaVu", "", 9.5)
        with pdf.table(
            col_widths=(8, 44, 18, 18, 16, 28, 30),
            line_height=5.5,
            text_align=("CENTER", "LEFT", "CENTER", "RIGHT", "CENTER", "RIGHT", "RIGHT"),
        ) as table:
            row = table.row()
            for name in columns:
                row.cell(name)
            for item in q["lines"].itertuples(index=False):
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
            f"{tr(_FIELDS['total'])} {q['incoterm_text']}: {_money(q, q['total'])}",
            align="R",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(2)

        line(tr({"id": "Syarat dan ketentuan", "en": "Terms and conditions"}), 11, "B")
        terms = [
            (tr(_FIELDS["incoterm"]), q["incoterm_text"]),
            (tr(_FIELDS["payment"]), q["payment_text"]),
        ]
        if q["payment_term"] == "TT" and 0 < q["deposit_share"] < 1:
            terms.append(
                (
                    tr({"id": "Uang muka", "en": "Deposit"}),
                    f"{format_percent(q['deposit_share'], decimals=0)} = {_money(q, q['deposit'])}",
                )
            )
        terms.append((tr(_FIELDS["currency"]), q["currency"]))
        if q["currency"] != "IDR":
            terms.append(
                (
                    tr({"id": "Kurs acuan", "en": "Reference rate"}),
                    f"{_fx_text(q)} ({format_date(q['rate_date'], 'long')}; {q['rate_source']})",
                )
            )
        if q["deadline"] is not None:
            terms.append((tr(_FIELDS["delivery"]), format_date(q["deadline"], "long")))
            terms.append(
                (
                    tr(_FIELDS["lead_time"]),
                    tr(
                        {
                            "id": f"{q['lead_time_days']} hari kerja sejak pesanan dikonfirmasi",
                            "en": f"{q['lead_time_days']} working days from order confirmation",
                        }
                    ),
                )
            )
        terms.append(
            (
                tr(_FIELDS["valid_until"]),
                tr(
                    {
                        "id": f"{format_date(q['valid_until'], 'long')} ({q['validity_days']} hari)",
                        "en": f"{format_date(q['valid_until'], 'long')} ({q['validity_days']} days)",
                    }
                ),
            )
        )
        pdf.set_font("DejaVu", "", 9.5)
        with pdf.table(
            col_widths=(55, 125),
            first_row_as_headings=False,
            line_height=5.5,
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
        ) as table:
            for label, value in terms:
                row = table.row()
                row.cell(label)
                row.cell(value)
        pdf.ln(3)

        if q["deadline"] is not None:
            line(
                tr(
                    {
                        "id": "Rencana pengerjaan dan pengiriman",
                        "en": "Production and delivery schedule",
                    }
                ),
                11,
                "B",
            )
            pdf.set_font("DejaVu", "", 9.5)
            with pdf.table(
                col_widths=(80, 35, 35, 30),
                line_height=5.5,
                text_align=("LEFT", "CENTER", "CENTER", "RIGHT"),
            ) as table:
                row = table.row()
                for key in ("task", "start", "end", "working_days"):
                    row.cell(tr(_COLUMNS[key]))
                for name, start, end, days in _schedule_rows(q["schedule"]):
                    row = table.row()
                    row.cell(name)
                    row.cell(format_date(start))
                    row.cell(format_date(end))
                    row.cell(str(days))
            pdf.set_font("DejaVu", "I", 8)
            pdf.multi_cell(
                width,
                4.5,
                tr(
                    {
                        "id": "Dalam hari kerja, tanpa hari libur nasional Indonesia; jadwal dihitung mundur dari tanggal siap kirim.",
                        "en": "In working days, Indonesian public holidays excluded; the schedule is planned backwards from the ready-for-shipment date.",
                    }
                ),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            pdf.ln(3)

        pdf.set_font("DejaVu", "I", 8)
        pdf.multi_cell(
            width,
            4.5,
            tr(
                {
                    "id": "Harga berlaku sampai tanggal di atas. Harga dalam mata uang asing dihitung dari kurs acuan pada "
                    "tanggalnya; bila kurs bergerak melebihi cadangan kurs sebelum pesanan dikonfirmasi, harga dapat ditinjau ulang.",
                    "en": "Prices are valid until the date above. Foreign-currency prices are based on the reference rate "
                    "of its date; if the rate moves beyond the FX buffer before the order is confirmed, prices may be reviewed.",
                }
            ),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(10)
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(
            width / 2,
            5,
            tr({"id": "Hormat kami,", "en": "Yours faithfully,"}),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(14)
        pdf.cell(width / 2, 5, q["seller"]["name"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        path.parent.mkdir(parents=True, exist_ok=True)
        pdf.output(str(path))
    return path


def _sheet_frames(q: Mapping[str, Any]) -> dict[str, pd.DataFrame]:
    """The spreadsheet's three tables, headed in the active language."""
    summary = pd.DataFrame(
        [(label, value) for _, label, value in summary_rows(q)],
        columns=[tr(_COLUMNS["field"]), tr(_COLUMNS["value"])],
    )
    buildup = q["buildup"][
        ["label", "amount_idr", "cumulative_idr", "per_unit_idr", "amount_quoted"]
    ]
    buildup.columns = [
        tr(_COLUMNS["step"]),
        tr(_COLUMNS["amount_idr"]),
        tr(_COLUMNS["cumulative_idr"]),
        tr(_COLUMNS["per_unit_idr"]),
        tr(_COLUMNS["amount_quoted"]).format(currency=q["currency"]),
    ]
    schedule = pd.DataFrame(
        _schedule_rows(q["schedule"]),
        columns=[tr(_COLUMNS[key]) for key in ("task", "start", "end", "working_days")],
    )
    names = sheet_names()
    return {names["quotation"]: summary, names["buildup"]: buildup, names["schedule"]: schedule}


def write_quotation_xlsx(
    quotation: Mapping[str, Any], path: str | Path, *, language: str | None = None
) -> Path:
    """Write ``quotation`` as a workbook for the seller's records: three sheets.

    ``quotation`` (every field, numbers and dates as such), ``price build-up`` (HPP, margin, each
    cost the rule puts on the seller, insurance, bank charges, FX buffer and rounding, in Rupiah
    per order and per unit and in the quoted currency) and ``delivery plan`` (the backward
    schedule); sheet names and headers in ``language`` (default the active language, see
    :func:`sheet_names`). Returns the path.

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
