"""Annotating in the window: spans, drawing, panel, tags, status, undo, saving."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel

from conftest import record_text, select_row, table, wait_loaded, widget
from viewer.core.annotations.anchoring import Placement, make_anchor
from viewer.core.annotations.model import Annotation, AnnotationKind
from viewer.core.annotations.sidecar import SUFFIX, parse
from viewer.core.annotations.store import AnnotationStore
from viewer.core.records.parser import parse_text
from viewer.ui.annotation_panel import CardsModel
from viewer.ui.article import Decoration, build, document_position, field_offset
from viewer.ui.record_model import COLUMNS
from viewer.ui.settings import Settings


@pytest.fixture
def archive(archive_copy):
    return archive_copy


@pytest.fixture
def window(qtbot, open_window, tmp_path, archive):
    settings_path = str(tmp_path / "settings" / "s.ini")
    settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
    settings.author = "校对员"
    settings.fallback_dir = str(tmp_path / "fallback")
    settings.sync()
    w = open_window([archive], settings_path=settings_path)
    yield w
    w.annotations.flush()


def panel(w):
    return widget(w, QDockWidget, "annotationPanel")


def rid(w) -> int:
    return w.current()[0]


def select_record(qtbot, w, th: str, name: str = "multi-record.txt") -> None:
    model = table(w).model()
    for row in range(model.rowCount()):
        r = model.record_id(row)
        if w.session.archive.value(r, "TH") == th and w.session.archive.source(r).relpath == name:
            select_row(qtbot, w, row)
            return
    raise AssertionError(f"no record TH={th} in {name}")


def select_text(w, text: str, field: str = "ZW") -> None:
    record = w.current()[1]
    body = record.body() if field == "ZW" else record.get(field)
    start = body.index(text)
    assert w.reader.select_span(field, start, start + len(text))


def sidecar(archive, name="multi-record.txt"):
    path = archive / (name + SUFFIX)
    return parse(path.read_bytes()).annotations if path.exists() else {}


# -- the document and its positions ---------------------------------------------


def _decorated(body_text: str, marks: list[tuple[str, str, str, str, str]]):
    """A record titled 𠮷野家 with ``body_text``, built into a document with
    a decoration on each word of ``marks`` — ``(id, word, kind, colour,
    text)`` — and the anchors of those words by id."""
    record = parse_text(record_text(bt="𠮷野家", body=body_text)).records[0]
    body = record.body()
    anchors = {did: make_anchor(body, "ZW", body.index(word), body.index(word) + len(word))
               for did, word, *_rest in marks}
    doc = QTextDocument()
    build(doc, record, "x.txt", [Decoration(did, "ZW", anchors[did].start, anchors[did].end, kind, colour, text)
                                 for did, _word, kind, colour, text in marks])
    return record, body, doc, anchors


def test_positions_map_through_non_bmp_characters_and_inserted_text(qapp):
    _record, _body, doc, anchors = _decorated("𠮷𠮷先进性教育活动\n第二段里的党员", [
        ("h", "先进性", "highlight", "#ffe066", ""), ("c", "党员", "correction", "", "群众")])
    hl, fix = anchors["h"], anchors["c"]
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
    [a] = w.session.annotations(rid(w))
    assert (a.kind, a.colour, a.author, a.anchor.exact) == (AnnotationKind.HIGHLIGHT, "重要", "校对员", "接受党组织的教育和培训")
    assert a.record == "multi-record.txt#0"
    assert len(w.reader.extraSelections()) == 0 and w.reader.decorations[0].kind == "highlight"
    assert panel(w).model.rowCount() == 1
    qtbot.waitUntil(lambda: len(sidecar(archive)) == 1, timeout=3000)  # saved within a second
    saved = next(iter(sidecar(archive).values()))
    assert saved.anchor == a.anchor


def test_the_span_counts_code_points_after_a_non_bmp_character(qtbot, open_window, tmp_path):
    root = tmp_path / "bmp"
    root.mkdir()
    (root / "r.txt").write_text(record_text(body="𠮷𠮷姓的先进性教育"), encoding="utf-8")
    w = open_window([root])
    select_text(w, "先进性")
    w.action("highlight").trigger()
    [a] = w.session.annotations(rid(w))
    assert (a.anchor.start, a.anchor.end) == (4, 7)  # code points: 𠮷 counts one
    w.annotations.flush()


def test_note_with_markup_renders_literally(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    select_text(w, "确保学习培训时间")
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: '<img src="file:///etc/passwd"> 见<b>附件</b>')
    w.action("note").trigger()
    [a] = w.session.annotations(rid(w))
    assert a.kind is AnnotationKind.NOTE and a.anchor.exact == "确保学习培训时间"
    assert panel(w).model.index(0).data(Qt.ItemDataRole.EditRole) == '<img src="file:///etc/passwd"> 见<b>附件</b>'
    assert "✎" in w.reader.toPlainText()
    assert "<img" not in w.reader.toHtml().replace("&lt;img", "")
    assert w.reader.document().toPlainText().count("<img") == 0  # the note is a tooltip, not text


def test_whole_record_note_and_correction(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: "整条记录的批注")
    w.action("note").trigger()  # nothing selected: on the whole record
    select_text(w, "确保")
    monkeypatch.setattr(w.annotations.dialogs, "ask_correction", lambda quote, rep, reason, status: {"replacement": "保证", "reason": "用词", "status": "open"})
    w.action("correction").trigger()
    kinds = sorted(a.kind.value for a in w.session.annotations(rid(w)))
    assert kinds == ["correction", "note"]
    assert "确保保证学习培训时间" in w.reader.toPlainText()
    view = table(w)
    assert view.model().index(view.currentIndex().row(), COLUMNS.index("#corrections")).data() == 1
    assert view.model().index(view.currentIndex().row(), COLUMNS.index("#notes")).data() == 1


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_submits_the_note_and_correction_dialogs(qtbot, window, key):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

    w = window
    select_record(qtbot, w, "3")
    seen = []

    def type_and_submit(editor_type, text: str, tries: int = 100) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None and tries:  # not shown yet (a busy machine): look again
            QTimer.singleShot(50, lambda: type_and_submit(editor_type, text, tries - 1))
            return
        seen.append(dialog is not None)
        if dialog is None:
            return
        edit = dialog.findChild(editor_type)
        edit.setFocus()
        if isinstance(edit, QLineEdit):
            edit.setText(text)
        else:
            edit.insertPlainText(text)  # (QTest types ASCII only)
        qtbot.keyClick(edit, key, Qt.KeyboardModifier.ControlModifier)
        if dialog.isVisible():  # not submitted: close it, so that the test does not hang
            seen.append("still open")
            dialog.reject()

    QTimer.singleShot(100, lambda: type_and_submit(QPlainTextEdit, "用键盘提交的批注"))
    w.action("note").trigger()  # nothing selected: on the whole record
    select_text(w, "确保")
    QTimer.singleShot(100, lambda: type_and_submit(QLineEdit, "保证"))
    w.action("correction").trigger()
    assert seen == [True, True]
    by_kind = {a.kind.value: a for a in w.session.annotations(rid(w))}
    assert by_kind["note"].text == "用键盘提交的批注"  # no line break added by the keys
    assert by_kind["correction"].replacement == "保证"


def test_the_reader_menu_has_no_dead_link_entry(qtbot, window):
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication

    w = window
    select_record(qtbot, w, "3")
    texts = []

    def look() -> None:
        menu = QApplication.activePopupWidget()
        if menu is not None:
            texts.extend(a.text().replace("&", "") for a in menu.actions())
            names = [a.objectName() for a in menu.actions()]
            texts.append("link-copy" in names)
            menu.close()

    QTimer.singleShot(200, look)
    w.reader.customContextMenuRequested.emit(QPoint(10, 10))
    qtbot.waitUntil(lambda: bool(texts), timeout=3000)
    assert texts[-1] is False
    assert not any("Link" in t for t in texts[:-1])
    assert any("Copy" in t for t in texts[:-1])


def test_correction_needs_a_selection(qtbot, window):
    w = window
    select_record(qtbot, w, "3")
    w.action("correction").trigger()
    assert w.session.annotations(rid(w)) == []
    assert "Select some text" in w.statusBar().currentMessage()


# -- tags, status, filters --------------------------------------------------------------


def test_tag_keys_toggle_on_a_multi_selection(qtbot, window, archive):
    w = window
    w.annotations.set_vocabulary(["先进性教育", "党建"])
    view = table(w)
    view.selectAll()
    view.setFocus()
    assert widget(w, QLabel, "selectionInfo").text() == "5 selected"
    qtbot.keyClick(view, Qt.Key.Key_1)
    rids = [view.model().record_id(r) for r in range(view.model().rowCount())]
    assert all(w.session.index.get(r).tags == ("先进性教育",) for r in rids)
    assert w.statusBar().currentMessage() == "Tagged 5 records “先进性教育” — Ctrl+Z to undo"
    assert view.model().index(0, COLUMNS.index("#tags")).data() == "先进性教育"
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert all(w.session.index.get(r).tags == ("先进性教育", "党建") for r in rids)
    qtbot.keyClick(view, Qt.Key.Key_1)  # all have it: removed from all
    assert all(w.session.index.get(r).tags == ("党建",) for r in rids)
    assert w.statusBar().currentMessage() == "Removed “先进性教育” from 5 records — Ctrl+Z to undo"
    qtbot.keyClick(view, Qt.Key.Key_9)  # no ninth tag: a hint, nothing else
    assert "No tag 9" in w.statusBar().currentMessage()
    w.annotations.flush()
    assert (archive / ".archive-viewer-tags.txt").read_text("utf-8") == "先进性教育\n党建\n"


def test_what_another_program_wrote_is_shown_once_a_save_merges_it_in(qtbot, window, archive):
    """The CLI's `correct` (or a git pull) adds a correction to a sidecar
    the window has read; the window's next save merges it in, and the
    table's 校正 column and the record's cards show it (they did not until
    a reload, though the file on disk held it)."""
    w = window
    view = table(w)
    rows = {view.model().index(r, COLUMNS.index("TH")).data(): r for r in range(view.model().rowCount())}
    first, second = (view.model().record_id(rows[th]) for th in ("2", "3"))  # two records of multi-record.txt
    view.selectRow(rows["2"])
    view.setFocus()
    w.annotations.set_vocabulary(["甲"])
    qtbot.keyClick(view, Qt.Key.Key_1)
    w.annotations.flush()
    source, _index = w.session.locate(second)
    other = AnnotationStore()
    record = w.session.archive.read(second)
    anchor = make_anchor(record.body(), "ZW", 0, 2)
    other.put(source, Annotation.new(w.session.annotation_key(second), AnnotationKind.CORRECTION, "乙",
                                     anchor=anchor, replacement="更正", status="open"))
    other.save()
    assert view.model().index(rows["3"], COLUMNS.index("#corrections")).data() == ""
    qtbot.keyClick(view, Qt.Key.Key_1)  # an edit of this window's: its save merges
    w.annotations.flush()
    qtbot.waitUntil(lambda: view.model().index(rows["3"], COLUMNS.index("#corrections")).data() == 1, timeout=5000)
    assert w.session.index.get(second).corrections == 1 and w.session.index.get(first).tags == ()
    select_row(qtbot, w, rows["3"])
    qtbot.waitUntil(lambda: any(a.replacement == "更正" for a in w.session.annotations(second)), timeout=5000)


def test_status_and_the_tag_status_filter(qtbot, window):
    w = window
    select_record(qtbot, w, "2")
    status_box = widget(w, QComboBox, "reviewStatus")
    status_box.setCurrentIndex(status_box.findData("proofread"))
    status_box.activated.emit(status_box.currentIndex())
    assert w.session.summary(rid(w)).status == "proofread"
    panel(w).tag_entered.emit("重点")
    assert w.session.summary(rid(w)).tags == ("重点",)
    assert "重点" in w.session.vocabulary.tags
    combo = widget(w, QComboBox, "labelFilter")
    model = table(w).model()

    def choose(data):
        combo.setCurrentIndex(combo.findData(data))
        combo.activated.emit(combo.currentIndex())

    choose("status:proofread")
    assert model.rowCount() == 1
    assert widget(w, QLabel, "statusText").text() == "1 of 5 records · 0 problems"
    choose("status:unread")
    assert model.rowCount() == 4
    choose("tag:重点")
    assert model.rowCount() == 1
    choose("")
    assert model.rowCount() == 5
    table(w).horizontalHeader().setSortIndicator(COLUMNS.index("#status"), Qt.SortOrder.DescendingOrder)
    assert model.index(0, COLUMNS.index("#status")).data() == "proofread"


# -- undo, panel edits, orphans ---------------------------------------------------------------


def test_undo_and_redo_cover_adds_edits_and_deletes(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织的教育")
    w.annotations.highlight("存疑")
    [a] = w.session.annotations(rid(w))
    monkeypatch.setattr(w.annotations.dialogs, "ask_colour", lambda colours, current: "人名")
    w.annotations.edit_annotation(a)
    assert w.session.annotations(rid(w))[0].colour == "人名"
    w.annotations.delete_annotation(w.session.annotations(rid(w))[0])
    assert w.session.annotations(rid(w)) == []
    w.action("undo").trigger()
    assert w.session.annotations(rid(w))[0].colour == "人名"
    w.action("undo").trigger()
    assert w.session.annotations(rid(w))[0].colour == "存疑"
    w.action("undo").trigger()
    assert w.session.annotations(rid(w)) == []
    w.action("redo").trigger()
    w.action("redo").trigger()
    assert w.session.annotations(rid(w))[0].colour == "人名"
    assert panel(w).model.rowCount() == 1


def test_orphan_is_listed_and_can_be_reattached(qtbot, window, archive):
    w = window
    src = str(archive / "multi-record.txt")
    store = AnnotationStore()
    orphan = Annotation.new("multi-record.txt#1", AnnotationKind.HIGHLIGHT, "甲", anchor=make_anchor("一段早已删去的文字", "ZW", 0, 9), colour="存疑")
    store.put(src, orphan)
    store.save()
    w.reload()
    wait_loaded(qtbot, w)
    qtbot.waitUntil(lambda: w.session.store.loaded(src), timeout=5000)
    select_record(qtbot, w, "3")
    [row] = panel(w).model.rows
    a, how = row.annotation, row.how
    assert how is Placement.ORPHAN and a.id == orphan.id
    assert "orphan: “一段早已删去的文字”" in panel(w).model.index(0).data()
    select_text(w, "确保")
    w.action("highlight").trigger()  # another change: the next save keeps the orphan
    w.annotations.flush()
    assert orphan.id in sidecar(archive)
    assert panel(w).model.rows[-1].annotation.id == orphan.id  # reading order: what is lost comes last
    panel(w).select_annotation(orphan.id)
    select_text(w, "学习培训")
    panel(w).reattach_button.click()
    reattached = [r for r in panel(w).model.rows if r[0].id == orphan.id]
    [row] = reattached
    assert row.how is Placement.POSITION and row.annotation.anchor.exact == "学习培训"


def highlight_and_tag(qtbot, w) -> None:
    """Two annotations for the browser: a highlight in record 3, the tag 甲
    on the table's first row."""
    select_record(qtbot, w, "3")
    select_text(w, "确保学习培训时间")
    w.action("highlight").trigger()
    w.annotations.set_vocabulary(["甲"])
    select_row(qtbot, w, 0)
    w.action("tag_1").trigger()


