"""Fuzz: every validator, date or time reader and importer in services/ (and the file
readers they rely on) either accepts its input or refuses it with plain words — a
`KnownError`, a field problem or a problems dict — and never fails any other way.
Accepted values are also checked: a second pass accepts them unchanged.

The chronology importer and the chronology date reader have their own fuzz tests beside
them (tests/unit/test_chronology_import_fuzz.py, test_chronology_dates.py); their
single-field readers are also fuzzed here for crashes.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from lipanel_desktop.errors import KnownError, ValidationError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = date(2026, 5, 1)

# Text that breaks naive code: control characters, right-to-left marks, surrogates written
# as escapes, very long runs, names in many scripts, and look-alike digits.
nasty = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        ["", " ", "\x00", "\u202e", "\ufeff", "٣١/٠١/٢٠٢٠", "31/02/2020", "29/02/2023", "00/00/0000", "1/1/1",
         "99:99", "24:00", "-1", "1e9", "१२", "Ŵyn Ffŷnnon", "Żółć Łęcka", "Ó Súilleabháin", "أحمد", "🙂" * 50,
         "x" * 3000, "'; DROP TABLE referrals; --", "=HYPERLINK(\"http://example.invalid\")", "\r\n\t"]
    ),
)
plain_words = (KnownError,)


def _strategy_for(annotation: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is str:
        return nasty
    if annotation is int:
        return st.integers(min_value=-(2**63), max_value=2**63)
    if annotation is bool:
        return st.booleans()
    if annotation is date:
        return st.dates()
    if annotation is time:
        return st.times()
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return st.one_of(*[_strategy_for(a) if a is not type(None) else st.none() for a in args])
    if origin in (tuple, list):
        inner = _strategy_for(args[0]) if args else nasty
        return st.lists(inner, max_size=4).map(origin)
    if dataclasses.is_dataclass(annotation):
        return built(annotation)
    return st.one_of(st.none(), nasty, st.integers())


def built(cls: type) -> st.SearchStrategy[Any]:
    """Any instance of a dataclass, each field filled by its annotation's strategy."""
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: _strategy_for(hints[f.name]) for f in dataclasses.fields(cls) if f.init})


# -- Form A: one field at a time ----------------------------------------------------------------


@FUZZ
@given(text=nasty)
def test_form_a_field_readers_accept_or_explain(text: str) -> None:
    from lipanel_desktop.services.referral_fields import (
        FieldProblem,
        clean_email,
        clean_telephone,
        format_time,
        format_uk_date,
        parse_age,
        parse_time,
        parse_uk_date,
    )

    for reader, formatter in ((parse_uk_date, format_uk_date), (parse_time, format_time), (parse_age, str),
                              (clean_telephone, str), (clean_email, str)):
        try:
            value = reader(text)
        except FieldProblem as problem:
            assert problem.message and len(problem.message) < 300
            continue
        if value is not None and value != "":
            assert reader(formatter(value)) == value  # what was accepted reads back the same


@FUZZ
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), sep=st.sampled_from("/.-"))
def test_every_real_uk_date_reads_back(day: date, sep: str) -> None:
    from lipanel_desktop.services.referral_fields import parse_uk_date

    assert parse_uk_date(f"{day.day}{sep}{day.month}{sep}{day:%Y}") == day
    assert parse_uk_date(f" {day:%d/%m/%Y} ") == day


@FUZZ
@given(form=built(__import__("lipanel_desktop.services.referral_data", fromlist=["ReferralInput"]).ReferralInput),
       agencies=st.frozensets(st.integers(min_value=1, max_value=20), max_size=5))
def test_a_whole_form_a_is_read_or_its_problems_listed(form: Any, agencies: frozenset[int]) -> None:
    from lipanel_desktop.services.referral_rules import missing_for_submission, read_form

    read = read_form(form, today=TODAY, agency_ids=agencies)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in read.problems.items())
    missing = missing_for_submission(read)
    assert all(isinstance(v, str) and v for v in missing.values())
    for value in read.values.values():
        if isinstance(value, str):
            assert "\x00" not in value


