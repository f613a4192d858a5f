"""The persistent index: warm reopen without re-reading, invalidation, corrupt caches."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

import viewer.core.records.loader as loader
import viewer.core.search.bodies as bodies
import viewer.core.search.gramindex as gramindex
from conftest import record_text
from viewer.core.records.archive import Archive
from viewer.core.records.cache import IndexCache
from viewer.core.records.fields import INDEXED_FIELDS
from viewer.core.search.bodies import BodyStore
from viewer.core.search.query import parse_query
from viewer.core.search.searcher import Searcher


def snapshot(a: Archive):
    return [(a.key(r), a.fields(r), a.body_length(r), a.encoding(r), a.problem_count(r)) for r in a.ids()], sorted(
        (p.file, p.line, p.message) for p in a.problems
    )


@pytest.fixture
def archive_dir(tmp_path, write):
    for i in range(5):
        write(f"2005/r{i}.txt", record_text(th=str(i), bt=f"标题{i}", body=f"正文{i}，先进性教育。"))
    write("2005/bad.txt", record_text(rq="2005").encode("gb18030") + b"\xff")
    write("2005/multi.txt", record_text(th="7") + record_text(th="8", extra="〖XX/未知〗保留〖-XX/未知〗"))
    return tmp_path / "2005"


def no_reading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a file was read although the cache had it")

    monkeypatch.setattr(loader, "index_files", refuse)


def test_warm_reopen_reads_no_file_and_gives_the_same_archive(archive_dir, tmp_path, monkeypatch):
    cache = IndexCache(str(tmp_path / "cache" / "index.sqlite"))
    cold = Archive.open([archive_dir], workers=0, cache=cache)
    no_reading(monkeypatch)
    warm = Archive.open([archive_dir], workers=0, cache=cache)
    assert snapshot(warm) == snapshot(cold)
    [eight] = [r for r in warm.ids() if warm.value(r, "TH") == "8"]
    assert warm.value(eight, "XX") == "保留"


def no_snapshots(cache: IndexCache) -> None:
    """Remove the cache folder's archive snapshots, so that a reopening
    takes the cache's rows (see test_snapshot.py for the snapshots)."""
    folder = os.path.dirname(cache.path)
    for name in os.listdir(folder):
        if name.endswith(".snapshot"):
            os.unlink(os.path.join(folder, name))


def test_warm_reopen_from_the_rows_reads_no_file_and_gives_the_same_archive(archive_dir, tmp_path, monkeypatch):
    cache = IndexCache(str(tmp_path / "cache" / "index.sqlite"))
    cold = Archive.open([archive_dir], workers=0, cache=cache)
    no_snapshots(cache)
    no_reading(monkeypatch)
    warm = Archive.open([archive_dir], workers=0, cache=cache)
    assert snapshot(warm) == snapshot(cold)


def test_changed_added_and_removed_files(archive_dir, tmp_path):
    cache = IndexCache(str(tmp_path / "c.sqlite"))
    Archive.open([archive_dir], workers=0, cache=cache)
    changed = archive_dir / "r1.txt"
    changed.write_text(record_text(th="1", bt="改过的标题，长一些"), encoding="utf-8")
    os.utime(changed, ns=(time.time_ns(), time.time_ns() + 10**9))
    (archive_dir / "r2.txt").unlink()
    (archive_dir / "new.txt").write_text(record_text(bt="新文件"), encoding="utf-8")
    a = Archive.open([archive_dir], workers=0, cache=cache)
    titles = sorted(a.value(r, "BT") for r in a.ids())
    assert "改过的标题，长一些" in titles and "新文件" in titles and "标题2" not in titles
    [(names,)] = cache._db.execute("SELECT names FROM groups").fetchall()
    assert b"new.txt" in names and b"r2.txt" not in names


def test_corrupt_cache_is_rebuilt_not_trusted(archive_dir, tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = IndexCache(str(path))
    assert cache.rebuilt
    a = Archive.open([archive_dir], workers=0, cache=cache)
    assert len(a) == 8


def test_cache_of_another_version_is_rebuilt(archive_dir, tmp_path):
    path = tmp_path / "c.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE files (path TEXT)")
    db.execute("PRAGMA user_version=99")
    db.commit()
    db.close()
    cache = IndexCache(str(path))
    assert cache.rebuilt
    assert len(Archive.open([archive_dir], workers=0, cache=cache)) == 8


def test_overrides_bypass_the_cache(archive_dir, tmp_path, monkeypatch):
    from viewer.core.records.decoding import EncodingOverrides

    cache = IndexCache(str(tmp_path / "c.sqlite"))
    Archive.open([archive_dir], workers=0, cache=cache)
    calls = []
    real = loader.index_files
    monkeypatch.setattr(loader, "index_files", lambda *a, **k: calls.append(1) or real(*a, **k))
    Archive.open([archive_dir], workers=0, cache=cache, overrides=EncodingOverrides({"*": "gb18030"}))
    assert calls


