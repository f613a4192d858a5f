"""The record table's model: a thin view over the core's id arrays.

The model holds a list of record ids and asks the :class:`~viewer.core.archive.Archive`
for a cell only when a row is painted. Sorting is done by the core; the
model only swaps its id list between ``layoutAboutToBeChanged`` and
``layoutChanged``, and a second sort on the same column reverses the list
instead of sorting again.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from viewer.core.annotations.index import (
    COL_CORRECTIONS,
    COL_NOTES,
    COL_STATUS,
    COL_TAGS,
    AnnotationIndex,
)
from viewer.core.records.archive import COL_FILE, COL_LENGTH, Archive
from viewer.core.records.batch import Batch
from viewer.core.records.fields import KNOWN_FIELDS, RQ
from viewer.core.records.record import format_date
from viewer.core.search.quickfilter import quick_filter

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


class RecordTableModel(QAbstractTableModel):
    """Rows are record ids; columns are :data:`COLUMNS`.

    The model keeps every record id in the current order (``_order``) and
    shows those that pass the quick filter (``_ids``). The filter's matches
    come from the core, computed in the background; records loaded after
    that computation started are filtered here, as they arrive.
    """

    def __init__(self, archive: Archive, index: AnnotationIndex | None = None, parent=None) -> None:
        super().__init__(parent)
        self._archive = archive
        self._index = index or AnnotationIndex()
        self._ann_filter: tuple[str | None, str | None] = (None, None)
        self._search: set[int] | None = None
        self._facet: set[int] | None = None
        self._order: list[int] = []
        self._ids: list[int] = []
        self._filter = ""
        self._match: set[int] | None = None
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def set_archive(self, archive: Archive) -> None:
        """Show another (empty, about to load) archive."""
        self.beginResetModel()
        self._archive = archive
        self._order, self._ids, self._sorted = [], [], None
        self._search = None
        self._facet = None
        self._match = set() if self._filter else None  # the filter stays; new rows are filtered as they come
        self.endResetModel()

    def record_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, rid: int) -> int:
        """The row showing record ``rid``, or -1."""
        try:
            return self._ids.index(rid)
        except ValueError:
            return -1

    def total(self) -> int:
        """Records loaded, filtered or not."""
        return len(self._order)

    @property
    def filter_text(self) -> str:
        return self._filter

    def set_filter(self, text: str, matches: list[int] | None, checked: int) -> None:
        """Show only ``matches`` for ``text``.

        Args:
            text: the filter text (empty: show everything).
            matches: the matching ids among the first ``checked`` records.
            checked: how many records (ids ``0..checked-1``) were checked.
        """
        self.beginResetModel()
        self._filter = text.strip()
        if not self._filter:
            self._match = None
            self._ids = list(self._order)
        else:
            late = quick_filter(self._archive, range(checked, len(self._archive)), self._filter)
            self._match = set(matches or ()) | set(late)
            self._ids = self._visible(self._order)
        self.endResetModel()

    def set_annotation_filter(self, tag: str | None, status: str | None) -> None:
        """Show only records with ``tag`` and/or review ``status`` (None: any)."""
        self.beginResetModel()
        self._ann_filter = (tag, status)
        self._ids = self._visible(self._order)
        self.endResetModel()

    def set_search(self, matches: set[int] | None) -> None:
        """Show only the records a search matched (None: no search)."""
        self.beginResetModel()
        self._search = matches
        self._ids = self._visible(self._order)
        self.endResetModel()

    def set_facet(self, matches: set[int] | None) -> None:
        """Show only the records the facets let through (None: no facets)."""
        self.beginResetModel()
        self._facet = matches
        self._ids = self._visible(self._order)
        self.endResetModel()

    def shown_ids(self) -> list[int]:
        """The ids shown, in order (a copy)."""
        return list(self._ids)

    def _visible(self, ids: list[int]) -> list[int]:
        shown = ids if self._match is None else [r for r in ids if r in self._match]
        if self._search is not None:
            shown = [r for r in shown if r in self._search]
        if self._facet is not None:
            shown = [r for r in shown if r in self._facet]
        tag, status = self._ann_filter
        if tag is not None or status is not None:
            shown = self._index.filter_ids(shown, tag=tag, status=status)
        return list(shown)

    def filtering(self) -> bool:
        return (
            self._match is not None
            or self._ann_filter != (None, None)
            or self._search is not None
            or self._facet is not None
        )

    def refresh_annotations(self) -> None:
        """Repaint the annotation columns (the summaries changed)."""
        if self._ids:
            first = COLUMNS.index(COL_TAGS)
            self.dataChanged.emit(self.index(0, first), self.index(len(self._ids) - 1, COLUMNS.index(COL_STATUS)))

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
        if "\n" in value and role == Qt.ItemDataRole.DisplayRole:  # an inline line break (an author's unit)
            return value.replace("\n", " ")
        return value

    def status_label(self, status: str) -> str:
        labels = {
            "unread": self.tr("unread"),
            "read": self.tr("read"),
            "proofread": self.tr("proofread"),
            "flagged": self.tr("flagged"),
        }
        return labels.get(status, status)

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
        if self._sorted is not None and self._sorted[0] == column:
            if self._sorted[1] != order:
                self._relayout(self._order[::-1])
        else:
            descending = order == Qt.SortOrder.DescendingOrder
            code = COLUMNS[column]
            if code in ANNOTATION_COLUMNS:
                order_ids = self._index.sorted_ids(self._order, code, descending=descending)
            else:
                order_ids = self._archive.sorted_ids(self._order, code, descending=descending)
            self._relayout(order_ids)
        self._sorted = (column, order)

    def _relayout(self, order: list[int]) -> None:
        """Take ``order`` (a permutation of all ids), keeping selections."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_rids = [self._ids[i.row()] for i in persistent]
        self._order = order
        ids = self._visible(order)
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
        self._order.extend(new)
        shown = list(new)
        if self._match is not None:
            shown = quick_filter(self._archive, new, self._filter)
            self._match.update(shown)
        shown = self._visible(shown)
        if not shown:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(shown) - 1)
        self._ids.extend(shown)
        self.endInsertRows()

    def show_default_order(self) -> None:
        """Date, then page, then item."""
        self._relayout(self._archive.default_order(self._order))
        self._sorted = None

    def order_snapshot(self) -> list[int]:
        """All ids in the current order (a copy, for background work)."""
        return list(self._order)
