"""Schema versions: migrations run automatically on open; a newer schema is refused.

Revision ids are the four-digit prefixes of the files in `migrations/versions/`, so the
known revisions are read without importing Alembic (which costs start-up time); Alembic is
imported only when a migration must actually run.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, text

from lipanel_desktop.errors import NotALipanelDatabase, SchemaTooNew

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def is_unmapped_table(name: str | None) -> bool:
    """Tables the migrations make with no model: FTS5 indexes (named `*_search`) and their
    shadow tables (`*_search_data`, ...). Autogenerate must leave them alone."""
    return bool(name) and ("_search" in name)  # type: ignore[operator]


def known_revisions() -> list[str]:
    names = (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    return sorted(path.name[:4] for path in names)


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if not exists:
        return None
    row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row[0] if row else None


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def create_schema(engine: Engine) -> None:
    """Build a new database's schema through the migrations, from the first."""
    _upgrade(engine)


def ensure_current(engine: Engine, *, read_only: bool = False) -> str:
    """Bring an existing database to the head revision; return its revision."""
    with engine.connect() as connection:
        revision = current_revision(connection)
        connection.rollback()
    if revision is None:
        raise NotALipanelDatabase(
            "This file is encrypted with the right key but holds no LIPanel data. It has not been changed."
        )
    known = known_revisions()
    if revision not in known:
        raise SchemaTooNew(
            f"This database was written by a newer version of LIPanel (schema {revision}; this "
            f"version knows up to {known[-1]}). Install the newer version to open it."
        )
    if revision != known[-1]:
        if read_only:
            raise SchemaTooNew(
                "This database needs updating to this version's schema, which cannot be done "
                "while it is open read-only. Open it normally first."
            )
        _upgrade(engine)
    return known[-1]


def schema_version_text(revision: str) -> str:
    return f"schema {revision} (latest known {head_revision()})"


def table_names(connection: Connection) -> list[str]:
    rows = connection.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    )
    return [row[0] for row in rows]
