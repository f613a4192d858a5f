"""The annotation sidebar: the current record's annotations as cards.

Each card (:mod:`viewer.core.annotations.cards` orders and filters them)
shows its colour, the quote, the note, a correction with its status, the
author and the time. Clicking a card selects its span in the reader;
double-clicking (or F2) edits its note in place (Ctrl+Enter or leaving the
card keeps it, Escape drops it); the Edit… button opens the full dialog;
Delete removes it. Orphans (spans no longer found in the text) show their
quote and can be re-attached to the reader's selection or deleted.

Above the cards: the record's tags as chips (✕ removes one), a box to add
a tag, the review status, and the kind and colour filters.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.annotations.anchoring import Placement
from viewer.core.annotations.cards import CardFilter, Placed, cards
from viewer.core.annotations.model import Annotation, AnnotationKind, ReviewStatus
from viewer.core.records.fields import ZW
from viewer.ui.labels import correction_status_label, local_time, status_label
from viewer.ui.views import literal, swatch

_Index = QModelIndex | QPersistentModelIndex

Row = Placed

#: The role that gives a card's :class:`Placed` row.
CARD_ROLE = Qt.ItemDataRole.UserRole + 1

#: The colours of the cards' bars for what has no highlight colour.
NOTE_COLOUR = "#1971c2"
CORRECTION_COLOUR = "#e8590c"
ORPHAN_COLOUR = "#c92a2a"
MOVED_COLOUR = "#e8590c"
CONFLICT_COLOUR = "#d9480f"

#: The longest quote a card shows in full (longer ones end in "…").
QUOTE_CHARS = 140


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


def quote_text(row: Row) -> str:
    """What a card says of the text it is on: the quote, or that it is
    lost, or moved, or that the note is on the whole record."""
    a = row.annotation
    if a.anchor is None:
        return QCoreApplication.translate("AnnotationCard", "(whole record)")
    quote = a.anchor.exact
    if len(quote) > QUOTE_CHARS:
        quote = quote[:QUOTE_CHARS] + "…"
    if row.how is Placement.ORPHAN:
        return QCoreApplication.translate("AnnotationCard", "orphan: “%1”").replace("%1", quote)
    if row.moved:
        return QCoreApplication.translate("AnnotationCard", "moved: “%1”, now on “%2”").replace("%1", quote).replace("%2", row.found)
    return f"“{quote}”"


def note_text(a: Annotation) -> str:
    """The card's note: a note's or a highlight's text, a correction's reason."""
    return a.reason if a.kind is AnnotationKind.CORRECTION else a.text


def correction_text(a: Annotation) -> str:
    """``→ replacement · status`` for a correction, else empty."""
    if a.kind is not AnnotationKind.CORRECTION:
        return ""
    return f"→ {a.replacement}  · {correction_status_label(a.status)}"


def header_text(a: Annotation) -> str:
    """The card's first line: kind (and colour), author, time."""
    kind = kind_text(a)
    if a.kind is AnnotationKind.HIGHLIGHT and a.colour:
        kind = f"{kind} · {a.colour}"
    when = local_time(a.modified)
    return " · ".join(x for x in (kind, a.author, when) if x)


