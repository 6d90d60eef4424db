"""The numbers behind the reports: totals, pass or not, module shares, question statistics.

Scores are the gradebook's own (``SubmittedAssignment.score``, ``Grade.score``); nothing here
re-scores anything. Decisions, stated once:

* An assignment with no graded submission in the whole class (released, not yet graded) is
  listed but not counted in anyone's total, so a pass decision is always "on the work graded so
  far".
* A counted assignment a participant did not submit (or that is not graded yet) counts 0 points
  in their total and module shares; its score stays empty in the tables.
* Difficulty of a question = the mean share of its points over the graded submissions.
  Discrimination = the Pearson correlation between the question's score and the rest of the same
  assignment (the assignment total minus that question), over the graded submissions; undefined
  (NaN) with fewer than 3 submissions or when either side does not vary.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from grading.reports._load import AssignmentInfo, ClassData, Flag, GradeRow, Participant, Question


@dataclass
class QuestionResult:
    question: Question
    grade: GradeRow | None
    comment: str = ""


@dataclass
class AssignmentResult:
    assignment: AssignmentInfo
    score: float | None  # None: no graded submission
    counted: bool
    flags: list[str] = field(default_factory=list)  # codes, in a stable order
    flag_rows: list[Flag] = field(default_factory=list)
    questions: list[QuestionResult] = field(default_factory=list)
    feedback: list[Path] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        if self.score is None or not self.assignment.max_score:
            return None
        return self.score / self.assignment.max_score


@dataclass
class ParticipantResult:
    participant: Participant
    assignments: list[AssignmentResult]
    total: float
    max_total: float
    passed: bool
    module_shares: dict[str, float]  # modules with at least one counted assignment
    modules_submitted: set[str]

    @property
    def share(self) -> float | None:
        return self.total / self.max_total if self.max_total else None

    @property
    def submitted_any(self) -> bool:
        return any(a.score is not None for a in self.assignments)


@dataclass
class QuestionStats:
    question: Question
    n: int
    mean: float
    difficulty: float
    discrimination: float


@dataclass
class AssignmentStats:
    assignment: AssignmentInfo
    n: int
    mean: float
    median: float
    minimum: float
    maximum: float


@dataclass
class ClassStats:
    data: ClassData
    pass_threshold: float
    participants: list[ParticipantResult]
    counted: list[AssignmentInfo]
    modules: list[str]  # modules with at least one counted assignment, in course order
    module_medians: dict[str, float]
    module_means: dict[str, float]
    module_n: dict[str, int]
    questions: list[QuestionStats]
    assignments: list[AssignmentStats]


def _status_codes(data: ClassData, pid: str, aid: str, graded: bool, pending: bool,
                  flag_rows: list[Flag], in_roster: bool) -> list[str]:
    codes = []
    if not graded:
        codes.append("not-graded" if (pid, aid) in data.submitted_dirs or flag_rows else "missing")
    for flag in flag_rows:
        if flag.code and flag.code not in codes:
            codes.append(flag.code)
    if pending:
        codes.append("manual-pending")
    if not in_roster:
        codes.append("not-in-roster")
    return codes


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def compute(data: ClassData, pass_threshold: float) -> ClassStats:
    """Per-participant results and class statistics from the loaded workspace."""
    graded_assignments = {aid for _, aid in data.submissions}
    counted = [a for a in data.assignments if a.name in graded_assignments]
    counted_names = {a.name for a in counted}
    modules: list[str] = []
    for assignment in counted:
        if assignment.module not in modules:
            modules.append(assignment.module)
    module_max = {m: sum(a.max_score for a in counted if a.module == m) for m in modules}
    max_total = sum(a.max_score for a in counted)

    flags_by_key: dict[tuple[str, str], list[Flag]] = {}
    for flag in data.flags:
        flags_by_key.setdefault((flag.participant_id, flag.assignment), []).append(flag)

    results = []
    for participant in data.participants:
        rows = []
        for assignment in data.assignments:
            key = (participant.id, assignment.name)
            score = data.submissions.get(key)
            questions = []
            pending = False
            if score is not None:
                for question in assignment.questions:
                    cell_key = (participant.id, assignment.name, question.notebook, question.name)
                    grade = data.grades.get(cell_key)
                    pending = pending or bool(grade and grade.needs_manual_grade)
                    questions.append(
                        QuestionResult(question, grade, data.comments.get(cell_key, ""))
                    )
            flag_rows = flags_by_key.get(key, [])
            rows.append(
                AssignmentResult(
                    assignment=assignment,
                    score=score,
                    counted=assignment.name in counted_names,
                    flags=_status_codes(data, participant.id, assignment.name, score is not None,
                                        pending, flag_rows, participant.in_roster),
                    flag_rows=flag_rows,
                    questions=questions,
                    feedback=data.feedback.get(key, []),
                )
            )
        total = sum(r.score or 0.0 for r in rows if r.counted)
        module_points = {m: 0.0 for m in modules}
        submitted_modules = set()
        for row in rows:
            if row.counted:
                module_points[row.assignment.module] += row.score or 0.0
                if row.score is not None:
                    submitted_modules.add(row.assignment.module)
        shares = {
            m: (module_points[m] / module_max[m] if module_max[m] else math.nan) for m in modules
        }
        share = total / max_total if max_total else None
        results.append(
            ParticipantResult(
                participant=participant,
                assignments=rows,
                total=total,
                max_total=max_total,
                passed=share is not None and share >= pass_threshold - 1e-12,
                module_shares=shares,
                modules_submitted=submitted_modules,
            )
        )

    module_medians, module_means, module_n = {}, {}, {}
    for module in modules:
        values = [
            r.module_shares[module] for r in results if module in r.modules_submitted
        ]
        module_medians[module] = _median(values)
        module_means[module] = statistics.fmean(values) if values else math.nan
        module_n[module] = len(values)

    question_stats = []
    assignment_stats = []
    for assignment in data.assignments:
        students = sorted(pid for pid, aid in data.submissions if aid == assignment.name)
        if not students:
            continue
        totals = np.array([data.submissions[(s, assignment.name)] for s in students])
        shares = totals / assignment.max_score if assignment.max_score else totals * math.nan
        assignment_stats.append(
            AssignmentStats(
                assignment, len(students), float(np.mean(shares)), float(np.median(shares)),
                float(np.min(shares)), float(np.max(shares)),
            )
        )
        for question in assignment.questions:
            scores = np.array([
                (g.score if (g := data.grades.get((s, assignment.name, question.notebook,
                                                   question.name))) else 0.0)
                for s in students
            ])
            mean = float(np.mean(scores))
            question_stats.append(
                QuestionStats(
                    question=question,
                    n=len(students),
                    mean=mean,
                    difficulty=mean / question.max_score if question.max_score else math.nan,
                    discrimination=_pearson(scores, totals - scores),
                )
            )

    return ClassStats(
        data=data,
        pass_threshold=pass_threshold,
        participants=results,
        counted=counted,
        modules=modules,
        module_medians=module_medians,
        module_means=module_means,
        module_n=module_n,
        questions=question_stats,
        assignments=assignment_stats,
    )
