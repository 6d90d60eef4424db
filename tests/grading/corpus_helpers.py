"""The grading corpus: nbgrader assignments, their submissions, and plain nbgrader's scores for them.

``tests/grading/corpus/`` holds assignments in nbgrader *source* form (one folder each, exactly
what an instructor keeps in ``source/``) and, beside each folder, ``<assignment>.yaml`` with its
submissions. A submission starts from a base, ``solutions`` (every solution cell of the release
filled with the source's solution, the ``BEGIN/END SOLUTION`` lines dropped) or ``release`` (the
released notebook untouched); ``cells`` replaces answer cells (notebook → grade_id → source) and
``added`` inserts cells a participant wrote themselves (notebook → list of ``after``/``source``).
The course's own assignments (``assignments/a*``) come with a ``correct`` and a ``blank``
submission each.

The reference is plain nbgrader: :class:`NbgraderCourse` is a throwaway course directory (its own
``nbgrader_config.py`` and gradebook) on which ``generate_assignment`` and ``autograde`` run through
nbgrader's own API, as ``nbgrader autograde`` does.

Run as a script to look at the corpus: ``python tests/grading/corpus_helpers.py OUT [ASSIGNMENT ...]``
builds the course in ``OUT`` with ``source/``, ``release/`` and every submission in
``submitted/<submission>/<assignment>/``, ungraded; ``--grade`` also runs ``nbgrader autograde``
and prints every cell's score.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import os
import shutil
import sys
import warnings
from pathlib import Path

import nbformat
import yaml
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
COURSE_ASSIGNMENTS = ROOT / "assignments"
COURSE_ID = "corpus"
EXCLUDED = CORPUS / "_not-gradable"

# The course's own assignments have no spec file: the solutions, and the release untouched.
DEFAULT_SPEC = {"correct": {"base": "solutions"}, "blank": {"base": "release"}}

Scores = dict[tuple[str, str, str], "float | None"]  # (submission, notebook, grade_id) -> score


def corpus_assignments() -> list[str]:
    """The corpus's assignment ids: folders under ``corpus/`` holding notebooks and a spec."""
    return sorted(d.name for d in CORPUS.iterdir()
                  if d.is_dir() and not d.name.startswith("_") and any(d.glob("*.ipynb"))
                  and (CORPUS / f"{d.name}.yaml").is_file())


def course_assignments() -> list[str]:
    """The course's own assignment ids (``assignments/a*``)."""
    return sorted(d.name for d in COURSE_ASSIGNMENTS.iterdir()
                  if d.is_dir() and d.name.startswith("a") and any(d.glob("*.ipynb")))


def source_folder(assignment: str) -> Path:
    """Where an assignment's source lives (the corpus or the course's ``assignments/``)."""
    folder = CORPUS / assignment
    return folder if folder.is_dir() else COURSE_ASSIGNMENTS / assignment


def load_spec(assignment: str) -> dict:
    """The submissions of ``assignment``: ``{name: {"base": ..., "cells": ..., "added": ...}}``."""
    path = CORPUS / f"{assignment}.yaml"
    if not path.is_file():
        return copy.deepcopy(DEFAULT_SPEC)
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, entry in spec.items():
        if entry.get("base") not in ("solutions", "release"):
            raise ValueError(f"{path}: submission {name!r} needs base: solutions or release")
    return spec


