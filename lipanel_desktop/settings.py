"""Where things live on this machine. Nothing sensitive is kept outside the database:
only paths and window preferences (see `views/preferences.py`)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "LIPanel"
APP_AUTHOR = "LIPanel"
DATABASE_SUFFIX = ".lipanel-db"

_dirs = PlatformDirs(APP_NAME, APP_AUTHOR, roaming=False)


def data_dir() -> Path:
    """`LIPANEL_DATA_DIR` overrides it (tests, and IT pointing at a shared folder)."""
    override = os.environ.get("LIPANEL_DATA_DIR")
    return Path(override) if override else Path(_dirs.user_data_dir)


def log_dir() -> Path:
    override = os.environ.get("LIPANEL_LOG_DIR")
    return Path(override) if override else Path(_dirs.user_log_dir)


def default_database_path() -> Path:
    return data_dir() / f"panel{DATABASE_SUFFIX}"
