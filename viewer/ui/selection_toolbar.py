"""The small toolbar that floats over the reader's text.

It comes up where the mouse lets go of a selection in the article
(highlight in one of the colours, note, correction), and where a click
lands on an annotation drawn in the text (change its colour, edit its
note, delete it). It goes away when it is used, when the selection goes,
when the text scrolls, or with Escape.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QTextEdit, QToolButton, QWidget

from viewer.ui.views import swatch


class SelectionToolbar(QFrame):
    """Buttons over the reader's text, for a selection or for one annotation.

    Each signal but ``correction_requested`` carries the id of the
    annotation the toolbar was for ("" for the selection).

    Signals:
        colour_chosen(str, str): a highlight colour's name was clicked.
        note_requested(str): Note (for a selection) or Edit Note (for an annotation).
        correction_requested(): Correction (for a selection).
        delete_requested(str): Delete (for an annotation).
    """

    colour_chosen = Signal(str, str)
    note_requested = Signal(str)
    correction_requested = Signal()
    delete_requested = Signal(str)

    SELECTION = "selection"
    ANNOTATION = "annotation"

    def __init__(self, reader: QTextEdit) -> None:
        super().__init__(reader.viewport())
        self.setObjectName("selectionToolbar")
        self.reader = reader
        self.mode = ""
        self.annotation = ""  # the annotation's id, in annotation mode
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 3, 4, 3)
        self._layout.setSpacing(2)
        self.colour_buttons: list[QToolButton] = []
        self.note_button = self._button("noteButton", self.note_requested)
        self.correction_button = self._button("correctionButton", self.correction_requested)
        self.delete_button = self._button("deleteButton", self.delete_requested)
        self.hide()
        reader.verticalScrollBar().valueChanged.connect(self.hide)
        reader.selectionChanged.connect(self._selection_changed)
        reader.installEventFilter(self)
        self.retranslate()

    def _button(self, name: str, signal) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(lambda: self._use(signal))
        self._layout.addWidget(button)
        return button

    def _use(self, signal, *values) -> None:
        """A button was clicked: go away, then say so (for what it was for)."""
        aid = self.annotation
        self.hide()
        if signal is self.correction_requested:
            signal.emit()
        else:
            signal.emit(*values, aid)

    def retranslate(self) -> None:
        self.correction_button.setText(self.tr("Correction"))
        self.delete_button.setText(self.tr("Delete"))
        self.note_button.setText(self.tr("Note") if self.mode != self.ANNOTATION else self.tr("Edit Note"))

    def set_colours(self, colours: dict[str, str]) -> None:
        """The highlight colours (name → RGB), one button each."""
        for button in self.colour_buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.colour_buttons = []
        for i, (name, colour) in enumerate(colours.items()):
            button = QToolButton(self)
            button.setObjectName(f"colour:{name}")
            button.setIcon(swatch(colour, 16))
            button.setToolTip(self.tr("Highlight: %1").replace("%1", name))
            button.setAutoRaise(True)
            button.clicked.connect(lambda _=False, n=name: self._use(self.colour_chosen, n))
            self._layout.insertWidget(i, button)
            self.colour_buttons.append(button)

    def popup_for_selection(self, at: QPoint) -> None:
        """Offer highlight, note and correction for the reader's selection,
        just above ``at`` (viewport coordinates)."""
        self._popup(self.SELECTION, "", True, at)

    def popup_for_annotation(self, aid: str, highlight: bool, at: QPoint) -> None:
        """Offer a colour (for a highlight), Edit Note and Delete for one
        annotation, just above ``at``."""
        self._popup(self.ANNOTATION, aid, highlight, at)

    def _popup(self, mode: str, aid: str, colours: bool, at: QPoint) -> None:
        self.mode, self.annotation = mode, aid
        for button in self.colour_buttons:
            button.setVisible(colours)
        self.correction_button.setVisible(mode == self.SELECTION)
        self.delete_button.setVisible(mode == self.ANNOTATION)
        self.retranslate()
        self._place(at)

    def _place(self, at: QPoint) -> None:
        self.adjustSize()
        parent = self.parentWidget()
        room = parent.rect() if isinstance(parent, QWidget) else self.rect()
        x = max(2, min(at.x() - self.width() // 2, room.width() - self.width() - 2))
        y = at.y() - self.height() - 12
        if y < 2:
            y = at.y() + 16  # no room above: below the line
        self.move(x, y)
        self.show()
        self.raise_()

    def _selection_changed(self) -> None:
        if self.mode == self.SELECTION and not self.reader.textCursor().hasSelection():
            self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.reader and self.isVisible() and isinstance(event, QKeyEvent)
                and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape):
            self.hide()
            return True
        return super().eventFilter(watched, event)
