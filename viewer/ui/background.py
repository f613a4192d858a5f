"""Latest-wins background work for the GUI.

A :class:`LatestTask` runs a function in a :class:`QThreadPool` and delivers
its result on the GUI thread, but only if no newer call was made since: a
new keystroke or a new selection supersedes the old one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from viewer.core.files.memory import give_back


def describe_error(e: BaseException) -> str:
    """One line for people: the file and the reason for an OSError, the
    message of our own errors (ValueError subclasses carry sentences), else
    the exception's type and text."""
    if isinstance(e, OSError) and e.strerror:
        return f"{e.filename}: {e.strerror}" if e.filename else e.strerror
    if isinstance(e, ValueError) and str(e):
        return str(e)
    return f"{type(e).__name__}: {e}"


class Foreground:
    """What the user waits for goes first.

    A window's interactive jobs (a sort, a search, the facet counts) run
    inside :meth:`running`; long work that can wait (reading every sidecar,
    placing every annotation's span) calls :meth:`yield_to` between its
    steps and waits there while an interactive job runs, at most
    :data:`PATIENCE` seconds at a time (nothing waits forever). Python
    runs one thread at a time: at a million records, a search that needs
    50 ms of it took 0.2–0.5 s while the sidecars were being read beside it.
    Safe to use from any thread.
    """

    #: The longest a step of long work waits for interactive jobs (s).
    PATIENCE = 2.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._idle = threading.Event()
        self._idle.set()

    @contextmanager
    def running(self) -> Iterator[None]:
        """An interactive job runs (jobs may overlap)."""
        with self._lock:
            self._running += 1
            self._idle.clear()
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                if not self._running:
                    self._idle.set()

    def busy(self) -> bool:
        """Is an interactive job running?"""
        return not self._idle.is_set()

    def yield_to(self) -> None:
        """Between two steps of long work: wait while an interactive job
        runs (at most :data:`PATIENCE` seconds)."""
        self._idle.wait(self.PATIENCE)


class _Job(QRunnable):
    def __init__(self, task: LatestTask, serial: int, fn: Callable[..., Any], args: tuple) -> None:
        super().__init__()
        self._task, self._serial, self._fn, self._args = task, serial, fn, args

    def run(self) -> None:
        try:
            if self._task._foreground is not None:
                with self._task._foreground.running():
                    result, error = self._fn(*self._args), None
            else:
                result, error = self._fn(*self._args), None
        except Exception as e:  # noqa: BLE001 - reported as a signal, never a traceback
            result, error = None, describe_error(e)
        try:
            self._task._finished.emit(self._serial, result, error)
        except RuntimeError:  # the owner was deleted meanwhile: nobody wants the result
            pass
        del result
        give_back()  # what the job made and dropped (and what its result replaces, at the next one)


class LatestTask(QObject):
    """Runs one function at a time in the background; only the last call counts.

    Signals:
        done(object): the result of the latest call.
        failed(str): the latest call raised; the message names the error.
    """

    done = Signal(object)
    failed = Signal(str)
    _finished = Signal(int, object, object)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None, *, own_thread: bool = False,
                 foreground: Foreground | None = None) -> None:
        """``own_thread``: run in a thread of its own, for work that can take
        minutes (building the search index, exports, checks), so that it
        never holds up the short tasks of the shared pool (a sort, a search).
        ``foreground``: the calls are interactive jobs, which long work
        yields to (see :class:`Foreground`)."""
        super().__init__(parent)
        self._foreground = foreground
        if own_thread:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
        self._pool = pool or QThreadPool.globalInstance()
        self._serial = 0
        self._finished.connect(self._deliver)

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run ``fn(*args)`` in the pool; earlier calls' results are dropped."""
        self._serial += 1
        self._pool.start(_Job(self, self._serial, fn, args))

    def cancel(self) -> None:
        """Drop the result of every call made so far."""
        self._serial += 1

    def wait(self, msecs: int = 5000) -> bool:
        """Wait (at most ``msecs``) for a task of its own thread to end, at
        shutdown, once it was told to stop: work that runs worker
        processes must not be cut off by the interpreter's exit (the
        processes would be left without their parent). True when it ended.
        A shared pool is not waited for."""
        if self._pool is QThreadPool.globalInstance():
            return True
        return self._pool.waitForDone(msecs)

    def _deliver(self, serial: int, result: Any, error: str | None) -> None:
        if serial != self._serial:
            return
        if error is None:
            self.done.emit(result)
        else:
            self.failed.emit(error)
