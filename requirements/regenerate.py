"""Make the per-Python locks in requirements/ with uv: `make locks` runs this.

For each CPython minor that pyproject.toml's `requires-python` admits, `requirements/py3.X.txt` is
made in two uv steps, both reading the versions already in that lock as preferences, so a version
changes only where something forces it:

1. `uv pip compile --python-version 3.X.0 --python-platform x86_64-manylinux_2_28`: the versions for
   the oldest 3.X release, so that one set of versions serves every 3.X.y (Debian 12 has 3.11.2,
   Ubuntu 22.04 has 3.10.12) and CI tests what a trainer installs;
2. `uv pip compile --universal --python-version 3.X.0`: the same versions, with the markers and the
   packages that macOS and Windows need.

A package that would still get two versions in one lock stops the run: pin it in
requirements/constraints.in. Arguments after the options go to step 1, e.g.
`make locks LOCKS_ARGS="--upgrade-package jupyterlab"` or `LOCKS_ARGS=--upgrade`.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.specifiers import SpecifierSet

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = "requirements/constraints.in"
INPUT = ["pyproject.toml", "--extra", "test", "-c", CONSTRAINTS]  # the server extras (hub, kubernetes) are not: see pyproject.toml
LINUX = "x86_64-manylinux_2_28"


def _minors(requires_python: str) -> list[str]:
    """The CPython 3.X versions whose every release `requires_python` admits."""
    spec = SpecifierSet(requires_python)
    return [f"3.{minor}" for minor in range(0, 40)
            if f"3.{minor}.0" in spec and f"3.{minor}.99" in spec]


def _header(version: str, uv_version: str, steps: list[list[str]]) -> str:
    """The comment that opens requirements/py<version>.txt: what it is and how it was made."""
    commands = "\n".join("#   uv pip compile " + " ".join(step) for step in steps)
    return (
        f"# requirements/py{version}.txt: the versions `make setup` installs on CPython {version} (every\n"
        f"# {version}.x from {version}.0) on Linux, macOS and Windows, with\n"
        f"#   pip install -c requirements/py{version}.txt -e '.[test]'\n"
        f"# Made by `make locks` (requirements/regenerate.py) with {uv_version}, in two steps that\n"
        f"# keep the versions already here unless a Python version or platform forces another:\n"
        f"{commands}\n"
        f"# the first picks the versions for the oldest {version}, the second keeps them and adds the\n"
        f"# markers and packages macOS and Windows need. Do not edit by hand: change pyproject.toml\n"
        f"# or {CONSTRAINTS}, then run `make locks`.\n"
    )


def _pinned_twice(lock_text: str) -> list[str]:
    """Names of the packages pinned on more than one line of a lock."""
    names = [re.split(r"[=;\s]", line, maxsplit=1)[0].lower().replace("_", "-")
             for line in lock_text.splitlines() if line and not line.startswith((" ", "#"))]
    return sorted({name for name in names if names.count(name) > 1})


def _compile_lock(uv: str, version: str, uv_version: str, extra: list[str]) -> None:
    """Write requirements/py<version>.txt (see the module docstring)."""
    lock = ROOT / "requirements" / f"py{version}.txt"
    existing = sorted((ROOT / "requirements").glob("py3.*.txt"), key=lambda p: int(p.stem[4:]))
    seed = lock if lock.exists() else (existing[-1] if existing else None)
    steps = [
        INPUT + ["--python-version", f"{version}.0", "--python-platform", LINUX],
        INPUT + ["--python-version", f"{version}.0", "--universal"],
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / lock.name
        if seed is not None:
            shutil.copyfile(seed, out)
        for step, more in zip(steps, (extra, [])):
            subprocess.run([uv, "pip", "compile", *step, *more, "--quiet", "--no-header",
                            "-o", str(out)], cwd=ROOT, check=True)
        text = out.read_text()
    twice = _pinned_twice(text)
    if twice:
        sys.exit(f"{lock.name}: uv gave {', '.join(twice)} more than one version; pin one in "
                 f"{CONSTRAINTS} so that every {version}.x and every platform get the same.")
    lock.write_text(_header(version, uv_version, steps) + text)
    print(f"wrote {lock.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", default="uv", help="the uv executable (default: uv on PATH)")
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="more arguments for step 1")
    args = parser.parse_args()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    versions = _minors(project["requires-python"])
    uv_version = subprocess.run([args.uv, "--version"], capture_output=True, text=True,
                                check=True).stdout.split(" (")[0].strip()
    for version in versions:
        _compile_lock(args.uv, version, uv_version, args.extra)
    for stale in sorted((ROOT / "requirements").glob("py3.*.txt")):
        if stale.stem[2:] not in versions:
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)} (outside requires-python)")


if __name__ == "__main__":
    main()
