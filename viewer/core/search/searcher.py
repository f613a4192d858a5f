"""Full-text search over an archive, with the query language of :mod:`viewer.core.search.query`.

Substring search, as Chinese needs: one- and two-character queries work.
Bodies are scanned in the memory-mapped :class:`~viewer.core.bodies.BodyStore`
(one C-level scan per term over the whole archive); the short fields are
scanned in the archive's columns. Results are record ids in archive order
with every hit's place (field, code point offsets), for the concordance and
for highlighting in the reader.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from viewer.core.records.archive import MISSING, Archive
from viewer.core.records.fields import ZW
from viewer.core.search.bodies import BodyStore
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


@dataclass(slots=True)
class SearchResult:
    """Matching record ids (archive order); hits are found when asked for.

    Finding which records match takes one scan per term; where in each
    record the hits are is worked out only for the records someone looks
    at (the reader, the concordance, a count), by :meth:`hits`.
    """

    ids: list[int] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    searcher: Searcher | None = None
    _hits: dict[int, list[Hit]] = field(default_factory=dict)

    def hits(self, rid: int) -> list[Hit]:
        """Every hit of the query's terms in record ``rid``, in reading order."""
        found = self._hits.get(rid)
        if found is None:
            found = self._hits[rid] = self.searcher.hits(rid, self.terms) if self.searcher else []
        return found

    def count(self, rid: int) -> int:
        return len(self.hits(rid))

    def total_hits(self, cancel: threading.Event | None = None) -> int | None:
        """Every hit of every matching record (None when cancelled).

        Plain terms are counted with ``str.count``; regexes and terms with
        exclusion patterns are placed one by one.
        """
        if self.searcher is None:
            return 0
        simple = all(t.regex is None and not t.exclusions for t in self.terms)
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
            for the ``note``/``批注`` field and plain terms.
    """

    def __init__(
        self,
        archive: Archive,
        store: BodyStore | None,
        *,
        index: Labels | None = None,
        notes: dict[int, list[str]] | None = None,
    ) -> None:
        self.archive = archive
        self.store = store
        self.index = index or NO_LABELS
        self.notes = notes or {}

    def field_text(self, rid: int, code: str) -> str:
        """The text hits count in (the body from the store, else the column)."""
        if code == ZW:
            return self.store.body(rid) if self.store is not None else ""
        if code == "#note":
            return "\n".join(self.notes.get(rid, ()))
        return self.archive.value(rid, code)

    def search(self, query: Query, cancel: threading.Event | None = None) -> SearchResult:
        """Run ``query``.

        Raises:
            Cancelled: ``cancel`` was set while searching.
        """
        allowed = self._allowed(query)
        result: set[int] | None = None
        for group in query.groups:
            ids: set[int] = set()
            for term in group:
                ids |= self._term_rids(term, allowed, cancel)
            result = ids if result is None else result & ids
        if result is None:
            result = set(range(len(self.archive))) if allowed is None else set(allowed)
        elif allowed is not None:
            result &= allowed
        for term in query.negated:
            result -= self._term_rids(term, allowed, cancel)
        return SearchResult(sorted(result), query.positive_terms, self)

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

    def _allowed(self, query: Query) -> set[int] | None:
        allowed: set[int] | None = None
        if query.date_from is not None or query.date_to is not None:
            lo = query.date_from or 0
            hi = query.date_to or MISSING - 1
            dates = self.archive.sort_key("RQ")
            allowed = {rid for rid in range(len(self.archive)) if lo <= dates[rid] <= hi}
        if query.tags or query.statuses:
            ids: Iterable[int] = range(len(self.archive)) if allowed is None else sorted(allowed)
            for tag in query.tags:
                ids = [r for r in ids if tag in self.index.tags_of(r)]
            if query.statuses:
                ids = [r for r in ids if self.index.status_of(r) in query.statuses]
            allowed = set(ids)
        return allowed

    def _term_rids(self, term: Term, allowed: set[int] | None, cancel: threading.Event | None) -> set[int]:
        out: set[int] = set()
        for code in term.fields:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            if code == ZW:
                out |= self._body_rids(term, allowed, cancel)
            elif code == "#note":
                out |= self._text_rids(term, self.notes.keys(), lambda r: "\n".join(self.notes[r]))
            elif code in _COLUMNS:
                rids = range(len(self.archive)) if allowed is None else sorted(allowed)
                column = self.archive.column(code)
                if self.archive.repeats(code):
                    # Few distinct values: test each once, then pick the records.
                    matching = {v for v in self.archive.distinct(code) if _matches(term, v)}
                    if matching:
                        out |= {rid for rid in rids if column[rid] in matching}
                else:
                    out |= self._text_rids(term, rids, column.__getitem__)
        return out if allowed is None else out & allowed

    def _text_rids(self, term: Term, rids: Iterable[int], text_of: Callable[[int], str]) -> set[int]:
        needle, regex = term.text, term.regex
        if regex is not None:
            return {rid for rid in rids if regex.search(text_of(rid))}
        if not term.exclusions:
            return {rid for rid in rids if needle in text_of(rid)}
        out = set()
        for rid in rids:
            text = text_of(rid)
            if needle in text and any(not _excluded(text, i, term) for i in _positions(text, needle)):
                out.add(rid)
        return out

    def _body_rids(self, term: Term, allowed: set[int] | None, cancel: threading.Event | None) -> set[int]:
        """Records whose body holds the term: one scan, jumping to the next
        record at each match, so a common term costs one find per record."""
        store = self.store
        if store is None:
            return set()
        if term.regex is not None:
            rids = range(len(store)) if allowed is None else sorted(allowed)
            return self._text_rids(term, rids, store.body)
        found = store.scan(term.text, term.exclusions, cancel)
        if cancel is not None and cancel.is_set():
            raise Cancelled
        return set(found)


_COLUMNS = frozenset(("ZQ", "RQ", "BH", "TH", "YT", "BT", "FT", "ZZ", "FL", "BM", "TC"))
_SEARCHED = _COLUMNS | {ZW, "#note"}


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
