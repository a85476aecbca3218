"""A table's sessions as an iCalendar (RFC 5545) document, for the uploaded file and the subscribable feed.

Pure: plain values in, bytes out. Outlook and Google Calendar update an event in place when its UID stays the
same and its SEQUENCE rises, which is why every move and cancel raises `Meeting.sequence`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

PRODUCT_ID = "-//Regiebot//Regiebot//EN"
REFRESH = timedelta(hours=1)  # how often subscribed clients are asked to fetch the feed again
ZONE_MARGIN = timedelta(days=366)  # the VTIMEZONE covers every session with a year to spare


@dataclass(frozen=True)
class CalendarSession:
    uid: str
    summary: str
    starts: datetime
    duration_minutes: int
    location: str
    sequence: int
    cancelled: bool


def session_uid(*, team_id: str, channel_id: str, number: int) -> str:
    """The same for a session on every call, move and cancel, and unique across workspaces and installations."""
    return f"session-{number}-{channel_id}-{team_id}@regiebot"


def build_calendar(*, name: str, timezone: str, sessions: Sequence[CalendarSession], stamp: datetime) -> bytes:
    """The calendar `name` in `timezone`: one VTIMEZONE, and one VEVENT per session, earliest first."""
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)  # RFC 7986, and the extension most clients read:
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    moments = [stamp, *(session.starts for session in sessions)]
    calendar.add_component(Timezone.from_tzinfo(zone, tzid=timezone, first_date=(min(moments) - ZONE_MARGIN).date(),
                                                last_date=(max(moments) + ZONE_MARGIN).date()))
    for session in sorted(sessions, key=lambda s: s.starts):
        calendar.add_component(_event(session, zone, stamp))
    return calendar.to_ical()


def _event(session: CalendarSession, zone: ZoneInfo, stamp: datetime) -> Event:
    starts = session.starts.astimezone(UTC)
    event = Event()
    event.add("uid", session.uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", starts.astimezone(zone))
    # add in UTC: wall-clock arithmetic would be an hour off for a session spanning a DST change
    event.add("dtend", (starts + timedelta(minutes=session.duration_minutes)).astimezone(zone))
    event.add("summary", session.summary)
    if session.location:
        event.add("location", session.location)
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    return event
