"""The facet panel: narrow the records by date, 版名, 体裁, 版号, 分类, tags, status.

Each facet lists its values with their counts (under the current search);
checking values keeps only records with one of them; facets combine with
each other and with the search. "Day" shows one day's paper in page and
item order, with buttons to the previous and next day.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDockWidget,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.search.facets import FacetFilter

_Index = QModelIndex | QPersistentModelIndex


class FacetModel(QAbstractListModel):
    """Checkable ``value (count)`` rows.

    Signals:
        changed(): the checked values changed.
    """

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, int]] = []
        self.checked: set[str] = set()
        self.labels: dict[str, str] = {}

    def set_items(self, items: list[tuple[str, int]]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value, count = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            shown = self.labels.get(value, value) or self.tr("(empty)")
            return f"{shown}  ({count:,})"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if value in self.checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        item = self.items[index.row()][0]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(item)
        else:
            self.checked.discard(item)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.changed.emit()
        return True

    def clear_checks(self) -> None:
        if self.checked:
            self.checked.clear()
            if self.items:
                self.dataChanged.emit(self.index(0), self.index(len(self.items) - 1), [Qt.ItemDataRole.CheckStateRole])


class FacetDock(QDockWidget):
    """The facets.

    Signals:
        filter_changed(object): the :class:`~viewer.core.facets.FacetFilter` to apply.
        day_requested(int): show this day's paper (YYYYMMDD).
        day_step(int): show the previous (-1) or next (+1) day with records.
    """

    filter_changed = Signal(object)
    day_requested = Signal(int)
    day_step = Signal(int)

    FIELDS = ("BM", "TC", "BH", "FL")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        # Date range and day.
        self.date_box = QGroupBox(body)
        grid = QGridLayout(self.date_box)
        self.use_dates = QCheckBox(self.date_box)
        self.date_from = QDateEdit(self.date_box)
        self.date_to = QDateEdit(self.date_box)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._dates_changed)
        self.use_dates.toggled.connect(self._emit)
        self.from_label, self.to_label = QLabel(self.date_box), QLabel(self.date_box)
        grid.addWidget(self.use_dates, 0, 0, 1, 2)
        grid.addWidget(self.from_label, 1, 0)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(self.to_label, 2, 0)
        grid.addWidget(self.date_to, 2, 1)
        day_row = QHBoxLayout()
        self.prev_day = QToolButton(self.date_box)
        self.prev_day.setArrowType(Qt.ArrowType.LeftArrow)
        self.day_button = QPushButton(self.date_box)
        self.next_day = QToolButton(self.date_box)
        self.next_day.setArrowType(Qt.ArrowType.RightArrow)
        self.prev_day.clicked.connect(lambda: self.day_step.emit(-1))
        self.next_day.clicked.connect(lambda: self.day_step.emit(1))
        self.day_button.clicked.connect(lambda: self.day_requested.emit(qdate_to_int(self.date_from.date())))
        day_row.addWidget(self.prev_day)
        day_row.addWidget(self.day_button, 1)
        day_row.addWidget(self.next_day)
        grid.addLayout(day_row, 3, 0, 1, 2)
        layout.addWidget(self.date_box)
        # Field facets, tags and status.
        self.models: dict[str, FacetModel] = {}
        self.boxes: dict[str, QGroupBox] = {}
        inner = QWidget(body)
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        for key in (*self.FIELDS, "#tags", "#status"):
            box = QGroupBox(inner)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(2, 2, 2, 2)
            view = QListView(box)
            model = FacetModel(self)
            view.setModel(model)
            view.setUniformItemSizes(True)
            view.setMinimumHeight(90)
            box_layout.addWidget(view)
            model.changed.connect(self._emit)
            self.models[key], self.boxes[key] = model, box
            inner_layout.addWidget(box)
        scroll = QScrollArea(body)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        self.clear_button = QPushButton(body)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        self.setWidget(body)
        self._quiet = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Facets"))
        self.date_box.setTitle("日期")
        self.use_dates.setText(self.tr("Only between these dates"))
        self.from_label.setText(self.tr("From"))
        self.to_label.setText(self.tr("To"))
        self.day_button.setText(self.tr("That Day's Paper"))
        self.day_button.setToolTip(self.tr("Show the records of the first date, in page and item order"))
        titles = {"BM": "版名", "TC": "体裁", "BH": "版号", "FL": "分类", "#tags": "标签", "#status": "状态"}
        for key, box in self.boxes.items():
            box.setTitle(titles[key])
        self.clear_button.setText(self.tr("Clear Facets"))

    def set_date_span(self, first: int | None, last: int | None) -> None:
        """The archive's dates (for the date edits' range and defaults)."""
        self._quiet = True
        for edit in (self.date_from, self.date_to):
            if first and last:
                edit.setDateRange(_to_qdate(first), _to_qdate(last))
        if first:
            self.date_from.setDate(_to_qdate(first))
        if last:
            self.date_to.setDate(_to_qdate(last))
        self._quiet = False

    def set_counts(self, key: str, items: list[tuple[str, int]], labels: dict[str, str] | None = None) -> None:
        model = self.models[key]
        model.labels = labels or {}
        model.set_items(items)

    def current_filter(self) -> FacetFilter:
        f = FacetFilter({code: set(self.models[code].checked) for code in self.FIELDS})
        f.tags = set(self.models["#tags"].checked)
        f.statuses = set(self.models["#status"].checked)
        if self.use_dates.isChecked():
            f.date_from, f.date_to = qdate_to_int(self.date_from.date()), qdate_to_int(self.date_to.date())
        return f

    def show_day(self, date: int) -> None:
        self._quiet = True
        self.date_from.setDate(_to_qdate(date))
        self.date_to.setDate(_to_qdate(date))
        self.use_dates.setChecked(True)
        self._quiet = False
        self._emit()

    def clear(self) -> None:
        self._quiet = True
        for model in self.models.values():
            model.clear_checks()
        self.use_dates.setChecked(False)
        self._quiet = False
        self._emit()

    def _dates_changed(self, *_args) -> None:
        if self.use_dates.isChecked():
            self._emit()

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.filter_changed.emit(self.current_filter())


def qdate_to_int(d: QDate) -> int:
    return d.year() * 10000 + d.month() * 100 + d.day()


def _to_qdate(value: int) -> QDate:
    return QDate(value // 10000, value // 100 % 100, value % 100)
