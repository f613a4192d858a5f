"""One open archive: its records, its annotations, its search, what is shown.

A :class:`Session` is the one place for the state of an open archive. The
window and the command line both work through it:

* the records (:attr:`Session.archive`), loaded in one go by :meth:`Session.open`
  or batch by batch by :meth:`Session.add_batch`;
* one record identity: :meth:`Session.rid_of` turns a record file and a
  position into a :data:`~viewer.core.records.archive.RecordId`, and
  :meth:`Session.locate` turns it back;
* the annotations (:attr:`Session.store`), their per-record summaries
  (:attr:`Session.index`, whose :func:`~viewer.core.annotations.index.summarize`
  holds the one rule for a record's review status), and the tag vocabulary;
* edits as operations that return what changed and can be undone
  (:meth:`Session.add`, :meth:`Session.toggle_tag`, :meth:`Session.undo`…);
* one record query: :attr:`Session.listing`, the ids a table shows;
* the search over the body text, once it is prepared (:attr:`Session.bodies`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO, TypeVar

import numpy as np

from viewer.core.annotations import export as annotation_export
from viewer.core.annotations import review
from viewer.core.annotations.anchoring import Placement, field_text, make_anchor, needs_confirmation, reanchor
from viewer.core.annotations.cards import Placed
from viewer.core.annotations.index import AnnotationIndex, Summary, summarize
from viewer.core.annotations.model import Annotation, AnnotationKind
from viewer.core.annotations.operations import Change, History, Operation
from viewer.core.annotations.store import AnnotationStore, SaveProblem, record_key, sidecar_sources
from viewer.core.annotations.vocabulary import Vocabulary
from viewer.core.batch_corrections import Proposal
from viewer.core.files.memory import collection_paused
from viewer.core.files.steps import Steps
from viewer.core.listing import Listing
from viewer.core.records.archive import Archive, RecordId
from viewer.core.records.batch import Batch
from viewer.core.records.cache import IndexCache
from viewer.core.records.decoding import EncodingOverrides
from viewer.core.records.record import Record, split_key
from viewer.core.search.bodies import BodyStore
from viewer.core.search.gramindex import GramIndex
from viewer.core.search.prepare import Prepared
from viewer.core.search.searcher import Searcher

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ReviewProgress:
    """How far review has come.

    Attributes:
        shown: records at each level among those shown.
        shown_total: how many records are shown.
        archive: records at each level in the whole archive.
        total: how many records the archive has.
        filtering: are some records hidden (else shown == archive)?
    """

    shown: dict[str, int]
    shown_total: int
    archive: dict[str, int]
    total: int
    filtering: bool

    @property
    def started(self) -> bool:
        """Has anyone given any record a level?"""
        return self.archive.get(review.UNREAD, 0) < self.total


@dataclass(frozen=True, slots=True)
class Changes:
    """What an edit (or its undo) changed.

    Attributes:
        label: the edit's name, for people ("Add tag 重点").
        records: the records whose annotations changed.
        sources: their record files.
        refused: records the edit was refused for, each with the reason.
    """

    label: str
    records: frozenset[RecordId]
    sources: frozenset[str]
    refused: tuple[tuple[RecordId, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.records or self.sources)


def vocabulary_folder(paths: Sequence[str]) -> str:
    """Where an archive's tag list is kept: its first folder."""
    if not paths:
        return os.getcwd()
    first = paths[0]
    return first if os.path.isdir(first) else os.path.dirname(os.path.abspath(first))


