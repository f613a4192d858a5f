"""The main window, driven as a user would with pytest-qt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from conftest import SEEDS, record_text
from viewer.core.records.archive import Archive
from viewer.core.records.loader import load
from viewer.ui.i18n import Translations
from viewer.ui.main_window import MainWindow
from viewer.ui.record_model import COLUMNS, RecordTableModel
from viewer.ui.settings import Settings


@pytest.fixture
def settings_path(tmp_path):
    return str(tmp_path / "settings" / "archive-viewer.ini")


@pytest.fixture
def make_window(qtbot, settings_path):
    made = []

    def _make(paths=None, *, workers=0, translations=None, restore=False) -> MainWindow:
        settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
        window = MainWindow(settings, translations, workers=workers)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        if paths is not None:
            window.open_paths([str(p) for p in paths], restore_key=settings.last_record if restore else "")
            wait_loaded(qtbot, window)
        return window

    yield _make
    for window in made:
        window._stop_loader()


def wait_loaded(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.loading_done, timeout=20000)


def wait_record(qtbot, window: MainWindow, **fields) -> None:
    def ok():
        r = window.reader.record
        return r is not None and all(r.get(k) == v for k, v in fields.items())

    qtbot.waitUntil(ok, timeout=5000)


def column(window: MainWindow, code: str) -> list:
    c = COLUMNS.index(code)
    return [window.model.index(r, c).data() for r in range(window.model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester):
    model = RecordTableModel(Archive())
    for batch in load([SEEDS], workers=0):
        model.add_batch(batch)
    qtmodeltester.check(model)
    model.sort(COLUMNS.index("BT"))
    qtmodeltester.check(model)
    model.set_filter("党员", [0, 2], len(model._archive))
    qtmodeltester.check(model)


def test_opens_seeds_in_default_order(qtbot, make_window):
    window = make_window([SEEDS])
    assert window.model.rowCount() == 5
    assert window.model.headerData(COLUMNS.index("BT"), Qt.Orientation.Horizontal) == "标题"
    assert column(window, "TH") == ["1", "1", "2", "3", "4"]
    assert column(window, "RQ")[0] == "2005-02-17"
    assert window.status_label.text() == "5 records · 0 problems"
    assert "seeds" in window.windowTitle()
    wait_record(qtbot, window, TH="1")


@pytest.mark.parametrize(
    ("code", "values", "ascending"),
    [
        ("RQ", ["20050301", "bad", "20041231"], ["2004-12-31", "2005-03-01", "bad"]),
        ("BH", ["10", "04", "2"], ["2", "04", "10"]),
        ("BT", ["乙", "甲", "丙"], ["丙", "乙", "甲"]),
    ],
)
def test_sort_by_typed_columns_and_reverse(make_window, tmp_path, write, code, values, ascending):
    for i, v in enumerate(values):
        write(f"r{i}.txt", record_text(**{ {"RQ": "rq", "BH": "bh", "BT": "bt"}[code]: v}))
    window = make_window([tmp_path])
    header = window.table.horizontalHeader()
    header.setSortIndicator(COLUMNS.index(code), Qt.SortOrder.AscendingOrder)
    assert column(window, code) == ascending
    header.setSortIndicator(COLUMNS.index(code), Qt.SortOrder.DescendingOrder)
    assert column(window, code) == ascending[::-1]


def test_sort_by_length_keeps_the_selection(qtbot, make_window, tmp_path, write):
    for i, body in enumerate(["一二三", "一", "一二"]):
        write(f"r{i}.txt", record_text(th=str(i), body=body))
    window = make_window([tmp_path])
    window.table.selectRow(0)
    rid = window.model.record_id(0)
    window.model.sort(COLUMNS.index("#length"))
    assert column(window, "#length") == [1, 2, 3]
    assert window.model.record_id(window.table.currentIndex().row()) == rid


def test_quick_filter_and_status(qtbot, make_window):
    window = make_window([SEEDS])
    window.filter_edit.setText("学习培训")
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
    assert window.status_label.text() == "4 of 5 records · 0 problems"
    window.filter_edit.setText("学习培训 时间")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert column(window, "BT") == ["确保学习培训时间"]
    window.filter_edit.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5, timeout=5000)
    assert window.status_label.text() == "5 records · 0 problems"


def test_reader_shows_the_article(qtbot, make_window):
    window = make_window([SEEDS])
    window.table.selectRow(2)
    wait_record(qtbot, window, TH="2")
    text = window.reader.toPlainText()
    assert text.startswith("中央先进性教育活动领导小组通知摘要之一\n将学习培训覆盖到全体党员\n对因病或出差未能参加的党员要及时补课")
    assert "2005-02-17 · 第04版 国内时事 · 消息 · D261.4 · 总期 17205 · multi-record.txt" in text
    assert "一、采取有效措施" in text
    assert window.record_label.text() == "utf-8 · 0 problems"


def test_reader_shows_markup_as_text(qtbot, make_window, tmp_path, write):
    write("x.txt", record_text(bt='<img src="file:///etc/passwd"><script>alert(1)</script>',
                               body="<b>不加粗</b> &amp; <a href='http://x'>链接</a>"))
    window = make_window([tmp_path])
    wait_record(qtbot, window)
    text = window.reader.toPlainText()
    assert '<img src="file:///etc/passwd"><script>alert(1)</script>' in text
    assert "<b>不加粗</b> &amp; <a href='http://x'>链接</a>" in text
    assert "<img" not in window.reader.toHtml().replace("&lt;img", "")


def test_original_view_shows_tags(qtbot, make_window):
    window = make_window([SEEDS])
    wait_record(qtbot, window, TH="1")
    window.act_original.setChecked(True)
    assert window.reader.toPlainText().startswith("〖ZQ/总期〗17205〖-ZQ/总期〗")
    window.act_original.setChecked(False)
    assert not window.reader.toPlainText().startswith("〖")


def test_next_and_previous_record(qtbot, make_window):
    window = make_window([SEEDS])
    wait_record(qtbot, window, TH="1")
    window.table.selectRow(1)
    window.act_next.trigger()
    wait_record(qtbot, window, TH="2")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_J)
    wait_record(qtbot, window, TH="3")
    qtbot.keyClick(window.reader, Qt.Key.Key_K)
    qtbot.keyClick(window.reader, Qt.Key.Key_K)
    wait_record(qtbot, window, TH="1")
    window.act_prev.trigger()
    window.act_prev.trigger()
    assert window.table.currentIndex().row() == 0


def test_keyboard_navigation_in_the_table(qtbot, make_window):
    window = make_window([SEEDS])
    window.table.setFocus()
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert window.table.currentIndex().row() == 4
    qtbot.keyClick(window.table, Qt.Key.Key_PageUp)
    assert window.table.currentIndex().row() == 0
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.table.currentIndex().row() == 1


def test_find_highlights_every_match(qtbot, make_window):
    window = make_window([SEEDS])
    wait_record(qtbot, window, TH="1")
    window.act_find.trigger()
    assert window.find_bar.isVisible()
    window.find_bar.edit.setText("党员")
    assert len(window.reader.extraSelections()) == 30
    assert window.find_bar.count.text() == "1 of 30"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.find_bar.count.text() == "2 of 30"
    window.find_bar.prev_button.click()
    window.find_bar.prev_button.click()
    assert window.find_bar.count.text() == "30 of 30"
    window.find_bar.edit.setText("没有这个词")
    assert window.find_bar.count.text() == "no matches"
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert window.reader.extraSelections() == []


def test_problems_panel_lists_and_selects(qtbot, make_window, tmp_path, write):
    write("a-good.txt", record_text(th="1"))
    write("b-bad.txt", record_text(th="2") + record_text(th="3", rq="2005"))
    window = make_window([tmp_path])
    assert window.problems.isVisible()
    model = window.problems.model
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "b-bad.txt"
    assert model.index(0, 2).data() == 11
    assert "bad date" in model.index(0, 3).data()
    window.table.selectRow(0)
    window.problems.view.clicked.emit(model.index(0, 3))
    wait_record(qtbot, window, TH="3")
    assert window.status_label.text() == "3 records · 1 problems"
    assert window.record_label.text() == "utf-8 · 1 problems"


def test_cancel_stops_the_load(qtbot, make_window, tmp_path):
    from viewer.bench import generate

    generate(tmp_path, 3000)
    window = make_window()
    window.open_paths([str(tmp_path)])
    # Direct: cancel in the load thread itself, so the test does not race it.
    window.loader.progress.connect(
        lambda p: window.cancel_load() if p.files_done >= 64 else None, Qt.ConnectionType.DirectConnection
    )
    wait_loaded(qtbot, window)
    assert 64 <= window.model.rowCount() < 3000
    assert "(loading cancelled)" in window.status_label.text()


def test_worker_processes_from_the_load_thread(qtbot, make_window, tmp_path):
    from viewer.bench import generate

    generate(tmp_path, 1500)
    window = make_window([tmp_path], workers=2)
    assert window.model.rowCount() == 1500
    assert window.status_label.text() == "1,500 records · 0 problems"


def test_state_persists_across_a_restart(qtbot, make_window, settings_path):
    window = make_window([SEEDS])
    window.table.selectRow(3)
    wait_record(qtbot, window, TH="3")
    key = window._current_key()
    window.table.horizontalHeader().setSectionHidden(COLUMNS.index("FL"), True)
    window.reader.set_zoom(3)
    window.close()

    again = make_window([SEEDS], restore=True)
    assert again.settings.last_paths == [str(SEEDS)]
    assert again._current_key() == key
    wait_record(qtbot, again, TH="3")
    assert again.table.horizontalHeader().isSectionHidden(COLUMNS.index("FL"))
    assert again.reader.zoom == 3
    assert again.settings.recent[0] == [str(SEEDS)]


def test_column_menu_hides_and_shows(make_window):
    window = make_window([SEEDS])
    menu = window.column_menu()
    actions = menu.actions()
    assert [a.text() for a in actions][:3] == ["日期", "版号", "条号"]
    actions[COLUMNS.index("ZQ")].setChecked(False)
    assert window.table.horizontalHeader().isSectionHidden(COLUMNS.index("ZQ"))
    actions[COLUMNS.index("ZQ")].setChecked(True)
    assert not window.table.horizontalHeader().isSectionHidden(COLUMNS.index("ZQ"))


def test_drop_a_folder_opens_it(qtbot, make_window, tmp_path, write):
    write("d/r.txt", record_text(bt="拖放"))
    window = make_window([SEEDS])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "d"))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_loaded(qtbot, window)
    assert column(window, "BT") == ["拖放"]


def test_reload_keeps_the_current_record(qtbot, make_window):
    window = make_window([SEEDS])
    window.table.selectRow(4)
    wait_record(qtbot, window, TH="4")
    window.act_reload.trigger()
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 5
    wait_record(qtbot, window, TH="4")


def test_language_switch(qtbot, make_window):
    translations = Translations(QApplication.instance())
    window = make_window([SEEDS], translations=translations)
    try:
        assert window.menu_file.title() == "&File"
        translations.apply("zh_CN")
        qtbot.waitUntil(lambda: window.menu_file.title() == "文件(&F)", timeout=3000)
        assert window.status_label.text() == "5 条记录 · 0 个问题"
        assert window.act_original.text() == "显示原始文本(&O)"
        assert window.model.headerData(COLUMNS.index("BT"), Qt.Orientation.Horizontal) == "标题"
        translations.apply("en")
        qtbot.waitUntil(lambda: window.menu_file.title() == "&File", timeout=3000)
    finally:
        translations.apply("en")


def test_preferences_change_language_and_font(qtbot, make_window):
    from viewer.ui.preferences import PreferencesDialog

    window = make_window([SEEDS])
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.default_font.setChecked(True)
    dialog.size.setValue(16)
    dialog.accept()
    assert window.settings.language == "zh_CN"
    assert window.settings.reader_font == ""
    assert window.settings.reader_size == 16


def test_startup_paths(tmp_path, settings_path):
    from viewer.ui.app import SEEDS as APP_SEEDS
    from viewer.ui.app import startup_paths

    settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
    assert startup_paths([], settings) == ([str(APP_SEEDS)], "")
    settings.last_paths = [str(tmp_path)]
    settings.last_record = "a.txt#0"
    assert startup_paths([], settings) == ([str(tmp_path)], "a.txt#0")
    assert startup_paths(["x"], settings) == (["x"], "")
    settings.last_paths = [str(tmp_path / "gone")]
    assert startup_paths([], settings) == ([str(APP_SEEDS)], "")


def test_recent_archives_menu(qtbot, make_window, tmp_path, write):
    write("other/r.txt", record_text())
    window = make_window([SEEDS])
    window.open_paths([str(tmp_path / "other")])
    wait_loaded(qtbot, window)
    window._fill_recent()
    texts = [a.text() for a in window.menu_recent.actions() if not a.isSeparator()]
    assert texts[:2] == [str(tmp_path / "other"), str(SEEDS)]
    window.menu_recent.actions()[1].trigger()
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 5
    window.menu_recent.actions()[-1].trigger()  # Clear Recent Archives
    assert window.settings.recent == []


def test_copy_from_the_reader(qtbot, make_window):
    window = make_window([SEEDS])
    wait_record(qtbot, window, TH="1")
    window.reader.selectAll()
    window.act_copy.trigger()
    assert "要求参加第一批活动的单位把学习培训工作引向深入" in QApplication.clipboard().text()


def test_zoom_actions(qtbot, make_window):
    window = make_window([SEEDS])
    size = window.reader.document().defaultFont().pointSize()
    window.act_zoom_in.trigger()
    window.act_zoom_in.trigger()
    assert window.reader.document().defaultFont().pointSize() == size + 2
    assert window.settings.zoom == 2
    window.act_zoom_reset.trigger()
    assert window.reader.document().defaultFont().pointSize() == size


def test_reader_loads_no_resources(make_window):
    from PySide6.QtGui import QTextDocument

    window = make_window([SEEDS])
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


def test_about_names_the_version(make_window, monkeypatch):
    from viewer import __version__
    from viewer.ui import main_window

    shown = []
    monkeypatch.setattr(main_window.QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    window = make_window([SEEDS])
    window.act_about.trigger()
    [(title, text)] = shown
    assert title == "About Archive Viewer"
    assert f"Archive Viewer {__version__}" in text


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
        assert t.text and t.get("type") is None, source


def test_filter_stays_across_a_reload(qtbot, make_window):
    window = make_window([SEEDS])
    window.filter_edit.setText("学习培训")
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=5000)
    window.act_reload.trigger()
    wait_loaded(qtbot, window)
    assert window.model.rowCount() == 4
    assert window.status_label.text() == "4 of 5 records · 0 problems"
