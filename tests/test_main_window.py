"""The main window, driven as a user would, through its documented surface
(docs/testing.md): object names, actions by id, build_window, the session."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent, QIcon
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QLineEdit

from conftest import SEEDS, column, record_text, select_row, table, wait_current, wait_loaded, widget
from viewer.core.annotations.index import AnnotationIndex
from viewer.core.listing import Listing
from viewer.core.records.archive import Archive
from viewer.core.records.loader import load
from viewer.ui.i18n import Translations
from viewer.ui.record_model import COLUMNS, RecordTableModel
from viewer.ui.settings import Settings


def status(window) -> str:
    return widget(window, QLabel, "statusText").text()


def test_model_passes_qt_model_tester(qapp, qtmodeltester):
    archive = Archive()
    listing = Listing(archive, AnnotationIndex())
    model = RecordTableModel(listing)
    for batch in load([SEEDS], workers=0):
        listing.add(archive.extend(batch))
        model.append()
    qtmodeltester.check(model)
    model.sort(COLUMNS.index("BT"))
    qtmodeltester.check(model)
    listing.set_quick_filter("党员")
    model.reset()
    qtmodeltester.check(model)


def test_every_role_at_once_is_what_each_role_gives(qapp, tmp_path, write):
    """A view asks for all of a cell's roles in one call (multiData): the
    answers are data()'s, role by role, problem marks and numbers included."""
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan

    write("a/x.txt", record_text(th="1", bt="一行\n两行") + record_text(th="2", bt="标题"))
    archive = Archive.open([str(tmp_path / "a"), SEEDS], workers=0)
    listing = Listing(archive, AnnotationIndex())
    model = RecordTableModel(listing)
    listing.add(archive.ids())
    model.reset()
    model.set_marked({0}, {1})
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
             Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole,
             Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.EditRole]
    answered = 0
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            index = model.index(row, col)
            for role in roles:
                slot = QModelRoleData(int(role))
                slot.setData("left over")  # what a delegate's reused slot may hold
                model.multiData(index, QModelRoleDataSpan(slot))
                want = model.data(index, role)
                got = slot.data()
                if isinstance(want, QIcon):
                    assert isinstance(got, QIcon) and got.cacheKey() == want.cacheKey()
                else:
                    assert got == want, (row, col, role)
                answered += want is not None
    assert answered > model.rowCount() * model.columnCount()


def test_a_cell_gives_at_most_a_thousand_characters_of_a_field(qapp, tmp_path, write):
    """A tag never closed swallows the rest of its file into one field: the
    cell (and its tooltip) is cut, marked with "…", so that painting the row
    does not elide two million characters each time (2 s a paint)."""
    from viewer.ui.record_model import CELL_CHARS

    write("a/x.txt", "〖BT/标题〗" + "长" * 5000 + "\n〖ZW/正文〗正文〖-ZW/正文〗")
    write("a/y.txt", record_text(bt="短"))
    archive = Archive.open([str(tmp_path / "a")], workers=0)
    listing = Listing(archive, AnnotationIndex())
    model = RecordTableModel(listing)
    listing.add(archive.ids())
    model.reset()
    column = COLUMNS.index("BT")
    shown = {model.index(r, column).data() for r in range(model.rowCount())}
    assert shown == {"长" * CELL_CHARS + "…", "短"}
    assert {model.index(r, column).data(Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())} == shown
    assert len(archive.value(0, "BT")) + len(archive.value(1, "BT")) > 5000  # (the archive keeps it whole)


def test_rows_handed_over_late_are_not_shown_twice(qapp, qtmodeltester, tmp_path):
    """A load tells the table of new rows later than it adds them; a reset
    in between (a filter typed meanwhile) has shown some already."""
    from viewer.bench import generate

    generate(tmp_path, 120)
    archive = Archive()
    listing = Listing(archive, AnnotationIndex())
    model = RecordTableModel(listing)
    for i, batch in enumerate(load([tmp_path], workers=0, batch=10)):
        listing.add(archive.extend(batch))
        if i == 3:
            model.reset()  # shows what the listing holds: rows not yet told of too
        if i % 5 == 4:
            model.append()
            assert model.rowCount() == len(listing)
    model.append()
    qtmodeltester.check(model)
    shown = [model.record_id(r) for r in range(model.rowCount())]
    assert shown == listing.ids.tolist() and sorted(shown) == list(range(len(archive))) == sorted(set(shown))


def test_opens_seeds_in_default_order(qtbot, open_window):
    window = open_window([SEEDS])
    assert table(window).model().rowCount() == 5
    assert table(window).model().headerData(COLUMNS.index("BT"), Qt.Orientation.Horizontal) == "标题"
    assert column(window, "TH") == ["1", "1", "2", "3", "4"]
    assert column(window, "RQ")[0] == "2005-02-17"
    assert status(window) == "5 records · 0 problems"
    assert "seeds" in window.windowTitle()
    wait_current(qtbot, window, TH="1")


@pytest.mark.parametrize(
    ("code", "values", "ascending"),
    [
        ("RQ", ["20050301", "bad", "20041231"], ["2004-12-31", "2005-03-01", "bad"]),
        ("BH", ["10", "04", "2"], ["2", "04", "10"]),
        ("BT", ["乙", "甲", "丙"], ["丙", "甲", "乙"]),  # pinyin: bing, jia, yi
    ],
)
def test_sort_by_typed_columns_and_reverse(open_window, tmp_path, write, code, values, ascending):
    for i, v in enumerate(values):
        write(f"d/r{i}.txt", record_text(**{{"RQ": "rq", "BH": "bh", "BT": "bt"}[code]: v}))
    window = open_window([tmp_path / "d"])
    header = table(window).horizontalHeader()
    header.setSortIndicator(COLUMNS.index(code), Qt.SortOrder.AscendingOrder)
    assert column(window, code) == ascending
    header.setSortIndicator(COLUMNS.index(code), Qt.SortOrder.DescendingOrder)
    assert column(window, code) == ascending[::-1]


