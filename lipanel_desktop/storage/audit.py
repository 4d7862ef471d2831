"""The audit trail: written from SQLAlchemy session events, so no code path can forget it.

Every insert, update and delete of an audited model — and every bulk statement — becomes
an append-only row: who, when (UTC), which table and id, what action, and the *names* of
the changed fields, never their values. Each row's hash covers the previous row's hash
and its own content, so a row changed, removed or reordered by raw SQL breaks the chain at
that point. Triggers in the schema refuse UPDATE and DELETE on the table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import Connection, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.base import Base, utc_now

GENESIS = "0" * 64
_table = AuditEntry.__table__


@dataclass(frozen=True)
class AuditEvent:
    entity: str
    entity_id: str
    action: str  # insert, update, delete, open, or a named event such as "export"
    fields: tuple[str, ...] = ()


def entry_hash(
    prev_hash: str,
    entry_id: int,
    at: datetime,
    actor: str,
    entity: str,
    entity_id: str,
    action: str,
    fields: str,
) -> str:
    payload = json.dumps(
        [entry_id, at.isoformat(), actor, entity, entity_id, action, fields],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def append(connection: Connection, actor: str, events: Iterable[AuditEvent]) -> None:
    events = list(events)
    if not events:
        return
    last = connection.execute(
        select(_table.c.id, _table.c.hash).order_by(_table.c.id.desc()).limit(1)
    ).first()
    next_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    rows = []
    for ev in events:
        at = utc_now()
        fields = json.dumps(sorted(ev.fields))
        digest = entry_hash(prev, next_id, at, actor, ev.entity, ev.entity_id, ev.action, fields)
        rows.append(
            {
                "id": next_id,
                "at": at,
                "actor": actor,
                "entity": ev.entity,
                "entity_id": ev.entity_id,
                "action": ev.action,
                "fields": fields,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
        next_id += 1
    connection.execute(_table.insert(), rows)


def record(session: Session, entity: str, entity_id: Any, action: str, fields: Iterable[str] = ()) -> None:
    """Audit something that is not a row change: opening a record, an export, a print."""
    append(session.connection(), actor_of(session), [AuditEvent(entity, str(entity_id), action, tuple(fields))])


def actor_of(session: Session) -> str:
    return str(session.info.get("actor") or "system")


def _audited(obj: object) -> bool:
    return isinstance(obj, Base) and getattr(type(obj), "__audit__", True)


def _identity(obj: object) -> str:
    key = inspect(type(obj)).primary_key_from_instance(obj)
    return ":".join("?" if part is None else str(part) for part in key)


def _column_keys(obj: object) -> list[str]:
    return [attr.key for attr in inspect(type(obj)).column_attrs]


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    events: list[AuditEvent] = []
    for obj in session.new:
        if _audited(obj):
            values = inspect(obj).dict
            filled = [k for k in _column_keys(obj) if values.get(k) not in (None, "")]
            events.append(AuditEvent(type(obj).__tablename__, _identity(obj), "insert", tuple(filled)))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            state = inspect(obj)
            changed = [k for k in _column_keys(obj) if state.attrs[k].history.has_changes()]
            if changed:
                events.append(AuditEvent(type(obj).__tablename__, _identity(obj), "update", tuple(changed)))
    for obj in session.deleted:
        if _audited(obj):
            events.append(AuditEvent(type(obj).__tablename__, _identity(obj), "delete"))
    append(session.connection(), actor_of(session), events)


def _on_execute(state: ORMExecuteState) -> Any:
    """Bulk ORM statements (`session.execute(insert(Model), rows)`) are audited too."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    model = mapper.class_ if mapper is not None else None
    if model is None or not getattr(model, "__audit__", True):
        return None
    result = state.invoke_statement()
    params = state.parameters
    if isinstance(params, list):
        count = len(params)
        fields = sorted(params[0].keys()) if params else []
    else:
        count = result.rowcount if result.rowcount is not None and result.rowcount >= 0 else 0
        fields = sorted((params or {}).keys())
    action = "insert" if state.is_insert else "update" if state.is_update else "delete"
    append(
        state.session.connection(),
        actor_of(state.session),
        [AuditEvent(model.__tablename__, f"{count} rows", f"bulk {action}", tuple(fields))],
    )
    return result


def install(session_class: type[Session]) -> None:
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "do_orm_execute", _on_execute)


@dataclass(frozen=True)
class ChainReport:
    entries: int
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(connection: Connection) -> ChainReport:
    """Walk the chain from the first row; name the first broken link."""
    prev = GENESIS
    expected_id = 1
    count = 0
    rows = connection.execute(select(_table).order_by(_table.c.id))
    for row in rows:
        if row.id != expected_id:
            if row.id > expected_id:
                return ChainReport(
                    count, f"Audit entries {expected_id} to {row.id - 1} are missing (removed from the log)."
                )
            return ChainReport(count, f"Audit entry {row.id} is out of order.")
        if row.prev_hash != prev:
            return ChainReport(count, f"Audit entry {row.id} does not follow entry {row.id - 1}: the chain is broken there.")
        digest = entry_hash(prev, row.id, row.at, row.actor, row.entity, row.entity_id, row.action, row.fields)
        if digest != row.hash:
            return ChainReport(count, f"Audit entry {row.id} has been altered: its content does not match its hash.")
        prev = row.hash
        expected_id += 1
        count += 1
    return ChainReport(count, None)
