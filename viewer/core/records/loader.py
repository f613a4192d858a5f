"""Read, decode and parse record files, in parallel, into compact batches.

:func:`index_files` turns files into a :class:`Batch`: each file's
encoding and problems, and each record's short fields. Bodies are not
kept; :func:`read_file` re-reads a file in full when a record is opened.

:func:`load` runs :func:`index_files` over many files in worker processes,
yields batches in file order, reports progress and can be cancelled.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice

from viewer.core.files.paths import absolute
from viewer.core.records.batch import Batch, Stamp, stamp_of
from viewer.core.records.cache import IndexCache, current_stamps, group_key, stamp_spec, stamps_of
from viewer.core.records.decoding import (
    Decoded,
    EncodingOverrides,
    decode,
    infer_archive_encoding,
)
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.discovery import FileGroup, SourceFile, iter_groups
from viewer.core.records.folders import Walked
from viewer.core.records.lines import line_at
from viewer.core.records.parser import ParsedText, parse_text, scan_simple, serialize
from viewer.core.records.snapshot import Slice, Snapshot

#: Files larger than this are not read as record files (a year of a daily
#: in one file is about 200 MB).
MAX_FILE_BYTES = 512 * 1024 * 1024

#: From a snapshot of this many files on, the files' stamps are taken in
#: the worker processes (starting them costs a few tenths of a second).
STAT_IN_POOL = 20000



@dataclass(slots=True)
class ParsedFile:
    """A file read in full: its bytes' decoding and the parsed records, and
    the file's stamp as it was read (None when it could not be read, or for
    bytes parsed without a file)."""

    source: SourceFile
    decoded: Decoded
    parsed: ParsedText
    problems: list[Problem]
    stamp: Stamp | None = None

    def serialize(self) -> bytes:
        """The records as bytes in the file's own encoding (round trip)."""
        return self.decoded.encode(serialize(self.parsed))


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a load has got."""

    files_done: int
    files_total: int
    records: int
    bytes: int
    elapsed: float
    counting: bool = False  #: True while files are still being found (files_total grows)


def _read_bytes(
    source: SourceFile, max_bytes: int, problems: list[Problem], stamp: list[Stamp] | None = None
) -> bytes | None:
    path = source.path
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            size = st.st_size
            if stamp is not None:
                stamp[:] = [stamp_of(st)]
            if size > max_bytes:
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        f"file is {size / 2**20:.0f} MiB, over the {max_bytes / 2**20:.0f} MiB limit; skipped",
                        ProblemKind.UNREADABLE,
                        Severity.ERROR,
                    )
                )
                return None
            return fh.read()
    except OSError as e:
        problems.append(Problem(path, None, None, f"cannot read: {e.strerror or e}", ProblemKind.UNREADABLE, Severity.ERROR))
        return None


def _decode(
    source: SourceFile, data: bytes, override: str | None, fallback: str | None, problems: list[Problem]
) -> Decoded:
    path = source.path
    decoded = decode(data, override=override, fallback=fallback)
    if decoded.binary:
        skipped = Severity.ERROR if source.explicit else Severity.NOTE
        problems.append(Problem(path, None, None, "binary file, not a record file; skipped", ProblemKind.BINARY_FILE, skipped))
    elif decoded.bad_count:
        first = decoded.bad_offsets[0]
        more = f" and {decoded.bad_count - 1} more" if decoded.bad_count > 1 else ""
        problems.append(
            Problem(
                path,
                line_at(decoded.text, decoded.bad_positions[0]),
                None,
                f"bytes not valid {decoded.encoding} at byte offset {first}{more}; shown as \ufffd",
                ProblemKind.UNDECODABLE,
                Severity.ERROR,
            )
        )
    if not decoded.binary and "\x00" in decoded.text:
        nuls = decoded.text.count("\x00")
        where = decoded.text.index("\x00")
        problems.append(
            Problem(
                path,
                line_at(decoded.text, where),
                None,
                f"{nuls} NUL character{'s' if nuls > 1 else ''} in the text (the first at byte offset "
                f"{len(decoded.bom) + len(decoded.text[:where].encode(decoded.codec or 'utf-8', 'replace'))}); "
                "the file is read as text all the same",
                ProblemKind.NUL_BYTES,
                Severity.WARNING,
            )
        )
    return decoded


def _parse(source: SourceFile, decoded: Decoded, problems: list[Problem]) -> ParsedText:
    if decoded.binary:
        return ParsedText()
    parsed = parse_text(decoded.text, source.path)
    for p in parsed.problems:
        if p.kind is ProblemKind.NOT_RECORDS and not source.explicit:
            p = Problem(p.file, p.line, p.record, "no 〖…〗 fields: not a record file; skipped", p.kind, Severity.NOTE)
        problems.append(p)
    return parsed


def read_file(
    source: SourceFile,
    *,
    override: str | None = None,
    fallback: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ParsedFile:
    """Read, decode and parse one file in full. Never raises for bad content.

    Returns:
        The parsed file; problems with reading it are in ``problems``.
    """
    problems: list[Problem] = []
    stamp: list[Stamp] = []
    data = _read_bytes(source, max_bytes, problems, stamp)
    if data is None:
        return ParsedFile(source, Decoded("", None, None), ParsedText(), problems)
    parsed = parse_bytes(source, data, override=override, fallback=fallback, problems=problems)
    parsed.stamp = stamp[0] if stamp else None
    return parsed


def parse_bytes(
    source: SourceFile,
    data: bytes,
    *,
    override: str | None = None,
    fallback: str | None = None,
    problems: list[Problem] | None = None,
) -> ParsedFile:
    """Decode and parse a file's bytes. Never raises for bad content."""
    problems = [] if problems is None else problems
    decoded = _decode(source, data, override, fallback, problems)
    return ParsedFile(source, decoded, _parse(source, decoded, problems), problems)


