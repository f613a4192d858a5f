"""Review levels: where a record stands in proofreading, and who put it there.

A record's review status is kept as ``status`` annotations. Each change of
level is a **new** status annotation, by its author at its time, so the
sidecar holds the record's history of levels (who read it, who proofread
it, who validated it) and two editors who set a level at the same time
both keep theirs (the newest is the record's level). A record with no
status annotation is unread.

The levels, in the order a record goes through them (Wikisource's
ProofreadPage has the same): ``unread``, ``read``, ``flagged`` (someone
wants a look at it), ``problematic`` (it cannot be proofread as it is: a
bad scan, a missing part), ``proofread`` and ``validated``. A record is
validated by a *different* editor from the one who proofread it, and only
once it is proofread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from viewer.core.annotations.model import Annotation, AnnotationKind, ReviewStatus

UNREAD = ReviewStatus.UNREAD.value
PROOFREAD = ReviewStatus.PROOFREAD.value
VALIDATED = ReviewStatus.VALIDATED.value

#: The levels that count as done, for the review queue and progress.
DONE = frozenset({PROOFREAD, VALIDATED})


@dataclass(frozen=True, slots=True)
class Level:
    """A record's current level and who set it when ('' for unread)."""

    status: str = UNREAD
    author: str = ""
    time: str = ""


def history(annotations: Iterable[Annotation]) -> list[Annotation]:
    """The record's live status annotations, oldest first."""
    found = [a for a in annotations if a.kind is AnnotationKind.STATUS and not a.deleted]
    return sorted(found, key=lambda a: (a.modified, a.author, a.id))


def current(annotations: Iterable[Annotation]) -> Level:
    """The record's level: its newest status annotation, or unread."""
    past = history(annotations)
    if not past:
        return Level()
    a = past[-1]
    return Level(a.status or UNREAD, a.author, a.modified)


#: Why a level was refused (:func:`refusal`); :func:`explain` says it in English.
NOT_A_LEVEL = "not-a-level"
NOT_PROOFREAD = "not-proofread"
SAME_EDITOR = "same-editor"


def refusal(level: Level, status: str, author: str) -> str:
    """Why ``author`` may not give a record at ``level`` the level
    ``status``: :data:`NOT_A_LEVEL`, :data:`NOT_PROOFREAD`,
    :data:`SAME_EDITOR`, or '' when they may."""
    if status not in {s.value for s in ReviewStatus}:
        return NOT_A_LEVEL
    if status != VALIDATED or level.status == VALIDATED:
        return ""
    if level.status != PROOFREAD:
        return NOT_PROOFREAD
    if level.author == author:
        return SAME_EDITOR
    return ""


def explain(why: str) -> str:
    """A refusal in words."""
    return {
        NOT_A_LEVEL: "not a review level",
        NOT_PROOFREAD: "only a proofread record can be validated",
        SAME_EDITOR: "you proofread it; another editor must validate it",
    }.get(why, why)
