"""One unlocked database and the services on it: what the screens are given.

Views receive a `Workspace` in their constructor (no globals) and call its services.
Each service is built on first use, so start-up pays only for what is opened.
"""

from __future__ import annotations

from functools import cached_property

from lipanel_desktop.services.accounts import AccountService
from lipanel_desktop.services.organisation import OrganisationService
from lipanel_desktop.storage.store import Identity, Store


class Workspace:
    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def identity(self) -> Identity:
        return self.store.identity

    @cached_property
    def accounts(self) -> AccountService:
        return AccountService(self.store)

    @cached_property
    def organisation(self) -> OrganisationService:
        return OrganisationService(self.store)

    def close(self) -> None:
        self.store.close()
