"""Find in the article: a bar under the reader (Ctrl+F, Enter, Shift+Enter, Esc)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from viewer.ui.reader import ReaderPane


class FindBar(QWidget):
    """Drives :meth:`ReaderPane.find_all` and :meth:`ReaderPane.find_next`.

    Signals:
        closed(): the bar was hidden with Esc or its close button.
    """

    closed = Signal()

    def __init__(self, reader: ReaderPane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.edit = QLineEdit(self)
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.prev_button = QToolButton(self)
        self.prev_button.setArrowType(Qt.ArrowType.UpArrow)
        self.next_button = QToolButton(self)
        self.next_button.setArrowType(Qt.ArrowType.DownArrow)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for w in (self.edit, self.count, self.prev_button, self.next_button, self.close_button):
            layout.addWidget(w)
        layout.setStretch(0, 1)
        self.edit.textChanged.connect(self.reader.find_all)
        self.edit.returnPressed.connect(lambda: self.reader.find_next())
        QShortcut(QKeySequence("Shift+Return"), self.edit, lambda: self.reader.find_next(backward=True))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.prev_button.clicked.connect(lambda: self.reader.find_next(backward=True))
        self.next_button.clicked.connect(lambda: self.reader.find_next())
        self.close_button.clicked.connect(self.close_bar)
        self.reader.matches_changed.connect(self._show_count)
        self._last = (0, 0)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(self.tr("Find in article"))
        self.prev_button.setToolTip(self.tr("Previous match (Shift+Enter)"))
        self.next_button.setToolTip(self.tr("Next match (Enter)"))
        self.close_button.setToolTip(self.tr("Close (Esc)"))
        self._show_count(*self._last)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.reader.find_all(self.edit.text())

    def close_bar(self) -> None:
        self.hide()
        self.reader.find_all("")
        self.reader.setFocus()
        self.closed.emit()

    def _show_count(self, current: int, total: int) -> None:
        self._last = (current, total)
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText(self.tr("no matches"))
        else:
            self.count.setText(self.tr("%1 of %2").replace("%1", str(current)).replace("%2", str(total)))
