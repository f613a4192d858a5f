"""The column store: keys, typed sorting, shared values, re-reading bodies."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS, record_text
from viewer.core.records.archive import COL_LENGTH, Archive, _ascending
from viewer.core.records.fields import INDEXED_FIELDS
from viewer.core.records.loader import load


def make(write, specs):
    """One file per spec dict; returns the archive loaded from their folder."""
    for i, spec in enumerate(specs):
        write(f"r{i:02d}.txt", record_text(**spec))
    return Archive.open([write("x/.keep", "").parent.parent], workers=0)


def test_keys_are_relative_to_the_opened_folder(tmp_path, write):
    write("2005/200502/20050217/a.txt", record_text())
    a1 = Archive.open([tmp_path])
    a2 = Archive.open([tmp_path / "2005"])
    assert a1.key(0) == "2005/200502/20050217/a.txt#0"
    assert a2.key(0) == "200502/20050217/a.txt#0"
    assert Archive.open([tmp_path]).key(0) == a1.key(0)


def test_dates_sort_as_dates_and_bad_ones_last(write):
    archive = make(write, [{"rq": "20050301"}, {"rq": "bad"}, {"rq": "20041231"}, {"rq": "20050217"}])
    order = archive.sorted_ids(archive.ids(), "RQ")
    assert [archive.value(r, "RQ") for r in order] == ["20041231", "20050217", "20050301", "bad"]
    assert archive.date(order[0]) == 20041231


def test_numbers_sort_as_numbers(write):
    archive = make(write, [{"bh": "10"}, {"bh": "04"}, {"bh": "2"}, {"bh": "１"}])
    order = archive.sorted_ids(archive.ids(), "BH")
    assert [archive.value(r, "BH") for r in order] == ["１", "2", "04", "10"]
    assert archive.number(order[2], "BH") == 4


def test_a_number_too_large_for_a_sort_key_loads_and_sorts_after_the_others(write, tmp_path):
    huge = "9" * 23  # (a damaged or hostile file: once a traceback while loading)
    archive = make(write, [{"th": huge}, {"th": "7"}, {"th": "x"}, {"th": "12"}])
    order = archive.sorted_ids(archive.ids(), "TH")
    assert [archive.value(r, "TH") for r in order] == ["7", "12", huge, "x"]
    assert archive.value(0, "TH") == huge  # shown as written
    from viewer.core.records.cache import IndexCache

    cache = IndexCache(str(tmp_path / "cache" / "index.sqlite"))
    paths = [str(archive.source(0).path)]
    first = Archive.open(paths, workers=0, cache=cache)
    again = Archive.open(paths, workers=0, cache=cache)  # from its snapshot
    assert [again.value(r, "TH") for r in again.sorted_ids(again.ids(), "TH")] == [
        first.value(r, "TH") for r in first.sorted_ids(first.ids(), "TH")]


def test_sorting_is_stable_and_descending_keeps_ties_in_order(write):
    # Text sorts by code point: 乙 (U+4E59) before 甲 (U+7532).
    archive = make(write, [{"bt": "甲", "th": "1"}, {"bt": "乙", "th": "2"}, {"bt": "甲", "th": "3"}])
    up = archive.sorted_ids(archive.ids(), "BT")
    assert [archive.value(r, "TH") for r in up] == ["2", "1", "3"]
    down = archive.sorted_ids(archive.ids(), "BT", descending=True)
    assert [archive.value(r, "TH") for r in down] == ["1", "3", "2"]


def test_default_order_is_date_page_item(write):
    archive = make(
        write,
        [
            {"rq": "20050218", "bh": "01", "th": "1"},
            {"rq": "20050217", "bh": "10", "th": "1"},
            {"rq": "20050217", "bh": "2", "th": "3"},
            {"rq": "20050217", "bh": "2", "th": "1"},
        ],
    )
    order = archive.default_order()
    assert [(archive.value(r, "RQ"), archive.value(r, "BH"), archive.value(r, "TH")) for r in order] == [
        ("20050217", "2", "1"),
        ("20050217", "2", "3"),
        ("20050217", "10", "1"),
        ("20050218", "01", "1"),
    ]


def test_sort_by_body_length(write):
    archive = make(write, [{"body": "一二三"}, {"body": "一"}, {"body": "一\n二"}])
    order = archive.sorted_ids(archive.ids(), COL_LENGTH)
    assert [archive.body_length(r) for r in order] == [1, 2, 3]


def test_repeated_values_are_stored_once(tmp_path, write):
    write("a.txt", record_text(extra="〖BM/版名〗国内" + "时事〖-BM/版名〗"))
    write("b.txt", record_text(extra="〖BM/版名〗国内时" + "事〖-BM/版名〗"))
    archive = Archive.open([tmp_path], workers=0)
    assert archive.value(0, "BM") == archive.value(1, "BM") == "国内时事"
    assert archive.value(0, "BM") is archive.value(1, "BM")


def test_counting_in_a_repeating_column_is_counting_record_by_record(tmp_path, write):
    """A search's hit total counts in 作者 or 版名 by their distinct values,
    each weighed by its records: the same as ``str.count`` record by record
    (overlapping needles too), for any set of records."""
    authors = ["本报记者 哈哈哈", "记者 哈哈", "", "本报记者 张三 本报记者", "哈"]
    for i in range(40):
        write(f"r{i:02d}.txt", record_text(th=str(i), extra=f"〖ZZ/作者〗{authors[i % 5]}〖-ZZ/作者〗"))
    archive = Archive.open([tmp_path], workers=0)
    every = np.arange(len(archive))
    for ids in (every, every[::3], every[5:6], every[:0]):
        for needle in ("哈哈", "哈", "本报记者", "记者 ", "无"):
            want = sum(archive.value(int(r), "ZZ").count(needle) for r in ids)
            assert archive.count_in("ZZ", ids, needle) == want, (needle, len(ids))
    assert archive.count_in("ZZ", every, "") is None  # (left to the caller)


def test_unknown_fields_are_kept(write, tmp_path):
    write("a.txt", record_text(extra="〖XX/未知〗保留〖-XX/未知〗"))
    archive = Archive.open([tmp_path])
    assert archive.value(0, "XX") == "保留"
    assert archive.fields(0)["XX"] == "保留"
    assert "ZW" not in archive.fields(0)


def test_bodies_are_read_on_demand_from_the_file():
    archive = Archive.open([SEEDS])
    rid = next(r for r in archive.ids() if archive.key(r) == "000_ed8ee82fcf2d1d69.txt#0")
    record = archive.read(rid)
    assert record.paragraphs()[0].startswith("新华社北京2月16日电")
    assert archive.body_length(rid) == len("".join(record.body().split()))


def test_record_problems_include_file_level_ones(write, tmp_path):
    write("a.txt", record_text(bt="坏").encode("gb18030") + b"\xff" + record_text(rq="x").encode("gb18030"))
    archive = Archive.open([tmp_path])
    assert len(archive) == 2
    first = [p.kind.value for p in archive.record_problems(0)]
    second = [p.kind.value for p in archive.record_problems(1)]
    assert first == ["undecodable"]
    assert sorted(second) == ["bad-date", "outside-text", "undecodable"]  # the \ufffd lies between records


def test_numpy_sorts_agree_with_python_sorts(tmp_path):
    """Sorting is a numpy sort of ranks; it must give exactly the order
    Python's stable sorted() gives, both ways, for every kind of column."""
    import random

    from viewer.bench import generate
    from viewer.core.records.fields import BH, TH

    generate(tmp_path, 300, seed=5)
    archive = Archive.open([tmp_path], workers=0)
    rng = random.Random(3)
    ids = list(archive.ids())
    rng.shuffle(ids)
    subset = ids[:200]
    for code in ("BT", "ZZ", "BM", "RQ", "BH", "TH", "#length", "#file", "#problems", "XX"):
        key = archive.sort_key(code)
        for descending in (False, True):
            for chosen in (ids, subset):
                want = sorted(chosen, key=key.__getitem__, reverse=descending)
                assert archive.sorted_ids(chosen, code, descending=descending) == want, (code, descending)
    date, page, item = archive.sort_key("RQ"), archive.sort_key(BH), archive.sort_key(TH)
    assert archive.default_order(subset) == sorted(subset, key=lambda r: (date[r], page[r], item[r], r))
    assert archive.default_order() == sorted(archive.ids(), key=lambda r: (date[r], page[r], item[r], r))
    assert archive.sorted_ids([], "BT") == [] and archive.default_order([]) == []
    in_order = archive.default_order()  # already in order: the shortcut gives it back as it is
    assert archive.default_order(in_order) == in_order
    assert archive.default_order(in_order[:50] + in_order[51:]) == in_order[:50] + in_order[51:]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)), max_size=12), st.randoms())
