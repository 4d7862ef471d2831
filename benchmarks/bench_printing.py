"""Issue 7's printing figures, each beside a bare ReportLab document of the same content.

- the panel meeting pack for a meeting with 12 referrals (gathered from the encrypted
  database and laid out on the house page: marking, statement, page x of y), goal ≤ 2 s;
  floor: the same strings as plain paragraphs in a SimpleDocTemplate;
- the combined chronology of 20,000 rows (~900 pages): laid out with the house page,
  goal ≥ 90 pages/s and within 1.5× of the floor: a bare ReportLab document of the very
  same (pre-wrapped) rows as platypus Tables cut into 40-row chunks, without any page
  decoration — what ReportLab itself costs;
- gathering those 20,000 rows from the encrypted database (for the record).

All data are generated and obviously fictional.
"""

from __future__ import annotations

import dataclasses
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.run import Goal, Harness, at_most, ratio_at_most

USER = "bench-admin"
PASSWORD = "Bench-Password-Fictional-42"


def _database(folder: Path, referrals: int, chronology_rows: int) -> Path:
    """A database with one meeting of `referrals` referrals and a review whose
    chronology has `chronology_rows` entries."""
    from sqlalchemy import insert, select

    from lipanel_desktop.models.chronology import ChronologyEntry
    from lipanel_desktop.models.meeting import AgendaItem, Attendance, Meeting
    from lipanel_desktop.models.organisation import Agency
    from lipanel_desktop.models.referral import HouseholdMember, Referral
    from lipanel_desktop.models.review import Review
    from lipanel_desktop.services.database import create_database

    path = folder / "bench.lipanel-db"
    store = create_database(path, USER, PASSWORD)
    with store.session() as s:
        agencies = [a for (a,) in s.execute(select(Agency.id).order_by(Agency.id))]
        meeting = Meeting(reference="MTG-2026-0001", kind="lip", meeting_date=date(2026, 2, 4), place="Room 1",
                          chair_name="Bench Chairperson")
        s.add(meeting)
        s.flush()
        for n in range(8):
            s.add(Attendance(meeting_id=meeting.id, position=n, agency_id=agencies[n % len(agencies)],
                             person_name=f"Bench Attendee {n}", person_role="Designated lead"))
        for n in range(referrals):
            referral = Referral(
                reference=f"LIP-2026-{n + 1:04d}", status="on_agenda", child_full_name=f"Benchchild Ŵyn Łukasz {n}",
                child_dob=date(2015, 1, 1) + timedelta(days=n * 40), referral_date=date(2026, 1, 10),
                referrer_name="Bench Referrer", agency_name="Health", sex="female", incident_type="critical_incident",
                summary="A fictional incident summary for the benchmark. " * 25,
                expected_learning="Information sharing between agencies. " * 5,
            )
            s.add(referral)
            s.flush()
            for m, relation in enumerate(("Mother", "Father", "Sister")):
                s.add(HouseholdMember(referral_id=referral.id, position=m, full_name=f"Benchparent Ștefan {n}-{m}",
                                      relationship_to_child=relation, dob=date(1990, 1, 1)))
            s.add(AgendaItem(meeting_id=meeting.id, position=n, referral_id=referral.id))
        review = Review(reference="MALR-2026-0001", kind="malr", stage="chronologies")
        s.add(review)
        s.flush()
        start = date(2005, 1, 1)
        s.execute(insert(ChronologyEntry), [
            {"review_id": review.id, "agency_id": agencies[i % len(agencies)], "date_from": start + timedelta(days=i // 4),
             "source": "Electronic case record", "source_kind": "record", "certainty": "exact", "date_text": "",
             "event": f"Contact {i}: home visit; school attendance and health appointments discussed.",
             "significance": ("high", "medium", "low", "context")[i % 4],
             "analysis": "Appropriate response; information shared with the school." if i % 3 == 0 else "",
             "author": "A Practitioner"}
            for i in range(chronology_rows)
        ])
    store.close()
    return path


def _open(path: Path) -> Any:
    from lipanel_desktop.services.database import open_database

    return open_database(path, USER, PASSWORD)


def _bare_paragraphs(strings: list[str]) -> bytes:
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from lipanel_desktop.printing.styles import markup, styles

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(markup(text), styles().body) for text in strings if text])
    return buffer.getvalue()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [t for f in dataclasses.fields(value) for t in _strings(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [t for item in value for t in _strings(item)]
    return []


def _bare_chronology(data: Any) -> bytes:
    """The same rows, pre-wrapped the same way, as plain ReportLab: chunked Tables on a
    SimpleDocTemplate, landscape, no marking, no statement, no page numbers."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from lipanel_desktop.printing import fonts
    from lipanel_desktop.printing.chronology import COLUMNS, entry_rows
    from lipanel_desktop.printing.template import content_width

    widths = [content_width(landscape=True) * share for _, share in COLUMNS]
    rows = [["\n".join(cell) for cell in row.cells] for row in entry_rows(data, widths)]
    header = [name for name, _ in COLUMNS]
    style = TableStyle([("FONT", (0, 0), (-1, -1), fonts.CONDENSED, 8, 9.6), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.35, (0.5, 0.5, 0.5))])
    story = []
    for start in range(0, len(rows), 40):
        table = Table([header, *rows[start:start + 40]], colWidths=widths, repeatRows=1)
        table.setStyle(style)
        story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build(story)
    return buffer.getvalue()


def run(h: Harness) -> None:
    from lipanel_desktop import printing
    from lipanel_desktop.printing.template import RenderOptions
    from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService
    from lipanel_desktop.vocabulary.documents import DocumentKind, Target

    referrals = 3 if h.quick else 12
    rows = 2_000 if h.quick else 20_000
    path = _database(h.folder("printing"), referrals, rows)
    store = _open(path)
    service = DocumentService(store)
    printing.render(service.gather(DocumentRequest(DocumentKind.BLANK_FORM_A, Target.BOARD)))  # fonts loaded once

    pack_request = DocumentRequest(DocumentKind.MEETING_PACK, Target.MEETING, "MTG-2026-0001")
    pack_strings = _strings(service.gather(pack_request))
    h.measure(
        f"panel meeting pack, {referrals} referrals (gather + lay out)",
        lambda: printing.render(service.gather(pack_request)),
        floor=("bare ReportLab: the same text as plain paragraphs", lambda: _bare_paragraphs(pack_strings)),
        goal=at_most(2.0),
        repeat=5,
    )

    chronology_request = DocumentRequest(DocumentKind.CHRONOLOGY, Target.REVIEW, "MALR-2026-0001")
    gathered = h.measure(f"gather a {rows:,}-row chronology from the encrypted database",
                         lambda: service.gather(chronology_request), repeat=3)
    data = gathered.value if gathered is not None else service.gather(chronology_request)
    pages = [0]

    def chronology() -> bytes:
        return printing.render(data, RenderOptions(progress=lambda n: pages.__setitem__(0, n)))

    result = h.measure(
        f"combined chronology, {rows:,} rows, house page",
        chronology,
        floor=("bare ReportLab: the same rows as 40-row chunked Tables", lambda: _bare_chronology(data)),
        goal=ratio_at_most(1.5),
        repeat=3,
    )
    if result is not None:
        h.record(f"combined chronology, {rows:,} rows: pages", pages[0], unit="pages")
        h.record(f"combined chronology, {rows:,} rows: pages per second", pages[0] / result.median, unit="pages/s",
                 floor=("bare ReportLab pages per second", pages[0] / result.floor_median if result.floor_median else 0),
                 goal=Goal(low=90.0))
    store.close()
