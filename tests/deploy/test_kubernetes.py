"""deploy/kubernetes/: what can be checked without a cluster, a Helm chart or a Docker engine.

The Zero to JupyterHub values parse and hang together (the image, the start command, the resources,
culling, the ngshare service, the accounts); the Dockerfile installs from the py3.11 lock and runs
as jovyan (uid 1000); and its install steps are run for real in a fresh venv, where the hub's
authenticator and its settings, the nbgrader exchange configuration and the start script (the
course copied without overwriting, then jupyterhub-singleuser) are exercised. What is not checked
here (the chart's schema, a cluster, an image build) is listed in the README.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest
import yaml

import toolkit

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "kubernetes"
DOCKERFILE = (K8S / "Dockerfile").read_text(encoding="utf-8")
MARKER = "from benchmarks/hub.py, see README capacity table"


def _load(name: str) -> dict:
    return yaml.safe_load((K8S / name).read_text(encoding="utf-8"))


VALUES = _load("values.yaml")
NGSHARE = _load("ngshare-values.yaml")
SHARED = _load("values-shared-exchange.yaml")
SINGLEUSER = VALUES["singleuser"]


def _bytes(quantity) -> float:
    """A z2jh memory quantity (KubeSpawner's suffixes K, M, G, T are powers of 1024) in bytes."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)", str(quantity))
    assert match, f"not a memory quantity: {quantity!r}"
    return float(match[1]) * 1024 ** " KMGT".index(match[2] or " ")


def _instructions(keyword: str) -> list[str]:
    """The Dockerfile's instructions of one kind, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line[len(keyword) + 1:].strip() for line in joined.splitlines()
            if line.startswith(keyword + " ")]


def _copies() -> list[tuple[str, str]]:
    """(source, destination) of every file or folder the Dockerfile copies in."""
    return [(source, words[-1]) for words in (line.split() for line in _instructions("COPY"))
            for source in words[:-1]]


# -- the values file ------------------------------------------------------------------------------

def test_the_image_is_this_version_of_the_project_started_by_our_script():
    """Does the values file name the image by the project's version, started by the Dockerfile's script?"""
    assert SINGLEUSER["image"]["tag"] == toolkit.__version__
    assert SINGLEUSER["image"]["name"].endswith("/kelas-ekspor-singleuser")
    copied = {dest: src for src, dest in _copies()}
    assert copied[f"/usr/local/bin/{SINGLEUSER['cmd']}"] == "deploy/kubernetes/start-singleuser.py"
    assert json.loads(_instructions("CMD")[0]) == [SINGLEUSER["cmd"]]
    opening = SINGLEUSER["defaultUrl"].removeprefix("/lab/tree/")
    assert opening.startswith("course/") and (ROOT / opening).is_file()


def test_resources_are_marked_once_and_each_guarantee_fits_its_limit():
    """Are memory and CPU guarantees and limits all set, guarantee <= limit, under one marked place?"""
    text = (K8S / "values.yaml").read_text(encoding="utf-8")
    assert text.count(MARKER) == 1
    block = text.split(MARKER, 1)[1].split("end of the load-test figures", 1)[0]
    assert yaml.safe_load(textwrap.dedent("\n".join(block.splitlines()[2:-1]))) == {
        "memory": SINGLEUSER["memory"], "cpu": SINGLEUSER["cpu"]}
    memory, cpu = SINGLEUSER["memory"], SINGLEUSER["cpu"]
    assert 0 < _bytes(memory["guarantee"]) <= _bytes(memory["limit"])
    assert 0 < cpu["guarantee"] <= cpu["limit"]
    for other in K8S.iterdir():
        if other.name != "values.yaml" and other.is_file():
            assert MARKER not in other.read_text(encoding="utf-8"), other.name


def test_idle_servers_are_culled_and_accounts_kept():
    cull = VALUES["cull"]
    assert cull["enabled"] is True and cull["users"] is False
    assert 0 < cull["every"] < cull["timeout"]


def test_ngshare_is_one_service_seen_the_same_way_from_hub_servers_and_its_chart():
    """Do the hub's service, the servers' exchange URL, the network policy and ngshare's chart agree?"""
    service = VALUES["hub"]["services"]["ngshare"]
    env = SINGLEUSER["extraEnv"]
    assert env["KELAS_EKSPOR_EXCHANGE"] == "ngshare"
    assert env["NGSHARE_URL"] == service["url"] + "/services/ngshare"
    port = int(service["url"].rsplit(":", 1)[1])
    egress = SINGLEUSER["networkPolicy"]["egress"]
    assert {"port": port, "protocol": "TCP"} in egress[0]["ports"]
    assert egress[0]["to"][0]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "ngshare"}
    assert NGSHARE["ngshare"]["hub_api_url"] == "http://hub:8081/hub/api"
    assert NGSHARE["pvc"]["accessModes"] == ["ReadWriteOnce"]
    # ngshare's admins (who create courses) are hub admins; no token is ever committed.
    assert set(NGSHARE["ngshare"]["admins"]) <= set(VALUES["hub"]["config"]["Authenticator"]["admin_users"])
    for text in (K8S.joinpath(n).read_text(encoding="utf-8") for n in
                 ("values.yaml", "ngshare-values.yaml", "values-shared-exchange.yaml")):
        assert not re.search(r"^\s*(apiToken|api_token|hub_api_token)\s*:", text, re.M)


