"""The case progress dashboard: every open case (referrals awaiting a panel decision and
open reviews) with its stage, next step, who owes what and by when, and red / amber /
green against its next deadline; overdue first; counts by stage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.models.organisation import Theme
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.models.review import Review, ReviewTheme
from lipanel_desktop.services import review_workflow
from lipanel_desktop.services.meeting_agenda import awaiting
from lipanel_desktop.services.statutory_clock import ClockInputs, Deadline, referral_deadlines, review_deadlines
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import ReviewMethod
from lipanel_desktop.vocabulary.reviews import Rag, ReviewKind, ReviewStage

AWAITING_DECISION = "Awaiting a panel decision"
_RAG_ORDER = {Rag.RED.value: 0, Rag.AMBER.value: 1, Rag.PAUSED.value: 2, Rag.GREEN.value: 3, "": 4}


@dataclass(frozen=True)
class CaseRow:
    #: "review" or "referral": what double-clicking opens.
    case_type: str
    id: int
    reference: str
    referral_reference: str
    kind_label: str
    stage: str
    stage_label: str
    next_step: str
    owed_by: str
    due: date | None
    rag: str
    rag_text: str
    themes: str
    #: Every deadline that applies to the case, soonest first (the next one is above).
    deadlines: tuple[Deadline, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.rag == Rag.RED

    @property
    def next_deadline(self) -> Deadline | None:
        return _next_of(list(self.deadlines))

    @property
    def status_words(self) -> str:
        """"Overdue by 3 working days", "Due soon: 2 working days left", ... in words."""
        deadline = self.next_deadline
        return deadline.rag_text if deadline else "No deadline set"


@dataclass(frozen=True)
class Dashboard:
    rows: list[CaseRow]
    #: (stage label, number of cases), in workflow order.
    counts: list[tuple[str, int]]

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    def count(self, rag: str) -> int:
        return sum(1 for row in self.rows if row.rag == rag)

    @property
    def headline(self) -> str:
        """"90 open cases: 6 overdue, 9 due soon, 70 on time, 3 paused, 2 with no deadline."""
        n = len(self.rows)
        parts = [f"{self.count(code.value)} {words}" for code, words in (
            (Rag.RED, "overdue"), (Rag.AMBER, "due soon"), (Rag.GREEN, "on time"), (Rag.PAUSED, "paused"))]
        undated = self.count("")
        if undated:
            parts.append(f"{undated} with no deadline")
        return f"{n} open case{'s' if n != 1 else ''}: {', '.join(parts)}."


def _next_of(deadlines: list[Deadline]) -> Deadline | None:
    """The case's next deadline: overdue ones first, then the soonest."""
    return min(deadlines, key=lambda d: (d.due, d.label)) if deadlines else None


def _next_step(s: Session, review: Review) -> str:
    for option in review_workflow.options(s, review):
        if option.ready:
            return option.label
    for option in review_workflow.options(s, review):
        return option.blockers[0]
    return ""


def _themes(s: Session, review_ids: list[int]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for review_id, name in s.execute(select(ReviewTheme.review_id, Theme.name).join(Theme, Theme.id == ReviewTheme.theme_id)
                                     .where(ReviewTheme.review_id.in_(review_ids)).order_by(Theme.name)):
        found.setdefault(review_id, []).append(name)
    return {key: ", ".join(names) for key, names in found.items()}


def _kind_label(kind: str, method: str | None) -> str:
    if kind == ReviewKind.OTHER and method:
        return f"Other review: {ReviewMethod.label_of(method)}"
    return ReviewKind.label_of(kind)


def build(s: Session, today: date) -> Dashboard:
    reviews = list(s.scalars(select(Review).where(Review.stage != ReviewStage.CLOSED.value).order_by(Review.id)))
    waiting = awaiting(s)
    inputs = ClockInputs(s, [r.id for r in reviews], [a.referral_id for a in waiting])
    referral_refs = dict(s.execute(select(Referral.id, Referral.reference)
                                   .where(Referral.id.in_([r.referral_id for r in reviews if r.referral_id]))).all())
    referral_dates = dict(s.execute(select(Referral.id, Referral.referral_date)
                                    .where(Referral.id.in_([r.referral_id for r in reviews if r.referral_id]))).all())
    themes = _themes(s, [r.id for r in reviews])
    rows: list[CaseRow] = []
    for review in reviews:
        found = review_deadlines(review, referral_dates.get(review.referral_id), inputs, today)
        deadline = _next_of(found)
        rows.append(CaseRow(
            "review", review.id, review.reference, referral_refs.get(review.referral_id, ""),
            _kind_label(review.kind, review.method), review.stage, ReviewStage.label_of(review.stage),
            _next_step(s, review), deadline.owed_by if deadline else "", deadline.due if deadline else None,
            deadline.rag if deadline else "", f"{deadline.label}: {deadline.rag_text}" if deadline else "No deadline set",
            themes.get(review.id, ""), tuple(found),
        ))
    for item in waiting:
        found = referral_deadlines(item.referral_id, item.referral_date, inputs, today)
        deadline = _next_of(found)
        step = f"Decide at {item.on_agenda_of}" if item.on_agenda_of else "Put it on a panel's agenda"
        rows.append(CaseRow(
            "referral", item.referral_id, item.reference, item.reference, "Referral", "awaiting_decision",
            AWAITING_DECISION, step, deadline.owed_by if deadline else "", deadline.due if deadline else None,
            deadline.rag if deadline else "", f"{deadline.label}: {deadline.rag_text}" if deadline else "No deadline set", "",
            tuple(found),
        ))
    rows.sort(key=lambda r: (_RAG_ORDER.get(r.rag, 4) != 0, r.due is None, r.due or date.max, r.reference))
    tally = Counter(row.stage for row in rows)
    order = ["awaiting_decision", *[stage.value for stage in ReviewStage]]
    counts = [(AWAITING_DECISION if key == "awaiting_decision" else ReviewStage.label_of(key), tally[key])
              for key in order if tally.get(key)]
    return Dashboard(rows, counts)


class CaseProgressService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def dashboard(self, today: date | None = None) -> Dashboard:
        with self.store.read_session() as s:
            return build(s, today or date.today())

    def closed_count(self) -> int:
        with self.store.read_session() as s:
            return int(s.scalar(select(func.count(Review.id)).where(Review.stage == ReviewStage.CLOSED.value)) or 0)

