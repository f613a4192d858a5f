"""Take the README's screenshots: run under Xvfb, e.g.

    xvfb-run -s "-screen 0 1280x860x24" .venv/bin/python docs/make_screenshot.py docs/main-window.png [--lang zh_CN] [--find TEXT] [--filter TEXT] [PATH...]

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

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from viewer.ui.app import SEEDS
from viewer.ui.i18n import Translations
from viewer.ui.main_window import MainWindow
from viewer.ui.settings import Settings


def annotate(window: MainWindow) -> None:
    """Sample annotations on the shown record: two highlights, a note, a correction, a tag."""
    record = window.reader.record
    body = record.body()

    def select(text: str) -> None:
        start = body.index(text)
        window.reader.select_span("ZW", start, start + len(text))

    select("将学习培训覆盖到全体党员")
    window.annotate_highlight("重要")
    select("对年老体弱、行动不便的党员，要送学上门")
    window.annotate_highlight("存疑")
    window.ask_note = lambda quote, text: "核对：原件此处是否为“送学上门”？"
    select("参加学习培训")
    window.annotate_note()
    window.ask_correction = lambda quote, rep, reason, status: {"replacement": "组织", "reason": "据原件", "status": "open"}
    select("组织起来")
    window.annotate_correction()
    window.vocabulary.set(["先进性教育", "党建", "通知"])
    window._vocabulary_changed()
    window.toggle_vocabulary_tag(1)
    window.mark_selected("proofread")
    cursor = window.reader.textCursor()
    cursor.clearSelection()
    window.reader.setTextCursor(cursor)
    window.reader.verticalScrollBar().setValue(0)


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
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory()
    settings = Settings(QSettings(f"{tmp.name}/s.ini", QSettings.Format.IniFormat))
    Translations(app).apply(args.lang)
    window = MainWindow(settings, workers=0)
    window.resize(1240, 820)
    window.show()
    paths = args.paths or [str(SEEDS)]
    if args.annotate:  # never write sidecars into the real seeds
        copy = os.path.join(tmp.name, "seeds")
        shutil.copytree(paths[0], copy)
        paths = [copy]
    window.open_paths(paths)
    state = {"step": 0}

    def shoot() -> None:
        waiting_search = state["step"] == 1 and args.search and window.search_result is None
        if not window.loading_done or window.reader.record is None or waiting_search:
            QTimer.singleShot(200, shoot)
            return
        if state["step"] == 0:
            state["step"] = 1
            if args.filter:
                window.filter_edit.setText(args.filter)
            window.step_record(args.row)
            if args.find:
                window.find_bar.open_bar()
                window.find_bar.edit.setText(args.find)
            window.problems.setVisible(args.problems)
            if args.annotate:
                QTimer.singleShot(600, lambda: annotate(window))
            if args.search:
                window.search_edit.setText(args.search)
                window.kwic.show()
                window.panel.hide()
                window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.charts)
                window.charts.show()
                window.charts.kind.setCurrentIndex(window.charts.kind.findData("hits"))
                window.resizeDocks([window.kwic], [300], Qt.Orientation.Vertical)
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
