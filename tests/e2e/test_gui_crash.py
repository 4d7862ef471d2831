"""The real program, killed while someone types into Form A, loses at most a few seconds
of typing: reopening offers the draft."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from lipanel_desktop.services.database import create_database
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.form_a.draft_keeping import DRAFT_MAX_MS
from tests.conftest import ADMIN, ADMIN_PASSWORD, ROOT
from tests.gui.referral_support import close_quietly, open_window

TEXT = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliett Kilo Lima Mike November"
CHAR_SECONDS = 0.12

TYPIST = f"""
import os, sys, time
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication([])
from lipanel_desktop.views.main_window import MainWindow

window = MainWindow(database=Path(sys.argv[1]))
window.show()
screen = window.unlock_screen
screen.user.setText({ADMIN!r})
screen.password.setText({ADMIN_PASSWORD!r})
screen.try_unlock()
page = window.page("referrals")
page.new_item()
line = page.editor.fields["child_full_name"].line
line.setFocus()
print("READY", flush=True)

def wait(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)

for ch in {TEXT!r}:
    QTest.keyClicks(line, ch)
    print("TYPED", time.monotonic(), flush=True)
    wait({CHAR_SECONDS})
print("DONE", time.monotonic(), flush=True)
wait(600)
"""


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_killed_program_loses_only_the_last_few_seconds_of_typing(qtbot: Any, tmp_path: Path) -> None:
    db_path = tmp_path / "crash.lipanel-db"
    create_database(db_path, ADMIN, ADMIN_PASSWORD).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    typist = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=str(ROOT),
        text=True,
    )
    typed_at: list[float] = []
    try:
        assert typist.stdout is not None
        for line in typist.stdout:
            if line.startswith("TYPED"):
                typed_at.append(float(line.split()[1]))
            if line.startswith("DONE"):
                killed_at = time.monotonic()
                typist.send_signal(signal.SIGKILL)  # no clean-up of any kind
                break
    finally:
        if typist.poll() is None:
            typist.kill()
        typist.communicate(timeout=30)
    assert len(typed_at) == len(TEXT)
    # Everything typed more than the draft interval (plus a second's slack) before the kill
    # must come back.
    safe = sum(1 for t in typed_at if t < killed_at - DRAFT_MAX_MS / 1000 - 1.0)
    assert safe >= len(TEXT) // 3, "the test typed too fast to prove anything"

    msgbox.reset()
    window = open_window(qtbot, db_path)
    try:
        msgbox.set_next_answer(msgbox.Answer.YES)
        window.page("referrals").new_item()
        assert "Unsaved typing found" in msgbox.shown[-1][0]
        restored = window.page("referrals").editor.fields["child_full_name"].value()
        assert TEXT.startswith(restored)
        assert len(restored) >= safe, (len(restored), safe)
    finally:
        close_quietly(window)
