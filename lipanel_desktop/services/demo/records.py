"""The registers around the casework: numbered copies of panel packs issued to members,
legal holds, the record of destructions under the retention rules, a crash-recovery
draft, and the reference counters (so numbering carries on after the demo data)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lipanel_desktop.models.document import IssuedCopy
from lipanel_desktop.models.draft import Draft
from lipanel_desktop.models.referral import ReferenceCounter
from lipanel_desktop.models.retention import Destruction, LegalHold
from lipanel_desktop.services.demo.context import DemoContext
from lipanel_desktop.vocabulary.panel import MeetingKind, MeetingStatus


def _issued_copies(ctx: DemoContext) -> list[dict[str, Any]]:
    rows = []
    held = [p for p in ctx.panels if p.status == MeetingStatus.HELD and p.kind == MeetingKind.LEARNING_AND_IMPROVEMENT_PANEL]
    core = [a for a in ctx.agencies if a.core]
    for panel in held[-4:]:
        for number, agency in enumerate(core, start=1):
            rows.append({
                "id": ctx.new_id(IssuedCopy), "document_kind": "panel_pack",
                "document_reference": f"panel pack {panel.day:%d/%m/%Y}", "profile": "full",
                "copy_number": number, "copies_total": len(core),
                "recipient": f"{ctx.representatives[agency.id].name}, {agency.name}",
                "issued_by": ctx.user, "issued_at": ctx.stamp(panel.day - timedelta(days=7), 12),
            })
    return rows


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("records")
    today = ctx.today
    ctx.insert(IssuedCopy, _issued_copies(ctx))
    holds = []
    for review in ctx.reviews[:2]:
        holds.append({"id": ctx.new_id(LegalHold), "entity": "reviews", "entity_id": str(review.id),
                      "reason": "Civil proceedings pending (fictional).", "placed_by": ctx.user,
                      "placed_on": min(today, review.started_on + timedelta(days=30)), "lifted_on": None})
    if ctx.referrals:
        first = ctx.referrals[0]
        holds.append({"id": ctx.new_id(LegalHold), "entity": "referrals", "entity_id": str(first.id),
                      "reason": "Coroner's request (fictional).", "placed_by": ctx.user,
                      "placed_on": first.referral_date, "lifted_on": min(today, first.referral_date + timedelta(days=90))})
    ctx.insert(LegalHold, holds)
    prefix = ctx.settings["referral_prefix"]
    old_year = today.year - 9
    ctx.insert(Destruction, [
        {"id": ctx.new_id(Destruction), "entity": "referrals", "reference": f"{prefix}-{old_year}-{n:04d}",
         "destroyed_at": ctx.stamp(today - timedelta(days=rng.randint(30, 300))), "destroyed_by": ctx.user,
         "authorised_by": ctx.people["head"].name, "retention_rule": "Referral with no review: kept 7 years"}
        for n in range(1, 4)
    ])
    ctx.insert(Draft, [{
        "id": ctx.new_id(Draft), "owner": ctx.user, "kind": "referral", "entity_id": "",
        "payload": json.dumps({"child_full_name": "Ffion Przykładowski", "summary": "Half-typed demo referral"},
                              ensure_ascii=False),
        "updated_at": ctx.stamp(today, 9),
    }])
    existing = {(c.prefix, c.year): c for c in ctx.session.scalars(select(ReferenceCounter))}
    new = []
    for (prefix_, year), number in sorted(ctx.last_numbers.items()):
        if (prefix_, year) in existing:
            existing[(prefix_, year)].last_number = max(existing[(prefix_, year)].last_number, number)
        else:
            new.append({"prefix": prefix_, "year": year, "last_number": number})
    ctx.insert(ReferenceCounter, new)
