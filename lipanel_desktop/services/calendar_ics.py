"""The panel calendar as an iCalendar file (RFC 5545) that Outlook and other calendar
programs import: CRLF line ends, lines folded at 75 octets, a UID and DTSTAMP on every
event, TEXT values escaped, times in Europe/London with its VTIMEZONE.

Only meeting kinds, reference numbers, chairs' titles and places go in: never a child's
name (the file leaves the encrypted database, so it holds nothing from a referral but
its reference).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from lipanel_desktop.errors import KnownError, ValidationError
from lipanel_desktop.models.meeting import AgendaItem, Meeting
from lipanel_desktop.models.referral import Referral
from lipanel_desktop.services.field_checks import check_date, uk
from lipanel_desktop.services.meetings import MeetingSummary, summaries
from lipanel_desktop.services.permissions import require
from lipanel_desktop.storage import audit
from lipanel_desktop.storage.atomic_file import replace_atomically
from lipanel_desktop.storage.store import Store
from lipanel_desktop.vocabulary.panel import MeetingStatus
from lipanel_desktop.vocabulary.roles import Permission

CRLF = "\r\n"
TZID = "Europe/London"
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)
DEFAULT_LENGTH = timedelta(hours=2)


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """RFC 5545 §3.1: at most 75 octets a line; continuation lines start with a space.
    Never splits a UTF-8 character."""
    out: list[str] = []
    current, size, limit = [], 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [" "], 1, 75
        current.append(ch)
        size += width
    out.append("".join(current))
    return CRLF.join(out)


@dataclass(frozen=True)
class IcsResult:
    path: Path
    meetings: int


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _uid(reference: str, database_id: str, suffix: str = "") -> str:
    # Stable across exports, so re-importing updates events rather than duplicating them;
    # the database id is hashed so the file does not carry it.
    scope = hashlib.sha256(database_id.encode("utf-8")).hexdigest()[:16]
    return f"{reference}{suffix}-{scope}@lipanel.invalid"


def _event_lines(meeting: MeetingSummary, agenda: list[str], stamp: str, database_id: str) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{_uid(meeting.reference, database_id)}", f"DTSTAMP:{stamp}"]
    day = meeting.meeting_date
    if meeting.start_time is not None:
        start = datetime.combine(day, meeting.start_time)
        end = datetime.combine(day, meeting.end_time) if meeting.end_time else start + DEFAULT_LENGTH
        lines += [f"DTSTART;TZID={TZID}:{start:%Y%m%dT%H%M%S}", f"DTEND;TZID={TZID}:{end:%Y%m%dT%H%M%S}"]
    else:
        lines += [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}"]
    summary = f"{meeting.kind_label} ({meeting.reference})"
    if meeting.review_reference:
        summary += f" – {meeting.review_reference}"
    details = [f"Chair: {meeting.chair_title}" if meeting.chair_title else ""]
    if meeting.papers_deadline:
        details.append(f"Papers due: {uk(meeting.papers_deadline)}")
    if agenda:
        details.append("Referrals on the agenda: " + ", ".join(agenda))
    lines.append(f"SUMMARY:{escape_text(summary)}")
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    lines.append(f"DESCRIPTION:{escape_text(chr(10).join(d for d in details if d))}")
    lines.append("STATUS:" + ("TENTATIVE" if meeting.status == MeetingStatus.PROPOSED else "CONFIRMED"))
    lines += ["TRANSP:OPAQUE", "CLASS:CONFIDENTIAL", "END:VEVENT"]
    return lines


def _papers_lines(meeting: MeetingSummary, stamp: str, database_id: str) -> list[str]:
    assert meeting.papers_deadline is not None
    day = meeting.papers_deadline
    return [
        "BEGIN:VEVENT",
        f"UID:{_uid(meeting.reference, database_id, '-papers')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape_text(f'Papers due for {meeting.reference} ({uk(meeting.meeting_date)})')}",
        "TRANSP:TRANSPARENT",
        "CLASS:CONFIDENTIAL",
        "END:VEVENT",
    ]


def build_ics(meetings: list[MeetingSummary], agendas: dict[int, list[str]], database_id: str, now: datetime) -> str:
    stamp = _stamp(now)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//LIPanel Desktop//Panel calendar//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Learning and Improvement Panel", *_VTIMEZONE]
    for meeting in meetings:
        lines += _event_lines(meeting, agendas.get(meeting.id, []), stamp, database_id)
        if meeting.papers_deadline and not meeting.papers_sent_on and meeting.status != MeetingStatus.HELD:
            lines += _papers_lines(meeting, stamp, database_id)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


class CalendarExport:
    def __init__(self, store: Store) -> None:
        self.store = store

    def export(self, path: Path, first: date | None = None, last: date | None = None,
               *, now: datetime | None = None) -> IcsResult:
        """Write the meetings in [first, last] (cancelled ones left out) as an .ics file."""
        require(self.store.identity, Permission.EXPORT_DOCUMENTS)
        problems: dict[str, str] = {}
        first = check_date(first, field="first", label="The first date", problems=problems)
        last = check_date(last, field="last", label="The last date", problems=problems)
        if first and last and last < first:
            problems["last"] = "The last date must be on or after the first."
        path = Path(path)
        if path.suffix.lower() != ".ics":
            problems["path"] = "Give a file name ending in .ics (an iCalendar file)."
        elif path.is_dir():
            problems["path"] = f"{path} is a folder; give a file name ending in .ics."
        elif not path.parent.is_dir():
            problems["path"] = f"The folder {path.parent} does not exist."
        if problems:
            raise ValidationError(problems)
        now = now or datetime.now(timezone.utc)
        with self.store.read_session() as s:
            where = Meeting.status != MeetingStatus.CANCELLED.value
            if first:
                where = where & (Meeting.meeting_date >= first)
            if last:
                where = where & (Meeting.meeting_date <= last)
            meetings = summaries(s, where)
            agendas: dict[int, list[str]] = {}
            for meeting_id, reference in s.execute(
                select(AgendaItem.meeting_id, Referral.reference)
                .join(Referral, Referral.id == AgendaItem.referral_id)
                .where(AgendaItem.meeting_id.in_([m.id for m in meetings]))
                .order_by(AgendaItem.meeting_id, AgendaItem.position)
            ):
                agendas.setdefault(meeting_id, []).append(reference)
        text = build_ics(meetings, agendas, self.store.database_id, now)
        try:
            replace_atomically(path, text.encode("utf-8"))
        except OSError as error:
            raise KnownError(f"The calendar could not be written to {path}: {error.strerror or error}. "
                             "Choose another folder.") from None
        if not self.store.read_only:
            with self.store.session() as s:
                audit.record(s, "meetings", f"{len(meetings)} meetings", "export calendar")
        return IcsResult(path, len(meetings))
