"""`lipanel-admin export-pack` and `copy-register`, run as the real program: documents
written, encrypted with the password from the next line of standard input, numbered
copies registered; every wrong, missing, huge or hostile input refused with one clear
line, exit status 2, and no file written."""

from __future__ import annotations

import io

import pypdf
import pytest

from lipanel_desktop.services.database import create_database
from tests.conftest import ADMIN, ADMIN_PASSWORD, run_admin
from tests.unit import documents_sample as sample_data

PDF_PASSWORD = "Pdf-Password-42"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "panel.lipanel-db"
    store = create_database(path, ADMIN, ADMIN_PASSWORD)
    sample = sample_data.build(store)
    store.close()
    return path, sample


def export(db_path, *args, stdin=ADMIN_PASSWORD + "\n"):
    return run_admin("export-pack", db_path, "--user", ADMIN, *args, stdin=stdin)


def text_of(pdf: bytes, password: str | None = None) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    if password:
        assert reader.decrypt(password)
    return "\n".join(page.extract_text() for page in reader.pages)


def test_meeting_pack_is_written_and_audited(db, tmp_path):
    path, sample = db
    out = tmp_path / "pack.pdf"
    result = export(path, "--meeting", sample.meeting, "--out", out)
    assert result.returncode == 0, result.stderr
    assert b"Wrote" in result.stdout
    text = text_of(out.read_bytes())
    assert sample_data.CHILD in text and sample_data.SECOND_CHILD in text and "OFFICIAL-SENSITIVE" in text
    dump = run_admin("dump", path, "--user", ADMIN, "--table", "audit_log", stdin=ADMIN_PASSWORD + "\n")
    assert b'"entity": "document:meeting-pack"' in dump.stdout and b'"action": "export"' in dump.stdout


def test_encrypted_anonymised_chronology_with_numbered_copies(db, tmp_path):
    path, sample = db
    out = tmp_path / "chronology.pdf"
    result = export(path, "--review", sample.review, "--document", "chronology", "--profile", "anonymised", "--encrypt",
                    "--recipient", "Police", "--recipient", "Health", "--out", out,
                    stdin=f"{ADMIN_PASSWORD}\n{PDF_PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    assert not out.exists()
    copies = [tmp_path / "chronology-copy-1-of-2.pdf", tmp_path / "chronology-copy-2-of-2.pdf"]
    for number, (copy, recipient) in enumerate(zip(copies, ("Police", "Health")), start=1):
        data = copy.read_bytes()
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.trailer["/Encrypt"].get_object()["/R"] == 6
        with pytest.raises(pypdf.errors.FileNotDecryptedError):
            reader.pages[0].extract_text()
        text = text_of(data, PDF_PASSWORD)
        assert f"Copy {number} of 2 — {recipient}" in text and "Child A" in text
        for name in sample_data.FAMILY_NAMES:
            assert name not in text
    register = run_admin("copy-register", path, "--user", ADMIN, stdin=ADMIN_PASSWORD + "\n")
    assert register.returncode == 0
    lines = register.stdout.decode().splitlines()
    assert lines[0].startswith("Issued\tBy\tDocument")
    assert lines[1].endswith("2 of 2\tHealth") and lines[2].endswith("1 of 2\tPolice")


def test_board_reports_and_default_documents(db, tmp_path):
    path, sample = db
    for args, expected in (
        (["--board", "--document", "exception-report"], "Exception report"),
        (["--board", "--document", "highlight-report"], "Highlight report"),
        (["--referral", sample.referral], sample_data.CHILD),
        (["--review", "1"], "Terms of reference"),
    ):
        out = tmp_path / f"{expected.split()[0]}.pdf"
        result = export(path, *args, "--out", out)
        assert result.returncode == 0, result.stderr
        assert expected in text_of(out.read_bytes())


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--meeting", "MTG-1999-0001"], None, b"There is no meeting"),
        (["--referral", "<script>alert(1)</script>"], None, b"There is no referral"),
        (["--review", "9" * 5000], None, b"There is no review"),
        (["--review", "1", "--document", "meeting-pack"], None, b"cannot be made for a review"),
        (["--review", "1", "--document", "poster"], None, b"There is no document kind"),
        (["--review", "1", "--profile", "secret"], None, b"no redaction profile"),
        (["--referral", "  "], None, b"--referral needs a reference"),
        (["--meeting", "1", "--encrypt"], ADMIN_PASSWORD + "\n", b"Expected password for the pdf on line 2"),
        (["--meeting", "1", "--encrypt"], ADMIN_PASSWORD + "\nshort\n", b"at least 8 characters"),
        (["--meeting", "1", "--recipient", ""], None, b"Each copy needs a recipient"),
        (["--meeting", "1"], "wrong password\n", b"assword"),
    ],
)
def test_bad_input_is_refused_clearly_and_writes_nothing(db, tmp_path, args, stdin, message):
    path, _sample = db
    out = tmp_path / "out.pdf"
    result = export(path, *args, "--out", out, stdin=stdin or ADMIN_PASSWORD + "\n")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert b"Traceback" not in result.stderr
    assert list(tmp_path.glob("*.pdf")) == []


def test_output_file_checks(db, tmp_path):
    path, sample = db
    existing = tmp_path / "existing.pdf"
    existing.write_bytes(b"keep me")
    result = export(path, "--meeting", sample.meeting, "--out", existing)
    assert result.returncode == 2 and b"--force" in result.stderr and existing.read_bytes() == b"keep me"
    assert export(path, "--meeting", sample.meeting, "--out", existing, "--force").returncode == 0
    assert existing.read_bytes().startswith(b"%PDF")
    result = export(path, "--meeting", sample.meeting, "--out", tmp_path / "pack.txt")
    assert result.returncode == 2 and b"must end in .pdf" in result.stderr
    result = export(path, "--meeting", sample.meeting, "--out", tmp_path / "missing" / "pack.pdf")
    assert result.returncode == 2 and b"does not exist" in result.stderr
    result = run_admin("export-pack", path, "--user", ADMIN, "--out", tmp_path / "x.pdf", stdin=ADMIN_PASSWORD + "\n")
    assert result.returncode == 2 and b"one of the arguments" in result.stderr
