"""Finding records: the search box, the quick filter, the concordance, the
facets, the statistics, and that day's paper.

:class:`SearchController` owns these widgets and their state, and changes
the session's :class:`~viewer.core.listing.Listing` (what the table shows)
through the :class:`~viewer.ui.table_controller.TableController`. The work
(preparing the body text, searching, counting hits, the concordance) runs
in the core, in the background.
"""

from __future__ import annotations

import csv
import io
import os
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QSizePolicy

from viewer.core import progress, record_export
from viewer.core.files.names import text_of
from viewer.core.files.paths import user_cache_dir
from viewer.core.files.steps import Steps
from viewer.core.records.archive import Archive
from viewer.core.records.record import format_date
from viewer.core.search import facets as facet_core
from viewer.core.search import trends, variants
from viewer.core.search.kwic import Cancelled as KwicCancelled
from viewer.core.search.kwic import Concordance
from viewer.core.search.prepare import Prepared, prepare
from viewer.core.search.query import QueryError, parse_query
from viewer.core.search.quickfilter import quick_filter
from viewer.core.search.searcher import Cancelled, Searcher, SearchResult
from viewer.core.search.trends import split_terms
from viewer.core.session import Session
from viewer.ui.background import Foreground, LatestTask
from viewer.ui.chart_dock import ChartDock
from viewer.ui.exporting import ExportRun, csv_encoding, csv_formats
from viewer.ui.facet_dock import FacetDock, qdate_to_int
from viewer.ui.kwic_dock import KwicDock
from viewer.ui.labels import status_label
from viewer.ui.reader import ReaderPane
from viewer.ui.table_controller import TableController

if TYPE_CHECKING:
    from viewer.ui.main_window import MainWindow

#: At most this many concordance lines are shown.
#: Facet counts over up to this many records are made at once on the GUI
#: thread (milliseconds); over more, in the background.
FACETS_AT_ONCE = 100_000
#: How long one step of making the concordance runs before it shows what it has (seconds).
KWIC_STEP = 0.15

#: Typing pauses before the quick filter and the search run, in ms.
FILTER_DELAY_MS = 150
SEARCH_DELAY_MS = 250

#: Fields whose hits the reader marks.
READER_FIELDS = ("YT", "BT", "FT", "ZZ", "ZW")


