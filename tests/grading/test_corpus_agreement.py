"""Does ``kelas-ekspor grade`` score every cell of every honest submission as ``nbgrader autograde`` does?

The corpus (``tests/grading/corpus/``, described in its README) holds nbgrader assignments in the
styles instructors write, each with a correct, a buggy and a blank submission; the course's own
assignments (``assignments/a*``) come with a correct and a blank one. Every submission is graded
twice: by plain nbgrader (a throwaway course, ``nbgrader autograde`` through nbgrader's API, one
call per assignment for all its submissions) and by our engine (one class workspace,
``grade_assignment``). The first is the reference: the corpus must first be what it claims under
nbgrader (correct: every autograded point; blank: none; buggy: some but not all), then the engine
must give every grade cell the score nbgrader gave it.

Work is shared: one nbgrader course and one workspace for the whole module, each assignment
generated and graded once, on first use (``-k c06`` grades only c06). The seconds each side took
are printed at the end of the module.

Run the corpus by hand: ``python tests/grading/corpus_helpers.py OUT --grade``.
"""

from __future__ import annotations

import copy
import time
import traceback
import warnings
from pathlib import Path

import nbformat
import pytest
from corpus_helpers import (
    EXCLUDED,
    NbgraderCourse,
    autograded_cells,
    build_submissions,
    corpus_assignments,
    course_assignments,
    gradebook_scores,
    make_assignments_folder,
    read_notebooks,
    write_notebook,
)

from grading.engine import grade_assignment
from grading.flags import read_flags
from grading.workspace import COURSE_ID, init_workspace

CORPUS = corpus_assignments()
COURSE = course_assignments()
ASSIGNMENTS = CORPUS + COURSE


def _released_cells(folder: Path) -> dict[str, list[tuple]]:
    """What a release is made of, cell by cell: type, source and nbgrader metadata (cell ids may
    differ: nbformat gives duplicated ids new random ones)."""
    return {name: [(c.cell_type, c.source, c.metadata.get("nbgrader")) for c in nb.cells]
            for name, nb in read_notebooks(folder).items()}


class CorpusRun:
    """One nbgrader course and one class workspace holding every assignment; each assignment is
    generated, submitted and graded (by either side) on first use, then remembered."""

    def __init__(self, root: Path):
        folder = make_assignments_folder(root / "assignments", ASSIGNMENTS)
        self.ws = init_workspace(root / "kelas", assignments=folder).workspace
        stubs = self.ws.config().ClearSolutions  # the same stubs, so both releases are the same
        self.course = NbgraderCourse(root / "nbgrader", {"code_stub": dict(stubs.code_stub),
                                                         "text_stub": stubs.text_stub})
        for assignment in ASSIGNMENTS:
            self.course.add_source(assignment, folder / assignment)
        self.submissions: dict[str, dict] = {}
        self.nbgrader: dict[str, dict] = {}
        self.engine: dict[str, dict | str] = {}
        self.seconds = {"nbgrader": 0.0, "engine": 0.0}

    def prepared(self, assignment: str) -> dict:
        """Generate ``assignment`` on both sides and put every submission in both ``submitted/``."""
        if assignment not in self.submissions:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # nbformat's and SQLAlchemy's notes
                release = self.course.generate(assignment)
                result = self.ws.api().generate_assignment(assignment, force=True, create=True)
            assert result["success"], result.get("error")
            ours = self.ws.release / assignment
            assert _released_cells(ours) == _released_cells(release), (
                f"{assignment}: the workspace's release differs from plain nbgrader's")
            submissions = build_submissions(assignment, self.ws.source / assignment, release)
            self.course.submit(assignment, submissions)
            for participant, notebooks in submissions.items():
                for name, nb in notebooks.items():
                    write_notebook(nb, self.ws.submission_dir(participant, assignment)
                                   / f"{name}.ipynb")
            self.submissions[assignment] = submissions
        return self.submissions[assignment]

    def nbgrader_scores(self, assignment: str) -> dict:
        if assignment not in self.nbgrader:
            self.prepared(assignment)
            started = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.nbgrader[assignment] = self.course.autograde(assignment)
            self.seconds["nbgrader"] += time.perf_counter() - started
        return self.nbgrader[assignment]

    def engine_scores(self, assignment: str) -> dict | str:
        """The engine's scores, or the traceback when ``grade_assignment`` itself failed."""
        if assignment not in self.engine:
            self.prepared(assignment)
            started = time.perf_counter()
            try:
                grade_assignment(self.ws, assignment, workers=2, progress=False)
            except Exception:
                self.engine[assignment] = traceback.format_exc()
            else:
                self.engine[assignment] = gradebook_scores(self.ws.db_url, COURSE_ID, assignment)
            self.seconds["engine"] += time.perf_counter() - started
        return self.engine[assignment]

    def flags(self, assignment: str, participant: str) -> list[str]:
        return [f"{f.code}: {f.reason_en[:300]}" for f in read_flags(self.ws.flags_file)
                if f.assignment == assignment and f.participant_id == participant]


