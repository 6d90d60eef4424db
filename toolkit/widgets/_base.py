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
sentence in ``self.message`` (in the active language), never a traceback, naming the box by its
label; the last good result stays on screen, greyed out and marked as not matching the boxes
(``app.stale``), until the input can be used again. Numbers and dates are typed in text boxes
(:class:`~toolkit.widgets._controls.NumberBox`, :class:`~toolkit.widgets._controls.DateBox`) and
read in the kernel by :mod:`toolkit.i18n`; every box that cannot be read gets its own sentence.
Tests drive an app by setting ``app.controls[name].value`` (the text a participant types, or a
number) and reading ``app.result``, ``app.error``, ``app.errors``, ``app.stale``,
``app.summary.value`` and ``app.figure``.
"""

from __future__ import annotations

import contextlib
import gc
import html
import re

import ipywidgets as widgets
from traitlets import TraitError

from toolkit.errors import InputError, ReadError, ToolkitError, argument_words
from toolkit.i18n import LANGUAGES, get_language, set_language, tr
from toolkit.widgets._controls import APP_STYLE, PercentSlider
from toolkit.widgets._png import figure_png

__all__ = ["App", "InputProblems", "collection_paused", "error_html", "STALE"]

STALE = {
    "id": "Hasil di bawah (abu-abu) masih dari isian terakhir yang benar: perbaiki isian yang "
    "ditandai, hasilnya akan dihitung lagi.",
    "en": "The results below (greyed out) are still those of the last valid input: fix the input "
    "marked, and they are worked out again.",
}
"""Said above a stale result, so nobody reads it as the answer to the boxes as they are."""


class InputProblems(ToolkitError):
    """Several boxes could not be read at once; ``errors`` holds one error per box."""

    def __init__(self, errors: list[ReadError]):
        self.errors = list(errors)
        super().__init__(" ".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return " ".join(str(e) for e in self.errors)

    def __reduce__(self):
        return (InputProblems, (self.errors,))


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

    #: Toolkit argument names that are read from a control of another name (``{"margin": "rate"}``),
    #: so a toolkit error names the box the participant sees.
    aliases: dict[str, str] = {}

    def __init__(self, **initial):
        self.controls: dict[str, widgets.Widget] = {}
        self.message = widgets.HTML()
        self.summary = widgets.HTML()
        self.image = widgets.Image(format="png")  # sized by APP_STYLE
        self.figure = None
        self.result = None
        self.error: str | None = None
        self.errors: list[str] = []
        self.stale = False
        children = self.build()
        self.start_notes: dict[str, str] = {}  # starting values that could not be used as given
        for name, value in initial.items():
            if name not in self.controls:
                raise TypeError(
                    f"{type(self).__name__} has no control {name!r}; it has {sorted(self.controls)}"
                )
            self._set_initial(name, value)
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self._changed(name), names="value")
        heading = (
            widgets.HTML(f"<h3>{html.escape(tr(self.title))}</h3>")
            if self.title.get("id")
            else None
        )
        # The message sits above the controls: below a chart it scrolls out of sight.
        self.widget = widgets.VBox(
            [w for w in [heading, self.message, *children, widgets.HTML(APP_STYLE)] if w is not None],
            layout=widgets.Layout(max_width="100%"),
        )
        self.widget.add_class("ke-app")
        self.refresh()

    # -- to be written by each app ------------------------------------------------------------
    def build(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def compute(self):
        raise NotImplementedError

    def render(self, result) -> None:
        raise NotImplementedError

    def outputs(self) -> list[widgets.Widget]:
        """What shows a result (greyed out while stale): the summary and the chart by default."""
        return [self.summary, self.image]

    # -- shared machinery --------------------------------------------------------------------
    def values(self) -> dict:
        """The controls' values by name, typed boxes read as numbers and dates.

        Every box that cannot be read is named in one :class:`InputProblems`, not only the first.
        """
        out, problems = {}, []
        for name, control in self.controls.items():
            if hasattr(control, "read"):
                try:
                    out[name] = control.read()
                except ReadError as error:
                    problems.append(error)
            else:
                out[name] = control.value
        if problems:
            raise InputProblems(problems)
        return out

    def label_of(self, name: str) -> dict | None:
        """The label a participant sees on a control (both languages), if it has one."""
        control = self.controls.get(name)
        label = getattr(control, "ke_label", None) or getattr(control, "label", None)
        if isinstance(label, dict):
            return label
        description = getattr(control, "description", "")
        return {lang: description for lang in LANGUAGES} if description else None

    def for_people(self, error: InputError) -> InputError:
        """A toolkit error about an argument renamed after the box it came from, value as shown there."""
        argument = getattr(error, "argument", "") or ""
        root = re.match(r"[A-Za-z_]\w*", argument)
        if root is None:
            return error
        name = self.aliases.get(root.group(0), root.group(0))
        rest = argument[root.end():]
        key = re.fullmatch(r"\[['\"](\w+)['\"]\]", rest)
        if name not in self.controls and key and key.group(1) in self.controls:
            name, rest = key.group(1), ""  # costs['main_carriage'] is the main_carriage box
        label = self.label_of(name)
        if label is None:
            return error
        control = self.controls[name]
        if rest:
            return error.renamed(
                {lang: label[lang] + argument_words("x" + rest, lang)[1:] for lang in LANGUAGES}
            )
        shown = None
        describe = getattr(control, "describe", None)
        if describe is not None and isinstance(error.value, (int, float)) and not isinstance(
            error.value, bool
        ):
            shown = {}
            for lang in LANGUAGES:
                before = get_language()
                set_language(lang)
                try:
                    shown[lang] = describe(error.value)
                finally:
                    set_language(before)
        return error.renamed(label, shown)

    def _set_initial(self, name: str, value) -> None:
        """Set a starting value typed in a notebook cell; a value the control cannot take becomes a note.

        A typed box takes any value and refuses it, when it cannot be used, like a participant's
        typing. A slider or a drop-down keeps its default (or, for a number outside its range,
        the nearest allowed value), and the note, saying so, stays above the app until the
        participant changes that control.
        """
        control = self.controls[name]
        label = self.label_of(name) or {lang: name for lang in LANGUAGES}
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
            self.start_notes[name] = str(InputError(name, value, allowed).renamed(label))
            return
        low, high = getattr(control, "min", None), getattr(control, "max", None)
        if low is not None and high is not None and control.value != value:
            show = control.describe if isinstance(control, PercentSlider) else str
            shown = {lang: show(value) for lang in LANGUAGES}
            self.start_notes[name] = str(
                InputError(
                    name,
                    value,
                    {
                        "id": f"harus dari {show(low)} sampai {show(high)}; dipakai {show(control.value)}",
                        "en": f"it must be from {show(low)} to {show(high)}; {show(control.value)} is used",
                    },
                    shown=shown,
                ).renamed(label)
            )

    def _changed(self, name: str | None = None) -> None:
        self.start_notes.pop(name, None)
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw; errors become sentences, the last good output stays, marked stale."""
        with collection_paused():
            try:
                result = self.compute()
            except InputProblems as problems:
                self._show_errors([str(error) for error in problems.errors])
                return
            except InputError as error:
                self._show_errors([str(self.for_people(error))])
                return
            except ToolkitError as error:
                self._show_errors([str(error)])
                return
            self.error, self.errors = None, []
            self.message.value = "".join(error_html(note) for note in self.start_notes.values())
            self._set_stale(False)
            self.result = result
            self.render(result)

    def _show_errors(self, messages: list[str]) -> None:
        self.errors = messages
        self.error = " ".join(messages)
        notes = [*self.start_notes.values(), *messages]
        banner = (
            f'<div style="color:#5a3200;font-size:90%;margin:2px 0 6px 0">⚠️ {html.escape(tr(STALE))}</div>'
            if self.result is not None
            else ""
        )
        self.message.value = "".join(error_html(note) for note in notes) + banner
        self._set_stale(True)

    def _set_stale(self, stale: bool) -> None:
        self.stale = stale
        for widget in self.outputs():
            if stale:
                widget.add_class("ke-stale")
            else:
                widget.remove_class("ke-stale")

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
