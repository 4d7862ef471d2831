"""Issue 3's figures: the application with 50,000 fictional referrals (`seed-demo`), each
beside a floor measured in the same run.

- process start to the unlock screen painted (the same launcher the frozen program uses,
  `LIPANEL_REPORT_STARTUP=1`), against Python starting PySide6 and painting one bare
  window the same way;
- unlock to the register shown, key derivation included (Argon2id with the real
  parameters, then the window's sections, all 50,000 rows in the register), against
  the same derivation plus a raw SQLCipher query of the same rows;
- a keystroke in the search box to updated results (FTS5, then the model and the
  table repainted), against the raw FTS5 query for the same text;
- sorting the register by the child's name (done in the model), against SQLite's
  `ORDER BY` of the same rows;
- opening a referral from the register into Form A (audited), against a raw query of
  that referral and its household;
- the whole session's peak memory (start, unlock, register, search, sort, open) in a
  process of its own, against a process that only fetches the same rows raw.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.bench_packaging import _until_window  # the same "first painted window" clock
from benchmarks.run import Harness, at_most

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = ROOT / "packaging" / "launchers" / "lipanel.py"
USER = "bench-admin"
PASSWORD = "Bench-Password-Fictional-42"
FULL = 50_000
QUICK = 400
MB = 1 << 20

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.isWidgetType() and watched.isWindow():
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, lambda: print("lipanel: window shown after 0 ms", file=sys.stderr, flush=True))
        return False

app = QApplication([])
watcher = FirstPaint(app)
app.installEventFilter(watcher)
label = QLabel("Unlock")
label.resize(640, 480)
label.show()
app.exec()
"""

RAW_COLUMNS = "id, reference, child_full_name, child_dob, agency_name, referral_date, status"


# -- set-up ----------------------------------------------------------------------------------


def _qapp() -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _database(h: Harness, referrals: int) -> Path:
    from lipanel_desktop.services.database import create_database
    from lipanel_desktop.services.demo import seed_demo

    path = h.folder("gui") / "panel.lipanel-db"
    store = create_database(path, USER, PASSWORD)
    try:
        seed_demo(store, referrals=referrals, seed=3)
    finally:
        store.close()
    return path


def _raw_key(path: Path) -> bytes:
    from lipanel_desktop.services.database import open_database

    store = open_database(path, USER, PASSWORD)
    try:
        return store.key_for_backup()
    finally:
        store.close()


def _raw(path: Path, key: bytes) -> Any:
    """A keyed SQLCipher connection through the bare DB-API: the floor's tool."""
    from sqlcipher3 import dbapi2

    con = dbapi2.connect(str(path), isolation_level=None)
    con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return con


def _raw_rows(con: Any) -> int:
    rows = con.execute(f"SELECT {RAW_COLUMNS} FROM referrals ORDER BY id DESC").fetchall()
    con.execute(
        "SELECT a.referral_id, min(m.meeting_date) FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id "
        "WHERE a.referral_id IS NOT NULL AND m.meeting_date >= date('now') GROUP BY a.referral_id"
    ).fetchall()
    return len(rows)


# -- start-up ---------------------------------------------------------------------------------


def bench_startup(h: Harness, path: Path) -> None:
    folder = h.folder("startup")
    h.measure(
        "process start to unlock screen shown",
        lambda: _until_window([sys.executable, str(LAUNCHER), "--db", str(path)], folder),
        floor=("Python + PySide6 painting one bare window", lambda: _until_window([sys.executable, "-c", BARE_WINDOW], folder)),
        goal=at_most(1.0),
        note="goal from issue 3: ≤ 1.0 s",
    )


# -- the session, in this process ---------------------------------------------------------------


class Session:
    """A real main window on the benchmark database, shown offscreen."""

    def __init__(self, path: Path) -> None:
        from lipanel_desktop.views.main_window import MainWindow

        self.app = _qapp()
        self.path = path
        self.window = MainWindow(database=path)
        self.window.show()
        self.app.processEvents()
        from lipanel_desktop.collector import settle_long_lived

        settle_long_lived()  # as the program does once its code is loaded (app._preload)

    def unlock(self) -> int:
        screen = self.window.unlock_screen
        screen.user.setText(USER)
        screen.password.setText(PASSWORD)
        screen.try_unlock()
        if self.window.is_locked:
            raise RuntimeError(f"the benchmark could not unlock: {screen.message.text()}")
        register = self.register
        register.table.viewport().repaint()
        self.app.processEvents()
        return register.model.rowCount()

    def close_database(self) -> None:
        if not self.window.is_locked:
            self.window.close_database()
        self.app.processEvents()

    @property
    def register(self) -> Any:
        return self.window.page("referrals").register

    def type_search(self, text: str) -> int:
        """Keystrokes as the keyboard delivers them (any letter, accented or not)."""
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        for letter in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                self.app.sendEvent(self.register.search, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, letter))
        self.register.table.viewport().repaint()
        return self.register.model.rowCount()

    def sort(self, column: int, descending: bool) -> int:
        from PySide6.QtCore import Qt

        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.register.table.sortByColumn(column, order)
        self.register.table.viewport().repaint()
        return self.register.model.rowCount()

    def open(self, referral_id: int) -> str:
        page = self.window.page("referrals")
        page.open_referral(referral_id)
        page.editor.repaint()
        return page.editor.fields["child_full_name"].value()

    def back(self) -> None:
        page = self.window.page("referrals")
        if page is not None and page.editing:
            page.editor.close_editor()
        self.app.processEvents()

    def close(self) -> None:
        self.back()
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()


