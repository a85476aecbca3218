"""/meeting: planning, moving and cancelling single sessions, and showing what is coming."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot import store
from bot.models import Meeting, MeetingStatus, SteeringTable
from bot.parsing import When, parse_number, parse_when, resolve_date
from bot.replies import Actor, Announcement, Message, Reply, UserError
from bot.service import Service, item_view, meeting_view, refuse

DEFAULT_DURATION_MINUTES = 120


class Meetings(Service):
    def schedule(self, actor: Actor, text: str) -> Reply:
        """Plan one session in the future, in the table's time zone, and tell the channel."""
        when = parse_when(text)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "meetings.manage")
            starts = self._moment(table, when)
            meeting = store.add_meeting(db, table_id=table.id, starts_at=starts,  # type: ignore[arg-type]
                                        duration_minutes=when.duration_minutes or DEFAULT_DURATION_MINUTES,
                                        location=when.place, now=self._clock.now())
            self._audit(db, table, actor, "meeting.schedule", f"session#{meeting.number}", starts=starts)
            view = meeting_view(meeting, table)
            announcement = Announcement(table.channel_id, Message("meeting_announced", table.language,
                                                                  {"table": table.name, "meeting": view}))
            return Reply(Message("meeting_scheduled", table.language, {"meeting": view}),
                         announcements=(announcement,))

    def move(self, actor: Actor, text: str) -> Reply:
        """Move a session that has not started to a new future date and time, and tell the channel."""
        number_text, _, rest = text.strip().partition(" ")
        if not number_text:
            raise UserError("missing_argument", argument="number")
        number = parse_number(number_text)
        when = parse_when(rest, allow_extras=False)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "meetings.manage")
            meeting = self._changeable(db, table, number)
            before = meeting_view(meeting, table)
            meeting.starts_at = self._moment(table, when)
            self._audit(db, table, actor, "meeting.move", f"session#{number}", starts=meeting.starts_at)
            context = {"table": table.name, "meeting": meeting_view(meeting, table), "before": before}
            announcement = Announcement(table.channel_id, Message("meeting_moved_announcement", table.language,
                                                                  context))
            return Reply(Message("meeting_moved", table.language, context), announcements=(announcement,))

    def cancel(self, actor: Actor, text: str) -> Reply:
        """Cancel a session that has not started, and tell the channel."""
        if not text.strip():
            raise UserError("missing_argument", argument="number")
        number = parse_number(text)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "meetings.manage")
            meeting = self._changeable(db, table, number)
            meeting.status = MeetingStatus.cancelled
            self._audit(db, table, actor, "meeting.cancel", f"session#{number}")
            context = {"table": table.name, "meeting": meeting_view(meeting, table),
                       "items": len(store.agenda(db, meeting_id=meeting.id))}  # type: ignore[arg-type]
            announcement = Announcement(table.channel_id, Message("meeting_cancelled_announcement", table.language,
                                                                  context))
            return Reply(Message("meeting_cancelled", table.language, context), announcements=(announcement,))

    def next(self, actor: Actor) -> Reply:
        """The next session with its agenda."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "meetings.view")
            upcoming = store.upcoming_meetings(db, table_id=table.id, now=self._clock.now(), limit=1)  # type: ignore[arg-type]
            if not upcoming:
                raise refuse("no_session_planned", table)
            items = [item_view(i) for i in store.agenda(db, meeting_id=upcoming[0].id)]  # type: ignore[arg-type]
            return Reply.ephemeral("meeting_next", table.language, table=table.name,
                                   meeting=meeting_view(upcoming[0], table), items=items)

    def upcoming(self, actor: Actor) -> Reply:
        """The sessions still to come, earliest first."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "meetings.view")
            meetings = store.upcoming_meetings(db, table_id=table.id, now=self._clock.now())  # type: ignore[arg-type]
            return Reply.ephemeral("meeting_list", table.language, table=table.name,
                                   meetings=[meeting_view(m, table) for m in meetings])

    def _moment(self, table: SteeringTable, when: When) -> datetime:
        zone = ZoneInfo(table.timezone)
        day = resolve_date(when.date_text, today=self._local_now(table).replace(tzinfo=None))
        starts = datetime.combine(day, when.at, tzinfo=zone)
        if starts <= self._clock.now():
            raise refuse("date_in_past", table, value=f"{when.date_text} {when.at:%H:%M}")
        return starts

    def _changeable(self, db: object, table: SteeringTable, number: int) -> Meeting:
        meeting = store.meeting_by_number(db, table_id=table.id, number=number)  # type: ignore[arg-type]
        if meeting is None:
            raise refuse("unknown_session", table, value=f"#{number}")
        if meeting.status == MeetingStatus.cancelled:
            raise refuse("session_cancelled", table, meeting=meeting_view(meeting, table))
        if meeting.status == MeetingStatus.held or meeting.starts_at <= self._clock.now():
            raise refuse("session_past", table, meeting=meeting_view(meeting, table))
        return meeting
