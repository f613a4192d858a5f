"""KWIC concordance: every hit as left context | match | right context.

A :class:`Concordance` is made as it is read: :meth:`Concordance.grow` finds
the hits of the next records of a search result, and keeps each hit as four
numbers (record, field, start, end) in compact arrays, some 13 bytes a hit,
so that two million hits never become two million objects. A line's text
is cut from its field only when it is shown or written (:meth:`Concordance.line`).

Sorting is by the context read away from the match (``1L``: the character
just left of it, then the one before, and so on; ``1R``: to the right), as
concordancers sort by 1L, 2L, 3L…, then by the match; by date; by title;
ties keep archive order. The first :data:`SORT_DEPTH` characters are packed
into one integer a line for a numpy sort; only runs of lines that agree on
them are then ordered by their whole context.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from viewer.core.search.searcher import FIELD_ORDER, Searcher, SearchResult

#: Sort orders of a concordance.
SORTS = ("1L", "1R", "date", "title", "archive")
#: Characters of context a 1L/1R sort looks at.
SORT_DEPTH = 3


@dataclass(frozen=True, slots=True)
class KwicLine:
    rid: int
    field: str
    start: int
    end: int
    left: str
    match: str
    right: str


class Cancelled(Exception):
    """The work was cancelled."""


def _flat(text: str) -> str:
    return text.replace("\r", "").replace("\n", "¶")


def context_key(context: str) -> int:
    """The sort key of the first :data:`SORT_DEPTH` characters of ``context``
    (21 bits each, so that any code point fits; missing ones sort first)."""
    key = 0
    for i in range(SORT_DEPTH):
        key = key << 21 | (ord(context[i]) if i < len(context) else 0)
    return key


class Concordance:
    """The concordance of a search result, made as it is read.

    Lines are numbered in display order: archive order, or the order of the
    last :meth:`sort`. :meth:`grow` and :meth:`sort` may run in a worker
    thread while another reads lines below :func:`len` (appending to the
    arrays and reading them are each atomic).

    Args:
        searcher: the searcher that found ``result`` (for the field texts).
        result: the search result.
        width: characters of context on each side.
    """

    def __init__(self, searcher: Searcher, result: SearchResult, width: int = 20) -> None:
        self.searcher = searcher
        self.result = result
        self.width = width
        self._rid = array("I")
        self._field = array("B")
        self._start = array("I")
        self._end = array("I")
        self._codes: list[str] = []
        self._code_no: dict[str, int] = {}
        self._scanned = 0
        self.order: np.ndarray | None = None  # display position → hit number
        self.how = "archive"
        self.descending = False
        self._text: tuple[int, int, str] | None = None

    def __len__(self) -> int:
        return len(self._rid)

    @property
    def complete(self) -> bool:
        """Have every record's hits been found?"""
        return self._scanned >= len(self.result.id_array())

    @property
    def records_done(self) -> int:
        """Records of the result whose hits are in."""
        return self._scanned

    def grow(self, records: int | None = None, seconds: float | None = None, cancel: threading.Event | None = None) -> int:
        """Find the hits of the next ``records`` records (all, by default),
        stopping early after ``seconds``; returns the number of new lines."""
        ids = self.result.ids
        stop = len(ids) if records is None else min(len(ids), self._scanned + records)
        deadline = None if seconds is None else time.monotonic() + seconds
        before = len(self._rid)
        hits_of = self.result.hits
        code_no = self._code_no
        while self._scanned < stop:
            rid = ids[self._scanned]
            for hit in hits_of(rid):
                number = code_no.get(hit.field)
                if number is None:
                    number = code_no[hit.field] = len(self._codes)
                    self._codes.append(hit.field)
                self._field.append(number)
                self._start.append(hit.start)
                self._end.append(hit.end)
                self._rid.append(rid)  # last: a reader below len() sees a whole hit
            self.result._hits.pop(rid, None)  # placed hits are kept here, not twice
            self._scanned += 1
            if self._scanned % 256 == 0:
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                if deadline is not None and time.monotonic() > deadline:
                    break
        if len(self._rid) != before and self.order is not None:
            # New lines: the old order does not cover them; archive order until sorted again.
            self.order, self.how, self.descending = None, "archive", False
        return len(self._rid) - before

    def _field_text(self, rid: int, number: int) -> str:
        cached = self._text
        if cached is not None and cached[0] == rid and cached[1] == number:
            return cached[2]
        text = self.searcher.field_text(rid, self._codes[number])
        self._text = (rid, number, text)
        return text

    def hit_number(self, i: int) -> int:
        """The hit shown at display position ``i``."""
        return int(self.order[i]) if self.order is not None else i

    def rid(self, i: int) -> int:
        """The record of the line at display position ``i`` (cheap)."""
        return self._rid[self.hit_number(i)]

    def line(self, i: int) -> KwicLine:
        """The line at display position ``i``."""
        return self._line_of_hit(self.hit_number(i))

    def lines(self, cancel: threading.Event | None = None) -> Iterator[KwicLine]:
        """Every line in display order (made one at a time)."""
        for i in range(len(self)):
            if i % 4096 == 4095 and cancel is not None and cancel.is_set():
                raise Cancelled
            yield self.line(i)

    def sort(self, how: str, *, descending: bool = False, cancel: threading.Event | None = None) -> None:
        """Sort the lines found so far (see the module docstring).

        Raises:
            ValueError: an unknown sort.
            Cancelled: ``cancel`` was set.
        """
        if how not in SORTS:
            raise ValueError(f"unknown sort {how!r}; one of {', '.join(SORTS)}")
        n = len(self._rid)
        rids = np.frombuffer(self._rid, dtype=np.uint32, count=n).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
        archive = self.searcher.archive
        if how == "archive":
            keys = np.arange(n, dtype=np.int64)
        elif how == "date":
            keys = np.asarray(archive.sort_key("RQ"), dtype=np.int64)[rids]
        elif how == "title":
            distinct = np.unique(rids)
            titles = [archive.value(int(r), "BT") for r in distinct.tolist()]
            rank_of_title = {t: k for k, t in enumerate(sorted(set(titles)))}
            ranks = np.zeros(len(archive), dtype=np.int64)
            ranks[distinct] = [rank_of_title[t] for t in titles]
            keys = ranks[rids]
        else:
            keys = np.zeros(n, dtype=np.int64)
            depth = min(self.width, SORT_DEPTH)
            left = how == "1L"
            for k in range(n):
                if k % 4096 == 4095 and cancel is not None and cancel.is_set():
                    raise Cancelled
                text = self._field_text(self._rid[k], self._field[k])
                if left:
                    start = self._start[k]
                    keys[k] = context_key(_flat(text[max(0, start - depth * 2) : start])[::-1][:depth])
                else:
                    end = self._end[k]
                    keys[k] = context_key(_flat(text[end : end + depth * 2])[:depth])
        # Stable both ways: ties keep archive order, as sorted(reverse=True) does.
        order = np.argsort(-keys if descending else keys, kind="stable")
        if how in ("1L", "1R") and n > 1:
            order = self._refine(order, keys[order], how, descending, cancel)
        self.order = None if how == "archive" and not descending else order
        self.how, self.descending = how, descending


    def _refine(
        self, order: np.ndarray, ordered_keys: np.ndarray, how: str, descending: bool, cancel: threading.Event | None
    ) -> np.ndarray:
        """Order each run of lines whose first characters of context agree by
        the whole context and then the match, as :func:`sort_kwic` does (the
        texts of one run at a time are made, never of every line)."""
        cuts = np.flatnonzero(ordered_keys[1:] != ordered_keys[:-1]) + 1
        starts = [0, *cuts.tolist()]
        ends = [*cuts.tolist(), len(order)]
        out = order.copy()
        left = how == "1L"
        for start, end in zip(starts, ends):
            if end - start < 2:
                continue
            if cancel is not None and cancel.is_set():
                raise Cancelled
            run = order[start:end].tolist()
            lines = [self._line_of_hit(n) for n in run]
            keyed = [((line.left[::-1] if left else line.right), line.match) for line in lines]
            ranked = sorted(range(len(run)), key=keyed.__getitem__, reverse=descending)
            out[start:end] = [run[k] for k in ranked]
        return out

    def _line_of_hit(self, n: int) -> KwicLine:
        rid, number, start, end = self._rid[n], self._field[n], self._start[n], self._end[n]
        text = self._field_text(rid, number)
        width = self.width
        return KwicLine(
            rid, self._codes[number], start, end,
            _flat(text[max(0, start - width) : start]), text[start:end], _flat(text[end : end + width]),
        )


