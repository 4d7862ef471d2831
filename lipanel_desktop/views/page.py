"""The base of every main-window section (Referrals, Panel calendar, Reviews, ...)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from lipanel_desktop.views.context import AppContext


class Page(QWidget):
    """A section of the main window.

    Build widgets in `__init__`; load data in `refresh()` (called when the page is shown
    and when the hub says its topics changed); drop every piece of record content in
    `clear()` (called on lock). `state()`/`restore()` let unlock return the user to where
    they were (the open record, the filters) — never put record content in the state,
    only ids and filter choices.
    """

    #: Hub topics that make this page refresh.
    topics: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self) -> None:
        """Reload from the services."""

    def clear(self) -> None:
        """Forget all record content (the window is being locked)."""

    def state(self) -> dict[str, Any]:
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        """Return to a state from `state()`, after unlock."""

    def open_item(self, **kwargs: Any) -> None:
        """Show one record, for navigation from elsewhere (e.g. review_id=3)."""

    def has_unsaved_changes(self) -> bool:
        return False

    def save_draft(self) -> None:
        """Keep unsaved typing as an encrypted draft (before a lock or a close)."""

    # Optional hooks for the main window's menu commands. The defaults say "nothing to do
    # here", so a page implements only the ones that make sense for it.

    def save(self) -> bool:
        """File > Save (Ctrl+S), and "Yes" to "save changes?" on close. True when saved
        (or nothing to save); False leaves the window open."""
        self.save_draft()
        return True

    def discard_changes(self) -> None:
        """"No" to "save changes?" on close: forget unsaved typing and its draft."""

    def new_item(self) -> bool:
        """File > New (Ctrl+N) while this page is shown. False: the page has no "new"."""
        return False

    def focus_search(self) -> bool:
        """Edit > Find (Ctrl+F). False: the page has no search box."""
        return False

    def print_current(self) -> bool:
        """File > Print (Ctrl+P). False: nothing on this page can be printed."""
        return False

    def undo_stack(self) -> QUndoStack | None:
        """The stack Edit > Undo / Redo (Ctrl+Z, Ctrl+Y) work on while the page is shown."""
        return None
