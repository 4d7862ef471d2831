"""A review's key findings and its recommendations (each the source of actions in the
action plan): added, re-worded, put in order and removed while the review is at the
stage where they are agreed (the review meetings, findings, the report; for an SCR while
it is in progress). Positions are kept 0, 1, 2... in the order shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.review import Finding, Recommendation, Review
from lipanel_desktop.services.field_checks import check_date, clean_text
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.reviews import load_review, require_stage
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import ReviewStage as St
from lipanel_desktop.vocabulary.roles import Permission

#: Findings and recommendations are agreed at the review meetings and in the report.
FINDING_STAGES = frozenset({St.MEETINGS, St.FINDINGS, St.REPORT, St.IN_PROGRESS})


@dataclass(frozen=True)
class FindingRow:
    id: int
    position: int
    text: str
    agreed_on: date | None


@dataclass(frozen=True)
class RecommendationRow:
    id: int
    position: int
    text: str
    finding_id: int | None
    agency_id: int | None
    agency_name: str
    agreed_on: date | None


@dataclass(frozen=True)
class RecommendationData:
    """What a user types for a recommendation."""

    text: str
    agency_id: int | None = None
    finding_id: int | None = None
    agreed_on: date | None = None


def findings(s: Session, review_id: int) -> list[FindingRow]:
    rows = s.execute(select(Finding.id, Finding.position, Finding.text, Finding.agreed_on)
                     .where(Finding.review_id == review_id).order_by(Finding.position, Finding.id))
    return [FindingRow(row[0], number, row[2], row[3]) for number, row in enumerate(rows)]


def recommendations(s: Session, review_id: int) -> list[RecommendationRow]:
    rows = s.execute(
        select(Recommendation.id, Recommendation.position, Recommendation.text, Recommendation.finding_id,
               Recommendation.agency_id, Agency.name, Recommendation.agreed_on)
        .outerjoin(Agency, Agency.id == Recommendation.agency_id)
        .where(Recommendation.review_id == review_id).order_by(Recommendation.position, Recommendation.id)
    )
    return [RecommendationRow(row[0], number, row[2], row[3], row[4], row[5] or "", row[6])
            for number, row in enumerate(rows)]


def _ordered(s: Session, model: Any, review_id: int) -> list[Any]:
    return list(s.scalars(select(model).where(model.review_id == review_id).order_by(model.position, model.id)))


def _renumber(rows: list[Any]) -> None:
    for position, row in enumerate(rows):
        row.position = position


def _offset(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value == 0 or abs(value) > 10_000:
        raise ValidationError({"offset": "Move it up or down the list."})
    return value


def _text(value: object, label: str, problems: dict[str, str]) -> str:
    return clean_text(value, field="text", label=label, problems=problems, required=True)


def _agreed(value: object, problems: dict[str, str], today: date | None) -> date | None:
    return check_date(value, field="agreed_on", label="The date agreed", problems=problems, not_after=today or date.today())


def _id_or_none(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


class ReviewFindingsService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def findings(self, review_id: int) -> list[FindingRow]:
        with self.store.read_session() as s:
            return findings(s, review_id)

    def recommendations(self, review_id: int) -> list[RecommendationRow]:
        with self.store.read_session() as s:
            return recommendations(s, review_id)

    # -- findings --------------------------------------------------------------------
    def add_finding(self, review_id: int, text: str, agreed_on: date | None = None,
                    today: date | None = None) -> list[FindingRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        text = _text(text, "The finding", problems)
        agreed = _agreed(agreed_on, problems, today)
        with self.store.session() as s:
            review = _at(s, review_id, "the key findings")
            if problems:
                raise ValidationError(problems)
            s.add(Finding(review_id=review.id, position=len(_ordered(s, Finding, review.id)), text=text, agreed_on=agreed))
            s.flush()
            return findings(s, review.id)

    def update_finding(self, finding_id: int, text: str, agreed_on: date | None = None,
                       today: date | None = None) -> list[FindingRow]:
        """Re-word a finding (or correct the date it was agreed)."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        text = _text(text, "The finding", problems)
        agreed = _agreed(agreed_on, problems, today)
        with self.store.session() as s:
            row = _load(s, Finding, finding_id, "finding")
            _at(s, row.review_id, "the key findings")
            if problems:
                raise ValidationError(problems)
            row.text, row.agreed_on = text, agreed
            s.flush()
            return findings(s, row.review_id)

    def move_finding(self, finding_id: int, offset: int) -> list[FindingRow]:
        """Up (negative `offset`) or down the list; the numbers follow the new order."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        offset = _offset(offset)
        with self.store.session() as s:
            row = _load(s, Finding, finding_id, "finding")
            _at(s, row.review_id, "the order of the key findings")
            _move(_ordered(s, Finding, row.review_id), row, offset)
            s.flush()
            return findings(s, row.review_id)

    def remove_finding(self, finding_id: int) -> list[FindingRow]:
        """Recommendations made from it stay, no longer linked to a finding."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = _load(s, Finding, finding_id, "finding")
            review = _at(s, row.review_id, "the key findings")
            for linked in s.scalars(select(Recommendation).where(Recommendation.finding_id == row.id)):
                linked.finding_id = None
            s.delete(row)
            s.flush()
            _renumber(_ordered(s, Finding, review.id))
            s.flush()
            return findings(s, review.id)

    # -- recommendations -------------------------------------------------------------
    def add_recommendation(self, review_id: int, text: str, *, agency_id: int | None = None,
                           finding_id: int | None = None, agreed_on: date | None = None,
                           today: date | None = None) -> list[RecommendationRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        data = RecommendationData(text, agency_id, finding_id, agreed_on)
        with self.store.session() as s:
            review = _at(s, review_id, "the recommendations")
            clean = _check_recommendation(s, review, data, today)
            s.add(Recommendation(review_id=review.id, position=len(_ordered(s, Recommendation, review.id)),
                                 text=clean.text, agency_id=clean.agency_id, finding_id=clean.finding_id,
                                 agreed_on=clean.agreed_on))
            s.flush()
            return recommendations(s, review.id)

    def update_recommendation(self, recommendation_id: int, data: RecommendationData,
                              today: date | None = None) -> list[RecommendationRow]:
        """Re-word a recommendation, or change the agency to act or the finding it answers.
        Actions already made from it keep pointing to it."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = _load(s, Recommendation, recommendation_id, "recommendation")
            review = _at(s, row.review_id, "the recommendations")
            clean = _check_recommendation(s, review, data, today)
            row.text, row.agency_id, row.finding_id, row.agreed_on = clean.text, clean.agency_id, clean.finding_id, clean.agreed_on
            s.flush()
            return recommendations(s, review.id)

    def move_recommendation(self, recommendation_id: int, offset: int) -> list[RecommendationRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        offset = _offset(offset)
        with self.store.session() as s:
            row = _load(s, Recommendation, recommendation_id, "recommendation")
            _at(s, row.review_id, "the order of the recommendations")
            _move(_ordered(s, Recommendation, row.review_id), row, offset)
            s.flush()
            return recommendations(s, row.review_id)

    def remove_recommendation(self, recommendation_id: int) -> list[RecommendationRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = _load(s, Recommendation, recommendation_id, "recommendation")
            review = _at(s, row.review_id, "the recommendations")
            if s.scalar(select(Action.id).where(Action.recommendation_id == row.id).limit(1)) is not None:
                raise InvalidTransition("Actions in the action plan come from this recommendation, so it stays.")
            s.delete(row)
            s.flush()
            _renumber(_ordered(s, Recommendation, review.id))
            s.flush()
            return recommendations(s, review.id)


def _at(s: Session, review_id: int, what: str) -> Review:
    review = load_review(s, review_id)
    require_stage(review, FINDING_STAGES, what)
    return review


def _load(s: Session, model: Any, row_id: object, what: str) -> Any:
    row = s.get(model, row_id) if isinstance(row_id, int) and not isinstance(row_id, bool) else None
    if row is None:
        raise KnownError(f"That {what} no longer exists. It may have been removed by someone else.")
    return row


def _move(rows: list[Any], row: Any, offset: int) -> None:
    index = rows.index(row)
    target = max(0, min(len(rows) - 1, index + offset))
    rows.insert(target, rows.pop(index))
    _renumber(rows)


def _check_recommendation(s: Session, review: Review, data: RecommendationData, today: date | None) -> RecommendationData:
    problems: dict[str, str] = {}
    text = _text(data.text, "The recommendation", problems)
    agreed = _agreed(data.agreed_on, problems, today)
    if not _id_or_none(data.agency_id) or (data.agency_id is not None and s.get(Agency, data.agency_id) is None):
        problems["agency_id"] = "Choose an agency from the list."
    if not _id_or_none(data.finding_id):
        problems["finding_id"] = "Choose one of this review's findings."
    elif data.finding_id is not None:
        finding = s.get(Finding, data.finding_id)
        if finding is None or finding.review_id != review.id:
            problems["finding_id"] = "Choose one of this review's findings."
    if problems:
        raise ValidationError(problems)
    return RecommendationData(text, data.agency_id, data.finding_id, agreed)
