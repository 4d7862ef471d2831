"""Panel meetings: when and where, who chairs, who attends, what is on the agenda."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lipanel_desktop.models.base import Base, Timestamped


class Meeting(Timestamped, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    #: The kind it was scheduled as; `kind` may differ when the chair rules upgrade a panel
    #: to an SCR Consideration Panel, and returns to this when they no longer apply.
    scheduled_kind: Mapped[str | None] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(Text, default="")
    chair_name: Mapped[str] = mapped_column(Text, default="")
    chair_title: Mapped[str] = mapped_column(Text, default="")
    #: Why the chair or kind is what it is (for example an SCR-likely agenda item).
    chair_reason: Mapped[str] = mapped_column(Text, default="")
    papers_deadline: Mapped[date | None] = mapped_column(Date)
    papers_sent_on: Mapped[date | None] = mapped_column(Date)
    # use_alter breaks the meetings -> reviews -> decisions -> meetings cycle for sorting;
    # SQLite still gets the constraint inline.
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("reviews.id", use_alter=True, name="fk_meetings_review_id_reviews"), index=True
    )
    minutes: Mapped[str] = mapped_column(Text, default="")

    attendance: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", order_by="Attendance.position", cascade="all, delete-orphan"
    )
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )


class Attendance(Base):
    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    person_name: Mapped[str] = mapped_column(Text, default="")
    person_role: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="expected")
    invite_reason: Mapped[str] = mapped_column(String(24), default="core")
    invite_note: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")

    __table_args__ = (Index("ix_attendance_meeting", "meeting_id"),)


class AgendaItem(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    scr_criteria_likely: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")

    __table_args__ = (Index("ix_agenda_items_meeting", "meeting_id", "position"),)


class MeetingAction(Base):
    """An action from a meeting's minutes, reported in the next meeting's pack."""

    __tablename__ = "meeting_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
