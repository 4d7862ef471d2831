"""Edit > Undo and Redo for chronology entries: adding, changing and deleting one,
importing an agency's file (undone: its entries out, and any earlier import it replaced
back), and removing an import.

Each command is pushed after its change was made (so its first `redo` does nothing);
undo and redo go through the same service, with its checks and audit, and broadcast
"chronology" so every view refreshes. A command whose entry has gone (replaced by a
re-import, say) explains why and is dropped.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from lipanel_desktop.services.chronology.entries import DeletedEntry, EntryRow
from lipanel_desktop.services.chronology.fields import EntryInput
from lipanel_desktop.services.chronology.importer import ImportResult
from lipanel_desktop.services.chronology.removal import (
    RemovedImport,
    redo_import,
    remove_import,
    restore_import,
    undo_import,
)
from lipanel_desktop.views.context import AppContext


class _EntryCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._first = True

    @property
    def service(self):  # noqa: ANN201
        return self.ctx.workspace.chronology

    def _run(self, work, title: str) -> object | None:  # noqa: ANN001
        done = self.ctx.ops.run(work, changes="chronology", title=title)
        if done is None:
            self.setObsolete(True)
        return done


class AddEntryCommand(_EntryCommand):
    def __init__(self, ctx: AppContext, entry: EntryRow) -> None:
        super().__init__(ctx, "new chronology entry")
        self.entry_id = entry.id
        self.deleted: DeletedEntry | None = None

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self.deleted is not None:
            restored = self._run(lambda: self.service.restore(self.deleted), "Not redone")
            if isinstance(restored, EntryRow):
                self.entry_id = restored.id

    def undo(self) -> None:
        deleted = self._run(lambda: self.service.delete(self.entry_id), "Not undone")
        if isinstance(deleted, DeletedEntry):
            self.deleted = deleted


class ChangeEntryCommand(_EntryCommand):
    def __init__(self, ctx: AppContext, before: EntryRow, after: EntryRow) -> None:
        super().__init__(ctx, "change to a chronology entry")
        self.entry_id = after.id
        self.before: tuple[int, EntryInput] = (before.agency_id, before.as_input())
        self.after: tuple[int, EntryInput] = (after.agency_id, after.as_input())

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        agency, data = self.after
        self._run(lambda: self.service.update(self.entry_id, data, agency_id=agency), "Not redone")

    def undo(self) -> None:
        agency, data = self.before
        self._run(lambda: self.service.update(self.entry_id, data, agency_id=agency), "Not undone")


class DeleteEntryCommand(_EntryCommand):
    def __init__(self, ctx: AppContext, deleted: DeletedEntry) -> None:
        super().__init__(ctx, "deletion of a chronology entry")
        self.deleted = deleted
        self.entry_id: int | None = None

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self.entry_id is not None:
            deleted = self._run(lambda: self.service.delete(self.entry_id), "Not redone")
            if isinstance(deleted, DeletedEntry):
                self.deleted = deleted

    def undo(self) -> None:
        restored = self._run(lambda: self.service.restore(self.deleted), "Not undone")
        if isinstance(restored, EntryRow):
            self.entry_id = restored.id


class RemoveImportCommand(_EntryCommand):
    def __init__(self, ctx: AppContext, removed: RemovedImport) -> None:
        super().__init__(ctx, f"removal of {removed.agency}'s import")
        self.removed = removed

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        store, import_id = self.ctx.workspace.store, self.removed.import_id
        removed = self._run(lambda: remove_import(store, import_id), "Not redone")
        if isinstance(removed, RemovedImport):
            self.removed = removed

    def undo(self) -> None:
        store, removed = self.ctx.workspace.store, self.removed
        self._run(lambda: restore_import(store, removed), "Not undone")


class ImportCommand(_EntryCommand):
    def __init__(self, ctx: AppContext, result: ImportResult, agency: str) -> None:
        super().__init__(ctx, f"import of {agency}'s chronology")
        self.import_id = result.import_id
        self.replaced = result.replaced_entries
        self.removed: RemovedImport | None = None

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        if self.removed is not None:
            store, removed, replaced = self.ctx.workspace.store, self.removed, self.replaced
            self._run(lambda: redo_import(store, removed, replaced), "Not redone")

    def undo(self) -> None:
        store, import_id, replaced = self.ctx.workspace.store, self.import_id, self.replaced
        removed = self._run(lambda: undo_import(store, import_id, replaced), "Not undone")
        if isinstance(removed, RemovedImport):
            self.removed = removed
