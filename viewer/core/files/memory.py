"""This process's memory, as the kernel reports it (``/proc/self``), for
the benchmark: resident, and anonymous (the heap: what the kernel can
neither drop nor share). The difference is mostly file-backed pages, such
as those of the memory-mapped search index, which the kernel drops when it
needs the memory."""

from __future__ import annotations

import gc
import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def rss_kib() -> int:
    """Resident memory now (KiB)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def private_kib() -> int:
    """Anonymous (private, not file-backed) memory now (KiB); 0 where the
    kernel does not say. ("Private_Clean" would count pages of a mapped
    file that only this process has touched: droppable, not the heap.)"""
    try:
        with open("/proc/self/smaps_rollup") as fh:
            return sum(int(line.split()[1]) for line in fh if line.startswith("Anonymous:"))
    except OSError:
        return 0


_pause_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while loading.

    A load makes a million small objects while the archive's columns (lists
    of a million values each) are alive; every full collection walks those
    lists, and a load triggers dozens (about 2 s at a million records).
    Objects are still freed as usual when their last reference goes; only
    the search for reference cycles waits until the end. Loads in several
    threads share one pause; the collector comes back, if it was on, when
    the last one ends.
    """
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
