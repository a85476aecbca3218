"""Database tables. Data only: the rules live in the services.

The meeting entity is `Meeting` because SQLModel already uses `Session`; people still read "session".
Every table carries its own per-table counters so that numbers shown to people (`#3`) are short.
Primary keys are typed `int`, not the SQLModel docs' `int | None`: a row's id is read only once the database has
given it (after a flush or a query), and the optional type made every caller of a store function say so again.
The enums the columns hold live in `bot.storage.enums`; `__all__` re-exports them, so callers import a table and
its statuses from one place.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, DateTime, String, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.enums import (
    ActionStatus,
    ItemKind,
    ItemStatus,
    MeetingStatus,
    NoteKind,
    ReminderKind,
    ReminderStatus,
    Role,
    SummaryStatus,
)

__all__ = [
    "ActionPoint", "ActionStatus", "AgendaItem", "Attendance", "AuditEntry", "ItemKind", "ItemStatus", "Meeting",
    "MeetingStatus", "Member", "Note", "NoteKind", "ProcessedDelivery", "Reminder", "ReminderKind",
    "ReminderStatus", "Role", "SteeringTable", "Summary", "SummaryStatus", "UTCDateTime",
]


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always returns them aware, also on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_column(nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


def part_of(table: str) -> Any:
    """A row's owner: an indexed foreign key to `table`, whose deletion deletes the row too."""
    return Field(foreign_key=f"{table}.id", index=True, ondelete="CASCADE")


class SteeringTable(SQLModel, table=True):
    __tablename__ = "steering_table"
    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)

    id: int = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    channel_id: str = Field(max_length=32)
    name: str = Field(max_length=80)
    language: str = Field(max_length=2)
    timezone: str = Field(max_length=64)
    holiday_country: str = Field(default="NL", max_length=8)
    meeting_seq: int = 0
    item_seq: int = 0
    action_seq: int = 0
    created_at: datetime = Field(sa_column=utc_column())
    # reminder offsets in minutes before the session (call, close, meeting) or the due date (action)
    call_offset_minutes: int = Field(default=14 * 24 * 60, sa_column_kwargs={"server_default": str(14 * 24 * 60)})
    close_offset_minutes: int = Field(default=3 * 24 * 60, sa_column_kwargs={"server_default": str(3 * 24 * 60)})
    meeting_offset_minutes: int = Field(default=24 * 60, sa_column_kwargs={"server_default": str(24 * 60)})
    action_offset_minutes: int = Field(default=2 * 24 * 60, sa_column_kwargs={"server_default": str(2 * 24 * 60)})
    reminder_time: str = Field(default="09:00", max_length=5, sa_column_kwargs={"server_default": "09:00"})
    # the rhythm: an iCalendar RRULE (without DTSTART) read in the table's time zone; empty when off
    recurrence: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    recurrence_duration_minutes: int = Field(default=120, sa_column_kwargs={"server_default": "120"})
    recurrence_location: str = Field(default="", max_length=500, sa_column_kwargs={"server_default": ""})
    # secret of the subscribable calendar feed; empty when revoked or never made
    calendar_token: str = Field(default="", max_length=64, index=True, sa_column_kwargs={"server_default": ""})
    # objectivity settings (objectivity.md, 'Settings a table needs')
    facts_credited: bool = Field(default=True, sa_column_kwargs={"server_default": "1"})
    chatham: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    note_seq: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Member(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("table_id", "user_id"),)

    id: int = Field(default=None, primary_key=True)
    table_id: int = part_of("steering_table")
    user_id: str = Field(max_length=32)
    display_name: str = Field(max_length=120)
    organisation: str = Field(max_length=40)
    role: Role = Field(sa_column=Column(String(16), nullable=False))
    deputy: bool = False
    created_at: datetime = Field(sa_column=utc_column())


class Meeting(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("table_id", "number"),)

    id: int = Field(default=None, primary_key=True)
    table_id: int = part_of("steering_table")
    number: int
    starts_at: datetime = Field(sa_column=utc_column())
    duration_minutes: int = 120
    location: str = Field(default="", max_length=500)
    status: MeetingStatus = Field(
        default=MeetingStatus.planned, sa_column=Column(String(16), nullable=False)
    )
    created_at: datetime = Field(sa_column=utc_column())
    sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # iCalendar SEQUENCE, raised on change
    recurring: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})  # planned by the table's rhythm
    holiday: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})  # the holiday it avoided


class AgendaItem(SQLModel, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("table_id", "number"),)

    id: int = Field(default=None, primary_key=True)
    table_id: int = part_of("steering_table")
    meeting_id: int = part_of("meeting")
    number: int
    title: str = Field(max_length=150)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    kind: ItemKind = Field(default=ItemKind.discussion, sa_column=Column(String(16), nullable=False))
    submitter_id: str = Field(max_length=32)
    organisation: str = Field(default="", max_length=40)
    position: int
    status: ItemStatus = Field(default=ItemStatus.proposed, sa_column=Column(String(16), nullable=False))
    created_at: datetime = Field(sa_column=utc_column())


