"""Demo data: deterministic, in every table, every status present, obviously fictional,
and refused (changing nothing) when asked wrongly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from lipanel_desktop.errors import KnownError, NotPermitted, ValidationError
from lipanel_desktop.models import Base
from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.models.decision import DecisionAgency, PanelDecision
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.models.referral import HouseholdMember, Referral
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.action_status import derive_status
from lipanel_desktop.services.database import create_database, open_database
from lipanel_desktop.services.demo import MAX_REFERRALS, MIN_REFERRALS, names, seed_demo
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.actions import ActionStatus
from lipanel_desktop.vocabulary.form_a import EthnicGroup, ReferralStatus
from lipanel_desktop.vocabulary.panel import Decision, MeetingKind, MeetingStatus, ReviewMethod
from lipanel_desktop.vocabulary.reviews import ReviewKind, ReviewStage
from tests.conftest import ADMIN, ADMIN_PASSWORD

ANCHOR = date(2026, 11, 27)
N = 60
#: Not seeded, or holding values that depend on when and where the database was made.
_UNSEEDED = {"audit_log", "accounts", "org_settings"}
_CLOCK_COLUMNS = {"created_at", "updated_at"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One seeded database shared by the read-only checks (seeding is the slow part)."""
    path = tmp_path_factory.mktemp("demo") / "demo.lipanel-db"
    store = create_database(path, ADMIN, ADMIN_PASSWORD)
    seed_demo(store, referrals=N, seed=7, today=ANCHOR)
    yield store
    store.close()


def _content(store: Store) -> dict[str, list[tuple]]:
    out = {}
    with store.read_session() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in _UNSEEDED:
                continue
            columns = [c for c in table.columns if not (table.name in ("agencies", "themes") and c.name in _CLOCK_COLUMNS)]
            out[table.name] = [tuple(r) for r in s.execute(select(*columns).order_by(*table.primary_key.columns))]
    return out


def _count(store: Store, model: type) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_same_seed_same_day_gives_identical_data(seeded: Store, tmp_path: Path) -> None:
    again = create_database(tmp_path / "again.lipanel-db", ADMIN, ADMIN_PASSWORD)
    try:
        seed_demo(again, referrals=N, seed=7, today=ANCHOR)
        assert _content(again) == _content(seeded)
    finally:
        again.close()


def test_another_seed_gives_other_data(seeded: Store, tmp_path: Path) -> None:
    other = create_database(tmp_path / "other.lipanel-db", ADMIN, ADMIN_PASSWORD)
    try:
        seed_demo(other, referrals=N, seed=8, today=ANCHOR)
        with other.read_session() as s:
            theirs = list(s.scalars(select(Referral.child_full_name).order_by(Referral.id)))
        with seeded.read_session() as s:
            ours = list(s.scalars(select(Referral.child_full_name).order_by(Referral.id)))
        assert theirs != ours
    finally:
        other.close()


def test_every_table_has_rows(seeded: Store) -> None:
    with seeded.read_session() as s:
        empty = [t.name for t in Base.metadata.sorted_tables if not s.execute(select(func.count()).select_from(t)).scalar()]
    assert empty == []
    assert _count(seeded, Referral) == N


def _values(store: Store, column: object) -> set:
    with store.read_session() as s:
        return set(s.scalars(select(column).distinct()))


def test_every_status_decision_stage_and_kind_is_present(seeded: Store) -> None:
    assert _values(seeded, Referral.status) == {s.value for s in ReferralStatus}
    assert _values(seeded, Referral.ethnic_group) == {g.value for g in EthnicGroup}
    assert {d.value for d in Decision} <= _values(seeded, PanelDecision.decision)
    assert {m.value for m in ReviewMethod} <= _values(seeded, PanelDecision.review_method)
    assert _values(seeded, Review.stage) == {s.value for s in ReviewStage}
    assert _values(seeded, Review.kind) == {ReviewKind.MALR.value, ReviewKind.SCR.value, ReviewKind.OTHER.value,
                                            ReviewKind.SINGLE_AGENCY.value}
    assert _values(seeded, Meeting.kind) == {k.value for k in MeetingKind}
    assert _values(seeded, Meeting.status) == {s.value for s in MeetingStatus}
    with seeded.read_session() as s:
        rows = s.execute(select(Action.recorded_status, Action.due_date, Action.forecast_date)).all()
    shown = {derive_status(r.recorded_status, r.due_date, r.forecast_date, ANCHOR, 14) for r in rows}
    assert shown == {a.value for a in ActionStatus}


def test_actions_in_every_state_across_several_years(seeded: Store) -> None:
    """The tracker, the reports and the dashboard's trend have history to show: actions set,
    finished and due in different years, every status shown today (most of them among
    actions of different years), revised dates with their reason, progress notes,
    sign-offs and exception notes."""
    with seeded.read_session() as s:
        rows = s.execute(select(Action.created_at, Action.completed_on, Action.due_date, Action.original_due_date,
                                Action.revised_due_reason, Action.signed_off_on, Action.recorded_status,
                                Action.forecast_date)).all()
        updates = s.scalar(select(func.count()).select_from(ActionUpdate))
        notes = s.scalar(select(func.count()).select_from(ExceptionNote))
    # The demo's casework starts some twenty months back: actions are set in both of its
    # calendar years, finished in both, and fall due over three.
    assert len({r.created_at.year for r in rows}) >= 2
    assert len({r.completed_on.year for r in rows if r.completed_on}) >= 2
    assert len({r.due_date.year for r in rows}) >= 3
    by_status: dict[str, set[int]] = {}
    for r in rows:
        code = derive_status(r.recorded_status, r.due_date, r.forecast_date, ANCHOR, 14)
        by_status.setdefault(code, set()).add(r.created_at.year)
    assert set(by_status) == {a.value for a in ActionStatus}
    assert sum(len(years) > 1 for years in by_status.values()) >= 4  # most states hold actions set in different years
    revised = [r for r in rows if r.due_date != r.original_due_date]
    assert revised and all(r.revised_due_reason for r in revised)
    assert any(r.signed_off_on for r in rows) and updates and notes


