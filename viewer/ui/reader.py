"""The reader pane: one record, laid out like the printed article.

Order: 引题 (small, above), 标题 (large, bold), 副题, 作者, a metadata line
(date · 第N版 版名 · 体裁 · 分类 · 总期 · file), then the body paragraph by
paragraph. Record text is always escaped: it is shown as text, never
interpreted as markup, and the pane loads no resources and follows no links.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser

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
    """A read-only view of one record that loads nothing and opens nothing."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setDocumentMargin(14)
        self.record: Record | None = None

    def show_record(self, record: Record | None, file: str = "") -> None:
        """Show ``record`` (or clear the pane for None)."""
        self.record = record
        if record is None:
            self.clear()
            return
        self.setHtml(record_html(record, file))

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 - Qt's name
        """Refuse every resource: record text must not load images or files."""
        return None
