"""Building the reader's document, and mapping its positions to record text.

The article is built with :class:`QTextCursor` calls, never from HTML, so
record text can only ever be text. Each block is one field (or one body
paragraph) and carries in its block format the field code and where the
paragraph starts in the field's text (in code points, as anchors count).
Text the reader adds (a correction's replacement, a note marker) carries
the :data:`INSERTED` property, so that mapping a document position back to
the record skips it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from viewer.core.anchoring import cp_to_utf16, utf16_to_cp
from viewer.core.fields import BT, FT, YT, ZW, ZZ
from viewer.core.record import Record, format_date, parse_date

FIELD = QTextFormat.Property.UserProperty + 1  #: block: the field code
PARA_START = QTextFormat.Property.UserProperty + 2  #: block: paragraph start in the field text
INSERTED = QTextFormat.Property.UserProperty + 3  #: char: added by the reader, not record text
ANNOTATION = QTextFormat.Property.UserProperty + 4  #: char: the annotation id drawn here

#: Font size steps relative to the reader's base size.
_SIZE = {YT: -1, BT: 2, FT: 0, ZZ: 0, "meta": -1}


@dataclass(frozen=True, slots=True)
class Decoration:
    """An annotation placed in the record text, to draw.

    Attributes:
        id: the annotation's id.
        field: the field code.
        start: code point offset in the field text.
        end: one past the end.
        kind: ``highlight``, ``note`` or ``correction``.
        colour: the highlight's RGB colour.
        text: a note's text, or a correction's replacement.
    """

    id: str
    field: str
    start: int
    end: int
    kind: str
    colour: str = ""
    text: str = ""


def metadata_line(record: Record, file: str = "") -> str:
    """``2005-02-17 · 第04版 国内时事 · 消息 · D261.4 · 总期 17205 · file``."""
    get = record.get
    date = parse_date(get("RQ"))
    items = [format_date(date) if date is not None else get("RQ")]
    page = " ".join(x for x in (f"第{get('BH')}版" if get("BH") else "", get("BM")) if x)
    items += [page, get("TC"), get("FL"), f"总期 {get('ZQ')}" if get("ZQ") else "", file]
    return " · ".join(x for x in items if x)


def build(doc: QTextDocument, record: Record, file: str, decorations: list[Decoration]) -> None:
    """Fill ``doc`` with the article, drawing ``decorations``."""
    doc.clear()
    if doc.defaultFont().pointSize() <= 0:  # size steps need a point-sized base font
        font = QFont(doc.defaultFont())
        font.setPointSize(12)
        doc.setDefaultFont(font)
    cursor = QTextCursor(doc)
    first = True

    def block(field: str | None, para_start: int, style: str) -> None:
        nonlocal first
        fmt = QTextBlockFormat()
        if field:
            fmt.setProperty(FIELD, field)
            fmt.setProperty(PARA_START, para_start)
        if style == ZW:
            fmt.setLineHeight(160.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            fmt.setTextIndent(28)
            fmt.setBottomMargin(8)
        else:
            fmt.setBottomMargin(10 if style == "meta" else 4)
        char = _base(style)
        if first:
            cursor.setBlockFormat(fmt)
            cursor.setCharFormat(char)
            first = False
        else:
            cursor.insertBlock(fmt, char)

    by_field: dict[str, list[Decoration]] = {}
    for d in decorations:
        by_field.setdefault(d.field, []).append(d)
    for code in (YT, BT, FT, ZZ):
        text = record.get(code)
        if not text and code != BT:
            continue
        block(code, 0, code)
        _insert(cursor, text, 0, by_field.get(code, []), _base(code))
    block(None, 0, "meta")
    meta = _base("meta")
    meta.setForeground(QColor("#777777"))
    cursor.insertText(metadata_line(record, file), meta)
    offset = 0
    for paragraph in record.paragraphs():
        block(ZW, offset, ZW)
        _insert(cursor, paragraph, offset, by_field.get(ZW, []), _base(ZW))
        offset += len(paragraph) + 1


def _base(style: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, _SIZE.get(style, 0))
    if style == BT:
        fmt.setFontWeight(QFont.Weight.Bold)
    if style in (YT, FT):
        fmt.setForeground(QColor("#444444"))
    return fmt


def _insert(cursor: QTextCursor, text: str, offset: int, decorations: list[Decoration], base: QTextCharFormat) -> None:
    """Insert one paragraph (``offset`` into its field text) with decorations."""
    end_of_text = offset + len(text)
    mine = [d for d in decorations if d.start < end_of_text and d.end > offset or d.start == d.end == offset]
    cuts = {0, len(text)}
    for d in mine:
        cuts.add(min(max(d.start - offset, 0), len(text)))
        cuts.add(min(max(d.end - offset, 0), len(text)))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        fmt = QTextCharFormat(base)
        for d in mine:
            if d.start - offset <= a and d.end - offset >= b:
                _decorate(fmt, d)
        cursor.insertText(text[a:b], fmt)
        for d in mine:  # what the reader adds after a span
            if d.end - offset == b and d.kind in ("correction", "note"):
                _insert_marker(cursor, d, base)
    if not text:
        for d in mine:
            _insert_marker(cursor, d, base)


def _decorate(fmt: QTextCharFormat, d: Decoration) -> None:
    fmt.setProperty(ANNOTATION, d.id)
    if d.kind == "highlight":
        fmt.setBackground(QColor(d.colour or "#ffe066"))
    elif d.kind == "correction":
        fmt.setFontStrikeOut(True)
        fmt.setForeground(QColor("#c92a2a"))
        fmt.setToolTip(d.text)
    elif d.kind == "note":
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor("#1971c2"))
        fmt.setToolTip(d.text)


def _insert_marker(cursor: QTextCursor, d: Decoration, base: QTextCharFormat) -> None:
    fmt = QTextCharFormat(base)
    fmt.setProperty(INSERTED, True)
    fmt.setProperty(ANNOTATION, d.id)
    fmt.setToolTip(d.text)
    if d.kind == "correction":
        fmt.setForeground(QColor("#2b8a3e"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        cursor.insertText(d.text, fmt)
    else:
        fmt.setForeground(QColor("#1971c2"))
        fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, -1)
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        cursor.insertText("✎", fmt)


def field_offset(doc: QTextDocument, pos: int) -> tuple[str, int] | None:
    """The record field and code point offset at document position ``pos``.

    Text the reader inserted is skipped; None outside the record's fields.
    """
    block = doc.findBlock(pos)
    fmt = block.blockFormat()
    field = fmt.property(FIELD)
    if not field:
        return None
    rel = pos - block.position()
    seen = cp = 0
    it = block.begin()
    while not it.atEnd() and seen < rel:
        fragment = it.fragment()
        take = min(fragment.length(), rel - seen)
        if not fragment.charFormat().boolProperty(INSERTED):
            cp += utf16_to_cp(fragment.text(), take)
        seen += fragment.length()
        it += 1
    return str(field), int(fmt.property(PARA_START)) + cp


def document_position(doc: QTextDocument, field: str, cp: int) -> int | None:
    """The document position of code point ``cp`` in ``field``'s text."""
    block = doc.begin()
    candidate = None
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.property(FIELD) == field and int(fmt.property(PARA_START)) <= cp:
            candidate = block
        block = block.next()
    if candidate is None:
        return None
    left = cp - int(candidate.blockFormat().property(PARA_START))
    pos = candidate.position()
    it = candidate.begin()
    while not it.atEnd():
        fragment = it.fragment()
        text = fragment.text()
        if fragment.charFormat().boolProperty(INSERTED):
            if left == 0:
                return pos
        else:
            if left <= len(text):
                return pos + cp_to_utf16(text, left)
            left -= len(text)
        pos += fragment.length()
        it += 1
    return pos
