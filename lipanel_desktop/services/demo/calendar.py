"""The panel calendar: a Learning and Improvement Panel on the second Tuesday of every
other month (January, March, May, July, September, November) from 19 months before the
anchor day to 6 months after it — two years of meetings, held, cancelled, confirmed and
proposed — with each one's attendance and, for held panels, a few minuted actions.

Also `meeting_rows` and `attendance_rows`, which the other areas use for the SCR
consideration panels and review meetings they add.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from lipanel_desktop.models.meeting import Attendance, Meeting, MeetingAction
from lipanel_desktop.services.demo.context import DemoContext, MeetingPlan, add_months, nth_weekday
from lipanel_desktop.services.meetings import papers_deadline
from lipanel_desktop.services.working_days import next_working_day
from lipanel_desktop.vocabulary.panel import AttendanceStatus, InviteReason, MeetingKind, MeetingStatus

PANEL_MONTHS = (1, 3, 5, 7, 9, 11)
MINUTED_ACTIONS = (
    "Circulate the terms of reference to the agencies asked for chronologies",
    "Chase outstanding agency checks before the next panel",
    "Add the learning from this review to the training programme",
    "Confirm the date of the first review meeting with the nominated chair",
    "Send the action plan to the Audit and Monitoring Sub-group",
)


def panel_days(today: date) -> list[date]:
    start, end = add_months(today, -19), add_months(today, 6)
    days = []
    for year in range(start.year, end.year + 1):
        for month in PANEL_MONTHS:
            day = nth_weekday(year, month, 1, 2)
            if start <= day <= end:
                days.append(day)
    return days


def status_for(day: date, today: date, rng: random.Random, *, next_ones: int = 0) -> str:
    if day < today:
        return MeetingStatus.CANCELLED.value if rng.random() < 0.04 else MeetingStatus.HELD.value
    return MeetingStatus.CONFIRMED.value if next_ones < 2 else MeetingStatus.PROPOSED.value


def meeting_rows(
    ctx: DemoContext,
    meeting_id: int,
    kind: str,
    status: str,
    day: date,
    *,
    review_id: int | None = None,
    chair: tuple[str, str] | None = None,
    chair_reason: str = "",
    minutes: str = "",
) -> dict[str, Any]:
    if chair is None:
        head = ctx.people["head"]
        chair = (head.name, head.title)
    papers_due = papers_deadline(day, ctx.settings)  # the application's own rule (working days, bank holidays)
    return {
        "id": meeting_id,
        "reference": ctx.reference("MTG", day.year, width=2),
        "kind": kind,
        "status": status,
        "meeting_date": day,
        "start_time": time(9, 30) if kind == MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL else time(13, 30),
        "end_time": time(12, 30) if kind == MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL else time(16, 0),
        "place": ctx.settings.get("default_meeting_place") or "Room 2, Example House, Sampletown",
        "chair_name": chair[0],
        "chair_title": chair[1],
        "chair_reason": chair_reason,
        "papers_deadline": papers_due,
        # Sent on the day they were due, once that day has come (held meetings' long ago).
        "papers_sent_on": papers_due if status == MeetingStatus.HELD or papers_due <= ctx.today else None,
        "review_id": review_id,
        "minutes": minutes,
        "created_at": ctx.stamp(day - timedelta(days=60)),
        "updated_at": ctx.stamp(min(day, ctx.today)),
    }


def attendance_rows(
    ctx: DemoContext,
    rng: random.Random,
    meeting_id: int,
    status: str,
    agency_ids: list[int],
    *,
    presenting: int | None = None,
) -> list[dict[str, Any]]:
    rows = []
    invited = list(agency_ids)
    if presenting is not None and presenting not in invited:
        invited.append(presenting)
    for position, agency_id in enumerate(invited):
        if status == MeetingStatus.HELD:
            outcome = rng.choices(
                (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT), (85, 12, 3)
            )[0].value
        else:
            outcome = AttendanceStatus.EXPECTED.value
        rep = ctx.representatives[agency_id]
        core = any(a.id == agency_id and a.core for a in ctx.agencies)
        reason = InviteReason.CORE_MEMBER if core else (
            InviteReason.PRESENTING_CASE if agency_id == presenting else InviteReason.SPECIALIST_ADVICE
        )
        rows.append(
            {
                "id": ctx.new_id(Attendance),
                "meeting_id": meeting_id,
                "position": position,
                "agency_id": agency_id,
                "person_name": rep.name,
                "person_role": rep.title,
                "status": outcome,
                "invite_reason": reason.value,
                "invite_note": "" if reason is InviteReason.CORE_MEMBER else "Invited by the Head of Safeguarding",
            }
        )
    return rows


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("calendar")
    core = [a.id for a in ctx.agencies if a.core]
    meetings, attendance, minuted = [], [], []
    upcoming = 0
    for day in panel_days(ctx.today):
        status = status_for(day, ctx.today, rng, next_ones=upcoming)
        if day >= ctx.today:
            upcoming += 1
        meeting_id = ctx.new_id(Meeting)
        minutes = "Minutes agreed at the following panel (fictional demonstration data)." if status == "held" else ""
        meetings.append(
            meeting_rows(ctx, meeting_id, MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL.value, status, day, minutes=minutes)
        )
        attendance += attendance_rows(ctx, rng, meeting_id, status, core)
        ctx.panels.append(MeetingPlan(meeting_id, MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL.value, status, day))
        if status == MeetingStatus.HELD:
            for text in rng.sample(MINUTED_ACTIONS, 2):
                due = next_working_day(day + timedelta(days=rng.randint(14, 50)))
                minuted.append(
                    {
                        "id": ctx.new_id(MeetingAction),
                        "meeting_id": meeting_id,
                        "description": text,
                        "owner": rng.choice([ctx.people["head"].name, ctx.people["unit"].name]),
                        "due_date": due,
                        "done": due < ctx.today and rng.random() < 0.8,
                    }
                )
    ctx.insert(Meeting, meetings)
    ctx.insert(Attendance, attendance)
    ctx.insert(MeetingAction, minuted)
