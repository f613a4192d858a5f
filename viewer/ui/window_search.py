"""The main window's search, concordance, facets, statistics and record export.

A mixin of :class:`~viewer.ui.main_window.MainWindow`: the methods act on
the window's widgets and state; the work runs in the core, in the
background.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QInputDialog

from viewer.core import record_export
from viewer.core.files.names import text_of
from viewer.core.files.paths import user_cache_dir
from viewer.core.records.archive import Archive
from viewer.core.search import facets as facet_core
from viewer.core.search.bodies import BodyStore
from viewer.core.search.kwic import kwic, sort_kwic
from viewer.core.search.query import QueryError, parse_query
from viewer.core.search.searcher import Cancelled, Searcher
from viewer.ui.facet_dock import FacetDock, qdate_to_int
from viewer.ui.views import NO_REPLACE

#: At most this many concordance lines are shown.
KWIC_LIMIT = 200_000


class SearchActions:
    """Search, KWIC, facets, statistics and export for the main window."""

    # -- search ----------------------------------------------------------------

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _reset_search(self) -> None:
        if self._search_cancel is not None:
            self._search_cancel.set()
        self.search_task.cancel()
        self.store_task.cancel()
        self._store_cancel.set()
        if self.text_store is not None:
            self.text_store.close()
        self.text_store = None
        self.search_result = None
        self._search_ids = set()
        self.kwic.model.set_lines(self.archive, [])

    def _build_text_store(self) -> None:
        folder = str(user_cache_dir() / "search")
        self._store_cancel = threading.Event()
        self.store_task.submit(_build_store, self.archive, folder, self.workers, self._store_cancel, self.cache)

    def _on_text_store(self, store) -> None:
        if store is None or len(store) != len(self.archive):
            return
        self.text_store = store
        if self.search_edit.text().strip():
            self.start_search()

    def start_search(self) -> None:
        """Search the archive for the search box's query (in the background)."""
        self.search_timer.stop()
        text = self.search_edit.text().strip()
        if self._search_cancel is not None:
            self._search_cancel.set()
        if not text:
            self.search_task.cancel()
            self._apply_search(None)
            return
        try:
            query = parse_query(text)
        except QueryError as e:
            self.search_edit.setStyleSheet("QLineEdit { color: #c92a2a; }")
            self.statusBar().showMessage(self.tr("Search: %1").replace("%1", str(e)), 8000)
            return
        self.search_edit.setStyleSheet("")
        if self.text_store is None:
            self.statusBar().showMessage(self.tr("The search starts as soon as the article text is indexed…"), 4000)
            return
        self._search_cancel = cancel = threading.Event()
        searcher = Searcher(self.archive, self.text_store, index=self.annotations.index,
                            notes=self.annotations.note_texts())
        self.search_task.submit(_search_job, searcher, query, cancel)

    def _on_search_done(self, result) -> None:
        if result is not None:
            self._apply_search(result)

    def _apply_search(self, result) -> None:
        self.statusBar().clearMessage()
        self.search_result = result
        self.search_hits = None
        if result is not None:
            self.hits_task.submit(_count_job, result, self._search_cancel)
        self._search_ids = set(result.ids) if result is not None else set()
        rid = self._current_rid()
        self.model.set_search(self._search_ids if result is not None else None)
        self._keep_selection(rid)
        self._update_status()
        if self._reader_rid is not None:
            self._show_search_hits(self._reader_rid)
        if self.kwic.isVisible():
            self._refresh_kwic()
        self._refresh_facets()
        self._refresh_chart()

    def _on_hits_counted(self, total) -> None:
        if total is not None:
            self.search_hits = total
            self._update_status()

    def _show_search_hits(self, rid: int) -> None:
        result = self.search_result
        spans = []
        if result is not None and rid in self._search_ids:
            spans = [(h.field, h.start, h.end) for h in result.hits(rid) if h.field in ("YT", "BT", "FT", "ZZ", "ZW")]
        self.reader.set_search_hits(spans)

    def _step_hit(self, backward: bool) -> None:
        if self.reader.search_hit_count:
            self.reader.next_search_hit(backward)
        elif self.search_result is not None:
            self.step_record(-1 if backward else 1)

    def _refresh_kwic(self) -> None:
        result = self.search_result
        if result is None:
            self.kwic.model.set_lines(self.archive, [])
            self.kwic.show_count()
            return
        searcher = result.searcher
        self.kwic_task.submit(_kwic_job, searcher, result, self.kwic.width.value(), self.kwic.sort.currentData())

    def _on_kwic_done(self, lines) -> None:
        self.kwic.model.set_lines(self.archive, lines)
        self.kwic.show_count(truncated=len(lines) >= KWIC_LIMIT)

    def _open_kwic_line(self, line) -> None:
        row = self.model.row_of(line.rid)
        if row < 0:
            return
        self._pending_hit = (line.rid, line.field, line.start, line.end)
        if self._reader_rid == line.rid:
            self._select_pending_hit()
        else:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def _select_pending_hit(self) -> None:
        pending = self._pending_hit
        if pending and pending[0] == self._reader_rid:
            self._pending_hit = None
            self.reader.select_span(*pending[1:])

    def _export_kwic(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Concordance"), self._dialog_dir(), self.tr("CSV (*.csv)"), options=NO_REPLACE)
        if path:
            self.export_kwic(path)

    def export_kwic(self, path: str) -> None:
        """Write the concordance as CSV (file, key, date, title, left, match, right)."""
        done = self.tr("Exported %1 concordance lines to %2")
        self.export_task.submit(_kwic_csv_job, self.archive, list(self.kwic.model.lines), path, done)

    # -- facets, statistics, export ------------------------------------------

    def _facet_base(self) -> list[int]:
        """The records the facet counts are over: the search's, or all."""
        if self.search_result is not None:
            return list(self.search_result.ids)
        return list(range(len(self.archive)))

    def _refresh_facets(self) -> None:
        if not self.facets.isVisible() or not self.loading_done:
            return
        base = self._facet_base()
        for code in FacetDock.FIELDS:
            self.facets.set_counts(code, facet_core.value_counts(self.archive, base, code))
        index = self.annotations.index
        self.facets.set_counts("#tags", facet_core.tag_counts(index, base))
        statuses = facet_core.status_counts(index, base)
        self.facets.set_counts("#status", statuses, {s: self.model.status_label(s) for s, _ in statuses})

    def _apply_facets(self, f) -> None:
        rid = self._current_rid()
        if f.is_empty():
            self.model.set_facet(None)
        else:
            self.model.set_facet(set(f.apply(self.archive, range(len(self.archive)), self.annotations.index)))
        self._keep_selection(rid)
        self._update_status()
        if self.charts.isVisible():
            self._refresh_chart()

    def show_day(self, date: int) -> None:
        """That day's paper: only its records, in page and item order."""
        self.facets.show_day(date)
        self.model.show_default_order()
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if self.model.rowCount():
            self.table.selectRow(0)

    def _step_day(self, step: int) -> None:
        current = self.facets.current_filter().date_from or qdate_to_int(self.facets.date_from.date())
        day = facet_core.neighbour_day(self.archive, current, step)
        if day is not None:
            self.show_day(day)

    def chart_data(self, kind: str) -> tuple[list[tuple[str, int]], str]:
        """The numbers behind a chart, and a note on what they count."""
        if kind in ("month", "year"):
            return facet_core.per_period(self.archive, range(len(self.archive)), kind), self.tr("all records")
        if kind == "hits":
            if self.search_result is None:
                return [], self.tr("search first: this charts the records with hits")
            return facet_core.per_period(self.archive, self.search_result.ids, "month"), self.search_edit.text()
        shown = self.model.shown_ids()
        note = self.tr("%1 records shown").replace("%1", f"{len(shown):,}")
        return facet_core.value_counts(self.archive, shown, kind), note

    def _refresh_chart(self) -> None:
        if self.charts.isVisible() and self.loading_done:
            self.charts.show_data(*self.chart_data(self.charts.current_kind()))

    def _export_chart_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Chart"), self._dialog_dir(), "PNG (*.png)",
                                              options=NO_REPLACE)
        if path:
            data = self.charts.png_bytes()
            self.export_task.submit(lambda: (record_export.write_new(path, data), path)[1])

    def _export_chart_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Chart Data"), self._dialog_dir(), "CSV (*.csv)", options=NO_REPLACE)
        if path:
            self.export_chart_csv(path)

    def export_chart_csv(self, path: str) -> None:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["label", "records"])
        writer.writerows(self.charts.data)
        self.export_task.submit(lambda: (record_export.write_new(path, out.getvalue().encode("utf-8")), path)[1])

    def export_records_dialog(self) -> None:
        filters = {
            self.tr("CSV with tags and notes (*.csv)"): "csv",
            self.tr("JSON lines with tags and notes (*.jsonl)"): "jsonl",
            self.tr("Plain text (*.txt)"): "text",
            self.tr("Original tagged files (choose a folder)"): "tagged",
            self.tr("Tagged files with accepted corrections applied (choose a folder)"): "tagged-corrected",
        }
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export Records"), self._dialog_dir(), ";;".join(filters), options=NO_REPLACE)
        if not path:
            return
        fmt = filters.get(chosen, "csv")
        encoding = "gb18030"
        if fmt.startswith("tagged"):
            encoding, ok = QInputDialog.getItem(self, self.tr("Export Records"), self.tr("Encoding:"),
                                                ["gb18030", "utf-8", "utf-8-sig", "utf-16"], 0, False)
            if not ok:
                return
        self.export_records(path, fmt, encoding)

    def export_records(self, path: str, fmt: str, encoding: str = "gb18030") -> None:
        """Export the records shown (filtered and in table order), in the background."""
        ids = self.model.shown_ids()
        done = self.tr("Exported %1 records to %2")
        corrections = self.annotations.accepted_corrections(ids) if fmt == "tagged-corrected" else None
        self.export_task.submit(_export_records_job, self.archive, ids, path, fmt, encoding,
                                self.annotations.index, self.annotations.note_texts(), done, corrections)


