"""Every question and message goes through here, so tests can answer in advance
(after KeePassXC's MessageBox::setNextAnswer) and nothing pops up unexpectedly."""

from __future__ import annotations

from collections import deque
from enum import Enum

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Answer(Enum):
    YES = "yes"
    NO = "no"
    CANCEL = "cancel"
    OK = "ok"


_next_answers: deque[Answer] = deque()
_next_files: deque[str | None] = deque()
#: Messages shown while answers were queued (for tests to assert on).
shown: list[tuple[str, str]] = []


def set_next_answer(answer: Answer) -> None:
    """Test seam: the next question is answered with `answer` without showing a dialog."""
    _next_answers.append(answer)


def set_next_file(path: str | None) -> None:
    """Test seam: the next file dialog returns `path` (None for cancel)."""
    _next_files.append(path)


def reset() -> None:
    _next_answers.clear()
    _next_files.clear()
    shown.clear()


def _queued() -> bool:
    return bool(_next_answers)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    if _queued():
        shown.append((title, text))
        _next_answers.popleft()
        return
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def warn(parent: QWidget | None, title: str, text: str) -> None:
    if _queued():
        shown.append((title, text))
        _next_answers.popleft()
        return
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def ask(parent: QWidget | None, title: str, text: str, *, cancel: bool = False, default_no: bool = False) -> Answer:
    """A yes/no (or yes/no/cancel) question in plain words."""
    if _queued():
        shown.append((title, text))
        return _next_answers.popleft()
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    if cancel:
        buttons |= QMessageBox.StandardButton.Cancel
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No if default_no else QMessageBox.StandardButton.Yes)
    result = box.exec()
    if result == QMessageBox.StandardButton.Yes:
        return Answer.YES
    if result == QMessageBox.StandardButton.No:
        return Answer.NO
    return Answer.CANCEL


def open_file(parent: QWidget | None, title: str, filters: str, folder: str = "") -> str | None:
    if _next_files:
        return _next_files.popleft()
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def save_file(parent: QWidget | None, title: str, filters: str, suggested: str = "") -> str | None:
    if _next_files:
        return _next_files.popleft()
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path or None


def choose_folder(parent: QWidget | None, title: str, folder: str = "") -> str | None:
    if _next_files:
        return _next_files.popleft()
    path = QFileDialog.getExistingDirectory(parent, title, folder)
    return path or None
