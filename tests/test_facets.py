"""Facet counts, periods and filters (core)."""

from __future__ import annotations

from conftest import record_text
from viewer.core.annotations.index import AnnotationIndex, Summary
from viewer.core.records.archive import Archive
from viewer.core.search.facets import (
    FacetFilter,
    day_ids,
    neighbour_day,
    per_period,
    status_counts,
    tag_counts,
    value_counts,
)


def make(tmp_path, write):
    specs = [
        ("20050101", "01", "1", "要闻", "消息"),
        ("20050101", "02", "2", "国内时事", "消息"),
        ("20050101", "02", "1", "国内时事", "评论"),
        ("20050115", "10", "1", "国内时事", "消息"),
        ("20050320", "01", "1", "要闻", "通讯"),
        ("bad", "04", "1", "国际", "消息"),
    ]
    for i, (rq, bh, th, bm, tc) in enumerate(specs):
        write(f"r{i}.txt", record_text(rq=rq, bh=bh, th=th, extra=f"〖BM/版名〗{bm}〖-BM/版名〗〖TC/体裁〗{tc}〖-TC/体裁〗"))
    return Archive.open([tmp_path], workers=0)


def test_value_counts(tmp_path, write):
    a = make(tmp_path, write)
    assert value_counts(a, a.ids(), "BM") == [("国内时事", 3), ("要闻", 2), ("国际", 1)]
    assert value_counts(a, a.ids(), "TC")[0] == ("消息", 4)
    assert [v for v, _ in value_counts(a, a.ids(), "BH")] == ["01", "02", "04", "10"]  # page order


def test_periods_fill_gaps_and_skip_bad_dates(tmp_path, write):
    a = make(tmp_path, write)
    assert per_period(a, a.ids(), "month") == [("2005-01", 4), ("2005-02", 0), ("2005-03", 1)]
    assert per_period(a, a.ids(), "month", fill=False) == [("2005-01", 4), ("2005-03", 1)]
    assert per_period(a, a.ids(), "year") == [("2005", 5)]
    assert per_period(a, [], "month") == []


def test_facet_filter(tmp_path, write):
    a = make(tmp_path, write)
    f = FacetFilter(values={"BM": {"国内时事", "要闻"}, "TC": {"消息"}})
    assert len(f.apply(a, a.ids())) == 3
    f = FacetFilter(date_from=20050110, date_to=20050331)
    assert [a.value(r, "RQ") for r in f.apply(a, a.ids())] == ["20050115", "20050320"]
    index = AnnotationIndex()
    index.set(0, Summary(tags=("重点",), status="read"))
    f = FacetFilter(tags={"重点"})
    assert f.apply(a, a.ids(), index) == [0]
    assert FacetFilter(statuses={"unread"}).apply(a, a.ids(), index) == [1, 2, 3, 4, 5]
    assert tag_counts(index, a.ids()) == [("重点", 1)]
    assert status_counts(index, a.ids()) == [("unread", 5), ("read", 1)]
    assert FacetFilter().is_empty()


def test_browsing_by_day(tmp_path, write):
    a = make(tmp_path, write)
    day = day_ids(a, 20050101)
    assert [(a.value(r, "BH"), a.value(r, "TH")) for r in day] == [("01", "1"), ("02", "1"), ("02", "2")]
    assert neighbour_day(a, 20050101, 1) == 20050115
    assert neighbour_day(a, 20050115, -1) == 20050101
    assert neighbour_day(a, 20050320, 1) is None


def test_counts_agree_with_counting_record_by_record(tmp_path):
    """Facet counts are numpy counts over value codes and over the labelled
    records only: the same as counting every record one by one."""
    import random
    from collections import Counter

    from viewer.bench import generate
    from viewer.core.annotations.index import AnnotationIndex, Summary
    from viewer.core.records.archive import Archive
    from viewer.core.search import facets as facet_core
    from viewer.core.search.labels import STATUS_ORDER

    generate(tmp_path, 300, seed=8)
    archive = Archive.open([tmp_path], workers=0)
    index = AnnotationIndex()
    rng = random.Random(5)
    for rid in rng.sample(range(len(archive)), 40):
        index.set(rid, Summary(tags=tuple(sorted(rng.sample(["重点", "待查", "人物"], rng.randint(0, 2)))),
                               status=rng.choice(STATUS_ORDER)))
    for ids in (range(len(archive)), sorted(rng.sample(range(len(archive)), 120)), [], [7]):
        for code in facet_core.FACET_FIELDS:
            column = archive.column(code)
            want = Counter(column[r] for r in ids)
            got = facet_core.value_counts(archive, ids, code)
            assert dict(got) == dict(want) and len(got) == len(want), code
        tags: Counter[str] = Counter()
        for r in ids:
            tags.update(index.tags_of(r))
        assert facet_core.tag_counts(index, ids) == sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))
        statuses = Counter(index.status_of(r) for r in ids)
        assert dict(facet_core.status_counts(index, ids)) == dict(statuses)


def test_each_facet_is_counted_under_the_others_selections_but_not_its_own(tmp_path, write):
    from viewer.core.search.facets import counts

    a = make(tmp_path, write)
    index = AnnotationIndex()
    index.set(1, Summary(tags=("重点",), status="read"))
    index.set(3, Summary(tags=("重点",)))
    nothing = counts(a, index, a.ids(), FacetFilter(), ("BM", "TC"))
    assert dict(nothing["BM"]) == {"国内时事": 3, "要闻": 2, "国际": 1}
    chosen = FacetFilter(values={"TC": {"消息"}, "BM": {"国内时事"}})
    got = counts(a, index, a.ids(), chosen, ("BM", "TC"))
    # 版名 under 体裁=消息 only: its own choice does not narrow it (one can add 要闻)
    assert dict(got["BM"]) == {"国内时事": 2, "要闻": 1, "国际": 1}
    # 体裁 under 版名=国内时事 only
    assert dict(got["TC"]) == {"消息": 2, "评论": 1}
    # tags under both
    assert dict(got["#tags"]) == {"重点": 2}
    # a choice with no record left under the others stays, at 0, so that it can be unchosen
    chosen = FacetFilter(values={"TC": {"通讯"}, "BM": {"国际"}})
    got = counts(a, index, a.ids(), chosen, ("BM", "TC"))
    assert ("国际", 0) in got["BM"] and ("通讯", 0) in got["TC"]
    # a search's records as the base
    assert dict(counts(a, index, [0, 4], FacetFilter(), ("BM",))["BM"]) == {"要闻": 2}
