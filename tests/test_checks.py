"""Proofreading checks: each one finds what it should, names file and line, and can be switched off."""

from __future__ import annotations

import json

import pytest

from conftest import record_text
from viewer.cli import main
from viewer.core.records import checks
from viewer.core.records.archive import Archive
from viewer.core.records.diagnostics import Severity


def found(root, **settings) -> list[tuple[str, str, int | None, str]]:
    archive = Archive.open([str(root)], workers=0)
    return [(p.kind.value, p.file.rsplit("/", 1)[-1], p.line, p.message)
            for p in checks.run(archive, checks.Settings(**settings))]


def kinds(root, **settings) -> list[str]:
    return [k for k, *_ in found(root, **settings)]


def put(root, relpath: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))


def test_a_clean_archive_has_no_findings(tmp_path):
    put(tmp_path, "2005/200502/20050217/200502170401.txt", record_text(bh="04", th="1", body="第一段，没有问题。"))
    put(tmp_path, "2005/200502/20050217/200502170402.txt", record_text(bh="04", th="2", body="第二段。"))
    assert found(tmp_path) == []


def test_the_date_against_the_folders_and_the_file_name(tmp_path):
    put(tmp_path, "2005/200502/20050218/200502170401.txt", record_text(rq="20050217"))
    [(kind, name, line, folder)] = found(tmp_path)  # the file name agrees
    assert kind == "date-path" and name == "200502170401.txt" and line == 1
    assert folder == "日期 20050217 is not in the folder 20050218"
    put(tmp_path, "2005/200502/20050218/200502170401.txt", record_text(rq="20050218"))
    [(_k, _n, _l, message)] = found(tmp_path)
    assert message == "日期 20050218 differs from the date 20050217 the file name 200502170401.txt starts with"


def test_the_page_against_the_file_name(tmp_path):
    put(tmp_path, "200502170301.txt", record_text(bh="04"))
    assert found(tmp_path) == [("page-name", "200502170301.txt", 1, "版号 04 differs from page 03 in the file name 200502170301.txt")]
    put(tmp_path, "200502170301.txt", record_text(bh="3"))  # 3 and 03 are the same page
    assert found(tmp_path) == []


def test_an_item_number_repeated_on_a_page(tmp_path):
    put(tmp_path, "a.txt", record_text(th="1", bt="甲") + record_text(th="2", bt="乙") + record_text(th="1", bt="丙"))
    [(kind, name, line, message)] = found(tmp_path)
    assert kind == "item-repeat" and line == 19  # the third record's first line
    assert message == "条号 1 repeats on page 4 of 20050217 (also in a.txt)"
    put(tmp_path, "b.txt", record_text(th="1", bh="05"))  # another page: no repeat
    assert kinds(tmp_path) == ["item-repeat"]


def test_an_issue_number_that_changes_within_a_day(tmp_path):
    for th, zq in (("1", "17205"), ("2", "17205"), ("3", "17206")):
        put(tmp_path, f"{th}.txt", record_text(th=th, zq=zq))
    put(tmp_path, "other-day.txt", record_text(rq="20050218", zq="17206"))
    assert found(tmp_path) == [("issue-day", "3.txt", 1, "总期 17206 differs from 17205, the 总期 of the other records of 20050217")]


def test_empty_title_and_body(tmp_path):
    put(tmp_path, "a.txt", record_text(bt="", body=""))
    assert sorted(m for _k, _n, _l, m in found(tmp_path)) == ["标题 (BT) is empty", "正文 (ZW) is empty"]


