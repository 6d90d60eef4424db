"""The class laptop's JupyterLab: each participant's own working copy of the course, set up for class.

``kelas-ekspor lab`` (and ``make start``) never serves the repository's tracked ``course/`` files.
It serves a working copy under the participant's folder, by default
``~/kelas-ekspor/<participant>/course`` (``KELAS_EKSPOR_HOME`` moves ``~/kelas-ekspor``); the
participant is the computer's user unless ``--participant NAME`` names another, so two people on
one laptop keep their notebooks, form data and PDFs apart. The copy is made once; running the
command again adds notebooks the course gained since, and never overwrites a file the participant
has (their edits stay theirs).

Each participant's folder also holds JupyterLab's settings for the class, written once (the
participant may change them later): the Indonesian interface (the ``jupyterlab-language-pack-id-ID``
package; English with ``--lang en``), no "Jupyter news" prompt, no update check, no extension
manager reaching the internet; and the kernel's configuration that shows the toolkit's errors as
a short sentence (:mod:`toolkit.widgets.friendly_errors`). The URL printed opens module 00.

Examples
--------
>>> import tempfile, pathlib
>>> home = pathlib.Path(tempfile.mkdtemp())
>>> setup = prepare("Siti Aminah", home=home)
>>> setup.root == home / "siti-aminah" / "course", (setup.root / setup.first).is_file()
(True, True)
>>> setup.first
'id/00-mulai.ipynb'
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import socket
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "course"

__all__ = ["LabSetup", "prepare", "participant_slug", "class_home", "free_port", "SETTINGS",
           "PARTICIPANT_CONFIG"]

SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
    # a closed notebook's kernel stops: ten modules' kernels left running fill a cheap laptop
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"kernelShutdown": True},
}
"""JupyterLab settings every participant starts with (the interface language is added per class)."""

PARTICIPANT_CONFIG = {
    # nbgrader's instructor tools: the Formgrader (Nbgrader menu), the Create Assignment sidebar
    # (it edits the cells' grading metadata) and the course list. The Assignments tab and Validate
    # stay: participants fetch, check and submit with them.
    "labconfig/page_config.json": {"disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
        "@jupyter/nbgrader:course-list": True,
    }},
    "jupyter_server_config.json": {"ServerApp": {"jpserver_extensions": {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
    }}},
}
"""Jupyter configuration of a participant's server (not an instructor's), found through
``JUPYTER_CONFIG_PATH`` ahead of the installation's own, which enables every nbgrader extension."""

_LOCALES = {"id": "id_ID", "en": "en"}
_KERNEL_CONFIG = """# Written by kelas-ekspor lab: the toolkit's errors as one short sentence (see %tb for details).
c.InteractiveShellApp.extensions = ["toolkit.widgets.friendly_errors"]
"""


@dataclass
class LabSetup:
    """What ``kelas-ekspor lab`` serves: the working copy, its settings and the kernel's setup."""

    participant: str
    folder: Path
    root: Path
    settings: Path
    workspaces: Path
    ipython: Path
    first: str
    config: Path | None = None
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def argv(self, python: str, port: int) -> list[str]:
        """The ``jupyter lab`` command line for this participant, opening ``first``."""
        opening = f"/lab/tree/{self.first}"
        return [
            python, "-m", "jupyterlab",
            f"--ServerApp.root_dir={self.root}",
            f"--LabApp.user_settings_dir={self.settings}",
            f"--LabApp.workspaces_dir={self.workspaces}",
            f"--LabApp.default_url={opening}",
            f"--ServerApp.default_url={opening}",
            "--ServerApp.ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            # The trainer's terminal shows our lines (where the work is, the address, how to stop)
            # and then only what went wrong: Jupyter's routine English log is 40 lines a start.
            "--ServerApp.log_level=WARN",
            "--LabApp.log_level=WARN",
        ]

    def env(self, base: dict[str, str]) -> dict[str, str]:
        """The environment for the server and its kernels: this participant's IPython folder, and
        (for a participant) the configuration that leaves nbgrader's instructor tools out."""
        env = {**base, "IPYTHONDIR": str(self.ipython)}
        if self.config is not None:
            env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
                filter(None, [str(self.config), base.get("JUPYTER_CONFIG_PATH")]))
        return env

    def url(self, port: int, token: str) -> str:
        """The address that opens module 00 in the browser."""
        return f"http://127.0.0.1:{port}/lab/tree/{self.first}?token={token}"


