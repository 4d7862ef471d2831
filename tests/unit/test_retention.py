"""Retention, legal holds and destruction with a certificate."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text

from lipanel_desktop.errors import KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.action import Action, ActionUpdate
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.chronology import ChronologyEntry
from lipanel_desktop.models.decision import PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import HouseholdMember, Referral
from lipanel_desktop.models.retention import Destruction
from lipanel_desktop.models.review import Finding, Recommendation, Review
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import open_database
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.services.retention import CONFIRM_WORD, RetentionService, add_years
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store

TODAY = date(2040, 6, 15)
CHILD = "Quillon Testchild-Fictional"
MOTHER = "Marigold Parent-Fictional"


def _agency(s) -> int:  # type: ignore[no-untyped-def]
    return s.scalar(select(Agency.id).order_by(Agency.id).limit(1))


def referral(store: Store, reference: str, status: str, *, ended: datetime | None = None, child: str = "Child Test") -> int:
    with store.session() as s:
        row = Referral(reference=reference, status=status, child_full_name=child)
        if status == "withdrawn":
            row.withdrawn_at = ended
        elif status == "closed":
            row.closed_at = ended
        row.household.append(HouseholdMember(full_name=MOTHER if child == CHILD else "Parent Test", relationship_to_child="Mother"))
        s.add(row)
        s.flush()
        return row.id


def case_with_review(store: Store, reference: str, closed_on: date | None, *, child: str = CHILD) -> tuple[int, int]:
    """A referral decided into a review with chronology, findings, an action and a meeting."""
    referral_id = referral(store, reference, "in_review", child=child)
    with store.session() as s:
        agency = _agency(s)
        decision = PanelDecision(referral_id=referral_id, decision_date=date(2012, 1, 5), decision="malr",
                                 reasons=f"About {child}")
        s.add(decision)
        s.flush()
        review = Review(
            reference="MALR-" + reference[-9:], kind="malr", stage="closed" if closed_on else "meetings",
            referral_id=referral_id, decision_id=decision.id, closed_on=closed_on, terms_of_reference=f"{child} review",
        )
        s.add(review)
        s.flush()
        for n in range(3):
            s.add(ChronologyEntry(review_id=review.id, agency_id=agency, date_from=date(2011, 1, n + 1), event=f"{child} seen {n}"))
        finding = Finding(review_id=review.id, text="Finding text")
        s.add(finding)
        s.flush()
        s.add(Recommendation(review_id=review.id, finding_id=finding.id, text="Recommendation text"))
        action = Action(reference="ACT-" + reference[-9:], review_id=review.id, agency_id=agency, description="Do it",
                        original_due_date=date(2013, 1, 1), due_date=date(2013, 1, 1))
        s.add(action)
        s.flush()
        s.add(ActionUpdate(action_id=action.id, update_date=date(2012, 6, 1), text="Progress"))
        meeting = Meeting(reference="MTG-" + reference[-9:], kind="malr_meeting", meeting_date=date(2012, 3, 1),
                          review_id=review.id, minutes=f"Discussed {child}")
        s.add(meeting)
        s.flush()
        s.add(AgendaItem(meeting_id=meeting.id, title=f"{child}", referral_id=referral_id))
        return referral_id, review.id


@pytest.fixture
def cases(store: Store) -> Store:
    referral(store, "LIP-2020-0001", "withdrawn", ended=datetime(2030, 3, 1, 10))  # due 01/03/2037
    referral(store, "LIP-2020-0002", "withdrawn", ended=datetime(2035, 3, 1, 10))  # due 01/03/2042
    referral(store, "LIP-2020-0003", "submitted")  # still running
    case_with_review(store, "LIP-2012-0004", date(2014, 2, 1))  # due 01/02/2039
    case_with_review(store, "LIP-2012-0005", None, child="Running Case")  # review running
    return store


def test_cases_past_their_period_are_listed_with_their_rule(cases: Store) -> None:
    due = RetentionService(cases).cases(TODAY)
    assert [c.reference for c in due] == ["LIP-2020-0001", "LIP-2012-0004"]
    withdrawn, reviewed = due
    assert withdrawn.rule == "Referral with no review: kept 7 years after it ended (withdrawn 01/03/2030); due 01/03/2037"
    assert reviewed.rule == "Case with a review: kept 25 years after it ended (last review closed 01/02/2014); due 01/02/2039"
    assert reviewed.review_references == ("MALR-2012-0004",)
    everything = RetentionService(cases).cases(TODAY, due_only=False)
    assert [c.reference for c in everything] == ["LIP-2020-0001", "LIP-2012-0004", "LIP-2020-0002"]


def test_retention_periods_are_organisation_settings(cases: Store) -> None:
    OrganisationService(cases).update({"retention_years_referral": 20})
    assert [c.reference for c in RetentionService(cases).cases(TODAY)] == ["LIP-2012-0004"]


def test_a_standalone_review_has_its_own_case(store: Store) -> None:
    with store.session() as s:
        s.add(Review(reference="SCR-2001-0001", kind="scr", stage="closed", closed_on=date(2001, 1, 1)))
    [case] = RetentionService(store).cases(TODAY)
    assert case.reference == "SCR-2001-0001" and case.referral_id is None and case.due_on == date(2026, 1, 1)


def test_add_years_handles_29_february() -> None:
    assert add_years(date(2024, 2, 29), 7) == date(2031, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_destroying_a_case_removes_everything_in_it_and_nothing_else(cases: Store, tmp_path: Path) -> None:
    before_other = _count(cases, Referral)
    certificate = RetentionService(cases).destroy(["lip-2012-0004"], "Data Protection Officer", CONFIRM_WORD, TODAY)
    assert certificate.number == f"DC-{TODAY.year}-0001"
    assert certificate.compacted is True
    [item] = certificate.items
    assert item.reference == "LIP-2012-0004"
    assert item.summary.startswith("1 referral, 1 household member, 1 panel decision, 1 review")
    assert "3 chronology entries" in item.summary and "1 action update" in item.summary
    assert "1 review meeting" in item.summary
    with cases.read_session() as s:
        references = set(s.scalars(select(Referral.reference)))
        assert references == {"LIP-2020-0001", "LIP-2020-0002", "LIP-2020-0003", "LIP-2012-0005"}
        assert s.scalar(select(func.count()).select_from(Review)) == 1
        assert s.scalar(select(func.count()).select_from(ChronologyEntry)) == 3  # the running case's
        assert s.scalar(text("SELECT count(*) FROM referral_search WHERE referral_search MATCH 'Quillon'")) == 0
        [record] = s.scalars(select(Destruction)).all()
        assert (record.reference, record.certificate, record.authorised_by) == ("LIP-2012-0004", certificate.number, "Data Protection Officer")
        deletes = s.scalars(select(AuditEntry.entity).where(AuditEntry.action == "bulk delete")).all()
        assert {"referrals", "reviews", "chronology_entries", "household_members"} <= set(deletes)
    assert _count(cases, Referral) == before_other - 1
    assert not _plaintext_contains(cases, tmp_path, [CHILD, MOTHER, "Quillon"])
    assert _plaintext_contains(cases, tmp_path, ["Running Case"])  # the check can see a name that is there


def _count(store: Store, model: type) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _plaintext_contains(store: Store, tmp_path: Path, words: list[str]) -> bool:
    """Decrypt the whole file page by page (sqlcipher_export) and look for the words in it,
    free pages included, in UTF-8 and UTF-16."""
    out = tmp_path / "plain-copy.db"
    out.unlink(missing_ok=True)
    con = store.raw_connection()
    try:
        con.execute(f"ATTACH DATABASE '{out}' AS plain KEY ''")
        con.execute("SELECT sqlcipher_export('plain')")
        con.execute("DETACH DATABASE plain")
    finally:
        con.close()
    sqlite3.connect(out).close()
    data = out.read_bytes()
    out.unlink()
    return any(w.encode("utf-8") in data or w.encode("utf-16-le") in data for w in words)


def test_destruction_needs_the_word_and_an_authority_and_changes_nothing_otherwise(cases: Store) -> None:
    service = RetentionService(cases)
    before = _count(cases, Referral), _count(cases, AuditEntry)
    for refs, authority, word, field in (
        (["LIP-2020-0001"], "DPO", "destroy", "confirmation"),
        (["LIP-2020-0001"], "", CONFIRM_WORD, "authorised_by"),
        (["LIP-2020-0001"], "x" * 5000, CONFIRM_WORD, "authorised_by"),
        (["LIP-2020-0001"], "DPO\x1b[2J", CONFIRM_WORD, "authorised_by"),
        ([], "DPO", CONFIRM_WORD, "references"),
        (["  "], "DPO", CONFIRM_WORD, "references"),
    ):
        with pytest.raises(ValidationError) as caught:
            service.destroy(refs, authority, word, TODAY)
        assert field in caught.value.problems
    assert (_count(cases, Referral), _count(cases, AuditEntry)) == before


@pytest.mark.parametrize(
    ("reference", "why"),
    [
        ("LIP-2020-0002", "not due until 01/03/2042"),
        ("LIP-2020-0003", "not a finished case"),
        ("LIP-2012-0005", "not a finished case"),
        ("NOPE-1", "not a finished case"),
        ("'; DROP TABLE referrals; --", "not a finished case"),
    ],
)
def test_only_due_cases_can_be_destroyed_and_one_bad_one_stops_all(cases: Store, reference: str, why: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RetentionService(cases).destroy(["LIP-2020-0001", reference], "DPO", CONFIRM_WORD, TODAY)
    assert why in caught.value.message and caught.value.message.startswith("Nothing was destroyed")
    assert _count(cases, Referral) == 5 and _count(cases, Destruction) == 0


def test_a_legal_hold_blocks_destruction_until_lifted(cases: Store) -> None:
    service = RetentionService(cases)
    hold = service.place_hold("malr-2012-0004", "Public inquiry: keep everything")
    assert hold.reference == "MALR-2012-0004" and hold.active and hold.placed_by == "admin"
    [due_first, due_second] = service.cases(TODAY)
    assert due_second.on_hold and not due_first.on_hold
    with pytest.raises(ValidationError, match="LIP-2012-0004 is on legal hold"):
        service.destroy(["LIP-2012-0004"], "DPO", CONFIRM_WORD, TODAY)
    with pytest.raises(KnownError, match="already on legal hold"):
        service.place_hold("MALR-2012-0004", "Again")
    service.lift_hold(hold.id)
    with pytest.raises(KnownError, match="already been lifted"):
        service.lift_hold(hold.id)
    assert [h.lifted_on is not None for h in service.holds()] == [True]
    assert service.holds(active_only=True) == []
    service.destroy(["LIP-2012-0004"], "DPO", CONFIRM_WORD, TODAY)
    # The lifted hold stays on the list; its record is gone, so it is named by number.
    assert service.holds()[0].reference.startswith("(destroyed reviews ")


@pytest.mark.parametrize(
    ("reference", "reason", "field"),
    [
        ("LIP-1999-0001", "Inquiry", "reference"),
        ("LIP-2020-0001", "", "reason"),
        ("LIP-2020-0001", "y" * 501, "reason"),
        ("LIP-2020-0001", "bell\x07", "reason"),
        ("", "Inquiry", "reference"),
    ],
)
def test_bad_holds_are_refused_and_change_nothing(cases: Store, reference: str, reason: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RetentionService(cases).place_hold(reference, reason)
    assert field in caught.value.problems
    assert RetentionService(cases).holds() == []


def test_a_hold_reason_may_have_several_lines(cases: Store) -> None:
    hold = RetentionService(cases).place_hold("LIP-2020-0001", "Inquiry ref 12\nContact: the DPO")
    assert hold.reason == "Inquiry ref 12\nContact: the DPO"


def test_only_administrators_deal_with_retention(cases: Store, db_path: Path) -> None:
    AccountService(cases).add("Unit Admin Test", "unit-admin", "Another-Long-Password-7")
    with open_database(db_path, "Unit Admin Test", "Another-Long-Password-7") as other:
        service = RetentionService(other)
        for call in (
            lambda: service.cases(TODAY),
            lambda: service.place_hold("LIP-2020-0001", "x"),
            lambda: service.destroy(["LIP-2020-0001"], "DPO", CONFIRM_WORD, TODAY),
            service.holds,
            service.certificates,
        ):
            with pytest.raises(NotPermitted, match="destroy records"):
                call()
    assert _count(cases, Referral) == 5


def test_a_read_only_database_destroys_nothing(cases: Store, db_path: Path) -> None:
    from tests.conftest import ADMIN, ADMIN_PASSWORD

    with open_database(db_path, ADMIN, ADMIN_PASSWORD, read_only=True) as reader:
        with pytest.raises(KnownError, match="read-only"):
            RetentionService(reader).destroy(["LIP-2020-0001"], "DPO", CONFIRM_WORD, TODAY)


def test_certificates_can_be_reprinted_and_name_no_one(cases: Store) -> None:
    from lipanel_desktop.printing.destruction_certificate import render

    service = RetentionService(cases)
    first = service.destroy(["LIP-2020-0001", "LIP-2012-0004"], "Data Protection Officer", CONFIRM_WORD, TODAY)
    [again] = service.certificates()
    assert again.number == first.number
    assert [i.reference for i in again.items] == ["LIP-2020-0001", "LIP-2012-0004"]
    assert again.compacted is None
    OrganisationService(cases).update({"backup_folder": "/media/fictional-share", "backups_kept": 12})
    pdf = render(service.certificate_document(first))
    reader = PdfReader(io.BytesIO(pdf))
    words = "\n".join(p.extract_text() for p in reader.pages)
    for expected in (first.number, "LIP-2020-0001", "LIP-2012-0004", "Data Protection Officer",
                     "rebuilt (VACUUM)", "kept 12 at a time", "Certificate of destruction"):
        assert expected in words.replace("\n", " "), expected
    for secret in (CHILD, MOTHER, "Quillon", "Child Test", "Parent Test"):
        assert secret not in words
    assert "OFFICIAL-SENSITIVE" in reader.pages[0].extract_text()


def test_audit_entries_past_their_period_are_counted_not_destroyed(store: Store) -> None:
    service = RetentionService(store)
    total = _count(store, AuditEntry)
    assert service.audit_entries_past_retention(date.today()) == 0
    assert service.audit_entries_past_retention(date.today() + timedelta(days=366 * 26)) == total
    with store.session() as s:
        audit.record(s, "database", "x", "verify")
    assert _count(store, AuditEntry) == total + 1
