"""``kelas-ekspor demo``: the whole class workflow on a synthetic class, into a fresh workspace.

A class of ``participants`` (default 100: 80 BUMDes and 20 UMKM from villages of Serang Regency,
with the course's products) goes through every step a trainer takes: ``init``, ``roster import``
(an XLSX with Indonesian headers), ``release`` of every assignment in ``source/``, submissions
sent in "by e-mail" (one zip per assignment, with the file names people really use, a few sent
twice, a few that match nobody), ``collect --from`` the zip, ``grade``, ``report``, hand-grading
of the written answers through the manual-grading sheet (``grade --manual``), and the reports
again.

Submissions are made from the source notebooks, seeded: each participant has a skill; each
answer cell is the solution, the solution with a wrong number, or left blank; a few participants
are perfect, some submit the blank notebook, some submit nothing, and one or two files are broken
JSON. Written answers are picked from good, fair and poor model texts.

Examples
--------
>>> people = synthetic_class(10, seed=1)
>>> len(people), sum(p["type"] == "BUMDes" for p in people)
(10, 8)
>>> people[0]["participant_id"]
'SRG-001'
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import shutil
import tokenize
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.errors import GradingError
from grading.workspace import Workspace, init_workspace
from toolkit import data as toolkit_data

__all__ = ["VILLAGES", "PRODUCTS", "synthetic_class", "run_demo", "DemoPlan"]

_MARKER = ".kelas-demo"

# Villages (desa) of Serang Regency, Banten, with their kecamatan.
VILLAGES: dict[str, list[str]] = {
    "Cikande": ["Situterate", "Nambo Udik", "Gembor Udik", "Leuwilimus", "Koper", "Julang"],
    "Kragilan": ["Silebu", "Sentul", "Kendayakan", "Cisait", "Pematang", "Jeruk Tipis"],
    "Ciruas": ["Citerep", "Kaserangan", "Singamerta", "Pelawad", "Ranjeng", "Kepandean"],
    "Pontang": ["Linduk", "Domas", "Wanayasa", "Kubang Puji"],
    "Tirtayasa": ["Lontar", "Tengkurak", "Susukan", "Puser", "Samparwadi"],
    "Anyar": ["Bandulu", "Cikoneng", "Kosambironyok", "Sindangkarya", "Tambangayam"],
    "Cinangka": ["Pasauran", "Sindanglaut", "Bantarwaru", "Karang Suraga", "Kamasan"],
    "Padarincang": ["Batukuwung", "Barugbug", "Curug Goong", "Kadubeureum", "Citasuk"],
    "Baros": ["Sidamukti", "Panyirapan", "Padasuka", "Sindangmandi", "Curug Agung"],
    "Petir": ["Kadugenep", "Nagara Padang", "Tambiluk", "Sanding", "Seuat"],
    "Pabuaran": ["Pancanegara", "Talagawarna", "Tanjungsari"],
    "Waringinkurung": ["Binangun", "Sasahan", "Sambilawang", "Sukadalem", "Kemuning"],
    "Kramatwatu": ["Harjatani", "Lebakwana", "Margasana", "Pelamunan", "Serdang", "Toyomerto"],
    "Bojonegara": ["Karang Kepuh", "Ukirsari", "Mangkunegara", "Kertasana", "Lambangsari"],
    "Mancak": ["Batukuda", "Ciwarna", "Labuan", "Sangiang", "Winong"],
}

# The course's products (design section 4), named as toolkit/data/products.csv names them in
# Indonesian (without the bracketed detail): the leather product is the class's real story, the
# djembe drums of Desa Ngoran, not a leather grade.
_PRODUCT_IDS = (
    "tas_pandan", "kendang_djembe", "kopi_robusta_green", "emping_melinjo", "kain_batik",
    "gula_aren", "keripik", "kerajinan_bambu",
)


def _product_names() -> list[str]:
    names = toolkit_data.load("products").set_index("product_id")["name_id"]
    return [re.sub(r"\s*\(.*\)$", "", names[pid]) for pid in _PRODUCT_IDS]


PRODUCTS = _product_names()

_FIRST = ["Ahmad", "Siti", "Dedi", "Nur", "Rina", "Asep", "Iis", "Ujang", "Euis", "Budi", "Dewi",
          "Hendra", "Yanti", "Rohman", "Lilis", "Eneng", "Jaja", "Neneng", "Samsudin", "Tati",
          "Agus", "Fitri", "Komarudin", "Wawan", "Iin", "Sri", "Maman", "Kurniasih", "Jajang",
          "Heni", "Rudi", "Aisyah", "Imas", "Dadang", "Yayah"]
_LAST = ["Suryana", "Rahmawati", "Hidayat", "Nurhayati", "Sopian", "Maulana", "Fauzi", "Saepudin",
         "Hasanah", "Ramdani", "Kurniawan", "Sulastri", "Jamaludin", "Setiawan", "Rohimah",
         "Mulyadi", "Safitri", "Permana"]
_BUMDES = ["Maju Jaya", "Sejahtera", "Karya Mandiri", "Berkah", "Mitra Usaha", "Sinar Harapan",
           "Bina Usaha", "Makmur", "Mekar Sari", "Sauyunan", "Gotong Royong", "Harapan Baru"]
_UMKM = ["Sekar", "Barokah", "Putri", "Jaya Rasa", "Sari Alam", "Rizki", "Mandiri", "Sumber Rejeki"]

_ANSWERS = {
    "good": (1.0, "Ya, dengan syarat. Saya hitung dulu angkanya: selisih harga dengan biaya "
                  "variabel per unit memberi margin kontribusi positif, jadi pesanan ini menambah "
                  "laba selama biaya tetap sudah tertutup dan kapasitas masih ada. Tetapi saya "
                  "periksa jadwal dan kas: uang muka, kurs, dan waktu produksi harus masuk akal. "
                  "Sebagai kebiasaan ini berisiko, karena harga di bawah HPP tidak menutup biaya "
                  "tetap dan pembeli akan meminta harga yang sama lagi."),
    "fair": (0.6, "Menurut saya bisa diterima karena masih ada untung sedikit per unit, tetapi "
                  "harus hati-hati dengan biaya lain dan waktu pengiriman."),
    "poor": (0.25, "Diterima saja supaya produk kita dikenal di luar negeri."),
}
_COMMENTS = {
    "good": "Alasan lengkap dengan angka. Bagus.",
    "fair": "Arah jawaban benar, tetapi perlu angka yang mendukung.",
    "poor": "Jawaban belum memakai perhitungan; lihat lagi modul terkait.",
}


def synthetic_class(participants: int = 100, *, seed: int = 2026) -> list[dict[str, str]]:
    """Roster rows for a synthetic class: 80 % BUMDes, the rest UMKM, Serang villages, course products."""
    rng = random.Random(seed)
    villages = [(desa, kec) for kec, desas in VILLAGES.items() for desa in desas]
    bumdes = round(participants * 0.8)
    people = []
    for number in range(1, participants + 1):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        desa, kecamatan = rng.choice(villages)
        product = rng.choice(PRODUCTS)
        kind = "BUMDes" if number <= bumdes else "UMKM"
        if kind == "BUMDes":
            organisation = f"BUMDes {rng.choice(_BUMDES)} {desa}"
        else:
            organisation = f"UMKM {product.split()[0]} {rng.choice(_UMKM)}"
        people.append({
            "participant_id": f"SRG-{number:03d}",
            "name": f"{first} {last}",
            "organisation": organisation,
            "village": f"{desa}, {kecamatan}",
            "product": product,
            "email": f"{first.lower()}.{last.lower()}{number}@example.com",
            "type": kind,
        })
    order = list(range(participants))
    rng.shuffle(order)  # BUMDes and UMKM mixed through the id range
    ids = [p["participant_id"] for p in people]
    shuffled = [people[i] for i in order]
    for pid, person in zip(ids, shuffled, strict=True):
        person["participant_id"] = pid
    return shuffled


# -- submissions ----------------------------------------------------------------------------------
_DELIMITER = re.compile(r"^\s*#+\s*(BEGIN|END) SOLUTION\s*$")


def _solution_text(source: str) -> str:
    """A source cell as a participant who solved it would write it: delimiters gone."""
    return "\n".join(line for line in source.split("\n") if not _DELIMITER.match(line)).strip("\n")


def _wrong_number(code: str, rng: random.Random) -> str | None:
    """The code with one numeric literal changed (or an operator swapped); None if neither exists."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    numbers = [t for t in tokens if t.type == tokenize.NUMBER]
    lines = code.split("\n")
    if numbers:
        token = rng.choice(numbers)
        text = token.string.replace("_", "")
        try:
            value = int(text) if re.fullmatch(r"\d+", text) else float(text)
        except ValueError:
            return None
        factor = rng.choice([0.5, 0.9, 1.1, 1.25, 2])
        if value == 0:
            new = "1"
        elif value == 1:
            new = rng.choice(["2", "0.9"])
        elif isinstance(value, int):
            new = str(max(1, round(value * factor)) if value != round(value * factor) else value + 1)
        else:
            new = repr(round(value * factor, 6))
    else:
        swaps = {"+": "-", "-": "+", "*": "/", "/": "*"}
        operators = [t for t in tokens if t.type == tokenize.OP and t.string in swaps]
        if not operators:
            return None
        token = rng.choice(operators)
        new = swaps[token.string]
    (row, start), (_, end) = token.start, token.end
    line = lines[row - 1]
    lines[row - 1] = line[:start] + new + line[end:]
    return "\n".join(lines)


