"""``kelas-ekspor hub serve``: JupyterHub with ``deploy/hub/jupyterhub_config.py``.

Prepares what the configuration reads, then becomes ``jupyterhub``:

- the state folder (mode 0700, outside the repository) and in it the proxy's auth token (made
  once, mode 0600); JupyterHub makes the cookie secret and the database there itself;
- the exchange root (mode 1777, what nbgrader's release expects);
- two free loopback ports for the hub's API and the proxy's API (so several hubs, e.g. a test's,
  can run on one machine);
- ``configurable-http-proxy``: ``build/chp`` of the repository (``make hub`` installs it from
  npm), else the one on ``PATH``; a clear message when there is none.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import sys
from pathlib import Path

from grading.errors import GradingError
from grading.hub import ADMIN_TOKEN_ENV, CONFIG_FILE, REPO, HubPaths, ensure_private_dir

__all__ = ["find_proxy", "free_loopback_port", "prepare_environment", "serve"]

CHP_LOCAL = REPO / "build" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"


def find_proxy() -> str:
    """The configurable-http-proxy command: the repository's own, else the one on PATH."""
    if CHP_LOCAL.is_file() and os.access(CHP_LOCAL, os.X_OK):
        return str(CHP_LOCAL)
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    raise GradingError({
        "id": "configurable-http-proxy tidak ditemukan: jalankan `make hub` (memasangnya dari npm "
              "ke build/chp) atau `npm install --prefix build/chp configurable-http-proxy@5`.",
        "en": "configurable-http-proxy was not found: run `make hub` (installs it from npm into "
              "build/chp) or `npm install --prefix build/chp configurable-http-proxy@5`.",
    })


def unreachable_for_users(paths: list[Path]) -> list[Path]:
    """The folders on the way to ``paths`` (the interpreter, the repository) that an ordinary
    account cannot pass through (no ``x`` for others): the participants' servers would not start.

    >>> unreachable_for_users([Path("/")])
    []
    """
    blocked = []
    for path in paths:
        resolved = Path(os.path.realpath(path))
        for folder in [*reversed(resolved.parents), resolved]:
            if folder.is_dir() and not os.stat(folder).st_mode & 0o001 and folder not in blocked:
                blocked.append(folder)
    return blocked


BRIDGE = REPO / "build" / "hub-python"


def _blocked_message(blocked: list[Path]) -> GradingError:
    shown = ", ".join(str(b) for b in blocked)
    return GradingError({
        "id": f"Akun peserta tidak bisa menjalankan Python atau membaca kursus: folder {shown} "
              "tertutup untuk pengguna lain. Pasang Python dan repositori di tempat yang bisa "
              "dibaca semua (mis. /opt/kelas-ekspor, dengan Python dari /usr/bin), atau beri "
              "`chmod o+x` pada folder itu bila aman.",
        "en": f"The participants' accounts cannot run Python or read the course: the folder "
              f"{shown} is closed to other users. Install Python and the repository where all "
              "can read them (e.g. /opt/kelas-ekspor, with Python from /usr/bin), or "
              "`chmod o+x` that folder where that is safe.",
    })


