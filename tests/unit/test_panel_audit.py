"""Everything the panel does is audited: each kind of change (a meeting, its agenda and
attendance, the decision, the review it opens, its agency checks, a stage move, a pause,
a finding, the themes list) leaves an audit row naming who did it and which fields
changed, never what was typed into them."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.services.meeting_agenda import AgendaService
from lipanel_desktop.services.meeting_attendance import AttendanceChange, AttendanceService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.services.review_agencies import ReviewAgencyService
from lipanel_desktop.services.review_findings import ReviewFindingsService
from lipanel_desktop.services.review_themes import ThemeService
from lipanel_desktop.services.review_workflow import ReviewWorkflow
from lipanel_desktop.services.reviews import ReviewService
from lipanel_desktop.services.statutory_clock import ClockService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import make_referral
from tests.review_factories import open_review

SECRET = "Fictional-Unmistakable-Words-7Q"


def audited(store: Store, after: int) -> list[tuple[str, str, str, str]]:
    with store.read_session() as s:
        return [tuple(row) for row in s.execute(
            select(AuditEntry.actor, AuditEntry.entity, AuditEntry.action, AuditEntry.fields)
            .where(AuditEntry.id > after).order_by(AuditEntry.id))]


def last_id(store: Store) -> int:
    with store.read_session() as s:
        return int(s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0)


def test_each_kind_of_panel_change_is_audited_without_its_words(store: Store) -> None:
    start = last_id(store)
    day = date(2026, 4, 14)
    meeting = MeetingService(store).schedule(MeetingData("lip", day, time(10), place=SECRET)).meeting
    referral = make_referral(store, 9, referral_date=date(2026, 3, 2))
    AgendaService(store).add_referral(meeting.id, referral)
    attendance = AttendanceService(store).rows(meeting.id)
    AttendanceService(store).record(meeting.id, [AttendanceChange(attendance[0].id, "apologies")], today=date(2026, 4, 1))
    review_id = open_review(store, "malr", number=1)
    ReviewService(store).update(review_id, {"timescales": SECRET}, today=date(2026, 3, 1))
    ReviewWorkflow(store).move(review_id, "agency_checks", today=date(2026, 3, 2))
    check = ReviewAgencyService(store).checks(review_id)[0]
    ReviewAgencyService(store).answer_check(check.id, "involved", date(2026, 3, 3), representative_name=SECRET)
    ClockService(store).pause(date(2026, 3, 4), SECRET, review_id=review_id)
    ThemeService(store).add(f"{SECRET} theme")
    rows = audited(store, start)
    entities = {entity for _actor, entity, _action, _fields in rows}
    assert {"meetings", "agenda_items", "attendance", "panel_decisions", "reviews", "agency_checks", "clock_pauses",
            "themes"} <= entities, sorted(entities)
    assert all(actor == "admin" for actor, *_ in rows)
    assert ("reviews", "update") in {(entity, action) for _a, entity, action, _f in rows}
    assert not any(SECRET in fields for *_rest, fields in rows)
    updated = [fields for _a, entity, action, fields in rows if entity == "reviews" and action == "update"]
    assert any("timescales" in fields for fields in updated)


def test_a_refused_change_leaves_no_audit_row(store: Store) -> None:
    import pytest

    from lipanel_desktop.errors import InvalidTransition, ValidationError

    review_id = open_review(store, "malr", number=1)
    start = last_id(store)
    with pytest.raises(InvalidTransition):
        ReviewWorkflow(store).move(review_id, "closed", today=date(2026, 3, 2))
    with pytest.raises(InvalidTransition, match="can be recorded only when the review is at"):
        ReviewFindingsService(store).add_finding(review_id, "A finding before the review has met.")
    with pytest.raises(ValidationError):
        ReviewService(store).update(review_id, {"period_from": date(2026, 5, 1), "period_to": date(2026, 1, 1)},
                                    today=date(2026, 6, 1))
    assert audited(store, start) == []
