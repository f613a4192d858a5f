"""Sidecar files: a source file's annotations in ``<source>.annotations.json``.

The format is documented in ``docs/sidecar-format.md``. Writing is
deterministic (sorted records and ids, one annotation a line, LF, a final
newline), so the same set always gives the same bytes and two people's
sidecars diff line by line.

:class:`SidecarFile` owns one sidecar: it reads it, remembers what it read
(the merge base), and saves by merging with whatever is on disk now, then
writing atomically. Its rules, all documented in the format document:

* A sidecar that cannot be read (not this format, a newer version, the
  wrong shape, not a regular file, too deep or too big) is never
  overwritten: new annotations go to a recovery file beside it. Once the
  sidecar is readable again, the recovery file is merged back in and
  removed at the next save.
* Keys that name another file are refused (kept in the file, never used).
* Keys and values this version does not know are written back unchanged.
* A folder that cannot be written sends the sidecar to a fallback folder
  that mirrors the source's path. When both copies exist, they are merged
  annotation by annotation, the latest change winning, deletions included.
* When a file's last live annotation is deleted, its sidecar is removed:
  no folder fills up with sidecars that hold only deletions. Except in a
  git work tree, for a sidecar that was there before this program read it:
  other clones may hold its annotations, and its tombstones are what tell
  their merges that they were deleted (see :func:`in_git_work_tree`).
* Saves are serialised by a lock file created exclusively beside the
  sidecar and removed after the save; a lock left by a crashed program is
  broken once it is stale. The previous version of a sidecar is kept in
  the user's data folder, not beside the records.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import socket
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from viewer.core.annotations.model import Annotation, merge, newest
from viewer.core.files.atomic import atomic_write, fsync_dir, read_whole, temp_name
from viewer.core.records.record import split_key

FORMAT = "archive-viewer-annotations"
VERSION = 2
SUFFIX = ".annotations.json"
RECOVERY_SUFFIX = ".annotations.recovery.json"
LOCK_SUFFIX = SUFFIX + ".lock"

#: Sidecars larger than this are not read (a real one is a few kilobytes).
MAX_BYTES = 64 * 1024 * 1024

#: How long a save waits for another program's save (seconds).
LOCK_WAIT = 10.0
#: A lock older than this was left by a program that stopped (seconds).
LOCK_STALE = 120.0

#: Errors that mean "this folder cannot be written": use the fallback store.
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}

_TOP_KEYS = frozenset({"format", "version", "source", "records"})
_SURROGATE = re.compile("[\ud800-\udfff]")


class SidecarError(ValueError):
    """A sidecar that cannot be read as this format (it is left alone)."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The source file a sidecar was written against."""

    name: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str) -> Fingerprint | None:
        data = read_whole(path)
        if data is None:
            return None
        return cls(os.path.basename(path), len(data), hashlib.sha256(data).hexdigest())


@dataclass(slots=True)
class Content:
    """What a sidecar holds.

    Attributes:
        annotations: by id, for the sidecar's own record file.
        source: the fingerprint of the record file it was written against.
        foreign: records whose keys name another file, as read (never
            used, written back unchanged).
        extra: top-level keys this version does not know, as read.
        problems: sentences about what was refused (foreign keys).
    """

    annotations: dict[str, Annotation] = field(default_factory=dict)
    source: Fingerprint | None = None
    foreign: dict[str, list] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def live(self) -> bool:
        """Does it hold anything worth a file: a live annotation, or data kept for others?"""
        return bool(self.foreign or self.extra) or any(not a.deleted for a in self.annotations.values())


def _record_order(key: str) -> tuple[str, int]:
    try:
        return split_key(key)
    except ValueError:
        return key, -1


