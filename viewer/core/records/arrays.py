"""Appending numpy arrays to the archive's growable columns (``array.array``).

The columns grow as a load goes on and are read from other threads, so they
are ``array.array`` objects, not numpy arrays. ``array.frombytes`` takes a
buffer of single bytes only, and ``ndarray.tobytes()`` made one more copy
of every column at a reopening (a hundred megabytes at a million records);
a byte view of the converted array is taken instead.
"""

from __future__ import annotations

from array import array

import numpy as np


def append(column: array, values: np.ndarray) -> None:
    """Append ``values`` to ``column``, converted to its item type."""
    converted = np.ascontiguousarray(values, dtype=np.dtype(column.typecode))
    column.frombytes(converted.reshape(-1).view(np.uint8).data)
