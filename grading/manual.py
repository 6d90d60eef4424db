"""Import the manual-grading sheet: hand-given scores and comments into the gradebook.

``kelas-ekspor report`` writes the sheet (``reports/penilaian-manual.xlsx``, and the sheet
``penilaian-manual`` in ``grades.xlsx``) with the columns ``participant_id, name, assignment,
notebook, question, max_score, answer, score, comment``. A grader fills ``score`` (and maybe
``comment``) and runs ``kelas-ekspor grade ASSIGNMENT --manual FILE``. Only the rows of
ASSIGNMENT are read; rows with neither score nor comment are skipped. The whole file is rejected,
naming its line numbers (header = line 1), when any row of the assignment is bad: an unknown
participant or one with no graded submission, an unknown notebook or question, a score that is
not a number or is below 0 or above the question's max_score, the same question twice. Otherwise
each score goes to nbgrader's ``Grade.manual_score`` and each comment to
``Comment.manual_comment``, exactly where the formgrader keeps them.

Examples
--------
>>> parse_score("1,5"), parse_score(" 2 "), parse_score("")
(1.5, 2.0, None)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from grading.errors import GradingError
from grading.tables import normalise_header, read_table
from grading.workspace import Workspace

__all__ = ["MANUAL_COLUMNS", "SHEET_NAME", "ManualImport", "parse_score", "import_manual_sheet"]

MANUAL_COLUMNS = ["participant_id", "name", "assignment", "notebook", "question", "max_score",
                  "answer", "score", "comment"]
SHEET_NAME = "penilaian-manual"
_REQUIRED = ["participant_id", "question", "score"]


@dataclass
class ManualImport:
    """What the import wrote."""

    file: Path
    assignment: str
    scores: int = 0
    comments: int = 0
    other_assignments: int = 0
    participants: list[str] = field(default_factory=list)


def parse_score(text: str) -> float | None:
    """A score as typed in a spreadsheet (``1,5`` or ``1.5``); None when empty; ValueError if not a number."""
    text = text.strip()
    if not text:
        return None
    value = float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _reject(path: Path, problems: list[tuple[int, dict]]) -> GradingError:
    shown = problems[:15]
    more = len(problems) - len(shown)
    text = {lang: "; ".join(
        (f"baris {line}: " if lang == "id" else f"line {line}: ") + why[lang] for line, why in shown)
        for lang in ("id", "en")}
    if more:
        text["id"] += f"; dan {more} masalah lain"
        text["en"] += f"; and {more} more problems"
    return GradingError({
        "id": f"{path.name}: {text['id']}. File ditolak, tidak ada nilai yang disimpan.",
        "en": f"{path.name}: {text['en']}. The file was rejected; no score was saved.",
    }, lines=sorted({line for line, _ in problems}))


def import_manual_sheet(workspace: Workspace | str | Path, assignment: str,
                        path: str | Path) -> ManualImport:
    """Check every row of ``assignment`` in the sheet, then save its scores and comments (see module doc)."""
    from nbgrader.api import MissingEntry

    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)
    path = Path(path)
    table = read_table(path, sheet=SHEET_NAME)
    columns = {normalise_header(name): i for i, name in enumerate(table.columns)}
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise _reject(path, [(table.header_line, {
            "id": f"kolom {', '.join(missing)} tidak ada (kolom lembar penilaian manual: "
                  f"{', '.join(MANUAL_COLUMNS)})",
            "en": f"the column {', '.join(missing)} is missing (the manual-grading sheet's "
                  f"columns: {', '.join(MANUAL_COLUMNS)})",
        })])

    def value(row, name: str) -> str:
        index = columns.get(name)
        return row.values[index].strip() if index is not None and index < len(row.values) else ""

    result = ManualImport(file=path, assignment=assignment)
    problems: list[tuple[int, dict]] = []
    planned: list[tuple[int, str, str, str, float | None, str | None]] = []
    seen: dict[tuple[str, str, str], int] = {}
    notebooks = ws.notebooks(assignment)
    with ws.gradebook() as gb:
        cells: dict[str, dict[str, float]] = {}
        comment_cells: dict[str, set[str]] = {}
        for notebook in gb.find_assignment(assignment).notebooks:
            cells[notebook.name] = {c.name: float(c.max_score) for c in notebook.grade_cells}
            comment_cells[notebook.name] = {c.name for c in notebook.solution_cells}
        graded = {s.student.id for s in gb.assignment_submissions(assignment)}

        for row in table.rows:
            row_assignment = value(row, "assignment")
            if row_assignment and row_assignment != assignment:
                result.other_assignments += 1
                continue
            participant = value(row, "participant_id")
            question = value(row, "question")
            score_text = value(row, "score")
            comment = value(row, "comment")
            if not score_text and not comment:
                continue
            notebook = value(row, "notebook") or (notebooks[0] if len(notebooks) == 1 else "")
            if participant not in graded:
                problems.append((row.line, {
                    "id": f"peserta {participant!r} tidak punya kiriman {assignment} yang sudah "
                          "dinilai",
                    "en": f"participant {participant!r} has no graded submission of {assignment}",
                }))
                continue
            if notebook not in cells:
                problems.append((row.line, {
                    "id": f"notebook {notebook!r} tidak ada di tugas {assignment} (ada: "
                          f"{', '.join(sorted(cells))})",
                    "en": f"notebook {notebook!r} is not in assignment {assignment} (there are: "
                          f"{', '.join(sorted(cells))})",
                }))
                continue
            if question not in cells[notebook]:
                problems.append((row.line, {
                    "id": f"soal {question!r} tidak ada di {notebook} (soal yang dinilai: "
                          f"{', '.join(sorted(cells[notebook]))})",
                    "en": f"question {question!r} is not in {notebook} (graded questions: "
                          f"{', '.join(sorted(cells[notebook]))})",
                }))
                continue
            maximum = cells[notebook][question]
            try:
                score = parse_score(score_text)
            except ValueError:
                problems.append((row.line, {
                    "id": f"nilai {score_text!r} bukan angka (isi angka 0 sampai {maximum:g})",
                    "en": f"score {score_text!r} is not a number (enter 0 to {maximum:g})",
                }))
                continue
            if score is not None and not 0 <= score <= maximum:
                problems.append((row.line, {
                    "id": f"nilai {score:g} di luar 0 sampai {maximum:g} (max_score soal {question})",
                    "en": f"score {score:g} is outside 0 to {maximum:g} (max_score of {question})",
                }))
                continue
            key = (participant, notebook, question)
            if key in seen:
                problems.append((row.line, {
                    "id": f"{participant} {question} sudah dinilai di baris {seen[key]}",
                    "en": f"{participant} {question} is already scored on line {seen[key]}",
                }))
                continue
            seen[key] = row.line
            usable_comment = comment if comment and question in comment_cells[notebook] else None
            planned.append((row.line, participant, notebook, question, score, usable_comment))

        if problems:
            raise _reject(path, problems)

        for _line, participant, notebook, question, score, comment in planned:
            if score is not None:
                try:
                    grade = gb.find_grade(question, notebook, assignment, participant)
                except MissingEntry:
                    continue
                grade.manual_score = score
                grade.needs_manual_grade = False
                result.scores += 1
            if comment is not None:
                try:
                    entry = gb.find_comment(question, notebook, assignment, participant)
                except MissingEntry:
                    continue
                entry.manual_comment = comment
                result.comments += 1
            if participant not in result.participants:
                result.participants.append(participant)
        gb.db.commit()
    result.participants.sort()
    return result
