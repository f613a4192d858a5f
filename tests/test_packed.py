"""The packed file table and text columns give back exactly what was put in."""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.records import filetable
from viewer.core.records.discovery import FileGroup, SourceFile, iter_groups
from viewer.core.records.filetable import FileTable
from viewer.core.records.textcolumn import CodedColumn, TextColumn

_part = st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)), min_size=1, max_size=6)
_folder = st.lists(_part, max_size=3).map(lambda parts: "/".join(parts))


@st.composite
def _groups(draw) -> list[FileGroup]:  # type: ignore[no-untyped-def]
    groups = []
    for _ in range(draw(st.integers(0, 5))):
        folder = draw(st.sampled_from(["", "/", "./", "a//"])) + draw(_folder)
        prefix = folder if not folder or folder.endswith("/") else folder + "/"
        rel = draw(st.sampled_from(["", "r/", "x/y/"]))
        names = draw(st.lists(_part, min_size=1, max_size=6, unique=True))
        explicit = draw(st.booleans())
        files = [SourceFile(prefix + n, rel + n, explicit) for n in names]
        if not explicit and draw(st.booleans()):  # as discovery makes a searched folder's: files made when asked for
            groups.append(FileGroup(folder, names, prefix=prefix, rel=rel))
            continue
        if draw(st.booleans()):  # a file that does not share the group's paths
            i = draw(st.integers(0, len(files) - 1))
            files[i] = draw(
                st.sampled_from([
                    SourceFile(files[i].path, "elsewhere/" + names[i] + "x", explicit),
                    SourceFile("other/" + names[i], files[i].relpath, explicit),
                    SourceFile(files[i].path, files[i].relpath, not explicit),
                ])
            )
        groups.append(FileGroup(folder, names, files, explicit))
    return groups


@settings(max_examples=300, deadline=None)
@given(_groups(), st.sampled_from(["one by one", "by group", "groups at once"]))
def test_table_gives_back_every_file(groups: list[FileGroup], how: str) -> None:
    table = FileTable()
    files = [f for g in groups for f in g.files]
    if how == "one by one":
        table.extend(files)
    elif how == "by group":
        for g in groups:
            table.add_group(g)
    else:
        bulk, filetable.BULK_GROUPS = filetable.BULK_GROUPS, 1  # (the array path, for a few groups)
        try:
            table.add_groups(groups)
        finally:
            filetable.BULK_GROUPS = bulk
    assert len(table) == len(files)
    assert [table[i] for i in range(len(files))] == files
    assert list(table) == files
    assert table[:] == files
    assert table.paths() == [f.path for f in files]
    assert table.relpaths() == [f.relpath for f in files]
    names = [os.path.basename(f.path) for f in files]
    assert table.names() == names
    assert [table.name(i) for i in range(len(files))] == names
    for a in range(len(files) + 1):  # every run of files, within a folder and across folders
        for b in range(a, len(files) + 2):
            assert table.joined_names(a, b) == "/".join(names[a:b])
    assert table.joined_names(0, len(files), "\n") == "\n".join(names)
    assert table.unencodable() == []
    folder_of, folders = table.folders()
    assert [folders[i] for i in folder_of] == [os.path.dirname(f.path) for f in files]
    assert len(set(folders)) == len(folders)
    for f in files:
        found = table.find(f.path)
        assert found is not None and files[found].path == f.path
        assert found == files.index(next(g for g in files if g.path == f.path))
    assert table.find("no/such/file") is None
    for f in files:
        first = next(i for i, g in enumerate(files) if g.relpath == f.relpath)
        assert table.find_relpath(f.relpath) == first
    assert table.find_relpath("no/such/file") is None


