"""The hub's login check (:class:`grading.hub.spawner.KelasAuthenticator`) on a real hub database.

The passwords are the ones ``kelas-ekspor hub accounts`` printed on the sheet; the database is the one
it wrote (JupyterHub's schema and NativeAuthenticator's table).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re

from grading.hub.accounts import hub_session, sync_accounts
from grading.hub.spawner import KelasAuthenticator


def _run(coroutine):
    """Run ``coroutine`` to its end on a loop of its own (in a thread: the browser tests' Playwright
    keeps an event loop running in this one for the whole session)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _class(world, tmp_path):
    roster = world.write_roster([1, 2])
    sheet = tmp_path / "lembar.html"
    sync_accounts(roster, world.paths, instructors=[world.grader], sheet=sheet)
    codes = re.findall(r"<code>([^<]*)</code>", sheet.read_text(encoding="utf-8"))
    # as deploy/hub/jupyterhub_config.py sets it up (the table exists: `hub accounts` made it)
    auth = KelasAuthenticator(add_new_table=False, state_dir=str(world.paths.state),
                              allowed_failed_logins=5, seconds_before_next_try=60)
    auth.db = hub_session(world.paths)
    return auth, dict(zip(codes[::2], codes[1::2]))


def test_the_password_on_the_sheet_logs_in_and_nothing_else_does(world, tmp_path):
    """Does each account log in with its own password only, the instructor as the hub's admin,
    and is a participant dropped from the roster refused even with the right password?"""
    auth, passwords = _class(world, tmp_path)
    one, two = world.username(1), world.username(2)

    def login(name, password):
        return _run(auth.authenticate(None, {"username": name, "password": password}))

    assert login(one, passwords[one]) == {"name": one, "admin": False}
    assert login(world.grader, passwords[world.grader]) == {"name": world.grader, "admin": True}
    assert login(one, passwords[two]) is None and login(one, "") is None
    assert login("bukan-akun", passwords[one]) is None
    sync_accounts(world.write_roster([2]), world.paths, instructors=[world.grader],
                  sheet=tmp_path / "lembar-2.html")
    auth.db = hub_session(world.paths)
    assert login(one, passwords[one]) is None
    assert login(two, passwords[two]) == {"name": two, "admin": False}


def test_an_open_session_of_a_dropped_participant_ends(world, tmp_path):
    """Already logged in when the roster drops them: does the hub's periodic check of the session
    (``refresh_user``, every ``auth_refresh_age`` seconds) end it, and keep the others'?"""
    from types import SimpleNamespace

    auth, _passwords = _class(world, tmp_path)
    one, two = world.username(1), world.username(2)

    def still_in(name):
        return _run(auth.refresh_user(SimpleNamespace(name=name)))

    assert still_in(one) and still_in(two)
    sync_accounts(world.write_roster([2]), world.paths, instructors=[world.grader],
                  sheet=tmp_path / "lembar-2.html")
    assert not still_in(one) and still_in(two) and still_in(world.grader)


def test_a_password_check_leaves_the_hub_free_meanwhile(world, tmp_path):
    """While one participant's password is checked (bcrypt, a fifth of a second of CPU), does the
    hub go on with other work — another request gets its turn before that login ends — instead of
    every participant of a class arriving together waiting in one queue?"""
    auth, passwords = _class(world, tmp_path)
    one = world.username(1)
    order = []

    async def log_in():
        name = await auth.authenticate(None, {"username": one, "password": passwords[one]})
        order.append(("login", name["name"]))

    async def another_request():
        order.append(("other", None))

    async def both():
        login = asyncio.create_task(log_in())
        other = asyncio.create_task(another_request())
        await asyncio.gather(login, other)

    _run(both())
    assert order == [("other", None), ("login", one)]


def test_five_wrong_passwords_hold_the_account_for_a_minute(world, tmp_path):
    """After five wrong passwords in a row, is even the right one refused for a while (someone
    guessing at a participant's account), as NativeAuthenticator does it?"""
    auth, passwords = _class(world, tmp_path)
    one = world.username(1)

    def login(password):
        return _run(auth.authenticate(None, {"username": one, "password": password}))

    for _ in range(5):
        assert login("salah-salah") is None
    assert login(passwords[one]) is None
    auth.login_attempts.clear()  # the minute has passed
    assert login(passwords[one]) == {"name": one, "admin": False}