def kwic(searcher: Searcher, result: SearchResult, width: int = 20, limit: int | None = None) -> list[KwicLine]:
    """The concordance lines of ``result``, in archive order, as a list (for
    small results; large ones are read through a :class:`Concordance`)."""
    conc = Concordance(searcher, result, width)
    conc.grow()
    lines = list(conc.lines())
    return lines if limit is None else lines[:limit]


def sort_kwic(lines: list[KwicLine], how: str, searcher: Searcher, *, descending: bool = False) -> list[KwicLine]:
    """Sort a list of concordance lines as :meth:`Concordance.sort` sorts:
    by the context read away from the match (``1L`` backwards), then the
    match; by date; by title; or in archive order. Ties keep their order."""
    archive = searcher.archive
    key: Callable[[KwicLine], Any]
    if how == "1L":
        key = lambda line: (line.left[::-1], line.match)  # noqa: E731
    elif how == "1R":
        key = lambda line: (line.right, line.match)  # noqa: E731
    elif how == "date":
        dates = archive.sort_key("RQ")
        key = lambda line: dates[line.rid]  # noqa: E731
    elif how == "title":
        key = lambda line: archive.value(line.rid, "BT")  # noqa: E731
    elif how == "archive":
        key = lambda line: (line.rid, FIELD_ORDER.get(line.field, 9), line.field, line.start)  # noqa: E731
    else:
        raise ValueError(f"unknown sort {how!r}; one of {', '.join(SORTS)}")
    return sorted(lines, key=key, reverse=descending)
