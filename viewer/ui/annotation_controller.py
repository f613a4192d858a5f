"""Annotating in the window: highlights, notes, corrections, tags, status.

:class:`AnnotationController` owns the Annotations panel, the All
Annotations browser, the tag/status filter box and the dialogs, and edits
through the session's operations (:meth:`~viewer.core.session.Session.add`,
:meth:`~viewer.core.session.Session.toggle_tag`…), which undo and redo in
the core. Sidecars are read in the background once an archive is loaded,
and written in the background at most a second after a change (and at once
by :meth:`flush`, when the window closes or another archive opens).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QInputDialog, QMenu, QWidget

from viewer.core.annotations import export as annotation_export
from viewer.core.annotations.anchoring import Placement, field_text, make_anchor
from viewer.core.annotations.model import DEFAULT_COLOURS, Annotation, AnnotationKind, ReviewStatus
from viewer.core.files.steps import Steps
from viewer.core.record_export import write_new
from viewer.core.records.record import Record
from viewer.core.session import Changes, Placed, Session
from viewer.ui.annotation_browser import AnnotationBrowser
from viewer.ui.annotation_dialogs import CorrectionDialog, NoteDialog, VocabularyDialog
from viewer.ui.annotation_panel import AnnotationPanel
from viewer.ui.article import Decoration, Header
from viewer.ui.background import Foreground, LatestTask
from viewer.ui.exporting import ExportRun, csv_encoding, csv_formats
from viewer.ui.labels import status_label
from viewer.ui.reader import ReaderPane
from viewer.ui.selection_toolbar import SelectionToolbar
from viewer.ui.table_controller import TableController
from viewer.ui.views import literal, swatch

if TYPE_CHECKING:
    from viewer.ui.main_window import MainWindow

#: Longest wait between a change and its save, in ms.
SAVE_DELAY_MS = 1000
#: Browser rows whose spans are placed in one background step.
PLACE_CHUNK = 2000


class Dialogs:
    """The questions annotating asks. Scripts and tests may replace these
    methods to answer without a dialog (see ``docs/testing.md``)."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask_note(self, quote: str, text: str) -> str | None:
        dialog = NoteDialog(quote, text, self.parent)
        return dialog.text() if dialog.exec() else None

    def ask_correction(self, quote: str, replacement: str, reason: str, status: str) -> dict | None:
        dialog = CorrectionDialog(quote, replacement, reason, status, self.parent)
        return dialog.values() if dialog.exec() else None

    def ask_colour(self, colours: list[str], current: str) -> str | None:
        choice, ok = QInputDialog.getItem(
            self.parent, QCoreApplication.translate("Dialogs", "Highlight Colour"),
            QCoreApplication.translate("Dialogs", "Colour:"), colours,
            max(0, colours.index(current)) if current in colours else 0, False,
        )
        return choice if ok else None

    def ask_vocabulary(self, tags: list[str]) -> list[str] | None:
        dialog = VocabularyDialog(tags, self.parent)
        return dialog.tags() if dialog.exec() else None


class _SaveJob(QRunnable):
    def __init__(self, controller: AnnotationController, session: Session) -> None:
        super().__init__()
        self._controller = controller
        self._session = session

    def run(self) -> None:
        results, problems = self._session.save()
        try:
            self._controller._saved.emit(results, problems)
        except RuntimeError:  # the window is gone
            pass


