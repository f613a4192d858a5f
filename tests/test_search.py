"""Search: the query language, exclusion patterns, results against a brute-force scan, KWIC."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import record_text
from viewer.bench import generate
from viewer.core.annotations.index import AnnotationIndex, Summary
from viewer.core.records.archive import Archive
from viewer.core.search.bodies import BodyStore
from viewer.core.search.kwic import kwic, sort_kwic
from viewer.core.search.query import QueryError, parse_query
from viewer.core.search.searcher import Hit, Searcher

# -- the query language ---------------------------------------------------------------


def test_terms_phrases_or_and_negation():
    q = parse_query('党员 "先进性 教育" 群众 OR 干部 -通知')
    assert [[t.text for t in g] for g in q.groups] == [["党员"], ["先进性 教育"], ["群众", "干部"]]
    assert [t.text for t in q.negated] == ["通知"]


@pytest.mark.parametrize(
    ("text", "field"),
    [("标题:教育", "BT"), ("title:教育", "BT"), ("版名:国内时事", "BM"), ("作者:新华社", "ZZ"), ("正文:教育", "ZW"), ("引题:x", "YT")],
)
def test_field_filters(text, field):
    [[term]] = parse_query(text).groups
    assert term.fields == (field,)


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("日期:2005-02-01..2005-02-28", 20050201, 20050228),
        ("date:2005-02", 20050201, 20050231),
        ("日期:2005", 20050101, 20051231),
        ("日期:..2005-03-01", None, 20050301),
        ("日期:20050217..", 20050217, None),
    ],
)
def test_date_ranges(text, lo, hi):
    q = parse_query(text)
    assert (q.date_from, q.date_to) == (lo, hi)


def test_tags_status_regex_and_exclusions():
    q = parse_query('tag:重点 status:Proofread /先进.{0,3}教育/ 江青!松江青浦!浙江青年')
    assert q.tags == ["重点"] and q.statuses == ["proofread"]
    regex, exclusion = q.positive_terms
    assert regex.regex is not None and regex.regex.pattern == "先进.{0,3}教育"
    assert exclusion.text == "江青" and exclusion.exclusions == ("松江青浦", "浙江青年")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"open', "closing"),
        ("OR 党员", "OR needs"),
        ("党员 OR", "OR needs"),
        ("日期:2005-13", "bad date"),
        ("日期:2005-03..2005-01", "ends before"),
        ("/[unclosed/", "regular expression"),
        ("江青!江西", "must contain"),
        ('""', "empty phrase"),
    ],
)
def test_bad_queries_say_why(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text)


# -- searching ---------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path, write):
    specs = [
        dict(bt="江青同志讲话", rq="20050201", body="江青在会上讲话。"),
        dict(bt="松江青浦新貌", rq="20050205", body="松江青浦一带发展迅速。"),
        dict(bt="浙江青年节", rq="20050210", body="浙江青年和江青无关。"),
        dict(bt="党员教育", rq="20050301", body="党员学习。江\n青年人。"),
        dict(bt="𠮷野家", rq="20050302", body="𠮷𠮷党员先进性教育活动"),
    ]
    for i, spec in enumerate(specs):
        write(f"r{i}.txt", record_text(th=str(i), **spec))
    archive = Archive.open([tmp_path], workers=0)
    store = BodyStore.build(archive, str(tmp_path / "cache"), workers=0)
    yield archive, Searcher(archive, store)
    store.close()


def titles(archive, result):
    return [archive.value(r, "BT") for r in result.ids]


def test_exclusion_patterns_remove_false_substring_hits(small):
    archive, s = small
    assert titles(archive, s.search(parse_query("江青"))) == ["江青同志讲话", "松江青浦新貌", "浙江青年节"]
    result = s.search(parse_query("江青!松江青浦!浙江青年"))
    # 浙江青年节 stays: its body has a real 江青 besides the excluded 浙江青年.
    assert titles(archive, result) == ["江青同志讲话", "浙江青年节"]
    rid = result.ids[1]
    assert [h.field for h in result.hits(rid)] == ["ZW"]


def test_one_and_two_character_queries(small):
    archive, s = small
    assert len(s.search(parse_query("江")).ids) == 4
    for text in ("江", "党员", "党员 -江青", "没有这个词"):  # the ids as an array too, made with them
        found = s.search(parse_query(text))
        assert found.id_array().tolist() == found.ids and found.id_array().dtype == np.int64
        assert not found.id_array().flags.writeable
    assert titles(archive, s.search(parse_query("党员"))) == ["党员教育", "𠮷野家"]


def test_hits_count_code_points_after_non_bmp_characters(small):
    archive, s = small
    result = s.search(parse_query("正文:先进性"))
    [rid] = result.ids
    assert result.hits(rid) == [Hit("ZW", 4, 7)]
    assert s.field_text(rid, "ZW")[4:7] == "先进性"


def test_paragraph_breaks_do_not_join_words(small):
    archive, s = small
    # Only 浙江青年 matches; 江\\n青年人 spans two paragraphs.
    assert titles(archive, s.search(parse_query("江青年"))) == ["浙江青年节"]


def test_field_filter_date_range_negation_and_or(small):
    archive, s = small
    assert titles(archive, s.search(parse_query("标题:江青同志"))) == ["江青同志讲话"]
    assert titles(archive, s.search(parse_query("江青 日期:2005-02-03..2005-02-28"))) == ["松江青浦新貌", "浙江青年节"]
    assert titles(archive, s.search(parse_query("江青 -松江"))) == ["江青同志讲话", "浙江青年节"]
    assert titles(archive, s.search(parse_query("标题:党员 OR 标题:𠮷"))) == ["党员教育", "𠮷野家"]
    assert titles(archive, s.search(parse_query("日期:2005-03"))) == ["党员教育", "𠮷野家"]


def test_tag_status_and_notes(small):
    archive, s = small
    index = AnnotationIndex()
    index.set(0, Summary(tags=("重点",), status="proofread"))
    s.index = index
    s.notes = {3: ["核对这里的数字"]}
    assert s.search(parse_query("tag:重点")).ids == [0]
    assert s.search(parse_query("status:proofread")).ids == [0]
    assert s.search(parse_query("status:unread")).ids == [1, 2, 3, 4]
    assert s.search(parse_query("核对")).ids == [3]
    assert s.search(parse_query("批注:数字")).ids == [3]


def test_regex(small):
    archive, s = small
    assert titles(archive, s.search(parse_query("/江青(?!浦)/"))) == ["江青同志讲话", "浙江青年节"]


def test_kwic_lines_and_sorting(small):
    archive, s = small
    result = s.search(parse_query("正文:江青"))
    lines = kwic(s, result, width=3)
    assert [(line.left, line.match, line.right) for line in lines] == [
        ("", "江青", "在会上"),
        ("松", "江青", "浦一带"),
        ("浙", "江青", "年和江"),
        ("青年和", "江青", "无关。"),
    ]
    by_left = sort_kwic(lines, "1L", s)  # by the characters just left of the match: 和 < 松 < 浙
    assert [line.left for line in by_left] == ["", "青年和", "松", "浙"]
    by_right = sort_kwic(lines, "1R", s)
    assert [line.right for line in by_right] == sorted(line.right for line in lines)
    by_date = sort_kwic(lines, "date", s, descending=True)
    assert archive.date(by_date[0].rid) == 20050210
    with pytest.raises(ValueError):
        sort_kwic(lines, "nonsense", s)


# -- against a brute-force scan -----------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    generate(root, 400, seed=11)
    archive = Archive.open([root], workers=2)
    store = BodyStore.build(archive, str(root / ".cache"), workers=2)
    yield archive, Searcher(archive, store)
    store.close()


def brute(archive, query_terms, fields=("YT", "BT", "FT", "ZZ", "BM", "TC", "FL", "ZW")):
    out = []
    for rid in archive.ids():
        record = archive.read(rid)
        texts = [record.body() if f == "ZW" else record.get(f) for f in fields]
        if all(any(t in text for text in texts) for t in query_terms):
            out.append(rid)
    return out


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_results_match_a_brute_force_scan(generated, data):
    archive, s = generated
    rng = random.Random(data.draw(st.integers(0, 10_000)))
    rid = rng.randrange(len(archive))
    body = s.field_text(rid, "ZW")
    terms = []
    for _ in range(data.draw(st.integers(1, 2))):
        n = data.draw(st.sampled_from([1, 2, 4, 8]))
        i = rng.randrange(max(1, len(body) - n))
        term = body[i : i + n].replace("\n", "").replace('"', "").replace("!", "").strip() or "党"
        terms.append(term)
    query = " ".join(f'"{t}"' if (" " in t or ":" in t or t.startswith(("-", "/"))) or t == "OR" else t for t in terms)
    result = s.search(parse_query(query))
    assert result.ids == brute(archive, terms)
    for r in result.ids[:5]:
        for hit in result.hits(r):
            assert s.field_text(r, hit.field)[hit.start : hit.end] in terms


def test_regex_matches_brute_force(generated):
    archive, s = generated
    pattern = re.compile("学习.{0,2}培训")
    result = s.search(parse_query("正文:/学习.{0,2}培训/"))
    assert result.ids == [r for r in archive.ids() if pattern.search(archive.read(r).body())]


def test_worker_processes_scan_like_one_process(generated, tmp_path):
    archive, _ = generated
    store = BodyStore.build(archive, str(tmp_path), workers=0)
    terms = [("党", ()), ("学习培训", ()), ("先进性教育活动", ()), ("的", ("的确", "目的"))]
    one = {t: list(store.scan(*t)) for t in terms}
    assert one[("党", ())] and one[("的", ("的确", "目的"))]
    store.start_workers(2)
    assert store._pool is not None
    for t in terms:
        assert list(store.scan(*t)) == one[t]
    store.close()
    assert not list(tmp_path.iterdir())  # the body file and its offsets are gone


def test_total_hits(small):
    archive, s = small
    assert s.search(parse_query("江青")).total_hits() == 7  # 3 in titles, 4 in bodies
    assert s.search(parse_query("江青!松江青浦!浙江青年")).total_hits() == 3
    cancel = __import__("threading").Event()
    cancel.set()
    assert s.search(parse_query("江青")).total_hits(cancel) is None


# -- the concordance, made as it is read ---------------------------------------------------


@pytest.mark.parametrize("how", ["archive", "1L", "1R", "date", "title"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_concordance_made_in_steps_is_the_list_sorted(generated, how, descending):
    from viewer.core.search.kwic import Concordance

    archive, s = generated
    result = s.search(parse_query("的 OR 一 OR 是"))
    whole = sort_kwic(kwic(s, result, width=6), how, s, descending=descending)
    assert len(whole) > 2000
    conc = Concordance(s, result, width=6)
    sizes = []
    while not conc.complete:
        conc.grow(records=37)
        sizes.append(len(conc))
    assert len(sizes) > 5 and sizes == sorted(sizes)  # it grew step by step
    assert [conc.line(i) for i in range(len(conc))] == kwic(s, result, width=6)  # archive order while growing
    conc.sort(how, descending=descending)
    assert list(conc.lines()) == whole
    assert [conc.rid(i) for i in range(0, len(conc), 97)] == [line.rid for line in whole[::97]]


def test_a_concordance_keeps_numbers_not_lines(generated):
    from viewer.core.search.kwic import Concordance

    _archive, s = generated
    result = s.search(parse_query("的"))
    conc = Concordance(s, result, width=20)
    conc.grow()
    assert len(conc) > 10000
    assert not result._hits  # placed hits are not kept twice
    assert sum(a.itemsize * len(a) for a in (conc._rid, conc._field, conc._start, conc._end)) == 13 * len(conc)


def test_new_lines_undo_a_sort_until_sorted_again(generated):
    from viewer.core.search.kwic import Concordance

    _archive, s = generated
    conc = Concordance(s, s.search(parse_query("党")), width=5)
    conc.grow(records=50)
    conc.sort("1R")
    assert conc.how == "1R"
    conc.grow()
    assert conc.how == "archive" and conc.order is None
    assert [conc.line(i) for i in range(len(conc))] == kwic(s, s.search(parse_query("党")), width=5)


def test_a_cancelled_concordance_stops(generated):
    import threading

    from viewer.core.search.kwic import Cancelled, Concordance

    _archive, s = generated
    cancel = threading.Event()
    cancel.set()
    conc = Concordance(s, s.search(parse_query("的")), width=5)
    with pytest.raises(Cancelled):
        conc.grow(cancel=cancel)
    assert not conc.complete


def test_a_result_knows_its_records(small):
    _archive, s = small
    result = s.search(parse_query("江青"))
    assert result.ids and all(rid in result for rid in result.ids)
    assert not any(rid in result for rid in range(10) if rid not in result.ids)
    assert "1" not in result and -1 not in result
