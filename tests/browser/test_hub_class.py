"""A class on the hub, end to end, in a real browser: release → fetch → submit → collect → grade → feedback.

A JupyterHub started here exactly as ``make hub`` starts it (``kelas-ekspor hub serve``, on
127.0.0.1 and a free port, with a temporary state folder and exchange), with accounts made by
``kelas-ekspor hub accounts`` from a two-person roster plus a grader; every account, home, cgroup
and folder is removed at the end. The grader works as their own Linux account with the CLI, as
they would in a terminal on the hub; the two participants work in Debian's chromium:

1. the grader initialises a workspace, imports the roster and releases a1;
2. each participant logs in with the password from the sheet, lands in their own copy of the
   course (JupyterLab partly in Indonesian), fetches a1 in the *Assignments* tab, answers
   (one everything right, one a question wrong), validates and submits;
3. the grader collects (no ``--from``), grades, writes the reports and returns the feedback;
4. each participant fetches their feedback in the same tab and sees their own score only;
5. a participant is refused another's server, another's files, the grader's workspace and the
   exchange's inbound folder — through their own Jupyter server's contents API, where the
   operating system's permissions are what stops them — and a submission forged in another's
   name is refused by ``collect``;
6. the hub restarts with the same state: accounts and work are still there.

Screenshots go to ``test-output/browser/hub-*.png``. Root only (the hub makes Linux accounts).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))

import hub_helpers  # noqa: E402
from hub_helpers import Hub, World, run_as  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "browser"
ASSIGNMENT = "a1-biaya-kapasitas"
SOURCE = ROOT / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
SPAWN_S = 240  # the first start of a server imports JupyterLab; generous for a loaded machine
ACTION_S = 120
WRONG = {"jawab-hpp": "hpp_per_unit = 1  # salah / wrong"}
MAX_POINTS = 16.0  # 12 autograded + 4 graded by hand (none yet)
VIEWPORT = {"width": 1400, "height": 1000}
LOCALE = "id-ID"


def _solution(source: str) -> str:
    return "\n".join(line for line in source.split("\n")
                     if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)


WRITTEN = ("Hanya bila kapasitas menganggur dan harganya menutup biaya variabel serta biaya "
           "khusus ekspor; kalau tidak, tolak dengan sopan.")


def answers(wrong: dict[str, str]) -> dict[int, tuple[str, str]]:
    """Cell index -> (cell type, what the participant types) for each answer cell of a1."""
    nb = nbformat.read(SOURCE, as_version=4)
    typed = {}
    for index, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            text = WRITTEN if cell.cell_type == "markdown" else _solution(cell.source)
            typed[index] = (cell.cell_type, wrong.get(meta["grade_id"], text))
    return typed


def expected_score(wrong: dict[str, str]) -> float:
    nb = nbformat.read(SOURCE, as_version=4)
    total = 0.0
    failing = {f"tes-{name.removeprefix('jawab-')}" for name in wrong}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            if meta["grade_id"] not in failing:
                total += float(meta["points"])
    return total


def shot(page, name: str) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"hub-{name}.png"))


@dataclass
class Participant:
    number: int
    username: str
    password: str
    wrong: dict[str, str]
    context: object = None
    page: object = None
    submitted_at: str = ""

    @property
    def prefix(self) -> str:
        return f"/user/{self.username}"


@dataclass
class Klass:
    world: World
    hub: Hub
    grader: str
    participants: list[Participant] = field(default_factory=list)

    @property
    def workspace(self) -> Path:
        return self.world.home(self.grader) / "kelas"

    def grader_cli(self, *args: str, timeout: float = 600) -> str:
        done = run_as(self.grader, [hub_helpers.kelas_ekspor(), *args], cwd=self.workspace,
                      env={"KELAS_EKSPOR_EXCHANGE": str(self.world.paths.exchange)},
                      timeout=timeout)
        print(f"[hub] kelas-ekspor {' '.join(args)}:\n{done.stdout}")
        return done.stdout


@pytest.fixture(scope="module")
def klass(browser):
    """The class: a hub, a grader, two participants with their own browser profiles."""
    hub_helpers.require_root()
    from grading.hub.accounts import sync_accounts

    world = hub_helpers.make_world()
    hub = None
    made: Klass | None = None
    try:
        roster = world.write_roster([1, 2])
        sheet = world.base / "lembar-kata-sandi.html"
        sync_accounts(roster, world.paths, instructors=[world.grader], sheet=sheet,
                      hub_url="http://127.0.0.1")
        codes = re.findall(r"<code>([^<]*)</code>", sheet.read_text(encoding="utf-8"))
        passwords = dict(zip(codes[::2], codes[1::2]))
        hub = Hub(world, admin_token=secrets.token_hex(24)).start()
        made = Klass(world=world, hub=hub, grader=world.grader)
        for number, wrong in ((1, {}), (2, WRONG)):
            user = world.username(number)
            made.participants.append(Participant(number, user, passwords[user], wrong))
        grader_home = world.home(world.grader)
        shutil.copy(roster, grader_home / "peserta.csv")
        entry = pwd.getpwnam(world.grader)
        os.chown(grader_home / "peserta.csv", entry.pw_uid, entry.pw_gid)
        yield made
    finally:
        if made is not None:
            for person in made.participants:
                if person.context is not None:
                    person.context.close()
        if hub is not None:
            print("[hub] log tail:\n" + hub.log_tail(40))
            hub.stop()
            OUTPUT.mkdir(parents=True, exist_ok=True)  # the whole log beside the screenshots
            shutil.copy(hub.log, OUTPUT / "hub.log")
        hub_helpers.remove_world(world)


def log_in(klass: Klass, browser, person: Participant) -> None:
    """The login page, the password from the sheet, and the server's start: the lab opens."""
    if person.context is None:
        person.context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    page = person.page = person.context.new_page()
    page.set_default_timeout(ACTION_S * 1000)
    page.goto(f"{klass.hub.base}/hub/login")
    assert "Kata sandi" in (page.locator("form").text_content() or "")  # Indonesian first
    page.fill("#username_input", person.username)
    page.fill("#password_input", person.password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf".*{person.prefix}/lab.*"), timeout=SPAWN_S * 1000)
    page.wait_for_selector(".jp-NotebookPanel", timeout=SPAWN_S * 1000)


