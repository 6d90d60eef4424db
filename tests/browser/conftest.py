"""Real-browser set-up: one JupyterLab on a copy of the course, Debian's chromium driven by Playwright.

Fixtures
--------
- ``lab`` (session): JupyterLab started here as ``make start`` starts it (:mod:`grading.lab`): a
  participant's own copy of ``course/`` under a temporary class home (running cells and
  JupyterLab's autosave never touch the repository's notebooks), its settings (Indonesian
  interface, no news or update prompt) and its kernel set-up (short toolkit errors), on a free
  port with a known token; the app is exposed to the page (``window.jupyterapp``) so tests run
  commands by id, whatever the interface's language; stopped at the end.
- ``browser`` (session): ``/usr/bin/chromium`` launched headless through Playwright's sync API.
- ``notebook`` (per test): a function ``notebook(path)`` that opens a notebook of the lab in a fresh
  browser page and returns a :class:`NotebookPage` to drive it; the page is closed and the
  notebook's kernel shut down after the test.
- ``shots`` (per test): a :class:`Screenshots` folder under the test's ``tmp_path``, each picture also
  copied to ``test-output/browser/`` (gitignored) for a human to look at.

Selectors are JupyterLab 4 and ipywidgets 8 DOM as rendered (``.jp-NotebookPanel``,
``.jp-Notebook-ExecutionIndicator[data-status]``, ``.lm-Menu-item[data-command]``,
``.widget-<kind>`` with its ``.widget-label``, ``.widget-html-content``, ``img.widget-image``,
``[role=slider]``); see ``NotebookPage`` for each.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = ROOT / "test-output" / "browser"
TOKEN = "kelas-ekspor-browser-test"
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root in CI containers
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1400, "height": 1000}
LOCALE = "id-ID"  # the participant's browser, as in the walk
SERVER_START_S = 120
KERNEL_IDLE_S = 60
RUN_ALL_S = 120
WIDGET_S = 30


#: Where an output area shows text a kernel wrote to stderr; tracebacks land here too.
STDERR_OUTPUT = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


def text(locator) -> str:
    """An element's text with runs of white space made one space.

    ``textContent``, not ``innerText``: JupyterLab lets the browser skip laying out cells out of
    view (``content-visibility``), and ``innerText`` of a skipped cell is empty.
    """
    return " ".join((locator.text_content() or "").split())


# -- the JupyterLab server --------------------------------------------------------------------


@dataclass
class Lab:
    """A running JupyterLab: where it answers, its token, the folder it serves and its log."""

    base: str
    token: str
    root: Path
    log: Path

    def url(self, path: str, **query: str) -> str:
        query = {**query, "token": self.token}
        return f"{self.base}/{path.lstrip('/')}?{urllib.parse.urlencode(query)}"

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.url(f"api/{path}"), method=method, data=data,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read().decode("utf-8")
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def start_kernel_for(self, path: str) -> None:
        """Start the notebook's session (its kernel, from its metadata) before the page asks.

        JupyterLab joins a notebook's existing session when it opens it, as when a participant
        reopens a notebook; the kernel then starts while the browser is still loading the lab.
        """
        notebook = json.loads((self.root / path).read_text(encoding="utf-8"))
        kernel = notebook.get("metadata", {}).get("kernelspec", {}).get("name", "python3")
        self.api(
            "sessions", method="POST",
            body={"path": path, "name": Path(path).name, "type": "notebook", "kernel": {"name": kernel}},
        )

    def shut_down_kernels_of(self, path: str) -> None:
        """End the sessions (and kernels) of one notebook, so the next test has the CPU."""
        for session in self.api("sessions"):
            if session.get("path") == path:
                self.api(f"sessions/{session['id']}", method="DELETE")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen, lab: Lab | None) -> None:
    """Ask the server to shut down (it ends its kernels), then its process group if it lingers."""
    if lab is not None and process.poll() is None:
        try:
            lab.api("shutdown", method="POST")
            process.wait(timeout=20)
            return
        except (OSError, subprocess.TimeoutExpired):
            pass
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Lab:
    """JupyterLab on a participant's own copy of the course, as `make start` sets it up; stopped after."""
    from grading.lab import prepare

    base_dir = tmp_path_factory.mktemp("lab")
    setup = prepare("peserta uji", home=base_dir / "kelas-ekspor")
    root = setup.root
    runtime = base_dir / "runtime"
    runtime.mkdir()
    log = base_dir / "lab.log"

    port = _free_port()
    env = setup.env(dict(
        os.environ,
        JUPYTER_TOKEN=TOKEN,
        BROWSER="true",
        JUPYTER_RUNTIME_DIR=str(runtime),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    ))
    argv = setup.argv(sys.executable, port) + ["--no-browser", "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    with open(log, "w") as out:
        process = subprocess.Popen(
            argv, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = Lab(base=f"http://127.0.0.1:{port}", token=TOKEN, root=root, log=log)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                server.api("status")
                break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterLab did not start for the browser tests:\n" + server.log_tail())
            time.sleep(0.5)
        yield server
    finally:
        _stop(process, server)


# -- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless; a clear failure (never a skip) when it is not installed."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} is missing: the real-browser tests drive Debian's chromium. "
            "Install it with `apt-get install chromium` (.ci/run does this on a fresh machine)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


class NotebookPage:
    """One notebook open in JupyterLab in a browser page, with the few moves the tests need.

    ``panel`` is the notebook's panel; every locator is scoped to it.
    """

    def __init__(self, page, lab: Lab, path: str):
        self.page = page
        self.lab = lab
        self.path = path
        self.console_errors: list[str] = []
        self._clock = time.monotonic()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        self.panel = page.locator(".jp-NotebookPanel")

    def lap(self, what: str) -> None:
        """Note how long a step took (printed by the test on failure, or with ``-s``)."""
        now = time.monotonic()
        print(f"[browser] {self.path}: {what} {now - self._clock:.1f} s")
        self._clock = now

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    # -- opening and running -----------------------------------------------------------------
    def open(self) -> NotebookPage:
        """Open the notebook in a workspace of its own (no tabs restored from another test)."""
        assert (self.lab.root / self.path).is_file(), f"{self.path} is not in the course"
        workspace = re.sub(r"[^A-Za-z0-9]+", "-", self.path).strip("-")
        self.lab.start_kernel_for(self.path)
        self.page.goto(self.lab.url(f"lab/workspaces/{workspace}/tree/{self.path}", reset=""))
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=KERNEL_IDLE_S * 1000)
        count = self.panel.count()
        assert count == 1, f"expected one notebook open, found {count}"
        self.lap("lab loaded, notebook shown")
        self.wait_for_kernel_idle()
        self.lap("kernel ready")
        return self

    def kernel_status(self) -> str | None:
        """The notebook toolbar's kernel status: "idle", "busy", "starting", "unknown"..."""
        return self.panel.locator(".jp-Notebook-ExecutionIndicator").get_attribute("data-status")

    def wait_for_kernel_idle(self, timeout_s: float = KERNEL_IDLE_S) -> None:
        """Wait until the notebook's kernel is connected and idle.

        The toolbar says "idle" already before a kernel is attached, so this also waits for the
        kernel's name in the toolbar and, on the server, for the notebook's kernel to have a
        connection and be idle; and the idle state must hold for a moment.
        """
        deadline = time.monotonic() + timeout_s
        name = self.panel.locator(".jp-Toolbar-kernelName")
        steady_since = None
        while True:
            ready = (
                text(name) not in ("", "No Kernel")
                and self.kernel_status() == "idle"
                and self._server_kernel_idle()
            )
            now = time.monotonic()
            steady_since = (steady_since or now) if ready else None
            if steady_since is not None and now - steady_since >= 0.5:
                return
            if now > deadline:
                pytest.fail(
                    f"{self.path}: the kernel was not ready after {timeout_s} s "
                    f"(toolbar: {text(name)!r}, {self.kernel_status()!r})\n"
                    + self.lab.log_tail()
                )
            self.page.wait_for_timeout(100)

    def _server_kernel_idle(self) -> bool:
        for session in self.lab.api("sessions"):
            kernel = session.get("kernel") or {}
            if session.get("path") == self.path:
                return kernel.get("connections", 0) >= 1 and kernel.get("execution_state") == "idle"
        return False

    def run_all(self, timeout_s: float = RUN_ALL_S) -> None:
        """Run All Cells (the menu's command, run by its id), then wait until every cell has run."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.wait_for_execution(timeout_s)
        self.lap("all cells run")

    def prompts(self) -> list[str]:
        """The execution prompts of the non-empty code cells, in order: "[ ]:", "[*]:", "[3]:".

        Read from the notebook's model (the page exposes the app), not from the prompt on screen:
        a cell whose code is folded away (the self-checks) shows no input prompt.
        """
        return self.page.evaluate(
            """() => window.jupyterapp.shell.currentWidget.content.widgets
                .filter(cell => cell.model.type === 'code'
                                && cell.model.sharedModel.getSource().trim() !== '')
                .map(cell => cell.model.executionCount !== null
                    ? `[${cell.model.executionCount}]:`
                    : (cell.node.querySelector('.jp-InputPrompt, .jp-OutputPrompt')
                           ?.textContent.includes('*') ? '[*]:' : '[ ]:'))"""
        )

    def wait_for_execution(self, timeout_s: float = RUN_ALL_S) -> None:
        """Wait until every code cell has run (or one failed), with the kernel idle.

        Done means: no "[*]" prompt, the kernel idle, and either every non-empty code cell
        numbered or a traceback on the page (Run All stops at a failing cell).
        """
        deadline = time.monotonic() + timeout_s

        def done() -> bool:
            prompts = self.prompts()
            return (
                self.kernel_status() == "idle"
                and "[*]:" not in prompts
                and (all(re.fullmatch(r"\[\d+\]:", p) for p in prompts) or bool(self.tracebacks()))
            )

        while not done():
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{self.path}: cells not done after {timeout_s} s: {self.prompts()}\n"
                    + self.lab.log_tail()
                )
            self.page.wait_for_timeout(250)
        prompts = self.prompts()
        not_run = [i for i, p in enumerate(prompts) if not re.fullmatch(r"\[\d+\]:", p)]
        assert not not_run, (
            f"{self.path}: code cells {not_run} (counting non-empty ones) did not run:\n"
            + "\n".join(self.tracebacks())
        )

    # -- reading the page --------------------------------------------------------------------
    def tracebacks(self) -> list[str]:
        """Text of every stderr output that holds a traceback."""
        texts = self.panel.locator(STDERR_OUTPUT).all_text_contents()
        return [t for t in texts if "Traceback" in t]

    def assert_healthy(self) -> None:
        """No traceback in any output and no widget that failed to display."""
        tracebacks = self.tracebacks()
        assert not tracebacks, f"{self.path}: traceback in the notebook:\n" + "\n\n".join(tracebacks)
        outputs = "\n".join(self.panel.locator(".jp-OutputArea-output").all_text_contents())
        assert "Error displaying widget" not in outputs, (
            f"{self.path}: a widget failed to display; console errors:\n"
            + "\n".join(self.console_errors)
        )

    @staticmethod
    def text(locator) -> str:
        """See :func:`text`."""
        return text(locator)

    def text_of(self, locator, timeout_s: float = WIDGET_S) -> str:
        """The text of an element, once it is there."""
        locator.wait_for(state="attached", timeout=timeout_s * 1000)
        return text(locator)

    def wait_for_text_change(self, locator, before: str, timeout_s: float = WIDGET_S) -> str:
        """Wait until ``locator``'s text differs from ``before``; return the new text."""
        return self._wait_for_change(lambda: text(locator), before, "text", timeout_s)

    def image_source(self, image) -> str:
        """An ipywidgets Image's ``src`` (a new ``blob:`` URL each time the picture changes)."""
        image.wait_for(state="attached", timeout=WIDGET_S * 1000)
        return image.get_attribute("src") or ""

    def wait_for_image_change(self, image, before: str, timeout_s: float = WIDGET_S) -> str:
        """Wait until an ipywidgets Image shows another picture than ``before`` (its ``src``)."""
        return self._wait_for_change(lambda: self.image_source(image), before, "picture", timeout_s)

    def _wait_for_change(self, read, before: str, what: str, timeout_s: float) -> str:
        deadline = time.monotonic() + timeout_s
        while True:
            now = read()
            if now != before:
                return now
            if time.monotonic() > deadline:
                pytest.fail(
                    f"{self.path}: the {what} stayed {before[:200]!r} for {timeout_s} s after the change\n"
                    + "\n".join(self.tracebacks() + self.console_errors)
                )
            self.page.wait_for_timeout(100)

    def scroll_to(self, locator) -> None:
        """Bring an element to the middle of the notebook's view and keep it there.

        Cells out of view are laid out with an estimated height (``content-visibility``), so one
        scroll can land off target once the cells above get their real height: scroll again
        until the element stays in view.
        """
        height = self.page.viewport_size["height"]
        for _ in range(6):
            locator.evaluate("element => element.scrollIntoView({block: 'center'})")
            self.page.wait_for_timeout(250)
            box = locator.bounding_box()
            if box and box["y"] >= 0 and box["y"] + min(box["height"], height / 2) <= height:
                return

    # -- widgets (ipywidgets 8 DOM) ----------------------------------------------------------
    def control(self, kind: str, label: str | re.Pattern):
        """The ipywidgets control of a kind (``slider``, ``text``, ``dropdown``...) by its label.

        ipywidgets renders a described control as ``.widget-<kind>`` holding a ``.widget-label``;
        exactly one such control must match.
        """
        return self.panel.locator(f".widget-{kind}").filter(
            has=self.page.locator(".widget-label", has_text=label)
        )

    def nudge_slider(self, slider, key: str = "ArrowRight", times: int = 1) -> None:
        """Move a slider by its keyboard handle, as a participant tabbing to it would."""
        handle = slider.locator("[role='slider']").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(times):
            handle.press(key)

    def fill(self, control, value) -> None:
        """Type into a text or number box as a participant does, and submit.

        A one-line box submits on Enter; a multi-line one (Enter adds a line) when the
        participant leaves it, here with Tab.
        """
        box = control.locator("input, textarea").first
        box.scroll_into_view_if_needed()
        box.fill(str(value))
        box.press("Tab" if box.evaluate("element => element.tagName === 'TEXTAREA'") else "Enter")


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser profile for all tests, so JupyterLab's scripts load from its cache after the first."""
    context = browser.new_context(viewport=VIEWPORT, locale=LOCALE)
    yield context
    context.close()


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember whether a test's body failed, so its pages can be photographed on the way out."""
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


@pytest.fixture
def notebook(request, browser_context, lab, tmp_path):
    """``notebook(path)`` opens a notebook of the lab (path relative to the course copy) in a new page.

    When the test fails, each page it opened is saved as ``failed-<test>-<n>.png`` (in ``tmp_path``
    and ``test-output/browser/``); the pages' console errors are printed in any case.
    """
    opened: list[NotebookPage] = []

    def open_notebook(path: str) -> NotebookPage:
        page = browser_context.new_page()
        page.set_default_timeout(WIDGET_S * 1000)
        nb = NotebookPage(page, lab, path)
        opened.append(nb)
        return nb.open()

    yield open_notebook
    failed = request.node.stash.get(_CALL_FAILED, True)
    for n, nb in enumerate(opened):
        if failed:
            name = re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-")
            path = tmp_path / f"failed-{name}-{n}.png"
            try:
                nb.page.screenshot(path=str(path))
                OUTPUT.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, OUTPUT / path.name)
            except Exception as error:  # the page may be gone; the test's own error matters more
                print(f"[browser] no failure screenshot: {error}")
        if nb.console_errors:  # shown with the test's output (on failure, or with -s)
            print(f"[browser] console errors of {nb.path}:", *nb.console_errors, sep="\n  ")
        nb.page.close()
        try:
            lab.shut_down_kernels_of(nb.path)
        except OSError:
            pass


