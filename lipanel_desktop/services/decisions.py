"""The panel's decision on a referral: the form's "Conclusion of Learning and Improvement
Panel" block. Recording it creates the review (with its terms of reference and an agency
check for each listed agency) and moves the referral on; a mistaken decision can be
withdrawn while its review has not yet started."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.base import utc_now
from lipanel_desktop.models.decision import DecisionAgency, PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import AgencyCheck, AgencyReport, ChronologyRequest, GoodPractice, Review, ScrNotification
from lipanel_desktop.services import organisation
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text, uk
from lipanel_desktop.services.meeting_agenda import WAITING, release_referrals
from lipanel_desktop.services.meetings import PANEL_KINDS, MeetingData, new_meeting
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.references import next_reference
from lipanel_desktop.services.review_workflow import INITIAL_STAGE
from lipanel_desktop.services.working_days import add_working_days, why_not_working
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.panel import Decision, MeetingKind, MeetingStatus, ReviewMethod
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus, GoodPracticeSource, ReviewKind
from lipanel_desktop.vocabulary.roles import Permission

#: What kind of review each decision starts, and its reference prefix.
REVIEW_FOR = {
    Decision.SCR_CONSIDERATION.value: (ReviewKind.SCR.value, "SCR"),
    Decision.MALR.value: (ReviewKind.MALR.value, "MALR"),
    Decision.OTHER_REVIEW.value: (ReviewKind.OTHER.value, "REV"),
    Decision.SINGLE_AGENCY.value: (ReviewKind.SINGLE_AGENCY.value, "SAA"),
}


@dataclass(frozen=True)
class DecisionData:
    """The form's fields, as typed."""

    referral_id: int
    decision: str
    decision_date: date | None
    meeting_id: int | None = None
    review_method: str | None = None
    reasons: str = ""
    issues_for_review: str = ""
    terms_of_reference_scope: str = ""
    period_from: date | None = None
    period_to: date | None = None
    chronology_agency_ids: tuple[int, ...] = ()
    chair_of_review: str = ""
    first_meeting_date: date | None = None
    second_meeting_date: date | None = None
    good_practice: str = ""


@dataclass(frozen=True)
class DecisionRecord:
    id: int
    referral_id: int
    referral_reference: str
    meeting_id: int | None
    meeting_reference: str
    decision_date: date
    decision: str
    review_method: str | None
    reasons: str
    issues_for_review: str
    terms_of_reference_scope: str
    period_from: date | None
    period_to: date | None
    chair_of_review: str
    first_meeting_date: date | None
    second_meeting_date: date | None
    good_practice: str
    recorded_by: str
    superseded: bool
    agencies: tuple[str, ...] = ()
    review_id: int | None = None
    review_reference: str = ""

    @property
    def decision_label(self) -> str:
        label = Decision.label_of(self.decision)
        if self.review_method:
            label += f": {ReviewMethod.label_of(self.review_method)}"
        return label


@dataclass(frozen=True)
class DecisionOutcome:
    decision: DecisionRecord
    message: str
    warnings: tuple[str, ...] = field(default=())


