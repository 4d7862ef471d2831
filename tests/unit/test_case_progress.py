"""The case progress dashboard: every open case, overdue first, counts by stage."""

from __future__ import annotations

from datetime import date

from lipanel_desktop.services.case_progress import CaseProgressService
from lipanel_desktop.services.review_learning import ReviewLearningService
from lipanel_desktop.services.review_workflow import ReviewWorkflow
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import make_referral
from tests.review_factories import open_review


def test_dashboard_lists_open_cases_overdue_first_with_words(store: Store) -> None:
    waiting = make_referral(store, 10, referral_date=date(2026, 1, 2))  # decision overdue by 20 March
    malr = open_review(store, "malr", 1)
    scr = open_review(store, "scr_consideration", 2)
    closed = open_review(store, "single_agency", 3, agencies=("Education",))
    ReviewWorkflow(store).move(closed, "closed", today=date(2026, 2, 12))
    learning = ReviewLearningService(store)
    themes = {t.name: t.id for t in learning.theme_list()}
    learning.set_themes(malr, [themes["Neglect"], themes["Information sharing"]])

    board = CaseProgressService(store).dashboard(today=date(2026, 3, 20))
    by_ref = {row.reference: row for row in board.rows}
    assert set(by_ref) == {"LIP-2026-0010", "MALR-2026-001", "SCR-2026-001"}
    assert board.rows[0].overdue
    referral_row = by_ref["LIP-2026-0010"]
    assert referral_row.case_type == "referral" and referral_row.id == waiting
    assert referral_row.stage_label == "Awaiting a panel decision"
    assert referral_row.next_step == "Put it on a panel's agenda"
    assert referral_row.rag == "red" and referral_row.rag_text.startswith("Panel decision: Overdue by")
    malr_row = by_ref["MALR-2026-001"]
    assert malr_row.stage_label.startswith("Setting up") and malr_row.next_step == "Set the timescales."
    assert malr_row.themes == "Information sharing, Neglect"
    scr_row = by_ref["SCR-2026-001"]
    assert scr_row.next_step == "Request agency reports from the agencies involved."
    assert scr_row.rag == "red" and "Notify Ofsted" in scr_row.rag_text
    assert dict(board.counts) == {"Awaiting a panel decision": 1, "Setting up: date, chair, terms of reference": 1,
                                  "Agency reports requested": 1}
    assert board.overdue == sum(1 for r in board.rows if r.rag == "red")
    assert CaseProgressService(store).closed_count() == 1
    # Once the timescales are set the next step is the move itself.
    ReviewService(store).update(malr, {"timescales": "Fictional."})
    board = CaseProgressService(store).dashboard(today=date(2026, 3, 20))
    assert next(r for r in board.rows if r.reference == "MALR-2026-001").next_step == "Send the agency checks"
    assert all("Fictional-Testchild" not in str(row) for row in board.rows)
