"""`make start`: JupyterLab on the participant's own copy of the course, set up for class.

The toolkit importable, nbgrader's and the widgets' extensions on; the copy outside the repository,
one per participant, never overwritten; the printed URL opening module 00; the interface in
Indonesian with no news or update prompt; the toolkit's errors one short sentence in the kernel.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8")


@pytest.fixture(scope="module")
def class_home(tmp_path_factory) -> Path:
    """Where the participants' folders go in these tests (``KELAS_EKSPOR_HOME``), outside the repo."""
    return tmp_path_factory.mktemp("kelas-ekspor-home")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory, class_home):
    """`make start` as the instructor runs it, on a free port, stopped afterwards."""
    port, token = _free_port(), "kelas-ekspor-test"
    log = tmp_path_factory.mktemp("lab") / "lab.log"
    env = dict(os.environ, JUPYTER_TOKEN=token, BROWSER="true", PORT=str(port),
               KELAS_EKSPOR_HOME=str(class_home))
    with open(log, "w") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "start", f"PORT={port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = _get(f"{base}/api/status?token={token}")
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make start did not serve JupyterLab:\n" + log.read_text())
            time.sleep(0.5)
        yield base, token, log
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def test_lab_answers_with_both_extensions(lab_server):
    """Does /lab answer, with nbgrader's and the widgets' lab extensions enabled?"""
    base, token, _ = lab_server
    status, page = _get(f"{base}/lab?token={token}")
    assert status == 200
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    extensions = {ext["name"] for ext in config["federated_extensions"]}
    disabled = set(config.get("disabledExtensions", []))
    for name in ("@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"):
        assert name in extensions and name not in disabled


def test_lab_serves_the_course_folder(lab_server):
    """Is the course's first notebook where the instructor will look for it?"""
    base, token, _ = lab_server
    status, listing = _get(f"{base}/api/contents/id?token={token}")
    names = [item["name"] for item in json.loads(listing)["content"]]
    assert status == 200 and any(name.startswith("00-") for name in names)


def test_notebook_kernel_imports_the_toolkit(lab_server):
    """Does the kernel the lab offers run `import toolkit`?"""
    base, token, _ = lab_server
    _, specs = _get(f"{base}/api/kernelspecs?token={token}")
    specs = json.loads(specs)
    argv = specs["kernelspecs"][specs["default"]]["spec"]["argv"]
    assert Path(argv[0]).resolve() == Path(sys.executable).resolve() or argv[0] == "python"
    manager, client = start_new_kernel(kernel_name=specs["default"], cwd=str(ROOT / "course"))
    try:
        reply = client.execute_interactive("import toolkit; print(toolkit.__file__)", timeout=60)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_lab_inside_a_workspace_opens_the_formgrader_on_it(tmp_path):
    """Run inside a class workspace, does `kelas-ekspor lab` serve that workspace's formgrader?"""
    workspace = tmp_path / "kelas"
    subprocess.run([str(Path(sys.executable).parent / "kelas-ekspor"), "init", str(workspace)],
                   check=True, capture_output=True)
    port, token = _free_port(), "kelas-ekspor-test"
    env = dict(os.environ, JUPYTER_TOKEN=token, BROWSER="true")
    with open(tmp_path / "lab.log", "w") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "kelas-ekspor"), "lab", "--port", str(port), "--no-browser"],
            cwd=workspace, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if _get(f"{base}/api/status?token={token}")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("kelas-ekspor lab did not start:\n" + (tmp_path / "lab.log").read_text())
            time.sleep(0.5)
        _, listing = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"source", "nbgrader_config.py", "roster.csv"} <= names
        _, assignments = _get(f"{base}/formgrader/api/assignments?token={token}")
        assert "a1-biaya-kapasitas" in {a["name"] for a in json.loads(assignments)}
    finally:
        _stop(process)


# -- each participant's own copy ----------------------------------------------------------------

def _participant_folder(class_home: Path) -> Path:
    import getpass

    from grading.lab import participant_slug

    return class_home / participant_slug(getpass.getuser())


