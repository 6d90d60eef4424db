"""Charts as PNG for the widgets: the canvas kept with a figure, and texts rasterised once."""

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from toolkit import charts
from toolkit.costing import break_even_table
from toolkit.pricing import price_buildup
from toolkit.widgets import _png
from toolkit.widgets._png import ChartCanvas, TextCacheRenderer, figure_png


def _break_even():
    # Its y-axis label is turned a quarter: stamped bitmaps must turn with it.
    return charts.break_even_chart(
        break_even_table(fixed_costs=6_000_000, price=35_000, variable_cost=20_000)
    )


def _waterfall():
    steps = price_buildup(85_000_000, "CIF", {"main_carriage": 12_000_000}, insurance_rate=0.004)
    return charts.price_waterfall(steps, cost=70_000_000)


def _drawn(figure, canvas_class) -> np.ndarray:
    figure.set_dpi(_png.DPI)
    canvas = canvas_class(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(float)


def _blocks(pixels: np.ndarray, size: int = 4) -> np.ndarray:
    """Means over size × size blocks: what the eye sees, without the sub-pixel placement of glyphs."""
    height, width = (pixels.shape[0] // size) * size, (pixels.shape[1] // size) * size
    cut = pixels[:height, :width]
    return cut.reshape(height // size, size, width // size, size, 3).mean(axis=(1, 3))


@pytest.mark.parametrize("make", [_break_even, _waterfall], ids=["break-even", "waterfall"])
def test_stamped_texts_look_as_matplotlib_draws_them(make):
    """Does the text-caching canvas draw the chart as matplotlib's own Agg canvas does?

    matplotlib 3.11 places each glyph at a fraction of a pixel, the stamp puts a text's bitmap on
    whole pixels (as matplotlib 3.10 did): pixels at letters' edges differ, so the pictures are
    compared in 4-pixel blocks. Every text one pixel off would give a mean difference near 1.7.
    """
    theirs = _drawn(make(), FigureCanvasAgg)
    ours = _drawn(make(), ChartCanvas)
    assert ours.shape == theirs.shape
    assert np.abs(_blocks(ours) - _blocks(theirs)).mean() < 1.0


def _ink(canvas_class, angle: float) -> np.ndarray:
    """Left, right, top and bottom pixel of the ink of one text drawn at ``angle`` degrees."""
    figure = Figure(figsize=(2, 2), dpi=_png.DPI)
    figure.text(0.5, 0.5, "Rupiah (jt)", rotation=angle, fontsize=10)
    canvas = canvas_class(figure)
    canvas.draw()
    ink = 255 - np.asarray(canvas.buffer_rgba())[..., 0].astype(int)
    rows, columns = np.nonzero(ink > 60)
    return np.array([columns.min(), columns.max(), rows.min(), rows.max()])


@pytest.mark.parametrize("angle", [0, 30, 90])
def test_a_turned_text_lands_where_matplotlib_puts_it(angle):
    """Level, slanted or upright (an axis label), is a text's ink within a pixel of matplotlib's?"""
    assert np.abs(_ink(ChartCanvas, angle) - _ink(FigureCanvasAgg, angle)).max() <= 1


def test_each_text_is_rasterised_once():
    """Does a second draw of the same chart rasterise no text again, and a new label only itself?"""
    figure = _waterfall()
    figure_png(figure)
    stored = len(TextCacheRenderer._bitmaps)
    figure_png(figure)
    assert len(TextCacheRenderer._bitmaps) == stored
    figure.axes[0].set_title("Judul yang belum pernah digambar 7319")
    figure_png(figure)
    assert len(TextCacheRenderer._bitmaps) == stored + 1


def test_the_bitmaps_kept_are_bounded(monkeypatch):
    """With room for 5 bitmaps, are only the 5 latest kept?"""
    monkeypatch.setattr(TextCacheRenderer, "MAX_TEXTS", 5)
    monkeypatch.setattr(TextCacheRenderer, "_bitmaps", type(TextCacheRenderer._bitmaps)())
    figure_png(_break_even())
    assert len(TextCacheRenderer._bitmaps) == 5


def test_mathtext_is_left_to_matplotlib():
    """Is a mathtext title ($...$) still drawn, by matplotlib, and not stored?"""
    figure = _break_even()
    figure.axes[0].set_title(r"$x^2$ unit")
    figure_png(figure)
    assert not any(key[0] == r"$x^2$ unit" for key in TextCacheRenderer._bitmaps)


def test_a_figure_keeps_its_canvas_and_is_640_pixels_wide():
    """Is the canvas made once per figure, and the PNG 6.4 inches at 100 dpi?"""
    figure = _waterfall()
    first = figure_png(figure)
    canvas = figure.canvas
    assert isinstance(canvas, ChartCanvas)
    second = figure_png(figure)
    assert figure.canvas is canvas and first == second
    assert Image.open(io.BytesIO(first)).size[0] == 640
