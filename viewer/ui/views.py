"""Shared set-up for the application's table views and dialogs."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QTableView, QWidget


def literal(text: str) -> str:
    """User text (a tag, a colour's name) for a button or a menu, where
    ``&`` would mark a shortcut key and vanish: ``R&D`` stays ``R&D``."""
    return text.replace("&", "&&")


def swatch(colour: str, width: int = 14, height: int = 0) -> QIcon:
    """A rectangle of ``colour`` as an icon (a highlight colour in a menu,
    a box, a button or a table)."""
    pixmap = QPixmap(width, height or width)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def table_view(parent: QWidget, model: QAbstractItemModel, *, padding: int = 6) -> QTableView:
    """A row-selecting table with fixed row heights, no word wrap, no row
    numbers, and the last column stretched."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    rows = view.verticalHeader()
    rows.setVisible(False)
    rows.setDefaultSectionSize(view.fontMetrics().height() + padding)
    rows.setSectionResizeMode(rows.ResizeMode.Fixed)
    view.horizontalHeader().setStretchLastSection(True)
    return view


#: Save dialogs do not offer to replace a file: exports never replace one
#: (the export says so if the name chosen is taken).
NO_REPLACE = QFileDialog.Option.DontConfirmOverwrite
