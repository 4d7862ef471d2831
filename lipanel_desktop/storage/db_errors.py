"""Turn database driver errors into plain words, in one place."""

from __future__ import annotations

from sqlalchemy import exc as sa_exc
from sqlcipher3 import dbapi2

from lipanel_desktop.errors import DatabaseBusy, DatabaseDamaged, KnownError


def translate(error: BaseException) -> KnownError | None:
    """The user-facing error for a database failure, or None if it is a bug."""
    original = error.orig if isinstance(error, sa_exc.DBAPIError) else error
    text = str(original).lower()
    if isinstance(original, dbapi2.OperationalError):
        if "locked" in text or "busy" in text:
            return DatabaseBusy(
                "The database is busy: another program is writing to it. Try again in a moment."
            )
        if "disk is full" in text or "database or disk is full" in text:
            return KnownError("The disk is full, so the change was not saved. Free some space and try again.")
        if "readonly" in text or "read-only" in text or "attempt to write" in text:
            return KnownError(
                "The database is read-only here, so the change was not saved. "
                "Check the file's permissions, or ask who has it open."
            )
        if "disk i/o" in text:
            return KnownError("The disk reported an error, so the change was not saved. Try again.")
    if isinstance(original, dbapi2.DatabaseError) and (
        "malformed" in text or "not a database" in text
    ):
        return DatabaseDamaged("The database is damaged. Run “Verify”, and restore a backup if needed.")
    return None