def serialize(
    annotations: Iterable[Annotation],
    source: Fingerprint | None,
    *,
    foreign: dict[str, list] | None = None,
    extra: dict[str, object] | None = None,
) -> bytes:
    """The sidecar's bytes: deterministic for the same set, whatever its order."""
    by_record: dict[str, list[str]] = {}
    for a in sorted(annotations, key=lambda a: a.id):
        obj = a.to_json()
        del obj["record"]
        by_record.setdefault(a.record, []).append(json.dumps(obj, ensure_ascii=False, sort_keys=True))
    for key, items in (foreign or {}).items():
        by_record[key] = [json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items]
    lines = ["{", f'"format": "{FORMAT}",', f'"version": {VERSION},']
    for key in sorted(extra or {}):
        lines.append(f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(extra[key], ensure_ascii=False, sort_keys=True)},")  # type: ignore[index]
    if source is not None:
        src = {"name": source.name, "sha256": source.sha256, "size": source.size}
        lines.append(f'"source": {json.dumps(src, ensure_ascii=False, sort_keys=True)},')
    lines.append('"records": {')
    records = sorted(by_record, key=_record_order)
    for r, key in enumerate(records):
        lines.append(f"{json.dumps(key, ensure_ascii=False)}: [")
        items = by_record[key]
        lines += [item + ("," if i < len(items) - 1 else "") for i, item in enumerate(items)]
        lines.append("]," if r < len(records) - 1 else "]")
    lines += ["}", "}", ""]
    # A record file whose name is not UTF-8 gives keys with lone surrogates:
    # JSON writes them as \\uDCxx escapes, which read back as the same name.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", "\n".join(lines)).encode("utf-8")


def own_key(key: str, name: str | None) -> bool:
    """Is ``key`` a record key of the file called ``name`` (``NAME#N``)?"""
    path, sep, index = key.rpartition("#")
    if not sep or not index.isascii() or not index.isdigit():
        return False
    if name is None:
        return bool(path) and "/" not in path and "\\" not in path and path not in (".", "..")
    return path == name


def parse(data: bytes, name: str | None = None) -> Content:
    """Read a sidecar's bytes.

    Args:
        data: the file's bytes.
        name: the record file's name; keys that name another file are
            refused (None: any plain file name is accepted, paths never).

    Raises:
        SidecarError: not this format, a newer version, or malformed.
    """
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SidecarError(f"not valid JSON: {e}") from None
    except RecursionError:
        raise SidecarError("not valid JSON: nested too deeply") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise SidecarError("not an Archive Viewer annotations file")
    version = obj.get("version")
    if type(version) is not int or version < 1:
        raise SidecarError(f"format version {version!r} is not a positive whole number")
    if version > VERSION:
        raise SidecarError(f"format version {version} is newer than this program reads ({VERSION})")
    records = obj.get("records")
    if not isinstance(records, dict):
        raise SidecarError('no "records" object: not an annotations file this program can read')
    out = Content(extra={k: v for k, v in obj.items() if k not in _TOP_KEYS})
    try:
        source = obj.get("source")
        if source is not None:
            out.source = Fingerprint(str(source["name"]), int(source["size"]), str(source["sha256"]))
        for key, items in records.items():
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise SidecarError(f"record {key!r} is not a list of annotations")
            if not own_key(key, name):
                out.foreign[key] = items
                out.problems.append(f"record key {key!r} does not name a record of {name or 'this file'}; ignored")
                continue
            for item in items:
                a = Annotation.from_json({**item, "record": key})
                if a.id in out.annotations:
                    raise SidecarError(f"annotation id {a.id} appears twice")
                out.annotations[a.id] = a
    except SidecarError:
        raise
    except (KeyError, ValueError, TypeError, AttributeError) as e:
        raise SidecarError(f"malformed annotation: {e!r}") from None
    return out


def _seen(data: bytes | None) -> bytes | None:
    """What is kept of a sidecar's bytes to tell later whether the file
    changed: a BLAKE2b digest (None for no file)."""
    return None if data is None else hashlib.blake2b(data, digest_size=32).digest()


