"""The main window: record table, reader pane, problems dock, menus and toolbar.

The window only displays and forwards: loading runs in
:class:`~viewer.ui.load_worker.LoadWorker`, records are read by
:class:`~viewer.ui.record_fetcher.RecordFetcher`, and the quick filter is
computed by the core in a background task.
"""

from __future__ import annotations

import os
import platform
import threading
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Slot, qVersion
from PySide6.QtGui import QAction, QIcon, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.core.annotations.model import ReviewStatus
from viewer.core.annotations.vocabulary import Vocabulary
from viewer.core.files.paths import user_data_dir
from viewer.core.records.archive import Archive
from viewer.core.records.batch import Batch
from viewer.core.records.diagnostics import Problem, Severity
from viewer.core.records.loader import Progress
from viewer.core.search.bodies import BodyStore
from viewer.core.search.quickfilter import quick_filter
from viewer.ui.annotation_browser import AnnotationBrowser
from viewer.ui.annotation_panel import AnnotationPanel
from viewer.ui.annotation_service import AnnotationService
from viewer.ui.background import LatestTask
from viewer.ui.chart_dock import ChartDock
from viewer.ui.facet_dock import FacetDock
from viewer.ui.find_bar import FindBar
from viewer.ui.i18n import RESOURCES, Translations
from viewer.ui.kwic_dock import KwicDock
from viewer.ui.load_worker import LoadWorker
from viewer.ui.problems_dock import ProblemsDock
from viewer.ui.reader import ReaderPane
from viewer.ui.record_fetcher import RecordFetcher
from viewer.ui.record_model import COLUMNS, RecordTableModel
from viewer.ui.settings import Settings
from viewer.ui.window_annotations import AnnotationActions
from viewer.ui.window_search import SearchActions

#: Default column widths, in CJK characters.
COLUMN_WIDTHS = {
    "RQ": 5.5, "BH": 2.5, "TH": 2.5, "BM": 5, "YT": 12, "BT": 18, "FT": 10,
    "ZZ": 6, "TC": 3, "FL": 4, "ZQ": 3.5, "#length": 3,
}

#: Quick-filter typing pause before filtering, in ms.
FILTER_DELAY_MS = 150

#: Search typing pause, in ms.
SEARCH_DELAY_MS = 250