def make_assignments_folder(target: Path, assignments: list[str]) -> Path:
    """An ``assignments/`` folder (as ``init_workspace`` reads) with these assignments and a catalog."""
    target.mkdir(parents=True, exist_ok=True)
    rows = ["assignment,module,title_id,title_en,order"]
    for order, assignment in enumerate(assignments, start=1):
        shutil.copytree(source_folder(assignment), target / assignment,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        rows.append(f"{assignment},korpus,{assignment},{assignment},{order}")
    (target / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return target


def is_grade(cell) -> bool:
    return bool(cell.metadata.get("nbgrader", {}).get("grade"))


def is_solution(cell) -> bool:
    return bool(cell.metadata.get("nbgrader", {}).get("solution"))


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def autograded_cells(source_dir: Path) -> dict[tuple[str, str], float]:
    """``{(notebook, grade_id): points}`` of the autograded test cells (code, grade, not solution)."""
    cells = {}
    for name, nb in read_notebooks(source_dir).items():
        for cell in nb.cells:
            if cell.cell_type == "code" and is_grade(cell) and not is_solution(cell):
                cells[(name, grade_id(cell))] = float(cell.metadata["nbgrader"]["points"])
    return cells


def solution_text(source: str) -> str:
    """A solution cell's text as a participant who solved it would leave it: the source without
    its ``BEGIN SOLUTION``/``END SOLUTION`` lines (a cell without them is all solution)."""
    lines = source.split("\n")
    return "\n".join(line for line in lines
                     if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)


def build_submission(entry: dict, source: dict[str, NotebookNode],
                     release: dict[str, NotebookNode]) -> dict[str, NotebookNode]:
    """One submission (``{notebook: notebook}``) from its spec entry, the source and the release."""
    result = {}
    cells_spec = entry.get("cells") or {}
    added_spec = entry.get("added") or {}
    unknown = set(cells_spec) | set(added_spec)
    for name, released in release.items():
        unknown.discard(name)
        nb = copy.deepcopy(released)
        answers = {}
        if entry["base"] == "solutions":
            answers = {grade_id(c): solution_text(c.source)
                       for c in source[name].cells if is_solution(c)}
        answers.update({k: v.rstrip("\n") for k, v in (cells_spec.get(name) or {}).items()})
        found = set()
        for cell in nb.cells:
            gid = grade_id(cell)
            if gid in answers and is_solution(cell):
                cell.source = answers[gid]
                found.add(gid)
        missing = set(cells_spec.get(name) or {}) - found
        if missing:
            raise ValueError(f"{name}: no answer cell named {sorted(missing)}")
        for added in added_spec.get(name) or []:
            index = next((i for i, c in enumerate(nb.cells) if grade_id(c) == added["after"]), None)
            if index is None:
                raise ValueError(f"{name}: no cell {added['after']!r} to add a cell after")
            new = nbformat.v4.new_code_cell(added["source"].rstrip("\n"))
            if "id" in added:  # e.g. an id another cell has too (a copied cell)
                new["id"] = added["id"]
            elif "id" in nb.cells[0]:  # a fixed id, so the file is the same on every run
                new["id"] = f"added-after-{added['after']}"[:64]
            else:  # nbformat 4.4 and older: no cell ids
                new.pop("id", None)
            nb.cells.insert(index + 1, new)
        result[name] = nb
    if unknown:
        raise ValueError(f"no notebook named {sorted(unknown)}")
    return result


def read_notebooks(folder: Path) -> dict[str, NotebookNode]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nbformat's notes on missing or duplicate cell ids
        return {p.stem: nbformat.read(p, as_version=4) for p in sorted(folder.glob("*.ipynb"))}


def write_notebook(nb: NotebookNode, path: Path) -> None:
    """Write ``nb`` as the participant's Jupyter would, keeping a notebook without cell ids so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def build_submissions(assignment: str, source_dir: Path,
                      release_dir: Path) -> dict[str, dict[str, NotebookNode]]:
    """Every submission of ``assignment``: ``{submission: {notebook: notebook}}``."""
    source, release = read_notebooks(source_dir), read_notebooks(release_dir)
    return {name: build_submission(entry, source, release)
            for name, entry in load_spec(assignment).items()}


class NbgraderCourse:
    """A throwaway plain nbgrader course at ``root`` graded by nbgrader's own API.

    ``stubs`` are the ``ClearSolutions`` texts (so its releases match the workspace's byte for
    byte); the course also gets an ``nbgrader_config.py`` so nbgrader's command line works in it.
    """

    def __init__(self, root: Path, stubs: dict | None = None):
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config import Config

        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        config = Config()
        config.CourseDirectory.root = str(self.root)
        config.CourseDirectory.course_id = COURSE_ID
        config.Exchange.root = str(self.root / "exchange")
        lines = ["c = get_config()  # noqa: F821", f"c.CourseDirectory.course_id = {COURSE_ID!r}",
                 "c.Exchange.root = 'exchange'"]
        for name, value in (stubs or {}).items():
            setattr(config.ClearSolutions, name, value)
            lines.append(f"c.ClearSolutions.{name} = {value!r}")
        (self.root / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        self.api.log.setLevel(logging.ERROR)
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"

    def add_source(self, assignment: str, folder: Path) -> None:
        shutil.copytree(folder, self.root / "source" / assignment,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))

    def generate(self, assignment: str) -> Path:
        result = self.api.generate_assignment(assignment, force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {assignment}:\n{result.get('error')}\n"
                               f"{result.get('log')}")
        return self.root / "release" / assignment

    def submit(self, assignment: str, submissions: dict[str, dict[str, NotebookNode]]) -> None:
        for participant, notebooks in submissions.items():
            for name, nb in notebooks.items():
                write_notebook(nb, self.root / "submitted" / participant / assignment / f"{name}.ipynb")

    def autograde(self, assignment: str) -> Scores:
        """``nbgrader autograde ASSIGNMENT`` (every submission at once); the gradebook's scores."""
        result = self.api.autograde(assignment, "*", force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader autograde {assignment}:\n{result.get('error')}\n"
                               f"{result.get('log')}")
        return gradebook_scores(self.db_url, COURSE_ID, assignment)


def gradebook_scores(db_url: str, course_id: str, assignment: str) -> Scores:
    """``{(participant, notebook, grade_id): auto_score}`` for every grade cell in a gradebook."""
    from nbgrader.api import Gradebook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SQLAlchemy's notes on nbgrader's relationships
        with Gradebook(db_url, course_id) as gb:
            return {(sub.student.id, nb.name, grade.name): grade.auto_score
                    for sub in gb.assignment_submissions(assignment)
                    for nb in sub.notebooks for grade in nb.grades}


def _tools_on_path() -> None:
    """nbgrader runs ``alembic`` and the kernels run ``python`` from this interpreter's folder."""
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                          os.environ.get("PATH", "")])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the grading corpus as an nbgrader course.")
    parser.add_argument("out", type=Path, help="a new folder for the course")
    parser.add_argument("assignments", nargs="*", help="default: the whole corpus")
    parser.add_argument("--grade", action="store_true", help="run nbgrader autograde and print scores")
    args = parser.parse_args(argv)
    _tools_on_path()
    course = NbgraderCourse(args.out)
    for assignment in args.assignments or corpus_assignments():
        course.add_source(assignment, source_folder(assignment))
        release = course.generate(assignment)
        course.submit(assignment, build_submissions(assignment, source_folder(assignment), release))
        if args.grade:
            for key, score in sorted(course.autograde(assignment).items()):
                print(assignment, *key, score)
    print(f"nbgrader course in {course.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
