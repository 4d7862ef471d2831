"""Legal holds and the record of destructions (never the destroyed content)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lipanel_desktop.models.base import Base, utc_now


class LegalHold(Base):
    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    placed_by: Mapped[str] = mapped_column(String(64))
    placed_on: Mapped[date] = mapped_column(Date)
    lifted_on: Mapped[date | None] = mapped_column(Date)


class Destruction(Base):
    __tablename__ = "destructions"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(40))
    destroyed_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    destroyed_by: Mapped[str] = mapped_column(String(64))
    authorised_by: Mapped[str] = mapped_column(String(64))
    retention_rule: Mapped[str] = mapped_column(Text, default="")
    #: The certificate this destruction is listed on (one per confirmed batch).
    certificate: Mapped[str] = mapped_column(String(24), default="", index=True)
    #: What went, counted by kind ("1 referral, 3 household members, ..."): never content.
    summary: Mapped[str] = mapped_column(Text, default="")