@pytest.mark.parametrize("encoding,newline", [("gb18030", "\r\n"), ("utf-8", "\n")])
def test_characters_outside_gb2312_in_the_gb2312_years(tmp_path, encoding, newline):
    body = "第一段。\n第二段有个镕字和𠮷字。"
    put(tmp_path, "a.txt", record_text(rq="19850301", body=body), encoding, newline)
    if encoding == "utf-8":
        assert found(tmp_path) == []  # a UTF-8 file was not typed in GB2312
        return
    [(kind, _name, line, message)] = found(tmp_path)
    assert kind == "gb2312" and line == 8  # the second paragraph's line
    assert message == "正文 has characters outside GB2312 in a record of 1985: 镕 𠮷"
    put(tmp_path, "a.txt", record_text(rq="20050301", body=body), encoding, newline)
    assert found(tmp_path) == []  # GBK times
    put(tmp_path, "a.txt", record_text(rq="19850301", body=body), encoding, newline)
    assert found(tmp_path, gb2312_until=1980) == []


def test_mixed_punctuation_in_one_body(tmp_path):
    put(tmp_path, "a.txt", record_text(body="第一段，全角。\n第二段, 半角。"))
    assert found(tmp_path) == [("mixed-punctuation", "a.txt", 8, "正文 mixes half-width “,” with full-width “，”")]
    put(tmp_path, "a.txt", record_text(body="只有半角, 标点; 没有全角"))
    assert found(tmp_path) == []


def test_known_misreadings_from_the_default_or_the_archives_list(tmp_path):
    put(tmp_path, "a.txt", record_text(bt="工作己经完成", body="第一段。\n未来可期，中油布很多。"))
    assert found(tmp_path) == [("confusion", "a.txt", 5, "标题 has “己经”, a known misreading (usually 已经)")]
    (tmp_path / checks.CONFUSIONS_FILE).write_text("# ours\n中油布→中石油\n可期\n", "utf-8")
    mine = checks.archive_confusions([str(tmp_path)])
    assert mine == (("中油布", "中石油"), ("可期", ""))
    assert [m for *_x, m in found(tmp_path, confusions=mine)] == [
        "正文 has “中油布”, a known misreading (usually 中石油)", "正文 has “可期”, a known misreading"]


def test_every_check_can_be_switched_off(tmp_path):
    put(tmp_path, "2005/20050218/200502170301.txt",
        record_text(rq="19850217", bt="", body="己经, 完成，了") + record_text(rq="19850217", bt="", th="1", zq="1"))
    everything = set(kinds(tmp_path))
    assert everything == {"date-path", "page-name", "item-repeat", "issue-day", "empty-field", "mixed-punctuation", "confusion"}
    for name in everything:
        assert name not in kinds(tmp_path, off=frozenset({name}))
    assert kinds(tmp_path, off=frozenset(checks.NAMES)) == []
    assert all(c.severity is Severity.NOTE for c in checks.CHECKS)


# -- in the command line ------------------------------------------------------------------------


