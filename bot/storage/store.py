"""Every query. Keyword-only functions taking the session first; no rules, no Slack.

Per-table numbers come from counters on the table row, raised by one atomic UPDATE … RETURNING, so two
writers can never hand out the same `#n` (a row lock on PostgreSQL, the write lock on SQLite).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import delete, func, or_, true, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from bot.storage.models import (
    ActionPoint,
    ActionStatus,
    AgendaItem,
    Attendance,
    AuditEntry,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Member,
    Note,
    ProcessedDelivery,
    Reminder,
    ReminderKind,
    ReminderStatus,
    SteeringTable,
    Summary,
    SummaryStatus,
)

Counter = Literal["meeting_seq", "item_seq", "action_seq", "note_seq"]
ACTIVE_ITEM_STATUSES = (ItemStatus.proposed, ItemStatus.accepted, ItemStatus.deferred)
UPCOMING_STATUSES = (MeetingStatus.planned, MeetingStatus.agenda_closed)


def claim_delivery(db: Session, *, key: str, now: datetime) -> bool:
    """Record a Slack delivery; False when it was recorded before (a retry or a double submission).

    One INSERT … ON CONFLICT DO NOTHING, in the caller's transaction, so the claim commits with the effect or
    not at all. (A SAVEPOINT did not do that on SQLite: pysqlite opens no transaction for it, so releasing it
    committed the claim on its own.) On SQLite it also takes the write lock, so a second delivery for the same
    record waits here and then reads what the first one wrote.
    """
    insert = sqlite_insert if db.get_bind().dialect.name == "sqlite" else postgresql_insert
    statement = (insert(ProcessedDelivery).values(key=key, received_at=now).on_conflict_do_nothing()
                 .returning(col(ProcessedDelivery.key)))
    return db.execute(statement).first() is not None


def forget_deliveries(db: Session, *, before: datetime) -> int:
    """Drop delivery records older than `before`; Slack retries within minutes, so old ones guard nothing."""
    result = db.execute(delete(ProcessedDelivery).where(col(ProcessedDelivery.received_at) < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def next_number(db: Session, *, table_id: int, counter: Counter) -> int:
    column = getattr(SteeringTable, counter)
    statement = (
        update(SteeringTable).where(col(SteeringTable.id) == table_id).values({counter: column + 1}).returning(column)
    )
    return int(db.execute(statement).scalar_one())


def record_audit(
    db: Session, *, table_id: int | None, team_id: str, actor_id: str, action: str, target: str, now: datetime,
    detail: dict[str, object] | None = None,
) -> None:
    db.add(AuditEntry(table_id=table_id, team_id=team_id, actor_id=actor_id, action=action, target=target,
                      detail=json.dumps(detail or {}, default=str, ensure_ascii=False), at=now))


# tables and members


def table_for_channel(db: Session, *, channel_id: str) -> SteeringTable | None:
    return db.exec(select(SteeringTable).where(SteeringTable.channel_id == channel_id)).first()


def tables_of_user(db: Session, *, team_id: str, user_id: str) -> list[SteeringTable]:
    statement = (
        select(SteeringTable)
        .join(Member, col(Member.table_id) == col(SteeringTable.id))
        .where(Member.user_id == user_id, SteeringTable.team_id == team_id)
        .order_by(col(SteeringTable.name))
    )
    return list(db.exec(statement).all())


def add_table(
    db: Session, *, team_id: str, channel_id: str, name: str, language: str, timezone: str, now: datetime
) -> SteeringTable:
    table = SteeringTable(team_id=team_id, channel_id=channel_id, name=name, language=language, timezone=timezone,
                          created_at=now)
    db.add(table)
    db.flush()
    return table


def add_member(
    db: Session, *, table_id: int, user_id: str, name: str, organisation: str, role: str, deputy: bool, now: datetime
) -> Member:
    member = Member(table_id=table_id, user_id=user_id, display_name=name or user_id, organisation=organisation,
                    role=role, deputy=deputy, created_at=now)
    db.add(member)
    db.flush()
    return member


def member(db: Session, *, table_id: int, user_id: str) -> Member | None:
    return db.exec(select(Member).where(Member.table_id == table_id, Member.user_id == user_id)).first()


def members(db: Session, *, table_id: int) -> list[Member]:
    statement = select(Member).where(Member.table_id == table_id).order_by(col(Member.organisation), col(Member.id))
    return list(db.exec(statement).all())


def members_by_role(db: Session, *, table_id: int, role: str) -> list[Member]:
    return list(db.exec(select(Member).where(Member.table_id == table_id, Member.role == role)).all())


def organisations(db: Session, *, table_id: int) -> list[str]:
    statement = select(Member.organisation).where(Member.table_id == table_id).distinct()
    return sorted(set(db.exec(statement).all()), key=str.casefold)


def table_by_calendar_token(db: Session, *, token: str) -> SteeringTable | None:
    """The table whose calendar feed has this secret; never a table without one."""
    if not token:
        return None
    return db.exec(select(SteeringTable).where(SteeringTable.calendar_token == token)).first()


# meetings


def add_meeting(
    db: Session, *, table_id: int, starts_at: datetime, duration_minutes: int, location: str, now: datetime
) -> Meeting:
    number = next_number(db, table_id=table_id, counter="meeting_seq")
    meeting = Meeting(table_id=table_id, number=number, starts_at=starts_at, duration_minutes=duration_minutes,
                      location=location, created_at=now)
    db.add(meeting)
    db.flush()
    return meeting


def meeting_by_number(db: Session, *, table_id: int, number: int) -> Meeting | None:
    return db.exec(select(Meeting).where(Meeting.table_id == table_id, Meeting.number == number)).first()


def meetings_between(db: Session, *, table_id: int, start: datetime, end: datetime) -> list[Meeting]:
    statement = (
        select(Meeting)
        .where(Meeting.table_id == table_id, col(Meeting.starts_at) >= start, col(Meeting.starts_at) < end)
        .order_by(col(Meeting.starts_at))
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
    statement = (
        select(Meeting)
        .where(Meeting.table_id == meeting.table_id, col(Meeting.starts_at) > meeting.starts_at,
               Meeting.status == MeetingStatus.planned)
        .order_by(col(Meeting.starts_at))
    )
    return db.exec(statement).first()


def latest_started_meeting(db: Session, *, table_id: int, now: datetime) -> Meeting | None:
    statement = (
        select(Meeting)
        .where(Meeting.table_id == table_id, col(Meeting.starts_at) <= now, Meeting.status != MeetingStatus.cancelled)
        .order_by(col(Meeting.starts_at).desc())
    )
    return db.exec(statement).first()


def meetings_since(db: Session, *, table_id: int, start: datetime) -> list[Meeting]:
    """Every session from `start` on, cancelled ones included, earliest first."""
    statement = (
        select(Meeting).where(Meeting.table_id == table_id, col(Meeting.starts_at) >= start)
        .order_by(col(Meeting.starts_at), col(Meeting.number))
    )
    return list(db.exec(statement).all())


def last_recurring_meeting(db: Session, *, table_id: int) -> Meeting | None:
    """The latest session the table's rhythm planned, cancelled ones included."""
    statement = (
        select(Meeting).where(Meeting.table_id == table_id, col(Meeting.recurring).is_(True))
        .order_by(col(Meeting.starts_at).desc())
    )
    return db.exec(statement).first()


