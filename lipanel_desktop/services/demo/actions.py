"""Multi-agency action plans: actions for each recommendation of reviews that have
reported (and for single-agency reviews), in every status, with progress updates and,
for those overdue or at risk, the exception report's notes.

"Overdue" and "at risk" are never stored: they follow from the dates
(`services.action_status.derive_status`). So dates are chosen to produce them: an
overdue action's due date has passed; an at-risk one is forecast to finish more than the
tolerance (organisation setting) after its due date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.services.demo import names
from lipanel_desktop.services.demo.context import DemoContext, ReviewPlan, between, covering
from lipanel_desktop.vocabulary.actions import ActionStatus as A
from lipanel_desktop.vocabulary.reviews import ReviewKind
from lipanel_desktop.vocabulary.reviews import ReviewStage as S

RUNNING = (A.NOT_STARTED, A.ON_TRACK, A.AT_RISK, A.OVERDUE, A.COMPLETE, A.CLOSED)
RUNNING_WEIGHTS = (20, 35, 12, 15, 15, 3)
FINISHED = (A.COMPLETE, A.CLOSED)
DESCRIPTIONS = (
    "Deliver a briefing on the escalation policy to all front-line managers.",
    "Audit 20 case files for evidence that the child was seen alone.",
    "Update the records-transfer procedure and confirm it with neighbouring areas.",
    "Add a missed-appointments prompt to the health visiting record system.",
    "Run two multi-agency workshops on professional curiosity.",
)
UPDATES = (
    "Briefing sessions booked; first held with 24 staff.",
    "Procedure drafted; out for comment with partner agencies.",
    "Audit sample chosen; results due next month.",
    "Delayed by staff changes; new lead officer nominated.",
    "Completed; evidence sent to the Audit and Monitoring Sub-group.",
)


def _plans(ctx: DemoContext) -> list[tuple[ReviewPlan, int | None, int, date]]:
    """(review, recommendation id or None, agency id, date agreed) for each action to make."""
    wanted = []
    rng = ctx.rng("actions-plan")
    for plan in ctx.reviews:
        if plan.kind == ReviewKind.SINGLE_AGENCY:
            agreed = plan.started_on
            for _ in range(rng.randint(1, 3)):
                wanted.append((plan, None, plan.decision.referral.agency_id, agreed))
            continue
        if not (plan.reached(S.REPORT.value) or plan.reached(S.BOARD_SIGN_OFF.value)):
            continue
        for rec_id, agency_id, agreed in plan.recommendation_ids:
            for _ in range(rng.randint(1, 2)):
                wanted.append((plan, rec_id, agency_id, agreed))
    return wanted


def _dates(rng: random.Random, target: A, today: date, agreed: date, tolerance: int) -> dict[str, Any]:
    due = forecast = completed = None
    if target is A.NOT_STARTED:
        due = today + timedelta(days=rng.randint(30, 240))
    elif target is A.ON_TRACK:
        due = today + timedelta(days=rng.randint(14, 240))
        forecast = due - timedelta(days=rng.randint(0, 10)) if rng.random() < 0.5 else None
    elif target is A.AT_RISK:
        due = today + timedelta(days=rng.randint(7, 180))
        forecast = due + timedelta(days=rng.randint(tolerance + 1, tolerance + 90))
    elif target is A.OVERDUE:
        due = today - timedelta(days=rng.randint(1, 150))
    else:
        completed = between(rng, agreed, today)
        due = completed + timedelta(days=rng.randint(-20, 60))
    recorded = {A.AT_RISK: A.ON_TRACK, A.OVERDUE: rng.choice((A.ON_TRACK, A.NOT_STARTED))}.get(target, target)
    return {"due_date": due, "forecast_date": forecast, "completed_on": completed, "recorded_status": recorded.value}


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("actions")
    today = ctx.today
    tolerance = int(ctx.settings.get("action_risk_tolerance_days", 14))
    actions: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    running_index = 0
    for plan, rec_id, agency_id, agreed in _plans(ctx):
        closed = plan.stage == S.CLOSED
        if closed:
            target = rng.choices(FINISHED, (30, 70))[0]
        else:
            target = covering(rng, running_index, RUNNING, RUNNING_WEIGHTS)
            running_index += 1
        agreed = min(agreed, today)
        fields = _dates(rng, target, today, agreed, tolerance)
        due: date = fields["due_date"]
        revised = target not in FINISHED and rng.random() < 0.15
        officer = ctx.representatives[agency_id]
        action_id = ctx.new_id(Action)
        finished = target in FINISHED
        actions.append({
            "id": action_id, "reference": ctx.reference("ACT", agreed.year), "review_id": plan.id,
            "recommendation_id": rec_id, "decision_id": plan.decision.id if rec_id is None else None,
            "description": rng.choice(DESCRIPTIONS), "agency_id": agency_id,
            "lead_officer_name": officer.name, "lead_officer_role": officer.title,
            "lead_officer_contact": officer.contact, "accountable_manager": names.adult_name(rng),
            "original_due_date": due - timedelta(days=rng.randint(30, 90)) if revised else due,
            "revised_due_reason": "Extended by the Audit and Monitoring Sub-group: staffing changes." if revised else "",
            "revised_on": between(rng, agreed, today) if revised else None,
            "evidence_text": "Briefing attendance lists and the revised procedure." if finished else "",
            "evidence_references": "Evidence folder AM-sub-group (fictional)" if finished else "",
            "signed_off_by": ctx.user if target is A.CLOSED else None,
            "signed_off_on": fields["completed_on"] + timedelta(days=14) if target is A.CLOSED else None,
            "closed_on": fields["completed_on"] + timedelta(days=14) if target is A.CLOSED else None,
            "created_at": ctx.stamp(agreed, 16), "updated_at": ctx.stamp(min(today, fields["completed_on"] or today), 16),
            **fields,
        })
        if actions[-1]["signed_off_on"] and actions[-1]["signed_off_on"] > today:
            actions[-1]["signed_off_on"] = actions[-1]["closed_on"] = today
        for _ in range(rng.randint(0, 3)):
            day = between(rng, agreed, today)
            updates.append({
                "id": ctx.new_id(ActionUpdate), "action_id": action_id, "update_date": day,
                "author": officer.name, "text": rng.choice(UPDATES),
                "status_after": fields["recorded_status"], "created_at": ctx.stamp(day, 12),
            })
        if target in (A.OVERDUE, A.AT_RISK) and rng.random() < 0.7:
            notes.append({
                "id": ctx.new_id(ExceptionNote), "action_id": action_id,
                "cause": "The lead officer left the agency and the work was not handed over.",
                "consequences": "Practitioners have not yet had the briefing the review asked for.",
                "options": "Nominate a new lead; extend the due date by two months.",
                "recommendation": "The Quality Assurance Sub-group agrees a revised date.",
                "created_at": ctx.stamp(today - timedelta(days=3)), "updated_at": ctx.stamp(today - timedelta(days=3)),
            })
        ctx.action_ids.append(action_id)
    ctx.insert(Action, actions)
    ctx.insert(ActionUpdate, updates)
    ctx.insert(ExceptionNote, notes)