@dataclass
class DemoPlan:
    """What the demo made, to fill the manual-grading sheet and to report at the end."""

    written: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (pid, a, cell)
    missing: dict[str, list[str]] = field(default_factory=dict)
    broken: list[tuple[str, str]] = field(default_factory=list)
    perfect: set[str] = field(default_factory=set)


def _participant_notebook(source_nb, release_nb, skill: float, rng: random.Random,
                          quality_out: dict) -> nbformat.NotebookNode:
    solutions = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source_nb.cells if c.metadata.get("nbgrader", {}).get("solution")
    }
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if not meta.get("solution") or grade_id not in solutions:
            continue
        if cell.cell_type == "markdown":
            roll = rng.random()
            if roll < 0.08:
                continue  # left as the stub
            quality = "good" if roll < 0.08 + skill * 0.6 else ("fair" if roll < 0.85 else "poor")
            quality_out[grade_id] = quality
            cell.source = _ANSWERS[quality][1]
            continue
        answer = _solution_text(solutions[grade_id])
        roll = rng.random()
        if roll < skill:
            cell.source = answer
        elif roll < skill + (1 - skill) * 0.8:
            cell.source = _wrong_number(answer, rng) or cell.source
        # else: left blank (the stub raises NotImplementedError)
    return nb


def _file_name(person: dict, assignment: str, number: int, rng: random.Random) -> str:
    pid, name = person["participant_id"], person["name"]
    style = rng.randrange(5)
    if style == 0:
        return f"{pid}_{name.replace(' ', '_')}_{assignment}.ipynb"
    if style == 1:
        return f"Tugas {number} {name} ({pid.lower()}).ipynb"
    if style == 2:
        return f"{pid} - {name}/{assignment}.ipynb"
    if style == 3:
        return f"{assignment}-{pid}.ipynb"
    return f"WhatsApp {name} {pid}/{assignment} (1).ipynb"


