"""Payment-terms comparison (module 06): when the money comes, what the banks keep, how long capital is tied.

The participant describes one order (invoice, exchange rate, production cost and days, shipment
day, days in transit) and the terms' settings (T/T deposit, when the balance is paid, L/C
confirmation, D/P collection); the app puts the chosen terms side by side with
:func:`toolkit.payment.compare_terms` and draws each term's cash position day by day
(:func:`toolkit.payment.cash_flows`, :func:`toolkit.charts.cash_flow_chart`). Fees keep the
module's indicative defaults: verify them with your bank.

Examples
--------
>>> from toolkit.widgets.payment import PaymentTermsApp
>>> app = PaymentTermsApp(invoice_amount=10_000, fx_rate=16_500, production_cost=120_000_000,
...                       production_days=21, ship_day=28, deposit_share=0.3)
>>> app.result["table"]["term"].tolist()
['TT', 'LC', 'DP']
>>> app.result["table"]["days_capital_tied"].tolist()
[21, 42, 47]
"""

from __future__ import annotations

import ipywidgets as widgets

from toolkit import charts, payment, pricing
from toolkit.i18n import Text, format_money, format_number, tr
from toolkit.widgets._base import App
from toolkit.widgets._controls import (
    LABEL_STYLE,
    choice,
    count,
    heading,
    money,
    number,
    share,
    table_html,
)

__all__ = ["PaymentTermsApp", "INVOICE_CURRENCIES"]

INVOICE_CURRENCIES = ("USD", "CNY")
"""The currencies an invoice can be in; the exchange rate starts at the latest reference rate."""

_BALANCE: list[tuple[Text, str]] = [
    ({"id": "Sebelum barang dimuat", "en": "Before the goods are loaded"}, "before_shipment"),
    ({"id": "Setelah salinan B/L dikirim", "en": "Against a copy of the B/L"}, "bl_copy"),
]
_COSTS: list[tuple[Text, str]] = [
    ({"id": "Mingguan selama produksi", "en": "Weekly during production"}, "spread"),
    ({"id": "Semua di awal", "en": "All on the order date"}, "upfront"),
]


