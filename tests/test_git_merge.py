"""Sidecars in git: the merge driver, git-setup, and real merges between two clones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from viewer.cli import main
from viewer.core.annotations.git import ATTRIBUTES, MergeError, merge_sidecars
from viewer.core.annotations.model import Annotation, AnnotationKind
from viewer.core.annotations.sidecar import SUFFIX, parse, serialize
from viewer.core.session import Session

NAME = "multi-record.txt"
SIDECAR = NAME + SUFFIX


def note(i: int, text: str, modified: str, record: int = 0, author: str = "甲") -> Annotation:
    return Annotation(f"n{i}", f"{NAME}#{record}", AnnotationKind.NOTE, author, "2026-01-01T00:00:00.000000Z",
                      modified, text=text)


def T(second: int) -> str:
    return f"2026-01-01T00:00:{second:02d}.000000Z"


def sidecar(*items: Annotation) -> bytes:
    return serialize(items, None)


# -- the merge itself ---------------------------------------------------------------------------


def test_both_sides_add_to_one_record_and_both_are_kept():
    base = sidecar(note(1, "底", T(1)))
    ours = sidecar(note(1, "底", T(1)), note(2, "甲的", T(2)))
    theirs = sidecar(note(1, "底", T(1)), note(3, "乙的", T(3)))
    merged = parse(merge_sidecars(base, ours, theirs, NAME)).annotations
    assert {a.text for a in merged.values()} == {"底", "甲的", "乙的"}


def test_add_add_of_a_new_sidecar_has_an_empty_base():
    merged = parse(merge_sidecars(b"", sidecar(note(1, "a", T(1))), sidecar(note(2, "b", T(2), record=1)))).annotations
    assert set(merged) == {"n1", "n2"}


def test_the_newest_edit_wins_and_an_edit_against_a_delete_is_kept_flagged():
    base = sidecar(note(1, "原", T(1)), note(2, "留", T(1)))
    ours = sidecar(note(1, "甲改", T(5)), note(2, "留", T(1)).tombstone("甲"))
    theirs = sidecar(note(1, "乙改", T(7)), note(2, "乙也改", T(6)))
    merged = parse(merge_sidecars(base, ours, theirs, NAME)).annotations
    assert merged["n1"].text == "乙改" and not merged["n1"].conflict
    assert merged["n2"].text == "乙也改" and merged["n2"].conflict and not merged["n2"].deleted


def test_the_result_is_what_the_app_writes_whichever_side_is_ours():
    base = sidecar(note(1, "底", T(1)))
    ours = sidecar(note(1, "底", T(1)), note(2, "x", T(2)))
    theirs = sidecar(note(1, "改", T(3)))
    assert merge_sidecars(base, ours, theirs, NAME) == merge_sidecars(base, theirs, ours, NAME)
    assert merge_sidecars(base, ours, theirs, NAME) == sidecar(note(1, "改", T(3)), note(2, "x", T(2)))


def test_unknown_and_foreign_keys_survive_a_merge():
    obj = {"format": "archive-viewer-annotations", "version": 2, "future": [1],
           "records": {"other.txt#0": [{"id": "f", "kind": "tag"}], f"{NAME}#0": []}}
    ours = json.dumps(obj, ensure_ascii=False).encode()
    merged = merge_sidecars(b"", ours, sidecar(note(1, "a", T(1))), NAME)
    again = json.loads(merged)
    assert again["future"] == [1] and again["records"]["other.txt#0"] == [{"id": "f", "kind": "tag"}]


@pytest.mark.parametrize("bad", [b"<<<<<<< HEAD\n", b'{"format": "x"}', b'{"format": "archive-viewer-annotations", "version": 99, "records": {}}'])
def test_a_version_that_cannot_be_read_stops_the_merge(bad):
    with pytest.raises(MergeError, match="their version"):
        merge_sidecars(b"", sidecar(note(1, "a", T(1))), bad, NAME)


def test_the_driver_command_leaves_ours_alone_when_it_cannot_merge(tmp_path, capsys):
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    base.write_bytes(b"")
    ours.write_bytes(sidecar(note(1, "a", T(1))))
    theirs.write_bytes(b"not json")
    assert main(["merge-sidecars", str(base), str(ours), str(theirs), f"d/{SIDECAR}"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot merge d/{SIDECAR}: their version" in err
    assert ours.read_bytes() == sidecar(note(1, "a", T(1)))
    theirs.write_bytes(sidecar(note(2, "b", T(2))))
    assert main(["merge-sidecars", str(base), str(ours), str(theirs), f"d/{SIDECAR}"]) == 0
    assert set(parse(ours.read_bytes()).annotations) == {"n1", "n2"}
    assert sorted(os.listdir(tmp_path)) == ["A", "B", "O"]  # no litter


_note = st.builds(lambda i, text, s, d: (f"n{i}", text, s, d), st.integers(0, 5), st.sampled_from("一二三"),
                  st.integers(0, 9), st.booleans())


def _side(entries) -> dict[str, Annotation]:
    out = {}
    for aid, text, second, deleted in entries:
        a = note(int(aid[1:]), text, T(second))
        out[aid] = a.tombstone("x") if deleted else a
    return out


@settings(max_examples=200)
@given(st.lists(_note, max_size=6), st.lists(_note, max_size=6), st.lists(_note, max_size=6))
def test_nothing_is_lost_and_the_merge_is_symmetric(base, ours, theirs):
    b, o, t = _side(base), _side(ours), _side(theirs)
    merged = parse(merge_sidecars(sidecar(*b.values()), sidecar(*o.values()), sidecar(*t.values()), NAME)).annotations
    swapped = parse(merge_sidecars(sidecar(*b.values()), sidecar(*t.values()), sidecar(*o.values()), NAME)).annotations
    assert merged == swapped
    for aid in o.keys() | t.keys():
        if aid not in b:
            assert aid in merged  # whatever one side added is there
        for side in (o, t):
            if aid in side and aid in b and side[aid] != b[aid] and not side[aid].deleted:
                # an edit is never lost: it is there, or a newer change of it (flagged if a deletion)
                assert aid in merged
                assert merged[aid].modified >= side[aid].modified and not merged[aid].deleted


# -- git-setup --------------------------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, check=False)


@pytest.fixture
def git_env(monkeypatch):
    for k, v in GIT_ENV.items():
        monkeypatch.setenv(k, v)


@needs_git
def test_git_setup_says_what_it_did_and_is_idempotent(tmp_path, capsys, git_env):
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".gitattributes").write_text("*.txt -text", "utf-8")  # no final newline
    (repo / "sub").mkdir()
    assert main(["git-setup", str(repo / "sub")]) == 0
    out = capsys.readouterr().out
    assert out.count("\nset: ") + out.startswith("set: ") == 4
    assert (repo / ".gitattributes").read_text("utf-8") == "*.txt -text\n" + "\n".join(ATTRIBUTES) + "\n"
    driver = git(repo, "config", "--get", "merge.archive-viewer-sidecars.driver").stdout
    assert driver.startswith(sys.executable) and driver.rstrip().endswith("-m viewer merge-sidecars %O %A %B %P")
    assert main(["git-setup", str(repo)]) == 0
    assert capsys.readouterr().out.count("already set: ") == 4


@needs_git
def test_git_setup_outside_a_repository_is_one_line(tmp_path, capsys, git_env):
    assert main(["git-setup", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a git work tree" in err
    assert main(["git-setup", str(tmp_path / "nowhere")]) == 2
    assert "nowhere: no such folder" in capsys.readouterr().err


# -- two editors, two clones, real git merges ---------------------------------------------------------


@pytest.fixture
def clones(tmp_path, git_env):
    """An origin holding the seeds with one note, set up and committed, and two clones of it."""
    origin = tmp_path / "origin"
    shutil.copytree(SEEDS, origin)
    git(origin, "init", "-q", "-b", "main")
    s = Session.open([str(origin)], workers=0, author="甲")
    rid = next(r for r in s.archive.ids() if s.archive.source(r).relpath == NAME and s.archive.index_in_file(r) == 0)
    s.add(rid, s.new(rid, AnnotationKind.NOTE, text="原来的批注"))
    s.toggle_tag([rid], "底")
    s.save()
    assert main(["git-setup", str(origin)]) == 0
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "records")
    shared = tmp_path / "shared.git"
    assert git(tmp_path, "clone", "-q", "--bare", str(origin), str(shared)).returncode == 0
    out = []
    for who in ("a", "b"):
        clone = tmp_path / who
        assert git(tmp_path, "clone", "-q", str(shared), str(clone)).returncode == 0
        assert main(["git-setup", str(clone)]) == 0
        out.append(clone)
    return out


def editor(clone, author: str) -> Session:
    return Session.open([str(clone)], workers=0, author=author)


def record(s: Session, name: str, index: int) -> int:
    return next(r for r in s.archive.ids() if s.archive.source(r).relpath == name and s.archive.index_in_file(r) == index)


def commit_and_merge(a, b) -> subprocess.CompletedProcess[str]:
    """a commits and pushes; b commits and merges a's work."""
    for clone in (a, b):
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", f"work in {clone.name}")
    assert git(a, "push", "-q", "origin", "main").returncode == 0
    git(b, "fetch", "-q", "origin")
    return git(b, "merge", "--no-edit", "origin/main")


