"""What an action belongs to: a review's recommendation or a current single-agency
decision. Offering them in a chooser, checking a choice, and naming them in lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Recommendation, Review
from lipanel_desktop.services.action_checks import Problems, uk
from lipanel_desktop.vocabulary.panel import Decision


@dataclass(frozen=True)
class ActionSource:
    """Something an action can belong to: a review's recommendation or a single-agency
    decision. `label` is a reference and a short text, never a child's name."""

    kind: str  # "recommendation" or "decision"
    id: int
    label: str
    review_id: int | None
    review_reference: str
    agency_id: int | None


def check_source(s: Session, recommendation_id: int | None, decision_id: int | None, problems: Problems) -> int | None:
    """The review the action falls under (None for a decision without a review)."""
    if (recommendation_id is None) == (decision_id is None):
        problems.add("source", "Choose what the action is for: one recommendation of a review, or one single-agency decision.")
        return None
    if recommendation_id is not None:
        recommendation = s.get(Recommendation, recommendation_id)
        if recommendation is None:
            problems.add("source", "That recommendation no longer exists. Choose another.")
            return None
        return recommendation.review_id
    decision = s.get(PanelDecision, decision_id)
    if decision is None or decision.decision != Decision.SINGLE_AGENCY.value:
        problems.add("source", "Actions can belong only to a single-agency decision or to a review's recommendation.")
        return None
    if decision.superseded:
        problems.add("source", "That decision has been superseded by a later one. Choose the current decision.")
        return None
    return s.scalar(select(Review.id).where(Review.decision_id == decision.id).order_by(Review.id).limit(1))


def list_sources(s: Session) -> list[ActionSource]:
    sources: list[ActionSource] = []
    rows = s.execute(
        select(Recommendation.id, Recommendation.position, Recommendation.text, Recommendation.agency_id, Review.id, Review.reference)
        .join(Review, Review.id == Recommendation.review_id)
        .order_by(Review.id.desc(), Recommendation.position, Recommendation.id)
    )
    for rec_id, position, text, agency_id, review_id, review_ref in rows:
        short = " ".join(text.split())
        short = short if len(short) <= 90 else short[:89] + "…"
        sources.append(
            ActionSource("recommendation", rec_id, f"{review_ref} recommendation {position or rec_id}: {short}", review_id, review_ref, agency_id)
        )
    decisions = s.execute(
        select(PanelDecision.id, PanelDecision.decision_date, Referral.reference, Referral.agency_id)
        .join(Referral, Referral.id == PanelDecision.referral_id)
        .where(PanelDecision.decision == Decision.SINGLE_AGENCY.value, PanelDecision.superseded.is_(False))
        .order_by(PanelDecision.decision_date.desc(), PanelDecision.id.desc())
    )
    review_of = dict(s.execute(select(Review.decision_id, Review.id).where(Review.decision_id.is_not(None))).all())
    review_refs = dict(s.execute(select(Review.id, Review.reference)).all())
    for decision_id, decided_on, referral_ref, agency_id in decisions:
        review_id = review_of.get(decision_id)
        sources.append(
            ActionSource(
                "decision",
                decision_id,
                f"{referral_ref}: single-agency decision of {uk(decided_on)}",
                review_id,
                review_refs.get(review_id, "") if review_id else "",
                agency_id,
            )
        )
    return sources


class SourceNames:
    """Names what an action belongs to, in lists: the review's reference, or the
    referral's reference for a single-agency decision. Loaded once per list."""

    def __init__(self, s: Session) -> None:
        self.reviews: dict[int, str] = {
            review_id: reference for review_id, reference in s.execute(select(Review.id, Review.reference))
        }
        self.decisions: dict[int, str] = {
            decision_id: reference
            for decision_id, reference in s.execute(
                select(PanelDecision.id, Referral.reference).join(Referral, Referral.id == PanelDecision.referral_id)
            )
        }

    def __call__(self, review_id: int | None, decision_id: int | None) -> str:
        if review_id is not None:
            return self.reviews.get(review_id, "")
        if decision_id is not None:
            return f"{self.decisions.get(decision_id, '')} (single-agency)"
        return ""
