"""The hub's authenticator and spawner (imported by ``deploy/hub/jupyterhub_config.py``).

- :class:`KelasAuthenticator`: NativeAuthenticator (bcrypt password hashes in the hub's
  database) with sign-up off — accounts come only from ``kelas-ekspor hub accounts`` — and
  instructors made hub admins at login. Every read of an account goes to the database, so an
  account disabled by a roster change (or a password reset) takes effect while the hub runs: its
  next login is refused, and an open session ends within ``auth_refresh_age`` seconds.
- :class:`KelasSpawner`: JupyterHub's ``LocalProcessSpawner`` (each server runs as the account's
  own Linux user) whose server joins a cgroup with the memory, CPU and process limits before it
  drops root (:mod:`grading.hub.limits`), and starts through :mod:`grading.hub.singleuser`, which
  makes the participant's copy of the course on first login.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import signal
from pathlib import Path

import bcrypt
from jupyterhub.spawner import LocalProcessSpawner
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.orm import UserInfo
from traitlets import Bool, Integer, Unicode

from grading.hub import read_accounts
from grading.hub.limits import Limits, UserCgroup, describe, detect

__all__ = ["KelasAuthenticator", "KelasSpawner"]


class KelasAuthenticator(NativeAuthenticator):
    """NativeAuthenticator reading each account fresh from the database; instructors are admins."""

    state_dir = Unicode(config=True, help="The hub's state folder (accounts.json).")

    def get_user(self, username):
        name = self.normalize_username(username)
        # populate_existing: the hub's session keeps objects across commits, and `hub accounts`
        # changes rows from another process.
        return (self.db.query(UserInfo).populate_existing()
                .filter(UserInfo.username == name).first())

    def _role(self, username: str) -> str | None:
        record = read_accounts(Path(self.state_dir)).get("users", {}).get(username)
        if record is None or not record.get("active", True):
            return None
        return record.get("role")

    async def authenticate(self, handler, data):
        """NativeAuthenticator's check, with the bcrypt hash computed in a thread.

        A bcrypt check is a fifth of a second of CPU; on the hub's event loop, thirty participants
        logging in together held every other request of the hub (their servers' starts too) for up
        to 21 s. The database reads and the failed-login count stay on the loop, as in
        NativeAuthenticator 1.3's ``authenticate``.
        """
        username = self.normalize_username(data["username"])
        user = self.get_user(username)
        if user is None or (self.allowed_failed_logins and self.is_blocked(username)):
            return None
        matches = await asyncio.to_thread(_password_matches, data["password"], user.password)
        checks = [user.is_authorized, matches]
        if user.has_2fa:
            checks.append(user.is_valid_token(data.get("2fa")))
        if not all(checks):
            self.add_login_attempt(username)
            return None
        self.successful_login(username)
        role = self._role(username)
        if role is None:
            self.log.warning("Login refused for %s: not an active account of accounts.json",
                             username)
            return None
        return {"name": username, "admin": role == "instructor"}

    def get_handlers(self, app):
        # JupyterHub's own login page (NativeAuthenticator 1.3's login handler predates
        # JupyterHub 6); no sign-up or approval pages: accounts come from `hub accounts`.
        keep = ("/change-password", "/change-password/([^/]+)")
        return [(route, handler) for route, handler in super().get_handlers(app)
                if route in keep]

    async def refresh_user(self, user, handler=None, **kwargs):
        info = self.get_user(user.name)
        if info is None or not info.is_authorized or self._role(user.name) is None:
            self.log.info("Session of %s ended: account disabled", user.name)
            return False
        return True


def _password_matches(password: str, stored: bytes) -> bool:
    """bcrypt's check of ``password`` against the stored hash (releases the GIL while it works)."""
    try:
        return bcrypt.checkpw(password.encode(), stored)
    except ValueError:  # not a bcrypt hash: no password matches it
        return False


class KelasSpawner(LocalProcessSpawner):
    """A local process per user, inside its own cgroup, started through the course set-up."""

    state_dir = Unicode(config=True, help="The hub's state folder (accounts.json).")
    exchange = Unicode(config=True, help="nbgrader's exchange root.")
    course_id = Unicode("kelas-ekspor", config=True, help="nbgrader's course id.")
    max_processes = Integer(512, config=True, help="Processes and threads per user (pids.max).")
    require_limits = Bool(
        False, config=True,
        help="Refuse to start a server when the limits cannot be enforced on this machine.")

    def _cgroup(self) -> UserCgroup:
        limits = Limits(memory=int(self.mem_limit or 2 * 1024**3),
                        cpus=float(self.cpu_limit or 1.0), processes=self.max_processes)
        return UserCgroup(self.user.name, limits, support=_SUPPORT)

    def _role(self) -> str:
        record = read_accounts(Path(self.state_dir)).get("users", {}).get(self.user.name) or {}
        return record.get("role", "participant")

    def get_env(self):
        env = super().get_env()
        python_bin = str(Path(self.cmd[0]).parent)  # the accounts' Python and its commands
        env["PATH"] = os.pathsep.join([python_bin, env.get("PATH") or "/usr/bin:/bin"])
        env["KELAS_EKSPOR_EXCHANGE"] = self.exchange
        env["KELAS_EKSPOR_COURSE_ID"] = self.course_id
        env["KELAS_EKSPOR_ROLE"] = self._role()
        env.pop("JUPYTER_CONFIG_DIR", None)
        env.pop("JUPYTER_RUNTIME_DIR", None)
        return env

    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)
        join = self._cgroup().joiner() if _SUPPORT.version else None

        def preexec():
            if join is not None:
                join()  # as root, before the user is set: everything it starts stays inside
            become_user()

        return preexec

    async def start(self):
        try:
            pwd.getpwnam(self.user.name)
        except KeyError:
            raise RuntimeError(
                f"Akun Linux {self.user.name} tidak ada: jalankan `kelas-ekspor hub accounts`. / "
                f"There is no Linux account {self.user.name}: run `kelas-ekspor hub accounts`."
            ) from None
        group = self._cgroup()
        enforced = group.create() if _SUPPORT.version else []
        if self.require_limits and len(enforced) < 3:
            raise RuntimeError(f"limits not enforceable here: {_SUPPORT}")
        self.log.info("Server of %s: %s (enforced: %s)", self.user.name, describe(group.limits),
                      ", ".join(enforced) or "none")
        if self._role() != "instructor":
            self.default_url = self.participant_url
        return await super().start()

    participant_url = Unicode("/lab", config=True, help="Where a participant's server opens.")

    async def stop(self, now=False):
        await super().stop(now=now)
        group = self._cgroup()
        for pid in group.members():  # terminals or kernels left behind
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        group.remove()


_SUPPORT = detect()