def tables_with_rhythm(db: Session) -> list[SteeringTable]:
    return list(db.exec(select(SteeringTable).where(SteeringTable.recurrence != "")
                        .order_by(col(SteeringTable.id))).all())


def lock_table(db: Session, *, table: SteeringTable) -> None:
    """Hold the table's row until commit (PostgreSQL), so two processes never plan one rhythm twice."""
    db.refresh(table, with_for_update=True)


# agenda items


def agenda(db: Session, *, meeting_id: int, include_withdrawn: bool = False) -> list[AgendaItem]:
    statement = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
    if not include_withdrawn:
        statement = statement.where(col(AgendaItem.status).in_(ACTIVE_ITEM_STATUSES))
    return list(db.exec(statement.order_by(col(AgendaItem.position), col(AgendaItem.number))).all())


def agenda_item(db: Session, *, table_id: int, number: int) -> AgendaItem | None:
    return db.exec(select(AgendaItem).where(AgendaItem.table_id == table_id, AgendaItem.number == number)).first()


def add_agenda_item(
    db: Session, *, meeting: Meeting, title: str, description: str, kind: str, submitter_id: str,
    organisation: str, now: datetime,
) -> AgendaItem:
    number = next_number(db, table_id=meeting.table_id, counter="item_seq")
    last = db.exec(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == meeting.id)).one()
    item = AgendaItem(table_id=meeting.table_id, meeting_id=meeting.id, number=number, title=title,
                      description=description, kind=kind, submitter_id=submitter_id, organisation=organisation,
                      position=(last or 0) + 1, created_at=now)
    db.add(item)
    db.flush()
    return item


