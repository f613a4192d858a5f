"""This process's memory: as the kernel reports it (``/proc/self``), for
the benchmark: resident, and anonymous (the heap: what the kernel can
neither drop nor share; the difference is mostly file-backed pages, such
as those of the memory-mapped search index, which the kernel drops when it
needs the memory); and the three things done to keep it small: the cycle
collector paused while loading, free heap pages given back, and few heap
arenas."""

from __future__ import annotations

import ctypes
import functools
import gc
import resource
import threading
from collections.abc import Callable, Iterator
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


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


def give_back() -> bool:
    """Give the C heap's free pages back to the system; False where that
    cannot be done (a C library without ``malloc_trim``).

    Loading a million records, opening the index or sorting makes and drops
    hundreds of megabytes of short-lived objects; glibc keeps the freed
    memory in the process (about 600 MB at a million records, measured)
    until asked. Asking takes milliseconds and lets go of the interpreter
    lock meanwhile, so worker threads call this when they finish a job.
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


#: glibc's ``mallopt`` parameter for the most heap arenas.
_M_ARENA_MAX = -8
#: Heap arenas the window's process uses (see :func:`limit_arenas`).
ARENAS = 2


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Let glibc's allocator use at most ``arenas`` heaps; False where that
    cannot be done (another C library). Call it before any thread starts.

    glibc gives each thread that allocates its own heap (up to eight a CPU),
    and what one frees stays in it: the window's background threads (the
    load, sorts, searches, the index, the sidecars) left 70–100 MB more
    private memory at a million records (611–665 MiB against 540–593 with
    two arenas, measured). The threads take the interpreter lock in turn,
    so they seldom allocate at the same moment and sharing heaps costs
    nothing measurable."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))
