"""The statutory clock: every deadline of an open case, counted in working days (bank
holidays excluded) from its trigger, with red / amber / green against the next one.

Deadlines and their defaults (organisation settings, from guidance):
- notify Ofsted and the National Panel within 5 working days of the incident becoming
  known (the trigger is the referral date). It applies where a Serious Case Review is in
  question: a referral flagged "SCR criteria likely" on a panel's agenda (which makes it
  an SCR Consideration Panel) or on a panel scheduled as one, and a Serious Case Review
  until both are notified (only the National Panel once the Independent Chair decides
  against one: that decision goes to its scrutiny). The policy gives a Multi-Agency
  Learning Review no such duty, so it has none;
- a panel decision within 15 working days of referral;
- a Serious Case Review completed within 6 months of the decision to hold it;
- agency check replies, chronologies and agency reports by their due dates;
- papers out before each meeting (5 working days before, by default).

A pause, with a reason, stops a case's clock: while it runs the case shows "Paused", and
afterwards every deadline of the case moves on by the working days it lasted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import (
    AgencyCheck,
    AgencyReport,
    ChronologyRequest,
    ClockPause,
    Review,
    ScrNotification,
)
from lipanel_desktop.services import organisation
from lipanel_desktop.services.field_checks import check_date, clean_text, uk
from lipanel_desktop.services.meetings import OPEN_STATUSES
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.working_days import add_working_days, working_days_between
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.panel import MeetingKind, MeetingStatus
from lipanel_desktop.vocabulary.reviews import (
    AgencyCheckStatus,
    IndependentChairDecision,
    Rag,
    RequestStatus,
    ReviewKind,
    ReviewStage,
)
from lipanel_desktop.vocabulary.roles import Permission


@dataclass(frozen=True)
class Pause:
    id: int
    started_on: date
    ended_on: date | None
    reason: str


@dataclass(frozen=True)
class Deadline:
    label: str
    owed_by: str
    due: date
    rag: str
    #: Working days from today to the due date (negative when overdue).
    days_left: int

    @property
    def rag_text(self) -> str:
        """The status in words, never colour alone."""
        if self.rag == Rag.PAUSED:
            return "Paused"
        if self.days_left < 0:
            n = -self.days_left
            return f"Overdue by {n} working day{'s' if n != 1 else ''}"
        if self.days_left == 0:
            return "Due today"
        if self.rag == Rag.AMBER:
            return f"Due soon: {self.days_left} working day{'s' if self.days_left != 1 else ''} left"
        return f"On time: due {uk(self.due)}"


def paused_working_days(start: date, end: date) -> int:
    """Working days from `start` to `end`, both included."""
    return working_days_between(start - timedelta(days=1), end)


def extend_for_pauses(due: date, pauses: Iterable[Pause], today: date) -> date:
    for pause in sorted(pauses, key=lambda p: p.started_on):
        if pause.started_on <= due:
            due = add_working_days(due, paused_working_days(pause.started_on, min(pause.ended_on or today, today)))
    return due


def rate(label: str, owed_by: str, due: date, today: date, settings: dict[str, Any], pauses: list[Pause]) -> Deadline:
    """A deadline with its RAG, after pauses."""
    due = extend_for_pauses(due, pauses, today)
    left = working_days_between(today, due)
    if any(p.ended_on is None for p in pauses):
        rag = Rag.PAUSED
    elif due < today:
        rag = Rag.RED
    elif left <= settings["amber_working_days"]:
        rag = Rag.AMBER
    else:
        rag = Rag.GREEN
    return Deadline(label, owed_by, due, rag.value, left)


class ClockInputs:
    """Everything the clock needs for a set of cases, in a few queries."""

    def __init__(self, s: Session, review_ids: list[int], referral_ids: list[int]) -> None:
        self.settings = organisation.read_all(s)
        names = dict(s.execute(select(Agency.id, Agency.name)).all())
        self.pauses_review: dict[int, list[Pause]] = defaultdict(list)
        self.pauses_referral: dict[int, list[Pause]] = defaultdict(list)
        for row in s.execute(select(ClockPause.id, ClockPause.started_on, ClockPause.ended_on, ClockPause.reason,
                                    ClockPause.review_id, ClockPause.referral_id)
                             .where(ClockPause.review_id.in_(review_ids) | ClockPause.referral_id.in_(referral_ids))):
            pause = Pause(*row[:4])
            if row.review_id is not None:
                self.pauses_review[row.review_id].append(pause)
            else:
                self.pauses_referral[row.referral_id].append(pause)
        self.requests: dict[int, list[tuple[str, str, date]]] = defaultdict(list)
        for label, model, waiting, status in (
            ("Agency check reply", AgencyCheck, AgencyCheckStatus.AWAITING.value, AgencyCheck.status),
            ("Chronology", ChronologyRequest, RequestStatus.OUTSTANDING.value, ChronologyRequest.status),
            ("Agency report", AgencyReport, RequestStatus.OUTSTANDING.value, AgencyReport.status),
        ):
            for review_id, agency_id, due in s.execute(
                select(model.review_id, model.agency_id, model.due_on)
                .where(model.review_id.in_(review_ids), status == waiting, model.due_on.is_not(None))
            ):
                self.requests[review_id].append((f"{label} from {names.get(agency_id, 'an agency')}", names.get(agency_id, ""), due))
        self.papers_review: dict[int, list[tuple[str, date]]] = defaultdict(list)
        for review_id, reference, due in s.execute(
            select(Meeting.review_id, Meeting.reference, Meeting.papers_deadline)
            .where(Meeting.review_id.in_(review_ids), Meeting.status.in_(OPEN_STATUSES),
                   Meeting.papers_sent_on.is_(None), Meeting.papers_deadline.is_not(None))
        ):
            self.papers_review[review_id].append((reference, due))
        #: Referrals at an SCR Consideration Panel (not cancelled): flagged "SCR criteria
        #: likely" there, or on a panel scheduled as one. Which panel, and what was told.
        self.scr_consideration: dict[int, str] = {}
        for referral_id, reference in s.execute(
            select(AgendaItem.referral_id, Meeting.reference)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.referral_id.in_(referral_ids), Meeting.status != MeetingStatus.CANCELLED.value,
                   AgendaItem.scr_criteria_likely.is_(True)
                   | (Meeting.scheduled_kind == MeetingKind.SCR_CONSIDERATION_PANEL.value))
            .order_by(Meeting.meeting_date)
        ):
            self.scr_consideration.setdefault(referral_id, reference)
        self.notified: dict[int, tuple[date | None, date | None]] = {
            row[0]: (row[1], row[2]) for row in s.execute(
                select(ScrNotification.referral_id, ScrNotification.ofsted_notified_on,
                       ScrNotification.national_panel_notified_on)
                .where(ScrNotification.referral_id.in_(referral_ids)))}
        self.papers_referral: dict[int, list[tuple[str, date]]] = defaultdict(list)
        for referral_id, reference, due in s.execute(
            select(AgendaItem.referral_id, Meeting.reference, Meeting.papers_deadline)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(AgendaItem.referral_id.in_(referral_ids), Meeting.status.in_(OPEN_STATUSES),
                   Meeting.papers_sent_on.is_(None), Meeting.papers_deadline.is_not(None))
        ):
            self.papers_referral[referral_id].append((reference, due))


NOTIFY_BOTH = "Notify Ofsted and the National Panel"
NOTIFY_PANEL = "Notify the National Panel"
NOTIFY_OFSTED = "Notify Ofsted"


def still_to_notify(ofsted: date | None, national_panel: date | None) -> str:
    """Who is still to be told, as a deadline's label ("" when both have been)."""
    if ofsted and national_panel:
        return ""
    return NOTIFY_PANEL if ofsted else NOTIFY_OFSTED if national_panel else NOTIFY_BOTH


