"""Exporting an archive's annotations: JSON lines, CSV, Markdown, W3C JSON-LD.

Deleted annotations (tombstones) are never exported. Span annotations are
placed against the record's current text; ``placement`` says how
(``position``, ``quote``, ``fuzzy``) or ``orphan`` when the span is no
longer in the text.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from viewer.core.annotations.anchoring import Placement, field_text, needs_confirmation, reanchor
from viewer.core.annotations.model import Annotation, AnnotationKind
from viewer.core.annotations.store import AnnotationStore
from viewer.core.files.memory import collection_paused
from viewer.core.files.names import name_fields, text_of
from viewer.core.records.archive import Archive
from viewer.core.records.record import make_key, split_key

FORMATS = ("jsonl", "csv", "md", "w3c")

MOTIVATION = {
    AnnotationKind.HIGHLIGHT: "highlighting",
    AnnotationKind.NOTE: "commenting",
    AnnotationKind.TAG: "tagging",
    AnnotationKind.CORRECTION: "editing",
    AnnotationKind.STATUS: "assessing",
}


@dataclass(frozen=True, slots=True)
class Exported:
    """An annotation with where it belongs in the archive."""

    annotation: Annotation
    key: str  # the archive's record key
    file: str
    index: int
    title: str
    placement: str  # "" for annotations without a span
    start: int
    end: int
    #: a correction placed on text other than its quote: it waits for an
    #: editor (see :func:`~viewer.core.annotations.anchoring.needs_confirmation`)
    moved: bool = False
    #: the text it is placed on now ('' when not placed)
    found: str = ""


#: The placement of a span annotation not placed yet (see :func:`collect`).
PENDING = "pending"


def collect(archive: Archive, store: AnnotationStore, *, place: bool = True) -> Iterator[Exported]:
    """Every live annotation of the archive, file by file (in the archive's
    order), record by record. Only the files whose annotations the store
    holds are looked at, not every file of the archive.

    Args:
        place: place span annotations against their record's current text
            (reading each annotated file once). Without it their placement
            is :data:`PENDING`, for :func:`place_rows` to fill in later:
            the rows are there at once, whatever the number of files.
    """
    found = []
    for source in store.sources():
        fid = archive.file_id_of(source)
        if fid is not None:
            found.append((fid, source))
    found.sort()
    titles = archive.column("BT")
    for fid, source in found:
        items = store.annotations(source)
        if not items:
            continue
        src = archive.files[fid]
        relpath = src.relpath
        records = archive.file_records[fid]
        parsed = None
        named: dict[int, tuple[str, str]] = {}  # a record's key and title, once for all its annotations
        for index, a in sorted(((_index(a.record), a) for a in items), key=lambda p: (p[0], p[1].created, p[1].id)):
            known = named.get(index)
            if known is None:  # (the file's records are its first, second… in order: the key is the archive's)
                known = named[index] = (
                    (make_key(relpath, index), titles[records[index]]) if 0 <= index < len(records)
                    else (f"{relpath}#{index}", ""))
            key, title = known
            placement, start, end, moved, found_text = "", -1, -1, False, ""
            if a.anchor is not None:
                if not place:
                    placement = PENDING
                else:
                    if parsed is None:
                        parsed = archive.read_file(fid).parsed.records
                    placement, start, end, moved, found_text = _placed(a, index, parsed)
            yield Exported(a, key, src.path, index, title, placement, start, end, moved, found_text)


def _placed(a: Annotation, index: int, parsed: list) -> tuple[str, int, int, bool, str]:
    """Where a span annotation of record ``index`` is in the file's records now."""
    if a.anchor is None:
        return "", -1, -1, False, ""
    if index >= len(parsed) or index < 0:
        return Placement.ORPHAN.value, -1, -1, False, ""
    text = field_text(parsed[index], a.anchor.field)
    how, start, end = reanchor(a.anchor, text)
    found = text[start:end] if how is not Placement.ORPHAN else ""
    moved = a.kind is AnnotationKind.CORRECTION and needs_confirmation(a.anchor, how, text, start, end)
    return how.value, start, end, moved, found