def fallback_path(fallback_root: str, source: str, suffix: str = SUFFIX) -> str:
    """Where a read-only folder's sidecar goes: the source's absolute path
    mirrored under ``fallback_root`` (as ``pathlib`` would join them, in
    ``os.path``: twenty thousand sidecars are looked for at an opening)."""
    drive, rest = os.path.splitdrive(os.path.abspath(source))
    if os.altsep:
        rest = rest.replace(os.altsep, os.sep)
    parts = [p for p in rest.split(os.sep) if p]
    drive = drive.rstrip(":\\/")
    return os.path.join(os.path.normpath(fallback_root), *([drive] if drive else []), *parts) + suffix


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What :meth:`SidecarFile.save` did.

    Attributes:
        path: the file written (or that would have been).
        written: False when the bytes on disk were already right.
        merged: True when the disk had changed and was merged in.
        recovery: True when the sidecar is unreadable and the recovery
            file took the annotations.
        fallback: True when the source folder was read-only and the
            fallback store took them.
        removed: True when the sidecar was removed: it held no live
            annotation any more.
    """

    path: str
    written: bool
    merged: bool = False
    recovery: bool = False
    fallback: bool = False
    removed: bool = False


class SidecarFile:
    """The sidecar of one source file.

    Args:
        source: the source record file.
        fallback_root: where to keep sidecars of read-only folders (None:
            no fallback; saving there fails with the OSError).
        backup_root: where to keep the previous version of each sidecar
            written, mirrored like the fallback (None: no backups).

    Attributes:
        unreadable: why the sidecar cannot be read, or None.
        notes: things the user should know about this sidecar (refused
            keys, a recovery file merged back).
        pending: True when :meth:`load` found annotations that are not in
            the sidecar yet (a recovery file or a fallback copy to fold in):
            the next save should write it.
    """

    def __init__(self, source: str, fallback_root: str | None = None, backup_root: str | None = None) -> None:
        self.source = source
        self.name = os.path.basename(source)
        self.primary = source + SUFFIX
        self.recovery_path = source + RECOVERY_SUFFIX
        self.fallback = fallback_path(fallback_root, source) if fallback_root else None
        self.backup = fallback_path(backup_root, source) if backup_root else None
        self.path = self.primary
        self.unreadable: str | None = None
        self.notes: list[str] = []
        self.pending = False
        self._base: dict[str, Annotation] = {}
        # A digest of the bytes last read or written at :attr:`path` (None:
        # no file): what a save compares the file with now, to tell a change
        # made by someone else (the bytes themselves were 40 MB at 20,000
        # sidecars).
        self._disk: bytes | None = None
        self._kept: Content = Content()
        self._absorbed: list[str] = []  # copies folded in, removed after the next good save
        self._found = False  # the sidecar was there when read (not made by this program)

    @property
    def in_fallback(self) -> bool:
        return self.fallback is not None and self.path == self.fallback

    def _read(self, path: str | None) -> tuple[bytes | None, Content | None, str | None]:
        """(bytes, content, error) of one copy; all None when it does not exist."""
        if path is None:
            return None, None, None
        try:
            data = read_sidecar_bytes(path)
            if data is None:
                return None, None, None
            return data, parse(data, self.name), None
        except SidecarError as e:
            return None, None, f"{path}: {e}"

    def load(self) -> dict[str, Annotation]:
        """Read the sidecar, and a fallback copy or recovery file, if any.

        A sidecar that cannot be read sets :attr:`unreadable` and is left
        alone; its annotations are then whatever the recovery file (and a
        fallback copy) hold, and saves go to the recovery file.
        """
        self.unreadable, self.notes, self.pending, self._absorbed = None, [], False, []
        data, primary, error = self._read(self.primary)
        self._found = data is not None
        f_data, fallback, f_error = self._read(self.fallback)
        r_data, recovery, r_error = self._read(self.recovery_path)
        for content in (primary, fallback, recovery):
            if content is not None:
                self.notes += content.problems
        if error or (f_error and primary is None):
            self.unreadable = error or f_error
            self.path, self._disk = self.recovery_path, _seen(r_data)
            self._kept = recovery or Content()
            if r_error:
                self.notes.append(f"{r_error}; it is left alone too")
            found = newest(fallback.annotations if fallback else {}, recovery.annotations if recovery else {})
            self._base = dict(recovery.annotations) if recovery else {}
            return found
        if f_error:
            self.notes.append(f"{f_error}; left alone")
        if primary is not None or fallback is None:
            self.path, self._disk, self._kept = self.primary, _seen(data), primary or Content()
        else:
            self.path, self._disk, self._kept = self.fallback, _seen(f_data), fallback  # type: ignore[assignment]
        self._base = dict(self._kept.annotations)
        copies = [c for c in (primary, fallback) if c is not None]
        if recovery is not None and r_data is not None:
            copies.append(recovery)
            self._absorbed.append(self.recovery_path)
            self.pending = True
            self.notes.append(
                f"{len(recovery.annotations)} annotations from {self.recovery_path} are merged into the sidecar;"
                " the recovery file is removed once they are saved"
            )
        elif r_error:
            self.notes.append(f"{r_error}; left alone")
        if primary is not None and fallback is not None:
            assert self.fallback is not None
            self._absorbed.append(self.fallback)
            self.pending = True
        return newest(*(c.annotations for c in copies))

    def save(self, annotations: dict[str, Annotation]) -> tuple[dict[str, Annotation], SaveResult]:
        """Write ``annotations``, merged with any change made on disk since.

        The read, merge and write happen under the sidecar's lock, so that
        two programs saving at once both keep their changes.

        Returns:
            The merged set (now on disk), and what was done.

        Raises:
            OSError: the write failed (the file on disk is unchanged), or
                the lock could not be had.
        """
        with locked(self.path + ".lock"):
            remove_stale_temps(self.path)
            return self._save(annotations)

    def _save(self, annotations: dict[str, Annotation]) -> tuple[dict[str, Annotation], SaveResult]:
        merged = dict(annotations)
        changed_on_disk = False
        try:
            current = read_sidecar_bytes(self.path)
            changed = _seen(current) != self._disk
            theirs = parse(current, self.name) if current is not None and changed else None
        except SidecarError as e:
            if self.path == self.recovery_path:
                raise OSError(f"{self.path} is unreadable too: {e}") from None
            self.unreadable = f"{self.path}: {e}"
            self.path = self.recovery_path
            self._disk, self._base, self._kept = None, {}, Content()
            return self.save(annotations)
        if changed:  # changed (or removed) since it was read
            disk = theirs.annotations if theirs is not None else {}
            merged = merge(self._base, annotations, disk)
            if theirs is not None:
                self._kept = theirs
                self._found = True  # (someone else wrote it: a pull, another program)
            changed_on_disk = True
        content = Content(merged, None, self._kept.foreign, self._kept.extra)
        removable = self.path != self.fallback or not os.path.exists(self.primary)
        if not content.live and removable and not self._keeps_tombstones():
            return merged, self._remove(merged, current, changed_on_disk)
        data = serialize(merged.values(), Fingerprint.of(self.source), foreign=content.foreign, extra=content.extra)
        if data == current:
            self._saved(merged, data)
            return merged, SaveResult(self.path, False, changed_on_disk, bool(self.unreadable), self.in_fallback)
        try:
            self._keep_backup(current)
            atomic_write(self.path, data)
        except OSError as e:
            if e.errno not in _READ_ONLY or self.fallback is None or self.in_fallback or self.path != self.primary:
                raise
            return self._move_to_fallback(merged)
        self._saved(merged, data)
        return merged, SaveResult(self.path, True, changed_on_disk, bool(self.unreadable), self.in_fallback)

    def _move_to_fallback(self, merged: dict[str, Annotation]) -> tuple[dict[str, Annotation], SaveResult]:
        """The record file's folder cannot be written: save in the fallback store.

        A fallback copy already there is folded in (the latest change of
        each annotation wins) and becomes the merge base, so that nothing
        it holds is mistaken for a change.
        """
        assert self.fallback is not None
        self.path = self.fallback
        os.makedirs(os.path.dirname(self.fallback), exist_ok=True)
        data, content, error = self._read(self.fallback)
        if error:
            raise OSError(errno.EIO, f"the fallback copy cannot be read ({error})", self.fallback)
        if content is not None:
            merged = newest(merged, content.annotations)
            self._disk, self._base, self._kept = _seen(data), dict(content.annotations), content
        else:
            self._disk, self._base = None, {}
        return self.save(merged)

    def _saved(self, merged: dict[str, Annotation], data: bytes | None) -> None:
        """The file at :attr:`path` now holds ``merged``: fold away absorbed copies."""
        self._base, self._disk = dict(merged), _seen(data)
        if self.unreadable:
            return
        for path in self._absorbed:
            if path != self.path:
                try:
                    os.unlink(path)
                except FileNotFoundError:
                    pass
        self._absorbed = []
        self.pending = False

    def _keeps_tombstones(self) -> bool:
        """Is a sidecar with no live annotation left kept, its tombstones
        written, rather than removed? When it was there before this program
        read it, beside its record file, in a git work tree: another clone
        may still hold the annotations deleted here, and a removed file is
        a modify/delete conflict that git leaves to a person, where keeping
        the other side brings the deleted annotations back. The tombstones
        are merged like any other change (see
        :mod:`~viewer.core.annotations.git`). A sidecar this program made,
        emptied again, is removed: tagging and undoing leaves the folder as
        it was."""
        return self._found and self.path == self.primary and in_git_work_tree(os.path.dirname(self.path))

    def _remove(self, merged: dict[str, Annotation], current: bytes | None, changed_on_disk: bool) -> SaveResult:
        """No live annotation is left: remove the sidecar instead of writing tombstones."""
        if current is None:
            self._saved(merged, None)
            return SaveResult(self.path, False, changed_on_disk, bool(self.unreadable), self.in_fallback)
        self._keep_backup(current)
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        fsync_dir(os.path.dirname(os.path.abspath(self.path)))
        self._saved(merged, None)
        return SaveResult(self.path, True, changed_on_disk, bool(self.unreadable), self.in_fallback, removed=True)

    def _keep_backup(self, previous: bytes | None) -> None:
        """Keep the version about to be replaced in the user's backup folder."""
        if previous is None or self.backup is None or self.path == self.recovery_path:
            return
        try:
            os.makedirs(os.path.dirname(self.backup), exist_ok=True)
            atomic_write(self.backup, previous)
        except OSError:
            pass  # a backup is a courtesy; the save itself is what matters


