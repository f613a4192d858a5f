"""Progress and Cancel for long work (exports): a :class:`Steps` is called
with how far the work has come; it reports that now and then and raises
:class:`Cancelled` once the user asked to stop."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user stopped the work (an export writes nothing then)."""


class Steps:
    """How far a piece of work has come, and whether to stop.

    Args:
        total: how many steps there are (0: not known).
        report: called with (done, total) every ``every`` steps.
        cancel: set to stop: the next report raises :class:`Cancelled`.
        every: how often to report and to look at ``cancel``.
    """

    def __init__(self, total: int = 0, report: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None, every: int = 256) -> None:
        self.total = total
        self.report = report
        self.cancel = cancel
        self.every = max(1, every)

    def __call__(self, done: int) -> None:
        if done % self.every:
            return
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled
        if self.report is not None:
            self.report(done, self.total)

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled
