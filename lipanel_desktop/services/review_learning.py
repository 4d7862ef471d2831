"""What a review learns and where the learning goes: key findings, recommendations (each
the source of actions in the action plan), good practice identified, dissemination to the
Implementation and Training Sub-groups and others, and up to three themes per review
from an editable list (as national review trackers record them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.action import Action
from lipanel_desktop.models.organisation import Agency, Theme
from lipanel_desktop.models.review import Dissemination, Finding, GoodPractice, Recommendation, Review, ReviewTheme
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.reviews import OPEN, load_review, require_stage
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import DisseminationChannel, GoodPracticeSource, ReviewStage as St
from lipanel_desktop.vocabulary.roles import Permission

MOST_THEMES = 3
#: Findings and recommendations are agreed at the review meetings and in the report.
FINDING_STAGES = frozenset({St.MEETINGS, St.FINDINGS, St.REPORT, St.IN_PROGRESS})


@dataclass(frozen=True)
class FindingRow:
    id: int
    position: int
    text: str
    agreed_on: date | None


@dataclass(frozen=True)
class RecommendationRow:
    id: int
    position: int
    text: str
    finding_id: int | None
    agency_id: int | None
    agency_name: str
    agreed_on: date | None


@dataclass(frozen=True)
class DisseminationRow:
    id: int
    channel: str
    held_on: date | None
    audience: str
    people_count: int | None
    learning: str

    @property
    def channel_label(self) -> str:
        return DisseminationChannel.label_of(self.channel)


@dataclass(frozen=True)
class GoodPracticeRow:
    id: int
    source: str
    agency_name: str
    received_on: date | None
    description: str


@dataclass(frozen=True)
class ThemeRow:
    id: int
    name: str


def findings(s: Session, review_id: int) -> list[FindingRow]:
    rows = s.execute(select(Finding.id, Finding.position, Finding.text, Finding.agreed_on)
                     .where(Finding.review_id == review_id).order_by(Finding.position, Finding.id))
    return [FindingRow(*row) for row in rows]


def recommendations(s: Session, review_id: int) -> list[RecommendationRow]:
    rows = s.execute(
        select(Recommendation.id, Recommendation.position, Recommendation.text, Recommendation.finding_id,
               Recommendation.agency_id, Agency.name, Recommendation.agreed_on)
        .outerjoin(Agency, Agency.id == Recommendation.agency_id)
        .where(Recommendation.review_id == review_id).order_by(Recommendation.position, Recommendation.id)
    )
    return [RecommendationRow(*row[:5], row[5] or "", row[6]) for row in rows]


def dissemination(s: Session, review_id: int) -> list[DisseminationRow]:
    rows = s.execute(
        select(Dissemination.id, Dissemination.channel, Dissemination.held_on, Dissemination.audience,
               Dissemination.people_count, Dissemination.learning)
        .where(Dissemination.review_id == review_id).order_by(Dissemination.held_on, Dissemination.id)
    )
    return [DisseminationRow(*row) for row in rows]


def good_practice(s: Session, review_id: int) -> list[GoodPracticeRow]:
    rows = s.execute(
        select(GoodPractice.id, GoodPractice.source, Agency.name, GoodPractice.received_on, GoodPractice.description)
        .outerjoin(Agency, Agency.id == GoodPractice.agency_id)
        .where(GoodPractice.review_id == review_id).order_by(GoodPractice.id)
    )
    return [GoodPracticeRow(row[0], row[1], row[2] or "", row[3], row[4]) for row in rows]


def themes_of(s: Session, review_id: int) -> list[ThemeRow]:
    rows = s.execute(select(Theme.id, Theme.name).join(ReviewTheme, ReviewTheme.theme_id == Theme.id)
                     .where(ReviewTheme.review_id == review_id).order_by(Theme.name))
    return [ThemeRow(*row) for row in rows]


def _text(value: object, label: str, problems: dict[str, str], field: str = "text") -> str:
    return clean_text(value, field=field, label=label, problems=problems, required=True)


class ReviewLearningService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def findings(self, review_id: int) -> list[FindingRow]:
        with self.store.read_session() as s:
            return findings(s, review_id)

    def recommendations(self, review_id: int) -> list[RecommendationRow]:
        with self.store.read_session() as s:
            return recommendations(s, review_id)

    def dissemination(self, review_id: int) -> list[DisseminationRow]:
        with self.store.read_session() as s:
            return dissemination(s, review_id)

    def good_practice(self, review_id: int) -> list[GoodPracticeRow]:
        with self.store.read_session() as s:
            return good_practice(s, review_id)

    def themes(self, review_id: int) -> list[ThemeRow]:
        with self.store.read_session() as s:
            return themes_of(s, review_id)

    def theme_list(self) -> list[ThemeRow]:
        with self.store.read_session() as s:
            return [ThemeRow(*row) for row in s.execute(select(Theme.id, Theme.name).where(Theme.active.is_(True))
                                                        .order_by(Theme.name))]

    # -- findings and recommendations ------------------------------------------------
    def add_finding(self, review_id: int, text: str, agreed_on: date | None = None, today: date | None = None) -> list[FindingRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        text = _text(text, "The finding", problems)
        agreed = check_date(agreed_on, field="agreed_on", label="The date agreed", problems=problems, not_after=today or date.today())
        with self.store.session() as s:
            review = self._at(s, review_id, FINDING_STAGES, "the key findings")
            if problems:
                raise ValidationError(problems)
            position = len(findings(s, review.id))
            s.add(Finding(review_id=review.id, position=position, text=text, agreed_on=agreed))
            s.flush()
            return findings(s, review.id)

    def remove_finding(self, finding_id: int) -> list[FindingRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = s.get(Finding, finding_id)
            if row is None:
                raise KnownError("That finding no longer exists.")
            review = self._at(s, row.review_id, FINDING_STAGES, "the key findings")
            s.delete(row)
            s.flush()
            return findings(s, review.id)

    def add_recommendation(self, review_id: int, text: str, *, agency_id: int | None = None,
                           finding_id: int | None = None, agreed_on: date | None = None,
                           today: date | None = None) -> list[RecommendationRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        text = _text(text, "The recommendation", problems)
        agreed = check_date(agreed_on, field="agreed_on", label="The date agreed", problems=problems, not_after=today or date.today())
        with self.store.session() as s:
            review = self._at(s, review_id, FINDING_STAGES, "the recommendations")
            if agency_id is not None and s.get(Agency, agency_id) is None:
                problems["agency_id"] = "Choose an agency from the list."
            if finding_id is not None:
                finding = s.get(Finding, finding_id)
                if finding is None or finding.review_id != review.id:
                    problems["finding_id"] = "Choose one of this review's findings."
            if problems:
                raise ValidationError(problems)
            position = len(recommendations(s, review.id))
            s.add(Recommendation(review_id=review.id, position=position, text=text, agency_id=agency_id,
                                 finding_id=finding_id, agreed_on=agreed))
            s.flush()
            return recommendations(s, review.id)

    def remove_recommendation(self, recommendation_id: int) -> list[RecommendationRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = s.get(Recommendation, recommendation_id)
            if row is None:
                raise KnownError("That recommendation no longer exists.")
            review = self._at(s, row.review_id, FINDING_STAGES, "the recommendations")
            if s.scalar(select(Action.id).where(Action.recommendation_id == row.id).limit(1)) is not None:
                raise InvalidTransition("Actions in the action plan come from this recommendation, so it stays.")
            s.delete(row)
            s.flush()
            return recommendations(s, review.id)

    # -- learning passed on and good practice ----------------------------------------
    def add_dissemination(self, review_id: int, channel: str, held_on: date | None, *, audience: str = "",
                          people_count: int | None = None, learning: str = "",
                          today: date | None = None) -> list[DisseminationRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        if channel not in DisseminationChannel._value2member_map_:
            problems["channel"] = "Choose where the learning went."
        held = check_date(held_on, field="held_on", label="The date", problems=problems, required=True,
                          not_after=today or date.today())
        audience = clean_text(audience, field="audience", label="The audience", problems=problems, limit=SHORT_TEXT, multiline=False)
        learning = clean_text(learning, field="learning", label="The learning shared", problems=problems)
        if people_count is not None and (isinstance(people_count, bool) or not isinstance(people_count, int)
                                         or not 0 <= people_count <= 100_000):
            problems["people_count"] = "The number of people must be a whole number from 0 to 100,000."
        with self.store.session() as s:
            review = self._at(s, review_id, OPEN, "where the learning went")
            if problems:
                raise ValidationError(problems)
            s.add(Dissemination(review_id=review.id, channel=channel, held_on=held, audience=audience,
                                people_count=people_count, learning=learning))
            s.flush()
            return dissemination(s, review.id)

    def remove_dissemination(self, dissemination_id: int) -> list[DisseminationRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        with self.store.session() as s:
            row = s.get(Dissemination, dissemination_id)
            if row is None:
                raise KnownError("That entry no longer exists.")
            review = self._at(s, row.review_id, OPEN, "where the learning went")
            s.delete(row)
            s.flush()
            return dissemination(s, review.id)

    def add_good_practice(self, review_id: int, description: str, *, agency_id: int | None = None,
                          received_on: date | None = None, today: date | None = None) -> list[GoodPracticeRow]:
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        description = _text(description, "The good practice", problems, "description")
        day = check_date(received_on, field="received_on", label="The date", problems=problems, not_after=today or date.today())
        with self.store.session() as s:
            review = self._at(s, review_id, OPEN, "the good practice")
            if agency_id is not None and s.get(Agency, agency_id) is None:
                problems["agency_id"] = "Choose an agency from the list."
            if problems:
                raise ValidationError(problems)
            s.add(GoodPractice(source=GoodPracticeSource.IDENTIFIED_IN_REVIEW.value, review_id=review.id,
                               referral_id=review.referral_id, agency_id=agency_id, received_on=day,
                               description=description))
            s.flush()
            return good_practice(s, review.id)

    # -- themes ----------------------------------------------------------------------
    def set_themes(self, review_id: int, theme_ids: list[int]) -> list[ThemeRow]:
        """Up to three themes; recorded even on a closed review (trackers are kept up to date)."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        ids = list(dict.fromkeys(theme_ids))
        if len(ids) > MOST_THEMES:
            raise ValidationError({"themes": f"Choose at most {MOST_THEMES} themes."})
        with self.store.session() as s:
            review = load_review(s, review_id)
            known = set(s.scalars(select(Theme.id).where(Theme.id.in_(ids))))
            if known != set(ids):
                raise ValidationError({"themes": "A theme chosen is no longer on the list; choose again."})
            current = {row.theme_id: row for row in s.scalars(select(ReviewTheme).where(ReviewTheme.review_id == review.id))}
            for theme_id, row in current.items():
                if theme_id not in ids:
                    s.delete(row)
            for theme_id in ids:
                if theme_id not in current:
                    s.add(ReviewTheme(review_id=review.id, theme_id=theme_id))
            s.flush()
            return themes_of(s, review.id)

    def add_theme(self, name: str) -> ThemeRow:
        """Add a theme to the list (or bring back one that was retired)."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        problems: dict[str, str] = {}
        name = clean_text(name, field="name", label="The theme", problems=problems, limit=120, required=True, multiline=False)
        if problems:
            raise ValidationError(problems)
        with self.store.session() as s:
            existing = s.scalars(select(Theme).where(Theme.name == name)).first()
            if existing is not None:
                if existing.active:
                    raise ValidationError({"name": f"“{existing.name}” is already on the list."})
                existing.active = True
                s.flush()
                return ThemeRow(existing.id, existing.name)
            theme = Theme(name=name)
            s.add(theme)
            s.flush()
            return ThemeRow(theme.id, theme.name)

    @staticmethod
    def _at(s: Session, review_id: int, stages: frozenset[St], what: str) -> Review:
        review = load_review(s, review_id)
        require_stage(review, stages, what)
        return review
