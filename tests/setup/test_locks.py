"""The locks in requirements/: one per Python that pyproject admits, each installable where trainers are.

The resolution tests need PyPI, so that a pin that drops a Python version or a platform fails here, not
on a trainer's laptop. pip's dry run reads only the packages' metadata; it reads PyPI's file lists
through a local index that keeps, from those lists, the files of the releases the locks pin, so that
sixteen runs do not each parse every release of every project (a third of the time).
"""

import html
import json
import os
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
SUPPORTED = SpecifierSet(PROJECT["requires-python"])
MINORS = [f"3.{m}" for m in range(40) if f"3.{m}.0" in SUPPORTED and f"3.{m}.99" in SUPPORTED]
DECLARED = [Requirement(r) for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]]

# Where trainers run it: the marker values of each platform, and the wheel tags pip may take there.
PLATFORMS = {
    # glibc 2.28 or newer (Debian 10, Ubuntu 20.04, RHEL 8 and later), x86_64.
    "linux": ({"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
               "platform_machine": "x86_64"},
              [f"manylinux_2_{m}_x86_64" for m in range(28, 16, -1)]
              + ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]),
    "windows": ({"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                 "platform_machine": "AMD64"}, ["win_amd64"]),
    # pip counts every older macOS release in: 11.0 is the first on Apple silicon.
    "macos-arm64": ({"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
                     "platform_machine": "arm64"}, ["macosx_11_0_arm64"]),
    "macos-intel": ({"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix",
                     "platform_machine": "x86_64"}, ["macosx_12_0_x86_64"]),
}

SERVERS = {"linux"}  # where a class server also installs the hub's and the image's extras


def _environment(platform: str, python: str) -> dict[str, str]:
    """Marker values for CPython `python` (e.g. "3.11.2") on one of PLATFORMS."""
    return {**PLATFORMS[platform][0], "python_version": ".".join(python.split(".")[:2]),
            "python_full_version": python, "implementation_version": python,
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "platform_release": "", "platform_version": "", "extra": ""}


def _lock(minor: str) -> str:
    return (ROOT / "requirements" / f"py{minor}.txt").read_text()


def _pins(lock_text: str, environment: dict[str, str] | None) -> list[Requirement]:
    """The lock's lines that apply in `environment` (all of them for None), without their markers."""
    pins = []
    for line in lock_text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pin = Requirement(line)
        if environment is None or pin.marker is None or pin.marker.evaluate(environment):
            pin.marker = None
            pins.append(pin)
    return pins


def test_every_python_that_pyproject_admits_has_a_lock():
    """Is there a lock for each Python in requires-python, and none for another, as the README says?"""
    locks = sorted(path.stem[2:] for path in (ROOT / "requirements").glob("py3.*.txt"))
    assert MINORS and locks == MINORS
    readme = (ROOT / "README.md").read_text()
    assert f"CPython {MINORS[0]} to {MINORS[-1]}" in readme


@pytest.mark.parametrize("minor", MINORS)
def test_lock_pins_one_version_of_everything_pyproject_declares(minor):
    """Does every 3.X.y on every platform get the same single version of each package, within
    pyproject's ranges, and does the lock say how it was made?"""
    text = _lock(minor)
    assert "Made by `make locks`" in text.split("\n\n")[0]
    versions: dict[str, set[str]] = {}
    for platform in PLATFORMS:
        for patch in (0, 99):
            pins = _pins(text, _environment(platform, f"{minor}.{patch}"))
            names = [canonicalize_name(pin.name) for pin in pins]
            assert len(names) == len(set(names)), f"{platform}, {minor}.{patch}: a package twice"
            pinned = {canonicalize_name(pin.name): str(pin.specifier)[2:] for pin in pins}
            assert all(str(pin.specifier).startswith("==") for pin in pins)
            for name, version in pinned.items():
                versions.setdefault(name, set()).add(version)
            for declared in DECLARED:
                name = canonicalize_name(declared.name)
                assert name in pinned, f"{declared} is not in the {minor} lock for {platform}"
                assert pinned[name] in declared.specifier, f"{minor}: {name}=={pinned[name]}"
    assert {name: v for name, v in versions.items() if len(v) > 1} == {}


PYPI = "https://pypi.org/simple"


def _release(filename: str) -> Version | None:
    """The version a wheel or sdist file holds (None for other kinds of files)."""
    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[1]
        return parse_sdist_filename(filename)[1]
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


def _anchor(file: dict) -> str:
    """One file of PyPI's JSON file list (PEP 691) as a link of an HTML simple index (PEP 503, 658)."""
    href = file["url"] + "".join(f"#{k}={v}" for k, v in file["hashes"].items() if k == "sha256")
    attributes = ""
    if file.get("requires-python"):
        attributes += f' data-requires-python="{html.escape(file["requires-python"])}"'
    metadata = file.get("core-metadata", file.get("dist-info-metadata"))
    if isinstance(metadata, dict) and "sha256" in metadata:
        attributes += f' data-core-metadata="sha256={metadata["sha256"]}"'
    elif metadata:
        attributes += ' data-core-metadata="true"'
    if file.get("yanked"):
        reason = file["yanked"] if isinstance(file["yanked"], str) else ""
        attributes += f' data-yanked="{html.escape(reason)}"'
    return f'<a href="{html.escape(href)}"{attributes}>{html.escape(file["filename"])}</a>'


@pytest.fixture(scope="module")
def pinned_index(tmp_path_factory) -> Path:
    """A simple index of PyPI's files for every release some lock pins, and of no other release."""
    releases: dict[str, set[Version]] = {}
    for minor in MINORS:
        for pin in _pins(_lock(minor), None):
            releases.setdefault(canonicalize_name(pin.name), set()).add(Version(str(pin.specifier)[2:]))
    root = tmp_path_factory.mktemp("index")

    def write(name: str) -> None:
        request = urllib.request.Request(f"{PYPI}/{name}/",
                                         headers={"Accept": "application/vnd.pypi.simple.v1+json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            files = json.load(response)["files"]
        anchors = [_anchor(f) for f in files if _release(f["filename"]) in releases[name]]
        (root / name).mkdir()
        (root / name / "index.html").write_text("<!DOCTYPE html>\n<html><body>\n"
                                                + "\n".join(anchors) + "\n</body></html>\n")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, releases))
    return root


def _resolve(minor: str, platform: str, index: Path, workdir: Path) -> subprocess.CompletedProcess:
    """pip's dry run of the lock (and pyproject's own ranges) for CPython `minor`.0 on `platform`,
    wheels only, this machine's pip configuration set aside."""
    environment = _environment(platform, f"{minor}.0")
    pins = workdir / f"{minor}-{platform}.txt"
    pins.write_text("".join(f"{pin}\n" for pin in _pins(_lock(minor), environment)))
    report = workdir / f"{minor}-{platform}.json"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") or k in ("PIP_CERT", "PIP_DEFAULT_TIMEOUT")}
    env["PIP_CONFIG_FILE"] = os.devnull
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
               "--disable-pip-version-check", "--report", str(report), "--index-url", index.as_uri(),
               "--python-version", f"{minor}.0", "--implementation", "cp", "--only-binary", ":all:"]
    for tag in PLATFORMS[platform][1]:
        command += ["--platform", tag]
    # Linux installs every pin (a class server takes the hub's extras too); a trainer's Mac or
    # Windows laptop installs what pyproject declares, held to the lock (as `make setup` does).
    command += ["-r" if platform in SERVERS else "-c", str(pins)]
    command += [str(r) for r in DECLARED if not r.marker or r.marker.evaluate(environment)]
    # A guard against a hung connection, not a speed target: one run takes seconds.
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


