"""A loaded archive's columns in one file, so that reopening it is a bulk read.

The cache (:mod:`viewer.core.records.cache`) keeps one row per folder;
turning a million records' rows back into columns costs seconds of Python
(splitting texts, interning, appending value by value). After a load, the
archive's columns are also written to a *snapshot*, one file per set of
opened paths in the cache folder, as they are held in memory: integer
arrays, the packed headline buffers, the repeating columns' codes and
distinct texts. Reopening reads that file in one go and hands the archive
whole runs of it (:class:`Slice`), which it appends with a few array
copies.

What is trusted is exactly what the cache trusts, checked the same way:
discovery runs in full, and a folder (a group) is taken from the snapshot
only when the snapshot holds a group under the same key, with the same
file names in the same order, and every file has the same
:data:`~viewer.core.records.batch.Stamp` (size, modification and change
times, inode) as a ``stat`` gives now. Any other group is taken from the
cache's rows or read again, and the load then writes a new snapshot. A
snapshot is never the only copy of anything: losing one costs speed only.

The file: :data:`MAGIC`, the header's length (8 bytes, little-endian), the
header (JSON: the format version, the opened paths, each part's kind,
place, length and CRC-32), then the parts. A snapshot whose header, any
part's CRC, or the parts' sizes do not check out is not used at all.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, repeat

import numpy as np

from viewer.core.files.atomic import atomic_write, read_whole
from viewer.core.files.paths import absolute
from viewer.core.records import folders, kept
from viewer.core.records.batch import STAMP_INTS, UNSETTLED
from viewer.core.records.cache import group_key
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.discovery import FileGroup, SourceFile

#: Bump when what is stored changes (files of other versions are removed).
#: 2: a missing date or number is 2**31 - 1 (was 2**62).
#: 3: record columns, counts and offsets as 32-bit integers where they
#: fit (they were 64-bit: a fifth of the file), repeating columns' texts
#: joined by NUL rather than in JSON (quicker to read back).
VERSION = 3
MAGIC = b"ARCHIVE-VIEWER-SNAPSHOT\n"
SUFFIX = ".snapshot"
#: Snapshots kept in a cache folder (the most recently written).
KEEP = 3

#: The per-record integer columns, in the order stored.
INT_COLUMNS = ("index", "line", "length", "nproblems", "date", "ZQ", "BH", "TH")

_SEP = "\0"  # between groups' keys and names (no path holds it)
_TEXT = "utf-8"
_ERRORS = "surrogatepass"  # names that are not UTF-8 come as lone surrogates


def file_name(paths: list[str]) -> str:
    """The snapshot's file name for these opened paths (their absolute
    forms, in order)."""
    joined = _SEP.join(absolute(os.fspath(p)) for p in paths)
    digest = hashlib.sha256(joined.encode(_TEXT, _ERRORS)).hexdigest()[:24]
    return f"archive-v{VERSION}-{digest}{SUFFIX}"


@dataclass
class Columns:
    """An archive's columns as a snapshot holds them.

    Attributes:
        keys: each group's cache key (:func:`~viewer.core.records.cache.group_key`).
        names: each group's file names joined by ``/``.
        group_files: each group's number of files.
        stamps: each file's stamp, :data:`STAMP_INTS` integers a file.
        counts: each file's number of records.
        encodings: each file's codec, as a number into ``codecs``.
        codecs: the codecs (None: the file was not decoded).
        problems: each file's problems (by file number), as stored:
            ``[line, record, message, kind, severity]``.
        ints: the integer columns of :data:`INT_COLUMNS`, a value a record.
        texts: packed text columns: the UTF-16 data, each row's end (bytes),
            and the column's flags (``wide``, ``plain``).
        coded: repeating columns: a code a record (int32) and the texts.
        extras: unknown fields, by record.
        pictures: picture blocks, by record.
    """

    keys: list[str]
    names: list[str]
    group_files: np.ndarray
    stamps: np.ndarray
    counts: np.ndarray
    encodings: np.ndarray
    codecs: list[str | None]
    problems: dict[int, list[list]]
    ints: dict[str, np.ndarray]
    texts: dict[str, tuple[bytes | bytearray | memoryview, np.ndarray, bool, bool]]
    coded: dict[str, tuple[np.ndarray, list[str]]]
    extras: dict[int, tuple] = field(default_factory=dict)
    pictures: dict[int, tuple] = field(default_factory=dict)


# -- writing ---------------------------------------------------------------


def _json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _parts(columns: Columns) -> Iterator[tuple[str, str, bytes | bytearray | memoryview]]:
    """``(name, kind, bytes)`` of every part."""
    yield "keys", "str", _SEP.join(columns.keys).encode(_TEXT, _ERRORS)
    yield "names", "str", _SEP.join(columns.names).encode(_TEXT, _ERRORS)
    yield _ints("group_files", columns.group_files)
    yield "stamps", "<i8", columns.stamps.astype("<i8").tobytes()
    yield _ints("counts", columns.counts)
    yield "encodings", "u1", columns.encodings.astype("u1").tobytes()
    yield "problems", "json", _json({str(k): v for k, v in columns.problems.items()})
    for name in INT_COLUMNS:
        yield _ints(f"int:{name}", columns.ints[name])
    for code, (data, ends, _wide, _plain) in columns.texts.items():
        yield f"text:{code}", "bytes", data
        yield _ints(f"ends:{code}", ends)
    for code, (codes, values) in columns.coded.items():
        yield f"codes:{code}", "<i4", codes.astype("<i4").tobytes()
        if values and not any(_SEP in v for v in values):
            yield f"values:{code}", "str", _SEP.join(values).encode(_TEXT, _ERRORS)
        else:
            yield f"values:{code}", "json", _json(values)
    yield "extras", "json", _json({str(k): v for k, v in columns.extras.items()})
    yield "pictures", "json", _json({str(k): v for k, v in columns.pictures.items()})


def _ints(name: str, values: np.ndarray) -> tuple[str, str, bytes]:
    """An integer part: 32-bit when every value fits, else 64-bit."""
    if not len(values) or (int(values.min()) >= -(1 << 31) and int(values.max()) < 1 << 31):
        return name, "<i4", values.astype("<i4").tobytes()
    return name, "<i8", values.astype("<i8").tobytes()


def write(path: str, paths: list[str], columns: Columns, cancel: threading.Event | None = None) -> str:
    """Write a snapshot of ``columns``, loaded from the opened ``paths``,
    to ``path`` (atomically: a reader finds the old file or the new one),
    then remove the folder's snapshots beyond the :data:`KEEP` newest.

    Returns:
        The snapshot's :attr:`Snapshot.id`.

    Raises:
        OSError: it could not be written (nothing is left behind).
        InterruptedError: ``cancel`` was set (nothing is left behind).
    """
    parts = list(_parts(columns))
    entries = []
    offset = 0
    for name, kind, data in parts:
        entries.append({"name": name, "kind": kind, "offset": offset, "length": len(data), "crc": zlib.crc32(data)})
        offset += len(data)
    header = _json({
        "version": VERSION,
        "paths": [absolute(os.fspath(p)) for p in paths],
        "codecs": columns.codecs,
        "flags": {code: [wide, plain] for code, (_d, _e, wide, plain) in columns.texts.items()},
        "parts": entries,
    })

    def pieces() -> Iterator[bytes | bytearray | memoryview]:
        yield MAGIC + struct.pack("<Q", len(header)) + header
        for _name, _kind, data in parts:
            if cancel is not None and cancel.is_set():
                raise InterruptedError("snapshot cancelled")
            yield data

    atomic_write(path, pieces())
    prune(os.path.dirname(path), keep=path)
    return _id(header)


def _id(header: bytes) -> str:
    """A snapshot's identity: a digest of its header, which holds every
    part's length and CRC-32 (what kept results are tied to)."""
    return hashlib.sha256(header).hexdigest()[:32]