def merged_annotations(clone, name: str = NAME) -> list[Annotation]:
    data = (clone / (name + SUFFIX)).read_bytes()
    assert b"<<<<<<<" not in data and b">>>>>>>" not in data
    return list(parse(data, name).annotations.values())


@needs_git
def test_two_editors_tag_different_records_of_one_file(clones):
    a, b = clones
    ea, eb = editor(a, "甲"), editor(b, "乙")
    ea.toggle_tag([record(ea, NAME, 0)], "甲标")
    eb.toggle_tag([record(eb, NAME, 1)], "乙标")
    ea.save(), eb.save()
    result = commit_and_merge(a, b)
    assert result.returncode == 0, result.stdout + result.stderr
    tags = {(x.record, x.tag) for x in merged_annotations(b) if x.kind is AnnotationKind.TAG and not x.deleted}
    assert tags == {(f"{NAME}#0", "底"), (f"{NAME}#0", "甲标"), (f"{NAME}#1", "乙标")}
    again = editor(b, "乙")
    assert again.summary(record(again, NAME, 1)).tags == ("乙标",)


@needs_git
def test_two_editors_add_to_one_record(clones):
    a, b = clones
    ea, eb = editor(a, "甲"), editor(b, "乙")
    ea.add(record(ea, NAME, 0), ea.new(record(ea, NAME, 0), AnnotationKind.NOTE, text="甲的批注"))
    eb.add(record(eb, NAME, 0), eb.new(record(eb, NAME, 0), AnnotationKind.NOTE, text="乙的批注"))
    ea.save(), eb.save()
    assert commit_and_merge(a, b).returncode == 0
    notes = {x.text for x in merged_annotations(b) if x.kind is AnnotationKind.NOTE}
    assert notes == {"原来的批注", "甲的批注", "乙的批注"}


