"""Opening an archive: a new Session, loaded in the background.

:class:`LoadController` makes the :class:`~viewer.core.session.Session` of
an archive and fills it from a :class:`~viewer.ui.load_worker.LoadWorker`.
Opening another archive is one call, :meth:`LoadController.open`: it says
so with :attr:`LoadController.opened`, and every part of the window resets
itself from that one signal.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from viewer.core.files.paths import user_data_dir
from viewer.core.records.batch import Batch
from viewer.core.records.diagnostics import Problem
from viewer.core.records.fields import BM, BT, FL, FT, TC, YT, ZZ
from viewer.core.records.snapshot import Slice
from viewer.core.session import Session
from viewer.ui.load_worker import LoadWorker
from viewer.ui.settings import Settings

#: The text columns (ranked to be sorted by; the others are dates and numbers).
TEXT_SORTS = frozenset({YT, BT, FT, ZZ, FL, BM, TC})


class LoadController(QObject):
    """Opens archives.

    Args:
        settings: the user's settings (author, fallback folder).
        workers: worker processes for loading (None: one per CPU).
        cache: the persistent index (None: none).

    Signals:
        opened(object): a new :class:`Session`, still empty, replaced the old one.
        problems_found(object): a list of :class:`Problem` s found while loading.
        records_added(): the listing has new rows at its end (told at most
            every :attr:`FLUSH_MS`, so that the table takes rows a few
            times a second, not a thousand times in a large load).
        progress(object): a :class:`Progress`, emitted from the loading
            thread as it happens (a widget's slot connected as usual runs
            queued in the GUI thread; a direct connection runs at once
            there, so it can cancel the load at a precise point).
        finished(bool): loading ended; True when it was cancelled.
        failed(str): loading stopped on an unexpected error.
    """

    opened = Signal(object)
    problems_found = Signal(object)
    records_added = Signal()
    progress = Signal(object)
    finished = Signal(bool)
    failed = Signal(str)

    #: How long shown ids are gathered before the table is told (ms).
    FLUSH_MS = 150

    def __init__(self, settings: Settings, *, workers: int | None = None, cache=None, parent: QObject | None = None):
        super().__init__(parent)
        self._pending = False  # rows added that the table has not been told of
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(self.FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush)
        self.settings = settings
        self.workers = workers
        self.cache = cache
        self.session = Session()
        self.loading = False
        self.cancelled = False
        self._worker: LoadWorker | None = None

    def open(self, paths: list[str], *, check_every_file: bool = False, first_sort: str | None = None) -> Session:
        """Start loading ``paths`` into a new session (the old one is let
        go); unless ``check_every_file``, unchanged folders are trusted when
        the settings say so (:attr:`~viewer.ui.settings.Settings.trust_folders`).
        ``first_sort``: the column the table will be sorted by once loaded,
        if any (the load ranks a text column ahead, 标题 if none is given:
        see :class:`LoadWorker`)."""
        self.stop()
        old = self.session
        self.session = Session(
            paths,
            fallback_root=self.settings.fallback_dir,
            backup_root=str(user_data_dir() / "backups"),
            author=self.settings.author,
            cache=self.cache,
        )
        self.loading, self.cancelled = True, False
        self.opened.emit(self.session)
        old.close()
        trust = self.settings.trust_folders and not check_every_file
        self._worker = worker = LoadWorker(self.session.archive, self.session.paths, workers=self.workers, cache=self.cache,
                                           trust_folders=trust, first_sort=self._first_sort(first_sort))
        worker.discovered.connect(self._on_discovered)
        worker.batch_loaded.connect(self._on_batch)
        worker.progress.connect(self.progress, Qt.ConnectionType.DirectConnection)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.start()
        return self.session

    def _first_sort(self, code: str | None) -> tuple[str, str]:
        """What the load ranks ahead: ``code`` if it is a text column, else 标题."""
        return (code if code in TEXT_SORTS else BT), self.session.listing.collation

    def take_default_order(self) -> np.ndarray | None:
        """The loaded archive's records in their default order, worked out
        in the load's thread (see :attr:`LoadWorker.default_order`), once;
        None if there is none."""
        worker = self._worker
        if worker is None:
            return None
        order, worker.default_order = worker.default_order, None
        return order

    def cancel(self) -> None:
        """Stop loading after the batch in hand (what was loaded stays)."""
        if self._worker is not None:
            self._worker.cancel()

    def stop(self) -> None:
        """Stop loading now and let go of the worker."""
        self._flush_timer.stop()
        self._pending = False
        worker, self._worker = self._worker, None
        if worker is None:
            return
        for signal in (worker.discovered, worker.batch_loaded, worker.progress, worker.finished, worker.failed):
            signal.disconnect()
        if worker.is_running():
            worker.cancel()
            worker.wait()
        self.loading = False

    @Slot(object, object, object)
    def _on_discovered(self, _files: int, problems: list[Problem], _own_files: list[str]) -> None:
        self.problems_found.emit(problems)  # (the worker put them in the archive)

    @Slot(object, object)
    def _on_batch(self, batch: Batch | Slice, rids: range) -> None:
        problems = batch.all_problems()
        first = len(self.session.listing.order) == 0
        self._pending = len(self.session.add_records(rids)) > 0 or self._pending
        if problems:
            self.problems_found.emit(problems)
        if first:
            self._flush()  # the first rows at once
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        self._flush_timer.stop()
        if self._pending:
            self._pending = False
            self.records_added.emit()

    @Slot(bool)
    def _on_finished(self, cancelled: bool) -> None:
        # The worker is kept until the next open or stop(): its thread may
        # still be ending.
        self._flush()
        self.loading, self.cancelled = False, cancelled
        self.finished.emit(cancelled)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._flush()
        self.loading = False
        self.failed.emit(message)
