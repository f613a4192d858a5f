"""Loading an archive off the GUI thread.

The worker runs :func:`viewer.core.loader.load` in a :class:`QThread` and
hands each batch to the GUI thread by a queued signal; the GUI thread adds
it to the model (cheap: a few column appends). Cancelling sets an event
that the core checks between batches.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from viewer.core.files.memory import collection_paused, give_back
from viewer.core.records.decoding import EncodingOverrides
from viewer.core.records.loader import load


class LoadWorker(QObject):
    """Loads paths in its own thread.

    Signals:
        discovered(object, object, object): the file list, the discovery
            problems and the application's own files found (sidecars…).
        batch_loaded(object): a :class:`~viewer.core.batch.Batch`.
        progress(object): a :class:`~viewer.core.loader.Progress`.
        finished(bool): the load ended; True when it was cancelled.
        failed(str): the load stopped on an unexpected error.
    """

    discovered = Signal(object, object, object)
    batch_loaded = Signal(object)
    progress = Signal(object)
    finished = Signal(bool)
    failed = Signal(str)

    def __init__(
        self, paths: list[str], overrides: EncodingOverrides | None = None, workers: int | None = None, cache=None
    ) -> None:
        super().__init__()
        self._cache = cache
        self._paths = paths
        self._overrides = overrides
        self._workers = workers
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

    @Slot()
    def _run(self) -> None:
        own_files: list[str] = []
        try:
            with collection_paused():  # see there: seconds at a million records
                for batch in load(
                    self._paths,
                    overrides=self._overrides,
                    workers=self._workers,
                    progress=self.progress.emit,
                    cancel=self._cancel,
                    discovered=lambda sources, notes: self.discovered.emit(sources, notes, own_files),
                    cache=self._cache,
                    own_files=own_files,
                ):
                    self.batch_loaded.emit(batch)
            self.finished.emit(self._cancel.is_set())
        except Exception as e:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(f"{type(e).__name__}: {e}")
        finally:
            give_back()  # the load's short-lived objects (see there)
            self._thread.quit()
