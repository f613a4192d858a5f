"""The search box drives the table; hits in the reader; the KWIC dock."""

from __future__ import annotations

import csv
import shutil

import pytest
from conftest import SEEDS
from PySide6.QtCore import QSettings, Qt

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
