"""Closing a review early from its Progress tab (a reason, the review it merged into),
re-opening it, and who may: a panel member sees neither button."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt

from lipanel_desktop.services.review_closure import EarlyClosure, ReviewClosureService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.panel_support import choose, in_dialog, type_text
from tests.gui.referral_support import close_quietly, open_window, window  # noqa: F401  (fixture)
from tests.panel_factories import PASSWORD, referral_status, store_as
from tests.review_factories import open_review, set_stage, snapshot

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def progress(window: MainWindow, review_id: int) -> Any:  # noqa: F811
    window.navigate("reviews", review_id=review_id)
    return window.page("reviews").workspace.progress


def test_close_early_then_reopen(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    review_id = open_review(store, number=1)
    other = open_review(store, number=2)
    set_stage(store, review_id, "chronologies")
    tab = progress(window, review_id)
    assert tab.close_button.isEnabled() and not tab.reopen_button.isEnabled()

    # Merged without saying into which review: refused, nothing changes.
    refused = in_dialog(qtbot, tab.close_early, lambda d: choose(d.fields["reason"], "merged"))
    assert "Choose the review it was merged into" in refused.problems.text()
    assert snapshot(store, review_id)["stage"] == "chronologies"
    refused = in_dialog(qtbot, tab.close_early, lambda d: choose(d.fields["reason"], "other"))
    assert "Give the details" in refused.problems.text()

    def merge(dialog: Any) -> None:
        choose(dialog.fields["reason"], "merged")
        choose(dialog.fields["merged"], str(other))
        type_text(qtbot, dialog.fields["note"], "Fictional: the same family; one review covers both.")

    msgbox.set_next_answer(msgbox.Answer.OK)
    in_dialog(qtbot, tab.close_early, merge)
    assert msgbox.shown[-1][0] == "Review closed"
    workspace = window.page("reviews").workspace
    assert workspace.review.stage == "closed"
    assert "Closed early on" in tab.closure_label.text() and "Merged into another review" in tab.closure_label.text()
    assert tab.reopen_button.isEnabled() and not tab.close_button.isEnabled()
    assert referral_status(store, snapshot(store, review_id)["referral_id"]) == "closed"

    refused = in_dialog(qtbot, tab.reopen, lambda d: None)
    assert "Give why it is re-opened" in refused.problems.text()
    msgbox.set_next_answer(msgbox.Answer.OK)
    in_dialog(qtbot, tab.reopen, lambda d: type_text(qtbot, d.fields["reason"], "Fictional: merged by mistake."))
    assert workspace.review.stage == "chronologies"
    assert "Re-opened on" in tab.closure_label.text() and "merged by mistake" in tab.closure_label.text()
    assert referral_status(store, snapshot(store, review_id)["referral_id"]) == "in_review"
    # The dashboard lists it again.
    qtbot.mouseClick(workspace.back_button, Qt.MouseButton.LeftButton)
    assert review_id in {r.id for r in window.page("reviews").dashboard.model.rows if r.case_type == "review"}


def test_a_panel_member_cannot_close_or_reopen(qtbot: Any, store: Store, db_path: Any) -> None:
    review_id = open_review(store)
    closed = open_review(store, number=2)
    ReviewClosureService(store).close_early(closed, EarlyClosure("family_moved", closed_on=date.today()))
    store_as(store, "panel-member", "member").close()
    window = open_window(qtbot, db_path, user="member", password=PASSWORD)  # noqa: F811
    try:
        for case in (review_id, closed):
            tab = progress(window, case)
            assert not tab.close_button.isVisible() and not tab.reopen_button.isVisible()
        assert "The family moved away" in tab.closure_label.text()
    finally:
        close_quietly(window)