def _icon(name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    path = RESOURCES / "icons" / f"{name}.svg"
    if path.exists():
        return QIcon(str(path))
    if fallback is not None:
        return QApplication.style().standardIcon(fallback)
    return QIcon()


class MainWindow(SearchActions, AnnotationActions, QMainWindow):
    """The application window.

    Args:
        settings: where the window's state persists.
        translations: switches the interface language (None: English only).
        workers: worker processes for loading (None: one per CPU).
        cache: the persistent index (None: every file is read each time).
    """

    def __init__(
        self,
        settings: Settings,
        translations: Translations | None = None,
        *,
        workers: int | None = None,
        cache=None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.cache = cache
        self.translations = translations
        self.workers = workers
        self.paths: list[str] = []
        self.archive = Archive()
        self.loader: LoadWorker | None = None
        self.loading_done = True
        self._cancelled = False
        self._restore_key = ""
        self._reader_rid: int | None = None
        self._pending_annotation = ""
        self.setAcceptDrops(True)
        self.setWindowIcon(_icon("archive-viewer"))
        self.resize(1200, 780)
        self.undo_stack = QUndoStack(self)
        self.annotations = AnnotationService(
            self.undo_stack,
            author=settings.author,
            fallback_root=settings.fallback_dir,
            backup_root=str(user_data_dir() / "backups"),
            colours=settings.colours,
            parent=self,
        )
        self.vocabulary = Vocabulary(str(Path.home()), None)
        self._last_colour = next(iter(self.annotations.colours))

        self._build_table()
        self._build_reader()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.reader_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)

        self.problems = ProblemsDock(self)
        self.problems.problem_activated.connect(self.show_problem)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems)
        self.problems.hide()
        self.panel = AnnotationPanel(self)
        self.panel.model.colours = self.annotations.colours
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.browser = AnnotationBrowser(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.browser)
        self.tabifyDockWidget(self.problems, self.browser)
        self.browser.hide()
        self.kwic = KwicDock(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.kwic)
        self.tabifyDockWidget(self.problems, self.kwic)
        self.kwic.hide()
        self.facets = FacetDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.facets)
        self.facets.hide()
        self.charts = ChartDock(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.charts)
        self.tabifyDockWidget(self.problems, self.charts)
        self.charts.hide()
        self.text_store: BodyStore | None = None
        self.search_result = None
        self._search_ids: set[int] = set()
        self._pending_hit = None
        self._search_cancel: threading.Event | None = None
        self._store_cancel = threading.Event()
        self._connect_annotations()

        self._build_status_bar()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.filter_task = LatestTask(parent=self)
        self.filter_task.done.connect(self._on_filter_done)
        self.filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self._start_filter)
        self.filter_edit.textChanged.connect(lambda _text: self.filter_timer.start())
        self.browser_task = LatestTask(parent=self)
        self.browser_task.done.connect(self.browser.model.set_all)
        self.export_task = LatestTask(parent=self)
        self.export_task.done.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.export_task.failed.connect(lambda msg: self._warn(self.tr("Export failed: %1").replace("%1", msg)))
        self.vocab_task = LatestTask(parent=self)
        self.vocab_task.failed.connect(lambda msg: self._warn(msg))
        self.store_task = LatestTask(parent=self)
        self.store_task.done.connect(self._on_text_store)
        self.store_task.failed.connect(lambda msg: self._warn(self.tr("Search index failed: %1").replace("%1", msg)))
        self.search_task = LatestTask(parent=self)
        self.search_task.done.connect(self._on_search_done)
        self.search_hits: int | None = None
        self.hits_task = LatestTask(parent=self)
        self.hits_task.done.connect(self._on_hits_counted)
        self.search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.start_search)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_edit.returnPressed.connect(self.start_search)
        self.kwic_task = LatestTask(parent=self)
        self.kwic_task.done.connect(self._on_kwic_done)
        self.kwic.options_changed.connect(self._refresh_kwic)
        self.kwic.visibilityChanged.connect(lambda shown: self._refresh_kwic() if shown else None)
        self.kwic.line_activated.connect(self._open_kwic_line)
        self.kwic.export_requested.connect(self._export_kwic)
        self.facets.filter_changed.connect(self._apply_facets)
        self.facets.day_requested.connect(self.show_day)
        self.facets.day_step.connect(self._step_day)
        self.facets.visibilityChanged.connect(lambda shown: self._refresh_facets() if shown else None)
        self.charts.kind_changed.connect(lambda _k: self._refresh_chart())
        self.charts.visibilityChanged.connect(lambda shown: self._refresh_chart() if shown else None)
        self.charts.export_png_requested.connect(self._export_chart_png)
        self.charts.export_csv_requested.connect(self._export_chart_csv)

        self._restore_layout()
        self.retranslate()
        if cache is not None and cache.disabled:  # said once, for the session
            self.statusBar().showMessage(
                self.tr("Working without the cache, so opening takes longer: %1").replace("%1", cache.disabled), 20000
            )

    # -- construction ------------------------------------------------------

    def _build_table(self) -> None:
        self.model = RecordTableModel(self.archive, self.annotations.index, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vh.setSectionResizeMode(vh.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # default order: date, page, item
        header.sortIndicatorChanged.connect(self.model.sort)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        em = self.fontMetrics().horizontalAdvance("标")
        for code, chars in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(COLUMNS.index(code), int(em * chars) + 12)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)

    def _build_reader(self) -> None:
        self.reader = ReaderPane(self)
        self.reader.set_reader_font(self.settings.reader_font, self.settings.reader_size)
        self.reader.set_zoom(self.settings.zoom)
        self.reader.zoom_changed.connect(lambda steps: setattr(self.settings, "zoom", steps))
        self.find_bar = FindBar(self.reader, self)
        self.reader_box = QWidget(self)
        layout = QVBoxLayout(self.reader_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.reader)
        layout.addWidget(self.find_bar)
        self.fetcher = RecordFetcher(self.archive, parent=self)
        self.fetcher.fetched.connect(self._on_fetched)
        self.reader.annotation_clicked.connect(self._on_annotation_clicked)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self._reader_menu)
        for key, step in (("J", 1), ("K", -1)):
            QShortcut(QKeySequence(key), self.reader, lambda s=step: self.step_record(s),
                      context=Qt.ShortcutContext.WidgetShortcut)

    def _build_status_bar(self) -> None:
        self.status_label = QLabel(self)
        self.record_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(220)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_load)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.record_label)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.cancel_button)
        self.progress_bar.hide()
        self.cancel_button.hide()

    def _action(self, name: str, slot, shortcut=None, icon: QIcon | None = None, checkable=False) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if icon is not None:
            action.setIcon(icon)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        K = QKeySequence.StandardKey
        a = self._action
        self.act_open_files = a("open_files", self.open_files_dialog, K.Open, _icon("open-files", SP.SP_DialogOpenButton))
        self.act_open_folder = a("open_folder", self.open_folder_dialog, "Ctrl+Shift+O", _icon("open-folder", SP.SP_DirOpenIcon))
        self.act_reload = a("reload", self.reload, [QKeySequence(K.Refresh).toString() or "F5", "Ctrl+R"],
                            _icon("reload", SP.SP_BrowserReload))
        self.act_quit = a("quit", self.close, K.Quit)
        self.act_copy = a("copy", self.reader.copy, K.Copy)
        self.act_find = a("find", self.find_bar.open_bar, K.Find, _icon("find", SP.SP_FileDialogContentsView))
        self.act_filter = a("filter", self._focus_filter, "Ctrl+L")
        self.act_prefs = a("preferences", self.show_preferences, K.Preferences)
        self.act_zoom_in = a("zoom_in", lambda: self.reader.set_zoom(self.reader.zoom + 1), ["Ctrl+=", "Ctrl++"], _icon("zoom-in"))
        self.act_zoom_out = a("zoom_out", lambda: self.reader.set_zoom(self.reader.zoom - 1), "Ctrl+-", _icon("zoom-out"))
        self.act_zoom_reset = a("zoom_reset", lambda: self.reader.set_zoom(0), "Ctrl+0")
        self.act_original = a("original", self.reader.set_original, "Ctrl+U", _icon("original"), checkable=True)
        self.act_next = a("next_record", lambda: self.step_record(1), "Ctrl+PgDown", _icon("next", SP.SP_ArrowDown))
        self.act_prev = a("prev_record", lambda: self.step_record(-1), "Ctrl+PgUp", _icon("previous", SP.SP_ArrowUp))
        self.act_about = a("about", self.show_about)
        self.act_problems = self.problems.toggleViewAction()
        self.act_problems.setIcon(_icon("problems", SP.SP_MessageBoxWarning))
        self.act_problems.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.act_undo = self.undo_stack.createUndoAction(self)
        self.act_undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.act_redo = self.undo_stack.createRedoAction(self)
        self.act_redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.addActions([self.act_undo, self.act_redo])
        # H, N and C act on the reader's selection: only while the reader has focus.
        self.act_highlight = a("highlight", lambda: self.annotate_highlight(), "H", _icon("highlight"))
        self.act_note = a("note", self.annotate_note, "N", _icon("note"))
        self.act_correction = a("correction", self.annotate_correction, "C", _icon("correction"))
        for action in (self.act_highlight, self.act_note, self.act_correction):
            self.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.reader.addAction(action)
        self.act_vocabulary = a("vocabulary", self.edit_vocabulary)
        self.act_search = a("search", self._focus_search, "Ctrl+K")
        self.act_export_records = a("export_records", self.export_records_dialog, "Ctrl+E")
        self.act_next_hit = a("next_hit", lambda: self._step_hit(False), "F3")
        self.act_prev_hit = a("prev_hit", lambda: self._step_hit(True), "Shift+F3")
        self.act_export_annotations = a("export_annotations", self.export_annotations_dialog)
        self.act_panel = self.panel.toggleViewAction()
        self.act_panel.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.act_browser = self.browser.toggleViewAction()
        self.act_browser.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.tag_actions = []
        for i in range(1, 10):
            action = a(f"tag_{i}", lambda _=False, n=i: self.toggle_vocabulary_tag(n))
            action.setShortcut(QKeySequence(str(i)))
            self.tag_actions.append(action)
        self.status_actions = {}
        for status in ReviewStatus:
            self.status_actions[status.value] = a(f"status_{status.value}", lambda _=False, v=status.value: self.mark_selected(v))

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addActions([self.act_open_files, self.act_open_folder])
        self.menu_recent = self.menu_file.addMenu("")
        self.menu_recent.aboutToShow.connect(self._fill_recent)
        self.menu_file.addAction(self.act_reload)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_file.insertAction(self.act_quit, self.act_export_records)
        self.menu_file.insertAction(self.act_quit, self.act_export_annotations)
        self.menu_file.insertSeparator(self.act_quit)
        self.menu_edit = bar.addMenu("")
        self.menu_edit.addActions([self.act_undo, self.act_redo])
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.act_copy, self.act_find, self.act_search, self.act_next_hit, self.act_prev_hit,
                                   self.act_filter])
        self.menu_edit.addSeparator()
        self.menu_edit.addAction(self.act_prefs)
        self.menu_view = bar.addMenu("")
        self.menu_view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        self.menu_view.addSeparator()
        self.menu_view.addActions([self.act_original, self.act_problems])
        self.act_kwic = self.kwic.toggleViewAction()
        self.act_kwic.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.act_facets = self.facets.toggleViewAction()
        self.act_facets.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.act_charts = self.charts.toggleViewAction()
        self.act_charts.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.menu_view.addActions([self.act_panel, self.act_browser, self.act_kwic, self.act_facets, self.act_charts])
        self.menu_go = bar.addMenu("")
        self.menu_go.addActions([self.act_next, self.act_prev])
        self.menu_annotate = bar.addMenu("")
        self.menu_annotate.addActions([self.act_highlight])
        self.menu_colours = self.menu_annotate.addMenu("")
        self.menu_colours.aboutToShow.connect(self._fill_colours)
        self.menu_annotate.addActions([self.act_note, self.act_correction])
        self.menu_annotate.addSeparator()
        self.menu_tags = self.menu_annotate.addMenu("")
        self.menu_tags.addActions(self.tag_actions)
        self.menu_tags.addSeparator()
        self.menu_tags.addAction(self.act_vocabulary)
        self.menu_status = self.menu_annotate.addMenu("")
        self.menu_status.addActions(list(self.status_actions.values()))
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_about)

        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addActions([self.act_open_folder, self.act_reload])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_prev, self.act_next])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_zoom_out, self.act_zoom_in, self.act_original, self.act_find, self.act_problems])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_highlight, self.act_note, self.act_correction])
        self.toolbar.addSeparator()
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.toolbar.addWidget(self.search_edit)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(180)
        self.toolbar.addWidget(self.filter_edit)
        self.ann_filter = QComboBox(self)
        self.ann_filter.setMinimumWidth(150)
        self.ann_filter.activated.connect(self._apply_annotation_filter)
        self.toolbar.addWidget(self.ann_filter)

    def retranslate(self) -> None:
        """Set every text; called at start and on a language change."""
        self.setWindowTitle(self._title())
        texts = {
            self.act_open_files: self.tr("&Open Files…"),
            self.act_open_folder: self.tr("Open &Folder…"),
            self.act_reload: self.tr("&Reload"),
            self.act_quit: self.tr("&Quit"),
            self.act_copy: self.tr("&Copy"),
            self.act_find: self.tr("&Find in Article…"),
            self.act_filter: self.tr("Filter &Records"),
            self.act_prefs: self.tr("&Preferences…"),
            self.act_zoom_in: self.tr("Zoom &In"),
            self.act_zoom_out: self.tr("Zoom &Out"),
            self.act_zoom_reset: self.tr("&Actual Size"),
            self.act_original: self.tr("Show &Original Text"),
            self.act_next: self.tr("&Next Record"),
            self.act_prev: self.tr("&Previous Record"),
            self.act_about: self.tr("&About Archive Viewer"),
            self.act_problems: self.tr("&Problems"),
            self.act_highlight: self.tr("&Highlight"),
            self.act_note: self.tr("&Note…"),
            self.act_correction: self.tr("&Correction…"),
            self.act_vocabulary: self.tr("Edit Tag &Vocabulary…"),
            self.act_export_annotations: self.tr("&Export Annotations…"),
            self.act_panel: self.tr("&Annotations"),
            self.act_browser: self.tr("All Anno&tations"),
            self.act_search: self.tr("&Search Archive"),
            self.act_next_hit: self.tr("Next Search &Hit"),
            self.act_prev_hit: self.tr("Previous Search Hi&t"),
            self.act_kwic: self.tr("&Concordance (KWIC)"),
            self.act_facets: self.tr("&Facets"),
            self.act_charts: self.tr("&Statistics"),
            self.act_export_records: self.tr("Export &Records…"),
        }
        for action, text in texts.items():
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})" if shortcut else text.replace("&", ""))
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_recent.setTitle(self.tr("Recent &Archives"))
        self.menu_edit.setTitle(self.tr("&Edit"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_go.setTitle(self.tr("&Go"))
        self.menu_annotate.setTitle(self.tr("&Annotate"))
        self.menu_colours.setTitle(self.tr("Highlight &Colour"))
        self.menu_tags.setTitle(self.tr("&Tags"))
        self.menu_status.setTitle(self.tr("&Mark As"))
        for value, action in self.status_actions.items():
            action.setText(self.model.status_label(value))
        self._update_tag_actions()
        self._fill_annotation_filter()
        self.panel.retranslate()
        self.browser.retranslate()
        self.menu_help.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.filter_edit.setPlaceholderText(self.tr("Filter titles, authors (Ctrl+L)"))
        self.search_edit.setPlaceholderText(self.tr("Search full text (Ctrl+K): 党员 -通知 标题:教育 日期:2005-02"))
        self.search_edit.setToolTip(self.tr(
            "Words must all occur (substrings). \"a phrase\", A OR B, -word excludes,\n"
            "标题:/title: 引题: 副题: 作者: 正文: 版名: 体裁: 分类: 批注: search one field,\n"
            "日期:2005-02-01..2005-02-28 a date range, tag:… status:…, /regex/,\n"
            "江青!松江青浦!浙江青年: an occurrence inside 松江青浦 or 浙江青年 does not count."))
        self.kwic.retranslate()
        self.facets.retranslate()
        self.charts.retranslate()
        self.cancel_button.setText(self.tr("Cancel"))
        self.find_bar.retranslate()
        self.problems.retranslate()
        self._update_status()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _title(self) -> str:
        name = self.tr("Archive Viewer")
        if not self.paths:
            return name
        shown = Path(self.paths[0]).name or self.paths[0]
        more = f" +{len(self.paths) - 1}" if len(self.paths) > 1 else ""
        return f"{shown}{more} — {name}"

    # -- opening and loading -------------------------------------------------

    def open_paths(self, paths: list[str], *, restore_key: str = "") -> None:
        """Load an archive (files and folders), replacing the one shown."""
        self._stop_loader()
        self.settings.last_record = restore_key
        self.paths = [os.path.abspath(p) for p in paths]
        self._restore_key = restore_key
        self.archive = Archive()
        self.annotations.set_archive(self.archive)
        self._reader_rid = None
        self.panel.show_rows([], "")
        self.browser.model.set_all([])
        self.model.set_archive(self.archive)
        self._reset_search()
        self.fetcher.cancel()
        self.filter_task.cancel()
        self.fetcher.archive = self.archive
        self._cancelled = False
        self.problems.model.set_problems([])
        self.reader.show_record(None)
        self.record_label.setText("")
        root = self.paths[0] if os.path.isdir(self.paths[0]) else os.path.dirname(self.paths[0])
        self.vocabulary = Vocabulary(root, self.settings.fallback_dir)
        self.vocabulary.load()
        self.panel.set_vocabulary(self.vocabulary.tags)
        self._update_tag_actions()
        self._fill_annotation_filter()
        self.settings.last_paths = self.paths
        self.settings.add_recent(self.paths)
        self.setWindowTitle(self._title())
        self.loading_done = False
        self.loader = LoadWorker(self.paths, workers=self.workers, cache=self.cache)
        self.loader.discovered.connect(self._on_discovered)
        self.loader.batch_loaded.connect(self._on_batch)
        self.loader.progress.connect(self._on_progress)
        self.loader.finished.connect(self._on_finished)
        self.loader.failed.connect(self._on_failed)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()
        self.loader.start()

    @Slot()
    def reload(self) -> None:
        if self.paths:
            key = self._current_key()
            self.open_paths(self.paths, restore_key=key)

    @Slot()
    def open_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open Record Files"), self._dialog_dir(), self.tr("Record files (*.txt);;All files (*)")
        )
        if files:
            self.open_paths(files)

    @Slot()
    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open Archive Folder"), self._dialog_dir())
        if folder:
            self.open_paths([folder])

    def _dialog_dir(self) -> str:
        return os.path.dirname(self.paths[0]) if self.paths else str(Path.home())

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        recent = self.settings.recent
        for paths in recent:
            label = " + ".join(paths)
            action = self.menu_recent.addAction(label)
            action.triggered.connect(lambda _=False, p=paths: self.open_paths(p))
        if not recent:
            self.menu_recent.addAction(self.tr("(none)")).setEnabled(False)
        self.menu_recent.addSeparator()
        clear = self.menu_recent.addAction(self.tr("Clear Recent Archives"))
        clear.triggered.connect(self.settings.clear_recent)
        clear.setEnabled(bool(recent))

    @Slot()
    def cancel_load(self) -> None:
        if self.loader is not None:
            self.loader.cancel()

    def _stop_loader(self) -> None:
        if self.loader is not None and self.loader.is_running():
            self.loader.cancel()
            self.loader.wait()
        if self.loader is not None:
            for signal in (self.loader.discovered, self.loader.batch_loaded, self.loader.progress,
                           self.loader.finished, self.loader.failed):
                signal.disconnect()
        self.loader = None

    @Slot(object, object)
    def _on_discovered(self, _sources: list, problems: list[Problem], own_files: list[str]) -> None:
        self.archive.own_files = list(own_files)
        self.archive.add_problems(problems)
        self.problems.model.add_problems(problems)

    @Slot(object)
    def _on_batch(self, batch: Batch) -> None:
        for i in range(len(batch)):
            self.problems.model.add_problems(batch.file_problems(i))
        self.model.add_batch(batch)
        if not self.table.currentIndex().isValid() and self.model.rowCount() and not self._restore_key:
            self.table.selectRow(0)

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
        self._cancelled = cancelled
        self.progress_bar.hide()
        self.cancel_button.hide()
        current = self._current_rid()
        self.model.show_default_order()
        target = self.archive.find_key(self._restore_key) if self._restore_key else current
        self._restore_key = ""
        if target is None:
            target = current
        row = self.model.row_of(target) if target is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self.settings.last_record = self._current_key()
        self.annotations.preload(self.paths)
        self._build_text_store()
        dates = [d for d in (self.archive.date(r) for r in range(len(self.archive))) if d]
        self.facets.set_date_span(min(dates) if dates else None, max(dates) if dates else None)
        self._refresh_facets()
        self._refresh_chart()
        if self.archive.count_problems(Severity.WARNING) and not self.problems.isVisible():
            self.problems.show()
        self._update_status()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.loading_done = True
        self.progress_bar.hide()
        self.cancel_button.hide()
        QMessageBox.warning(self, self.tr("Loading stopped"), message)

    def _update_status(self) -> None:
        if not self.loading_done:
            return
        shown, total = self.model.rowCount(), self.model.total()
        problems = self.archive.count_problems(Severity.WARNING)
        if self.model.filtering():
            text = self.tr("%1 of %2 records").replace("%1", f"{shown:,}").replace("%2", f"{total:,}")
        else:
            text = self.tr("%1 records").replace("%1", f"{total:,}")
        text += " · " + self.tr("%1 problems").replace("%1", f"{problems:,}")
        if self.search_result is not None:
            text += " · " + self.tr("search: %1 records").replace("%1", f"{len(self.search_result.ids):,}")
            if self.search_hits is not None:
                text += ", " + self.tr("%1 hits").replace("%1", f"{self.search_hits:,}")
        if self._cancelled:
            text += " " + self.tr("(loading cancelled)")
        if self.cache is not None and self.cache.disabled:
            text += " · " + self.tr("no cache")
            self.status_label.setToolTip(self.cache.disabled)
        self.status_label.setText(text)

    # -- drag and drop -------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # -- filter --------------------------------------------------------------

    def _focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    @Slot()
    def _start_filter(self) -> None:
        text = self.filter_edit.text()
        if not text.strip():
            self.filter_task.cancel()
            self._apply_filter(("", [], len(self.archive)))
            return
        order = self.model.order_snapshot()
        self.filter_task.submit(_filter_job, self.archive, order, text, len(self.archive))

    @Slot(object)
    def _on_filter_done(self, result) -> None:
        self._apply_filter(result)

    def _apply_filter(self, result) -> None:
        text, matches, checked = result
        rid = self._current_rid()
        self.model.set_filter(text, matches, checked)
        self._keep_selection(rid)
        self._update_status()

    def _keep_selection(self, rid: int | None) -> None:
        """After the shown rows changed: select ``rid`` again, or the first row."""
        row = self.model.row_of(rid) if rid is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    # -- records -------------------------------------------------------------

    def _current_rid(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def _current_key(self) -> str:
        rid = self._current_rid()
        return self.archive.key(rid) if rid is not None else ""

    def step_record(self, step: int) -> None:
        """Show the next (+1) or previous (-1) record of the table."""
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        row = min(rows - 1, max(0, current + step if current >= 0 else 0))
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            rid = self.model.record_id(current.row())
            self.fetcher.fetch(rid)
            if self.loading_done:
                self.settings.last_record = self.archive.key(rid)
        else:
            self.reader.show_record(None)
            self.record_label.setText("")

    @Slot(int, object, object)
    def _on_fetched(self, rid: int, record, pictures=()) -> None:
        self._reader_rid = rid if record is not None else None
        decorations = self.annotations.decorations(rid, record) if record is not None else []
        self.reader.show_record(record, self.archive.source(rid).relpath, decorations, pictures)
        if record is not None:
            self._show_panel(rid, record)
            self._show_search_hits(rid)
            self._select_pending()
            self._select_pending_hit()
        else:
            self.panel.show_rows([], "")
        problems = len(self.archive.record_problems(rid))
        self.record_label.setText(
            self.tr("%1 · %2 problems").replace("%1", self.archive.encoding(rid) or "?").replace("%2", str(problems))
        )

    @Slot(object)
    def show_problem(self, problem: Problem) -> None:
        """Select the record a problem is about, or the first of its file."""
        fid = self.archive.file_id_of(problem.file)
        if fid is None:
            self.statusBar().showMessage(self.tr("%1 has no records").replace("%1", problem.file), 5000)
            return
        records = self.archive.file_records[fid]
        if not len(records):
            self.statusBar().showMessage(self.tr("%1 has no records").replace("%1", problem.file), 5000)
            return
        index = problem.record if problem.record is not None and problem.record < len(records) else 0
        rid = records[index]
        row = self.model.row_of(rid)
        if row < 0 and self.model.filter_text:
            self.filter_edit.clear()
            self._apply_filter(("", [], len(self.archive)))
            row = self.model.row_of(rid)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- columns -------------------------------------------------------------

    @Slot(QPoint)
    def _header_menu(self, pos: QPoint) -> None:
        self.column_menu().popup(self.table.horizontalHeader().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        """A menu of checkable columns (shown from the header's context menu)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(self.model.columnCount()):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            action = menu.addAction(str(title))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        return menu

    # -- dialogs -------------------------------------------------------------

    @Slot()
    def show_preferences(self) -> None:
        from viewer.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec():
            self.reader.set_reader_font(self.settings.reader_font, self.settings.reader_size)
            self.annotations.author = self.settings.author
            self.annotations.colours = self.settings.colours
            self.annotations.fallback_root = self.settings.fallback_dir
            self.annotations.store.fallback_root = self.settings.fallback_dir
            self.panel.model.colours = self.annotations.colours
            if self.reader.record is not None and self._reader_rid is not None:
                self._on_record_annotations(self._reader_rid)
            if self.translations is not None:
                self.translations.apply(self.settings.language)

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Archive Viewer"),
            self.tr(
                "<h3>Archive Viewer %1</h3>"
                "<p>Read, check and annotate archived Chinese newspaper records.</p>"
                "<p>Python %2, Qt %3.</p>"
            )
            .replace("%1", __version__)
            .replace("%2", platform.python_version())
            .replace("%3", qVersion()),
        )

    # -- persistence ---------------------------------------------------------

    def _restore_layout(self) -> None:
        s = self.settings
        self.resizeDocks([self.panel], [400], Qt.Orientation.Horizontal)
        for name, restore in (
            ("geometry", self.restoreGeometry),
            ("window", self.restoreState),
            ("header", self.table.horizontalHeader().restoreState),
            ("splitter", self.splitter.restoreState),
        ):
            state = s.state(name)
            if state is not None:
                restore(state)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def save_layout(self) -> None:
        s = self.settings
        s.set_state("geometry", self.saveGeometry())
        s.set_state("window", self.saveState())
        s.set_state("header", self.table.horizontalHeader().saveState())
        s.set_state("splitter", self.splitter.saveState())
        s.zoom = self.reader.zoom
        key = self._current_key()
        if key and self.loading_done:
            s.last_record = key
        s.sync()

    def closeEvent(self, event) -> None:
        self.annotations.flush()
        self._reset_search()
        self.save_layout()
        self._stop_loader()
        super().closeEvent(event)


def _filter_job(archive: Archive, order: list[int], text: str, checked: int):
    """Runs in the thread pool: the quick filter over a snapshot of the order."""
    return text, quick_filter(archive, order, text), checked
