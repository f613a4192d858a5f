"""Anchoring spans of record text, W3C Web Annotation style.

A span is stored twice: by **position** (start and end offsets in Unicode
code points of the field's text) and by **quote** (the exact text, with up
to :data:`CONTEXT` code points before and after). When the record text has
changed, :func:`reanchor` finds the span again:

1. the old position, if the text there still equals the quote;
2. else the exact quote nearest the old position (context breaks ties);
3. else a fuzzy match: prefix + quote + suffix aligned against the text,
   accepted when most of the quote's characters line up.

Qt counts positions in UTF-16 code units; :func:`utf16_to_cp` and
:func:`cp_to_utf16` convert at that boundary (a character outside the BMP,
such as 𠮷, is one code point but two UTF-16 units).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import Enum

from viewer.core.records.fields import ZW
from viewer.core.records.units import cp_to_utf16, utf16_to_cp

__all__ = [
    "Anchor", "Placement", "cp_to_utf16", "field_text", "make_anchor", "needs_confirmation", "reanchor", "utf16_to_cp",
]
from viewer.core.records.record import Record

#: Code points of context kept on each side of a quote.
CONTEXT = 32

#: Share of the quote that a fuzzy match must line up.
FUZZY_MIN = 0.6


_ANCHOR_KEYS = frozenset({"field", "start", "end", "exact", "prefix", "suffix"})


def unknown_keys(obj: dict, known: frozenset[str]) -> str:
    """The keys of ``obj`` outside ``known``, as canonical JSON ('' if none)."""
    if known.issuperset(obj):
        return ""
    extra = {k: v for k, v in obj.items() if k not in known}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a span is: a field, code point offsets, and its quote.

    Attributes:
        field: the field code (``ZW`` for the body, ``BT``, ``YT``…).
        start: first code point of the span in :func:`field_text`.
        end: one past the last code point.
        exact: the span's text.
        prefix: up to :data:`CONTEXT` code points before it.
        suffix: up to :data:`CONTEXT` code points after it.
        extra: keys this version does not know (written by a newer one),
            as canonical JSON, kept so that a rewrite does not lose them.
    """

    field: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    extra: str = ""

    def to_json(self) -> dict:
        obj = json.loads(self.extra) if self.extra else {}
        obj.update(
            field=self.field, start=self.start, end=self.end, exact=self.exact, prefix=self.prefix, suffix=self.suffix
        )
        return obj

    @classmethod
    def from_json(cls, obj: dict) -> Anchor:
        start, end = obj["start"], obj["end"]
        if type(start) is not int or type(end) is not int or not 0 <= start <= end:
            raise ValueError(f"bad span {start!r}..{end!r}")
        return cls(
            sys.intern(str(obj["field"])),  # (a few fields: one object each)
            start,
            end,
            str(obj["exact"]),
            str(obj.get("prefix", "")),
            str(obj.get("suffix", "")),
            unknown_keys(obj, _ANCHOR_KEYS),
        )

    def moved(self, start: int, end: int, text: str) -> Anchor:
        """The same anchor at a new place in ``text`` (quote refreshed)."""
        return make_anchor(text, self.field, start, end)


class Placement(str, Enum):
    """How :func:`reanchor` placed a span."""

    POSITION = "position"
    QUOTE = "quote"
    FUZZY = "fuzzy"
    ORPHAN = "orphan"


def field_text(record: Record, code: str) -> str:
    """The text that anchors count in: the body's paragraphs joined by
    ``\\n``, or a short field's value without surrounding white space."""
    return record.body() if code == ZW else record.get(code)


def make_anchor(text: str, field: str, start: int, end: int) -> Anchor:
    """An anchor for ``text[start:end]`` (code point offsets)."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} outside a text of {len(text)} characters")
    return Anchor(field, start, end, text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def reanchor(anchor: Anchor, text: str) -> tuple[Placement, int, int]:
    """Find ``anchor`` in ``text``.

    Returns:
        How it was placed and the new start and end; ``ORPHAN`` with
        ``(-1, -1)`` when it cannot be placed.
    """
    exact = anchor.exact
    if text[anchor.start : anchor.end] == exact and (exact or anchor.start <= len(text)):
        return Placement.POSITION, anchor.start, anchor.end
    if exact:
        best = _nearest_quote(anchor, text)
        if best is not None:
            return Placement.QUOTE, best, best + len(exact)
        fuzzy = _fuzzy(anchor, text)
        if fuzzy is not None:
            return Placement.FUZZY, *fuzzy
    return Placement.ORPHAN, -1, -1


def needs_confirmation(anchor: Anchor, how: Placement, text: str, start: int, end: int) -> bool:
    """Was the span placed on text other than what was annotated?

    True for a fuzzy placement, and for any placement whose text differs
    from the anchor's quote. A correction placed so must not act until
    someone confirms it: applied blindly, a correction of 中油布问 placed on
    中石油问 would be a correction nobody made.
    """
    if how is Placement.ORPHAN:
        return False
    return how is Placement.FUZZY or text[start:end] != anchor.exact


def _nearest_quote(anchor: Anchor, text: str) -> int | None:
    exact = anchor.exact
    hits = []
    i = text.find(exact)
    while i >= 0:
        hits.append(i)
        i = text.find(exact, i + 1)
    if not hits:
        return None

    def score(i: int) -> tuple[int, int]:
        context = 0
        if anchor.prefix and text[:i].endswith(anchor.prefix[-8:]):
            context -= 1
        if anchor.suffix and text[i + len(exact) :].startswith(anchor.suffix[:8]):
            context -= 1
        return context, abs(i - anchor.start)

    return min(hits, key=score)


def _fuzzy(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """Align prefix + quote + suffix with the text and map the quote over."""
    pattern = anchor.prefix + anchor.exact + anchor.suffix
    q0, q1 = len(anchor.prefix), len(anchor.prefix) + len(anchor.exact)
    # Look near the old place first, then everywhere.
    windows = []
    pad = len(pattern) * 2 + 64
    lo = max(0, anchor.start - pad)
    windows.append((lo, text[lo : anchor.end + pad]))
    if lo > 0 or anchor.end + pad < len(text):
        windows.append((0, text))
    best: tuple[float, int, int] | None = None
    for offset, window in windows:
        matcher = SequenceMatcher(None, pattern, window, autojunk=False)
        mapped = []  # (pattern index, window index) for quote characters that line up
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                if q0 <= a + k < q1:
                    mapped.append((a + k, b + k))
        if not mapped:
            continue
        share = len(mapped) / max(1, q1 - q0)
        if share < FUZZY_MIN:
            continue
        # Extend from the first and last matched quote characters to the quote's ends.
        first_a, first_b = mapped[0]
        last_a, last_b = mapped[-1]
        start = max(0, offset + first_b - (first_a - q0))
        end = min(len(text), offset + last_b + 1 + (q1 - 1 - last_a))
        if best is None or share > best[0]:
            best = (share, start, end)
        if share >= 0.95:
            break
    return None if best is None else (best[1], best[2])