def test_many_folders_at_once_are_the_same_table_as_one_by_one() -> None:
    """The array path (ASCII names, many folders, names given joined as a
    snapshot keeps them) against a group at a time."""
    groups = [FileGroup(f"/a/{g:03d}", [f"{g:03d}{i:02d}.TXT" for i in range(g % 5 + 1)],
                        prefix=f"/a/{g:03d}/", rel=f"{g:03d}/") for g in range(100)]
    joined = [FileGroup.from_joined(g.folder, "/".join(g.names), len(g), prefix=g.prefix, rel=g.rel) for g in groups]
    one, many = FileTable(), FileTable()
    for g in groups:
        one.add_group(g)
    many.add_groups(joined)
    assert list(many) == list(one) and many.relpaths() == one.relpaths()
    assert [many[i] for i in range(len(one))] == list(one)
    assert all(many.find(f.path) == i and many.find_relpath(f.relpath) == i for i, f in enumerate(one))
    assert [len(g) for g in joined] == [len(g) for g in groups]
    assert joined[7].names == groups[7].names and joined[7].paths() == groups[7].paths()


def test_names_are_found_in_small_and_large_folders_alike() -> None:
    """A small folder's names are searched in its string, a large one's
    mapped: the same answers either way, first match, nothing for a part
    of a name."""
    small = FileGroup("/s", ["a.txt", "ab.txt", "b.txt"], prefix="/s/", rel="s/")
    large = FileGroup("/l", [f"{i:08d}.TXT" for i in range(3000)], prefix="/l/", rel="l/")
    assert len("\0".join(large.names)) > filetable._SEARCH_NAMES > len("\0".join(small.names))
    table = FileTable()
    table.add_group(small)
    table.add_group(large)
    assert [table.find(p) for p in small.paths()] == [0, 1, 2]
    assert all(table.find(p) == 3 + i for i, p in enumerate(large.paths()))
    assert table.find_relpath("l/00002999.TXT") == 3 + 2999
    for missing in ("/s/b", "/s/a", "/s/.txt", "/s/ab.txt/x", "/l/00002999", "/l/0000299.TXT", "/s/"):
        assert table.find(missing) is None, missing


def test_the_files_whose_paths_cannot_be_encoded_are_found_a_folder_at_a_time() -> None:
    """Names that are not valid UTF-8 (kept by Python as surrogates) and a
    folder that is not: each such file is named, the others are not."""
    table = FileTable()
    table.add_group(FileGroup("/a", ["x.txt", "b\udcff.txt", "y.txt"], prefix="/a/", rel="a/"))
    table.add_group(FileGroup("/\udce9", ["z.txt", "w.txt"], prefix="/\udce9/", rel="\udce9/"))
    table.add_group(FileGroup("/c", ["v.txt"], prefix="/c/", rel="c/"))
    assert table.unencodable() == [1, 3, 4]
    assert table.unencodable(lambda folder: "/ok/" if folder == "/\udce9/" else folder) == [1]
    assert table.unencodable(encoding="latin-1") == [1, 3, 4]


def test_a_uniform_group_makes_its_files_from_its_paths() -> None:
    group = FileGroup("/a/b", ["x.txt", "y.txt"], prefix="/a/b/", rel="b/")
    assert len(group) == 2 and group.uniform
    assert group.paths() == ["/a/b/x.txt", "/a/b/y.txt"]
    assert group.files == [SourceFile("/a/b/x.txt", "b/x.txt", False), SourceFile("/a/b/y.txt", "b/y.txt", False)]
    with pytest.raises(ValueError):
        FileGroup("/a", ["x"])  # neither files nor paths


def test_discovered_groups_are_stored_once_per_folder(tmp_path) -> None:
    for day in ("19690605", "19690606"):
        folder = tmp_path / "1969" / "196906" / day
        folder.mkdir(parents=True)
        for n in range(3):
            (folder / f"{day}010{n}.TXT").write_text("x")
    (tmp_path / "loose.txt").write_text("x")
    for root in (str(tmp_path), str(tmp_path) + "/", os.path.relpath(tmp_path)):
        groups = list(iter_groups([root], []))
        table = FileTable()
        for g in groups:
            table.add_group(g)
        files = [f for g in groups for f in g.files]
        assert list(table) == files and len(files) == 7
        assert all(f.path == os.path.join(g.folder, f.path.rsplit("/", 1)[1]) for g in groups for f in g.files)
        assert table._relpaths == {}  # every discovered file shares its folder's paths
        assert len(table._names) == len(groups)
        assert table.find(files[4].path) == 4


