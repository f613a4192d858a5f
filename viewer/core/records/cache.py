"""A persistent index in the user cache folder, so that reopening is fast.

The cache keeps what loading produced (encodings, problems, the records'
short fields) one row per *group*: a folder's record files, or a file the
user named (see :class:`~viewer.core.records.discovery.FileGroup`). A
row is used only when the group is exactly as it was: the same file names
in the same order, and each file the same :data:`~viewer.core.batch.Stamp`
(size, modification time, change time, inode), checked with a ``stat`` of
every file on every opening. Nothing is trusted from a folder's own time:
writing into a file in place changes the file's times, not its folder's.
A group that differs in any way is read again in full (a day's folder is
a few dozen files); the others are not. Bodies, once searched without the
n-gram index, are kept per file in a second table, under the same stamps.

The cache is never trusted blindly and never in the way:

* every row carries a CRC-32 of its content, and bodies are zlib streams
  (which carry their own checksum): a row that does not check out is a miss;
* a database that SQLite reports as damaged, wherever the damage is found
  (on opening or in any later read or write), is deleted and rebuilt, and
  the call that met it answers as if the cache were empty;
* a database another process is writing (busy) is waited for briefly, then
  used read-only or not at all for that call; it is never deleted;
* a cache folder that cannot be made or written leaves the cache off for
  the session (:attr:`IndexCache.disabled` says why); loading goes on.

Each schema version has its own file (``index-v4.sqlite``), so that two
versions of the program never take each other's rows for their own; a
newer version removes the files of older ones.
"""

from __future__ import annotations

import bisect
import json
import os
import sqlite3
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TypeVar

import numpy as np

from viewer.core.files.paths import absolute
from viewer.core.records.batch import N_INTS, SEP, STAMP_INTS, Batch, Stamp, settled
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.discovery import FileGroup
from viewer.core.records.fields import INDEXED_FIELDS

#: Bump when what is stored changes: each version keeps its own file.
SCHEMA = 4

#: How long a call waits for another process's write to end (seconds).
BUSY_WAIT = 2.0

_N = len(INDEXED_FIELDS)
_T = TypeVar("_T")

#: SQLite result codes (the low byte of extended codes).
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_NOT_DAMAGE = {3, 8, 9, 10, 13, 14}  # PERM, READONLY, INTERRUPT, IOERR, FULL, CANTOPEN


def cache_file(folder: str | os.PathLike[str]) -> str:
    """The cache database of this schema version in ``folder``."""
    return str(Path(folder) / f"index-v{SCHEMA}.sqlite")


