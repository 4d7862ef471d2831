"""Two kinds of error, kept apart (after qutebrowser's misc/sql.py).

`KnownError` is something the user or the environment caused — a wrong password, a full
disk, a file that is not a database, an invalid field. Its message is shown as it is, in
plain words, and says what to do next. Anything else is a bug: it is logged without record
content and shown as "something went wrong".
"""

from __future__ import annotations


class KnownError(Exception):
    """An expected failure with a message fit to show to the user."""

    #: Exit status for `lipanel-admin`: 2 is bad input or a wrong password, 1 a failed check.
    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WrongPassword(KnownError):
    """The password does not unlock the user's key slot."""


class UnknownUser(KnownError):
    """No key slot or account has that name."""


class DatabaseMissing(KnownError):
    """The database path does not exist."""


class NotALipanelDatabase(KnownError):
    """The file exists but is not an encrypted LIPanel database (or its key is wrong)."""


class KeyFileProblem(KnownError):
    """The key-slot sidecar is missing, unreadable or damaged."""


class DatabaseBusy(KnownError):
    """Another program is writing to the database."""


class DatabaseDamaged(KnownError):
    """The key is right but the file cannot be read: it is damaged (exit status 1, as a
    failed check: `verify` names the damage this way when it cannot even open the file)."""

    exit_code = 1


class SchemaTooNew(KnownError):
    """The database was written by a newer version of the program."""


class NotPermitted(KnownError):
    """The user's role does not allow the action."""


class InvalidTransition(KnownError):
    """A workflow step that is not allowed from the record's current state."""


class CheckFailed(KnownError):
    """A verification found a problem (exit status 1)."""

    exit_code = 1


class ValidationError(KnownError):
    """One or more fields are invalid; `problems` maps field name to a plain-words message."""

    def __init__(self, problems: dict[str, str], message: str | None = None) -> None:
        self.problems = dict(problems)
        if message is None:
            message = "Please correct: " + "; ".join(self.problems.values())
        super().__init__(message)


class BugError(Exception):
    """A programming error: never shown to the user as it is."""
