"""This process's memory: as the kernel reports it (``/proc/self``), for
the benchmark: resident, and anonymous (the heap: what the kernel can
neither drop nor share; the difference is mostly file-backed pages, such
as those of the memory-mapped search index, which the kernel drops when it
needs the memory); and what is done to keep it small and the window
responsive: the cycle collector paused while loading (and what the load
made kept out of later collections), free heap pages given back, and few
heap arenas."""

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
_keeping = False  # see keep_long_lived


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while loading.

    A load makes a million small objects while the archive's columns (lists
    of a million values each) are alive; every full collection walks those
    lists, and a load triggers dozens (about 2 s at a million records).
    Objects are still freed as usual when their last reference goes; only
    the search for reference cycles waits until the end. Loads in several
    threads share one pause; the collector comes back, if it was on, when
    the last one ends (after keeping what is left, in a process that asked
    for it: :func:`keep_long_lived`).
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
                if _keeping:
                    gc.freeze()
                gc.enable()


def keep_long_lived(on: bool = True) -> None:
    """For the whole process (the window's sets it when it starts, as it
    limits heap arenas): when the last pause of the cycle collector ends
    (:func:`collection_paused`), every object the collector tracks is moved
    to its permanent generation (``gc.freeze``) before it starts again.

    A pause ends with everything the work made (an archive's file table, a
    hundred thousand annotations, the annotation browser's rows) in the
    youngest generation, and every full collection after that walked all
    of it, holding the interpreter lock: at a million records with 100,000
    annotations, six full collections of 110–250 ms each while the
    annotations were read and placed, freeing nothing (measured), each one
    a stall of the window. Kept, they are never walked again.

    What this gives up: a reference cycle made during such work and
    dropped later is not freed until :func:`release_long_lived` (the
    collections during that work freed nothing; the window releases when
    it replaces or closes its archive).
    """
    global _keeping
    _keeping = on


def release_long_lived() -> None:
    """If anything was kept (:func:`keep_long_lived`), let the collector look
    at it again (``gc.unfreeze``) and collect: the window replaced its
    archive, whose reference cycles go now, before the next load keeps
    what is left again."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()


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
