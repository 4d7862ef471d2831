"""The audit viewer's queries: filters, a child's record, the chain in words, the report."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from lipanel_desktop.errors import NotPermitted, ValidationError
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.referral import HouseholdMember, Referral
from lipanel_desktop.models.review import Review
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.audit_log import AuditFilter, AuditLogService, action_label, entity_label
from lipanel_desktop.services.database import open_database
from lipanel_desktop.services.referrals import ReferralService
from lipanel_desktop.storage.store import Store

CHILD = "Zephyrine Testchild-Fictional"
OTHER = "Reviewer Test"
OTHER_PASSWORD = "Another-Long-Password-7"


def add_referral(store: Store, reference: str, child: str = CHILD) -> int:
    with store.session() as s:
        referral = Referral(reference=reference, child_full_name=child, status="submitted")
        referral.household.append(HouseholdMember(full_name="Parent Fictional", relationship_to_child="Mother"))
        s.add(referral)
        s.flush()
        return referral.id


def audit_count(store: Store) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


@pytest.fixture
def other_user(store: Store, db_path: Path) -> Store:
    AccountService(store).add(OTHER, "unit-admin", OTHER_PASSWORD)
    other = open_database(db_path, OTHER, OTHER_PASSWORD)
    yield other
    other.close()


def test_everything_newest_first(store: Store) -> None:
    add_referral(store, "LIP-2026-0001")
    result = AuditLogService(store).search(AuditFilter())
    assert result.total == len(result.rows) == audit_count(store)
    ids = [r.id for r in result.rows]
    assert ids == sorted(ids, reverse=True)
    labels = {(r.entity_label, r.action_label) for r in result.rows}
    assert ("Database", "Set up") in labels and ("Referral", "Created") in labels
    assert not result.truncated


def test_filter_by_user(store: Store, other_user: Store) -> None:
    referral_id = add_referral(store, "LIP-2026-0001")
    ReferralService(other_user).get(referral_id)
    rows = AuditLogService(store).search(AuditFilter(user=OTHER)).rows
    assert rows and {r.actor for r in rows} == {OTHER}
    assert ("referrals", str(referral_id), "open") in {(r.entity, r.entity_id, r.action) for r in rows}
    assert OTHER in AuditLogService(store).users()


def test_filter_by_action_and_kind(store: Store) -> None:
    referral_id = add_referral(store, "LIP-2026-0001")
    ReferralService(store).get(referral_id)
    service = AuditLogService(store)
    opened = service.search(AuditFilter(action="open")).rows
    assert [(r.entity, r.entity_id) for r in opened] == [("referrals", str(referral_id))]
    assert opened[0].action_label == "Opened" and opened[0].entity_label == "Referral"
    household = service.search(AuditFilter(entity="household_members")).rows
    assert household and all(r.entity == "household_members" for r in household)
    assert "open" in service.actions() and "household_members" in service.entities()


def test_filter_by_a_typed_reference_in_any_case(store: Store) -> None:
    first = add_referral(store, "LIP-2026-0001")
    add_referral(store, "LIP-2026-0002", child="Other Testchild")
    rows = AuditLogService(store).search(AuditFilter(record="lip-2026-0001")).rows
    assert rows and {(r.entity, r.entity_id) for r in rows} == {("referrals", str(first))}


def test_filter_by_dates_includes_both_ends(store: Store) -> None:
    add_referral(store, "LIP-2026-0001")
    service = AuditLogService(store)
    today = date.today()
    assert service.search(AuditFilter(date_from=today, date_to=today)).total == audit_count(store)
    assert service.search(AuditFilter(date_from=today + timedelta(days=1))).total == 0
    assert service.search(AuditFilter(date_to=today - timedelta(days=1))).total == 0


@pytest.mark.parametrize(
    ("wanted", "field"),
    [
        (AuditFilter(date_from=date(2026, 5, 2), date_to=date(2026, 5, 1)), "date_to"),
        (AuditFilter(record="LIP-1999-9999"), "record"),
        (AuditFilter(user="x" * 10_000), "user"),
        (AuditFilter(user="admin\x00; DROP TABLE audit_log"), "user"),
        (AuditFilter(action="open\n"), "action"),
        (AuditFilter(record="\u202eLIP"), "record"),
    ],
)
def test_bad_filters_get_a_clear_message_and_change_nothing(store: Store, wanted: AuditFilter, field: str) -> None:
    before = audit_count(store)
    with pytest.raises(ValidationError) as caught:
        AuditLogService(store).search(wanted)
    assert field in caught.value.problems
    assert caught.value.message.startswith("Please correct:")
    assert audit_count(store) == before


def test_sql_in_a_filter_is_only_text(store: Store) -> None:
    assert AuditLogService(store).search(AuditFilter(user="' OR 1=1 --")).total == 0


def test_a_long_log_is_cut_to_the_newest(store: Store) -> None:
    for n in range(1, 6):
        add_referral(store, f"LIP-2026-{n:04d}")
    result = AuditLogService(store).search(AuditFilter(), limit=3)
    assert len(result.rows) == 3 and result.truncated and result.total == audit_count(store)


def test_who_looked_at_this_childs_record(store: Store, other_user: Store) -> None:
    referral_id = add_referral(store, "LIP-2026-0001")
    unrelated = add_referral(store, "LIP-2026-0002", child="Other Testchild")
    with store.session() as s:
        s.add(Review(reference="MALR-2026-0001", kind="malr", stage="setting_up", referral_id=referral_id))
    ReferralService(store).get(referral_id)
    ReferralService(store).get(referral_id)
    ReferralService(other_user).get(referral_id)
    ReferralService(other_user).get(unrelated)
    from lipanel_desktop.storage import audit

    with other_user.session() as s:
        audit.record(s, "document:form-a", "LIP-2026-0001", "print", ["profile:panel"])
        audit.record(s, "document:form-a", "LIP-2026-0002", "print", ["profile:panel"])
    access = AuditLogService(store).child_record_access("LIP-2026-0001")
    by_user = {v.user: v for v in access.viewers}
    assert by_user["admin"].looked == 2 and by_user["admin"].changed >= 3  # referral, household, review
    assert by_user[OTHER].looked == 2  # one opening, one print
    assert by_user[OTHER].changed == 0
    assert all(r.entity_id != str(unrelated) or r.entity != "referrals" for r in access.rows)
    assert not any(r.entity_id == "LIP-2026-0002" for r in access.rows)
    assert {"referrals", "household_members", "reviews", "document:form-a"} <= {r.entity for r in access.rows}


def test_who_changed_this_childs_chronology(store: Store, other_user: Store) -> None:
    from lipanel_desktop.models.chronology import ChronologyEntry, ChronologyImport
    from lipanel_desktop.models.organisation import Agency

    mine, theirs = add_referral(store, "LIP-2026-0001"), add_referral(store, "LIP-2026-0002", child="Other Testchild")
    with store.session() as s:
        agency = s.scalars(select(Agency.id)).first()
        reviews = [Review(reference=f"MALR-2026-000{n}", kind="malr", stage="chronologies", referral_id=r)
                   for n, r in ((1, mine), (2, theirs))]
        s.add_all(reviews)
        s.flush()
        review_ids = [r.id for r in reviews]
        imports = [ChronologyImport(review_id=i, agency_id=agency) for i in review_ids]
        s.add_all(imports)
        s.flush()
        entries = [ChronologyEntry(review_id=i, agency_id=agency, date_from=date(2025, 1, 1), event="Fictional visit.")
                   for i in review_ids]
        s.add_all(entries)
        s.flush()
        entry_ids, import_ids = [e.id for e in entries], [i.id for i in imports]
    with other_user.session() as s:  # the other user corrects an entry in each child's chronology
        for entry_id in entry_ids:
            s.get(ChronologyEntry, entry_id).event = "Fictional visit (corrected)."
    access = AuditLogService(store).child_record_access("LIP-2026-0001")
    seen = {(r.entity, r.entity_id) for r in access.rows}
    assert ("chronology_entries", str(entry_ids[0])) in seen and ("chronology_imports", str(import_ids[0])) in seen
    assert ("chronology_entries", str(entry_ids[1])) not in seen and ("chronology_imports", str(import_ids[1])) not in seen
    assert {v.user: v for v in access.viewers}[OTHER].changed == 1


def test_who_looked_needs_a_referral_reference(store: Store) -> None:
    with store.session() as s:
        s.add(Review(reference="MALR-2026-0001", kind="malr", stage="setting_up"))
    with pytest.raises(ValidationError, match="not a referral"):
        AuditLogService(store).child_record_access("MALR-2026-0001")


def test_the_chain_in_words(store: Store) -> None:
    add_referral(store, "LIP-2026-0001")
    result = AuditLogService(store).verify_chain()
    assert result.ok and result.words.startswith("The audit trail is intact")
    con = store.raw_connection()
    try:
        con.execute("DROP TRIGGER audit_log_no_update")
        con.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 2")
    finally:
        con.close()
    broken = AuditLogService(store).verify_chain()
    assert not broken.ok
    assert "tampered with or damaged" in broken.words
    assert "Audit entry 2 has been altered" in broken.words
    assert "The 1 entries before that point check out" in broken.words


def test_only_roles_that_may_see_the_audit_can(store: Store, db_path: Path) -> None:
    AccountService(store).add("Panel Member Test", "panel-member", OTHER_PASSWORD)
    with open_database(db_path, "Panel Member Test", OTHER_PASSWORD) as member:
        service = AuditLogService(member)
        for call in (
            lambda: service.search(AuditFilter()),
            service.verify_chain,
            service.users,
            lambda: service.child_record_access("LIP-2026-0001"),
            lambda: service.report(),
        ):
            with pytest.raises(NotPermitted, match="see the audit trail"):
                call()


def test_labels_for_unknown_codes_are_still_words() -> None:
    assert entity_label("document:subject-access") == "Document: subject-access"
    assert entity_label("new_table") == "New table"
    assert action_label("password changed") == "Password changed"


def test_the_report_pdf_lists_entries_and_the_chain_but_no_content(store: Store, other_user: Store) -> None:
    from lipanel_desktop.printing.audit_report import render

    referral_id = add_referral(store, "LIP-2026-0001")
    ReferralService(other_user).get(referral_id)
    service = AuditLogService(store)
    data = service.report(child_reference="LIP-2026-0001")
    pdf = render(data)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Audit chain: INTACT" in text
    assert "Who looked at or changed this child's record" in text
    assert OTHER in text and "Opened" in text
    assert "LIP-2026-0001" in text
    assert CHILD not in text and "Parent Fictional" not in text
    assert CHILD not in str(reader.metadata)
    for page in reader.pages:
        assert "OFFICIAL-SENSITIVE" in page.extract_text()
    before = audit_count(store)
    service.record_export(data)
    last = service.search(AuditFilter(action="export")).rows[0]
    assert audit_count(store) == before + 1
    assert last.entity == "audit_log" and last.fields == ("criteria:child's record",)


def test_a_filtered_report_names_its_filters(store: Store) -> None:
    from lipanel_desktop.printing.audit_report import render

    add_referral(store, "LIP-2026-0001")
    today = date.today()
    data = AuditLogService(store).report(AuditFilter(user="admin", action="insert", date_from=today))
    assert dict(data.criteria) == {"User": "admin", "Action": "Created", "Dates": f"{today:%d/%m/%Y} to today"}
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render(data))).pages)
    assert f"{today:%d/%m/%Y} to today" in text and "Entries, newest first" in text
