"""Exports from the window: a suggested file name, the last folder
remembered, CSV with a byte order mark for Excel, progress and Cancel."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QProgressDialog, QPushButton

from conftest import SEEDS, widget
from viewer.core.files.steps import Cancelled, Steps
from viewer.core.record_export import export_csv, write_new
from viewer.ui.exporting import suggested_name


def test_a_suggested_name_is_safe_and_says_what_it_holds():
    day = dt.date(2026, 11, 27)
    assert suggested_name("seeds", "", "党员 -通知", "csv", day) == "seeds-党员 -通知-2026-11-27.csv"
    assert suggested_name("seeds", "kwic", "标题:教育/\\x", "csv", day) == "seeds-kwic-标题_教育_x-2026-11-27.csv"
    assert suggested_name("", "annotations", "", "jsonl", day) == "archive-annotations-2026-11-27.jsonl"


def test_the_save_dialog_suggests_a_name_and_remembers_the_folder(qtbot, open_window, tmp_path, monkeypatch):
    w = open_window([SEEDS])
    qtbot.waitUntil(w.session.search_ready, timeout=20000)
    widget(w, QLineEdit, "searchBox").setText("党员")
    w.search.start_search()
    qtbot.waitUntil(lambda: w.search.applied == "党员", timeout=5000)
    asked = []
    out = tmp_path / "exports"
    out.mkdir()
    answers = iter([str(out / "first.csv"), ""])

    def ask(parent, title, start, filters, *args, **kwargs):
        asked.append((start, filters))
        return next(answers), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    w.action("export_records").trigger()
    qtbot.waitUntil(lambda: (out / "first.csv").exists(), timeout=5000)
    start, filters = asked[0]
    assert start.endswith(f"seeds-党员-{dt.date.today().isoformat()}.csv")
    assert "UTF-8 with BOM" in filters
    w.action("export_records").trigger()  # the next export starts in the folder of the last
    assert asked[1][0].startswith(str(out))
    assert w.settings.export_dir == str(out)


@pytest.mark.parametrize(("fmt", "bom"), [("csv", False), ("csv-bom", True)])
def test_csv_for_excel_has_a_byte_order_mark(qtbot, open_window, tmp_path, fmt, bom):
    w = open_window([SEEDS])
    path = tmp_path / "out.csv"
    w.exports.records(str(path), fmt)
    qtbot.waitUntil(path.exists, timeout=5000)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") is bom
    assert "标题" in data.decode("utf-8-sig")


def test_a_long_export_shows_progress_and_cancel_writes_nothing(qtbot, open_window, tmp_path):
    w = open_window([SEEDS])
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "never.csv"

    def slow(target, steps):  # an export streamed to disk, as long as the user lets it be
        def pieces():
            i = 0
            while True:
                steps(i)
                i += 1
                time.sleep(0.0005)
                yield "一行,数据\n".encode()

        write_new(target, pieces())
        return "finished?"

    w.exports.run.start("Exporting…", 1_000_000, slow, str(path))
    qtbot.waitUntil(lambda: w.exports.run.dialog is not None and w.exports.run.dialog.isVisible(), timeout=5000)
    dialog = widget(w, QProgressDialog, "exportProgress")
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=5000)  # it moves
    with qtbot.waitSignal(w.exports.failed) as refused:  # one export at a time
        assert not w.exports.run.start("Again", 1, slow, str(folder / "second.csv"))
    assert "still running" in refused.args[0]
    with qtbot.waitSignal(w.exports.done, timeout=5000) as said:
        dialog.findChild(QPushButton).click()  # Cancel
    assert said.args == ["Export cancelled; nothing was written"]
    assert list(folder.iterdir()) == []  # no file, and no temporary file left behind
    assert w.statusBar().currentMessage() == "Export cancelled; nothing was written"


def test_cancelling_a_csv_export_stops_it_before_anything_is_written(tmp_path):
    import threading

    from viewer.core.records.archive import Archive

    archive = Archive.open([SEEDS], workers=0)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        export_csv(archive, range(len(archive)), open(tmp_path / "x.csv", "w"), steps=Steps(len(archive), None, cancel, every=1))
