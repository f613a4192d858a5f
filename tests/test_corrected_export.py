"""The corrected export is byte for byte its source, except inside the corrections applied."""

from __future__ import annotations

import pytest

from conftest import record_text
from viewer.cli import main
from viewer.core.annotations.anchoring import make_anchor
from viewer.core.annotations.model import AnnotationKind
from viewer.core.annotations.sidecar import SUFFIX
from viewer.core.record_export import HELD_UNFAITHFUL, export_tagged
from viewer.core.session import Session

TWO = record_text(th="1", bt="第一条", body="记者就此事询问了有关方面。\n第二段，己经完成。") + record_text(
    th="2", bt="第二条", body="没有改动的记录。")

STYLES = {
    "gbk-crlf": ("gb18030", "\r\n", b""),
    "utf8-bom": ("utf-8", "\n", b"\xef\xbb\xbf"),
    "cr-only": ("utf-8", "\r", b""),
    "utf16": ("utf-16-le", "\r\n", b"\xff\xfe"),
}


def write(path, text: str, style: str) -> bytes:
    encoding, newline, bom = STYLES[style]
    data = bom + text.replace("\n", newline).encode(encoding)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def correct(root, fix_from: str, fix_to: str, status: str = "accepted", author: str = "甲") -> Session:
    s = Session.open([str(root)], workers=0, author=author)
    rid = next(r for r in s.archive.ids() if s.archive.value(r, "BT") == "第一条")
    body = s.archive.read(rid).body()
    i = body.index(fix_from)
    s.add(rid, s.new(rid, AnnotationKind.CORRECTION, anchor=make_anchor(body, "ZW", i, i + len(fix_from)),
                     replacement=fix_to, status=status))
    s.save()
    return s


@pytest.mark.parametrize("style", sorted(STYLES))
def test_only_the_corrected_span_changes(tmp_path, style):
    root = tmp_path / "src"
    original = write(root / "2005" / "a.txt", TWO, style)
    untouched = write(root / "2005" / "b.txt", record_text(bt="别的文件"), style)
    s = correct(root, "己经", "已经")
    report = export_tagged(s.archive, s.archive.default_order(), str(tmp_path / "out"), None, s.accepted_corrections(s.archive.ids()))
    encoding, _newline, bom = STYLES[style]
    out = (tmp_path / "out" / "2005" / "a.txt").read_bytes()
    old, new = "己经".encode(encoding), "已经".encode(encoding)
    assert out == original.replace(old, new) and out != original and out.startswith(bom)
    assert (tmp_path / "out" / "2005" / "b.txt").read_bytes() == untouched
    assert [(key, c.replacement, c.author) for key, c in report.applied] == [("2005/a.txt#0", "已经", "甲")]
    assert (report.records, report.files, report.unchanged, report.held) == (3, 2, 1, [])
    assert (root / "2005" / "a.txt").read_bytes() == original  # the source is never touched


def test_open_and_rejected_corrections_are_not_applied(tmp_path):
    root = tmp_path / "src"
    original = write(root / "a.txt", TWO, "gbk-crlf")
    s = correct(root, "己经", "已经", status="open")
    report = export_tagged(s.archive, s.archive.ids(), str(tmp_path / "out"), None, s.accepted_corrections(s.archive.ids()))
    assert (tmp_path / "out" / "a.txt").read_bytes() == original and report.applied == []


def test_a_file_that_does_not_read_back_byte_for_byte_is_copied_and_its_corrections_held(tmp_path):
    root = tmp_path / "src"
    data = TWO.replace("\n", "\r\n").encode("gb18030").replace("记者".encode("gb18030"), b"\x81\x20")  # a broken pair
    (root).mkdir()
    (root / "a.txt").write_bytes(data)
    s = correct(root, "己经", "已经")
    report = export_tagged(s.archive, s.archive.ids(), str(tmp_path / "out"), None, s.accepted_corrections(s.archive.ids()))
    assert (tmp_path / "out" / "a.txt").read_bytes() == data
    [(key, c, why)] = report.held
    assert why == HELD_UNFAITHFUL and report.applied == []


