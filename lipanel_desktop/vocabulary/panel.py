"""Panel meetings, attendance and the panel's decision ("Conclusion of Learning and
Improvement Panel")."""

from __future__ import annotations

from lipanel_desktop.vocabulary.choice import Choice


class MeetingKind(Choice):
    LEARNING_AND_IMPROVEMENT_PANEL = "lip", "Learning and Improvement Panel"
    SCR_CONSIDERATION_PANEL = "scr_consideration", "SCR Consideration Panel"
    MALR_FIRST = "malr_first", "MALR meeting (first)"
    MALR_SECOND = "malr_second", "MALR meeting (second)"
    SCR_PANEL = "scr_panel", "SCR panel"


class MeetingStatus(Choice):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class AttendanceStatus(Choice):
    EXPECTED = "expected", "Expected"
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class InviteReason(Choice):
    CORE_MEMBER = "core", "Core member"
    PRESENTING_CASE = "presenting_case", "Presenting a referred case"
    SPECIALIST_ADVICE = "specialist_advice", "Specialist advice"
    OTHER = "other", "Other"


class Decision(Choice):
    SCR_CONSIDERATION = "scr_consideration", "SCR consideration / recommend a Serious Case Review"
    MALR = "malr", "Multi-Agency Learning Review"
    OTHER_REVIEW = "other_review", "Another review method"
    SINGLE_AGENCY = "single_agency", "Single-agency action"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


class ReviewMethod(Choice):
    SYSTEMS_REVIEW = "systems_review", "Systems review"
    ROOT_CAUSE_ANALYSIS = "root_cause_analysis", "Root cause analysis"
    APPRECIATIVE_INQUIRY = "appreciative_inquiry", "Appreciative inquiry"
