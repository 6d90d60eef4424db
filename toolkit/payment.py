"""Payment terms: when the money arrives, what the banks keep, and how long your own capital is tied up.

The course compares T/T (a deposit, then the balance), an L/C at sight (letter of credit), D/P
(documents against payment) and, for contrast, open account. Each term is a cash-flow timeline in
Rupiah: day 0 is the order date, production costs go out, the goods ship on ``ship_day``, and the
receipts and bank fees follow the term. :func:`compare_terms` then puts the terms side by side: net
proceeds, the day the last money arrives, the days the exporter's own money is tied up and the
working capital the order needs.

Days are calendar days. The exporter's bank converts every receipt at its TT buying rate, the
reference rate ``fx_rate`` (JISDOR for USD) less a spread, and every incoming transfer pays a
receiving fee and a correspondent deduction. Fees and spread default to the class's indicative
figures in ``toolkit/data/bank_charges.csv`` (L/C advising USD 50, confirmation 0.5 % per 90 days
of validity, negotiation 0.25 %, courier USD 50; transfers USD 10 + USD 20; a 1 % spread); flat
fees are given in USD there and converted to the invoice's ``currency`` at the reference rates.
Each one is a parameter: **verify with your bank** and put in its tariff.

Examples
--------
An order of USD 10,000 at a reference rate of Rp16.500 per USD that costs Rp120 million to make
over three weeks and ships on day 28; the bank buys the dollars at Rp16.335:

>>> from toolkit.payment import compare_terms
>>> order = dict(invoice_amount=10_000, fx_rate=16_500, production_cost=120_000_000,
...              production_days=21, ship_day=28)
>>> table = compare_terms(**order)
>>> table[["term", "net_proceeds_idr", "day_paid", "days_capital_tied", "peak_capital_idr"]]
  term  net_proceeds_idr  day_paid  days_capital_tied  peak_capital_idr
0   TT       162369900.0        28                 21        71485050.0
1   LC       160491375.0        42                 42       120000000.0
2   DP       161716500.0        47                 47       120000000.0
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from toolkit import data, pricing
from toolkit.errors import InputError, check_choice, check_fraction, check_number
from toolkit.i18n import format_percent, tr

__all__ = [
    "TERMS",
    "RISK_RANK",
    "COST_TIMINGS",
    "BALANCE_ON",
    "term_code",
    "term_label",
    "cash_flows",
    "compare_terms",
    "compare_flows",
    "chosen_terms",
    "fx_gain_loss",
    "receipt_in_idr",
    "bank_charges",
    "flat_fee",
]

TERMS = ("TT", "LC", "DP", "OA")
"""The payment terms: T/T deposit and balance, L/C at sight, D/P, open account."""

RISK_RANK = {"TT": 1, "LC": 2, "DP": 3, "OA": 4}
"""1 = least risky for the exporter, in the textbook order of domain.md. A T/T balance paid against a
copy of the B/L (``balance_on="bl_copy"``) is already less safe than cash in advance."""

COST_TIMINGS = ("spread", "upfront")
"""How production costs are paid: weekly over the production days, or all on the order date."""

BALANCE_ON = ("before_shipment", "bl_copy")
"""When a T/T balance is paid: before the goods are loaded, or against a copy of the B/L."""

_LABELS = {
    "TT": {"id": "T/T: uang muka dan pelunasan", "en": "T/T: deposit and balance"},
    "LC": {"id": "L/C atas unjuk (at sight)", "en": "L/C at sight"},
    "DP": {"id": "D/P: dokumen terhadap pembayaran", "en": "D/P: documents against payment"},
    "OA": {"id": "Open account: bayar setelah kirim", "en": "Open account: paid after shipment"},
}

_EVENTS = {
    "cost": {"id": "Biaya produksi", "en": "Production cost"},
    "cost_week": {"id": "Biaya produksi minggu {week}", "en": "Production cost, week {week}"},
    "shipped": {"id": "Barang dikapalkan (tanggal B/L)", "en": "Goods shipped (B/L date)"},
    "deposit": {"id": "Uang muka T/T ({share})", "en": "T/T deposit ({share})"},
    "balance": {"id": "Pelunasan T/T ({share})", "en": "T/T balance ({share})"},
    "transfer_fee": {"id": "Biaya transfer masuk", "en": "Incoming transfer fee"},
    "lc_paid": {
        "id": "Pembayaran L/C (dokumen diperiksa bank)",
        "en": "L/C payment (documents checked by the bank)",
    },
    "lc_advising": {"id": "Biaya advis L/C", "en": "L/C advising fee"},
    "lc_confirmation": {"id": "Biaya konfirmasi L/C", "en": "L/C confirmation fee"},
    "lc_negotiation": {"id": "Biaya negosiasi L/C", "en": "L/C negotiation fee"},
    "lc_courier": {"id": "Kurir dokumen ke bank penerbit", "en": "Courier of documents to the issuing bank"},
    "lc_discrepancy": {"id": "Biaya diskrepansi dokumen", "en": "Discrepancy fee"},
    "dp_paid": {
        "id": "Pembayaran D/P (pembeli menebus dokumen)",
        "en": "D/P payment (the buyer pays for the documents)",
    },
    "dp_collection": {"id": "Biaya inkaso D/P", "en": "D/P collection fees"},
    "oa_paid": {"id": "Pembayaran open account", "en": "Open-account payment"},
}

# Rows of one day are listed in this order: money in first, so the running total after the day's
# last row is the day's closing position and never dips lower inside the day.
_KIND_ORDER = {"receipt": 0, "fee": 1, "shipment": 2, "cost": 3}

# Closing positions this close to zero (relative to the order's cash flows) count as zero: they are
# floating-point noise, not capital.
_ZERO = 1e-9


@cache
def _charges() -> pd.DataFrame:
    return data.load("bank_charges").set_index("item")


def bank_charges() -> pd.DataFrame:
    """The class's indicative bank charges (``toolkit/data/bank_charges.csv``): item, value, unit.

    ILLUSTRATIVE figures, not a tariff: ask your bank.

    >>> row = bank_charges().set_index("item").loc["lc_advising_fee"]
    >>> float(row["value"]), row["unit"]
    (50.0, 'USD')
    """
    return _charges().reset_index()


def _share(item: str) -> float:
    return float(_charges().at[item, "value"])


def flat_fee(item: str, currency: str = "USD") -> float:
    """A flat fee of ``bank_charges()`` (given there in USD) in ``currency``, at the reference rates.

    >>> flat_fee("lc_courier_fee")
    50.0
    >>> round(flat_fee("lc_courier_fee", "CNY"), 2)  # USD 50 at the class's latest USD and CNY rates
    359.28
    """
    usd = float(_charges().at[check_choice("item", item, list(_charges().index)), "value"])
    if currency == "USD":
        return usd
    usd_rate = pricing.reference_rate("USD")["idr_per_unit"]
    return usd * usd_rate / pricing.reference_rate(currency)["idr_per_unit"]


def term_label(term: str) -> str:
    """The term's name for a reader, in the active language.

    >>> term_label("dp")
    'D/P: dokumen terhadap pembayaran'
    """
    return tr(_LABELS[term_code(term, "term")])


def term_code(value, argument: str = "term") -> str:
    """``value`` as one of :data:`TERMS`; "lc", "L/C" and "t/t" are understood too.

    >>> term_code("L/C"), term_code("t/t")
    ('LC', 'TT')
    """
    if isinstance(value, str):
        key = value.upper().replace("/", "").replace(" ", "")
        if key in TERMS:
            return key
    return check_choice(argument, value, TERMS)


def _days(argument: str, value) -> int:
    return int(check_number(argument, value, minimum=0, integer=True))


def receipt_in_idr(amount: float, fx_rate: float, bank_fee_share: float = 0.0) -> float:
    """Rupiah received for ``amount`` of a foreign currency: amount × fx_rate × (1 − bank_fee_share).

    Parameters
    ----------
    amount
        The amount paid, in the foreign currency.
    fx_rate
        Rupiah the bank pays per unit of that currency: its TT buying rate
        (:func:`toolkit.pricing.buying_rate`), not the reference rate.
    bank_fee_share
        The share the banks keep, 0.001 for 0.1 %.

    Examples
    --------
    >>> receipt_in_idr(10_000, 16_500)
    165000000.0
    >>> receipt_in_idr(10_000, 16_500, bank_fee_share=0.001)
    164835000.0
    """
    amount = check_number("amount", amount, minimum=0)
    fx_rate = check_number("fx_rate", fx_rate, minimum=0, strict=True)
    bank_fee_share = check_fraction("bank_fee_share", bank_fee_share)
    return float(amount * fx_rate * (1.0 - bank_fee_share))


def fx_gain_loss(amount: float, rate_at_quote: float, rate_at_payment: float) -> float:
    """Rupiah gained (positive) or lost (negative) because the rate moved between quote and payment.

    amount × (rate_at_payment − rate_at_quote): a weaker Rupiah at payment is a gain for the
    exporter, a stronger one a loss.

    Examples
    --------
    >>> fx_gain_loss(10_000, rate_at_quote=16_500, rate_at_payment=16_800)
    3000000.0
    >>> fx_gain_loss(10_000, rate_at_quote=16_500, rate_at_payment=16_200)
    -3000000.0
    """
    amount = check_number("amount", amount, minimum=0)
    rate_at_quote = check_number("rate_at_quote", rate_at_quote, minimum=0, strict=True)
    rate_at_payment = check_number("rate_at_payment", rate_at_payment, minimum=0, strict=True)
    return float(amount * (rate_at_payment - rate_at_quote))


def cash_flows(
    term: str,
    *,
    invoice_amount: float,
    fx_rate: float,
    production_cost: float,
    production_days: int,
    ship_day: int,
    cost_timing: str = "spread",
    transit_days: int = 14,
    currency: str = "USD",
    buying_spread: float | None = None,
    deposit_share: float = 0.3,
    deposit_day: int = 0,
    balance_on: str = "before_shipment",
    bl_copy_days: int = 5,
    transfer_fee: float | None = None,
    lc_document_days: int = 7,
    lc_examination_days: int = 7,
    lc_courier_days: int = 5,
    lc_validity_days: int = 90,
    lc_advising_fee: float | None = None,
    lc_confirmation_share: float | None = None,
    lc_negotiation_share: float | None = None,
    lc_courier_fee: float | None = None,
    lc_discrepancy_fee: float = 0.0,
    dp_payment_days: int = 5,
    dp_collection_share: float | None = None,
    dp_collection_fee: float | None = None,
    oa_days: int = 30,
) -> pd.DataFrame:
    """The cash-flow timeline of one order under one payment term, in Rupiah.

    Day 0 is the order date. Production costs go out first: ``"spread"`` pays them at the start of
    each week of production (days 0, 7, 14, …), in proportion to the production days in that week;
    ``"upfront"`` pays them all on day 0. The goods ship on ``ship_day`` (a row with no money, for
    the timeline). Then the term decides when the invoice is paid:

    - ``"TT"``: ``deposit_share`` of the invoice on ``deposit_day``; the balance on ``ship_day``
      (``balance_on="before_shipment"``: the goods leave once it is in) or ``bl_copy_days`` after
      shipment (``"bl_copy"``: the buyer pays against a scanned copy of the B/L).
    - ``"LC"`` at sight: ``lc_document_days`` to have the documents ready after shipment (B/L
      release 1–3 days, certificate of origin and phytosanitary certificate; UCP 600 art. 14(c):
      presented at most 21 days after shipment unless the L/C sets another period), then up to
      ``lc_examination_days`` for the bank to check them (UCP 600 art. 14(b): at most five banking
      days, about a calendar week). A confirmed L/C is paid by the confirming bank in Indonesia
      then; an unconfirmed one (``lc_confirmation_share=0``) only after the documents are couriered
      to the issuing bank abroad (``lc_courier_days``) and checked again there. Less the advising
      fee, confirmation (a share of the invoice per 90 days, or part, of ``lc_validity_days``),
      negotiation (a share), the documents' courier, and any discrepancy fee (discrepancies are the
      exporter's cost). Negotiating "with recourse" before the issuing bank pays costs interest
      too: ask the bank.
    - ``"DP"``: the buyer pays at its bank when the goods arrive, ``transit_days`` after shipment
      (take them from the rate card: :func:`toolkit.logistics.rate_card`), and the money reaches
      the exporter ``dp_payment_days`` later; less collection fees (a share of the invoice plus a
      flat fee for courier and handling) and the transfer fee.
    - ``"OA"``: open account, paid ``oa_days`` after shipment.

    Every receipt is converted at the bank's TT buying rate, ``fx_rate × (1 − buying_spread)``;
    ``transfer_fee`` (flat, per incoming transfer) is deducted from every T/T, D/P and open-account
    receipt. Fees are deducted in the invoice's currency on the day the money arrives and converted
    at the same buying rate. ``None`` takes the class's figure from
    ``toolkit/data/bank_charges.csv`` (flat fees converted from USD into ``currency``).
    Parameters a term does not use are checked but ignored, so :func:`compare_terms` can pass the
    same ones to every term.

    Parameters
    ----------
    term
        ``"TT"``, ``"LC"``, ``"DP"`` or ``"OA"`` (``"L/C"``, ``"t/t"`` … are understood).
    invoice_amount
        The invoice, in its foreign currency (USD, CNY, …).
    fx_rate
        The reference rate (JISDOR for USD, BI's kurs tengah otherwise), Rupiah per unit of the
        invoice currency; receipts and fees are converted at the bank's buying rate below it (see
        :func:`fx_gain_loss` for what a moving rate does).
    production_cost
        The order's total production cost in Rupiah.
    production_days
        Calendar days of production, from day 0.
    ship_day
        The shipment (B/L) day; not before production ends.
    cost_timing
        ``"spread"`` or ``"upfront"``, see above.
    transit_days
        Days from shipment to arrival (used by D/P): the route's days on the rate card.
    currency
        The invoice's currency code (``"USD"``, ``"CNY"`` …): the class's flat fees are converted
        into it.
    buying_spread
        How far below ``fx_rate`` the bank buys the currency (0.01 for 1 %).
    deposit_share, deposit_day, balance_on, bl_copy_days, transfer_fee
        T/T: the deposit as a fraction (0.3 for 30 %; 1 for full cash in advance), the day it
        arrives, when the balance is paid, and the flat fee per incoming transfer (receiving bank
        and correspondent together).
    lc_document_days, lc_examination_days, lc_courier_days, lc_validity_days, lc_advising_fee, lc_confirmation_share, lc_negotiation_share, lc_courier_fee, lc_discrepancy_fee
        L/C at sight: days and fees, see above (indicative, verify with your bank);
        ``lc_confirmation_share`` is per 90 days of validity.
    dp_payment_days, dp_collection_share, dp_collection_fee
        D/P: days from arrival to the money, and the collection fees (indicative, verify).
    oa_days
        Open account: days of credit after shipment.

    Returns
    -------
    pandas.DataFrame
        One row per event, in time order: ``day``, ``event`` (in the active language),
        ``amount_idr`` (money in positive, out negative), ``cumulative_idr`` (the cash position of
        the order so far) and ``kind`` (``"cost"``, ``"receipt"``, ``"fee"`` or ``"shipment"``).
        On one day, receipts come first.

    Examples
    --------
    >>> flows = cash_flows("LC", invoice_amount=10_000, fx_rate=16_500,
    ...                    production_cost=120_000_000, production_days=21, ship_day=28)
    >>> flows[["day", "kind", "amount_idr"]]
       day      kind   amount_idr
    0    0      cost  -40000000.0
    1    7      cost  -40000000.0
    2   14      cost  -40000000.0
    3   28  shipment          0.0
    4   42   receipt  163350000.0
    5   42       fee    -816750.0
    6   42       fee    -816750.0
    7   42       fee    -408375.0
    8   42       fee    -816750.0
    >>> flows["event"].iloc[4]
    'Pembayaran L/C (dokumen diperiksa bank)'

    Hand-worked: USD 10.000 at the bank's buying rate Rp16.335 (Rp16.500 less 1 %) is
    Rp163.350.000; advising USD 50, confirmation 0,5 % for one quarter (USD 50), negotiation
    0,25 % (USD 25) and courier USD 50 are USD 175, Rp2.858.625; the order keeps Rp40.491.375.

    >>> float(flows["cumulative_idr"].iloc[-1])
    40491375.0
    """
    term = term_code(term, "term")
    invoice_amount = check_number("invoice_amount", invoice_amount, minimum=0, strict=True)
    fx_rate = check_number("fx_rate", fx_rate, minimum=0, strict=True)
    production_cost = check_number("production_cost", production_cost, minimum=0)
    production_days = _days("production_days", production_days)
    ship_day = _days("ship_day", ship_day)
    if ship_day < production_days:
        raise InputError(
            "ship_day",
            ship_day,
            {
                "id": f"harus berupa bilangan bulat minimal {production_days} "
                "(production_days): barang dikirim setelah selesai dibuat",
                "en": f"it must be a whole number of at least {production_days} "
                "(production_days): goods ship after they are made",
            },
        )
    cost_timing = check_choice("cost_timing", cost_timing, COST_TIMINGS)
    transit_days = _days("transit_days", transit_days)
    currency = check_choice(
        "currency", currency, sorted(set(pricing.exchange_rates()["currency"]) - {"IDR"})
    )
    bank_rate = pricing.buying_rate(fx_rate, buying_spread)

    def flat(argument: str, value, items: tuple[str, ...]) -> float:
        if value is None:
            return sum(flat_fee(item, currency) for item in items)
        return check_number(argument, value, minimum=0)

    def share(argument: str, value, item: str) -> float:
        return _share(item) if value is None else check_fraction(argument, value)

    deposit_share = check_fraction("deposit_share", deposit_share, allow_one=True)
    deposit_day = _days("deposit_day", deposit_day)
    balance_on = check_choice("balance_on", balance_on, BALANCE_ON)
    bl_copy_days = _days("bl_copy_days", bl_copy_days)
    transfer_fee = flat("transfer_fee", transfer_fee, ("incoming_transfer_fee", "correspondent_fee"))
    lc_document_days = _days("lc_document_days", lc_document_days)
    lc_examination_days = _days("lc_examination_days", lc_examination_days)
    lc_courier_days = _days("lc_courier_days", lc_courier_days)
    lc_validity_days = int(
        check_number("lc_validity_days", lc_validity_days, minimum=1, maximum=730, integer=True)
    )
    lc_advising_fee = flat("lc_advising_fee", lc_advising_fee, ("lc_advising_fee",))
    lc_confirmation_share = share(
        "lc_confirmation_share", lc_confirmation_share, "lc_confirmation_per_quarter"
    )
    lc_negotiation_share = share("lc_negotiation_share", lc_negotiation_share, "lc_negotiation_share")
    lc_courier_fee = flat("lc_courier_fee", lc_courier_fee, ("lc_courier_fee",))
    lc_discrepancy_fee = check_number("lc_discrepancy_fee", lc_discrepancy_fee, minimum=0)
    dp_payment_days = _days("dp_payment_days", dp_payment_days)
    dp_collection_share = share("dp_collection_share", dp_collection_share, "dp_collection_share")
    dp_collection_fee = flat("dp_collection_fee", dp_collection_fee, ("dp_collection_fee",))
    oa_days = _days("oa_days", oa_days)

    rows: list[tuple[int, str, float, str]] = []

    def add(day: int, event: str, amount_idr: float, kind: str) -> None:
        rows.append((day, event, float(amount_idr), kind))

    def receive(day: int, event: str, amount: float, fees: Iterable[tuple[str, float]]) -> None:
        """A receipt of ``amount`` (invoice currency) and the fees deducted from it that day."""
        add(day, event, receipt_in_idr(amount, bank_rate), "receipt")
        for name, fee in fees:
            if fee > 0:
                add(day, tr(_EVENTS[name]), -fee * bank_rate, "fee")

    # Production costs.
    if production_cost > 0:
        if cost_timing == "upfront" or production_days == 0:
            add(0, tr(_EVENTS["cost"]), -production_cost, "cost")
        else:
            for start in range(0, production_days, 7):
                share = min(7, production_days - start) / production_days
                event = tr(_EVENTS["cost_week"]).format(week=start // 7 + 1)
                add(start, event, -production_cost * share, "cost")
    add(ship_day, tr(_EVENTS["shipped"]), 0.0, "shipment")

    # Receipts and fees.
    transfer = [("transfer_fee", transfer_fee)]
    if term == "TT":
        if deposit_share > 0:
            share = format_percent(deposit_share, decimals=0)
            event = tr(_EVENTS["deposit"]).format(share=share)
            receive(deposit_day, event, invoice_amount * deposit_share, transfer)
        if deposit_share < 1:
            day = ship_day if balance_on == "before_shipment" else ship_day + bl_copy_days
            share = format_percent(1 - deposit_share, decimals=0)
            event = tr(_EVENTS["balance"]).format(share=share)
            receive(day, event, invoice_amount * (1 - deposit_share), transfer)
    elif term == "LC":
        quarters = -(-lc_validity_days // 90)  # per 90 days or part of them
        fees = [
            ("lc_advising", lc_advising_fee),
            ("lc_confirmation", invoice_amount * lc_confirmation_share * quarters),
            ("lc_negotiation", invoice_amount * lc_negotiation_share),
            ("lc_courier", lc_courier_fee),
            ("lc_discrepancy", lc_discrepancy_fee),
        ]
        day = ship_day + lc_document_days + lc_examination_days
        if lc_confirmation_share == 0:  # paid by the issuing bank abroad, once it has the documents
            day += lc_courier_days + lc_examination_days
        receive(day, tr(_EVENTS["lc_paid"]), invoice_amount, fees)
    elif term == "DP":
        fees = [
            ("dp_collection", invoice_amount * dp_collection_share + dp_collection_fee),
            ("transfer_fee", transfer_fee),
        ]
        day = ship_day + transit_days + dp_payment_days
        receive(day, tr(_EVENTS["dp_paid"]), invoice_amount, fees)
    else:  # OA
        receive(ship_day + oa_days, tr(_EVENTS["oa_paid"]), invoice_amount, transfer)

    rows.sort(key=lambda row: (row[0], _KIND_ORDER[row[3]]))  # stable: keeps weeks in order
    flows = pd.DataFrame(rows, columns=["day", "event", "amount_idr", "kind"])
    flows["day"] = flows["day"].astype("int64")
    flows["cumulative_idr"] = flows["amount_idr"].cumsum()
    flows = flows[["day", "event", "amount_idr", "cumulative_idr", "kind"]]
    flows.attrs["invoice_idr"] = float(invoice_amount * fx_rate)  # at the reference rate
    flows.attrs["buying_rate"] = bank_rate
    return flows


def _capital(flows: pd.DataFrame) -> tuple[int, float]:
    """Days the order's own capital is tied up, and the largest amount tied up (Rupiah, ≥ 0).

    The position of a day is its closing cumulative cash. Capital is tied from the first day that
    closes negative until the first later day from which every position is ≥ 0 again; if the order
    never pays back its costs, until the last day of the timeline.
    """
    position = flows.groupby("day", sort=True)["cumulative_idr"].last()
    negative = (position < -_ZERO * flows["amount_idr"].abs().sum()).to_numpy()
    if not negative.any():
        return 0, 0.0
    days = position.index.to_numpy()
    start = days[np.argmax(negative)]
    last_negative = np.flatnonzero(negative)[-1]
    end = days[-1] if last_negative == len(days) - 1 else days[last_negative + 1]
    return int(end - start), float(-position.min())


def compare_terms(terms: Iterable[str] | str = ("TT", "LC", "DP"), **same_kwargs) -> pd.DataFrame:
    """The payment terms side by side for the same order, one row per term.

    ``same_kwargs`` are :func:`cash_flows`' keyword arguments, passed unchanged to every term.

    Columns:

    - ``term``, ``label`` (active language), ``risk_rank`` (1 = least risky for the exporter,
      :data:`RISK_RANK`);
    - ``fees_idr``: the bank fees the exporter pays (≥ 0);
    - ``spread_idr``: what selling the currency at the bank's buying rate costs against the
      reference rate (invoice × fx_rate − receipts);
    - ``net_proceeds_idr``: invoice × fx_rate − spread_idr − fees_idr, before production costs;
    - ``day_paid``: the day the last money arrives;
    - ``days_capital_tied``: days from the first day the order's closing cash position is negative
      to the first later day from which it stays ≥ 0 (if it never gets back to ≥ 0, the order loses
      money: until the last day of the timeline); 0 if it is never negative. A deposit that covers
      the first weeks of production shortens it;
    - ``peak_capital_idr``: the most negative closing position, as a positive amount: the working
      capital the order needs (0 if the buyer's money always covers the costs).

    Examples
    --------
    Full cash in advance against D/P:

    >>> table = compare_terms(["TT", "DP"], deposit_share=1.0, invoice_amount=10_000,
    ...                       fx_rate=16_500, production_cost=120_000_000,
    ...                       production_days=21, ship_day=28)
    >>> table[["term", "risk_rank", "fees_idr", "spread_idr", "days_capital_tied"]]
      term  risk_rank   fees_idr  spread_idr  days_capital_tied
    0   TT          1   490050.0   1650000.0                  0
    1   DP          3  1633500.0   1650000.0                 47
    """
    return pd.DataFrame([_summary(term, cash_flows(term, **same_kwargs)) for term in chosen_terms(terms)])


def chosen_terms(terms: Iterable[str] | str) -> list[str]:
    """The terms to compare as codes of :data:`TERMS`; none at all is an :class:`InputError`.

    >>> chosen_terms(["t/t", "L/C"])
    ['TT', 'LC']
    """
    chosen = [terms] if isinstance(terms, str) else list(terms)
    if not chosen:
        raise InputError(
            "terms",
            terms,
            {
                "id": f"pilih satu atau lebih dari: {', '.join(TERMS)}",
                "en": f"choose one or more of: {', '.join(TERMS)}",
            },
        )
    return [term_code(term, "terms") for term in chosen]


def compare_flows(flows) -> pd.DataFrame:
    """The table of :func:`compare_terms` from timelines already made by :func:`cash_flows`.

    ``flows`` maps each term to its timeline; a caller that draws the timelines too (the payment
    widget) computes them once and passes them here.

    >>> order = dict(invoice_amount=10_000, fx_rate=16_500, production_cost=120_000_000,
    ...              production_days=21, ship_day=28)
    >>> compare_flows({"DP": cash_flows("DP", **order)})["days_capital_tied"].tolist()
    [47]
    """
    return pd.DataFrame([_summary(term_code(term, "flows"), table) for term, table in dict(flows).items()])


def _summary(term: str, flows: pd.DataFrame) -> dict:
    receipts = flows.loc[flows["kind"] == "receipt"]
    fees = float(flows.loc[flows["kind"] == "fee", "amount_idr"].abs().sum())
    days_tied, peak = _capital(flows)
    reference = flows.attrs.get("invoice_idr", float(receipts["amount_idr"].sum()))
    return {
        "term": term,
        "label": tr(_LABELS[term]),
        "risk_rank": RISK_RANK[term],
        "fees_idr": fees,
        "spread_idr": reference - float(receipts["amount_idr"].sum()),
        "net_proceeds_idr": float(receipts["amount_idr"].sum()) - fees,
        "day_paid": int(receipts["day"].max()),
        "days_capital_tied": days_tied,
        "peak_capital_idr": peak,
    }
