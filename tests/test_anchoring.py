"""Anchoring spans: positions in code points, UTF-16 at Qt's boundary, re-anchoring."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.annotations.anchoring import (
    Anchor,
    Placement,
    cp_to_utf16,
    field_text,
    make_anchor,
    reanchor,
    utf16_to_cp,
)
from viewer.core.records.parser import parse_text

TEXT = "新华社北京2月16日电 中央保持共产党员先进性教育活动领导小组16日向各地各部门发出通知，要求参加第一批先进性教育活动的单位把学习培训工作引向深入。"


def span(text: str, quote: str) -> tuple[int, int]:
    i = text.index(quote)
    return i, i + len(quote)


def test_utf16_conversion_with_a_character_outside_the_bmp():
    text = "𠮷野家的先进性教育"
    start, end = span(text, "先进性")
    assert (start, end) == (4, 7)
    q0, q1 = cp_to_utf16(text, start), cp_to_utf16(text, end)
    assert (q0, q1) == (5, 8)  # 𠮷 is two UTF-16 units
    assert text.encode("utf-16-le")[q0 * 2 : q1 * 2].decode("utf-16-le") == "先进性"
    assert (utf16_to_cp(text, q0), utf16_to_cp(text, q1)) == (start, end)
    assert utf16_to_cp(text, 10_000) == len(text)


def test_anchor_keeps_quote_and_context():
    start, end = span(TEXT, "先进性教育活动领导小组")
    a = make_anchor(TEXT, "ZW", start, end)
    assert a.exact == "先进性教育活动领导小组"
    assert a.prefix == TEXT[max(0, start - 32) : start]
    assert a.suffix == TEXT[end : end + 32]
    assert Anchor.from_json(a.to_json()) == a
    with pytest.raises(ValueError):
        make_anchor(TEXT, "ZW", 5, len(TEXT) + 1)


def test_unchanged_text_places_by_position():
    a = make_anchor(TEXT, "ZW", *span(TEXT, "学习培训"))
    assert reanchor(a, TEXT) == (Placement.POSITION, *span(TEXT, "学习培训"))


def test_text_inserted_before_the_quote_reanchors():
    a = make_anchor(TEXT, "ZW", *span(TEXT, "学习培训工作"))
    changed = "（本报讯）𠮷" + TEXT
    placement, start, end = reanchor(a, changed)
    assert placement is Placement.QUOTE
    assert changed[start:end] == "学习培训工作"


def test_nearest_of_several_occurrences_with_context():
    text = "先进性教育。" * 3
    a = make_anchor(text, "ZW", 6, 11)  # the second 先进性教育
    changed = "前言。" + text
    placement, start, _ = reanchor(a, changed)
    assert placement is Placement.QUOTE
    assert start == 9


def test_typo_fixed_inside_the_quote_anchors_fuzzily():
    with_typo = TEXT.replace("领导小组", "领导小租")
    a = make_anchor(with_typo, "ZW", *span(with_typo, "教育活动领导小租16日向各地"))
    placement, start, end = reanchor(a, TEXT)
    assert placement is Placement.FUZZY
    assert TEXT[start:end] == "教育活动领导小组16日向各地"


def test_deleted_passage_is_an_orphan():
    a = make_anchor(TEXT, "ZW", *span(TEXT, "要求参加第一批先进性教育活动的单位"))
    changed = TEXT.replace("要求参加第一批先进性教育活动的单位把学习培训工作引向深入。", "")
    assert reanchor(a, changed) == (Placement.ORPHAN, -1, -1)


def test_field_text_for_body_and_titles(seed_text):
    record = parse_text(seed_text).records[0]
    assert field_text(record, "BT") == "要求参加第一批活动的单位把学习培训工作引向深入"
    body = field_text(record, "ZW")
    assert body.split("\n")[0].startswith("新华社北京2月16日电")
    assert body.count("\n") == 8


texts = st.text(alphabet=st.sampled_from("党员教育活动学习培训𠮷㐀，。ab\n"), min_size=1, max_size=120)


@given(texts, st.data())
@settings(max_examples=200)
def test_any_span_round_trips_and_survives_insertions(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a = make_anchor(text, "ZW", start, end)
    assert reanchor(a, text) == (Placement.POSITION, start, end)
    inserted = data.draw(texts)
    placement, s2, e2 = reanchor(a, inserted + text)
    assert placement is not Placement.ORPHAN
    assert (inserted + text)[s2:e2] == a.exact or placement is Placement.FUZZY
    q = cp_to_utf16(text, start)
    assert utf16_to_cp(text, q) == start
