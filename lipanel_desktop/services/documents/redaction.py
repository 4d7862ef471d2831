"""Redaction profiles, applied to document data before anything is laid out.

- panel: everything, as recorded.
- anonymised: each child becomes "Child A", "Child B", ...; each family member the
  relationship recorded on Form A ("Mother", "Step-father"; "Mother of Child B" when a
  pack holds several children). Names are replaced everywhere a string holds them:
  fields, free text, chronology entries, page headers — whole names, aliases and each
  part of a name (so "Jayden" and "Mr Smith" go too).
- publication: anonymised, and addresses, dates of birth and agencies' staff names
  removed (tagged fields emptied, staff names in free text replaced).

The walk is generic over the document dataclasses, so a new field is redacted without
anyone remembering to: strings are rewritten, tagged fields emptied.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from lipanel_desktop.errors import KnownError
from lipanel_desktop.services.documents.common import REDACT, TAG_ADDRESS, TAG_DOB, TAG_STAFF, Person
from lipanel_desktop.vocabulary.documents import RedactionProfile

T = TypeVar("T")

REMOVED = "[removed]"
NAME_REMOVED = "[name removed]"
SHARED_NAME = "[family name]"
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "master", "baby", "the", "and", "of"}
_SPLIT = re.compile(r"[\s,;/()]+")


def profile_of(code: str) -> RedactionProfile:
    try:
        return RedactionProfile(code)
    except ValueError:
        choices = ", ".join(p.value for p in RedactionProfile)
        raise KnownError(f"There is no redaction profile {code!r}. Choose one of: {choices}.") from None


def _letters(n: int) -> str:
    """A, B, ... Z, AA, AB, ..."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _role_label(role: str) -> str:
    role = " ".join(role.split())
    if not role:
        return "Family member"
    return role[0].upper() + role[1:]


def _tokens(name: str) -> list[str]:
    parts: list[str] = []
    for word in _SPLIT.split(name):
        word = word.strip(".'’\"-")
        if not word:
            continue
        parts.append(word)
        if "-" in word:
            parts.extend(p for p in word.split("-") if p)
    return [p for p in parts if len(p) >= 2 and p.lower() not in _TITLES]


class Redactor:
    def __init__(self, profile: RedactionProfile | str, people: Sequence[Person]) -> None:
        self.profile = RedactionProfile(profile)
        self.labels: dict[str, str] = {}
        self._pattern: re.Pattern[str] | None = None
        self._replacements: dict[str, str] = {}
        if self.profile is not RedactionProfile.PANEL:
            self._build(people)

    # -- labels -----------------------------------------------------------------
    def _build(self, people: Sequence[Person]) -> None:
        children = [p for p in people if p.kind == "child" and p.name.strip()]
        child_label: dict[str, str] = {}
        for person in children:
            key = person.child_ref or person.name
            if key not in child_label:
                child_label[key] = f"Child {_letters(len(child_label))}"
        several = len(child_label) > 1
        family = [p for p in people if p.kind == "family" and p.name.strip()]
        base_roles = {}
        for person in family:
            role = _role_label(person.role)
            if several and person.child_ref in child_label:
                role = f"{role} of {child_label[person.child_ref]}"
            base_roles[id(person)] = role
        counts = Counter(base_roles.values())
        seen: Counter[str] = Counter()
        full: dict[str, str] = {}
        for person in children:
            label = child_label[person.child_ref or person.name]
            for name in (person.name, *person.aliases):
                full.setdefault(name.strip().lower(), label)
        for person in family:
            role = base_roles[id(person)]
            if counts[role] > 1:
                seen[role] += 1
                role = f"{role} {seen[role]}"
            full.setdefault(person.name.strip().lower(), role)
            for alias in person.aliases:
                full.setdefault(alias.strip().lower(), role)
        if self.profile is RedactionProfile.PUBLICATION:
            for person in people:
                if person.kind == "staff" and person.name.strip():
                    full.setdefault(person.name.strip().lower(), NAME_REMOVED)
        # Parts of names: a part used by one person takes that person's label; a part
        # shared (a family surname) becomes "[family name]".
        owners: dict[str, set[str]] = {}
        for name, label in full.items():
            for token in _tokens(name):
                owners.setdefault(token, set()).add(label)
        tokens = {t: (next(iter(ls)) if len(ls) == 1 else SHARED_NAME) for t, ls in owners.items()}
        self.labels = {name: label for name, label in full.items() if name}
        self._replacements = {**{t: l for t, l in tokens.items()}, **self.labels}
        alternatives = sorted(self._replacements, key=len, reverse=True)
        if alternatives:
            body = "|".join(re.escape(a) for a in alternatives)
            self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)

    # -- application --------------------------------------------------------------
    @property
    def removes_personal_details(self) -> bool:
        return self.profile is RedactionProfile.PUBLICATION

    def text(self, value: str) -> str:
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(lambda m: self._replacements[m.group(0).lower()], value)

    def label_for(self, name: str) -> str:
        """What a person's name is printed as under this profile."""
        if self.profile is RedactionProfile.PANEL:
            return name
        return self.labels.get(name.strip().lower(), self.text(name))

    def apply(self, data: T) -> T:
        """A redacted copy of a document's data (the original is left as it was)."""
        if self.profile is RedactionProfile.PANEL:
            return _with_profile(data, self.profile)
        return _with_profile(self._walk(data, None), self.profile)

    def _walk(self, value: Any, tag: str | None) -> Any:
        if isinstance(value, str):
            if self.removes_personal_details and tag in (TAG_ADDRESS, TAG_DOB) and value:
                return REMOVED
            if self.removes_personal_details and tag == TAG_STAFF and value.strip():
                return NAME_REMOVED
            return self.text(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for f in dataclasses.fields(value):
                if f.name == "people":
                    changes[f.name] = ()
                    continue
                changes[f.name] = self._walk(getattr(value, f.name), f.metadata.get(REDACT))
            return dataclasses.replace(value, **changes)
        if isinstance(value, tuple):
            return tuple(self._walk(v, tag) for v in value)
        if isinstance(value, list):
            return [self._walk(v, tag) for v in value]
        if isinstance(value, dict):
            return {k: self._walk(v, tag) for k, v in value.items()}
        return value


def _with_profile(data: Any, profile: RedactionProfile) -> Any:
    meta = getattr(data, "meta", None)
    if meta is None:
        return data
    return dataclasses.replace(data, meta=dataclasses.replace(meta, profile=profile.value, profile_label=profile.label))


def redact(data: T, profile: RedactionProfile | str, people: Iterable[Person] | None = None) -> T:
    """Apply a profile to document data, using the people the data carries."""
    found = tuple(people) if people is not None else tuple(getattr(data, "people", ()))
    return Redactor(profile, found).apply(data)