class PaymentTermsApp(App):
    """One order under T/T, L/C, D/P (and open account) → a cash-flow chart and a comparison table.

    Controls (keyword initial values): ``terms`` (a tuple of :data:`toolkit.payment.TERMS`),
    ``currency`` (``"USD"`` or ``"CNY"``; choosing one sets ``fx_rate`` to its latest reference
    rate), ``invoice_amount`` (in that currency), ``fx_rate`` (Rupiah per unit),
    ``production_cost`` (Rupiah), ``production_days``, ``ship_day``, ``transit_days``,
    ``cost_timing``, ``deposit_share``, ``balance_on``, ``lc_confirmation_share`` and ``oa_days``.

    After each refresh ``result`` holds ``table`` (:func:`~toolkit.payment.compare_terms`) and
    ``flows`` (each term's :func:`~toolkit.payment.cash_flows`, by term).
    """

    title = {"id": "Perbandingan cara pembayaran", "en": "Payment terms compared"}

    def build(self) -> list[widgets.Widget]:
        self.rates = pricing.exchange_rates()
        self.controls = {
            "terms": widgets.SelectMultiple(
                options=[(payment.term_label(term), term) for term in payment.TERMS],
                value=("TT", "LC", "DP"),
                rows=4,
                description=tr({"id": "Cara pembayaran", "en": "Payment terms"}),
                style=LABEL_STYLE,
                layout=widgets.Layout(width="36em", max_width="100%"),
            ),
            "currency": choice(
                {"id": "Mata uang invoice", "en": "Invoice currency"},
                [(c, c) for c in INVOICE_CURRENCIES],
                "USD",
                buttons=True,
            ),
            "invoice_amount": money(
                {"id": "Nilai invoice", "en": "Invoice amount"}, 10_000, currency="USD"
            ),
            "fx_rate": number(
                {"id": "Kurs (Rp per 1 unit)", "en": "Rate (IDR per unit)"},
                self._reference("USD"),
                minimum=0,
                maximum=1_000_000,
                strict=True,
                unit={"id": "Rupiah", "en": "Rupiah"},
            ),
            "production_cost": money(
                {"id": "Biaya produksi (Rp)", "en": "Production cost (IDR)"}, 120_000_000
            ),
            "production_days": count(
                {"id": "Lama produksi (hari)", "en": "Production (days)"}, 21, maximum=365
            ),
            "ship_day": count({"id": "Hari pengapalan", "en": "Shipment day"}, 28, maximum=730),
            "transit_days": count(
                {"id": "Lama pelayaran (hari)", "en": "Transit (days)"}, 14, maximum=120
            ),
            "cost_timing": choice(
                {"id": "Biaya produksi dibayar", "en": "Production costs paid"}, _COSTS, "spread"
            ),
            "deposit_share": share({"id": "Uang muka T/T", "en": "T/T deposit"}, 0.3, step=0.05),
            "balance_on": choice(
                {"id": "Pelunasan T/T", "en": "T/T balance paid"}, _BALANCE, "before_shipment"
            ),
            "lc_confirmation_share": share(
                {"id": "Biaya konfirmasi L/C", "en": "L/C confirmation fee"},
                0.005,
                maximum=0.02,
                step=0.0025,
                decimals=2,
            ),
            "oa_days": count(
                {"id": "Open account: tempo (hari)", "en": "Open account: credit (days)"},
                30,
                maximum=365,
            ),
        }
        order = [heading({"id": "Pesanan", "en": "The order"})] + [
            self.controls[name]
            for name in (
                "terms",
                "currency",
                "invoice_amount",
                "fx_rate",
                "production_cost",
                "production_days",
                "ship_day",
                "transit_days",
                "cost_timing",
            )
        ]
        terms = [heading({"id": "Syarat pembayaran", "en": "Terms' settings"})] + [
            self.controls[name]
            for name in ("deposit_share", "balance_on", "lc_confirmation_share", "oa_days")
        ]
        return [widgets.VBox(order + terms), self.summary, self.image]

    def __init__(self, **initial):
        super().__init__(**initial)
        # After the initial values, so PaymentTermsApp(currency="CNY", fx_rate=2300) keeps 2300.
        self.controls["invoice_amount"].currency = self.controls["currency"].value
        self.controls["invoice_amount"]._show_back()
        self.controls["currency"].observe(self._currency_changed, names="value")

    def _reference(self, currency: str) -> float:
        return pricing.reference_rate(currency, rates=self.rates)["idr_per_unit"]

    def _currency_changed(self, change) -> None:
        """A new invoice currency starts from its reference rate (the rate box then refreshes)."""
        self.controls["invoice_amount"].currency = change["new"]
        self.controls["invoice_amount"]._show_back()
        self.controls["fx_rate"].value = self._reference(change["new"])

    def compute(self) -> dict:
        v = self.values()
        order = {name: v[name] for name in v if name != "terms"}  # currency: its fees convert
        flows = {term: payment.cash_flows(term, **order) for term in payment.chosen_terms(v["terms"])}
        table = payment.compare_flows(flows)
        return {"table": table, "flows": flows}

    def render(self, result: dict) -> None:
        table = result["table"]
        best = int(table["net_proceeds_idr"].idxmax())
        rows = [
            [
                row.label,
                format_money(row.net_proceeds_idr),
                format_money(row.fees_idr),
                format_number(row.day_paid),
                format_number(row.days_capital_tied),
                format_money(row.peak_capital_idr),
                format_number(row.risk_rank),
            ]
            for row in table.itertuples(index=False)
        ]
        self.summary.value = table_html(
            rows,
            [
                {"id": "Cara pembayaran", "en": "Payment term"},
                {"id": "Diterima bersih", "en": "Net proceeds"},
                {"id": "Biaya bank", "en": "Bank fees"},
                {"id": "Hari lunas", "en": "Day paid"},
                {"id": "Hari modal tertahan", "en": "Days capital tied up"},
                {"id": "Modal kerja dibutuhkan", "en": "Working capital needed"},
                {"id": "Risiko (1 = paling aman)", "en": "Risk (1 = safest)"},
            ],
            highlight=[best],
        ) + (
            '<div style="font-size:85%;color:#555">'
            + tr(
                {
                    "id": "Biaya bank memakai angka indikatif modul; periksa tarif bank Anda. "
                    "Baris bertanda: penerimaan bersih tertinggi.",
                    "en": "Bank fees use the module's indicative figures; check your bank's tariff. "
                    "Outlined row: the highest net proceeds.",
                }
            )
            + "</div>"
        )
        flows = {payment.term_label(term): frame for term, frame in result["flows"].items()}
        self.show_figure(charts.cash_flow_chart(flows, figure=self.figure))
