"""The error a class-workflow command raises when it cannot do its job, in both languages.

Examples
--------
>>> from toolkit import set_language
>>> from grading.errors import GradingError
>>> error = GradingError({"id": "Folder kosong.", "en": "Empty folder."})
>>> str(error)
'Folder kosong.'
>>> set_language("en")
>>> str(error)
'Empty folder.'
>>> set_language("id")
"""

from __future__ import annotations

from toolkit.errors import ToolkitError
from toolkit.i18n import Text, get_language

__all__ = ["GradingError", "nbgrader_failed"]


class GradingError(ToolkitError):
    """A command could not do its job: a bad file, a missing workspace, an assignment that fails its check.

    ``str(error)`` is the message in the active language; ``error.messages`` holds both. ``lines``
    lists the lines of an input file that were rejected (header = line 1), when there are any.
    """

    def __init__(self, messages: Text, *, lines: list[int] | None = None):
        self.messages = dict(messages)
        self.lines = list(lines or [])
        super().__init__(self.messages[get_language()])

    def __str__(self) -> str:
        return self.messages[get_language()]


def nbgrader_failed(what: Text, outcome: dict) -> GradingError:
    """The error for a call of nbgrader's API that did not succeed: ``what`` (in both languages),
    then the end of nbgrader's own error, or of its log when it gave no error.

    >>> str(nbgrader_failed({"id": "rilis gagal", "en": "release failed"}, {"log": "no such file"}))
    'rilis gagal: no such file'
    """
    detail = (outcome.get("error") or outcome.get("log") or "").strip()[-400:]
    return GradingError({language: f"{text}: {detail}" for language, text in what.items()})
