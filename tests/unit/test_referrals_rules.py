"""Form A's field readers and rules, without a database: every rule with bad input."""

from __future__ import annotations

from datetime import date, time

import pytest

from lipanel_desktop.services.referral_data import AgencyInvolvedInput, HouseholdInput, ReferralInput
from lipanel_desktop.services.referral_fields import (
    FieldProblem,
    age_on,
    clean_email,
    clean_telephone,
    parse_age,
    parse_time,
    parse_uk_date,
)
from lipanel_desktop.services.referral_rules import SUMMARY_LIMIT, missing_for_submission, read_form

TODAY = date(2026, 11, 27)
AGENCIES = {1, 2, 3}


def complete_form(**changes: object) -> ReferralInput:
    form = ReferralInput(
        child_full_name="Test Child Alpha",
        child_dob="03/04/2019",
        incident_date="01/11/2026",
        incident_time="14:30",
        referral_date="20/11/2026",
        referrer_name="Fictional Referrer",
        ofsted_notified="not_known",
        agency_id=2,
        agency_name="Police",
        agency_telephone="0161 474 1234",
        sex="female",
        ethnic_group="white_british",
        immigration_status="not_known",
        incident_type="critical_incident",
        summary="A fictional account of a fictional event.",
        case_kind="near_miss",
        expected_learning="Information sharing between fictional agencies.",
        scr_criteria="not_sure",
        on_child_protection_plan="no",
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


def read(form: ReferralInput):
    return read_form(form, today=TODAY, agency_ids=AGENCIES)


# -- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize("typed, expected", [("27/11/2026", date(2026, 11, 27)), ("1/2/2020", date(2020, 2, 1)),
                                             ("29/02/2024", date(2024, 2, 29)), ("27.11.2026", date(2026, 11, 27)),
                                             (" 27-11-2026 ", date(2026, 11, 27)), ("", None)])
def test_uk_dates_are_read_day_first(typed: str, expected: date | None) -> None:
    assert parse_uk_date(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/2020", "29/02/2023", "00/01/2020", "32/01/2020", "12/13/2020"])
def test_impossible_dates_are_named_as_not_real(typed: str) -> None:
    with pytest.raises(FieldProblem, match="not a real date"):
        parse_uk_date(typed)


@pytest.mark.parametrize("typed", ["2020-02-01", "tomorrow", "1/2/20", "01/02/2020 10:00", "١٢/٠٣/٢٠٢٠", "27/11/2026\x00"])
def test_text_that_is_not_a_date_says_how_to_type_one(typed: str) -> None:
    with pytest.raises(FieldProblem, match="dd/mm/yyyy"):
        parse_uk_date(typed)


def test_years_far_outside_a_lifetime_are_refused() -> None:
    with pytest.raises(FieldProblem, match="believable"):
        parse_uk_date("01/01/1850")
    with pytest.raises(FieldProblem, match="believable"):
        parse_uk_date("01/01/9999")


def test_times_are_24_hour() -> None:
    assert parse_time("14:30") == time(14, 30)
    assert parse_time("7.05") == time(7, 5)
    for bad in ("25:00", "12:60", "2pm", "1430"):
        with pytest.raises(FieldProblem):
            parse_time(bad)


def test_age_is_worked_out_in_whole_years() -> None:
    assert age_on(date(2019, 4, 3), date(2026, 4, 2)) == 6
    assert age_on(date(2019, 4, 3), date(2026, 4, 3)) == 7
    assert age_on(date(2020, 2, 29), date(2021, 2, 28)) == 0


@pytest.mark.parametrize("typed", ["-1", "19", "seven", "3.5", "٣"])
def test_typed_age_must_be_a_child_age(typed: str) -> None:
    with pytest.raises(FieldProblem):
        parse_age(typed)


# -- contact details ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0161 474 1234", "01614741234", "+44 161 474 1234", "07700 900123",
                                   "(0161) 474-1234", "+44 (0)161 474 1234"])
def test_uk_telephone_numbers_are_accepted(typed: str) -> None:
    assert clean_telephone(typed) == typed


@pytest.mark.parametrize("typed", ["12345", "+1 212 555 0100", "0161 474 1234 ext 2", "call me", "0161474123456789",
                                   "0161\t474 1234"])
def test_other_telephone_numbers_are_refused(typed: str) -> None:
    with pytest.raises(FieldProblem, match="UK telephone"):
        clean_telephone(typed)


@pytest.mark.parametrize("typed", ["referrer@agency.gov.uk", "first.last+tag@example.org"])
def test_email_addresses_are_accepted(typed: str) -> None:
    assert clean_email(typed) == typed


@pytest.mark.parametrize("typed", ["no-at-sign", "a@b", "two@@example.org", "spaces in@example.org",
                                   "x@" + "a" * 250 + ".uk", "name@exam\nple.org"])
def test_wrong_email_addresses_are_refused(typed: str) -> None:
    with pytest.raises(FieldProblem, match="email"):
        clean_email(typed)


# -- the whole form ----------------------------------------------------------------------


def test_a_complete_form_reads_cleanly_and_needs_nothing_more() -> None:
    result = read(complete_form())
    assert result.problems == {}
    assert missing_for_submission(result) == {}
    assert result.values["child_dob"] == date(2019, 4, 3)
    assert result.values["incident_time"] == time(14, 30)
    assert result.values["age_years"] is None  # worked out from the date of birth


