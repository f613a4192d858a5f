"""Terms over time, as a researcher compares them: records with each term
per month (or year), as counts or as a share of the records of that month
(per 1,000), over the archive's whole span.

A raw count follows how much of the paper the archive holds: a month with
14 days in the archive looks like a decline. The share (hits per 1,000
records of the month, as Google's Ngram Viewer gives a share of the year's
words) does not; it is the default when terms are compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from viewer.core.records.archive import Archive
from viewer.core.search.facets import per_period

#: What separates the terms to compare: commas (both widths), 、 and ;.
_SEPARATORS = re.compile(r"[,，、;；]")

#: Records per how many the share is given.
PER = 1000


def split_terms(text: str) -> list[str]:
    """``党员, 群众、干部`` → ``["党员", "群众", "干部"]`` (each term a query
    of the query language; empty ones dropped, repeats once)."""
    out: list[str] = []
    for term in _SEPARATORS.split(text):
        term = term.strip()
        if term and term not in out:
            out.append(term)
    return out


@dataclass(frozen=True, slots=True)
class Trend:
    """Terms over time.

    Attributes:
        labels: the periods (``YYYY-MM`` or ``YYYY``), the archive's whole span.
        series: each term's values, one a period.
        totals: the archive's records in each period.
        relative: the values are per :data:`PER` records of their period
            (else counts of records).
    """

    labels: list[str]
    series: dict[str, list[float]]
    totals: list[int]
    relative: bool

    def rows(self) -> list[list]:
        """A table of it, for CSV: period, records, then one column a term."""
        header = ["period", "records", *self.series]
        body = [[label, self.totals[i], *(round(v[i], 4) if self.relative else int(v[i]) for v in self.series.values())]
                for i, label in enumerate(self.labels)]
        return [header, *body]


def trend(archive: Archive, found: dict[str, Sequence[int] | Iterable[int]], period: str = "month",
          relative: bool = True) -> Trend:
    """Each term's records (``found``: term → record ids) per period, over
    the span of the whole archive, as counts or per :data:`PER` records."""
    everything = per_period(archive, range(len(archive)), period)
    labels = [label for label, _n in everything]
    totals = [n for _label, n in everything]
    at = {label: i for i, label in enumerate(labels)}
    series: dict[str, list[float]] = {}
    for term, ids in found.items():
        values = [0.0] * len(labels)
        for label, n in per_period(archive, ids, period, fill=False):
            i = at.get(label)
            if i is not None:
                values[i] = float(n)
        if relative:
            values = [v * PER / totals[i] if totals[i] else 0.0 for i, v in enumerate(values)]
        series[term] = values
    return Trend(labels, series, totals, relative)


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 × 10ⁿ) for about ``ticks`` ticks up to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / max(1, ticks)
    power = 10.0 ** _floor_log10(raw)
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _floor_log10(x: float) -> int:
    import math

    return math.floor(math.log10(x))


def nice_top(top: float, ticks: int = 5) -> tuple[float, int]:
    """The axis's round top at or above ``top``, and its number of ticks."""
    step = nice_step(top, ticks)
    n = max(1, -(-top // step)) if top > 0 else 1
    return float(n * step), int(n) + 1
