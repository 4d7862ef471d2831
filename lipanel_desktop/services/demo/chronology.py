"""Agency chronologies: for every chronology a review has received, an import record and
its entries over the period under review — exact, approximate and ranged dates, from
records, people and documents, of every significance."""

from __future__ import annotations

import calendar as months
import random
from datetime import date, time, timedelta
from typing import Any

from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.services.demo import names
from lipanel_desktop.services.demo.context import DemoContext, between, covering
from lipanel_desktop.vocabulary.chronology import DateCertainty, Significance, SourceKind

EVENTS = (
    ("Home visit. {child} seen with mother; home conditions poor, little food in the house.", "Case notes"),
    ("{child} not brought to a paediatric appointment; letter sent to the family.", "Clinic record"),
    ("School reports {child} arrived hungry and tired on three days this week.", "Attendance log"),
    ("Police called to the address following a report of shouting; no arrests.", "Incident log"),
    ("Referral to children's social care from the health visitor.", "Referral form"),
    ("Strategy discussion held; agreed a section 47 enquiry.", "Strategy meeting minutes"),
    ("Mother told the GP she was struggling with low mood; referred to talking therapies.", "GP record"),
    ("{child} attended the Emergency Department with a minor head injury; explanation consistent.", "ED record"),
    ("Early help assessment closed: family did not engage.", "Early help record"),
    ("Family moved to a new address in Demoport; records requested from the previous area.", "Housing record"),
)
ANALYSIS = (
    "A missed opportunity to share information with health partners.",
    "Appropriate and timely response.",
    "The child's voice is not recorded here.",
    "",
)


def _dates(rng: random.Random, certainty: DateCertainty, day: date) -> tuple[date, date | None, str]:
    if certainty is DateCertainty.MONTH:
        last = months.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last), f"{day:%m/%Y}"
    if certainty is DateCertainty.YEAR:
        return date(day.year, 1, 1), date(day.year, 12, 31), f"{day:%Y}"
    if certainty is DateCertainty.CIRCA:
        return day - timedelta(days=7), day + timedelta(days=7), f"c. {day:%d/%m/%Y}"
    if certainty is DateCertainty.BEFORE:
        return day - timedelta(days=60), day, f"before {day:%d/%m/%Y}"
    if certainty is DateCertainty.AFTER:
        return day, None, f"after {day:%d/%m/%Y}"
    if certainty is DateCertainty.RANGE:
        end = day + timedelta(days=rng.randint(3, 40))
        return day, end, f"{day:%d/%m/%Y} – {end:%d/%m/%Y}"
    return day, None, f"{day:%d/%m/%Y}"


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("chronology")
    imports: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    certainties = list(DateCertainty)
    n = 0
    for plan in ctx.reviews:
        referral = plan.decision.referral
        first_name = referral.child_name.split()[0]
        for agency_id in plan.received_ids:
            import_id = ctx.new_id(ChronologyImport)
            author = names.adult_name(rng)
            count = rng.randint(3, 8)
            imported = min(ctx.today, plan.started_on + timedelta(days=rng.randint(20, 60)))
            imports.append({
                "id": import_id, "review_id": plan.id, "agency_id": agency_id,
                "imported_at": ctx.stamp(imported, 15), "imported_by": ctx.user,
                "file_kind": rng.choice(("xlsx", "xlsx", "csv")), "rows_imported": count,
                "rows_rejected": rng.choice((0, 0, 0, 1, 2)), "replaced_previous": rng.random() < 0.05,
            })
            for row in range(count):
                certainty = covering(rng, n, certainties, (80, 6, 2, 4, 2, 2, 4))
                significance = covering(rng, n, list(Significance), (20, 40, 30, 10))
                n += 1
                day = between(rng, referral.period_from, referral.period_to)
                date_from, date_to, text = _dates(rng, certainty, day)
                event, source = rng.choice(EVENTS)
                exact = certainty is DateCertainty.EXACT
                entries.append({
                    "id": ctx.new_id(ChronologyEntry), "review_id": plan.id, "agency_id": agency_id,
                    "import_id": import_id, "date_from": date_from, "date_to": date_to,
                    "event_time": time(rng.randint(8, 20), rng.choice((0, 30))) if exact and rng.random() < 0.3 else None,
                    "certainty": certainty.value, "date_text": text,
                    "source_kind": covering(rng, n, list(SourceKind), (70, 20, 10)).value,
                    "source": source, "event": event.format(child=first_name),
                    "significance": significance.value, "analysis": rng.choice(ANALYSIS),
                    "author": author, "row_number": row + 2,
                })
    ctx.insert(ChronologyImport, imports)
    ctx.insert(ChronologyEntry, entries)
