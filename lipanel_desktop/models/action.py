"""Multi-agency action plans: actions, their progress and exception-report notes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lipanel_desktop.models.base import Base, Timestamped, utc_now


class Action(Timestamped, Base):
    __tablename__ = "actions"
    #: Due date then reference: the tracker's first order, read straight from this index.
    __table_args__ = (Index("ix_actions_due_order", "due_date", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"), index=True)
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id", ondelete="SET NULL"), index=True
    )
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("panel_decisions.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    lead_officer_name: Mapped[str] = mapped_column(Text, default="")
    lead_officer_role: Mapped[str] = mapped_column(Text, default="")
    lead_officer_contact: Mapped[str] = mapped_column(Text, default="")
    accountable_manager: Mapped[str] = mapped_column(Text, default="")
    original_due_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    revised_due_reason: Mapped[str] = mapped_column(Text, default="")
    revised_on: Mapped[date | None] = mapped_column(Date)
    forecast_date: Mapped[date | None] = mapped_column(Date)
    #: What a user recorded (not started, on track, complete, closed); "overdue" and
    #: "at risk" are worked out from dates by `services.actions`.
    recorded_status: Mapped[str] = mapped_column(String(16), default="not_started", index=True)
    evidence_text: Mapped[str] = mapped_column(Text, default="")
    evidence_references: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[date | None] = mapped_column(Date)
    signed_off_by: Mapped[str | None] = mapped_column(String(64))
    signed_off_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    #: The day of the newest progress update. Kept by triggers on `action_updates` (see
    #: the first migration), never written by code: the tracker reads it with each action
    #: instead of looking through 40,000 updates every time it opens.
    last_update_on: Mapped[date | None] = mapped_column(Date)


class ActionUpdate(Base):
    __tablename__ = "action_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    update_date: Mapped[date] = mapped_column(Date)
    author: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    status_after: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    __table_args__ = (Index("ix_action_updates_action", "action_id", "update_date"),)


class ExceptionNote(Timestamped, Base):
    """What the exception report says about an overdue or at-risk action."""

    __tablename__ = "exception_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("actions.id", ondelete="CASCADE"), unique=True
    )
    cause: Mapped[str] = mapped_column(Text, default="")
    consequences: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
