"""Trusting unchanged folders (viewer.core.records.folders): a reopening
that lists no folder and checks no file, and everything that must stop it."""

from __future__ import annotations

import contextlib
import glob
import os
import struct
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_snapshot import everything

import viewer.core.records.archive as archive_module
from conftest import record_text
from viewer.core.records import folders, snapshot
from viewer.core.records.archive import Archive
from viewer.core.records.cache import IndexCache
from viewer.core.records.diagnostics import Problem, ProblemKind, Severity


@pytest.fixture
def arch(tmp_path, write):
    """Folders only (no named file): seventy days of one article each (a run
    large enough for the file table's bulk path), a folder of files whose
    names are not ASCII, multi-record and undecodable files, a sidecar."""
    for day in range(70):
        write(f"arch/2005/{day // 31 + 1:02d}/{day:03d}/a{day:03d}.txt",
              record_text(rq=f"2005{day // 31 + 1:02d}{day % 28 + 1:02d}", th=str(day), bt=f"标题{day}"))
    write("arch/2006/报纸/第一版.txt", record_text(th="5", bt="中文名"))
    write("arch/2006/报纸/第二版.txt", record_text(th="6"))
    write("arch/2006/multi.txt", record_text(th="7") + record_text(th="8", extra="〖XX/未知〗保留〖-XX/未知〗"))
    write("arch/2006/bad.txt", record_text(rq="2006").encode("gb18030") + b"\xff")
    write("arch/2006/x.annotations.json", "{}")
    return [str(tmp_path / "arch")]


@pytest.fixture
def no_racy_window(monkeypatch):
    """Folders written a moment ago count as settled (a test cannot wait
    three seconds for every folder)."""
    monkeypatch.setattr(folders, "RACY_NS", 0)


def cache_in(tmp_path) -> IndexCache:
    return IndexCache(str(tmp_path / "cache" / "index.sqlite"))


def trusting(paths, cache) -> Archive:
    return Archive.open(paths, workers=0, cache=cache, trust_folders=True)


def lists(tmp_path) -> list[str]:
    return glob.glob(str(tmp_path / "cache") + "/*" + folders.SUFFIX)


def refuse_listing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("listed folders or checked files although they were trusted")

    monkeypatch.setattr(archive_module, "load", refuse)


@contextlib.contextmanager
def listing_refused() -> Iterator[None]:
    """Fail if folders are listed or files checked in this block."""
    with pytest.MonkeyPatch.context() as patch:
        refuse_listing(patch)
        yield


def test_a_trusted_reopening_lists_nothing_and_gives_the_same_archive(arch, tmp_path, monkeypatch, no_racy_window):
    plain = everything(Archive.open(arch, workers=0))
    cache = cache_in(tmp_path)
    first = trusting(arch, cache)
    assert not first.folders_trusted
    assert everything(first) == plain
    assert len(lists(tmp_path)) == 1
    refuse_listing(monkeypatch)
    again = trusting(arch, cache)
    assert again.folders_trusted
    assert everything(again) == plain
    assert any(p.endswith("x.annotations.json") for p in again.own_files)


def test_a_trusted_snapshot_comes_in_two_pieces_and_gives_the_same_archive(arch, tmp_path, monkeypatch, no_racy_window):
    """A window shows its first rows after a few folders, not after the
    whole snapshot: the trusted snapshot is added as a small first piece
    and then the rest, and the archive is the same."""
    plain = everything(Archive.open(arch, workers=0))
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    monkeypatch.setattr(archive_module, "TRUSTED_FIRST_GROUPS", 5)
    refuse_listing(monkeypatch)
    pieces: list[tuple[int, int]] = []
    again = Archive()
    again.fill(arch, workers=0, cache=cache, trust_folders=True,
               added=lambda piece, rids: pieces.append((piece.group_count, len(rids))))
    assert again.folders_trusted
    assert len(pieces) == 2 and pieces[0][0] == 5 and sum(n for _g, n in pieces) == len(again)
    assert everything(again) == plain
    progress = []
    Archive().fill(arch, workers=0, cache=cache, trust_folders=True, progress=progress.append)
    assert [p.files_done for p in progress][-1] == progress[-1].files_total


def test_without_trust_nothing_is_written_and_everything_is_checked(arch, tmp_path):
    cache = cache_in(tmp_path)
    Archive.open(arch, workers=0, cache=cache)
    assert not lists(tmp_path)
    trusting(arch, cache)
    assert lists(tmp_path)
    assert not Archive.open(arch, workers=0, cache=cache).folders_trusted


