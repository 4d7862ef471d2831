"""The review paths as a state machine: which stage may follow which, for each kind of
review, and what must be true first.

Every legal move is listed in `TRANSITIONS`; anything else is refused with a message that
names where the review can go from here. A legal move whose conditions are not met is
refused with the list of what is missing. Either way nothing is changed. Moves that start
the next step also do it (send agency checks with due dates, request chronologies, set the
SCR's completion date), in the same transaction as the stage change.
"""

from __future__ import annotations

import calendar as std_calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.review import AgencyCheck, AgencyReport, ChronologyRequest, Dissemination, Finding, Review
from lipanel_desktop.services import organisation
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.review_closure import close_case, record_closure
from lipanel_desktop.services.working_days import add_working_days
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import MeetingKind, MeetingStatus
from lipanel_desktop.vocabulary.reviews import (
    AgencyCheckStatus,
    ClosureReason,
    DisseminationChannel,
    IndependentChairDecision,
    NationalPanelOutcome,
    PublicationDecision,
    RequestStatus,
    ReviewKind,
    ReviewStage as St,
)
from lipanel_desktop.vocabulary.roles import Permission

MALR_LIKE = frozenset({ReviewKind.MALR.value, ReviewKind.OTHER.value})
SCR = frozenset({ReviewKind.SCR.value})
SINGLE = frozenset({ReviewKind.SINGLE_AGENCY.value})

INITIAL_STAGE = {
    ReviewKind.MALR.value: St.SETTING_UP,
    ReviewKind.OTHER.value: St.SETTING_UP,
    ReviewKind.SCR.value: St.AGENCY_REPORTS,
    ReviewKind.SINGLE_AGENCY.value: St.SINGLE_AGENCY_ACTIONS,
}

