"""What a person reads, already worded and formatted: shared by the HTML and the PDF reports."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from grading.reports._stats import AssignmentResult, ClassStats, ParticipantResult
from grading.reports._text import LABELS, decimal_text, percent_text, score_text, t
from toolkit.i18n import format_date, get_language

OWN_CODES = ("missing", "not-graded", "manual-pending", "not-in-roster")


def status_text(row: AssignmentResult) -> str:
    """The flags of one participant's assignment, in words."""
    words = []
    for code in row.flags:
        if code in OWN_CODES:
            words.append(t(code))
        else:
            reasons = [f.reason for f in row.flag_rows if f.code == code]
            words.append("; ".join(dict.fromkeys(reasons)) or code)
    return "; ".join(words)


def participant_view(result: ParticipantResult, stats: ClassStats, today: dt.date,
                     page_dir: Path) -> dict:
    p = result.participant
    share = result.share
    assignment_rows = []
    detail = []
    for row in result.assignments:
        assignment = row.assignment
        assignment_rows.append({
            "title": assignment.title,
            "name": assignment.name,
            "module": assignment.module,
            "score": score_text(row.score),
            "max": score_text(assignment.max_score),
            "percent": percent_text(row.share),
            "status": status_text(row),
            "feedback": [
                {"href": Path(os.path.relpath(path, page_dir)).as_posix(), "label": path.name}
                for path in row.feedback
            ],
        })
        if row.score is not None:
            detail.append({
                "title": f"{assignment.title} ({assignment.name})",
                "rows": [
                    {
                        "question": q.question.name if len(assignment.notebooks) == 1
                        else f"{q.question.notebook} · {q.question.name}",
                        "kind": t(q.question.kind),
                        "score": f"{score_text(q.grade.score if q.grade else 0.0)} / "
                        f"{score_text(q.question.max_score)}",
                        "comment": q.comment,
                    }
                    for q in row.questions
                ],
            })
    certificate = None
    if result.passed:
        where = " · ".join(filter(None, [p.organisation, p.village]))
        certificate = {
            "title": t("certificate"),
            "given": t("certificate_given"),
            "where": where,
            "text": t("certificate_for", percent=percent_text(share)),
            "date": t("certificate_date", date=format_date(today, "long")),
        }
    return {
        "lang": get_language(),
        "p": p,
        "generated": format_date(today, "long"),
        "total": score_text(result.total),
        "total_line": t("total_line", score=score_text(result.total),
                        max=score_text(result.max_total), percent=percent_text(share)),
        "passed": result.passed,
        "status": t("passed") if result.passed else t("not_passed"),
        "threshold_line": t("threshold_line", threshold=percent_text(stats.pass_threshold)),
        "assignment_rows": assignment_rows,
        "detail": detail,
        "certificate": certificate,
    }


def class_view(stats: ClassStats, today: dt.date, charts: dict[str, str]) -> dict:
    data = stats.data
    results = stats.participants
    roster = [r for r in results if r.participant.in_roster]
    kinds: dict[str, int] = {}
    for r in roster:
        if r.participant.type:
            kinds[r.participant.type] = kinds.get(r.participant.type, 0) + 1
    n_roster = len(roster)
    cards = [(t("participants_roster"), n_roster)]
    cards += [(kind, n) for kind, n in sorted(kinds.items())]
    cards += [
        (t("with_submission"), sum(1 for r in results if r.submitted_any)),
        (t("submissions"), len(data.submissions)),
        (t("passing"), sum(1 for r in results if r.passed)),
        (t("assignments_counted"), f"{len(stats.counted)} / {len(data.assignments)}"),
    ]
    by_name = {s.assignment.name: s for s in stats.assignments}
    assignment_rows = []
    for assignment in data.assignments:
        s = by_name.get(assignment.name)
        submitted = sum(1 for r in results if any(
            a.assignment.name == assignment.name and a.score is not None for a in r.assignments))
        assignment_rows.append({
            "title": assignment.title, "name": assignment.name, "module": assignment.module,
            "max": score_text(assignment.max_score),
            "submitted": f"{submitted} / {len(results)}",
            "mean": percent_text(s.mean if s else None),
            "median": percent_text(s.median if s else None),
            "min": percent_text(s.minimum if s else None),
            "max_share": percent_text(s.maximum if s else None),
        })
    counted_names = {a.name for a in stats.counted}
    question_rows = [{
        "assignment": q.question.assignment,
        "question": q.question.name,
        "kind": t(q.question.kind),
        "max": score_text(q.question.max_score),
        "n": q.n,
        "mean": decimal_text(q.mean),
        "difficulty": percent_text(q.difficulty),
        "discrimination": decimal_text(q.discrimination),
        "weak": q.discrimination < 0.2,  # False for NaN: shown as a dash, not as a warning
    } for q in stats.questions]
    module_rows = [{
        "module": m, "n": stats.module_n[m],
        "median": percent_text(stats.module_medians[m]),
        "mean": percent_text(stats.module_means[m]),
    } for m in stats.modules]
    missing_rows = []
    pending_rows = []
    for r in results:
        missing = [a.assignment for a in r.assignments
                   if a.counted and "missing" in a.flags]
        if missing:
            missing_rows.append({
                "id": r.participant.id, "name": r.participant.name,
                "organisation": r.participant.organisation,
                "assignments": ", ".join(f"{a.title} ({a.name})" for a in missing),
            })
        for a in r.assignments:
            if "manual-pending" in a.flags:
                pending_rows.append({"id": r.participant.id, "name": r.participant.name,
                                     "assignment": a.assignment.name})
    names = {r.participant.id: r.participant.name for r in results}
    flag_rows = [{
        "id": f.participant_id or t("unmatched"),
        "name": names.get(f.participant_id, ""),
        "assignment": f.assignment,
        "code": f.code,
        "reason": f.reason,
    } for f in data.flags]
    for r in results:  # submitted but not graded, with no reason recorded in flags.csv
        for a in r.assignments:
            if "not-graded" in a.flags and not a.flag_rows:
                flag_rows.append({"id": r.participant.id, "name": r.participant.name,
                                  "assignment": a.assignment.name, "code": "not-graded",
                                  "reason": t("not-graded")})
        if not r.participant.in_roster:
            flag_rows.append({"id": r.participant.id, "name": r.participant.name,
                              "assignment": "", "code": "not-in-roster",
                              "reason": t("not-in-roster")})
    participant_rows = [{
        "id": r.participant.id, "name": r.participant.name,
        "organisation": r.participant.organisation, "village": r.participant.village,
        "html": f"participants/{r.participant.id}.html",
        "pdf": f"participants/{r.participant.id}.pdf",
        "total": f"{score_text(r.total)} / {score_text(r.max_total)}",
        "percent": percent_text(r.share),
        "passed": r.passed,
        "pass_text": t("yes") if r.passed else t("no"),
    } for r in results]
    not_counted = ", ".join(a.name for a in data.assignments if a.name not in counted_names)
    return {
        "lang": get_language(),
        "generated": format_date(today, "long"),
        "pass_rule": t("pass_rule", threshold=percent_text(stats.pass_threshold)),
        "cards": cards,
        "assignment_rows": assignment_rows,
        "not_counted": not_counted,
        "question_rows": question_rows,
        "module_rows": module_rows,
        "missing_rows": missing_rows,
        "flag_rows": flag_rows,
        "pending_rows": pending_rows,
        "participant_rows": participant_rows,
        "charts": charts,
        "labels": LABELS,
    }
