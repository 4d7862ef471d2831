"""User accounts: the role and history in the database, the key slot in the sidecar,
always changed together."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lipanel_desktop.errors import KnownError, UnknownUser, ValidationError
from lipanel_desktop.models.account import Account
from lipanel_desktop.models.base import utc_now
from lipanel_desktop.services.passwords import check_new_password
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit, instance_lock
from lipanel_desktop.storage.store import Store
from lipanel_desktop.storage.vault import Vault
from lipanel_desktop.vocabulary.roles import Permission, Role

_NAME = re.compile(r"^[\w][\w .'-]{0,63}$", re.UNICODE)


def check_user_name(name: str, field: str = "name") -> str:
    if not isinstance(name, str) or not name:
        raise ValidationError({field: "Give a user name."})
    if name != name.strip() or not _NAME.match(name) or any(
        unicodedata.category(ch).startswith("C") for ch in name
    ):
        raise ValidationError(
            {field: "A user name is 1 to 64 letters, digits, spaces, dots, hyphens, apostrophes or underscores."}
        )
    return name


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError({"role": f"“{role}” is not a role. Choose one of: {choices}."}) from None


@dataclass(frozen=True)
class AccountInfo:
    name: str
    display_name: str
    role: str
    created_at: datetime
    last_login_at: datetime | None
    must_change_password: bool
    has_key_slot: bool

    @property
    def role_label(self) -> str:
        return Role.label_of(self.role)


class AccountService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.vault = Vault(store.path)

    def list(self) -> list[AccountInfo]:
        keys = self.vault.load_keys()
        with self.store.read_session() as s:
            rows = s.scalars(
                select(Account).where(Account.active.is_(True), Account.removed_at.is_(None)).order_by(Account.name)
            ).all()
            return [
                AccountInfo(
                    a.name, a.display_name, a.role, a.created_at, a.last_login_at, a.must_change_password, keys.has(a.name)
                )
                for a in rows
            ]

    def _active(self, s: object, name: str) -> Account | None:
        # Match as the key slots do (any letter's case): SQLite's NOCASE folds only ASCII.
        keys = self.vault.load_keys()
        if keys.has(name):
            name = keys.slot(name).name
        return s.scalars(  # type: ignore[attr-defined]
            select(Account).where(Account.name == name, Account.removed_at.is_(None), Account.active.is_(True))
        ).first()

    def add(self, name: str, role: str, password: str, *, display_name: str = "", must_change: bool = False) -> None:
        require(self.store.identity, Permission.MANAGE_USERS)
        check_user_name(name)
        check_role(role)
        check_new_password(password, name)
        keys = self.vault.load_keys()
        if keys.has(name):
            raise KnownError(f"There is already a user called “{name}”.")
        with self.vault.keys_rollback(), self.store.session() as s:
            account = s.scalars(select(Account).where(Account.name == name)).first()
            if account is not None and account.removed_at is None:
                raise KnownError(f"There is already a user called “{name}”.")
            if account is None:
                account = Account(name=name)
                s.add(account)
            account.display_name = display_name or name
            account.role = role
            account.active = True
            account.removed_at = None
            account.must_change_password = must_change
            s.flush()
            self.vault.add_slot(self.store, name, password, must_change=must_change)

    def remove(self, name: str) -> None:
        """Remove the account and its slot, then rotate the key, so the removed user's
        password opens neither the database nor any later backup (even with an old copy
        of the key file)."""
        require(self.store.identity, Permission.MANAGE_USERS)
        instance_lock.ensure_free(self.store.path, "remove a user (which changes its key)")
        if name.lower() == self.store.identity.name.lower():
            raise KnownError("You cannot remove your own account. Ask another administrator.")
        with self.vault.keys_rollback(), self.store.session() as s:
            account = self._active(s, name)
            if account is None:
                raise UnknownUser(f"There is no user called “{name}” in this database.")
            if account.role == Role.ADMINISTRATOR and self._administrators(s) <= 1:
                raise KnownError("That is the last administrator. Make someone else an administrator first.")
            account.active = False
            account.removed_at = utc_now()
            s.flush()
            self.vault.remove_slot(name)
        from lipanel_desktop.services.database import rekey_database

        rekey_database(self.store)

    def _administrators(self, s: object) -> int:
        return s.scalar(  # type: ignore[attr-defined]
            select(func.count()).select_from(Account).where(
                Account.role == Role.ADMINISTRATOR.value, Account.removed_at.is_(None), Account.active.is_(True)
            )
        )

    def set_role(self, name: str, role: str) -> None:
        require(self.store.identity, Permission.MANAGE_USERS)
        check_role(role)
        with self.store.session() as s:
            account = self._active(s, name)
            if account is None:
                raise UnknownUser(f"There is no user called “{name}” in this database.")
            if account.role == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR and self._administrators(s) <= 1:
                raise KnownError("That is the last administrator. Make someone else an administrator first.")
            account.role = role

    def reset_password(self, name: str) -> str:
        """Give the user a new slot with a one-time password they must change at next login."""
        require(self.store.identity, Permission.MANAGE_USERS)
        one_time = "-".join(secrets.token_hex(3) for _ in range(4))
        with self.vault.keys_rollback(), self.store.session() as s:
            account = self._active(s, name)
            if account is None:
                raise UnknownUser(f"There is no user called “{name}” in this database.")
            account.must_change_password = True
            s.flush()
            self.vault.add_slot(self.store, account.name, one_time, must_change=True)
        return one_time

    def change_own_password(self, old_password: str, new_password: str) -> None:
        name = self.store.identity.name
        check_new_password(new_password, name, field="new_password")
        if new_password == old_password:
            raise ValidationError({"new_password": "The new password must differ from the old one."})
        with self.vault.keys_rollback(), self.store.session() as s:
            self.vault.change_password(name, old_password, new_password)
            account = self._active(s, name)
            if account is not None:
                account.must_change_password = False
            audit.record(s, "accounts", account.id if account else name, "password changed")
