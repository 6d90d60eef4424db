"""Small builders shared by the topic apps: labelled controls with safe ranges, and HTML tables.

Nothing here computes: controls are ipywidgets with bounds that keep every value a participant can
set inside what the toolkit accepts (or, where the bound itself teaches, such as a margin of 100 %,
let the toolkit answer with a sentence); tables are written from values the toolkit returned.

>>> from toolkit.widgets._controls import money, table_html
>>> money({"id": "Harga", "en": "Price"}, 35_000).description
'Harga'
>>> "<td" in table_html([["a", "b"]], [{"id": "X", "en": "X"}, {"id": "Y", "en": "Y"}])
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

import ipywidgets as widgets

from toolkit.i18n import Text, format_percent, tr

__all__ = [
    "MAX_MONEY",
    "LABEL_STYLE",
    "LABEL_LAYOUT",
    "money",
    "count",
    "share",
    "choice",
    "heading",
    "table_html",
    "summary_html",
    "percent",
]

MAX_MONEY = 1e13
"""The largest amount a money box takes (ten trillion): any real order fits, nothing overflows."""

LABEL_STYLE = {"description_width": "16em"}
LABEL_LAYOUT = widgets.Layout(width="30em")


def money(
    label: Text, value: float, *, maximum: float = MAX_MONEY, step: float = 1000
) -> widgets.BoundedFloatText:
    """A box for an amount of money, from 0 to ``maximum``."""
    return widgets.BoundedFloatText(
        value=value,
        min=0,
        max=maximum,
        step=step,
        description=tr(label),
        style=LABEL_STYLE,
        layout=LABEL_LAYOUT,
    )


def count(
    label: Text, value: int, *, minimum: int = 0, maximum: int = 10_000_000
) -> widgets.BoundedIntText:
    """A box for a whole number from ``minimum`` to ``maximum``."""
    return widgets.BoundedIntText(
        value=value,
        min=minimum,
        max=maximum,
        step=1,
        description=tr(label),
        style=LABEL_STYLE,
        layout=LABEL_LAYOUT,
    )


def share(
    label: Text,
    value: float,
    *,
    minimum: float = 0.0,
    maximum: float = 1.0,
    step: float = 0.01,
    decimals: int = 0,
) -> widgets.FloatSlider:
    """A slider for a fraction shown as a percentage (0.2 reads "20%")."""
    return widgets.FloatSlider(
        value=value,
        min=minimum,
        max=maximum,
        step=step,
        readout_format=f".{decimals}%",
        description=tr(label),
        style=LABEL_STYLE,
        layout=LABEL_LAYOUT,
        continuous_update=False,
    )


def choice(
    label: Text, options: Sequence[tuple[Text | str, str]], value: str, *, buttons: bool = False
):
    """A drop-down (or toggle buttons) whose options read in the active language.

    ``options`` pairs what the reader sees with the value the toolkit takes.
    """
    shown = [(tr(text) if isinstance(text, dict) else text, key) for text, key in options]
    kind = widgets.ToggleButtons if buttons else widgets.Dropdown
    control = kind(options=shown, value=value, description=tr(label), style=LABEL_STYLE)
    if not buttons:
        control.layout = LABEL_LAYOUT
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
    return f"<table {_TABLE}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def summary_html(items: Iterable[tuple[Text | str, str]], *, align: str = "right") -> str:
    """Key figures as a two-column list: label (active language) and a formatted value."""
    rows = "".join(
        f'<tr><td style="padding:1px 12px 1px 0;vertical-align:top">'
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
