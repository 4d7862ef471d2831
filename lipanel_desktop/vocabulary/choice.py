"""A string enumeration whose members carry the label shown to users."""

from __future__ import annotations

from enum import StrEnum


class Choice(StrEnum):
    """Stored as its code (`value`); shown as its `label`."""

    label: str

    def __new__(cls, value: str, label: str) -> "Choice":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def from_code(cls, code: str | None) -> "Choice | None":
        """The member for a stored code, or None for an empty one."""
        if code is None or code == "":
            return None
        return cls(code)

    @classmethod
    def label_of(cls, code: str | None, empty: str = "") -> str:
        member = cls.from_code(code)
        return member.label if member is not None else empty
