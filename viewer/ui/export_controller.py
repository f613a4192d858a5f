"""Exporting the records shown: CSV, JSON lines, text, or the tagged files."""

from __future__ import annotations

import io

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from viewer.core import record_export
from viewer.core.session import Session
from viewer.ui.background import LatestTask
from viewer.ui.views import NO_REPLACE

#: Encodings offered for the tagged export.
ENCODINGS = ["gb18030", "utf-8", "utf-8-sig", "utf-16"]


class ExportController(QObject):
    """File → Export Records.

    Args:
        window: the main window (its dialogs belong to it).

    Signals:
        done(str): an export finished (a message for people).
        failed(str): an export failed (why).
    """

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.session = Session()
        self._task = LatestTask(parent=self, own_thread=True)
        self._task.done.connect(self.done.emit)
        self._task.failed.connect(lambda msg: self.failed.emit(self.tr("Export failed: %1").replace("%1", msg)))

    def set_session(self, session: Session) -> None:
        self.session = session

    def records_dialog(self) -> None:
        filters = {
            self.tr("CSV with tags and notes (*.csv)"): "csv",
            self.tr("JSON lines with tags and notes (*.jsonl)"): "jsonl",
            self.tr("Plain text (*.txt)"): "text",
            self.tr("Original tagged files (choose a folder)"): "tagged",
            self.tr("Tagged files with accepted corrections applied (choose a folder)"): "tagged-corrected",
        }
        path, chosen = QFileDialog.getSaveFileName(self.window, self.tr("Export Records"), self.window.dialog_dir(),
                                                   ";;".join(filters), options=NO_REPLACE)
        if not path:
            return
        fmt = filters.get(chosen, "csv")
        encoding = "gb18030"
        if fmt.startswith("tagged"):
            same = self.tr("Each file's own (byte for byte)")
            encoding, ok = QInputDialog.getItem(self.window, self.tr("Export Records"), self.tr("Encoding:"),
                                                [same, *ENCODINGS], 0, False)
            if not ok:
                return
            encoding = "" if encoding == same else encoding
        self.records(path, fmt, encoding)

    def records(self, path: str, fmt: str, encoding: str = "gb18030") -> None:
        """Export the records shown (filtered, in table order), in the background.
        For the tagged formats, ``encoding`` '' keeps each file's own bytes."""
        session = self.session
        ids = session.listing.ids.tolist()
        corrections = session.accepted_corrections(ids) if fmt == "tagged-corrected" else None
        done = self.tr("Exported %1 records to %2")
        if corrections is not None:
            done = self.tr("Exported %1 records to %2 (corrections applied: %3, held back: %4)")
        self._task.submit(_export_records_job, session, ids, path, fmt, encoding, done, corrections)


def _export_records_job(session: Session, ids, path: str, fmt: str, encoding: str, done: str, corrections=None) -> str:
    archive = session.archive
    if fmt.startswith("tagged"):
        report = record_export.export_tagged(archive, ids, path, encoding or None, corrections)
        return (done.replace("%1", str(report.records)).replace("%2", path)
                .replace("%3", str(len(report.applied))).replace("%4", str(len(report.held))))
    out = io.StringIO()
    if fmt == "csv":
        count = record_export.export_csv(archive, ids, out, index=session.index, notes=session.note_texts())
    elif fmt == "jsonl":
        count = record_export.export_jsonl(archive, ids, out, index=session.index, notes=session.note_texts())
    else:
        count = record_export.export_text(archive, ids, out)
    record_export.write_new(path, out.getvalue().encode("utf-8"))
    return done.replace("%1", str(count)).replace("%2", path)
