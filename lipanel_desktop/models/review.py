"""Reviews (MALR, SCR, other methods) and everything they gather: agency checks,
chronology requests, agency reports, participants, findings, recommendations, themes,
good practice, dissemination of learning and pauses of the statutory clock."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lipanel_desktop.models.base import Base, Timestamped


class Review(Timestamped, Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    method: Mapped[str | None] = mapped_column(String(32))
    stage: Mapped[str] = mapped_column(String(40), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("panel_decisions.id"))

    chair_name: Mapped[str] = mapped_column(Text, default="")
    independent_reviewer: Mapped[str] = mapped_column(Text, default="")
    terms_of_reference: Mapped[str] = mapped_column(Text, default="")
    issues_for_review: Mapped[str] = mapped_column(Text, default="")
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    timescales: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)

    report_kind: Mapped[str] = mapped_column(String(16), default="")  # "report" or "summary"
    report_text: Mapped[str] = mapped_column(Text, default="")
    reported_to_board_on: Mapped[date | None] = mapped_column(Date)

    # Serious Case Review path
    agency_reports_requested_on: Mapped[date | None] = mapped_column(Date)
    director_recommendation: Mapped[str] = mapped_column(Text, default="")
    director_recommendation_on: Mapped[date | None] = mapped_column(Date)
    chair_decision: Mapped[str | None] = mapped_column(String(24))
    chair_decision_reasons: Mapped[str] = mapped_column(Text, default="")
    chair_decision_on: Mapped[date | None] = mapped_column(Date)
    ofsted_notified_on: Mapped[date | None] = mapped_column(Date)
    national_panel_notified_on: Mapped[date | None] = mapped_column(Date)
    national_panel_outcome: Mapped[str | None] = mapped_column(String(16))
    national_panel_outcome_on: Mapped[date | None] = mapped_column(Date)
    national_panel_notes: Mapped[str] = mapped_column(Text, default="")
    methodology: Mapped[str] = mapped_column(Text, default="")
    reviewer_commissioned_on: Mapped[date | None] = mapped_column(Date)
    scr_panel_agreed_on: Mapped[date | None] = mapped_column(Date)
    interviews: Mapped[str] = mapped_column(Text, default="")
    board_signed_off_on: Mapped[date | None] = mapped_column(Date)
    publication_decision: Mapped[str | None] = mapped_column(String(16))
    publication_reasons: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date | None] = mapped_column(Date)

    agency_checks: Mapped[list["AgencyCheck"]] = relationship(
        back_populates="review", cascade="all, delete-orphan"
    )


class AgencyCheck(Base):
    __tablename__ = "agency_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(String(16), default="awaiting")
    requested_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    representative_name: Mapped[str] = mapped_column(Text, default="")
    representative_contact: Mapped[str] = mapped_column(Text, default="")

    review: Mapped[Review] = relationship(back_populates="agency_checks")

    __table_args__ = (Index("ix_agency_checks_review", "review_id", "agency_id", unique=True),)


class ChronologyRequest(Base):
    __tablename__ = "chronology_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    requested_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="outstanding")

    __table_args__ = (Index("ix_chronology_requests_review", "review_id", "agency_id", unique=True),)


class AgencyReport(Base):
    """An individual management review requested from an agency on the SCR path."""

    __tablename__ = "agency_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    requested_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="outstanding")

    __table_args__ = (Index("ix_agency_reports_review", "review_id", "agency_id", unique=True),)


class ReviewParticipant(Base):
    __tablename__ = "review_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    role: Mapped[str] = mapped_column(String(24))
    person_name: Mapped[str] = mapped_column(Text, default="")
    job_title: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    contributed: Mapped[bool] = mapped_column(default=False)


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    agreed_on: Mapped[date | None] = mapped_column(Date)


class Recommendation(Base):
    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    agreed_on: Mapped[date | None] = mapped_column(Date)


class ReviewTheme(Base):
    __tablename__ = "review_themes"

    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), primary_key=True)


class GoodPractice(Timestamped, Base):
    """Good practice received from an agency or identified in a review."""

    __tablename__ = "good_practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(24))
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("panel_decisions.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    received_on: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")


class Dissemination(Base):
    """Where a review's learning went: sub-groups, briefings, training sessions."""

    __tablename__ = "dissemination"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    held_on: Mapped[date | None] = mapped_column(Date)
    audience: Mapped[str] = mapped_column(Text, default="")
    people_count: Mapped[int | None] = mapped_column(Integer)
    learning: Mapped[str] = mapped_column(Text, default="")


class ReviewClosure(Base):
    """One closing of a review (at the end of its path or early, with the reason) and, if
    it was closed wrongly, its re-opening: the history stays with the review."""

    __tablename__ = "review_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    closed_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    #: For a review merged into another one.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"))
    #: Where the review was when it closed: re-opening returns it there.
    stage_before: Mapped[str] = mapped_column(String(40))
    closed_by: Mapped[str] = mapped_column(String(64), default="")
    reopened_on: Mapped[date | None] = mapped_column(Date)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    reopened_by: Mapped[str] = mapped_column(String(64), default="")


class ScrNotification(Base):
    """Ofsted and the National Panel told of a referral's incident while a Serious Case
    Review is in question, before the panel decides (the review carries them after)."""

    __tablename__ = "scr_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), unique=True)
    ofsted_notified_on: Mapped[date | None] = mapped_column(Date)
    national_panel_notified_on: Mapped[date | None] = mapped_column(Date)


class ClockPause(Base):
    """A recorded pause of the statutory clock for a referral or review, with its reason."""

    __tablename__ = "clock_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