def notification_owed(review: Any) -> str:
    """The notification still owed for a review ("" when none applies or it is done)."""
    if review.kind != ReviewKind.SCR:
        return ""
    if review.chair_decision in (IndependentChairDecision.NO_SCR, IndependentChairDecision.OTHER_REVIEW):
        return "" if review.national_panel_notified_on else NOTIFY_PANEL
    return still_to_notify(review.ofsted_notified_on, review.national_panel_notified_on)


def review_deadlines(review: Any, referral_date: date | None, inputs: ClockInputs, today: date) -> list[Deadline]:
    """`review` is a Review row or a named tuple with the same column names."""
    settings = inputs.settings
    pauses = inputs.pauses_review.get(review.id, [])
    unit = settings["unit_name"]
    found: list[Deadline] = []
    if review.stage == ReviewStage.CLOSED:
        return found
    notify = notification_owed(review)
    if notify and referral_date:
        found.append(rate(notify, settings["independent_chair_title"],
                          add_working_days(referral_date, settings["notify_working_days"]), today, settings, pauses))
    if review.due_on and not review.completed_on:
        label = "Serious Case Review completed" if review.kind == ReviewKind.SCR else "Review completed"
        found.append(rate(label, review.independent_reviewer or review.chair_name or "The review's chair",
                          review.due_on, today, settings, pauses))
    for label, owed_by, due in inputs.requests.get(review.id, []):
        found.append(rate(label, owed_by, due, today, settings, pauses))
    for reference, due in inputs.papers_review.get(review.id, []):
        found.append(rate(f"Papers out for {reference}", unit, due, today, settings, pauses))
    return sorted(found, key=lambda d: d.due)