def test_a_sort_scrolls_to_the_current_record(qtbot, open_window, tmp_path, write):
    for i in range(60):
        write(f"d/r{i:02d}.txt", record_text(th=str(i), bt=f"标题{(i * 37) % 60:02d}"))
    window = open_window([tmp_path / "d"])
    window.resize(900, 500)
    select_row(qtbot, window, 0)
    view = table(window)
    view.horizontalHeader().setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.DescendingOrder)
    row = view.currentIndex().row()
    assert row > 20  # the record moved far down
    qtbot.waitUntil(lambda: view.viewport().rect().intersects(view.visualRect(view.currentIndex())), timeout=2000)


def test_sort_by_length_keeps_the_selection(qtbot, open_window, tmp_path, write):
    for i, body in enumerate(["一二三", "一", "一二"]):
        write(f"d/r{i}.txt", record_text(th=str(i), body=body))
    window = open_window([tmp_path / "d"])
    select_row(qtbot, window, 0)
    rid = window.current()[0]
    table(window).horizontalHeader().setSortIndicator(COLUMNS.index("#length"), Qt.SortOrder.AscendingOrder)
    assert column(window, "#length") == [1, 2, 3]
    assert table(window).model().record_id(table(window).currentIndex().row()) == rid


def test_a_large_listing_is_sorted_in_the_background(qtbot, open_window, tmp_path, write, monkeypatch):
    """Past TableController.SORT_AT_ONCE records a sort runs off the GUI
    thread: busy cursor and status message meanwhile, the selection kept."""
    from PySide6.QtWidgets import QApplication

    for i, title in enumerate(["丁", "甲", "丙", "乙", "戊"]):
        write(f"d/r{i}.txt", record_text(th=str(i), bt=title))
    window = open_window([tmp_path / "d"])
    monkeypatch.setattr(type(window.table), "SORT_AT_ONCE", 2)
    select_row(qtbot, window, 1)
    rid = window.current()[0]
    table(window).horizontalHeader().setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.AscendingOrder)
    assert window.table.sorting()
    assert QApplication.overrideCursor() is not None
    assert window.statusBar().currentMessage() == "Sorting 5 records…"
    qtbot.waitUntil(lambda: not window.table.sorting(), timeout=5000)
    assert column(window, "BT") == ["丙", "丁", "甲", "戊", "乙"]  # pinyin: bing, ding, jia, wu, yi
    assert QApplication.overrideCursor() is None
    assert window.statusBar().currentMessage() == ""
    assert table(window).model().record_id(table(window).currentIndex().row()) == rid
    table(window).horizontalHeader().setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not window.table.sorting(), timeout=5000)
    assert column(window, "BT") == ["乙", "戊", "甲", "丁", "丙"]


def test_a_large_archive_has_its_headlines_ranked_in_the_background_once_loaded(qtbot, open_window, tmp_path, write,
                                                                                 monkeypatch):
    """The first sort by 标题 of a large archive finds its ranks ready."""
    from viewer.core.records.textcolumn import TextColumn
    from viewer.ui.table_controller import TableController

    for i, title in enumerate(["丁", "甲", "丙", "乙", "戊"]):
        write(f"d/r{i}.txt", record_text(th=str(i), bt=title))
    monkeypatch.setattr(TableController, "SORT_AT_ONCE", 2)
    monkeypatch.setattr(TableController, "RANK_AT_ONCE", 2)
    ranked = []
    real = TextColumn.ranks
    monkeypatch.setattr(TextColumn, "ranks", lambda self, *a, **k: ranked.append(1) or real(self, *a, **k))
    window = open_window([tmp_path / "d"])
    qtbot.waitUntil(lambda: len(ranked) == 3, timeout=5000)  # 标题, 引题, 副题, in pinyin order (one pass each)
    table(window).horizontalHeader().setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not window.table.sorting(), timeout=5000)
    assert column(window, "BT") == ["丙", "丁", "甲", "戊", "乙"]  # pinyin: bing, ding, jia, wu, yi
    assert len(ranked) == 3  # not ranked again


def test_quick_filter_and_status(qtbot, open_window):
    window = open_window([SEEDS])
    box = widget(window, QLineEdit, "quickFilter")
    box.setText("学习培训")
    qtbot.waitUntil(lambda: table(window).model().rowCount() == 4, timeout=5000)
    assert status(window) == "4 of 5 records · 0 problems"
    box.setText("学习培训 时间")
    qtbot.waitUntil(lambda: table(window).model().rowCount() == 1, timeout=5000)
    assert column(window, "BT") == ["确保学习培训时间"]
    box.clear()
    qtbot.waitUntil(lambda: table(window).model().rowCount() == 5, timeout=5000)
    assert status(window) == "5 records · 0 problems"


def test_reader_shows_the_article(qtbot, open_window):
    window = open_window([SEEDS])
    select_row(qtbot, window, 2)
    wait_current(qtbot, window, TH="2")
    text = window.reader.toPlainText()
    assert text.startswith("中央先进性教育活动领导小组通知摘要之一\n将学习培训覆盖到全体党员\n对因病或出差未能参加的党员要及时补课")
    assert "2005-02-17 · 第04版 国内时事 · 消息 · D261.4 · 总期 17205 · multi-record.txt" in text
    assert "一、采取有效措施" in text
    assert widget(window, QLabel, "recordInfo").text() == "unread · utf-8 · 0 problems"