def contents(person: Participant, path: str, method: str = "GET", body: dict | None = None,
             server: str | None = None) -> tuple[int, dict]:
    """A call to a Jupyter server's contents API from the participant's page (their cookies)."""
    prefix = server or person.prefix
    return tuple(person.page.evaluate(
        """async ([url, method, body]) => {
            const xsrf = (document.cookie.match(/_xsrf=([^;]+)/) || [])[1] || '';
            const response = await fetch(url, {method, headers: {'X-XSRFToken': xsrf,
                'Content-Type': 'application/json'}, body: body ? JSON.stringify(body) : null,
                credentials: 'same-origin'});
            let data = {};
            try { data = await response.json(); } catch (e) {}
            return [response.status, data];
        }""",
        [f"{prefix}/api/contents/{path}", method, body],
    ))


def open_assignments(page) -> None:
    """Nbgrader → Assignments (nbgrader's lab extension), and wait for its lists."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-item[data-command='nbgrader:open-assignment-list']").click()
    page.wait_for_selector("#released_assignments_list", state="attached")


def diagnosis(klass: Klass, person: Participant, path: str, what: str) -> str:
    """What a failed step leaves to read: the page's dialog, the file as the system sees it,
    the hub's and the participant's server's log lines about it."""
    lines = [f"{person.username}: {what}"]
    dialog = person.page.locator(".jp-Dialog")
    if dialog.count():
        lines.append("dialog: " + " ".join((dialog.first.text_content() or "").split()))
    home = klass.world.home(person.username)
    for target in (home, home / path.split("/")[0], home / path):
        try:
            info = target.stat()
            listing = sorted(os.listdir(target)) if target.is_dir() else []
            lines.append(f"{target}: mode {stat.filemode(info.st_mode)} uid {info.st_uid} "
                         f"size {info.st_size} mtime {info.st_mtime:.3f} {listing}")
        except OSError as error:
            lines.append(f"{target}: {error}")
    log = klass.hub.log.read_text(errors="replace").splitlines()
    mine = [line for line in log if person.username in line or path.split("/")[0] in line]
    lines.append("hub and server log, this participant's lines:\n" + "\n".join(mine[-60:]))
    shot(person.page, f"{person.number}-failed")
    return "\n".join(lines)