def test_the_shared_volume_alternative_swaps_the_exchange_and_mounts_it():
    assert SHARED["hub"]["services"] == {"ngshare": None}
    env = SHARED["singleuser"]["extraEnv"]
    assert env["KELAS_EKSPOR_EXCHANGE"] == "filesystem" and env["NGSHARE_URL"] is None
    storage = SHARED["singleuser"]["storage"]
    claim = storage["extraVolumes"][0]
    assert storage["extraVolumeMounts"] == [{"name": claim["name"],
                                             "mountPath": env["NBGRADER_EXCHANGE_ROOT"]}]


def test_servers_run_as_jovyan_without_privileges():
    """Do the values and the Dockerfile agree on uid 1000, gid 100, no root, no escalation?"""
    assert SINGLEUSER["uid"] == 1000 and SINGLEUSER["fsGid"] == 100
    assert SINGLEUSER["allowPrivilegeEscalation"] is False
    assert SINGLEUSER["cloudMetadata"]["blockWithIptables"] is False  # no privileged init container
    context = VALUES["hub"]["config"]["KubeSpawner"]["container_security_context"]
    assert context["runAsNonRoot"] is True and context["capabilities"]["drop"] == ["ALL"]
    assert _instructions("USER") == ["1000"]
    assert DOCKERFILE.rindex("USER 1000") > max(DOCKERFILE.rindex(f"\n{k} ") for k in ("RUN", "COPY"))
    assert "useradd --create-home --uid 1000 --gid 100 --shell /bin/bash jovyan" in DOCKERFILE
    assert SINGLEUSER["storage"]["homeMountPath"] == "/home/jovyan"


def test_the_image_installs_from_the_py311_lock():
    assert _instructions("FROM")[0].startswith("python:3.11-")
    installs = [step for run in _instructions("RUN") for step in run.split("&&") if "pip install" in step]
    assert installs[0].split() == ["pip", "install", "-c", "requirements/py3.11.txt", "-e",
                                   "'.[kubernetes]'"]
    assert [step.split() for step in installs[1:]] == [
        ["pip", "install", "--no-deps", "'ngshare-exchange==0.5.3'"]]


# -- the install steps, run --------------------------------------------------------------------

@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """The Dockerfile's COPY and RUN steps (all but apt and useradd) in a fresh venv: (python, opt)."""
    if sys.version_info[:2] != (3, 11):
        pytest.skip("the image's lock is requirements/py3.11.txt: run with Python 3.11")
    base = tmp_path_factory.mktemp("image")
    opt, env_dir = base / "opt" / "kelas-ekspor", base / "venv"
    for source, dest in _copies():
        if dest.startswith("/"):
            continue  # placed below, where the venv looks for them
        target = opt / dest / Path(source).name if dest.endswith("/") and (ROOT / source).is_file() \
            else opt / dest
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns(
                "__pycache__", ".ipynb_checkpoints", "*.egg-info"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / source, target)
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "VIRTUAL_ENV": str(env_dir)}
    # /etc/jupyter/nbgrader_config.py in the image; the venv's etc/jupyter is on the same search path.
    (env_dir / "etc" / "jupyter").mkdir(parents=True)
    shutil.copy2(K8S / "nbgrader_config.py", env_dir / "etc" / "jupyter" / "nbgrader_config.py")
    assert "COPY deploy/kubernetes/nbgrader_config.py /etc/jupyter/nbgrader_config.py" in DOCKERFILE
    for run in _instructions("RUN"):
        if "apt-get" in run or run.startswith("chmod"):
            continue
        for step in run.split("&&"):
            words = shlex.split(step)
            if words[0] in ("pip", "jupyter"):
                words = [str(bin_dir / words[0]), *words[1:], *(["--quiet"] if words[0] == "pip" else [])]
                done = subprocess.run(words, cwd=opt, env=env, capture_output=True, text=True)
                assert done.returncode == 0, f"{step}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return bin_dir / "python", opt, env


