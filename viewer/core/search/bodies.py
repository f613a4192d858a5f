"""Every body of an archive in one memory-mapped file, for substring search.

Bodies (the record's paragraphs joined by ``\\n``, exactly the text that
anchors and the reader count in) are written in record id order as UTF-16LE,
each followed by a NUL, to a file in the user cache folder. The file is
memory-mapped: the operating system keeps it in its page cache, the Python
heap holds only the offsets, and a search is one C-level scan of the whole
archive. The archive's files are read again (in worker processes) to build
it, so the load itself keeps no bodies.
"""

from __future__ import annotations

import mmap
import os
import tempfile
import threading
import weakref
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import BinaryIO

from viewer.core.files.paths import absolute
from viewer.core.records.archive import Archive
from viewer.core.records.batch import Stamp, stamp_of
from viewer.core.records.cache import IndexCache
from viewer.core.records.discovery import SourceFile
from viewer.core.records.loader import background_pool, read_file

SEP = "\x00"
ENCODING = "utf-16-le"
PREFIX, SUFFIX = "bodies-", ".u16"


def _hold(fd: int) -> None:
    """Mark a store file as in use (a shared advisory lock, where there is one)."""
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_SH)
    except (ImportError, OSError):
        pass


def remove_abandoned(folder: str, prefix: str = PREFIX) -> int:
    """Delete store files that no running program uses (left by a killed one).

    A store file in use holds a shared lock; one that an exclusive lock can
    be had on is abandoned. Where there are no advisory locks (Windows), a
    file in use cannot be deleted anyway. Returns how many were removed.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    removed = 0
    for name in names:
        if not (name.startswith(prefix) and name.endswith(SUFFIX)):
            continue
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass
        except OSError:
            os.close(fd)
            continue  # in use
        try:
            for victim in (path, path + ".offsets"):
                try:
                    os.unlink(victim)
                except FileNotFoundError:
                    pass
            removed += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _bodies(sources: list[SourceFile], codecs: list[str | None]) -> str:
    """In a worker: the bodies of the files' records, NUL-terminated each."""
    parts = []
    for source, codec in zip(sources, codecs):
        pf = read_file(source, override=codec)
        for record in pf.parsed.records:
            parts.append(record.body().replace(SEP, " "))
            parts.append(SEP)
    return "".join(parts)


