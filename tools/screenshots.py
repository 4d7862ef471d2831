"""`make screenshots`: pictures of the application with demo data, for the README and for
looking at every screen at the normal text size, at 200% and in high contrast.

Writes `docs/screenshots/*.png` (normal size), `docs/screenshots/200/*.png` (text at
200%) and `docs/screenshots/high-contrast/*.png`, replacing only the pictures it makes:
nothing else in those folders is touched (the documents' `print-*.png`, made by
`tools/document_screenshots.py`, and the other sections' pictures stay). Runs offscreen
unless QT_QPA_PLATFORM says otherwise, in a temporary folder that is removed afterwards:
nothing is left behind but the pictures, and every name in them is fictional.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 820)
DEMO_USER = "demo"
DEMO_PASSWORD = "Fictional-Data-2026"
#: File names for Form A's sections, in the form's order.
SECTION_SLUGS = ("childs-details", "referral-details", "a-childs-details", "b-household", "c-incident",
                 "reason-for-request", "circumstances-and-agencies", "panel-conclusion")


def _prepare_environment(work: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("LIPANEL_DATA_DIR", "LIPANEL_LOG_DIR", "LIPANEL_CONFIG_DIR"):
        folder = work / name.lower()
        folder.mkdir()
        os.environ[name] = str(folder)
    os.environ["LIPANEL_TEST_KDF"] = "fast"  # the pictures do not need a slow key


def _demo_database(work: Path) -> Path:
    from lipanel_desktop.services.database import create_database
    from lipanel_desktop.services.demo import seed_demo

    path = work / "demo.lipanel-db"
    store = create_database(path, DEMO_USER, DEMO_PASSWORD, board_name="Demo Safeguarding Children Board")
    try:
        seed_demo(store, referrals=200, seed=11)
    finally:
        store.close()
    return path


def _settle(app: Any, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _save(widget: Any, name: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(folder / f"{name}.png"))
    print(f"  {(folder / name).relative_to(ROOT)}.png")


def open_demo(app: Any, path: Path, size: tuple[int, int]) -> Any:
    """The main window on the demo database, in the house look, unlocked as the demo user."""
    from lipanel_desktop.views.main_window import MainWindow
    from lipanel_desktop.views.style import apply

    apply(app)
    window = MainWindow(database=path, demo_login=(DEMO_USER, DEMO_PASSWORD))
    window.resize(*size)
    window.show()
    _settle(app)
    window.unlock_screen.password.setText(DEMO_PASSWORD)
    window.unlock_screen.try_unlock()
    _settle(app)
    return window


def _richest_referral(window: Any) -> int:
    """A referral with a household and a narrative, so Form A shows every part filled in."""
    workspace = window.ctx.workspace
    best, best_score = None, -1
    for row in workspace.referral_register.rows()[:60]:
        form = workspace.referrals.get(row[0]).form
        score = len(form.household) * 3 + len(form.agencies_involved) + (5 if form.summary else 0) + (
            3 if row[6] == "submitted" else 0)
        if score > best_score:
            best, best_score = row[0], score
    assert best is not None
    return best


def _decided_referral(window: Any) -> int:
    """A referral the panel has decided on, so the conclusion block shows every row."""
    workspace = window.ctx.workspace
    for row in workspace.referral_register.rows():
        if row[6] in ("decided", "in_review", "closed"):
            detail = workspace.referrals.get(row[0])
            if detail.conclusion is not None and detail.conclusion.chronology_agencies:
                return detail.id
    raise RuntimeError("the demo data has no decided referral to show")


def _pictures(app: Any, path: Path, folder: Path, suffix: str = "") -> None:
    from lipanel_desktop.views.main_window import MainWindow
    from lipanel_desktop.views.style import apply

    apply(app)
    window = MainWindow(database=path, demo_login=(DEMO_USER, DEMO_PASSWORD))
    window.resize(*SIZE)
    window.show()
    _settle(app)
    _save(window, "unlock", folder)
    screen = window.unlock_screen
    screen.password.setText(DEMO_PASSWORD)
    screen.try_unlock()
    _settle(app)
    register = window.page("referrals").register
    register.table.selectRow(0)
    _settle(app)
    _save(window, "main-window", folder)
    surname = register.model.data(register.model.index(0, 1)).split()[-1]
    register.search.setText(surname[:4])
    _settle(app)
    _save(window, "register-search", folder)
    register.search.clear()
    page = window.page("referrals")
    page.open_referral(_richest_referral(window))
    _settle(app)
    editor = page.editor
    for number, slug in enumerate(SECTION_SLUGS, start=1):
        if slug == "panel-conclusion":  # the panel's conclusion: shown from a decided referral
            editor.close_editor()
            page.open_referral(_decided_referral(window))
            _settle(app)
        editor.index.setCurrentRow(number - 1)
        _settle(app)
        _save(window, f"form-a-{number}-{slug}", folder)
    editor.close_editor()
    window.shut_down()
    window.deleteLater()
    _settle(app)


def looks() -> tuple[tuple[Path, int, bool], ...]:
    """(folder, text size in per cent, high contrast) of each set of pictures."""
    return ((OUT, 100, False), (OUT / "200", 200, False), (OUT / "high-contrast", 100, True))


def in_three_looks(title: str, prefix: str, pictures: Callable[[Any, Path, Path, Path], None],
                   prepare: Callable[[Path, Path], None] | None = None) -> int:
    """Every screenshot tool's run: a demo database in a temporary folder (removed
    afterwards), then `pictures(app, database, folder, work)` at the normal size, at 200%
    text and in high contrast. `prepare(database, work)` adds what a tool needs first."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        _prepare_environment(work)
        sys.path.insert(0, str(ROOT))
        from PySide6.QtWidgets import QApplication

        from lipanel_desktop.views import preferences

        app = QApplication.instance() or QApplication([])
        path = _demo_database(work)
        if prepare is not None:
            prepare(path, work)
        print(f"{title}:")
        try:
            for folder, scale, contrast in looks():
                preferences.TEXT_SCALE.set(scale)
                preferences.HIGH_CONTRAST.set(contrast)
                pictures(app, path, folder, work)
        finally:
            preferences.TEXT_SCALE.set(100)
            preferences.HIGH_CONTRAST.set(False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    return in_three_looks("Screenshots", "lipanel-screenshots-",
                          lambda app, path, folder, _work: _pictures(app, path, folder))


if __name__ == "__main__":
    sys.exit(main())
