"""Reference numbers like LIP-2026-0042: unique and never reused, even after deletion.

A counter row per prefix and year is incremented inside the caller's transaction (which
holds the write lock), so two saves can never take the same number.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from lipanel_desktop.models.referral import ReferenceCounter


def next_reference(session: Session, prefix: str, year: int, width: int = 4) -> str:
    counter = session.get(ReferenceCounter, (prefix, year))
    if counter is None:
        counter = ReferenceCounter(prefix=prefix, year=year, last_number=0)
        session.add(counter)
    counter.last_number += 1
    session.flush()
    return f"{prefix}-{year}-{counter.last_number:0{width}d}"