def read_sidecar_bytes(path: str) -> bytes | None:
    """A sidecar's bytes, or None when there is none.

    Raises:
        SidecarError: something is there but cannot be read as a sidecar:
            not a regular file (a folder, a FIFO, a device), too big, or
            unreadable. Opening never blocks.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as e:
        raise SidecarError(f"cannot be read: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SidecarError("not a regular file")
        if st.st_size > MAX_BYTES:
            raise SidecarError(f"{st.st_size / 2**20:.0f} MiB, larger than any annotations file")
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise SidecarError(f"cannot be read: {e.strerror or e}") from None
    finally:
        os.close(fd)


def in_git_work_tree(folder: str) -> bool:
    """Is ``folder`` in a git work tree: has it or a folder above it a
    ``.git`` (a folder, or the file of a linked work tree or submodule)?
    Looked at only when a sidecar's last live annotation goes, which is
    rare, so it is not remembered."""
    here = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return True
        up = os.path.dirname(here)
        if up == here:
            return False
        here = up


def remove_stale_temps(path: str) -> None:
    """Delete temporary files a killed save left beside ``path``.

    Called under the save lock: no other save of this sidecar is running,
    so any of its temporary files is left over.
    """
    folder, name = os.path.split(os.path.abspath(path))
    prefix = f".{name}."
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for entry in names:
        if entry.startswith(prefix) and entry.endswith(".tmp"):
            try:
                os.unlink(os.path.join(folder, entry))
            except OSError:
                pass


def _lock_info() -> bytes:
    return json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "time": time.time()}).encode()


def _is_stale(path: str, st: os.stat_result) -> bool:
    """Was this lock left by a program that is gone?

    Yes if it is older than :data:`LOCK_STALE`; if its process, on this
    machine, no longer runs; or if it holds no readable owner and is more
    than a few seconds old (a program stopped while making it).
    """
    age = time.time() - st.st_mtime
    if age > LOCK_STALE:
        return True
    try:
        with open(path, "rb") as fh:
            info = json.loads(fh.read(4096))
        host, pid = info["host"], int(info["pid"])
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):
        return age > 5
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _make_lock(lock_path: str) -> None:
    """Create the lock file with its owner in it, exclusively, in one step.

    The owner is written to a temporary file that is then hard-linked to
    the lock's name (which fails if the name is taken, and never follows a
    link), so a lock file is never seen empty. Where hard links are not
    possible, the name is created with ``O_EXCL`` and then written.
    """
    tmp = temp_name(lock_path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        try:
            os.write(fd, _lock_info())
        finally:
            os.close(fd)
        try:
            os.link(tmp, lock_path)
        except FileExistsError:
            raise
        except OSError as e:
            if e.errno in _READ_ONLY:
                raise
            fd = os.open(lock_path, flags, 0o666)  # no hard links here
            try:
                os.write(fd, _lock_info())
            finally:
                os.close(fd)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass


@contextmanager
def locked(lock_path: str) -> Iterator[None]:
    """Hold the lock file ``lock_path`` while saving; it is removed afterwards.

    The lock file is created exclusively (``O_CREAT | O_EXCL``), which works
    between windows, programs and machines on a shared drive, and never
    follows a link: a ``.lock`` that is a symbolic link or anything but a
    regular file is refused with an error, never written through. A lock
    left by a program that stopped (its process is gone, or it is older
    than :data:`LOCK_STALE`) is broken. A folder where no file can be made
    (read-only) gets no lock; the save moves to the fallback store anyway.

    Raises:
        OSError: another save holds the lock for longer than
            :data:`LOCK_WAIT`, or the lock path is not a lock file.
    """
    deadline = time.monotonic() + LOCK_WAIT
    held = False
    while not held:
        try:
            _make_lock(lock_path)
            held = True
        except FileExistsError:
            try:
                st = os.lstat(lock_path)
            except FileNotFoundError:
                continue  # released meanwhile: try again at once
            if not stat.S_ISREG(st.st_mode):
                raise OSError(
                    errno.EEXIST, "is not a lock file of Archive Viewer (a link or a folder); remove it", lock_path
                ) from None
            if _is_stale(lock_path, st):
                try:
                    if os.lstat(lock_path).st_ino == st.st_ino:
                        os.unlink(lock_path)
                except OSError:
                    pass
                continue
            if time.monotonic() > deadline:
                raise OSError(errno.EBUSY, "another program is saving these annotations; try again", lock_path) from None
            time.sleep(0.05)
        except OSError as e:
            if e.errno not in _READ_ONLY and e.errno != errno.ENOENT:
                raise
            break  # no file can be made here: no lock (the save moves to the fallback store)
    try:
        yield
    finally:
        if held:
            try:
                os.unlink(lock_path)
            except OSError:
                pass