def place_rows(archive: Archive, rows: list[Exported], between: Callable[[], None] | None = None) -> list[Exported]:
    """``rows`` with every :data:`PENDING` placement worked out (each file
    read once, and only one file's records held at a time: a hundred
    thousand annotations' files held at once were 140 MB; rows of a file
    no longer loaded stay pending). ``between``
    is called before each file is read (a window's long work waits there
    while the user's own jobs run). The cycle collector waits meanwhile
    (:func:`~viewer.core.files.memory.collection_paused`)."""
    out = list(rows)
    pending: dict[str, list[int]] = {}  # each file's rows to place, files in the order first met
    for i, e in enumerate(rows):
        if e.placement == PENDING:
            pending.setdefault(e.file, []).append(i)
    with collection_paused():
        for path, places in pending.items():  # one file's records in memory at a time
            if between is not None:
                between()
            fid = archive.file_id_of(path)
            if fid is None:
                continue
            records = archive.read_file(fid).parsed.records
            for i in places:
                e = rows[i]
                placement, start, end, moved, found = _placed(e.annotation, e.index, records)
                out[i] = replace(e, placement=placement, start=start, end=end, moved=moved, found=found)
            del records  # (before the next file is read)
    return out


def unplaced_rows(archive: Archive, store: AnnotationStore) -> list[Exported]:
    """Every live annotation's row at once, spans not yet placed
    (:func:`collect` without placing, for :func:`place_rows`), the cycle
    collector waiting meanwhile (a hundred thousand rows are long-lived)."""
    with collection_paused():
        return list(collect(archive, store, place=False))


def _index(record_key: str) -> int:
    try:
        return split_key(record_key)[1]
    except ValueError:
        return -1


def write(items: Iterator[Exported], fmt: str, out: TextIO) -> int:
    """Write ``items`` in ``fmt``; returns how many were written."""
    return {"jsonl": _jsonl, "csv": _csv, "md": _markdown, "w3c": _w3c}[fmt](items, out)


def _flat(e: Exported) -> dict:
    a = e.annotation
    obj = {"index": e.index, **a.to_json()}
    name_fields(obj, e.file, e.key)
    obj["record"] = obj["key"]
    if a.anchor is not None:
        obj["placement"] = e.placement
        if e.placement != Placement.ORPHAN.value:
            obj["start"], obj["end"] = e.start, e.end
        if e.moved:
            obj["needs_confirmation"] = True
            obj["found"] = e.found
    return obj


