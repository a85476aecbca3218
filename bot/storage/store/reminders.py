"""Reminder rows: adding them, dropping the ones whose cause went away, and one process's claim on the due."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, true, update
from sqlmodel import Session, col, select

from bot.storage.models import Reminder, ReminderKind, ReminderStatus
from bot.storage.store.rows import stored


def reminder_by_key(db: Session, *, key: str) -> Reminder | None:
    return db.exec(select(Reminder).where(Reminder.key == key)).first()


def add_reminder(db: Session, reminder: Reminder) -> Reminder:
    return stored(db, reminder)


def reminders(db: Session, *, table_id: int | None = None, statuses: tuple[ReminderStatus, ...] | None = None,
              ) -> list[Reminder]:
    statement = select(Reminder)
    if table_id is not None:
        statement = statement.where(col(Reminder.table_id) == table_id)
    if statuses:
        statement = statement.where(col(Reminder.status).in_(statuses))
    return list(db.exec(statement.order_by(col(Reminder.due_at), col(Reminder.id))).all())


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
    db.exec(statement.values(status=ReminderStatus.dropped))


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
    due = (select(col(Reminder.id)).where(*claimable).order_by(col(Reminder.due_at), col(Reminder.id)).limit(limit)
           .with_for_update(skip_locked=True))
    statement = (update(Reminder).where(col(Reminder.id).in_(due.scalar_subquery()), *claimable)
                 .values(claimed_until=now + lease, attempts=col(Reminder.attempts) + 1).returning(col(Reminder.id)))
    ids = list(db.exec(statement).scalars())
    db.commit()
    if not ids:
        return []
    return list(db.exec(select(Reminder).where(col(Reminder.id).in_(ids))
                        .order_by(col(Reminder.due_at), col(Reminder.id))).all())
