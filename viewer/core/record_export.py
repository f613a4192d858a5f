"""Exporting a set of records: CSV, JSON lines, plain text, or the original
tagged format in a chosen encoding with the archive's folder layout.

Exports never write over a record file: the tagged export refuses a target
folder that holds any of the records' own files.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

from viewer.core.anchoring import Placement, field_text, reanchor
from viewer.core.annotation_index import AnnotationIndex
from viewer.core.annotations import Annotation
from viewer.core.archive import Archive
from viewer.core.atomic import atomic_write
from viewer.core.decoding import normalize_encoding
from viewer.core.fields import INDEXED_FIELDS, KNOWN_FIELDS, ZW
from viewer.core.record import PAD, Record

FORMATS = ("csv", "jsonl", "text", "tagged")


class ExportError(ValueError):
    """An export that must not run (it would overwrite source files)."""


def _meta(archive: Archive, rid: int, index: AnnotationIndex | None, notes: dict[int, list[str]] | None) -> dict:
    obj = {
        "key": archive.key(rid),
        "file": archive.source(rid).path,
        "index": archive.index_in_file(rid),
        "fields": archive.fields(rid),
        "length": archive.body_length(rid),
    }
    if index is not None:
        s = index.get(rid)
        obj["tags"] = list(s.tags)
        obj["status"] = s.status or "unread"
    if notes is not None:
        obj["notes"] = notes.get(rid, [])
    return obj


def export_jsonl(archive: Archive, ids: Iterable[int], out: TextIO, *, index=None, notes=None, body: bool = False) -> int:
    n = 0
    for rid in ids:
        obj = _meta(archive, rid, index, notes)
        if body:
            record = archive.read(rid)
            obj["body"] = record.body() if record else ""
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_csv(archive: Archive, ids: Iterable[int], out: TextIO, *, index=None, notes=None) -> int:
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
        row = [archive.key(rid), archive.source(rid).path, archive.index_in_file(rid)]
        row += [archive.value(rid, c) for c in codes]
        row.append(archive.body_length(rid))
        if index is not None:
            s = index.get(rid)
            row += [" ".join(s.tags), s.status or "unread"]
        if notes is not None:
            row.append(" | ".join(notes.get(rid, [])))
        writer.writerow(row)
        n += 1
    return n


def export_text(archive: Archive, ids: Iterable[int], out: TextIO) -> int:
    """Plain text for reading: 引题, 标题, 副题, 作者, a date line, the body."""
    n = 0
    for rid in ids:
        record = archive.read(rid)
        if record is None:
            continue
        if n:
            out.write("\n" + "=" * 40 + "\n\n")
        for code in ("YT", "BT", "FT", "ZZ"):
            if record.get(code):
                out.write(record.get(code) + "\n")
        meta = " · ".join(x for x in (record.get("RQ"), f"第{record.get('BH')}版" if record.get("BH") else "",
                                       record.get("BM"), archive.key(rid)) if x)
        out.write(f"[{meta}]\n\n")
        for paragraph in record.paragraphs():
            out.write("\u3000\u3000" + paragraph + "\n")
        n += 1
    return n


def apply_corrections(record: Record, corrections: list[Annotation]) -> tuple[Record, int]:
    """A copy of ``record`` with the corrections' replacements put in.

    Each correction is placed in the record's current text (like the
    reader does); corrections that cannot be placed, or that overlap one
    already applied, are left out. The record given is not changed.

    Returns:
        The corrected copy and how many corrections were applied.
    """
    fields = [replace(f) for f in record.fields]
    copy = Record(record.index, fields, record.line)
    applied = 0
    by_field: dict[str, list[tuple[int, int, str]]] = {}
    for c in corrections:
        if c.anchor is None or c.deleted:
            continue
        how, start, end = reanchor(c.anchor, field_text(record, c.anchor.field))
        if how is not Placement.ORPHAN:
            by_field.setdefault(c.anchor.field, []).append((start, end, c.replacement))
    for code, spans in by_field.items():
        target = copy.field(code)
        if target is None:
            continue
        value = target.value
        to_raw = _raw_offsets(value, code)
        taken_from = None
        for start, end, replacement in sorted(spans, reverse=True):
            if taken_from is not None and end > taken_from:
                continue  # overlaps a correction already applied
            a, b = to_raw(start), to_raw(end)
            if a is None or b is None:
                continue
            value = value[:a] + replacement + value[b:]
            taken_from = start
            applied += 1
        target.value = value
    return copy, applied


def _raw_offsets(value: str, code: str):
    """Map offsets in a field's text (as anchors count) to offsets in its raw value."""
    if code != ZW:
        lead = len(value) - len(value.lstrip(PAD))
        return lambda cp: lead + cp
    segments = []  # (text start, raw start, length) of each paragraph
    text_pos = raw_pos = 0
    for line in value.splitlines(keepends=True):
        stripped = line.strip(PAD)
        if stripped:
            lead = len(line) - len(line.lstrip(PAD))
            segments.append((text_pos, raw_pos + lead, len(stripped)))
            text_pos += len(stripped) + 1
        raw_pos += len(line)

    def to_raw(cp: int) -> int | None:
        for text_start, raw_start, length in segments:
            if text_start <= cp <= text_start + length:
                return raw_start + cp - text_start
        return None

    return to_raw


def export_tagged(
    archive: Archive,
    ids: Iterable[int],
    folder: str,
    encoding: str,
    corrections: dict[int, list[Annotation]] | None = None,
) -> tuple[int, int]:
    """Write the records in their own tagged format under ``folder``, keeping
    each file's path relative to the archive, in ``encoding``.

    Records of one source file go to one file, in their order; line endings
    stay as they were. With ``corrections`` (by record id, normally the
    accepted ones), their replacements are put into the text written.

    Returns:
        (records written, files written).

    Raises:
        ExportError: ``folder`` would receive a file over a record file.
        LookupError: unknown encoding.
    """
    codec = normalize_encoding(encoding)
    by_file: dict[int, list[int]] = {}
    for rid in ids:
        by_file.setdefault(int(archive.file_id(rid)), []).append(rid)
    targets = {}
    sources = {os.path.realpath(src.path) for src in archive.files}
    for fid in by_file:
        target = os.path.join(folder, *archive.files[fid].relpath.split("/"))
        if os.path.realpath(target) in sources:
            raise ExportError(f"{target} is a record file of the archive: choose another folder")
        targets[fid] = target
    records = files = 0
    for fid, rids in by_file.items():
        pf = archive.read_file(fid)
        chosen = {archive.index_in_file(r): r for r in rids}
        newline = "\r\n" if "\r\n" in pf.decoded.text else "\n"
        parts = []
        for record in pf.parsed.records:
            if record.index not in chosen:
                continue
            fixes = (corrections or {}).get(chosen[record.index])
            if fixes:
                record, _applied = apply_corrections(record, fixes)
            parts.append("".join(f.serialize() for f in record.fields).lstrip("\r\n"))
        text = newline.join(parts) + newline
        os.makedirs(os.path.dirname(targets[fid]), exist_ok=True)
        atomic_write(targets[fid], text.encode(codec))
        records += len(chosen)
        files += 1
    return records, files