def test_the_reader_cuts_a_runaway_title_and_says_so(qtbot, open_window, tmp_path, write):
    """A tag never closed swallows the rest of its file into 标题: the
    article shows its first 5,000 characters and says how many more there
    are (laid out whole, two million took 2 s a selection); the original
    text has them all, and a span in what is shown still maps to the field."""
    from viewer.ui.article import FIELD_CHARS, field_offset

    title = "".join("甲乙丙丁戊己庚辛壬癸"[i % 10] for i in range(FIELD_CHARS + 2345))
    write("d/x.txt", "〖BT/标题〗" + title + "\n〖ZW/正文〗正文〖-ZW/正文〗")
    w = open_window([tmp_path / "d"])
    select_row(qtbot, w, 0)
    qtbot.waitUntil(lambda: w.current()[1] is not None, timeout=5000)
    first = w.reader.document().firstBlock()
    assert first.text() == title[:FIELD_CHARS] + " … 2,345 more characters, not shown here (View → Show Original Text, Ctrl+U, shows them)"
    assert field_offset(w.reader.document(), first.position() + FIELD_CHARS - 1) == ("BT", FIELD_CHARS - 1)
    w.action("original").trigger()
    assert title in w.reader.toPlainText()


def test_reader_shows_markup_as_text(qtbot, open_window, tmp_path, write):
    write("d/x.txt", record_text(bt='<img src="file:///etc/passwd"><script>alert(1)</script>',
                                 body="<b>不加粗</b> &amp; <a href='http://x'>链接</a>"))
    window = open_window([tmp_path / "d"])
    text = window.reader.toPlainText()
    assert '<img src="file:///etc/passwd"><script>alert(1)</script>' in text
    assert "<b>不加粗</b> &amp; <a href='http://x'>链接</a>" in text
    assert "<img" not in window.reader.toHtml().replace("&lt;img", "")


def test_original_view_shows_tags(qtbot, open_window):
    window = open_window([SEEDS])
    wait_current(qtbot, window, TH="1")
    window.action("original").setChecked(True)
    assert window.reader.toPlainText().startswith("〖ZQ/总期〗17205〖-ZQ/总期〗")
    window.action("original").setChecked(False)
    assert not window.reader.toPlainText().startswith("〖")


def test_next_and_previous_record(qtbot, open_window):
    window = open_window([SEEDS])
    wait_current(qtbot, window, TH="1")
    select_row(qtbot, window, 1)
    window.action("next_record").trigger()
    wait_current(qtbot, window, TH="2")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_J)
    wait_current(qtbot, window, TH="3")
    qtbot.keyClick(window.reader, Qt.Key.Key_K)
    qtbot.keyClick(window.reader, Qt.Key.Key_K)
    wait_current(qtbot, window, TH="1")
    window.action("prev_record").trigger()
    window.action("prev_record").trigger()
    assert table(window).currentIndex().row() == 0


def test_keyboard_navigation_in_the_table(qtbot, open_window):
    window = open_window([SEEDS])
    view = table(window)
    view.setFocus()
    select_row(qtbot, window, 0)
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == 4
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert view.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert view.currentIndex().row() == 1


@pytest.mark.parametrize(
    "key, modifiers, row",
    [
        (Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier, 0),
        (Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier, 4),
        (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier, 0),
        (Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier, 1),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier, 4),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier, 3),  # Go → Next Record
    ],
)
def test_every_keyboard_move_moves_the_selection_and_the_reader(qtbot, open_window, archive_copy, key, modifiers, row):
    window = open_window([archive_copy])
    view = table(window)
    view.setFocus()
    select_row(qtbot, window, 2)
    qtbot.keyClick(view, key, modifiers)
    assert view.currentIndex().row() == row
    assert [i.row() for i in view.selectionModel().selectedRows()] == [row]
    rid = view.model().record_id(row)
    qtbot.waitUntil(lambda: window.current()[0] == rid, timeout=5000)
    window.annotations.set_vocabulary(["重点"])
    qtbot.keyClick(view, Qt.Key.Key_1)  # tags exactly the record the reader shows
    tagged = [r for r in window.session.archive.ids() if window.session.index.get(r).tags]
    assert tagged == [rid]


def test_find_highlights_every_match(qtbot, open_window):
    window = open_window([SEEDS])
    wait_current(qtbot, window, TH="1")
    window.action("find").trigger()
    bar = window.find_bar
    assert bar.isVisible()
    bar.edit.setText("党员")
    assert len(window.reader.extraSelections()) == 30
    assert bar.count.text() == "1 of 30"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 30"
    bar.prev_button.click()
    bar.prev_button.click()
    assert bar.count.text() == "30 of 30"
    bar.edit.setText("没有这个词")
    assert bar.count.text() == "no matches"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.reader.extraSelections() == []


def test_problems_panel_lists_and_selects(qtbot, open_window, tmp_path, write):
    write("d/a-good.txt", record_text(th="1"))
    write("d/b-bad.txt", record_text(th="2") + record_text(th="3", rq="2005"))
    window = open_window([tmp_path / "d"])
    dock = widget(window, QDockWidget, "problemsDock")
    assert dock.isVisible()
    model = dock.model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "b-bad.txt"
    assert model.index(0, 2).data() == 11
    assert "bad date" in model.index(0, 3).data()
    select_row(qtbot, window, 0)
    dock.view.clicked.emit(model.index(0, 3))
    wait_current(qtbot, window, TH="3")
    assert status(window) == "3 records · 1 problem"
    assert widget(window, QLabel, "recordInfo").text() == "unread · utf-8 · 1 problem"
    model = table(window).model()
    row = table(window).currentIndex().row()
    assert model.marked(row) == "warning"  # a bad date: the row has a warning sign
    assert sum(model.marked(r) == "warning" for r in range(model.rowCount())) == 1


