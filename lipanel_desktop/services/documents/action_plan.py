"""The multi-agency action plan of a review: each recommendation with its actions, owner,
lead officer, due date, status (worked out from the dates), latest progress, evidence and
sign-off. Also the action rows the exception and highlight reports are built from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.models.review import Recommendation, Review
from lipanel_desktop.services import organisation
from lipanel_desktop.services.action_status import derive_status, status_label
from lipanel_desktop.services.documents.common import DocumentMeta, Person, agency_names, make_meta, staff, uk_date
from lipanel_desktop.services.documents.review_common import ReviewHeadline, find_review, headline, review_people
from lipanel_desktop.vocabulary.documents import DocumentKind


@dataclass(frozen=True)
class ActionRow:
    reference: str
    description: str
    agency: str
    lead_officer: str = staff()
    due: str = ""
    status: str = ""  # a vocabulary code (ActionStatus)
    status_label: str = ""
    latest_update: str = ""
    latest_update_date: str = ""
    evidence: str = ""
    signed_off: str = ""
    review_reference: str = ""
    days_overdue: int = 0
    # Exception-report notes (empty when none were written)
    cause: str = ""
    consequences: str = ""
    options: str = ""
    recommendation: str = ""


@dataclass(frozen=True)
class RecommendationBlock:
    number: str
    text: str
    agency: str = ""
    actions: tuple[ActionRow, ...] = ()


@dataclass(frozen=True)
class ActionPlanData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    review: ReviewHeadline | None = None
    recommendations: tuple[RecommendationBlock, ...] = ()
    circulated_by: str = ""


def action_rows(session: Session, review_ids: list[int] | None, today: date | None = None) -> list[tuple[Action, ActionRow]]:
    """Every action (of the given reviews, or all), with its status worked out today."""
    today = today or date.today()
    tolerance = int(organisation.read_all(session)["action_risk_tolerance_days"])
    agencies = agency_names(session)
    query = select(Action).order_by(Action.due_date, Action.id)
    if review_ids is not None:
        query = query.where(Action.review_id.in_(review_ids))
    actions = list(session.scalars(query))
    ids = [a.id for a in actions]
    latest: dict[int, ActionUpdate] = {}
    notes: dict[int, ExceptionNote] = {}
    if ids:
        for update in session.scalars(
            select(ActionUpdate).where(ActionUpdate.action_id.in_(ids)).order_by(ActionUpdate.update_date, ActionUpdate.id)
        ):
            latest[update.action_id] = update
        notes = {n.action_id: n for n in session.scalars(select(ExceptionNote).where(ExceptionNote.action_id.in_(ids)))}
    reviews = {r.id: r.reference for r in session.execute(select(Review.id, Review.reference))}
    out = []
    for action in actions:
        status = derive_status(action.recorded_status, action.due_date, action.forecast_date, today, tolerance)
        update = latest.get(action.id)
        note = notes.get(action.id)
        signed = ""
        if action.signed_off_on:
            signed = f"{uk_date(action.signed_off_on)}" + (f" by {action.signed_off_by}" if action.signed_off_by else "")
        out.append(
            (
                action,
                ActionRow(
                    reference=action.reference,
                    description=action.description,
                    agency=agencies.get(action.agency_id, ""),
                    lead_officer=", ".join(p for p in (action.lead_officer_name, action.lead_officer_role) if p),
                    due=uk_date(action.due_date),
                    status=status,
                    status_label=status_label(status),
                    latest_update=update.text if update else "",
                    latest_update_date=uk_date(update.update_date) if update else "",
                    evidence=action.evidence_text,
                    signed_off=signed,
                    review_reference=reviews.get(action.review_id or 0, ""),
                    days_overdue=max((today - action.due_date).days, 0) if status == "overdue" else 0,
                    cause=note.cause if note else "",
                    consequences=note.consequences if note else "",
                    options=note.options if note else "",
                    recommendation=note.recommendation if note else "",
                ),
            )
        )
    return out


def action_people(actions: list[Action]) -> list[Person]:
    names = {a.lead_officer_name for a in actions} | {a.accountable_manager for a in actions}
    return [Person(n, "staff") for n in sorted(names) if n]


def action_plan_data(session: Session, actor: str, key: str) -> ActionPlanData:
    review = find_review(session, key)
    agencies = agency_names(session)
    pairs = action_rows(session, [review.id])
    recommendations = session.scalars(
        select(Recommendation).where(Recommendation.review_id == review.id).order_by(Recommendation.position, Recommendation.id)
    ).all()
    by_recommendation: dict[int | None, list[ActionRow]] = {}
    for action, row in pairs:
        by_recommendation.setdefault(action.recommendation_id, []).append(row)
    blocks = [
        RecommendationBlock(str(n), rec.text, agencies.get(rec.agency_id or 0, ""), tuple(by_recommendation.get(rec.id, ())))
        for n, rec in enumerate(recommendations, start=1)
    ]
    known = {rec.id for rec in recommendations}
    loose = [row for rid, rows in by_recommendation.items() if rid not in known for row in rows]
    if loose:
        blocks.append(RecommendationBlock("", "Other actions of this review", "", tuple(loose)))
    head = headline(session, review)
    kind = DocumentKind.ACTION_PLAN
    settings = organisation.read_all(session)
    return ActionPlanData(
        meta=make_meta(session, actor, kind.value, kind.label, review.reference, subject=head.child_name),
        people=tuple(review_people(session, review) + action_people([a for a, _ in pairs])),
        review=head,
        recommendations=tuple(blocks),
        circulated_by=settings["performance_manager_title"],
    )
