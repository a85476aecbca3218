"""Sessions of a table: adding one, and finding them by number, by date or by what comes next."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.storage.models import Meeting, MeetingStatus
from bot.storage.store.rows import next_number, stored

UPCOMING_STATUSES = (MeetingStatus.planned, MeetingStatus.agenda_closed)


def add_meeting(
    db: Session, *, table_id: int, starts_at: datetime, duration_minutes: int, location: str, now: datetime
) -> Meeting:
    number = next_number(db, table_id=table_id, counter="meeting_seq")
    return stored(db, Meeting(table_id=table_id, number=number, starts_at=starts_at,
                              duration_minutes=duration_minutes, location=location, created_at=now))


def meeting_by_number(db: Session, *, table_id: int, number: int) -> Meeting | None:
    return db.exec(select(Meeting).where(Meeting.table_id == table_id, Meeting.number == number)).first()


def meetings_between(db: Session, *, table_id: int, start: datetime, end: datetime) -> list[Meeting]:
    statement = (
        select(Meeting)
        .where(Meeting.table_id == table_id, col(Meeting.starts_at) >= start, col(Meeting.starts_at) < end)
        .order_by(col(Meeting.starts_at))
    )
    return list(db.exec(statement).all())


def meetings_since(db: Session, *, table_id: int, start: datetime) -> list[Meeting]:
    """Every session from `start` on, cancelled ones included, earliest first."""
    statement = (
        select(Meeting).where(Meeting.table_id == table_id, col(Meeting.starts_at) >= start)
        .order_by(col(Meeting.starts_at), col(Meeting.number))
    )
    return list(db.exec(statement).all())


def upcoming_meetings(db: Session, *, table_id: int, now: datetime, limit: int = 50) -> list[Meeting]:
    statement = (
        select(Meeting)
        .where(Meeting.table_id == table_id, col(Meeting.starts_at) > now, col(Meeting.status).in_(UPCOMING_STATUSES))
        .order_by(col(Meeting.starts_at))
        .limit(limit)
    )
    return list(db.exec(statement).all())


def next_open_meeting(db: Session, *, table_id: int, now: datetime) -> Meeting | None:
    """The first future session whose agenda still takes items."""
    statement = (
        select(Meeting)
        .where(Meeting.table_id == table_id, col(Meeting.starts_at) > now, Meeting.status == MeetingStatus.planned)
        .order_by(col(Meeting.starts_at))
    )
    return db.exec(statement).first()


def meeting_after(db: Session, *, meeting: Meeting) -> Meeting | None:
    """The first planned session after `meeting`, whose agenda still takes items."""
    return next_open_meeting(db, table_id=meeting.table_id, now=meeting.starts_at)


def latest_started_meeting(db: Session, *, table_id: int, now: datetime) -> Meeting | None:
    statement = (
        select(Meeting)
        .where(Meeting.table_id == table_id, col(Meeting.starts_at) <= now, Meeting.status != MeetingStatus.cancelled)
        .order_by(col(Meeting.starts_at).desc())
    )
    return db.exec(statement).first()


def last_recurring_meeting(db: Session, *, table_id: int) -> Meeting | None:
    """The latest session the table's rhythm planned, cancelled ones included."""
    statement = (
        select(Meeting).where(Meeting.table_id == table_id, col(Meeting.recurring).is_(True))
        .order_by(col(Meeting.starts_at).desc())
    )
    return db.exec(statement).first()
