"""Take the README's screenshots: run under Xvfb, e.g.

    xvfb-run -s "-screen 0 1280x860x24" .venv/bin/python docs/make_screenshot.py docs/main-window.png [--lang zh_CN] [--find TEXT] [--filter TEXT] [PATH...]

Opens the main window on PATH (default: the bundled seeds) with throwaway
settings, waits for the load and the reader, and saves the whole window
(menus, toolbar and status bar included) as the X server shows it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from viewer.ui.app import SEEDS
from viewer.ui.i18n import Translations
from viewer.ui.main_window import MainWindow
from viewer.ui.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--lang", default="en")
    parser.add_argument("--find", default="")
    parser.add_argument("--filter", default="")
    parser.add_argument("--row", type=int, default=0)
    parser.add_argument("--problems", action="store_true")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    tmp = tempfile.TemporaryDirectory()
    settings = Settings(QSettings(f"{tmp.name}/s.ini", QSettings.Format.IniFormat))
    Translations(app).apply(args.lang)
    window = MainWindow(settings, workers=0)
    window.resize(1240, 820)
    window.show()
    window.open_paths(args.paths or [str(SEEDS)])
    state = {"step": 0}

    def shoot() -> None:
        if not window.loading_done or window.reader.record is None:
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
            QTimer.singleShot(1200, shoot)
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
