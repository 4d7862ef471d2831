"""Form A's rules: reading a typed form into stored values, and what submission needs.

A draft may be incomplete but never wrong: every value that is given must be readable
(a real date, a UK telephone number, one of the form's options), dates must make sense
together (no birth in the future, no incident before birth), and text must be free of
control characters. Submission then needs the fields the panel cannot work without,
including the significant learning the policy asks for on every referral.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lipanel_desktop.services.field_checks import clean_text
from lipanel_desktop.services.referral_data import ReferralInput
from lipanel_desktop.services.referral_fields import (
    FieldProblem,
    clean_email,
    clean_telephone,
    parse_age,
    parse_time,
    parse_uk_date,
)
from lipanel_desktop.services.referral_labels import FIELD_LABELS, HOUSEHOLD_LABELS, SECTION_B
from lipanel_desktop.vocabulary.choice import Choice
from lipanel_desktop.vocabulary.form_a import (
    CaseKind,
    EthnicGroup,
    ImmigrationStatus,
    IncidentType,
    OfstedNotified,
    ScrCriteria,
    Sex,
    YesNoUnknown,
)

NAME_LIMIT = 200
SHORT_LIMIT = 500
ADDRESS_LIMIT = 1_000
MEDIUM_LIMIT = 5_000
LEARNING_LIMIT = 20_000
#: "A narrative account of the event" of any reasonable length (a long report pasted in).
SUMMARY_LIMIT = 200_000
MAX_HOUSEHOLD = 100
MAX_AGENCIES = 60

_TEXT_FIELDS: tuple[tuple[str, int, bool], ...] = (
    # (field, most characters, may span lines)
    ("child_full_name", NAME_LIMIT, False),
    ("child_also_known_as", SHORT_LIMIT, False),
    ("child_address", ADDRESS_LIMIT, True),
    ("child_current_location", SHORT_LIMIT, True),
    ("referrer_name", NAME_LIMIT, False),
    ("agency_name", NAME_LIMIT, False),
    ("agency_address", ADDRESS_LIMIT, True),
    ("ethnic_other", NAME_LIMIT, False),
    ("summary", SUMMARY_LIMIT, True),
    ("expected_learning", LEARNING_LIMIT, True),
    ("whereabouts_at_incident", MEDIUM_LIMIT, True),
    ("carer_at_incident", MEDIUM_LIMIT, True),
)

_CHOICES: tuple[tuple[str, type[Choice]], ...] = (
    ("ofsted_notified", OfstedNotified),
    ("sex", Sex),
    ("ethnic_group", EthnicGroup),
    ("immigration_status", ImmigrationStatus),
    ("incident_type", IncidentType),
    ("case_kind", CaseKind),
    ("scr_criteria", ScrCriteria),
    ("on_child_protection_plan", YesNoUnknown),
)


@dataclass
class ReadForm:
    """A form read into what is stored, with every problem found (field -> words)."""

    values: dict[str, Any] = field(default_factory=dict)
    household: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[tuple[int, bool]] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)


def _text(form: ReferralInput, read: ReadForm, name: str, limit: int, multiline: bool) -> None:
    read.values[name] = clean_text(
        getattr(form, name), field=name, label=FIELD_LABELS[name], problems=read.problems, limit=limit, multiline=multiline
    )


def _read_value(read: ReadForm, name: str, reader: Any, raw: str) -> Any:
    try:
        return reader(raw)
    except FieldProblem as problem:
        read.problems[name] = problem.message
        return None


def read_form(form: ReferralInput, *, today: date, agency_ids: Collection[int]) -> ReadForm:
    read = ReadForm()
    for name, limit, multiline in _TEXT_FIELDS:
        _text(form, read, name, limit, multiline)
    for name, choice in _CHOICES:
        code = (getattr(form, name) or "").strip()
        if code and code not in {member.value for member in choice}:
            read.problems[name] = f"Choose one of the options for “{FIELD_LABELS[name]}”."
            code = ""
        read.values[name] = code or None

    dates = {name: _read_value(read, name, parse_uk_date, getattr(form, name))
             for name in ("child_dob", "incident_date", "referral_date")}
    read.values["incident_time"] = _read_value(read, "incident_time", parse_time, form.incident_time)
    born = lambda: dates["child_dob"]  # noqa: E731 (read after the birth date's own check)
    rules = (
        ("child_dob", lambda d: d > today, "The date of birth cannot be in the future."),
        ("incident_date", lambda d: d > today, "The date of death / critical incident cannot be in the future."),
        ("incident_date", lambda d: born() is not None and d < born(),
         "The date of death / critical incident cannot be before the date of birth."),
        ("referral_date", lambda d: d > today, "The date of referral cannot be in the future."),
        ("referral_date", lambda d: born() is not None and d < born(),
         "The date of referral cannot be before the child's date of birth."),
    )
    for name, wrong, words in rules:
        if dates[name] is not None and wrong(dates[name]):
            read.problems[name] = words
            dates[name] = None
    dob = dates["child_dob"]
    read.values.update(dates)
    if form.incident_time.strip() and not form.incident_date.strip() and "incident_time" not in read.problems:
        read.problems["incident_time"] = "Give the date of death / critical incident as well as the time."

    # Age: worked out from the date of birth; typed only when that is not known.
    read.values["age_years"] = None if dob is not None else _read_value(read, "age_years", parse_age, form.age_years)

    for name, cleaner in (("agency_telephone", clean_telephone), ("agency_email", clean_email)):
        value = _read_value(read, name, cleaner, form_text(form, name))
        read.values[name] = value or ""

    if read.values["ethnic_group"] != EthnicGroup.OTHER_SPECIFY.value:
        read.values["ethnic_other"] = ""
    read.values["agency_id"] = None
    if form.agency_id is not None:
        if form.agency_id in agency_ids:
            read.values["agency_id"] = form.agency_id
        else:
            read.problems["agency_id"] = "That agency is no longer in the list. Choose it again."

    _read_household(form, read, today)
    _read_agencies(form, read, agency_ids)
    return read


def form_text(form: ReferralInput, name: str) -> str:
    value = getattr(form, name)
    return value if isinstance(value, str) else ""


def _read_household(form: ReferralInput, read: ReadForm, today: date) -> None:
    rows = [row for row in form.household if not row.is_blank()]
    if len(rows) > MAX_HOUSEHOLD:
        read.problems["household"] = f"{SECTION_B} can have at most {MAX_HOUSEHOLD} rows."
        return
    for index, row in enumerate(form.household):
        if row.is_blank():
            continue
        key = f"household.{index}."
        values: dict[str, Any] = {"row": index}
        for name, limit, multiline in (("full_name", NAME_LIMIT, False), ("relationship", NAME_LIMIT, False),
                                       ("full_address", ADDRESS_LIMIT, True)):
            label = f"{HOUSEHOLD_LABELS[name]} (row {index + 1})"
            values[name] = clean_text(getattr(row, name), field=key + name, label=label, problems=read.problems,
                                      limit=limit, multiline=multiline)
        try:
            born = parse_uk_date(row.dob)
        except FieldProblem as problem:
            read.problems[key + "dob"] = problem.message
            born = None
        if born is not None and born > today:
            read.problems[key + "dob"] = f"The date of birth in row {index + 1} cannot be in the future."
            born = None
        values["dob"] = born
        read.household.append(values)


def _read_agencies(form: ReferralInput, read: ReadForm, agency_ids: Collection[int]) -> None:
    if len(form.agencies_involved) > MAX_AGENCIES:
        read.problems["agencies_involved"] = f"At most {MAX_AGENCIES} agencies can be listed."
        return
    seen: set[int] = set()
    for entry in form.agencies_involved:
        if entry.agency_id not in agency_ids:
            read.problems["agencies_involved"] = "An agency in the list no longer exists. Remove it and choose again."
            continue
        if entry.agency_id in seen:
            continue
        seen.add(entry.agency_id)
        read.agencies.append((entry.agency_id, bool(entry.still_involved)))


# -- submission -----------------------------------------------------------------------

#: Fields submission needs (marked on the form so nobody is surprised at the end).
REQUIRED_FIELDS = frozenset(
    {
        "child_full_name", "child_dob", "referral_date", "referrer_name", "ofsted_notified", "agency_id",
        "agency_telephone", "sex", "ethnic_group", "immigration_status", "incident_type", "summary",
        "case_kind", "expected_learning", "scr_criteria", "on_child_protection_plan",
    }
)


def missing_for_submission(read: ReadForm) -> dict[str, str]:
    """What a complete referral still needs (field -> words), in the form's order."""
    v = read.values
    missing: dict[str, str] = {}

    def need(name: str, words: str | None = None) -> None:
        missing[name] = words or f"{FIELD_LABELS[name]} is needed."

    for name in ("child_full_name",):
        if not v.get(name):
            need(name)
    if v.get("child_dob") is None and v.get("age_years") is None:
        need("child_dob", "Date of Birth is needed (or, if it is not known, the Age).")
    for name in ("referral_date", "referrer_name", "ofsted_notified"):
        if not v.get(name):
            need(name)
    if not v.get("agency_id") and not v.get("agency_name"):
        need("agency_id", "The referring Agency is needed.")
    if not v.get("agency_telephone") and not v.get("agency_email"):
        need("agency_telephone", "A Tel Number or an Email for the referrer is needed.")
    for name in ("sex", "ethnic_group"):
        if not v.get(name):
            need(name)
    if v.get("ethnic_group") == EthnicGroup.OTHER_SPECIFY.value and not v.get("ethnic_other"):
        need("ethnic_other", "Specify the ethnic group (“Any other, specify”).")
    for name in ("immigration_status", "incident_type", "summary", "case_kind"):
        if not v.get(name):
            need(name)
    if not v.get("expected_learning"):
        need("expected_learning", "Significant learning expected is needed: the policy asks for it on every referral.")
    for name in ("scr_criteria", "on_child_protection_plan"):
        if not v.get(name):
            need(name)
    for row in read.household:
        if not row.get("full_name"):
            index = row["row"]
            missing[f"household.{index}.full_name"] = f"Full Name is needed in household row {index + 1}."
    return missing
