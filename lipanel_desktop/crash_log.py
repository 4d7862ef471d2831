"""Logging a bug without record content.

A traceback's messages and local variables can hold a child's name (a ValueError quoting
a field, say). So the log keeps only the exception's type and the code locations it
passed through — file, line and function — which is what a developer needs to find the
bug, and nothing a reader could learn a record from.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from lipanel_desktop import __version__
from lipanel_desktop.settings import log_dir

LOG_NAME = "lipanel-errors.log"
_MAX_BYTES = 1 << 20


def describe(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb)
    where = [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return "\n".join([f"{stamp} LIPanel {__version__}: {exc_type.__module__}.{exc_type.__qualname__}", *where]) + "\n"


def log_bug(exc: BaseException) -> Path | None:
    """Append a content-free description; return the log's path (None if it cannot be written)."""
    folder = log_dir()
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > _MAX_BYTES:
            os.replace(path, path.with_suffix(".log.old"))
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(describe(type(exc), exc.__traceback__))
    except OSError:
        return None
    return path
