"""The architecture's rules, checked: layers (import-linter), migrations match models,
and the PySide6 version pin that keeps a known crash out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from lipanel_desktop.models import Base
from lipanel_desktop.storage import schema

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def test_one_migration_head_and_revision_ids_match_file_names() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == [schema.head_revision()]
    for revision in scripts.walk_revisions():
        assert Path(revision.path).name.startswith(revision.revision + "_")


def test_migrations_build_exactly_the_models() -> None:
    """Autogenerate against a database built by the migrations finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sqlcipher3 import dbapi2

    engine = create_engine("sqlite://", module=dbapi2)  # SQLCipher's SQLite: FTS5 secure-delete
    schema.create_schema(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, _p: not (type_ == "table" and schema.is_unmapped_table(name)),
            },
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_pyside6_is_a_version_that_survives_many_void_calls() -> None:
    """PySide6 6.12.0 on Python 3.11 aborts after ~5,000 void Qt calls (none_dealloc).
    An upgrade that brings that back must fail here, in a subprocess so it cannot take
    the suite down with it."""
    code = (
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for i in range(20000):\n"
        "    label.setText('x')\n"
        "    label.setVisible(False)\n"
        "print('survived')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "survived" in result.stdout


@pytest.mark.parametrize("package", ["services", "models", "storage", "printing", "vocabulary"])
def test_qt_free_packages_import_without_qt(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module('lipanel_desktop.{package}')\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    if '.migrations' in m.name: continue\n"
        "    importlib.import_module(m.name)\n"
        "assert not any(n.startswith('PySide6') for n in sys.modules), 'Qt was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


def test_admin_help_and_usage_errors_load_no_database_code() -> None:
    """`lipanel-admin --help` answers at once: command modules import their services only
    when a command runs (the frozen program pays seconds for SQLAlchemy and SQLCipher)."""
    code = (
        "import sys\n"
        "from lipanel_desktop.cli import build_parser\n"
        "parser = build_parser()\n"
        "parser.format_help()\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlcipher3', 'reportlab', 'PySide6', 'openpyxl', 'argon2') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
