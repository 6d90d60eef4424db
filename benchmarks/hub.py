"""How many participants does one JupyterHub on this machine hold? A load test on loopback.

The benchmark starts its own hub (a temporary state folder, free ports, 127.0.0.1 only), makes N
participant accounts (system users and hub users), then, all N in parallel, each participant does
what a class does in its first minutes:

1. starts their server (``POST /hub/api/users/NAME/server``, ready when the hub's progress stream
   says so) and gets a token for it through the hub's API;
2. opens a module (the contents API ``GET`` of their own copy of ``02-biaya-hpp.ipynb``);
3. starts a kernel for it (``POST /api/sessions``, as JupyterLab does, then ``kernel_info``);
4. runs the module's code cells in order through the kernel websocket (Jupyter messaging protocol),
   each timed from ``execute_request`` to the kernel's ``idle``;
5. moves a widget as the browser would: a ``comm_msg`` ``update`` giving the break-even explorer's
   price box a new value, timed until the kernel has sent the recomputed chart and gone idle
   (``--recomputes`` times, alternating two values).

Measured: spawn time p50/p95, cell execution p50/p95, widget recompute p50/p95, memory per
participant (RSS and PSS summed over their processes, read from ``/proc`` by user: their server
and kernel), CPU seconds per participant, the hub's and proxy's memory, failures with reasons,
load average and machine memory during the run, wall time. Printed as a table; ``--json PATH``
(or ``-`` for stdout) writes every figure, default ``benchmarks/results/hub-N<n>-<date>.json``.

Bounded: ``--participants`` (default 30) accounts, ``--timeout`` seconds (default 900) for the
whole parallel part, after which whatever is unfinished counts as failed at the step it was in.
Everything it made is removed at the end, also after a failure or Ctrl-C: servers stopped, hub
and proxy stopped, leftover processes of its users ended, users and their homes deleted, the state
folder removed. It must run as root (it creates system users, as the hub does for a class).

Run: ``make benchmark-hub`` or ``.venv/bin/python benchmarks/hub.py [--participants 30]
[--timeout 900] [--ramp SECONDS] [--think SECONDS] [--json PATH|-]``.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime
import html
import json
import os
import platform
import pwd
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

# benchmarks/ also holds toolkit.py, named like the package: keep this folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from jupyter_client.jsonutil import json_default  # noqa: E402
from jupyter_client.session import Session  # noqa: E402
from jupyter_server.services.kernels.connection.base import (  # noqa: E402
    deserialize_binary_message,
)
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest  # noqa: E402
from tornado.websocket import websocket_connect  # noqa: E402

from grading.hub import ADMIN_TOKEN_ENV, HubPaths  # noqa: E402
from grading.hub.accounts import linux_user, remove_account  # noqa: E402
from grading.hub.limits import Limits, UserCgroup  # noqa: E402
from grading.hub.serve import free_loopback_port  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
MODULE = "02-biaya-hpp.ipynb"
# The widget moved: the cell that builds it, the label of its box, two values typed in turn.
WIDGET_CELL = "BreakEvenApp("
WIDGET_BOX = "Harga jual per unit (Rp)"
WIDGET_VALUES = ("36.000", "37.000")
SAMPLE_SECONDS = 1.0
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


class BenchmarkError(RuntimeError):
    """Something the benchmark cannot go on without (the hub would not start, not root, ...)."""


# -- the hub under test ------------------------------------------------------------------------


@dataclass
class Hub:
    """A hub this benchmark started: its process, URL, admin token and state folder."""

    process: subprocess.Popen
    url: str
    token: str
    state: Path
    log: Path


def start_hub(workdir: Path, timeout: float, options: list[str]) -> Hub:
    """Start the class hub (``kelas-ekspor hub serve``, i.e. ``deploy/hub/jupyterhub_config.py``)
    on 127.0.0.1 with its state and exchange in ``workdir``; return once its API answers."""
    token = secrets.token_hex(32)
    port = free_loopback_port()
    log = workdir / "hub.log"
    command = [
        str(Path(sys.executable).parent / "kelas-ekspor"), "hub", "serve",
        "--state", str(workdir / "state"), "--exchange", str(workdir / "exchange"),
        "--ip", "127.0.0.1", "--port", str(port), *options,
    ]
    env = dict(os.environ, **{ADMIN_TOKEN_ENV: token})
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the benchmark, which stops the hub itself
        )
    hub = Hub(process, f"http://127.0.0.1:{port}", token, workdir, log)
    wait_for_api(hub, timeout)
    return hub


def wait_for_api(hub: Hub, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise BenchmarkError(
                f"hub berhenti sendiri (kode {hub.process.returncode}), lihat {hub.log} / "
                f"the hub exited by itself (code {hub.process.returncode}), see {hub.log}:\n"
                + tail(hub.log)
            )
        try:
            request = urllib.request.Request(
                f"{hub.url}/hub/api/users?limit=1",
                headers={"Authorization": f"token {hub.token}"},
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError as error:
            last = error
        time.sleep(0.5)
    raise BenchmarkError(
        f"hub tidak menjawab dalam {timeout:.0f} detik ({last}) / "
        f"the hub did not answer within {timeout:.0f} s ({last}):\n" + tail(hub.log)
    )


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# -- accounts -------------------------------------------------------------------------------------


def participant_names(n: int) -> list[str]:
    """N fresh user names no account on this machine has yet (a random tag, then 01..N)."""
    for _ in range(20):
        tag = secrets.token_hex(2)
        names = [f"hl{tag}p{i:02d}" for i in range(1, n + 1)]
        if not any(linux_user(name) is not None for name in names):
            return names
    raise BenchmarkError("tidak menemukan nama akun yang bebas / found no free account names")


def create_accounts(hub: Hub, names: list[str], workdir: Path) -> dict[str, str]:
    """The participants' accounts, made as a trainer makes them: a roster with their ids, then
    ``kelas-ekspor hub accounts``; each one's first password, read off the password sheet."""
    roster = workdir / "roster.csv"
    with open(roster, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id_peserta", "nama", "organisasi"])
        for i, name in enumerate(names, 1):
            writer.writerow([name, f"Peserta Uji {i}", "BUMDes Uji Beban"])
    sheet = workdir / "sheet.html"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "kelas-ekspor"), "hub", "accounts", str(roster),
         "--state", str(workdir / "state"), "--exchange", str(workdir / "exchange"),
         "--homes", str(workdir / "homes"), "--sheet", str(sheet), "--url", hub.url],
        capture_output=True, text=True, cwd=workdir,
    )
    if done.returncode != 0:
        raise BenchmarkError(
            "kelas-ekspor hub accounts gagal / kelas-ekspor hub accounts failed:\n"
            + (done.stdout + done.stderr).strip()[-2000:]
        )
    return read_sheet(sheet, names)


