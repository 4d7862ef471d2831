"""Reviews that follow the panel's decisions, at every stage of every path: Multi-Agency
Learning Reviews (and other methods, which follow the same steps), Serious Case Reviews
and single-agency reviews. With them: agency checks, chronology requests, agency reports
(SCR), participants, review meetings with attendance, themes and clock pauses.

A review's stage follows from how long ago its panel sat (older decisions are further
on), except that the youngest few reviews on each path walk through every stage so that
each stage is always present. Dates are set so that most open reviews are on time: the
notifications of an SCR went out within days of the referral, and single-agency reviews
that ran long had their report back extended (a few are late again); a few are missed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from lipanel_desktop.models.meeting import Attendance, Meeting
from lipanel_desktop.models.review import (
    AgencyCheck,
    AgencyReport,
    ChronologyRequest,
    ClockPause,
    Review,
    ReviewClosure,
    ReviewParticipant,
    ReviewTheme,
    ScrNotification,
)
from lipanel_desktop.services.demo import names
from lipanel_desktop.services.demo.calendar import attendance_rows, meeting_rows
from lipanel_desktop.services.decisions import REVIEW_FOR  # the same reference prefixes as real decisions
from lipanel_desktop.services.demo.context import DecisionPlan, DemoContext, ReviewPlan, covering, some
from lipanel_desktop.services.working_days import add_working_days, next_working_day
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.panel import Decision, MeetingKind, MeetingStatus
from lipanel_desktop.vocabulary.reviews import (
    AgencyCheckStatus,
    ClosureReason,
    IndependentChairDecision,
    NationalPanelOutcome,
    ParticipantRole,
    PublicationDecision,
    RequestStatus,
    ReviewKind,
    ReviewStage as S,
)


MALR_PATH = (S.SETTING_UP, S.AGENCY_CHECKS, S.CHRONOLOGIES, S.MEETINGS, S.FINDINGS, S.REPORT, S.REPORTED, S.CLOSED)
SCR_PATH = (S.AGENCY_REPORTS, S.DIRECTOR_RECOMMENDATION, S.CHAIR_DECISION, S.NATIONAL_PANEL, S.COMMISSIONING,
            S.IN_PROGRESS, S.BOARD_SIGN_OFF, S.PUBLICATION, S.CLOSED)
SINGLE_PATH = (S.SINGLE_AGENCY_ACTIONS, S.CLOSED)
KINDS = {
    Decision.MALR.value: (ReviewKind.MALR, MALR_PATH, 21),
    Decision.OTHER_REVIEW.value: (ReviewKind.OTHER, MALR_PATH, 21),
    Decision.SCR_CONSIDERATION.value: (ReviewKind.SCR, SCR_PATH, 24),
    Decision.SINGLE_AGENCY.value: (ReviewKind.SINGLE_AGENCY, SINGLE_PATH, 90),
}
SIX_MONTHS = timedelta(days=183)
PRACTITIONERS = ("Social worker", "Health visitor", "Class teacher", "GP", "Police constable", "School nurse")
PAUSE_REASONS = (
    "Criminal proceedings: the police asked that interviews wait until the trial ends.",
    "Coroner's inquest pending.",
    "A key practitioner is on long-term leave.",
)


def _newest_first(decisions: list[DecisionPlan]) -> dict[int, int]:
    """Each review decision's rank among those on the same path and with the same
    outcome, newest first: the reviews that walk through every stage are the youngest, so
    one decided last month is setting up and none from last year is still at its start."""
    ranks: dict[int, int] = {}
    seen: dict[str, int] = {}
    for d in sorted(decisions, key=lambda d: (d.meeting.day, d.id), reverse=True):
        if d.decision in KINDS:
            key = f"{KINDS[d.decision][1][0]}:{d.referral.status}"
            ranks[d.id] = seen[key] = seen.get(key, -1) + 1
    return ranks


def _stage(rng: random.Random, path: tuple[S, ...], closed: bool, index: int, weeks: float, span_weeks: float) -> int:
    if closed:
        return len(path) - 1
    running = len(path) - 1
    if index < running:
        return index
    guess = int(weeks / span_weeks * rng.uniform(0.6, 1.3))
    return max(0, min(running - 1, guess))


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("reviews")
    rows: dict[type, list[dict[str, Any]]] = {model: [] for model in (
        Review, Meeting, Attendance, AgencyCheck, ChronologyRequest, AgencyReport, ReviewParticipant,
        ReviewTheme, ClockPause, ReviewClosure, ScrNotification)}
    newest = _newest_first(ctx.decisions)
    for decision in ctx.decisions:
        status = decision.referral.status
        if decision.decision not in KINDS or status not in (ReferralStatus.IN_REVIEW, ReferralStatus.CLOSED):
            continue
        kind, path, span_days = KINDS[decision.decision]
        index = newest[decision.id]
        started = decision.meeting.day + timedelta(days=rng.randint(3, 10))
        weeks = max(0, (ctx.today - started).days) / 7
        stage_index = _stage(rng, path, status == ReferralStatus.CLOSED, index, weeks, span_days / 7)
        # A review can't be further on than time allows: squeeze its stage dates instead.
        step = min(span_days, max(1, (ctx.today - started).days // max(1, stage_index + 1)))
        plan = ReviewPlan(ctx.new_id(Review), ctx.reference(REVIEW_FOR[decision.decision][1], started.year, width=3), kind.value, path[stage_index].value,
                          stage_index, tuple(s.value for s in path), decision, started, decision.agency_ids)
        plan.meeting_days = [started + timedelta(days=step * i) for i in range(len(path))]
        ctx.reviews.append(plan)
        rows[Review].append(_review_row(ctx, rng, plan, kind))
        if kind is ReviewKind.SCR and rows[Review][-1]["national_panel_notified_on"]:  # told before the decision
            rows[ScrNotification].append({"id": ctx.new_id(ScrNotification), "referral_id": decision.referral.id,
                                          "ofsted_notified_on": rows[Review][-1]["ofsted_notified_on"],
                                          "national_panel_notified_on": rows[Review][-1]["national_panel_notified_on"]})
        _checks_and_requests(ctx, rng, plan, rows)
        _meetings(ctx, rng, plan, rows)
        for theme_id in some(rng, ctx.theme_ids, 1, 3):
            rows[ReviewTheme].append({"review_id": plan.id, "theme_id": theme_id})
        if rng.random() < 0.05 or index == 0:
            pause_start = started + timedelta(days=rng.randint(10, 60))
            if pause_start < ctx.today:
                ended = pause_start + timedelta(days=rng.randint(20, 90))
                rows[ClockPause].append({"id": ctx.new_id(ClockPause), "review_id": plan.id, "referral_id": None,
                                         "started_on": pause_start, "ended_on": ended if ended < ctx.today else None,
                                         "reason": rng.choice(PAUSE_REASONS)})
    for plan in ctx.reviews:
        closed_on = on(plan, S.CLOSED, ctx.today)
        if closed_on is not None:
            rows[ReviewClosure].append({
                "id": ctx.new_id(ReviewClosure), "review_id": plan.id, "closed_on": closed_on,
                "reason": ClosureReason.COMPLETED.value, "note": "", "merged_into_id": None,
                "stage_before": plan.path[-2], "closed_by": ctx.user, "reopened_on": None,
                "reopen_reason": "", "reopened_by": ""})
    for referral in ctx.referrals:  # at an SCR Consideration Panel, awaiting its decision
        if referral.scr_likely and referral.panel and referral.status in (ReferralStatus.SUBMITTED, ReferralStatus.ON_AGENDA):
            told = notified_on(referral.referral_date, ctx.today, rng)
            if told is not None:
                rows[ScrNotification].append({"id": ctx.new_id(ScrNotification), "referral_id": referral.id,
                                              "ofsted_notified_on": told, "national_panel_notified_on": told})
    for referral in ctx.referrals[:: max(1, len(ctx.referrals) // 4)]:
        if referral.status == ReferralStatus.SUBMITTED:
            rows[ClockPause].append({"id": ctx.new_id(ClockPause), "review_id": None, "referral_id": referral.id,
                                     "started_on": referral.referral_date, "ended_on": None,
                                     "reason": "Awaiting the referrer's missing details (fictional)."})
    for model in (Review, Meeting, Attendance, AgencyCheck, ChronologyRequest, AgencyReport, ReviewParticipant,
                  ReviewTheme, ClockPause, ReviewClosure, ScrNotification):
        ctx.insert(model, rows[model])


def on(plan: ReviewPlan, stage: S, today: date) -> date | None:
    """The day the review reached `stage`, or None if it has not."""
    if not plan.reached(stage.value):
        return None
    return min(plan.meeting_days[plan.path.index(stage.value)], today)


def notified_on(referred: date, today: date, rng: random.Random) -> date | None:
    """Ofsted and the National Panel are told within days of the incident becoming known."""
    day = referred + timedelta(days=rng.choice((1, 2, 3, 4, 6)))
    return day if day < today else None


def _review_row(ctx: DemoContext, rng: random.Random, plan: ReviewPlan, kind: ReviewKind) -> dict[str, Any]:
    d: DecisionPlan = plan.decision
    today = ctx.today
    scr = kind is ReviewKind.SCR
    chair_choice = None
    if scr and plan.reached(S.CHAIR_DECISION.value) and plan.stage != S.CHAIR_DECISION:
        no_scr = plan.stage == S.NATIONAL_PANEL or plan.id % 3 == 0
        chair_choice = IndependentChairDecision.NO_SCR if no_scr else IndependentChairDecision.HOLD_SCR
    notified = notified_on(d.referral.referral_date, today, rng) if scr else None
    due = plan.started_on + SIX_MONTHS
    if kind is ReviewKind.SINGLE_AGENCY and due < today and plan.stage != S.CLOSED:
        due = today + timedelta(days=rng.randint(-20, 120))  # the agency got more time (a few are late again)
    outcome = None
    if chair_choice is IndependentChairDecision.NO_SCR and plan.reached(S.COMMISSIONING.value):
        outcome = NationalPanelOutcome.OVERTURNED
    elif chair_choice is IndependentChairDecision.NO_SCR and plan.stage != S.NATIONAL_PANEL:
        outcome = NationalPanelOutcome.UPHELD
    report_on = on(plan, S.REPORT, today) or on(plan, S.BOARD_SIGN_OFF, today)
    closed_on = on(plan, S.CLOSED, today)
    publication = None
    if scr and plan.reached(S.PUBLICATION.value) and plan.stage != S.PUBLICATION:
        publication = rng.choice(list(PublicationDecision))
    return {
        "id": plan.id,
        "reference": plan.reference,
        "kind": kind.value,
        "method": d.method,
        "stage": plan.stage,
        "referral_id": d.referral.id,
        "decision_id": d.id,
        "chair_name": d.chair_of_review or ctx.people["head"].name,
        "independent_reviewer": ctx.people["reviewer"].name if scr or kind is ReviewKind.OTHER else "",
        "terms_of_reference": "Terms of reference agreed by the panel (fictional demonstration text).",
        "issues_for_review": "How agencies worked together for the child in the period under review.",
        "period_from": d.referral.period_from,
        "period_to": d.referral.period_to,
        "timescales": "Report to the Board within six months of the panel's decision." if due == plan.started_on + SIX_MONTHS
        else f"The agency's report back was extended to {due:%d/%m/%Y} (fictional).",
        "started_on": plan.started_on,
        "due_on": due,
        "completed_on": report_on,
        "closed_on": closed_on,
        "report_kind": rng.choice(("report", "summary")) if report_on else "",
        "report_text": "The review found that ... (fictional demonstration report)." if report_on else "",
        "reported_to_board_on": on(plan, S.REPORTED, today) or on(plan, S.BOARD_SIGN_OFF, today),
        "agency_reports_requested_on": on(plan, S.AGENCY_REPORTS, today),
        "director_recommendation": "The criteria for a Serious Case Review appear to be met." if on(plan, S.CHAIR_DECISION, today) else "",
        "director_recommendation_on": on(plan, S.CHAIR_DECISION, today),
        "chair_decision": chair_choice.value if chair_choice else None,
        "chair_decision_reasons": "Having scrutinised the panel's information (fictional)." if chair_choice else "",
        "chair_decision_on": on(plan, S.NATIONAL_PANEL, today) or on(plan, S.COMMISSIONING, today) if chair_choice else None,
        "ofsted_notified_on": notified if chair_choice is not IndependentChairDecision.NO_SCR else None,
        "national_panel_notified_on": notified,
        "national_panel_outcome": outcome.value if outcome else None,
        "national_panel_outcome_on": on(plan, S.COMMISSIONING, today) if outcome else None,
        "national_panel_notes": "The National Panel asked for a review to be held." if outcome is NationalPanelOutcome.OVERTURNED else "",
        "methodology": "Systems methodology with practitioner learning events." if on(plan, S.COMMISSIONING, today) else "",
        "reviewer_commissioned_on": on(plan, S.IN_PROGRESS, today),
        "scr_panel_agreed_on": on(plan, S.IN_PROGRESS, today),
        "interviews": "Practitioners from each involved agency (fictional)." if on(plan, S.IN_PROGRESS, today) else "",
        "board_signed_off_on": on(plan, S.PUBLICATION, today),
        "publication_decision": publication.value if publication else None,
        "publication_reasons": "In the spirit of transparency and openness." if publication else "",
        "published_on": closed_on if publication is PublicationDecision.PUBLISH else None,
        "created_at": ctx.stamp(plan.started_on),
        "updated_at": ctx.stamp(min(plan.meeting_days[plan.stage_index], today)),
    }


def _checks_and_requests(ctx: DemoContext, rng: random.Random, plan: ReviewPlan,
                         rows: dict[type, list[dict[str, Any]]]) -> None:
    today, settings = ctx.today, ctx.settings  # due dates by the application's own rules, in working days
    scr = plan.kind == ReviewKind.SCR
    asked = on(plan, S.AGENCY_CHECKS, today) or on(plan, S.AGENCY_REPORTS, today)
    if asked is None:
        return
    checks_done = plan.reached(S.CHRONOLOGIES.value) or scr and plan.reached(S.DIRECTOR_RECOMMENDATION.value)
    for n, agency_id in enumerate(plan.agency_ids):
        involved = n < 4 or rng.random() < 0.7
        answered = checks_done or rng.random() < 0.5
        status = AgencyCheckStatus.AWAITING if not answered else (
            AgencyCheckStatus.INVOLVED if involved else AgencyCheckStatus.NOT_INVOLVED)
        rep = ctx.representatives[agency_id]
        rows[AgencyCheck].append({
            "id": ctx.new_id(AgencyCheck), "review_id": plan.id, "agency_id": agency_id, "status": status.value,
            "requested_on": asked, "due_on": add_working_days(asked, settings["agency_check_working_days"]),
            "answered_on": min(today, asked + timedelta(days=rng.randint(2, 20))) if answered else None,
            "representative_name": rep.name if answered and involved else "",
            "representative_contact": rep.contact if answered and involved else "",
        })
        if status is AgencyCheckStatus.INVOLVED:
            plan.involved_ids.append(agency_id)
    requested = on(plan, S.CHRONOLOGIES, today) or on(plan, S.IN_PROGRESS, today)
    for agency_id in plan.involved_ids if requested else []:
        later = plan.reached(S.MEETINGS.value) or plan.reached(S.BOARD_SIGN_OFF.value)
        status = RequestStatus.RECEIVED if later or rng.random() < 0.5 else RequestStatus.OUTSTANDING
        if rng.random() < 0.03:
            status = RequestStatus.WITHDRAWN
        if status is RequestStatus.RECEIVED:
            plan.received_ids.append(agency_id)
        rows[ChronologyRequest].append({
            "id": ctx.new_id(ChronologyRequest), "review_id": plan.id, "agency_id": agency_id,
            "requested_on": requested,
            "due_on": add_working_days(requested, settings["chronology_return_working_days"]),  # type: ignore[arg-type]
            "received_on": min(today, requested + timedelta(days=rng.randint(10, 40)))  # type: ignore[operator]
            if status is RequestStatus.RECEIVED else None,
            "status": status.value,
        })
    if scr:
        for agency_id in plan.involved_ids or plan.agency_ids[:3]:
            received = plan.reached(S.DIRECTOR_RECOMMENDATION.value)
            rows[AgencyReport].append({
                "id": ctx.new_id(AgencyReport), "review_id": plan.id, "agency_id": agency_id,
                "requested_on": asked, "due_on": add_working_days(asked, settings["chronology_return_working_days"]),
                "received_on": min(today, asked + timedelta(days=rng.randint(14, 35))) if received else None,
                "status": (RequestStatus.RECEIVED if received else RequestStatus.OUTSTANDING).value,
            })


def _meetings(ctx: DemoContext, rng: random.Random, plan: ReviewPlan, rows: dict[type, list[dict[str, Any]]]) -> None:
    today = ctx.today
    if plan.kind == ReviewKind.SCR:
        start = on(plan, S.IN_PROGRESS, today)
        kinds = [MeetingKind.SCR_PANEL] * 3 if start else []
        days = [start + timedelta(weeks=6 * i) for i in range(3)] if start else []
    elif plan.kind == ReviewKind.SINGLE_AGENCY or not plan.reached(S.CHRONOLOGIES.value):
        return
    else:
        first = on(plan, S.CHRONOLOGIES, today) + timedelta(days=21)  # type: ignore[operator]
        kinds = [MeetingKind.MALR_FIRST, MeetingKind.MALR_SECOND]
        days = [first, first + timedelta(weeks=5)]
    chair = (plan.decision.chair_of_review or ctx.people["head"].name, "Chair of the review")
    for kind, day in zip(kinds, days):
        day = next_working_day(day)
        status = MeetingStatus.HELD.value if day < today else MeetingStatus.CONFIRMED.value
        if plan.stage == S.CLOSED and day >= today:
            continue
        meeting_id = ctx.new_id(Meeting)
        rows[Meeting].append(meeting_rows(ctx, meeting_id, kind.value, status, day, review_id=plan.id, chair=chair))
        rows[Attendance].extend(attendance_rows(ctx, rng, meeting_id, status, plan.involved_ids or plan.agency_ids))
    if plan.reached(S.MEETINGS.value) or plan.reached(S.IN_PROGRESS.value):
        for agency_id in plan.involved_ids:
            rep = ctx.representatives[agency_id]
            rows[ReviewParticipant].append({
                "id": ctx.new_id(ReviewParticipant), "review_id": plan.id, "agency_id": agency_id,
                "role": ParticipantRole.REPRESENTATIVE.value, "person_name": rep.name, "job_title": rep.title,
                "contact": rep.contact, "contributed": True})
            if rng.random() < 0.6:
                rows[ReviewParticipant].append({
                    "id": ctx.new_id(ReviewParticipant), "review_id": plan.id, "agency_id": agency_id,
                    "role": ParticipantRole.PRACTITIONER.value, "person_name": names.adult_name(rng),
                    "job_title": rng.choice(PRACTITIONERS), "contact": names.telephone(rng),
                    "contributed": rng.random() < 0.85})
        if plan.kind in (ReviewKind.SCR, ReviewKind.OTHER):
            for role, who in ((ParticipantRole.INDEPENDENT_REVIEWER, ctx.people["reviewer"]),
                              (ParticipantRole.INDEPENDENT_CHAIR, ctx.people["independent_chair"])):
                rows[ReviewParticipant].append({
                    "id": ctx.new_id(ReviewParticipant), "review_id": plan.id, "agency_id": None,
                    "role": role.value, "person_name": who.name, "job_title": who.title,
                    "contact": who.contact, "contributed": True})
