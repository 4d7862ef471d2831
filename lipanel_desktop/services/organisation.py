"""Organisation settings: one typed registry of keys, defaults and limits (after Picard
and KeePassXC). Values live in the encrypted database; the defaults are Stockport's,
and every such word can be changed by an administrator."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.models.organisation import OrgSetting
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: Any
    minimum: int | None = None
    maximum: int | None = None
    #: Shown to administrators in the settings page.
    editable: bool = True

    @property
    def kind(self) -> type:
        return type(self.default)

    def check(self, value: Any) -> Any:
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError({self.key: f"{self.label} must be a whole number."})
            if self.minimum is not None and value < self.minimum:
                raise ValidationError({self.key: f"{self.label} must be at least {self.minimum}."})
            if self.maximum is not None and value > self.maximum:
                raise ValidationError({self.key: f"{self.label} must be at most {self.maximum}."})
        elif self.kind is str:
            if not isinstance(value, str):
                raise ValidationError({self.key: f"{self.label} must be text."})
            value = value.strip()
            if len(value) > (self.maximum or 500):
                raise ValidationError({self.key: f"{self.label} is too long."})
            if self.minimum and not value:
                raise ValidationError({self.key: f"{self.label} must not be empty."})
        elif self.kind is bool:
            if not isinstance(value, bool):
                raise ValidationError({self.key: f"{self.label} must be yes or no."})
        return value


REGISTRY: tuple[Setting, ...] = (
    Setting("board_name", "Board name", "Stockport Safeguarding Children Board", minimum=1, maximum=200),
    Setting("board_short_name", "Board short name", "SSCB", minimum=1, maximum=20),
    Setting("unit_name", "Unit name", "Safeguarding Children Unit", minimum=1, maximum=200),
    Setting("head_of_safeguarding_title", "Title of the panel's usual chair", "Head of Safeguarding", minimum=1),
    Setting("head_of_safeguarding_name", "Name of the Head of Safeguarding", ""),
    Setting(
        "service_director_title",
        "Title of the SCR Consideration Panel's chair",
        "Service Director, Children's Safeguarding and Prevention",
        minimum=1,
    ),
    Setting("service_director_name", "Name of the Service Director", ""),
    Setting("independent_chair_title", "Title of the Board's independent chair", "Independent Chair", minimum=1),
    Setting("independent_chair_name", "Name of the Independent Chair", ""),
    Setting(
        "performance_manager_title",
        "Who circulates action plans",
        "SSCB Performance and Development Manager",
        minimum=1,
    ),
    Setting("protective_marking", "Protective marking on documents", "OFFICIAL-SENSITIVE", minimum=1, maximum=60),
    Setting("referral_prefix", "Referral reference prefix", "LIP", minimum=1, maximum=6),
    Setting("default_meeting_place", "Usual meeting place", ""),
    Setting("idle_lock_minutes", "Lock after this many idle minutes", 5, minimum=1, maximum=30),
    Setting("papers_deadline_working_days", "Papers due this many working days before a meeting", 5, minimum=0, maximum=30),
    Setting("notify_working_days", "Notify Ofsted and the National Panel within (working days)", 5, minimum=1, maximum=60),
    Setting("rapid_decision_working_days", "Panel decision within (working days of referral)", 15, minimum=1, maximum=120),
    Setting("scr_completion_months", "Serious Case Review completed within (months)", 6, minimum=1, maximum=36),
    Setting("agency_check_working_days", "Agency checks answered within (working days)", 10, minimum=1, maximum=60),
    Setting("chronology_return_working_days", "Chronologies returned within (working days)", 20, minimum=1, maximum=120),
    Setting("amber_working_days", "Show a deadline as due soon within (working days)", 5, minimum=1, maximum=30),
    Setting("action_risk_tolerance_days", "An action is at risk if forecast late by more than (days)", 14, minimum=0, maximum=365),
    Setting("chronology_gap_days", "Show gaps in a chronology longer than (days)", 90, minimum=7, maximum=3650),
    Setting("chronology_near_days", "Group agencies' entries for the same event up to this many days apart", 3, minimum=0, maximum=31),
    Setting("chronology_import_row_limit", "Most rows accepted in one chronology import", 50_000, minimum=100, maximum=500_000),
    Setting("backup_folder", "Backup folder", ""),
    Setting("backups_kept", "Number of automatic backups kept", 10, minimum=1, maximum=365),
    Setting("last_backup_at", "Last backup", "", editable=False),
    Setting("retention_years_referral", "Keep referrals with no review for (years)", 7, minimum=1, maximum=100),
    Setting("retention_years_review", "Keep reviews after closure for (years)", 25, minimum=1, maximum=100),
    Setting("retention_years_audit", "Keep audit entries for (years)", 25, minimum=1, maximum=100),
)
BY_KEY = {setting.key: setting for setting in REGISTRY}

CORE_AGENCIES = ("Safeguarding Children Unit", "Children's Social Care", "Police", "Education", "Health")
OTHER_AGENCIES = (
    "GP and Primary Care",
    "Health Visiting",
    "School Nursing",
    "Midwifery",
    "Acute Hospital Trust",
    "Child and Adolescent Mental Health Services",
    "Ambulance Service",
    "Probation Service",
    "Youth Offending Service",
    "Housing",
    "Early Help",
    "Adult Social Care",
    "Drug and Alcohol Service",
    "Domestic Abuse Service",
)
DEFAULT_THEMES = (
    "Neglect",
    "Domestic abuse",
    "Parental mental health",
    "Parental substance misuse",
    "Child sexual exploitation",
    "Child criminal exploitation",
    "Information sharing",
    "Assessment and planning",
    "Voice of the child",
    "Disguised compliance",
    "Professional curiosity",
    "Safer sleeping",
    "Non-accidental injury",
    "Escalation and challenge",
    "Transition between services",
    "Self-harm and suicide",
    "Online harm",
)


def setting(key: str) -> Setting:
    try:
        return BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown organisation setting {key!r}") from None


def read_all(session: Any) -> dict[str, Any]:
    """Every setting, stored value or default, inside an existing session."""
    values = {s.key: s.default for s in REGISTRY}
    # The whole (small) table, filtered here: an IN (…) list of every key left the pooled
    # SQLCipher connection some 20 times slower at the GROUP BY scans that reports run next.
    for key, value in session.execute(select(OrgSetting.key, OrgSetting.value)):
        if key in BY_KEY:
            values[key] = json.loads(value)
    return values


def write(session: Any, key: str, value: Any) -> None:
    """Store one checked value inside an existing session (no role check: callers check)."""
    value = setting(key).check(value)
    row = session.get(OrgSetting, key)
    if row is None:
        session.add(OrgSetting(key=key, value=json.dumps(value)))
    else:
        row.value = json.dumps(value)


class OrganisationService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def all(self) -> dict[str, Any]:
        with self.store.read_session() as s:
            return read_all(s)

    def get(self, key: str) -> Any:
        return self.all()[setting(key).key]

    def update(self, values: dict[str, Any]) -> None:
        """Change several settings at once; all are checked before any is stored."""
        require(self.store.identity, Permission.MANAGE_SETTINGS)
        problems: dict[str, str] = {}
        checked = {}
        for key, value in values.items():
            try:
                checked[key] = setting(key).check(value)
            except ValidationError as exc:
                problems.update(exc.problems)
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            for key, value in checked.items():
                write(s, key, value)
