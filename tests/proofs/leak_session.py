"""A whole GUI session, as the no-plaintext-leak proof runs it in its own process:
unlock by typing, a Form A with the marker name saved, more unsaved typing, a print
preview, a program fault logged, the clipboard used, lock, unlock, quit.

    python -m tests.proofs.leak_session DATABASE MARKER

Prints one JSON line: what was done, and any network socket the process held at the end
(read from /proc, so sockets opened by Qt's C++ code count too).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def inet_sockets() -> list[str]:
    """Internet sockets this process holds, from /proc (Linux); [] elsewhere."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return []
    inodes = set()
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        try:
            lines = Path(f"/proc/self/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[9] in inodes:
                found.append(f"{table} {fields[1]} -> {fields[2]}")
    return found


def main() -> int:
    database, marker = Path(sys.argv[1]), sys.argv[2]
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from lipanel_desktop.crash_log import log_bug
    from lipanel_desktop.services.database import create_database
    from lipanel_desktop.views import msgbox, style
    from lipanel_desktop.views import print_document as pd
    from lipanel_desktop.views.main_window import MainWindow
    from lipanel_desktop.views.print_options import DocumentChoice
    from lipanel_desktop.vocabulary.documents import DocumentKind, RedactionProfile

    create_database(database, "admin", "Correct-Horse-Battery-9").close()
    app = QApplication([sys.argv[0]])
    app.setApplicationName("LIPanel")
    app.setOrganizationName("LIPanel")
    style.apply(app)
    window = MainWindow(database=database)
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    done: dict[str, object] = {}

    def wait(condition, ms: int = 60_000) -> bool:  # type: ignore[no-untyped-def]
        for _ in range(ms // 20):
            if condition():
                return True
            QTest.qWait(20)
        return False

    def unlock() -> None:
        screen = window.unlock_screen
        if not screen.locked_mode:
            screen.user.clear()
            QTest.keyClicks(screen.user, "admin")
        QTest.keyClicks(screen.password, "Correct-Horse-Battery-9")
        QTest.keyClick(screen.password, Qt.Key.Key_Return)
        wait(lambda: not window.is_locked)

    unlock()
    done["unlocked"] = not window.is_locked
    QTest.keyClick(window.navigation, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.page("referrals")
    editor = page.editor
    name = editor.fields["child_full_name"].focus_widget
    wait(name.isVisible)
    QTest.keyClicks(name, marker)
    summary = editor.fields["summary"].focus_widget
    summary.setFocus()
    QTest.keyClicks(summary, f"{marker} was found at home by a relative.")
    QTest.keyClick(name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait(lambda: editor.detail is not None, 10_000)
    done["saved"] = editor.detail is not None and editor.detail.form.child_full_name == marker

    pd.set_next_choice(DocumentChoice(DocumentKind.FORM_A, RedactionProfile.PANEL, (), None))
    editor.print_referral()
    session = getattr(editor, "_document_session", None)
    done["previewed"] = wait(lambda: session is not None and session.preview is not None)
    if session is not None and session.preview is not None:
        QTest.qWait(200)
        session.preview.close()

    # More typing, not saved: it must be kept only as an encrypted draft.
    QTest.keyClicks(editor.fields["child_also_known_as"].focus_widget, f"{marker} Alias")
    name.selectAll()
    name.copy()
    done["copied"] = QGuiApplication.clipboard().text() == marker

    try:
        raise ValueError(f"a field could not be read: {marker}")
    except ValueError as error:
        log_bug(error)

    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    QTest.keyClick(window.navigation, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    done["locked"] = window.is_locked
    done["clipboard_cleared"] = QGuiApplication.clipboard().text() == ""
    unlock()
    done["unlocked_again"] = not window.is_locked
    editor = window.page("referrals").editor  # the pages were rebuilt after the lock
    done["draft_back"] = wait(lambda: editor.fields["child_also_known_as"].focus_widget.text() == f"{marker} Alias", 10_000)
    from lipanel_desktop.models.draft import Draft

    with window.ctx.workspace.store.read_session() as s:
        done["draft_in_database"] = any(f"{marker} Alias" in d.payload for d in s.query(Draft))
    done["sockets"] = inet_sockets()
    for _ in range(3):
        msgbox.set_next_answer(msgbox.Answer.NO)  # "save your changes?": no (the draft stays)
    window.close()
    app.processEvents()
    done["closed"] = not window.isVisible()
    from lipanel_desktop.storage import instance_lock

    held = instance_lock.held_here(database)
    done["lock_released"] = held is None and not instance_lock.lock_path(database).exists()
    done["held_count"] = getattr(held, "_count", 0)
    print(json.dumps(done), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
