"""Agency chronology entries and the imports they came from."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from lipanel_desktop.models.base import Base, utc_now


class ChronologyImport(Base):
    __tablename__ = "chronology_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(64), default="")
    file_kind: Mapped[str] = mapped_column(String(8), default="")
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    replaced_previous: Mapped[bool] = mapped_column(Boolean, default=False)


class ChronologyEntry(Base):
    __tablename__ = "chronology_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("chronology_imports.id", ondelete="SET NULL")
    )
    #: Earliest date the event can have happened; the sort key.
    date_from: Mapped[date] = mapped_column(Date)
    #: Latest date, for approximate and ranged dates.
    date_to: Mapped[date | None] = mapped_column(Date)
    event_time: Mapped[time | None] = mapped_column(Time)
    certainty: Mapped[str] = mapped_column(String(8), default="exact")
    #: The date as the agency wrote it, kept for display and checking.
    date_text: Mapped[str] = mapped_column(String(40), default="")
    source_kind: Mapped[str] = mapped_column(String(16), default="record")
    source: Mapped[str] = mapped_column(Text, default="")
    event: Mapped[str] = mapped_column(Text, default="")
    significance: Mapped[str] = mapped_column(String(16), default="medium")
    analysis: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    row_number: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_chronology_entries_review_date", "review_id", "date_from"),
        Index("ix_chronology_entries_review_agency", "review_id", "agency_id"),
    )
