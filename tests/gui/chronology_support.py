"""Helpers for the chronology GUI tests: a review with entries from several agencies
(one event seen by three of them, with a conflicting date), the page on a real database,
and a way to act inside the modal dialogs the page opens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from lipanel_desktop.services.chronology.entries import ChronologyService
from lipanel_desktop.services.chronology.fields import EntryInput
from lipanel_desktop.services.workspace import Workspace
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.ops import Hub, Ops
from lipanel_desktop.views.pages.chronology import ChronologyPage
from tests.unit.chronology_fixtures import ReviewSetup, make_review

SHARED = "Police called to a domestic incident at the family home; mother assaulted by partner"


def seed_chronology(store: Store) -> ReviewSetup:
    review = make_review(store)
    service = ChronologyService(store)
    plan = [
        ("Police", "03/04/2019", SHARED, "High"),
        ("Children's Social Care", "04/04/2019", "Notification from police: domestic incident at the family home, "
                                                 "mother assaulted by partner", "High"),
        ("Health", "03/04/2019", "Health visitor told of a domestic incident at the family home; mother assaulted "
                                 "by her partner", "Medium"),
        ("Education", "10/01/2019", "Child late to school three times this week", "Low"),
        ("Health", "February 2019", "Routine development check", "Low"),
        ("Education", "20/11/2019", "Exclusion meeting with mother", "Medium"),
        ("Police", "c. 2018", "Family known at a previous address", "Context only"),
    ]
    for agency, when, event, significance in plan:
        service.add(review.id, review.agencies[agency],
                    EntryInput(when, "", "Record", f"{agency} record", event, significance, "", "Fictional Author"))
    return review


def page_on(qtbot: Any, store: Store) -> ChronologyPage:
    hub = Hub()
    ctx = AppContext(workspace=Workspace(store), ops=Ops(hub), hub=hub)
    page = ChronologyPage(ctx)
    hub.changed.connect(lambda topic: page.refresh() if topic in page.topics else None)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page


def in_dialog(qtbot: Any, trigger: Callable[[], None], act: Callable[[Any], None]) -> Any:
    """Open a modal dialog with `trigger` and run `act(dialog)` inside it; a dialog still
    open afterwards is cancelled, so a test never hangs."""
    seen: list[Any] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, handle)
            return
        seen.append(dialog)
        try:
            act(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, handle)
    trigger()
    assert seen, "no dialog was opened"
    return seen[0]


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(widget, text)
