"""The printed exception report (overdue and at-risk actions, with what is being done about
them) and highlight report (a period's progress in numbers and charts) that the Quality
Assurance Sub-group sends to the Board.

One source of truth: each document carries the very dataclass the Reports page shows
(`services.reports.exception_report.ExceptionReport`, `...highlight_report.HighlightReport`),
built by the same function, so a printed figure can never differ from the screen's.

The document key says what to cover:
- "" — the whole board (the highlight report for last quarter);
- a review's reference or number — that review (its highlight report from its start);
- `report_key(...)` — what the Reports page shows: "agency=3;from=2026-07-01;to=2026-09-30"
  (and optionally "review=…"), so the print matches the agency and the period chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.review import Review
from lipanel_desktop.services import organisation
from lipanel_desktop.services.documents.common import DocumentMeta, Person, make_meta, uk_date
from lipanel_desktop.services.documents.review_common import find_review, review_people
from lipanel_desktop.services.reports.exception_report import ExceptionReport, exception_report
from lipanel_desktop.services.reports.highlight_report import (
    LONGEST_PERIOD,
    HighlightReport,
    highlight_report,
    period_presets,
)
from lipanel_desktop.vocabulary.documents import DocumentKind


@dataclass(frozen=True)
class DisseminationRow:
    """One dissemination line as the review report prints it."""

    review_reference: str
    channel: str
    date: str
    audience: str = ""
    people: str = ""


@dataclass(frozen=True)
class ExceptionReportData:
    meta: DocumentMeta
    report: ExceptionReport
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class HighlightReportData:
    meta: DocumentMeta
    report: HighlightReport
    people: tuple[Person, ...] = ()


@dataclass(frozen=True)
class ReportKey:
    """What a board report covers, read from a document key."""

    review: str = ""
    agency_id: int | None = None
    start: date | None = None
    end: date | None = None


#: Longest key accepted (a review reference and two dates fit in far less).
_LONGEST_KEY = 200


def report_key(*, review: str = "", agency_id: int | None = None, start: date | None = None, end: date | None = None) -> str:
    """The key for a report as the screen shows it (see the module's docstring)."""
    parts = []
    if review:
        parts.append(f"review={review}")
    if agency_id is not None:
        parts.append(f"agency={agency_id}")
    if start is not None:
        parts.append(f"from={start.isoformat()}")
    if end is not None:
        parts.append(f"to={end.isoformat()}")
    return ";".join(parts)


def parse_key(key: str) -> ReportKey:
    """A document key as a `ReportKey`; anything unreadable is refused in plain words."""
    text = (key or "").strip()
    if len(text) > _LONGEST_KEY:
        raise KnownError("That report choice is too long to be a review reference. Give the review's number or reference.")
    if "=" not in text:
        return ReportKey(review=text)
    found: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or name not in ("review", "agency", "from", "to") or name in found:
            raise KnownError(f"{part.strip()!r} is not a report choice. Use review=…, agency=…, from=… and to=….")
        found[name] = value
    agency_id: int | None = None
    if "agency" in found:
        if not (found["agency"].isascii() and found["agency"].isdigit() and len(found["agency"]) <= 9):
            raise KnownError("The agency must be given by its number.")
        agency_id = int(found["agency"])
    days: dict[str, date | None] = {}
    for name, words in (("from", "start"), ("to", "end")):
        try:
            days[name] = date.fromisoformat(found[name]) if name in found else None
        except ValueError:
            raise KnownError(f"The {words} of the period must be a date written as 2026-07-01.") from None
    return ReportKey(found.get("review", ""), agency_id, days["from"], days["to"])


def _review(session: Session, chosen: ReportKey) -> Review | None:
    return find_review(session, chosen.review) if chosen.review else None


def _agency_name(session: Session, agency_id: int | None) -> str:
    if agency_id is None:
        return ""
    name = session.scalar(select(Agency.name).where(Agency.id == agency_id))
    if name is None:
        raise KnownError("That agency is not on the agencies list. Choose another.")
    return name


def _staff(*names: str) -> list[Person]:
    return [Person(name, "staff") for name in sorted(set(names)) if name]


def exception_report_data(session: Session, actor: str, key: str | None = None, today: date | None = None) -> ExceptionReportData:
    """The exception report as the Reports page shows it, for printing."""
    today = today or date.today()
    chosen = parse_key(key or "")
    review = _review(session, chosen)
    _agency_name(session, chosen.agency_id)
    settings = organisation.read_all(session)
    report = exception_report(
        session, settings, today, agency_id=chosen.agency_id, review_id=review.id if review else None
    )
    people = review_people(session, review) if review else []
    people += _staff(*(i.lead_officer_name for i in report.items), *(i.accountable_manager for i in report.items))
    kind = DocumentKind.EXCEPTION_REPORT
    reference = f"{review.reference if review else 'Board'} {today:%d-%m-%Y}"
    return ExceptionReportData(
        meta=make_meta(session, actor, kind.value, kind.label, reference),
        report=report,
        people=tuple(people),
    )


def default_period(review: Review | None, today: date) -> tuple[date, date]:
    """Last quarter for the board; for one review, from its start (at most five years back)
    to today."""
    if review is None:
        _words, first, last = period_presets(today)[0]
        return first, last
    began = review.started_on or (review.created_at.date() if review.created_at else today)
    return min(max(began, today - LONGEST_PERIOD), today), today


def highlight_report_data(session: Session, actor: str, key: str | None = None, today: date | None = None) -> HighlightReportData:
    """The highlight report as the Reports page shows it, for printing."""
    today = today or date.today()
    chosen = parse_key(key or "")
    review = _review(session, chosen)
    first, last = default_period(review, today)
    if chosen.start is not None or chosen.end is not None:
        first, last = chosen.start or first, chosen.end or last
    settings = organisation.read_all(session)
    try:
        report = highlight_report(session, settings, first, last, today, review_id=review.id if review else None)
    except ValidationError as error:
        raise KnownError(" ".join(error.problems.values())) from None
    people = review_people(session, review) if review else []
    kind = DocumentKind.HIGHLIGHT_REPORT
    reference = f"{review.reference if review else 'Board'} {report.start:%d-%m-%Y} to {report.end:%d-%m-%Y}"
    return HighlightReportData(
        meta=make_meta(session, actor, kind.value, kind.label, reference),
        report=report,
        people=tuple(people),
    )