def read_sheet(sheet: Path, names: list[str]) -> dict[str, str]:
    """User name -> first password from the password sheet (each slip shows the name, then the
    password, each in a ``<code>``)."""
    codes = [html.unescape(c) for c in re.findall(r"<code>(.*?)</code>", sheet.read_text())]
    passwords = dict(zip(codes[0::2], codes[1::2]))
    missing = [name for name in names if name not in passwords]
    if missing:
        raise BenchmarkError(
            f"lembar kata sandi {sheet} tidak memuat {', '.join(missing[:5])} / the password "
            f"sheet {sheet} does not hold {', '.join(missing[:5])}"
        )
    return {name: passwords[name] for name in names}


def check_participant_can_run(name: str) -> None:
    """Can a participant's account run this Python and import the course's toolkit? (It cannot
    when the interpreter lives under a folder only root may enter, such as a 0700 /root.)"""
    done = subprocess.run(
        ["setpriv", f"--reuid={name}", f"--regid={name}", "--init-groups", "--",
         sys.executable, "-c", "import jupyterhub, toolkit"],
        capture_output=True, text=True, cwd="/",
    )
    if done.returncode != 0:
        blocked = next(
            (str(p) for p in [*reversed(Path(sys.executable).parents), Path(sys.executable)]
             if not os.stat(p).st_mode & 0o001),
            None,
        )
        raise BenchmarkError(
            f"akun peserta tidak bisa menjalankan {sys.executable}"
            + (f" ({blocked} tertutup bagi pengguna lain)" if blocked else "")
            + f" / a participant's account cannot run {sys.executable}"
            + (f" ({blocked} is closed to other users)" if blocked else "")
            + f":\n{done.stderr.strip()[-500:]}"
        )


def delete_users(names: list[str]) -> list[str]:
    """Delete the system users this run created (with their homes); the problems, if any."""
    problems = []
    for name in names:
        if not linux_user(name) is not None:
            continue
        done = subprocess.run(["userdel", "-r", name], capture_output=True, text=True)
        if done.returncode not in (0, 12) or linux_user(name) is not None:  # 12: no mail spool, fine
            problems.append(f"userdel {name}: {done.stderr.strip()}")
    return problems


# -- /proc: memory, CPU, load ---------------------------------------------------------------------


def _read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def process_table(uids: set[int]) -> dict[int, list[dict]]:
    """The processes of ``uids``: pid, RSS and PSS (bytes), CPU seconds, command, by uid."""
    table: dict[int, list[dict]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        status = _read(f"/proc/{entry.name}/status")
        if status is None:
            continue
        uid = next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("Uid:")), None
        )
        if uid not in uids:
            continue
        cmdline = (_read(f"/proc/{entry.name}/cmdline") or "").replace("\0", " ").strip()
        table.setdefault(uid, []).append(
            {"pid": int(entry.name), **process_figures(int(entry.name)), "cmd": cmdline[:120]})
    return table


