"""Review levels in the window: marking records, and the review queue.

:class:`ReviewController` gives records a review level (Annotate → Mark
As, the status box of the Annotations panel) and walks the review queue
(Review → Next Record to Proofread/Validate, and Mark … and Next), through
the session, telling the user when the rules refuse a level.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from viewer.core.annotations import review
from viewer.core.records.archive import RecordId
from viewer.core.session import Session
from viewer.ui.annotation_controller import AnnotationController
from viewer.ui.labels import status_label
from viewer.ui.table_controller import TableController


class ReviewController(QObject):
    """Marks records and walks the review queue.

    Args:
        annotations: the annotation controller (its session, its way of
            showing an edit, its messages, the panel's status box).
        table: the record table (the selection, and where the queue goes).
    """

    def __init__(self, annotations: AnnotationController, table: TableController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.annotations = annotations
        self.table = table
        annotations.panel.status_chosen.connect(self.mark_current)

    @property
    def session(self) -> Session:
        return self.annotations.session

    def mark_selected(self, status: str) -> None:
        rids = self.table.selected_rids()
        if self._mark(rids, status) and len(rids) > 1:
            self.annotations.message.emit(
                self.tr("Marked %1 record(s) %2 — %3 to undo", "", len(rids)).replace("%1", f"{len(rids):,}")
                .replace("%2", status_label(status)).replace("%3", self.annotations.undo_keys()), 8000)

    def mark_current(self, status: str) -> None:
        rid, _record = self.annotations.current()
        if rid is not None:
            self._mark([rid], status)

    def _mark(self, rids: list[int], status: str) -> bool:
        """Give records a review level; False when some were refused (the
        user is told why)."""
        if not rids:
            return True
        changes = self.session.set_status(rids, status, self.tr("Mark as %1").replace("%1", status_label(status)))
        self.annotations.applied(changes)
        if changes.refused:
            self.annotations.records_changed.emit({rid for rid, _why in changes.refused})  # the status box shows the truth again
            self.annotations.message.emit(self._refusal_text(changes.refused, status), 10000)
        return not changes.refused

    def _refusal_text(self, refused: tuple[tuple[RecordId, str], ...], status: str) -> str:
        reasons = {
            review.NOT_PROOFREAD: self.tr("only a proofread record can be validated"),
            review.SAME_EDITOR: self.tr("you proofread it; another editor must validate it"),
        }
        why = reasons.get(refused[0][1], review.explain(refused[0][1]))
        if len(refused) == 1:
            text = self.tr("Not marked %1: %2")
        else:
            text = self.tr("%3 record(s) not marked %1: %2", "", len(refused)).replace("%3", f"{len(refused):,}")
        return text.replace("%1", status_label(status)).replace("%2", why)

    # -- the review queue --------------------------------------------------------------------------

    def review_next(self, goal: str) -> None:
        """Go to the next shown record still to proofread (``goal``
        ``proofread``) or to validate (``validated``), in date, page and
        item order."""
        rid, _record = self.annotations.current()
        found, wrapped = self.session.next_to_review(rid, goal)
        if found is None:
            done = {review.PROOFREAD: self.tr("No shown record is left to proofread"),
                    review.VALIDATED: self.tr("No shown record is left for you to validate")}
            self.annotations.message.emit(done.get(goal, ""), 8000)
            return
        self.table.select(found)
        if wrapped:
            self.annotations.message.emit(self.tr("Back at the first record still to do"), 5000)

    def mark_and_next(self, goal: str) -> None:
        """Give the current record the level ``goal``, then go to the next one to do."""
        rid, _record = self.annotations.current()
        if rid is None or self._mark([rid], goal):
            self.review_next(goal)

