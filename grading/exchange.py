"""The nbgrader exchange on a class hub: collecting as the hub's accounts, returning feedback.

On a JupyterHub the participants submit from JupyterLab's *Assignments* tab as their own Linux
accounts, whose names are the roster ids lower-cased (``SRG-001`` submits as ``srg-001``; see
:func:`grading.hub.hub_username`). :class:`HubCollect` is nbgrader's own ``ExchangeCollect`` with
two changes:

- a submission is filed under the roster's id (``submitted/SRG-001/...``), matched without regard
  to letter case; one whose name matches no roster id is collected under the name it has, as
  nbgrader does;
- with ``check_owner`` on (the workspace sets it when it runs on the hub), a submission whose
  folder is not owned by the account it names is **refused** and flagged (nbgrader only warns):
  nobody can hand in work under another participant's name.

:func:`return_feedback` puts the feedback pages ``grade`` wrote (``feedback/<id>/<assignment>/``)
into the exchange with nbgrader's own ``ExchangeReleaseFeedback``: each page goes to
``<exchange>/<course>/feedback/<hash>.html``, the hash made from the submission's secret (written
by nbgrader's submit, kept by collect and grade), so only the participant who submitted can find
it; the folder is not listable. Participants fetch it with *Fetch Feedback* in the same tab.

Examples
--------
>>> roster_id("srg-001", ["SRG-001", "SRG-002"])
'SRG-001'
>>> roster_id("tamu", ["SRG-001"])
'tamu'
"""

from __future__ import annotations

import glob
import logging
import os
import pwd
from dataclasses import dataclass, field
from pathlib import Path

from grading.errors import GradingError, nbgrader_failed
from grading.workspace import Workspace

__all__ = ["roster_id", "hub_collect_class", "ReturnResult", "return_feedback"]


def roster_id(username: str, ids: list[str]) -> str:
    """The roster id an exchange user name stands for (case-insensitive), else the name itself."""
    lowered = {pid.lower(): pid for pid in ids}
    return lowered.get(username.lower(), username)


def hub_collect_class(base, ids: list[str], refused: list[tuple[str, str, str]]):
    """nbgrader's ExchangeCollect (``base``) filing under roster ids and refusing forged owners.

    ``refused`` collects (user name, folder, owner) of each submission refused.
    """

    class HubCollect(base):
        def init_src(self):
            super().init_src()  # nbgrader's checks of the course and inbound; the due date
            student = self.coursedir.student_id or "*"
            pattern = os.path.join(self.inbound_path,
                                   f"{student}+{self.coursedir.assignment_id}+*")
            groups: dict[str, list[dict]] = {}
            for path in sorted(glob.glob(pattern)):
                record = self._path_to_record(path)
                if self.check_owner:  # before choosing the newest: a forgery must not hide it
                    try:
                        owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
                    except KeyError:
                        owner = f"uid {os.stat(path).st_uid}"
                    if owner != record["username"]:
                        refused.append((record["username"], record["filename"], owner))
                        continue
                groups.setdefault(record["username"], []).append(record)
            chosen = []
            for records in groups.values():  # the newest, or the newest before the due date
                ordered = self._sort_by_timestamp(records)
                if self.duedate is not None and self.before_duedate:
                    early = [r for r in ordered if r["timestamp"] <= self.duedate]
                    chosen.append(early[0] if early else ordered[0])
                else:
                    chosen.append(ordered[0])
            self.src_records = [dict(r, username=roster_id(r["username"], ids)) for r in chosen]
            # nbgrader's own check would only warn, and compare with the roster id
            self.check_owner = False

    return HubCollect


@dataclass
class ReturnResult:
    """What ``return`` did for one assignment."""

    assignment: str
    returned: list[str] = field(default_factory=list)
    pages: int = 0
    without_feedback: list[str] = field(default_factory=list)
    not_from_exchange: list[str] = field(default_factory=list)
    exchange_dir: Path | None = None


def return_feedback(workspace: Workspace | str | Path, assignment: str,
                    participants: list[str] = ()) -> ReturnResult:
    """Release the feedback of ``assignment`` to the exchange (see the module's docstring)."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)
    result = ReturnResult(assignment=assignment)
    chosen = {p.lower() for p in participants}
    submitted = sorted(d.parent.name for d in ws.submitted.glob(f"*/{assignment}") if d.is_dir())
    unknown = sorted(chosen - {p.lower() for p in submitted})
    if unknown:
        raise GradingError({
            "id": f"Tidak ada kiriman {assignment} dari: {', '.join(unknown)}.",
            "en": f"There is no submission of {assignment} from: {', '.join(unknown)}.",
        })
    excluded = []
    for participant in submitted:
        if chosen and participant.lower() not in chosen:
            excluded.append(participant)
            continue
        folder = ws.feedback / participant / assignment
        pages = sorted(folder.glob("*.html"))
        if not pages:
            result.without_feedback.append(participant)
            excluded.append(participant)
            continue
        secret = ws.submission_dir(participant, assignment) / "submission_secret.txt"
        if not secret.is_file():
            result.not_from_exchange.append(participant)
            excluded.append(participant)
            continue
        for name in ("timestamp.txt", "submission_secret.txt"):
            source = ws.submission_dir(participant, assignment) / name
            if source.is_file() and not (folder / name).is_file():
                (folder / name).write_bytes(source.read_bytes())
        result.returned.append(participant)
        result.pages += len(pages)
    if not result.returned:
        return result

    from nbgrader.utils import capture_log

    api = ws.api()
    coursedir = ws.coursedir(assignment_id=assignment)
    coursedir.student_id_exclude = ",".join(excluded)
    releaser = api.exchange.ReleaseFeedback(coursedir=coursedir, authenticator=api.authenticator,
                                            parent=api)
    level = logging.root.level
    logging.root.setLevel(logging.ERROR)
    try:
        outcome = capture_log(releaser)
    finally:
        logging.root.setLevel(level)
    if not outcome.get("success"):
        raise nbgrader_failed({
            "id": f"nbgrader release_feedback gagal (exchange {releaser.root})",
            "en": f"nbgrader release_feedback failed (exchange {releaser.root})"}, outcome)
    result.exchange_dir = Path(releaser.root) / coursedir.course_id / "feedback"
    # nbgrader copies each page with the grader's file mode: make sure the participant can read
    # theirs (the folder itself stays unlistable, mode 0711).
    for page in result.exchange_dir.glob("*.html"):
        if page.stat().st_uid == os.geteuid():
            page.chmod(0o644)
    return result
