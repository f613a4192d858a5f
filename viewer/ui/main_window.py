"""The main window: an assembly of parts.

The window holds the record table, the reader and the status bar, and puts
together the parts that do the work, each owning its own widgets and state:

* :class:`~viewer.ui.load_controller.LoadController` opens an archive as a
  new :class:`~viewer.core.session.Session` and loads it in the background;
* :class:`~viewer.ui.table_controller.TableController` owns the table and
  the one current record;
* :class:`~viewer.ui.search_controller.SearchController`: search, quick
  filter, concordance, facets, statistics;
* :class:`~viewer.ui.annotation_controller.AnnotationController`: the
  annotation panel and browser, annotating, undo, saving;
* :class:`~viewer.ui.export_controller.ExportController`: Export Records;
* :class:`~viewer.ui.actions.Actions`: every action, menu and toolbar
  button, from one table.

Opening an archive is one call (:meth:`MainWindow.open_paths`): the load
controller says "opened", and each part resets itself. Every view of the
current record is refreshed in one place, :meth:`MainWindow.show_current`.
The surface that tests and scripts use is listed in ``docs/testing.md``.
"""

from __future__ import annotations

import os
import platform
import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.core.files.memory import release_long_lived
from viewer.core.records.diagnostics import Problem, Severity
from viewer.core.session import Session
from viewer.ui.actions import Actions, icon, text_boxes
from viewer.ui.annotation_controller import AnnotationController
from viewer.ui.background import Foreground
from viewer.ui.batch_controller import BatchController
from viewer.ui.checks_controller import ChecksController
from viewer.ui.diff_dock import DiffController, DiffDock
from viewer.ui.export_controller import ExportController
from viewer.ui.exporting import suggested_name
from viewer.ui.find_bar import FindBar
from viewer.ui.help_dialogs import QueryLanguageDialog
from viewer.ui.i18n import Translations
from viewer.ui.labels import level_text
from viewer.ui.load_controller import LoadController
from viewer.ui.problems_dock import ProblemsDock
from viewer.ui.reader import ReaderPane
from viewer.ui.review_controller import ReviewController
from viewer.ui.search_controller import SearchController
from viewer.ui.settings import Settings
from viewer.ui.status_bar import StatusParts
from viewer.ui.table_controller import ANNOTATION_ORDER, FIRST_ORDER, RecordTable, TableController
from viewer.ui.views import NO_REPLACE


