"""Exporting the records shown: CSV, JSON lines, text, or the tagged files."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog

from viewer.core import record_export
from viewer.core.files.steps import Steps
from viewer.core.session import Session
from viewer.ui.exporting import ExportRun, csv_encoding, csv_formats

if TYPE_CHECKING:
    from viewer.ui.main_window import MainWindow

#: Encodings offered for the tagged export.
ENCODINGS = ["gb18030", "utf-8", "utf-8-sig", "utf-16"]


class ExportController(QObject):
    """File → Export Records.

    Args:
        window: the main window (its dialogs belong to it; ``ask_save``).
        when_read: runs what it is given once every sidecar of the archive
            is read (:meth:`~viewer.ui.annotation_controller.AnnotationController.when_read`):
            an export waits for the tags, notes and corrections it writes.

    Signals:
        done(str): an export finished or was cancelled (a message for people).
        failed(str): an export failed (why).
    """

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, window: MainWindow, when_read: Callable[[Callable[[], None]], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self._when_read = when_read
        self.session = Session()
        self.run = ExportRun(window, self)
        self.run.done.connect(self.done.emit)
        self.run.failed.connect(self.failed.emit)

    def set_session(self, session: Session) -> None:
        self.session = session

    def records_dialog(self) -> None:
        filters = {
            **csv_formats(self.tr("CSV with tags and notes, UTF-8 (*.csv)"),
                          self.tr("CSV with tags and notes for Excel, UTF-8 with BOM (*.csv)")),
            self.tr("JSON lines with tags and notes (*.jsonl)"): "jsonl",
            self.tr("Plain text (*.txt)"): "text",
            self.tr("Original tagged files (choose a folder)"): "tagged",
            self.tr("Tagged files with accepted corrections applied (choose a folder)"): "tagged-corrected",
        }
        path, fmt = self.window.ask_save(self.tr("Export Records"), "", filters)
        if not path:
            return
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
        """Export the records shown (filtered, in table order), in the
        background, with progress and Cancel. ``fmt``: csv, csv-bom (UTF-8
        with a byte order mark, for Excel), jsonl, text, tagged or
        tagged-corrected; for the tagged formats, ``encoding`` '' keeps
        each file's own bytes. A format that writes annotations (tags,
        notes, corrections) waits until every sidecar is read, if the
        window is still reading them; the records are those shown now."""
        ids = self.session.listing.ids.tolist()  # (what is shown now, though the export may wait)
        if fmt in ("text", "tagged"):  # (no annotations in these)
            self._start(path, fmt, encoding, ids)
        else:
            self._when_read(lambda: self._start(path, fmt, encoding, ids))

    def _start(self, path: str, fmt: str, encoding: str, ids: list[int]) -> None:
        session = self.session
        corrections = session.accepted_corrections(ids) if fmt == "tagged-corrected" else None
        done = self.tr("Exported %1 record(s) to %2", "", len(ids))
        if corrections is not None:
            done = self.tr("Exported %1 record(s) to %2 (corrections applied: %3, held back: %4)", "", len(ids))
        self.run.start(self.tr("Exporting %1 record(s)…", "", len(ids)).replace("%1", f"{len(ids):,}"), len(ids),
                       _export_records_job, session, ids, path, fmt, encoding, done, corrections)


def _export_records_job(session: Session, ids, path: str, fmt: str, encoding: str, done: str, corrections,
                        steps: Steps) -> str:
    archive = session.archive
    if fmt.startswith("tagged"):
        report = record_export.export_tagged(archive, ids, path, encoding or None, corrections, steps=steps,
                                             opened=session.paths)
        return (done.replace("%1", f"{report.records:,}").replace("%2", path)
                .replace("%3", str(len(report.applied))).replace("%4", str(len(report.held))))
    out = io.StringIO()
    if fmt in ("csv", "csv-bom"):
        count = record_export.export_csv(archive, ids, out, index=session.index, notes=session.note_texts(), steps=steps)
    elif fmt == "jsonl":
        count = record_export.export_jsonl(archive, ids, out, index=session.index, notes=session.note_texts(),
                                           steps=steps)
    else:
        count = record_export.export_text(archive, ids, out, steps=steps)
    steps.check()
    record_export.write_new(path, out.getvalue().encode(csv_encoding(fmt) if fmt.startswith("csv") else "utf-8"))
    return done.replace("%1", f"{count:,}").replace("%2", path)
