"""The highlight colours as Preferences edits them: a swatch and a name a
row. Clicking a swatch opens the colour picker; the name (what the colour
means: 重要, 存疑…) is edited in place. The first colour is the one a new
highlight gets until another is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.views import swatch

COLOUR_ROLE = Qt.ItemDataRole.UserRole + 1


class ColourListEditor(QWidget):
    """Highlight colours (name → ``#rrggbb``), in order, with swatches."""

    def __init__(self, colours: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colourEditor")
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("colourTable")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.cellClicked.connect(self._clicked)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addColour")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("removeColour")
        self.up_button = QPushButton(self)
        self.up_button.setObjectName("colourUp")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(self.move_up)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for name, colour in colours.items():
            self._append(name, colour)
        self.table.setMaximumHeight(150)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Colour"), self.tr("Meaning")])
        self.add_button.setText(self.tr("Add"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Move Up"))
        self.up_button.setToolTip(self.tr("The first colour is the one a new highlight gets"))
        for row in range(self.table.rowCount()):
            self._item(row, 0).setToolTip(self.tr("Click to choose another colour"))

    def _clicked(self, row: int, column: int) -> None:
        if column == 0:
            self.pick(row)

    def _item(self, row: int, column: int) -> QTableWidgetItem:
        """A cell's item (every cell of the table has one)."""
        item = self.table.item(row, column)
        assert item is not None
        return item

    def _append(self, name: str, colour: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(swatch(colour, 28, 16), colour)
        item.setData(COLOUR_ROLE, colour)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setToolTip(self.tr("Click to choose another colour"))
        self.table.setItem(row, 0, item)
        self.table.setItem(row, 1, QTableWidgetItem(name))

    def colours(self) -> dict[str, str]:
        """The colours in order; rows without a name are left out (and the
        first of two rows with one name wins)."""
        out: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            name = self._item(row, 1).text().strip()
            if name and name not in out:
                out[name] = self._item(row, 0).data(COLOUR_ROLE)
        return out

    def set_colour(self, row: int, colour: str) -> None:
        item = self._item(row, 0)
        item.setData(COLOUR_ROLE, colour)
        item.setIcon(swatch(colour, 28, 16))
        item.setText(colour)

    def pick(self, row: int) -> None:
        """Choose row ``row``'s colour in the colour picker."""
        current = QColor(self._item(row, 0).data(COLOUR_ROLE))
        chosen = QColorDialog.getColor(current, self, self.tr("Highlight Colour"))
        if chosen.isValid():
            self.set_colour(row, chosen.name())

    def add(self) -> None:
        """A new colour, chosen in the picker, with its name to type."""
        chosen = QColorDialog.getColor(QColor("#ffd8a8"), self, self.tr("Highlight Colour"))
        if not chosen.isValid():
            return
        self._append("", chosen.name())
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 1)
        self.table.editItem(self._item(row, 1))

    def remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and self.table.rowCount() > 1:  # one colour at least
            self.table.removeRow(row)

    def move_up(self) -> None:
        row = self.table.currentRow()
        if row <= 0:
            return
        for column in (0, 1):
            above, here = self.table.takeItem(row - 1, column), self.table.takeItem(row, column)
            self.table.setItem(row - 1, column, here)
            self.table.setItem(row, column, above)
        self.table.setCurrentCell(row - 1, 1)