# -- the packed text column ---------------------------------------------------------------

def _filled(column, parts: list[list[str]]):  # type: ignore[no-untyped-def]
    """The column with every part appended, and the texts as one list."""
    values: list[str] = []
    for part in parts:
        column.extend(part)
        values += part
    return column, values


_texts = st.lists(st.text(st.characters(blacklist_categories=()), max_size=8), max_size=30)  # lone surrogates too


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(st.sampled_from("甲乙哈a\U00020000\ud800"), max_size=8), max_size=12), max_size=3),
       st.text(st.sampled_from("甲乙哈a\U00020000\ud800"), min_size=1, max_size=3), st.data())
def test_counting_in_the_packed_buffer_is_str_count_text_by_text(parts: list[list[str]], needle: str, data) -> None:
    column, values = _filled(TextColumn(), parts)
    rows = data.draw(st.lists(st.integers(0, max(len(values) - 1, 0)), unique=True)) if values else []
    found = column.count_in_rows(np.array(rows, dtype=np.int64), needle)
    if found is None:  # only where it says it cannot: surrogates in the needle's units, or a needle overlapping itself
        units = needle.encode("utf-16-le", "surrogatepass")
        k = len(units) // 2
        assert any(c >= "\ud800" and not "\ue000" <= c <= "\uffff" for c in needle) or any(
            units[2 * j :] == units[: 2 * (k - j)] for j in range(1, k))
    else:
        assert found == sum(values[r].count(needle) for r in rows)


def test_counting_leaves_what_it_cannot_count_to_the_decoded_texts() -> None:
    column, values = _filled(TextColumn(), [["哈哈哈", "哈哈", "甲哈哈哈哈乙", "", "a\U00020000a"]])
    rows = np.arange(len(values))
    for needle in ("哈哈", "哈哈哈", "\U00020000", "a\U00020000"):  # overlapping itself; surrogates
        assert column.count_in_rows(rows, needle) is None
    for needle in ("哈", "甲哈", "a", "哈乙"):
        assert column.count_in_rows(rows, needle) == sum(v.count(needle) for v in values)
    assert column.count_in_rows(np.array([0, 2]), "哈") == 7 and column.count_in_rows(np.zeros(0, dtype=np.int64), "哈") == 0


@pytest.mark.parametrize("rows", [1, 2, 3, 7])
def test_a_column_decoded_a_few_rows_at_a_time_gives_back_every_text(monkeypatch, rows) -> None:
    import viewer.core.records.textcolumn as textcolumn

    monkeypatch.setattr(textcolumn, "TOLIST_ROWS", rows)
    for values in (["", "甲", "", "乙丙", "丁", "", ""], ["a"], ["", ""], [f"第{i}条" for i in range(20)], ["x", "𠀀y"]):
        column, _ = _filled(TextColumn(), [values[:3], values[3:]])
        assert column.tolist() == values


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts, max_size=4), st.text(min_size=1, max_size=3), st.lists(st.booleans(), min_size=4, max_size=4))
def test_text_column_gives_back_every_text(parts: list[list[str]], needle: str, settled: list[bool]) -> None:
    column, values = TextColumn(), []
    for part, settle in zip(parts, settled):
        column.extend(part)
        values += part
        if settle:
            column.settle()  # as after a load: a buffer that cannot grow, growable again for more rows
    assert len(column) == len(values)
    assert [column[i] for i in range(len(values))] == values
    assert list(column) == values == column.tolist() == column[:]
    if values:
        assert column[-1] == values[-1]
    assert column.find_rows(needle).tolist() == [r for r, v in enumerate(values) if needle in v]
    # A needle made of the end of one text and the start of the next is in neither.
    if len(values) >= 2 and values[0] and values[1]:
        across = values[0][-1] + values[1][0]
        assert column.find_rows(across).tolist() == [r for r, v in enumerate(values) if across in v]


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts | st.lists(st.text("ab\x00的", max_size=8), max_size=30), max_size=4))
def test_text_column_ranks_are_pythons_order(parts: list[list[str]]) -> None:
    column, values = _filled(TextColumn(), parts)
    ranks = column.ranks().tolist()
    assert len(ranks) == len(values)
    for i in range(len(values)):
        for j in range(len(values)):
            assert (ranks[i] < ranks[j]) == (values[i] < values[j])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("aAbBß\u0130 的𠀀", max_size=6), max_size=30), st.text("aAbBß\u0130的", min_size=1, max_size=2))
