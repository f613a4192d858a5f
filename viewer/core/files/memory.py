"""This process's memory, as the kernel reports it (``/proc/self``), for
the benchmark: resident, and anonymous (the heap: what the kernel can
neither drop nor share). The difference is mostly file-backed pages, such
as those of the memory-mapped search index, which the kernel drops when it
needs the memory."""

from __future__ import annotations

import resource


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
