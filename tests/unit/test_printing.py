"""Every document read back with pypdf: every field present, the marking, the
confidentiality statement, the reference, who generated it and "Page x of y" on every
page; anonymised packs hold no child or family name in the text, the bookmarks or the
metadata; names with Welsh, Polish, Romanian, Turkish and Irish letters come back
exactly; the fonts are shipped and embedded."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pypdf
import pytest

from lipanel_desktop import printing
from lipanel_desktop.printing.template import RenderOptions
from lipanel_desktop.services.database import create_database
from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.documents import DOCUMENTS_FOR, DocumentKind, RedactionProfile, Target
from lipanel_desktop.vocabulary.form_a import FORM_TITLE
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.unit import documents_sample as sample_data
from tests.unit.test_documents import all_requests, name_parts

STATEMENT_START = "This form is the property of Stockport Safeguarding Children Board and is confidential."


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, sample_data.Sample]]:
    store = create_database(tmp_path_factory.mktemp("print") / "print.lipanel-db", ADMIN, ADMIN_PASSWORD)
    sample = sample_data.build(store)
    yield store, sample
    store.close()


def pdf_of(store: Store, request: DocumentRequest, options: RenderOptions | None = None) -> bytes:
    return printing.render(DocumentService(store).gather(request), options)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def flat(text: str) -> str:
    """Text with line breaks and repeated spaces folded (extraction wraps long lines)."""
    return " ".join(text.split())


@pytest.mark.parametrize("profile", list(RedactionProfile))
def test_every_page_of_every_document_carries_the_frame(case, profile) -> None:
    store, sample = case
    for request in all_requests(sample, profile):
        pdf = pdf_of(store, request)
        texts = pages_text(pdf)
        total = len(texts)
        reference = DocumentService(store).gather(request).meta.reference
        for number, text in enumerate(texts, start=1):
            where = f"{request.kind.value} page {number}"
            assert text.count("OFFICIAL-SENSITIVE") >= 2, where  # top and bottom
            assert f"Page {number} of {total}" in flat(text), where
            assert STATEMENT_START in flat(text), where
            assert f"Reference {reference}" in flat(text), where
            assert "by admin" in text, where
        meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
        assert meta.title == f"{meta.subject} {reference}"  # the kind of document and its reference only
        assert meta.author == "Stockport Safeguarding Children Board"
        assert meta.get("/Keywords") == "OFFICIAL-SENSITIVE"


def test_metadata_never_names_the_child_or_family(case) -> None:
    store, sample = case
    parts = name_parts(sample_data.FAMILY_NAMES)
    for request in all_requests(sample, RedactionProfile.PANEL):
        meta = pypdf.PdfReader(io.BytesIO(pdf_of(store, request))).metadata
        values = " ".join(str(v) for v in meta.values())
        assert not [p for p in parts if p.lower() in values.lower()], request.kind


def test_form_a_prints_every_field_with_its_special_letters_exactly(case) -> None:
    store, sample = case
    text = flat("\n".join(pages_text(pdf_of(store, DocumentRequest(DocumentKind.FORM_A, Target.REFERRAL, sample.referral)))))
    for expected in (
        FORM_TITLE, "IMPORTANT INFORMATION (Please Read)", "Child's Details", "Referral details", "A. Child's Details",
        "B. Other Significant Family & Household Members", "C. Details of the death / critical incident:",
        "Conclusion of Learning and Improvement Panel",
        sample_data.CHILD, sample_data.CHILD_AKA, "14/03/2019", "09/01/2026 14:30", sample_data.CHILD_ADDRESS,
        "Imaginary General Hospital, Ward 9", "12/01/2026", sample_data.REFERRER, "2 Example Way, Fictionville",
        "0161 496 0000", "safeguarding@example.org", sample_data.MOTHER, sample_data.FATHER, sample_data.SIBLING,
        "02/05/1990", "Brother", "A 'near miss'", "Not sure", "Multi-Agency Learning Review", "Information sharing.",
        "Contacts with health and police.", "01/01/2024 to 09/01/2026", "Health, Police", sample_data.CHAIR,
        "04/03/2026", "01/04/2026",
    ):
        assert flat(expected) in text, expected
    # The tick boxes: the recorded answers ticked, the others clear.
    assert "☒ No" in text and "☐ Yes" in text
    assert "☒ Female" in text and "☐ Male" in text
    assert "☒ Critical Incident or inter-agency concerns" in text and "☐ Death" in text
    assert "☒ Any Other White background" in text or "☒ Any Other White" in text


def test_blank_form_a_is_the_form_with_every_box_clear(case) -> None:
    store, _ = case
    text = flat("\n".join(pages_text(pdf_of(store, DocumentRequest(DocumentKind.BLANK_FORM_A, Target.BOARD)))))
    assert FORM_TITLE in text and "Please provide a narrative account of the event." in text
    assert "☒" not in text and text.count("☐") > 30
    assert "Conclusion of Learning and Improvement Panel" in text and "2nd meeting:" in text


def test_meeting_pack_has_cover_agenda_referral_pages_decisions_and_previous_actions(case) -> None:
    store, sample = case
    pdf = pdf_of(store, DocumentRequest(DocumentKind.MEETING_PACK, Target.MEETING, sample.meeting))
    text = flat("\n".join(pages_text(pdf)))
    for expected in ("Learning and Improvement Panel", "04/02/2026", "10:00 – 12:00", "Room 1, Example House",
                     sample_data.CHAIR, sample_data.ATTENDEE, "Agenda", "Decisions required",
                     f"Referral {sample.referral}: {sample_data.CHILD}", f"Referral {sample.second_referral}: "
                     f"{sample_data.SECOND_CHILD}", "SCR criteria may be met", "Actions from the previous meeting",
                     "Send the agency check letters.", "☐ No further action"):
        assert flat(expected) in text, expected
    titles = outline_titles(pypdf.PdfReader(io.BytesIO(pdf)))
    assert f"Referral {sample.referral} — {sample_data.CHILD}" in titles


def test_anonymised_documents_hold_no_name_in_text_bookmarks_or_metadata(case) -> None:
    store, sample = case
    forbidden = name_parts(sample_data.FAMILY_NAMES)
    for request in all_requests(sample, RedactionProfile.ANONYMISED):
        pdf = pdf_of(store, request)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        everything = "\n".join([*pages_text(pdf), *outline_titles(reader), *(str(v) for v in reader.metadata.values())])
        leaks = [p for p in forbidden if p.lower() in everything.lower()]
        assert leaks == [], (request.kind, leaks)
    pack = pdf_of(store, DocumentRequest(DocumentKind.MEETING_PACK, Target.MEETING, sample.meeting, RedactionProfile.ANONYMISED))
    titles = outline_titles(pypdf.PdfReader(io.BytesIO(pack)))
    assert f"Referral {sample.referral} — Child A" in titles and f"Referral {sample.second_referral} — Child B" in titles
    assert "Panel meeting pack — Learning and Improvement Panel" in pages_text(pack)[0]


def test_chronology_is_landscape_with_agency_and_source_gaps_and_duplicates(case) -> None:
    store, sample = case
    pdf = pdf_of(store, DocumentRequest(DocumentKind.CHRONOLOGY, Target.REVIEW, sample.review))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert box.width > box.height
    text = flat("\n".join(pages_text(pdf)))
    assert "Timeline" in text and "High significance" in text
    assert "Gap: no entries from any agency for 300 days. (16/03/2024 – 09/01/2025)" in text
    assert text.count("D1") >= 2 and "Record: Case notes" in text
    assert f"{sample_data.FATHER} arrested; {sample_data.SIBLING} present." in text


def test_a_timeline_picture_passed_in_comes_first(case) -> None:
    from PIL import Image

    store, sample = case
    png = io.BytesIO()
    Image.new("RGB", (400, 120), "navy").save(png, format="PNG")
    data = DocumentService(store).gather(DocumentRequest(DocumentKind.CHRONOLOGY, Target.REVIEW, sample.review))
    from lipanel_desktop.services.documents.service import with_timeline

    pdf = printing.render(with_timeline(data, png.getvalue()))
    first = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(first.images) == 1
    assert "High significance" not in first.extract_text()  # the picture, not the drawn stand-in


def test_recipient_copy_is_watermarked_on_every_page(case) -> None:
    store, sample = case
    request = DocumentRequest(DocumentKind.MEETING_PACK, Target.MEETING, sample.meeting)
    for text in pages_text(pdf_of(store, request, RenderOptions(copy_label="Copy 3 of 12 — Police"))):
        assert text.count("Copy 3 of 12 — Police") >= 2  # header line and watermark


def test_fonts_are_embedded_in_every_document(case) -> None:
    store, sample = case
    for request in all_requests(sample, RedactionProfile.PANEL):
        reader = pypdf.PdfReader(io.BytesIO(pdf_of(store, request)))
        for page in reader.pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, (request.kind, font["/BaseFont"])
                assert "DejaVu" in str(font["/BaseFont"]) or "LIPanel" in str(font["/BaseFont"])


def test_huge_and_hostile_text_is_printed_literally_across_pages(case) -> None:
    import dataclasses

    store, sample = case
    data = DocumentService(store).gather(DocumentRequest(DocumentKind.FORM_A, Target.REFERRAL, sample.referral))
    hostile = "<b>not bold</b> & <font name='x'>odd</font> ]]> \x00\x07 中文 end"
    huge = ("A very long narrative paragraph about the incident. " * 40 + "\n\n") * 60
    data = dataclasses.replace(data, summary=hostile + "\n\n" + huge, child_address="x" * 3000)
    texts = pages_text(printing.render(data))
    text = flat("\n".join(texts))
    assert len(texts) > 8
    assert "<b>not bold</b> & <font name='x'>odd</font> ]]>" in text
    assert "[U+4E2D][U+6587] end" in text  # no missing-glyph box: spelled out
    assert all(f"Page {n} of {len(texts)}" in flat(t) for n, t in enumerate(texts, start=1))


def test_numbers_of_pages_are_right_in_a_long_document(case) -> None:
    import dataclasses

    store, sample = case
    data = DocumentService(store).gather(DocumentRequest(DocumentKind.CHRONOLOGY, Target.REVIEW, sample.review))
    row = next(r for r in data.rows if r.kind == "entry")
    data = dataclasses.replace(data, rows=tuple(dataclasses.replace(row, event=f"Event {i}") for i in range(900)))
    texts = pages_text(printing.render(data))
    assert len(texts) > 20
    numbers = [re.search(r"Page (\d+) of (\d+)", flat(t)).groups() for t in texts]
    assert numbers == [(str(n), str(len(texts))) for n in range(1, len(texts) + 1)]
    assert "Event 0" in texts[1] and "Event 899" in texts[-1]


def test_every_kind_has_a_printing_module() -> None:
    assert set(printing.MODULES) == {k.value for k in DocumentKind}
    assert {k for kinds in DOCUMENTS_FOR.values() for k in kinds} == set(DocumentKind)
