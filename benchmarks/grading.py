"""``nbgrader autograde`` + ``generate_feedback`` against ``kelas-ekspor grade``, side by side.

Builds one throwaway workspace with ``--n`` submissions (default 20) of a real assignment
(default ``a1-biaya-kapasitas``), made from its source solution: every fourth participant perfect,
the others seeded with wrong numbers and blank answers (as the demo makes them). A copy of the
workspace is graded by nbgrader's own commands (``nbgrader autograde`` then ``nbgrader
generate_feedback``, one notebook after another), the original by ``kelas-ekspor grade`` with
``--workers`` = the number of cores. Prints both wall times, the ratio, and whether every score
matches, per submission and per grade cell, read from both gradebooks.

With ``--repeat K`` both are timed K times, alternating (the machine's load changes), and the
medians are reported. With ``--fresh`` a third copy is graded with ``kelas-ekspor grade --fresh-kernels`` (each kernel
started from scratch instead of forked from the zygote), to show what the zygote saves.

With ``--corpus`` the assignment is one of ``tests/grading/corpus/`` (``c07-functional``: tests
that call the participant's functions, generators and closures through the bridge), its correct,
buggy and blank submissions repeated to ``--n``.

Run: ``.venv/bin/python benchmarks/grading.py [--n 20] [--repeat 3] [--assignment ID] [--corpus]
[--fresh] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

# benchmarks/ also holds toolkit.py, named like the package: keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import nbformat  # noqa: E402
from nbgrader.api import Gradebook  # noqa: E402

from grading.demo import _participant_notebook  # noqa: E402
from grading.engine import default_workers  # noqa: E402
from grading.roster import import_roster  # noqa: E402
from grading.workspace import REPO_ASSIGNMENTS, init_workspace  # noqa: E402

BIN = Path(sys.executable).parent


def build_corpus(root: Path, assignment: str, n: int) -> Path:
    """A workspace at ``root/kelas`` with ``n`` submissions of a corpus assignment
    (``tests/grading/corpus/``): its correct, buggy and blank submissions, in turn."""
    sys.path.insert(0, str(REPO_ASSIGNMENTS.parent / "tests" / "grading"))
    import corpus_helpers as corpus

    folder = corpus.make_assignments_folder(root / "assignments", [assignment])
    ws = init_workspace(root / "kelas", assignments=folder).workspace
    people = [f"P{i:03d}" for i in range(1, n + 1)]
    roster = root / "roster.csv"
    roster.write_text("participant_id,name\n" + "".join(f"{p},Peserta {p}\n" for p in people),
                      encoding="utf-8")
    import_roster(ws, roster)
    result = ws.api().generate_assignment(assignment, force=True, create=True)
    if not result.get("success"):
        raise SystemExit(result.get("error"))
    made = corpus.build_submissions(assignment, ws.source / assignment, ws.release / assignment)
    kinds = sorted(made)
    for i, person in enumerate(people):
        folder = ws.submission_dir(person, assignment)
        folder.mkdir(parents=True)
        for notebook, nb in made[kinds[i % len(kinds)]].items():
            nbformat.write(nb, folder / f"{notebook}.ipynb")
        (folder / "timestamp.txt").write_text("2026-03-20 08:30:00.000000 UTC")
    return ws.root


def build(root: Path, assignment: str, n: int, seed: int = 7) -> Path:
    """A workspace at ``root/kelas`` with ``n`` submissions of ``assignment``."""
    ws = init_workspace(root / "kelas", assignments=REPO_ASSIGNMENTS).workspace
    roster = root / "roster.csv"
    people = [f"P{i:03d}" for i in range(1, n + 1)]
    roster.write_text("participant_id,name\n" + "".join(f"{p},Peserta {p}\n" for p in people),
                      encoding="utf-8")
    import_roster(ws, roster)
    result = ws.api().generate_assignment(assignment, force=True, create=True)
    if not result.get("success"):
        raise SystemExit(result.get("error"))
    source = nbformat.read(ws.source / assignment / f"{assignment}.ipynb", as_version=4)
    release = nbformat.read(ws.release / assignment / f"{assignment}.ipynb", as_version=4)
    rng = random.Random(seed)
    for i, person in enumerate(people):
        skill = 1.0 if i % 4 == 0 else rng.uniform(0.3, 0.9)
        nb = _participant_notebook(source, release, skill, rng, {})
        folder = ws.submission_dir(person, assignment)
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")
        (folder / "timestamp.txt").write_text("2026-03-20 08:30:00.000000 UTC")
    return ws.root


def scores(workspace: Path, assignment: str) -> dict[str, dict[str, float | None]]:
    """``{participant: {notebook/grade_id: auto_score}}`` from a workspace's gradebook."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Gradebook(f"sqlite:///{workspace / 'gradebook.db'}") as gb:
            return {
                sub.student.id: {f"{nb.name}/{g.name}": g.auto_score
                                 for nb in sub.notebooks for g in nb.grades}
                for sub in gb.assignment_submissions(assignment)
            }


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stderr[-2000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20, help="submissions (default 20)")
    parser.add_argument("--assignment", default="a1-biaya-kapasitas",
                        help="a course assignment, or with --corpus one of tests/grading/corpus/")
    parser.add_argument("--corpus", action="store_true",
                        help="--assignment is a corpus assignment (e.g. c07-functional): its "
                             "correct, buggy and blank submissions in turn")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--keep", metavar="DIR", help="build the workspaces here and keep them")
    parser.add_argument("--fresh", action="store_true",
                        help="also time kelas-ekspor grade --fresh-kernels (no zygote)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time both tools this many times, alternating; report medians")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    os.environ["PATH"] = os.pathsep.join([str(BIN), os.environ.get("PATH", "")])

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-grading-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        ours = (build_corpus if args.corpus else build)(root, args.assignment, args.n)
        theirs = root / "kelas-nbgrader"
        shutil.copytree(ours, theirs)
        fresh = root / "kelas-fresh"
        if args.fresh:
            shutil.copytree(ours, fresh)
        print(f"{args.n} submissions of {args.assignment}; {default_workers()} cores")

        ratios, nbgrader_times, ours_times = [], [], []
        for run in range(args.repeat):  # alternating, so both see the same moments of load
            nb_autograde = timed([str(BIN / "nbgrader"), "autograde", args.assignment, "--force"],
                                 theirs)
            nb_feedback = timed([str(BIN / "nbgrader"), "generate_feedback", args.assignment,
                                 "--force"], theirs)
            nbgrader_times.append(nb_autograde + nb_feedback)
            print(f"nbgrader autograde + generate_feedback: {nbgrader_times[-1]:7.1f} s "
                  f"({nb_autograde:.1f} + {nb_feedback:.1f})")
            ours_times.append(timed([str(BIN / "kelas-ekspor"), "--workspace", str(ours),
                                     "--quiet", "grade", args.assignment, "--workers",
                                     str(args.workers), "--force"], ours))
            print(f"kelas-ekspor grade --workers {args.workers}:     {ours_times[-1]:7.1f} s")
            ratios.append(nbgrader_times[-1] / ours_times[-1])
            if args.repeat > 1:
                print(f"  run {run + 1}: ratio {ratios[-1]:.2f}x")
        nbgrader_total = statistics.median(nbgrader_times)
        ours_total = statistics.median(ours_times)
        ratio = statistics.median(ratios)
        print(f"ratio (nbgrader / kelas-ekspor){' median of ' + str(args.repeat) if args.repeat > 1 else ''}: "
              f"{ratio:.2f}x")
        fresh_total = None
        if args.fresh:
            fresh_total = timed([str(BIN / "kelas-ekspor"), "--workspace", str(fresh), "--quiet",
                                 "grade", args.assignment, "--workers", str(args.workers),
                                 "--fresh-kernels"], fresh)
            print(f"kelas-ekspor grade --fresh-kernels:    {fresh_total:7.1f} s "
                  f"(the zygote saves {fresh_total / ours_total:.2f}x; "
                  f"scores {'match' if scores(fresh, args.assignment) == scores(ours, args.assignment) else 'DIFFER'})")

        a, b = scores(theirs, args.assignment), scores(ours, args.assignment)
        mismatches = [
            (p, cell, a.get(p, {}).get(cell), b.get(p, {}).get(cell))
            for p in sorted(set(a) | set(b))
            for cell in sorted(set(a.get(p, {})) | set(b.get(p, {})))
            if a.get(p, {}).get(cell) != b.get(p, {}).get(cell)
        ]
        cells = sum(len(v) for v in a.values())
        same = not mismatches and len(a) == args.n
        print(f"scores match: {'yes' if same else 'NO'} ({len(a)} submissions, {cells} grade "
              f"cells compared; {len(mismatches)} differ)")
        for p, cell, x, y in mismatches[:20]:
            print(f"  {p} {cell}: nbgrader {x} vs kelas-ekspor {y}")
        totals = sorted(sum(s or 0 for s in v.values()) for v in b.values())
        print(f"auto scores per submission: min {totals[0]:g}, max {totals[-1]:g}")
        if args.json:
            print(json.dumps({"n": args.n, "nbgrader_s": nbgrader_total, "ours_s": ours_total,
                              "fresh_kernels_s": fresh_total, "ratio": ratio,
                              "scores_match": same}))
        return 0 if same else 1
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
