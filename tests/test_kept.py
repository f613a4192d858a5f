"""Kept results: a reopened archive that is its snapshot sorts by its text
columns without ranking them again (and is not checked again, see
test_checks), and nothing is taken from a file that does not match the
archive exactly."""

from __future__ import annotations

import glob
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import record_text
from viewer.core.records import collation as collation_module
from viewer.core.records import kept as kept_module
from viewer.core.records.archive import Archive
from viewer.core.records.cache import IndexCache
from viewer.core.records.collation import CODEPOINT, PINYIN
from viewer.core.records.textcolumn import TextColumn

_TITLES = ["中国", "北京", "安徽", "西安", "先进", "Zeta", "alpha", "中国", "党员", "𠀀字", "", "长江"]


@pytest.fixture(autouse=True)
def small_archives_keep_ranks(monkeypatch):
    monkeypatch.setattr(kept_module, "MIN_RECORDS", 0)


@pytest.fixture
def tree(tmp_path, write):
    for i, title in enumerate(_TITLES):
        write(f"arch/2005/200501/200501{i % 3 + 1:02d}/{i:02d}.txt", record_text(th=str(i), bt=title, extra=f"〖YT/引题〗{title[::-1]}〖-YT/引题〗"))
    return [str(tmp_path / "arch")]


def cache_in(tmp_path) -> IndexCache:
    return IndexCache(str(tmp_path / "cache" / "index.sqlite"))


def kept_files(tmp_path) -> list[str]:
    return glob.glob(str(tmp_path / "cache" / f"*{kept_module.SUFFIX}"))


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
    [kept] = kept_files(tmp_path)
    refuse_ranking(monkeypatch)
    again = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(again) == plain
    assert again.order_by(again.ids(), "BT", collation=PINYIN).tolist() == first.order_by(
        first.ids(), "BT", collation=PINYIN).tolist()
    assert kept_files(tmp_path) == [kept]


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
    [kept] = kept_files(tmp_path)
    data = bytearray(open(kept, "rb").read())
    if damage == "flip":
        data[-3] ^= 0x40
    elif damage == "truncate":
        data = data[: len(data) - 5]
    elif damage == "garbage":
        data = bytearray(b"\0" * len(data))
    elif damage == "range":  # a hostile file, CRC and all: places beyond the records
        snapshot_id, records = _identity(kept)
        parts = kept_module._decode(kept, snapshot_id, records)
        tag, data = parts["ranks:BT/pinyin"]
        beyond = (np.frombuffer(data, dtype="<i4") + 1000).astype("<i4").tobytes()
        data = bytearray(b"".join(kept_module._encode(snapshot_id, records, {"ranks:BT/pinyin": (tag, beyond)})))
    elif damage == "other-snapshot":
        snapshot_id, records = _identity(kept)
        data = bytearray(b"".join(kept_module._encode("0" * 32, records, kept_module._decode(kept, snapshot_id, records))))
    elif damage == "tag":
        monkeypatch.setattr(collation_module, "_PINYIN_RULES", 99)
    with open(kept, "wb") as fh:
        fh.write(bytes(data))
    again = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(again) == plain
    # ... and the file is written again, whole and usable.
    snapshot_id, records = _identity(kept)
    assert set(kept_module._decode(kept, snapshot_id, records)) == {
        f"ranks:{c}/{o}" for c in ("BT", "YT") for o in (CODEPOINT, PINYIN)}


def _identity(path: str) -> tuple[str, int]:
    """The snapshot id and record count a rank file was made for."""
    import json
    import struct

    data = open(path, "rb").read()
    start = len(kept_module.MAGIC)
    (length,) = struct.unpack_from("<Q", data, start)
    header = json.loads(data[start + 8 : start + 8 + length])
    return header["snapshot"], header["records"]


def test_kept_ranks_go_with_their_snapshot(tree, tmp_path):
    Archive.open(tree, workers=0, cache=cache_in(tmp_path)).sort_ranks("BT")
    [kept] = kept_files(tmp_path)
    [snap] = glob.glob(str(tmp_path / "cache" / "*.snapshot"))
    os.unlink(snap)
    from viewer.core.records import snapshot

    snapshot.prune(str(tmp_path / "cache"))
    assert not os.path.exists(kept)


def test_a_rank_file_that_cannot_be_written_costs_only_speed(tree, tmp_path):
    plain = all_ranks(Archive.open(tree, workers=0))
    Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    [snap] = glob.glob(str(tmp_path / "cache" / "*.snapshot"))
    blocked = kept_module.path_for(snap)
    os.mkdir(blocked)  # (a read-only folder does not stop root; a folder in the way does)
    again = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
    assert all_ranks(again) == plain
    assert os.path.isdir(blocked) and not os.listdir(blocked)
    left = sorted(n for n in os.listdir(tmp_path / "cache") if not n.startswith("index.sqlite"))
    assert left == sorted([os.path.basename(snap), os.path.basename(blocked)])  # no temp file left


def test_no_rank_file_for_a_small_archive(tree, tmp_path, monkeypatch):
    monkeypatch.setattr(kept_module, "MIN_RECORDS", 10_000)
    Archive.open(tree, workers=0, cache=cache_in(tmp_path)).sort_ranks("BT", PINYIN)
    assert not kept_files(tmp_path)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.dictionaries(st.text(max_size=12), st.tuples(st.text(max_size=8), st.binary(max_size=64)),
                                          max_size=5))
