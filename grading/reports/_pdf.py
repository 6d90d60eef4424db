"""Participant reports as PDF with fpdf2 (pure Python, offline), in DejaVu Sans from matplotlib.

DejaVu Sans covers Indonesian text, "Rp", dashes and the other signs the reports use. fpdf2 parses
a TrueType font each time a document adds it, and the full DejaVu Sans takes about a tenth of a
second to parse: for a class of a hundred, :class:`Fonts` cuts the fonts once per run down to the
characters the run can print (ASCII, a few punctuation marks, and every character found in the
class's own text and labels), so each document parses a font of a few dozen kilobytes. Text stays
real text (with a ToUnicode map), so it can be searched and extracted. Tables and paragraphs are
measured and placed by this module rather than with ``multi_cell``, which is several times
slower for the same result.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import matplotlib
from fontTools import subset as ft_subset
from fpdf import FPDF

from grading.reports._text import percent_text, t

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
BASE_RANGES = [
    (0x20, 0x7E),  # ASCII
    (0xA0, 0xA0), (0xB7, 0xB7), (0xD7, 0xD7), (0x202F, 0x202F),  # no-break spaces, · ×
    (0x2013, 0x2014), (0x2018, 0x201D), (0x2022, 0x2022), (0x2026, 0x2026),  # – — ‘ ’ “ ” • …
    (0x2212, 0x2212), (0x2264, 0x2265),  # − ≤ ≥
]
# Anything else a report prints (names, comments, titles, labels) is added from the run's own text.

BLUE = (31, 78, 121)
LIGHT = (234, 241, 248)
RED = (198, 40, 40)
GREEN = (46, 125, 50)
GREY = (102, 102, 102)


_SUBSETS: dict[tuple[str, frozenset[int]], bytes] = {}


class Fonts:
    """DejaVu Sans regular and bold, cut down to ``texts``' characters, written into ``folder``.

    The cut fonts are remembered for the process, so a second report run on the same class (or a
    test suite) does not cut them again.
    """

    def __init__(self, folder: Path, texts: Iterable[str]):
        codepoints = {c for low, high in BASE_RANGES for c in range(low, high + 1)}
        for text in texts:
            codepoints.update(ord(ch) for ch in text if ord(ch) >= 0x20)
        wanted = frozenset(codepoints)
        self.files = {}
        for style, name in FONT_FILES.items():
            key = (name, wanted)
            if key not in _SUBSETS:
                if len(_SUBSETS) >= 8:
                    _SUBSETS.clear()
                _SUBSETS[key] = _subset(FONT_DIR / name, wanted)
            target = folder / name
            target.write_bytes(_SUBSETS[key])
            self.files[style] = target

    def install(self, pdf: FPDF) -> None:
        for style, path in self.files.items():
            pdf.add_font("DejaVu", style, str(path))


def _subset(path: Path, codepoints: frozenset[int]) -> bytes:
    options = ft_subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = True  # fontTools would otherwise rebuild them from cmap on every load
    options.drop_tables += ["FFTM"]
    font = ft_subset.load_font(str(path), options)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    buffer = io.BytesIO()
    ft_subset.save_font(font, buffer, options)
    return buffer.getvalue()


class _Report(FPDF):
    def footer(self) -> None:
        if self.page_no() and self.cur_orientation == "P":
            self.set_y(-12)
            self.set_font("DejaVu", "", 7)
            self.set_text_color(*GREY)
            self.cell(0, 5, f"{t('course')} · {self.page_no()}", align="C")


def _line(pdf: FPDF, text: str, size: float = 10, style: str = "", height: float = 5.5,
          color=(0, 0, 0), align: str = "L") -> None:
    """A paragraph from the current position, wrapped to the margins, left or centred."""
    pdf.set_font("DejaVu", style, size)
    pdf.set_text_color(*color)
    left = pdf.get_x()
    room = pdf.w - pdf.r_margin - left
    y = pdf.get_y()
    for line in _wrap(pdf, text, room):
        x = left + (room - _width(pdf, line)) / 2 if align == "C" else left
        pdf.text(x, y + height * 0.72, line)
        y += height
    pdf.set_xy(pdf.l_margin, y)


def _heading(pdf: FPDF, text: str, room: float = 40) -> None:
    """A section heading; starts a new page unless ``room`` mm are left below it."""
    if pdf.get_y() + room > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(3)
    _line(pdf, text, 12.5, "B", 7, BLUE)
    pdf.set_draw_color(*BLUE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)


_WIDTHS: dict[tuple[str, float, str], float] = {}


def _width(pdf: FPDF, text: str) -> float:
    """``get_string_width``, remembered per font, size and word: a class report measures the
    same words thousands of times, and fpdf2 measures glyph by glyph each time."""
    key = (pdf.current_font.fontkey, pdf.font_size_pt, text)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) > 200_000:
            _WIDTHS.clear()
        width = _WIDTHS[key] = pdf.get_string_width(text)
    return width


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Lines of ``text`` that fit ``width`` mm in the current font (words kept whole if possible)."""
    space = _width(pdf, " ")
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            size = _width(pdf, word)
            if current and used + space + size <= width:
                current.append(word)
                used += space + size
                continue
            if current:
                lines.append(" ".join(current))
            while size > width and len(word) > 1:  # a word longer than the column: cut it
                cut = len(word) - 1
                while cut > 1 and pdf.get_string_width(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                size = _width(pdf, word)
            current, used = [word], size
        lines.append(" ".join(current))
    return lines or [""]


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: list[float],
           numeric: set[int] = frozenset(), size: float = 8.5) -> None:
    """A ruled table with wrapping cells, repeating the header after a page break.

    Lines are measured with ``get_string_width`` and written with ``text``: fpdf2's
    ``multi_cell`` re-measures every glyph and is ten times slower, which matters for a class.
    """
    line_height = size * 0.42
    pad = 1.2

    def draw_row(cells: list[str], bold: bool) -> None:
        pdf.set_font("DejaVu", "B" if bold else "", size)
        wrapped = [_wrap(pdf, text, w - 2 * pad) for text, w in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in wrapped) * line_height + 2 * pad
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
            if not bold:
                draw_row(header, True)
                pdf.set_font("DejaVu", "", size)
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_draw_color(200, 200, 210)
        if bold:
            pdf.set_fill_color(*BLUE)
            pdf.set_text_color(255, 255, 255)
        else:
            pdf.set_text_color(0, 0, 0)
        for index, (lines, w) in enumerate(zip(wrapped, widths, strict=True)):
            pdf.rect(x, y, w, height, style="DF" if bold else "D")
            for number, line in enumerate(lines):
                if not line:
                    continue
                baseline = y + pad + line_height * (number + 1) - line_height * 0.22
                if index in numeric:
                    pdf.text(x + w - pad - _width(pdf, line), baseline, line)
                else:
                    pdf.text(x + pad, baseline, line)
            x += w
        pdf.set_xy(pdf.l_margin, y + height)

    draw_row(header, True)
    for row in rows:
        draw_row(row, False)


