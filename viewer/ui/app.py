"""Start the GUI: ``archive-viewer [PATH...]``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from viewer.arguments import TOP_EPILOG, TOP_USAGE, OneLineParser

#: The archive opened when no path is given and none was open last time.
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def gui_arguments(argv: list[str]) -> argparse.Namespace:
    parser = OneLineParser(
        prog="archive-viewer",
        usage=TOP_USAGE,
        description="Open the window on files or folders (default: the last archive, or the bundled seeds).",
        epilog=TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--settings", metavar="INI", help="keep settings in this INI file instead of the user's")
    parser.add_argument("--no-cache", action="store_true", help="read every file, without the index in the user cache")
    parser.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_gui(argv: list[str]) -> int:
    """Open the main window; returns the exit status."""
    args = gui_arguments(argv)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from viewer.core.files.paths import user_cache_dir
    from viewer.core.records.cache import IndexCache
    from viewer.ui.i18n import Translations
    from viewer.ui.main_window import MainWindow, _icon
    from viewer.ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Archive Viewer")
    app.setOrganizationName("archive-viewer")
    app.setDesktopFileName("archive-viewer")
    app.setWindowIcon(_icon("archive-viewer"))
    qsettings = QSettings(args.settings, QSettings.Format.IniFormat) if args.settings else QSettings()
    settings = Settings(qsettings)
    translations = Translations(app)
    translations.apply(settings.language)
    cache = None if args.no_cache else IndexCache.in_folder(user_cache_dir())
    window = MainWindow(settings, translations, workers=args.workers, cache=cache)
    window.show()
    paths, restore_key = startup_paths(args.paths, settings)
    window.open_paths(paths, restore_key=restore_key)
    return app.exec()


def startup_paths(given: list[str], settings) -> tuple[list[str], str]:
    """What to open at start, and the record to select once it is loaded.

    Paths on the command line win; otherwise the last archive comes back
    with its last selected record, if it still exists; otherwise the seeds.
    """
    if given:
        return given, ""
    last = settings.last_paths
    if last and all(os.path.exists(p) for p in last):
        return last, settings.last_record
    return [str(SEEDS)], ""
