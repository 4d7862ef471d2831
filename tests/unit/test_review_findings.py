"""Key findings and recommendations: re-worded and put in order (not only added and
removed) while the review is at the stage where they are agreed; bad input changes
nothing; positions stay 1, 2, 3... after removals."""

from __future__ import annotations

from datetime import date

import pytest

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.action import Action
from lipanel_desktop.services.review_findings import RecommendationData, ReviewFindingsService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import agency_id, store_as
from tests.review_factories import open_review, set_stage

TODAY = date(2026, 6, 1)


@pytest.fixture
def findings_review(store: Store) -> int:
    review_id = open_review(store)
    set_stage(store, review_id, "findings")
    service = ReviewFindingsService(store)
    for text in ("Fictional finding one.", "Fictional finding two.", "Fictional finding three."):
        service.add_finding(review_id, text, TODAY, today=TODAY)
    return review_id


def texts(rows: list) -> list[str]:
    return [r.text for r in rows]


def test_findings_are_reworded_reordered_and_renumbered(store: Store, findings_review: int) -> None:
    service = ReviewFindingsService(store)
    one, two, three = service.findings(findings_review)
    assert [f.position for f in (one, two, three)] == [0, 1, 2]
    rows = service.update_finding(two.id, "  Fictional finding two, re-worded.\n", date(2026, 5, 20), today=TODAY)
    assert rows[1].text == "Fictional finding two, re-worded." and rows[1].agreed_on == date(2026, 5, 20)
    assert texts(service.move_finding(three.id, -1))[1:] == ["Fictional finding three.", "Fictional finding two, re-worded."]
    assert texts(service.move_finding(one.id, 5)) == [  # clamped at the end
        "Fictional finding three.", "Fictional finding two, re-worded.", "Fictional finding one."]
    assert texts(service.move_finding(one.id, -99))[0] == "Fictional finding one."
    rows = service.remove_finding(three.id)
    assert [(r.position, r.text) for r in rows] == [(0, "Fictional finding one."), (1, "Fictional finding two, re-worded.")]
    added = service.add_finding(findings_review, "Fictional finding four.", today=TODAY)
    assert [r.position for r in added] == [0, 1, 2] and added[-1].text == "Fictional finding four."


def test_recommendations_are_reworded_reordered_and_keep_their_actions(store: Store, findings_review: int) -> None:
    service = ReviewFindingsService(store)
    finding = service.findings(findings_review)[0]
    police, health = agency_id(store, "Police"), agency_id(store, "Health")
    service.add_recommendation(findings_review, "Fictional recommendation A.", agency_id=police, today=TODAY)
    service.add_recommendation(findings_review, "Fictional recommendation B.", finding_id=finding.id, today=TODAY)
    first, second = service.recommendations(findings_review)
    rows = service.update_recommendation(first.id, RecommendationData("Fictional recommendation A, sharper.", health,
                                                                      finding.id, date(2026, 5, 1)), today=TODAY)
    assert (rows[0].text, rows[0].agency_name, rows[0].finding_id, rows[0].agreed_on) == (
        "Fictional recommendation A, sharper.", "Health", finding.id, date(2026, 5, 1))
    assert texts(service.move_recommendation(second.id, -1)) == [
        "Fictional recommendation B.", "Fictional recommendation A, sharper."]
    with store.session() as s:  # an action made from B: B can be re-worded but not removed
        s.add(Action(reference="ACT-2026-9001", review_id=findings_review, recommendation_id=second.id,
                     description="Fictional action.", agency_id=agency_id(store, "Police"),
                     original_due_date=date(2026, 9, 1), due_date=date(2026, 9, 1)))
    service.update_recommendation(second.id, RecommendationData("Fictional recommendation B, clearer."), today=TODAY)
    with pytest.raises(InvalidTransition, match="Actions in the action plan"):
        service.remove_recommendation(second.id)
    # Removing the finding keeps its recommendations, no longer linked to it.
    service.remove_finding(finding.id)
    assert all(r.finding_id is None for r in service.recommendations(findings_review))


@pytest.mark.parametrize(
    ("text", "agreed"),
    [("", TODAY), ("   ", TODAY), ("x" * 20_001, TODAY), ("Bad\x07bell", TODAY), ("Fine", date(2026, 7, 1)),
     ("Fine", date(1066, 1, 1)), (None, TODAY), (42, TODAY)],
)
def test_bad_wording_changes_nothing(store: Store, findings_review: int, text: object, agreed: date) -> None:
    service = ReviewFindingsService(store)
    before = service.findings(findings_review)
    with pytest.raises(ValidationError):
        service.update_finding(before[0].id, text, agreed, today=TODAY)  # type: ignore[arg-type]
    service.add_recommendation(findings_review, "Fictional recommendation.", today=TODAY)
    recommendation = service.recommendations(findings_review)[0]
    with pytest.raises(ValidationError):
        service.update_recommendation(recommendation.id, RecommendationData(text, None, None, agreed), today=TODAY)  # type: ignore[arg-type]
    assert service.findings(findings_review) == before
    assert service.recommendations(findings_review) == [recommendation]


def test_bad_links_and_moves_are_refused(store: Store, findings_review: int) -> None:
    service = ReviewFindingsService(store)
    other = open_review(store, number=2)
    set_stage(store, other, "findings")
    foreign = service.add_finding(other, "Another review's fictional finding.", today=TODAY)[0]
    service.add_recommendation(findings_review, "Fictional recommendation.", today=TODAY)
    recommendation = service.recommendations(findings_review)[0]
    for data, field in ((RecommendationData("x", finding_id=foreign.id), "finding_id"),
                        (RecommendationData("x", agency_id=999_999), "agency_id"),
                        (RecommendationData("x", agency_id=True), "agency_id"),  # type: ignore[arg-type]
                        (RecommendationData("x", finding_id="1"), "finding_id")):  # type: ignore[arg-type]
        with pytest.raises(ValidationError) as refused:
            service.update_recommendation(recommendation.id, data, today=TODAY)
        assert field in refused.value.problems
    before = service.findings(findings_review)
    for offset in (0, True, "up", 10**9, None):
        with pytest.raises(ValidationError, match="up or down"):
            service.move_finding(before[0].id, offset)  # type: ignore[arg-type]
    for missing in (999_999, None, "1", True):
        with pytest.raises(KnownError, match="no longer exists"):
            service.update_finding(missing, "x", today=TODAY)  # type: ignore[arg-type]
    assert service.findings(findings_review) == before
    assert service.recommendations(findings_review) == [recommendation]


def test_findings_change_only_at_their_stage_and_role(store: Store, findings_review: int) -> None:
    service = ReviewFindingsService(store)
    finding = service.findings(findings_review)[0]
    set_stage(store, findings_review, "reported")
    with pytest.raises(InvalidTransition, match="recorded only when the review is at"):
        service.update_finding(finding.id, "Too late to re-word", today=TODAY)
    with pytest.raises(InvalidTransition, match="order of the key findings"):
        service.move_finding(finding.id, 1)
    set_stage(store, findings_review, "findings")
    reader = store_as(store, "read-only", "reader")
    try:
        with pytest.raises(NotPermitted):
            ReviewFindingsService(reader).update_finding(finding.id, "Not allowed", today=TODAY)
        with pytest.raises(NotPermitted):
            ReviewFindingsService(reader).move_finding(finding.id, 1)
    finally:
        reader.close()
    assert service.findings(findings_review)[0].text == "Fictional finding one."
