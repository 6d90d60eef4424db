"""``kelas-ekspor hub accounts ROSTER``: an account per participant and instructor, and a password sheet.

For each participant of the roster (read and validated by :func:`grading.roster.read_roster`) and
each ``--instructor NAME``:

- a **Linux user** of its own (``useradd``: an ordinary unprivileged user, its own group, home
  ``<homes>/<user>`` with mode 0700), under which JupyterHub runs that person's server, so the
  kernel's file permissions keep participants out of each other's work and out of the grader's;
- a **hub account** in NativeAuthenticator's table of the hub's database (``users_info``, the
  password stored as a bcrypt hash by NativeAuthenticator's own model), authorised to log in;
- a **first-login password**, random, printed once on the sheet (``--sheet``; HTML, one slip per
  person, Indonesian first) and never stored in clear. Participants change it at
  ``/hub/change-password``.

The account name is the roster id lower-cased (``SRG-001`` → ``srg-001``), as JupyterHub
normalises names. Running the command again with a changed roster adds the new participants and
**disables** those no longer in it (the hub refuses their login, their Linux account is locked),
without touching any file of theirs; a participant who comes back is enabled again with the same
password. Nothing else changes on a second run (idempotent): no new password unless ``--reset ID``
asks for one. An id that would take over an existing account of this machine that the hub did
not create (``root``, a staff login) is refused.

The first instructor also owns the course's folder in the exchange (created here, before anyone
can claim the name), so the grader's ``release``, ``collect`` and ``return`` work as that user.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import pwd
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from grading.errors import GradingError
from grading.hub import (
    HubPaths,
    _is_root,
    ensure_private_dir,
    hub_username,
    read_accounts,
    write_accounts,
)

__all__ = ["AccountsResult", "Issued", "sync_accounts", "new_password", "write_sheet",
           "hub_session", "linux_user", "remove_account"]

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read off a slip


def new_password() -> str:
    """A random first-login password, 3 groups of 4 (about 59 bits), easy to read aloud.

    >>> p = new_password(); len(p), p.count("-")
    (14, 2)
    """
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))


@dataclass
class Issued:
    """A password handed out: to whom, for which account."""

    username: str
    participant_id: str
    name: str
    role: str
    password: str


@dataclass
class AccountsResult:
    """What ``hub accounts`` did."""

    created: list[str] = field(default_factory=list)
    enabled: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reset: list[str] = field(default_factory=list)
    issued: list[Issued] = field(default_factory=list)
    sheet: Path | None = None


def hub_session(paths: HubPaths):
    """A SQLAlchemy session on the hub's database, its schema created by JupyterHub's own code."""
    import logging

    from jupyterhub import orm
    from nativeauthenticator.orm import UserInfo  # noqa: F401 (registers the users_info table)

    logging.getLogger("alembic").setLevel(logging.WARNING)
    new = not paths.db_file.exists()
    session = orm.new_session_factory(paths.db_url)()
    if new:
        os.chmod(paths.db_file, 0o600)
    return session


def linux_user(name: str):
    """The system's account ``name`` (a ``pwd`` entry), or None when there is none."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _gecos(text: str) -> str:
    return "".join(ch for ch in text if ch not in ":,=\n\r\\")[:60]


def _createlinux_user(username: str, comment: str, homes: Path) -> None:
    home = homes / username
    homes.mkdir(parents=True, exist_ok=True)
    command = ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
               "--user-group", "--comment", _gecos(comment), username]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise GradingError({
            "id": f"akun Linux {username} tidak bisa dibuat (useradd: {done.stderr.strip()})",
            "en": f"the Linux account {username} could not be created (useradd: "
                  f"{done.stderr.strip()})",
        })
    os.chmod(home, 0o700)


def _set_linux_enabled(username: str, enabled: bool) -> None:
    """Expired (and its password locked) or not. The accounts never have a Linux password (the
    hub's is NativeAuthenticator's), so nobody logs in to them but through the hub; an expired
    one cannot be entered with su, ssh keys or cron either. The hub refuses it separately."""
    args = ["usermod", "--expiredate", ""] if enabled else \
        ["usermod", "--lock", "--expiredate", "1"]
    done = subprocess.run(args + [username], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise GradingError({
            "id": f"akun Linux {username} tidak bisa {'diaktifkan' if enabled else 'dikunci'} "
                  f"(usermod: {done.stderr.strip()})",
            "en": f"the Linux account {username} could not be "
                  f"{'enabled' if enabled else 'locked'} (usermod: {done.stderr.strip()})",
        })


def _ensure_exchange(paths: HubPaths, owner: str | None) -> None:
    """The exchange root (mode 1777, as nbgrader's release expects, sticky so nobody removes
    another's folder) and the course's folder in it, owned by the grader."""
    root = paths.exchange
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o1777)
    if owner is None:
        return
    course = paths.course_exchange
    entry = pwd.getpwnam(owner)
    if course.exists():
        if course.stat().st_uid not in (entry.pw_uid, 0):
            raise GradingError({
                "id": f"Folder exchange {course} milik pengguna lain (uid {course.stat().st_uid}), "
                      f"bukan penilai {owner}: periksa siapa yang membuatnya, hapus, lalu jalankan "
                      "perintah ini lagi.",
                "en": f"The exchange folder {course} belongs to another user (uid "
                      f"{course.stat().st_uid}), not the grader {owner}: check who made it, "
                      "remove it, then run this command again.",
            })
    else:
        course.mkdir(mode=0o755)
    os.chown(course, entry.pw_uid, entry.pw_gid)
    os.chmod(course, 0o755)


