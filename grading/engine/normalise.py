"""Stage 1, normalise: a submission's grading structure put back as the source defines it.

nbgrader's own preprocessors (the chain ``nbgrader/converters/autograde.py`` runs before
executing), with what a class meets in the wild: metadata of older schema versions upgraded in
memory, cells with nbgrader metadata but no role and no ``grade_id`` (the classic toolbar's "-")
left alone, deleted test cells put back where they were, duplicated ones dropped — each change a
flag. :func:`read_submission` turns a file that is not a notebook into a reason, not a crash.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    OverwriteCells,
    OverwriteKernelspec,
)

from grading.engine.messages import flag_code, flag_text
from grading.flags import Flag, make_flag
from toolkit.i18n import Text

__all__ = ["read_submission", "normalise", "RecordingOverwriteCells", "without_hidden_tests"]


class _CheckedSchema:
    """``jsonschema`` as nbgrader's metadata validator uses it, with nbgrader's schema checked
    once instead of at every cell (``jsonschema.validate`` checks the schema itself each call:
    about 40 ms a notebook, a tenth of grading one). Validation is the same."""

    def __init__(self) -> None:
        import jsonschema

        self._jsonschema = jsonschema
        self._validators: dict[int, object] = {}

    def validate(self, instance, schema) -> None:
        validator = self._validators.get(id(schema))
        if validator is None:
            cls = self._jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = self._validators[id(schema)] = (cls(schema), schema)
        validator[0].validate(instance)

    def __getattr__(self, name: str):
        return getattr(self._jsonschema, name)


def _use_checked_schema() -> None:
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, _CheckedSchema):
        common.jsonschema = _CheckedSchema()


_use_checked_schema()


def read_submission(path: Path) -> tuple[NotebookNode | None, Text | None]:
    """The notebook at ``path``, or None and the reason it cannot be read, in both languages."""
    ask = {"id": "Minta peserta mengirim ulang file .ipynb aslinya.",
           "en": "Ask the participant to send the original .ipynb file again."}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, {
            "id": f"File {path.name} tidak bisa dibaca sebagai teks ({type(error).__name__}). "
                  + ask["id"],
            "en": f"The file {path.name} cannot be read as text ({type(error).__name__}). "
                  + ask["en"],
        }
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, {
            "id": f"File {path.name} rusak: JSON tidak sah di baris {error.lineno}, kolom "
                  f"{error.colno} ({error.msg}); mungkin terpotong saat dikirim. " + ask["id"],
            "en": f"The file {path.name} is broken: invalid JSON at line {error.lineno}, column "
                  f"{error.colno} ({error.msg}); perhaps cut short in transit. " + ask["en"],
        }
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, {
            "id": f"File {path.name} berisi JSON tetapi bukan notebook Jupyter. " + ask["id"],
            "en": f"The file {path.name} holds JSON but is not a Jupyter notebook. " + ask["en"],
        }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
    except Exception as error:
        return None, {
            "id": f"File {path.name} bukan notebook yang bisa dibaca ({type(error).__name__}). "
                  + ask["id"],
            "en": f"The file {path.name} is not a readable notebook ({type(error).__name__}). "
                  + ask["en"],
        }
    return nb, None


def without_hidden_tests(source: str) -> str:
    """A test cell's code as the participant sees it: the hidden tests left out."""
    from grading.engine.feedback import hidden_lines

    hidden = hidden_lines(source)
    return "\n".join(line for n, line in enumerate(source.split("\n"), 1) if n not in hidden)


def _same_text(a: str, b: str) -> bool:
    """Equal apart from trailing spaces and blank lines at either end."""
    def norm(text: str) -> list[str]:
        return [line.rstrip() for line in text.strip("\n").split("\n")]

    return norm(a) == norm(b)


