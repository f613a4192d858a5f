"""The quick filter: records whose headlines or author contain some text.

This is the table's type-as-you-go filter, not the full-text search (that
is :mod:`viewer.core.search.searcher`). Every space-separated term must
occur in one of 引题, 标题, 副题 or 作者 (AND); matching is by substring, as
Chinese needs, and ignores case for Latin letters. With the search index,
terms without Latin letters in two cases are looked up in it (a million
records in milliseconds); otherwise each field is searched as a whole
(:meth:`~viewer.core.records.archive.Archive.rows_containing`: a million
records in about 0.1 s, 0.4 s ignoring case), or, for a few records (those
a load has just added), each record is read.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from pyroaring import BitMap

from viewer.core.records.archive import Archive, ids_array
from viewer.core.records.fields import BT, FT, YT, ZZ
from viewer.core.search.gramindex import GramIndex, IndexDamaged

#: The fields the quick filter looks in.
FILTER_FIELDS = (YT, BT, FT, ZZ)


def quick_filter(archive: Archive, ids: Iterable[int], text: str, grams: GramIndex | None = None) -> list[int]:
    """The ids (in the given order) whose filter fields contain every term.

    Args:
        grams: the archive's search index (used when it is complete and
            ``ids`` is a range of record ids).
    """
    terms = text.split()
    if not terms:
        return list(ids)
    fold = any(t.lower() != t or t.upper() != t for t in terms)
    if grams is not None and grams.complete and not fold and isinstance(ids, range) and ids.step == 1:
        try:
            return _from_index(archive, ids, terms, grams)
        except IndexDamaged:
            pass  # it removed itself: read the records
    n = len(archive)
    chosen = ids_array(ids)
    if fold:
        terms = [t.casefold() for t in terms]
    if len(chosen) * 16 < n:  # a few records (those a load just added): each one read
        out = []
        for r in chosen.tolist():
            hay = "\n".join(archive.value(r, code) for code in FILTER_FIELDS)
            if fold:
                hay = hay.casefold()
            if all(t in hay for t in terms):
                out.append(r)
        return out
    # Every term in one of the fields: each field searched whole, at once.
    found: np.ndarray | None = None
    for term in terms:
        holding = np.zeros(n, dtype=bool)
        for code in FILTER_FIELDS:
            rows = archive.rows_containing(code, term, fold=fold)
            holding[rows[rows < n]] = True  # (records a load adds meanwhile are not in ids)
        found = holding if found is None else found & holding
    assert found is not None
    return chosen[found[chosen]].tolist()


def _from_index(archive: Archive, ids: range, terms: list[str], grams: GramIndex) -> list[int]:
    found: BitMap | None = None
    for term in terms:
        candidates, exact = grams.candidates_in(FILTER_FIELDS, term)
        holding = BitMap()
        for code, rids in candidates.items():
            if not exact:
                rids = BitMap([r for r in rids if term in archive.value(r, code)])
            holding |= rids
        found = holding if found is None else found & holding
        if not found:
            return []
    assert found is not None
    found &= BitMap(ids)
    return found.to_array().tolist()
