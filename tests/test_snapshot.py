"""The archive's snapshot: a reopening reads an unchanged archive's columns in
bulk, takes nothing it cannot trust, and survives any damage to the file."""

from __future__ import annotations

import glob
import os
import shutil
import threading

import numpy as np
import pytest

import viewer.core.records.loader as loader
from conftest import record_text
from viewer.core.records import snapshot as snapshot_module
from viewer.core.records.archive import Archive
from viewer.core.records.cache import IndexCache
from viewer.core.records.fields import INDEXED_FIELDS

_PICTURE = "第一段\n〖TM/中图〗〖BH/版号〗011〖-BH/版号〗〖WJ/文件〗2014112001101.T01〖-WJ/文件〗〖-TM/中图〗\n第二段"


def everything(a: Archive) -> tuple:
    """All an archive tells, record by record and as columns."""
    rows = [
        (a.key(r), a.source(r), a.fields(r), a.body_length(r), a.encoding(r), a.problem_count(r), a.line(r),
         a.index_in_file(r), a.date(r), a.number(r, "BH"), a.number(r, "TH"), a.number(r, "ZQ"), a.pictures(r),
         [(p.file, p.line, p.record, p.message, p.kind, p.severity) for p in a.record_problems(r)])
        for r in a.ids()
    ]
    files = [(f, a.encodings[i], list(a.file_records[i]), a.stamps[4 * i: 4 * i + 4].tolist()) for i, f in enumerate(a.files)]
    problems = [(p.file, p.line, p.record, p.message, p.kind, p.severity) for p in a.problems]
    columns = {code: (list(a.column(code)), a.sort_ranks(code).tolist()) for code in INDEXED_FIELDS}
    codes = {code: sorted(a.value_codes(code)[1]) for code in ("BM", "ZZ", "RQ")}
    return rows, files, sorted(problems, key=repr), columns, codes, a.extra_codes(), sorted(a.own_files)


@pytest.fixture
def tree(tmp_path, write):
    """An archive with a bit of everything: many folders, multi-record files,
    undecodable bytes, unknown fields, pictures, characters beyond the BMP,
    a sidecar, a named file beside the folder."""
    for day in range(1, 7):
        for i in range(4):
            write(f"arch/2005/200501/200501{day:02d}/{day:02d}{i:02d}.txt",
                  record_text(rq=f"200501{day:02d}", bh=str(i % 3 + 1), th=str(i), bt=f"标题{day}-{i}𠀀",
                              body=f"正文{day}{i}，先进性教育。"))
    write("arch/2006/multi.txt", record_text(th="7", extra="〖BM/版名〗要闻〖-BM/版名〗") + record_text(th="8", extra="〖XX/未知〗保留〖-XX/未知〗"))
    write("arch/2006/bad.txt", record_text(rq="2006").encode("gb18030") + b"\xff")
    write("arch/2006/pic.txt", record_text(th="9", body=_PICTURE))
    write("arch/2006/x.annotations.json", "{}")
    write("named.txt", record_text(th="1", bt="点名的文件"))
    return [str(tmp_path / "arch"), str(tmp_path / "named.txt")]


def cache_in(tmp_path) -> IndexCache:
    return IndexCache(str(tmp_path / "cache" / "index.sqlite"))


def snapshots(tmp_path) -> list[str]:
    return glob.glob(str(tmp_path / "cache" / "*.snapshot"))


def refuse_rows_and_reading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("read a file or the cache's rows although the snapshot had it")

    monkeypatch.setattr(loader, "index_files", refuse)
    monkeypatch.setattr(IndexCache, "batch", refuse)