def wait_for_file(person: Participant, path: str, timeout_s: float = ACTION_S,
                  klass: Klass | None = None) -> dict:
    deadline = time.monotonic() + timeout_s
    while True:
        status, data = contents(person, path)
        if status == 200:
            return data
        if time.monotonic() > deadline:
            what = f"{path} did not appear ({status} {data})"
            pytest.fail(diagnosis(klass, person, path, what) if klass else
                        f"{person.username}: {what}")
        time.sleep(1)


# -- 1. the grader releases ---------------------------------------------------------------------


def test_the_grader_releases_a1_to_the_hubs_exchange(klass):
    home = klass.world.home(klass.grader)
    run_as(klass.grader, [hub_helpers.kelas_ekspor(), "init", "kelas"], cwd=home)
    klass.grader_cli("roster", "import", "../peserta.csv")
    out = klass.grader_cli("release", ASSIGNMENT)
    outbound = klass.world.paths.course_exchange / "outbound" / ASSIGNMENT
    assert str(outbound) in out and (outbound / f"{ASSIGNMENT}.ipynb").is_file()


# -- 2. participants fetch, answer, validate, submit in the browser ----------------------------


@pytest.mark.parametrize("number", [1, 2])
def test_a_participant_fetches_answers_validates_and_submits(klass, browser, number):
    person = klass.participants[number - 1]
    log_in(klass, browser, person)
    page = person.page
    # Their own copy of the course, module 00 open, JupyterLab in Indonesian where translated.
    assert page.url.endswith(f"{person.prefix}/lab/tree/course/id/00-mulai.ipynb")
    assert page.locator(".jp-DirListing-headerItem", has_text="Nama").count() >= 1
    home = klass.world.home(person.username)
    assert (home / "course" / "id" / "00-mulai.ipynb").stat().st_uid == \
        pwd.getpwnam(person.username).pw_uid
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    news = json.loads((settings / "apputils-extension" / "notification.jupyterlab-settings")
                      .read_text(encoding="utf-8"))
    assert news == {"fetchNews": "false", "checkForUpdates": False}
    locale = json.loads((settings / "translation-extension" / "plugin.jupyterlab-settings")
                        .read_text(encoding="utf-8"))
    assert locale["locale"] == "id_ID"
    shot(page, f"{number}-course")

    open_assignments(page)
    released = page.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    released.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first
    try:
        fetched.wait_for()
    except PlaywrightTimeout:
        pytest.fail(diagnosis(klass, person, ASSIGNMENT, "the fetched assignment is not listed"))
    shot(page, f"{number}-fetched")
    notebook = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    wait_for_file(person, notebook, klass=klass)

    # Answer in the notebook, cell by cell, as a participant types.
    page.goto(f"{klass.hub.base}{person.prefix}/lab/workspaces/tugas/tree/{notebook}?reset")
    panel = page.locator(".jp-NotebookPanel")
    panel.locator(".jp-Notebook").wait_for()
    cells = panel.locator(".jp-Notebook .jp-Cell")
    typed = answers(person.wrong)
    for index, (kind, text) in typed.items():
        cell = cells.nth(index)
        cell.scroll_into_view_if_needed()
        if kind == "markdown":  # a written answer: open the cell's editor first
            cell.locator(".jp-MarkdownOutput").dblclick()
        editor = cell.locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(text)
        page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + ACTION_S
    while True:  # saved: the file on the server holds the answers, the tab is clean, no error
        if page.locator(".jp-Dialog").count():
            pytest.fail(diagnosis(klass, person, notebook, "a dialog instead of a saved notebook"))
        status, data = contents(person, notebook)
        saved = [c["source"] for c in data.get("content", {}).get("cells", [])]
        if saved and all(saved[i] == text for i, (_, text) in typed.items()) and \
                not page.locator(".jp-mod-current.jp-mod-dirty").count():
            break
        if time.monotonic() > deadline:
            pytest.fail(diagnosis(klass, person, notebook, "the answers were not saved"))
        page.wait_for_timeout(500)

    # Validate (nbgrader's button in the notebook toolbar): passes, or names the failing test.
    panel.locator(".validate-button").click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=ACTION_S * 1000)
    page.wait_for_function(
        "() => !document.querySelector('.jp-Dialog').textContent.includes('Validating')",
        timeout=ACTION_S * 1000)
    verdict = " ".join((dialog.text_content() or "").split())
    shot(page, f"{number}-validated")
    if person.wrong:
        assert "Success" not in verdict and re.search(r"fail", verdict, re.I), verdict
    else:
        assert "Success" in verdict, verdict
    dialog.get_by_role("button").last.click()

    open_assignments(page)
    fetched = page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first
    fetched.get_by_role("button", name="Submit").click()
    submitted = page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT)
    submitted.first.wait_for(timeout=ACTION_S * 1000)
    shot(page, f"{number}-submitted")
    inbound = klass.world.paths.course_exchange / "inbound"
    mine = [p for p in inbound.iterdir() if p.name.startswith(f"{person.username}+{ASSIGNMENT}+")]
    assert len(mine) == 1 and mine[0].stat().st_uid == pwd.getpwnam(person.username).pw_uid
    person.submitted_at = mine[0].name.split("+")[2]


