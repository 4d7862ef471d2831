"""Organisation settings, the agencies list and the themes list: the words that make the
program Stockport's by default and any partnership's by choice."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lipanel_desktop.models.base import Base, Timestamped


class OrgSetting(Base):
    __tablename__ = "org_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: JSON-encoded value; the typed registry in `services.organisation` gives defaults.
    value: Mapped[str] = mapped_column(Text)


class Agency(Timestamped, Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200, collation="NOCASE"), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    telephone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    #: One of the panel's core members (Safeguarding Children Unit, Police, ...).
    is_core_member: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Theme(Base):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120, collation="NOCASE"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
