"""Multi-agency action plans."""

from __future__ import annotations

from lipanel_desktop.vocabulary.choice import Choice


class ActionStatus(Choice):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OVERDUE = "overdue", "Overdue"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"


#: Statuses a user may set; "overdue" and "at risk" are worked out from dates.
RECORDED_ACTION_STATUSES = (
    ActionStatus.NOT_STARTED,
    ActionStatus.ON_TRACK,
    ActionStatus.COMPLETE,
    ActionStatus.CLOSED,
)
