"""The shipped fonts cover the names people have (checked glyph by glyph and by reading
the text back), and password-protected PDFs are AES-256, revision 6, and do not open
without their password."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.platypus import Paragraph

from lipanel_desktop.printing import fonts
from lipanel_desktop.printing.encryption import Aes256Encryption, hash_r6
from lipanel_desktop.printing.styles import markup, styles
from lipanel_desktop.printing.template import RenderOptions, build_pdf
from lipanel_desktop.services.documents.common import DocumentMeta

#: Letters of names in Wales, Ireland, Poland, Romania, Turkey and elsewhere in Europe.
EUROPEAN = (
    "Siân Ŵyn Ŷwain Gwenllïan Dafydd ŵ ŷ Ŵ Ŷ â ê î ô û ï",  # Welsh
    "Seán Ó Briain Aoife Ní Mhaoláin Caoimhín á é í ó ú Á É Í Ó Ú",  # Irish
    "Małgorzata Łucja Zażółć Gęślą Jaźń ł ż ś ć ń ą ę ó ź Ł Ż Ś Ć Ń",  # Polish
    "Ștefan Țara Ionuț Răzvan Măriuca ș ț ă â î Ș Ț Ă Â Î ş ţ Ş Ţ",  # Romanian (comma and cedilla)
    "Ğülşen Ayşe Işıl Çağrı İnci ğ ı ş ç ö ü İ Ğ Ş Ç Ö Ü",  # Turkish
    "Dvořák Šťastný Hőgyes Ærøskøbing Åsa Jørgen Þór Ðóra Mäkelä Straße Nuñez Françoise Čapek Đorđe Łódź Ŕ",
    "Ελένη Παπαδοπούλου Анна Иванова Оксана Ґонта",  # Greek, Russian, Ukrainian
)

META = DocumentMeta("test", "Font test", "TEST-1", "Example Board", "OFFICIAL-SENSITIVE",
                    "This form is the property of Example Board and is confidential.", "01/01/2026 09:00", "tester")


def test_every_european_letter_has_a_glyph_in_every_shipped_face() -> None:
    for line in EUROPEAN:
        assert fonts.missing_characters(line) == [], line


def test_the_fonts_ship_with_their_licence() -> None:
    folder = fonts.font_dir()
    assert (folder / "LICENCE-DejaVu.txt").read_text().count("Bitstream") > 0
    assert all(path.is_file() for path in fonts.font_files().values())


def test_names_come_back_exactly_from_the_pdf() -> None:
    story = [Paragraph(markup(line), styles().body) for line in EUROPEAN]
    text = " ".join(pypdf.PdfReader(io.BytesIO(build_pdf(story, META))).pages[0].extract_text().split())
    for line in EUROPEAN:
        assert line in text, line  # character for character (long lines wrap: spaces folded)


def test_what_no_font_can_draw_is_spelled_out_never_a_box() -> None:
    assert fonts.printable("Zoë 中文") == "Zoë [U+4E2D][U+6587]"
    assert fonts.printable("tab\tand\nline\x00\x07\u200b") == "tab\tand\nline"
    assert fonts.printable("Siân Ŵyn") == "Siân Ŵyn"
    assert fonts.missing_characters("中") == ["中"]


def _encrypted(password: str) -> bytes:
    story = [Paragraph(markup("Siân Ŵyn Fictional, Ștefan Ğüneş"), styles().body)]
    return build_pdf(story, META, RenderOptions(password=password))


def test_encrypted_pdf_is_aes_256_revision_6_and_needs_its_password() -> None:
    pdf = _encrypted("Ŵyn-ł-ș-ğ secret")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert (encrypt["/V"], encrypt["/R"], encrypt["/Length"]) == (5, 6, 256)
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    assert len(encrypt["/UE"].original_bytes) == len(encrypt["/OE"].original_bytes) == 32
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert reader.decrypt("wrong password") == pypdf.PasswordType.NOT_DECRYPTED
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.decrypt("Ŵyn-ł-ș-ğ secret") == pypdf.PasswordType.USER_PASSWORD
    assert "Siân Ŵyn Fictional, Ștefan Ğüneş" in reader.pages[0].extract_text()
    assert b"Fictional" not in pdf and b"Example Board" not in pdf  # content and metadata encrypted


def test_the_owner_password_is_random_and_not_the_users() -> None:
    first, second = Aes256Encryption("same-password-1"), Aes256Encryption("same-password-1")
    assert first.ownerPassword != second.ownerPassword != "same-password-1"
    with pytest.raises(ValueError):
        Aes256Encryption("")


def test_revision_6_hash_matches_the_iso_algorithm_shape() -> None:
    digest = hash_r6(b"password", b"12345678")
    assert len(digest) == 32 and digest == hash_r6(b"password", b"12345678")
    assert digest != hash_r6(b"password", b"12345679")
