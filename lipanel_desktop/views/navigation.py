"""The main window's sections, in order, with the role each needs. Pages are imported
only when first shown, so start-up pays for none of them."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from lipanel_desktop.vocabulary.roles import Permission


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    #: "package.module:ClassName" of the Page subclass.
    page: str
    permission: Permission
    shortcut: str = ""

    def load(self) -> type:
        module_name, _, class_name = self.page.partition(":")
        return getattr(importlib.import_module(module_name), class_name)


SECTIONS: tuple[Section, ...] = (
    Section("referrals", "Referrals", "lipanel_desktop.views.pages.referrals:ReferralsPage", Permission.VIEW_RECORDS, "Alt+1"),
    Section("calendar", "Panel calendar", "lipanel_desktop.views.pages.calendar:CalendarPage", Permission.VIEW_RECORDS, "Alt+2"),
    Section("reviews", "Reviews", "lipanel_desktop.views.pages.reviews:ReviewsPage", Permission.VIEW_RECORDS, "Alt+3"),
    Section("chronology", "Chronology", "lipanel_desktop.views.pages.chronology:ChronologyPage", Permission.VIEW_RECORDS, "Alt+4"),
    Section("actions", "Actions", "lipanel_desktop.views.pages.actions:ActionsPage", Permission.VIEW_RECORDS, "Alt+5"),
    Section("reports", "Reports", "lipanel_desktop.views.pages.reports:ReportsPage", Permission.VIEW_RECORDS, "Alt+6"),
    Section("administration", "Administration", "lipanel_desktop.views.pages.administration:AdministrationPage", Permission.VIEW_RECORDS, "Alt+7"),
)


def section(key: str) -> Section:
    for each in SECTIONS:
        if each.key == key:
            return each
    raise KeyError(key)
