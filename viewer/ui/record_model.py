"""The record table's model: a thin view over the core's id arrays.

The model holds a list of record ids and asks the :class:`~viewer.core.archive.Archive`
for a cell only when a row is painted. Sorting is done by the core; the
model only swaps its id list between ``layoutAboutToBeChanged`` and
``layoutChanged``, and a second sort on the same column reverses the list
instead of sorting again.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from viewer.core.archive import COL_FILE, COL_LENGTH, Archive
from viewer.core.fields import KNOWN_FIELDS, RQ
from viewer.core.loader import Batch
from viewer.core.record import format_date

#: The columns, in order: field codes plus pseudo-columns.
COLUMNS = ("RQ", "BH", "TH", "BM", "YT", "BT", "FT", "ZZ", "TC", "FL", "ZQ", COL_LENGTH, COL_FILE)

_NUMERIC = frozenset({"BH", "TH", "ZQ", COL_LENGTH})

_Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Rows are record ids; columns are :data:`COLUMNS`."""

    def __init__(self, archive: Archive, parent=None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._ids: list[int] = []
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def record_id(self, row: int) -> int:
        return self._ids[row]

    # -- Qt model API ----------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            if COLUMNS[index.column()] in _NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        rid = self._ids[index.row()]
        code = COLUMNS[index.column()]
        archive = self._archive
        if code == RQ:
            date = archive.date(rid)
            return format_date(date) if date is not None else archive.value(rid, RQ)
        if code == COL_LENGTH:
            return archive.body_length(rid)
        if code == COL_FILE:
            return archive.source(rid).relpath
        return archive.value(rid, code)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        code = COLUMNS[section]
        if code == COL_LENGTH:
            return self.tr("字数")
        if code == COL_FILE:
            return self.tr("文件")
        return KNOWN_FIELDS.get(code, code)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        if self._sorted is not None and self._sorted[0] == column:
            if self._sorted[1] != order:
                self._relayout(self._ids[::-1])
        else:
            descending = order == Qt.SortOrder.DescendingOrder
            self._relayout(self._archive.sorted_ids(self._ids, COLUMNS[column], descending=descending))
        self._sorted = (column, order)

    def _relayout(self, ids: list[int]) -> None:
        """Show ``ids`` (a permutation of the current ids), keeping selections."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_rids = [self._ids[i.row()] for i in persistent]
        self._ids = ids
        if persistent:
            row_of = {rid: row for row, rid in enumerate(ids)}
            self.changePersistentIndexList(
                persistent, [self.index(row_of[rid], i.column()) for rid, i in zip(old_rids, persistent)]
            )
        self.layoutChanged.emit()

    # -- filling ---------------------------------------------------------

    def add_batch(self, batch: Batch) -> None:
        """Add a loaded batch to the archive and show its records at the end."""
        if not len(batch):
            return
        new = self._archive.extend(batch)
        if not len(new):
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._ids.extend(new)
        self.endInsertRows()

    def show_default_order(self) -> None:
        """Date, then page, then item."""
        self._relayout(self._archive.default_order(self._ids))
        self._sorted = None
