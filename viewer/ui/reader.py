"""The reader pane: one record, laid out like the printed article.

Order: 引题 (small, above), 标题 (large, bold), 副题, 作者, a metadata line
(date · 第N版 版名 · 体裁 · 分类 · 总期 · file), then the body paragraph by
paragraph. Record text is always escaped: it is shown as text, never
interpreted as markup, and the pane loads no resources and follows no links.

The pane can also show the record's original text, tags included, and
highlights the matches of a find.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QTextEdit

from viewer.core.record import Record, format_date, parse_date

_STYLE = """
<style>
  .yt { font-size: small; color: #555; margin-bottom: 2px; }
  .bt { font-size: x-large; font-weight: bold; margin: 0; }
  .ft { font-size: medium; color: #333; margin-top: 4px; }
  .zz { color: #333; margin-top: 6px; }
  .meta { font-size: small; color: #777; margin-top: 6px; margin-bottom: 10px; }
  p.body { line-height: 160%; text-indent: 28px; margin-top: 0; margin-bottom: 8px; }
</style>
"""

#: Preferred reader fonts, first installed wins (Qt falls back per glyph).
CJK_FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "WenQuanYi Zen Hei"]

MIN_ZOOM, MAX_ZOOM = -6, 20


def record_html(record: Record, file: str = "") -> str:
    """The record as HTML, every value escaped."""
    e = html.escape
    get = record.get
    parts = [_STYLE]
    if get("YT"):
        parts.append(f'<p class="yt">{e(get("YT"))}</p>')
    parts.append(f'<p class="bt">{e(get("BT"))}</p>')
    if get("FT"):
        parts.append(f'<p class="ft">{e(get("FT"))}</p>')
    if get("ZZ"):
        parts.append(f'<p class="zz">{e(get("ZZ"))}</p>')
    parts.append(f'<p class="meta">{e(metadata_line(record, file))}</p>')
    parts.extend(f'<p class="body">{e(p)}</p>' for p in record.paragraphs())
    return "".join(parts)


def metadata_line(record: Record, file: str = "") -> str:
    """``2005-02-17 · 第04版 国内时事 · 消息 · D261.4 · 总期 17205 · file``."""
    get = record.get
    date = parse_date(get("RQ"))
    items = [format_date(date) if date is not None else get("RQ")]
    page = " ".join(x for x in (f"第{get('BH')}版" if get("BH") else "", get("BM")) if x)
    items += [page, get("TC"), get("FL"), f"总期 {get('ZQ')}" if get("ZQ") else "", file]
    return " · ".join(x for x in items if x)


class ReaderPane(QTextBrowser):
    """A read-only view of one record that loads nothing and opens nothing.

    Signals:
        zoom_changed(int): the zoom steps, after a change.
        matches_changed(int, int): the current match (1-based, 0 for none)
            and the number of matches of the find text.
    """

    zoom_changed = Signal(int)
    matches_changed = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setDocumentMargin(14)
        self.record: Record | None = None
        self.file = ""
        self.original = False
        self._zoom = 0
        self._base = QFont()
        self._find = ""
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.set_reader_font("", 12)

    # -- content ---------------------------------------------------------

    def show_record(self, record: Record | None, file: str = "") -> None:
        """Show ``record`` (or clear the pane for None)."""
        self.record, self.file = record, file
        self._render()

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
            self.setHtml(record_html(self.record, self.file))
        self._apply_font()
        self.find_all(self._find)

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        """Refuse every resource: record text must not load images or files."""
        return None

    # -- fonts and zoom -----------------------------------------------------

    def set_reader_font(self, family: str, points: int) -> None:
        font = QFont()
        font.setFamilies([family] if family else CJK_FONTS)
        font.setPointSize(max(6, points))
        self._base = font
        self._apply_font()

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

    def _highlight(self) -> None:
        selections = []
        for i, cursor in enumerate(self._matches):
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ff9632") if i == self._current else QColor("#ffef6e"))
            sel.format = fmt
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)
        if 0 <= self._current < len(self._matches):
            self.setTextCursor(QTextCursor(self._matches[self._current].block()))
            self.ensureCursorVisible()
        self.matches_changed.emit(self._current + 1, len(self._matches))


