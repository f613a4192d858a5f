"""Annotate → Find and Replace: proposals to review, then corrections in bulk.

The dialog lists every place the text occurs in the records shown, each in
its context with a box to tick; nothing becomes a correction until the
editor chooses "Propose Checked" (open corrections) or "Accept Checked".
The search runs in the background; the dialog only shows and forwards.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from viewer.core.batch_corrections import TEXT_FIELDS, Proposal
from viewer.core.records.checks import parse_confusions
from viewer.core.records.fields import field_name
from viewer.ui.views import table_view

_Index = QModelIndex | QPersistentModelIndex


class ProposalsModel(QAbstractTableModel):
    """Proposals with a tick each: record, field, context before, the change, context after."""

    COLUMNS = 5

    def __init__(self, title_of, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Proposal] = []
        self.checked: list[bool] = []
        self._title_of = title_of

    def set_rows(self, rows: list[Proposal]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.checked = [True] * len(rows)
        self.endResetModel()

    def set_all(self, on: bool) -> None:
        if not self.rows:
            return
        self.checked = [on] * len(self.rows)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole])

    def chosen(self) -> list[Proposal]:
        return [p for p, on in zip(self.rows, self.checked) if on]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() and index.column() == 0 else base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return Qt.CheckState.Checked if self.checked[index.row()] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._title_of(p.rid)
            if column == 1:
                return field_name(p.field)
            if column == 2:
                return p.left.replace("\n", " ⏎ ")
            if column == 3:
                return f"{p.found} → {p.replacement}"
            return p.right.replace("\n", " ⏎ ")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return QColor("#c92a2a")
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        self.checked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < 5:
            return None
        return [self.tr("Record"), self.tr("Field"), self.tr("Before"), self.tr("Change"), self.tr("After")][section]


class _LeftElided(QStyledItemDelegate):
    """Cuts text on the left, so the context next to the match stays in view."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class BatchCorrectionDialog(QDialog):
    """Find text in the records shown and make corrections of the places ticked.

    Signals:
        find_requested(object, object): find these (find, replace) pairs in
            these field codes.
        add_requested(object, str): make these proposals corrections with
            this status (``open`` or ``accepted``).
        open_requested(object): show this proposal's record.
    """

    find_requested = Signal(object, object)
    add_requested = Signal(object, str)
    open_requested = Signal(object)

    def __init__(self, title_of, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchCorrections")
        self.setWindowTitle(self.tr("Find and Replace as Corrections"))
        self.pairs: list[tuple[str, str]] = []
        self.find_text = QLineEdit(self)
        self.find_text.setObjectName("findText")
        self.replace_text = QLineEdit(self)
        self.replace_text.setObjectName("replaceText")
        self.field = QComboBox(self)
        self.field.setObjectName("fieldChoice")
        self.field.addItem(self.tr("All text fields (引题 标题 副题 作者 正文)"), "")
        for code in TEXT_FIELDS:
            self.field.addItem(field_name(code), code)
        self.list_button = QPushButton(self.tr("Use a List of Misreadings…"), self)
        self.list_label = QLabel(self)
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.setObjectName("findButton")
        self.find_button.setDefault(True)
        form = QFormLayout()
        form.addRow(self.tr("Find:"), self.find_text)
        form.addRow(self.tr("Replace with:"), self.replace_text)
        form.addRow(self.tr("In:"), self.field)
        row = QHBoxLayout()
        row.addWidget(self.list_button)
        row.addWidget(self.list_label, 1)
        row.addWidget(self.find_button)
        self.model = ProposalsModel(title_of, self)
        self.view = table_view(self, self.model)
        self.view.setObjectName("proposals")
        self.view.setColumnWidth(0, 220)
        self.view.setColumnWidth(1, 50)
        self.view.setColumnWidth(2, 180)
        self.view.setColumnWidth(3, 120)
        self.view.setItemDelegateForColumn(2, _LeftElided(self.view))
        self.view.doubleClicked.connect(lambda i: self.open_requested.emit(self.model.rows[i.row()]))
        self.count = QLabel(self)
        self.count.setObjectName("proposalCount")
        self.check_all = QPushButton(self.tr("Tick All"), self)
        self.uncheck_all = QPushButton(self.tr("Untick All"), self)
        self.propose = QPushButton(self.tr("Propose Ticked"), self)
        self.propose.setObjectName("proposeTicked")
        self.propose.setToolTip(self.tr("Make open corrections of the places ticked, to review in the reader"))
        self.accept_button = QPushButton(self.tr("Accept Ticked"), self)
        self.accept_button.setObjectName("acceptTicked")
        self.accept_button.setToolTip(self.tr("Make accepted corrections of the places ticked (Undo takes them back)"))
        close = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        for b in (self.check_all, self.uncheck_all):
            buttons.addWidget(b)
        buttons.addWidget(self.count, 1)
        for b in (self.propose, self.accept_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.find_button.clicked.connect(self._find)
        self.list_button.clicked.connect(self._choose_list)
        self.check_all.clicked.connect(lambda: self.model.set_all(True))
        self.uncheck_all.clicked.connect(lambda: self.model.set_all(False))
        self.propose.clicked.connect(lambda: self._add("open"))
        self.accept_button.clicked.connect(lambda: self._add("accepted"))
        close.clicked.connect(self.close)
        self.model.modelReset.connect(self._update)
        self.model.dataChanged.connect(self._update)
        self.find_text.textEdited.connect(self._typed)
        self.replace_text.textEdited.connect(self._typed)
        self.resize(900, 560)
        self._update()

    def show_proposals(self, proposals: list[Proposal], note: str = "") -> None:
        self.model.set_rows(proposals)
        if note:
            self.count.setText(note)

    def set_pairs(self, pairs: list[tuple[str, str]], source: str) -> None:
        """Find many (find, replace) pairs at once (a list of misreadings)."""
        self.pairs = pairs
        self.list_label.setText(QCoreApplication.translate(
            "BatchCorrectionDialog", "%1 pairs from %2").replace("%1", str(len(pairs))).replace("%2", source))
        self.find_text.setEnabled(not pairs)
        self.replace_text.setEnabled(not pairs)

    def _typed(self, *_args) -> None:
        if self.pairs:
            self.set_pairs([], "")
            self.list_label.clear()

    def _choose_list(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("List of Misreadings"), "",
                                              self.tr("Text files (*.txt);;All files (*)"))
        if not path:
            return
        try:
            with open(path, "rb") as fh:
                pairs = [(w, r) for w, r in parse_confusions(fh.read().decode("utf-8")) if r]
        except (OSError, UnicodeDecodeError) as e:
            self.list_label.setText(self.tr("cannot read %1: %2").replace("%1", path).replace(
                "%2", getattr(e, "strerror", None) or str(e)))
            return
        self.set_pairs(pairs, path.rsplit("/", 1)[-1])

    def _find(self) -> None:
        pairs = self.pairs or ([(self.find_text.text(), self.replace_text.text())] if self.find_text.text() else [])
        if not pairs:
            return
        code = self.field.currentData()
        self.count.setText(self.tr("Finding…"))
        self.find_requested.emit(pairs, [code] if code else list(TEXT_FIELDS))

    def _add(self, status: str) -> None:
        chosen = self.model.chosen()
        if chosen:
            self.add_requested.emit(chosen, status)

    def _update(self, *_args) -> None:
        n, ticked = len(self.model.rows), len(self.model.chosen())
        self.count.setText(self.tr("%1 places, %2 ticked").replace("%1", f"{n:,}").replace("%2", f"{ticked:,}"))
        for b in (self.propose, self.accept_button):
            b.setEnabled(ticked > 0)
