"""Kept sort ranks: a reopened archive that is its snapshot sorts by its text
columns without ranking them again, and ranks are never taken from a file
that does not match the archive exactly."""

from __future__ import annotations

import glob
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.records import collation as collation_module
from viewer.core.records import rankfile
from viewer.core.records.archive import Archive
from viewer.core.records.cache import IndexCache
from viewer.core.records.collation import CODEPOINT, PINYIN
from viewer.core.records.textcolumn import TextColumn

_TITLES = ["中国", "北京", "安徽", "西安", "先进", "Zeta", "alpha", "中国", "党员", "𠀀字", "", "长江"]


@pytest.fixture(autouse=True)
def small_archives_keep_ranks(monkeypatch):
    monkeypatch.setattr(rankfile, "MIN_RECORDS", 0)


@pytest.fixture
def tree(tmp_path, write):
    for i, title in enumerate(_TITLES):
        write(f"arch/2005/200501/200501{i % 3 + 1:02d}/{i:02d}.txt", record_text(th=str(i), bt=title, extra=f"〖YT/引题〗{title[::-1]}〖-YT/引题〗"))
    return [str(tmp_path / "arch")]


def cache_in(tmp_path) -> IndexCache:
    return IndexCache(str(tmp_path / "cache" / "index.sqlite"))


def rank_files(tmp_path) -> list[str]:
    return glob.glob(str(tmp_path / "cache" / f"*{rankfile.SUFFIX}"))


def all_ranks(archive: Archive) -> dict:
    return {(code, c): archive.sort_ranks(code, c).tolist() for code in ("BT", "YT") for c in (CODEPOINT, PINYIN)}


def refuse_ranking(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("ranked a column although its ranks were kept")

    monkeypatch.setattr(TextColumn, "ranks", refuse)


def test_a_reopening_sorts_with_the_kept_ranks(tree, tmp_path, monkeypatch):
    plain = all_ranks(Archive.open(tree, workers=0))
    first = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(first) == plain
    [kept] = rank_files(tmp_path)
    refuse_ranking(monkeypatch)
    again = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(again) == plain
    assert again.order_by(again.ids(), "BT", collation=PINYIN).tolist() == first.order_by(
        first.ids(), "BT", collation=PINYIN).tolist()
    assert rank_files(tmp_path) == [kept]


def test_ranks_worked_out_while_the_snapshot_was_written_are_kept_too(tree, tmp_path, monkeypatch):
    archive = Archive()
    archive.fill(tree, workers=0, cache=cache_in(tmp_path))
    before = archive.sort_ranks("BT", PINYIN).tolist()  # ranked before the snapshot is written
    assert archive.save_snapshot()
    refuse_ranking(monkeypatch)
    again = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert again.sort_ranks("BT", PINYIN).tolist() == before


def test_a_changed_file_means_the_ranks_are_worked_out_again(tree, tmp_path):
    Archive.open(tree, workers=0, cache=cache_in(tmp_path)).sort_ranks("BT", PINYIN)
    changed = os.path.join(tree[0], "2005", "200501", "20050101", "00.txt")
    with open(changed, "wb") as fh:
        fh.write(record_text(th="0", bt="阿").encode("utf-8"))
    os.utime(changed, ns=(1, 1))
    reopened = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(reopened) == all_ranks(Archive.open(tree, workers=0))
    first = reopened.order_by(reopened.ids(), "BT", collation=PINYIN)[0]
    assert reopened.fields(int(first)).get("BT", "") in ("", "Zeta", "alpha")  # no reading: before the Chinese
    titles = [reopened.fields(int(r)).get("BT", "") for r in reopened.order_by(reopened.ids(), "BT", collation=PINYIN)]
    assert titles.index("阿") < titles.index("安徽")  # a1 before an1: the new title, not the kept place


def test_added_records_are_not_sorted_with_the_kept_ranks(tree, tmp_path, write):
    archive = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    archive.sort_ranks("BT", PINYIN)
    more = write("more.txt", record_text(th="99", bt="啊"))
    archive.fill([more], workers=0)
    titles = [archive.fields(int(r)).get("BT", "") for r in archive.order_by(archive.ids(), "BT", collation=PINYIN)]
    assert titles.index("啊") < titles.index("安徽")
    assert len(archive.sort_ranks("BT", PINYIN)) == len(archive)


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "range", "other-snapshot", "tag"])
def test_a_kept_rank_file_that_does_not_match_is_not_used(tree, tmp_path, monkeypatch, damage):
    plain = all_ranks(Archive.open(tree, workers=0))
    Archive.open(tree, workers=0, cache=cache_in(tmp_path)).sort_ranks("BT", PINYIN)
    [kept] = rank_files(tmp_path)
    data = bytearray(open(kept, "rb").read())
    if damage == "flip":
        data[-3] ^= 0x40
    elif damage == "truncate":
        data = data[: len(data) - 5]
    elif damage == "garbage":
        data = bytearray(b"\0" * len(data))
    elif damage == "range":  # a hostile file, CRC and all: places beyond the records
        parts = rankfile._decode(kept, *_identity(kept))
        tag, ranks = parts["BT/pinyin"]
        data = bytearray(b"".join(rankfile._encode(*_identity(kept), {"BT/pinyin": (tag, ranks + 1000)})))
    elif damage == "other-snapshot":
        snapshot_id, records = _identity(kept)
        data = bytearray(b"".join(rankfile._encode("0" * 32, records, rankfile._decode(kept, snapshot_id, records))))
    elif damage == "tag":
        monkeypatch.setattr(collation_module, "_PINYIN_RULES", 99)
    with open(kept, "wb") as fh:
        fh.write(bytes(data))
    again = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(again) == plain
    # ... and the file is written again, whole and usable.
    snapshot_id, records = _identity(kept)
    assert set(rankfile._decode(kept, snapshot_id, records)) == {f"{c}/{o}" for c in ("BT", "YT") for o in (CODEPOINT, PINYIN)}


