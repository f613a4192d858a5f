"""Trusting unchanged folders: a reopening that neither lists folders nor
``stat`` s files (opt-in).

A warm reopening normally runs discovery in full (every folder listed) and
``stat`` s every file to compare it with the snapshot
(:mod:`~viewer.core.records.snapshot`): at a million files that is about
four seconds, whatever else is kept. A folder's own stamp (its modification
and change times) changes whenever a name in it is added, removed or
renamed, which is how files are replaced by almost every tool (an editor
saving through a temporary file, ``git checkout``, ``rsync``, this
application's own sidecars). When the user asks for it
(``trust_folders``), a load that ran discovery in full also writes a
*folder list* beside the snapshot: every folder it listed, with the stamp
taken *before* listing it, what discovery noted and the application's own
files it found. The next opening with trust stats only those folders
(tens of milliseconds); if every one has the same stamp, the archive is
the snapshot, whole: no folder is listed and no file is ``stat`` ed.

What this trusts, and what it misses:

- A file **written in place** (opened and rewritten without a new name:
  some editors, ``cat >> file``, a ``truncate``, a ``chmod``) changes the
  file but not its folder. Trusting folders does not see it; the archive
  shows the file as it was. This is why trust is off unless asked for.
- A folder that changed is listed again, and its files checked, on its
  own (:mod:`~viewer.core.records.partial`): a sidecar saved in a day's
  folder costs that folder's listing at the next opening, not the whole
  check. Where that cannot be exact (many folders changed, a folder
  added or removed below a changed one, a file with several names), the
  opening checks everything, as without trust, and writes a new list
  (the snapshot stays valid when only sidecars changed).
- A folder whose stamp is within :data:`RACY_NS` of the moment its listing
  began (or in the future) is *racily clean*: something may have changed
  in it within the file system's clock step after it was stamped, so it
  counts as changed (:meth:`FolderList.changed`) and is listed again.
- A snapshot holding a racily clean file's stamp (see
  :func:`~viewer.core.records.batch.settled`) is not taken on trust: that
  file must be read again.
- A walk that met a symbolic link, a named file (rather than a folder), a
  folder or entry it could not read, is not written down: those can change
  without their folder's stamp changing.
- On a network file system a change made from another machine may show in
  a folder's stamp only once this machine's attribute cache expires (up to
  a minute on NFS); an opening meanwhile misses it. A record read again
  still tells (:meth:`~viewer.core.records.archive.Archive.changed_on_disk`).

The file: :data:`MAGIC`, the header's length (8 bytes, little-endian), the
header (JSON: version, the snapshot's id, the opened paths as given, when
the walk began, each folder's path as walked, path prefix, relative path,
opened path and number of record files, discovery's notes, every file it
skipped (folder, why, name, example: the application's own files among
them), the stamps' CRC-32), then the stamps (:data:`STAMP_INTS`
little-endian int64 a folder). A file that does not check out is not used.
"""

from __future__ import annotations

import json
import os
import struct
import threading
import time
import zlib
from array import array
from dataclasses import dataclass, field
from operator import itemgetter

from viewer.core.files.atomic import atomic_write, read_whole
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity

VERSION = 2
MAGIC = b"ARCHIVE-VIEWER-FOLDERS\n"
SUFFIX = ".folders"
#: A folder stamped this close to its listing's start is not trusted (FAT
#: keeps times to 2 s; network file systems' clocks drift).
RACY_NS = 3 * 10**9
#: What a folder's stamp holds: device, inode, modification and change times (ns).
STAMP_INTS = 4
_SEP = "\0"
#: Why discovery skipped the application's own files (see
#: :data:`~viewer.core.records.discovery.SIDECAR_REASON`).
OWN = "annotation sidecar"


def path_for(snapshot_path: str) -> str:
    """The folder list that goes with a snapshot file."""
    base, _ext = os.path.splitext(snapshot_path)
    return base + SUFFIX


def stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    """A folder's stamp."""
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_ctime_ns


