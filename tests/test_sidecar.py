"""Sidecar files: deterministic bytes, atomic saves, merges, corrupt files, fallback."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEED
from viewer.core.annotations.anchoring import make_anchor
from viewer.core.annotations.model import Annotation, AnnotationKind, merge
from viewer.core.annotations.sidecar import (
    RECOVERY_SUFFIX,
    SUFFIX,
    SidecarError,
    fallback_path,
    in_git_work_tree,
    parse,
    serialize,
)
from viewer.core.annotations.store import AnnotationStore, record_key


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "2005" / "a.txt"
    path.parent.mkdir()
    shutil.copy(SEED, path)
    return str(path)


def highlight(source: str, index: int = 0, colour: str = "重要", start: int = 2, end: int = 6) -> Annotation:
    text = "新华社北京2月16日电 中央保持共产党员先进性教育活动"
    return Annotation.new(record_key(source, index), AnnotationKind.HIGHLIGHT, "editor", anchor=make_anchor(text, "ZW", start, end), colour=colour)


# -- format ---------------------------------------------------------------

annotations = st.builds(
    lambda i, kind, text, tag, idx, deleted: Annotation(
        id=f"{i:08x}-0000-4000-8000-000000000000",
        record=f"a.txt#{idx}",
        kind=kind,
        author="作者",
        created="2026-01-01T00:00:00.000000Z",
        modified="2026-01-02T00:00:00.000000Z",
        anchor=make_anchor("先进性教育𠮷" + text, "ZW", 1, 3) if kind in (AnnotationKind.HIGHLIGHT, AnnotationKind.CORRECTION) else None,
        text=text if kind is AnnotationKind.NOTE else "",
        tag=tag if kind is AnnotationKind.TAG else "",
        replacement=text if kind is AnnotationKind.CORRECTION else "",
        deleted=deleted,
    ),
    st.integers(0, 2**32 - 1),
    st.sampled_from(list(AnnotationKind)),
    st.text(max_size=30),
    st.text(min_size=1, max_size=8),
    st.integers(0, 12),
    st.booleans(),
)


@given(st.lists(annotations, unique_by=lambda a: a.id, max_size=20), st.randoms())
@settings(max_examples=150)
def test_serialization_is_deterministic_and_round_trips(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    data = serialize(items, None)
    assert serialize(shuffled, None) == data
    assert data.endswith(b"\n") and b"\r" not in data
    parsed = parse(data).annotations
    assert parsed == {a.id: a for a in items}
    json.loads(data)


def test_texts_that_repeat_from_one_annotation_to_the_next_are_read_as_one_object():
    """A hundred thousand annotations are read at a million records: an
    author, a colour, a tag, a status, a field and a never-changed time are
    not one copy each (about 20 MB)."""
    text = "甲乙丙丁"
    items = [
        Annotation.new("a.txt#0", AnnotationKind.HIGHLIGHT, "编辑" + str(i % 1), anchor=make_anchor(text, "ZW", 0, 2),
                       colour="重" + "要", tag="", status="")
        for i in range(2)
    ] + [Annotation.new("b.txt#0", AnnotationKind.TAG, "编辑0", tag="待" + "查") for _ in range(2)]
    parsed = sorted(parse(serialize(items, None)).annotations.values(), key=lambda a: (a.kind.value, a.id))
    assert parsed == sorted(items, key=lambda a: (a.kind.value, a.id))
    h1, h2, t1, t2 = parsed
    assert h1.author is h2.author is t1.author
    assert h1.colour is h2.colour and t1.tag is t2.tag
    assert h1.anchor is not None and h2.anchor is not None and h1.anchor.field is h2.anchor.field
    assert h1.modified is h1.created  # (never changed)
    edited = parse(serialize([h1.edited("编辑0", colour="存疑")], None)).annotations[h1.id]
    assert edited.modified > edited.created


def test_one_annotation_a_line_sorted_by_record_then_id(source):
    items = [highlight(source, 10), highlight(source, 2), highlight(source, 2, "存疑")]
    lines = serialize(items, None).decode().splitlines()
    assert lines[:3] == ["{", '"format": "archive-viewer-annotations",', '"version": 2,']
    records = [json.loads(line.rstrip(":[ ")) for line in lines if line.endswith(": [")]
    assert records == ["a.txt#2", "a.txt#10"]
    rows = [json.loads(line.rstrip(",")) for line in lines if line.startswith('{"')]
    assert len(rows) == 3
    assert [r["id"] for r in rows[:2]] == sorted(r["id"] for r in rows[:2])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "not valid JSON"),
        (b'{"format": "something else"}', "not an Archive Viewer"),
        (b'{"format": "archive-viewer-annotations", "version": 99}', "newer"),
        (b'{"format": "archive-viewer-annotations", "version": 1, "records": {"a#0": [{"id": 1}]}}', "malformed"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_bad_sidecars_are_refused(data, message):
    with pytest.raises(SidecarError, match=message):
        parse(data)


# -- saving -----------------------------------------------------------------


def test_save_writes_fingerprint_and_skips_unchanged(source):
    store = AnnotationStore()
    a = highlight(source)
    store.put(source, a)
    [result], problems = store.save()
    assert problems == [] and result.written and result.path == source + SUFFIX
    obj = json.loads(open(source + SUFFIX, "rb").read())
    assert obj["source"]["size"] == os.path.getsize(source)
    assert obj["source"]["name"] == "a.txt" and len(obj["source"]["sha256"]) == 64
    stat = os.stat(source + SUFFIX)
    store.put(source, a)  # the same value again: dirty, but nothing to write
    [result], _ = store.save()
    assert not result.written
    assert os.stat(source + SUFFIX).st_mtime_ns == stat.st_mtime_ns
    assert os.stat(source + SUFFIX).st_ino == stat.st_ino


def test_previous_version_is_kept_as_backup_outside_the_archive(source, tmp_path):
    backups = str(tmp_path / "backups")
    store = AnnotationStore(backup_root=backups)
    store.put(source, highlight(source))
    store.save()
    first = open(source + SUFFIX, "rb").read()
    store.put(source, highlight(source, 1))
    store.save()
    assert open(fallback_path(backups, source), "rb").read() == first
    assert len(AnnotationStore().annotations(source)) == 2
    assert sorted(os.listdir(os.path.dirname(source))) == ["a.txt", "a.txt" + SUFFIX]


def test_source_file_is_never_touched(source):
    before = open(source, "rb").read(), os.stat(source).st_mtime_ns
    store = AnnotationStore()
    store.put(source, highlight(source))
    store.save()
    assert (open(source, "rb").read(), os.stat(source).st_mtime_ns) == before


def test_changes_on_disk_are_merged_not_overwritten(source):
    mine, theirs = AnnotationStore(), AnnotationStore()
    shared = highlight(source)
    mine.put(source, shared)
    mine.save()
    theirs.annotations(source)  # a colleague reads the file
    a = highlight(source, 1, "人名")
    b = highlight(source, 2, "地名")
    mine.put(source, a)
    theirs.put(source, b)
    mine.save()
    [result], _ = theirs.save()
    assert result.merged
    ids = {x.id for x in AnnotationStore().annotations(source)}
    assert ids == {shared.id, a.id, b.id}


def test_newest_edit_wins_and_deletions_are_tombstones(source):
    first, second = AnnotationStore(), AnnotationStore()
    a, b = highlight(source), highlight(source, 1)
    first.put(source, a)
    first.put(source, b)
    first.save()
    second.annotations(source)
    first.put(source, a.edited("first", colour="存疑"))
    first.save()
    second.put(source, second.get(source, a.id).edited("second", colour="人名"))  # later: wins
    second.delete(source, b.id, "second")
    second.save()
    final = {x.id: x for x in AnnotationStore().annotations(source, deleted=True)}
    assert final[a.id].colour == "人名"
    assert final[b.id].deleted
    assert AnnotationStore().annotations(source) == [final[a.id]]


def test_edit_against_delete_keeps_the_annotation_flagged():
    base_a = Annotation("x", "a.txt#0", AnnotationKind.NOTE, "u", "2026-01-01T00:00:00.000000Z", "2026-01-01T00:00:00.000000Z", text="v1")
    edited = base_a.edited("me", text="v2")
    deleted = base_a.tombstone("you")
    for mine, theirs in ((edited, deleted), (deleted, edited)):
        out = merge({"x": base_a}, {"x": mine}, {"x": theirs})["x"]
        assert out.text == "v2" and not out.deleted and out.conflict


def test_corrupt_sidecar_is_never_overwritten(source):
    garbage = b'{"format": "archive-viewer-annotations", "version": 1, "records": {'  # truncated
    with open(source + SUFFIX, "wb") as fh:
        fh.write(garbage)
    store = AnnotationStore()
    assert store.annotations(source) == []
    [message] = store.unreadable()
    assert source + SUFFIX in message
    a = highlight(source)
    store.put(source, a)
    [result], problems = store.save()
    assert problems == [] and result.recovery
    assert result.path == source + RECOVERY_SUFFIX
    assert open(source + SUFFIX, "rb").read() == garbage
    again = AnnotationStore()
    assert [x.id for x in again.annotations(source)] == [a.id]
    assert again.unreadable()


def test_sidecar_corrupted_while_open_is_not_overwritten(source):
    store = AnnotationStore()
    store.put(source, highlight(source))
    store.save()
    with open(source + SUFFIX, "wb") as fh:
        fh.write(b"<<<<<<< HEAD\n")  # a bad git merge
    store.put(source, highlight(source, 3))
    [result], _ = store.save()
    assert result.recovery
    assert open(source + SUFFIX, "rb").read() == b"<<<<<<< HEAD\n"
    assert len(parse(open(source + RECOVERY_SUFFIX, "rb").read()).annotations) == 2


def test_read_only_folder_uses_the_fallback_store(source, tmp_path, read_only):
    fallback = str(tmp_path / "fallback")
    read_only(os.path.dirname(source))
    store = AnnotationStore(fallback)
    a = highlight(source)
    store.put(source, a)
    [result], problems = store.save()
    assert problems == [] and result.fallback
    assert result.path == fallback_path(fallback, source)
    assert result.path.startswith(fallback) and result.path.endswith(os.path.join("2005", "a.txt") + SUFFIX)
    assert not os.path.exists(source + SUFFIX)
    again = AnnotationStore(fallback)
    assert [x.id for x in again.annotations(source)] == [a.id]
    assert again.sidecar(source).in_fallback


def test_read_only_folder_without_fallback_reports_and_keeps_changes(source, read_only):
    read_only(os.path.dirname(source))
    store = AnnotationStore()
    store.put(source, highlight(source))
    results, [problem] = store.save()
    assert results == [] and store.dirty
    assert "Permission denied" in problem.message


@pytest.mark.parametrize("failing", ["fsync", "write", "replace"])
def test_failed_writes_leave_the_old_file_and_stay_unsaved(source, monkeypatch, failing):
    store = AnnotationStore()
    store.put(source, highlight(source))
    store.save()
    old = open(source + SUFFIX, "rb").read()
    store.put(source, highlight(source, 1))

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    elif failing == "replace":
        monkeypatch.setattr(os, "replace", boom)
    else:
        monkeypatch.setattr(os, "write", boom)
    results, [problem] = store.save()
    monkeypatch.undo()
    assert results == [] and store.dirty
    assert "No space left" in problem.message
    assert open(source + SUFFIX, "rb").read() == old
    leftovers = [n for n in os.listdir(os.path.dirname(source)) if n.endswith(".tmp")]
    assert leftovers == []
    [result], problems = store.save()  # the disk is back: the change is saved
    assert problems == [] and result.written
    assert len(AnnotationStore().annotations(source)) == 2


# -- processes ----------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from viewer.core.annotations.model import Annotation, AnnotationKind
    from viewer.core.annotations.store import AnnotationStore
    source, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = AnnotationStore()
    for i in range(count):
        a = Annotation.new("a.txt#0", AnnotationKind.NOTE, name, text=f"{{name}} {{i}}")
        store.put(source, a)
        results, problems = store.save()
        assert not problems, problems
        print(len(store.annotations(source)), flush=True)
    """
)