def draw_module_chart(pdf: FPDF, rows: list[tuple[str, float, float]]) -> None:
    """The participant's share per module (bars) and the class median (red marks), drawn as
    vectors at the current position; the same picture as the HTML report's SVG."""
    label_w, bar_w, row_h = 62.0, 95.0, 8.0
    x0, top = pdf.l_margin + label_w, pdf.get_y() + 2
    bottom = top + row_h * len(rows)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_text_color(*GREY)
    pdf.set_draw_color(221, 221, 238)
    pdf.set_line_width(0.2)
    for tick in range(0, 101, 20):
        x = x0 + bar_w * tick / 100
        pdf.line(x, top - 1, x, bottom)
        label = f"{tick}%"
        pdf.text(x - _width(pdf, label) / 2, bottom + 3.5, label)
    for index, (module, value, median) in enumerate(rows):
        y = top + row_h * index
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(0, 0, 0)
        label = _wrap(pdf, module, label_w - 3)[0]
        pdf.text(x0 - 2 - _width(pdf, label), y + row_h / 2 + 1.2, label)
        pdf.set_fill_color(157, 195, 230)
        pdf.set_draw_color(*BLUE)
        width = bar_w * min(value, 1)
        if width > 0:
            pdf.rect(x0, y + 1.6, width, row_h - 3.2, style="DF")
        pdf.text(x0 + width + 1.5, y + row_h / 2 + 1.2, percent_text(value))
        if median == median:  # not NaN
            pdf.set_draw_color(*RED)
            pdf.set_line_width(0.9)
            x = x0 + bar_w * min(median, 1)
            pdf.line(x, y + 0.6, x, y + row_h - 0.6)
            pdf.set_line_width(0.2)
    legend = bottom + 8.5
    pdf.set_fill_color(157, 195, 230)
    pdf.set_draw_color(*BLUE)
    pdf.rect(x0, legend - 2.8, 5, 3.2, style="DF")
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(0, 0, 0)
    pdf.text(x0 + 6.5, legend, t("your_score"))
    pdf.set_draw_color(*RED)
    pdf.set_line_width(0.9)
    pdf.line(x0 + 50, legend - 3.2, x0 + 50, legend + 0.6)
    pdf.set_line_width(0.2)
    pdf.text(x0 + 52, legend, t("class_median"))
    pdf.set_y(legend + 4)


