"""A small, complete and obviously fictional case for the document tests: a referral
with a family whose names use Welsh, Polish, Romanian, Turkish and Irish letters, a
panel meeting, a decision, a Multi-Agency Learning Review with a chronology (with a
duplicate and a gap), recommendations and actions. Written straight through the ORM so
the document tests do not depend on other screens' services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from lipanel_desktop.models.action import Action, ActionUpdate, ExceptionNote
from lipanel_desktop.models.chronology import ChronologyEntry
from lipanel_desktop.models.decision import DecisionAgency, PanelDecision
from lipanel_desktop.models.meeting import AgendaItem, Attendance, Meeting, MeetingAction
from lipanel_desktop.models.organisation import Agency
from lipanel_desktop.models.referral import HouseholdMember, Referral, ReferralAgency
from lipanel_desktop.models.review import (
    AgencyCheck,
    ChronologyRequest,
    Dissemination,
    Finding,
    GoodPractice,
    Recommendation,
    Review,
    ReviewParticipant,
)
from lipanel_desktop.storage.store import Store

CHILD = "Siân Ŵyn Fictional"
CHILD_AKA = "Sianŷ"
MOTHER = "Małgorzata Łucja Fictional"
FATHER = "Ștefan Ğüneş Madeup"
SIBLING = "Seán Ó Madeupson"
SECOND_CHILD = "Țara Ștefănescu Samplename"
SECOND_MOTHER = "Ayşe Ğülten Samplename"
REFERRER = "Dr Ffion Placeholder"
CHAIR = "Prof Imaginary Chairperson"
ATTENDEE = "Pat Placeholder-Smith"
AUTHOR = "Nurse Testname Author"
CHILD_ADDRESS = "1 Pretend Row, Fictionville, FV1 0XX"
FAMILY_NAMES = (CHILD, CHILD_AKA, MOTHER, FATHER, SIBLING, SECOND_CHILD, SECOND_MOTHER)
STAFF_NAMES = (REFERRER, CHAIR, ATTENDEE, AUTHOR)


@dataclass(frozen=True)
class Sample:
    referral: str
    second_referral: str
    meeting_id: int
    meeting: str
    review_id: int
    review: str


def _agency(s, name: str) -> int:
    return s.scalar(select(Agency.id).where(Agency.name == name))


def build(store: Store, chronology_rows: int = 0) -> Sample:
    """Insert the case; `chronology_rows` adds that many more generated entries."""
    with store.session() as s:
        police, health, education, social = (
            _agency(s, "Police"), _agency(s, "Health"), _agency(s, "Education"), _agency(s, "Children's Social Care")
        )
        referral = Referral(
            reference="LIP-2026-0001", status="decided", created_by="admin",
            child_full_name=CHILD, child_also_known_as=CHILD_AKA, child_dob=date(2019, 3, 14),
            incident_date=date(2026, 1, 9), incident_time=time(14, 30), child_address=CHILD_ADDRESS,
            child_current_location="Imaginary General Hospital, Ward 9",
            referral_date=date(2026, 1, 12), referrer_name=REFERRER, ofsted_notified="no",
            agency_id=health, agency_name="Health", agency_address="2 Example Way, Fictionville",
            agency_telephone="0161 496 0000", agency_email="safeguarding@example.org",
            sex="female", ethnic_group="white_other", immigration_status="not_known",
            incident_type="critical_incident",
            summary=f"{CHILD} was taken to hospital with an injury. {MOTHER} said {CHILD.split()[0]} fell.\n\n"
                    f"{FATHER} was not at home. Agencies had known the family since 2024.",
            case_kind="near_miss", expected_learning=f"How agencies shared what they knew about {CHILD.split()[0]}.",
            scr_criteria="not_sure", on_child_protection_plan="no",
            whereabouts_at_incident="At home", carer_at_incident=f"{MOTHER} (mother)",
        )
        s.add(referral)
        s.flush()
        for position, (name, dob, relationship) in enumerate(
            [(MOTHER, date(1990, 5, 2), "Mother"), (FATHER, date(1988, 11, 30), "Father"), (SIBLING, date(2015, 7, 1), "Brother")]
        ):
            s.add(HouseholdMember(referral_id=referral.id, position=position, full_name=name, dob=dob,
                                  relationship_to_child=relationship, full_address=CHILD_ADDRESS))
        for position, agency in enumerate((health, police, social)):
            s.add(ReferralAgency(referral_id=referral.id, agency_id=agency, position=position))
        second = Referral(
            reference="LIP-2026-0002", status="on_agenda", created_by="admin", child_full_name=SECOND_CHILD,
            child_dob=date(2012, 8, 20), referral_date=date(2026, 1, 20), referrer_name=REFERRER,
            agency_id=education, agency_name="Education", sex="female", incident_type="death",
            summary=f"{SECOND_CHILD} died. {SECOND_MOTHER} had asked the school for help.",
        )
        s.add(second)
        s.flush()
        s.add(HouseholdMember(referral_id=second.id, position=0, full_name=SECOND_MOTHER, dob=date(1985, 1, 1),
                              relationship_to_child="Mother", full_address="3 Imaginary Close"))

        previous = Meeting(reference="MTG-2025-0006", kind="lip", status="held", meeting_date=date(2025, 12, 3),
                           place="Room 1, Example House", chair_name=CHAIR)
        s.add(previous)
        s.flush()
        s.add(MeetingAction(meeting_id=previous.id, description="Send the agency check letters.", owner=ATTENDEE,
                            due_date=date(2025, 12, 17), done=True))
        meeting = Meeting(
            reference="MTG-2026-0001", kind="lip", status="confirmed", meeting_date=date(2026, 2, 4),
            start_time=time(10, 0), end_time=time(12, 0), place="Room 1, Example House", chair_name=CHAIR,
            chair_title="Head of Safeguarding", papers_deadline=date(2026, 1, 28),
        )
        s.add(meeting)
        s.flush()
        for position, (agency, person) in enumerate(((police, ATTENDEE), (health, "Jo Sampleperson"), (education, ""))):
            s.add(Attendance(meeting_id=meeting.id, position=position, agency_id=agency, person_name=person,
                             person_role="Designated lead", status="expected"))
        s.add(AgendaItem(meeting_id=meeting.id, position=0, referral_id=referral.id, title=""))
        s.add(AgendaItem(meeting_id=meeting.id, position=1, referral_id=second.id, title="", scr_criteria_likely=True))

        decision = PanelDecision(
            referral_id=referral.id, meeting_id=meeting.id, decision_date=date(2026, 2, 4), decision="malr",
            reasons=f"Significant learning about {CHILD.split()[0]}'s care.", issues_for_review="Information sharing.",
            terms_of_reference_scope="Contacts with health and police.", period_from=date(2024, 1, 1),
            period_to=date(2026, 1, 9), chair_of_review=CHAIR, first_meeting_date=date(2026, 3, 4),
            second_meeting_date=date(2026, 4, 1), recorded_by="admin",
        )
        s.add(decision)
        s.flush()
        for position, agency in enumerate((health, police)):
            s.add(DecisionAgency(decision_id=decision.id, agency_id=agency, position=position))

        review = Review(
            reference="MALR-2026-0001", kind="malr", stage="findings", referral_id=referral.id, decision_id=decision.id,
            chair_name=CHAIR, terms_of_reference="Contacts with health and police.", issues_for_review="Information sharing.",
            period_from=date(2024, 1, 1), period_to=date(2026, 1, 9), timescales="Report within three months.",
            started_on=date(2026, 2, 5), due_on=date(2026, 5, 5), methodology="Two practitioner meetings.",
            report_kind="summary", report_text=f"{MOTHER} and {CHILD} were known to three agencies.",
        )
        s.add(review)
        s.flush()
        meeting.review_id = None
        s.add(Meeting(reference="MTG-2026-0002", kind="malr_first", meeting_date=date(2026, 3, 4), review_id=review.id,
                      place="Room 2, Example House"))
        for agency, status in ((health, "involved"), (police, "involved"), (education, "not_involved")):
            s.add(AgencyCheck(review_id=review.id, agency_id=agency, status=status, representative_name=ATTENDEE
                              if agency == police else ""))
        for agency in (health, police):
            s.add(ChronologyRequest(review_id=review.id, agency_id=agency, requested_on=date(2026, 2, 6),
                                    due_on=date(2026, 3, 2)))
        s.add(ReviewParticipant(review_id=review.id, agency_id=police, role="representative", person_name=ATTENDEE,
                                job_title="Detective Sergeant"))
        finding = Finding(review_id=review.id, position=0, text=f"Nobody asked {CHILD.split()[0]} what life was like.")
        s.add(finding)
        s.flush()
        rec = Recommendation(review_id=review.id, finding_id=finding.id, position=0, agency_id=health,
                             text="Health visitors record the child's own words.")
        s.add(rec)
        s.flush()
        overdue = Action(reference="ACT-2026-0001", review_id=review.id, recommendation_id=rec.id,
                         description="Update the recording guidance.", agency_id=health,
                         lead_officer_name="Jo Sampleperson", original_due_date=date(2026, 3, 1), due_date=date(2026, 3, 1))
        done = Action(reference="ACT-2026-0002", review_id=review.id, recommendation_id=rec.id,
                      description="Brief all health visitors.", agency_id=health, lead_officer_name="Jo Sampleperson",
                      original_due_date=date(2099, 1, 1), due_date=date(2099, 1, 1), recorded_status="complete",
                      completed_on=date.today())
        s.add_all([overdue, done])
        s.flush()
        s.add(ActionUpdate(action_id=overdue.id, update_date=date(2026, 2, 20), author="admin", text="Draft written."))
        s.add(ExceptionNote(action_id=overdue.id, cause="Staff absence.", consequences="Guidance not yet issued.",
                            options="Extend by a month.", recommendation="Extend."))
        s.add(GoodPractice(source="identified_in_review", review_id=review.id, agency_id=police,
                           received_on=date(2026, 3, 4), description="Quick joint visit."))
        s.add(Dissemination(review_id=review.id, channel="briefing", held_on=date(2026, 4, 10), audience="Health visitors",
                            people_count=25, learning="Record the child's words."))

        entries = [
            (date(2024, 2, 1), health, f"Health visitor saw {CHILD} and {MOTHER}.", "high"),
            (date(2024, 2, 1), police, f"health visitor saw {CHILD} and {MOTHER}", "medium"),  # a duplicate
            (date(2024, 3, 15), police, f"{FATHER} arrested; {SIBLING} present.", "high"),
            (date(2025, 1, 10), social, "Referral closed after a home visit.", "low"),  # after a long gap
        ]
        for day, agency, event, significance in entries:
            s.add(ChronologyEntry(review_id=review.id, agency_id=agency, date_from=day, source="Case notes", event=event,
                                  significance=significance, analysis=f"Seen by {AUTHOR}.", author=AUTHOR))
        if chronology_rows:
            start = date(2010, 1, 1)
            agencies = (health, police, social, education)
            rows = [
                {
                    "review_id": review.id, "agency_id": agencies[i % 4], "date_from": start + timedelta(days=i // 6),
                    "source": "Electronic case record", "source_kind": "record", "certainty": "exact", "date_text": "",
                    "event": f"Contact {i}: home visit; school attendance and health appointments discussed.",
                    "significance": ("high", "medium", "low", "context")[i % 4],
                    "analysis": "Appropriate response; information shared with the school." if i % 3 == 0 else "",
                    "author": "A Practitioner",
                }
                for i in range(chronology_rows)
            ]
            from sqlalchemy import insert

            s.execute(insert(ChronologyEntry), rows)
        return Sample(referral.reference, second.reference, meeting.id, meeting.reference, review.id, review.reference)