def test_a_problem_of_a_filtered_out_record_clears_the_filters(qtbot, open_window, tmp_path, write):
    write("d/a-good.txt", record_text(th="1", bt="好"))
    write("d/b-bad.txt", record_text(th="2", rq="2005", bt="坏"))
    window = open_window([tmp_path / "d"])
    widget(window, QLineEdit, "quickFilter").setText("好")
    qtbot.waitUntil(lambda: table(window).model().rowCount() == 1, timeout=5000)
    dock = widget(window, QDockWidget, "problemsDock")
    dock.view.clicked.emit(dock.model.index(0, 3))
    wait_current(qtbot, window, BT="坏")
    assert widget(window, QLineEdit, "quickFilter").text() == ""


def test_cancel_stops_the_load(qtbot, open_window, tmp_path):
    from viewer.bench import generate

    generate(tmp_path, 3000)
    window = open_window()
    progress = []
    # Direct: cancel in the load thread itself, so the test does not race it.
    window.loads.progress.connect(lambda p: progress.append(p) or (window.cancel_load() if p.files_done >= 64 else None),
                                  Qt.ConnectionType.DirectConnection)
    window.open_paths([str(tmp_path)])
    wait_loaded(qtbot, window)
    assert 64 <= table(window).model().rowCount() < 3000
    assert "(loading cancelled)" in status(window)


def test_worker_processes_from_the_load_thread(qtbot, open_window, tmp_path):
    from viewer.bench import generate

    generate(tmp_path, 1500)
    window = open_window([tmp_path], workers=2)
    assert table(window).model().rowCount() == 1500
    assert status(window) == "1,500 records · 0 problems"


def test_state_persists_across_a_restart(qtbot, open_window, tmp_path):
    window = open_window([SEEDS])
    select_row(qtbot, window, 3)
    wait_current(qtbot, window, TH="3")
    key = window.session.archive.key(window.current()[0])
    table(window).horizontalHeader().setSectionHidden(COLUMNS.index("FL"), True)
    window.reader.set_zoom(3)
    window.close()

    settings = Settings(QSettings(str(tmp_path / "settings" / "archive-viewer.ini"), QSettings.Format.IniFormat))
    assert settings.last_paths == [str(SEEDS)] and settings.last_record == key
    again = open_window([SEEDS], restore_key=settings.last_record)
    wait_current(qtbot, again, TH="3")
    assert again.session.archive.key(again.current()[0]) == key
    assert table(again).horizontalHeader().isSectionHidden(COLUMNS.index("FL"))
    assert again.reader.zoom == 3
    assert settings.recent[0] == [str(SEEDS)]


def test_the_sort_persists_across_a_restart(qtbot, open_window, tmp_path, write):
    """The table comes back sorted as it was left (the rows come in their
    default order, then are sorted), with the record that was current."""
    for i, title in enumerate(["乙", "甲", "丙", "丁", "甲"]):
        write(f"d/r{i}.txt", record_text(th=str(i), bt=title))
    window = open_window([tmp_path / "d"])
    header = table(window).horizontalHeader()
    header.setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.AscendingOrder)  # a click,
    header.setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.DescendingOrder)  # and another
    assert column(window, "BT") == ["乙", "甲", "甲", "丁", "丙"]  # pinyin: yi, jia, ding, bing
    assert column(window, "TH") == ["0", "1", "4", "3", "2"]  # the two 甲 in their order
    select_row(qtbot, window, 3)
    wait_current(qtbot, window, BT="丁")
    window.close()

    settings = Settings(QSettings(str(tmp_path / "settings" / "archive-viewer.ini"), QSettings.Format.IniFormat))
    assert settings.table_sort == ("BT", True)
    again = open_window([tmp_path / "d"], restore_key=settings.last_record)
    assert column(again, "TH") == ["0", "1", "4", "3", "2"]
    header = table(again).horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (COLUMNS.index("BT"), Qt.SortOrder.DescendingOrder)
    wait_current(qtbot, again, BT="丁")
    assert table(again).currentIndex().row() == 3


def test_reloading_and_opening_another_archive_keep_the_sort(qtbot, open_window, tmp_path, write):
    for i, page in enumerate(["3", "1", "2"]):
        write(f"d/r{i}.txt", record_text(th=str(i), bh=page))
        write(f"e/r{i}.txt", record_text(th=str(i), bh=str(7 + i)))
    window = open_window([tmp_path / "d"])
    table(window).horizontalHeader().setSortIndicator(COLUMNS.index("BH"), Qt.SortOrder.DescendingOrder)
    assert column(window, "BH") == ["3", "2", "1"]
    window.action("reload").trigger()
    wait_loaded(qtbot, window)
    assert column(window, "BH") == ["3", "2", "1"]
    window.open_paths([str(tmp_path / "e")])
    wait_loaded(qtbot, window)
    assert column(window, "BH") == ["9", "8", "7"]
    assert table(window).horizontalHeader().sortIndicatorSection() == COLUMNS.index("BH")


