"""Markup inside a field: what a field's raw value reads as.

A field's raw value (:attr:`~viewer.core.record.Field.value`) can hold
markup of its own besides text:

* **inline markers**, tags with no closing tag: ``〖HH/换行〗`` is a line
  break;
* **picture blocks**: ``〖TM/中图〗…〖-TM/中图〗`` with nested fields of their
  own, the page (``〖BH/版号〗011〖-BH/版号〗``) and the picture's file name
  (``〖WJ/文件〗2014112001101.T01〖-WJ/文件〗``). A picture is not text: it is
  metadata of the record, placed between the body's paragraphs;
* **other nested tags** that open and close inside the field: their tags
  are markup, what they hold is text;
* **tag-like words** that are never closed (``〖注释〗``): text, brackets
  included.

:func:`render` turns a raw value into the text that people read, search,
concordance, anchors and exports all use, and can map each character of
that text back to the raw value (for writing corrections into the file).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

#: An opening or closing tag: ``〖CODE/名称〗`` or ``〖-CODE/名称〗``.
TAG = re.compile(r"〖(-?)([^〖〗/\r\n]{1,40})(?:/([^〖〗\r\n]{0,40}))?〗")

#: White space that indents or pads values and paragraphs in the archive
#: (ASCII, the ideographic space U+3000, a stray BOM).
PAD = " \t\r\n\u3000\ufeff"

#: Markers that stand alone inside a field: they have no closing tag.
INLINE_MARKERS = frozenset({"HH"})  # 换行, a line break

#: Blocks inside a field that are not text: picture blocks.
PICTURE_BLOCKS = frozenset({"TM"})  # 中图

#: Where a picture block stood, while paragraphs are being cut.
_SLOT = "\ufffc"


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture block of a record.

    Attributes:
        page: the page (版号) given inside the block, or ''.
        file: the picture's file name (文件) given inside the block, or ''.
        paragraph: the index of the paragraph it stands before, in the
            field's paragraphs (their number when it comes last).
    """

    page: str
    file: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Rendered:
    """A field's value as text.

    Attributes:
        text: the field text that anchors count in: for the body, its
            paragraphs joined by ``\\n``; for a short field, the value without
            surrounding white space (an inline line break is a ``\\n``).
        paragraphs: non-empty lines, each without its indentation.
        pictures: the picture blocks, in order.
        raw_at: for each position of :attr:`text` (and one past its end),
            the offset in the raw value it comes from; None unless asked.
    """

    text: str
    paragraphs: tuple[str, ...]
    pictures: tuple[Picture, ...] = ()
    raw_at: tuple[int, ...] | None = None


def has_markup(value: str) -> bool:
    """Could ``value`` hold markup (a tag-like bracket)?"""
    return "〖" in value


def _plain(value: str) -> tuple[str, list[int], list[tuple[str, str]]]:
    """The value with its markup read: (text, raw offset of each character
    and of the end, (page, file) of each picture). A picture block becomes
    a line of its own holding :data:`_SLOT`."""
    tags = list(TAG.finditer(value))
    by_code: dict[str, list[int]] = {}
    for n, m in enumerate(tags):
        by_code.setdefault(m.group(2), []).append(n)

    def own_close(n: int) -> int | None:
        same = by_code[tags[n].group(2)]
        k = bisect_right(same, n)
        return same[k] if k < len(same) and tags[same[k]].group(1) == "-" else None

    chars: list[str] = []
    at: list[int] = []
    pictures: list[tuple[str, str]] = []
    paired_closes: set[int] = set()

    def emit(text: str, raw: int, same_place: bool = False) -> None:
        chars.extend(text)
        at.extend([raw] * len(text) if same_place else range(raw, raw + len(text)))

    pos = n = 0
    while n < len(tags):
        m = tags[n]
        emit(value[pos : m.start()], pos)
        code, closing = m.group(2), m.group(1) == "-"
        if not closing and code in INLINE_MARKERS:
            emit("\n", m.start())
            pos, n = m.end(), n + 1
            continue
        close = None if closing else own_close(n)
        if close is not None and code in PICTURE_BLOCKS:
            inner = value[m.end() : tags[close].start()]
            pictures.append((_nested(inner, "BH"), _nested(inner, "WJ")))
            emit(f"\n{_SLOT}\n", m.start(), same_place=True)
            pos, n = tags[close].end(), close + 1
            continue
        if close is not None:  # a nested element: its tags are markup, its content text
            paired_closes.add(close)
            pos, n = m.end(), n + 1
            continue
        if closing and n in paired_closes:
            pos, n = m.end(), n + 1
            continue
        emit(m.group(0), m.start())  # a tag-like word that is never closed: text
        pos, n = m.end(), n + 1
    emit(value[pos:], pos)
    at.append(len(value))
    return "".join(chars), at, pictures


def _nested(inner: str, code: str) -> str:
    """The text of the first ``〖CODE…〗…〖-CODE…〗`` element in ``inner``."""
    m = re.search(rf"〖{code}(?:/[^〖〗\r\n]*)?〗(.*?)〖-{code}(?:/[^〖〗\r\n]*)?〗", inner, re.S)
    return m.group(1).strip(PAD) if m else ""


def render(value: str, body: bool, *, with_map: bool = False) -> Rendered:
    """The text of a field's raw ``value`` (see :class:`Rendered`).

    Args:
        value: the raw value, as between the field's tags.
        body: True for the body (paragraphs), False for a short field.
        with_map: also give :attr:`Rendered.raw_at`.
    """
    if has_markup(value):
        plain, at, found = _plain(value)
    else:
        plain, at, found = value, [], []
    if not body:
        stripped = plain.strip(PAD)
        lead = len(plain) - len(plain.lstrip(PAD))
        text = stripped.replace(_SLOT, "")
        raw_at = None
        if with_map:
            raw = at if at else list(range(len(value) + 1))
            raw_at = tuple(raw[lead + i] for i, ch in enumerate(stripped) if ch != _SLOT) + (
                raw[lead + len(stripped)],
            )
        pictures = tuple(Picture(page, file, 0) for page, file in found)
        return Rendered(text, (text,) if text else (), pictures, raw_at)
    paragraphs: list[str] = []
    maps: list[list[int]] = []
    pictures_out: list[Picture] = []
    slots = iter(found)
    start = 0
    for line in plain.splitlines(keepends=True):
        end = start + len(line)
        content = line.strip(PAD)
        if content == _SLOT:
            page, file = next(slots)
            pictures_out.append(Picture(page, file, len(paragraphs)))
        elif content:
            lead = start + len(line) - len(line.lstrip(PAD))
            paragraphs.append(content)
            if with_map:
                maps.append([at[lead + i] if at else lead + i for i in range(len(content) + 1)])
        start = end
    text = "\n".join(paragraphs)
    raw_at = None
    if with_map:
        # Each paragraph's characters, then its end: the end maps the \n
        # that joins it to the next paragraph (or the end of the text).
        flat = [raw for m in maps for raw in m]
        raw_at = tuple(flat) if flat else (0,)
    return Rendered(text, tuple(paragraphs), tuple(pictures_out), raw_at)
