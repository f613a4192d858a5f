"""Full-text search over an archive, with the query language of :mod:`viewer.core.search.query`.

Substring search, as Chinese needs: one- and two-character queries work.
With a :class:`~viewer.core.search.gramindex.GramIndex`, a term's records
come from the index (exactly, for one or two characters; as candidates
confirmed by reading their text, for longer ones), so a search costs in
proportion to its matches. Without one, or for regular expressions, bodies
are scanned in the memory-mapped :class:`~viewer.core.bodies.BodyStore`
(one C-level scan per term over the whole archive) and the short fields in
the archive's columns; the scan is also the check the index is tested
against. Sets of records are compressed bitmaps (pyroaring). Results are record ids in archive order
with every hit's place (field, code point offsets), for the concordance and
for highlighting in the reader.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from pyroaring import BitMap

from viewer.core.records.archive import MISSING, Archive
from viewer.core.records.fields import ZW
from viewer.core.search.bodies import BodyStore
from viewer.core.search.gramindex import FIELDS as INDEXED
from viewer.core.search.gramindex import GramIndex, IndexDamaged
from viewer.core.search.labels import NO_LABELS, Labels
from viewer.core.search.query import Query, Term

#: Field order of hits within a record (reading order).
FIELD_ORDER = {"YT": 0, "BT": 1, "FT": 2, "ZZ": 3, "ZW": 4}


class Cancelled(Exception):
    """A newer search replaced this one."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence: a field, and code point offsets in its text."""

    field: str
    start: int
    end: int


def _ids_of(found: array) -> np.ndarray:
    """A bitmap's ids as a read-only int64 array."""
    ids = np.frombuffer(found, dtype=np.dtype(found.typecode)).astype(np.int64) if len(found) else np.zeros(
        0, dtype=np.int64)
    ids.flags.writeable = False
    return ids


@dataclass(slots=True)
class SearchResult:
    """Matching record ids (archive order); hits are found when asked for.

    Finding which records match takes one scan per term; where in each
    record the hits are is worked out only for the records someone looks
    at (the reader, the concordance, a count), by :meth:`hits`.
    """

    found: np.ndarray = field(default_factory=lambda: _ids_of(array("I")))
    terms: list[Term] = field(default_factory=list)
    searcher: Searcher | None = None
    _hits: dict[int, list[Hit]] = field(default_factory=dict)
    _ids: list[int] | None = None

    @classmethod
    def of(cls, found: array, terms: list[Term], searcher: Searcher) -> SearchResult:
        """A result from a bitmap's ids (an ``array`` of unsigned ints),
        kept as an array: a million ids made into a list, or a list made
        into an array, held the interpreter lock for 30–100 ms while the
        window waited."""
        return cls(_ids_of(found), terms, searcher)

    @property
    def ids(self) -> list[int]:
        """The matching record ids in archive order, as a list (made when
        first asked for; :meth:`id_array` is the same without a list)."""
        if self._ids is None:
            self._ids = self.found.tolist()
        return self._ids

    def id_array(self) -> np.ndarray:
        """The matching record ids in archive order (int64, read-only): the
        window filters with it."""
        return self.found

    def hits(self, rid: int) -> list[Hit]:
        """Every hit of the query's terms in record ``rid``, in reading order."""
        found = self._hits.get(rid)
        if found is None:
            found = self._hits[rid] = self.searcher.hits(rid, self.terms) if self.searcher else []
        return found

    def count(self, rid: int) -> int:
        return len(self.hits(rid))

    def __contains__(self, rid: object) -> bool:
        """Did the search match record ``rid``? (A bisection of the sorted ids.)"""
        if not isinstance(rid, int):
            return False
        found = self.found
        at = int(np.searchsorted(found, rid))
        return at < len(found) and int(found[at]) == rid

    def total_hits(self, cancel: threading.Event | None = None) -> int | None:
        """Every hit of every matching record (None when cancelled).

        Plain terms are counted with ``str.count``; regexes and terms with
        exclusion patterns are placed one by one.
        """
        if self.searcher is None:
            return 0
        simple = all(t.regex is None and not t.exclusions for t in self.terms)
        if simple:
            return self.searcher.count_plain(self.found, self.terms, cancel)  # (no list of a million ids)
        total = 0
        for i, rid in enumerate(self.ids):
            if i % 1024 == 0 and cancel is not None and cancel.is_set():
                return None
            if simple:
                for term in self.terms:
                    for code in term.fields:
                        if code in _SEARCHED:
                            total += self.searcher.field_text(rid, code).count(term.text)
            else:
                total += self.count(rid)
        return total