def _run(image, code: str, **env) -> str:
    python, opt, base_env = image
    done = subprocess.run([str(python), "-c", textwrap.dedent(code)], cwd=opt, capture_output=True,
                          text=True, env={**base_env, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]  # nbgrader only warns on a bad config
    return done.stdout


def test_only_ngshare_exchanges_declared_pin_is_left_unmet(image):
    """Does `pip check` in the image find nothing but ngshare-exchange's jupyter_core<4.11.2?"""
    python, opt, env = image
    done = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True, env=env)
    problems = done.stdout.strip().splitlines()
    assert len(problems) == 1 and problems[0].startswith(
        "ngshare-exchange 0.5.3 has requirement jupyter-core<4.11.2"), done.stdout


def test_the_hubs_authenticator_and_its_settings_exist(image):
    """Is the authenticator importable with JupyterHub 5, and every hub.config setting a real trait?"""
    config = VALUES["hub"]["config"]
    out = _run(image, f"""
        import importlib, json, jupyterhub
        from jupyterhub.app import JupyterHub
        config = json.loads({json.dumps(json.dumps(config))})
        module, name = config["JupyterHub"]["authenticator_class"].rsplit(".", 1)
        auth = getattr(importlib.import_module(module), name)
        classes = {{"JupyterHub": JupyterHub, "Authenticator": auth, "NativeAuthenticator": auth}}
        for section, settings in config.items():
            if section not in classes:
                print("unchecked", section)
                continue
            traits = classes[section].class_traits(config=True)
            missing = sorted(set(settings) - set(traits))
            assert not missing, (section, missing)
        from jupyterhub.auth import Authenticator
        print("jupyterhub", jupyterhub.__version__.split(".")[0], issubclass(auth, Authenticator))
        """)
    # KubeSpawner lives in the hub image only (z2jh's); its setting is not checked here.
    assert out.split("\n")[:2] == ["unchecked KubeSpawner", "jupyterhub 5 True"]


def test_participants_servers_use_ngshare_and_the_alternative_the_shared_folder(image):
    """Does nbgrader in the image pick ngshare's exchange (or the folder), and refuse an unknown one?"""
    code = """
        from nbgrader.apps.baseapp import NbGrader
        from nbgrader.exchange import ExchangeFactory
        app = NbGrader()
        app.load_config_file()
        factory = ExchangeFactory(config=app.config)
        print(factory.list.__module__, factory.collect.__module__, app.config.CourseDirectory.course_id)
        print(getattr(factory.exchange, "_ngshare_url", None), app.config.Exchange.get("root"))
        """
    url = SINGLEUSER["extraEnv"]["NGSHARE_URL"]
    # ngshare_exchange reads the user at import: JupyterHub's spawner sets JUPYTERHUB_USER.
    out = _run(image, code, KELAS_EKSPOR_EXCHANGE="ngshare", NGSHARE_URL=url,
               JUPYTERHUB_USER="contoh-peserta-001").splitlines()
    assert out[0] == "ngshare_exchange.list ngshare_exchange.collect *"
    assert url in out[1]
    shared = SHARED["singleuser"]["extraEnv"]
    out = _run(image, code, KELAS_EKSPOR_EXCHANGE="filesystem",
               NBGRADER_EXCHANGE_ROOT=shared["NBGRADER_EXCHANGE_ROOT"]).splitlines()
    assert out[0] == "nbgrader.exchange.default.list nbgrader.exchange.default.collect kelas-ekspor"
    assert out[1].endswith(shared["NBGRADER_EXCHANGE_ROOT"])
    python, opt, env = image
    done = subprocess.run([str(python), "-c", "import runpy; "
                           f"runpy.run_path({str(K8S / 'nbgrader_config.py')!r}, "
                           "{'get_config': lambda: None})"],
                          capture_output=True, text=True, env={**env, "KELAS_EKSPOR_EXCHANGE": "nfs"})
    assert done.returncode != 0
    message = done.stderr.strip().splitlines()[-1]
    assert "'nfs' tidak dikenal" in message and "'nfs' is unknown" in message


