"""Delivering due reminders: claim, decide, send, record. Rows are the truth; APScheduler only rings.

A claimed row is this process's for a lease; if the process dies before it records the outcome, the lease
runs out and another run sends it. So a reminder is sent at least once and, short of a crash between
Slack's answer and our commit, exactly once. Sends to one channel are paced to Slack's one per second;
errors are retried with growing pauses, and a reminder that still fails is marked failed and shown to the
table's secretaries.

Several senders work through per-target queues (bot.reminders.pacing): while one channel waits out its second, the
others'
reminders go, so a thousand reminders due at once take about as long as Slack's per-channel limit requires.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.agenda import close_agenda
from bot.core.clock import Clock
from bot.core.replies import Message
from bot.core.values import action_values, item_values, meeting_values
from bot.reminders import plan as reminder_plan
from bot.reminders.pacing import Lanes
from bot.render import Renderer
from bot.slack.blocks import attendance_blocks, call_blocks
from bot.storage import store
from bot.storage.db import Database
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
    SummaryStatus,
)

log = logging.getLogger("regiebot.reminders")
LEASE = timedelta(minutes=5)
BATCH = 50
MAX_ATTEMPTS = 5
CHANNEL_PACE_SECONDS = 1.0  # Slack: about one message per second per channel
SENDERS = 8  # reminders composed and sent at once, each to a different target (a 429 keeps one asleep)
BACKLOG = 60  # claimed rows waiting per target: about a minute at Slack's pace, well within LEASE
LOOKAHEAD = 1000  # claimed rows waiting in all: seconds of work for the senders, well within LEASE
RATE_LIMIT_WAITS = 3  # times one run waits out Slack's Retry-After for a reminder before the slower retry


class RateLimited(Exception):
    """Slack answered 429: this reminder's channel may take it again after `seconds`."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"rate limited for {seconds} s")
        self.seconds = seconds


class Sender(Protocol):
    def post(self, channel: str, text: str, *, blocks: list[dict[str, Any]] | None = None) -> list[str]: ...


@dataclass
class Outgoing:
    """What one reminder sends, decided before anything is sent."""

    channel: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    closes_meeting: int | None = None  # the automatic close: applied once the agenda is posted


