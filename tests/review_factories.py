"""Reviews opened the real way (a panel decision), for the review tests."""

from __future__ import annotations

from datetime import date

from lipanel_desktop.models.review import Review
from lipanel_desktop.services.decisions import DecisionData, DecisionService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import agency_id, make_referral

DECIDED = date(2026, 2, 10)


def open_review(store: Store, decision: str = "malr", number: int = 1, *, method: str | None = None,
                first_meeting: date | None = date(2026, 3, 17), agencies: tuple[str, ...] = ("Police", "Health"),
                referral_date: date = date(2026, 1, 5), decided: date | None = None) -> int:
    referral = make_referral(store, number, referral_date=referral_date)
    decided = decided or max(DECIDED, referral_date)
    data = DecisionData(
        referral_id=referral, decision=decision, decision_date=decided, review_method=method,
        chronology_agency_ids=tuple(agency_id(store, name) for name in agencies),
        first_meeting_date=first_meeting if decision in ("malr", "other_review") else None,
        chair_of_review="Fictional Chair", terms_of_reference_scope="Fictional terms.",
        reasons="Fictional reasons.",
    )
    outcome = DecisionService(store).record(data, today=max(decided, date(2026, 2, 11)))
    assert outcome.decision.review_id is not None
    return outcome.decision.review_id


def set_stage(store: Store, review_id: int, stage: str, kind: str | None = None) -> None:
    """Put a review at a stage directly (to test what is refused from there)."""
    with store.session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        review.stage = stage
        if kind:
            review.kind = kind


def snapshot(store: Store, review_id: int) -> dict:
    with store.read_session() as s:
        review = s.get(Review, review_id)
        assert review is not None
        return {c.key: getattr(review, c.key) for c in Review.__table__.columns if c.key != "updated_at"}
