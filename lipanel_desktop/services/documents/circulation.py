"""The circulation pack sent to the agencies involved in a Multi-Agency Learning Review:
the dates, the terms of reference and how to prepare a chronology (the policy: "The
dates for review, chronology template, and terms of reference will be circulated")."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.review import AgencyCheck
from lipanel_desktop.services import organisation
from lipanel_desktop.services.documents.common import DocumentMeta, Person, agency_names, label, make_meta, staff
from lipanel_desktop.services.documents.review_common import find_review
from lipanel_desktop.services.documents.terms_of_reference import TermsOfReferenceData, _terms
from lipanel_desktop.vocabulary.documents import DocumentKind
from lipanel_desktop.vocabulary.reviews import AgencyCheckStatus

CHRONOLOGY_INSTRUCTIONS: tuple[str, ...] = (
    "Review your agency's records for the period under review and list every contact, "
    "assessment, referral, decision and significant event involving the child or the family, "
    "one event per row.",
    "Give the date as dd/mm/yyyy. If the exact date is not known, give what is known "
    "(for example 03/2025, or 'about 2024') and mark the row as approximate.",
    "For each row give the source (the record, document or person the information comes from), "
    "what happened, its significance (high, medium, low or context only) and your analysis: "
    "what was known, what was done, and what might have been done differently.",
    "Write factually and avoid jargon and abbreviations; other agencies will read it.",
    "Use the chronology template (a spreadsheet) so the entries can be combined with other "
    "agencies' into one chronology, the skeleton of the review.",
    "Send the completed chronology securely, by the date given, and bring a copy to the "
    "review meeting prepared for an open case discussion.",
)


@dataclass(frozen=True)
class RecipientRow:
    agency: str
    involvement: str = ""
    representative: str = staff()
    contact: str = staff()


@dataclass(frozen=True)
class CirculationData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    terms: TermsOfReferenceData | None = None
    recipients: tuple[RecipientRow, ...] = ()
    sender_title: str = ""
    instructions: tuple[str, ...] = CHRONOLOGY_INSTRUCTIONS


def circulation_data(session: Session, actor: str, key: str) -> CirculationData:
    review = find_review(session, key)
    terms = _terms(session, review)
    agencies = agency_names(session)
    checks = session.scalars(select(AgencyCheck).where(AgencyCheck.review_id == review.id).order_by(AgencyCheck.id)).all()
    people = list(terms.people)
    for check in checks:
        if check.representative_name:
            people.append(Person(check.representative_name, "staff"))
    kind = DocumentKind.CIRCULATION_PACK
    meta = make_meta(session, actor, kind.value, kind.label, review.reference,
                     subject=terms.review.child_name if terms.review else "")
    settings = organisation.read_all(session)
    return CirculationData(
        meta=meta,
        people=tuple(people),
        terms=replace(terms, meta=meta, people=()),
        recipients=tuple(
            RecipientRow(agencies.get(c.agency_id, ""), label(AgencyCheckStatus, c.status), c.representative_name,
                         c.representative_contact)
            for c in checks
            if c.status != AgencyCheckStatus.NOT_INVOLVED.value
        ),
        sender_title=settings["board_short_name"] + " administrator",
    )