class MainWindow(QMainWindow):
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
        self.translations = translations
        self.cache = cache
        self._restore_key = ""
        self._problem_line: tuple[int, int] | None = None  # (record, file line) to show once it is read
        self._reloading = False
        self.setAcceptDrops(True)
        self.setWindowIcon(icon("archive-viewer"))
        self.resize(1200, 780)

        # The table, the reader and the status bar.
        self.table_view = RecordTable(self)
        #: Long background work (sidecars, spans) yields to the user's jobs.
        self.foreground = Foreground()
        self.table = TableController(self.table_view, parent=self, foreground=self.foreground)
        self.reader = ReaderPane(self)
        self.reader.setObjectName("reader")
        self.reader.set_reader_font(settings.reader_font, settings.reader_size)
        self.reader.set_zoom(settings.zoom)
        self.reader.zoom_changed.connect(lambda steps: setattr(self.settings, "zoom", steps))
        self.find_bar = FindBar(self.reader, self)
        self.find_bar.setObjectName("findBar")
        reader_box = QWidget(self)
        layout = QVBoxLayout(reader_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.reader)
        layout.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.table_view)
        self.splitter.addWidget(reader_box)
        self.splitter.setStretchFactor(0, 0)  # the reader takes (and gives) the height that changes
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.status = StatusParts(self.statusBar(), self)
        self.status.cancel_requested.connect(self.cancel_load)

        # The parts.
        self.loads = LoadController(settings, workers=workers, cache=cache, parent=self)
        self.search = SearchController(self, self.table, self.reader, workers=workers, foreground=self.foreground,
                                       parent=self)
        self.annotations = AnnotationController(self, self.table, self.reader, colours=settings.colours,
                                                foreground=self.foreground, parent=self)
        self.exports = ExportController(self, self.annotations.when_read, parent=self)
        self.problems = ProblemsDock(self)
        self.checks = ChecksController(self.problems, settings, workers=workers, foreground=self.foreground, parent=self)
        self._checks_waiting = False  # the checks of a finished load wait for the search index
        self.search.prepared.connect(self._on_search_prepared)
        self.batch = BatchController(self.annotations, self.table, parent=self)
        self.review = ReviewController(self.annotations, self.table, parent=self)
        self.diff_dock = DiffDock(self)
        self.diff = DiffController(self.diff_dock, self.annotations, parent=self)
        for area, dock in (
            (Qt.DockWidgetArea.BottomDockWidgetArea, self.problems),
            (Qt.DockWidgetArea.RightDockWidgetArea, self.annotations.panel),
            (Qt.DockWidgetArea.BottomDockWidgetArea, self.annotations.browser),
            (Qt.DockWidgetArea.BottomDockWidgetArea, self.search.kwic),
            (Qt.DockWidgetArea.LeftDockWidgetArea, self.search.facets),
            (Qt.DockWidgetArea.BottomDockWidgetArea, self.search.charts),
            (Qt.DockWidgetArea.RightDockWidgetArea, self.diff_dock),
        ):
            self.addDockWidget(area, dock)
        for dock in (self.annotations.browser, self.search.kwic, self.search.charts):
            self.tabifyDockWidget(self.problems, dock)
        self.tabifyDockWidget(self.annotations.panel, self.diff_dock)
        self._size_bottom_docks = False  # first start: bottom docks open at a fifth of the height
        for dock in (self.problems, self.annotations.browser, self.search.kwic, self.search.charts):
            dock.visibilityChanged.connect(lambda visible, d=dock: self._bottom_dock_shown(d, visible))
        for dock in (self.problems, self.annotations.browser, self.search.kwic, self.search.facets, self.search.charts,
                     self.diff_dock):
            dock.hide()

        # Every action, menu and toolbar button.
        self.action_set = Actions(self, self.reader)
        self.action_set.build()
        self.action_set.build_menus()
        self.toolbar = self.action_set.build_toolbar()
        # The text boxes are a toolbar of their own, beside the buttons, or
        # under them when the window is too narrow for both (fit_toolbars):
        # never in an overflow menu, where they could not take the focus.
        self.search_bar = QToolBar(self)
        self.search_bar.setObjectName("searchToolbar")
        self.search_bar.setMovable(False)
        self.addToolBar(self.search_bar)
        for widget in (self.search.search_box, self.search.quick_filter, self.annotations.label_filter):
            self.search_bar.addWidget(widget)
        self.action_set.menus["file/recent"].aboutToShow.connect(self._fill_recent)
        self.annotations.bind_actions(self.action_set.by_id, self.action_set.menus["annotate/colours"])
        self.action_set.let_through(text_boxes(self))
        self.action("variants").setChecked(settings.match_variants)
        self.search.match_variants = settings.match_variants

        # Wiring: each part says what changed; the window shows it.
        self.loads.opened.connect(self._on_opened)
        self.loads.problems_found.connect(self.problems.model.add_problems)
        self.loads.records_added.connect(lambda: self.table.append(select_first=not self._restore_key))
        self.loads.progress.connect(self.status.load_progress)
        self.loads.finished.connect(self._on_loaded)
        self.loads.failed.connect(self._on_failed)
        self.table.current_changed.connect(self.show_current)
        self.table.busy.connect(lambda text: self.statusBar().showMessage(text) if text else self.statusBar().clearMessage())
        self.table.selection_changed.connect(self.status.selected)
        self.annotations.records_changed.connect(self._on_records_changed)
        self.annotations.summaries_changed.connect(self._on_summaries_changed)
        self.problems.problem_activated.connect(self.show_problem)
        self.loads.opened.connect(self.checks.archive_changed)
        self.checks.finished.connect(lambda _n: self.mark_problems())
        self.loads.opened.connect(self.batch.archive_changed)
        for part in (self.search, self.annotations):
            part.status_changed.connect(self.update_status)
            part.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.annotations.warning.connect(self.warn)
        self.search.export_done.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.search.export_failed.connect(self.warn)
        self.exports.done.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        self.exports.failed.connect(self.warn)

        self._restore_layout()
        self.retranslate()
        if cache is not None and cache.disabled:  # said once, for the session
            self.statusBar().showMessage(
                self.tr("Working without the cache, so opening takes longer: %1").replace("%1", cache.disabled), 20000
            )

    # -- the surface -------------------------------------------------------------

    @property
    def session(self) -> Session:
        """The open archive (see :class:`viewer.core.session.Session`)."""
        return self.loads.session

    @property
    def loading(self) -> bool:
        """Is an archive being loaded?"""
        return self.loads.loading

    @property
    def paths(self) -> list[str]:
        return self.session.paths

    def action(self, name: str) -> QAction:
        """An action by its id (see :data:`viewer.ui.actions.ACTIONS`)."""
        return self.action_set.by_id[name]

    def current(self):
        """(record id, record) of the record shown in the reader; (None, None) for none."""
        rid, record, _ = self.table.current
        return (rid, record) if record is not None else (None, None)

    def dialog_dir(self) -> str:
        """Where file dialogs start: the open archive's folder."""
        return os.path.dirname(self.paths[0]) if self.paths else str(Path.home())

    def ask_save(self, title: str, what: str, filters: dict[str, str]) -> tuple[str, str]:
        """A save dialog for an export: it suggests a name (the archive, what
        is exported, the search, the date) in the folder of the last export
        (else beside the archive), never offers to replace a file, and
        remembers the folder. Returns (path, the chosen filter's value), or
        ('', '') when cancelled."""
        first = next(iter(filters))
        extension = re.search(r"\*\.(\w+)", first)
        archive = Path(self.paths[0]).name if self.paths else ""
        name = suggested_name(archive, what, self.search.applied, extension.group(1) if extension else "")
        folder = self.settings.export_dir if os.path.isdir(self.settings.export_dir) else self.dialog_dir()
        path, chosen = QFileDialog.getSaveFileName(self, title, os.path.join(folder, name), ";;".join(filters),
                                                   options=NO_REPLACE)
        if not path:
            return "", ""
        self.settings.export_dir = os.path.dirname(path)
        return path, filters.get(chosen, filters[first])

    # -- building ------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set every text; called at start and on a language change."""
        self.setWindowTitle(self._title())
        self.action_set.retranslate()
        self.search_bar.setWindowTitle(self.tr("Search and Filters"))
        self.search.retranslate()
        self.annotations.retranslate()
        self.status.retranslate()
        self.find_bar.retranslate()
        self.problems.retranslate()
        self.diff_dock.retranslate()
        self.update_status()
        self.show_current()

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

    # -- opening -----------------------------------------------------------------------

    def open_paths(self, paths: list[str], *, restore_key: str = "", check_every_file: bool = False) -> None:
        """Open an archive (files and folders), replacing the one shown; the
        record with key ``restore_key`` is selected once it is loaded.
        ``check_every_file``: even when the preferences trust unchanged folders."""
        self._restore_key = restore_key
        self.settings.last_record = restore_key
        wanted = self.table.wanted_sort()
        self.loads.open([str(p) for p in paths], check_every_file=check_every_file,
                        first_sort=wanted[0] if wanted else None)

    def reload(self) -> None:
        """Read the archive again, keeping the current record, the search
        and the filters; every file is checked (folders are not trusted)."""
        if self.paths:
            rid = self.table.current_rid()
            key = self.session.archive.key(rid) if rid is not None else ""
            self._reloading = True
            try:
                self.open_paths(self.paths, restore_key=key, check_every_file=True)
            finally:
                self._reloading = False

    def open_files_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open Record Files"), self.dialog_dir(), self.tr("Record files (*.txt);;All files (*)")
        )
        if files:
            self.open_paths(files)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open Archive Folder"), self.dialog_dir())
        if folder:
            self.open_paths([folder])

    def _fill_recent(self) -> None:
        menu = self.action_set.menus["file/recent"]
        menu.clear()
        recent = self.settings.recent
        for paths in recent:
            action = menu.addAction(" + ".join(paths))
            action.triggered.connect(lambda _=False, p=paths: self.open_paths(p))
        if not recent:
            menu.addAction(self.tr("(none)")).setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(self.tr("Clear Recent Archives"))
        clear.triggered.connect(self.settings.clear_recent)
        clear.setEnabled(bool(recent))

    def cancel_load(self) -> None:
        self.loads.cancel()

    def _on_opened(self, session: Session) -> None:
        """A new archive: every part starts over, in one place."""
        session.listing.collation = self.settings.collation
        self.annotations.set_session(session)
        self.table.set_session(session)
        self.search.set_session(session, keep=self._reloading)
        self.exports.set_session(session)
        self.problems.model.set_problems([])
        self.settings.last_paths = session.paths
        self.settings.add_recent(session.paths)
        self.setWindowTitle(self._title())
        self.status.loading(True)
        release_long_lived()  # the archive replaced, and what it kept (see there)

    def _on_loaded(self, _cancelled: bool) -> None:
        self.status.loading(False)
        session = self.session
        current = self.table.current_rid()
        session.listing.default_order(self.loads.take_default_order())
        self.table.reorder()
        target = session.archive.find_key(self._restore_key) if self._restore_key else None
        self._restore_key = ""
        self.table.keep(target if target is not None else current, center=True)
        self.table.restore_sort()
        self.table.prepare_sorts()
        self.settings.last_record = self._current_key()
        self.annotations.loaded()
        self.search.loaded()
        # The checks start once the search index is open: both are Python
        # work that the window's one interpreter would otherwise share at
        # once with the user's first sort or search (README, the bench).
        self._checks_waiting = True
        if session.search_ready():
            self._on_search_prepared()
        if session.archive.count_problems(Severity.WARNING) and not self.problems.isVisible():
            self.problems.show()
        self.mark_problems()
        self.update_status()

    def mark_problems(self) -> None:
        """Mark the table's rows whose records have problems (those the
        Problems dock lists: reading's and the checks'): a warning sign for
        warnings and errors (what the status bar counts), an information
        sign for notes; and say the current record's again (the checks
        end after it was shown)."""
        problems = self.problems.model.problems()
        archive = self.session.archive
        serious = (Severity.WARNING, Severity.ERROR)
        self.table.model.set_marked(archive.rids_of(p for p in problems if p.severity in serious),
                                    archive.rids_of(p for p in problems if p.severity not in serious))
        rid, record, _pictures = self.table.current
        if rid is not None and record is not None:
            self._show_record_status(rid)

    def _show_record_status(self, rid: int) -> None:
        """The status box of the current record: its review level, its
        encoding, and what the Problems dock lists for it (reading's and
        the checks', as its row's sign): warnings and errors as problems,
        then notes."""
        archive = self.session.archive
        index = archive.index_in_file(rid)
        listed = [p for p in self.problems.model.of_file(archive.source(rid).path)
                  if p.record is None or p.record == index]
        problems = sum(p.severity in (Severity.WARNING, Severity.ERROR) for p in listed)
        notes = len(listed) - problems
        summary = self.session.index.get(rid)
        parts = [
            level_text(summary.status, summary.status_by, summary.status_at),
            self.tr("%1 · %2 problem(s)", "", problems).replace("%1", archive.encoding(rid) or "?").replace("%2", f"{problems:,}"),
        ]
        if notes:
            parts.append(self.tr("%1 note(s)", "", notes).replace("%1", f"{notes:,}"))
        self.status.record.setText(" · ".join(parts))

    def _on_search_prepared(self) -> None:
        if self._checks_waiting:
            self._checks_waiting = False
            self.checks.run()

    def _on_failed(self, message: str) -> None:
        self.status.loading(False)
        QMessageBox.warning(self, self.tr("Loading stopped"), message)

    # -- the current record ---------------------------------------------------------------

    def show_current(self, *, keep_scroll: bool = False) -> None:
        """Every view of the current record, from the session: the reader,
        the annotation panel and status box, the search hits, the status bar."""
        rid, record, pictures = self.table.current
        if record is None or rid is None:
            self.reader.show_record(None)
            self.annotations.show_record(None, None)
            self.diff.show_record(None, None)
            self.status.record.setText(self.tr("cannot be read") if rid is not None else "")
            return
        decorations = self.annotations.decorations(rid, record)
        header = self.annotations.header(rid)
        if self.session.archive.changed_on_disk(self.session.archive.file_id(rid)):
            header = replace(header, warning=self.tr(
                "This file has changed on disk since the archive was loaded: the table and the search still show "
                "it as it was. Reload (F5) to read it again."))
        if keep_scroll and self.reader.record is record:
            self.reader.set_decorations(decorations, header)
        else:
            self.reader.show_record(record, self.session.archive.source(rid).relpath, decorations, pictures, header)
        self.annotations.show_record(rid, record)
        self.diff.show_record(rid, record)
        self._show_problem_line()
        self.search.show_hits()
        self._show_record_status(rid)
        if not self.loading:
            self.settings.last_record = self.session.archive.key(rid)

    def _on_records_changed(self, rids: set) -> None:
        if self.table.current[0] in rids:
            self.show_current(keep_scroll=True)

    def _on_summaries_changed(self) -> None:
        self.table.model.refresh_annotations()
        self.search.refresh_facets()
        if self.search.charts.current_kind() == "review":
            self.search.refresh_chart()
        self.status.review_progress(self.session.review_progress())

    def _current_key(self) -> str:
        rid = self.table.current_rid()
        return self.session.archive.key(rid) if rid is not None else ""

    def show_problem(self, problem: Problem) -> None:
        """Select the record a problem is about, or the first of its file."""
        archive = self.session.archive
        fid = archive.file_id_of(problem.file)
        records = archive.file_records[fid] if fid is not None else range(0)
        if not len(records):
            self.statusBar().showMessage(self.tr("%1 has no records").replace("%1", problem.file), 5000)
            return
        index = problem.record if problem.record is not None and problem.record < len(records) else 0
        rid = int(records[index])
        if self.session.listing.row_of(rid) < 0:
            self.session.listing.clear_filters()
            self.clear_filter_boxes()
            self.table.refilter()
            self.update_status()
        self._problem_line = (rid, problem.line) if problem.line is not None else None
        self.table.select(rid)
        self._show_problem_line()

    def _show_problem_line(self) -> None:
        """A problem with a line was chosen and its record is shown: the
        original text at that line."""
        rid, record, _pictures = self.table.current
        if self._problem_line is None or record is None or rid != self._problem_line[0]:
            return
        line = self._problem_line[1] - record.line + 1
        self._problem_line = None
        if 1 <= line <= record.raw_text().count("\n") + 1:
            self.action("original").setChecked(True)
            self.reader.set_original(True)
            self.reader.show_line(line)

    def clear_filter_boxes(self) -> None:
        """The listing's filters were cleared: so are the boxes that set them."""
        for box in (self.search.quick_filter, self.search.search_box):
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        self.annotations.label_filter.setCurrentIndex(0)
        self.search.facets.blockSignals(True)
        self.search.facets.clear()
        self.search.facets.blockSignals(False)
        self.search.result = None

    # -- the status bar -----------------------------------------------------------------------

    def update_status(self) -> None:
        if self.loading:
            return
        listing = self.session.listing
        shown, total = len(listing), listing.total()
        problems = self.session.archive.count_problems(Severity.WARNING)
        day = self.search.day_text()
        if day:
            text = day
        elif listing.filtering():
            text = self.tr("%1 of %2 record(s)", "", total).replace("%1", f"{shown:,}").replace("%2", f"{total:,}")
        else:
            text = self.tr("%1 record(s)", "", total).replace("%1", f"{total:,}")
        text += " · " + self.tr("%1 problem(s)", "", problems).replace("%1", f"{problems:,}")
        search = self.search.status_text()
        if search and not day:
            text += " · " + search
        if self.loads.cancelled:
            text += " " + self.tr("(loading cancelled)")
        tip = ""
        archive = self.session.archive
        if archive.folders_trusted:
            text += " · " + self.tr("files not checked")
            relisted = archive.folders_relisted
            if relisted:
                tip = self.tr("%1 folder(s) had changed since the last opening: only those were listed again and "
                              "their files checked. The other files were not checked one by one (Preferences). A "
                              "file rewritten in place would not show; Reload checks every file.", "", relisted
                              ).replace("%1", f"{relisted:,}")
            else:
                tip = self.tr("No folder had changed since the last opening, so the files were not checked one by "
                              "one (Preferences). A file rewritten in place would not show; Reload checks every file.")
        if self.cache is not None and self.cache.disabled:
            text += " · " + self.tr("no cache")
            tip = self.cache.disabled
        self.status.text.setToolTip(tip)
        self.status.text.setText(text)
        self.status.review_progress(self.session.review_progress())

    def warn(self, text: str) -> None:
        """Tell the user something important without blocking the window."""
        self.statusBar().showMessage(text.split("\n")[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Archive Viewer"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- reader ---------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.reader.set_zoom(self.reader.zoom + 1)

    def zoom_out(self) -> None:
        self.reader.set_zoom(self.reader.zoom - 1)

    def zoom_reset(self) -> None:
        self.reader.set_zoom(0)

    def column_menu(self) -> QMenu:
        """A menu of checkable columns (the header's context menu)."""
        header = self.table_view.horizontalHeader()
        menu = QMenu(self)
        for column in range(self.table.model.columnCount()):
            action = menu.addAction(str(self.table.model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.addSeparator()
        first = menu.addAction(self.tr("Annotation Columns First"))
        first.setObjectName("annotationColumnsFirst")
        first.triggered.connect(lambda: self.table_view.arrange(ANNOTATION_ORDER))
        after = menu.addAction(self.tr("Default Column Order"))
        after.setObjectName("defaultColumnOrder")
        after.triggered.connect(lambda: self.table_view.arrange(FIRST_ORDER))
        unsort = menu.addAction(self.tr("Sort by Date, Page and Item"))
        unsort.setObjectName("defaultRowOrder")
        unsort.setEnabled(self.table.wanted_sort() is not None)
        unsort.triggered.connect(self.table.default_sort)
        return menu

    # -- dialogs -----------------------------------------------------------------------------------

    def show_preferences(self) -> None:
        from viewer.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self, used_font=self.reader.font_family())
        if dialog.exec():
            self.reader.set_reader_font(self.settings.reader_font, self.settings.reader_size)
            self.session.author = self.settings.author
            self.session.fallback_root = self.settings.fallback_dir
            self.loads.settings = self.settings
            self.annotations.set_colours(self.settings.colours)
            if self.session.listing.set_collation(self.settings.collation):
                self.table.resort()
            self.show_current(keep_scroll=True)
            if not self.loading:
                self.checks.run()
            if self.translations is not None:
                self.translations.apply(self.settings.language)

    def set_match_variants(self, on: bool) -> None:
        """Edit → Match Simplified and Traditional Forms (kept in the settings)."""
        self.settings.match_variants = on
        self.search.set_match_variants(on)

    def show_query_help(self) -> None:
        """Help → Query Language: the query language by example; an example
        chosen there is searched for."""
        dialog = QueryLanguageDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.try_query.connect(self.search.search_for)
        dialog.open()

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

    # -- drag and drop ------------------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # -- persistence --------------------------------------------------------------------------------

    def first_start_layout(self) -> None:
        """The layout of a first start (nothing saved yet): 85% of the
        screen, centred; the annotation columns right after the title; the
        sidebar a quarter of the width; the table and the reader sharing
        the height so that both are usable with a bottom dock open."""
        screen = self.screen().availableGeometry()
        width = max(min(960, screen.width()), int(screen.width() * 0.85))
        height = max(min(640, screen.height()), int(screen.height() * 0.85))
        self.resize(width, height)
        self.move(screen.center() - self.rect().center())
        self.table_view.arrange(FIRST_ORDER)
        self.resizeDocks([self.annotations.panel], [min(420, width // 4)], Qt.Orientation.Horizontal)
        self.resizeDocks([self.search.facets], [min(300, width // 5)], Qt.Orientation.Horizontal)
        self._size_bottom_docks = True
        QTimer.singleShot(0, self._first_split)

    def _first_split(self) -> None:
        """The table a dozen rows high (with its header), the reader the rest."""
        view = self.table_view
        chrome = view.height() - view.viewport().height()  # its header and frame
        table = chrome + 12 * view.verticalHeader().defaultSectionSize()
        total = sum(self.splitter.sizes())
        if total > table:
            self.splitter.setSizes([table, total - table])

    def _bottom_dock_shown(self, dock: QDockWidget, visible: bool) -> None:
        """On first start, a bottom dock opens at a ninth of the window's
        height (it can be dragged taller), leaving the table a dozen rows
        and the reader fifteen lines at 1600×1000."""
        if visible and self._size_bottom_docks:
            self.resizeDocks([dock], [max(100, self.height() // 9)], Qt.Orientation.Vertical)

    def fit_toolbars(self) -> None:
        """The text boxes' toolbar goes under the buttons when the window
        is narrower than both side by side, and back beside them when not."""
        needed = self.toolbar.sizeHint().width() + self.search_bar.sizeHint().width() + 24
        wrap = self.width() < needed
        if wrap != self.toolBarBreak(self.search_bar):
            if wrap:
                self.insertToolBarBreak(self.search_bar)
            else:
                self.removeToolBarBreak(self.search_bar)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_toolbars()

    def _restore_layout(self) -> None:
        if self.settings.state("geometry") is None:
            self.first_start_layout()
        header = self.table_view.horizontalHeader()
        for name, restore in (
            ("geometry", self.restoreGeometry),
            ("window", self.restoreState),
            ("header", header.restoreState),
            ("splitter", self.splitter.restoreState),
        ):
            state = self.settings.state(name)
            if state is not None:
                restore(state)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the rows come in their default order,
        self.table.want_sort(self.settings.table_sort)  # and are sorted as last time once loaded
        header.customContextMenuRequested.connect(lambda pos: self.column_menu().popup(header.mapToGlobal(pos)))

    def save_layout(self) -> None:
        s = self.settings
        s.set_state("geometry", self.saveGeometry())
        s.set_state("window", self.saveState())
        s.set_state("header", self.table_view.horizontalHeader().saveState())
        s.set_state("splitter", self.splitter.saveState())
        s.table_sort = self.table.wanted_sort()
        s.zoom = self.reader.zoom
        key = self._current_key()
        if key and not self.loading:
            s.last_record = key
        s.sync()

    def closeEvent(self, event) -> None:
        """Closing saves, exactly as a user's close does."""
        self.annotations.shutting_down()
        self.search.shutting_down()
        self.checks.shutting_down()
        self.save_layout()
        self.loads.stop()
        self.session.close()
        super().closeEvent(event)
