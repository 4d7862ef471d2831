"""Reading the audit trail: filters for the audit viewer, "who looked at this child's
record", and the chain check in words.

Rows come back as plain `AuditRow`s, newest first, at most `MAX_ROWS` at a time (the
total that matched is given too, so the viewer can say "showing the newest 10,000 of
42,318"). Filters are done in SQL on the log's indexes, never in Python.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Select, String, and_, cast, func, or_, select

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.models.account import Account
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.meeting import Meeting
from lipanel_desktop.models.referral import HouseholdMember, Referral, ReferralAgency
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.documents.common import DocumentMeta, make_meta, uk_date, uk_datetime
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission

MAX_ROWS = 10_000
MAX_TEXT = 64

ENTITY_LABELS = {
    "referrals": "Referral",
    "household_members": "Household member",
    "referral_agencies": "Agency involved",
    "panel_decisions": "Panel decision",
    "decision_agencies": "Chronology agency",
    "meetings": "Meeting",
    "attendance": "Attendance",
    "agenda_items": "Agenda item",
    "meeting_actions": "Meeting action",
    "reviews": "Review",
    "agency_checks": "Agency check",
    "chronology_requests": "Chronology request",
    "chronology_imports": "Chronology import",
    "chronology_entries": "Chronology entry",
    "agency_reports": "Agency report",
    "review_participants": "Review participant",
    "findings": "Finding",
    "recommendations": "Recommendation",
    "actions": "Action",
    "action_updates": "Action update",
    "exception_notes": "Exception note",
    "good_practice": "Good practice",
    "dissemination": "Dissemination",
    "clock_pauses": "Clock pause",
    "accounts": "User account",
    "org_settings": "Organisation setting",
    "agencies": "Agency",
    "themes": "Theme",
    "issued_copies": "Issued copy",
    "legal_holds": "Legal hold",
    "destructions": "Destruction record",
    "database": "Database",
}
ACTION_LABELS = {
    "insert": "Created",
    "update": "Changed",
    "delete": "Deleted",
    "open": "Opened",
    "bulk insert": "Created (many)",
    "bulk update": "Changed (many)",
    "bulk delete": "Deleted (many)",
    "preview": "Previewed",
    "print": "Printed",
    "export": "Exported",
    "create": "Set up",
    "verify": "Verified",
    "backup": "Backed up",
    "restore": "Restored",
    "rekey": "Key rotated",
    "dump": "Dumped",
}
#: Actions that mean someone saw a record's content.
LOOKED = ("open", "preview", "print", "export")
CHANGED = ("insert", "update", "delete")


def to_local(at: datetime) -> datetime:
    """A stored (naive UTC) time as this machine's local time."""
    return at.replace(tzinfo=timezone.utc).astimezone().replace(tzinfo=None)


def entity_label(entity: str) -> str:
    if entity.startswith("document:"):
        return "Document: " + entity.partition(":")[2].replace("_", " ")
    return ENTITY_LABELS.get(entity, entity.replace("_", " ").capitalize())


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action.capitalize())


@dataclass(frozen=True)
class AuditRow:
    id: int
    #: UTC, as stored.
    at: datetime
    actor: str
    entity: str
    entity_id: str
    action: str
    fields: tuple[str, ...]

    @property
    def local_time(self) -> datetime:
        return to_local(self.at)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    @property
    def action_label(self) -> str:
        return action_label(self.action)


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer asks for. Empty means "any". Dates are local calendar days,
    both ends included."""

    user: str = ""
    #: A reference typed by the user (LIP-2026-0042, a review's, a meeting's, an action's).
    record: str = ""
    entity: str = ""
    entity_id: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditResult:
    rows: list[AuditRow]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


@dataclass(frozen=True)
class Viewer:
    """One person's dealings with a child's record."""

    user: str
    looked: int
    changed: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class ChildRecordAccess:
    reference: str
    viewers: list[Viewer]
    rows: list[AuditRow]


@dataclass(frozen=True)
class ChainResult:
    ok: bool
    entries: int
    words: str


@dataclass(frozen=True)
class AuditReportData:
    """An audit report for print: what was asked, what matched, and the chain's state."""

    meta: DocumentMeta
    criteria: tuple[tuple[str, str], ...]
    rows: tuple[AuditRow, ...]
    total: int
    chain: ChainResult
    viewers: tuple[Viewer, ...] = ()


