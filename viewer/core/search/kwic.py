"""KWIC concordance: every hit as left context | match | right context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from viewer.core.search.searcher import Searcher, SearchResult

#: Sort orders of a concordance.
SORTS = ("1L", "1R", "date", "title", "archive")


@dataclass(frozen=True, slots=True)
class KwicLine:
    rid: int
    field: str
    start: int
    end: int
    left: str
    match: str
    right: str


def _flat(text: str) -> str:
    return text.replace("\r", "").replace("\n", "¶")


def kwic(searcher: Searcher, result: SearchResult, width: int = 20, limit: int | None = None) -> list[KwicLine]:
    """The concordance lines of ``result``, in archive order."""
    lines: list[KwicLine] = []
    for rid in result.ids:
        texts: dict[str, str] = {}
        for hit in result.hits(rid):
            text = texts.get(hit.field)
            if text is None:
                text = texts[hit.field] = searcher.field_text(rid, hit.field)
            left = _flat(text[max(0, hit.start - width) : hit.start])
            right = _flat(text[hit.end : hit.end + width])
            lines.append(KwicLine(rid, hit.field, hit.start, hit.end, left, text[hit.start : hit.end], right))
            if limit is not None and len(lines) >= limit:
                return lines
    return lines


def sort_kwic(lines: list[KwicLine], how: str, searcher: Searcher, *, descending: bool = False) -> list[KwicLine]:
    """Sort a concordance: by the characters next to the match (``1L`` reads
    the left context backwards from the match, ``1R`` the right context
    forwards), by date, by title, or in archive order; ties keep archive order."""
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
        key = lambda line: (line.rid, line.field, line.start)  # noqa: E731
    else:
        raise ValueError(f"unknown sort {how!r}; one of {', '.join(SORTS)}")
    return sorted(lines, key=key, reverse=descending)