# -- 3 & 5. refusals, then the grader's loop -----------------------------------------------------


def test_a_participant_is_refused_anothers_server_files_and_the_graders(klass):
    one, two = klass.participants
    page = two.page
    # Another's server: the hub does not let the cookie through.
    status, _ = contents(two, "", server=one.prefix)
    assert status in (401, 403), status
    page.goto(f"{klass.hub.base}{one.prefix}/lab")
    assert one.username not in page.url or "403" in page.content() or \
        "Forbidden" in page.content(), page.url
    shot(page, "2-refused-other-server")
    page.goto(f"{klass.hub.base}{two.prefix}/lab/tree/course/id/00-mulai.ipynb")
    page.wait_for_selector(".jp-NotebookPanel", timeout=SPAWN_S * 1000)
    # nbgrader's Formgrader (an instructor's tool) is not on a participant's server
    assert page.request.get(f"{klass.hub.base}{two.prefix}/formgrader").status == 404

    # Links in their own folder (what `ln -s` in a terminal makes) to what they must not read:
    # their own server follows links, so the operating system's permissions are what refuse.
    home = klass.world.home(two.username)
    entry = pwd.getpwnam(two.username)
    links = {
        "lihat-teman": klass.world.home(one.username),
        "lihat-penilai": klass.workspace,
        "lihat-inbound": klass.world.paths.course_exchange / "inbound",
        "lihat-feedback": klass.world.paths.course_exchange / "feedback",
        "lihat-rilis": klass.world.paths.course_exchange / "outbound" / ASSIGNMENT,  # allowed
    }
    for name, target in links.items():
        link = home / name
        link.symlink_to(target)
        os.lchown(link, entry.pw_uid, entry.pw_gid)
    status, data = contents(two, "lihat-rilis")
    assert status == 200 and [c["name"] for c in data["content"]], (status, data)
    # Refused: Jupyter answers 403, 500 when the OS's "permission denied" comes from its
    # hidden-file check, 400 for a folder it may pass but not list; never the contents.
    for path in ("lihat-teman", "lihat-penilai", "lihat-inbound",
                 f"lihat-teman/{ASSIGNMENT}/{ASSIGNMENT}.ipynb", "lihat-penilai/gradebook.db",
                 "lihat-penilai/roster.csv",
                 # feedback can be passed through but not listed: nobody finds another's page
                 "lihat-feedback"):
        status, data = contents(two, path)
        assert status in (400, 403, 404, 500) and "content" not in data, (path, status, data)
        assert one.username not in json.dumps(data)
    # The OS says the same outside Jupyter.
    for target in (klass.workspace / "gradebook.db", klass.world.home(one.username) / "course"):
        done = run_as(two.username, ["ls", str(target)], check=False)
        assert done.returncode != 0 and "Permission denied" in done.stderr

    # A submission forged in participant 1's name: inbound takes it (nbgrader's design: anyone
    # may write there), collect must refuse it.
    forged = f"{one.username}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC+palsu"
    status, _ = contents(two, f"lihat-inbound/{forged}", method="PUT", body={"type": "directory"})
    assert status in (200, 201), status
    status, _ = contents(two, f"lihat-inbound/{forged}/{ASSIGNMENT}.ipynb", method="PUT", body={
        "type": "notebook", "format": "json",
        "content": json.loads(SOURCE.read_text(encoding="utf-8"))})
    assert status in (200, 201), status
    for name in links:
        (home / name).unlink()