class Screenshots:
    """Pictures of a test, under its ``tmp_path`` and copied to ``test-output/browser/``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.saved: list[Path] = []

    def _keep(self, path: Path) -> Path:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, OUTPUT / path.name)
        self.saved.append(path)
        return path

    def page(self, nb: NotebookPage, name: str, focus=None) -> Path:
        """The browser window as the participant sees it, ``focus`` scrolled into view first."""
        if focus is not None:
            nb.scroll_to(focus)
            nb.page.wait_for_timeout(200)  # let images paint
        path = self.folder / f"{name}.png"
        nb.page.screenshot(path=str(path))
        return self._keep(path)

    def element(self, nb: NotebookPage, locator, name: str) -> Path:
        """One element whole (a widget app taller than the window): the window grows to fit it."""
        box = locator.bounding_box()
        grow = box is not None and box["height"] > VIEWPORT["height"] - 200
        if grow:
            nb.page.set_viewport_size(
                {"width": VIEWPORT["width"], "height": int(box["height"]) + 300}
            )
            nb.page.wait_for_timeout(300)  # JupyterLab lays out again
        try:
            nb.scroll_to(locator)
            path = self.folder / f"{name}.png"
            locator.screenshot(path=str(path))
        finally:
            if grow:
                nb.page.set_viewport_size(VIEWPORT)
        return self._keep(path)


@pytest.fixture
def shots(tmp_path) -> Screenshots:
    """Where a test saves its screenshots; names are the test's to choose, unique in the folder."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return Screenshots(folder)
