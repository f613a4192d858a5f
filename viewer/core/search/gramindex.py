"""A persistent character n-gram index: which records hold a text, at once.

Chinese has no spaces, so the index is over characters, not words. For every
text field of every record it keeps, per *gram* (one UTF-16 unit, or two
neighbouring ones), the set of records that contain it, as a compressed
bitmap (pyroaring). A query of one or two units is then one bitmap, exactly
the records that hold it; a longer one is the intersection of its bigrams'
bitmaps, a superset of the answer, and the candidates are confirmed by
reading their text, so that the work is proportional to the matches, not to
the archive. The texts are kept beside the postings (each segment's bodies
as UTF-16 in a file of its own), so confirming, counting hits and the
concordance need no re-reading of record files.

The index lives in the user cache folder (``search-v2/``), shared by every
archive opened, and is made of *segments*: a segment covers a group of files
(about :data:`SEGMENT_RECORDS` records) and numbers their records locally.
It has two files, written once by a worker process and then only read
(memory-mapped): ``seg-NAME.u16``, the bodies, and ``seg-NAME.grams``, the
sorted gram keys, the end of each key's bitmap, and the bitmaps.
``index.sqlite`` lists the segments, each with its files' paths,
:data:`~viewer.core.records.batch.Stamp` and record counts packed in one
row, so that opening compares a million files with a few numpy operations. On opening,
a segment is used only when each of its files is unchanged (the stamp taken
when the archive was loaded, or ``os.stat`` for files outside the archive
that was opened); a segment with a changed, added-to or removed file is
dropped and its files indexed again with the new ones. What the index
trusts is therefore exactly what the metadata cache trusts, racily clean
files included: a file changed within
:data:`~viewer.core.records.batch.RACY_NS` of its segment's build (or
after) could change again within the file system's clock step without
its stamp changing, so its segment keeps it with an impossible size
(:func:`~viewer.core.records.batch.settled`) and is built again at the
next opening, until the file has settled.

Damage is never fatal: a database SQLite reports as damaged, a bitmap that
does not deserialize, or a body file of the wrong size makes the index
remove itself; the caller searches by scanning and the index is built again
on the next opening.

Design, candidates measured and numbers: ``docs/search-index.md``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import mmap
import os
import secrets
import sqlite3
import struct
import threading
import time
from array import array
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from itertools import repeat

import numpy as np
from pyroaring import BitMap

from viewer.core.files.paths import absolute
from viewer.core.records.archive import Archive
from viewer.core.records.batch import STAMP_INTS, UNSETTLED, Batch, settled, stamp_of
from viewer.core.records.discovery import SourceFile
from viewer.core.records.fields import BM, BT, FL, FT, INDEXED_FIELDS, TC, YT, ZW, ZZ
from viewer.core.records.filetable import FileTable
from viewer.core.records.loader import background_pool, read_for_index
from viewer.core.records.textcolumn import overlaps_itself, unit_matches

#: Bump when what is stored changes: each version has its own folder.
VERSION = 2
#: Fields indexed, by their number in the keys.
FIELDS = (YT, BT, FT, ZZ, BM, TC, FL, ZW)
#: Records a segment holds (more only when one file holds more).
SEGMENT_RECORDS = 16384
#: A single segment of more records than this is built in a worker process.
_INLINE_RECORDS = 1024
_DOC_BITS = 22  # local record numbers in the sort keys: at most 4,194,304 a segment
_GRAM_BITS = 34  # a gram id (< 2**33) in the database keys, below the field number
_SEP = "\x00"
_ENCODING = "utf-16-le"


class IndexDamaged(Exception):
    """The index cannot be read as it should; it removes itself."""


def folder_in(cache_folder: str | os.PathLike[str]) -> str:
    """The index folder of this version in ``cache_folder``."""
    return os.path.join(os.fspath(cache_folder), f"search-v{VERSION}")


# -- grams ----------------------------------------------------------------------------------


def needle_grams(needle: str) -> tuple[list[int], bool]:
    """The gram ids whose postings hold every record with ``needle``, and
    whether those postings are the answer itself (one or two units) rather
    than candidates to confirm."""
    units = array("H", needle.encode(_ENCODING))
    if len(units) == 1:
        return [units[0]], True
    grams = sorted({_bigram(a, b) for a, b in zip(units, units[1:])})
    return grams, len(units) == 2


def _bigram(a: int, b: int) -> int:
    return 65536 + (a << 16 | b)


def postings(texts: Sequence[str]) -> list[tuple[int, bytes]]:
    """Every gram of ``texts`` with the (serialized) bitmap of the texts'
    numbers that hold it, by gram id. NULs in the texts are read as spaces."""
    if not texts:
        return []
    joined = _SEP.join(texts)
    if joined.count(_SEP) != len(texts) - 1:
        joined = _SEP.join(t.replace(_SEP, " ") for t in texts)
    u = np.frombuffer((joined + _SEP).encode(_ENCODING), dtype=np.uint16)
    sep = u == 0
    doc = np.cumsum(sep, dtype=np.uint64) - sep  # the text each unit is in
    keep = ~sep
    uni = (u[keep].astype(np.uint64) << np.uint64(_DOC_BITS)) | doc[keep]
    pair = keep[:-1] & keep[1:]
    big = (u[:-1][pair].astype(np.uint64) << np.uint64(16)) | u[1:][pair]
    big = ((big + np.uint64(65536)) << np.uint64(_DOC_BITS)) | doc[:-1][pair]
    keys = np.concatenate((uni, big))
    keys.sort()  # (np.unique is many times slower on these arrays)
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    grams = keys >> np.uint64(_DOC_BITS)
    docs = (keys & np.uint64((1 << _DOC_BITS) - 1)).astype(np.uint32).tobytes()
    cuts = (np.flatnonzero(grams[1:] != grams[:-1]) + 1).tolist()
    starts = [0, *cuts]
    ends = [*cuts, len(keys)]
    ids = grams[starts].tolist() if len(keys) else []
    return [
        (g, BitMap(array("I", docs[4 * s : 4 * e])).serialize()) for g, s, e in zip(ids, starts, ends)
    ]


# -- building a segment (in a worker process) -------------------------------------------------


def _build_segment(
    folder: str, sources: list[SourceFile], codecs: list[str | None], stamps: np.ndarray | list[tuple[int, ...]],
    counts: list[int],
) -> tuple[str, bytes] | str:
    """Read the files and write a segment's two files in ``folder``: the
    bodies (``seg-NAME.u16``) and every field's postings (``seg-NAME.grams``).
    The short fields are taken here, as the archive took them when it loaded
    the files (:func:`~viewer.core.records.loader.read_for_index`), not sent
    from the archive: making a million records' values in the window's
    process held the interpreter lock for seconds.

    Returns:
        (NAME, the bodies' offsets), or a message when a file changed since
        it was loaded.
    """
    bodies: list[str] = []
    batch = Batch()
    # (a file's stamp as loaded: a row of an array, sent as one buffer)
    stamps = list(map(tuple, np.asarray(stamps, dtype=np.int64).reshape(len(sources), -1).tolist()))
    for source, codec, stamp, count in zip(sources, codecs, stamps, counts):
        try:
            now = stamp_of(os.stat(source.path))
        except OSError as e:
            return f"{source.path}: {e.strerror or e}"
        if now != stamp:
            return f"{source.path} changed since it was loaded"
        before = batch.records
        parsed = read_for_index(batch, source, codec)
        if len(parsed.records) != count or batch.records - before != count or tuple(batch.stamps[-STAMP_INTS:]) != stamp:
            return f"{source.path} changed since it was loaded"
        bodies += [r.body().replace(_SEP, " ") for r in parsed.records]
    columns = batch.columns()
    short = {code: columns[INDEXED_FIELDS.index(code)] for code in FIELDS if code != ZW}
    offsets = array("q", [0])
    data = bytearray()
    for body in bodies:
        data += body.encode(_ENCODING)
        data += b"\x00\x00"
        offsets.append(len(data) // 2)
    keys: list[int] = []
    blobs: list[bytes] = []
    for number, code in enumerate(FIELDS):
        base = number << _GRAM_BITS
        for gram, bits in postings(bodies if code == ZW else short[code]):
            keys.append(base | gram)
            blobs.append(bits)
    ends = np.cumsum(np.array([len(b) for b in blobs], dtype=np.uint64), dtype=np.uint64)
    grams = b"".join((_MAGIC, np.uint64(len(keys)).tobytes(), np.array(keys, dtype=np.uint64).tobytes(), ends.tobytes(), *blobs))
    # Written under temporary names, made with the user's umask, renamed
    # when complete; a segment exists only once index.sqlite names it.
    name = secrets.token_hex(8)
    written: list[str] = []
    try:
        for ext, content in ((".u16", data), (".grams", grams)):
            part = os.path.join(folder, f"seg-{name}{ext}.part")
            written.append(part)
            with open(part, "xb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        for part in written:
            os.replace(part, part[: -len(".part")])
        _sync_folder(folder)
    except BaseException:
        for part in written:
            for leftover in (part, part[: -len(".part")]):
                try:
                    os.unlink(leftover)
                except OSError:
                    pass
        raise
    return name, offsets.tobytes()


_MAGIC = b"AVGRAMS1"


def _sync_folder(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- the index ------------------------------------------------------------------------------


class _Segment:
    """One segment as used for the open archive: its two files, mapped."""

    __slots__ = ("id", "name", "folder", "offsets", "rids", "base", "_maps", "_keys", "_ends", "_data")

    def __init__(self, sid: int, folder: str, name: str, offsets: array) -> None:
        self.id = sid
        self.folder = folder
        self.name = name
        self.offsets = offsets
        self.rids: np.ndarray | None = None  # local number → record id (-1: not in this archive)
        self.base: int | None = None  # when local i is record base + i for every i
        self._maps: dict[str, mmap.mmap | None] = {}
        self._keys = np.zeros(0, dtype=np.uint64)
        self._ends = np.zeros(0, dtype=np.uint64)
        self._data = 0

    def files(self) -> list[str]:
        return [os.path.join(self.folder, f"seg-{self.name}{ext}") for ext in (".u16", ".grams")]

    def map(self) -> None:
        """Map both files (OSError when one is missing; IndexDamaged when one
        is not what it should be)."""
        bodies, grams = self.files()
        size = self._map(".u16", bodies)
        if size != self.offsets[-1] * 2:
            raise IndexDamaged(f"{bodies} has the wrong size")
        size = self._map(".grams", grams)
        mm = self._maps[".grams"]
        if mm is None or size < 16 or mm[:8] != _MAGIC:
            raise IndexDamaged(f"{grams} is not a postings file")
        n = int(np.frombuffer(mm, dtype=np.uint64, count=1, offset=8)[0])
        self._data = 16 + 16 * n
        if size < self._data:
            raise IndexDamaged(f"{grams} is too short")
        self._keys = np.frombuffer(mm, dtype=np.uint64, count=n, offset=16)
        self._ends = np.frombuffer(mm, dtype=np.uint64, count=n, offset=16 + 8 * n)
        if n and int(self._ends[-1]) != size - self._data:
            raise IndexDamaged(f"{grams} has the wrong size")

    def _map(self, ext: str, path: str) -> int:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            self._maps[ext] = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        return size

    def postings(self, keys: np.ndarray) -> list[BitMap]:
        """The local numbers of the records with each gram key of ``keys``
        (uint64; ValueError when a bitmap does not read)."""
        at = np.searchsorted(self._keys, keys)
        n = len(self._keys)
        mm = self._maps.get(".grams")
        out = []
        for key, i in zip(keys.tolist(), at.tolist()):
            if i >= n or int(self._keys[i]) != key or mm is None:
                out.append(BitMap())
                continue
            start = int(self._ends[i - 1]) if i else 0
            end = int(self._ends[i])
            out.append(BitMap.deserialize(mm[self._data + start : self._data + end]))
        return out

    def body(self, local: int) -> str:
        mm = self._maps.get(".u16")
        if mm is None:
            return ""
        start, end = self.offsets[local], self.offsets[local + 1] - 1
        return mm[start * 2 : end * 2].decode(_ENCODING)

    def to_rids(self, local: BitMap) -> BitMap:
        if self.base is not None:
            return local.shift(self.base) if self.base else local
        assert self.rids is not None
        mapped = self.rids[np.frombuffer(local.to_array(), dtype=np.uint32)]
        return BitMap(array("I", mapped[mapped >= 0].astype(np.uint32).tobytes()))

    def close(self) -> None:
        self._keys = self._ends = np.zeros(0, dtype=np.uint64)  # views of a map: let go first
        for mm in self._maps.values():
            if mm is not None:
                mm.close()
        self._maps = {}


#: Items a bulk call in C takes at a time where the window may be waiting
#: for the interpreter lock (a few milliseconds' work).
_HOLD = 1 << 16

#: A segments row: id, name, body offsets, paths, stamps, record counts.
_Row = tuple[int, str, bytes, str, bytes, bytes]


class _Stored:
    """A segment's row, compared with the open archive.

    Attributes:
        fids: each of the segment's files' id in the archive (-1: not in it).
        present: which of its files the archive has.
    """

    def __init__(
        self, sid: int, name: str, offsets: bytes, paths: str, stamps: bytes, counts: bytes,
        fid_of: dict[str, int] | None = None, *, fids: list[int] | None = None,
    ) -> None:
        """``fid_of``: the archive's files' ids by absolute path; or ``fids``:
        the files' ids, for a segment just built of them."""
        self.sid, self.name, self.offsets = sid, name, offsets
        self._paths = paths  # (split only when a file outside the archive is stat-ed)
        self.stamps = np.frombuffer(stamps, dtype=np.int64).reshape(-1, STAMP_INTS)
        self.counts = np.frombuffer(counts, dtype=np.int64)
        if fids is not None:
            self.fids = np.array(fids, dtype=np.int64)
        else:
            assert fid_of is not None
            split = paths.split("\n")
            self.fids = np.fromiter(map(fid_of.get, split, repeat(-1)), dtype=np.int64, count=len(split))
        if not (len(self.fids) == len(self.stamps) == len(self.counts)):
            raise IndexDamaged(f"segment {name}: its file list does not add up")
        self.present = self.fids >= 0

    def holds(self, stamps: np.ndarray, counts: np.ndarray) -> bool:
        """Is every file unchanged: those of the archive by their load
        stamps and record counts, the others by a stat now?"""
        fids = self.fids[self.present]
        if not (stamps[fids] == self.stamps[self.present]).all() or not (counts[fids] == self.counts[self.present]).all():
            return False
        outside = np.flatnonzero(~self.present).tolist()
        paths = self._paths.split("\n") if outside else []
        for k in outside:
            try:
                now = np.array(stamp_of(os.stat(paths[k])), dtype=np.int64)
            except OSError:
                return False
            if not (now == self.stamps[k]).all():
                return False
        return True


def _stamps(archive: Archive) -> np.ndarray:
    """The archive's files' load stamps, a row each: copied (a view would
    stop a load from appending) a part at a time, as a million files' 40 MB
    in one call held the interpreter lock for a tenth of a second while the
    window's first sorts and filters ran."""
    stamps = archive.stamps
    n = len(stamps)
    out = np.empty(n, dtype=np.int64)
    for a in range(0, n, _HOLD * STAMP_INTS):
        b = min(n, a + _HOLD * STAMP_INTS)
        out[a:b] = np.frombuffer(stamps[a:b], dtype=np.int64)
    return out.reshape(-1, STAMP_INTS)


class GramIndex:
    """The n-gram index of one open archive (see the module docstring).

    Open one with :meth:`open`; it is used from any thread.

    Attributes:
        complete: every record of the archive is in the index (when not,
            the searcher scans instead).
        built: how many records this opening had to index.
        bound: this opening took the segments kept with the archive's
            snapshot (see :meth:`_rebind`), without comparing any file.
        problems: why files could not be indexed, for people.
    """

    def __init__(self, folder: str, db: sqlite3.Connection) -> None:
        self.folder = folder
        self._db = db
        self._segments: list[_Segment] = []
        self._seg_of = np.zeros(0, dtype=np.int32)
        self._local_of = np.zeros(0, dtype=np.int32)
        self.complete = False
        self.built = 0
        self.bound = False
        self.problems: list[str] = []

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        archive: Archive,
        cache_folder: str | os.PathLike[str],
        *,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> GramIndex | None:
        """The index of ``archive``, brought up to date: segments whose files
        changed are dropped, files not yet indexed are indexed.

        Returns:
            The index, or None when cancelled or when the index folder
            cannot be used (the searcher then scans).
        """
        folder = folder_in(cache_folder)
        for old in range(1, VERSION):  # nothing reads them any more
            remove(os.path.join(os.fspath(cache_folder), f"search-v{old}"))
        for attempt in (1, 2):
            try:
                os.makedirs(folder, exist_ok=True)
                index = cls(folder, _connect(folder))
                if index._sync(archive, workers, progress, cancel):
                    return index
                index.close()
                return None
            except (sqlite3.DatabaseError, IndexDamaged, ValueError) as e:
                if attempt == 2 or not _is_damage(e):
                    return None
                remove(folder)
            except OSError:
                return None
        return None

    def _sync(
        self,
        archive: Archive,
        workers: int | None,
        progress: Callable[[int, int], None] | None,
        cancel: threading.Event | None,
    ) -> bool:
        if self._rebind(archive):
            self.bound = self.complete = True
            self._tidy()
            return True
        db = self._db
        files = archive.files

        # Every file's absolute path and its file id by path, made only when
        # a stored segment is looked at. A first opening has none: the map
        # (half a second of the interpreter lock at a million files) was made
        # as the user's first sorts and filters ran, and the paths (100 MB)
        # lived through the build of minutes, beside the annotations being
        # read and the snapshot written, and left the heap in holes.
        @functools.cache
        def fid_of() -> dict[str, int]:
            paths = list(map(absolute, files.paths()))
            out: dict[str, int] = {}
            for i in range(0, len(paths), _HOLD):  # a million in one call would hold the interpreter lock 0.1 s
                out.update(zip(paths[i : i + _HOLD], range(i, i + _HOLD)))
            return out

        stamps = _stamps(archive)
        counts = archive.file_records.lengths()
        segments: list[_Stored] = []
        dead: list[int] = []
        covered = np.zeros(len(files), dtype=bool)
        for sid, name, offsets, seg_paths, seg_stamps, seg_counts in db.execute(
            "SELECT id, name, offsets, paths, stamps, counts FROM segments ORDER BY id"
        ):
            stored = _Stored(sid, name, offsets, seg_paths, seg_stamps, seg_counts, fid_of())
            if not stored.present.any():
                continue  # another archive's: left as it is
            if stored.holds(stamps, counts):
                segments.append(stored)
                covered[stored.fids[stored.present]] = True
            else:
                dead.append(sid)
        if dead:
            self._drop(dead)
        todo = np.flatnonzero(~covered & (counts > 0)).tolist()
        unstorable = set(files.unencodable(_absolute_folder)).intersection(todo) if todo else set()
        if unstorable:
            self.problems += [f"{absolute(files[f].path)}: the name cannot be stored; this file is searched by scanning"
                              for f in sorted(unstorable)]
            todo = [f for f in todo if f not in unstorable]
        if todo:
            built = self._build(archive, todo, workers, progress, cancel)
            if built is None:
                return False
            segments += [_Stored(*row, fids=group) for row, group in built]
        self._attach(archive, segments)
        self.complete = not self.problems and bool((self._seg_of >= 0).all())
        if (self.complete and all(row.present.all() for row in segments)
                and not any((row.stamps[:, 0] == UNSETTLED).any() for row in segments)):  # (none racily clean)
            self._bind(archive)
        self._tidy()
        return True

    # -- the segments of a snapshot's archive ------------------------------------------
    #
    # Comparing a million files' paths and stamps with the segments' takes a
    # second or more. An archive that *is* a snapshot (filled wholly from it,
    # or the one that wrote it) has exactly the files and stamps the
    # snapshot's id stands for, and segments never change once written (a
    # changed file's segment is dropped, and new ones get new ids and
    # names). So once an opening has found every record of such an archive
    # in segments that hold only its files, which segments those are, and
    # where each record is in them, is kept with the snapshot
    # (:meth:`~viewer.core.records.archive.Archive.keep`); the next opening
    # of that snapshot takes them as they are while each is still listed
    # under the same id and name, and compares nothing. Kept as runs of
    # records that follow each other in one segment: a few numbers a
    # segment.

    def _binding_name(self) -> str:
        return "index:" + hashlib.sha256(os.fsencode(absolute(self.folder))).hexdigest()[:16]

    def _bind(self, archive: Archive) -> None:
        """Keep which segments hold the archive's records (see above)."""
        listed = [[seg.id, seg.name] for seg in self._segments]
        head = json.dumps(listed, separators=(",", ":")).encode("ascii")
        runs = _runs(self._seg_of, self._local_of)
        archive.keep(self._binding_name(), _BINDING, struct.pack("<Q", len(head)) + head + runs.astype("<i8").tobytes())

    def _rebind(self, archive: Archive) -> bool:
        """Attach the segments kept for the archive's snapshot; False when
        there are none, or they are not all still there as they were (the
        full comparison then runs)."""
        data = archive.kept(self._binding_name(), _BINDING)
        if data is None:
            return False
        try:
            (length,) = struct.unpack_from("<Q", data)
            listed = json.loads(data[8 : 8 + length])
            runs = np.frombuffer(data[8 + length :], dtype="<i8").reshape(-1, 4).astype(np.int64)
            if not (isinstance(listed, list) and listed
                    and all(isinstance(e, list) and len(e) == 2 and type(e[0]) is int and isinstance(e[1], str)
                            for e in listed)):
                return False
        except (struct.error, ValueError):
            return False
        names = dict(map(tuple, listed))
        if len(names) != len(listed):
            return False
        found = {sid: (name, offsets) for sid, name, offsets in self._db.execute(
            f"SELECT id, name, offsets FROM segments WHERE id IN ({','.join(map(str, names))})")}
        if any(found.get(sid, ("",))[0] != name for sid, name in listed):
            return False  # dropped since (another archive's opening found a file changed)
        segments: list[_Segment] = []
        placed = None
        try:
            for sid, name in listed:
                segments.append(self._mapped(sid, name, found[sid][1]))
            placed = _placed(runs, len(archive), [len(seg.offsets) - 1 for seg in segments])
        finally:
            if placed is None:  # (raised, or the runs do not fit)
                for seg in segments:
                    seg.close()
        if placed is None:
            return False
        self._seg_of, self._local_of = placed
        for index, seg in enumerate(segments):
            mine = runs[runs[:, 1] == index]
            if len(mine) == 1:
                seg.base = int(mine[0, 0] - mine[0, 2])
            rids = np.full(len(seg.offsets) - 1, -1, dtype=np.int64)
            for first, _s, local, n in mine.tolist():
                rids[local : local + n] = np.arange(first, first + n, dtype=np.int64)
            seg.rids = rids
        self._segments = segments
        return True

    def _tidy(self) -> None:
        """Remove segment files no segment names that are over an hour old
        (left by a killed build; a younger one may be another program's, not
        yet committed)."""
        named = {f"seg-{name}{ext}" for (name,) in self._db.execute("SELECT name FROM segments") for ext in (".u16", ".grams")}
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if not entry.name.startswith("seg-") or entry.name in named:
                continue
            try:
                if time.time() - entry.stat().st_mtime > 3600:
                    os.unlink(entry.path)
            except OSError:
                pass

    def _drop(self, dead: list[int]) -> None:
        db = self._db
        ids = ",".join(map(str, sorted(dead)))
        names = [row[0] for row in db.execute(f"SELECT name FROM segments WHERE id IN ({ids})")]
        with db:
            db.execute(f"DELETE FROM segments WHERE id IN ({ids})")
        for name in names:
            for ext in (".u16", ".grams"):
                try:
                    os.unlink(os.path.join(self.folder, f"seg-{name}{ext}"))
                except OSError:
                    pass

    def _build(
        self,
        archive: Archive,
        todo: list[int],
        workers: int | None,
        progress: Callable[[int, int], None] | None,
        cancel: threading.Event | None,
    ) -> list[tuple[_Row, list[int]]] | None:
        """Index the files ``todo`` (file ids, in archive order) in new
        segments; returns their rows, each with its files' ids (None when
        cancelled). This runs in
        the window's process, beside what the user does: a job is made when
        it is handed out, a few at a time in flight, from whole columns (the
        files' stamps as one array, a run of files as one slice of the file
        table), and its stamps go to the worker as one array."""
        began_ns = time.time_ns()  # (before any file is read: racily clean files are told against it)
        lengths = archive.file_records.lengths()
        counts_of = lengths[np.array(todo, dtype=np.int64)].tolist() if todo else []
        groups: list[list[int]] = [[]]
        sizes: list[list[int]] = [[]]
        size = 0
        for fid, count in zip(todo, counts_of):
            if count >= 1 << _DOC_BITS:
                self.problems.append(f"{absolute(archive.files[fid].path)}: too many records for the index; "
                                     "this file is searched by scanning")
                continue
            if size + count > SEGMENT_RECORDS and groups[-1]:
                groups.append([])
                sizes.append([])
                size = 0
            groups[-1].append(fid)
            sizes[-1].append(count)
            size += count
        groups = [g for g in groups if g]
        sizes = [c for c in sizes if c]
        stamps = _stamps(archive)
        files = archive.files
        encodings = archive.encodings

        def job(group: list[int], counts: list[int]) -> tuple:
            """A segment's job, made when it is handed out (a million files'
            jobs made at once held the interpreter lock for seconds in the
            window's process, as its first sorts and filters ran, and a few
            hundred megabytes until the build ended)."""
            return (self.folder, _sources(files, group), [encodings[f] for f in group],
                    stamps[np.array(group, dtype=np.int64)], counts)

        total = sum(sum(c) for c in sizes)
        n = (os.cpu_count() or 1) if workers is None else workers
        # Worker processes for more than one segment, or for one of any size:
        # a segment's reading and parsing is seconds of Python, which in the
        # window's process would hold the interpreter lock the window needs.
        pool = background_pool(n) if n > 1 and (len(groups) > 1 or total > _INLINE_RECORDS) else None
        done = 0
        rows: list[tuple[_Row, list[int]]] = []
        pending: deque[tuple[list[int], list[int], np.ndarray, Future | None]] = deque()
        queue = iter(zip(groups, sizes))

        def hand_out() -> None:
            """Give the pool its next job (a few are in flight at a time)."""
            nxt = next(queue, None)
            if nxt is not None:
                group, counts = nxt
                made = job(group, counts)
                pending.append((group, counts, made[3], pool.submit(_build_segment, *made) if pool is not None else None))

        try:
            for _ in range(2 * n if pool is not None else 1):
                hand_out()
            while pending:
                if cancel is not None and cancel.is_set():
                    return None
                group, counts, seg_stamps, future = pending.popleft()
                result = future.result() if future is not None else _build_segment(*job(group, counts))
                hand_out()
                if isinstance(result, str):
                    self.problems.append(result)
                    continue
                rows.append((self._store(group, seg_stamps, counts, files, result, began_ns), group))
                done += sum(counts)
                self.built += sum(counts)
                if progress is not None:
                    progress(done, total)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        return rows

    def _store(self, group: list[int], stamps: np.ndarray, counts: list[int], files: FileTable,
               result: tuple[str, bytes], began_ns: int) -> _Row:
        """Name a built segment of the files ``group`` (their stamps, their
        records' counts) in the database; returns its row (a racily clean
        file's stamp kept unsettled: see the module's docstring)."""
        name, offsets = result
        seg_paths = "\n".join([absolute(source.path) for source in _sources(files, group)])
        seg_stamps = settled(np.asarray(stamps, dtype=np.int64).reshape(-1), began_ns).astype("=i8").tobytes()
        seg_counts = array("q", counts).tobytes()
        db = self._db
        try:
            with db:
                sid = db.execute(
                    "INSERT INTO segments(name, offsets, paths, stamps, counts) VALUES (?, ?, ?, ?, ?)",
                    (name, offsets, seg_paths, seg_stamps, seg_counts),
                ).lastrowid
        except BaseException:
            for ext in (".u16", ".grams"):
                try:
                    os.unlink(os.path.join(self.folder, f"seg-{name}{ext}"))
                except OSError:
                    pass
            raise
        assert sid is not None
        return sid, name, offsets, seg_paths, seg_stamps, seg_counts

    def _mapped(self, sid: int, name: str, offsets: bytes) -> _Segment:
        """A listed segment with its files mapped (IndexDamaged when one is
        missing or not what it should be)."""
        bodies = array("q")
        bodies.frombytes(offsets)
        seg = _Segment(sid, self.folder, name, bodies)
        try:
            seg.map()
        except OSError as e:
            seg.close()
            raise IndexDamaged(f"{seg.files()}: {e.strerror or e}") from e
        except IndexDamaged:
            seg.close()
            raise
        return seg

    def _attach(self, archive: Archive, stored: list[_Stored]) -> None:
        """Work out, for the open archive, which record each segment's local
        numbers are, and where each record's body is."""
        first_rid = archive.file_records.firsts()
        seg_of = np.full(len(archive), -1, dtype=np.int32)
        local_of = np.full(len(archive), -1, dtype=np.int32)
        segments: list[_Segment] = []
        for row in stored:
            seg = self._mapped(row.sid, row.name, row.offsets)
            n_local = len(seg.offsets) - 1
            if int(row.counts.sum()) != n_local:
                seg.close()
                raise IndexDamaged(f"segment {row.name}: its files do not add up to its records")
            starts = np.cumsum(row.counts) - row.counts
            file_first = np.where(row.present, first_rid[np.maximum(row.fids, 0)], -1)
            rids = np.repeat(file_first - starts, row.counts) + np.arange(n_local, dtype=np.int64)
            rids[np.repeat(~row.present, row.counts)] = -1
            seg.rids = rids
            if n_local and rids[0] >= 0 and (rids == np.arange(rids[0], rids[0] + n_local)).all():
                seg.base = int(rids[0])
            index = len(segments)
            present = rids >= 0
            seg_of[rids[present]] = index
            local_of[rids[present]] = np.flatnonzero(present)
            segments.append(seg)
        self._segments = segments
        self._seg_of, self._local_of = seg_of, local_of

    # -- asking ------------------------------------------------------------------------

    def __len__(self) -> int:
        """The number of records of the archive it was opened for."""
        return len(self._seg_of)

    def candidates(self, code: str, needle: str) -> tuple[BitMap, bool]:
        """The records whose field ``code`` may hold ``needle``, and whether
        they certainly do (see :func:`needle_grams`).

        Raises:
            IndexDamaged: the index could not be read (it has removed itself).
        """
        found, exact = self.candidates_in((code,), needle)
        return found[code], exact

    def candidates_in(self, codes: Sequence[str], needle: str) -> tuple[dict[str, BitMap], bool]:
        """:meth:`candidates` for several fields at once (one look-up per segment)."""
        grams, exact = needle_grams(needle)
        keys = np.array(
            [(FIELDS.index(code) << _GRAM_BITS) | gram for code in codes for gram in grams], dtype=np.uint64
        )
        per = len(grams)
        out = {code: BitMap() for code in codes}
        try:
            for seg in self._segments:
                found = seg.postings(keys)
                for k, code in enumerate(codes):
                    local = found[k * per]
                    for more in found[k * per + 1 : (k + 1) * per]:
                        if not local:
                            break
                        local &= more
                    if local:
                        out[code] |= seg.to_rids(local)
        except ValueError as e:
            self._damaged()
            raise IndexDamaged(str(e)) from e
        return out, exact

    def holding(self, rids: BitMap, needle: str) -> BitMap:
        """Those of ``rids`` whose body holds ``needle``: each looked for in
        its body's bytes (not decoded), segment by segment, in a tight loop,
        for confirming candidates."""
        pattern = needle.encode(_ENCODING)
        if not rids:
            return BitMap()
        wanted = np.frombuffer(rids.to_array(), dtype=np.uint32).astype(np.int64)
        segs = self._seg_of[wanted]
        locals_ = self._local_of[wanted]
        found: list[int] = []
        for number in np.unique(segs).tolist():
            pick = segs == number
            segment = self._segments[number]
            mm = segment._maps.get(".u16")
            if mm is None:
                continue
            find, offsets = mm.find, segment.offsets
            for rid, local in zip(wanted[pick].tolist(), locals_[pick].tolist()):
                start, end = offsets[local] * 2, (offsets[local + 1] - 1) * 2
                i = find(pattern, start, end)
                while i >= 0 and (i - start) % 2:
                    i = find(pattern, i + 1, end)
                if i >= 0:
                    found.append(rid)
        return BitMap(found)

    def count_in_bodies(self, rids: Sequence[int] | np.ndarray, needle: str) -> int:
        """Occurrences of ``needle`` (no NUL in it) in the bodies of records
        ``rids``, as ``str.count`` counts them body by body.

        The bodies' UTF-16 units are compared with the needle's in numpy
        (which lets other threads run meanwhile); a needle that can overlap
        itself (哈哈 in 哈哈哈) is counted in the decoded text instead, as
        ``str.count`` does not count overlaps."""
        units = np.frombuffer(needle.encode(_ENCODING), dtype=np.uint16)
        if not len(units) or not len(rids):
            return 0
        if overlaps_itself(units):
            return self.joined_bodies(rids).count(needle)
        return int(np.count_nonzero(unit_matches(np.frombuffer(self._joined_bytes(rids), dtype=np.uint16), units)))

    def joined_bodies(self, rids: Sequence[int] | np.ndarray) -> str:
        """The bodies of records ``rids`` (all in the index) joined by NULs,
        cut from the mapped files in C: for counting over many records."""
        return self._joined_bytes(rids).decode(_ENCODING)

    def _joined_bytes(self, rids: Sequence[int] | np.ndarray) -> bytes:
        if not len(rids):
            return b""
        wanted = np.asarray(rids, dtype=np.int64)
        segs, locals_ = self._seg_of[wanted], self._local_of[wanted]
        if (segs < 0).any():
            raise KeyError("a record is not in the index")
        parts: list[bytes] = []
        # In order of the records, a run of the same segment at a time.
        cuts = np.flatnonzero(np.diff(segs)) + 1
        for run in np.split(np.arange(len(wanted)), cuts):
            segment = self._segments[int(segs[run[0]])]
            mm = segment._maps.get(".u16")
            if mm is None:
                parts += [b""] * len(run)
                continue
            offsets = np.frombuffer(segment.offsets, dtype=np.int64)
            local = locals_[run]
            starts = (offsets[local] * 2).tolist()
            ends = ((offsets[local + 1] - 1) * 2).tolist()
            parts += map(mm.__getitem__, map(slice, starts, ends))
        return b"\x00\x00".join(parts)

    def body(self, rid: int) -> str:
        """The body of record ``rid`` as the index holds it.

        Raises:
            KeyError: the record is not in the index.
        """
        segment = self._seg_of[rid]
        if segment < 0:
            raise KeyError(rid)
        return self._segments[segment].body(int(self._local_of[rid]))

    def _damaged(self) -> None:
        self.complete = False
        self.close()
        remove(self.folder)

    def close(self) -> None:
        for seg in self._segments:
            seg.close()
        try:
            self._db.close()
        except sqlite3.Error:
            pass


#: The tag of the segments kept with a snapshot (bump when what is kept changes).
_BINDING = "segments-1"


def _runs(seg_of: np.ndarray, local_of: np.ndarray) -> np.ndarray:
    """Each record's segment and local number, as runs: rows of (first
    record, segment, its local number, length), records in order."""
    n = len(seg_of)
    if not n:
        return np.zeros((0, 4), dtype=np.int64)
    seg, local = seg_of.astype(np.int64), local_of.astype(np.int64)
    starts = np.concatenate(([0], np.flatnonzero((np.diff(seg) != 0) | (np.diff(local) != 1)) + 1))
    lengths = np.diff(np.concatenate((starts, [n])))
    return np.stack([starts, seg[starts], local[starts], lengths], axis=1)


def _placed(runs: np.ndarray, n: int, n_locals: list[int]) -> tuple[np.ndarray, np.ndarray] | None:
    """Each record's segment and local number from :func:`_runs`, when the
    runs cover the ``n`` records in order and each segment's local numbers
    exactly once (``n_locals``: each segment's number of records); else None."""
    if len(runs) == 0 or n == 0:
        return None
    first, seg, local, length = runs.T
    sizes = np.array(n_locals, dtype=np.int64)
    if ((length < 1).any() or first[0] != 0 or (first[1:] != first[:-1] + length[:-1]).any()
            or int(first[-1] + length[-1]) != n or (seg < 0).any() or (seg >= len(sizes)).any()
            or (local < 0).any()):
        return None
    order = np.lexsort((local, seg))  # each segment's runs by local number: they must tile it
    s, lo, ln = seg[order], local[order], length[order]
    opens = np.concatenate(([True], s[1:] != s[:-1]))
    closes = np.concatenate((s[1:] != s[:-1], [True]))
    if ((lo[opens] != 0).any() or (lo[~opens] != (lo + ln)[np.flatnonzero(~opens) - 1]).any()
            or ((lo + ln)[closes] != sizes[s[closes]]).any() or len(np.unique(s)) != len(sizes)):
        return None
    seg_of = np.repeat(seg, length).astype(np.int32)
    local_of = (np.repeat(local - first, length) + np.arange(n, dtype=np.int64)).astype(np.int32)
    return seg_of, local_of


def _connect(folder: str) -> sqlite3.Connection:
    db = sqlite3.connect(os.path.join(folder, "index.sqlite"), timeout=5.0, check_same_thread=False, isolation_level=None)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, VERSION):
            raise sqlite3.DatabaseError(f"index version {version}, not {VERSION}")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        if version == 0:
            # A segment's files, their stamps and record counts, packed:
            # read whole and compared with numpy, not row by row.
            db.execute(
                "CREATE TABLE IF NOT EXISTS segments (id INTEGER PRIMARY KEY, name TEXT NOT NULL, offsets BLOB NOT NULL,"
                " paths TEXT NOT NULL, stamps BLOB NOT NULL, counts BLOB NOT NULL)"
            )
            db.execute(f"PRAGMA user_version={VERSION}")
        db.execute("SELECT count(*) FROM (SELECT 1 FROM segments LIMIT 1)").fetchone()
    except BaseException:
        db.close()
        raise
    db.isolation_level = "DEFERRED"
    return db


def _is_damage(e: Exception) -> bool:
    if isinstance(e, sqlite3.OperationalError):
        code = getattr(e, "sqlite_errorcode", None)
        return code is not None and (code & 0xFF) in (11, 26)  # CORRUPT, NOTADB
    return True


def _sources(files: FileTable, group: list[int]) -> list[SourceFile]:
    """The files ``group`` (ids in order): a run of them as one slice."""
    first, last = group[0], group[-1]
    return files[first : last + 1] if last - first + 1 == len(group) else [files[f] for f in group]


def _absolute_folder(prefix: str) -> str:
    """A file table's folder part of paths (ending in the separator, or
    empty) as :func:`absolute` makes it."""
    return absolute(prefix + "x")[:-1]


def remove(folder: str) -> None:
    """Delete an index folder (damaged, or of an older version)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass
    try:
        os.rmdir(folder)
    except OSError:
        pass
