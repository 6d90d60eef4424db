"""Price builder (module 05): from HPP or EXW, through an Incoterms rule, to a quote in IDR, USD and CNY.

The participant starts from the cost (HPP) with a margin or a markup, or straight from an EXW
price; picks the Incoterms rule; fills in the cost items (those the rule leaves to the buyer are
greyed out); sets the insurance rate, the FX buffer and the share of the price the banks keep; and
picks the currency of the quote. The app calls :mod:`toolkit.pricing` only:
:func:`~toolkit.pricing.price_from_margin` or :func:`~toolkit.pricing.price_from_markup`,
:func:`~toolkit.pricing.price_buildup` (drawn by :func:`toolkit.charts.price_waterfall`) and
:func:`~toolkit.pricing.quote_table`. All amounts are for the whole order, in Rupiah.

Examples
--------
>>> from toolkit.widgets.pricing import PriceBuilderApp
>>> app = PriceBuilderApp(amount=80_000_000, method="margin", rate=0.2, rule="EXW")
>>> app.result["exw"]
100000000.0
>>> app.controls["rate"].max  # a margin of 100% or more has no price: the slider stops at 95%
0.95
>>> app.controls["method"].value = "markup"
>>> app.controls["rate"].max  # a markup of 100% doubles the cost; 200% is as far as it goes
2.0
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from toolkit import charts, incoterms, pricing
from toolkit.i18n import Text, format_date, format_money, tr
from toolkit.widgets._base import App
from toolkit.widgets._controls import (
    choice,
    heading,
    money,
    percent,
    share,
    summary_html,
    table_html,
)

__all__ = ["PriceBuilderApp", "CURRENCIES", "DEFAULT_COSTS"]

CURRENCIES = ("IDR", "USD", "CNY")
"""The currencies the builder quotes in."""

DEFAULT_COSTS = {
    "inland_transport": 3_500_000,
    "export_clearance": 1_500_000,
    "export_duty": 0,
    "origin_handling": 2_000_000,
    "main_carriage": 12_000_000,
    "destination_handling": 1_800_000,
    "destination_transport": 2_200_000,
    "destination_unloading": 600_000,
    "import_clearance": 900_000,
    "import_duties": 9_000_000,
}
"""The cost items the builder opens with: a 20-foot container of woven bags, Serang to Shanghai (Rp)."""

_BASES = [
    ({"id": "Dari HPP + laba", "en": "From cost + profit"}, "cost"),
    ({"id": "Dari harga EXW", "en": "From an EXW price"}, "exw"),
]
_METHODS = [
    ({"id": "Margin", "en": "Margin"}, "margin"),
    ({"id": "Markup", "en": "Markup"}, "markup"),
]
RATE_RANGES = {"margin": (0.0, 0.95), "markup": (0.0, 2.0)}
"""The profit slider's range in each mode. A margin is a share of the price, so price = cost /
(1 − margin) has no answer at 100% and races away above 90%; a markup of 200% triples the cost."""

_METHOD_NAMES: dict[str, Text] = {
    "margin": {"id": "margin", "en": "margin"},
    "markup": {"id": "markup", "en": "markup"},
}


class PriceBuilderApp(App):
    """HPP or EXW, margin or markup, rule, costs, insurance, currency, FX buffer, fees → waterfall and quote.

    Controls (keyword initial values): ``base`` (``"cost"``: ``amount`` is the HPP of the order, the
    EXW price adds the margin or markup; ``"exw"``: ``amount`` is the EXW price), ``amount``,
    ``method`` (``"margin"`` or ``"markup"``), ``rate`` (0.2 for 20 %), ``rule``, one box per cost
    item of :data:`toolkit.incoterms.COST_ITEMS`, ``insurance_rate``, ``currency``, ``fx_buffer``
    and ``fee_share``.

    After each refresh ``result`` holds ``cost`` (None from an EXW price), ``exw``, ``steps`` (the
    build-up table), ``price_idr`` (the price under the rule), ``quotes`` (the quote table),
    ``price_label``, ``currency``, ``quote`` (the price in that currency) and ``equivalent`` (the markup that equals
    the margin chosen, or the other way round).
    """

    title = {"id": "Penyusun harga ekspor", "en": "Export price builder"}
    aliases = {"margin": "rate", "markup": "rate", "cost": "amount", "exw": "amount"}

    def __init__(self, **initial):
        # The mode sets the profit slider's range: it is set first, so rate=1.5, method="markup"
        # keeps a 150% markup whatever the order of the keywords.
        if "method" in initial:
            initial = {"method": initial.pop("method"), **initial}
        super().__init__(**initial)

    def build(self) -> list[widgets.Widget]:
        self.rates = pricing.exchange_rates()  # read once: every refresh quotes from this table
        controls = {
            "base": choice({"id": "Mulai", "en": "Start"}, _BASES, "cost", buttons=True),
            "amount": money(
                {"id": "HPP atau EXW pesanan (Rp)", "en": "Order's cost or EXW (IDR)"}, 80_000_000
            ),
            "method": choice(
                {"id": "Laba sebagai", "en": "Profit as"}, _METHODS, "margin", buttons=True
            ),
            "rate": share(
                {"id": "Margin / markup", "en": "Margin / markup"}, 0.2,
                maximum=RATE_RANGES["margin"][1],
            ),
            "rule": choice(
                {"id": "Incoterms 2020", "en": "Incoterms 2020"},
                [(rule, rule) for rule in incoterms.RULES],
                "FOB",
            ),
            "insurance_rate": share(
                {
                    "id": "Premi asuransi (CIF: ICC C; CIP, D: ICC A)",
                    "en": "Insurance rate (CIF: ICC C; CIP, D: ICC A)",
                },
                pricing.default_insurance_rate("FOB"),
                maximum=0.02,
                step=0.0005,
                decimals=2,
            ),
        }
        for item in incoterms.COST_ITEMS:
            controls[item] = money(incoterms.ITEM_LABELS[item], DEFAULT_COSTS[item])
        controls |= {
            "currency": choice(
                {"id": "Mata uang penawaran", "en": "Quote currency"},
                [(c, c) for c in CURRENCIES],
                "USD",
                buttons=True,
            ),
            "fx_buffer": share(
                {"id": "Cadangan kurs (FX buffer)", "en": "FX buffer"},
                0.03,
                maximum=0.2,
                step=0.005,
                decimals=1,
            ),
            "fee_share": share(
                {"id": "Biaya bank (% dari harga)", "en": "Bank fees (% of the price)"},
                0.01,
                maximum=0.1,
                step=0.001,
                decimals=1,
            ),
        }
        self.controls = controls
        controls["rule"].observe(self._default_insurance, names="value")
        # Registered before the app's own observers: the range is right before the price is worked out.
        controls["method"].observe(self._rate_range, names="value")
        left = widgets.VBox(
            [
                heading({"id": "Harga dasar", "en": "Starting price"}),
                *(controls[name] for name in ("base", "amount", "method", "rate", "rule")),
                heading({"id": "Penawaran", "en": "Quote"}),
                *(
                    controls[name]
                    for name in ("currency", "fx_buffer", "fee_share", "insurance_rate")
                ),
            ]
        )
        right = widgets.VBox(
            [
                heading(
                    {
                        "id": "Biaya untuk seluruh pesanan (Rp; abu-abu = ditanggung pembeli)",
                        "en": "Costs for the whole order (IDR; greyed out = the buyer's)",
                    }
                ),
                *(controls[item] for item in incoterms.COST_ITEMS),
            ]
        )
        return [
            widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap", max_width="100%")),
            self.summary,
            self.image,
        ]

    def _default_insurance(self, change) -> None:
        """A new rule brings its own cover's indicative rate (ICC C for CIF, ICC A for CIP and D)."""
        rate = pricing.default_insurance_rate(change["new"])
        control = self.controls["insurance_rate"]
        starting = self.result is None  # a rate given with the starting values is kept
        if rate and not (starting and control.value):
            control.value = rate

    def _rate_range(self, change) -> None:
        """The profit slider's range follows the mode; a markup beyond the margin's end is said so."""
        control = self.controls["rate"]
        before = control.value
        control.set_range(*RATE_RANGES[change["new"]])
        if control.value != before:
            # After the slider's own observers (which drop a note on "rate"): this note stays
            # until the participant moves the slider.
            self.start_notes["rate"] = tr(
                {
                    "id": "Margin / markup: markup {a} tidak bisa menjadi margin. Margin adalah bagian "
                    "dari harga, jadi harus di bawah 100%: penggeser kini di {b} (paling tinggi). "
                    "Geser ke margin yang Anda maksud; markup {a} sama dengan margin {c}.",
                    "en": "Margin / markup: a {a} markup cannot be a margin. A margin is a share of "
                    "the price, so it must stay below 100%: the slider is now at {b} (its top). "
                    "Move it to the margin you mean; a {a} markup equals a {c} margin.",
                }
            ).format(
                a=percent(before), b=percent(control.value),
                c=percent(pricing.margin_from_markup(before)),
            )

    def compute(self) -> dict:
        v = self.values()
        if v["base"] == "cost":
            cost = v["amount"]
            if v["method"] == "margin":
                exw = pricing.price_from_margin(cost, v["rate"])
                equivalent = pricing.markup_from_margin(v["rate"])
            else:
                exw = pricing.price_from_markup(cost, v["rate"])
                equivalent = pricing.margin_from_markup(v["rate"])
        else:
            cost, exw, equivalent = None, v["amount"], None
        costs = {item: v[item] for item in incoterms.COST_ITEMS}
        steps = pricing.price_buildup(exw, v["rule"], costs, insurance_rate=v["insurance_rate"])
        price = float(steps["cumulative"].iloc[-1])
        quotes = pricing.quote_table(
            price, CURRENCIES, fx_buffer=v["fx_buffer"], fee_share=v["fee_share"], rates=self.rates
        )
        chosen = quotes.loc[quotes["currency"] == v["currency"], "price"]
        return {
            "cost": cost,
            "exw": exw,
            "steps": steps,
            "price_idr": price,
            "quotes": quotes,
            "currency": v["currency"],
            "quote": float(chosen.iloc[0]),
            "method": v["method"],
            "rate": v["rate"],
            "equivalent": equivalent,
            "price_label": steps["label"].iloc[-1],
        }

    def render(self, result: dict) -> None:
        rule = self.controls["rule"].value
        seller = set(incoterms.seller_items(rule))
        for item in incoterms.COST_ITEMS:
            self.controls[item].disabled = item not in seller
        self.controls["method"].disabled = self.controls["rate"].disabled = result["cost"] is None
        self.controls["insurance_rate"].disabled = not pricing.default_insurance_rate(rule)

        items: list[tuple[Text | str, str]] = []
        if result["cost"] is not None:
            method, other = result["method"], "markup" if result["method"] == "margin" else "margin"
            items.append(
                ({"id": "HPP pesanan", "en": "Order's cost (HPP)"}, format_money(result["cost"]))
            )
            items.append(
                (
                    tr({"id": "Laba: {a} {m} = {b} {o}", "en": "Profit: {a} {m} = {b} {o}"}).format(
                        a=percent(result["rate"]),
                        m=tr(_METHOD_NAMES[method]),
                        b=percent(result["equivalent"]),
                        o=tr(_METHOD_NAMES[other]),
                    ),
                    "",
                )
            )
        items.append(({"id": "Harga EXW", "en": "EXW price"}, format_money(result["exw"])))
        # two figures, two names: the build-up's last step, then the quote with the bank's fee in it
        items.append((tr({"id": "{label} (sebelum biaya bank)", "en": "{label} (before bank fees)"})
                      .format(label=result["price_label"]), format_money(result["price_idr"])))
        headline = tr({"id": "Harga penawaran {rule}", "en": "{rule} quote"}).format(rule=rule)
        items.append((headline, format_money(result["quote"], result["currency"])))

        quotes = result["quotes"]
        rows = [
            [
                row.currency,
                "" if row.currency == "IDR" else format_money(row.idr_per_unit, "IDR"),
                "" if row.currency == "IDR" else format_date(row.rate_date),
                format_money(row.price, row.currency),
            ]
            for row in quotes.itertuples(index=False)
        ]
        chosen = [i for i, c in enumerate(quotes["currency"]) if c == result["currency"]]
        table = table_html(
            rows,
            [
                {"id": "Mata uang", "en": "Currency"},
                {"id": "Kurs (Rp per unit)", "en": "Rate (IDR per unit)"},
                {"id": "Tanggal kurs", "en": "Rate date"},
                tr({"id": "Harga penawaran {rule}", "en": "{rule} quote"}).format(rule=rule),
            ],
            highlight=chosen,
        )
        note = tr(
            {
                "id": "Harga penawaran sudah termasuk biaya bank {fee}; harga USD dan CNY dihitung "
                "dengan kurs beli bank (kurs acuan dikurangi {spread}) dan cadangan kurs {fx}. Kurs di "
                "sini kurs acuan contoh: pakai kurs hari penawaran, dan beri tanggal berlaku.",
                "en": "The quote includes {fee} bank fees; the USD and CNY prices use the bank's buying "
                "rate (the reference rate less {spread}) and a {fx} FX buffer. The rates here are sample "
                "reference rates: use the rate of the quote's day, and give a validity date.",
            }
        ).format(
            fee=percent(self.controls["fee_share"].value),
            fx=percent(self.controls["fx_buffer"].value),
            spread=percent(pricing.default_spread()),
        )
        self.summary.value = (
            summary_html(items)
            + table
            + f'<div style="font-size:85%;color:#555">{html.escape(note)}</div>'
        )
        self.show_figure(
            charts.price_waterfall(result["steps"], cost=result["cost"], figure=self.figure)
        )
