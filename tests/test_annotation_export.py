"""``archive-viewer annotations``: every format, orphans, tombstones left out."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import shutil

import pytest

from conftest import SEEDS
from viewer.cli import main
from viewer.core.annotations.anchoring import field_text, make_anchor
from viewer.core.annotations.model import Annotation, AnnotationKind, CorrectionStatus, ReviewStatus
from viewer.core.annotations.store import AnnotationStore
from viewer.core.records.parser import parse_text


@pytest.fixture
def annotated(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(SEEDS, root)
    src = str(root / "multi-record.txt")
    record = parse_text(open(src, encoding="utf-8").read()).records[1]
    body = field_text(record, "ZW")
    i = body.index("确保学习培训")
    store = AnnotationStore()
    items = {
        "highlight": Annotation.new("multi-record.txt#1", AnnotationKind.HIGHLIGHT, "甲", anchor=make_anchor(body, "ZW", i, i + 6), colour="重要"),
        "note": Annotation.new("multi-record.txt#1", AnnotationKind.NOTE, "甲", text="见<b>附件</b>\n第二行"),
        "tag": Annotation.new("multi-record.txt#0", AnnotationKind.TAG, "乙", tag="先进性教育"),
        "correction": Annotation.new(
            "multi-record.txt#1", AnnotationKind.CORRECTION, "乙", anchor=make_anchor(body, "ZW", i, i + 2),
            replacement="保证", reason="用词", status=CorrectionStatus.OPEN.value,
        ),
        "status": Annotation.new("multi-record.txt#2", AnnotationKind.STATUS, "乙", status=ReviewStatus.PROOFREAD.value),
        "orphan": Annotation.new("multi-record.txt#1", AnnotationKind.HIGHLIGHT, "甲", anchor=make_anchor("早已删去的一段话", "ZW", 0, 8), colour="存疑"),
        "deleted": Annotation.new("multi-record.txt#1", AnnotationKind.NOTE, "甲", text="删掉了").tombstone("甲"),
    }
    for a in items.values():
        store.put(src, a)
    assert store.save()[1] == []
    return root, items


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_jsonl(capsys, annotated):
    root, items = annotated
    rows = [json.loads(line) for line in run(capsys, "annotations", str(root)).splitlines()]
    by_id = {r["id"]: r for r in rows}
    assert items["deleted"].id not in by_id
    assert len(rows) == 6
    h = by_id[items["highlight"].id]
    assert (h["key"], h["kind"], h["colour"], h["placement"]) == ("multi-record.txt#1", "highlight", "重要", "position")
    assert h["anchor"]["exact"] == "确保学习培训"
    assert h["file"].endswith("multi-record.txt")
    assert by_id[items["orphan"].id]["placement"] == "orphan"
    assert "start" not in by_id[items["orphan"].id]
    assert by_id[items["tag"].id]["tag"] == "先进性教育"
    assert by_id[items["status"].id]["status"] == "proofread"


def test_csv(capsys, annotated):
    root, items = annotated
    rows = list(csv.DictReader(io.StringIO(run(capsys, "annotations", str(root), "--format", "csv"))))
    assert len(rows) == 6
    c = next(r for r in rows if r["id"] == items["correction"].id)
    assert (c["quote"], c["replacement"], c["reason"], c["status"]) == ("确保", "保证", "用词", "open")
    assert c["field"] == "ZW" and int(c["end"]) - int(c["start"]) == 2


def test_markdown_escapes_and_groups(capsys, annotated):
    root, _ = annotated
    out = run(capsys, "annotations", str(root), "--format", "md")
    assert "## 确保学习培训时间" in out
    assert "- highlight [重要] “确保学习培训”" in out
    assert "correction “确保” → “保证” [open] (用词)" in out
    assert "(orphan: no longer in the text)" in out
    assert "note: 见<b>附件</b> 第二行" in out


def test_w3c_json_ld(capsys, annotated):
    root, items = annotated
    doc = json.loads(run(capsys, "annotations", str(root), "--format", "w3c"))
    assert doc["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationPage"
    by_id = {a["id"]: a for a in doc["items"]}
    h = by_id[f"urn:uuid:{items['highlight'].id}"]
    assert h["type"] == "Annotation" and h["motivation"] == "highlighting"
    assert h["target"]["source"].startswith("file://") and h["target"]["source"].endswith("multi-record.txt#record=1&field=ZW")
    quote, position = h["target"]["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "确保学习培训", "prefix": quote["prefix"], "suffix": quote["suffix"]}
    assert position["type"] == "TextPositionSelector" and position["end"] - position["start"] == 6
    assert by_id[f"urn:uuid:{items['tag'].id}"]["body"] == {"type": "TextualBody", "value": "先进性教育", "purpose": "tagging"}
    orphan = by_id[f"urn:uuid:{items['orphan'].id}"]
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]


def test_no_annotations_is_empty_not_an_error(capsys, tmp_path):
    shutil.copytree(SEEDS, tmp_path / "a")
    assert run(capsys, "annotations", str(tmp_path / "a")) == ""


def test_rows_come_unplaced_at_once_and_placing_them_gives_the_placed_rows(annotated):
    from viewer.core.annotations import export
    from viewer.core.session import Session

    root, items = annotated
    session = Session.open([str(root)], workers=0)
    placed = list(export.collect(session.archive, session.store))
    quick = list(export.collect(session.archive, session.store, place=False))
    assert [e.annotation.id for e in quick] == [e.annotation.id for e in placed]
    assert {e.placement for e in quick if e.annotation.anchor is not None} == {export.PENDING}
    assert [e for e in quick if e.annotation.anchor is None] == [e for e in placed if e.annotation.anchor is None]
    assert export.place_rows(session.archive, quick) == placed
    assert export.place_rows(session.archive, quick[2:]) == placed[2:]  # any run of rows
    assert export.unplaced_rows(session.archive, session.store) == quick
    # (the cycle collector waits while they are made: they are long-lived)
    waits: list[bool] = []
    assert export.place_rows(session.archive, quick, lambda: waits.append(gc.isenabled())) == placed
    assert len(waits) == len({e.file for e in quick if e.placement == export.PENDING})  # before each file read
    sidecars: list[bool] = []
    assert Session.open([str(root)], workers=0).read_annotations(lambda: sidecars.append(gc.isenabled())) == session.read_annotations()
    assert sidecars == [False] and set(waits) == {False}  # one sidecar: one wait before it
    assert gc.isenabled()
    assert {e.annotation.id: e.placement for e in placed}[items["orphan"].id] == "orphan"


def test_collecting_asks_only_for_the_files_with_annotations(annotated, monkeypatch):
    from viewer.core.annotations import export
    from viewer.core.session import Session

    root, _items = annotated
    session = Session.open([str(root)], workers=0)
    asked: list[str] = []
    real = AnnotationStore.annotations
    monkeypatch.setattr(AnnotationStore, "annotations", lambda self, source, **kw: asked.append(source) or real(self, source, **kw))
    rows = list(export.collect(session.archive, session.store))
    assert len(session.archive.files) == 3 and rows
    assert asked == [str(root / "multi-record.txt")]


def test_annotations_of_a_read_only_folder_are_found_when_it_is_opened_by_a_relative_path(annotated, tmp_path,
                                                                                        monkeypatch, capsys):
    from viewer.core.annotations.sidecar import SUFFIX, fallback_path

    root, items = annotated
    sidecar = str(root / "multi-record.txt") + SUFFIX
    moved = fallback_path(str(tmp_path / "fallback"), str(root / "multi-record.txt"))
    os.makedirs(os.path.dirname(moved))
    shutil.move(sidecar, moved)
    monkeypatch.chdir(tmp_path)
    out = run(capsys, "annotations", "archive", "--fallback", str(tmp_path / "fallback"), "--format", "jsonl")
    ids = {json.loads(line)["id"] for line in out.splitlines()}
    assert items["highlight"].id in ids and items["tag"].id in ids


def test_placing_reads_each_file_once_and_holds_one_file_at_a_time(tmp_path, monkeypatch):
    """Rows in any order: each annotated file is read once, and its records
    let go before the next file's are read (a hundred thousand annotations'
    files held at once were 140 MB)."""
    import weakref
    from types import SimpleNamespace

    from viewer.core.annotations import export
    from viewer.core.session import Session

    root = tmp_path / "archive"
    shutil.copytree(SEEDS, root)
    store = AnnotationStore()
    for name in ("multi-record.txt", "000_ed8ee82fcf2d1d69.txt"):
        src = str(root / name)
        for index, record in enumerate(parse_text(open(src, encoding="utf-8").read()).records[:2]):
            body = field_text(record, "ZW")
            store.put(src, Annotation.new(f"{name}#{index}", AnnotationKind.HIGHLIGHT, "甲",
                                          anchor=make_anchor(body, "ZW", 2, 6), colour="重要"))
    assert store.save()[1] == []
    session = Session.open([str(root)], workers=0)
    placed = list(export.collect(session.archive, session.store))
    quick = export.unplaced_rows(session.archive, session.store)
    assert len({e.file for e in quick}) == 2 and len(quick) >= 3
    order = [0, len(quick) - 1, *range(1, len(quick) - 1)]  # a row of the second file between the first's
    real = session.archive.read_file
    held: list[weakref.ref] = []

    class Records(list):
        pass

    def read_file(fid):
        assert all(ref() is None for ref in held), "an earlier file's records are still held"
        records = Records(real(fid).parsed.records)
        held.append(weakref.ref(records))
        return SimpleNamespace(parsed=SimpleNamespace(records=records))

    monkeypatch.setattr(session.archive, "read_file", read_file)
    assert export.place_rows(session.archive, [quick[i] for i in order]) == [placed[i] for i in order]
    assert len(held) == 2  # each file once