def test_meetings_span_two_years_with_panels_on_second_tuesdays(seeded: Store) -> None:
    with seeded.read_session() as s:
        panels = list(s.scalars(select(Meeting.meeting_date).where(Meeting.kind == MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL)))
    assert min(panels) < date(2025, 7, 1) and max(panels) > date(2027, 3, 1)
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in panels)
    assert any(d > ANCHOR for d in panels) and any(d < ANCHOR for d in panels)


def test_reviews_ask_five_to_eight_agencies_for_chronologies(seeded: Store) -> None:
    with seeded.read_session() as s:
        per_decision = s.execute(
            select(func.count()).select_from(DecisionAgency).join(PanelDecision)
            .where(PanelDecision.decision.in_([Decision.MALR, Decision.SCR_CONSIDERATION, Decision.OTHER_REVIEW]))
            .group_by(DecisionAgency.decision_id)
        ).scalars().all()
    assert per_decision and all(5 <= n <= 8 for n in per_decision)


_PERSON_COLUMNS = (
    ("referrals", "child_full_name"), ("referrals", "referrer_name"), ("household_members", "full_name"),
    ("attendance", "person_name"), ("review_participants", "person_name"), ("actions", "lead_officer_name"),
    ("actions", "accountable_manager"), ("chronology_entries", "author"), ("panel_decisions", "chair_of_review"),
    ("meetings", "chair_name"), ("reviews", "chair_name"), ("reviews", "independent_reviewer"),
    ("action_updates", "author"),
)


def test_every_person_has_an_obviously_fictional_surname(seeded: Store) -> None:
    people: set[str] = set()
    with seeded.read_session() as s:
        for table, column in _PERSON_COLUMNS:
            people |= {v for v in s.execute(text(f'SELECT DISTINCT "{column}" FROM "{table}"')).scalars() if v}
    assert len(people) > 50
    not_fictional = [p for p in people if not any(p.endswith(" " + surname) for surname in names.SURNAMES)]
    assert not_fictional == []
    assert any(any(ch in p for ch in "ŵŷłśșăğöáî") for p in people)


def test_contacts_are_fictional(seeded: Store) -> None:
    with seeded.read_session() as s:
        phones = set(s.scalars(select(Referral.agency_telephone)))
        emails = set(s.scalars(select(Referral.agency_email)))
    assert all(p.startswith("0161 496 0") for p in phones)
    assert all(e.endswith(".example") for e in emails)


def test_household_names_are_found_by_search_and_triggers_survive(seeded: Store) -> None:
    with seeded.read_session() as s:
        member = s.execute(select(HouseholdMember.referral_id, HouseholdMember.full_name).limit(1)).one()
        surname = member.full_name.split()[-1]
        found = s.execute(text("SELECT rowid FROM referral_search WHERE referral_search MATCH :q"),
                          {"q": f'household: "{surname}"'}).scalars().all()
        triggers = s.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                  "AND name LIKE 'referral_search%'")).scalar()
    assert member.referral_id in found
    assert triggers == 6


def test_numbering_carries_on_after_the_demo(seeded: Store) -> None:
    from lipanel_desktop.services.references import next_reference

    with seeded.read_session() as s:
        last = s.scalar(select(Referral.reference).where(Referral.reference.like("LIP-2026-%")).order_by(Referral.reference.desc()))
    with seeded.session() as s:
        nxt = next_reference(s, "LIP", 2026)
        s.rollback()
    assert last is not None and nxt > last


@pytest.mark.parametrize("referrals", [-5, 0, MIN_REFERRALS - 1, MAX_REFERRALS + 1, 10**12, True, "100", 1.5])
def test_a_wrong_number_of_referrals_is_refused_and_changes_nothing(store: Store, referrals: object) -> None:
    before = _count(store, Referral)
    with pytest.raises(ValidationError) as caught:
        seed_demo(store, referrals=referrals, seed=1)  # type: ignore[arg-type]
    assert "referrals" in caught.value.problems
    assert "\n" not in caught.value.message
    assert _count(store, Referral) == before == 0


@pytest.mark.parametrize("seed", [-1, 2**63, "abc", None, 1.0])
def test_a_wrong_seed_is_refused(store: Store, seed: object) -> None:
    with pytest.raises(ValidationError):
        seed_demo(store, referrals=MIN_REFERRALS, seed=seed)  # type: ignore[arg-type]
    assert _count(store, Referral) == 0


@pytest.mark.parametrize("role", ["read-only", "panel-member", "chair", "unit-admin"])
def test_only_an_administrator_may_seed(store: Store, db_path: Path, role: str) -> None:
    AccountService(store).add("Testy Sampleton", role, "Another-Fictional-Pass-1")
    other = open_database(db_path, "Testy Sampleton", "Another-Fictional-Pass-1")
    try:
        with pytest.raises(NotPermitted):
            seed_demo(other, referrals=MIN_REFERRALS)
    finally:
        other.close()
    assert _count(store, Referral) == 0 and _count(store, Meeting) == 0


def test_a_database_with_casework_is_refused_untouched(seeded: Store) -> None:
    before = _content(seeded)
    with pytest.raises(KnownError, match="already holds casework"):
        seed_demo(seeded, referrals=MIN_REFERRALS, seed=99, today=ANCHOR)
    assert _content(seeded) == before
