"""The feedback page is nbconvert's page: written without nbconvert's second pass over it.

:class:`grading.engine.feedback.FeedbackHTMLExporter` skips the BeautifulSoup pass of
``HTMLExporter.from_notebook_node`` (a quarter of a page's time) and gives images their
alternative text itself. These tests hold it to the page nbconvert writes, element for element.
"""

from __future__ import annotations

import base64
import copy
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from grading.engine.feedback import NO_ALT_TEXT, FeedbackHTMLExporter, page_config

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f80f0000010101005018d84d0000000049454e44ae426082")).decode()


class NbconvertPage(FeedbackHTMLExporter):
    """The same exporter with nbconvert's own ``from_notebook_node`` (its BeautifulSoup pass)."""

    from_notebook_node = HTMLExporter.from_notebook_node


def _notebook():
    graded = new_code_cell("assert harga > 0", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "tes-harga",
        "points": 2.0, "score": 1.0, "schema_version": 3}})
    graded.outputs = [new_output("error", ename="AssertionError", evalue="harga < 0",
                                 traceback=["AssertionError: harga < 0"])]
    chart = new_code_cell("grafik()")
    chart.outputs = [new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
                     new_output("display_data", data={"image/png": PNG},
                                metadata={"image/png": {"width": 40}})]
    return new_notebook(cells=[
        new_markdown_cell(f'# Tugas\n\n<img src="data:image/png;base64,{PNG}" alt="Logo BUMDes">'
                          f'\n\n![](data:image/png;base64,{PNG})\n\n<IMG SRC="x.png"/>'),
        chart, graded,
    ], metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}})


def _page(exporter_class, nb) -> str:
    import nbgrader

    config = page_config()  # and what nbgrader's GenerateFeedback adds: bootstrap's stylesheet
    config.HTMLExporter.extra_template_paths = [str(
        Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "static"
        / "node_modules" / "bootstrap" / "dist" / "css")]
    resources = {"nbgrader": {"notebook": "a1", "score": 1.0, "max_score": 2.0,
                              "late_penalty": 0.0}}
    html, _ = exporter_class(config=config).from_notebook_node(copy.deepcopy(nb), resources)
    return html


def test_the_page_is_nbconverts_element_for_element():
    """Parsed, is our page the page nbconvert's exporter writes — the same elements, attributes
    and text, each image without one given nbconvert's alternative text, those with one kept?"""
    nb = _notebook()
    ours, theirs = _page(FeedbackHTMLExporter, nb), _page(NbconvertPage, nb)
    parsed = BeautifulSoup(ours, features="html.parser")
    assert str(parsed) == str(BeautifulSoup(theirs, features="html.parser"))
    alts = [img.get("alt") for img in parsed.find_all("img")]
    # a markdown image has its (empty) text from markdown; the outputs and the bare tag get nbconvert's
    assert alts.count(NO_ALT_TEXT) == 3 and alts[:2] == ["Logo BUMDes", ""] and len(alts) == 5


@pytest.mark.parametrize("tag, expected", [
    ('<img src="a.png">', f'<img src="a.png" alt="{NO_ALT_TEXT}">'),
    ('<img src="a.png"/>', f'<img src="a.png" alt="{NO_ALT_TEXT}"/>'),
    ('<img src="a.png" ALT="">', '<img src="a.png" ALT="">'),
    ('<img\nsrc="a.png"\n>', f'<img\nsrc="a.png" alt="{NO_ALT_TEXT}">'),
])
def test_each_image_tag_gets_the_text_only_when_it_has_none(tag, expected):
    from grading.engine.feedback import _IMG_TAG, _with_alt_text

    assert _IMG_TAG.sub(_with_alt_text, tag) == expected


def _formulas_page() -> str:
    nb = new_notebook(cells=[new_markdown_cell(
        "HPP per unit: $\\frac{\\text{biaya}}{\\text{unit}}$ dan $$\\sum_i x_i$$\n\n"
        "\\begin{equation} L = P \\cdot U \\end{equation}\n\nTerpotong: $x^$")],
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}})
    return _page(FeedbackHTMLExporter, nb)


def test_the_page_loads_nothing_from_the_internet():
    """Offline in a village hall: does the feedback page ask for no script, style or font from
    anywhere (nbconvert's page loads MathJax from a CDN)?"""
    page = _formulas_page()
    assert "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)


def test_formulas_are_written_for_the_browser_to_draw():
    """Are inline, display and equation formulas MathML the browser draws by itself, each keeping
    its TeX for screen readers, and a formula that cannot be read left as the TeX that was typed?"""
    parsed = BeautifulSoup(_formulas_page(), features="html.parser")
    formulas = parsed.find_all("math")
    assert [(f["display"], f["alttext"]) for f in formulas] == [
        ("inline", "\\frac{\\text{biaya}}{\\text{unit}}"), ("block", "\\sum_i x_i"),
        ("block", "L = P \\cdot U")]
    assert formulas[0].find("mfrac") is not None
    assert "Terpotong: $x^$" in parsed.get_text()