def _jsonl(items: Iterable[Exported], out: TextIO) -> int:
    n = 0
    for e in items:
        out.write(json.dumps(_flat(e), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


CSV_COLUMNS = (
    "key", "file", "id", "kind", "field", "start", "end", "placement", "quote",
    "colour", "tag", "note", "replacement", "reason", "status", "author", "created", "modified",
    "needs_confirmation", "found",
)


def _csv(items: Iterable[Exported], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for e in items:
        a = e.annotation
        anchor = a.anchor
        writer.writerow([
            text_of(e.key), text_of(e.file), a.id, a.kind.value,
            anchor.field if anchor else "", e.start if anchor else "", e.end if anchor else "",
            e.placement, anchor.exact if anchor else "",
            a.colour, a.tag, a.text, a.replacement, a.reason, a.status, a.author, a.created, a.modified,
            "yes" if e.moved else "", e.found if e.moved else "",
        ])
        n += 1
    return n


def _markdown(items: Iterable[Exported], out: TextIO) -> int:
    n = 0
    current = None
    for e in items:
        if e.key != current:
            current = e.key
            out.write(f"\n## {_md(e.title) or '(无标题)'}\n\n`{text_of(e.key)}`\n\n")
        a = e.annotation
        quote = f" “{_md(a.anchor.exact)}”" if a.anchor else ""
        orphan = " (orphan: no longer in the text)" if e.placement == Placement.ORPHAN.value else ""
        if a.kind is AnnotationKind.HIGHLIGHT:
            line = f"highlight [{_md(a.colour)}]{quote}"
        elif a.kind is AnnotationKind.NOTE:
            line = f"note{quote}: {_md(a.text)}"
        elif a.kind is AnnotationKind.TAG:
            line = f"tag: {_md(a.tag)}"
        elif a.kind is AnnotationKind.CORRECTION:
            reason = f" ({_md(a.reason)})" if a.reason else ""
            line = f"correction{quote} → “{_md(a.replacement)}” [{a.status or 'open'}]{reason}"
            if e.moved:
                line += f" (needs confirmation: the text there is now “{_md(e.found)}”)"
        else:
            line = f"status: {a.status}"
        out.write(f"- {line}{orphan} — {_md(a.author)}, {a.modified[:10]}\n")
        n += 1
    return n


def _md(text: str) -> str:
    return " ".join(text.split()).replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def _w3c(items: Iterable[Exported], out: TextIO) -> int:
    page = []
    for e in items:
        a = e.annotation
        uri = Path(e.file).resolve().as_uri()
        anno: dict = {
            "id": f"urn:uuid:{a.id}",
            "type": "Annotation",
            "motivation": MOTIVATION[a.kind],
            "created": a.created,
            "modified": a.modified,
            "creator": {"type": "Person", "name": a.author},
        }
        bodies = []
        if a.text:
            bodies.append({"type": "TextualBody", "value": a.text, "purpose": "commenting"})
        if a.tag:
            bodies.append({"type": "TextualBody", "value": a.tag, "purpose": "tagging"})
        if a.colour:
            bodies.append({"type": "TextualBody", "value": a.colour, "purpose": "classifying"})
        if a.kind is AnnotationKind.CORRECTION:
            bodies.append({"type": "TextualBody", "value": a.replacement, "purpose": "editing"})
            if a.reason:
                bodies.append({"type": "TextualBody", "value": a.reason, "purpose": "commenting"})
        if a.status:
            bodies.append({"type": "TextualBody", "value": a.status, "purpose": "assessing"})
        if bodies:
            anno["body"] = bodies if len(bodies) > 1 else bodies[0]
        field = a.anchor.field if a.anchor else ""
        target: dict = {"source": f"{uri}#record={e.index}" + (f"&field={field}" if field else "")}
        if a.anchor is not None:
            selectors: list[dict[str, str | int]] = [
                {"type": "TextQuoteSelector", "exact": a.anchor.exact, "prefix": a.anchor.prefix, "suffix": a.anchor.suffix}
            ]
            if e.placement != Placement.ORPHAN.value:
                selectors.append({"type": "TextPositionSelector", "start": e.start, "end": e.end})
            target["selector"] = selectors
        anno["target"] = target
        page.append(anno)
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": page,
    }
    out.write(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return len(page)


#: Columns of the annotation browser, and how each sorts.
BROWSER_COLUMNS = ("record", "kind", "label", "quote", "note", "author", "modified")


def browser_value(e: Exported, column: str) -> str:
    """A browser cell's text (also its sort key)."""
    a = e.annotation
    if column == "record":
        return e.key
    if column == "kind":
        return a.kind.value
    if column == "label":
        return a.colour or a.tag or a.status
    if column == "quote":
        return a.anchor.exact if a.anchor else ""
    if column == "note":
        return a.replacement if a.kind is AnnotationKind.CORRECTION else " ".join(a.text.split())
    if column == "author":
        return a.author
    return a.modified


@dataclass(frozen=True)
class Arrangement:
    """Which of the browser's rows it shows, and in what order: those
    :func:`filter_indices` keeps, sorted by a column (:func:`sort_indices`)
    if one is chosen. Plain data, so that a background job can arrange
    rows as the browser will show them (sorting 100,000 rows took the
    window's thread 80 ms)."""

    text: str = ""
    kind: str = ""
    orphans: bool = False
    moved: bool = False
    column: str | None = None
    descending: bool = False

    def indices(self, rows: list[Exported]) -> list[int]:
        """The places in ``rows`` of the rows shown, in order."""
        shown = filter_indices(rows, self.text, self.kind, self.orphans, self.moved)
        if self.column is not None:
            shown = sort_indices(rows, shown, self.column, descending=self.descending)
        return shown


def sort_indices(rows: list[Exported], chosen: Iterable[int], column: str, *, descending: bool = False) -> list[int]:
    """The places ``chosen`` in ``rows``, stably sorted by a browser column
    of their rows (records by file, then position)."""
    if column == "record":
        return sorted(chosen, key=lambda i: (rows[i].file, rows[i].index), reverse=descending)
    return sorted(chosen, key=lambda i: browser_value(rows[i], column), reverse=descending)


def filter_indices(
    rows: list[Exported], text: str = "", kind: str = "", orphans: bool = False, moved: bool = False
) -> list[int]:
    """The places in ``rows`` of the rows whose cells contain ``text``, of
    ``kind``; only orphans, or only moved corrections (waiting for
    confirmation), if asked."""
    needle = text.strip().casefold()
    if not (needle or kind or orphans or moved):
        return list(range(len(rows)))
    out = []
    for i, e in enumerate(rows):
        if kind and e.annotation.kind.value != kind:
            continue
        if orphans and e.placement != Placement.ORPHAN.value:
            continue
        if moved and not e.moved:
            continue
        if needle and not any(needle in browser_value(e, c).casefold() for c in BROWSER_COLUMNS[:-1]) and needle not in e.title.casefold():
            continue
        out.append(i)
    return out
