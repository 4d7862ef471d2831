"""The main window's commands: one place that names each action, its shortcut (shown in
the menus) and where it lives in the menu bar. The window connects them to behaviour."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from lipanel_desktop.views.navigation import Section


@dataclass(frozen=True)
class Command:
    key: str
    text: str
    shortcut: QKeySequence.StandardKey | str | None
    tip: str
    #: Only available while a database is unlocked.
    needs_unlock: bool = True


FILE_COMMANDS = (
    Command("new", "&New referral", QKeySequence.StandardKey.New, "Start a new Form A referral"),
    Command("save", "&Save", QKeySequence.StandardKey.Save, "Save what you are editing"),
    Command("print", "&Print…", QKeySequence.StandardKey.Print, "Print what is shown"),
    Command("lock", "&Lock", "Ctrl+L", "Lock the window at once: the key is dropped until you unlock"),
    Command("close_database", "&Close database", None, "Close this database and return to the unlock screen"),
    Command("quit", "&Quit", "Ctrl+Q", "Close the program", needs_unlock=False),
)
EDIT_COMMANDS = (
    Command("find", "&Find…", QKeySequence.StandardKey.Find, "Search in the list that is shown"),
)
VIEW_COMMANDS = (
    Command("text_larger", "&Larger text", QKeySequence.StandardKey.ZoomIn, "Make all text larger (up to 200%)", False),
    Command("text_smaller", "&Smaller text", QKeySequence.StandardKey.ZoomOut, "Make all text smaller", False),
    Command("text_normal", "&Normal text size", "Ctrl+0", "Return to the normal text size", False),
    Command("high_contrast", "&High contrast", None, "White on black, for low vision", False),
)
HELP_COMMANDS = (
    Command("help", "&Guide", QKeySequence.StandardKey.HelpContents, "A short guide to the program", False),
    Command("about", "&About LIPanel", None, "Version and where data is kept", False),
)


class WindowActions:
    """Creates the actions and menus of one main window."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.by_key: dict[str, QAction] = {}
        self.undo_group = QUndoGroup(window)
        bar = window.menuBar()
        self.file_menu = self._menu(bar.addMenu("&File"), FILE_COMMANDS, separators_before={"lock", "quit"})
        self.edit_menu = bar.addMenu("&Edit")
        undo = self.undo_group.createUndoAction(window, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(window, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.by_key["undo"], self.by_key["redo"] = undo, redo
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.edit_menu.addSeparator()
        self._menu(self.edit_menu, EDIT_COMMANDS)
        self.go_menu = bar.addMenu("&Go")
        self.view_menu = self._menu(bar.addMenu("&View"), VIEW_COMMANDS, separators_before={"high_contrast"})
        self.by_key["high_contrast"].setCheckable(True)
        self.help_menu = self._menu(bar.addMenu("&Help"), HELP_COMMANDS)
        self.section_actions: dict[str, QAction] = {}

    def _menu(self, menu: QMenu, commands: tuple[Command, ...], separators_before: set[str] = frozenset()) -> QMenu:
        for command in commands:
            if command.key in separators_before:
                menu.addSeparator()
            action = QAction(command.text, self.window)
            if command.shortcut is not None:
                action.setShortcut(QKeySequence(command.shortcut))
            action.setStatusTip(command.tip)
            action.setToolTip(command.tip)
            action.setProperty("needs_unlock", command.needs_unlock)
            menu.addAction(action)
            self.by_key[command.key] = action
        return menu

    def set_sections(self, sections: list[Section]) -> dict[str, QAction]:
        self.go_menu.clear()
        self.section_actions = {}
        for section in sections:
            action = QAction(section.title, self.window)
            if section.shortcut:
                action.setShortcut(QKeySequence(section.shortcut))
            action.setStatusTip(f"Show {section.title}")
            self.go_menu.addAction(action)
            self.section_actions[section.key] = action
        return self.section_actions

    def set_unlocked(self, unlocked: bool) -> None:
        for action in self.by_key.values():
            if action.property("needs_unlock"):
                action.setEnabled(unlocked)
        self.go_menu.setEnabled(unlocked)
        self.edit_menu.setEnabled(unlocked)
        if not unlocked:
            self.undo_group.setActiveStack(None)

    def __getitem__(self, key: str) -> QAction:
        return self.by_key[key]
