"""A persistent index in the user cache folder, so that reopening is fast.

For every record file loaded, the cache keeps what loading it produced
(encoding, problems, the records' short fields) and, once searched, its
bodies, keyed by the file's absolute path and its :data:`~viewer.core.batch.Stamp`
(size, modification time, change time, inode). A file whose stamp changed
is read again; the others are not.

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

Each schema version has its own file (``index-v3.sqlite``), so that two
versions of the program never take each other's rows for their own; a
newer version removes the files of older ones.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from viewer.core.files.paths import absolute
from viewer.core.records.batch import N_INTS, SEP, Batch, Stamp
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity
from viewer.core.records.discovery import SourceFile
from viewer.core.records.fields import INDEXED_FIELDS

#: Bump when what is stored changes: each version keeps its own file.
SCHEMA = 3

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


def _row_crc(path: str, stamp: Stamp, encoding: str | None, count: int, ints: bytes, vals: str,
             extras: str, problems: str, pictures: str) -> int:
    head = "\x1f".join(map(str, (path, *stamp, encoding, count, extras, problems, pictures)))
    crc = zlib.crc32(head.encode("utf-8", "surrogatepass"))
    crc = zlib.crc32(ints, crc)
    return zlib.crc32(vals.encode("utf-8", "surrogatepass"), crc)


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
                    """CREATE TABLE IF NOT EXISTS files (
                        path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ctime INTEGER, ino INTEGER,
                        encoding TEXT, count INTEGER, ints BLOB, vals TEXT, extras TEXT, problems TEXT,
                        pictures TEXT, crc INTEGER, bodies BLOB)"""
                )
                db.execute(f"PRAGMA user_version={SCHEMA}")
            db.execute("SELECT count(*) FROM files").fetchone()  # fails on a damaged table
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

    def _current_rows(self, files: list[tuple[str, Stamp]], columns: str, where: str = "") -> list[tuple]:
        """``(path, stamp, *columns)`` of the cached rows of ``files`` whose
        stamp is still the file's (a file SQLite cannot name is never cached)."""
        files = [(path, stamp) for path, stamp in files if _storable(path)]

        def op(db: sqlite3.Connection) -> list[tuple]:
            out: list[tuple] = []
            for i in range(0, len(files), 500):
                part = files[i : i + 500]
                wanted = dict(part)
                rows = db.execute(
                    f"SELECT path, size, mtime, ctime, ino, {columns} FROM files"
                    f" WHERE {where}path IN ({','.join('?' * len(part))})",
                    [p for p, _ in part],
                ).fetchall()
                for path, size, mtime, ctime, ino, *rest in rows:
                    stamp = (size, mtime, ctime, ino)
                    if wanted.get(path) == stamp:
                        out.append((path, stamp, *rest))
            return out

        return self._run(op, [])

    def lookup(self, files: list[tuple[str, Stamp]]) -> dict[str, tuple]:
        """Cached rows for ``(path, stamp)`` pairs that are still valid and intact."""
        out: dict[str, tuple] = {}
        columns = "encoding, count, ints, vals, extras, problems, pictures, crc"
        for path, stamp, encoding, count, ints, vals, extras, problems, pics, crc in self._current_rows(files, columns):
            if not isinstance(ints, bytes) or not isinstance(vals, str) or not isinstance(count, int):
                continue
            if crc != _row_crc(path, stamp, encoding, count, ints, vals, extras, problems, pics):
                continue
            out[path] = (path, stamp, encoding, count, ints, vals, extras, problems, pics)
        return out

    def batch(self, sources: list[SourceFile], stamps: list[tuple[str, Stamp]]) -> Batch | None:
        """The files as a :class:`~viewer.core.batch.Batch`, if every one is
        cached, unchanged and intact; else None."""
        rows = self.lookup(stamps)
        if len(rows) != len(sources):
            return None
        try:
            return batch_from_rows(sources, rows, [path for path, _stamp in stamps])
        except (ValueError, TypeError, KeyError):  # a row that passed its CRC but does not parse
            return None

    def store_batch(self, batch: Batch) -> None:
        """Remember a freshly loaded :class:`~viewer.core.batch.Batch`."""
        rows = []
        record = 0
        all_values = batch.values
        if isinstance(all_values, str):
            all_values = all_values.split(SEP) if batch.records else []
        for i, source in enumerate(batch.sources):
            count = batch.counts[i]
            ints = batch.ints[record * N_INTS : (record + count) * N_INTS].tobytes()
            vals = SEP.join(all_values[record * _N : (record + count) * _N])
            extras = json.dumps(
                {str(k - record): v for k, v in batch.extras.items() if record <= k < record + count}, ensure_ascii=False
            )
            problems = json.dumps([_problem_json(p) for p in batch.file_problems(i)], ensure_ascii=False)
            pictures = json.dumps(
                {str(k - record): v for k, v in batch.pictures.items() if record <= k < record + count}, ensure_ascii=False
            )
            path = absolute(source.path)
            stamp = batch.stamp(i)
            record += count
            if not _storable(path, vals, extras, problems, pictures):
                continue
            crc = _row_crc(path, stamp, batch.encodings[i], count, ints, vals, extras, problems, pictures)
            rows.append((path, *stamp, batch.encodings[i], count, ints, vals, extras, problems, pictures, crc))
        self._write(
            "INSERT INTO files (path, size, mtime, ctime, ino, encoding, count, ints, vals, extras, problems, pictures,"
            " crc, bodies) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,NULL) ON CONFLICT(path) DO UPDATE SET size=excluded.size,"
            " mtime=excluded.mtime, ctime=excluded.ctime, ino=excluded.ino, encoding=excluded.encoding,"
            " count=excluded.count, ints=excluded.ints, vals=excluded.vals, extras=excluded.extras,"
            " problems=excluded.problems, pictures=excluded.pictures, crc=excluded.crc, bodies=NULL",
            rows,
        )

    def _write(self, sql: str, rows: list) -> None:
        def op(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(sql, rows)
            db.execute("COMMIT")

        if rows:
            self._run(op, None)

    def forget_missing(self, roots: Iterable[str], present: set[str]) -> int:
        """Drop entries under ``roots`` whose files are gone; returns how many."""

        def op(db: sqlite3.Connection) -> list[tuple[str]]:
            gone: list[tuple[str]] = []
            for root in roots:
                prefix = os.path.join(os.path.abspath(root), "")
                if not _storable(prefix):
                    continue  # nothing under it was cached
                rows = db.execute(
                    "SELECT path FROM files WHERE substr(path, 1, ?) = ?", (len(prefix), prefix)
                ).fetchall()
                gone += [(p,) for (p,) in rows if p not in present]
            return gone

        gone: list[tuple[str]] = self._run(op, [])
        self._write("DELETE FROM files WHERE path = ?", gone)
        return len(gone)

    # -- bodies ---------------------------------------------------------------

    def bodies(self, files: list[tuple[str, Stamp]]) -> dict[str, str]:
        """Cached body text (NUL-terminated bodies) for still-valid, intact files."""
        out: dict[str, str] = {}
        for path, _stamp, blob in self._current_rows(files, "bodies", "bodies IS NOT NULL AND "):
            if not isinstance(blob, bytes):
                continue
            try:
                out[path] = zlib.decompress(blob).decode("utf-8")
            except (zlib.error, UnicodeDecodeError):
                continue
        return out

    def store_bodies(self, items: list[tuple[str, Stamp, str]]) -> None:
        """Remember files' bodies: ``(path, stamp, text)``."""
        rows = [(zlib.compress(text.encode("utf-8"), 1), path, *stamp) for path, stamp, text in items
                if _storable(path, text)]
        self._write("UPDATE files SET bodies = ? WHERE path = ? AND size = ? AND mtime = ? AND ctime = ? AND ino = ?",
                    rows)


def batch_from_rows(sources: list[SourceFile], rows: dict[str, tuple], keys: list[str] | None = None) -> Batch:
    """A :class:`~viewer.core.batch.Batch` from cached rows, in ``sources`` order
    (``keys``: the sources' absolute paths, when the caller has them)."""
    batch = Batch()
    values: list[str] = []
    keys = keys if keys is not None else [absolute(s.path) for s in sources]
    for source, key in zip(sources, keys):
        _path, stamp, encoding, count, ints, vals, extras, problems, pictures = rows[key]
        ints_array = array("q")
        ints_array.frombytes(ints)
        if len(ints_array) != count * N_INTS:
            raise ValueError("cached row does not fit its count")
        base = batch.records
        if extras != "{}":  # most rows: nothing to parse
            for n, value in json.loads(extras).items():
                batch.extras[base + int(n)] = tuple(tuple(pair) for pair in value)
        if pictures != "{}":
            for n, value in json.loads(pictures).items():
                batch.pictures[base + int(n)] = tuple((str(p), str(f), int(i)) for p, f, i in value)
        found = [_problem_from(source.path, p) for p in json.loads(problems)] if problems != "[]" else []
        batch.add_file(encoding, stamp, found)
        batch.counts[-1] = count
        batch.ints.extend(ints_array)
        if count:
            part = vals.split(SEP)
            if len(part) != count * _N:
                raise ValueError("cached row does not fit its count")
            values.extend(part)
    batch.values = values
    batch.sources = list(sources)
    return batch


def _problem_json(p: Problem) -> list:
    return [p.line, p.record, p.message, p.kind.value, p.severity.value]


def _problem_from(path: str, obj: list) -> Problem:
    line, record, message, kind, severity = obj
    return Problem(path, line, record, message, ProblemKind(kind), Severity(severity))