@needs_git
def test_both_editors_annotate_a_file_nobody_had_annotated(clones):
    a, b = clones
    other = "000_ed8ee82fcf2d1d69.txt"
    ea, eb = editor(a, "甲"), editor(b, "乙")
    ea.toggle_tag([record(ea, other, 0)], "甲标")
    eb.set_status([record(eb, other, 0)], "proofread")
    ea.save(), eb.save()
    result = commit_and_merge(a, b)
    assert result.returncode == 0, result.stdout + result.stderr
    kinds = sorted(x.kind.value for x in merged_annotations(b, other))
    assert kinds == ["status", "tag"]


@needs_git
def test_an_edit_against_a_delete_is_kept_and_flagged(clones):
    a, b = clones
    ea, eb = editor(a, "甲"), editor(b, "乙")
    [na] = [x for x in ea.annotations(record(ea, NAME, 0)) if x.kind is AnnotationKind.NOTE]
    ea.remove(record(ea, NAME, 0), na)
    [nb] = [x for x in eb.annotations(record(eb, NAME, 0)) if x.kind is AnnotationKind.NOTE]
    eb.edit(record(eb, NAME, 0), nb, text="乙改过的批注")
    ea.save(), eb.save()
    assert commit_and_merge(a, b).returncode == 0
    [kept] = [x for x in merged_annotations(b) if x.kind is AnnotationKind.NOTE]
    assert kept.text == "乙改过的批注" and kept.conflict and not kept.deleted