class SearchController(QObject):
    """Search, filter, concordance, facets, statistics.

    Args:
        window: the main window (dialogs and docks belong to it).
        table: the record table's controller.
        reader: the reader, where hits are marked.
        workers: worker processes for the body text and the search.

    Signals:
        status_changed(): the counts the status bar shows changed.
        message(str, int): a passing message and how long to show it (ms).
        export_done(str): an export finished (a message for people).
        export_failed(str): an export failed (why).
        prepared(): the search index (or the text to scan) of the open
            archive is ready, or could not be made.
    """

    status_changed = Signal()
    prepared = Signal()
    message = Signal(str, int)
    export_done = Signal(str)
    export_failed = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        table: TableController,
        reader: ReaderPane,
        *,
        workers: int | None = None,
        foreground: Foreground | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``foreground``: what long background work yields to while a
        search, a filter or the facet counts run (see
        :class:`~viewer.ui.background.Foreground`)."""
        super().__init__(parent)
        self.window = window
        self.table = table
        self.reader = reader
        self.workers = workers
        self.session = Session()
        self.result: SearchResult | None = None
        self.hits: int | None = None
        self.invalid = ""  # why the search box's text is not a query
        self.applied = ""  # the query whose results the table shows ('' for none)
        self.match_variants = False  # simplified and traditional forms alike (viewer.core.search.variants)
        self._cancel: threading.Event | None = None
        self._store_cancel = threading.Event()
        self._kwic_cancel = threading.Event()
        self._pending_hit: tuple[int, str, int, int] | None = None
        self._land_on_last = False  # Shift+F3 moved to the previous record: show its last hit

        self.search_box = QLineEdit(window)
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(180)
        self.search_box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.quick_filter = QLineEdit(window)
        self.quick_filter.setObjectName("quickFilter")
        self.quick_filter.setClearButtonEnabled(True)
        self.quick_filter.setMinimumWidth(140)
        self.quick_filter.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.kwic = KwicDock(window)
        self.kwic.setObjectName("kwicDock")
        self.facets = FacetDock(window)
        self.facets.setObjectName("facetDock")
        self.charts = ChartDock(window)
        self.charts.setObjectName("statisticsDock")

        self.store_task = LatestTask(parent=self, own_thread=True)
        self.store_task.done.connect(self._on_bodies)
        self.store_task.failed.connect(self._on_store_failed)
        self.search_task = LatestTask(parent=self, foreground=foreground)
        self.search_task.done.connect(self._on_search_done)
        self.search_task.failed.connect(self._on_search_failed)
        self._preparing = False
        self.hits_task = LatestTask(parent=self, own_thread=True)
        self.hits_task.done.connect(self._on_hits_counted)
        self.kwic_task = LatestTask(parent=self)
        self.kwic_task.done.connect(self._on_kwic_done)
        self.filter_task = LatestTask(parent=self, foreground=foreground)
        self.filter_task.done.connect(self._on_filter_done)
        self.facet_task = LatestTask(parent=self, foreground=foreground)
        self.trend_task = LatestTask(parent=self)
        self.trend_task.done.connect(self._show_trend)
        self.trend_task.failed.connect(lambda msg: self.charts.show_data([], msg))
        self.facet_task.done.connect(self._show_facets)
        self._facets_pending = False
        self.exporter = ExportRun(window, self)
        self.exporter.done.connect(self.export_done.emit)
        self.exporter.failed.connect(self.export_failed.emit)

        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.start_search)
        self.search_box.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_box.returnPressed.connect(self.start_search)
        self.filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self._start_filter)
        self.quick_filter.textChanged.connect(lambda _t: self.filter_timer.start())

        self.kwic.options_changed.connect(self._refresh_kwic)
        self.kwic.sort_changed.connect(self._resort_kwic)
        self.kwic.visibilityChanged.connect(lambda shown: self._refresh_kwic() if shown else None)
        self.kwic.line_activated.connect(self._open_kwic_line)
        self.kwic.export_requested.connect(self._export_kwic_dialog)
        self.facets.filter_changed.connect(self._apply_facets)
        self.facets.day_requested.connect(self.show_day)
        self.facets.day_step.connect(self._step_day)
        self.facets.visibilityChanged.connect(lambda shown: self.refresh_facets() if shown else None)
        self.charts.kind_changed.connect(lambda _k: self.refresh_chart())
        self.charts.terms_changed.connect(self.refresh_chart)
        self.charts.visibilityChanged.connect(lambda shown: self.refresh_chart() if shown else None)
        self.charts.export_png_requested.connect(self._export_chart_png_dialog)
        self.charts.export_csv_requested.connect(self._export_chart_csv_dialog)

    # -- the archive ------------------------------------------------------------------

    def set_session(self, session: Session, *, keep: bool = False) -> None:
        """A new archive. ``keep`` (a reload of the same one) keeps the
        search, the quick filter and the facets; another archive starts
        without a search and facets (the quick filter stays)."""
        self._reset()
        self.session = session
        if self.quick_filter.text().strip():
            session.listing.set_quick_filter(self.quick_filter.text(), [], 0)
        if not keep:
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self.search_timer.stop()
            self.facets.blockSignals(True)
            self.facets.clear()
            self.facets.blockSignals(False)
        elif self.search_box.text().strip():
            session.listing.set_search([])  # until the search has run on the new archive
        self.status_changed.emit()

    def loaded(self) -> None:
        """Every record is loaded: prepare the body text, fill the facets."""
        archive = self.session.archive
        self._prepare()
        self.facets.set_date_span(*archive.date_span())
        f = self.facets.current_filter()
        if not f.is_empty():
            self.session.listing.set_facets(f.apply(archive, range(len(archive)), self.session.index))
            self.table.refilter()
        self.refresh_facets()
        self.refresh_chart()

    def shutting_down(self) -> None:
        self._reset()
        self.store_task.wait()  # (building the index runs worker processes)

    def _reset(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        for task in (self.search_task, self.store_task, self.hits_task, self.kwic_task, self.filter_task, self.facet_task):
            task.cancel()
        self._facets_pending = False
        self._store_cancel.set()
        self._preparing = False
        self.result, self.hits, self.invalid, self.applied = None, None, "", ""
        self._pending_hit = None
        self._kwic_cancel.set()
        self.kwic.model.set_concordance(self.session.archive, None)

    # -- the search ---------------------------------------------------------------------

    def focus(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def search_for(self, text: str) -> None:
        """Put ``text`` in the search box and search for it now."""
        self.search_box.setText(text)
        self.start_search()

    def start_search(self) -> None:
        """Search for the search box's query (in the background)."""
        self.search_timer.stop()
        text = self.search_box.text().strip()
        if self._cancel is not None:
            self._cancel.set()
        if not text:
            self.search_task.cancel()
            self.search_box.setStyleSheet("")
            self._apply_search(None)
            return
        try:
            query = parse_query(text)
        except QueryError as e:
            # The box's text is no query: no record matches it, and the
            # table says so (it never keeps an earlier search's rows).
            self.search_task.cancel()
            self.search_box.setStyleSheet("QLineEdit { color: #c92a2a; }")
            self.message.emit(self.tr("Search: %1").replace("%1", str(e)), 8000)
            self._apply_search(None, invalid=str(e), text=text)
            return
        self.search_box.setStyleSheet("")
        if not self.session.search_ready():
            if not self._preparing and not self.window.loading:
                self._prepare()
            self.message.emit(self.tr("The search starts as soon as the article text is indexed…"), 4000)
            return
        if self.match_variants:
            query = variants.fold(query)
        self._cancel = cancel = threading.Event()
        self.search_task.submit(_search_job, self.session.searcher(), query, cancel, text)

    def set_match_variants(self, on: bool) -> None:
        """Match simplified and traditional forms alike (or not), and search
        again with it."""
        if on != self.match_variants:
            self.match_variants = on
            if self.search_box.text().strip():
                self.start_search()
            self.refresh_chart()

    def _on_search_done(self, found) -> None:
        result, text = found
        if result is not None:
            self._apply_search(result, text=text)

    def _apply_search(self, result: SearchResult | None, invalid: str = "", text: str = "") -> None:
        self.result, self.hits, self.invalid = result, None, invalid
        self.applied = text if result is not None or invalid else ""
        if result is None:
            self.hits_task.cancel()
        listing = self.session.listing
        listing.set_day(None)
        listing.set_search(result.id_array() if result is not None else [] if invalid else None)
        self.table.refilter()
        self.status_changed.emit()
        self.show_hits()
        if self.kwic.isVisible():
            self._refresh_kwic()
        self.refresh_facets()
        self.refresh_chart()
        if result is not None:
            # Last: counting competes for the interpreter lock with the work
            # above, which the user is waiting to see.
            self.hits_task.submit(_count_job, result, self._cancel)

    def _on_hits_counted(self, total: int | None) -> None:
        if total is not None:
            self.hits = total
            self.status_changed.emit()

    def show_hits(self) -> None:
        """Mark the search's hits in the current record, and a hit opened
        from the concordance."""
        rid, record, _ = self.table.current
        spans = []
        if record is not None and rid is not None and self.result is not None and rid in self.result:
            spans = [(h.field, h.start, h.end) for h in self.result.hits(rid) if h.field in READER_FIELDS]
        self.reader.set_search_hits(spans)
        if self._land_on_last:  # came back from the next record with Shift+F3: its last hit
            self._land_on_last = False
            if spans:
                self.reader.next_search_hit(backward=True)
        pending = self._pending_hit
        if pending is not None and pending[0] == rid:
            self._pending_hit = None
            self.reader.select_span(*pending[1:])

    def next_hit(self) -> None:
        self._step_hit(False)

    def previous_hit(self) -> None:
        self._step_hit(True)

    def _step_hit(self, backward: bool) -> None:
        """The next (previous) hit: in the record, then in the next
        (previous) record of the table, whose first (last) hit it lands on;
        past the table's last (first) record it wraps round, and says so."""
        count, at = self.reader.search_hit_count, self.reader.current_search_hit
        if count and (at > 1 if backward else at < count):
            self.reader.next_search_hit(backward)
            return
        rows = self.table.model.rowCount()
        if self.result is None or not rows:
            return
        row = self.table.view.currentIndex().row()
        target = row + (-1 if backward else 1)
        if not 0 <= target < rows:
            target = rows - 1 if backward else 0
            self.message.emit(self.tr("Search wrapped to the last record") if backward
                              else self.tr("Search wrapped to the first record"), 4000)
        if target == row:  # one record: round its own hits
            if count:
                self.reader.next_search_hit(backward)
            return
        self._land_on_last = backward
        self.table.select_row(target)

    def _prepare(self) -> None:
        """Get the search index (or the body text to scan) ready, in the background."""
        self._store_cancel.set()
        self._store_cancel = threading.Event()
        self._preparing = True
        self.store_task.submit(
            _build_bodies, self.session.archive, str(user_cache_dir() / "search"), self.workers, self._store_cancel,
            self.session.cache, None if self.session.cache is None else str(user_cache_dir()),
        )

    def _on_search_failed(self, message: str) -> None:
        if not self.session.search_ready():
            # The index found itself damaged and removed itself: build it
            # again; the search runs again once it is ready.
            self.message.emit(self.tr("The search index was damaged; it is being rebuilt…"), 8000)
            self._prepare()
            return
        self.message.emit(self.tr("Search failed: %1").replace("%1", message), 15000)

    def preparing(self) -> bool:
        """Is the search index (or the text to scan) being made or opened?"""
        return self._preparing

    def _on_store_failed(self, message: str) -> None:
        self._preparing = False
        self.message.emit(self.tr("Search index failed: %1").replace("%1", message), 15000)
        self.prepared.emit()

    def _on_bodies(self, prepared: Prepared) -> None:
        self._preparing = False
        if not self.session.use_search(prepared):
            return
        self.prepared.emit()
        if self.search_box.text().strip():
            self.start_search()
        elif self.charts.current_kind() == "hits":
            self.refresh_chart()  # terms typed before the text was indexed

    def status_text(self) -> str:
        """The search's part of the status line ('' without a search)."""
        if self.invalid:
            return self.tr("search: not a valid query")
        if self.result is None:
            return ""
        n = len(self.result.id_array())
        text = self.tr("search: %1 record(s)", "", n).replace("%1", f"{n:,}")
        if self.hits is not None:
            text += ", " + self.tr("%1 hit(s)", "", self.hits).replace("%1", f"{self.hits:,}")
        return text

    # -- the quick filter ------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.quick_filter.setFocus()
        self.quick_filter.selectAll()

    def filter_now(self) -> None:
        """Apply the quick filter's text now, without the typing pause."""
        self.filter_timer.stop()
        self._start_filter()

    def _start_filter(self) -> None:
        text = self.quick_filter.text()
        archive = self.session.archive
        if not text.strip():
            self.filter_task.cancel()
            self._on_filter_done(("", [], len(archive)))
            return
        self.filter_task.submit(_filter_job, archive, text, len(archive), self.session.grams)

    def _on_filter_done(self, result: tuple[str, list[int], int]) -> None:
        text, matches, checked = result
        listing = self.session.listing
        listing.set_day(None)
        listing.set_quick_filter(text, matches, checked)
        self.table.refilter()
        self.status_changed.emit()

    def clear_quick_filter(self) -> None:
        """Show every record again as far as the quick filter goes."""
        self.quick_filter.blockSignals(True)
        self.quick_filter.clear()
        self.quick_filter.blockSignals(False)
        self._on_filter_done(("", [], len(self.session.archive)))

    # -- the concordance ----------------------------------------------------------------------

    def _refresh_kwic(self) -> None:
        """Make the concordance of the search again: its first lines show at
        once, the rest are added in steps in the background."""
        self._kwic_cancel.set()
        if self.result is None or self.result.searcher is None:
            self.kwic.model.set_concordance(self.session.archive, None)
            self.kwic.show_count()
            return
        self._kwic_cancel = cancel = threading.Event()
        conc = Concordance(self.result.searcher, self.result, self.kwic.context_width.value())
        self.kwic.model.set_concordance(self.session.archive, conc)
        self.kwic.show_count("growing")
        self.kwic_task.submit(_kwic_step, conc, self.kwic.sort.currentData(), cancel)

    def _resort_kwic(self) -> None:
        conc = self.kwic.model.conc
        if conc is None or not conc.complete:
            self._refresh_kwic()
            return
        self._kwic_cancel.set()
        self._kwic_cancel = cancel = threading.Event()
        self.kwic.show_count("sorting")
        self.kwic_task.submit(_kwic_step, conc, self.kwic.sort.currentData(), cancel)

    def _on_kwic_done(self, step) -> None:
        conc, finished, reordered = step
        if conc is not self.kwic.model.conc:
            return
        if finished:
            if reordered:
                self.kwic.model.resorted()
            else:
                self.kwic.model.grew()  # the last lines at the end; the view stays where it is
            self.kwic.show_count()
            return
        self.kwic.model.grew()
        self.kwic.show_count("growing")
        self.kwic_task.submit(_kwic_step, conc, self.kwic.sort.currentData(), self._kwic_cancel)

    def _open_kwic_line(self, line) -> None:
        self._pending_hit = (line.rid, line.field, line.start, line.end)
        if self.table.current[0] == line.rid and self.table.current[1] is not None:
            self.show_hits()
        elif not self.table.select(line.rid):
            self._pending_hit = None

    # -- facets, statistics, that day's paper ------------------------------------------------------

    def _facet_base(self) -> Sequence[int] | np.ndarray:
        """The records the facet counts are over: the search's, or all."""
        if self.result is not None:
            return self.result.id_array()
        return range(len(self.session.archive))

    def refresh_facets(self) -> None:
        """Count the facets' values under the current search and the other
        facets' selections: at once for up to FACETS_AT_ONCE records, else
        in the background."""
        if not self.facets.isVisible() or self.session is None:
            return
        base = self._facet_base()
        archive, index = self.session.archive, self.session.index
        selected = self.facets.current_filter()
        if len(base) <= FACETS_AT_ONCE:
            self.facet_task.cancel()
            self._show_facets(_facet_counts(archive, index, base, selected))
            return
        self._facets_pending = True
        self.facet_task.submit(_facet_counts, archive, index, base, selected)

    def facets_pending(self) -> bool:
        """Are facet counts being made in the background?"""
        return self._facets_pending

    def _show_facets(self, counts: dict) -> None:
        self._facets_pending = False
        for code, found in counts.items():
            if code == "#status":
                self.facets.set_counts(code, found, {s: status_label(s) for s, _ in found})
            else:
                self.facets.set_counts(code, found)

    def _apply_facets(self, f: facet_core.FacetFilter) -> None:
        listing = self.session.listing
        listing.set_day(None)
        archive = self.session.archive
        listing.set_facets(None if f.is_empty() else f.apply(archive, range(len(archive)), self.session.index))
        self.table.refilter()
        self.status_changed.emit()
        self.refresh_chart()
        self.refresh_facets()  # each facet's counts under the others' selections

    def show_day(self, date: int) -> None:
        """That day's paper: the whole day in page and item order, whatever
        the search and the filters say (they come back when it is left)."""
        self.session.listing.set_day(date)
        self.table.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.refilter()
        if self.table.model.rowCount():
            self.table.select_row(0)
        self.status_changed.emit()

    def leave_day(self) -> None:
        if self.session.listing.day is not None:
            self.session.listing.set_day(None)
            self.table.refilter()
            self.status_changed.emit()

    def day_text(self) -> str:
        """The status line while that day's paper is shown ('' otherwise)."""
        day = self.session.listing.day
        if day is None:
            return ""
        return self.tr("That day's paper, %1: %2 records; the search and filters are not applied").replace(
            "%1", format_date(day)).replace("%2", f"{len(self.session.listing):,}")

    def _step_day(self, step: int) -> None:
        current = self.session.listing.day or qdate_to_int(self.facets.date_from.date())
        day = facet_core.neighbour_day(self.session.archive, current, step)
        if day is not None:
            self.show_day(day)

    def chart_data(self, kind: str) -> tuple[list[tuple[str, int]], str]:
        """The numbers behind a chart, and a note on what they count."""
        archive = self.session.archive
        if kind in ("month", "year"):
            return facet_core.per_period(archive, range(len(archive)), kind), self.tr("all records")
        if kind == "hits":
            return [], self.tr("search first, or type terms to compare: this charts the records with hits")
        shown = self.session.listing.ids.tolist()
        note = self.tr("%1 record(s) shown", "", len(shown)).replace("%1", f"{len(shown):,}")
        return facet_core.value_counts(archive, shown, kind), note

    def refresh_chart(self) -> None:
        if not self.charts.isVisible() or self.window.loading:
            return
        kind = self.charts.current_kind()
        if kind == "review":
            work = progress.report(self.session.archive, self.session.index, history=self.session.status_history()).work
            editors = sorted({name for month in work.values() for name in month})
            months = list(work)
            note = self.tr("records each editor proofread or validated, by the month it was done")
            if not work:
                note = self.tr("nobody has proofread a record yet")
            self.charts.show_series(months, {e: [work[m].get(e, 0) for m in months] for e in editors}, note)
            return
        if kind == "hits":
            terms = split_terms(self.charts.terms.text()) or ([self.applied] if self.applied and not self.invalid else [])
            if terms and not self.session.search_ready():  # the bodies are not searchable yet
                self.charts.show_data([], self.tr("The chart is drawn as soon as the article text is indexed…"))
                return
            if terms:
                self.trend_task.submit(_trend_job, self.session.searcher(), terms, self.charts.relative(len(terms)),
                                       self.match_variants)
                return
        self.charts.show_data(*self.chart_data(kind))

    def _show_trend(self, found) -> None:
        trend, problem = found
        if trend is None:
            self.charts.show_data([], problem)
            return
        terms = "、".join(trend.series)
        if trend.relative:
            title = self.tr("Records with %1 per 1,000 records of the month").replace("%1", terms)
        else:
            title = self.tr("Records with %1 per month").replace("%1", terms)
        total = sum(trend.totals)
        note = (self.tr("%1 records over %2 month(s)", "", len(trend.labels)).replace("%1", f"{total:,}")
                .replace("%2", f"{len(trend.labels):,}"))
        self.charts.show_trend(trend, title, note)

    def chart_header(self) -> str:
        """What an exported chart says under its title: the archive, the
        date range, the search."""
        archive = self.session.archive
        first, last = archive.date_span()
        name = os.path.basename(self.session.paths[0].rstrip(os.sep)) if self.session.paths else ""
        span = f"{format_date(first)} – {format_date(last)}" if first and last else ""
        query = self.tr("search: %1").replace("%1", self.applied) if self.applied else ""
        return " · ".join(x for x in (name, span, query) if x)

    # -- exports -----------------------------------------------------------------------------

    def _export_kwic_dialog(self) -> None:
        path, fmt = self.window.ask_save(self.tr("Export Concordance"), "kwic", csv_formats())
        if path:
            self.export_kwic(path, fmt)

    def export_kwic(self, path: str, fmt: str = "csv") -> None:
        """Write the concordance as CSV (file, key, date, title, left, match,
        right), in the background with progress and Cancel; ``fmt`` csv-bom
        for Excel."""
        done = self.tr("Exported %1 concordance lines to %2")
        conc = self.kwic.model.conc
        if conc is None:
            return
        self.exporter.start(self.tr("Exporting the concordance…"), 0, _kwic_csv_job, conc.searcher, conc.result,
                            conc.width, self.kwic.sort.currentData(), path, done, csv_encoding(fmt))

    def _export_chart_png_dialog(self) -> None:
        filters = {self.tr("PNG image, twice the screen's resolution (*.png)"): "png", self.tr("SVG drawing (*.svg)"): "svg"}
        path, fmt = self.window.ask_save(self.tr("Export Chart"), "chart", filters)
        if path:
            self.export_chart_image(path, fmt)

    def export_chart_image(self, path: str, fmt: str = "png") -> None:
        """Save the chart shown as PNG (2×) or SVG, titled, with the archive,
        the date range and the search under the title."""
        header = self.chart_header()
        data = self.charts.svg_bytes(header) if fmt == "svg" else self.charts.png_bytes(header)
        self.exporter.start(self.tr("Export Chart"), 0, _write_job, path, data, self.tr("Saved %1"))

    def _export_chart_csv_dialog(self) -> None:
        path, fmt = self.window.ask_save(self.tr("Export Chart Data"), "chart", csv_formats())
        if path:
            self.export_chart_csv(path, fmt)

    def export_chart_csv(self, path: str, fmt: str = "csv") -> None:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(self.charts.table or [["label", "records"]])
        data = out.getvalue().encode(csv_encoding(fmt))
        self.exporter.start(self.tr("Export Chart Data"), 0, _write_job, path, data, self.tr("Saved %1"))

    def retranslate(self) -> None:
        self.quick_filter.setPlaceholderText(self.tr("Filter titles, authors (Ctrl+L)"))
        self.search_box.setPlaceholderText(self.tr("Search full text (Ctrl+K): 党员 -通知 标题:教育 日期:2005-02"))
        self.search_box.setToolTip(self.tr(
            "Words must all occur (substrings). \"a phrase\", A OR B, -word excludes,\n"
            "标题:/title: 引题: 副题: 作者: 正文: 版名: 体裁: 分类: 批注: search one field,\n"
            "日期:2005-02-01..2005-02-28 a date range, tag:… status:…, /regex/,\n"
            "江青!松江青浦!浙江青年: an occurrence inside 松江青浦 or 浙江青年 does not count."))
        self.kwic.retranslate()
        self.facets.retranslate()
        self.charts.retranslate()


