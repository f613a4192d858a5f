"""The Chinese interface has no English left in it: every menu, action,
dock and dialog is walked after switching to Chinese, and every text a
user can see (titles, labels, buttons, placeholders, list items, column
headers, tooltips) must be Chinese, or be something that is the same in
both languages (a number, a key, an encoding, a file name)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFontComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from conftest import wait_loaded
from viewer.ui.i18n import LANGUAGES, Translations

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[A-Za-z]{2,}")

#: Words that are the same in the Chinese interface: keys, formats, names.
SAME = {
    "Ctrl", "Shift", "Alt", "Esc", "Enter", "Delete", "PgUp", "PgDown", "Del", "Backspace", "Tab", "Home", "End",
    "CSV", "JSON", "JSONL", "PNG", "SVG", "TSV", "UTF", "BOM", "KWIC", "OR", "AND", "OpenCC", "Excel", "Windows",
    "Archive", "Viewer", "utf", "gb", "big", "git", "rg", "Qt", "PySide", "Noto", "Serif", "Sans", "CJK", "SC",
    "Source", "Han", "SimSun", "Songti", "WenQuanYi", "Zen", "Hei", "YYYY", "MM", "DD", "txt", "TXT", "px", "pt",
    "title", "lead", "subtitle", "author", "body", "section", "genre", "class", "note", "date", "tag", "status",
    "proofread", "unread", "text", "id",
}


#: Words that give away an English phrase left in a Chinese text.
GIVEAWAYS = {
    "the", "of", "and", "to", "in", "on", "by", "with", "not", "no", "from", "is", "are",
    "record", "records", "problem", "problems", "selected", "open", "accepted", "rejected", "highlight",
    "correction", "Undo", "Redo", "file", "files", "hits", "lines", "annotations",
}


def english(text: str) -> str:
    """The English words of ``text`` left untranslated ('' when none)."""
    text = text.replace("&", "")
    if not text.strip() or text.startswith(("/", "~")) or re.match(r"^[A-Za-z]:\\", text):
        return ""  # nothing, or a path
    if CJK.search(text):  # Chinese, with perhaps a name in it; but not an English phrase
        return " ".join(w for w in WORD.findall(text) if w in GIVEAWAYS)
    words = [w for w in WORD.findall(text) if w not in SAME and not re.fullmatch(r"F\d+", w)]
    return " ".join(words)


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every visible text under ``root``."""
    out = [(f"{type(root).__name__} title", root.windowTitle())] if root.isWindow() or isinstance(root, QDockWidget) else []
    for w in [root, *root.findChildren(QWidget)]:
        name = f"{type(w).__name__} {w.objectName()}"
        if isinstance(w, QDockWidget):
            out.append((name + " title", w.windowTitle()))
        if isinstance(w, QLabel):
            out.append((name, w.text()))
        if isinstance(w, QAbstractButton):
            out.append((name, w.text()))
        if isinstance(w, QLineEdit):
            out.append((name + " placeholder", w.placeholderText()))
        if isinstance(w, QPlainTextEdit):
            out.append((name + " placeholder", w.placeholderText()))
        if isinstance(w, QGroupBox):
            out.append((name, w.title()))
        if isinstance(w, QComboBox) and not isinstance(w, QFontComboBox):  # font names are names
            out += [(f"{name} item", w.itemText(i)) for i in range(w.count())
                    if w.itemText(i) not in LANGUAGES.values()]  # each language in its own
        if isinstance(w, QTabWidget):
            out += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
        header = w.horizontalHeader() if isinstance(w, QTableView) else w.header() if isinstance(w, QTreeView) else None
        if header is not None and not header.isHidden() and w.model() is not None:
            out += [(f"{name} header", str(w.model().headerData(c, Qt.Orientation.Horizontal) or ""))
                    for c in range(header.count())]
        if w.toolTip() and not isinstance(w, QLabel):
            out.append((name + " tooltip", w.toolTip()))
    return out


def menu_texts(menu: QMenu, where: str = "") -> list[tuple[str, str]]:
    out = [(where, menu.title())]
    menu.aboutToShow.emit()  # menus filled when shown (colours, recent files)
    for action in menu.actions():
        if action.menu() is not None:
            out += menu_texts(action.menu(), f"{where} › {menu.title()}")
        elif not action.isSeparator():
            out.append((f"{where} › {menu.title()}", action.text()))
            if action.toolTip() != action.text():
                out.append((f"{where} › {menu.title()} tooltip", action.toolTip()))
    return out


@pytest.fixture
def chinese(qtbot, open_window, archive_copy):
    translations = Translations(QApplication.instance())
    translations.apply("zh_CN")
    window = open_window([archive_copy], translations=translations)
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: window.action("open_files").text() != "&Open Files…", timeout=3000)
    yield window
    translations.remove()


def check(found: list[tuple[str, str]]) -> None:
    left = sorted({(where, text) for where, text in found if english(text)})
    assert not left, "English in the Chinese interface:\n" + "\n".join(f"  {w}: {t!r}" for w, t in left)


def test_every_menu_and_action_is_in_chinese(chinese):
    w = chinese
    found = []
    for action in w.menuBar().actions():
        found += menu_texts(action.menu(), "menu")
    check(found)


