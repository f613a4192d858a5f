"""The CLI's output forms are a contract; these tests pin them."""

from __future__ import annotations

import csv
import io
import json
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
    assert set(first) == {"file", "index", "key", "encoding", "fields", "problems"}
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
    assert code == 0
    assert out.strip().endswith("3 files, 5 records: 0 errors, 0 warnings, 0 notes")


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


@pytest.mark.parametrize("args", [["check"], ["list"], ["list", "x", "--format", "xml"], ["frobnicate", "--x"], ["--bogus"]])
def test_usage_errors_exit_2(args):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2


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
    assert "GUI path (offscreen, 200 records" in out
    for label in ("open to first rows shown", "sort by 标题", "select a row to reader filled", "quick filter"):
        assert label in out


def test_gui_options_are_routed_to_the_gui(monkeypatch):
    import viewer.ui.app as app

    seen = []
    monkeypatch.setattr(app, "run_gui", lambda argv: seen.append(argv) or 0)
    assert main(["--settings", "x.ini", "seeds"]) == 0
    assert main([]) == 0
    assert seen == [["--settings", "x.ini", "seeds"], []]
    assert app.gui_arguments(["--settings", "x.ini", "a", "b"]).paths == ["a", "b"]


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
    assert code == 1 and out.strip() == "(0 records)"
    code, _, err = run(capsys, "search", str(SEEDS), '"open')
    assert code == 2 and "bad query" in err


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
    from viewer.core.archive import Archive
    from viewer.core.bench import generate

    generate(tmp_path, 300, seed=5)
    archive = Archive.open([tmp_path], workers=0)
    texts = {
        archive.key(r): [archive.read(r).body(), *(archive.value(r, c) for c in ("YT", "BT", "FT", "ZZ"))]
        for r in archive.ids()
    }
    for query in ["党员", "学习 培训", "先进性教育活动", "的"]:
        code, out, _ = run(capsys, "search", str(tmp_path), query, "--format", "jsonl", "--workers", "0")
        keys = [json.loads(line)["key"] for line in out.splitlines()]
        expected = [k for k, fields in texts.items() if all(any(t in f for f in fields) for t in query.split())]
        assert sorted(keys) == sorted(expected), query
        assert code == (0 if expected else 1)
