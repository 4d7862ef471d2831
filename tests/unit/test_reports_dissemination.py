"""The dissemination log: what learning went where, when, to whom, how many people."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lipanel_desktop.errors import NotPermitted, ValidationError
from lipanel_desktop.services.reports.dissemination import (
    MOST_PEOPLE,
    DisseminationInput,
    DisseminationNotFound,
    DisseminationService,
    ReviewNotFound,
)
from lipanel_desktop.storage.store import Store
from tests.unit.test_action_fixtures import TODAY, Plan, plan, user_store  # noqa: F401
from tests.unit.test_actions_service import snapshot


def service(store: Store) -> DisseminationService:
    return DisseminationService(store, clock=lambda: TODAY)


def entry(**overrides: object) -> DisseminationInput:
    values: dict[str, object] = {
        "channel": "implementation_subgroup",
        "held_on": date(2026, 2, 10),
        "audience": "Implementation Sub-group (fictional members)",
        "people_count": 9,
        "learning": "Information-sharing protocol and the learning behind it.",
    }
    values.update(overrides)
    return DisseminationInput(**values)  # type: ignore[arg-type]


def test_log_lists_entries_in_date_order_with_totals_by_channel(store: Store, plan: Plan) -> None:  # noqa: F811
    svc = service(store)
    svc.add(plan.review_id, entry())
    svc.add(plan.review_id, entry(channel="training_session", held_on=date(2025, 11, 3), audience="Fictional practitioners", people_count=30))
    svc.add(plan.review_id, entry(channel="training_session", held_on=date(2026, 1, 3), audience="More fictional practitioners", people_count=None))
    log = svc.log(plan.review_id)
    assert log.review_reference == "MALR-2025-01" and log.review_kind == "Multi-Agency Learning Review"
    assert [e.held_on for e in log.entries] == [date(2025, 9, 1), date(2025, 11, 3), date(2026, 1, 3), date(2026, 2, 10)]
    assert [(t.label, t.occasions, t.people) for t in log.totals] == [
        ("Implementation Sub-group", 1, 9),
        ("Training Sub-group", 1, 12),
        ("Training session", 2, 30),
    ]
    assert (log.total_occasions, log.total_people) == (4, 51)
    assert log.findings == ("Information about the family was not shared between health and police.",)
    assert log.recommendations == ("Agree a shared information protocol.",)


def test_update_and_delete_with_the_deleted_entry_returned_for_undo(store: Store, plan: Plan) -> None:  # noqa: F811
    svc = service(store)
    made = svc.add(plan.review_id, entry())
    changed = svc.update(made.id, entry(audience="  Corrected audience  ", people_count=11))
    assert (changed.audience, changed.people_count) == ("Corrected audience", 11)
    removed = svc.delete(made.id)
    assert removed == changed
    with pytest.raises(DisseminationNotFound):
        svc.delete(made.id)
    with pytest.raises(DisseminationNotFound):
        svc.update(made.id, entry())
    restored = svc.add(removed.review_id, removed.as_input())
    assert restored.as_input() == removed.as_input()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"channel": ""}, "channel"),
        ({"held_on": None}, "held_on"),
        ({"held_on": TODAY + timedelta(days=1)}, "held_on"),
        ({"held_on": "10/02/2026"}, "held_on"),
        ({"audience": ""}, "audience"),
        ({"audience": "a" * 501}, "audience"),
        ({"people_count": -1}, "people_count"),
        ({"people_count": MOST_PEOPLE + 1}, "people_count"),
        ({"people_count": "nine"}, "people_count"),
        ({"people_count": True}, "people_count"),
        ({"learning": "<script>\x00</script>"}, "learning"),
    ],
)
def test_bad_entries_are_refused_and_nothing_changes(store: Store, plan: Plan, change: dict, field: str) -> None:  # noqa: F811
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        service(store).add(plan.review_id, entry(**change))
    assert field in caught.value.problems
    assert snapshot(store) == before


def test_hostile_but_printable_text_is_kept_as_text(store: Store, plan: Plan) -> None:  # noqa: F811
    made = service(store).add(plan.review_id, entry(audience="Robert'); DROP TABLE dissemination;--"))
    assert service(store).log(plan.review_id).entries[-1].audience == made.audience


def test_unknown_review_and_read_only_users_are_refused(store: Store, plan: Plan) -> None:  # noqa: F811
    with pytest.raises(ReviewNotFound):
        service(store).add(999, entry())
    with pytest.raises(ReviewNotFound):
        service(store).log(999)
    reader = user_store(store, "reader", "read-only")
    try:
        before = snapshot(store)
        with pytest.raises(NotPermitted):
            DisseminationService(reader, clock=lambda: TODAY).add(plan.review_id, entry())
        assert snapshot(store) == before
        assert len(DisseminationService(reader).log(plan.review_id).entries) == 1
    finally:
        reader.close()


def test_reviews_offered_newest_first_by_reference_only(store: Store, plan: Plan) -> None:  # noqa: F811
    choices = service(store).reviews()
    assert [c.label for c in choices] == ["MALR-2025-02 (Multi-Agency Learning Review)", "MALR-2025-01 (Multi-Agency Learning Review)"]
