"""Form A referrals in every status, with household members and the agencies involved.

The first `DETAILED_REFERRALS` follow the full mix of statuses, each with its panel
decision and (in the areas that follow) its review, chronologies and actions. Beyond
that, a big demo (up to 50,000, for testing long lists) adds *historical* referrals:
closed after a "no further action" decision, or withdrawn, with a smaller household —
as a real register's older years mostly are. This keeps `--referrals 50000` to a few
minutes: SQLCipher's memory security (mlock on every allocation) makes each row cost.

Referrals that were decided (or whose review is running or closed) came in a few weeks
before a panel that has been held; those on an agenda came in since the last panel and
sit on the next one; drafts and new submissions are from the last three weeks.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from lipanel_desktop.models.referral import HouseholdMember, Referral, ReferralAgency
from lipanel_desktop.services.demo import names
from lipanel_desktop.services.demo.context import DemoContext, MeetingPlan, ReferralPlan, between, covering, some
from lipanel_desktop.vocabulary.form_a import (
    CaseKind,
    EthnicGroup,
    ImmigrationStatus,
    IncidentType,
    OfstedNotified,
    ReferralStatus,
    ScrCriteria,
    Sex,
    YesNoUnknown,
)
from lipanel_desktop.vocabulary.panel import MeetingStatus

STATUS_WEIGHTS = {
    ReferralStatus.DRAFT: 4,
    ReferralStatus.SUBMITTED: 6,
    ReferralStatus.ON_AGENDA: 6,
    ReferralStatus.DECIDED: 12,
    ReferralStatus.IN_REVIEW: 32,
    ReferralStatus.CLOSED: 32,
    ReferralStatus.WITHDRAWN: 8,
}

SUMMARIES = (
    "{first} (aged {age}) was brought to the Emergency Department at Example General with an "
    "unexplained injury. Agencies had shared concerns about neglect over the previous year.",
    "{first} (aged {age}) was found by police late at night some distance from home, with older "
    "young people not known to the family. Concerns about exploitation had been raised by school.",
    "A near miss: {first} (aged {age}) was admitted after taking an adult's prescribed medication. "
    "The household was known to several agencies for parental substance misuse.",
    "{first} (aged {age}) died suddenly at home. The family had recently moved into the area and "
    "records had not followed them between services.",
    "{first} (aged {age}) disclosed domestic abuse at home to a teacher. Information held by "
    "health and police had not been brought together before the disclosure.",
    "Good multi-agency work: {first} (aged {age}) was kept safe after a complex period of "
    "parental mental ill-health, with early help, health visiting and school working closely.",
)
LEARNING = (
    "How agencies share information when a family moves between local authority areas.",
    "Whether the child's voice was heard in assessments and plans.",
    "Recognition of and response to cumulative neglect.",
    "Professional curiosity about adults in the household not known to services.",
    "How escalation procedures were used when agencies disagreed.",
    "What made the multi-agency work effective, so it can be repeated.",
)
RELATIONSHIPS = ("Mother", "Father", "Sibling", "Half-sibling", "Maternal grandmother", "Mother's partner", "Stepfather")
LOCATIONS = ("At home with mother", "Example General Hospital, children's ward", "With maternal grandmother",
             "Foster placement (address withheld)", "Sampletown Children's Home")


DETAILED_REFERRALS = 2_000
HISTORICAL_WEIGHTS = {ReferralStatus.CLOSED: 90, ReferralStatus.WITHDRAWN: 10}

#: After one of each status, enough running reviews for every stage of every path.
COVER_IN_REVIEW = 17


def _status_plan(ctx: DemoContext, rng: random.Random) -> list[ReferralStatus]:
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    plan = [covering(rng, i, statuses, weights) for i in range(ctx.referrals_wanted)]
    for i in range(len(statuses), min(len(plan), len(statuses) + COVER_IN_REVIEW)):
        plan[i] = ReferralStatus.IN_REVIEW
    old, old_weights = list(HISTORICAL_WEIGHTS), list(HISTORICAL_WEIGHTS.values())
    for i in range(DETAILED_REFERRALS, len(plan)):
        plan[i] = rng.choices(old, old_weights)[0]
    return plan


def _dates(ctx: DemoContext, rng: random.Random, status: ReferralStatus, held: list[MeetingPlan],
           upcoming: MeetingPlan | None) -> tuple[date, MeetingPlan | None]:
    today = ctx.today
    last_day = held[-1].day if held else today - timedelta(days=40)
    if status in (ReferralStatus.DRAFT, ReferralStatus.SUBMITTED):
        return between(rng, max(last_day, today - timedelta(days=21)), today), None
    if status is ReferralStatus.ON_AGENDA:
        return between(rng, last_day + timedelta(days=1), today), upcoming
    if status is ReferralStatus.WITHDRAWN:
        return between(rng, today - timedelta(days=540), today - timedelta(days=7)), None
    # decided, in review or closed: before a panel that has been held
    if status is ReferralStatus.DECIDED:
        pool = held[-2:]
    elif status is ReferralStatus.CLOSED:
        pool = held[: max(1, (len(held) * 2) // 3)]
    else:
        pool = held
    panel = rng.choice(pool)
    return panel.day - timedelta(days=rng.randint(8, 55)), panel


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("referrals")
    held = [p for p in ctx.panels if p.status == MeetingStatus.HELD]
    upcoming = next((p for p in ctx.panels if p.day >= ctx.today), None)
    agencies = ctx.agencies
    statuses = _status_plan(ctx, rng)
    ethnic = list(EthnicGroup)
    ids = ctx.new_ids(Referral, len(statuses))
    referrals: list[dict[str, Any]] = []
    household: list[dict[str, Any]] = []
    involved: list[dict[str, Any]] = []
    for index, (referral_id, status) in enumerate(zip(ids, statuses)):
        referral_date, panel = _dates(ctx, rng, status, held, upcoming)
        sex = rng.choice((Sex.MALE, Sex.FEMALE)).value
        family = names.surname(rng)
        child = names.child_name(rng, sex, family)
        age = rng.choices(range(18), weights=[9, 6, 5, 4, 4, 3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 6, 5, 4])[0]
        incident = referral_date - timedelta(days=rng.randint(3, 45))
        dob = incident - timedelta(days=age * 365 + rng.randint(0, 364))
        dob_known = rng.random() > 0.05
        referring = rng.choice(agencies)
        referrer = names.adult_name(rng)
        death = rng.random() < 0.22
        scr = covering(rng, index, list(ScrCriteria), (15, 60, 25))
        address = names.address(rng)
        group = covering(rng, index, ethnic)
        ref = ctx.reference(ctx.settings["referral_prefix"], referral_date.year)
        submitted = status is not ReferralStatus.DRAFT
        period_to = incident
        period_from = incident - timedelta(days=rng.choice((180, 365, 540, 730)))
        historical = index >= DETAILED_REFERRALS
        agency_ids = [a.id for a in some(rng, agencies, 2, 3 if historical else 6)]
        if referring.id not in agency_ids:
            agency_ids.insert(0, referring.id)
        ctx.referrals.append(
            ReferralPlan(referral_id, ref, status.value, referral_date, child, referring.id,
                         scr is ScrCriteria.LIKELY or death, agency_ids, period_from, period_to, panel,
                         historical)
        )
        summary = rng.choice(SUMMARIES).format(first=child.split()[0], age=age)
        draft_gap = status is ReferralStatus.DRAFT and rng.random() < 0.5
        referrals.append(
            {
                "id": referral_id,
                "reference": ref,
                "status": status.value,
                "created_by": ctx.user,
                "child_full_name": child,
                "child_also_known_as": names.child_name(rng, sex, family).split()[0] + "ie" if rng.random() < 0.1 else "",
                "child_dob": dob if dob_known else None,
                "incident_date": incident,
                "incident_time": time(rng.randint(0, 23), rng.choice((0, 15, 30, 45))) if rng.random() < 0.6 else None,
                "child_address": address,
                "child_current_location": "" if death else rng.choice(LOCATIONS),
                "referral_date": referral_date,
                "referrer_name": referrer,
                "ofsted_notified": covering(rng, index, list(OfstedNotified), (30, 50, 20)).value,
                "agency_id": referring.id,
                "agency_name": referring.name,
                "agency_address": names.address(rng),
                "agency_telephone": names.telephone(rng),
                "agency_email": names.email_for(referrer, "referrer"),
                "sex": sex,
                "age_years": None if dob_known else age,
                "ethnic_group": group.value,
                "ethnic_other": "Kurdish (fictional example)" if group is EthnicGroup.OTHER_SPECIFY else "",
                "immigration_status": covering(rng, index, list(ImmigrationStatus), (3, 2, 3, 92)).value
                if rng.random() < 0.3 or index < 4 else None,
                "incident_type": (IncidentType.DEATH if death else IncidentType.CRITICAL_INCIDENT).value,
                "summary": "" if draft_gap else summary,
                "case_kind": covering(rng, index, list(CaseKind)).value,
                "expected_learning": "" if draft_gap else rng.choice(LEARNING),
                "scr_criteria": scr.value,
                "on_child_protection_plan": covering(rng, index, list(YesNoUnknown), (25, 65, 10)).value,
                "whereabouts_at_incident": rng.choice(("At home", "At a friend's house", "In a park in Demoport", "At school")),
                "carer_at_incident": rng.choice(("Mother", "Father", "Mother's partner", "Maternal grandmother", "No adult present")),
                "submitted_at": ctx.stamp(referral_date, 11) if submitted else None,
                "submitted_by": ctx.user if submitted else None,
                "withdrawn_at": ctx.stamp(referral_date + timedelta(days=rng.randint(3, 20)), 15)
                if status is ReferralStatus.WITHDRAWN else None,
                "withdrawn_reason": "The referring agency withdrew it after single-agency review (fictional)."
                if status is ReferralStatus.WITHDRAWN else "",
                "closed_at": ctx.stamp(min(ctx.today, panel.day + timedelta(days=rng.randint(14, 300))), 16)
                if status is ReferralStatus.CLOSED and panel is not None else None,
                "created_at": ctx.stamp(referral_date, 9),
                "updated_at": ctx.stamp(referral_date, 11),
            }
        )
        household += _household(ctx, rng, referral_id, family, address, dob or referral_date, 2 if historical else 4)
        for position, agency_id in enumerate(agency_ids):
            involved.append(
                {"id": ctx.new_id(ReferralAgency), "referral_id": referral_id, "agency_id": agency_id,
                 "position": position, "still_involved": rng.random() < 0.8}
            )
    with search_index_paused(ctx.session, ids):
        ctx.insert(Referral, referrals)
        ctx.insert(HouseholdMember, household)
    ctx.insert(ReferralAgency, involved)


#: What the search triggers would have indexed, for referrals with ids low..high.
INDEX_REFERRALS = (
    "INSERT INTO referral_search(rowid, names, household, summary) "
    "SELECT r.id, r.child_full_name || ' ' || r.child_also_known_as, "
    "(SELECT coalesce(group_concat(h.full_name, ' '), '') FROM household_members h "
    " WHERE h.referral_id = r.id), r.summary "
    "FROM referrals r WHERE r.id BETWEEN :low AND :high"
)
#: The triggers that keep the search index current (recreated from their stored SQL).
SEARCH_TRIGGERS = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
    "('referrals', 'household_members') AND name LIKE 'referral_search%' ORDER BY name"
)


@contextmanager
def search_index_paused(session: Session, referral_ids: list[int]) -> Iterator[None]:
    """Bulk-load referrals without the search-index triggers, then index them in one go.

    The triggers (migration 0001) update the FTS5 index once per household member; with
    FTS5's secure-delete each such update flushes the index, so 10,000 referrals would
    take minutes. Inside this one transaction the triggers are dropped, the rows loaded,
    the index filled with a single INSERT ... SELECT computing what the triggers would,
    and the triggers recreated from their own stored SQL — all committed or none.
    """
    triggers = session.execute(text(SEARCH_TRIGGERS)).all()
    for name, _sql in triggers:
        session.execute(text(f'DROP TRIGGER "{name}"'))
    yield
    if referral_ids:
        session.execute(text(INDEX_REFERRALS), {"low": min(referral_ids), "high": max(referral_ids)})
    for _name, sql in triggers:
        session.execute(text(sql))


def _household(ctx: DemoContext, rng: random.Random, referral_id: int, family: str, address: str,
               child_dob: date, most: int) -> list[dict[str, Any]]:
    rows = []
    for position, relation in enumerate(some(rng, RELATIONSHIPS, 1, most)):
        adult = relation not in ("Sibling", "Half-sibling")
        own_family = family if relation not in ("Mother's partner", "Stepfather") else names.surname(rng)
        years = rng.randint(19, 60) if adult else rng.randint(-6, 8)
        rows.append(
            {
                "id": ctx.new_id(HouseholdMember),
                "referral_id": referral_id,
                "position": position,
                "full_name": names.adult_name(rng, own_family),
                "dob": (child_dob - timedelta(days=years * 365 + rng.randint(0, 300))) if rng.random() < 0.9 else None,
                "relationship_to_child": relation,
                "full_address": address if rng.random() < 0.8 else names.address(rng),
            }
        )
    return rows