def test_ascending_agrees_with_comparing_tuples(rows, rng):
    """The shortcut of the default order: are rows already in strictly
    ascending order? (ids make every row distinct, as in the archive)"""
    ids = list(range(len(rows)))
    rng.shuffle(ids)
    keyed = [(*row, i) for row, i in zip(rows, ids)]
    want = all(a < b for a, b in zip(keyed, keyed[1:]))
    columns = [np.array(c, dtype=np.int64) for c in zip(*keyed)] if keyed else [np.zeros(0, dtype=np.int64)] * 4
    assert _ascending(*columns) == want
    ordered = sorted(keyed)
    assert _ascending(*([np.array(c, dtype=np.int64) for c in zip(*ordered)] if ordered else columns))


def test_text_columns_are_ranked_in_chunks_with_the_same_order():
    import random

    from viewer.core.records.textcolumn import ranks_of

    rng = random.Random(1)
    values = ["".join(rng.choice("甲乙丙丁ab\ud800 ") for _ in range(rng.randint(0, 4))) for _ in range(5000)]
    ranks = ranks_of(values, chunk=7).tolist()
    order = sorted(range(len(values)), key=values.__getitem__)
    assert all(ranks[a] <= ranks[b] and (ranks[a] == ranks[b]) == (values[a] == values[b])
               for a, b in zip(order, order[1:]))
    assert ranks_of([], chunk=7).tolist() == []