def test_browser_lists_filters_and_jumps(qtbot, window, archive):
    w = window
    highlight_and_tag(qtbot, w)
    w.action("browser").trigger()
    browser = widget(w, QDockWidget, "annotationBrowser")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 2 and browser.model.pending() == 0, timeout=5000)
    browser.kind.setCurrentIndex(browser.kind.findData("highlight"))
    assert browser.model.rowCount() == 1
    assert browser.count.text() == "1 of 2"
    browser.orphans.setChecked(True)
    assert browser.model.rowCount() == 0
    browser.orphans.setChecked(False)
    select_row(qtbot, w, 0)
    browser.view.clicked.emit(browser.model.index(0, 0))
    qtbot.waitUntil(lambda: w.current()[1] is not None and w.current()[1].get("TH") == "3", timeout=5000)
    assert w.reader.textCursor().selectedText() == "确保学习培训时间"


def test_listing_the_browsers_rows_is_a_job_the_background_work_yields_to(qtbot, window, archive, monkeypatch):
    """The user waits for the browser's rows once it is open: the checks,
    the sidecars being read and the spans being placed wait while they are
    listed (at a first opening of a million records the checks ran beside
    the listing)."""
    from viewer.core.annotations import export as annotation_export

    w = window
    highlight_and_tag(qtbot, w)
    busy = []
    real = annotation_export.unplaced_rows
    monkeypatch.setattr(annotation_export, "unplaced_rows",
                        lambda *a, **k: busy.append(w.foreground.busy()) or real(*a, **k))
    w.action("browser").trigger()
    browser = widget(w, QDockWidget, "annotationBrowser")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 2, timeout=5000)
    assert busy and all(busy)