class ActionPoint(SQLModel, table=True):
    __tablename__ = "action_point"
    __table_args__ = (UniqueConstraint("table_id", "number"),)

    id: int = Field(default=None, primary_key=True)
    table_id: int = part_of("steering_table")
    number: int
    text: str = Field(max_length=500)
    owner_user_id: str | None = Field(default=None, max_length=32)
    owner_organisation: str = Field(max_length=40)
    due_date: date | None = None
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    status: ActionStatus = Field(default=ActionStatus.open, sa_column=Column(String(16), nullable=False))
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=utc_column())
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Note(SQLModel, table=True):
    """What the secretary records on a session (an agenda item, or the general section when item is None)."""

    __table_args__ = (UniqueConstraint("table_id", "number"),)

    id: int = Field(default=None, primary_key=True)
    table_id: int = part_of("steering_table")
    meeting_id: int = part_of("meeting")
    agenda_item_id: int | None = Field(default=None, foreign_key="agenda_item.id", ondelete="SET NULL")
    number: int
    kind: NoteKind = Field(sa_column=Column(String(16), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    author_id: str = Field(default="", max_length=32)  # who wrote or said it: metadata, never in the summary
    source_ts: str = Field(default="", max_length=32)  # the Slack message it came from (Add to minutes)
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=utc_column())


class Attendance(SQLModel, table=True):
    """An organisation present at a session, or excused: from the meeting reminder's buttons (user_id set) or
    the secretary's correction (user_id empty), which wins."""

    __table_args__ = (UniqueConstraint("meeting_id", "organisation", "user_id"),)

    id: int = Field(default=None, primary_key=True)
    meeting_id: int = part_of("meeting")
    organisation: str = Field(max_length=40)
    user_id: str = Field(default="", max_length=32)
    present: bool
    at: datetime = Field(sa_column=utc_column())


class Summary(SQLModel, table=True):
    """One version of a session's objectivised summary. Once approved its content, body and hash are frozen:
    the database refuses any change to its row (the triggers of `bot.storage.db.FREEZE`, migration 0003)."""

    __table_args__ = (UniqueConstraint("meeting_id", "version"),)

    id: int = Field(default=None, primary_key=True)
    table_id: int = part_of("steering_table")
    meeting_id: int = part_of("meeting")
    version: int
    language: str = Field(max_length=2)
    status: SummaryStatus = Field(sa_column=Column(String(24), nullable=False))
    content: str = Field(sa_column=Column(Text, nullable=False))  # SummaryDocument JSON
    body: str = Field(sa_column=Column(Text, nullable=False))  # its Markdown without the stamp: what is hashed
    content_hash: str = Field(default="", max_length=64)
    channel_id: str = Field(max_length=32)
    parent_ts: str = Field(default="", max_length=32)  # the thread every version of this session lives in
    created_by: str = Field(max_length=32)
    created_at: datetime = Field(sa_column=utc_column())
    approved_by: str = Field(default="", max_length=32)
    approved_by_name: str = Field(default="", max_length=120)
    approved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    changes_reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class ProcessedDelivery(SQLModel, table=True):
    """One row per Slack delivery that changed something: a retry or double click finds it and stops."""

    __tablename__ = "processed_delivery"

    key: str = Field(primary_key=True, max_length=200)
    received_at: datetime = Field(sa_column=utc_column())


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int = Field(default=None, primary_key=True)
    table_id: int | None = Field(default=None, foreign_key="steering_table.id", index=True, ondelete="CASCADE")
    team_id: str = Field(max_length=32)
    actor_id: str = Field(max_length=32)
    action: str = Field(max_length=64)
    target: str = Field(default="", max_length=64)
    detail: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    at: datetime = Field(sa_column=utc_column())


class Reminder(SQLModel, table=True):
    """A message due at a moment. The unique key makes it once-only; claiming makes it one process's job."""

    id: int = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    table_id: int = part_of("steering_table")
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="CASCADE")
    action_id: int | None = Field(default=None, foreign_key="action_point.id", ondelete="CASCADE")
    summary_id: int | None = Field(default=None, foreign_key="summary.id", ondelete="CASCADE")
    kind: ReminderKind = Field(sa_column=Column(String(24), nullable=False))
    target: str = Field(max_length=32)  # a channel or a user id
    due_at: datetime = Field(sa_column=utc_column())
    status: ReminderStatus = Field(default=ReminderStatus.pending, sa_column=Column(String(16), nullable=False,
                                                                                   index=True))
    attempts: int = 0
    claimed_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_error: str = Field(default="", max_length=500)
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column())


class ReviewFinding(SQLModel, table=True):
    """One point the engine flagged in a version of a summary, numbered 1.. per version. It is open until the
    secretary confirms it as it stands (`/minutes checked`); the chair cannot approve while one is open."""

    __tablename__ = "review_finding"
    __table_args__ = (UniqueConstraint("summary_id", "number"),)

    id: int = Field(default=None, primary_key=True)
    summary_id: int = part_of("summary")
    number: int
    note_number: str = Field(default="", max_length=16)
    problem: str = Field(max_length=40)
    words: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # JSON list
    original: str = Field(sa_column=Column(Text, nullable=False))
    output: str = Field(sa_column=Column(Text, nullable=False))
    suggestion: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    checked_by: str = Field(default="", max_length=32)
    checked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
