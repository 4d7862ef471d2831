"""Crash-recovery drafts: unsaved typing kept every few seconds inside the encrypted
database (never in a plain file), one per user, kind of form and record.

A draft is a working copy, not a record: it is saved without an audit row each time
(the `drafts` table is not audited) and discarded when the form is saved or the user
chooses to throw the changes away. Only the user who typed it is offered it back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.base import utc_now
from lipanel_desktop.models.draft import Draft
from lipanel_desktop.storage.store import Store

#: A draft bigger than this is refused (a form with a very long pasted narrative fits).
MAX_PAYLOAD_CHARS = 2_000_000


@dataclass(frozen=True)
class DraftInfo:
    id: int
    kind: str
    entity_id: str
    payload: Any
    updated_at: datetime


class DraftService:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def owner(self) -> str:
        return self.store.identity.name

    def save(self, kind: str, entity_id: str | int | None, payload: Any) -> None:
        """Keep (or replace) this user's draft for one form."""
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        if len(text) > MAX_PAYLOAD_CHARS:
            raise KnownError("This form is too large to keep as a draft. Save it, or shorten the longest text.")
        key = _key(entity_id)
        with self.store.session() as s:
            row = s.scalars(
                select(Draft).where(Draft.owner == self.owner, Draft.kind == kind, Draft.entity_id == key)
            ).first()
            if row is None:
                s.add(Draft(owner=self.owner, kind=kind, entity_id=key, payload=text, updated_at=utc_now()))
            else:
                row.payload = text
                row.updated_at = utc_now()

    def load(self, kind: str, entity_id: str | int | None) -> DraftInfo | None:
        with self.store.read_session() as s:
            row = s.scalars(
                select(Draft).where(Draft.owner == self.owner, Draft.kind == kind, Draft.entity_id == _key(entity_id))
            ).first()
            return _info(row) if row is not None else None

    def list(self, kind: str) -> list[DraftInfo]:
        """This user's drafts of one kind, newest first."""
        with self.store.read_session() as s:
            rows = s.scalars(
                select(Draft).where(Draft.owner == self.owner, Draft.kind == kind).order_by(Draft.updated_at.desc())
            ).all()
            return [info for info in (_info(row) for row in rows) if info is not None]

    def discard(self, kind: str, entity_id: str | int | None) -> None:
        with self.store.session() as s:
            s.execute(
                delete(Draft).where(Draft.owner == self.owner, Draft.kind == kind, Draft.entity_id == _key(entity_id))
            )

    def discard_id(self, draft_id: int) -> None:
        with self.store.session() as s:
            s.execute(delete(Draft).where(Draft.owner == self.owner, Draft.id == draft_id))


def _key(entity_id: str | int | None) -> str:
    return "" if entity_id is None else str(entity_id)


def _info(row: Draft) -> DraftInfo | None:
    try:
        payload = json.loads(row.payload)
    except ValueError:
        return None  # a damaged draft is simply not offered
    return DraftInfo(row.id, row.kind, row.entity_id, payload, row.updated_at)
