"""The window's status bar: the counts, the review progress, the current
record's level and encoding, and loading's progress with its Cancel.

:class:`StatusParts` owns those widgets and says things in words; the
window decides when (it knows the listing, the search and the loading).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from viewer.core.records.loader import Progress
from viewer.core.session import ReviewProgress


class StatusParts(QObject):
    """The permanent parts of a status bar.

    Args:
        bar: the window's status bar.
        parent: the window (owner of the widgets).

    Signals:
        cancel_requested(): the user pressed Cancel while loading.
    """

    cancel_requested = Signal()

    def __init__(self, bar: QStatusBar, parent: QWidget) -> None:
        super().__init__(parent)
        self.text = QLabel(parent)
        self.text.setObjectName("statusText")
        self.selection = QLabel(parent)
        self.selection.setObjectName("selectionInfo")
        self.record = QLabel(parent)
        self.record.setObjectName("recordInfo")
        self.review = QLabel(parent)
        self.review.setObjectName("reviewProgress")
        self.line = QFrame(parent)
        self.line.setFrameShape(QFrame.Shape.VLine)
        self.line.setFrameShadow(QFrame.Shadow.Sunken)
        self.progress = QProgressBar(parent)
        self.progress.setMaximumWidth(220)
        self.cancel = QPushButton(parent)
        self.cancel.setObjectName("cancelLoad")
        self.cancel.clicked.connect(self.cancel_requested)
        bar.addWidget(self.text, 1)
        for widget in (self.selection, self.review, self.line, self.record, self.progress, self.cancel):
            bar.addPermanentWidget(widget)
            widget.hide()
        self.record.show()
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel.setText(self.tr("Cancel"))

    def selected(self, count: int) -> None:
        """How many records are selected (said only when more than one is)."""
        self.selection.setText(self.tr("%1 selected", "", count).replace("%1", f"{count:,}") if count > 1 else "")
        self.selection.setVisible(count > 1)

    def loading(self, on: bool) -> None:
        """Show or hide the progress bar and Cancel."""
        self.progress.setValue(0)
        self.progress.setVisible(on)
        self.cancel.setVisible(on)

    def load_progress(self, p: Progress) -> None:
        self.progress.setMaximum(max(p.files_total, 1))
        self.progress.setValue(p.files_done)
        rate = p.records / p.elapsed if p.elapsed > 0 else 0
        self.text.setText(
            self.tr("Loading: %1 of %2 file(s)", "", p.files_total)
            .replace("%1", f"{p.files_done:,}").replace("%2", f"{p.files_total:,}")
            + ", " + self.tr("%1 record(s) (%2 records/s)", "", p.records)
            .replace("%1", f"{p.records:,}").replace("%2", f"{rate:,.0f}")
        )

    def review_progress(self, progress: ReviewProgress) -> None:
        """N of M proofread and N validated, shown and in the archive (once
        anyone has given a record a level)."""
        self.review.setVisible(progress.started)
        self.line.setVisible(progress.started)
        if not progress.started:
            return

        def done(counts: dict[str, int]) -> tuple[str, str]:
            validated = counts.get("validated", 0)
            return f"{counts.get('proofread', 0) + validated:,}", f"{validated:,}"

        archive_done, archive_valid = done(progress.archive)
        if progress.filtering:
            shown_done, shown_valid = done(progress.shown)
            text = (self.tr("Shown: %1 of %2 proofread, %3 validated · archive: %4 of %5, %6 validated")
                    .replace("%1", shown_done).replace("%2", f"{progress.shown_total:,}").replace("%3", shown_valid)
                    .replace("%4", archive_done).replace("%5", f"{progress.total:,}").replace("%6", archive_valid))
        else:
            text = (self.tr("%1 of %2 proofread, %3 validated")
                    .replace("%1", archive_done).replace("%2", f"{progress.total:,}").replace("%3", archive_valid))
        self.review.setText(text)
