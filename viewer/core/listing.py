"""The records a table shows, in order: one query over an archive.

A :class:`Listing` keeps every record id in the current sort order and the
ones that pass every filter, in that order:

* the quick filter (text in 引题, 标题, 副题 or 作者; its matches are worked
  out in the background and handed in);
* the full-text search (the ids it matched);
* the facets (the ids they let through);
* a tag and/or a review status.

**That day's paper** replaces all of them: one day's records in page and
item order, whatever the search and the filters say (they come back when
it is left). The Qt model only shows :attr:`Listing.ids`.

The ids are numpy arrays (``int64``), not lists: a million records cost
8 MB an array instead of about 40 MB of Python integers, and filtering,
reordering and finding a row are array operations that hold the GUI
thread for milliseconds.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from viewer.core.annotations.index import COLUMNS as ANNOTATION_COLUMNS
from viewer.core.annotations.index import AnnotationIndex
from viewer.core.records.archive import Archive, RecordId, ids_array
from viewer.core.records.collation import PINYIN
from viewer.core.search.facets import day_ids
from viewer.core.search.quickfilter import quick_filter


class _IdSet:
    """A set of record ids as a boolean array over the record ids, that grows
    as records are loaded: membership of a million ids is one numpy
    operation, not a million set look-ups."""

    __slots__ = ("bits",)

    def __init__(self, ids: Iterable[int] = (), size: int = 0) -> None:
        self.bits = np.zeros(size, dtype=bool)  # (room for the ids there are: holds() then needs no bounds check)
        self.update(ids)

    def update(self, ids: Iterable[int]) -> None:
        found = ids_array(ids)
        if not len(found):
            return
        top = int(found.max()) + 1
        if top > len(self.bits):
            grown = np.zeros(max(top, 2 * len(self.bits)), dtype=bool)
            grown[: len(self.bits)] = self.bits
            self.bits = grown
        self.bits[found] = True

    def __contains__(self, rid: object) -> bool:
        try:
            at = operator.index(rid)  # type: ignore[arg-type]
        except TypeError:
            return False
        return 0 <= at < len(self.bits) and bool(self.bits[at])

    def holds(self, ids: np.ndarray, bound: int | None = None) -> np.ndarray:
        """For each of ``ids`` (all under ``bound``, if given), is it in the set?"""
        if bound is not None and bound <= len(self.bits):
            return self.bits[ids]
        inside = ids < len(self.bits)
        out = np.zeros(len(ids), dtype=bool)
        out[inside] = self.bits[ids[inside]]
        return out


class _Growing:
    """Record ids that grow at their end (a load adds batches) without a copy
    of them all at each batch: room doubles as needed. :meth:`view` is never
    changed in place afterwards (growing writes past it, or into new room)."""

    __slots__ = ("_n", "_room")

    def __init__(self, ids: Iterable[int] = ()) -> None:
        self._room = ids_array(ids)
        self._n = len(self._room)

    def __len__(self) -> int:
        return self._n

    def view(self) -> np.ndarray:
        """The ids (read-only)."""
        out = self._room[: self._n]
        out.flags.writeable = False
        return out

    def extend(self, more: np.ndarray) -> None:
        end = self._n + len(more)
        if end > len(self._room):
            room = np.empty(max(end, 2 * len(self._room), 1024), dtype=np.int64)
            room[: self._n] = self._room[: self._n]
            self._room = room
        self._room[self._n : end] = more
        self._n = end


class Listing:
    """Sorted, filtered record ids of one archive.

    Args:
        archive: the records.
        index: their annotation summaries (for the tag/status filter and
            the annotation columns' sort).
        collation: the order text columns sort in (``pinyin`` or
            ``codepoint``, :mod:`~viewer.core.records.collation`).
    """

    def __init__(self, archive: Archive, index: AnnotationIndex, collation: str = PINYIN) -> None:
        self.archive = archive
        self.index = index
        self.collation = collation
        self._order = _Growing()
        self._ids = _Growing()
        self.sorted_by: tuple[str, bool] | None = None
        self.filter_text = ""
        self._match: _IdSet | None = None
        self._search: _IdSet | None = None
        self._facets: _IdSet | None = None
        self.label_filter: tuple[str | None, str | None] = (None, None)
        self.day: int | None = None
        self._row_of: np.ndarray | None = None  # record id → row (-1: not shown)
        self._review: tuple[list[RecordId], dict[int, int]] | None = None

    # -- reading ------------------------------------------------------------

    @property
    def order(self) -> np.ndarray:
        """Every record id, in the current sort order (read-only int64)."""
        return self._order.view()

    @property
    def ids(self) -> np.ndarray:
        """The shown record ids, in order (read-only int64)."""
        return self._ids.view()

    def __len__(self) -> int:
        return len(self._ids)

    def total(self) -> int:
        """Every record, shown or not."""
        return len(self._order)

    def row_of(self, rid: int | None) -> int:
        """The row of ``rid`` among the shown ids, or -1."""
        if rid is None:
            return -1
        if self._row_of is None:
            shown = self.ids
            rows = np.full(int(shown.max()) + 1 if len(shown) else 0, -1, dtype=np.int64)
            rows[shown] = np.arange(len(shown), dtype=np.int64)
            self._row_of = rows
        return int(self._row_of[rid]) if 0 <= rid < len(self._row_of) else -1

    def filtering(self) -> bool:
        """Are some records hidden?"""
        return self.day is not None or any(
            x is not None for x in (self._match, self._search, self._facets)
        ) or self.label_filter != (None, None)

    @property
    def searching(self) -> bool:
        return self._search is not None

    def next_to_review(self, after: int | None, wanted: Callable[[int], bool]) -> tuple[RecordId | None, bool]:
        """The review queue: the next shown record ``wanted`` accepts, in
        date, page and item order (whatever the table's sort), after
        ``after`` (None: from the first).

        Args:
            after: the record to start after.
            wanted: a function of a record id: is it still to do?

        Returns:
            The record (None when no shown record is to do) and whether the
            search went round past the last record to the first.
        """
        if self._review is None:
            order = self.archive.default_order(self.ids.tolist())
            self._review = (order, {r: i for i, r in enumerate(order)})
        order, position = self._review
        start = position.get(after, -1) + 1 if after is not None else 0
        for i in range(start, len(order)):
            if wanted(order[i]):
                return order[i], False
        for i in range(0, min(start, len(order))):
            if wanted(order[i]) and order[i] != after:
                return order[i], True
        return None, False

    # -- changing -------------------------------------------------------------

    def add(self, new: Iterable[RecordId]) -> np.ndarray:
        """Records just loaded: they go at the end; returns those shown (an
        int64 array: a million ids made into a list held the window's thread
        40 ms at a reopening)."""
        added = ids_array(new)
        self._order.extend(added)
        if self._match is not None:
            self._match.update(quick_filter(self.archive, added, self.filter_text))
        shown = added[:0] if self.day is not None else self._visible(added)
        self._ids.extend(shown)
        self._row_of = self._review = None
        return shown

    def set_quick_filter(self, text: str, matches: Sequence[int] | None = None, checked: int = 0) -> None:
        """Show only the records whose headlines or author hold ``text``.

        Args:
            text: the filter text ('' for none).
            matches: the matching ids among the first ``checked`` records
                (worked out in the background); the rest are checked here.
            checked: how many records ``matches`` covers.
        """
        self.filter_text = text.strip()
        if not self.filter_text:
            self._match = None
        else:
            if matches is None:
                matches, checked = quick_filter(self.archive, range(len(self.archive)), self.filter_text), len(self.archive)
            late = quick_filter(self.archive, range(checked, len(self.archive)), self.filter_text)
            self._match = _IdSet(matches, self.total())
            self._match.update(late)
        self._refresh()

    def set_search(self, ids: Iterable[int] | None) -> None:
        """Show only the records a search matched (None: no search)."""
        self._search = None if ids is None else _IdSet(ids, self.total())
        self._refresh()

    def set_facets(self, ids: Iterable[int] | None) -> None:
        """Show only the records the facets let through (None: no facets)."""
        self._facets = None if ids is None else _IdSet(ids, self.total())
        self._refresh()

    def set_label_filter(self, tag: str | None, status: str | None) -> None:
        """Show only records with ``tag`` and/or review ``status`` (None: any)."""
        self.label_filter = (tag, status)
        self._refresh()

    def set_day(self, date: int | None) -> None:
        """That day's paper (None: back to the filters)."""
        if date is None and self.day is None:
            return  # nothing changes: no need to work out the rows again
        self.day = date
        if date is not None:
            self.sorted_by = None
        self._refresh()

    def clear_filters(self) -> None:
        """No quick filter, search, facets, tag/status filter or day."""
        self.filter_text, self._match, self._search, self._facets = "", None, None, None
        self.label_filter, self.day = (None, None), None
        self._refresh()

    # -- order --------------------------------------------------------------------

    def set_collation(self, collation: str) -> bool:
        """Sort text in another order from now on; True when the records are
        sorted by a column, which the caller should sort by again (in the
        background for a large archive: new ranks may be needed)."""
        changed = collation != self.collation
        self.collation = collation
        return changed and self.sorted_by is not None

    def sort(self, code: str, descending: bool = False) -> None:
        """Sort every record by a column (typed; annotation columns too; text
        in :attr:`collation` order), stably: records with equal values keep
        the order they had. Sorting by the same column the other way is a
        sort too, not a reversal, so that ties stay in the order they had
        before (a table sorted descending at once, by a sort remembered
        from the last run, shows what one sorted and then reversed showed)."""
        self.apply_order(self.sorted_order(code, descending), code, descending)

    def sorted_order(self, code: str, descending: bool = False, ids: Sequence[int] | None = None) -> np.ndarray:
        """Every record (or ``ids``, a copy of :attr:`order`) in the order
        :meth:`sort` would give, without changing anything: this may run in
        a worker thread, and :meth:`apply_order` then shows it."""
        chosen = self.order if ids is None else ids_array(ids)
        if self.sorted_by == (code, descending):
            return chosen.copy()
        if code in ANNOTATION_COLUMNS:
            return ids_array(self.index.sorted_ids(chosen.tolist(), code, descending=descending))
        return self.archive.order_by(chosen, code, descending=descending, collation=self.collation)

    def apply_order(self, order: Sequence[int] | np.ndarray, code: str, descending: bool) -> bool:
        """Show ``order`` (from :meth:`sorted_order`); False, and nothing
        changed, when records were added since it was worked out."""
        if len(order) != len(self._order):
            return False
        self._order = _Growing(order)
        self.sorted_by = (code, descending)
        self._refresh()
        return True

    def default_order(self, worked_out: np.ndarray | None = None) -> None:
        """Date, then page, then item (ties by id).

        Args:
            worked_out: the archive's default order of all its records, if
                already worked out elsewhere (a load's thread): used when
                this listing holds every record of the archive (the order
                of a set of records does not depend on how they are given).
        """
        if worked_out is not None and len(worked_out) == len(self._order) == len(self.archive):
            self._order = _Growing(worked_out)
        else:
            self._order = _Growing(self.archive.default_order_array(self.order))
        self.sorted_by = None
        self._refresh()

    # -- inside -------------------------------------------------------------------

    def _refresh(self) -> None:
        if self.day is not None:
            self._ids = _Growing(day_ids(self.archive, self.day))
        else:
            self._ids = _Growing(self._visible(self.order))
        self._row_of = self._review = None

    def _visible(self, ids: np.ndarray) -> np.ndarray:
        sets = [s for s in (self._match, self._search, self._facets) if s is not None]
        tag, status = self.label_filter
        shown = ids
        if sets:
            keep = np.ones(len(ids), dtype=bool)
            bound = self.total()  # (every id is under it)
            for found in sets:
                keep &= found.holds(ids, bound)
            shown = ids[keep]
        if tag is not None or status is not None:
            shown = ids_array(self.index.filter_ids(shown.tolist(), tag=tag, status=status))
        return shown
