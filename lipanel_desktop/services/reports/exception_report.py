"""The exception report for the Quality Assurance and Performance Sub-group: every action
that is overdue or at risk on the day, with what is known about it and four fields to fill
in — cause, consequences, options and a recommendation (kept in `ExceptionNote`).

`exception_report` builds it inside a session: the Reports page (through the service)
and the printed report (`services.documents.board_reports`) both call it, so what is
printed is what was on the screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.models.action import Action, ExceptionNote
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Recommendation, Review
from lipanel_desktop.services.action_status import FINISHED, NEEDS_ATTENTION, days_overdue, forecast_slip, status_expression, status_label
from lipanel_desktop.services.action_detail import ExceptionNoteData, latest_updates, settings_apart
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.actions import ActionStatus


@dataclass(frozen=True)
class ExceptionItem:
    """One overdue or at-risk action and its exception note."""

    action_id: int
    reference: str
    description: str
    agency: str
    #: The review's reference, or the referral's for a single-agency decision.
    source: str
    recommendation_text: str
    lead_officer_name: str
    lead_officer_role: str
    accountable_manager: str
    due_date: date
    original_due_date: date
    revised_due_reason: str
    forecast_date: date | None
    status: str
    days_overdue: int
    forecast_slip_days: int
    latest_update_on: date | None
    latest_update_text: str
    note: ExceptionNoteData

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def lateness(self) -> str:
        """How late, in words: "43 days overdue" or "forecast 20 days late"."""
        if self.status == ActionStatus.OVERDUE.value:
            return f"{self.days_overdue} day{'s' if self.days_overdue != 1 else ''} overdue"
        return f"forecast {self.forecast_slip_days} day{'s' if self.forecast_slip_days != 1 else ''} late"


@dataclass(frozen=True)
class AgencyExceptions:
    agency: str
    overdue: int
    at_risk: int


@dataclass(frozen=True)
class ExceptionReport:
    """Overdue and at-risk actions on `as_of`, grouped by agency (alphabetical), most
    overdue first within an agency. `tolerance_days` is the at-risk setting used."""

    as_of: date
    tolerance_days: int
    board_name: str
    protective_marking: str
    items: tuple[ExceptionItem, ...]
    #: What the report covers, in words: "All agencies", "Police", "Review MALR-2026-0001".
    scope: str = "All agencies"
    #: Actions still open (not complete or closed) in the same scope, for proportion.
    open_count: int = 0

    @property
    def overdue_count(self) -> int:
        return sum(1 for i in self.items if i.status == ActionStatus.OVERDUE.value)

    @property
    def at_risk_count(self) -> int:
        return sum(1 for i in self.items if i.status == ActionStatus.AT_RISK.value)

    @property
    def without_note(self) -> int:
        """Items whose four fields are still empty."""
        return sum(1 for i in self.items if i.note.is_empty)

    @property
    def by_agency(self) -> tuple[AgencyExceptions, ...]:
        totals: dict[str, list[int]] = {}
        for item in self.items:
            pair = totals.setdefault(item.agency, [0, 0])
            pair[0 if item.status == ActionStatus.OVERDUE.value else 1] += 1
        return tuple(AgencyExceptions(name, o, r) for name, (o, r) in sorted(totals.items(), key=lambda kv: kv[0].casefold()))


class ExceptionReportService:
    def __init__(self, store: Store, clock: Callable[[], date] = date.today) -> None:
        self.store = store
        self.clock = clock

    def build(self, agency_id: int | None = None, review_id: int | None = None) -> ExceptionReport:
        """The report as of today, for every agency or for one (and every review or one)."""
        settings = settings_apart(self.store)
        with self.store.read_session() as s:
            return exception_report(s, settings, self.clock(), agency_id=agency_id, review_id=review_id)


def exception_report(
    s: Session,
    settings: dict[str, object],
    today: date,
    *,
    agency_id: int | None = None,
    review_id: int | None = None,
) -> ExceptionReport:
    """The report as of `today` inside an open session, optionally for one agency and one
    review. `settings` are the organisation's (see `action_detail.settings_apart`)."""
    tolerance = int(settings["action_risk_tolerance_days"])  # type: ignore[call-overload]
    status = status_expression(today, tolerance).label("status")
    query = (
        select(
            Action.id,
            Action.reference,
            Action.description,
            Agency.name,
            Review.reference,
            Referral.reference,
            Recommendation.text,
            Action.lead_officer_name,
            Action.lead_officer_role,
            Action.accountable_manager,
            Action.due_date,
            Action.original_due_date,
            Action.revised_due_reason,
            Action.forecast_date,
            status,
            ExceptionNote.cause,
            ExceptionNote.consequences,
            ExceptionNote.options,
            ExceptionNote.recommendation,
        )
        .join(Agency, Agency.id == Action.agency_id)
        .outerjoin(Review, Review.id == Action.review_id)
        .outerjoin(Recommendation, Recommendation.id == Action.recommendation_id)
        .outerjoin(PanelDecision, PanelDecision.id == Action.decision_id)
        .outerjoin(Referral, Referral.id == PanelDecision.referral_id)
        .outerjoin(ExceptionNote, ExceptionNote.action_id == Action.id)
        .where(status.in_(sorted(NEEDS_ATTENTION)))
    )
    open_query = select(func.count()).select_from(Action).where(Action.recorded_status.not_in(sorted(FINISHED)))
    scope: list[str] = []
    if agency_id is not None:
        query = query.where(Action.agency_id == agency_id)
        open_query = open_query.where(Action.agency_id == agency_id)
        scope.append(s.scalar(select(Agency.name).where(Agency.id == agency_id)) or "")
    if review_id is not None:
        query = query.where(Action.review_id == review_id)
        open_query = open_query.where(Action.review_id == review_id)
        scope.append(f"Review {s.scalar(select(Review.reference).where(Review.id == review_id)) or ''}".strip())
    rows = s.execute(query).all()
    open_count = int(s.scalar(open_query) or 0)
    latest = latest_updates(s, [row[0] for row in rows])
    items = []
    for row in rows:
        (aid, ref, desc, agency, review_ref, referral_ref, rec_text, officer, role, manager,
         due, original, reason, forecast, code, cause, consequences, options, recommendation) = row
        update = latest.get(aid)
        items.append(
            ExceptionItem(
                action_id=aid,
                reference=ref,
                description=desc,
                agency=agency,
                source=review_ref or (f"{referral_ref} (single-agency)" if referral_ref else ""),
                recommendation_text=rec_text or "",
                lead_officer_name=officer,
                lead_officer_role=role,
                accountable_manager=manager,
                due_date=due,
                original_due_date=original,
                revised_due_reason=reason,
                forecast_date=forecast,
                status=code,
                days_overdue=days_overdue(due, today) if code == ActionStatus.OVERDUE.value else 0,
                forecast_slip_days=forecast_slip(due, forecast),
                latest_update_on=update.update_date if update else None,
                latest_update_text=update.text if update else "",
                note=ExceptionNoteData(cause or "", consequences or "", options or "", recommendation or ""),
            )
        )
    items.sort(key=lambda i: (i.agency.casefold(), i.status != ActionStatus.OVERDUE.value, -i.days_overdue, -i.forecast_slip_days, i.reference))
    return ExceptionReport(
        as_of=today,
        tolerance_days=tolerance,
        board_name=str(settings["board_name"]),
        protective_marking=str(settings["protective_marking"]),
        items=tuple(items),
        scope=", ".join(scope) if scope else "All agencies",
        open_count=open_count,
    )
