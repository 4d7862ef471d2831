"""Crash-recovery drafts live encrypted in the database, per user, and only there."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from lipanel_desktop.errors import KnownError
from lipanel_desktop.models.audit import AuditEntry
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import open_database
from lipanel_desktop.services.drafts import MAX_PAYLOAD_CHARS, DraftService
from lipanel_desktop.storage.store import Store


def test_save_load_replace_and_discard(store: Store) -> None:
    drafts = DraftService(store)
    assert drafts.load("referral", None) is None
    drafts.save("referral", None, {"child_full_name": "First typing"})
    drafts.save("referral", None, {"child_full_name": "Second typing"})
    drafts.save("referral", 7, {"child_full_name": "Editing seven"})
    assert drafts.load("referral", None).payload == {"child_full_name": "Second typing"}
    assert drafts.load("referral", "7").payload == {"child_full_name": "Editing seven"}
    assert [d.entity_id for d in drafts.list("referral")] == ["7", ""]
    drafts.discard("referral", None)
    assert drafts.load("referral", None) is None
    assert drafts.load("referral", 7) is not None


def test_drafts_are_private_to_their_author(store: Store, db_path: Path) -> None:
    DraftService(store).save("referral", None, {"x": "admin's typing"})
    AccountService(store).add("colleague", "panel-member", "Teammate-Fictional-42")
    with open_database(db_path, "colleague", "Teammate-Fictional-42") as other:
        assert DraftService(other).load("referral", None) is None
        assert DraftService(other).list("referral") == []


def test_drafts_are_not_in_the_file_in_plain_text_nor_in_the_audit_trail(store: Store, db_path: Path) -> None:
    DraftService(store).save("referral", None, {"summary": "Distinctive fictional phrase zebra-quokka"})
    assert b"zebra-quokka" not in db_path.read_bytes()
    for extra in db_path.parent.iterdir():
        if extra.is_file():
            assert b"zebra-quokka" not in extra.read_bytes()
    with store.read_session() as s:
        assert not [a for a in s.scalars(select(AuditEntry)) if a.entity == "drafts"]


def test_a_huge_draft_is_refused_with_a_message_and_the_old_one_kept(store: Store) -> None:
    drafts = DraftService(store)
    drafts.save("referral", None, {"summary": "kept"})
    with pytest.raises(KnownError, match="too large"):
        drafts.save("referral", None, {"summary": "x" * (MAX_PAYLOAD_CHARS + 1)})
    assert drafts.load("referral", None).payload == {"summary": "kept"}