def _code(e: sqlite3.Error) -> int | None:
    code = getattr(e, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF
    text = str(e).lower()
    if "locked" in text or "busy" in text:
        return 5
    if "readonly" in text or "read-only" in text:
        return 8
    if "unable to open" in text:
        return 14
    if "disk is full" in text:
        return 13
    return None


def is_busy(e: sqlite3.Error) -> bool:
    """Another connection holds a lock: wait, never delete."""
    return _code(e) in _BUSY


def is_damage(e: sqlite3.Error) -> bool:
    """The database file is damaged or not a database: rebuild it."""
    return isinstance(e, sqlite3.DatabaseError) and _code(e) not in _BUSY | _NOT_DAMAGE


def _storable(*texts: str) -> bool:
    """Can SQLite hold these texts? A file name that is not UTF-8 comes in
    with lone surrogates (U+DC80 to U+DCFF), which it cannot: such a file is
    simply not cached (it is read every time)."""
    try:
        for text in texts:
            text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _group_crc(key: str, names: bytes, stamps: bytes, encodings: str, counts: bytes, ints: bytes, vals: str,
               extras: str, problems: str, pictures: str) -> int:
    head = "\x1f".join((key, encodings, extras, problems, pictures))
    crc = zlib.crc32(head.encode("utf-8", "surrogatepass"))
    for part in (names, stamps, counts, ints):
        crc = zlib.crc32(part, crc)
    return zlib.crc32(vals.encode("utf-8", "surrogatepass"), crc)


def _findings_crc(key: str, fingerprint: str, names: bytes, stamps: bytes, encodings: str, found: str) -> int:
    crc = zlib.crc32("\x1f".join((key, fingerprint, encodings, found)).encode("utf-8", "surrogatepass"))
    return zlib.crc32(stamps, zlib.crc32(names, crc))


def problem_json(p: Problem) -> list:
    """A problem as stored (its file is the row's)."""
    return _problem_json(p)


def problem_from(path: str, obj: list) -> Problem:
    """A stored problem of the file at ``path``."""
    return _problem_from(path, obj)


def group_key(group: FileGroup) -> str:
    """What a group is cached under: its folder's absolute path ending in a
    separator, or a named file's absolute path (worked out once a group)."""
    key = group.key
    if key is None:
        key = group.key = absolute(group.files[0].path) if group.explicit else os.path.join(absolute(group.folder), "")
    return key


def group_names(group: FileGroup) -> bytes:
    """The group's file names as stored: joined by ``/`` (which no name holds),
    as the bytes the file system gave."""
    return os.fsencode("/".join(group.names))


def current_stamps(group: FileGroup) -> bytes | None:
    """The group's files' :data:`~viewer.core.records.batch.Stamp` s now,
    packed; None when one cannot be read."""
    return _stamps(group.paths())


def stamp_spec(group: FileGroup) -> tuple[str, str]:
    """The group's files' paths, compactly, for :func:`stamps_of` in another
    process: a prefix and the NUL-joined rest of each path (a searched
    folder's path once and its files' names)."""
    if group.uniform:
        return group.prefix, "\0".join(group.names)
    return "", "\0".join(group.paths())


def stamps_of(specs: list[tuple[str, str]]) -> list[bytes | None]:
    """:func:`current_stamps` of groups given by :func:`stamp_spec`."""
    return [_stamps([prefix + rest for rest in joined.split("\0")]) for prefix, joined in specs]


_STAMP = attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino")


def _stamps(paths: list[str]) -> bytes | None:
    try:
        stats = list(map(os.stat, paths))
    except OSError:
        return None
    return array("q", chain.from_iterable(map(_STAMP, stats))).tobytes()


class IndexCache:
    """The cache file. Safe to use from several threads (one connection, locked).

    Never raises for a damaged, busy or unwritable cache: see the module
    docstring.

    Attributes:
        path: the database file.
        disabled: why the cache is off, or None while it works.
        rebuilt: True once a damaged or unreadable database was replaced.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.rebuilt = False
        self.disabled: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        except OSError as e:
            self.disabled = f"the cache folder {os.path.dirname(path)} cannot be made: {e.strerror or e}"
            return
        with self._lock:
            self._connect()

    @classmethod
    def in_folder(cls, folder: str | os.PathLike[str]) -> IndexCache:
        """The cache of this schema version in ``folder`` (the files of older
        versions there are removed: nothing reads them any more)."""
        for old in range(1, SCHEMA):
            for suffix in ("", "-wal", "-shm", "-journal"):
                try:
                    os.unlink(os.path.join(folder, f"index-v{old}.sqlite{suffix}"))
                except OSError:
                    pass
        return cls(cache_file(folder))

    # -- the connection -----------------------------------------------------

    def _connect(self) -> None:
        """Open the database (lock held); a damaged one is rebuilt once."""
        for attempt in (1, 2):
            try:
                self._db = self._open()
                return
            except sqlite3.Error as e:
                if is_busy(e):
                    self._open_busy()
                    return
                if attempt == 1 and is_damage(e):
                    self._discard()
                    self.rebuilt = True
                    continue
                self.disabled = f"the cache {self.path} cannot be used: {e}"
                return

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_WAIT, check_same_thread=False, isolation_level=None)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA):
                raise sqlite3.DatabaseError(f"cache schema {version}, not {SCHEMA}")
            if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if version == 0:
                db.execute(
                    """CREATE TABLE IF NOT EXISTS groups (
                        key TEXT PRIMARY KEY, names BLOB, stamps BLOB, encodings TEXT, counts BLOB,
                        ints BLOB, vals TEXT, extras TEXT, problems TEXT, pictures TEXT, crc INTEGER)"""
                )
                db.execute(
                    """CREATE TABLE IF NOT EXISTS bodies (
                        path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER,
                        bodies BLOB)"""
                )
                db.execute(
                    """CREATE TABLE IF NOT EXISTS findings (
                        key TEXT PRIMARY KEY, fingerprint TEXT, names BLOB, stamps BLOB, encodings TEXT,
                        found TEXT, crc INTEGER)"""
                )
                db.execute(f"PRAGMA user_version={SCHEMA}")
            for table in ("groups", "bodies", "findings"):
                db.execute(f"SELECT count(*) FROM {table}").fetchone()  # fails on a damaged table
        except BaseException:
            db.close()
            raise
        return db

    def _open_busy(self) -> None:
        """Another process is writing: read what can be read, write nothing."""
        try:
            self._db = sqlite3.connect(
                f"file:{Path(self.path).as_posix()}?mode=ro", uri=True, timeout=BUSY_WAIT, check_same_thread=False
            )
        except sqlite3.Error:
            self._db = None

    def _discard(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(self.path + suffix)
            except FileNotFoundError:
                pass
            except OSError as e:
                self.disabled = f"the damaged cache {self.path} cannot be removed: {e.strerror or e}"

    def _run(self, op: Callable[[sqlite3.Connection], _T], default: _T) -> _T:
        """Run ``op`` on the database; on any database error answer ``default``.

        Damage found here rebuilds the database (the next call starts from
        an empty cache); a busy database is left alone.
        """
        with self._lock:
            if self._db is None or self.disabled:
                return default
            try:
                return op(self._db)
            except sqlite3.Error as e:
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                if is_damage(e):
                    self._discard()
                    self.rebuilt = True
                    if not self.disabled:
                        self._connect()
                return default

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # -- loading ------------------------------------------------------------

    def lookup(self, keys: list[str]) -> dict[str, tuple]:
        """The intact cached rows of these group keys (see :func:`group_key`):
        ``key → (names, stamps, encodings, counts, ints, vals, extras,
        problems, pictures)``. Whether they are current is the caller's check."""
        op = _rows_of(
            "SELECT key, names, stamps, encodings, counts, ints, vals, extras, problems, pictures, crc FROM groups"
            " WHERE key IN", keys)

        found: dict[str, tuple] = {}
        none: list[tuple] = []
        for key, *row, crc in self._run(op, none):
            if not all(isinstance(v, t) for v, t in zip(row, _ROW_TYPES)):
                continue
            if crc != _group_crc(key, *row):
                continue
            found[key] = tuple(row)
        return found

    def batch(self, groups: list[FileGroup], stamps_now: list[bytes | None] | None = None) -> Batch | None:
        """The groups' files as a :class:`~viewer.core.batch.Batch`, if every
        group is cached, unchanged (the same names, each file the same
        :data:`~viewer.core.records.batch.Stamp`) and intact; else None.

        Args:
            stamps_now: each group's :func:`current_stamps`, where the caller
                has them already.
        """
        keys = [group_key(g) for g in groups]
        rows = self.lookup(keys)
        if len(rows) != len(set(keys)):
            return None
        for i, (group, key) in enumerate(zip(groups, keys)):
            names, stamps = rows[key][0], rows[key][1]
            now = current_stamps(group) if stamps_now is None else stamps_now[i]
            if names != group_names(group) or stamps != now:
                return None
        try:
            return batch_from_rows(groups, [rows[k] for k in keys])
        except (ValueError, TypeError, KeyError):  # a row that passed its CRC but does not parse
            return None

    def store_batch(self, batch: Batch, groups: list[FileGroup], load_began_ns: int | None = None) -> None:
        """Remember a freshly loaded :class:`~viewer.core.batch.Batch` of
        ``groups`` (its files are theirs, in order); with the moment the
        load began, a racily clean file's stamp is kept so that it is read
        again next time (see :func:`~viewer.core.records.batch.settled`)."""
        all_stamps = (settled(np.frombuffer(batch.stamps, dtype=np.int64), load_began_ns).tobytes()
                      if load_began_ns is not None and len(batch.stamps) else batch.stamps.tobytes())
        all_values = batch.values
        if isinstance(all_values, str):
            all_values = all_values.split(SEP) if batch.records else []
        extras = _by_group(batch.extras, batch, groups)
        pictures = _by_group(batch.pictures, batch, groups)
        rows = []
        f = r = 0  # the group's first file and record in the batch
        for g, group in enumerate(groups):
            nf = len(group)
            counts = batch.counts[f : f + nf]
            nr = sum(counts)
            key = group_key(group)
            names = group_names(group)
            stamps = all_stamps[f * STAMP_INTS * 8 : (f + nf) * STAMP_INTS * 8]
            encodings = SEP.join(e or "" for e in batch.encodings[f : f + nf])
            ints = batch.ints[r * N_INTS : (r + nr) * N_INTS].tobytes()
            vals = SEP.join(all_values[r * _N : (r + nr) * _N])
            problems = json.dumps(
                {str(i): [_problem_json(p) for p in batch.file_problems(f + i)] for i in range(nf)
                 if batch.file_problems(f + i)},
                ensure_ascii=False,
            )
            extra = json.dumps({str(k - r): v for k, v in extras[g].items()}, ensure_ascii=False)
            pics = json.dumps({str(k - r): v for k, v in pictures[g].items()}, ensure_ascii=False)
            f += nf
            r += nr
            if not _storable(key, encodings, vals, extra, problems, pics):
                continue
            row = (names, stamps, encodings, counts.tobytes(), ints, vals, extra, problems, pics)
            rows.append((key, *row, _group_crc(key, *row)))
        self._write(
            "INSERT OR REPLACE INTO groups (key, names, stamps, encodings, counts, ints, vals, extras, problems,"
            " pictures, crc) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def _write(self, sql: str, rows: list) -> None:
        def op(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(sql, rows)
            db.execute("COMMIT")

        if rows:
            self._run(op, None)

    def forget_missing(self, roots: Iterable[str], present: set[str], files: Callable[[], set[str]]) -> int:
        """Drop entries under ``roots`` that are gone: groups whose key is not
        in ``present``, bodies of files not in ``files()`` (absolute paths,
        asked for only when some bodies are cached). Returns how many."""

        def under(table: str, column: str) -> Callable[[sqlite3.Connection], list[str]]:
            def op(db: sqlite3.Connection) -> list[str]:
                found: list[str] = []
                for root in roots:
                    prefix = os.path.join(os.path.abspath(root), "")
                    if _storable(prefix):  # else nothing under it was cached
                        found += [k for (k,) in db.execute(
                            f"SELECT {column} FROM {table} WHERE substr({column}, 1, ?) = ?", (len(prefix), prefix))]
                return found

            return op

        none: list[str] = []
        gone = [(k,) for k in self._run(under("groups", "key"), none) if k not in present]
        self._write("DELETE FROM groups WHERE key = ?", gone)
        self._write("DELETE FROM findings WHERE key = ?", [(k,) for k in self._run(under("findings", "key"), none)
                                                          if k not in present])
        cached = self._run(under("bodies", "path"), none)
        if cached:
            there = files()
            dead = [(p,) for p in cached if p not in there]
            self._write("DELETE FROM bodies WHERE path = ?", dead)
            return len(gone) + len(dead)
        return len(gone)

    # -- findings of the text checks -----------------------------------------------

    def findings(self, keys: list[str], fingerprint: str) -> dict[str, tuple[bytes, bytes, str, str]]:
        """Cached findings of folders' text checks made with the checks of
        ``fingerprint``: ``key → (names, stamps, encodings, found)``, intact
        rows only. Whether they are current is the caller's check."""
        op = _rows_of("SELECT key, names, stamps, encodings, found, crc FROM findings WHERE fingerprint = ? AND key IN",
                      keys, fingerprint)

        none: list[tuple] = []
        got: dict[str, tuple[bytes, bytes, str, str]] = {}
        for key, names, stamps, encodings, found, crc in self._run(op, none):
            if not (isinstance(names, bytes) and isinstance(stamps, bytes) and isinstance(encodings, str)
                    and isinstance(found, str)):
                continue
            if crc == _findings_crc(key, fingerprint, names, stamps, encodings, found):
                got[key] = (names, stamps, encodings, found)
        return got

    def store_findings(self, fingerprint: str, rows: list[tuple[str, bytes, bytes, str, str]]) -> None:
        """Remember folders' findings: ``(key, names, stamps, encodings, found)``."""
        self._write(
            "INSERT OR REPLACE INTO findings (key, fingerprint, names, stamps, encodings, found, crc)"
            " VALUES (?,?,?,?,?,?,?)",
            [(key, fingerprint, names, stamps, encodings, found,
              _findings_crc(key, fingerprint, names, stamps, encodings, found))
             for key, names, stamps, encodings, found in rows if _storable(key, encodings, found)],
        )

    # -- bodies ---------------------------------------------------------------

    def bodies(self, files: list[tuple[str, Stamp]]) -> dict[str, str]:
        """Cached body text (NUL-terminated bodies) for still-valid, intact files."""
        files = [(path, stamp) for path, stamp in files if _storable(path)]

        def op(db: sqlite3.Connection) -> list[tuple]:
            out: list[tuple] = []
            for i in range(0, len(files), 500):
                part = files[i : i + 500]
                wanted = dict(part)
                rows = db.execute(
                    f"SELECT path, size, mtime, ctime, ino, bodies FROM bodies WHERE path IN ({','.join('?' * len(part))})",
                    [p for p, _ in part],
                ).fetchall()
                out += [(p, blob) for p, *stamp, blob in rows if wanted.get(p) == tuple(stamp)]
            return out

        out: dict[str, str] = {}
        none: list[tuple] = []
        for path, blob in self._run(op, none):
            if not isinstance(blob, bytes):
                continue
            try:
                out[path] = zlib.decompress(blob).decode("utf-8")
            except (zlib.error, UnicodeDecodeError):
                continue
        return out

    def store_bodies(self, items: list[tuple[str, Stamp, str]]) -> None:
        """Remember files' bodies: ``(path, stamp, text)``."""
        rows = [(path, *stamp, zlib.compress(text.encode("utf-8"), 1)) for path, stamp, text in items
                if _storable(path, text)]
        self._write("INSERT OR REPLACE INTO bodies (path, size, mtime, ctime, ino, bodies) VALUES (?,?,?,?,?,?)", rows)


def _rows_of(select: str, keys: list[str], *params: str) -> Callable[[sqlite3.Connection], list[tuple]]:
    """A query of the rows of ``keys`` (those SQLite can hold), 500 at a
    time: ``select`` ends in ``key IN`` and takes ``params`` first."""
    keys = [k for k in keys if _storable(k)]

    def op(db: sqlite3.Connection) -> list[tuple]:
        out: list[tuple] = []
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            out += db.execute(f"{select} ({','.join('?' * len(part))})", [*params, *part]).fetchall()
        return out

    return op


#: The types of a stored row's values (a damaged row may hold others).
_ROW_TYPES = (bytes, bytes, str, bytes, bytes, str, str, str, str)


def _by_group(items: dict[int, _T], batch: Batch, groups: list[FileGroup]) -> list[dict[int, _T]]:
    """Split a batch's by-record items (extras, pictures) by group."""
    out: list[dict[int, _T]] = [{} for _ in groups]
    if not items:
        return out
    ends = []
    f = r = 0
    for group in groups:
        r += sum(batch.counts[f : f + len(group)])
        f += len(group)
        ends.append(r)
    for k, v in items.items():
        out[bisect.bisect_right(ends, k)][k] = v
    return out


def batch_from_rows(groups: list[FileGroup], rows: list[tuple]) -> Batch:
    """A :class:`~viewer.core.batch.Batch` from the groups' cached rows."""
    batch = Batch()
    values: list[str] = []
    for group, (_names, stamps, encodings, counts, ints, vals, extras, problems, pictures) in zip(groups, rows):
        nf = len(group)
        base_file = len(batch.encodings)
        base = batch.records
        group_counts = array("q")
        group_counts.frombytes(counts)
        group_ints = array("q")
        group_ints.frombytes(ints)
        group_stamps = array("q")
        group_stamps.frombytes(stamps)
        codecs = encodings.split(SEP)
        records = sum(group_counts)
        if (len(group_counts) != nf or len(codecs) != nf or len(group_stamps) != nf * STAMP_INTS
                or len(group_ints) != records * N_INTS or (vals.count(SEP) + 1 if records else 0) != records * _N):
            raise ValueError("cached row does not fit its files")
        batch.encodings += [c or None for c in codecs]
        batch.counts.extend(group_counts)
        batch.stamps.extend(group_stamps)
        batch.sizes.extend(group_stamps[0::STAMP_INTS])
        batch.ints.extend(group_ints)
        if records:
            values.append(vals)
        if extras != "{}":  # most rows: nothing to parse
            for n, value in json.loads(extras).items():
                batch.extras[base + int(n)] = tuple(tuple(pair) for pair in value)
        if pictures != "{}":
            for n, value in json.loads(pictures).items():
                batch.pictures[base + int(n)] = tuple((str(p), str(f), int(i)) for p, f, i in value)
        if problems != "{}":
            for n, found in json.loads(problems).items():
                path = group.paths()[int(n)]
                batch.problems[base_file + int(n)] = [_problem_from(path, p) for p in found]
    batch.values = SEP.join(values)
    batch.groups = groups
    return batch


def _problem_json(p: Problem) -> list:
    return [p.line, p.record, p.message, p.kind.value, p.severity.value]


def _problem_from(path: str, obj: list) -> Problem:
    line, record, message, kind, severity = obj
    return Problem(path, line, record, message, ProblemKind(kind), Severity(severity))