class AnnotationController(QObject):
    """Annotations of the archive shown.

    Args:
        window: the main window (dialogs and docks belong to it).
        table: the record table's controller (selection, current record).
        reader: the reader (its selection is what gets annotated).
        colours: the highlight colours, name → RGB.

    Signals:
        records_changed(object): the annotations of these record ids changed.
        summaries_changed(): the table's annotation columns need a repaint.
        status_changed(): the counts the status bar shows changed.
        message(str, int): a passing message and how long to show it (ms).
        warning(str): something the user must read.
    """

    records_changed = Signal(object)
    summaries_changed = Signal()
    status_changed = Signal()
    message = Signal(str, int)
    warning = Signal(str)
    _saved = Signal(object, object)

    def __init__(
        self,
        window: MainWindow,
        table: TableController,
        reader: ReaderPane,
        *,
        colours: dict[str, str] | None = None,
        foreground: Foreground | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.table = table
        self.reader = reader
        #: What reading and placing every annotation yield to (see
        #: :class:`~viewer.ui.background.Foreground`).
        self.foreground = foreground or Foreground()
        self.colours = dict(colours or DEFAULT_COLOURS)
        self.last_colour = next(iter(self.colours))
        self.session = Session()
        self.dialogs = Dialogs(window)
        self.panel = AnnotationPanel(window)
        self.panel.set_colours(self.colours)
        self.browser = AnnotationBrowser(window)
        self.label_filter = QComboBox(window)
        self.label_filter.setObjectName("labelFilter")
        self.label_filter.setMinimumWidth(150)
        self.label_filter.activated.connect(self._apply_label_filter)
        self.actions: dict[str, QAction] = {}
        self.colour_menu: QMenu | None = None
        self._pending = ""  # an annotation to select once its record is shown
        self._after_read: list[Callable[[], None]] = []  # what waits for every sidecar to be read (when_read)

        self._save_pool = QThreadPool(self)
        self._save_pool.setMaxThreadCount(1)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._save_async)
        self._saved.connect(self._on_saved)
        # Reading every sidecar and placing every span take seconds with
        # many annotations: threads of their own, never in the way of the
        # shared pool's short tasks (a sort, a search, the reader's record).
        self._reading = LatestTask(parent=self, own_thread=True)
        self._reading.done.connect(self._on_read)
        self._reading.failed.connect(self._on_read_failed)
        # Listing the browser's rows is what the user waits for once the
        # browser is open: long background work yields to it (at a first
        # opening the checks run beside it).
        self._browser_task = LatestTask(parent=self, foreground=self.foreground)
        self._browser_task.done.connect(self._browser_rows)
        self._placing = LatestTask(parent=self, own_thread=True)
        self._placing.done.connect(self._browser_placed)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh_browser_now)
        self._vocabulary_task = LatestTask(parent=self)
        self._vocabulary_task.failed.connect(self.warning.emit)
        self.exporter = ExportRun(window, self)
        self.exporter.done.connect(lambda msg: self.message.emit(msg, 8000))
        self.exporter.failed.connect(self.warning.emit)

        panel = self.panel
        panel.span_requested.connect(self._show_span)
        panel.edit_requested.connect(self.edit_annotation)
        panel.note_edited.connect(self.edit_note)
        panel.confirm_requested.connect(self.confirm_placement)
        panel.delete_requested.connect(self.delete_annotation)
        panel.reattach_requested.connect(self.reattach_annotation)
        panel.tag_entered.connect(self.add_tag)
        self.browser.jump.connect(self.open_annotation)
        self.browser.refresh_requested.connect(self.refresh_browser)
        reader.annotation_clicked.connect(panel.select_annotation)
        self.toolbar = SelectionToolbar(reader)
        self.toolbar.set_colours(self.colours)
        self.toolbar.colour_chosen.connect(self._toolbar_colour)
        self.toolbar.note_requested.connect(self._toolbar_note)
        self.toolbar.correction_requested.connect(self.correction)
        self.toolbar.delete_requested.connect(self._toolbar_delete)
        reader.selection_made.connect(self._selection_made)
        reader.annotation_clicked_at.connect(self._annotation_clicked)
        reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        reader.customContextMenuRequested.connect(self._reader_menu)

    def bind_actions(self, actions: dict[str, QAction], colour_menu: QMenu) -> None:
        """The window's actions this controller keeps up to date."""
        self.actions = actions
        self.colour_menu = colour_menu
        colour_menu.aboutToShow.connect(self._fill_colours)
        self._update_undo()
        self.update_tag_actions()

    # -- the archive -------------------------------------------------------------

    def set_session(self, session: Session) -> None:
        """Another archive: pending changes are saved first."""
        self.flush()
        self._reading.cancel()
        self._after_read.clear()
        self.browser.set_reading(False)
        self.session = session
        session.vocabulary.load()
        self.panel.set_vocabulary(session.vocabulary.tags)
        self.panel.show_none()
        self._refresh_timer.stop()
        self._browser_task.cancel()
        self._placing.cancel()
        self.browser.model.set_all([])
        self.label_filter.setCurrentIndex(0)
        self.update_tag_actions()
        self.fill_label_filter()
        self._update_undo()

    def loaded(self) -> None:
        """Every record is loaded: read their sidecars in the background."""
        self.browser.set_reading(True)
        self._reading.submit(_read_annotations, self.session, self.foreground.yield_to)

    def _on_read(self, result: _Read) -> None:
        session, summaries = result.session, result.summaries
        if session is not self.session:
            return
        self.browser.set_reading(False)
        if self.browser.isVisible():  # it was shown while the sidecars were being read
            self.refresh_browser()
        session.apply_summaries(summaries)
        self.summaries_changed.emit()
        waiting, self._after_read = self._after_read, []
        for action in waiting:
            action()
        self.fill_label_filter()
        self.records_changed.emit(set(summaries))
        notes = result.notes
        if notes:
            self.warning.emit(
                self.tr("Some annotation files need your attention:\n\n%1").replace("%1", "\n".join(notes[:10]))
            )
            if result.unreadable:
                self.message.emit(
                    self.tr("This annotation file cannot be read, so it is left as it is. "
                            "New annotations for its records go to a recovery file beside it."), 15000)
        if session.store.dirty and not self._save_timer.isActive():  # recovery files to fold back in
            self._save_timer.start(SAVE_DELAY_MS)
        if result.elsewhere:
            self.message.emit(
                self.tr("Annotations of %1 file(s) are kept outside the archive, e.g. %2", "", len(result.elsewhere))
                .replace("%1", f"{len(result.elsewhere):,}").replace("%2", next(iter(result.elsewhere.values()))), 8000)

    def _on_read_failed(self, message: str) -> None:
        self.browser.set_reading(False)
        text = self.tr("The annotation files could not be read: %1").replace("%1", message)
        if self._after_read:
            self._after_read.clear()
            text += "\n\n" + self.tr("The export that waited for them was not started.")
        self.warning.emit(text)

    def when_read(self, action: Callable[[], None]) -> None:
        """Run ``action`` once every sidecar of the archive is read and
        summarized: now if it is, else when the reading after the load ends
        (not at all if another archive is opened meanwhile, or the reading
        fails). An export started earlier would have left out the tags,
        notes and corrections not yet read, without a word."""
        if self.session.annotations_read or not self.session.paths:
            action()
            return
        self._after_read.append(action)
        self.message.emit(self.tr("The export starts once the annotation files are read…"), 8000)

    def shutting_down(self) -> None:
        self.flush()

    # -- what the current record shows ----------------------------------------------------

    def decorations(self, rid: int, record: Record) -> list[Decoration]:
        """What the reader draws for the record."""
        out = []
        for p in self.session.placed(rid, record):
            a = p.annotation
            if p.how is Placement.ORPHAN or a.anchor is None:
                continue
            colour = self.colours.get(a.colour, next(iter(self.colours.values()), "#ffe066"))
            text = a.replacement if a.kind is AnnotationKind.CORRECTION else a.text
            if p.moved:
                text = self.tr("Moved correction, not applied until confirmed: made on “%1”, the text here is “%2”; "
                               "→ “%3”").replace("%1", a.anchor.exact).replace("%2", p.found).replace("%3", a.replacement)
            out.append(Decoration(a.id, a.anchor.field, p.start, p.end, a.kind.value, colour, text, moved=p.moved))
        return out

    def header(self, rid: int) -> Header:
        """What the reader shows of the record as a whole: tags, review
        status, notes on the whole record."""
        summary = self.session.summary(rid)
        notes = tuple(a.text for a in self.session.annotations(rid)
                      if a.kind is AnnotationKind.NOTE and a.anchor is None and a.text)
        return Header(summary.tags, summary.status, status_label(summary.status), notes)

    def show_record(self, rid: int | None, record: Record | None) -> None:
        """The panel and the status box, for the current record."""
        self.toolbar.hide()
        if rid is None or record is None:
            self.panel.show_none()
            return
        placed = {p.annotation.id: p for p in self.session.placed(rid, record)}
        rows = [placed.get(a.id) or Placed(a, None) for a in self.session.annotations(rid)
                if a.kind is not AnnotationKind.STATUS]
        self.panel.show_rows(rows, self.session.status(rid))
        pending = self._pending
        if pending:
            self._pending = ""
            self.panel.select_annotation(pending)
            row = self.panel.current()
            if row is not None and row[0].id == pending:
                self._show_span(row)

    # -- annotating ------------------------------------------------------------------------

    def current(self) -> tuple[int | None, Record | None]:
        """The current record, or (None, None)."""
        rid, record, _ = self.table.current
        return (rid, record) if record is not None else (None, None)

    def _span(self):
        """(rid, record, anchor) for the reader's selection, or None (with a hint)."""
        rid, record = self.current()
        span = self.reader.selected_span() if record is not None else None
        if rid is None or record is None or span is None:
            self.message.emit(self.tr("Select some text of the article in the reader first"), 5000)
            return None
        field, start, end = span
        return rid, record, make_anchor(field_text(record, field), field, start, end)

    def applied(self, changes: Changes | None) -> None:
        """An edit made elsewhere (batch corrections): show it, save it, undo it."""
        self._done(changes)

    def _done(self, changes: Changes | None) -> None:
        """An edit (or undo) happened: summaries, views, saving, undo text."""
        if changes is None:
            return
        self.summaries_changed.emit()
        self.records_changed.emit(set(changes.records))
        self.fill_label_filter()
        self._update_undo()
        if self.browser.isVisible():
            self.refresh_browser()
        if not self._save_timer.isActive():
            self._save_timer.start(SAVE_DELAY_MS)

    def highlight(self, colour: str | None = None) -> None:
        found = self._span()
        if found is None:
            return
        rid, _record, anchor = found
        colour = colour or self.last_colour
        self.last_colour = colour
        a = self.session.new(rid, AnnotationKind.HIGHLIGHT, anchor=anchor, colour=colour)
        self._done(self.session.add(rid, a, self.tr("Highlight")))

    def note(self) -> None:
        rid, record = self.current()
        if rid is None or record is None:
            return
        span = self.reader.selected_span()
        anchor = make_anchor(field_text(record, span[0]), *span) if span else None
        text = self.dialogs.ask_note(anchor.exact if anchor else "", "")
        if text:
            a = self.session.new(rid, AnnotationKind.NOTE, anchor=anchor, text=text)
            self._done(self.session.add(rid, a, self.tr("Note")))

    def correction(self) -> None:
        found = self._span()
        if found is None:
            return
        rid, _record, anchor = found
        values = self.dialogs.ask_correction(anchor.exact, anchor.exact, "", "open")
        if values is not None:
            a = self.session.new(rid, AnnotationKind.CORRECTION, anchor=anchor, **values)
            self._done(self.session.add(rid, a, self.tr("Correction")))

    def edit_annotation(self, a: Annotation) -> None:
        rid, _record = self.current()
        if rid is None:
            return
        # Confirming an annotation a merge kept against a deletion keeps it
        # (an edit clears the conflict flag), even with nothing changed.
        if a.kind is AnnotationKind.HIGHLIGHT:
            colour = self.dialogs.ask_colour(list(self.colours), a.colour)
            if colour and (colour != a.colour or a.conflict):
                self._done(self.session.edit(rid, a, self.tr("Change highlight"), colour=colour))
        elif a.kind is AnnotationKind.NOTE:
            text = self.dialogs.ask_note(a.anchor.exact if a.anchor else "", a.text)
            if text is not None and (text != a.text or a.conflict):
                if text:
                    self._done(self.session.edit(rid, a, self.tr("Edit note"), text=text))
                else:
                    self._done(self.session.remove(rid, a, self.tr("Delete note")))
        elif a.kind is AnnotationKind.CORRECTION:
            values = self.dialogs.ask_correction(a.anchor.exact if a.anchor else "", a.replacement, a.reason,
                                                 a.status or "open")
            if values is not None:
                self._done(self.session.edit(rid, a, self.tr("Edit correction"), **values))
        elif a.conflict:
            self._done(self.session.edit(rid, a, self.tr("Keep annotation")))

    def edit_note(self, a: Annotation, text: str) -> None:
        """A card's note edited in place: a note's or a highlight's text, a
        correction's reason. A note left empty is deleted, as in its dialog."""
        rid, _record = self.current()
        if rid is None:
            return
        if a.kind is AnnotationKind.CORRECTION:
            self._done(self.session.edit(rid, a, self.tr("Edit correction"), reason=text.strip()))
        elif a.kind is AnnotationKind.NOTE and not text.strip():
            self._done(self.session.remove(rid, a, self.tr("Delete note")))
        elif a.kind in (AnnotationKind.NOTE, AnnotationKind.HIGHLIGHT):
            self._done(self.session.edit(rid, a, self.tr("Edit note"), text=text))

    def set_colours(self, colours: dict[str, str]) -> None:
        """Other highlight colours (from the preferences)."""
        self.colours.clear()
        self.colours.update(colours)
        if self.last_colour not in self.colours and self.colours:
            self.last_colour = next(iter(self.colours))
        self.panel.set_colours(self.colours)
        self.toolbar.set_colours(self.colours)

    # -- the toolbar over the text -----------------------------------------------------------

    def _annotation(self, aid: str) -> Annotation | None:
        """The current record's annotation with this id."""
        rid, _record = self.current()
        if rid is None or not aid:
            return None
        return next((a for a in self.session.annotations(rid) if a.id == aid), None)

    def _selection_made(self, at: QPoint) -> None:
        if self.current()[0] is not None:
            self.toolbar.popup_for_selection(at)

    def _annotation_clicked(self, aid: str, at: QPoint) -> None:
        a = self._annotation(aid)
        if a is not None and a.kind in (AnnotationKind.HIGHLIGHT, AnnotationKind.NOTE, AnnotationKind.CORRECTION):
            self.toolbar.popup_for_annotation(aid, a.kind is AnnotationKind.HIGHLIGHT, at)

    def _toolbar_colour(self, colour: str, aid: str) -> None:
        if not aid:
            self.highlight(colour)
            return
        a = self._annotation(aid)
        if a is not None:
            self.recolour(a, colour)

    def _toolbar_note(self, aid: str) -> None:
        if not aid:
            self.note()
            return
        a = self._annotation(aid)
        if a is not None:
            self.edit_note_dialog(a)

    def _toolbar_delete(self, aid: str) -> None:
        a = self._annotation(aid)
        if a is not None:
            self.delete_annotation(a)

    def recolour(self, a: Annotation, colour: str) -> None:
        """Give a highlight another colour."""
        rid, _record = self.current()
        if rid is not None and colour != a.colour:
            self.last_colour = colour
            self._done(self.session.edit(rid, a, self.tr("Change highlight"), colour=colour))

    def edit_note_dialog(self, a: Annotation) -> None:
        """Edit an annotation's note in the note dialog (a correction: its dialog)."""
        if a.kind is not AnnotationKind.HIGHLIGHT:
            self.edit_annotation(a)
            return
        text = self.dialogs.ask_note(a.anchor.exact if a.anchor else "", a.text)
        if text is not None:
            self.edit_note(a, text)

    def delete_annotation(self, a: Annotation) -> None:
        rid, _record = self.current()
        if rid is not None:
            self._done(self.session.remove(rid, a, self.tr("Delete annotation")))

    def reattach_annotation(self, a: Annotation) -> None:
        found = self._span()
        if found is not None:
            rid, _record, anchor = found
            self._done(self.session.edit(rid, a, self.tr("Re-attach annotation"), anchor=anchor))

    # -- tags and status --------------------------------------------------------------------------

    def add_tag(self, tag: str) -> None:
        rid, _record = self.current()
        if rid is None:
            return
        if self.session.vocabulary.add(tag):
            self._vocabulary_changed()
        if tag not in self.session.summary(rid).tags:
            self._done(self.session.toggle_tag([rid], tag, self.tr("Add tag %1").replace("%1", tag)))

    def toggle_vocabulary_tag(self, number: int) -> None:
        """Keys 1–9: toggle the vocabulary's Nth tag on the selected records."""
        tags = self.session.vocabulary.tags
        if number > len(tags):
            self.message.emit(
                self.tr("No tag %1 in the vocabulary (Annotate → Tags → Edit Tag Vocabulary…)").replace("%1", str(number)),
                5000,
            )
            return
        rids = self.table.selected_rids()
        if rids:
            tag = tags[number - 1]
            having = all(tag in self.session.summary(r).tags for r in rids)
            label = (self.tr("Remove tag %1") if having else self.tr("Add tag %1")).replace("%1", tag)
            self._done(self.session.toggle_tag(rids, tag, label))
            said = (self.tr("Removed “%2” from %1 record(s) — %3 to undo", "", len(rids)) if having
                    else self.tr("Tagged %1 record(s) “%2” — %3 to undo", "", len(rids)))
            self.message.emit(said.replace("%1", f"{len(rids):,}").replace("%2", tag)
                              .replace("%3", self.undo_keys()), 8000)

    def undo_keys(self) -> str:
        """The keys that undo, as the Edit menu shows them."""
        action = self.actions.get("undo")
        keys = action.shortcut() if action is not None else QKeySequence(QKeySequence.StandardKey.Undo)
        return keys.toString(QKeySequence.SequenceFormat.NativeText)

    def edit_vocabulary(self) -> None:
        tags = self.dialogs.ask_vocabulary(self.session.vocabulary.tags)
        if tags is not None:
            self.session.vocabulary.set(tags)
            self._vocabulary_changed()

    def set_vocabulary(self, tags: list[str]) -> None:
        """Replace the tag vocabulary (keys 1–9 toggle its first nine tags)."""
        self.session.vocabulary.set(tags)
        self._vocabulary_changed()

    def _vocabulary_changed(self) -> None:
        self._vocabulary_task.submit(self.session.vocabulary.save)
        self.panel.set_vocabulary(self.session.vocabulary.tags)
        self.update_tag_actions()
        self.fill_label_filter()

    def update_tag_actions(self) -> None:
        tags = self.session.vocabulary.tags
        for n in range(1, 10):
            action = self.actions.get(f"tag_{n}")
            if action is not None:
                tag = tags[n - 1] if n <= len(tags) else ""
                action.setText(self.tr("Toggle “%1”").replace("%1", literal(tag)) if tag else self.tr("(no tag %1)").replace("%1", str(n)))
        for status in ReviewStatus:
            action = self.actions.get(f"status_{status.value}")
            if action is not None:
                action.setText(status_label(status.value))

    # -- the tag/status filter ---------------------------------------------------------------------

    def fill_label_filter(self) -> None:
        combo = self.label_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All records"), "")
        for tag in dict.fromkeys([*self.session.vocabulary.tags, *self.session.index.tags_in_use()]):
            combo.addItem(self.tr("Tag: %1").replace("%1", tag), f"tag:{tag}")
        for status in ReviewStatus:
            combo.addItem(self.tr("Status: %1").replace("%1", status_label(status.value)), f"status:{status.value}")
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _apply_label_filter(self, *_args) -> None:
        kind, _, value = (self.label_filter.currentData() or "").partition(":")
        listing = self.session.listing
        listing.set_day(None)
        listing.set_label_filter(value if kind == "tag" else None, value if kind == "status" else None)
        self.table.refilter()
        self.status_changed.emit()

    def clear_label_filter(self) -> None:
        self.label_filter.setCurrentIndex(0)
        self._apply_label_filter()

    # -- undo -----------------------------------------------------------------------------------

    def undo(self) -> None:
        self._done(self.session.undo())

    def redo(self) -> None:
        self._done(self.session.redo())

    def _update_undo(self) -> None:
        history = self.session.history
        for key, label, text, bare in (("undo", history.undo_label, self.tr("&Undo %1"), self.tr("&Undo")),
                                       ("redo", history.redo_label, self.tr("&Redo %1"), self.tr("&Redo"))):
            action = self.actions.get(key)
            if action is not None:
                action.setEnabled(bool(label))
                action.setText(text.replace("%1", label) if label else bare)

    # -- the browser and the reader's menu -----------------------------------------------------------

    def refresh_browser(self) -> None:
        """Compute the browser's rows again: at once without their spans'
        placements, which then fill in, :data:`PLACE_CHUNK` rows at a time
        (each annotated file is read to place its spans). Requests made
        together (a dock shown fires more than one) make one computation."""
        self._refresh_timer.start()

    def _refresh_browser_now(self) -> None:
        self._placing.cancel()
        self._browser_task.submit(_browser_rows_job, self.session.archive, self.session.store,
                                  self.browser.model.arrangement)

    def _browser_rows(self, result: tuple[list, annotation_export.Arrangement, list[int]]) -> None:
        rows, arrangement, shown = result
        self.browser.model.set_all(rows, (arrangement, shown))
        self._place_from(0)

    def _place_from(self, start: int) -> None:
        rows = self.browser.model.all
        while start < len(rows) and rows[start].placement != annotation_export.PENDING:
            start += 1
        if start < len(rows):
            chunk = rows[start : start + PLACE_CHUNK]
            self._placing.submit(lambda a, c, at, wait: (at, annotation_export.place_rows(a, c, wait)),
                                 self.session.archive, chunk, start, self.foreground.yield_to)

    def _browser_placed(self, result: tuple[int, list]) -> None:
        start, rows = result
        self.browser.model.placed(start, rows)
        self._place_from(start + len(rows))

    def open_annotation(self, e) -> None:
        """Open the record of a browsed annotation, at its span."""
        rid = self.session.rid_of(e.file, e.index)
        if rid is None:
            return
        if self.session.listing.row_of(rid) < 0:
            self.session.listing.clear_filters()
            self.window.clear_filter_boxes()
            self.table.refilter()
            self.status_changed.emit()
        self._pending = e.annotation.id
        if self.table.current[0] == rid and self.table.current[1] is not None:
            self.show_record(rid, self.table.current[1])
        else:
            self.table.select(rid)

    def _show_span(self, row: Placed) -> None:
        a = row.annotation
        if a.anchor is not None and row.how not in (None, Placement.ORPHAN):
            self.reader.select_span(a.anchor.field, row.start, row.end)

    def confirm_placement(self, a: Annotation) -> None:
        """Confirm a moved correction where it is placed now."""
        rid, record = self.current()
        if rid is not None and record is not None:
            self._done(self.session.confirm_placement(rid, record, a, self.tr("Confirm correction")))

    def _fill_colours(self) -> None:
        menu = self.colour_menu
        assert menu is not None
        menu.clear()
        group = QActionGroup(menu)
        for name, colour in self.colours.items():
            action = menu.addAction(swatch(colour), literal(name))
            action.setCheckable(True)
            action.setChecked(name == self.last_colour)
            group.addAction(action)
            action.triggered.connect(lambda _=False, n=name: self.highlight(n))

    def _reader_menu(self, pos: QPoint) -> None:
        menu = self.reader.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "link-copy":  # records hold no links: it could never be used
                menu.removeAction(action)
        menu.addSeparator()
        if "highlight" in self.actions:
            menu.addAction(self.actions["highlight"])
        colours = menu.addMenu(self.tr("Highlight Colour"))
        for name, colour in self.colours.items():
            action = colours.addAction(swatch(colour), literal(name))
            action.triggered.connect(lambda _=False, n=name: self.highlight(n))
        menu.addActions([self.actions[k] for k in ("note", "correction") if k in self.actions])
        a = self._annotation(self.reader.annotation_at(pos))
        if a is not None and a.kind in (AnnotationKind.HIGHLIGHT, AnnotationKind.NOTE, AnnotationKind.CORRECTION):
            menu.addSeparator()
            if a.kind is AnnotationKind.HIGHLIGHT:
                recolour = menu.addMenu(self.tr("Change Colour of This Highlight"))
                for name, colour in self.colours.items():
                    action = recolour.addAction(swatch(colour), literal(name))
                    action.setCheckable(True)
                    action.setChecked(name == a.colour)
                    action.triggered.connect(lambda _=False, n=name, a=a: self.recolour(a, n))
            edit = menu.addAction(self.tr("Edit Correction…") if a.kind is AnnotationKind.CORRECTION
                                  else self.tr("Edit Note…"))
            edit.triggered.connect(lambda _=False, a=a: self.edit_note_dialog(a))
            delete = menu.addAction(self.tr("Delete This Annotation"))
            delete.triggered.connect(lambda _=False, a=a: self.delete_annotation(a))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.reader.viewport().mapToGlobal(pos))

    # -- saving -------------------------------------------------------------------------------------

    def _save_async(self) -> None:
        if self.session.store.dirty:
            self._save_pool.start(_SaveJob(self, self.session))

    def flush(self) -> None:
        """Save now and wait (closing the window, opening another archive)."""
        self._save_timer.stop()
        self._save_pool.waitForDone()
        if self.session.store.dirty:
            results, problems = self.session.save()
            self._on_saved(results, problems)

    def _on_saved(self, results, problems) -> None:
        for p in problems:
            self.warning.emit(
                self.tr("Annotations could not be saved; they are kept and saving will be tried again.\n\n%1")
                .replace("%1", p.message)
            )
        if problems and not self._save_timer.isActive():
            self._save_timer.start(SAVE_DELAY_MS * 5)
        merged = self.session.merged_in()
        if merged is not None:  # another program's annotations, merged in by the save: shown
            self._done(merged)
        if any(r.fallback for r in results):
            path = next(r.path for r in results if r.fallback)
            self.message.emit(self.tr("The archive folder is read-only: annotations saved in %1").replace("%1", path), 8000)
        elif any(r.written for r in results):
            self.message.emit(self.tr("Annotations saved"), 3000)

    # -- export ---------------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        filters = {
            self.tr("JSON lines (*.jsonl)"): "jsonl",
            **csv_formats(),
            self.tr("Markdown (*.md)"): "md",
            self.tr("W3C Web Annotation JSON-LD (*.jsonld)"): "w3c",
        }
        path, fmt = self.window.ask_save(self.tr("Export Annotations"), "annotations", filters)
        if path:
            self.export(path, fmt)

    def export(self, path: str, fmt: str) -> None:
        """Write every annotation of the archive to ``path`` (in the
        background, with progress and Cancel); ``fmt`` jsonl, csv, csv-bom
        (for Excel), md or w3c; once every sidecar is read (:meth:`when_read`)."""
        self.when_read(lambda: self._export_now(path, fmt))

    def _export_now(self, path: str, fmt: str) -> None:
        self.flush()
        # (the plural form of the count an export will write; it says the number written)
        done = self.tr("Exported %1 annotation(s) to %2", "", self.session.live_annotation_count())
        self.exporter.start(self.tr("Exporting annotations…"), 0, _export_job, self.session, path, fmt, done)

    def retranslate(self) -> None:
        self.panel.retranslate()
        self.toolbar.retranslate()
        self.browser.retranslate()
        self.fill_label_filter()
        self.update_tag_actions()
        self._update_undo()


