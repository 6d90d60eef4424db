"""The machine-readable reports (CSV) and the spreadsheets (XLSX) for the programme's records.

``grades.csv`` and ``questions.csv`` keep the English column names of the contract whatever the
language; the spreadsheets' sheets speak the report's language, except the manual-grading sheet,
whose columns the ``grade --manual`` importer reads, and the ``isolasi`` sheet, a copy of
``isolation.csv``.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pandas as pd
from openpyxl.comments import Comment as CellComment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from grading.reports._load import ISOLATION_COLUMNS, answer_text
from grading.reports._stats import ClassStats
from grading.reports._text import t
from toolkit.i18n import get_language

GRADES_COLUMNS = ("participant", "assignment", "score", "max_score", "flags")
QUESTIONS_COLUMNS = (
    "participant", "assignment", "notebook", "question", "type", "score", "max_score",
)
MANUAL_COLUMNS = (
    "participant_id", "name", "assignment", "notebook", "question", "max_score", "answer",
    "score", "comment",
)
MANUAL_SHEET = "penilaian-manual"
ISOLATION_SHEET = "isolasi"

PERCENT = "0.0%"
SCORE = "0.##"


def _number(value: float | None) -> str:
    """A score exactly as the gradebook holds it (shortest round-trip form); empty for none."""
    return "" if value is None else repr(float(value))


def write_csvs(stats: ClassStats, folder: Path) -> tuple[Path, Path]:
    grades_path = folder / "grades.csv"
    with open(grades_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GRADES_COLUMNS)
        for result in stats.participants:
            for row in result.assignments:
                writer.writerow([
                    result.participant.id,
                    row.assignment.name,
                    _number(row.score),
                    _number(row.assignment.max_score),
                    ";".join(row.flags),
                ])
    questions_path = folder / "questions.csv"
    with open(questions_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(QUESTIONS_COLUMNS)
        for result in stats.participants:
            for row in result.assignments:
                for item in row.questions:
                    writer.writerow([
                        result.participant.id,
                        row.assignment.name,
                        item.question.notebook,
                        item.question.name,
                        item.question.kind,
                        _number(item.grade.score if item.grade else 0.0),
                        _number(item.question.max_score),
                    ])
    return grades_path, questions_path


# ---------------------------------------------------------------------------------------------
# spreadsheet content


def queued_text(workspace: Path, participant: str, assignment: str, notebook: str,
                cell: str) -> str:
    """What the grader sees for an autograded test queued for hand grading: why, and the
    test's own result (its error, from ``autograded/``)."""
    outcome = ""
    path = workspace / "autograded" / participant / assignment / f"{notebook}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for found in cells:
            if found.get("metadata", {}).get("nbgrader", {}).get("grade_id") == cell:
                errors = [o for o in found.get("outputs", []) if o.get("output_type") == "error"]
                if errors:
                    outcome = f" {errors[0].get('ename', '')}: {str(errors[0].get('evalue', ''))[:300]}"
                break
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return ("[Tes otomatis yang perlu diperiksa manual: penilai otomatis tidak bisa memeriksanya "
            "sepenuhnya (alasan di flags.csv). / Autograded test queued for hand grading: the "
            "autograder could not check it faithfully (reason in flags.csv).]" + outcome)


def manual_rows(stats: ClassStats) -> pd.DataFrame:
    """One row per graded submission and hand-graded cell, with the participant's answer.

    Hand-graded cells are the written answers, and the autograded tests the engine queued for a
    person (``needs_manual_grade``: a test it could not check faithfully, see the flags), whose
    "answer" is the test's outcome. ``score`` is the gradebook's manual score if a grader gave
    one, the autograder's 0 for an answer left untouched, else empty; ``comment`` is the
    grader's manual comment.
    """
    cache: dict = {}
    rows = []
    for result in stats.participants:
        for row in result.assignments:
            for item in row.questions:
                question = item.question
                grade = item.grade
                queued = question.kind == "auto" and grade is not None and \
                    grade.needs_manual_grade and grade.manual_score is None
                if question.kind != "manual" and not queued:
                    continue
                if grade is None:
                    score = None
                elif grade.manual_score is not None:
                    score = grade.manual_score
                elif not grade.needs_manual_grade and grade.auto_score is not None:
                    score = grade.auto_score
                else:
                    score = None
                rows.append({
                    "participant_id": result.participant.id,
                    "name": result.participant.name,
                    "assignment": row.assignment.name,
                    "notebook": question.notebook,
                    "question": question.name,
                    "max_score": question.max_score,
                    "answer": queued_text(
                        stats.data.workspace, result.participant.id, row.assignment.name,
                        question.notebook, question.name) if queued else answer_text(
                        stats.data.workspace, result.participant.id, row.assignment.name,
                        question.notebook, question.name, cache,
                    ),
                    "score": score,
                    "comment": item.comment,
                })
    return pd.DataFrame(rows, columns=list(MANUAL_COLUMNS))


