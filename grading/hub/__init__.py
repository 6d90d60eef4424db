"""A class on JupyterHub, on one machine: accounts from the roster, the hub's state, the exchange.

Three commands build on this package (``kelas-ekspor hub ...``):

- ``hub serve`` (:mod:`grading.hub.serve`) starts JupyterHub with ``deploy/hub/jupyterhub_config.py``;
- ``hub accounts ROSTER`` (:mod:`grading.hub.accounts`) makes an account per participant and per
  instructor, and prints the first-login passwords on a sheet to hand out;
- the spawner and authenticator the configuration uses live in :mod:`grading.hub.spawner` (they
  import JupyterHub, installed with the ``hub`` extra).

What the hub keeps, and where (:class:`HubPaths`):

- the **state folder** (``--state``; default ``/var/lib/kelas-ekspor/hub`` as root, else
  ``~/.local/share/kelas-ekspor/hub``), mode 0700, outside the repository: ``jupyterhub.sqlite``
  (accounts, with NativeAuthenticator's bcrypt password hashes), ``jupyterhub_cookie_secret``,
  ``proxy_auth_token``, ``accounts.json`` (who is a participant or an instructor, and which
  roster id each account came from);
- the **exchange** (``--exchange``; default ``/srv/nbgrader/exchange``): nbgrader's shared folder
  where the grader releases and participants submit;
- each account's **home** (``/home/<user>`` by default, mode 0700): the participant's copy of the
  course, fetched assignments; the grader's workspace.

Examples
--------
>>> hub_username("SRG-001")
'srg-001'
>>> hub_username("Siti Aminah")
Traceback (most recent call last):
grading.errors.GradingError: ...
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grading.errors import GradingError
from grading.workspace import COURSE_ID

__all__ = [
    "HubPaths",
    "hub_username",
    "default_state",
    "default_exchange",
    "read_accounts",
    "write_accounts",
    "ensure_private_dir",
]

REPO = Path(__file__).resolve().parents[2]
CONFIG_FILE = REPO / "deploy" / "hub" / "jupyterhub_config.py"
ADMIN_SERVICE = "kelas-ekspor-admin"
ADMIN_TOKEN_ENV = "KELAS_HUB_ADMIN_TOKEN"

# A Linux user name that JupyterHub's lower-casing leaves unchanged: what useradd accepts.
_LINUX_NAME = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,31}$")


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def default_state() -> Path:
    """``/var/lib/kelas-ekspor/hub`` as root, else ``~/.local/share/kelas-ekspor/hub``."""
    if _is_root():
        return Path("/var/lib/kelas-ekspor/hub")
    return Path.home() / ".local" / "share" / "kelas-ekspor" / "hub"


def default_exchange() -> Path:
    """``/srv/nbgrader/exchange`` as root, else ``~/.local/share/kelas-ekspor/exchange``."""
    if _is_root():
        return Path("/srv/nbgrader/exchange")
    return Path.home() / ".local" / "share" / "kelas-ekspor" / "exchange"


def hub_username(participant_id: str) -> str:
    """The hub account (and Linux user) of a roster id: lower-cased, as JupyterHub normalises it."""
    name = participant_id.strip().lower()
    if not _LINUX_NAME.match(name) or name.endswith("-") or name.endswith("."):
        raise GradingError({
            "id": f"id {participant_id!r} tidak bisa menjadi nama akun di server: pakai paling "
                  "banyak 32 huruf, angka, '.', '_' atau '-', tanpa spasi, tidak diakhiri '-' "
                  "atau '.'; ubah id di roster",
            "en": f"the id {participant_id!r} cannot be an account name on the server: use at "
                  "most 32 letters, digits, '.', '_' or '-', no spaces, not ending in '-' or "
                  "'.'; change the id in the roster",
        })
    return name


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it mode 0700, owned by whoever runs this."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


@dataclass
class HubPaths:
    """Where one hub keeps its state, its exchange and its users' homes."""

    state: Path
    exchange: Path
    homes: Path = Path("/home")
    course_id: str = COURSE_ID

    @classmethod
    def make(cls, state: str | os.PathLike | None = None,
             exchange: str | os.PathLike | None = None,
             homes: str | os.PathLike | None = None) -> HubPaths:
        """Paths from the options given, else from ``accounts.json``, else the defaults."""
        state_dir = Path(state).expanduser().resolve() if state else default_state()
        recorded = read_accounts(state_dir).get("paths", {})
        exchange_dir = Path(exchange).expanduser().resolve() if exchange else Path(
            recorded.get("exchange") or default_exchange())
        homes_dir = Path(homes).expanduser().resolve() if homes else Path(
            recorded.get("homes") or "/home")
        paths = cls(state=state_dir, exchange=exchange_dir, homes=homes_dir)
        paths.check_outside_repository()
        return paths

    def check_outside_repository(self) -> None:
        for name, path in (("state", self.state), ("exchange", self.exchange)):
            if path == REPO or REPO in path.parents:
                raise GradingError({
                    "id": f"Folder {name} hub {path} ada di dalam repositori; pilih folder di "
                          "luar repositori (rahasia hub dan kiriman peserta tidak boleh ikut git).",
                    "en": f"The hub's {name} folder {path} is inside the repository; choose one "
                          "outside it (the hub's secrets and submissions must stay out of git).",
                })

    @property
    def db_file(self) -> Path:
        return self.state / "jupyterhub.sqlite"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_file}"

    @property
    def cookie_secret(self) -> Path:
        return self.state / "jupyterhub_cookie_secret"

    @property
    def proxy_token(self) -> Path:
        return self.state / "proxy_auth_token"

    @property
    def accounts_file(self) -> Path:
        return self.state / "accounts.json"

    @property
    def course_exchange(self) -> Path:
        return self.exchange / self.course_id


def read_accounts(state: Path) -> dict:
    """``accounts.json`` of a state folder: ``{"paths": {...}, "users": {name: {...}}}``."""
    path = Path(state) / "accounts.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"paths": {}, "users": {}}
    except (OSError, ValueError) as error:
        raise GradingError({
            "id": f"{path} tidak terbaca ({type(error).__name__}); pulihkan dari cadangan atau "
                  "hapus lalu jalankan `kelas-ekspor hub accounts` lagi.",
            "en": f"{path} cannot be read ({type(error).__name__}); restore it from a backup or "
                  "remove it and run `kelas-ekspor hub accounts` again.",
        }) from None
    data.setdefault("paths", {})
    data.setdefault("users", {})
    return data


def write_accounts(state: Path, data: dict) -> None:
    """Write ``accounts.json`` atomically, mode 0600."""
    state = Path(state)
    fd, tmp = tempfile.mkstemp(prefix=".accounts.", dir=state)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False, sort_keys=True)
            fh.write("\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, state / "accounts.json")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