REPORT_KIND = "audit-report"
REPORT_TITLE = "Audit trail report"


@dataclass(frozen=True)
class RecordKey:
    entity: str
    entity_id: str
    reference: str


def _clean_text(value: str, field: str, what: str) -> str:
    if not isinstance(value, str):
        raise ValidationError({field: f"{what} must be text."})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: f"{what} is too long (at most {MAX_TEXT} characters)."})
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValidationError({field: f"{what} cannot contain control characters or line breaks."})
    return value.strip()


def _utc(day: date, *, end: bool) -> datetime:
    """The UTC instant at which a local calendar day starts (or the next one starts).
    Days at the ends of the calendar are open bounds: the local time zone would push them
    past year 1 or year 9999, which Python cannot hold."""
    if end:
        if day >= date.max - timedelta(days=1):
            return datetime.max
        day = day + timedelta(days=1)
    if day <= date.min + timedelta(days=1):
        return datetime.min
    local = datetime.combine(day, time.min).astimezone()
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _row(entry: tuple) -> AuditRow:
    id_, at, actor, entity, entity_id, action, fields = entry
    try:
        names = tuple(str(n) for n in json.loads(fields or "[]"))
    except (ValueError, TypeError):
        names = ()
    return AuditRow(id_, at, actor, entity, entity_id, action, names)


_COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.actor,
    AuditEntry.entity,
    AuditEntry.entity_id,
    AuditEntry.action,
    AuditEntry.fields,
)
#: Rows about printed or exported documents ("document:form-a", ...), as an index range
#: rather than LIKE, so SQLite can use the (entity, entity_id) index for it.
_DOCUMENTS = and_(AuditEntry.entity >= "document:", AuditEntry.entity < "document;")
_REFERENCED = (("referrals", Referral), ("reviews", Review), ("meetings", Meeting), ("actions", Action))


