"""Closing a review and, when that was a mistake, re-opening it.

A review closes at the end of its path (a move in `review_workflow`) or early, from any
open stage, with a reason: the family moved away, it was merged into another review, it
is no longer needed. Only a chair or an administrator closes early or re-opens. Each
closing is kept (`ReviewClosure`) with where the review was, so re-opening returns it
there; the referral follows (closed with its review, in review again when it re-opens),
the review's meetings still to come are cancelled, and a running clock pause ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, ValidationError
from lipanel_desktop.models.base import utc_now
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import ClockPause, Review, ReviewClosure
from lipanel_desktop.services.field_checks import check_date, clean_text, uk
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.reviews import load_review
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.panel import MeetingStatus
from lipanel_desktop.vocabulary.reviews import ClosureReason, ReviewKind, ReviewStage as St
from lipanel_desktop.vocabulary.roles import Permission

EARLY_REASONS = tuple(r for r in ClosureReason if r != ClosureReason.COMPLETED)
NOTE_LIMIT = 2_000
#: Where a review closed before closures were recorded goes back to: its path's last stage.
LAST_OPEN_STAGE = {
    ReviewKind.MALR.value: St.REPORTED,
    ReviewKind.OTHER.value: St.REPORTED,
    ReviewKind.SCR.value: St.PUBLICATION,
    ReviewKind.SINGLE_AGENCY.value: St.SINGLE_AGENCY_ACTIONS,
}


@dataclass(frozen=True)
class EarlyClosure:
    """What a chair or administrator gives to close a review early."""

    reason: str
    note: str = ""
    merged_into_id: int | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class ClosureRow:
    id: int
    closed_on: date
    reason: str
    note: str
    merged_into_id: int | None
    merged_into_reference: str
    stage_before: str
    closed_by: str
    reopened_on: date | None
    reopen_reason: str
    reopened_by: str

    @property
    def reason_label(self) -> str:
        return ClosureReason.label_of(self.reason, self.reason)

    @property
    def describe(self) -> str:
        """One line for the review's history, in plain words."""
        if self.reason == ClosureReason.COMPLETED:
            text = f"Closed on {uk(self.closed_on)} ({self.note or self.reason_label})"
        else:
            text = f"Closed early on {uk(self.closed_on)} from “{St.label_of(self.stage_before)}”: {self.reason_label}"
            if self.merged_into_reference:
                text += f" ({self.merged_into_reference})"
            if self.note:
                text += f". {self.note}"
        if self.closed_by:
            text += f" — by {self.closed_by}"
        if self.reopened_on:
            text += f". Re-opened on {uk(self.reopened_on)}"
            text += f" by {self.reopened_by}" if self.reopened_by else ""
            text += f": {self.reopen_reason}" if self.reopen_reason else ""
        return text + "."


@dataclass(frozen=True)
class ClosureOutcome:
    review_id: int
    stage: str
    message: str


def close_case(s: Session, review: Review, day: date) -> None:
    """The review is closed; its referral closes with it unless another review of the
    same referral is still open."""
    review.closed_on = day
    if not review.referral_id:
        return
    referral = s.get(Referral, review.referral_id)
    others_open = s.scalar(select(Review.id).where(Review.referral_id == review.referral_id, Review.id != review.id,
                                                   Review.stage != St.CLOSED.value).limit(1))
    if referral is not None and referral.status == ReferralStatus.IN_REVIEW and others_open is None:
        referral.status = ReferralStatus.CLOSED.value
        referral.closed_at = utc_now()


def record_closure(s: Session, review: Review, *, reason: str, day: date, stage_before: str, note: str = "",
                   merged_into_id: int | None = None) -> None:
    s.add(ReviewClosure(review_id=review.id, closed_on=day, reason=reason, note=note, merged_into_id=merged_into_id,
                        stage_before=stage_before, closed_by=audit.actor_of(s)))


def history(s: Session, review_id: int) -> list[ClosureRow]:
    rows = s.execute(
        select(ReviewClosure.id, ReviewClosure.closed_on, ReviewClosure.reason, ReviewClosure.note,
               ReviewClosure.merged_into_id, Review.reference, ReviewClosure.stage_before, ReviewClosure.closed_by,
               ReviewClosure.reopened_on, ReviewClosure.reopen_reason, ReviewClosure.reopened_by)
        .outerjoin(Review, Review.id == ReviewClosure.merged_into_id)
        .where(ReviewClosure.review_id == review_id)
        .order_by(ReviewClosure.closed_on, ReviewClosure.id)
    )
    return [ClosureRow(*row[:5], row[5] or "", *row[6:]) for row in rows]


def _check_early(s: Session, review: Review, data: EarlyClosure, today: date) -> EarlyClosure:
    problems: dict[str, str] = {}
    if data.reason not in {r.value for r in EARLY_REASONS}:
        problems["reason"] = "Choose why the review is closing early."
    note = clean_text(data.note, field="note", label="The details", problems=problems, limit=NOTE_LIMIT,
                      required=data.reason == ClosureReason.OTHER)
    day = check_date(data.closed_on, field="closed_on", label="The date it closed", problems=problems,
                     required=True, not_after=today)
    if day and review.started_on and day < review.started_on:
        problems["closed_on"] = f"The review started on {uk(review.started_on)}; it cannot close before that."
    merged = data.merged_into_id
    if data.reason == ClosureReason.MERGED:
        other = s.get(Review, merged) if isinstance(merged, int) and not isinstance(merged, bool) else None
        if other is None or other.id == review.id:
            problems["merged_into_id"] = "Choose the review it was merged into."
        elif other.stage == St.CLOSED:
            problems["merged_into_id"] = f"{other.reference} is closed; choose an open review to merge into."
    elif merged is not None:
        problems["merged_into_id"] = "Only a merged review names the review it joined."
    if problems:
        raise ValidationError(problems)
    return EarlyClosure(data.reason, note, merged if data.reason == ClosureReason.MERGED else None, day)