def test_browser_lists_rows_before_their_spans_are_placed_and_keeps_the_selection(qtbot, window, archive,
                                                                                   monkeypatch):
    import threading

    from viewer.core.annotations import export

    w = window
    select_record(qtbot, w, "3")
    select_text(w, "确保学习培训时间")
    w.action("highlight").trigger()
    w.annotations.set_vocabulary(["甲"])
    w.action("tag_1").trigger()
    gate = threading.Event()
    real = export.place_rows
    monkeypatch.setattr(export, "place_rows", lambda a, rows, *more: gate.wait(10) and real(a, rows, *more))
    collected = []
    real_collect = export.collect
    monkeypatch.setattr(export, "collect", lambda *a, **k: collected.append(1) or real_collect(*a, **k))
    try:
        w.action("browser").trigger()
        browser = widget(w, QDockWidget, "annotationBrowser")
        qtbot.waitUntil(lambda: browser.model.rowCount() == 2, timeout=5000)
        assert len(collected) == 1  # showing it collects the rows once
        assert browser.model.pending() == 1
        assert browser.count.text() == "2 of 2 · placing spans…"
        browser.view.selectRow(1)
        chosen = [e.annotation.id for e in browser.selected()]
        browser.orphans.setChecked(True)  # nothing is an orphan yet: not placed
        assert browser.model.rowCount() == 0
        browser.orphans.setChecked(False)
        browser.view.selectRow(1)
    finally:
        gate.set()
    qtbot.waitUntil(lambda: browser.model.pending() == 0, timeout=5000)
    assert browser.count.text() == "2 of 2" and browser.count.toolTip() == ""
    assert [e.annotation.id for e in browser.selected()] == chosen
    assert export.PENDING not in {e.placement for e in browser.model.rows}


