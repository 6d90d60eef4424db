"""`make setup` and the Python in use: the right lock, or one sentence and nothing installed."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MINORS = sorted(path.stem[2:] for path in (ROOT / "requirements").glob("py3.*.txt"))
THIS = f"{sys.version_info.major}.{sys.version_info.minor}"

# Interpreters this machine has besides the one running the tests (pyenv's, where present).
OTHERS = sorted(Path.home().glob(".pyenv/versions/*/bin/python"))
UNSUPPORTED = [p for p in OTHERS if ".".join(p.parents[1].name.split(".")[:2]) not in MINORS]
SUPPORTED = [p for p in OTHERS if p not in UNSUPPORTED]


def _make(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """`make ARGS` as typed in a fresh shell (not as a sub-make of `make test`)."""
    env = {k: v for k, v in (env or os.environ).items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    # The timeout guards against a hang; it is not a speed target.
    return subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def _assert_refused_in_one_sentence(result: subprocess.CompletedProcess, versions: list[str]):
    listed = ", ".join(versions[:-1]) + f" atau {versions[-1]}" if len(versions) > 1 else versions[0]
    lines = result.stderr.splitlines()
    assert result.returncode != 0
    assert result.stdout == ""  # no command ran before the refusal
    assert lines[0].startswith(f"Kelas Ekspor memerlukan CPython {listed}, bukan ")
    assert lines[1].startswith("Kelas Ekspor needs CPython " + listed.replace(" atau ", " or "))
    assert "https://www.python.org/downloads/" in lines[1]
    assert len(lines) == 3 and lines[2].startswith("make: ***")  # make's own line, nothing else


@pytest.mark.parametrize("python", UNSUPPORTED, ids=[p.parents[1].name for p in UNSUPPORTED])
def test_an_unsupported_python_is_refused_before_anything_is_made(python, tmp_path):
    """Does `make setup` with Python 3.9 (2.7, 3.6…) say which versions work, and make no venv?"""
    venv = tmp_path / "venv"
    result = _make("setup", f"PYTHON={python}", f"VENV={venv}")
    _assert_refused_in_one_sentence(result, MINORS)
    assert f"bukan CPython {python.parents[1].name} ({python})" in result.stderr
    assert not venv.exists()


def _copy_of_the_setup(tmp_path: Path, without: str = "") -> Path:
    """Makefile, pyproject and requirements/ in a throwaway folder, less the lock for `without`."""
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    if without:
        (tmp_path / "requirements" / f"py{without}.txt").unlink()
    return tmp_path


def test_the_python_running_the_tests_is_refused_where_it_has_no_lock(tmp_path):
    """With no lock for this Python (as 3.14 has none), is it refused in one sentence, nothing made?"""
    setup = _copy_of_the_setup(tmp_path, without=THIS)
    venv = tmp_path / "venv"
    result = _make("setup", f"PYTHON={sys.executable}", f"VENV={venv}", cwd=setup)
    _assert_refused_in_one_sentence(result, [m for m in MINORS if m != THIS])
    assert not venv.exists()


def test_a_venv_made_by_a_python_without_a_lock_is_refused_with_the_way_out(tmp_path):
    """If .venv was made by a Python that has no lock, is that said, with `make clean`, and nothing run?"""
    setup = _copy_of_the_setup(tmp_path, without=THIS)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    result = _make("setup", f"VENV={venv}", cwd=setup)
    lines = result.stderr.splitlines()
    assert result.returncode != 0 and "pip" not in result.stdout
    assert lines[0].startswith("Kelas Ekspor memerlukan CPython ") and THIS not in lines[0][:60]
    assert "make clean" in lines[2] and lines[3].startswith("make: ***")
    assert sorted(p.name for p in venv.rglob("*")) == ["bin", "python"]


def test_a_python_without_venv_is_told_how_to_get_it(tmp_path):
    """Where ensurepip is missing (Debian's and Ubuntu's python3 without python3-venv), is the fix said
    in one sentence before a half-made venv exists?"""
    # Debian ships ensurepip apart: without python3.X-venv, `import ensurepip` fails just so.
    shadow = tmp_path / "no-ensurepip" / "ensurepip"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'ensurepip'\", name='ensurepip')\n")
    env = dict(os.environ, PYTHONPATH=str(shadow.parent))
    venv = tmp_path / "venv"
    result = _make("setup", f"PYTHON={sys.executable}", f"VENV={venv}", env=env)
    lines = result.stderr.splitlines()
    assert result.returncode != 0 and result.stdout == ""
    assert "tidak dapat membuat lingkungan virtual" in lines[0]
    assert f"sudo apt install python{THIS}-venv" in lines[0] and f"python{THIS}-venv" in lines[1]
    assert lines[1].split(" cannot create a virtual environment")[0].endswith(f"({sys.executable})")
    assert len(lines) == 3 and not venv.exists()


@pytest.mark.parametrize("python", [Path(sys.executable)] + SUPPORTED,
                         ids=["running"] + [p.parents[1].name for p in SUPPORTED])
def test_setup_installs_through_the_lock_of_the_python_in_use(python, tmp_path):
    """Would `make setup` install through requirements/py3.X.txt for this Python's 3.X?"""
    minor = subprocess.run([str(python), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    result = _make("-n", "setup", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}")
    assert result.returncode == 0, result.stderr
    installs = [line for line in result.stdout.splitlines() if " -e '.[test,hub]'" in line]
    assert installs == [f"{tmp_path}/venv/bin/python -m pip install --quiet "
                        f"-c requirements/py{minor}.txt -e '.[test,hub]'"]
    checks = result.stdout.index(f"{python} requirements/locks.py --venv")
    assert checks < result.stdout.index("-m venv") < result.stdout.index(installs[0])


def test_the_stamp_follows_the_lock_in_use(tmp_path):
    """Is setup remade when the lock of the venv's Python changes, and only then (not for another's)?"""
    setup = _copy_of_the_setup(tmp_path)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    stamp = venv / ".kelas-ekspor-installed"
    stamp.write_text(f"requirements/py{THIS}.txt\n")
    later = max(p.stat().st_mtime for p in setup.rglob("*") if p.is_file()) + 10
    os.utime(stamp, (later, later))

    def up_to_date() -> bool:
        result = _make("-q", str(stamp), f"VENV={venv}", "PYTHON=false", cwd=setup)
        assert result.returncode in (0, 1), result.stderr
        return result.returncode == 0

    assert up_to_date()
    for other in (m for m in MINORS if m != THIS):
        os.utime(setup / "requirements" / f"py{other}.txt", (later + 5, later + 5))
    assert up_to_date()
    os.utime(setup / "requirements" / f"py{THIS}.txt", (later + 5, later + 5))
    assert not up_to_date()


def test_the_helper_names_the_lock_from_any_folder():
    """Run as the README's Windows steps do, does the helper print a path that exists?"""
    result = subprocess.run([sys.executable, str(ROOT / "requirements" / "locks.py")],
                            cwd=ROOT / "course", capture_output=True, text=True, check=True)
    printed = result.stdout.strip()
    assert re.fullmatch(r"\.\./requirements/py3\.\d+\.txt", printed)
    assert (ROOT / "course" / printed).resolve() == ROOT / "requirements" / f"py{THIS}.txt"