class BodyStore:
    """The bodies of an archive, by record id.

    Build one with :meth:`build`; close it (or let it be collected) to remove
    its file.
    """

    def __init__(self, path: str, offsets: array, wide: set[int] | None = None) -> None:
        self.path = path
        self.offsets = offsets  # start (UTF-16 units) of each record's body; one more at the end
        self.wide = wide or set()  # records with characters outside the BMP
        self._fh = open(path, "rb")  # noqa: SIM115 - kept open for the map
        _hold(self._fh.fileno())  # in use: no other process removes it
        size = os.fstat(self._fh.fileno()).st_size
        self._map = mmap.mmap(self._fh.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        self._pool: ProcessPoolExecutor | None = None
        self._workers = 1
        self._finalizer = weakref.finalize(self, _cleanup, self._map, self._fh, path, None)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def close(self) -> None:
        self._finalizer()

    @classmethod
    def build(
        cls,
        archive: Archive,
        folder: str | None = None,
        *,
        workers: int | None = None,
        batch: int = 512,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
        cache: IndexCache | None = None,
    ) -> BodyStore | None:
        """Read every body of ``archive`` into a new store.

        With a :class:`~viewer.core.cache.IndexCache`, the bodies of files
        unchanged since they were cached come from it, and the others are
        remembered there.

        Returns:
            The store, or None when cancelled.
        """
        try:
            if folder is None:
                raise OSError("no folder given")
            os.makedirs(folder, exist_ok=True)
            remove_abandoned(folder)
            fd, path = tempfile.mkstemp(prefix=PREFIX, suffix=SUFFIX, dir=folder)
        except OSError:  # the cache folder cannot be written: the system's temporary folder
            remove_abandoned(tempfile.gettempdir(), "archive-viewer-" + PREFIX)
            fd, path = tempfile.mkstemp(prefix="archive-viewer-" + PREFIX, suffix=SUFFIX)
        guard = os.open(path, os.O_RDONLY)
        _hold(guard)  # until the store holds its own lock
        try:
            return cls._fill(archive, fd, path, workers, batch, progress, cancel, cache)
        finally:
            os.close(guard)

    @classmethod
    def _fill(
        cls,
        archive: Archive,
        fd: int,
        path: str,
        workers: int | None,
        batch: int,
        progress: Callable[[int, int], None] | None,
        cancel: threading.Event | None,
        cache: IndexCache | None,
    ) -> BodyStore | None:
        """Write every body into the new file ``path`` (open as ``fd``); see :meth:`build`."""
        offsets = array("q", [0])
        wide: set[int] = set()
        chunks = []
        counts: list[list[int]] = []
        for start in range(0, len(archive.files), batch):
            fids = range(start, min(start + batch, len(archive.files)))
            chunks.append(([archive.files[f] for f in fids], [archive.encodings[f] for f in fids]))
            counts.append([len(archive.file_records[f]) for f in fids])
        n_workers = (os.cpu_count() or 1) if workers is None else workers
        done = 0
        cached_text: dict[int, str] = {}
        stats: dict[int, list[tuple[str, Stamp]]] = {}
        if cache is not None:
            for i, (sources, _codecs) in enumerate(chunks):
                try:
                    stats[i] = [(absolute(src.path), stamp_of(os.stat(src.path))) for src in sources]
                except OSError:
                    continue
                found = cache.bodies(stats[i])
                if len(found) == len(sources):
                    cached_text[i] = "".join(found[path] for path, _ in stats[i])
        todo = [i for i in range(len(chunks)) if i not in cached_text]
        try:
            with os.fdopen(fd, "wb") as out:
                pool = None
                if n_workers > 1 and len(todo) > 1:
                    pool = background_pool(n_workers)
                    computed = pool.map(_bodies, *zip(*[chunks[i] for i in todo]))
                else:
                    computed = (_bodies(*chunks[i]) for i in todo)
                computed_iter = iter(computed)
                try:
                    position = 0  # in UTF-16 units, like the file
                    for i, (sources, _codecs) in enumerate(chunks):
                        if cancel is not None and cancel.is_set():
                            raise _Cancelled
                        if i in cached_text:
                            text = cached_text[i]
                        else:
                            text = next(computed_iter)
                            if cache is not None and i in stats:
                                cache.store_bodies(_per_file(stats[i], counts[i], text))
                        data = text.encode(ENCODING)
                        out.write(data)
                        if len(data) // 2 == len(text):
                            for body_end in _ends(text):
                                offsets.append(position + body_end + 1)
                        else:  # characters outside the BMP: count units body by body
                            unit = position
                            for body in text.split(SEP)[:-1]:
                                units = len(body.encode(ENCODING)) // 2
                                if units != len(body):
                                    wide.add(len(offsets) - 1)
                                unit += units + 1
                                offsets.append(unit)
                        position += len(data) // 2
                        done += len(sources)
                        if progress is not None:
                            progress(done, len(archive.files))
                finally:
                    if pool is not None:
                        pool.shutdown(wait=True, cancel_futures=True)
        except _Cancelled:
            os.unlink(path)
            return None
        except BaseException:
            os.unlink(path)
            raise
        if len(offsets) - 1 != len(archive):
            # A file changed since loading: records no longer line up.
            os.unlink(path)
            raise OSError("the archive's files changed since they were loaded; reload it")
        return cls(path, offsets, wide)

    def body(self, rid: int) -> str:
        """The body of record ``rid``."""
        if self._map is None:
            return ""
        start, end = self.offsets[rid], self.offsets[rid + 1] - 1
        return self._map[start * 2 : end * 2].decode(ENCODING)

    def offset_in_body(self, rid: int, position: int) -> int:
        """A store position (UTF-16 units) as a code point offset in ``rid``'s body."""
        units = position - self.offsets[rid]
        if rid not in self.wide:
            return units
        from viewer.core.records.units import utf16_to_cp

        return utf16_to_cp(self.body(rid), units)

    def text(self, start: int, end: int) -> str:
        """UTF-16 units ``start`` to ``end`` of the whole store (NULs between bodies)."""
        if self._map is None:
            return ""
        start, end = max(0, start), min(end, self.offsets[-1])
        return self._map[start * 2 : end * 2].decode(ENCODING)

    def raw_find(self, pattern: bytes, start: int) -> int:
        """``mmap.find`` on the UTF-16LE bytes (byte offsets; may be odd)."""
        return self._map.find(pattern, start) if self._map is not None else -1

    def start_workers(self, workers: int | None = None) -> None:
        """Scan with worker processes from now on (one per CPU by default).

        A search then splits the store into one part per worker; each part
        is scanned in its own process, so a scan takes about 1/N of the time.
        """
        n = (os.cpu_count() or 1) if workers is None else workers
        if n > 1 and self._pool is None and self._map is not None:
            with open(self.path + ".offsets", "wb") as fh:
                fh.write(self.offsets.tobytes())
            self._pool = background_pool(n)
            self._workers = n
            self._finalizer.detach()
            self._finalizer = weakref.finalize(self, _cleanup, self._map, self._fh, self.path, self._pool)

    def scan(self, needle: str, exclusions: tuple[str, ...] = (), cancel: threading.Event | None = None) -> array:
        """Record ids whose body holds ``needle`` (see :func:`scan`), in order."""
        n = len(self)
        if self._pool is None or n < 2 * self._workers:
            return scan(self._map, self.offsets, needle, exclusions, 0, n, cancel)
        # Parts of about equal size in characters, cut at record boundaries.
        total = self.offsets[-1]
        cuts = [0] + [bisect_right(self.offsets, total * k // self._workers) - 1 for k in range(1, self._workers)] + [n]
        cuts = sorted(set(cuts))
        futures = [
            self._pool.submit(_worker_scan, self.path, needle, exclusions, lo, hi)
            for lo, hi in zip(cuts, cuts[1:])
        ]
        out = array("q")
        for future in futures:
            out.frombytes(future.result())
        return out

    def find(self, needle: str, start: int) -> int:
        """The first position (UTF-16 units) of ``needle`` at or after ``start``, or -1."""
        if self._map is None or not needle:
            return -1
        pattern = needle.encode(ENCODING)
        i = self._map.find(pattern, start * 2)
        while i >= 0 and i % 2:
            i = self._map.find(pattern, i + 1)
        return i // 2 if i >= 0 else -1

    def find_all(self, needle: str) -> Iterator[int]:
        """Every position (in UTF-16 units) of ``needle`` in the store."""
        if self._map is None or not needle:
            return
        pattern = needle.encode(ENCODING)
        find = self._map.find
        i = find(pattern)
        while i >= 0:
            if i % 2 == 0:
                yield i // 2
                i = find(pattern, i + len(pattern))
            else:
                i = find(pattern, i + 1)

    def rid_at(self, position: int) -> int:
        """The record whose body holds ``position`` (UTF-16 units)."""
        return bisect_right(self.offsets, position) - 1


def _per_file(stats: list[tuple[str, Stamp]], counts: list[int], text: str) -> list[tuple[str, Stamp, str]]:
    """Split a chunk's bodies back into files: each file has ``count`` NUL-terminated bodies."""
    out = []
    pos = 0
    for (path, stamp), count in zip(stats, counts):
        end = pos
        for _ in range(count):
            end = text.index(SEP, end) + 1
        out.append((path, stamp, text[pos:end]))
        pos = end
    return out


def scan(
    mm: mmap.mmap | None,
    offsets: array,
    needle: str,
    exclusions: tuple[str, ...] = (),
    lo: int = 0,
    hi: int | None = None,
    cancel: threading.Event | None = None,
) -> array:
    """Record ids ``lo``..``hi``-1 whose body holds ``needle``, in order.

    One C-level ``find`` over the mapped text, jumping to the next record at
    each match, so a common term costs one find per matching record. A hit
    inside one of ``exclusions`` (longer strings that contain the needle)
    does not count.
    """
    out = array("q")
    n_records = len(offsets) - 1
    hi = n_records if hi is None else hi
    if mm is None or not needle or lo >= hi:
        return out
    pattern = needle.encode(ENCODING)
    end = offsets[hi] * 2
    find = mm.find
    rid = lo
    byte = find(pattern, offsets[lo] * 2, end)
    while byte >= 0:
        if byte % 2:  # not on a character boundary
            byte = find(pattern, byte + 1, end)
            continue
        position = byte // 2
        # Matches come in order: step forward, or jump by bisection when far.
        if offsets[rid + 1] <= position:
            rid += 1
            if offsets[rid + 1] <= position:
                rid = bisect_right(offsets, position, rid, hi + 1) - 1
        if exclusions and _excluded(mm, position, needle, exclusions):
            byte = find(pattern, byte + 2, end)
            continue
        out.append(rid)
        if len(out) % 2048 == 0 and cancel is not None and cancel.is_set():
            break
        byte = find(pattern, offsets[rid + 1] * 2, end)
    return out


def _excluded(mm: mmap.mmap, position: int, needle: str, exclusions: tuple[str, ...]) -> bool:
    for pattern in exclusions:
        k = pattern.find(needle)
        while k >= 0:
            start = position - k
            if start >= 0 and mm[start * 2 : (start + len(pattern)) * 2] == pattern.encode(ENCODING):
                return True
            k = pattern.find(needle, k + 1)
    return False


#: A worker process's own view of one store: path → (file, map, offsets).
_OPEN: dict[str, tuple] = {}


def _worker_scan(path: str, needle: str, exclusions: tuple[str, ...], lo: int, hi: int) -> bytes:
    """In a worker process: :func:`scan` over a part of the store at ``path``
    (its offsets are in ``path + ".offsets"``, written by :meth:`BodyStore.start_workers`)."""
    if path not in _OPEN:
        for old in list(_OPEN):  # one store at a time per worker
            fh, mm, _ = _OPEN.pop(old)
            mm.close()
            fh.close()
        fh = open(path, "rb")  # noqa: SIM115 - kept open for the map
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        table = array("q")
        with open(path + ".offsets", "rb") as offsets_file:
            table.frombytes(offsets_file.read())
        _OPEN[path] = (fh, mm, table)
    _, mm, table = _OPEN[path]
    return scan(mm, table, needle, exclusions, lo, hi).tobytes()


class _Cancelled(Exception):
    pass


def _ends(text: str) -> Iterator[int]:
    i = text.find(SEP)
    while i >= 0:
        yield i
        i = text.find(SEP, i + 1)


def _cleanup(mapping: mmap.mmap | None, fh: BinaryIO, path: str, pool: ProcessPoolExecutor | None) -> None:
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    if mapping is not None:
        mapping.close()
    fh.close()
    for name in (path, path + ".offsets"):
        try:
            os.unlink(name)
        except OSError:
            pass