class Session:
    """One open archive (see the module docstring).

    Args:
        paths: the files and folders opened.
        fallback_root: where annotations of read-only folders go.
        backup_root: where the previous version of each sidecar is kept.
        author: who edits (written into annotations).
        cache: the persistent index (None: none).
    """

    def __init__(
        self,
        paths: Sequence[str] = (),
        *,
        fallback_root: str | None = None,
        backup_root: str | None = None,
        author: str = "",
        cache: IndexCache | None = None,
    ) -> None:
        self.paths = [os.path.abspath(p) for p in paths]
        self._given = [os.fspath(p) for p in paths]  # as given: the archive's files are named from these
        self.archive = Archive()
        self.cache = cache
        self.store = AnnotationStore(fallback_root, backup_root)
        self.index = AnnotationIndex()
        #: Every sidecar of the archive has been read and summarized
        #: (:meth:`apply_summaries`): until then the summaries (tags,
        #: status, corrections by record) and the store hold only some of
        #: them, and nothing that writes them out (an export) may start.
        self.annotations_read = False
        #: ((annotation changes, archive, records), note texts) of the
        #: last :meth:`note_texts`.
        self._note_texts: tuple[tuple[int, int, int], dict[int, list[str]]] | None = None
        self.history = History(self.store, author)
        self.listing = Listing(self.archive, self.index)
        self.vocabulary = Vocabulary(vocabulary_folder(self.paths), fallback_root)
        self.bodies: BodyStore | None = None
        self.grams: GramIndex | None = None

    @classmethod
    def open(
        cls,
        paths: Sequence[str],
        *,
        overrides: EncodingOverrides | None = None,
        workers: int | None = None,
        fallback_root: str | None = None,
        backup_root: str | None = None,
        author: str = "",
        cache: IndexCache | None = None,
        trust_folders: bool = False,
        listed: bool = True,
    ) -> Session:
        """Load an archive in full and read its annotations (the CLI's way;
        ``trust_folders``: see :meth:`~viewer.core.records.archive.Archive.fill`).
        ``listed``: put every record in the listing, in its default order
        (a command that never shows the listing, such as ``search``, which
        answers in archive order, is spared ordering a million records)."""
        session = cls(paths, fallback_root=fallback_root, backup_root=backup_root, author=author, cache=cache)
        archive = Archive.open(paths, overrides=overrides, workers=workers, cache=cache, trust_folders=trust_folders)
        session.archive = archive
        session.listing = Listing(archive, session.index)
        if listed:
            session.listing.add(range(len(archive)))  # type: ignore[arg-type]
            session.listing.default_order()
        session.apply_summaries(session.read_annotations())
        session.vocabulary.load()
        return session

    @property
    def author(self) -> str:
        return self.history.author

    @author.setter
    def author(self, name: str) -> None:
        self.history.author = name

    @property
    def fallback_root(self) -> str | None:
        return self.store.fallback_root

    @fallback_root.setter
    def fallback_root(self, root: str | None) -> None:
        self.store.fallback_root = root

    # -- loading ---------------------------------------------------------------

    def add_batch(self, batch: Batch) -> np.ndarray:
        """Add loaded records; returns those the listing shows (at its end, an array)."""
        return self.add_records(self.archive.extend(batch))

    def add_records(self, rids: Iterable[int]) -> np.ndarray:
        """Records the archive has just taken in (a load may extend the
        archive in its own thread, then hand their ids here); returns
        those the listing shows (at its end, an array)."""
        return self.listing.add(rids)  # type: ignore[arg-type]

    def close(self) -> None:
        """Let go of the body text store (its file is removed) and the search index."""
        if self.bodies is not None:
            self.bodies.close()
            self.bodies = None
        if self.grams is not None:
            self.grams.close()
            self.grams = None

    def use_search(self, prepared: Prepared) -> bool:
        """Search with ``prepared`` (from :func:`~viewer.core.search.prepare.prepare`),
        when it is for the archive as it is now; returns whether it is."""
        if not prepared.matches(len(self.archive)):
            prepared.close()
            return False
        self.close()
        self.bodies, self.grams = prepared.store, prepared.grams
        return True

    def search_ready(self) -> bool:
        """Can bodies be searched (is the index or the body store ready)?
        An index that found itself damaged is let go of here."""
        if self.grams is not None and not self.grams.complete:
            self.grams.close()
            self.grams = None
        return self.bodies is not None or self.grams is not None

    # -- identity ------------------------------------------------------------------

    def rid_of(self, source: str, index: int) -> RecordId | None:
        """The record at position ``index`` of the record file ``source``."""
        fid = self.archive.file_id_of(source)
        if fid is None:
            return None
        records = self.archive.file_records[fid]
        return RecordId(records[index]) if 0 <= index < len(records) else None

    def locate(self, rid: int) -> tuple[str, int]:
        """The record file and position of record ``rid``."""
        return self.archive.source(rid).path, self.archive.index_in_file(rid)

    def annotation_key(self, rid: int) -> str:
        """The record's key in its sidecar (``NAME.txt#N``)."""
        return record_key(*self.locate(rid))

    def _rid_of_key(self, source: str, key: str) -> RecordId | None:
        try:
            return self.rid_of(source, split_key(key)[1])
        except ValueError:
            return None

    # -- annotations: reading ----------------------------------------------------------

    def read_annotations(self, between: Callable[[], None] | None = None) -> dict[RecordId, Summary]:
        """Read every sidecar of the archive (safe in a background thread)
        and summarize its records; :meth:`apply_summaries` shows them.
        ``between`` is called before each sidecar (a window's long work
        waits there while the user's own jobs run). The cycle collector
        waits meanwhile (:func:`~viewer.core.files.memory.collection_paused`:
        a hundred thousand annotations are long-lived objects)."""
        out: dict[RecordId, Summary] = {}
        with collection_paused():
            for source in sidecar_sources(self.archive.own_files, self._given, self.store.fallback_root):
                if between is not None:
                    between()
                if self.archive.file_id_of(source) is None:
                    continue
                by_record: dict[str, list[Annotation]] = {}
                for a in self.store.annotations(source):
                    by_record.setdefault(a.record, []).append(a)
                for key, items in by_record.items():
                    rid = self._rid_of_key(source, key)
                    if rid is not None:
                        out[rid] = summarize(items)
        return out

    def apply_summaries(self, summaries: dict[RecordId, Summary]) -> None:
        """Show summaries from :meth:`read_annotations` (made by
        :func:`~viewer.core.annotations.index.summarize`): every sidecar
        is read."""
        self.index.update(summaries)
        self.annotations_read = True
        self.store.telling_reads = True  # (a sidecar another program makes from now on is news: see merged_in)

    def annotations(self, rid: int) -> list[Annotation]:
        """The record's live annotations, oldest first."""
        return self.store.for_record(*self.locate(rid))

    def summary(self, rid: int) -> Summary:
        """The record's summary, from its annotations themselves."""
        return summarize(self.annotations(rid))

    def status(self, rid: int) -> str:
        """The record's review status (``unread`` when it has none)."""
        return self.summary(rid).status

    def placed(self, rid: int, record: Record) -> list[Placed]:
        """Each span annotation with where it is in the record's text now."""
        out = []
        for a in self.annotations(rid):
            if a.anchor is not None:
                text = field_text(record, a.anchor.field)
                how, start, end = reanchor(a.anchor, text)
                moved = a.kind is AnnotationKind.CORRECTION and needs_confirmation(a.anchor, how, text, start, end)
                out.append(Placed(a, how, start, end, moved, text[start:end] if how is not Placement.ORPHAN else ""))
        return out

    def note_texts(self) -> dict[int, list[str]]:
        """Notes' and corrections' texts by record id (for searching them;
        do not modify). Kept while neither the annotations
        (:attr:`~viewer.core.annotations.store.AnnotationStore.changes`)
        nor the number of records change: every search of a plain term
        looks in the notes, and going through 100,000 annotations for them
        took 0.1–0.2 s a search at a million records."""
        mark = (self.store.changes, id(self.archive), len(self.archive))
        kept = self._note_texts
        if kept is not None and kept[0] == mark:
            return kept[1]
        out: dict[int, list[str]] = {}
        for source in self.store.sources():
            for a in self.store.annotations(source):
                text = a.text or (a.replacement if a.kind is AnnotationKind.CORRECTION else "")
                rid = self._rid_of_key(source, a.record) if text else None
                if rid is not None:
                    out.setdefault(rid, []).append(text)
        self._note_texts = (mark, out)
        return out

    def accepted_corrections(self, rids: Iterable[int]) -> dict[int, list[Annotation]]:
        """The accepted corrections of these records (for a corrected export)."""
        out: dict[int, list[Annotation]] = {}
        for rid in rids:
            if not self.index.get(rid).corrections:
                continue
            found = [a for a in self.annotations(rid) if a.kind is AnnotationKind.CORRECTION and a.status == "accepted"]
            if found:
                out[rid] = found
        return out

    def notes(self) -> list[str]:
        """What the user should know about the sidecars read: those that
        cannot be read, keys refused, recovery files merged back."""
        return [*self.store.unreadable(), *self.store.notes()]

    def export_annotations(self, fmt: str, out: TextIO, steps: Steps | None = None) -> int:
        """Write every live annotation of the archive (see
        :mod:`viewer.core.annotations.export`); the CLI and the window alike.

        Args:
            steps: told of each annotation placed (a hundred thousand read
                some twenty thousand files), with the total set first;
                raises :class:`~viewer.core.files.steps.Cancelled` once
                asked to stop, before anything is written to ``out`` for
                the JSON-LD page, midway for the others.
        """
        items = annotation_export.collect(self.archive, self.store)
        if steps is not None:
            steps.total = self.live_annotation_count()
            items = _stepped(items, steps)
        return annotation_export.write(items, fmt, out)

    def live_annotation_count(self) -> int:
        """How many live annotations the archive's files have (those an
        export writes), counted in the store without reading any file."""
        return sum(len(self.store.annotations(source)) for source in self.store.sources()
                   if self.archive.file_id_of(source) is not None)

    # -- annotations: editing ------------------------------------------------------------

    def new(self, rid: int, kind: AnnotationKind, **values: Any) -> Annotation:
        """A new annotation of record ``rid`` by the session's author (not added yet)."""
        return Annotation.new(self.annotation_key(rid), kind, self.author, **values)

    def add(self, rid: int, annotation: Annotation, label: str = "Add annotation") -> Changes:
        return self.perform(Operation(label, (Change(self.locate(rid)[0], None, annotation),)))

    def edit(self, rid: int, old: Annotation, label: str = "Edit annotation", **values: Any) -> Changes:
        new = old.edited(self.author, **values)
        return self.perform(Operation(label, (Change(self.locate(rid)[0], old, new),)))

    def remove(self, rid: int, annotation: Annotation, label: str = "Delete annotation") -> Changes:
        return self.perform(Operation(label, (Change(self.locate(rid)[0], annotation, None),)))

    def add_corrections(self, proposals: Iterable[Proposal], status: str = "open", label: str = "") -> Changes:
        """Make proposals (see :mod:`~viewer.core.batch_corrections`) into
        corrections with ``status`` (``open`` to review them later, or
        ``accepted``): one edit, which undo takes back whole."""
        changes: list[Change] = []
        texts: dict[tuple[int, str], str] = {}
        for p in proposals:
            key = (int(p.rid), p.field)
            if key not in texts:
                record = self.archive.read(p.rid)
                texts[key] = field_text(record, p.field) if record is not None else ""
            text = texts[key]
            if text[p.start : p.end] != p.found:
                continue  # the file changed since the proposal was made
            anchor = make_anchor(text, p.field, p.start, p.end)
            a = self.new(p.rid, AnnotationKind.CORRECTION, anchor=anchor, replacement=p.replacement, status=status)
            changes.append(Change(self.locate(p.rid)[0], None, a))
        return self.perform(Operation(label or f"Add {len(changes)} corrections", tuple(changes)))

    def set_correction_status(self, corrections: Iterable[tuple[int, Annotation]], status: str, label: str = "") -> Changes:
        """Accept, reject or reopen many corrections in one edit (undo takes it back whole)."""
        changes = [
            Change(self.locate(rid)[0], a, a.edited(self.author, status=status))
            for rid, a in corrections
            if a.kind is AnnotationKind.CORRECTION and a.status != status
        ]
        return self.perform(Operation(label or f"Mark {len(changes)} corrections {status}", tuple(changes)))

    def correction_spans(self) -> set[tuple[int, str, int, int]]:
        """``(rid, field, start, end)`` of every live correction, so that a
        batch run twice proposes nothing twice (read once, then usable from
        any thread)."""
        out = set()
        for source in self.store.sources():
            for a in self.store.annotations(source):
                if a.kind is AnnotationKind.CORRECTION and a.anchor is not None and not a.deleted:
                    rid = self._rid_of_key(source, a.record)
                    if rid is not None:
                        out.add((int(rid), a.anchor.field, a.anchor.start, a.anchor.end))
        return out

    def confirm_placement(self, rid: int, record: Record, annotation: Annotation, label: str = "Confirm correction") -> Changes:
        """An editor confirms a span that moved: its anchor is made again
        where it is placed now, on the text there (so a moved correction
        acts again). Nothing happens when it cannot be placed."""
        if annotation.anchor is None:
            return Changes(label, frozenset(), frozenset())
        text = field_text(record, annotation.anchor.field)
        how, start, end = reanchor(annotation.anchor, text)
        if how is Placement.ORPHAN:
            return Changes(label, frozenset(), frozenset())
        return self.edit(rid, annotation, label, anchor=make_anchor(text, annotation.anchor.field, start, end))

    def toggle_tag(self, rids: Iterable[int], tag: str, label: str = "") -> Changes:
        """Add ``tag`` to the records, or remove it if all of them have it."""
        rids = list(dict.fromkeys(rids))
        if not rids or not tag:
            return Changes(label, frozenset(), frozenset())
        having = {rid: [a for a in self.annotations(rid) if a.kind is AnnotationKind.TAG and a.tag == tag] for rid in rids}
        changes: list[Change] = []
        if all(having.values()):
            for rid, tags in having.items():
                changes += [Change(self.locate(rid)[0], a, None) for a in tags]
            label = label or f"Remove tag {tag}"
        else:
            for rid, tags in having.items():
                if not tags:
                    changes.append(Change(self.locate(rid)[0], None, self.new(rid, AnnotationKind.TAG, tag=tag)))
            label = label or f"Add tag {tag}"
        return self.perform(Operation(label, tuple(changes)))

    def set_status(self, rids: Iterable[int], status: str, label: str = "") -> Changes:
        """Give the records a review level: a new status annotation each, so
        the sidecar keeps who set every level and when (see
        :mod:`~viewer.core.annotations.review`). Records already at that
        level are left alone; records the rules refuse (validating what you
        proofread yourself, or what nobody proofread) are left alone and
        listed in :attr:`Changes.refused`."""
        changes: list[Change] = []
        refused: list[tuple[RecordId, str]] = []
        for rid in dict.fromkeys(rids):
            level = review.current(self.annotations(rid))
            if level.status == status:
                continue
            why = review.refusal(level, status, self.author)
            if why:
                refused.append((RecordId(rid), why))
                continue
            changes.append(Change(self.locate(rid)[0], None, self.new(rid, AnnotationKind.STATUS, status=status)))
        done = self.perform(Operation(label or f"Mark as {status}", tuple(changes)))
        return replace(done, refused=tuple(refused)) if refused else done

    # -- reviewing ------------------------------------------------------------------------

    def next_to_review(self, after: int | None, goal: str) -> tuple[RecordId | None, bool]:
        """The next shown record (in date, page, item order) still to do for
        ``goal``: not yet proofread or validated (``proofread``), or
        proofread by someone else and not yet validated (``validated``).
        Returns it and whether the queue went round to the first record."""
        if goal == review.VALIDATED:
            def wanted(rid: int) -> bool:
                s = self.index.get(rid)
                return s.status == review.PROOFREAD and s.status_by != self.author
        else:
            def wanted(rid: int) -> bool:
                return self.index.status_of(rid) not in review.DONE
        return self.listing.next_to_review(after, wanted)

    def status_history(self) -> Iterator[Annotation]:
        """Every live status annotation of the archive's records (who set
        which level when; see :mod:`~viewer.core.annotations.review`). The
        record keys are per sidecar; pair them with the source to tell
        records of different files apart."""
        for source in self.store.sources():
            if self.archive.file_id_of(source) is None:
                continue
            for a in self.store.annotations(source):
                if a.kind is AnnotationKind.STATUS and not a.deleted:
                    yield replace(a, record=f"{source}#{a.record}")

    def review_progress(self) -> ReviewProgress:
        """Records at each review level: those shown and the whole archive."""
        total = len(self.archive)
        archive = self.index.level_counts(None, total)
        listing = self.listing
        shown = self.index.level_counts_where(lambda rid: listing.row_of(rid) >= 0, len(listing)) if listing.filtering() else archive
        return ReviewProgress(shown, len(self.listing), archive, total, self.listing.filtering())

    def perform(self, op: Operation) -> Changes:
        """Do an edit; it can be undone."""
        if not op:
            return Changes(op.label, frozenset(), frozenset())
        return self._changed(self.history.perform(op))

    def undo(self) -> Changes | None:
        """Undo the last edit; None when there is none."""
        op = self.history.undo()
        return self._changed(op) if op is not None else None

    def redo(self) -> Changes | None:
        """Redo the last undone edit; None when there is none."""
        op = self.history.redo()
        return self._changed(op) if op is not None else None

    def _changed(self, op: Operation) -> Changes:
        """Bring the summaries of the records ``op`` touched up to date, and
        of those another program's annotations reached meanwhile (a sidecar
        it made, read for this edit: see :meth:`merged_in`)."""
        rids = self._summarize_again(op.touched())
        sources = {c.source for c in op.changes}
        news = self.merged_in()
        if news is not None:
            rids |= news.records
            sources |= news.sources
        return Changes(op.label, frozenset(rids), frozenset(sources))

    def save(self) -> tuple[list, list[SaveProblem]]:
        """Write every changed sidecar (see :meth:`AnnotationStore.save`);
        what a save merged in from the disk is shown by :meth:`merged_in`."""
        return self.store.save()

    def merged_in(self) -> Changes | None:
        """The records whose annotations came in from the disk since the
        last call (another program's, or a ``git pull``'s): merged with this
        session's by a save, or read with a sidecar made since every sidecar
        was first read (:attr:`AnnotationStore.telling_reads`); their
        summaries brought up to date; None when there are none. (Not an
        edit of this session: nothing to undo.)"""
        taken = self.store.take_merged()
        if not taken:
            return None
        rids = self._summarize_again(taken)
        return Changes("", frozenset(rids), frozenset(source for source, _key in taken))

    def _summarize_again(self, places: Iterable[tuple[str, str]]) -> set[RecordId]:
        """Bring the summaries of these (source, record key) places up to
        date; returns their records (those still in the archive)."""
        rids: set[RecordId] = set()
        for source, key in places:
            rid = self._rid_of_key(source, key)
            if rid is not None:
                rids.add(rid)
                self.index.set(rid, self.summary(rid))
        return rids

    # -- search ----------------------------------------------------------------------------

    def searcher(self) -> Searcher:
        """A searcher over the records, their bodies (once prepared), their
        tags and status, and their notes (gathered when it first needs them:
        going through 20,000 notes took the window 0.1–0.2 s a search)."""
        return Searcher(self.archive, self.bodies, index=self.index, notes=self.note_texts, grams=self.grams)


def _stepped(items: Iterator[T], steps: Steps) -> Iterator[T]:
    """``items``, telling ``steps`` of each as it is taken."""
    for done, item in enumerate(items):
        steps(done)
        yield item
    steps.check()
