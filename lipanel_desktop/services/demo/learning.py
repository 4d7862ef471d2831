"""What reviews learn: key findings and recommendations (once a review has reached its
findings), good practice (identified in reviews, and received from agencies at any
time), and where the learning was disseminated (once reported to the Board)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lipanel_desktop.models.review import Dissemination, Finding, GoodPractice, Recommendation
from lipanel_desktop.services.demo.context import DemoContext, ReviewPlan, between, covering
from lipanel_desktop.services.demo.reviews import on
from lipanel_desktop.vocabulary.reviews import DisseminationChannel, GoodPracticeSource, ReviewKind
from lipanel_desktop.vocabulary.reviews import ReviewStage as S

FINDINGS = (
    "Information about adults joining the household was held by separate agencies and never brought together.",
    "Missed health appointments were not followed up or shared with the child's school.",
    "Practitioners did not always see the child alone, so the child's own account was missing.",
    "Escalation was not used when agencies disagreed about the level of risk.",
    "The transfer of records when the family moved areas took several months.",
    "Where agencies met early and shared a plan, the child's circumstances improved quickly.",
)
RECOMMENDATIONS = (
    "Agencies should confirm that case records follow a family who moves areas within 10 working days.",
    "Assessments should record the child's views in their own words.",
    "The escalation policy should be re-launched with a briefing for front-line managers.",
    "Health partners should share missed-appointment information with the school nurse.",
    "Strategy meetings should consider every adult in the household, not only parents.",
)
GOOD_PRACTICE = (
    "A joint home visit by the health visitor and social worker, arranged within a day.",
    "A school's designated safeguarding lead escalated persistently until a plan was agreed.",
    "Police and housing shared information early, preventing a move into unsafe accommodation.",
    "Creative direct work helped a young child describe life at home.",
)


def _learning_reached(plan: ReviewPlan) -> bool:
    return plan.reached(S.FINDINGS.value) or plan.reached(S.BOARD_SIGN_OFF.value)


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("learning")
    today = ctx.today
    findings: list[dict[str, Any]] = []
    recommendations: list[dict[str, Any]] = []
    practice: list[dict[str, Any]] = []
    dissemination: list[dict[str, Any]] = []
    channel_index = 0
    for plan in ctx.reviews:
        if plan.kind == ReviewKind.SINGLE_AGENCY or not _learning_reached(plan):
            continue
        agreed = on(plan, S.FINDINGS, today) or on(plan, S.BOARD_SIGN_OFF, today)
        assert agreed is not None
        agencies = plan.involved_ids or plan.agency_ids
        for position, text in enumerate(rng.sample(FINDINGS, rng.randint(2, 4)), start=1):
            finding_id = ctx.new_id(Finding)
            findings.append({"id": finding_id, "review_id": plan.id, "position": position, "text": text,
                             "agreed_on": agreed})
            for _ in range(rng.randint(1, 2)):
                rec_id = ctx.new_id(Recommendation)
                agency_id = rng.choice(agencies)
                recommendations.append({"id": rec_id, "review_id": plan.id, "finding_id": finding_id,
                                        "position": len(plan.recommendation_ids) + 1,
                                        "text": rng.choice(RECOMMENDATIONS), "agency_id": agency_id,
                                        "agreed_on": agreed})
                plan.recommendation_ids.append((rec_id, agency_id, agreed))
        if rng.random() < 0.25:
            practice.append(_practice(ctx, rng, GoodPracticeSource.IDENTIFIED_IN_REVIEW, agreed, plan))
        reported = on(plan, S.REPORTED, today) or on(plan, S.PUBLICATION, today)
        if reported is not None:
            for _ in range(rng.randint(1, 3)):
                channel = covering(rng, channel_index, list(DisseminationChannel))
                channel_index += 1
                held = reported + timedelta(days=rng.randint(7, 90))
                if held > today:
                    continue
                dissemination.append({
                    "id": ctx.new_id(Dissemination), "review_id": plan.id, "channel": channel.value,
                    "held_on": held, "audience": "Front-line practitioners and managers",
                    "people_count": rng.randint(8, 120) if channel is not DisseminationChannel.BOARD else None,
                    "learning": "Seven-minute briefing on the review's findings (fictional).",
                })
    for _ in range(max(3, len(ctx.referrals) // 25)):
        received = between(rng, today - timedelta(days=540), today)
        practice.append(_practice(ctx, rng, GoodPracticeSource.RECEIVED, received, None))
    ctx.insert(Finding, findings)
    ctx.insert(Recommendation, recommendations)
    ctx.insert(GoodPractice, practice)
    ctx.insert(Dissemination, dissemination)


def _practice(ctx: DemoContext, rng: Any, source: GoodPracticeSource, day: Any, plan: ReviewPlan | None) -> dict[str, Any]:
    agency = rng.choice(ctx.agencies)
    return {
        "id": ctx.new_id(GoodPractice), "source": source.value,
        "review_id": plan.id if plan else None,
        "referral_id": plan.decision.referral.id if plan else None,
        "decision_id": plan.decision.id if plan else None,
        "agency_id": agency.id, "received_on": day, "description": rng.choice(GOOD_PRACTICE),
        "created_at": ctx.stamp(day), "updated_at": ctx.stamp(day),
    }
