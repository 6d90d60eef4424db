"""Score reports for a class workspace: CSV, spreadsheets, a class page and one report per participant.

:func:`write_reports` reads the nbgrader gradebook (``gradebook.db``), ``roster.csv``, ``flags.csv``
(optional), ``source/catalog.csv`` (optional: assignment → module and titles), ``isolation.csv``
(optional: ``participant_id, assignment, level, layers``, the sandbox each submission was graded
in, written by ``kelas-ekspor grade``) and the feedback under ``feedback/`` if there is any, and
writes ``reports/``:

``grades.csv``
    ``participant, assignment, score, max_score, flags`` — one row per participant (the roster,
    plus anyone graded who is not on it) and assignment in the gradebook. ``score`` is the
    gradebook's ``SubmittedAssignment.score``; it is **empty** when there is no graded submission
    (never a made-up 0). ``flags`` holds ``;``-separated codes: ``missing`` (nothing submitted),
    ``not-graded`` (submitted or flagged, but not in the gradebook), ``manual-pending`` (a
    hand-graded answer still needs a score), ``not-in-roster``, and every ``code`` that
    ``flags.csv`` holds for that participant and assignment.
``questions.csv``
    ``participant, assignment, notebook, question, type, score, max_score`` — one row per graded
    submission and graded cell (``type`` is ``auto`` or ``manual``; ``score`` is ``Grade.score``,
    0 for a hand-graded answer nobody has scored yet, as in nbgrader's own totals).
``grades.xlsx``
    sheets summary, per question, per module, question statistics (named in the report's
    language), ``penilaian-manual`` and, when there is an ``isolation.csv``, ``isolasi`` (its rows:
    ``participant_id, assignment, level, layers``); ``penilaian-manual.xlsx`` holds the
    ``penilaian-manual`` sheet alone:
    ``participant_id, name, assignment, notebook, question, max_score, answer, score, comment``,
    the file ``kelas-ekspor grade ASSIGNMENT --manual FILE`` reads back.
``class.html``
    score distribution, question difficulty and discrimination, competency by module, who is
    missing or flagged and, when there is an ``isolation.csv``, the grading isolation: submissions
    per assignment and level (``full``, ``partial``, ``basic``), and for any that were not graded
    in full isolation, which layers were missing for whom and how to get full isolation;
    self-contained (charts inlined as PNG), works offline.
``participants/<id>.html`` and ``participants/<id>.pdf``
    scores by module against the class median, scores and comments per assignment, pass or not,
    and a certificate page for those who pass.

Totals and the pass decision count only the assignments that have at least one graded submission
in the class (see :mod:`grading.reports._stats`). The gradebook is only read, never written. For a
class of 24 or more, the participant reports are written by forked worker processes, one per CPU
(up to 4): a class of 100 × 6 assignments takes about 10 s of CPU time in all. The folder is built next to ``reports/`` and
moved into place only when complete: a failed run leaves the previous reports as they were. Files
a person added to ``reports/``, or edited after the last run (a filled-in manual-grading sheet not
imported yet), are kept in the new folder, renamed ``NAME.edited-<time>.EXT`` if a new report
takes their name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from tqdm import tqdm

from grading.reports import _charts, _pdf
from grading.reports._load import ReportError, load_class
from grading.reports._sheets import write_csvs, write_workbooks
from grading.reports._stats import ClassStats, compute
from grading.reports._text import LABELS, t
from grading.reports._views import class_view, participant_view
from toolkit.errors import check_choice, check_number
from toolkit.i18n import LANGUAGES, get_language, set_language

__all__ = ["ReportError", "write_reports"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MANIFEST = ".manifest.json"


def write_reports(
    workspace: Path | str,
    *,
    lang: str = "id",
    pass_threshold: float = 0.6,
    progress: bool = True,
) -> dict[str, Path]:
    """Write every report of a class workspace into ``<workspace>/reports/``.

    Parameters
    ----------
    workspace
        The class workspace (an nbgrader course directory with ``gradebook.db`` and
        ``roster.csv``).
    lang
        ``"id"`` (Bahasa Indonesia) or ``"en"``: every heading, label and human-facing column
        header. CSV columns and the manual-grading sheet's columns stay as in the contract.
    pass_threshold
        The share of the total points needed to pass, from 0 to 1 (0.6 = 60 %).
    progress
        Show a progress bar while the participant reports are written (only on a terminal).

    Returns
    -------
    dict
        Each written file by its path relative to ``reports/`` (``"grades.csv"``,
        ``"participants/P001.pdf"``, ...) → its absolute path.

    Raises
    ------
    ReportError
        The gradebook or the roster is missing or unreadable (also a bad ``flags.csv``,
        ``source/catalog.csv`` or ``isolation.csv``); the message names the file and how to fix
        it, in ``lang``.
    toolkit.errors.InputError
        ``lang`` or ``pass_threshold`` is not allowed.

    Examples
    --------
    >>> from grading.reports import write_reports
    >>> try:
    ...     write_reports("/no/such/workspace", progress=False)
    ... except ReportError as error:
    ...     print(error.messages["en"].split(":")[0])
    Workspace not found
    """
    check_choice("lang", lang, LANGUAGES)
    check_number("pass_threshold", pass_threshold, minimum=0, maximum=1)
    previous = get_language()
    set_language(lang)
    try:
        workspace = Path(workspace).absolute()
        data = load_class(workspace)
        stats = compute(data, float(pass_threshold))
        final = workspace / "reports"
        building = Path(tempfile.mkdtemp(prefix=".reports-new-", dir=workspace))
        try:
            written = _build(stats, building, final, progress)
            kept = _swap(building, final, written)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        return {rel: final / rel for rel in [*written, *kept]}
    finally:
        set_language(previous)


def participant_file_stem(participant_id: str) -> str:
    """The file name (without extension) of a participant's reports: the id, made path-safe."""
    stem = re.sub(r"[^\w.\-]", "_", participant_id)
    return stem if stem.strip(".") else "_" + stem


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2")),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = t
    return env