def test_text_column_finds_ignoring_case(values: list[str], needle: str) -> None:
    column = TextColumn(values)
    want = [r for r, v in enumerate(values) if needle.casefold() in v.casefold()]
    assert column.find_rows(needle, fold=True).tolist() == want


def test_text_column_ranks_many_ties_and_long_shared_starts() -> None:
    import random

    rng = random.Random(5)
    stems = ["", "图片", "本报讯", "关于" * 20, "关于" * 20 + "的", "a", "\x00", "\x00\x00"]
    values = [rng.choice(stems) + rng.choice(["", "一", "二", "\x00"]) for _ in range(3000)]
    ranks = TextColumn(values).ranks()
    order = sorted(range(len(values)), key=values.__getitem__)
    assert all(ranks[a] <= ranks[b] for a, b in zip(order, order[1:]))
    assert all((ranks[a] == ranks[b]) == (values[a] == values[b]) for a, b in zip(order, order[1:]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "19690605", "01", "本报记者", "新华社", "\ud800"]), max_size=20), max_size=4),
       st.lists(st.booleans(), min_size=4, max_size=4))
def test_coded_column_gives_back_every_text(parts: list[list[str]], settled: list[bool]) -> None:
    column, values = CodedColumn(), []
    for part, settle in zip(parts, settled):
        column.extend(part)
        values += part
        if settle:
            column.settle()  # as after a load: its map let go, and made again for more rows
    assert len(column) == len(values)
    assert [column[i] for i in range(len(values))] == values == list(column) == column.tolist() == column[:]
    codes, distinct = column.codes()
    assert codes.dtype == np.int32 and [distinct[c] for c in codes] == values
    assert distinct == column.distinct() == list(dict.fromkeys(values))
    for needle in ("记者", "0", "新华社", "\ud800", "本报记者新"):
        assert column.holding(needle).tolist() == [needle in v for v in distinct]


def test_a_settled_text_column_is_searched_without_a_copy_and_grows_again() -> None:
    column = TextColumn(["甲乙", "丙"])
    column.settle()
    first = column.packed(2)[0]
    assert isinstance(first, bytes) and column.packed(2)[0] is first  # the buffer itself, each time
    column.extend(["乙丁"])
    assert column.find_rows("乙").tolist() == [0, 2] and column.tolist() == ["甲乙", "丙", "乙丁"]
    assert first.decode("utf-16-le") == "甲乙\x1f丙\x1f"  # what a reader took is unchanged


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "本报记者", "新华社记者", "Ab", "aB", "\U00020000甲"]), max_size=30),
       st.sampled_from(["记者", "ab", "AB", "\U00020000", "甲", ""]), st.booleans())