def test_rows_arranged_in_the_background_for_an_older_sort_are_sorted_again(qtbot, window, archive, monkeypatch):
    """The browser's rows are collected and sorted in the background as it
    was arranged then; sorted otherwise meanwhile, it shows them as it is
    arranged now."""
    import threading

    from viewer.core.annotations import export

    w = window
    highlight_and_tag(qtbot, w)
    browser = widget(w, QDockWidget, "annotationBrowser")
    kind = export.BROWSER_COLUMNS.index("kind")
    for order, expected in ((Qt.SortOrder.AscendingOrder, ["highlight", "tag"]),
                            (Qt.SortOrder.DescendingOrder, ["tag", "highlight"])):
        browser.view.sortByColumn(kind, Qt.SortOrder.DescendingOrder if expected[0] == "highlight"
                                  else Qt.SortOrder.AscendingOrder)  # the arrangement the job is given
        gate = threading.Event()
        real = export.unplaced_rows
        monkeypatch.setattr(export, "unplaced_rows", lambda *a, real=real, gate=gate: gate.wait(10) and real(*a))
        try:
            if browser.isVisible():
                w.annotations.refresh_browser()
            else:
                w.action("browser").trigger()
            qtbot.wait(300)  # (the job waits at the gate)
            browser.view.sortByColumn(kind, order)
        finally:
            gate.set()
        qtbot.waitUntil(lambda: browser.model.rowCount() == 2 and browser.model.pending() == 0, timeout=5000)
        assert [e.annotation.kind.value for e in browser.model.rows] == expected
        monkeypatch.setattr(export, "unplaced_rows", real)


