"""The review's Learning tab driven as a user would: findings and recommendations
re-worded and put in order; where the learning went removed (asked first, undone with Edit >
Undo); the themes list managed by an administrator (a chair does not see it); retired
themes kept on old reviews only; every control named and reachable by Tab."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from lipanel_desktop.services.review_findings import ReviewFindingsService
from lipanel_desktop.services.review_learning import ReviewLearningService
from lipanel_desktop.services.review_themes import ThemeService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.panel_support import choose, in_dialog, tab_walk, type_text, unnamed_controls
from tests.gui.referral_support import close_quietly, open_window, window  # noqa: F401  (fixture)
from tests.panel_factories import PASSWORD, store_as
from tests.review_factories import open_review, set_stage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
TODAY = date.today()


def learning_tab(window: MainWindow, review_id: int) -> Any:  # noqa: F811
    window.navigate("reviews", review_id=review_id)
    page = window.page("reviews")
    page.workspace.tabs.setCurrentWidget(page.workspace.learning)
    return page.workspace.learning


def click(qtbot: Any, block: Any, accessible_name: str) -> None:
    target = next(b for b in block.buttons if b.accessibleName() == accessible_name)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def test_findings_and_recommendations_reworded_and_reordered(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    review_id = open_review(store)
    set_stage(store, review_id, "findings")
    findings = ReviewFindingsService(store)
    for text in ("Fictional finding A.", "Fictional finding B."):
        findings.add_finding(review_id, text, today=TODAY)
    findings.add_recommendation(review_id, "Fictional recommendation one.", today=TODAY)
    findings.add_recommendation(review_id, "Fictional recommendation two.", today=TODAY)
    tab = learning_tab(window, review_id)

    tab.findings.view.selectRow(1)
    in_dialog(qtbot, lambda: click(qtbot, tab.findings, "Re-word the chosen finding"),
              lambda d: type_text(qtbot, d.fields["text"], "Fictional finding B, said better."))
    assert [r.text for r in tab.findings.model.rows] == ["Fictional finding A.", "Fictional finding B, said better."]
    tab.findings.view.selectRow(1)
    click(qtbot, tab.findings, "Move the chosen finding up")
    assert [r.text for r in tab.findings.model.rows][0] == "Fictional finding B, said better."
    assert tab.findings.view.currentIndex().row() == 0  # the moved row stays chosen
    assert tab.findings.model.index(0, 0).data() == "1"

    refused = in_dialog(qtbot, lambda: click(qtbot, tab.findings, "Re-word the chosen finding"),
                        lambda d: type_text(qtbot, d.fields["text"], "   "))
    assert "Give the finding" in refused.problems.text()
    assert tab.findings.model.rows[0].text == "Fictional finding B, said better."

    def reword(dialog: Any) -> None:
        type_text(qtbot, dialog.fields["text"], "Fictional recommendation two, sharper.")
        dialog.fields["agency"].setCurrentIndex(dialog.fields["agency"].findText("Health"))
        choose(dialog.fields["finding"], str(tab.findings.model.rows[0].id))

    tab.recommendations.view.selectRow(1)
    in_dialog(qtbot, lambda: click(qtbot, tab.recommendations, "Re-word the chosen recommendation"), reword)
    second = tab.recommendations.model.rows[1]
    assert (second.text, second.agency_name, second.finding_id) == (
        "Fictional recommendation two, sharper.", "Health", tab.findings.model.rows[0].id)
    tab.recommendations.view.selectRow(1)
    click(qtbot, tab.recommendations, "Move the chosen recommendation up")
    assert [r.text for r in tab.recommendations.model.rows] == [
        "Fictional recommendation two, sharper.", "Fictional recommendation one."]

    # Removing asks first.
    tab.findings.view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.NO)
    click(qtbot, tab.findings, "Remove the chosen finding")
    assert len(tab.findings.model.rows) == 2
    msgbox.set_next_answer(msgbox.Answer.YES)
    click(qtbot, tab.findings, "Remove the chosen finding")
    assert [(r.position, r.text) for r in tab.findings.model.rows] == [(0, "Fictional finding A.")]
    assert all(r.finding_id is None for r in tab.recommendations.model.rows)

    # At a later stage the same buttons are refused in plain words.
    set_stage(store, review_id, "reported")
    window.page("reviews").refresh()
    tab.findings.view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.OK)
    click(qtbot, tab.findings, "Move the chosen finding down")
    assert "order of the key findings" in msgbox.shown[-1][1]


def test_where_the_learning_went_is_removed_with_undo(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    review_id = open_review(store)
    learning = ReviewLearningService(store)
    learning.add_dissemination(review_id, "briefing", TODAY, audience="Fictional GP practices", people_count=14,
                               learning="Fictional: check who else lives in the home.", today=TODAY)
    tab = learning_tab(window, review_id)
    tab.dissemination.view.selectRow(0)
    msgbox.set_next_answer(msgbox.Answer.NO)
    click(qtbot, tab.dissemination, "Remove the chosen entry of where the learning went")
    assert len(tab.dissemination.model.rows) == 1 and "Fictional GP practices" in msgbox.shown[-1][1]
    msgbox.set_next_answer(msgbox.Answer.YES)
    click(qtbot, tab.dissemination, "Remove the chosen entry of where the learning went")
    assert tab.dissemination.model.rows == [] and learning.dissemination(review_id) == []
    window.actions.by_key["undo"].trigger()
    [back] = learning.dissemination(review_id)
    assert (back.channel, back.audience, back.people_count, back.learning) == (
        "briefing", "Fictional GP practices", 14, "Fictional: check who else lives in the home.")
    window.actions.by_key["redo"].trigger()
    assert learning.dissemination(review_id) == []
    window.actions.by_key["undo"].trigger()
    assert len(tab.dissemination.model.rows) == 1


def test_administrator_manages_the_themes_list(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    old, new = open_review(store, number=1), open_review(store, number=2)
    learning, themes = ReviewLearningService(store), ThemeService(store)
    kept = learning.theme_list()[0]
    learning.set_themes(old, [kept.id])
    tab = learning_tab(window, new)
    assert tab.manage_themes_button.isVisible()
    seen: list[Any] = []

    def manage() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        assert unnamed_controls(dialog) == []
        in_dialog(qtbot, dialog.add, lambda d: type_text(qtbot, d.fields["name"], "Fictional new theme"))
        added = next(e for e in dialog.model.rows if e.name == "Fictional new theme")
        refused = in_dialog(qtbot, dialog.add, lambda d: type_text(qtbot, d.fields["name"], "fictional NEW theme"))
        assert "already on the list" in refused.problems.text()
        row = [e.id for e in dialog.model.rows].index(added.id)
        dialog.view.selectRow(row)
        in_dialog(qtbot, dialog.rename, lambda d: type_text(qtbot, d.fields["name"], "Fictional renamed theme"))
        assert any(e.name == "Fictional renamed theme" for e in dialog.model.rows)
        dialog.view.selectRow([e.id for e in dialog.model.rows].index(kept.id))
        msgbox.set_next_answer(msgbox.Answer.YES)
        qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
        assert "The review that has it keeps it" in msgbox.shown[-1][1]
        assert not next(e for e in dialog.model.rows if e.id == kept.id).active
        dialog.reject()

    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, manage)
    qtbot.mouseClick(tab.manage_themes_button, Qt.MouseButton.LeftButton)
    assert seen
    offered = [tab.themes.item(i).text() for i in range(tab.themes.count())]
    assert "Fictional renamed theme" in offered and kept.name not in offered and f"{kept.name} (retired)" not in offered
    tab = learning_tab(window, old)
    kept_item = next(tab.themes.item(i) for i in range(tab.themes.count())
                     if tab.themes.item(i).text() == f"{kept.name} (retired)")
    assert kept_item.checkState() == Qt.CheckState.Checked
    assert not next(e for e in themes.entries() if e.id == kept.id).active


def test_a_chair_does_not_manage_the_themes_list(qtbot: Any, store: Store, db_path: Any) -> None:
    review_id = open_review(store)
    store_as(store, "chair", "fictionalchair").close()
    window = open_window(qtbot, db_path, user="fictionalchair", password=PASSWORD)  # noqa: F811
    try:
        tab = learning_tab(window, review_id)
        assert not tab.manage_themes_button.isVisible() and tab.save_themes_button.isVisible()
    finally:
        close_quietly(window)


def test_learning_tab_by_keyboard_with_names(qtbot: Any, window: MainWindow, store: Store) -> None:  # noqa: F811
    review_id = open_review(store)
    set_stage(store, review_id, "findings")
    tab = learning_tab(window, review_id)
    assert unnamed_controls(tab) == []
    first = tab.findings.buttons[0]
    walk = tab_walk(qtbot, first, tab)
    wanted = [*tab.findings.buttons, tab.findings.view, *tab.recommendations.buttons, tab.recommendations.view,
              *tab.good.buttons, tab.good.view, *tab.dissemination.buttons, tab.dissemination.view,
              tab.save_themes_button, tab.manage_themes_button, tab.themes]
    assert [w for w in walk if w in wanted] == wanted
    workspace = window.page("reviews").workspace
    for page_tab in (workspace.progress, workspace.details, workspace.agencies, workspace.meetings):
        workspace.tabs.setCurrentWidget(page_tab)
        assert unnamed_controls(page_tab) == [], page_tab
