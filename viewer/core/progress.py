"""How far proofreading has come: counts by level, by editor, by month.

:func:`report` reads the annotation summaries of an archive's records (see
:mod:`viewer.core.annotations.review` for the levels) and counts:

* records at each review level;
* for each editor, the records whose current level they set, by level;
* for each month of the archive (the records' 日期), records by level;
* for each month in which a level was set, the records each editor
  proofread or validated then (the work over time, from the records'
  history of levels, so a record proofread by one editor and validated by
  another counts for both).

The command line's ``progress`` prints it; the statistics dock charts the
last part.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from viewer.core.annotations import review
from viewer.core.annotations.index import STATUS_ORDER, AnnotationIndex
from viewer.core.annotations.model import Annotation
from viewer.core.records.archive import Archive

#: The month of records without a valid date.
NO_DATE = "undated"


@dataclass
class Report:
    """Counts of review progress (see the module's text).

    Attributes:
        total: records counted.
        levels: level → records.
        editors: editor → level → records whose current level they set.
        months: archive month (``YYYY-MM``) → level → records.
        work: month a level was set (``YYYY-MM``) → editor → records
            they proofread or validated then.
    """

    total: int = 0
    levels: dict[str, int] = field(default_factory=dict)
    editors: dict[str, dict[str, int]] = field(default_factory=dict)
    months: dict[str, dict[str, int]] = field(default_factory=dict)
    work: dict[str, dict[str, int]] = field(default_factory=dict)


def report(
    archive: Archive,
    index: AnnotationIndex,
    ids: Iterable[int] | None = None,
    history: Iterable[Annotation] | None = None,
) -> Report:
    """Count the review progress of ``ids`` (None: every record).

    ``history`` is every live status annotation of the archive (see
    :meth:`~viewer.core.session.Session.status_history`); without it the
    work over time counts only who set each record's current level.
    """
    out = Report(levels=dict.fromkeys(STATUS_ORDER, 0))
    editors: dict[str, Counter[str]] = {}
    months: dict[str, Counter[str]] = {}
    work: dict[str, Counter[str]] = {}
    for rid in (archive.ids() if ids is None else ids):
        s = index.get(rid)
        out.total += 1
        out.levels[s.status] = out.levels.get(s.status, 0) + 1
        date = archive.date(rid)
        month = f"{date // 10000:04d}-{date // 100 % 100:02d}" if date is not None else NO_DATE
        months.setdefault(month, Counter())[s.status] += 1
        if s.status_by:
            editors.setdefault(s.status_by, Counter())[s.status] += 1
            if history is None and s.status in review.DONE:
                work.setdefault(s.status_at[:7], Counter())[s.status_by] += 1
    if history is not None:
        first: dict[tuple[str, str, str], str] = {}  # (record, editor, level) → when first set
        for a in history:
            if a.status in review.DONE and not a.deleted:
                key = (a.record, a.author, a.status)
                if key not in first or a.created < first[key]:
                    first[key] = a.created
        for (_record, editor, _level), when in first.items():
            work.setdefault(when[:7], Counter())[editor] += 1
    order = {level: i for i, level in enumerate(STATUS_ORDER)}

    def by_level(c: Counter[str]) -> dict[str, int]:
        return dict(sorted(c.items(), key=lambda kv: order.get(kv[0], len(order))))

    out.editors = {name: by_level(editors[name]) for name in sorted(editors)}
    out.months = {m: by_level(months[m]) for m in sorted(months, key=lambda m: (m == NO_DATE, m))}
    out.work = {m: dict(sorted(work[m].items())) for m in sorted(work)}
    return out