def test_a_reopening_takes_everything_from_the_snapshot_and_gives_the_same_archive(tree, tmp_path, monkeypatch):
    cache = cache_in(tmp_path)
    plain = everything(Archive.open(tree, workers=0))
    cold = Archive.open(tree, workers=0, cache=cache)
    assert everything(cold) == plain
    [written] = snapshots(tmp_path)
    mtime = os.stat(written).st_mtime_ns
    refuse_rows_and_reading(monkeypatch)
    warm = Archive.open(tree, workers=0, cache=cache)
    assert everything(warm) == plain
    assert os.stat(written).st_mtime_ns == mtime  # nothing changed: not written again
    [eight] = [r for r in warm.ids() if warm.value(r, "TH") == "8"]
    assert warm.value(eight, "XX") == "保留"
    assert any(warm.pictures(r) for r in warm.ids())


def test_a_changed_file_is_read_again_and_the_rest_still_comes_from_the_snapshot(tree, tmp_path, monkeypatch):
    cache = cache_in(tmp_path)
    Archive.open(tree, workers=0, cache=cache)
    changed = os.path.join(tree[0], "2005", "200501", "20050103", "0301.txt")
    with open(changed, "w", encoding="utf-8") as fh:
        fh.write(record_text(rq="20050103", th="1", bt="改过的标题"))
    os.utime(changed, ns=(10**18, 10**18))
    taken = []
    real_take = snapshot_module.Snapshot.take
    monkeypatch.setattr(snapshot_module.Snapshot, "take",
                        lambda self, groups, stamps: taken.append(real := real_take(self, groups, stamps)) or real)
    warm = Archive.open(tree, workers=0, cache=cache)
    assert everything(warm) == everything(Archive.open(tree, workers=0))
    assert "改过的标题" in list(warm.column("BT"))
    # Read in chunks: the chunk with the changed folder missed, the others hit.
    assert None in taken
    # A new snapshot was due and written: the next opening takes it whole.
    monkeypatch.setattr(snapshot_module.Snapshot, "take", real_take)
    refuse_rows_and_reading(monkeypatch)
    again = Archive.open(tree, workers=0, cache=cache)
    assert "改过的标题" in list(again.column("BT"))


def test_added_and_removed_folders_are_seen(tree, tmp_path, write):
    cache = cache_in(tmp_path)
    Archive.open(tree, workers=0, cache=cache)
    shutil.rmtree(os.path.join(tree[0], "2005", "200501", "20050102"))
    write("arch/2007/new.txt", record_text(th="3", bt="新来的"))
    warm = Archive.open(tree, workers=0, cache=cache)
    assert everything(warm) == everything(Archive.open(tree, workers=0))
    assert "新来的" in list(warm.column("BT"))
    assert not any("20050102" in f.path for f in warm.files)


def test_a_file_replaced_with_the_same_size_and_time_is_told_by_its_change_time(tree, tmp_path):
    cache = cache_in(tmp_path)
    Archive.open(tree, workers=0, cache=cache)
    path = os.path.join(tree[0], "2006", "multi.txt")
    st = os.stat(path)
    data = open(path, "rb").read().replace("要闻".encode(), "副刊".encode())
    with open(path, "r+b") as fh:
        fh.write(data)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # size and modification time as before
    warm = Archive.open(tree, workers=0, cache=cache)
    assert "副刊" in list(warm.column("BM")) and "要闻" not in list(warm.column("BM"))


def test_opening_other_paths_uses_another_snapshot(tree, tmp_path):
    cache = cache_in(tmp_path)
    Archive.open(tree, workers=0, cache=cache)
    only = Archive.open(tree[:1], workers=0, cache=cache)
    assert everything(only) == everything(Archive.open(tree[:1], workers=0))
    assert len(snapshots(tmp_path)) == 2


