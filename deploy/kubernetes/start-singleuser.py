#!/usr/bin/env python3
"""Start a participant's server on Zero to JupyterHub: their own course, then jupyterhub-singleuser.

The image's command (deploy/kubernetes/Dockerfile; values.yaml's ``singleuser.cmd``). Before the
server starts, :func:`grading.lab.prepare` (the laptop's ``kelas-ekspor lab`` set-up) brings the
home folder up to date: ``~/course`` gets every course notebook it lacks from the image's
``$KELAS_EKSPOR_COURSE`` and keeps every file the participant already has (their edits stay
theirs, on every start); JupyterLab's settings (Indonesian interface, ``$KELAS_EKSPOR_LANG``
``en`` for English; no news, no update check, no extension manager) and the kernel's short error
messages are written once. Then this process becomes ``jupyterhub-singleuser`` with the arguments
it was given. If the course cannot be prepared the server does not start, and the pod's log says
why.
"""

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    from grading.errors import GradingError
    from grading.lab import participant_slug, prepare

    home = Path.home()
    course = Path(os.environ.get("KELAS_EKSPOR_COURSE", "/opt/kelas-ekspor/course"))
    language = os.environ.get("KELAS_EKSPOR_LANG", "id")
    if participant_slug(home.name) != home.name or not (course / "id").is_dir():
        sys.exit(
            f"kelas-ekspor-singleuser: folder rumah {home} harus bernama huruf kecil/angka/tanda "
            f"hubung dan kursus harus ada di {course} (KELAS_EKSPOR_COURSE). / The home folder "
            f"{home} must be named in lower-case letters, digits and hyphens, and the course must "
            f"be at {course} (KELAS_EKSPOR_COURSE)."
        )
    try:
        # prepare() lays a participant out as <home>/<slug>/...: here that is the home itself.
        setup = prepare(home.name, home=home.parent, course=course, language=language)
    except (GradingError, OSError) as error:
        sys.exit(f"kelas-ekspor-singleuser: kursus tidak bisa disiapkan di {home} / the course "
                 f"could not be prepared in {home}: {error}")
    print(f"kelas-ekspor-singleuser: {setup.root}: {len(setup.added)} berkas baru / new files, "
          f"{len(setup.kept)} berkas peserta dipertahankan / participant's files kept", flush=True)
    os.execvp("jupyterhub-singleuser", ["jupyterhub-singleuser", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv)
