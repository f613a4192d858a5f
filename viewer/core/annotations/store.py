"""All annotations of an archive, by source file, with saving.

The store reads a file's sidecar when first asked about that file, keeps
the file's annotations in memory, and on :meth:`AnnotationStore.save`
writes the files that changed. Nothing here decides *when* to save; the
GUI debounces, the CLI saves once.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace

from viewer.core.annotations.model import Annotation, AnnotationKind, later
from viewer.core.annotations.sidecar import RECOVERY_SUFFIX, SUFFIX, SaveResult, SidecarFile, fallback_path
from viewer.core.records.record import make_key


def record_key(source: str, index: int) -> str:
    """The key annotations use: the record's key relative to its own folder."""
    return make_key(os.path.basename(source), index)


@dataclass(frozen=True, slots=True)
class SaveProblem:
    """A file whose annotations could not be saved (they stay in memory)."""

    source: str
    message: str


class AnnotationStore:
    """Annotations of many source files.

    Args:
        fallback_root: where sidecars of read-only folders go (None: none).
        backup_root: where the previous version of each sidecar written is
            kept (None: no backups).
    """

    def __init__(self, fallback_root: str | None = None, backup_root: str | None = None) -> None:
        self.fallback_root = fallback_root
        self.backup_root = backup_root
        self._files: dict[str, SidecarFile] = {}
        self._sets: dict[str, dict[str, Annotation]] = {}
        self._dirty: set[str] = set()
        self._changes = 0
        self._merged_in: set[tuple[str, str]] = set()  # (source, record key): changed by a save's merge (see take_merged)
        #: Once every sidecar there was has been read (a window's first read),
        #: a sidecar read later (made since by another program) is told by
        #: :meth:`take_merged` too: its annotations are news.
        self.telling_reads = False
        # Guards the maps: the GUI edits while a background thread saves.
        self._lock = threading.RLock()
        self._save_lock = threading.Lock()

    def sidecar(self, source: str) -> SidecarFile:
        """The file's sidecar, read on first use."""
        with self._lock:
            known = self._files.get(source)
        if known is not None:
            return known
        sidecar = SidecarFile(source, self.fallback_root, self.backup_root)
        loaded = sidecar.load()  # file I/O outside the lock
        with self._lock:
            if source not in self._files:
                self._files[source] = sidecar
                self._sets[source] = loaded
                if loaded:  # (a file without annotations changes nothing worked out of them)
                    self._changes += 1
                    if self.telling_reads:
                        self._merged_in.update((source, a.record) for a in loaded.values())
                if sidecar.pending:  # a recovery file or fallback copy to fold in
                    self._dirty.add(source)
            return self._files[source]

    @property
    def changes(self) -> int:
        """How many times the annotations held have changed (a sidecar read,
        an annotation put, a save that took in others' changes): what is
        worked out of them may be kept while this stays the same."""
        with self._lock:
            return self._changes

    def loaded(self, source: str) -> bool:
        with self._lock:
            return source in self._files

    def sources(self) -> list[str]:
        """The files whose sidecars have been read."""
        with self._lock:
            return list(self._files)

    def annotations(self, source: str, *, deleted: bool = False) -> list[Annotation]:
        """A file's annotations (tombstones only with ``deleted``)."""
        self.sidecar(source)
        with self._lock:
            return [a for a in self._sets[source].values() if deleted or not a.deleted]

    def for_record(self, source: str, index: int) -> list[Annotation]:
        key = record_key(source, index)
        return sorted((a for a in self.annotations(source) if a.record == key), key=lambda a: (a.created, a.id))

    def get(self, source: str, aid: str) -> Annotation | None:
        self.sidecar(source)
        with self._lock:
            return self._sets[source].get(aid)

    def put(self, source: str, annotation: Annotation) -> None:
        """Add or replace an annotation (by id)."""
        self.sidecar(source)
        with self._lock:
            self._sets[source][annotation.id] = annotation
            self._dirty.add(source)
            self._changes += 1

    def delete(self, source: str, aid: str, author: str) -> Annotation | None:
        """Delete an annotation (a tombstone stays); returns the old value."""
        old = self.get(source, aid)
        if old is not None and not old.deleted:
            self.put(source, old.tombstone(author))
        return old

    def restore(self, source: str, annotation: Annotation) -> None:
        """Put back an earlier value (undo): same id, ``modified`` moved on."""
        current = self.get(source, annotation.id)
        after = current.modified if current is not None else annotation.modified
        self.put(source, replace(annotation, modified=later(after), conflict=False))

    def tags(self, source: str, index: int) -> list[str]:
        return sorted({a.tag for a in self.for_record(source, index) if a.kind is AnnotationKind.TAG})

    def status(self, source: str, index: int) -> str:
        statuses = [a for a in self.for_record(source, index) if a.kind is AnnotationKind.STATUS]
        return max(statuses, key=lambda a: a.modified).status if statuses else ""

    @property
    def dirty(self) -> bool:
        with self._lock:
            return bool(self._dirty)

    def save(self) -> tuple[list[SaveResult], list[SaveProblem]]:
        """Write every changed file; a failure keeps that file's changes pending.

        Safe to call from a background thread while another thread edits:
        each file is saved from a snapshot, and an edit made during the
        write stays in memory and keeps the file dirty for the next save.
        """
        results, problems = [], []
        with self._save_lock:
            with self._lock:
                todo = {source: dict(self._sets[source]) for source in sorted(self._dirty)}
                self._dirty.difference_update(todo)
            for source, snapshot in todo.items():
                sidecar = self._files[source]
                try:
                    merged, result = sidecar.save(snapshot)
                except OSError as e:
                    problems.append(SaveProblem(source, f"{sidecar.path}: {e.strerror or e}"))
                    with self._lock:
                        self._dirty.add(source)
                    continue
                with self._lock:
                    current = self._sets[source]
                    for aid, value in merged.items():
                        if current.get(aid) == snapshot.get(aid) and current.get(aid) != value:  # not edited meanwhile
                            current[aid] = value
                            self._changes += 1
                            self._merged_in.add((source, value.record))
                results.append(result)
        return results, problems

    def take_merged(self) -> set[tuple[str, str]]:
        """The (source, record key) pairs whose annotations saves since the
        last call brought in from the disk (another program's, a ``git
        pull``'s, merged in: see :meth:`SidecarFile.save`), and, with
        :attr:`telling_reads`, those of sidecars read since; forgotten once
        taken."""
        with self._lock:
            taken, self._merged_in = self._merged_in, set()
        return taken

    def unreadable(self) -> list[str]:
        """Messages for the sidecars that could not be read (and are left alone)."""
        with self._lock:
            files = list(self._files.values())
        return [f.unreadable for f in files if f.unreadable]

    def notes(self) -> list[str]:
        """Things to tell the user about the sidecars read (refused keys,
        recovery files merged back in)."""
        with self._lock:
            files = list(self._files.values())
        return [note for f in files for note in f.notes]

    def locations(self) -> dict[str, str]:
        """Source → the sidecar path in use, for files kept in the fallback store."""
        with self._lock:
            files = list(self._files.items())
        return {source: f.path for source, f in files if f.in_fallback}



def sidecar_sources(own_files: Iterable[str], paths: list[str], fallback_root: str | None) -> list[str]:
    """The record files that have annotations, for an archive just loaded.

    Args:
        own_files: the application's own files that loading found beside
            the records (:attr:`~viewer.core.archive.Archive.own_files`).
        paths: the paths that were opened.
        fallback_root: the fallback store; sidecars there are found under
            the opened paths' mirror.
    """
    sources: set[str] = set()
    for path in own_files:
        for suffix in (SUFFIX, RECOVERY_SUFFIX):
            if path.endswith(suffix):
                sources.add(path[: -len(suffix)])
    if fallback_root:
        for path in paths:
            mirror = fallback_path(fallback_root, path)[: -len(SUFFIX)]
            if os.path.isdir(mirror):
                for folder, _dirs, names in os.walk(mirror):
                    for name in names:
                        if name.endswith(SUFFIX):
                            rel = os.path.join(folder, name)[len(mirror) : -len(SUFFIX)]
                            # As discovery names the file (the opened path as given, then the rest).
                            sources.add(os.path.join(path, rel.lstrip(os.sep)))
    return sorted(sources)
