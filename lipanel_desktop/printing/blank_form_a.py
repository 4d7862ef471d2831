"""The blank Form A that agencies fill in by hand: the paper form's layout, every box
empty with room to write, every tick box clear."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lipanel_desktop.printing.form_a import form_a_story
from lipanel_desktop.printing.template import RenderOptions, build_pdf, content_width

if TYPE_CHECKING:
    from lipanel_desktop.services.documents.form_a import FormAData


def render(data: "FormAData", options: RenderOptions | None = None) -> bytes:
    return build_pdf(form_a_story(data, content_width()), data.meta, options)
