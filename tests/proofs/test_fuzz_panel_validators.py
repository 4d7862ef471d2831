"""Fuzz, continued: the checks behind the review and panel screens (the shared text and
date checks, every review field, themes, findings, early closing, clock pauses, panel
decisions) and the date arithmetic the deadlines and retention rest on.

Each either accepts its input or refuses it in plain words (a `KnownError`, usually a
`ValidationError` naming the field), and a refusal changes nothing in the database.
Accepted values are checked too: checking them again gives them back unchanged.
"""

from __future__ import annotations

import calendar as std_calendar
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.services.field_checks import EARLIEST, LATEST
from lipanel_desktop.storage.store import Store
from tests.proofs.test_fuzz_validators import FUZZ, TODAY, built, nasty

#: Cases that write to a database are slower; fewer examples, the same kinds of input.
FUZZ_DB = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: What a screen, a script or a damaged draft might hand a check (Qt gives str, date or None).
anything = st.one_of(nasty, st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.binary(max_size=20))
believable = st.dates(min_value=EARLIEST, max_value=LATEST)


def _plain(error: KnownError) -> None:
    assert isinstance(error.message, str) and error.message.strip()
    if isinstance(error, ValidationError):
        assert error.problems and all(isinstance(v, str) and v.strip() for v in error.problems.values())


# -- the shared checks -----------------------------------------------------------------------


@FUZZ
@given(value=anything, limit=st.integers(min_value=1, max_value=400), required=st.booleans(), multiline=st.booleans())
def test_shared_text_check(value: Any, limit: int, required: bool, multiline: bool) -> None:
    from lipanel_desktop.services.field_checks import clean_text

    problems: dict[str, str] = {}
    text = clean_text(value, field="f", label="The field", problems=problems, limit=limit, required=required,
                      multiline=multiline)
    if problems:
        assert set(problems) == {"f"} and problems["f"].strip()
        return
    assert isinstance(text, str) and len(text) <= limit and text == text.strip()
    assert "\r" not in text and "\x00" not in text
    if not multiline:
        assert "\n" not in text and "\t" not in text
    assert not required or text
    again: dict[str, str] = {}
    assert clean_text(text, field="f", label="The field", problems=again, limit=limit, required=required,
                      multiline=multiline) == text and not again


@FUZZ
@given(value=anything, not_after=st.one_of(st.none(), st.dates()), required=st.booleans())
def test_shared_date_check(value: Any, not_after: date | None, required: bool) -> None:
    from lipanel_desktop.services.field_checks import check_date

    problems: dict[str, str] = {}
    day = check_date(value, field="d", label="The date", problems=problems, required=required, not_after=not_after)
    if problems:
        assert day is None and problems["d"].strip()
        return
    if day is None:
        assert value is None and not required
        return
    assert EARLIEST <= day <= LATEST and (not_after is None or day <= not_after)


# -- reviews: every field the review screens can change ------------------------------------


@FUZZ
@given(index=st.integers(min_value=0, max_value=1000), value=st.one_of(anything, believable))
def test_every_review_field(index: int, value: Any) -> None:
    from lipanel_desktop.services.reviews import FIELD_RULES, _clean

    name, rule = list(FIELD_RULES.items())[index % len(FIELD_RULES)]
    problems: dict[str, str] = {}
    cleaned = _clean(name, rule, value, TODAY, problems)
    if problems:
        assert set(problems) == {name} and problems[name].strip()
        return
    again: dict[str, str] = {}
    assert _clean(name, rule, cleaned, TODAY, again) == cleaned and not again
    if rule.kind == "choice" and cleaned:
        assert cleaned in (rule.choices or {})


@FUZZ
@given(value=anything)
def test_theme_names(value: Any) -> None:
    from lipanel_desktop.services.review_themes import _name

    try:
        name = _name(value)
    except ValidationError as error:
        _plain(error)
        return
    assert name and name == " ".join(name.split()) and _name(name) == name


# -- date arithmetic under the deadlines and retention ----------------------------------------


@FUZZ
@given(day=believable, months=st.integers(min_value=0, max_value=120))
def test_months_later(day: date, months: int) -> None:
    from lipanel_desktop.services.review_workflow import add_months

    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == min(day.day, std_calendar.monthrange(later.year, later.month)[1])


@FUZZ
@given(day=believable, years=st.integers(min_value=0, max_value=100))
def test_years_later(day: date, years: int) -> None:
    from lipanel_desktop.services.retention import add_years

    later = add_years(day, years)
    assert later.year == day.year + years and later.month == day.month
    assert later.day == day.day or (day.month, day.day, later.day) == (2, 29, 28)


@FUZZ
@given(value=nasty)
def test_calendar_text_is_escaped_and_folded(value: str) -> None:
    from lipanel_desktop.services.calendar_ics import CRLF, escape_text, fold

    line = "SUMMARY:" + escape_text(value)
    assert "\n" not in line.replace("\\n", "")  # no raw line break survives escaping
    folded = fold(line)
    pieces = folded.split(CRLF)
    assert all(len(p.encode("utf-8", "surrogatepass")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == line  # unfolding gives the line back


# -- with a database: refusals change nothing ---------------------------------------------------


@pytest.fixture(scope="module")
def review_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int]]:
    """One database with one open review (made the real way, by a panel decision)."""
    from lipanel_desktop.services.database import create_database
    from tests.conftest import ADMIN, ADMIN_PASSWORD
    from tests.review_factories import open_review

    store = create_database(tmp_path_factory.mktemp("fuzzreview") / "panel.lipanel-db", ADMIN, ADMIN_PASSWORD)
    review_id = open_review(store)
    yield store, review_id
    store.close()