def _damage(path: str, how: str) -> None:
    data = bytearray(open(path, "rb").read())
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "empty":
        data = bytearray()
    elif how == "garbage":
        data = bytearray(os.urandom(len(data)))
    elif how == "header":
        data[len(snapshot_module.MAGIC) + 12] ^= 0xFF
    else:  # a byte in a part, at a given fraction of the file
        data[int(len(data) * float(how))] ^= 0x01
    with open(path, "wb") as fh:
        fh.write(data)


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "header", "0.2", "0.5", "0.8", "0.999"])
def test_a_damaged_snapshot_is_not_used_and_is_written_again(tree, tmp_path, how):
    cache = cache_in(tmp_path)
    plain = everything(Archive.open(tree, workers=0))
    Archive.open(tree, workers=0, cache=cache)
    [path] = snapshots(tmp_path)
    _damage(path, how)
    assert snapshot_module.read(path, tree) is None
    assert everything(Archive.open(tree, workers=0, cache=cache)) == plain
    assert snapshot_module.read(path, tree) is not None  # written again


def test_parts_that_pass_their_checksums_but_do_not_fit_are_refused(tree, tmp_path):
    archive = Archive.open(tree, workers=0)
    path = str(tmp_path / "s.snapshot")
    columns = archive.snapshot_columns()
    columns.counts = columns.counts.copy()
    columns.counts[0] += 1  # one record more than the columns hold
    snapshot_module.write(path, tree, columns)
    assert snapshot_module.read(path, tree) is None
    columns = archive.snapshot_columns()
    codes, values = columns.coded["TH"]
    assert len(values) > 1
    columns.coded["TH"] = (codes, values[:1])  # codes beyond the texts
    snapshot_module.write(path, tree, columns)
    assert snapshot_module.read(path, tree) is None
    for name in ("date", "TH", "index"):  # held as int32: a value beyond would come back as another
        columns = archive.snapshot_columns()
        columns.ints[name] = columns.ints[name].copy()
        columns.ints[name][-1] = 2**62
        snapshot_module.write(path, tree, columns)
        assert snapshot_module.read(path, tree) is None, name
    snapshot_module.write(path, tree, archive.snapshot_columns())
    assert snapshot_module.read(path, tree) is not None
    assert snapshot_module.read(path, tree[:1]) is None  # another opening's


def test_texts_holding_nul_and_numbers_beyond_32_bits_come_back_as_written(tree, tmp_path):
    """The file keeps integers in 32 bits where they fit and a repeating
    column's texts joined by NUL where none holds one: the other cases are
    kept too (64 bits, JSON), and read back the same."""
    archive = Archive.open(tree, workers=0)
    path = str(tmp_path / "s.snapshot")
    columns = archive.snapshot_columns()
    codes, values = columns.coded["ZZ"]
    columns.coded["ZZ"] = (codes, ["甲\0乙", *values[1:]])
    columns.stamps = columns.stamps.copy()
    columns.stamps[0] = 2**40  # (stamps are 64-bit)
    snapshot_module.write(path, tree, columns)
    back = snapshot_module.read(path, tree)
    assert back is not None
    assert back.columns.coded["ZZ"][1] == ["甲\0乙", *values[1:]]
    assert back.columns.coded["BM"][1] == columns.coded["BM"][1]
    assert back.columns.stamps.tolist() == columns.stamps.tolist()
    for name in snapshot_module.INT_COLUMNS:
        assert back.columns.ints[name].tolist() == columns.ints[name].tolist()
    name, kind, data = snapshot_module._ints("ends:BT", np.array([0, 2**33], dtype=np.int64))
    assert kind == "<i8" and np.frombuffer(data, "<i8").tolist() == [0, 2**33]
    assert snapshot_module._ints("counts", np.array([3, 2**31 - 1]))[1] == "<i4"


def test_a_snapshot_that_cannot_be_written_costs_nothing_but_speed(tree, tmp_path, read_only):
    cache = cache_in(tmp_path)
    read_only(tmp_path / "cache")
    archive = Archive.open(tree, workers=0, cache=cache)
    assert len(archive) == len(Archive.open(tree, workers=0))
    assert snapshots(tmp_path) == []
    assert [n for n in os.listdir(tmp_path / "cache") if n.endswith(".tmp")] == []


