"""The main window: the record table, loading progress and problems count.

This is the first, small window; the full reader (reader pane, menus,
problems dock, preferences) is built on it by the desktop reader issue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
)

from viewer.core.archive import Archive
from viewer.core.diagnostics import Problem, Severity
from viewer.core.loader import Batch, Progress
from viewer.ui.load_worker import LoadWorker
from viewer.ui.reader import ReaderPane
from viewer.ui.record_fetcher import RecordFetcher
from viewer.ui.record_model import COLUMNS, RecordTableModel

#: Default column widths, in CJK characters.
COLUMN_WIDTHS = {
    "RQ": 5.5, "BH": 2.5, "TH": 2.5, "BM": 5, "YT": 12, "BT": 18, "FT": 10,
    "ZZ": 6, "TC": 3, "FL": 4, "ZQ": 3.5, "#length": 3,
}


class MainWindow(QMainWindow):
    """Shows the records of the paths it is given, loading them in a worker."""

    def __init__(self, paths: list[str], *, workers: int | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Archive Viewer"))
        self.resize(1100, 680)
        self.archive = Archive()
        self.model = RecordTableModel(self.archive, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self.model.sort)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vh.setSectionResizeMode(vh.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # default order: date, page, item
        em = self.fontMetrics().horizontalAdvance("标")
        for code, chars in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(COLUMNS.index(code), int(em * chars) + 12)
        self.reader = ReaderPane(self)
        self.fetcher = RecordFetcher(self.archive, parent=self)
        self.fetcher.fetched.connect(self._on_fetched)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.reader)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

        self.status_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(240)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_load)
        bar = self.statusBar()
        self.record_label = QLabel(self)
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.record_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)

        self.loader: LoadWorker | None = None
        self.loading_done = False
        if paths:
            self.start_load(paths, workers)

    def start_load(self, paths: list[str], workers: int | None = None) -> None:
        self.loading_done = False
        self.loader = LoadWorker(paths, workers=workers)
        self.loader.discovered.connect(self._on_discovered)
        self.loader.batch_loaded.connect(self._on_batch)
        self.loader.progress.connect(self._on_progress)
        self.loader.finished.connect(self._on_finished)
        self.loader.failed.connect(self._on_failed)
        self.progress_bar.show()
        self.cancel_button.show()
        self.loader.start()

    @Slot()
    def cancel_load(self) -> None:
        if self.loader is not None:
            self.loader.cancel()

    @Slot(object, object)
    def _on_discovered(self, _sources: list, problems: list[Problem]) -> None:
        self.archive.add_problems(problems)

    @Slot(object)
    def _on_batch(self, batch: Batch) -> None:
        self.model.add_batch(batch)

    @Slot(object)
    def _on_progress(self, p: Progress) -> None:
        self.progress_bar.setMaximum(max(p.files_total, 1))
        self.progress_bar.setValue(p.files_done)
        rate = p.records / p.elapsed if p.elapsed > 0 else 0
        self.status_label.setText(
            self.tr("Loading: %1 of %2 files, %3 records (%4 records/s)")
            .replace("%1", f"{p.files_done:,}")
            .replace("%2", f"{p.files_total:,}")
            .replace("%3", f"{p.records:,}")
            .replace("%4", f"{rate:,.0f}")
        )

    @Slot(bool)
    def _on_finished(self, cancelled: bool) -> None:
        self.loading_done = True
        self.progress_bar.hide()
        self.cancel_button.hide()
        self.model.show_default_order()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)
        problems = self.archive.count_problems(Severity.WARNING)
        text = self.tr("%1 records, %2 problems").replace("%1", f"{len(self.archive):,}").replace("%2", f"{problems:,}")
        if cancelled:
            text += " " + self.tr("(loading cancelled)")
        self.status_label.setText(text)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.fetcher.fetch(self.model.record_id(current.row()))
        else:
            self.reader.show_record(None)

    @Slot(int, object)
    def _on_fetched(self, rid: int, record) -> None:
        self.reader.show_record(record, self.archive.source(rid).relpath)
        problems = len(self.archive.record_problems(rid))
        self.record_label.setText(
            self.tr("%1 · %2 problems").replace("%1", self.archive.encoding(rid) or "?").replace("%2", str(problems))
        )

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.loading_done = True
        self.progress_bar.hide()
        self.cancel_button.hide()
        QMessageBox.warning(self, self.tr("Loading stopped"), message)

    def closeEvent(self, event) -> None:
        if self.loader is not None and self.loader.is_running():
            self.loader.cancel()
            self.loader.wait()
        super().closeEvent(event)
