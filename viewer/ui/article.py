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

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
)

from viewer.core.records.fields import BT, FT, YT, ZW, ZZ
from viewer.core.records.record import Record, format_date, parse_date
from viewer.core.records.units import cp_to_utf16, utf16_to_cp

FIELD = QTextFormat.Property.UserProperty + 1  #: block: the field code
PARA_START = QTextFormat.Property.UserProperty + 2  #: block: paragraph start in the field text
INSERTED = QTextFormat.Property.UserProperty + 3  #: char: added by the reader, not record text
ANNOTATION = QTextFormat.Property.UserProperty + 4  #: char: the annotation id drawn here

#: The most characters of a line of a short field (引题, 标题, 副题, 作者)
#: the article shows; the rest is said in a note (the original text shows
#: it all). A tag never closed swallows the rest of its file into one
#: field: two million characters laid out as a heading took two seconds.
FIELD_CHARS = 5000

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
        text: a note's text, or a correction's replacement (its tooltip).
        moved: a correction placed on text other than its quote: drawn as
            a question, not as a correction, until an editor confirms it.
    """

    id: str
    field: str
    start: int
    end: int
    kind: str
    colour: str = ""
    text: str = ""
    moved: bool = False


@dataclass(frozen=True, slots=True)
class Header:
    """What is on the record as a whole, shown under its metadata line.

    Attributes:
        warning: a sentence the reader must not miss (the record's file
            changed on disk since loading), first, in a block of its own.
        tags: its tags (chips).
        status: its review status (a chip unless ``unread`` or empty).
        status_text: that status as the interface says it.
        notes: the texts of its notes on the whole record.
    """

    tags: tuple[str, ...] = ()
    status: str = ""
    status_text: str = ""
    notes: tuple[str, ...] = ()
    warning: str = ""


#: The review statuses' chip colours (background, text).
STATUS_CHIPS = {
    "read": ("#e9ecef", "#343a40"),
    "flagged": ("#fff3bf", "#7c5e00"),
    "problematic": ("#ffe3e3", "#a61e1e"),
    "proofread": ("#d3f9d8", "#1e6b2f"),
    "validated": ("#b2f2bb", "#0b5c1f"),
}
TAG_CHIP = ("#e7f5ff", "#1864ab")
NOTE_BACKGROUND = "#fff9db"
#: The record's warning line (its file changed on disk).
WARNING_BACKGROUND = "#ffe3e3"
WARNING_TEXT = "#a61e1e"
NOTE_MARKER = "#1971c2"


@dataclass(frozen=True)
class PictureBlock:
    """A picture to show between the body's paragraphs.

    Attributes:
        paragraph: the index of the paragraph it stands before.
        caption: the line under it (file name, page), or the placeholder's
            text when there is no image.
        image: the image, or None for a placeholder.
        width: the width to draw the image at (0: its own).
        href: what a click on it reports (``picture:N``).
    """

    paragraph: int
    caption: str
    image: QImage | None = None
    width: int = 0
    href: str = ""


def metadata_line(record: Record, file: str = "") -> str:
    """``2005-02-17 · 第04版 国内时事 · 消息 · D261.4 · 总期 17205 · file``."""
    get = record.get
    date = parse_date(get("RQ"))
    items = [format_date(date) if date is not None else get("RQ")]
    page = " ".join(x for x in (f"第{get('BH')}版" if get("BH") else "", get("BM")) if x)
    items += [page, get("TC"), get("FL"), f"总期 {get('ZQ')}" if get("ZQ") else "", file]
    return " · ".join(x for x in items if x)


def build(
    doc: QTextDocument,
    record: Record,
    file: str,
    decorations: list[Decoration],
    pictures: list[PictureBlock] | None = None,
    header: Header | None = None,
    said_cut: Callable[[int], str] | None = None,
) -> None:
    """Fill ``doc`` with the article, drawing ``decorations``, with
    ``pictures`` between the body's paragraphs and the ``header`` (tags,
    status, notes on the whole record) under the metadata line. A line of
    a short field is shown up to :data:`FIELD_CHARS` characters, then
    ``said_cut(more)`` (default :func:`cut_note`) says how many are not."""
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
            fmt.setLineHeight(140.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            fmt.setTextIndent(28)
            fmt.setBottomMargin(8)
        elif style in ("warning", "note"):
            fmt.setBackground(QColor(WARNING_BACKGROUND if style == "warning" else NOTE_BACKGROUND))
            fmt.setLeftMargin(6)
            fmt.setRightMargin(6)
            fmt.setTopMargin(2)
            fmt.setBottomMargin(8)
        elif style == "picture":
            fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            fmt.setTopMargin(6)
            fmt.setBottomMargin(10)
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
        offset = 0
        for line in text.split("\n"):  # an inline line break: the author's unit on a line of its own
            block(code, offset, code)
            _insert(cursor, line[:FIELD_CHARS], offset, by_field.get(code, []), _base(code))
            if len(line) > FIELD_CHARS:
                _insert_cut(cursor, (said_cut or cut_note)(len(line) - FIELD_CHARS))
            offset += len(line) + 1
    block(None, 0, "meta")
    meta = _base("meta")
    meta.setForeground(QColor("#777777"))
    cursor.insertText(metadata_line(record, file), meta)
    if header is not None:
        _insert_header(cursor, header, block)
    offset = 0
    pending = sorted(pictures or [], key=lambda p: p.paragraph)
    for k, paragraph in enumerate(record.paragraphs()):
        while pending and pending[0].paragraph <= k:
            block(None, 0, "picture")
            _insert_picture(doc, cursor, pending.pop(0))
        block(ZW, offset, ZW)
        _insert(cursor, paragraph, offset, by_field.get(ZW, []), _base(ZW))
        offset += len(paragraph) + 1
    for picture in pending:
        block(None, 0, "picture")
        _insert_picture(doc, cursor, picture)


def cut_note(more: int) -> str:
    """What :func:`build` says after a line cut at :data:`FIELD_CHARS` (in English)."""
    return f" … {more:,} more character{'s' if more != 1 else ''}, not shown here (View → Show Original Text, Ctrl+U, shows them)"


def _insert_cut(cursor: QTextCursor, said: str) -> None:
    """Say that a field's line goes on, not shown."""
    fmt = _base("meta")
    fmt.setProperty(INSERTED, True)
    fmt.setForeground(QColor(WARNING_TEXT))
    cursor.insertText(said, fmt)


