"""The register of issued document copies (numbered recipient copies of PDF packs)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lipanel_desktop.models.base import Base, utc_now


class IssuedCopy(Base):
    __tablename__ = "issued_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_kind: Mapped[str] = mapped_column(String(32))
    document_reference: Mapped[str] = mapped_column(String(40))
    profile: Mapped[str] = mapped_column(String(16))
    copy_number: Mapped[int] = mapped_column(Integer)
    copies_total: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(Text, default="")
    issued_by: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
