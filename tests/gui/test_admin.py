"""Administration, driven through the real main window: accounts, the audit trail,
backups and restore, organisation settings, and data protection."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from lipanel_desktop.models.referral import HouseholdMember, Referral
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.audit_log import AuditFilter, AuditLogService
from lipanel_desktop.services.database import create_database, open_database
from lipanel_desktop.storage.keyslots import KeyFile, sidecar_path
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.tablemodels.audit import AuditTableModel
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.proofs.gui_session import close_all_windows, make_window, unlock

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

MEMBER, MEMBER_PASSWORD = "Member Test", "Members-Long-Password-2"
AUDITOR, AUDITOR_PASSWORD = "Unit Admin Test", "Unit-Admins-Password-3"
CHILD = "Orlaith Testchild-Fictional"


@pytest.fixture(autouse=True)
def _answers() -> Iterator[None]:
    msgbox.reset()
    yield
    close_all_windows()
    msgbox.reset()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "panel.lipanel-db"
    with create_database(path, ADMIN, ADMIN_PASSWORD) as store:
        AccountService(store).add(MEMBER, "panel-member", MEMBER_PASSWORD)
        AccountService(store).add(AUDITOR, "unit-admin", AUDITOR_PASSWORD)
        with store.session() as s:
            referral = Referral(reference="LIP-2026-0001", child_full_name=CHILD, status="submitted")
            referral.household.append(HouseholdMember(full_name="Parent Fictional", relationship_to_child="Mother"))
            s.add(referral)
    return path


def admin_page(qtbot, database: Path, user: str = ADMIN, password: str = ADMIN_PASSWORD, tab: str = "accounts"):  # type: ignore[no-untyped-def]
    window, _guard = make_window(qtbot, database)
    unlock(qtbot, window, user, password)
    window.navigate("administration")
    page = window.page("administration")
    page.show_tab(tab)
    return window, page


def in_dialog(action: Callable[[QDialog], None], delay: int = 200) -> list[str]:
    """Act on the next modal dialog once it shows; returns a list that records errors."""
    problems: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(50, run)
            return
        try:
            action(dialog)
        except Exception as error:  # noqa: BLE001 - reported to the test
            problems.append(repr(error))
            dialog.reject()

    QTimer.singleShot(delay, run)
    return problems


# -- who sees what -------------------------------------------------------------------------


def test_tabs_follow_the_role(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database)
    assert list(page.by_key) == ["accounts", "audit", "backups", "settings", "retention"]
    window.lock()
    window.close_database()
    unlock(qtbot, window, MEMBER, MEMBER_PASSWORD)
    window.navigate("administration")
    page = window.page("administration")
    assert list(page.by_key) == ["accounts", "backups", "settings"]
    assert page.accounts.users_box.isHidden() and page.accounts.change_mine.isEnabled()
    assert not page.settings.save_button.isEnabled()
    assert not page.backups.save_settings.isEnabled() and page.backups.back_up_now.isEnabled()
    assert page.backups.restore_button.isHidden()
    window.close_database()
    unlock(qtbot, window, AUDITOR, AUDITOR_PASSWORD)
    window.navigate("administration")
    assert list(window.page("administration").by_key) == ["accounts", "audit", "backups", "settings"]


# -- accounts ------------------------------------------------------------------------------


def _names(database: Path) -> list[str]:
    with open_database(database, ADMIN, ADMIN_PASSWORD, read_only=True) as store:
        return [a.name for a in AccountService(store).list()]


def test_adding_a_user_through_the_dialog(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database)
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.name, "Chair Test")
        qtbot.keyClicks(dialog.display_name, "Chair Fictional")
        dialog.role.setCurrentIndex(dialog.role.findData("chair"))
        qtbot.keyClicks(dialog.password, "Chairs-First-Password-5")
        qtbot.keyClicks(dialog.repeat, "Chairs-First-Passwrod-5")
        dialog.add()
        seen.append(dialog.message.text())
        qtbot.keyClicks(dialog.repeat, "Chairs-First-Password-5")
        dialog.add()

    problems = in_dialog(fill)
    qtbot.mouseClick(page.accounts.add_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert seen == ["The two passwords are not the same. Type them again."]
    names = [page.accounts.table.item(r, 0).text() for r in range(page.accounts.table.rowCount())]
    assert "Chair Test" in names
    row = names.index("Chair Test")
    assert page.accounts.table.item(row, 2).text() == "Chair"
    assert page.accounts.table.item(row, 4).text() == "Must change at next unlock"


@pytest.mark.parametrize(
    ("name", "password", "words"),
    [
        ("", "Chairs-First-Password-5", "Give a user name"),
        ("Bad\x07Name", "Chairs-First-Password-5", "A user name is 1 to 64"),
        ("Chair/Test", "Chairs-First-Password-5", "A user name is 1 to 64"),
        ("Chair 😀", "Chairs-First-Password-5", "A user name is 1 to 64"),
        ("Chair Test", "short", "at least 12 characters"),
        ("Chair Test", "password1234", "too common"),
        (MEMBER, "Chairs-First-Password-5", "already a user called"),
    ],
)
def test_bad_new_users_are_refused_in_words_and_nothing_is_added(qtbot, database: Path, name: str, password: str, words: str) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database)
    before = _names(database)
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        dialog.name.setText(name)
        dialog.password.setText(password)
        dialog.repeat.setText(password)
        dialog.add()
        seen.append(dialog.message.text())
        dialog.reject()

    in_dialog(fill)
    qtbot.mouseClick(page.accounts.add_button, Qt.MouseButton.LeftButton)
    assert seen and words in seen[0]
    assert _names(database) == before


def test_a_huge_name_is_cut_by_the_field(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database)
    lengths: list[int] = []

    def fill(dialog: QDialog) -> None:
        dialog.name.setText("x" * 10_000)
        lengths.append(len(dialog.name.text()))
        dialog.reject()

    in_dialog(fill)
    qtbot.mouseClick(page.accounts.add_button, Qt.MouseButton.LeftButton)
    assert lengths == [64]


def _select(table, text: str) -> None:  # type: ignore[no-untyped-def]
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == text:
            table.selectRow(row)
            return
    raise AssertionError(f"{text} is not listed")


def test_changing_a_role_and_the_last_administrator_rule(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database)
    tab = page.accounts
    _select(tab.table, MEMBER)
    tab.role.setCurrentIndex(tab.role.findData("chair"))
    qtbot.mouseClick(tab.role_button, Qt.MouseButton.LeftButton)
    _select(tab.table, MEMBER)
    assert tab.table.item(tab.table.currentRow(), 2).text() == "Chair"
    _select(tab.table, ADMIN)
    tab.role.setCurrentIndex(tab.role.findData("read-only"))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(tab.role_button, Qt.MouseButton.LeftButton)
    assert msgbox.shown[-1][1] == "That is the last administrator. Make someone else an administrator first."
    with open_database(database, ADMIN, ADMIN_PASSWORD, read_only=True) as store:
        roles = {a.name: a.role for a in AccountService(store).list()}
    assert roles[ADMIN] == "administrator" and roles[MEMBER] == "chair"


def test_resetting_a_password_shows_a_one_time_password_once(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database)
    _select(page.accounts.table, MEMBER)
    msgbox.set_next_answer(msgbox.Answer.YES)
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(page.accounts.reset_button, Qt.MouseButton.LeftButton)
    title, text = msgbox.shown[-1]
    assert title == "One-time password" and "never by email" in text
    one_time = text.split("\n\n")[1]
    with open_database(database, MEMBER, one_time) as store:
        [me] = [a for a in AccountService(store).list() if a.name == MEMBER]
        assert me.must_change_password


def test_declining_a_reset_changes_nothing(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database)
    keys = sidecar_path(database).read_bytes()
    _select(page.accounts.table, MEMBER)
    msgbox.set_next_answer(msgbox.Answer.NO)
    qtbot.mouseClick(page.accounts.reset_button, Qt.MouseButton.LeftButton)
    assert sidecar_path(database).read_bytes() == keys


def test_removing_a_user_rotates_the_key(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database)
    key_before = KeyFile.load(sidecar_path(database)).key_id
    _select(page.accounts.table, MEMBER)
    msgbox.set_next_answer(msgbox.Answer.YES)
    qtbot.mouseClick(page.accounts.remove_button, Qt.MouseButton.LeftButton)
    assert MEMBER not in _names(database)
    assert KeyFile.load(sidecar_path(database)).key_id != key_before


def test_rotating_the_key_keeps_everyone_able_to_unlock(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database)
    key_before = KeyFile.load(sidecar_path(database)).key_id
    msgbox.set_next_answer(msgbox.Answer.YES)
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(page.accounts.rekey_button, Qt.MouseButton.LeftButton)
    assert msgbox.shown[-1][0] == "Key rotated"
    assert KeyFile.load(sidecar_path(database)).key_id != key_before
    open_database(database, MEMBER, MEMBER_PASSWORD).close()


# -- audit trail ----------------------------------------------------------------------------


def test_the_audit_trail_filters_and_says_who_looked(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database, tab="audit")
    with open_database(database, MEMBER, MEMBER_PASSWORD) as member:
        from lipanel_desktop.services.referrals import ReferralService

        ReferralService(member).get(1)
    tab = page.audit
    tab.refresh()
    tab.user.setCurrentIndex(tab.user.findData(MEMBER))
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() >= 1
    assert {tab.model.row_at(r).actor for r in range(tab.model.rowCount())} == {MEMBER}
    tab.clear_filters()
    qtbot.keyClicks(tab.record, "lip-2026-0001")
    qtbot.mouseClick(tab.who_button, Qt.MouseButton.LeftButton)
    users = {tab.viewers.item(r, 0).text() for r in range(tab.viewers.rowCount())}
    assert MEMBER in users and tab.viewers.isVisible()
    assert tab.summary.text().startswith("LIP-2026-0001:")


def test_the_audit_trail_is_as_it_was_after_a_lock(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database, tab="audit")
    tab = page.audit
    tab.use_from.setChecked(True)
    tab.date_from.setDate(date(2026, 1, 2))
    qtbot.keyClicks(tab.record, "LIP-2026-0001")
    qtbot.mouseClick(tab.who_button, Qt.MouseButton.LeftButton)
    assert tab.child_mode == "LIP-2026-0001"
    window.lock()
    unlock(qtbot, window)
    tab = window.page("administration").audit
    assert window.page("administration").current_key() == "audit"
    assert tab.child_mode == "LIP-2026-0001" and tab.summary.text().startswith("LIP-2026-0001:")
    assert tab.use_from.isChecked() and tab.date_from.date().toPython() == date(2026, 1, 2)
    assert not tab.use_to.isChecked()
    msgbox.set_next_answer(msgbox.Answer.OK)  # "no such reference", said in words
    tab.restore({"from": "31/02/2026", "to": "<script>", "user": 7, "record": "x" * 500, "who_looked": True})
    assert not tab.use_from.isChecked() and not tab.use_to.isChecked()  # nonsense is ignored, not a crash
    assert len(tab.record.text()) == 64 and "has the reference" in msgbox.shown[-1][1]


def test_a_bad_filter_is_a_plain_message(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database, tab="audit")
    tab = page.audit
    shown_before = tab.model.rowCount()
    qtbot.keyClicks(tab.record, "LIP-1999-9999")
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert "No referral, review, meeting or action has the reference" in msgbox.shown[-1][1]
    assert tab.model.rowCount() == shown_before


def test_verify_audit_chain_in_words(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database, tab="audit")
    qtbot.mouseClick(page.audit.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.audit.chain.isVisible, timeout=60_000)
    assert page.audit.chain.text().startswith("✔ Intact. The audit trail is intact")
    con = window.ctx.workspace.store.raw_connection()
    try:
        con.execute("DROP TRIGGER audit_log_no_delete")
        con.execute("DELETE FROM audit_log WHERE id = 3")
    finally:
        con.close()
    page.audit.chain.hide()
    qtbot.mouseClick(page.audit.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.audit.chain.isVisible, timeout=60_000)
    assert page.audit.chain.text().startswith("✖ BROKEN.")
    assert "Audit entries 3 to 3 are missing" in page.audit.chain.text()


def test_exporting_the_audit_report(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database, tab="audit")
    target = tmp_path / "report"
    msgbox.set_next_file(str(target))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(page.audit.export_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "report.pdf"
    qtbot.waitUntil(lambda: bool(msgbox.shown) and msgbox.shown[-1][0] == "Audit report saved", timeout=60_000)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Audit trail report" in text and "Audit chain: INTACT" in text
    assert CHILD not in text
    rows = AuditLogService(window.ctx.workspace.store).search(AuditFilter(action="export")).rows
    assert rows and rows[0].entity == "audit_log"


def test_the_audit_model_is_a_correct_item_model(qtmodeltester, store) -> None:  # type: ignore[no-untyped-def]
    model = AuditTableModel()
    model.set_rows(AuditLogService(store).search(AuditFilter()).rows)
    assert model.rowCount() > 5
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


# -- backups -------------------------------------------------------------------------------


def _backups_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".lipanel-backup")


def test_choosing_a_folder_backing_up_checking_and_restoring(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database, tab="backups")
    tab = page.backups
    folder = tmp_path / "share"
    folder.mkdir()
    msgbox.set_next_file(str(folder))
    qtbot.mouseClick(tab.browse_folder, Qt.MouseButton.LeftButton)
    tab.kept.setValue(3)
    qtbot.mouseClick(tab.save_settings, Qt.MouseButton.LeftButton)
    assert tab.status.text().startswith("Backup settings saved.")
    qtbot.mouseClick(tab.back_up_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_backups_in(folder)) == 1 and tab.table.rowCount() == 1, timeout=60_000)
    [made] = _backups_in(folder)
    # A record added after the backup: the restore must take it away again.
    with window.ctx.workspace.store.session() as s:
        s.add(Referral(reference="LIP-2026-0002", child_full_name="After Backup Testchild"))
    tab.backup_file.setText(str(made))
    qtbot.keyClicks(tab.password, ADMIN_PASSWORD)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    assert tab.result.text().startswith("Sound: ")
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    assert "It holds 1 referrals" in tab.result.text() and tab.restore_button.isEnabled()
    msgbox.set_next_answer(msgbox.Answer.YES)
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert msgbox.shown[-1][0] == "Backup restored"
    assert window.is_locked and not window.unlock_screen.locked_mode
    assert any("before-restore" in p.name for p in folder.iterdir())
    unlock(qtbot, window)
    with window.ctx.workspace.store.read_session() as s:
        assert s.query(Referral).count() == 1


def test_a_bad_backup_file_is_a_plain_message(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database, tab="backups")
    junk = tmp_path / "junk.lipanel-backup"
    junk.write_bytes(b"not a backup at all" * 100)
    tab = page.backups
    tab.backup_file.setText(str(junk))
    tab.password.setText(ADMIN_PASSWORD)
    qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    assert tab.result.text().startswith("Not usable: junk.lipanel-backup is not a usable backup")
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    assert "is not a LIPanel backup" in msgbox.shown[-1][1]
    assert not tab.restore_button.isEnabled()


def test_a_backup_is_made_when_the_program_closes(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "share"
    folder.mkdir()
    window, page = admin_page(qtbot, database, tab="backups")
    window.ctx.workspace.backups.set_folder(str(folder))
    window.close()
    [made] = _backups_in(folder)
    assert made.name.startswith("panel-")


def test_the_weekly_reminder_bar(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, _page = admin_page(qtbot, database)
    bar = window.guard.backups.bar
    assert bar.isVisible() and "never been backed up" in bar.text.text()
    assert bar.act.text() == "Choose a backup folder"
    assert "&" not in bar.later.text()  # no Alt-letter taken from the page below
    qtbot.mouseClick(bar.act, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    assert window.current_section() == "administration"
    assert window.page("administration").current_key() == "backups"


def test_not_now_hides_the_reminder_until_next_time(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, _page = admin_page(qtbot, database)
    bar = window.guard.backups.bar
    qtbot.mouseClick(bar.later, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()
    window.lock()
    unlock(qtbot, window)
    assert not bar.isVisible()  # once per session, not at every unlock


def test_file_back_up_now_works_for_every_role(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "share"
    folder.mkdir()
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        from lipanel_desktop.services.backup_schedule import BackupSchedule

        BackupSchedule(store).set_folder(str(folder))
    window, _guard = make_window(qtbot, database)
    action = window.actions["backup_now"]
    assert not action.isEnabled()  # nothing to back up before an unlock
    file_menu = [a.text() for a in window.actions.file_menu.actions() if not a.isSeparator()]
    assert file_menu.index("Back &up now") == file_menu.index("&Print…") + 1
    unlock(qtbot, window, MEMBER, MEMBER_PASSWORD)
    bar = window.guard.backups.bar
    assert "File › Back up now" in bar.text.text() and bar.act.isVisible()  # the reminder points at it
    assert action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: len(_backups_in(folder)) == 1, timeout=60_000)
    window.lock()
    assert not action.isEnabled()


def test_back_up_now_with_no_folder_says_whom_to_ask_and_writes_nothing(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _guard = make_window(qtbot, database)
    unlock(qtbot, window, MEMBER, MEMBER_PASSWORD)
    assert "Ask an administrator to choose a backup folder" in window.guard.backups.bar.text.text()
    msgbox.set_next_answer(msgbox.Answer.OK)
    window.actions["backup_now"].trigger()
    assert msgbox.shown[-1][0] == "Back up now" and "Ask an administrator" in msgbox.shown[-1][1]
    assert list(database.parent.glob("*.lipanel-backup")) == []
    window.close_database()
    unlock(qtbot, window)  # an administrator is taken to where the folder is chosen
    window.actions["backup_now"].trigger()
    assert window.current_section() == "administration"
    assert window.page("administration").current_key() == "backups"
    assert list(database.parent.glob("*.lipanel-backup")) == []


# -- organisation settings -------------------------------------------------------------------


def test_settings_are_checked_and_saved_together(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database, tab="settings")
    tab = page.settings
    tab.fields["board_name"].clear()
    tab.fields["idle_lock_minutes"].setValue(12)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.errors["board_name"].isVisible() and "must not be empty" in tab.errors["board_name"].text()
    assert window.ctx.workspace.organisation.get("idle_lock_minutes") == 5  # nothing saved
    qtbot.keyClicks(tab.fields["board_name"], "Fictional Safeguarding Children Partnership")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.message.text() == "Settings saved."
    assert window.ctx.workspace.organisation.get("idle_lock_minutes") == 12
    assert window.guard.idle.minutes == 12
    assert tab.fields["idle_lock_minutes"].maximum() == 30


# -- data protection --------------------------------------------------------------------------


def _old_case(database: Path) -> None:
    with open_database(database, ADMIN, ADMIN_PASSWORD) as store:
        with store.session() as s:
            referral = s.query(Referral).filter_by(reference="LIP-2026-0001").one()
            referral.status = "withdrawn"
            referral.withdrawn_at = datetime(2015, 1, 5, 9, 0)


def test_destroying_a_due_case_with_a_certificate(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _old_case(database)
    window, page = admin_page(qtbot, database, tab="retention")
    tab = page.retention
    assert [c.reference for c in tab.cases] == ["LIP-2026-0001"]
    assert tab.cases_summary.text().startswith("1 case is past its retention period.")
    tab.case_table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    seen: list[str] = []

    def confirm(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.authority, "Data Protection Officer")
        qtbot.keyClicks(dialog.confirm, "destroy")
        dialog.destroy_cases()
        seen.append(dialog.message.text())
        dialog.confirm.clear()
        qtbot.keyClicks(dialog.confirm, "DESTROY")
        dialog.destroy_cases()

    in_dialog(confirm)
    certificate = tmp_path / "certificate.pdf"
    msgbox.set_next_answer(msgbox.Answer.YES)  # save the certificate now
    msgbox.set_next_file(str(certificate))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(tab.destroy_button, Qt.MouseButton.LeftButton)
    assert seen == ["Type DESTROY in capitals to confirm the destruction."]
    assert tab.cases == [] and tab.certificate_table.rowCount() == 1
    assert tab.cases_summary.text().startswith("No finished case is past its retention period")  # never a bare empty list
    text = PdfReader(io.BytesIO(certificate.read_bytes())).pages[0].extract_text()
    assert "LIP-2026-0001" in text and "Data Protection Officer" in text and CHILD not in text
    with window.ctx.workspace.store.read_session() as s:
        assert s.query(Referral).count() == 0


def test_a_legal_hold_placed_and_lifted(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _old_case(database)
    _window, page = admin_page(qtbot, database, tab="retention")
    tab = page.retention
    tab.case_table.selectRow(0)
    assert tab.hold_reference.text() == "LIP-2026-0001"
    qtbot.keyClicks(tab.hold_reason, "Fictional public inquiry")
    qtbot.mouseClick(tab.hold_button, Qt.MouseButton.LeftButton)
    assert tab.case_table.item(0, 3).text() == "On hold"
    assert tab.case_table.item(0, 0).text() == "On hold"  # no tick box while held
    assert tab.hold_table.item(0, 4).text() == "Still on hold"
    tab.hold_table.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.YES)
    qtbot.mouseClick(tab.lift_button, Qt.MouseButton.LeftButton)
    assert tab.hold_table.item(0, 4).text() == date.today().strftime("%d/%m/%Y")
    assert tab.case_table.item(0, 3).text() == "No"


def test_a_hold_with_no_reason_is_refused(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    _window, page = admin_page(qtbot, database, tab="retention")
    tab = page.retention
    tab.hold_reference.setText("LIP-2026-0001")
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(tab.hold_button, Qt.MouseButton.LeftButton)
    assert "Give the reason for the hold" in msgbox.shown[-1][1]
    assert tab.hold_table.rowCount() == 0


def test_a_subject_access_pack(qtbot, database: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, page = admin_page(qtbot, database, tab="retention")
    tab = page.retention
    qtbot.keyClicks(tab.subject_reference, "LIP-2026-0001")
    target = tmp_path / "pack.pdf"
    msgbox.set_next_file(str(target))
    msgbox.set_next_answer(msgbox.Answer.OK)
    qtbot.mouseClick(tab.subject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(msgbox.shown) and msgbox.shown[-1][0] == "Subject access pack saved", timeout=60_000)
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    assert CHILD in "\n".join(p.extract_text() for p in reader.pages)
    assert CHILD not in str(reader.metadata)
    rows = AuditLogService(window.ctx.workspace.store).search(AuditFilter(entity="document:subject-access")).rows
    assert rows and rows[0].action == "export" and rows[0].entity_id == "LIP-2026-0001"


def test_no_backup_reminder_for_a_demo_database(qtbot, store, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo's throwaway database is deleted on exit: no bar asks for a backup folder."""
    from tests.gui.referral_support import close_quietly, open_window

    window = open_window(qtbot, db_path, demo_login=(ADMIN, ADMIN_PASSWORD))
    try:
        assert window.banner is not None and not window.guard.backups.bar.isVisible()
    finally:
        close_quietly(window)


