"""Interface languages: English (the source strings) and Chinese (zh_CN).

The translation is compiled Qt ``.qm`` in ``resources/``, made from the
``.ts`` beside it by ``pyside6-lrelease``. :class:`Translations` installs it
on the application; Qt then sends every widget a LanguageChange event, and
each window re-sets its texts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

#: Languages offered in Preferences: code → name in that language.
LANGUAGES = {"en": "English", "zh_CN": "中文（简体）"}


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # (Qt's name: lupdate finds the texts by it)
    """Mark ``source`` for translation in ``context``; it is returned as it
    is, and translated where it is shown (``QCoreApplication.translate``).
    PySide6's own is typed as returning ``object``."""
    return source


def resolve(language: str) -> str:
    """``""`` means the system's language; returns ``en`` or ``zh_CN``."""
    code = language or QLocale.system().name()
    return "zh_CN" if code.startswith("zh") else "en"


class Translations:
    """Installs and swaps the application's translators."""

    def __init__(self, app: QCoreApplication, resources: Path = RESOURCES) -> None:
        self._app = app
        self._resources = resources
        self._installed: list[QTranslator] = []
        self.current = "en"

    def remove(self) -> None:
        """Take this object's translators off the application."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []

    def apply(self, language: str) -> str:
        """Switch to ``language`` (``""``: the system's); returns the one in use."""
        code = resolve(language)
        self.remove()
        ours = QTranslator(self._app)  # English too: its plural forms ("1 record", "2 records")
        if ours.load(str(self._resources / f"archive_viewer_{code}.qm")):
            self._installed.append(ours)
        if code != "en":
            qt = QTranslator(self._app)
            if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                self._installed.append(qt)
        for translator in self._installed:
            self._app.installTranslator(translator)
        self.current = code
        return code
