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


def _application():
    """The QApplication (made once), named for settings and the desktop."""
    from PySide6.QtWidgets import QApplication

    from viewer.ui.actions import icon

    found = QApplication.instance()
    app = found if isinstance(found, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Archive Viewer")
    app.setOrganizationName("archive-viewer")
    app.setDesktopFileName("archive-viewer")
    app.setWindowIcon(icon("archive-viewer"))
    return app


def build_window(
    paths: list[str] | None,
    settings_path: str | None,
    *,
    workers: int | None = None,
    cache=None,
    translations=None,
    restore_key: str = "",
):
    """The main window, shown, opening ``paths``, without entering the event loop.

    Args:
        paths: files and folders to open (None: open nothing).
        settings_path: an INI file to read the settings from and write them
            to (None: the user's settings).
        workers: worker processes for loading (None: one per CPU; 0: none).
        cache: the persistent index (None: none).
        translations: switches the interface language (None: English only).
        restore_key: the record to select once the archive is loaded.

    Returns:
        The :class:`~viewer.ui.main_window.MainWindow`. Closing it saves,
        exactly as a user's close does. See ``docs/testing.md``.
    """
    from PySide6.QtCore import QSettings

    from viewer.ui.main_window import MainWindow
    from viewer.ui.settings import Settings

    _application()
    qsettings = QSettings(settings_path, QSettings.Format.IniFormat) if settings_path else QSettings()
    window = MainWindow(Settings(qsettings), translations, workers=workers, cache=cache)
    window.show()
    if paths is not None:
        window.open_paths([str(p) for p in paths], restore_key=restore_key)
    return window


def run_gui(argv: list[str]) -> int:
    """Open the main window; returns the exit status."""
    args = gui_arguments(argv)
    problem = no_display(os.environ, sys.platform)
    if problem:
        print(f"archive-viewer: error: {problem}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings

    from viewer.core.files.paths import user_cache_dir
    from viewer.core.records.cache import IndexCache
    from viewer.ui import process
    from viewer.ui.i18n import Translations
    from viewer.ui.settings import Settings

    process.set_up()  # (before the application's threads start)
    app = _application()
    translations = Translations(app)
    qsettings = QSettings(args.settings, QSettings.Format.IniFormat) if args.settings else QSettings()
    translations.apply(Settings(qsettings).language)
    paths, restore_key = startup_paths(args.paths, Settings(qsettings))
    cache = None if args.no_cache else IndexCache.in_folder(user_cache_dir())
    build_window(paths, args.settings, workers=args.workers, cache=cache, translations=translations,
                 restore_key=restore_key)
    try:
        return app.exec()
    finally:
        if cache is not None:
            # Closed here, not left to a collection at exit: the window may
            # outlive the event loop, and the database's last connection is
            # what removes its -wal and -shm files (left behind at one quit
            # in four on a walk). Background work still running answers
            # from no cache from now on.
            cache.close()
        process.tear_down()


def no_display(environ: os._Environ[str] | dict[str, str], platform: str) -> str:
    """Why no window can open here ('' when one can): on X11/Wayland systems
    without a display Qt would abort with several lines of its own."""
    if platform in ("win32", "darwin", "cygwin") or environ.get("QT_QPA_PLATFORM"):
        return ""
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return ""
    return ("no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset); "
            "the commands list, check, search and annotations work without one")


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
