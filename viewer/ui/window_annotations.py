"""The main window's annotating: highlight, note, correction, tags, status,
the annotation panel and browser, and annotation export.

A mixin of :class:`~viewer.ui.main_window.MainWindow`: the methods act on
the window's widgets; every change goes through the
:class:`~viewer.ui.annotation_service.AnnotationService`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QActionGroup, QIcon
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QInputDialog, QMessageBox

from viewer.core import record_export
from viewer.core.annotations import export as annotation_export
from viewer.core.annotations.anchoring import Placement, field_text, make_anchor
from viewer.core.annotations.model import Annotation, AnnotationKind, ReviewStatus
from viewer.core.records.archive import Archive
from viewer.ui.annotation_dialogs import CorrectionDialog, NoteDialog, VocabularyDialog
from viewer.ui.views import NO_REPLACE


class AnnotationActions:
    """Annotation commands for the main window."""

    # -- annotations ---------------------------------------------------------

    def _connect_annotations(self) -> None:
        service = self.annotations
        service.record_changed.connect(self._on_record_annotations)
        service.summaries_changed.connect(self._on_summaries_changed)
        service.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        service.warning.connect(self._warn)
        panel = self.panel
        panel.span_requested.connect(self._show_span)
        panel.edit_requested.connect(self.edit_annotation)
        panel.delete_requested.connect(self.delete_annotation)
        panel.reattach_requested.connect(self.reattach_annotation)
        panel.tag_entered.connect(self.add_tag)
        panel.status_chosen.connect(lambda status: self.mark_records([self._reader_rid], status))
        self.browser.jump.connect(self.open_annotation)
        self.browser.refresh_requested.connect(self._refresh_browser)

    def _warn(self, text: str) -> None:
        """Tell the user something important without blocking the window."""
        self.statusBar().showMessage(text.split("\n")[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Archive Viewer"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _current_record(self):
        """The record shown in the reader and its id, or (None, None)."""
        if self._reader_rid is None or self.reader.record is None:
            return None, None
        return self._reader_rid, self.reader.record

    def _selected_rids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [self.model.record_id(r) for r in rows]

    def _span(self):
        """(rid, record, anchor) for the reader's selection, or None (with a hint)."""
        rid, record = self._current_record()
        span = self.reader.selected_span() if record is not None else None
        if span is None:
            self.statusBar().showMessage(self.tr("Select some text of the article in the reader first"), 5000)
            return None
        field, start, end = span
        return rid, record, make_anchor(field_text(record, field), field, start, end)

    def annotate_highlight(self, colour: str | None = None) -> None:
        found = self._span()
        if found is None:
            return
        rid, _record, anchor = found
        colour = colour or self._last_colour
        self._last_colour = colour
        self.annotations.add(rid, self.annotations.new(rid, AnnotationKind.HIGHLIGHT, anchor=anchor, colour=colour), self.tr("Highlight"))

    def annotate_note(self) -> None:
        rid, record = self._current_record()
        if record is None:
            return
        span = self.reader.selected_span()
        anchor = make_anchor(field_text(record, span[0]), *span) if span else None
        text = self.ask_note(anchor.exact if anchor else "", "")
        if text:
            self.annotations.add(rid, self.annotations.new(rid, AnnotationKind.NOTE, anchor=anchor, text=text), self.tr("Note"))

    def annotate_correction(self) -> None:
        found = self._span()
        if found is None:
            return
        rid, _record, anchor = found
        values = self.ask_correction(anchor.exact, anchor.exact, "", "open")
        if values is not None:
            self.annotations.add(rid, self.annotations.new(rid, AnnotationKind.CORRECTION, anchor=anchor, **values), self.tr("Correction"))

    def ask_note(self, quote: str, text: str) -> str | None:
        dialog = NoteDialog(quote, text, self)
        return dialog.text() if dialog.exec() else None

    def ask_correction(self, quote: str, replacement: str, reason: str, status: str) -> dict | None:
        dialog = CorrectionDialog(quote, replacement, reason, status, self)
        return dialog.values() if dialog.exec() else None

    def ask_colour(self, current: str) -> str | None:
        names = list(self.annotations.colours)
        choice, ok = QInputDialog.getItem(self, self.tr("Highlight Colour"), self.tr("Colour:"), names,
                                          max(0, names.index(current)) if current in names else 0, False)
        return choice if ok else None

    def ask_vocabulary(self, tags: list[str]) -> list[str] | None:
        dialog = VocabularyDialog(tags, self)
        return dialog.tags() if dialog.exec() else None

    def edit_annotation(self, a: Annotation) -> None:
        rid, _record = self._current_record()
        if rid is None:
            return
        if a.kind is AnnotationKind.HIGHLIGHT:
            colour = self.ask_colour(a.colour)
            if colour and colour != a.colour:
                self.annotations.edit(rid, a, self.tr("Change highlight"), colour=colour)
        elif a.kind is AnnotationKind.NOTE:
            text = self.ask_note(a.anchor.exact if a.anchor else "", a.text)
            if text is not None and text != a.text:
                if text:
                    self.annotations.edit(rid, a, self.tr("Edit note"), text=text)
                else:
                    self.annotations.remove(rid, a, self.tr("Delete note"))
        elif a.kind is AnnotationKind.CORRECTION:
            values = self.ask_correction(a.anchor.exact if a.anchor else "", a.replacement, a.reason, a.status or "open")
            if values is not None:
                self.annotations.edit(rid, a, self.tr("Edit correction"), **values)

    def delete_annotation(self, a: Annotation) -> None:
        rid, _record = self._current_record()
        if rid is not None:
            self.annotations.remove(rid, a, self.tr("Delete annotation"))

    def reattach_annotation(self, a: Annotation) -> None:
        found = self._span()
        if found is not None:
            rid, _record, anchor = found
            self.annotations.edit(rid, a, self.tr("Re-attach annotation"), anchor=anchor)

    def add_tag(self, tag: str) -> None:
        rid, _record = self._current_record()
        if rid is None:
            return
        if self.vocabulary.add(tag):
            self._vocabulary_changed()
        if tag not in self.annotations.summary(rid).tags:
            self.annotations.toggle_tag([rid], tag)

    def toggle_vocabulary_tag(self, number: int) -> None:
        """Keys 1–9: toggle the vocabulary's Nth tag on the selected records."""
        if number > len(self.vocabulary.tags):
            self.statusBar().showMessage(
                self.tr("No tag %1 in the vocabulary (Annotate → Tags → Edit Tag Vocabulary…)").replace("%1", str(number)), 5000
            )
            return
        rids = self._selected_rids()
        if rids:
            self.annotations.toggle_tag(rids, self.vocabulary.tags[number - 1])

    def mark_selected(self, status: str) -> None:
        self.mark_records(self._selected_rids(), status)

    def mark_records(self, rids: list, status: str) -> None:
        rids = [r for r in rids if r is not None]
        if rids:
            self.annotations.set_status(rids, status)

    def edit_vocabulary(self) -> None:
        tags = self.ask_vocabulary(self.vocabulary.tags)
        if tags is not None:
            self.vocabulary.set(tags)
            self._vocabulary_changed()

    def _vocabulary_changed(self) -> None:
        self.vocab_task.submit(self.vocabulary.save)
        self.panel.set_vocabulary(self.vocabulary.tags)
        self._update_tag_actions()
        self._fill_annotation_filter()

    def _update_tag_actions(self) -> None:
        for i, action in enumerate(self.tag_actions):
            tag = self.vocabulary.tags[i] if i < len(self.vocabulary.tags) else ""
            action.setText(self.tr("Toggle “%1”").replace("%1", tag) if tag else self.tr("(no tag %1)").replace("%1", str(i + 1)))

    def _fill_colours(self) -> None:
        self.menu_colours.clear()
        group = QActionGroup(self.menu_colours)
        for name, colour in self.annotations.colours.items():
            action = self.menu_colours.addAction(name)
            action.setCheckable(True)
            action.setChecked(name == self._last_colour)
            group.addAction(action)
            pixmap_icon = QIcon(_swatch(colour))
            action.setIcon(pixmap_icon)
            action.triggered.connect(lambda _=False, n=name: self.annotate_highlight(n))

    def _fill_annotation_filter(self) -> None:
        combo = self.ann_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All records"), "")
        for tag in dict.fromkeys([*self.vocabulary.tags, *self.annotations.index.tags_in_use()]):
            combo.addItem(self.tr("Tag: %1").replace("%1", tag), f"tag:{tag}")
        for status in ReviewStatus:
            combo.addItem(self.tr("Status: %1").replace("%1", self.model.status_label(status.value)), f"status:{status.value}")
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def _apply_annotation_filter(self, *_args) -> None:
        kind, _, value = (self.ann_filter.currentData() or "").partition(":")
        tag = value if kind == "tag" else None
        status = value if kind == "status" else None
        rid = self._current_rid()
        self.model.set_annotation_filter(tag, status)
        self._keep_selection(rid)
        self._update_status()

    def _on_summaries_changed(self) -> None:
        self.model.refresh_annotations()
        if self.ann_filter.count() - 1 - len(ReviewStatus) != len(
            set(self.vocabulary.tags) | set(self.annotations.index.tags_in_use())
        ):
            self._fill_annotation_filter()
        if self.browser.isVisible():
            self._refresh_browser()

    def _on_record_annotations(self, rid: int) -> None:
        if rid == self._reader_rid and self.reader.record is not None:
            self.reader.set_decorations(self.annotations.decorations(rid, self.reader.record))
            self._show_panel(rid, self.reader.record)

    def _show_panel(self, rid: int, record) -> None:
        placed = {a.id: (how, start, end) for a, how, start, end in self.annotations.placed(rid, record)}
        rows = []
        for a in self.annotations.annotations(rid):
            if a.kind is AnnotationKind.STATUS:
                continue
            how, start, end = placed.get(a.id, (None, -1, -1))
            rows.append((a, how, start, end))
        self.panel.show_rows(rows, self.annotations.summary(rid).status)

    def _show_span(self, row) -> None:
        a, how, start, end = row
        if a.anchor is not None and how not in (None, Placement.ORPHAN):
            self.reader.select_span(a.anchor.field, start, end)

    def _on_annotation_clicked(self, aid: str) -> None:
        self.panel.select_annotation(aid)

    def _reader_menu(self, pos: QPoint) -> None:
        menu = self.reader.createStandardContextMenu()
        menu.addSeparator()
        menu.addAction(self.act_highlight)
        colours = menu.addMenu(self.menu_colours.title())
        for name, colour in self.annotations.colours.items():
            action = colours.addAction(QIcon(_swatch(colour)), name)
            action.triggered.connect(lambda _=False, n=name: self.annotate_highlight(n))
        menu.addActions([self.act_note, self.act_correction])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.reader.viewport().mapToGlobal(pos))

    def _refresh_browser(self) -> None:
        self.browser_task.submit(lambda archive, store: list(annotation_export.collect(archive, store)),
                                 self.archive, self.annotations.store)

    def open_annotation(self, e) -> None:
        """Open the record of an exported/browsed annotation, at its span."""
        fid = self.archive.file_id_of(e.file)
        if fid is None:
            return
        records = self.archive.file_records[fid]
        if not 0 <= e.index < len(records):
            return
        rid = records[e.index]
        if self.model.row_of(rid) < 0:
            self.filter_edit.clear()
            self._apply_filter(("", [], len(self.archive)))
            self.ann_filter.setCurrentIndex(0)
            self._apply_annotation_filter()
        self._pending_annotation = e.annotation.id
        row = self.model.row_of(rid)
        if row == self.table.currentIndex().row() and self._reader_rid == rid:
            self._select_pending()
        else:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def _select_pending(self) -> None:
        aid, self._pending_annotation = self._pending_annotation, ""
        if not aid:
            return
        self.panel.select_annotation(aid)
        row = self.panel.current()
        if row is not None and row[0].id == aid:
            self._show_span(row)

    def export_annotations_dialog(self) -> None:
        filters = {
            self.tr("JSON lines (*.jsonl)"): "jsonl",
            self.tr("CSV (*.csv)"): "csv",
            self.tr("Markdown (*.md)"): "md",
            self.tr("W3C Web Annotation JSON-LD (*.jsonld)"): "w3c",
        }
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export Annotations"), self._dialog_dir(), ";;".join(filters), options=NO_REPLACE)
        if path:
            self.export_annotations(path, filters.get(chosen, "jsonl"))

    def export_annotations(self, path: str, fmt: str) -> None:
        """Write every annotation of the archive to ``path`` (in the background)."""
        self.annotations.flush()
        done = self.tr("Exported %1 annotations to %2")
        self.export_task.submit(_export_job, self.archive, self.annotations.store, path, fmt, done)


def _swatch(colour: str):
    from PySide6.QtGui import QColor, QPixmap

    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return pixmap


def _export_job(archive: Archive, store, path: str, fmt: str, done: str) -> str:
    """Runs in the thread pool: export annotations to a file, atomically."""
    import io

    out = io.StringIO()
    count = annotation_export.write(annotation_export.collect(archive, store), fmt, out)
    record_export.write_new(path, out.getvalue().encode("utf-8"))
    return done.replace("%1", str(count)).replace("%2", path)
