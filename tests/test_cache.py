"""The persistent index: warm reopen without re-reading, invalidation, corrupt caches."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest
from conftest import record_text

import viewer.core.loader as loader
import viewer.core.textstore as textstore
from viewer.core.archive import Archive
from viewer.core.cache import IndexCache
from viewer.core.query import parse_query
from viewer.core.search import Searcher
from viewer.core.textstore import TextStore


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
    gone = cache.lookup([(str(archive_dir / "r2.txt"), 0, 0)])
    assert gone == {}
    rows = cache._db.execute("SELECT count(*) FROM files WHERE path LIKE '%r2.txt'").fetchone()[0]
    assert rows == 0


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
    from viewer.core.decoding import EncodingOverrides

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
    first = TextStore.build(a, str(tmp_path / "s1"), workers=0, cache=cache)
    expected = Searcher(a, first).search(parse_query("先进性")).ids
    first.close()

    def refuse(*args):
        raise AssertionError("bodies were parsed although cached")

    monkeypatch.setattr(textstore, "_bodies", refuse)
    second = TextStore.build(a, str(tmp_path / "s2"), workers=0, cache=cache)
    r_files = [r for r in a.ids() if a.source(r).relpath.startswith("r")]
    assert Searcher(a, second).search(parse_query("先进性")).ids == expected == r_files
    assert [second.body(r) for r in a.ids()] == [a.read(r).body() for r in a.ids()]
    second.close()


def test_the_window_reopens_from_the_cache(qtbot, archive_dir, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    from viewer.ui.main_window import MainWindow
    from viewer.ui.settings import Settings

    cache = IndexCache(str(tmp_path / "gui.sqlite"))
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, workers=0, cache=cache)
    qtbot.addWidget(w)
    w.open_paths([str(archive_dir)])
    qtbot.waitUntil(lambda: w.loading_done and w.text_store is not None, timeout=20000)
    before = snapshot(w.archive)
    no_reading(monkeypatch)
    monkeypatch.setattr(textstore, "_bodies", lambda *a: (_ for _ in ()).throw(AssertionError("parsed")))
    w.reload()
    qtbot.waitUntil(lambda: w.loading_done and w.text_store is not None, timeout=20000)
    assert snapshot(w.archive) == before
    w.close()


def test_gui_option_for_no_cache():
    from viewer.ui.app import gui_arguments

    assert gui_arguments(["--no-cache", "x"]).no_cache
    assert not gui_arguments([]).no_cache