def _writer(tmp_path) -> str:
    path = tmp_path / "writer.py"
    path.write_text(WRITER.format(root=str(ROOT)))
    return str(path)


def test_killed_mid_save_leaves_the_old_or_the_new_set(source, tmp_path):
    """SIGKILL at random points: the sidecar always parses, holding exactly
    the set of the last finished save or of the one in progress."""
    writer = _writer(tmp_path)
    rnd = random.Random(7)
    on_disk = 0
    sizes = set()
    for _ in range(25):
        proc = subprocess.Popen([sys.executable, writer, source, "k", "100000"], stdout=subprocess.PIPE)
        first = int(proc.stdout.readline())  # at least one save is done
        time.sleep(rnd.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reported = [first] + [int(line) for line in proc.stdout.read().split()]
        proc.stdout.close()
        found = parse(open(source + SUFFIX, "rb").read()).annotations
        last_done = reported[-1]
        assert len(found) in (last_done, last_done + 1)
        assert len({a.id for a in found.values()}) == len(found)
        on_disk = len(found)
        sizes.add(on_disk)
    assert len(sizes) == 25  # every run saved and was cut at its own point
    # A kill between mkstemp and replace can leave a hidden temporary file;
    # the next save removes it.
    store = AnnotationStore()
    store.put(source, highlight(source))
    store.save()
    assert [n for n in os.listdir(os.path.dirname(source)) if n.endswith(".tmp")] == []


def test_two_processes_saving_interleaved_end_with_the_union(source, tmp_path):
    writer = _writer(tmp_path)
    procs = [
        subprocess.Popen([sys.executable, writer, source, name, "200"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for name in ("p1", "p2")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    found = parse(open(source + SUFFIX, "rb").read()).annotations
    texts = sorted(a.text for a in found.values())
    assert len(texts) == 400 == len(set(texts))
    assert texts == sorted([f"p1 {i}" for i in range(200)] + [f"p2 {i}" for i in range(200)])


def test_record_keys_are_relative_to_the_file(source):
    assert record_key(source, 3) == "a.txt#3"
    a = highlight(source)
    assert replace(a, record="a.txt#3").record == "a.txt#3"


def test_an_edit_made_during_a_background_save_is_kept(source, monkeypatch):
    store = AnnotationStore()
    a = highlight(source)
    store.put(source, a)
    sidecar = store.sidecar(source)
    real_save = sidecar.save
    late = highlight(source, 4)

    def slow_save(snapshot):
        store.put(source, late)  # the GUI edits while the file is being written
        return real_save(snapshot)

    monkeypatch.setattr(sidecar, "save", slow_save)
    store.save()
    monkeypatch.undo()
    assert store.get(source, late.id) == late and store.dirty
    store.save()
    assert {x.id for x in AnnotationStore().annotations(source)} == {a.id, late.id}


def test_restore_puts_back_an_old_value_as_the_newest(source):
    store = AnnotationStore()
    a = highlight(source)
    store.put(source, a)
    store.delete(source, a.id, "me")
    store.restore(source, a)
    back = store.get(source, a.id)
    assert not back.deleted and back.colour == a.colour and back.modified > a.modified


def test_leftover_temporary_files_are_removed_by_the_next_save(source):
    stale = os.path.join(os.path.dirname(source), ".a.txt.annotations.json.x1y2.tmp")
    other = os.path.join(os.path.dirname(source), ".b.txt.annotations.json.x1y2.tmp")
    for path in (stale, other):
        with open(path, "wb") as fh:
            fh.write(b"half a sidecar")
    store = AnnotationStore()
    store.put(source, highlight(source))
    store.save()
    assert not os.path.exists(stale)
    assert os.path.exists(other)  # another file's: not ours to touch


# -- trust: what cannot be read is never overwritten -----------------------------

WRONG_SHAPES = [
    b'{"format": "archive-viewer-annotations", "version": 1, "annotations": {"a.txt#0": []}}',
    b'{"format": "archive-viewer-annotations", "version": 1, "records": []}',
    b'{"format": "archive-viewer-annotations", "version": 1, "records": {"a.txt#0": {}}}',
    b'{"format": "archive-viewer-annotations", "version": 0, "records": {}}',
    b'{"format": "archive-viewer-annotations", "version": -1, "records": {}}',
    b'{"format": "archive-viewer-annotations", "version": true, "records": {}}',
    b'{"format": "archive-viewer-annotations", "version": 1.0, "records": {}}',
    b'{"format": "archive-viewer-annotations", "version": "1", "records": {}}',
    b'{"format": "archive-viewer-annotations", "records": {}}',
]


@pytest.mark.parametrize("data", WRONG_SHAPES)
def test_valid_json_of_the_wrong_shape_is_refused(data):
    with pytest.raises(SidecarError):
        parse(data)


@pytest.mark.parametrize("data", WRONG_SHAPES)
def test_a_sidecar_of_the_wrong_shape_is_never_overwritten(source, data):
    with open(source + SUFFIX, "wb") as fh:
        fh.write(data)
    store = AnnotationStore()
    assert store.annotations(source) == []
    assert store.unreadable()
    store.put(source, highlight(source))
    [result], problems = store.save()
    assert problems == [] and result.recovery
    assert open(source + SUFFIX, "rb").read() == data
    assert len(parse(open(source + RECOVERY_SUFFIX, "rb").read()).annotations) == 1


def test_deeply_nested_json_is_a_clean_problem(source):
    data = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(SidecarError, match="nested too deeply"):
        parse(data)
    with open(source + SUFFIX, "wb") as fh:
        fh.write(data)
    store = AnnotationStore()
    assert store.annotations(source) == [] and store.unreadable()


def test_a_folder_in_place_of_the_sidecar_is_a_clean_problem(source):
    os.mkdir(source + SUFFIX)
    store = AnnotationStore()
    assert store.annotations(source) == []
    [message] = store.unreadable()
    assert "not a regular file" in message
    store.put(source, highlight(source))
    [result], _ = store.save()
    assert result.recovery and os.path.isdir(source + SUFFIX)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_sidecar_does_not_hang(source):
    os.mkfifo(source + SUFFIX)
    store = AnnotationStore()
    assert store.annotations(source) == []
    [message] = store.unreadable()
    assert "not a regular file" in message


def test_keys_that_name_another_file_are_refused_and_kept(source):
    good = highlight(source)
    data = serialize([good], None, foreign={
        "../../x.txt#0": [{"id": "f1", "kind": "tag", "tag": "外", "created": "2026-01-01T00:00:00.000000Z", "modified": "2026-01-01T00:00:00.000000Z"}],
        "/etc/passwd#2": [],
        "b.txt#0": [],
    })
    content = parse(data, "a.txt")
    assert list(content.annotations) == [good.id]
    assert sorted(content.foreign) == ["../../x.txt#0", "/etc/passwd#2", "b.txt#0"]
    assert len(content.problems) == 3
    with open(source + SUFFIX, "wb") as fh:
        fh.write(data)
    store = AnnotationStore()
    assert [a.id for a in store.annotations(source)] == [good.id]
    assert any("../../x.txt#0" in note for note in store.notes())
    store.put(source, highlight(source, 1))
    store.save()
    again = json.loads(open(source + SUFFIX, "rb").read())
    assert again["records"]["../../x.txt#0"][0]["id"] == "f1"  # kept, untouched


@pytest.mark.parametrize("key", ["a.txt#-1", "a.txt#x", "a.txt", "#0", "a.txt#١"])
def test_malformed_keys_are_not_records_of_the_file(key):
    from viewer.core.annotations.sidecar import own_key

    assert not own_key(key, "a.txt")


def test_unknown_fields_survive_a_rewrite(source):
    a = highlight(source)
    obj = a.to_json()
    del obj["record"]
    obj["future"] = {"nested": [1, 2]}
    obj["anchor"]["page_box"] = [10, 20]
    data = json.dumps({
        "format": "archive-viewer-annotations", "version": 1, "made_by": "a newer version",
        "records": {"a.txt#0": [obj]},
    }, ensure_ascii=False).encode()
    with open(source + SUFFIX, "wb") as fh:
        fh.write(data)
    store = AnnotationStore()
    [loaded] = store.annotations(source)
    store.put(source, loaded.edited("me", colour="存疑"))
    store.put(source, highlight(source, 1))
    store.save()
    again = json.loads(open(source + SUFFIX, "rb").read())
    [kept] = [x for x in again["records"]["a.txt#0"] if x["id"] == a.id]
    assert kept["future"] == {"nested": [1, 2]} and kept["anchor"]["page_box"] == [10, 20]
    assert kept["colour"] == "存疑"
    assert again["made_by"] == "a newer version"


def test_a_failed_folder_fsync_after_the_rename_is_reported(source, monkeypatch):
    import errno
    import stat as stat_module

    store = AnnotationStore()
    store.put(source, highlight(source))
    real = os.fsync

    def fsync(fd):
        if stat_module.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    results, [problem] = store.save()
    assert results == [] and "Input/output error" in problem.message and store.dirty


# -- read-only folders, recovery ---------------------------------------------------


def test_a_deletion_saved_in_the_fallback_store_stays_deleted(source, tmp_path, read_only):
    fallback = str(tmp_path / "fallback")
    first = AnnotationStore(fallback)
    a, b = highlight(source), highlight(source, 1)
    first.put(source, a)
    first.put(source, b)
    first.save()  # the folder is writable: beside the record
    read_only(os.path.dirname(source))
    second = AnnotationStore(fallback)
    second.delete(source, a.id, "me")
    [result], problems = second.save()
    assert problems == [] and result.fallback
    third = AnnotationStore(fallback)
    live = third.annotations(source)
    assert [x.id for x in live] == [b.id]
    assert not any(x.conflict for x in third.annotations(source, deleted=True))


def test_a_fallback_copy_is_folded_back_when_the_folder_is_writable_again(source, tmp_path, monkeypatch):
    fallback = str(tmp_path / "fallback")
    a = highlight(source)
    store = AnnotationStore(fallback)
    store.put(source, a)
    store.save()
    # Written while the folder was read-only: a note in the fallback store.
    note = Annotation.new("a.txt#0", AnnotationKind.NOTE, "me", text="只读时写的")
    os.makedirs(os.path.dirname(fallback_path(fallback, source)))
    with open(fallback_path(fallback, source), "wb") as fh:
        fh.write(serialize([a, note], None))
    again = AnnotationStore(fallback)
    assert {x.id for x in again.annotations(source)} == {a.id, note.id}
    assert again.dirty
    again.save()
    assert not os.path.exists(fallback_path(fallback, source))
    assert {x.id for x in parse(open(source + SUFFIX, "rb").read()).annotations.values()} == {a.id, note.id}


def test_recovered_annotations_come_back_after_the_sidecar_is_repaired(source):
    good = highlight(source)
    with open(source + SUFFIX, "wb") as fh:
        fh.write(serialize([good], None))
    repaired = open(source + SUFFIX, "rb").read()
    with open(source + SUFFIX, "wb") as fh:
        fh.write(b"<<<<<<< HEAD\n")
    broken = AnnotationStore()
    late = highlight(source, 3)
    broken.put(source, late)
    [result], _ = broken.save()
    assert result.recovery
    with open(source + SUFFIX, "wb") as fh:
        fh.write(repaired)  # the user repairs the file
    store = AnnotationStore()
    assert {a.id for a in store.annotations(source)} == {good.id, late.id}
    assert any("recovery" in note for note in store.notes())
    assert store.dirty
    store.save()
    assert not os.path.exists(source + RECOVERY_SUFFIX)
    assert {a.id for a in AnnotationStore().annotations(source)} == {good.id, late.id}


# -- an archive that stays clean -------------------------------------------------------


def test_no_lock_or_backup_is_left_beside_the_record(source):
    store = AnnotationStore()
    for i in range(3):
        store.put(source, highlight(source, i))
        store.save()
    assert sorted(os.listdir(os.path.dirname(source))) == ["a.txt", "a.txt" + SUFFIX]


@pytest.mark.parametrize("in_git", [False, True])
def test_deleting_the_last_live_annotation_removes_the_sidecar(source, in_git):
    """In a git work tree too, when this program made it (see below for one it found)."""
    if in_git:
        git_tree(source)
    store = AnnotationStore()
    a = highlight(source)
    store.put(source, a)
    store.save()
    store.delete(source, a.id, "me")
    [result], _ = store.save()
    assert result.removed
    assert os.listdir(os.path.dirname(source)) == ["a.txt"]
    assert AnnotationStore().annotations(source) == []


def test_a_removed_sidecar_means_deleted_to_another_copy(source):
    mine, theirs = AnnotationStore(), AnnotationStore()
    a, b = highlight(source), highlight(source, 1)
    mine.put(source, a)
    mine.put(source, b)
    mine.save()
    assert {x.id for x in theirs.annotations(source)} == {a.id, b.id}
    mine.delete(source, a.id, "me")
    mine.delete(source, b.id, "me")
    mine.save()
    assert not os.path.exists(source + SUFFIX)
    c = highlight(source, 2)
    theirs.put(source, c)  # the other window adds one, unaware
    theirs.save()
    assert {x.id for x in AnnotationStore().annotations(source)} == {c.id}


def test_an_edit_against_a_removed_sidecar_is_kept_flagged(source):
    mine, theirs = AnnotationStore(), AnnotationStore()
    a = highlight(source)
    mine.put(source, a)
    mine.save()
    theirs.annotations(source)
    mine.delete(source, a.id, "me")
    mine.save()
    theirs.put(source, a.edited("you", colour="存疑"))
    theirs.save()
    [kept] = AnnotationStore().annotations(source)
    assert kept.colour == "存疑" and kept.conflict


def git_tree(source: str) -> str:
    """Make the archive's folder a git work tree (a `.git` is what tells it)."""
    top = os.path.dirname(os.path.dirname(source))
    os.mkdir(os.path.join(top, ".git"))
    return top


def test_in_a_git_work_tree_a_sidecar_that_was_there_keeps_its_tombstones(source):
    """A removed sidecar is a modify/delete conflict in git, where keeping
    the other clone's copy brings deleted annotations back: the sidecar
    stays, holding the deletions, which merge like any other change."""
    git_tree(source)
    first = AnnotationStore()
    a = highlight(source)
    first.put(source, a)
    first.save()
    later = AnnotationStore()  # (another session: the sidecar is there when read)
    later.delete(source, a.id, "me")
    [result], _ = later.save()
    assert not result.removed and os.path.exists(source + SUFFIX)
    [tomb] = parse(open(source + SUFFIX, "rb").read(), "a.txt").annotations.values()
    assert tomb.id == a.id and tomb.deleted
    assert AnnotationStore().annotations(source) == []


def test_in_a_git_work_tree_a_sidecar_someone_else_wrote_meanwhile_is_kept(source):
    git_tree(source)
    mine, theirs = AnnotationStore(), AnnotationStore()
    assert mine.annotations(source) == []  # none when read
    b = highlight(source, 1)
    theirs.put(source, b)  # (a pull, or another program)
    theirs.save()
    c = highlight(source, 2)
    mine.put(source, c)
    mine.save()  # merged with theirs
    mine.delete(source, b.id, "me")
    mine.delete(source, c.id, "me")
    [result], _ = mine.save()
    assert not result.removed
    assert {x.id for x in parse(open(source + SUFFIX, "rb").read(), "a.txt").annotations.values()} == {b.id, c.id}


def test_a_git_work_tree_is_told_by_a_git_folder_or_file_above(tmp_path):
    deep = tmp_path / "r" / "1969" / "196906"
    deep.mkdir(parents=True)
    assert not in_git_work_tree(str(deep))
    (tmp_path / "r" / ".git").write_text("gitdir: /elsewhere/.git/worktrees/r\n")  # a linked work tree
    assert in_git_work_tree(str(deep)) and in_git_work_tree(str(tmp_path / "r"))
    assert not in_git_work_tree(str(tmp_path))


def test_a_lock_that_is_a_link_is_never_written_through(source, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"precious")
    os.symlink(outside, source + SUFFIX + ".lock")
    os.symlink(tmp_path / "nowhere.txt", os.path.join(os.path.dirname(source), "b.txt" + SUFFIX + ".lock"))
    other = os.path.join(os.path.dirname(source), "b.txt")
    shutil.copy(source, other)
    store = AnnotationStore()
    store.put(source, highlight(source))
    store.put(other, highlight(other))
    results, problems = store.save()
    assert results == [] and len(problems) == 2
    assert all("not a lock file" in p.message for p in problems)
    assert outside.read_bytes() == b"precious"
    assert not (tmp_path / "nowhere.txt").exists()
    assert store.dirty


def test_a_stale_lock_of_a_stopped_program_is_broken(source, tmp_path):
    lock = source + SUFFIX + ".lock"
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    import socket

    with open(lock, "w") as fh:
        json.dump({"host": socket.gethostname(), "pid": int(proc.stdout), "time": 0}, fh)
    store = AnnotationStore()
    store.put(source, highlight(source))
    [result], problems = store.save()
    assert problems == [] and result.written and not os.path.exists(lock)


def test_a_held_lock_makes_the_save_wait_then_fail_cleanly(source, monkeypatch):
    import viewer.core.annotations.sidecar as sidecar_module

    monkeypatch.setattr(sidecar_module, "LOCK_WAIT", 0.2)
    lock = source + SUFFIX + ".lock"
    with open(lock, "w") as fh:
        json.dump({"host": "another-machine", "pid": 1, "time": time.time()}, fh)
    store = AnnotationStore()
    store.put(source, highlight(source))
    results, [problem] = store.save()
    assert "another program is saving" in problem.message and store.dirty
    os.unlink(lock)
    [result], problems = store.save()
    assert problems == [] and result.written


def test_files_written_follow_the_umask_and_keep_their_mode(source):
    old = os.umask(0o027)
    try:
        store = AnnotationStore()
        store.put(source, highlight(source))
        store.save()
        assert os.stat(source + SUFFIX).st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
    os.chmod(source + SUFFIX, 0o664)
    store.put(source, highlight(source, 1))
    store.save()
    assert os.stat(source + SUFFIX).st_mode & 0o777 == 0o664


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "中文", "..", ".", "", "b c", "x.txt"]), max_size=6),
       st.sampled_from(["/fb", "/fb/", "/x//fb", "rel/fb"]), st.booleans())
def test_fallback_paths_are_pathlibs_join_of_the_absolute_path(parts, root, absolute):
    """``fallback_path`` joins with ``os.path`` (fast) exactly as ``pathlib`` does."""
    import os
    from pathlib import Path

    from viewer.core.annotations.sidecar import SUFFIX, fallback_path

    source = ("/" if absolute else "") + "/".join(parts)
    full = Path(os.path.abspath(source))
    drive = full.drive.rstrip(":\\/")
    expected = str(Path(root, *([drive] if drive else []), *[p for p in full.parts if p not in (full.anchor, "")])) + SUFFIX
    assert fallback_path(root, source) == expected
