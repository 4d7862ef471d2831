"""`dump`: every table as plain rows, for administrators, audited.

The output is plaintext by design (moving data out under an administrator's eye); the
command warns about that, and the audit trail records who dumped what.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from lipanel_desktop.errors import ValidationError
from lipanel_desktop.models import Base
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission


def table_names() -> list[str]:
    return [table.name for table in Base.metadata.sorted_tables]


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def dump_rows(store: Store, table: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    require(store.identity, Permission.DUMP_DATA)
    names = table_names()
    if table is not None and table not in names:
        raise ValidationError({"table": f"There is no table called “{table}”. Tables: {', '.join(names)}."})
    chosen = [table] if table else names
    with store.session() as s:
        audit.record(s, "database", store.database_id, "dump", chosen)
    with store.read_session() as s:
        for name in chosen:
            t = Base.metadata.tables[name]
            for row in s.execute(select(t).order_by(*t.primary_key.columns)).mappings():
                yield name, {key: _plain(value) for key, value in row.items()}
