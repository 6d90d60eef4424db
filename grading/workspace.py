"""The class workspace: an nbgrader course directory with a roster, flags and reports beside it.

Layout (design section 5)::

    nbgrader_config.py   course root, course id "kelas-ekspor", local exchange, SQLite gradebook
    gradebook.db         nbgrader's gradebook
    source/              snapshot of the repository's assignments/ (incl. catalog.csv), copied at init
    release/             participant versions (and <assignment>.zip for classes without a hub)
    submitted/<participant>/<assignment>/
    autograded/  feedback/
    exchange/            nbgrader's local exchange root
    roster.csv  flags.csv  reports/

nbgrader's own commands (``nbgrader generate_assignment``, ``nbgrader autograde``, the formgrader in
JupyterLab) work unchanged when run from the workspace folder: everything they need is in
``nbgrader_config.py``, which finds the workspace from its own location, so the folder can move.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from grading.workspace import Workspace
>>> ws = Workspace(Path(tempfile.mkdtemp()) / "kelas")
>>> ws.is_workspace()
False
>>> ws.submitted.name, ws.roster_file.name
('submitted', 'roster.csv')
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grading.errors import GradingError

__all__ = [
    "COURSE_ID",
    "ROSTER_COLUMNS",
    "REPO_ASSIGNMENTS",
    "Workspace",
    "InitResult",
    "init_workspace",
    "write_csv_atomic",
]

COURSE_ID = "kelas-ekspor"
ROSTER_COLUMNS = ["participant_id", "name", "organisation", "village", "product", "email", "type"]
REPO_ASSIGNMENTS = Path(__file__).resolve().parent.parent / "assignments"

_MARKER = "# kelas-ekspor workspace"
_IGNORED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc", ".DS_Store")

CONFIG_TEMPLATE = f'''{_MARKER}: an nbgrader course directory made by `kelas-ekspor init`.
# Run nbgrader's own commands (generate_assignment, autograde, formgrader in JupyterLab) from this
# folder; they read this file. Paths are found from this file's location, so the folder can move.
import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)
_here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = _here
c.CourseDirectory.course_id = "{COURSE_ID}"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_here, "gradebook.db")

# The exchange lives in the workspace (one laptop; files arrive by e-mail, chat or USB). On the
# class hub (`kelas-ekspor hub serve`) the grader's server sets KELAS_EKSPOR_EXCHANGE to the hub's
# shared exchange, where participants submit as their own accounts: there a submission must be
# owned by the account it names (collect refuses and flags the others).
_hub_exchange = os.environ.get("KELAS_EKSPOR_EXCHANGE")
c.Exchange.root = _hub_exchange or os.path.join(_here, "exchange")
# Off the hub, participants are roster ids, not accounts on this machine.
c.ExchangeCollect.check_owner = bool(_hub_exchange)

# What a participant sees in a cleared answer cell.
c.ClearSolutions.code_stub = {{
    "python": "# TULIS KODE ANDA DI SINI / YOUR CODE HERE\\nraise NotImplementedError()"
}}
c.ClearSolutions.text_stub = "TULIS JAWABAN ANDA DI SINI / YOUR ANSWER HERE"

# Late work: the due date is set with `kelas-ekspor release ASSIGNMENT --due "2026-03-20 17:00"`
# (or nbgrader's formgrader); what a late submission loses is nbgrader's own setting, e.g.
#   c.LateSubmissionPlugin.penalty_method = "zero"   # "none" (default): only reported

# Feedback never shows hidden tests, nor an output that would reveal them (nbgrader issue #917),
# and nbgrader's own generate_feedback (the formgrader's Generate Feedback button too) writes the
# page `kelas-ekspor grade` writes: labels in Indonesian first, formulas without a CDN.
try:
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import GetGrades

    from grading.engine.feedback import FeedbackHTMLExporter, HideHiddenTests, page_config
except ImportError:  # kelas-ekspor is not installed in this Python
    pass
else:
    c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
    c.GenerateFeedback.exporter_class = FeedbackHTMLExporter
    # under GenerateFeedback only: the formgrader's own pages use the same exporter class
    c.GenerateFeedback.HTMLExporter.merge(page_config().HTMLExporter)
'''


@dataclass
class InitResult:
    """What ``init`` did: whether the workspace was new, and the assignments copied and registered."""

    workspace: Workspace
    created: bool
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


class Workspace:
    """A class workspace at ``path`` (it need not exist yet): its paths and nbgrader's view of it."""

    def __init__(self, path: str | os.PathLike):
        self.root = Path(path).expanduser().resolve()

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    # -- paths ---------------------------------------------------------------------------------
    @property
    def config_file(self) -> Path:
        return self.root / "nbgrader_config.py"

    @property
    def gradebook_file(self) -> Path:
        return self.root / "gradebook.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.gradebook_file}"

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def roster_file(self) -> Path:
        return self.root / "roster.csv"

    @property
    def flags_file(self) -> Path:
        return self.root / "flags.csv"

    @property
    def catalog_file(self) -> Path:
        return self.source / "catalog.csv"

    def release_zip(self, assignment: str) -> Path:
        return self.release / f"{assignment}.zip"

    def submission_dir(self, participant: str, assignment: str) -> Path:
        return self.submitted / participant / assignment

    # -- state ---------------------------------------------------------------------------------
    def is_workspace(self) -> bool:
        """Whether ``kelas-ekspor init`` made this folder."""
        try:
            return _MARKER in self.config_file.read_text(encoding="utf-8")
        except OSError:
            return False

    def require(self) -> Workspace:
        """This workspace, or a :class:`GradingError` telling how to make one."""
        if not self.is_workspace():
            raise GradingError(
                {
                    "id": f"{self.root} bukan workspace kelas. Buat dulu dengan "
                    f"`kelas-ekspor init {self.root}`, atau pilih workspace dengan --workspace DIR.",
                    "en": f"{self.root} is not a class workspace. Create one first with "
                    f"`kelas-ekspor init {self.root}`, or choose one with --workspace DIR.",
                }
            )
        return self

    def assignments(self) -> list[str]:
        """Assignment ids in ``source/``: folders holding at least one notebook, in catalog order."""
        if not self.source.is_dir():
            return []
        found = [
            d.name
            for d in self.source.iterdir()
            if d.is_dir() and not d.name.startswith(".") and any(d.glob("*.ipynb"))
        ]
        order = {name: i for i, name in enumerate(self.catalog_order())}
        return sorted(found, key=lambda name: (order.get(name, len(order)), name))

    def catalog_order(self) -> list[str]:
        """Assignment ids as ``source/catalog.csv`` orders them (empty without a catalog)."""
        if not self.catalog_file.is_file():
            return []
        with self.catalog_file.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))

        def key(row):
            try:
                return float(row.get("order") or "inf")
            except ValueError:
                return float("inf")

        return [row["assignment"] for row in sorted(rows, key=key) if row.get("assignment")]

    def require_assignment(self, assignment: str) -> str:
        """``assignment`` if ``source/`` holds it, else a :class:`GradingError` listing those that exist."""
        known = self.assignments()
        if assignment not in known:
            listed = ", ".join(known) or "-"
            raise GradingError(
                {
                    "id": f"Tugas {assignment!r} tidak ada di {self.source}. Tugas yang ada: {listed}.",
                    "en": f"Assignment {assignment!r} is not in {self.source}. "
                    f"Assignments there: {listed}.",
                }
            )
        return assignment

    def notebooks(self, assignment: str) -> list[str]:
        """Names (without ``.ipynb``) of the assignment's source notebooks."""
        return sorted(p.stem for p in (self.source / assignment).glob("*.ipynb"))

    def participants(self) -> list[dict[str, str]]:
        """The roster's rows (``roster.csv``), in file order."""
        if not self.roster_file.is_file():
            return []
        with self.roster_file.open(encoding="utf-8-sig", newline="") as fh:
            return [dict(row) for row in csv.DictReader(fh)]

    def participant_ids(self) -> list[str]:
        return [row["participant_id"] for row in self.participants()]

    # -- nbgrader ------------------------------------------------------------------------------
    def config(self):
        """The workspace's nbgrader configuration (a traitlets ``Config``), read from its file."""
        from traitlets.config.loader import PyFileConfigLoader

        self.require()
        return PyFileConfigLoader(self.config_file.name, path=str(self.root)).load_config()

    def coursedir(self, **attributes):
        """An nbgrader ``CourseDirectory`` on this workspace (``assignment_id=...`` etc. optional)."""
        from nbgrader.coursedir import CourseDirectory

        coursedir = CourseDirectory(config=self.config())
        coursedir.root = str(self.root)
        for name, value in attributes.items():
            setattr(coursedir, name, value)
        return coursedir

    def api(self):
        """nbgrader's high-level ``NbGraderAPI`` on this workspace."""
        import logging

        from nbgrader.apps import NbGraderAPI

        _tools_on_path()
        config = self.config()
        api = NbGraderAPI(coursedir=self.coursedir(), config=config)
        api.log.setLevel(logging.ERROR)
        return api

    def gradebook(self):
        """nbgrader's ``Gradebook`` on this workspace; use it as a context manager."""
        from nbgrader.api import Gradebook

        _tools_on_path()
        return Gradebook(self.db_url, COURSE_ID)


