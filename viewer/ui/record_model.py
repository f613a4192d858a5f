"""The record table's model: a thin view over the core's id arrays.

The model holds a list of record ids and asks the :class:`~viewer.core.archive.Archive`
for a cell only when a row is painted. Sorting is done by the core; the
model only swaps its id list between ``layoutAboutToBeChanged`` and
``layoutChanged``, and a second sort on the same column reverses the list
instead of sorting again.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from viewer.core.annotations.index import (
    COL_CORRECTIONS,
    COL_NOTES,
    COL_STATUS,
    COL_TAGS,
    AnnotationIndex,
)
from viewer.core.listing import Listing
from viewer.core.records.archive import COL_FILE, COL_LENGTH, Archive
from viewer.core.records.fields import KNOWN_FIELDS, RQ
from viewer.core.records.record import format_date
from viewer.ui.labels import status_label

#: The columns, in order: field codes plus pseudo-columns.
COLUMNS = (
    "RQ", "BH", "TH", "BM", "YT", "BT", "FT", "ZZ", "TC", "FL", "ZQ", COL_LENGTH,
    COL_TAGS, COL_NOTES, COL_CORRECTIONS, COL_STATUS, COL_FILE,
)

#: Annotation columns: their values come from the annotation index.
ANNOTATION_COLUMNS = frozenset({COL_TAGS, COL_NOTES, COL_CORRECTIONS, COL_STATUS})

HEADERS = {
    COL_LENGTH: "字数", COL_FILE: "文件", COL_TAGS: "标签", COL_NOTES: "批注", COL_CORRECTIONS: "校正", COL_STATUS: "状态",
}

_NUMERIC = frozenset({"BH", "TH", "ZQ", COL_LENGTH, COL_NOTES, COL_CORRECTIONS})

_Index = QModelIndex | QPersistentModelIndex
#: The roles :meth:`RecordTableModel.data` answers.
#: The most characters a cell (or its tooltip) is given of a field: a tag
#: never closed swallows the rest of its file into one field, and eliding
#: two million characters each time the row was painted took two seconds.
CELL_CHARS = 1000

_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.TextAlignmentRole})


class RecordTableModel(QAbstractTableModel):
    """Rows are record ids; columns are :data:`COLUMNS`.

    The model shows the ids it is given, no more: what is shown, and in what
    order, is decided by the core's :class:`~viewer.core.listing.Listing`.
    Sorting (asked for by the header) is the listing's too; the model only
    takes the new order between ``layoutAboutToBeChanged`` and
    ``layoutChanged``, keeping the selection.
    """

    def __init__(self, listing: Listing | None = None, parent=None) -> None:
        super().__init__(parent)
        self._listing = listing if listing is not None else Listing(Archive(), AnnotationIndex())
        self._archive = self._listing.archive
        self._index = self._listing.index
        self._marked: set[int] = set()  # records with warnings or errors
        self._noted: set[int] = set()  # records with notes only
        self._icons: dict[QStyle.StandardPixmap, QIcon] = {}
        self._ids: np.ndarray = self._listing.ids  # (the listing never changes an array it handed out)

    @property
    def listing(self) -> Listing:
        return self._listing

    def set_listing(self, listing: Listing) -> None:
        """Show another archive's listing."""
        self.beginResetModel()
        self._listing, self._archive, self._index = listing, listing.archive, listing.index
        self._ids = listing.ids
        self._marked, self._noted = set(), set()
        self.endResetModel()

    def reset(self) -> None:
        """The listing's filters changed: show its ids."""
        self.beginResetModel()
        self._ids = self._listing.ids
        self.endResetModel()

    def append(self) -> None:
        """The listing grew at its end (records just loaded): show its new
        rows, those past the ones shown (a :meth:`reset` during a load may
        have shown some already)."""
        shown = self._listing.ids
        first, last = len(self._ids), len(shown)
        if last <= first:
            return
        self.beginInsertRows(QModelIndex(), first, last - 1)
        self._ids = shown
        self.endInsertRows()

    def record_id(self, row: int) -> int:
        return int(self._ids[row])

    def refresh_annotations(self) -> None:
        """Repaint the annotation columns (the summaries changed)."""
        if len(self._ids):
            first = COLUMNS.index(COL_TAGS)
            self.dataChanged.emit(self.index(0, first), self.index(len(self._ids) - 1, COLUMNS.index(COL_STATUS)))

    # -- Qt model API ----------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def set_marked(self, warnings: set[int], notes: set[int] | None = None) -> None:
        """Mark these records' rows: a warning sign for records with a
        warning or an error, an information sign for those with only notes
        (what the proofreading checks point out)."""
        notes = (notes or set()) - warnings
        if (warnings, notes) == (self._marked, self._noted):
            return
        self._marked, self._noted = warnings, notes
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def marked(self, row: int) -> str:
        """How this row's record is marked: ``warning``, ``note`` or ''."""
        if not 0 <= row < len(self._ids):
            return ""
        rid = int(self._ids[row])
        return "warning" if rid in self._marked else "note" if rid in self._noted else ""

    def multiData(self, index: _Index, roleDataSpan) -> None:  # noqa: N803 (Qt's name)
        """Every role a view asks for at once (a delegate asks for about
        seven per cell): one call into Python a cell instead of one a role.
        Each call must take the interpreter lock, which a busy background
        thread holds for up to the switch interval: at a million records,
        painting the table role by role waited seconds."""
        for slot in roleDataSpan:
            role = slot.role()
            if role in _ROLES:
                slot.setData(self.data(index, role))
            else:
                slot.clearData()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DecorationRole:
            if index.isValid() and index.column() == 0 and (self._marked or self._noted):
                rid = int(self._ids[index.row()])
                if rid in self._marked:
                    return self._icon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                if rid in self._noted:
                    return self._icon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid():
            if COLUMNS[index.column()] in _NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        rid = int(self._ids[index.row()])
        code = COLUMNS[index.column()]
        archive = self._archive
        if code == RQ:
            date = archive.date(rid)
            return format_date(date) if date is not None else archive.value(rid, RQ)
        if code == COL_LENGTH:
            return archive.body_length(rid)
        if code == COL_FILE:
            return archive.source(rid).relpath
        if code in ANNOTATION_COLUMNS:
            s = self._index.get(rid)
            if code == COL_TAGS:
                return " ".join(s.tags)
            if code == COL_NOTES:
                return s.notes or ""
            if code == COL_CORRECTIONS:
                return s.corrections or ""
            return self.status_label(s.status)
        value = archive.value(rid, code)
        if len(value) > CELL_CHARS:  # (a tag never closed swallows the rest of its file into one field)
            value = value[:CELL_CHARS] + "…"
        if "\n" in value and role == Qt.ItemDataRole.DisplayRole:  # an inline line break (an author's unit)
            return value.replace("\n", " ")
        return value

    def _icon(self, kind: QStyle.StandardPixmap) -> QIcon:
        icon = self._icons.get(kind)
        if icon is None:
            icon = self._icons[kind] = QApplication.style().standardIcon(kind)
        return icon

    def status_label(self, status: str) -> str:
        return status_label(status)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        code = COLUMNS[section]
        # Headers use the archive's own names in every language.
        return HEADERS.get(code) or KNOWN_FIELDS.get(code, code)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._listing.sort(COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        self.relayout()

    def relayout(self) -> None:
        """The listing's order changed (not its set of ids): keep selections."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_rids = [int(self._ids[i.row()]) for i in persistent]
        self._ids = self._listing.ids
        if persistent:
            row_of = self._listing.row_of  # the listing's ids are the model's (an array look-up, not a dict of every row)
            rows = [row_of(rid) for rid in old_rids]
            self.changePersistentIndexList(
                persistent,
                [self.index(row, i.column()) if row >= 0 else QModelIndex() for row, i in zip(rows, persistent)],
            )
        self.layoutChanged.emit()