def _index_into(
    batch: Batch, source: SourceFile, override: str | None, fallback: str | None, max_bytes: int
) -> None:
    problems: list[Problem] = []
    st: list[Stamp] = [(0, 0, 0, 0)]
    data = _read_bytes(source, max_bytes, problems, st)
    if data is None:
        batch.add_file(None, st[0], problems)
        return
    decoded = _decode(source, data, override, fallback, problems)
    index_decoded(batch, source, decoded, problems, st[0])


def read_for_index(batch: Batch, source: SourceFile, override: str | None) -> ParsedText:
    """Read a file for the search index: add it to ``batch`` exactly as
    :func:`index_files` adds it (so that its short fields are the
    archive's), and give back its parsed text (for the bodies)."""
    problems: list[Problem] = []
    st: list[Stamp] = [(0, 0, 0, 0)]
    data = _read_bytes(source, MAX_FILE_BYTES, problems, st)
    if data is None:
        batch.add_file(None, st[0], problems)
        return ParsedText()
    decoded = _decode(source, data, override, None, problems)
    parsed = index_decoded(batch, source, decoded, problems, st[0])
    return parsed if parsed is not None else _parse(source, decoded, [])


def index_decoded(batch: Batch, source: SourceFile, decoded: Decoded, problems: list[Problem],
                  stamp: Stamp) -> ParsedText | None:
    """Add a decoded file to ``batch`` (``problems``: those of reading and
    decoding it): what :func:`index_files` does once a file is read, so
    that the search index's workers take the short fields exactly as the
    archive did.

    Returns:
        The parsed text, or None when the file took the fast path.
    """
    if not problems:
        simple = scan_simple(decoded.text)
        if simple is not None:
            pairs, line = simple
            batch.add_file(decoded.encoding, stamp, problems)
            batch.add_record(0, line, pairs, 0)
            return None
    parsed = _parse(source, decoded, problems)
    batch.add_file(decoded.encoding, stamp, problems)
    counts: dict[int | None, int] = {}
    for p in problems:
        counts[p.record] = counts.get(p.record, 0) + 1
    file_level = counts.get(None, 0)
    for record in parsed.records:
        batch.add_record(
            record.index,
            record.line,
            [(f.code, f.text) for f in record.fields],
            counts.get(record.index, 0) + file_level,
            record.pictures(),
        )
    return parsed


