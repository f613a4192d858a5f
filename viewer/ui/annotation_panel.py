"""The annotation panel: the current record's annotations, tags and status.

Clicking an annotation selects its span in the reader; double-clicking
edits it; Delete removes it. Orphans (spans no longer found in the text)
are listed with their quote and can be re-attached to the reader's
selection or deleted.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.annotations.anchoring import Placement
from viewer.core.annotations.model import Annotation, AnnotationKind, ReviewStatus
from viewer.core.session import Placed
from viewer.ui.labels import status_label
from viewer.ui.views import table_view

_Index = QModelIndex | QPersistentModelIndex

Row = Placed


def kind_label(kind: AnnotationKind) -> str:
    """The annotation kind in the interface language."""
    return {
        AnnotationKind.HIGHLIGHT: QCoreApplication.translate("Kind", "highlight"),
        AnnotationKind.NOTE: QCoreApplication.translate("Kind", "note"),
        AnnotationKind.TAG: QCoreApplication.translate("Kind", "tag"),
        AnnotationKind.CORRECTION: QCoreApplication.translate("Kind", "correction"),
        AnnotationKind.STATUS: QCoreApplication.translate("Kind", "status"),
    }[kind]


def kind_text(a: Annotation) -> str:
    """An annotation's kind as a table shows it, with ⚠ when a merge kept it
    against a deletion (see :func:`conflict_tip`)."""
    return kind_label(a.kind) + (" ⚠" if a.conflict else "")


def conflict_tip() -> str:
    return QCoreApplication.translate(
        "Kind", "Conflict: changed in one copy and deleted in another; it was kept. Edit it to keep it, or delete it.")


class RecordAnnotationsModel(QAbstractTableModel):
    """One row per annotation of a record."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.colours: dict[str, str] = {}

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        a, placement = row.annotation, row.how
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return kind_text(a)
            if column == 1:
                return a.colour or a.tag or (status_label(a.status) if a.kind is AnnotationKind.STATUS else a.status)
            if column == 2:
                quote = a.anchor.exact if a.anchor else self.tr("(whole record)")
                if placement is Placement.ORPHAN:
                    return self.tr("orphan: “%1”").replace("%1", quote)
                if row.moved:
                    return self.tr("moved: “%1”, now on “%2”").replace("%1", quote).replace("%2", row.found)
                return quote
            if a.kind is AnnotationKind.CORRECTION:
                reason = f" ({a.reason})" if a.reason else ""
                return f"→ {a.replacement}{reason} [{a.status}]"
            return " ".join(a.text.split())
        if role == Qt.ItemDataRole.BackgroundRole and column == 1 and a.kind is AnnotationKind.HIGHLIGHT:
            colour = self.colours.get(a.colour)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and placement is Placement.ORPHAN:
            return QColor("#c92a2a")
        if role == Qt.ItemDataRole.ForegroundRole and row.moved:
            return QColor("#e8590c")
        if role == Qt.ItemDataRole.ForegroundRole and a.conflict:
            return QColor("#d9480f")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{a.author} · {a.modified[:19].replace('T', ' ')}\n{a.text or a.replacement}"
            return f"{conflict_tip()}\n{tip}" if a.conflict else tip
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 4:
            return None
        return [self.tr("Kind"), self.tr("Colour/Tag"), self.tr("Text"), self.tr("Note")][section]


