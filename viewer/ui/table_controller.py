"""The record table and the one current record.

:class:`RecordTable` is the view: fixed row heights, rows selected whole,
and the selection follows every keyboard move (Home, End, Ctrl+Home,
Ctrl+End, PgUp, PgDn, the arrows, j and k), so the row that is current is
always a selected row. :class:`TableController` owns the table's model and
the current record: it fetches the current row's record in the background
and says so with one signal, :attr:`TableController.current_changed`, that
every view of the record follows (the reader, the annotation panel, the
status box, the keys 1–9).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView, QWidget

from viewer.core.annotations.index import COL_CORRECTIONS, COL_NOTES, COL_STATUS, COL_TAGS
from viewer.core.records.archive import COL_FILE, RANK_AHEAD
from viewer.core.records.fields import BT, FT, YT
from viewer.core.records.record import Record
from viewer.core.session import Session
from viewer.ui.background import Foreground, LatestTask
from viewer.ui.record_fetcher import RecordFetcher, ShownPicture
from viewer.ui.record_model import ANNOTATION_COLUMNS, COLUMNS, RecordTableModel

#: Default column widths, in CJK characters.
COLUMN_WIDTHS = {
    "RQ": 5.5, "BH": 2.5, "TH": 2.5, "BM": 5, "YT": 12, "BT": 18, "FT": 10,
    "ZZ": 6, "TC": 3, "FL": 4, "ZQ": 3.5, "#length": 3,
    COL_TAGS: 5, COL_NOTES: 2.5, COL_CORRECTIONS: 2.5, COL_STATUS: 3.5,
}

#: The columns' order on first start: the annotation columns right after the
#: title, where they are seen without scrolling.
FIRST_ORDER = (
    "RQ", "BH", "TH", "BM", "BT", COL_TAGS, COL_NOTES, COL_CORRECTIONS, COL_STATUS,
    "YT", "FT", "ZZ", "TC", "FL", "ZQ", "#length", COL_FILE,
)
ANNOTATION_ORDER = (COL_TAGS, COL_NOTES, COL_CORRECTIONS, COL_STATUS)

_NAVIGATION = frozenset({
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End,
})


class RecordTable(QTableView):
    """The record table (object name ``recordTable``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.setSectionResizeMode(rows.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # default order: date, page, item
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def selectionCommand(self, index: QModelIndex | QPersistentModelIndex, event: QEvent | None = None):  # noqa: N802
        """A keyboard move selects the row it moves to, Ctrl or not (Shift
        extends the selection): the current row is never left unselected."""
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in _NAVIGATION and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                return QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        return super().selectionCommand(index, event)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        """Home and End go to the first and last record (the table's rows are
        records: there is nothing to move to within a row)."""
        model = self.model()
        if model is not None and model.rowCount() and action in (
            QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd
        ):
            row = 0 if action == QAbstractItemView.CursorAction.MoveHome else model.rowCount() - 1
            return model.index(row, max(0, self.currentIndex().column()))
        return super().moveCursor(action, modifiers)

    def set_widths(self) -> None:
        em = self.fontMetrics().horizontalAdvance("标")
        for code, chars in COLUMN_WIDTHS.items():
            self.setColumnWidth(COLUMNS.index(code), int(em * chars) + 12)

    def arrange(self, codes: tuple[str, ...]) -> None:
        """Put these columns first, in this order (the others follow as they are)."""
        header = self.horizontalHeader()
        for visual, code in enumerate(codes):
            header.moveSection(header.visualIndex(COLUMNS.index(code)), visual)

    def visual_codes(self) -> list[str]:
        """The columns' codes in the order they are shown."""
        header = self.horizontalHeader()
        return [COLUMNS[header.logicalIndex(v)] for v in range(header.count())]


class TableController(QObject):
    """The table's rows, its selection, and the current record.

    Args:
        view: the table.

    Signals:
        current_changed(): the current record changed, or was read again;
            :attr:`current` holds it.
        busy(str): a long sort started (what it does, for the status bar),
            or ended ('').
        selection_changed(int): the selection changed; how many rows it has.
    """

    current_changed = Signal()
    busy = Signal(str)
    selection_changed = Signal(int)

    #: Listings up to this size are sorted at once on the GUI thread (a few
    #: milliseconds); larger ones in the background, with a busy state.
    SORT_AT_ONCE = 100_000
    #: Text columns of up to this many records are ranked on the GUI thread
    #: when first sorted by (milliseconds); larger ones in the background
    #: (after loading, and when a sort needs ranks not made yet).
    RANK_AT_ONCE = RANK_AHEAD

    def __init__(self, view: RecordTable, parent: QObject | None = None, *, foreground: Foreground | None = None) -> None:
        """``foreground``: what long background work yields to while a sort
        runs (see :class:`~viewer.ui.background.Foreground`)."""
        super().__init__(parent)
        self.view = view
        self.sort_task = LatestTask(parent=self, foreground=foreground)
        self.sort_task.done.connect(self._on_sorted)
        self.sort_task.failed.connect(lambda _msg: self._end_busy())
        # Ranking takes seconds (in a worker process): a thread of its own,
        # so that a sort asked for meanwhile is not queued behind it in the
        # shared pool (at a million records with annotations being read,
        # the first sort by 标题 waited there for all three headlines).
        self._rank_task = LatestTask(parent=self, own_thread=True)
        self._sorting = False
        #: The sort to make once the archive being opened has loaded: the
        #: one shown before it (or, at start, the last one of the previous
        #: run), as (column code, descending).
        self._wanted: tuple[str, bool] | None = None
        self.model = RecordTableModel(parent=self)
        view.setModel(self.model)
        view.set_widths()
        view.horizontalHeader().sortIndicatorChanged.connect(self._sort)
        self.session: Session | None = None
        #: (record id, record, pictures) of the current row, once read; the
        #: record is None when there is no current row or it cannot be read.
        self.current: tuple[int | None, Record | None, list[ShownPicture]] = (None, None, [])
        self.fetcher = RecordFetcher(self.model.listing.archive, parent=self)
        self.fetcher.fetched.connect(self._on_fetched)
        view.selectionModel().currentRowChanged.connect(self._on_current_row)
        view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit(self.selection_count()))
        for key, step in (("J", 1), ("K", -1)):
            QShortcut(QKeySequence(key), view, lambda s=step: self.step(s), context=Qt.ShortcutContext.WidgetShortcut)

    # -- the archive --------------------------------------------------------------

    def prepare_sorts(self) -> None:
        """Once an archive of more than RANK_AT_ONCE records is loaded, rank
        its headline columns (标题, 引题, 副题) in the background: the first sort by one of them is then
        a numpy sort of ready ranks (0.35 s at a million records), not a
        ranking of a million texts first (0.7 s more a column, and more
        while other work runs)."""
        archive = self.model.listing.archive
        if len(archive) > self.RANK_AT_ONCE:
            self._rank_task.submit(_rank_headlines, archive, self.model.listing.collation)

    def set_session(self, session: Session) -> None:
        """Show another archive: no rows yet, no current record. The rows
        come in their default order; the sort the table had is made again
        once they have all come (:meth:`restore_sort`)."""
        self._wanted = self.wanted_sort()
        self.session = session
        self.fetcher.cancel()
        self.sort_task.cancel()
        self._end_busy()
        self.fetcher.archive = session.archive
        self.model.set_listing(session.listing)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self._set_current(None, None, [])

    def wanted_sort(self) -> tuple[str, bool] | None:
        """The sort the user chose, as (column code, descending): the one
        the header shows (also while it is being made), else the one to
        make once the archive being opened has loaded; None for the
        default order (date, page, item)."""
        header = self.view.horizontalHeader()
        column = header.sortIndicatorSection()
        if 0 <= column < len(COLUMNS):
            return COLUMNS[column], header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        return self._wanted

    def want_sort(self, sort: tuple[str, bool] | None) -> None:
        """Sort by (column code, descending) once the archive being opened
        has loaded (the sort remembered from the last run); a column this
        version does not have is ignored."""
        self._wanted = sort if sort is not None and sort[0] in COLUMNS else None

    def restore_sort(self) -> None:
        """The archive has loaded, its rows in the default order: make the
        sort wanted (:meth:`wanted_sort`: the one remembered, or one asked
        for while the rows came), as a click on its column would."""
        wanted = self.wanted_sort()
        self._wanted = None
        if wanted is None:
            return
        code, descending = wanted
        column = COLUMNS.index(code)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.view.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, order):
            self._sort(column, order)  # (the header shows it already: it would not say it changed)
        else:
            header.setSortIndicator(column, order)

    def append(self, *, select_first: bool = True) -> None:
        """The listing has rows just loaded at its end: show them; the first
        one loaded becomes current."""
        self.model.append()
        if select_first and not self.view.currentIndex().isValid() and self.model.rowCount():
            self.select_row(0)

    def refilter(self, *, center: bool = False) -> None:
        """The listing changed: show it, keeping the current record if it is
        still shown (else the first row becomes current)."""
        rid = self.current_rid()
        self.model.reset()
        self.keep(rid, center=center)

    def reorder(self) -> None:
        """The listing's order changed: keep the selection."""
        self.model.relayout()

    def keep(self, rid: int | None, *, center: bool = False) -> None:
        """Make ``rid`` current again, or the first row, or none."""
        row = self.model.listing.row_of(rid)
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.select_row(row, center=center)
        else:
            self.view.setCurrentIndex(QModelIndex())
            self._set_current(None, None, [])

    # -- reading ------------------------------------------------------------------

    def current_rid(self) -> int | None:
        """The record of the current row (also before it is read)."""
        index = self.view.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def selection_count(self) -> int:
        """How many rows are selected (from the selection's ranges: cheap
        at a million rows)."""
        selection = self.view.selectionModel().selection()
        return sum(selection.at(i).bottom() - selection.at(i).top() + 1 for i in range(selection.count()))

    def selected_rids(self) -> list[int]:
        """The selected records, in table order (the current one if none is)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.record_id(r) for r in rows]

    # -- moving ----------------------------------------------------------------------

    def select_row(self, row: int, *, center: bool = False) -> None:
        """Make ``row`` the current and only selected row."""
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        hint = QAbstractItemView.ScrollHint.PositionAtCenter if center else QAbstractItemView.ScrollHint.EnsureVisible
        self.view.scrollTo(index, hint)

    def select(self, rid: int, *, center: bool = True) -> bool:
        """Make record ``rid`` current; False when it is not shown."""
        row = self.model.listing.row_of(rid)
        if row < 0:
            return False
        self.select_row(row, center=center)
        return True

    def step(self, step: int) -> None:
        """The next (+1) or previous (-1) record of the table."""
        rows = self.model.rowCount()
        if rows:
            current = self.view.currentIndex().row()
            self.select_row(min(rows - 1, max(0, current + step if current >= 0 else 0)))

    def next(self) -> None:
        self.step(1)

    def previous(self) -> None:
        self.step(-1)

    def reread(self) -> None:
        """Read the current record again (its file may have changed)."""
        rid = self.current_rid()
        if rid is not None:
            self.fetcher.fetch(rid)

    # -- inside ---------------------------------------------------------------------------

    def resort(self) -> None:
        """Sort again by the column sorted by (text in another order now)."""
        sorted_by = self.model.listing.sorted_by
        if sorted_by is None:
            return
        code, descending = sorted_by
        self.model.listing.sorted_by = None  # afresh, not merely reversed
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self._sort(COLUMNS.index(code), order)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if column < 0 or column >= len(COLUMNS):
            return
        listing = self.model.listing
        code = COLUMNS[column]
        ready = code in ANNOTATION_COLUMNS or listing.archive.ranked(code, listing.collation)
        if len(listing.order) <= self.SORT_AT_ONCE and (ready or len(listing.order) <= self.RANK_AT_ONCE):
            self.sort_task.cancel()
            self._end_busy()
            self.model.sort(column, order)
            self._show_current()
            return
        code, descending = COLUMNS[column], order == Qt.SortOrder.DescendingOrder
        self._begin_busy(len(listing.order))
        self.sort_task.submit(_sorted_order, listing, listing.order, code, descending)

    def default_sort(self) -> None:
        """Back to the order an archive opens in (date, page, item), as the
        header's menu asks; a large listing is ordered in the background."""
        self._wanted = None
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        listing = self.model.listing
        if listing.sorted_by is None and not self._sorting:
            return
        if len(listing.order) <= self.SORT_AT_ONCE:
            self.sort_task.cancel()
            self._end_busy()
            listing.default_order()
            self.model.relayout()
            self._show_current()
            return
        self._begin_busy(len(listing.order))
        self.sort_task.submit(_default_order, listing)

    def _on_sorted(self, found) -> None:
        listing, order, code, descending = found
        if listing is not self.model.listing:
            self._end_busy()
            return
        if code is None:  # the default order
            if len(order) != len(listing.order):  # records arrived meanwhile: again
                self.sort_task.submit(_default_order, listing)
                return
            listing.default_order(order)
        elif not listing.apply_order(order, code, descending):  # records arrived meanwhile: again
            self.sort_task.submit(_sorted_order, listing, listing.order, code, descending)
            return
        self.model.relayout()
        self._show_current()
        self._end_busy()

    def _show_current(self) -> None:
        """After a sort, scroll to the current row (it keeps its record)."""
        index = self.view.currentIndex()
        if index.isValid():
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _begin_busy(self, records: int) -> None:
        if not self._sorting:
            self._sorting = True
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.busy.emit(self.tr("Sorting %1 records…").replace("%1", f"{records:,}"))

    def _end_busy(self) -> None:
        if self._sorting:
            self._sorting = False
            QApplication.restoreOverrideCursor()
            self.busy.emit("")

    def sorting(self) -> bool:
        """Is a sort running in the background?"""
        return self._sorting

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.fetcher.fetch(self.model.record_id(current.row()))
        else:
            self.fetcher.cancel()
            self._set_current(None, None, [])

    @Slot(int, object, object)
    def _on_fetched(self, rid: int, record, pictures) -> None:
        if rid == self.current_rid():  # the row is still current
            self._set_current(rid, record, list(pictures))

    def _set_current(self, rid: int | None, record: Record | None, pictures: list[ShownPicture]) -> None:
        self.current = (rid, record, pictures)
        self.current_changed.emit()


def _rank_headlines(archive, collation: str) -> None:
    """Runs in the thread pool: the headline columns' ranks (in the order
    text sorts in, pinyin or code point), kept by the archive."""
    for code in (BT, YT, FT):
        archive.sort_ranks(code, collation)


def _sorted_order(listing, ids, code: str, descending: bool):
    """Runs in the thread pool: the listing's records in a new order."""
    return listing, listing.sorted_order(code, descending, ids), code, descending


def _default_order(listing):
    """Runs in the thread pool: the listing's records in the default order."""
    return listing, listing.archive.default_order_array(listing.order), None, False
