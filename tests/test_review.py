"""Review levels: a history of who set each level, validation by another editor."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEEDS, record_text
from viewer.core.annotations import review
from viewer.core.annotations.model import Annotation, AnnotationKind, ReviewStatus
from viewer.core.annotations.sidecar import SUFFIX
from viewer.core.search.labels import STATUS_ORDER
from viewer.core.session import Session


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(SEEDS, root)
    return root


def open_as(root, author: str) -> Session:
    return Session.open([str(root)], workers=0, author=author)


def first(s: Session) -> int:
    return next(r for r in s.archive.ids() if s.archive.source(r).relpath == "multi-record.txt")


def test_the_levels_in_order_everywhere():
    assert tuple(s.value for s in ReviewStatus) == STATUS_ORDER
    assert STATUS_ORDER == ("unread", "read", "flagged", "problematic", "proofread", "validated")


def test_only_another_editor_validates_what_was_proofread(root):
    a = open_as(root, "甲")
    rid = first(a)
    assert a.set_status([rid], "proofread").records == {rid}
    refused = a.set_status([rid], "validated")
    assert not refused and refused.refused == ((rid, review.SAME_EDITOR),)
    assert a.status(rid) == "proofread"
    a.save()

    b = open_as(root, "乙")
    assert b.set_status([rid], "validated").records == {rid}
    summary = b.summary(rid)
    assert (summary.status, summary.status_by) == ("validated", "乙") and summary.status_at
    assert review.explain(review.SAME_EDITOR) == "you proofread it; another editor must validate it"


@pytest.mark.parametrize("level", ["unread", "read", "flagged", "problematic"])
def test_a_record_not_proofread_cannot_be_validated(root, level):
    s = open_as(root, "甲")
    rid = first(s)
    s.set_status([rid], level)
    changes = s.set_status([rid], "validated")
    assert changes.refused == ((rid, review.NOT_PROOFREAD),) and s.status(rid) == level


def test_a_batch_validates_what_it_may_and_lists_the_rest(root):
    a = open_as(root, "甲")
    rids = [r for r in a.archive.ids()][:3]
    a.set_status(rids[:1], "proofread")
    a.author = "乙"
    a.set_status(rids[1:2], "proofread")
    changes = a.set_status(rids, "validated")
    assert changes.records == {rids[0]}
    assert dict(changes.refused) == {rids[1]: review.SAME_EDITOR, rids[2]: review.NOT_PROOFREAD}


def test_every_level_is_kept_with_its_author_and_undo_goes_back_one(root):
    s = open_as(root, "甲")
    rid = first(s)
    s.set_status([rid], "read")
    s.set_status([rid], "proofread")
    s.author = "乙"
    s.set_status([rid], "validated")
    past = review.history(s.annotations(rid))
    assert [(a.status, a.author) for a in past] == [("read", "甲"), ("proofread", "甲"), ("validated", "乙")]
    assert s.set_status([rid], "validated").records == frozenset()  # already there: nothing added
    s.undo()
    assert s.status(rid) == "proofread" and s.summary(rid).status_by == "甲"
    s.save()
    saved = json.loads((root / ("multi-record.txt" + SUFFIX)).read_text("utf-8"))
    assert saved["version"] == 2
    levels = [x for x in saved["records"]["multi-record.txt#0"] if x["kind"] == "status"]
    assert sorted((x["status"], x.get("deleted", False)) for x in levels) == [
        ("proofread", False), ("read", False), ("validated", True)]


def test_a_version_1_sidecar_with_one_edited_status_still_reads(root):
    old = {
        "format": "archive-viewer-annotations", "version": 1,
        "records": {"multi-record.txt#0": [
            {"author": "丙", "created": "2025-01-01T00:00:00.000000Z", "id": "s1", "kind": "status",
             "modified": "2025-03-01T00:00:00.000000Z", "status": "flagged"},
        ]},
    }
    (root / ("multi-record.txt" + SUFFIX)).write_text(json.dumps(old, ensure_ascii=False), "utf-8")
    s = open_as(root, "甲")
    rid = first(s)
    assert (s.status(rid), s.summary(rid).status_by) == ("flagged", "丙")
    s.set_status([rid], "proofread")
    s.save()
    saved = json.loads((root / ("multi-record.txt" + SUFFIX)).read_text("utf-8"))
    assert saved["version"] == 2  # migrated on its next save; the old level is kept as history
    assert {x["status"] for x in saved["records"]["multi-record.txt#0"]} == {"flagged", "proofread"}


def _status(i: int, status: str, author: str, modified: str) -> Annotation:
    return Annotation(f"id{i}", "a.txt#0", AnnotationKind.STATUS, author, modified, modified, status=status)


@given(st.lists(st.tuples(st.sampled_from(STATUS_ORDER), st.sampled_from("甲乙丙"),
                          st.integers(0, 50), st.booleans()), max_size=12), st.randoms())
def test_the_level_is_the_newest_live_status_in_any_order(entries, rnd):
    items = [_status(i, s, a, f"2026-01-01T00:00:{t:02d}.000000Z") for i, (s, a, t, _d) in enumerate(entries)]
    items = [a if not d else a.tombstone(a.author) for a, (_s, _a, _t, d) in zip(items, entries)]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    live = [a for a in items if not a.deleted]
    level = review.current(shuffled)
    if not live:
        assert level == review.Level()
    else:
        newest = max(live, key=lambda a: (a.modified, a.author, a.id))
        assert (level.status, level.author, level.time) == (newest.status, newest.author, newest.modified)


# -- the review queue ---------------------------------------------------------------------------


@pytest.fixture
def days(tmp_path):
    """Two days of three items each, written in an order unlike their date order."""
    root = tmp_path / "d"
    for day, th in [(18, 2), (17, 3), (18, 1), (17, 1), (18, 3), (17, 2)]:
        path = root / f"200502{day}" / f"{day}-{th}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record_text(rq=f"200502{day}", th=str(th), bt=f"{day}日{th}条"), "utf-8")
    return Session.open([str(root)], workers=0, author="甲")


def titles(s: Session, rids) -> list[str]:
    return [s.archive.value(r, "BT") for r in rids]


def walk(s: Session, goal: str = "proofread") -> list[str]:
    seen, rid = [], None
    while True:
        rid, wrapped = s.next_to_review(rid, goal)
        if rid is None or wrapped:
            return titles(s, seen)
        seen.append(rid)


def test_the_queue_goes_in_date_page_item_order_whatever_the_sort(days):
    days.listing.sort("BT", descending=True)
    assert walk(days) == ["17日1条", "17日2条", "17日3条", "18日1条", "18日2条", "18日3条"]


def test_the_queue_skips_what_is_done_and_keeps_to_the_filter(days):
    by_title = {days.archive.value(r, "BT"): r for r in days.archive.ids()}
    days.set_status([by_title["17日2条"]], "proofread")
    days.set_status([by_title["18日1条"]], "problematic")
    assert walk(days) == ["17日1条", "17日3条", "18日1条", "18日2条", "18日3条"]
    days.listing.set_quick_filter("18日")
    assert walk(days) == ["18日1条", "18日2条", "18日3条"]


def test_the_queue_goes_round_once_and_says_so(days):
    by_title = {days.archive.value(r, "BT"): r for r in days.archive.ids()}
    rid, wrapped = days.next_to_review(by_title["18日3条"], "proofread")
    assert titles(days, [rid]) == ["17日1条"] and wrapped
    days.set_status(list(days.archive.ids()), "proofread")
    assert days.next_to_review(None, "proofread") == (None, False)


def test_the_validation_queue_holds_what_others_proofread(days):
    by_title = {days.archive.value(r, "BT"): r for r in days.archive.ids()}
    days.set_status([by_title["17日3条"], by_title["18日1条"]], "proofread")  # by 甲
    days.author = "乙"
    days.set_status([by_title["17日1条"]], "proofread")
    assert walk(days, "validated") == ["17日3条", "18日1条"]  # 乙 validates 甲's work, not their own
    days.set_status([by_title["17日3条"]], "validated")
    assert walk(days, "validated") == ["18日1条"]


def test_progress_counts_the_shown_records_and_the_archive(days):
    by_title = {days.archive.value(r, "BT"): r for r in days.archive.ids()}
    assert not days.review_progress().started
    days.set_status([by_title["17日1条"], by_title["18日1条"]], "proofread")
    days.author = "乙"
    days.set_status([by_title["18日1条"]], "validated")
    days.set_status([by_title["18日2条"]], "flagged")
    p = days.review_progress()
    assert p.started and not p.filtering and p.total == 6
    assert (p.archive["proofread"], p.archive["validated"], p.archive["flagged"], p.archive["unread"]) == (1, 1, 1, 3)
    days.listing.set_quick_filter("18日")
    p = days.review_progress()
    assert p.filtering and p.shown_total == 3
    assert (p.shown["proofread"], p.shown["validated"], p.shown["flagged"], p.shown["unread"]) == (0, 1, 1, 1)
    assert p.shown == days.index.level_counts(days.listing.ids, 6)  # counted from the annotated records only
    assert p.archive["proofread"] == 1


# -- the review queue in the window -----------------------------------------------------------------


def test_f8_walks_the_queue_and_ctrl_f8_marks_and_moves_on(qtbot, open_window, days, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow

    from conftest import wait_current, widget
    from viewer.ui.settings import Settings

    settings_path = str(tmp_path / "s.ini")
    settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
    settings.author = "甲"
    settings.sync()
    w = open_window(days.paths, settings_path=settings_path)
    progress = widget(w, QLabel, "reviewProgress")
    assert not progress.isVisibleTo(w)  # nobody has reviewed anything yet
    by_title = {w.session.archive.value(r, "BT"): r for r in w.session.archive.ids()}

    def message() -> str:
        return QMainWindow.statusBar(w).currentMessage()

    w.table.select(by_title["17日1条"])
    wait_current(qtbot, w, BT="17日1条")
    w.action("mark_proofread_next").trigger()
    wait_current(qtbot, w, BT="17日2条")
    assert w.session.status(by_title["17日1条"]) == "proofread"
    assert progress.isVisibleTo(w) and progress.text() == "1 of 6 proofread, 0 validated"
    w.action("next_to_proofread").trigger()
    wait_current(qtbot, w, BT="17日3条")

    w.action("next_to_validate").trigger()  # 甲 proofread the only proofread record
    assert message() == "No shown record is left for you to validate"
    w.session.author = "乙"
    w.action("next_to_validate").trigger()
    wait_current(qtbot, w, BT="17日1条")
    w.action("mark_validated_next").trigger()
    assert progress.text() == "1 of 6 proofread, 1 validated"
    assert message() == "No shown record is left for you to validate"

    w.session.author = "甲"
    w.table.select(by_title["18日3条"])
    wait_current(qtbot, w, BT="18日3条")
    w.action("next_to_proofread").trigger()  # past the last: round to the first still to do
    wait_current(qtbot, w, BT="17日2条")
    assert message() == "Back at the first record still to do"
    quick = widget(w, QLineEdit, "quickFilter")
    quick.setText("18日")
    qtbot.waitUntil(lambda: progress.text().startswith("Shown: 0 of 3 proofread"), timeout=5000)
    assert progress.text() == "Shown: 0 of 3 proofread, 0 validated · archive: 1 of 6, 1 validated"


# -- progress -------------------------------------------------------------------------------------------


def test_progress_by_level_editor_and_month(days):
    from viewer.core import progress

    by_title = {days.archive.value(r, "BT"): r for r in days.archive.ids()}
    days.set_status([by_title["17日1条"], by_title["18日1条"]], "proofread")
    days.set_status([by_title["17日2条"]], "problematic")
    days.author = "乙"
    days.set_status([by_title["18日1条"]], "validated")
    r = progress.report(days.archive, days.index)
    assert r.total == 6
    assert r.levels == {"unread": 3, "read": 0, "flagged": 0, "problematic": 1, "proofread": 1, "validated": 1}
    assert r.editors == {"乙": {"validated": 1}, "甲": {"problematic": 1, "proofread": 1}}
    assert r.months == {"2005-02": {"unread": 3, "problematic": 1, "proofread": 1, "validated": 1}}
    [(month, work)] = r.work.items()
    assert len(month) == 7 and work == {"乙": 1, "甲": 1}  # from the current levels alone
    r = progress.report(days.archive, days.index, history=days.status_history())
    [(month, work)] = r.work.items()
    assert work == {"乙": 1, "甲": 2}  # 甲 proofread the record 乙 validated


def test_the_progress_command(days, capsys):
    from viewer.cli import main

    by_title = {days.archive.value(r, "BT"): r for r in days.archive.ids()}
    days.set_status([by_title["17日1条"], by_title["17日2条"]], "proofread")
    days.save()
    assert main(["progress", *days.paths, "--workers", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "6 records: 2 proofread (0 of them validated)"
    assert any(line.split() == ["甲", "0", "0", "0", "0", "2", "0"] for line in out)
    assert any(line.split() == ["2005-02", "4", "0", "0", "0", "2", "0"] for line in out)
    assert main(["progress", str(days.paths[0]) + "-missing"]) == 2
    assert capsys.readouterr().out == ""  # nothing but the error
    assert main(["progress", *days.paths, "--format", "jsonl", "--workers", "0"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == {"total": 6, "levels": {"unread": 4, "read": 0, "flagged": 0, "problematic": 0, "proofread": 2, "validated": 0}}
    assert rows[1] == {"editor": "甲", "levels": {"proofread": 2}}
    assert rows[2] == {"month": "2005-02", "levels": {"unread": 4, "proofread": 2}}
    assert rows[3]["editor"] == "甲" and rows[3]["records"] == 2


def test_the_statistics_dock_charts_the_work_by_editor(qtbot, open_window, days):
    from PySide6.QtWidgets import QDockWidget

    from conftest import widget

    by_title = {days.archive.value(r, "BT"): r for r in days.archive.ids()}
    days.set_status([by_title["17日1条"]], "proofread")
    days.author = "乙"
    days.set_status([by_title["17日2条"], by_title["17日3条"]], "proofread")
    days.save()
    w = open_window(days.paths)
    w.action("charts").trigger()
    charts = widget(w, QDockWidget, "statisticsDock")
    charts.kind.setCurrentIndex(charts.kind.findData("review"))
    qtbot.waitUntil(lambda: len(charts.table) == 2, timeout=5000)
    header, row = charts.table
    assert header == ["label", "乙", "甲"] and row[1:] == [2, 1]
    assert charts.view.chart().legend().isVisible()
    w.table.select(by_title["17日3条"])
    w.session.author = "丙"
    w.action("status_validated").trigger()  # 乙's work is validated by 丙: the chart follows
    qtbot.waitUntil(lambda: charts.table[0] == ["label", "丙", "乙", "甲"], timeout=5000)
    assert charts.table[1][1:] == [1, 2, 1]  # 乙 keeps the credit for proofreading it