def test_the_formgrader_is_off_and_the_assignments_tab_on(image):
    python, opt, env = image
    jupyter = str(python.parent / "jupyter")
    labs = subprocess.run([jupyter, "labextension", "list"], capture_output=True, text=True, env=env)
    text = labs.stdout + labs.stderr
    disabled = text.split("Disabled extensions:", 1)[1]
    for plugin in ("formgrader", "course-list", "create-assignment"):
        assert f"@jupyter/nbgrader:{plugin}" in disabled
    assert "assignment-list" not in disabled and "validate-assignment" not in disabled
    servers = subprocess.run([jupyter, "server", "extension", "list"], capture_output=True, text=True,
                             env=env)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", servers.stdout + servers.stderr)
    state = dict(re.findall(r"^\s*nbgrader\.server_extensions\.(\w+) (enabled|disabled)$", plain, re.M))
    assert state == {"formgrader": "disabled", "course_list": "disabled",
                     "assignment_list": "enabled", "validate_assignment": "enabled"}


def test_the_start_script_copies_the_course_once_then_starts_jupyterhub_singleuser(image, tmp_path):
    """Is the course copied on first start, a participant's edit kept and a deleted notebook restored?"""
    python, opt, env = image
    home = tmp_path / "home" / "jovyan"
    home.mkdir(parents=True)
    start = [str(python), str(K8S / "start-singleuser.py"), "--version"]
    run_env = {**env, "HOME": str(home), "KELAS_EKSPOR_COURSE": str(opt / "course"),
               "KELAS_EKSPOR_LANG": SINGLEUSER["extraEnv"]["KELAS_EKSPOR_LANG"]}
    first = subprocess.run(start, capture_output=True, text=True, env=run_env)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    assert "berkas baru / new files, 0 berkas peserta" in lines[0] and lines[-1].startswith("5.")
    opening = home / SINGLEUSER["defaultUrl"].removeprefix("/lab/tree/")
    assert opening.is_file()
    settings = home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    assert json.loads((settings / "translation-extension" / "plugin.jupyterlab-settings")
                      .read_text())["locale"] == "id_ID"
    notification = json.loads((settings / "apputils-extension" / "notification.jupyterlab-settings")
                              .read_text())
    assert notification == {"fetchNews": "false", "checkForUpdates": False}

    opening.write_text("my own work", encoding="utf-8")
    other = next(p for p in (home / "course" / "id").glob("*.ipynb") if p != opening)
    other.unlink()
    again = subprocess.run(start, capture_output=True, text=True, env=run_env)
    assert again.returncode == 0, again.stderr
    assert opening.read_text(encoding="utf-8") == "my own work"
    assert other.read_bytes() == (opt / "course" / "id" / other.name).read_bytes()
    assert again.stdout.startswith("kelas-ekspor-singleuser: ") and " 1 berkas baru" in again.stdout

    missing = subprocess.run(start, capture_output=True, text=True,
                             env={**run_env, "KELAS_EKSPOR_COURSE": str(tmp_path / "nowhere")})
    assert missing.returncode != 0 and "harus ada di" in missing.stderr
    assert "must be at" in missing.stderr


def test_the_graders_workspace_uses_ngshare_once_its_config_names_it(image, tmp_path):
    """Do `kelas-ekspor` commands use the folder exchange, and ngshare after the README's added line?"""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = ('from ngshare_exchange import configureExchange; '
            'configureExchange(c, os.environ["NGSHARE_URL"])')
    assert f"`{line}`" in readme
    out = _run(image, f"""
        from grading.workspace import Workspace, init_workspace
        ws = init_workspace({str(tmp_path / "kelas")!r}).workspace
        print(ws.api().exchange.list.__module__)
        with open(ws.config_file, "a") as fh:
            fh.write({line!r} + "\\n")
        api = Workspace(ws.root).api()
        print(api.exchange.list.__module__, api.exchange.exchange._ngshare_url, api.coursedir.course_id)
        """, JUPYTERHUB_USER="penilai", NGSHARE_URL=SINGLEUSER["extraEnv"]["NGSHARE_URL"])
    assert out.splitlines() == [
        "nbgrader.exchange.default.list",
        f"ngshare_exchange.list {SINGLEUSER['extraEnv']['NGSHARE_URL']} kelas-ekspor"]
