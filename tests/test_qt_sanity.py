"""Guards against Qt binding bugs that would crash a long session.

PySide6 6.12.0 drops a reference to ``True`` on every signal emitted from
Python; after a few thousand emits the interpreter aborts. pyproject.toml
excludes that release; this test fails if an installed binding has the bug.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    number = Signal(int)
    payload = Signal(object)


def test_emitting_signals_keeps_reference_counts(qapp):
    emitter = _Emitter()
    seen = []
    emitter.number.connect(seen.append)
    emitter.payload.connect(seen.append)
    gc.collect()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for i in range(500):
        emitter.plain.emit()
        emitter.number.emit(i)
        emitter.payload.emit(None)
    gc.collect()
    assert len(seen) == 1000
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before


def test_a_task_of_its_own_thread_is_waited_for_at_shutdown(qapp):
    """Work that runs worker processes (checks, the index) must end before
    the interpreter does: shutting down waits for it once it was told to stop."""
    import threading
    import time

    from viewer.ui.background import LatestTask

    stop, ended = threading.Event(), threading.Event()

    def work() -> None:
        while not stop.is_set():
            time.sleep(0.01)
        time.sleep(0.2)  # winding down takes a moment
        ended.set()

    task = LatestTask(own_thread=True)
    task.submit(work)
    time.sleep(0.05)
    stop.set()
    assert task.wait(5000)
    assert ended.is_set()
    shared = LatestTask()
    assert shared.wait(0)  # the shared pool is never waited for