CASES = [(minor, platform) for minor in MINORS for platform in PLATFORMS]


@pytest.fixture(scope="module")
def resolutions(request, tmp_path_factory, pinned_index):
    """pip's dry runs of the selected cases, four at a time, started together."""
    wanted = {tuple(item.callspec.params["case"]) for item in request.session.items
              if getattr(item, "originalname", "") == "test_lock_resolves_with_pip"}
    workdir = tmp_path_factory.mktemp("resolve")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {case: pool.submit(_resolve, *case, pinned_index, workdir) for case in CASES if case in wanted}
        yield futures, workdir
        for future in futures.values():
            future.cancel()


@pytest.mark.parametrize("case", CASES, ids=[f"{m}-{p}" for m, p in CASES])
def test_lock_resolves_with_pip(case, resolutions):
    """Does pip find a wheel of every pinned version for CPython 3.X.0 on this platform, with every
    pin satisfying the others and pyproject's ranges (on a laptop: of every pin the project needs
    there)?"""
    futures, workdir = resolutions
    minor, platform = case
    result = futures[case].result()
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode == 0, "\n".join(errors or result.stderr.splitlines()[-20:])
    report = json.loads((workdir / f"{minor}-{platform}.json").read_text())
    chosen = {canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
              for item in report["install"]}
    # (pip judges dependencies' markers by the Python running it, not by --python-version, so it
    # may add a package the lock leaves out for that Python: overrides, needed before 3.12 only)
    locked = {canonicalize_name(pin.name): str(pin.specifier)[2:] for pin in _pins(_lock(minor), None)}
    assert {name: version for name, version in chosen.items()
            if name in locked and locked[name] != version} == {}
    environment = _environment(platform, f"{minor}.0")
    for declared in DECLARED:
        if not declared.marker or declared.marker.evaluate(environment):
            assert canonicalize_name(declared.name) in chosen, declared
    if platform in SERVERS:
        for pin in _pins(_lock(minor), _environment(platform, f"{minor}.0")):
            assert chosen.get(canonicalize_name(pin.name)) == str(pin.specifier)[2:], pin
    assert all(item["download_info"]["url"].endswith(".whl") for item in report["install"])