def sync_accounts(roster: str | os.PathLike | None, paths: HubPaths, *,
                  instructors: list[str] = (), reset: list[str] = (),
                  sheet: Path | None = None, hub_url: str = "") -> AccountsResult:
    """Bring the hub's accounts in line with the roster (see the module's docstring)."""
    if not _is_root():
        raise GradingError({
            "id": "`hub accounts` membuat akun Linux, jadi harus dijalankan sebagai root "
                  "(sudo kelas-ekspor hub accounts ...).",
            "en": "`hub accounts` creates Linux accounts, so it must run as root "
                  "(sudo kelas-ekspor hub accounts ...).",
        })
    from grading.roster import read_roster

    people = read_roster(roster) if roster else []
    wanted: dict[str, dict] = {}
    problems: list[str] = []
    for row in people:
        try:
            username = hub_username(row["participant_id"])
        except GradingError as error:
            problems.append(f"baris {row['line']}: {error.messages['id']} / line {row['line']}: "
                            f"{error.messages['en']}")
            continue
        wanted[username] = {"id": row["participant_id"], "name": row["name"],
                            "role": "participant"}
    for given in instructors:
        username = hub_username(given)
        if username in wanted:
            problems.append(f"{given}: juga peserta di roster / also a participant in the roster")
        wanted[username] = {"id": username, "name": given, "role": "instructor"}
    if problems:
        raise GradingError({
            "id": "Akun tidak dibuat, tidak ada yang diubah: " + "; ".join(problems),
            "en": "No account was made, nothing was changed: " + "; ".join(problems),
        })

    ensure_private_dir(paths.state)
    registry = read_accounts(paths.state)
    known: dict[str, dict] = registry["users"]
    for username in wanted:
        entry = linux_user(username)
        if entry is not None and username not in known:
            raise GradingError({
                "id": f"Nama akun {username} sudah dipakai akun lain di komputer ini (uid "
                      f"{entry.pw_uid}) yang tidak dibuat oleh hub: ganti id di roster. Tidak "
                      "ada yang diubah.",
                "en": f"The account name {username} is already used on this machine (uid "
                      f"{entry.pw_uid}) by an account the hub did not make: change the id in "
                      "the roster. Nothing was changed.",
            })
    unknown_reset = [r for r in reset if hub_username(r) not in wanted and hub_username(r)
                     not in known]
    if unknown_reset:
        raise GradingError({
            "id": f"--reset: akun tidak dikenal: {', '.join(unknown_reset)}",
            "en": f"--reset: unknown accounts: {', '.join(unknown_reset)}",
        })
    reset_names = {hub_username(r) for r in reset}
    for username in sorted(reset_names - set(wanted)):  # an instructor not named this time
        record = known[username]
        if record.get("role") != "instructor":
            raise GradingError({
                "id": f"--reset {username}: peserta ini tidak ada di roster yang diberikan; "
                      "tambahkan dulu ke roster. Tidak ada yang diubah.",
                "en": f"--reset {username}: this participant is not in the roster given; add "
                      "them to the roster first. Nothing was changed.",
            })
        wanted[username] = {"id": record.get("id", username), "name": record.get("name", username),
                            "role": "instructor"}

    import bcrypt
    from nativeauthenticator.orm import UserInfo

    result = AccountsResult()
    db = hub_session(paths)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        for username, person in wanted.items():
            record = known.get(username)
            info = UserInfo.find(db, username)
            password = None
            if linux_user(username) is None:
                _createlinux_user(username, person["name"], paths.homes)
            if info is None:
                password = new_password()
                db.add(UserInfo(username=username, is_authorized=True,
                                password=bcrypt.hashpw(password.encode(), bcrypt.gensalt())))
                result.created.append(username)
            elif username in reset_names:
                password = new_password()
                info.password = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
                result.reset.append(username)
            if info is not None and not info.is_authorized:
                info.is_authorized = True
                result.enabled.append(username)
            if record is not None and not record.get("active", True):
                if username not in result.enabled:
                    result.enabled.append(username)
            _set_linux_enabled(username, True)
            if password is None and username not in result.enabled:
                result.unchanged.append(username)
            known[username] = {**(record or {"created": now}), **person, "active": True}
            if password is not None:
                result.issued.append(Issued(username, person["id"], person["name"],
                                            person["role"], password))
        for username, record in known.items():
            if username in wanted or record.get("role") != "participant" or roster is None:
                continue
            if record.get("active", True):
                info = UserInfo.find(db, username)
                if info is not None:
                    info.is_authorized = False
                _set_linux_enabled(username, False)
                record["active"] = False
                result.disabled.append(username)
        db.commit()
    finally:
        db.close()

    owner = registry["paths"].get("exchange_owner") or next(
        (u for u, r in known.items() if r.get("role") == "instructor"), None)
    registry["paths"].update({"exchange": str(paths.exchange), "homes": str(paths.homes)})
    if owner:
        registry["paths"]["exchange_owner"] = owner
    _ensure_exchange(paths, owner)
    write_accounts(paths.state, registry)
    if result.issued:
        result.sheet = write_sheet(result.issued, sheet or Path.cwd() / (
            "kata-sandi-akun-" + dt.datetime.now().strftime("%Y%m%d-%H%M%S") + ".html"),
            hub_url=hub_url)
    return result