# action points


def add_action_point(
    db: Session, *, table_id: int, text: str, owner_user_id: str | None, owner_organisation: str,
    due_date: date | None, meeting_id: int | None, created_by: str, now: datetime,
) -> ActionPoint:
    number = next_number(db, table_id=table_id, counter="action_seq")
    point = ActionPoint(table_id=table_id, number=number, text=text, owner_user_id=owner_user_id,
                        owner_organisation=owner_organisation, due_date=due_date, meeting_id=meeting_id,
                        created_by=created_by, created_at=now)
    db.add(point)
    db.flush()
    return point


def action_point(db: Session, *, table_id: int, number: int) -> ActionPoint | None:
    return db.exec(select(ActionPoint).where(ActionPoint.table_id == table_id, ActionPoint.number == number)).first()


def action_points(
    db: Session, *, table_id: int, statuses: tuple[ActionStatus, ...] | None = None,
    owner_user_id: str | None = None, owner_organisation: str | None = None,
) -> list[ActionPoint]:
    statement = select(ActionPoint).where(ActionPoint.table_id == table_id)
    if statuses:
        statement = statement.where(col(ActionPoint.status).in_(statuses))
    if owner_user_id is not None:
        statement = statement.where(ActionPoint.owner_user_id == owner_user_id)
    if owner_organisation is not None:
        statement = statement.where(func.lower(ActionPoint.owner_organisation) == owner_organisation.lower())
    return list(db.exec(statement.order_by(col(ActionPoint.number))).all())


# minutes: notes, attendance, summaries


def add_note(
    db: Session, *, meeting: Meeting, agenda_item_id: int | None, kind: str, text: str, author_id: str,
    source_ts: str, created_by: str, now: datetime,
) -> Note:
    number = next_number(db, table_id=meeting.table_id, counter="note_seq")
    note = Note(table_id=meeting.table_id, meeting_id=meeting.id, agenda_item_id=agenda_item_id, number=number,
                kind=kind, text=text, author_id=author_id, source_ts=source_ts, created_by=created_by,
                created_at=now)
    db.add(note)
    db.flush()
    return note


def note(db: Session, *, table_id: int, number: int) -> Note | None:
    return db.exec(select(Note).where(Note.table_id == table_id, Note.number == number)).first()


def notes(db: Session, *, meeting_id: int) -> list[Note]:
    return list(db.exec(select(Note).where(Note.meeting_id == meeting_id).order_by(col(Note.number))).all())


def note_from_message(db: Session, *, meeting_id: int, source_ts: str) -> Note | None:
    return db.exec(select(Note).where(Note.meeting_id == meeting_id, Note.source_ts == source_ts)).first()


def attendance(db: Session, *, meeting_id: int) -> list[Attendance]:
    return list(db.exec(select(Attendance).where(Attendance.meeting_id == meeting_id)
                        .order_by(col(Attendance.organisation), col(Attendance.user_id))).all())


def set_attendance(db: Session, *, meeting_id: int, organisation: str, user_id: str, present: bool,
                   now: datetime) -> Attendance:
    """A person's answer (user_id set) or the secretary's correction for an organisation (user_id empty)."""
    row = db.exec(select(Attendance).where(Attendance.meeting_id == meeting_id,
                                           Attendance.organisation == organisation,
                                           Attendance.user_id == user_id)).first()
    if row is None:
        row = Attendance(meeting_id=meeting_id, organisation=organisation, user_id=user_id, present=present, at=now)
        db.add(row)
    else:
        row.present, row.at = present, now
    db.flush()
    return row


