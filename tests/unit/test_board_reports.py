"""The printed exception and highlight reports are the Reports page's reports: gathered by
the same functions into the same dataclasses (one source of truth), for the agency, the
review and the period chosen; the PDF prints the screen's figures and every dashboard
chart; a wrong, huge or hostile choice is refused in plain words and records nothing."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pypdf
import pytest
from sqlalchemy import func, select

from lipanel_desktop import printing
from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.printing.exception_report import summary_pairs
from lipanel_desktop.printing.highlight_report import headline_pairs
from lipanel_desktop.services.action_detail import ExceptionNoteData
from lipanel_desktop.services.action_progress import ActionProgressService
from lipanel_desktop.services.documents.board_reports import ReportKey, parse_key, report_key
from lipanel_desktop.services.documents.redaction import NAME_REMOVED
from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService
from lipanel_desktop.services.reports.exception_report import ExceptionReportService
from lipanel_desktop.services.reports.highlight_report import HighlightReportService, period_presets
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.documents import DocumentKind, RedactionProfile, Target
from tests.unit.test_action_fixtures import Plan, insert_action, plan  # noqa: F401

TODAY = date.today()
PERIOD = (TODAY - timedelta(days=200), TODAY)


@pytest.fixture
def planned(store: Store, plan: Plan) -> Plan:  # noqa: F811
    """Overdue, at-risk, on-track and complete actions in two agencies and two reviews."""
    late = insert_action(store, plan, "ACT-2026-0001", agency=plan.police, due=TODAY - timedelta(days=20),
                         officer="Inspector Fictional", created=datetime.combine(TODAY - timedelta(days=100), datetime.min.time()))
    insert_action(store, plan, "ACT-2026-0002", agency=plan.police, due=TODAY + timedelta(days=30),
                  forecast=TODAY + timedelta(days=90), status="on_track", officer="Inspector Fictional")
    insert_action(store, plan, "ACT-2026-0003", agency=plan.health, due=TODAY - timedelta(days=3), officer="Nurse Fictional",
                  recommendation=plan.other_recommendation_id)
    insert_action(store, plan, "ACT-2026-0004", agency=plan.health, due=TODAY + timedelta(days=60), status="on_track")
    insert_action(store, plan, "ACT-2026-0005", agency=plan.education, due=TODAY - timedelta(days=5), status="complete",
                  evidence="Fictional register.", completed_on=TODAY - timedelta(days=6),
                  created=datetime.combine(TODAY - timedelta(days=50), datetime.min.time()))
    ActionProgressService(store).save_exception_note(
        late, ExceptionNoteData("Fictional staff absence.", "Briefing not yet given.", "Extend; reassign.", "Extend by a month."))
    return plan


def gather(store: Store, kind: DocumentKind, key: str = "", target: Target = Target.BOARD,
           profile: RedactionProfile = RedactionProfile.PANEL):
    return DocumentService(store).gather(DocumentRequest(kind, target, key, profile))


def pdf_text(data) -> str:
    pdf = printing.render(data)
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def printed(label: str, value: str, text: str) -> bool:
    """The label followed by its value, however the lines were broken."""
    return re.search(r"\s+".join(map(re.escape, label.split())) + r"\s+" + re.escape(value) + r"\b", text) is not None


def audit_count(store: Store) -> int:
    with store.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


# -- one source of truth ---------------------------------------------------------------------

@pytest.mark.parametrize("agency", [None, "police"])
def test_printed_exception_report_is_the_screens_report(store: Store, planned: Plan, agency: str | None) -> None:
    agency_id = getattr(planned, agency) if agency else None
    screen = ExceptionReportService(store).build(agency_id)
    data = gather(store, DocumentKind.EXCEPTION_REPORT, report_key(agency_id=agency_id))
    assert data.report == screen
    text = pdf_text(data)
    for label, value in summary_pairs(screen):
        assert printed(label, value, text), (label, value)
    for item in screen.items:
        assert item.reference in text and item.lateness in text
    assert ("Fictional staff absence." in text) and ("Extend by a month." in text)
    if agency:
        assert screen.scope == "Police" and "ACT-2026-0003" not in text
    else:
        assert [i.reference for i in screen.items] == ["ACT-2026-0003", "ACT-2026-0001", "ACT-2026-0002"]
        assert (screen.overdue_count, screen.at_risk_count, screen.open_count) == (2, 1, 4)


def test_printed_highlight_report_is_the_screens_report_with_every_chart(store: Store, planned: Plan) -> None:
    screen = HighlightReportService(store).build(*PERIOD)
    data = gather(store, DocumentKind.HIGHLIGHT_REPORT, report_key(start=PERIOD[0], end=PERIOD[1]))
    assert data.report == screen
    text = pdf_text(data)
    assert screen.period_label in text
    for label, value in headline_pairs(screen):
        assert printed(label, value, text), (label, value)
    assert len(screen.charts.charts) == 5
    for chart in screen.charts.charts:
        assert chart.title in text
        _header, rows = chart.table()
        for row in rows:  # the chart's figures, as the screen's "as a table" shows them
            assert " ".join(row) in text, (chart.key, row)
    assert "ACT-2026-0005" in text and "Fictional register." not in text  # lines, not evidence


def test_a_review_gets_its_own_reports_and_only_its_charts(store: Store, planned: Plan) -> None:
    exception = gather(store, DocumentKind.EXCEPTION_REPORT, planned.review_reference, Target.REVIEW)
    assert exception.report.scope == f"Review {planned.review_reference}"
    assert [i.reference for i in exception.report.items] == ["ACT-2026-0001", "ACT-2026-0002"]
    assert exception.report == ExceptionReportService(store).build(review_id=planned.review_id)
    highlight = gather(store, DocumentKind.HIGHLIGHT_REPORT, str(planned.review_id), Target.REVIEW)
    report = highlight.report
    assert report.scope == f"Review {planned.review_reference}"
    assert (report.start, report.end) == (date(2025, 2, 1), TODAY)  # from the review's start
    assert [c.key for c in report.charts.charts] == ["actions_by_status", "overdue_trend"]
    by_status = report.charts.chart("actions_by_status")
    assert sum(by_status.total(i) for i in range(len(by_status.categories))) == 4  # not the other review's action
    assert report == HighlightReportService(store).build(report.start, report.end, review_id=planned.review_id)
    assert "Highlight report" in pdf_text(highlight)


def test_the_board_highlight_report_defaults_to_last_quarter(store: Store, planned: Plan) -> None:
    _words, first, last = period_presets(TODAY)[0]
    report = gather(store, DocumentKind.HIGHLIGHT_REPORT).report
    assert (report.start, report.end, report.scope) == (first, last, "All reviews")


def test_publication_copies_remove_lead_officers_names(store: Store, planned: Plan) -> None:
    data = gather(store, DocumentKind.EXCEPTION_REPORT, profile=RedactionProfile.PUBLICATION)
    officers = {i.lead_officer_name for i in data.report.items}
    assert officers == {NAME_REMOVED}
    assert "Inspector Fictional" not in pdf_text(data)


def test_an_empty_database_prints_empty_reports(store: Store) -> None:
    exception = gather(store, DocumentKind.EXCEPTION_REPORT)
    assert "No action is overdue or at risk." in pdf_text(exception)
    highlight = gather(store, DocumentKind.HIGHLIGHT_REPORT, report_key(start=PERIOD[0], end=PERIOD[1]))
    text = pdf_text(highlight)
    assert "No actions in this period." in text and text.count("No data yet.") >= 5


# -- the key -----------------------------------------------------------------------------------

def test_report_key_round_trip() -> None:
    key = report_key(review="MALR-2025-01", agency_id=3, start=date(2026, 7, 1), end=date(2026, 9, 30))
    assert parse_key(key) == ReportKey("MALR-2025-01", 3, date(2026, 7, 1), date(2026, 9, 30))
    assert parse_key("") == ReportKey()
    assert parse_key(" 12 ") == ReportKey(review="12")


@pytest.mark.parametrize(
    ("key", "kind", "message"),
    [
        ("agency=police", DocumentKind.EXCEPTION_REPORT, "agency must be given by its number"),
        ("agency=99999", DocumentKind.EXCEPTION_REPORT, "not on the agencies list"),
        ("agency=1;agency=2", DocumentKind.EXCEPTION_REPORT, "is not a report choice"),
        ("colour=red", DocumentKind.HIGHLIGHT_REPORT, "is not a report choice"),
        ("from=31/12/2026", DocumentKind.HIGHLIGHT_REPORT, "start of the period must be a date"),
        ("from=2026-07-01;to=2026-02-30", DocumentKind.HIGHLIGHT_REPORT, "end of the period must be a date"),
        ("from=2026-07-01;to=2026-01-01", DocumentKind.HIGHLIGHT_REPORT, "must not be before its start"),
        ("from=2001-01-01;to=2026-01-01", DocumentKind.HIGHLIGHT_REPORT, "at most five years"),
        ("review=<script>alert(1)</script>", DocumentKind.HIGHLIGHT_REPORT, "There is no review"),
        ("x" * 5000, DocumentKind.EXCEPTION_REPORT, "too long"),
        ("agency=" + "9" * 40, DocumentKind.EXCEPTION_REPORT, "by its number"),
    ],
)
def test_wrong_huge_and_hostile_choices_are_refused_and_record_nothing(
    store: Store, planned: Plan, key: str, kind: DocumentKind, message: str
) -> None:
    before = audit_count(store)
    with pytest.raises(KnownError, match=message):
        gather(store, kind, key)
    assert audit_count(store) == before
