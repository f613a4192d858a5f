"""Take the README's screenshots: run under Xvfb, e.g.

    xvfb-run -s "-screen 0 1280x860x24" .venv/bin/python docs/make_screenshot.py docs/main-window.png [--lang zh_CN] [--find TEXT] [--filter TEXT] [PATH...]
    ... docs/make_screenshot.py docs/tracked-changes.png --row 2 --tracked
    ... docs/make_screenshot.py docs/annotations.png --size 1600x1000 --annotate --toolbar 送学上门
    ... docs/make_screenshot.py docs/chart-terms.png --size 1600x1000 --terms "党员, 群众, 干部" GENERATED_ARCHIVE

Opens the main window on PATH (default: the bundled seeds) with throwaway
settings, waits for the load and the reader, and saves the whole window
(menus, toolbar and status bar included) as the X server shows it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QLineEdit

from viewer.ui.app import SEEDS, build_window
from viewer.ui.i18n import Translations
from viewer.ui.main_window import MainWindow


def annotate(window: MainWindow) -> None:
    """Sample annotations on the shown record: two highlights, a note, a correction, a tag."""
    record = window.current()[1]
    body = record.body()
    annotations = window.annotations

    def select(text: str) -> None:
        start = body.index(text)
        window.reader.select_span("ZW", start, start + len(text))

    select("将学习培训覆盖到全体党员")
    annotations.highlight("重要")
    select("对年老体弱、行动不便的党员，要送学上门")
    annotations.highlight("存疑")
    annotations.dialogs.ask_note = lambda quote, text: "核对：原件此处是否为“送学上门”？"
    select("参加学习培训")
    window.action("note").trigger()
    annotations.dialogs.ask_correction = lambda quote, rep, reason, status: {
        "replacement": "组织", "reason": "据原件", "status": "open"}
    select("组织起来")
    window.action("correction").trigger()
    annotations.set_vocabulary(["先进性教育", "党建", "通知"])
    window.action("tag_1").trigger()
    window.action("status_proofread").trigger()
    cursor = window.reader.textCursor()
    cursor.clearSelection()
    window.reader.setTextCursor(cursor)
    window.reader.verticalScrollBar().setValue(0)


def select_as_the_mouse_does(window: MainWindow, text: str) -> None:
    """Select ``text`` of the body and let go of it there: the toolbar over the text comes up."""
    body = window.current()[1].body()
    start = body.index(text)
    window.reader.select_span("ZW", start, start + len(text))
    window.reader.selection_made.emit(window.reader.cursorRect().center())


def tracked(window: MainWindow) -> None:
    """Two corrections on the shown record (one accepted, one open), shown as tracked changes."""
    record = window.current()[1]
    body = record.body()
    annotations = window.annotations
    for text, replacement, status in (("组织起来", "组织动员起来", "accepted"), ("送学上门", "上门送学", "open"),
                                      ("采取有效措施", "采取切实有效的措施", "accepted")):
        start = body.index(text)
        window.reader.select_span("ZW", start, start + len(text))
        annotations.dialogs.ask_correction = lambda quote, rep, reason, st, r=replacement, s=status: {
            "replacement": r, "reason": "据原件", "status": s}
        window.action("correction").trigger()
    window.action("tracked_changes").trigger()
    dock = window.findChild(QDockWidget, "diffDock")
    window.resizeDocks([dock], [560], Qt.Orientation.Horizontal)
    dock.include_open.setChecked(True)
    dock.view.selectRow(1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--find", default="")
    parser.add_argument("--filter", default="")
    parser.add_argument("--row", type=int, default=0)
    parser.add_argument("--problems", action="store_true")
    parser.add_argument("--annotate", action="store_true", help="add sample annotations (on a copy of the seeds)")
    parser.add_argument("--search", default="", help="run this search and show the KWIC and chart docks")
    parser.add_argument("--tracked", action="store_true", help="add corrections and show Tracked Changes (on a copy)")
    parser.add_argument("--size", default="1240x820", help="the window's size, WxH")
    parser.add_argument("--toolbar", default="", help="select this text of the body as the mouse does (the toolbar over it)")
    parser.add_argument("--terms", default="", help="compare these terms over time in the Statistics dock")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory()
    translations = Translations(app)
    translations.apply(args.lang)
    paths = args.paths or [str(SEEDS)]
    if args.annotate or args.tracked:  # never write sidecars into the real seeds
        copy = os.path.join(tmp.name, "seeds")
        shutil.copytree(paths[0], copy)
        paths = [copy]
    window = build_window(paths, f"{tmp.name}/s.ini", workers=0, translations=translations)
    width, height = (int(n) for n in args.size.split("x"))
    window.resize(width, height)
    state = {"step": 0}

    def shoot() -> None:
        waiting_search = state["step"] == 1 and args.search and window.search.result is None
        if window.loading or window.current()[1] is None or waiting_search:
            QTimer.singleShot(200, shoot)
            return
        if state["step"] == 0:
            state["step"] = 1
            if args.filter:
                window.findChild(QLineEdit, "quickFilter").setText(args.filter)
            window.table.step(args.row)
            if args.find:
                window.find_bar.open_bar()
                window.find_bar.edit.setText(args.find)
            window.findChild(QDockWidget, "problemsDock").setVisible(args.problems)
            if args.annotate:
                QTimer.singleShot(600, lambda: annotate(window))
            if args.tracked:
                QTimer.singleShot(600, lambda: tracked(window))
            if args.toolbar:
                QTimer.singleShot(1200, lambda: select_as_the_mouse_does(window, args.toolbar))
            if args.terms:
                charts = window.findChild(QDockWidget, "statisticsDock")
                charts.show()
                charts.kind.setCurrentIndex(charts.kind.findData("hits"))
                charts.terms.setText(args.terms)
                charts.terms.returnPressed.emit()
                window.resizeDocks([charts], [height // 2], Qt.Orientation.Vertical)
            if args.search:
                window.findChild(QLineEdit, "searchBox").setText(args.search)
                kwic = window.findChild(QDockWidget, "kwicDock")
                charts = window.findChild(QDockWidget, "statisticsDock")
                kwic.show()
                window.findChild(QDockWidget, "annotationPanel").hide()
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, charts)
                charts.show()
                charts.kind.setCurrentIndex(charts.kind.findData("hits"))
                window.resizeDocks([kwic], [300], Qt.Orientation.Vertical)
            QTimer.singleShot(1800, shoot)
            return
        app.processEvents()
        pixmap = window.grab()
        pixmap.save(args.out)
        print(f"saved {args.out} ({pixmap.width()}x{pixmap.height()})")
        app.quit()

    QTimer.singleShot(500, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