def _build_store(archive: Archive, folder, workers, cancel: threading.Event, cache):
    """Runs in the thread pool: the memory-mapped body text for searching."""
    store = BodyStore.build(archive, folder, workers=workers, cancel=cancel, cache=cache)
    if store is not None:
        store.start_workers(workers)
    return store


def _search_job(searcher: Searcher, query, cancel: threading.Event):
    """Runs in the thread pool; a newer search sets ``cancel``."""
    try:
        return searcher.search(query, cancel)
    except Cancelled:
        return None


def _count_job(result, cancel: threading.Event | None):
    """Runs in the thread pool: the search's total number of hits."""
    return result.total_hits(cancel)


def _kwic_job(searcher: Searcher, result, width: int, how: str):
    return sort_kwic(kwic(searcher, result, width, limit=KWIC_LIMIT), how, searcher)


def _kwic_csv_job(archive: Archive, lines, path: str, done: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "key", "date", "title", "left", "match", "right"])
    for line in lines:
        writer.writerow([text_of(archive.source(line.rid).path), text_of(archive.key(line.rid)), archive.value(line.rid, "RQ"),
                         archive.value(line.rid, "BT"), line.left, line.match, line.right])
    record_export.write_new(path, out.getvalue().encode("utf-8"))
    return done.replace("%1", str(len(lines))).replace("%2", path)


def _export_records_job(
    archive: Archive, ids, path: str, fmt: str, encoding: str, index, notes, done: str, corrections=None
) -> str:
    import io

    if fmt.startswith("tagged"):
        count, _files = record_export.export_tagged(archive, ids, path, encoding, corrections)
        return done.replace("%1", str(count)).replace("%2", path)
    out = io.StringIO()
    if fmt == "csv":
        count = record_export.export_csv(archive, ids, out, index=index, notes=notes)
    elif fmt == "jsonl":
        count = record_export.export_jsonl(archive, ids, out, index=index, notes=notes)
    else:
        count = record_export.export_text(archive, ids, out)
    record_export.write_new(path, out.getvalue().encode("utf-8"))
    return done.replace("%1", str(count)).replace("%2", path)
