"""Sidecar files: a source file's annotations in ``<source>.annotations.json``.

The format is documented in ``docs/sidecar-format.md``. Writing is
deterministic (sorted records and ids, one annotation a line, LF, a final
newline), so the same set always gives the same bytes and two people's
sidecars diff and merge cleanly.

:class:`SidecarFile` owns one sidecar: it reads it, remembers what it read
(the merge base), and saves by merging with whatever is on disk now, then
writing atomically with the previous version kept as ``.bak``. A sidecar
it cannot parse is never overwritten: new annotations go to a recovery
file beside it. A folder it cannot write to sends the sidecar to a
fallback folder that mirrors the source's path.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from viewer.core.annotations import Annotation, merge
from viewer.core.atomic import atomic_write
from viewer.core.record import split_key

FORMAT = "archive-viewer-annotations"
VERSION = 1
SUFFIX = ".annotations.json"
BACKUP_SUFFIX = ".annotations.json.bak"
RECOVERY_SUFFIX = ".annotations.recovery.json"

#: Errors that mean "this folder cannot be written": use the fallback store.
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}


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
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        return cls(os.path.basename(path), len(data), hashlib.sha256(data).hexdigest())


def _record_order(key: str) -> tuple[str, int]:
    try:
        return split_key(key)
    except ValueError:
        return key, -1


def serialize(annotations: Iterable[Annotation], source: Fingerprint | None) -> bytes:
    """The sidecar's bytes: deterministic for the same set, whatever its order."""
    by_record: dict[str, list[Annotation]] = {}
    for a in annotations:
        by_record.setdefault(a.record, []).append(a)
    lines = ["{", f'"format": "{FORMAT}",', f'"version": {VERSION},']
    if source is not None:
        src = {"name": source.name, "sha256": source.sha256, "size": source.size}
        lines.append(f'"source": {json.dumps(src, ensure_ascii=False, sort_keys=True)},')
    lines.append('"records": {')
    records = sorted(by_record, key=_record_order)
    for r, key in enumerate(records):
        lines.append(f"{json.dumps(key, ensure_ascii=False)}: [")
        items = sorted(by_record[key], key=lambda a: a.id)
        for i, a in enumerate(items):
            obj = a.to_json()
            del obj["record"]
            comma = "," if i < len(items) - 1 else ""
            lines.append(json.dumps(obj, ensure_ascii=False, sort_keys=True) + comma)
        lines.append("]," if r < len(records) - 1 else "]")
    lines += ["}", "}", ""]
    return "\n".join(lines).encode("utf-8")


def parse(data: bytes) -> tuple[dict[str, Annotation], Fingerprint | None]:
    """Read a sidecar's bytes.

    Raises:
        SidecarError: not this format, a newer version, or malformed.
    """
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SidecarError(f"not valid JSON: {e}") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise SidecarError("not an Archive Viewer annotations file")
    version = obj.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise SidecarError(f"format version {version!r} is newer than this program reads ({VERSION})")
    source = obj.get("source")
    fingerprint = None
    try:
        if source is not None:
            fingerprint = Fingerprint(str(source["name"]), int(source["size"]), str(source["sha256"]))
        out: dict[str, Annotation] = {}
        for key, items in dict(obj.get("records", {})).items():
            for item in items:
                a = Annotation.from_json({**item, "record": key})
                if a.id in out:
                    raise SidecarError(f"annotation id {a.id} appears twice")
                out[a.id] = a
    except (KeyError, ValueError, TypeError, AttributeError) as e:
        if isinstance(e, SidecarError):
            raise
        raise SidecarError(f"malformed annotation: {e!r}") from None
    return out, fingerprint


