"""The Session: one record identity, edits with undo, the status rule, the listing."""

from __future__ import annotations

import io
import os
import shutil

import pytest

from conftest import SEEDS, record_text
from viewer.core.annotations.model import AnnotationKind
from viewer.core.annotations.sidecar import SUFFIX
from viewer.core.search.query import parse_query
from viewer.core.session import Session


@pytest.fixture
def session(tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(SEEDS, root)
    return Session.open([str(root)], workers=0, author="编辑")


def rid_where(s: Session, th: str, name: str = "multi-record.txt") -> int:
    return next(r for r in s.archive.ids() if s.archive.value(r, "TH") == th and s.archive.source(r).relpath == name)


def test_one_record_identity(session):
    rid = rid_where(session, "3")
    source, index = session.locate(rid)
    assert source.endswith("multi-record.txt") and index == 1
    assert session.rid_of(source, index) == rid
    assert session.rid_of(source, 99) is None and session.rid_of("/nowhere.txt", 0) is None
    assert session.annotation_key(rid) == "multi-record.txt#1"


def test_edits_return_what_changed_and_undo_and_redo(session):
    a, b = rid_where(session, "2"), rid_where(session, "3")
    changes = session.toggle_tag([a, b], "重点")
    assert changes.records == {a, b} and changes.label == "Add tag 重点"
    assert session.index.get(a).tags == ("重点",)
    assert session.history.undo_label == "Add tag 重点"
    undone = session.undo()
    assert undone is not None and undone.records == {a, b}
    assert session.index.get(a).tags == () and session.annotations(a) == []
    redone = session.redo()
    assert redone is not None and session.index.get(b).tags == ("重点",)
    assert session.toggle_tag([a, b], "重点").label == "Remove tag 重点"
    assert session.index.get(a).tags == ()
    assert session.undo() and session.index.get(a).tags == ("重点",)


def test_a_new_edit_drops_what_could_be_redone(session):
    rid = rid_where(session, "2")
    session.set_status([rid], "read")
    session.undo()
    assert session.history.redo_label
    session.set_status([rid], "proofread")
    assert session.history.redo_label == "" and session.redo() is None


def test_the_status_rule_is_in_one_place(session):
    rid = rid_where(session, "4")
    assert session.status(rid) == "unread" == session.index.get(rid).status
    session.set_status([rid], "proofread")
    assert session.status(rid) == "proofread" == session.index.get(rid).status
    assert session.listing.index.filter_ids([rid], status="proofread") == [rid]


def test_edits_are_saved_and_read_again_by_a_new_session(session):
    rid = rid_where(session, "2")
    note = session.new(rid, AnnotationKind.NOTE, text="一条批注")
    session.add(rid, note, "Note")
    session.set_status([rid], "proofread")
    results, problems = session.save()
    assert problems == [] and any(r.written for r in results)
    again = Session.open(session.paths, workers=0)
    rid2 = again.rid_of(*session.locate(rid))
    assert again.status(rid2) == "proofread" and again.index.get(rid2).notes == 1
    assert again.note_texts()[rid2] == ["一条批注"]


def test_a_searcher_gathers_the_notes_when_it_first_needs_them(session, monkeypatch):
    """Making a searcher costs the window nothing: the notes of every
    sidecar are gathered by its search (in the search's thread)."""
    gathered = []
    real = Session.note_texts
    monkeypatch.setattr(Session, "note_texts", lambda self: gathered.append(1) or real(self))
    searcher = session.searcher()
    assert gathered == []
    rid = rid_where(session, "2")
    session.add(rid, session.new(rid, AnnotationKind.NOTE, text="后来的批注"), "Note")
    assert searcher.search(parse_query("批注:后来")).ids == [rid]
    assert searcher.search(parse_query("后来的批注")).ids == [rid]
    assert gathered == [1]  # once


def test_undoing_everything_leaves_no_sidecar(session):
    rids = list(session.archive.ids())
    session.toggle_tag(rids, "全部")
    session.save()
    folder = session.paths[0]
    assert any(p.endswith(SUFFIX) for p in os.listdir(folder))
    session.undo()
    session.save()
    assert not any(p.endswith(SUFFIX) for p in os.listdir(folder))


def test_the_cli_and_the_session_export_the_same_annotations(session, capsys):
    from viewer.cli import main

    rid = rid_where(session, "3")
    session.toggle_tag([rid], "甲")
    session.save()
    for fmt in ("jsonl", "csv", "md"):
        out = io.StringIO()
        session.export_annotations(fmt, out)
        assert main(["annotations", *session.paths, "--format", fmt, "--workers", "0"]) == 0
        assert capsys.readouterr().out == out.getvalue()


def test_an_annotation_export_tells_its_progress_and_stops_when_asked(session):
    import threading

    from viewer.core.files.steps import Cancelled, Steps

    rids = list(session.archive.ids())
    session.toggle_tag(rids, "甲")
    session.toggle_tag(rids[:1], "乙")
    session.toggle_tag(rids[:1], "乙")  # (taken off again: not exported, not counted)
    seen: list[tuple[int, int]] = []
    steps = Steps(0, lambda done, total: seen.append((done, total)), every=1)
    out = io.StringIO()
    assert session.export_annotations("jsonl", out, steps) == len(rids) == session.live_annotation_count()
    assert seen == [(i, len(rids)) for i in range(len(rids))]
    assert len(out.getvalue().splitlines()) == len(rids)
    cancel = threading.Event()
    cancel.set()
    for fmt in ("jsonl", "w3c"):
        out = io.StringIO()
        with pytest.raises(Cancelled):
            session.export_annotations(fmt, out, Steps(0, None, cancel, every=1))
        assert out.getvalue() == ""


def test_a_save_shows_what_another_program_wrote_meanwhile(session):
    """Another program (the CLI's correct, a git pull) adds to a sidecar
    this session has read; the session's next save merges it in (nothing is
    lost on disk) and says which records it changed, their summaries up to
    date, so that the window shows them (they stayed unseen until a reload)."""
    from viewer.core.annotations.model import Annotation
    from viewer.core.annotations.store import AnnotationStore

    mine, theirs = rid_where(session, "2"), rid_where(session, "3")
    session.toggle_tag([mine], "底")  # (the session has read the sidecar: it is there)
    session.save()
    session.merged_in()
    source = session.locate(theirs)[0]
    other = AnnotationStore()
    other.put(source, Annotation.new(session.annotation_key(theirs), AnnotationKind.NOTE, "乙", text="外来的批注"))
    other.save()
    assert session.merged_in() is None and session.index.get(theirs).notes == 0
    session.toggle_tag([mine], "甲")
    session.save()
    changes = session.merged_in()
    assert changes is not None and set(changes.records) == {theirs} and changes.sources == {source}
    assert session.index.get(theirs).notes == 1
    assert [a.text for a in session.annotations(theirs)] == ["外来的批注"]
    assert session.merged_in() is None  # (said once)
    assert any(rid == theirs for rid in session.note_texts())  # searches see it too


def test_an_edit_shows_what_another_program_wrote_in_a_sidecar_made_after_the_first_read(session):
    """A file had no sidecar when the window read them all; another program
    makes one; this session's first edit of that file reads it, and says
    which of its records the other program's annotations are on."""
    from viewer.core.annotations.model import Annotation
    from viewer.core.annotations.store import AnnotationStore

    session.apply_summaries(session.read_annotations())  # (as the window does after opening)
    mine, theirs = rid_where(session, "2"), rid_where(session, "3")
    source = session.locate(theirs)[0]
    other = AnnotationStore()
    other.put(source, Annotation.new(session.annotation_key(theirs), AnnotationKind.NOTE, "乙", text="外来的批注"))
    other.save()
    changes = session.toggle_tag([mine], "甲")
    assert set(changes.records) == {mine, theirs} and session.index.get(theirs).notes == 1
    assert session.merged_in() is None


# -- the listing ------------------------------------------------------------------------


@pytest.fixture
def days(tmp_path):
    for day in (17, 18):
        for th in range(1, 4):
            path = tmp_path / "d" / f"200502{day}" / f"{th}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_text(rq=f"200502{day}", th=str(th), bt=f"第{day}日{'教育' if th == 2 else '其他'}"), "utf-8")
    return Session.open([str(tmp_path / "d")], workers=0)


def test_filters_combine_and_the_day_replaces_them(days):
    listing = days.listing
    assert len(listing) == 6 and not listing.filtering()
    listing.set_quick_filter("教育")
    assert len(listing) == 2 and listing.filtering()
    listing.set_search({0, 1, 2})
    assert [days.archive.value(r, "BT") for r in listing.ids] == ["第17日教育"]
    listing.set_day(20050218)
    assert [days.archive.value(r, "TH") for r in listing.ids] == ["1", "2", "3"]  # the whole day, in page order
    listing.set_day(None)
    assert len(listing) == 1
    listing.clear_filters()
    assert len(listing) == 6


def test_sorting_the_other_way_keeps_ties_in_order_and_rows_are_found(days):
    """Sorting by the same column the other way is a stable sort, not a
    reversal: ties keep their order, so that it shows what a table sorted
    that way at once (a sort remembered from the last run) shows."""
    listing = days.listing
    default = listing.ids.tolist()
    listing.sort("BT")
    first = listing.ids.tolist()
    listing.sort("BT", descending=True)
    down = listing.ids.tolist()
    assert down == days.archive.sorted_ids(default, "BT", descending=True, collation=listing.collation)
    assert down != first[::-1]  # two 第17日其他 and two 第18日其他, in their order both ways
    assert [days.archive.value(r, "TH") for r in down] == ["1", "3", "2", "1", "3", "2"]  # 其他 (qi) after 教育 (jiao)
    assert listing.row_of(first[0]) == 5 and listing.row_of(None) == -1


def test_records_loaded_later_are_filtered_as_they_come(tmp_path):
    from viewer.core.records.loader import load

    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(record_text(bt="教育" if i % 2 else "其他"), "utf-8")
    s = Session([str(tmp_path)])
    s.listing.set_quick_filter("教育")
    shown = []
    for batch in load([str(tmp_path)], workers=0, batch=1):
        shown += s.add_batch(batch).tolist()
    assert [s.archive.value(r, "BT") for r in shown] == ["教育", "教育"]


def test_the_notes_searched_are_gathered_once_and_again_after_any_change(session, tmp_path, monkeypatch):
    """Every search of a plain term looks in the notes: they are gathered
    once and kept until an annotation changes (an edit, a deletion, an
    undo, a save that takes in another copy's changes)."""
    walked = []
    real = type(session.store).sources
    monkeypatch.setattr(type(session.store), "sources", lambda self: walked.append(1) or real(self))
    rid = rid_where(session, "2")

    def found(text: str) -> list[int]:
        return list(session.searcher().search(parse_query(text)).ids)

    note = session.new(rid, AnnotationKind.NOTE, text="一条批注")
    session.add(rid, note, "Note")
    assert found("一条批注") == [rid] and found("批注") == [rid] and len(walked) == 1  # gathered once
    session.edit(rid, note, "Edit", text="改过的评语")
    assert found("一条批注") == [] and found("改过的评语") == [rid]
    session.undo()
    assert found("一条批注") == [rid] and found("改过的评语") == []
    session.remove(rid, session.annotations(rid)[0], "Delete")
    assert found("一条批注") == []
    session.undo()
    assert found("一条批注") == [rid]
    assert session.save()[1] == []
    other = Session.open(session.paths, workers=0, author="另一位")  # another copy changes the sidecar
    rid2 = other.rid_of(*session.locate(rid))
    other.edit(rid2, other.annotations(rid2)[0], "Edit", text="别处改的批注")
    assert other.save()[1] == []
    before = len(walked)
    assert found("一条批注") == [rid] and len(walked) == before  # kept: nothing changed here
    session.toggle_tag([rid], "重点")
    assert found("一条批注") == [rid]
    assert session.save()[1] == []  # takes in the other copy's edit
    assert found("别处改的批注") == [rid] and found("一条批注") == []


def test_the_notes_searched_stay_kept_when_a_file_without_annotations_is_looked_at(session, monkeypatch):
    """Showing a record whose file has no sidecar reads nothing: the notes
    gathered for the searches are kept (each record shown made every search
    gather them again)."""
    walked = []
    real = type(session.store).sources
    monkeypatch.setattr(type(session.store), "sources", lambda self: walked.append(1) or real(self))
    rid = rid_where(session, "2")
    session.add(rid, session.new(rid, AnnotationKind.NOTE, text="一条批注"), "Note")
    session.note_texts()
    for other in session.archive.ids():
        session.annotations(other)  # (as the reader does for the record it shows)
    assert session.note_texts()[rid] == ["一条批注"] and len(walked) == 1
