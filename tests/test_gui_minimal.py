"""The first window: records load in a worker and show in a sortable table."""

from __future__ import annotations

from conftest import SEEDS, record_text
from PySide6.QtCore import Qt

from viewer.core.archive import Archive
from viewer.core.loader import load
from viewer.ui.main_window import MainWindow
from viewer.ui.record_model import COLUMNS, RecordTableModel


def wait_loaded(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.loading_done, timeout=20000)


def test_model_passes_qt_model_tester(qtmodeltester):
    model = RecordTableModel(Archive())
    for batch in load([SEEDS], workers=0):
        model.add_batch(batch)
    qtmodeltester.check(model)
    model.sort(COLUMNS.index("BT"))
    qtmodeltester.check(model)


def test_window_loads_seeds_and_shows_chinese_headers(qtbot):
    window = MainWindow([str(SEEDS)], workers=0)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    model = window.model
    assert model.rowCount() == 5
    assert model.headerData(COLUMNS.index("BT"), Qt.Orientation.Horizontal) == "标题"
    # default order: date, page, item
    items = [model.index(r, COLUMNS.index("TH")).data() for r in range(5)]
    assert items == ["1", "1", "2", "3", "4"]
    assert model.index(0, COLUMNS.index("RQ")).data() == "2005-02-17"
    assert "5 records, 0 problems" in window.status_label.text()


def test_sort_by_header_reverses_on_second_click(qtbot, tmp_path, write):
    for i, bh in enumerate(["10", "2", "04"]):
        write(f"r{i}.txt", record_text(bh=bh, th=str(i)))
    window = MainWindow([str(tmp_path)], workers=0)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    col = COLUMNS.index("BH")
    window.table.selectRow(0)
    selected = window.model.record_id(window.table.currentIndex().row())
    window.model.sort(col, Qt.SortOrder.AscendingOrder)
    assert [window.model.index(r, col).data() for r in range(3)] == ["2", "04", "10"]
    window.model.sort(col, Qt.SortOrder.DescendingOrder)
    assert [window.model.index(r, col).data() for r in range(3)] == ["10", "04", "2"]
    assert window.model.record_id(window.table.currentIndex().row()) == selected


def test_bad_file_is_counted_not_fatal(qtbot, tmp_path, write):
    write("good.txt", record_text())
    write("bad.txt", b"\x00\x01binary")
    write("worse.txt", record_text(rq="nope"))
    window = MainWindow([str(tmp_path)], workers=0)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 2
    assert "2 records, 1 problems" in window.status_label.text()


def test_selecting_a_row_fills_the_reader(qtbot):
    window = MainWindow([str(SEEDS)], workers=0)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: window.reader.record is not None, timeout=5000)  # row 0, selected on load
    assert window.reader.record.get("TH") == "1"
    window.table.selectRow(2)
    qtbot.waitUntil(lambda: window.reader.record.get("TH") == "2", timeout=5000)
    text = window.reader.toPlainText()
    assert text.startswith("中央先进性教育活动领导小组通知摘要之一\n将学习培训覆盖到全体党员\n对因病或出差未能参加的党员要及时补课")
    assert "2005-02-17 · 第04版 国内时事 · 消息 · D261.4 · 总期 17205 · multi-record.txt" in text
    assert "一、采取有效措施" in text
    assert window.record_label.text() == "utf-8 · 0 problems"


def test_reader_shows_markup_as_text(qtbot, tmp_path, write):
    write("x.txt", record_text(bt='<img src="file:///etc/passwd"><script>alert(1)</script>', body="<b>不加粗</b> &amp; <a href='http://x'>链接</a>"))
    window = MainWindow([str(tmp_path)], workers=0)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.reader.record is not None, timeout=5000)
    text = window.reader.toPlainText()
    assert '<img src="file:///etc/passwd"><script>alert(1)</script>' in text
    assert "<b>不加粗</b> &amp; <a href='http://x'>链接</a>" in text
    assert "<img" not in window.reader.toHtml().replace("&lt;img", "")


def test_status_bar_shows_the_records_encoding_and_problems(qtbot, tmp_path, write):
    write("x.txt", record_text(rq="2005").encode("gb18030"))
    window = MainWindow([str(tmp_path)], workers=0)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: window.reader.record is not None, timeout=5000)
    assert window.record_label.text() == "gb18030 · 1 problems"


def test_worker_processes_from_the_load_thread(qtbot, tmp_path):
    from viewer.core.bench import generate

    generate(tmp_path, 1500)
    window = MainWindow([str(tmp_path)], workers=2)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 1500
    assert window.status_label.text().startswith("1,500 records, 0 problems")


def test_cancel_stops_the_load(qtbot, tmp_path):
    from viewer.core.bench import generate

    generate(tmp_path, 3000)
    window = MainWindow([], workers=0)
    qtbot.addWidget(window)
    window.start_load([str(tmp_path)], workers=0)
    # Direct: cancel in the load thread itself, so the test does not race it.
    window.loader.progress.connect(
        lambda p: window.cancel_load() if p.files_done >= 64 else None, Qt.ConnectionType.DirectConnection
    )
    wait_loaded(qtbot, window)
    assert 64 <= window.model.rowCount() < 3000
    assert "(loading cancelled)" in window.status_label.text()
