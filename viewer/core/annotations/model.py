"""The annotation model: highlights, notes, tags, corrections, review status.

Every annotation is an immutable :class:`Annotation` with a UUID, an
author, and created/modified times (UTC, ISO 8601 with microseconds, so
they sort as strings). Changing one makes a new value with the same id and
a later ``modified``; deleting one makes a tombstone (``deleted=True``) so
that a merge with another copy of the sidecar knows it was deleted.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
import uuid
from dataclasses import dataclass, replace
from enum import Enum
from sys import intern
from typing import Any, NewType

from viewer.core.annotations.anchoring import Anchor, unknown_keys

AnnotationId = NewType("AnnotationId", str)


class AnnotationKind(str, Enum):
    HIGHLIGHT = "highlight"
    NOTE = "note"
    TAG = "tag"
    CORRECTION = "correction"
    STATUS = "status"


class CorrectionStatus(str, Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ReviewStatus(str, Enum):
    """A record's review level, in the order records go through them (see
    :mod:`viewer.core.annotations.review`)."""

    UNREAD = "unread"
    READ = "read"
    FLAGGED = "flagged"
    PROBLEMATIC = "problematic"
    PROOFREAD = "proofread"
    VALIDATED = "validated"


#: The default highlight colours: name (its meaning) → RGB.
DEFAULT_COLOURS: dict[str, str] = {
    "重要": "#ffe066",
    "存疑": "#ffa8a8",
    "人名": "#a5d8ff",
    "地名": "#b2f2bb",
}


def now() -> str:
    """The current time as sortable ISO 8601 UTC with microseconds."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_author() -> str:
    """The OS user name, or ``unknown``."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user entry (containers)
        return "unknown"


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotation of a record.

    Attributes:
        id: a UUID, unique across every copy of every sidecar.
        record: the record's key relative to its own folder (``name.txt#0``).
        kind: what it is.
        author: who made the last change.
        created: when it was made.
        modified: when it was last changed (merges keep the newest).
        anchor: the span, for highlights, span notes and corrections.
        colour: a highlight's colour name (its meaning, e.g. 重要).
        text: a note's text.
        tag: a tag's name.
        replacement: a correction's replacement text.
        reason: a correction's optional reason.
        status: a correction's status, or a review status.
        deleted: a tombstone: deleted, kept so that merges know.
        conflict: kept after one copy edited it while another deleted it.
        extra: keys this version does not know (written by a newer one),
            as canonical JSON, kept so that a rewrite does not lose them.
    """

    id: str
    record: str
    kind: AnnotationKind
    author: str
    created: str
    modified: str
    anchor: Anchor | None = None
    colour: str = ""
    text: str = ""
    tag: str = ""
    replacement: str = ""
    reason: str = ""
    status: str = ""
    deleted: bool = False
    conflict: bool = False
    extra: str = ""

    @classmethod
    def new(cls, record: str, kind: AnnotationKind, author: str, **values: Any) -> Annotation:
        """A new annotation with a fresh id and times."""
        stamp = now()
        return cls(str(uuid.uuid4()), record, AnnotationKind(kind), author, stamp, stamp, **values)

    def edited(self, author: str, **values: Any) -> Annotation:
        """A changed copy, with ``modified`` moved on."""
        return replace(self, author=author, modified=later(self.modified), conflict=False, **values)

    def tombstone(self, author: str) -> Annotation:
        """The deleted form of this annotation."""
        return replace(self, author=author, modified=later(self.modified), deleted=True, conflict=False)

    def to_json(self) -> dict:
        obj = json.loads(self.extra) if self.extra else {}
        obj |= {
            "id": self.id,
            "record": self.record,
            "kind": self.kind.value,
            "author": self.author,
            "created": self.created,
            "modified": self.modified,
        }
        if self.anchor is not None:
            obj["anchor"] = self.anchor.to_json()
        for name in ("colour", "text", "tag", "replacement", "reason", "status"):
            value = getattr(self, name)
            if value:
                obj[name] = value
        if self.deleted:
            obj["deleted"] = True
        if self.conflict:
            obj["conflict"] = True
        return obj

    @classmethod
    def from_json(cls, obj: dict) -> Annotation:
        """Read one annotation; raises KeyError/ValueError/TypeError when malformed.

        Keys this version does not know are kept in :attr:`extra`.
        """
        anchor = obj.get("anchor")
        if anchor is not None and not isinstance(anchor, dict):
            raise TypeError("anchor is not an object")
        for key in ("id", "created", "modified"):
            if not isinstance(obj[key], str) or not obj[key]:
                raise ValueError(f"{key} is not a text")
        created, modified = obj["created"], obj["modified"]
        # The texts that repeat from one annotation to the next (an author,
        # a colour, a tag, a status) are one object each, as is a time
        # never changed: a hundred thousand annotations are read, each
        # with its own copy from the JSON (about 20 MB).
        return cls(
            id=obj["id"],
            record=intern(str(obj["record"])),
            kind=AnnotationKind(obj["kind"]),
            author=intern(str(obj.get("author", ""))),
            created=created,
            modified=created if modified == created else modified,
            anchor=Anchor.from_json(anchor) if anchor is not None else None,
            colour=intern(str(obj.get("colour", ""))),
            text=str(obj.get("text", "")),
            tag=intern(str(obj.get("tag", ""))),
            replacement=str(obj.get("replacement", "")),
            reason=str(obj.get("reason", "")),
            status=intern(str(obj.get("status", ""))),
            deleted=obj.get("deleted", False) is True,
            conflict=obj.get("conflict", False) is True,
            extra=unknown_keys(obj, _KEYS),
        )