@dataclass
class Walked:
    """What one discovery saw of the folders it listed (filled by
    :func:`~viewer.core.records.discovery.iter_groups`).

    Attributes:
        started_ns: the wall clock when the walk began.
        folders: each folder listed, in order, as walked.
        prefixes: each folder's files' path prefix ('' when it has none).
        rels: each folder's files' relative path prefix.
        files: each folder's number of record files (0: no group).
        stamps: each folder's stamp, :data:`STAMP_INTS` integers a folder.
        roots: each folder's opened path (its place in the opened paths).
        skips: each file or folder skipped, in the order met: the folder it
            is in (its place in :attr:`folders`), why (the summary note it
            counts in), its name, and an example for that note ('' for
            none). Discovery's notes are made from these
            (:func:`~viewer.core.records.discovery.skipped_notes`).
        unsafe: why this walk cannot be trusted later, or None.
    """

    started_ns: int = field(default_factory=time.time_ns)
    folders: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    rels: list[str] = field(default_factory=list)
    files: list[int] = field(default_factory=list)
    stamps: array = field(default_factory=lambda: array("q"))
    roots: list[int] = field(default_factory=list)
    skips: list[tuple[int, str, str, str]] = field(default_factory=list)
    unsafe: str | None = None

    def add(self, folder: str, prefix: str, rel: str, st: os.stat_result, files: int, root: int = 0) -> None:
        """A folder listed (``st``: its stat, taken before the listing)."""
        self.folders.append(folder)
        self.prefixes.append(prefix)
        self.rels.append(rel)
        self.files.append(files)
        self.stamps.extend(stamp(st))
        self.roots.append(root)

    def distrust(self, reason: str) -> None:
        """Something was met that can change without its folder's stamp."""
        if self.unsafe is None:
            self.unsafe = reason

    def skipped(self, why: str, name: str, example: str = "") -> None:
        """A file or folder skipped in the folder being listed (the next one
        :meth:`add` will be told of)."""
        self.skips.append((len(self.folders), why, name, example))

    def own_files(self) -> list[str]:
        """The paths of the application's own files met, in order."""
        prefixes = self.prefixes
        return [prefixes[at] + name for at, why, name, _example in self.skips if why == OWN]

    def replaced(self, listed: list[Relisted], started_ns: int) -> Walked:
        """This walk with some folders listed again (each a
        :class:`Relisted`, in folder order), as one begun at ``started_ns``."""
        again = {r.index: r for r in listed}
        prefixes, files, stamps = list(self.prefixes), list(self.files), array("q", self.stamps)
        skips = [s for s in self.skips if s[0] not in again]
        for at, r in again.items():
            prefixes[at], files[at] = r.prefix, len(r.names)
            stamps[at * STAMP_INTS : (at + 1) * STAMP_INTS] = array("q", r.stamp)
            skips.extend((at, why, name, example) for why, name, example in r.skips)
        skips.sort(key=itemgetter(0))  # (stable: each folder's skips stay in the order met)
        return Walked(started_ns, list(self.folders), prefixes, list(self.rels), files, stamps, list(self.roots),
                      skips, self.unsafe)


@dataclass
class Relisted:
    """A folder of a trusted walk listed again on its own (see
    :mod:`~viewer.core.records.partial`).

    Attributes:
        index: its place in the walk.
        stamp: its stamp, taken before the listing.
        prefix: its files' path prefix ('' when it has none).
        names: its record files' names, in order.
        stats: their stats, in the same order.
        skips: what it skipped: why, name, example (see :attr:`Walked.skips`).
    """

    index: int
    stamp: tuple[int, int, int, int]
    prefix: str
    names: list[str]
    stats: list[os.stat_result]
    skips: list[tuple[str, str, str]]


@dataclass
class FolderList:
    """A folder list read back (see the module docstring).

    Attributes:
        snapshot: the id of the snapshot it goes with.
        walked: the walk it wrote down.
        notes: discovery's notes.
    """

    snapshot: str
    walked: Walked
    notes: list[Problem]

    @property
    def own_files(self) -> list[str]:
        """The application's own files found."""
        return self.walked.own_files()

    def changed(self) -> list[int]:
        """The folders (places in the walk) that changed: another stamp
        now, racily clean, or no longer there to ``stat``."""
        walked = self.walked
        racy = walked.started_ns - RACY_NS
        stamps = walked.stamps
        found = []
        for i, folder in enumerate(walked.folders):
            try:
                now = stamp(os.stat(folder))
            except OSError:
                found.append(i)
                continue
            at = i * STAMP_INTS
            if now != tuple(stamps[at : at + STAMP_INTS]) or max(now[2], now[3]) > racy:
                found.append(i)
        return found

    def unchanged(self) -> bool:
        """True when no folder changed (see :meth:`changed`)."""
        return not self.changed()


def _problem(p: Problem) -> list:
    return [p.file, p.line, p.record, p.message, p.kind.value, p.severity.value]


