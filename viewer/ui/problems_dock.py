"""The Problems panel: every diagnostic from loading, in a dock.

Clicking (or pressing Enter on) a problem asks the window to show its
record, or the first record of its file.
"""

from __future__ import annotations

import os

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QDockWidget, QWidget

from viewer.core.records.diagnostics import Problem, Severity
from viewer.ui.problem_text import ProblemText
from viewer.ui.views import table_view

_Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractTableModel):
    """Rows are :class:`~viewer.core.diagnostics.Problem` objects, in load order."""

    HEADERS = ("Severity", "File", "Line", "Message")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []
        self.texts = ProblemText(self)  # the messages in the interface's language
        self._by_file: dict[str, list[Problem]] | None = None  # (made when asked, after each change)

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def problems(self) -> list[Problem]:
        """Every problem listed."""
        return list(self._problems)

    def of_file(self, path: str) -> list[Problem]:
        """The problems listed of one file (its path as the archive has it)."""
        if self._by_file is None:
            by_file: dict[str, list[Problem]] = {}
            for p in self._problems:
                by_file.setdefault(p.file, []).append(p)
            self._by_file = by_file
        return self._by_file.get(path, [])

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self._problems = list(problems)
        self._by_file = None
        self.endResetModel()

    def replace_kinds(self, kinds: frozenset[str], problems: list[Problem]) -> None:
        """Put ``problems`` in place of every problem of those kinds."""
        self.set_problems([p for p in self._problems if p.kind.value not in kinds] + list(problems))

    def add_problems(self, problems: list[Problem]) -> None:
        if not problems:
            return
        first = len(self._problems)
        self.beginInsertRows(QModelIndex(), first, first + len(problems) - 1)
        self._problems.extend(problems)
        self._by_file = None
        self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self._problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self.severity_label(p.severity)
            if column == 1:
                return os.path.basename(p.file)
            if column == 2:
                return "" if p.line is None else p.line
            return self.texts.text(p.message)
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.file if column == 1 else self.texts.text(p.message)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def severity_label(self, severity: Severity) -> str:
        return {
            Severity.ERROR: self.tr("error"),
            Severity.WARNING: self.tr("warning"),
            Severity.NOTE: self.tr("note"),
        }[severity]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.HEADERS):
            return None
        return [self.tr("Severity"), self.tr("File"), self.tr("Line"), self.tr("Message")][section]


class ProblemsDock(QDockWidget):
    """A dock listing problems.

    Signals:
        problem_activated(object): the user chose a
            :class:`~viewer.core.diagnostics.Problem`.
    """

    problem_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsDock")
        self.model = ProblemsModel(self)
        self.view = table_view(self, self.model)
        self.view.setColumnWidth(0, 70)
        self.view.setColumnWidth(1, 220)
        self.view.setColumnWidth(2, 50)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)
        self.setWidget(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Problems"))
        self.model.texts.retranslate()
        if self.model.rowCount():
            self.model.dataChanged.emit(self.model.index(0, 3), self.model.index(self.model.rowCount() - 1, 3))
        # Repaint the header (it asks the model for the new texts). Emitting
        # headerDataChanged from Python leaks a reference to True in PySide6 6.12.
        self.view.horizontalHeader().viewport().update()

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.problem_activated.emit(self.model.problem(index.row()))