def test_a_browser_shown_while_the_annotation_files_are_read_fills_in_when_they_are(qtbot, open_window, archive,
                                                                                     monkeypatch):
    import threading

    from viewer.core.session import Session

    store = AnnotationStore()
    source = str(archive / "multi-record.txt")
    for th in range(3):
        store.put(source, Annotation.new(f"multi-record.txt#{th}", AnnotationKind.TAG, "甲", tag=f"标签{th}"))
    assert store.save()[1] == []
    gate = threading.Event()
    real = Session.read_annotations
    monkeypatch.setattr(Session, "read_annotations", lambda self, *more: gate.wait(10) and real(self, *more))
    try:
        w = open_window([archive])
        browser = widget(w, QDockWidget, "annotationBrowser")
        with qtbot.waitSignal(browser.model.modelReset, timeout=5000):  # the rows known so far: none
            w.action("browser").trigger()
        qtbot.wait(100)
        assert browser.model.rowCount() == 0
        assert "reading annotation files" in browser.count.text() and browser.reading()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: browser.model.rowCount() == 3, timeout=5000)
    assert not browser.reading()
    assert browser.count.text() == "3 of 3"


# -- saving -------------------------------------------------------------------------


def test_closing_100_ms_after_a_note_still_saves_it(qtbot, window, archive, monkeypatch):
    w = window
    select_record(qtbot, w, "4")
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: "关窗前的批注")
    w.action("note").trigger()
    qtbot.wait(100)
    w.close()
    texts = [a.text for a in sidecar(archive).values()]
    assert texts == ["关窗前的批注"]