def tree_pids(root: int) -> set[int]:
    """``root`` and every process descended from it (by /proc's parent links)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _read(f"/proc/{entry.name}/stat") or ""
            fields = stat[stat.rfind(")") + 2 :].split()
            if len(fields) > 1:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, []))
    return found


def process_figures(pid: int) -> dict:
    rollup = _read(f"/proc/{pid}/smaps_rollup") or ""
    memory = {
        line.split(":")[0]: int(line.split()[1]) * 1024
        for line in rollup.splitlines()
        if line.startswith(("Rss:", "Pss:"))
    }
    stat = _read(f"/proc/{pid}/stat") or ""
    fields = stat[stat.rfind(")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS if len(fields) > 12 else 0.0
    return {"rss": memory.get("Rss", 0), "pss": memory.get("Pss", 0), "cpu_s": cpu}


def _number(path: Path) -> int | None:
    text = _read(str(path))
    return int(text.split()[0]) if text and text.split()[0].isdigit() else None


def _stat_file(path: Path) -> dict[str, int]:
    return {
        line.split()[0]: int(line.split()[1])
        for line in (_read(str(path)) or "").splitlines()
        if len(line.split()) == 2 and line.split()[1].isdigit()
    }


def cgroup_figures(name: str) -> dict:
    """What the kernel counts in the user's cgroup (made by the hub's spawner, with the limits):
    memory now and at its peak, page cache included, and CPU time throttled by the CPU limit."""
    group = UserCgroup(name, Limits(memory=0, cpus=0, processes=0))
    folders = group.folders()
    if group.support.version == 2 and "unified" in folders:
        folder = folders["unified"]
        cpu = _stat_file(folder / "cpu.stat")
        return {
            "memory": _number(folder / "memory.current"),
            "memory_peak": _number(folder / "memory.peak"),
            "memory_limit": _number(folder / "memory.max"),
            "cpu_throttled_s": cpu.get("throttled_usec", 0) / 1e6,
            "cpu_throttled_periods": cpu.get("nr_throttled", 0),
        }
    figures: dict = {}
    if "memory" in folders:
        folder = folders["memory"]
        memory = _stat_file(folder / "memory.stat")
        figures.update(
            memory=_number(folder / "memory.usage_in_bytes"),
            memory_peak=_number(folder / "memory.max_usage_in_bytes"),
            memory_limit=_number(folder / "memory.limit_in_bytes"),
            memory_rss=memory.get("total_rss"),
            memory_cache=memory.get("total_cache"),
        )
    if "cpu" in folders:
        cpu = _stat_file(folders["cpu"] / "cpu.stat")
        figures.update(
            cpu_throttled_s=cpu.get("throttled_time", 0) / 1e9,
            cpu_throttled_periods=cpu.get("nr_throttled", 0),
        )
    return figures


def mem_available() -> int:
    for line in (_read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu_busy_seconds() -> float:
    """Machine-wide busy CPU time since boot (all cores), from /proc/stat."""
    fields = [int(x) for x in (_read("/proc/stat") or "cpu 0").splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / TICKS


class Sampler:
    """Samples, once a second while the participants work: load average, free memory and each
    participant's processes (their summed RSS/PSS, the peak kept per participant)."""

    def __init__(self, users: dict[int, str], hub_pid: int):
        self.users, self.hub_pid = users, hub_pid
        self.load: list[tuple[float, float]] = []
        self.available: list[int] = []
        self.peak: dict[str, dict] = {name: {"rss": 0, "pss": 0} for name in users.values()}
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds when last seen (ended ones too)
        self.started = time.monotonic()

    def sample(self) -> dict[int, list[dict]]:
        self.load.append((time.monotonic() - self.started, os.getloadavg()[0]))
        self.available.append(mem_available())
        table = process_table(set(self.users))
        for uid, processes in table.items():
            peak = self.peak[self.users[uid]]
            peak["rss"] = max(peak["rss"], sum(p["rss"] for p in processes))
            peak["pss"] = max(peak["pss"], sum(p["pss"] for p in processes))
            for p in processes:
                self.cpu[p["pid"]] = p["cpu_s"]
        return table

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            await asyncio.get_running_loop().run_in_executor(None, self.sample)
            try:
                await asyncio.wait_for(stop.wait(), SAMPLE_SECONDS)
            except asyncio.TimeoutError:
                pass


# -- one participant --------------------------------------------------------------------------


@dataclass
class Participant:
    """What one simulated participant did and how long each step took (seconds)."""

    name: str
    step: str = "waiting"
    login: float | None = None
    spawn: float | None = None
    token: float | None = None
    open: float | None = None
    kernel: float | None = None
    cells: list[float] = field(default_factory=list)
    recomputes: list[float] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    finished: bool = False

    def fail(self, reason: str) -> None:
        self.failures.append({"step": self.step, "reason": reason})


