"""The main window: the unlock screen while locked; once unlocked, the sections this
user's role allows, a status bar with who and where, and the menus.

`lock()` keeps unsaved typing as encrypted drafts, clears and removes every page, drops
the key and shows the unlock screen; unlocking again rebuilds the pages and returns to the
same section and state. The security features (idle lock, privacy screen) build on
`lock()`, `is_locked` and the `locked` / `unlocked` signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.vocabulary.roles import Role
from lipanel_desktop.views import msgbox, preferences, style
from lipanel_desktop.views.actions import WindowActions
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.demo_banner import DemoBanner, DemoMarker
from lipanel_desktop.views.help import GuideDialog, about_text
from lipanel_desktop.views.ops import Hub, Ops
from lipanel_desktop.views.page_host import PageHost, visible_sections
from lipanel_desktop.views.unlock import UnlockScreen

if TYPE_CHECKING:
    from lipanel_desktop.storage.store import Store

APP_TITLE = "LIPanel"
HEARTBEAT_MS = 60_000


class MainWindow(QMainWindow):
    #: Emitted after the window has locked (the key is dropped).
    locked = Signal()
    #: Emitted after an unlock, with the new context.
    unlocked = Signal(object)
    #: Emitted when the program is closing while still unlocked (for a backup on close).
    about_to_close = Signal(object)
    #: Emitted once, just after the window is first painted (start-up work can begin).
    first_painted = Signal()

    def __init__(
        self,
        *,
        database: Path | None = None,
        demo_login: tuple[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.demo = demo_login is not None
        self.ctx: AppContext | None = None
        self.hub = Hub(self)
        self.ops = Ops(self.hub, lambda: self)
        self._saved_states: dict[str, dict[str, Any]] = {}
        self._saved_section = ""
        self._locked_as: tuple[Path, str] | None = None
        #: This window's hold on the database's single-instance lock: kept while locked,
        #: so no other program takes the database from under a locked window.
        self._hold: Any = None
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(style.app_icon())
        self.setMinimumSize(640, 480)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = DemoBanner() if self.demo else None
        self._demo_marker = DemoMarker(self) if self.demo else None  # the banner on every other window
        if self.banner is not None:
            column.addWidget(self.banner)
        self.screens = QStackedWidget()
        column.addWidget(self.screens, 1)
        self.setCentralWidget(central)

        self.unlock_screen = UnlockScreen(demo_login)
        self.work = QWidget()
        work = QHBoxLayout(self.work)
        work.setContentsMargins(0, 0, 0, 0)
        work.setSpacing(0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("Navigation")
        self.navigation.setAccessibleName("Sections")
        self.navigation.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.host = PageHost()
        work.addWidget(self.navigation)
        work.addWidget(self.host, 1)
        self.screens.addWidget(self.unlock_screen)
        self.screens.addWidget(self.work)

        self.user_label = QLabel()
        self.user_label.setAccessibleName("Signed in as")
        self.database_label = QLabel()
        self.database_label.setAccessibleName("Database")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self.actions = WindowActions(self)
        self._connect()
        self.unlock_screen.show_open(database)
        self._show_locked_ui()
        geometry = preferences.WINDOW_GEOMETRY.get()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1180, 780)
        #: Built at the first unlock (it imports database code the unlock screen does not
        #: need, so the program starts faster), or at once when `guard` is asked for.
        self._guard: Any = None

    _painted = False

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            QTimer.singleShot(0, self, self.first_painted.emit)
        return handled

    @property
    def guard(self) -> Any:
        """Idle, sleep and OS-session lock, privacy screen, clipboard clearing, forced
        password change, backup on close and the weekly reminder (views/idle_lock.py)."""
        if self._guard is None:
            from lipanel_desktop.views.idle_lock import SessionGuard

            self._guard = SessionGuard(self)
        return self._guard

    def _connect(self) -> None:
        a = self.actions
        a["lock"].triggered.connect(self.lock)
        a["close_database"].triggered.connect(self.close_database)
        a["quit"].triggered.connect(self.close)
        a["new"].triggered.connect(self._new)
        a["save"].triggered.connect(self._save)
        a["print"].triggered.connect(self._print)
        a["find"].triggered.connect(self._find)
        a["help"].triggered.connect(self.show_guide)
        a["about"].triggered.connect(lambda: GuideDialog(self, about_text(), "About LIPanel").exec())
        a["text_larger"].triggered.connect(lambda: self._step_text(+1))
        a["text_smaller"].triggered.connect(lambda: self._step_text(-1))
        a["text_normal"].triggered.connect(lambda: self._set_text_scale(100))
        a["high_contrast"].setChecked(preferences.HIGH_CONTRAST.get())
        a["high_contrast"].toggled.connect(self._set_high_contrast)
        self.unlock_screen.unlocked.connect(self._on_unlocked)
        self.unlock_screen.create_requested.connect(self.create_database)
        self.unlock_screen.close_database_requested.connect(self.close_database)
        self.navigation.currentRowChanged.connect(self._on_navigation_row)
        self.host.page_changed.connect(self._on_page_changed)

    # -- state ------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.ctx is None

    def current_section(self) -> str:
        return self.host.current_key

    def page(self, key: str) -> Any:
        """The page of a section if it has been built (for tests and the security features)."""
        return self.host.pages().get(key)

    # -- unlocking ----------------------------------------------------------------------

    def _on_unlocked(self, store: Store) -> None:
        if self._locked_as is not None:
            path, user = self._locked_as
            if store.identity.name.casefold() != user.casefold() or Path(store.path) != Path(path):
                # Another person or database: nothing of the previous session is restored.
                self._saved_states, self._saved_section = {}, ""
        self.open_store(store)

    def open_store(self, store: Store) -> None:
        """Show the work area for an unlocked store (after unlock or the first-run wizard)."""
        from lipanel_desktop.services.workspace import Workspace

        self._hold_database(store)
        workspace = Workspace(store)
        self.ctx = AppContext(workspace=workspace, ops=self.ops, hub=self.hub, navigate=self.navigate, demo=self.demo)
        sections = visible_sections(store.identity)
        self.host.start(self.ctx, sections, self._saved_states)
        self.navigation.blockSignals(True)
        self.navigation.clear()
        for section in sections:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(f"{section.title} ({QKeySequence(section.shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, section.title)
            self.navigation.addItem(item)
        self.navigation.blockSignals(False)
        self.navigation.setFixedWidth(self._navigation_width())
        for key, action in self.actions.set_sections(sections).items():
            action.triggered.connect(lambda _checked=False, k=key: self.navigate(k))
        role = Role.label_of(store.identity.role, store.identity.role)
        self.user_label.setText(f"Signed in as {store.identity.name} ({role})")
        read_only = " (read-only)" if store.read_only else ""
        self.database_label.setText(f"Database: {Path(store.path).name}{read_only}")
        self.database_label.setToolTip(str(store.path))
        self._locked_as = None
        self.actions.set_unlocked(True)
        self.screens.setCurrentWidget(self.work)
        target = self._saved_section if any(s.key == self._saved_section for s in sections) else ""
        self._saved_states, self._saved_section = {}, ""
        if sections:
            self.navigate(target or sections[0].key)
        else:
            self.statusBar().showMessage("Your role does not give you any sections yet. Ask an administrator.")
        self.guard  # noqa: B018 (installed before `unlocked`, which it listens for)
        self.unlocked.emit(self.ctx)

    def _hold_database(self, store: Store) -> None:
        from lipanel_desktop.storage import instance_lock

        if self._hold is not None and Path(self._hold.database) == Path(store.path):
            self._hold.update_user(store.identity.name)
            return
        self._release_database()
        if not store.read_only:
            self._hold = instance_lock.acquire(Path(store.path), store.identity.name)
            self._heartbeat.start()

    def _release_database(self) -> None:
        self._heartbeat.stop()
        if self._hold is not None:
            self._hold.release()
            self._hold = None

    def _beat(self) -> None:
        if self._hold is not None:
            self._hold.refresh()

    def _navigation_width(self) -> int:
        metrics = self.navigation.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.navigation.item(i).text()) for i in range(self.navigation.count())), default=100)
        return widest + metrics.averageCharWidth() * 6 + 24

    # -- locking ----------------------------------------------------------------------

    def lock(self) -> None:
        """Lock at once: keep drafts, clear every page, drop the key, show the unlock screen."""
        if self.ctx is None:
            return
        store = self.ctx.workspace.store
        self.host.save_drafts()
        self._saved_section = self.host.current_key
        self._saved_states = self.host.tear_down()
        self._locked_as = (Path(store.path), store.identity.name)
        self._drop_workspace()
        self.unlock_screen.show_locked(Path(store.path), store.identity.name)
        self._show_locked_ui()
        self.locked.emit()

    def close_database(self) -> bool:
        """Close the database (asking about unsaved changes) and return to the open screen."""
        if self.ctx is not None:
            if not self._settle_unsaved("close the database"):
                return False
            path = Path(self.ctx.workspace.store.path)
            self.host.tear_down()
            self._drop_workspace()
        else:
            path = self._locked_as[0] if self._locked_as else None
        self._release_database()
        self._saved_states, self._saved_section, self._locked_as = {}, "", None
        self.unlock_screen.show_open(path)
        self._show_locked_ui()
        return True

    def _drop_workspace(self) -> None:
        self.ops.forget_running()  # nothing a background job brings back shows after this
        if self.ctx is not None:
            self.ctx.workspace.close()
            self.ctx = None
        self.navigation.blockSignals(True)
        self.navigation.clear()
        self.navigation.blockSignals(False)
        self.actions.set_sections([])

    def _show_locked_ui(self) -> None:
        self.actions.set_unlocked(False)
        self.screens.setCurrentWidget(self.unlock_screen)
        self.user_label.setText("Locked" if self._locked_as else "Not signed in")
        self.database_label.setText("")
        self.database_label.setToolTip("")
        self.statusBar().clearMessage()
        self.setWindowTitle(APP_TITLE)

    def _settle_unsaved(self, doing: str) -> bool:
        """Ask about unsaved changes before `doing`; False if the user cancels."""
        unsaved = self.host.unsaved()
        if not unsaved:
            return True
        titles = ", ".join(title for title, _ in unsaved)
        answer = msgbox.ask(
            self,
            "Unsaved changes",
            f"You have unsaved changes in {titles}. Save them before you {doing}?",
            cancel=True,
        )
        if answer == msgbox.Answer.CANCEL:
            return False
        for _title, page in unsaved:
            if answer == msgbox.Answer.YES:
                if not page.save():
                    return False
            else:
                page.discard_changes()
        return True

    # -- navigation -------------------------------------------------------------------

    def navigate(self, key: str, **kwargs: Any) -> None:
        """Show a section, and open something in it when asked (e.g. referral_id=3)."""
        if self.ctx is None:
            return
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key:
                if self.navigation.currentRow() != row:
                    self.navigation.setCurrentRow(row)
                else:
                    self.host.show_section(key)
                break
        else:
            self.statusBar().showMessage("That section is not available to your role.", 5000)
            return
        page = self.host.current_page()
        if kwargs and page is not None:
            try:
                page.open_item(**kwargs)
            except Exception as error:
                self.ops.report_error(error, "Could not open that")

    def _on_navigation_row(self, row: int) -> None:
        if row >= 0 and self.ctx is not None:
            self.host.show_section(self.navigation.item(row).data(Qt.ItemDataRole.UserRole))

    def _on_page_changed(self, key: str) -> None:
        title = next((s.title for s in self.host.sections if s.key == key), "")
        self.setWindowTitle(f"{title} — {APP_TITLE}" if title else APP_TITLE)
        page = self.host.current_page()
        self.actions.undo_group.setActiveStack(None)
        stack = page.undo_stack() if page is not None else None
        if stack is not None:
            if stack not in self.actions.undo_group.stacks():
                self.actions.undo_group.addStack(stack)
            self.actions.undo_group.setActiveStack(stack)

    def refresh_undo_stack(self) -> None:
        """Pages call this when they switch to a view with another undo stack."""
        self._on_page_changed(self.host.current_key)

    # -- menu commands ----------------------------------------------------------------

    def _new(self) -> None:
        if self.ctx is None:
            return
        page = self.host.current_page()
        if page is not None and page.new_item():
            return
        if self.host.current_key != "referrals":
            self.navigate("referrals")
            page = self.host.current_page()
            if page is not None and self.host.current_key == "referrals":
                page.new_item()

    def _save(self) -> None:
        page = self.host.current_page()
        if page is not None:
            page.save()

    def _print(self) -> None:
        page = self.host.current_page()
        if page is None or not page.print_current():
            self.statusBar().showMessage("There is nothing to print on this screen.", 5000)

    def _find(self) -> None:
        page = self.host.current_page()
        if page is None or not page.focus_search():
            self.statusBar().showMessage("There is no search on this screen.", 5000)

    def show_guide(self) -> None:
        GuideDialog(self).exec()

    def create_database(self) -> None:
        from lipanel_desktop.views.first_run import FirstRunWizard

        wizard = FirstRunWizard(self)
        accepted = wizard.exec()
        store = wizard.store
        # Deleted at once: a finished QWizard left as the window's child crashes Qt 6.11
        # (a segmentation fault) when the text size is later changed back and forth.
        shiboken6.delete(wizard)
        if accepted and store is not None:
            preferences.remember_database(Path(store.path))
            preferences.LAST_USER.set(store.identity.name)
            self._saved_states, self._saved_section, self._locked_as = {}, "", None
            self.open_store(store)

    # -- display --------------------------------------------------------------------

    def _step_text(self, step: int) -> None:
        scales = preferences.TEXT_SCALES
        current = preferences.text_scale()
        index = min(max(scales.index(current) + step, 0), len(scales) - 1)
        self._set_text_scale(scales[index])

    def _set_text_scale(self, scale: int) -> None:
        preferences.TEXT_SCALE.set(scale)
        self._restyle()
        self.statusBar().showMessage(f"Text size {scale}%", 3000)

    def _set_high_contrast(self, on: bool) -> None:
        preferences.HIGH_CONTRAST.set(on)
        self._restyle()

    def _restyle(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.apply(app)
        if self.navigation.count():
            self.navigation.setFixedWidth(self._navigation_width())

    # -- closing ----------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.ctx is not None:
            if not self._settle_unsaved("close the program"):
                event.ignore()
                return
            self.about_to_close.emit(self.ctx)
        self.shut_down()
        event.accept()

    def shut_down(self) -> None:
        """Close without questions (the session is ending): unsaved typing is kept as
        drafts, offered back next time; the key is dropped."""
        if self.ctx is not None:
            self.host.save_drafts()
            self.host.tear_down()
            self._drop_workspace()
        self._release_database()
        self.unlock_screen.wipe()
        preferences.WINDOW_GEOMETRY.set(self.saveGeometry())