def _check(s: Session, data: DecisionData, today: date) -> tuple[dict[str, str], dict[str, object]]:
    problems: dict[str, str] = {}
    kind = data.decision
    if kind not in Decision._value2member_map_:
        problems["decision"] = "Choose the panel's decision."
    method = data.review_method if kind == Decision.OTHER_REVIEW else None
    if kind == Decision.OTHER_REVIEW and method not in ReviewMethod._value2member_map_:
        problems["review_method"] = "Choose the review method: systems review, root cause analysis or appreciative inquiry."
    day = check_date(data.decision_date, field="decision_date", label="The date of the decision", problems=problems,
                     required=True, not_after=today)
    text = {
        name: clean_text(getattr(data, name), field=name, label=label, problems=problems)
        for name, label in (
            ("reasons", "The reasons"),
            ("issues_for_review", "The issues for this review"),
            ("terms_of_reference_scope", "The terms of reference scope"),
            ("good_practice", "The good practice identified"),
        )
    }
    text["chair_of_review"] = clean_text(data.chair_of_review, field="chair_of_review", label="The chair of the review",
                                         problems=problems, limit=SHORT_TEXT, multiline=False)
    if kind == Decision.NO_FURTHER_ACTION and not text["reasons"] and "reasons" not in problems:
        problems["reasons"] = "Give the reasons for no further action."
    period_from = check_date(data.period_from, field="period_from", label="The start of the period under review", problems=problems)
    period_to = check_date(data.period_to, field="period_to", label="The end of the period under review", problems=problems)
    if period_from and period_to and period_to < period_from:
        problems["period_to"] = "The period under review must end on or after it starts."
    if period_from and day and period_from > day:
        problems["period_from"] = "The period under review cannot start after the decision."
    first = check_date(data.first_meeting_date, field="first_meeting_date", label="The first meeting's date", problems=problems)
    second = check_date(data.second_meeting_date, field="second_meeting_date", label="The second meeting's date", problems=problems)
    if second and not first:
        problems["first_meeting_date"] = "Give the first meeting's date before the second's."
    if first and second and second <= first:
        problems["second_meeting_date"] = "The second meeting must be after the first."
    for name, value in (("first_meeting_date", first), ("second_meeting_date", second)):
        if value and day and value < day:
            problems[name] = "A review meeting cannot be before the decision."
        elif value and why_not_working(value):
            problems[name] = f"{uk(value)} is {why_not_working(value)}: choose a working day."
    ids = list(data.chronology_agency_ids)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        problems["chronology_agency_ids"] = "Choose agencies from the list."
        ids = []
    elif len(set(ids)) != len(ids):
        problems["chronology_agency_ids"] = "An agency is listed twice."
    elif ids:
        known = set(s.scalars(select(Agency.id).where(Agency.id.in_(ids), Agency.active.is_(True))))
        if known != set(ids):
            problems["chronology_agency_ids"] = "An agency chosen is no longer on the list; choose again."
    if kind in (Decision.MALR, Decision.OTHER_REVIEW, Decision.SCR_CONSIDERATION) and not ids:
        problems.setdefault("chronology_agency_ids", "Choose the agencies from which chronologies are required.")
    if kind == Decision.SINGLE_AGENCY and len(ids) != 1:
        problems.setdefault("chronology_agency_ids", "Choose the one agency that will take the action.")
    if kind in (Decision.SINGLE_AGENCY, Decision.NO_FURTHER_ACTION):
        for name, value in (("first_meeting_date", first), ("period_from", period_from)):
            if value:
                problems[name] = f"{Decision.label_of(kind)} has no review meetings or period under review; clear it."
    cleaned = dict(text, decision_date=day, review_method=method, period_from=period_from, period_to=period_to,
                   first_meeting_date=first, second_meeting_date=second, agency_ids=ids)
    return problems, cleaned


def _check_referral_and_meeting(s: Session, data: DecisionData) -> tuple[Referral, Meeting | None]:
    referral = s.get(Referral, data.referral_id)
    if referral is None:
        raise KnownError("That referral no longer exists.")
    current = s.scalars(
        select(PanelDecision).where(PanelDecision.referral_id == referral.id, PanelDecision.superseded.is_(False))
    ).first()
    if current is not None:
        raise InvalidTransition(
            f"The panel already decided on {referral.reference} on {uk(current.decision_date)} "
            f"({Decision.label_of(current.decision)}). Withdraw that decision first if it was a mistake."
        )
    if referral.status not in WAITING:
        label = ReferralStatus.label_of(referral.status, referral.status).lower()
        hint = " Submit it first." if referral.status == ReferralStatus.DRAFT else ""
        raise InvalidTransition(f"{referral.reference} is {label}, so the panel cannot decide on it.{hint}")
    meeting = None
    if data.meeting_id is not None:
        meeting = s.get(Meeting, data.meeting_id)
        if meeting is None:
            raise KnownError("That meeting no longer exists.")
        if (meeting.scheduled_kind or meeting.kind) not in PANEL_KINDS:
            raise InvalidTransition("Panel decisions are made at a Learning and Improvement Panel, not at a review meeting.")
        if meeting.status == MeetingStatus.CANCELLED:
            raise InvalidTransition(f"{meeting.reference} was cancelled.")
        if not s.scalar(select(func.count(AgendaItem.id)).where(AgendaItem.meeting_id == meeting.id,
                                                                AgendaItem.referral_id == referral.id)):
            raise InvalidTransition(f"{referral.reference} is not on the agenda of {meeting.reference}; add it first.")
    return referral, meeting