class _SourceNotebook:
    """A notebook's source cells as the gradebook holds them, read once, as plain values (the
    workers read a snapshot of the gradebook that does not change during a run)."""

    def __init__(self, gb, notebook: str, assignment: str) -> None:
        from types import SimpleNamespace

        found = gb.find_notebook(notebook, assignment)

        def plain(cell, **more):
            return SimpleNamespace(name=cell.name, **more)

        self.source_cells = [plain(c, source=c.source, cell_type=c.cell_type, locked=c.locked,
                                   checksum=c.checksum) for c in found.source_cells]
        self.grade_cells = [plain(c, max_score=c.max_score, cell_type=c.cell_type)
                            for c in found.grade_cells]
        self.solution_cells = [plain(c) for c in found.solution_cells]
        self.task_cells = [plain(c, max_score=c.max_score) for c in found.task_cells]
        self._sources = {c.name: c for c in self.source_cells}
        self._graded = {c.name: c for c in [*self.grade_cells, *self.task_cells]}


class _ReadOnceGradebook:
    """What ``OverwriteCells`` asks of the gradebook, answered from :class:`_SourceNotebook`
    copies kept for the worker's life (per gradebook snapshot): no query per cell."""

    _kept: dict[tuple[str, str, str], _SourceNotebook] = {}

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def find_notebook(self, notebook: str, assignment: str) -> _SourceNotebook:
        key = (self.db_url, notebook, assignment)
        if key not in self._kept:
            from nbgrader.api import Gradebook

            with Gradebook(self.db_url) as gb:
                self._kept[key] = _SourceNotebook(gb, notebook, assignment)
        return self._kept[key]

    def find_source_cell(self, name: str, notebook: str, assignment: str):
        from nbgrader.api import MissingEntry

        found = self.find_notebook(notebook, assignment)._sources.get(name)
        if found is None:
            raise MissingEntry()
        return found

    def find_graded_cell(self, name: str, notebook: str, assignment: str):
        from nbgrader.api import MissingEntry

        found = self.find_notebook(notebook, assignment)._graded.get(name)
        if found is None:
            raise MissingEntry()
        return found


class RecordingOverwriteCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``, recording each change it makes and restoring deleted cells;
    the source cells are read from the gradebook snapshot once per worker."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.changes: list[tuple[str, str]] = []
        self.restored: list[str] = []

    def preprocess(self, nb, resources):
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = _ReadOnceGradebook(self.db_url)
        nb, resources = super(OverwriteCells, self).preprocess(nb, resources)
        if self.add_missing_cells:
            nb, resources = self.add_missing_grade_cells(nb, resources)
            nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources

    def report_change(self, name, attr, old, new):
        self.changes.append((name, attr))
        super().report_change(name, attr, old, new)

    def preprocess_cell(self, cell, resources, cell_index):
        submitted_source = cell.source
        before = len(self.changes)
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if any(attr == "checksum" for _, attr in self.changes[before:]) and grade_id:
            # A released test cell lacks its hidden tests, so its checksum always differs
            # from the source's: it was changed only if it differs from the released text.
            original = self.gradebook.find_source_cell(
                grade_id, self.notebook_id, self.assignment_id).source
            if _same_text(submitted_source, without_hidden_tests(original)) or _same_text(
                    submitted_source, original):
                self.changes[before:] = [c for c in self.changes[before:]
                                         if c[1] != "checksum"]
        return cell, resources

    def add_missing_grade_cells(self, nb, resources):
        # nbgrader's version fails when the cell before a deleted one is not a grade or
        # solution cell (issue #1941); this one inserts after the nearest source cell present.
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = list(source_nb.source_cells)
        order = {cell.name: i for i, cell in enumerate(source_cells)}
        source_cells.sort(key=lambda cell: order[cell.name])
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        grade_cells = {cell.name: cell for cell in source_nb.grade_cells}
        for position, source_cell in enumerate(source_cells):
            if source_cell.name not in grade_cells or self._index(nb, source_cell.name) >= 0:
                continue
            self.restored.append(source_cell.name)
            new = self.missing_cell_transform(
                source_cell,
                grade_cells[source_cell.name].max_score,
                is_solution=source_cell.name in solution_ids,
            )
            at = 0
            for earlier in reversed(source_cells[:position]):
                index = self._index(nb, earlier.name)
                if index >= 0:
                    at = index + 1
                    break
            nb.cells.insert(at, new)
        return nb, resources

    def add_missing_task_cells(self, nb, resources):
        # nbgrader's version reads every nbgrader cell's grade_id, but a cell that is
        # neither graded, a solution nor locked may have none (nbgrader's own schema allows
        # it; the classic toolbar's "-" cells): those are skipped here
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_cells = {cell.name: cell for cell in source_nb.source_cells}
        present = {cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells}
        for task_cell in source_nb.task_cells:
            if task_cell.name not in present and task_cell.name in source_cells:
                self.restored.append(task_cell.name)
                nb.cells.append(self.missing_cell_transform(
                    source_cells[task_cell.name], task_cell.max_score))
        return nb, resources

    @staticmethod
    def _index(nb, grade_id):
        for index, cell in enumerate(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade_id") == grade_id and (
                utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)
            ):
                return index
        return -1