def _chip(cursor: QTextCursor, text: str, colours: tuple[str, str]) -> None:
    fmt = _base("meta")
    fmt.setProperty(INSERTED, True)
    fmt.setBackground(QColor(colours[0]))
    fmt.setForeground(QColor(colours[1]))
    cursor.insertText(f"\u2002{text}\u2002", fmt)
    space = _base("meta")
    space.setProperty(INSERTED, True)
    cursor.insertText(" ", space)


def _insert_header(cursor: QTextCursor, header: Header, block) -> None:
    """The warning, then tags and status as chips on a line of their own;
    each note on the whole record in a block of its own, with its marker."""
    if header.warning:
        block(None, 0, "warning")
        fmt = QTextCharFormat()
        fmt.setProperty(INSERTED, True)
        fmt.setForeground(QColor(WARNING_TEXT))
        cursor.insertText("⚠ " + header.warning, fmt)
    status = header.status if header.status in STATUS_CHIPS else ""
    if header.tags or status:
        block(None, 0, "chips")
        for tag in header.tags:
            _chip(cursor, tag, TAG_CHIP)
        if status:
            _chip(cursor, header.status_text or status, STATUS_CHIPS[status])
    for note in header.notes:
        block(None, 0, "note")
        fmt = QTextCharFormat()
        fmt.setProperty(INSERTED, True)
        marker = QTextCharFormat(fmt)
        marker.setForeground(QColor(NOTE_MARKER))
        marker.setFontWeight(QFont.Weight.Bold)
        cursor.insertText("✎ ", marker)
        cursor.insertText(note.replace("\n", "\u2028"), fmt)


def _insert_picture(doc: QTextDocument, cursor: QTextCursor, picture: PictureBlock) -> None:
    """A picture, scaled to the reader's width, with its caption; or a
    placeholder that names the file. Both are inserted text, not record text."""
    caption = _base("meta")
    caption.setForeground(QColor("#666666"))
    caption.setProperty(INSERTED, True)
    if picture.image is not None:
        name = f"archive-viewer-{picture.href}"
        doc.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(name), picture.image)
        fmt = QTextImageFormat()
        fmt.setName(name)
        if picture.width:
            fmt.setWidth(picture.width)
            fmt.setHeight(picture.image.height() * picture.width / max(1, picture.image.width()))
        fmt.setProperty(INSERTED, True)
        fmt.setAnchor(True)
        fmt.setAnchorHref(picture.href)
        fmt.setToolTip(picture.caption)
        cursor.insertImage(fmt)
        cursor.insertText("\u2028", caption)  # a line break inside the block
        cursor.insertText(picture.caption, caption)
    else:
        caption.setBackground(QColor("#f1f3f5"))
        cursor.insertText(f" {picture.caption} ", caption)