_KEYS = frozenset(
    "id record kind author created modified anchor colour text tag replacement reason status deleted conflict".split()
)


def later(previous: str) -> str:
    """Now, or just after ``previous`` if the clock has not moved past it."""
    stamp = now()
    if stamp > previous:
        return stamp
    moment = _dt.datetime.strptime(previous, "%Y-%m-%dT%H:%M:%S.%fZ") + _dt.timedelta(microseconds=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _newness(a: Annotation) -> tuple[str, bool, str, str]:
    """Which of two versions of an annotation wins: the later ``modified``;
    at the same moment a deletion, then the author, then the content, so
    that every copy merged in any order comes to the same result."""
    return (a.modified, a.deleted, a.author, json.dumps(a.to_json(), ensure_ascii=False, sort_keys=True))


def merge(base: dict[str, Annotation], mine: dict[str, Annotation], theirs: dict[str, Annotation]) -> dict[str, Annotation]:
    """Three-way merge of annotation sets by id.

    Args:
        base: the set both sides started from (what was last read from disk).
        mine: the set in memory.
        theirs: the set on disk now.

    Returns:
        The merged set: a side's change wins over no change; when both
        changed, the newest ``modified`` wins, except that an edit and a
        delete keep the edited annotation, flagged ``conflict``. An
        annotation that was in ``base`` and is gone from one side (its
        sidecar was removed when its last live annotation was deleted)
        counts as deleted there.
    """
    out: dict[str, Annotation] = {}
    for aid in mine.keys() | theirs.keys():
        m, t, b = mine.get(aid), theirs.get(aid), base.get(aid)
        if m is None or t is None:
            kept = m if t is None else t
            assert kept is not None
            if b is None or kept.deleted:
                out[aid] = kept  # added on one side, or deleted on both
            elif kept != b and not kept.deleted:
                out[aid] = replace(kept, conflict=True)  # edited here, removed there
            # else: unchanged on one side, removed on the other: gone
            continue
        if m == t:
            out[aid] = m
            continue
        m_changed, t_changed = m != b, t != b
        if m_changed and not t_changed:
            out[aid] = m
        elif t_changed and not m_changed:
            out[aid] = t
        elif m.deleted != t.deleted:
            alive = t if m.deleted else m
            out[aid] = replace(alive, conflict=True)
        else:
            out[aid] = max(m, t, key=_newness)
    return out


def newest(*copies: dict[str, Annotation]) -> dict[str, Annotation]:
    """Two or more copies of one sidecar merged without a common base: for
    each id the copy with the latest ``modified`` wins, deletions included
    (a tombstone is a change like any other)."""
    out: dict[str, Annotation] = {}
    for copy in copies:
        for aid, a in copy.items():
            known = out.get(aid)
            if known is None or _newness(a) > _newness(known):
                out[aid] = a
    return out