_CHANGE_FLAGS = {"checksum": "test-cell-modified", "locked": "locked-changed",
                 "points": "points-changed", "cell_type": "cell-type-changed"}
"""What each kind of change nbgrader's ``OverwriteCells`` reports is flagged as."""


def _upgrade_metadata(nb: NotebookNode) -> None:
    """Bring nbgrader metadata of older schema versions (0 to 2) up to today's, in memory, as
    ``nbgrader update`` would; ``ValueError`` naming the cell if it cannot be read."""
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError

    validator = MetadataValidator()
    for number, cell in enumerate(nb.cells, 1):
        meta = cell.metadata.get("nbgrader")
        if not isinstance(meta, dict) or meta.get("schema_version") == validator.schema_version:
            continue
        try:
            validator.upgrade_cell_metadata(cell)
        except (ValidationError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"cell {number}: {type(error).__name__}: {error}") from None


def normalise(nb: NotebookNode, resources: dict, config, participant: str,
              assignment: str) -> tuple[NotebookNode, list[Flag]]:
    """Stage 1: put a submission's grading structure back as the source defines it.

    Upgrades nbgrader metadata of older schema versions in memory, then runs nbgrader's
    sanitising chain (``ClearOutput``, ``DeduplicateIds``, ``OverwriteKernelspec``,
    ``OverwriteCells`` with deleted grade cells added back, ``CheckCellMetadata``) and returns the
    notebook with one flag per kind of change found (``participant`` and ``assignment`` name
    the flags' rows).
    """

    def flag(name: str, **fields) -> Flag:
        return make_flag(participant, assignment, flag_code(name), flag_text(name, **fields))

    flags: list[Flag] = []
    _upgrade_metadata(nb)
    seen: set[str] = set()
    duplicated: list[str] = []
    answers: set[str] = set()
    for cell in list(nb.cells):  # a test or locked cell pasted twice: only the first is kept
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id and meta.get("solution"):
            if grade_id in answers:  # an answer cell copied (honest): the copy is a free cell
                del cell.metadata["nbgrader"]
            answers.add(grade_id)
            continue
        if not grade_id or not (meta.get("grade") or meta.get("locked")):
            continue
        if grade_id in seen:
            nb.cells.remove(cell)
            duplicated.append(grade_id)
        seen.add(grade_id)
    if duplicated:
        flags.append(flag("test-cell-duplicated", cells=", ".join(sorted(set(duplicated)))))
    for cls in (ClearOutput, DeduplicateIds, OverwriteKernelspec):
        nb, resources = cls(config=config)(nb, resources)
    overwrite = RecordingOverwriteCells(config=config)
    overwrite.add_missing_cells = True
    nb, resources = overwrite(nb, resources)
    by_attr: dict[str, list[str]] = {}
    for name, attr in overwrite.changes:
        by_attr.setdefault(attr, [])
        if name not in by_attr[attr]:
            by_attr[attr].append(name)
    seen_codes = set()
    for attr, names in by_attr.items():
        name = _CHANGE_FLAGS.get(attr, "test-cell-modified")
        if flag_code(name) in seen_codes and flag_code(name) == "test-cell-modified":
            continue
        seen_codes.add(flag_code(name))
        flags.append(flag(name, cells=", ".join(names)))
    if overwrite.restored:
        flags.append(flag("cell-deleted", cells=", ".join(overwrite.restored)))
    nb, resources = CheckCellMetadata(config=config)(nb, resources)
    return nb, flags