@pytest.mark.parametrize("background", [False, True])
def test_the_header_menu_goes_back_to_the_default_row_order(qtbot, open_window, tmp_path, write, monkeypatch, background):
    for i, title in enumerate(["乙", "甲", "丙"]):
        write(f"d/r{i}.txt", record_text(th=str(i + 1), bt=title))
    window = open_window([tmp_path / "d"])
    if background:
        monkeypatch.setattr(type(window.table), "SORT_AT_ONCE", 2)
    unsort = window.column_menu().findChild(QAction, "defaultRowOrder")
    assert not unsort.isEnabled()  # nothing to undo
    table(window).horizontalHeader().setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not window.table.sorting(), timeout=5000)
    assert column(window, "TH") == ["3", "2", "1"]
    select_row(qtbot, window, 0)
    unsort = window.column_menu().findChild(QAction, "defaultRowOrder")
    assert unsort.isEnabled()
    unsort.trigger()
    qtbot.waitUntil(lambda: not window.table.sorting(), timeout=5000)
    assert column(window, "TH") == ["1", "2", "3"]
    assert table(window).horizontalHeader().sortIndicatorSection() == -1
    wait_current(qtbot, window, TH="3")  # the current record kept
    window.close()
    settings = Settings(QSettings(str(tmp_path / "settings" / "archive-viewer.ini"), QSettings.Format.IniFormat))
    assert settings.table_sort is None


def test_a_sort_asked_for_while_the_rows_come_is_kept_when_they_have_all_come(qtbot, open_window, tmp_path, write):
    """The rows are put in the default order once loaded; a header clicked
    while they came is sorted by again then, so that the rows agree with
    the header."""
    for i in range(40):
        write(f"d/r{i:02d}.txt", record_text(th=str(i), bt=f"标题{(i * 7) % 40:02d}"))
    window = open_window([tmp_path / "d"], wait=False)
    header = table(window).horizontalHeader()
    clicked = []

    def click_once() -> None:
        if not clicked:
            clicked.append(1)
            header.setSortIndicator(COLUMNS.index("BT"), Qt.SortOrder.DescendingOrder)

    window.loads.records_added.connect(click_once)
    wait_loaded(qtbot, window)
    assert clicked
    titles = column(window, "BT")
    assert len(titles) == 40 and titles == sorted(titles, reverse=True)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (COLUMNS.index("BT"), Qt.SortOrder.DescendingOrder)


def test_a_remembered_sort_by_a_column_no_longer_there_opens_in_the_default_order(open_window, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings" / "archive-viewer.ini"), QSettings.Format.IniFormat))
    settings.table_sort = ("XX", False)
    settings.sync()
    window = open_window([SEEDS])
    assert column(window, "TH") == ["1", "1", "2", "3", "4"]
    assert table(window).horizontalHeader().sortIndicatorSection() == -1


@pytest.mark.parametrize(("remembered", "ranked"), [(("ZZ", False), "ZZ"), (("RQ", True), "BT"), (None, "BT")])
def test_the_load_ranks_the_remembered_text_column_ahead(open_window, tmp_path, monkeypatch, remembered, ranked):
    """A large archive's load ranks the column the table will be sorted by
    (a text column; else 标题, the likeliest first sort) before it ends."""
    from viewer.ui import load_controller

    asked = []
    real = load_controller.LoadWorker

    def recording(*args, **kwargs):
        asked.append(kwargs["first_sort"])
        return real(*args, **kwargs)

    monkeypatch.setattr(load_controller, "LoadWorker", recording)
    settings = Settings(QSettings(str(tmp_path / "settings" / "archive-viewer.ini"), QSettings.Format.IniFormat))
    settings.table_sort = remembered
    settings.sync()
    open_window([SEEDS])
    assert asked == [(ranked, "pinyin")]


def test_column_menu_hides_and_shows(open_window):
    window = open_window([SEEDS])
    actions = window.column_menu().actions()
    assert [a.text() for a in actions][:3] == ["日期", "版号", "条号"]
    header = table(window).horizontalHeader()
    actions[COLUMNS.index("ZQ")].setChecked(False)
    assert header.isSectionHidden(COLUMNS.index("ZQ"))
    actions[COLUMNS.index("ZQ")].setChecked(True)
    assert not header.isSectionHidden(COLUMNS.index("ZQ"))


def test_drop_a_folder_opens_it(qtbot, open_window, tmp_path, write):
    write("d/r.txt", record_text(bt="拖放"))
    window = open_window([SEEDS])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "d"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_loaded(qtbot, window)
    assert column(window, "BT") == ["拖放"]


def test_reload_keeps_the_current_record(qtbot, open_window):
    window = open_window([SEEDS])
    select_row(qtbot, window, 4)
    wait_current(qtbot, window, TH="4")
    window.action("reload").trigger()
    wait_loaded(qtbot, window)
    assert table(window).model().rowCount() == 5
    wait_current(qtbot, window, TH="4")


def test_filter_stays_across_a_reload(qtbot, open_window):
    window = open_window([SEEDS])
    widget(window, QLineEdit, "quickFilter").setText("学习培训")
    qtbot.waitUntil(lambda: table(window).model().rowCount() == 4, timeout=5000)
    window.action("reload").trigger()
    wait_loaded(qtbot, window)
    assert table(window).model().rowCount() == 4
    assert status(window) == "4 of 5 records · 0 problems"


def test_language_switch(qtbot, open_window):
    translations = Translations(QApplication.instance())
    window = open_window([SEEDS], translations=translations)
    file_menu = window.action_set.menus["file"]
    try:
        assert file_menu.title() == "&File"
        translations.apply("zh_CN")
        qtbot.waitUntil(lambda: file_menu.title() == "文件(&F)", timeout=3000)
        assert status(window) == "5 条记录 · 0 个问题"
        assert window.action("original").text() == "显示原始文本(&O)"
        assert window.action("original").toolTip() == "显示原始文本 (Ctrl+U)"
        rows = dict(window.action_set.shortcut_rows())
        assert rows["打开文件"] == "Ctrl+O" and "打开文件(O)" not in rows
        assert table(window).model().headerData(COLUMNS.index("BT"), Qt.Orientation.Horizontal) == "标题"
        translations.apply("en")
        qtbot.waitUntil(lambda: file_menu.title() == "&File", timeout=3000)
    finally:
        translations.remove()


def test_preferences_change_language_and_font(qtbot, open_window):
    from viewer.ui.preferences import PreferencesDialog

    window = open_window([SEEDS])
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.default_font.setChecked(True)
    dialog.size_box.setValue(16)
    dialog.accept()
    assert window.settings.language == "zh_CN"
    assert window.settings.reader_font == ""
    assert window.settings.reader_size == 16


def test_startup_paths(tmp_path):
    from viewer.ui.app import SEEDS as APP_SEEDS
    from viewer.ui.app import startup_paths

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert startup_paths([], settings) == ([str(APP_SEEDS)], "")
    settings.last_paths = [str(tmp_path)]
    settings.last_record = "a.txt#0"
    assert startup_paths([], settings) == ([str(tmp_path)], "a.txt#0")
    assert startup_paths(["x"], settings) == (["x"], "")
    settings.last_paths = [str(tmp_path / "gone")]
    assert startup_paths([], settings) == ([str(APP_SEEDS)], "")


def test_recent_archives_menu(qtbot, open_window, tmp_path, write):
    write("other/r.txt", record_text())
    window = open_window([SEEDS])
    window.open_paths([str(tmp_path / "other")])
    wait_loaded(qtbot, window)
    menu = window.action_set.menus["file/recent"]
    menu.aboutToShow.emit()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[:2] == [str(tmp_path / "other"), str(SEEDS)]
    menu.actions()[1].trigger()
    wait_loaded(qtbot, window)
    assert table(window).model().rowCount() == 5
    menu.actions()[-1].trigger()  # Clear Recent Archives
    assert window.settings.recent == []


def test_copy_from_the_reader(qtbot, open_window):
    window = open_window([SEEDS])
    wait_current(qtbot, window, TH="1")
    window.reader.selectAll()
    window.action("copy").trigger()
    assert "要求参加第一批活动的单位把学习培训工作引向深入" in QApplication.clipboard().text()


def test_zoom_actions(qtbot, open_window):
    window = open_window([SEEDS])
    size = window.reader.document().defaultFont().pointSize()
    window.action("zoom_in").trigger()
    window.action("zoom_in").trigger()
    assert window.reader.document().defaultFont().pointSize() == size + 2
    assert window.settings.zoom == 2
    window.action("zoom_reset").trigger()
    assert window.reader.document().defaultFont().pointSize() == size


def test_reader_loads_no_resources(open_window):
    from PySide6.QtGui import QTextDocument

    window = open_window([SEEDS])
    for url in ("file:///etc/passwd", "http://example.com/a.png", "qrc:/x.png"):
        assert window.reader.loadResource(int(QTextDocument.ResourceType.ImageResource), QUrl(url)) is None
    assert not window.reader.openLinks() and not window.reader.openExternalLinks()


def test_language_follows_the_system_locale(monkeypatch):
    import viewer.ui.i18n as i18n

    class FakeLocale:
        def __init__(self, name):
            self._name = name

        def name(self):
            return self._name

    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: FakeLocale("zh_TW")))
    assert i18n.resolve("") == "zh_CN"
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: FakeLocale("de_DE")))
    assert i18n.resolve("") == "en"
    assert i18n.resolve("zh_CN") == "zh_CN"


