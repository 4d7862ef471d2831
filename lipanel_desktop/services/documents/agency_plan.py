"""The printed action plan for one agency: everything that agency owes, as the agency view
shows it (`services.reports.agency_plan`, one source of truth), for sending to the agency —
previewed, printed, or saved (password-protected, numbered per recipient) through the
usual document options.

Key: the agency's number or name; "3;closed" (or "Police;closed") adds closed actions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.review import Review
from lipanel_desktop.services import organisation
from lipanel_desktop.services.documents.common import DocumentMeta, Person, make_meta
from lipanel_desktop.services.documents.review_common import review_people
from lipanel_desktop.services.reports.agency_plan import AgencyActionPlan, agency_action_plan
from lipanel_desktop.vocabulary.documents import DocumentKind

_CLOSED = "closed"
_LONGEST_KEY = 200


@dataclass(frozen=True)
class AgencyPlanData:
    meta: DocumentMeta
    plan: AgencyActionPlan
    people: tuple[Person, ...] = ()


def agency_plan_key(agency_id: int, include_closed: bool = False) -> str:
    """The document key for the agency view's choices."""
    return f"{agency_id};{_CLOSED}" if include_closed else str(agency_id)


def _agency_id(session: Session, key: str) -> tuple[int, bool]:
    text = (key or "").strip()
    if len(text) > _LONGEST_KEY:
        raise KnownError("That is too long to be an agency's name. Give the agency's number or name.")
    name, _sep, extra = text.partition(";")
    name = name.strip()
    if extra.strip() not in ("", _CLOSED):
        raise KnownError(f"{extra.strip()!r} is not a choice for an agency's plan: only {_CLOSED!r} (to add closed actions).")
    if not name:
        raise KnownError("Say which agency the plan is for: its number or its name.")
    query = select(Agency.id).where(func.lower(Agency.name) == name.lower())
    if name.isascii() and name.isdigit() and len(name) <= 9:
        query = select(Agency.id).where(Agency.id == int(name))
    found = session.scalar(query)
    if found is None:
        raise KnownError(f"There is no agency {name!r}. Give its number or its name as on the agencies list.")
    return found, bool(extra.strip())


def agency_plan_data(session: Session, actor: str, key: str, today: date | None = None) -> AgencyPlanData:
    today = today or date.today()
    agency_id, include_closed = _agency_id(session, key)
    settings = organisation.read_all(session)
    plan = agency_action_plan(session, settings, today, agency_id, include_closed=include_closed)
    people: list[Person] = []
    review_ids = session.scalars(select(Action.review_id).where(Action.agency_id == agency_id).distinct())
    for review in session.scalars(select(Review).where(Review.id.in_([i for i in review_ids if i is not None]))):
        people += review_people(session, review)
    names = {a.lead_officer_name for a in plan.actions} | {a.accountable_manager for a in plan.actions}
    people += [Person(name, "staff") for name in sorted(names) if name]
    kind = DocumentKind.AGENCY_PLAN
    return AgencyPlanData(
        meta=make_meta(session, actor, kind.value, kind.label, f"{plan.agency_name} {today:%d-%m-%Y}"[:40]),
        plan=plan,
        people=tuple(people),
    )