def fallback_path(fallback_root: str, source: str) -> str:
    """Where a read-only folder's sidecar goes: the source's absolute path
    mirrored under ``fallback_root``."""
    absolute = Path(os.path.abspath(source))
    parts = [p for p in absolute.parts if p not in (absolute.anchor, "")]
    drive = absolute.drive.rstrip(":\\/")
    return str(Path(fallback_root, *([drive] if drive else []), *parts)) + SUFFIX


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
    """

    path: str
    written: bool
    merged: bool = False
    recovery: bool = False
    fallback: bool = False


class SidecarFile:
    """The sidecar of one source file.

    Args:
        source: the source record file.
        fallback_root: where to keep sidecars of read-only folders (None:
            no fallback; saving there fails with the OSError).
    """

    def __init__(self, source: str, fallback_root: str | None = None) -> None:
        self.source = source
        self.primary = source + SUFFIX
        self.recovery_path = source + RECOVERY_SUFFIX
        self.fallback = fallback_path(fallback_root, source) if fallback_root else None
        self.path = self.primary
        self.unreadable: str | None = None
        self._base: dict[str, Annotation] = {}
        self._disk: bytes | None = None

    @property
    def in_fallback(self) -> bool:
        return self.fallback is not None and self.path == self.fallback

    def load(self) -> dict[str, Annotation]:
        """Read the sidecar (and a fallback copy or recovery file, if any).

        A sidecar that cannot be parsed sets :attr:`unreadable` and is left
        alone; its annotations are then whatever the recovery file holds.
        """
        self.unreadable = None
        found: dict[str, Annotation] = {}
        data = _read(self.primary)
        if data is not None:
            try:
                found, _ = parse(data)
                self._disk = data
            except SidecarError as e:
                self.unreadable = f"{self.primary}: {e}"
        if self.fallback is not None:
            extra = _read(self.fallback)
            if extra is not None:
                try:
                    theirs, _ = parse(extra)
                except SidecarError as e:
                    self.unreadable = self.unreadable or f"{self.fallback}: {e}"
                else:
                    if data is None:
                        self.path, self._disk = self.fallback, extra
                    found = merge({}, found, theirs)
        if self.unreadable:
            self.path = self.recovery_path
            recovered = _read(self.recovery_path)
            self._disk = recovered
            found = {}
            if recovered is not None:
                try:
                    found, _ = parse(recovered)
                except SidecarError:
                    self._disk = None
        self._base = dict(found)
        return found

    def save(self, annotations: dict[str, Annotation]) -> tuple[dict[str, Annotation], SaveResult]:
        """Write ``annotations``, merged with any change made on disk since.

        The read, merge and write happen under an advisory lock on
        ``<sidecar>.lock``, so that two programs saving at once both keep
        their changes.

        Returns:
            The merged set (now on disk), and what was done.

        Raises:
            OSError: the write failed (the file on disk is unchanged).
        """
        with _locked(self.path + ".lock"):
            _remove_stale_temps(self.path)
            return self._save(annotations)

    def _save(self, annotations: dict[str, Annotation]) -> tuple[dict[str, Annotation], SaveResult]:
        merged = dict(annotations)
        changed_on_disk = False
        current = _read(self.path)
        if current != self._disk and current is not None:
            try:
                theirs, _ = parse(current)
            except SidecarError as e:
                if self.path == self.recovery_path:
                    raise OSError(f"{self.path} is unreadable too: {e}") from None
                self.unreadable = f"{self.path}: {e}"
                self.path = self.recovery_path
                return self._save(annotations)
            merged = merge(self._base, annotations, theirs)
            changed_on_disk = True
        data = serialize(merged.values(), Fingerprint.of(self.source))
        if data == current:
            self._base, self._disk = merged, data
            return merged, SaveResult(self.path, False, changed_on_disk, bool(self.unreadable), self.in_fallback)
        try:
            self._write(data, current)
        except OSError as e:
            if e.errno not in _READ_ONLY or self.fallback is None or self.in_fallback:
                raise
            self.path = self.fallback
            os.makedirs(os.path.dirname(self.fallback), exist_ok=True)
            return self.save(annotations)
        self._base, self._disk = merged, data
        return merged, SaveResult(self.path, True, changed_on_disk, bool(self.unreadable), self.in_fallback)

    def _write(self, data: bytes, previous: bytes | None) -> None:
        if previous is not None and self.path == self.primary:
            atomic_write(self.source + BACKUP_SUFFIX, previous)
        atomic_write(self.path, data)


def _remove_stale_temps(path: str) -> None:
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


@contextmanager
def _locked(lock_path: str) -> Iterator[None]:
    """Hold an exclusive advisory lock while saving (POSIX; elsewhere none).

    A folder where the lock file cannot be made (read-only) gets no lock;
    the save that follows will move to the fallback store anyway.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here
        yield
        return
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