class AuditLogService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- choices for the filters ---------------------------------------------------
    def users(self) -> list[str]:
        """Everyone who appears in the log, and every account (so a user who has done
        nothing yet can still be chosen)."""
        require(self.store.identity, Permission.VIEW_AUDIT)
        with self.store.read_session() as s:
            names = set(s.scalars(select(AuditEntry.actor).distinct()))
            names.update(s.scalars(select(Account.name)))
        return sorted(names, key=str.casefold)

    def actions(self) -> list[str]:
        require(self.store.identity, Permission.VIEW_AUDIT)
        with self.store.read_session() as s:
            return sorted(s.scalars(select(AuditEntry.action).distinct()))

    def entities(self) -> list[str]:
        require(self.store.identity, Permission.VIEW_AUDIT)
        with self.store.read_session() as s:
            return sorted(s.scalars(select(AuditEntry.entity).distinct()), key=entity_label)

    # -- searching -------------------------------------------------------------------
    def find_record(self, reference: str) -> RecordKey:
        """A typed reference (any case) to the record it names."""
        require(self.store.identity, Permission.VIEW_AUDIT)
        with self.store.read_session() as s:
            return _find(s, reference)

    def search(self, wanted: AuditFilter, limit: int = MAX_ROWS) -> AuditResult:
        require(self.store.identity, Permission.VIEW_AUDIT)
        user = _clean_text(wanted.user, "user", "The user name")
        action = _clean_text(wanted.action, "action", "The action")
        entity = _clean_text(wanted.entity, "entity", "The kind of record")
        entity_id = _clean_text(wanted.entity_id, "entity_id", "The record number")
        if wanted.date_from and wanted.date_to and wanted.date_from > wanted.date_to:
            raise ValidationError({"date_to": "The end date is before the start date."})
        conditions = []
        with self.store.read_session() as s:
            if wanted.record.strip():
                conditions.append(_about(_find(s, wanted.record)))
            if user:
                conditions.append(AuditEntry.actor == user)
            if action:
                conditions.append(AuditEntry.action == action)
            if entity:
                conditions.append(AuditEntry.entity == entity)
            if entity_id:
                conditions.append(AuditEntry.entity_id == entity_id)
            if wanted.date_from:
                conditions.append(AuditEntry.at >= _utc(wanted.date_from, end=False))
            if wanted.date_to:
                conditions.append(AuditEntry.at < _utc(wanted.date_to, end=True))
            return _run(s, and_(*conditions) if conditions else None, limit)

    # -- a child's record ------------------------------------------------------------
    def child_record_access(self, reference: str) -> ChildRecordAccess:
        """Who looked at (opened, previewed, printed, exported) or changed everything held
        about one child: the referral, its household and agencies, its decisions, its
        reviews with their chronology entries and imports, and the documents made from
        them. One session: each costs a keyed connection."""
        require(self.store.identity, Permission.VIEW_AUDIT)
        with self.store.read_session() as s:
            key = _find(s, reference)
            if key.entity != "referrals":
                raise ValidationError({"record": f"“{key.reference}” is not a referral. Type the child's referral reference."})
            referral_id = int(key.entity_id)
            parts: list[tuple[str, list[str]]] = [("referrals", [key.entity_id])]
            for entity, model in (
                ("household_members", HouseholdMember),
                ("referral_agencies", ReferralAgency),
                ("panel_decisions", PanelDecision),
            ):
                ids = [str(i) for i in s.scalars(select(model.id).where(model.referral_id == referral_id))]
                parts.append((entity, ids))
            reviews = s.execute(select(Review.id, Review.reference).where(Review.referral_id == referral_id)).all()
            review_ids = [r[0] for r in reviews]
            parts.append(("reviews", [str(i) for i in review_ids]))
            imports = s.scalars(select(ChronologyImport.id).where(ChronologyImport.review_id.in_(review_ids)))
            parts.append(("chronology_imports", [str(i) for i in imports]))
            references = [key.reference, *(r[1] for r in reviews)]
            # A chronology can hold tens of thousands of entries: matched by a subquery, not a list.
            entries = select(cast(ChronologyEntry.id, String)).where(ChronologyEntry.review_id.in_(review_ids))
            condition = or_(
                *(and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids)) for entity, ids in parts if ids),
                and_(AuditEntry.entity == "chronology_entries", AuditEntry.entity_id.in_(entries)),
                and_(_DOCUMENTS, AuditEntry.entity_id.in_(references)),
            )
            result = _run(s, condition, MAX_ROWS, count=False)
        return ChildRecordAccess(key.reference, _viewers(result.rows), result.rows)

    # -- reports ---------------------------------------------------------------------------
    def report(self, wanted: AuditFilter | None = None, *, child_reference: str = "") -> AuditReportData:
        """The data for an audit report PDF: a filtered search, or one child's record."""
        require(self.store.identity, Permission.VIEW_AUDIT)
        viewers: tuple[Viewer, ...] = ()
        if child_reference:
            access = self.child_record_access(child_reference)
            rows, total = access.rows, len(access.rows)
            viewers = tuple(access.viewers)
            criteria: list[tuple[str, str]] = [("Child's record", access.reference)]
        else:
            wanted = wanted or AuditFilter()
            result = self.search(wanted)
            rows, total = result.rows, result.total
            criteria = _describe(wanted)
        chain = self.verify_chain()
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        with self.store.read_session() as s:
            meta = make_meta(s, self.store.identity.name, REPORT_KIND, REPORT_TITLE, f"AUDIT-{stamp}")
        return AuditReportData(meta, tuple(criteria), tuple(rows), total, chain, viewers)

    def record_export(self, data: AuditReportData) -> None:
        """Audit that an audit report was saved (which filters, never their values)."""
        if self.store.read_only:
            return
        fields = [f"criteria:{name.lower()}" for name, _ in data.criteria]
        with self.store.session() as s:
            audit.record(s, "audit_log", f"{len(data.rows)} entries", "export", fields)

    # -- the chain -----------------------------------------------------------------------
    def verify_chain(self) -> ChainResult:
        """Walk the whole chain; say in words whether it is intact, and where it breaks."""
        require(self.store.identity, Permission.VIEW_AUDIT)
        with self.store.read_session() as s:
            report = audit.verify_chain(s.connection())
        if report.ok:
            words = (
                f"The audit trail is intact: all {report.entries:,} entries are present, in order and "
                "unaltered since they were written."
            )
        else:
            words = (
                f"The audit trail has been tampered with or damaged. {report.problem} "
                f"The {report.entries:,} entries before that point check out. Keep this database as it is, "
                "tell your Data Protection Officer, and compare it with a backup."
            )
        return ChainResult(report.ok, report.entries, words)