def index_files(
    sources: list[SourceFile],
    overrides: list[str | None] | None = None,
    fallback: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Batch:
    """Load files into a :class:`Batch` of short fields (no bodies).

    A flawless one-record file takes the fast path (:func:`scan_simple`);
    anything else is parsed in full, with its problems.
    """
    batch = Batch()
    for i, source in enumerate(sources):
        _index_into(batch, source, overrides[i] if overrides else None, fallback, max_bytes)
    batch.sources = list(sources)
    return batch


def _index_packed(
    sources: list[SourceFile], overrides: list[str | None], fallback: str | None, max_bytes: int
) -> Batch:
    """:func:`index_files` in a worker: the result travels packed."""
    return index_files(sources, overrides, fallback, max_bytes).pack()


#: How much lower background worker processes run (see :func:`background_pool`).
BACKGROUND_NICE = 10


def background_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for work done in the background (the search index,
    the checks, the body store), at a lower CPU priority: on a machine with
    two CPUs, a first opening's index build took both while the user's
    first sort by 标题 waited 13 s for its share. On an idle machine the
    priority changes nothing."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=_lower_priority)


def _lower_priority() -> None:
    try:
        os.nice(BACKGROUND_NICE)
    except (AttributeError, OSError):  # (no nice on this platform: as it is)
        pass


#: What the fork server imports once, before it starts any worker process:
#: the modules whose functions the workers run (and numpy). Each worker is a
#: fork of the server and has them already; imported in each worker, they
#: were most of its start: a pool of one took 0.146 s on a quiet machine,
#: 0.010 s with them preloaded, and several times that beside a first
#: opening's other work.
#: ``__main__`` is what the server imports when told nothing.
FORKSERVER_PRELOAD = [
    "__main__",
    "numpy",
    "viewer.core.records.loader",
    "viewer.core.records.checks",
    "viewer.core.records.collation",
    "viewer.core.search.bodies",
    "viewer.core.search.gramindex",
]


def pool_context() -> multiprocessing.context.BaseContext:
    """How worker processes are started: fork is unsafe in a process with
    threads (the GUI); forkserver is not (its server imports
    :data:`FORKSERVER_PRELOAD` when it starts)."""
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(FORKSERVER_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


#: The first chunk of a load: whole groups up to at least this many files,
#: read without a fallback encoding; theirs gives the rest's.
FIRST_CHUNK_FILES = 64


def archive_fallback(first: Iterable[Batch | Slice]) -> str | None:
    """The archive's fallback encoding for files with corrupt bytes, from
    its first chunk's files (see :func:`~viewer.core.records.decoding.infer_archive_encoding`)."""
    return infer_archive_encoding(
        enc
        for part in first
        for i, enc in enumerate(part.encodings)
        if enc in ("utf-8", "gb18030")
        and not any(p.kind is ProblemKind.UNDECODABLE for p in part.file_problems(i))
    )


def kept_chunk(
    chunk: list[FileGroup], stamps: list[bytes | None], snapshot: Snapshot | None, cache: IndexCache | None
) -> Batch | Slice | None:
    """The chunk from the snapshot or the cache, if every file in it has
    the stamp it has now (``stamps``: by group, packed); else None."""
    if snapshot is not None:
        part = snapshot.take(chunk, stamps)
        if part is not None:
            return part
    return cache.batch(chunk, stamps) if cache is not None else None


def remembered(result: Batch, chunk: list[FileGroup], cache: IndexCache | None, began_ns: int) -> Batch:
    """A chunk just read: its groups attached, and kept in the cache (if
    any) for the next opening (``began_ns``: when the load began, for
    racily clean files)."""
    result.groups = chunk
    if cache is not None:
        cache.store_batch(result, chunk, began_ns)
    return result


def load(
    paths: list[str | os.PathLike[str]],
    *,
    overrides: EncodingOverrides | None = None,
    workers: int | None = None,
    batch: int = 1024,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    discovered: Callable[[int, list[Problem]], None] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    cache: IndexCache | None = None,
    own_files: list[str] | None = None,
    snapshot: Snapshot | None = None,
    walked: Walked | None = None,
    began_ns: int | None = None,
) -> Iterator[Batch | Slice]:
    """Load files and folders, yielding :class:`Batch` es in file order.

    Args:
        paths: files and folders.
        overrides: the user's encoding choices.
        workers: worker processes; None for one per CPU, 0 to work inline.
        batch: files per task sent to a worker.
        progress: called after each batch (from the calling thread).
        cancel: when set, the load stops after the batch in hand.
        discovered: called once, when the search for files ends (or the
            load stops), with the number of files found and the discovery problems
            (skipped files, unreadable folders).
        max_bytes: files over this size are skipped with a problem.
        cache: an :class:`~viewer.core.cache.IndexCache`: chunks whose files
            are all unchanged since they were cached are not read again, and
            files that are read are remembered.
        own_files: receives the paths of this application's own files found
            beside the records (sidecars, recovery files…), before
            ``discovered`` is called.
        snapshot: a :class:`~viewer.core.records.snapshot.Snapshot` of these
            paths (with ``cache``): runs of groups it holds unchanged come
            from it, as :class:`~viewer.core.records.snapshot.Slice` s.
        walked: receives what discovery saw of the folders (see
            :mod:`~viewer.core.records.folders`).
        began_ns: when the load began (wall clock; by default now), for
            telling racily clean files (:func:`~viewer.core.records.batch.settled`).

    Yields:
        Batches of loaded files (or slices of the snapshot), in the order of
        discovery. Discovery problems are in no batch; they go to
        ``discovered``.
    """
    started = time.perf_counter()
    load_began_ns = time.time_ns() if began_ns is None else began_ns
    overrides = overrides or EncodingOverrides()
    notes: list[Problem] = []
    found = iter_groups(list(paths), notes, own_files, walked)
    groups_found: list[FileGroup] = []
    files_found = 0
    keys: set[str] = set()  # the groups' cache keys, for forgetting the rest
    done = records = nbytes = 0
    counting = True

    def report() -> None:
        if progress is not None:
            elapsed = time.perf_counter() - started
            progress(Progress(done, files_found, records, nbytes, elapsed, counting))

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    def end_discovery() -> None:
        nonlocal counting
        if counting:
            counting = False
            if discovered is not None:
                discovered(files_found, notes)
            report()

    def chunks(size: int) -> Iterator[list[FileGroup]]:
        """Chunks of whole groups of about ``size`` files, as discovery finds
        them: loading starts at once."""
        nonlocal files_found
        chunk: list[FileGroup] = []
        files = 0
        for group in found:
            chunk.append(group)
            groups_found.append(group)
            files_found += len(group)
            if cache is not None:
                keys.add(group_key(group))
            files += len(group)
            if files >= size:
                yield chunk
                chunk, files = [], 0
        if chunk:
            yield chunk
        end_discovery()

    def account(result: Batch | Slice) -> Iterator[Batch | Slice]:
        nonlocal done, records, nbytes
        done += len(result)
        records += result.records
        nbytes += result.nbytes
        yield result
        report()

    def task(chunk: list[FileGroup]) -> tuple[list[SourceFile], list[str | None]]:
        files = [f for group in chunk for f in group.files]
        return files, [overrides.lookup(s.path) for s in files]

    def known(chunk: list[FileGroup], stamps: list[bytes | None]) -> Batch | Slice | None:
        return kept_chunk(chunk, stamps, snapshot, cache)

    def cached(chunk: list[FileGroup]) -> Batch | Slice | None:
        """The chunk from the snapshot or the cache, if every file in it is
        unchanged."""
        if cache is None or overrides:
            return None
        return known(chunk, [current_stamps(group) for group in chunk])

    def fresh(result: Batch, chunk: list[FileGroup]) -> Batch:
        return remembered(result, chunk, None if overrides else cache, load_began_ns)

    report()
    try:
        # A first small batch inline: it shows rows at once, and its files
        # tell the archive's encoding (the fallback for corrupt bytes).
        groups = chunks(FIRST_CHUNK_FILES)
        head = next(groups, [])
        first = cached(head) or fresh(index_files(*task(head), None, max_bytes), head)
        yield from account(first)
        fallback = archive_fallback([first])
        n_workers = (os.cpu_count() or 1) if workers is None else workers
        # A large snapshot: the files' stamps are taken in the workers too,
        # in larger chunks (split again where one has changed).
        verify = (known if n_workers > 1 and snapshot is not None and snapshot.files >= STAT_IN_POOL
                  and not overrides else None)
        rest: Iterator[list[FileGroup]] = chunks(batch * 8 if verify else batch)
        if n_workers > 1 and not cancelled():
            rest = yield from _load_in_pool(
                rest, task, fallback, max_bytes, n_workers, account, cancelled, cached, fresh, verify, batch)
        for chunk in rest:  # inline, or what a broken pool left
            if cancelled():
                return
            yield from account(cached(chunk) or fresh(index_files(*task(chunk), fallback, max_bytes), chunk))
        if cache is not None and not overrides:
            roots = [os.fspath(p) for p in paths if os.path.isdir(p)]
            cache.forget_missing(roots, keys, lambda: {absolute(p) for g in groups_found for p in g.paths()})
    finally:
        end_discovery()


def _load_in_pool(
    chunks: Iterable[list[FileGroup]],
    task: Callable[[list[FileGroup]], tuple[list[SourceFile], list[str | None]]],
    fallback: str | None,
    max_bytes: int,
    n_workers: int,
    account: Callable[[Batch | Slice], Iterator[Batch | Slice]],
    cancelled: Callable[[], bool],
    cached: Callable[[list[FileGroup]], Batch | Slice | None],
    fresh: Callable[[Batch, list[FileGroup]], Batch],
    verify: Callable[[list[FileGroup], list[bytes | None]], Batch | Slice | None] | None = None,
    batch: int = 1024,
) -> Generator[Batch | Slice, None, Iterator[list[FileGroup]]]:
    """Run chunks in worker processes; returns the chunks not done.

    The pool starts only once a second chunk exists (a small archive loads
    inline). A pool that breaks (a worker killed, a platform that cannot
    start one) leaves the remaining chunks to the caller, who loads them
    inline.

    Args:
        verify: when given, every chunk's files are ``stat`` ed in the
            workers, and ``verify`` (with the chunk and the stamps) gives
            the chunk if it is known unchanged; a chunk it does not give is
            split into pieces of about ``batch`` files, asked for again, and
            the pieces it still does not give are read in the workers.
            Without it, ``cached`` is asked in this process first.
    """
    chunks = iter(chunks)
    ahead = list(islice(chunks, 2))
    if len(ahead) < 2:
        return iter(ahead)
    queue = chain(ahead, chunks)
    # (chunk, future, whether the future gives the chunk's stamps rather than the chunk)
    pending: list[tuple[list[FileGroup], Future, bool]] = []
    pool: ProcessPoolExecutor | None = None  # started at the first chunk the cache does not have

    def started() -> ProcessPoolExecutor:
        nonlocal pool
        if pool is None:
            pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=pool_context())
        return pool

    def read(chunk: list[FileGroup]) -> Future[Batch]:
        files, overrides = task(chunk)
        return started().submit(_index_packed, files, overrides, fallback, max_bytes)

    try:

        def submit() -> None:
            chunk = next(queue, None)
            if chunk is None:
                return
            if verify is not None:
                pending.append((chunk, started().submit(stamps_of, [stamp_spec(g) for g in chunk]), True))
                return
            hit = cached(chunk)
            if hit is not None:
                done: Future[Batch | Slice] = Future()
                done.set_result(hit)
                pending.append((chunk, done, False))
            else:
                pending.append((chunk, read(chunk), False))

        for _ in range(n_workers * 2):
            submit()
        while pending:
            if cancelled():
                for _, f, _stamps in pending:
                    f.cancel()
                return iter(())
            chunk, future, stamps = pending[0]
            result = future.result()
            if stamps:
                assert verify is not None
                now = result
                result = verify(chunk, now)
                if result is None:  # changed: its pieces from the cache, or read (each in its turn)
                    pieces: list[tuple[list[FileGroup], Future, bool]] = []
                    for part, part_stamps in _pieces(chunk, now, batch):
                        hit = verify(part, part_stamps) if len(part) < len(chunk) else None
                        if hit is None:
                            pieces.append((part, read(part), False))
                        else:
                            known_now: Future[Batch | Slice] = Future()
                            known_now.set_result(hit)
                            pieces.append((part, known_now, False))
                    pending[0:1] = pieces
                    continue
            pending.pop(0)
            if isinstance(result, Batch) and not result.groups:  # read by a worker: attach its groups, remember it
                fresh(result, chunk)
            submit()
            yield from account(result)
    except (BrokenProcessPool, OSError):
        pass  # the caller loads what is left inline
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return chain([c for c, _f, _s in pending], queue)


def _pieces(
    chunk: list[FileGroup], stamps: list[bytes | None], size: int
) -> Iterator[tuple[list[FileGroup], list[bytes | None]]]:
    """A chunk in pieces of whole groups of about ``size`` files, with their
    groups' stamps."""
    start = files = 0
    for i, group in enumerate(chunk):
        files += len(group)
        if files >= size:
            yield chunk[start : i + 1], stamps[start : i + 1]
            start, files = i + 1, 0
    if start < len(chunk):
        yield chunk[start:], stamps[start:]
