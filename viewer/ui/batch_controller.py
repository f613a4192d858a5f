"""Batch corrections in the window: the Find and Replace dialog, and bulk
accept/reject in All Annotations.

:class:`BatchController` runs the search for proposals in the background
over the records shown, and turns the ones ticked into corrections through
the session, as one edit that undo takes back.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from viewer.core import batch_corrections
from viewer.core.annotations.export import Exported
from viewer.core.annotations.model import AnnotationKind
from viewer.core.batch_corrections import Proposal
from viewer.core.session import Session
from viewer.ui.annotation_controller import AnnotationController
from viewer.ui.background import LatestTask
from viewer.ui.batch_dialog import BatchCorrectionDialog
from viewer.ui.table_controller import TableController


def _find(session: Session, ids: list[int], pairs, fields, spans) -> list[Proposal]:
    return batch_corrections.find(session.archive, ids, pairs, fields=fields, taken=batch_corrections.overlapping(spans))


class BatchController(QObject):
    """Find and replace as corrections, and bulk accept/reject.

    Args:
        annotations: the annotation controller (its session, its way of
            showing an edit, its messages).
        table: the record table (to open a proposal's record).
    """

    def __init__(self, annotations: AnnotationController, table: TableController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.annotations = annotations
        self.table = table
        self.dialog: BatchCorrectionDialog | None = None
        self._last: tuple | None = None
        self._task = LatestTask(parent=self, own_thread=True)
        self._task.done.connect(self._found)
        self._task.failed.connect(lambda msg: self.annotations.warning.emit(msg))
        annotations.browser.status_requested.connect(self.set_status)

    @property
    def session(self) -> Session:
        return self.annotations.session

    def open_dialog(self) -> None:
        """Annotate → Find and Replace…"""
        if self.dialog is None:
            archive_value = self.session.archive.value

            def title(rid: int) -> str:
                archive = self.session.archive
                return f"{archive_value(rid, 'RQ')} {archive.value(rid, 'BT')}"

            self.dialog = BatchCorrectionDialog(title, self.annotations.window)
            self.dialog.find_requested.connect(self.find)
            self.dialog.add_requested.connect(self.add)
            self.dialog.open_requested.connect(lambda p: self.table.select(p.rid))
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.find_text.setFocus()

    def archive_changed(self, _session: Session) -> None:
        self._task.cancel()
        self._last = None
        if self.dialog is not None:
            self.dialog.show_proposals([])

    def find(self, pairs: list[tuple[str, str]], fields: list[str]) -> None:
        """Look for the pairs in the records shown (in the background)."""
        self._last = (pairs, fields)
        spans = self.session.correction_spans()
        self._task.submit(_find, self.session, self.session.listing.ids.tolist(), pairs, fields, spans)

    def _found(self, proposals: list[Proposal]) -> None:
        if self.dialog is not None:
            self.dialog.show_proposals(proposals)

    def add(self, proposals: list[Proposal], status: str) -> None:
        """Make the proposals corrections (``open`` or ``accepted``), in one undoable edit."""
        n = len(proposals)
        label = (self.tr("Propose %1 correction(s)", "", n) if status == "open"
                 else self.tr("Accept %1 correction(s)", "", n)).replace("%1", f"{n:,}")
        changes = self.session.add_corrections(proposals, status, label)
        self.annotations.applied(changes)
        self.annotations.message.emit(self.tr("%1 — Ctrl+Z to undo").replace("%1", label), 8000)
        if self._last is not None:
            self.find(*self._last)  # the places made corrections are no longer proposed

    def set_status(self, entries: list[Exported], status: str) -> None:
        """Accept or reject the corrections chosen in All Annotations, in one undoable edit."""
        chosen = []
        for e in entries:
            if e.annotation.kind is not AnnotationKind.CORRECTION:
                continue
            rid = self.session.rid_of(e.file, e.index)
            if rid is None:
                continue
            now = next((a for a in self.session.annotations(rid) if a.id == e.annotation.id), None)
            if now is not None:
                chosen.append((rid, now))
        if not chosen:
            return
        n = len(chosen)
        label = (self.tr("Accept %1 correction(s)", "", n) if status == "accepted"
                 else self.tr("Reject %1 correction(s)", "", n)).replace("%1", f"{n:,}")
        self.annotations.applied(self.session.set_correction_status(chosen, status, label))
        self.annotations.message.emit(self.tr("%1 — Ctrl+Z to undo").replace("%1", label), 8000)
