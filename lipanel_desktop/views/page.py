"""The base of every main-window section (Referrals, Panel calendar, Reviews, ...)."""

from __future__ import annotations

from typing import Any

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
