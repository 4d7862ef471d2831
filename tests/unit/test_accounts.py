"""Accounts and key slots kept together: rules for names, roles and passwords; the last
administrator; removal rotating the key; each refusal changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from lipanel_desktop.errors import KnownError, NotPermitted, UnknownUser, ValidationError, WrongPassword
from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.database import open_database
from lipanel_desktop.services.passwords import password_problem
from lipanel_desktop.storage.keyslots import sidecar_path
from lipanel_desktop.storage.store import Store
from lipanel_desktop.storage.vault import Vault
from tests.conftest import ADMIN, ADMIN_PASSWORD

GOOD = "Fictional-Pass-4321"


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("short", "at least 12"),
        ("x" * 1025, "at most 1024"),
        (" leading-space-pass", "start or end with a space"),
        ("trailing-space-pass ", "start or end with a space"),
        ("tab\tin-the-middle", "control characters"),
        ("PASSWORD1234", "too common"),
        ("aaaaaaaaaaaaaaa", "too common"),
        ("my-name-is-admin!", "user name"),
    ],
)
def test_password_rules(password: str, words: str) -> None:
    problem = password_problem(password, ADMIN)
    assert problem is not None and words in problem


@pytest.mark.parametrize("password", ["twelve chars", "🔐🦉🌳🔑🐝🍀🌊🔥🎈🧩🪁🛶", ("abc123XYZ-" * 103)[:1024], "Ŵŷłśșăğ-Pass-1"])
def test_acceptable_passwords(password: str) -> None:
    assert password_problem(password, ADMIN) is None


@pytest.mark.parametrize("name", ["", " lead", "trail ", "tab\tname", "x" * 65, "semi;colon", "new\nline"])
def test_bad_user_names_are_refused_and_nothing_changes(store: Store, db_path: Path, name: str) -> None:
    before = sidecar_path(db_path).read_bytes()
    with pytest.raises(ValidationError):
        AccountService(store).add(name, "chair", GOOD)
    assert sidecar_path(db_path).read_bytes() == before
    assert [a.name for a in AccountService(store).list()] == [ADMIN]


def test_add_list_and_open_as_the_new_user(store: Store, db_path: Path) -> None:
    service = AccountService(store)
    service.add("Łucja Przykładowski", "panel-member", GOOD)
    listed = {a.name: a for a in service.list()}
    assert listed["Łucja Przykładowski"].role == "panel-member" and listed["Łucja Przykładowski"].has_key_slot
    with open_database(db_path, "łucja przykładowski", GOOD) as theirs:
        assert theirs.identity.role == "panel-member"
        with pytest.raises(NotPermitted):
            AccountService(theirs).add("Another One", "chair", GOOD)


def test_duplicate_names_are_refused_whatever_the_case(store: Store) -> None:
    with pytest.raises(KnownError, match="already a user"):
        AccountService(store).add(ADMIN.upper(), "chair", GOOD)


def test_removing_a_user_rotates_the_key_and_locks_them_out(store: Store, db_path: Path) -> None:
    service = AccountService(store)
    service.add("Siôn Sampleton", "chair", GOOD)
    key_before = Vault(db_path).load_keys().key_id
    service.remove("Siôn Sampleton")
    assert Vault(db_path).load_keys().key_id != key_before
    with pytest.raises(UnknownUser):
        open_database(db_path, "Siôn Sampleton", GOOD)
    with store.read_session():
        pass  # the remover's own store still works after the rotation
    assert [a.name for a in service.list()] == [ADMIN]


def test_a_removed_name_can_be_used_again(store: Store, db_path: Path) -> None:
    service = AccountService(store)
    service.add("Reused Sampleton", "chair", GOOD)
    service.remove("Reused Sampleton")
    service.add("Reused Sampleton", "read-only", "Brand-New-Pass-999")
    with open_database(db_path, "Reused Sampleton", "Brand-New-Pass-999") as again:
        assert again.identity.role == "read-only"


def test_the_last_administrator_stays(store: Store, db_path: Path) -> None:
    service = AccountService(store)
    with pytest.raises(KnownError, match="your own account"):
        service.remove(ADMIN)
    service.add("Chair Sampleton", "chair", GOOD)
    with pytest.raises(KnownError, match="last administrator"):
        service.set_role(ADMIN, "chair")
    with pytest.raises(UnknownUser):
        service.remove("Nobody Sampleton")
    assert {a.name: a.role for a in service.list()}[ADMIN] == "administrator"


def test_change_own_password(store: Store, db_path: Path) -> None:
    service = AccountService(store)
    before = sidecar_path(db_path).read_bytes()
    with pytest.raises(WrongPassword):
        service.change_own_password("not-the-password-1", GOOD)
    with pytest.raises(ValidationError):
        service.change_own_password(ADMIN_PASSWORD, ADMIN_PASSWORD)
    with pytest.raises(ValidationError):
        service.change_own_password(ADMIN_PASSWORD, "short")
    assert sidecar_path(db_path).read_bytes() == before
    service.change_own_password(ADMIN_PASSWORD, GOOD)
    with pytest.raises(WrongPassword):
        open_database(db_path, ADMIN, ADMIN_PASSWORD)
    open_database(db_path, ADMIN, GOOD).close()


def test_reset_password_gives_a_one_time_password_that_must_be_changed(store: Store, db_path: Path) -> None:
    service = AccountService(store)
    service.add("Forgetful Sampleton", "chair", GOOD)
    one_time = service.reset_password("Forgetful Sampleton")
    with open_database(db_path, "Forgetful Sampleton", one_time) as theirs:
        assert theirs.identity.name == "Forgetful Sampleton"
    assert {a.name: a for a in service.list()}["Forgetful Sampleton"].must_change_password
    with pytest.raises(WrongPassword):
        open_database(db_path, "Forgetful Sampleton", GOOD)


def test_names_match_in_any_case_beyond_ascii(store: Store, db_path: Path) -> None:
    service = AccountService(store)
    service.add("Ömer Örnekoğlu", "chair", GOOD)
    service.set_role("ömer örnekoğlu", "panel-member")
    assert {a.name: a.role for a in service.list()}["Ömer Örnekoğlu"] == "panel-member"
    service.remove("ÖMER ÖRNEKOĞLU")
    assert [a.name for a in service.list()] == [ADMIN]
