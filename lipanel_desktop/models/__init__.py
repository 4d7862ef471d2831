"""SQLAlchemy ORM classes, one module per aggregate. Importing this package registers
every table on `Base.metadata` (migrations compare against it)."""

from lipanel_desktop.models.base import Base
from lipanel_desktop.models import (  # noqa: F401  (registration)
    account,
    action,
    audit,
    chronology,
    decision,
    document,
    draft,
    meeting,
    organisation,
    referral,
    retention,
    review,
)

__all__ = ["Base"]
