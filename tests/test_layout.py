"""The window's layout: a first start sized for the screen, the text boxes
never in an overflow menu, room for the table and the reader with docks
open, the annotation columns within reach."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit, QMenu, QWidget

from conftest import SEEDS, table, widget
from viewer.core.annotations.index import COL_STATUS, COL_TAGS


def visible_lines(reader) -> int:
    """Lines of the reader's text wholly inside its viewport."""
    doc = reader.document()
    layout = doc.documentLayout()
    height, n = reader.viewport().height(), 0
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).y() - reader.verticalScrollBar().value()
        lines = block.layout()
        n += sum(1 for i in range(lines.lineCount())
                 if top + lines.lineAt(i).y() >= 0 and top + lines.lineAt(i).y() + lines.lineAt(i).height() <= height)
        block = block.next()
    return n


def test_a_first_start_fills_most_of_the_screen_centred_with_annotation_columns_in_reach(qtbot, open_window):
    w = open_window([SEEDS])
    screen = w.screen().availableGeometry()
    assert w.width() >= min(960, screen.width()) and w.width() >= int(screen.width() * 0.85) - 1
    assert abs(w.frameGeometry().center().x() - screen.center().x()) <= 2
    codes = w.table_view.visual_codes()
    assert codes.index(COL_TAGS) == codes.index("BT") + 1 and codes.index(COL_STATUS) < codes.index("YT")


def test_the_annotation_columns_can_be_put_first(qtbot, open_window, monkeypatch):
    w = open_window([SEEDS])
    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *args: shown.append(menu))
    header = w.table_view.horizontalHeader()
    header.customContextMenuRequested.emit(header.rect().center())
    [menu] = shown
    next(a for a in menu.actions() if a.objectName() == "annotationColumnsFirst").trigger()
    assert w.table_view.visual_codes()[:4] == ["#tags", "#notes", "#corrections", "#status"]


def test_the_text_boxes_go_under_the_buttons_in_a_narrow_window_and_keep_the_focus(qtbot, open_window):
    w = open_window([SEEDS])
    w.resize(640, 560)
    qtbot.waitUntil(lambda: w.toolBarBreak(w.search_bar), timeout=2000)
    box = widget(w, QLineEdit, "searchBox")
    assert box.isVisible() and box.width() >= 140
    w.activateWindow()
    w.action("search").trigger()  # Ctrl+K
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    w.resize(1600, 1000)
    qtbot.waitUntil(lambda: not w.toolBarBreak(w.search_bar), timeout=2000)
    qtbot.waitUntil(lambda: w.search_bar.y() == w.toolbar.y(), timeout=2000)  # one row again


@pytest.mark.parametrize("bottom", ["kwicDock", "annotationBrowser", "problemsDock", "statisticsDock"])
def test_with_side_docks_and_a_bottom_dock_the_table_and_reader_keep_room(qtbot, open_window, bottom):
    w = open_window([SEEDS])
    w.resize(1600, 1000)
    for name in ("facetDock", "annotationPanel", bottom):
        widget(w, QDockWidget, name).show()
    QApplication.processEvents()
    qtbot.wait(50)
    view = table(w)
    assert view.viewport().height() // view.verticalHeader().defaultSectionSize() >= 12
    assert visible_lines(w.reader) >= 15


def test_the_concordance_gives_left_and_right_context_the_same_width(qtbot, open_window):
    w = open_window([SEEDS])
    w.resize(1500, 900)
    w.action("kwic").trigger()
    dock = widget(w, QDockWidget, "kwicDock")
    qtbot.waitUntil(dock.isVisible, timeout=2000)
    for width in (900, 1300):
        dock.view.resize(width, 200)
        qtbot.wait(20)
        left, match, right = (dock.view.columnWidth(c) for c in range(3))
        assert left == right
        total = sum(dock.view.columnWidth(c) for c in range(5))
        assert abs(total - dock.view.viewport().width()) <= 1  # the five columns fill the view


# -- preferences ---------------------------------------------------------------------------------


def test_preferences_edit_highlight_colours_with_swatches_and_the_colour_picker(qtbot, open_window, monkeypatch):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog, QPushButton, QTableWidget, QToolButton

    from conftest import edit_preferences

    w = open_window([SEEDS])
    picked = iter(["#123456", "#abcdef"])
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor(next(picked)))

    def edit(dialog):
        table_ = widget(dialog, QTableWidget, "colourTable")
        assert [table_.item(r, 1).text() for r in range(table_.rowCount())] == list(w.settings.colours)
        rect = table_.visualItemRect(table_.item(1, 0))
        qtbot.mouseClick(table_.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # the swatch: the picker
        widget(dialog, QPushButton, "addColour").click()  # a new colour; its name typed in place
        table_.item(table_.rowCount() - 1, 1).setText("引文")
        table_.setCurrentCell(table_.rowCount() - 1, 1)
        widget(dialog, QPushButton, "colourUp").click()

    edit_preferences(monkeypatch, w, edit)
    names = list(w.settings.colours)
    assert w.settings.colours[names[1]] == "#123456"
    assert names[-2] == "引文" and w.settings.colours["引文"] == "#abcdef"
    # the window uses them at once: the toolbar over the text has a swatch for the new one
    toolbar = widget(w, QWidget, "selectionToolbar")
    assert toolbar.findChild(QToolButton, "colour:引文") is not None


def test_the_font_box_shows_the_font_the_reader_uses(qtbot, open_window):
    from PySide6.QtWidgets import QFontComboBox, QLabel

    from viewer.ui.preferences import PreferencesDialog

    w = open_window([SEEDS])
    used = w.reader.font_family()
    dialog = PreferencesDialog(w.settings, w, used_font=used)
    qtbot.addWidget(dialog)
    assert widget(dialog, QFontComboBox, "readerFont").currentFont().family() == used
    assert used in widget(dialog, QLabel, "fontInUse").text()


def test_a_colour_name_may_hold_an_equals_sign(tmp_path):
    from PySide6.QtCore import QSettings

    from viewer.ui.settings import Settings

    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.colours = {"A=B": "#123456", "重要": "#ffe066"}
    settings.sync()
    again = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.colours == {"A=B": "#123456", "重要": "#ffe066"}
