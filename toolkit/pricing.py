"""Export pricing: markup and margin, the Incoterms price build-up, insurance, fees and currencies.

Examples
--------
A 20 % margin is a 25 % markup:

>>> from toolkit.pricing import price_from_margin, price_from_markup, export_price
>>> price_from_margin(80_000, 0.20), price_from_markup(80_000, 0.25)
(100000.0, 100000.0)

An FOB price is EXW plus the costs the seller carries to the ship:

>>> export_price(100_000, "FOB", {"inland_transport": 5_000, "export_clearance": 2_000,
...                               "origin_handling": 3_000, "main_carriage": 20_000})
110000.0

Under CIP the class insures with Institute Cargo Clauses (A), dearer than the (C) of CIF, so the
same costs give a higher CIP than CIF (rates from ``toolkit/data/insurance_rates.csv``):

>>> costs = {"main_carriage": 20_000}
>>> cif = export_price(100_000, "CIF", costs, insurance_rate=default_insurance_rate("CIF"))
>>> cip = export_price(100_000, "CIP", costs, insurance_rate=default_insurance_rate("CIP"))
>>> round(cif, 2), round(cip, 2)
(120530.33, 120797.26)
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from itertools import accumulate

import pandas as pd

from toolkit import data, incoterms
from toolkit.errors import InputError, check_choice, check_fraction, check_number
from toolkit.i18n import tr

__all__ = [
    "price_from_markup",
    "price_from_margin",
    "markup_from_margin",
    "margin_from_markup",
    "gross_up",
    "cif_from_cfr",
    "export_price",
    "price_buildup",
    "FCA_PLACES",
    "insurance_rates",
    "default_insurance_rate",
    "export_duty_rate",
    "export_duty_amount",
    "exchange_rates",
    "reference_rate",
    "buying_rate",
    "default_spread",
    "convert_from_idr",
    "quote_table",
]

FCA_PLACES = ("terminal", "premises")
"""Where an FCA delivery happens: at the origin terminal (the class's usual case: the seller trucks
the goods there) or at the seller's own premises (the buyer's carrier collects them: the seller
loads the buyer's truck, and the trucking to the port is the buyer's)."""


def price_from_markup(cost: float, markup: float) -> float:
    """Price from a markup on cost: cost × (1 + markup); ``markup`` 0.25 for 25 %.

    >>> price_from_markup(16_000, 0.5)
    24000.0
    """
    cost = check_number("cost", cost, minimum=0)
    markup = check_number("markup", markup, minimum=0)
    return cost * (1.0 + markup)


def price_from_margin(cost: float, margin: float) -> float:
    """Price from a margin on price: cost / (1 − margin); ``margin`` in [0, 1).

    >>> price_from_margin(16_000, 0.2)
    20000.0
    """
    cost = check_number("cost", cost, minimum=0)
    margin = check_fraction("margin", margin)
    return cost / (1.0 - margin)


def markup_from_margin(margin: float) -> float:
    """The markup that gives the same price as ``margin``: g / (1 − g).

    >>> markup_from_margin(0.2)
    0.25
    """
    margin = check_fraction("margin", margin)
    return margin / (1.0 - margin)


def margin_from_markup(markup: float) -> float:
    """The margin that gives the same price as ``markup``: m / (1 + m).

    >>> margin_from_markup(0.25)
    0.2
    """
    markup = check_number("markup", markup, minimum=0)
    return markup / (1.0 + markup)


def gross_up(amount: float, fee_share: float) -> float:
    """The price that still leaves ``amount`` after fees charged as a share of the price.

    amount / (1 − fee_share): a 2 % bank charge on Rp98.000 needs a price of Rp100.000, not
    Rp99.960.

    >>> gross_up(98_000, 0.02)
    100000.0
    """
    amount = check_number("amount", amount, minimum=0)
    fee_share = check_fraction("fee_share", fee_share)
    return amount / (1.0 - fee_share)


def cif_from_cfr(cfr: float, insurance_rate: float, cover: float = 1.10) -> float:
    """CIF price from CFR: cfr / (1 − cover × insurance_rate).

    The premium is paid on ``cover`` (110 %) of the CIF price itself, so the price that includes it
    is grossed up, not CFR plus a premium on CFR.

    >>> round(cif_from_cfr(10_000, 0.005), 2)
    10055.3
    """
    cfr = check_number("cfr", cfr, minimum=0)
    insurance_rate, cover = _insurance(insurance_rate, cover)
    return cfr / (1.0 - cover * insurance_rate)


def _insurance(insurance_rate: float, cover: float) -> tuple[float, float]:
    insurance_rate = check_fraction("insurance_rate", insurance_rate)
    cover = check_number("cover", cover, minimum=1.0)
    if cover * insurance_rate >= 1:
        raise InputError(
            "insurance_rate",
            insurance_rate,
            {
                "id": "cover × insurance_rate harus kurang dari 1 (premi umumnya 0.003–0.005)",
                "en": "cover × insurance_rate must be below 1 (premiums are usually 0.003–0.005)",
            },
        )
    return insurance_rate, cover


def _costs(costs) -> dict[str, float]:
    costs = {} if costs is None else dict(costs)
    for item, amount in costs.items():
        check_choice("costs", item, incoterms.COST_ITEMS)
        check_number(f"costs['{item}']", amount, minimum=0)
    return costs


def price_buildup(
    exw: float,
    incoterm: str,
    costs=None,
    insurance_rate: float = 0.0,
    cover: float = 1.10,
    *,
    fca_at: str = "terminal",
) -> pd.DataFrame:
    """The price built up step by step from EXW to ``incoterm``, for a table or a waterfall chart.

    One row per step: ``step`` (``"exw"``, each cost item the rule puts on the seller,
    ``"insurance"``, then ``"total"``), ``label`` in the active language, ``amount`` (the step's
    addition; the total row's amount is the price) and ``cumulative``. Cost items the rule leaves to
    the buyer are not rows, however large they are in ``costs``.

    Insurance is grossed up on the price itself (:func:`cif_from_cfr`) under CIF and CIP, where
    it is the seller's obligation, and under DAP, DPU and DDP when ``insurance_rate > 0``: there
    the seller carries the goods' risk to the named place and should insure (design 3.1). Pass
    ``insurance_rate=0`` to leave a D rule uninsured; under the other rules the buyer insures and
    ``insurance_rate`` is only checked. ``fca_at="premises"`` is FCA at the seller's own premises:
    the buyer's carrier collects the goods there, so ``inland_transport`` is the buyer's.

    Examples
    --------
    >>> steps = price_buildup(100, "CIF", {"inland_transport": 5, "export_clearance": 2,
    ...                                    "origin_handling": 3, "main_carriage": 20},
    ...                       insurance_rate=0.005)
    >>> steps["step"].tolist()  # every item the rule puts on the seller, even at 0 (bea keluar here)
    ['exw', 'inland_transport', 'export_clearance', 'export_duty', 'origin_handling', 'main_carriage', 'insurance', 'total']
    >>> round(float(steps["cumulative"].iloc[-1]), 4)
    130.719

    DAP with the seller's own cover: 110 / (1 − 1.1 × 0.006) = 110.7308...

    >>> round(export_price(100, "DAP", {"main_carriage": 10}, insurance_rate=0.006), 4)
    110.7308
    """
    exw = check_number("exw", exw, minimum=0)
    rule = _rule(incoterm)
    costs = _costs(costs)
    fca_at = check_choice("fca_at", fca_at, FCA_PLACES)
    items = incoterms.seller_items(rule)
    if rule == "FCA" and fca_at == "premises":
        items = [item for item in items if item != "inland_transport"]
    rows = [("exw", exw)]
    rows += [(item, float(costs.get(item, 0.0))) for item in items]
    subtotal = sum(amount for _, amount in rows)
    insurance_rate, cover = _insurance(insurance_rate, cover)
    insured = incoterms.seller_pays(rule, "insurance") or (
        incoterms.carries_transit_risk(rule) and insurance_rate > 0
    )
    if insured:
        rows.append(("insurance", cif_from_cfr(subtotal, insurance_rate, cover) - subtotal))
    steps, amounts = zip(*rows)
    cumulative = list(accumulate(amounts))
    steps, amounts = [*steps, "total"], [*amounts, cumulative[-1]]
    return pd.DataFrame(
        {
            "step": steps,
            "label": [_step_label(step, rule) for step in steps],
            "amount": amounts,
            "cumulative": [*cumulative, cumulative[-1]],
        }
    )


def _rule(incoterm: str) -> str:
    if isinstance(incoterm, str) and incoterm.strip().upper() in incoterms.RULES:
        return incoterm.strip().upper()
    return check_choice("incoterm", incoterm, incoterms.RULES)


def _step_label(step: str, rule: str) -> str:
    if step == "total":
        return tr({"id": f"Harga {rule}", "en": f"{rule} price"})
    return tr(incoterms.ITEM_LABELS[step])


def export_price(
    exw: float,
    incoterm: str,
    costs=None,
    insurance_rate: float = 0.0,
    cover: float = 1.10,
    *,
    fca_at: str = "terminal",
) -> float:
    """The seller's price under an Incoterms 2020 rule (design section 3.1).

    ``exw`` plus the cost items ``incoterm`` puts on the seller; under CIF and CIP, and under the
    D rules when ``insurance_rate > 0``, that sum is grossed up for insurance as in
    :func:`cif_from_cfr`. ``costs`` maps cost items (:data:`toolkit.incoterms.COST_ITEMS`) to
    amounts in the currency of ``exw``. ``insurance_rate`` is the rate of the cover the rule calls
    for (:func:`default_insurance_rate` gives the class's indicative one); ``fca_at`` is as in
    :func:`price_buildup`.

    Examples
    --------
    >>> costs = {"inland_transport": 5_000, "export_clearance": 2_000, "export_duty": 1_000,
    ...          "origin_handling": 3_000, "main_carriage": 20_000,
    ...          "destination_handling": 4_000, "destination_transport": 6_000}
    >>> export_price(100_000, "EXW", costs), export_price(100_000, "FCA", costs)
    (100000.0, 108000.0)
    >>> export_price(100_000, "FCA", costs, fca_at="premises")  # the buyer's truck collects
    103000.0
    >>> export_price(100_000, "CFR", costs), export_price(100_000, "DAP", costs)
    (131000.0, 141000.0)

    A D rule with the seller's own cover costs more than without it: 141000 / (1 − 1.1 × 0.006)

    >>> round(export_price(100_000, "DAP", costs, insurance_rate=0.006), 2)
    141936.78
    """
    steps = price_buildup(exw, incoterm, costs, insurance_rate, cover, fca_at=fca_at)
    return float(steps["cumulative"].iloc[-1])


@cache
def _insurance_table() -> pd.DataFrame:
    return data.load("insurance_rates").set_index("clause")


def insurance_rates() -> pd.DataFrame:
    """The indicative premium rates by Institute Cargo Clauses (``toolkit/data/insurance_rates.csv``).

    Columns ``clause`` (``"A"``, ``"B"``, ``"C"``), ``rate``, ``cover``, ``name_id``, ``name_en``.
    ILLUSTRATIVE class figures: ask an insurer for the rate of your cargo and route.

    >>> insurance_rates().set_index("clause")["rate"].to_dict()
    {'C': 0.004, 'B': 0.005, 'A': 0.006}
    """
    return _insurance_table().reset_index()


def default_insurance_rate(rule: str) -> float:
    """The class's indicative premium rate for the cover ``rule`` calls for; 0 where the buyer insures.

    CIF: clauses (C); CIP: clauses (A); DAP, DPU, DDP: the seller insures its own risk with
    clauses (A) (:func:`toolkit.incoterms.insurance_clause`).

    >>> [default_insurance_rate(rule) for rule in ("FOB", "CIF", "CIP", "DAP")]
    [0.0, 0.004, 0.006, 0.006]
    """
    clause = incoterms.insurance_clause(_rule(rule))
    return 0.0 if clause is None else float(_insurance_table().at[clause, "rate"])


@cache
def _duty_table() -> pd.DataFrame:
    return data.load("export_duty").set_index("product_id")


def export_duty_rate(product_id: str) -> float | None:
    """The export duty (bea keluar) rate the class uses for a product of ``products.csv``.

    0 when the class finds no duty for it, None when the rate is not settled in the class's
    sources (check Lampiran A of PMK 38/2024 as amended: ``toolkit.data.provenance("export_duty")``).
    Rules change: confirm the 8-digit line with DJBC or a customs broker before quoting.

    >>> export_duty_rate("kulit_wet_blue"), export_duty_rate("tas_pandan"), export_duty_rate("kulit_crust")
    (0.15, 0.0, None)
    """
    table = _duty_table()
    product_id = check_choice("product_id", product_id, list(table.index))
    rate = table.at[product_id, "rate"]
    return None if pd.isna(rate) else float(rate)


def export_duty_amount(
    rate: float, reference_price: float, quantity: float, customs_rate: float = 1.0
) -> float:
    """Bea keluar: rate × the export reference price (HPE) × quantity × the customs exchange rate.

    The duty is charged on the government's export reference price (harga patokan ekspor, set by
    the Ministry of Trade), not on your invoice, converted at the customs rate (NDPBM), and paid
    before the PEB is lodged. ``reference_price`` is per unit of ``quantity``, in the currency
    ``customs_rate`` converts (leave ``customs_rate=1`` for a price already in Rupiah).

    Hand-worked: 15 % × USD 1.20 per sqft × 40.000 sqft × Rp16.250 = Rp117.000.000.

    >>> export_duty_amount(0.15, 1.20, 40_000, customs_rate=16_250)
    117000000.0
    """
    rate = check_fraction("rate", rate)
    reference_price = check_number("reference_price", reference_price, minimum=0)
    quantity = check_number("quantity", quantity, minimum=0)
    customs_rate = check_number("customs_rate", customs_rate, minimum=0, strict=True)
    return float(rate * reference_price * quantity * customs_rate)


# --- currencies ---------------------------------------------------------------------------------


def exchange_rates() -> pd.DataFrame:
    """The dated reference rates in ``toolkit/data/fx_rates.csv`` (IDR per unit of each currency).

    Their header says where they come from and that a real quotation uses the rate of its own day.

    >>> sorted(exchange_rates().columns)
    ['currency', 'date', 'idr_per_unit', 'source']
    """
    return _published_rates().copy()


@cache
def _published_rates() -> pd.DataFrame:
    table = data.load("fx_rates")
    table["date"] = pd.to_datetime(table["date"]).dt.date
    return table.sort_values(["currency", "date"], kind="stable").reset_index(drop=True)


def reference_rate(currency: str, on: dt.date | str | None = None, rates: pd.DataFrame | None = None) -> dict:
    """The latest reference rate for ``currency`` published on or before ``on`` (default: the latest).

    Returns ``{"currency", "date", "idr_per_unit", "source"}``; IDR is 1 on any date.

    >>> rate = reference_rate("USD")
    >>> rate["idr_per_unit"] > 10_000
    True
    """
    rates = _published_rates() if rates is None else rates
    known = sorted(set(rates["currency"])) + ["IDR"]
    currency = check_choice("currency", currency, known)
    on = _date("on", on)
    if currency == "IDR":
        return {"currency": "IDR", "date": on, "idr_per_unit": 1.0, "source": ""}
    published = rates[(rates["currency"] == currency)].sort_values("date")
    if on is not None:
        earlier = published[published["date"] <= on]
        if earlier.empty:
            first = published["date"].iloc[0]
            raise InputError(
                "on",
                on,
                {
                    "id": f"belum ada kurs {currency} pada atau sebelum tanggal itu; kurs pertama tercatat {first}",
                    "en": f"there is no {currency} rate on or before that date; the first one recorded is {first}",
                },
            )
        published = earlier
    row = published.iloc[-1]
    return {
        "currency": currency,
        "date": row["date"],
        "idr_per_unit": float(row["idr_per_unit"]),
        "source": row["source"],
    }


def _date(argument: str, value) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            argument, value, {"id": "tulis tanggal seperti 2026-11-20", "en": "write the date like 2026-11-20"}
        ) from None


@cache
def _spread() -> float:
    table = data.load("bank_charges").set_index("item")
    return float(table.at["tt_buying_spread", "value"])


def default_spread() -> float:
    """The class's indicative gap between a bank's TT buying rate and the reference rate.

    From ``toolkit/data/bank_charges.csv`` (``tt_buying_spread``): for small tickets a bank buys
    foreign currency about 0.5–1.5 % below JISDOR or BI's kurs tengah. Ask your bank for its rate.

    >>> default_spread()
    0.01
    """
    return _spread()


def buying_rate(idr_per_unit: float, spread: float | None = None) -> float:
    """The Rupiah a bank pays for one unit of foreign currency: reference rate × (1 − spread).

    An exporter sells its dollars to its bank at the bank's TT buying rate (kurs beli), below the
    reference rate (JISDOR for USD, BI's kurs tengah for other currencies). ``spread`` defaults to
    :func:`default_spread`.

    Hand-worked: Rp16.600 × (1 − 0,01) = Rp16.434.

    >>> buying_rate(16_600)
    16434.0
    >>> buying_rate(16_600, spread=0)
    16600.0
    """
    idr_per_unit = check_number("idr_per_unit", idr_per_unit, minimum=0, strict=True)
    spread = _spread() if spread is None else check_fraction("spread", spread)
    return float(idr_per_unit * (1.0 - spread))


def convert_from_idr(amount_idr: float, idr_per_unit: float, fx_buffer: float = 0.0) -> float:
    """A Rupiah amount in a foreign currency, protected by an FX buffer.

    amount_idr / (idr_per_unit × (1 − fx_buffer)): with a 3 % buffer the quote still covers the Rupiah
    amount if the Rupiah strengthens by up to 3 % before the buyer pays. ``idr_per_unit`` is the
    rate the money will be converted at: the bank's buying rate (:func:`buying_rate`) for a quote.

    >>> convert_from_idr(16_500_000, 16_500)
    1000.0
    >>> round(convert_from_idr(16_500_000, 16_500, fx_buffer=0.03), 2)
    1030.93
    """
    amount_idr = check_number("amount_idr", amount_idr, minimum=0)
    idr_per_unit = check_number("idr_per_unit", idr_per_unit, minimum=0, strict=True)
    fx_buffer = check_fraction("fx_buffer", fx_buffer)
    return amount_idr / (idr_per_unit * (1.0 - fx_buffer))


def quote_table(
    price_idr: float,
    currencies=("IDR", "USD", "CNY"),
    *,
    on: dt.date | str | None = None,
    fx_buffer: float = 0.0,
    fee_share: float = 0.0,
    spread: float | None = None,
    rates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A Rupiah price quoted in several currencies from the dated reference rates.

    The price is first grossed up for fees charged on the price (``fee_share``, e.g. 0.01 for a 1 %
    bank charge, plus 0.005 for the 0.5 % final tax on turnover), then converted at the bank's
    buying rate (reference × (1 − ``spread``), :func:`buying_rate`) with the FX buffer. The Rupiah
    line carries neither spread nor FX buffer: it has no currency to sell. Columns: currency,
    idr_per_unit (the reference rate), buying_rate, rate_date, price.

    >>> table = quote_table(99_000, ["IDR"], fee_share=0.01)
    >>> float(table.loc[0, "price"])
    100000.0

    Hand-worked for USD at a reference rate of Rp16.000 and a 1 % spread: the bank pays Rp15.840,
    so Rp15.840.000 is USD 1.000 (no buffer, no fees).

    >>> own = pd.DataFrame({"date": [dt.date(2026, 11, 2)], "currency": ["USD"],
    ...                     "idr_per_unit": [16_000.0], "source": ["own"]})
    >>> float(quote_table(15_840_000, ["USD"], rates=own, spread=0.01).loc[0, "price"])
    1000.0
    """
    price_idr = check_number("price_idr", price_idr, minimum=0)
    gross = gross_up(price_idr, fee_share)
    check_fraction("fx_buffer", fx_buffer)
    spread = _spread() if spread is None else check_fraction("spread", spread)
    rows = []
    for currency in currencies:
        rate = reference_rate(currency, on, rates)
        foreign = currency != "IDR"
        bank_rate = buying_rate(rate["idr_per_unit"], spread if foreign else 0.0)
        rows.append(
            {
                "currency": currency,
                "idr_per_unit": rate["idr_per_unit"],
                "buying_rate": bank_rate,
                "rate_date": rate["date"],
                "price": convert_from_idr(gross, bank_rate, fx_buffer if foreign else 0.0),
            }
        )
    return pd.DataFrame(rows)