def test_list_columns_fit_their_words_and_scroll_rather_than_cut_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QHeaderView, QTableWidgetItem

    from lipanel_desktop.views.pages.administration_widgets import fit_columns, read_only_table

    table = read_only_table(["Record", "Reason", "Placed on"], "Legal holds")
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    table.setRowCount(1)
    for column, text in enumerate(("LIP-2026-0001", "Coroner's request (fictional)", "24/11/2026")):
        table.setItem(0, column, QTableWidgetItem(text))
    fit_columns(table)
    header = table.horizontalHeader()
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch  # room enough: the reason takes the rest
    assert header.sectionSize(2) >= table.sizeHintForColumn(2)  # the date is never cut
    table.resize(260, 300)  # as at 200% text in a small window
    fit_columns(table)
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Interactive
    assert header.sectionSize(1) >= table.sizeHintForColumn(1)  # the table scrolls sideways instead
    table.resize(900, 300)
    fit_columns(table)
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch


def test_the_retention_summary_in_words() -> None:
    from lipanel_desktop.services.retention import CaseDue
    from lipanel_desktop.views.pages.administration_retention import cases_words

    fields = {f: None for f in CaseDue.__dataclass_fields__}
    today = date(2026, 11, 27)

    def case(due: date, on_hold: bool = False) -> CaseDue:
        return CaseDue(**{**fields, "reference": "LIP-2010-0001", "due_on": due, "on_hold": on_hold})  # type: ignore[arg-type]

    assert cases_words([], today, False).startswith("No finished case is past its retention period")
    assert "2 finished cases are listed" in cases_words([case(date(2030, 1, 1))] * 2, today, True)
    words = cases_words([case(date(2020, 1, 1)), case(date(2021, 1, 1), on_hold=True)], today, False)
    assert words.startswith("2 cases are past their retention period (1 on legal hold")


def test_each_alt_letter_on_an_administration_tab_does_one_thing(qtbot, database: Path) -> None:  # type: ignore[no-untyped-def]
    """An Alt+letter used twice (or also by a menu or a tab) does nothing useful: Qt cannot
    tell which is meant. Every label, button and box on each tab has a letter of its own."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    def letter(text: str) -> str | None:
        found = re.search(r"&([^&])", text or "")
        return found.group(1).lower() if found else None

    window, page = admin_page(qtbot, database)
    taken = {letter(a.text()) for a in window.menuBar().actions()}
    taken |= {letter(page.tabs.tabText(i)) for i in range(page.tabs.count())}
    for key, tab in page.by_key.items():
        seen: dict[str, list[str]] = {}
        for widget in tab.findChildren(QAbstractButton) + tab.findChildren(QLabel) + tab.findChildren(QGroupBox):
            text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
            if (found := letter(text)) is not None:
                seen.setdefault(found, []).append(text)
        clashes = {k: v for k, v in seen.items() if len(v) > 1 or k in taken}
        assert clashes == {}, (key, clashes)