class Searcher:
    """Searches one archive.

    Args:
        archive: the records.
        store: their bodies (None: bodies are not searched).
        index: the records' tags and review statuses, for ``tag:`` and
            ``status:`` (an :class:`~viewer.core.annotations.index.AnnotationIndex`).
        notes: texts of a record's notes and corrections, by record id,
            for the ``note``/``批注`` field and plain terms; or a function
            that gathers them, called once, when first needed (a session's
            go through every sidecar read: in the search's own thread, not
            in the window's that makes the searcher).
        grams: the archive's n-gram index (used when complete); its bodies
            stand in for ``store`` when there is none.
    """

    def __init__(
        self,
        archive: Archive,
        store: BodyStore | None,
        *,
        index: Labels | None = None,
        notes: dict[int, list[str]] | Callable[[], dict[int, list[str]]] | None = None,
        grams: GramIndex | None = None,
    ) -> None:
        self.archive = archive
        self.store = store
        self.index = index or NO_LABELS
        self._notes: dict[int, list[str]] | None = notes if isinstance(notes, dict) else None if notes else {}
        self._gather_notes = notes if callable(notes) else None
        self._notes_lock = threading.Lock()
        self.grams = grams if grams is not None and grams.complete else None

    @property
    def notes(self) -> dict[int, list[str]]:
        """Texts of the records' notes and corrections, by record id
        (gathered at first use when given as a function)."""
        if self._notes is None:
            with self._notes_lock:
                if self._notes is None:
                    assert self._gather_notes is not None
                    self._notes = self._gather_notes()
        return self._notes

    @notes.setter
    def notes(self, notes: dict[int, list[str]]) -> None:
        self._notes = notes

    def searches_bodies(self) -> bool:
        """Are bodies searched (is there a store or an index)?"""
        return self.store is not None or self.grams is not None

    def count_plain(self, ids: list[int] | np.ndarray, terms: list[Term], cancel: threading.Event | None = None) -> int | None:
        """Occurrences of plain terms (no regex, no exclusions) in the
        searched fields of records ``ids``, as ``str.count`` counts them
        record by record (None when cancelled).

        Each field's texts of all the records are joined by a character no
        term holds and counted in one call, so that a million records cost
        a few passes in C, not a Python call per record and field."""
        total = 0
        for term in terms:
            for code in term.fields:
                if code not in _SEARCHED:
                    continue
                if cancel is not None and cancel.is_set():
                    return None
                total += self._count_in(ids, code, term.text, cancel)
        return None if cancel is not None and cancel.is_set() else total

    def _count_in(self, ids: list[int] | np.ndarray, code: str, needle: str, cancel: threading.Event | None) -> int:
        grams = self.grams if code == ZW and self.store is None and "\x00" not in needle else None
        if grams is None and len(ids) > len(self.archive) // 16:
            packed = self.archive.count_in(code, ids, needle)  # a headline column, in numpy
            if packed is not None:
                return packed
        if grams is not None or (code in _COLUMNS and "\x1f" not in needle):
            column = ([] if grams is not None else self.archive.texts(code) if len(ids) > len(self.archive) // 16
                      else self.archive.column(code))
            total = 0
            for i in range(0, len(ids), _COUNT_CHUNK):  # a few MB of text at a time
                if cancel is not None and cancel.is_set():
                    return 0
                part = ids[i : i + _COUNT_CHUNK]
                if grams is not None:
                    total += grams.count_in_bodies(part, needle)
                else:
                    rows = part.tolist() if isinstance(part, np.ndarray) else part
                    total += "\x1f".join(map(column.__getitem__, rows)).count(needle)
            return total
        listed: list[int] = ids.tolist() if isinstance(ids, np.ndarray) else ids
        if code == "#note":
            return sum(self.field_text(rid, code).count(needle) for rid in self.notes if self._holds(listed, rid))
        total = 0
        for i, rid in enumerate(listed):
            if i % 4096 == 0 and cancel is not None and cancel.is_set():
                return 0
            total += self.field_text(rid, code).count(needle)
        return total

    @staticmethod
    def _holds(ids: list[int], rid: int) -> bool:
        at = bisect_left(ids, rid)
        return at < len(ids) and ids[at] == rid

    def field_text(self, rid: int, code: str) -> str:
        """The text hits count in (the body from the store or the index, else the column)."""
        if code == ZW:
            if self.store is not None:
                return self.store.body(rid)
            return self.grams.body(rid) if self.grams is not None else ""
        if code == "#note":
            return "\n".join(self.notes.get(rid, ()))
        return self.archive.value(rid, code)

    def search(self, query: Query, cancel: threading.Event | None = None) -> SearchResult:
        """Run ``query``.

        Raises:
            Cancelled: ``cancel`` was set while searching.
        """
        allowed = self._allowed(query)
        result: BitMap | None = None
        for group in query.groups:
            ids = BitMap()
            for term in group:
                ids |= self._term_rids(term, allowed, cancel)
            result = ids if result is None else result & ids
        if result is None:
            result = BitMap(range(len(self.archive))) if allowed is None else allowed
        elif allowed is not None:
            result &= allowed
        for term in query.negated:
            result -= self._term_rids(term, result, cancel)
        return SearchResult.of(result.to_array(), query.positive_terms, self)

    def hits(self, rid: int, terms: list[Term]) -> list[Hit]:
        """Where ``terms`` occur in record ``rid``, in reading order."""
        found: list[Hit] = []
        for term in terms:
            for code in term.fields:
                if code not in _SEARCHED:
                    continue
                text = self.field_text(rid, code)
                if term.regex is not None:
                    found += [Hit(code, m.start(), m.end()) for m in term.regex.finditer(text) if m.end() > m.start()]
                else:
                    n = len(term.text)
                    found += [Hit(code, i, i + n) for i in _positions(text, term.text) if not _excluded(text, i, term)]
        found.sort(key=lambda h: (FIELD_ORDER.get(h.field, 9), h.field, h.start))
        return found

    # -- parts ------------------------------------------------------------

    def _allowed(self, query: Query) -> BitMap | None:
        allowed: BitMap | None = None
        if query.date_from is not None or query.date_to is not None:
            lo = query.date_from or 0
            hi = query.date_to or MISSING - 1
            dates = np.asarray(self.archive.sort_key("RQ"), dtype=np.int64)
            allowed = _bitmap(np.flatnonzero((dates >= lo) & (dates <= hi)))
        if query.tags or query.statuses:
            ids: Iterable[int] = range(len(self.archive)) if allowed is None else allowed
            for tag in query.tags:
                ids = [r for r in ids if tag in self.index.tags_of(r)]
            if query.statuses:
                ids = [r for r in ids if self.index.status_of(r) in query.statuses]
            allowed = BitMap(ids)
        return allowed

    def _term_rids(self, term: Term, allowed: BitMap | None, cancel: threading.Event | None) -> BitMap:
        out = BitMap()
        fields = list(term.fields)
        if self.grams is not None and term.regex is None:
            indexed = [code for code in fields if code in INDEXED]
            try:
                out |= self._indexed_rids(term, indexed, allowed, cancel)
                fields = [code for code in fields if code not in INDEXED]
            except IndexDamaged:
                self.grams = None  # it removed itself: scan from now on
                if ZW in indexed and self.store is None:
                    raise
        for code in fields:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            if code == ZW:
                out |= self._body_rids(term, allowed, cancel)
            elif code == "#note":
                out |= self._text_rids(term, sorted(self.notes.keys()), lambda r: "\n".join(self.notes[r]))
            elif code in _COLUMNS:
                rids = range(len(self.archive)) if allowed is None else allowed
                if self.archive.repeats(code):
                    # Few distinct values: test each once, then pick the records (numpy).
                    codes, distinct = self.archive.value_codes(code)
                    matching = np.fromiter((_matches(term, v) for v in distinct), dtype=bool, count=len(distinct))
                    if matching.any():
                        rows = np.flatnonzero(matching[codes]).astype(np.uint32)
                        out |= BitMap(array("I", rows.tobytes()))  # (outside ``allowed``: dropped below)
                else:
                    column = self.archive.column(code)
                    values = self.archive.texts(code) if len(rids) > len(self.archive) // 16 else column
                    out |= self._text_rids(term, rids, values.__getitem__)
        return out if allowed is None else out & allowed

    def _indexed_rids(
        self, term: Term, codes: list[str], allowed: BitMap | None, cancel: threading.Event | None
    ) -> BitMap:
        """The records whose fields ``codes`` hold ``term``, from the index:
        candidates that need it are confirmed on their text."""
        grams = self.grams
        assert grams is not None
        if not codes:
            return BitMap()
        candidates, exact = grams.candidates_in(codes, term.text)
        out = BitMap()
        for code, found in candidates.items():
            if allowed is not None:
                found &= allowed
            if exact and not term.exclusions:
                out |= found
                continue
            if code == ZW and not term.exclusions:
                out |= grams.holding(found - out, term.text)
                continue
            text_of = grams.body if code == ZW else (lambda rid, code=code: self.archive.value(rid, code))
            held = []
            for i, rid in enumerate(found - out):
                if i % 4096 == 4095 and cancel is not None and cancel.is_set():
                    raise Cancelled
                if _matches(term, text_of(rid)):
                    held.append(rid)
            out |= BitMap(held)
        return out

    def _text_rids(self, term: Term, rids: Iterable[int], text_of: Callable[[int], str]) -> BitMap:
        needle, regex = term.text, term.regex
        if regex is not None:
            return BitMap([rid for rid in rids if regex.search(text_of(rid))])
        if not term.exclusions:
            return BitMap([rid for rid in rids if needle in text_of(rid)])
        out = []
        for rid in rids:
            text = text_of(rid)
            if needle in text and any(not _excluded(text, i, term) for i in _positions(text, needle)):
                out.append(rid)
        return BitMap(out)

    def _body_rids(self, term: Term, allowed: BitMap | None, cancel: threading.Event | None) -> BitMap:
        """Records whose body holds the term: one scan, jumping to the next
        record at each match, so a common term costs one find per record."""
        store = self.store
        if store is None:
            if self.grams is None:
                return BitMap()
            # Regular expressions with only the index: every body, from it.
            rids = range(len(self.archive)) if allowed is None else allowed
            return self._text_rids(term, rids, self.grams.body)
        if term.regex is not None:
            rids = range(len(store)) if allowed is None else allowed
            return self._text_rids(term, rids, store.body)
        found = store.scan(term.text, term.exclusions, cancel)
        if cancel is not None and cancel.is_set():
            raise Cancelled
        return _bitmap(np.frombuffer(found, dtype=np.int64))