def prune(folder: str, keep: str | None = None) -> None:
    """Remove snapshots of other versions, and all but the :data:`KEEP`
    newest (``keep`` among them whatever its age), and kept results
    (:mod:`~viewer.core.records.kept`) and folder lists
    (:mod:`~viewer.core.records.folders`) whose snapshot is gone."""
    try:
        listed = os.listdir(folder)
    except OSError:
        return
    names = [n for n in listed if n.startswith("archive-v") and n.endswith(SUFFIX)]
    try:
        _prune_snapshots(folder, names, keep)
    finally:
        for name in listed:
            for suffix in (kept.SUFFIX, folders.SUFFIX):
                if name.startswith("archive-v") and name.endswith(suffix):
                    if not os.path.exists(os.path.join(folder, name[: -len(suffix)] + SUFFIX)):
                        _remove(os.path.join(folder, name))


def _prune_snapshots(folder: str, names: list[str], keep: str | None) -> None:
    current: list[tuple[float, str]] = []
    for name in names:
        path = os.path.join(folder, name)
        if not name.startswith(f"archive-v{VERSION}-"):
            _remove(path)
            continue
        try:
            current.append((os.stat(path).st_mtime, path))
        except OSError:
            continue
    current.sort(reverse=True)
    kept = 0
    for _mtime, path in current:
        if keep is not None and os.path.abspath(path) == os.path.abspath(keep):
            continue
        kept += 1
        if kept >= KEEP:
            _remove(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# -- reading ---------------------------------------------------------------


class _Bad(ValueError):
    """The snapshot does not check out."""


def read(path: str, paths: list[str]) -> Snapshot | None:
    """The snapshot at ``path`` if it is intact and of these opened paths;
    else None (missing, damaged, another version: never an error)."""
    data = read_whole(path)
    if data is None:
        return None
    try:
        columns, header = _columns(data, paths)
        return Snapshot(columns, _id(header))
    except (_Bad, ValueError, TypeError, KeyError, IndexError, struct.error, UnicodeDecodeError):
        return None


def _columns(data: bytes, paths: list[str]) -> tuple[Columns, bytes]:
    if not data.startswith(MAGIC):
        raise _Bad("not a snapshot")
    start = len(MAGIC)
    (length,) = struct.unpack_from("<Q", data, start)
    start += 8
    header_bytes = data[start : start + length]
    header = json.loads(header_bytes)
    start += length
    if header.get("version") != VERSION:
        raise _Bad("another version")
    if header.get("paths") != [absolute(os.fspath(p)) for p in paths]:
        raise _Bad("other paths")
    view = memoryview(data)
    parts: dict[str, object] = {}
    for entry in header["parts"]:
        a = start + int(entry["offset"])
        b = a + int(entry["length"])
        if b > len(data):
            raise _Bad("truncated")
        raw = view[a:b]
        if zlib.crc32(raw) != entry["crc"]:
            raise _Bad(f"part {entry['name']} damaged")
        kind = entry["kind"]
        if kind == "str":
            parts[entry["name"]] = bytes(raw).decode(_TEXT, _ERRORS)
        elif kind == "json":
            parts[entry["name"]] = json.loads(bytes(raw))
        elif kind == "bytes":
            parts[entry["name"]] = raw
        else:
            if len(raw) % np.dtype(kind).itemsize:
                raise _Bad("ragged array")
            parts[entry["name"]] = np.frombuffer(raw, dtype=kind)

    def array(name: str, dtype: str) -> np.ndarray:
        found = parts[name]
        if not isinstance(found, np.ndarray) or found.dtype != np.dtype(dtype):
            raise _Bad(f"part {name} of the wrong kind")
        return found

    def integers(name: str) -> np.ndarray:
        """A part of 32- or 64-bit integers (see :func:`_ints`), as int64."""
        found = parts[name]
        if not isinstance(found, np.ndarray) or found.dtype not in (np.dtype("<i4"), np.dtype("<i8")):
            raise _Bad(f"part {name} of the wrong kind")
        return found.astype(np.int64)

    def texts(name: str) -> str:
        found = parts[name]
        if not isinstance(found, str):
            raise _Bad(f"part {name} of the wrong kind")
        return found

    group_files = integers("group_files")
    n_groups = len(group_files)
    keys = texts("keys").split(_SEP) if n_groups else []
    names = texts("names").split(_SEP) if n_groups else []
    stamps, counts, encodings = array("stamps", "<i8"), integers("counts"), array("encodings", "u1")
    n_files = int(group_files.sum())
    codecs = header["codecs"]
    if (len(keys) != n_groups or len(names) != n_groups or (group_files < 1).any() or len(stamps) != n_files * STAMP_INTS
            or len(counts) != n_files or len(encodings) != n_files or (counts < 0).any()
            or not all(c is None or isinstance(c, str) for c in codecs)
            or (n_files and int(encodings.max()) >= len(codecs))):
        raise _Bad("files do not fit together")
    n_records = int(counts.sum())
    ints = {}
    for name in INT_COLUMNS:
        found = parts[f"int:{name}"]
        if not isinstance(found, np.ndarray) or found.dtype != np.dtype("<i4"):
            raise _Bad("record columns beyond what the archive holds (int32)")
        ints[name] = found
    if any(len(v) != n_records for v in ints.values()):
        raise _Bad("record columns of the wrong length")
    text_columns: dict[str, tuple[bytes | bytearray | memoryview, np.ndarray, bool, bool]] = {}
    for code, (wide, plain) in header["flags"].items():
        buffer, ends = parts.get(f"text:{code}"), integers(f"ends:{code}")
        if not isinstance(buffer, memoryview) or len(ends) != n_records:
            raise _Bad(f"column {code} does not fit")
        if n_records and (ends[-1] + 2 != len(buffer) or (ends % 2).any() or ends[0] < 0
                          or (np.diff(ends) < 2).any()):
            raise _Bad(f"column {code} does not fit")
        text_columns[code] = (buffer, ends, bool(wide), bool(plain))
    coded: dict[str, tuple[np.ndarray, list[str]]] = {}
    for name in parts:
        if name.startswith("codes:"):
            code = name[6:]
            codes, values = array(name, "<i4"), parts[f"values:{code}"]
            if isinstance(values, str):  # (joined by NUL: none holds one)
                values = values.split(_SEP)
            if (not isinstance(values, list) or not set(map(type, values)) <= {str} or len(codes) != n_records
                    or (n_records and (int(codes.min()) < 0 or int(codes.max()) >= len(values)))):
                raise _Bad(f"column {code} does not fit")
            coded[code] = (codes, values)
    problems = {int(k): v for k, v in _dict(parts["problems"]).items()}
    if any(not 0 <= k < n_files for k in problems):
        raise _Bad("problems of no file")
    extras = {int(k): tuple((str(c), str(t)) for c, t in v) for k, v in _dict(parts["extras"]).items()}
    pictures = {int(k): tuple((str(p), str(f), int(i)) for p, f, i in v) for k, v in _dict(parts["pictures"]).items()}
    if any(not 0 <= k < n_records for k in (*extras, *pictures)):
        raise _Bad("fields of no record")
    return Columns(keys, names, group_files, stamps, counts, encodings, codecs, problems, ints, text_columns, coded,
                   extras, pictures), header_bytes


def _dict(found: object) -> dict:
    if not isinstance(found, dict):
        raise _Bad("not a mapping")
    return found


class Snapshot:
    """A snapshot read back: hands out runs of unchanged groups.

    Attributes:
        columns: what it holds.
        id: its identity (a digest of its header; see :mod:`~viewer.core.records.kept`).
        taken: groups handed out so far.
    """

    def __init__(self, columns: Columns, id: str = "") -> None:
        self.columns = columns
        self.id = id
        self.taken = 0
        ends = np.cumsum(columns.group_files)
        self._first_file = np.concatenate(([0], ends))
        record_ends = np.cumsum(columns.counts)
        self._first_record = np.concatenate(([0], record_ends))
        self._where = {key: g for g, key in enumerate(columns.keys)}
        self._problem_files = sorted(columns.problems)
        self._extras = sorted(columns.extras)
        self._pictures = sorted(columns.pictures)
        self._mappings: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        """Its number of groups."""
        return len(self.columns.keys)

    @property
    def files(self) -> int:
        """Its number of files."""
        return len(self.columns.counts)

    def take(self, groups: list[FileGroup], stamps_now: list[bytes | None]) -> Slice | None:
        """The groups' columns, if the snapshot holds them, one after the
        other, each with the same names and stamps as now (``stamps_now``:
        each group's files' stamps, packed; None where one could not be
        read); else None."""
        if not groups:
            return None
        first = self._where.get(group_key(groups[0]))
        if first is None or first + len(groups) > len(self):
            return None
        columns = self.columns
        for i, group in enumerate(groups):
            g = first + i
            if i and columns.keys[g] != group_key(group):
                return None
            if columns.names[g] != "/".join(group.names) or int(columns.group_files[g]) != len(group):
                return None
            now = stamps_now[i]
            a, b = int(self._first_file[g]), int(self._first_file[g + 1])
            if now is None or columns.stamps[a * STAMP_INTS : b * STAMP_INTS].tobytes() != now:
                return None
        self.taken += len(groups)
        return Slice(self, groups, first, first + len(groups))

    def take_walked(self, walked: folders.Walked) -> Slice | None:
        """The whole snapshot as one run, with its groups made from a
        trusted walk's folders (see :mod:`~viewer.core.records.folders`),
        if those folders' record files are exactly the snapshot's groups;
        else None. Nothing is listed or ``stat`` ed."""
        if self.taken:
            return None
        if len(self.unsettled_groups()):  # a racily clean file: it must be read again
            return None
        run = self.walked_folders(walked)
        if run is None:
            return None
        self.taken = len(run.keys)
        return Slice(self, run, 0, len(run.keys))

    def unsettled_groups(self) -> np.ndarray:
        """The groups holding a racily clean file (see
        :func:`~viewer.core.records.batch.settled`), in order."""
        files = np.flatnonzero(self.columns.stamps[0::STAMP_INTS] == UNSETTLED)
        return np.unique(np.searchsorted(self._first_file, files, side="right") - 1)

    def walked_folders(self, walked: folders.Walked) -> Folders | None:
        """The snapshot's groups made from a walk's folders, if those
        folders' record files are exactly the snapshot's groups; else None."""
        columns = self.columns
        files = np.array(walked.files, dtype=np.int64)
        have = np.flatnonzero(files)
        if not len(have) or not np.array_equal(files[have], columns.group_files) or int(files.sum()) != self.files:
            return None
        taken = have.tolist()
        run = Folders([walked.folders[w] for w in taken], [walked.prefixes[w] for w in taken],
                      [walked.rels[w] for w in taken], columns.names, files[have], columns.keys)
        # (the list names this snapshot; a cheap check that these are its folders)
        if "" in run.prefixes or not all(map(str.endswith, run.keys, run.rels)):
            return None
        slashes = np.fromiter(map(str.count, run.names, repeat("/")), dtype=np.int64, count=len(run.names))
        if not np.array_equal(slashes + 1, run.counts):
            return None
        return run

    # -- for Slice -------------------------------------------------------------

    def file_range(self, g0: int, g1: int) -> tuple[int, int]:
        return int(self._first_file[g0]), int(self._first_file[g1])

    def record_range(self, f0: int, f1: int) -> tuple[int, int]:
        return int(self._first_record[f0]), int(self._first_record[f1])

    def problem_files(self, f0: int, f1: int) -> list[int]:
        found = self._problem_files
        return found[bisect.bisect_left(found, f0) : bisect.bisect_left(found, f1)]

    def keyed(self, which: str, r0: int, r1: int) -> dict[int, tuple]:
        """Extras or pictures of records ``r0`` to ``r1``, by place in that run."""
        keys, values = (self._extras, self.columns.extras) if which == "extras" else (self._pictures, self.columns.pictures)
        return {k - r0: values[k] for k in keys[bisect.bisect_left(keys, r0) : bisect.bisect_left(keys, r1)]}

    def mapping(self, code: str) -> np.ndarray:
        """For a repeating column: each stored text's code in the archive
        being filled (-1 until a record using it is added)."""
        found = self._mappings.get(code)
        if found is None:
            found = self._mappings[code] = np.full(len(self.columns.coded[code][1]), -1, dtype=np.int64)
        return found


@dataclass
class Folders:
    """A whole snapshot's groups as columns, from a trusted folder list
    (:meth:`Snapshot.take_walked`): a million files' groups added to the
    file table by array operations, no :class:`FileGroup` made unless asked for.

    Attributes:
        folders: each folder's path, as walked.
        prefixes: each folder's files' path prefix.
        rels: each folder's files' relative path prefix.
        names: each folder's file names joined by ``/``.
        counts: each folder's number of files (int64).
        keys: each folder's cache key.
    """

    folders: list[str]
    prefixes: list[str]
    rels: list[str]
    names: list[str]
    counts: np.ndarray
    keys: list[str]

    def part(self, g0: int, g1: int) -> Folders:
        """Folders ``g0`` to ``g1`` (not included)."""
        return Folders(self.folders[g0:g1], self.prefixes[g0:g1], self.rels[g0:g1], self.names[g0:g1],
                       self.counts[g0:g1], self.keys[g0:g1])

    def groups(self) -> list[FileGroup]:
        """The folders as groups (names split when asked for)."""
        made = []
        for folder, prefix, rel, names, count, key in zip(self.folders, self.prefixes, self.rels, self.names,
                                                          self.counts.tolist(), self.keys):
            group = FileGroup.from_joined(folder, names, count, prefix=prefix, rel=rel)
            group.key = key
            made.append(group)
        return made


class Slice:
    """A run of a snapshot's groups: the files and records of a batch, as
    array slices (see :meth:`viewer.core.records.archive.Archive.extend`).

    Attributes:
        snapshot: where the columns are.
        folders: the run's groups as columns, when it came from a trusted
            folder list (else None).
        group_range: the run's groups in the snapshot (first, end).
        files: the run's files in the snapshot (first, end).
        rows: the run's records in the snapshot (first, end).
    """

    def __init__(self, snapshot: Snapshot, groups: list[FileGroup] | Folders, g0: int, g1: int) -> None:
        self.snapshot = snapshot
        self.group_range = (g0, g1)
        self.folders = groups if isinstance(groups, Folders) else None
        self._groups = None if isinstance(groups, Folders) else groups
        self.files = snapshot.file_range(g0, g1)
        self.rows = snapshot.record_range(*self.files)
        self._problems: dict[int, list[Problem]] | None = None
        self._group_ends: list[int] | None = None

    def __len__(self) -> int:
        return self.files[1] - self.files[0]

    @property
    def group_count(self) -> int:
        """Its number of groups."""
        return self.group_range[1] - self.group_range[0]

    def pieces(self, first: int) -> list[Slice]:
        """A trusted run (:attr:`folders`) as its first ``first`` groups and
        then the rest (one piece when it has no more than that): an
        archive that takes the small piece first can show its first rows
        before the whole snapshot is in."""
        g0, g1 = self.group_range
        if self.folders is None or g1 - g0 <= first:
            return [self]
        return [self.part(0, first), self.part(first, g1 - g0)]

    def part(self, start: int, end: int) -> Slice:
        """The trusted run's groups ``start`` to ``end`` (counted from its
        first; not included)."""
        assert self.folders is not None
        g0 = self.group_range[0]
        return Slice(self.snapshot, self.folders.part(start, end), g0 + start, g0 + end)

    @property
    def groups(self) -> list[FileGroup]:
        """The groups, as discovery found them now (or as the trusted
        folder list has them)."""
        if self._groups is None:
            assert self.folders is not None
            self._groups = self.folders.groups()
        return self._groups

    @property
    def records(self) -> int:
        return self.rows[1] - self.rows[0]

    @property
    def nbytes(self) -> int:
        f0, f1 = self.files
        return int(self.snapshot.columns.stamps[f0 * STAMP_INTS : f1 * STAMP_INTS : STAMP_INTS].sum())

    @property
    def sources(self) -> list[SourceFile]:
        return [f for group in self.groups for f in group.files]

    def stamps(self) -> bytes:
        f0, f1 = self.files
        return self.snapshot.columns.stamps[f0 * STAMP_INTS : f1 * STAMP_INTS].tobytes()

    def counts(self) -> np.ndarray:
        return self.snapshot.columns.counts[self.files[0] : self.files[1]]

    @property
    def encodings(self) -> list[str | None]:
        codecs = self.snapshot.columns.codecs
        return [codecs[c] for c in self.snapshot.columns.encodings[self.files[0] : self.files[1]].tolist()]

    def codec_codes(self) -> tuple[np.ndarray, list[str | None]]:
        """Each file's codec as a number into the snapshot's codecs, and those."""
        return self.snapshot.columns.encodings[self.files[0] : self.files[1]], self.snapshot.columns.codecs

    @property
    def problems(self) -> dict[int, list[Problem]]:
        """Problems by file place in the run (made with the files' paths now)."""
        if self._problems is None:
            f0, f1 = self.files
            found = self.snapshot.problem_files(f0, f1)
            stored = self.snapshot.columns.problems
            self._problems = {
                f - f0: [Problem(self._path(f - f0), line, record, str(message), ProblemKind(kind), Severity(severity))
                         for line, record, message, kind, severity in stored[f]]
                for f in found
            }
        return self._problems

    def _path(self, i: int) -> str:
        """The path of the run's ``i``-th file (without making every file's,
        or every group of a trusted run)."""
        run = self.folders
        if self._group_ends is None:
            self._group_ends = np.cumsum(run.counts).tolist() if run is not None else list(accumulate(map(len, self.groups)))
        g = bisect.bisect_right(self._group_ends, i)
        at = i - (self._group_ends[g - 1] if g else 0)
        if run is not None:
            return run.prefixes[g] + run.names[g].split("/")[at]
        group = self.groups[g]
        return group.prefix + group.names[at] if group.uniform else group.files[at].path

    def file_problems(self, i: int) -> list[Problem]:
        """The problems of the run's ``i``-th file."""
        return self.problems.get(i, [])

    def all_problems(self) -> list[Problem]:
        """Every file's problems, file after file (a look at the files that
        have some, not at every file)."""
        found = self.problems
        return [p for i in sorted(found) for p in found[i]]

    def ints(self, name: str) -> np.ndarray:
        return self.snapshot.columns.ints[name][self.rows[0] : self.rows[1]]

    def text(self, code: str) -> tuple[bytes | memoryview, np.ndarray, bool, bool] | None:
        """A packed column's run: its data (a view of the snapshot's), each
        row's end in it, the flags."""
        found = self.snapshot.columns.texts.get(code)
        if found is None:
            return None
        data, ends, wide, plain = found
        r0, r1 = self.rows
        if r0 == r1:
            return b"", np.zeros(0, dtype=np.int64), False, True
        start = int(ends[r0 - 1]) + 2 if r0 else 0
        end = int(ends[r1 - 1]) + 2
        return memoryview(data)[start:end], ends[r0:r1] - start, wide, plain

    def coded(self, code: str) -> tuple[np.ndarray, list[str], np.ndarray] | None:
        """A repeating column's run: codes, the stored texts, and their
        codes in the archive (see :meth:`Snapshot.mapping`)."""
        found = self.snapshot.columns.coded.get(code)
        if found is None:
            return None
        codes, values = found
        return codes[self.rows[0] : self.rows[1]], values, self.snapshot.mapping(code)

    def extras(self) -> dict[int, tuple]:
        return self.snapshot.keyed("extras", *self.rows)

    def pictures(self) -> dict[int, tuple]:
        return self.snapshot.keyed("pictures", *self.rows)
