"""The words of the paper Form A for each field and section, used by the editor, the
messages about missing or wrong fields, and print — so they are the same everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lipanel_desktop.services.referral_fields import format_uk_date

if TYPE_CHECKING:
    from lipanel_desktop.services.referral_data import PanelConclusion

SECTION_CHILD = "Child's Details"
SECTION_REFERRAL = "Referral details"
SECTION_A = "A. Child's Details"
SECTION_B = "B. Other Significant Family & Household Members"
SECTION_C = "C. Details of the death / critical incident"
SECTION_REASON = "Reason for the request"
SECTION_CIRCUMSTANCES = "The child's circumstances and agencies involved"
SECTION_CONCLUSION = "Conclusion of Learning and Improvement Panel"

FIELD_LABELS: dict[str, str] = {
    "child_full_name": "Full Name of Child",
    "child_also_known_as": "Also Known As",
    "child_dob": "Date of Birth",
    "incident_date": "Date of death / Critical Incident",
    "incident_time": "Time of death / Critical Incident",
    "child_address": "Address",
    "child_current_location": "Current Location of Child",
    "referral_date": "Date of referral",
    "referrer_name": "Name of referrer",
    "ofsted_notified": "Notified to OFSTED?",
    "agency_id": "Agency",
    "agency_name": "Agency",
    "agency_address": "Agency address",
    "agency_telephone": "Tel Number",
    "agency_email": "Email",
    "sex": "Sex",
    "age_years": "Age",
    "ethnic_group": "Ethnic group",
    "ethnic_other": "Ethnic group: Any other, specify",
    "immigration_status": "Immigration Status",
    "household": SECTION_B,
    "incident_type": "Type of Incident",
    "summary": "Summary of Event",
    "case_kind": "Kind of case",
    "expected_learning": "Significant learning expected",
    "scr_criteria": "May the Serious Case Review criteria be met?",
    "on_child_protection_plan": "Was the child on a child protection plan?",
    "whereabouts_at_incident": "Whereabouts of the child at the time",
    "carer_at_incident": "Who was caring for the child at the time",
    "agencies_involved": "Agencies involved",
    "withdrawn_reason": "Reason for withdrawal",
}

HOUSEHOLD_LABELS: dict[str, str] = {
    "full_name": "Full Name",
    "dob": "DOB",
    "relationship": "Relationship",
    "full_address": "Full Address",
}


def label_of(field: str) -> str:
    """The label for a field key, including household keys like 'household.2.dob'."""
    if field.startswith("household."):
        parts = field.split(".")
        if len(parts) == 3 and parts[1].isdigit():
            return f"{SECTION_B}, row {int(parts[1]) + 1}: {HOUSEHOLD_LABELS.get(parts[2], parts[2])}"
    return FIELD_LABELS.get(field, field)


#: The rows of the paper form's "Conclusion of Learning and Improvement Panel" block, in
#: its words (the same as the printed Form A), with the key of each value.
CONCLUSION_LABELS: tuple[tuple[str, str], ...] = (
    ("date", "Conclusion of Learning and Improvement Panel Date"),
    ("decision", "Decision :"),
    ("reasons", "Reasons"),
    ("issues", "Issues for this review are"),
    ("scope", "The terms of reference scope should include the following:"),
    ("period", "The period under review is"),
    ("chronologies", "Chronologies will be required from agencies to cover those dates."),
    ("chair", "Chair of review:"),
    ("first_meeting", "1st meeting:"),
    ("second_meeting", "2nd meeting:"),
)


def conclusion_values(conclusion: "PanelConclusion | None") -> dict[str, str]:
    """Each row's value as shown (dates dd/mm/yyyy); all empty before the panel decides."""
    if conclusion is None:
        return {key: "" for key, _label in CONCLUSION_LABELS}
    c = conclusion
    period = ""
    if c.period_from or c.period_to:
        period = f"{format_uk_date(c.period_from) or 'the start'} to {format_uk_date(c.period_to) or 'the present'}"
    return {
        "date": format_uk_date(c.decision_date),
        "decision": c.decision,
        "reasons": c.summary,
        "issues": c.issues,
        "scope": c.scope,
        "period": period,
        "chronologies": ", ".join(c.chronology_agencies),
        "chair": c.chair_of_review,
        "first_meeting": format_uk_date(c.first_meeting),
        "second_meeting": format_uk_date(c.second_meeting),
    }
