"""Interactive apps for the course notebooks: thin ipywidgets over :mod:`toolkit` and its charts.

One module per topic; each app is built by calling its class and displayed as the cell's value.
"""
