"""Reviews that follow a panel decision: MALR, SCR and other methods."""

from __future__ import annotations

from lipanel_desktop.vocabulary.choice import Choice


class ReviewKind(Choice):
    MALR = "malr", "Multi-Agency Learning Review"
    SCR = "scr", "Serious Case Review"
    OTHER = "other", "Other review"
    SINGLE_AGENCY = "single_agency", "Single-agency review"


class AgencyCheckStatus(Choice):
    AWAITING = "awaiting", "Awaiting reply"
    INVOLVED = "involved", "Involved"
    NOT_INVOLVED = "not_involved", "Not involved"


class RequestStatus(Choice):
    """A chronology request or an agency report (individual management review)."""

    OUTSTANDING = "outstanding", "Outstanding"
    RECEIVED = "received", "Received"
    WITHDRAWN = "withdrawn", "No longer needed"


class ParticipantRole(Choice):
    REPRESENTATIVE = "representative", "Agency representative"
    PRACTITIONER = "practitioner", "Practitioner who worked with the family"
    INDEPENDENT_REVIEWER = "independent_reviewer", "Independent reviewer"
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"


class IndependentChairDecision(Choice):
    HOLD_SCR = "hold_scr", "Criteria met: hold a Serious Case Review"
    NO_SCR = "no_scr", "Criteria not met: no Serious Case Review"
    OTHER_REVIEW = "other_review", "Hold a review in another form"


class NationalPanelOutcome(Choice):
    UPHELD = "upheld", "Decision upheld"
    OVERTURNED = "overturned", "Decision overturned: an SCR must be held"


class PublicationDecision(Choice):
    PUBLISH = "publish", "Publish"
    PUBLISH_LATER = "publish_later", "Publish later"
    DO_NOT_PUBLISH = "do_not_publish", "Do not publish"


class DisseminationChannel(Choice):
    IMPLEMENTATION_SUBGROUP = "implementation_subgroup", "Implementation Sub-group"
    TRAINING_SUBGROUP = "training_subgroup", "Training Sub-group"
    BRIEFING = "briefing", "Briefing"
    TRAINING_SESSION = "training_session", "Training session"
    BOARD = "board", "Safeguarding Children Board"
    OTHER = "other", "Other"


class GoodPracticeSource(Choice):
    RECEIVED = "received", "Received from an agency"
    IDENTIFIED_IN_REVIEW = "identified_in_review", "Identified in a review"


class ClosureReason(Choice):
    """Why a review was closed: at the end of its path, or early (by a chair or an
    administrator, from any open stage)."""

    COMPLETED = "completed", "Closed at the end of its path"
    FAMILY_MOVED = "family_moved", "The family moved away"
    MERGED = "merged", "Merged into another review"
    NOT_NEEDED = "not_needed", "No longer needed: the learning is taken forward elsewhere"
    OTHER = "other", "Another reason"


class Rag(Choice):
    """Red / amber / green against a deadline, always shown with its words."""

    RED = "red", "Overdue"
    AMBER = "amber", "Due soon"
    GREEN = "green", "On time"
    PAUSED = "paused", "Paused"


class ReviewStage(Choice):
    """Where a review is. The allowed moves between stages are rules in
    `services/review_workflow.py`; these are only the names."""

    # Multi-Agency Learning Review (and other methods, which follow the same steps)
    SETTING_UP = "setting_up", "Setting up: date, chair, terms of reference"
    AGENCY_CHECKS = "agency_checks", "Agency checks"
    CHRONOLOGIES = "chronologies", "Chronologies requested"
    MEETINGS = "meetings", "Review meetings"
    FINDINGS = "findings", "Findings and recommendations"
    REPORT = "report", "Report or case summary"
    REPORTED = "reported", "Reported to the Board; learning disseminated"
    # Serious Case Review path
    AGENCY_REPORTS = "agency_reports", "Agency reports requested"
    DIRECTOR_RECOMMENDATION = "director_recommendation", "Service Director's recommendation"
    CHAIR_DECISION = "chair_decision", "Independent Chair's decision"
    NATIONAL_PANEL = "national_panel", "National Panel scrutiny"
    COMMISSIONING = "commissioning", "Commissioning the review"
    IN_PROGRESS = "in_progress", "Review in progress"
    BOARD_SIGN_OFF = "board_sign_off", "Sign-off by the Board"
    PUBLICATION = "publication", "Publication decision"
    # Single-agency action
    SINGLE_AGENCY_ACTIONS = "single_agency_actions", "Single-agency actions"
    # Any path
    CLOSED = "closed", "Closed"
