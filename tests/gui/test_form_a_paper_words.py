"""Every field and every option of the paper Form A is in the editor, in the section the
paper puts it in, with the paper's words: read from the paper form itself
(tests/data/form_a_paper.md, the form part of the policy), not from a list kept by hand."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTableWidget, QWidget

from lipanel_desktop.services.referral_labels import SECTION_CONCLUSION
from lipanel_desktop.views.main_window import MainWindow
from tests.gui.referral_support import window  # noqa: F401 (fixture)

PAPER = Path(__file__).resolve().parents[1] / "data" / "form_a_paper.md"
POLICY = Path(__file__).resolve().parents[3] / "shared" / "seed" / "learning-improvement-panel-policy.md"
FIRST_SECTION = "Child's Details"


def _normal(text: str) -> str:
    """Words only: no tags, no blanks for writing in, single spaces, no closing ':' or '.'."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(r"_{2,}", " ", text)
    return " ".join(text.split()).rstrip(" :.").strip()


def paper_sections() -> dict[str, list[str]]:
    """Section heading -> the words in it (labels and tick-box options), in order."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in PAPER.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            title = _normal(line[4:].replace("**", ""))
            current = sections.setdefault(title, []) if current is not None or title == FIRST_SECTION else None
            continue
        if current is None:
            continue
        if "Conclusion of Learning and Improvement Panel" in line:
            current = sections.setdefault(SECTION_CONCLUSION, [])
        for cell in re.split(r"\t|</p>", line):
            words = _normal(cell)
            if words:
                current.append(words)
    return sections


def texts_in(box: QWidget) -> str:
    """Everything a person reads in a section: labels, options, headings, hints."""
    found: list[str] = []
    for widget in [box, *box.findChildren(QWidget)]:
        if isinstance(widget, (QLabel, QAbstractButton)):
            found.append(widget.text().replace("&&", "&"))
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            found.append(widget.placeholderText())
        if isinstance(widget, QTableWidget):
            found += [widget.horizontalHeaderItem(c).text() for c in range(widget.columnCount())]
    return "\n".join(" ".join(text.split()) for text in found)


def test_the_paper_form_is_read_whole() -> None:
    sections = paper_sections()
    assert list(sections) == ["Child's Details", "Referral details", "A. Child's Details",
                              "B. Other Significant Family & Household Members",
                              "C. Details of the death / critical incident", SECTION_CONCLUSION]
    words = [w for ws in sections.values() for w in ws]
    assert len(words) >= 68  # every ethnic group, every option: a parser that lost lines would fail here
    for expected in ("Gypsy/Roma", "Any other, specify", "Exceptional leave to remain", "2nd meeting"):
        assert expected in words


@pytest.mark.skipif(not POLICY.exists(), reason="the shared policy is not beside the repository")
def test_the_copy_is_the_policys_form() -> None:
    policy = POLICY.read_text(encoding="utf-8")
    form = policy[policy.index("## Learning and Improvement Case Review Panel Request Referral Form"):]
    assert form.strip() in PAPER.read_text(encoding="utf-8")


def test_every_field_and_option_is_in_its_section_with_the_papers_words(window: MainWindow) -> None:
    window.page("referrals").new_item()
    editor: Any = window.page("referrals").editor
    boxes = {_normal(title): box for title, box in editor.widgets.sections}
    missing = []
    for section, words in paper_sections().items():
        assert section in boxes, f"no section called {section!r}"
        shown = texts_in(boxes[section])
        missing += [f"{section}: {word}" for word in words if word not in shown]
    assert not missing, "\n".join(missing)
