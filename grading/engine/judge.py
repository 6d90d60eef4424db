"""From what happened in a run to flags: a pure function of the run's outcome and its notebook.

:func:`flags_for` reads a :class:`grading.engine.run.RunOutcome` and the executed notebook and
says what the grader must know (the texts are in :mod:`grading.engine.messages`), and which test
cells must go to a person because the engine could not check them faithfully — those are never
left as a silent 0.
"""

from __future__ import annotations

import json

from nbformat.notebooknode import NotebookNode
from nbgrader import utils

from grading.engine.messages import flag_code, flag_text
from grading.engine.run import RunOutcome
from grading.flags import Flag, make_flag

__all__ = ["flags_for"]


def _flag(participant: str, assignment: str, name: str, **fields) -> Flag:
    return make_flag(participant, assignment, flag_code(name), flag_text(name, **fields))


def _tests(nb: NotebookNode):
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell):
            yield index, cell.metadata.nbgrader.get("grade_id") or f"#{index + 1}", cell


def _full_marks(cell) -> bool:
    score, max_score = utils.determine_grade(cell)
    return score is not None and float(score) >= float(max_score)


def _unsupported(text: str) -> dict[str, str]:
    """Names whose exported value could not be carried (``unsupported`` records)."""
    try:
        values = json.loads(text).get("values", {})
    except (ValueError, AttributeError):
        return {}
    return {name: str(record.get("type", "?")) for name, record in values.items()
            if isinstance(record, dict) and record.get("t") == "unsupported"}


def flags_for(outcome: RunOutcome, nb: NotebookNode, participant: str, assignment: str, *,
              timeout: int, notebook_timeout: int, output_limit: int
              ) -> tuple[list[Flag], list[str]]:
    """The flags a run raises, and the test cells (grade ids) that need hand grading.

    Parameters
    ----------
    outcome
        What :func:`grading.engine.run.execute_notebook` found.
    nb
        The executed notebook (test cells with the clean kernel's outputs).
    participant, assignment
        Whose work, which assignment (for the flags' rows).
    timeout, notebook_timeout, output_limit
        The limits the run had (named in the texts).
    """
    def flag(name: str, **fields) -> Flag:
        return _flag(participant, assignment, name, **fields)

    flags: list[Flag] = []
    manual: list[str] = []
    not_run = ", ".join(outcome.not_run) or "-"
    if outcome.stopped == "over-time":
        flags.append(flag("notebook-timeout", seconds=notebook_timeout, cells=not_run))
    elif outcome.stopped == "unfinished":
        flags.append(flag("notebook-unfinished", cells=not_run))
    elif outcome.stopped == "kernel-died":
        flags.append(flag("kernel-died", cells=not_run))
    elif outcome.stopped.startswith("failed:"):
        flags.append(flag("execution-failed", error=outcome.stopped[7:], cells=not_run))
    errors: list[tuple[str, str]] = []
    timed_out = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append((output.get("ename", ""), str(output.get("evalue", ""))))
                if output.get("ename") == "CellTimeoutError" and index in outcome.finished:
                    timed_out.append(cell.metadata.get("nbgrader", {}).get("grade_id")
                                     or f"#{index + 1}")
    if timed_out and outcome.stopped != "over-time":
        flags.append(flag("cell-timeout", seconds=timeout, cells=", ".join(timed_out)))
    if any(name == "MemoryError" for name, _ in errors):
        flags.append(flag("memory-limit"))
    if any("File too large" in value or "Errno 27" in value for _, value in errors):
        flags.append(flag("file-size-limit"))
    if outcome.tampering:
        what = "; ".join(f"{cell}: {', '.join(found)}" for cell, found in outcome.tampering)
        flags.append(flag("tampering", what=what[:300]))
    if outcome.protocol:
        flags.append(flag("bridge-protocol", cells=", ".join(dict.fromkeys(outcome.protocol))))
    if outcome.hidden_errors:
        flags.append(flag("hidden-error", cells=", ".join(outcome.hidden_errors)))
    if outcome.output_cut:
        flags.append(flag("output-truncated", limit=output_limit))

    converted: dict[str, str] = {}
    unsupported: dict[str, str] = {}
    unsupported_cells: list[str] = []
    limited: dict[str, list[str]] = {}
    for _index, grade_id, cell in _tests(nb):
        text = outcome.imports.get(grade_id)
        if text is not None:
            try:
                converted.update(json.loads(text).get("converted", {}))
            except (ValueError, AttributeError):
                pass
        if grade_id in outcome.converted:
            for name in outcome.converted[grade_id].split(", "):
                converted.setdefault(name, name)
        full = _full_marks(cell)
        found = _unsupported(text) if text is not None else {}
        if found and not full:
            unsupported.update(found)
            unsupported_cells.append(grade_id)
        limits = list(outcome.limits.get(grade_id, []))
        if any(o.get("ename") == "EngineLimit" for o in cell.get("outputs", [])):
            limits.append("EngineLimit")
        if limits and not full:
            limited[grade_id] = limits
    if converted:
        what = ", ".join(f"{name} ({kind})" if name != kind else name
                         for name, kind in sorted(converted.items()))
        flags.append(flag("answer-type", what=what))
    if unsupported:
        what = ", ".join(f"{name} ({kind})" for name, kind in sorted(unsupported.items()))
        flags.append(flag("answer-unsupported", what=what, cells=", ".join(unsupported_cells)))
        manual += unsupported_cells
    if limited:
        reasons = sorted({_short(reason) for reasons in limited.values() for reason in reasons})
        flags.append(flag("engine-limit", cells=", ".join(limited), what="; ".join(reasons)[:300]))
        manual += [cell for cell in limited if cell not in manual]
    if outcome.export_failed:
        flags.append(flag("export-failed", cells=", ".join(dict.fromkeys(outcome.export_failed))))
    if outcome.in_participant:
        flags.append(flag("checked-in-participant-kernel", cells=", ".join(outcome.in_participant)))
    return flags, manual


def _short(reason: str) -> str:
    """The English part of a bilingual limit text, without its closing advice."""
    text = reason.split(" / ", 1)[-1]
    for prefix in ("The autograder cannot check this outside the participant's kernel: ",):
        text = text.removeprefix(prefix)
    return text.split(". This cell", 1)[0]
