"""Start the GUI: ``archive-viewer [PATH...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

#: The archive opened when no path is given: the bundled seeds.
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def gui_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="archive-viewer",
        description="Open the viewer on files or folders (default: the bundled seeds). "
        "Commands: list, check, bench (see archive-viewer COMMAND --help).",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_gui(argv: list[str]) -> int:
    """Open the main window; returns the exit status."""
    args = gui_arguments(argv)
    from PySide6.QtWidgets import QApplication

    from viewer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Archive Viewer")
    app.setOrganizationName("archive-viewer")
    paths = args.paths or [str(SEEDS)]
    window = MainWindow(paths, workers=args.workers)
    window.show()
    return app.exec()