def _build_bodies(
    archive: Archive, folder: str, workers: int | None, cancel: threading.Event, cache, index_folder: str | None
) -> Prepared:
    """Runs in the thread pool: the search index (or the body text to scan)."""
    return prepare(archive, index_folder=index_folder, store_folder=folder, workers=workers, cache=cache, cancel=cancel)


def _search_job(searcher: Searcher, query, cancel: threading.Event, text: str):
    """Runs in the thread pool; a newer search sets ``cancel``."""
    try:
        result = searcher.search(query, cancel)
        result.id_array()  # (here, not on the GUI thread)
        return result, text
    except Cancelled:
        return None, text


def _count_job(result: SearchResult, cancel: threading.Event | None):
    """Runs in the thread pool: the search's total number of hits."""
    return result.total_hits(cancel)


def _facet_counts(archive: Archive, index, base: Sequence[int] | np.ndarray, selected: facet_core.FacetFilter) -> dict:
    """Runs at once or in the thread pool: every facet's (value, count)
    pairs, each under the other facets' selections (:func:`facets.counts`)."""
    return facet_core.counts(archive, index, base, selected, FacetDock.FIELDS)


def _kwic_step(conc: Concordance, how: str, cancel: threading.Event) -> tuple[Concordance, bool, bool]:
    """Runs in the thread pool: the next lines of the concordance; once all
    are in, their order. Returns (the concordance, whether it is finished,
    whether its order changed)."""
    if not conc.complete:
        try:
            conc.grow(seconds=KWIC_STEP, cancel=cancel)
        except KwicCancelled:
            return conc, False, False
        if not conc.complete:
            return conc, False, False
    if (conc.how, conc.descending) != (how, False):
        try:
            conc.sort(how, cancel=cancel)
        except KwicCancelled:
            return conc, False, False
        return conc, True, True
    return conc, True, False


