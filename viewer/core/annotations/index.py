"""Per-record summaries of annotations, for the record table.

The table shows, for every record, its tags, how many notes and
corrections it has, and its review status; it sorts and filters by them.
:class:`AnnotationIndex` keeps those summaries by record id (only for
records that have annotations) and answers sorts and filters with id lists,
like :class:`~viewer.core.archive.Archive` does for fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from viewer.core.annotations import review
from viewer.core.annotations.model import Annotation, AnnotationKind, ReviewStatus
from viewer.core.records.archive import RecordId

COL_TAGS = "#tags"
COL_NOTES = "#notes"
COL_CORRECTIONS = "#corrections"
COL_STATUS = "#status"
COLUMNS = (COL_TAGS, COL_NOTES, COL_CORRECTIONS, COL_STATUS)

#: Review statuses in their sort order.
STATUS_ORDER = {s.value: i for i, s in enumerate(ReviewStatus)}

#: The status of a record that was never given one (see
#: :mod:`viewer.core.annotations.review`, the one place for the rules).
UNREAD = review.UNREAD


@dataclass(frozen=True, slots=True)
class Summary:
    """What the table shows of a record's annotations.

    Attributes:
        tags: its tags, sorted.
        notes: how many notes.
        corrections: how many corrections.
        status: its review status (``unread`` when it has none).
        status_by: who set that status ('' when unread).
        status_at: when (UTC, as in the sidecar).
    """

    tags: tuple[str, ...] = ()
    notes: int = 0
    corrections: int = 0
    status: str = UNREAD
    status_by: str = ""
    status_at: str = ""


EMPTY = Summary()


def summarize(annotations: Iterable[Annotation]) -> Summary:
    """One record's summary (tombstones ignored)."""
    tags: set[str] = set()
    notes = corrections = 0
    statuses = []
    for a in annotations:
        if a.deleted:
            continue
        if a.kind is AnnotationKind.TAG:
            tags.add(a.tag)
        elif a.kind is AnnotationKind.NOTE:
            notes += 1
        elif a.kind is AnnotationKind.CORRECTION:
            corrections += 1
        elif a.kind is AnnotationKind.STATUS:
            statuses.append(a)
    level = review.current(statuses)
    found = Summary(tuple(sorted(tags)), notes, corrections, level.status, level.author, level.time)
    return EMPTY if found == EMPTY else found  # (the one object: told apart by identity, cheaply)


class AnnotationIndex:
    """Summaries by record id."""

    def __init__(self) -> None:
        self._by_id: dict[int, Summary] = {}

    def set(self, rid: int, summary: Summary) -> None:
        if summary is EMPTY or summary == EMPTY:
            self._by_id.pop(rid, None)
        else:
            self._by_id[rid] = summary

    def update(self, summaries: dict[RecordId, Summary]) -> None:
        """:meth:`set` for many records at once (a load's sidecars: twenty
        thousand records' in a millisecond, where comparing each summary
        took the window 50 ms). Summaries from :func:`summarize` are told
        empty by identity."""
        by_id = self._by_id
        by_id.update(cast("dict[int, Summary]", summaries))  # (a RecordId is an int)
        for rid in [rid for rid, summary in summaries.items() if summary is EMPTY]:
            del by_id[rid]

    def clear(self) -> None:
        self._by_id.clear()

    def get(self, rid: int) -> Summary:
        return self._by_id.get(rid, EMPTY)

    def tags_of(self, rid: int) -> tuple[str, ...]:
        """The record's tags (for search and facets, which know no summaries)."""
        return self._by_id.get(rid, EMPTY).tags

    def status_of(self, rid: int) -> str:
        """The record's review status (``unread`` when it has none)."""
        return self._by_id.get(rid, EMPTY).status

    def labelled(self) -> Iterable[int]:
        """The records with a summary (the others have no tag and are unread)."""
        return list(self._by_id)

    def level_counts(self, ids: Iterable[int] | None, total: int) -> dict[str, int]:
        """How many records are at each review level: of ``ids`` (None:
        the whole archive of ``total`` records, counted from the annotated
        ones only). Every level is in the result, unread included."""
        counts = dict.fromkeys(STATUS_ORDER, 0)
        if ids is None:
            for summary in self._by_id.values():
                counts[summary.status] = counts.get(summary.status, 0) + 1
            counts[UNREAD] += total - sum(counts.values())
        else:
            by_id = self._by_id
            for rid in ids:
                found = by_id.get(rid)
                status = found.status if found is not None else UNREAD
                counts[status] = counts.get(status, 0) + 1
        return counts

    def level_counts_where(self, shown: Callable[[int], bool], count: int) -> dict[str, int]:
        """:meth:`level_counts` of the ``count`` records for which ``shown``
        is true, looking only at the annotated records (a few, where the
        shown ones may be a million)."""
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for rid, summary in self._by_id.items():
            if shown(rid):
                counts[summary.status] = counts.get(summary.status, 0) + 1
        counts[UNREAD] += count - sum(counts.values())
        return counts

    def tags_in_use(self) -> list[str]:
        return sorted({t for s in self._by_id.values() for t in s.tags})

    def sort_value(self, rid: int, column: str) -> tuple[bool, str] | int:
        s = self._by_id.get(rid, EMPTY)
        if column == COL_TAGS:
            return (not s.tags, " ".join(s.tags))
        if column == COL_NOTES:
            return s.notes
        if column == COL_CORRECTIONS:
            return s.corrections
        return STATUS_ORDER.get(s.status, len(STATUS_ORDER))

    def sorted_ids(self, ids: Sequence[RecordId], column: str, *, descending: bool = False) -> list[RecordId]:
        """``ids`` stably sorted by an annotation column."""
        return sorted(ids, key=lambda rid: self.sort_value(rid, column), reverse=descending)

    def filter_ids(
        self, ids: Iterable[RecordId], *, tag: str | None = None, status: str | None = None
    ) -> list[RecordId]:
        """The ids with ``tag`` and/or ``status`` (``unread`` includes no status)."""
        out = []
        by_id = self._by_id
        for rid in ids:
            s = by_id.get(rid, EMPTY)
            if tag is not None and tag not in s.tags:
                continue
            if status is not None and s.status != status:
                continue
            out.append(rid)
        return out