def _describe(wanted: AuditFilter) -> list[tuple[str, str]]:
    criteria = []
    if wanted.user.strip():
        criteria.append(("User", wanted.user.strip()))
    if wanted.record.strip():
        criteria.append(("Record", wanted.record.strip()))
    if wanted.entity.strip():
        criteria.append(("Kind of record", entity_label(wanted.entity.strip())))
    if wanted.action.strip():
        criteria.append(("Action", action_label(wanted.action.strip())))
    if wanted.date_from or wanted.date_to:
        start = uk_date(wanted.date_from) or "the beginning"
        end = uk_date(wanted.date_to) or "today"
        criteria.append(("Dates", f"{start} to {end}"))
    return criteria or [("Entries", "All")]


def when(row: AuditRow) -> str:
    """The entry's time as the viewer and the report show it (local, UK style)."""
    return uk_datetime(row.local_time) + row.local_time.strftime(":%S")


def _find(s: Any, reference: str) -> RecordKey:
    text = _clean_text(reference, "record", "The record's reference")
    if not text:
        raise ValidationError({"record": "Type a record's reference, for example LIP-2026-0042."})
    for entity, model in _REFERENCED:
        row = s.execute(select(model.id, model.reference).where(func.upper(model.reference) == text.upper())).first()
        if row is not None:
            return RecordKey(entity, str(row[0]), row[1])
    raise ValidationError({"record": f"No referral, review, meeting or action has the reference “{text}”."})


def _about(key: RecordKey) -> Any:
    """Rows about a record itself, and documents printed or exported from it."""
    return or_(
        and_(AuditEntry.entity == key.entity, AuditEntry.entity_id == key.entity_id),
        and_(_DOCUMENTS, AuditEntry.entity_id == key.reference),
    )


def _run(s: Any, condition: Any, limit: int, *, count: bool = True) -> AuditResult:
    """The newest `limit` matching rows; the total is counted only when there are more."""
    query: Select = select(*_COLUMNS)
    if condition is not None:
        query = query.where(condition)
    rows = [_row(tuple(r)) for r in s.execute(query.order_by(AuditEntry.id.desc()).limit(max(0, limit)))]
    total = len(rows)
    if count and len(rows) >= limit:
        counting = select(func.count()).select_from(AuditEntry)
        total = s.scalar(counting.where(condition) if condition is not None else counting) or 0
    return AuditResult(rows, total)


def _viewers(rows: list[AuditRow]) -> list[Viewer]:
    by_user: dict[str, list[AuditRow]] = {}
    for row in rows:
        by_user.setdefault(row.actor, []).append(row)
    viewers = []
    for user, mine in by_user.items():
        times = [r.at for r in mine]
        viewers.append(
            Viewer(
                user=user,
                looked=sum(1 for r in mine if r.action in LOOKED),
                changed=sum(1 for r in mine if r.action in CHANGED or r.action.startswith("bulk")),
                first=min(times),
                last=max(times),
            )
        )
    return sorted(viewers, key=lambda v: v.last, reverse=True)
