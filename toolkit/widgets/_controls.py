"""Small builders shared by the topic apps: labelled controls, and HTML tables.

Nothing here computes. A number or a date is typed in a plain text box and read in the kernel by
:func:`toolkit.i18n.parse_number` or :func:`toolkit.i18n.parse_date` (never by the browser: an HTML
number box turns ``24.000.000`` into 24); beside the box the app writes back what it understood
(``= Rp24.000.000``) or that it could not read it. Percentages set with a slider show their
readout the active language's way (``3,5%``), written here, not by the browser. Tables are written
from values the toolkit returned.

>>> from toolkit.widgets._controls import money, table_html
>>> box = money({"id": "Harga", "en": "Price"}, 35_000)
>>> box.description, box.value, box.read()
('Harga', '35.000', 35000.0)
>>> box.value = "24 jt"
>>> box.read(), box.echo.value
(24000000.0, '<span class="ke-echo-ok" data-read="24 jt">= Rp24.000.000</span>')
>>> "<td" in table_html([["a", "b"]], [{"id": "X", "en": "X"}, {"id": "Y", "en": "Y"}])
True
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence

import ipywidgets as widgets
from traitlets import Any, Bool, CFloat, CInt, validate

from toolkit.errors import ReadError
from toolkit.i18n import (
    Text,
    describe_date,
    describe_number,
    format_date_in,
    format_number,
    format_percent,
    get_language,
    parse_date,
    parse_number,
    tr,
)

__all__ = [
    "MAX_MONEY",
    "LABEL_STYLE",
    "LABEL_LAYOUT",
    "APP_STYLE",
    "NumberBox",
    "DateBox",
    "PercentSlider",
    "CountSlider",
    "money",
    "count",
    "number",
    "share",
    "percent_box",
    "date",
    "text",
    "choice",
    "heading",
    "table_html",
    "summary_html",
    "percent",
]

MAX_MONEY = 1e13
"""The largest amount a money box takes (ten trillion): any real order fits, nothing overflows."""

LABEL_STYLE = {"description_width": "14em"}
LABEL_LAYOUT = widgets.Layout(width="28em", max_width="100%")

APP_STYLE = """<style>
.ke-app { max-width: 100%; box-sizing: border-box; }
.ke-app .widget-label { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; line-height: 1.15; height: auto !important; min-height: 28px;
  display: flex; align-items: center; }
.ke-app .widget-inline-hbox, .ke-app .widget-hbox { flex-wrap: wrap; max-width: 100%; }
.ke-app .widget-text input, .ke-app .widget-textarea textarea { min-width: 6em; }
.ke-app .widget-inline-hbox, .ke-app .widget-inline-vbox, .ke-app .widget-slider,
.ke-app .widget-tab { max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)) !important; }
.ke-app .widget-html, .ke-app .widget-html-content { max-width: 100%; overflow-wrap: anywhere; }
.ke-app .widget-html-content table { max-width: 100%; }
.ke-app img.widget-image { max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px)) !important;
  height: auto; align-self: flex-start; }
