"""The panel's decision: the form's "Conclusion of Learning and Improvement Panel" block."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lipanel_desktop.models.base import Base, Timestamped


class PanelDecision(Timestamped, Base):
    __tablename__ = "panel_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    decision_date: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(24))
    review_method: Mapped[str | None] = mapped_column(String(32))
    reasons: Mapped[str] = mapped_column(Text, default="")
    scr_criteria_likely: Mapped[bool] = mapped_column(Boolean, default=False)
    issues_for_review: Mapped[str] = mapped_column(Text, default="")
    terms_of_reference_scope: Mapped[str] = mapped_column(Text, default="")
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    chair_of_review: Mapped[str] = mapped_column(Text, default="")
    first_meeting_date: Mapped[date | None] = mapped_column(Date)
    second_meeting_date: Mapped[date | None] = mapped_column(Date)
    good_practice: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    #: A later decision (for example after a National Panel overturn) supersedes this one.
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)

    chronology_agencies: Mapped[list["DecisionAgency"]] = relationship(
        back_populates="decision", order_by="DecisionAgency.position", cascade="all, delete-orphan"
    )


class DecisionAgency(Base):
    """An agency from which a chronology is required."""

    __tablename__ = "decision_agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("panel_decisions.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    decision: Mapped[PanelDecision] = relationship(back_populates="chronology_agencies")

    __table_args__ = (Index("ix_decision_agencies_decision", "decision_id"),)