def _search_word(path: Path, key: bytes) -> str:
    """A surname that occurs in the demo data, to type letter by letter."""
    con = _raw(path, key)
    try:
        name = con.execute("SELECT child_full_name FROM referrals WHERE child_full_name != '' LIMIT 1").fetchone()[0]
    finally:
        con.close()
    return re.findall(r"[^\W_]+", name)[-1]


def bench_session(h: Harness, path: Path, count: int) -> None:
    from lipanel_desktop.services.referral_register import fts_query
    from lipanel_desktop.storage.kdf import Argon2Params, derive_key

    key = _raw_key(path)
    session = Session(path)
    salt = os.urandom(16)

    def floor_unlock() -> int:
        derive_key(PASSWORD, salt, Argon2Params())  # the same cost as the user's slot
        con = _raw(path, key)
        try:
            return _raw_rows(con)
        finally:
            con.close()

    try:
        h.measure(
            f"unlock to register shown ({count:,} referrals, key derivation included)",
            lambda _prepared: session.unlock(),
            setup=session.close_database,
            floor=("Argon2id + raw SQLCipher query of the same rows", floor_unlock),
            goal=at_most(1.5),
            note="goal from issue 3: ≤ 1.5 s",
        )
        if session.window.is_locked:
            session.unlock()
        word = _search_word(path, key)
        con = _raw(path, key)

        def raw_search(typed: str) -> int:
            return len(con.execute("SELECT rowid FROM referral_search WHERE referral_search MATCH ?",
                                   (fts_query(typed),)).fetchall())

        for letters in (1, 3):
            prefix, letter = word[: letters - 1], word[letters - 1]

            def ready(prefix: str = prefix) -> None:
                session.register.search.setText(prefix)
                session.app.processEvents()

            found = h.measure(
                f"keystroke in the search box to updated results (letter {letters} of “{word}”)",
                lambda _p, letter=letter: session.type_search(letter),
                setup=ready,
                floor=("raw FTS5 query for the same text", lambda typed=prefix + letter: raw_search(typed)),
                goal=at_most(0.050),
                repeat=9,
                note="goal from issue 3: ≤ 50 ms",
            )
            if found is not None:
                found.note += f"; {found.value:,} of {count:,} rows shown"
        session.register.search.setText("")
        session.app.processEvents()

        flips = iter(range(10**6))
        h.measure(
            f"sort the register by child's name ({count:,} rows, in the model, first sort of the column)",
            lambda _prepared: session.sort(1, next(flips) % 2 == 0),
            setup=session.register.model.forget_orders,
            floor=("SQLite ORDER BY of the same rows", lambda: len(con.execute(
                f"SELECT {RAW_COLUMNS} FROM referrals ORDER BY child_full_name COLLATE NOCASE").fetchall())),
            goal=at_most(0.100),
            repeat=9,
            note="goal from issue 3: ≤ 100 ms; the order is made from scratch each time, from the names' "
                 "sort keys made once the register was shown and Qt was idle",
        )
        ids = [row[0] for row in con.execute("SELECT id FROM referrals ORDER BY id LIMIT 50")]
        picks = iter(ids * 10)

        def raw_open(referral_id: int) -> int:
            con.execute("SELECT * FROM referrals WHERE id = ?", (referral_id,)).fetchone()
            return len(con.execute("SELECT * FROM household_members WHERE referral_id = ? ORDER BY position",
                                   (referral_id,)).fetchall())

        h.measure(
            "open a referral from the register into Form A (audited)",
            lambda chosen: session.open(chosen),
            setup=lambda: (session.back(), next(picks))[1],
            floor=("raw query of the referral and its household", lambda chosen: raw_open(chosen), lambda: ids[0]),
            goal=at_most(0.150),
            repeat=9,
            note="goal from issue 3: ≤ 150 ms",
        )
        con.close()
    finally:
        session.close()


# -- memory, in processes of their own --------------------------------------------------------


def session_peak(path: str) -> None:
    """Run in a child process: the whole session, then print the peak resident memory."""
    session = Session(Path(path))
    session.unlock()
    session.type_search("a")
    session.type_search("b")
    session.sort(1, False)
    session.sort(2, True)
    first = session.register.model.referral_id(0)
    if first is not None:
        session.open(first)
    session.close()
    print("PEAK", _vm_hwm(), flush=True)


def raw_peak(path: str, key_hex: str) -> None:
    con = _raw(Path(path), bytes.fromhex(key_hex))
    _raw_rows(con)
    con.close()
    print("PEAK", _vm_hwm(), flush=True)


def _vm_hwm() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _child_peak(code: str) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(ROOT),
                            timeout=1800)
    found = re.search(r"^PEAK (\d+)$", result.stdout, re.MULTILINE)
    if not found:
        raise RuntimeError(f"the memory probe failed: {result.stderr[-2000:]}")
    return int(found.group(1))


def bench_memory(h: Harness, path: Path, count: int) -> None:
    if not Path("/proc/self/status").exists() or not h.wanted("peak memory"):
        return
    key = _raw_key(path)
    gui = _child_peak(f"from benchmarks.bench_gui import session_peak; session_peak({str(path)!r})")
    raw = _child_peak(f"from benchmarks.bench_gui import raw_peak; raw_peak({str(path)!r}, {key.hex()!r})")
    h.record(
        f"peak memory of a session ({count:,} referrals: unlock, register, search, sort, open)",
        gui,
        unit="bytes",
        floor=("a process fetching the same rows raw", raw),
        goal=at_most(400 * MB),
        note="goal from issue 3: ≤ 400 MB",
    )


def run(h: Harness) -> None:
    count = QUICK if h.quick else FULL
    path = _database(h, count)
    bench_startup(h, path)
    bench_session(h, path, count)
    bench_memory(h, path, count)
