"""The loaded archive: a column store of every record's short fields.

Designed for a million records: one Python list, typed array or packed
text column per column, no object per record, repeated values (版名, 体裁,
分类, dates, pages…) shared through an intern table and also kept as int32
codes (for facet counts and sorting by them), the headlines (引题, 标题,
副题) packed into one buffer each (:class:`TextColumn`), the files' paths
held once per folder (:class:`FileTable`), and bodies never held. A record's full text
is re-read from its file by :meth:`Archive.read`.

Records are addressed by :data:`RecordId`, the row number in the columns.
Sorting returns lists of ids; views hold those lists.
"""

from __future__ import annotations

import os
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import shared_memory
from typing import NewType

import numpy as np

from viewer.core.files.memory import collection_paused, give_back
from viewer.core.records import folders, kept, partial, snapshot
from viewer.core.records.arrays import append
from viewer.core.records.batch import N_INTS, STAMP_INTS, Batch, settled
from viewer.core.records.cache import IndexCache, group_key, problem_json
from viewer.core.records.collation import CODEPOINT, PINYIN, collation_tag, pinyin_key, pinyin_units, shared_ranks
from viewer.core.records.decoding import EncodingOverrides
from viewer.core.records.diagnostics import Problem, Severity
from viewer.core.records.discovery import SourceFile
from viewer.core.records.fields import BH, INDEXED_FIELDS, RQ, TH, ZQ
from viewer.core.records.filetable import FileTable
from viewer.core.records.loader import MAX_FILE_BYTES, ParsedFile, Progress, load, pool_context, read_file
from viewer.core.records.markup import Picture
from viewer.core.records.record import (
    Record,
    RecordKey,
    make_key,
    parse_date,
    parse_number,
    split_key,
)
from viewer.core.records.snapshot import Slice
from viewer.core.records.textcolumn import CodedColumn, TextColumn, ranks_of

RecordId = NewType("RecordId", int)
FileId = NewType("FileId", int)

#: Columns whose values repeat a lot and are stored once.
_INTERNED = frozenset({ZQ, RQ, BH, TH, "ZZ", "FL", "BM", "TC"})

#: Sort key for a missing or bad number/date: after every real value (the
#: largest int32: dates and numbers are held as int32, 4 bytes a record).
MISSING = 2**31 - 1

_RQ_AT = INDEXED_FIELDS.index(RQ)


#: Folders of a trusted snapshot taken first, on their own (see
#: :meth:`Archive._trusted`): a window shows its first rows after these
#: rather than after the whole snapshot (a second at a million records).
TRUSTED_FIRST_GROUPS = 256


def ids_array(ids: Iterable[int]) -> np.ndarray:
    """Record ids as an int64 array (from a list, a set, a range or an array)."""
    if isinstance(ids, np.ndarray):
        return ids.astype(np.int64, copy=False)
    if isinstance(ids, range):
        return np.arange(ids.start, ids.stop, ids.step, dtype=np.int64)
    if isinstance(ids, (list, tuple)):
        return np.array(ids, dtype=np.int64) if ids else np.zeros(0, dtype=np.int64)
    return np.fromiter(ids, dtype=np.int64)


def _ascending(*keys: np.ndarray) -> bool:
    """Are the rows (the keys' values at each place, the first key first)
    in strictly ascending order?"""
    if len(keys[0]) < 2:
        return True
    later = np.zeros(len(keys[0]) - 1, dtype=bool)  # row i+1 after row i, by the keys looked at so far
    tied = np.ones(len(keys[0]) - 1, dtype=bool)
    for key in keys:
        step = np.diff(key)
        if (tied & (step < 0)).any():
            return False
        later |= tied & (step > 0)
        tied &= step == 0
    return bool(later.all())


#: Archives of more records than this have their headline columns ranked
#: ahead of the first sort by one of them (the load ranks 标题 before it
#: ends, the window the others after it), so that the sort is a numpy sort
#: of ready ranks rather than a ranking of every text first.
RANK_AHEAD = 5_000

#: Packed columns of at least this many rows are ranked in a worker process.
RANK_APART = 200_000


def rank_apart(column: TextColumn, collation: str) -> np.ndarray:
    """A packed column's ranks in ``collation`` (see :meth:`Archive.sort_ranks`).

    A large column is ranked in a worker process of its own: the ranking is
    a few hundred numpy calls, each of which needs this process's
    interpreter lock to start, and at a first opening the lock is busy (the
    snapshot being written, the search index's jobs being made): a million
    titles took 6 s there instead of 0.6. A small or wide column, or one
    whose process cannot start, is ranked here."""
    if len(column) >= RANK_APART and not column.wide:
        ranks = _ranked_in_process(column, collation)
        if ranks is not None:
            return ranks
    if collation == PINYIN:
        return _compact(column.ranks(pinyin_units(), ties_by_code_point=True))
    return _compact(column.ranks())


def _ranked_in_process(column: TextColumn, collation: str) -> np.ndarray | None:
    """:func:`rank_apart` in a worker process, the column handed over in a
    shared memory block (see :func:`~viewer.core.records.collation.shared_ranks`);
    None when no process or block could be had."""
    data, ends = column.packed_units()
    n, nbytes = len(ends), len(data)
    try:
        block = shared_memory.SharedMemory(create=True, size=12 * n + nbytes + 8)
    except (OSError, ValueError):
        return None
    try:
        buf = block.buf
        assert buf is not None
        np.frombuffer(buf, dtype=np.int64, count=n)[:] = ends
        buf[12 * n : 12 * n + nbytes] = data
        del data, ends
        with ProcessPoolExecutor(max_workers=1, mp_context=pool_context()) as pool:
            pool.submit(shared_ranks, block.name, n, nbytes, collation).result()
        return np.frombuffer(buf, dtype=np.int32, count=n, offset=8 * n).copy()
    except (BrokenProcessPool, OSError, RuntimeError):
        return None  # ranked here
    finally:
        block.close()
        block.unlink()