@pytest.mark.parametrize("change", ["add", "remove", "rename", "new folder"])
def test_a_name_added_removed_or_renamed_is_seen(arch, tmp_path, write, no_racy_window, change):
    """A changed folder is listed again on its own (the rest trusted); a
    folder added below it means a whole check."""
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    day = tmp_path / "arch/2005/01/003"
    if change == "add":
        write("arch/2005/01/003/b.txt", record_text(th="99", bt="新来的"))
    elif change == "remove":
        (day / "a003.txt").unlink()
    elif change == "rename":
        (day / "a003.txt").rename(day / "c003.txt")
    else:
        write("arch/2005/01/003/more/d.txt", record_text(th="99", bt="新来的"))
    now = trusting(arch, cache)
    if change == "new folder":
        assert not now.folders_trusted and not now.folders_relisted
    else:
        assert now.folders_trusted and now.folders_relisted == 1
    assert everything(now) == everything(Archive.open(arch, workers=0))
    settled = trusting(arch, cache)  # the list is written again: the next opening trusts it
    assert settled.folders_trusted and not settled.folders_relisted
    assert everything(settled) == everything(now)


def test_a_file_replaced_through_a_new_name_is_seen(arch, tmp_path, write, no_racy_window):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    target = tmp_path / "arch/2005/01/003/a003.txt"
    temp = write("arch/2005/01/003/.a003.tmp", record_text(th="3", bt="改过的"))
    os.replace(temp, target)  # how editors and git write a file
    with listing_refused():
        now = trusting(arch, cache)
    assert now.folders_trusted and now.folders_relisted == 1
    assert "改过的" in list(now.column("BT"))
    assert everything(now) == everything(Archive.open(arch, workers=0))


def test_a_file_rewritten_in_place_is_missed_with_trust_and_seen_without(arch, tmp_path, no_racy_window):
    """The documented limit of trusting folders."""
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    target = tmp_path / "arch/2005/01/003/a003.txt"
    target.write_text(record_text(th="3", bt="就地改写"), encoding="utf-8")  # same name, same inode
    trusted = trusting(arch, cache)
    assert trusted.folders_trusted
    assert "就地改写" not in list(trusted.column("BT"))
    checked = Archive.open(arch, workers=0, cache=cache)
    assert "就地改写" in list(checked.column("BT"))


def test_a_new_sidecar_keeps_the_snapshot_and_is_found(arch, tmp_path, write, no_racy_window):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    [snap] = glob.glob(str(tmp_path / "cache" / "*.snapshot"))
    written = os.stat(snap).st_mtime_ns
    write("arch/2005/01/003/a003.txt.annotations.json", "{}")
    with listing_refused():
        now = trusting(arch, cache)
        assert now.folders_trusted and now.folders_relisted == 1
        assert any(p.endswith("a003.txt.annotations.json") for p in now.own_files)
        assert os.stat(snap).st_mtime_ns == written  # the records did not change: the snapshot stands
        found = trusting(arch, cache)
        assert found.folders_trusted and not found.folders_relisted
        assert any(p.endswith("a003.txt.annotations.json") for p in found.own_files)
    assert everything(found) == everything(Archive.open(arch, workers=0))


def test_folders_changed_within_the_clock_step_are_not_trusted(arch, tmp_path):
    """Racily clean: the folders were written a moment before the list
    (all of them: a whole check)."""
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    assert not trusting(arch, cache).folders_trusted


@pytest.mark.parametrize("what", ["file link", "folder link", "named file"])
def test_a_walk_that_met_a_link_or_a_named_file_writes_no_list(arch, tmp_path, no_racy_window, what):
    cache = cache_in(tmp_path)
    paths = list(arch)
    if what == "file link":
        os.symlink(tmp_path / "arch/2006/multi.txt", tmp_path / "arch/2005/linked.txt")
    elif what == "folder link":
        os.symlink(tmp_path / "elsewhere", tmp_path / "arch/2005/elsewhere")
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "e.txt").write_text(record_text(th="42"), encoding="utf-8")
    else:
        (tmp_path / "named.txt").write_text(record_text(th="43"), encoding="utf-8")
        paths.append(str(tmp_path / "named.txt"))
    trusting(paths, cache)
    assert not lists(tmp_path)
    assert not trusting(paths, cache).folders_trusted


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="file modes do not stop root")
def test_a_walk_that_could_not_read_a_folder_writes_no_list(arch, tmp_path, no_racy_window):
    locked = tmp_path / "arch/2005/01/003"
    locked.chmod(0)
    try:
        cache = cache_in(tmp_path)
        trusting(arch, cache)
        assert not lists(tmp_path)
    finally:
        locked.chmod(0o755)


