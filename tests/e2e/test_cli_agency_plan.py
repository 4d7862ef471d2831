"""`lipanel-admin export-pack --agency`: one agency's action plan written as a PDF to send
to it (audited), and a wrong agency refused with one clear line and no file."""

from __future__ import annotations

from tests.conftest import ADMIN, ADMIN_PASSWORD, run_admin
from tests.e2e.test_cli_packs import db, export, text_of  # noqa: F401


def test_an_agencys_plan_is_written_and_audited(db, tmp_path):  # noqa: F811
    path, _sample = db
    out = tmp_path / "health.pdf"
    result = export(path, "--agency", "Health", "--out", out)
    assert result.returncode == 0, result.stderr
    text = text_of(out.read_bytes())
    assert "Action plan for Health" in text and "ACT-2026-0001" in text and "Update the recording guidance." in text
    dump = run_admin("dump", path, "--user", ADMIN, "--table", "audit_log", stdin=ADMIN_PASSWORD + "\n")
    assert b'"entity": "document:agency-plan"' in dump.stdout


def test_a_wrong_agency_is_refused_and_nothing_written(db, tmp_path):  # noqa: F811
    path, _sample = db
    for args, message in ((["--agency", "Nowhere"], b"There is no agency"), (["--agency", "  "], b"--agency needs"),
                          (["--agency", "Health", "--document", "meeting-pack"], b"cannot be made for an agency")):
        result = export(path, *args, "--out", tmp_path / "x.pdf")
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert len(result.stderr.decode().strip().splitlines()) == 1
    assert list(tmp_path.glob("*.pdf")) == []
