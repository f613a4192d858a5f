"""The annotation cards of a record: reading order and the sidebar's filter (Qt-free)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from viewer.core.annotations.anchoring import Placement, make_anchor
from viewer.core.annotations.cards import ARTICLE_ORDER, CardFilter, Placed, cards, reading_order
from viewer.core.annotations.model import Annotation, AnnotationKind

TEXT = "新华社北京六月五日电今天的报纸说了很多话" * 3


def placed(kind: AnnotationKind, field: str | None, start: int = 0, end: int = 2, *, orphan: bool = False,
           colour: str = "", created: str = "2026-01-01T00:00:00.000000Z") -> Placed:
    anchor = make_anchor(TEXT, field, start, end) if field else None
    a = Annotation.new("r.txt#0", kind, "甲", anchor=anchor, colour=colour)
    a = replace(a, created=created)
    how = None if anchor is None else Placement.ORPHAN if orphan else Placement.POSITION
    return Placed(a, how, -1 if orphan or not field else start, -1 if orphan or not field else end)


def test_whole_record_notes_first_then_the_article_in_print_order_then_orphans():
    body_late = placed(AnnotationKind.HIGHLIGHT, "ZW", 10, 12)
    body_early = placed(AnnotationKind.CORRECTION, "ZW", 2, 4)
    title = placed(AnnotationKind.NOTE, "BT", 5, 6)
    kicker = placed(AnnotationKind.HIGHLIGHT, "YT", 20, 22)
    record_note = placed(AnnotationKind.NOTE, None)
    lost = placed(AnnotationKind.HIGHLIGHT, "ZW", 0, 2, orphan=True)
    order = reading_order([lost, body_late, title, record_note, body_early, kicker])
    assert order == [record_note, kicker, title, body_early, body_late, lost]


def test_tags_and_statuses_are_not_cards_and_the_filter_narrows_by_kind_and_colour():
    red = placed(AnnotationKind.HIGHLIGHT, "ZW", 1, 3, colour="重要")
    blue = placed(AnnotationKind.HIGHLIGHT, "ZW", 4, 6, colour="存疑")
    note = placed(AnnotationKind.NOTE, "ZW", 7, 8)
    fix = placed(AnnotationKind.CORRECTION, "ZW", 9, 10)
    tag = Placed(Annotation.new("r.txt#0", AnnotationKind.TAG, "甲", tag="人物"), None)
    status = Placed(Annotation.new("r.txt#0", AnnotationKind.STATUS, "甲", status="read"), None)
    rows = [fix, tag, note, blue, status, red]
    assert cards(rows) == [red, blue, note, fix]
    assert cards(rows, CardFilter(frozenset({AnnotationKind.HIGHLIGHT}))) == [red, blue]
    assert cards(rows, CardFilter(colour="存疑")) == [blue]
    assert cards(rows, CardFilter(frozenset({AnnotationKind.NOTE}), "存疑")) == []
    assert not CardFilter().narrows and CardFilter(colour="重要").narrows


@given(st.lists(st.tuples(st.sampled_from([*ARTICLE_ORDER, "XX", None]), st.integers(0, 40), st.booleans()),
                max_size=12))
def test_reading_order_is_a_total_order_that_keeps_every_card(specs):
    rows = [placed(AnnotationKind.NOTE, field, start, start + 1, orphan=orphan and field is not None)
            for field, start, orphan in specs]
    order = reading_order(rows)
    assert sorted(id(r) for r in order) == sorted(id(r) for r in rows)
    assert reading_order(list(reversed(rows))) == order  # the input order does not matter
    ranks = [0 if r.annotation.anchor is None else 2 if r.how is Placement.ORPHAN else 1 for r in order]
    assert ranks == sorted(ranks)
