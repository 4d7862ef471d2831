"""Document data: every document gathers from a real encrypted database; the redaction
profiles replace names consistently everywhere; role, target and input checks refuse
clearly and change nothing; exports are audited and numbered copies registered."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from lipanel_desktop.errors import KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.models.document import IssuedCopy
from lipanel_desktop.services.database import create_database
from lipanel_desktop.services.documents.common import Person
from lipanel_desktop.services.documents.redaction import NAME_REMOVED, REMOVED, Redactor
from lipanel_desktop.services.documents.service import (
    DocumentRequest,
    DocumentService,
    ProducedCopy,
    check_password,
    check_recipients,
)
from lipanel_desktop.storage.store import Identity, Store
from lipanel_desktop.vocabulary.documents import DOCUMENTS_FOR, DocumentKind, OutputAction, RedactionProfile, Target
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.unit import documents_sample as sample_data


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, sample_data.Sample]]:
    store = create_database(tmp_path_factory.mktemp("docs") / "docs.lipanel-db", ADMIN, ADMIN_PASSWORD)
    sample = sample_data.build(store)
    yield store, sample
    store.close()


def _key(sample: sample_data.Sample, target: Target) -> str:
    return {Target.REFERRAL: sample.referral, Target.MEETING: sample.meeting, Target.REVIEW: sample.review,
            Target.BOARD: "", Target.AGENCY: "Health"}[target]


def all_requests(sample: sample_data.Sample, profile: RedactionProfile) -> list[DocumentRequest]:
    seen = set()
    out = []
    for target, kinds in DOCUMENTS_FOR.items():
        for kind in kinds:
            if kind in seen:
                continue
            seen.add(kind)
            out.append(DocumentRequest(kind, target, _key(sample, target), profile))
    return out


def strings(value: object) -> Iterator[str]:
    """Every string anywhere inside a document's data."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from strings(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def name_parts(names: tuple[str, ...]) -> set[str]:
    parts = set()
    for name in names:
        parts.add(name)
        parts.update(p for p in name.replace("-", " ").split() if len(p) > 2 and p not in {"Dr", "Prof"})
    return parts


def test_every_document_gathers_with_its_facts(case) -> None:
    store, sample = case
    service = DocumentService(store)
    for request in all_requests(sample, RedactionProfile.PANEL):
        data = service.gather(request)
        assert data.meta.kind == request.kind.value
        assert data.meta.protective_marking == "OFFICIAL-SENSITIVE"
        assert "Stockport Safeguarding Children Board" in data.meta.confidentiality
        assert data.meta.generated_by == ADMIN
    form = service.gather(DocumentRequest(DocumentKind.FORM_A, Target.REFERRAL, sample.referral))
    assert (form.child_name, form.also_known_as, form.dob) == (sample_data.CHILD, sample_data.CHILD_AKA, "14/03/2019")
    assert form.incident_when == "09/01/2026 14:30" and form.ofsted_notified == "no"
    assert [m.name for m in form.household] == [sample_data.MOTHER, sample_data.FATHER, sample_data.SIBLING]
    assert form.conclusion is not None and form.conclusion.chronology_agencies == ("Health", "Police")
    assert form.conclusion.period == "01/01/2024 to 09/01/2026"
    pack = service.gather(DocumentRequest(DocumentKind.MEETING_PACK, Target.MEETING, str(sample.meeting_id)))
    assert [r.child_name for r in pack.referrals] == [sample_data.CHILD, sample_data.SECOND_CHILD]
    assert pack.previous_actions[0].owner == sample_data.ATTENDEE
    chronology = service.gather(DocumentRequest(DocumentKind.CHRONOLOGY, Target.REVIEW, sample.review))
    assert chronology.entry_count == 4 and chronology.gap_count == 2 and chronology.duplicate_groups == 1
    grouped = [r for r in chronology.rows if r.duplicate_group]
    assert len(grouped) == 2 and {r.agency for r in grouped} == {"Health", "Police"}
    assert all(r.agency and r.source for r in chronology.rows if r.kind == "entry")


def test_anonymised_data_holds_no_child_or_family_name_anywhere(case) -> None:
    store, sample = case
    service = DocumentService(store)
    forbidden = name_parts(sample_data.FAMILY_NAMES)
    for request in all_requests(sample, RedactionProfile.ANONYMISED):
        text = "\n".join(strings(service.gather(request)))
        for name in forbidden:
            assert name.lower() not in text.lower(), (request.kind, name)
    form = service.gather(DocumentRequest(DocumentKind.FORM_A, Target.REFERRAL, sample.referral, RedactionProfile.ANONYMISED))
    assert form.child_name == "Child A" and form.also_known_as == "Child A"
    assert [m.name for m in form.household] == ["Mother", "Father", "Brother"]
    assert form.summary.startswith("Child A was taken to hospital") and "Mother said Child A fell" in form.summary
    assert form.meta.subject == "Child A"
    assert form.dob == "14/03/2019" and form.referrer_name == sample_data.REFERRER  # kept unless publication


def test_labels_are_consistent_across_a_pack_with_several_children(case) -> None:
    store, sample = case
    pack = DocumentService(store).gather(
        DocumentRequest(DocumentKind.MEETING_PACK, Target.MEETING, sample.meeting, RedactionProfile.ANONYMISED))
    assert [r.child_name for r in pack.referrals] == ["Child A", "Child B"]
    assert [f.name for f in pack.referrals[0].family] == ["Mother of Child A", "Father of Child A", "Brother of Child A"]
    assert [f.name for f in pack.referrals[1].family] == ["Mother of Child B"]
    assert pack.referrals[1].summary == "Child B died. Mother of Child B had asked the school for help."