def _summary(stats: ClassStats) -> tuple[pd.DataFrame, dict[str, str]]:
    rows = []
    for result in stats.participants:
        p = result.participant
        row = {
            t("participant_id"): p.id,
            t("name"): p.name,
            t("organisation"): p.organisation,
            t("village"): p.village,
            t("type"): p.type,
        }
        for item in result.assignments:
            row[item.assignment.name] = item.score
        row[t("total")] = result.total
        row[t("max_score")] = result.max_total
        row[t("percent")] = result.share
        row[t("pass")] = t("yes") if result.passed else t("no")
        rows.append(row)
    formats = {a.name: SCORE for a in stats.data.assignments}
    formats.update({t("total"): SCORE, t("max_score"): SCORE, t("percent"): PERCENT})
    return pd.DataFrame(rows), formats


def _per_question(stats: ClassStats) -> tuple[pd.DataFrame, dict[str, str]]:
    rows = []
    for result in stats.participants:
        for item in result.assignments:
            for q in item.questions:
                score = q.grade.score if q.grade else 0.0
                rows.append({
                    t("participant_id"): result.participant.id,
                    t("name"): result.participant.name,
                    t("assignment"): item.assignment.name,
                    t("notebook"): q.question.notebook,
                    t("question"): q.question.name,
                    t("question_type"): t(q.question.kind),
                    t("score"): score,
                    t("max_score"): q.question.max_score,
                    t("percent"): score / q.question.max_score if q.question.max_score else None,
                    t("comment"): q.comment,
                })
    columns = [t(k) for k in ("participant_id", "name", "assignment", "notebook", "question",
                              "question_type", "score", "max_score", "percent", "comment")]
    formats = {t("score"): SCORE, t("max_score"): SCORE, t("percent"): PERCENT}
    return pd.DataFrame(rows, columns=columns), formats


def _per_module(stats: ClassStats) -> tuple[pd.DataFrame, dict[str, str]]:
    rows = []
    for result in stats.participants:
        row = {t("participant_id"): result.participant.id, t("name"): result.participant.name}
        for module in stats.modules:
            share = result.module_shares.get(module)
            row[module] = share if module in result.modules_submitted else None
        rows.append(row)
    median = {t("participant_id"): "", t("name"): t("class_median")}
    median.update({m: _none_if_nan(stats.module_medians[m]) for m in stats.modules})
    rows.append(median)
    columns = [t("participant_id"), t("name"), *stats.modules]
    return pd.DataFrame(rows, columns=columns), {m: PERCENT for m in stats.modules}


def _question_stats(stats: ClassStats) -> tuple[pd.DataFrame, dict[str, str]]:
    rows = [{
        t("assignment"): s.question.assignment,
        t("notebook"): s.question.notebook,
        t("question"): s.question.name,
        t("question_type"): t(s.question.kind),
        t("max_score"): s.question.max_score,
        t("count"): s.n,
        t("mean"): s.mean,
        t("difficulty"): _none_if_nan(s.difficulty),
        t("discrimination"): _none_if_nan(s.discrimination),
    } for s in stats.questions]
    columns = [t(k) for k in ("assignment", "notebook", "question", "question_type", "max_score",
                              "count", "mean", "difficulty", "discrimination")]
    formats = {t("max_score"): SCORE, t("mean"): "0.00", t("difficulty"): PERCENT,
               t("discrimination"): "0.00"}
    return pd.DataFrame(rows, columns=columns), formats


def _isolation(stats: ClassStats) -> tuple[pd.DataFrame, dict[str, str]]:
    """The rows of ``isolation.csv`` as they are, by assignment (in course order) and participant."""
    order = {a.name: index for index, a in enumerate(stats.data.assignments)}
    rows = sorted(stats.data.isolation,
                  key=lambda r: (order.get(r.assignment, len(order)), r.assignment,
                                 r.participant_id))
    frame = pd.DataFrame(
        [(r.participant_id, r.assignment, r.level, "+".join(r.layers)) for r in rows],
        columns=list(ISOLATION_COLUMNS),
    )
    return frame, {}


