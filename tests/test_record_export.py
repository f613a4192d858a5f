"""Exporting record sets: CSV, JSONL, text, and the tagged format in any encoding."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from conftest import SEEDS, record_text
from viewer.core.annotations.index import AnnotationIndex, Summary
from viewer.core.record_export import (
    ExportError,
    export_csv,
    export_jsonl,
    export_tagged,
    export_text,
)
from viewer.core.records.archive import Archive


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "a"
    shutil.copytree(SEEDS, root / "2005" / "200502")
    return Archive.open([root], workers=0), root


def test_jsonl_with_tags_and_notes(archive):
    a, _ = archive
    index = AnnotationIndex()
    index.set(2, Summary(tags=("甲",), status="read"))
    out = io.StringIO()
    assert export_jsonl(a, [2, 3], out, index=index, notes={2: ["一条批注"]}, body=True) == 2
    first, second = [json.loads(line) for line in out.getvalue().splitlines()]
    assert first["tags"] == ["甲"] and first["status"] == "read" and first["notes"] == ["一条批注"]
    assert second["tags"] == [] and second["status"] == "unread"
    assert first["fields"]["BT"] and first["body"]


def test_csv_has_named_columns(archive):
    a, _ = archive
    out = io.StringIO()
    export_csv(a, a.ids(), out, index=AnnotationIndex())
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:4] == ["key", "file", "index", "ZQ 总期"]
    assert "BT 标题" in rows[0] and rows[0][-2:] == ["tags", "status"]
    assert len(rows) == 6


def test_text_for_reading(archive):
    a, _ = archive
    out = io.StringIO()
    export_text(a, [a.ids()[0]], out)
    text = out.getvalue()
    assert text.startswith("中央保持共产党员先进性教育活动领导小组发出通知\n要求参加")
    assert "\u3000\u3000新华社北京2月16日电" in text


def test_tagged_export_keeps_layout_bytes_and_newlines(archive, tmp_path):
    a, root = archive
    out = tmp_path / "out"
    rids = [r for r in a.ids() if a.source(r).relpath.endswith("000_ed8ee82fcf2d1d69.gb18030-crlf.txt")]
    done = export_tagged(a, rids, str(out), "gb18030")
    assert (done.records, done.files) == (1, 1)
    exported = out / "2005" / "200502" / "000_ed8ee82fcf2d1d69.gb18030-crlf.txt"
    assert exported.read_bytes() == (root / "2005" / "200502" / "000_ed8ee82fcf2d1d69.gb18030-crlf.txt").read_bytes()


def test_tagged_export_of_some_records_in_another_encoding(archive, tmp_path):
    a, _ = archive
    rids = [r for r in a.ids() if a.source(r).relpath.endswith("multi-record.txt") and a.index_in_file(r) != 1]
    export_tagged(a, rids, str(tmp_path / "o"), "utf-16")
    data = (tmp_path / "o" / "2005" / "200502" / "multi-record.txt").read_bytes()
    again = Archive.open([tmp_path / "o"], workers=0)
    assert again.encoding(0) == "utf-16" and len(again) == 2
    assert [again.value(r, "TH") for r in again.ids()] == ["2", "4"]
    assert again.problems == [] and data[:2] == b"\xff\xfe"


def test_tagged_export_never_writes_over_the_sources(archive):
    a, root = archive
    before = {p: p.read_bytes() for p in root.rglob("*.txt")}
    with pytest.raises(ExportError):
        export_tagged(a, a.ids(), str(root), "utf-8")
    assert {p: p.read_bytes() for p in root.rglob("*.txt")} == before


def test_accepted_corrections_are_applied_in_the_tagged_export(archive, tmp_path):
    from viewer.core.annotations.anchoring import field_text, make_anchor
    from viewer.core.annotations.model import Annotation, AnnotationKind
    from viewer.core.record_export import apply_corrections

    a, root = archive
    [rid] = [r for r in a.ids() if a.source(r).relpath.endswith("gb18030-crlf.txt")]
    record = a.read(rid)
    body = field_text(record, "ZW")
    i = body.index("送学上门")
    j = body.index("通知全文如下")
    title = field_text(record, "BT")
    fixes = [
        Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor(body, "ZW", i, i + 4), replacement="上门送学", status="accepted"),
        Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor(body, "ZW", j, j + 2), replacement="通告", status="accepted"),
        Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor(title, "BT", 0, 2), replacement="请求", status="accepted"),
        Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor("不存在的文字", "ZW", 0, 3), replacement="?", status="accepted"),
    ]
    done = apply_corrections(record, fixes)
    fixed = done.record
    assert len(done.applied) == 3 and [a for a, _why in done.held] == [fixes[3]]
    assert "上门送学" in fixed.body() and "通告全文如下" in fixed.body()
    assert fixed.get("BT").startswith("请求参加")
    assert record.get("BT").startswith("要求参加")  # the original is untouched
    export_tagged(a, [rid], str(tmp_path / "fixed"), "gb18030", {rid: fixes})
    out = (tmp_path / "fixed" / "2005" / "200502" / "000_ed8ee82fcf2d1d69.gb18030-crlf.txt").read_bytes()
    original = (root / "2005" / "200502" / "000_ed8ee82fcf2d1d69.gb18030-crlf.txt").read_bytes()
    text = out.decode("gb18030")
    assert "上门送学" in text and "\r\n" in text and "\n    " not in text.replace("\r\n", "")
    expected = original.decode("gb18030").replace("送学上门", "上门送学").replace("通知全文如下", "通告全文如下")
    expected = expected.replace("〖BT/标题〗要求", "〖BT/标题〗请求")
    assert text == expected


@pytest.mark.parametrize("nl", ["\r", "\r\n", "\n"])
@pytest.mark.parametrize("some", [False, True])
def test_tagged_export_keeps_every_newline_style(tmp_path, nl, some):
    text = (record_text(th="1", nl=nl) + record_text(th="2", nl=nl) + record_text(th="3", nl=nl))
    src = tmp_path / "in" / "m.txt"
    src.parent.mkdir()
    src.write_bytes(text.encode("gb18030"))
    a = Archive.open([src], workers=0)
    rids = [0, 2] if some else a.ids()
    export_tagged(a, rids, str(tmp_path / "out"), "gb18030")
    out = (tmp_path / "out" / "m.txt").read_bytes().decode("gb18030")
    if some:
        assert out == record_text(th="1", nl=nl) + record_text(th="3", nl=nl)
    else:
        assert out == text
    other = {"\r": "\n", "\n": "\r", "\r\n": "\n"}[nl]
    assert other not in out.replace(nl, "")


def test_tagged_export_never_replaces_any_existing_file(tmp_path):
    src = tmp_path / "d" / "a.txt"
    src.parent.mkdir()
    src.write_text(record_text(), "utf-8")
    sibling = tmp_path / "e" / "a.txt"
    sibling.parent.mkdir()
    sibling.write_bytes(b"not ours")
    a = Archive.open([src], workers=0)
    with pytest.raises(ExportError, match="already exists"):
        export_tagged(a, a.ids(), str(tmp_path / "e"), "utf-8")
    assert sibling.read_bytes() == b"not ours"


def test_tagged_export_does_not_start_if_any_target_exists(archive, tmp_path):
    a, _ = archive
    out = tmp_path / "out"
    taken = out / "2005" / "200502" / "multi-record.txt"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"x")
    with pytest.raises(ExportError, match="multi-record.txt already exists"):
        export_tagged(a, a.ids(), str(out), "utf-8")
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["multi-record.txt"]


def test_an_encoding_that_cannot_hold_the_text_is_a_clear_error_and_leaves_nothing(archive, tmp_path):
    a, _ = archive
    out = tmp_path / "out"
    with pytest.raises(ExportError, match=r"cannot be written in ascii") as e:
        export_tagged(a, a.ids(), str(out), "ascii")
    assert "line 1" in str(e.value) and "U+" in str(e.value)
    assert not out.exists()


def test_a_failed_export_removes_what_it_wrote(archive, tmp_path, monkeypatch):
    import viewer.core.record_export as rx

    a, _ = archive
    out = tmp_path / "out"
    real = rx.atomic_write
    calls = []

    def fail_second(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data, **kwargs)

    monkeypatch.setattr(rx, "atomic_write", fail_second)
    with pytest.raises(OSError):
        export_tagged(a, a.ids(), str(out), "utf-8")
    assert not out.exists()


def test_stream_exports_never_replace_a_file(tmp_path):
    from viewer.core.record_export import write_new

    path = tmp_path / "x.csv"
    write_new(str(path), b"one")
    with pytest.raises(ExportError, match="already exists"):
        write_new(str(path), b"two")
    assert path.read_bytes() == b"one"


def test_an_export_written_in_pieces_is_whole_or_absent(tmp_path):
    """A streamed export (the concordance's CSV) is written as it is made;
    one whose making fails leaves neither the file nor a temporary one."""
    import viewer.core.record_export as rx

    target = tmp_path / "lines.csv"
    rx.write_new(str(target), (f"line {i}\n".encode() for i in range(10000)))
    assert target.read_text().splitlines()[-1] == "line 9999"

    def failing():
        yield b"first part\n"
        raise OSError("disk full")

    other = tmp_path / "other.csv"
    with pytest.raises(OSError):
        rx.write_new(str(other), failing())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lines.csv"]
    with pytest.raises(rx.ExportError):
        rx.write_new(str(target), iter([b"never"]))
    assert target.read_text().splitlines()[-1] == "line 9999"
