"""Review levels: a history of who set each level, validation by another editor."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEEDS
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
