"""All annotations of an archive, by source file, with saving.

The store reads a file's sidecar when first asked about that file, keeps
the file's annotations in memory, and on :meth:`AnnotationStore.save`
writes the files that changed. Nothing here decides *when* to save; the
GUI debounces, the CLI saves once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from viewer.core.annotations import Annotation, Kind
from viewer.core.record import make_key
from viewer.core.sidecar import SaveResult, SidecarFile


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
    """

    def __init__(self, fallback_root: str | None = None) -> None:
        self.fallback_root = fallback_root
        self._files: dict[str, SidecarFile] = {}
        self._sets: dict[str, dict[str, Annotation]] = {}
        self._dirty: set[str] = set()

    def sidecar(self, source: str) -> SidecarFile:
        if source not in self._files:
            sidecar = SidecarFile(source, self.fallback_root)
            self._files[source] = sidecar
            self._sets[source] = sidecar.load()
        return self._files[source]

    def annotations(self, source: str, *, deleted: bool = False) -> list[Annotation]:
        """A file's annotations (tombstones only with ``deleted``)."""
        self.sidecar(source)
        return [a for a in self._sets[source].values() if deleted or not a.deleted]

    def for_record(self, source: str, index: int) -> list[Annotation]:
        key = record_key(source, index)
        return sorted((a for a in self.annotations(source) if a.record == key), key=lambda a: (a.created, a.id))

    def get(self, source: str, aid: str) -> Annotation | None:
        self.sidecar(source)
        return self._sets[source].get(aid)

    def put(self, source: str, annotation: Annotation) -> None:
        """Add or replace an annotation (by id)."""
        self.sidecar(source)
        self._sets[source][annotation.id] = annotation
        self._dirty.add(source)

    def delete(self, source: str, aid: str, author: str) -> Annotation | None:
        """Delete an annotation (a tombstone stays); returns the old value."""
        old = self.get(source, aid)
        if old is not None and not old.deleted:
            self.put(source, old.tombstone(author))
        return old

    def tags(self, source: str, index: int) -> list[str]:
        return sorted({a.tag for a in self.for_record(source, index) if a.kind is Kind.TAG})

    def status(self, source: str, index: int) -> str:
        statuses = [a for a in self.for_record(source, index) if a.kind is Kind.STATUS]
        return max(statuses, key=lambda a: a.modified).status if statuses else ""

    @property
    def dirty(self) -> bool:
        return bool(self._dirty)

    def save(self) -> tuple[list[SaveResult], list[SaveProblem]]:
        """Write every changed file; a failure keeps that file's changes pending."""
        results, problems = [], []
        for source in sorted(self._dirty):
            try:
                merged, result = self._files[source].save(self._sets[source])
            except OSError as e:
                problems.append(SaveProblem(source, f"{self._files[source].path}: {e.strerror or e}"))
                continue
            self._sets[source] = merged
            self._dirty.discard(source)
            results.append(result)
        return results, problems

    def unreadable(self) -> list[str]:
        """Messages for the sidecars that could not be read (and are left alone)."""
        return [f.unreadable for f in self._files.values() if f.unreadable]
