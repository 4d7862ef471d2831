"""The documents the program prints, and the redaction profiles they can be printed with."""

from __future__ import annotations

from lipanel_desktop.vocabulary.choice import Choice


class DocumentKind(Choice):
    FORM_A = "form-a", "Form A referral"
    BLANK_FORM_A = "blank-form-a", "Blank Form A"
    MEETING_PACK = "meeting-pack", "Panel meeting pack"
    TERMS_OF_REFERENCE = "terms-of-reference", "Terms of reference"
    CHRONOLOGY = "chronology", "Combined chronology"
    CIRCULATION_PACK = "circulation-pack", "Circulation pack for agencies"
    ACTION_PLAN = "action-plan", "Action plan"
    EXCEPTION_REPORT = "exception-report", "Exception report"
    HIGHLIGHT_REPORT = "highlight-report", "Highlight report"
    AGENCY_PLAN = "agency-plan", "Action plan for an agency"
    REVIEW_REPORT = "review-report", "Review report"
    SUBJECT_ACCESS = "subject-access", "Subject access pack"


class Target(Choice):
    """What a document is about: the CLI's --referral, --meeting, --review or --board."""

    REFERRAL = "referral", "Referral"
    MEETING = "meeting", "Meeting"
    REVIEW = "review", "Review"
    BOARD = "board", "The whole board"
    AGENCY = "agency", "Agency"


#: Which documents can be made from which kind of record, the first being the default.
DOCUMENTS_FOR: dict[Target, tuple[DocumentKind, ...]] = {
    Target.REFERRAL: (DocumentKind.FORM_A, DocumentKind.SUBJECT_ACCESS, DocumentKind.BLANK_FORM_A),
    Target.MEETING: (DocumentKind.MEETING_PACK,),
    Target.REVIEW: (
        DocumentKind.TERMS_OF_REFERENCE,
        DocumentKind.CHRONOLOGY,
        DocumentKind.CIRCULATION_PACK,
        DocumentKind.ACTION_PLAN,
        DocumentKind.REVIEW_REPORT,
        DocumentKind.EXCEPTION_REPORT,
        DocumentKind.HIGHLIGHT_REPORT,
    ),
    Target.BOARD: (DocumentKind.EXCEPTION_REPORT, DocumentKind.HIGHLIGHT_REPORT, DocumentKind.BLANK_FORM_A),
    Target.AGENCY: (DocumentKind.AGENCY_PLAN,),
}


class RedactionProfile(Choice):
    PANEL = "panel", "Panel (full details)"
    ANONYMISED = "anonymised", "Anonymised (names replaced by roles)"
    PUBLICATION = "publication", "Publication (anonymised; addresses, dates of birth and staff names removed)"


class OutputAction(Choice):
    """What was done with a document, as the audit trail records it."""

    PREVIEW = "preview", "Previewed"
    PRINT = "print", "Printed"
    EXPORT = "export", "Exported"