def test_make_start_serves_a_copy_outside_the_repository(lab_server, class_home):
    """Does make start serve the participant's copy under the class home, never the tracked course/?"""
    base, token, log = lab_server
    folder = _participant_folder(class_home)
    copy = folder / "course"
    assert (copy / "id" / "00-mulai.ipynb").is_file()
    assert ROOT not in copy.resolve().parents
    _, listing = _get(f"{base}/api/contents/id?token={token}")
    names = {item["name"] for item in json.loads(listing)["content"]}
    assert names == {p.name for p in (copy / "id").iterdir()}
    # A change made through the server lands in the copy, and the repository's notebook is untouched.
    tracked = (ROOT / "course" / "id" / "00-mulai.ipynb").read_bytes()
    request = urllib.request.Request(
        f"{base}/api/contents/id/catatan-saya.txt?token={token}", method="PUT",
        data=json.dumps({"type": "file", "format": "text", "content": "milik saya"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=5).close()
    assert (copy / "id" / "catatan-saya.txt").read_text() == "milik saya"
    assert not (ROOT / "course" / "id" / "catatan-saya.txt").exists()
    assert (ROOT / "course" / "id" / "00-mulai.ipynb").read_bytes() == tracked


def test_the_printed_url_opens_module_00(lab_server):
    """Is the URL make start prints the one that opens 00-mulai.ipynb, and does it answer?"""
    base, token, log = lab_server
    printed = re.search(r"Buka kelas di browser: (\S+)", log.read_text())
    assert printed, log.read_text()[-2000:]
    url = printed.group(1)
    assert url == f"{base}/lab/tree/id/00-mulai.ipynb?token={token}"
    status, page = _get(url)
    assert status == 200 and "jupyter-config-data" in page
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert config["treePath"] == "id/00-mulai.ipynb"
    status, _ = _get(f"{base}/?token={token}")  # the bare address lands on module 00 too
    assert status == 200


def test_the_lab_is_set_up_for_the_class(lab_server):
    """Is the interface Indonesian (the language pack installed and chosen), with no news prompt, no
    update check, and a closed notebook's kernel stopped?"""
    base, token, _ = lab_server
    _, languages = _get(f"{base}/lab/api/translations?token={token}")
    assert "id_ID" in json.loads(languages)["data"]
    _, pack = _get(f"{base}/lab/api/translations/id_ID?token={token}")
    assert json.loads(pack)["data"]["jupyterlab"]["Restart Kernel and Run All Cells…"]
    _, settings = _get(f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}")
    assert json.loads(settings)["settings"]["locale"] == "id_ID"
    _, notes = _get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}")
    notes = json.loads(notes)["settings"]
    assert notes["fetchNews"] == "false" and notes["checkForUpdates"] is False
    # closing a notebook stops its kernel (the course has ten; a cheap laptop holds few at once)
    _, tracker = _get(f"{base}/lab/api/settings/@jupyterlab/notebook-extension:tracker?token={token}")
    tracker = json.loads(tracker)
    assert tracker["settings"]["kernelShutdown"] is True
    assert "kernelShutdown" in tracker["schema"]["properties"]  # a setting JupyterLab knows


def test_a_toolkit_error_in_the_kernel_is_one_short_sentence(lab_server, class_home):
    """In a kernel set up as the lab sets it up, is module 00's deliberate error a short Indonesian
    sentence (no toolkit source), while an ordinary Python error keeps its traceback?"""
    folder = _participant_folder(class_home)
    env = dict(os.environ, IPYTHONDIR=str(folder / ".ipython"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(folder / "course" / "id"), env=env)
    errors = []
    try:
        cell = ("from toolkit.costing import unit_cost\n"
                "unit_cost(materials=1_200_000, labour=500_000, overhead=300_000, units=100, reject_rate=20)")
        reply = client.execute_interactive(
            cell, timeout=60, output_hook=lambda m: errors.append(m["content"]) if m["msg_type"] == "error" else None)
        assert reply["content"]["status"] == "error"
        client.execute_interactive("1/0", timeout=60, output_hook=lambda m: errors.append(
            m["content"]) if m["msg_type"] == "error" else None)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    short, ordinary = errors
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(short["traceback"]))  # without its colours
    assert len(short["traceback"]) == 2
    assert "Periksa isian: reject_rate = 20 tidak diperbolehkan" in text
    assert "errors.py" not in text and '"en":' not in text and "0.2" not in text
    assert len(ordinary["traceback"]) > 2 and ordinary["ename"] == "ZeroDivisionError"


def _kelas_ekspor(*args, home: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "kelas-ekspor"), *args],
                          env=dict(os.environ, KELAS_EKSPOR_HOME=str(home)), **kwargs)


