"""The GUI's one path to annotations: reading, undoable edits, saving.

Every change goes through an :class:`AnnotationChange` on the window's
:class:`QUndoStack`, so undo and redo cover all of them. Sidecars are read
in the background when an archive is opened, and written in the background
at most one second after a change (and at once on :meth:`flush`, when the
window closes). The service tells views what changed by signals; the store
and the summaries live in the Qt-free core.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from viewer.core.annotations.anchoring import Placement, field_text, reanchor
from viewer.core.annotations.index import AnnotationIndex, Summary, summarize
from viewer.core.annotations.model import DEFAULT_COLOURS, Annotation, AnnotationKind
from viewer.core.annotations.store import AnnotationStore, record_key, sidecar_sources
from viewer.core.records.archive import Archive
from viewer.core.records.record import Record, split_key
from viewer.ui.article import Decoration
from viewer.ui.background import LatestTask

#: Longest wait between a change and its save, in ms.
SAVE_DELAY_MS = 1000


class AnnotationChange(QUndoCommand):
    """Replaces annotations: ``(source, before, after)`` per annotation.

    ``before`` None is an addition, ``after`` None a deletion.
    """

    def __init__(self, service: AnnotationService, text: str, changes: list[tuple[str, Annotation | None, Annotation | None]]):
        super().__init__(text)
        self._service = service
        self._changes = changes
        self._done_once = False

    def redo(self) -> None:
        store = self._service.store
        for source, before, after in self._changes:
            if after is None:
                store.delete(source, before.id, self._service.author)
            elif self._done_once:
                store.restore(source, after)
            else:
                store.put(source, after)
        self._done_once = True
        self._service._changed(self._changes)

    def undo(self) -> None:
        store = self._service.store
        for source, before, after in reversed(self._changes):
            if before is None:
                store.delete(source, after.id, self._service.author)
            else:
                store.restore(source, before)
        self._service._changed(self._changes)


class _SaveJob(QRunnable):
    def __init__(self, service: AnnotationService) -> None:
        super().__init__()
        self._service = service
        self._store = service.store

    def run(self) -> None:
        results, problems = self._store.save()
        self._service._saved.emit(results, problems)


def _preload(store: AnnotationStore, sources: list[str]) -> dict[str, dict[int, Summary]]:
    """In the background: read sidecars and summarize their records."""
    out: dict[str, dict[int, Summary]] = {}
    for source in sources:
        by_index: dict[int, list[Annotation]] = {}
        for a in store.annotations(source):
            try:
                by_index.setdefault(split_key(a.record)[1], []).append(a)
            except ValueError:
                continue
        out[source] = {i: summarize(items) for i, items in by_index.items()}
    return out


class AnnotationService(QObject):
    """Annotations of the archive shown in the window.

    Signals:
        record_changed(int): a record's annotations changed.
        summaries_changed(): the table's annotation columns need a repaint.
        message(str): something to tell the user in passing (status bar).
        warning(str): something the user must read (sidecar unreadable,
            a save failed).
    """

    record_changed = Signal(int)
    summaries_changed = Signal()
    message = Signal(str)
    warning = Signal(str)
    _saved = Signal(object, object)

    def __init__(
        self,
        undo_stack: QUndoStack,
        *,
        author: str,
        fallback_root: str | None,
        backup_root: str | None = None,
        colours: dict[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.author = author
        self.fallback_root = fallback_root
        self.backup_root = backup_root
        self.colours = dict(colours or DEFAULT_COLOURS)
        self.archive = Archive()
        self.store = AnnotationStore(fallback_root, backup_root)
        self.index = AnnotationIndex()
        self._save_pool = QThreadPool(self)
        self._save_pool.setMaxThreadCount(1)
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._save_async)
        self._saved.connect(self._on_saved)
        self._preload = LatestTask(parent=self)
        self._preload.done.connect(self._on_preloaded)

    # -- archive --------------------------------------------------------------

    def set_archive(self, archive: Archive) -> None:
        """Start over for a new archive (pending changes are saved first)."""
        self.flush()
        self.undo_stack.clear()
        self.archive = archive
        self.store = AnnotationStore(self.fallback_root, self.backup_root)
        self.index.clear()
        self.summaries_changed.emit()

    def preload(self, paths: list[str]) -> None:
        """Read, in the background, every sidecar of the loaded archive.

        Sidecars beside the files were noted by the loader; those in the
        fallback store are found under the opened paths' mirror there.
        """
        sources = sidecar_sources(self.archive.own_files, paths, self.fallback_root)
        known = [s for s in sources if self.archive.file_id_of(s) is not None]
        if known:
            self._preload.submit(_preload, self.store, known)

    def _on_preloaded(self, result: dict[str, dict[int, Summary]]) -> None:
        for source, by_index in result.items():
            fid = self.archive.file_id_of(source)
            if fid is None:
                continue
            records = self.archive.file_records[fid]
            for index, summary in by_index.items():
                if 0 <= index < len(records):
                    self.index.set(records[index], summary)
        self.summaries_changed.emit()
        for message in self.store.unreadable():
            self.warning.emit(
                self.tr("This annotation file cannot be read, so it is left as it is. "
                        "New annotations for its records go to a recovery file beside it.\n\n%1").replace("%1", message)
            )
        notes = self.store.notes()
        if notes:
            self.warning.emit(
                self.tr("Some annotation files need your attention:\n\n%1").replace("%1", "\n".join(notes[:10]))
            )
        if self.store.dirty and not self._save_timer.isActive():  # recovery files to fold back in
            self._save_timer.start(SAVE_DELAY_MS)
        elsewhere = self.store.locations()
        if elsewhere:
            self.message.emit(
                self.tr("Annotations of %1 files are kept outside the archive, e.g. %2")
                .replace("%1", str(len(elsewhere)))
                .replace("%2", next(iter(elsewhere.values())))
            )

    # -- reading --------------------------------------------------------------

    def source_index(self, rid: int) -> tuple[str, int]:
        return self.archive.source(rid).path, self.archive.index_in_file(rid)

    def annotations(self, rid: int) -> list[Annotation]:
        """The record's live annotations, oldest first."""
        return self.store.for_record(*self.source_index(rid))

    def note_texts(self) -> dict[int, list[str]]:
        """Notes' and corrections' texts by record id (for searching them)."""
        out: dict[int, list[str]] = {}
        for source in self.store.sources():
            fid = self.archive.file_id_of(source)
            if fid is None:
                continue
            records = self.archive.file_records[fid]
            for a in self.store.annotations(source):
                text = a.text or (a.replacement if a.kind is AnnotationKind.CORRECTION else "")
                if not text:
                    continue
                try:
                    index = split_key(a.record)[1]
                except ValueError:
                    continue
                if 0 <= index < len(records):
                    out.setdefault(records[index], []).append(text)
        return out

    def accepted_corrections(self, rids) -> dict[int, list[Annotation]]:
        """The accepted corrections of these records (for a corrected export)."""
        out: dict[int, list[Annotation]] = {}
        for rid in rids:
            if not self.index.get(rid).corrections:
                continue
            found = [a for a in self.annotations(rid) if a.kind is AnnotationKind.CORRECTION and a.status == "accepted"]
            if found:
                out[rid] = found
        return out

    def summary(self, rid: int) -> Summary:
        return self.index.get(rid)

    def placed(self, rid: int, record: Record) -> list[tuple[Annotation, Placement, int, int]]:
        """Each span annotation with where it is in the record's text now."""
        out = []
        for a in self.annotations(rid):
            if a.anchor is None:
                continue
            how, start, end = reanchor(a.anchor, field_text(record, a.anchor.field))
            out.append((a, how, start, end))
        return out

    def decorations(self, rid: int, record: Record) -> list[Decoration]:
        """What the reader draws for the record."""
        out = []
        for a, how, start, end in self.placed(rid, record):
            if how is Placement.ORPHAN:
                continue
            colour = self.colours.get(a.colour, next(iter(self.colours.values()), "#ffe066"))
            text = a.replacement if a.kind is AnnotationKind.CORRECTION else a.text
            out.append(Decoration(a.id, a.anchor.field, start, end, a.kind.value, colour, text))
        return out

    # -- editing --------------------------------------------------------------

    def new(self, rid: int, kind: AnnotationKind, **values) -> Annotation:
        source, index = self.source_index(rid)
        return Annotation.new(record_key(source, index), kind, self.author, **values)

    def add(self, rid: int, annotation: Annotation, text: str) -> None:
        source, _ = self.source_index(rid)
        self.undo_stack.push(AnnotationChange(self, text, [(source, None, annotation)]))

    def edit(self, rid: int, old: Annotation, text: str, **values) -> None:
        source, _ = self.source_index(rid)
        self.undo_stack.push(AnnotationChange(self, text, [(source, old, old.edited(self.author, **values))]))

    def remove(self, rid: int, annotation: Annotation, text: str) -> None:
        source, _ = self.source_index(rid)
        self.undo_stack.push(AnnotationChange(self, text, [(source, annotation, None)]))

    def toggle_tag(self, rids: Iterable[int], tag: str) -> None:
        """Add ``tag`` to the records, or remove it if all of them have it."""
        rids = list(rids)
        if not rids or not tag:
            return
        having = {rid: [a for a in self.annotations(rid) if a.kind is AnnotationKind.TAG and a.tag == tag] for rid in rids}
        changes = []
        if all(having.values()):
            for rid, tags in having.items():
                source, _ = self.source_index(rid)
                changes += [(source, a, None) for a in tags]
            text = self.tr("Remove tag %1").replace("%1", tag)
        else:
            for rid, tags in having.items():
                if not tags:
                    source, _ = self.source_index(rid)
                    changes.append((source, None, self.new(rid, AnnotationKind.TAG, tag=tag)))
            text = self.tr("Add tag %1").replace("%1", tag)
        self.undo_stack.push(AnnotationChange(self, text, changes))

    def set_status(self, rids: Iterable[int], status: str) -> None:
        """Give the records a review status (one status annotation each)."""
        changes = []
        for rid in rids:
            source, _ = self.source_index(rid)
            current = [a for a in self.annotations(rid) if a.kind is AnnotationKind.STATUS]
            if current:
                newest = max(current, key=lambda a: a.modified)
                if newest.status != status:
                    changes.append((source, newest, newest.edited(self.author, status=status)))
                changes += [(source, a, None) for a in current if a is not newest]
            else:
                changes.append((source, None, self.new(rid, AnnotationKind.STATUS, status=status)))
        if changes:
            self.undo_stack.push(AnnotationChange(self, self.tr("Mark as %1").replace("%1", status), changes))

    def _changed(self, changes) -> None:
        touched: set[int] = set()
        for source, before, after in changes:
            key = (after or before).record
            fid = self.archive.file_id_of(source)
            if fid is None:
                continue
            index = split_key(key)[1]
            records = self.archive.file_records[fid]
            if 0 <= index < len(records):
                touched.add(records[index])
        for rid in touched:
            self.index.set(rid, summarize(self.annotations(rid)))
        self.summaries_changed.emit()
        for rid in sorted(touched):
            self.record_changed.emit(rid)
        if not self._save_timer.isActive():
            self._save_timer.start(SAVE_DELAY_MS)

    # -- saving ---------------------------------------------------------------

    def _save_async(self) -> None:
        if self.store.dirty:
            self._save_pool.start(_SaveJob(self))

    def flush(self) -> None:
        """Save now and wait (closing the window, opening another archive)."""
        self._save_timer.stop()
        self._save_pool.waitForDone()
        if self.store.dirty:
            results, problems = self.store.save()
            self._on_saved(results, problems)

    def _on_saved(self, results, problems) -> None:
        for p in problems:
            self.warning.emit(
                self.tr("Annotations could not be saved; they are kept and saving will be tried again.\n\n%1")
                .replace("%1", p.message)
            )
        if problems and not self._save_timer.isActive():
            self._save_timer.start(SAVE_DELAY_MS * 5)
        if any(r.fallback for r in results):
            path = next(r.path for r in results if r.fallback)
            self.message.emit(self.tr("The archive folder is read-only: annotations saved in %1").replace("%1", path))
        elif any(r.written for r in results):
            self.message.emit(self.tr("Annotations saved"))
