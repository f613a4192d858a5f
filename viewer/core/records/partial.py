"""A trusted reopening where a few folders changed: those folders are
listed again and their files checked; the rest is the snapshot, trusted.

Trusting unchanged folders (:mod:`~viewer.core.records.folders`) takes the
snapshot whole when no folder changed. But annotating changes folders: each
sidecar saved is a new name in its article's folder. Checking everything
again after that (four seconds at a million files) would make trust worth
nothing to anyone who annotates. So when a few folders changed, the
opening lists just those again, with discovery's rules
(:func:`~viewer.core.records.discovery.relist`), ``stat`` s their record
files, and builds the archive in folder order from runs of the snapshot's
unchanged folders (as trusted as a whole trusted opening) and each changed
folder's files: from the snapshot or the cache where their names and
stamps are as kept, read again otherwise. Discovery's notes are made again
from every file the walk skipped (kept in the list), with the changed
folders' as listed now. The result is what a whole walk would give now,
for every folder whose stamp says it did not change.

It falls back to checking everything (returns no :class:`Plan`) where it
could not be exact or would not be quick: more than :data:`MAX_FOLDERS`
folders (or half of them) or :data:`MAX_FILES` files to look at again, a folder gone, added
or removed below a changed one, a symbolic link or a hard link met, notes
beyond the skipped files' (a loop), or a snapshot that does not fit the
list.
"""

from __future__ import annotations

import threading
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain

import numpy as np

from viewer.core.records import discovery
from viewer.core.records.batch import Batch, stamp_of
from viewer.core.records.cache import IndexCache
from viewer.core.records.diagnostics import Problem
from viewer.core.records.discovery import FileGroup
from viewer.core.records.folders import FolderList, Relisted, Walked
from viewer.core.records.loader import (
    FIRST_CHUNK_FILES,
    Progress,
    archive_fallback,
    index_files,
    kept_chunk,
    remembered,
)
from viewer.core.records.snapshot import Slice, Snapshot

#: More changed folders than this: check everything (their listings and
#: their files' stats would be most of a whole check's cost).
MAX_FOLDERS = 256
#: More record files than this in the changed folders: check everything
#: (they are stat-ed, and read where changed, in the loading thread).
MAX_FILES = 4096


@dataclass
class Plan:
    """What a partly trusted opening takes, in folder order.

    Attributes:
        walked: the walk as it is now: the list's, with the changed folders
            as listed again (written down after the opening).
        notes: discovery's notes, made again (the application's own files
            found are ``walked.own_files()``).
        run: the snapshot's groups as the list had them.
        items: runs of the snapshot's unchanged groups (first, end: places
            in ``run``), and the changed folders that hold record files.
        relisted: how many folders were listed again.
    """

    walked: Walked
    notes: list[Problem]
    run: Slice
    items: list[tuple[int, int] | Relisted]
    relisted: int


def plan(listed: FolderList, changed: list[int], taken: Snapshot, paths: list[str], began_ns: int) -> Plan | None:
    """The partly trusted opening of ``taken`` when the folders ``changed``
    (places in the list's walk) changed, or some of its files are racily
    clean (:func:`~viewer.core.records.batch.settled`: their folders are
    listed again too); None when everything must be checked (see the
    module docstring)."""
    walked = listed.walked
    if len(changed) > MAX_FOLDERS or taken.taken:
        return None
    if len(set(walked.rels)) != len(walked.rels) or len(walked.roots) != len(walked.folders):
        return None
    if any(why == "twice" for _at, why, _name, _example in walked.skips):
        return None  # (a file with two names: which one is skipped depends on the whole walk)
    if discovery.skipped_notes(walked, paths) != listed.notes:
        return None  # notes beyond the skipped files' (a link loop)
    run = taken.walked_folders(walked)
    if run is None:
        return None
    have = [at for at, files in enumerate(walked.files) if files]  # each group's folder
    again = set(changed)
    again.update(have[g] for g in taken.unsettled_groups().tolist())  # a racily clean file: read again
    if not again:
        return None
    if len(again) > MAX_FOLDERS or 2 * len(again) > len(walked.folders):
        return None  # (most folders changed: the whole check, in worker processes, is as quick)
    if sum(walked.files[at] for at in again) > MAX_FILES:
        return None
    relisted = discovery.relist(walked, sorted(again))
    if relisted is None or sum(len(r.names) for r in relisted) > MAX_FILES:
        return None
    now = walked.replaced(relisted, began_ns)
    by_folder = {r.index: r for r in relisted}
    items: list[tuple[int, int] | Relisted] = []
    group = start = 0
    for at, files in enumerate(walked.files):
        r = by_folder.get(at)
        if r is None:
            group += 1 if files else 0
            continue
        if start < group:
            items.append((start, group))
        if files:
            group += 1  # (its old group is not taken as it was)
        start = group
        if r.names:
            items.append(r)
    if start < group:
        items.append((start, group))
    whole = Slice(taken, run, 0, len(run.keys))
    return Plan(now, discovery.skipped_notes(now, paths), whole, items, len(relisted))


