"""Errors no screen caught: told in plain words, logged without record content, never
printed as a traceback."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from lipanel_desktop.crash_log import LOG_NAME
from lipanel_desktop.errors import KnownError
from lipanel_desktop.settings import log_dir
from lipanel_desktop.views import msgbox, safety_net


def _raise(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:  # noqa: BLE001 - handed to the hook as Python would
        return caught


def test_an_uncaught_bug_is_told_in_words_and_logged_without_the_record(qtbot: Any, capsys: Any) -> None:
    before = sys.excepthook
    safety_net.install(lambda: None)
    try:
        error = _raise(ValueError("Fictional Childname is not a valid date"))
        msgbox.set_next_answer(msgbox.Answer.OK)
        sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = before
    title, text = msgbox.shown[-1]
    assert title == "Something went wrong" and "Fictional Childname" not in text
    log = (Path(log_dir()) / LOG_NAME).read_text(encoding="utf-8")
    assert "builtins.ValueError" in log and "test_safety_net.py" in log and "Childname" not in log
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err and "Childname" not in printed.err


def test_a_known_error_is_shown_as_its_own_words(qtbot: Any) -> None:
    msgbox.set_next_answer(msgbox.Answer.OK)
    safety_net.tell_user(KnownError("The database is locked. Unlock it to continue."), None)
    assert msgbox.shown[-1] == ("Not done", "The database is locked. Unlock it to continue.")


def test_an_error_while_a_message_is_open_is_only_logged(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(safety_net, "_showing", True)
    count = len(msgbox.shown)
    safety_net.tell_user(RuntimeError("second"), None)
    assert len(msgbox.shown) == count
