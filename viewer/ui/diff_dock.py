"""View → Tracked Changes: the current record with its corrections applied.

The text reads as the record would with its accepted corrections (and, if
asked, its open ones), each change marked character by character like a
word processor's tracked changes: what goes struck through in red, what
comes underlined in green. Below, the record's corrections, to accept or
reject one by one or all at once; the corrected text can be copied or
saved. The dock only shows and forwards: :class:`DiffController` does the
work through the session.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from viewer.core.annotations.model import Annotation, AnnotationKind
from viewer.core.record_export import (
    HELD_MARKUP,
    HELD_MOVED,
    HELD_ORPHAN,
    HELD_OVERLAP,
    FieldChange,
    corrected_fields,
    corrected_text,
    write_new,
)
from viewer.core.records.fields import field_name
from viewer.core.records.record import Record
from viewer.core.records.textdiff import char_diff
from viewer.core.session import Session
from viewer.ui.views import NO_REPLACE, table_view

_Index = QModelIndex | QPersistentModelIndex


class CorrectionsModel(QAbstractTableModel):
    """The current record's corrections: status, the change, reason, author."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Annotation] = []
        self.held: dict[str, str] = {}

    def set_rows(self, rows: list[Annotation], held: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows, self.held = rows, held
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return {"accepted": self.tr("accepted"), "rejected": self.tr("rejected")}.get(a.status, self.tr("open"))
            if column == 1:
                return f"{a.anchor.exact if a.anchor else ''} → {a.replacement}"
            if column == 2:
                held = self.held.get(a.id)
                return self.tr("not applied: %1").replace("%1", held) if held else a.reason
            return a.author
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and a.id in self.held:
            return QColor("#e8590c")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 4:
            return None
        return [self.tr("Status"), self.tr("Change"), self.tr("Reason"), self.tr("Author")][section]


class DiffDock(QDockWidget):
    """Tracked changes of the current record.

    Signals:
        status_requested(object, str): give these corrections this status.
        include_open_changed(bool): show open corrections too, or not.
    """

    status_requested = Signal(object, str)
    include_open_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffDock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.include_open = QCheckBox(body)
        self.include_open.setObjectName("includeOpen")
        self.include_open.toggled.connect(self.include_open_changed)
        self.summary = QLabel(body)
        self.summary.setObjectName("diffSummary")
        self.copy_button = QPushButton(body)
        self.copy_button.setObjectName("copyCorrected")
        self.save_button = QPushButton(body)
        self.save_button.setObjectName("saveCorrected")
        top.addWidget(self.include_open)
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.save_button)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical, body)
        self.text = QTextBrowser(split)
        self.text.setObjectName("diffText")
        self.model = CorrectionsModel(self)
        lower = QWidget(split)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.view = table_view(lower, self.model)
        self.view.setObjectName("diffCorrections")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setColumnWidth(0, 70)
        self.view.setColumnWidth(1, 200)
        self.view.setColumnWidth(2, 200)
        lower_layout.addWidget(self.view)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton(lower)
        self.accept_button.setObjectName("acceptCorrection")
        self.reject_button = QPushButton(lower)
        self.reject_button.setObjectName("rejectCorrection")
        self.accept_all = QPushButton(lower)
        self.accept_all.setObjectName("acceptAll")
        self.reject_all = QPushButton(lower)
        self.reject_all.setObjectName("rejectAll")
        for b in (self.accept_button, self.reject_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.accept_all, self.reject_all):
            buttons.addWidget(b)
        lower_layout.addLayout(buttons)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout.addWidget(split, 1)
        self.setWidget(body)
        self.accept_button.clicked.connect(lambda: self.status_requested.emit(self.selected(), "accepted"))
        self.reject_button.clicked.connect(lambda: self.status_requested.emit(self.selected(), "rejected"))
        self.accept_all.clicked.connect(lambda: self.status_requested.emit(list(self.model.rows), "accepted"))
        self.reject_all.clicked.connect(lambda: self.status_requested.emit(list(self.model.rows), "rejected"))
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.corrected = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tracked Changes"))
        self.include_open.setText(self.tr("Include open corrections"))
        self.copy_button.setText(self.tr("Copy Corrected Text"))
        self.save_button.setText(self.tr("Save Corrected Text…"))
        self.accept_button.setText(self.tr("Accept"))
        self.reject_button.setText(self.tr("Reject"))
        self.accept_all.setText(self.tr("Accept All in Record"))
        self.reject_all.setText(self.tr("Reject All in Record"))

    def selected(self) -> list[Annotation]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def show_changes(self, changes: list[FieldChange], corrections: list[Annotation], held: dict[str, str]) -> None:
        """Draw the record's fields with their changes marked, and list its corrections."""
        self.corrected = corrected_text(changes) if changes else ""
        doc = self.text.document()
        doc.clear()
        cursor = QTextCursor(doc)
        plain, gone, came, label = QTextCharFormat(), QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        gone.setFontStrikeOut(True)
        gone.setForeground(QColor("#c92a2a"))
        gone.setBackground(QColor("#fff0f0"))
        came.setForeground(QColor("#2b8a3e"))
        came.setBackground(QColor("#ebfbee"))
        came.setFontUnderline(True)
        label.setForeground(QColor("#868e96"))
        label.setFontWeight(QFont.Weight.Bold)
        changed = 0
        spaced = QTextBlockFormat()
        spaced.setLineHeight(150.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        spaced.setBottomMargin(4)
        cursor.setBlockFormat(spaced)
        for n, change in enumerate(changes):
            if n:
                cursor.insertBlock(spaced)
            cursor.insertText(field_name(change.code) + "  ", label)
            for op, text in char_diff(change.before, change.after):
                cursor.insertText(text, plain if op == "=" else gone if op == "-" else came)
                changed += op != "="
        self.model.set_rows(corrections, held)
        self.summary.setText(self.tr("%1 change(s) marked", "", changed).replace("%1", f"{changed:,}") + "; "
                             + self.tr("%1 correction(s)", "", len(corrections)).replace("%1", f"{len(corrections):,}"))
        self.copy_button.setEnabled(bool(self.corrected))
        self.save_button.setEnabled(bool(self.corrected))

    def show_none(self) -> None:
        self.show_changes([], [], {})
        self.summary.clear()

    def _update_buttons(self, *_args) -> None:
        chosen = bool(self.selected())
        self.accept_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)
        self.accept_all.setEnabled(bool(self.model.rows))
        self.reject_all.setEnabled(bool(self.model.rows))