draft_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), nasty),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(nasty, children, max_size=6)),
    max_leaves=30,
)


@FUZZ
@given(data=st.one_of(draft_json, st.dictionaries(st.sampled_from(
    ["child_full_name", "household", "agencies_involved", "agency_id", "summary", "child_dob"]), draft_json, max_size=6)))
def test_a_draft_from_any_json_opens(data: Any) -> None:
    """A draft is read back from JSON kept in the database: an old or odd one must open."""
    from lipanel_desktop.services.referral_data import ReferralInput

    form = ReferralInput.from_json(data)
    assert isinstance(form, ReferralInput)
    assert ReferralInput.from_json(json.loads(json.dumps(form.to_json()))) == form


# -- accounts, passwords, settings -------------------------------------------------------------


@FUZZ
@given(name=nasty)
def test_user_names(name: str) -> None:
    from lipanel_desktop.services.accounts import check_user_name

    try:
        assert check_user_name(name) == name
    except ValidationError as problem:
        assert "name" in problem.problems
        return
    assert 1 <= len(name) <= 64 and name == name.strip()
    assert not any(ch in name for ch in "\x00\n\r\t/\\")


@FUZZ
@given(role=nasty)
def test_roles(role: str) -> None:
    from lipanel_desktop.services.accounts import check_role

    try:
        assert check_role(role).value == role
    except ValidationError as problem:
        assert "is not a role" in problem.problems["role"]


@FUZZ
@given(password=nasty, user=nasty)
def test_password_rules(password: str, user: str) -> None:
    from lipanel_desktop.services.passwords import MIN_LENGTH, check_new_password, password_problem

    problem = password_problem(password, user)
    if problem is None:
        assert len(password) >= MIN_LENGTH and password == password.strip()
        check_new_password(password, user)
    else:
        with pytest.raises(ValidationError):
            check_new_password(password, user)


@FUZZ
@given(value=st.one_of(nasty, st.integers(min_value=-(10**12), max_value=10**12), st.booleans(), st.none(),
                       st.floats(), st.lists(st.integers(), max_size=2)),
       index=st.integers(min_value=0, max_value=200))
def test_every_organisation_setting_accepts_or_explains(value: Any, index: int) -> None:
    from lipanel_desktop.services.organisation import REGISTRY

    setting = REGISTRY[index % len(REGISTRY)]
    try:
        checked = setting.check(value)
    except ValidationError as problem:
        assert setting.key in problem.problems
        return
    assert isinstance(checked, setting.kind)
    assert setting.check(checked) == checked


# -- the panel's forms -------------------------------------------------------------------------


def _problems_or_plain(call: Any) -> dict[str, str] | None:
    try:
        return call()
    except ValidationError as problem:
        assert problem.problems and all(isinstance(v, str) and v for v in problem.problems.values())
        return None


@FUZZ
@given(data=built(__import__("lipanel_desktop.services.meetings", fromlist=["MeetingData"]).MeetingData))
def test_meetings(data: Any) -> None:
    from lipanel_desktop.services.meetings import check_meeting_data

    problems: dict[str, str] = {}
    check_meeting_data(data, problems)
    assert all(isinstance(v, str) and v for v in problems.values())


@FUZZ
@given(data=built(__import__("lipanel_desktop.services.meeting_actions", fromlist=["ActionData"]).ActionData),
       day=st.one_of(st.none(), st.dates()))
def test_meeting_actions(data: Any, day: date | None) -> None:
    from lipanel_desktop.services.meeting_actions import check_action

    _problems_or_plain(lambda: check_action(data, day))


@FUZZ
@given(details=built(__import__("lipanel_desktop.services.actions", fromlist=["ActionDetails"]).ActionDetails))
def test_action_details(details: Any) -> None:
    from lipanel_desktop.services.action_checks import Problems
    from lipanel_desktop.services.actions import check_details

    problems = Problems()
    check_details(details, problems)
    _problems_or_plain(lambda: problems.raise_if_any())


