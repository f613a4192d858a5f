"""Loading an archive off the GUI thread.

The worker runs :func:`viewer.core.loader.load` in a :class:`QThread` and
hands each batch to the GUI thread by a queued signal; the GUI thread adds
it to the model (cheap: a few column appends). Cancelling sets an event
that the core checks between batches.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from viewer.core.files.memory import give_back
from viewer.core.records.archive import RANK_AHEAD, Archive
from viewer.core.records.decoding import EncodingOverrides


class LoadWorker(QObject):
    """Loads paths into an archive in its own thread.

    The archive is extended here, not in the GUI thread: a million records'
    columns are seconds of Python, and the reading (a ``stat`` a file,
    folder listings) waits for the interpreter after every call while
    another thread holds it. :class:`~viewer.core.records.archive.Archive`
    is safe to read while it grows: records count once complete.

    Args:
        archive: the archive to fill (the discovery notes and the
            application's own files found go to it too).
        trust_folders: take the archive from its snapshot without checking
            each file when no folder changed (see
            :meth:`~viewer.core.records.archive.Archive.fill`).
        first_sort: the text column (and collation) the user is likeliest
            to sort by first (标题): an archive of more than
            :data:`~viewer.core.records.archive.RANK_AHEAD` records has it
            ranked in this thread before the load is said to have ended,
            while nothing else runs beside the ranking. At a first opening
            of a million records the window ranked it afterwards, beside the
            snapshot being written, the search index's first jobs and the
            annotations being read: a sort by 标题 took 2 s instead of a
            few tenths (see the README, the bench).

    Signals:
        discovered(object, object, object): the number of files found, the
            discovery problems and the application's own files found
            (sidecars…), after they are in the archive.
        batch_loaded(object, object): a :class:`~viewer.core.batch.Batch`
            (or a run of the archive's snapshot,
            :class:`~viewer.core.records.snapshot.Slice`) and the ids of its
            records, once they are in the archive.
        progress(object): a :class:`~viewer.core.loader.Progress`.
        finished(bool): the load ended; True when it was cancelled.
        failed(str): the load stopped on an unexpected error.
    """

    discovered = Signal(object, object, object)
    batch_loaded = Signal(object, object)
    progress = Signal(object)
    finished = Signal(bool)
    failed = Signal(str)

    def __init__(
        self,
        archive: Archive,
        paths: list[str],
        overrides: EncodingOverrides | None = None,
        workers: int | None = None,
        cache=None,
        trust_folders: bool = False,
        first_sort: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._archive = archive
        self._cache = cache
        self._paths = paths
        self._overrides = overrides
        self._workers = workers
        self._trust_folders = trust_folders
        self._first_sort = first_sort
        #: The archive's records in their default order (date, page, item),
        #: worked out in the load's thread once it ends (None until then, or
        #: when the load was cancelled): the window need not sort a million
        #: records on its own thread.
        self.default_order: np.ndarray | None = None
        self._cancel = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName("archive-load")
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the load to stop after the batch in hand (any thread)."""
        self._cancel.set()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the thread to end."""
        if msecs < 0:
            return self._thread.wait()
        return self._thread.wait(msecs)

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def _discovered(self, files: int, notes: list) -> None:
        self.discovered.emit(files, notes, list(self._archive.own_files))

    @Slot()
    def _run(self) -> None:
        try:
            self._archive.fill(
                self._paths,
                overrides=self._overrides,
                workers=self._workers,
                progress=self.progress.emit,
                cancel=self._cancel,
                cache=self._cache,
                discovered=self._discovered,
                added=self.batch_loaded.emit,
                trust_folders=self._trust_folders,
            )
            if not self._cancel.is_set():
                self.default_order = self._archive.default_order_array()
                if self._first_sort is not None and len(self._archive) > RANK_AHEAD:
                    self._archive.sort_ranks(*self._first_sort)
            self.finished.emit(self._cancel.is_set())
            # After the window has every record: the next opening's snapshot.
            self._archive.save_snapshot(self._cancel)
        except Exception as e:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"{type(e).__name__}: {e}")
        finally:
            give_back()  # the load's short-lived objects (see there)
            self._thread.quit()