def _damage(path: str, how: str) -> None:
    with open(path, "rb") as fh:
        data = bytearray(fh.read())
    if how == "truncated":
        data = data[: len(data) - 5]
    elif how == "stamp flipped":
        data[-3] ^= 0xFF
    elif how == "garbage":
        data = bytearray(b"not a folder list")
    elif how == "header":
        at = len(folders.MAGIC) + 8
        data[at] = ord("[")
    elif how == "other snapshot":
        start = len(folders.MAGIC)
        (size,) = struct.unpack_from("<Q", data, start)
        header = bytes(data[start + 8 : start + 8 + size])
        sid = header.split(b'"snapshot":"')[1][:4]
        data = data.replace(sid, b"0000" if sid != b"0000" else b"1111", 1)
    with open(path, "wb") as fh:
        fh.write(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "stamp flipped", "garbage", "header", "other snapshot"])
def test_a_damaged_or_foreign_list_is_not_used(arch, tmp_path, no_racy_window, how):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    [listed] = lists(tmp_path)
    _damage(listed, how)
    now = trusting(arch, cache)
    assert not now.folders_trusted
    assert everything(now) == everything(Archive.open(arch, workers=0))
    assert trusting(arch, cache).folders_trusted  # written again


def test_a_list_made_for_other_paths_is_not_used(arch, tmp_path, no_racy_window):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    [listed] = lists(tmp_path)
    snap = listed[: -len(folders.SUFFIX)] + snapshot.SUFFIX
    assert folders.read(listed, arch) is not None
    assert folders.read(listed, [arch[0] + "/"]) is None
    assert os.path.exists(snap)


def test_a_cancelled_load_writes_no_list(arch, tmp_path, no_racy_window):
    cancel = threading.Event()
    cancel.set()
    Archive.open(arch, workers=0, cache=cache_in(tmp_path), cancel=cancel, trust_folders=True)
    assert not lists(tmp_path)


def test_a_list_goes_when_its_snapshot_is_pruned(arch, tmp_path, no_racy_window):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    [listed] = lists(tmp_path)
    os.unlink(listed[: -len(folders.SUFFIX)] + snapshot.SUFFIX)
    snapshot.prune(str(tmp_path / "cache"))
    assert not os.path.exists(listed)


_text = st.text(st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), min_size=1, max_size=12) | \
    st.sampled_from(["a\udcff.txt", "报纸", "名 字"])  # lone surrogates: names that are not UTF-8


_why = st.sampled_from([folders.OWN, "hidden file", "not-record", "backup", "twice", "special"])


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.tuples(_text, _text, _text, st.integers(0, 10**6), st.integers(0, 1)), min_size=1, max_size=8),
    stamps=st.lists(st.integers(-(2**63), 2**63 - 1), min_size=32, max_size=32),
    notes=st.lists(st.tuples(_text, st.one_of(st.none(), st.integers(1, 10**6)), _text), max_size=3),
    skips=st.lists(st.tuples(st.integers(0, 7), _why, _text, _text | st.just("")), max_size=6),
)
def test_a_list_reads_back_as_written(tmp_path_factory, names, stamps, notes, skips):
    path = str(tmp_path_factory.mktemp("fl") / ("x" + folders.SUFFIX))
    walked = folders.Walked(started_ns=12345)
    for i, (folder, prefix, rel, files, root) in enumerate(names):
        walked.folders.append(folder)
        walked.prefixes.append(prefix)
        walked.rels.append(rel)
        walked.files.append(files)
        walked.roots.append(root)
        walked.stamps.extend(stamps[4 * (i % 8) : 4 * (i % 8) + 4])
    walked.skips = sorted((at % len(names), why, name, example) for at, why, name, example in skips)
    problems = [Problem(f, line, None, m, ProblemKind.SKIPPED, Severity.NOTE) for f, line, m in notes]
    assert folders.write(path, "snap-id", ["/opened", "/other"], walked, problems)
    back = folders.read(path, ["/opened", "/other"])
    assert back is not None
    assert back.snapshot == "snap-id"
    assert (back.walked.folders, back.walked.prefixes, back.walked.rels, back.walked.files, back.walked.roots) == (
        walked.folders, walked.prefixes, walked.rels, walked.files, walked.roots)
    assert back.walked.stamps == walked.stamps and back.walked.started_ns == 12345
    assert back.walked.skips == walked.skips
    assert back.notes == problems
    assert back.own_files == [walked.prefixes[at] + name for at, why, name, _e in walked.skips if why == folders.OWN]