@FUZZ
@given(data=built(__import__("lipanel_desktop.services.reports.dissemination", fromlist=["DisseminationInput"]).DisseminationInput))
def test_dissemination(data: Any) -> None:
    from lipanel_desktop.services.reports.dissemination import check_input

    _problems_or_plain(lambda: check_input(data, TODAY))


@FUZZ
@given(start=st.one_of(st.none(), st.dates()), end=st.one_of(st.none(), st.dates()))
def test_highlight_report_periods(start: date | None, end: date | None) -> None:
    from lipanel_desktop.services.reports.highlight_report import check_period

    result = _problems_or_plain(lambda: check_period(start, end))
    if result is not None:
        first, last = result  # type: ignore[misc]
        assert first <= last


@FUZZ
@given(rule=built(__import__("lipanel_desktop.services.calendar", fromlist=["ScheduleRule"]).ScheduleRule),
       first=st.one_of(st.none(), st.dates(), nasty), last=st.one_of(st.none(), st.dates(), st.integers()))
def test_panel_schedule_rules(rule: Any, first: Any, last: Any) -> None:
    from lipanel_desktop.services.calendar import check_rule

    problems = check_rule(rule, first, last)
    assert all(isinstance(v, str) and v for v in problems.values())


@FUZZ
@given(referrals=st.one_of(st.integers(), st.booleans(), nasty, st.none(), st.floats()),
       seed=st.one_of(st.integers(), st.booleans(), nasty, st.none()))
def test_demo_requests(referrals: Any, seed: Any) -> None:
    from lipanel_desktop.services.demo import check_request

    _problems_or_plain(lambda: check_request(referrals, seed))


# -- chronology: single fields and entries -------------------------------------------------------


@FUZZ
@given(value=st.one_of(nasty, st.integers(min_value=-(10**9), max_value=10**9), st.floats(), st.dates(),
                       st.datetimes(), st.times(), st.none(), st.booleans()))
def test_chronology_dates_and_times_never_crash(value: Any) -> None:
    from lipanel_desktop.services.chronology.dates import DateProblem, parse_date, parse_time

    for reader in (lambda v: parse_date(v, today=TODAY), parse_time):
        try:
            reader(value)
        except DateProblem as problem:
            assert problem.message


@FUZZ
@given(entry=built(__import__("lipanel_desktop.services.chronology.fields", fromlist=["EntryInput"]).EntryInput))
def test_chronology_entries(entry: Any) -> None:
    from lipanel_desktop.services.chronology.fields import check_entry

    checked, problems = check_entry(entry, today=TODAY)
    assert (checked is None) == bool(problems)
    assert all(isinstance(v, str) and v for v in problems.values())


@FUZZ
@given(value=st.one_of(nasty, st.integers(), st.floats(), st.none(), st.dates()))
def test_chronology_column_headings(value: Any) -> None:
    from lipanel_desktop.services.chronology.columns import normalise

    once = normalise(value)
    assert isinstance(once, str) and normalise(once) == once


# -- documents ---------------------------------------------------------------------------------


@FUZZ
@given(recipients=st.lists(nasty, max_size=5), password=st.one_of(st.none(), nasty))
def test_document_recipients_and_passwords(recipients: list[str], password: str | None) -> None:
    from lipanel_desktop.services.documents.service import check_password, check_recipients

    cleaned = _problems_or_plain(lambda: check_recipients(recipients))
    if cleaned is not None:
        assert check_recipients(cleaned) == cleaned  # type: ignore[arg-type]
    _problems_or_plain(lambda: check_password(password))


@FUZZ
@given(kind=nasty, target=nasty, key=nasty, profile=nasty)
def test_document_requests_from_the_command_line(kind: str, target: str, key: str, profile: str) -> None:
    from lipanel_desktop.services.documents.service import DocumentRequest

    try:
        DocumentRequest.parse(kind, target, key, profile)
    except (KnownError, ValueError) as problem:
        assert str(problem)


# -- this issue's own readers ----------------------------------------------------------------------


