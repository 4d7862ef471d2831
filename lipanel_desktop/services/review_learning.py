"""Where a review's learning goes and how it is filed: good practice identified,
dissemination to the Implementation and Training Sub-groups and others, and up to three
themes per review from the themes list (as national review trackers record them).

Key findings and recommendations are in `review_findings`; the themes list itself in
`review_themes`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.organisation import Agency, Theme
from lipanel_desktop.models.review import Dissemination, GoodPractice, Review, ReviewTheme
from lipanel_desktop.services.field_checks import SHORT_TEXT, check_date, clean_text
from lipanel_desktop.services.permissions import require
from lipanel_desktop.services.reviews import OPEN, load_review, require_stage
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.reviews import DisseminationChannel, GoodPracticeSource, ReviewStage as St
from lipanel_desktop.vocabulary.roles import Permission

MOST_THEMES = 3


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
    #: False for a retired theme (kept on the reviews that have it, offered for no others).
    active: bool = True

    @property
    def label(self) -> str:
        return self.name if self.active else f"{self.name} (retired)"


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
    rows = s.execute(select(Theme.id, Theme.name, Theme.active).join(ReviewTheme, ReviewTheme.theme_id == Theme.id)
                     .where(ReviewTheme.review_id == review_id).order_by(Theme.name))
    return [ThemeRow(*row) for row in rows]


def _text(value: object, label: str, problems: dict[str, str], field: str = "text") -> str:
    return clean_text(value, field=field, label=label, problems=problems, required=True)


class ReviewLearningService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def dissemination(self, review_id: int) -> list[DisseminationRow]:
        with self.store.read_session() as s:
            return dissemination(s, review_id)

    def good_practice(self, review_id: int) -> list[GoodPracticeRow]:
        with self.store.read_session() as s:
            return good_practice(s, review_id)

    def themes(self, review_id: int) -> list[ThemeRow]:
        with self.store.read_session() as s:
            return themes_of(s, review_id)

    def theme_list(self, review_id: int | None = None) -> list[ThemeRow]:
        """The themes a review can have: those in use, plus any retired ones it already has."""
        with self.store.read_session() as s:
            kept = select(ReviewTheme.theme_id).where(ReviewTheme.review_id == review_id)
            rows = s.execute(select(Theme.id, Theme.name, Theme.active)
                             .where(Theme.active.is_(True) | Theme.id.in_(kept)).order_by(Theme.name))
            return [ThemeRow(*row) for row in rows]

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
        """Up to three themes; recorded even on a closed review (trackers are kept up to date).
        A retired theme the review already has may stay; it cannot be newly chosen."""
        require(self.store.identity, Permission.RUN_REVIEWS)
        ids = list(dict.fromkeys(theme_ids))
        if len(ids) > MOST_THEMES:
            raise ValidationError({"themes": f"Choose at most {MOST_THEMES} themes."})
        with self.store.session() as s:
            review = load_review(s, review_id)
            known = dict(s.execute(select(Theme.id, Theme.active).where(Theme.id.in_(ids))).all())
            if set(known) != set(ids):
                raise ValidationError({"themes": "A theme chosen is no longer on the list; choose again."})
            current = {row.theme_id: row for row in s.scalars(select(ReviewTheme).where(ReviewTheme.review_id == review.id))}
            retired = [i for i in ids if not known[i] and i not in current]
            if retired:
                name = s.scalar(select(Theme.name).where(Theme.id == retired[0]))
                raise ValidationError({"themes": f"“{name}” has been retired, so it is not offered for reviews; "
                                                 "choose a theme in use."})
            for theme_id, row in current.items():
                if theme_id not in ids:
                    s.delete(row)
            for theme_id in ids:
                if theme_id not in current:
                    s.add(ReviewTheme(review_id=review.id, theme_id=theme_id))
            s.flush()
            return themes_of(s, review.id)

    @staticmethod
    def _at(s: Session, review_id: int, stages: frozenset[St], what: str) -> Review:
        review = load_review(s, review_id)
        require_stage(review, stages, what)
        return review
