"""Help → Keyboard Shortcuts and Help → Query Language: references in the
window, in the interface's language.

The shortcuts come from the window's actions (so they are always the keys
in use), followed by the keys that are not menu actions (:data:`OTHER_KEYS`).
The query language is a table of examples; double-clicking one (or Try It)
searches for it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.i18n import QT_TRANSLATE_NOOP

#: Keys that work without being a menu action: (what they do, keys).
OTHER_KEYS = (
    (QT_TRANSLATE_NOOP("Help", "Keep a note or correction (in its dialog, or edited on a card)"), "Ctrl+Enter"),
    (QT_TRANSLATE_NOOP("Help", "Edit the chosen card's note in place"), "F2"),
    (QT_TRANSLATE_NOOP("Help", "Delete the chosen annotation (in the Annotations sidebar)"), "Delete"),
    (QT_TRANSLATE_NOOP("Help", "Drop an edit; close the find bar or the toolbar over the text"), "Esc"),
    (QT_TRANSLATE_NOOP("Help", "Toggle the vocabulary's first nine tags on the selected records"), "1 … 9"),
)

#: The query language by example: (query, what it finds). Field names work
#: in Chinese and in English.
QUERY_EXAMPLES = (
    ("党员 教育", QT_TRANSLATE_NOOP("Help", "records with both terms, in any field or note")),
    ("\"先进性 教育\"", QT_TRANSLATE_NOOP("Help", "the exact phrase, spaces included")),
    ("党员 OR 群众", QT_TRANSLATE_NOOP("Help", "either term")),
    ("党员 -通知", QT_TRANSLATE_NOOP("Help", "党员 and not 通知")),
    ("标题:教育", QT_TRANSLATE_NOOP("Help", "the term in one field: 标题/title, 引题/lead, 副题/subtitle, 作者/author, "
                                            "正文/body, 版名/section, 体裁/genre, 分类/class, 批注/note")),
    ("版名:国内时事", QT_TRANSLATE_NOOP("Help", "on that page (part of its 版名)")),
    ("日期:2005-02-01..2005-02-28", QT_TRANSLATE_NOOP("Help", "in a date range; either end may be left open")),
    ("date:2005-02", QT_TRANSLATE_NOOP("Help", "a whole month (or 日期:2005 for a whole year)")),
    ("tag:重点", QT_TRANSLATE_NOOP("Help", "records with that tag")),
    ("status:proofread", QT_TRANSLATE_NOOP("Help", "records at that review status (unread: never marked)")),
    ("/先进.{0,3}教育/", QT_TRANSLATE_NOOP("Help", "a regular expression (slower: every text is read)")),
    ("江青!松江青浦!浙江青年", QT_TRANSLATE_NOOP(
        "Help", "江青, where an occurrence inside 松江青浦 or 浙江青年 does not count (an exclusion pattern)")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


def _table(parent: QWidget, name: str, headers: list[str], rows: list[tuple[str, str]]) -> QTableWidget:
    table = QTableWidget(len(rows), 2, parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    for row, (a, b) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(a))
        table.setItem(row, 1, QTableWidgetItem(b))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    return table


class ShortcutsDialog(QDialog):
    """A table of the window's keyboard shortcuts, then the other keys."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(QCoreApplication.translate("Actions", "Keyboard Shortcuts"))
        other = [(_tr(text), keys) for text, keys in OTHER_KEYS]
        table = _table(self, "shortcutsTable", [
            QCoreApplication.translate("Actions", "Action"), QCoreApplication.translate("Actions", "Keys"),
        ], [*rows, *other])
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 640)


class QueryLanguageDialog(QDialog):
    """The query language, by example.

    Signals:
        try_query(str): search for this example.
    """

    try_query = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queryLanguageDialog")
        self.setWindowTitle(QCoreApplication.translate("Help", "Query Language"))
        intro = QLabel(QCoreApplication.translate("Help", "Type a query in the search box (Ctrl+K). Terms are matched as written, character by character; combine them as below. Double-click an example to search for it."), self)
        intro.setWordWrap(True)
        self.table = _table(self, "queryExamples", [QCoreApplication.translate("Help", "Query"), QCoreApplication.translate("Help", "Finds")],
                            [(query, _tr(text)) for query, text in QUERY_EXAMPLES])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.table.cellDoubleClicked.connect(lambda row, _column: self._try(row))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.try_button = QPushButton(QCoreApplication.translate("Help", "Try It"), self)
        self.try_button.setObjectName("tryQuery")
        buttons.addButton(self.try_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.try_button.clicked.connect(lambda: self._try(self.table.currentRow()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.table.setCurrentCell(0, 0)
        self.resize(720, 560)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()  # the wrapped descriptions, at the width they have now

    def _try(self, row: int) -> None:
        if 0 <= row < len(QUERY_EXAMPLES):
            self.try_query.emit(QUERY_EXAMPLES[row][0])

