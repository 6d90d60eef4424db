"""Module 09's worked example as the buyer receives it: the pro forma PDF, in both editions and languages.

The keywords of the example's own ``build_quotation(...)`` call are read from its cell (they are all
literals), the quotation is built with them, written with :func:`toolkit.quotation.write_quotation_pdf`
and read back with pypdf.
"""

import ast
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

import toolkit
from toolkit.quotation import build_quotation, write_quotation_pdf

ROOT = Path(__file__).resolve().parents[2]
EDITIONS = {"id": ROOT / "course/id/09-proyek-akhir.ipynb", "en": ROOT / "course/en/09-capstone.ipynb"}


def example_arguments(edition: str) -> dict:
    """The keywords module 09's worked-example cell passes to build_quotation."""
    cells = json.loads(EDITIONS[edition].read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code" or "build_quotation(" not in "".join(cell["source"]):
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "build_quotation":
                return {k.arg: ast.literal_eval(k.value) for k in node.keywords}
    raise AssertionError(f"no build_quotation call in {EDITIONS[edition].name}")


def pages(path) -> list[str]:
    """Each page's text, spaces as a reader sees them (no-break and justified runs read as one space)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


@pytest.mark.parametrize("edition", ["id", "en"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_worked_example_is_a_one_page_pro_forma(tmp_path, edition, language):
    """Does the worked example's pro forma fit one A4 page, terms, schedule and signature together?"""
    toolkit.set_language(edition)
    quotation = build_quotation(**example_arguments(edition))
    text = pages(write_quotation_pdf(quotation, tmp_path / "q.pdf", language=language))
    assert len(text) == 1, [t[-200:] for t in text]
    total, closing = {"id": ("USD 12.750,00", "Hormat kami,"), "en": ("USD 12,750.00", "Yours faithfully,")}[language]
    assert total in text[0] and closing in text[0]


def test_signature_never_stands_alone_on_a_page(tmp_path):
    """When the terms run long, does the validity note go over with the signature, never the signature alone?"""
    arguments = example_arguments("id")
    address = ", ".join(["Jalan Raya Serang–Jakarta Km 68, Desa Kragilan"] * 6)
    arguments["seller"] = {**arguments["seller"], "address": address}
    text = pages(write_quotation_pdf(build_quotation(**arguments), tmp_path / "q.pdf", language="id"))
    assert len(text) == 2
    assert "Hormat kami," in text[-1]
    assert "Harga dan syarat ini berlaku sampai" in text[-1]
