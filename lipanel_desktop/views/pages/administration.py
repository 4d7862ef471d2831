"""Administration: accounts, the audit trail, backups, organisation settings and data
protection, each a tab shown to the roles it is for. Everyone gets "My account" (to change
their password) and "Back up now"."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.vocabulary.roles import Permission
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.page import Page


class Tab(Protocol):
    def refresh(self) -> None: ...
    def clear(self) -> None: ...


class AdministrationPage(Page):
    topics = ("accounts", "audit", "settings")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from lipanel_desktop.views.accounts import AccountsTab
        from lipanel_desktop.views.pages.administration_backups import BackupsTab
        from lipanel_desktop.views.pages.administration_settings import SettingsTab

        identity = ctx.workspace.identity
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Administration")
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs)
        self.by_key: dict[str, QWidget] = {}
        self.accounts = AccountsTab(ctx)
        self._add("accounts", self.accounts, "&Accounts")
        if allowed(identity, Permission.VIEW_AUDIT):
            from lipanel_desktop.views.audit import AuditTab

            self.audit = AuditTab(ctx)
            self._add("audit", self.audit, "Audit &trail")
        self.backups = BackupsTab(ctx, window=self._main_window())
        self._add("backups", self.backups, "&Backups")
        self.settings = SettingsTab(ctx)
        self._add("settings", self.settings, "&Organisation")
        if allowed(identity, Permission.DESTROY_RECORDS):
            from lipanel_desktop.views.pages.administration_retention import RetentionTab

            self.retention = RetentionTab(ctx)
            self._add("retention", self.retention, "&Data protection")
        self._fresh: set[str] = set()
        self.tabs.currentChanged.connect(lambda _i: self._show_current())

    def _main_window(self) -> Any:
        """The main window (for restore, which closes the database); found when needed."""
        from PySide6.QtWidgets import QApplication

        from lipanel_desktop.views.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.ctx is self.ctx:
                return widget
        return None

    def _add(self, key: str, tab: QWidget, title: str) -> None:
        """Each tab scrolls, so at 200% text nothing is squeezed out of reach."""
        self.by_key[key] = tab
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(tab)
        self.tabs.addTab(scroll, title)

    def current_key(self) -> str:
        current = self.tabs.currentWidget()
        return next((k for k, t in self.by_key.items() if t.parentWidget() is not None
                     and isinstance(current, QScrollArea) and current.widget() is t), "")

    def _show_current(self) -> None:
        key = self.current_key()
        tab = self.by_key.get(key)
        if tab is not None and key not in self._fresh:
            self._fresh.add(key)
            tab.refresh()  # type: ignore[attr-defined]

    # -- the Page contract ---------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the tab in view; the others reload when next shown."""
        self._fresh.clear()
        if self.backups.window_ is None:
            self.backups.window_ = self._main_window()
        self._show_current()

    def clear(self) -> None:
        for tab in self.by_key.values():
            tab.clear()  # type: ignore[attr-defined]
        self._fresh.clear()

    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = {"tab": self.current_key()}
        audit = self.by_key.get("audit")
        if audit is not None:
            state["audit"] = audit.state()  # type: ignore[attr-defined]
        return state

    def restore(self, state: dict[str, Any]) -> None:
        self.show_tab(str(state.get("tab", "")))
        audit = self.by_key.get("audit")
        if audit is not None and isinstance(state.get("audit"), dict):
            audit.restore(state["audit"])  # type: ignore[attr-defined]

    def open_item(self, **kwargs: Any) -> None:
        """navigate("administration", tab="backups") or (..., tab="audit", record="LIP-…")."""
        self.show_tab(str(kwargs.get("tab", "")))
        record = kwargs.get("record")
        audit = self.by_key.get("audit")
        if record and audit is not None:
            audit.record.setText(str(record)[:64])  # type: ignore[attr-defined]
            audit.who_looked()  # type: ignore[attr-defined]

    def show_tab(self, key: str) -> None:
        tab = self.by_key.get(key)
        for index in range(self.tabs.count()):
            holder = self.tabs.widget(index)
            if isinstance(holder, QScrollArea) and holder.widget() is tab:
                self.tabs.setCurrentIndex(index)
        self._show_current()