def record_of(s: Session, decision: PanelDecision) -> DecisionRecord:
    referral_ref = s.scalar(select(Referral.reference).where(Referral.id == decision.referral_id)) or ""
    meeting_ref = s.scalar(select(Meeting.reference).where(Meeting.id == decision.meeting_id)) if decision.meeting_id else ""
    agencies = tuple(
        s.scalars(
            select(Agency.name).join(DecisionAgency, DecisionAgency.agency_id == Agency.id)
            .where(DecisionAgency.decision_id == decision.id).order_by(DecisionAgency.position)
        )
    )
    review = s.execute(select(Review.id, Review.reference).where(Review.decision_id == decision.id)).first()
    return DecisionRecord(
        decision.id, decision.referral_id, referral_ref, decision.meeting_id, meeting_ref or "", decision.decision_date,
        decision.decision, decision.review_method, decision.reasons, decision.issues_for_review,
        decision.terms_of_reference_scope, decision.period_from, decision.period_to, decision.chair_of_review,
        decision.first_meeting_date, decision.second_meeting_date, decision.good_practice, decision.recorded_by,
        decision.superseded, agencies, review[0] if review else None, review[1] if review else "",
    )


class DecisionService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def agency_choices(self) -> list[tuple[int, str]]:
        """Active agencies, in the list's order, for "chronologies will be required from"."""
        with self.store.read_session() as s:
            return [(i, n) for i, n in s.execute(select(Agency.id, Agency.name).where(Agency.active.is_(True))
                                                 .order_by(Agency.position, Agency.name))]

    def suggested_agencies(self, referral_id: int) -> list[int]:
        """The agencies the referral names (the referrer's and those involved), to start from."""
        with self.store.read_session() as s:
            referral = s.get(Referral, referral_id)
            if referral is None:
                raise KnownError("That referral no longer exists.")
            ids = [a.agency_id for a in referral.agencies_involved]
            if referral.agency_id and referral.agency_id not in ids:
                ids.insert(0, referral.agency_id)
            return ids

    def for_referral(self, referral_id: int) -> list[DecisionRecord]:
        """Every decision on a referral, newest first (withdrawn ones included, marked)."""
        with self.store.read_session() as s:
            rows = s.scalars(
                select(PanelDecision).where(PanelDecision.referral_id == referral_id)
                .order_by(PanelDecision.superseded, PanelDecision.decision_date.desc(), PanelDecision.id.desc())
            ).all()
            return [record_of(s, d) for d in rows]

    def get(self, decision_id: int) -> DecisionRecord:
        with self.store.read_session() as s:
            decision = s.get(PanelDecision, decision_id)
            if decision is None:
                raise KnownError("That decision no longer exists.")
            return record_of(s, decision)

    def record(self, data: DecisionData, today: date | None = None) -> DecisionOutcome:
        require(self.store.identity, Permission.RECORD_DECISIONS)
        today = today or date.today()
        with self.store.session() as s:
            referral, meeting = _check_referral_and_meeting(s, data)
            problems, clean = _check(s, data, today)
            day = clean["decision_date"]
            if isinstance(day, date) and referral.referral_date and day < referral.referral_date:
                problems["decision_date"] = f"The decision cannot be before the referral ({uk(referral.referral_date)})."
            if problems:
                raise ValidationError(problems)
            decision = PanelDecision(
                referral_id=referral.id, meeting_id=meeting.id if meeting else None, decision_date=day,
                decision=data.decision, review_method=clean["review_method"], reasons=clean["reasons"],
                scr_criteria_likely=data.decision == Decision.SCR_CONSIDERATION,
                issues_for_review=clean["issues_for_review"], terms_of_reference_scope=clean["terms_of_reference_scope"],
                period_from=clean["period_from"], period_to=clean["period_to"], chair_of_review=clean["chair_of_review"],
                first_meeting_date=clean["first_meeting_date"], second_meeting_date=clean["second_meeting_date"],
                good_practice=clean["good_practice"], recorded_by=self.store.identity.name,
            )
            for position, agency_id in enumerate(clean["agency_ids"]):  # type: ignore[arg-type]
                decision.chronology_agencies.append(DecisionAgency(agency_id=agency_id, position=position))
            s.add(decision)
            s.flush()
            review = self._start_review(s, decision, referral, clean) if data.decision in REVIEW_FOR else None
            if review is None:
                referral.status = ReferralStatus.CLOSED.value
                referral.closed_at = utc_now()
            else:
                referral.status = ReferralStatus.IN_REVIEW.value
            if clean["good_practice"]:
                s.add(GoodPractice(source=GoodPracticeSource.IDENTIFIED_IN_REVIEW.value, referral_id=referral.id,
                                   decision_id=decision.id, review_id=review.id if review else None,
                                   received_on=day, description=clean["good_practice"]))
            s.flush()
            if review is None:
                message = f"No further action on {referral.reference}; the referral is closed."
            else:
                message = (f"{review.reference} has been opened for {referral.reference} with agency checks for "
                           f"{len(clean['agency_ids'])} {'agency' if len(clean['agency_ids']) == 1 else 'agencies'}.")  # type: ignore[arg-type]
            return DecisionOutcome(record_of(s, decision), message)

    def withdraw(self, decision_id: int) -> str:
        """Undo a decision recorded by mistake, while nothing has happened in its review.
        The decision is kept (marked withdrawn) for the record; the referral waits again."""
        require(self.store.identity, Permission.RECORD_DECISIONS)
        with self.store.session() as s:
            decision = s.get(PanelDecision, decision_id)
            if decision is None:
                raise KnownError("That decision no longer exists.")
            if decision.superseded:
                raise InvalidTransition("That decision has already been withdrawn.")
            review = s.scalars(select(Review).where(Review.decision_id == decision.id)).first()
            if review is not None:
                started = (
                    review.stage != INITIAL_STAGE[review.kind]
                    or any(c.status != AgencyCheckStatus.AWAITING for c in review.agency_checks)
                    or s.scalar(select(func.count(ChronologyRequest.id)).where(ChronologyRequest.review_id == review.id))
                    or s.scalar(select(func.count(AgencyReport.id)).where(AgencyReport.review_id == review.id))
                    or review.agency_reports_requested_on is not None
                    or s.scalar(select(func.count(Meeting.id)).where(Meeting.review_id == review.id,
                                                                     Meeting.status == MeetingStatus.HELD.value))
                )
                if started:
                    raise InvalidTransition(
                        f"{review.reference} has already started, so the decision stands. Record what happens next in the review."
                    )
                for meeting in s.scalars(select(Meeting).where(Meeting.review_id == review.id)):
                    s.delete(meeting)
                for good in s.scalars(select(GoodPractice).where(GoodPractice.review_id == review.id)):
                    good.review_id = None
                s.flush()
                s.delete(review)
            decision.superseded = True
            referral = s.get(Referral, decision.referral_id)
            assert referral is not None
            referral.status = ReferralStatus.ON_AGENDA.value
            referral.closed_at = None
            s.flush()
            release_referrals(s, [referral.id])
            return f"The decision on {referral.reference} was withdrawn; the referral waits for the panel again."

    @staticmethod
    def _start_review(s: Session, decision: PanelDecision, referral: Referral, clean: dict[str, object]) -> Review:
        kind, prefix = REVIEW_FOR[decision.decision]
        settings = organisation.read_all(s)
        review = Review(
            reference=next_reference(s, prefix, decision.decision_date.year, width=3), kind=kind,
            method=decision.review_method, stage=INITIAL_STAGE[kind].value, referral_id=referral.id,
            decision_id=decision.id, chair_name=decision.chair_of_review,
            terms_of_reference=decision.terms_of_reference_scope, issues_for_review=decision.issues_for_review,
            period_from=decision.period_from, period_to=decision.period_to, started_on=decision.decision_date,
        )
        scr = kind == ReviewKind.SCR
        if scr:  # told before the decision: the review carries the dates on
            notified = s.scalars(select(ScrNotification).where(ScrNotification.referral_id == referral.id)).first()
            if notified is not None:
                review.ofsted_notified_on = notified.ofsted_notified_on
                review.national_panel_notified_on = notified.national_panel_notified_on
        s.add(review)
        s.flush()
        for agency_id in clean["agency_ids"]:  # type: ignore[union-attr]
            check = AgencyCheck(agency_id=agency_id, status=AgencyCheckStatus.AWAITING.value)
            if scr or kind == ReviewKind.SINGLE_AGENCY:
                # On the SCR path the checks go out at once, so agency reports can follow.
                check.requested_on = decision.decision_date
                check.due_on = add_working_days(decision.decision_date, settings["agency_check_working_days"])
            if kind == ReviewKind.SINGLE_AGENCY:
                check.status, check.answered_on = AgencyCheckStatus.INVOLVED.value, decision.decision_date
            review.agency_checks.append(check)
        if kind in (ReviewKind.MALR, ReviewKind.OTHER):
            for meeting_kind, day in ((MeetingKind.MALR_FIRST, decision.first_meeting_date),
                                      (MeetingKind.MALR_SECOND, decision.second_meeting_date)):
                if day is not None:
                    new_meeting(s, MeetingData(meeting_kind.value, day, chair_name=decision.chair_of_review or None,
                                               review_id=review.id))
        s.flush()
        return review