def _base(style: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, _SIZE.get(style, 0))
    if style == BT:
        fmt.setFontWeight(QFont.Weight.Bold)
    if style in (YT, FT):
        fmt.setForeground(QColor("#444444"))
    return fmt


#: A field code that leaked into the text at the start of a line (``DW：`` 单位,
#: ``RW：`` 人物): part of the text, shown in grey as a label.
LEAKED_CODE = re.compile(r"^[A-Z]{2}[：:]")


def _insert(cursor: QTextCursor, text: str, offset: int, decorations: list[Decoration], base: QTextCharFormat) -> None:
    """Insert one paragraph (``offset`` into its field text) with decorations."""
    end_of_text = offset + len(text)
    mine = [d for d in decorations if d.start < end_of_text and d.end > offset or d.start == d.end == offset]
    label = LEAKED_CODE.match(text)
    cuts = {0, len(text)} | ({label.end()} if label else set())
    for d in mine:
        cuts.add(min(max(d.start - offset, 0), len(text)))
        cuts.add(min(max(d.end - offset, 0), len(text)))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        fmt = QTextCharFormat(base)
        if label and b <= label.end():
            fmt.setForeground(QColor("#868e96"))
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
    elif d.kind == "correction" and d.moved:
        fmt.setBackground(QColor("#ffe8cc"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#e8590c"))
        fmt.setToolTip(d.text)
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
    if d.kind == "correction" and d.moved:
        fmt.setForeground(QColor("#e8590c"))
        fmt.setFontWeight(QFont.Weight.Bold)
        cursor.insertText("？", fmt)
    elif d.kind == "correction":
        fmt.setForeground(QColor("#2b8a3e"))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        cursor.insertText(d.text, fmt)
    else:
        fmt.setForeground(QColor(NOTE_MARKER))
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setBackground(QColor("#e7f5ff"))
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
    return PositionFinder(doc).position(field, cp)


class PositionFinder:
    """:func:`document_position` for many places of one document: the
    paragraphs are listed once, and each place is found by bisection (a
    record with a hundred search hits no longer walks every paragraph
    twice a hit, each step a call into Qt)."""

    def __init__(self, doc: QTextDocument) -> None:
        self._starts: dict[str, list[int]] = {}
        self._blocks: dict[str, list] = {}
        self._ordered = True
        self._fragments: dict[int, list[tuple[str, int, bool, bool]]] = {}
        block = doc.begin()
        while block.isValid():
            fmt = block.blockFormat()
            field = fmt.property(FIELD)
            if field is not None:
                starts = self._starts.setdefault(str(field), [])
                start = int(fmt.property(PARA_START))
                if starts and start < starts[-1]:
                    self._ordered = False
                starts.append(start)
                self._blocks.setdefault(str(field), []).append(block)
            block = block.next()

    def position(self, field: str, cp: int) -> int | None:
        """The document position of code point ``cp`` in ``field``'s text."""
        starts = self._starts.get(field)
        if not starts:
            return None
        if self._ordered:
            at = bisect_right(starts, cp) - 1
        else:  # the last paragraph in document order that starts at or before cp
            at = max((i for i, start in enumerate(starts) if start <= cp), default=-1)
        if at < 0:
            return None
        block = self._blocks[field][at]
        fragments = self._fragments.get(block.position())
        if fragments is None:  # read once a paragraph: a hit after hit no longer asks Qt for every fragment's text
            fragments = self._fragments[block.position()] = _fragments_of(block)
        return _position_in(block.position(), fragments, cp - starts[at])


def _fragments_of(block) -> list[tuple[str, int, bool, bool]]:
    """A paragraph's fragments: (text, length in UTF-16 units, inserted by
    the reader, has characters beyond the BMP)."""
    out = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        text = fragment.text()
        out.append((text, fragment.length(), fragment.charFormat().boolProperty(INSERTED), len(text) != fragment.length()))
        it += 1
    return out


def _position_in(pos: int, fragments: list[tuple[str, int, bool, bool]], left: int) -> int:
    """The document position ``left`` code points into a paragraph that
    starts at ``pos``, from its fragments (:func:`_fragments_of`)."""
    for text, length, inserted, wide in fragments:
        if inserted:
            if left == 0:
                return pos
        else:
            if left <= len(text):
                return pos + (cp_to_utf16(text, left) if wide else left)
            left -= len(text)
        pos += length
    return pos
