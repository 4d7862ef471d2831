"""The register's rows, filters and FTS5 search on a real encrypted database."""

from __future__ import annotations

from datetime import date, timedelta

from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.services.referral_data import HouseholdInput, ReferralInput
from lipanel_desktop.services.referral_register import (
    AGENCY,
    CHILD,
    ID,
    NEXT_PANEL,
    STATUS,
    ReferralRegister,
    RegisterFilter,
    apply_filter,
    fts_query,
    range_problem,
)
from lipanel_desktop.services.referrals import ReferralService
from lipanel_desktop.storage.store import Store


def make(store: Store, **fields: object) -> int:
    return ReferralService(store).create(ReferralInput(**fields)).id


def test_fts_query_quotes_every_word_as_a_prefix() -> None:
    assert fts_query("sia llew") == '"sia"* "llew"*'
    assert fts_query('NEAR("x") OR * -') == '"NEAR"* "x"* "OR"*'
    assert fts_query("  ") is None
    assert fts_query("🌟") is None
    assert len(fts_query("word " * 100).split()) == 12


def test_search_finds_names_also_known_as_household_and_summary(store: Store) -> None:
    register = ReferralRegister(store)
    a = make(store, child_full_name="Siân Llewelyn", summary="The fictional bicycle incident.")
    b = make(store, child_full_name="Zofia Wójcik", child_also_known_as="Zosia")
    c = make(store, child_full_name="Test Child", household=[HouseholdInput("Bartholomew Example", "", "Uncle", "")])
    assert register.search("sian") == {a}  # diacritics folded
    assert register.search("llew") == {a}
    assert register.search("zos") == {b}
    assert register.search("wojcik") == {b}
    assert register.search("barth") == {c}
    assert register.search("bicycle") == {a}
    assert register.search("test barth") == {c}
    assert register.search("test sian") == set()
    assert register.search("") is None
    assert register.search('"') is None


def test_search_follows_edits_and_household_changes(store: Store) -> None:
    service = ReferralService(store)
    register = ReferralRegister(store)
    detail = service.create(ReferralInput(child_full_name="Original Name",
                                          household=[HouseholdInput("Kept Relative", "", "", "")]))
    form = detail.form
    form.child_full_name = "Renamed Person"
    form.household = [HouseholdInput("Different Relative", "", "", "")]
    service.save(detail.id, form)
    assert register.search("original") == set()
    assert register.search("renamed") == {detail.id}
    assert register.search("kept") == set()
    assert register.search("different") == {detail.id}


def test_rows_are_column_tuples_with_the_next_panel_date(store: Store) -> None:
    first = make(store, child_full_name="First Example", agency_name="Police")
    second = make(store, child_full_name="Second Example")
    today = date.today()
    with store.session() as s:
        past = Meeting(reference="M-1", kind="lip", meeting_date=today - timedelta(days=30))
        soon = Meeting(reference="M-2", kind="lip", meeting_date=today + timedelta(days=10))
        later = Meeting(reference="M-3", kind="lip", meeting_date=today + timedelta(days=70))
        cancelled = Meeting(reference="M-4", kind="lip", status="cancelled", meeting_date=today + timedelta(days=3))
        s.add_all([past, soon, later, cancelled])
        s.flush()
        for meeting in (past, soon, later, cancelled):
            s.add(AgendaItem(meeting_id=meeting.id, referral_id=first))
    rows = {row[ID]: row for row in ReferralRegister(store).rows()}
    assert rows[first][NEXT_PANEL] == today + timedelta(days=10)
    assert rows[second][NEXT_PANEL] is None
    assert rows[first][CHILD] == "First Example" and rows[first][AGENCY] == "Police"
    assert rows[first][STATUS] == "draft"


def test_filters_by_status_agency_and_date_range() -> None:
    rows = [
        (1, "LIP-1", "A", None, "Police", date(2026, 1, 10), "draft", None),
        (2, "LIP-2", "B", None, "Health", date(2026, 2, 10), "submitted", None),
        (3, "LIP-3", "C", None, "police", date(2026, 3, 10), "submitted", None),
        (4, "LIP-4", "D", None, "", None, "withdrawn", None),
    ]
    ids = lambda chosen, found=None: [r[ID] for r in apply_filter(rows, chosen, found)]  # noqa: E731
    assert ids(RegisterFilter()) == [1, 2, 3, 4]
    assert ids(RegisterFilter(statuses=frozenset({"submitted"}))) == [2, 3]
    assert ids(RegisterFilter(agency="Police")) == [1, 3]
    assert ids(RegisterFilter(date_from=date(2026, 2, 1))) == [2, 3]
    assert ids(RegisterFilter(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))) == [2]
    assert ids(RegisterFilter(), {3, 4, 99}) == [3, 4]
    row_ids = [r[ID] for r in rows]  # the model passes the ids it keeps beside the rows
    searched = apply_filter(rows, RegisterFilter(agency="Police"), {1, 2, 3}, row_ids)
    assert [r[ID] for r in searched] == [1, 3]
    assert apply_filter(rows, RegisterFilter(), set(), row_ids) == []


def test_a_date_range_the_wrong_way_round_is_named() -> None:
    assert range_problem(None, None) is None
    assert range_problem(date(2026, 2, 1), None) is None
    assert range_problem(date(2026, 2, 1), date(2026, 2, 1)) is None
    words = range_problem(date(2026, 3, 1), date(2026, 2, 1))
    assert words is not None and "01/03/2026 is after to 01/02/2026" in words


def test_search_still_works_after_the_database_key_is_rotated(store: Store) -> None:
    """Removing a user rotates the key: the search's kept connection must not go on
    with the old one."""
    from lipanel_desktop.services.accounts import AccountService

    register = ReferralRegister(store)
    found = make(store, child_full_name="Rotated Sampleton")
    assert register.search("rotated") == {found}
    accounts = AccountService(store)
    accounts.add("Departing Sampleton", "chair", "Sample-Pass-Phrase-77")
    accounts.remove("Departing Sampleton")  # rotates the database key
    assert register.search("rotated") == {found}
    also = make(store, child_full_name="Rotated Examplewood")
    assert register.search("rotated") == {found, also}