def write(path: str, snapshot_id: str, paths: list[str], walked: Walked, notes: list[Problem]) -> bool:
    """Write the folder list of a walk that can be trusted; False (and any
    old list removed) when it cannot be, or cannot be written."""
    if walked.unsafe is not None or not walked.folders:
        remove(path)
        return False
    stamps = _le(walked.stamps)
    header = {
        "version": VERSION,
        "snapshot": snapshot_id,
        "paths": paths,
        "started_ns": walked.started_ns,
        "folders": _SEP.join(walked.folders),
        "prefixes": _SEP.join(walked.prefixes),
        "rels": _SEP.join(walked.rels),
        "files": walked.files,
        "roots": walked.roots,
        "notes": [_problem(p) for p in notes],
        "skips": [[at for at, _why, _name, _example in walked.skips],
                  _SEP.join(why for _at, why, _name, _example in walked.skips),
                  _SEP.join(name for _at, _why, name, _example in walked.skips),
                  _SEP.join(example for _at, _why, _name, example in walked.skips)],
        "stamps": [len(stamps), zlib.crc32(stamps)],
    }
    data = json.dumps(header, separators=(",", ":")).encode("ascii")  # (lone surrogates as \\udcxx)
    try:
        atomic_write(path, [MAGIC, struct.pack("<Q", len(data)), data, stamps])
    except OSError:
        return False
    return True


_LITTLE = struct.pack("=H", 1) == struct.pack("<H", 1)


def _le(values: array) -> bytes:
    out = array("q", values)
    if not _LITTLE:
        out.byteswap()
    return out.tobytes()


def remove(path: str) -> None:
    """Remove a folder list, if there is one."""
    try:
        os.unlink(path)
    except OSError:
        pass


def read(path: str, paths: list[str]) -> FolderList | None:
    """The folder list at ``path``, if it was written for these opened
    paths and checks out; else None."""
    data = read_whole(path)
    if data is None:
        return None
    try:
        return _parse(data, paths)
    except (ValueError, KeyError, TypeError, IndexError, struct.error, UnicodeError, RecursionError):
        return None


class Check:
    """Reads a folder list and compares its folders' stamps with theirs now,
    in a thread of its own (beside the snapshot's reading: both mostly wait
    for the system).

    Args:
        path: the folder list.
        paths: the opened paths.
    """

    def __init__(self, path: str, paths: list[str]) -> None:
        self._found: FolderList | None = None
        self._changed: list[int] = []
        self._thread = threading.Thread(target=self._run, args=(path, paths), name="folder-check", daemon=True)
        self._thread.start()

    def _run(self, path: str, paths: list[str]) -> None:
        listed = read(path, paths)
        if listed is not None:
            self._changed = listed.changed()
            self._found = listed

    def result(self) -> tuple[FolderList | None, list[int]]:
        """The folder list, if it was read, and the folders that changed
        (see :meth:`FolderList.changed`)."""
        self._thread.join()
        return self._found, self._changed


def _parse(data: bytes, paths: list[str]) -> FolderList | None:
    if not data.startswith(MAGIC):
        return None
    at = len(MAGIC)
    (size,) = struct.unpack_from("<Q", data, at)
    at += 8
    header = json.loads(data[at : at + size].decode("ascii"))
    if not isinstance(header, dict) or header.get("version") != VERSION:
        return None
    snapshot_id = header["snapshot"]
    if not isinstance(snapshot_id, str) or header["paths"] != paths:
        return None
    stamps = data[at + size :]
    length, crc = header["stamps"]
    if len(stamps) != length or zlib.crc32(stamps) != crc:
        return None
    folders = header["folders"].split(_SEP)
    prefixes = header["prefixes"].split(_SEP)
    rels = header["rels"].split(_SEP)
    files, roots = header["files"], header["roots"]
    n = len(folders)
    if not (len(prefixes) == len(rels) == len(files) == len(roots) == n and length == n * STAMP_INTS * 8):
        return None
    if not all(isinstance(f, int) and f >= 0 for f in files):
        return None
    if not all(isinstance(r, int) and 0 <= r < len(paths) for r in roots):
        return None
    at_folder, *texts = header["skips"]
    whys, names, examples = (t.split(_SEP) if at_folder else [] for t in texts)
    if not (len(whys) == len(names) == len(examples) == len(at_folder)):
        return None
    if not all(isinstance(f, int) and 0 <= f < n for f in at_folder):
        return None
    skips = list(zip(at_folder, whys, names, examples))
    values = array("q")
    values.frombytes(stamps)
    if not _LITTLE:
        values.byteswap()
    started = header["started_ns"]
    if not isinstance(started, int):
        return None
    walked = Walked(started, folders, prefixes, rels, files, values, roots, skips)
    notes = [Problem(f, line, record, message, ProblemKind(kind), Severity(severity))
             for f, line, record, message, kind, severity in header["notes"]]
    return FolderList(snapshot_id, walked, notes)
