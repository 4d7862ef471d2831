"""The themes list, for administrators: add a theme, rename one, retire one (it stays on
the reviews that have it but is no longer offered) or bring a retired one back."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from lipanel_desktop.services.review_themes import ThemeEntry
from lipanel_desktop.views import msgbox
from lipanel_desktop.views.context import AppContext
from lipanel_desktop.views.pages.panel_widgets import button, button_row, fit_columns, on_open, table
from lipanel_desktop.views.pages.reviews_forms import QuickDialog, Spec
from lipanel_desktop.views.tablemodels.panel_rows import Column, RowsModel

THEME_COLUMNS = (
    Column[ThemeEntry]("Theme", lambda e: e.name),
    Column[ThemeEntry]("Status", lambda e: e.status_label, lambda e: (not e.active, e.name.lower())),
    Column[ThemeEntry]("Reviews with it", lambda e: str(e.reviews), lambda e: e.reviews),
)


class ThemesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("The themes list")
        self.setModal(True)
        hint = QLabel("Reviews record up to three themes from this list. Retiring a theme keeps it on the reviews "
                      "that have it but stops it being offered for others; renaming changes it everywhere.")
        hint.setWordWrap(True)
        hint.setObjectName("Hint")
        self.model: RowsModel[ThemeEntry] = RowsModel(THEME_COLUMNS)
        self.view = table(self.model, "Themes", rows=10)
        on_open(self.view, lambda _row: self.rename())
        self.add_button = button("&Add a theme…", "Add a theme to the list", self.add)
        self.rename_button = button("&Rename…", "Rename the chosen theme", self.rename)
        self.retire_button = button("Re&tire or bring back", "Retire the chosen theme, or bring a retired one back",
                                    self.toggle)
        bar, _ = button_row([self.add_button, self.rename_button, self.retire_button])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(close)
        QDialog.setTabOrder(self.retire_button, self.view)
        QDialog.setTabOrder(self.view, self.close_button)
        self.ctx.hub.changed.connect(self._changed)
        self.finished.connect(lambda _r: self.ctx.hub.changed.disconnect(self._changed))
        self.reload()
        self.resize(self.fontMetrics().horizontalAdvance("x") * 80, self.fontMetrics().lineSpacing() * 24)

    def _changed(self, topic: str) -> None:
        if topic in ("settings", "reviews", "*"):
            self.reload()

    def reload(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else (self.chosen(quiet=True).id if self.chosen(quiet=True) else None)
        self.model.set_rows(self.ctx.workspace.panel.themes.entries())
        fit_columns(self.view)
        for row, entry in enumerate(self.model.rows):
            if entry.id == keep:
                self.view.selectRow(row)

    def chosen(self, quiet: bool = False) -> ThemeEntry | None:
        index = self.view.currentIndex()
        entry = self.model.row_at(index.row()) if index.isValid() else None
        if entry is None and not quiet:
            msgbox.inform(self, "Choose a theme", "Select a theme in the list first.")
        return entry

    def add(self) -> None:
        themes = self.ctx.workspace.panel.themes
        dialog = QuickDialog(self.ctx, "Add a theme", [Spec("name", "&Theme")], lambda v: themes.add(v["name"]),
                             changes="settings", ok_text="Add", parent=self,
                             note="A retired theme of the same name is brought back instead.")
        if dialog.exec() and dialog.result_value is not None:
            self.reload(dialog.result_value.id)

    def rename(self) -> None:
        entry = self.chosen()
        if entry is None:
            return
        themes = self.ctx.workspace.panel.themes
        QuickDialog(self.ctx, f"Rename “{entry.name}”", [Spec("name", "New &name", "line", entry.name)],
                    lambda v: themes.rename(entry.id, v["name"]), changes="settings", parent=self,
                    note=f"{entry.reviews} review{'s' if entry.reviews != 1 else ''} will show the new name.").exec()

    def toggle(self) -> None:
        entry = self.chosen()
        if entry is None:
            return
        themes = self.ctx.workspace.panel.themes
        if entry.active:
            kept = ("No review has it" if not entry.reviews else "The review that has it keeps it"
                    if entry.reviews == 1 else f"The {entry.reviews} reviews that have it keep it")
            if msgbox.ask(self, "Retire the theme?", f"Retire “{entry.name}”? {kept}; it is no longer offered for "
                          "other reviews. You can bring it back later.", default_no=True) != msgbox.Answer.YES:
                return
            self.ctx.ops.run(lambda: themes.retire(entry.id), changes="settings")
        else:
            self.ctx.ops.run(lambda: themes.reinstate(entry.id), changes="settings")
