"""The real main window in its own process, for the fault proofs.

    python -m tests.proofs.fault_session kill-during-save DATABASE FIRST SECOND
        Save a referral named FIRST; type SECOND and keep it as a draft; save again and be
        killed (SIGKILL) in the middle of that save's transaction.
    python -m tests.proofs.fault_session disk-full DATABASE [LIMIT_BYTES]
        On a nearly full file system (or with files limited to LIMIT_BYTES by RLIMIT_FSIZE,
        where no small file system can be mounted), open the first referral, paste a long
        summary and save. Prints the messages shown.

Each prints one JSON line with what happened (the killed one prints before the kill).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from pathlib import Path

PASSWORD = "Correct-Horse-Battery-9"


def _window(database: Path):  # type: ignore[no-untyped-def]
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from lipanel_desktop.views.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    window = MainWindow(database=database)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    return app, window


def _wait(condition, ms: int = 60_000) -> bool:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    for _ in range(ms // 20):
        if condition():
            return True
        QTest.qWait(20)
    return False


def _unlock(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    screen = window.unlock_screen
    screen.user.clear()
    QTest.keyClicks(screen.user, "admin")
    QTest.keyClicks(screen.password, PASSWORD)
    QTest.keyClick(screen.password, Qt.Key.Key_Return)
    _wait(lambda: not window.is_locked)


def kill_during_save(database: Path, first: str, second: str) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from sqlalchemy import event

    from lipanel_desktop.storage.store import AuditedSession

    _app, window = _window(database)
    _unlock(window)
    QTest.keyClick(window.navigation, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.page("referrals").editor
    name = editor.fields["child_full_name"].focus_widget
    _wait(name.isVisible)
    QTest.keyClicks(name, first)
    QTest.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = _wait(lambda: editor.detail is not None, 10_000)
    name.selectAll()
    QTest.keyClicks(name, second)
    editor.save_draft()  # what the editor's draft timer does a few seconds after typing stops

    def die(session, context) -> None:  # type: ignore[no-untyped-def]
        # Rows are written and the journal holds the old pages; COMMIT has not happened.
        os.kill(os.getpid(), signal.SIGKILL)

    print(json.dumps({"saved_first": saved, "reference": editor.detail.reference if saved else ""}), flush=True)
    event.listen(AuditedSession, "after_flush_postexec", die)
    QTest.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    print(json.dumps({"survived": True}), flush=True)  # never reached
    return 1


def disk_full(database: Path, limit: int) -> int:
    from lipanel_desktop.views import msgbox

    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    _app, window = _window(database)
    _unlock(window)
    for _ in range(6):
        msgbox.set_next_answer(msgbox.Answer.OK)  # record the messages instead of blocking on them
    window.navigate("referrals", referral_id=1)
    editor = window.page("referrals").editor
    _wait(lambda: editor.detail is not None, 10_000)
    summary = editor.fields["summary"].focus_widget
    summary.setPlainText("A long account of the event. " * 6_000)  # 174,000 characters: within the limit
    saved = editor.save()
    shown = list(msgbox.shown)
    msgbox.reset()
    for _ in range(4):
        msgbox.set_next_answer(msgbox.Answer.NO)
    window.close()
    print(json.dumps({"saved": saved, "shown": shown}), flush=True)
    return 0


def main() -> int:
    mode, database = sys.argv[1], Path(sys.argv[2])
    if mode == "kill-during-save":
        return kill_during_save(database, sys.argv[3], sys.argv[4])
    if mode == "disk-full":
        return disk_full(database, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main())
