"""Data protection: retention periods, legal holds, and destruction with a certificate.

The unit kept and destroyed together is a *case*: a referral with everything about it —
household, agencies, panel decisions, agenda items, and its reviews with their
chronologies, findings, recommendations, actions and meetings — or a review with no
referral. A case's retention starts when it ends:

- a referral that never became a review: when it was closed, withdrawn or decided (a
  draft: when it was last changed); kept `retention_years_referral` years;
- a case with reviews: when the last of its reviews closed; kept `retention_years_review`.

A case still running is never listed. A legal hold (for example an inquiry) on the
referral or any of its reviews blocks destruction until it is lifted.

Destruction needs an administrator, the word DESTROY typed, and who authorised it (for
example the Data Protection Officer's decision). Everything goes in one transaction; then
the database is compacted (`VACUUM`; `secure_delete` is on, so freed pages are zeroed)
and a certificate lists what went — references, kinds and counts, never content. Audit
entries stay: they name records by number and never hold their content.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select
from sqlalchemy.orm import Session
from sqlcipher3 import dbapi2

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.base import utc_now
from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.models.decision import DecisionAgency, PanelDecision
from lipanel_desktop.models.draft import Draft
from lipanel_desktop.models.meeting import AgendaItem, Attendance, Meeting, MeetingAction
from lipanel_desktop.models.referral import HouseholdMember, Referral, ReferralAgency
from lipanel_desktop.models.retention import Destruction, LegalHold
from lipanel_desktop.models.review import (
    AgencyCheck,
    AgencyReport,
    ChronologyRequest,
    ClockPause,
    Dissemination,
    Finding,
    GoodPractice,
    Recommendation,
    Review,
    ReviewParticipant,
    ReviewTheme,
)
from lipanel_desktop.services import organisation
from lipanel_desktop.services.documents.common import DocumentMeta, make_meta
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.references import next_reference
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.reviews import ReviewStage
from lipanel_desktop.vocabulary.roles import Permission

CONFIRM_WORD = "DESTROY"
MAX_REASON = 500
MAX_AUTHORITY = 64
CERTIFICATE_PREFIX = "DC"


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass(frozen=True)
class CaseDue:
    """A case and when its retention ends. Names no person: reference and dates only."""

    reference: str
    #: "referral" or "review": which rule applies.
    rule_kind: str
    referral_id: int | None
    review_ids: tuple[int, ...]
    review_references: tuple[str, ...]
    ended_on: date
    ended_how: str
    years: int
    due_on: date
    on_hold: bool

    @property
    def rule(self) -> str:
        what = "Referral with no review" if self.rule_kind == "referral" else "Case with a review"
        return f"{what}: kept {self.years} years after it ended ({self.ended_how} {_uk(self.ended_on)}); due {_uk(self.due_on)}"

    def is_due(self, today: date) -> bool:
        return self.due_on <= today


@dataclass(frozen=True)
class HoldInfo:
    id: int
    entity: str
    reference: str
    reason: str
    placed_by: str
    placed_on: date
    lifted_on: date | None

    @property
    def active(self) -> bool:
        return self.lifted_on is None


@dataclass(frozen=True)
class DestroyedItem:
    reference: str
    rule: str
    summary: str


@dataclass(frozen=True)
class Certificate:
    number: str
    #: UTC, as stored.
    destroyed_at: datetime
    destroyed_by: str
    authorised_by: str
    items: tuple[DestroyedItem, ...]
    #: Whether the file was rebuilt afterwards; None when not known (a reprint).
    compacted: bool | None = None


@dataclass(frozen=True)
class CertificateDocument:
    """A certificate ready to print, with what the reader must know about backups."""

    meta: DocumentMeta
    certificate: Certificate
    database_name: str
    backups_kept: int
    backup_folder_set: bool


def _clean(value: str, field: str, what: str, limit: int, *, lines: bool = False) -> str:
    if not isinstance(value, str):
        raise ValidationError({field: f"{what} must be text."})
    allowed = {"\n"} if lines else set()
    if any(unicodedata.category(ch).startswith("C") and ch not in allowed for ch in value):
        raise ValidationError({field: f"{what} cannot contain control characters."})
    value = value.strip()
    if not value:
        raise ValidationError({field: f"Give {what.lower()}."})
    if len(value) > limit:
        raise ValidationError({field: f"{what} is too long (at most {limit} characters)."})
    return value


class RetentionService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- what is due --------------------------------------------------------------------
    def cases(self, today: date | None = None, *, due_only: bool = True) -> list[CaseDue]:
        """Every finished case with the date its retention ends, soonest first (only those
        already due, unless `due_only` is False). Cases still running are left out."""
        require(self.store.identity, Permission.DESTROY_RECORDS)
        today = today or date.today()
        with self.store.read_session() as s:
            found = _finished_cases(s)
        chosen = [c for c in found if c.is_due(today) or not due_only]
        return sorted(chosen, key=lambda c: (c.due_on, c.reference))

    def audit_entries_past_retention(self, today: date | None = None) -> int:
        """Audit entries older than their period. They stay: the trail is append-only and
        holds no record content; this count is for the retention review."""
        require(self.store.identity, Permission.DESTROY_RECORDS)
        today = today or date.today()
        with self.store.read_session() as s:
            years = organisation.read_all(s)["retention_years_audit"]
            cutoff = datetime.combine(add_years(today, -years), datetime.min.time())
            return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.at < cutoff)) or 0

    # -- legal holds ----------------------------------------------------------------------
    def holds(self, *, active_only: bool = False) -> list[HoldInfo]:
        require(self.store.identity, Permission.DESTROY_RECORDS)
        query = select(LegalHold).order_by(LegalHold.placed_on.desc(), LegalHold.id.desc())
        if active_only:
            query = query.where(LegalHold.lifted_on.is_(None))
        with self.store.read_session() as s:
            references = _references(s)
            return [
                HoldInfo(
                    h.id,
                    h.entity,
                    references.get((h.entity, h.entity_id), f"(destroyed {h.entity} {h.entity_id})"),
                    h.reason,
                    h.placed_by,
                    h.placed_on,
                    h.lifted_on,
                )
                for h in s.scalars(query)
            ]

    def place_hold(self, reference: str, reason: str) -> HoldInfo:
        """Put a referral or a review (and so its whole case) on legal hold."""
        require(self.store.identity, Permission.DESTROY_RECORDS)
        reference = _clean(reference, "reference", "The record's reference", 40)
        reason = _clean(reason, "reason", "The reason for the hold", MAX_REASON, lines=True)
        with self.store.session() as s:
            entity, entity_id, exact = _find(s, reference)
            active = s.scalar(
                select(LegalHold.id).where(
                    LegalHold.entity == entity, LegalHold.entity_id == entity_id, LegalHold.lifted_on.is_(None)
                )
            )
            if active is not None:
                raise KnownError(f"{exact} is already on legal hold.")
            hold = LegalHold(
                entity=entity,
                entity_id=entity_id,
                reason=reason,
                placed_by=self.store.identity.name,
                placed_on=date.today(),
            )
            s.add(hold)
            s.flush()
            return HoldInfo(hold.id, entity, exact, reason, hold.placed_by, hold.placed_on, None)

    def lift_hold(self, hold_id: int) -> None:
        require(self.store.identity, Permission.DESTROY_RECORDS)
        with self.store.session() as s:
            hold = s.get(LegalHold, hold_id)
            if hold is None:
                raise KnownError("That legal hold no longer exists. Refresh the list.")
            if hold.lifted_on is not None:
                raise KnownError("That legal hold has already been lifted.")
            hold.lifted_on = date.today()

    # -- destruction -----------------------------------------------------------------------
    def destroy(
        self, references: Sequence[str], authorised_by: str, confirmation: str, today: date | None = None
    ) -> Certificate:
        """Destroy whole cases that are due and not on hold, in one transaction, then
        compact the database. Any problem with any of them: nothing is destroyed."""
        require(self.store.identity, Permission.DESTROY_RECORDS)
        if self.store.read_only:
            raise KnownError("This database is open read-only, so nothing can be destroyed.")
        today = today or date.today()
        problems: dict[str, str] = {}
        if confirmation.strip() != CONFIRM_WORD:
            problems["confirmation"] = f"Type {CONFIRM_WORD} in capitals to confirm the destruction."
        try:
            authority = _clean(authorised_by, "authorised_by", "Who authorised the destruction", MAX_AUTHORITY)
        except ValidationError as exc:
            problems.update(exc.problems)
        wanted = list(dict.fromkeys(r.strip().upper() for r in references if r.strip()))
        if not wanted:
            problems["references"] = "Choose at least one case to destroy."
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            due = {c.reference.upper(): c for c in _finished_cases(s)}
            chosen = []
            for ref in wanted:
                case = due.get(ref)
                if case is None:
                    problems[ref] = f"{ref} is not a finished case (or does not exist)."
                elif case.on_hold:
                    problems[ref] = f"{case.reference} is on legal hold."
                elif not case.is_due(today):
                    problems[ref] = f"{case.reference} is not due until {_uk(case.due_on)}."
                else:
                    chosen.append(case)
            if problems:
                raise ValidationError(problems, "Nothing was destroyed: " + "; ".join(problems.values()))
            number = next_reference(s, CERTIFICATE_PREFIX, today.year)
            now = utc_now()
            items = []
            for case in chosen:
                summary = _destroy_case(s, case)
                items.append(DestroyedItem(case.reference, case.rule, summary))
                s.add(
                    Destruction(
                        entity="case",
                        reference=case.reference,
                        destroyed_at=now,
                        destroyed_by=self.store.identity.name,
                        authorised_by=authority,
                        retention_rule=case.rule,
                        certificate=number,
                        summary=summary,
                    )
                )
        compacted = compact(self.store)
        return Certificate(number, now, self.store.identity.name, authority, tuple(items), compacted)

    def compact(self) -> bool:
        require(self.store.identity, Permission.DESTROY_RECORDS)
        return compact(self.store)

    def certificate_document(self, certificate: Certificate) -> CertificateDocument:
        require(self.store.identity, Permission.DESTROY_RECORDS)
        with self.store.read_session() as s:
            settings = organisation.read_all(s)
            meta = make_meta(
                s, self.store.identity.name, "destruction-certificate", "Certificate of destruction", certificate.number
            )
        return CertificateDocument(
            meta, certificate, self.store.path.name, int(settings["backups_kept"]), bool(settings["backup_folder"])
        )

    def certificates(self) -> list[Certificate]:
        """Every destruction certificate, newest first (for reprinting)."""
        require(self.store.identity, Permission.DESTROY_RECORDS)
        with self.store.read_session() as s:
            rows = s.scalars(select(Destruction).order_by(Destruction.destroyed_at.desc(), Destruction.id)).all()
            grouped: dict[str, list[Destruction]] = {}
            for row in rows:
                grouped.setdefault(row.certificate or f"#{row.id}", []).append(row)
            return [
                Certificate(
                    number,
                    group[0].destroyed_at,
                    group[0].destroyed_by,
                    group[0].authorised_by,
                    tuple(DestroyedItem(r.reference, r.retention_rule, r.summary) for r in group),
                )
                for number, group in grouped.items()
            ]


def compact(store: Store) -> bool:
    """Rebuild the file so no freed page is left in it. False if it could not be done
    (for example no room for the copy VACUUM makes): the deleted content is still gone,
    overwritten by secure delete, and compacting can be tried again later."""
    con = store.raw_connection()
    try:
        con.execute("VACUUM")
    except dbapi2.DatabaseError:
        return False
    finally:
        con.close()
    return True


# -- finding cases ------------------------------------------------------------------------


def _references(s: Session) -> dict[tuple[str, str], str]:
    refs = {("referrals", str(i)): r for i, r in s.execute(select(Referral.id, Referral.reference))}
    refs.update({("reviews", str(i)): r for i, r in s.execute(select(Review.id, Review.reference))})
    return refs


def _find(s: Session, reference: str) -> tuple[str, str, str]:
    for entity, model in (("referrals", Referral), ("reviews", Review)):
        row = s.execute(select(model.id, model.reference).where(func.upper(model.reference) == reference.upper())).first()
        if row is not None:
            return entity, str(row[0]), row[1]
    raise ValidationError({"reference": f"No referral or review has the reference “{reference}”."})


def _referral_end(status: str, closed: datetime | None, withdrawn: datetime | None, decided: date | None,
                  updated: datetime | None) -> tuple[date, str] | None:
    if closed is not None:
        return closed.date(), "closed"
    if status == ReferralStatus.WITHDRAWN and withdrawn is not None:
        return withdrawn.date(), "withdrawn"
    if status == ReferralStatus.DECIDED and decided is not None:
        return decided, "decided"
    if status == ReferralStatus.DRAFT and updated is not None:
        return updated.date(), "last changed as a draft"
    return None


def _review_end(stage: str, closed_on: date | None) -> date | None:
    return closed_on if stage == ReviewStage.CLOSED and closed_on is not None else None


def _finished_cases(s: Session) -> list[CaseDue]:
    settings = organisation.read_all(s)
    years_referral = int(settings["retention_years_referral"])
    years_review = int(settings["retention_years_review"])
    held = {(e, i) for e, i in s.execute(select(LegalHold.entity, LegalHold.entity_id).where(LegalHold.lifted_on.is_(None)))}
    reviews_of: dict[int | None, list[tuple[int, str, str, date | None]]] = {}
    for review_id, ref, stage, closed_on, referral_id in s.execute(
        select(Review.id, Review.reference, Review.stage, Review.closed_on, Review.referral_id)
    ):
        reviews_of.setdefault(referral_id, []).append((review_id, ref, stage, closed_on))
    decided = dict(
        s.execute(
            select(PanelDecision.referral_id, func.max(PanelDecision.decision_date)).group_by(PanelDecision.referral_id)
        ).all()
    )
    cases = []
    referrals = s.execute(
        select(Referral.id, Referral.reference, Referral.status, Referral.closed_at, Referral.withdrawn_at, Referral.updated_at)
    )
    for referral_id, ref, status, closed, withdrawn, updated in referrals:
        reviews = reviews_of.get(referral_id, [])
        on_hold = ("referrals", str(referral_id)) in held or any(("reviews", str(r[0])) in held for r in reviews)
        if reviews:
            ends = [_review_end(stage, closed_on) for _, _, stage, closed_on in reviews]
            if any(e is None for e in ends):
                continue
            ended, how, years, kind = max(e for e in ends if e), "last review closed", years_review, "review"
        else:
            end = _referral_end(status, closed, withdrawn, decided.get(referral_id), updated)
            if end is None:
                continue
            (ended, how), years, kind = end, years_referral, "referral"
        cases.append(
            CaseDue(ref, kind, referral_id, tuple(r[0] for r in reviews), tuple(r[1] for r in reviews),
                    ended, how, years, add_years(ended, years), on_hold)
        )
    for review_id, ref, stage, closed_on in reviews_of.get(None, []):
        ended = _review_end(stage, closed_on)
        if ended is None:
            continue
        cases.append(
            CaseDue(ref, "review", None, (review_id,), (ref,), ended, "review closed", years_review,
                    add_years(ended, years_review), ("reviews", str(review_id)) in held)
        )
    return cases


# -- destroying one case -------------------------------------------------------------------


def _ids(s: Session, query: Select[Any]) -> list[int]:
    return list(s.scalars(query))


def _gone(s: Session, model: type, *conditions: Any) -> int:
    """Delete matching rows (audited as one bulk delete); how many went."""
    count = s.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
    if count:
        s.execute(delete(model).where(*conditions).execution_options(synchronize_session=False))
    return count


def _destroy_case(s: Session, case: CaseDue) -> str:
    """Delete everything in a case, children first (foreign keys are enforced); return
    what went, counted by kind."""
    counts: dict[str, int] = {}

    def gone(label: str, model: type, *conditions: Any) -> None:
        n = _gone(s, model, *conditions)
        if n:
            counts[label] = counts.get(label, 0) + n

    reviews = list(case.review_ids)
    referral = [case.referral_id] if case.referral_id is not None else []
    decisions = _ids(s, select(PanelDecision.id).where(PanelDecision.referral_id.in_(referral))) if referral else []
    meetings = _ids(s, select(Meeting.id).where(Meeting.review_id.in_(reviews))) if reviews else []
    actions = _ids(
        s, select(Action.id).where(or_(Action.review_id.in_(reviews), Action.decision_id.in_(decisions)))
    )
    gone("action updates", ActionUpdate, ActionUpdate.action_id.in_(actions))
    gone("exception notes", ExceptionNote, ExceptionNote.action_id.in_(actions))
    gone("actions", Action, Action.id.in_(actions))
    for label, model in (("attendance records", Attendance), ("agenda items", AgendaItem), ("meeting actions", MeetingAction)):
        gone(label, model, model.meeting_id.in_(meetings))
    gone("agenda items", AgendaItem, AgendaItem.referral_id.in_(referral))
    gone("review meetings", Meeting, Meeting.id.in_(meetings))
    gone("chronology entries", ChronologyEntry, ChronologyEntry.review_id.in_(reviews))
    gone("chronology imports", ChronologyImport, ChronologyImport.review_id.in_(reviews))
    for label, model in (
        ("agency checks", AgencyCheck),
        ("chronology requests", ChronologyRequest),
        ("agency reports", AgencyReport),
        ("review participants", ReviewParticipant),
        ("recommendations", Recommendation),
        ("findings", Finding),
        ("review themes", ReviewTheme),
        ("dissemination records", Dissemination),
    ):
        gone(label, model, model.review_id.in_(reviews))
    gone("clock pauses", ClockPause, or_(ClockPause.review_id.in_(reviews), ClockPause.referral_id.in_(referral)))
    gone(
        "good practice examples",
        GoodPractice,
        or_(GoodPractice.review_id.in_(reviews), GoodPractice.referral_id.in_(referral), GoodPractice.decision_id.in_(decisions)),
    )
    gone("reviews", Review, Review.id.in_(reviews))
    gone("chronology agencies", DecisionAgency, DecisionAgency.decision_id.in_(decisions))
    gone("panel decisions", PanelDecision, PanelDecision.id.in_(decisions))
    gone("household members", HouseholdMember, HouseholdMember.referral_id.in_(referral))
    gone("involved agencies", ReferralAgency, ReferralAgency.referral_id.in_(referral))
    gone("referrals", Referral, Referral.id.in_(referral))
    _drop_drafts(s, "referral", referral)
    _drop_drafts(s, "review", reviews)
    return ", ".join(f"{n:,} {label if n != 1 else _singular(label)}" for label, n in _ordered(counts))


def _drop_drafts(s: Session, kind: str, ids: Iterable[int]) -> None:
    keys = [str(i) for i in ids]
    if keys:
        s.execute(delete(Draft).where(Draft.kind.like(f"{kind}%"), Draft.entity_id.in_(keys)))


_ORDER = ("referrals", "household members", "involved agencies", "panel decisions", "reviews")


def _ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (_ORDER.index(kv[0]) if kv[0] in _ORDER else len(_ORDER), kv[0]))


def _singular(label: str) -> str:
    words = label.split(" ")
    last = words[-1]
    words[-1] = last[:-3] + "y" if last.endswith("ies") else last[:-1] if last.endswith("s") else last
    return " ".join(words)