class KernelChannel:
    """A kernel's websocket as JupyterLab uses it (JSON frames, binary frames for buffers)."""

    def __init__(self, ws, session: Session):
        self.ws, self.session = ws, session
        self.widgets: dict[str, dict] = {}  # comm_id -> widget state as opened by the kernel

    async def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg = self.session.msg(msg_type, content)
        msg["channel"] = channel
        await self.ws.write_message(json.dumps(msg, default=json_default))
        return msg["header"]["msg_id"]

    async def receive(self, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise asyncio.TimeoutError
        frame = await asyncio.wait_for(self.ws.read_message(), remaining)
        if frame is None:
            raise ConnectionError("websocket kernel tertutup / the kernel websocket closed")
        msg = deserialize_binary_message(frame) if isinstance(frame, bytes) else json.loads(frame)
        if msg.get("msg_type") == "comm_open":
            content = msg["content"]
            self.widgets[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
        return msg

    async def request(self, msg_type: str, content: dict, deadline: float, reply: str | None):
        """Send on shell; return (reply content, iopub messages) once the kernel is idle again
        and the reply (if one is expected) has come."""
        msg_id = await self.send(msg_type, content)
        replied, idle, iopub = reply is None, False, []
        reply_content = None
        while not (replied and idle):
            msg = await self.receive(deadline)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "shell" and msg["msg_type"] == reply:
                replied, reply_content = True, msg["content"]
            elif msg["channel"] == "iopub":
                iopub.append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
        return reply_content, iopub


class Client:
    """HTTP to the hub and to participants' servers, with the right token."""

    def __init__(self, hub: Hub, concurrency: int):
        AsyncHTTPClient.configure(None, max_clients=concurrency)
        self.http = AsyncHTTPClient()
        self.hub = hub

    async def call(self, method: str, path: str, token: str, deadline: float, body=None):
        remaining = max(deadline - time.monotonic(), 0.1)
        request = HTTPRequest(
            f"{self.hub.url}{path}",
            method=method,
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
            body=None if body is None and method in ("GET", "DELETE") else json.dumps(body or {}),
            request_timeout=remaining,
            connect_timeout=remaining,
        )
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None

    async def login(self, name: str, password: str, deadline: float) -> None:
        """Log in through the hub's login form, as a browser does (its _xsrf cookie and field)."""
        remaining = max(deadline - time.monotonic(), 0.1)
        page = await self.http.fetch(
            HTTPRequest(f"{self.hub.url}/hub/login", request_timeout=remaining,
                        connect_timeout=remaining),
        )
        jar = SimpleCookie()
        for header in page.headers.get_list("Set-Cookie"):
            jar.load(header)
        field = re.search(rb'name="_xsrf"\s+value="([^"]+)"', page.body)
        form = {"username": name, "password": password}
        if field:
            form["_xsrf"] = field.group(1).decode()
        remaining = max(deadline - time.monotonic(), 0.1)
        answer = await self.http.fetch(
            HTTPRequest(
                f"{self.hub.url}/hub/login",
                method="POST",
                body=urllib.parse.urlencode(form),
                headers={"Cookie": "; ".join(f"{k}={m.value}" for k, m in jar.items())},
                follow_redirects=False,
                request_timeout=remaining,
                connect_timeout=remaining,
            ),
            raise_error=False,
        )
        given = SimpleCookie()
        for header in answer.headers.get_list("Set-Cookie"):
            given.load(header)
        if answer.code != 302 or "jupyterhub-hub-login" not in given:
            raise RuntimeError(
                f"login ditolak (HTTP {answer.code}) / login refused (HTTP {answer.code})"
            )

    async def wait_ready(self, name: str, deadline: float) -> None:
        """Follow the hub's spawn progress stream until the server is ready (or failed)."""
        events: list[dict] = []
        buffer = b""

        def chunk(data: bytes) -> None:
            nonlocal buffer
            buffer += data
            while b"\n\n" in buffer:
                block, buffer = buffer.split(b"\n\n", 1)
                for line in block.decode().splitlines():
                    if line.startswith("data:"):
                        events.append(json.loads(line[5:]))

        remaining = max(deadline - time.monotonic(), 0.1)
        request = HTTPRequest(
            f"{self.hub.url}/hub/api/users/{name}/server/progress",
            headers={"Authorization": f"token {self.hub.token}"},
            streaming_callback=chunk,
            request_timeout=remaining,
            connect_timeout=remaining,
        )
        await self.http.fetch(request)
        for event in events:
            if event.get("failed"):
                raise RuntimeError(f"spawn gagal / spawn failed: {event.get('message')}")
            if event.get("ready"):
                return
        raise RuntimeError(
            "aliran progres berakhir tanpa 'ready' / the progress stream ended without 'ready': "
            + (events[-1].get("message", "") if events else "no events")
        )


def find_module(listing: dict, module: str) -> str | None:
    for item in listing.get("content") or []:
        if item["type"] == "notebook" and item["name"] == module:
            return item["path"]
    return None


async def locate_module(client: Client, name: str, token: str, module: str, deadline) -> str:
    """The path of ``module`` in the participant's files: at the top, or one or two folders down
    (their copy of the course, wherever the hub puts it)."""
    base = f"/user/{name}/api/contents"
    todo = [""]
    for _depth in range(3):
        found_dirs = []
        for folder in todo:
            listing = await client.call("GET", f"{base}/{folder}".rstrip("/"), token, deadline)
            path = find_module(listing, module)
            if path:
                return path
            found_dirs += [i["path"] for i in listing["content"] if i["type"] == "directory"]
        todo = [d for d in found_dirs if not d.split("/")[-1].startswith(".")]
    raise FileNotFoundError(
        f"{module} tidak ada di berkas peserta / {module} is not among the participant's files"
    )


async def participant(
    client: Client, person: Participant, password: str, deadline: float, recomputes: int,
    think: float,
) -> None:
    name, hub = person.name, client.hub
    person.step = "login"
    started = time.monotonic()
    await client.login(name, password, deadline)
    person.login = time.monotonic() - started

    person.step = "spawn"
    started = time.monotonic()
    await client.call("POST", f"/hub/api/users/{name}/server", hub.token, deadline)
    await client.wait_ready(name, deadline)
    person.spawn = time.monotonic() - started

    person.step = "token"
    started = time.monotonic()
    made = await client.call(
        "POST",
        f"/hub/api/users/{name}/tokens",
        hub.token,
        deadline,
        {"note": "benchmarks/hub.py", "expires_in": 3600},
    )
    token = made["token"]
    person.token = time.monotonic() - started

    person.step = "open"
    started = time.monotonic()
    path = await locate_module(client, name, token, MODULE, deadline)
    model = await client.call(
        "GET", f"/user/{name}/api/contents/{path}?content=1&type=notebook", token, deadline
    )
    person.open = time.monotonic() - started
    code = ["".join(c["source"]) for c in model["content"]["cells"] if c["cell_type"] == "code"]

    person.step = "kernel"
    started = time.monotonic()
    session = await client.call(
        "POST",
        f"/user/{name}/api/sessions",
        token,
        deadline,
        {"path": path, "name": MODULE, "type": "notebook", "kernel": {"name": "python3"}},
    )
    kernel_id = session["kernel"]["id"]
    messaging = Session(username=name)
    ws_url = hub.url.replace("http", "ws", 1)
    ws = await asyncio.wait_for(
        websocket_connect(
            HTTPRequest(
                f"{ws_url}/user/{name}/api/kernels/{kernel_id}/channels"
                f"?session_id={messaging.session}",
                headers={"Authorization": f"token {token}"},
                # tornado's default is 20 s, shorter than a loaded hub may take to answer
                request_timeout=max(deadline - time.monotonic(), 0.1),
                connect_timeout=max(deadline - time.monotonic(), 0.1),
            ),
            max_message_size=64 * 1024 * 1024,
        ),
        max(deadline - time.monotonic(), 0.1),
    )
    try:
        kernel = KernelChannel(ws, messaging)
        await kernel.request("kernel_info_request", {}, deadline, "kernel_info_reply")
        person.kernel = time.monotonic() - started

        widget_cell = None
        for number, source in enumerate(code, 1):
            person.step = f"cell {number}"
            started = time.monotonic()
            reply, iopub = await kernel.request(
                "execute_request",
                {"code": source, "silent": False, "store_history": True,
                 "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
                deadline,
                "execute_reply",
            )
            person.cells.append(time.monotonic() - started)
            if reply["status"] != "ok":
                person.fail(f"{reply.get('ename')}: {reply.get('evalue', '')[:200]}")
            if WIDGET_CELL in source:
                widget_cell = {m["content"]["comm_id"] for m in iopub if m["msg_type"] == "comm_open"}
            if think:
                await asyncio.sleep(think)

        person.step = "widget"
        if widget_cell is None:
            raise LookupError(f"tidak ada sel {WIDGET_CELL!r} di {MODULE} / no {WIDGET_CELL!r} cell")
        box = next(
            (
                comm
                for comm in widget_cell
                if kernel.widgets[comm].get("_model_name") == "TextModel"
                and kernel.widgets[comm].get("description") == WIDGET_BOX
            ),
            None,
        )
        if box is None:
            raise LookupError(f"kotak {WIDGET_BOX!r} tidak ada / no {WIDGET_BOX!r} box")
        images = {c for c in widget_cell if kernel.widgets[c].get("_model_name") == "ImageModel"}
        for i in range(recomputes):
            started = time.monotonic()
            _, iopub = await kernel.request(
                "comm_msg",
                {"comm_id": box, "data": {"method": "update", "buffer_paths": [],
                                          "state": {"value": WIDGET_VALUES[i % 2]}}},
                deadline,
                None,
            )
            elapsed = time.monotonic() - started
            redrawn = any(
                m["msg_type"] == "comm_msg"
                and m["content"]["comm_id"] in images
                and m["content"]["data"].get("method") in ("update", "echo_update")
                and m.get("buffers")
                for m in iopub
            )
            if not redrawn:
                person.fail("grafik tidak digambar ulang / the chart was not redrawn")
            else:
                person.recomputes.append(elapsed)
            if think:
                await asyncio.sleep(think)
        person.step = "done"
        person.finished = True
    finally:
        ws.close()


async def run_participant(client, person, password, deadline, recomputes, think, delay):
    try:
        await asyncio.sleep(delay)
        await participant(client, person, password, deadline, recomputes, think)
    except asyncio.TimeoutError:
        person.fail("batas waktu habis / timed out")
    except HTTPClientError as error:
        body = error.response.body.decode(errors="replace")[:200] if error.response else ""
        person.fail(f"HTTP {error.code}: {error.message} {body}".strip())
    except Exception as error:  # every other reason is a failure to report, not a crash
        person.fail(f"{type(error).__name__}: {error}")


# -- the run ------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "max": max(values) if values else None,
    }


async def parallel_part(hub: Hub, passwords: dict[str, str], args, report: dict):
    names = list(passwords)
    users = {pwd.getpwnam(name).pw_uid: name for name in names}
    sampler = Sampler(users, hub.process.pid)
    client = Client(hub, concurrency=4 * len(names) + 10)
    people = [Participant(name) for name in names]
    deadline = time.monotonic() + args.timeout
    stop = asyncio.Event()
    sampling = asyncio.create_task(sampler.run(stop))
    busy_before, wall_start = cpu_busy_seconds(), time.monotonic()
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    hub_before = {pid: process_figures(pid) for pid in tree_pids(hub.process.pid)}
    report["memory_available_before"] = mem_available()
    try:
        await asyncio.gather(
            *(
                run_participant(
                    client, person, passwords[person.name], deadline, args.recomputes, args.think,
                    args.ramp * i / max(len(names) - 1, 1),
                )
                for i, person in enumerate(people)
            )
        )
    finally:
        report["wall_s"] = time.monotonic() - wall_start
        busy = cpu_busy_seconds() - busy_before
        own_after = resource.getrusage(resource.RUSAGE_SELF)
        own = (own_after.ru_utime + own_after.ru_stime) - (own_before.ru_utime + own_before.ru_stime)
        report["machine_busy_cores"] = busy / report["wall_s"]
        stop.set()
        await sampling
        # With every module run and every kernel still alive: one more look at each participant.
        table = sampler.sample()
        hub_after = {pid: process_figures(pid) for pid in tree_pids(hub.process.pid)}
        report["cgroups"] = {name: cgroup_figures(name) for name in names}
        report["participants_processes"] = {
            users[uid]: processes for uid, processes in sorted(table.items())
        }
        report["peak"] = sampler.peak
        report["load_average_1min"] = [round(load, 2) for _, load in sampler.load]
        report["memory_available_min"] = min(sampler.available) if sampler.available else None
        hub_own = {pid: f for pid, f in hub_after.items() if _uid_of(pid) == 0}
        participants_cpu = sum(sampler.cpu.values())
        hub_cpu = sum(
            f["cpu_s"] - hub_before.get(pid, {"cpu_s": 0})["cpu_s"] for pid, f in hub_own.items()
        )
        report["cpu_split_s"] = {
            "participants": participants_cpu,
            "hub_and_proxy": hub_cpu,
            "benchmark_client": own,
            "other_work_on_the_machine": max(busy - participants_cpu - hub_cpu - own, 0.0),
        }
        report["hub_and_proxy"] = {
            "rss": sum(f["rss"] for f in hub_own.values()),
            "pss": sum(f["pss"] for f in hub_own.values()),
            "cpu_s": sum(f["cpu_s"] - hub_before.get(pid, {"cpu_s": 0})["cpu_s"]
                         for pid, f in hub_own.items()),
        }
    return people


def _uid_of(pid: int) -> int | None:
    for line in (_read(f"/proc/{pid}/status") or "").splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    return None


def stop_everything(hub: Hub | None, names: list[str], workdir: Path, keep: bool) -> list[str]:
    """Stop the servers, the hub and the proxy, end what is left of the users' processes, delete
    the users and the state folder; the problems met (none is raised: cleanup goes on)."""
    problems: list[str] = []
    existing = [n for n in names if linux_user(n) is not None]
    uids = {pwd.getpwnam(n).pw_uid for n in existing}
    if hub is not None and hub.process.poll() is None:
        hub_tree = tree_pids(hub.process.pid)
        for name in existing:  # servers first, through the hub, as a trainer would
            try:
                request = urllib.request.Request(
                    f"{hub.url}/hub/api/users/{name}/server",
                    method="DELETE",
                    headers={"Authorization": f"token {hub.token}"},
                )
                urllib.request.urlopen(request, timeout=30).close()
            except OSError as error:
                if getattr(error, "code", None) not in (400, 404):  # no server running: fine
                    problems.append(f"DELETE server {name}: {error}")
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            problems.append("hub tidak berhenti dengan SIGTERM / the hub ignored SIGTERM: killed")
            hub.process.kill()
            hub.process.wait()
        for pid in hub_tree - {hub.process.pid}:  # the proxy, if the hub left it behind
            if _uid_of(pid) == 0 and Path(f"/proc/{pid}").exists():
                _kill(pid)
    for _ in range(2):  # anything still running as one of our users is ours to end
        left = [p["pid"] for processes in process_table(uids).values() for p in processes]
        for pid in left:
            _kill(pid)
        if left:
            time.sleep(1)
    paths = HubPaths.make(workdir / "state", workdir / "exchange", workdir / "homes")
    for name in existing:  # the hub's own way to delete an account: database row, user, home
        try:
            remove_account(name, paths)
        except Exception as error:  # the fallback below still deletes the user
            problems.append(f"remove_account {name}: {error}")
    problems += delete_users(names)
    for name in names:
        group = UserCgroup(name, Limits(memory=0, cpus=0, processes=0))
        group.remove()
        problems += [f"cgroup {f} left behind" for f in group.folders().values() if f.exists()]
    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return problems


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def build_report(people: list[Participant], report: dict, args) -> dict:
    cells = [s for p in people for s in p.cells]
    recomputes = [s for p in people for s in p.recomputes]
    processes = report.pop("participants_processes")
    per_user = {
        name: {
            "rss": sum(p["rss"] for p in processes.get(name, [])),
            "pss": sum(p["pss"] for p in processes.get(name, [])),
            "cpu_s": sum(p["cpu_s"] for p in processes.get(name, [])),
            "processes": len(processes.get(name, [])),
            **{
                f"{role}_{key}": sum(
                    p[key] for p in processes.get(name, []) if process_role(p["cmd"]) == role
                )
                for role in ("server", "kernel")
                for key in ("pss", "cpu_s")
            },
            "commands": [p["cmd"] for p in processes.get(name, [])],
        }
        for name in (p.name for p in people)
    }
    ran = [v for name, v in per_user.items() if v["processes"]]
    failures: dict[str, int] = {}
    for person in people:
        for failure in person.failures:
            # The same reason for everyone counts once: names and ports made alike.
            reason = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:<port>", failure["reason"])
            key = f"{failure['step']}: {reason.replace(person.name, '<user>')}"
            failures[key] = failures.get(key, 0) + 1
    peak = report.pop("peak")
    cgroups = report.pop("cgroups")
    loads = report["load_average_1min"]
    return {
        "benchmark": "hub",
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_total": os.sysconf("SC_PHYS_PAGES") * PAGE,
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {
            "participants": args.participants,
            "timeout_s": args.timeout,
            "ramp_s": args.ramp,
            "think_s": args.think,
            "recomputes": args.recomputes,
            "quiet_load": args.quiet_load,
            "module": MODULE,
            "memory_limit": args.memory or "hub serve's default",
            "cpus": args.cpus or "hub serve's default",
        },
        "participants_finished": sum(p.finished for p in people),
        "participants_failed": sum(bool(p.failures) for p in people),
        "failures": failures,
        "login_s": summary([p.login for p in people if p.login is not None]),
        "spawn_s": summary([p.spawn for p in people if p.spawn is not None]),
        "open_s": summary([p.open for p in people if p.open is not None]),
        "kernel_start_s": summary([p.kernel for p in people if p.kernel is not None]),
        "cell_s": summary(cells),
        "module_s": summary([sum(p.cells) for p in people if p.finished]),
        "widget_recompute_s": summary(recomputes),
        "memory_per_participant_end": {
            "rss": summary([v["rss"] for v in ran]),
            "pss": summary([v["pss"] for v in ran]),
        },
        "memory_per_participant_end_split": {
            "server_pss": summary([v["server_pss"] for v in ran]),
            "kernel_pss": summary([v["kernel_pss"] for v in ran]),
        },
        "memory_per_participant_peak": {
            "rss": summary([v["rss"] for v in peak.values() if v["rss"]]),
            "pss": summary([v["pss"] for v in peak.values() if v["pss"]]),
        },
        "cgroup_per_participant": {
            key: summary([g[key] for g in cgroups.values() if g.get(key) is not None])
            for key in ("memory", "memory_peak", "cpu_throttled_s")
        },
        "cgroup_memory_limit": next(
            (g["memory_limit"] for g in cgroups.values() if g.get("memory_limit")), None
        ),
        "cpu_s_per_participant": summary([v["cpu_s"] for v in ran]),
        "cpu_s_per_participant_split": {
            "server": summary([v["server_cpu_s"] for v in ran]),
            "kernel": summary([v["kernel_cpu_s"] for v in ran]),
        },
        "processes_per_participant": summary([v["processes"] for v in ran]),
        "hub_and_proxy": report["hub_and_proxy"],
        "machine_memory_used": (
            report["memory_available_before"] - report["memory_available_min"]
            if report.get("memory_available_min") is not None
            else None
        ),
        "machine_busy_cores": report["machine_busy_cores"],
        "cpu_split_s": report["cpu_split_s"],
        "other_work_busy_cores": report["cpu_split_s"]["other_work_on_the_machine"]
        / report["wall_s"],
        "load_average_1min": {
            "before": report["load_before"],
            "max": max(loads) if loads else None,
            "mean": statistics.fmean(loads) if loads else None,
            "end": loads[-1] if loads else None,
        },
        "wall_s": report["wall_s"],
        "hub_start_s": report["hub_start_s"],
        "accounts_s": report["accounts_s"],
        "per_participant": [
            {**asdict(p), **report["accounts"][p.name],
             "end": per_user[p.name], "peak": peak.get(p.name), "cgroup": cgroups.get(p.name)}
            for p in people
        ],
        "state": report["state"],
        "cleanup_problems": report.get("cleanup_problems", []),
    }


def process_role(command: str) -> str:
    """``server`` (the participant's Jupyter server), ``kernel`` (ipykernel) or ``other``."""
    if "ipykernel" in command:
        return "kernel"
    if "singleuser" in command or "jupyter" in command:
        return "server"
    return "other"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value / 2**20:.0f}"


def print_table(result: dict, out=sys.stdout) -> None:
    m = result["machine"]
    s = result["settings"]
    print(
        f"\nHub load: {s['participants']} participants, {s['module']}, ramp {s['ramp_s']} s, "
        f"think {s['think_s']} s; {m['cpus']} CPUs, {m['memory_total'] / 2**30:.1f} GiB "
        f"({result['date']})",
        file=out,
    )
    print(f"{'':<34}{'n':>6}{'p50':>9}{'p95':>9}{'max':>9}", file=out)
    for label, key in [
        ("login (s)", "login_s"),
        ("spawn (s)", "spawn_s"),
        ("open the module (s)", "open_s"),
        ("kernel start (s)", "kernel_start_s"),
        ("one cell (s)", "cell_s"),
        ("whole module, all cells (s)", "module_s"),
        ("widget recompute (s)", "widget_recompute_s"),
        ("CPU per participant (s)", "cpu_s_per_participant"),
    ]:
        f = result[key]
        print(f"{label:<34}{f['n']:>6}{_s(f['p50']):>9}{_s(f['p95']):>9}{_s(f['max']):>9}", file=out)
    for label, key in [("end", "memory_per_participant_end"), ("peak", "memory_per_participant_peak")]:
        for kind in ("pss", "rss"):
            f = result[key][kind]
            print(
                f"{f'memory per participant, {kind.upper()} {label} (MiB)':<34}{f['n']:>6}"
                f"{_mib(f['p50']):>9}{_mib(f['p95']):>9}{_mib(f['max']):>9}",
                file=out,
            )
    for label, key in [("now", "memory"), ("peak", "memory_peak")]:
        f = result["cgroup_per_participant"][key]
        print(
            f"{f'cgroup memory {label} (MiB)':<34}{f['n']:>6}"
            f"{_mib(f['p50']):>9}{_mib(f['p95']):>9}{_mib(f['max']):>9}",
            file=out,
        )
    f = result["cgroup_per_participant"]["cpu_throttled_s"]
    print(
        f"{'cgroup CPU throttled (s)':<34}{f['n']:>6}{_s(f['p50']):>9}{_s(f['p95']):>9}"
        f"{_s(f['max']):>9}",
        file=out,
    )
    split = result["memory_per_participant_end_split"]
    print(
        f"{'  of which server / kernel PSS (MiB)':<34}{'':>6}"
        f"{_mib(split['server_pss']['p50']):>9}{_mib(split['server_pss']['p95']):>9}"
        f"  / {_mib(split['kernel_pss']['p50'])}, {_mib(split['kernel_pss']['p95'])}",
        file=out,
    )
    hub = result["hub_and_proxy"]
    load = result["load_average_1min"]
    print(
        f"hub + proxy: RSS {_mib(hub['rss'])} MiB, PSS {_mib(hub['pss'])} MiB, "
        f"CPU {hub['cpu_s']:.1f} s\n"
        f"machine: memory used by the run {_mib(result['machine_memory_used'])} MiB, "
        f"busy cores {result['machine_busy_cores']:.2f} (all work on the machine), of which "
        f"{result['other_work_busy_cores']:.2f} other work (not this run)\n"
        f"load average (1 min): before {load['before']:.2f}, mean {_s(load['mean'])}, "
        f"max {_s(load['max'])}, end {_s(load['end'])}\n"
        f"hub start {result['hub_start_s']:.1f} s, accounts {result['accounts_s']:.1f} s, "
        f"parallel part {result['wall_s']:.1f} s\n"
        f"finished {result['participants_finished']}/{s['participants']}, "
        f"with a failure {result['participants_failed']}",
        file=out,
    )
    for reason, count in sorted(result["failures"].items(), key=lambda kv: -kv[1]):
        print(f"  {count:>4} × {reason}", file=out)
    for problem in result["cleanup_problems"]:
        print(f"  cleanup: {problem}", file=out)


def wait_for_quiet(load: float, wait: float, out) -> float:
    """Wait (at most ``wait`` seconds) for the 1-minute load average to fall to ``load``: a run
    that starts right after another would otherwise count that one's load as this one's."""
    deadline = time.monotonic() + wait
    current = os.getloadavg()[0]
    if current > load and wait > 0:
        print(f"load average {current:.2f} > {load:.2f}: waiting up to {wait:.0f} s…", file=out)
    while current > load and time.monotonic() < deadline:
        time.sleep(5)
        current = os.getloadavg()[0]
    return current


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30, help="how many (default 30)")
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds for the parallel part (default 900)"
    )
    parser.add_argument(
        "--ramp", type=float, default=0.0,
        help="spread the participants' starts over this many seconds (default 0: all at once)",
    )
    parser.add_argument(
        "--think", type=float, default=0.0,
        help="seconds each participant waits after a cell or a widget change (default 0)",
    )
    parser.add_argument("--recomputes", type=int, default=3, help="widget changes each (default 3)")
    parser.add_argument(
        "--json", default=None,
        help="where to write the figures: a path, or - for stdout "
        "(default benchmarks/results/hub-N<n>-<date>.json)",
    )
    parser.add_argument(
        "--memory", help="memory limit per participant, passed to hub serve (its default: 2G)"
    )
    parser.add_argument(
        "--cpus", help="CPU cores per participant, passed to hub serve (its default: 1)"
    )
    parser.add_argument(
        "--quiet-load", type=float, default=float(os.cpu_count() or 1),
        help="before starting, wait for the 1-minute load average to fall to this "
        "(default: the number of CPUs)",
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=180,
        help="wait at most this many seconds for it (default 180; 0: do not wait)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the hub's state folder (logs)")
    args = parser.parse_args(argv)
    if not 1 <= args.participants <= 200:
        parser.error("--participants: 1 sampai 200 / 1 to 200")
    if args.timeout <= 0 or args.ramp < 0 or args.think < 0 or args.recomputes < 1:
        parser.error(
            "--timeout harus > 0, --ramp dan --think >= 0, --recomputes >= 1 / "
            "--timeout must be > 0, --ramp and --think >= 0, --recomputes >= 1"
        )
    if os.geteuid() != 0:
        print(
            "benchmarks/hub.py harus dijalankan sebagai root: ia membuat akun sistem peserta / "
            "benchmarks/hub.py must run as root: it creates the participants' system accounts",
            file=sys.stderr,
        )
        return 2

    out = sys.stderr if args.json == "-" else sys.stdout
    workdir = Path(tempfile.mkdtemp(prefix="kelas-ekspor-hubload-"))
    os.chmod(workdir, 0o755)
    names: list[str] = []
    hub = None
    report: dict = {"load_before": os.getloadavg()[0], "state": str(workdir)}
    result = None

    def terminated(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        report["load_before"] = wait_for_quiet(args.quiet_load, args.quiet_wait, out)
        started = time.monotonic()
        options = [*(["--memory", args.memory] if args.memory else []),
                   *(["--cpus", args.cpus] if args.cpus else [])]
        hub = start_hub(workdir, 120, options)
        report["hub_start_s"] = time.monotonic() - started
        print(f"hub at {hub.url} ({report['hub_start_s']:.1f} s)", file=out)
        names = participant_names(args.participants)
        started = time.monotonic()
        passwords = create_accounts(hub, names, workdir)
        check_participant_can_run(names[0])
        report["accounts"] = {
            name: {"uid": pwd.getpwnam(name).pw_uid, "home": pwd.getpwnam(name).pw_dir}
            for name in names
        }
        report["accounts_s"] = time.monotonic() - started
        print(f"{len(names)} accounts ({report['accounts_s']:.1f} s); running…", file=out)
        people = asyncio.run(parallel_part(hub, passwords, args, report))
        result = build_report(people, report, args)
    except BenchmarkError as error:
        print(f"\n{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ndihentikan; membersihkan… / interrupted; cleaning up…", file=sys.stderr)
        return 130
    finally:
        problems = stop_everything(hub, names, workdir, args.keep)
        signal.signal(signal.SIGTERM, previous)
        if result is not None:
            result["cleanup_problems"] = problems
        for problem in problems if result is None else []:
            print(f"cleanup: {problem}", file=sys.stderr)
        if args.keep:
            print(f"state kept in {workdir}", file=sys.stderr)
    print_table(result, out)
    text = json.dumps(result, indent=1)
    if args.json == "-":
        print(text)
    else:
        path = Path(args.json) if args.json else RESULTS / (
            f"hub-N{args.participants}-{datetime.date.today().isoformat()}.json"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n")
        print(f"figures written to {path}", file=out)
    return 0 if result["participants_failed"] == 0 and not result["cleanup_problems"] else 1


if __name__ == "__main__":
    sys.exit(main())