def _tools_on_path() -> None:
    """Put this Python's scripts folder on PATH when it is missing (an unactivated venv).

    nbgrader runs the ``alembic`` command when it creates a gradebook, and expects it on PATH.
    """
    if shutil.which("alembic") is None:
        scripts = str(Path(sys.executable).parent)
        os.environ["PATH"] = os.pathsep.join(filter(None, [scripts, os.environ.get("PATH")]))


def _create_gradebook(ws: Workspace) -> None:
    """An empty nbgrader gradebook, stamped with nbgrader's schema version.

    nbgrader does the same on first use, but by running the ``alembic`` command in a new Python
    process, which costs seconds; here alembic's API reads the version in this process.
    """
    if ws.gradebook_file.exists():
        return
    import nbgrader
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.api import Base
    from sqlalchemy import create_engine, text

    config = Config()
    config.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
    head = ScriptDirectory.from_config(config).get_current_head()
    building = ws.gradebook_file.with_name(".gradebook.db.tmp")
    building.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{building}")
    try:
        Base.metadata.create_all(bind=engine)
        with engine.begin() as connection:
            connection.execute(text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                               {"v": head})
    finally:
        engine.dispose()
    os.replace(building, ws.gradebook_file)


def write_csv_atomic(path: Path, columns: list[str], rows: list[dict]) -> None:
    """Write ``rows`` as UTF-8 CSV to ``path`` through a temporary file, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({c: ("" if row.get(c) is None else row.get(c)) for c in columns})
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def init_workspace(
    path: str | os.PathLike, *, assignments: str | os.PathLike | None = None
) -> InitResult:
    """Create a class workspace at ``path``, or bring an existing one up to date.

    A new workspace gets ``nbgrader_config.py``, its folders, a snapshot of ``assignments``
    (default: the repository's ``assignments/``) in ``source/``, the assignments registered in the
    gradebook and an empty ``roster.csv``. On an existing workspace nothing is overwritten: only
    assignments missing from ``source/`` are copied. A folder that is not empty and not a workspace
    is refused.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> empty = Path(tempfile.mkdtemp())
    >>> result = init_workspace(empty / "kelas", assignments=empty / "none")
    >>> result.created, result.workspace.is_workspace()
    (True, True)
    >>> init_workspace(empty / "kelas", assignments=empty / "none").created
    False
    """
    ws = Workspace(path)
    existing = ws.is_workspace()
    if not existing and ws.root.exists():
        if not ws.root.is_dir():
            raise GradingError(
                {
                    "id": f"{ws.root} adalah sebuah file, bukan folder. Pilih folder baru untuk workspace.",
                    "en": f"{ws.root} is a file, not a folder. Choose a new folder for the workspace.",
                }
            )
        if any(ws.root.iterdir()):
            raise GradingError(
                {
                    "id": f"Folder {ws.root} tidak kosong dan bukan workspace kelas: tidak ada yang "
                    "diubah. Pilih folder baru atau folder kosong.",
                    "en": f"The folder {ws.root} is not empty and is not a class workspace: nothing "
                    "was changed. Choose a new or empty folder.",
                }
            )
    origin = Path(assignments) if assignments is not None else REPO_ASSIGNMENTS
    origin = origin.expanduser().resolve()

    ws.root.mkdir(parents=True, exist_ok=True)
    for folder in (ws.source, ws.release, ws.submitted, ws.autograded, ws.feedback, ws.reports):
        folder.mkdir(exist_ok=True)
    ws.exchange.mkdir(exist_ok=True)
    try:
        ws.exchange.chmod(0o777)  # what nbgrader's release expects of a local exchange root
    except OSError:
        pass
    if not existing:
        tmp = ws.config_file.with_name(".nbgrader_config.py.tmp")
        tmp.write_text(CONFIG_TEMPLATE, encoding="utf-8")
        os.replace(tmp, ws.config_file)

    result = InitResult(workspace=ws, created=not existing)
    if origin.is_dir():
        for folder in sorted(origin.iterdir()):
            if not folder.is_dir() or not any(folder.glob("*.ipynb")):
                continue
            target = ws.source / folder.name
            if target.exists():
                result.kept.append(folder.name)
                continue
            shutil.copytree(folder, target, ignore=_IGNORED)
            result.copied.append(folder.name)
        catalog = origin / "catalog.csv"
        if catalog.is_file() and (result.copied or not ws.catalog_file.exists()):
            shutil.copy2(catalog, ws.catalog_file)

    _create_gradebook(ws)
    with ws.gradebook() as gb:
        for assignment in ws.assignments():
            gb.update_or_create_assignment(assignment)
    if not ws.roster_file.exists():
        write_csv_atomic(ws.roster_file, ROSTER_COLUMNS, [])
    return result
