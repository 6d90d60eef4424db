"""Feedback without the answer key: hidden tests and whatever would reveal them are removed.

nbgrader's ``generate_feedback`` renders the autograded notebook, which still holds the hidden
tests and their tracebacks (nbgrader issue #917). :class:`HideHiddenTests` runs in the feedback
chain (the workspace's ``nbgrader_config.py`` puts it there, so the formgrader's and nbgrader's own
``generate_feedback`` use it too) and, in every cell with a hidden-test region:

* removes the region's lines from the source;
* keeps an error only as ``name: message`` when it was raised on a visible line of the cell (a
  visible self-check's friendly message), and otherwise replaces it with a bilingual note that a
  hidden test did not pass — never a traceback, which would quote the hidden lines around it;
* drops printed and displayed output, which a hidden test could have produced.

Examples
--------
>>> from nbformat.v4 import new_code_cell, new_notebook, new_output
>>> cell = new_code_cell("assert x > 0, 'x positif'\\n### BEGIN HIDDEN TESTS\\nassert x == 42\\n"
...                      "### END HIDDEN TESTS")
>>> cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1.0, "locked": True,
...                              "solution": False, "task": False, "schema_version": 3}
>>> cell.outputs = [new_output("error", ename="AssertionError", evalue="",
...                            traceback=["Cell In[2], line 3", "----> 3 assert x == 42"])]
>>> nb, _ = HideHiddenTests().preprocess(new_notebook(cells=[cell]), {})
>>> nb.cells[0].source
"assert x > 0, 'x positif'"
>>> "42" in str(nb.cells[0].outputs)
False
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import jinja2
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters import strip_ansi
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

__all__ = ["HideHiddenTests", "HIDDEN_FAILED", "hidden_lines", "FeedbackHTMLExporter",
           "markdown2html", "write_feedback"]

HIDDEN_FAILED = {
    "id": "Tes tersembunyi untuk soal ini tidak lolos. Periksa lagi jawaban Anda.",
    "en": "A hidden test for this question did not pass. Check your answer again.",
}

# IPython 8 and later: "Cell In[3], line 2"; older: "<ipython-input-3-...> in <module>" + "----> 2".
_CELL_LINE = re.compile(r"Cell In\s*\[\d*\],\s*line (\d+)")
_ARROW_LINE = re.compile(r"^-*>\s*(\d+)", re.MULTILINE)
# Errors the grader itself records (a timeout, a dead kernel): their text quotes no code.
_NO_CODE = {"CellTimeoutError", "KernelDied", "NotExecuted"}


def hidden_lines(source: str, begin: str = "BEGIN HIDDEN TESTS",
                 end: str = "END HIDDEN TESTS") -> set[int]:
    """Line numbers (1-based) of ``source`` inside hidden-test regions, delimiters included.

    >>> sorted(hidden_lines("a\\n# BEGIN HIDDEN TESTS\\nb\\n# END HIDDEN TESTS\\nc"))
    [2, 3, 4]
    """
    hidden: set[int] = set()
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
        if inside:
            hidden.add(number)
        if end in line:
            inside = False
    return hidden


def _failing_line(output: NotebookNode) -> int | None:
    """The line of the cell on which an error was raised, read from its traceback (None: unknown)."""
    text = strip_ansi("\n".join(output.get("traceback", [])))
    match = _CELL_LINE.search(text)
    if match:
        return int(match.group(1))
    match = _ARROW_LINE.search(text)
    return int(match.group(1)) if match else None


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests, and every output that could reveal them, from a notebook's feedback."""

    begin_test_delimeter = Unicode(
        "BEGIN HIDDEN TESTS", help="The delimiter marking the beginning of hidden tests"
    ).tag(config=True)
    end_test_delimeter = Unicode(
        "END HIDDEN TESTS", help="The delimiter marking the end of hidden tests"
    ).tag(config=True)

    def preprocess_cell(self, cell, resources, cell_index):
        hidden = hidden_lines(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
        if not hidden:
            return cell, resources
        lines = cell.source.split("\n")
        cell.source = "\n".join(
            line for number, line in enumerate(lines, start=1) if number not in hidden
        ).strip("\n")
        if cell.cell_type == "code":
            cell.outputs = self._safe_outputs(cell.outputs, hidden)
        return cell, resources

    def _safe_outputs(self, outputs, hidden: set[int]) -> list:
        safe = []
        for output in outputs:
            if output.get("output_type") != "error":
                continue  # printed or displayed output may come from a hidden test
            line = _failing_line(output)
            if output.get("ename") in _NO_CODE or (line is not None and line not in hidden):
                ename, evalue = output.get("ename", "Error"), output.get("evalue", "")
                safe.append(new_output("error", ename=ename, evalue=evalue,
                                       traceback=[f"{ename}: {evalue}" if evalue else ename]))
            else:
                message = f"{HIDDEN_FAILED['id']} / {HIDDEN_FAILED['en']}"
                safe.append(new_output("error", ename="HiddenTestFailed", evalue=message,
                                       traceback=[message]))
        return safe


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory, keyed by jinja on template name and source checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _MemoryBytecodeCache()
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\salt\s*=", re.IGNORECASE)
NO_ALT_TEXT = "No description has been provided for this image"  # nbconvert's words


def _with_alt_text(match: re.Match) -> str:
    """An ``<img>`` tag with nbconvert's alternative text added when it has none."""
    tag = match.group(0)
    if _ALT.search(tag):
        return tag
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return f'{tag[:end].rstrip()} alt="{NO_ALT_TEXT}"{tag[end:]}'


_OUR_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"  # feedback-kelas/


class FeedbackHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter, compiling its templates once per process instead of once per page.

    A grading worker writes one feedback page after another; compiling the nine jinja templates of
    the feedback page took about a quarter of a second each time.
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        """:meth:`HTMLExporter.from_notebook_node` without its second pass over the page.

        nbconvert parses the rendered page again with BeautifulSoup to give images without
        one an alternative text (and cells of the lab template a ``tabindex``, which the
        feedback page, built on the classic template, has none of): about a quarter of the time
        of a feedback page. The images get the same text here from a pattern instead.
        """
        lang = nb.metadata.get("language_info", {})
        lexer = lang.get("pygments_lexer", lang.get("name", None))
        self.register_filter("highlight_code", self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _IMG_TAG.sub(_with_alt_text, page), resources

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _TEMPLATES
        # feedback-kelas extends nbgrader's own page by its name in nbgrader's template folder
        environment.loader = jinja2.ChoiceLoader(
            [environment.loader, jinja2.FileSystemLoader(str(_nbgrader_templates()))])
        return environment


def _nbgrader_templates() -> Path:
    import nbgrader

    return Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"


class OfflineMathRenderer(IPythonRenderer):
    """nbconvert's Markdown renderer with formulas written as MathML, which browsers draw themselves.

    nbconvert leaves ``$...$`` for MathJax, loaded from a CDN: in a class without internet the
    formulas stayed TeX source and the page waited on the script. A formula latex2mathml cannot
    read stays as nbconvert writes it (TeX, escaped), as before.

    >>> OfflineMathRenderer(escape=False).inline_math(r"\\frac{a}{b}").startswith("<math")
    True
    """

    def block_math(self, body: str) -> str:
        return _mathml(body, "block") or super().block_math(body)

    def inline_math(self, body: str) -> str:
        return _mathml(body, "inline") or super().inline_math(body)

    def latex_environment(self, name: str, body: str) -> str:
        tex = body if name.rstrip("*") == "equation" else f"\\begin{{{name}}}{body}\\end{{{name}}}"
        return _mathml(tex, "block") or super().latex_environment(name, body)


def _mathml(tex: str, display: str) -> str | None:
    from latex2mathml.converter import convert

    try:
        mathml = convert(tex, display=display)
    except Exception:  # latex2mathml's own errors are plain Exceptions of many kinds
        return None
    # the TeX kept for screen readers and for copying, as MathJax keeps it
    alt = html.escape(tex.strip(), quote=True)
    return mathml.replace("<math ", f'<math alttext="{alt}" ', 1)


@jinja2.pass_context
def markdown2html(context, source: str) -> str:
    """The ``markdown2html`` filter of the feedback page: nbconvert's, formulas as MathML."""
    cell = context.get("cell", {})
    renderer = OfflineMathRenderer(
        escape=False, attachments=cell.get("attachments", {}),
        path=context.get("resources", {}).get("metadata", {}).get("path", ""))
    return MarkdownWithMath(renderer=renderer).render(source)


def page_config():
    """The exporter's configuration: nbgrader's feedback page with its labels in the
    participant's languages (Indonesian first), its formulas as MathML (no MathJax, no CDN)."""
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.template_name = "feedback-kelas"
    config.HTMLExporter.filters = {"markdown2html": "grading.engine.feedback.markdown2html"}
    config.HTMLExporter.extra_template_basedirs = [str(_nbgrader_templates()), str(_OUR_TEMPLATES)]
    return config


def write_feedback(workspace: str, assignment: str, participant: str) -> str | None:
    """Stage 4: ``feedback/<participant>/<assignment>/<notebook>.html``, hidden tests removed.

    Returns None on success, else the error's text.
    """
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateFeedback
    from nbgrader.preprocessors import GetGrades

    from grading.workspace import Workspace

    logging.getLogger("traitlets").setLevel(logging.ERROR)
    ws = Workspace(workspace)
    config = ws.config()
    extra = page_config()
    extra.GenerateFeedback.exporter_class = FeedbackHTMLExporter
    extra.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
    config.merge(extra)
    coursedir = ws.coursedir(assignment_id=assignment, student_id=participant)
    try:
        converter = GenerateFeedback(coursedir=coursedir, config=config)
        converter.log.setLevel(logging.ERROR)
        converter.force = True
        converter.start()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None
