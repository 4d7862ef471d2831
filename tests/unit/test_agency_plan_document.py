"""The agency view as a document to send: the printed plan is the agency view's plan (one
source of truth), names are replaced under the anonymised profiles, the agency is named by
number or name, and wrong, huge or hostile choices are refused in plain words."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
import pytest

from lipanel_desktop import printing
from lipanel_desktop.errors import KnownError
from lipanel_desktop.services.documents.agency_plan import agency_plan_key
from lipanel_desktop.services.documents.service import DocumentRequest, DocumentService
from lipanel_desktop.services.reports.agency_plan import AgencyPlanService
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.documents import DocumentKind, RedactionProfile, Target
from tests.unit.test_action_fixtures import Plan, insert_action, plan  # noqa: F401

TODAY = date.today()


@pytest.fixture
def planned(store: Store, plan: Plan) -> Plan:  # noqa: F811
    insert_action(store, plan, "ACT-2026-0001", agency=plan.police, due=TODAY - timedelta(days=9), officer="Inspector Fictional")
    insert_action(store, plan, "ACT-2026-0002", agency=plan.police, due=TODAY - timedelta(days=30), status="closed",
                  evidence="Fictional.", signed_off_on=TODAY - timedelta(days=1))
    insert_action(store, plan, "ACT-2026-0003", agency=plan.health, due=TODAY + timedelta(days=9))
    return plan


def gather(store: Store, key: str, profile: RedactionProfile = RedactionProfile.PANEL):
    return DocumentService(store).gather(DocumentRequest(DocumentKind.AGENCY_PLAN, Target.AGENCY, key, profile))


def text_of(data) -> str:
    pdf = printing.render(data)
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize("closed", [False, True])
def test_the_printed_plan_is_the_agency_views_plan(store: Store, planned: Plan, closed: bool) -> None:
    shown = AgencyPlanService(store).build(planned.police, include_closed=closed)
    data = gather(store, agency_plan_key(planned.police, closed))
    assert data.plan == shown
    text = text_of(data)
    assert "Action plan for Police" in text and shown.summary in text
    assert "ACT-2026-0001" in text and "Overdue" in text and "Inspector Fictional" in text
    assert ("ACT-2026-0002" in text) is closed
    assert "ACT-2026-0003" not in text  # Health's


def test_the_agency_can_be_named_and_publication_copies_drop_staff_names(store: Store, planned: Plan) -> None:
    assert gather(store, " police ").plan.agency_id == planned.police
    data = gather(store, "Police", RedactionProfile.PUBLICATION)
    assert "Inspector Fictional" not in text_of(data)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "Say which agency"),
        ("Nowhere Agency", "There is no agency"),
        ("99999", "There is no agency"),
        ("Police;everything", "is not a choice"),
        ("<b>Police</b>", "There is no agency"),
        ("P" * 5000, "too long"),
    ],
)
def test_wrong_huge_and_hostile_agencies_are_refused(store: Store, planned: Plan, key: str, message: str) -> None:
    with pytest.raises(KnownError, match=message):
        gather(store, key)
