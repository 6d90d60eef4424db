"""Collect submissions: from nbgrader's exchange, or from a folder or zip of files sent by e-mail or chat.

A file sent by hand is matched to a participant by the participant id in its file name, or else in
the name of a folder above it (nearest first), ignoring letter case. When several roster ids appear
in the same name the longest wins (``SRG-0101`` over ``SRG-010``); two different ids of the same
length are ambiguous and the file stays unmatched. Each matched file is copied, byte for byte, to
``submitted/<id>/<assignment>/<notebook>.ipynb`` (the notebook name the assignment expects) with a
``timestamp.txt`` holding when it was submitted: the ``timestamp.txt`` nbgrader wrote beside it,
when it was sent as nbgrader's own folder (from a hub's exchange or a ``submitted/`` copy), else
the file's modification time (a zip entry's time in a zip). The time is what nbgrader's late
submission settings (the assignment's due date, ``LateSubmissionPlugin``) judge. When a
participant sent several files the newest wins, and a copy already in ``submitted/`` is replaced
only by a newer one. Unmatched files are listed and recorded in ``flags.csv``; none is dropped
silently. The source folder or zip is only read. Zips inside the folder or zip (one level) are
opened too, their name counting as a folder name.

Examples
--------
>>> match_participant(["kiriman", "Tugas1_srg-012_siti.ipynb"], ["SRG-012", "SRG-0120", "SRG-01"])
('SRG-012', None)
>>> match_participant(["SRG-001 dan SRG-002.ipynb"], ["SRG-001", "SRG-002"])[0] is None
True
>>> match_participant(["a1-biaya 12.ipynb"], ["1", "12", "2"], ignore=["a1-biaya"])
('12', None)
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grading.errors import GradingError
from grading.flags import Flag, make_flag, read_flags
from grading.workspace import Workspace, write_csv_atomic
from toolkit.i18n import Text

__all__ = [
    "Candidate",
    "Collected",
    "CollectResult",
    "match_participant",
    "collect_from_path",
    "collect_from_exchange",
    "format_timestamp",
]

_SKIP_DIRS = {"__MACOSX", ".ipynb_checkpoints", "__pycache__"}


@dataclass
class Candidate:
    """A notebook found in the folder or zip: where it was, when it was saved, how to read it."""

    shown: str  # path as the trainer sees it, e.g. "kiriman.zip/SRG-001/tugas.ipynb"
    parts: list[str]  # folder names then the file name, outermost first
    modified: dt.datetime  # UTC
    read: Callable[[], bytes]


@dataclass
class Collected:
    participant: str
    notebook: str
    shown: str
    timestamp: dt.datetime


@dataclass
class CollectResult:
    """What ``collect`` did for one assignment."""

    assignment: str
    collected: list[Collected] = field(default_factory=list)
    kept: list[Collected] = field(default_factory=list)  # older than the copy already collected
    superseded: list[Collected] = field(default_factory=list)  # a newer file from the same person
    unmatched: list[tuple[str, Text]] = field(default_factory=list)
    other_assignment: list[str] = field(default_factory=list)
    not_notebooks: int = 0
    from_exchange: bool = False


def format_timestamp(moment: dt.datetime) -> str:
    """A timestamp as nbgrader writes it in ``timestamp.txt``.

    >>> format_timestamp(dt.datetime(2026, 3, 20, 8, 30, tzinfo=dt.timezone.utc))
    '2026-03-20 08:30:00.000000 UTC'
    """
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def match_participant(parts: list[str], ids: list[str], ignore: list[str] = ()
                      ) -> tuple[str | None, Text | None]:
    """The participant a file belongs to, from its file name, then its folders (nearest first).

    Words in ``ignore`` (the assignment and notebook names) are taken out of each name first, so
    that an id such as ``1`` is not found inside ``a1-biaya-kapasitas``. Returns ``(id, None)``,
    or ``(None, reason)`` when no id or two equally long ids appear.
    """
    lowered = [(pid, pid.lower()) for pid in ids]
    noise = sorted({w.lower() for w in ignore if w}, key=len, reverse=True)
    for name in reversed(parts):
        text = name.lower()
        for word in noise:
            text = text.replace(word, " ")
        found = [pid for pid, low in lowered if low and low in text]
        if not found:
            continue
        longest = max(len(pid) for pid in found)
        best = sorted({pid for pid in found if len(pid) == longest})
        if len(best) == 1:
            return best[0], None
        listed = ", ".join(best)
        return None, {
            "id": f"nama {name!r} memuat lebih dari satu id peserta ({listed})",
            "en": f"the name {name!r} contains more than one participant id ({listed})",
        }
    return None, {
        "id": "tidak ada id peserta dari roster di nama file atau foldernya",
        "en": "no participant id from the roster in the file name or its folders",
    }


def _utc_from_timestamp(seconds: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def _zip_time(info: zipfile.ZipInfo) -> dt.datetime:
    # zip entries hold local wall-clock time without a zone: read it as this machine's local time
    return dt.datetime(*info.date_time).astimezone().astimezone(dt.timezone.utc)


def _skipped(parts: list[str]) -> bool:
    return any(p in _SKIP_DIRS for p in parts[:-1]) or parts[-1].startswith("._")


def _stamp(text: str) -> dt.datetime | None:
    """The UTC time in the text of an nbgrader ``timestamp.txt`` (None if it is not one)."""
    from nbgrader.utils import parse_utc

    try:
        moment = parse_utc(text.strip())
    except (ValueError, OverflowError, TypeError):
        return None
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment


def _from_zip(data_or_path, prefix: list[str], shown_prefix: str, depth: int,
              result: CollectResult) -> list[Candidate]:
    candidates = []
    try:
        archive = zipfile.ZipFile(data_or_path)
    except (zipfile.BadZipFile, OSError) as error:
        result.unmatched.append((shown_prefix, {
            "id": f"zip tidak bisa dibuka ({type(error).__name__})",
            "en": f"the zip cannot be opened ({type(error).__name__})",
        }))
        return []
    with archive:
        stamps = {}  # folder inside the zip -> the time in its nbgrader timestamp.txt
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            if name.rsplit("/", 1)[-1] == "timestamp.txt" and info.file_size < 200:
                moment = _stamp(archive.read(info).decode("utf-8", "replace"))
                if moment is not None:
                    stamps[name.rpartition("/")[0]] = moment
        for info in archive.infolist():
            if info.is_dir():
                continue
            inner = [p for p in PurePosixPath(info.filename.replace("\\", "/")).parts if p != "/"]
            parts = prefix + inner
            if _skipped(parts):
                continue
            shown = f"{shown_prefix}/{'/'.join(inner)}"
            name = inner[-1].lower()
            if name.endswith(".ipynb"):
                payload = archive.read(info)
                folder = info.filename.replace("\\", "/").rpartition("/")[0]
                candidates.append(Candidate(shown, parts, stamps.get(folder) or _zip_time(info),
                                            lambda payload=payload: payload))
            elif name.endswith(".zip") and depth < 1:
                candidates += _from_zip(io.BytesIO(archive.read(info)), parts, shown, depth + 1,
                                        result)
            elif name != "timestamp.txt":
                result.not_notebooks += 1
    return candidates


def _from_folder(folder: Path, result: CollectResult) -> list[Candidate]:
    candidates = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for filename in sorted(filenames):
            path = Path(dirpath) / filename
            parts = list(path.relative_to(folder).parts)
            if _skipped(parts):
                continue
            shown = str(path.relative_to(folder.parent))
            if filename.lower().endswith(".ipynb"):
                modified = _existing_timestamp(path.parent) or \
                    _utc_from_timestamp(path.stat().st_mtime)
                candidates.append(Candidate(shown, parts, modified, path.read_bytes))
            elif filename.lower().endswith(".zip"):
                candidates += _from_zip(path, parts, shown, 1, result)
            elif filename != "timestamp.txt":
                result.not_notebooks += 1
    return candidates


def _which_notebook(parts: list[str], notebooks: list[str]) -> str | None:
    if len(notebooks) == 1:
        return notebooks[0]
    stem = parts[-1].lower()
    found = [nb for nb in notebooks if nb.lower() in stem]
    return max(found, key=len) if found else None


def _mentions_other_assignment(parts: list[str], assignment: str, others: list[str]) -> bool:
    text = " ".join(parts).lower()
    if assignment.lower() in text:
        return False
    return any(other.lower() in text for other in others if other != assignment)


def collect_from_path(workspace: Workspace | str | Path, assignment: str,
                      path: str | Path) -> CollectResult:
    """Collect the notebooks in a folder or zip of files sent by e-mail or chat (see module doc)."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)
    source = Path(path).expanduser().resolve()
    ids = ws.participant_ids()
    if not ids:
        raise GradingError({
            "id": "Roster masih kosong, jadi file tidak bisa dicocokkan dengan peserta. Impor "
                  "dulu: `kelas-ekspor roster import FILE`.",
            "en": "The roster is empty, so files cannot be matched to participants. Import it "
                  "first: `kelas-ekspor roster import FILE`.",
        })
    result = CollectResult(assignment=assignment)
    if source.is_dir():
        candidates = _from_folder(source, result)
    elif source.is_file() and zipfile.is_zipfile(source):
        candidates = _from_zip(source, [source.name], source.name, 0, result)
    elif source.is_file() and source.suffix.lower() == ".ipynb":
        modified = _existing_timestamp(source.parent) or \
            _utc_from_timestamp(source.stat().st_mtime)
        candidates = [Candidate(source.name, [source.name], modified, source.read_bytes)]
    else:
        raise GradingError({
            "id": f"{source} bukan folder, file .zip, atau notebook .ipynb. Tunjukkan folder atau "
                  "zip berisi kiriman peserta dengan --from.",
            "en": f"{source} is not a folder, a .zip file or an .ipynb notebook. Point --from at "
                  "the folder or zip holding the participants' files.",
        })

    notebooks = ws.notebooks(assignment)
    others = ws.assignments()
    best: dict[tuple[str, str], tuple[Candidate, list[Candidate]]] = {}
    for candidate in candidates:
        if _mentions_other_assignment(candidate.parts, assignment, others):
            result.other_assignment.append(candidate.shown)
            continue
        participant, reason = match_participant(candidate.parts, ids, others + notebooks)
        if participant is None:
            result.unmatched.append((candidate.shown, reason))
            continue
        notebook = _which_notebook(candidate.parts, notebooks)
        if notebook is None:
            result.unmatched.append((candidate.shown, {
                "id": "tidak jelas notebook tugas yang mana (nama file harus memuat salah satu: "
                      + ", ".join(notebooks) + ")",
                "en": "cannot tell which of the assignment's notebooks it is (the file name must "
                      "contain one of: " + ", ".join(notebooks) + ")",
            }))
            continue
        key = (participant, notebook)
        if key not in best:
            best[key] = (candidate, [])
        else:
            current, older = best[key]
            if (candidate.modified, candidate.shown) > (current.modified, current.shown):
                best[key] = (candidate, older + [current])
            else:
                older.append(candidate)

    for (participant, notebook), (candidate, older) in sorted(best.items()):
        for other in older:
            result.superseded.append(Collected(participant, notebook, other.shown, other.modified))
        item = Collected(participant, notebook, candidate.shown, candidate.modified)
        if _store(ws, assignment, participant, notebook, candidate):
            result.collected.append(item)
        else:
            result.kept.append(item)

    _record_unmatched(ws, assignment, result)
    return result