def user_python() -> Path:
    """The Python the accounts' servers run: this one when every account can run it.

    Otherwise (a Python installed under a closed folder, such as pyenv's in /root) a bridge
    environment in ``build/hub-python``: a venv of the system's Python of the same version
    (``/usr/bin/python3.X``) that loads this environment's packages (a ``.pth`` file calling
    ``site.addsitedir``), with this environment's commands (``kelas-ekspor``, ``nbgrader``,
    ``jupyter``...) pointing at it, and its Jupyter data and configuration (``share``, ``etc``:
    lab extensions, templates, server extensions). Nothing is copied or downloaded; it is remade
    when missing.
    """
    code = [REPO / "course", REPO / "grading", REPO / "toolkit"]
    blocked = unreachable_for_users(code)
    if blocked:
        raise _blocked_message(blocked)
    here = Path(sys.executable)
    if not unreachable_for_users([here, Path(sys.base_prefix)]):
        return here
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    system = Path(f"/usr/bin/python{version}")
    if not system.is_file() or unreachable_for_users([system]):
        raise _blocked_message(unreachable_for_users([here, Path(sys.base_prefix)]))
    site_packages = Path(next(p for p in sys.path if p.endswith("site-packages")
                              and p.startswith(sys.prefix)))
    python = BRIDGE / "bin" / "python"
    marker = BRIDGE / "lib" / f"python{version}" / "site-packages" / "kelas-ekspor-hub.pth"
    expected = f"import site; site.addsitedir({str(site_packages)!r})\n"
    if not (python.exists() and marker.is_file() and marker.read_text() == expected):
        import subprocess

        shutil.rmtree(BRIDGE, ignore_errors=True)
        subprocess.run([str(system), "-m", "venv", "--without-pip", str(BRIDGE)], check=True)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(expected)
        for shared in ("share", "etc"):  # Jupyter's data and config: lab extensions, templates
            if (Path(sys.prefix) / shared).is_dir():
                (BRIDGE / shared).symlink_to(Path(sys.prefix) / shared)
        venv_bin = Path(sys.prefix) / "bin"
        for script in sorted(venv_bin.iterdir()):
            try:
                head, _, rest = script.read_bytes().partition(b"\n")
            except (OSError, IsADirectoryError):
                continue
            if head.startswith(b"#!") and head[2:].strip().startswith(str(venv_bin).encode()):
                target = BRIDGE / "bin" / script.name
                if not target.exists():
                    target.write_bytes(b"#!" + str(python).encode() + b"\n" + rest)
                    target.chmod(0o755)
        for folder in [BRIDGE, *BRIDGE.rglob("*")]:
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)
    if unreachable_for_users([python, BRIDGE]):
        raise _blocked_message(unreachable_for_users([python, BRIDGE]))
    return python


def free_loopback_port() -> int:
    """A port nothing listens on at 127.0.0.1 now (the system's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_environment(paths: HubPaths, *, ip: str, port: int, memory: str, cpus: float,
                        processes: int, idle_minutes: int, base: dict | None = None) -> dict:
    """The state folder, the exchange root and the environment the configuration reads."""
    ensure_private_dir(paths.state)
    if not paths.proxy_token.exists():
        fd = os.open(paths.proxy_token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    os.chmod(paths.proxy_token, 0o600)
    paths.exchange.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(paths.exchange, 0o1777)
    except PermissionError:
        pass
    env = dict(os.environ if base is None else base)
    env.update({
        "KELAS_HUB_STATE": str(paths.state),
        "KELAS_HUB_EXCHANGE": str(paths.exchange),
        "KELAS_HUB_IP": ip,
        "KELAS_HUB_PORT": str(port),
        "KELAS_HUB_API_PORT": str(free_loopback_port()),
        "KELAS_HUB_PROXY_API_PORT": str(free_loopback_port()),
        "KELAS_HUB_MEM": memory,
        "KELAS_HUB_CPUS": str(cpus),
        "KELAS_HUB_PROCS": str(processes),
        "KELAS_HUB_IDLE": str(idle_minutes),
        "KELAS_HUB_CHP": find_proxy(),
        "KELAS_HUB_PYTHON": str(user_python()),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])),
        "PATH": os.pathsep.join(filter(None, [str(Path(sys.executable).parent),
                                              env.get("PATH")])),
    })
    if env.get(ADMIN_TOKEN_ENV) == "":
        del env[ADMIN_TOKEN_ENV]
    return env


def serve(paths: HubPaths, *, ip: str = "", port: int = 8000, memory: str = "2G",
          cpus: float = 1.0, processes: int = 512, idle_minutes: int = 120) -> None:
    """Become JupyterHub (this process is replaced; Ctrl+C stops the hub and its servers)."""
    try:
        import jupyterhub  # noqa: F401
        import nativeauthenticator  # noqa: F401
    except ImportError:
        raise GradingError({
            "id": "JupyterHub belum terpasang: `pip install -c requirements/py3.X.txt -e '.[hub]'` "
                  "(atau `make hub`).",
            "en": "JupyterHub is not installed: `pip install -c requirements/py3.X.txt -e "
                  "'.[hub]'` (or `make hub`).",
        }) from None
    env = prepare_environment(paths, ip=ip, port=port, memory=memory, cpus=cpus,
                              processes=processes, idle_minutes=idle_minutes)
    os.chdir(paths.state)
    os.umask(0o077)  # the database JupyterHub creates, and anything else it writes: root's alone
    if paths.db_file.exists():
        os.chmod(paths.db_file, 0o600)
    argv = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)]
    os.execve(sys.executable, argv, env)
