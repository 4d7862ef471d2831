"""`python -m tools.admin_screenshots`: pictures of the security and administration screens
with demo data: Administration's accounts, audit trail ("who looked at this child's
record"), backups, organisation settings and data protection tabs; the weekly backup
reminder; the window locked by the idle lock; the one-time-password dialog.

Writes `docs/screenshots/admin-*.png` and `lock-*.png` at the normal text size, the same
names under `docs/screenshots/200/` (text at 200%) and `docs/screenshots/high-contrast/`.
Runs offscreen in a temporary folder that is removed afterwards (see `tools/screenshots.py`,
whose demo database and helpers it shares); every name in the pictures is fictional.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tools.screenshots import DEMO_PASSWORD, DEMO_USER, SIZE, _save, _settle, in_three_looks, open_demo

TABS = ("accounts", "audit", "backups", "settings", "retention")


def _add_users(path: Path) -> None:
    from lipanel_desktop.services.accounts import AccountService
    from lipanel_desktop.services.database import open_database
    from lipanel_desktop.services.referrals import ReferralService
    from lipanel_desktop.services.workspace import Workspace

    with open_database(path, DEMO_USER, DEMO_PASSWORD) as store:
        accounts = AccountService(store)
        names = {a.name for a in accounts.list()}
        for name, full, role in (("chair.fictional", "Chair Fictional", "chair"),
                                 ("member.madeup", "Member Madeup", "panel-member"),
                                 ("unitadmin.notreal", "Unit Admin Notreal", "unit-admin")):
            if name not in names:
                accounts.add(name, role, "Fictional-Passphrase-2026", display_name=full)
        accounts.reset_password("member.madeup")
        referral_id = Workspace(store).referral_register.rows()[0][0]
        ReferralService(store).get(referral_id)  # looked at, so "who looked" has something to say
    with open_database(path, "chair.fictional", "Fictional-Passphrase-2026") as chair:
        ReferralService(chair).get(referral_id)


def _last_backup_days_ago(path: Path, days: int) -> None:
    """So the weekly reminder has something to say in the picture."""
    from datetime import datetime, timedelta, timezone

    from lipanel_desktop.services import organisation
    from lipanel_desktop.services.database import open_database

    with open_database(path, DEMO_USER, DEMO_PASSWORD) as store, store.session() as s:
        when = datetime.now(timezone.utc) - timedelta(days=days)
        organisation.write(s, "last_backup_at", when.isoformat(timespec="seconds"))


def _reminder_picture(app: Any, path: Path, folder: Path) -> None:
    """The weekly reminder. A demo never shows it (its database is thrown away), so this one
    picture opens the same fictional database as an ordinary one."""
    from lipanel_desktop.views.main_window import MainWindow

    _last_backup_days_ago(path, 9)
    window = MainWindow(database=path)
    window.resize(*SIZE)
    window.show()
    _settle(app)
    window.unlock_screen.user.setText(DEMO_USER)
    window.unlock_screen.password.setText(DEMO_PASSWORD)
    window.unlock_screen.try_unlock()
    _settle(app)
    _save(window, "admin-backup-reminder", folder)
    window.shut_down()
    window.deleteLater()
    _settle(app)


def _pictures(app: Any, path: Path, backups: Path, folder: Path) -> None:
    from lipanel_desktop.views.accounts_password import ChangePasswordDialog
    from lipanel_desktop.views.style import apply

    apply(app)
    _reminder_picture(app, path, folder)
    window = open_demo(app, path, SIZE)
    window.ctx.workspace.backups.set_folder(str(backups), 10)
    if not window.ctx.workspace.backups.automatic_backups(backups):
        window.ctx.workspace.backups.backup_now()

    reference = window.ctx.workspace.referral_register.rows()[0][1]
    window.navigate("administration", tab="audit", record=reference)
    _settle(app)
    _save(window, "admin-audit-who-looked", folder)
    page = window.page("administration")
    for key in TABS:
        if key == "audit":
            continue
        page.show_tab(key)
        _settle(app)
        _save(window, f"admin-{key}", folder)

    dialog = ChangePasswordDialog(window.ctx.workspace.accounts, "member.madeup", forced=True, parent=window)
    dialog.show()
    _settle(app)
    dialog.adjustSize()  # the demo banner is added as the dialog shows; exec() would size it again
    _settle(app)
    _save(dialog, "lock-choose-new-password", folder)
    dialog.reject()
    dialog.deleteLater()

    window.guard.idle.lock_now("idle")
    _settle(app)
    _save(window, "lock-idle", folder)
    window.shut_down()
    window.deleteLater()
    _settle(app)


def _prepare(path: Path, work: Path) -> None:
    _add_users(path)
    (work / "backups").mkdir()


def main() -> int:
    return in_three_looks("Administration screenshots", "lipanel-admin-screenshots-",
                          lambda app, path, folder, work: _pictures(app, path, work / "backups", folder), _prepare)


if __name__ == "__main__":
    sys.exit(main())