def test_a_draft_may_be_empty_but_submission_lists_everything_missing() -> None:
    result = read(ReferralInput())
    assert result.problems == {}
    missing = missing_for_submission(result)
    for needed in ("child_full_name", "child_dob", "referral_date", "referrer_name", "ofsted_notified", "agency_id",
                   "agency_telephone", "sex", "ethnic_group", "immigration_status", "incident_type", "summary",
                   "case_kind", "expected_learning", "scr_criteria", "on_child_protection_plan"):
        assert needed in missing, needed
    assert "policy" in missing["expected_learning"]


def test_a_typed_age_stands_in_for_an_unknown_date_of_birth() -> None:
    result = read(complete_form(child_dob="", age_years="7"))
    assert result.values["age_years"] == 7
    assert "child_dob" not in missing_for_submission(result)


def test_date_of_birth_in_the_future_is_refused() -> None:
    result = read(complete_form(child_dob="28/11/2026"))
    assert result.problems["child_dob"] == "The date of birth cannot be in the future."


def test_incident_before_birth_is_refused() -> None:
    result = read(complete_form(child_dob="03/04/2019", incident_date="02/04/2019"))
    assert "before the date of birth" in result.problems["incident_date"]


def test_incident_and_referral_in_the_future_are_refused() -> None:
    result = read(complete_form(incident_date="01/12/2026", referral_date="01/12/2026"))
    assert "future" in result.problems["incident_date"]
    assert "future" in result.problems["referral_date"]


def test_a_time_without_a_date_is_questioned() -> None:
    result = read(complete_form(incident_date="", incident_time="10:00"))
    assert "incident_time" in result.problems


def test_every_wrong_value_is_reported_at_once() -> None:
    result = read(complete_form(child_dob="31/02/2020", agency_telephone="999", agency_email="nope", sex="other",
                                referral_date="yesterday"))
    assert set(result.problems) >= {"child_dob", "agency_telephone", "agency_email", "sex", "referral_date"}


@pytest.mark.parametrize(
    "name",
    ["Siân Llewelyn-Ffransis", "Zofia Wójcik-Łukasiewicz", "Saoirse Ní Bhriain", "ليلى الحسيني",
     "Test 🌟 Child", "Testperson 👩‍👧"],
)
def test_names_in_any_script_are_kept_exactly(name: str) -> None:
    result = read(complete_form(child_full_name=name, child_also_known_as=name))
    assert result.problems == {}
    assert result.values["child_full_name"] == name


@pytest.mark.parametrize("pasted", ["Test\x00Child", "Test\x1bChild", "Test\x07Child", "Test\tChild", "Two\nLines"])
def test_control_characters_in_a_name_are_refused(pasted: str) -> None:
    result = read(complete_form(child_full_name=pasted))
    assert "control characters" in result.problems["child_full_name"]


def test_a_summary_may_be_long_and_span_lines() -> None:
    summary = ("A fictional line of narrative.\n" * 400)[:10_000]
    result = read(complete_form(summary=summary))
    assert result.problems == {}
    assert len(result.values["summary"]) == len(summary.strip())


def test_a_summary_beyond_the_limit_is_refused_with_the_count() -> None:
    result = read(complete_form(summary="x" * (SUMMARY_LIMIT + 1)))
    assert "too long" in result.problems["summary"]


def test_other_ethnic_group_needs_specifying_and_other_text_is_dropped_otherwise() -> None:
    result = read(complete_form(ethnic_group="other_specify", ethnic_other=""))
    assert "ethnic_other" in missing_for_submission(result)
    result = read(complete_form(ethnic_group="white_irish", ethnic_other="left over"))
    assert result.values["ethnic_other"] == ""


def test_household_rows_blank_rows_skipped_and_each_checked() -> None:
    form = complete_form(household=[
        HouseholdInput("Fictional Parent", "01/01/1990", "Mother", "1 Example Street"),
        HouseholdInput(),
        HouseholdInput("", "31/02/1990", "", ""),
        HouseholdInput("Future Sibling", "01/01/2030", "Brother", ""),
    ])
    result = read(form)
    assert len(result.household) == 3
    assert "household.2.dob" in result.problems
    assert "future" in result.problems["household.3.dob"]


def test_household_name_needed_for_submission_by_row_number() -> None:
    form = complete_form(household=[HouseholdInput(), HouseholdInput("", "01/01/1990", "Father", "")])
    missing = missing_for_submission(read(form))
    assert "household.1.full_name" in missing
    assert "row 2" in missing["household.1.full_name"]


def test_agencies_involved_must_exist_and_are_not_listed_twice() -> None:
    form = complete_form(agencies_involved=[AgencyInvolvedInput(1), AgencyInvolvedInput(1, False), AgencyInvolvedInput(2, False)])
    assert read(form).agencies == [(1, True), (2, False)]
    form = complete_form(agencies_involved=[AgencyInvolvedInput(99)])
    assert "agencies_involved" in read(form).problems


def test_an_unknown_referring_agency_is_refused() -> None:
    assert "agency_id" in read(complete_form(agency_id=42)).problems


def test_an_unknown_option_code_is_refused() -> None:
    result = read(complete_form(ofsted_notified="maybe", incident_type="; DROP TABLE referrals"))
    assert set(result.problems) >= {"ofsted_notified", "incident_type"}


def test_draft_json_round_trip_and_hostile_json_is_survived() -> None:
    form = complete_form(household=[HouseholdInput("A Person", "01/01/1990", "Aunt", "Somewhere")],
                         agencies_involved=[AgencyInvolvedInput(3, False)])
    assert ReferralInput.from_json(form.to_json()) == form
    assert ReferralInput.from_json(None) == ReferralInput()
    hostile = {"child_full_name": 5, "agency_id": True, "household": "x", "agencies_involved": [{"agency_id": "1"}],
               "unknown": 1}
    assert ReferralInput.from_json(hostile) == ReferralInput()
