"""The sections of the main window: which ones this user sees, their pages built on first
show, refreshed when the hub says their topics changed, and cleared on lock.

A section appears only when its page module exists (others' pages arrive over time) and
the user's role allows it. A page that exists but fails to build is replaced by a calm
message and the bug is logged without record content; the rest of the window works on.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from lipanel_desktop.crash_log import log_bug
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.navigation import SECTIONS, Section
from lipanel_desktop.views.page import Page

if TYPE_CHECKING:
    from lipanel_desktop.storage.store import Identity


def module_exists(section: Section) -> bool:
    module_name = section.page.partition(":")[0]
    try:
        return importlib.util.find_spec(module_name) is not None
    except (ImportError, ValueError):
        return False


def visible_sections(identity: Identity) -> list[Section]:
    from lipanel_desktop.services.permissions import allowed

    return [s for s in SECTIONS if allowed(identity, s.permission) and module_exists(s)]


class BrokenPage(Page):
    """Shown in place of a page that could not be built."""

    def __init__(self, ctx: AppContext, title: str, where: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        message = QLabel(
            f"The {title} section could not be opened because of a fault in the program. "
            f"Your other work is not affected.{where}"
        )
        message.setObjectName("Calm")
        message.setWordWrap(True)
        message.setAccessibleName(f"{title} could not be opened")
        layout.addWidget(message)
        layout.addStretch(1)


class PageHost(QStackedWidget):
    """Holds one page per section, built when first shown."""

    page_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.sections: list[Section] = []
        self._pages: dict[str, Page] = {}
        self._stale: set[str] = set()
        #: States kept across a lock, applied when each page is built again.
        self._pending: dict[str, dict[str, Any]] = {}
        self._current = ""

    # -- set-up ------------------------------------------------------------------

    def start(self, ctx: AppContext, sections: list[Section], states: dict[str, dict[str, Any]] | None = None) -> None:
        self.ctx = ctx
        self.sections = sections
        self._pending = dict(states or {})
        ctx.hub.changed.connect(self._on_changed)

    def pages(self) -> dict[str, Page]:
        return dict(self._pages)

    @property
    def current_key(self) -> str:
        return self._current

    def current_page(self) -> Page | None:
        return self._pages.get(self._current)

    # -- showing -------------------------------------------------------------------

    def show_section(self, key: str) -> Page | None:
        section = next((s for s in self.sections if s.key == key), None)
        if section is None or self.ctx is None:
            return None
        page = self._pages.get(key)
        fresh = page is None
        if page is None:
            page = self._build(section)
            self._pages[key] = page
            self.addWidget(page)
        self._current = key
        self.setCurrentWidget(page)
        if fresh or key in self._stale:
            self._stale.discard(key)
            self._refresh(page)
            pending = self._pending.pop(key, None)
            if pending:
                self._guard(page.restore, pending)
        self.page_changed.emit(key)
        return page

    def _build(self, section: Section) -> Page:
        assert self.ctx is not None
        try:
            page_class = section.load()
            return page_class(self.ctx)
        except Exception as error:  # a fault in one page must not take the window down
            where = log_bug(error)
            tail = f" Details without any record content were written to {where}." if where else ""
            return BrokenPage(self.ctx, section.title, tail)

    def _refresh(self, page: Page) -> None:
        self._guard(page.refresh)

    def _guard(self, call: Any, *args: Any) -> None:
        assert self.ctx is not None
        try:
            call(*args)
        except Exception as error:
            self.ctx.ops.report_error(error, "Could not show this section")

    def _on_changed(self, topic: str) -> None:
        for key, page in self._pages.items():
            if topic == "*" or topic in page.topics:
                if key == self._current and page.isVisible():
                    self._refresh(page)
                else:
                    self._stale.add(key)

    # -- locking ---------------------------------------------------------------------

    def unsaved(self) -> list[tuple[str, Page]]:
        titles = {s.key: s.title for s in self.sections}
        return [(titles.get(k, k), p) for k, p in self._pages.items() if p.has_unsaved_changes()]

    def save_drafts(self) -> None:
        for page in self._pages.values():
            try:
                page.save_draft()
            except Exception as error:  # a lock must go ahead whatever a page does
                log_bug(error)

    def tear_down(self) -> dict[str, dict[str, Any]]:
        """Clear and remove every page; return their states (ids and filters only)."""
        states: dict[str, dict[str, Any]] = {}
        if self.ctx is not None:
            try:
                self.ctx.hub.changed.disconnect(self._on_changed)
            except (RuntimeError, TypeError):
                pass
        for key, page in self._pages.items():
            try:
                states[key] = page.state()
            except Exception as error:
                log_bug(error)
            try:
                page.clear()
            except Exception as error:
                log_bug(error)
            self.removeWidget(page)
            page.hide()
            page.setParent(None)
            page.deleteLater()
        self._pages.clear()
        self._stale.clear()
        self._pending.clear()
        self._current = ""
        self.ctx = None
        return states
