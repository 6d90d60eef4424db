"""What every topic app shares: controls wired to a pure ``compute``, a ``render``, and kind errors.

A topic app (one per module in this package) subclasses :class:`App`:

- ``build()`` creates the controls (ipywidgets) in ``self.controls`` and returns the layout's
  children; labels through :func:`toolkit.i18n.tr`, so they follow :func:`toolkit.set_language`;
- ``compute()`` reads ``self.values()`` and calls toolkit functions only (no arithmetic here), returning
  a result object (a dict, a DataFrame...);
- ``render(result)`` fills ``self.summary`` (HTML) first, then draws with :meth:`App.show_figure`,
  passing the app's last figure to the chart function (``figure=self.figure``) so the chart is
  drawn again into it rather than into a new Figure.

A change of any control calls :meth:`App.refresh`; a :class:`~toolkit.errors.ToolkitError` becomes a
sentence in ``self.message`` (in the active language), never a traceback, and the last good result
stays on screen. Tests drive an app by setting ``app.controls[name].value`` and reading ``app.result``,
``app.error``, ``app.summary.value`` and ``app.figure``.
"""

from __future__ import annotations

import contextlib
import gc
import html

import ipywidgets as widgets
from traitlets import TraitError

from toolkit.errors import InputError, ToolkitError
from toolkit.i18n import tr
from toolkit.widgets._png import figure_png

__all__ = ["App", "collection_paused", "error_html"]


def error_html(text: str) -> str:
    """A participant-facing error sentence as a visible, friendly box."""
    title = tr({"id": "Periksa isian", "en": "Check your input"})
    return (
        '<div style="background:#fff4e5;border-left:4px solid #e67e22;padding:6px 10px;'
        f'margin:4px 0;color:#5a3200"><b>{title}:</b> {html.escape(text)}</div>'
    )


@contextlib.contextmanager
def collection_paused():
    """No garbage-collection pass inside the block; Python's collector runs again after it.

    A refresh makes thousands of small objects (matplotlib artists, pandas frames), which sets off
    Python's collector; now and then that is a full pass over every object in the kernel, 50 to
    75 ms on the course's 2-core machine, on top of the refresh the participant is waiting for.
    Paused, the collector catches up once the new numbers and chart are sent. Nested blocks
    leave the collector to the outermost.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _labels(options) -> list:
    """The names a participant sees for a selection's options ((label, value) pairs or plain values)."""
    return [o[0] if isinstance(o, tuple) else o for o in options]


class App:
    """Base of the topic apps: see the module docstring for the pattern."""

    #: The title shown above the app, both languages.
    title: dict = {"id": "", "en": ""}

    def __init__(self, **initial):
        self.controls: dict[str, widgets.ValueWidget] = {}
        self.message = widgets.HTML()
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.figure = None
        self.result = None
        self.error: str | None = None
        children = self.build()
        self.start_notes: list[str] = []  # starting values that could not be used as given
        for name, value in initial.items():
            if name not in self.controls:
                raise TypeError(
                    f"{type(self).__name__} has no control {name!r}; it has {sorted(self.controls)}"
                )
            self._set_initial(name, value)
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        heading = (
            widgets.HTML(f"<h3>{html.escape(tr(self.title))}</h3>")
            if self.title.get("id")
            else None
        )
        # The message sits above the controls: below a chart it scrolls out of sight.
        self.widget = widgets.VBox([w for w in [heading, self.message, *children] if w is not None])
        self.refresh()

    # -- to be written by each app ------------------------------------------------------------
    def build(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def compute(self):
        raise NotImplementedError

    def render(self, result) -> None:
        raise NotImplementedError

    # -- shared machinery --------------------------------------------------------------------
    def values(self) -> dict:
        """The controls' current values by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _set_initial(self, name: str, value) -> None:
        """Set a starting value typed in a notebook cell; a value the control cannot take becomes a note.

        The control keeps its default (or, for a number outside its range, the nearest allowed value),
        and the note stays above the app until the participant changes a control.
        """
        control = self.controls[name]
        try:
            control.value = value
        except (TraitError, ValueError, TypeError):
            options = getattr(control, "options", None)
            allowed = (
                {
                    "id": "pilih salah satu dari: " + ", ".join(map(str, _labels(options))),
                    "en": "choose one of: " + ", ".join(map(str, _labels(options))),
                }
                if options
                else {
                    "id": "nilai ini tidak bisa dipakai di sini",
                    "en": "this value cannot be used here",
                }
            )
            self.start_notes.append(str(InputError(name, value, allowed)))
            return
        low, high = getattr(control, "min", None), getattr(control, "max", None)
        if low is not None and high is not None and control.value != value:
            self.start_notes.append(
                str(
                    InputError(
                        name,
                        value,
                        {
                            "id": f"harus dari {low} sampai {high}; dipakai {control.value}",
                            "en": f"it must be from {low} to {high}; {control.value} is used",
                        },
                    )
                )
            )

    def _changed(self, change=None) -> None:
        self.start_notes = []
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw; a toolkit error becomes a sentence, the last good output stays."""
        with collection_paused():
            try:
                result = self.compute()
            except ToolkitError as error:
                self.error = str(error)
                self.message.value = "".join(
                    error_html(note) for note in [*self.start_notes, self.error]
                )
                return
            self.error = None
            self.message.value = "".join(error_html(note) for note in self.start_notes)
            self.result = result
            self.render(result)

    def show_figure(self, figure, image: widgets.Image | None = None) -> None:
        """Show a matplotlib Figure as a PNG in ``image``; by default the app's, keeping ``self.figure``.

        Figures come from :mod:`toolkit.charts`, which builds them without pyplot, so nothing needs
        closing. An app passes its last figure back to the chart function (``figure=self.figure``),
        which draws into it again; :func:`~toolkit.widgets._png.figure_png` then draws it on the
        canvas it keeps. Those figures set their own margins, so the PNG is saved as is:
        ``bbox_inches="tight"`` would draw each figure twice. ``render`` fills ``self.summary``
        first, so the numbers reach the page before the chart is drawn.
        """
        png = figure_png(figure)
        if image is None:
            self.figure, image = figure, self.image
        image.value = png

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
