"""Alembic environment: always runs on a connection handed over by `storage.schema`,
already keyed and inside a transaction. There is no alembic.ini and no URL."""

from __future__ import annotations

from alembic import context

from lipanel_desktop.models import Base
from lipanel_desktop.storage.schema import is_unmapped_table

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("LIPanel migrations run only through lipanel_desktop.storage.schema")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=lambda name, type_, _parents: not (type_ == "table" and is_unmapped_table(name)),
)
with context.begin_transaction():
    context.run_migrations()
