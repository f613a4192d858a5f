"""Batch corrections: find and replace over a query as proposals, made corrections in bulk, undone in one step."""

from __future__ import annotations

import pytest

from conftest import record_text
from viewer.cli import main
from viewer.core import batch_corrections
from viewer.core.annotations.model import AnnotationKind
from viewer.core.session import Session


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "a"
    for day, th, bt, body in [
        ("19660101", "1", "一九六〇年的〇号文件", "正文里也有〇。"),
        ("19660102", "1", "没有圈的标题", "正文里的〇不在标题。"),
        ("19670101", "1", "〇〇的标题", "第一段。"),
    ]:
        path = root / f"{day}-{th}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record_text(rq=day, th=th, bt=bt, body=body), "utf-8")
    return root


def session(root, author: str = "甲") -> Session:
    return Session.open([str(root)], workers=0, author=author)


def corrections(s: Session) -> list[tuple[str, str, str, str]]:
    out = []
    for rid in s.archive.ids():
        for a in s.annotations(rid):
            if a.kind is AnnotationKind.CORRECTION:
                out.append((s.archive.value(rid, "RQ"), a.anchor.field, a.anchor.exact, a.status))
    return sorted(out)


def test_proposals_come_in_context_and_change_nothing(root):
    s = session(root)
    found = batch_corrections.find(s.archive, s.archive.ids(), [("〇", "○")], fields=["BT"])
    assert [(s.archive.value(p.rid, "RQ"), p.start, p.left, p.right) for p in found] == [
        ("19660101", 3, "一九六", "年的〇号文件"), ("19660101", 6, "一九六〇年的", "号文件"),
        ("19670101", 0, "", "〇的标题"), ("19670101", 1, "〇", "的标题")]
    assert corrections(s) == [] and not list(root.glob("*.annotations.json"))


def test_longer_finds_win_and_places_already_corrected_are_skipped(root):
    s = session(root)
    pairs = [("〇", "○"), ("〇〇", "○○")]
    found = batch_corrections.find(s.archive, s.archive.ids(), pairs, fields=["BT"])
    assert [(p.found, p.start) for p in found if s.archive.value(p.rid, "RQ") == "19670101"] == [("〇〇", 0)]
    s.add_corrections(found, "open")
    again = batch_corrections.find(s.archive, s.archive.ids(), pairs, fields=["BT"],
                                   taken=batch_corrections.overlapping(s.correction_spans()))
    assert again == []  # not even a single 〇 inside the 〇〇 corrected


def test_made_into_corrections_in_one_edit_and_undone_in_one(root):
    s = session(root)
    found = batch_corrections.find(s.archive, s.archive.ids(), [("〇", "○")])
    changes = s.add_corrections(found, "open", "Propose")
    assert len(changes.records) == 3 and len(corrections(s)) == len(found) == 6
    assert {status for *_x, status in corrections(s)} == {"open"}
    chosen = [(rid, a) for rid in s.archive.ids() for a in s.annotations(rid) if a.kind is AnnotationKind.CORRECTION]
    s.set_correction_status(chosen[:3], "accepted")
    assert sorted(status for *_x, status in corrections(s)) == ["accepted"] * 3 + ["open"] * 3
    s.undo()
    assert {status for *_x, status in corrections(s)} == {"open"}
    s.undo()
    assert corrections(s) == []


def test_a_proposal_whose_text_changed_is_not_made(root):
    s = session(root)
    found = batch_corrections.find(s.archive, s.archive.ids(), [("〇", "○")], fields=["ZW"])
    path = root / "19660101-1.txt"
    path.write_text(path.read_text("utf-8").replace("也有〇", "也有零"), "utf-8")
    s.add_corrections(found, "open")
    assert [rq for rq, *_x in corrections(s)] == ["19660102"]


# -- the command line ---------------------------------------------------------------------------


def test_correct_over_a_query_proposes_then_accepts(root, capsys):
    args = ["correct", str(root), "--find", "〇", "--replace", "○", "--field", "标题", "--query", "日期:1966", "--workers", "0"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "19660101-1.txt#0\tBT\t一九六[〇→○]年的〇号文件"
    assert out[-1] == "2 places in 1 record (nothing written: --dry-run)"
    assert not list(root.glob("*.annotations.json"))
    assert main([*args, "--author", "乙"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 corrections proposed (open, to review) in 1 record"
    s = session(root)
    assert corrections(s) == [("19660101", "BT", "〇", "open")] * 2
    assert {a.author for rid in s.archive.ids() for a in s.annotations(rid)} == {"乙"}
    assert main(["correct", str(root), "--find", "〇", "--replace", "○", "--accept", "--workers", "0"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "4 corrections accepted in 3 records"


def test_correct_with_a_list_of_misreadings(root, tmp_path, capsys):
    (tmp_path / "list.txt").write_text("〇号→○号\n标题→標題\n只有错的\n", "utf-8")
    assert main(["correct", str(root), "--confusions", str(tmp_path / "list.txt"), "--dry-run", "--workers", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "4 places in 3 records (nothing written: --dry-run)"


@pytest.mark.parametrize("args,message", [
    (["--find", "〇"], "give --find TEXT and --replace TEXT"),
    (["--find", "〇", "--replace", "〇"], "are the same text"),
    (["--find", "〇", "--replace", "○", "--confusions", "x.txt"], "either --find and --replace, or --confusions"),
    (["--find", "〇", "--replace", "○", "--query", "/[/"], "bad query"),
    (["--find", "〇", "--replace", "○", "--field", "XX"], "--field: no field called 'XX'"),
])
def test_correct_usage_errors_are_one_line(root, capsys, args, message):
    assert main(["correct", str(root), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


# -- the window ------------------------------------------------------------------------------------


def test_find_and_replace_in_the_window_then_bulk_accept_and_undo(qtbot, open_window, root):
    from PySide6.QtWidgets import QDialog, QDockWidget, QLineEdit, QPushButton

    from conftest import widget

    w = open_window([root])
    w.action("find_replace").trigger()
    dialog = widget(w, QDialog, "batchCorrections")
    widget(dialog, QLineEdit, "findText").setText("〇")
    widget(dialog, QLineEdit, "replaceText").setText("○")
    widget(dialog, QPushButton, "findButton").click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 6, timeout=5000)
    assert dialog.model.index(0, 3).data() == "〇 → ○"
    dialog.model.setData(dialog.model.index(0, 0), 0, 10)  # untick the first (Qt.CheckStateRole)
    widget(dialog, QPushButton, "proposeTicked").click()
    assert len(corrections(w.session)) == 5
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)  # only the one left unticked remains

    w.action("browser").trigger()
    browser = widget(w, QDockWidget, "annotationBrowser")
    qtbot.waitUntil(lambda: browser.model.rowCount() == 5, timeout=5000)
    browser.view.selectAll()
    widget(w, QPushButton, "acceptSelected").click()
    assert {status for *_x, status in corrections(w.session)} == {"accepted"}
    w.action("undo").trigger()
    assert {status for *_x, status in corrections(w.session)} == {"open"}
    w.action("undo").trigger()
    assert corrections(w.session) == []
