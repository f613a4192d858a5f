"""Annotating in the window: spans, drawing, panel, tags, status, undo, saving."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from conftest import SEEDS, record_text
from viewer.core.annotations.anchoring import Placement, make_anchor
from viewer.core.annotations.model import Annotation, AnnotationKind
from viewer.core.annotations.sidecar import SUFFIX, parse
from viewer.core.annotations.store import AnnotationStore
from viewer.core.records.parser import parse_text
from viewer.ui.annotation_panel import RecordAnnotationsModel
from viewer.ui.article import Decoration, build, document_position, field_offset
from viewer.ui.main_window import MainWindow
from viewer.ui.record_model import COLUMNS
from viewer.ui.settings import Settings


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(SEEDS, root)
    return root


@pytest.fixture
def window(qtbot, tmp_path, archive):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.author = "校对员"
    settings.fallback_dir = str(tmp_path / "fallback")
    w = MainWindow(settings, workers=0)
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(archive)])
    qtbot.waitUntil(lambda: w.loading_done, timeout=20000)
    yield w
    w.annotations.flush()
    w._stop_loader()


def select_record(qtbot, w: MainWindow, th: str, name: str = "multi-record.txt") -> None:
    for row in range(w.model.rowCount()):
        rid = w.model.record_id(row)
        if w.archive.value(rid, "TH") == th and w.archive.source(rid).relpath == name:
            w.table.selectRow(row)
            qtbot.waitUntil(lambda rid=rid: w.reader.record is not None and w._reader_rid == rid, timeout=5000)
            return
    raise AssertionError(f"no record TH={th} in {name}")


def select_text(w: MainWindow, text: str, field: str = "ZW") -> None:
    body = w.reader.record.body() if field == "ZW" else w.reader.record.get(field)
    start = body.index(text)
    assert w.reader.select_span(field, start, start + len(text))


def sidecar(archive, name="multi-record.txt"):
    path = archive / (name + SUFFIX)
    return parse(path.read_bytes()).annotations if path.exists() else {}


# -- the document and its positions ---------------------------------------------


def test_positions_map_through_non_bmp_characters_and_inserted_text(qapp):
    record = parse_text(record_text(bt="𠮷野家", body="𠮷𠮷先进性教育活动\n第二段里的党员")).records[0]
    body = record.body()
    hl = make_anchor(body, "ZW", body.index("先进性"), body.index("先进性") + 3)
    fix = make_anchor(body, "ZW", body.index("党员"), body.index("党员") + 2)
    doc = QTextDocument()
    build(doc, record, "x.txt", [
        Decoration("h", "ZW", hl.start, hl.end, "highlight", "#ffe066"),
        Decoration("c", "ZW", fix.start, fix.end, "correction", "", "群众"),
    ])
    assert "第二段里的党员群众" in doc.toPlainText()  # the replacement is shown after the original
    for field, cp in (("ZW", hl.start), ("ZW", hl.end), ("ZW", fix.start), ("ZW", fix.end), ("BT", 1), ("ZW", 0)):
        pos = document_position(doc, field, cp)
        assert field_offset(doc, pos) == (field, cp)
    cursor = QTextCursor(doc)
    cursor.setPosition(document_position(doc, "ZW", hl.start) + 1)
    assert cursor.charFormat().background().color().name() == "#ffe066"
    cursor.setPosition(document_position(doc, "ZW", fix.start) + 1)
    assert cursor.charFormat().fontStrikeOut()


# -- making annotations ---------------------------------------------------------------


def test_highlight_with_the_h_key_is_drawn_listed_counted_and_saved(qtbot, window, archive):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织的教育和培训")
    w.reader.setFocus()
    qtbot.keyClick(w.reader, Qt.Key.Key_H)
    [a] = w.annotations.annotations(w._reader_rid)
    assert (a.kind, a.colour, a.author, a.anchor.exact) == (AnnotationKind.HIGHLIGHT, "重要", "校对员", "接受党组织的教育和培训")
    assert a.record == "multi-record.txt#0"
    assert len(w.reader.extraSelections()) == 0 and w.reader.decorations[0].kind == "highlight"
    assert w.panel.model.rowCount() == 1
    qtbot.waitUntil(lambda: len(sidecar(archive)) == 1, timeout=3000)  # saved within a second
    saved = next(iter(sidecar(archive).values()))
    assert saved.anchor == a.anchor


def test_the_span_counts_code_points_after_a_non_bmp_character(qtbot, tmp_path):
    root = tmp_path / "bmp"
    root.mkdir()
    (root / "r.txt").write_text(record_text(body="𠮷𠮷姓的先进性教育"), encoding="utf-8")
    settings = Settings(QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, workers=0)
    qtbot.addWidget(w)
    w.open_paths([str(root)])
    qtbot.waitUntil(lambda: w.reader.record is not None, timeout=10000)
    select_text(w, "先进性")
    w.annotate_highlight()
    [a] = w.annotations.annotations(w._reader_rid)
    assert (a.anchor.start, a.anchor.end) == (4, 7)  # code points: 𠮷 counts one
    w.annotations.flush()


def test_note_with_markup_renders_literally(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    select_text(w, "确保学习培训时间")
    monkeypatch.setattr(w, "ask_note", lambda quote, text: '<img src="file:///etc/passwd"> 见<b>附件</b>')
    w.act_note.trigger()
    [a] = w.annotations.annotations(w._reader_rid)
    assert a.kind is AnnotationKind.NOTE and a.anchor.exact == "确保学习培训时间"
    assert w.panel.model.index(0, 3).data() == '<img src="file:///etc/passwd"> 见<b>附件</b>'
    assert "✎" in w.reader.toPlainText()
    assert "<img" not in w.reader.toHtml().replace("&lt;img", "")
    assert w.reader.document().toPlainText().count("<img") == 0  # the note is a tooltip, not text


def test_whole_record_note_and_correction(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    monkeypatch.setattr(w, "ask_note", lambda quote, text: "整条记录的批注")
    w.act_note.trigger()  # nothing selected: on the whole record
    select_text(w, "确保")
    monkeypatch.setattr(w, "ask_correction", lambda quote, rep, reason, status: {"replacement": "保证", "reason": "用词", "status": "open"})
    w.act_correction.trigger()
    kinds = sorted(a.kind.value for a in w.annotations.annotations(w._reader_rid))
    assert kinds == ["correction", "note"]
    assert "确保保证学习培训时间" in w.reader.toPlainText()
    assert w.model.index(w.table.currentIndex().row(), COLUMNS.index("#corrections")).data() == 1
    assert w.model.index(w.table.currentIndex().row(), COLUMNS.index("#notes")).data() == 1


def test_correction_needs_a_selection(qtbot, window):
    w = window
    select_record(qtbot, w, "3")
    w.act_correction.trigger()
    assert w.annotations.annotations(w._reader_rid) == []
    assert "Select some text" in w.statusBar().currentMessage()


# -- tags, status, filters --------------------------------------------------------------


def test_tag_keys_toggle_on_a_multi_selection(qtbot, window, archive):
    w = window
    w.vocabulary.set(["先进性教育", "党建"])
    w._vocabulary_changed()
    w.table.selectAll()
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_1)
    rids = [w.model.record_id(r) for r in range(w.model.rowCount())]
    assert all(w.annotations.summary(r).tags == ("先进性教育",) for r in rids)
    assert w.model.index(0, COLUMNS.index("#tags")).data() == "先进性教育"
    qtbot.keyClick(w.table, Qt.Key.Key_2)
    assert all(w.annotations.summary(r).tags == ("先进性教育", "党建") for r in rids)
    qtbot.keyClick(w.table, Qt.Key.Key_1)  # all have it: removed from all
    assert all(w.annotations.summary(r).tags == ("党建",) for r in rids)
    qtbot.keyClick(w.table, Qt.Key.Key_9)  # no ninth tag: a hint, nothing else
    assert "No tag 9" in w.statusBar().currentMessage()
    w.annotations.flush()
    assert (archive / ".archive-viewer-tags.txt").read_text("utf-8") == "先进性教育\n党建\n"


def test_status_and_the_tag_status_filter(qtbot, window):
    w = window
    select_record(qtbot, w, "2")
    w.panel.status_chosen.emit("proofread")
    assert w.annotations.summary(w._reader_rid).status == "proofread"
    w.panel.tag_entered.emit("重点")
    assert w.annotations.summary(w._reader_rid).tags == ("重点",)
    assert "重点" in w.vocabulary.tags
    combo = w.ann_filter
    combo.setCurrentIndex(combo.findData("status:proofread"))
    w._apply_annotation_filter()
    assert w.model.rowCount() == 1
    assert w.status_label.text() == "1 of 5 records · 0 problems"
    combo.setCurrentIndex(combo.findData("status:unread"))
    w._apply_annotation_filter()
    assert w.model.rowCount() == 4
    combo.setCurrentIndex(combo.findData("tag:重点"))
    w._apply_annotation_filter()
    assert w.model.rowCount() == 1
    combo.setCurrentIndex(0)
    w._apply_annotation_filter()
    assert w.model.rowCount() == 5
    w.model.sort(COLUMNS.index("#status"), Qt.SortOrder.DescendingOrder)
    assert w.model.index(0, COLUMNS.index("#status")).data() == "proofread"


# -- undo, panel edits, orphans ---------------------------------------------------------------


def test_undo_and_redo_cover_adds_edits_and_deletes(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织的教育")
    w.annotate_highlight("存疑")
    [a] = w.annotations.annotations(w._reader_rid)
    monkeypatch.setattr(w, "ask_colour", lambda current: "人名")
    w.edit_annotation(a)
    assert w.annotations.annotations(w._reader_rid)[0].colour == "人名"
    w.delete_annotation(w.annotations.annotations(w._reader_rid)[0])
    assert w.annotations.annotations(w._reader_rid) == []
    w.act_undo.trigger()
    assert w.annotations.annotations(w._reader_rid)[0].colour == "人名"
    w.act_undo.trigger()
    assert w.annotations.annotations(w._reader_rid)[0].colour == "存疑"
    w.act_undo.trigger()
    assert w.annotations.annotations(w._reader_rid) == []
    w.act_redo.trigger()
    w.act_redo.trigger()
    assert w.annotations.annotations(w._reader_rid)[0].colour == "人名"
    assert w.panel.model.rowCount() == 1


def test_orphan_is_listed_and_can_be_reattached(qtbot, window, archive):
    w = window
    src = str(archive / "multi-record.txt")
    store = AnnotationStore()
    orphan = Annotation.new("multi-record.txt#1", AnnotationKind.HIGHLIGHT, "甲", anchor=make_anchor("一段早已删去的文字", "ZW", 0, 9), colour="存疑")
    store.put(src, orphan)
    store.save()
    w.reload()
    qtbot.waitUntil(lambda: w.loading_done, timeout=10000)
    qtbot.waitUntil(lambda: w.annotations.store.loaded(src), timeout=5000)
    select_record(qtbot, w, "3")
    [(a, how, _s, _e)] = w.panel.model.rows
    assert how is Placement.ORPHAN and a.id == orphan.id
    assert "一段早已删去的文字" in w.panel.model.index(0, 2).data()
    select_text(w, "确保")
    w.annotate_highlight()  # another change: the next save keeps the orphan
    w.annotations.flush()
    assert orphan.id in sidecar(archive)
    w.panel.view.selectRow(0)
    select_text(w, "学习培训")
    w.panel.reattach_button.click()
    reattached = [r for r in w.panel.model.rows if r[0].id == orphan.id]
    [(a, how, s, e)] = reattached
    assert how is Placement.POSITION and a.anchor.exact == "学习培训"


def test_browser_lists_filters_and_jumps(qtbot, window, archive):
    w = window
    select_record(qtbot, w, "3")
    select_text(w, "确保学习培训时间")
    w.annotate_highlight()
    w.vocabulary.set(["甲"])
    w._vocabulary_changed()
    w.table.selectRow(0)
    w.toggle_vocabulary_tag(1)
    w.act_browser.trigger()
    qtbot.waitUntil(lambda: w.browser.model.rowCount() == 2, timeout=5000)
    w.browser.kind.setCurrentIndex(w.browser.kind.findData("highlight"))
    assert w.browser.model.rowCount() == 1
    assert w.browser.count.text() == "1 of 2"
    w.browser.orphans.setChecked(True)
    assert w.browser.model.rowCount() == 0
    w.browser.orphans.setChecked(False)
    w.table.selectRow(0)
    w.browser.view.clicked.emit(w.browser.model.index(0, 0))
    qtbot.waitUntil(lambda: w.reader.record is not None and w.reader.record.get("TH") == "3", timeout=5000)
    assert w.reader.textCursor().selectedText() == "确保学习培训时间"


# -- saving -------------------------------------------------------------------------


def test_closing_100_ms_after_a_note_still_saves_it(qtbot, window, archive, monkeypatch):
    w = window
    select_record(qtbot, w, "4")
    monkeypatch.setattr(w, "ask_note", lambda quote, text: "关窗前的批注")
    w.act_note.trigger()
    qtbot.wait(100)
    w.close()
    texts = [a.text for a in sidecar(archive).values()]
    assert texts == ["关窗前的批注"]


def test_read_only_folder_goes_to_the_fallback_and_says_so(qtbot, window, archive, tmp_path, read_only):
    w = window
    read_only(archive)
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.annotate_highlight()
    w.annotations.flush()
    assert not (archive / ("multi-record.txt" + SUFFIX)).exists()
    fallback = [p for p in (tmp_path / "fallback").rglob("*" + SUFFIX)]
    assert len(fallback) == 1
    assert "read-only" in w.statusBar().currentMessage()


def test_corrupt_sidecar_is_reported_and_left_alone(qtbot, window, archive):
    w = window
    bad = archive / ("multi-record.txt" + SUFFIX)
    bad.write_bytes(b'{"format": "archive-viewer-annotations", "version": 1, "records": {')
    w.reload()
    qtbot.waitUntil(lambda: w.loading_done, timeout=10000)
    qtbot.waitUntil(lambda: bool(w.annotations.store.unreadable()), timeout=5000)
    qtbot.waitUntil(lambda: "cannot be read" in w.statusBar().currentMessage(), timeout=5000)
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.annotate_highlight()
    w.annotations.flush()
    assert bad.read_bytes().endswith(b'"records": {')
    assert (archive / "multi-record.txt.annotations.recovery.json").exists()


def test_export_from_the_window(qtbot, window, tmp_path):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.annotate_highlight()
    out = tmp_path / "out.jsonl"
    w.export_annotations(str(out), "jsonl")
    qtbot.waitUntil(lambda: out.exists(), timeout=5000)
    [row] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert row["anchor"]["exact"] == "接受党组织" and row["key"] == "multi-record.txt#0"


def test_panel_model_passes_the_model_tester(qtmodeltester, window, qtbot):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.annotate_highlight()
    qtmodeltester.check(w.panel.model)
    w.act_browser.trigger()
    qtbot.waitUntil(lambda: w.browser.model.rowCount() == 1, timeout=5000)
    qtmodeltester.check(w.browser.model)
    assert isinstance(w.panel.model, RecordAnnotationsModel)


def test_a_failed_save_is_reported_and_retried(qtbot, window, archive, monkeypatch):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    w.annotate_highlight()
    w.annotations.flush()
    assert "could not be saved" in w.statusBar().currentMessage()
    assert w.annotations.store.dirty
    assert not (archive / ("multi-record.txt" + SUFFIX)).exists()
    monkeypatch.undo()
    w.annotations.flush()
    assert len(sidecar(archive)) == 1


def test_tagging_everything_then_undoing_leaves_the_archive_clean(qtbot, window, archive):
    w = window
    before = sorted(p.name for p in archive.rglob("*"))
    w.vocabulary.set(["先进性教育"])
    w._vocabulary_changed()
    w.table.selectAll()
    w.table.setFocus()
    qtbot.keyClick(w.table, Qt.Key.Key_1)
    w.annotations.flush()
    assert (archive / ("multi-record.txt" + SUFFIX)).exists()
    w.undo_stack.undo()
    w.annotations.flush()
    after = sorted(p.name for p in archive.rglob("*") if p.name != ".archive-viewer-tags.txt")
    assert after == before
    w.reload()
    qtbot.waitUntil(lambda: w.loading_done, timeout=10000)
    own = [p for p in w.archive.problems if p.kind.value == "sidecar"]
    assert len(own) == 1 and "skipped 1 of Archive Viewer's own file" in own[0].message  # the tag list


@pytest.mark.parametrize(
    "content",
    [b'{"format": "archive-viewer-annotations", "version": 1, "annotations": {}}', None],
    ids=["wrong-shape", "folder"],
)
def test_an_unreadable_sidecar_is_a_message_in_the_window_never_a_traceback(qtbot, window, archive, content):
    w = window
    bad = archive / ("multi-record.txt" + SUFFIX)
    if content is None:
        bad.mkdir()
    else:
        bad.write_bytes(content)
    w.reload()
    qtbot.waitUntil(lambda: w.loading_done, timeout=10000)
    qtbot.waitUntil(lambda: "cannot be read" in w.statusBar().currentMessage(), timeout=5000)
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.annotate_highlight()
    w.annotations.flush()
    assert (archive / "multi-record.txt.annotations.recovery.json").exists()
    if content is not None:
        assert bad.read_bytes() == content


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_for_the_tag_list_does_not_hang_the_window(tmp_path):
    from viewer.core.annotations.vocabulary import FILENAME, Vocabulary

    os.mkfifo(tmp_path / FILENAME)
    assert Vocabulary(str(tmp_path)).load() == []
