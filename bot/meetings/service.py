"""/meeting: planning, moving and cancelling sessions, the table's rhythm, and showing what is coming."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.dates import resolve_date
from bot.core.parsing import When, parse_number, parse_when
from bot.core.replies import Actor, Announcement, Message, Reply, UserError
from bot.core.service import TableService, refuse
from bot.core.values import item_values, meeting_values
from bot.meetings import recurrence
from bot.reminders import plan as reminder_plan
from bot.storage import store
from bot.storage.models import Meeting, MeetingStatus, SteeringTable

DEFAULT_DURATION_MINUTES = 120
RHYTHM_OFF = ("off", "uit")


@dataclass
class RhythmPlan:
    """What (re)planning a rhythm did: new sessions with their occurrence, and what changed or stayed."""

    planned: list[tuple[Meeting, recurrence.Occurrence]] = field(default_factory=list)
    adjusted: list[Meeting] = field(default_factory=list)  # same moment, new place or duration
    kept: list[tuple[Meeting, int]] = field(default_factory=list)  # no longer fits, but has agenda items
    removed: list[Meeting] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.planned or self.adjusted or self.removed)

    def context(self, table: SteeringTable) -> dict[str, Any]:
        return {
            "table": table.name,
            "planned": [meeting_values(meeting, table) for meeting, _ in self.planned],
            "moves": [{"meeting": meeting_values(meeting, table), "day": occurrence.rule_day,
                       "holiday": occurrence.holiday} for meeting, occurrence in self.planned if occurrence.holiday],
            "adjusted": [meeting_values(meeting, table) for meeting in self.adjusted],
            "kept": [{"meeting": meeting_values(meeting, table), "item_count": items} for meeting, items in self.kept],
            "removed": [meeting_values(meeting, table) for meeting in self.removed],
        }

    def audit(self) -> dict[str, list[int]]:
        return {"planned": [m.number for m, _ in self.planned], "adjusted": [m.number for m in self.adjusted],
                "kept": [m.number for m, _ in self.kept], "removed": [m.number for m in self.removed]}


class Meetings(TableService):
    def schedule(self, actor: Actor, text: str) -> Reply:
        """Plan one session in the future, in the table's time zone, and tell the channel."""
        when = parse_when(text)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "meetings.manage")
            starts = self._moment(table, when)
            meeting = store.add_meeting(db, table_id=table.id, starts_at=starts,
                                        duration_minutes=when.duration_minutes or DEFAULT_DURATION_MINUTES,
                                        location=when.place, now=self._clock.now())
            reminder_plan.plan_meeting(db, table=table, meeting=meeting, now=self._clock.now())
            self._audit(db, table, actor, "meeting.schedule", f"session#{meeting.number}", starts=starts)
            view = meeting_values(meeting, table)
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
            before = meeting_values(meeting, table)
            meeting.starts_at = self._moment(table, when)
            meeting.sequence += 1
            reminder_plan.plan_meeting(db, table=table, meeting=meeting, now=self._clock.now())
            self._audit(db, table, actor, "meeting.move", f"session#{number}", starts=meeting.starts_at)
            context = {"table": table.name, "meeting": meeting_values(meeting, table), "before": before}
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
            meeting.sequence += 1
            reminder_plan.drop_pending(db, meeting=meeting)
            self._audit(db, table, actor, "meeting.cancel", f"session#{number}")
            context = {"table": table.name, "meeting": meeting_values(meeting, table),
                       "items": len(store.agenda(db, meeting_id=meeting.id))}
            announcement = Announcement(table.channel_id, Message("meeting_cancelled_announcement", table.language,
                                                                  context))
            return Reply(Message("meeting_cancelled", table.language, context), announcements=(announcement,))

    def next(self, actor: Actor) -> Reply:
        """The next session with its agenda."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "meetings.view")
            upcoming = store.upcoming_meetings(db, table_id=table.id, now=self._clock.now(), limit=1)
            if not upcoming:
                raise refuse("no_session_planned", table)
            items = [item_values(i) for i in store.agenda(db, meeting_id=upcoming[0].id)]
            return Reply.ephemeral("meeting_next", table.language, table=table.name,
                                   meeting=meeting_values(upcoming[0], table), items=items)

    def upcoming(self, actor: Actor) -> Reply:
        """The sessions still to come, earliest first."""
        with self._read() as db:
            table, _ = self._scope(db, actor, "meetings.view")
            meetings = store.upcoming_meetings(db, table_id=table.id, now=self._clock.now())
            return Reply.ephemeral("meeting_list", table.language, table=table.name,
                                   meetings=[meeting_values(m, table) for m in meetings])

    def recur(self, actor: Actor, text: str) -> Reply:
        """Set the table's rhythm (or clear it with `off`) and replan the coming twelve months.

        Future rhythm sessions that no longer fit are cancelled, unless they have agenda items: those are kept
        and listed for the secretary. Sessions planned by hand are never touched, nor doubled on their day.
        """
        off = text.strip().lower() in RHYTHM_OFF
        rule = None if off else recurrence.parse_rule(text)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "meetings.manage")
            store.lock_table(db, table=table)
            now, before = self._clock.now(), table.recurrence
            if rule is None:
                table.recurrence = ""
            else:
                table.recurrence = recurrence.to_rrule(rule, now=now, timezone=table.timezone)
                table.recurrence_duration_minutes = rule.duration_minutes or DEFAULT_DURATION_MINUTES
                table.recurrence_location = rule.place
            plan = self._replan(db, table, now=now)
            self._audit(db, table, actor, "meeting.recur", table.channel_id, rule=table.recurrence, **plan.audit())
            context = plan.context(table)
            if rule is None:
                template = "rhythm_off"
                context = {"table": table.name, "removed": context["removed"], "kept": context["kept"],
                           "unchanged": not before}
            else:
                template = "rhythm_set"
                context["rule"] = rule.view(duration_minutes=table.recurrence_duration_minutes)
            announcements: tuple[Announcement, ...] = ()
            if rule is not None or plan.changed or before:  # retyping `off` with nothing to undo stays quiet
                announcements = (Announcement(table.channel_id, Message(f"{template}_announcement", table.language,
                                                                        context)),)
            return Reply(Message(template, table.language, context), announcements=announcements)

    def extend(self, now: datetime) -> list[Announcement]:
        """Plan what each table's rhythm owes up to twelve months ahead; a second run plans nothing new.

        For the daily scheduler job: it returns the channel messages about new sessions for the caller to post.
        """
        announcements = []
        with self._database.session() as db:
            for table in store.tables_with_rhythm(db):
                store.lock_table(db, table=table)
                plan = self._replan(db, table, now=now, extend_only=True)
                if plan.planned:
                    context = plan.context(table)
                    announcements.append(Announcement(table.channel_id, Message(
                        "rhythm_extended", table.language, {key: context[key] for key in ("table", "planned",
                                                                                           "moves")})))
                db.commit()
        return announcements

    def _replan(self, db: Session, table: SteeringTable, *, now: datetime, extend_only: bool = False) -> RhythmPlan:
        """Make the sessions from tomorrow on follow the table's rule (none when it is off).

        Extending only adds occurrences after the last session the rhythm ever planned, so sessions cancelled
        or moved by hand stay as they are. A full replan skips an occurrence whose moment holds a rhythm session
        cancelled by hand (rule changes clear `recurring` on what they remove, so those do not count).
        """
        plan = RhythmPlan()
        owed = {occurrence.starts: occurrence for occurrence in self._owed(table, now)}
        sessions = store.meetings_since(db, table_id=table.id,
                                        start=recurrence.planning_start(now, table.timezone))
        if extend_only:
            last = store.last_recurring_meeting(db, table_id=table.id)
            owed = {moment: o for moment, o in owed.items() if last is None or moment > last.starts_at}
        else:
            for meeting in [m for m in sessions if m.recurring and m.status != MeetingStatus.cancelled]:
                self._refit(db, table, meeting, owed, plan)
        zone = ZoneInfo(table.timezone)
        busy = {m.starts_at.astimezone(zone).date() for m in sessions if m.status != MeetingStatus.cancelled}
        cancelled_by_hand = {m.starts_at for m in sessions if m.recurring and m.status == MeetingStatus.cancelled}
        for moment, occurrence in owed.items():
            if moment.date() in busy or moment in cancelled_by_hand:
                continue
            meeting = store.add_meeting(db, table_id=table.id, starts_at=moment,
                                        duration_minutes=table.recurrence_duration_minutes,
                                        location=table.recurrence_location, now=now)
            meeting.recurring, meeting.holiday = True, occurrence.holiday[:120]
            reminder_plan.plan_meeting(db, table=table, meeting=meeting, now=now)
            plan.planned.append((meeting, occurrence))
        db.flush()
        return plan

    def _refit(self, db: Session, table: SteeringTable, meeting: Meeting,
               owed: dict[datetime, recurrence.Occurrence], plan: RhythmPlan) -> None:
        """Keep, adjust or cancel one future rhythm session under the (new) rule."""
        items = len(store.agenda(db, meeting_id=meeting.id))
        fits_moment = meeting.starts_at in owed
        fits_details = (meeting.duration_minutes, meeting.location) == (table.recurrence_duration_minutes,
                                                                        table.recurrence_location)
        if fits_moment:
            owed.pop(meeting.starts_at)
            if fits_details:
                return
            if not items:
                meeting.duration_minutes, meeting.location = (table.recurrence_duration_minutes,
                                                              table.recurrence_location)
                meeting.sequence += 1
                plan.adjusted.append(meeting)
                return
        if items:
            plan.kept.append((meeting, items))
            return
        meeting.status, meeting.recurring = MeetingStatus.cancelled, False
        meeting.sequence += 1
        reminder_plan.drop_pending(db, meeting=meeting)
        plan.removed.append(meeting)

    @staticmethod
    def _owed(table: SteeringTable, now: datetime) -> list[recurrence.Occurrence]:
        if not table.recurrence:
            return []
        return recurrence.occurrences(table.recurrence, now=now, timezone=table.timezone,
                                      country=table.holiday_country, language=table.language)

    def _moment(self, table: SteeringTable, when: When) -> datetime:
        zone = ZoneInfo(table.timezone)
        day = resolve_date(when.date_text, today=self._local_now(table).replace(tzinfo=None))
        starts = datetime.combine(day, when.at, tzinfo=zone)
        if starts <= self._clock.now():
            raise refuse("date_in_past", table, value=f"{when.date_text} {when.at:%H:%M}")
        return starts

    def _changeable(self, db: Session, table: SteeringTable, number: int) -> Meeting:
        meeting = store.meeting_by_number(db, table_id=table.id, number=number)
        if meeting is None:
            raise refuse("unknown_session", table, value=f"#{number}")
        if meeting.status == MeetingStatus.cancelled:
            raise refuse("session_cancelled", table, meeting=meeting_values(meeting, table))
        if meeting.status == MeetingStatus.held or meeting.starts_at <= self._clock.now():
            raise refuse("session_past", table, meeting=meeting_values(meeting, table))
        return meeting
