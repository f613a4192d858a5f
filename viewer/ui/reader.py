"""The reader pane: one record, laid out like the printed article.

Order: 引题 (small, above), 标题 (large, bold), 副题, 作者, a metadata line
(date · 第N版 版名 · 体裁 · 分类 · 总期 · file), then the body paragraph by
paragraph (built by :mod:`viewer.ui.article` with text calls, never from
HTML, so record text can only be text). The pane loads no resources and
follows no links. Highlights, corrections and notes are drawn in the text.

The pane can also show the record's original text, tags included, and
highlights the matches of a find.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QFontInfo, QPainter, QPen, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QToolTip

from viewer.core.records.record import Record
from viewer.ui.article import (
    ANNOTATION,
    Decoration,
    Header,
    PictureBlock,
    PositionFinder,
    build,
    document_position,
    field_offset,
)

#: Preferred reader fonts, first installed wins (Qt falls back per glyph).
CJK_FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "WenQuanYi Zen Hei"]

MIN_ZOOM, MAX_ZOOM = -6, 20

#: Search hits and find matches: outlined boxes, the current one filled.
#: Neither is a highlight's colour, and a box leaves a highlight under it
#: visible.
HIT_COLOUR = "#2b8a3e"
MATCH_COLOUR = "#e8590c"


class ReaderPane(QTextBrowser):
    """A read-only view of one record that loads nothing and opens nothing.

    Signals:
        zoom_changed(int): the zoom steps, after a change.
        annotation_clicked(str): the id of an annotation drawn where the
            user clicked.
        annotation_clicked_at(str, QPoint): the same, with where (viewport
            coordinates).
        selection_made(QPoint): the mouse let go of a selection of the
            article's text, there (viewport coordinates).
        picture_clicked(int): the index of the picture clicked (in
            :attr:`pictures`).
        matches_changed(int, int): the current match (1-based, 0 for none)
            and the number of matches of the find text.
    """

    zoom_changed = Signal(int)
    matches_changed = Signal(int, int)
    annotation_clicked = Signal(str)
    annotation_clicked_at = Signal(str, QPoint)
    selection_made = Signal(QPoint)
    picture_clicked = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setDocumentMargin(14)
        self.record: Record | None = None
        self.file = ""
        self.decorations: list[Decoration] = []
        self.header: Header | None = None
        self.pictures: list = []  # ShownPicture, from the record fetcher
        self._picture_width = 0
        self.original = False
        self._zoom = 0
        self._base = QFont()
        self._find = ""
        self._matches: list[QTextCursor] = []
        self._current = -1
        self._hit_spans: list[tuple[str, int, int]] = []
        self._hits: list[QTextCursor] = []
        self._current_hit = -1
        self.set_reader_font("", 12)
        self.picture_clicked.connect(self.open_picture)
        self.anchorClicked.connect(self._on_anchor)

    # -- content ---------------------------------------------------------

    def show_record(
        self, record: Record | None, file: str = "", decorations: list[Decoration] | None = None, pictures=(),
        header: Header | None = None,
    ) -> None:
        """Show ``record`` (or clear the pane for None) with its annotations
        drawn, its pictures (:class:`~viewer.ui.record_fetcher.ShownPicture`)
        between the paragraphs, and its tags, status and notes on the whole
        record (``header``) under the metadata line."""
        self.record, self.file = record, file
        self.decorations = list(decorations or [])
        self.header = header
        self.pictures = list(pictures)
        self._render()

    def set_decorations(self, decorations: list[Decoration], header: Header | None = None) -> None:
        """Redraw the same record with other annotations, keeping the scroll position."""
        scroll = self.verticalScrollBar().value()
        self.decorations = list(decorations)
        self.header = header
        self._render()
        self.verticalScrollBar().setValue(scroll)

    def show_line(self, line: int) -> bool:
        """In the original text: select line ``line`` (1-based, of the
        record's text) and bring it to the middle of the pane."""
        if not self.original:
            return False
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return False
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        top = self.cursorRect(cursor).top()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + top - self.viewport().height() // 2)
        return True

    def set_original(self, original: bool) -> None:
        """Show the record's original tagged text instead of the article."""
        self.original = original
        self._render()

    def _render(self) -> None:
        if self.record is None:
            self.clear()
        elif self.original:
            self.setPlainText(self.record.raw_text())
        else:
            build(self.document(), self.record, self.file, self.decorations, self._picture_blocks(), self.header,
                  self._said_cut)
        self._apply_font()
        self._place_hits()
        self.find_all(self._find)

    def _said_cut(self, more: int) -> str:
        """After a short field's line cut at :data:`~viewer.ui.article.FIELD_CHARS`."""
        return self.tr(" … %1 more character(s), not shown here (View → Show Original Text, Ctrl+U, shows them)", "",
                       more).replace("%1", f"{more:,}")

    def _picture_blocks(self) -> list[PictureBlock]:
        """The pictures as the article shows them, scaled to the pane's width."""
        self._picture_width = self.viewport().width()
        room = max(120, self._picture_width - 2 * int(self.document().documentMargin()) - 24)
        blocks = []
        for i, shown in enumerate(self.pictures):
            p = shown.picture
            page = self.tr("page %1").replace("%1", p.page) if p.page else ""
            name = " · ".join(x for x in (p.file, page) if x)
            if shown.image is not None:
                width = min(room, shown.image.width())
                blocks.append(PictureBlock(p.paragraph, name, shown.image, width, f"picture:{i}"))
            else:
                text = self.tr("[picture %1: no image file found]").replace("%1", name or "?")
                blocks.append(PictureBlock(p.paragraph, text))
        return blocks

    def _on_anchor(self, url: QUrl) -> None:
        """A click (or Enter) on a picture: the only links the pane has."""
        name, _, index = url.toString().partition(":")
        if name == "picture" and index.isdigit():
            self.picture_clicked.emit(int(index))

    def open_picture(self, index: int) -> None:
        """Open picture ``index`` at full size in a window of its own."""
        from viewer.ui.picture_dialog import PictureDialog

        if not 0 <= index < len(self.pictures) or self.pictures[index].image is None:
            return
        shown = self.pictures[index]
        dialog = PictureDialog(shown.image, shown.picture.file or self.tr("Picture"), shown.path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if any(p.image is not None for p in self.pictures) and not self.original:
            if abs(self.viewport().width() - self._picture_width) > 24:  # rescale the pictures
                scroll = self.verticalScrollBar().value()
                self._render()
                self.verticalScrollBar().setValue(scroll)

    def loadResource(self, kind: int, url: QUrl | str):  # noqa: N802 - Qt's name
        """Refuse every resource: record text must not load images or files."""
        return None

    # -- spans -----------------------------------------------------------------

    def selected_span(self) -> tuple[str, int, int] | None:
        """The selection as (field, start, end) in code points of the field
        text, or None when nothing is selected or it crosses fields."""
        if self.original or self.record is None:
            return None
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        a = field_offset(self.document(), cursor.selectionStart())
        b = field_offset(self.document(), cursor.selectionEnd())
        if a is None or b is None or a[0] != b[0] or a[1] >= b[1]:
            return None
        return a[0], a[1], b[1]

    def select_span(self, field: str, start: int, end: int) -> bool:
        """Select and scroll to a span; False when it is not shown."""
        if self.original:
            return False
        doc = self.document()
        a, b = document_position(doc, field, start), document_position(doc, field, end)
        if a is None or b is None:
            return False
        cursor = QTextCursor(doc)
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(self.viewport().mapFrom(self, event.pos()))
            tip = cursor.charFormat().toolTip()
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def annotation_at(self, pos: QPoint) -> str:
        """The id of the annotation drawn at ``pos`` (viewport coordinates), or ""."""
        cursor = self.cursorForPosition(pos)
        aid = cursor.charFormat().property(ANNOTATION)
        if not aid:
            cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
            aid = cursor.charFormat().property(ANNOTATION)
        return str(aid) if aid else ""

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        at = event.position().toPoint()
        if self.textCursor().hasSelection():
            if self.selected_span() is not None:
                self.selection_made.emit(at)
            return
        aid = self.annotation_at(at)
        if aid:
            self.annotation_clicked.emit(aid)
            self.annotation_clicked_at.emit(aid, at)

    # -- fonts and zoom -----------------------------------------------------

    def set_reader_font(self, family: str, points: int) -> None:
        font = QFont()
        font.setFamilies([family] if family else CJK_FONTS)
        font.setPointSize(max(6, points))
        self._base = font
        self._apply_font()

    def font_family(self) -> str:
        """The family the text is shown in (what the preferred list
        resolves to on this system)."""
        return QFontInfo(self.document().defaultFont()).family()

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        steps = max(MIN_ZOOM, min(MAX_ZOOM, steps))
        if steps != self._zoom:
            self._zoom = steps
            self._apply_font()
            self.zoom_changed.emit(steps)

    def _apply_font(self) -> None:
        font = QFont(self._base)
        font.setPointSize(max(4, self._base.pointSize() + self._zoom))
        if self.original:
            font.setFamilies(["Noto Sans Mono CJK SC", "monospace", *CJK_FONTS])
        self.document().setDefaultFont(font)

    # -- search hits -------------------------------------------------------------

    def set_search_hits(self, spans: list[tuple[str, int, int]]) -> int:
        """Mark a search's hits (field, start, end in code points); returns how many."""
        self._hit_spans = list(spans)
        self._place_hits()
        if self._hits:
            self._current_hit = 0
        self._highlight(scroll=False)
        if self._hits:
            self._scroll_to(self._hits[0])
        return len(self._hits)

    def next_search_hit(self, backward: bool = False) -> int:
        """Move to the next (or previous) search hit; returns its 1-based number or 0."""
        if not self._hits:
            return 0
        step = -1 if backward else 1
        self._current_hit = (self._current_hit + step) % len(self._hits)
        self._highlight(scroll=False)
        self._scroll_to(self._hits[self._current_hit])
        return self._current_hit + 1

    @property
    def search_hit_count(self) -> int:
        return len(self._hits)

    @property
    def current_search_hit(self) -> int:
        """The 1-based number of the hit moved to last (0: none)."""
        return self._current_hit + 1 if self._hits and self._current_hit >= 0 else 0

    def _place_hits(self) -> None:
        """Find the hits in the document (again, after a redraw: the hit
        moved to stays the current one)."""
        previous = self._current_hit
        self._hits = []
        self._current_hit = -1
        if self.original or self.record is None:
            return
        doc = self.document()
        finder = PositionFinder(doc)
        for field, start, end in self._hit_spans:
            a, b = finder.position(field, start), finder.position(field, end)
            if a is None or b is None:
                continue
            cursor = QTextCursor(doc)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            self._hits.append(cursor)
        if 0 <= previous < len(self._hits):
            self._current_hit = previous

    def _scroll_to(self, cursor: QTextCursor) -> None:
        """Bring a hit into view, a third of the way down, whole: the hit
        itself, not the start of its paragraph (a long paragraph's start
        in view left its hit below the edge)."""
        at = QTextCursor(self.document())
        at.setPosition(cursor.selectionStart())
        self.setTextCursor(at)
        end = QTextCursor(self.document())
        end.setPosition(cursor.selectionEnd())
        top, bottom = self.cursorRect(at).top(), self.cursorRect(end).bottom()
        height = self.viewport().height()
        if top < 0 or bottom > height:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + top - height // 3)
        self.ensureCursorVisible()

    # -- find ----------------------------------------------------------------

    def find_all(self, text: str) -> int:
        """Highlight every match of ``text``; returns how many there are."""
        self._find = text
        self._matches = []
        doc = self.document()
        if text:
            cursor = doc.find(text, 0)
            while not cursor.isNull():
                self._matches.append(cursor)
                cursor = doc.find(text, cursor)
        self._current = 0 if self._matches else -1
        self._highlight()
        return len(self._matches)

    def find_next(self, backward: bool = False) -> None:
        if not self._matches:
            return
        step = -1 if backward else 1
        self._current = (self._current + step) % len(self._matches)
        self._highlight()

    def _highlight(self, scroll: bool = True) -> None:
        """The hits and matches as extra selections: only the current one is
        filled (so that a highlight under the others keeps its colour); the
        others are drawn as outlined boxes (:meth:`paintEvent`)."""
        selections = []
        for i, cursor in enumerate(self._hits):
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            if i == self._current_hit:
                fmt.setBackground(QColor(HIT_COLOUR))
                fmt.setForeground(QColor("#ffffff"))
            sel.format = fmt
            sel.cursor = cursor
            selections.append(sel)
        for i, cursor in enumerate(self._matches):
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            if i == self._current:
                fmt.setBackground(QColor(MATCH_COLOUR))
                fmt.setForeground(QColor("#ffffff"))
            sel.format = fmt
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)
        self.viewport().update()
        if scroll and 0 <= self._current < len(self._matches):
            self.setTextCursor(QTextCursor(self._matches[self._current].block()))
            self.ensureCursorVisible()
        self.matches_changed.emit(self._current + 1, len(self._matches))

    def span_rects(self, cursor: QTextCursor) -> list[QRectF]:
        """Where a cursor's selection is drawn in the viewport, one rectangle
        per line it is on."""
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        shift = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        rects: list[QRectF] = []
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            layout = block.layout()
            origin = layout.position() + shift
            s = max(start, block.position()) - block.position()
            e = min(end, block.position() + block.length() - 1) - block.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                a, b = max(s, line.textStart()), min(e, line.textStart() + line.textLength())
                if a < b:
                    x1, x2 = _x(line, a), _x(line, b)
                    rects.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
            block = block.next()
        return rects

    def boxed(self) -> list[tuple[QTextCursor, str]]:
        """The hits and matches drawn as outlined boxes, with their colours
        (all but the current ones, which are filled)."""
        out = [(c, HIT_COLOUR) for i, c in enumerate(self._hits) if i != self._current_hit]
        return out + [(c, MATCH_COLOUR) for i, c in enumerate(self._matches) if i != self._current]

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        boxed = self.boxed()
        if not boxed:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        visible = QRectF(self.viewport().rect()).adjusted(-4, -4, 4, 4)
        for cursor, colour in boxed:
            painter.setPen(QPen(QColor(colour), 1.6))
            for rect in self.span_rects(cursor):
                if rect.intersects(visible):
                    painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
        painter.end()


def _x(line, position: int) -> float:
    """``QTextLine.cursorToX`` (a pair in some bindings)."""
    x = line.cursorToX(position)
    return float(x[0] if isinstance(x, tuple) else x)
