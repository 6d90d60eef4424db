"""Interactive apps for the course notebooks: thin ipywidgets over :mod:`toolkit` and its charts.

One module per topic; each app is built by calling its class and displayed as the cell's value.

``share`` (a percentage slider; ``typed=True`` adds a box read by the toolkit) is here for a
notebook's own cells. It is imported on first use: the kernel loads
:mod:`toolkit.widgets.friendly_errors` at every start, which must not pull in ipywidgets.
"""

__all__ = ["share"]


def __getattr__(name: str):
    if name == "share":
        from toolkit.widgets._controls import share

        return share
    raise AttributeError(f"module 'toolkit.widgets' has no attribute {name!r}")
