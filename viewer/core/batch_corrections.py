"""Batch corrections: find and replace over records, as proposals to review.

Find and replace never writes text blindly. :func:`find` lists every place
a text occurs in the records given (the result of a query, or the records
shown), each in its context, as a :class:`Proposal`; the editor looks at
them and turns the ones wanted into corrections, open (to review later) or
accepted, in one step that undo takes back
(:meth:`~viewer.core.session.Session.add_corrections`). A list of known
misreadings (``WRONG→RIGHT`` a line, as the proofreading checks read it)
gives many find/replace pairs at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from viewer.core.annotations.anchoring import field_text
from viewer.core.records.archive import Archive, RecordId
from viewer.core.records.fields import BT, FT, YT, ZW, ZZ

#: The fields find and replace looks in by default: the article's own text.
TEXT_FIELDS = (YT, BT, FT, ZZ, ZW)

#: Characters of context on each side of a proposal.
CONTEXT = 20


@dataclass(frozen=True, slots=True)
class Proposal:
    """One place to correct.

    Attributes:
        rid: the record.
        field: the field code.
        start, end: code points of the text found in :func:`field_text`.
        found: the text found.
        replacement: what it would become.
        left, right: up to :data:`CONTEXT` characters around it.
    """

    rid: RecordId
    field: str
    start: int
    end: int
    found: str
    replacement: str
    left: str = ""
    right: str = ""


def find(
    archive: Archive,
    ids: Iterable[int],
    pairs: Sequence[tuple[str, str]],
    *,
    fields: Sequence[str] = TEXT_FIELDS,
    taken: Callable[[int, str, int, int], bool] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[Proposal]:
    """Every occurrence of each ``(find, replace)`` pair's text in the
    records' fields, without overlaps (a longer find wins over a shorter
    one at the same place), in record and text order.

    Args:
        archive: the records.
        ids: the records to look in.
        pairs: (text to find, its replacement); pairs with an empty find or
            an unchanged replacement are skipped.
        fields: the fields to look in.
        taken: ``taken(rid, field, start, end)``: is there a correction of
            that span already? Those places are left out.
        cancel: asked now and then; True stops with what was found.
    """
    wanted = sorted(((f, r) for f, r in pairs if f and f != r), key=lambda p: -len(p[0]))
    out: list[Proposal] = []
    if not wanted:
        return out
    for n, rid in enumerate(sorted(ids, key=lambda r: (archive.file_id(r), archive.index_in_file(r)))):
        if cancel is not None and n % 256 == 0 and cancel():
            break
        if not _may_hold(archive, rid, wanted, fields):
            continue
        record = archive.read(rid)
        if record is None:
            continue
        for code in fields:
            if record.field(code) is None:
                continue
            text = field_text(record, code)
            used = [False] * len(text)
            spans: list[tuple[int, int, str, str]] = []
            for needle, replacement in wanted:
                i = text.find(needle)
                while i >= 0:
                    j = i + len(needle)
                    if not any(used[i:j]) and not (taken is not None and taken(rid, code, i, j)):
                        used[i:j] = [True] * (j - i)
                        spans.append((i, j, needle, replacement))
                    i = text.find(needle, j)
            for i, j, needle, replacement in sorted(spans):
                out.append(Proposal(RecordId(rid), code, i, j, needle, replacement,
                                    text[max(0, i - CONTEXT) : i], text[j : j + CONTEXT]))
    return out


def overlapping(spans: Iterable[tuple[int, str, int, int]]) -> Callable[[int, str, int, int], bool]:
    """A ``taken`` for :func:`find`: does a span overlap one of ``spans``
    (``(rid, field, start, end)``, the corrections there already)?"""
    by_field: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for rid, code, start, end in spans:
        by_field.setdefault((rid, code), []).append((start, end))

    def taken(rid: int, code: str, start: int, end: int) -> bool:
        return any(a < end and start < b or a == b == start for a, b in by_field.get((rid, code), ()))

    return taken


def _may_hold(archive: Archive, rid: int, wanted: list[tuple[str, str]], fields: Sequence[str]) -> bool:
    """False when the short fields in memory rule the record out (no body to look at)."""
    if ZW in fields:
        return True
    values = [archive.value(rid, code) for code in fields]
    return any(needle in value for needle, _r in wanted for value in values)
