"""Take the README's screenshot: run under Xvfb, e.g.

    xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python docs/make_screenshot.py docs/main-window.png [PATH...]

Opens the main window on PATH (default: the bundled seeds), waits for the
load to finish, and saves the window as the X server shows it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from viewer.ui.app import SEEDS
from viewer.ui.main_window import MainWindow


def main() -> int:
    out = sys.argv[1] if len(sys.argv) > 1 else "docs/main-window.png"
    paths = sys.argv[2:] or [str(SEEDS)]
    app = QApplication(sys.argv[:1])
    window = MainWindow(paths)
    window.show()

    def shoot() -> None:
        if not window.loading_done or window.reader.record is None:
            QTimer.singleShot(200, shoot)
            return
        app.processEvents()
        pixmap = window.screen().grabWindow(window.winId())
        pixmap.save(out)
        print(f"saved {out} ({pixmap.width()}x{pixmap.height()})")
        app.quit()

    QTimer.singleShot(800, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
