"""The search box drives the table; hits in the reader; the KWIC dock."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from PySide6.QtCore import QSettings, Qt

from conftest import SEEDS
from viewer.ui.kwic_dock import KwicModel
from viewer.ui.main_window import MainWindow
from viewer.ui.settings import Settings


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "archive"
    shutil.copytree(SEEDS, root)
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, workers=0)
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(root)])
    qtbot.waitUntil(lambda: w.loading_done and w.text_store is not None, timeout=20000)
    yield w
    w.close()


def search(qtbot, w: MainWindow, text: str) -> None:
    w.search_edit.setText(text)
    w.start_search()
    qtbot.waitUntil(lambda: w.search_result is not None or not text, timeout=5000)


def test_search_box_filters_the_table_and_counts(qtbot, window):
    w = window
    search(qtbot, w, "送学上门")
    qtbot.waitUntil(lambda: w.model.rowCount() == 3, timeout=5000)
    assert "search: 3 records" in w.status_label.text()
    qtbot.waitUntil(lambda: "search: 3 records, 3 hits" in w.status_label.text(), timeout=5000)
    assert w.status_label.text().startswith("3 of 5 records")
    search(qtbot, w, "标题:确保")
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=5000)
    w.search_edit.clear()
    w.start_search()
    assert w.model.rowCount() == 5 and w.search_result is None


def test_typing_debounces_and_a_bad_query_says_why(qtbot, window):
    w = window
    w.search_edit.setText("日期:2005-13")
    qtbot.waitUntil(lambda: "Search:" in w.statusBar().currentMessage(), timeout=3000)
    assert "bad date" in w.statusBar().currentMessage()
    assert w.model.rowCount() == 5
    w.search_edit.setText("标题:确保学习培训时间")  # typed: the timer starts the search
    qtbot.waitUntil(lambda: w.model.rowCount() == 1, timeout=5000)


def test_reader_highlights_hits_and_f3_moves(qtbot, window):
    w = window
    search(qtbot, w, "党员")
    qtbot.waitUntil(lambda: w.reader.search_hit_count > 0, timeout=5000)
    first = w.reader.search_hit_count
    assert first >= 5
    sel = w.reader.extraSelections()
    assert len(sel) == first
    assert all(s.cursor.selectedText() == "党员" for s in sel)
    assert w.reader.next_search_hit() == 2
    w.act_prev_hit.trigger()
    assert w.reader._current_hit == 0


def test_exclusion_pattern_in_the_gui(qtbot, window):
    w = window
    search(qtbot, w, "党员 -送学上门")
    qtbot.waitUntil(lambda: w.model.rowCount() == 2, timeout=5000)


def test_kwic_dock_lists_sorts_opens_and_exports(qtbot, window, tmp_path, qtmodeltester):
    w = window
    search(qtbot, w, "正文:送学上门")
    w.act_kwic.trigger()
    qtbot.waitUntil(lambda: w.kwic.model.rowCount() == 3, timeout=5000)
    model: KwicModel = w.kwic.model
    qtmodeltester.check(model)
    assert model.index(0, 1).data() == "送学上门"
    assert model.index(0, 0).data().endswith("行动不便的党员，要")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    w.kwic.width.setValue(3)
    qtbot.waitUntil(lambda: model.rowCount() == 3 and len(model.index(0, 0).data()) == 3, timeout=5000)
    w.kwic.sort.setCurrentIndex(w.kwic.sort.findData("title"))
    qtbot.waitUntil(lambda: model.index(0, 4).data() == "将学习培训覆盖到全体党员", timeout=5000)
    line = model.lines[0]
    w.kwic.view.clicked.emit(model.index(0, 0))
    qtbot.waitUntil(lambda: w.reader.textCursor().selectedText() == "送学上门", timeout=5000)
    assert w._reader_rid == line.rid
    out = tmp_path / "kwic.csv"
    w.export_kwic(str(out))
    qtbot.waitUntil(out.exists, timeout=5000)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["file", "key", "date", "title", "left", "match", "right"]
    assert len(rows) == 4 and rows[1][5] == "送学上门"


# -- facets, charts, export ----------------------------------------------------


def test_facets_count_filter_and_combine_with_search(qtbot, window):
    w = window
    w.act_facets.trigger()
    model = w.facets.models["BM"]
    assert model.items == [("国内时事", 5)]
    tc = w.facets.models["TC"]
    assert tc.rowCount() == 1 and tc.index(0).data() == "消息  (5)"
    th_items = [v for v, _ in w.facets.models["BH"].items]
    assert th_items == ["04"]
    status = w.facets.models["#status"]
    assert status.index(0).data() == "unread  (5)"
    # check a value: the table keeps only those records
    model.setData(model.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert w.model.rowCount() == 5
    search(qtbot, w, "送学上门")
    qtbot.waitUntil(lambda: w.model.rowCount() == 3, timeout=5000)
    assert model.items == [("国内时事", 3)]  # counts follow the search
    assert w.facets.date_from.minimumDate() == w.facets.date_to.maximumDate()  # the archive's one day
    w.facets.use_dates.setChecked(True)
    f = w.facets.current_filter()
    assert (f.date_from, f.date_to) == (20050217, 20050217)
    assert w.model.rowCount() == 3
    status = w.facets.models["#status"]
    status.setData(status.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)  # unread
    assert w.model.rowCount() == 3
    w.facets.clear()
    assert w.model.rowCount() == 3


def test_day_paper_in_page_and_item_order(qtbot, window):
    w = window
    w.act_facets.trigger()
    w.model.sort(5, Qt.SortOrder.DescendingOrder)
    w.show_day(20050217)
    assert [w.model.index(r, 2).data() for r in range(w.model.rowCount())] == ["1", "1", "2", "3", "4"]
    w._step_day(1)  # no later day: stays
    assert w.model.rowCount() == 5


def test_charts_show_and_export(qtbot, window, tmp_path):
    w = window
    w.act_charts.trigger()
    assert w.charts.data == [("2005-02", 5)]
    assert w.charts.view.chart().series()
    w.charts.kind.setCurrentIndex(w.charts.kind.findData("BM"))
    assert w.charts.data == [("国内时事", 5)]
    w.charts.kind.setCurrentIndex(w.charts.kind.findData("hits"))
    assert w.charts.data == [] and "search first" in w.charts.note.text()
    search(qtbot, w, "送学上门")
    qtbot.waitUntil(lambda: w.charts.data == [("2005-02", 3)], timeout=5000)
    assert w.charts.png_bytes().startswith(b"\x89PNG") and len(w.charts.png_bytes()) > 1000
    out = tmp_path / "c.csv"
    w.export_chart_csv(str(out))
    qtbot.waitUntil(out.exists, timeout=5000)
    assert out.read_text("utf-8") == "label,records\n2005-02,3\n"


def test_export_the_shown_records(qtbot, window, tmp_path):
    w = window
    search(qtbot, w, "送学上门")
    qtbot.waitUntil(lambda: w.model.rowCount() == 3, timeout=5000)
    out = tmp_path / "r.jsonl"
    w.export_records(str(out), "jsonl")
    qtbot.waitUntil(out.exists, timeout=5000)
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == 3 and all("tags" in r and "notes" in r for r in rows)
    folder = tmp_path / "tagged"
    w.export_records(str(folder), "tagged", "utf-8")
    qtbot.waitUntil(lambda: len(list(folder.rglob("*.txt"))) == 3, timeout=5000)
    bad = w.paths[0]
    w.export_records(bad, "tagged", "utf-8")
    qtbot.waitUntil(lambda: "Export failed" in w.statusBar().currentMessage(), timeout=5000)
    out.write_bytes(b"mine")  # a file already there is never replaced
    w.statusBar().clearMessage()
    w.export_records(str(out), "csv")
    qtbot.waitUntil(lambda: "already exists" in w.statusBar().currentMessage(), timeout=5000)
    assert out.read_bytes() == b"mine"


def test_export_with_accepted_corrections(qtbot, window, tmp_path, monkeypatch):
    w = window
    for row in range(w.model.rowCount()):
        if w.archive.source(w.model.record_id(row)).relpath == "multi-record.txt" and w.model.index(row, 2).data() == "3":
            w.table.selectRow(row)
            break
    qtbot.waitUntil(lambda: w.reader.record is not None and w.reader.record.get("TH") == "3", timeout=5000)
    body = w.reader.record.body()
    start = body.index("确保")
    w.reader.select_span("ZW", start, start + 2)
    monkeypatch.setattr(w, "ask_correction", lambda q, r, reason, s: {"replacement": "保证", "reason": "", "status": "accepted"})
    w.annotate_correction()
    folder = tmp_path / "corrected"
    w.export_records(str(folder), "tagged-corrected", "utf-8")
    qtbot.waitUntil(lambda: (folder / "multi-record.txt").exists(), timeout=5000)
    text = (folder / "multi-record.txt").read_text("utf-8")
    assert "二、保证学习培训时间" in text
    assert "二、确保学习培训时间" in (w.archive.source(0).path and open(w.paths[0] + "/multi-record.txt", encoding="utf-8").read())


def test_the_status_bar_total_agrees_with_the_concordance_and_the_cli(qtbot, tmp_path, capsys):
    from conftest import record_text
    from viewer.cli import main

    root = tmp_path / "haha"
    root.mkdir()
    (root / "h.txt").write_text(record_text(bt="哈哈哈", body="哈哈哈哈哈"), "utf-8")
    settings = Settings(QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat))
    w = MainWindow(settings, workers=0)
    qtbot.addWidget(w)
    w.show()
    w.open_paths([str(root)])
    qtbot.waitUntil(lambda: w.loading_done and w.text_store is not None, timeout=20000)
    search(qtbot, w, "哈哈")
    qtbot.waitUntil(lambda: "hits" in w.status_label.text(), timeout=5000)
    w.kwic.show()
    qtbot.waitUntil(lambda: w.kwic.model.rowCount() > 0, timeout=5000)
    assert main(["search", str(root), "哈哈", "--format", "jsonl"]) == 0
    cli_hits = json.loads(capsys.readouterr().out)["hits"]
    assert "1 record, 3 hits" in w.status_label.text() or "1 records, 3 hits" in w.status_label.text()
    assert w.kwic.model.rowCount() == cli_hits == 3
    w.close()