def test_a_second_participant_gets_a_copy_of_their_own(tmp_path):
    """Does a second participant on the same laptop get a separate copy, the first one's work apart?"""
    from grading.lab import prepare

    first = prepare("Siti Aminah", home=tmp_path)
    (first.root / "id" / "data-proyek-akhir.json").write_text('{"values": {"seller": "BUMDes Siti"}}')
    second = prepare("Pak Budi", home=tmp_path)
    assert first.root != second.root and second.root == tmp_path / "pak-budi" / "course"
    assert (second.root / "id" / "00-mulai.ipynb").is_file()
    assert not (second.root / "id" / "data-proyek-akhir.json").exists()


def test_running_again_never_overwrites_a_participants_edits(tmp_path):
    """Does a second start keep an edited notebook and a deleted one as the participant left them,
    while a notebook new to the course is copied?"""
    from grading.lab import prepare

    course = tmp_path / "course"
    (course / "id").mkdir(parents=True)
    (course / "id" / "00-mulai.ipynb").write_text("versi kursus")
    first = prepare("Siti", home=tmp_path / "home", course=course)
    (first.root / "id" / "00-mulai.ipynb").write_text("catatan Siti")
    (course / "id" / "01-produk.ipynb").write_text("modul baru")
    again = prepare("Siti", home=tmp_path / "home", course=course)
    assert (again.root / "id" / "00-mulai.ipynb").read_text() == "catatan Siti"
    assert (again.root / "id" / "01-produk.ipynb").read_text() == "modul baru"
    assert again.added == ["id/01-produk.ipynb"] and again.kept == ["id/00-mulai.ipynb"]
    settings = again.settings / "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
    settings.write_text('{"locale": "en"}')  # the participant switched the interface to English
    prepare("Siti", home=tmp_path / "home", course=course)
    assert json.loads(settings.read_text()) == {"locale": "en"}


def test_a_home_inside_the_course_is_refused(tmp_path):
    """Is a class home inside the course (which would serve the tracked files) refused with a sentence?"""
    result = _kelas_ekspor("lab", "--no-browser", home=ROOT / "course" / "kelas",
                           capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "ada di dalam kursus" in result.stderr
    assert not (ROOT / "course" / "kelas").exists()


def test_a_participants_server_leaves_out_nbgraders_instructor_tools(tmp_path):
    """Is a participant's server configured (through JUPYTER_CONFIG_PATH, ahead of the
    installation's own) without the Formgrader, Create Assignment and course list, and an
    instructor's (on the hub) left with them?"""
    import json

    from grading.lab import prepare

    participant = prepare("Siti Aminah", home=tmp_path)
    env = participant.env({"JUPYTER_CONFIG_PATH": "/etc/other"})
    assert env["JUPYTER_CONFIG_PATH"] == os.pathsep.join([str(participant.config), "/etc/other"])
    page = json.loads((participant.config / "labconfig" / "page_config.json").read_text())
    assert set(page["disabledExtensions"]) == {
        "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:course-list"}
    server = json.loads((participant.config / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False}
    instructor = prepare("penilai", folder=tmp_path / "penilai", instructor=True)
    assert instructor.config is None and "JUPYTER_CONFIG_PATH" not in instructor.env({})


def test_the_terminal_shows_the_class_lines_not_jupyters_log(lab_server):
    """Does the trainer's terminal show where the work is, the address and how to close the class,
    without Jupyter's routine English log lines (about 40 a start)?"""
    _, _, log = lab_server
    text = log.read_text()
    assert "Folder kerja " in text and "Buka kelas di browser: " in text
    assert "Menutup kelas: tekan Ctrl+C dua kali" in text
    assert not re.search(r"^\[I ", text, re.M), text[-2000:]
