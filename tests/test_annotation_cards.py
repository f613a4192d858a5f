"""The annotation sidebar's cards: reading order, a click to the span, the
note edited in place, the kind and colour filters, tag chips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QToolButton,
)
from test_annotating import rid, select_record, select_text

from conftest import table, widget
from viewer.core.annotations.model import AnnotationKind
from viewer.ui.article import STATUS_CHIPS, document_position, field_offset
from viewer.ui.reader import HIT_COLOUR
from viewer.ui.settings import Settings


@pytest.fixture
def window(qtbot, open_window, tmp_path, archive_copy):
    settings_path = str(tmp_path / "settings" / "s.ini")
    settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
    settings.author = "校对员"
    settings.sync()
    w = open_window([archive_copy], settings_path=settings_path)
    w.resize(1400, 900)
    yield w
    w.annotations.flush()


def panel(w):
    return widget(w, QDockWidget, "annotationPanel")


def annotate_three(w, monkeypatch) -> None:
    """A highlight late in the body, a note before it, a correction first."""
    select_text(w, "确保学习培训时间")
    w.action("highlight").trigger()
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: "一条批注")
    select_text(w, "各级党组织要安排足够的领导力量")
    w.action("note").trigger()
    monkeypatch.setattr(w.annotations.dialogs, "ask_correction",
                        lambda quote, rep, reason, status: {"replacement": "中共", "reason": "", "status": "open"})
    select_text(w, "春节长假")
    w.action("correction").trigger()


def quotes(w) -> list[str]:
    return [r.annotation.anchor.exact for r in panel(w).model.rows]


def test_cards_are_in_reading_order_and_a_click_shows_the_span(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    body = w.current()[1].body()
    annotate_three(w, monkeypatch)
    expected = sorted(["确保学习培训时间", "各级党组织要安排足够的领导力量", "春节长假"], key=body.index)
    assert quotes(w) == expected
    view = widget(w, QListView, "annotationCards")
    last = panel(w).model.index(2)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(last).center())
    start = body.index(expected[2])
    assert w.reader.selected_span() == ("ZW", start, start + len(expected[2]))
    correction = next(i for i, r in enumerate(panel(w).model.rows) if r.annotation.kind is AnnotationKind.CORRECTION)
    text = panel(w).model.index(correction).data()
    assert "→ 中共  · open" in text and "校对员" in text  # the replacement, its status, the author
    image = view.grab().toImage()  # the cards are painted, each with its colour bar
    bar = view.visualRect(panel(w).model.index(expected.index("确保学习培训时间")))
    assert image.pixelColor(bar.left() + 6, bar.center().y()) == QColor(w.settings.colours["重要"])


def test_a_note_is_edited_in_place_and_ctrl_enter_keeps_it(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    annotate_three(w, monkeypatch)
    note = next(r.annotation for r in panel(w).model.rows if r.annotation.kind is AnnotationKind.NOTE)
    panel(w).select_annotation(note.id)
    assert panel(w).edit_note()
    editor = widget(w, QPlainTextEdit, "cardNoteEditor")
    assert editor.toPlainText() == "一条批注"
    editor.selectAll()
    editor.insertPlainText("改过的批注\n第二行")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(a.text == "改过的批注\n第二行" for a in w.session.annotations(rid(w))), timeout=3000)
    assert panel(w).current().annotation.id == note.id  # the card edited stays chosen
    w.action("undo").trigger()  # an in-place edit is an edit like any other
    assert any(a.text == "一条批注" for a in w.session.annotations(rid(w)))


def test_escape_drops_an_edit_in_place(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    annotate_three(w, monkeypatch)
    highlight = next(r.annotation for r in panel(w).model.rows if r.annotation.kind is AnnotationKind.HIGHLIGHT)
    panel(w).select_annotation(highlight.id)
    panel(w).edit_note()
    editor = widget(w, QPlainTextEdit, "cardNoteEditor")
    editor.insertPlainText("不要了")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert all(not a.text for a in w.session.annotations(rid(w)) if a.kind is AnnotationKind.HIGHLIGHT)


def test_the_cards_filter_by_kind_and_by_colour_and_say_when_nothing_matches(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    annotate_three(w, monkeypatch)
    kinds = widget(w, QComboBox, "cardKind")
    kinds.setCurrentIndex(kinds.findData("note"))
    kinds.activated.emit(kinds.currentIndex())
    assert [r.annotation.kind for r in panel(w).model.rows] == [AnnotationKind.NOTE]
    kinds.setCurrentIndex(0)
    kinds.activated.emit(0)
    colours = widget(w, QComboBox, "cardColour")
    colours.setCurrentIndex(colours.findData("重要"))
    colours.activated.emit(colours.currentIndex())
    assert quotes(w) == ["确保学习培训时间"]
    colours.setCurrentIndex(colours.findData("存疑"))
    colours.activated.emit(colours.currentIndex())
    assert panel(w).model.rowCount() == 0
    assert "matches the filter" in widget(w, QListView, "annotationCards").empty_text
    # clicking a drawn annotation shows its card, whatever the filter hid
    highlight = next(a for a in w.session.annotations(rid(w)) if a.kind is AnnotationKind.HIGHLIGHT)
    w.reader.annotation_clicked.emit(highlight.id)
    assert panel(w).current().annotation.id == highlight.id


def test_a_record_without_annotations_says_how_to_make_one(qtbot, window):
    w = window
    select_record(qtbot, w, "2")
    assert panel(w).model.rowCount() == 0
    assert "press H to highlight" in widget(w, QListView, "annotationCards").empty_text


def test_tags_show_as_chips_and_a_chip_removes_its_tag(qtbot, window):
    w = window
    select_record(qtbot, w, "2")
    box = panel(w).tag_edit
    box.setText("人物")
    box.returnPressed.emit()
    chips = widget(w, QDockWidget, "annotationPanel").findChild(type(panel(w).chips), "tagChips")
    [chip] = chips.findChildren(QToolButton)
    assert chip.text().startswith("人物")
    assert panel(w).model.rowCount() == 0  # a tag is a chip, not a card
    chip.click()
    assert not [a for a in w.session.annotations(rid(w)) if a.kind is AnnotationKind.TAG]
    qtbot.waitUntil(lambda: not chips.findChildren(QToolButton), timeout=2000)


def test_the_card_model_passes_the_model_tester(qtmodeltester, qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    annotate_three(w, monkeypatch)
    qtmodeltester.check(panel(w).model)



# -- what is on the record, shown on the record -----------------------------------------------


def test_the_reader_header_shows_tags_status_and_notes_on_the_whole_record(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "2")
    meta_line = next(line for line in w.reader.toPlainText().split("\n") if "总期" in line or "第" in line)
    panel(w).tag_entered.emit("人物")
    box = widget(w, QComboBox, "reviewStatus")
    box.setCurrentIndex(box.findData("flagged"))
    box.activated.emit(box.currentIndex())
    w.reader.moveCursor(w.reader.textCursor().MoveOperation.Start)  # no selection: a note on the whole record
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: "整条记录的批注\n第二行")
    w.action("note").trigger()
    lines = w.reader.toPlainText().split("\n")
    at = lines.index(meta_line)
    assert "人物" in lines[at + 1] and "flagged" in lines[at + 1]  # chips on the line under the metadata
    assert lines[at + 2: at + 4] == ["✎ 整条记录的批注", "第二行"]
    doc = w.reader.document()
    assert doc.find("第二行").block() == doc.find("整条记录的批注").block()  # one note, one block
    # the header is not record text: a selection across it maps only to the fields
    chip = doc.find("人物")
    assert field_offset(doc, chip.selectionStart()) is None
    body = w.current()[1].body()
    select_text(w, body[:6])
    assert w.reader.selected_span() == ("ZW", 0, 6)
    # the chip's colours are the status's
    cursor = QTextCursor(doc)
    cursor.setPosition(doc.find("flagged").selectionStart() + 1)
    assert cursor.charFormat().background().color().name() == STATUS_CHIPS["flagged"][0]


def test_search_hits_are_boxes_that_leave_a_highlight_under_them_visible(qtbot, window):
    w = window
    select_record(qtbot, w, "2")
    select_text(w, "党员")
    w.action("highlight").trigger()
    qtbot.waitUntil(lambda: w.session.search_ready(), timeout=20000)
    w.findChild(QLineEdit, "searchBox").setText("党员")
    w.search.start_search()
    qtbot.waitUntil(lambda: w.reader.search_hit_count > 1, timeout=5000)
    current, *others = w.reader.extraSelections()[: w.reader.search_hit_count]
    colours = {QColor(c).name() for c in w.settings.colours.values()}
    assert current.format.background().color() == QColor(HIT_COLOUR)  # the current hit is filled, unlike any highlight
    assert QColor(HIT_COLOUR).name() not in colours
    assert all(not s.format.hasProperty(QTextFormat.Property.BackgroundBrush) for s in others)
    boxed = w.reader.boxed()
    assert len(boxed) == w.reader.search_hit_count - 1
    rects = [r for c, _ in boxed for r in w.reader.span_rects(c) if w.reader.viewport().rect().contains(r.center().toPoint())]
    assert rects
    image = w.reader.viewport().grab().toImage()
    edge = rects[0]
    found = {image.pixelColor(int(edge.left()) - 1 + dx, int(edge.center().y())).name() for dx in range(0, 3)}
    assert any(QColor(c).green() > QColor(c).red() + 40 for c in found)  # the green outline is drawn


# -- acting on the text itself -------------------------------------------------------------------


def drag_over(qtbot, w, text: str) -> None:
    """Select ``text`` of the body with the mouse, as a user does."""
    body = w.current()[1].body()
    start = body.index(text)
    doc = w.reader.document()
    a, b = QTextCursor(doc), QTextCursor(doc)
    a.setPosition(document_position(doc, "ZW", start))
    b.setPosition(document_position(doc, "ZW", start + len(text)))
    w.reader.setTextCursor(a)
    w.reader.ensureCursorVisible()
    p, q = w.reader.cursorRect(a).center(), w.reader.cursorRect(b).center()
    viewport = w.reader.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=p)
    qtbot.mouseMove(viewport, q)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=q)


def test_selecting_text_brings_up_the_toolbar_which_highlights_notes_and_corrects(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    drag_over(qtbot, w, "确保学习培训时间")
    toolbar = widget(w, QFrame, "selectionToolbar")
    assert toolbar.isVisible() and w.reader.selected_span() is not None
    widget(toolbar, QToolButton, "colour:存疑").click()
    [a] = w.session.annotations(rid(w))
    assert (a.kind, a.colour, a.anchor.exact) == (AnnotationKind.HIGHLIGHT, "存疑", "确保学习培训时间")
    assert not toolbar.isVisible()
    drag_over(qtbot, w, "春节长假")
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: "放假")
    widget(toolbar, QToolButton, "noteButton").click()
    assert any(x.kind is AnnotationKind.NOTE and x.text == "放假" for x in w.session.annotations(rid(w)))
    drag_over(qtbot, w, "两会")
    qtbot.keyClick(w.reader, Qt.Key.Key_Escape)
    assert not toolbar.isVisible()


def test_clicking_a_highlight_offers_its_colour_its_note_and_delete(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    drag_over(qtbot, w, "确保学习培训时间")
    toolbar = widget(w, QFrame, "selectionToolbar")
    widget(toolbar, QToolButton, "colour:重要").click()
    [a] = w.session.annotations(rid(w))
    body = w.current()[1].body()
    doc = w.reader.document()
    inside = QTextCursor(doc)
    inside.setPosition(document_position(doc, "ZW", body.index("学习培训") + 1))
    qtbot.mouseClick(w.reader.viewport(), Qt.MouseButton.LeftButton, pos=w.reader.cursorRect(inside).center())
    assert toolbar.isVisible() and not widget(toolbar, QToolButton, "correctionButton").isVisible()
    widget(toolbar, QToolButton, "colour:人名").click()
    [a] = w.session.annotations(rid(w))
    assert a.colour == "人名"
    qtbot.mouseClick(w.reader.viewport(), Qt.MouseButton.LeftButton, pos=w.reader.cursorRect(inside).center())
    monkeypatch.setattr(w.annotations.dialogs, "ask_note", lambda quote, text: "高亮的批注")
    widget(toolbar, QToolButton, "noteButton").click()
    [a] = w.session.annotations(rid(w))
    assert a.text == "高亮的批注"
    qtbot.mouseClick(w.reader.viewport(), Qt.MouseButton.LeftButton, pos=w.reader.cursorRect(inside).center())
    widget(toolbar, QToolButton, "deleteButton").click()
    assert w.session.annotations(rid(w)) == []
    w.action("undo").trigger()
    assert len(w.session.annotations(rid(w))) == 1


def test_right_clicking_a_highlight_offers_colour_edit_and_delete(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "3")
    drag_over(qtbot, w, "确保学习培训时间")
    widget(w, QFrame, "selectionToolbar").findChild(QToolButton, "colour:重要").click()
    body = w.current()[1].body()
    doc = w.reader.document()
    inside = QTextCursor(doc)
    inside.setPosition(document_position(doc, "ZW", body.index("学习培训") + 1))
    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *args: shown.append(menu))
    w.reader.customContextMenuRequested.emit(w.reader.cursorRect(inside).center())
    [menu] = shown
    texts = [x.text() for x in menu.actions()]
    assert "Delete This Annotation" in texts and "Edit Note…" in texts
    assert "Copy Link Location" not in " ".join(texts)
    recolour = next(x.menu() for x in menu.actions() if x.menu() and x.text() == "Change Colour of This Highlight")
    next(x for x in recolour.actions() if x.text() == "地名").trigger()
    assert w.session.annotations(rid(w))[0].colour == "地名"
    next(x for x in menu.actions() if x.text() == "Delete This Annotation").trigger()
    assert w.session.annotations(rid(w)) == []


def test_marking_a_selection_says_how_many_and_how_to_undo(qtbot, window):
    w = window
    view = table(w)
    view.selectAll()
    assert widget(w, QLabel, "selectionInfo").text() == "5 selected"
    w.action("status_read").trigger()
    assert w.statusBar().currentMessage() == "Marked 5 records read — Ctrl+Z to undo"
    w.action("undo").trigger()
    assert all(w.session.status(view.model().record_id(r)) == "unread" for r in range(5))


def test_an_ampersand_in_a_tag_or_a_colour_name_is_shown_not_taken_for_a_shortcut_key(qtbot, window, monkeypatch):
    w = window
    select_record(qtbot, w, "2")
    panel(w).tag_entered.emit("R&D")
    [chip] = panel(w).chips.findChildren(QToolButton)
    assert chip.text().startswith("R&&D")  # drawn as "R&D"
    w.annotations.set_vocabulary(["R&D"])
    assert w.action("tag_1").text() == "Toggle “R&&D”"
    w.annotations.set_colours({"A&B": "#ffe066"})
    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *args: shown.append(menu))
    w.reader.customContextMenuRequested.emit(w.reader.rect().center())
    colours = next(a.menu() for a in shown[0].actions() if a.menu() is not None)
    assert [a.text() for a in colours.actions()] == ["A&&B"]