def test_bodies_come_from_the_cache_on_the_second_build(archive_dir, tmp_path, monkeypatch):
    cache = IndexCache(str(tmp_path / "c.sqlite"))
    a = Archive.open([archive_dir], workers=0, cache=cache)
    first = BodyStore.build(a, str(tmp_path / "s1"), workers=0, cache=cache)
    expected = Searcher(a, first).search(parse_query("先进性")).ids
    first.close()

    def refuse(*args):
        raise AssertionError("bodies were parsed although cached")

    monkeypatch.setattr(bodies, "_bodies", refuse)
    second = BodyStore.build(a, str(tmp_path / "s2"), workers=0, cache=cache)
    r_files = [r for r in a.ids() if a.source(r).relpath.startswith("r")]
    assert Searcher(a, second).search(parse_query("先进性")).ids == expected == r_files
    assert [second.body(r) for r in a.ids()] == [a.read(r).body() for r in a.ids()]
    second.close()


def test_the_window_reopens_from_the_cache(qtbot, open_window, archive_dir, tmp_path, monkeypatch):
    cache = IndexCache(str(tmp_path / "gui.sqlite"))
    w = open_window([archive_dir], cache=cache)
    qtbot.waitUntil(lambda: w.session.search_ready(), timeout=20000)
    before = snapshot(w.session.archive)
    no_reading(monkeypatch)
    monkeypatch.setattr(bodies, "_bodies", lambda *a: (_ for _ in ()).throw(AssertionError("parsed")))
    monkeypatch.setattr(gramindex, "_build_segment", lambda *a: (_ for _ in ()).throw(AssertionError("indexed")))
    w.reload()
    qtbot.waitUntil(lambda: not w.loading and w.session.search_ready(), timeout=20000)
    assert snapshot(w.session.archive) == before
    assert w.session.grams is not None  # the search index, kept in the cache folder
    w.close()


def test_gui_option_for_no_cache():
    from viewer.ui.app import gui_arguments

    assert gui_arguments(["--no-cache", "x"]).no_cache
    assert not gui_arguments([]).no_cache