def test_read_only_folder_goes_to_the_fallback_and_says_so(qtbot, window, archive, tmp_path, read_only):
    w = window
    read_only(archive)
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.action("highlight").trigger()
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
    wait_loaded(qtbot, w)
    qtbot.waitUntil(lambda: bool(w.session.store.unreadable()), timeout=5000)
    qtbot.waitUntil(lambda: "cannot be read" in w.statusBar().currentMessage(), timeout=5000)
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.action("highlight").trigger()
    w.annotations.flush()
    assert bad.read_bytes().endswith(b'"records": {')
    assert (archive / "multi-record.txt.annotations.recovery.json").exists()


def test_export_from_the_window(qtbot, window, tmp_path):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.action("highlight").trigger()
    out = tmp_path / "out.jsonl"
    w.annotations.export(str(out), "jsonl")
    qtbot.waitUntil(lambda: out.exists(), timeout=5000)
    [row] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert row["anchor"]["exact"] == "接受党组织" and row["key"] == "multi-record.txt#0"
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == f"Exported 1 annotation to {out}", timeout=5000)
    w.action("status_proofread").trigger()
    again = tmp_path / "again.jsonl"
    w.annotations.export(str(again), "jsonl")
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == f"Exported 2 annotations to {again}", timeout=5000)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "md", "w3c"])
def test_the_window_and_the_cli_export_the_same_annotations(qtbot, window, tmp_path, archive, capsys, fmt):
    from viewer.cli import main

    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.action("highlight").trigger()
    w.action("status_proofread").trigger()
    out = tmp_path / f"out.{fmt}"
    w.annotations.export(str(out), fmt)
    qtbot.waitUntil(lambda: out.exists(), timeout=5000)
    capsys.readouterr()
    assert main(["annotations", str(archive), "--format", fmt, "--workers", "0"]) == 0
    assert capsys.readouterr().out == out.read_text("utf-8")


