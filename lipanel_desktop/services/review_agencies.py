"""The agencies in a review: agency checks (involved / not involved / awaiting reply,
with the date answered), chronology requests and agency reports with due dates
(received or outstanding), and the people taking part: agency representatives,
practitioners who worked with the family, independent reviewers and chairs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.review import AgencyCheck, AgencyReport, ChronologyRequest, Review, ReviewParticipant
from lipanel_desktop.services import organisation
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text, uk
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.review_workflow import ensure_chronology_request
from lipanel_desktop.services.reviews import OPEN, load_review, require_stage
from lipanel_desktop.services.working_days import add_working_days
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import (
    AgencyCheckStatus,
    ParticipantRole,
    RequestStatus,
    ReviewKind,
    ReviewStage as St,
)
from lipanel_desktop.vocabulary.roles import Permission

#: MALR stages at which an agency newly found to be involved is asked for a chronology.
CHRONOLOGY_STAGES = frozenset({St.CHRONOLOGIES, St.MEETINGS})


@dataclass(frozen=True)
class CheckRow:
    id: int
    agency_id: int
    agency_name: str
    status: str
    requested_on: date | None
    due_on: date | None
    answered_on: date | None
    representative_name: str
    representative_contact: str

    @property
    def status_label(self) -> str:
        return AgencyCheckStatus.label_of(self.status)


@dataclass(frozen=True)
class RequestRow:
    """A chronology request or an agency report (individual management review)."""

    id: int
    agency_id: int
    agency_name: str
    requested_on: date | None
    due_on: date | None
    received_on: date | None
    status: str

    @property
    def status_label(self) -> str:
        return RequestStatus.label_of(self.status)


@dataclass(frozen=True)
class ParticipantRow:
    id: int
    role: str
    person_name: str
    job_title: str
    agency_id: int | None
    agency_name: str
    contact: str
    contributed: bool

    @property
    def role_label(self) -> str:
        return ParticipantRole.label_of(self.role)


@dataclass(frozen=True)
class ParticipantData:
    role: str
    person_name: str
    job_title: str = ""
    agency_id: int | None = None
    contact: str = ""
    contributed: bool = False


def checks(s: Session, review_id: int) -> list[CheckRow]:
    rows = s.execute(
        select(AgencyCheck.id, AgencyCheck.agency_id, Agency.name, AgencyCheck.status, AgencyCheck.requested_on,
               AgencyCheck.due_on, AgencyCheck.answered_on, AgencyCheck.representative_name,
               AgencyCheck.representative_contact)
        .join(Agency, Agency.id == AgencyCheck.agency_id)
        .where(AgencyCheck.review_id == review_id)
        .order_by(Agency.position, Agency.name)
    )
    return [CheckRow(*row) for row in rows]


def requests(s: Session, model: Any, review_id: int) -> list[RequestRow]:
    rows = s.execute(
        select(model.id, model.agency_id, Agency.name, model.requested_on, model.due_on, model.received_on, model.status)
        .join(Agency, Agency.id == model.agency_id)
        .where(model.review_id == review_id)
        .order_by(Agency.position, Agency.name)
    )
    return [RequestRow(*row) for row in rows]


def participants(s: Session, review_id: int) -> list[ParticipantRow]:
    rows = s.execute(
        select(ReviewParticipant.id, ReviewParticipant.role, ReviewParticipant.person_name, ReviewParticipant.job_title,
               ReviewParticipant.agency_id, Agency.name, ReviewParticipant.contact, ReviewParticipant.contributed)
        .outerjoin(Agency, Agency.id == ReviewParticipant.agency_id)
        .where(ReviewParticipant.review_id == review_id)
        .order_by(ReviewParticipant.role, ReviewParticipant.id)
    )
    return [ParticipantRow(*row[:5], row[5] or "", *row[6:]) for row in rows]


def _open_review(s: Session, review_id: int, what: str) -> Review:
    review = load_review(s, review_id)
    require_stage(review, OPEN, what)
    return review


def _agency_exists(s: Session, agency_id: object) -> bool:
    return isinstance(agency_id, int) and not isinstance(agency_id, bool) and s.get(Agency, agency_id) is not None


class ReviewAgencyService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def checks(self, review_id: int) -> list[CheckRow]:
        with self.store.read_session() as s:
            return checks(s, review_id)

    def chronology_requests(self, review_id: int) -> list[RequestRow]:
        with self.store.read_session() as s:
            return requests(s, ChronologyRequest, review_id)

    def agency_reports(self, review_id: int) -> list[RequestRow]:
        with self.store.read_session() as s:
            return requests(s, AgencyReport, review_id)

    def participants(self, review_id: int) -> list[ParticipantRow]:
        with self.store.read_session() as s:
            return participants(s, review_id)

    # -- agency checks ---------------------------------------------------------------
    def add_check(self, review_id: int, agency_id: int, today: date | None = None) -> list[CheckRow]:
        """Check one more agency (for example one named by another agency's reply)."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        with self.store.session() as s:
            review = _open_review(s, review_id, "the agency checks")
            if not _agency_exists(s, agency_id):
                raise ValidationError({"agency_id": "Choose an agency from the list."})
            if any(c.agency_id == agency_id for c in review.agency_checks):
                raise ValidationError({"agency_id": "That agency is already being checked."})
            check = AgencyCheck(agency_id=agency_id, status=AgencyCheckStatus.AWAITING.value)
            if review.stage != St.SETTING_UP:  # the others went out already: this one goes now
                settings = organisation.read_all(s)
                check.requested_on = today
                check.due_on = add_working_days(today, settings["agency_check_working_days"])
            review.agency_checks.append(check)
            s.flush()
            return checks(s, review.id)

    def answer_check(self, check_id: int, status: str, answered_on: date | None = None, *,
                     representative_name: str = "", representative_contact: str = "",
                     today: date | None = None) -> list[CheckRow]:
        """Record an agency's reply. An agency found to be involved once chronologies
        have been requested is asked for one too; one no longer involved is released."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        problems: dict[str, str] = {}
        if status not in AgencyCheckStatus._value2member_map_:
            problems["status"] = "Choose involved, not involved or awaiting reply."
        answered = check_date(answered_on, field="answered_on", label="The date answered", problems=problems, not_after=today)
        if status != AgencyCheckStatus.AWAITING and answered is None and "answered_on" not in problems:
            problems["answered_on"] = "Give the date the agency answered."
        name = clean_text(representative_name, field="representative_name", label="The representative's name",
                          problems=problems, limit=SHORT_TEXT, multiline=False)
        contact = clean_text(representative_contact, field="representative_contact", label="The representative's contact details",
                             problems=problems, limit=SHORT_TEXT, multiline=False)
        if name and status != AgencyCheckStatus.INVOLVED:
            problems["representative_name"] = "Only an involved agency nominates a representative."
        with self.store.session() as s:
            check = s.get(AgencyCheck, check_id)
            if check is None:
                raise KnownError("That agency check no longer exists.")
            review = _open_review(s, check.review_id, "the agency checks")
            if check.requested_on and answered and answered < check.requested_on:
                problems["answered_on"] = f"The check was sent on {uk(check.requested_on)}; the answer cannot be earlier."
            if problems:
                raise ValidationError(problems)
            check.status = status
            check.answered_on = answered if status != AgencyCheckStatus.AWAITING else None
            check.representative_name, check.representative_contact = name, contact
            self._follow_up(s, review, check, today)
            s.flush()
            return checks(s, review.id)

    @staticmethod
    def _follow_up(s: Session, review: Review, check: AgencyCheck, today: date) -> None:
        if review.kind not in (ReviewKind.MALR, ReviewKind.OTHER) or review.stage not in CHRONOLOGY_STAGES:
            return
        if check.status == AgencyCheckStatus.INVOLVED:
            ensure_chronology_request(s, review, check.agency_id, today, organisation.read_all(s))
            return
        request = s.scalars(select(ChronologyRequest).where(ChronologyRequest.review_id == review.id,
                                                            ChronologyRequest.agency_id == check.agency_id)).first()
        if request is not None and request.status == RequestStatus.OUTSTANDING:
            request.status = RequestStatus.WITHDRAWN.value

    # -- chronology requests and agency reports --------------------------------------
    def request_agency_reports(self, review_id: int, due_on: date | None, today: date | None = None) -> list[RequestRow]:
        """The Head of Safeguarding asks each agency not ruled out for its report."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        problems: dict[str, str] = {}
        due = check_date(due_on, field="due_on", label="The date the reports are due", problems=problems, required=True)
        if due and due <= today:
            problems["due_on"] = "The reports must be due after today."
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            review = load_review(s, review_id)
            require_stage(review, frozenset({St.AGENCY_REPORTS}), "the request for agency reports")
            existing = {r.agency_id for r in s.scalars(select(AgencyReport).where(AgencyReport.review_id == review.id))}
            asked = [c.agency_id for c in review.agency_checks
                     if c.status != AgencyCheckStatus.NOT_INVOLVED and c.agency_id not in existing]
            if not asked and not existing:
                raise InvalidTransition("No agency is left to ask: every agency checked said it was not involved.")
            for agency_id in asked:
                s.add(AgencyReport(review_id=review.id, agency_id=agency_id, requested_on=today, due_on=due,
                                   status=RequestStatus.OUTSTANDING.value))
            review.agency_reports_requested_on = review.agency_reports_requested_on or today
            s.flush()
            return requests(s, AgencyReport, review.id)

    def set_chronology_request(self, request_id: int, status: str, received_on: date | None = None,
                               due_on: date | None = None, today: date | None = None) -> list[RequestRow]:
        return self._set_request(ChronologyRequest, request_id, status, received_on, due_on, today)

    def set_agency_report(self, report_id: int, status: str, received_on: date | None = None,
                          due_on: date | None = None, today: date | None = None) -> list[RequestRow]:
        return self._set_request(AgencyReport, report_id, status, received_on, due_on, today)

    def _set_request(self, model: Any, request_id: int, status: str, received_on: date | None,
                     due_on: date | None, today: date | None) -> list[RequestRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        problems: dict[str, str] = {}
        if status not in RequestStatus._value2member_map_:
            problems["status"] = "Choose outstanding, received or no longer needed."
        received = check_date(received_on, field="received_on", label="The date received", problems=problems, not_after=today)
        if status == RequestStatus.RECEIVED and received is None and "received_on" not in problems:
            problems["received_on"] = "Give the date it was received."
        due = check_date(due_on, field="due_on", label="The due date", problems=problems)
        with self.store.session() as s:
            row = s.get(model, request_id)
            if row is None:
                raise KnownError("That request no longer exists.")
            _open_review(s, row.review_id, "the requests")
            if received and row.requested_on and received < row.requested_on:
                problems["received_on"] = f"It was requested on {uk(row.requested_on)}; it cannot be received earlier."
            if due and row.requested_on and due < row.requested_on:
                problems["due_on"] = "It cannot be due before it was requested."
            if problems:
                raise ValidationError(problems)
            row.status = status
            row.received_on = received if status == RequestStatus.RECEIVED else None
            if due:
                row.due_on = due
            s.flush()
            return requests(s, model, row.review_id)

    # -- participants ----------------------------------------------------------------
    def add_participant(self, review_id: int, data: ParticipantData) -> list[ParticipantRow]:
        """Representatives, and practitioners who worked with the family (the policy wants
        them to have a voice)."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        if data.role not in ParticipantRole._value2member_map_:
            problems["role"] = "Choose the person's part in the review."
        name = clean_text(data.person_name, field="person_name", label="The person's name", problems=problems,
                          limit=SHORT_TEXT, required=True, multiline=False)
        title = clean_text(data.job_title, field="job_title", label="The job title", problems=problems, limit=SHORT_TEXT,
                           multiline=False)
        contact = clean_text(data.contact, field="contact", label="The contact details", problems=problems, limit=SHORT_TEXT,
                             multiline=False)
        if not isinstance(data.contributed, bool):
            problems["contributed"] = "Say whether they contributed."
        with self.store.session() as s:
            review = _open_review(s, review_id, "who takes part")
            if data.agency_id is not None and not _agency_exists(s, data.agency_id):
                problems["agency_id"] = "Choose an agency from the list."
            if data.role in (ParticipantRole.REPRESENTATIVE, ParticipantRole.PRACTITIONER) and data.agency_id is None:
                problems.setdefault("agency_id", "Choose the agency they work for.")
            if problems:
                raise ValidationError(problems)
            s.add(ReviewParticipant(review_id=review.id, role=data.role, person_name=name, job_title=title,
                                    agency_id=data.agency_id, contact=contact, contributed=data.contributed))
            s.flush()
            return participants(s, review.id)

    def set_contributed(self, participant_id: int, contributed: bool) -> list[ParticipantRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = self._participant(s, participant_id)
            row.contributed = bool(contributed)
            s.flush()
            return participants(s, row.review_id)

    def remove_participant(self, participant_id: int) -> list[ParticipantRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = self._participant(s, participant_id)
            review_id = row.review_id
            s.delete(row)
            s.flush()
            return participants(s, review_id)

    @staticmethod
    def _participant(s: Session, participant_id: int) -> ReviewParticipant:
        row = s.get(ReviewParticipant, participant_id)
        if row is None:
            raise KnownError("That person is no longer listed.")
        _open_review(s, row.review_id, "who takes part")
        return row
