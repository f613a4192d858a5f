"""Loading archives: discovery, bad files, progress, cancellation, parallelism."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, record_text
from viewer.bench import generate
from viewer.core.records.archive import Archive
from viewer.core.records.decoding import EncodingOverrides
from viewer.core.records.diagnostics import ProblemKind, Severity
from viewer.core.records.discovery import SourceFile, discover
from viewer.core.records.loader import index_files, load, parse_bytes, read_file


def problems_of(archive: Archive, kind: ProblemKind):
    return [p for p in archive.problems if p.kind is kind]


def test_seeds_load_cleanly():
    archive = Archive.open([SEEDS])
    assert len(archive) == 5
    assert archive.count_problems(Severity.NOTE) == 0
    assert sorted({archive.encoding(r) for r in archive.ids()}) == ["gb18030", "utf-8"]


def test_folder_search_skips_sidecars_hidden_and_non_records(tmp_path, write):
    write("2005/200502/20050217/a.txt", record_text())
    write("2005/200502/20050217/a.txt.annotations.json", "{}")
    write("2005/200502/20050217/.hidden.txt", record_text())
    write(".git/config", "[core]")
    write("2005/photo.jpg", b"\xff\xd8\xff\xe0")
    write("2005/README.txt", "notes about this archive\n")
    write("2005/blob.dat", b"\x00\x01\x02\x03" * 10)
    archive = Archive.open([tmp_path])
    assert [archive.key(r) for r in archive.ids()] == ["2005/200502/20050217/a.txt#0"]
    skipped = {os.path.basename(p.file): p for p in archive.problems}
    summaries = sorted(p.message for p in archive.problems if p.file == str(tmp_path))
    assert summaries == [
        "skipped 1 file that is not a record file (.jpg)",
        "skipped 1 of Archive Viewer's own files (annotations, recovery files, locks, tags)",
        "skipped 2 hidden files or folders (names starting with “.”), such as .git",
    ]
    assert archive.own_files == [str(tmp_path / "2005/200502/20050217/a.txt.annotations.json")]
    assert skipped["README.txt"].kind is ProblemKind.NOT_RECORDS
    assert skipped["blob.dat"].kind is ProblemKind.BINARY_FILE
    assert all(p.severity is Severity.NOTE for p in archive.problems)


def test_named_non_record_file_is_an_error(write):
    path = write("notes.txt", "no fields here\n")
    archive = Archive.open([path])
    [problem] = archive.problems
    assert problem.kind is ProblemKind.NOT_RECORDS
    assert problem.severity is Severity.ERROR
    assert problem.file == str(path)


def test_missing_path_is_reported(tmp_path):
    archive = Archive.open([tmp_path / "nope"])
    [problem] = archive.problems
    assert problem.kind is ProblemKind.UNREADABLE
    assert "nope" in problem.file


def test_symlink_loop_ends(tmp_path, write):
    write("a/r.txt", record_text())
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    os.symlink(tmp_path, tmp_path / "a" / "up")
    archive = Archive.open([tmp_path])
    assert len(archive) == 1
    assert problems_of(archive, ProblemKind.SYMLINK_LOOP)


def test_file_reached_twice_through_a_link_loads_once(tmp_path, write):
    write("a/r.txt", record_text())
    os.symlink(tmp_path / "a" / "r.txt", tmp_path / "a" / "s.txt")
    archive = Archive.open([tmp_path])
    assert len(archive) == 1


def test_dangling_link_is_reported(tmp_path, write):
    write("a/r.txt", record_text())
    os.symlink(tmp_path / "missing.txt", tmp_path / "a" / "dangling.txt")
    archive = Archive.open([tmp_path])
    assert len(archive) == 1
    assert any("dangling.txt" in p.file for p in archive.problems)


def test_unreadable_file_does_not_stop_the_load(tmp_path, write, monkeypatch):
    write("a.txt", record_text(th="1"))
    bad = write("b.txt", record_text(th="2"))
    write("c.txt", record_text(th="3"))
    real_open = open

    def fake_open(path, *args, **kwargs):
        if os.fspath(path) == str(bad):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    archive = Archive.open([tmp_path], workers=0)
    assert [archive.value(r, "TH") for r in archive.ids()] == ["1", "3"]
    [problem] = problems_of(archive, ProblemKind.UNREADABLE)
    assert problem.file == str(bad)
    assert "Permission denied" in problem.message


def test_unreadable_folder_is_reported(tmp_path, write, monkeypatch):
    write("ok/a.txt", record_text())
    write("locked/b.txt", record_text())
    real_scandir = os.scandir

    def fake_scandir(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    archive = Archive.open([tmp_path], workers=0)
    assert len(archive) == 1
    [problem] = problems_of(archive, ProblemKind.UNREADABLE)
    assert problem.file.endswith("locked")


def test_bad_files_are_each_reported_and_the_rest_loads(tmp_path, write):
    good = record_text(bt="好")
    write("1-good.txt", good)
    write("2-empty.txt", b"")
    write("3-truncated.txt", good[:-20])
    write("4-corrupt.txt", good.encode("gb18030").replace("好".encode("gb18030"), b"\xffA"))
    write("5-bad-date.txt", record_text(rq="20051340"))
    write("6-outside.txt", "前言\n" + good)
    archive = Archive.open([tmp_path], workers=0)
    by_file = {os.path.basename(archive.source(r).path): r for r in archive.ids()}
    assert sorted(by_file) == ["1-good.txt", "3-truncated.txt", "4-corrupt.txt", "5-bad-date.txt", "6-outside.txt"]
    kinds = {(os.path.basename(p.file), p.kind) for p in archive.problems}
    assert ("2-empty.txt", ProblemKind.EMPTY_FILE) in kinds
    assert ("3-truncated.txt", ProblemKind.MISSING_CLOSE) in kinds
    assert ("4-corrupt.txt", ProblemKind.UNDECODABLE) in kinds
    assert ("5-bad-date.txt", ProblemKind.BAD_DATE) in kinds
    assert ("6-outside.txt", ProblemKind.OUTSIDE_TEXT) in kinds
    corrupt = next(p for p in archive.problems if p.kind is ProblemKind.UNDECODABLE)
    assert corrupt.line == 5
    assert "byte offset" in corrupt.message
    assert archive.problem_count(by_file["1-good.txt"]) == 0
    assert archive.problem_count(by_file["4-corrupt.txt"]) == 1
    assert archive.value(by_file["5-bad-date.txt"], "RQ") == "20051340"
    assert archive.date(by_file["5-bad-date.txt"]) is None


def test_huge_file_is_refused_with_a_message(write):
    path = write("big.txt", record_text() * 50)
    source = SourceFile(str(path), "big.txt", True)
    batch = index_files([source], max_bytes=1000)
    [problem] = batch.file_problems(0)
    assert problem.kind is ProblemKind.UNREADABLE
    assert "limit" in problem.message
    assert batch.records == 0


def test_multi_record_file_keys_and_reads(write):
    path = write("m.txt", record_text(th="1", bt="一") + record_text(th="2", bt="二"))
    archive = Archive.open([path])
    assert [archive.key(r) for r in archive.ids()] == ["m.txt#0", "m.txt#1"]
    assert archive.read(1).get("BT") == "二"
    assert archive.line(1) == 10


def test_encoding_override_applies_to_a_folder(write, tmp_path):
    write("old/a.txt", record_text(bt="标题").encode("gbk") + b"\x80")
    overrides = EncodingOverrides({str(tmp_path / "old"): "gbk"})
    archive = Archive.open([tmp_path], overrides=overrides)
    assert archive.encoding(0) == "gb18030"
    assert archive.value(0, "BT") == "标题"
    assert archive.read(0).get("BT") == "标题"


def test_progress_reports_files_records_and_bytes(tmp_path):
    generate(tmp_path, 300)
    seen = []
    batches = list(load([tmp_path], workers=0, batch=50, progress=seen.append))
    assert sum(b.records for b in batches) == 300
    assert seen[0].files_done == 0 and seen[0].counting
    assert [p.files_done for p in seen] == sorted(p.files_done for p in seen)
    assert [p.files_total for p in seen] == sorted(p.files_total for p in seen)
    last = seen[-1]
    assert (last.files_done, last.files_total, last.records, last.counting) == (300, 300, 300, False)
    assert last.bytes == sum(f.stat().st_size for f in tmp_path.rglob("*.txt"))


def test_cancel_stops_the_load_and_still_reports_notes(tmp_path):
    generate(tmp_path, 300)
    (tmp_path / "zz.annotations.json").write_text("{}")
    cancel = threading.Event()
    reported = []

    def progress(p):
        if p.files_done >= 100:
            cancel.set()

    batches = list(
        load([tmp_path], workers=0, batch=50, progress=progress, cancel=cancel,
             discovered=lambda files, notes: reported.append((files, notes)))
    )
    loaded = sum(b.records for b in batches)
    assert 100 <= loaded < 300
    [(found, notes)] = reported
    assert found >= loaded


def test_parallel_load_equals_inline_load(tmp_path):
    generate(tmp_path, 2500)
    inline = Archive.open([tmp_path], workers=0)
    parallel_batches = list(load([tmp_path], workers=2, batch=300))
    assert len(parallel_batches) > 2
    parallel = Archive()
    for b in parallel_batches:
        parallel.extend(b)
    assert len(parallel) == len(inline) == 2500
    for rid in (0, 1, 777, 2499):
        assert parallel.key(rid) == inline.key(rid)
        assert parallel.fields(rid) == inline.fields(rid)
        assert parallel.body_length(rid) == inline.body_length(rid)
    assert [parallel.key(r) for r in parallel.ids()] == [inline.key(r) for r in inline.ids()]


def test_read_file_round_trips_the_seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        pf = read_file(SourceFile(str(path), path.name, True))
        assert pf.problems == []
        assert pf.serialize() == path.read_bytes()


@given(st.binary(max_size=600))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_never_raise_from_the_loader(data):
    source = SourceFile("fuzz.txt", "fuzz.txt", False)
    pf = parse_bytes(source, data)
    for p in pf.problems:
        assert p.file == "fuzz.txt"
        assert p.line is None or p.line >= 1


@given(st.lists(st.sampled_from(["〖BT/标题〗", "〖-BT/标题〗", "〖ZW/正文〗", "文字", "\r\n", "\xff", "\x00"]), max_size=30))
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_record_like_garbage_loads_from_disk_without_raising(tmp_path, parts):
    path = tmp_path / "g.txt"
    path.write_bytes("".join(parts).encode("utf-8", errors="surrogateescape"))
    batch = index_files([SourceFile(str(path), "g.txt", False)])
    assert len(batch) == 1
    assert batch.records == len(batch.columns()[0])


def test_discover_lists_folders_in_name_order(tmp_path, write):
    for name in ["2005/200502/20050218/b.txt", "2005/200502/20050217/z.txt", "2005/200502/20050217/a.txt"]:
        write(name, record_text())
    found = discover([tmp_path], [])
    assert [s.relpath for s in found] == [
        "2005/200502/20050217/a.txt",
        "2005/200502/20050217/z.txt",
        "2005/200502/20050218/b.txt",
    ]


@pytest.mark.parametrize("workers", [0, 2])
def test_empty_folder(tmp_path, workers):
    archive = Archive.open([tmp_path], workers=workers)
    assert len(archive) == 0
    assert archive.problems == []


@pytest.mark.parametrize(
    ("encoding", "bom", "nl"),
    [
        ("utf-8", b"", "\n"),
        ("utf-8", b"\xef\xbb\xbf", "\r\n"),
        ("gb18030", b"", "\r\n"),
        ("utf-16-le", b"\xff\xfe", "\r\n"),
        ("utf-16-be", b"\xfe\xff", "\n"),
        ("utf-16-le", b"", "\n"),
    ],
)
def test_files_round_trip_byte_for_byte(write, encoding, bom, nl):
    text = record_text(bt="𠮷㐀朱镕基", extra="〖XX/未知〗保留〖-XX/未知〗", nl=nl) + record_text(th="2", nl=nl)
    path = write("r.txt", bom + text.encode(encoding))
    pf = read_file(SourceFile(str(path), "r.txt", True))
    assert pf.problems == []
    assert len(pf.parsed.records) == 2
    assert pf.serialize() == path.read_bytes()


def test_problems_cross_the_process_boundary(tmp_path):
    generate(tmp_path / "a", 1500)
    (tmp_path / "a" / "zz-bad.txt").write_bytes(record_text(rq="2005").encode("gbk") + b"\xff")
    batches = list(load([tmp_path], workers=2, batch=400))
    problems = [p for b in batches for i in range(len(b)) for p in b.file_problems(i)]
    assert sorted(p.kind.value for p in problems) == ["bad-date", "outside-text", "undecodable"]
    assert all(p.file.endswith("zz-bad.txt") for p in problems)


@pytest.mark.parametrize(
    "bom, codec, nl",
    [
        (b"", "gb18030", "\r"),
        (b"", "gb18030", "\r\n"),
        (b"\xef\xbb\xbf", "utf-8", "\n"),
        (b"\xef\xbb\xbf", "utf-8", "\r"),
        (b"\xff\xfe", "utf-16-le", "\r\n"),
        (b"\xfe\xff", "utf-16-be", "\n"),
    ],
)
def test_bad_bytes_are_located_by_line_in_every_encoding_and_newline(write, bom, codec, nl):
    text = record_text(body="一\n二\n三", nl=nl)
    good = text.encode(codec)
    at = good.index("三".encode(codec))
    bad = b"\xff" if codec in ("gb18030", "utf-8") else "\udc00".encode(codec, "surrogatepass")
    path = write("bad.txt", bom + good[:at] + bad + good[at:])
    pf = read_file(SourceFile(str(path), "bad.txt", True))
    [problem] = [p for p in pf.problems if p.kind is ProblemKind.UNDECODABLE]
    assert problem.line == 9
    assert f"byte offset {len(bom) + at}" in problem.message


@pytest.mark.parametrize("where", ["end", "middle"])
def test_a_nul_byte_in_a_gbk_record_file_is_a_warning_not_a_skip(tmp_path, write, where):
    good = record_text(bt="好", nl="\r\n").encode("gbk")
    data = good + b"\x00" if where == "end" else good.replace("好".encode("gbk"), "好".encode("gbk") + b"\x00")
    write("d/nul.txt", data)
    archive = Archive.open([tmp_path / "d"], workers=0)
    assert len(archive) == 1
    [problem] = problems_of(archive, ProblemKind.NUL_BYTES)
    assert problem.severity is Severity.WARNING
    assert problem.line == (10 if where == "end" else 5)
    assert archive.value(0, "BT").startswith("好")


def test_keys_stay_distinct_when_several_folders_are_opened(tmp_path, write):
    write("r1/2005/a.txt", record_text(bt="一"))
    write("r2/2005/a.txt", record_text(bt="二"))
    archive = Archive.open([tmp_path / "r1", tmp_path / "r2"], workers=0)
    assert [archive.key(r) for r in archive.ids()] == ["r1/2005/a.txt#0", "r2/2005/a.txt#0"]
    assert archive.read(archive.find_key("r2/2005/a.txt#0")).get("BT") == "二"


def test_keys_of_one_folder_or_files_in_one_folder_are_relative_to_it(tmp_path, write):
    a = write("r/2005/a.txt", record_text())
    b = write("r/2005/b.txt", record_text())
    assert [Archive.open([tmp_path / "r"]).key(0)] == ["2005/a.txt#0"]
    assert [Archive.open([a, b]).key(r) for r in (0, 1)] == ["a.txt#0", "b.txt#0"]


def test_keys_of_files_named_in_different_folders_stay_distinct(tmp_path, write):
    a = write("r1/a.txt", record_text())
    b = write("r2/a.txt", record_text())
    archive = Archive.open([a, b], workers=0)
    assert [archive.key(r) for r in archive.ids()] == ["r1/a.txt#0", "r2/a.txt#0"]


@given(st.booleans(), st.lists(st.sampled_from(["a", "b", ".", "..", "", ".x", "x.", "中文"]), max_size=6))
def test_absolute_paths_are_what_abspath_gives(rooted, parts):
    from viewer.core.files.paths import absolute

    path = ("/" if rooted else "") + "/".join(parts)
    if path:
        assert absolute(path) == os.path.abspath(path)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_characters="/\0"), min_size=1, max_size=12)
                | st.sampled_from(["a.TXT", ".hidden", "x~", "b.JPG", "r.annotations.json", "c.tar", "d.txt.bak",
                                   "e.archive-viewer.tmp", "f.PDF", "\u212a.ZIP", "g.Zip", "g"]),
                min_size=1, max_size=8))
def test_a_folder_needs_a_closer_look_whenever_one_of_its_names_would_be_skipped(names):
    from viewer.core.records.discovery import is_own_file, needs_look, skip_reason

    if any(is_own_file(n) or skip_reason(n) is not None for n in names):
        assert needs_look("/".join(names)), names
    if all(n.isascii() and n.isalnum() for n in names):
        assert not needs_look("/".join(names) + ".TXT")


def test_background_worker_processes_run_at_a_lower_priority():
    """The index build's and the checks' workers give way to what the user
    waits for (the load's own workers do not)."""
    import os

    from viewer.core.records.loader import BACKGROUND_NICE, background_pool

    mine = os.nice(0)
    with background_pool(1) as pool:
        theirs = pool.submit(os.nice, 0).result()
    assert theirs == min(mine + BACKGROUND_NICE, 19)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a fork server only where workers are forked")
def test_worker_processes_start_with_their_modules_imported():
    """The fork server imports the workers' modules once; each worker, a
    fork of it, has them before it runs anything (imported in each worker,
    they were most of its start)."""
    from concurrent.futures import ProcessPoolExecutor

    from viewer.core.records.loader import FORKSERVER_PRELOAD, pool_context

    with ProcessPoolExecutor(max_workers=1, mp_context=pool_context()) as pool:
        # (eval, a builtin, imports nothing of its own in the worker)
        modules = pool.submit(eval, "sorted(__import__('sys').modules)").result()
    assert set(FORKSERVER_PRELOAD[1:]) <= set(modules)
