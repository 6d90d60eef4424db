"""What a person reads, already worded and formatted: shared by the HTML and the PDF reports."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from grading.engine.sandbox import ALL_LAYERS, missing_layers
from grading.reports._load import ISOLATION_LEVELS, ClassData
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
        "isolation": isolation_view(data),
        "charts": charts,
        "labels": LABELS,
    }


# ---------------------------------------------------------------------------------------------
# grading isolation (isolation.csv)

WHO_SHOWN = 10  # participants named per group of the isolation note; the rest are counted


def _layer_text(prefix: str, layer: str) -> str:
    """The words for a missing layer (``missing_…``) or its risk (``risk_…``); a new layer's name."""
    return t(f"{prefix}_{layer}") if f"{prefix}_{layer}" in LABELS else layer


def isolation_view(data: ClassData) -> dict | None:
    """The class page's isolation section, or None when there is no ``isolation.csv`` row.

    Per assignment: graded submissions at each level. When any is not ``full``: one row per
    (level, layers) saying which layers were missing, for whom, what that risks and how to get
    full isolation. The engine writes a row for each submission whose code it ran; a graded
    submission without one is a file that could not be run (broken JSON, scored 0 without a
    kernel), unless its assignment has no row at all: then it was graded before the record
    existed and is counted as not recorded, like a row whose level is empty.
    """
    rows = data.isolation
    if not rows:
        return None
    order = {a.name: index for index, a in enumerate(data.assignments)}
    titles = {a.name: a.title for a in data.assignments}
    with_rows = {r.assignment for r in rows}
    unrecorded = sorted(key for key in data.submissions if key[1] not in with_rows)
    levels: dict[str, dict[str, int]] = {}
    for r in rows:
        counts = levels.setdefault(r.assignment, {})
        counts[r.level] = counts.get(r.level, 0) + 1
    for _, assignment in unrecorded:
        counts = levels.setdefault(assignment, {})
        counts[""] = counts.get("", 0) + 1
    keys = [*ISOLATION_LEVELS]
    if any("" in counts for counts in levels.values()):
        keys.append("")
    columns = [t(f"level_{key or 'unknown'}") for key in keys]
    table = []
    for name in sorted(levels, key=lambda a: (order.get(a, len(order)), a)):
        counts = levels[name]
        table.append({
            "title": titles.get(name, name), "name": name,
            "cells": [(counts.get(key, 0), key in ("partial", "basic") and counts.get(key, 0) > 0)
                      for key in keys],
            "total": sum(counts.values()),
        })

    groups: dict[tuple[str, tuple[str, ...]], dict[str, list[str]]] = {}
    for r in rows:
        if r.level in ("partial", "basic"):
            who = groups.setdefault((r.level, r.layers), {})
            who.setdefault(r.participant_id, []).append(r.assignment)
    missing_any: list[str] = []
    group_rows = []
    for (level, layers), who in sorted(
            groups.items(), key=lambda g: (g[0][0] != "basic", -sum(map(len, g[1].values())))):
        missing = list(missing_layers(layers))
        missing_any += [layer for layer in missing if layer not in missing_any]
        named = [f"{pid} ({', '.join(sorted(a, key=lambda n: (order.get(n, len(order)), n)))})"
                 for pid, a in sorted(who.items())]
        text = ", ".join(named[:WHO_SHOWN])
        if len(named) > WHO_SHOWN:
            text += " " + t("and_more", count=len(named) - WHO_SHOWN)
        group_rows.append({
            "level": t(f"level_{level}"),
            "missing": ", ".join(_layer_text("missing", layer) for layer in missing),
            "layers": " + ".join(layers),
            "count": sum(map(len, who.values())),
            "who": text,
        })
    missing_any.sort(key=ALL_LAYERS.index)
    not_full = sum(g["count"] for g in group_rows)
    total = len(rows) + len(unrecorded)
    unknown = len(unrecorded) + sum(1 for r in rows if not r.level)
    return {
        "columns": columns,
        "rows": table,
        "all_full": not_full == 0 and unknown == 0,
        "groups": group_rows,
        "warning": t("isolation_warning", count=not_full, total=total),
        "risks": [(_layer_text("missing", layer), _layer_text("risk", layer))
                  for layer in missing_any],
        "unrecorded": t("isolation_unrecorded", count=unknown) if unknown else "",
    }

