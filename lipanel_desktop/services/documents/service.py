"""The one door to printed documents: gather a document's data under a redaction
profile, produce recipient copies with a renderer the caller passes in (printing/ sits
above services, so services never import it), and record every preview, print and
export in the audit trail and every numbered copy in the register."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.document import IssuedCopy
from lipanel_desktop.services.documents.action_plan import action_plan_data
from lipanel_desktop.services.documents.agency_plan import agency_plan_data
from lipanel_desktop.services.documents.board_reports import exception_report_data, highlight_report_data
from lipanel_desktop.services.documents.chronology import chronology_data
from lipanel_desktop.services.documents.circulation import circulation_data
from lipanel_desktop.services.documents.common import label, uk_datetime
from lipanel_desktop.services.documents.form_a import blank_form_a_data, form_a_data
from lipanel_desktop.services.documents.meeting_pack import meeting_pack_data
from lipanel_desktop.services.documents.redaction import profile_of, redact
from lipanel_desktop.services.documents.review_report import review_report_data
from lipanel_desktop.services.documents.subject_access import subject_access_data
from lipanel_desktop.services.documents.terms_of_reference import terms_of_reference_data
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.documents import DOCUMENTS_FOR, DocumentKind, OutputAction, RedactionProfile, Target
from lipanel_desktop.vocabulary.roles import Permission

MAX_COPIES = 99
MAX_RECIPIENT = 120
MIN_PASSWORD = 8
MAX_PASSWORD_BYTES = 127

_Gatherer = Callable[[Session, str, str], Any]
_GATHER: dict[DocumentKind, _Gatherer] = {
    DocumentKind.FORM_A: form_a_data,
    DocumentKind.BLANK_FORM_A: lambda s, actor, key: blank_form_a_data(s, actor),
    DocumentKind.MEETING_PACK: meeting_pack_data,
    DocumentKind.TERMS_OF_REFERENCE: terms_of_reference_data,
    DocumentKind.CHRONOLOGY: chronology_data,
    DocumentKind.CIRCULATION_PACK: circulation_data,
    DocumentKind.ACTION_PLAN: action_plan_data,
    DocumentKind.REVIEW_REPORT: review_report_data,
    DocumentKind.SUBJECT_ACCESS: subject_access_data,
    DocumentKind.EXCEPTION_REPORT: lambda s, actor, key: exception_report_data(s, actor, key or None),
    DocumentKind.HIGHLIGHT_REPORT: lambda s, actor, key: highlight_report_data(s, actor, key or None),
    DocumentKind.AGENCY_PLAN: agency_plan_data,
}

#: (data, copy label, password or None) -> PDF bytes. Supplied by the caller (printing).
Renderer = Callable[[Any, str, "str | None"], bytes]


@dataclass(frozen=True)
class DocumentRequest:
    kind: DocumentKind
    target: Target
    key: str = ""
    profile: RedactionProfile = RedactionProfile.PANEL

    @classmethod
    def parse(cls, kind: str, target: str, key: str = "", profile: str = RedactionProfile.PANEL.value) -> "DocumentRequest":
        """From words typed at the command line; unknown words get a clear message."""
        try:
            document = DocumentKind(kind)
        except ValueError:
            raise KnownError(
                f"There is no document kind {kind!r}. Choose one of: {', '.join(k.value for k in DocumentKind)}."
            ) from None
        return cls(document, Target(target), key.strip(), profile_of(profile))


@dataclass(frozen=True)
class ProducedCopy:
    """One PDF, in memory. `number` is 0 for an unnumbered document."""

    number: int
    total: int
    recipient: str
    label: str
    pdf: bytes


@dataclass(frozen=True)
class RegisterRow:
    document_kind: str
    document_reference: str
    profile: str
    copy: str
    recipient: str
    issued_by: str
    issued_at: str


def check_recipients(recipients: Sequence[str]) -> tuple[str, ...]:
    cleaned = tuple(" ".join(r.split()) for r in recipients)
    if len(cleaned) > MAX_COPIES:
        raise ValidationError({"recipients": f"At most {MAX_COPIES} numbered copies can be made at once."})
    for name in cleaned:
        if not name:
            raise ValidationError({"recipients": "Each copy needs a recipient (for example Police)."})
        if len(name) > MAX_RECIPIENT:
            raise ValidationError({"recipients": f"A recipient's name can be at most {MAX_RECIPIENT} characters."})
        if any(unicodedata.category(ch).startswith("C") for ch in name):
            raise ValidationError({"recipients": "A recipient's name cannot contain control characters."})
    return cleaned


def check_password(password: str | None) -> None:
    if password is None:
        return
    if len(password) < MIN_PASSWORD:
        raise ValidationError({"password": f"The PDF password must be at least {MIN_PASSWORD} characters long."})
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise ValidationError({"password": "The PDF password is too long (at most 127 bytes)."})
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        raise ValidationError({"password": "The PDF password cannot contain control characters or line breaks."})


def _with_article(words: str) -> str:
    """ "a meeting", "an agency", "the whole board" (already has one)."""
    if words.startswith("the "):
        return words
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def copy_label(number: int, total: int, recipient: str) -> str:
    return f"Copy {number} of {total} — {recipient}"


class DocumentService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- gathering -------------------------------------------------------------------
    def _check(self, request: DocumentRequest) -> None:
        require(self.store.identity, Permission.EXPORT_DOCUMENTS)
        if self.store.read_only:
            raise KnownError(
                "This database is open read-only, so documents cannot be made: every preview, print and "
                "export is written to the audit trail. Close the other copy of the program and try again."
            )
        if request.kind not in DOCUMENTS_FOR[request.target]:
            allowed = ", ".join(k.value for k in DOCUMENTS_FOR[request.target])
            kind = _with_article(request.kind.label.lower())
            raise KnownError(f"{kind[0].upper()}{kind[1:]} cannot be made for {_with_article(request.target.label.lower())}. "
                             f"Choose one of: {allowed}.")
        if request.target is not Target.BOARD and not request.key and request.kind is not DocumentKind.BLANK_FORM_A:
            raise KnownError(f"Say which {request.target.label.lower()} the document is for.")

    def gather(self, request: DocumentRequest) -> Any:
        """The document's data, redacted under the request's profile."""
        self._check(request)
        with self.store.read_session() as s:
            data = _GATHER[request.kind](s, self.store.identity.name, request.key)
        return redact(data, request.profile)

    # -- producing ---------------------------------------------------------------------
    def produce(
        self,
        data: Any,
        render: Renderer,
        *,
        recipients: Sequence[str] = (),
        password: str | None = None,
    ) -> list[ProducedCopy]:
        """One PDF, or one numbered copy per recipient. Nothing is recorded yet: call
        `record` once the copies have been printed or saved."""
        names = check_recipients(recipients)
        check_password(password)
        if not names:
            return [ProducedCopy(0, 0, "", "", render(data, "", password))]
        total = len(names)
        return [
            ProducedCopy(n, total, name, copy_label(n, total, name), render(data, copy_label(n, total, name), password))
            for n, name in enumerate(names, start=1)
        ]

    def record(
        self,
        request: DocumentRequest,
        data: Any,
        action: OutputAction,
        copies: Sequence[ProducedCopy],
        *,
        encrypted: bool = False,
    ) -> None:
        """Audit what was done (what, which profile, which copy, by whom) and register
        numbered copies. Field names only; the recipients go in the register."""
        meta = data.meta
        entity = f"document:{request.kind.value}"
        with self.store.session() as s:
            for copy in copies or [ProducedCopy(0, 0, "", "", b"")]:
                fields = [f"profile:{request.profile.value}"]
                if copy.number:
                    fields.append(f"copy:{copy.number}/{copy.total}")
                if encrypted:
                    fields.append("encrypted:aes-256")
                audit.record(s, entity, meta.reference[:64], action.value, fields)
                if copy.number and action is not OutputAction.PREVIEW:
                    s.add(
                        IssuedCopy(
                            document_kind=request.kind.value,
                            document_reference=meta.reference[:40],
                            profile=request.profile.value,
                            copy_number=copy.number,
                            copies_total=copy.total,
                            recipient=copy.recipient,
                            issued_by=self.store.identity.name,
                        )
                    )

    def register(self, document_reference: str | None = None) -> list[RegisterRow]:
        """Who received which numbered copy, newest first."""
        require(self.store.identity, Permission.VIEW_RECORDS)
        query = select(IssuedCopy).order_by(IssuedCopy.issued_at.desc(), IssuedCopy.id.desc())
        if document_reference:
            query = query.where(IssuedCopy.document_reference == document_reference)
        with self.store.read_session() as s:
            rows = s.scalars(query).all()
            return [
                RegisterRow(
                    label(DocumentKind, r.document_kind, r.document_kind),
                    r.document_reference,
                    label(RedactionProfile, r.profile, r.profile),
                    f"{r.copy_number} of {r.copies_total}",
                    r.recipient,
                    r.issued_by,
                    uk_datetime(_local(r.issued_at)),
                )
                for r in rows
            ]


def _local(utc: datetime) -> datetime:
    return utc.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


def with_timeline(data: Any, png: bytes) -> Any:
    """The chronology with the picture of its timeline (rendered by the screen)."""
    if hasattr(data, "timeline_png"):
        return dataclasses.replace(data, timeline_png=png)
    return data
