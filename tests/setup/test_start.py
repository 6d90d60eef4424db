"""`make start`: JupyterLab on the course, the toolkit importable, nbgrader's and the widgets' extensions on."""

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
def lab_server(tmp_path_factory):
    """`make start` as the instructor runs it, on a free port, stopped afterwards."""
    port, token = _free_port(), "kelas-ekspor-test"
    log = tmp_path_factory.mktemp("lab") / "lab.log"
    env = dict(os.environ, JUPYTER_TOKEN=token, BROWSER="true", PORT=str(port))
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
        yield base, token
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
    base, token = lab_server
    status, page = _get(f"{base}/lab?token={token}")
    assert status == 200
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
    extensions = {ext["name"] for ext in config["federated_extensions"]}
    disabled = set(config.get("disabledExtensions", []))
    for name in ("@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"):
        assert name in extensions and name not in disabled


def test_lab_serves_the_course_folder(lab_server):
    """Is the course's first notebook where the instructor will look for it?"""
    base, token = lab_server
    status, listing = _get(f"{base}/api/contents/id?token={token}")
    names = [item["name"] for item in json.loads(listing)["content"]]
    assert status == 200 and any(name.startswith("00-") for name in names)


def test_notebook_kernel_imports_the_toolkit(lab_server):
    """Does the kernel the lab offers run `import toolkit`?"""
    base, token = lab_server
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
