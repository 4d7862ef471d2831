"""Agency chronologies: for every chronology a review has received, an import record and
its entries over the period under review, in words each kind of agency would use, with
exact, approximate and ranged dates, from records, people and documents, of every
significance. As in real reviews, some incidents are recorded by several agencies (the
police's call-out, the social worker's notification, the health visitor's note), one
now and then a day or two out; and some reviews have a long quiet spell with no
agency contact. Dates are written as agencies write them and read back with the
importer's own date reader, so the demo shows exactly what an import would."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.services.chronology.dates import DateProblem, parse_date
from lipanel_desktop.services.demo import names
from lipanel_desktop.services.demo.context import DemoContext, between, covering
from lipanel_desktop.vocabulary.chronology import DateCertainty, Significance, SourceKind

#: Agency kind -> (event, source) in that agency's words; {child} is the child's first name.
EVENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "police": (
        ("Officers called to the address after a neighbour reported shouting; no arrests, words of advice given.",
         "Incident log"),
        ("Welfare check at the request of children's social care; {child} seen and safe.", "Command and control log"),
        ("Domestic abuse risk assessment completed with mother: medium risk.", "Risk assessment"),
        ("Mother's partner arrested for criminal damage at the address; released under investigation.", "Custody record"),
        ("Missing from home report: {child} found at a friend's house two hours later.", "Missing person report"),
    ),
    "social_care": (
        ("Referral received; single assessment started.", "Referral form"),
        ("Home visit: {child} seen alone in bedroom; home cluttered, little food in the kitchen.", "Case notes"),
        ("Strategy discussion with police and health; section 47 enquiry agreed.", "Strategy meeting minutes"),
        ("Initial child protection conference: {child} made subject to a plan under the category of neglect.",
         "Conference minutes"),
        ("Core group meeting; mother did not attend.", "Core group notes"),
        ("Case closed to children's social care and stepped down to early help.", "Closure summary"),
    ),
    "health": (
        ("Health visitor home visit: {child} weighed; weight dropped below the 9th centile.", "Health visiting record"),
        ("{child} not brought to the paediatric appointment; letter sent to the family.", "Clinic record"),
        ("GP appointment: mother reported low mood and poor sleep; referred to talking therapies.", "GP record"),
        ("{child} attended the Emergency Department with a minor head injury; explanation consistent.", "ED record"),
        ("Immunisations overdue; reminder sent.", "Child health record"),
    ),
    "gp": (
        ("GP appointment: mother reported low mood and poor sleep; referred to talking therapies.", "GP record"),
        ("{child} seen by the GP with a chest infection; antibiotics prescribed.", "GP record"),
        ("Repeat prescription for mother's antidepressants requested early.", "GP record"),
    ),
    "health_visiting": (
        ("Health visitor home visit: {child} weighed; weight dropped below the 9th centile.", "Health visiting record"),
        ("Health visitor contact by telephone; mother cancelled the developmental review.", "Health visiting record"),
    ),
    "school_nursing": (
        ("School nurse drop-in: {child} said they were worried about home.", "School nursing record"),
        ("Height and weight check at school: {child} underweight; letter to parents.", "School nursing record"),
    ),
    "midwifery": (
        ("Antenatal booking appointment for mother: late booking at 24 weeks.", "Maternity record"),
        ("Mother did not attend her antenatal appointment; community midwife visited.", "Maternity record"),
    ),
    "hospital": (
        ("{child} attended the Emergency Department with a minor head injury; explanation consistent.", "ED record"),
        ("Mother admitted overnight after a fall at home; children stayed with their grandmother.", "Ward record"),
    ),
    "ambulance": (
        ("Ambulance called to the address: mother unwell, taken to hospital; children with a neighbour.",
         "Ambulance record"),
        ("999 call from the address: caller rang off; crew found no one needing treatment.", "Call record"),
    ),
    "education": (
        ("{child} absent from school for three days; no reason given.", "Attendance register"),
        ("Class teacher noticed {child} arriving hungry and tired; recorded on the safeguarding log.",
         "Safeguarding log"),
        ("Designated safeguarding lead shared concerns with children's social care.", "Safeguarding log"),
        ("Meeting with mother about attendance; attendance plan agreed.", "Meeting notes"),
    ),
    "housing": (
        ("Notice of seeking possession served for rent arrears.", "Tenancy record"),
        ("Repairs visit: damp and mould in the children's bedroom reported.", "Repairs record"),
        ("Family moved to temporary accommodation in Demoport.", "Housing options record"),
    ),
    "probation": (
        ("Supervision appointment with mother's partner; alcohol use and the children discussed.", "Supervision notes"),
        ("Mother's partner missed his probation appointment; warning letter sent.", "Case record"),
        ("Risk of serious harm assessment reviewed: medium risk to known adults.", "OASys assessment"),
    ),
    "youth": (
        ("Youth offending worker met {child}'s older brother; he spoke of arguments at home.", "Case record"),
        ("Referral order panel for {child}'s older brother; mother attended.", "Panel notes"),
    ),
    "mental_health": (
        ("{child} seen by the mental health practitioner; low mood, not sleeping.", "Clinic letter"),
        ("Second appointment not attended; discharged back to the GP.", "Discharge letter"),
    ),
    "substances": (
        ("Mother attended the drug and alcohol service for assessment; engagement agreed.", "Assessment"),
        ("Mother did not attend her key-work session; telephone message left.", "Key-work notes"),
    ),
    "domestic_abuse": (
        ("Domestic abuse outreach worker spoke to mother by telephone; safety plan reviewed.", "Outreach notes"),
        ("MARAC meeting discussed the family: actions agreed for police and housing.", "MARAC minutes"),
    ),
    "other": (
        ("Appointment offered to mother; not attended.", "Case record"),
        ("Telephone call with mother; she said things were settling down.", "Case record"),
        ("Assessment completed; support offered and accepted.", "Assessment"),
    ),
}
HEALTH_KINDS = frozenset({"health", "gp", "health_visiting", "school_nursing", "midwifery", "hospital", "ambulance"})
#: Incidents several agencies record, each in its own words.
SHARED: tuple[dict[str, str], ...] = (
    {"police": "Officers called to a domestic incident at the family home; mother assaulted by her partner.",
     "social_care": "Notification from police of a domestic incident at the family home; mother assaulted by her partner.",
     "health": "Told by police of a domestic incident at the family home; mother assaulted by her partner.",
     "education": "School told by police of a domestic incident at the family home the night before."},
    {"police": "{child} found alone in the street late at night; returned home to mother.",
     "social_care": "{child} found alone in the street late at night by police; strategy discussion arranged.",
     "health": "Told that {child} was found alone in the street late at night; records checked.",
     "education": "{child} found alone in the street late at night: school informed the next morning."},
    {"health": "Bruising to {child}'s arm seen in the Emergency Department; explanation inconsistent.",
     "social_care": "Referral from the Emergency Department: bruising to {child}'s arm, explanation inconsistent.",
     "police": "Joint visit with social care after bruising to {child}'s arm was seen in the Emergency Department.",
     "education": "Bruising to {child}'s arm noticed at school after a visit to the Emergency Department."},
)
#: What practitioners add to a routine entry, so no two read quite alike.
DETAILS = ("", "", " Seen at home.", " By telephone.", " Grandmother present.", " Mother seemed tired.",
           " Follow-up booked.", " Shared with the team manager.", " Second time this month.")
ANALYSIS = (
    "A missed opportunity to share information with partner agencies.",
    "Appropriate and timely response.",
    "The child's voice is not recorded here.",
    "No evidence that the father was considered.",
    "",
    "",
)


def agency_kind(name: str) -> str:
    text = name.lower()
    if "police" in text:
        return "police"
    if "social care" in text and "adult" not in text or "safeguarding children" in text or "early help" in text:
        return "social_care"
    if "mental" in text:
        return "mental_health"
    for word, kind in (("gp", "gp"), ("health visiting", "health_visiting"), ("school nursing", "school_nursing"),
                       ("midwif", "midwifery"), ("hospital", "hospital"), ("ambulance", "ambulance")):
        if word in text:
            return kind
    if "health" in text:
        return "health"
    if "education" in text or "school" in text:
        return "education"
    if "housing" in text:
        return "housing"
    for word, kind in (("probation", "probation"), ("youth", "youth"), ("mental", "mental_health"),
                       ("drug", "substances"), ("alcohol", "substances"), ("domestic abuse", "domestic_abuse")):
        if word in text:
            return kind
    return "other"


def _date_text(rng: random.Random, certainty: DateCertainty, day: date) -> str:
    """A date written the way agencies write them."""
    if certainty is DateCertainty.MONTH:
        return rng.choice((f"{day:%B %Y}", f"{day:%m/%Y}"))
    if certainty is DateCertainty.YEAR:
        return f"{day:%Y}"
    if certainty is DateCertainty.CIRCA:
        return rng.choice((f"c. {day:%B %Y}", f"c. {day:%d/%m/%Y}"))
    if certainty is DateCertainty.BEFORE:
        return f"before {day:%m/%Y}"
    if certainty is DateCertainty.AFTER:
        return f"after {day:%d/%m/%Y}"
    if certainty is DateCertainty.RANGE:
        return f"{day:%d/%m/%Y} to {day + timedelta(days=rng.randint(3, 40)):%d/%m/%Y}"
    return rng.choice((f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day:%y}", f"{day.day} {day:%B %Y}"))


def _quiet_spell(rng: random.Random, start: date, end: date) -> tuple[date, date] | None:
    """About one review in three has months with no agency contact at all."""
    days = (end - start).days
    if days < 300 or rng.random() > 0.35:
        return None
    first = start + timedelta(days=rng.randint(60, days - 200))
    return first, first + timedelta(days=rng.randint(110, 170))


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("chronology")
    names_of = {a.id: a.name for a in ctx.agencies}
    imports: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    certainties = list(DateCertainty)
    n = 0
    for plan in ctx.reviews:
        referral = plan.decision.referral
        first_name = referral.child_name.split()[0]
        start, end = referral.period_from, min(referral.period_to, ctx.today)
        quiet = _quiet_spell(rng, start, end)
        incidents = [(rng.choice(SHARED), between(rng, start, end)) for _ in range(rng.randint(1, 3))]

        def day_in_period() -> date:
            day = between(rng, start, end)
            if quiet and quiet[0] <= day <= quiet[1]:
                day = quiet[0] - timedelta(days=rng.randint(1, 30))
            return max(start, day)

        for agency_id in plan.received_ids:
            kind = agency_kind(names_of.get(agency_id, ""))
            import_id = ctx.new_id(ChronologyImport)
            author = names.adult_name(rng)
            planned: list[tuple[str, str, date, DateCertainty]] = []
            for _ in range(rng.randint(6, 16)):
                certainty = covering(rng, n, certainties, (78, 6, 3, 4, 2, 2, 5))
                n += 1
                event, source = rng.choice(EVENTS[kind])
                planned.append((event + rng.choice(DETAILS), source, day_in_period(), certainty))
            for wording, day in incidents:
                said = wording.get(kind) or (wording.get("health") if kind in HEALTH_KINDS else None)
                if said and rng.random() < 0.8:
                    late = rng.choice((0, 0, 0, 1, 2))  # now and then recorded a day or two out
                    planned.append((said, "Incident record", min(day + timedelta(days=late), end), DateCertainty.EXACT))
            imported = min(ctx.today, plan.started_on + timedelta(days=rng.randint(20, 60)))
            rejected = rng.choice((0, 0, 0, 1, 2))
            for row, (event, source, day, certainty) in enumerate(planned):
                text = _date_text(rng, certainty, day)
                try:
                    parsed = parse_date(text, today=ctx.today)
                except DateProblem:  # e.g. a range running past today
                    text, parsed = f"{day:%d/%m/%Y}", parse_date(day, today=ctx.today)
                exact = parsed.certainty is DateCertainty.EXACT
                significance = covering(rng, n + row, list(Significance), (22, 40, 28, 10))
                entries.append({
                    "id": ctx.new_id(ChronologyEntry), "review_id": plan.id, "agency_id": agency_id,
                    "import_id": import_id, "date_from": parsed.date_from, "date_to": parsed.date_to,
                    "event_time": (parsed.event_time or (time(rng.randint(8, 20), rng.choice((0, 15, 30, 45)))
                                                         if exact and rng.random() < 0.3 else None)),
                    "certainty": parsed.certainty.value, "date_text": text[:40],
                    "source_kind": covering(rng, n + row, list(SourceKind), (70, 20, 10)).value,
                    "source": source, "event": event.format(child=first_name),
                    "significance": (Significance.HIGH if source == "Incident record" else significance).value,
                    "analysis": rng.choice(ANALYSIS), "author": author, "row_number": row + 2,
                })
            imports.append({
                "id": import_id, "review_id": plan.id, "agency_id": agency_id,
                "imported_at": ctx.stamp(imported, 15), "imported_by": ctx.user,
                "file_kind": rng.choice(("xlsx", "xlsx", "csv")), "rows_imported": len(planned),
                "rows_rejected": rejected, "replaced_previous": rng.random() < 0.05,
            })
    ctx.insert(ChronologyImport, imports)
    ctx.insert(ChronologyEntry, entries)