@FUZZ
@given(raw=st.one_of(st.binary(max_size=600), nasty.map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.dictionaries(nasty, draft_json, max_size=6).map(lambda d: json.dumps(d).encode())))
def test_lock_files_and_key_files_of_any_content(raw: bytes) -> None:
    from lipanel_desktop.storage.instance_lock import LockInfo
    from lipanel_desktop.storage.keyslots import KeyFile

    info = LockInfo.from_bytes(raw)
    if info is not None:
        assert LockInfo.from_bytes(info.to_bytes()) == info
    try:
        KeyFile.from_bytes(raw)
    except KnownError as problem:
        assert "key file" in problem.message.lower()


@FUZZ
@given(raw=st.binary(max_size=2000), head=st.sampled_from([b"", b"LIPANEL-BACKUP\n"]))
def test_backup_headers_of_any_content(tmp_path_factory: pytest.TempPathFactory, raw: bytes, head: bytes) -> None:
    from lipanel_desktop.services.backup_schedule import database_id_of
    from lipanel_desktop.storage.backup import read_container

    path = tmp_path_factory.mktemp("fuzz") / "x.lipanel-backup"
    path.write_bytes(head + raw)
    assert database_id_of(path) is None or isinstance(database_id_of(path), str)
    with pytest.raises(KnownError):
        read_container(path)


@FUZZ
@given(user=nasty, record=nasty, action=nasty, entity=nasty,
       start=st.one_of(st.none(), st.dates()), end=st.one_of(st.none(), st.dates()))
@example(user="", record="", action="", entity="", start=date.min, end=date.max)  # found by CI-style run
@example(user="", record="", action="", entity="", start=date(1, 1, 2), end=date(9999, 12, 30))
def test_audit_filters(audit_store: Any, user: str, record: str, action: str, entity: str,
                       start: date | None, end: date | None) -> None:
    from lipanel_desktop.services.audit_log import AuditFilter, AuditLogService

    wanted = AuditFilter(user=user, record=record, action=action, entity=entity, date_from=start, date_to=end)
    try:
        result = AuditLogService(audit_store).search(wanted, limit=20)
    except ValidationError as problem:
        assert problem.problems
        return
    assert len(result.rows) <= 20 and result.total >= len(result.rows)


@FUZZ
@given(reference=nasty, reason=nasty)
def test_legal_holds(audit_store: Any, reference: str, reason: str) -> None:
    from lipanel_desktop.services.retention import RetentionService

    assume(reference.strip().upper() != "LIP-2026-0001")
    service = RetentionService(audit_store)
    with pytest.raises(ValidationError):
        service.place_hold(reference, reason)


@FUZZ
@given(references=st.lists(nasty, max_size=3), authority=nasty, word=nasty)
def test_destruction_requests(audit_store: Any, references: list[str], authority: str, word: str) -> None:
    from lipanel_desktop.services.retention import RetentionService

    with pytest.raises(ValidationError):  # nothing here is a finished case, so nothing is ever destroyed
        RetentionService(audit_store).destroy(references, authority, word, today=TODAY)


@FUZZ
@given(folder=nasty, kept=st.integers(min_value=-5, max_value=1000))
def test_backup_folders(audit_store: Any, folder: str, kept: int) -> None:
    from lipanel_desktop.services.backup_schedule import BackupSchedule

    assume(folder.strip())
    try:
        BackupSchedule(audit_store).set_folder(folder, kept)
    except (ValidationError, KnownError):
        return
    assert Path(folder.strip()).is_dir()


@pytest.fixture(scope="module")
def audit_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One database for the fuzz tests that need one (hypothesis runs many examples in one test)."""
    from lipanel_desktop.models.referral import Referral
    from lipanel_desktop.services.database import create_database
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    store = create_database(tmp_path_factory.mktemp("fuzzdb") / "panel.lipanel-db", ADMIN, ADMIN_PASSWORD)
    with store.session() as s:
        s.add(Referral(reference="LIP-2026-0001", child_full_name="Fuzz Testchild", status="submitted"))
    yield store
    store.close()