def test_a_file_restored_to_its_size_and_time_is_read_again(archive_dir, tmp_path):
    cache = IndexCache.in_folder(tmp_path / "c")
    Archive.open([archive_dir], workers=0, cache=cache)
    path = archive_dir / "r3.txt"
    st = path.stat()
    text = path.read_text("utf-8")
    changed = text.replace("标题3", "题目3")
    assert len(changed.encode()) == len(text.encode())
    path.write_text(changed, "utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    a = Archive.open([archive_dir], workers=0, cache=cache)
    assert "题目3" in [a.value(r, "BT") for r in a.ids()]
    store = BodyStore.build(a, str(tmp_path / "s"), workers=0, cache=cache)
    assert [store.body(r) for r in a.ids()] == [a.read(r).body() for r in a.ids()]
    store.close()


def _pristine_cache(archive_dir, folder):
    cache = IndexCache.in_folder(folder)
    a = Archive.open([archive_dir], workers=0, cache=cache)
    BodyStore.build(a, str(folder / "s"), workers=0, cache=cache).close()
    cache.close()
    return cache.path


def _everything(archive_dir, tmp_path, cache):
    a = Archive.open([archive_dir], workers=0, cache=cache)
    store = BodyStore.build(a, str(tmp_path / "s"), workers=0, cache=cache)
    try:
        found = Searcher(a, store).search(parse_query("先进性")).ids
        return snapshot(a), [store.body(r) for r in a.ids()], found
    finally:
        store.close()


@pytest.fixture
def big_archive(tmp_path, write):
    """Enough files that the cache spans many pages."""
    for i in range(120):
        write(f"big/r{i:03}.txt", record_text(th=str(i), bt=f"标题{i}" * 5, body=f"正文{i}，先进性教育。" * 40))
    return tmp_path / "big"


def test_damage_anywhere_in_the_cache_is_rebuilt_never_raised(big_archive, tmp_path):
    expected = _everything(big_archive, tmp_path / "x", None)
    pristine = open(_pristine_cache(big_archive, tmp_path / "p"), "rb").read()
    page = 4096
    pages = len(pristine) // page
    assert pages > 8
    for n in range(pages):
        for where in ("head", "middle"):
            folder = tmp_path / f"d{n}{where}"
            folder.mkdir()
            damaged = bytearray(pristine)
            at = n * page + (0 if where == "head" else page // 2)
            damaged[at : at + 64] = os.urandom(64)
            path = folder / os.path.basename(IndexCache.in_folder(folder).path)
            path.write_bytes(bytes(damaged))
            cache = IndexCache(str(path))
            assert _everything(big_archive, folder, cache) == expected, (n, where)
            assert _everything(big_archive, folder, cache) == expected, (n, where)  # and again
            cache.close()


def test_a_row_damaged_inside_is_not_trusted(archive_dir, tmp_path):
    cache = IndexCache.in_folder(tmp_path / "c")
    cold = Archive.open([archive_dir], workers=0, cache=cache)
    cache._db.execute("UPDATE groups SET vals = replace(vals, '标题1', '标题X')")
    no_snapshots(cache)
    warm = Archive.open([archive_dir], workers=0, cache=cache)
    assert snapshot(warm) == snapshot(cold)


def test_a_cache_folder_that_cannot_be_made_leaves_the_cache_off(archive_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = IndexCache.in_folder(blocker / "cache")
    assert cache.disabled and str(blocker / "cache") in cache.disabled
    a = Archive.open([archive_dir], workers=0, cache=cache)
    assert len(a) == 8
    store = BodyStore.build(a, str(blocker / "search"), workers=0, cache=cache)
    assert store is not None and store.body(0)
    store.close()


def test_a_cache_file_that_cannot_be_opened_leaves_the_cache_off(archive_dir, tmp_path):
    folder = tmp_path / "c"
    from viewer.core.records.cache import cache_file

    os.makedirs(cache_file(folder))  # a folder where the file should be
    cache = IndexCache.in_folder(folder)
    assert cache.disabled
    assert len(Archive.open([archive_dir], workers=0, cache=cache)) == 8


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="file modes do not stop root")
def test_a_read_only_cache_folder_leaves_the_cache_off(archive_dir, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        cache = IndexCache.in_folder(folder)
        assert cache.disabled
        assert len(Archive.open([archive_dir], workers=0, cache=cache)) == 8
    finally:
        folder.chmod(0o755)


def test_a_busy_cache_is_waited_for_and_never_deleted(archive_dir, tmp_path, monkeypatch):
    import viewer.core.records.cache as cache_module

    monkeypatch.setattr(cache_module, "BUSY_WAIT", 0.1)
    folder = tmp_path / "c"
    first = IndexCache.in_folder(folder)
    Archive.open([archive_dir], workers=0, cache=first)
    first.close()
    other = sqlite3.connect(cache_module.cache_file(folder), isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE groups SET crc = crc")
    try:
        busy = IndexCache.in_folder(folder)
        assert not busy.rebuilt and not busy.disabled
        assert len(Archive.open([archive_dir], workers=0, cache=busy)) == 8
        busy.close()
    finally:
        other.execute("COMMIT")
        other.close()
    again = IndexCache.in_folder(folder)
    assert not again.rebuilt
    rows = again._db.execute("SELECT count(*) FROM groups").fetchone()[0]
    assert rows == 1  # the one folder


def test_each_schema_version_has_its_own_file_and_older_ones_are_removed(tmp_path):
    from viewer.core.records.cache import SCHEMA

    for old in range(1, SCHEMA):
        (tmp_path / f"index-v{old}.sqlite").write_bytes(b"an older version's cache")
        (tmp_path / f"index-v{old}.sqlite-wal").write_bytes(b"")
    assert IndexCache.in_folder(tmp_path).path.endswith(f"index-v{SCHEMA}.sqlite")
    assert not [p.name for p in tmp_path.iterdir() if not p.name.startswith(f"index-v{SCHEMA}")]  # the old ones are gone


def test_the_window_opens_without_a_usable_cache_and_says_so(qtbot, open_window, archive_dir, tmp_path):
    from PySide6.QtWidgets import QLabel

    from conftest import table, widget

    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = IndexCache.in_folder(blocker / "cache")
    w = open_window(None, cache=cache)
    assert "without the cache" in w.statusBar().currentMessage()
    w.open_paths([str(archive_dir)])
    qtbot.waitUntil(lambda: not w.loading and w.session.search_ready(), timeout=20000)
    assert table(w).model().rowCount() == 8
    assert widget(w, QLabel, "statusText").text().endswith("· no cache")  # stays said, after passing messages
    w.close()


def test_a_file_name_that_is_not_utf8_is_read_every_time_not_cached(archive_dir, tmp_path):
    gbk = os.path.join(os.fsencode(str(archive_dir)), "中文名".encode("gbk") + b".txt")
    with open(gbk, "w", encoding="utf-8") as fh:
        fh.write(record_text(bt="名字不是UTF-8", body="独有的正文。"))
    cache = IndexCache(str(tmp_path / "c.sqlite"))
    cold = Archive.open([archive_dir], workers=0, cache=cache)
    warm = Archive.open([archive_dir], workers=0, cache=cache)
    assert snapshot(warm) == snapshot(cold)
    assert "名字不是UTF-8" in [warm.value(r, "BT") for r in warm.ids()]
    with open(archive_dir / "new.txt", "w", encoding="utf-8") as fh:
        fh.write(record_text(bt="后来的"))
    again = Archive.open([archive_dir], workers=0, cache=cache)
    assert len(again) == len(warm) + 1
    [mine] = [r for r in again.ids() if again.value(r, "BT") == "名字不是UTF-8"]
    for n in range(2):  # bodies read, then (for the other files) from the cache
        store = BodyStore.build(again, str(tmp_path / f"b{n}"), workers=0, cache=cache)
        assert store is not None
        assert list(Searcher(again, store).search(parse_query("独有的正文")).ids) == [mine]
        store.close()


def test_a_renamed_file_is_seen_although_every_stamp_is_the_same(archive_dir, tmp_path):
    """A rename changes no file's stamp: the cached names must still differ."""
    cache = IndexCache(str(tmp_path / "c.sqlite"))
    Archive.open([archive_dir], workers=0, cache=cache)
    os.rename(archive_dir / "r1.txt", archive_dir / "zz.txt")
    a = Archive.open([archive_dir], workers=0, cache=cache)
    assert sorted(a.source(r).relpath for r in a.ids() if a.value(r, "BT") == "标题1") == ["zz.txt"]


def test_only_changed_folders_are_read_again(tmp_path, write, monkeypatch):
    for day in range(3):
        for i in range(70):  # more than the first chunk, so that each folder is its own chunk
            write(f"run/d{day}/r{i:02}.txt", record_text(th=str(i), bt=f"第{day}天{i}"))
    run = tmp_path / "run"
    cache = IndexCache(str(tmp_path / "c.sqlite"))
    cold = [b.sources for b in loader.load([run], workers=0, batch=1, cache=cache)]
    assert len(cold) == 3
    (run / "d1" / "r05.txt").write_text(record_text(th="5", bt="改了"), encoding="utf-8")
    read: list[str] = []
    real = loader.index_files
    monkeypatch.setattr(loader, "index_files", lambda files, *a: read.extend(f.relpath for f in files) or real(files, *a))
    warm = list(loader.load([run], workers=0, batch=1, cache=cache))
    assert sorted({r.split("/")[0] for r in read}) == ["d1"]
    assert "改了" in warm[1].columns()[INDEXED_FIELDS.index("BT")]


def test_racily_clean_files_are_read_again_until_they_have_settled(archive_dir, tmp_path, monkeypatch):
    """A file changed within RACY_NS of its load (or after it began) could
    change again within the file system's clock tick without its stamp
    changing: neither the cache's rows nor the snapshot keep its stamp, so
    every opening reads it again until it has settled."""
    from viewer.core.records import batch

    cache = IndexCache(str(tmp_path / "cache" / "index.sqlite"))
    reads: list[int] = []
    real = loader.index_files
    monkeypatch.setattr(loader, "index_files", lambda files, *a, **k: reads.append(len(files)) or real(files, *a, **k))
    monkeypatch.setattr(batch, "RACY_NS", 3 * 10**9)  # the files were written a moment ago: racily clean
    first = snapshot(Archive.open([archive_dir], workers=0, cache=cache))
    assert sum(reads) == 7
    reads.clear()
    assert snapshot(Archive.open([archive_dir], workers=0, cache=cache)) == first
    assert sum(reads) == 7  # read again: no stamp of theirs was kept
    monkeypatch.setattr(batch, "RACY_NS", 0)  # now they have settled
    reads.clear()
    assert snapshot(Archive.open([archive_dir], workers=0, cache=cache)) == first
    assert sum(reads) == 7  # read once more, and their stamps kept
    reads.clear()
    assert snapshot(Archive.open([archive_dir], workers=0, cache=cache)) == first
    assert reads == []


def test_a_stamp_is_kept_unless_its_times_are_near_the_loads_start():
    import numpy as np

    from viewer.core.records import batch

    began = 10**18
    near = began - batch.RACY_NS // 2 if batch.RACY_NS else began + 1
    stamps = np.array([5, 1, 1, 9,  6, near, 1, 9,  7, 1, near, 9,  8, began + 10**9, 1, 9], dtype=np.int64)
    kept = batch.settled(stamps, began).reshape(-1, 4)
    assert kept[:, 0].tolist() == [5, batch.UNSETTLED, batch.UNSETTLED, batch.UNSETTLED]
    assert kept[:, 1:].tolist() == stamps.reshape(-1, 4)[:, 1:].tolist()
    assert stamps[4] == 6  # (a copy)