def test_every_dock_and_the_window_are_in_chinese(qtbot, chinese, monkeypatch):
    w = chinese
    for dock in w.findChildren(QDockWidget):
        dock.show()
    body = w.current()[1].body()
    w.reader.select_span("ZW", 2, 6)
    w.action("highlight").trigger()
    monkeypatch.setattr(w.annotations.dialogs, "ask_correction",
                        lambda quote, rep, reason, status: {"replacement": "改", "reason": "", "status": "open"})
    w.reader.select_span("ZW", 10, 12)
    w.action("correction").trigger()
    assert body and len(w.session.annotations(w.current()[0])) == 2
    qtbot.wait(200)
    found = texts_of(w)
    panel = w.findChild(QDockWidget, "annotationPanel")
    found += [("card", panel.model.index(r).data()) for r in range(panel.model.rowCount())]
    shown = []
    monkeypatch.setattr(QMenu, "popup", lambda menu, *args: shown.append(menu))
    w.reader.customContextMenuRequested.emit(w.reader.cursorRect().center())
    for menu in shown:
        found += menu_texts(menu, "reader menu")
    check(found)


@pytest.mark.parametrize("action", ["shortcuts", "query_help", "find_replace"])
def test_every_dialog_is_in_chinese(qtbot, chinese, action):
    w = chinese
    before = set(w.findChildren(QDialog))
    w.action(action).trigger()
    qtbot.waitUntil(lambda: bool(set(w.findChildren(QDialog)) - before), timeout=3000)
    [dialog] = set(w.findChildren(QDialog)) - before
    check(texts_of(dialog))
    dialog.close()


def test_the_preferences_and_annotation_dialogs_are_in_chinese(qtbot, chinese):
    from viewer.ui.annotation_dialogs import CorrectionDialog, NoteDialog, VocabularyDialog
    from viewer.ui.preferences import PreferencesDialog

    w = chinese
    for dialog in (PreferencesDialog(w.settings, w), NoteDialog("引文", "", w), CorrectionDialog("引文", "", "", "open", w),
                   VocabularyDialog(["人物"], w)):
        qtbot.addWidget(dialog)
        check(texts_of(dialog))


def test_the_check_itself_finds_english():
    assert english("gb18030 · 0 problems") == "problems"
    assert english("未读 · gb18030 · 1 problems") == "problems"
    assert english("&Undo") == "Undo"
    assert english("撤销(&U)") == english("Ctrl+Z") == english("utf-8") == english("/tmp/archive") == ""
    assert english("未读 · root · utf-8") == ""  # a user's name is a name


def test_every_kind_of_problem_message_is_in_chinese(qtbot, open_window, tmp_path):
    """The core writes problems in English (the CLI's, the caches'); the
    Problems panel shows each kind translated, the values in it kept. An
    archive with one of nearly everything reading and the checks report."""
    import os

    from conftest import record_text
    from viewer.core.records.diagnostics import ProblemKind

    day = tmp_path / "a" / "1969" / "196906" / "19690605"
    day.mkdir(parents=True)

    def put(name: str, data: bytes | str) -> None:
        (day / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    put("196906050101.txt", record_text(rq="20050217", bh="04", th="1", bt="甲", body="己经完成, 第二段，"))
    put("196906050102.txt", record_text(rq="20050217", bh="04", th="1", bt="甲", body="") + "〖BT/标题〗〖-FT/副题〗")
    put("196906050103.txt", "〖BT/标题〗没有结束")
    put("196906050104.txt", "外面的字〖BT/标题〗乙〖-BT/标题〗〖-ZW/正文〗〖RQ/日期〗1969〖-RQ/日期〗")
    put("196906050105.txt", b"")
    put("196906050106.txt", bytes(range(256)) * 4)
    put("196906050107.txt", "没有字段")
    put("196906050108.txt", "〖BT/标题〗丙〖-BT/标题〗".encode() + b"\xff\xfe\xfd" + "〖ZW/正文〗丁\x00〖-ZW/正文〗".encode())
    put("196906050109.txt", "〖BT/标题〗鎔〖-BT/标题〗〖ZW/正文〗鎔〖-ZW/正文〗")
    put(".hidden.txt", "x")
    put("picture.jpg", b"\xff\xd8")
    put("old.txt~", "x")
    put("196906050101.txt.annotations.json", "{}")
    os.symlink("..", day / "loop")
    os.symlink("/nonexistent", day / "dangling.txt")
    os.mkfifo(day / "fifo.txt")
    translations = Translations(QApplication.instance())
    translations.apply("zh_CN")
    try:
        w = open_window([tmp_path / "a"], translations=translations)
        dock = w.findChild(QDockWidget, "problemsDock")
        kinds = lambda: {dock.model.problem(r).kind for r in range(dock.model.rowCount())}  # noqa: E731
        qtbot.waitUntil(lambda: ProblemKind.CONFUSION in kinds() and ProblemKind.DATE_PATH in kinds(), timeout=20000)
        rows = [(dock.model.problem(r).message, dock.model.index(r, 3).data()) for r in range(dock.model.rowCount())]
        assert len(kinds()) >= 20
        untranslated = [message for message, shown in rows if shown == message]
        assert not untranslated, "messages no pattern knows:\n" + "\n".join(untranslated)
        check([("problems", re.sub(r"/\S+", "", shown)) for _message, shown in rows])  # (paths are names)
        said = dict(rows)
        assert said["正文 has “己经”, a known misreading (usually 已经)"] == "正文中有“己经”，是常见的误识（通常应为 已经）"
    finally:
        translations.remove()
    dock.retranslate()  # (the window does so when the language changes)
    assert [dock.model.index(r, 3).data() for r in range(dock.model.rowCount())] == [m for m, _ in rows]  # English
