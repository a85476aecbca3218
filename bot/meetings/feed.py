"""/meeting calendar: the table's sessions as an .ics file, and a secret feed address calendar apps subscribe to.

The feed address carries a per-table token made on first use; `revoke` replaces it, so the old address stops
working at once. A request with any other token learns nothing, not even whether a table exists.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlmodel import Session

from bot.core.access import Permissions
from bot.core.clock import Clock
from bot.core.replies import Actor, Announcement, Message, Reply
from bot.core.service import TableService
from bot.meetings.ics import CalendarSession, build_calendar, session_uid
from bot.render import Renderer
from bot.slack.gateway import SlackGateway
from bot.storage import store
from bot.storage.db import Database
from bot.storage.models import MeetingStatus, SteeringTable

HISTORY = timedelta(days=365)  # past sessions stay in the calendar for a year
TOKEN_BYTES = 32
FILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
PLACEHOLDER = re.compile(r"\{(table|number)\}")


class CalendarFeed(TableService):
    def __init__(self, database: Database, clock: Clock, permissions: Permissions, *, public_url: str,
                 renderer: Renderer, slack: SlackGateway) -> None:
        super().__init__(database, clock, permissions)
        self._public_url = public_url.rstrip("/")
        self._renderer = renderer
        self._slack = slack

    def share(self, actor: Actor) -> Reply:
        """The table's calendar as a file in its channel, and the feed address (made on first use) for the caller."""
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "meetings.view")
            if not table.calendar_token:
                table.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
                self._audit(db, table, actor, "calendar.feed", "calendar")
            content, language, channel_id = self._ics(db, table), table.language, table.channel_id
            words = {"table": table.name, "url": self._address(table), "channel_id": channel_id}
            filename = f"{FILE_NAME_UNSAFE.sub('-', table.name).strip('-').lower() or 'sessions'}.ics"
            title = self._words(table, "calendar_file_title")
        comment = self._renderer.message(Message("calendar_file_comment", language, {"table": words["table"]}))
        uploaded = self._slack.upload(channel_id, filename, content, title, comment)
        return Reply.ephemeral("calendar_shared", language, **words, uploaded=uploaded)

    def revoke(self, actor: Actor) -> Reply:
        """Replace the feed address: the old one answers 404 from now on, and the channel hears it changed."""
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "meetings.manage")
            table.calendar_token = secrets.token_urlsafe(TOKEN_BYTES)
            self._audit(db, table, actor, "calendar.revoke", "calendar")
            announcement = Announcement(table.channel_id, Message("calendar_revoked_announcement", table.language,
                                                                  {"table": table.name}))
            return Reply(Message("calendar_revoked", table.language,
                                 {"table": table.name, "url": self._address(table)}),
                         announcements=(announcement,))

    def feed(self, token: str) -> bytes | None:
        """The calendar of the table this token belongs to; None for any other token."""
        with self._read() as db:
            table = store.table_by_calendar_token(db, token=token)
            return None if table is None else self._ics(db, table)

    def _ics(self, db: Session, table: SteeringTable) -> bytes:
        now = self._clock.now()
        meetings = store.meetings_since(db, table_id=table.id, start=now - HISTORY)
        summary = self._renderer.label(table.language, "calendar_event_summary")
        sessions = [
            CalendarSession(uid=session_uid(team_id=table.team_id, channel_id=table.channel_id, number=m.number),
                            summary=_fill(summary, table=table.name, number=m.number), starts=m.starts_at,
                            duration_minutes=m.duration_minutes, location=m.location, sequence=m.sequence,
                            cancelled=m.status == MeetingStatus.cancelled)
            for m in meetings
        ]
        return build_calendar(name=table.name, timezone=table.timezone, sessions=sessions, stamp=now)

    def _words(self, table: SteeringTable, key: str) -> str:
        return _fill(self._renderer.label(table.language, key), table=table.name)

    def _address(self, table: SteeringTable) -> str:
        return f"{self._public_url}/calendar/{table.calendar_token}.ics"


def _fill(label: str, **values: object) -> str:
    """Put values into a label's `{table}` and `{number}`: each language orders its own words around them."""
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1), match.group(0))), label)
