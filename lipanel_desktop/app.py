"""`lipanel [--db PATH] [--demo]`: start Qt, apply the look, show the unlock screen.

Start-up imports only what the unlock screen needs; each section's page is imported when
first shown. `--demo` builds a throwaway database of fictional data in a temporary
folder, shows its login on the unlock screen, and deletes the folder when the program
ends (a crash leaves only an encrypted file whose password is public and whose data is
fictional, in the system's temporary folder).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

DEMO_USER = "demo"
DEMO_PASSWORD = "Fictional-Data-2026"
DEMO_REFERRALS = 120


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="lipanel", description="LIPanel Desktop: Learning and Improvement Panel case reviews")
    parser.add_argument("--db", type=Path, help="the database to open (default: the last one used)")
    parser.add_argument("--demo", action="store_true", help="open a throwaway database of fictional demo data")
    parser.add_argument("--demo-referrals", type=int, default=DEMO_REFERRALS, help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


class DemoDatabase:
    """A database of fictional data in a temporary folder, removed by `remove()`."""

    def __init__(self, referrals: int = DEMO_REFERRALS, seed: int = 2026) -> None:
        from lipanel_desktop.services.database import create_database
        from lipanel_desktop.services.demo import seed_demo

        self.folder = Path(tempfile.mkdtemp(prefix="lipanel-demo-"))
        self.path = self.folder / "demo.lipanel-db"
        try:
            store = create_database(self.path, DEMO_USER, DEMO_PASSWORD, board_name="Demo Safeguarding Children Board")
            try:
                seed_demo(store, referrals=referrals, seed=seed)
            finally:
                store.close()
        except BaseException:
            self.remove()
            raise

    @property
    def login(self) -> tuple[str, str]:
        return DEMO_USER, DEMO_PASSWORD

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)

    from PySide6.QtWidgets import QApplication

    from lipanel_desktop.errors import KnownError
    from lipanel_desktop.settings import APP_NAME
    from lipanel_desktop.views import style

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "lipanel"])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("lipanel")
    style.apply(app)

    demo: DemoDatabase | None = None
    try:
        if args.demo:
            try:
                demo = DemoDatabase(referrals=max(0, args.demo_referrals))
            except KnownError as error:
                print(f"lipanel: the demo could not be prepared: {error.message}", file=sys.stderr)
                return 2
        return _run(app, args, demo)
    finally:
        if demo is not None:
            demo.remove()


def _run(app: object, args: argparse.Namespace, demo: DemoDatabase | None) -> int:
    from PySide6.QtCore import QTimer

    from lipanel_desktop.settings import default_database_path
    from lipanel_desktop.views import preferences, safety_net
    from lipanel_desktop.views.main_window import MainWindow

    database = demo.path if demo is not None else args.db
    window = MainWindow(database=database, demo_login=demo.login if demo is not None else None)
    safety_net.install(lambda: window)
    _end_on_signals(app, window)
    window.show()
    window.first_painted.connect(
        lambda: threading.Thread(target=_preload, name="lipanel-preload", daemon=True).start()
    )
    first_run = (
        demo is None
        and args.db is None
        and not default_database_path().exists()
        and not any(p.exists() for p in preferences.recent_databases())
    )
    if first_run:
        QTimer.singleShot(0, window.create_database)
    return app.exec()  # type: ignore[attr-defined]


def _end_on_signals(app: object, window: object) -> None:
    """SIGTERM (log-off, shutdown) and Ctrl+C in a terminal end the program cleanly:
    drafts kept, key dropped, a demo folder removed. A timer lets Python see the signal."""
    from PySide6.QtCore import QTimer

    def end(_signum: int, _frame: object) -> None:
        window.shut_down()  # type: ignore[attr-defined]
        app.quit()  # type: ignore[attr-defined]

    for name in ("SIGTERM", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), end)
    ticker = QTimer(window)  # type: ignore[arg-type]
    ticker.start(250)
    ticker.timeout.connect(lambda: None)


def _preload() -> None:
    """Import the database code while the user types their password (imports are
    thread-safe; nothing here touches a widget), then set the code aside from the garbage
    collector's walks (see `collector.py`)."""
    import importlib

    for name in ("lipanel_desktop.services.database", "lipanel_desktop.services.workspace",
                 "lipanel_desktop.views.idle_lock", "lipanel_desktop.views.accounts_password",
                 "lipanel_desktop.views.pages.administration_backups", "lipanel_desktop.views.pages.referrals"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # only a head start: the real import, when needed, reports any problem
    from lipanel_desktop.collector import settle_long_lived

    settle_long_lived()


if __name__ == "__main__":
    sys.exit(main())
