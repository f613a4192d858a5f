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


def test_long_work_waits_while_an_interactive_job_runs_and_never_forever(qtbot, monkeypatch):
    """Foreground: a job of a task made with it marks it busy while it
    runs; long work's ``yield_to`` waits for that, at most PATIENCE."""
    import threading

    from viewer.ui.background import Foreground, LatestTask

    foreground = Foreground()
    release, inside = threading.Event(), threading.Event()
    seen: list[bool] = []

    def interactive() -> str:
        seen.append(foreground.busy())
        inside.set()
        release.wait(10)
        return "done"

    task = LatestTask(foreground=foreground)
    results: list[str] = []
    task.done.connect(results.append)
    task.submit(interactive)
    assert inside.wait(10)
    passed = threading.Event()
    waiter = threading.Thread(target=lambda: (foreground.yield_to(), passed.set()))
    waiter.start()
    waiter.join(0.3)
    assert not passed.is_set()  # held while the interactive job runs
    release.set()
    waiter.join(10)
    assert passed.is_set() and seen == [True]
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    assert not foreground.busy()
    monkeypatch.setattr(Foreground, "PATIENCE", 0.01)
    with foreground.running():  # a job that never ends does not stop long work for good
        foreground.yield_to()
        assert foreground.busy()
    assert not foreground.busy()
