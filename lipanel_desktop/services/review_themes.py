"""The themes list (as national review trackers record them): administrators add, rename,
retire and bring back themes. A retired theme stays on the reviews that have it, so old
reviews keep their record, but it is no longer offered for new ones. Which themes a review
has (up to three) is in `review_learning`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lipanel_desktop.errors import InvalidTransition, KnownError, ValidationError
from lipanel_desktop.models.organisation import Theme
from lipanel_desktop.models.review import ReviewTheme
from lipanel_desktop.services.field_checks import clean_text
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.roles import Permission

NAME_LIMIT = 120


@dataclass(frozen=True)
class ThemeEntry:
    """A theme on the list, with how many reviews have it."""

    id: int
    name: str
    active: bool
    reviews: int

    @property
    def status_label(self) -> str:
        return "In use" if self.active else "Retired: not offered for new reviews"


def _name(value: object) -> str:
    problems: dict[str, str] = {}
    name = clean_text(value, field="name", label="The theme", problems=problems, limit=NAME_LIMIT, required=True,
                      multiline=False)
    if problems:
        raise ValidationError(problems)
    return " ".join(name.split())


def entries(s: Session) -> list[ThemeEntry]:
    used = (select(func.count()).select_from(ReviewTheme).where(ReviewTheme.theme_id == Theme.id)
            .correlate(Theme).scalar_subquery())
    rows = s.execute(select(Theme.id, Theme.name, Theme.active, used).order_by(Theme.active.desc(), Theme.name))
    return [ThemeEntry(*row) for row in rows]


class ThemeService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def entries(self) -> list[ThemeEntry]:
        """Every theme, those in use first, with how many reviews have each."""
        with self.store.read_session() as s:
            return entries(s)

    def add(self, name: str) -> ThemeEntry:
        """Add a theme; a retired one with the same name is brought back instead."""
        require(self.store.identity, Permission.MANAGE_SETTINGS)
        name = _name(name)
        with self.store.session() as s:
            existing = s.scalars(select(Theme).where(Theme.name == name)).first()
            if existing is not None:
                if existing.active:
                    raise ValidationError({"name": f"“{existing.name}” is already on the list."})
                existing.active = True
                s.flush()
                return self._entry(s, existing.id)
            theme = Theme(name=name, active=True)
            s.add(theme)
            s.flush()
            return self._entry(s, theme.id)

    def rename(self, theme_id: int, name: str) -> ThemeEntry:
        """A new name for a theme; the reviews that have it show the new name."""
        require(self.store.identity, Permission.MANAGE_SETTINGS)
        name = _name(name)
        with self.store.session() as s:
            theme = self._load(s, theme_id)
            clash = s.scalars(select(Theme).where(Theme.name == name, Theme.id != theme.id)).first()
            if clash is not None:
                state = "" if clash.active else " (retired; bring it back instead)"
                raise ValidationError({"name": f"“{clash.name}” is already on the list{state}."})
            theme.name = name
            s.flush()
            return self._entry(s, theme.id)

    def retire(self, theme_id: int) -> ThemeEntry:
        require(self.store.identity, Permission.MANAGE_SETTINGS)
        with self.store.session() as s:
            theme = self._load(s, theme_id)
            if not theme.active:
                raise InvalidTransition(f"“{theme.name}” is already retired.")
            if not s.scalar(select(func.count(Theme.id)).where(Theme.active.is_(True), Theme.id != theme.id)):
                raise InvalidTransition("This is the last theme in use; add another before retiring it.")
            theme.active = False
            s.flush()
            return self._entry(s, theme.id)

    def reinstate(self, theme_id: int) -> ThemeEntry:
        require(self.store.identity, Permission.MANAGE_SETTINGS)
        with self.store.session() as s:
            theme = self._load(s, theme_id)
            if theme.active:
                raise InvalidTransition(f"“{theme.name}” is already in use.")
            theme.active = True
            s.flush()
            return self._entry(s, theme.id)

    @staticmethod
    def _load(s: Session, theme_id: int) -> Theme:
        theme = s.get(Theme, theme_id) if isinstance(theme_id, int) and not isinstance(theme_id, bool) else None
        if theme is None:
            raise KnownError("That theme is no longer on the list.")
        return theme

    @staticmethod
    def _entry(s: Session, theme_id: int) -> ThemeEntry:
        return next(e for e in entries(s) if e.id == theme_id)