_COLUMNS = frozenset(("ZQ", "RQ", "BH", "TH", "YT", "BT", "FT", "ZZ", "FL", "BM", "TC"))
_SEARCHED = _COLUMNS | {ZW, "#note"}
#: Records whose text is joined for one count (bodies: a few MB).
_COUNT_CHUNK = 4096


def _bitmap(ids: np.ndarray) -> BitMap:
    """A bitmap of record ids from a numpy array of them."""
    return BitMap(array("I", ids.astype(np.uint32).tobytes()))


def _positions(text: str, needle: str) -> Iterable[int]:
    """Where ``needle`` occurs, hits not overlapping: after a hit the search
    goes on at its end, as ``str.count`` counts (哈哈 in 哈哈哈 is one hit)."""
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + len(needle))


def _matches(term: Term, text: str) -> bool:
    """Does ``text`` hold ``term`` (a hit that no exclusion pattern covers)?"""
    if term.regex is not None:
        return term.regex.search(text) is not None
    if term.text not in text:
        return False
    return not term.exclusions or any(not _excluded(text, i, term) for i in _positions(text, term.text))


def _excluded(text: str, i: int, term: Term) -> bool:
    """Is the hit at ``i`` part of one of the term's exclusion patterns?"""
    for pattern in term.exclusions:
        k = pattern.find(term.text)
        while k >= 0:
            if i - k >= 0 and text.startswith(pattern, i - k):
                return True
            k = pattern.find(term.text, k + 1)
    return False