def load(
    plan: Plan,
    cache: IndexCache | None,
    *,
    max_bytes: int,
    began_ns: int,
    first_groups: int,
    discovered: Callable[[int, list[Problem]], None],
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[Batch | Slice]:
    """The archive of a :class:`Plan`, in folder order: runs of the
    snapshot (the first split after ``first_groups`` folders, so that a
    window shows its first rows early), and each changed folder's files,
    from the snapshot or the cache where unchanged, read otherwise (with
    the archive's fallback encoding worked out as a whole load does, from
    its first files). Stops between folders once ``cancel`` is set."""
    started = time.perf_counter()
    run, snap = plan.run, plan.run.snapshot
    total = sum(plan.walked.files)
    discovered(total, plan.notes)
    files = records = nbytes = 0
    head: list[Batch | Slice] = []  # the first files, as a whole load's first chunk
    head_files = 0
    fallback: str | None = None
    if progress is not None:
        progress(Progress(0, total, 0, 0, time.perf_counter() - started))
    assert run.folders is not None
    counts = run.folders.counts
    for item in plan.items:
        if cancel is not None and cancel.is_set():
            return
        if isinstance(item, tuple):
            start, end = item
            cuts = {start, end}
            if start == 0:
                cuts.add(min(first_groups, end))
            if head_files < FIRST_CHUNK_FILES:  # the run's groups that end the first chunk, on their own
                reach = np.cumsum(counts[start:end]) + head_files
                cuts.add(start + min(int(np.searchsorted(reach, FIRST_CHUNK_FILES)) + 1, end - start))
            at = sorted(cuts)
            pieces: list[Batch | Slice] = [run.part(a, b) for a, b in zip(at, at[1:])]
        else:
            pieces = [_folder(item, plan.walked, snap, cache, None if head_files < FIRST_CHUNK_FILES else fallback,
                              max_bytes, began_ns)]
        for piece in pieces:
            if head_files < FIRST_CHUNK_FILES:
                head.append(piece)
                head_files += len(piece)
                if head_files >= FIRST_CHUNK_FILES:
                    fallback = archive_fallback(head)
            yield piece
            files, records, nbytes = files + len(piece), records + piece.records, nbytes + piece.nbytes
            if progress is not None:
                progress(Progress(files, total, records, nbytes, time.perf_counter() - started))


def _folder(r: Relisted, walked: Walked, snap: Snapshot, cache: IndexCache | None, fallback: str | None,
            max_bytes: int, began_ns: int) -> Batch | Slice:
    """A changed folder's files: as kept, where they are, else read."""
    group = FileGroup(walked.folders[r.index], r.names, prefix=r.prefix, rel=walked.rels[r.index])
    stamps = array("q", chain.from_iterable(map(stamp_of, r.stats))).tobytes()
    kept = kept_chunk([group], [stamps], snap, cache)
    if kept is not None:
        return kept
    return remembered(index_files(group.files, None, fallback, max_bytes), [group], cache, began_ns)

