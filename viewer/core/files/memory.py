"""This process's memory, as the kernel reports it (``/proc/self``), for
the benchmark: resident, and private (what the kernel can neither drop nor
share; file-backed pages of a memory-mapped index are not in it)."""

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
    """Private memory now (KiB); 0 where the kernel does not say."""
    try:
        with open("/proc/self/smaps_rollup") as fh:
            return sum(int(line.split()[1]) for line in fh if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except OSError:
        return 0
