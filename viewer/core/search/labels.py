"""What search needs to know of a record's annotations: its tags and status.

Search does not depend on the annotation code; whoever runs a search hands
it an object with these two methods (the annotation index has them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Labels(Protocol):
    """A record's tags and review status, by record id."""

    def tags_of(self, rid: int) -> tuple[str, ...]: ...

    def status_of(self, rid: int) -> str: ...

    def labelled(self) -> Iterable[int]:
        """The records that may have a tag or a status (every other record
        has no tag and is unread): counting over a few annotated records
        instead of a million shown ones."""
        ...


class _NoLabels:
    """No record has a tag; every record is unread."""

    def tags_of(self, rid: int) -> tuple[str, ...]:
        return ()

    def status_of(self, rid: int) -> str:
        return "unread"

    def labelled(self) -> Iterable[int]:
        return ()


NO_LABELS: Labels = _NoLabels()

#: Review statuses in the order people go through them.
STATUS_ORDER = ("unread", "read", "flagged", "problematic", "proofread", "validated")