Check = Callable[[Session, Review, dict[str, Any]], list[str]]
Effect = Callable[[Session, Review, date, dict[str, Any]], None]


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later (the month's last day if it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, std_calendar.monthrange(year, month)[1]))


# -- what must be true ---------------------------------------------------------------
def _agency_names(s: Session, model: Any, review: Review, where: Any) -> list[str]:
    return list(
        s.scalars(
            select(Agency.name)
            .join(model, model.agency_id == Agency.id)
            .where(model.review_id == review.id, where)
            .order_by(Agency.position, Agency.name)
        )
    )


def _waiting_for(what: str, names: list[str]) -> list[str]:
    return [f"{what} {', '.join(names)}."] if names else []


def _count(s: Session, model: Any, *where: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _setup_ready(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = []
    if not review.chair_name:
        missing.append("Nominate the chair of the review.")
    if not review.terms_of_reference:
        missing.append("Set the terms of reference.")
    if not review.timescales:
        missing.append("Set the timescales.")
    if not _count(s, Meeting, Meeting.review_id == review.id, Meeting.kind == MeetingKind.MALR_FIRST.value,
                  Meeting.status != MeetingStatus.CANCELLED.value):
        missing.append("Set the date of the review: schedule its first meeting.")
    if not _count(s, AgencyCheck, AgencyCheck.review_id == review.id):
        missing.append("List the agencies to be checked.")
    return missing


def _checks_answered(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = _waiting_for(
        "Waiting for agency checks from", _agency_names(s, AgencyCheck, review, AgencyCheck.status == AgencyCheckStatus.AWAITING.value)
    )
    if not missing and not _count(s, AgencyCheck, AgencyCheck.review_id == review.id,
                                  AgencyCheck.status == AgencyCheckStatus.INVOLVED.value):
        missing.append("No agency has said it is involved; the review can be closed instead.")
    return missing


def _nobody_involved(s: Session, review: Review, settings: dict[str, Any]) -> list[str]:
    missing = _waiting_for(
        "Waiting for agency checks from", _agency_names(s, AgencyCheck, review, AgencyCheck.status == AgencyCheckStatus.AWAITING.value)
    )
    involved = _agency_names(s, AgencyCheck, review, AgencyCheck.status == AgencyCheckStatus.INVOLVED.value)
    if involved:
        missing.append(f"{', '.join(involved)} {'is' if len(involved) == 1 else 'are'} involved, so the review goes on.")
    return missing


def _chronologies_in(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = _waiting_for(
        "Chronologies are still outstanding from",
        _agency_names(s, ChronologyRequest, review, ChronologyRequest.status == RequestStatus.OUTSTANDING.value),
    )
    missing += _waiting_for(
        "No representative nominated yet by",
        _agency_names(s, AgencyCheck, review, (AgencyCheck.status == AgencyCheckStatus.INVOLVED.value)
                      & (AgencyCheck.representative_name == "")),
    )
    return missing


def _first_meeting_held(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    if _count(s, Meeting, Meeting.review_id == review.id, Meeting.status == MeetingStatus.HELD.value):
        return []
    return ["Hold the first review meeting and mark it as held."]


def _has_findings(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    return [] if _count(s, Finding, Finding.review_id == review.id) else ["Record at least one key finding."]


def _malr_reported(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = []
    if not review.report_kind:
        missing.append("Choose whether it is a report or a case summary.")
    if not review.report_text:
        missing.append("Write the report or case summary.")
    if not review.reported_to_board_on:
        missing.append("Record the date the findings were reported to the Board.")
    return missing


def _learning_passed_on(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = []
    for channel in (DisseminationChannel.IMPLEMENTATION_SUBGROUP, DisseminationChannel.TRAINING_SUBGROUP):
        if not _count(s, Dissemination, Dissemination.review_id == review.id, Dissemination.channel == channel.value):
            missing.append(f"Pass the learning to the {channel.label}.")
    return missing


def _agency_reports_in(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    if not review.agency_reports_requested_on:
        return ["Request agency reports from the agencies involved."]
    return _waiting_for(
        "Agency reports are still outstanding from",
        _agency_names(s, AgencyReport, review, AgencyReport.status == RequestStatus.OUTSTANDING.value),
    )


def _director_recommended(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = []
    if not review.director_recommendation:
        missing.append("Record the Service Director's recommendation.")
    if not review.director_recommendation_on:
        missing.append("Record the date of the recommendation.")
    return missing


def _chair_decided(review: Review) -> list[str]:
    if not review.chair_decision or not review.chair_decision_on:
        return ["Record the Independent Chair's decision and its date."]
    if not review.chair_decision_reasons:
        return ["Record the Independent Chair's reasons."]
    return []


def _scr_to_be_held(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = _chair_decided(review)
    if missing:
        return missing
    if review.chair_decision != IndependentChairDecision.HOLD_SCR:
        return ["The Independent Chair decided not to hold a Serious Case Review: that decision goes to National Panel scrutiny."]
    if not review.ofsted_notified_on:
        missing.append("Record the date Ofsted was notified.")
    if not review.national_panel_notified_on:
        missing.append("Record the date the National Panel was notified.")
    return missing


def _scr_not_held(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = _chair_decided(review)
    if missing:
        return missing
    if review.chair_decision == IndependentChairDecision.HOLD_SCR:
        return ["The Independent Chair decided to hold a Serious Case Review: commission it instead."]
    return [] if review.national_panel_notified_on else ["Record the date the National Panel was notified."]


def _outcome(wanted: NationalPanelOutcome, chair_decision: IndependentChairDecision | None) -> Check:
    def check(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
        if not review.national_panel_outcome or not review.national_panel_outcome_on:
            return ["Record the National Panel's outcome and its date."]
        if review.national_panel_outcome != wanted:
            return [f"The National Panel's outcome was: {NationalPanelOutcome.label_of(review.national_panel_outcome)}."]
        if chair_decision is not None and review.chair_decision != chair_decision:
            if chair_decision == IndependentChairDecision.OTHER_REVIEW:
                return ["The Independent Chair decided on no review, so there is no review in another form to start."]
            return ["The Independent Chair chose a review in another form: start that review instead."]
        if chair_decision == IndependentChairDecision.OTHER_REVIEW and not review.method:
            return ["Choose the method of the review in another form."]
        return []

    return check


def _commissioned(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    missing = []
    if not review.methodology:
        missing.append("Record the methodology.")
    if not review.independent_reviewer:
        missing.append("Name the independent reviewer and/or chair commissioned.")
    if not review.reviewer_commissioned_on:
        missing.append("Record the date the reviewer was commissioned.")
    if not review.scr_panel_agreed_on:
        missing.append("Record the date the SCR panel was agreed.")
    if not review.terms_of_reference:
        missing.append("Set the terms of reference.")
    return missing


def _scr_report_ready(s: Session, review: Review, settings: dict[str, Any]) -> list[str]:
    missing = _has_findings(s, review, settings)
    if not review.report_text:
        missing.append("Write or summarise the review's report.")
    return missing


def _signed_off(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    return [] if review.board_signed_off_on else ["Record the date the Board signed the report off."]


def _publication_decided(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    if not review.publication_decision:
        return ["Record the publication decision: publish, publish later or do not publish."]
    if review.publication_decision != PublicationDecision.PUBLISH and not review.publication_reasons:
        return ["Give the reasons for the publication decision."]
    if review.publication_decision == PublicationDecision.PUBLISH and not review.published_on:
        return ["Record the date the review was published."]
    return []


def _nothing(s: Session, review: Review, _settings: dict[str, Any]) -> list[str]:
    return []


# -- what a move does ----------------------------------------------------------------
def _send_checks(s: Session, review: Review, today: date, settings: dict[str, Any]) -> None:
    due = add_working_days(today, settings["agency_check_working_days"])
    for check in review.agency_checks:
        if check.requested_on is None:
            check.requested_on, check.due_on = today, due


def _request_chronologies(s: Session, review: Review, today: date, settings: dict[str, Any]) -> None:
    for check in review.agency_checks:
        if check.status == AgencyCheckStatus.INVOLVED:
            ensure_chronology_request(s, review, check.agency_id, today, settings)


def ensure_chronology_request(s: Session, review: Review, agency_id: int, today: date, settings: dict[str, Any]) -> None:
    exists = s.scalar(
        select(ChronologyRequest.id).where(ChronologyRequest.review_id == review.id, ChronologyRequest.agency_id == agency_id)
    )
    if exists is None:
        s.add(ChronologyRequest(review_id=review.id, agency_id=agency_id, requested_on=today,
                                due_on=add_working_days(today, settings["chronology_return_working_days"]),
                                status=RequestStatus.OUTSTANDING.value))


def _scr_clock_starts(s: Session, review: Review, today: date, settings: dict[str, Any]) -> None:
    start = review.national_panel_outcome_on if review.national_panel_outcome == NationalPanelOutcome.OVERTURNED else review.chair_decision_on
    review.due_on = add_months(start or today, settings["scr_completion_months"])


def _become_other_review(s: Session, review: Review, today: date, settings: dict[str, Any]) -> None:
    review.kind = ReviewKind.OTHER.value


def _report_completed(s: Session, review: Review, today: date, settings: dict[str, Any]) -> None:
    if review.completed_on is None:
        review.completed_on = today


def _close(s: Session, review: Review, today: date, settings: dict[str, Any]) -> None:
    close_case(s, review, today)


@dataclass(frozen=True)
class Transition:
    kinds: frozenset[str]
    source: St
    target: St
    #: What the user does to make the move (a button's words).
    label: str
    check: Check
    effect: Effect | None = None


TRANSITIONS: tuple[Transition, ...] = (
    Transition(MALR_LIKE, St.SETTING_UP, St.AGENCY_CHECKS, "Send the agency checks", _setup_ready, _send_checks),
    Transition(MALR_LIKE, St.AGENCY_CHECKS, St.CHRONOLOGIES, "Request chronologies from the agencies involved",
               _checks_answered, _request_chronologies),
    Transition(MALR_LIKE, St.AGENCY_CHECKS, St.CLOSED, "Close: no agency was involved", _nobody_involved, _close),
    Transition(MALR_LIKE, St.CHRONOLOGIES, St.MEETINGS, "Go on to the review meetings", _chronologies_in),
    Transition(MALR_LIKE, St.MEETINGS, St.FINDINGS, "Agree findings and recommendations", _first_meeting_held),
    Transition(MALR_LIKE, St.FINDINGS, St.REPORT, "Prepare the report or case summary", _has_findings),
    Transition(MALR_LIKE, St.REPORT, St.REPORTED, "Record that it was reported to the Board", _malr_reported,
               _report_completed),
    Transition(MALR_LIKE, St.REPORTED, St.CLOSED, "Close the review", _learning_passed_on, _close),
    Transition(SCR, St.AGENCY_REPORTS, St.DIRECTOR_RECOMMENDATION, "Ask for the Service Director's recommendation",
               _agency_reports_in),
    Transition(SCR, St.DIRECTOR_RECOMMENDATION, St.CHAIR_DECISION, "Put the recommendation to the Independent Chair",
               _director_recommended),
    Transition(SCR, St.CHAIR_DECISION, St.COMMISSIONING, "Commission the Serious Case Review", _scr_to_be_held,
               _scr_clock_starts),
    Transition(SCR, St.CHAIR_DECISION, St.NATIONAL_PANEL, "Send the decision to National Panel scrutiny", _scr_not_held),
    Transition(SCR, St.NATIONAL_PANEL, St.COMMISSIONING, "Re-open the SCR path: the decision was overturned",
               _outcome(NationalPanelOutcome.OVERTURNED, None), _scr_clock_starts),
    Transition(SCR, St.NATIONAL_PANEL, St.CLOSED, "Close: the National Panel upheld the decision",
               _outcome(NationalPanelOutcome.UPHELD, IndependentChairDecision.NO_SCR), _close),
    Transition(SCR, St.NATIONAL_PANEL, St.SETTING_UP, "Start the review in another form",
               _outcome(NationalPanelOutcome.UPHELD, IndependentChairDecision.OTHER_REVIEW), _become_other_review),
    Transition(SCR, St.COMMISSIONING, St.IN_PROGRESS, "Start the review", _commissioned),
    Transition(SCR, St.IN_PROGRESS, St.BOARD_SIGN_OFF, "Send the report to the Board for sign-off", _scr_report_ready,
               _report_completed),
    Transition(SCR, St.BOARD_SIGN_OFF, St.PUBLICATION, "Decide on publication", _signed_off),
    Transition(SCR, St.PUBLICATION, St.CLOSED, "Close the review", _publication_decided, _close),
    Transition(SINGLE, St.SINGLE_AGENCY_ACTIONS, St.CLOSED, "Close: the agency's actions are in the action plan", _nothing,
               _close),
)


@dataclass(frozen=True)
class MoveOption:
    target: str
    label: str
    #: What is still missing, in plain words; empty when the move can be made now.
    blockers: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.blockers

    @property
    def target_label(self) -> str:
        return St.label_of(self.target)


@dataclass(frozen=True)
class Moved:
    review_id: int
    stage: str
    message: str


def transitions_from(kind: str, stage: str) -> list[Transition]:
    return [t for t in TRANSITIONS if kind in t.kinds and t.source == stage]


def options(s: Session, review: Review) -> list[MoveOption]:
    settings = organisation.read_all(s)
    return [
        MoveOption(t.target.value, t.label, tuple(t.check(s, review, settings)))
        for t in transitions_from(review.kind, review.stage)
    ]


def _stage_words(code: str) -> str:
    return St.label_of(code) if code in St._value2member_map_ else str(code)


def describe_refusal(review: Review, target: str) -> str:
    if review.stage == St.CLOSED:
        return f"{review.reference} is closed, so it cannot move to “{_stage_words(target)}”."
    kind = ReviewKind.label_of(review.kind) if review.kind in ReviewKind._value2member_map_ else review.kind
    possible = [f"“{t.target.label}”" for t in transitions_from(review.kind, review.stage)]
    where = " or ".join(possible) if possible else "nowhere"
    return (
        f"A {kind} at “{_stage_words(review.stage)}” cannot move to “{_stage_words(target)}”. "
        f"From here it can move to {where}."
    )


def move(s: Session, review: Review, target: str, today: date) -> str:
    """Make one move inside the caller's session, or raise InvalidTransition having
    changed nothing. Returns what happened in plain words."""
    candidates = [t for t in transitions_from(review.kind, review.stage) if t.target == target]
    if not candidates:
        raise InvalidTransition(describe_refusal(review, target))
    transition = candidates[0]
    settings = organisation.read_all(s)
    missing = transition.check(s, review, settings)
    if missing:
        raise InvalidTransition(f"{review.reference} cannot move to “{transition.target.label}” yet. " + " ".join(missing))
    if transition.effect is not None:
        transition.effect(s, review, today, settings)
    if transition.target == St.CLOSED:
        record_closure(s, review, reason=ClosureReason.COMPLETED.value, day=today, stage_before=review.stage,
                       note=transition.label.removeprefix("Close: "))
    review.stage = transition.target.value
    return f"{review.reference} is now at “{transition.target.label}”."


class ReviewWorkflow:
    def __init__(self, store: Store) -> None:
        self.store = store

    def options(self, review_id: int) -> list[MoveOption]:
        with self.store.read_session() as s:
            return options(s, _load(s, review_id))

    def move(self, review_id: int, target: str, today: date | None = None) -> Moved:
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        with self.store.session() as s:
            review = _load(s, review_id)
            message = move(s, review, target, today)
            s.flush()
            return Moved(review.id, review.stage, message)


def _load(s: Session, review_id: int) -> Review:
    review = s.get(Review, review_id)
    if review is None:
        raise KnownError("That review no longer exists.")
    return review