def test_a_cancelled_write_leaves_nothing_behind(tree, tmp_path):
    archive = Archive.open(tree, workers=0)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(InterruptedError):
        snapshot_module.write(str(tmp_path / "s.snapshot"), tree, archive.snapshot_columns(), cancel)
    assert os.listdir(tmp_path) == sorted(os.listdir(tmp_path)) and not glob.glob(str(tmp_path / "*snapshot*"))
    assert not glob.glob(str(tmp_path / ".*.tmp"))


def test_a_cancelled_load_makes_no_snapshot(tree, tmp_path):
    cache = cache_in(tmp_path)
    cancel = threading.Event()
    cancel.set()
    Archive.open(tree, workers=0, cache=cache, cancel=cancel)
    assert snapshots(tmp_path) == []


def test_the_folder_keeps_a_few_snapshots_of_this_version(tree, tmp_path):
    cache = cache_in(tmp_path)
    old = tmp_path / "cache" / "archive-v0-0123.snapshot"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"old")
    for i in range(snapshot_module.KEEP + 2):
        Archive.open([tree[0], tree[1]] if i % 2 else tree[::-1], workers=0, cache=cache)
        Archive.open([os.path.join(tree[0], "2006")] * (i + 1), workers=0, cache=cache)
    found = snapshots(tmp_path)
    assert not old.exists()
    assert len(found) == snapshot_module.KEEP
    newest = max(found, key=os.path.getmtime)
    assert os.path.basename(newest) == snapshot_module.file_name([os.path.join(tree[0], "2006")] * (snapshot_module.KEEP + 2))


def test_encoding_choices_bypass_the_snapshot(tree, tmp_path, monkeypatch):
    from viewer.core.records.decoding import EncodingOverrides

    cache = cache_in(tmp_path)
    Archive.open(tree, workers=0, cache=cache)
    taken = []
    monkeypatch.setattr(snapshot_module, "read", lambda *a: taken.append(a))
    overrides = EncodingOverrides()
    overrides.set(os.path.join(tree[0], "2006", "bad.txt"), "latin-1")
    archive = Archive.open(tree, workers=0, cache=cache, overrides=overrides)
    assert taken == [] and len(archive)


def test_stamps_taken_in_the_workers_give_the_same_archive(tmp_path, write, monkeypatch):
    """A large snapshot: the files are stat'ed in the worker processes, and a
    changed folder in a chunk is read again while the rest of it comes from
    the snapshot."""
    import functools

    import viewer.core.records.archive as archive_module

    for day in range(1, 21):
        for i in range(8):
            write(f"arch/200501{day:02d}/{day:02d}{i:02d}.txt", record_text(rq=f"200501{day:02d}", th=str(i), bt=f"题{day}-{i}"))
    paths = [str(tmp_path / "arch")]
    monkeypatch.setattr(loader, "STAT_IN_POOL", 0)
    monkeypatch.setattr(archive_module, "load", functools.partial(archive_module.load, batch=8))
    cache = cache_in(tmp_path)
    Archive.open(paths, workers=0, cache=cache)
    changed = tmp_path / "arch" / "20050117" / "1702.txt"
    changed.write_text(record_text(rq="20050117", th="2", bt="工作进程看见了"), encoding="utf-8")
    os.utime(changed, ns=(10**18, 10**18))
    taken = []
    real_take = snapshot_module.Snapshot.take
    monkeypatch.setattr(snapshot_module.Snapshot, "take",
                        lambda self, groups, stamps: taken.append((len(groups), real := real_take(self, groups, stamps)))
                        or real)
    warm = Archive.open(paths, workers=2, cache=cache)
    assert everything(warm) == everything(Archive.open(paths, workers=0))
    assert "工作进程看见了" in list(warm.column("BT"))
    # After the first 8 folders (taken inline), chunks of 8 folders × 8 files are
    # verified; the last (4 folders) holds the changed one: it missed whole,
    # then its pieces of one folder each hit, but one.
    assert [n for n, part in taken if part is None] == [4, 1]
    assert sum(n for n, part in taken if part is not None) == 20 - 1