def _texts(stats: ClassStats) -> list[str]:
    """Every string a PDF of this run may print, to cut the fonts down to what is needed."""
    texts = [v for label in LABELS.values() for v in label.values()]
    for p in stats.data.participants:
        texts += [p.id, p.name, p.organisation, p.village, p.product]
    for a in stats.data.assignments:
        texts += [a.name, a.title_id, a.title_en, a.module, *a.notebooks]
        texts += [q.name for q in a.questions]
    texts += list(stats.data.comments.values())
    texts += [f.reason_id + f.reason_en + f.code for f in stats.data.flags]
    texts += [str(path) for paths in stats.data.feedback.values() for path in paths]
    return texts


def _build(stats: ClassStats, folder: Path, final: Path, progress: bool) -> list[str]:
    today = dt.date.today()
    written: list[Path] = []
    written += write_csvs(stats, folder)
    written += write_workbooks(stats, folder)

    env = _environment()
    charts = {}
    if any(r.submitted_any for r in stats.participants):
        charts["distribution"] = _charts.data_uri(_charts.distribution(stats))
    if stats.questions:
        charts["questions"] = _charts.data_uri(_charts.questions(stats))
    if stats.modules:
        charts["modules"] = _charts.data_uri(_charts.modules(stats))
    view = class_view(stats, today, charts)
    for row in view["participant_rows"]:
        stem = participant_file_stem(row["id"])
        row["html"], row["pdf"] = f"participants/{stem}.html", f"participants/{stem}.pdf"
    page = env.get_template("reports-class.html.j2").render(**view)
    class_path = folder / "class.html"
    class_path.write_text(page, encoding="utf-8")
    written.append(class_path)

    pages = folder / "participants"
    pages.mkdir()
    with tempfile.TemporaryDirectory(prefix="kelas-ekspor-fonts-") as font_dir:
        _JOB.update(
            stats=stats,
            pages=pages,
            links=final / "participants",
            today=today,
            template=env.get_template("reports-participant.html.j2"),
            fonts=_pdf.Fonts(Path(font_dir), _texts(stats)),
        )
        try:
            written += _participant_reports(len(stats.participants), progress)
        finally:
            _JOB.clear()
    relative = [path.relative_to(folder).as_posix() for path in written]
    manifest = {rel: _sha256(folder / rel) for rel in relative}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True),
                                   encoding="utf-8")
    return relative


# The participant reports are the long part of a run (about 60 ms each, mostly fpdf2 embedding
# fonts). From PARALLEL_FROM participants on, and where processes can be forked, they are shared
# among the CPUs: forked workers inherit the job below instead of pickling the whole class.
PARALLEL_FROM = 24
CHUNK = 5
_JOB: dict = {}


def _workers(count: int) -> int:
    if count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def _render_participants(indices: range) -> list[Path]:
    """HTML and PDF reports of the participants at ``indices`` (runs in a worker or in-process)."""
    job = _JOB
    stats: ClassStats = job["stats"]
    written = []
    for index in indices:
        result = stats.participants[index]
        stem = participant_file_stem(result.participant.id)
        page = participant_view(result, stats, job["today"], job["links"])
        rows = _charts.module_rows(stats, result.module_shares)
        html_path = job["pages"] / f"{stem}.html"
        html_path.write_text(
            job["template"].render(chart=_charts.module_chart_svg(rows) if rows else None, **page),
            encoding="utf-8",
        )
        pdf_path = job["pages"] / f"{stem}.pdf"
        _pdf.participant_pdf(page, rows, job["fonts"], pdf_path)
        written += [html_path, pdf_path]
    return written


def _participant_reports(count: int, progress: bool) -> list[Path]:
    chunks = [range(start, min(start + CHUNK, count)) for start in range(0, count, CHUNK)]
    bar = tqdm(total=count, desc=t("participant_reports"), unit="",
               disable=None if progress else True)
    results: dict[int, list[Path]] = {}
    workers = _workers(count)
    try:
        if workers == 1:
            for number, chunk in enumerate(chunks):
                results[number] = _render_participants(chunk)
                bar.update(len(chunk))
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                futures = {pool.submit(_render_participants, chunk): number
                           for number, chunk in enumerate(chunks)}
                for future in as_completed(futures):
                    number = futures[future]
                    results[number] = future.result()
                    bar.update(len(chunks[number]))
    finally:
        bar.close()
    return [path for number in range(len(chunks)) for path in results[number]]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _swap(building: Path, final: Path, written: list[str]) -> list[str]:
    """Put the new folder in place of ``final``, keeping files people added or edited there."""
    kept: list[str] = []
    if not final.exists():
        os.replace(building, final)
        return kept
    try:
        manifest = json.loads((final / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for path in sorted(final.rglob("*")):
        rel = path.relative_to(final).as_posix()
        if not path.is_file() or rel == MANIFEST or path.name.startswith("~$"):
            continue
        if manifest.get(rel) == _sha256(path):
            continue  # our own file, unchanged since the last run: replaced by the new one
        target = building / rel
        if target.exists():
            target = target.with_name(f"{target.stem}.edited-{stamp}{target.suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        kept.append(target.relative_to(building).as_posix())
    old = final.with_name(f".reports-old-{uuid.uuid4().hex[:8]}")
    os.replace(final, old)
    try:
        os.replace(building, final)
    except BaseException:
        os.replace(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return kept
