# JupyterHub configuration of a Kelas Ekspor class on one machine.
#
# Start it with `make hub` or `kelas-ekspor hub serve [--state DIR] [--port N] [--ip ADDR]`, which
# prepares the state folder and passes these through the environment:
#   KELAS_HUB_STATE     the hub's private state folder (mode 0700): database, cookie secret, proxy
#                       token, accounts.json
#   KELAS_HUB_EXCHANGE  nbgrader's exchange root, shared by the grader and the participants
#   KELAS_HUB_IP, KELAS_HUB_PORT        where participants' browsers reach the hub
#   KELAS_HUB_MEM, KELAS_HUB_CPUS, KELAS_HUB_PROCS   per-user limits, enforced with cgroups
#   KELAS_HUB_IDLE      minutes before an idle server is stopped (0: never)
#   KELAS_HUB_CHP       the configurable-http-proxy command (installed from npm by `make hub`)
#   KELAS_HUB_PYTHON    the Python the accounts' servers run (one they can reach)
#   KELAS_HUB_ADMIN_TOKEN  optional: an API token with the admin role, for tests and benchmarks
# Accounts come from `kelas-ekspor hub accounts ROSTER.xlsx --instructor NAME`.
import os
import sys

from grading.hub import ADMIN_SERVICE, ADMIN_TOKEN_ENV, HubPaths
from grading.hub.limits import detect
from grading.lab import COURSE

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

paths = HubPaths.make(os.environ["KELAS_HUB_STATE"], os.environ["KELAS_HUB_EXCHANGE"])

# -- where the hub listens, and what it keeps (outside the repository, mode 0700) ---------------
c.JupyterHub.ip = os.environ.get("KELAS_HUB_IP", "")
c.JupyterHub.port = int(os.environ.get("KELAS_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["KELAS_HUB_API_PORT"])
c.JupyterHub.db_url = paths.db_url
c.JupyterHub.cookie_secret_file = str(paths.cookie_secret)
c.JupyterHub.pid_file = str(paths.state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.auth_token = paths.proxy_token.read_text(encoding="utf-8").strip()
c.ConfigurableHTTPProxy.pid_file = str(paths.state / "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['KELAS_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ.get("KELAS_HUB_CHP", "configurable-http-proxy")]
c.JupyterHub.template_paths = [os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                            "templates")]
# Logging out of the hub leaves the server running (a participant may log in again on another
# computer); idle servers are stopped by the culler below.
c.JupyterHub.shutdown_on_logout = False

# -- accounts: NativeAuthenticator (bcrypt hashes in the hub's database), no self sign-up --------
c.JupyterHub.authenticator_class = "grading.hub.spawner.KelasAuthenticator"
c.KelasAuthenticator.state_dir = str(paths.state)
c.KelasAuthenticator.enable_signup = False
c.KelasAuthenticator.open_signup = False
c.KelasAuthenticator.allow_all = True  # who may log in is NativeAuthenticator's is_authorized
c.KelasAuthenticator.minimum_password_length = 8
c.KelasAuthenticator.check_common_password = True
c.KelasAuthenticator.allowed_failed_logins = 5
c.KelasAuthenticator.seconds_before_next_try = 60
c.KelasAuthenticator.auth_refresh_age = 60  # a disabled account's open session ends within a minute
c.KelasAuthenticator.refresh_pre_spawn = True

# -- servers: one Linux user each, limits enforced by cgroups -----------------------------------
c.JupyterHub.spawner_class = "grading.hub.spawner.KelasSpawner"
c.KelasSpawner.state_dir = str(paths.state)
c.KelasSpawner.exchange = str(paths.exchange)
c.KelasSpawner.course_id = paths.course_id
# The accounts' Python: this one, or a bridge to it they can run (grading.hub.serve.user_python).
c.KelasSpawner.cmd = [os.environ.get("KELAS_HUB_PYTHON", sys.executable), "-m",
                      "grading.hub.singleuser"]
c.KelasSpawner.notebook_dir = "~"
first = sorted((COURSE / "id").glob("00-*.ipynb"))
c.KelasSpawner.participant_url = f"/lab/tree/course/id/{first[0].name}" if first else "/lab"
c.KelasSpawner.default_url = "/lab"
c.KelasSpawner.mem_limit = os.environ.get("KELAS_HUB_MEM", "2G")
c.KelasSpawner.cpu_limit = float(os.environ.get("KELAS_HUB_CPUS", "1"))
c.KelasSpawner.max_processes = int(os.environ.get("KELAS_HUB_PROCS", "512"))
c.KelasSpawner.http_timeout = 120
c.KelasSpawner.start_timeout = 180
c.KelasSpawner.environment = {"LANG": "C.UTF-8"}
support = detect()
if not support.complete:
    print(f"[kelas-ekspor] cgroup limits only partly enforceable here: {support}", file=sys.stderr)

# -- services: the idle culler; an admin token for tests and benchmarks -------------------------
services, roles = [], []
idle_minutes = int(os.environ.get("KELAS_HUB_IDLE", "120"))
try:
    import jupyterhub_idle_culler  # noqa: F401
except ImportError:
    idle_minutes = 0
if idle_minutes > 0:
    services.append({
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={idle_minutes * 60}", "--cull-every=300"],
    })
    roles.append({
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    })
admin_token = os.environ.get(ADMIN_TOKEN_ENV)
if admin_token:
    services.append({"name": ADMIN_SERVICE, "api_token": admin_token})
    roles.append({"name": "admin", "services": [ADMIN_SERVICE]})
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
