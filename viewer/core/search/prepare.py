"""Getting an archive ready for searching its bodies: the persistent n-gram
index where the cache folder can be used, else a body store to scan."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import NamedTuple

from viewer.core.records.archive import Archive
from viewer.core.records.cache import IndexCache
from viewer.core.search.bodies import BodyStore
from viewer.core.search.gramindex import GramIndex


class Prepared(NamedTuple):
    """What searching uses: the index, or the store (None when cancelled)."""

    grams: GramIndex | None
    store: BodyStore | None

    def matches(self, records: int) -> bool:
        """Is it for an archive of ``records`` records?"""
        ready = self.grams if self.grams is not None else self.store
        return ready is not None and len(ready) == records

    def close(self) -> None:
        if self.grams is not None:
            self.grams.close()
        if self.store is not None:
            self.store.close()


def prepare(
    archive: Archive,
    *,
    index_folder: str | os.PathLike[str] | None,
    store_folder: str,
    workers: int | None = None,
    cache: IndexCache | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Prepared:
    """The n-gram index kept in ``index_folder`` (the user cache folder),
    brought up to date; when there is no such folder, or the index cannot
    hold every record (a file name that cannot be stored, a file that
    changed since loading), a body store in ``store_folder`` to scan.

    The scan gives the same results, only slower (see ``docs/search-index.md``).
    """
    if index_folder is not None:
        grams = GramIndex.open(archive, index_folder, workers=workers, progress=progress, cancel=cancel)
        if grams is not None and grams.complete:
            return Prepared(grams, None)
        if grams is not None:
            grams.close()
        if cancel is not None and cancel.is_set():
            return Prepared(None, None)
    store = BodyStore.build(archive, store_folder, workers=workers, cancel=cancel, cache=cache)
    if store is not None:
        store.start_workers(workers)
    return Prepared(None, store)
