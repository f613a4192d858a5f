"""Every action of the window, declared once, as data.

Each :class:`ActionSpec` gives an action's id, its text (translated at
build time), its shortcuts, icon, place in the menus and the toolbar, where
its shortcut works, and what it calls. :class:`Actions` builds the
``QAction`` s, the menus and the toolbar from :data:`ACTIONS`, sets every
text again when the language changes, and lists the shortcuts for Help →
Keyboard Shortcuts. (napari declares its actions the same way.)

A handler is named by a path from the window: ``"open_files_dialog"`` is
``window.open_files_dialog``, ``"annotations.highlight"`` is
``window.annotations.highlight``. A dock's show/hide action is the dock's
own toggle action, named by the dock's object name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLineEdit,
    QMainWindow,
    QMenu,
    QStyle,
    QToolBar,
    QWidget,
)

from viewer.ui.help_dialogs import ShortcutsDialog
from viewer.ui.i18n import QT_TRANSLATE_NOOP, RESOURCES
from viewer.ui.labels import STATUSES

K = QKeySequence.StandardKey
SP = QStyle.StandardPixmap

#: Where an action's shortcut works.
WINDOW, READER, GLOBAL = "window", "reader", "global"


@dataclass(frozen=True)
class ActionSpec:
    """One action.

    Attributes:
        id: a stable name (``window.action(id)``).
        text: the menu text, in English with a ``&`` mnemonic (translated).
        handler: what it calls, as a path from the window ('' for a dock's
            toggle action, named by ``dock``).
        shortcuts: key sequences (text, or a standard key).
        menu: the menu it is in ('' for none), e.g. ``file`` or ``annotate/tags``.
        group: actions of one menu with different groups get a separator.
        toolbar: its place on the toolbar, as group × 10 + position (-1:
            not there); groups are set apart by separators.
        icon: the icon's file name in ``resources/icons`` ('' for none).
        fallback: a standard icon when that file is missing.
        where: :data:`WINDOW`, :data:`READER` (only while the reader has
            focus: H, N, C act on its selection) or :data:`GLOBAL` (also
            while a text box has focus, which would otherwise take the key).
        checkable: a toggle (its handler gets the new state).
        dock: the object name of the dock whose toggle action this is.
        arg: passed to the handler when it is not None (tag number, status).
    """

    id: str
    text: str
    handler: str = ""
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    menu: str = ""
    group: int = 0
    toolbar: int = -1
    icon: str = ""
    fallback: QStyle.StandardPixmap | None = None
    where: str = WINDOW
    checkable: bool = False
    dock: str = ""
    arg: object = None


#: The menus, in order, with their titles; submenus are ``parent/name``.
MENUS: tuple[tuple[str, str], ...] = (
    ("file", QT_TRANSLATE_NOOP("Actions", "&File")),
    ("file/recent", QT_TRANSLATE_NOOP("Actions", "Recent &Archives")),
    ("edit", QT_TRANSLATE_NOOP("Actions", "&Edit")),
    ("view", QT_TRANSLATE_NOOP("Actions", "&View")),
    ("go", QT_TRANSLATE_NOOP("Actions", "&Go")),
    ("annotate", QT_TRANSLATE_NOOP("Actions", "&Annotate")),
    ("annotate/colours", QT_TRANSLATE_NOOP("Actions", "Highlight &Colour")),
    ("annotate/tags", QT_TRANSLATE_NOOP("Actions", "&Tags")),
    ("annotate/status", QT_TRANSLATE_NOOP("Actions", "&Mark As")),
    ("review", QT_TRANSLATE_NOOP("Actions", "&Review")),
    ("help", QT_TRANSLATE_NOOP("Actions", "&Help")),
)

#: Where each submenu goes in its parent: after the actions of this group.
SUBMENU_GROUP = {"file/recent": 0, "annotate/colours": 0, "annotate/tags": 2, "annotate/status": 2}

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("open_files", QT_TRANSLATE_NOOP("Actions", "&Open Files…"), "open_files_dialog", (K.Open,), "file", 0, -1, "open-files", SP.SP_DialogOpenButton),
    ActionSpec("open_folder", QT_TRANSLATE_NOOP("Actions", "Open &Folder…"), "open_folder_dialog", ("Ctrl+Shift+O",), "file", 0, 0, "open-folder", SP.SP_DirOpenIcon),
    ActionSpec("reload", QT_TRANSLATE_NOOP("Actions", "&Reload"), "reload", ("F5", "Ctrl+R"), "file", 1, 1, "reload", SP.SP_BrowserReload, GLOBAL),
    ActionSpec("export_records", QT_TRANSLATE_NOOP("Actions", "Export &Records…"), "exports.records_dialog", ("Ctrl+E",), "file", 2, where=GLOBAL),
    ActionSpec("export_annotations", QT_TRANSLATE_NOOP("Actions", "&Export Annotations…"), "annotations.export_dialog", (), "file", 2),
    ActionSpec("quit", QT_TRANSLATE_NOOP("Actions", "&Quit"), "close", (K.Quit,), "file", 3, where=GLOBAL),
    # Edit
    ActionSpec("undo", QT_TRANSLATE_NOOP("Actions", "&Undo"), "annotations.undo", (K.Undo,), "edit", 0),
    ActionSpec("redo", QT_TRANSLATE_NOOP("Actions", "&Redo"), "annotations.redo", (K.Redo,), "edit", 0),
    ActionSpec("copy", QT_TRANSLATE_NOOP("Actions", "&Copy"), "reader.copy", (K.Copy,), "edit", 1),
    ActionSpec("find", QT_TRANSLATE_NOOP("Actions", "&Find in Article…"), "find_bar.open_bar", (K.Find,), "edit", 1, 23, "find", SP.SP_FileDialogContentsView, GLOBAL),
    ActionSpec("search", QT_TRANSLATE_NOOP("Actions", "&Search Archive"), "search.focus", ("Ctrl+K",), "edit", 1, where=GLOBAL),
    ActionSpec("variants", QT_TRANSLATE_NOOP("Actions", "Match Simplified and &Traditional Forms"), "set_match_variants",
               (), "edit", 1, checkable=True),
    ActionSpec("next_hit", QT_TRANSLATE_NOOP("Actions", "Next Search &Hit"), "search.next_hit", ("F3",), "edit", 1, where=GLOBAL),
    ActionSpec("prev_hit", QT_TRANSLATE_NOOP("Actions", "Previous Search Hi&t"), "search.previous_hit", ("Shift+F3",), "edit", 1, where=GLOBAL),
    ActionSpec("filter", QT_TRANSLATE_NOOP("Actions", "Filter &Records"), "search.focus_filter", ("Ctrl+L",), "edit", 1, where=GLOBAL),
    ActionSpec("preferences", QT_TRANSLATE_NOOP("Actions", "&Preferences…"), "show_preferences", (K.Preferences,), "edit", 2),
    # View
    ActionSpec("zoom_in", QT_TRANSLATE_NOOP("Actions", "Zoom &In"), "zoom_in", ("Ctrl+=", "Ctrl++"), "view", 0, 21, "zoom-in"),
    ActionSpec("zoom_out", QT_TRANSLATE_NOOP("Actions", "Zoom &Out"), "zoom_out", ("Ctrl+-",), "view", 0, 20, "zoom-out"),
    ActionSpec("zoom_reset", QT_TRANSLATE_NOOP("Actions", "&Actual Size"), "zoom_reset", ("Ctrl+0",), "view", 0),
    ActionSpec("original", QT_TRANSLATE_NOOP("Actions", "Show &Original Text"), "reader.set_original", ("Ctrl+U",), "view", 1, 22, "original", checkable=True),
    ActionSpec("problems", QT_TRANSLATE_NOOP("Actions", "&Problems"), shortcuts=("Ctrl+Shift+P",), menu="view", group=1, toolbar=24, icon="problems",
               fallback=SP.SP_MessageBoxWarning, dock="problemsDock"),
    ActionSpec("panel", QT_TRANSLATE_NOOP("Actions", "&Annotations"), shortcuts=("Ctrl+Shift+A",), menu="view", group=2, dock="annotationPanel"),
    ActionSpec("browser", QT_TRANSLATE_NOOP("Actions", "All Anno&tations"), shortcuts=("Ctrl+Shift+B",), menu="view", group=2, dock="annotationBrowser"),
    ActionSpec("kwic", QT_TRANSLATE_NOOP("Actions", "&Concordance (KWIC)"), shortcuts=("Ctrl+Shift+K",), menu="view", group=2, dock="kwicDock"),
    ActionSpec("facets", QT_TRANSLATE_NOOP("Actions", "&Facets"), shortcuts=("Ctrl+Shift+F",), menu="view", group=2, dock="facetDock"),
    ActionSpec("charts", QT_TRANSLATE_NOOP("Actions", "&Statistics"), shortcuts=("Ctrl+Shift+S",), menu="view", group=2, dock="statisticsDock"),
    ActionSpec("tracked_changes", QT_TRANSLATE_NOOP("Actions", "Trac&ked Changes"), shortcuts=("Ctrl+Shift+D",), menu="view", group=2,
               dock="diffDock"),
    # Go
    ActionSpec("next_record", QT_TRANSLATE_NOOP("Actions", "&Next Record"), "table.next", ("Ctrl+PgDown",), "go", 0, 11, "next", SP.SP_ArrowDown, GLOBAL),
    ActionSpec("prev_record", QT_TRANSLATE_NOOP("Actions", "&Previous Record"), "table.previous", ("Ctrl+PgUp",), "go", 0, 10, "previous", SP.SP_ArrowUp, GLOBAL),
    # Annotate
    ActionSpec("highlight", QT_TRANSLATE_NOOP("Actions", "&Highlight"), "annotations.highlight", ("H",), "annotate", 0, 30, "highlight", where=READER),
    ActionSpec("note", QT_TRANSLATE_NOOP("Actions", "&Note…"), "annotations.note", ("N",), "annotate", 1, 31, "note", where=READER),
    ActionSpec("correction", QT_TRANSLATE_NOOP("Actions", "&Correction…"), "annotations.correction", ("C",), "annotate", 1, 32, "correction", where=READER),
    ActionSpec("find_replace", QT_TRANSLATE_NOOP("Actions", "Find and &Replace as Corrections…"), "batch.open_dialog",
               ("Ctrl+H",), "annotate", 1, where=GLOBAL),
    *(ActionSpec(f"tag_{n}", QT_TRANSLATE_NOOP("Actions", "Toggle tag %1"), "annotations.toggle_vocabulary_tag", (str(n),), "annotate/tags", 0,
                 arg=n) for n in range(1, 10)),
    ActionSpec("vocabulary", QT_TRANSLATE_NOOP("Actions", "Edit Tag &Vocabulary…"), "annotations.edit_vocabulary", (), "annotate/tags", 1),
    *(ActionSpec(f"status_{s}", s, "review.mark_selected", (), "annotate/status", 0, arg=s)
      for s in STATUSES),
    # Review
    ActionSpec("next_to_proofread", QT_TRANSLATE_NOOP("Actions", "&Next Record to Proofread"), "review.review_next",
               ("F8",), "review", 0, where=GLOBAL, arg="proofread"),
    ActionSpec("mark_proofread_next", QT_TRANSLATE_NOOP("Actions", "Mark &Proofread and Next"), "review.mark_and_next",
               ("Ctrl+F8",), "review", 0, where=GLOBAL, arg="proofread"),
    ActionSpec("next_to_validate", QT_TRANSLATE_NOOP("Actions", "Next Record to &Validate"), "review.review_next",
               ("Shift+F8",), "review", 1, where=GLOBAL, arg="validated"),
    ActionSpec("mark_validated_next", QT_TRANSLATE_NOOP("Actions", "Mark Va&lidated and Next"), "review.mark_and_next",
               ("Ctrl+Shift+F8",), "review", 1, where=GLOBAL, arg="validated"),
    # Help
    ActionSpec("shortcuts", QT_TRANSLATE_NOOP("Actions", "&Keyboard Shortcuts"), "action_set.show_shortcuts", ("F1",), "help", 0),
    ActionSpec("query_help", QT_TRANSLATE_NOOP("Actions", "&Query Language"), "show_query_help", (), "help", 0),
    ActionSpec("about", QT_TRANSLATE_NOOP("Actions", "&About Archive Viewer"), "show_about", (), "help", 1),
)


def icon(name: str, fallback: QStyle.StandardPixmap | None = None) -> QIcon:
    """An icon from ``resources/icons``, or a standard one, or none."""
    path = RESOURCES / "icons" / f"{name}.svg"
    if path.exists():
        return QIcon(str(path))
    if fallback is not None:
        return QApplication.style().standardIcon(fallback)
    return QIcon()


def _resolve(root: object, path: str) -> Callable:
    target = root
    for part in path.split("."):
        target = getattr(target, part)
    assert callable(target), path
    return target


class _LetShortcutsThrough(QObject):
    """Lets the window's global shortcuts work while a text box has focus
    (a line edit takes Ctrl+K, Ctrl+E… for its own editing otherwise)."""

    def __init__(self, keys: set[int], parent: QObject) -> None:
        super().__init__(parent)
        self.keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = event.keyCombination().toCombined()
            if combo in self.keys:
                event.ignore()
                return True
        return False


_MNEMONIC_SUFFIX = re.compile(r"\(&[^&()]\)")


def plain_text(text: str) -> str:
    """An action's text as a label outside its menu: no mnemonic (``&O``,
    or the ``(&O)`` that Chinese texts add) and no trailing ellipsis."""
    text = _MNEMONIC_SUFFIX.sub("", text)
    text = re.sub(r"&(.)", r"\1", text)  # "&&" is a literal "&"
    return text.rstrip("…").strip()


@dataclass
class Actions:
    """The window's actions, menus and toolbar, built from :data:`ACTIONS`.

    Args:
        window: the main window (handlers are found from it).
        reader: the widget that :data:`READER` actions belong to.
    """

    window: QMainWindow
    reader: QWidget
    by_id: dict[str, QAction] = field(default_factory=dict)
    menus: dict[str, QMenu] = field(default_factory=dict)
    toolbar: QToolBar | None = None

    def build(self) -> None:
        """Make every action and connect it to its handler."""
        window = self.window
        for spec in ACTIONS:
            if spec.dock:
                dock = window.findChild(QDockWidget, spec.dock)
                assert dock is not None, spec.dock
                action = dock.toggleViewAction()
                # A dock shown from the menu comes to the front of its tabs.
                action.triggered.connect(lambda on, d=dock: d.raise_() if on else None)
            else:
                action = QAction(window)
                action.setCheckable(spec.checkable)
                handler = _resolve(window, spec.handler)
                if spec.checkable:
                    action.toggled.connect(handler)
                elif spec.arg is not None:
                    action.triggered.connect(lambda _=False, h=handler, a=spec.arg: h(a))
                else:
                    action.triggered.connect(lambda _=False, h=handler: h())
            action.setObjectName(spec.id)
            action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
            if spec.icon or spec.fallback is not None:
                action.setIcon(icon(spec.icon, spec.fallback))
            if spec.where == READER:
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                self.reader.addAction(action)
            else:
                window.addAction(action)
            self.by_id[spec.id] = action

    def build_menus(self) -> None:
        """The menu bar, from :data:`MENUS` and the actions' ``menu``: each
        menu's actions in table order, a separator between groups, and a
        submenu at the end of its group (:data:`SUBMENU_GROUP`)."""
        bar = self.window.menuBar()
        for path, _title in MENUS:
            menu = self.menus[path] = QMenu(self.window)
            menu.setObjectName(f"menu_{path.replace('/', '_')}")
            if "/" not in path:
                bar.addMenu(menu)
        for path, _title in MENUS:
            items: list[tuple[int, int, QAction | QMenu]] = [
                (spec.group, i, self.by_id[spec.id]) for i, spec in enumerate(ACTIONS) if spec.menu == path
            ]
            items += [
                (SUBMENU_GROUP.get(sub, 0), len(ACTIONS), self.menus[sub])
                for sub, _ in MENUS
                if sub.rpartition("/")[0] == path
            ]
            last = None
            for group, _i, item in sorted(items, key=lambda t: (t[0], t[1])):
                if last is not None and group != last:
                    self.menus[path].addSeparator()
                if isinstance(item, QMenu):
                    self.menus[path].addMenu(item)
                else:
                    self.menus[path].addAction(item)
                last = group

    def build_toolbar(self) -> QToolBar:
        """The toolbar's buttons, by group (text boxes are added after them)."""
        toolbar = self.window.addToolBar("")
        toolbar.setObjectName("toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        placed = sorted((s for s in ACTIONS if s.toolbar >= 0), key=lambda s: s.toolbar)
        last = None
        for spec in placed:
            if last is not None and spec.toolbar // 10 != last:
                toolbar.addSeparator()
            toolbar.addAction(self.by_id[spec.id])
            last = spec.toolbar // 10
        toolbar.addSeparator()
        self.toolbar = toolbar
        return toolbar

    def let_through(self, widgets: Iterable[QWidget]) -> None:
        """Let :data:`GLOBAL` shortcuts work while one of ``widgets`` has focus."""
        keys = {
            sequence[0].toCombined()  # type: ignore[index]  # (QKeySequence has operator[]; the stubs lack it)
            for spec in ACTIONS
            if spec.where == GLOBAL
            for sequence in self.by_id[spec.id].shortcuts()
            if sequence.count()
        }
        keeper = _LetShortcutsThrough(keys, self.window)
        for widget in widgets:
            widget.installEventFilter(keeper)

    def retranslate(self) -> None:
        """Set every text again (the language changed)."""
        for path, title in MENUS:
            self.menus[path].setTitle(QCoreApplication.translate("Actions", title))
        for spec in ACTIONS:
            action = self.by_id[spec.id]
            if spec.id.startswith(("tag_", "status_")):
                continue  # their texts depend on the vocabulary and the status labels
            text = QCoreApplication.translate("Actions", spec.text)
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            plain = plain_text(text)
            action.setToolTip(f"{plain} ({keys})" if keys else plain)
        if self.toolbar is not None:
            self.toolbar.setWindowTitle(QCoreApplication.translate("Actions", "Toolbar"))

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(action, keys) for every action that has a shortcut, in menu order."""
        rows = []
        for spec in ACTIONS:
            action = self.by_id[spec.id]
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
            if keys:
                rows.append((plain_text(action.text()), keys))
        return rows

    def show_shortcuts(self) -> None:
        """Help → Keyboard Shortcuts: every shortcut of the window."""
        dialog = ShortcutsDialog(self.shortcut_rows(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def text_boxes(root: QWidget) -> list[QWidget]:
    """The line edits under ``root`` (for :meth:`Actions.let_through`)."""
    return list(root.findChildren(QLineEdit))