def _identity(path: str) -> tuple[str, int]:
    """The snapshot id and record count a rank file was made for."""
    import json
    import struct

    data = open(path, "rb").read()
    start = len(rankfile.MAGIC)
    (length,) = struct.unpack_from("<Q", data, start)
    header = json.loads(data[start + 8 : start + 8 + length])
    return header["snapshot"], header["records"]


def test_kept_ranks_go_with_their_snapshot(tree, tmp_path):
    Archive.open(tree, workers=0, cache=cache_in(tmp_path)).sort_ranks("BT")
    [kept] = rank_files(tmp_path)
    [snap] = glob.glob(str(tmp_path / "cache" / "*.snapshot"))
    os.unlink(snap)
    from viewer.core.records import snapshot

    snapshot.prune(str(tmp_path / "cache"))
    assert not os.path.exists(kept)


def test_a_rank_file_that_cannot_be_written_costs_only_speed(tree, tmp_path):
    plain = all_ranks(Archive.open(tree, workers=0))
    Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    [snap] = glob.glob(str(tmp_path / "cache" / "*.snapshot"))
    blocked = rankfile.path_for(snap)
    os.mkdir(blocked)  # (a read-only folder does not stop root; a folder in the way does)
    again = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(again) == plain
    assert os.path.isdir(blocked) and not os.listdir(blocked)
    left = sorted(n for n in os.listdir(tmp_path / "cache") if not n.startswith("index.sqlite"))
    assert left == sorted([os.path.basename(snap), os.path.basename(blocked)])  # no temp file left


def test_no_rank_file_for_a_small_archive(tree, tmp_path, monkeypatch):
    monkeypatch.setattr(rankfile, "MIN_RECORDS", 10_000)
    Archive.open(tree, workers=0, cache=cache_in(tmp_path)).sort_ranks("BT", PINYIN)
    assert not rank_files(tmp_path)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40).flatmap(lambda n: st.tuples(
    st.just(n),
    st.dictionaries(st.sampled_from(["BT", "YT", "FT", "ZZ"]),
                    st.tuples(st.sampled_from(["codepoint:1", "pinyin:1:x"]),
                              st.lists(st.integers(0, max(n - 1, 0)), min_size=n, max_size=n)),
                    max_size=4))))
def test_kept_ranks_come_back_as_put(tmp_path_factory, case):
    n, parts = case
    path = str(tmp_path_factory.mktemp("ranks") / f"a{rankfile.SUFFIX}")
    kept = rankfile.RankFile(path, "id", n)
    for key, (tag, values) in parts.items():
        assert kept.put(key, tag, np.array(values, dtype=np.int64))
    fresh = rankfile.RankFile(path, "id", n)
    for key, (tag, values) in parts.items():
        found = fresh.get(key, tag)
        assert found is not None and found.tolist() == values
        assert fresh.get(key, tag + "?") is None
    assert rankfile.RankFile(path, "other", n).get("BT", "codepoint:1") is None
    assert rankfile.RankFile(path, "id", n + 1).get("BT", "codepoint:1") is None
