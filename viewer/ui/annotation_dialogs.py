"""Small dialogs for writing notes and corrections, and editing the tag list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from viewer.core.annotations.model import CorrectionStatus
from viewer.ui.labels import correction_status_label


def _ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel; Ctrl+Enter (either Enter key) is OK from anywhere in
    the dialog, the note's text box included."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), dialog)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(dialog.accept)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setToolTip(QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText))
    return buttons


class NoteDialog(QDialog):
    """Write or edit a note (several lines); shows the quoted span if any."""

    def __init__(self, quote: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Note"))
        layout = QVBoxLayout(self)
        if quote:
            label = QLabel(f"“{quote}”", self)
            label.setWordWrap(True)
            label.setTextFormat(label.textFormat().PlainText)
            layout.addWidget(label)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlainText(text)
        self.edit.setPlaceholderText(self.tr("Note on the record") if not quote else self.tr("Note on the selected text"))
        layout.addWidget(self.edit)
        layout.addWidget(_ok_cancel(self))
        self.resize(460, 260)

    def text(self) -> str:
        return self.edit.toPlainText().strip()


class CorrectionDialog(QDialog):
    """Propose a correction: replacement, reason, status."""

    def __init__(self, quote: str, replacement: str = "", reason: str = "", status: str = "open",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Correction"))
        form = QFormLayout(self)
        original = QLabel(quote, self)
        original.setTextFormat(original.textFormat().PlainText)
        original.setWordWrap(True)
        self.replacement = QLineEdit(replacement or quote, self)
        self.reason = QLineEdit(reason, self)
        self.status = QComboBox(self)
        for s in CorrectionStatus:
            self.status.addItem(correction_status_label(s.value), s.value)
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        form.addRow(self.tr("Original:"), original)
        form.addRow(self.tr("Replacement:"), self.replacement)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow(self.tr("Status:"), self.status)
        form.addRow(_ok_cancel(self))
        self.resize(460, 180)

    def values(self) -> dict[str, str]:
        return {
            "replacement": self.replacement.text(),
            "reason": self.reason.text().strip(),
            "status": self.status.currentData(),
        }


class VocabularyDialog(QDialog):
    """Edit the tag vocabulary: one tag a line; the first nine get keys 1–9."""

    def __init__(self, tags: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tag Vocabulary"))
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("One tag a line. Keys 1–9 toggle the first nine tags on the selected records."), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.edit = QPlainTextEdit(self)
        self.edit.setPlainText("\n".join(tags))
        layout.addWidget(self.edit)
        layout.addWidget(_ok_cancel(self))
        self.resize(360, 320)

    def tags(self) -> list[str]:
        return [line.strip() for line in self.edit.toPlainText().splitlines() if line.strip()]
