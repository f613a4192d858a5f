"""The annotation browser: every annotation of the archive in one table.

Filterable by text, kind and orphans (the Orphans view), sortable by any
column (the core sorts), and clicking a row opens the record at the span.
The rows are computed in the background (each annotated file is read to
place its spans).
"""

from __future__ import annotations

from dataclasses import replace

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

from viewer.core.annotations.export import BROWSER_COLUMNS, PENDING, Arrangement, Exported, browser_value
from viewer.core.annotations.model import AnnotationKind
from viewer.ui.annotation_panel import conflict_tip, kind_label, kind_text
from viewer.ui.views import table_view

_Index = QModelIndex | QPersistentModelIndex


class BrowserModel(QAbstractTableModel):
    """Every annotation (:attr:`all`) and the rows shown: places in it,
    filtered and sorted by the core (an
    :class:`~viewer.core.annotations.export.Arrangement`).

    Rows may come before their spans are placed (placement
    :data:`~viewer.core.annotations.export.PENDING`); :meth:`placed` puts
    the placed rows in, keeping the view's rows, selection and order.

    Signals:
        placing_changed(): rows came or were placed (see :meth:`pending`).
    """

    placing_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all: list[Exported] = []
        self._pending = 0
        self._shown: list[int] = []
        self.arrangement = Arrangement()  # which rows show, in what order (see there)

    @property
    def rows(self) -> list[Exported]:
        """The rows shown, in order (a list made on each call)."""
        return [self.all[i] for i in self._shown]

    def at(self, row: int) -> Exported:
        """The annotation of a shown row."""
        return self.all[self._shown[row]]

    def pending(self) -> int:
        """How many span annotations are not placed yet."""
        return self._pending

    def set_all(self, rows: list[Exported], arranged: tuple[Arrangement, list[int]] | None = None) -> None:
        """Show ``rows``; ``arranged``: how they were arranged elsewhere (a
        background job) and the result, used if the browser's arrangement is
        still that one."""
        self.beginResetModel()
        self.all = rows
        self._pending = sum(1 for e in rows if e.placement == PENDING)
        if arranged is not None and arranged[0] == self.arrangement:
            self._shown = arranged[1]
        else:
            self._apply()
        self.endResetModel()
        self.placing_changed.emit()

    def placed(self, start: int, rows: list[Exported]) -> None:
        """Rows ``start`` onwards of :attr:`all`, now placed (the same
        annotations, in the same order)."""
        if start + len(rows) > len(self.all):
            return
        self._pending -= sum(1 for e in self.all[start : start + len(rows)] if e.placement == PENDING)
        self._pending += sum(1 for e in rows if e.placement == PENDING)
        self.all[start : start + len(rows)] = rows
        if self.arrangement.orphans or self.arrangement.moved:  # which rows show may change
            self.layoutAboutToBeChanged.emit()
            was = self._shown
            persistent = self.persistentIndexList()
            self._apply()
            now = {i: r for r, i in enumerate(self._shown)}
            moved_to = []
            for p in persistent:
                r = now.get(was[p.row()]) if 0 <= p.row() < len(was) else None
                moved_to.append(self.index(r, p.column()) if r is not None else QModelIndex())
            self.changePersistentIndexList(persistent, moved_to)
            self.layoutChanged.emit()
        elif self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, len(BROWSER_COLUMNS) - 1))
        self.placing_changed.emit()

    def set_filter(self, text: str, kind: str, orphans: bool, moved: bool = False) -> None:
        self.beginResetModel()
        self.arrangement = replace(self.arrangement, text=text, kind=kind, orphans=orphans, moved=moved)
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        self._shown = self.arrangement.indices(self.all)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(BROWSER_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self.arrangement = replace(self.arrangement, column=BROWSER_COLUMNS[column],
                                   descending=order == Qt.SortOrder.DescendingOrder)
        self._apply()
        self.layoutChanged.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BROWSER_COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.all[self._shown[index.row()]]
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
        self._reading = False
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
        self.view.setMinimumHeight(3 * self.view.verticalHeader().defaultSectionSize())  # a short dock leaves the reader room
        self.view.setSortingEnabled(True)
        self.view.setColumnWidth(0, 260)
        self.view.setColumnWidth(3, 200)
        self.view.setColumnWidth(4, 200)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.activated.connect(lambda i: self.jump.emit(self.model.at(i.row())))
        self.view.clicked.connect(lambda i: self.jump.emit(self.model.at(i.row())))
        layout.addWidget(self.view)
        # Accept and Reject on the row of the filters: a short dock keeps its rows.
        self.accept_button = QPushButton(body)
        self.accept_button.setObjectName("acceptSelected")
        self.reject_button = QPushButton(body)
        self.reject_button.setObjectName("rejectSelected")
        self.accept_button.clicked.connect(lambda: self.status_requested.emit(self.selected(), "accepted"))
        self.reject_button.clicked.connect(lambda: self.status_requested.emit(self.selected(), "rejected"))
        top.addWidget(self.accept_button)
        top.addWidget(self.reject_button)
        self.setWidget(body)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        for signal in (self.text.textChanged, self.kind.currentIndexChanged, self.orphans.toggled, self.moved.toggled):
            signal.connect(self._filter)
        self.model.modelReset.connect(self._count)
        self.model.placing_changed.connect(self._count)
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

    def reading(self) -> bool:
        """Are the archive's annotation files still being read?"""
        return self._reading

    def set_reading(self, reading: bool) -> None:
        """Say whether the archive's annotation files are still being read
        (the rows are then not all there yet)."""
        self._reading = reading
        self._count()

    def selected(self) -> list:
        """The rows selected (each an :class:`~viewer.core.annotations.export.Exported`)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.at(r) for r in rows if r < self.model.rowCount()]

    def _update_buttons(self, *_args) -> None:
        any_correction = any(e.annotation.kind is AnnotationKind.CORRECTION for e in self.selected())
        self.accept_button.setEnabled(any_correction)
        self.reject_button.setEnabled(any_correction)

    def _filter(self, *_args) -> None:
        self.model.set_filter(self.text.text(), self.kind.currentData() or "", self.orphans.isChecked(),
                              self.moved.isChecked())

    def _count(self) -> None:
        text = self.tr("%1 of %2").replace("%1", str(self.model.rowCount())).replace("%2", str(len(self.model.all)))
        if self._reading:
            text += " · " + self.tr("reading annotation files…")
        elif self.model.pending():
            text += " · " + self.tr("placing spans…")
        self.count.setText(text)
        self.count.setToolTip(self.tr("Spans are being found in the records' current text: orphans and moved "
                                      "corrections show once that is done") if self.model.pending() else "")
