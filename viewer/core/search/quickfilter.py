"""The quick filter: records whose headlines or author contain some text.

This is the table's type-as-you-go filter, not the full-text search (that
is a later issue). Every space-separated term must occur in one of 引题,
标题, 副题 or 作者 (AND); matching is by substring, as Chinese needs, and
ignores case for Latin letters.
"""

from __future__ import annotations

from collections.abc import Iterable

from viewer.core.records.archive import Archive
from viewer.core.records.fields import BT, FT, YT, ZZ

#: The fields the quick filter looks in.
FILTER_FIELDS = (YT, BT, FT, ZZ)


def quick_filter(archive: Archive, ids: Iterable[int], text: str) -> list[int]:
    """The ids (in the given order) whose filter fields contain every term."""
    terms = text.split()
    if not terms:
        return list(ids)
    fold = any(t.lower() != t or t.upper() != t for t in terms)
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