def test_the_authors_holding_a_term_are_found_in_one_pass(values: list[str], needle: str, fold: bool) -> None:
    """A repeating column's rows containing a term (the quick filter's 作者),
    found in its distinct texts packed, as Python's ``in`` finds them
    (tests/test_quickfilter.py finds rows through the archive)."""
    column = CodedColumn(values[: len(values) // 2])
    column.extend(values[len(values) // 2 :])  # (distinct texts added after the first look-up too)
    want = [(needle.casefold() in v.casefold()) if fold else (needle in v) for v in column.distinct()]
    assert column.holding(needle, fold=fold).tolist() == want


def test_free_heap_is_given_back() -> None:
    import sys

    from viewer.core.files.memory import give_back, private_kib

    if not sys.platform.startswith("linux") or not give_back():
        pytest.skip("only glibc has malloc_trim")
    blocks = [bytes(2000) + bytes([i % 256]) for i in range(60000)]  # 120 MB above pymalloc's sizes
    kept = blocks[::100]  # a few stay, scattered: the heap cannot shrink from its top
    del blocks
    before = private_kib()
    assert give_back()
    assert before - private_kib() > 50_000  # KiB
    assert len(kept) == 600


@settings(max_examples=200, deadline=None)
@given(st.lists(_texts, max_size=4), st.lists(st.integers(0, 40), max_size=4))
def test_text_column_takes_runs_of_another_as_stored(parts: list[list[str]], cuts: list[int]) -> None:
    """Runs of a packed column appended as stored (a snapshot's) give the
    same column as appending the texts."""
    source, values = _filled(TextColumn(), parts)
    data, ends, wide, plain = source.packed(len(values))
    target = TextColumn()
    bounds = sorted({0, len(values), *(min(c, len(values)) for c in cuts)})
    for r0, r1 in zip(bounds, bounds[1:]):
        start = int(ends[r0 - 1]) + 2 if r0 else 0
        end = int(ends[r1 - 1]) + 2
        target.extend_packed(data[start:end], ends[r0:r1] - start, wide, plain)
    assert target.tolist() == values and [target[i] for i in range(len(values))] == values
    assert target.ranks().tolist() == source.ranks().tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "19690605", "01", "本报记者", "新华社", "\ud800"]), max_size=40),
       st.lists(st.sampled_from(["01", "新来的", ""]), max_size=5), st.lists(st.integers(0, 40), max_size=4))
def test_coded_column_takes_runs_of_codes_as_appending_the_texts_would(values: list[str], before: list[str],
                                                                        cuts: list[int]) -> None:
    source = CodedColumn(values)
    codes, distinct = source.codes()
    target, expected = CodedColumn(before), CodedColumn(before)
    mapping = np.full(len(distinct), -1, dtype=np.int64)
    bounds = sorted({0, len(values), *(min(c, len(values)) for c in cuts)})
    for i, (r0, r1) in enumerate(zip(bounds, bounds[1:])):
        target.extend_mapped(codes[r0:r1], distinct, mapping)
        expected.extend(values[r0:r1])
        if i % 2:
            target.settle()
    assert target.tolist() == before + values
    assert target.distinct() == expected.distinct()  # the same texts in the same order of first appearance
    assert target.codes()[0].tolist() == expected.codes()[0].tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "01", "本报记者", "新华社"]), min_size=1, max_size=6),
       st.lists(st.integers(0, 5), max_size=40), st.lists(st.integers(0, 40), max_size=4))
def test_coded_column_takes_runs_of_a_damaged_snapshot_whose_texts_repeat(stored: list[str], picks: list[int],
                                                                         cuts: list[int]) -> None:
    """Stored texts that repeat (a damaged snapshot; ours are distinct)
    still give each text one code, in order of first appearance, however
    the runs fall (the check of the stored texts is made once, not a run)."""
    codes = np.array([p % len(stored) for p in picks], dtype=np.int32)
    values = [stored[c] for c in codes]
    target, expected = CodedColumn(), CodedColumn()
    mapping = np.full(len(stored), -1, dtype=np.int64)
    bounds = sorted({0, len(values), *(min(c, len(values)) for c in cuts)})
    for r0, r1 in zip(bounds, bounds[1:]):
        target.extend_mapped(codes[r0:r1], stored, mapping)
        expected.extend(values[r0:r1])
    assert target.tolist() == values
    assert target.distinct() == expected.distinct()
    assert target.codes()[0].tolist() == expected.codes()[0].tolist()


def test_a_relative_path_ending_in_more_than_the_name_is_found() -> None:
    # "elsewhere/xx" ends in the string "x" but not in the file name "x": found by hypothesis.
    table = FileTable()
    table.add_group(FileGroup("", ["0", "x"], [SourceFile("0", "0", True), SourceFile("x", "elsewhere/xx", True)], True))
    assert table.find_relpath("elsewhere/xx") == 1
    assert table.find_relpath("elsewhere/x") is None
    assert table.relpaths() == ["0", "elsewhere/xx"]


