"""The last safety net for errors no screen caught.

Service calls go through `Ops`, which reports their errors; anything else that goes wrong
in a Qt slot would otherwise be printed as a traceback on standard error, where its
message could quote a record, and the user would see nothing happen. Installed by the
program (not by tests or benchmarks), it logs the error without record content and says
in plain words what happened.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QWidget

from lipanel_desktop.errors import KnownError
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.ops import describe_bug

_showing = False


def tell_user(error: BaseException, parent: QWidget | None) -> None:
    """One message at a time: an error while a message is open is only logged."""
    global _showing
    if _showing:
        describe_bug(error)
        return
    _showing = True
    try:
        if isinstance(error, KnownError):
            msgbox.warn(parent, "Not done", error.message)
        else:
            msgbox.warn(parent, "Something went wrong", describe_bug(error))
    finally:
        _showing = False


def install(parent: Callable[[], QWidget | None]) -> None:
    """Route uncaught errors to `tell_user` (Ctrl+C in a terminal still ends the program)."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        try:
            tell_user(error.with_traceback(trace), parent())
        except Exception:  # noqa: BLE001 - the net itself must never throw
            pass

    sys.excepthook = hook
