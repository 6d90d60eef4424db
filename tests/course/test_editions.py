"""Course notebooks: committed clean, both editions complete and with the same code."""

import io
import json
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "course"
NOTEBOOKS = sorted(COURSE.rglob("*.ipynb")) + sorted((ROOT / "assignments").rglob("*.ipynb"))
NOTEBOOKS = [nb for nb in NOTEBOOKS if ".ipynb_checkpoints" not in nb.parts]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def code_skeleton(source: str) -> list[tuple[int, str]]:
    """The code's tokens with comments dropped and every string literal blanked.

    Two editions may differ in prose, comments and display strings, nothing else.
    """
    tokens = []
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENCODING, tokenize.ENDMARKER}
    string_parts = {tokenize.STRING}
    string_parts |= {getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
                     if hasattr(tokenize, n)}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in skip:
            continue
        if token.type in string_parts:
            if tokens and tokens[-1] == (tokenize.STRING, "«text»"):
                continue
            tokens.append((tokenize.STRING, "«text»"))
        else:
            tokens.append((token.type, token.string))
    return tokens


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_committed_without_outputs(path):
    """Is every notebook committed without outputs or execution counts?"""
    dirty = [i for i, cell in enumerate(_cells(path), start=1)
             if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; clear them (Edit → Clear All Outputs) and save"


def test_ten_modules_in_each_edition():
    """Are there the ten modules 00–09 in Bahasa Indonesia and in English?"""
    for edition in ("id", "en"):
        numbers = sorted(p.name[:2] for p in (COURSE / edition).glob("[0-9][0-9]-*.ipynb"))
        assert numbers == [f"{n:02d}" for n in range(10)], edition


@pytest.mark.parametrize("number", [f"{n:02d}" for n in range(10)])
def test_editions_have_the_same_code(number):
    """Do the two editions of a module have the same code cells, differing only in comments and strings?"""
    [indonesian] = (COURSE / "id").glob(f"{number}-*.ipynb")
    [english] = (COURSE / "en").glob(f"{number}-*.ipynb")
    code_id = [c["source"] for c in _cells(indonesian) if c["cell_type"] == "code"]
    code_en = [c["source"] for c in _cells(english) if c["cell_type"] == "code"]
    assert len(code_id) == len(code_en), f"{number}: {len(code_id)} code cells in id, {len(code_en)} in en"
    for i, (a, b) in enumerate(zip(code_id, code_en), start=1):
        a, b = "".join(a), "".join(b)
        assert code_skeleton(a) == code_skeleton(b), f"{number}, code cell {i} differs:\n{a}\n---\n{b}"


def test_skeleton_ignores_strings_and_comments_only():
    """Does the comparison see a changed number but not a translated label?"""
    assert code_skeleton('x = f(1, label="Harga")  # harga') == code_skeleton('x = f(1, label="Price")')
    assert code_skeleton("x = f(1)") != code_skeleton("x = f(2)")


BROWSER_READ_INPUTS = {
    "FloatSlider", "IntSlider", "FloatLogSlider", "FloatRangeSlider", "IntRangeSlider",
    "FloatText", "IntText", "BoundedFloatText", "BoundedIntText", "DatePicker", "NaiveDatetimePicker",
}
"""ipywidgets controls whose number or date the browser reads (a slider's readout can be typed into:
``20%`` typed in a 0-30% slider's readout moved it to 30%, without a word)."""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_notebook_cell_builds_an_input_the_browser_reads(path):
    """Does every number or date a participant can type in a notebook's own cell go through the
    toolkit's reader (toolkit.widgets.share, the apps' boxes), never a plain ipywidgets slider or
    number box?"""
    import ast

    found = []
    for number, cell in enumerate(_cells(path), start=1):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # a cell wrong on purpose (module 00's deliberate error is not one of these)
        for node in ast.walk(tree):
            name = (node.attr if isinstance(node, ast.Attribute)
                    else node.id if isinstance(node, ast.Name) else None)
            if name in BROWSER_READ_INPUTS:
                found.append((number, name))
    assert not found, f"{path.name}: cells {found} build a control the browser reads; use toolkit.widgets.share(..., typed=True)"


def test_the_price_builder_is_called_by_its_title_in_the_prose():
    """Does module 05's text name the app as its title does ("Penyusun harga ekspor"), not by a
    second name a participant would look for on the screen ("pembangun harga")?"""
    from toolkit.widgets.pricing import PriceBuilderApp

    title = PriceBuilderApp.title["id"].split()[0].lower()
    text = " ".join("".join(c["source"]) for c in _cells(next(COURSE.glob("id/05-*.ipynb")))
                    if c["cell_type"] == "markdown").lower()
    assert "pembangun harga" not in text and f"{title} harga" in text
