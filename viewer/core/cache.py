"""A persistent index in the user cache folder, so that reopening is fast.

For every record file loaded, the cache keeps what loading it produced
(encoding, problems, the records' short fields) and, once searched, its
bodies, keyed by the file's absolute path, size and modification time. A
file whose size or time changed is read again; the others are not. The
cache lives in SQLite (standard library), never in the archive. A cache
that cannot be read, or was written by another version, is deleted and
rebuilt: it is never trusted.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import zlib
from array import array
from collections.abc import Iterable

from viewer.core.diagnostics import Kind, Problem, Severity
from viewer.core.fields import INDEXED_FIELDS

#: Bump when what is stored changes: older caches are then rebuilt.
SCHEMA = 1

_N = len(INDEXED_FIELDS)


class IndexCache:
    """The cache file. Safe to use from several threads (one connection, locked)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self.rebuilt = False
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            self._discard()
            self._db = self._open()
            self.rebuilt = True

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA):
            db.close()
            raise sqlite3.DatabaseError(f"cache schema {version}, not {SCHEMA}")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(
            """CREATE TABLE IF NOT EXISTS files (
                path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER,
                encoding TEXT, count INTEGER, ints BLOB, vals TEXT, extras TEXT, problems TEXT,
                bodies BLOB)"""
        )
        db.execute(f"PRAGMA user_version={SCHEMA}")
        db.execute("SELECT count(*) FROM files").fetchone()  # fails on a corrupt file
        return db

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(self.path + suffix)
            except OSError:
                pass

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- loading ------------------------------------------------------------

    def lookup(self, files: list[tuple[str, int, int]]) -> dict[str, tuple]:
        """Cached rows for ``(path, size, mtime_ns)``s that are still valid."""
        out: dict[str, tuple] = {}
        with self._lock:
            try:
                for i in range(0, len(files), 500):
                    part = files[i : i + 500]
                    marks = ",".join("?" * len(part))
                    rows = self._db.execute(
                        f"SELECT path, size, mtime, encoding, count, ints, vals, extras, problems FROM files"
                        f" WHERE path IN ({marks})",
                        [p for p, _, _ in part],
                    ).fetchall()
                    wanted = {p: (s, m) for p, s, m in part}
                    for row in rows:
                        if wanted.get(row[0]) == (row[1], row[2]):
                            out[row[0]] = row
            except sqlite3.DatabaseError:
                return {}
        return out

    def store_batch(self, batch) -> None:
        """Remember a freshly loaded :class:`~viewer.core.loader.Batch`."""
        rows = []
        record = 0
        all_values = batch.values
        if isinstance(all_values, str):
            all_values = all_values.split("\x1f") if batch.records else []
        for i, source in enumerate(batch.sources):
            count = batch.counts[i]
            ints = batch.ints[record * 4 : (record + count) * 4]
            values = all_values[record * _N : (record + count) * _N]
            extras = {str(k - record): v for k, v in batch.extras.items() if record <= k < record + count}
            problems = [_problem_json(p) for p in batch.file_problems(i)]
            rows.append((
                os.path.abspath(source.path), batch.sizes[i], batch.mtimes[i], batch.encodings[i], count,
                ints.tobytes(), "\x1f".join(values), json.dumps(extras, ensure_ascii=False),
                json.dumps(problems, ensure_ascii=False),
            ))
            record += count
        self._write(
            "INSERT INTO files (path, size, mtime, encoding, count, ints, vals, extras, problems, bodies)"
            " VALUES (?,?,?,?,?,?,?,?,?,NULL) ON CONFLICT(path) DO UPDATE SET size=excluded.size,"
            " mtime=excluded.mtime, encoding=excluded.encoding, count=excluded.count, ints=excluded.ints,"
            " vals=excluded.vals, extras=excluded.extras, problems=excluded.problems, bodies=NULL",
            rows,
        )

    def _write(self, sql: str, rows: list) -> None:
        with self._lock:
            try:
                self._db.execute("BEGIN")
                self._db.executemany(sql, rows)
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError:
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.DatabaseError:
                    pass

    def forget_missing(self, roots: Iterable[str], present: set[str]) -> int:
        """Drop entries under ``roots`` whose files are gone; returns how many."""
        gone = []
        with self._lock:
            for root in roots:
                prefix = os.path.join(os.path.abspath(root), "")
                rows = self._db.execute(
                    "SELECT path FROM files WHERE substr(path, 1, ?) = ?", (len(prefix), prefix)
                ).fetchall()
                gone += [(p,) for (p,) in rows if p not in present]
        if gone:
            self._write("DELETE FROM files WHERE path = ?", gone)
        return len(gone)

    # -- bodies ---------------------------------------------------------------

    def bodies(self, files: list[tuple[str, int, int]]) -> dict[str, str]:
        """Cached body text (NUL-terminated bodies) for still-valid files."""
        out: dict[str, str] = {}
        with self._lock:
            for i in range(0, len(files), 500):
                part = files[i : i + 500]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT path, size, mtime, bodies FROM files WHERE bodies IS NOT NULL AND path IN ({marks})",
                    [p for p, _, _ in part],
                ).fetchall()
                wanted = {p: (s, m) for p, s, m in part}
                for path, size, mtime, blob in rows:
                    if wanted.get(path) == (size, mtime):
                        try:
                            out[path] = zlib.decompress(blob).decode("utf-8")
                        except (zlib.error, UnicodeDecodeError):
                            continue
        return out

    def store_bodies(self, items: list[tuple[str, int, int, str]]) -> None:
        """Remember files' bodies: ``(path, size, mtime, text)``."""
        rows = [(zlib.compress(text.encode("utf-8"), 1), path, size, mtime) for path, size, mtime, text in items]
        self._write("UPDATE files SET bodies = ? WHERE path = ? AND size = ? AND mtime = ?", rows)


def batch_from_rows(sources, rows: dict[str, tuple]):
    """A :class:`~viewer.core.loader.Batch` from cached rows, in ``sources`` order."""
    from viewer.core.loader import Batch

    batch = Batch()
    values: list[str] = []
    for i, source in enumerate(sources):
        _path, size, mtime, encoding, count, ints, vals, extras, problems = rows[os.path.abspath(source.path)]
        ints_array = array("q")
        ints_array.frombytes(ints)
        base = batch.records
        for key, value in json.loads(extras).items():
            batch.extras[base + int(key)] = tuple(tuple(pair) for pair in value)
        found = [_problem_from(source.path, p) for p in json.loads(problems)]
        if found:
            batch.problems[i] = found
        batch.encodings.append(encoding)
        batch.sizes.append(size)
        batch.mtimes.append(mtime)
        batch.counts.append(count)
        batch.ints.extend(ints_array)
        if count:
            values.extend(vals.split("\x1f"))
    batch.values = values
    batch.sources = list(sources)
    return batch


def _problem_json(p: Problem) -> list:
    return [p.line, p.record, p.message, p.kind.value, p.severity.value]


def _problem_from(path: str, obj: list) -> Problem:
    line, record, message, kind, severity = obj
    return Problem(path, line, record, message, Kind(kind), Severity(severity))