def test_pieces_keep_whole_groups_in_order():
    class G:
        def __init__(self, n):
            self.n = n

        def __len__(self):
            return self.n

    chunk = [G(n) for n in (3, 1, 5, 2, 2, 7)]
    stamps = [bytes([i]) for i in range(len(chunk))]
    pieces = list(loader._pieces(chunk, stamps, 4))  # type: ignore[arg-type]
    assert [g for part, _ in pieces for g in part] == chunk
    assert [s for _, part in pieces for s in part] == stamps
    assert [sum(len(g) for g in part) for part, _ in pieces] == [4, 5, 4, 7]


def test_columns_from_runs_of_a_snapshot_equal_columns_built_value_by_value(tree, tmp_path):
    archive = Archive.open(tree, workers=0)
    columns = archive.snapshot_columns()
    for code, (codes, values) in columns.coded.items():
        assert [values[c] for c in codes.tolist()] == list(archive.column(code))
    for code, (data, ends, _wide, _plain) in columns.texts.items():
        texts = bytes(data).decode("utf-16-le", "surrogatepass").split("\x1f")[:-1]
        assert texts == list(archive.column(code))
        assert np.all(np.diff(ends) >= 2)


def test_a_group_is_taken_only_with_its_key_names_size_and_stamps(tree, tmp_path):
    from viewer.core.records.cache import current_stamps
    from viewer.core.records.discovery import FileGroup, iter_groups

    archive = Archive.open(tree, workers=0)
    path = str(tmp_path / "s.snapshot")
    snapshot_module.write(path, tree, archive.snapshot_columns())
    snap = snapshot_module.read(path, tree)
    assert snap is not None
    groups = list(iter_groups(tree, [], []))
    stamps = [current_stamps(g) for g in groups]
    whole = snap.take(groups, stamps)
    assert whole is not None and whole.records == len(archive) and len(whole) == len(archive.files)
    assert snap.take(groups[2:4], stamps[2:4]) is not None  # a run from the middle
    g = groups[1]
    renamed = FileGroup(g.folder, [g.names[1], g.names[0], *g.names[2:]], prefix=g.prefix, rel=g.rel)
    assert snap.take([renamed], [stamps[1]]) is None  # other names, the same stamps (as if renamed in place)
    fewer = FileGroup(g.folder, g.names[:-1], prefix=g.prefix, rel=g.rel)
    assert snap.take([fewer], [stamps[1][: -32]]) is None
    assert snap.take([groups[1], groups[3]], [stamps[1], stamps[3]]) is None  # not one after the other
    assert snap.take([groups[1]], [None]) is None  # a file that could not be stat'ed
    moved = FileGroup(g.folder + "x", g.names, prefix=g.prefix, rel=g.rel)
    assert snap.take([moved], [stamps[1]]) is None  # another folder's key


def test_a_batch_gives_all_its_problems_file_after_file(tree, tmp_path):
    """What the window reports as a batch comes in: read (Batch) and from
    the snapshot (Slice) alike, the same as asking every file."""
    kinds = set()
    batches: list = []
    for _ in range(2):  # the first load reads, the second takes the snapshot
        batches.clear()
        Archive().fill(tree, workers=0, cache=cache_in(tmp_path), added=lambda b, _rids: batches.append(b))
        archive = Archive.open(tree, workers=0, cache=cache_in(tmp_path))
        for b in batches:
            kinds.add(type(b).__name__)
            assert b.all_problems() == [p for i in range(len(b)) for p in b.file_problems(i)]
        assert sum(len(b.all_problems()) for b in batches) == sum(archive.problem_count(r) for r in archive.ids()) > 0
    assert kinds == {"Batch", "Slice"}
