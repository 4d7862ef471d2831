"""The referral register: every referral as a column tuple, the next panel each is on,
filters, and full-text search through the FTS5 index inside the encrypted database.

Rows are loaded once as plain tuples (fast even at 50,000 referrals); filtering and
sorting then happen on those tuples, and a search asks FTS5 only for the matching ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from operator import itemgetter
from typing import Any

from sqlalchemy import func, select
from sqlcipher3 import dbapi2

from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage.db_errors import translate
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import MeetingStatus
from lipanel_desktop.vocabulary.roles import Permission

# Positions in a register row.
ID, REFERENCE, CHILD, DOB, AGENCY, REFERRAL_DATE, STATUS, NEXT_PANEL = range(8)
Row = tuple  # (id, reference, child name, dob, agency, referral date, status, next panel date)

#: FTS5's unicode61 tokeniser splits on anything that is not a letter or a digit.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
MAX_SEARCH_TERMS = 12
MAX_SEARCH_CHARS = 200


@dataclass(frozen=True)
class RegisterFilter:
    statuses: frozenset[str] = field(default_factory=frozenset)
    agency: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def is_empty(self) -> bool:
        return not (self.statuses or self.agency or self.date_from or self.date_to)


def range_problem(date_from: date | None, date_to: date | None) -> str | None:
    """A date range that can match nothing is said so, rather than shown as an empty list."""
    if date_from is not None and date_to is not None and date_from > date_to:
        return (f"Referral date from {date_from:%d/%m/%Y} is after to {date_to:%d/%m/%Y}: "
                "swap them, or clear one.")
    return None


def fts_query(typed: str) -> str | None:
    """What the user typed as an FTS5 query: every word, as a prefix, must match.
    Words are quoted, so nothing typed can be read as FTS5 syntax."""
    terms = _TOKEN.findall(typed[:MAX_SEARCH_CHARS])[:MAX_SEARCH_TERMS]
    if not terms:
        return None
    return " ".join(f'"{term}"*' for term in terms)


def apply_filter(
    rows: Sequence[Row], chosen: RegisterFilter, ids: set[int] | None = None, row_ids: Sequence[int] | None = None
) -> list[Row]:
    """The rows that pass the filter (and, when searching, whose id is in `ids`), in
    their order. Only the tests that are switched on are run: this is on every keystroke.
    `row_ids` (the rows' ids, in order) lets the search test ids without opening rows."""
    kept: Iterable[Row] = rows
    if ids is not None:
        kept = list(compress(rows, map(ids.__contains__, row_ids if row_ids is not None else map(itemgetter(ID), rows))))
    if chosen.statuses:
        statuses = chosen.statuses
        kept = [row for row in kept if row[STATUS] in statuses]
    if chosen.agency:
        agency = chosen.agency.casefold()
        kept = [row for row in kept if row[AGENCY].casefold() == agency]
    if chosen.date_from is not None:
        start = chosen.date_from
        kept = [row for row in kept if row[REFERRAL_DATE] is not None and row[REFERRAL_DATE] >= start]
    if chosen.date_to is not None:
        end = chosen.date_to
        kept = [row for row in kept if row[REFERRAL_DATE] is not None and row[REFERRAL_DATE] <= end]
    return list(kept)


_ROWS_SQL = (
    "SELECT id, reference, child_full_name, child_dob, agency_name, referral_date, status "
    f"FROM {Referral.__tablename__} ORDER BY id DESC"
)


class ReferralRegister:
    def __init__(self, store: Store) -> None:
        self.store = store
        #: One keyed, read-only connection kept for searching while the store is open:
        #: a search on every keystroke should not pay for opening and checking a
        #: connection each time (nor for a session: a plain statement on the driver
        #: measured 5-10 ms quicker per keystroke than one inside a session). Closed when
        #: the store releases its connections (a key rotation) or closes.
        self._search_connection: Any = None
        store.on_release(self._drop_connection)

    def rows(self, on: date | None = None) -> list[Row]:
        """Every referral as a tuple (see the positions above), newest reference first."""
        require(self.store.identity, Permission.VIEW_RECORDS)
        on = on or date.today()
        with self.store.read_session() as s:
            upcoming = dict(
                s.execute(
                    select(AgendaItem.referral_id, func.min(Meeting.meeting_date))
                    .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                    .where(
                        AgendaItem.referral_id.is_not(None),
                        Meeting.meeting_date >= on,
                        Meeting.status != MeetingStatus.CANCELLED.value,
                    )
                    .group_by(AgendaItem.referral_id)
                ).all()
            )
            # Straight to the driver, inside this session's transaction: SQLAlchemy's row
            # processing (dates read by a regular expression) costs more than the read
            # itself at 50,000 rows. Dates are stored ISO, read here with fromisoformat.
            driver = s.connection().connection.driver_connection
            assert driver is not None
            raw = driver.execute(_ROWS_SQL).fetchall()
        get = upcoming.get
        day = date.fromisoformat
        return [
            (rid, reference, child, day(dob) if dob else None, agency, day(referred) if referred else None, status,
             get(rid))
            for rid, reference, child, dob, agency, referred, status in raw
        ]

    def search(self, typed: str) -> set[int] | None:
        """Ids of referrals whose names, "also known as", household members or summary
        contain every typed word (as a word prefix). None when nothing searchable was typed."""
        require(self.store.identity, Permission.VIEW_RECORDS)
        query = fts_query(typed)
        if query is None:
            return None
        con = self._connection()
        try:
            rows = con.execute("SELECT rowid FROM referral_search WHERE referral_search MATCH ?", (query,)).fetchall()
        except dbapi2.Error as error:
            self._drop_connection()
            known = translate(error)
            if known is not None:
                raise known from None
            raise
        return set(map(itemgetter(0), rows))

    def _connection(self) -> Any:
        if self._search_connection is None:
            con = self.store.raw_connection()
            con.execute("PRAGMA query_only = ON")
            self._search_connection = con
        return self._search_connection

    def _drop_connection(self) -> None:
        con, self._search_connection = self._search_connection, None
        if con is not None:
            con.close()


def agencies_in_use(rows: Sequence[Row]) -> list[str]:
    """The agencies that referred, for the register's agency filter."""
    return sorted({row[AGENCY] for row in rows if row[AGENCY]}, key=str.casefold)
