"""Form A referrals: the child, the referral, household members, agencies involved, the
incident and the reason for the request. Field names follow the form's sections."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lipanel_desktop.models.base import Base, Timestamped


class Referral(Timestamped, Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    created_by: Mapped[str] = mapped_column(String(64), default="")

    # Child's Details
    child_full_name: Mapped[str] = mapped_column(Text, default="")
    child_also_known_as: Mapped[str] = mapped_column(Text, default="")
    child_dob: Mapped[date | None] = mapped_column(Date)
    incident_date: Mapped[date | None] = mapped_column(Date)
    incident_time: Mapped[time | None] = mapped_column(Time)
    child_address: Mapped[str] = mapped_column(Text, default="")
    child_current_location: Mapped[str] = mapped_column(Text, default="")

    # Referral details
    referral_date: Mapped[date | None] = mapped_column(Date, index=True)
    referrer_name: Mapped[str] = mapped_column(Text, default="")
    ofsted_notified: Mapped[str | None] = mapped_column(String(16))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    agency_name: Mapped[str] = mapped_column(Text, default="")
    agency_address: Mapped[str] = mapped_column(Text, default="")
    agency_telephone: Mapped[str] = mapped_column(String(40), default="")
    agency_email: Mapped[str] = mapped_column(String(254), default="")

    # A. Child's Details
    sex: Mapped[str | None] = mapped_column(String(16))
    #: Typed only when the date of birth is unknown; otherwise worked out.
    age_years: Mapped[int | None] = mapped_column(Integer)
    ethnic_group: Mapped[str | None] = mapped_column(String(40))
    ethnic_other: Mapped[str] = mapped_column(Text, default="")
    immigration_status: Mapped[str | None] = mapped_column(String(32))

    # C. Details of the death / critical incident
    incident_type: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")

    # Reason for the request
    case_kind: Mapped[str | None] = mapped_column(String(32))
    expected_learning: Mapped[str] = mapped_column(Text, default="")
    scr_criteria: Mapped[str | None] = mapped_column(String(16))
    on_child_protection_plan: Mapped[str | None] = mapped_column(String(16))
    whereabouts_at_incident: Mapped[str] = mapped_column(Text, default="")
    carer_at_incident: Mapped[str] = mapped_column(Text, default="")

    # Lifecycle
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    household: Mapped[list["HouseholdMember"]] = relationship(
        back_populates="referral",
        order_by="HouseholdMember.position",
        cascade="all, delete-orphan",
    )
    agencies_involved: Mapped[list["ReferralAgency"]] = relationship(
        back_populates="referral",
        order_by="ReferralAgency.position",
        cascade="all, delete-orphan",
    )


class HouseholdMember(Base):
    """B. Other Significant Family & Household Members."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    full_name: Mapped[str] = mapped_column(Text, default="")
    dob: Mapped[date | None] = mapped_column(Date)
    relationship_to_child: Mapped[str] = mapped_column(Text, default="")
    full_address: Mapped[str] = mapped_column(Text, default="")

    referral: Mapped[Referral] = relationship(back_populates="household")

    __table_args__ = (Index("ix_household_members_referral", "referral_id", "position"),)


class ReferralAgency(Base):
    """An agency involved with the child at the time of referral."""

    __tablename__ = "referral_agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    still_involved: Mapped[bool] = mapped_column(default=True)

    referral: Mapped[Referral] = relationship(back_populates="agencies_involved")

    __table_args__ = (Index("ix_referral_agencies_referral", "referral_id"),)


class ReferenceCounter(Base):
    """Last number issued per prefix and year, so references are never reused."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
