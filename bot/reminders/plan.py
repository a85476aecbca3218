"""Which reminders a session or an action point owes, and when: rows written in the same transaction as
their cause, each with a unique key, so a reminder is planned once whatever happens afterwards.

Moving a session drops its pending rows and plans new ones; moving it back revives the dropped rows
(same key). Delivery lives in bot.reminders.delivery.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.core.working_days import holiday_calendar
from bot.storage import store
from bot.storage.models import (
    ActionPoint,
    ActionStatus,
    Meeting,
    MeetingStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
    Role,
    SteeringTable,
    Summary,
)

DRAFT_WORKING_DAYS = 3  # PRODUCT: no draft three working days after a session → the secretary is reminded
APPROVAL_DAYS = 5  # a draft awaiting approval for five days → the chair is reminded


def reminder_key(table_id: int, subject: str, kind: ReminderKind, target: str, due_at: datetime) -> str:
    return f"t{table_id}:{subject}:{kind}:{target}:{due_at.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%MZ}"


def schedule(db: Session, *, table: SteeringTable, kind: ReminderKind, target: str, due_at: datetime,
             now: datetime, meeting: Meeting | None = None, action: ActionPoint | None = None) -> Reminder:
    """Write (or revive) the reminder with this key; a sent or failed one is left as it is."""
    subject = f"m{meeting.id}" if meeting else f"a{action.id}" if action else "table"
    key = reminder_key(table.id, subject, kind, target, due_at)
    existing = store.reminder_by_key(db, key=key)
    if existing is not None:
        if existing.status == ReminderStatus.dropped:
            existing.status, existing.attempts, existing.claimed_until = ReminderStatus.pending, 0, None
        return existing
    return store.add_reminder(db, Reminder(key=key, table_id=table.id, meeting_id=meeting.id if meeting else None,
                                           action_id=action.id if action else None, kind=kind, target=target,
                                           due_at=due_at, created_at=now))


def drop_pending(db: Session, *, meeting: Meeting | None = None, action: ActionPoint | None = None) -> None:
    """Drop what a session or action point still owed (it moved, was cancelled, or is done)."""
    store.drop_pending_reminders(db, meeting_id=meeting.id if meeting else None,
                                 action_id=action.id if action else None)


def plan_meeting(db: Session, *, table: SteeringTable, meeting: Meeting, now: datetime) -> None:
    """The call for items, the automatic close and the meeting reminder of a future session.

    A call whose moment has passed is skipped (the session was planned late); the close and the meeting
    reminder are then due at once, since the agenda must still close and people must still be told.
    """
    drop_pending(db, meeting=meeting)
    if meeting.status not in (MeetingStatus.planned, MeetingStatus.agenda_closed) or meeting.starts_at <= now:
        return
    offsets = {ReminderKind.call: table.call_offset_minutes, ReminderKind.close: table.close_offset_minutes,
               ReminderKind.meeting: table.meeting_offset_minutes}
    for kind, minutes in offsets.items():
        due = meeting.starts_at - timedelta(minutes=minutes)
        if due <= now:
            if kind == ReminderKind.call or (kind == ReminderKind.close and meeting.status != MeetingStatus.planned):
                continue
            due = now
        schedule(db, table=table, kind=kind, target=table.channel_id, due_at=due, now=now, meeting=meeting)
    draft_due = local_moment(table, working_days_after(table, meeting.starts_at.astimezone(zone(table)).date(),
                                                       DRAFT_WORKING_DAYS))
    for secretary in store.members_by_role(db, table_id=table.id, role=Role.secretary):
        schedule(db, table=table, kind=ReminderKind.draft_missing, target=secretary.user_id, due_at=draft_due,
                 now=now, meeting=meeting)


def plan_approval(db: Session, *, table: SteeringTable, summary: Summary, now: datetime) -> None:
    """A reminder to the chair and deputies when this draft still awaits approval five days from now."""
    due = now + timedelta(days=APPROVAL_DAYS)
    approvers = [m for m in store.members(db, table_id=table.id)
                 if m.role == Role.chair or m.deputy]
    for approver in approvers:
        key = reminder_key(table.id, f"s{summary.id}", ReminderKind.approval_pending, approver.user_id, due)
        if store.reminder_by_key(db, key=key) is None:
            store.add_reminder(db, Reminder(key=key, table_id=table.id, summary_id=summary.id,
                                            kind=ReminderKind.approval_pending, target=approver.user_id,
                                            due_at=due, created_at=now))


def working_days_after(table: SteeringTable, day: date, count: int) -> date:
    """The `count`-th working day after `day` (weekends and the table's public holidays skipped)."""
    calendar = holiday_calendar(table.holiday_country, table.language, years=range(day.year, day.year + 2))
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in calendar:
            count -= 1
    return day


def plan_action(db: Session, *, table: SteeringTable, action: ActionPoint, now: datetime) -> None:
    """Direct messages to the owner before and on the due date, at the table's reminder time.

    An action point owned by an organisation reminds each of that organisation's members on the table.
    """
    drop_pending(db, action=action)
    if action.status != ActionStatus.open or action.due_date is None:
        return
    on_due_date = local_moment(table, action.due_date)
    moments = {ReminderKind.action_before: on_due_date - timedelta(minutes=table.action_offset_minutes),
               ReminderKind.action_due: on_due_date}
    for target in action_targets(db, table=table, action=action):
        for kind, due in moments.items():
            if due > now:
                schedule(db, table=table, kind=kind, target=target, due_at=due, now=now, action=action)


def plan_digest(db: Session, *, table: SteeringTable, now: datetime) -> None:
    """The weekly digest of overdue action points for each secretary: next Monday at the reminder time."""
    local = now.astimezone(ZoneInfo(table.timezone))
    monday = local.date() + timedelta(days=(7 - local.weekday()) % 7)
    due = local_moment(table, monday)
    if due <= now:
        due = local_moment(table, monday + timedelta(days=7))
    for secretary in store.members_by_role(db, table_id=table.id, role=Role.secretary):
        schedule(db, table=table, kind=ReminderKind.overdue_digest, target=secretary.user_id, due_at=due, now=now)


def replan_table(db: Session, *, table: SteeringTable, now: datetime) -> None:
    """Plan again everything a table owes after its offsets, reminder time or time zone changed."""
    for meeting in store.upcoming_meetings(db, table_id=table.id, now=now, limit=1000):
        plan_meeting(db, table=table, meeting=meeting, now=now)
    for action in store.action_points(db, table_id=table.id, statuses=(ActionStatus.open,)):
        plan_action(db, table=table, action=action, now=now)
    store.drop_pending_reminders(db, table_id=table.id, kind=ReminderKind.overdue_digest)
    plan_digest(db, table=table, now=now)


def action_targets(db: Session, *, table: SteeringTable, action: ActionPoint) -> list[str]:
    if action.owner_user_id:
        return [action.owner_user_id]
    return sorted(m.user_id for m in store.members(db, table_id=table.id)
                  if m.organisation.casefold() == action.owner_organisation.casefold()
                  and m.role != Role.observer)


def local_moment(table: SteeringTable, day: date) -> datetime:
    """`day` at the table's reminder time, in its time zone."""
    hours, minutes = (int(part) for part in table.reminder_time.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(table.timezone))


def zone(table: SteeringTable) -> ZoneInfo:
    return ZoneInfo(table.timezone)
