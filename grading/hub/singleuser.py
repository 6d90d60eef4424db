"""A hub user's server, started by :class:`grading.hub.spawner.KelasSpawner` as that user.

Before it becomes ``jupyterhub-singleuser`` (JupyterLab), as the user, in their home:

1. a participant's own copy of the course, ``~/course`` (:func:`grading.lab.prepare`: made on the
   first login, later logins add what the course gained and never overwrite a file), and the
   class's JupyterLab settings written once: the Indonesian interface, no news, no update check,
   no extension manager; the kernel's short toolkit errors;
2. ``~/.jupyter/nbgrader_config.py``: the hub's exchange and course id, for the *Assignments*
   tab (nbgrader's lab extension) and, for the grader, ``nbgrader`` and ``kelas-ekspor`` in a
   terminal. Rewritten at each start while it is ours (its first line says so); a file the user
   wrote themselves is left alone.

The environment comes from the spawner: ``KELAS_EKSPOR_EXCHANGE``, ``KELAS_EKSPOR_COURSE_ID``,
``KELAS_EKSPOR_ROLE`` (``participant`` or ``instructor``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MARKER = "# Written by the Kelas Ekspor hub at each server start"

NBGRADER_CONFIG = MARKER + """ (remove this line to keep your own edits).
c = get_config()  # noqa: F821
c.Exchange.root = {exchange!r}
c.CourseDirectory.course_id = {course_id!r}
"""


def write_nbgrader_config(home: Path, exchange: str, course_id: str) -> Path:
    """``~/.jupyter/nbgrader_config.py`` with the hub's exchange, unless the user made their own."""
    path = home / ".jupyter" / "nbgrader_config.py"
    if path.exists() and not path.read_text(encoding="utf-8", errors="replace").startswith(MARKER):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(".nbgrader_config.py.tmp")
    tmp.write_text(NBGRADER_CONFIG.format(exchange=exchange, course_id=course_id),
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def main(argv: list[str]) -> None:
    from grading.lab import prepare

    home = Path.home()
    instructor = os.environ.get("KELAS_EKSPOR_ROLE") == "instructor"
    if instructor:
        os.umask(0o022)  # what the grader hands out must be readable (their home stays 0700)
    else:
        os.umask(0o077)  # a participant's files are theirs alone (the exchange sets its own modes)
    setup = prepare(os.environ.get("JUPYTERHUB_USER") or None, folder=home, language="id",
                    instructor=instructor)
    write_nbgrader_config(home, os.environ.get("KELAS_EKSPOR_EXCHANGE", ""),
                          os.environ.get("KELAS_EKSPOR_COURSE_ID", "kelas-ekspor"))
    env = setup.env(dict(os.environ))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]),
                                                      env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "jupyterhub.singleuser", f"--ServerApp.root_dir={home}",
               f"--LabApp.user_settings_dir={setup.settings}",
               f"--LabApp.workspaces_dir={setup.workspaces}", *argv]
    os.chdir(home)
    os.execve(sys.executable, command, env)


if __name__ == "__main__":
    main(sys.argv[1:])
