"""How long does ``kelas-ekspor report`` take for a class of 100 × 6 assignments? Target: under 30 s.

Builds a synthetic class workspace through nbgrader's own API (no notebook is executed): 100
participants (80 BUMDes, 20 UMKM), 6 assignments of 5–6 graded cells each including one answer
graded by hand, seeded scores, a few missing submissions, flags, grader comments and feedback
files; then times :func:`grading.reports.write_reports` on it and prints the wall time and its
ratio to the target.

Run: ``.venv/bin/python benchmarks/reports.py [--keep DIR] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import os
import pstats
import random
import resource
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

# benchmarks/ also holds toolkit.py, named like the package: keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from nbgrader.api import (  # noqa: E402
    Comment,
    Grade,
    Gradebook,
    SubmittedAssignment,
    SubmittedNotebook,
)
from sqlalchemy.exc import SAWarning  # noqa: E402

from grading.reports import write_reports  # noqa: E402

TARGET_SECONDS = 30.0
N_PARTICIPANTS = 100
ASSIGNMENTS = [
    ("a1-biaya-kapasitas", "02-03 biaya & kapasitas", "Biaya dan kapasitas", "Cost and capacity"),
    ("a2-incoterms-harga", "04-05 Incoterms & harga", "Incoterms dan harga ekspor",
     "Incoterms and the export price"),
    ("a3-pembayaran-kurs", "06 pembayaran & kurs", "Pembayaran dan kurs", "Payment and FX"),
    ("a4-kemasan-pengiriman", "07 kemasan & pengiriman", "Kemasan dan pengiriman",
     "Packing and shipping"),
    ("a5-jadwal-pengiriman", "08 jadwal pengiriman", "Jadwal pengiriman", "Delivery planning"),
    ("a6-proyek-akhir", "09 proyek akhir", "Proyek akhir: penawaran ekspor",
     "Capstone: an export quotation"),
]
VILLAGES = ["Cikande", "Kragilan", "Ciruas", "Kramatwatu", "Anyar", "Cinangka", "Padarincang",
            "Baros", "Petir", "Pontang", "Tirtayasa", "Carenang"]
PRODUCTS = ["emping melinjo", "gula aren", "kopi robusta", "tas anyaman", "batik", "kulit sapi",
            "keripik pisang"]
FIRST = ["Siti", "Ahmad", "Dewi", "Budi", "Nur", "Rina", "Agus", "Wati", "Hendra", "Yuli"]
LAST = ["Rahmawati", "Hidayat", "Saputra", "Lestari", "Wijaya", "Kurniasih", "Setiawan",
        "Maulana", "Fitriani", "Nugroho"]


def _cell(grade_id: str, kind: str, points: float | None, source: str) -> dict:
    meta = {"grade": points is not None, "solution": kind != "test", "locked": kind == "test",
            "grade_id": grade_id, "schema_version": 3}
    if points is not None:
        meta["points"] = points
    cell_type = "markdown" if kind == "manual" else "code"
    cell = {"cell_type": cell_type, "metadata": {"nbgrader": meta}, "source": source}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _notebook(cells: list[dict]) -> dict:
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def build_workspace(root: Path, seed: int = 2026) -> Path:
    """A synthetic class workspace under ``root``: gradebook, roster, flags, catalog, files."""
    # A new nbgrader gradebook asks the `alembic` command for its schema version: use the venv's.
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    warnings.filterwarnings("ignore", category=SAWarning)  # raised inside nbgrader's own API
    rng = random.Random(seed)
    ws = root / "kelas"
    (ws / "source").mkdir(parents=True)
    with open(ws / "source" / "catalog.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["assignment", "module", "title_id", "title_en", "order"])
        for order, (aid, module, title_id, title_en) in enumerate(ASSIGNMENTS, start=1):
            writer.writerow([aid, module, title_id, title_en, order])

    participants = []
    for i in range(1, N_PARTICIPANTS + 1):
        bumdes = i <= 80
        village = rng.choice(VILLAGES)
        participants.append({
            "participant_id": f"P{i:03d}",
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "organisation": f"BUMDes {village} Sejahtera" if bumdes else f"UMKM {rng.choice(LAST)} Jaya",
            "village": village,
            "product": rng.choice(PRODUCTS),
            "email": f"peserta{i:03d}@contoh.id",
            "type": "BUMDes" if bumdes else "UMKM",
        })
    with open(ws / "roster.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(participants[0]))
        writer.writeheader()
        writer.writerows(participants)

    flags = []
    with Gradebook(f"sqlite:///{ws / 'gradebook.db'}", course_id="kelas-ekspor") as gb:
        layout, assignments = {}, {}
        for aid, *_ in ASSIGNMENTS:
            assignments[aid] = gb.add_assignment(aid)
            gb.add_notebook(aid, aid)
            n_auto = rng.choice([4, 5])
            cells, source = {}, []
            for q in range(1, n_auto + 1):
                name = f"soal-{q}"
                points = float(rng.choice([1, 2, 2, 3]))
                gb.add_solution_cell(f"jawaban-{q}", aid, aid)
                gb.add_grade_cell(name, aid, aid, max_score=points, cell_type="code")
                cells[name] = ("auto", points)
                source += [_cell(f"jawaban-{q}", "solution", None, "# YOUR CODE HERE"),
                           _cell(name, "test", points, "assert True")]
            gb.add_solution_cell("uraian", aid, aid)
            gb.add_grade_cell("uraian", aid, aid, max_score=4.0, cell_type="markdown")
            cells["uraian"] = ("manual", 4.0)
            source.append(_cell("uraian", "manual", 4.0, "YOUR ANSWER HERE"))
            layout[aid] = cells
            folder = ws / "source" / aid
            folder.mkdir()
            (folder / f"{aid}.ipynb").write_text(json.dumps(_notebook(source)), encoding="utf-8")

        for person in participants:
            first, last = person["name"].split(" ", 1)
            student = gb.add_student(person["participant_id"], first_name=first,
                                     last_name=last, email=person["email"])
            skill = rng.betavariate(5, 2)
            for aid, *_ in ASSIGNMENTS:
                pid = person["participant_id"]
                if rng.random() < 0.05:
                    if rng.random() < 0.4:
                        flags.append([pid, aid, "broken-json",
                                      "File notebook rusak (JSON tidak valid).",
                                      "The notebook file is broken (invalid JSON)."])
                    continue
                # What Gradebook.add_submission does, without a commit per submission.
                submission = SubmittedAssignment(assignment=assignments[aid], student=student)
                answer = (f"Harga FOB untuk {person['product']} naik karena biaya kemasan "
                          f"dan ongkos angkut ke pelabuhan. ({pid})")
                for notebook in assignments[aid].notebooks:
                    submitted_nb = SubmittedNotebook(notebook=notebook, assignment=submission)
                    for cell in notebook.grade_cells:
                        kind, points = layout[aid][cell.name]
                        grade = Grade(cell=cell, notebook=submitted_nb)
                        if kind == "auto":
                            grade.auto_score = points if rng.random() < skill else 0.0
                            grade.needs_manual_grade = False
                        elif rng.random() < 0.8:
                            grade.manual_score = float(round(points * rng.random() * 2) / 2)
                            grade.needs_manual_grade = False
                        else:
                            grade.needs_manual_grade = True
                    for cell in notebook.solution_cells:
                        comment = Comment(cell=cell, notebook=submitted_nb)
                        if cell.name == "uraian" and rng.random() < 0.5:
                            comment.manual_comment = ("Jelaskan juga biaya asuransi; "
                                                      "perhitungan sudah benar.")
                gb.db.add(submission)
                submitted = ws / "submitted" / pid / aid
                submitted.mkdir(parents=True)
                (submitted / f"{aid}.ipynb").write_text(
                    json.dumps(_notebook([_cell("uraian", "manual", 4.0, answer)])),
                    encoding="utf-8")
                feedback = ws / "feedback" / pid / aid
                feedback.mkdir(parents=True)
                (feedback / f"{aid}.html").write_text("<html><body>umpan balik</body></html>",
                                                      encoding="utf-8")
                if rng.random() < 0.02:
                    flags.append([pid, aid, "timeout", "Waktu habis saat menjalankan notebook.",
                                  "The notebook timed out."])
        gb.db.commit()
    flags.append(["", "a2-incoterms-harga", "unmatched-file",
                  "File 'tugas2 (1).ipynb' tidak cocok dengan peserta mana pun.",
                  "File 'tugas2 (1).ipynb' matches no participant."])
    with open(ws / "flags.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant_id", "assignment", "code", "reason_id", "reason_en"])
        writer.writerows(flags)
    return ws


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the workspace here and keep it")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile")
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    args = parser.parse_args(argv)

    root = args.keep or Path(tempfile.mkdtemp(prefix="kelas-ekspor-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        ws = build_workspace(root)
        print(f"workspace built in {time.perf_counter() - started:.1f} s: {ws}")
        profiler = cProfile.Profile() if args.profile else None
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        written = write_reports(ws, lang=args.lang, progress=False)
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        pdfs = sum(1 for k in written if k.endswith(".pdf"))
        print(f"write_reports: {N_PARTICIPANTS} participants × {len(ASSIGNMENTS)} assignments, "
              f"{len(written)} files ({pdfs} PDF)")
        print(f"wall time {elapsed:.2f} s; target {TARGET_SECONDS:.0f} s; "
              f"ratio {elapsed / TARGET_SECONDS:.2f} of the target")
        print(f"CPU time: {cpu:.2f} s in this process + {workers:.2f} s in worker processes; "
              f"load average while measuring {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
              "(a loaded machine stretches the wall time, not the CPU time)")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
