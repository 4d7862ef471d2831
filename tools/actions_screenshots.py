"""`python -m tools.actions_screenshots`: pictures of the action-plan and monitoring screens
with demo data: the tracker (plain, and grouped by agency showing what needs attention),
the agency view, the exception and highlight reports, the dissemination log, the
dashboard and one chart as exported (PNG).

Writes `docs/screenshots/actions-*.png`, `reports-*.png` and `chart-actions-by-status.png`
at the normal text size, the same names under `docs/screenshots/200/` (text at 200%) and
`docs/screenshots/high-contrast/`. Runs offscreen in a temporary folder removed afterwards
(see `tools/screenshots.py`, whose demo database and helpers it shares); every name in the
pictures is fictional.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tools.panel_screenshots import PANEL_SIZE, _dismiss_backup_reminder
from tools.screenshots import OUT, _save, _settle, in_three_looks, open_demo


def _choose(combo: Any, words: str) -> None:
    index = combo.findText(words)
    if index < 0:
        raise SystemExit(f"{words!r} is not offered in {combo.accessibleName()!r}.")
    combo.setCurrentIndex(index)


def _busiest_agency(window: Any) -> int:
    data = window.ctx.workspace.action_tracker.load()
    counts: dict[int, int] = {}
    for row in data.rows:
        counts[row.agency_id] = counts.get(row.agency_id, 0) + (row.status in ("overdue", "at_risk"))
    return max(counts, key=lambda agency_id: counts[agency_id])


def _pictures(app: Any, path: Path, folder: Path, *, export_chart: bool = False) -> None:
    from lipanel_desktop.services.action_tracker import GroupBy, StatusChoice
    from lipanel_desktop.views.charts.chart_widget import export_png
    window = open_demo(app, path, PANEL_SIZE)
    _dismiss_backup_reminder(window)

    window.navigate("actions")
    page = window.page("actions")
    tracker = page.tracker
    tracker.table.selectRow(0)
    _settle(app)
    _save(window, "actions-tracker", folder)
    _choose(tracker.filters.group, GroupBy.AGENCY.label)
    _choose(tracker.filters.status, StatusChoice.ATTENTION.label)
    _settle(app)
    tracker.table.selectRow(1)
    _settle(app)
    _save(window, "actions-tracker-grouped-needs-attention", folder)
    tracker.filters.reset()
    _settle(app)
    window.navigate("actions", agency_id=_busiest_agency(window))
    _settle(app)
    _save(window, "actions-agency-view", folder)

    window.navigate("reports", report="exception")
    _settle(app)
    _save(window, "reports-exception", folder)
    reports = window.page("reports")
    reports.tabs.setCurrentWidget(reports.highlight)
    _choose(reports.highlight.preset, "Last 12 months")
    reports.highlight.build()
    _settle(app)
    _save(window, "reports-highlight", folder)
    reports.tabs.setCurrentWidget(reports.dissemination)
    _settle(app)
    _save(window, "reports-dissemination-log", folder)
    window.navigate("reports", report="dashboard")
    _settle(app)
    _save(window, "reports-dashboard", folder)
    if export_chart and reports.dashboard.data is not None:
        export_png(reports.dashboard.data.chart("actions_by_status"), folder / "chart-actions-by-status.png")
        print(f"  {folder.name}/chart-actions-by-status.png")
    window.shut_down()
    window.deleteLater()
    _settle(app)



def main() -> int:
    return in_three_looks("Screenshots", "lipanel-action-screenshots-",
                          lambda app, path, folder, _work: _pictures(app, path, folder, export_chart=folder == OUT))


if __name__ == "__main__":
    sys.exit(main())
