"""Actions from a meeting's minutes: record, re-word, tick done, remove and put back; the
previous meeting in the same series and its open actions; the meeting pack uses them."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.meeting import MeetingAction
from lipanel_desktop.services.documents.meeting_pack import meeting_pack_data
from lipanel_desktop.services.meeting_actions import ActionData, MeetingActionService
from lipanel_desktop.services.meetings import MeetingData, MeetingService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import store_as
from tests.review_factories import open_review

TODAY = date(2026, 6, 1)
FIRST, SECOND, THIRD = date(2026, 2, 10), date(2026, 4, 14), date(2026, 6, 9)


def schedule(store: Store, day: date, kind: str = "lip", review_id: int | None = None) -> int:
    return MeetingService(store).schedule(MeetingData(kind, day, time(10), time(12), review_id=review_id)).meeting.id


def action_rows(store: Store) -> list[tuple]:
    with store.read_session() as s:
        return [tuple(r) for r in s.execute(select(MeetingAction.meeting_id, MeetingAction.description, MeetingAction.owner,
                                                   MeetingAction.due_date, MeetingAction.done).order_by(MeetingAction.id))]


def test_record_reword_tick_remove_and_restore(store: Store) -> None:
    meeting = schedule(store, FIRST)
    service = MeetingActionService(store)
    added = service.add(meeting, ActionData("  Send the fictional agency check letters. ", " Fictional Officer ",
                                            date(2026, 2, 24)), today=TODAY)
    assert (added.description, added.owner, added.done) == ("Send the fictional agency check letters.", "Fictional Officer", False)
    assert added.status_text(TODAY) == "Open: overdue since 24/02/2026"
    changed = service.update(added.id, ActionData("Send the letters and the template.", "Fictional Lead", date(2026, 3, 3)))
    assert (changed.description, changed.owner, changed.due_date) == (
        "Send the letters and the template.", "Fictional Lead", date(2026, 3, 3))
    assert service.set_done(added.id, True).status_text(TODAY) == "Done"
    assert [r.id for r in service.for_meeting(meeting)] == [added.id]
    removed = service.remove(added.id)
    assert service.for_meeting(meeting) == [] and removed.done is True
    restored = service.restore(removed)
    assert (restored.description, restored.owner, restored.due_date, restored.done) == (
        removed.description, removed.owner, removed.due_date, True)
    service.remove(restored.id)
    with pytest.raises(KnownError, match="no longer exists"):
        service.update(restored.id, ActionData("Gone", "Nobody"))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ActionData("", "Fictional Officer"), "description"),
        (ActionData("   \n ", "Fictional Officer"), "description"),
        (ActionData("Do it", ""), "owner"),
        (ActionData("x" * 2_001, "Fictional Officer"), "description"),
        (ActionData("Do it", "y" * 201), "owner"),
        (ActionData("Do\x00it", "Fictional Officer"), "description"),
        (ActionData("Do it", "Fictional\nOfficer"), "owner"),
        (ActionData("Do it", "Fictional Officer", date(2026, 2, 9)), "due_date"),  # before the meeting
        (ActionData("Do it", "Fictional Officer", date(1066, 10, 14)), "due_date"),
        (ActionData("Do it", "Fictional Officer", "tomorrow"), "due_date"),  # type: ignore[arg-type]
        (ActionData(None, "Fictional Officer"), "description"),  # type: ignore[arg-type]
        (ActionData(["a list"], "Fictional Officer"), "description"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_is_refused_in_plain_words_and_nothing_changes(store: Store, data: ActionData, field: str) -> None:
    meeting = schedule(store, FIRST)
    service = MeetingActionService(store)
    kept = service.add(meeting, ActionData("Kept as it was.", "Fictional Officer"), today=TODAY)
    before = action_rows(store)
    with pytest.raises(ValidationError) as refused:
        service.add(meeting, data, today=TODAY)
    assert field in refused.value.problems and refused.value.message.startswith("Please correct")
    with pytest.raises(ValidationError):
        service.update(kept.id, data)
    assert action_rows(store) == before


def test_actions_come_only_from_a_meeting_that_has_taken_place(store: Store) -> None:
    service = MeetingActionService(store)
    future = schedule(store, THIRD)
    with pytest.raises(InvalidTransition, match="09/06/2026"):
        service.add(future, ActionData("Too early", "Fictional Officer"), today=TODAY)
    held = schedule(store, FIRST)
    action = service.add(held, ActionData("Agreed", "Fictional Officer"), today=TODAY)
    cancelled = schedule(store, SECOND)
    MeetingService(store).cancel(cancelled)
    with pytest.raises(InvalidTransition, match="cancelled"):
        service.add(cancelled, ActionData("Never", "Fictional Officer"), today=TODAY)
    with pytest.raises(KnownError, match="no longer exists"):
        service.add(99_999, ActionData("Nowhere", "Fictional Officer"), today=TODAY)
    for hostile in (True, "1", None, -1):
        with pytest.raises(KnownError, match="no longer exists"):
            service.set_done(hostile, True)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        service.set_done(action.id, "yes")  # type: ignore[arg-type]
    assert [r[1] for r in action_rows(store)] == ["Agreed"]


def test_read_only_users_and_panel_members(store: Store) -> None:
    meeting = schedule(store, FIRST)
    action = MeetingActionService(store).add(meeting, ActionData("Agreed", "Fictional Officer"), today=TODAY)
    reader = store_as(store, "read-only", "reader")
    try:
        service = MeetingActionService(reader)
        assert [r.id for r in service.for_meeting(meeting)] == [action.id]
        for attempt in (lambda: service.add(meeting, ActionData("No", "No one"), today=TODAY),
                        lambda: service.set_done(action.id, True), lambda: service.remove(action.id)):
            with pytest.raises(NotPermitted):
                attempt()
    finally:
        reader.close()
    member = store_as(store, "panel-member", "member")
    try:
        assert MeetingActionService(member).set_done(action.id, True).done is True
    finally:
        member.close()
    assert action_rows(store)[0][4] is True


def test_the_previous_meeting_is_the_one_before_in_the_same_series(store: Store) -> None:
    review = open_review(store, "malr", first_meeting=None)
    first, cancelled, second = schedule(store, FIRST), schedule(store, date(2026, 3, 10)), schedule(store, SECOND)
    MeetingService(store).cancel(cancelled)
    review_first = schedule(store, date(2026, 3, 17), "malr_first", review)
    review_second = schedule(store, date(2026, 4, 21), "malr_second", review)
    service = MeetingActionService(store)
    open_one = service.add(first, ActionData("Open panel action", "Fictional Officer", FIRST), today=TODAY)
    done_one = service.add(first, ActionData("Done panel action", "Fictional Officer"), today=TODAY)
    service.set_done(done_one.id, True)
    service.add(review_first, ActionData("Review action", "Fictional Reviewer"), today=TODAY)

    earlier = service.previous(second)  # the cancelled panel and the review's meeting are skipped
    assert earlier.previous is not None and earlier.previous.id == first
    assert [a.id for a in earlier.actions] == [open_one.id]
    assert "MTG-2026-01" in earlier.heading and "10/02/2026" in earlier.heading
    assert [a.id for a in service.previous(second, open_only=False).actions] == [open_one.id, done_one.id]
    review_earlier = service.previous(review_second)
    assert review_earlier.previous is not None and review_earlier.previous.id == review_first
    assert [a.description for a in review_earlier.actions] == ["Review action"]
    nothing = service.previous(first)
    assert nothing.previous is None and nothing.actions == [] and "no earlier meeting" in nothing.heading
    # An SCR Consideration Panel is part of the standing panel's series.
    consideration = schedule(store, THIRD, "scr_consideration")
    assert service.previous(consideration).previous.id == second  # type: ignore[union-attr]


def test_the_meeting_pack_prints_the_previous_panels_actions(store: Store) -> None:
    review = open_review(store, "malr", first_meeting=None)
    first = schedule(store, FIRST)
    review_meeting = schedule(store, date(2026, 3, 17), "malr_first", review)
    second = schedule(store, SECOND)
    service = MeetingActionService(store)
    service.add(first, ActionData("Fictional panel action", "Fictional Officer", date(2026, 3, 1)), today=TODAY)
    service.add(review_meeting, ActionData("Fictional review action", "Fictional Reviewer"), today=TODAY)
    with store.read_session() as s:
        pack = meeting_pack_data(s, "admin", str(second))
    assert "MTG-2026-01" in pack.previous_meeting
    assert [(a.description, a.owner, a.due, a.done) for a in pack.previous_actions] == [
        ("Fictional panel action", "Fictional Officer", "01/03/2026", False)]
    assert "Fictional Officer" in {p.name for p in pack.people}


def test_nothing_is_written_when_a_refusal_happens_after_reading(store: Store) -> None:
    meeting = schedule(store, THIRD)
    with pytest.raises(InvalidTransition):
        MeetingActionService(store).add(meeting, ActionData("Later", "Fictional Officer"), today=TODAY)
    with store.read_session() as s:
        assert s.scalar(select(func.count(MeetingAction.id))) == 0
