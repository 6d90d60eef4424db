"""The course in a real browser: JupyterLab in Debian's chromium, all cells run, a control moved.

What the unit tests of the widgets cannot see: that the notebook runs top to bottom inside
JupyterLab, that the widget manager draws the apps (not "Error displaying widget"), and that a
participant's click reaches the kernel and comes back as a new number on screen. Screenshots go
to each test's ``tmp_path`` and to ``test-output/browser/``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import urllib.error
import urllib.request

import nbformat
import pytest
from babel.dates import get_month_names
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from toolkit.i18n import format_money
from toolkit.pricing import price_from_margin

SMOKE_NOTEBOOK = "browser-smoke/harga-kecil.ipynb"
SMOKE_SOURCE = '''\
import ipywidgets as widgets

from toolkit.i18n import format_money
from toolkit.pricing import price_from_margin

hpp = widgets.BoundedFloatText(value=100_000, min=0, max=1e9, description="HPP (Rp)")
margin = widgets.IntSlider(value=20, min=0, max=90, description="Margin (%)")
harga = widgets.HTML()
harga.add_class("ke-smoke-price")


def tampilkan(change=None):
    harga.value = "Harga: <b>" + format_money(price_from_margin(hpp.value, margin.value / 100)) + "</b>"


hpp.observe(tampilkan, names="value")
margin.observe(tampilkan, names="value")
tampilkan()
widgets.VBox([hpp, margin, harga])
'''


def summary_line(app, label: str):
    """The line of an app's summary (a table row or a list item) that starts with ``label``.

    Text-based until the apps mark their key figures with CSS classes.
    """
    return app.locator(".widget-html-content").locator("tr, li").filter(
        has_text=re.compile("^\\s*" + re.escape(label))
    )


def idr_number(text: str) -> float:
    """The last amount in a text as Indonesian writes it ("... US$6.789,12", "Rp125.000")."""
    amounts = re.findall(r"\d[\d.]*(?:,\d+)?", text)
    assert amounts, f"no amount in {text!r}"
    return float(amounts[-1].replace(".", "").replace(",", "."))


def indonesian_date(text: str) -> dt.date:
    """The date in a text as Indonesian writes it ("Selasa, 2 Februari 2027")."""
    months = {name.lower(): number for number, name in get_month_names("wide", locale="id").items()}
    found = re.search(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text)
    assert found and found.group(2).lower() in months, f"no date in {text!r}"
    return dt.date(int(found.group(3)), months[found.group(2).lower()], int(found.group(1)))


def _write_smoke_notebook(root) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Uji asap: slider → harga"),
        nbformat.v4.new_code_cell(SMOKE_SOURCE),
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python",
    }
    path = root / SMOKE_NOTEBOOK
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


def test_widget_manager_draws_a_slider_that_reaches_the_kernel(lab, notebook, shots):
    """Do a slider and a number box, moved in the browser, change a price the toolkit computes?"""
    _write_smoke_notebook(lab.root)
    nb = notebook(SMOKE_NOTEBOOK)
    nb.run_all()
    price = nb.panel.locator(".ke-smoke-price .widget-html-content")
    before = nb.text_of(price)
    assert before == "Harga: " + format_money(price_from_margin(100_000, 0.20))
    shots.page(nb, "smoke-before", focus=price)

    nb.nudge_slider(nb.control("slider", "Margin (%)"))
    after_slider = nb.wait_for_text_change(price, before)
    assert after_slider == "Harga: " + format_money(price_from_margin(100_000, 0.21))

    nb.fill(nb.control("text", "HPP (Rp)"), 200_000)
    after_box = nb.wait_for_text_change(price, after_slider)
    assert after_box == "Harga: " + format_money(price_from_margin(200_000, 0.21))
    shots.page(nb, "smoke-after", focus=price)
    nb.assert_healthy()


def test_price_builder_in_module_05_answers_a_margin_change(notebook, shots):
    """Run all of 05 in the lab: does one step up the margin slider raise the quote and redraw?"""
    nb = notebook("id/05-harga-ekspor.ipynb")
    nb.run_all()
    nb.assert_healthy()
    app = nb.panel.locator(".jp-OutputArea-output").filter(has_text="Penyusun harga ekspor")
    quote = summary_line(app, "Harga penawaran")
    waterfall = app.locator("img.widget-image").first
    before, picture = nb.text_of(quote), nb.image_source(waterfall)
    assert picture, "the price builder drew no waterfall"
    shots.page(nb, "05-price-builder-before", focus=quote)
    shots.element(nb, app, "05-price-builder-app-before")

    nb.nudge_slider(nb.control("slider", "Margin / markup"))
    after = nb.wait_for_text_change(quote, before)
    assert idr_number(after) > idr_number(before), (before, after)
    nb.wait_for_image_change(waterfall, picture)
    shots.page(nb, "05-price-builder-after", focus=quote)
    shots.element(nb, app, "05-price-builder-app-after")
    nb.assert_healthy()
    assert "Periksa isian" not in nb.text(app)


def test_delivery_planner_in_module_08_answers_a_buffer_change(notebook, shots):
    """Run all of 08 in the lab: does one more buffer day bring the latest start earlier and redraw,
    and does a badly typed task line get a sentence instead of a traceback?"""
    nb = notebook("id/08-jadwal-pengiriman.ipynb")
    nb.run_all()
    nb.assert_healthy()
    app = nb.panel.locator(".jp-OutputArea-output").filter(has_text="Perencana pengiriman")
    latest_start = summary_line(app, "Mulai paling lambat")
    gantt = app.locator("img.widget-image").first
    before, picture = nb.text_of(latest_start), nb.image_source(gantt)
    assert picture, "the delivery planner drew no Gantt chart"
    shots.page(nb, "08-delivery-planner-before", focus=latest_start)
    shots.element(nb, app, "08-delivery-planner-app-before")

    nb.nudge_slider(nb.control("slider", "Cadangan (hari kerja)"))
    after = nb.wait_for_text_change(latest_start, before)
    assert indonesian_date(after) < indonesian_date(before), (before, after)
    nb.wait_for_image_change(gantt, picture)
    shots.page(nb, "08-delivery-planner-after", focus=latest_start)
    shots.element(nb, app, "08-delivery-planner-app-after")
    nb.assert_healthy()
    assert "Periksa isian" not in nb.text(app)

    tasks = nb.control("textarea", "Tugas")
    bad_line = "Produksi, lima hari"
    nb.fill(tasks, tasks.locator("textarea").input_value() + "\n" + bad_line)
    message = app.locator(".widget-html-content").filter(has_text="Periksa isian")
    assert bad_line in nb.text_of(message)
    assert nb.text(latest_start) == after  # the last good plan stays on screen
    shots.page(nb, "08-delivery-planner-bad-input", focus=message)
    nb.assert_healthy()


def test_closing_a_notebook_stops_its_kernel(lab, notebook):
    """Does closing a notebook's tab stop its kernel, as the class's JupyterLab settings ask (the
    course has ten notebooks; a cheap laptop holds few of their kernels at once)?"""
    _write_smoke_notebook(lab.root)
    nb = notebook(SMOKE_NOTEBOOK)

    def kernels_of_the_notebook():
        return [s for s in lab.api("sessions") if s.get("path") == SMOKE_NOTEBOOK]

    assert kernels_of_the_notebook()
    tab = nb.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="harga-kecil")
    tab.hover()
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    save = nb.page.locator(".jp-Dialog .jp-mod-accept:not(.jp-mod-warn)")  # "Simpan hasil kerjamu?"
    try:
        save.wait_for(timeout=3000)
        save.click()
    except PlaywrightTimeout:
        pass
    deadline = time.monotonic() + 30
    while kernels_of_the_notebook():
        assert time.monotonic() < deadline, "the kernel of the closed notebook is still running"
        nb.page.wait_for_timeout(250)
    assert nb.panel.count() == 0


def test_a_participants_lab_leaves_out_the_instructors_tools(lab, notebook):
    """Does a participant's JupyterLab leave out nbgrader's Formgrader, Create Assignment sidebar
    (which rewrites the cells' grading metadata) and course list, and keep Assignments and
    Validate, with which they fetch, check and submit?"""
    nb = notebook("id/00-mulai.ipynb")
    commands = nb.page.evaluate("""names => names.map(n => window.jupyterapp.commands.hasCommand(n))""",
                                ["nbgrader:open-formgrader", "nbgrader:open-create-assignment",
                                 "nbgrader:open-course-list", "nbgrader:open-assignment-list"])
    assert commands == [False, False, False, True]
    assert nb.page.get_by_text("Create Assignment").count() == 0
    assert nb.page.locator(".jp-Toolbar").get_by_text("Validate").count() >= 1
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(lab.url("formgrader"), timeout=10)
    assert refused.value.code == 404  # the server has no formgrader either
