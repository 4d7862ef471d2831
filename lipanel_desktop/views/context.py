"""What every page and dialog is given: the workspace (services), the ops door, the hub,
and a way to move to another section. No globals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lipanel_desktop.views.ops import Hub, Ops

if TYPE_CHECKING:  # the services load after unlock, not before the unlock screen shows
    from lipanel_desktop.services.workspace import Workspace


@dataclass
class AppContext:
    workspace: Workspace
    ops: Ops
    hub: Hub
    #: navigate("reviews", review_id=3): show a section and open something in it.
    navigate: Callable[..., None] = field(default=lambda section, **kwargs: None)
    #: True for `lipanel --demo`: every window shows the DEMO banner.
    demo: bool = False
    extras: dict[str, Any] = field(default_factory=dict)
