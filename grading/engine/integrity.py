"""Nothing lost, whatever the isolation: what grading must never change, kept and checked.

Before a batch, :class:`Keeper` reads every file ``grade`` must not change — every submission of
the assignment, its source and its release — into this process's memory, with a content hash,
and keeps a copy of the gradebook as the grading run last wrote it. A participant's code runs in
other processes and cannot reach this memory. After each submission is graded, and at the end,
:meth:`Keeper.check` compares the files on disk with the copies: a file changed, removed or
added is put back (:meth:`Keeper.restore`), and the run learns whose submissions were hit (to
grade them again) and that someone tampered (the engine finds who by grading the suspects again
one at a time). The gradebook is written only by the grading process; a gradebook changed by
anyone else between two of its writes is put back the same way.

Where the sandbox holds (grading as root, or in user namespaces) a kernel cannot see these
files at all; on a laptop with less isolation this is what keeps every participant's work.

Examples
--------
>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> (root / "submitted" / "P01").mkdir(parents=True)
>>> _ = (root / "submitted" / "P01" / "a.ipynb").write_text("{}")
>>> keeper = Keeper([root / "submitted"])
>>> _ = (root / "submitted" / "P01" / "a.ipynb").write_text("rusak")
>>> [str(p.relative_to(root)) for p in keeper.check()]
['submitted/P01/a.ipynb']
>>> keeper.restore(keeper.check())
>>> (root / "submitted" / "P01" / "a.ipynb").read_text(), keeper.check()
('{}', [])
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["Keeper"]

_SKIP = {".ipynb_checkpoints", "__pycache__"}


def _walk(root: Path):
    """Every regular file under ``root`` (or ``root`` itself), with its ``os.stat``."""
    if root.is_file():
        yield root, root.stat()
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP]
        for name in names:
            path = Path(folder) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if info.st_mode & 0o170000 == 0o100000:
                yield path, info


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    # the change time cannot be set back by a process (utime sets access and modification only)
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class Keeper:
    """In-memory copies of the files under ``roots`` (folders or single files), to check and
    restore; and, with :meth:`keep_gradebook`, of the gradebook between the run's own writes."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = [Path(r) for r in roots]
        self.copies: dict[Path, bytes] = {}
        self.hashes: dict[Path, str] = {}
        self.stamps: dict[Path, tuple[int, int, int, int]] = {}
        self.stats: dict[Path, tuple[int, int, int]] = {}  # mode, atime, mtime (ns)
        for root in self.roots:
            for path, info in _walk(root):
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                self.copies[path] = data
                self.hashes[path] = hashlib.sha256(data).hexdigest()
                self.stamps[path] = _stamp(info)
                self.stats[path] = (info.st_mode & 0o7777, info.st_atime_ns, info.st_mtime_ns)
        self.gradebook: Path | None = None
        self.gradebook_bytes: bytes | None = None
        self.gradebook_stamp: tuple | None = None

    def check(self) -> list[Path]:
        """The kept files that changed or went missing, and files that appeared, under the roots.

        A file whose inode, size, modification and change times are as kept is not read again;
        any other is compared by content."""
        changed = []
        now: set[Path] = set()
        for root in self.roots:
            for path, info in _walk(root):
                now.add(path)
                stamp = _stamp(info)
                if self.stamps.get(path) == stamp:
                    continue
                try:
                    same = self.hashes.get(path) == hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError:
                    same = False
                if same:
                    self.stamps[path] = stamp  # touched, not changed
                else:
                    changed.append(path)
        changed += [path for path in self.copies if path not in now]
        if self.gradebook is not None and self.gradebook_bytes is not None:
            try:
                stamp = _stamp(self.gradebook.stat())
                current = None if stamp == self.gradebook_stamp else self.gradebook.read_bytes()
            except OSError:
                stamp, current = None, b""
            if current is not None and current != self.gradebook_bytes:
                changed.append(self.gradebook)
        return sorted(set(changed))

    def restore(self, changed: list[Path]) -> None:
        """Put ``changed`` back as kept: rewrite changed and missing files, remove new ones."""
        for path in changed:
            if path == self.gradebook and self.gradebook_bytes is not None:
                self._write(path, self.gradebook_bytes)
                self.keep_gradebook(path)
            elif path in self.copies:
                self._write(path, self.copies[path])
                mode, atime, mtime = self.stats[path]
                try:  # as it was: its permissions and times too
                    os.chmod(path, mode)
                    os.utime(path, ns=(atime, mtime))
                    self.stamps[path] = _stamp(path.lstat())
                except OSError:
                    pass
            else:
                try:
                    if path.is_dir() and not path.is_symlink():
                        continue
                    path.unlink()
                except OSError:
                    pass

    def keep_gradebook(self, path: Path) -> None:
        """Remember the gradebook as it is now (after one of the run's own writes)."""
        self.gradebook = Path(path)
        self.gradebook_bytes = self.gradebook.read_bytes() if self.gradebook.is_file() else None
        self.gradebook_stamp = _stamp(self.gradebook.stat()) if self.gradebook.is_file() else None

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        try:
            if path.is_symlink() or (path.exists() and not path.is_file()):
                if path.is_dir() and not path.is_symlink():
                    import shutil

                    shutil.rmtree(path)
                else:
                    path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{path.name}.restore")
            partial.write_bytes(data)
            os.replace(partial, path)
        except OSError:
            pass
