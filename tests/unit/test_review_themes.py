"""The themes list: administrators add, rename, retire and bring back themes; a retired
theme stays on the reviews that have it but is not offered for new ones; up to three
themes per review stays enforced."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import InvalidTransition, KnownError, NotPermitted, ValidationError
from lipanel_desktop.models.organisation import Theme
from lipanel_desktop.services.review_learning import ReviewLearningService
from lipanel_desktop.services.review_themes import ThemeService
from lipanel_desktop.storage.store import Store
from tests.panel_factories import store_as
from tests.review_factories import open_review


def theme_table(store: Store) -> list[tuple[str, bool]]:
    with store.read_session() as s:
        return [tuple(r) for r in s.execute(select(Theme.name, Theme.active).order_by(Theme.id))]


def test_add_rename_retire_and_bring_back(store: Store) -> None:
    themes = ThemeService(store)
    added = themes.add("  Fictional   transitions between  services ")
    assert (added.name, added.active, added.reviews) == ("Fictional transitions between services", True, 0)
    renamed = themes.rename(added.id, "Fictional transitions")
    assert renamed.name == "Fictional transitions" and renamed.status_label == "In use"
    retired = themes.retire(added.id)
    assert not retired.active and retired.status_label.startswith("Retired")
    assert themes.entries()[-1].id == added.id  # retired themes are listed after those in use
    with pytest.raises(InvalidTransition, match="already retired"):
        themes.retire(added.id)
    assert themes.reinstate(added.id).active
    with pytest.raises(InvalidTransition, match="already in use"):
        themes.reinstate(added.id)
    themes.retire(added.id)
    assert themes.add("FICTIONAL TRANSITIONS").active  # adding a retired name brings it back
    assert sum(1 for e in themes.entries() if e.name.lower() == "fictional transitions") == 1


@pytest.mark.parametrize("bad", ["", "   ", "x" * 121, "Two\nlines", "Bell\x07", None, 7, ["list"]])
def test_bad_names_change_nothing(store: Store, bad: object) -> None:
    themes = ThemeService(store)
    existing = themes.entries()[0]
    before = theme_table(store)
    with pytest.raises(ValidationError):
        themes.add(bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        themes.rename(existing.id, bad)  # type: ignore[arg-type]
    assert theme_table(store) == before


def test_clashing_names_and_missing_themes_are_refused(store: Store) -> None:
    themes = ThemeService(store)
    first, second = themes.entries()[:2]
    before = theme_table(store)
    with pytest.raises(ValidationError, match="already on the list"):
        themes.add(first.name.upper())
    with pytest.raises(ValidationError, match="already on the list"):
        themes.rename(second.id, first.name.lower())
    themes.retire(first.id)
    with pytest.raises(ValidationError, match="retired; bring it back"):
        themes.rename(second.id, first.name)
    themes.reinstate(first.id)
    for missing in (999_999, True, "1", None):
        with pytest.raises(KnownError, match="no longer on the list"):
            themes.rename(missing, "Anything")  # type: ignore[arg-type]
    assert theme_table(store) == before


def test_the_last_theme_in_use_cannot_be_retired(store: Store) -> None:
    themes = ThemeService(store)
    entries = themes.entries()
    for entry in entries[1:]:
        themes.retire(entry.id)
    with pytest.raises(InvalidTransition, match="last theme in use"):
        themes.retire(entries[0].id)


def test_only_administrators_manage_the_list(store: Store) -> None:
    theme = ThemeService(store).entries()[0]
    before = theme_table(store)
    for role in ("chair", "panel-member", "read-only"):
        other = store_as(store, role)
        try:
            service = ThemeService(other)
            assert [e.id for e in service.entries()] == [e.id for e in ThemeService(store).entries()]
            for attempt in (lambda: service.add("Fictional"), lambda: service.rename(theme.id, "Fictional"),
                            lambda: service.retire(theme.id), lambda: service.reinstate(theme.id)):
                with pytest.raises(NotPermitted, match="organisation's settings"):
                    attempt()
        finally:
            other.close()
    assert theme_table(store) == before


def test_a_retired_theme_stays_on_old_reviews_but_is_not_offered(store: Store) -> None:
    old, new = open_review(store, number=1), open_review(store, number=2)
    learning, themes = ReviewLearningService(store), ThemeService(store)
    offered = learning.theme_list()
    kept, other = offered[0], offered[1]
    learning.set_themes(old, [kept.id, other.id])
    themes.retire(kept.id)
    assert [(t.name, t.active, t.label) for t in learning.themes(old) if t.id == kept.id] == [
        (kept.name, False, f"{kept.name} (retired)")]
    assert kept.id in {t.id for t in learning.theme_list(old)}  # still shown for the review that has it
    assert kept.id not in {t.id for t in learning.theme_list(new)}
    assert kept.id not in {t.id for t in learning.theme_list()}
    # The old review may keep it while changing its others; the new one cannot take it.
    third = offered[2]
    assert {t.id for t in learning.set_themes(old, [kept.id, third.id])} == {kept.id, third.id}
    with pytest.raises(ValidationError, match="has been retired"):
        learning.set_themes(new, [kept.id])
    assert learning.themes(new) == []
    assert next(e for e in themes.entries() if e.id == kept.id).reviews == 1
    # Dropping it from the old review is allowed; taking it back is not.
    learning.set_themes(old, [third.id])
    with pytest.raises(ValidationError, match="has been retired"):
        learning.set_themes(old, [kept.id, third.id])
    # Renaming shows on the reviews that have the theme.
    themes.rename(third.id, "Fictional renamed theme")
    assert [t.name for t in learning.themes(old)] == ["Fictional renamed theme"]


def test_up_to_three_themes_per_review(store: Store) -> None:
    review = open_review(store)
    learning = ReviewLearningService(store)
    ids = [t.id for t in learning.theme_list()[:4]]
    learning.set_themes(review, ids[:3])
    with pytest.raises(ValidationError, match="at most 3"):
        learning.set_themes(review, ids)
    assert len(learning.themes(review)) == 3
    assert len(learning.set_themes(review, ids[:3] + ids[:2])) == 3  # repeats count once
