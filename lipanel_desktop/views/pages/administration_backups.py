"""Administration › Backups: where automatic backups go and how many are kept, back up
now, check a backup, and restore one with a preview of its date and counts. Also the two
hooks on the main window: a backup each time the program closes, and the weekly reminder
(a bar across the window, never a dialog that blocks)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from lipanel_desktop.crash_log import log_bug
from lipanel_desktop.errors import KnownError
from lipanel_desktop.services.permissions import allowed
from lipanel_desktop.vocabulary.roles import Permission
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.ops import describe_bug
from lipanel_desktop.views.pages.administration_widgets import fit_columns, password_field, path_row, read_only_table

if TYPE_CHECKING:
    from lipanel_desktop.services.backup_schedule import BackupSchedule
    from lipanel_desktop.storage.backup import BackupInfo
    from lipanel_desktop.views.context import AppContext
    from lipanel_desktop.views.main_window import MainWindow

BACKUP_FILTER = "LIPanel backups (*.lipanel-backup);;All files (*)"
COUNT_WORDS = {
    "referrals": "referrals",
    "meetings": "meetings",
    "reviews": "reviews",
    "chronology_entries": "chronology entries",
    "actions": "actions",
    "accounts": "user accounts",
}


def describe_info(info: "BackupInfo") -> str:
    made = info.created_at.astimezone().strftime("%d/%m/%Y at %H:%M")
    counts = ", ".join(f"{n:,} {COUNT_WORDS.get(k, k.replace('_', ' '))}" for k, n in info.counts.items())
    users = ", ".join(info.users)
    return f"Made on {made} by {info.created_by}. It holds {counts}. Users who can open it: {users}."


def size_words(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(1, size // 1024):,} KB"


def ago(when: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    days = (now - when).days
    local = when.astimezone().strftime("%d/%m/%Y %H:%M")
    if days <= 0:
        return f"{local} (today)"
    return f"{local} ({days} day{'s' if days != 1 else ''} ago)"


class BackupsTab(QWidget):
    def __init__(self, ctx: "AppContext", window: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window_ = window
        self.store = ctx.workspace.store
        self.is_admin = allowed(self.store.identity, Permission.MANAGE_SETTINGS)
        self.can_restore = allowed(self.store.identity, Permission.MANAGE_USERS) and not self.store.read_only
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_automatic())
        layout.addWidget(self._build_restore())
        layout.addStretch(1)

    @property
    def schedule(self) -> "BackupSchedule":
        return self.ctx.workspace.backups

    # -- automatic backups ------------------------------------------------------------
    def _build_automatic(self) -> QGroupBox:
        box = QGroupBox("Automatic backups")
        column = QVBoxLayout(box)
        explain = QLabel(
            "Each time LIPanel closes it writes an encrypted backup (the database and everyone's key "
            "slots) into the folder below, checks it, and removes the oldest so that the number kept remains. "
            "Choose a folder on another disk or a network share."
        )
        explain.setWordWrap(True)
        explain.setObjectName("Hint")
        column.addWidget(explain)
        form = QFormLayout()
        self.folder, self.browse_folder = path_row(form, "Backup fo&lder", "Backup folder", "Choose folde&r…")
        self.kept = QSpinBox()
        self.kept.setRange(1, 365)
        self.kept.setAccessibleName("Number of automatic backups kept")
        self.kept.setMaximumWidth(self.kept.fontMetrics().horizontalAdvance("0000000") * 2)
        kept_label = QLabel("Backups ke&pt")
        kept_label.setBuddy(self.kept)
        form.addRow(kept_label, self.kept)
        column.addLayout(form)
        buttons = QHBoxLayout()
        self.save_settings = QPushButton("Save backup setti&ngs")
        self.back_up_now = QPushButton("Back &up now")
        buttons.addWidget(self.save_settings)
        buttons.addStretch(1)
        buttons.addWidget(self.back_up_now)
        column.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Backup status")
        column.addWidget(self.status)
        self.table = read_only_table(["Made", "Size", "File"], "Automatic backups in the folder, newest first", stretch=2)
        self.table.setMaximumHeight(220)
        column.addWidget(self.table)
        for widget in (self.folder, self.browse_folder, self.kept, self.save_settings):
            widget.setEnabled(self.is_admin)
        self.back_up_now.setEnabled(not self.store.read_only)
        self.browse_folder.clicked.connect(self._choose_folder)
        self.save_settings.clicked.connect(self._save_settings)
        self.back_up_now.clicked.connect(self._back_up_now)
        return box

    def refresh(self) -> None:
        status = self.ctx.ops.run(self.schedule.status, title="Backups")
        if status is None:
            return
        self.folder.setText(status.folder)
        self.kept.setValue(status.kept)
        parts = [f"Last backup: {ago(status.last_backup_at)}." if status.last_backup_at else "No backup has been made yet."]
        if status.reminder:
            parts.append(status.reminder)
        if not status.folder:
            parts.append("No backup folder is chosen, so no backup is made when LIPanel closes.")
        self.status.setText(" ".join(parts))
        self.table.setRowCount(len(status.backups))
        for row, item in enumerate(status.backups):
            for column, text in enumerate((item.made_at.strftime("%d/%m/%Y %H:%M:%S"), size_words(item.size), item.path.name)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.path))
                self.table.setItem(row, column, cell)
        fit_columns(self.table)

    def clear(self) -> None:
        for field in (self.backup_file, self.password):
            field.clear()
        self.result.clear()
        self.preview_info = None
        self.restore_button.setEnabled(False)

    def _choose_folder(self) -> None:
        chosen = msgbox.choose_folder(self, "Backup folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _save_settings(self) -> None:
        done = self.ctx.ops.run(
            lambda: self.schedule.set_folder(self.folder.text(), self.kept.value()) or True,
            changes="settings",
            title="Backup settings not saved",
        )
        if done:
            self.refresh()
            self.status.setText("Backup settings saved. " + self.status.text())

    def _back_up_now(self) -> None:
        def done(outcome: object) -> None:
            self.refresh()
            path = getattr(outcome, "path", None)
            removed = len(getattr(outcome, "removed", ()))
            tail = f" {removed} older backup{'s' if removed != 1 else ''} removed." if removed else ""
            self.status.setText(f"Backup written and checked: {path.name if path else ''}.{tail} " + self.status.text())

        # The progress window is modal to the main window, so a second click cannot start another.
        self.ctx.ops.run_in_background(
            lambda progress: self.schedule.backup_now(),
            label="Backing up the database…",
            on_done=done,
            changes="settings",
            title="Backup not made",
        )

    # -- checking and restoring ----------------------------------------------------------
    def _build_restore(self) -> QGroupBox:
        box = QGroupBox("Check or restore a backup")
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.backup_file, self.browse_file = path_row(form, "Backup f&ile", "Backup file", "&Choose file…")
        self.password = password_field("Your password as it was when the backup was made")
        password_label = QLabel("&Your password then")
        password_label.setBuddy(self.password)
        form.addRow(password_label, self.password)
        column.addLayout(form)
        buttons = QHBoxLayout()
        self.check_button = QPushButton("Chec&k this backup")
        self.preview_button = QPushButton("Previe&w")
        self.restore_button = QPushButton("Re&store this backup…")
        self.restore_button.setEnabled(False)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        column.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("What the backup holds")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.result)
        self.preview_info: BackupInfo | None = None
        self.preview_button.setVisible(self.can_restore)
        self.restore_button.setVisible(self.can_restore)
        self.browse_file.clicked.connect(self._choose_file)
        self.check_button.clicked.connect(self._check)
        self.preview_button.clicked.connect(self._preview)
        self.restore_button.clicked.connect(self._restore)
        self.backup_file.textEdited.connect(lambda _t: self._forget_preview())
        return box

    def _forget_preview(self) -> None:
        self.preview_info = None
        self.restore_button.setEnabled(False)

    def _choose_file(self) -> None:
        chosen = msgbox.open_file(self, "Choose a backup", BACKUP_FILTER, self.folder.text())
        if chosen:
            self.backup_file.setText(chosen)
            self._forget_preview()
            self.password.setFocus()

    def _inputs(self) -> tuple[Path, str] | None:
        path, password = self.backup_file.text().strip(), self.password.text()
        if not path:
            self.result.setText("Choose the backup file first.")
            self.backup_file.setFocus()
            return None
        if not password:
            self.result.setText("Type your password as it was when the backup was made.")
            self.password.setFocus()
            return None
        return Path(path), password

    def _check(self) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            check = self.ctx.ops.run(lambda: self.schedule.check(*inputs), title="Backup not checked")
        finally:
            QGuiApplication.restoreOverrideCursor()
        if check is not None:
            self.result.setText(("Sound: " if check.ok else "Not usable: ") + check.words)

    def _preview(self) -> None:
        inputs = self._inputs()
        if inputs is None:
            return
        info = self.ctx.ops.run(lambda: self.schedule.preview(*inputs), title="Backup cannot be read")
        self.preview_info = info
        self.restore_button.setEnabled(info is not None)
        if info is not None:
            self.result.setText(describe_info(info))

    def _restore(self) -> None:
        inputs = self._inputs()
        window = self.window_
        if inputs is None or self.preview_info is None or window is None:
            return
        unsaved = window.host.unsaved()  # type: ignore[attr-defined]
        if unsaved:
            names = ", ".join(title for title, _ in unsaved)
            msgbox.warn(self, "Restore", f"Save or discard your changes in {names} first.")
            return
        answer = msgbox.ask(
            self,
            "Restore this backup?",
            f"{describe_info(self.preview_info)}\n\nThe database as it is now will be replaced by this backup. "
            "A safety copy of it is made first, so this can be undone by restoring that copy. "
            "You will then unlock again with your password as it was in the backup. Restore now?",
            default_no=True,
        )
        if answer != msgbox.Answer.YES:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcome = self.schedule.restore(*inputs)
        except KnownError as error:
            QGuiApplication.restoreOverrideCursor()
            self._after_failed_restore(window, error.message)
            return
        except Exception as error:
            QGuiApplication.restoreOverrideCursor()
            self._after_failed_restore(window, describe_bug(error))
            return
        QGuiApplication.restoreOverrideCursor()
        self.password.clear()
        window.close_database()  # type: ignore[attr-defined]
        msgbox.inform(
            window,
            "Backup restored",
            f"The backup was restored. A safety copy of the database as it was is at {outcome.safety_copy}. "
            "Unlock with your password as it was in the backup.",
        )

    def _after_failed_restore(self, window: QWidget, message: str) -> None:
        if self.store.is_open:
            msgbox.warn(self, "Not restored", message + " Nothing was changed.")
            return
        # The safety copy was made and the database closed, but it was not replaced.
        window.close_database()  # type: ignore[attr-defined]
        msgbox.warn(window, "Not restored", message + " The database was not replaced: unlock it again to carry on.")


class ReminderBar(QToolBar):
    """"No backup for 9 days": a bar under the menus with what to do, never blocking."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__("Backup reminder", window)
        self.setObjectName("BackupReminder")
        self.setMovable(False)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Backup reminder")
        self.text.setObjectName("Calm")
        # No Alt-letters: the bar shows over every page, whose own letters it would take.
        # Tab reaches both buttons.
        self.act = QPushButton("Back up now")
        self.later = QPushButton("Not now")
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.text, 1)
        row.addWidget(self.act)
        row.addWidget(self.later)
        self.addWidget(holder)
        self.later.clicked.connect(self.hide)
        self.hide()