def test_panel_model_passes_the_model_tester(qtmodeltester, window, qtbot):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.action("highlight").trigger()
    qtmodeltester.check(panel(w).model)
    w.action("browser").trigger()
    browser = widget(w, QDockWidget, "annotationBrowser")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1, timeout=5000)
    qtmodeltester.check(browser.model)
    assert isinstance(panel(w).model, CardsModel)


def test_a_failed_save_is_reported_and_retried(qtbot, window, archive, monkeypatch):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    w.action("highlight").trigger()
    w.annotations.flush()
    assert "could not be saved" in w.statusBar().currentMessage()
    assert w.session.store.dirty
    assert not (archive / ("multi-record.txt" + SUFFIX)).exists()
    monkeypatch.undo()
    w.annotations.flush()
    assert len(sidecar(archive)) == 1


def test_tagging_everything_then_undoing_leaves_the_archive_clean(qtbot, window, archive):
    w = window
    before = sorted(p.name for p in archive.rglob("*"))
    w.annotations.set_vocabulary(["先进性教育"])
    view = table(w)
    view.selectAll()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_1)
    w.annotations.flush()
    assert (archive / ("multi-record.txt" + SUFFIX)).exists()
    w.action("undo").trigger()
    w.annotations.flush()
    after = sorted(p.name for p in archive.rglob("*") if p.name != ".archive-viewer-tags.txt")
    assert after == before
    w.reload()
    wait_loaded(qtbot, w)
    own = [p for p in w.session.archive.problems if p.kind.value == "sidecar"]
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
    wait_loaded(qtbot, w)
    qtbot.waitUntil(lambda: "cannot be read" in w.statusBar().currentMessage(), timeout=5000)
    select_record(qtbot, w, "2")
    select_text(w, "接受党组织")
    w.action("highlight").trigger()
    w.annotations.flush()
    assert (archive / "multi-record.txt.annotations.recovery.json").exists()
    if content is not None:
        assert bad.read_bytes() == content


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_for_the_tag_list_does_not_hang_the_window(tmp_path):
    from viewer.core.annotations.vocabulary import FILENAME, Vocabulary

    os.mkfifo(tmp_path / FILENAME)
    vocabulary = Vocabulary(str(tmp_path))
    assert vocabulary.load() == []  # not the starter list: there is a file, it just cannot be read
    with pytest.raises(OSError):
        vocabulary.save()  # and it is not written over


def test_validating_what_you_proofread_is_refused_and_the_status_box_stays_true(qtbot, window):
    from PySide6.QtWidgets import QMainWindow

    w = window
    select_record(qtbot, w, "2")
    box = widget(w, QComboBox, "reviewStatus")

    def choose(level):
        box.setCurrentIndex(box.findData(level))
        box.activated.emit(box.currentIndex())

    choose("proofread")
    info = widget(w, QLabel, "recordInfo")
    assert info.text().startswith("proofread by 校对员, ")
    choose("validated")
    assert box.currentData() == "proofread" and w.session.status(rid(w)) == "proofread"
    assert QMainWindow.statusBar(w).currentMessage() == (
        "Not marked validated: you proofread it; another editor must validate it")
    w.session.author = "审核员"
    choose("validated")
    assert box.currentData() == "validated" and info.text().startswith("validated by 审核员, ")
    assert [box.itemData(i) for i in range(box.count())] == [
        "unread", "read", "flagged", "problematic", "proofread", "validated"]


def test_a_note_a_merge_kept_against_a_deletion_is_marked_until_edited(qtbot, open_window, archive, monkeypatch):
    kept = Annotation("c1", "multi-record.txt#0", AnnotationKind.NOTE, "乙", "2026-01-01T00:00:00.000000Z",
                      "2026-01-02T00:00:00.000000Z", text="乙改过的批注", conflict=True)
    from viewer.core.annotations.sidecar import serialize

    (archive / ("multi-record.txt" + SUFFIX)).write_bytes(serialize([kept], None))
    w = open_window([archive])
    select_record(qtbot, w, "2")
    model = panel(w).model
    card = model.index(0)
    assert card.data().startswith("note ⚠ · 乙") and card.data(Qt.ItemDataRole.ToolTipRole).startswith("Conflict: changed in one copy")
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: text)
    panel(w).edit_requested.emit(model.rows[0][0])
    assert model.index(0).data().startswith("note · ") and not w.session.annotations(rid(w))[0].conflict