def _browser_rows_job(archive, store, arrangement: annotation_export.Arrangement):
    """In the thread pool: the browser's rows (spans not placed yet),
    arranged as the browser shows them."""
    rows = annotation_export.unplaced_rows(archive, store)
    return rows, arrangement, arrangement.indices(rows)


@dataclass
class _Read:
    """What :func:`_read_annotations` found, worked out in its thread (the
    window's took 50–100 ms over 20,000 sidecars)."""

    session: Session
    summaries: dict
    notes: list[str]  # what the user should know about the sidecars read
    unreadable: bool  # some could not be read
    elsewhere: dict[str, str]  # source -> sidecar, for those kept outside the archive


def _read_annotations(session: Session, between: Callable[[], None]) -> _Read:
    """In the thread pool: every sidecar of the archive, summarized; the
    notes' texts gathered for the searches (kept by the session: the first
    search would otherwise gather them, 0.4 s at a million records with
    100,000 annotations)."""
    summaries = session.read_annotations(between)
    between()
    session.note_texts()
    return _Read(session, summaries, session.notes(), bool(session.store.unreadable()), session.store.locations())


def _export_job(session: Session, path: str, fmt: str, done: str, steps: Steps) -> str:
    import io

    out = io.StringIO()
    count = session.export_annotations("csv" if fmt == "csv-bom" else fmt, out, steps)
    write_new(path, out.getvalue().encode(csv_encoding(fmt) if fmt.startswith("csv") else "utf-8"))
    return done.replace("%1", f"{count:,}").replace("%2", path)