class AnnotationPanel(QDockWidget):
    """Lists the current record's annotations.

    Signals:
        span_requested(object): show this annotation's span in the reader.
        edit_requested(object): edit this annotation.
        confirm_requested(object): confirm this moved correction where it is now.
        delete_requested(object): delete this annotation.
        reattach_requested(object): move this annotation to the reader's selection.
        tag_entered(str): add this tag to the current record.
        status_chosen(str): give the current record this review status.
    """

    span_requested = Signal(object)
    edit_requested = Signal(object)
    confirm_requested = Signal(object)
    delete_requested = Signal(object)
    reattach_requested = Signal(object)
    tag_entered = Signal(str)
    status_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.model = RecordAnnotationsModel(self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.tag_edit = QLineEdit(body)
        self.tag_edit.setClearButtonEnabled(True)
        self.vocabulary = QStringListModel(self)
        completer = QCompleter(self.vocabulary, self.tag_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_edit.setCompleter(completer)
        self.tag_edit.returnPressed.connect(self._tag_entered)
        self.status_label = QLabel(body)
        self.status = QComboBox(body)
        self.status.setObjectName("reviewStatus")
        for s in ReviewStatus:
            self.status.addItem(s.value, s.value)
        self.status.activated.connect(lambda i: self.status_chosen.emit(self.status.itemData(i)))
        top.addWidget(self.tag_edit, 1)
        top.addWidget(self.status_label)
        top.addWidget(self.status)
        layout.addLayout(top)
        self.view = table_view(body, self.model, padding=10)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setColumnWidth(0, 64)
        self.view.setColumnWidth(1, 64)
        self.view.setColumnWidth(2, 150)
        self.view.clicked.connect(lambda i: self.span_requested.emit(self.model.rows[i.row()]))
        self.view.doubleClicked.connect(lambda i: self.edit_requested.emit(self.model.rows[i.row()].annotation))
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self._delete_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        layout.addWidget(self.view)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(body)
        self.delete_button = QPushButton(body)
        self.reattach_button = QPushButton(body)
        self.confirm_button = QPushButton(body)
        self.confirm_button.setObjectName("confirmPlacement")
        self.confirm_button.clicked.connect(lambda: self._with_current(self.confirm_requested))
        self.edit_button.clicked.connect(lambda: self._with_current(self.edit_requested))
        self.delete_button.clicked.connect(self._delete_current)
        self.reattach_button.clicked.connect(lambda: self._with_current(self.reattach_requested))
        for b in (self.edit_button, self.delete_button, self.confirm_button, self.reattach_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Annotations"))
        self.tag_edit.setPlaceholderText(self.tr("Add a tag…"))
        self.status_label.setText(self.tr("Status:"))
        for i in range(self.status.count()):
            self.status.setItemText(i, status_label(self.status.itemData(i)))
        self.edit_button.setText(self.tr("Edit…"))
        self.delete_button.setText(self.tr("Delete"))
        self.reattach_button.setText(self.tr("Re-attach to Selection"))
        self.confirm_button.setText(self.tr("Confirm Here"))
        self.confirm_button.setToolTip(self.tr("The text this correction was made on changed: apply it to the text it is on now"))
        self.reattach_button.setToolTip(self.tr("Select text in the reader, then move the chosen annotation there"))

    def set_vocabulary(self, tags: list[str]) -> None:
        self.vocabulary.setStringList(tags)

    def show_rows(self, rows: list[Row], status: str) -> None:
        """Show a record's annotations and its review status (from the session)."""
        self.model.set_rows(rows)
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.widget().setEnabled(True)
        self._update_buttons()

    def show_none(self) -> None:
        """No current record: nothing to show or edit."""
        self.model.set_rows([])
        self.status.setCurrentIndex(0)
        self.widget().setEnabled(False)
        self._update_buttons()

    def select_annotation(self, aid: str) -> None:
        for row, placed in enumerate(self.model.rows):
            if placed.annotation.id == aid:
                self.view.selectRow(row)
                return

    def current(self) -> Row | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _with_current(self, signal) -> None:
        row = self.current()
        if row is not None:
            signal.emit(row.annotation)

    def _delete_current(self) -> None:
        self._with_current(self.delete_requested)

    def _tag_entered(self) -> None:
        tag = self.tag_edit.text().strip()
        if tag:
            self.tag_entered.emit(tag)
            self.tag_edit.clear()

    def _update_buttons(self, *_args) -> None:
        row = self.current()
        a = row.annotation if row is not None else None
        self.edit_button.setEnabled(a is not None and (
            a.kind in (AnnotationKind.HIGHLIGHT, AnnotationKind.NOTE, AnnotationKind.CORRECTION) or a.conflict))
        self.delete_button.setEnabled(a is not None)
        self.reattach_button.setEnabled(a is not None and a.anchor is not None)
        self.confirm_button.setEnabled(row is not None and row.moved)
