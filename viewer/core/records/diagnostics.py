"""Structured diagnostics: every problem names its file, and where possible its line.

A :class:`Problem` is data, not an exception: loading never stops because
of one, and the UI, the CLI and the tests all read the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How bad a problem is.

    ``NOTE`` is for files skipped on purpose (a sidecar, a hidden file),
    ``WARNING`` for something loaded with doubts, ``ERROR`` for text that
    could not be read as the archive intended.
    """

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"


class ProblemKind(str, Enum):
    """What went wrong, as a stable machine-readable name."""

    MISSING_CLOSE = "missing-close"
    MISMATCHED_CLOSE = "mismatched-close"
    STRAY_CLOSE = "stray-close"
    UNCLOSED_TAG = "unclosed-tag"
    MISNESTED = "misnested"
    OUTSIDE_TEXT = "outside-text"
    REPEATED_FIELD = "repeated-field"
    BAD_DATE = "bad-date"
    BAD_NUMBER = "bad-number"
    EMPTY_FILE = "empty-file"
    BINARY_FILE = "binary-file"
    NUL_BYTES = "nul-bytes"
    NOT_RECORDS = "not-records"
    UNDECODABLE = "undecodable"
    UNREADABLE = "unreadable"
    SKIPPED = "skipped"
    SIDECAR = "sidecar"
    SYMLINK_LOOP = "symlink-loop"
    # proofreading checks (viewer.core.records.checks): the value is the check's name
    DATE_PATH = "date-path"
    PAGE_NAME = "page-name"
    ITEM_REPEAT = "item-repeat"
    ISSUE_DAY = "issue-day"
    EMPTY_FIELD = "empty-field"
    GB2312 = "gb2312"
    MIXED_PUNCTUATION = "mixed-punctuation"
    CONFUSION = "confusion"


@dataclass(frozen=True, slots=True)
class Problem:
    """One diagnostic.

    Attributes:
        file: the path as the user gave it or as found under a folder.
        line: 1-based line number, or None when the problem has no line.
        record: 0-based index of the record in its file, or None.
        message: a sentence for people.
        kind: the stable name of the problem.
        severity: how bad it is.
    """

    file: str
    line: int | None
    record: int | None
    message: str
    kind: ProblemKind
    severity: Severity = Severity.WARNING

    def location(self) -> str:
        """``file:line`` or just ``file``."""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"