def _review_snapshot(store: Store, review_id: int) -> dict[str, Any]:
    from tests.review_factories import snapshot

    return snapshot(store, review_id)


def _changes() -> st.SearchStrategy[dict[str, Any]]:
    from lipanel_desktop.services.reviews import FIELD_RULES

    names = st.sampled_from(sorted(FIELD_RULES) + ["stage", "reference", "", "id; DROP TABLE reviews"])
    return st.dictionaries(names, st.one_of(anything, believable), min_size=1, max_size=4)


@FUZZ_DB
@given(changes=_changes())
def test_review_updates(review_store: tuple[Store, int], changes: dict[str, Any]) -> None:
    from lipanel_desktop.services.reviews import ReviewService

    store, review_id = review_store
    before = _review_snapshot(store, review_id)
    try:
        ReviewService(store).update(review_id, changes, today=TODAY)
    except KnownError as error:
        _plain(error)
        assert _review_snapshot(store, review_id) == before
        return
    assert set(changes) <= set(before)


@FUZZ_DB
@given(text=anything, agreed_on=st.one_of(st.none(), st.dates(), nasty))
def test_findings(review_store: tuple[Store, int], text: Any, agreed_on: Any) -> None:
    from lipanel_desktop.services.review_findings import ReviewFindingsService

    store, review_id = review_store
    service = ReviewFindingsService(store)
    count = len(service.findings(review_id))
    try:
        rows = service.add_finding(review_id, text, agreed_on, today=TODAY)
    except KnownError as error:
        _plain(error)
        assert len(service.findings(review_id)) == count
        return
    assert len(rows) == count + 1 and rows[-1].text and len(rows[-1].text) <= len(text)


@FUZZ_DB
@given(name=anything)
def test_themes(review_store: tuple[Store, int], name: Any) -> None:
    from lipanel_desktop.services.review_themes import ThemeService

    store, _review_id = review_store
    service = ThemeService(store)
    count = len(service.entries())
    try:
        entry = service.add(name)
    except KnownError as error:
        _plain(error)
        assert len(service.entries()) == count
        return
    assert entry.name == " ".join(name.split())
    with pytest.raises(KnownError):
        service.add(name)  # the same theme twice is refused


def _early_closures() -> st.SearchStrategy[Any]:
    from lipanel_desktop.services.review_closure import EarlyClosure
    from lipanel_desktop.vocabulary.reviews import ClosureReason

    reasons = st.one_of(st.sampled_from([r.value for r in ClosureReason]), nasty)
    return st.builds(EarlyClosure, reason=reasons, note=st.one_of(nasty, st.none(), st.integers()),
                     merged_into_id=st.one_of(st.none(), st.integers(min_value=-2, max_value=5), st.booleans(), nasty),
                     closed_on=st.one_of(st.none(), st.dates(), nasty))


@FUZZ_DB
@given(data=_early_closures())
def test_closing_a_review_early(review_store: tuple[Store, int], data: Any) -> None:
    from lipanel_desktop.services.review_closure import ReviewClosureService

    store, review_id = review_store
    service = ReviewClosureService(store)
    before = _review_snapshot(store, review_id)
    try:
        service.close_early(review_id, data, today=TODAY)
    except KnownError as error:
        _plain(error)
        assert _review_snapshot(store, review_id) == before
        return
    service.reopen(review_id, "Reopened by the fuzz test (fictional).", today=TODAY)  # ready for the next example


@FUZZ_DB
@given(started_on=st.one_of(st.none(), st.dates(), nasty), reason=anything)
def test_clock_pauses(review_store: tuple[Store, int], started_on: Any, reason: Any) -> None:
    from lipanel_desktop.services.statutory_clock import ClockService

    store, review_id = review_store
    service = ClockService(store)
    before = service.pauses(review_id=review_id)
    try:
        after = service.pause(started_on, reason, review_id=review_id, today=TODAY)
    except KnownError as error:
        _plain(error)
        assert service.pauses(review_id=review_id) == before
        return
    assert len(after) == len(before) + 1
    service.resume(after[-1].id, TODAY, today=TODAY)


@FUZZ_DB
@given(data=built(__import__("lipanel_desktop.services.decisions", fromlist=["DecisionData"]).DecisionData))
def test_panel_decisions(review_store: tuple[Store, int], data: Any) -> None:
    from sqlalchemy import func, select

    from lipanel_desktop.models.review import Review
    from lipanel_desktop.services.decisions import DecisionService

    store, _review_id = review_store

    def reviews() -> int:
        with store.read_session() as s:
            return int(s.scalar(select(func.count()).select_from(Review)) or 0)

    count = reviews()
    try:
        DecisionService(store).record(data, today=TODAY)
    except KnownError as error:
        _plain(error)
        assert reviews() == count