def test_publication_also_removes_addresses_dates_of_birth_and_staff_names(case) -> None:
    store, sample = case
    service = DocumentService(store)
    form = service.gather(DocumentRequest(DocumentKind.FORM_A, Target.REFERRAL, sample.referral, RedactionProfile.PUBLICATION))
    assert (form.dob, form.child_address, form.current_location) == (REMOVED, REMOVED, REMOVED)
    assert form.referrer_name == NAME_REMOVED
    assert all(m.dob == REMOVED and m.address == REMOVED for m in form.household)
    assert form.conclusion.chair_of_review == NAME_REMOVED
    for request in all_requests(sample, RedactionProfile.PUBLICATION):
        text = "\n".join(strings(service.gather(request)))
        for name in (*sample_data.STAFF_NAMES, sample_data.CHILD_ADDRESS, "14/03/2019"):
            assert name not in text, (request.kind, name)


def test_redaction_is_safe_with_hostile_names_and_leaves_the_original_alone() -> None:
    people = [Person("A.* (Smith)|x", "child", child_ref="R1"), Person("O'Brien-Ó Ñame", "family", role="step-father",
                                                                        child_ref="R1")]

    @dataclasses.dataclass(frozen=True)
    class Doc:
        text: str
        people: tuple[Person, ...] = ()

    original = Doc("A.* (Smith)|x met o'brien-ó ñame and Ñame; O'Brien left.", tuple(people))
    redacted = Redactor(RedactionProfile.ANONYMISED, people).apply(original)
    assert redacted.text == "Child A met Step-father and Step-father; Step-father left."
    assert redacted.people == ()
    assert original.text.startswith("A.* (Smith)|x")


def test_role_and_read_only_database_are_refused(case, tmp_path) -> None:
    store, sample = case
    request = DocumentRequest(DocumentKind.FORM_A, Target.REFERRAL, sample.referral)
    reader = Store(store.path, bytearray(store.key_for_backup()), Identity("reader", "read-only"))
    try:
        with pytest.raises(NotPermitted, match="print or export documents"):
            DocumentService(reader).gather(request)
    finally:
        reader.close()
    ro = Store(store.path, bytearray(store.key_for_backup()), Identity(ADMIN, "administrator"), read_only=True)
    try:
        with pytest.raises(KnownError, match="read-only"):
            DocumentService(ro).gather(request)
    finally:
        ro.close()


@pytest.mark.parametrize(
    ("kind", "target", "key", "message"),
    [
        ("form-a", "referral", "LIP-1999-0001", "There is no referral"),
        ("form-a", "referral", "'; DROP TABLE referrals; --", "There is no referral"),
        ("meeting-pack", "meeting", "9" * 40, "There is no meeting"),
        ("chronology", "review", "x" * 10_000, "There is no review"),
        ("chronology", "meeting", "1", "cannot be made for a meeting"),
        ("form-a", "referral", "", "Say which referral"),
        ("no-such-document", "referral", "1", "There is no document kind"),
    ],
)
def test_wrong_missing_huge_and_hostile_requests_are_refused_and_change_nothing(case, kind, target, key, message) -> None:
    store, _sample = case
    with store.read_session() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(KnownError, match=message):
        DocumentService(store).gather(DocumentRequest.parse(kind, target, key))
    with store.read_session() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == before


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(KnownError, match="no redaction profile"):
        DocumentRequest.parse("form-a", "referral", "1", "secret")


def test_recipients_and_passwords_are_checked() -> None:
    assert check_recipients([" Police ", "Health   visiting"]) == ("Police", "Health visiting")
    for bad in (["Police", ""], ["x" * 121], ["Bad\x00name"], ["R"] * 100):
        with pytest.raises(ValidationError):
            check_recipients(bad)
    check_password(None)
    check_password("Ŵyn-ł-ș-ğ-123")
    for bad in ("short", "x" * 128, "has\nnewline"):
        with pytest.raises(ValidationError):
            check_password(bad)


def test_exports_are_audited_and_numbered_copies_registered(case) -> None:
    store, sample = case
    service = DocumentService(store)
    request = DocumentRequest(DocumentKind.ACTION_PLAN, Target.REVIEW, sample.review, RedactionProfile.ANONYMISED)
    data = service.gather(request)
    copies = service.produce(data, lambda d, label, password: f"{label}|{password}".encode(), recipients=["Police", "Health"],
                             password="Long-enough-1")
    assert [c.pdf for c in copies] == [b"Copy 1 of 2 \xe2\x80\x94 Police|Long-enough-1",
                                       b"Copy 2 of 2 \xe2\x80\x94 Health|Long-enough-1"]
    with store.read_session() as s:
        before = s.scalar(select(func.max(AuditEntry.id)))
    service.record(request, data, OutputAction.PREVIEW, copies)
    service.record(request, data, OutputAction.EXPORT, copies, encrypted=True)
    with store.read_session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.id > before, AuditEntry.entity.like("document:%"))
                         .order_by(AuditEntry.id)).all()
        registered = s.scalars(select(IssuedCopy).where(IssuedCopy.document_kind == "action-plan")).all()
    assert [(r.entity, r.entity_id, r.action) for r in rows] == [("document:action-plan", sample.review, "preview")] * 2 + [
        ("document:action-plan", sample.review, "export")] * 2
    assert '"copy:2/2"' in rows[-1].fields and '"encrypted:aes-256"' in rows[-1].fields
    assert '"profile:anonymised"' in rows[-1].fields
    assert [(c.copy_number, c.copies_total, c.recipient, c.issued_by) for c in registered] == [
        (1, 2, "Police", ADMIN), (2, 2, "Health", ADMIN)]  # previews are not issued copies
    assert service.register(sample.review)[0].recipient == "Health"
    service.record(request, data, OutputAction.PRINT, [ProducedCopy(0, 0, "", "", b"")])