class DiffController(QObject):
    """Keeps the Tracked Changes dock on the current record.

    Args:
        dock: the dock.
        annotations: the annotation controller (session, edits, messages).
    """

    def __init__(self, dock: DiffDock, annotations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dock = dock
        self.annotations = annotations
        self.rid: int | None = None
        self.record: Record | None = None
        dock.status_requested.connect(self.set_status)
        dock.include_open_changed.connect(lambda _on: self.refresh())
        dock.visibilityChanged.connect(lambda shown: self.refresh() if shown else None)
        dock.copy_button.clicked.connect(self.copy)
        dock.save_button.clicked.connect(self._save_dialog)

    @property
    def session(self) -> Session:
        return self.annotations.session

    def show_record(self, rid: int | None, record: Record | None) -> None:
        self.rid, self.record = rid, record
        self.refresh()

    def refresh(self) -> None:
        if not self.dock.isVisible():
            return
        if self.rid is None or self.record is None:
            self.dock.show_none()
            return
        self.dock.text.document().setDefaultFont(self.annotations.reader.document().defaultFont())
        corrections = [a for a in self.session.annotations(self.rid) if a.kind is AnnotationKind.CORRECTION]
        shown = {"accepted", "open"} if self.dock.include_open.isChecked() else {"accepted"}
        applied = [a for a in corrections if (a.status or "open") in shown]
        changes, done = corrected_fields(self.record, applied)
        reasons = {
            HELD_MOVED: self.tr("needs confirmation: its text changed"),
            HELD_ORPHAN: self.tr("not found in the text"),
            HELD_OVERLAP: self.tr("overlaps another correction"),
            HELD_MARKUP: self.tr("crosses a line break or a picture"),
        }
        held = {a.id: reasons.get(why, why) for a, why in done.held}
        for a in corrections:
            if a.id not in held and (a.status or "open") == "open" and "open" not in shown:
                held[a.id] = self.tr("open: tick “Include open corrections” to see it")
        self.dock.show_changes(changes, corrections, held)

    def set_status(self, corrections: list[Annotation], status: str) -> None:
        if self.rid is None or not corrections:
            return
        n = len(corrections)
        label = (self.tr("Accept %1 correction(s)", "", n) if status == "accepted"
                 else self.tr("Reject %1 correction(s)", "", n)).replace("%1", f"{n:,}")
        self.annotations.applied(self.session.set_correction_status([(self.rid, a) for a in corrections], status, label))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.dock.corrected)
        self.annotations.message.emit(self.tr("Corrected text copied"), 3000)

    def _save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.annotations.window, self.tr("Save Corrected Text"),
                                              self.annotations.window.dialog_dir(), self.tr("Text (*.txt)"),
                                              options=NO_REPLACE)
        if path:
            self.save(path)

    def save(self, path: str) -> None:
        """Write the corrected text of the record (UTF-8); never over a file."""
        try:
            write_new(path, self.dock.corrected.encode("utf-8"))
        except (OSError, ValueError) as e:
            self.annotations.warning.emit(self.tr("Could not save: %1").replace("%1", str(e)))
            return
        self.annotations.message.emit(self.tr("Saved the corrected text to %1").replace("%1", path), 5000)
