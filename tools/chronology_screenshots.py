"""`python -m tools.chronology_screenshots`: pictures of the Chronology section with demo
data: the combined chronology (one event seen by several agencies opened), the timeline
(whole and zoomed in on a selected event), the problems found in an agency's file, and
the history of imports.

Writes `docs/screenshots/chronology-*.png` at the normal text size, the same names under
`docs/screenshots/200/` (text at 200%) and `docs/screenshots/high-contrast/`. Runs
offscreen in a temporary folder that is removed afterwards (see `tools/screenshots.py`,
whose demo database and helpers it shares); every name in the pictures is fictional.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tools.screenshots import SIZE, _save, _settle, in_three_looks, open_demo

CHRONOLOGY_SIZE = (max(SIZE[0], 1440), max(SIZE[1], 900))


def _agency_file(folder: Path) -> Path:
    """A fictional agency's file with the mistakes agencies make: a month-first date, a
    date with no year, a missing source, a made-up significance."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Chronology"
    sheet.append(["Date", "Approximate date", "Time", "Source type", "Source", "Event", "Significance", "Analysis",
                  "Author"])
    for values in (
        ("03/04/2021", None, "10:30", "Record", "Case note 14", "Home visit; child seen alone", "Medium", "", "SW Fictional"),
        ("04/13/2021", None, None, "Record", "Case note 15", "Telephone call with mother", "Low", "", "SW Fictional"),
        (None, "3rd May", None, "Person", "Team manager", "Strategy discussion", "High", "", "TM Fictional"),
        ("20/05/2021", None, None, "Document", None, "Letter to GP", "Urgent", "", "SW Fictional"),
    ):
        sheet.append(list(values))
    path = folder / "agency-file.xlsx"
    book.save(path)
    return path


def _busiest_review(window: Any) -> int:
    choices = window.ctx.workspace.chronology.reviews()
    return max(choices, key=lambda c: c.entries).id


def _import_problems(app: Any, window: Any, page: Any, folder: Path, work: Path) -> None:
    from lipanel_desktop.services.chronology.importer import preview_import
    from lipanel_desktop.views.pages.chronology_import import ImportDialog

    info = page.info
    dialog = ImportDialog(window.ctx, info, page.agencies, window)
    path = _agency_file(work)
    dialog.file.setText(str(path))
    dialog._show_preview(preview_import(window.ctx.workspace.store, info.id, dialog.agency.currentData(), path))
    dialog.show()
    _settle(app)
    _save(dialog, "chronology-import-problems", folder)
    dialog.reject()
    dialog.deleteLater()
    _settle(app)


def _pictures(app: Any, path: Path, folder: Path, work: Path) -> None:
    from PySide6.QtWidgets import QToolBar

    window = open_demo(app, path, CHRONOLOGY_SIZE)
    reminder = window.findChild(QToolBar, "BackupReminder")  # "no backup yet": put off, as a user would
    if reminder is not None:
        reminder.hide()

    window.navigate("chronology", review_id=_busiest_review(window))
    page = window.page("chronology")
    page.wait_for_analysis()
    _settle(app)
    combined = page.combined
    model = combined.model
    from lipanel_desktop.views.tablemodels.chronology import DATE, EVENT, GROUP_ROLE

    grouped = next((r for r in range(model.rowCount()) if model.index(r, EVENT).data(GROUP_ROLE) is not None), 0)
    model.toggle_group(grouped)
    combined.table.setCurrentIndex(model.index(grouped, DATE))
    combined.table.scrollTo(model.index(grouped, DATE), combined.table.ScrollHint.PositionAtCenter)
    combined.table.setFocus()
    _settle(app)
    _save(window, "chronology-table", folder)

    page.tabs.setCurrentWidget(page.timeline_tab)
    _settle(app)
    timeline = page.timeline_tab.timeline
    timeline.setFocus()
    _settle(app)
    _save(window, "chronology-timeline", folder)
    entry = model.entry_at(grouped)
    if entry is not None:
        timeline.select_entry(entry.id)
    for _ in range(6):
        timeline.zoom(1.5)
    _settle(app)
    _save(window, "chronology-timeline-zoomed", folder)

    page.tabs.setCurrentWidget(page.imports_tab)
    page.imports_tab.table.selectRow(0)
    _settle(app)
    _save(window, "chronology-imports", folder)
    page.tabs.setCurrentWidget(page.combined)
    _import_problems(app, window, page, folder, work)

    window.shut_down()
    window.deleteLater()
    _settle(app)


def main() -> int:
    return in_three_looks("Chronology screenshots", "lipanel-chronology-screenshots-", _pictures)


if __name__ == "__main__":
    sys.exit(main())