class ReviewClosureService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def history(self, review_id: int) -> list[ClosureRow]:
        with self.store.read_session() as s:
            return history(s, review_id)

    def merge_choices(self, review_id: int) -> list[tuple[int, str]]:
        """Open reviews another one can be merged into (not itself)."""
        with self.store.read_session() as s:
            rows = s.execute(select(Review.id, Review.reference, Review.kind)
                             .where(Review.stage != St.CLOSED.value, Review.id != review_id).order_by(Review.reference))
            return [(i, f"{ref} ({ReviewKind.label_of(kind, kind)})") for i, ref, kind in rows]

    def close_early(self, review_id: int, data: EarlyClosure, today: date | None = None) -> ClosureOutcome:
        require(self.store.identity, Permission.RECORD_DECISIONS)
        today = today or date.today()
        with self.store.session() as s:
            review = load_review(s, review_id)
            if review.stage == St.CLOSED:
                raise InvalidTransition(f"{review.reference} is already closed.")
            clean = _check_early(s, review, data, today)
            assert clean.closed_on is not None
            stage_before = review.stage
            review.stage = St.CLOSED.value
            close_case(s, review, clean.closed_on)
            record_closure(s, review, reason=clean.reason, day=clean.closed_on, stage_before=stage_before,
                           note=clean.note, merged_into_id=clean.merged_into_id)
            cancelled = self._cancel_meetings(s, review, clean.closed_on)
            for pause in s.scalars(select(ClockPause).where(ClockPause.review_id == review.id, ClockPause.ended_on.is_(None))):
                pause.ended_on = max(clean.closed_on, pause.started_on)
            audit.record(s, "reviews", review.id, "close_early", fields=("stage", "closed_on"))
            s.flush()
            message = f"{review.reference} is closed: {ClosureReason.label_of(clean.reason).lower()}."
            if cancelled:
                message += f" Its {cancelled} meeting{'s' if cancelled != 1 else ''} still to come "
                message += "was cancelled." if cancelled == 1 else "were cancelled."
            return ClosureOutcome(review.id, review.stage, message)

    def reopen(self, review_id: int, reason: str, today: date | None = None) -> ClosureOutcome:
        """Undo a wrong closing: back to the stage it closed from, the referral in review again."""
        require(self.store.identity, Permission.RECORD_DECISIONS)
        today = today or date.today()
        problems: dict[str, str] = {}
        reason = clean_text(reason, field="reason", label="Why it is re-opened", problems=problems, limit=NOTE_LIMIT,
                            required=True)
        with self.store.session() as s:
            review = load_review(s, review_id)
            if review.stage != St.CLOSED:
                raise InvalidTransition(f"{review.reference} is open, so there is nothing to re-open.")
            if problems:
                raise ValidationError(problems)
            closing = s.scalars(select(ReviewClosure).where(ReviewClosure.review_id == review.id,
                                                            ReviewClosure.reopened_on.is_(None))
                                .order_by(ReviewClosure.closed_on.desc(), ReviewClosure.id.desc())).first()
            if closing is None:  # closed before closings were recorded
                closing = ReviewClosure(review_id=review.id, closed_on=review.closed_on or today,
                                        reason=ClosureReason.COMPLETED.value, note="",
                                        stage_before=LAST_OPEN_STAGE.get(review.kind, St.SETTING_UP).value)
                s.add(closing)
            closing.reopened_on, closing.reopen_reason, closing.reopened_by = today, reason, audit.actor_of(s)
            review.stage, review.closed_on = closing.stage_before, None
            referral = s.get(Referral, review.referral_id) if review.referral_id else None
            if referral is not None and referral.status == ReferralStatus.CLOSED:
                referral.status, referral.closed_at = ReferralStatus.IN_REVIEW.value, None
            audit.record(s, "reviews", review.id, "reopen", fields=("stage", "closed_on"))
            s.flush()
            message = f"{review.reference} is open again at “{St.label_of(review.stage)}”."
            if s.scalar(select(Meeting.id).where(Meeting.review_id == review.id,
                                                 Meeting.status == MeetingStatus.CANCELLED.value).limit(1)):
                message += " Meetings cancelled when it closed stay cancelled: schedule new ones on its Meetings tab."
            return ClosureOutcome(review.id, review.stage, message)

    @staticmethod
    def _cancel_meetings(s: Session, review: Review, day: date) -> int:
        """Its meetings from the closing day on that are not yet held."""
        meetings = list(s.scalars(select(Meeting).where(
            Meeting.review_id == review.id, Meeting.meeting_date >= day,
            Meeting.status.in_((MeetingStatus.PROPOSED.value, MeetingStatus.CONFIRMED.value)))))
        for meeting in meetings:
            meeting.status = MeetingStatus.CANCELLED.value
        return len(meetings)