def summaries(db: Session, *, meeting_id: int) -> list[Summary]:
    return list(db.exec(select(Summary).where(Summary.meeting_id == meeting_id).order_by(col(Summary.version))).all())


def summary_in_thread(db: Session, *, channel_id: str, parent_ts: str) -> Summary | None:
    """The latest version of the summary whose thread starts at `parent_ts`."""
    return db.exec(select(Summary).where(Summary.channel_id == channel_id, Summary.parent_ts == parent_ts)
                   .order_by(col(Summary.version).desc())).first()


def summaries_awaiting_approval(db: Session, *, table_ids: list[int]) -> list[Summary]:
    if not table_ids:
        return []
    return list(db.exec(select(Summary).where(col(Summary.table_id).in_(table_ids),
                                              Summary.status == SummaryStatus.draft)
                        .order_by(col(Summary.created_at))).all())


# reminders


def reminder_by_key(db: Session, *, key: str) -> Reminder | None:
    return db.exec(select(Reminder).where(Reminder.key == key)).first()


def add_reminder(db: Session, reminder: Reminder) -> Reminder:
    db.add(reminder)
    db.flush()
    return reminder


def drop_pending_reminders(db: Session, *, meeting_id: int | None = None, action_id: int | None = None,
                           table_id: int | None = None, kind: ReminderKind | None = None,
                           summary_id: int | None = None) -> None:
    """Mark pending reminders of a session, an action point, a summary, or a table's kind as dropped."""
    statement = update(Reminder).where(col(Reminder.status) == ReminderStatus.pending)
    if summary_id is not None:
        statement = statement.where(col(Reminder.summary_id) == summary_id)
    if meeting_id is not None:
        statement = statement.where(col(Reminder.meeting_id) == meeting_id)
    if action_id is not None:
        statement = statement.where(col(Reminder.action_id) == action_id)
    if table_id is not None:
        statement = statement.where(col(Reminder.table_id) == table_id)
    if kind is not None:
        statement = statement.where(col(Reminder.kind) == kind)
    db.execute(statement.values(status=ReminderStatus.dropped))


def claim_due_reminders(db: Session, *, now: datetime, lease: timedelta, limit: int,
                        skip_targets: frozenset[str] = frozenset()) -> list[Reminder]:
    """Take up to `limit` due, unclaimed reminders for this process in one atomic UPDATE … RETURNING.

    PostgreSQL: SKIP LOCKED lets processes pass each other, and the outer conditions are checked again
    after any wait, so two processes never claim one row. SQLite: the statement holds the write lock.
    Rows for `skip_targets` (targets with enough claimed already) are left for later.
    """
    claimable = (col(Reminder.status) == ReminderStatus.pending, col(Reminder.due_at) <= now,
                 or_(col(Reminder.claimed_until).is_(None), col(Reminder.claimed_until) < now),
                 col(Reminder.target).not_in(skip_targets) if skip_targets else true())
    due = (select(Reminder.id).where(*claimable).order_by(col(Reminder.due_at), col(Reminder.id)).limit(limit)
           .with_for_update(skip_locked=True))
    statement = (update(Reminder).where(col(Reminder.id).in_(due.scalar_subquery()), *claimable)
                 .values(claimed_until=now + lease, attempts=Reminder.attempts + 1).returning(Reminder.id))
    ids = list(db.execute(statement).scalars())
    db.commit()
    if not ids:
        return []
    return list(db.exec(select(Reminder).where(col(Reminder.id).in_(ids))
                        .order_by(col(Reminder.due_at), col(Reminder.id))).all())


def reminders(db: Session, *, table_id: int | None = None, statuses: tuple[ReminderStatus, ...] | None = None,
              ) -> list[Reminder]:
    statement = select(Reminder)
    if table_id is not None:
        statement = statement.where(col(Reminder.table_id) == table_id)
    if statuses:
        statement = statement.where(col(Reminder.status).in_(statuses))
    return list(db.exec(statement.order_by(col(Reminder.due_at), col(Reminder.id))).all())
