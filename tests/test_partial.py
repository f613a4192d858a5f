"""A trusted reopening where a few folders changed
(viewer.core.records.partial): those folders listed again, the rest taken
on trust, and the archive exactly what checking everything gives."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_folders import cache_in, listing_refused, trusting
from test_snapshot import everything

import viewer.core.records.archive as archive_module
from conftest import record_text
from viewer.core.records import batch, folders, partial
from viewer.core.records.archive import Archive


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch):
    """Folders written a moment ago count as settled."""
    monkeypatch.setattr(folders, "RACY_NS", 0)


@pytest.fixture
def arch(tmp_path, write):
    """Twelve day folders (a month folder above them), an empty folder, a
    folder of odd files (multi-record, undecodable, a sidecar, a picture,
    a hidden file)."""
    for day in range(12):
        write(f"arch/2005/01/{day:03d}/a{day:03d}.txt",
              record_text(rq=f"200501{day + 1:02d}", th=str(day), bt=f"标题{day}"))
        write(f"arch/2005/01/{day:03d}/b{day:03d}.txt", record_text(th=str(day + 50), bt=f"另一篇{day}"))
    (tmp_path / "arch/2005/empty").mkdir()
    write("arch/2006/multi.txt", record_text(th="7") + record_text(th="8", extra="〖XX/未知〗保留〖-XX/未知〗"))
    write("arch/2006/bad.txt", record_text(rq="2006").encode("gb18030") + b"\xff")
    write("arch/2006/x.annotations.json", "{}")
    write("arch/2006/scan.jpg", b"\xff\xd8")
    write("arch/2006/.hidden", "x")
    return [str(tmp_path / "arch")]


def _change(tmp_path, write, change: str) -> None:
    root = tmp_path / "arch"
    if change == "sidecar added":
        write("arch/2005/01/003/a003.txt.annotations.json", "{}")
    elif change == "sidecar removed":
        (root / "2006/x.annotations.json").unlink()
    elif change == "hidden file added":
        write("arch/2005/01/004/.notes", "x")
    elif change == "picture added":
        write("arch/2005/01/004/page.png", b"\x89PNG")
    elif change == "backup added":
        write("arch/2005/01/004/a004.txt~", "x")
    elif change == "file added":
        write("arch/2005/01/005/c005.txt", record_text(th="77", bt="新来的"))
    elif change == "file replaced":
        temp = write("arch/2005/01/005/.tmp", record_text(th="5", bt="改过的"))
        os.replace(temp, root / "2005/01/005/a005.txt")
    elif change == "last files removed":
        for name in ("a006.txt", "b006.txt"):
            (root / "2005/01/006" / name).unlink()
    elif change == "files in an empty folder":
        write("arch/2005/empty/e.txt", record_text(th="88", bt="空的不空了"))
    elif change == "first folder":
        temp = write("arch/2005/01/000/.tmp", record_text(th="0", bt="第一个改了").encode("gb18030") + b"\x81")
        os.replace(temp, root / "2005/01/000/a000.txt")
    elif change == "undecodable later":
        temp = write("arch/2006/.tmp", record_text(rq="2006", bt="坏").encode("gb18030") + b"\xff\xfe")
        os.replace(temp, root / "2006/bad.txt")
    elif change == "two folders":
        write("arch/2005/01/002/a002.txt.annotations.json", "{}")
        (root / "2005/01/009/b009.txt").unlink()
    else:
        raise AssertionError(change)


@pytest.mark.parametrize("change", [
    "sidecar added", "sidecar removed", "hidden file added", "picture added", "backup added", "file added",
    "file replaced", "last files removed", "files in an empty folder", "first folder", "undecodable later",
    "two folders",
])
def test_only_the_changed_folders_are_listed_and_the_archive_is_the_same(arch, tmp_path, write, change):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    _change(tmp_path, write, change)
    with listing_refused():
        now = trusting(arch, cache)
    assert now.folders_trusted
    assert now.folders_relisted == (2 if change == "two folders" else 1)
    checked = Archive.open(arch, workers=0)
    assert everything(now) == everything(checked)
    assert [p.message for p in now.problems if p.line is None] == [
        p.message for p in checked.problems if p.line is None]  # discovery's notes, counted again, in order
    with listing_refused():
        again = trusting(arch, cache)  # the list was written again, with those folders as they are now
    assert again.folders_trusted and not again.folders_relisted
    assert everything(again) == everything(now)


@pytest.mark.parametrize("change", ["folder added", "folder removed", "hard link", "symbolic link", "too many"])
def test_what_cannot_be_exact_checks_everything(arch, tmp_path, write, monkeypatch, change):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    root = tmp_path / "arch"
    if change == "folder added":
        write("arch/2005/01/003/more/d.txt", record_text(th="99"))
    elif change == "folder removed":
        for name in ("a007.txt", "b007.txt"):
            (root / "2005/01/007" / name).unlink()
        (root / "2005/01/007").rmdir()
    elif change == "hard link":  # a whole walk skips one of a file's two names, depending on the order
        os.link(root / "2005/01/001/a001.txt", root / "2005/01/002/z.txt")
    elif change == "symbolic link":
        os.symlink(root / "2006/multi.txt", root / "2005/01/002/z.txt")
    else:
        monkeypatch.setattr(partial, "MAX_FOLDERS", 1)
        write("arch/2005/01/002/a002.txt.annotations.json", "{}")
        write("arch/2005/01/003/a003.txt.annotations.json", "{}")
    now = trusting(arch, cache)
    assert not now.folders_trusted and not now.folders_relisted
    assert everything(now) == everything(Archive.open(arch, workers=0))


def test_more_files_than_the_limit_checks_everything(arch, tmp_path, write, monkeypatch):
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    monkeypatch.setattr(partial, "MAX_FILES", 1)
    write("arch/2005/01/003/a003.txt.annotations.json", "{}")  # a folder of two files
    assert not trusting(arch, cache).folders_trusted


def test_a_racily_clean_file_has_its_folder_listed_again(arch, tmp_path, monkeypatch):
    """A file kept unsettled in the snapshot is read again, with its folder,
    while the rest is trusted."""
    cache = cache_in(tmp_path)
    plain = Archive.open(arch, workers=0)
    at = [plain.files[i].path for i in range(len(plain.files))].index(str(tmp_path / "arch/2005/01/005/a005.txt"))
    real = archive_module.settled

    def one_unsettled(stamps, began_ns):
        kept = real(stamps, began_ns)
        kept[at * batch.STAMP_INTS] = batch.UNSETTLED
        return kept

    monkeypatch.setattr(archive_module, "settled", one_unsettled)
    trusting(arch, cache)  # snapshot (that file unsettled) and folder list written
    monkeypatch.setattr(archive_module, "settled", real)
    now = trusting(arch, cache)
    assert now.folders_trusted and now.folders_relisted == 1
    assert everything(now) == everything(plain)
    again = trusting(arch, cache)
    assert again.folders_trusted and not again.folders_relisted


def test_the_fallback_encoding_is_worked_out_from_the_first_files_as_a_whole_load_does(tmp_path, write, monkeypatch):
    """A changed file with corrupt bytes is decoded with the archive's
    fallback, worked out from the first files (some trusted, some read
    again), exactly as checking everything would."""
    for day in range(40):  # 80 GB18030 files: the first chunk ends inside this run
        for n in "ab":
            write(f"arch/{day:03d}/{n}.txt", record_text(th=str(day), bt=f"标题{day}").encode("gb18030"))
    for day in range(40, 60):
        write(f"arch/{day:03d}/a.txt", record_text(th=str(day), bt=f"标题{day}"))
    arch = [str(tmp_path / "arch")]
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    temp = write("arch/050/.tmp", record_text(th="50", bt="坏字节").encode("gb18030") + b"\x81\x20")
    os.replace(temp, tmp_path / "arch/050/a.txt")
    now = trusting(arch, cache)
    assert now.folders_relisted == 1
    assert everything(now) == everything(Archive.open(arch, workers=0))


_CHANGES = st.lists(st.sampled_from([
    "sidecar added", "hidden file added", "picture added", "file added", "file replaced", "last files removed",
    "files in an empty folder", "first folder", "undecodable later", "sidecar removed",
]), min_size=1, max_size=3, unique=True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(_CHANGES, min_size=1, max_size=3))
def test_rounds_of_changes_give_what_checking_everything_gives(tmp_path_factory, rounds):
    """Several openings in a row, each after a few changes: every one is
    the archive a whole check gives."""
    tmp_path = tmp_path_factory.mktemp("rounds")

    def write(relpath, content, encoding="utf-8"):
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    for day in range(12):
        write(f"arch/2005/01/{day:03d}/a{day:03d}.txt", record_text(th=str(day), bt=f"标题{day}"))
        write(f"arch/2005/01/{day:03d}/b{day:03d}.txt", record_text(th=str(day + 50)))
    (tmp_path / "arch/2005/empty").mkdir()
    write("arch/2006/bad.txt", record_text(rq="2006").encode("gb18030") + b"\xff")
    write("arch/2006/x.annotations.json", "{}")
    arch = [str(tmp_path / "arch")]
    cache = cache_in(tmp_path)
    trusting(arch, cache)
    done: set[str] = set()
    for changes in rounds:
        for change in changes:
            if change not in done:  # (each change once: a second "removed" has nothing to remove)
                _change(tmp_path, write, change)
                done.add(change)
        now = trusting(arch, cache)
        assert everything(now) == everything(Archive.open(arch, workers=0))


def test_the_plan_keeps_runs_of_unchanged_folders_in_order(arch, tmp_path, write):
    cache = cache_in(tmp_path)
    first = trusting(arch, cache)
    write("arch/2005/01/004/c004.txt", record_text(th="40"))
    pieces: list[tuple[str, int]] = []
    now = Archive()
    now.fill(arch, workers=0, cache=cache, trust_folders=True,
             added=lambda piece, rids: pieces.append((type(piece).__name__, len(rids))))
    assert now.folders_relisted == 1
    kinds = [k for k, _n in pieces]
    assert "Batch" in kinds and kinds.count("Slice") >= 2  # unchanged runs before and after the folder read
    assert sum(n for _k, n in pieces) == len(now) == len(first) + 1
    assert np.array_equal(now.record_files()[: len(first)][:8], first.record_files()[:8])


def test_a_cancelled_partly_trusted_load_writes_no_list(arch, tmp_path, write):
    import glob
    import threading

    cache = cache_in(tmp_path)
    trusting(arch, cache)
    [listed] = glob.glob(str(tmp_path / "cache") + "/*" + folders.SUFFIX)
    before = open(listed, "rb").read()
    write("arch/2005/01/004/c004.txt", record_text(th="40"))
    cancel = threading.Event()
    stopped = Archive()
    stopped.fill(arch, workers=0, cache=cache, trust_folders=True, cancel=cancel,
                 added=lambda piece, rids: cancel.set())
    assert stopped.folders_relisted == 1 and 0 < len(stopped) < 26
    assert open(listed, "rb").read() == before  # (the list is written only by a load that ended)
    now = trusting(arch, cache)
    assert now.folders_relisted == 1
    assert everything(now) == everything(Archive.open(arch, workers=0))


def test_several_opened_folders_each_keep_their_own_notes(tmp_path, write):
    """Two opened folders (not in name order): a change in the second is
    listed again under it, and its notes name it."""
    for root in ("r1", "r2"):
        for day in range(3):
            write(f"{root}/2005/{day:02d}/a{day}.txt", record_text(th=str(day), bt=f"{root}标题{day}"))
    write("r2/2005/00/x.annotations.json", "{}")
    paths = [str(tmp_path / "r2"), str(tmp_path / "r1")]
    cache = cache_in(tmp_path)
    trusting(paths, cache)
    write("r1/2005/01/y.annotations.json", "{}")
    write("r1/2005/02/scan.jpg", b"\xff")
    with listing_refused():
        now = trusting(paths, cache)
    assert now.folders_relisted == 2
    checked = Archive.open(paths, workers=0)
    assert everything(now) == everything(checked)
    assert [(p.file, p.message) for p in now.problems if p.line is None] == [
        (p.file, p.message) for p in checked.problems if p.line is None]
