"""The combined chronology: every agency's entries in date order, with the agency and
source on every row, likely duplicates grouped together, and long gaps marked.

Loaded as column tuples (20,000 rows in well under a second)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.models.chronology import ChronologyEntry
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.services import organisation
from lipanel_desktop.services.documents.common import DocumentMeta, Person, make_meta, staff, uk_date, uk_time
from lipanel_desktop.services.documents.review_common import ReviewHeadline, find_review, headline, review_people
from lipanel_desktop.vocabulary.chronology import DateCertainty, Significance, SourceKind
from lipanel_desktop.vocabulary.documents import DocumentKind

ENTRY = "entry"
GAP = "gap"
_WORDS = re.compile(r"[^\w]+")


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
    #: 0, or the number shared by rows that look like the same event.
    duplicate_group: int = 0


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


def _event_key(text: str) -> str:
    return " ".join(_WORDS.sub(" ", text.lower()).split())[:120]


def _date_text(raw: str, day: date, certainty: str, at: object) -> str:
    if certainty != DateCertainty.EXACT.value and raw:
        return raw
    shown = uk_date(day)
    clock = uk_time(at)  # type: ignore[arg-type]
    return f"{shown} {clock}" if clock else shown


def chronology_data(session: Session, actor: str, key: str) -> ChronologyData:
    review = find_review(session, key)
    gap_days = int(organisation.read_all(session)["chronology_gap_days"])
    c = ChronologyEntry
    raw = session.execute(
        select(
            c.date_from, c.event_time, c.certainty, c.date_text, Agency.name, c.source_kind, c.source,
            c.event, c.significance, c.analysis, c.author, c.id,
        )
        .join(Agency, Agency.id == c.agency_id)
        .where(c.review_id == review.id)
        .order_by(c.date_from, c.event_time, c.id)
    ).all()

    # Likely duplicates: the same day and the same words, whichever agency wrote them.
    groups: dict[tuple[date, str], list[int]] = {}
    for index, row in enumerate(raw):
        groups.setdefault((row[0], _event_key(row[7])), []).append(index)
    group_of: dict[int, int] = {}
    lead: dict[int, int] = {}
    number = 0
    for members in groups.values():
        if len(members) > 1:
            number += 1
            for index in members:
                group_of[index] = number
                lead[index] = members[0]
    # Keep a group's rows together: they share a day, so date order is kept.
    order = sorted(range(len(raw)), key=lambda i: (raw[i][0], lead.get(i, i), i))

    source_labels = {k.value: k.label for k in SourceKind}
    significance_labels = {k.value: k.label for k in Significance}
    rows: list[ChronologyRow] = []
    gaps = 0
    previous: date | None = None
    authors: set[str] = set()
    points: list[tuple[str, str, str]] = []
    for index in order:
        (day, at, certainty, date_text, agency, source_kind, source, event, significance, analysis, author, _id) = raw[index]
        if previous is not None and (day - previous).days > gap_days:
            gaps += 1
            days = (day - previous).days
            rows.append(
                ChronologyRow(GAP, f"{uk_date(previous)} – {uk_date(day)}",
                              event=f"Gap: no entries from any agency for {days} days.")
            )
        previous = day if previous is None else max(previous, day)
        kind_label = source_labels.get(source_kind, source_kind or "")
        source_text = f"{kind_label}: {source}" if source and kind_label else (source or kind_label)
        rows.append(
            ChronologyRow(
                ENTRY,
                _date_text(date_text, day, certainty, at),
                certainty != DateCertainty.EXACT.value,
                agency,
                source_text,
                event,
                significance_labels.get(significance, significance or ""),
                analysis,
                author,
                group_of.get(index, 0),
            )
        )
        points.append((day.isoformat(), agency, significance))
        if author:
            authors.add(author)

    people = review_people(session, review) + [Person(a, "staff") for a in sorted(authors)]
    head = headline(session, review)
    kind = DocumentKind.CHRONOLOGY
    return ChronologyData(
        meta=make_meta(session, actor, kind.value, kind.label, review.reference, subject=head.child_name),
        people=tuple(people),
        review=head,
        rows=tuple(rows),
        entry_count=len(raw),
        agencies=tuple(sorted({r[4] for r in raw})),
        gap_days=gap_days,
        gap_count=gaps,
        duplicate_groups=number,
        first_date=uk_date(raw[0][0]) if raw else "",
        last_date=uk_date(raw[-1][0]) if raw else "",
        timeline_points=tuple(points),
    )