def _filter_job(archive: Archive, text: str, checked: int, grams=None):
    """Runs in the thread pool: the quick filter over the records loaded so far."""
    return text, quick_filter(archive, range(checked), text, grams), checked


def _trend_job(searcher: Searcher, terms: list[str], relative: bool, match_variants: bool = False):
    """Runs in the thread pool: each term's records over time; (trend, '') or
    (None, what is wrong with a term)."""
    found: dict[str, Sequence[int] | Iterable[int]] = {}
    for term in terms:
        try:
            query = parse_query(term)
        except QueryError as e:
            return None, f"{term}: {e}"
        found[term] = searcher.search(variants.fold(query) if match_variants else query).ids
    return trends.trend(searcher.archive, found, "month", relative), ""


def _write_job(path: str, data: bytes, done: str, steps: Steps) -> str:
    """Write an export made already (a chart) to a new file."""
    steps.check()
    record_export.write_new(path, data)
    return done.replace("%1", path)


def _kwic_csv_job(searcher: Searcher, result: SearchResult, width: int, how: str, path: str, done: str,
                  encoding: str, steps: Steps) -> str:
    """Runs in a thread of its own: the whole concordance, sorted, streamed
    to a new CSV file (a concordance of its own, so the one shown can go on
    growing). Cancel stops it and leaves no file."""
    conc = Concordance(searcher, result, width)
    conc.grow(cancel=steps.cancel)
    steps.check()
    conc.sort(how, cancel=steps.cancel)
    steps.check()
    steps.total = len(conc)
    archive = searcher.archive

    def rows():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if encoding == "utf-8-sig":
            out.write("\ufeff")
        writer.writerow(["file", "key", "date", "title", "left", "match", "right"])
        for i, line in enumerate(conc.lines()):
            steps(i)
            writer.writerow([text_of(archive.source(line.rid).path), text_of(archive.key(line.rid)),
                             archive.value(line.rid, "RQ"), archive.value(line.rid, "BT"), line.left, line.match, line.right])
            if i % 2048 == 2047:
                yield out.getvalue().encode("utf-8")
                out.seek(0)
                out.truncate()
        yield out.getvalue().encode("utf-8")

    record_export.write_new(path, rows())
    return done.replace("%1", str(len(conc))).replace("%2", path)