def test_an_unsafe_walk_removes_an_old_list(tmp_path):
    path = str(tmp_path / ("x" + folders.SUFFIX))
    walked = folders.Walked()
    walked.add(str(tmp_path), str(tmp_path) + "/", "", os.stat(tmp_path), 1)
    assert folders.write(path, "id", ["p"], walked, [])
    walked.distrust("a symbolic link")
    assert not folders.write(path, "id", ["p"], walked, [])
    assert not os.path.exists(path)


def test_a_folder_is_trusted_only_with_the_stamp_it_had(tmp_path):
    walked = folders.Walked(started_ns=time.time_ns() + 10 * folders.RACY_NS)  # listed long after it settled
    walked.add(str(tmp_path), str(tmp_path) + "/", "", os.stat(tmp_path), 0)
    listed = folders.FolderList("id", walked, [])
    assert listed.unchanged() and listed.changed() == []
    for at in range(folders.STAMP_INTS):  # another device, inode, modification or change time
        walked.stamps[at] += 1
        assert not listed.unchanged() and listed.changed() == [0]
        walked.stamps[at] -= 1
    assert listed.unchanged()
    walked.add(str(tmp_path / "gone"), "", "", os.stat(tmp_path), 0)
    assert listed.changed() == [1]  # a folder that cannot be read now


def test_a_record_read_again_tells_when_its_file_changed_on_disk_since_loading(arch, tmp_path, no_racy_window):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    target = tmp_path / "arch/2005/01/003/a003.txt"
    target.write_text(record_text(th="3", bt="就地改写"), encoding="utf-8")  # in place: missed by the trusted opening
    archive = trusting(arch, cache)
    assert archive.folders_trusted
    [changed] = [r for r in archive.ids() if archive.source(r).path == str(target)]
    [other] = [r for r in archive.ids() if archive.value(r, "TH") == "4"]
    assert archive.value(changed, "BT") == "标题3"  # as it was
    assert archive.read(changed).get("BT") == "就地改写"  # the file now
    assert archive.changed_on_disk(archive.file_id(changed))
    archive.read(other)
    assert not archive.changed_on_disk(archive.file_id(other))
    fresh = Archive.open(arch, workers=0)  # every file checked: what it holds is what the file says
    [again] = [r for r in fresh.ids() if fresh.source(r).path == str(target)]
    fresh.read(again)
    assert not fresh.changed_on_disk(fresh.file_id(again))


def test_several_opened_folders_are_trusted_together(tmp_path, write, monkeypatch, no_racy_window):
    for root in ("r1", "r2"):
        for day in range(3):
            write(f"{root}/2005/{day:02d}/a{day}.txt", record_text(th=str(day), bt=f"{root}标题{day}"))
    write("r2/2005/00/b.txt", record_text(th="9", bt="另一个"))
    paths = [str(tmp_path / "r2"), str(tmp_path / "r1")]  # (not in name order: the order given)
    plain = everything(Archive.open(paths, workers=0))
    cache = cache_in(tmp_path)
    trusting(paths, cache)
    refuse_listing(monkeypatch)
    again = trusting(paths, cache)
    assert again.folders_trusted
    assert everything(again) == plain
    assert [again.files[i].relpath for i in range(2)] == ["r2/2005/00/a0.txt", "r2/2005/00/b.txt"]


def test_a_snapshot_with_a_racily_clean_file_is_not_trusted(arch, tmp_path, monkeypatch, no_racy_window):
    from viewer.core.records import batch

    cache = cache_in(tmp_path)
    monkeypatch.setattr(batch, "RACY_NS", 3 * 10**9)  # the files were written a moment ago
    trusting(arch, cache)
    assert not trusting(arch, cache).folders_trusted  # read again, not taken on trust
    monkeypatch.setattr(batch, "RACY_NS", 0)
    trusting(arch, cache)  # read once more: settled now
    assert trusting(arch, cache).folders_trusted
