"""The Form A editor: its sections, fields, household rows, undo and drafts."""
