"""How the window's process is set up, in one place (the application and
the GUI bench both call :func:`set_up`)."""

from __future__ import annotations

import sys

from viewer.core.files.memory import keep_long_lived, limit_arenas, release_long_lived

#: Seconds a thread runs Python before the interpreter lock is offered to
#: another (Python's default: 0.005).
SWITCH_INTERVAL = 0.001


def set_up() -> None:
    """Set up this process as the window's; call it before any thread starts.

    - Few heap arenas (:func:`~viewer.core.files.memory.limit_arenas`).
    - What a load or the annotations made is kept out of later full cycle
      collections (:func:`~viewer.core.files.memory.keep_long_lived`).
    - The interpreter lock changes hands every millisecond, not every five
      (``sys.setswitchinterval``). Each time Qt calls into Python (a cell's
      text, a paint, a signal) the window's thread takes the lock again;
      while a background thread runs Python (sidecars read, spans placed)
      it waited up to the whole interval each time, and painting a table
      takes hundreds of such calls. At a million records with 100,000
      annotations the window's longest block while the annotation
      browser filled went from 0.28–0.31 s to 0.12–0.14 s; the background
      work took about 10% longer (measured: the GUI bench, two runs each
      way; half a millisecond was no better).
    """
    limit_arenas()
    keep_long_lived()
    sys.setswitchinterval(SWITCH_INTERVAL)


def tear_down() -> None:
    """Before the process exits (the window closed): let the cycle
    collector see everything :func:`set_up` had it keep, and collect.

    Python never finalizes kept objects at exit, and what only a collection
    frees was then never closed: the metadata cache's SQLite database left
    its ``-wal`` and ``-shm`` files in the cache folder at every quit (found
    by a walk: open, annotate, reload, quit)."""
    release_long_lived()
