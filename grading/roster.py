"""The class roster: participants from a CSV or XLSX file into ``roster.csv`` and the gradebook.

Headers may be English (``participant_id, name, organisation, village, product, email``) or
Indonesian (``id_peserta, nama, organisasi, desa, produk, email``), in any case and spacing; an
optional ``type`` (``jenis``) column holds BUMDes or UMKM. ``participant_id`` and ``name`` are
required. A file with any bad row — a missing or malformed id, an id used twice, an unknown
header — is rejected whole, with the file's line numbers in the message, and nothing is imported.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "peserta.csv"
>>> _ = path.write_text("ID Peserta,Nama,Organisasi\\nP01,Siti,BUMDes Maju\\nP01,Budi,UMKM Emping\\n")
>>> try:
...     read_roster(path)
... except Exception as error:
...     print(error)
peserta.csv: baris 3: ID Peserta 'P01' sudah dipakai di baris 2. File ditolak, tidak ada yang diimpor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from grading.errors import GradingError
from grading.tables import read_table
from grading.workspace import ROSTER_COLUMNS, Workspace, write_csv_atomic

__all__ = ["HEADERS", "RosterImport", "read_roster", "import_roster", "ID_PATTERN"]

HEADERS: dict[str, str] = {
    "participant_id": "participant_id", "id_peserta": "participant_id",
    "name": "name", "nama": "name",
    "organisation": "organisation", "organization": "organisation", "organisasi": "organisation",
    "village": "village", "desa": "village",
    "product": "product", "produk": "product",
    "email": "email", "e_mail": "email", "surel": "email",
    "type": "type", "jenis": "type", "tipe": "type",
}
"""Accepted headers (after :func:`grading.tables.normalise_header`) and the column each fills."""

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""A participant id: letters, digits, ``.``, ``_``, ``-``; it names folders and nbgrader students."""

_TYPES = {"bumdes": "BUMDes", "umkm": "UMKM"}


@dataclass
class RosterImport:
    """What ``roster import`` did."""

    file: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    total: int = 0


def _reject(path: Path, problems: list[tuple[int, dict]]) -> GradingError:
    shown = problems[:15]
    more = len(problems) - len(shown)
    lines = sorted({line for line, _ in problems})
    parts = {lang: "; ".join(
        (f"baris {line}: " if lang == "id" else f"line {line}: ") + text[lang]
        for line, text in shown) for lang in ("id", "en")}
    if more:
        parts["id"] += f"; dan {more} masalah lain"
        parts["en"] += f"; and {more} more problems"
    return GradingError({
        "id": f"{path.name}: {parts['id']}. File ditolak, tidak ada yang diimpor.",
        "en": f"{path.name}: {parts['en']}. The file was rejected; nothing was imported.",
    }, lines=lines)


def read_roster(path: str | Path) -> list[dict]:
    """The participants in a roster file, validated; a :class:`GradingError` names every bad line.

    Each participant is a dict of :data:`grading.workspace.ROSTER_COLUMNS` plus ``line``, its line
    in the file.
    """
    path = Path(path)
    table = read_table(path)
    header_line = table.header_line
    problems: list[tuple[int, dict]] = []
    index: dict[str, int] = {}
    for position, name in enumerate(table.columns):
        key = HEADERS.get(_normal(name))
        if key is None:
            problems.append((header_line, {
                "id": f"judul kolom {name!r} tidak dikenal (yang dikenal: id_peserta, nama, "
                      "organisasi, desa, produk, email, jenis; atau participant_id, name, "
                      "organisation, village, product, email, type)",
                "en": f"unknown column header {name!r} (known: participant_id, name, "
                      "organisation, village, product, email, type; or id_peserta, nama, "
                      "organisasi, desa, produk, email, jenis)",
            }))
        elif key in index:
            problems.append((header_line, {
                "id": f"kolom {name!r} muncul dua kali", "en": f"column {name!r} appears twice"}))
        else:
            index[key] = position
    for required, shown_id in (("participant_id", "id_peserta"), ("name", "nama")):
        if required not in index:
            problems.append((header_line, {
                "id": f"kolom {shown_id} (atau {required}) tidak ada",
                "en": f"the column {required} (or {shown_id}) is missing",
            }))
    if problems:
        raise _reject(path, problems)
    id_header = table.columns[index["participant_id"]]
    name_header = table.columns[index["name"]]

    participants: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        record = {key: row.values[i] if i < len(row.values) else "" for key, i in index.items()}
        pid = record["participant_id"]
        if not pid:
            problems.append((row.line, {"id": f"{id_header} kosong", "en": f"{id_header} is empty"}))
            continue
        if not ID_PATTERN.match(pid):
            problems.append((row.line, {
                "id": f"{id_header} {pid!r} tidak sah: pakai huruf, angka, titik, '_' atau '-' "
                      "saja, tanpa spasi (contoh: SRG-001)",
                "en": f"{id_header} {pid!r} is not valid: use letters, digits, '.', '_' or '-' "
                      "only, no spaces (for example SRG-001)",
            }))
            continue
        first = seen.get(pid.lower())
        if first is not None:
            problems.append((row.line, {
                "id": f"{id_header} {pid!r} sudah dipakai di baris {first}",
                "en": f"{id_header} {pid!r} is already used on line {first}",
            }))
            continue
        seen[pid.lower()] = row.line
        if not record["name"]:
            problems.append((row.line, {"id": f"{name_header} kosong untuk {pid}",
                                        "en": f"{name_header} is empty for {pid}"}))
        kind = record.get("type", "")
        if kind:
            if kind.lower() not in _TYPES:
                problems.append((row.line, {
                    "id": f"jenis {kind!r} tidak dikenal: tulis BUMDes atau UMKM",
                    "en": f"type {kind!r} is unknown: write BUMDes or UMKM",
                }))
            record["type"] = _TYPES.get(kind.lower(), kind)
        else:
            record["type"] = _guess_type(record.get("organisation", ""))
        participants.append({c: record.get(c, "") for c in ROSTER_COLUMNS} | {"line": row.line})
    if problems:
        raise _reject(path, problems)
    if not participants:
        raise GradingError({
            "id": f"{path.name}: hanya ada baris judul kolom, tidak ada peserta. Tidak ada yang "
                  "diimpor.",
            "en": f"{path.name}: there is only a header row, no participants. Nothing was imported.",
        }, lines=[header_line])
    return participants


def _normal(name: str) -> str:
    from grading.tables import normalise_header

    return normalise_header(name)


def _guess_type(organisation: str) -> str:
    """BUMDes when the organisation's name says so, UMKM for any other named business."""
    if not organisation:
        return ""
    return "BUMDes" if "bumdes" in organisation.lower() else "UMKM"


def import_roster(workspace: Workspace | str | Path, path: str | Path) -> RosterImport:
    """Add (or update) the file's participants in ``roster.csv`` and in the gradebook.

    Participants already in the roster and not in the file are kept. Nothing is written when the
    file has a bad row.
    """
    ws = workspace if isinstance(workspace, Workspace) else Workspace(workspace)
    ws.require()
    path = Path(path)
    incoming = read_roster(path)
    existing = ws.participants()
    by_lower = {row["participant_id"].lower(): row["participant_id"] for row in existing}
    problems = []
    for row in incoming:
        pid = row["participant_id"]
        old = by_lower.get(pid.lower())
        if old is not None and old != pid:
            problems.append((row["line"], {
                "id": f"{pid!r} hanya beda huruf besar/kecil dengan peserta {old!r} yang sudah "
                      "ada di roster",
                "en": f"{pid!r} differs only in letter case from the participant {old!r} already "
                      "in the roster",
            }))
    if problems:
        raise _reject(path, problems)

    result = RosterImport(file=path)
    merged = {row["participant_id"]: dict(row) for row in existing}
    order = [row["participant_id"] for row in existing]
    for row in incoming:
        pid = row["participant_id"]
        if pid in merged:
            result.updated.append(pid)
        else:
            result.added.append(pid)
            order.append(pid)
        merged[pid] = row
    with ws.gradebook() as gb:
        for row in incoming:
            gb.update_or_create_student(
                row["participant_id"], first_name=row["name"], last_name="",
                email=row["email"] or None,
            )
    write_csv_atomic(ws.roster_file, ROSTER_COLUMNS, [merged[pid] for pid in order])
    result.total = len(order)
    return result
