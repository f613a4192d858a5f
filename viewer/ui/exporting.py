"""Running an export: the file name a save dialog suggests, the CSV
encodings offered, and the export itself in the background with a
progress dialog and Cancel.

A cancelled export writes nothing (every export writes its file
atomically at the end, or removes what it wrote).
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from viewer.core.files.steps import Cancelled, Steps
from viewer.ui.background import LatestTask

#: Characters a file name cannot have on some system.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def suggested_name(archive: str, what: str, query: str, extension: str, today: _dt.date | None = None) -> str:
    """``seeds-党员-2026-11-27.csv``: the archive's name, what is exported
    (when it is not the records), the query (if any), the date."""
    parts = [archive or "archive", what, " ".join(query.split())[:40], (today or _dt.date.today()).isoformat()]
    stem = "-".join(_UNSAFE.sub("_", p).strip(" ._") for p in parts if p and _UNSAFE.sub("_", p).strip(" ._"))
    return f"{stem}.{extension}" if extension else stem


def csv_formats(plain: str = "", bom: str = "") -> dict[str, str]:
    """The CSV choices of a save dialog (label → format): UTF-8, and UTF-8
    with a byte order mark, which Excel needs to show Chinese; the latter
    first on Windows, where it is what people open CSV with."""
    plain = plain or QCoreApplication.translate("Exporting", "CSV, UTF-8 (*.csv)")
    bom = bom or QCoreApplication.translate("Exporting", "CSV for Excel, UTF-8 with BOM (*.csv)")
    return {bom: "csv-bom", plain: "csv"} if sys.platform == "win32" else {plain: "csv", bom: "csv-bom"}


def csv_encoding(fmt: str) -> str:
    """The encoding of a CSV format of :func:`csv_formats`."""
    return "utf-8-sig" if fmt == "csv-bom" else "utf-8"


class ExportRun(QObject):
    """One export at a time, in the background, with progress and Cancel.

    The job is called as ``job(*args, steps)`` in a thread of its own and
    returns the message to show; it calls ``steps(done)`` as it goes
    (:class:`~viewer.core.files.steps.Steps`), which raises
    :class:`~viewer.core.files.steps.Cancelled` after Cancel.

    Signals:
        done(str): the export finished, or was cancelled (a message for people).
        failed(str): the export failed (why).
    """

    done = Signal(str)
    failed = Signal(str)
    _progressed = Signal(int, int)

    #: The progress dialog shows only for exports that take longer than this.
    SHOW_AFTER_MS = 400

    def __init__(self, window: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._task = LatestTask(parent=self, own_thread=True)
        self._task.done.connect(self._finished)
        self._task.failed.connect(self._failed)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)

    def start(self, title: str, total: int, job: Callable[..., str], *args: Any) -> bool:
        """Run ``job(*args, steps)`` with ``total`` steps (0: not known);
        False (and a message) while another export is still running."""
        if self.dialog is not None:
            self.failed.emit(self.tr("Another export is still running: wait for it, or cancel it"))
            return False
        self._cancel = threading.Event()
        dialog = QProgressDialog(title, self.tr("Cancel"), 0, max(0, total), self.window)
        dialog.setObjectName("exportProgress")
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(self.SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        dialog.setValue(0)
        self.dialog = dialog
        steps = Steps(total, self._progressed.emit, self._cancel)
        self._task.submit(job, *args, steps)
        return True

    def cancel(self) -> None:
        """Stop the export (as its Cancel button does)."""
        self._cancel.set()

    def running(self) -> bool:
        return self.dialog is not None

    def _show_progress(self, done: int, total: int) -> None:
        if self.dialog is not None and not self._cancel.is_set():
            if total and self.dialog.maximum() != total:
                self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total) if total else 0)

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _finished(self, message: str) -> None:
        self._close()
        self.done.emit(message)

    def _failed(self, message: str) -> None:
        self._close()
        if self._cancel.is_set() or message == Cancelled.__name__ + ": ":
            self.done.emit(self.tr("Export cancelled; nothing was written"))
        else:
            self.failed.emit(self.tr("Export failed: %1").replace("%1", message))
