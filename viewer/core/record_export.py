"""Exporting a set of records: CSV, JSON lines, plain text, or the original
tagged format in a chosen encoding with the archive's folder layout.

Exports never write over an existing file: the tagged export refuses a
target folder that already holds any file it would write, record file or
not, and the caller of the stream exports opens its file exclusively.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TextIO

from viewer.core.annotations.anchoring import Placement, field_text, needs_confirmation, reanchor
from viewer.core.annotations.index import AnnotationIndex
from viewer.core.annotations.model import Annotation
from viewer.core.files.atomic import atomic_write
from viewer.core.files.names import name_fields, text_of
from viewer.core.files.steps import Steps
from viewer.core.records.archive import Archive
from viewer.core.records.decoding import normalize_encoding
from viewer.core.records.fields import BT, FT, INDEXED_FIELDS, KNOWN_FIELDS, YT, ZW, ZZ
from viewer.core.records.lines import line_at, newline_of
from viewer.core.records.loader import ParsedFile
from viewer.core.records.parser import ParsedText, serialize
from viewer.core.records.record import Record

FORMATS = ("csv", "jsonl", "text", "tagged")


class ExportError(ValueError):
    """An export that must not run: it would replace a file, or its text
    cannot be written in the chosen encoding."""


def _meta(archive: Archive, rid: int, index: AnnotationIndex | None, notes: dict[int, list[str]] | None) -> dict:
    obj = name_fields({}, archive.source(rid).path, archive.key(rid))
    obj |= {
        "index": archive.index_in_file(rid),
        "fields": archive.fields(rid),
        "length": archive.body_length(rid),
    }
    if index is not None:
        s = index.get(rid)
        obj["tags"] = list(s.tags)
        obj["status"] = s.status
    if notes is not None:
        obj["notes"] = notes.get(rid, [])
    return obj


def export_jsonl(
    archive: Archive,
    ids: Iterable[int],
    out: TextIO,
    *,
    index: AnnotationIndex | None = None,
    notes: dict[int, list[str]] | None = None,
    body: bool = False,
    steps: Steps | None = None,
) -> int:
    n = 0
    for rid in ids:
        if steps is not None:
            steps(n)
        obj = _meta(archive, rid, index, notes)
        if body:
            record = archive.read(rid)
            obj["body"] = record.body() if record else ""
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_csv(
    archive: Archive,
    ids: Iterable[int],
    out: TextIO,
    *,
    index: AnnotationIndex | None = None,
    notes: dict[int, list[str]] | None = None,
    steps: Steps | None = None,
) -> int:
    codes = [c for c in INDEXED_FIELDS]
    writer = csv.writer(out, lineterminator="\n")
    header = ["key", "file", "index", *[f"{c} {KNOWN_FIELDS[c]}" for c in codes], "length"]
    if index is not None:
        header += ["tags", "status"]
    if notes is not None:
        header.append("notes")
    writer.writerow(header)
    n = 0
    for rid in ids:
        if steps is not None:
            steps(n)
        row = [text_of(archive.key(rid)), text_of(archive.source(rid).path), archive.index_in_file(rid)]
        row += [archive.value(rid, c) for c in codes]
        row.append(archive.body_length(rid))
        if index is not None:
            s = index.get(rid)
            row += [" ".join(s.tags), s.status]
        if notes is not None:
            row.append(" | ".join(notes.get(rid, [])))
        writer.writerow(row)
        n += 1
    return n


def export_text(archive: Archive, ids: Iterable[int], out: TextIO, *, steps: Steps | None = None) -> int:
    """Plain text for reading: 引题, 标题, 副题, 作者, a date line, the body."""
    n = 0
    for i, rid in enumerate(ids):
        if steps is not None:
            steps(i)
        record = archive.read(rid)
        if record is None:
            continue
        if n:
            out.write("\n" + "=" * 40 + "\n\n")
        for code in ("YT", "BT", "FT", "ZZ"):
            if record.get(code):
                out.write(record.get(code) + "\n")
        meta = " · ".join(x for x in (record.get("RQ"), f"第{record.get('BH')}版" if record.get("BH") else "",
                                       record.get("BM"), text_of(archive.key(rid))) if x)
        out.write(f"[{meta}]\n\n")
        for paragraph in record.paragraphs():
            out.write("\u3000\u3000" + paragraph + "\n")
        n += 1
    return n


#: The fields of a record that hold its text, in reading order.
TEXT_CODES = (YT, BT, FT, ZZ, ZW)

#: Why an accepted correction was not written (:class:`Corrected`).
HELD_MOVED = "needs confirmation: the text it was made on changed"
HELD_ORPHAN = "not found in the text"
HELD_OVERLAP = "overlaps another correction"
HELD_MARKUP = "crosses markup (a line break or a picture)"


@dataclass
class Corrected:
    """A record with corrections put in.

    Attributes:
        record: the corrected copy (the record given is not changed).
        applied: the corrections written into it.
        held: the ones left out, each with why (``HELD_…``).
    """

    record: Record
    applied: list[Annotation] = field(default_factory=list)
    held: list[tuple[Annotation, str]] = field(default_factory=list)


def apply_corrections(record: Record, corrections: list[Annotation]) -> Corrected:
    """A copy of ``record`` with the corrections' replacements put in.

    Each correction is placed in the record's current text (like the
    reader does). A correction is left out, and listed with the reason,
    when it cannot be placed, when it was placed on text other than its
    quote (it moved when the file changed, and waits for an editor to
    confirm it), when it overlaps one already applied, or when it crosses
    markup.
    """
    fields = [replace(f) for f in record.fields]
    out = Corrected(Record(record.index, fields, record.line))
    by_field: dict[str, list[tuple[int, int, Annotation]]] = {}
    for c in corrections:
        if c.anchor is None or c.deleted:
            continue
        text = field_text(record, c.anchor.field)
        how, start, end = reanchor(c.anchor, text)
        if how is Placement.ORPHAN:
            out.held.append((c, HELD_ORPHAN))
        elif needs_confirmation(c.anchor, how, text, start, end):
            out.held.append((c, HELD_MOVED))
        else:
            by_field.setdefault(c.anchor.field, []).append((start, end, c))
    for code, spans in by_field.items():
        target = out.record.field(code)
        if target is None:
            out.held += [(c, HELD_ORPHAN) for _s, _e, c in spans]
            continue
        value = target.value
        raw_at = target.rendered(with_map=True).raw_at
        assert raw_at is not None
        taken_from = None
        for start, end, c in sorted(spans, key=lambda t: (t[0], t[1]), reverse=True):
            if taken_from is not None and end > taken_from:
                out.held.append((c, HELD_OVERLAP))
                continue
            if not 0 <= start <= end < len(raw_at):
                out.held.append((c, HELD_ORPHAN))
                continue
            # Raw offsets: from the span's first character to just after its
            # last, so markup on either side of the span is left alone.
            a = raw_at[start]
            b = raw_at[end - 1] + 1 if end > start else a
            if "〖" in value[a:b]:
                out.held.append((c, HELD_MARKUP))  # not written blindly
                continue
            value = value[:a] + c.replacement + value[b:]
            taken_from = start
            out.applied.append(c)
        target.value = value
    return out


@dataclass(frozen=True)
class FieldChange:
    """One field of a record before and after its corrections."""

    code: str
    before: str
    after: str


def corrected_fields(record: Record, corrections: list[Annotation]) -> tuple[list[FieldChange], Corrected]:
    """The record's text fields as they read now and with ``corrections``
    applied (see :func:`apply_corrections`), for a tracked-changes view and
    for copying the corrected text. Fields without a value are left out."""
    done = apply_corrections(record, corrections)
    out = []
    for f in record.fields:
        if f.code not in TEXT_CODES:
            continue
        before = field_text(record, f.code)
        after = field_text(done.record, f.code)
        if before or after:
            out.append(FieldChange(f.code, before, after))
    return out, done


def corrected_text(changes: list[FieldChange]) -> str:
    """The corrected record as plain text: one field a paragraph, body last."""
    return "\n\n".join(c.after for c in changes if c.after) + "\n"


def write_new(path: str, data: bytes | Iterable[bytes]) -> None:
    """Write an export file that must not exist yet (atomically); ``data``
    may be the bytes or an iterable of pieces, written as they come.

    Raises:
        ExportError: ``path`` exists; it is left as it is.
        OSError: the write failed.
    """
    try:
        atomic_write(path, data, replace=False)
    except FileExistsError:
        raise ExportError(f"{path} already exists: exports never replace a file; choose a new name") from None


@dataclass
class TaggedExport:
    """What :func:`export_tagged` wrote.

    Attributes:
        records: records written.
        files: files written.
        unchanged: files written exactly as their source (no correction in them).
        skipped: files left out because no correction changed them.
        applied: ``(record key, correction)`` for every correction written.
        held: ``(record key, correction, why)`` for every one left out.
    """

    records: int = 0
    files: int = 0
    unchanged: int = 0
    skipped: int = 0
    applied: list[tuple[str, Annotation]] = field(default_factory=list)
    held: list[tuple[str, Annotation, str]] = field(default_factory=list)


#: Why a correction was not written although it could be placed.
HELD_UNFAITHFUL = "the file does not read back byte for byte (undecodable bytes or a changed file): written unchanged"
HELD_UNENCODABLE = "the replacement cannot be written in the file's encoding: written unchanged"


def export_tagged(
    archive: Archive,
    ids: Iterable[int],
    folder: str,
    encoding: str | None,
    corrections: dict[int, list[Annotation]] | None = None,
    *,
    skip_unchanged: bool = False,
    steps: Steps | None = None,
    opened: Sequence[str] = (),
) -> TaggedExport:
    """Write the records in their own tagged format under ``folder``, keeping
    each file's path relative to the archive (its record key's path).

    Records of one source file go to one file, in their order. A file of
    which some records are exported gets those records joined by the file's
    own newline (CRLF, LF or CR). With ``corrections`` (by record id,
    normally the accepted ones), their replacements are put into the text;
    corrections that cannot be (see :func:`apply_corrections`) are held
    and listed.

    ``encoding`` None keeps **each file's own bytes**: a whole file is
    written byte for byte as its source, byte order mark, newlines and all,
    except inside the corrected spans (the corrected text encoded in the
    file's own encoding). A file that does not read back byte for byte
    (undecodable bytes) is copied unchanged and its corrections are held.
    With ``skip_unchanged``, files that no correction changes are left out.
    Another ``encoding`` re-encodes every file. ``steps`` is told the
    records written so far (:class:`~viewer.core.files.steps.Cancelled`
    stops the export, which then removes what it wrote).

    Nothing is ever written over an existing file: if any target exists, the
    export does not start. An export that fails part way removes the files
    and folders it made. ``opened`` are the paths the archive was opened
    from: a ``folder`` that is one of those folders or inside one is
    refused (what is written there would be read as more records of the
    archive at its next opening, every exported record twice).

    Raises:
        ExportError: a target file exists, ``folder`` is inside an opened
            folder, or the text cannot be written in ``encoding``.
        LookupError: unknown encoding.
        OSError: writing failed (nothing of this export is left behind).
    """
    _refuse_inside(folder, opened)
    codec = normalize_encoding(encoding) if encoding else None
    by_file: dict[int, list[int]] = {}
    for rid in ids:
        by_file.setdefault(int(archive.file_id(rid)), []).append(rid)
    targets = {fid: os.path.join(folder, *archive.files[fid].relpath.split("/")) for fid in by_file}
    _refuse_existing(archive, list(targets.values()))
    report = TaggedExport()
    made_files: list[str] = []
    made_dirs: list[str] = []
    try:
        written = 0
        for fid, rids in by_file.items():
            if steps is not None:
                steps.check()
                if steps.report is not None:
                    steps.report(written, steps.total)
            written += len(rids)
            data = _tagged_bytes(archive, fid, rids, corrections or {}, codec, report, skip_unchanged)
            if data is None:
                report.skipped += 1
                continue
            made_dirs += _makedirs(os.path.dirname(targets[fid]))
            try:
                atomic_write(targets[fid], data, replace=False)
            except FileExistsError:
                raise ExportError(f"{targets[fid]} appeared while exporting; exports never replace a file") from None
            made_files.append(targets[fid])
            report.records += len(rids)
            report.files += 1
    except BaseException:
        for path in made_files:
            try:
                os.unlink(path)
            except OSError:
                pass
        for path in reversed(made_dirs):
            try:
                os.rmdir(path)
            except OSError:
                pass
        raise
    return report


def _tagged_bytes(
    archive: Archive,
    fid: int,
    rids: list[int],
    corrections: dict[int, list[Annotation]],
    codec: str | None,
    report: TaggedExport,
    skip_unchanged: bool,
) -> bytes | None:
    """One output file's bytes (None: left out, nothing in it changed)."""
    pf = archive.read_file(fid)
    chosen = {archive.index_in_file(r): r for r in rids}
    records: list[Record] = []
    applied: list[tuple[str, Annotation]] = []
    held: list[tuple[str, Annotation, str]] = []
    for record in pf.parsed.records:
        if record.index not in chosen:
            continue
        rid = chosen[record.index]
        fixes = corrections.get(rid)
        if fixes:
            done = apply_corrections(record, fixes)
            record = done.record
            key = archive.key(rid)
            applied += [(key, c) for c in done.applied]
            held += [(key, c, why) for c, why in done.held]
        records.append(record)
    whole = len(records) == len(pf.parsed.records)
    if whole:
        text = serialize(ParsedText(records, pf.parsed.trailer))
    else:
        newline = newline_of(pf.decoded.text)
        text = newline.join("".join(f.serialize() for f in r.fields).lstrip("\r\n") for r in records) + newline
    relpath = archive.files[fid].relpath
    report.held += held
    if codec is not None:
        report.applied += applied
        try:
            return text.encode(codec)
        except UnicodeEncodeError as e:
            bad = e.object[e.start]
            raise ExportError(
                f"{relpath}, line {line_at(text, e.start)}: {bad} (U+{ord(bad):04X}) "
                f"cannot be written in {codec}; choose UTF-8 or GB18030"
            ) from None
    if not whole:
        report.applied += applied
        return pf.decoded.encode(text)
    data = _faithful(pf, text, applied, report.held)
    report.applied += applied
    if not applied:
        if skip_unchanged:
            return None
        report.unchanged += 1
    return data


def _faithful(
    pf: ParsedFile, text: str, applied: list[tuple[str, Annotation]], held: list[tuple[str, Annotation, str]]
) -> bytes:
    """A whole file in its own bytes: the source's bytes, or, with corrections,
    the corrected text encoded as the source was (only when the source reads
    back byte for byte, so that nothing outside the corrections can change)."""
    with open(pf.source.path, "rb") as fh:
        original = fh.read()
    if not applied:
        return original
    reason = ""
    if pf.serialize() != original:
        reason = HELD_UNFAITHFUL
    else:
        try:
            return pf.decoded.encode(text)
        except (UnicodeEncodeError, LookupError):
            reason = HELD_UNENCODABLE
    held += [(key, c, reason) for key, c in applied]
    applied.clear()
    return original


def _refuse_inside(folder: str, opened: Sequence[str]) -> None:
    """Raise :class:`ExportError` if ``folder`` is an opened folder or inside one."""
    target = os.path.realpath(folder)
    for path in opened:
        if not os.path.isdir(path):
            continue
        root = os.path.realpath(path)
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
            raise ExportError(f"{folder} is inside the archive's folder {path}: what is written there would be read as"
                              " more records of the archive at its next opening; choose a folder outside it")


def _refuse_existing(archive: Archive, targets: list[str]) -> None:
    """Raise :class:`ExportError` if any target exists (a record file or not)."""
    taken = [t for t in targets if os.path.lexists(t)]
    if not taken:
        return
    sources = {os.path.realpath(src.path) for src in archive.files}
    first = taken[0]
    what = "is a record file of the archive" if os.path.realpath(first) in sources else "already exists"
    more = f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""
    raise ExportError(f"{first} {what}{more}: exports never replace a file; choose an empty folder")


def _makedirs(folder: str) -> list[str]:
    """Make ``folder`` and its missing parents; returns the ones made, outermost first."""
    missing = []
    while folder and not os.path.isdir(folder):
        missing.append(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    made = []
    for path in reversed(missing):
        try:
            os.mkdir(path)
        except FileExistsError:
            continue
        made.append(path)
    return made
