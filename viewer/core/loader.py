"""Read, decode and parse record files, in parallel, into compact rows.

:func:`index_file` turns one file into a :class:`FileIndex`: the file's
encoding, its problems, and one :data:`Row` per record holding only the
short fields. Bodies are not kept; :func:`read_file` re-reads a file in
full when a record is opened.

:func:`load` runs :func:`index_file` over many files in worker processes,
yields results in file order, reports progress and can be cancelled.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

from viewer.core.decoding import Decoded, EncodingOverrides, byte_line, decode, infer_archive_encoding
from viewer.core.diagnostics import Kind, Problem, Severity
from viewer.core.discovery import SourceFile, discover
from viewer.core.fields import INDEXED_FIELDS, KNOWN_FIELDS, ZW
from viewer.core.parser import ParsedText, parse_text, scan_simple
from viewer.core.record import body_length

#: Files larger than this are not read as record files (a year of a daily
#: in one file is about 200 MB).
MAX_FILE_BYTES = 512 * 1024 * 1024

#: One record's indexed values: (index in file, line, the INDEXED_FIELDS
#: texts..., body length, number of problems, unknown fields or None).
Row = tuple

_PAD = " \t\r\n\u3000\ufeff"


@dataclass(slots=True)
class FileIndex:
    """What loading one file gives.

    Attributes:
        source: the file.
        encoding: the codec used, or None for a file that is not text.
        rows: one row per record (see :data:`Row`).
        problems: the file's problems, in order.
        nbytes: bytes read (the file's size).
        mtime_ns: the file's modification time when read, or 0.
    """

    source: SourceFile
    encoding: str | None
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    nbytes: int = 0
    mtime_ns: int = 0


@dataclass(slots=True)
class ParsedFile:
    """A file read in full: its bytes' decoding and the parsed records."""

    source: SourceFile
    decoded: Decoded
    parsed: ParsedText
    problems: list[Problem]

    def serialize(self) -> bytes:
        """The records as bytes in the file's own encoding (round trip)."""
        from viewer.core.parser import serialize

        return self.decoded.encode(serialize(self.parsed))


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a load has got."""

    files_done: int
    files_total: int
    records: int
    bytes: int
    elapsed: float


def _read_bytes(
    source: SourceFile, max_bytes: int, problems: list[Problem], stat: list[int] | None = None
) -> bytes | None:
    path = source.path
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            size = st.st_size
            if stat is not None:
                stat[:] = [size, st.st_mtime_ns]
            if size > max_bytes:
                problems.append(
                    Problem(
                        path,
                        None,
                        None,
                        f"file is {size / 2**20:.0f} MiB, over the {max_bytes / 2**20:.0f} MiB limit; skipped",
                        Kind.UNREADABLE,
                        Severity.ERROR,
                    )
                )
                return None
            return fh.read()
    except OSError as e:
        problems.append(Problem(path, None, None, f"cannot read: {e.strerror or e}", Kind.UNREADABLE, Severity.ERROR))
        return None


def _decode(
    source: SourceFile, data: bytes, override: str | None, fallback: str | None, problems: list[Problem]
) -> Decoded:
    path = source.path
    decoded = decode(data, override=override, fallback=fallback)
    if decoded.binary:
        skipped = Severity.ERROR if source.explicit else Severity.NOTE
        problems.append(Problem(path, None, None, "binary file, not a record file; skipped", Kind.BINARY_FILE, skipped))
    elif decoded.bad_count:
        first = decoded.bad_offsets[0]
        more = f" and {decoded.bad_count - 1} more" if decoded.bad_count > 1 else ""
        problems.append(
            Problem(
                path,
                byte_line(data, first, decoded.codec),
                None,
                f"bytes not valid {decoded.encoding} at byte offset {first}{more}; shown as \ufffd",
                Kind.UNDECODABLE,
                Severity.ERROR,
            )
        )
    return decoded


def _parse(source: SourceFile, decoded: Decoded, problems: list[Problem]) -> ParsedText:
    if decoded.binary:
        return ParsedText()
    parsed = parse_text(decoded.text, source.path)
    for p in parsed.problems:
        if p.kind is Kind.NOT_RECORDS and not source.explicit:
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
    data = _read_bytes(source, max_bytes, problems)
    if data is None:
        return ParsedFile(source, Decoded("", None, None), ParsedText(), problems)
    return parse_bytes(source, data, override=override, fallback=fallback, problems=problems)


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


def _row(index: int, line: int, pairs: Iterable[tuple[str, str]], nproblems: int) -> Row:
    values = dict.fromkeys(INDEXED_FIELDS, "")
    body = 0
    extra: list[tuple[str, str]] | None = None
    for code, raw in pairs:
        if code == ZW:
            body = body_length(raw)
        elif code in values:
            if not values[code]:
                values[code] = raw.strip(_PAD)
        elif code not in KNOWN_FIELDS:
            if extra is None:
                extra = []
            extra.append((code, raw.strip(_PAD)))
    return (index, line, *values.values(), body, nproblems, tuple(extra) if extra else None)


def index_file(
    source: SourceFile,
    override: str | None = None,
    fallback: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> FileIndex:
    """Load one file into rows (no bodies).

    A flawless one-record file takes the fast path (:func:`scan_simple`);
    anything else is parsed in full, with its problems.
    """
    problems: list[Problem] = []
    st = [0, 0]
    data = _read_bytes(source, max_bytes, problems, st)
    if data is None:
        return FileIndex(source, None, [], problems, *st)
    decoded = _decode(source, data, override, fallback, problems)
    if not problems:
        simple = scan_simple(decoded.text)
        if simple is not None:
            pairs, line = simple
            return FileIndex(source, decoded.encoding, [_row(0, line, pairs, 0)], problems, *st)
    parsed = _parse(source, decoded, problems)
    counts: dict[int | None, int] = {}
    for p in problems:
        counts[p.record] = counts.get(p.record, 0) + 1
    file_level = counts.get(None, 0)
    rows = [
        _row(
            record.index,
            record.line,
            ((f.code, f.value) for f in record.fields),
            counts.get(record.index, 0) + file_level,
        )
        for record in parsed.records
    ]
    return FileIndex(source, decoded.encoding, rows, problems, *st)


def _index_batch(
    sources: list[SourceFile], overrides: list[str | None], fallback: str | None, max_bytes: int
) -> list[FileIndex]:
    return [index_file(s, o, fallback, max_bytes) for s, o in zip(sources, overrides)]


def _pool_context() -> multiprocessing.context.BaseContext:
    # fork is unsafe in a process with threads (the GUI); forkserver is not.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def load(
    paths: list[str | os.PathLike[str]],
    *,
    overrides: EncodingOverrides | None = None,
    workers: int | None = None,
    batch: int = 512,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    discovered: Callable[[list[SourceFile], list[Problem]], None] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Iterator[list[FileIndex]]:
    """Load files and folders, yielding batches of :class:`FileIndex`, in file order.

    Args:
        paths: files and folders.
        overrides: the user's encoding choices.
        workers: worker processes; None for one per CPU, 0 to work inline.
        batch: files per task sent to a worker.
        progress: called after each batch (from the calling thread).
        cancel: when set, the load stops after the batches in flight.
        discovered: called once with the file list and the discovery
            problems (skipped files, unreadable folders) before loading.
        max_bytes: files over this size are skipped with a problem.

    Yields:
        Lists of results, one result per file, in the order of discovery.
        Discovery problems are not in any result; they go to ``discovered``.
    """
    started = time.perf_counter()
    overrides = overrides or EncodingOverrides()
    notes: list[Problem] = []
    sources = discover(list(paths), notes)
    if discovered is not None:
        discovered(sources, notes)
    total = len(sources)
    done = records = nbytes = 0

    def report() -> None:
        if progress is not None:
            progress(Progress(done, total, records, nbytes, time.perf_counter() - started))

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    def account(results: list[FileIndex]) -> Iterator[list[FileIndex]]:
        nonlocal done, records, nbytes
        done += len(results)
        records += sum(len(r.rows) for r in results)
        nbytes += sum(r.nbytes for r in results)
        yield results
        report()

    report()
    # A first batch inline: its files tell the archive's encoding (the fallback).
    head = sources[: min(batch, 64)]
    first = _index_batch(head, [overrides.lookup(s.path) for s in head], None, max_bytes)
    yield from account(first)
    fallback = infer_archive_encoding(
        r.encoding
        for r in first
        if r.encoding in ("utf-8", "gb18030") and not any(p.kind is Kind.UNDECODABLE for p in r.problems)
    )
    rest = sources[len(head) :]
    if not rest or cancelled():
        return
    n_workers = (os.cpu_count() or 1) if workers is None else workers
    batches = [rest[i : i + batch] for i in range(0, len(rest), batch)]
    if n_workers <= 1 or len(batches) == 1:
        for b in batches:
            if cancelled():
                return
            yield from account(_index_batch(b, [overrides.lookup(s.path) for s in b], fallback, max_bytes))
        return
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=_pool_context()) as pool:
        pending: list[Future[list[FileIndex]]] = []
        queue = iter(batches)

        def submit() -> bool:
            b = next(queue, None)
            if b is None:
                return False
            pending.append(pool.submit(_index_batch, b, [overrides.lookup(s.path) for s in b], fallback, max_bytes))
            return True

        for _ in range(n_workers * 2):
            submit()
        while pending:
            if cancelled():
                for f in pending:
                    f.cancel()
                return
            results = pending.pop(0).result()
            submit()
            yield from account(results)
