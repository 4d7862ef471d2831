"""Agendas and decisions: each referral that reached a panel is an agenda item there, and
each one decided has the form's "Conclusion" block filled in, with the agencies asked
for chronologies (5 to 8 of them for a review). Referrals likely to meet the Serious Case
Review criteria go on to an SCR Consideration Panel two weeks later, chaired by the
Service Director, where their decision is made. Every kind of decision appears, and a
few decisions were superseded (a National Panel overturn).
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lipanel_desktop.models.decision import DecisionAgency, PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Attendance, Meeting
from lipanel_desktop.services.demo import names
from lipanel_desktop.services.demo.calendar import attendance_rows, meeting_rows
from lipanel_desktop.services.demo.context import (
    DecisionPlan,
    DemoContext,
    MeetingPlan,
    ReferralPlan,
    covering,
    weekday_on_or_after,
)
from lipanel_desktop.services.meetings import OPEN_STATUSES, apply_chair_rules
from lipanel_desktop.services.working_days import next_working_day
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.panel import Decision, MeetingKind, MeetingStatus, ReviewMethod

REVIEW_DECISIONS = (Decision.MALR, Decision.OTHER_REVIEW, Decision.SCR_CONSIDERATION, Decision.SINGLE_AGENCY)
ALL_DECISIONS = (Decision.NO_FURTHER_ACTION, *REVIEW_DECISIONS)
#: The first running reviews' decisions: enough of each kind for every stage of its path.
COVER_IN_REVIEW = (Decision.MALR, Decision.OTHER_REVIEW, Decision.SCR_CONSIDERATION, Decision.SINGLE_AGENCY,
                   *[Decision.SCR_CONSIDERATION] * 7, *[Decision.MALR] * 6)
WEIGHTS = {
    ReferralStatus.IN_REVIEW.value: (REVIEW_DECISIONS, (45, 15, 15, 15)),
    ReferralStatus.CLOSED.value: (ALL_DECISIONS, (20, 40, 12, 10, 18)),
    ReferralStatus.DECIDED.value: (ALL_DECISIONS, (40, 30, 10, 10, 10)),
}
ISSUES = (
    "Information sharing between health and children's social care before the incident.",
    "The response to missed health appointments.",
    "How the risk posed by adults joining the household was assessed.",
    "Whether thresholds for child protection were applied consistently.",
)
SCOPE = (
    "Each agency's involvement with the child and household; the quality of assessments; "
    "how the child's lived experience was understood.",
    "Multi-agency working around the transfer between areas; use of escalation.",
)
REASONS = {
    Decision.NO_FURTHER_ACTION: "The learning is already being taken forward by the agencies involved.",
    Decision.SINGLE_AGENCY: "The learning concerns one agency's practice; it will review and report back.",
    Decision.MALR: "Significant multi-agency learning is likely.",
    Decision.OTHER_REVIEW: "A different methodology fits the questions this case raises.",
    Decision.SCR_CONSIDERATION: "The Serious Case Review criteria may be met.",
}


def _scr_panel(ctx: DemoContext, rng: random.Random, lip: MeetingPlan, made: dict[int, MeetingPlan],
               meetings: list[dict[str, Any]], attendance: list[dict[str, Any]]) -> MeetingPlan:
    if lip.id not in made:
        day = next_working_day(weekday_on_or_after(lip.day + timedelta(days=14), 1))
        status = MeetingStatus.HELD.value if day < ctx.today else MeetingStatus.CONFIRMED.value
        meeting_id = ctx.new_id(Meeting)
        director = ctx.people["director"]
        meetings.append(meeting_rows(ctx, meeting_id, MeetingKind.SCR_CONSIDERATION_PANEL.value, status, day,
                                     chair=(director.name, director.title),
                                     chair_reason="An agenda item may meet the Serious Case Review criteria."))
        attendance.extend(attendance_rows(ctx, rng, meeting_id, status, [a.id for a in ctx.agencies if a.core]))
        made[lip.id] = MeetingPlan(meeting_id, MeetingKind.SCR_CONSIDERATION_PANEL.value, status, day)
        ctx.panels.append(made[lip.id])
    return made[lip.id]


def _agencies_for_review(rng: random.Random, ctx: DemoContext, referral: ReferralPlan) -> list[int]:
    wanted = rng.randint(5, 8)
    chosen = list(dict.fromkeys(referral.involved_agency_ids))[:wanted]
    others = [a.id for a in ctx.agencies if a.id not in chosen]
    rng.shuffle(others)
    return chosen + others[: wanted - len(chosen)]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("panels")
    meetings: list[dict[str, Any]] = []
    attendance: list[dict[str, Any]] = []
    agenda: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    chosen_agencies: list[dict[str, Any]] = []
    scr_panels: dict[int, MeetingPlan] = {}
    positions: dict[int, int] = {}
    counters: dict[str, int] = {}
    for referral in ctx.referrals:
        if referral.panel is None:
            continue
        lip = referral.panel
        _agenda_item(ctx, agenda, positions, lip, referral)
        if referral.status not in WEIGHTS:
            continue
        choices, weights = WEIGHTS[referral.status]
        n = counters[referral.status] = counters.get(referral.status, -1) + 1
        if referral.historical:
            decision = Decision.NO_FURTHER_ACTION
        elif referral.status == ReferralStatus.IN_REVIEW and n < len(COVER_IN_REVIEW):
            decision = COVER_IN_REVIEW[n]
        else:
            decision = covering(rng, n, choices, weights)
            if referral.scr_likely and rng.random() < 0.5 and Decision.SCR_CONSIDERATION in choices:
                decision = Decision.SCR_CONSIDERATION
        meeting = lip
        if decision is Decision.SCR_CONSIDERATION:
            meeting = _scr_panel(ctx, rng, lip, scr_panels, meetings, attendance)
            if meeting.status != MeetingStatus.HELD:
                meeting = lip  # its consideration panel is still to come: decided at the LIP
            else:
                _agenda_item(ctx, agenda, positions, meeting, referral)
        agency_ids = _agencies_for_review(rng, ctx, referral) if decision in REVIEW_DECISIONS[:3] else []
        if decision is Decision.SCR_CONSIDERATION and counters.get("superseded", 0) < 2:
            # An earlier decision, superseded when the National Panel overturned it.
            counters["superseded"] = counters.get("superseded", 0) + 1
            decisions.append(_decision_row(ctx, rng, ctx.new_id(PanelDecision), referral, lip, Decision.MALR,
                                           superseded=True))
        decision_id = ctx.new_id(PanelDecision)
        decisions.append(_decision_row(ctx, rng, decision_id, referral, meeting, decision))
        for position, agency_id in enumerate(agency_ids):
            chosen_agencies.append({"id": ctx.new_id(DecisionAgency), "decision_id": decision_id,
                                    "agency_id": agency_id, "position": position})
        if decision is Decision.OTHER_REVIEW:  # every method appears
            n = counters["methods"] = counters.get("methods", -1) + 1
            decisions[-1]["review_method"] = covering(rng, n, list(ReviewMethod)).value
        ctx.decisions.append(DecisionPlan(decision_id, referral, meeting, decision.value,
                                          decisions[-1]["review_method"], decisions[-1]["chair_of_review"], agency_ids))
    ctx.insert(Meeting, meetings)
    ctx.insert(Attendance, attendance)
    ctx.insert(AgendaItem, agenda)
    ctx.insert(PanelDecision, decisions)
    ctx.insert(DecisionAgency, chosen_agencies)
    # The chair rules, as the program applies them (services.meetings): an open panel with an
    # item flagged "SCR criteria likely" is an SCR Consideration Panel chaired by the Service Director.
    for open_meeting in ctx.session.scalars(select(Meeting).where(Meeting.status.in_(OPEN_STATUSES),
                                                                  Meeting.review_id.is_(None))):
        if apply_chair_rules(ctx.session, open_meeting) or open_meeting in ctx.session.dirty:
            open_meeting.updated_at = open_meeting.created_at  # deterministic for a given seed and day


def _agenda_item(ctx: DemoContext, agenda: list[dict[str, Any]], positions: dict[int, int],
                 meeting: MeetingPlan, referral: ReferralPlan) -> None:
    positions[meeting.id] = positions.get(meeting.id, 0) + 1
    agenda.append(
        {
            "id": ctx.new_id(AgendaItem),
            "meeting_id": meeting.id,
            "position": positions[meeting.id],
            "referral_id": referral.id,
            "title": f"{referral.reference}: referral from {_agency_name(ctx, referral.agency_id)}",
            "scr_criteria_likely": referral.scr_likely,
            "notes": "",
        }
    )


def _agency_name(ctx: DemoContext, agency_id: int) -> str:
    return next(a.name for a in ctx.agencies if a.id == agency_id)


def _decision_row(ctx: DemoContext, rng: random.Random, decision_id: int, referral: ReferralPlan,
                  meeting: MeetingPlan, decision: Decision, *, superseded: bool = False) -> dict[str, Any]:
    review = decision in REVIEW_DECISIONS[:3]
    first = next_working_day(weekday_on_or_after(meeting.day + timedelta(days=rng.randint(35, 50)), 2)) if review else None
    second = (next_working_day(first + timedelta(weeks=rng.randint(4, 6)))
              if first and decision is not Decision.SCR_CONSIDERATION else None)
    return {
        "id": decision_id,
        "referral_id": referral.id,
        "meeting_id": meeting.id,
        "decision_date": meeting.day,
        "decision": decision.value,
        "review_method": rng.choice(list(ReviewMethod)).value if decision is Decision.OTHER_REVIEW else None,
        "reasons": REASONS[decision],
        "scr_criteria_likely": referral.scr_likely,
        "issues_for_review": rng.choice(ISSUES) if review else "",
        "terms_of_reference_scope": rng.choice(SCOPE) if review else "",
        "period_from": referral.period_from if review else None,
        "period_to": referral.period_to if review else None,
        "chair_of_review": names.adult_name(rng) if review else "",
        "first_meeting_date": first,
        "second_meeting_date": second,
        "good_practice": "Prompt joint visit by health visitor and social worker." if rng.random() < 0.15 else "",
        "recorded_by": ctx.user,
        "superseded": superseded,
        "created_at": ctx.stamp(meeting.day, 14),
        "updated_at": ctx.stamp(meeting.day, 14),
    }
