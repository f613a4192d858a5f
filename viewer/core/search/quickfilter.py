"""The quick filter: records whose headlines or author contain some text.

This is the table's type-as-you-go filter, not the full-text search (that
is :mod:`viewer.core.search.searcher`). Every space-separated term must
occur in one of 引题, 标题, 副题 or 作者 (AND); matching is by substring, as
Chinese needs, and ignores case for Latin letters. With the search index,
terms without Latin letters in two cases are looked up in it (a million
records in milliseconds); otherwise each record is read.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyroaring import BitMap

from viewer.core.records.archive import Archive
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
    if fold:
        terms = [t.casefold() for t in terms]
    yt, bt, ft, zz = (archive.column(code) for code in FILTER_FIELDS)
    if len(terms) == 1 and not fold:
        t = terms[0]
        return [r for r in ids if t in bt[r] or t in yt[r] or t in ft[r] or t in zz[r]]
    out = []
    for r in ids:
        hay = f"{yt[r]}\n{bt[r]}\n{ft[r]}\n{zz[r]}"
        if fold:
            hay = hay.casefold()
        if all(t in hay for t in terms):
            out.append(r)
    return out


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