def test_the_command_reports_each_correction_and_never_replaces_a_file(tmp_path, capsys):
    root = tmp_path / "src"
    original = write(root / "a.txt", TWO, "gbk-crlf")
    untouched = write(root / "b.txt", record_text(bt="别的文件"), "utf8-bom")
    correct(root, "己经", "已经", author="校对员甲")
    out_dir = tmp_path / "out"
    assert main(["export", str(root), "--to", str(out_dir), "--corrections", "accepted", "--workers", "0"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "applied\ta.txt#0\tZW “己经” → “已经”\t校对员甲"
    assert lines[-1] == f"3 records in 2 files written to {out_dir}: 1 correction applied, 0 held; 1 file as their source"
    assert (out_dir / "a.txt").read_bytes() == original.replace("己经".encode("gb18030"), "已经".encode("gb18030"))
    assert (out_dir / "b.txt").read_bytes() == untouched
    # again into the same folder: refused, nothing replaced
    assert main(["export", str(root), "--to", str(out_dir), "--workers", "0"]) == 1
    assert "already exists" in capsys.readouterr().err
    # onto the sources, or into a folder inside the archive (its next opening would read every record twice): refused
    for inside in (root, root / "corrected", root / "x" / ".." / "deeper" / "still"):
        assert main(["export", str(root), "--to", str(inside), "--workers", "0"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"{inside} is inside the archive's folder {root}" in err
    assert (root / "a.txt").read_bytes() == original and sorted(p.name for p in root.iterdir()) == ["a.txt", "a.txt" + SUFFIX, "b.txt"]
    # only the changed files
    assert main(["export", str(root), "--to", str(tmp_path / "changed"), "--corrections", "accepted",
                 "--changed-only", "--workers", "0"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("1 file left out (unchanged)")
    assert sorted(p.name for p in (tmp_path / "changed").iterdir()) == ["a.txt"]
    # a file opened on its own: its folder is not the archive
    assert main(["export", str(root / "b.txt"), "--to", str(root / "alone"), "--workers", "0"]) == 0
    assert (root / "alone" / "b.txt").read_bytes() == untouched
    capsys.readouterr()


def test_export_usage_errors_are_one_line(tmp_path, capsys):
    root = tmp_path / "src"
    write(root / "a.txt", TWO, "gbk-crlf")
    for args in (["export", str(root)], ["export", str(root), "--to", str(tmp_path / "o"), "--corrections", "all"]):
        with pytest.raises(SystemExit) as stopped:
            main(args)
        assert stopped.value.code == 2 and capsys.readouterr().err.count("\n") == 1
    assert main(["export", str(root), "--to", str(tmp_path / "o"), "--out-encoding", "nope"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    (tmp_path / "afile").write_text("x")
    assert main(["export", str(root), "--to", str(tmp_path / "afile")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "missing"), "--to", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()


def test_the_window_exports_each_file_in_its_own_bytes(qtbot, open_window, tmp_path):
    from PySide6.QtWidgets import QMainWindow

    root = tmp_path / "src"
    original = write(root / "a.txt", TWO, "cr-only")
    correct(root, "己经", "已经")
    w = open_window([root])
    out_dir = tmp_path / "out"
    w.exports.records(str(out_dir), "tagged-corrected", "")
    qtbot.waitUntil(lambda: (out_dir / "a.txt").exists(), timeout=5000)
    assert (out_dir / "a.txt").read_bytes() == original.replace("己经".encode(), "已经".encode())
    qtbot.waitUntil(lambda: "(corrections applied: 1, held back: 0)" in QMainWindow.statusBar(w).currentMessage(), timeout=5000)


def test_an_export_asked_for_while_the_annotation_files_are_read_waits_for_them(qtbot, open_window, tmp_path,
                                                                                monkeypatch):
    """Right after a load the window is still reading the sidecars: an
    export of the corrected files, of the records with their tags and
    notes, or of the annotations, started then, would have left out what
    was not read yet, without a word. It waits, says so, and starts once
    they are read; an export without annotations starts at once."""
    import json
    import threading

    from PySide6.QtWidgets import QMainWindow

    from viewer.ui import annotation_controller

    root = tmp_path / "src"
    original = write(root / "a.txt", TWO, "cr-only")
    correct(root, "己经", "已经")
    gate = threading.Event()
    real = annotation_controller._read_annotations
    monkeypatch.setattr(annotation_controller, "_read_annotations", lambda *a: gate.wait(20) and real(*a))
    w = open_window([root])
    out = tmp_path / "out"
    out.mkdir()
    w.exports.records(str(out / "fixed"), "tagged-corrected", "")
    w.annotations.export(str(out / "annotations.jsonl"), "jsonl")
    assert "starts once the annotation files are read" in QMainWindow.statusBar(w).currentMessage()
    w.exports.records(str(out / "plain.txt"), "text", "")  # (no annotations in it: at once)
    qtbot.waitUntil(lambda: (out / "plain.txt").exists(), timeout=5000)
    qtbot.wait(200)
    assert sorted(p.name for p in out.iterdir()) == ["plain.txt"]
    gate.set()
    qtbot.waitUntil(lambda: all((out / n).exists() for n in ("fixed", "annotations.jsonl")), timeout=10000)
    qtbot.waitUntil(lambda: (out / "fixed" / "a.txt").exists(), timeout=5000)
    assert (out / "fixed" / "a.txt").read_bytes() == original.replace("己经".encode(), "已经".encode())
    rows = [json.loads(line) for line in (out / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in rows] == ["correction"]
    qtbot.waitUntil(lambda: not w.exports.run.running(), timeout=5000)
    w.exports.records(str(out / "records.jsonl"), "jsonl", "")  # read by now: at once
    qtbot.waitUntil(lambda: (out / "records.jsonl").exists(), timeout=5000)


def test_exports_with_no_archive_open_start_at_once(qtbot, open_window, tmp_path):
    """(Nothing to read: nothing to wait for.)"""
    w = open_window()
    w.annotations.export(str(tmp_path / "a.jsonl"), "jsonl")
    qtbot.waitUntil(lambda: (tmp_path / "a.jsonl").exists(), timeout=5000)
    qtbot.waitUntil(lambda: not w.annotations.exporter.running(), timeout=5000)
    w.exports.records(str(tmp_path / "r.csv"), "csv", "")
    qtbot.waitUntil(lambda: (tmp_path / "r.csv").exists(), timeout=5000)
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == ""