class BackupHooks:
    """Backup when the program closes; the weekly reminder after unlocking; and File ›
    Back up now, for every role (the reminder points there)."""

    def __init__(self, window: "MainWindow") -> None:
        self.window = window
        self.bar = ReminderBar(window)
        window.addToolBarBreak()
        window.addToolBar(self.bar)
        self.action = self._file_menu_action(window)
        self._reminded: set[str] = set()
        window.unlocked.connect(self._on_unlocked)
        window.locked.connect(self.bar.hide)
        closing = getattr(window, "about_to_close", None)
        if closing is not None:
            closing.connect(self.on_close)
        self.bar.act.clicked.connect(self._act)

    def _file_menu_action(self, window: "MainWindow") -> QAction:
        action = QAction("Back &up now", window)
        tip = "Write an encrypted, checked backup of the database into the backup folder now"
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.setProperty("needs_unlock", True)
        action.setEnabled(window.ctx is not None)
        action.triggered.connect(self.back_up_now)
        actions = getattr(window, "actions", None)
        if actions is not None:
            menu = actions.file_menu
            items = menu.actions()
            lock = actions.by_key.get("lock")
            at = items.index(lock) if lock in items else len(items)
            # Before the separator that comes before Lock, so it sits with Save and Print.
            before = items[at - 1] if at > 0 and items[at - 1].isSeparator() else (items[at] if at < len(items) else None)
            menu.insertAction(before, action)
            actions.by_key["backup_now"] = action
        return action

    def on_close(self, ctx: "AppContext") -> None:
        """The close-time backup: a failure is said plainly but never stops the close."""
        schedule = ctx.workspace.backups
        self.window.statusBar().showMessage("Backing up before closing…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            schedule.backup_on_close()
        except KnownError as error:
            QGuiApplication.restoreOverrideCursor()
            msgbox.warn(
                self.window,
                "Backup not made",
                f"{error.message} Your work is safe in the database; a backup will be tried again next time.",
            )
        except Exception as error:
            QGuiApplication.restoreOverrideCursor()
            msgbox.warn(self.window, "Backup not made", describe_bug(error))
        else:
            QGuiApplication.restoreOverrideCursor()

    def _on_unlocked(self, ctx: "AppContext") -> None:
        self.action.setEnabled(not ctx.workspace.store.read_only)
        key = str(ctx.workspace.store.path)
        if key in self._reminded:
            return
        self._reminded.add(key)
        try:
            words = ctx.workspace.backups.reminder()
        except Exception as error:  # a reminder must never stop an unlock
            log_bug(error)
            return
        # A demo database is thrown away on exit: backing it up is not worth a word.
        if not words or ctx.workspace.store.read_only or ctx.demo:
            return
        folder = ctx.workspace.backups.folder()
        self.bar.act.setText("Back up now" if folder else "Choose a backup folder")
        self.bar.act.setVisible(folder is not None or allowed(ctx.workspace.identity, Permission.MANAGE_SETTINGS))
        self.bar.text.setText(words)
        self.bar.show()

    def _act(self) -> None:
        self.bar.hide()
        self.back_up_now()

    def back_up_now(self) -> None:
        """A backup into the chosen folder now; with no folder chosen, an administrator is
        taken to where one is chosen and anyone else is told whom to ask."""
        ctx = self.window.ctx
        if ctx is None:
            return
        if ctx.workspace.store.read_only:
            msgbox.inform(self.window, "Back up now", "This database is open read-only here; back it up from the program that has it open.")
            return
        if ctx.workspace.backups.folder() is None:
            if allowed(ctx.workspace.identity, Permission.MANAGE_SETTINGS):
                self.window.navigate("administration", tab="backups")
                self.window.statusBar().showMessage("Choose a backup folder, save the backup settings, then back up.", 15_000)
            else:
                msgbox.inform(self.window, "Back up now", "No backup folder has been chosen yet. Ask an administrator to "
                              "choose one in Administration › Backups.")
            return
        self.window.statusBar().showMessage("Backing up…")
        ctx.ops.run_in_background(
            lambda progress: ctx.workspace.backups.backup_now(),
            label="Backing up the database…",
            on_done=lambda outcome: self.window.statusBar().showMessage(
                f"Backup written and checked: {outcome.path.name}", 8000
            ),
            changes="settings",
            title="Backup not made",
        )
