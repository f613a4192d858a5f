"""Preferences: language, the reader's font, your name, colours, where annotations go, checks."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.colour_editor import ColourListEditor
from viewer.ui.i18n import LANGUAGES
from viewer.ui.labels import CHECKS, check_label
from viewer.ui.settings import Settings


class PreferencesDialog(QDialog):
    """Edits :class:`~viewer.ui.settings.Settings`; writes them on OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, used_font: str = "") -> None:
        """``used_font``: the family the reader shows its text in now (what
        the default font resolves to on this system)."""
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Preferences"))
        self.language = QComboBox(self)
        self.language.addItem(self.tr("System default"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.default_font = QCheckBox(self.tr("Use the default CJK font"), self)
        self.font_box = QFontComboBox(self)
        self.font_box.setObjectName("readerFont")
        self.default_font.toggled.connect(lambda on: self.font_box.setEnabled(not on))
        shown = settings.reader_font or used_font
        if shown:
            self.font_box.setCurrentFont(QFont(shown))  # the default too: the font it is on this system
        self.default_font.setChecked(not settings.reader_font)
        self.font_box.setEnabled(bool(settings.reader_font))
        self.font_in_use = QLabel(self)
        self.font_in_use.setObjectName("fontInUse")
        if used_font:
            self.font_in_use.setText(self.tr("The reader shows its text in %1").replace("%1", used_font))
        self.size_box = QSpinBox(self)
        self.size_box.setRange(6, 48)
        self.size_box.setSuffix(" pt")
        self.size_box.setValue(settings.reader_size)
        self.collation = QComboBox(self)
        self.collation.setObjectName("collation")
        self.collation.addItem(self.tr("Pinyin (安, 北, 中…)"), "pinyin")
        self.collation.addItem(self.tr("Code point (Unicode order)"), "codepoint")
        self.collation.setCurrentIndex(max(0, self.collation.findData(settings.collation)))
        self.trust_folders = QCheckBox(self.tr("Skip checking each file when no folder has changed"), self)
        self.trust_folders.setObjectName("trustFolders")
        self.trust_folders.setChecked(settings.trust_folders)
        self.trust_folders.setToolTip(self.tr(
            "Reopening a large archive is faster, but a file rewritten in place (its folder unchanged) is "
            "not noticed until you reload. Reload always checks every file."))
        self.author = QLineEdit(settings.author, self)
        self.colours = ColourListEditor(settings.colours, self)
        self.fallback = QLineEdit(settings.fallback_dir, self)
        browse = QPushButton(self.tr("Choose…"), self)
        browse.clicked.connect(self._choose_fallback)
        fallback_row = QHBoxLayout()
        fallback_row.addWidget(self.fallback, 1)
        fallback_row.addWidget(browse)
        checks_box = QWidget(self)
        checks_layout = QVBoxLayout(checks_box)
        checks_layout.setContentsMargins(0, 0, 0, 0)
        checks_layout.setSpacing(2)
        self.checks: dict[str, QCheckBox] = {}
        off = set(settings.checks_off)
        for name in CHECKS:
            box = QCheckBox(check_label(name), checks_box)
            box.setObjectName(f"check_{name}")
            box.setChecked(name not in off)
            checks_layout.addWidget(box)
            self.checks[name] = box
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Reader font:"), self.default_font)
        form.addRow("", self.font_box)
        if used_font:
            form.addRow("", self.font_in_use)
        form.addRow(self.tr("Reader font size:"), self.size_box)
        form.addRow(self.tr("Sort titles and authors by:"), self.collation)
        form.addRow(self.tr("Reopening:"), self.trust_folders)
        form.addRow(self.tr("Your name on annotations:"), self.author)
        form.addRow(self.tr("Highlight colours:"), self.colours)
        form.addRow(self.tr("Annotations of read-only folders:"), fallback_row)
        form.addRow(self.tr("Proofreading checks:"), checks_box)
        form.addRow(buttons)
        self.resize(560, 600)

    def _choose_fallback(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for Annotations"), self.fallback.text())
        if folder:
            self.fallback.setText(folder)

    def colour_map(self) -> dict[str, str]:
        """The highlight colours, name → ``#rrggbb``, in order."""
        return self.colours.colours()

    def accept(self) -> None:
        self.settings.language = self.language.currentData()
        self.settings.reader_font = "" if self.default_font.isChecked() else self.font_box.currentFont().family()
        self.settings.reader_size = self.size_box.value()
        self.settings.author = self.author.text()
        self.settings.collation = self.collation.currentData()
        self.settings.trust_folders = self.trust_folders.isChecked()
        colours = self.colour_map()
        if colours:
            self.settings.colours = colours
        self.settings.fallback_dir = self.fallback.text().strip()
        self.settings.checks_off = [name for name, box in self.checks.items() if not box.isChecked()]
        self.settings.sync()
        super().accept()