def _existing_timestamp(folder: Path) -> dt.datetime | None:
    """The UTC time in ``folder/timestamp.txt`` (None when there is none or it is unreadable)."""
    try:
        return _stamp((folder / "timestamp.txt").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _store(ws: Workspace, assignment: str, participant: str, notebook: str,
           candidate: Candidate) -> bool:
    """Copy one file into ``submitted/`` unless a newer copy is there; True when copied."""
    folder = ws.submission_dir(participant, assignment)
    target = folder / f"{notebook}.ipynb"
    existing = _existing_timestamp(folder) if target.exists() else None
    if existing is not None and existing >= candidate.modified:
        return False
    folder.mkdir(parents=True, exist_ok=True)
    data = candidate.read()
    for name, content in ((f"{notebook}.ipynb", data),
                          ("timestamp.txt", format_timestamp(candidate.modified).encode())):
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, folder / name)
    return True


def _record_unmatched(ws: Workspace, assignment: str, result: CollectResult) -> None:
    new = [
        make_flag("", assignment, "unmatched-file", {
            "id": f"File {shown} tidak dicocokkan: {why['id']}. Ganti namanya dengan id peserta "
                  "lalu jalankan collect lagi, atau salin sendiri ke submitted/<id>/.",
            "en": f"File {shown} was not matched: {why['en']}. Rename it with the participant id "
                  "and run collect again, or copy it to submitted/<id>/ yourself.",
        })
        for shown, why in result.unmatched
    ]
    if not new:
        return
    from grading.flags import FLAG_COLUMNS

    rows: list[Flag] = read_flags(ws.flags_file)
    for flag in new:
        if flag not in rows:
            rows.append(flag)
    write_csv_atomic(ws.flags_file, FLAG_COLUMNS, [f.__dict__ for f in rows])


