"""Helpers for the Actions and Reports GUI tests: a main window opened on a database that
already holds a fictional action plan, and a way to answer the modal dialogs the pages
open, by typing into them as a user would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from lipanel_desktop.services.reports.dissemination import DisseminationInput, DisseminationService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.referral_support import close_quietly, open_window
from tests.unit.test_action_fixtures import Plan, add_update_row, insert_action, make_plan

TODAY = date.today()


def seed_plan(store: Store) -> Plan:
    """Seven actions in every status across three agencies, two reviews and a decision."""
    plan = make_plan(store)
    insert_action(store, plan, "ACT-2026-0001", agency=plan.police, due=TODAY - timedelta(days=20), officer="Inspector Example")
    insert_action(store, plan, "ACT-2026-0002", agency=plan.police, due=TODAY + timedelta(days=30), forecast=TODAY + timedelta(days=90),
                  status="on_track", officer="Inspector Example")
    insert_action(store, plan, "ACT-2026-0003", agency=plan.health, due=TODAY + timedelta(days=10), status="on_track", officer="Nurse Example",
                  evidence="Fictional audit of twenty case files.")
    insert_action(store, plan, "ACT-2026-0004", agency=plan.health, due=TODAY + timedelta(days=60), officer="Nurse Example")
    insert_action(store, plan, "ACT-2026-0005", agency=plan.health, due=TODAY - timedelta(days=5), status="complete",
                  evidence="Fictional training register.", completed_on=TODAY - timedelta(days=6))
    insert_action(store, plan, "ACT-2026-0006", agency=plan.education, due=TODAY - timedelta(days=50), status="closed",
                  evidence="Fictional.", signed_off_on=TODAY - timedelta(days=2), recommendation=plan.other_recommendation_id)
    last = insert_action(store, plan, "ACT-2026-0007", agency=plan.education, due=TODAY + timedelta(days=100),
                         recommendation=plan.other_recommendation_id)
    add_update_row(store, last, TODAY - timedelta(days=1), "Fictional first note.")
    DisseminationService(store).add(
        plan.review_id, DisseminationInput("briefing", TODAY - timedelta(days=3), "Fictional GP practices", 25, "Share records promptly.")
    )
    return plan


@pytest.fixture
def planned(store: Store) -> Plan:
    return seed_plan(store)


@pytest.fixture
def window(qtbot: Any, store: Store, db_path: Path, planned: Plan) -> Iterator[MainWindow]:
    msgbox.reset()
    w = open_window(qtbot, db_path)
    yield w
    close_quietly(w)
    msgbox.reset()


def answer_dialog(qtbot: Any, trigger: Callable[[], None], fill: Callable[[Any], None], *, press_ok: bool = True) -> tuple[Any, str]:
    """Open a modal dialog with `trigger`, let `fill` type into it, then press its OK
    button. Returns the dialog and any problems it showed (it is cancelled if it is
    still open, so a refused form never hangs the test)."""
    seen: list[tuple[Any, str]] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, handle)
            return
        fill(dialog)
        if press_ok:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        problems = dialog.problems.text() if dialog.isVisible() and hasattr(dialog, "problems") else ""
        seen.append((dialog, problems))
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, handle)
    trigger()
    assert seen, "no dialog was opened"
    return seen[0]


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Replace a field's text by typing, as a user would."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(widget, text)


def choose(qtbot: Any, combo: Any, label: str) -> None:
    """Pick an entry of a combo box by its words, with the keyboard."""
    index = combo.findText(label)
    assert index >= 0, f"{label!r} not offered: {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setFocus()
    while combo.currentIndex() != index:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up)
