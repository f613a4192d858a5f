"""Corrections never move silently: a correction placed on other text waits for an editor."""

from __future__ import annotations

import io
import json

import pytest

from conftest import record_text
from viewer.core.annotations.anchoring import Placement, make_anchor, needs_confirmation, reanchor
from viewer.core.annotations.model import AnnotationKind
from viewer.core.record_export import HELD_MOVED, apply_corrections, export_tagged
from viewer.core.session import Session

BODY = "记者就此事询问了有关方面。随后中油布问题得到答复，各方表示满意。"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "a"
    root.mkdir()
    (root / "r.txt").write_text(record_text(body=BODY), "utf-8")
    s = Session.open([str(root)], workers=0, author="甲")
    [rid] = s.archive.ids()
    body = s.archive.read(rid).body()
    i = body.index("中油布问")
    s.add(rid, s.new(rid, AnnotationKind.CORRECTION, anchor=make_anchor(body, "ZW", i, i + 4),
                     replacement="中油公司问", status="accepted"))
    s.save()
    return root


def reopen(root) -> tuple[Session, int]:
    s = Session.open([str(root)], workers=0, author="乙")
    [rid] = s.archive.ids()
    return s, rid


def change_source(root, old: str, new: str) -> None:
    path = root / "r.txt"
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_an_unchanged_file_has_nothing_to_confirm(folder):
    s, rid = reopen(folder)
    [p] = s.placed(rid, s.archive.read(rid))
    assert p.how is Placement.POSITION and not p.moved


def test_text_that_only_moved_is_not_a_question(folder):
    change_source(folder, "记者就此事", "本报记者昨日就此事")
    s, rid = reopen(folder)
    [p] = s.placed(rid, s.archive.read(rid))
    assert p.how is Placement.QUOTE and not p.moved and p.found == "中油布问"


def test_a_correction_placed_on_other_text_needs_confirmation_everywhere(folder, tmp_path):
    change_source(folder, "中油布问", "中石油问")
    s, rid = reopen(folder)
    record = s.archive.read(rid)
    [p] = s.placed(rid, record)
    assert p.how is Placement.FUZZY and p.moved and p.found == "中石油问"
    # never applied by an export
    done = apply_corrections(record, [p.annotation])
    assert done.applied == [] and done.held == [(p.annotation, HELD_MOVED)]
    export_tagged(s.archive, [rid], str(tmp_path / "out"), "utf-8", s.accepted_corrections([rid]))
    written = (tmp_path / "out" / "r.txt").read_text("utf-8")
    assert "中石油问" in written and "中油公司" not in written
    # and said so in the annotation exports
    out = io.StringIO()
    s.export_annotations("jsonl", out)
    row = json.loads(out.getvalue())
    assert row["needs_confirmation"] is True and row["found"] == "中石油问" and row["placement"] == "fuzzy"
    out = io.StringIO()
    s.export_annotations("md", out)
    assert "needs confirmation: the text there is now “中石油问”" in out.getvalue()


def test_an_editor_confirms_it_and_then_it_acts(folder, tmp_path):
    change_source(folder, "中油布问", "中石油问")
    s, rid = reopen(folder)
    record = s.archive.read(rid)
    [p] = s.placed(rid, record)
    changes = s.confirm_placement(rid, record, p.annotation)
    assert changes.records == {rid}
    [again] = s.placed(rid, record)
    assert again.how is Placement.POSITION and not again.moved
    assert again.annotation.anchor.exact == "中石油问" and again.annotation.author == "乙"
    assert apply_corrections(record, [again.annotation]).record.body().count("中油公司问") == 1
    s.undo()
    assert s.placed(rid, record)[0].moved  # undo brings the question back


def test_only_corrections_are_held_for_confirmation():
    anchor = make_anchor("中油布问题", "ZW", 0, 4)
    text = "中石油问题"
    how, start, end = reanchor(anchor, text)
    assert how is Placement.FUZZY and needs_confirmation(anchor, how, text, start, end)
    assert not needs_confirmation(anchor, Placement.ORPHAN, text, -1, -1)


# -- in the window ------------------------------------------------------------------------------------


def test_the_window_shows_a_moved_correction_as_a_question_until_confirmed(qtbot, open_window, folder):
    from PySide6.QtGui import QTextCharFormat, QTextCursor
    from PySide6.QtWidgets import QCheckBox, QDockWidget, QPushButton

    from conftest import select_row, widget
    from viewer.ui.article import document_position

    change_source(folder, "中油布问", "中石油问")
    w = open_window([folder])
    select_row(qtbot, w, 0)
    text = w.reader.toPlainText()
    assert "中石油问？题" in text and "中油公司问" not in text  # a question mark, not the replacement
    rid, record = w.current()
    start = record.body().index("中石油问")
    cursor = QTextCursor(w.reader.document())
    cursor.setPosition(document_position(w.reader.document(), "ZW", start) + 1)
    fmt = cursor.charFormat()
    assert not fmt.fontStrikeOut() and fmt.underlineStyle() is QTextCharFormat.UnderlineStyle.WaveUnderline
    assert "made on “中油布问”, the text here is “中石油问”" in fmt.toolTip()

    panel = widget(w, QDockWidget, "annotationPanel")
    assert "\nmoved: “中油布问”, now on “中石油问”\n" in panel.model.index(0).data()
    confirm = widget(w, QPushButton, "confirmPlacement")
    panel.view.setCurrentIndex(panel.model.index(0))
    assert confirm.isEnabled()

    w.action("browser").trigger()
    browser = widget(w, QDockWidget, "annotationBrowser")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1, timeout=5000)
    widget(w, QCheckBox, "movedCorrections").setChecked(True)
    qtbot.waitUntil(lambda: browser.model.rowCount() == 1 and browser.model.pending() == 0, timeout=5000)

    confirm.click()
    assert "中石油问中油公司问题" in w.reader.toPlainText()  # now a correction like any other
    assert "\n“中石油问”\n" in panel.model.index(0).data()
    panel.view.setCurrentIndex(panel.model.index(0))
    assert not confirm.isEnabled()
    qtbot.waitUntil(lambda: browser.model.rowCount() == 0, timeout=5000)  # no moved correction left