@pytest.fixture(scope="module")
def run(tmp_path_factory, request):
    corpus = CorpusRun(tmp_path_factory.mktemp("corpus"))
    yield corpus
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if not (corpus.nbgrader or corpus.engine):
        return
    with capture.global_and_fixture_disabled():
        print(f"\ncorpus agreement: nbgrader autograde {corpus.seconds['nbgrader']:.1f} s for "
              f"{len(corpus.nbgrader)} assignments; kelas-ekspor grade "
              f"{corpus.seconds['engine']:.1f} s for {len(corpus.engine)}")


def test_the_corpus_is_big_enough():
    """Does the corpus hold at least 12 assignments of its own, besides the course's six?"""
    assert len(CORPUS) >= 12, CORPUS
    assert len(COURSE) == 6, COURSE


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_corpus_is_what_it_claims_under_nbgrader(run, assignment):
    """Under plain nbgrader, does the correct submission earn every autograded point, the blank
    none, and the buggy some but not all?"""
    submissions = run.prepared(assignment)
    expected = {"correct", "blank"} | ({"buggy"} if assignment in CORPUS else set())
    assert expected <= set(submissions), sorted(submissions)
    scores = run.nbgrader_scores(assignment)
    tests = autograded_cells(run.ws.source / assignment)
    assert tests, f"{assignment} has no autograded test cell"
    possible = sum(tests.values())
    earned = {}
    for participant in submissions:
        cells = {(nb, cell): score for (p, nb, cell), score in scores.items() if p == participant}
        assert set(tests) <= set(cells), f"{participant}: cells nbgrader did not grade"
        earned[participant] = sum(cells[key] or 0.0 for key in tests)
    assert earned["correct"] == pytest.approx(possible), earned
    assert earned["blank"] == 0, earned
    if "buggy" in earned:
        assert 0 < earned["buggy"] < possible, earned


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_engine_agrees_with_nbgrader_cell_by_cell(run, assignment):
    """Does every grade cell of every submission score under the engine what it scores under
    nbgrader?"""
    reference = run.nbgrader_scores(assignment)
    ours = run.engine_scores(assignment)
    assert not isinstance(ours, str), f"{assignment}: kelas-ekspor grade crashed:\n{ours}"
    cells = sorted(set(reference) | set(ours))
    differing = [key for key in cells if reference.get(key, "missing") != ours.get(key, "missing")]
    if differing:
        lines = [f"{assignment}: {len(differing)} of {len(cells)} cells differ",
                 f"  {'participant':<10} {'notebook':<14} {'cell':<36} {'nbgrader':>8} {'engine':>8}"]
        for participant, notebook, cell in differing:
            key = (participant, notebook, cell)
            lines.append(f"  {participant:<10} {notebook:<14} {cell:<36} "
                         f"{reference.get(key, 'missing')!s:>8} {ours.get(key, 'missing')!s:>8}")
        for participant in sorted({key[0] for key in differing}):
            lines.append(f"  engine flags for {participant}:")
            lines.extend(f"    {flag}" for flag in run.flags(assignment, participant) or ["(none)"])
        pytest.fail("\n".join(lines), pytrace=False)


# What plain nbgrader 0.9.6 says of the metadata variants it cannot grade (corpus/_not-gradable),
# and whether `nbgrader update` repairs them.
NOT_GRADABLE = {
    "schema-v0": ("use an old version", True),
    "schema-v1": ("use an old version", True),
    "schema-v2": ("use an old version", True),
    "duplicate-grade-id": ("Duplicate grade id: double", False),
    "grade-id-with-space": ("'Question 1' does not match", False),
    "grade-cell-without-points": ("nbgrader cell 'test_double' does not have points", False),
}


@pytest.mark.parametrize("variant", sorted(NOT_GRADABLE))
def test_nbgrader_refuses_the_variants_left_out(run, variant):
    """Does plain nbgrader refuse to generate each variant kept out of the corpus, saying what the
    README says, and does ``nbgrader update``'s upgrade repair exactly the old schema versions?"""
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError

    assert sorted(p.name for p in EXCLUDED.iterdir() if p.is_dir()) == sorted(NOT_GRADABLE)
    message, repaired = NOT_GRADABLE[variant]
    run.course.add_source(variant, EXCLUDED / variant)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run.course.api.generate_assignment(variant, force=True, create=True)
    assert not result["success"]
    assert message in (result.get("error") or "") + (result.get("log") or "")
    nb = nbformat.read(EXCLUDED / variant / f"{variant}.ipynb", as_version=4)
    validator = MetadataValidator()
    upgraded = validator.upgrade_notebook_metadata(copy.deepcopy(nb))
    if repaired:
        validator.validate_nb(upgraded)
    else:
        with pytest.raises(ValidationError):
            validator.validate_nb(upgraded)
