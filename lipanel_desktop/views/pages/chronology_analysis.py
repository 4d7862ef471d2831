"""Working out the combined chronology's analysis (events seen by several agencies,
conflicts, gaps) beside the open table: at once for small chronologies, on a worker
thread for big ones, the result handed back to the GUI thread with a generation number
so a result for an older load is dropped."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from lipanel_desktop.services.chronology.combined import Analysis, analyse
from lipanel_desktop.services.chronology.entries import EntryRow
from lipanel_desktop.services.chronology.review_context import ReviewInfo

#: Chronologies up to this size are analysed at once; bigger ones off the GUI thread.
ANALYSE_AT_ONCE = 2_000


class AnalysisJob(QRunnable):
    class Signals(QObject):
        done = Signal(int, object)

    def __init__(self, generation: int, rows: list[EntryRow], settings: dict[str, Any], info: ReviewInfo) -> None:
        super().__init__()
        self.signals = AnalysisJob.Signals()
        self.generation, self.rows, self.settings, self.info = generation, rows, settings, info

    def run(self) -> None:
        try:
            result: object = run_analysis(self.rows, self.settings, self.info)
        except Exception as error:  # shown on the GUI thread
            result = error
        self.signals.done.emit(self.generation, result)


def run_analysis(rows: list[EntryRow], settings: dict[str, Any], info: ReviewInfo) -> Analysis:
    return analyse(rows, near_days=int(settings["chronology_near_days"]), gap_days=int(settings["chronology_gap_days"]),
                   period_from=info.period_from, period_to=info.period_to)
