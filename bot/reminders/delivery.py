"""Delivering due reminders: claim, decide, send, record. Rows are the truth; APScheduler only rings.

A claimed row is this process's for a lease; if the process dies before it records the outcome, the lease
runs out and another run sends it. So a reminder is sent at least once and, short of a crash between
Slack's answer and our commit, exactly once. Sends to one channel are paced to Slack's one per second;
errors are retried with growing pauses, and a reminder that still fails is marked failed and shown to the
table's secretaries.

Several senders work through per-target queues (bot.reminders.pacing): while one channel waits out its second, the
others' reminders go, so a thousand reminders due at once take about as long as Slack's per-channel limit requires.
What each reminder says is bot.reminders.messages.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from typing import Any, Protocol

from sqlmodel import Session

from bot.agenda import close_agenda
from bot.core.clock import Clock, Monotonic
from bot.reminders import plan as reminder_plan
from bot.reminders.messages import Messages, Outgoing
from bot.reminders.pacing import Lanes
from bot.render import Renderer
from bot.storage import store
from bot.storage.db import Database
from bot.storage.models import Meeting, Reminder, ReminderKind, ReminderStatus, Role, SteeringTable

log = logging.getLogger("regiebot.reminders")
LEASE = timedelta(minutes=5)
BATCH = 50
MAX_ATTEMPTS = 5
CHANNEL_PACE_SECONDS = 1.0  # Slack: about one message per second per channel
SENDERS = 8  # reminders composed and sent at once, each to a different target (a 429 holds its channel, no sender)
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


class Reminders:
    def __init__(self, database: Database, clock: Clock, renderer: Renderer, sender: Sender, *,
                 pace: Monotonic | None = None) -> None:
        """`pace`: the monotonic clock that spaces a channel's messages (the system's, unless a test moves one)."""
        self._database = database
        self._clock = clock
        self._messages = Messages(renderer)
        self._sender = sender
        self._pace = pace

    def deliver_due(self) -> int:
        """Send every reminder that is due now, each target at Slack's pace; returns how many were sent."""
        lanes = Lanes(self._claim, interval=CHANNEL_PACE_SECONDS, backlog=BACKLOG, lookahead=LOOKAHEAD,
                      clock=self._pace)
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
                sent += self._deliver(reminder_id, answered=partial(lanes.answered, target),
                                      may_wait=waited[reminder_id] < RATE_LIMIT_WAITS)
            except RateLimited as limited:  # the lane holds the channel for Retry-After; no sender sleeps
                waited[reminder_id] += 1
                lanes.retry(target, reminder_id, after=limited.seconds)
            finally:
                lanes.done(target)
        return sent

    def _deliver(self, reminder_id: int, answered: Callable[[], None], may_wait: bool = False) -> bool:
        prepared = self._prepare(reminder_id)
        if prepared is None:
            return False
        outgoing, attempts = prepared
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
        self._record_sent(reminder_id, outgoing)
        return True

    def _prepare(self, reminder_id: int) -> tuple[Outgoing, int] | None:
        """What the claimed reminder sends, and its attempts so far; None once it is dropped, its cause gone."""
        now = self._clock.now()
        with self._database.session() as db:
            reminder, table = _claimed(db, reminder_id)
            outgoing = self._messages.compose(db, reminder, table, now)
            if outgoing is not None:
                return outgoing, reminder.attempts
            reminder.status = ReminderStatus.dropped
            _follow_up(db, reminder, table)
            db.commit()
        log.info("reminder dropped", extra={"reminder": reminder.key, "outcome": "dropped"})
        return None

    def _record_sent(self, reminder_id: int, outgoing: Outgoing) -> None:
        with self._database.session() as db:
            reminder, table = _claimed(db, reminder_id)
            meeting = db.get(Meeting, outgoing.closes_meeting) if outgoing.closes_meeting is not None else None
            if meeting is not None:
                close_agenda(db, meeting)
            reminder.status, reminder.sent_at = ReminderStatus.sent, self._clock.now()
            _follow_up(db, reminder, table)
            db.commit()
        log.info("reminder sent", extra={"reminder": reminder.key, "kind": reminder.kind, "outcome": "sent"})

    def _record_failure(self, reminder_id: int, attempts: int, error: Exception) -> None:
        now = self._clock.now()
        with self._database.session() as db:
            reminder, table = _claimed(db, reminder_id)
            reminder.last_error = f"{type(error).__name__}: {error}"[:500]
            if attempts < MAX_ATTEMPTS:
                reminder.claimed_until = now + timedelta(minutes=2 ** attempts)
                db.commit()
                log.warning("reminder will be retried", extra={"reminder": reminder.key, "attempts": attempts,
                                                               "outcome": "retry", "error": reminder.last_error})
                return
            reminder.status = ReminderStatus.failed
            notice = self._messages.failed(reminder, table)
            secretaries = [m.user_id for m in store.members_by_role(db, table_id=table.id, role=Role.secretary)]
            db.commit()
        log.error("reminder failed", extra={"reminder": reminder.key, "attempts": attempts, "outcome": "failed",
                                            "error": reminder.last_error})
        for secretary in secretaries:
            try:
                self._sender.post(secretary, notice)
            except Exception:  # Slack is still failing: the log line above and the row's status remain
                log.warning("could not tell the secretary about a failed reminder", extra={"user": secretary})


def _claimed(db: Session, reminder_id: int) -> tuple[Reminder, SteeringTable]:
    """A reminder this process claimed, and its table: neither is deleted while the claim lasts."""
    reminder = db.get(Reminder, reminder_id)
    assert reminder is not None
    table = db.get(SteeringTable, reminder.table_id)
    assert table is not None
    return reminder, table


def _follow_up(db: Session, reminder: Reminder, table: SteeringTable) -> None:
    """A weekly digest plans next week's, whether it had anything to say or not."""
    if reminder.kind == ReminderKind.overdue_digest:
        reminder_plan.plan_digest(db, table=table, now=reminder.due_at + timedelta(minutes=1))


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
