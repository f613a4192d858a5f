"""Reading a record's full text off the GUI thread.

Selecting a row asks for that record; the file is read and parsed in
:class:`QThreadPool` and the result comes back by a queued signal. Only the
latest request is delivered, so quick scrolling never shows a stale record.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from viewer.core.archive import Archive


class _Job(QRunnable):
    def __init__(self, fetcher: RecordFetcher, serial: int, rid: int) -> None:
        super().__init__()
        self._fetcher, self._serial, self._rid = fetcher, serial, rid

    def run(self) -> None:
        try:
            record = self._fetcher.archive.read(self._rid)
        except Exception:  # noqa: BLE001 - a vanished file shows as no record
            record = None
        self._fetcher._done.emit(self._serial, self._rid, record)


class RecordFetcher(QObject):
    """Fetches records for the reader.

    Signals:
        fetched(int, object): a record id and its
            :class:`~viewer.core.record.Record` (None if it could not be read).
    """

    fetched = Signal(int, object)
    _done = Signal(int, int, object)

    def __init__(self, archive: Archive, pool: QThreadPool | None = None, parent=None) -> None:
        super().__init__(parent)
        self.archive = archive
        self._pool = pool or QThreadPool.globalInstance()
        self._serial = 0
        self._done.connect(self._deliver)

    def fetch(self, rid: int) -> None:
        """Read record ``rid`` in the background; supersedes earlier requests."""
        self._serial += 1
        self._pool.start(_Job(self, self._serial, rid))

    def _deliver(self, serial: int, rid: int, record) -> None:
        if serial == self._serial:
            self.fetched.emit(rid, record)