def _compact(ranks: np.ndarray) -> np.ndarray:
    """Ranks as int32 where they fit (half the memory of int64)."""
    return ranks.astype(np.int32) if len(ranks) < 1 << 31 else ranks


#: numpy's type for each typecode of the archive's growing arrays.
_DTYPE = {"q": np.int64, "i": np.int32}


def _int64s(values: array, n: int) -> np.ndarray:
    """The first ``n`` values of a growing ``array`` ("q" or "i") as an
    int64 numpy array, copied: a view would stop the array from growing
    (``BufferError``) while a load appends to it in another thread."""
    if not n:
        return np.zeros(0, dtype=np.int64)
    return np.frombuffer(values[:n], dtype=_DTYPE[values.typecode]).astype(np.int64, copy=False)


def _typed(column: list[str], cache: dict[str, int], parse: Callable[[str], int | None]) -> list[int]:
    """Typed sort keys for a text column; each distinct text parsed once."""
    for text in set(column).difference(cache):
        parsed = parse(text)
        cache[text] = MISSING if parsed is None else parsed
    return list(map(cache.__getitem__, column))


def _sort_number(text: str) -> int | None:
    """A BH, TH or ZQ value as its sort key: the number, or None; a number
    too large for the key (beyond 2,147,483,645, which no issue, page or
    item number reaches) sorts after every other number, before the
    missing ones."""
    parsed = parse_number(text)
    return None if parsed is None else min(parsed, MISSING - 1)


class Codecs(Sequence["str | None"]):
    """Each file's codec (None: not decoded) as a byte each, and the few
    codecs they stand for: a million files cost 1 MB, not an 8 MB list.
    Appending is safe beside readers in other threads (a codec is stored
    before the first byte that stands for it)."""

    def __init__(self) -> None:
        self._codes = array("B")
        self._names: list[str | None] = []
        self._place: dict[str | None, int] = {}

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return [self._names[c] for c in self._codes[i]]
        return self._names[self._codes[i]]

    def extend(self, codecs: Iterable[str | None]) -> None:
        codecs = list(codecs)
        place = self._place
        known = list(map(place.get, codecs, [-1] * len(codecs)))  # (in C: a million files a reopening)
        if -1 not in known:
            self._codes.extend(known)
            return
        self._codes.extend(map(self._code, codecs))

    def extend_codes(self, codes: np.ndarray, names: list[str | None]) -> None:
        """Append files given as codes into another list of codecs (a
        snapshot's): array work, not a name a file."""
        if len(codes):
            table = np.array([self._code(name) for name in names], dtype=np.uint8)
            append(self._codes, table[codes])

    def _code(self, name: str | None) -> int:
        """The codec's byte (stored first if new)."""
        code = self._place.get(name)
        if code is None:
            if len(self._names) == 255:
                raise ValueError("more than 255 different codecs")
            code = self._place[name] = len(self._names)
            self._names.append(name)
        return code

    def codes(self, n: int) -> tuple[np.ndarray, list[str | None]]:
        """The first ``n`` files' codes (uint8, a copy) and the codecs."""
        return np.frombuffer(self._codes[:n], dtype=np.uint8).copy(), list(self._names)


class Spans(Sequence[range]):
    """Ranges (each file's records, or its problems) as two int32 arrays (int64
    once an end passes 2**31): a million files cost 8 MB, not a million
    ``range`` objects."""

    def __init__(self) -> None:
        self._first = array("i")
        self._end = array("i")

    def __len__(self) -> int:
        return len(self._first)

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return range(self._first[i], self._end[i])

    def extend_counts(self, at: int, counts: np.ndarray) -> None:
        """Add consecutive ranges of these lengths, the first starting ``at``."""
        if len(counts):
            ends = np.cumsum(counts, dtype=np.int64) + at
            if int(ends[-1]) >= 1 << 31 and self._end.typecode == "i":
                self._first, self._end = array("q", self._first), array("q", self._end)
            append(self._end, ends)
            append(self._first, ends - counts)

    def lengths(self) -> np.ndarray:
        """Each range's length."""
        n = len(self._first)
        return _int64s(self._end, n) - _int64s(self._first, n)

    def firsts(self) -> np.ndarray:
        """Each range's start."""
        return _int64s(self._first, len(self._first))


#: Pseudo-columns besides the field codes.
COL_LENGTH = "#length"
COL_FILE = "#file"
COL_PROBLEMS = "#problems"


