"""Which lock fits this Python: print its path, or say in one sentence which Pythons work.

    python requirements/locks.py          prints e.g. requirements/py3.12.txt
    python requirements/locks.py --venv   the same, once it is sure this Python can make a venv

`make setup` and the README's steps without make (Windows) use it. The Pythons supported are those
with a lock here (py3.X.txt, made by `make locks`). It runs on any Python, 2.7 included, so that an
unsupported one hears which versions work instead of a syntax error.
"""

from __future__ import print_function

import glob
import os
import platform
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
USAGE = "usage: python requirements/locks.py [--venv]"


def _supported():
    """The (major, minor) versions that have a lock beside this script, oldest first."""
    versions = []
    for path in glob.glob(os.path.join(HERE, "py[0-9]*.[0-9]*.txt")):
        parts = os.path.basename(path)[2:-4].split(".")
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            versions.append((int(parts[0]), int(parts[1])))
    return sorted(versions)


def _say(indonesian, english):
    """Write one sentence to stderr, in Bahasa Indonesia first, then in English."""
    sys.stderr.write(indonesian + "\n" + english + "\n")


def main(argv):
    if [arg for arg in argv if arg != "--venv"]:
        sys.stderr.write(USAGE + "\n")
        return 2
    found = "%s %s (%s)" % (platform.python_implementation(), platform.python_version(),
                            sys.executable)
    versions = ["%d.%d" % version for version in _supported()]
    this = "%d.%d" % sys.version_info[:2]
    if platform.python_implementation() != "CPython" or this not in versions:
        newest = versions[-1]
        some = ", ".join(versions[:-1])
        in_id = some + " atau " + newest if some else newest
        in_en = some + " or " + newest if some else newest
        _say("Kelas Ekspor memerlukan CPython %s, bukan %s: pasang salah satunya "
             "(https://www.python.org/downloads/, atau paket python3 dari distribusi Linux Anda) "
             "lalu pakai itu, misalnya `make setup PYTHON=python%s` (Windows: `py -%s`)."
             % (in_id, found, newest, newest),
             "Kelas Ekspor needs CPython %s, not %s: install one "
             "(https://www.python.org/downloads/, or your Linux distribution's python3 package) "
             "and use it, e.g. `make setup PYTHON=python%s` (Windows: `py -%s`)."
             % (in_en, found, newest, newest))
        return 1
    if "--venv" in argv:
        try:
            import ensurepip  # noqa: F401  (Debian and Ubuntu ship it apart, in python3.X-venv)
            import venv  # noqa: F401
        except ImportError:
            _say("%s tidak dapat membuat lingkungan virtual karena modul venv/ensurepip-nya tidak "
                 "ada: di Debian atau Ubuntu pasang dengan `sudo apt install python%s-venv`, lalu "
                 "ulangi." % (found, this),
                 "%s cannot create a virtual environment because its venv/ensurepip module is "
                 "missing: on Debian or Ubuntu install it with `sudo apt install python%s-venv`, "
                 "then try again." % (found, this))
            return 1
    lock = os.path.join(HERE, "py%s.txt" % this)
    try:
        print(os.path.relpath(lock))
    except ValueError:  # Windows, on another drive than the current folder
        print(lock)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