.ke-app .lm-TabBar-content { flex-wrap: wrap; }
.ke-app .lm-TabBar-tab { max-width: none !important; flex: 0 1 auto !important; }
.ke-app .ke-echo-ok { color: #1e6b2e; white-space: nowrap; }
.ke-app .ke-echo-bad { color: #a4261b; }
.ke-app .ke-readout { min-width: 4.5em; font-variant-numeric: tabular-nums; }
.ke-stale { opacity: 0.35; filter: grayscale(100%); }
</style>"""
"""CSS every app carries (once per app): labels wrap instead of being cut where they explain the
format, rows wrap on a narrow (1024 px) screen, stale output is greyed out."""


def _echo(text: str, ok: bool, typed: str = "") -> str:
    """What a box read, beside it; ``data-read`` holds the text it answers (a page can wait for it)."""
    css = "ke-echo-ok" if ok else "ke-echo-bad"
    return f'<span class="{css}" data-read="{html.escape(typed)}">{html.escape(text)}</span>'


class _Field(widgets.HBox):
    """A typed input and, beside it, what the kernel read from it: a ValueWidget for the apps.

    ``value`` is the text in the box (a number or a date given in code is written in the box the
    active language's way); :meth:`read` returns what it means, or raises
    :class:`~toolkit.errors.ReadError` naming the box by its label.
    """

    value = Any("")
    disabled = Bool(False)

    def __init__(self, label: Text, *, width: str = "24em", echo_width: str = "13em"):
        self.label = dict(label) if isinstance(label, dict) else {"id": label, "en": label}
        self.text = widgets.Text(
            description=tr(self.label),
            style=LABEL_STYLE,
            layout=widgets.Layout(width=width, max_width="100%"),
            continuous_update=False,
        )
        self.echo = widgets.HTML(layout=widgets.Layout(min_width=echo_width, margin="0 0 0 6px"))
        super().__init__(
            [self.text, self.echo],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center", max_width="100%"),
        )
        self.add_class("ke-field")
        widgets.link((self, "value"), (self.text, "value"))
        widgets.link((self, "disabled"), (self.text, "disabled"))
        self.observe(self._show_back, names="value")

    @property
    def description(self) -> str:
        return self.text.description

    def _show_back(self, change=None) -> None:
        try:
            understood = self.read()
        except ReadError:
            self.echo.value = _echo(
                tr({"id": "✗ tidak dipakai: lihat kotak oranye", "en": "✗ not used: see the orange box"}),
                False,
                str(self.value),
            )
            return
        self.echo.value = _echo("= " + self.describe(understood), True, str(self.value))

    def read(self):
        raise NotImplementedError

    def describe(self, understood) -> str:
        raise NotImplementedError


class NumberBox(_Field):
    """A box for a number typed the Indonesian way, read by :func:`toolkit.i18n.parse_number`.

    ``currency`` makes it a money box (its sign is allowed, the echo shows money); ``percent`` a
    percentage box (``20`` and ``20%`` both read 0.2); ``integer``, ``minimum`` (exclusive with
    ``strict``) and ``maximum`` are checked, and a value outside is refused, never clamped.
    An ``optional`` box may be left empty: it then reads ``None`` and shows ``empty`` beside it.
    """

    def __init__(
        self,
        label: Text,
        value: float | str,
        *,
        currency: str | None = None,
        percent: bool = False,
        integer: bool = False,
        minimum: float | None = None,
        maximum: float | None = None,
        strict: bool = False,
        unit: Text | str | None = None,
        width: str = "24em",
        optional: bool = False,
        empty: Text | None = None,
    ):
        self.optional, self.empty = optional, empty
        self.currency, self.percent, self.integer = currency, percent, integer
        self.minimum, self.maximum, self.strict = minimum, maximum, strict
        self.unit = unit
        super().__init__(label, width=width)
        self.value = value

    @validate("value")
    def _number_as_text(self, proposal):
        value = proposal["value"]
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{value!r} is neither text nor a number")
        return self.write(value)

    def write(self, value: float) -> str:
        """A number as it would be typed in this box: ``24.000.000``, ``12,5``, ``20%``."""
        if self.percent:
            return describe_number(value, percent=True).replace("\xa0", "")
        from toolkit.errors import show_number

        return show_number(value)

    def read(self) -> float:
        """What the box holds, as a number; a :class:`~toolkit.errors.ReadError` if it cannot be used."""
        if self.optional and not str(self.value).strip():
            return None
        try:
            number = parse_number(
                self.value,
                percent=self.percent,
                currency=self.currency,
                integer=self.integer,
                minimum=self.minimum,
                maximum=self.maximum,
                strict=self.strict,
            )
        except ReadError as error:
            raise error.renamed(self.label) from None
        return int(number) if self.integer else number

    def describe(self, understood: float | None) -> str:
        if understood is None:
            return tr(self.empty or {"id": "(kosong)", "en": "(empty)"})
        text = describe_number(understood, percent=self.percent, currency=self.currency)
        if self.unit:
            text += " " + (tr(self.unit) if isinstance(self.unit, dict) else self.unit)
        return text


class DateBox(_Field):
    """A box for a date typed day-month-year (or ISO), read by :func:`toolkit.i18n.parse_date`.

    The echo shows the weekday and the month's name (``= Jumat, 26 Februari 2027``); ``minimum``
    and ``maximum`` (dates, or a function returning one, such as ``datetime.date.today``) bound it.
    """

    def __init__(self, label: Text, value, *, minimum=None, maximum=None, width: str = "24em"):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(label, width=width, echo_width="15em")
        self.value = value

    @validate("value")
    def _date_as_text(self, proposal):
        value = proposal["value"]
        if isinstance(value, str):
            return value
        if isinstance(value, dt.date):
            return self.write(value)
        if value is None:
            return ""
        raise TypeError(f"{value!r} is neither text nor a date")

    @staticmethod
    def write(value: dt.date) -> str:
        """A date as it would be typed: ``26/02/2027``."""
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"

    def read(self) -> dt.date:
        bound = {
            name: (limit() if callable(limit) else limit)
            for name, limit in (("minimum", self.minimum), ("maximum", self.maximum))
        }
        try:
            return parse_date(self.value, **bound)
        except ReadError as error:
            raise error.renamed(self.label) from None

    def describe(self, understood: dt.date) -> str:
        return describe_date(understood)


class PercentSlider(widgets.HBox):
    """A slider for a fraction, with a readout written the active language's way (``3,5%``).

    ipywidgets' own readout is drawn by the browser in English (``3.5%``) and can be typed into
    without any check (``20%`` typed there moved a 0-30% slider to 30%); this one is plain text
    written in the kernel. With ``typed=True`` (a slider on its own in a notebook cell, outside an
    app) the readout is a percentage box instead, read by :func:`toolkit.i18n.parse_number`:
    ``20%`` or ``20`` moves the slider to 20%; what cannot be used (``abc``, a value outside the
    slider's range) is refused beside the box with its sentence, and the slider stays where it was.
    """

    value = CFloat(0.0)
    disabled = Bool(False)
    _slider = widgets.FloatSlider

    def __init__(self, label: Text, value: float, *, minimum: float, maximum: float, step: float,
                 decimals: int = 0, typed: bool = False):
        self.label = dict(label)
        self.decimals = decimals
        self.box = None
        self.slider = self._slider(
            value=value,
            min=minimum,
            max=maximum,
            step=step,
            readout=False,
            description=tr(label),
            style=LABEL_STYLE,
            layout=widgets.Layout(width="24em", max_width="100%"),
            continuous_update=False,
        )
        self.readout = widgets.HTML()
        self.readout.add_class("ke-readout")
        if typed:
            self.box = NumberBox(
                {"id": "atau ketik", "en": "or type"}, self.slider.value, percent=True,
                minimum=minimum, maximum=maximum, width="14em",
            )
            self.box.text.style = {"description_width": "initial"}
            self.box.echo.layout.min_width = "8em"
            self.box.observe(self._typed, names="value")
        super().__init__(
            [self.slider, self.box if typed else self.readout],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center", max_width="100%"),
        )
        self.value = self.slider.value
        widgets.link((self, "value"), (self.slider, "value"))
        widgets.link((self, "disabled"), (self.slider, "disabled"))
        if typed:
            widgets.link((self, "disabled"), (self.box, "disabled"))
        self.observe(self._show, names="value")
        self._show()

    @validate("value")
    def _within_range(self, proposal):
        """The slider's own range: a value outside it becomes its nearest end, as the slider shows."""
        return min(max(float(proposal["value"]), self.slider.min), self.slider.max)

    @property
    def min(self) -> float:
        return self.slider.min

    @property
    def max(self) -> float:
        return self.slider.max

    @property
    def step(self) -> float:
        return self.slider.step

    def set_range(self, minimum: float, maximum: float) -> None:
        """A new range for the slider (and its box); a value outside it moves to the nearest end."""
        if minimum > self.slider.max:
            self.slider.max = maximum
            self.slider.min = minimum
        else:
            self.slider.min = minimum
            self.slider.max = maximum
        if self.box is not None:
            self.box.minimum, self.box.maximum = minimum, maximum
        self.value = self.value  # through _within_range

    @property
    def description(self) -> str:
        return self.slider.description

    def describe(self, value: float) -> str:
        """The readout: a percentage with the decimals it needs, at most ``decimals`` (``3%``, ``0,4%``)."""
        for decimals in range(self.decimals + 1):
            if abs(round(value * 100, decimals) - value * 100) < 1e-9:
                break
        return format_percent(value, decimals=decimals)

    def _show(self, change=None) -> None:
        self.readout.value = f"<b>{html.escape(self.describe(self.slider.value))}</b>"
        if self.box is not None:
            try:
                shown = self.box.read()
            except ReadError:
                shown = None
            if shown is None or abs(shown - self.slider.value) > 1e-12:
                self.box.value = self.slider.value  # written back as typed: "20%"

    def _typed(self, change=None) -> None:
        """What was typed in the box moves the slider, or is refused beside the box with why."""
        try:
            understood = self.box.read()
        except ReadError as error:
            # Outside an app there is no orange box: the sentence itself goes beside the box,
            # naming the slider it is for.
            error = error.renamed(self.label)
            self.box.echo.value = (
                f'<span class="ke-echo-bad" style="color:#a4261b" data-read="{html.escape(str(self.box.value))}">'
                f"✗ {html.escape(str(error))}</span>"
            )
            return
        self.value = understood


class CountSlider(PercentSlider):
    """A slider for a whole number (days), its readout written in the kernel (``3``, ``1.000``).

    ipywidgets' own readout of an ``IntSlider`` is drawn by the browser, can be typed into, and on
    a 1024 px screen wrapped under the slider, drawn over the summary below (module 08's buffer).
    """

    value = CInt(0)
    _slider = widgets.IntSlider

    def __init__(self, label: Text, value: int, *, minimum: int, maximum: int, step: int = 1,
                 unit: Text | None = None):
        self.unit = unit
        super().__init__(label, value, minimum=minimum, maximum=maximum, step=step)

    @validate("value")
    def _within_range(self, proposal):
        return int(min(max(int(proposal["value"]), self.slider.min), self.slider.max))

    def describe(self, value: float) -> str:
        text = format_number(value)
        return f"{text} {tr(self.unit)}" if self.unit else text


def money(
    label: Text,
    value: float,
    *,
    maximum: float = MAX_MONEY,
    currency: str = "IDR",
    positive: bool = False,
) -> NumberBox:
    """A box for an amount of money in ``currency``, from 0 (or above 0) to ``maximum``."""
    return NumberBox(label, value, currency=currency, minimum=0, maximum=maximum, strict=positive)


def count(
    label: Text,
    value: int,
    *,
    minimum: int = 0,
    maximum: int = 10_000_000,
    unit: Text | str | None = None,
) -> NumberBox:
    """A box for a whole number from ``minimum`` to ``maximum``."""
    return NumberBox(label, value, integer=True, minimum=minimum, maximum=maximum, unit=unit)


def number(
    label: Text,
    value: float,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    strict: bool = False,
    unit: Text | str | None = None,
) -> NumberBox:
    """A box for any number (a size in cm, a weight in kg, an exchange rate)."""
    return NumberBox(label, value, minimum=minimum, maximum=maximum, strict=strict, unit=unit)


def share(
    label: Text,
    value: float,
    *,
    minimum: float = 0.0,
    maximum: float = 1.0,
    step: float = 0.01,
    decimals: int = 0,
    typed: bool = False,
) -> PercentSlider:
    """A slider for a fraction shown as a percentage (0.2 reads "20%"); ``typed``: with a box to type it."""
    return PercentSlider(
        label, value, minimum=minimum, maximum=maximum, step=step, decimals=decimals, typed=typed
    )


def percent_box(label: Text, value: float, *, maximum: float = 1.0) -> NumberBox:
    """A box for a percentage typed as a participant says it (``25`` or ``25%`` for 25 %), 0 to ``maximum``."""
    return NumberBox(label, value, percent=True, minimum=0, maximum=maximum)


def text(label: Text, value: str, *, placeholder: str = "", width: str = "40em") -> widgets.Text:
    """A one-line box for words (a name, an address), its label kept in both languages (``ke_label``)."""
    control = widgets.Text(
        value=value,
        placeholder=placeholder,
        description=tr(label),
        style=LABEL_STYLE,
        layout=widgets.Layout(width=width, max_width="100%"),
        continuous_update=False,
    )
    control.ke_label = dict(label)
    return control


def date(label: Text, value: dt.date | str, *, minimum=None, maximum=None) -> DateBox:
    """A box for a date, typed day/month/year."""
    return DateBox(label, value, minimum=minimum, maximum=maximum)


def choice(
    label: Text,
    options: Sequence[tuple[Text | str, str]],
    value: str,
    *,
    buttons: bool = False,
    width: str = "28em",
):
    """A drop-down (or toggle buttons) whose options read in the active language.

    ``options`` pairs what the reader sees with the value the toolkit takes.
    """
    shown = [(tr(words) if isinstance(words, dict) else words, key) for words, key in options]
    kind = widgets.ToggleButtons if buttons else widgets.Dropdown
    control = kind(options=shown, value=value, description=tr(label), style=LABEL_STYLE)
    if not buttons:
        control.layout = widgets.Layout(width=width, max_width="100%")
    else:
        control.style.button_width = "auto"
    control.ke_label = dict(label)
    return control


def heading(text: Text) -> widgets.HTML:
    """A small section heading inside an app."""
    return widgets.HTML(f"<b>{html.escape(tr(text))}</b>")


_TABLE = 'style="border-collapse:collapse;font-size:90%;margin:4px 0"'
_CELL = 'style="border-bottom:1px solid #ddd;padding:2px 8px;text-align:{align}{extra}"'


def table_html(
    rows: Iterable[Sequence[str]],
    columns: Sequence[Text | str],
    *,
    highlight: Iterable[int] = (),
    bold: Iterable[int] = (),
    align: Sequence[str] | None = None,
    cell_styles: Sequence[Sequence[str]] | None = None,
) -> str:
    """An HTML table of already formatted cells; rows in ``highlight`` shaded, in ``bold`` bold.

    ``align`` gives each column's alignment (``"left"`` or ``"right"``; default: first column left,
    the others right); ``cell_styles`` adds CSS to single cells, row by row.
    """
    rows = [list(row) for row in rows]
    highlight, bold = set(highlight), set(bold)
    width = len(columns)
    align = list(align) if align is not None else ["left"] + ["right"] * (width - 1)
    head = "".join(
        f"<th {_CELL.format(align=align[i], extra=';background:#f3f3f3')}>"
        f"{html.escape(tr(c) if isinstance(c, dict) else str(c))}</th>"
        for i, c in enumerate(columns)
    )
    body = []
    for r, row in enumerate(rows):
        shade = ";background:#fff3c4" if r in highlight else ""
        weight = ";font-weight:bold" if r in bold else ""
        cells = []
        for i, cell in enumerate(row):
            extra = shade + weight + (cell_styles[r][i] if cell_styles else "")
            cells.append(
                f"<td {_CELL.format(align=align[i], extra=extra)}>{html.escape(str(cell))}</td>"
            )
        outline = ' style="outline:2px solid #e6a100"' if r in highlight else ""
        body.append(f"<tr{outline}>{''.join(cells)}</tr>")
    return (
        '<div style="max-width:100%;overflow-x:auto">'
        f"<table {_TABLE}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def summary_html(items: Iterable[tuple[Text | str, str]], *, align: str = "left") -> str:
    """Key figures as a two-column list: label (active language) and a formatted value.

    The label column keeps room for its words (no three-line "Mulai / paling / lambat"); the
    value follows it rather than being pushed to the far edge.
    """
    rows = "".join(
        f'<tr><td style="padding:1px 12px 1px 0;vertical-align:top;min-width:12em">'
        f"{html.escape(tr(label) if isinstance(label, dict) else label)}</td>"
        f'<td style="padding:1px 0;text-align:{align}"><b>{html.escape(value)}</b></td></tr>'
        for label, value in items
    )
    return f'<table style="font-size:100%;margin:4px 0">{rows}</table>'


def percent(value: float) -> str:
    """A share as a percentage, with one decimal only when it is not a whole percent: 20%, 0,4%.

    >>> percent(0.2), percent(0.004)
    ('20%', '0,4%')
    """
    whole = abs(value * 100 - round(value * 100)) < 1e-9
    return format_percent(value, decimals=0 if whole else 1)


def date_words(value: dt.date) -> str:
    """A date in a sentence, the month by name: ``4 November 2026`` (never ``2026-11-04``)."""
    return format_date_in(value, get_language())
