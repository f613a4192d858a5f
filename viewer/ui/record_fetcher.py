"""Reading a record's full text off the GUI thread.

Selecting a row asks for that record; the file is read and parsed in the
thread pool and the result comes back on the GUI thread. Only the latest
request is delivered, so quick scrolling never shows a stale record.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from viewer.core.archive import Archive
from viewer.core.record import Record
from viewer.ui.background import LatestTask


def _read(archive: Archive, rid: int) -> tuple[int, Record | None]:
    try:
        return rid, archive.read(rid)
    except (OSError, IndexError):  # the file vanished or changed since loading
        return rid, None


class RecordFetcher(QObject):
    """Fetches records for the reader.

    Signals:
        fetched(int, object): a record id and its
            :class:`~viewer.core.record.Record` (None if it could not be read).
    """

    fetched = Signal(int, object)

    def __init__(self, archive: Archive, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._task = LatestTask(parent=self)
        self._task.done.connect(lambda result: self.fetched.emit(*result))

    def cancel(self) -> None:
        """Drop every pending request (the archive is being replaced)."""
        self._task.cancel()

    def fetch(self, rid: int) -> None:
        """Read record ``rid`` in the background; supersedes earlier requests."""
        self._task.submit(_read, self.archive, rid)
