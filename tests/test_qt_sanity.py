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