def _none_if_nan(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


# ---------------------------------------------------------------------------------------------
# writing and making it pleasant in Excel

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WIDE = {"answer": 70, "comment": 45}
MANUAL_NOTES = {
    "participant_id": {"id": "Jangan diubah.", "en": "Do not change."},
    "question": {
        "id": "grade_id sel yang dinilai manual. Jangan diubah.",
        "en": "grade_id of the hand-graded cell. Do not change.",
    },
    "answer": {"id": "Jawaban peserta (hanya dibaca).", "en": "The participant's answer (read only)."},
    "score": {
        "id": "Isi nilai 0 sampai max_score, lalu jalankan: kelas-ekspor grade TUGAS --manual FILE",
        "en": "Enter a score from 0 to max_score, then run: kelas-ekspor grade ASSIGNMENT --manual FILE",
    },
    "comment": {"id": "Komentar untuk peserta (opsional).", "en": "A comment for the participant (optional)."},
}


def _format_sheet(sheet, frame: pd.DataFrame, formats: dict[str, str], freeze: str) -> None:
    sheet.freeze_panes = freeze
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.fill = HEADER_FILL
        header.font = HEADER_FONT
        header.alignment = Alignment(vertical="center", wrap_text=True)
        values = frame[column].head(200).map(lambda v: "" if v is None else str(v))
        longest = max([len(str(column)), *values.map(len).tolist()]) if len(frame) else len(str(column))
        width = WIDE.get(str(column), min(max(10, longest + 2), 40))
        sheet.column_dimensions[letter].width = width
        fmt = formats.get(column)
        wrap = str(column) in WIDE
        if fmt or wrap:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=len(frame) + 1, min_col=index,
                                          max_col=index):
                if fmt:
                    cell.number_format = fmt
                if wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_manual_sheet(writer: pd.ExcelWriter, frame: pd.DataFrame) -> None:
    frame.to_excel(writer, sheet_name=MANUAL_SHEET, index=False)
    sheet = writer.sheets[MANUAL_SHEET]
    _format_sheet(sheet, frame, {"max_score": SCORE, "score": SCORE}, "C2")
    language = get_language()
    for index, column in enumerate(MANUAL_COLUMNS, start=1):
        note = MANUAL_NOTES.get(column)
        if note:
            sheet.cell(row=1, column=index).comment = CellComment(note[language], "Kelas Ekspor")
    if len(frame):
        last = len(frame) + 1
        rule = DataValidation(
            type="custom", formula1="AND(ISNUMBER(H2),H2>=0,H2<=F2)", allow_blank=True,
            showErrorMessage=True, errorTitle="max_score",
            error={"id": "Nilai harus angka dari 0 sampai max_score.",
                   "en": "The score must be a number from 0 to max_score."}[language],
        )
        rule.add(f"H2:H{last}")
        sheet.add_data_validation(rule)


def write_workbooks(stats: ClassStats, folder: Path) -> tuple[Path, Path]:
    manual = manual_rows(stats)
    grades_path = folder / "grades.xlsx"
    sheets = [
        (t("sheet_summary"), *_summary(stats), "C2"),
        (t("sheet_questions"), *_per_question(stats), "C2"),
        (t("sheet_modules"), *_per_module(stats), "C2"),
        (t("sheet_question_stats"), *_question_stats(stats), "D2"),
    ]
    with pd.ExcelWriter(grades_path, engine="openpyxl") as writer:
        for name, frame, formats, freeze in sheets:
            frame.to_excel(writer, sheet_name=name, index=False)
            _format_sheet(writer.sheets[name], frame, formats, freeze)
        _write_manual_sheet(writer, manual)
        if stats.data.isolation:  # no isolation.csv (a workspace graded before it existed): no sheet
            frame, formats = _isolation(stats)
            frame.to_excel(writer, sheet_name=ISOLATION_SHEET, index=False)
            _format_sheet(writer.sheets[ISOLATION_SHEET], frame, formats, "C2")
    manual_path = folder / f"{MANUAL_SHEET}.xlsx"
    with pd.ExcelWriter(manual_path, engine="openpyxl") as writer:
        _write_manual_sheet(writer, manual)
    return grades_path, manual_path