class Archive:
    """Every loaded record's short fields, by :data:`RecordId`.

    Attributes:
        files: the loaded files, by :data:`FileId` (a :class:`FileTable`:
            a folder's path is held once, each file's name once).
        encodings: the codec used for each file (:class:`Codecs`: a byte
            a file).
        problems: every problem, discovery notes included, in load order.
        own_files: this application's files found beside the records
            (sidecars, recovery files…), for finding annotations.
        folders_trusted: True when the last fill took the whole archive
            from its snapshot because no folder had changed, without
            listing folders or checking files, or all but the few folders
            that changed (see ``trust_folders`` in :meth:`fill`).
        folders_relisted: how many changed folders the last fill listed
            again while trusting the rest (0 when none, or when it checked
            everything).
    """

    def __init__(self) -> None:
        self.files = FileTable()
        self.encodings = Codecs()
        self.file_records = Spans()  # each file's record ids
        self.file_problems = Spans()  # each file's places in problems
        self.stamps = array("q")  # each file's Stamp when loaded, STAMP_INTS a file
        self.problems: list[Problem] = []
        self.own_files: list[str] = []
        self.folders_trusted = False
        self.folders_relisted = 0
        self._fill_began_ns = 0  # when the last fill began (wall clock, ns): for racily clean stamps
        self._cache: tuple[int, ParsedFile] | None = None
        self._cache_lock = threading.Lock()
        self._changed_on_disk: set[int] = set()
        self._rank_lock = threading.Lock()  # guards _rank_locks
        # One lock a column (and collation): a column being ranked makes only
        # those who want the same column wait (a sort by 标题 waited a second
        # for the background ranking of 引题 that followed 标题's, at a
        # million records).
        self._rank_locks: dict[str, threading.Lock] = {}
        # int32 where a value never reaches 2**31 (a file id; a place, line,
        # length or count within one file of at most 512 MiB): 4 bytes a
        # record each, not 8.
        self._file = array("i")
        self._index = array("i")
        self._line = array("i")
        self._text: dict[str, CodedColumn | TextColumn] = {
            code: CodedColumn() if code in _INTERNED else TextColumn() for code in INDEXED_FIELDS
        }
        self._date = array("i")  # YYYYMMDD, or MISSING
        self._number: dict[str, array] = {code: array("i") for code in (ZQ, BH, TH)}  # (or MISSING)
        self._length = array("i")
        self._nproblems = array("i")
        self._extra: dict[int, tuple[tuple[str, str], ...]] = {}
        self._pictures: dict[int, tuple[Picture, ...]] = {}
        self._distinct: dict[str, tuple[int, set[str]]] = {}
        self._dates: dict[str, int] = {}
        self._ranks: dict[str, np.ndarray] = {}
        self._codes: dict[str, tuple[np.ndarray, list[str]]] = {}
        self._numbers: dict[str, int] = {}
        # The groups loaded (for a snapshot): their cache keys and sizes;
        # how many came from a snapshot; the snapshot to write, if due.
        self._group_keys: list[str] = []
        self._group_files = array("q")
        self._groups_known = True
        self._from_snapshot = 0
        self._snapshot_due: tuple[str, list[str]] | None = None
        # The folders that load listed, to write down with the new snapshot
        # (when trusting folders; see :mod:`~viewer.core.records.folders`).
        self._walk_due: tuple[folders.Walked, list[Problem]] | None = None
        # What is kept beside the snapshot this archive is (None: it is none).
        self._kept: kept.KeptFile | None = None

    # -- building -----------------------------------------------------

    @classmethod
    def open(
        cls,
        paths: Sequence[str | os.PathLike[str]],
        *,
        overrides: EncodingOverrides | None = None,
        workers: int | None = None,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        cache: IndexCache | None = None,
        trust_folders: bool = False,
    ) -> Archive:
        """Load files and folders into a new archive (see :meth:`fill`); with
        a cache, the archive's snapshot is written if it was due."""
        archive = cls()
        archive.fill(paths, overrides=overrides, workers=workers, progress=progress, cancel=cancel, cache=cache,
                     trust_folders=trust_folders)
        archive.save_snapshot(cancel)
        return archive

    def fill(
        self,
        paths: Sequence[str | os.PathLike[str]],
        *,
        overrides: EncodingOverrides | None = None,
        workers: int | None = None,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        cache: IndexCache | None = None,
        discovered: Callable[[int, list[Problem]], None] | None = None,
        added: Callable[[Batch | Slice, range], None] | None = None,
        trust_folders: bool = False,
    ) -> None:
        """Load files and folders into this archive (see
        :func:`~viewer.core.records.loader.load` for the arguments), with the
        interpreter's cycle collector paused (see
        :func:`~viewer.core.files.memory.collection_paused`).

        With a cache, an empty archive is filled from the snapshot of these
        paths where it holds their folders unchanged (see
        :mod:`~viewer.core.records.snapshot`), and a load that took anything
        else makes a new snapshot due (:meth:`save_snapshot` writes it).

        Args:
            discovered: called once discovery ends, after its notes are in
                :attr:`problems` (and the application's own files found in
                :attr:`own_files`), with the number of files found and those
                notes.
            added: called after each batch is in, with the batch and the
                ids of its records.
            trust_folders: with a cache, reopen the snapshot without
                listing folders or ``stat`` ing files when none of its
                folders has changed, and write down the folders of a load
                that listed them (see :mod:`~viewer.core.records.folders`
                for what that misses).
        """
        paths = list(paths)
        opened = [os.fspath(p) for p in paths]
        self._fill_began_ns = time.time_ns()
        self.folders_trusted = False
        self._kept = None  # (records are added: the archive is no longer a snapshot)
        where = None
        if cache is not None and not overrides and not cache.disabled and not len(self) and not self._group_keys:
            where = os.path.join(os.path.dirname(cache.path), snapshot.file_name(opened))
        check = folders.Check(folders.path_for(where), opened) if trust_folders and where else None
        taken = snapshot.read(where, opened) if where else None
        whole_run: Slice | None = None
        walked: folders.Walked | None = None
        listed: folders.FolderList | None = None
        some: partial.Plan | None = None
        self.folders_relisted = 0
        if check is not None:
            listed, changed = check.result()
            if listed is not None and taken is not None and taken.id and listed.snapshot == taken.id:
                whole_run = None if changed else taken.take_walked(listed.walked)
                if whole_run is None:  # some folders changed (or the snapshot holds racily clean files)
                    some = partial.plan(listed, changed, taken, opened, self._fill_began_ns)
            walked = (None if whole_run is not None else some.walked if some is not None
                      else folders.Walked(self._fill_began_ns))
        found_notes: list[Problem] = []

        def on_discovered(files: int, notes: list[Problem]) -> None:
            found_notes.extend(notes)
            self.add_problems(notes)
            if discovered is not None:
                discovered(files, notes)

        with collection_paused():
            batches = (
                self._trusted(whole_run, listed, on_discovered, progress) if whole_run is not None and listed
                else self._partly_trusted(some, cache, on_discovered, progress, cancel) if some is not None
                else load(
                    paths,
                    overrides=overrides,
                    workers=workers,
                    progress=progress,
                    cancel=cancel,
                    discovered=on_discovered,
                    cache=cache,
                    own_files=self.own_files,
                    snapshot=taken,
                    walked=walked,
                    began_ns=self._fill_began_ns,
                )
            )
            for batch in batches:
                rids = self.extend(batch)
                if added is not None:
                    added(batch, rids)
        for column in self._text.values():
            if isinstance(column, CodedColumn | TextColumn):
                column.settle()  # (the maps appending used; buffers that need no copy to be searched)
        give_back()  # the load's short-lived objects
        whole = taken is not None and self._from_snapshot == len(self._group_keys) == len(taken)
        if where and whole and taken is not None and taken.id and len(self) >= kept.MIN_RECORDS:
            self._kept = kept.KeptFile(kept.path_for(where), taken.id, len(self))
        stopped = cancel is not None and cancel.is_set()
        self._walk_due = None
        if where and walked is not None and not stopped:
            if whole and taken is not None and taken.id:  # the snapshot holds; its folders (or own files) changed
                folders.write(folders.path_for(where), taken.id, opened, walked, found_notes)
            else:
                self._walk_due = (walked, found_notes)
        if where and not whole and self._groups_known and not stopped:
            self._snapshot_due = (where, opened)

    def _trusted(
        self,
        run: Slice,
        listed: folders.FolderList,
        discovered: Callable[[int, list[Problem]], None],
        progress: Callable[[Progress], None] | None,
    ) -> Iterator[Slice]:
        """The load of a snapshot whose folders are trusted unchanged: the
        folder list's notes and own files, then the whole snapshot, in two
        pieces: a few folders (a window's first rows), then the rest."""
        started = time.perf_counter()
        self.folders_trusted = True
        self.own_files.extend(listed.own_files)
        discovered(len(run), listed.notes)
        files = records = nbytes = 0
        if progress is not None:
            progress(Progress(0, len(run), 0, 0, time.perf_counter() - started))
        for piece in run.pieces(TRUSTED_FIRST_GROUPS):
            yield piece
            files, records, nbytes = files + len(piece), records + piece.records, nbytes + piece.nbytes
            if progress is not None:
                progress(Progress(files, len(run), records, nbytes, time.perf_counter() - started))

    def _partly_trusted(
        self,
        some: partial.Plan,
        cache: IndexCache | None,
        discovered: Callable[[int, list[Problem]], None],
        progress: Callable[[Progress], None] | None,
        cancel: threading.Event | None,
    ) -> Iterator[Batch | Slice]:
        """The load of a snapshot where a few folders changed: those listed
        again, the rest trusted (see :mod:`~viewer.core.records.partial`)."""
        self.folders_trusted = True
        self.folders_relisted = some.relisted
        self.own_files.extend(some.walked.own_files())
        yield from partial.load(some, cache, max_bytes=MAX_FILE_BYTES, began_ns=self._fill_began_ns,
                                first_groups=TRUSTED_FIRST_GROUPS, discovered=discovered, progress=progress,
                                cancel=cancel)

    def save_snapshot(self, cancel: threading.Event | None = None) -> bool:
        """Write the snapshot that the last :meth:`fill` made due, if any.
        A snapshot that cannot be written is only a slower next opening:
        nothing is raised.

        Returns:
            True when one was written.
        """
        due, self._snapshot_due = self._snapshot_due, None
        if due is None:
            return False
        walk, self._walk_due = self._walk_due, None
        try:
            written = snapshot.write(due[0], due[1], self.snapshot_columns(), cancel)
        except (OSError, InterruptedError):
            return False
        if walk is not None:
            folders.write(folders.path_for(due[0]), written, due[1], *walk)
        if len(self) >= kept.MIN_RECORDS:
            self._kept = kept.KeptFile(kept.path_for(due[0]), written, len(self))
        for key, ranks in list(self._ranks.items()):  # ranked while the snapshot was written
            code, _, collation = key.partition("\0")
            self._keep_ranks(code, collation or CODEPOINT, ranks)
        return True

    def snapshot_columns(self) -> snapshot.Columns:
        """The archive's columns as a snapshot stores them."""
        n, nf = len(self), len(self.files)
        encodings, codecs = self.encodings.codes(nf)
        group_names = []
        at = 0
        for size in self._group_files.tolist():
            group_names.append(self.files.joined_names(at, at + size))
            at += size
        problem_ranges = self.file_problems
        problems = {
            fid: [problem_json(self.problems[i]) for i in problem_ranges[fid]]
            for fid in np.flatnonzero(problem_ranges.lengths()[:nf]).tolist()
        }
        texts: dict[str, tuple[bytes | bytearray | memoryview, np.ndarray, bool, bool]] = {}
        coded: dict[str, tuple[np.ndarray, list[str]]] = {}
        for code, column in self._text.items():
            if isinstance(column, TextColumn):
                texts[code] = column.packed(n)
            else:
                codes, values = column.codes()
                coded[code] = (codes[:n], values)
        ints = {
            "index": self._index, "line": self._line, "length": self._length, "nproblems": self._nproblems,
            "date": self._date, "ZQ": self._number[ZQ], "BH": self._number[BH], "TH": self._number[TH],
        }
        return snapshot.Columns(
            keys=list(self._group_keys),
            names=group_names,
            group_files=_int64s(self._group_files, len(self._group_keys)),
            stamps=settled(_int64s(self.stamps, nf * STAMP_INTS), self._fill_began_ns),
            counts=self.file_records.lengths()[:nf],
            encodings=encodings,
            codecs=codecs,
            problems=problems,
            ints={name: _int64s(values, n) for name, values in ints.items()},
            texts=texts,
            coded=coded,
            extras={k: v for k, v in list(self._extra.items()) if k < n},
            pictures={k: tuple((p.page, p.file, p.paragraph) for p in v) for k, v in list(self._pictures.items()) if k < n},
        )

    def add_problems(self, problems: Iterable[Problem]) -> None:
        """Add problems that belong to no loaded file (discovery notes)."""
        self.problems.extend(problems)

    def extend(self, batch: Batch | Slice) -> range:
        """Add a batch of loaded files (from :func:`~viewer.core.loader.load`):
        a :class:`~viewer.core.records.batch.Batch`, or a run of a snapshot
        (:class:`~viewer.core.records.snapshot.Slice`, added by array copies).

        Returns:
            The new records' ids.
        """
        start = len(self._file)
        first_file = len(self.files)
        n_files = len(batch)
        if isinstance(batch, Slice):
            self.encodings.extend_codes(*batch.codec_codes())
        else:
            self.encodings.extend(batch.encodings)
        problem_counts = np.zeros(n_files, dtype=np.int64)
        first_problem = len(self.problems)
        for fid_in_batch in sorted(batch.problems):
            own = batch.problems[fid_in_batch]
            self.problems.extend(own)
            problem_counts[fid_in_batch] = len(own)
        self.file_problems.extend_counts(first_problem, problem_counts)
        if isinstance(batch, Slice):
            counts = batch.counts()
            self._extend_slice(batch, start)
        else:
            counts = np.frombuffer(batch.counts, dtype=np.int64)
            self._extend_batch(batch, start)
        self.file_records.extend_counts(start, counts)
        fids = np.repeat(np.arange(first_file, first_file + n_files, dtype=np.int64), counts)
        # Last the files, then the records: they count (``len``) once every
        # column holds them, so that readers in other threads (a load may
        # run in one) never see half a file or half a record.
        if isinstance(batch, Slice) and batch.folders is not None:
            run = batch.folders
            self.files.add_folders(run.prefixes, run.rels, run.names, run.counts)
            self._group_keys.extend(run.keys)
            append(self._group_files, run.counts)
        elif batch.groups:
            self.files.add_groups(batch.groups)
            self._group_keys.extend(map(group_key, batch.groups))
            self._group_files.extend(map(len, batch.groups))
        else:
            self.files.extend(batch.sources)
            self._groups_known = False
        append(self._file, fids)
        return range(start, len(self._file))

    def _extend_batch(self, batch: Batch, start: int) -> None:
        """The records' columns of a loaded batch (value by value)."""
        self.stamps.extend(batch.stamps)
        columns = batch.columns()
        for code, column in zip(INDEXED_FIELDS, columns):
            self._text[code].extend(column)
        ints = np.frombuffer(batch.ints, dtype=np.int64) if len(batch.ints) else np.zeros(0, dtype=np.int64)
        for at, values in enumerate((self._index, self._line, self._length, self._nproblems)):
            append(values, ints[at::N_INTS])
        self._date.extend(_typed(columns[_RQ_AT], self._dates, parse_date))
        for code in (ZQ, BH, TH):
            self._number[code].extend(_typed(columns[INDEXED_FIELDS.index(code)], self._numbers, _sort_number))
        for pos, extra in batch.extras.items():
            self._extra[start + pos] = extra
        for pos, found in batch.pictures.items():
            self._pictures[start + pos] = tuple(Picture(*p) for p in found)

    def _extend_slice(self, part: Slice, start: int) -> None:
        """The records' columns of a run of a snapshot (array copies)."""
        self.stamps.frombytes(part.stamps())
        for code, column in self._text.items():
            if isinstance(column, TextColumn):
                packed = part.text(code)
                if packed is None:
                    raise ValueError(f"the snapshot has no column {code}")
                column.extend_packed(*packed)
            else:
                coded = part.coded(code)
                if coded is None:
                    raise ValueError(f"the snapshot has no column {code}")
                column.extend_mapped(*coded)
        for name, values in (("index", self._index), ("line", self._line), ("length", self._length),
                             ("nproblems", self._nproblems), ("date", self._date), ("ZQ", self._number[ZQ]),
                             ("BH", self._number[BH]), ("TH", self._number[TH])):
            append(values, part.ints(name))
        for pos, extra in part.extras().items():
            self._extra[start + pos] = extra
        for pos, found in part.pictures().items():
            self._pictures[start + pos] = tuple(Picture(*p) for p in found)
        self._from_snapshot += part.group_count

    # -- reading ------------------------------------------------------

    def __len__(self) -> int:
        return len(self._file)

    def ids(self) -> list[RecordId]:
        """Every record id, in load order."""
        return list(range(len(self._file)))  # type: ignore[arg-type]

    def file_id(self, rid: int) -> FileId:
        """The loaded file a record is in."""
        return FileId(self._file[rid])

    def record_files(self) -> np.ndarray:
        """Each record's :data:`FileId`, by record id (a copy)."""
        return _int64s(self._file, len(self))

    def body_lengths(self) -> np.ndarray:
        """Each record's body length, by record id (a copy)."""
        return _int64s(self._length, len(self))

    def source(self, rid: int) -> SourceFile:
        """The file a record is in."""
        return self.files[self._file[rid]]

    def encoding(self, rid: int) -> str | None:
        return self.encodings[self._file[rid]]

    def index_in_file(self, rid: int) -> int:
        return self._index[rid]

    def line(self, rid: int) -> int:
        """1-based line of the record's first field."""
        return self._line[rid]

    def key(self, rid: int) -> RecordKey:
        """The record's stable key: relative path and position in the file."""
        return make_key(self.files[self._file[rid]].relpath, self._index[rid])

    def value(self, rid: int, code: str) -> str:
        """The text of an indexed field or an unknown field; '' when absent."""
        column = self._text.get(code)
        if column is not None:
            return column[rid]
        for extra_code, text in self._extra.get(rid, ()):
            if extra_code == code:
                return text
        return ""

    def distinct(self, code: str) -> set[str]:
        """The distinct values of a column whose values repeat (版名, 体裁,
        分类, 作者, dates, numbers), kept until more records are added."""
        known = self._distinct.get(code)
        if known is None or known[0] != len(self._file):
            column = self._text[code]
            values = column.distinct() if isinstance(column, CodedColumn) else column
            known = self._distinct[code] = (len(self._file), set(values))
        return known[1]

    def repeats(self, code: str) -> bool:
        """Are the column's values few and repeated (stored once each)?"""
        return code in _INTERNED

    def column(self, code: str) -> Sequence[str]:
        """The text column of an indexed field, by record id (do not modify).
        A headline column is packed: reading one value decodes it; for a
        pass over many records, :meth:`texts` is faster."""
        return self._text[code]

    def texts(self, code: str) -> Sequence[str]:
        """The text column of an indexed field for a pass over many records:
        a list (a packed column decoded at once; not kept)."""
        return self._text[code].tolist()

    def count_in(self, code: str, ids: Sequence[int] | np.ndarray, needle: str) -> int | None:
        """Occurrences of ``needle`` in field ``code`` of records ``ids``
        (each once), as ``str.count`` counts them record by record: counted
        in the packed headline buffer without decoding it, or in a repeating
        column's distinct values, each counted once and weighed by its
        records (a search's hit total made a million-item list of a column
        such as 作者 for it); None where that cannot be done (another
        column, an empty needle, or one that can overlap itself in a
        headline: see :meth:`~viewer.core.records.textcolumn.TextColumn.count_in_rows`)."""
        column = self._text.get(code)
        if isinstance(column, CodedColumn) and needle:
            codes, distinct = column.codes()
            per = np.bincount(codes[ids_array(ids)], minlength=len(distinct))
            return sum(int(per[i]) * distinct[i].count(needle) for i in np.flatnonzero(per).tolist())
        if not isinstance(column, TextColumn):
            return None
        return column.count_in_rows(ids_array(ids), needle)

    def rows_containing(self, code: str, needle: str, *, fold: bool = False) -> np.ndarray:
        """The ids of the records whose field ``code`` contains ``needle``
        (sorted), without a Python step per record; ``fold``: ignoring case."""
        column = self._text[code]
        if isinstance(column, TextColumn):
            return column.find_rows(needle, fold=fold)
        if isinstance(column, CodedColumn):
            codes = column.codes()[0]  # (first: every code stands for a text held now)
            holds = column.holding(needle, fold=fold)
            return np.flatnonzero(holds[codes]) if len(codes) else np.zeros(0, dtype=np.int64)
        codes, distinct = self.value_codes(code)
        if fold:
            needle = needle.casefold()
            distinct = [v.casefold() for v in distinct]
        holding = np.fromiter((needle in v for v in distinct), dtype=bool, count=len(distinct))
        return np.flatnonzero(holding[codes]) if len(codes) else np.zeros(0, dtype=np.int64)

    def fields(self, rid: int) -> dict[str, str]:
        """The record's short fields that have a value, unknown codes included."""
        out = {code: column[rid] for code, column in self._text.items() if column[rid]}
        for code, text in self._extra.get(rid, ()):
            out.setdefault(code, text)
        return out

    def pictures(self, rid: int) -> tuple[Picture, ...]:
        """The record's picture blocks (page, file name, place in the body)."""
        return self._pictures.get(rid, ())

    def extra_codes(self) -> list[str]:
        """The unknown field codes found, in order of first appearance."""
        seen: dict[str, None] = {}
        for extra in list(self._extra.values()):  # (a load may add some meanwhile)
            for code, _text in extra:
                seen.setdefault(code, None)
        return list(seen)

    def date(self, rid: int) -> int | None:
        """The date as YYYYMMDD, or None when missing or bad."""
        value = self._date[rid]
        return None if value == MISSING else value

    def date_span(self) -> tuple[int | None, int | None]:
        """The first and last date of the archive (None, None without dates)."""
        dates = _int64s(self._date, len(self))
        known = dates[(dates != MISSING) & (dates != 0)]
        return (int(known.min()), int(known.max())) if len(known) else (None, None)

    def number(self, rid: int, code: str) -> int | None:
        """BH, TH or ZQ as a number, or None."""
        value = self._number[code][rid]
        return None if value == MISSING else value

    def body_length(self, rid: int) -> int:
        """字数: characters in the body, white space not counted."""
        return self._length[rid]

    def problem_count(self, rid: int) -> int:
        return self._nproblems[rid]

    def file_id_of(self, path: str) -> FileId | None:
        """The id of the loaded file at ``path`` (as found), or None."""
        fid = self.files.find(path)
        return None if fid is None else FileId(fid)

    def find_key(self, key: str) -> RecordId | None:
        """The record with this key, or None."""
        relpath, index = split_key(key)
        fid = self.files.find_relpath(relpath)
        if fid is None:
            return None
        records = self.file_records[fid]
        return RecordId(records[index]) if 0 <= index < len(records) else None

    def rids_of(self, problems: Iterable[Problem]) -> set[int]:
        """The records these problems are about (every record of its file
        for a problem of a whole file)."""
        out: set[int] = set()
        for p in problems:
            fid = self.file_id_of(p.file)
            if fid is None:
                continue
            records = self.file_records[fid]
            if p.record is None:
                out.update(int(r) for r in records)
            elif 0 <= p.record < len(records):
                out.add(int(records[p.record]))
        return out

    def record_problems(self, rid: int) -> list[Problem]:
        """The record's own problems and those of its whole file."""
        index = self._index[rid]
        problems = (self.problems[i] for i in self.file_problems[self._file[rid]])
        return [p for p in problems if p.record is None or p.record == index]

    def count_problems(self, minimum: Severity = Severity.WARNING) -> int:
        order = list(Severity)
        return sum(1 for p in self.problems if order.index(p.severity) >= order.index(minimum))

    def read_file(self, fid: int) -> ParsedFile:
        """Re-read a loaded file in full, decoded as it was at load time.

        The last file read is kept, so that stepping through the records of
        a multi-record file parses it once.
        """
        with self._cache_lock:
            if self._cache is not None and self._cache[0] == fid:
                return self._cache[1]
        pf = read_file(self.files[fid], override=self.encodings[fid])
        loaded = tuple(self.stamps[fid * STAMP_INTS : (fid + 1) * STAMP_INTS])
        with self._cache_lock:
            self._cache = (fid, pf)
            if pf.stamp is not None and pf.stamp != loaded:
                self._changed_on_disk.add(fid)
            else:
                self._changed_on_disk.discard(fid)
        return pf

    def changed_on_disk(self, fid: int) -> bool:
        """Was the file found changed (its size, times or inode) when it
        was last read again (:meth:`read_file`), since it was loaded? Its
        records as this archive holds them (the table, the search) are then
        not what the file now says."""
        return fid in self._changed_on_disk

    def read(self, rid: int) -> Record | None:
        """Re-read a record in full (body included) from its file.

        Returns None when the file no longer holds that record.
        """
        pf = self.read_file(self._file[rid])
        records = pf.parsed.records
        index = self._index[rid]
        return records[index] if index < len(records) else None

    # -- ordering -----------------------------------------------------

    def _typed_key(self, code: str) -> array | None:
        """The typed column of dates, numbers, lengths and problem counts."""
        if code == RQ:
            return self._date
        if code in self._number:
            return self._number[code]
        if code == COL_LENGTH:
            return self._length
        if code == COL_PROBLEMS:
            return self._nproblems
        return None

    def sort_key(self, code: str) -> Sequence:
        """The column to sort ``code`` by: typed for dates and numbers."""
        typed = self._typed_key(code)
        if typed is not None:
            return typed
        if code == COL_FILE:
            relpaths = self.files.relpaths()
            return [relpaths[f] for f in self._file]
        if code in self._text:
            return self.texts(code)
        return [self.value(rid, code) for rid in range(len(self))]

    def sort_ranks(self, code: str, collation: str = CODEPOINT) -> np.ndarray:
        """Each record's place in the order of column ``code`` (int64, or
        int32 for a ranked text column; equal values, equal places). Dates
        and numbers are their own keys; a text column is ranked once (by code
        point; a packed column by numpy sorts of its units) and kept while no
        record is added, so that every later sort by it is a numpy sort; a
        packed column's ranks are also kept beside the snapshot this archive
        is, for its next opening (:mod:`~viewer.core.records.kept`).
        Threads asking at once (a sort, and the window ranking the headlines
        ahead of it) rank a column once."""
        typed = self._typed_key(code)
        if typed is not None:
            return _int64s(typed, len(self))
        if collation == PINYIN:
            return self._pinyin_ranks(code)
        ready = self._ranks.get(code)  # ready ranks without the lock: another column's ranking may hold it
        if ready is not None and len(ready) == len(self):
            return ready
        with self._ranking(code):
            cached = self._ranks.get(code)
            if cached is not None and len(cached) == len(self):
                return cached
            column = self._text.get(code)
            if isinstance(column, CodedColumn):  # few distinct values: sort those, then look every record's up
                codes, distinct = self.value_codes(code)
                rank_of = np.empty(len(distinct), dtype=np.int64)
                rank_of[np.array(sorted(range(len(distinct)), key=distinct.__getitem__), dtype=np.int64)] = np.arange(
                    len(distinct), dtype=np.int64)
                ranks = rank_of[codes] if len(distinct) else np.zeros(0, dtype=np.int64)
            elif isinstance(column, TextColumn):
                ranks = self._kept_ranks(code, CODEPOINT)
                if ranks is None:
                    ranks = rank_apart(column, CODEPOINT)
                    self._keep_ranks(code, CODEPOINT, ranks)
            else:
                ranks = ranks_of(list(self.sort_key(code)))
            if column is not None:
                self._ranks[code] = ranks
            return ranks

    def ranked(self, code: str, collation: str = CODEPOINT) -> bool:
        """Is sorting by ``code`` a numpy sort of ready keys (typed columns,
        or text columns ranked already), rather than a ranking of every text first?"""
        if self._typed_key(code) is not None:
            return True
        key = f"{code}\0{PINYIN}" if collation == PINYIN else code
        cached = self._ranks.get(key)  # no lock: a ranking in progress holds it, and this must not wait
        return cached is not None and len(cached) == len(self)

    def _ranking(self, key: str) -> threading.Lock:
        """The lock of ranking column ``key`` (see ``_rank_locks``)."""
        with self._rank_lock:
            lock = self._rank_locks.get(key)
            if lock is None:
                lock = self._rank_locks[key] = threading.Lock()
            return lock

    def _pinyin_ranks(self, code: str) -> np.ndarray:
        """:meth:`sort_ranks` in pinyin order (:mod:`~viewer.core.records.collation`):
        a packed column's units read through the pinyin table and ranked,
        the rows still tied then by their own units; another column's
        distinct values' pinyin spellings ranked, ties by code point."""
        key = f"{code}\0{PINYIN}"
        ready = self._ranks.get(key)  # without the lock, as in sort_ranks
        if ready is not None and len(ready) == len(self):
            return ready
        stored = self._kept_ranks(code, PINYIN)
        if stored is not None:
            self._ranks[key] = stored
            return stored
        column = self._text.get(code)
        if isinstance(column, TextColumn):  # its packed units through the pinyin table: numpy sorts
            with self._ranking(key):
                cached = self._ranks.get(key)
                if cached is not None and len(cached) == len(self):
                    return cached
                ranks = rank_apart(column, PINYIN)
                self._ranks[key] = ranks
                self._keep_ranks(code, PINYIN, ranks)
                return ranks
        points = self.sort_ranks(code)  # by code point (kept)
        with self._ranking(key):
            cached = self._ranks.get(key)
            if cached is not None and len(cached) == len(self):
                return cached
            # The distinct texts are the distinct code-point places: a key each, once.
            _places, first, inverse = np.unique(points, return_index=True, return_inverse=True)
            texts = column.tolist() if column is not None else list(self.sort_key(code))
            spelled = ranks_of([pinyin_key(texts[r]) for r in first.tolist()])
            del texts
            by_reading = spelled[inverse.reshape(-1)] if len(first) else np.zeros(0, dtype=np.int64)
            order = np.lexsort((points, by_reading))
            ranks = np.empty(len(order), dtype=np.int64)
            # equal texts, equal places (as sort_ranks promises)
            same = np.zeros(len(order), dtype=bool)
            if len(order) > 1:
                same[1:] = points[order[1:]] == points[order[:-1]]
            ranks[order] = np.maximum.accumulate(np.where(same, 0, np.arange(len(order))))
            ranks = _compact(ranks)
            self._ranks[key] = ranks
            return ranks

    def kept(self, name: str, tag: str) -> bytes | None:
        """A result worked out from this archive's content and kept beside
        the snapshot it is (:mod:`~viewer.core.records.kept`), made with
        ``tag``; None when there is none (or the archive is not a snapshot)."""
        store = self._kept
        if store is None or store.records != len(self):
            return None
        return store.get(name, tag)

    def keep(self, name: str, tag: str, data: bytes) -> bool:
        """Keep a result worked out from this archive's content (see
        :meth:`kept`); False when it is not kept (not a snapshot, a small
        archive, or the file could not be written)."""
        store = self._kept
        if store is None or store.records != len(self):
            return False
        return store.put(name, tag, data)

    def _kept_ranks(self, code: str, collation: str) -> np.ndarray | None:
        """A packed column's ranks as kept (see :meth:`kept`), or None."""
        if not isinstance(self._text.get(code), TextColumn):
            return None
        data = self.kept(f"ranks:{code}/{collation}", collation_tag(collation))
        if data is None or len(data) != 4 * len(self):
            return None
        ranks = np.frombuffer(data, dtype="<i4").astype(np.int32)
        if len(ranks) and (int(ranks.min()) < 0 or int(ranks.max()) >= len(ranks)):
            return None
        return ranks

    def _keep_ranks(self, code: str, collation: str, ranks: np.ndarray) -> None:
        """Keep a packed column's ranks (see :meth:`keep`)."""
        if (len(ranks) == len(self) < 1 << 31 and isinstance(self._text.get(code), TextColumn)
                and self._kept_ranks(code, collation) is None):
            self.keep(f"ranks:{code}/{collation}", collation_tag(collation), ranks.astype("<i4").tobytes())

    def value_codes(self, code: str) -> tuple[np.ndarray, list[str]]:
        """Column ``code`` as a small integer per record and the distinct
        values they stand for, so that counting values over a million
        records is one ``numpy.bincount``: the repeating columns' codes as
        kept while loading (int32, a copy); others worked out and kept while
        no record is added."""
        column = self._text.get(code)
        if isinstance(column, CodedColumn):  # kept as they load (int32)
            return column.codes()
        cached = self._codes.get(code)
        if cached is not None and len(cached[0]) == len(self):
            return cached
        place: dict[str, int] = {}
        keys = self.sort_key(code)
        codes = np.fromiter((place.setdefault(v, len(place)) for v in keys), dtype=np.int64, count=len(self))
        found = self._codes[code] = (codes, list(place))
        return found

    def sorted_ids(self, ids: Sequence[int], code: str, *, descending: bool = False,
                   collation: str = CODEPOINT) -> list[RecordId]:
        """``ids`` stably sorted by a column (typed keys; missing values last;
        descending keeps ties in their order, as ``sorted(reverse=True)``;
        text by code point or by pinyin, see :mod:`~viewer.core.records.collation`)."""
        return self.order_by(ids, code, descending=descending, collation=collation).tolist()

    def order_by(self, ids: Sequence[int] | np.ndarray, code: str, *, descending: bool = False,
                 collation: str = CODEPOINT) -> np.ndarray:
        """:meth:`sorted_ids` as an int64 array (text in ``collation``'s order)."""
        chosen = ids_array(ids)
        if not len(chosen):
            return chosen
        picked = self.sort_ranks(code, collation)[chosen]
        return chosen[np.argsort(-picked if descending else picked, kind="stable")]

    def default_order(self, ids: Sequence[int] | None = None) -> list[RecordId]:
        """Date, then page, then item, then load order."""
        return self.default_order_array(ids).tolist()

    def default_order_array(self, ids: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """:meth:`default_order` as an int64 array."""
        n = len(self)
        chosen = np.arange(n, dtype=np.int64) if ids is None else ids_array(ids)
        if not len(chosen):
            return chosen
        date = _int64s(self._date, n)[chosen]
        page = _int64s(self._number[BH], n)[chosen]
        item = _int64s(self._number[TH], n)[chosen]
        if _ascending(date, page, item, chosen):  # as loaded, mostly: a look instead of a sort (0.2 s at 1M)
            return chosen.copy()
        return chosen[np.lexsort((chosen, item, page, date))]
