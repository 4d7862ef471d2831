"""Form A referrals: create, save, open (audited), submit, withdraw with a reason, reopen.

Lifecycle: draft → submitted → (the panel's screens: on a panel agenda → decided → review
running → closed), or withdrawn from draft, submitted or on an agenda; a withdrawn
referral can be reopened as a draft. A referral can be changed here while it is a draft
or submitted; once the panel has it, its record belongs to the panel's screens.
Every change is audited by the store; every opening is audited here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.base import utc_now
from lipanel_desktop.models.decision import DecisionAgency, PanelDecision
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import HouseholdMember, Referral, ReferralAgency
from lipanel_desktop.services import organisation
from lipanel_desktop.services.field_checks import clean_text
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.references import next_reference
from lipanel_desktop.services.referral_data import (
    AgencyInvolvedInput,
    AgencyOption,
    HouseholdInput,
    PanelConclusion,
    ReferralDetail,
    ReferralInput,
)
from lipanel_desktop.services.referral_fields import format_time, format_uk_date
from lipanel_desktop.services.referral_rules import ReadForm, missing_for_submission, read_form
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.form_a import ReferralStatus
from lipanel_desktop.vocabulary.panel import Decision, ReviewMethod
from lipanel_desktop.vocabulary.roles import Permission

EDITABLE = frozenset({ReferralStatus.DRAFT.value, ReferralStatus.SUBMITTED.value})
WITHDRAWABLE = frozenset({ReferralStatus.DRAFT.value, ReferralStatus.SUBMITTED.value, ReferralStatus.ON_AGENDA.value})
REASON_LIMIT = 2_000

_COLUMNS = (
    "child_full_name", "child_also_known_as", "child_dob", "incident_date", "incident_time", "child_address",
    "child_current_location", "referral_date", "referrer_name", "ofsted_notified", "agency_id", "agency_name",
    "agency_address", "agency_telephone", "agency_email", "sex", "age_years", "ethnic_group", "ethnic_other",
    "immigration_status", "incident_type", "summary", "case_kind", "expected_learning", "scr_criteria",
    "on_child_protection_plan", "whereabouts_at_incident", "carer_at_incident",
)


class StaleReferral(KnownError):
    """Someone else saved the referral after this copy was opened."""


def today() -> date:
    return date.today()


class ReferralService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading ----------------------------------------------------------------------

    def agencies(self) -> list[AgencyOption]:
        with self.store.read_session() as s:
            rows = s.execute(
                select(Agency.id, Agency.name, Agency.address, Agency.telephone, Agency.email)
                .where(Agency.active.is_(True))
                .order_by(Agency.position, Agency.name)
            ).all()
        return [AgencyOption(*row) for row in rows]

    def get(self, referral_id: int) -> ReferralDetail:
        """Open a referral to read or edit it. Every opening is audited."""
        require(self.store.identity, Permission.VIEW_RECORDS)
        if self.store.read_only:
            with self.store.read_session() as s:
                return _detail(_load(s, referral_id), s)
        with self.store.session() as s:
            referral = _load(s, referral_id)
            audit.record(s, "referrals", referral.id, "open")
            return _detail(referral, s)

    def check(self, form: ReferralInput) -> dict[str, str]:
        """Problems with what is typed so far (field -> words); nothing is written."""
        return self._read(form).problems

    def missing(self, form: ReferralInput) -> dict[str, str]:
        """What submission would still need, after any problems with what is typed."""
        read = self._read(form)
        return {**read.problems, **missing_for_submission(read)}

    def _read(self, form: ReferralInput) -> ReadForm:
        with self.store.read_session() as s:
            ids = set(s.scalars(select(Agency.id)))
        return read_form(form, today=today(), agency_ids=ids)

    # -- changing ---------------------------------------------------------------------

    def create(self, form: ReferralInput) -> ReferralDetail:
        """A new draft with its reference number (never reused, even if withdrawn)."""
        require(self.store.identity, Permission.EDIT_REFERRALS)
        with self.store.session() as s:
            read = self._read_in(s, form)
            prefix = organisation.read_all(s)["referral_prefix"]
            referral = Referral(
                reference=next_reference(s, prefix, today().year),
                status=ReferralStatus.DRAFT.value,
                created_by=self.store.identity.name,
            )
            s.add(referral)
            _apply(referral, read)
            s.flush()
            return _detail(referral, s)

    def save(self, referral_id: int, form: ReferralInput, *, expected: datetime | None = None) -> ReferralDetail:
        """Store the form. `expected` is the `updated_at` the editor opened: if someone else
        saved since, nothing is written and the user is told."""
        require(self.store.identity, Permission.EDIT_REFERRALS)
        with self.store.session() as s:
            referral = _load(s, referral_id)
            _check_editable(referral)
            if expected is not None and referral.updated_at != expected:
                raise StaleReferral(
                    f"Someone else saved {referral.reference} after you opened it. Your typing is kept as a "
                    "draft: reopen the referral to see their changes, then make yours again."
                )
            read = self._read_in(s, form)
            if referral.status == ReferralStatus.SUBMITTED.value:
                _require_complete(read, "A submitted referral must stay complete")
            _apply(referral, read)
            s.flush()
            return _detail(referral, s)

    def submit(self, referral_id: int) -> ReferralDetail:
        require(self.store.identity, Permission.EDIT_REFERRALS)
        with self.store.session() as s:
            referral = _load(s, referral_id)
            if referral.status != ReferralStatus.DRAFT.value:
                raise InvalidTransition(
                    f"{referral.reference} is {ReferralStatus.label_of(referral.status).lower()}: only a draft can be submitted."
                )
            read = self._read_in(s, _input_of(referral))
            _require_complete(read, "Before it can be submitted, the referral needs")
            referral.status = ReferralStatus.SUBMITTED.value
            referral.submitted_at = utc_now()
            referral.submitted_by = self.store.identity.name
            s.flush()
            return _detail(referral, s)

    def withdraw(self, referral_id: int, reason: str) -> ReferralDetail:
        require(self.store.identity, Permission.EDIT_REFERRALS)
        problems: dict[str, str] = {}
        reason = clean_text(reason, field="withdrawn_reason", label="The reason for withdrawal", problems=problems,
                            limit=REASON_LIMIT, required=True)
        if problems:
            raise ValidationError(problems, next(iter(problems.values())))
        with self.store.session() as s:
            referral = _load(s, referral_id)
            if referral.status not in WITHDRAWABLE:
                raise InvalidTransition(
                    f"{referral.reference} is {ReferralStatus.label_of(referral.status).lower()}, so it cannot be withdrawn."
                )
            referral.status = ReferralStatus.WITHDRAWN.value
            referral.withdrawn_at = utc_now()
            referral.withdrawn_reason = reason
            s.flush()
            return _detail(referral, s)

    def reopen(self, referral_id: int) -> ReferralDetail:
        """A withdrawn referral becomes a draft again (its reference is kept)."""
        require(self.store.identity, Permission.EDIT_REFERRALS)
        with self.store.session() as s:
            referral = _load(s, referral_id)
            if referral.status != ReferralStatus.WITHDRAWN.value:
                raise InvalidTransition(f"{referral.reference} is not withdrawn, so there is nothing to reopen.")
            referral.status = ReferralStatus.DRAFT.value
            referral.withdrawn_at = None
            referral.withdrawn_reason = ""
            referral.submitted_at = None
            referral.submitted_by = None
            s.flush()
            return _detail(referral, s)

    def _read_in(self, s: Session, form: ReferralInput) -> ReadForm:
        agencies = {name.casefold(): agency_id for agency_id, name in s.execute(select(Agency.id, Agency.name))}
        if form.agency_id is None and form.agency_name.strip().casefold() in agencies:
            # A name typed that is in the list is that agency.
            form = replace(form, agency_id=agencies[form.agency_name.strip().casefold()])
        read = read_form(form, today=today(), agency_ids=set(agencies.values()))
        if read.problems:
            raise ValidationError(read.problems)
        return read


# -- helpers ---------------------------------------------------------------------------


def _load(s: Session, referral_id: int) -> Referral:
    referral = s.get(Referral, referral_id) if isinstance(referral_id, int) else None
    if referral is None:
        raise KnownError("That referral no longer exists. The register has been refreshed.")
    return referral


def _check_editable(referral: Referral) -> None:
    if referral.status not in EDITABLE:
        status = ReferralStatus.label_of(referral.status).lower()
        raise InvalidTransition(f"{referral.reference} is {status}, so Form A can no longer be changed here.")


def _require_complete(read: ReadForm, lead: str) -> None:
    missing = missing_for_submission(read)
    if missing:
        raise ValidationError(missing, f"{lead}: " + " ".join(missing.values()))


def _apply(referral: Referral, read: ReadForm) -> None:
    for name in _COLUMNS:
        value = read.values.get(name)
        if value is None and name not in _NULLABLE:
            value = ""
        if getattr(referral, name) != value:
            setattr(referral, name, value)
    lists_changed = False
    wanted = [
        (row["full_name"], row["dob"], row["relationship"], row["full_address"]) for row in read.household
    ]
    current = [(m.full_name, m.dob, m.relationship_to_child, m.full_address) for m in referral.household]
    if wanted != current:
        referral.household[:] = [
            HouseholdMember(position=i, full_name=n, dob=d, relationship_to_child=r, full_address=a)
            for i, (n, d, r, a) in enumerate(wanted)
        ]
        lists_changed = True
    if [(a.agency_id, a.still_involved) for a in referral.agencies_involved] != read.agencies:
        referral.agencies_involved[:] = [
            ReferralAgency(position=i, agency_id=agency_id, still_involved=still)
            for i, (agency_id, still) in enumerate(read.agencies)
        ]
        lists_changed = True
    if lists_changed and referral.id is not None:
        # The household and agencies are part of the referral: its version moves with them.
        referral.updated_at = utc_now()


_NULLABLE = frozenset(
    {"child_dob", "incident_date", "incident_time", "referral_date", "ofsted_notified", "agency_id", "sex",
     "age_years", "ethnic_group", "immigration_status", "incident_type", "case_kind", "scr_criteria",
     "on_child_protection_plan"}
)


def _input_of(r: Referral) -> ReferralInput:
    text: dict[str, Any] = {name: getattr(r, name) or "" for name in _COLUMNS if name not in _NULLABLE}
    return ReferralInput(
        **text,
        child_dob=format_uk_date(r.child_dob),
        incident_date=format_uk_date(r.incident_date),
        incident_time=format_time(r.incident_time),
        referral_date=format_uk_date(r.referral_date),
        ofsted_notified=r.ofsted_notified or "",
        agency_id=r.agency_id,
        sex=r.sex or "",
        age_years="" if r.age_years is None else str(r.age_years),
        ethnic_group=r.ethnic_group or "",
        immigration_status=r.immigration_status or "",
        incident_type=r.incident_type or "",
        case_kind=r.case_kind or "",
        scr_criteria=r.scr_criteria or "",
        on_child_protection_plan=r.on_child_protection_plan or "",
        household=[
            HouseholdInput(m.full_name, format_uk_date(m.dob), m.relationship_to_child, m.full_address)
            for m in r.household
        ],
        agencies_involved=[AgencyInvolvedInput(a.agency_id, a.still_involved) for a in r.agencies_involved],
    )


def _detail(r: Referral, s: Session) -> ReferralDetail:
    decision = s.scalars(
        select(PanelDecision)
        .where(PanelDecision.referral_id == r.id, PanelDecision.superseded.is_(False))
        .order_by(PanelDecision.decision_date.desc(), PanelDecision.id.desc())
        .limit(1)
    ).first()
    conclusion = None
    if decision is not None:
        words = Decision.label_of(decision.decision, decision.decision)
        if decision.review_method:
            words += f" ({ReviewMethod.label_of(decision.review_method, decision.review_method)})"
        chosen = s.scalars(
            select(Agency.name)
            .join(DecisionAgency, DecisionAgency.agency_id == Agency.id)
            .where(DecisionAgency.decision_id == decision.id)
            .order_by(DecisionAgency.position)
        ).all()
        conclusion = PanelConclusion(
            decision.decision_date, words, decision.reasons,
            issues=decision.issues_for_review,
            scope=decision.terms_of_reference_scope,
            period_from=decision.period_from,
            period_to=decision.period_to,
            chronology_agencies=tuple(name for name in chosen if name),
            chair_of_review=decision.chair_of_review,
            first_meeting=decision.first_meeting_date,
            second_meeting=decision.second_meeting_date,
        )
    return ReferralDetail(
        id=r.id,
        reference=r.reference,
        status=r.status,
        form=_input_of(r),
        created_by=r.created_by,
        created_at=r.created_at,
        updated_at=r.updated_at,
        submitted_at=r.submitted_at,
        submitted_by=r.submitted_by,
        withdrawn_at=r.withdrawn_at,
        withdrawn_reason=r.withdrawn_reason,
        conclusion=conclusion,
    )
