"""The annotation browser: every annotation of the archive in one table.

Filterable by text, kind and orphans (the Orphans view), sortable by any
column (the core sorts), and clicking a row opens the record at the span.
The rows are computed in the background (each annotated file is read to
place its spans).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.annotations.export import (
    BROWSER_COLUMNS,
    Exported,
    browser_value,
    filter_exported,
    sort_exported,
)
from viewer.core.annotations.model import AnnotationKind
from viewer.ui.annotation_panel import conflict_tip, kind_label, kind_text
from viewer.ui.views import table_view

_Index = QModelIndex | QPersistentModelIndex


class BrowserModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all: list[Exported] = []
        self.rows: list[Exported] = []
        self._filter: tuple[str, str, bool, bool] = ("", "", False, False)
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_all(self, rows: list[Exported]) -> None:
        self.beginResetModel()
        self.all = rows
        self._apply()
        self.endResetModel()

    def set_filter(self, text: str, kind: str, orphans: bool, moved: bool = False) -> None:
        self.beginResetModel()
        self._filter = (text, kind, orphans, moved)
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        rows = filter_exported(self.all, *self._filter)
        if self._sort is not None:
            column, order = self._sort
            rows = sort_exported(rows, BROWSER_COLUMNS[column], descending=order == Qt.SortOrder.DescendingOrder)
        self.rows = rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(BROWSER_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply()
        self.layoutChanged.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BROWSER_COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        column = BROWSER_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "kind":
                return kind_text(e.annotation)
            if column == "record":
                return f"{e.title} ({e.key})" if e.title else e.key
            if column == "modified":
                return e.annotation.modified[:19].replace("T", " ")
            if column == "quote" and e.placement == "orphan":
                return self.tr("orphan: “%1”").replace("%1", browser_value(e, column))
            if column == "quote" and e.moved:
                return self.tr("moved: “%1”, now on “%2”").replace("%1", browser_value(e, column)).replace("%2", e.found)
            return browser_value(e, column)
        if role == Qt.ItemDataRole.ForegroundRole and e.placement == "orphan":
            return QColor("#c92a2a")
        if role == Qt.ItemDataRole.ForegroundRole and e.moved:
            return QColor("#e8590c")
        if role == Qt.ItemDataRole.ForegroundRole and e.annotation.conflict:
            return QColor("#d9480f")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{conflict_tip()}\n{e.file}" if e.annotation.conflict else e.file
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = [self.tr("Record"), self.tr("Kind"), self.tr("Colour/Tag"), self.tr("Quote"),
                  self.tr("Note"), self.tr("Author"), self.tr("Modified")]
        return labels[section] if 0 <= section < len(labels) else None


class AnnotationBrowser(QDockWidget):
    """All annotations of the archive.

    Signals:
        jump(object): open this :class:`~viewer.core.annotation_export.Exported`.
        refresh_requested(): the rows should be computed again.
        status_requested(object, str): give the corrections among these
            rows this status (``accepted`` or ``rejected``).
    """

    jump = Signal(object)
    refresh_requested = Signal()
    status_requested = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationBrowser")
        self.model = BrowserModel(self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.text = QLineEdit(body)
        self.text.setClearButtonEnabled(True)
        self.kind = QComboBox(body)
        self.kind.addItem("", "")
        for k in AnnotationKind:
            self.kind.addItem(kind_label(k), k.value)
        self.orphans = QCheckBox(body)
        self.moved = QCheckBox(body)
        self.moved.setObjectName("movedCorrections")
        self.count = QLabel(body)
        top.addWidget(self.text, 1)
        top.addWidget(self.kind)
        top.addWidget(self.orphans)
        top.addWidget(self.moved)
        top.addWidget(self.count)
        layout.addLayout(top)
        self.view = table_view(body, self.model)
        self.view.setSortingEnabled(True)
        self.view.setColumnWidth(0, 260)
        self.view.setColumnWidth(3, 200)
        self.view.setColumnWidth(4, 200)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.activated.connect(lambda i: self.jump.emit(self.model.rows[i.row()]))
        self.view.clicked.connect(lambda i: self.jump.emit(self.model.rows[i.row()]))
        layout.addWidget(self.view)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton(body)
        self.accept_button.setObjectName("acceptSelected")
        self.reject_button = QPushButton(body)
        self.reject_button.setObjectName("rejectSelected")
        self.accept_button.clicked.connect(lambda: self.status_requested.emit(self.selected(), "accepted"))
        self.reject_button.clicked.connect(lambda: self.status_requested.emit(self.selected(), "rejected"))
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        for signal in (self.text.textChanged, self.kind.currentIndexChanged, self.orphans.toggled, self.moved.toggled):
            signal.connect(self._filter)
        self.model.modelReset.connect(self._count)
        self.visibilityChanged.connect(lambda shown: self.refresh_requested.emit() if shown else None)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("All Annotations"))
        self.text.setPlaceholderText(self.tr("Filter annotations"))
        self.kind.setItemText(0, self.tr("All kinds"))
        for i in range(1, self.kind.count()):
            self.kind.setItemText(i, kind_label(AnnotationKind(self.kind.itemData(i))))
        self.orphans.setText(self.tr("Orphans only"))
        self.accept_button.setText(self.tr("Accept Selected Corrections"))
        self.reject_button.setText(self.tr("Reject Selected Corrections"))
        self.moved.setText(self.tr("Moved corrections"))
        self.moved.setToolTip(self.tr("Corrections whose text changed in the record file: "
                                      "they are not applied until an editor confirms them"))
        self._count()

    def selected(self) -> list:
        """The rows selected (each an :class:`~viewer.core.annotations.export.Exported`)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _update_buttons(self, *_args) -> None:
        any_correction = any(e.annotation.kind is AnnotationKind.CORRECTION for e in self.selected())
        self.accept_button.setEnabled(any_correction)
        self.reject_button.setEnabled(any_correction)

    def _filter(self, *_args) -> None:
        self.model.set_filter(self.text.text(), self.kind.currentData() or "", self.orphans.isChecked(),
                              self.moved.isChecked())

    def _count(self) -> None:
        self.count.setText(self.tr("%1 of %2").replace("%1", str(len(self.model.rows))).replace("%2", str(len(self.model.all))))
