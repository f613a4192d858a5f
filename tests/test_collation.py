"""Sorting Chinese text by pinyin, or by code point (core)."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.records.archive import Archive
from viewer.core.records.collation import CODEPOINT, PINYIN, pinyin_key, spelling

TITLES = ["中国", "北京", "安徽", "西安", "先进", "中国", "的确", "123", "ABC"]


def archive_of(tmp_path, write, titles):
    for i, title in enumerate(titles):
        write(f"r{i:03d}.txt", record_text(bt=title, th=str(i)))
    return Archive.open([tmp_path], workers=0)


def test_titles_sort_by_pinyin_or_by_code_point(tmp_path, write):
    archive = archive_of(tmp_path, write, TITLES)
    by_pinyin = [archive.value(r, "BT") for r in archive.sorted_ids(archive.ids(), "BT", collation=PINYIN)]
    assert by_pinyin == ["123", "ABC", "安徽", "北京", "的确", "西安", "先进", "中国", "中国"]
    by_point = [archive.value(r, "BT") for r in archive.sorted_ids(archive.ids(), "BT", collation=CODEPOINT)]
    assert by_point == sorted(TITLES)
    ranks = archive.sort_ranks("BT", PINYIN)
    same = [r for r in archive.ids() if archive.value(r, "BT") == "中国"]
    assert ranks[same[0]] == ranks[same[1]]  # equal texts, equal places
    descending = [archive.value(r, "BT") for r in archive.sorted_ids(archive.ids(), "BT", descending=True,
                                                                         collation=PINYIN)]
    assert descending == by_pinyin[::-1]


def test_a_pinyin_key_reads_each_character_with_its_tone():
    assert spelling("中国") == "zhong1guo2"
    assert spelling("的") == "de5"  # the neutral tone after the others
    assert pinyin_key("A1，") == "A1，"  # what is not Chinese stays
    assert pinyin_key("西安") < pinyin_key("先") < pinyin_key("中国")  # syllable by syllable: xi1 an1 < xian1
    assert pinyin_key("中") == pinyin_key("钟") and len(pinyin_key("中国")) == 2  # alike readings, equal keys


def test_a_packed_column_in_pinyin_ranks_as_its_keys_do():
    import numpy as np

    from viewer.core.records.collation import pinyin_units
    from viewer.core.records.textcolumn import TextColumn, ranks_of

    texts = ["中国", "钟表", "西安", "先进", "abc", "", "中", "𠮷野家", "1，2"]
    for sample in (texts[:7], texts):  # packed, and with a character beyond the BMP
        got = TextColumn(sample).ranks(pinyin_units())
        want = ranks_of([pinyin_key(t) for t in sample])
        assert (np.argsort(got, kind="stable") == np.argsort(want, kind="stable")).all()
        assert all((got[i] == got[j]) == (pinyin_key(a) == pinyin_key(b))
                   for i, a in enumerate(sample) for j, b in enumerate(sample))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="中钟终事是市安a1，𠮷", max_size=4), max_size=30))
def test_pinyin_ranks_are_readings_then_code_points_with_equal_texts_sharing_a_place(texts):
    """Rows that read alike are told apart by their own units only (no
    second ranking of every text): the same places as ranking the pairs
    (reading, text), for a packed column and for one beyond the BMP."""
    from viewer.core.records.collation import pinyin_units
    from viewer.core.records.textcolumn import TextColumn

    def by_hand(sample: list[str]) -> list[int]:
        order = sorted(range(len(sample)), key=lambda i: (pinyin_key(sample[i]), sample[i]))
        place: dict[str, int] = {}
        for at, i in enumerate(order):
            place.setdefault(sample[i], at)
        return [place[t] for t in sample]

    for sample in (texts, [t for t in texts if "𠮷" not in t]):  # beyond the BMP, and packed
        assert TextColumn(sample).ranks(pinyin_units(), ties_by_code_point=True).tolist() == by_hand(sample)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="中国北京安徽西先进的确长乐行重庆1A", min_size=0, max_size=4), min_size=1, max_size=12))
def test_pinyin_order_is_readings_then_code_points(tmp_path_factory, titles):
    folder = tmp_path_factory.mktemp("c")
    for i, title in enumerate(titles):
        (folder / f"r{i:03d}.txt").write_text(record_text(bt=title or "空", th=str(i)), "utf-8")
    archive = Archive.open([folder], workers=0)
    got = [archive.value(r, "BT") for r in archive.sorted_ids(archive.ids(), "BT", collation=PINYIN)]
    assert got == sorted(got, key=lambda t: (pinyin_key(t), t))


def test_the_table_sorts_titles_by_pinyin_and_preferences_switch_to_code_points(qtbot, open_window, tmp_path, write,
                                                                                  monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox

    from conftest import column, edit_preferences, widget
    from viewer.ui.record_model import COLUMNS

    titles = ["中国", "北京", "安徽"]
    for i, title in enumerate(titles):
        write(f"a/r{i}.txt", record_text(bt=title, th=str(i)))
    w = open_window([tmp_path / "a"])
    header = w.table_view.horizontalHeader()
    header.setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: column(w, "BT") == ["安徽", "北京", "中国"], timeout=5000)

    def choose(dialog):
        box = widget(dialog, QComboBox, "collation")
        box.setCurrentIndex(box.findData("codepoint"))

    edit_preferences(monkeypatch, w, choose)
    assert w.settings.collation == "codepoint"
    assert column(w, "BT") == sorted(titles)  # sorted again at once


def test_the_cli_lists_in_pinyin_order_or_code_point_order(tmp_path, write, capsys):
    from viewer.cli import main

    for i, title in enumerate(["中国", "北京", "安徽"]):
        write(f"r{i}.txt", record_text(bt=title, th=str(i)))
    assert main(["list", str(tmp_path), "--sort", "标题", "--fields", "BT", "--format", "csv", "--workers", "0"]) == 0
    assert [line.rsplit(",", 1)[1] for line in capsys.readouterr().out.split()[1:]] == ["安徽", "北京", "中国"]
    assert main(["list", str(tmp_path), "--sort", "BT", "--collation", "codepoint", "--fields", "BT", "--format", "csv",
                 "--workers", "0"]) == 0
    assert [line.rsplit(",", 1)[1] for line in capsys.readouterr().out.split()[1:]] == sorted(["中国", "北京", "安徽"])


def test_a_sort_that_needs_texts_ranked_first_runs_in_the_background(qtbot, open_window, tmp_path, write, monkeypatch):
    """Under SORT_AT_ONCE records a sort is done at once only if its ranks
    are ready (or the archive is tiny): ranking titles in pinyin the first
    time must not stop the window."""
    from PySide6.QtCore import Qt

    from conftest import column
    from viewer.ui.record_model import COLUMNS
    from viewer.ui.table_controller import TableController

    for i, title in enumerate(["中国", "北京", "安徽"]):
        write(f"a/r{i}.txt", record_text(bt=title, th=str(i)))
    monkeypatch.setattr(TableController, "RANK_AT_ONCE", 2)
    monkeypatch.setattr(TableController, "prepare_sorts", lambda self: None)  # nothing ranked ahead
    w = open_window([tmp_path / "a"])
    assert not w.session.archive.ranked("BT", PINYIN)
    w.table_view.horizontalHeader().setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.AscendingOrder)
    assert w.table.sorting()  # in the background, the window busy meanwhile
    qtbot.waitUntil(lambda: not w.table.sorting(), timeout=5000)
    assert column(w, "BT") == ["安徽", "北京", "中国"]
    assert w.session.archive.ranked("BT", PINYIN)
    w.table_view.horizontalHeader().setSortIndicator(COLUMNS.index("RQ"), Qt.SortOrder.AscendingOrder)
    assert not w.table.sorting()  # dates are their own keys: at once


def test_the_pinyin_tag_is_found_without_loading_the_table():
    """The tag kept ranks are checked against is asked for at every
    reopening, from a background thread: it must not import pypinyin (half
    a second of table loading) nor importlib.metadata (the import lock)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from viewer.core.records.collation import collation_tag\n"
        "tag = collation_tag('pinyin')\n"
        "assert tag.startswith('pinyin:') and 'unknown' not in tag, tag\n"
        "assert 'pypinyin' not in sys.modules and 'importlib.metadata' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_large_column_is_ranked_in_a_worker_process_exactly_as_here(monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    from viewer.core.records import archive as archive_module
    from viewer.core.records.textcolumn import TextColumn

    rng = __import__("random").Random(5)
    pieces = ["中国", "中", "国家", "北京", "安徽", "先进", "西安", "Zeta", "alpha", "", "第一", "地于", "第", "1", "，"]
    column = TextColumn("".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(3000))
    here = {c: archive_module.rank_apart(column, c).tolist() for c in (CODEPOINT, PINYIN)}
    started = []

    class Counting(ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            started.append(fn.__name__)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(archive_module, "RANK_APART", 1000)
    monkeypatch.setattr(archive_module, "ProcessPoolExecutor", Counting)
    shm = "/dev/shm"
    before = set(os.listdir(shm)) if os.path.isdir(shm) else set()
    apart = {c: archive_module.rank_apart(column, c) for c in (CODEPOINT, PINYIN)}
    assert started == ["shared_ranks", "shared_ranks"]
    if os.path.isdir(shm):
        assert set(os.listdir(shm)) == before  # the shared blocks are gone
    assert {c: r.tolist() for c, r in apart.items()} == here
    assert all(r.dtype.name == "int32" for r in apart.values())
    texts = column.tolist()
    assert [texts[i] for i in sorted(range(len(texts)), key=lambda i: (here[PINYIN][i], i))] == sorted(
        texts, key=lambda t: (pinyin_key(t), t))


def test_a_worker_process_that_cannot_rank_leaves_the_ranking_to_this_one(monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from viewer.core.records import archive as archive_module
    from viewer.core.records.textcolumn import TextColumn

    class Broken:
        def __init__(self, *args, **kwargs):
            raise BrokenProcessPool("no process today")

    column = TextColumn(["乙", "甲", "丙", "甲"] * 300)
    monkeypatch.setattr(archive_module, "RANK_APART", 10)
    monkeypatch.setattr(archive_module, "ProcessPoolExecutor", Broken)
    ranks = archive_module.rank_apart(column, PINYIN).tolist()
    assert ranks[:4] == [900, 300, 0, 300]  # 丙 bing3, 甲 jia3 (twice as many), 乙 yi3


def test_ranking_the_headlines_ahead_never_holds_up_a_sort(qtbot, open_window, tmp_path, write, monkeypatch):
    """Ranking the headlines after a load takes seconds at a million records
    (in a worker process): it runs in a thread of its own, so that a sort
    asked for meanwhile is not queued behind it in the shared thread pool
    (here made one thread, as busy as two CPUs' pool is with annotations
    being read)."""
    import threading

    from PySide6.QtCore import Qt, QThreadPool

    from conftest import column
    from viewer.ui import table_controller
    from viewer.ui.record_model import COLUMNS
    from viewer.ui.table_controller import TableController

    for i, day in enumerate(["20050103", "20050101", "20050102"]):
        write(f"a/r{i}.txt", record_text(rq=day, th=str(i)))
    gate = threading.Event()
    monkeypatch.setattr(table_controller, "_rank_headlines", lambda *args: gate.wait(20))
    monkeypatch.setattr(TableController, "RANK_AT_ONCE", 1)
    monkeypatch.setattr(TableController, "SORT_AT_ONCE", 1)  # every sort in the background
    pool = QThreadPool.globalInstance()
    was = pool.maxThreadCount()
    pool.setMaxThreadCount(1)
    try:
        w = open_window([tmp_path / "a"])
        w.table_view.horizontalHeader().setSortIndicator(COLUMNS.index("RQ"), Qt.SortOrder.DescendingOrder)
        qtbot.waitUntil(lambda: not w.table.sorting(), timeout=5000)  # while the ranking still waits
        assert column(w, "RQ")[0].startswith("2005") and not gate.is_set()
        assert [w.session.archive.date(r) for r in w.session.listing.order] == [20050103, 20050102, 20050101]
    finally:
        gate.set()
        pool.setMaxThreadCount(was)


def test_a_large_archive_ends_its_load_with_its_titles_ranked(qtbot, tmp_path, write, monkeypatch):
    """The load ranks 标题 (in the collation asked for) before it says it has
    ended, while nothing else runs beside it: a first opening's first sort
    by 标题 finds its ranks ready. A small archive, or a cancelled load, is
    not ranked ahead."""
    from PySide6.QtCore import Qt

    from viewer.core.records.archive import Archive
    from viewer.ui import load_worker
    from viewer.ui.load_worker import LoadWorker

    for i, title in enumerate(["丁", "甲", "丙"]):
        write(f"d/r{i}.txt", record_text(th=str(i), bt=title))
    seen: dict[str, bool] = {}

    def load(threshold: int, *, cancel: bool = False) -> None:
        monkeypatch.setattr(load_worker, "RANK_AHEAD", threshold)
        archive = Archive()
        worker = LoadWorker(archive, [str(tmp_path / "d")], workers=0, first_sort=("BT", PINYIN))
        # In the load's thread, as the load says it has ended:
        worker.finished.connect(lambda _c: seen.update(ranked=archive.ranked("BT", PINYIN), points=archive.ranked("BT")),
                                Qt.ConnectionType.DirectConnection)
        if cancel:
            worker.cancel()
        seen.clear()
        worker.start()
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
        worker.wait()

    load(2)
    assert seen == {"ranked": True, "points": False}
    load(3)  # not more than RANK_AHEAD records
    assert seen == {"ranked": False, "points": False}
    load(2, cancel=True)
    assert seen == {"ranked": False, "points": False}