def participant_pdf(view: dict, chart_rows: list[tuple[str, float, float]], fonts: Fonts,
                    path: Path) -> None:
    pdf = _Report(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(15, 15, 15)
    fonts.install(pdf)
    p = view["p"]
    pdf.set_title(f"{t('participant_title')} — {p.name}")
    pdf.set_author(t("course"))
    pdf.set_lang(view["lang"])
    pdf.add_page()

    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, pdf.w, 24, style="F")
    pdf.set_xy(15, 6)
    _line(pdf, t("participant_title"), 17, "B", 8, (255, 255, 255))
    pdf.set_x(15)
    _line(pdf, f"{t('course')} · {t('generated')}: {view['generated']}", 9, "", 5,
          (255, 255, 255))
    pdf.set_y(30)

    identity = [
        (t("name"), p.name), (t("participant_id"), p.id),
        (t("organisation"), p.organisation or "–"), (t("village"), p.village or "–"),
    ]
    if p.product:
        identity.append((t("product"), p.product))
    for index, (label, value) in enumerate(identity):
        y = pdf.get_y()
        pdf.set_font("DejaVu", "B", 10)
        pdf.set_text_color(*GREY)
        pdf.text(pdf.l_margin, y + 4.3, label)
        pdf.set_xy(pdf.l_margin + 35, y)
        _line(pdf, value, 10, "B" if index == 0 else "", 6)

    pdf.ln(3)
    top = pdf.get_y()
    pdf.set_fill_color(*LIGHT)
    pdf.set_draw_color(*BLUE)
    pdf.rect(15, top, pdf.w - 30, 22, style="DF")
    pdf.set_xy(19, top + 2.5)
    _line(pdf, view["total_line"], 12.5, "B", 7)
    pdf.set_x(19)
    _line(pdf, view["status"], 11, "B", 6, GREEN if view["passed"] else RED)
    pdf.set_x(19)
    _line(pdf, view["threshold_line"], 8.5, "", 5, GREY)
    pdf.set_y(top + 25)

    if chart_rows:
        _heading(pdf, t("module_chart"), room=8 * len(chart_rows) + 20)
        draw_module_chart(pdf, chart_rows)

    _heading(pdf, t("assignments_title"))
    rows = []
    for row in view["assignment_rows"]:
        status = row["status"]
        if row["feedback"]:
            files = ", ".join(link["label"] for link in row["feedback"])
            status = "\n".join(filter(None, [status, f"{t('feedback')}: {files}"]))
        rows.append([f"{row['title']}\n{row['name']}", row["module"], row["score"], row["max"],
                     row["percent"], status])
    _table(pdf, [t("assignment"), t("module"), t("score"), t("max_score"), t("percent"),
                 t("status")], rows, [46, 34, 15, 17, 17, 51], numeric={2, 3, 4})

    _heading(pdf, t("questions_detail"), room=45)
    if not view["detail"]:
        _line(pdf, t("missing"), 9, "", 5, GREY)
    for block in view["detail"]:
        if pdf.get_y() + 30 > pdf.h - pdf.b_margin:
            pdf.add_page()
        _line(pdf, block["title"], 10, "B", 6)
        _table(pdf, [t("question"), t("question_type"), t("score"), t("grader_comments")],
               [[r["question"], r["kind"], r["score"], r["comment"]] for r in block["rows"]],
               [45, 25, 22, 88], numeric={2}, size=8)
        pdf.ln(4)

    certificate = view["certificate"]
    if certificate:
        pdf.add_page(orientation="L")
        width, height = pdf.w, pdf.h
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(1.6)
        pdf.rect(10, 10, width - 20, height - 20)
        pdf.set_line_width(0.4)
        pdf.rect(14, 14, width - 28, height - 28)
        pdf.set_line_width(0.2)
        pdf.set_y(38)
        _line(pdf, certificate["title"], 30, "B", 14, BLUE, "C")
        pdf.ln(6)
        _line(pdf, certificate["given"], 13, "", 8, GREY, "C")
        pdf.ln(2)
        _line(pdf, p.name, 26, "B", 13, (0, 0, 0), "C")
        if certificate["where"]:
            _line(pdf, certificate["where"], 13, "", 8, (0, 0, 0), "C")
        pdf.ln(6)
        pdf.set_margins(45, 15, 45)
        pdf.set_x(45)
        _line(pdf, certificate["text"], 12.5, "", 7, (0, 0, 0), "C")
        pdf.set_margins(15, 15, 15)
        pdf.ln(4)
        _line(pdf, certificate["date"], 10, "", 6, GREY, "C")
        y = height - 45
        pdf.set_draw_color(0, 0, 0)
        pdf.line(width / 2 - 35, y, width / 2 + 35, y)
        pdf.set_y(y + 1.5)
        _line(pdf, t("signature"), 10, "", 6, (0, 0, 0), "C")

    pdf.output(str(path))
