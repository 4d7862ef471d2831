"""The one door from screens to services (after Anki's CollectionOp).

`ops.run(...)` calls a service, routes a `KnownError` to one plain-words message and a
bug to the content-free error log plus "something went wrong", then broadcasts what
changed on the `Hub`, so each view refreshes itself. Slow work (big queries, PDF builds)
goes through `ops.run_in_background(...)`, which shows progress with a Cancel button and
never lets the worker touch a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from lipanel_desktop.crash_log import log_bug
from lipanel_desktop.errors import KnownError
from lipanel_desktop.views import msgbox

T = TypeVar("T")

#: Topics broadcast on the hub. "*" means everything (for example after an unlock).
TOPICS = ("referrals", "meetings", "decisions", "reviews", "chronology", "actions", "settings", "accounts", "audit", "*")


class Hub(QObject):
    """Broadcasts that something changed; item models and pages listen and refresh."""

    changed = Signal(str)


class Cancelled(Exception):
    """The user pressed Cancel on a background task."""


class Progress:
    """Handed to background work: report progress, and notice a cancel. Thread-safe enough:
    it only sets and reads plain attributes and emits a queued signal."""

    def __init__(self, signal: Signal) -> None:
        self._signal = signal
        self.cancelled = False

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self._signal.emit(done, total, text)  # type: ignore[attr-defined]

    def check(self) -> None:
        if self.cancelled:
            raise Cancelled()


def describe_bug(error: BaseException) -> str:
    where = log_bug(error)
    tail = f" Details without any record content were written to {where}." if where else ""
    return "Something went wrong in the program, and the last step may not have been completed." + tail


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.progress = Progress(signals.progress)
        self.dialog: QProgressDialog | None = None
        #: Set when the window locked or closed the database while the job ran.
        self.forgotten = False

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as error:  # handed to the GUI thread, never raised here
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)


class Ops:
    def __init__(self, hub: Hub, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self.hub = hub
        self._parent = parent
        self._jobs: set[_Job] = set()

    def report_error(self, error: BaseException, title: str = "Not done") -> None:
        if isinstance(error, KnownError):
            msgbox.warn(self._parent(), title, error.message)
        else:
            msgbox.warn(self._parent(), "Something went wrong", describe_bug(error))

    def run(
        self,
        work: Callable[[], T],
        *,
        changes: str | None = None,
        title: str = "Not done",
    ) -> T | None:
        """Run a quick service call on the GUI thread. Returns its result, or None after
        showing the error."""
        try:
            result = work()
        except Exception as error:
            self.report_error(error, title)
            return None
        if changes:
            self.hub.changed.emit(changes)
        return result

    def run_in_background(
        self,
        work: Callable[[Progress], T],
        *,
        label: str,
        on_done: Callable[[T], None],
        changes: str | None = None,
        title: str = "Not done",
        on_cancelled: Callable[[], None] | None = None,
    ) -> None:
        """Run slow work on a worker thread with a progress dialog and a Cancel button.
        `work` must not touch widgets; `on_done` runs on the GUI thread."""
        signals = _Signals()
        job = _Job(work, signals)
        dialog = QProgressDialog(label, "Cancel", 0, 0, self._parent())
        dialog.setWindowTitle("Please wait")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAccessibleName(label)

        def progress(done: int, total: int, text: str) -> None:
            if job.forgotten:
                return
            dialog.setMaximum(max(total, 0))
            dialog.setValue(done)
            if text:
                dialog.setLabelText(text)

        def cancel() -> None:
            job.progress.cancelled = True

        def finish(result: object) -> None:
            self._jobs.discard(job)
            dialog.reset()
            dialog.deleteLater()
            if job.forgotten:
                return
            if changes:
                self.hub.changed.emit(changes)
            on_done(result)  # type: ignore[arg-type]

        def fail(error: object) -> None:
            self._jobs.discard(job)
            dialog.reset()
            dialog.deleteLater()
            if job.forgotten:
                return
            if isinstance(error, Cancelled):
                if on_cancelled:
                    on_cancelled()
                return
            self.report_error(error, title)  # type: ignore[arg-type]

        signals.progress.connect(progress)
        signals.finished.connect(finish)
        signals.failed.connect(fail)
        dialog.canceled.connect(cancel)
        job.dialog = dialog
        self._jobs.add(job)
        job.setAutoDelete(False)
        QThreadPool.globalInstance().start(job)

    def forget_running(self) -> None:
        """On lock or close: running jobs are asked to stop, their progress windows go at
        once, and whatever they bring back (a result, an error) is dropped: the screens it
        was for are gone, and nothing read from a record may appear over the unlock screen."""
        for job in self._jobs:
            job.forgotten = True
            job.progress.cancelled = True
            if job.dialog is not None:
                job.dialog.reset()  # also stops the timer that would show it later
                job.dialog.hide()

    def wait_for_background(self, msecs: int = 60_000) -> bool:
        """For tests and for closing: wait until background jobs have finished."""
        return QThreadPool.globalInstance().waitForDone(msecs)
