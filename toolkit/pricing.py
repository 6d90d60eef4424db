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
    "exchange_rates",
    "reference_rate",
    "convert_from_idr",
    "quote_table",
]


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
    exw: float, incoterm: str, costs=None, insurance_rate: float = 0.0, cover: float = 1.10
) -> pd.DataFrame:
    """The price built up step by step from EXW to ``incoterm``, for a table or a waterfall chart.

    One row per step: ``step`` (``"exw"``, each cost item the rule puts on the seller, ``"insurance"``
    under CIF and CIP, then ``"total"``), ``label`` in the active language, ``amount`` (the step's
    addition; the total row's amount is the price) and ``cumulative``. Cost items the rule leaves to
    the buyer are not rows, however large they are in ``costs``.

    Examples
    --------
    >>> steps = price_buildup(100, "CIF", {"inland_transport": 5, "export_clearance": 2,
    ...                                    "origin_handling": 3, "main_carriage": 20},
    ...                       insurance_rate=0.005)
    >>> steps["step"].tolist()
    ['exw', 'inland_transport', 'export_clearance', 'origin_handling', 'main_carriage', 'insurance', 'total']
    >>> round(float(steps["cumulative"].iloc[-1]), 4)
    130.719
    """
    exw = check_number("exw", exw, minimum=0)
    rule = _rule(incoterm)
    costs = _costs(costs)
    rows = [("exw", exw)]
    rows += [(item, float(costs.get(item, 0.0))) for item in incoterms.seller_items(rule)]
    subtotal = sum(amount for _, amount in rows)
    if incoterms.seller_pays(rule, "insurance"):
        rows.append(("insurance", cif_from_cfr(subtotal, insurance_rate, cover) - subtotal))
    else:
        _insurance(insurance_rate, cover)  # still checked, so a typo is caught under any rule
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
    exw: float, incoterm: str, costs=None, insurance_rate: float = 0.0, cover: float = 1.10
) -> float:
    """The seller's price under an Incoterms 2020 rule (design section 3.1).

    ``exw`` plus the cost items ``incoterm`` puts on the seller; under CIF and CIP that sum is grossed
    up for insurance as in :func:`cif_from_cfr`. ``costs`` maps cost items
    (:data:`toolkit.incoterms.COST_ITEMS`) to amounts in the currency of ``exw``.

    Examples
    --------
    >>> costs = {"inland_transport": 5_000, "export_clearance": 2_000, "origin_handling": 3_000,
    ...          "main_carriage": 20_000, "destination_handling": 4_000,
    ...          "destination_transport": 6_000}
    >>> export_price(100_000, "EXW", costs), export_price(100_000, "FCA", costs)
    (100000.0, 107000.0)
    >>> export_price(100_000, "CFR", costs), export_price(100_000, "DAP", costs)
    (130000.0, 140000.0)
    """
    return float(price_buildup(exw, incoterm, costs, insurance_rate, cover)["cumulative"].iloc[-1])


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


def convert_from_idr(amount_idr: float, idr_per_unit: float, fx_buffer: float = 0.0) -> float:
    """A Rupiah amount in a foreign currency, protected by an FX buffer.

    amount_idr / (idr_per_unit × (1 − fx_buffer)): with a 3 % buffer the quote still covers the Rupiah
    amount if the Rupiah strengthens by up to 3 % before the buyer pays.

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
    rates: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A Rupiah price quoted in several currencies from the dated reference rates.

    The price is first grossed up for fees charged on the price (``fee_share``, e.g. 0.01 for a 1 %
    bank charge), then converted with the FX buffer (the Rupiah line carries no FX buffer: it has no
    FX risk). Columns: currency, idr_per_unit, rate_date, price.

    >>> table = quote_table(99_000, ["IDR"], fee_share=0.01)
    >>> float(table.loc[0, "price"])
    100000.0
    """
    price_idr = check_number("price_idr", price_idr, minimum=0)
    gross = gross_up(price_idr, fee_share)
    check_fraction("fx_buffer", fx_buffer)
    rows = []
    for currency in currencies:
        rate = reference_rate(currency, on, rates)
        buffer = 0.0 if currency == "IDR" else fx_buffer
        rows.append(
            {
                "currency": currency,
                "idr_per_unit": rate["idr_per_unit"],
                "rate_date": rate["date"],
                "price": convert_from_idr(gross, rate["idr_per_unit"], buffer),
            }
        )
    return pd.DataFrame(rows)
