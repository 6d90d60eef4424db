"""A chart as PNG bytes, fast enough to redraw on every change of a control.

:func:`figure_png` draws a :mod:`toolkit.charts` figure on an Agg canvas that stays with the
figure, and encodes the pixels with Pillow at a low compression level. What that saves, measured on
the course's 2-core machine (``benchmarks/widgets.py --strategies`` prints it):

- ``Figure.savefig`` makes a new canvas and renderer on each call, so matplotlib measures every
  text again; a canvas kept with the figure keeps those measurements;
- matplotlib 3.11's Agg backend shapes and rasterises every text glyph by glyph on every draw,
  about 2 ms a label here, which made text most of a chart's time. :class:`TextCacheRenderer`
  rasterises each distinct text once, as matplotlib up to 3.10 did, and stamps the stored bitmap
  on later draws: tick labels, titles and legends mostly repeat from one change to the next;
- PNG compression level 1 instead of 6: a third less encoding time, files about 5 % bigger for
  these flat-coloured charts.

The stamping uses two matplotlib internals (``RendererAgg._prepare_font`` and the Agg renderer's
``draw_text_image``, both in matplotlib 3.8 to 3.11); where they are missing, texts are drawn by
matplotlib as usual. ``tests/toolkit/widgets/test_png.py`` compares the pictures with matplotlib's.

Examples
--------
>>> from toolkit.charts import break_even_chart
>>> from toolkit.costing import break_even_table
>>> figure = break_even_chart(break_even_table(fixed_costs=6e6, price=35_000, variable_cost=20_000))
>>> figure_png(figure)[:4]
b'\\x89PNG'
>>> type(figure.canvas).__name__, figure.dpi == DPI
('ChartCanvas', True)
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["DPI", "ChartCanvas", "TextCacheRenderer", "figure_png"]

DPI = 100
"""Pixels per inch of the widgets' charts: a 6.4-inch chart is 640 px wide. Charts are shown at
that size, never stretched (stretched, they look soft on a projector), and shrink to fit a narrow
screen; 80 (512 px) had made them small beside the apps' text. It costs 1 to 18 ms more per
redraw (``benchmarks/widgets.py``, 3 December 2026), every app still under 100 ms."""

PNG_COMPRESSION = 1
"""zlib level for the PNG: 1 encodes about three times faster than 6 and is hardly bigger."""


def _can_stamp_text() -> bool:
    """Whether this matplotlib has what :class:`TextCacheRenderer` uses (true for 3.8 to 3.11)."""
    from matplotlib.ft2font import FT2Font

    return all(
        (
            hasattr(RendererAgg, "_prepare_font"),
            hasattr(FT2Font, "draw_glyphs_to_bitmap"),
            hasattr(FT2Font, "get_image"),
            hasattr(FT2Font, "get_bitmap_offset"),
        )
    )


class TextCacheRenderer(RendererAgg):
    """An Agg renderer that rasterises each distinct text once and stamps its bitmap afterwards.

    A text's bitmap depends on its string, font, size, resolution, antialiasing and hinting; its
    colour and alpha come from the graphics context when it is stamped, and its angle is applied
    then too (as matplotlib up to 3.10 drew every text). Mathtext, and texts with OpenType
    features or a language set (matplotlib 3.11), are drawn by matplotlib as usual, and so is
    every text when ``enabled`` is false (this matplotlib lacks what stamping needs, or a
    benchmark switched it off).
    """

    MAX_TEXTS = 4000
    """Bitmaps kept (the least recently used go first): a few megabytes at most."""

    _bitmaps: OrderedDict = OrderedDict()  # shared by all canvases: the same labels recur
    enabled = _can_stamp_text()

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        plain = not ismath and (
            mtext is None
            or not (
                getattr(mtext, "get_fontfeatures", lambda: None)()
                or getattr(mtext, "get_language", lambda: None)()
            )
        )
        if not (self.enabled and plain):
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        font = self._prepare_font(prop)  # the font matplotlib would use (rcParams included)
        antialiased = bool(gc.get_antialiased())
        flags = get_hinting_flag()
        key = (s, font.fname, prop.get_size_in_points(), self.dpi, antialiased, flags)
        stamp = self._bitmaps.get(key)
        if stamp is None:
            font.set_text(s, 0, flags=flags)
            font.draw_glyphs_to_bitmap(antialiased=antialiased)
            offset_x, offset_y = font.get_bitmap_offset()
            stamp = (
                np.array(font.get_image()),
                font.get_descent() / 64.0,
                offset_x / 64.0,
                offset_y / 64.0,
            )
            self._bitmaps[key] = stamp
            if len(self._bitmaps) > self.MAX_TEXTS:
                self._bitmaps.popitem(last=False)
        else:
            self._bitmaps.move_to_end(key)
        bitmap, descent, offset_x, offset_y = stamp
        # Placed as RendererAgg.draw_text placed a string's bitmap in matplotlib 3.10: the
        # descent, the bitmap's offset and its one-pixel nudge down turn with the text, around
        # its anchor (y is downwards), which lands turned labels where matplotlib 3.11 does.
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        x = round(x + offset_x * cos - offset_y * sin + (descent + 1) * sin)
        y = round(y - (offset_x * sin + offset_y * cos) + (descent + 1) * cos)
        self._renderer.draw_text_image(bitmap, x, y, angle, gc)


class ChartCanvas(FigureCanvasAgg):
    """An Agg canvas that draws with a :class:`TextCacheRenderer` and keeps it between draws."""

    def get_renderer(self):
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            self.renderer = TextCacheRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def figure_png(figure: Figure, dpi: float = DPI) -> bytes:
    """``figure`` drawn at ``dpi`` on its own :class:`ChartCanvas` (set up on the first call), as PNG.

    The figure keeps the canvas and the resolution, so the next call after the figure changed
    in place reuses both.
    """
    if not isinstance(figure.canvas, ChartCanvas):
        ChartCanvas(figure)  # attaches itself: figure.canvas
    if figure.dpi != dpi:
        figure.set_dpi(dpi)
    canvas = figure.canvas
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=PNG_COMPRESSION)
    return buffer.getvalue()