def test_check_lists_findings_as_notes_with_their_name(tmp_path, capsys):
    put(tmp_path, "a.txt", record_text(body="己经完成。"))
    assert main(["check", str(tmp_path), "--workers", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{tmp_path}/a.txt:7: note: 正文 has “己经”, a known misreading (usually 已经) [confusion]"
    assert out[1] == "1 file, 1 record: 0 errors, 0 warnings, 1 note"
    assert main(["check", str(tmp_path), "--format", "jsonl", "--workers", "0"]) == 0
    [row] = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert row["problems"] == [{"line": 7, "message": "正文 has “己经”, a known misreading (usually 已经)",
                                "kind": "confusion", "severity": "note"}]


def test_check_options_skip_and_confusions(tmp_path, capsys):
    put(tmp_path / "d", "a.txt", record_text(body="中油布问题。"))
    (tmp_path / "list.txt").write_text("中油布 -> 中石油\n", "utf-8")
    assert main(["check", str(tmp_path / "d"), "--confusions", str(tmp_path / "list.txt"), "--workers", "0"]) == 0
    assert "“中油布”, a known misreading (usually 中石油) [confusion]" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "d"), "--confusions", str(tmp_path / "list.txt"), "--skip", "gb2312,confusion"]) == 0
    assert "confusion" not in capsys.readouterr().out
    assert main(["check", str(tmp_path / "d"), "--skip", "typos"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--skip: no check called 'typos'" in err
    assert main(["check", str(tmp_path / "d"), "--confusions", str(tmp_path / "missing.txt")]) == 2
    assert "--confusions: cannot read" in capsys.readouterr().err


# -- in the window ------------------------------------------------------------------------------------


def test_the_problems_panel_lists_findings_and_preferences_switch_checks_off(qtbot, open_window, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCheckBox, QDockWidget, QLabel, QTableView

    from conftest import edit_preferences, widget
    from viewer.ui.record_model import COLUMNS

    put(tmp_path / "d", "a.txt", record_text(th="1", bt="甲", body="第一段。") + record_text(th="2", bt="乙", body="己经完成。"))
    w = open_window([tmp_path / "d"])
    dock = widget(w, QDockWidget, "problemsDock")

    def rows() -> list[str]:
        return [dock.model.problem(r).kind.value for r in range(dock.model.rowCount())]

    qtbot.waitUntil(lambda: rows() == ["confusion"], timeout=5000)
    assert dock.model.index(0, 3).data() == "正文 has “己经”, a known misreading (usually 已经)"
    assert dock.model.index(0, 0).data() == "note" and dock.model.index(0, 2).data() == 15
    table = w.findChild(QTableView, "recordTable")
    marked = [table.model().marked(r) for r in range(2)]
    titles = [table.model().index(r, COLUMNS.index("BT")).data() for r in range(2)]
    assert dict(zip(titles, marked)) == {"甲": "", "乙": "note"}  # the row with a finding is marked (a note: ⓘ)
    row = titles.index("乙")
    assert table.model().index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    dock.view.clicked.emit(dock.model.index(0, 3))
    qtbot.waitUntil(lambda: w.current()[1] is not None and w.current()[1].get("BT") == "乙", timeout=5000)
    # the original text, at the problem's line, selected
    assert w.action("original").isChecked() and w.reader.original
    line = w.reader.textCursor().selectedText()
    assert "己经完成" in line and line == w.reader.textCursor().block().text()
    raw = w.current()[1].raw_text().split("\n")
    assert raw[w.reader.textCursor().blockNumber()].strip("\r") == line
    assert w.current()[1].line + w.reader.textCursor().blockNumber() == 15
    # the record's status box says what the dock lists for it (as its row's sign), and follows the checks
    info = widget(w, QLabel, "recordInfo")
    assert info.text() == "unread · utf-8 · 0 problems · 1 note"

    def switch_off(dialog):
        widget(dialog, QCheckBox, "check_confusion").setChecked(False)

    edit_preferences(monkeypatch, w, switch_off)
    qtbot.waitUntil(lambda: rows() == [], timeout=5000)
    assert w.settings.checks_off == ["confusion"]
    qtbot.waitUntil(lambda: info.text() == "unread · utf-8 · 0 problems", timeout=5000)  # (it was left saying 1 note)


def test_worker_processes_find_the_same_in_the_same_order(tmp_path):
    for i in range(1200):
        body = "己经完成。" if i % 7 == 0 else ("第一段, 第二段，" if i % 11 == 0 else "第一段。")
        put(tmp_path, f"d/{i:04d}.txt", record_text(th=str(i % 50 + 1), bh=str(i // 50), body=body))
    archive = Archive.open([str(tmp_path / "d")], workers=0)
    inline = checks.run(archive, workers=0)
    assert len(inline) == 172 + (110 - 16)  # every 7th; every 11th that is not a 77th
    assert checks.run(archive, workers=2) == inline
    for i in range(1200, 2400):  # a second and a third folder: three batches of files
        put(tmp_path, f"e{i % 2}/{i:04d}.txt", record_text(th=str(i % 50 + 1), bh=str(i // 50), body="第一段。"))
    archive = Archive.open([str(tmp_path)], workers=0)
    inline = checks.run(archive, workers=0)
    for workers in (0, 2):  # a window's checks wait for the user's jobs before each batch of files
        waits: list[int] = []
        assert checks.run(archive, workers=workers, between=lambda waits=waits: waits.append(1)) == inline
        assert len(waits) >= 3, workers


# -- the whole-column checks agree with the plain record-by-record ones ------------------------


def _plain_column_checks(archive, finder) -> None:
    """The record-by-record version of ``checks._column_checks`` (the
    reference the faster one must agree with, finding for finding)."""
    from collections import Counter, defaultdict

    from viewer.core.records.fields import BH, BT, RQ, TH, ZQ

    on = finder.settings.on
    by_page = defaultdict(list)
    by_day = defaultdict(list)
    for rid in map(int, archive.ids()):
        src = archive.source(rid)
        rq, bh = archive.value(rid, RQ), archive.value(rid, BH)
        where = (src.path, archive.line(rid), archive.index_in_file(rid))
        if on("date-path") and rq:
            for message in checks._date_path(src.relpath, rq):
                finder.add("date-path", *where, message)
        if on("page-name") and bh:
            message = checks._page_name(src.relpath, bh)
            if message:
                finder.add("page-name", *where, message)
        if rq:
            by_page[(rq, checks._number_text(bh))].append(rid)
            by_day[rq].append(rid)
    if on("item-repeat"):
        for (rq, bh), page in by_page.items():
            seen = {}
            for rid in page:
                th = checks._number_text(archive.value(rid, TH))
                if not th:
                    continue
                if th in seen:
                    first = archive.source(seen[th]).relpath
                    same = archive.value(rid, BT) == archive.value(seen[th], BT)
                    finder.add("item-repeat", archive.source(rid).path, archive.line(rid), archive.index_in_file(rid),
                               f"条号 {th} repeats on page {bh or '?'} of {rq} (also in {first}"
                               f"{', with the same 标题: a duplicate?' if same else ''})")
                else:
                    seen[th] = rid
    if on("issue-day"):
        for rq, day in by_day.items():
            values = Counter(archive.value(r, ZQ) for r in day if archive.value(r, ZQ))
            if len(values) < 2:
                continue
            usual, _n = values.most_common(1)[0]
            for rid in day:
                zq = archive.value(rid, ZQ)
                if zq and zq != usual:
                    finder.add("issue-day", archive.source(rid).path, archive.line(rid), archive.index_in_file(rid),
                               f"总期 {zq} differs from {usual}, the 总期 of the other records of {rq}")
    if on("empty-field"):
        for rid in map(int, archive.ids()):
            where = (archive.source(rid).path, archive.line(rid), archive.index_in_file(rid))
            if not archive.value(rid, BT).strip():
                finder.add("empty-field", *where, "标题 (BT) is empty")
            if archive.body_length(rid) == 0:
                finder.add("empty-field", *where, "正文 (ZW) is empty")


@pytest.mark.parametrize("seed", range(6))
def test_the_column_checks_agree_with_the_record_by_record_version(tmp_path, seed, monkeypatch):
    """(Files taken a few at a time in the path checks' steps, as a million
    are 50,000 at a time.)"""
    import random

    monkeypatch.setattr(checks, "_STEP_FILES", 7)

    rng = random.Random(seed)
    days = ["20050217", "20050218", "20041231", "19690605"]
    for n in range(160):
        day = rng.choice(days)
        folder = rng.choice([f"{day[:4]}/{day[:6]}/{day}", f"{day[:4]}/{day[:6]}", "misc", f"{day[:4]}/200503/{day}"])
        page = rng.choice(["01", "02", "04", "12", "4"])
        name = rng.choice([f"{day}{page}{n % 7:02}.TXT", f"{rng.choice(days)}{page}.txt", f"note{n}.txt", f"{day}x{n}.txt"])
        records = "".join(
            record_text(
                rq=rng.choice([day, day, rng.choice(days), "", " 2005021", day + " "]),
                bh=rng.choice([page, page, "3", "03", "", "x", "104"]),
                th=rng.choice(["1", "2", "02", "3", "", " 2"]),
                zq=rng.choice(["17205", "17205", "17206", ""]),
                bt=rng.choice(["标题", "标题", "另一个", " ", ""]),
                body=rng.choice(["第一段。", "第一段。", ""]),
            )
            for _ in range(rng.choice([1, 1, 1, 2, 3]))
        )
        put(tmp_path, f"{folder}/{name}", records)
    archive = Archive.open([str(tmp_path)], workers=0)
    for switched in ({}, {"off": frozenset({"date-path"})}, {"off": frozenset({"page-name", "issue-day"})}):
        settings = checks.Settings(**switched)
        fast, plain = checks._Finder(settings, ()), checks._Finder(settings, ())
        steps: list[int] = []
        checks._column_checks(archive, fast, lambda steps=steps: steps.append(1))
        _plain_column_checks(archive, plain)
        assert fast.out == plain.out
        assert len(steps) >= len(archive.files) // 7  # a window's user jobs go first between steps
        assert len({p.kind for p in plain.out}) >= (5 if not switched else 2)


def test_text_check_findings_come_from_the_cache_while_the_folder_is_unchanged(tmp_path, monkeypatch):
    from viewer.core.records.cache import IndexCache

    root = tmp_path / "run"
    for day in ("20050217", "20050218"):
        for n in range(3):
            put(root, f"2005/200502/{day}/{day}04{n:02}.txt",
                record_text(rq=day, th=str(n + 1), body="混用标点，和半角,标点。" if n == 1 else "第一段。"))
    cache = IndexCache(str(tmp_path / "c.sqlite"))
    archive = Archive.open([str(root)], workers=0, cache=cache)
    first = checks.run(archive, checks.Settings(), cache=cache)
    assert [p.kind.value for p in first].count("mixed-punctuation") == 2
    read: list[str] = []
    real = checks.read_file
    monkeypatch.setattr(checks, "read_file", lambda src, **k: read.append(src.path) or real(src, **k))
    assert checks.run(archive, checks.Settings(), cache=cache) == first and read == []
    # other checks switched on or off: read again
    assert checks.run(archive, checks.Settings(off=frozenset({"confusion"})), cache=cache) == first and len(read) == 6
    # (the cache keeps the findings of the latest checks: back to them, all is read once more)
    assert checks.run(archive, checks.Settings(), cache=cache) == first and len(read) == 12
    # one folder changed: only it is read again
    read.clear()
    changed = root / "2005/200502/20050218/200502180400.txt"
    changed.write_text(record_text(rq="20050218", th="1", body="又，一处,混用。"), encoding="utf-8")
    archive = Archive.open([str(root)], workers=0, cache=cache)
    again = checks.run(archive, checks.Settings(), cache=cache)
    assert sorted({p.rsplit("/", 2)[-2] for p in read}) == ["20050218"]
    assert [p.kind.value for p in again].count("mixed-punctuation") == 3
    assert again == checks.run(archive, checks.Settings())  # the same as without the cache
    # a damaged row is not trusted
    cache._db.execute("UPDATE findings SET found = replace(found, 'mixed', 'mixes')")
    assert checks.run(archive, checks.Settings(), cache=cache) == again


def test_findings_are_kept_as_they_come_so_that_a_cancelled_run_keeps_its_progress(tmp_path, monkeypatch):
    import threading

    from viewer.core.records.cache import IndexCache

    root = tmp_path / "run"
    for day in range(6):
        put(root, f"2005/200502/2005021{day}/2005021{day}0401.txt", record_text(rq=f"2005021{day}", body="半角,全角，混用。"))
    monkeypatch.setattr(checks, "_CHUNK", 1)
    monkeypatch.setattr(checks, "_STORE_EVERY", 1)
    cache = IndexCache(str(tmp_path / "c.sqlite"))
    archive = Archive.open([str(root)], workers=0, cache=cache)
    cancel = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        if done == 3:
            cancel.set()

    checks.run(archive, checks.Settings(), cancel=cancel, progress=progress, cache=cache)
    assert seen == [1, 2, 3]
    read: list[str] = []
    real = checks.read_file
    monkeypatch.setattr(checks, "read_file", lambda src, **k: read.append(src.path) or real(src, **k))
    full = checks.run(archive, checks.Settings(), cache=cache)
    assert len(read) == 3 and [p.kind.value for p in full].count("mixed-punctuation") == 6
    compared: list[int] = []
    real_of = checks._Facts.of
    monkeypatch.setattr(checks._Facts, "of", lambda self, fids: compared.append(1) or real_of(self, fids))
    stopped = threading.Event()
    stopped.set()
    checks.run(archive, checks.Settings(), cancel=stopped, cache=cache)
    assert not compared  # a cancelled run does not go on comparing every folder with the cache
    checks.run(archive, checks.Settings(), cache=cache)
    assert len(compared) == 6


def _checks_after_loading(qtbot, open_window, tmp_path, monkeypatch):
    """Open a window on an archive; each time the checks start, is the
    search index being made still (True) or done with (False)?"""
    from viewer.ui import checks_controller

    put(tmp_path / "d", "a.txt", record_text(th="1", bt="甲", body="己经完成。"))
    starts: list[bool] = []
    window = []
    real = checks_controller.ChecksController.run
    monkeypatch.setattr(checks_controller.ChecksController, "run",
                        lambda self: starts.append(window[0].search.preparing()) or real(self))
    w = open_window(None)
    window.append(w)
    w.open_paths([str(tmp_path / "d")])
    qtbot.waitUntil(lambda: bool(starts), timeout=10000)
    return w, starts


def test_the_checks_start_once_the_search_index_is_open(qtbot, open_window, tmp_path, monkeypatch):
    w, starts = _checks_after_loading(qtbot, open_window, tmp_path, monkeypatch)
    assert starts == [False] and w.session.search_ready()


def test_the_checks_run_even_when_the_search_index_cannot_be_made(qtbot, open_window, tmp_path, monkeypatch):
    from viewer.ui import search_controller

    def broken(*args):
        raise OSError("no room")

    monkeypatch.setattr(search_controller, "_build_bodies", broken)
    w, starts = _checks_after_loading(qtbot, open_window, tmp_path, monkeypatch)
    assert starts == [False] and not w.session.search_ready()


def test_no_checks_start_once_the_window_is_closing(qtbot, open_window, tmp_path, monkeypatch):
    """An index that opens as the window closes must not start the checks'
    worker processes while the interpreter ends (their children would fail
    and print tracebacks)."""
    from viewer.core.records import checks as checks_module

    put(tmp_path / "d", "a.txt", record_text(th="1", bt="甲", body="己经完成。"))
    runs = []
    monkeypatch.setattr(checks_module, "run", lambda *a, **k: runs.append(1) or [])
    window = open_window([str(tmp_path / "d")])
    qtbot.waitUntil(lambda: runs == [1], timeout=10000)  # the checks after loading
    window.checks.run()
    qtbot.waitUntil(lambda: runs == [1, 1], timeout=10000)  # again, as asked
    window.close()
    window.checks.run()
    qtbot.wait(300)
    assert runs == [1, 1]
    import threading

    monkeypatch.undo()
    for i in range(6):
        put(tmp_path / "many" / f"f{i}", "a.txt", record_text(th="1", bt="甲", body="己经完成。"))
    archive = Archive.open([str(tmp_path / "many")], workers=0)

    class Pool:  # counts the pools started; runs nothing
        made = 0

        def __init__(self, *args, **kwargs):
            Pool.made += 1

        def __enter__(self):
            raise RuntimeError("a pool was started")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(checks_module, "background_pool", Pool)
    monkeypatch.setattr(checks_module, "_CHUNK", 1)  # a task a folder
    cancel = threading.Event()
    cancel.set()
    checks_module.run(archive, checks_module.Settings(), workers=2, cancel=cancel)
    assert Pool.made == 0
    with pytest.raises(RuntimeError):  # (without the cancel, it would be)
        checks_module.run(archive, checks_module.Settings(), workers=2)
