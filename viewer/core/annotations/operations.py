"""Annotation edits as operations, with undo and redo.

Every change to annotations is an :class:`Operation`: a label for people
("Add tag 重点") and the annotations it replaces, each as ``(source,
before, after)``. :class:`History` performs operations on an
:class:`~viewer.core.annotations.store.AnnotationStore` and undoes and
redoes them, so the window, the command line and scripts edit alike and
undo alike (as in Anki, where edits are operations of the collection).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from viewer.core.annotations.model import Annotation
from viewer.core.annotations.store import AnnotationStore


@dataclass(frozen=True, slots=True)
class Change:
    """One annotation replaced: ``before`` None is an addition, ``after``
    None a deletion (which leaves a tombstone)."""

    source: str
    before: Annotation | None
    after: Annotation | None

    @property
    def record(self) -> str:
        """The record key of the annotation changed."""
        a = self.after or self.before
        assert a is not None
        return a.record


@dataclass(frozen=True, slots=True)
class Operation:
    """Changes made together, undone together."""

    label: str
    changes: tuple[Change, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes)

    def touched(self) -> set[tuple[str, str]]:
        """``(source, record key)`` of every record the operation changes."""
        return {(c.source, c.record) for c in self.changes}


@dataclass(slots=True)
class History:
    """The operations done on a store, for undo and redo.

    Args:
        store: the annotations.
        author: who the deletions are by (tombstones carry an author).
    """

    store: AnnotationStore
    author: str = ""
    _done: list[Operation] = field(default_factory=list)
    _undone: list[Operation] = field(default_factory=list)

    def perform(self, op: Operation) -> Operation:
        """Apply ``op``; it becomes the one to undo, and nothing is left to redo."""
        if not op:
            return op
        for c in op.changes:
            if c.after is None:
                assert c.before is not None
                self.store.delete(c.source, c.before.id, self.author)
            else:
                self.store.put(c.source, c.after)
        self._done.append(op)
        self._undone.clear()
        return op

    def undo(self) -> Operation | None:
        """Undo the last operation; returns it, or None when there is none."""
        if not self._done:
            return None
        op = self._done.pop()
        for c in reversed(op.changes):
            if c.before is None:
                assert c.after is not None
                self.store.delete(c.source, c.after.id, self.author)
            else:
                self.store.restore(c.source, c.before)
        self._undone.append(op)
        return op

    def redo(self) -> Operation | None:
        """Redo the last undone operation; returns it, or None."""
        if not self._undone:
            return None
        op = self._undone.pop()
        for c in op.changes:
            if c.after is None:
                assert c.before is not None
                self.store.delete(c.source, c.before.id, self.author)
            else:
                self.store.restore(c.source, c.after)
        self._done.append(op)
        return op

    @property
    def undo_label(self) -> str:
        """What undo would undo ('' when nothing)."""
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        """What redo would redo ('' when nothing)."""
        return self._undone[-1].label if self._undone else ""

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
