"""ReportLab documents: one module per document, the shared page template
(`template.py`), fonts and styles. Printing imports no Qt and no services: each
document's `render(data, options)` lays out plain data and returns PDF bytes.

Importing this package does not import ReportLab (start-up time): `render` imports the
document's module when a document is first made.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Document kind (vocabulary.documents.DocumentKind value) -> module in this package.
MODULES = {
    "form-a": "form_a",
    "blank-form-a": "blank_form_a",
    "meeting-pack": "meeting_pack",
    "terms-of-reference": "terms_of_reference",
    "chronology": "chronology",
    "circulation-pack": "circulation_pack",
    "action-plan": "action_plan",
    "exception-report": "exception_report",
    "highlight-report": "highlight_report",
    "agency-plan": "agency_plan",
    "review-report": "review_report",
    "subject-access": "subject_access",
}


def render(data: Any, options: Any = None) -> bytes:
    """Lay out a document's data (its `meta.kind` says which document) as PDF bytes."""
    module = importlib.import_module(f"{__name__}.{MODULES[data.meta.kind]}")
    return module.render(data, options)


def renderer(progress: Any = None) -> Any:
    """A `(data, copy label, password) -> bytes` function for DocumentService.produce."""
    from lipanel_desktop.printing.template import RenderOptions

    def run(data: Any, copy_label: str, password: str | None) -> bytes:
        return render(data, RenderOptions(copy_label=copy_label, password=password, progress=progress))

    return run
