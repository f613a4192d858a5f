"""Tracked changes: the record with its corrections applied, marked character by character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.annotations.anchoring import make_anchor
from viewer.core.annotations.model import AnnotationKind
from viewer.core.record_export import corrected_fields, corrected_text
from viewer.core.records.parser import parse_text
from viewer.core.records.textdiff import char_diff
from viewer.core.session import Session


@given(st.text(alphabet="党员教育〇○ab\n", max_size=30), st.text(alphabet="党员教育〇○ab\n", max_size=30))
def test_a_char_diff_rebuilds_both_texts(old, new):
    runs = char_diff(old, new)
    assert "".join(t for op, t in runs if op != "+") == old
    assert "".join(t for op, t in runs if op != "-") == new
    assert all(t for _op, t in runs)


def test_a_replacement_is_a_removal_then_an_addition():
    assert char_diff("中油布问题", "中石油问题") == [("=", "中"), ("+", "石"), ("=", "油"), ("-", "布"), ("=", "问题")]


def test_corrected_fields_and_text():
    record = parse_text(record_text(bt="关于中油布问题", body="第一段。\n己经完成。")).records[0]
    body = record.body()
    i = body.index("己经")
    fix = _correction(body, "ZW", i, i + 2, "已经")
    changes, done = corrected_fields(record, [fix])
    assert [(c.code, c.before == c.after) for c in changes] == [("BT", True), ("ZW", False)]
    assert changes[1].after == "第一段。\n已经完成。" and done.applied == [fix]
    assert corrected_text(changes) == "关于中油布问题\n\n第一段。\n已经完成。\n"


def _correction(text, field, start, end, replacement, status="accepted"):
    from viewer.core.annotations.model import Annotation

    return Annotation.new("x#0", AnnotationKind.CORRECTION, "甲", anchor=make_anchor(text, field, start, end),
                          replacement=replacement, status=status)


# -- the window ------------------------------------------------------------------------------------


def test_tracked_changes_in_the_window(qtbot, open_window, tmp_path, monkeypatch):
    from PySide6.QtGui import QGuiApplication, QTextCursor
    from PySide6.QtWidgets import QCheckBox, QDockWidget, QPushButton, QTextBrowser

    from conftest import select_row, widget

    root = tmp_path / "a"
    root.mkdir()
    (root / "r.txt").write_text(record_text(bt="关于中油布问题", body="第一段。\n己经完成，末来可期。"), "utf-8")
    s = Session.open([str(root)], workers=0, author="甲")
    [rid] = s.archive.ids()
    record = s.archive.read(rid)
    body = record.body()
    for find, replacement, status in (("己经", "已经", "accepted"), ("末来", "未来", "open")):
        i = body.index(find)
        s.add(rid, s.new(rid, AnnotationKind.CORRECTION, anchor=make_anchor(body, "ZW", i, i + 2),
                         replacement=replacement, status=status))
    s.save()

    w = open_window([root])
    select_row(qtbot, w, 0)
    w.action("tracked_changes").trigger()
    dock = widget(w, QDockWidget, "diffDock")
    text = widget(dock, QTextBrowser, "diffText")
    qtbot.waitUntil(lambda: "已经" in text.toPlainText(), timeout=5000)
    shown = text.toPlainText()
    assert "标题  关于中油布问题" in shown and "己已经完成" in shown and "末来可期" in shown  # 己 struck, 已 added

    def fmt_at(needle: str, offset: int = 0):
        cursor = QTextCursor(text.document())
        cursor.setPosition(text.toPlainText().index(needle) + offset + 1)
        return cursor.charFormat()

    assert fmt_at("己") .fontStrikeOut() and fmt_at("已").fontUnderline()
    assert not fmt_at("经").fontStrikeOut() and not fmt_at("经").fontUnderline()  # only the character that changed
    model = dock.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["accepted", "open"]
    assert model.index(1, 2).data().startswith("not applied: open")

    widget(dock, QCheckBox, "includeOpen").setChecked(True)
    assert "末未来可期" in text.toPlainText()

    dock.view.selectRow(1)
    widget(dock, QPushButton, "acceptCorrection").click()
    assert [a.status for a in w.session.annotations(rid)] == ["accepted", "accepted"]
    widget(dock, QPushButton, "rejectAll").click()
    assert [a.status for a in w.session.annotations(rid)] == ["rejected", "rejected"]
    w.action("undo").trigger()
    assert [a.status for a in w.session.annotations(rid)] == ["accepted", "accepted"]

    widget(dock, QPushButton, "copyCorrected").click()
    assert QGuiApplication.clipboard().text() == "关于中油布问题\n\n第一段。\n已经完成，未来可期。\n"
    out = tmp_path / "corrected.txt"
    w.diff.save(str(out))
    assert out.read_text("utf-8") == "关于中油布问题\n\n第一段。\n已经完成，未来可期。\n"
    w.diff.save(str(out))  # never over a file
    assert out.read_text("utf-8") == "关于中油布问题\n\n第一段。\n已经完成，未来可期。\n"