def test_about_names_the_version(open_window, monkeypatch):
    from viewer import __version__
    from viewer.ui import main_window

    shown = []
    monkeypatch.setattr(main_window.QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    window = open_window([SEEDS])
    window.action("about").trigger()
    [(title, text)] = shown
    assert title == "About Archive Viewer"
    assert f"Archive Viewer {__version__}" in text


# -- actions declared once ----------------------------------------------------------------------


def test_every_action_is_reachable_from_a_menu_the_toolbar_or_the_reader(open_window):
    from viewer.ui.actions import ACTIONS

    window = open_window([SEEDS])
    in_menus = {a for m in window.action_set.menus.values() for a in m.actions()}
    for spec in ACTIONS:
        action = window.action(spec.id)
        assert action in in_menus or action in window.action_set.toolbar.actions(), spec.id
        assert action.text(), spec.id


def test_toolbar_buttons_come_in_reading_order(open_window):
    window = open_window([SEEDS])
    buttons = [a for a in window.action_set.toolbar.actions() if not a.isSeparator()]
    order = [window.action(i) for i in ("open_folder", "reload", "prev_record", "next_record",
                                         "zoom_out", "zoom_in")]
    assert [b for b in buttons if b in order] == order


def test_help_lists_every_shortcut(qtbot, open_window):
    from PySide6.QtWidgets import QDialog, QTableWidget

    window = open_window([SEEDS])
    window.action("shortcuts").trigger()
    dialog = widget(window, QDialog, "shortcutsDialog")
    shown = widget(dialog, QTableWidget, "shortcutsTable")
    rows = {shown.item(r, 0).text(): shown.item(r, 1).text() for r in range(shown.rowCount())}
    assert rows["Search Archive"] == "Ctrl+K" and rows["Export Records"] == "Ctrl+E"
    assert rows["Next Search Hit"] == "F3" and rows["Highlight"] == "H"
    assert rows["Keep a note or correction (in its dialog, or edited on a card)"] == "Ctrl+Enter"
    assert rows["Edit the chosen card's note in place"] == "F2"
    dialog.close()


def test_help_query_language_explains_by_example_and_tries_one(qtbot, open_window):
    from PySide6.QtWidgets import QDialog, QTableWidget

    translations = Translations(QApplication.instance())
    window = open_window([SEEDS], translations=translations)
    try:
        qtbot.waitUntil(lambda: window.session.search_ready(), timeout=20000)
        window.action("query_help").trigger()
        dialog = widget(window, QDialog, "queryLanguageDialog")
        examples = widget(dialog, QTableWidget, "queryExamples")
        queries = [examples.item(r, 0).text() for r in range(examples.rowCount())]
        assert "江青!松江青浦!浙江青年" in queries and "标题:教育" in queries
        row = queries.index("党员 -通知")
        assert examples.item(row, 1).text() == "党员 and not 通知"
        examples.cellDoubleClicked.emit(row, 0)
        assert widget(window, QLineEdit, "searchBox").text() == "党员 -通知"
        qtbot.waitUntil(lambda: window.search.result is not None, timeout=5000)
        dialog.close()
        translations.apply("zh_CN")
        window.action("query_help").trigger()
        dialog = window.findChildren(QDialog, "queryLanguageDialog")[-1]
        assert dialog.windowTitle() == "查询语言"
        examples = widget(dialog, QTableWidget, "queryExamples")
        assert examples.item(row, 1).text() == "含有“党员”而不含“通知”"
        qtbot.waitUntil(lambda: window.action("query_help").text() == "查询语言(&Q)", timeout=3000)
        dialog.close()
    finally:
        translations.remove()


@pytest.mark.parametrize("box", ["searchBox", "quickFilter"])
def test_global_shortcuts_work_while_a_text_box_has_focus(qtbot, open_window, monkeypatch, box):
    from PySide6.QtWidgets import QFileDialog

    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    window = open_window([SEEDS])
    window.activateWindow()
    edit = widget(window, QLineEdit, box)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    qtbot.keyClick(edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert asked, "Ctrl+E opened no export dialog"
    other = widget(window, QLineEdit, "quickFilter" if box == "searchBox" else "searchBox")
    qtbot.keyClick(edit, Qt.Key.Key_K if box == "quickFilter" else Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(other.hasFocus, timeout=2000)


def test_translation_covers_every_string(tmp_path):
    """Every tr() string in the code has a finished Chinese translation."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from viewer.ui.i18n import RESOURCES

    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (RESOURCES.parent / "viewer" / "ui").glob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    in_code = {m.findtext("source") for m in ET.parse(fresh).iter("message")}
    shipped = {m.findtext("source"): m.find("translation") for m in ET.parse(RESOURCES / "archive_viewer_zh_CN.ts").iter("message")}
    assert len(in_code) > 50
    missing = sorted(in_code - set(shipped))
    assert not missing, f"run resources/update_translations.py: {missing}"
    for source in in_code:
        t = shipped[source]
        forms = [f.text for f in t.findall("numerusform")]  # a message with a count: its forms
        assert (all(forms) if forms else t.text) and t.get("type") is None, source


def test_a_file_name_that_is_not_utf8_opens_with_the_cache_on(qtbot, open_window, tmp_path):
    import os

    from viewer.core.records.cache import IndexCache

    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(record_text(bt="普通的"), "utf-8")
    with open(os.path.join(os.fsencode(str(folder)), "名".encode("gbk") + b".txt"), "w", encoding="utf-8") as fh:
        fh.write(record_text(bt="名字不是UTF-8"))
    cache = IndexCache(str(tmp_path / "cache.sqlite"))
    for _ in range(2):  # cold, then warm
        window = open_window([folder], cache=cache)
        titles = {window.session.archive.value(r, "BT") for r in window.session.archive.ids()}
        assert titles == {"普通的", "名字不是UTF-8"}
        assert status(window) == "2 records · 0 problems"
        window.close()


def test_a_large_load_fills_the_archive_in_the_load_thread_and_the_table_in_few_steps(qtbot, open_window, tmp_path,
                                                                                      monkeypatch):
    import functools
    import threading

    import viewer.core.records.archive as archive_module
    from viewer.bench import generate
    from viewer.core.records.archive import Archive
    from viewer.ui.load_controller import LoadController

    generate(tmp_path, 600)
    monkeypatch.setattr(archive_module, "load", functools.partial(archive_module.load, batch=20))  # many batches
    monkeypatch.setattr(LoadController, "FLUSH_MS", 600_000)  # no flush by time: only the first rows and the end
    extended_in = []
    real_extend = Archive.extend
    monkeypatch.setattr(Archive, "extend",
                        lambda self, batch: extended_in.append(threading.current_thread()) or real_extend(self, batch))
    window = open_window()
    model = table(window).model()
    inserts = []
    model.rowsInserted.connect(lambda _parent, first, last: inserts.append(last - first + 1))
    window.open_paths([str(tmp_path)])
    wait_loaded(qtbot, window)
    assert len(extended_in) > 10 and threading.main_thread() not in extended_in
    assert sum(inserts) == model.rowCount() == 600 and len(inserts) == 2  # the first batch at once, the rest at the end
    assert inserts[0] < 100
    archive = window.session.archive
    shown = sorted(model.record_id(r) for r in range(model.rowCount()))
    assert shown == list(range(len(archive))) and len(archive) == 600


def test_trusting_unchanged_folders_is_a_preference_the_status_tells_and_reload_checks_every_file(
        qtbot, open_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QCheckBox

    from conftest import edit_preferences
    from viewer.core.records import folders
    from viewer.core.records.cache import IndexCache

    monkeypatch.setattr(folders, "RACY_NS", 0)  # (folders written a moment ago count as settled)
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text(record_text(bt="原来的", th="1"), "utf-8")
    (folder / "b.txt").write_text(record_text(bt="另一篇", th="2"), "utf-8")
    cache = IndexCache(str(tmp_path / "cache.sqlite"))
    window = open_window([folder], cache=cache)
    assert not window.settings.trust_folders  # off unless asked for

    edit_preferences(monkeypatch, window, lambda dialog: widget(dialog, QCheckBox, "trustFolders").setChecked(True))
    assert window.settings.trust_folders
    window.open_paths([str(folder)])  # checks every file and writes the folders down
    wait_loaded(qtbot, window)
    assert status(window) == "2 records · 0 problems"
    window.open_paths([str(folder)])
    wait_loaded(qtbot, window)
    assert status(window) == "2 records · 0 problems · files not checked"
    assert "Reload checks every file" in widget(window, QLabel, "statusText").toolTip()
    (folder / "a.txt").write_text(record_text(bt="就地改写", th="1"), "utf-8")  # in place: the folder is unchanged
    window.open_paths([str(folder)])
    wait_loaded(qtbot, window)
    assert sorted(column(window, "BT")) == sorted(["原来的", "另一篇"])  # what trusting misses, as documented
    select_row(qtbot, window, column(window, "BT").index("原来的"))
    qtbot.waitUntil(lambda: "就地改写" in window.reader.toPlainText(), timeout=5000)  # the reader reads the file now
    assert "This file has changed on disk since the archive was loaded" in window.reader.toPlainText()
    select_row(qtbot, window, column(window, "BT").index("另一篇"))
    qtbot.waitUntil(lambda: "另一篇" in window.reader.toPlainText(), timeout=5000)
    assert "changed on disk" not in window.reader.toPlainText()
    window.action("reload").trigger()
    wait_loaded(qtbot, window)
    assert status(window) == "2 records · 0 problems"
    assert sorted(column(window, "BT")) == sorted(["就地改写", "另一篇"])
    select_row(qtbot, window, column(window, "BT").index("就地改写"))
    qtbot.waitUntil(lambda: "就地改写" in window.reader.toPlainText(), timeout=5000)
    assert "changed on disk" not in window.reader.toPlainText()


def test_after_annotating_with_folders_trusted_only_the_annotated_folder_is_listed_again(
        qtbot, open_window, tmp_path, monkeypatch):
    """A sidecar saved is a new name in its folder: the next opening lists
    that folder again, trusts the rest, shows the annotation, and says so."""
    from viewer.core.records import folders
    from viewer.core.records.cache import IndexCache

    monkeypatch.setattr(folders, "RACY_NS", 0)  # (folders written a moment ago count as settled)
    root = tmp_path / "d"
    for day in range(4):
        (root / f"2005021{day}").mkdir(parents=True)
        (root / f"2005021{day}" / "a.txt").write_text(record_text(bt=f"第{day}天", th=str(day)), "utf-8")
    cache = IndexCache(str(tmp_path / "cache.sqlite"))
    window = open_window([root], cache=cache)
    window.annotations.set_vocabulary(["甲"])  # (kept in a file of its own at the top: before the listing)
    qtbot.waitUntil(lambda: (root / ".archive-viewer-tags.txt").exists(), timeout=5000)
    window.settings.trust_folders = True
    window.open_paths([str(root)])  # checks every file and writes the folders down
    wait_loaded(qtbot, window)
    select_row(qtbot, window, column(window, "BT").index("第2天"))
    window.action("tag_1").trigger()
    qtbot.waitUntil(lambda: any((root / "20050212").glob("*.annotations.json")), timeout=5000)
    from viewer.core.records import partial

    seen: list[list[str]] = []
    real_plan = partial.plan
    monkeypatch.setattr(partial, "plan", lambda listed, changed, *more: seen.append(
        [listed.walked.folders[i] for i in changed]) or real_plan(listed, changed, *more))
    window.open_paths([str(root)])
    wait_loaded(qtbot, window)
    assert seen == [[str(root / "20050212")]]
    assert status(window) == "4 records · 0 problems · files not checked"
    assert widget(window, QLabel, "statusText").toolTip().startswith(
        "1 folder had changed since the last opening: only that one was listed again")
    assert window.session.archive.folders_relisted == 1
    rid = list(window.session.archive.column("BT")).index("第2天")
    qtbot.waitUntil(lambda: len(window.session.annotations(rid)) == 1, timeout=5000)  # the tag, read back


def test_quitting_the_application_leaves_no_database_journal_in_the_cache(qapp, tmp_path, monkeypatch):
    """The app as started from the command line (``run_gui``), quit once the
    archive is shown: the metadata cache's -wal and -shm files go with its
    connection, which the window, outliving the event loop, kept open (a
    walk found them after one quit in four)."""
    from PySide6.QtCore import QTimer

    from viewer.ui import app, process

    monkeypatch.setattr(process, "set_up", lambda: None)  # (this process's settings are the tests')
    monkeypatch.setattr(process, "tear_down", lambda: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "cache" / "archive-viewer"

    def quit_once_shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and hasattr(w, "session")]
        if windows and windows[0].session is not None and len(windows[0].session.archive) == 5:
            assert any(name.endswith("-wal") for name in os.listdir(folder))  # (in use while open)
            QApplication.closeAllWindows()
        else:
            QTimer.singleShot(50, quit_once_shown)

    QTimer.singleShot(50, quit_once_shown)
    assert app.run_gui(["--settings", str(tmp_path / "settings.ini"), str(SEEDS)]) == 0
    assert sorted(name for name in os.listdir(folder) if "sqlite" in name) == ["index-v4.sqlite"]