@needs_git
def test_the_same_note_edited_twice_keeps_the_newest(clones):
    a, b = clones
    ea, eb = editor(a, "甲"), editor(b, "乙")
    [nb] = [x for x in eb.annotations(record(eb, NAME, 0)) if x.kind is AnnotationKind.NOTE]
    eb.edit(record(eb, NAME, 0), nb, text="乙先改")
    [na] = [x for x in ea.annotations(record(ea, NAME, 0)) if x.kind is AnnotationKind.NOTE]
    ea.edit(record(ea, NAME, 0), na, text="甲后改")  # later
    ea.save(), eb.save()
    assert commit_and_merge(a, b).returncode == 0
    [kept] = [x for x in merged_annotations(b) if x.kind is AnnotationKind.NOTE]
    assert kept.text == "甲后改" and not kept.conflict


@needs_git
def test_a_file_whose_annotations_one_editor_deleted_merges_and_they_stay_deleted(clones):
    """One editor deletes every annotation of a file while another adds
    one: the first sidecar stays, holding tombstones (a removed one was a
    modify/delete conflict, where keeping the other side brought the
    deleted note back); both merge orders give the deletions and the new note."""
    a, b = clones
    ea, eb = editor(a, "甲"), editor(b, "乙")
    rid = record(ea, NAME, 0)
    for x in ea.annotations(rid):
        ea.remove(rid, x)
    ea.save()
    assert (a / (NAME + SUFFIX)).exists()
    assert editor(a, "甲").annotations(record(ea, NAME, 0)) == []
    rid_b = record(eb, NAME, 1)
    eb.add(rid_b, eb.new(rid_b, AnnotationKind.NOTE, text="乙的新批注"))
    eb.save()
    result = commit_and_merge(a, b)
    assert result.returncode == 0, result.stdout + result.stderr
    live = [x for x in merged_annotations(b) if not x.deleted]
    assert [(x.record, x.text) for x in live] == [(f"{NAME}#1", "乙的新批注")]
    again = editor(b, "乙")
    assert again.annotations(record(again, NAME, 0)) == []
    assert [x.text for x in again.annotations(record(again, NAME, 1))] == ["乙的新批注"]
    git(b, "push", "-q", "origin", "main")  # and the first editor pulls it
    assert git(a, "pull", "-q", "--no-edit", "origin", "main").returncode == 0
    assert [(x.record, x.text) for x in merged_annotations(a) if not x.deleted] == [(f"{NAME}#1", "乙的新批注")]


@needs_git
def test_without_the_driver_git_stops_at_a_conflict(clones):
    """The reason for all this: git's own line merge cannot do it."""
    a, b = clones
    git(b, "config", "--unset", "merge.archive-viewer-sidecars.driver")
    ea, eb = editor(a, "甲"), editor(b, "乙")
    ea.toggle_tag([record(ea, NAME, 0)], "甲标")
    eb.toggle_tag([record(eb, NAME, 1)], "乙标")
    ea.save(), eb.save()
    assert commit_and_merge(a, b).returncode != 0