def test_the_status_box_is_right_after_a_restart(qtbot, open_window, archive, tmp_path):
    settings_path = str(tmp_path / "settings" / "restart.ini")
    w = open_window([archive], settings_path=settings_path)
    select_record(qtbot, w, "2")
    box = widget(w, QComboBox, "reviewStatus")
    box.setCurrentIndex(box.findData("proofread"))
    box.activated.emit(box.currentIndex())
    w.close()  # saves, as a user's close does
    again = open_window([archive], settings_path=settings_path, wait=False)
    # The very first time the record is shown, every view of it agrees.
    shown = []
    again.table.current_changed.connect(lambda: shown.append(
        (again.current()[1] and again.current()[1].get("TH"), widget(again, QComboBox, "reviewStatus").currentData())))
    wait_loaded(qtbot, again)
    select_record(qtbot, again, "2")
    assert ("2", "proofread") in shown
    assert all(status == "proofread" for th, status in shown if th == "2")
    status_column = table(again).model().index(table(again).currentIndex().row(), COLUMNS.index("#status"))
    qtbot.waitUntil(lambda: status_column.data() == "proofread", timeout=5000)


def test_every_place_of_a_long_record_maps_back_and_forth(qapp):
    """One position finder for many places (a record's search hits) gives
    what the document says, at every code point of every field."""
    from viewer.ui.article import PositionFinder

    paragraphs = [f"第{i}段𠮷，党员和群众。" * (1 + i % 3) for i in range(40)]
    record = parse_text(record_text(bt="标题𠮷", extra="〖YT/引题〗引题〖-YT/引题〗", body="\n".join(paragraphs))).records[0]
    doc = QTextDocument()
    build(doc, record, "x.txt", [])
    finder = PositionFinder(doc)
    for field, text in (("ZW", record.body()), ("BT", "标题𠮷"), ("YT", "引题")):
        for cp in range(len(text) + 1):
            pos = finder.position(field, cp)
            assert pos is not None and field_offset(doc, pos) == (field, cp), (field, cp)
    assert finder.position("FT", 0) is None


def test_a_new_archive_starts_with_a_starter_vocabulary_that_keys_use_and_that_is_written_only_when_used(
        qtbot, window, archive):
    from viewer.core.annotations.vocabulary import FILENAME, STARTER

    w = window
    assert w.session.vocabulary.tags == list(STARTER)
    assert w.action("tag_1").text() == "Toggle “人物”"
    assert not (archive / FILENAME).exists()
    select_record(qtbot, w, "2")
    table(w).setFocus()
    qtbot.keyClick(table(w), Qt.Key.Key_1)
    assert w.session.summary(rid(w)).tags == ("人物",)
    assert w.statusBar().currentMessage() == "Tagged 1 record “人物” — Ctrl+Z to undo"
    assert widget(w, QLabel, "selectionInfo").text() == ""  # one record: no count
    panel(w).tag_entered.emit("自己的")
    qtbot.waitUntil(lambda: (archive / FILENAME).exists(), timeout=3000)
    assert (archive / FILENAME).read_text("utf-8").split() == [*STARTER, "自己的"]


def test_the_position_finder_maps_every_offset_back_to_itself(qapp):
    from viewer.ui.article import PositionFinder

    record, body, doc, _anchors = _decorated("𠮷𠮷先进性教育活动\n第二段里的党员𠮷和群众", [
        ("n", "先进", "note", "", "批注"), ("c", "党员", "correction", "", "群众")])
    finder = PositionFinder(doc)
    for field, text in (("ZW", body), ("BT", record.get("BT"))):
        for cp in range(len(text) + 1):
            assert field_offset(doc, finder.position(field, cp)) == (field, cp), (field, cp)