def test_date_span_is_the_first_and_last_known_date(tmp_path):
    for i, rq in enumerate(["20050301", "bad", "20041231", ""]):
        (tmp_path / f"r{i}.txt").write_text(record_text(rq=rq, th=str(i)), "utf-8")
    archive = Archive.open([tmp_path], workers=0)
    assert archive.date_span() == (20041231, 20050301)
    assert Archive().date_span() == (None, None)


def test_the_cycle_collector_is_paused_while_loading_and_back_after(tmp_path, write):
    import gc

    import viewer.core.records.archive as archive_module

    write("a.txt", "〖BT/标题〗一〖-BT/标题〗")
    seen = []
    real = archive_module.load

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        yield from real(*args, **kwargs)

    assert gc.isenabled()
    archive_module.load = spy
    try:
        Archive.open([tmp_path], workers=0)
    finally:
        archive_module.load = real
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        Archive.open([tmp_path], workers=0)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_codes_and_ranks_of_repeating_columns_are_those_of_the_text(tmp_path):
    """Kept as records load, they must say what a pass over the text says."""
    from viewer.bench import generate
    from viewer.core.records.archive import _INTERNED

    generate(tmp_path, 300, seed=5)
    archive = Archive()
    texts: dict[str, list[str]] = {code: [] for code in _INTERNED}
    for batch in load([tmp_path], workers=0, batch=1):
        for code, values in zip(INDEXED_FIELDS, batch.columns()):
            if code in texts:
                texts[code] += values  # what was read, beside what the archive keeps
        archive.extend(batch)  # many batches: codes grow across them
        for code in sorted(_INTERNED):
            column = texts[code]
            assert archive.texts(code) == list(archive.column(code)) == column
            assert [archive.value(r, code) for r in range(len(archive))] == column
            codes, values = archive.value_codes(code)
            assert [values[c] for c in codes] == column
            assert values == list(dict.fromkeys(column))  # first appearance, every time
            if code in ("ZZ", "FL", "BM", "TC"):  # (dates and numbers sort by their typed value)
                place = {v: i for i, v in enumerate(sorted(set(column)))}
                assert archive.sort_ranks(code).tolist() == [place[v] for v in column]


