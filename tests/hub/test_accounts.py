"""``kelas-ekspor hub accounts``: accounts from the roster, passwords on a sheet, roster changes."""

from __future__ import annotations

import os
import pwd
import re
import sqlite3
import stat

import bcrypt
import pytest

from grading.errors import GradingError
from grading.hub import hub_username
from grading.hub.accounts import sync_accounts


def expires(user: str) -> str:
    """The account's expiry in /etc/shadow (days since 1970; empty: never)."""
    for line in open("/etc/shadow", encoding="utf-8"):
        fields = line.rstrip("\n").split(":")
        if fields[0] == user:
            return fields[7]
    raise KeyError(user)


def sheet_passwords(path) -> dict[str, str]:
    codes = re.findall(r"<code>([^<]*)</code>", path.read_text(encoding="utf-8"))
    return dict(zip(codes[::2], codes[1::2]))


def stored_hashes(world) -> dict[str, tuple[bytes, int]]:
    with sqlite3.connect(world.paths.db_file) as db:
        return {name: (password, authorized) for name, password, authorized in
                db.execute("select username, password, is_authorized from users_info")}


def test_each_participant_and_instructor_gets_an_unprivileged_account_and_a_slip(world, tmp_path):
    """Is every roster id an ordinary Linux user with a private home, and a hub account whose
    password is stored only as a bcrypt hash, printed once on a private sheet?"""
    roster = world.write_roster([1, 2])
    sheet = tmp_path / "lembar.html"
    result = sync_accounts(roster, world.paths, instructors=[world.grader], sheet=sheet)

    users = [world.username(1), world.username(2), world.grader]
    assert sorted(result.created) == sorted(users)
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600
    passwords = sheet_passwords(sheet)
    assert sorted(passwords) == sorted(users)
    hashes = stored_hashes(world)
    for user in users:
        entry = pwd.getpwnam(user)
        assert entry.pw_uid >= 1000 and entry.pw_gid != 0
        assert os.getgrouplist(user, entry.pw_gid) == [entry.pw_gid]  # no sudo, no staff
        home = os.stat(entry.pw_dir)
        assert (home.st_uid, stat.S_IMODE(home.st_mode)) == (entry.pw_uid, 0o700)
        password, authorized = hashes[user]
        assert authorized and password.startswith(b"$2b$")
        assert passwords[user].encode() not in password
        assert bcrypt.checkpw(passwords[user].encode(), password)
    text = sheet.read_text(encoding="utf-8")
    assert text.index("akun Anda") < text.index("your account")
    assert world.participant_id(1) in text and "Peserta Uji 1" in text

    # The hub's secrets stay private: state 0700, its files 0600, none in the repository.
    assert stat.S_IMODE(world.paths.state.stat().st_mode) == 0o700
    assert stat.S_IMODE(world.paths.accounts_file.stat().st_mode) == 0o600
    # The grader owns the course's folder in the exchange before any participant can take it.
    course = world.paths.course_exchange
    assert course.stat().st_uid == pwd.getpwnam(world.grader).pw_uid
    assert stat.S_IMODE(world.paths.exchange.stat().st_mode) == 0o1777


def test_a_second_run_changes_nothing_and_a_roster_change_disables_without_touching_files(world):
    """Is the command idempotent, and does a participant dropped from the roster lose the login
    (hub and Linux) while keeping every file, and get it back with the same password?"""
    sync_accounts(world.write_roster([1, 2]), world.paths, instructors=[world.grader],
                  sheet=world.base / "s1.html")
    first = stored_hashes(world)
    again = sync_accounts(world.write_roster([1, 2]), world.paths, sheet=world.base / "s2.html")
    assert again.created == [] and again.issued == [] and again.sheet is None
    assert stored_hashes(world) == first

    two = world.username(2)
    work = world.home(two) / "pekerjaan.txt"
    work.write_text("jangan hilang\n", encoding="utf-8")
    changed = sync_accounts(world.write_roster([1, 3]), world.paths, sheet=world.base / "s3.html")
    assert changed.created == [world.username(3)] and changed.disabled == [two]
    assert stored_hashes(world)[two] == (first[two][0], 0)
    assert expires(two) == "1"  # expired: no su, ssh key or cron either
    assert work.read_text(encoding="utf-8") == "jangan hilang\n"
    assert world.accounts()["users"][two]["active"] is False
    assert world.accounts()["users"][world.grader]["active"] is True  # instructors stay

    back = sync_accounts(world.write_roster([1, 2, 3]), world.paths, sheet=world.base / "s4.html")
    assert back.enabled == [two] and back.issued == []
    assert stored_hashes(world)[two] == (first[two][0], 1)
    assert expires(two) == ""


def test_reset_issues_a_new_password_only_to_that_account(world):
    sync_accounts(world.write_roster([1, 2]), world.paths, instructors=[world.grader],
                  sheet=world.base / "s1.html")
    before = stored_hashes(world)
    result = sync_accounts(world.write_roster([1, 2]), world.paths,
                           reset=[world.participant_id(2)], sheet=world.base / "s2.html")
    assert [i.username for i in result.issued] == [world.username(2)]
    after = stored_hashes(world)
    assert after[world.username(1)] == before[world.username(1)]
    assert bcrypt.checkpw(result.issued[0].password.encode(), after[world.username(2)][0])
    # An instructor's, without naming them again; a participant outside the roster is refused.
    result = sync_accounts(None, world.paths, reset=[world.grader], sheet=world.base / "s3.html")
    assert [i.username for i in result.issued] == [world.grader]
    assert bcrypt.checkpw(result.issued[0].password.encode(), stored_hashes(world)[world.grader][0])
    with pytest.raises(GradingError):
        sync_accounts(world.write_roster([1]), world.paths, reset=[world.participant_id(2)],
                      sheet=world.base / "s4.html")
    assert stored_hashes(world)[world.username(2)][1] == 1  # nothing changed


def test_an_id_that_is_already_an_account_of_this_machine_is_refused(world):
    """Could a roster id take over root or a staff login? It must be refused, nothing made."""
    roster = world.base / "roster.csv"
    roster.write_text(f"id_peserta,nama\n{world.participant_id(1)},A\nroot,B\n", encoding="utf-8")
    with pytest.raises(GradingError) as caught:
        sync_accounts(roster, world.paths, sheet=world.base / "s.html")
    assert "root" in caught.value.messages["id"] and "root" in caught.value.messages["en"]
    with pytest.raises(KeyError):
        pwd.getpwnam(world.username(1))


def test_hub_username_is_the_id_lower_cased_and_refuses_what_linux_cannot_name():
    assert hub_username("SRG-001") == "srg-001"
    for bad in ("a" * 40, "SRG-001-", "srg 1", "srg/1"):
        with pytest.raises(GradingError):
            hub_username(bad)