def _make_submissions(ws: Workspace, assignment: str, number: int, people: list[dict],
                      skills: dict[str, float], plan: DemoPlan, rng: random.Random,
                      broken: set[tuple[str, str]], target: Path) -> Path:
    """A zip of the files the class "e-mailed" for one assignment."""
    notebook = ws.notebooks(assignment)[0]
    source_nb = nbformat.read(ws.source / assignment / f"{notebook}.ipynb", as_version=4)
    release_nb = nbformat.read(ws.release / assignment / f"{notebook}.ipynb", as_version=4)
    deadline = dt.datetime(2026, 3, 20, 16, 0) + dt.timedelta(days=7 * number)
    entries: list[tuple[str, bytes, dt.datetime]] = []
    for person in people:
        pid = person["participant_id"]
        skill = skills[pid]
        roll = rng.random()
        if roll < 0.04 + (0.06 if skill < 0.45 else 0):
            plan.missing.setdefault(assignment, []).append(pid)
            continue
        quality: dict[str, str] = {}
        if roll < 0.09 + (0.06 if skill < 0.45 else 0):
            nb = release_nb  # the blank notebook, sent without answers
        else:
            nb = _participant_notebook(source_nb, release_nb, skill, rng, quality)
        for cell_id, q in quality.items():
            plan.written[(pid, assignment, cell_id)] = q
        name = _file_name(person, assignment, number, rng)
        sent = deadline - dt.timedelta(minutes=rng.randrange(10, 60 * 24 * 5))
        data = nbformat.writes(nb).encode("utf-8")
        if (pid, assignment) in broken:
            data = data[: len(data) // 3]  # the attachment arrived cut short
            plan.broken.append((pid, assignment))
        if rng.random() < 0.06:  # sent twice: an earlier draft, then the final file
            draft = nbformat.writes(release_nb).encode("utf-8")
            entries.append((name.replace(".ipynb", " draft.ipynb"), draft,
                            sent - dt.timedelta(hours=rng.randrange(2, 48))))
        entries.append((name, data, sent))
    if number % 2 == 1:  # a file nobody can be matched to, as always happens
        entries.append((f"{assignment}_final_revisi.ipynb",
                        nbformat.writes(release_nb).encode("utf-8"), deadline))
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data, when in entries:
            info = zipfile.ZipInfo(f"kiriman-{assignment}/{name}", date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return target


def _write_roster_xlsx(people: list[dict], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "peserta"
    headers = ["ID Peserta", "Nama", "Organisasi", "Desa", "Produk", "Email", "Jenis"]
    keys = ["participant_id", "name", "organisation", "village", "product", "email", "type"]
    sheet.append(headers)
    for person in people:
        sheet.append([person[k] for k in keys])
    book.save(path)


def _fill_manual_sheet(sheet_path: Path, plan: DemoPlan, rng: random.Random, target: Path
                       ) -> set[str]:
    """Fill most written answers' scores and comments as a grader would; the assignments touched."""
    from openpyxl import load_workbook

    from grading.manual import SHEET_NAME

    book = load_workbook(sheet_path)
    sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
    header = [str(c.value) for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    touched = set()
    for row in range(2, sheet.max_row + 1):
        pid = sheet.cell(row, col["participant_id"]).value
        assignment = sheet.cell(row, col["assignment"]).value
        question = sheet.cell(row, col["question"]).value
        quality = plan.written.get((pid, assignment, question))
        if quality is None or (pid, assignment) in plan.broken or rng.random() < 0.1:
            continue  # untouched answers keep the autograder's 0; a few are left for later
        maximum = float(sheet.cell(row, col["max_score"]).value)
        score = round(_ANSWERS[quality][0] * maximum * 2) / 2
        sheet.cell(row, col["score"]).value = score
        sheet.cell(row, col["comment"]).value = _COMMENTS[quality]
        touched.add(assignment)
    book.save(target)
    return touched


def _fresh(target: Path) -> None:
    if target.exists() and any(target.iterdir()):
        if (target / _MARKER).is_file():
            shutil.rmtree(target)
        else:
            raise GradingError({
                "id": f"{target} sudah berisi file dan bukan workspace demo: tidak ada yang "
                      "diubah. Pilih folder lain dengan --workspace.",
                "en": f"{target} already holds files and is not a demo workspace: nothing was "
                      "changed. Choose another folder with --workspace.",
            })


def run_demo(
    target: str | Path,
    *,
    participants: int = 100,
    workers: int | None = None,
    seed: int = 2026,
    lang: str = "id",
    progress: bool = True,
    say: Callable[[str, str], None] = lambda id_text, en_text: print(id_text),
    assignments: str | Path | None = None,
) -> Workspace:
    """Run the whole workflow on a synthetic class in a fresh workspace at ``target`` (see module doc)."""
    from grading.collect import collect_from_path
    from grading.engine import grade_assignment, refresh_feedback
    from grading.manual import import_manual_sheet
    from grading.release import release_assignment
    from grading.reports import write_reports
    from grading.roster import import_roster

    target = Path(target).expanduser().resolve()
    _fresh(target)
    rng = random.Random(seed)
    ws = init_workspace(target, assignments=assignments).workspace
    (ws.root / _MARKER).write_text("kelas-ekspor demo workspace\n", encoding="utf-8")
    say(f"1. Workspace demo dibuat: {ws.root}", f"1. Demo workspace created: {ws.root}")

    people = synthetic_class(participants, seed=seed)
    inbox = ws.root / "kotak-masuk"
    inbox.mkdir()
    roster_file = inbox / "daftar-peserta.xlsx"
    _write_roster_xlsx(people, roster_file)
    imported = import_roster(ws, roster_file)
    bumdes = sum(p["type"] == "BUMDes" for p in people)
    say(f"2. Roster diimpor: {imported.total} peserta ({bumdes} BUMDes, "
        f"{len(people) - bumdes} UMKM) dari {roster_file.name}.",
        f"2. Roster imported: {imported.total} participants ({bumdes} BUMDes, "
        f"{len(people) - bumdes} UMKM) from {roster_file.name}.")

    skills = {}
    plan = DemoPlan()
    for person in people:
        pid = person["participant_id"]
        if rng.random() < 0.08:
            skills[pid] = 1.0
            plan.perfect.add(pid)
        else:
            skills[pid] = min(0.97, max(0.15, rng.betavariate(4, 2)))
    assignment_ids = ws.assignments()
    candidates = [(p["participant_id"], a) for p in people for a in assignment_ids]
    broken = set(rng.sample(candidates, k=min(2, len(candidates))))

    for number, assignment in enumerate(assignment_ids, start=1):
        release = release_assignment(ws, assignment)
        say(f"3.{number} {assignment}: dirilis (cek dua arah lolos), zip {release.zip_path.name}.",
            f"3.{number} {assignment}: released (both-ways check passed), zip "
            f"{release.zip_path.name}.")
        mail = _make_submissions(ws, assignment, number, people, skills, plan, rng, broken,
                                 inbox / f"email-{assignment}.zip")
        collected = collect_from_path(ws, assignment, mail)
        say(f"    dikumpulkan dari {mail.name}: {len(collected.collected)} kiriman, "
            f"{len(collected.superseded)} versi lama dilewati, {len(collected.unmatched)} file "
            "tidak cocok.",
            f"    collected from {mail.name}: {len(collected.collected)} submissions, "
            f"{len(collected.superseded)} older versions skipped, {len(collected.unmatched)} "
            "unmatched files.")
        summary = grade_assignment(ws, assignment, workers=workers, progress=progress)
        say(f"    dinilai: {len(summary.graded)} kiriman, {len(summary.flags)} catatan, "
            f"{summary.seconds:.0f} detik.",
            f"    graded: {len(summary.graded)} submissions, {len(summary.flags)} flags, "
            f"{summary.seconds:.0f} s.")

    write_reports(ws.root, lang=lang, progress=progress)
    sheet = ws.reports / "penilaian-manual.xlsx"
    filled = inbox / "penilaian-manual-terisi.xlsx"
    touched = _fill_manual_sheet(sheet, plan, rng, filled)
    scored = 0
    for assignment in sorted(touched):
        result = import_manual_sheet(ws, assignment, filled)
        scored += result.scores
        refresh_feedback(ws, assignment, result.participants, workers=workers, progress=progress)
    say(f"4. Jawaban tertulis dinilai lewat lembar penilaian manual: {scored} nilai diimpor "
        f"dari {filled.name}.",
        f"4. Written answers graded through the manual-grading sheet: {scored} scores imported "
        f"from {filled.name}.")
    written = write_reports(ws.root, lang=lang, progress=progress)
    reports = sum(1 for name in written if name.startswith("participants/")
                  and name.endswith(".html"))
    say(f"5. Laporan: {ws.reports / 'class.html'} dan {reports} laporan peserta di "
        f"{ws.reports / 'participants'}.",
        f"5. Reports: {ws.reports / 'class.html'} and {reports} participant reports in "
        f"{ws.reports / 'participants'}.")
    return ws
