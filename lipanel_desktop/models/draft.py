"""Crash-recovery buffers: unsaved typing, saved every few seconds inside the encrypted
database so a crash or a lock never loses more than a few seconds of work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lipanel_desktop.models.base import Base, utc_now


class Draft(Base):
    __tablename__ = "drafts"
    # Not audited row by row: it is a working copy, saved every few seconds. The record it
    # becomes is audited when it is saved.
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    #: The record being edited, or "" for a new one.
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
