"""Proofreading checks in the window: run in the background after each load.

:class:`ChecksController` runs :func:`viewer.core.records.checks.run` over
the open archive once it is loaded (and again when the checks switched on
change), and puts what it finds in the Problems panel beside the loading
problems, replacing its earlier findings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from viewer.core.records import checks
from viewer.core.records.diagnostics import Problem
from viewer.core.session import Session
from viewer.ui.background import Foreground, LatestTask
from viewer.ui.problems_dock import ProblemsDock
from viewer.ui.settings import Settings

KINDS = frozenset(checks.NAMES)


def _run(session: Session, settings: checks.Settings, workers: int | None, cancel: threading.Event,
         between: Callable[[], None] | None) -> list[Problem] | None:
    found = checks.run(session.archive, settings, workers=workers, cancel=cancel, cache=session.cache, between=between)
    return None if cancel.is_set() else found


class ChecksController(QObject):
    """Runs the proofreading checks of the open archive.

    Args:
        problems: the Problems panel, which shows the findings.
        settings: the user's settings (which checks are off).
        workers: processes for reading the files again (None: one a CPU).
        foreground: the user's jobs, which the checks wait for between
            batches of files (see :class:`~viewer.ui.background.Foreground`).

    Signals:
        finished(int): the checks ran; how many findings.
    """

    finished = Signal(int)

    def __init__(
        self, problems: ProblemsDock, settings: Settings, *, workers: int | None = None,
        foreground: Foreground | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.foreground = foreground
        self.problems = problems
        self.settings = settings
        self.workers = workers
        self.session = Session()
        self._cancel = threading.Event()
        self._closed = False
        self._task = LatestTask(parent=self, own_thread=True)
        self._task.done.connect(self._show)

    def archive_changed(self, session: Session) -> None:
        """Another archive: stop checking the old one."""
        self.stop()
        self.session = session

    def run(self) -> None:
        """Check the open archive (again) with the checks switched on
        (nothing once the window is shutting down)."""
        if self._closed:
            return
        self.stop()
        self._cancel = threading.Event()
        off = frozenset(self.settings.checks_off) & KINDS
        settings = checks.Settings(off, checks.archive_confusions(self.session.paths))
        between = self.foreground.yield_to if self.foreground is not None else None
        self._task.submit(_run, self.session, settings, self.workers, self._cancel, between)

    def stop(self) -> None:
        self._cancel.set()
        self._task.cancel()

    def shutting_down(self) -> None:
        self._closed = True
        self.stop()
        self._task.wait()  # (the checks run worker processes)

    def _show(self, found: list[Problem] | None) -> None:
        if found is None:
            return
        self.problems.model.replace_kinds(KINDS, found)
        self.finished.emit(len(found))
