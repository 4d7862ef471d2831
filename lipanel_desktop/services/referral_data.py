"""The plain data of a referral that screens and drafts handle.

`ReferralInput` is Form A exactly as typed: dates, times and the age as text, so a draft
keeps half-typed or mistyped values and the form can say what is wrong with each. The
service reads it into typed columns when saving. `ReferralDetail` is a stored referral.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any


@dataclass
class HouseholdInput:
    """B. Other Significant Family & Household Members: one row."""

    full_name: str = ""
    dob: str = ""
    relationship: str = ""
    full_address: str = ""

    def is_blank(self) -> bool:
        return not any(value.strip() for value in asdict(self).values())


@dataclass
class AgencyInvolvedInput:
    agency_id: int
    still_involved: bool = True


@dataclass
class ReferralInput:
    # Child's Details
    child_full_name: str = ""
    child_also_known_as: str = ""
    child_dob: str = ""
    incident_date: str = ""
    incident_time: str = ""
    child_address: str = ""
    child_current_location: str = ""
    # Referral details
    referral_date: str = ""
    referrer_name: str = ""
    ofsted_notified: str = ""
    agency_id: int | None = None
    agency_name: str = ""
    agency_address: str = ""
    agency_telephone: str = ""
    agency_email: str = ""
    # A. Child's Details
    sex: str = ""
    age_years: str = ""
    ethnic_group: str = ""
    ethnic_other: str = ""
    immigration_status: str = ""
    # B. Other Significant Family & Household Members
    household: list[HouseholdInput] = field(default_factory=list)
    # C. Details of the death / critical incident
    incident_type: str = ""
    summary: str = ""
    # Reason for the request, and the child's circumstances
    case_kind: str = ""
    expected_learning: str = ""
    scr_criteria: str = ""
    on_child_protection_plan: str = ""
    whereabouts_at_incident: str = ""
    carer_at_incident: str = ""
    agencies_involved: list[AgencyInvolvedInput] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> "ReferralInput":
        """Rebuild from a draft; unknown keys (from another version) are ignored and
        wrong types dropped, so an old draft never stops the form from opening."""
        if not isinstance(data, dict):
            return cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.name == "household":
                values[f.name] = [
                    HouseholdInput(**{k: str(v) for k, v in row.items() if k in HouseholdInput.__dataclass_fields__})
                    for row in raw
                    if isinstance(row, dict)
                ] if isinstance(raw, list) else []
            elif f.name == "agencies_involved":
                values[f.name] = [
                    AgencyInvolvedInput(int(row["agency_id"]), bool(row.get("still_involved", True)))
                    for row in raw
                    if isinstance(row, dict) and isinstance(row.get("agency_id"), int)
                ] if isinstance(raw, list) else []
            elif f.name == "agency_id":
                values[f.name] = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
            elif isinstance(raw, str):
                values[f.name] = raw
        return cls(**values)


@dataclass(frozen=True)
class ReferralDetail:
    """A stored referral: what it says (as `ReferralInput`) and where it stands."""

    id: int
    reference: str
    status: str
    form: ReferralInput
    created_by: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    submitted_by: str | None
    withdrawn_at: datetime | None
    withdrawn_reason: str
    #: The "Conclusion of Learning and Improvement Panel" block, filled by the panel.
    conclusion: "PanelConclusion | None" = None


@dataclass(frozen=True)
class PanelConclusion:
    """What the panel decided, in the paper form's "Conclusion" block (shown read-only
    in Form A; recorded on the panel decision screen)."""

    decision_date: date | None
    decision: str
    summary: str
    issues: str = ""
    scope: str = ""
    period_from: date | None = None
    period_to: date | None = None
    chronology_agencies: tuple[str, ...] = ()
    chair_of_review: str = ""
    first_meeting: date | None = None
    second_meeting: date | None = None


@dataclass(frozen=True)
class AgencyOption:
    id: int
    name: str
    address: str
    telephone: str
    email: str