class CardsModel(QAbstractListModel):
    """The cards of the current record (:func:`~viewer.core.annotations.cards.cards`).

    :attr:`all` holds every annotation of the record but its status (tags
    too); :attr:`rows` the cards shown, in reading order.

    Signals:
        note_edited(object, str): an annotation's note was edited in place
            (emitted after the edit has returned to the event loop).
    """

    note_edited = Signal(object, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all: list[Row] = []
        self.rows: list[Row] = []
        self.shown = CardFilter()
        self.colours: dict[str, str] = {}

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.all = list(rows)
        self.rows = cards(self.all, self.shown)
        self.endResetModel()

    def set_filter(self, shown: CardFilter) -> None:
        self.shown = shown
        self.set_rows(self.all)

    def tags(self) -> list[Annotation]:
        """The record's tags, as they were added."""
        return [r.annotation for r in self.all if r.annotation.kind is AnnotationKind.TAG]

    def bar_colour(self, row: Row) -> str:
        a = row.annotation
        if row.how is Placement.ORPHAN:
            return ORPHAN_COLOUR
        if row.moved:
            return MOVED_COLOUR
        if a.kind is AnnotationKind.HIGHLIGHT:
            return self.colours.get(a.colour, "#ffe066")
        return CORRECTION_COLOUR if a.kind is AnnotationKind.CORRECTION else NOTE_COLOUR

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        a = row.annotation
        if role == Qt.ItemDataRole.DisplayRole:  # what a screen reader says (the delegate paints the card)
            return "\n".join(x for x in (header_text(a), quote_text(row), correction_text(a), note_text(a)) if x)
        if role == Qt.ItemDataRole.EditRole:
            return note_text(a)
        if role == CARD_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(self.bar_colour(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = QCoreApplication.translate("AnnotationCard", "Click to show it in the article; double-click to edit the note")
            return f"{conflict_tip()}\n{tip}" if a.conflict else tip
        return None

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return False
        a = self.rows[index.row()].annotation
        text = str(value)
        if text.strip() == note_text(a).strip():
            return False
        # The edit comes back through the session, which resets this model:
        # not while the view is still closing its editor.
        QTimer.singleShot(0, lambda: self.note_edited.emit(a, text))
        return True


class CardDelegate(QStyledItemDelegate):
    """Paints a card; edits its note in a text box over the card."""

    PAD = 8
    MARGIN = 4
    BAR = 4
    GAP = 3

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    # -- layout ------------------------------------------------------------------------

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        small = QFont(base)
        small.setPointSizeF(max(6.0, base.pointSizeF() * 0.85))
        quote = QFont(base)
        quote.setItalic(True)
        strong = QFont(base)
        strong.setBold(True)
        return small, quote, strong

    def _blocks(self, row: Row, base: QFont, palette) -> list[tuple[str, QFont, QColor, int]]:
        """(text, font, colour, most lines) from top to bottom."""
        a = row.annotation
        small, quote, strong = self._fonts(base)
        grey = palette.placeholderText().color()
        text = palette.text().color()
        quote_colour = (QColor(ORPHAN_COLOUR) if row.how is Placement.ORPHAN else
                        QColor(MOVED_COLOUR) if row.moved else text)
        header = header_text(a)
        if a.anchor is not None and a.anchor.field != ZW:
            header = f"{header} · {a.anchor.field}"
        blocks = [(header, small, QColor(CONFLICT_COLOUR) if a.conflict else grey, 1),
                  (quote_text(row), quote, quote_colour, 4)]
        if a.kind is AnnotationKind.CORRECTION:
            blocks.append((correction_text(a), strong, QColor("#2b8a3e") if a.status == "accepted" else text, 3))
        note = note_text(a)
        if note:
            blocks.append((note, base, text, 12))
        return blocks

    def _inner_width(self) -> int:
        return max(60, self.view.viewport().width() - 2 * self.MARGIN - 2 * self.PAD - self.BAR)

    @staticmethod
    def _height(text: str, font: QFont, width: int, lines: int) -> int:
        metrics = QFontMetrics(font)
        needed = metrics.boundingRect(QRect(0, 0, width, 100000), Qt.TextFlag.TextWordWrap, text).height()
        # a line of Chinese (from a fallback font) can be taller than the font's own line
        line = max(metrics.lineSpacing(), metrics.boundingRect("国Ag").height())
        return min(needed, lines * line)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        row = index.data(CARD_ROLE)
        if row is None:
            return super().sizeHint(option, index)
        width = self._inner_width()
        blocks = self._blocks(row, option.font, option.palette)
        height = sum(self._height(t, f, width, n) for t, f, _c, n in blocks) + self.GAP * (len(blocks) - 1)
        return QSize(width, height + 2 * self.PAD + 2 * self.MARGIN)

    # -- painting ----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row = index.data(CARD_ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        card = QRectF(option.rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(palette.highlight().color(), 2) if selected else QPen(palette.mid().color(), 1))
        painter.setBrush(palette.base())
        painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(index.data(Qt.ItemDataRole.DecorationRole))
        painter.drawRoundedRect(QRectF(card.left() + 1, card.top() + 1, self.BAR, card.height() - 2), 2, 2)
        left = int(card.left()) + self.BAR + self.PAD
        width = self._inner_width()
        y = int(card.top()) + self.PAD
        for text, font, colour, lines in self._blocks(row, option.font, palette):
            height = self._height(text, font, width, lines)
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(QRect(left, y, width, height), int(Qt.TextFlag.TextWordWrap), text)
            y += height + self.GAP
        painter.restore()

    # -- editing the note in place -----------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setObjectName("cardNoteEditor")
        editor.setTabChangesFocus(True)
        row = index.data(CARD_ROLE)
        if row is not None and row.annotation.kind is AnnotationKind.CORRECTION:
            editor.setPlaceholderText(QCoreApplication.translate("AnnotationCard", "Reason for the correction"))
        else:
            editor.setPlaceholderText(QCoreApplication.translate("AnnotationCard", "Write a note… (Ctrl+Enter keeps it, Escape drops it)"))
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: _Index) -> None:
        rect = option.rect.adjusted(self.MARGIN + self.BAR + 2, self.MARGIN + 2, -self.MARGIN - 2, -self.MARGIN - 2)
        rect.setHeight(max(rect.height(), 4 * editor.fontMetrics().lineSpacing()))
        editor.setGeometry(rect)

    def eventFilter(self, editor, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


class CardList(QListView):
    """The list of cards, which says so when it has none to show."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.empty_text = ""

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(12, 12, -12, -12),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                             self.empty_text)


class TagChips(QWidget):
    """The record's tags as chips; ✕ on a chip removes that tag.

    Signals:
        remove_requested(object): remove this tag annotation.
    """

    remove_requested = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tagChips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.chips: list[QToolButton] = []

    def set_tags(self, tags: list[Annotation]) -> None:
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        while self._layout.count():
            self._layout.takeAt(0)
        for a in tags:
            chip = QToolButton(self)
            chip.setText(f"{literal(a.tag)}  ✕")
            chip.setToolTip(QCoreApplication.translate("AnnotationCard", "Remove the tag %1").replace("%1", a.tag))
            chip.setAutoRaise(False)
            chip.setStyleSheet("QToolButton { border: 1px solid #a5d8ff; border-radius: 9px; background: #e7f5ff;"
                               " padding: 1px 6px; }")
            chip.clicked.connect(lambda _=False, a=a: self.remove_requested.emit(a))
            self._layout.addWidget(chip)
            self.chips.append(chip)
        self._layout.addStretch(1)
        self.setVisible(bool(tags))


class AnnotationPanel(QDockWidget):
    """The current record's annotations, as cards in reading order.

    Signals:
        span_requested(object): show this annotation's span in the reader.
        edit_requested(object): edit this annotation (in its dialog).
        note_edited(object, str): this annotation's note, edited in place.
        confirm_requested(object): confirm this moved correction where it is now.
        delete_requested(object): delete this annotation (a tag's chip too).
        reattach_requested(object): move this annotation to the reader's selection.
        tag_entered(str): add this tag to the current record.
        status_chosen(str): give the current record this review status.
    """

    span_requested = Signal(object)
    edit_requested = Signal(object)
    note_edited = Signal(object, str)
    confirm_requested = Signal(object)
    delete_requested = Signal(object)
    reattach_requested = Signal(object)
    tag_entered = Signal(str)
    status_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationPanel")
        self.model = CardsModel(self)
        self.model.note_edited.connect(self.note_edited)
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
        self.chips = TagChips(body)
        self.chips.remove_requested.connect(self.delete_requested)
        self.chips.setVisible(False)
        layout.addWidget(self.chips)
        filters = QHBoxLayout()
        self.kind_filter = QComboBox(body)
        self.kind_filter.setObjectName("cardKind")
        for kind in (None, AnnotationKind.HIGHLIGHT, AnnotationKind.NOTE, AnnotationKind.CORRECTION):
            self.kind_filter.addItem("", kind.value if kind else "")
        self.colour_filter = QComboBox(body)
        self.colour_filter.setObjectName("cardColour")
        self.kind_filter.activated.connect(self._filter_changed)
        self.colour_filter.activated.connect(self._filter_changed)
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.colour_filter, 1)
        layout.addLayout(filters)
        self.view = CardList(body)
        self.view.setObjectName("annotationCards")
        self.view.setModel(self.model)
        self.view.setItemDelegate(CardDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.clicked.connect(lambda i: self.span_requested.emit(self.model.rows[i.row()]))
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self._delete_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        layout.addWidget(self.view, 1)
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
        self.set_colours({})
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Annotations"))
        self.tag_edit.setPlaceholderText(self.tr("Add a tag…"))
        self.status_label.setText(self.tr("Status:"))
        for i in range(self.status.count()):
            self.status.setItemText(i, status_label(self.status.itemData(i)))
        kinds = [self.tr("All kinds"), self.tr("Highlights"), self.tr("Notes"), self.tr("Corrections")]
        for i, text in enumerate(kinds):
            self.kind_filter.setItemText(i, text)
        self.colour_filter.setItemText(0, self.tr("All colours"))
        self.edit_button.setText(self.tr("Edit…"))
        self.delete_button.setText(self.tr("Delete"))
        self.reattach_button.setText(self.tr("Re-attach to Selection"))
        self.confirm_button.setText(self.tr("Confirm Here"))
        self.confirm_button.setToolTip(self.tr("The text this correction was made on changed: apply it to the text it is on now"))
        self.reattach_button.setToolTip(self.tr("Select text in the reader, then move the chosen annotation there"))
        self._update_empty_text()

    def set_colours(self, colours: dict[str, str]) -> None:
        """The highlight colours (name → colour), for the cards and the colour filter."""
        self.model.colours = colours
        chosen = self.colour_filter.currentData() or ""
        self.colour_filter.clear()
        self.colour_filter.addItem(self.tr("All colours"), "")
        for name, colour in colours.items():
            self.colour_filter.addItem(swatch(colour, 12), name, name)
        self.colour_filter.setCurrentIndex(max(0, self.colour_filter.findData(chosen)))
        self.view.viewport().update()

    def set_vocabulary(self, tags: list[str]) -> None:
        self.vocabulary.setStringList(tags)

    def show_rows(self, rows: list[Row], status: str) -> None:
        """Show a record's annotations and its review status (from the session);
        the card chosen stays chosen if it is still there."""
        chosen = self.current()
        self.model.set_rows(rows)
        if chosen is not None:
            self.select_annotation(chosen.annotation.id)
        self.chips.set_tags(self.model.tags())
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.widget().setEnabled(True)
        self._update_empty_text()
        self._update_buttons()

    def show_none(self) -> None:
        """No current record: nothing to show or edit."""
        self.model.set_rows([])
        self.chips.set_tags([])
        self.status.setCurrentIndex(0)
        self.widget().setEnabled(False)
        self._update_empty_text()
        self._update_buttons()

    def shown(self) -> CardFilter:
        """The kinds and colour the cards are filtered to."""
        return self.model.shown

    def set_shown(self, shown: CardFilter) -> None:
        """Filter the cards (and set the filter boxes to say so)."""
        kind = next(iter(shown.kinds)).value if len(shown.kinds) == 1 else ""
        self.kind_filter.setCurrentIndex(max(0, self.kind_filter.findData(kind)))
        self.colour_filter.setCurrentIndex(max(0, self.colour_filter.findData(shown.colour)))
        self.model.set_filter(shown)
        self._update_empty_text()
        self._update_buttons()

    def select_annotation(self, aid: str) -> None:
        """Select the card of this annotation (showing every card if the
        filter hides it)."""
        if not any(r.annotation.id == aid for r in self.model.rows) and any(
                r.annotation.id == aid for r in self.model.all):
            self.set_shown(CardFilter())
        for row, placed in enumerate(self.model.rows):
            if placed.annotation.id == aid:
                index = self.model.index(row)
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return

    def current(self) -> Row | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def edit_note(self) -> bool:
        """Start editing the chosen card's note in place."""
        index = self.view.currentIndex()
        if not index.isValid():
            return False
        self.view.edit(index)
        return True

    def _filter_changed(self, *_args) -> None:
        kind = self.kind_filter.currentData() or ""
        self.model.set_filter(CardFilter(frozenset({AnnotationKind(kind)}) if kind else frozenset(),
                                         self.colour_filter.currentData() or ""))
        self._update_empty_text()
        self._update_buttons()

    def _update_empty_text(self) -> None:
        if not self.widget().isEnabled():
            text = ""
        elif self.model.rows:
            text = ""
        elif self.model.shown.narrows and any(r.annotation.kind is not AnnotationKind.TAG for r in self.model.all):
            text = self.tr("No annotation of this record matches the filter.")
        else:
            text = self.tr("No annotations yet. Select text in the article, then press H to highlight it, "
                           "N to add a note or C to propose a correction.")
        self.view.empty_text = text
        self.view.viewport().update()

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
