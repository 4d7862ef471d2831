"""Entries typed on screen: the same checks as an import, flags not refusals for dates
outside the period, role checks, undo of a delete, and the audit of opening."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.services.chronology.entries import ChronologyService
from lipanel_desktop.services.chronology.fields import EntryInput, check_entry
from lipanel_desktop.services.chronology.review_context import ReviewNotFound
from lipanel_desktop.storage.store import Identity, Store
from tests.unit.chronology_fixtures import counts, make_review


def _entry(**changes: object) -> EntryInput:
    values = dict(date="03/04/2019", time="", source_kind="Record", source="Case notes",
                  event="Home visit; child seen alone", significance="High", analysis="", author="SW Fictional")
    values.update(changes)
    return EntryInput(**values)


@pytest.fixture
def review(store):
    return make_review(store)


def test_add_change_and_list_in_date_order(store, review) -> None:
    service = ChronologyService(store)
    police, health = review.agencies["Police"], review.agencies["Health"]
    late = service.add(review.id, police, _entry(date="10/04/2019", time="09:30"))
    early = service.add(review.id, health, _entry(date="c. 2018", significance="context only"))
    assert early.date_display == "c. 2018" and early.outside_period
    assert late.date_display == "10/04/2019 09:30" and late.event_time == time(9, 30)
    info, rows = service.entries(review.id)
    assert [r.id for r in rows] == [early.id, late.id]
    assert info.child_dob == date(2016, 2, 10) and info.period_from == date(2019, 1, 1)
    changed = service.update(late.id, _entry(date="02/04/2019", event="Changed text"), agency_id=health)
    assert (changed.date_from, changed.event, changed.agency) == (date(2019, 4, 2), "Changed text", "Health")


def test_an_edit_that_keeps_the_date_keeps_the_agencys_wording(store, review) -> None:
    service = ChronologyService(store)
    entry = service.add(review.id, review.agencies["Police"], _entry(date="3rd April 2019"))
    assert entry.date_text == "3rd April 2019"
    again = service.update(entry.id, entry.as_input())
    assert again.date_text == "3rd April 2019" and again.date_from == entry.date_from
    moved = service.update(entry.id, _entry(date="04/04/2019"))
    assert moved.date_text == "04/04/2019"


def test_every_problem_is_reported_at_once_and_nothing_is_written(store, review) -> None:
    service = ChronologyService(store)
    before = counts(store)
    with pytest.raises(ValidationError) as refused:
        service.add(review.id, None, _entry(date="31/02/2019", time="25:00", source_kind="", source=" ",
                                            event="", significance="urgent", author="x" * 201))
    assert set(refused.value.problems) == {"agency", "date", "time", "source_kind", "source", "event",
                                           "significance", "author"}
    assert counts(store) == before


def test_control_characters_and_huge_text_are_refused() -> None:
    _, problems = check_entry(_entry(event="Visit\x00with a null", analysis="a" * 10_001))
    assert "control characters" in problems["event"] and "too long" in problems["analysis"]


def test_a_time_given_twice_must_agree_and_needs_an_exact_date() -> None:
    assert "differs" in check_entry(_entry(date="03/04/2019 10:00", time="11:00"))[1]["time"]
    assert "exact date" in check_entry(_entry(date="April 2019", time="11:00"))[1]["time"]
    checked, problems = check_entry(_entry(date="03/04/2019 10:00", time="10:00"))
    assert not problems and checked.event_time == time(10, 0)


def test_delete_and_undo(store, review) -> None:
    service = ChronologyService(store)
    entry = service.add(review.id, review.agencies["Police"], _entry())
    deleted = service.delete(entry.id)
    assert service.entries(review.id)[1] == []
    with pytest.raises(KnownError, match="no longer exists"):
        service.delete(entry.id)
    back = service.restore(deleted)
    assert (back.event, back.date_from, back.agency) == (entry.event, entry.date_from, entry.agency)


def test_unknown_review_and_entry(store, review) -> None:
    service = ChronologyService(store)
    with pytest.raises(ReviewNotFound):
        service.entries(999)
    with pytest.raises(KnownError, match="no longer exists"):
        service.update(999, _entry())


def test_opening_a_chronology_is_audited_once(store, review) -> None:
    service = ChronologyService(store)
    service.entries(review.id, audit_open=True)
    service.entries(review.id)
    with store.read_session() as s:
        opened = s.execute(select(AuditEntry.entity, AuditEntry.fields).where(AuditEntry.action == "open")).all()
    assert opened == [("reviews", '["chronology"]')]


def test_a_read_only_user_can_look_but_not_change(store, review) -> None:
    ChronologyService(store).add(review.id, review.agencies["Police"], _entry())
    reader = Store(store.path, bytearray(store.key_for_backup()), Identity("reader", "read-only"))
    try:
        service = ChronologyService(reader)
        assert len(service.entries(review.id)[1]) == 1
        with pytest.raises(NotPermitted):
            service.add(review.id, review.agencies["Police"], _entry())
    finally:
        reader.close()


def test_reviews_and_involved_agencies(store, review) -> None:
    service = ChronologyService(store)
    ChronologyService(store).add(review.id, review.agencies["Police"], _entry())
    (choice,) = service.reviews()
    assert choice.label == "MALR-2026-0001 · Multi-Agency Learning Review · 1 entry"
    info = service.review(review.id)
    assert [a.name for a in info.involved] == ["Children's Social Care", "Police", "Education", "Health"]
    assert [a.name for a in info.not_involved] == ["Housing"]
