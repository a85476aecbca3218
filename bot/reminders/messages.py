"""What a due reminder says, decided before anything is sent: the text (and buttons) for its target, or nothing when
its cause is gone: the session was held, cancelled or closed by hand, the action point is done, the draft written.
Delivery (claim, send, record) lives in bot.reminders.delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.core.replies import Message
from bot.core.values import action_values, item_values, meeting_values
from bot.reminders.plan import zone
from bot.render import Renderer
from bot.slack.blocks import attendance_blocks, call_blocks
from bot.storage import store
from bot.storage.enums import ActionStatus, MeetingStatus, ReminderKind, SummaryStatus
from bot.storage.models import ActionPoint, Meeting, Reminder, SteeringTable, Summary

GONE = (MeetingStatus.cancelled, MeetingStatus.held)  # a session's own reminders are then owed no more


@dataclass
class Outgoing:
    """What one reminder sends."""

    channel: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    closes_meeting: int | None = None  # the automatic close: applied once the agenda is posted


class Messages:
    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer

    def compose(self, db: Session, reminder: Reminder, table: SteeringTable, now: datetime) -> Outgoing | None:
        """The message a reminder owes now, or None when its cause is gone."""
        if reminder.kind in (ReminderKind.draft_missing, ReminderKind.approval_pending):
            return self._summary(db, reminder, table)
        if reminder.meeting_id is not None:
            return self._meeting(db, reminder, table, now)
        if reminder.action_id is not None:
            return self._action(db, reminder, table, now)
        if reminder.kind == ReminderKind.overdue_digest:
            return self._digest(db, reminder, table, now)
        return None

    def failed(self, reminder: Reminder, table: SteeringTable) -> str:
        """The note to the secretaries that a reminder could not be delivered."""
        return self._render("failed", table.language, {"table": table.name, "kind": str(reminder.kind),
                                                       "due": reminder.due_at.astimezone(zone(table)),
                                                       "target": reminder.target})

    def _meeting(self, db: Session, reminder: Reminder, table: SteeringTable, now: datetime) -> Outgoing | None:
        """The call for items, the agenda as it closes, or the reminder of the session itself."""
        meeting = db.get(Meeting, reminder.meeting_id)
        if meeting is None or meeting.starts_at <= now or meeting.status in GONE:
            return None
        if reminder.kind in (ReminderKind.call, ReminderKind.close) and meeting.status != MeetingStatus.planned:
            return None  # the agenda was closed by hand already
        language = table.language
        items = [item_values(i) for i in store.agenda(db, meeting_id=meeting.id)]
        context = {"table": table.name, "meeting": meeting_values(meeting, table), "items": items}
        if reminder.kind == ReminderKind.call:
            text = self._render("call", language, context)
            return Outgoing(reminder.target, text, call_blocks(self._renderer, language, text, table.channel_id))
        if reminder.kind == ReminderKind.close:
            context["items"] = [{**view, "status": "accepted" if view["status"] == "proposed" else view["status"]}
                                for view in items]
            text = self._renderer.message(Message("agenda_published", language, context))
            return Outgoing(reminder.target, text, closes_meeting=meeting.id)
        text = self._render("meeting", language, context)
        return Outgoing(reminder.target, text, attendance_blocks(self._renderer, language, text, table.channel_id,
                                                                 meeting.number))

    def _action(self, db: Session, reminder: Reminder, table: SteeringTable, now: datetime) -> Outgoing | None:
        action = db.get(ActionPoint, reminder.action_id)
        if action is None or action.status != ActionStatus.open:
            return None
        today = now.astimezone(zone(table)).date()
        context = {"table": table.name, "action": action_values(action, today=today),
                   "on_due_date": reminder.kind == ReminderKind.action_due}
        return Outgoing(reminder.target, self._render("action_due", table.language, context))

    def _digest(self, db: Session, reminder: Reminder, table: SteeringTable, now: datetime) -> Outgoing | None:
        """The week's overdue action points, or nothing when none is."""
        today = now.astimezone(zone(table)).date()
        overdue = [action_values(a, today=today) for a in store.action_points(
            db, table_id=table.id, statuses=(ActionStatus.open,)) if a.due_date and a.due_date < today]
        if not overdue:
            return None
        return Outgoing(reminder.target, self._render("overdue_digest", table.language,
                                                      {"table": table.name, "actions": overdue}))

    def _summary(self, db: Session, reminder: Reminder, table: SteeringTable) -> Outgoing | None:
        """No draft three working days after the session (to the secretary); a draft awaiting approval (the chair)."""
        summary = db.get(Summary, reminder.summary_id) if reminder.summary_id is not None else None
        meeting = db.get(Meeting, summary.meeting_id if summary else reminder.meeting_id)
        if meeting is None or meeting.status == MeetingStatus.cancelled:
            return None
        context = {"table": table.name, "meeting": meeting_values(meeting, table), "channel_id": table.channel_id}
        if reminder.kind == ReminderKind.draft_missing:
            if store.summaries(db, meeting_id=meeting.id):
                return None
            return Outgoing(reminder.target, self._render("draft_missing", table.language, context))
        if summary is None or summary.status != SummaryStatus.draft:
            return None
        return Outgoing(reminder.target, self._render("approval_pending", table.language,
                                                      {**context, "version": summary.version}))

    def _render(self, name: str, language: str, context: dict[str, Any]) -> str:
        return self._renderer.message(Message(name, language, context), source="reminders.j2")
