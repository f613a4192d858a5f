"""A record's picture at full size, in a window of its own."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget


class PictureDialog(QDialog):
    """Shows one image at its own size, scrollable when larger than the screen.

    Args:
        image: the picture.
        title: the window title (the picture's file name).
        path: the file it was read from, shown under it.
    """

    def __init__(self, image: QImage, title: str, path: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pictureDialog")
        self.setWindowTitle(title)
        self.label = QLabel(self)
        self.label.setPixmap(QPixmap.fromImage(image))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        area = QScrollArea(self)
        area.setWidget(self.label)
        area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where = QLabel(path, self)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(where)
        layout.addWidget(buttons)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableSize() * 0.9 if screen is not None else image.size()
        self.resize(min(image.width() + 48, room.width()), min(image.height() + 110, room.height()))
