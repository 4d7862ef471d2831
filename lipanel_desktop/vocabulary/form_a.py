"""The options of the paper Form A ("Learning and Improvement Case Review Panel Request
Referral Form"), with the form's own words, plus the reason-for-request questions."""

from __future__ import annotations

from dataclasses import dataclass

from lipanel_desktop.vocabulary.choice import Choice


class OfstedNotified(Choice):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known by Agency"


class Sex(Choice):
    MALE = "male", "Male"
    FEMALE = "female", "Female"


class EthnicGroup(Choice):
    WHITE_BRITISH = "white_british", "British"
    WHITE_IRISH = "white_irish", "Irish"
    WHITE_GYPSY_ROMA = "white_gypsy_roma", "Gypsy/Roma"
    WHITE_IRISH_TRAVELLER = "white_irish_traveller", "Traveller of Irish Heritage"
    WHITE_OTHER = "white_other", "Any Other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "mixed_white_black_caribbean", "White & Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "mixed_white_black_african", "White & Black African"
    MIXED_WHITE_ASIAN = "mixed_white_asian", "White & Asian"
    MIXED_OTHER = "mixed_other", "Any other mixed"
    ASIAN_INDIAN = "asian_indian", "Indian"
    ASIAN_PAKISTANI = "asian_pakistani", "Pakistani"
    ASIAN_BANGLADESHI = "asian_bangladeshi", "Bangladeshi"
    ASIAN_OTHER = "asian_other", "Any other Asian"
    BLACK_CARIBBEAN = "black_caribbean", "Caribbean"
    BLACK_AFRICAN = "black_african", "African"
    BLACK_OTHER = "black_other", "Any other black background"
    CHINESE = "chinese", "Chinese"
    OTHER_SPECIFY = "other_specify", "Any other, specify"
    NOT_KNOWN = "not_known", "Not known by Agency"


@dataclass(frozen=True)
class EthnicHeading:
    """A heading of the form's ethnic-group box and the options under it."""

    label: str
    options: tuple[EthnicGroup, ...]


ETHNIC_HEADINGS: tuple[EthnicHeading, ...] = (
    EthnicHeading(
        "White:",
        (
            EthnicGroup.WHITE_BRITISH,
            EthnicGroup.WHITE_IRISH,
            EthnicGroup.WHITE_GYPSY_ROMA,
            EthnicGroup.WHITE_IRISH_TRAVELLER,
            EthnicGroup.WHITE_OTHER,
        ),
    ),
    EthnicHeading(
        "Mixed:",
        (
            EthnicGroup.MIXED_WHITE_BLACK_CARIBBEAN,
            EthnicGroup.MIXED_WHITE_BLACK_AFRICAN,
            EthnicGroup.MIXED_WHITE_ASIAN,
            EthnicGroup.MIXED_OTHER,
        ),
    ),
    EthnicHeading(
        "Asian or Asian British:",
        (
            EthnicGroup.ASIAN_INDIAN,
            EthnicGroup.ASIAN_PAKISTANI,
            EthnicGroup.ASIAN_BANGLADESHI,
            EthnicGroup.ASIAN_OTHER,
        ),
    ),
    EthnicHeading(
        "Black or Black British:",
        (EthnicGroup.BLACK_CARIBBEAN, EthnicGroup.BLACK_AFRICAN, EthnicGroup.BLACK_OTHER),
    ),
    EthnicHeading("Chinese / ethnic group:", (EthnicGroup.CHINESE, EthnicGroup.OTHER_SPECIFY)),
    EthnicHeading("Not known by Agency", (EthnicGroup.NOT_KNOWN,)),
)


def ethnic_heading_of(group: EthnicGroup) -> str:
    for heading in ETHNIC_HEADINGS:
        if group in heading.options:
            return heading.label
    raise ValueError(group)


def ethnic_full_label(group: EthnicGroup) -> str:
    """'White: British' — the heading and option together, for lists and print."""
    heading = ethnic_heading_of(group)
    if group is EthnicGroup.NOT_KNOWN:
        return heading
    return f"{heading} {group.label}"


class ImmigrationStatus(Choice):
    ASYLUM_SEEKER = "asylum_seeker", "Asylum seeker"
    EXCEPTIONAL_LEAVE = "exceptional_leave", "Exceptional leave to remain"
    REFUGEE = "refugee", "Refugee status"
    NOT_KNOWN = "not_known", "Not known by Agency"


class IncidentType(Choice):
    CRITICAL_INCIDENT = "critical_incident", "Critical Incident or inter-agency concerns"
    DEATH = "death", "Death"


class CaseKind(Choice):
    """The kinds of case the policy asks panels to consider (the reason for the request)."""

    NEAR_MISS = "near_miss", "A 'near miss'"
    POOR_PRACTICE = "poor_practice", "An episode of poor practice that did not have a good outcome"
    COMPLEX_POSITIVE = (
        "complex_positive",
        "A difficult or complex case with a positive outcome and good multi-agency work",
    )
    DEATH_OR_SERIOUS_HARM = "death_or_serious_harm", "A death or serious harm to a child"


class YesNoUnknown(Choice):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ScrCriteria(Choice):
    """The referrer's view of whether Serious Case Review criteria may be met."""

    LIKELY = "likely", "Yes, the SCR criteria may be met"
    UNLIKELY = "unlikely", "No, the SCR criteria do not appear to be met"
    NOT_SURE = "not_sure", "Not sure"


class ReferralStatus(Choice):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ON_AGENDA = "on_agenda", "On a panel agenda"
    DECIDED = "decided", "Decided"
    IN_REVIEW = "in_review", "Review running"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


FORM_TITLE = "Learning and Improvement Case Review Panel Request Referral Form"

CONFIDENTIALITY_STATEMENT = (
    "This form is the property of {board} and is confidential. Its contents may only be "
    "shared with appropriate representatives of the Case Review Panel / CDOP."
)

IMPORTANT_INFORMATION = (
    "This referral form is used to notify to Head of Safeguarding that a Multi-Agency "
    "Learning Review is requested. The referral will go to the Learning and Improvement "
    "Panel which meets bi-monthly. The Panel will consider the details and decide at what "
    "level a review should be held, and arrangements will be put in place for that review. "
    "This will involve a check against other agency records so all agencies which need to "
    "be involved are invited to take part in the review.\n\n"
    "In some circumstances a Serious Case Review panel will be convened if the criteria are "
    "met.\n\n"
    "At this stage the reason for your request for a review should be highlighted."
)
