"""Facets and statistics: counts by field, by month and year, and filters.

All functions take record ids and return plain lists, so the GUI (facet
panel, charts) and any script share them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from viewer.core.records.archive import MISSING, Archive, RecordId, ids_array
from viewer.core.records.fields import BH
from viewer.core.search.labels import STATUS_ORDER, Labels

#: Fields offered as facets, in the panel's order.
FACET_FIELDS = ("BM", "TC", "BH", "FL")


def value_counts(archive: Archive, ids: Iterable[int], code: str) -> list[tuple[str, int]]:
    """(value, count) for a field over ``ids``: most frequent first; pages in
    page order. Empty values are counted as ``""``."""
    codes, values = archive.value_codes(code)
    rids = ids_array(ids)
    chosen = codes[rids]
    tally = np.bincount(chosen, minlength=len(values))
    counts = {values[i]: int(tally[i]) for i in np.flatnonzero(tally).tolist()}
    if code == BH:
        numbers = archive.sort_key(BH)
        seen, first_at = np.unique(chosen, return_index=True)
        picked = rids[first_at]
        first = {values[c]: numbers[r] for c, r in zip(seen.tolist(), picked.tolist())}
        return sorted(counts.items(), key=lambda kv: (first.get(kv[0], MISSING), kv[0]))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _shown(ids: Iterable[int]) -> tuple[Callable[[int], bool], int]:
    """A test of membership in ``ids``, and how many there are."""
    chosen = ids_array(ids)
    mask = np.zeros(int(chosen.max()) + 1 if len(chosen) else 0, dtype=bool)
    mask[chosen] = True
    size = len(mask)
    return (lambda rid: 0 <= rid < size and bool(mask[rid])), int(mask.sum())


def tag_counts(labels: Labels, ids: Iterable[int]) -> list[tuple[str, int]]:
    """(tag, records) over ``ids``, most frequent first (only the labelled
    records are looked at)."""
    shown, _count = _shown(ids)
    counts: Counter[str] = Counter()
    for r in labels.labelled():
        if shown(r):
            counts.update(labels.tags_of(r))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def status_counts(labels: Labels, ids: Iterable[int]) -> list[tuple[str, int]]:
    """(status, records) over ``ids``, in review order; every record without
    a status is unread."""
    shown, count = _shown(ids)
    counts = Counter(labels.status_of(r) for r in labels.labelled() if shown(r))
    unread = count - sum(counts.values())
    if unread:
        counts["unread"] += unread
    order = list(STATUS_ORDER)
    return sorted(counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 9)


def per_period(archive: Archive, ids: Iterable[int], period: str = "month", *, fill: bool = True) -> list[tuple[str, int]]:
    """Records per ``month`` (``YYYY-MM``) or ``year`` (``YYYY``), in time order.

    Records without a valid date are left out. With ``fill``, periods with
    no records between the first and last are listed with 0.
    """
    dates = archive.sort_key("RQ")
    counts: Counter[int] = Counter()
    div = 100 if period == "month" else 10000
    for r in ids:
        d = dates[r]
        if d != MISSING:
            counts[d // div] += 1
    if not counts:
        return []
    keys = sorted(counts)
    if fill:
        keys = list(_periods(keys[0], keys[-1], period))
    return [(_label(k, period), counts.get(k, 0)) for k in keys]


def _periods(first: int, last: int, period: str) -> Iterator[int]:
    k = first
    while k <= last:
        yield k
        if period == "month":
            year, month = divmod(k, 100)
            k = (year + 1) * 100 + 1 if month >= 12 else k + 1
        else:
            k += 1


def _label(k: int, period: str) -> str:
    return f"{k // 100}-{k % 100:02d}" if period == "month" else str(k)


@dataclass(slots=True)
class FacetFilter:
    """Selected facet values (any of them per field; all fields must hold)."""

    values: dict[str, set[str]] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    date_from: int | None = None
    date_to: int | None = None

    def is_empty(self) -> bool:
        return not (any(self.values.values()) or self.tags or self.statuses or self.date_from or self.date_to)

    def apply(self, archive: Archive, ids: Iterable[int], labels: Labels | None = None) -> list[int]:
        """The ids that pass every selection."""
        out = list(ids)
        if self.date_from is not None or self.date_to is not None:
            dates = archive.sort_key("RQ")
            lo, hi = self.date_from or 0, self.date_to or MISSING - 1
            out = [r for r in out if lo <= dates[r] <= hi]
        for code, wanted in self.values.items():
            if wanted and out:
                codes, distinct = archive.value_codes(code)
                keep = np.fromiter((v in wanted for v in distinct), dtype=bool, count=len(distinct))
                chosen = ids_array(out)
                out = chosen[keep[codes[chosen]]].tolist()
        if labels is not None:
            for tag in self.tags:
                out = [r for r in out if tag in labels.tags_of(r)]
            if self.statuses:
                out = [r for r in out if labels.status_of(r) in self.statuses]
        return out


    def without(self, facet: str) -> FacetFilter:
        """The same selection but that of one facet (a field code,
        ``#tags`` or ``#status``)."""
        return FacetFilter(
            {code: set(v) for code, v in self.values.items() if code != facet},
            set() if facet == "#tags" else set(self.tags),
            set() if facet == "#status" else set(self.statuses),
            self.date_from, self.date_to,
        )


def counts(archive: Archive, labels: Labels, base: Iterable[int], selected: FacetFilter | None = None,
           fields: Iterable[str] = FACET_FIELDS) -> dict[str, list[tuple[str, int]]]:
    """Every facet's (value, count) pairs over ``base`` (the search's records),
    as a library catalogue counts them (multi-select faceting): each facet
    is counted under every other facet's selection but not its own, so
    that its other values say how many records choosing them as well would
    add. Values selected but now without records are kept, with 0, so
    that they can be unselected."""
    chosen = selected or FacetFilter()
    rids = ids_array(base)  # once, not once a facet (a million ids)

    def under(facet: str) -> np.ndarray:
        others = chosen.without(facet)
        return rids if others.is_empty() else ids_array(others.apply(archive, rids, labels))

    out: dict[str, list[tuple[str, int]]] = {}
    for code in fields:
        out[code] = _keep(value_counts(archive, under(code), code), chosen.values.get(code, set()))
    out["#tags"] = _keep(tag_counts(labels, under("#tags")), chosen.tags)
    out["#status"] = _keep(status_counts(labels, under("#status")), chosen.statuses)
    return out


def _keep(found: list[tuple[str, int]], selected: set[str]) -> list[tuple[str, int]]:
    missing = sorted(selected - {value for value, _n in found})
    return found + [(value, 0) for value in missing]


def day_ids(archive: Archive, date: int) -> list[RecordId]:
    """One day's records in page and item order: that day's paper."""
    dates = archive.sort_key("RQ")
    return archive.default_order([r for r in range(len(archive)) if dates[r] == date])


def neighbour_day(archive: Archive, date: int, step: int) -> int | None:
    """The nearest earlier (step -1) or later (+1) date that has records."""
    dates = sorted({d for d in archive.sort_key("RQ") if d != MISSING})
    from bisect import bisect_left, bisect_right

    if step > 0:
        i = bisect_right(dates, date)
        return dates[i] if i < len(dates) else None
    i = bisect_left(dates, date) - 1
    return dates[i] if i >= 0 else None
