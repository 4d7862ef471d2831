"""The referral service on a real encrypted database: lifecycle, role checks, audit,
references, and that bad input changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.referral import HouseholdMember, Referral
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import open_database
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.services.referral_data import AgencyInvolvedInput, HouseholdInput, ReferralInput
from lipanel_desktop.services.referrals import ReferralService, StaleReferral
from lipanel_desktop.storage.store import Store
from tests.unit.test_referrals_rules import complete_form as _complete

OTHER_PASSWORD = "Another-Fictional-Pass-7"


def complete_form(service: ReferralService, **changes: object) -> ReferralInput:
    agencies = service.agencies()
    form = _complete(**changes)
    if "agency_id" not in changes:
        form.agency_id = agencies[2].id
        form.agency_name = agencies[2].name
    form.referral_date = date.today().strftime("%d/%m/%Y")
    form.incident_date = "" if "incident_date" not in changes else form.incident_date
    form.incident_time = "" if "incident_time" not in changes else form.incident_time
    return form


def count(store: Store, model: type) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def audit_rows(store: Store, action: str) -> list[AuditEntry]:
    with store.read_session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def as_user(store: Store, db_path: Path, name: str, role: str) -> Store:
    AccountService(store).add(name, role, OTHER_PASSWORD)
    return open_database(db_path, name, OTHER_PASSWORD)


def test_create_gives_a_draft_with_a_reference_in_the_house_format(store: Store) -> None:
    service = ReferralService(store)
    first = service.create(ReferralInput(child_full_name="Test Child One"))
    second = service.create(ReferralInput())
    year = date.today().year
    assert first.reference == f"LIP-{year}-0001"
    assert second.reference == f"LIP-{year}-0002"
    assert first.status == "draft"
    assert first.created_by == "admin"


def test_reference_prefix_is_the_organisation_setting_and_numbers_are_never_reused(store: Store) -> None:
    OrganisationService(store).update({"referral_prefix": "CRP"})
    service = ReferralService(store)
    first = service.create(ReferralInput())
    service.withdraw(first.id, "Created by mistake (fictional).")
    second = service.create(ReferralInput())
    assert first.reference.startswith("CRP-")
    assert second.reference != first.reference
    assert second.reference.endswith("0002")


def test_save_and_get_round_trip_every_field(store: Store) -> None:
    service = ReferralService(store)
    agencies = service.agencies()
    form = complete_form(
        service,
        child_also_known_as="Alpha",
        incident_date="01/01/2025",
        incident_time="09:15",
        child_address="1 Fictional Road\nExampletown",
        child_current_location="Example Hospital",
        agency_address="Fictional House",
        agency_email="referrer@example.org",
        ethnic_group="other_specify",
        ethnic_other="Fictional heritage",
        whereabouts_at_incident="At home",
        carer_at_incident="A fictional aunt",
        household=[HouseholdInput("Parent Example", "01/02/1990", "Mother", "1 Fictional Road"),
                   HouseholdInput("Sibling Example", "05/06/2015", "Brother", "1 Fictional Road")],
        agencies_involved=[AgencyInvolvedInput(agencies[0].id), AgencyInvolvedInput(agencies[3].id, False)],
    )
    created = service.create(form)
    again = service.get(created.id)
    assert again.form == form
    assert [m.full_name for m in _household(store, created.id)] == ["Parent Example", "Sibling Example"]


def _household(store: Store, referral_id: int) -> list[HouseholdMember]:
    with store.read_session() as s:
        return list(s.scalars(select(HouseholdMember).where(HouseholdMember.referral_id == referral_id)
                              .order_by(HouseholdMember.position)))


def test_household_rows_removed_and_reordered(store: Store) -> None:
    service = ReferralService(store)
    rows = [HouseholdInput(f"Member {n}", "", "Relative", "") for n in "ABC"]
    detail = service.create(ReferralInput(household=rows))
    form = detail.form
    form.household = [form.household[2], form.household[0]]
    service.save(detail.id, form, expected=detail.updated_at)
    assert [m.full_name for m in _household(store, detail.id)] == ["Member C", "Member A"]


def test_every_opening_is_audited_without_values(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(ReferralInput(child_full_name="Secret Fictional Name"))
    before = len(audit_rows(store, "open"))
    service.get(detail.id)
    service.get(detail.id)
    opens = audit_rows(store, "open")
    assert len(opens) == before + 2
    assert opens[-1].entity == "referrals" and opens[-1].entity_id == str(detail.id)
    with store.read_session() as s:
        everything = " ".join(f"{a.entity} {a.entity_id} {a.action} {a.fields}" for a in s.scalars(select(AuditEntry)))
    assert "Secret" not in everything


def test_changes_are_audited_with_field_names(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(ReferralInput())
    form = detail.form
    form.child_full_name = "Changed Fictional"
    service.save(detail.id, form)
    updates = [a for a in audit_rows(store, "update") if a.entity == "referrals"]
    assert "child_full_name" in updates[-1].fields


def test_invalid_input_is_refused_and_changes_nothing(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(ReferralInput(child_full_name="Before"))
    form = detail.form
    form.child_full_name = "After"
    form.child_dob = "31/02/2020"
    with pytest.raises(ValidationError) as raised:
        service.save(detail.id, form)
    assert "child_dob" in raised.value.problems
    assert service.get(detail.id).form.child_full_name == "Before"
    referrals = count(store, Referral)
    with pytest.raises(ValidationError):
        service.create(ReferralInput(agency_telephone="not a number"))
    assert count(store, Referral) == referrals


def test_submission_needs_the_required_fields_and_lists_them(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(ReferralInput(child_full_name="Test Child"))
    with pytest.raises(ValidationError) as raised:
        service.submit(detail.id)
    assert "expected_learning" in raised.value.problems
    assert "Significant learning expected" in raised.value.message
    assert service.get(detail.id).status == "draft"


def test_full_lifecycle_submit_withdraw_reopen(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(complete_form(service))
    submitted = service.submit(detail.id)
    assert submitted.status == "submitted" and submitted.submitted_by == "admin"
    with pytest.raises(InvalidTransition):
        service.submit(detail.id)
    with pytest.raises(ValidationError, match="reason"):
        service.withdraw(detail.id, "   ")
    assert service.get(detail.id).status == "submitted"
    withdrawn = service.withdraw(detail.id, "Referred in error (fictional).")
    assert withdrawn.status == "withdrawn" and withdrawn.withdrawn_reason == "Referred in error (fictional)."
    with pytest.raises(InvalidTransition):
        service.save(detail.id, withdrawn.form)
    with pytest.raises(InvalidTransition):
        service.withdraw(detail.id, "again")
    reopened = service.reopen(detail.id)
    assert reopened.status == "draft" and reopened.withdrawn_reason == "" and reopened.reference == detail.reference
    with pytest.raises(InvalidTransition):
        service.reopen(detail.id)


def test_a_submitted_referral_must_stay_complete(store: Store) -> None:
    service = ReferralService(store)
    detail = service.submit(service.create(complete_form(service)).id)
    form = detail.form
    form.summary = ""
    with pytest.raises(ValidationError, match="complete"):
        service.save(detail.id, form)
    assert service.get(detail.id).form.summary


def test_withdrawal_reason_is_checked(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(ReferralInput())
    with pytest.raises(ValidationError, match="control"):
        service.withdraw(detail.id, "bad\x00reason")
    with pytest.raises(ValidationError, match="too long"):
        service.withdraw(detail.id, "x" * 5000)
    assert service.get(detail.id).status == "draft"


def test_someone_elses_save_in_between_is_not_overwritten(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(ReferralInput(child_full_name="Original"))
    mine = detail.form
    theirs = service.get(detail.id).form
    theirs.child_full_name = "Their change"
    service.save(detail.id, theirs, expected=detail.updated_at)
    mine.child_full_name = "My change"
    with pytest.raises(StaleReferral, match="Someone else saved"):
        service.save(detail.id, mine, expected=detail.updated_at)
    assert service.get(detail.id).form.child_full_name == "Their change"


def test_a_missing_referral_is_a_plain_message(store: Store) -> None:
    with pytest.raises(KnownError, match="no longer exists"):
        ReferralService(store).get(4242)


def test_read_only_role_can_read_but_not_change(store: Store, db_path: Path) -> None:
    detail = ReferralService(store).create(ReferralInput(child_full_name="Visible"))
    with as_user(store, db_path, "viewer", "read-only") as viewer:
        service = ReferralService(viewer)
        assert service.get(detail.id).form.child_full_name == "Visible"
        for attempt in (lambda: service.create(ReferralInput()),
                        lambda: service.save(detail.id, ReferralInput()),
                        lambda: service.submit(detail.id),
                        lambda: service.withdraw(detail.id, "no"),
                        lambda: service.reopen(detail.id)):
            with pytest.raises(NotPermitted, match="Read-only"):
                attempt()
    assert ReferralService(store).get(detail.id).form.child_full_name == "Visible"


def test_panel_member_can_create_and_submit(store: Store, db_path: Path) -> None:
    with as_user(store, db_path, "member", "panel-member") as member:
        service = ReferralService(member)
        detail = service.create(complete_form(service))
        assert service.submit(detail.id).status == "submitted"
        assert detail.created_by == "member"


def test_status_beyond_submitted_cannot_be_edited_here(store: Store) -> None:
    service = ReferralService(store)
    detail = service.create(complete_form(service))
    with store.session() as s:
        s.get(Referral, detail.id).status = "decided"
    with pytest.raises(InvalidTransition, match="decided"):
        service.save(detail.id, detail.form)
    with pytest.raises(InvalidTransition):
        service.withdraw(detail.id, "Too late")
