"""The combined chronology: every agency's entries in date order, with the agency and
source on every row, the same event seen by several agencies grouped, and long gaps
marked — as services/chronology works them out for the screen, so print and screen agree.

Loaded as column tuples (20,000 rows in well under a second)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from lipanel_desktop.services import organisation
from lipanel_desktop.services.chronology.combined import Gap, analyse
from lipanel_desktop.services.chronology.entries import rows_for
from lipanel_desktop.services.chronology.review_context import review_info
from lipanel_desktop.services.documents.common import DocumentMeta, Person, make_meta, staff, uk_date
from lipanel_desktop.services.documents.review_common import ReviewHeadline, find_review, headline, review_people
from lipanel_desktop.vocabulary.chronology import DateCertainty
from lipanel_desktop.vocabulary.documents import DocumentKind

ENTRY = "entry"
GAP = "gap"


@dataclass(frozen=True)
class ChronologyRow:
    kind: str  # ENTRY or GAP
    date: str
    approximate: bool = False
    agency: str = ""
    source: str = ""
    event: str = ""
    significance: str = ""
    analysis: str = ""
    author: str = staff()
    #: 0, or the number shared by agencies' entries that look like the same event.
    duplicate_group: int = 0
    #: The group's agencies gave different dates for it.
    date_conflict: bool = False


@dataclass(frozen=True)
class ChronologyData:
    meta: DocumentMeta
    people: tuple[Person, ...] = ()
    review: ReviewHeadline | None = None
    rows: tuple[ChronologyRow, ...] = ()
    entry_count: int = 0
    agencies: tuple[str, ...] = ()
    gap_days: int = 90
    gap_count: int = 0
    duplicate_groups: int = 0
    first_date: str = ""
    last_date: str = ""
    #: A picture of the timeline (PNG), put in by the screen that has one.
    timeline_png: bytes = b""
    #: For a drawn timeline when there is no picture: (ISO date, agency, significance code).
    timeline_points: tuple[tuple[str, str, str], ...] = ()


def chronology_data(session: Session, actor: str, key: str) -> ChronologyData:
    """The same rows, groups and gaps as the Chronology screen (services/chronology),
    laid out for print: gaps become rows in their place, grouped entries carry their
    group's number (with * when the agencies' dates differ)."""
    review = find_review(session, key)
    settings = organisation.read_all(session)
    gap_days = int(settings["chronology_gap_days"])
    info = review_info(session, review.id)
    entries = rows_for(session, review.id, info)
    found = analyse(entries, near_days=int(settings["chronology_near_days"]), gap_days=gap_days,
                    period_from=info.period_from, period_to=info.period_to)
    pending = list(found.gaps)
    rows: list[ChronologyRow] = []
    authors: set[str] = set()
    points: list[tuple[str, str, str]] = []

    def gap_row(gap: Gap) -> ChronologyRow:
        return ChronologyRow(GAP, f"{uk_date(gap.start)} – {uk_date(gap.end)}",
                             event=f"Gap: no entries from any agency for {gap.days:,} days.")

    for entry in entries:
        while pending and pending[0].start <= entry.date_from:
            rows.append(gap_row(pending.pop(0)))
        index = found.group_of.get(entry.id)
        group = found.groups[index] if index is not None else None
        rows.append(
            ChronologyRow(
                ENTRY,
                entry.date_display,
                entry.certainty != DateCertainty.EXACT.value,
                entry.agency,
                entry.source_display,
                entry.event,
                entry.significance_label,
                entry.analysis,
                entry.author,
                group.number + 1 if group is not None else 0,
                group is not None and group.conflict,
            )
        )
        points.append((entry.date_from.isoformat(), entry.agency, entry.significance))
        if entry.author:
            authors.add(entry.author)
    rows.extend(gap_row(gap) for gap in pending)

    people = review_people(session, review) + [Person(a, "staff") for a in sorted(authors)]
    head = headline(session, review)
    kind = DocumentKind.CHRONOLOGY
    return ChronologyData(
        meta=make_meta(session, actor, kind.value, kind.label, review.reference, subject=head.child_name),
        people=tuple(people),
        review=head,
        rows=tuple(rows),
        entry_count=len(entries),
        agencies=tuple(sorted({e.agency for e in entries})),
        gap_days=gap_days,
        gap_count=len(found.gaps),
        duplicate_groups=len(found.groups),
        first_date=uk_date(entries[0].date_from) if entries else "",
        last_date=uk_date(max(e.latest for e in entries)) if entries else "",
        timeline_points=tuple(points),
    )
