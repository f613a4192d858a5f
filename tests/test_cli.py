"""The CLI's output forms are a contract; these tests pin them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS, record_text
from viewer.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_jsonl_contract(capsys):
    code, out, _ = run(capsys, "list", str(SEEDS), "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 5
    first = next(r for r in rows if r["key"] == "000_ed8ee82fcf2d1d69.txt#0")
    assert set(first) == {"file", "index", "key", "encoding", "fields", "pictures", "problems"}
    assert first["pictures"] == []
    assert first["file"] == str(SEEDS / "000_ed8ee82fcf2d1d69.txt")
    assert first["index"] == 0
    assert first["encoding"] == "utf-8"
    assert first["problems"] == []
    assert first["fields"]["BT"] == "要求参加第一批活动的单位把学习培训工作引向深入"
    assert first["fields"]["RQ"] == "20050217"
    assert first["fields"]["BH"] == "04"
    assert "ZW" not in first["fields"]
    gb = next(r for r in rows if "gb18030" in r["file"])
    assert gb["encoding"] == "gb18030"
    assert gb["fields"] == first["fields"]
    multi = [r for r in rows if r["file"].endswith("multi-record.txt")]
    assert [r["index"] for r in multi] == [0, 1, 2]


def test_list_jsonl_fields_and_body(capsys):
    code, out, _ = run(capsys, "list", str(SEEDS / "multi-record.txt"), "--format", "jsonl", "--fields", "BT,日期", "--body")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert list(rows[0]["fields"]) == ["BT", "RQ"]
    assert rows[0]["body"].startswith("一、采取有效措施")
    assert "\n" not in rows[0]["body"]
    assert rows[2]["body"].count("\n") == 1


def test_list_problems_are_strings(capsys, write):
    path = write("bad.txt", record_text(rq="2005"))
    _, out, _ = run(capsys, "list", str(path), "--format", "jsonl")
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["problems"] == ["line 2: bad date in RQ: 2005 (expected YYYYMMDD); kept as text"]


def test_list_csv(capsys):
    code, out, _ = run(capsys, "list", str(SEEDS), "--format", "csv", "--fields", "RQ,BT")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["file", "index", "key", "encoding", "RQ", "BT"]
    assert len(rows) == 6
    assert rows[1][4] == "20050217"


def test_list_csv_all_fields_includes_unknown_codes(capsys, write):
    path = write("u.txt", record_text(extra="〖XX/未知〗值〖-XX/未知〗"))
    _, out, _ = run(capsys, "list", str(path), "--format", "csv")
    header, row = list(csv.reader(io.StringIO(out)))
    assert header[-1] == "XX" and row[-1] == "值"
    assert "ZW" not in header


def test_list_table_aligns_chinese(capsys):
    code, out, _ = run(capsys, "list", str(SEEDS), "--sort", "TH")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["日期", "版号", "条号", "版名", "标题"]
    assert "将学习培训覆盖到全体党员" in out
    assert lines[-1] == "(5 records)"
    assert [line.split()[2] for line in lines[1:-1]] == ["1", "1", "2", "3", "4"]


def test_list_sorted_by_a_field_no_record_has_says_so(capsys, write, tmp_path):
    """A typo (TB for BT) lists in the archive's order with a word on
    stderr; an unknown code some record holds sorts without one. The same
    for a column asked for with --fields."""
    code, out, err = run(capsys, "list", str(SEEDS), "--sort", "TB")
    assert code == 0 and err == "archive-viewer: no record has a field TB (--sort); listed in the archive's order\n"
    assert [line.split()[2] for line in out.splitlines()[1:-1]] == ["1", "1", "2", "3", "4"]
    write("d/a.txt", "〖BT/标题〗甲〖-BT/标题〗〖XX/未知〗2〖-XX/未知〗")
    write("d/b.txt", "〖BT/标题〗乙〖-BT/标题〗〖XX/未知〗1〖-XX/未知〗")
    code, out, err = run(capsys, "list", str(tmp_path / "d"), "--sort", "xx", "--fields", "BT", "--format", "csv")
    assert code == 0 and err == ""
    code, _, err = run(capsys, "list", str(tmp_path / "d"), "--fields", "BT,TB,xx,TB", "--format", "csv")
    assert code == 0 and err == "archive-viewer: no record has a field TB (--fields); its column is empty\n"
    assert [line.rsplit(",", 1)[1] for line in out.splitlines()[1:]] == ["乙", "甲"]  # by XX: 1, 2


def test_list_encoding_override(capsys, write, tmp_path):
    # HZ is 7-bit GB2312: plain ASCII bytes that only an override can read.
    path = write("old/hz.txt", record_text(bt="标题"), encoding="hz")
    other = write("new/u.txt", record_text(bt="标题"))
    code, out, err = run(capsys, "list", str(path), "--format", "jsonl")
    assert out == "" and "not a record file" in err
    _, out, _ = run(capsys, "list", str(path), "--format", "jsonl", "--encoding", "hz")
    row = json.loads(out)
    assert row["encoding"] == "hz"
    assert row["fields"]["BT"] == "标题"
    _, out, _ = run(capsys, "list", str(tmp_path), "--format", "jsonl", "--encoding", f"{tmp_path / 'old'}=hz")
    rows = {json.loads(line)["file"]: json.loads(line) for line in out.splitlines()}
    assert rows[str(path)]["fields"]["BT"] == "标题"
    assert rows[str(other)]["encoding"] == "utf-8"
    assert rows[str(other)]["fields"]["BT"] == "标题"


def test_unknown_encoding_is_a_usage_error(capsys):
    code, _, err = run(capsys, "list", str(SEEDS), "--encoding", "klingon")
    assert code == 2
    assert "unknown encoding: klingon" in err


def test_check_clean_archive_exits_0(capsys):
    code, out, _ = run(capsys, "check", str(SEEDS))
    assert code == 0  # proofreading findings are notes
    # The seed holds one article twice, in two encodings: the same 条号 on one page.
    assert out.strip().endswith("3 files, 5 records: 0 errors, 0 warnings, 1 note")
    assert "条号 1 repeats on page 4 of 20050217" in out and "[item-repeat]" in out
    code, out, _ = run(capsys, "check", str(SEEDS), "--skip", "item-repeat")
    assert code == 0 and out.strip() == "3 files, 5 records: 0 errors, 0 warnings, 0 notes"


def test_check_jsonl_contract_and_exit_1(capsys, write, tmp_path):
    write("good.txt", record_text())
    write("bad.txt", record_text(rq="20050231"))
    write("a.txt.annotations.json", "{}")
    code, out, _ = run(capsys, "check", str(tmp_path), "--format", "jsonl")
    assert code == 1
    rows = {json.loads(line)["file"]: json.loads(line) for line in out.splitlines()}
    good = rows[str(tmp_path / "good.txt")]
    assert good == {"file": str(tmp_path / "good.txt"), "encoding": "utf-8", "records": 1, "problems": []}
    bad = rows[str(tmp_path / "bad.txt")]
    assert bad["records"] == 1
    [problem] = bad["problems"]
    assert problem["line"] == 2
    assert "bad date" in problem["message"]
    summary = rows[str(tmp_path)]  # the app's own files: one summary note for the folder
    assert summary["records"] == 0 and summary["encoding"] is None
    [note] = summary["problems"]
    assert note["severity"] == "note" and note["kind"] == "sidecar" and "skipped 1 of Archive Viewer's own file" in note["message"]


def test_check_text_names_file_and_line(capsys, write):
    path = write("t.txt", "〖BT/标题〗未闭合\n〖ZZ/作者〗作者〖-ZZ/作者〗")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert f"{path}:1: warning: field BT has no closing tag" in out


def test_notes_alone_do_not_fail_check(capsys, write, tmp_path):
    write("good.txt", record_text())
    write(".hidden", "x")
    code, out, _ = run(capsys, "check", str(tmp_path))
    assert code == 0
    assert "note: skipped 1 hidden file or folder" in out


def exit_code(args: list[str]) -> int:
    try:
        return main(args)
    except SystemExit as e:
        return int(e.code or 0)


@pytest.mark.parametrize("args", [["check"], ["list"], ["list", "x", "--format", "xml"], ["frobnicate", "--x"], ["--bogus"]])
def test_usage_errors_exit_2_with_one_line(args, capsys):
    assert exit_code(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "error:" in err


def test_python_m_viewer_is_the_same_entry():
    out = subprocess.run(
        [sys.executable, "-m", "viewer", "check", str(SEEDS), "--format", "jsonl"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 3


def test_bench_reports_ratios(capsys, tmp_path):
    code, out, _ = run(capsys, "bench", "--records", "200", "--dir", str(tmp_path / "b"), "--workers", "0")
    assert code == 0
    assert "generated 200 records" in out
    assert "ratio to floor" in out
    assert "peak RSS above baseline" in out
    assert "problems found                                    0" in out
    for opening in ("first opening, a fresh cache", "opened again, every file checked",
                    "opened again, folders trusted (opt-in)"):
        assert f"GUI path, {opening} (offscreen, 200 records" in out
    for label in ("open to first rows shown", "sort by 标题", "select a row to reader filled", "quick filter",
                  "annotation browser, 20 annotations", "annotation browser, every span placed"):
        assert label in out
    for label in ("search index (200 records): built in", "search, 1 character (党)", "concordance of 党: first",
                  "archive-viewer search", "the same with --trust-folders", "warm reopen trusting unchanged folders",
                  "the same after one folder changed", "GUI: anonymous memory above baseline", "summary at 200 records"):
        assert label in out
    assert not list((tmp_path / "b").rglob(".archive-viewer-bench"))  # (the folder changed for the bench: put back)
    assert all(line.rstrip().endswith(("met", "NOT met")) for line in out[out.index("summary at"):].splitlines()[1:] if line.strip())


def test_the_bench_annotates_every_50th_record_beside_the_archive_not_in_it(tmp_path):
    from viewer.bench import generate
    from viewer.core.session import Session
    from viewer.ui.gui_bench import generate_annotations

    generate(tmp_path / "a", 120)
    before = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    made = generate_annotations(str(tmp_path / "a"), str(tmp_path / "fallback"))
    assert made == 3 * 5  # records 0, 50 and 100
    assert sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")) == before
    session = Session.open([str(tmp_path / "a")], workers=0, fallback_root=str(tmp_path / "fallback"))
    kinds = sorted(a.kind.value for s in session.store.sources() for a in session.store.annotations(s))
    assert kinds == sorted(["highlight", "note", "correction", "tag", "status"] * 3)


def test_bench_refuses_no_records(capsys):
    code, _out, err = run(capsys, "bench", "--records", "0")
    assert code == 2 and err.strip() == "archive-viewer: error: bench --records needs 1 or more"


def test_gui_options_are_routed_to_the_gui(monkeypatch):
    import viewer.ui.app as app

    seen = []
    monkeypatch.setattr(app, "run_gui", lambda argv: seen.append(argv) or 0)
    assert main(["--settings", "x.ini", "seeds"]) == 0
    assert main([]) == 0
    assert seen == [["--settings", "x.ini", "seeds"], []]
    assert app.gui_arguments(["--settings", "x.ini", "a", "b"]).paths == ["a", "b"]


def test_without_a_display_the_window_says_so_in_one_line(capsys, monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, out, err = run(capsys, str(SEEDS))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "no display" in err and "list, check, search" in err


def test_a_display_or_a_qt_platform_is_enough_for_the_window():
    from viewer.ui.app import no_display

    assert no_display({}, "linux")
    assert not no_display({"DISPLAY": ":0"}, "linux")
    assert not no_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not no_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not no_display({}, "win32") and not no_display({}, "darwin")


# -- search ---------------------------------------------------------------


def test_search_jsonl_records_and_exit_codes(capsys):
    code, out, _ = run(capsys, "search", str(SEEDS), "标题:学习培训", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["key"] for r in rows] == [
        "000_ed8ee82fcf2d1d69.gb18030-crlf.txt#0",
        "000_ed8ee82fcf2d1d69.txt#0",
        "multi-record.txt#0",
        "multi-record.txt#1",
    ]
    assert set(rows[0]) == {"file", "index", "key", "title", "hits"}
    assert rows[3]["title"] == "确保学习培训时间" and rows[3]["hits"] == 1
    code, out, _ = run(capsys, "search", str(SEEDS), "江青")
    assert code == 1 and out.splitlines()[-1] == "(0 records)"
    assert out.splitlines()[0].split() == ["日期", "标题", "hits", "key"]
    code, _, err = run(capsys, "search", str(SEEDS), '"open')
    assert code == 2 and "bad query" in err


def test_search_answers_in_archive_order_without_ordering_the_listing(capsys, monkeypatch):
    """``search`` never shows the listing: its million records are not put
    in order first (0.05-0.1 s of a whole process's second)."""
    from viewer.core.listing import Listing

    code, before, _ = run(capsys, "search", str(SEEDS), "时期 OR 党员")

    def refuse(*args, **kwargs):
        raise AssertionError("the listing was ordered")

    monkeypatch.setattr(Listing, "default_order", refuse)
    monkeypatch.setattr(Listing, "add", refuse)
    assert run(capsys, "search", str(SEEDS), "时期 OR 党员") == (code, before, "")
    assert code == 0 and len(before.splitlines()) > 3


def test_search_kwic_jsonl_and_csv(capsys):
    code, out, _ = run(capsys, "search", str(SEEDS / "multi-record.txt"), "正文:送学上门", "--kwic", "--width", "5", "--format", "jsonl")
    assert code == 0
    [row] = [json.loads(line) for line in out.splitlines()]
    assert set(row) == {"file", "index", "key", "left", "match", "right"}
    assert row["match"] == "送学上门"
    assert row["left"] == "的党员，要" and row["right"] == "；对处于流"
    code, out, _ = run(capsys, "search", str(SEEDS), "党员", "--kwic", "--format", "csv", "--sort", "1R")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["file", "index", "key", "left", "match", "right"]
    rights = [r[5] for r in rows[1:]]
    assert rights == sorted(rights)


def test_search_matches_a_brute_force_scan(capsys, tmp_path):
    from viewer.bench import generate
    from viewer.core.records.archive import Archive

    generate(tmp_path, 300, seed=5)
    archive = Archive.open([tmp_path], workers=0)
    texts = {
        archive.key(r): [archive.read(r).body(), *(archive.value(r, c) for c in ("YT", "BT", "FT", "ZZ", "BM", "TC", "FL"))]
        for r in archive.ids()
    }
    for query in ["党员", "学习 培训", "先进性教育活动", "的", "国内", "消息"]:
        code, out, _ = run(capsys, "search", str(tmp_path), query, "--format", "jsonl", "--workers", "0")
        keys = [json.loads(line)["key"] for line in out.splitlines()]
        expected = [k for k, fields in texts.items() if all(any(t in f for f in fields) for t in query.split())]
        assert sorted(keys) == sorted(expected), query
        assert code == (0 if expected else 1)


# -- trust: wrong input on purpose ---------------------------------------------------


def test_a_query_that_is_only_a_negation(capsys):
    code, out, _ = run(capsys, "search", str(SEEDS), "-江青", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 5
    code, out, _ = run(capsys, "search", str(SEEDS), "-教育")
    assert code == 1 and out.splitlines()[-1] == "(0 records)"
    code, out, _ = run(capsys, "search", "--format", "jsonl", str(SEEDS), "--", "-江青")
    assert code == 0 and len(out.splitlines()) == 5


def test_options_after_the_double_dash_are_refused_not_searched(capsys):
    code, out, err = run(capsys, "search", str(SEEDS), "--", "-教育", "--format", "jsonl")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "after --" in err and "--format jsonl" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", str(SEEDS), ""], "the query is empty"),
        (["search", str(SEEDS), "  \t "], "the query is empty"),
        (["search", str(SEEDS), "教育", "--width", "-1"], "must be 0 or more"),
        (["search", str(SEEDS), "教育", "--encoding", "base64"], "base64 is not a text encoding"),
        (["list", str(SEEDS), "--encoding", "rot13"], "rot13 is not a text encoding"),
        (["search", str(SEEDS), "标题:"], "标题: needs text after it"),
        (["search", str(SEEDS), "党员", "教育"], "a query of several words is one argument"),
        (["search", str(SEEDS), "--workers", "-3", "x"], "must be 0 or more"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, message):
    assert exit_code(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["list", "check", "search", "annotations"])
def test_a_path_that_does_not_exist_is_named_and_fails(capsys, tmp_path, command):
    missing = str(tmp_path / "no-such-folder")
    args = [command, str(SEEDS), missing] + (["教育"] if command == "search" else [])
    code = exit_code(args)
    _, err = capsys.readouterr()
    assert code == 2
    assert f"{missing}: cannot open: No such file or directory" in err


@pytest.mark.skipif(sys.platform == "win32", reason="file names are text on Windows")
@pytest.mark.parametrize("command", ["list", "check", "search", "annotations"])
def test_names_that_are_not_utf8_give_valid_utf8_json_lines(tmp_path, command):
    import base64

    folder = tmp_path / "d"
    folder.mkdir()
    raw = os.fsencode(str(folder)) + b"/\xb0\xa1-gbk-name.txt"
    with open(raw, "wb") as fh:
        fh.write(record_text(bt="教育").encode("utf-8"))
    if command == "annotations":
        from viewer.core.annotations.anchoring import make_anchor  # noqa: F401
        from viewer.core.annotations.model import Annotation, AnnotationKind
        from viewer.core.annotations.store import AnnotationStore, record_key

        name = os.fsdecode(raw)
        store = AnnotationStore()
        store.put(name, Annotation.new(record_key(name, 0), AnnotationKind.TAG, "me", tag="甲"))
        store.save()
    args = [command, str(folder)] + (["教育"] if command == "search" else []) + ["--format", "jsonl"]
    done = subprocess.run([sys.executable, "-m", "viewer", *args], capture_output=True, cwd=ROOT, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines
    for line in lines:
        obj = json.loads(line.decode("utf-8"))
        if obj["file"].endswith("-gbk-name.txt"):
            assert "\ufffd" in obj["file"]
            assert base64.b64decode(obj["file_bytes"]) == raw


@pytest.mark.skipif(sys.platform == "win32", reason="no newline in a file name on Windows")
def test_a_name_with_a_newline_or_a_tab_stays_on_its_line(capsys, tmp_path, write):
    """A file name may hold any character but "/": line-oriented output
    (check's findings, search's table, messages) escapes control
    characters, so that each finding is one line; JSON keeps the name exact."""
    write("n/名字\n换行\t.txt", record_text(bt="换行名", body=""))
    write("n/ok.txt", record_text(bt="好的"))
    code, out, _ = run(capsys, "check", str(tmp_path / "n"))
    [finding] = [line for line in out.splitlines() if "empty-field" in line]
    assert finding.startswith(f"{tmp_path / 'n'}/名字\\n换行\\t.txt:1: note: ")
    code, out, _ = run(capsys, "search", str(tmp_path / "n"), "标题:换行名")
    assert code == 0 and "名字\\n换行\\t.txt#0" in out.splitlines()[1]
    code, out, _ = run(capsys, "search", str(tmp_path / "n"), "标题:换行名", "--format", "jsonl")
    assert json.loads(out)["key"] == "名字\n换行\t.txt#0"
    (tmp_path / "n" / "名字\n换行\t.txt").chmod(0)
    if not os.access(tmp_path / "n" / "名字\n换行\t.txt", os.R_OK):  # (root reads it anyway)
        code, _, err = run(capsys, "list", str(tmp_path / "n"))
        assert code == 1 and err.count("\n") == 1 and "名字\\n换行\\t.txt: " in err


def test_overlapping_hits_count_once_everywhere(capsys, tmp_path, write):
    from viewer.core.records.archive import Archive
    from viewer.core.search.bodies import BodyStore
    from viewer.core.search.kwic import kwic
    from viewer.core.search.query import parse_query
    from viewer.core.search.searcher import Searcher

    write("h/a.txt", record_text(bt="哈哈哈", body="哈哈哈哈哈"))
    code, out, _ = run(capsys, "search", str(tmp_path / "h"), "哈哈", "--format", "jsonl")
    [row] = [json.loads(line) for line in out.splitlines()]
    code, out, _ = run(capsys, "search", str(tmp_path / "h"), "哈哈", "--kwic", "--format", "jsonl")
    kwic_lines = out.splitlines()
    archive = Archive.open([tmp_path / "h"], workers=0)
    store = BodyStore.build(archive, str(tmp_path / "s"), workers=0)
    searcher = Searcher(archive, store)
    result = searcher.search(parse_query("哈哈"))
    assert row["hits"] == len(kwic_lines) == result.total_hits() == len(kwic(searcher, result)) == 3  # 1 + 2
    store.close()


def test_an_unknown_command_is_a_usage_error_never_a_window(capsys, monkeypatch):
    import viewer.ui.app as app

    opened = []
    monkeypatch.setattr(app, "run_gui", lambda argv: opened.append(argv) or 0)
    code, out, err = run(capsys, "git-sync", ".")
    assert code == 2 and opened == []
    assert len(err.splitlines()) == 1 and "'git-sync' is not a command" in err
    for command in ("list", "check", "search", "annotations", "bench"):
        assert command in err
    assert main([str(SEEDS)]) == 0 and opened == [[str(SEEDS)]]  # a path that exists opens the window


def test_grep_order_is_recognised_with_a_hint(capsys):
    code, out, err = run(capsys, "search", "学习培训", str(SEEDS), "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 4
    assert "reading this as: search" in err and "PATH... QUERY" in err


def test_top_level_help_shows_the_window_and_every_option(capsys):
    assert exit_code(["--help"]) == 0
    out, _ = capsys.readouterr()
    for text in ("archive-viewer PATH", "--settings INI", "--no-cache", "list", "check", "search", "annotations",
                 "exit status"):
        assert text in out


def test_counts_use_singular_and_plural(capsys, write):
    path = write("one.txt", record_text())
    _, out, _ = run(capsys, "list", str(path))
    assert out.splitlines()[-1] == "(1 record)"
    _, out, _ = run(capsys, "check", str(path))
    assert out.strip() == "1 file, 1 record: 0 errors, 0 warnings, 0 notes"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_annotations_with_a_fifo_for_a_sidecar_reports_and_does_not_hang(tmp_path, write):
    path = write("d/a.txt", record_text())
    os.mkfifo(str(path) + ".annotations.json")
    done = subprocess.run([sys.executable, "-m", "viewer", "annotations", str(tmp_path / "d")],
                          capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 1
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_check_gives_one_line_for_many_sidecars(capsys, tmp_path, write):
    for i in range(30):
        write(f"d/{i}.txt", record_text())
        write(f"d/{i}.txt.annotations.json", '{"format": "archive-viewer-annotations", "version": 1, "records": {}}')
    write("d/0.txt.annotations.recovery.json", "{}")
    code, out, _ = run(capsys, "check", str(tmp_path / "d"), "--skip", "all")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    assert "skipped 31 of Archive Viewer's own files" in lines[0]


def test_keys_naming_other_files_are_not_exported(capsys, tmp_path, write):
    path = write("d/a.txt", record_text())
    tag = {"id": "t1", "kind": "tag", "tag": "外", "author": "x", "created": "2026-01-01T00:00:00.000000Z",
           "modified": "2026-01-01T00:00:00.000000Z"}
    sidecar = {"format": "archive-viewer-annotations", "version": 1,
               "records": {"../../x.txt#0": [tag], "/etc/passwd#2": [{**tag, "id": "t2"}], "a.txt#0": [{**tag, "id": "t3"}]}}
    (tmp_path / "d" / "a.txt.annotations.json").write_text(json.dumps(sidecar), "utf-8")
    code, out, err = run(capsys, "annotations", str(path.parent))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["t3"] and rows[0]["key"] == "a.txt#0"
    assert "../../x.txt#0" in err and "/etc/passwd#2" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_named_path_that_is_no_file_or_folder_fails(capsys, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "list", str(fifo))
    assert code == 2 and f"{fifo}: cannot open: not a regular file or folder" in err


def test_the_cli_uses_the_cache_and_no_cache_gives_the_same_output(capsys, tmp_path, write, monkeypatch):
    import viewer.core.records.archive as archive_module
    from viewer.core.files.paths import user_cache_dir
    from viewer.core.records import folders
    from viewer.core.records.cache import cache_file

    monkeypatch.setattr(folders, "RACY_NS", 0)  # (folders written a moment ago count as settled)
    listing = archive_module.load

    for i in range(4):
        write(f"d/2005/2005021{i}/{i}.txt", record_text(rq=f"2005021{i}", th=str(i), body=f"第{i}段，党员。\n己经完成。"))
    write("d/bad.txt", record_text(rq="2005").encode("gb18030") + b"\xff")
    with open(os.path.join(os.fsencode(str(tmp_path / "d")), "名".encode("gbk") + b".txt"), "w", encoding="utf-8") as fh:
        fh.write(record_text(bt="名字"))
    folder = str(tmp_path / "d")
    commands = [["list", folder, "--format", "jsonl"], ["check", folder, "--format", "jsonl"], ["search", folder, "党员"],
                ["progress", folder, "--format", "jsonl"], ["annotations", folder]]
    for args in commands:
        outputs = []
        # cold cache, warm cache, no cache, trusting folders (written down), trusted (nothing listed)
        for run_no, extra in enumerate(([], [], ["--no-cache"], ["--trust-folders"], ["--trust-folders"])):
            if run_no == 4:
                monkeypatch.setattr(archive_module, "load", None)  # (would fail if the folders were listed)
            code = main([*args, "--workers", "0", *extra])
            monkeypatch.setattr(archive_module, "load", listing)
            outputs.append((code, *capsys.readouterr()))
        said = "archive-viewer: no folder changed since it was last listed: files not checked one by one"
        assert said in outputs[4][2] and not any(said in err for _code, _out, err in outputs[:3]), args
        for n in (3, 4):  # (said on stderr whenever it is so; the first command's writing run was not trusted)
            code, out, err = outputs[n]
            outputs[n] = (code, out, "".join(line for line in err.splitlines(True) if said not in line))
        assert outputs[0] == outputs[1] == outputs[2] == outputs[3] == outputs[4], args
    assert os.path.exists(cache_file(user_cache_dir()))


def test_a_trusted_opening_after_an_annotation_says_which_folders_it_listed_again(capsys, tmp_path, write,
                                                                                    monkeypatch):
    from viewer.core.records import folders

    monkeypatch.setattr(folders, "RACY_NS", 0)  # (folders written a moment ago count as settled)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    for i in range(4):
        write(f"d/2005021{i}/{i}.txt", record_text(rq=f"2005021{i}", th=str(i), body="党员"))
    folder = str(tmp_path / "d")
    _code, want, _err = run(capsys, "search", folder, "党员", "--no-cache")
    run(capsys, "search", folder, "党员", "--trust-folders")  # (writes the folders down)
    write("d/20050211/1.txt.annotations.json", "{}")
    code = main(["search", folder, "党员", "--trust-folders", "--workers", "0"])
    out, err = capsys.readouterr()
    assert code == 0 and out == want
    assert err.splitlines()[0] == ("archive-viewer: 1 folder changed since the archive was last listed: only that one was "
                           "listed again and its files checked, the others' files not one by one (--trust-folders; "
                           "a file rewritten in place would not show)")


def test_search_goes_on_when_the_index_turns_out_damaged(capsys, tmp_path, monkeypatch):
    from conftest import damage_bitmap
    from viewer.core.search import gramindex

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    want = run(capsys, "search", str(SEEDS), "送学上门", "--format", "jsonl", "--no-cache")
    assert run(capsys, "search", str(SEEDS), "送学上门", "--format", "jsonl") == want  # builds the index
    assert damage_bitmap(gramindex.folder_in(tmp_path / "xdg" / "archive-viewer"), "送学")
    code, out, err = run(capsys, "search", str(SEEDS), "送学上门", "--format", "jsonl")
    assert (code, out) == want[:2]
    assert err.strip() == ("archive-viewer: the search index was damaged and has been removed (it is built again next time);"
                           " searching by reading the text")
    assert run(capsys, "search", str(SEEDS), "送学上门", "--format", "jsonl") == want  # built again