def collect_from_exchange(workspace: Workspace | str | Path, assignment: str) -> CollectResult:
    """``nbgrader collect`` from the workspace's exchange (or the hub's): the newest submission of each."""
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require().require_assignment(assignment)

    def stamps() -> dict[str, dt.datetime | None]:
        return {d.parent.name: _existing_timestamp(d)
                for d in ws.submitted.glob(f"*/{assignment}") if d.is_dir()}

    before = stamps()
    from nbgrader.utils import capture_log

    from grading.exchange import hub_collect_class

    api = ws.api()
    refused: list[tuple[str, str, str]] = []
    collector = hub_collect_class(api.exchange.collect, ws.participant_ids(), refused)(
        coursedir=ws.coursedir(assignment_id=assignment), authenticator=api.authenticator,
        parent=api)
    collector.update = True
    outcome = capture_log(collector)
    if not outcome.get("success"):
        log = (outcome.get("log") or "") + (outcome.get("error") or "")
        raise GradingError({
            "id": f"nbgrader collect gagal untuk {assignment}. Sudahkah tugas dirilis "
                  f"(`kelas-ekspor release {assignment}`)? Pesan nbgrader: {log.strip()[-300:]}",
            "en": f"nbgrader collect failed for {assignment}. Has it been released "
                  f"(`kelas-ekspor release {assignment}`)? nbgrader said: {log.strip()[-300:]}",
        })
    result = CollectResult(assignment=assignment, from_exchange=True)
    for username, folder, owner in refused:
        result.unmatched.append((f"exchange/inbound/{folder}", {
            "id": f"ditolak: diserahkan atas nama {username} tetapi milik akun {owner}",
            "en": f"refused: handed in under the name {username} but owned by the account "
                  f"{owner}",
        }))
    _record_unmatched(ws, assignment, result)
    for participant, stamp in sorted(stamps().items()):
        if before.get(participant, "absent") != stamp:
            folder = ws.submission_dir(participant, assignment)
            for nb in sorted(folder.glob("*.ipynb")):
                result.collected.append(Collected(participant, nb.stem, str(nb.relative_to(ws.root)),
                                                  stamp or _utc_from_timestamp(nb.stat().st_mtime)))
    return result