def participant_slug(name: str) -> str:
    """A participant's name as a folder name: lower-case ASCII letters, digits and hyphens.

    >>> participant_slug("Siti Aminah"), participant_slug("  Pak Dédé / BUMDes 2 ")
    ('siti-aminah', 'pak-dede-bumdes-2')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60]
    if not slug:
        from grading.errors import GradingError

        raise GradingError({
            "id": f"Nama peserta {name!r} tidak bisa dipakai sebagai nama folder: pakai huruf atau angka.",
            "en": f"The participant name {name!r} cannot name a folder: use letters or digits.",
        })
    return slug


def class_home() -> Path:
    """Where the participants' folders live: ``KELAS_EKSPOR_HOME``, else ``~/kelas-ekspor``."""
    given = os.environ.get("KELAS_EKSPOR_HOME")
    return Path(given).expanduser() if given else Path.home() / "kelas-ekspor"


def _copy_missing(source: Path, target: Path) -> tuple[list[str], list[str]]:
    """Copy every file of ``source`` that ``target`` lacks; never overwrite. (added, kept) paths."""
    added, kept = [], []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if ".ipynb_checkpoints" in relative.parts or not path.is_file():
            continue
        destination = target / relative
        if destination.exists():
            kept.append(relative.as_posix())
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        added.append(relative.as_posix())
    return added, kept


def _write_once(path: Path, text: str) -> None:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def prepare(
    participant: str | None = None,
    *,
    home: Path | None = None,
    language: str = "id",
    course: Path = COURSE,
    folder: Path | None = None,
    instructor: bool = False,
) -> LabSetup:
    """Make (or bring up to date, never overwriting) a participant's working copy and settings.

    ``folder`` names the participant's folder itself (on the class hub: their home) instead of
    ``<home>/<participant>``. An ``instructor`` (on the hub) keeps nbgrader's instructor tools.
    """
    name = participant or getpass.getuser()
    slug = participant_slug(name)
    folder = Path(folder) if folder is not None else (home or class_home()) / slug
    root = folder / "course"
    if course.resolve() in (folder.resolve(), *folder.resolve().parents) or folder.resolve() in (
        course.resolve(), *course.resolve().parents
    ):
        from grading.errors import GradingError

        raise GradingError({
            "id": f"Folder peserta {folder} ada di dalam kursus (atau sebaliknya): pilih folder lain "
            "dengan KELAS_EKSPOR_HOME.",
            "en": f"The participant folder {folder} is inside the course (or the reverse): choose "
            "another with KELAS_EKSPOR_HOME.",
        })
    added, kept = _copy_missing(course, root)
    settings = folder / ".jupyter" / "lab" / "user-settings"
    for relative, values in {
        **SETTINGS,
        "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {
            "locale": _LOCALES.get(language, "id_ID")
        },
    }.items():
        _write_once(settings / relative, json.dumps(values, indent=2) + "\n")
    workspaces = folder / ".jupyter" / "lab" / "workspaces"
    workspaces.mkdir(parents=True, exist_ok=True)
    ipython = folder / ".ipython"
    _write_once(ipython / "profile_default" / "ipython_kernel_config.py", _KERNEL_CONFIG)
    config = None
    if not instructor:  # the class's rule, not a preference: written at every start
        config = folder / ".jupyter" / "kelas-ekspor-peserta"
        for relative, values in PARTICIPANT_CONFIG.items():
            (config / relative).parent.mkdir(parents=True, exist_ok=True)
            (config / relative).write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")
    edition = "en" if language == "en" else "id"
    first = sorted((root / edition).glob("00-*.ipynb"))
    opening = first[0].relative_to(root).as_posix() if first else ""
    return LabSetup(
        participant=slug, folder=folder, root=root, settings=settings, workspaces=workspaces,
        ipython=ipython, first=opening, added=added, kept=kept, config=config,
    )


def free_port(start: int, tries: int = 50) -> int:
    """``start`` if nothing listens there on 127.0.0.1, else the next free port after it."""
    for port in range(start, start + tries):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    return start