def remove_account(username: str, paths: HubPaths) -> None:
    """Delete an account the hub made, with its home (for tests and a class that is over)."""
    registry = read_accounts(paths.state)
    if username not in registry["users"]:
        raise GradingError({"id": f"{username} bukan akun hub", "en": f"{username} is not a hub account"})
    from nativeauthenticator.orm import UserInfo

    db = hub_session(paths)
    try:
        info = UserInfo.find(db, username)
        if info is not None:
            db.delete(info)
        db.commit()
    finally:
        db.close()
    entry = linux_user(username)
    if entry is not None:
        subprocess.run(["pkill", "-KILL", "-u", username], capture_output=True, check=False)
        subprocess.run(["userdel", username], capture_output=True, check=False)
        home = Path(entry.pw_dir)
        if home.is_dir() and home.parent == paths.homes:
            shutil.rmtree(home, ignore_errors=True)
    del registry["users"][username]
    write_accounts(paths.state, registry)


_SHEET_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0; }
.slip { border: 1px dashed #555; padding: 12mm 10mm; margin: 6mm; page-break-inside: avoid; }
.slip h2 { margin: 0 0 4mm 0; font-size: 15pt; }
.slip .en { color: #555; font-size: 9pt; }
.slip table td { padding: 1mm 4mm 1mm 0; font-size: 12pt; }
.slip code { font-size: 15pt; font-weight: bold; letter-spacing: 1px; }
.cut { page-break-after: always; }
@media print { .slip:nth-of-type(3n) { page-break-after: always; } }
"""


def write_sheet(issued: list[Issued], path: Path, *, hub_url: str = "") -> Path:
    """The password sheet: one slip per person to cut out and hand over (HTML, mode 0600)."""
    slips = []
    for item in sorted(issued, key=lambda i: (i.role != "participant", i.participant_id)):
        who = "Instruktur / Instructor" if item.role == "instructor" else "Peserta / Participant"
        address = html.escape(hub_url) if hub_url else "(alamat server dari pelatih / the server's " \
            "address from your trainer)"
        slips.append(f"""<div class="slip">
<h2>Kelas Ekspor — akun Anda <span class="en">/ your account</span></h2>
<table>
<tr><td>{who}</td><td>{html.escape(item.name)} ({html.escape(item.participant_id)})</td></tr>
<tr><td>Alamat <span class="en">/ address</span></td><td>{address}</td></tr>
<tr><td>Nama pengguna <span class="en">/ username</span></td><td><code>{html.escape(item.username)}</code></td></tr>
<tr><td>Kata sandi pertama <span class="en">/ first password</span></td><td><code>{html.escape(item.password)}</code></td></tr>
</table>
<p>Setelah masuk, ganti kata sandi di <b>/hub/change-password</b> dan simpan baik-baik; jangan
berikan kepada orang lain.<br><span class="en">After logging in, change the password at
/hub/change-password and keep it safe; do not share it.</span></p>
</div>""")
    page = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Kelas Ekspor — kata sandi akun</title>
<style>{_SHEET_STYLE}</style></head><body>
{''.join(slips)}
</body></html>
"""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(page)
    os.chmod(path, 0o600)
    return path
