"""A review's own record: reading it whole, and changing its fields at the stage where
each belongs (the Independent Chair's decision is recorded at "Independent Chair's
decision", the publication decision at "Publication decision", and so on).

Agencies, requests and participants are in `review_agencies`; findings, recommendations,
learning and themes in `review_learning`; stage moves in `review_workflow`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import ReviewMethod
from lipanel_desktop.vocabulary.reviews import (
    IndependentChairDecision,
    NationalPanelOutcome,
    PublicationDecision,
    ReviewKind,
    ReviewStage as St,
)
from lipanel_desktop.vocabulary.roles import Permission

OPEN = frozenset(s for s in St if s != St.CLOSED)
#: Ofsted and the National Panel can be told at any point on the SCR path.
SCR_OPEN = frozenset({St.AGENCY_REPORTS, St.DIRECTOR_RECOMMENDATION, St.CHAIR_DECISION, St.NATIONAL_PANEL,
                      St.COMMISSIONING, St.IN_PROGRESS, St.BOARD_SIGN_OFF, St.PUBLICATION})
REPORT_KINDS = {"report": "Report", "summary": "Case summary"}


@dataclass(frozen=True)
class FieldRule:
    label: str
    kind: str  # "short", "long", "date", or "choice"
    stages: frozenset[St]
    choices: dict[str, str] | None = None
    permission: Permission = Permission.RUN_REVIEWS
    future_ok: bool = False


def _choices(choice: Any) -> dict[str, str]:
    return {member.value: member.label for member in choice}


FIELD_RULES: dict[str, FieldRule] = {
    "chair_name": FieldRule("The chair of the review", "short", OPEN),
    "terms_of_reference": FieldRule("The terms of reference", "long", OPEN),
    "issues_for_review": FieldRule("The issues for this review", "long", OPEN),
    "timescales": FieldRule("The timescales", "long", OPEN),
    "period_from": FieldRule("The start of the period under review", "date", OPEN),
    "period_to": FieldRule("The end of the period under review", "date", OPEN),
    "due_on": FieldRule("The date the review is due to finish", "date", OPEN, future_ok=True),
    "method": FieldRule("The review method", "choice", frozenset({St.SETTING_UP, St.CHAIR_DECISION, St.NATIONAL_PANEL}),
                        _choices(ReviewMethod)),
    "director_recommendation": FieldRule("The Service Director's recommendation", "long",
                                         frozenset({St.DIRECTOR_RECOMMENDATION})),
    "director_recommendation_on": FieldRule("The date of the recommendation", "date", frozenset({St.DIRECTOR_RECOMMENDATION})),
    "chair_decision": FieldRule("The Independent Chair's decision", "choice", frozenset({St.CHAIR_DECISION}),
                                _choices(IndependentChairDecision), Permission.RECORD_DECISIONS),
    "chair_decision_reasons": FieldRule("The Independent Chair's reasons", "long", frozenset({St.CHAIR_DECISION}),
                                        permission=Permission.RECORD_DECISIONS),
    "chair_decision_on": FieldRule("The date of the Independent Chair's decision", "date", frozenset({St.CHAIR_DECISION}),
                                   permission=Permission.RECORD_DECISIONS),
    "ofsted_notified_on": FieldRule("The date Ofsted was notified", "date", SCR_OPEN),
    "national_panel_notified_on": FieldRule("The date the National Panel was notified", "date", SCR_OPEN),
    "national_panel_outcome": FieldRule("The National Panel's outcome", "choice", frozenset({St.NATIONAL_PANEL}),
                                        _choices(NationalPanelOutcome), Permission.RECORD_DECISIONS),
    "national_panel_outcome_on": FieldRule("The date of the National Panel's outcome", "date", frozenset({St.NATIONAL_PANEL}),
                                           permission=Permission.RECORD_DECISIONS),
    "national_panel_notes": FieldRule("The National Panel's comments", "long", frozenset({St.NATIONAL_PANEL}),
                                      permission=Permission.RECORD_DECISIONS),
    "methodology": FieldRule("The methodology", "long", frozenset({St.COMMISSIONING, St.IN_PROGRESS})),
    "independent_reviewer": FieldRule("The independent reviewer and/or chair", "short",
                                      frozenset({St.COMMISSIONING, St.IN_PROGRESS})),
    "reviewer_commissioned_on": FieldRule("The date the reviewer was commissioned", "date",
                                          frozenset({St.COMMISSIONING, St.IN_PROGRESS})),
    "scr_panel_agreed_on": FieldRule("The date the SCR panel was agreed", "date", frozenset({St.COMMISSIONING, St.IN_PROGRESS})),
    "interviews": FieldRule("The interviews", "long", frozenset({St.IN_PROGRESS})),
    "report_kind": FieldRule("Report or case summary", "choice", frozenset({St.REPORT, St.IN_PROGRESS}), REPORT_KINDS),
    "report_text": FieldRule("The report or case summary", "long", frozenset({St.REPORT, St.IN_PROGRESS})),
    "reported_to_board_on": FieldRule("The date it was reported to the Board", "date", frozenset({St.REPORT, St.REPORTED})),
    "board_signed_off_on": FieldRule("The date the Board signed it off", "date", frozenset({St.BOARD_SIGN_OFF})),
    "publication_decision": FieldRule("The publication decision", "choice", frozenset({St.PUBLICATION}),
                                      _choices(PublicationDecision), Permission.RECORD_DECISIONS),
    "publication_reasons": FieldRule("The reasons for the publication decision", "long", frozenset({St.PUBLICATION}),
                                     permission=Permission.RECORD_DECISIONS),
    "published_on": FieldRule("The publication date", "date", frozenset({St.PUBLICATION}), future_ok=True),
}

#: Dates that must not come before another: (later, earlier, message).
DATE_ORDER = (
    ("period_to", "period_from", "The period under review must end on or after it starts."),
    ("chair_decision_on", "director_recommendation_on", "The Independent Chair decides after the Service Director recommends."),
    ("national_panel_outcome_on", "national_panel_notified_on", "The National Panel's outcome comes after it was notified."),
    ("scr_panel_agreed_on", "chair_decision_on", "The SCR panel is agreed after the decision to hold the review."),
    ("board_signed_off_on", "completed_on", "The Board signs off the report after it is completed."),
)


@dataclass(frozen=True)
class ReviewFields:
    """Every plain column of a review, as stored."""

    id: int
    reference: str
    kind: str
    method: str | None
    stage: str
    referral_id: int | None
    decision_id: int | None
    chair_name: str
    independent_reviewer: str
    terms_of_reference: str
    issues_for_review: str
    period_from: date | None
    period_to: date | None
    timescales: str
    started_on: date | None
    due_on: date | None
    completed_on: date | None
    closed_on: date | None
    report_kind: str
    report_text: str
    reported_to_board_on: date | None
    agency_reports_requested_on: date | None
    director_recommendation: str
    director_recommendation_on: date | None
    chair_decision: str | None
    chair_decision_reasons: str
    chair_decision_on: date | None
    ofsted_notified_on: date | None
    national_panel_notified_on: date | None
    national_panel_outcome: str | None
    national_panel_outcome_on: date | None
    national_panel_notes: str
    methodology: str
    reviewer_commissioned_on: date | None
    scr_panel_agreed_on: date | None
    interviews: str
    board_signed_off_on: date | None
    publication_decision: str | None
    publication_reasons: str
    published_on: date | None
    referral_reference: str = ""

    @property
    def kind_label(self) -> str:
        label = ReviewKind.label_of(self.kind)
        return f"{label}: {ReviewMethod.label_of(self.method)}" if self.method and self.kind == ReviewKind.OTHER else label

    @property
    def stage_label(self) -> str:
        return St.label_of(self.stage)

    @property
    def is_open(self) -> bool:
        return self.stage != St.CLOSED


_COLUMNS = [f.name for f in fields(ReviewFields) if f.name != "referral_reference"]


def fields_of(s: Session, review: Review) -> ReviewFields:
    reference = s.scalar(select(Referral.reference).where(Referral.id == review.referral_id)) if review.referral_id else ""
    return ReviewFields(**{name: getattr(review, name) for name in _COLUMNS}, referral_reference=reference or "")


def load_review(s: Session, review_id: int) -> Review:
    review = s.get(Review, review_id)
    if review is None:
        raise KnownError("That review no longer exists.")
    return review


def require_stage(review: Review, stages: frozenset[St] | set[St], what: str) -> None:
    """Refuse a change that belongs to another stage, naming where it belongs."""
    if review.stage in stages:
        return
    if review.stage == St.CLOSED:
        raise InvalidTransition(f"{review.reference} is closed, so {what} cannot change.")
    where = " or ".join(f"“{s.label}”" for s in St if s in stages)
    raise InvalidTransition(
        f"{what[0].upper() + what[1:]} can be recorded only when the review is at {where}; "
        f"{review.reference} is at “{St.label_of(review.stage)}”."
    )


def _clean(name: str, rule: FieldRule, value: Any, today: date, problems: dict[str, str]) -> Any:
    if rule.kind == "date":
        return check_date(value, field=name, label=rule.label, problems=problems,
                          not_after=None if rule.future_ok else today)
    if rule.kind == "choice":
        if value in (None, ""):
            return None if name != "report_kind" else ""
        if value not in (rule.choices or {}):
            problems[name] = f"Choose one of: {', '.join((rule.choices or {}).values())}."
            return None
        return value
    limit = SHORT_TEXT if rule.kind == "short" else 50_000
    return clean_text(value, field=name, label=rule.label, problems=problems, limit=limit, multiline=rule.kind == "long")


class ReviewService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, review_id: int) -> ReviewFields:
        with self.store.session() as s:
            review = load_review(s, review_id)
            # Opening a review shows a child's case: audited like opening a referral.
            audit.record(s, "reviews", review.id, "open")
            return fields_of(s, review)

    def peek(self, review_id: int) -> ReviewFields:
        """The fields without an "open" audit entry (for refreshing an open workspace)."""
        with self.store.read_session() as s:
            return fields_of(s, load_review(s, review_id))

    def update(self, review_id: int, changes: dict[str, Any], today: date | None = None) -> ReviewFields:
        """Change several fields at once; all are checked (value, stage, role) before any is saved."""
        today = today or date.today()
        unknown = [name for name in changes if name not in FIELD_RULES]
        if unknown:
            raise KnownError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
        for permission in {FIELD_RULES[name].permission for name in changes}:
            require(self.store.identity, permission)
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        cleaned = {name: _clean(name, FIELD_RULES[name], value, today, problems) for name, value in changes.items()}
        with self.store.session() as s:
            review = load_review(s, review_id)
            for name in changes:
                if cleaned[name] != getattr(review, name):
                    require_stage(review, FIELD_RULES[name].stages, FIELD_RULES[name].label.lower())
            merged = {name: getattr(review, name) for name in _COLUMNS} | cleaned
            for later, earlier, message in DATE_ORDER:
                if merged.get(later) and merged.get(earlier) and merged[later] < merged[earlier]:
                    problems.setdefault(later if later in changes else earlier, message)
            if problems:
                raise ValidationError(problems)
            for name, value in cleaned.items():
                setattr(review, name, value)
            s.flush()
            return fields_of(s, review)
