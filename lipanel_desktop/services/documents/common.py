"""What every printed document carries, and small helpers the document queries share.

Document data are plain, display-ready dataclasses (dates already dd/mm/yyyy), so
`printing/` only lays them out. Fields that the publication profile removes are tagged
with `address()`, `dob()` or `staff()`; `redaction.py` reads the tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.account import Account
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services import organisation
from lipanel_desktop.vocabulary.form_a import CONFIDENTIALITY_STATEMENT

#: Tags read by `redaction.py`.
REDACT = "redact"
TAG_ADDRESS = "address"
TAG_DOB = "dob"
TAG_STAFF = "staff"


def address(default: str = "") -> Any:
    """A postal address: removed from publication copies."""
    return field(default=default, metadata={REDACT: TAG_ADDRESS})


def dob(default: str = "") -> Any:
    """A date of birth: removed from publication copies."""
    return field(default=default, metadata={REDACT: TAG_DOB})


def staff(default: str = "") -> Any:
    """An agency worker's name: removed from publication copies."""
    return field(default=default, metadata={REDACT: TAG_STAFF})


@dataclass(frozen=True)
class Person:
    """Someone whose name the anonymised profiles replace.

    `kind` is "child", "family" or "staff"; `role` is the relationship to the child as
    recorded ("Mother", "Step-father"), which becomes the replacement label; `child_ref`
    ties family members to their child when a pack holds several children.
    """

    name: str
    kind: str
    role: str = ""
    aliases: tuple[str, ...] = ()
    child_ref: str = ""


@dataclass(frozen=True)
class DocumentMeta:
    kind: str
    title: str
    reference: str
    board_name: str
    protective_marking: str
    confidentiality: str
    generated_at: str
    generated_by: str
    #: Who or what the document is about, shown in the page header ("Child A" when
    #: anonymised). Never used in the PDF's metadata.
    subject: str = ""
    profile: str = "panel"
    profile_label: str = ""


def uk_date(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def uk_time(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def uk_datetime(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def local_now() -> datetime:
    """Now, in the machine's local time (what the person at the printer reads)."""
    return datetime.now(timezone.utc).astimezone().replace(tzinfo=None)


def age_on(dob_value: date | None, on: date | None) -> int | None:
    if dob_value is None:
        return None
    on = on or date.today()
    years = on.year - dob_value.year - ((on.month, on.day) < (dob_value.month, dob_value.day))
    return max(years, 0)


def display_name(session: Session, login: str) -> str:
    """The generating user's display name (or login name)."""
    row = session.execute(select(Account.display_name).where(Account.name == login)).first()
    return (row[0] if row and row[0] else login) or login


def agency_names(session: Session) -> dict[int, str]:
    return {row.id: row.name for row in session.execute(select(Agency.id, Agency.name))}


def make_meta(session: Session, actor: str, kind: str, title: str, reference: str, subject: str = "") -> DocumentMeta:
    settings = organisation.read_all(session)
    board = settings["board_name"]
    return DocumentMeta(
        kind=kind,
        title=title,
        reference=reference,
        board_name=board,
        protective_marking=settings["protective_marking"],
        confidentiality=CONFIDENTIALITY_STATEMENT.format(board=board),
        generated_at=uk_datetime(local_now()),
        generated_by=display_name(session, actor),
        subject=subject,
    )


def by_reference_or_number(model: Any, text: str) -> Any:
    """A query for a record by its reference (MTG-2026-0001) or its number (12)."""
    query = select(model).where(model.reference == text)
    if text.isascii() and text.isdigit() and len(text) <= 18:  # beyond 18 digits it is no id
        query = select(model).where((model.id == int(text)) | (model.reference == text))
    return query


def label(choice: Any, code: str | None, empty: str = "") -> str:
    """The words for a stored vocabulary code, tolerating codes from a newer version."""
    try:
        return choice.label_of(code, empty)
    except ValueError:
        return code or empty
