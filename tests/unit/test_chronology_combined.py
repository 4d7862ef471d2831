"""The combined chronology's analysis: one event seen by several agencies grouped (not
lost), date conflicts flagged, and gaps with no agency contact found."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from lipanel_desktop.services.chronology.combined import analyse, find_gaps, find_groups
from lipanel_desktop.services.chronology.entries import EntryRow

_ids = iter(range(1, 10**9))
AGENCIES = {"Police": 1, "Children's Social Care": 2, "Health": 3, "Education": 4}


def entry(agency: str, day: date, event: str, *, to: date | None = None, certainty: str = "exact") -> EntryRow:
    return EntryRow(next(_ids), AGENCIES[agency], agency, day, to, None, certainty, "", "record", "Log", event,
                    "medium", "", "", None)


def ordered(rows: list[EntryRow]) -> list[EntryRow]:
    return sorted(rows, key=lambda r: (r.date_from, r.id))


def test_the_same_event_from_three_agencies_is_one_group() -> None:
    day = date(2019, 4, 3)
    rows = ordered([
        entry("Police", day, "Police called to domestic incident at family home; mother assaulted by partner"),
        entry("Children's Social Care", day + timedelta(days=1),
              "Notification from police of a domestic incident at the home: mother assaulted by her partner"),
        entry("Health", day, "Health visitor told of domestic incident; mother reports assault by partner at home"),
        entry("Education", day, "Child absent from school, no reason given"),
        entry("Health", day + timedelta(days=1), "Baby weighed at clinic, weight gain good"),
    ])
    (group,) = find_groups(rows, near_days=3)
    assert set(group.agencies) == {"Police", "Children's Social Care", "Health"}
    assert group.conflict and "Police: 03/04/2019" in group.dates and "Children's Social Care: 04/04/2019" in group.dates


def test_same_day_same_event_is_not_a_conflict_and_one_agency_never_groups_with_itself() -> None:
    day = date(2019, 6, 1)
    rows = ordered([
        entry("Police", day, "Strategy meeting held, section 47 enquiry agreed"),
        entry("Health", day, "Attended strategy meeting; section 47 enquiry agreed"),
        entry("Health", day, "Strategy meeting held, section 47 enquiry agreed by all"),
    ])
    (group,) = find_groups(rows, near_days=3)
    assert group.size == 2 and not group.conflict and group.dates == ""


def test_dates_too_far_apart_or_too_vague_are_not_grouped() -> None:
    text = "Police called to domestic incident at family home"
    rows = ordered([
        entry("Police", date(2019, 4, 3), text),
        entry("Health", date(2019, 4, 10), text),
        entry("Education", date(2019, 1, 1), text, to=date(2019, 12, 31), certainty="year"),
    ])
    assert find_groups(rows, near_days=3) == []
    assert len(find_groups(rows, near_days=7)) == 1


def test_gaps_with_no_contact_within_the_period() -> None:
    rows = ordered([
        entry("Police", date(2019, 2, 1), "Visit"),
        entry("Health", date(2019, 3, 1), "Visit"),
        entry("Health", date(2019, 9, 1), "Visit"),  # 183 days after the last contact
        entry("Police", date(2019, 1, 1), "Year", to=date(2019, 12, 31), certainty="year"),  # too vague to count
    ])
    gaps = find_gaps(rows, gap_days=90, period_from=date(2019, 1, 1), period_to=date(2020, 1, 31),
                     today=date(2026, 1, 1))
    assert [(g.start, g.end) for g in gaps] == [(date(2019, 3, 2), date(2019, 8, 31)),
                                                 (date(2019, 9, 2), date(2020, 1, 31))]
    assert gaps[0].days == 183
    assert gaps[0].describe() == "No agency contact for 183 days: 02/03/2019 to 31/08/2019"


def test_a_gap_at_the_start_of_the_period_and_none_without_entries_or_period() -> None:
    rows = [entry("Police", date(2019, 6, 1), "Visit")]
    (gap,) = find_gaps(rows, gap_days=90, period_from=date(2019, 1, 1), period_to=date(2019, 6, 30))
    assert (gap.start, gap.end) == (date(2019, 1, 1), date(2019, 5, 31))
    assert find_gaps([], gap_days=90) == []
    assert find_gaps(rows, gap_days=90) == []


def test_analysis_maps_entries_to_groups() -> None:
    day = date(2019, 4, 3)
    rows = ordered([entry("Police", day, "Child found wandering alone near the canal by officers"),
                    entry("Children's Social Care", day, "Police report child found wandering alone near canal")])
    result = analyse(rows, near_days=3, gap_days=90)
    assert result.group_of == {rows[0].id: 0, rows[1].id: 0}
    assert result.summary() == "1 event seen by several agencies · 0 date conflicts · 0 gaps"


def test_twenty_thousand_entries_are_analysed_quickly() -> None:
    rng = random.Random(7)
    words = ("home visit school police hospital clinic strategy meeting referral assessment mother father "
             "child baby injury bruise absence housing eviction probation alcohol drugs appointment missed "
             "letter telephone conference plan review nursery health visitor weight concern neglect").split()
    start = date(2015, 1, 1)
    rows = ordered([
        entry(rng.choice(list(AGENCIES)), start + timedelta(days=rng.randint(0, 8 * 365)),
              " ".join(rng.choice(words) for _ in range(rng.randint(5, 15))))
        for _ in range(20_000)
    ])
    started = time.perf_counter()
    result = analyse(rows, near_days=3, gap_days=90)
    assert time.perf_counter() - started < 5  # about half a second on the team's machines
    assert all(len(set(g.agencies)) == g.size for g in result.groups)