def test_kept_parts_come_back_as_put(tmp_path_factory, records, parts):
    path = str(tmp_path_factory.mktemp("kept") / f"a{kept_module.SUFFIX}")
    store = kept_module.KeptFile(path, "id", records)
    for name, (tag, data) in parts.items():
        assert store.put(name, tag, data)
    fresh = kept_module.KeptFile(path, "id", records)
    for name, (tag, data) in parts.items():
        assert fresh.get(name, tag) == data
        assert fresh.get(name, tag + "?") is None
    assert all(kept_module.KeptFile(path, "other", records).get(n, t) is None for n, (t, _d) in parts.items())
    assert all(kept_module.KeptFile(path, "id", records + 1).get(n, t) is None for n, (t, _d) in parts.items())


# -- the checks' findings ------------------------------------------------------------


@pytest.fixture
def checked(tmp_path, write):
    """An archive with findings of every sort: a date against its folder
    (a column check), mixed punctuation (a text check)."""
    for day in ("20050217", "20050218"):
        for n in range(3):
            write(f"run/2005/200502/{day}/{day}04{n:02}.txt",
                  record_text(rq="20050217", th=str(n + 1), body="混用标点，和半角,标点。" if n == 1 else "第一段。"))
    return [str(tmp_path / "run")]


def refuse_checking(monkeypatch) -> None:
    from viewer.core.records import checks

    def refuse(*args, **kwargs):
        raise AssertionError("checked again although the findings were kept")

    monkeypatch.setattr(checks, "_column_checks", refuse)
    monkeypatch.setattr(checks, "read_file", refuse)


def test_a_reopening_gives_the_kept_findings_without_checking(checked, tmp_path, monkeypatch):
    from viewer.core.records import checks

    plain = checks.run(Archive.open(checked, workers=0), checks.Settings())
    assert {p.kind.value for p in plain} >= {"mixed-punctuation", "date-path"}
    first = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
    assert checks.run(first, checks.Settings(), cache=cache_in(tmp_path)) == plain
    refuse_checking(monkeypatch)
    again = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
    assert checks.run(again, checks.Settings(), cache=cache_in(tmp_path)) == plain


def test_other_checks_or_a_changed_file_are_checked_again(checked, tmp_path):
    from viewer.core.records import checks

    archive = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
    checks.run(archive, checks.Settings(), cache=cache_in(tmp_path))
    fewer = checks.Settings(off=frozenset({"mixed-punctuation"}))
    reopened = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
    assert checks.run(reopened, fewer, cache=cache_in(tmp_path)) == checks.run(Archive.open(checked, workers=0), fewer)
    changed = os.path.join(checked[0], "2005", "200502", "20050218", "200502180400.txt")
    with open(changed, "w", encoding="utf-8") as fh:
        fh.write(record_text(rq="20050218", th="1", body="又，一处,混用。"))
    reopened = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
    assert checks.run(reopened, checks.Settings(), cache=cache_in(tmp_path)) == checks.run(
        Archive.open(checked, workers=0), checks.Settings())


@pytest.mark.parametrize("off", [frozenset(), frozenset({"gb2312", "mixed-punctuation", "confusion"})])
def test_a_cancelled_run_keeps_nothing(checked, tmp_path, monkeypatch, off):
    import threading

    from viewer.core.records import checks

    archive = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
    cancel = threading.Event()
    real = checks._column_checks
    monkeypatch.setattr(checks, "_column_checks", lambda *a: (real(*a), cancel.set()))
    settings = checks.Settings(off=off)
    checks.run(archive, settings, cancel=cancel, cache=cache_in(tmp_path))
    tag = f"{checks._COLUMN_CHECKS_VERSION}:{checks._fingerprint(settings, checks.DEFAULT_CONFUSIONS)}"
    assert archive.kept("checks", tag) is None
    checks.run(archive, settings, cache=cache_in(tmp_path))  # (not cancelled: kept)
    assert archive.kept("checks", tag) is not None


def test_damaged_kept_findings_are_not_used(checked, tmp_path):
    from viewer.core.records import checks

    plain = checks.run(Archive.open(checked, workers=0), checks.Settings())
    archive = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
    checks.run(archive, checks.Settings(), cache=cache_in(tmp_path))
    [kept] = kept_files(tmp_path)
    snapshot_id, records = _identity(kept)
    parts = kept_module._decode(kept, snapshot_id, records)
    for hostile in (b"[[99999, 1, 0, \"x\", \"date-path\", \"note\"]]", b"[[0, 1, 0, \"x\", \"no-such-kind\", 1]]",
                    b"{not json", b"[1, 2]"):
        (name, (tag, _data)), = [(n, v) for n, v in parts.items() if n == "checks"]
        with open(kept, "wb") as fh:
            fh.write(b"".join(kept_module._encode(snapshot_id, records, {**parts, name: (tag, hostile)})))
        again = Archive.open(checked, workers=0, cache=cache_in(tmp_path))
        assert checks.run(again, checks.Settings(), cache=cache_in(tmp_path)) == plain


def test_kept_parts_are_read_when_asked_for_and_not_held(tmp_path):
    path = str(tmp_path / "a.kept")
    store = kept_module.KeptFile(path, "1" * 32, 3)
    assert store.put("ranks:BT/pinyin", "t", b"\x01" * 12) and store.put("checks", "c", b"found")
    assert store.get("ranks:BT/pinyin", "t") == b"\x01" * 12 and store.get("checks", "c") == b"found"
    assert store.get("checks", "another tag") is None
    assert not any(isinstance(v, (bytes, dict)) for v in vars(store).values())  # (nothing of the file in memory)
    os.unlink(path)
    assert store.get("checks", "c") is None