class Reminders:
    def __init__(self, database: Database, clock: Clock, renderer: Renderer, sender: Sender) -> None:
        self._database = database
        self._clock = clock
        self._renderer = renderer
        self._sender = sender

    def deliver_due(self) -> int:
        """Send every reminder that is due now, each target at Slack's pace; returns how many were sent."""
        lanes = Lanes(self._claim, interval=CHANNEL_PACE_SECONDS, backlog=BACKLOG, lookahead=LOOKAHEAD)
        with ThreadPoolExecutor(SENDERS, thread_name_prefix="reminders") as senders:
            return sum(senders.map(lambda _: self._send_from(lanes), range(SENDERS)))

    def _claim(self, full_targets: frozenset[str]) -> list[tuple[int, str]]:
        with self._database.session() as db:
            return [(reminder.id, reminder.target) for reminder in store.claim_due_reminders(
                db, now=self._clock.now(), lease=LEASE, limit=BATCH, skip_targets=full_targets)]

    def _send_from(self, lanes: Lanes) -> int:
        sent, waited = 0, Counter[int]()
        while (taken := lanes.take()) is not None:
            target, reminder_id = taken
            try:
                sent += self._deliver(reminder_id, answered=lambda target=target: lanes.answered(target),
                                      may_wait=waited[reminder_id] < RATE_LIMIT_WAITS)
            except RateLimited as limited:  # the lane holds the channel for Retry-After; no sender sleeps
                waited[reminder_id] += 1
                lanes.retry(target, reminder_id, after=limited.seconds)
            finally:
                lanes.done(target)
        return sent

    def _deliver(self, reminder_id: int, answered: Callable[[], None], may_wait: bool = False) -> bool:
        now = self._clock.now()
        with self._database.session() as db:
            reminder = db.get(Reminder, reminder_id)
            assert reminder is not None
            table = db.get(SteeringTable, reminder.table_id)
            assert table is not None
            outgoing = self._compose(db, reminder, table, now)
            kind, attempts = reminder.kind, reminder.attempts
            if outgoing is None:
                reminder.status = ReminderStatus.dropped
                self._follow_up(db, reminder, table)
                db.commit()
                log.info("reminder dropped", extra={"reminder": reminder.key, "outcome": "dropped"})
                return False
        try:
            self._sender.post(outgoing.channel, outgoing.text, blocks=outgoing.blocks)
        except Exception as error:  # Slack refused or could not be reached: try again later, or give up
            answered()
            retry_after = _retry_after(error)
            if retry_after is not None and may_wait:
                raise RateLimited(retry_after) from error
            self._record_failure(reminder_id, attempts, error)
            return False
        answered()  # the channel's next message is paced from here, not from our bookkeeping below
        with self._database.session() as db:
            reminder = db.get(Reminder, reminder_id)
            table = db.get(SteeringTable, reminder.table_id)  # type: ignore[union-attr]
            assert reminder is not None and table is not None
            meeting = db.get(Meeting, outgoing.closes_meeting) if outgoing.closes_meeting is not None else None
            if meeting is not None:
                close_agenda(db, meeting)
            reminder.status, reminder.sent_at = ReminderStatus.sent, self._clock.now()
            self._follow_up(db, reminder, table)
            db.commit()
        log.info("reminder sent", extra={"reminder": reminder.key, "kind": kind, "outcome": "sent"})
        return True

    def _compose(self, db: Any, reminder: Reminder, table: SteeringTable, now: datetime) -> Outgoing | None:
        """The message a reminder owes now, or None when its cause is gone."""
        language = table.language
        if reminder.kind in (ReminderKind.draft_missing, ReminderKind.approval_pending):
            return self._summary_reminder(db, reminder, table)
        if reminder.meeting_id is not None:
            meeting = db.get(Meeting, reminder.meeting_id)
            if meeting is None or meeting.starts_at <= now or meeting.status in (MeetingStatus.cancelled,
                                                                                 MeetingStatus.held):
                return None
            items = [item_values(i) for i in store.agenda(db, meeting_id=meeting.id)]
            context = {"table": table.name, "meeting": meeting_values(meeting, table), "items": items}
            if reminder.kind == ReminderKind.call:
                if meeting.status != MeetingStatus.planned:
                    return None
                text = self._render("call", language, context)
                return Outgoing(reminder.target, text, call_blocks(self._renderer, language, text, table.channel_id))
            if reminder.kind == ReminderKind.close:
                if meeting.status != MeetingStatus.planned:
                    return None  # closed by hand already
                context["items"] = [{**view, "status": "accepted" if view["status"] == "proposed" else view["status"]}
                                    for view in items]
                text = self._renderer.message(Message("agenda_published", language, context))
                return Outgoing(reminder.target, text, closes_meeting=meeting.id)
            text = self._render("meeting", language, context)
            return Outgoing(reminder.target, text, attendance_blocks(self._renderer, language, text, table.channel_id,
                                                                     meeting.number))
        if reminder.action_id is not None:
            action = db.get(ActionPoint, reminder.action_id)
            if action is None or action.status != ActionStatus.open:
                return None
            today = now.astimezone(reminder_plan.zone(table)).date()
            context = {"table": table.name, "action": action_values(action, today=today),
                       "on_due_date": reminder.kind == ReminderKind.action_due}
            return Outgoing(reminder.target, self._render("action_due", language, context))
        if reminder.kind == ReminderKind.overdue_digest:
            today = now.astimezone(reminder_plan.zone(table)).date()
            overdue = [action_values(a, today=today) for a in store.action_points(
                db, table_id=table.id, statuses=(ActionStatus.open,)) if a.due_date and a.due_date < today]
            if not overdue:
                return None
            return Outgoing(reminder.target, self._render("overdue_digest", language,
                                                          {"table": table.name, "actions": overdue}))
        return None

    def _summary_reminder(self, db: Any, reminder: Reminder, table: SteeringTable) -> Outgoing | None:
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

    def _follow_up(self, db: Any, reminder: Reminder, table: SteeringTable) -> None:
        """A weekly digest plans next week's, whether it had anything to say or not."""
        if reminder.kind == ReminderKind.overdue_digest:
            reminder_plan.plan_digest(db, table=table, now=reminder.due_at + timedelta(minutes=1))

    def _record_failure(self, reminder_id: int, attempts: int, error: Exception) -> None:
        now = self._clock.now()
        with self._database.session() as db:
            reminder = db.get(Reminder, reminder_id)
            table = db.get(SteeringTable, reminder.table_id)  # type: ignore[union-attr]
            assert reminder is not None and table is not None
            reminder.last_error = f"{type(error).__name__}: {error}"[:500]
            if attempts < MAX_ATTEMPTS:
                reminder.claimed_until = now + timedelta(minutes=2 ** attempts)
                db.commit()
                log.warning("reminder will be retried", extra={"reminder": reminder.key, "attempts": attempts,
                                                               "outcome": "retry", "error": reminder.last_error})
                return
            reminder.status = ReminderStatus.failed
            context = {"table": table.name, "kind": str(reminder.kind), "due": reminder.due_at.astimezone(
                reminder_plan.zone(table)), "target": reminder.target}
            secretaries = [m.user_id for m in store.members_by_role(db, table_id=table.id, role=Role.secretary)]
            db.commit()
        log.error("reminder failed", extra={"reminder": reminder.key, "attempts": attempts, "outcome": "failed",
                                            "error": reminder.last_error})
        for secretary in secretaries:
            try:
                self._sender.post(secretary, self._render("failed", table.language, context))
            except Exception:  # Slack is still failing: the log line above and the row's status remain
                log.warning("could not tell the secretary about a failed reminder", extra={"user": secretary})

    def _render(self, name: str, language: str, context: dict[str, Any]) -> str:
        return self._renderer.message(Message(name, language, context), source="reminders.j2")


def _retry_after(error: Exception) -> float | None:
    """Seconds Slack asked us to wait when it answered 429 (slack_sdk's SlackApiError), else None."""
    response = getattr(error, "response", None)
    if getattr(response, "status_code", None) != 429:
        return None
    headers = {str(name).lower(): value for name, value in (getattr(response, "headers", None) or {}).items()}
    try:
        return float(headers.get("retry-after", 1))
    except (TypeError, ValueError):
        return 1.0
