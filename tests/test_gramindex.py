"""The persistent n-gram search index: the same answers as the scan, kept up
to date when files change, and rebuilt when damaged."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from conftest import damage_bitmap
from viewer.bench import generate
from viewer.core.records.archive import Archive
from viewer.core.search import gramindex
from viewer.core.search.bodies import BodyStore
from viewer.core.search.gramindex import GramIndex, IndexDamaged, folder_in, needle_grams, postings
from viewer.core.search.prepare import prepare
from viewer.core.search.query import parse_query
from viewer.core.search.searcher import Searcher

#: Records with what generated text lacks: characters outside the BMP,
#: exclusion patterns, repeats, a phrase with a space, fields to filter on.
EXTRA = (
    "〖RQ/日期〗20010105〖-RQ/日期〗〖BT/标题〗江青与松江青浦〖-BT/标题〗〖ZZ/作者〗𠀀作者〖-ZZ/作者〗"
    "〖BM/版名〗要闻〖-BM/版名〗〖ZW/正文〗浙江青年来到松江青浦。江青𠀀𠀁在此。哈哈哈 先进 性〖-ZW/正文〗\r\n"
    "〖RQ/日期〗20010106〖-RQ/日期〗〖BT/标题〗第二条〖-BT/标题〗〖YT/引题〗江青〖-YT/引题〗"
    "〖ZW/正文〗只有江青。𠀁〖-ZW/正文〗\r\n"
)

QUERIES = [
    "的", "党", "鑫", "𠀀", "𠀀𠀁", "江青", "江青!松江青浦", "江青!松江青浦!浙江青年", "哈哈", "哈哈哈哈",
    '"先进 性"', "国 家", "一是", "和是 OR 水化", "-的", "党 -的", "标题:江青", "title:青", "作者:𠀀",
    "作者:新华社", "版名:要闻", "section:国", "正文:江青", "引题:江青", "副题:的", "体裁:消息", "分类:D",
    "日期:2001-01", "日期:2001-01-01..2001-01-10 党", "/江.青/", "正文:/先进.{0,3}性/", "-标题:的 党",
    "date:..2001-01-03", "OR的", "，", "。江", "的的", "2001",
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    generate(root, 400)
    (root / "2001" / "extra.txt").write_text(EXTRA, encoding="utf-8", newline="")
    return root


def _open(root, cache_folder, workers=0):
    archive = Archive.open([str(root)], workers=workers)
    return archive, GramIndex.open(archive, cache_folder, workers=workers)


def _scanner(archive, tmp_path):
    return Searcher(archive, BodyStore.build(archive, str(tmp_path / "store"), workers=0))


def _same_answers(archive, grams, scanner, queries):
    indexed = Searcher(archive, None, grams=grams)
    assert indexed.grams is grams  # the index is used, not bypassed
    for text in queries:
        query = parse_query(text)
        want = scanner.search(query)
        got = indexed.search(query)
        assert got.ids == want.ids, text
        for rid in got.ids[:25]:
            assert got.hits(rid) == want.hits(rid), text


def test_the_index_answers_exactly_as_the_scan(generated, tmp_path):
    archive, grams = _open(generated, tmp_path / "cache")
    assert grams is not None and grams.complete and grams.built == len(archive)
    scanner = _scanner(archive, tmp_path)
    _same_answers(archive, grams, scanner, QUERIES)
    # Random stretches of random records, of every length from 1 to 12.
    rng = random.Random(7)
    samples = []
    for _ in range(150):
        rid = rng.randrange(len(archive))
        code = rng.choice(["ZW", "ZW", "ZW", "BT", "ZZ", "YT"])
        text = scanner.field_text(rid, code).replace('"', "").replace("\n", "")
        if not text.strip():
            continue
        n = rng.randint(1, 12)
        at = rng.randrange(max(1, len(text) - n))
        piece = "".join(text[at : at + n].split())
        if piece and not piece.startswith("-") and ":" not in piece and "!" not in piece and "/" not in piece:
            samples.append(piece if code == "ZW" else f"{ {'BT': '标题', 'ZZ': '作者', 'YT': '引题'}[code]}:{piece}")
    _same_answers(archive, grams, scanner, samples)
    assert [grams.body(r) for r in archive.ids()] == [scanner.field_text(r, "ZW") for r in archive.ids()]
    grams.close()
    scanner.store.close()


def test_a_warm_opening_reads_no_file(generated, tmp_path, monkeypatch):
    archive, first = _open(generated, tmp_path / "cache")
    first.close()
    monkeypatch.setattr(gramindex, "read_for_index", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read")))
    again = GramIndex.open(archive, tmp_path / "cache", workers=0)
    assert again is not None and again.complete and again.built == 0
    assert again.candidates("ZW", "江青")[0] == BitMap(Searcher(archive, None, grams=again).search(parse_query("正文:江青")).ids)
    again.close()


def test_a_first_opening_makes_no_list_of_every_path(generated, tmp_path, monkeypatch):
    """Every file's path (and the map from path to file) is made only when
    a stored segment is looked at: a first opening's build has none (a
    million paths lived through a build of minutes); a later opening that
    compares files makes them once."""
    from viewer.core.records.filetable import FileTable

    archive = Archive.open([str(generated)], workers=0)
    real = FileTable.paths
    monkeypatch.setattr(FileTable, "paths", lambda self: (_ for _ in ()).throw(AssertionError("every path")))
    first = GramIndex.open(archive, tmp_path / "cache", workers=0)
    assert first is not None and first.complete and first.built == len(archive)
    first.close()
    made = []
    monkeypatch.setattr(FileTable, "paths", lambda self: made.append(1) or real(self))
    again = GramIndex.open(Archive.open([str(generated)], workers=0), tmp_path / "cache", workers=0)
    assert again is not None and again.complete and again.built == 0 and made == [1]
    again.close()


def test_a_file_whose_name_cannot_be_stored_is_searched_by_scanning(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    bad = root / os.fsdecode(b"bad\xff.txt")
    (root / "good.txt").write_text("〖BT/标题〗好〖-BT/标题〗〖ZW/正文〗江青在此。〖-ZW/正文〗", encoding="utf-8")
    bad.write_text("〖BT/标题〗坏〖-BT/标题〗〖ZW/正文〗江青也在。〖-ZW/正文〗", encoding="utf-8")
    archive, grams = _open(root, tmp_path / "cache")
    assert grams is not None and not grams.complete
    assert [p for p in grams.problems if "cannot be stored" in p] == [
        f"{bad}: the name cannot be stored; this file is searched by scanning"]
    scanner = _scanner(archive, tmp_path)
    assert len(scanner.search(parse_query("江青")).ids) == 2
    grams.close()
    scanner.store.close()


def test_worker_processes_build_the_same_index(generated, tmp_path):
    archive, one = _open(generated, tmp_path / "one")
    _, two = _open(generated, tmp_path / "two", workers=2)
    for needle in ("的", "江青", "只有江青", "𠀀𠀁"):
        assert one.candidates("ZW", needle) == two.candidates("ZW", needle)
    one.close()
    two.close()


def test_one_segment_of_any_size_is_built_in_a_worker_process(generated, tmp_path, monkeypatch):
    """Building a segment is seconds of Python at full size: never in the
    calling (the window's) process when workers are allowed."""
    from viewer.core.search import gramindex

    made = []
    real = gramindex.background_pool

    def recording(n):
        made.append(n)
        return real(n)

    monkeypatch.setattr(gramindex, "background_pool", recording)
    monkeypatch.setattr(gramindex, "SEGMENT_RECORDS", 10**6)  # (the whole archive in one segment)
    monkeypatch.setattr(gramindex, "_INLINE_RECORDS", 10)
    archive, grams = _open(generated, tmp_path / "one", workers=2)
    assert made == [2] and grams.complete
    _, inline = _open(generated, tmp_path / "inline", workers=0)
    assert made == [2]
    assert grams.candidates("ZW", "党员")[0] == inline.candidates("ZW", "党员")[0]
    grams.close()
    inline.close()


def test_segment_jobs_are_made_as_they_are_handed_out_a_few_at_a_time(generated, tmp_path, monkeypatch):
    """The window's process makes a job (its files, codecs and stamps) when
    it hands it out, with at most two a worker in flight: a million files'
    jobs made at once held its interpreter lock for seconds. The index is
    the same as one built inline."""
    monkeypatch.setattr(gramindex, "SEGMENT_RECORDS", 64)  # many segments
    in_flight: list[int] = []

    class Lazy:
        """A pool whose jobs run when their result is asked for."""

        def __init__(self, n):
            self.waiting = 0

        def submit(self, fn, *args):
            self.waiting += 1
            in_flight.append(self.waiting)
            pool = self

            class Later:
                def result(self):
                    pool.waiting -= 1
                    return fn(*args)

            return Later()

        def shutdown(self, **_kw):
            pass

    monkeypatch.setattr(gramindex, "background_pool", Lazy)
    archive, lazy = _open(generated, tmp_path / "lazy", workers=2)
    _, inline = _open(generated, tmp_path / "inline")
    assert lazy is not None and inline is not None and lazy.built == inline.built == len(archive)
    assert len(in_flight) == 7 and max(in_flight) == 4  # (seven segments; two workers: four jobs ahead)
    for needle in ("的", "江青", "只有江青"):
        assert lazy.candidates("ZW", needle) == inline.candidates("ZW", needle)
    lazy.close()
    inline.close()


def test_the_index_follows_changed_added_and_removed_files(generated, tmp_path, monkeypatch):
    monkeypatch.setattr(gramindex, "SEGMENT_RECORDS", 64)  # many segments, so that most survive a change
    root = tmp_path / "archive"
    shutil.copytree(generated, root)
    cache = tmp_path / "cache"
    archive, grams = _open(root, cache)
    assert grams is not None and grams.complete
    grams.close()
    files = sorted(p for p in root.rglob("*.txt") if p.name != "extra.txt")
    changed, removed = files[3], files[200]
    time.sleep(0.01)
    changed.write_text("〖BT/标题〗改过的标题〖-BT/标题〗〖ZW/正文〗一段新写的正文：鑫鑫向荣。〖-ZW/正文〗", encoding="utf-8")
    removed.unlink()
    (root / "2001" / "added.txt").write_text("〖BT/标题〗新来的〖-BT/标题〗〖ZW/正文〗鑫字又来。〖-ZW/正文〗", encoding="utf-8")
    archive, grams = _open(root, cache)
    assert grams is not None and grams.complete
    assert 0 < grams.built < len(archive) / 2  # only the segments that changed
    scanner = _scanner(archive, tmp_path)
    _same_answers(archive, grams, scanner, [*QUERIES, "鑫", "鑫鑫向荣", "新来的", "标题:改过"])
    found = Searcher(archive, None, grams=grams).search(parse_query("鑫"))
    assert sorted(archive.source(r).path for r in found.ids) == sorted([str(changed), str(root / "2001" / "added.txt")])
    grams.close()
    scanner.store.close()


def test_opening_part_of_an_indexed_folder_uses_its_segments(generated, tmp_path):
    cache = tmp_path / "cache"
    _whole, grams = _open(generated, cache)
    grams.close()
    part = sorted(p for p in generated.iterdir() if p.is_dir())[0]
    archive, grams = _open(part, cache)
    assert grams is not None and grams.complete and grams.built == 0
    _same_answers(archive, grams, _scanner(archive, tmp_path), QUERIES)
    grams.close()


@pytest.mark.parametrize("damage", ["database", "postings", "bodies", "missing", "bitmap"])
def test_a_damaged_index_is_rebuilt(generated, tmp_path, damage):
    cache = tmp_path / "cache"
    archive, grams = _open(generated, cache)
    grams.close()
    folder = folder_in(cache)
    segment_files = sorted(f for f in os.listdir(folder) if f.startswith("seg-"))
    grams_file = os.path.join(folder, next(f for f in segment_files if f.endswith(".grams")))
    bodies_file = os.path.join(folder, next(f for f in segment_files if f.endswith(".u16")))
    if damage == "database":
        with open(os.path.join(folder, "index.sqlite"), "r+b") as fh:
            fh.write(b"this is not a database at all" * 40)
    elif damage == "postings":
        with open(grams_file, "r+b") as fh:
            fh.truncate(os.path.getsize(grams_file) // 2)
    elif damage == "bodies":
        with open(bodies_file, "ab") as fh:
            fh.write(b"xx")
    elif damage == "missing":
        os.unlink(bodies_file)
    elif damage == "bitmap":
        # Garbage where a bitmap should be: found when asked, not on opening.
        assert damage_bitmap(folder, "的")
        shutil.copytree(folder, tmp_path / "copy")
        grams = GramIndex.open(archive, cache, workers=0)
        assert grams is not None
        with pytest.raises(IndexDamaged):
            grams.candidates("ZW", "的")
        assert not os.path.exists(folder)  # it removed itself
        # A searcher that meets the damage goes on by scanning, with the same answers.
        shutil.copytree(tmp_path / "copy", folder)
        scanner = _scanner(archive, tmp_path)
        searcher = Searcher(archive, scanner.store, grams=GramIndex.open(archive, cache, workers=0))
        assert searcher.grams is not None
        assert searcher.search(parse_query("的 党")).ids == scanner.search(parse_query("的 党")).ids
        assert searcher.grams is None
        scanner.store.close()
    again = GramIndex.open(archive, cache, workers=0)
    assert again is not None and again.complete
    if damage != "bitmap":
        assert again.built == len(archive)
    _same_answers(archive, again, _scanner(archive, tmp_path), QUERIES[:12])
    again.close()


def test_an_index_of_another_version_is_replaced(generated, tmp_path):
    cache = tmp_path / "cache"
    archive, grams = _open(generated, cache)
    grams.close()
    db = sqlite3.connect(os.path.join(folder_in(cache), "index.sqlite"))
    db.execute("PRAGMA user_version=99")
    db.close()
    again = GramIndex.open(archive, cache, workers=0)
    assert again is not None and again.complete and again.built == len(archive)
    again.close()


def test_a_cache_folder_that_cannot_be_written_falls_back_to_the_scan(generated, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    archive = Archive.open([str(generated)], workers=0)
    assert GramIndex.open(archive, blocked, workers=0) is None
    prepared = prepare(archive, index_folder=blocked, store_folder=str(tmp_path / "store"), workers=0)
    assert prepared.grams is None and prepared.store is not None and prepared.matches(len(archive))
    assert Searcher(archive, prepared.store).search(parse_query("江青")).ids
    prepared.close()


def test_leftovers_of_a_killed_build_are_removed_when_old(generated, tmp_path):
    cache = tmp_path / "cache"
    archive, grams = _open(generated, cache)
    grams.close()
    folder = folder_in(cache)
    old = os.path.join(folder, "seg-deadbeef.grams.part")
    young = os.path.join(folder, "seg-cafecafe.u16")
    for path in (old, young):
        with open(path, "wb") as fh:
            fh.write(b"half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    GramIndex.open(archive, cache, workers=0).close()
    assert not os.path.exists(old)
    assert os.path.exists(young)  # perhaps another program's, not yet committed


def test_segment_files_follow_the_umask(generated, tmp_path):
    previous = os.umask(0o027)
    try:
        _archive, grams = _open(generated, tmp_path / "cache")
    finally:
        os.umask(previous)
    grams.close()
    folder = folder_in(tmp_path / "cache")
    for name in os.listdir(folder):
        if name.startswith("seg-"):
            assert os.stat(os.path.join(folder, name)).st_mode & 0o777 == 0o640, name


def test_a_file_that_changed_after_loading_leaves_the_index_incomplete(generated, tmp_path):
    root = tmp_path / "archive"
    shutil.copytree(generated, root)
    archive = Archive.open([str(root)], workers=0)
    victim = next(iter(sorted(root.rglob("*.TXT")) or sorted(root.rglob("*.txt"))))
    time.sleep(0.01)
    victim.write_bytes(victim.read_bytes() + b" ")
    grams = GramIndex.open(archive, tmp_path / "cache", workers=0)
    assert grams is not None and not grams.complete
    assert any(str(victim) in p for p in grams.problems)
    assert Searcher(archive, None, grams=grams).grams is None  # the searcher will not trust it
    grams.close()


def test_a_segment_of_racily_clean_files_is_built_again_until_they_settle(generated, tmp_path, monkeypatch):
    """A file changed within the clock's step before its segment read it
    could change again with the same stamp: its segment is not trusted at
    the next opening, and is built again until the file has settled."""
    from viewer.core.records import batch

    root = tmp_path / "archive"
    shutil.copytree(generated, root)  # (every file's change time: now)
    monkeypatch.setattr(batch, "RACY_NS", 3 * 10**9)
    archive = Archive.open([str(root)], workers=0)
    cache = tmp_path / "cache"
    for _ in range(2):
        grams = GramIndex.open(archive, cache, workers=0)
        assert grams is not None and grams.complete and grams.built == len(archive)
        grams.close()
    monkeypatch.setattr(batch, "RACY_NS", 0)  # settled now
    grams = GramIndex.open(archive, cache, workers=0)
    assert grams is not None and grams.built == len(archive)  # (kept unsettled the last time)
    grams.close()
    grams = GramIndex.open(archive, cache, workers=0)
    assert grams is not None and grams.complete and grams.built == 0
    grams.close()


# -- the grams themselves ---------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from("江青松浦浙年哈 \n\x00𠀀𠀁ab，"), max_size=30)


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(TEXT, max_size=8), needle=st.text(alphabet=st.sampled_from("江青松浦哈 𠀀𠀁a，"), min_size=1, max_size=5))
def test_postings_hold_exactly_the_texts_with_a_gram(texts, needle):
    table = {gram: BitMap.deserialize(bits) for gram, bits in postings(texts)}
    grams, exact = needle_grams(needle)
    found = BitMap(range(len(texts)))
    for gram in grams:
        found &= table.get(gram, BitMap())
    truth = BitMap(i for i, t in enumerate(texts) if needle in t.replace("\x00", " "))
    assert truth.issubset(found)  # never a record missed
    if exact:
        assert found == truth


def test_folders_of_older_versions_are_removed(generated, tmp_path):
    old = tmp_path / "cache" / "search-v1"
    old.mkdir(parents=True)
    (old / "index.sqlite").write_bytes(b"an older format")
    (old / "seg-0123.grams").write_bytes(b"old postings")
    archive, grams = _open(generated, tmp_path / "cache")
    assert grams is not None and grams.complete
    assert not old.exists()
    grams.close()


def test_the_quick_filter_answers_from_the_index_as_it_does_by_reading(generated, tmp_path):
    from viewer.core.search.quickfilter import quick_filter

    archive, grams = _open(generated, tmp_path / "cache")
    everything = range(len(archive))
    for text in ("的", "的 一", "江青", "江青 第二", "本报记者", "𠀀", "𠀀作者", "哈哈哈哈", "Ab", "ab 的", "。", "不存在的字鑫"):
        want = quick_filter(archive, everything, text)
        fields = ("YT", "BT", "FT", "ZZ")
        by_hand = [r for r in everything
                   if all(any(t.casefold() in archive.value(r, c).casefold() for c in fields) for t in text.split())]
        assert want == by_hand, text
        backwards = list(reversed(everything))
        assert quick_filter(archive, backwards, text) == by_hand[::-1], text  # the order given is kept
        few = list(range(0, len(archive), 37))  # read record by record
        assert quick_filter(archive, few, text) == [r for r in by_hand if r % 37 == 0], text
        assert quick_filter(archive, everything, text, grams) == want, text
        assert quick_filter(archive, range(50), text, grams) == [r for r in want if r < 50], text
    grams.close()


def test_hit_totals_counted_in_bulk_are_those_counted_record_by_record(generated, tmp_path, monkeypatch):
    from viewer.core.search import searcher as searcher_module

    monkeypatch.setattr(searcher_module, "_COUNT_CHUNK", 7)  # many chunks, and runs of segments within them
    archive, grams = _open(generated, tmp_path / "cache")
    scanner = _scanner(archive, tmp_path)
    indexed = Searcher(archive, None, grams=grams)
    queries = ["党", "的", "教育", "标题:的", "作者:记者", "版名:要闻", "的 是", "活动 -党", "学习培训", "\\x1f", "哈哈", "哈", "𠀀", "𠀀𠀁", "江青", "的的", "。江"]
    for searcher in (indexed, scanner):
        for text in queries:
            result = searcher.search(parse_query(text))
            plain = [t for t in result.terms if t.regex is None and not t.exclusions]
            want = sum(searcher.field_text(rid, code).count(t.text)
                       for rid in result.ids for t in plain for code in t.fields if code in searcher_module._SEARCHED)
            if len(plain) == len(result.terms):
                assert result.total_hits() == want, text
    big = indexed.search(parse_query("的"))
    assert len(big.ids) > 100 and indexed.count_plain(big.ids, big.terms) == sum(
        indexed.field_text(r, c).count("的") for r in big.ids for c in big.terms[0].fields
        if c in searcher_module._SEARCHED)
    grams.close()
    scanner.store.close()


def test_the_index_takes_each_short_field_as_the_archive_holds_it(tmp_path, write):
    """The index's workers read the short fields themselves, the way the
    archive's load did: the same values for every kind of file (a flawless
    one-record file, multi-record files, a file with undecodable bytes or
    problems, padding, repeated fields, the column separator in a value)."""
    from conftest import record_text

    write("a/2005/simple.txt", record_text(bt="简单的标题", extra="〖ZZ/作者〗 本报记者 〖-ZZ/作者〗"))
    write("a/2005/multi.txt", record_text(th="1", bt="第一条") + record_text(th="2", bt="第二条",
                                                                         extra="〖BM/版名〗要闻〖-BM/版名〗"))
    write("a/2005/bad.txt", record_text(bt="坏字节的标题").encode("gb18030") + b"\xff\xfe")
    write("a/2005/twice.txt", record_text(bt="先写的标题", extra="〖BT/标题〗后写的标题〖-BT/标题〗〖FT/副题〗含\x1f分隔〖-FT/副题〗"))
    write("a/2005/unclosed.txt", "〖BT/标题〗没有收尾的标题\n〖ZW/正文〗正文〖-ZW/正文〗\n")
    write("a/2005/gbk.txt", record_text(bt="国标编码的标题", extra="〖YT/引题〗引题在此〖-YT/引题〗").encode("gbk"))
    archive = Archive.open([str(tmp_path / "a")], workers=0)
    grams = GramIndex.open(archive, tmp_path / "cache", workers=0)
    assert grams is not None and grams.complete
    fields = ("YT", "BT", "FT", "ZZ", "BM", "TC", "FL")
    checked = 0
    for rid in archive.ids():
        for code in fields:
            value = archive.value(rid, code)
            for needle in {value[:1], value[:2], value[-2:], value} - {""}:
                found, _exact = grams.candidates(code, needle)
                assert rid in found, (code, value, needle)
                checked += 1
    assert checked > 40
    scanner = _scanner(archive, tmp_path)
    _same_answers(archive, grams, scanner, ["标题:标题", "标题:先写", "标题:后写", "作者:本报记者", "副题:分隔",
                                             "版名:要闻", "引题:引题", "标题:坏字节", "标题:没有收尾", "标题:国标"])
    grams.close()
    scanner.store.close()


# -- the segments kept with an archive's snapshot -------------------------------------


@pytest.fixture
def snapshot_archives(generated, tmp_path, monkeypatch):
    """Open ``generated`` as a snapshot's archive (the first call writes the
    snapshot; later ones are filled from it), with its index."""
    from viewer.core.records import kept as kept_module
    from viewer.core.records.cache import IndexCache

    monkeypatch.setattr(kept_module, "MIN_RECORDS", 0)
    monkeypatch.setattr(gramindex, "SEGMENT_RECORDS", 64)  # many segments

    def opened():
        archive = Archive.open([str(generated)], workers=0, cache=IndexCache(str(tmp_path / "cache" / "index.sqlite")))
        return archive, GramIndex.open(archive, tmp_path / "cache", workers=0)

    return opened


def refuse_comparing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compared the files although the segments were kept")

    monkeypatch.setattr(gramindex, "_Stored", refuse)


def test_a_reopened_snapshot_takes_its_kept_segments_without_comparing_files(snapshot_archives, tmp_path, monkeypatch):
    archive, first = snapshot_archives()  # the archive wrote its snapshot: the index keeps its segments with it
    assert first is not None and first.complete and not first.bound and first.built == len(archive)
    first.close()
    refuse_comparing(monkeypatch)
    archive, again = snapshot_archives()
    assert again is not None and again.bound and again.complete and again.built == 0
    scanner = _scanner(archive, tmp_path)
    _same_answers(archive, again, scanner, QUERIES)
    assert [again.body(r) for r in archive.ids()] == [scanner.field_text(r, "ZW") for r in archive.ids()]
    again.close()
    scanner.store.close()


def test_segments_of_racily_clean_files_are_not_kept_with_the_snapshot(generated, tmp_path, monkeypatch):
    """Segments kept with a snapshot are taken without comparing a file:
    never those holding a file that was racily clean when it was read."""
    from viewer.core.records import batch
    from viewer.core.records import kept as kept_module
    from viewer.core.records.cache import IndexCache

    root = tmp_path / "archive"
    shutil.copytree(generated, root)  # (every file's change time: now)
    monkeypatch.setattr(kept_module, "MIN_RECORDS", 0)
    monkeypatch.setattr(batch, "RACY_NS", 3 * 10**9)
    for _ in range(2):
        archive = Archive.open([str(root)], workers=0, cache=IndexCache(str(tmp_path / "cache" / "index.sqlite")))
        grams = GramIndex.open(archive, tmp_path / "cache", workers=0)
        assert grams is not None and not grams.bound and grams.built == len(archive)
        grams.close()


def _bound_index(snapshot_archives):
    archive, grams = snapshot_archives()
    grams.close()
    archive, grams = snapshot_archives()
    assert grams.bound
    grams.close()
    return archive


def test_kept_segments_that_were_dropped_since_are_not_taken(snapshot_archives, tmp_path):
    _bound_index(snapshot_archives)
    db = sqlite3.connect(os.path.join(folder_in(tmp_path / "cache"), "index.sqlite"))
    with db:
        (sid,) = db.execute("SELECT min(id) FROM segments").fetchone()
        db.execute("DELETE FROM segments WHERE id = ?", (sid,))  # as another archive's opening would
    db.close()
    archive, grams = snapshot_archives()
    assert grams is not None and not grams.bound and grams.complete and 0 < grams.built < len(archive)
    _same_answers(archive, grams, _scanner(archive, tmp_path), QUERIES[:12])
    grams.close()


def test_missing_segment_files_of_kept_segments_rebuild_the_index(snapshot_archives, tmp_path):
    archive = _bound_index(snapshot_archives)
    folder = folder_in(tmp_path / "cache")
    os.unlink(os.path.join(folder, sorted(f for f in os.listdir(folder) if f.endswith(".u16"))[0]))
    archive, grams = snapshot_archives()
    assert grams is not None and grams.complete and grams.built == len(archive)
    _same_answers(archive, grams, _scanner(archive, tmp_path), QUERIES[:12])
    grams.close()


@pytest.mark.parametrize("garbage", ["empty", "no runs", "gap", "overlap", "foreign segment", "not json", "short"])
def test_a_kept_segments_list_that_does_not_fit_is_not_taken(snapshot_archives, tmp_path, garbage):
    import json
    import struct

    archive = _bound_index(snapshot_archives)
    probe = GramIndex.open(archive, tmp_path / "cache", workers=0)
    name = probe._binding_name()
    data = archive.kept(name, gramindex._BINDING)
    probe.close()
    assert data is not None
    (length,) = struct.unpack_from("<Q", data)
    listed = json.loads(data[8 : 8 + length])
    runs = np.frombuffer(data[8 + length :], dtype="<i8").reshape(-1, 4).copy()
    if garbage == "empty":
        bad = b""
    elif garbage == "not json":
        bad = struct.pack("<Q", 3) + b"[[x" + runs.tobytes()
    elif garbage == "short":
        bad = data[:-5]
    else:
        if garbage == "no runs":
            runs = runs[:0]
        elif garbage == "gap":
            runs[-1, 3] -= 1
        elif garbage == "overlap":
            runs[-1, 1] = runs[-2, 1]  # two runs over the same local numbers
        elif garbage == "foreign segment":
            listed[0][1] = "0123456789abcdef"
        head = json.dumps(listed).encode()
        bad = struct.pack("<Q", len(head)) + head + runs.astype("<i8").tobytes()
    assert archive.keep(name, gramindex._BINDING, bad)
    archive, grams = snapshot_archives()
    assert grams is not None and not grams.bound and grams.complete
    _same_answers(archive, grams, _scanner(archive, tmp_path), QUERIES[:12])
    grams.close()


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5)), min_size=1, max_size=12))
@settings(max_examples=200, deadline=None)
def test_runs_give_back_each_records_place(pieces):
    """Any tiling of segments' records into runs (in any order) reads back as it was."""
    sizes = [0, 0, 0, 0]
    seg_of, local_of = [], []
    for seg, n in pieces:
        seg_of += [seg] * n
        local_of += range(sizes[seg], sizes[seg] + n)
        sizes[seg] += n
    used = sorted({s for s, _ in pieces})
    renumber = {s: i for i, s in enumerate(used)}
    seg_of = np.array([renumber[s] for s in seg_of], dtype=np.int32)
    local_of = np.array(local_of, dtype=np.int32)
    runs = gramindex._runs(seg_of, local_of)
    placed = gramindex._placed(runs, len(seg_of), [sizes[s] for s in used])
    assert placed is not None
    assert placed[0].tolist() == seg_of.tolist() and placed[1].tolist() == local_of.tolist()
    assert gramindex._placed(runs, len(seg_of) + 1, [sizes[s] for s in used]) is None
    assert gramindex._placed(runs, len(seg_of), [sizes[s] + 1 for s in used]) is None