def test_a_columns_ends_are_int32_until_one_passes_two_to_the_31():
    from viewer.core.records.textcolumn import TextColumn

    column = TextColumn(["甲", "乙乙"])
    assert column._ends.typecode == "i"
    column._add_ends(np.array([2**31 + 8], dtype=np.int64))  # (as a 2 GiB column's next row would)
    assert column._ends.typecode == "q"
    assert column._ends_array(3).tolist() == [2, 8, 2**31 + 8]
    assert column[:2] == ["甲", "乙乙"]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_the_heap_arenas_can_be_limited_before_threads_start():
    """The window limits glibc's heap arenas (each thread's own heap kept
    70–100 MB more at a million records). Run in a process of its own: the
    test process's allocator is left as it is."""
    code = ("from viewer.core.files.memory import limit_arenas\n"
            "import threading\n"
            "assert limit_arenas(2)\n"
            "t = threading.Thread(target=lambda: bytearray(10**6)); t.start(); t.join()\n"
            "print('ok')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_what_a_pause_made_is_kept_out_of_collections_when_the_process_asks() -> None:
    """The window's process keeps what a load made out of later full
    collections (each walked it all, 110–250 ms of the window's time at a
    million records); a cycle dropped meanwhile goes when the window
    releases what it kept. In a process of its own: the collector is the
    process's."""
    code = """
import gc, weakref
from viewer.core.files.memory import collection_paused, keep_long_lived, release_long_lived

class Node:
    pass

with collection_paused():
    plain = [Node() for _ in range(1000)]
assert gc.isenabled() and gc.get_freeze_count() == 0  # not asked: nothing kept

keep_long_lived()
with collection_paused():
    assert not gc.isenabled()
    made = [Node() for _ in range(10000)]
    loop = Node()
    loop.me = loop
    gone = weakref.ref(loop)
    del loop
assert gc.isenabled() and gc.get_freeze_count() >= 10000
gc.collect()
assert gone() is not None  # kept: not looked at
release_long_lived()
assert gone() is None and gc.get_freeze_count() == 0
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_the_window_process_is_set_up_in_one_place() -> None:
    """The application and the GUI bench set their process up alike: few
    heap arenas, what a load made kept out of collections, the interpreter
    lock offered every millisecond (the window waited up to five for it at
    each call from Qt while a background thread ran Python)."""
    code = """
import gc, sys
from viewer.core.files.memory import collection_paused
from viewer.ui import process
process.set_up()
assert sys.getswitchinterval() == process.SWITCH_INTERVAL == 0.001
with collection_paused():
    made = [object() for _ in range(10)] + [[] for _ in range(1000)]
assert gc.get_freeze_count() >= 1000
print("ok")
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_what_the_window_kept_is_closed_before_the_process_exits(tmp_path) -> None:
    """Kept objects are never finalized at exit: a database held in a
    reference cycle made during a paused collection stays open and leaves
    its -wal file, unless the process tears down what it kept (the window
    left the metadata cache's -wal and -shm at every quit)."""
    code = """
import sqlite3, sys
from viewer.core.files.memory import collection_paused
from viewer.ui import process

process.set_up()

class Holder:
    pass

with collection_paused():
    holder = Holder()
    holder.me = holder
    holder.db = sqlite3.connect(sys.argv[1])
    holder.db.execute("PRAGMA journal_mode=WAL")
    holder.db.execute("CREATE TABLE t(x)")
    holder.db.execute("INSERT INTO t VALUES (1)")
    holder.db.commit()
    del holder
if sys.argv[2] == "tear down":
    process.tear_down()
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for how, left in (("exit", True), ("tear down", False)):
        db = tmp_path / f"{how}.sqlite"
        done = subprocess.run([sys.executable, "-c", code, str(db), how], capture_output=True, text=True, timeout=60,
                              env=env)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / f"{how}.sqlite-wal").exists() == left, how