def test_the_records_problems_are_about(tmp_path, write):
    from viewer.core.records.diagnostics import Problem, ProblemKind

    write("a.txt", record_text(th="1") + record_text(th="2") + record_text(th="3"))
    write("b.txt", record_text(th="4"))
    archive = Archive.open([tmp_path], workers=0)
    a = archive.file_id_of(str(tmp_path / "a.txt"))
    b = archive.file_id_of(str(tmp_path / "b.txt"))
    kind = next(iter(ProblemKind))
    problems = [Problem(str(tmp_path / "a.txt"), 7, 1, "x", kind),  # the second record of a.txt
                Problem(str(tmp_path / "b.txt"), None, None, "y", kind),  # the whole of b.txt
                Problem(str(tmp_path / "gone.txt"), 1, 0, "z", kind),  # a file not loaded
                Problem(str(tmp_path / "a.txt"), 99, 5, "w", kind)]  # a record that is not there
    assert archive.rids_of(problems) == {int(archive.file_records[a][1]), int(archive.file_records[b][0])}
    assert archive.rids_of([]) == set()


def test_spans_hold_int32_until_an_end_passes_two_to_the_31():
    from viewer.core.records.archive import Spans

    spans = Spans()
    spans.extend_counts(0, np.array([3, 0, 2]))
    assert spans._end.typecode == "i"
    spans.extend_counts(2**31 - 2, np.array([1, 5]))
    assert list(spans) == [range(0, 3), range(3, 3), range(3, 5), range(2**31 - 2, 2**31 - 1), range(2**31 - 1, 2**31 + 4)]
    assert spans.lengths().tolist() == [3, 0, 2, 1, 5]


def test_each_files_codec_is_a_byte_and_reads_back_as_named():
    from viewer.core.records.archive import Codecs

    codecs = Codecs()
    codecs.extend(["gb18030", "utf-8", None, "gb18030"])
    codecs.extend(["utf-16"])
    assert list(codecs) == ["gb18030", "utf-8", None, "gb18030", "utf-16"]
    assert codecs[1:4] == ["utf-8", None, "gb18030"] and codecs[-1] == "utf-16"
    codes, names = codecs.codes(4)
    assert [names[c] for c in codes.tolist()] == ["gb18030", "utf-8", None, "gb18030"]


def test_a_column_being_ranked_keeps_waiting_only_those_who_want_it(tmp_path, write, monkeypatch):
    """The window ranks the headlines in the background, 标题 then 引题: a
    sort by 标题 asked for while 标题 was being ranked gets its ranks once
    they are ready, not after 引题's as well (one lock a column)."""
    import threading

    import viewer.core.records.archive as archive_module

    for i in range(6):
        write(f"a/{i}.txt", record_text(th=str(i), bt=f"标题{5 - i}", extra=f"〖YT/引题〗引{i}〖-YT/引题〗"))
    archive = Archive.open([str(tmp_path / "a")], workers=0)
    title_started, title_go, lead_go = threading.Event(), threading.Event(), threading.Event()
    real = archive_module.rank_apart
    calls = []

    def slow(column, collation):
        calls.append(column)
        if len(calls) == 1:  # 标题
            title_started.set()
            title_go.wait(10)
        else:  # 引题: held until the end of the test
            lead_go.wait(10)
        return real(column, collation)

    monkeypatch.setattr(archive_module, "rank_apart", slow)
    background = threading.Thread(target=lambda: [archive.sort_ranks(c) for c in ("BT", "YT")])
    background.start()
    assert title_started.wait(10)
    got: list = []
    asking = threading.Thread(target=lambda: got.append(archive.sort_ranks("BT")))
    asking.start()
    title_go.set()
    asking.join(5)
    try:
        assert got and list(got[0]) == [5, 4, 3, 2, 1, 0], "the sort waited for another column's ranking"
        assert len(calls) == 2  # (标题 ranked once; 引题 being ranked meanwhile)
    finally:
        lead_go.set()
        background.join(10)
        asking.join(10)
