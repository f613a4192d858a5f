"""The KWIC concordance dock: every hit of the search, aligned on the match.

Sorting (by the characters left or right of the match, by date, by
title) is done by the core; the context width is adjustable; clicking a
line opens the record at that hit; the lines export as CSV.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from viewer.core.records.archive import Archive
from viewer.core.search.kwic import Concordance, KwicLine
from viewer.ui.views import table_view

_Index = QModelIndex | QPersistentModelIndex


class KwicModel(QAbstractTableModel):
    """Columns: left context (right-aligned), match, right context, date, title."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.conc: Concordance | None = None
        self.archive: Archive | None = None
        self._rows = 0
        self._made: dict[int, KwicLine] = {}

    def set_concordance(self, archive: Archive, conc: Concordance | None) -> None:
        """Show ``conc`` (None: nothing), with the lines it has so far."""
        self.beginResetModel()
        self.archive, self.conc = archive, conc
        self._rows = len(conc) if conc is not None else 0
        self._made.clear()
        self.endResetModel()

    def grew(self) -> None:
        """The concordance has more lines: show them (at the end)."""
        n = len(self.conc) if self.conc is not None else 0
        if n > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, n - 1)
            self._rows = n
            self.endInsertRows()

    def resorted(self) -> None:
        """The concordance's order changed."""
        self.set_concordance(self.archive, self.conc)  # type: ignore[arg-type]

    def line(self, row: int) -> KwicLine:
        """The line shown in ``row`` (made when first asked for)."""
        line = self._made.get(row)
        if line is None:
            if len(self._made) > 2048:
                self._made.clear()
            assert self.conc is not None
            line = self._made[row] = self.conc.line(row)
        return line

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line = self.line(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return line.left
            if column == 1:
                return line.match
            if column == 2:
                return line.right
            archive = self.archive
            assert archive is not None  # (there are lines: there is an archive)
            if column == 3:
                date = archive.date(line.rid)
                return f"{date // 10000}-{date // 100 % 100:02d}-{date % 100:02d}" if date else archive.value(line.rid, "RQ")
            return archive.value(line.rid, "BT")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 0:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 1:
                return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor("#c92a2a")
        if role == Qt.ItemDataRole.FontRole and column == 1:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 5:
            return None
        return [self.tr("Left"), self.tr("Match"), self.tr("Right"), "日期", "标题"][section]


class _LeftContext(QStyledItemDelegate):
    """Cut long left contexts on the left, so the words next to the match show."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class KwicDock(QDockWidget):
    """The concordance.

    Signals:
        line_activated(object): open this :class:`~viewer.core.kwic.KwicLine`.
        options_changed(): the context width changed; make the lines again.
        sort_changed(): the sort changed; sort the lines again.
        export_requested(): save the lines as CSV.
    """

    line_activated = Signal(object)
    options_changed = Signal()
    sort_changed = Signal()
    export_requested = Signal()

    SORTS = ("archive", "1L", "1R", "date", "title")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kwicDock")
        self.model = KwicModel(self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.width_label = QLabel(body)
        self.context_width = QSpinBox(body)
        self.context_width.setRange(2, 200)
        self.context_width.setValue(20)
        self.sort_label = QLabel(body)
        self.sort = QComboBox(body)
        for key in self.SORTS:
            self.sort.addItem(key, key)
        self.count = QLabel(body)
        self.export_button = QPushButton(body)
        for w in (self.width_label, self.context_width, self.sort_label, self.sort):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.count)
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.view = table_view(body, self.model)
        self.view.setMinimumHeight(3 * self.view.verticalHeader().defaultSectionSize())  # a short dock leaves the reader room
        em = self.fontMetrics().horizontalAdvance("标")
        for column, chars in enumerate((16, 6, 16, 7, 14)):
            self.view.setColumnWidth(column, em * chars)
        # Left and Right share what the other columns leave, evenly, so that
        # the matches stand in a column in the middle.
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Fixed)
        header.setSectionResizeMode(2, header.ResizeMode.Fixed)
        header.sectionResized.connect(self._column_resized)
        self.view.viewport().installEventFilter(self)
        self._left = _LeftContext(self.view)
        self.view.setItemDelegateForColumn(0, self._left)
        self.view.clicked.connect(lambda i: self.line_activated.emit(self.model.line(i.row())))
        self.view.activated.connect(lambda i: self.line_activated.emit(self.model.line(i.row())))
        layout.addWidget(self.view)
        self.setWidget(body)
        self.context_width.valueChanged.connect(lambda _v: self.options_changed.emit())
        self.sort.currentIndexChanged.connect(lambda _i: self.sort_changed.emit())
        self.export_button.clicked.connect(self.export_requested)
        self.retranslate()

    def _column_resized(self, column: int, _old: int, _new: int) -> None:
        if column in (1, 3, 4):
            self.balance()

    def balance(self) -> None:
        """Give Left and Right the same width: half of what the match, the
        date and the title leave."""
        em = self.fontMetrics().horizontalAdvance("标")
        rest = self.view.viewport().width() - sum(self.view.columnWidth(c) for c in (1, 3, 4))
        side = max(6 * em, rest // 2)
        for column in (0, 2):
            if self.view.columnWidth(column) != side:
                self.view.setColumnWidth(column, side)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.balance()
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Concordance (KWIC)"))
        self.width_label.setText(self.tr("Context:"))
        self.sort_label.setText(self.tr("Sort:"))
        labels = {
            "archive": self.tr("archive order"),
            "1L": self.tr("left of the match (1L)"),
            "1R": self.tr("right of the match (1R)"),
            "date": self.tr("date"),
            "title": self.tr("title"),
        }
        for i in range(self.sort.count()):
            self.sort.setItemText(i, labels[self.sort.itemData(i)])
        self.export_button.setText(self.tr("Export CSV…"))
        self.show_count()

    def show_count(self, busy: str = "") -> None:
        """Show the number of lines; ``busy`` says what is still being done:
        "growing" (the lines so far) or "sorting"."""
        n = self.model.rowCount()
        if busy == "growing":
            text = self.tr("%1 hit(s) so far…", "", n).replace("%1", f"{n:,}")
        elif busy == "sorting":
            text = self.tr("%1 hit(s), sorting…", "", n).replace("%1", f"{n:,}")
        else:
            text = self.tr("%1 hit(s)", "", n).replace("%1", f"{n:,}")
        self.count.setText(text)