def referral_deadlines(referral_id: int, referral_date: date | None, inputs: ClockInputs, today: date) -> list[Deadline]:
    settings = inputs.settings
    pauses = inputs.pauses_referral.get(referral_id, [])
    found = []
    if referral_date:
        found.append(rate("Panel decision", "The Learning and Improvement Panel",
                          add_working_days(referral_date, settings["rapid_decision_working_days"]), today, settings, pauses))
        owed = still_to_notify(*inputs.notified.get(referral_id, (None, None)))
        if referral_id in inputs.scr_consideration and owed:  # a Serious Case Review is in question
            found.append(rate(f"{owed} (SCR considered at {inputs.scr_consideration[referral_id]})",
                              settings["independent_chair_title"],
                              add_working_days(referral_date, settings["notify_working_days"]), today, settings, pauses))
    for reference, due in inputs.papers_referral.get(referral_id, []):
        found.append(rate(f"Papers out for {reference}", settings["unit_name"], due, today, settings, pauses))
    return sorted(found, key=lambda d: d.due)


def pauses_of(s: Session, *, review_id: int | None = None, referral_id: int | None = None) -> list[Pause]:
    where = ClockPause.review_id == review_id if review_id is not None else ClockPause.referral_id == referral_id
    rows = s.execute(select(ClockPause.id, ClockPause.started_on, ClockPause.ended_on, ClockPause.reason)
                     .where(where).order_by(ClockPause.started_on))
    return [Pause(*row) for row in rows]