def test_the_grader_collects_grades_reports_and_returns_feedback(klass):
    one, two = klass.participants
    out = klass.grader_cli("collect", ASSIGNMENT)
    ids = [klass.world.participant_id(1), klass.world.participant_id(2)]
    assert "2 kiriman" in out and all(pid in out for pid in ids), out
    assert "palsu" in out and "ditolak" in out, out  # the forged one, refused and flagged
    flags = (klass.workspace / "flags.csv").read_text(encoding="utf-8")
    assert "palsu" in flags
    collected = (klass.workspace / "submitted" / ids[0] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert "2099" not in (collected.parent / "timestamp.txt").read_text()
    klass.grader_cli("grade", ASSIGNMENT, "--quiet")
    klass.grader_cli("report", "--quiet")
    grades = (klass.workspace / "reports" / "grades.csv").read_text(encoding="utf-8")
    assert all(pid in grades for pid in ids)
    out = klass.grader_cli("return", ASSIGNMENT)
    assert "2 peserta" in out, out
    pages = list((klass.world.paths.course_exchange / "feedback").glob("*.html"))
    assert len(pages) == 2
    mode = stat.S_IMODE((klass.world.paths.course_exchange / "feedback").stat().st_mode)
    assert mode & 0o004 == 0  # not listable by participants


# -- 4. participants fetch their feedback ------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2])
def test_a_participant_fetches_their_own_feedback_and_sees_their_score(klass, number):
    person = klass.participants[number - 1]
    other = klass.participants[2 - number]
    page = person.page
    # A fresh layout (one Assignments panel, not also the one the last visit left open).
    page.goto(f"{klass.hub.base}{person.prefix}/lab/workspaces/umpan-balik/tree/course/id/"
              "00-mulai.ipynb?reset")
    page.wait_for_selector(".jp-NotebookPanel", timeout=SPAWN_S * 1000)
    open_assignments(page)
    item = page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first
    item.get_by_role("button", name="Fetch Feedback").click()
    folder = f"{ASSIGNMENT}/feedback"
    listing = wait_for_file(person, folder)
    stamps = [entry["name"] for entry in listing["content"]]
    assert stamps == [person.submitted_at], stamps
    shot(page, f"{number}-feedback-fetched")
    page.goto(f"{klass.hub.base}{person.prefix}/files/{folder}/{stamps[0]}/{ASSIGNMENT}.html")
    body = " ".join((page.locator("body").text_content() or "").split())
    shot(page, f"{number}-feedback")
    mine = expected_score(person.wrong)
    theirs = expected_score(other.wrong)
    assert mine != theirs
    assert f"Score: {mine:.1f} / {MAX_POINTS:.1f}" in body, body[:500]
    assert f"Score: {theirs:.1f} / {MAX_POINTS:.1f}" not in body
    assert other.username not in body and klass.world.participant_id(other.number) not in body


# -- 6. security of what the hub keeps, and a restart ------------------------------------------


def test_the_hubs_secrets_are_private_and_outside_the_repository(klass):
    paths = klass.world.paths
    assert ROOT not in paths.state.resolve().parents
    assert stat.S_IMODE(paths.state.stat().st_mode) == 0o700
    for secret in (paths.cookie_secret, paths.db_file, paths.proxy_token, paths.accounts_file):
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600, secret
    assert not list(ROOT.glob("jupyterhub*")) and not list((ROOT / "deploy" / "hub").glob("*.sqlite"))
    for person in klass.participants:
        done = run_as(person.username, ["cat", str(paths.cookie_secret)], check=False)
        assert done.returncode != 0


def test_each_server_runs_as_its_participant_inside_their_limits(klass):
    from grading.hub.limits import UserCgroup, detect

    support = detect()
    if not support.memory:
        pytest.skip(f"no cgroup memory controller here: {support}")
    for person in klass.participants:
        group = UserCgroup(person.username, None, support=support)
        members = group.members()
        assert members, f"{person.username}'s server is not in its cgroup"
        uid = pwd.getpwnam(person.username).pw_uid
        for pid in members:
            status = Path(f"/proc/{pid}/status").read_text()
            assert re.search(rf"^Uid:\s+{uid}\s", status, re.M), status
        folder = group.folders().get("memory") or group.folders().get("unified")
        limit = (folder / ("memory.limit_in_bytes" if support.version == 1 else "memory.max"))
        assert int(limit.read_text()) == 1536 * 1024**2


def test_accounts_and_work_survive_a_restart_of_the_hub(klass, browser):
    one = klass.participants[0]
    notebook = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    one.page.goto(f"{klass.hub.base}{one.prefix}/lab/workspaces/vor-restart?reset")
    _, before = contents(one, notebook)
    assert before["content"]["cells"]
    one.context.close()
    one.context = None
    klass.hub.stop()
    klass.hub.start()
    log_in(klass, browser, one)
    _, after = contents(one, notebook)
    assert after["content"]["cells"] == before["content"]["cells"]
    status, data = contents(one, f"{ASSIGNMENT}/feedback")
    assert status == 200 and data["content"]
    shot(one.page, "1-after-restart")


def test_a_participant_dropped_from_the_roster_can_no_longer_log_in(klass, browser):
    """A roster change while the hub runs: the dropped participant's login is refused, their
    files stay."""
    from grading.hub.accounts import sync_accounts

    two = klass.participants[1]
    result = sync_accounts(klass.world.write_roster([1]), klass.world.paths,
                           sheet=klass.world.base / "lembar-2.html")
    assert result.disabled == [two.username]
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    try:
        page = context.new_page()
        page.goto(f"{klass.hub.base}/hub/login")
        page.fill("#username_input", two.username)
        page.fill("#password_input", two.password)
        page.click("#login_submit")
        page.locator(".login_error").wait_for(timeout=ACTION_S * 1000)
        assert "/hub/login" in page.url
        shot(page, "2-disabled-login-refused")
    finally:
        context.close()
    assert (klass.world.home(two.username) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