class ClockService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def for_review(self, review_id: int, today: date | None = None) -> list[Deadline]:
        today = today or date.today()
        with self.store.read_session() as s:
            review = s.get(Review, review_id)
            if review is None:
                raise KnownError("That review no longer exists.")
            referral_date = s.scalar(select(Referral.referral_date).where(Referral.id == review.referral_id))
            return review_deadlines(review, referral_date, ClockInputs(s, [review.id], []), today)

    def for_referral(self, referral_id: int, today: date | None = None) -> list[Deadline]:
        today = today or date.today()
        with self.store.read_session() as s:
            referral_date = s.scalar(select(Referral.referral_date).where(Referral.id == referral_id))
            return referral_deadlines(referral_id, referral_date, ClockInputs(s, [], [referral_id]), today)

    def notifications(self, referral_id: int) -> tuple[date | None, date | None]:
        """(Ofsted, National Panel): the dates they were told of a referral's incident."""
        with self.store.read_session() as s:
            row = s.execute(select(ScrNotification.ofsted_notified_on, ScrNotification.national_panel_notified_on)
                            .where(ScrNotification.referral_id == referral_id)).first()
            return (row[0], row[1]) if row else (None, None)

    def record_notifications(self, referral_id: int, ofsted_notified_on: date | None,
                             national_panel_notified_on: date | None, today: date | None = None) -> tuple[date | None, date | None]:
        """Record when Ofsted and the National Panel were told, while a Serious Case Review
        is in question and before the panel decides (its review carries the dates after)."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        problems: dict[str, str] = {}
        ofsted = check_date(ofsted_notified_on, field="ofsted_notified_on", label="The date Ofsted was notified",
                            problems=problems, not_after=today)
        panel = check_date(national_panel_notified_on, field="national_panel_notified_on",
                           label="The date the National Panel was notified", problems=problems, not_after=today)
        with self.store.session() as s:
            referral = s.get(Referral, referral_id) if isinstance(referral_id, int) and not isinstance(referral_id, bool) else None
            if referral is None:
                raise KnownError("That referral no longer exists.")
            if referral.status not in (ReferralStatus.SUBMITTED, ReferralStatus.ON_AGENDA):
                raise InvalidTransition(f"{referral.reference} is no longer awaiting a decision: record the "
                                        "notifications on its review.")
            for field, day in (("ofsted_notified_on", ofsted), ("national_panel_notified_on", panel)):
                if day and referral.referral_date and day < referral.referral_date:
                    problems[field] = f"The referral was made on {uk(referral.referral_date)}; the notice cannot be earlier."
            if problems:
                raise ValidationError(problems)
            row = s.scalars(select(ScrNotification).where(ScrNotification.referral_id == referral.id)).first()
            if row is None:
                row = ScrNotification(referral_id=referral.id)
                s.add(row)
            row.ofsted_notified_on, row.national_panel_notified_on = ofsted, panel
            s.flush()
            return ofsted, panel

    def pauses(self, *, review_id: int | None = None, referral_id: int | None = None) -> list[Pause]:
        with self.store.read_session() as s:
            return pauses_of(s, review_id=review_id, referral_id=referral_id)

    def pause(self, started_on: date | None, reason: str, *, review_id: int | None = None,
              referral_id: int | None = None, today: date | None = None) -> list[Pause]:
        """Stop a case's clock (for example while criminal proceedings run), with the reason."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        if (review_id is None) == (referral_id is None):
            raise KnownError("Pause either a review or a referral.")
        problems: dict[str, str] = {}
        start = check_date(started_on, field="started_on", label="The date the pause starts", problems=problems,
                           required=True, not_after=today)
        reason = clean_text(reason, field="reason", label="The reason for the pause", problems=problems, required=True,
                            limit=2000)
        with self.store.session() as s:
            if review_id is not None:
                review = s.get(Review, review_id)
                if review is None:
                    raise KnownError("That review no longer exists.")
                if review.stage == ReviewStage.CLOSED:
                    raise InvalidTransition(f"{review.reference} is closed, so its clock cannot be paused.")
            elif s.get(Referral, referral_id) is None:
                raise KnownError("That referral no longer exists.")
            existing = pauses_of(s, review_id=review_id, referral_id=referral_id)
            if any(p.ended_on is None for p in existing):
                raise InvalidTransition("The clock is already paused; resume it before pausing again.")
            if start and any(p.ended_on and start <= p.ended_on for p in existing):
                problems["started_on"] = "A new pause must start after the last one ended."
            if problems:
                raise ValidationError(problems)
            s.add(ClockPause(review_id=review_id, referral_id=referral_id, started_on=start, reason=reason))
            s.flush()
            return pauses_of(s, review_id=review_id, referral_id=referral_id)

    def resume(self, pause_id: int, ended_on: date | None, today: date | None = None) -> list[Pause]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        today = today or date.today()
        problems: dict[str, str] = {}
        end = check_date(ended_on, field="ended_on", label="The date the clock restarts", problems=problems,
                         required=True, not_after=today)
        with self.store.session() as s:
            pause = s.get(ClockPause, pause_id)
            if pause is None:
                raise KnownError("That pause no longer exists.")
            if pause.ended_on is not None:
                raise InvalidTransition("That pause has already ended.")
            if end and end < pause.started_on:
                problems["ended_on"] = f"The pause started on {uk(pause.started_on)}; it cannot end earlier."
            if problems:
                raise ValidationError(problems)
            pause.ended_on = end
            s.flush()
            return pauses_of(s, review_id=pause.review_id, referral_id=pause.referral_id)
