"""Composition root: engine, clock, Slack client, services, the Bolt app and its listeners.

The only bot/ module that imports handlers/. Sync Bolt behind a threaded WSGI server (gunicorn gthread):
slack-facts §10 measured it close to an async stack without making every service async.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_bolt.context.ack import Ack
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

import handlers
from bot import store
from bot.access import Permissions
from bot.actions import Actions
from bot.agenda import Agenda
from bot.approval import Approval
from bot.calendar_feed import CalendarFeed
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import Database
from bot.home import Home
from bot.listener_threads import ListenerThreads, WorkGate
from bot.meetings import Meetings
from bot.minutes import Minutes
from bot.reminders import Reminders
from bot.render import Renderer
from bot.slack import SlackGateway, make_client
from bot.summary_render import SummaryRenderer
from bot.summary_thread import SummaryThread
from bot.tables import Tables
from bot.wiring import Services
from handlers.web import build_wsgi

WORK_PERMITS = 8  # listeners working after their ack at one time: enough to overlap Slack's and the database's waits
WORK_DEFER = 2.0  # seconds that work may wait for the requests being answered (bot.listener_threads)
DELIVERY_MEMORY = timedelta(days=7)  # how long a Slack delivery is remembered (its retries come within minutes)
MAX_WAITING = 1000  # listeners waiting to work (each a parked thread) before work stops giving way
log = logging.getLogger("regiebot")


class GatedAck(Ack):
    """Bolt's ack, after which the listener waits for its turn to work (the HTTP answer is already set)."""

    def __init__(self, gate: WorkGate) -> None:
        super().__init__()
        self._gate = gate
        self.admitted = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(*args, **kwargs)
        self._gate.admit(self)
        return response


def gated_acks(gate: WorkGate) -> Callable[..., None]:
    """Global middleware: the request's listener acknowledges through a GatedAck."""

    def gate_ack(context, next):  # Bolt injects these names
        context["ack"] = ack = GatedAck(gate)
        gate.expect(ack)
        next()

    return gate_ack


@dataclass
class Regiebot:
    app: App
    services: Services
    database: Database
    executor: ListenerThreads
    reminders: Reminders
    clock: Clock
    scheduler: BackgroundScheduler | None = None

    def wsgi(self) -> Callable[..., Iterable[bytes]]:
        application = build_wsgi(self.app, self.database, self.services.calendar.feed)
        gate = self.executor.gate

        def answering(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            with gate.answering():
                return application(environ, start_response)

        return answering

    def start_scheduler(self, interval_seconds: int) -> None:
        """Look for due reminders now and every `interval_seconds`; one look at a time per process."""
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self.scheduler.add_job(self._guarded(self.reminders.deliver_due), "interval", seconds=interval_seconds,
                               max_instances=1, coalesce=True, next_run_time=datetime.now(UTC), id="reminders")
        self.scheduler.add_job(self._guarded(self.extend_rhythms), "interval", hours=6, max_instances=1,
                               coalesce=True, next_run_time=datetime.now(UTC), id="rhythms")
        self.scheduler.add_job(self._guarded(self.forget_deliveries), "interval", hours=6, max_instances=1,
                               coalesce=True, next_run_time=datetime.now(UTC), id="deliveries")
        self.scheduler.start()

    def forget_deliveries(self) -> int:
        """Drop the records of Slack deliveries older than DELIVERY_MEMORY: retries come within minutes."""
        with self.database.session() as db:
            forgotten = store.forget_deliveries(db, before=self.clock.now() - DELIVERY_MEMORY)
            db.commit()
        return forgotten

    def extend_rhythms(self) -> None:
        """Plan what each table's rhythm owes twelve months ahead, and tell the channels what was added."""
        for announcement in self.services.meetings.extend(self.clock.now()):
            self.services.slack.post(announcement.channel_id, self.services.renderer.message(announcement.message))

    @staticmethod
    def _guarded(job: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                job()
            except Exception:  # the database or Slack may be away for a moment: the next run tries again
                log.exception("scheduled job failed", extra={"job": getattr(job, "__name__", "job")})

        return run

    def drain(self, timeout: float = 30) -> None:
        """Stop the scheduler, let listener work in flight finish, then release threads and connections."""
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
        self.executor.wait_idle(timeout)
        self.executor.shutdown(wait=True)
        self.database.dispose()


def build(settings: Settings, *, clock: Clock | None = None, database: Database | None = None,
          verify_token: bool = True) -> Regiebot:
    clock = clock or SystemClock()
    database = database or Database.from_url(settings.database_url)
    client = make_client(settings.slack_bot_token, settings.slack_api_url)
    slack = SlackGateway(client)
    permissions = Permissions(settings.bot_admin_ids, slack.is_workspace_admin)
    renderer = Renderer.default()
    summaries = SummaryRenderer(renderer)
    minutes = Minutes(database, clock, permissions, body=summaries.body_markdown, labels=renderer.label)
    services = Services(
        tables=Tables(database, clock, permissions, default_language=settings.default_language,
                      default_timezone=settings.default_timezone, lookup_name=slack.user_name),
        agenda=Agenda(database, clock, permissions),
        actions=Actions(database, clock, permissions),
        meetings=Meetings(database, clock, permissions),
        home=Home(database, clock, permissions),
        calendar=CalendarFeed(database, clock, permissions, public_url=settings.public_url, label=renderer.label),
        minutes=minutes,
        approval=Approval(database, clock, permissions, body=summaries.body_markdown),
        renderer=renderer,
        slack=slack,
        summaries=summaries,
        thread=SummaryThread(slack, renderer, summaries, minutes),
    )
    executor = ListenerThreads(WorkGate(permits=WORK_PERMITS, defer=WORK_DEFER, max_waiting=MAX_WAITING))
    app = App(client=client, signing_secret=settings.slack_signing_secret or None,
              token_verification_enabled=verify_token, listener_executor=executor)
    app.middleware(gated_acks(executor.gate))
    handlers.register(app, services)
    reminder_client = make_client(settings.slack_bot_token, settings.slack_api_url, attempts=1)
    # A 429 is waited out by the delivery lanes (bot.pacing), which hold that channel for exactly Retry-After and
    # no sender meanwhile; slack_sdk's retry slept in a sender for up to a second more (issue 6's benchmark).
    reminder_client.retry_handlers = [handler for handler in reminder_client.retry_handlers
                                      if not isinstance(handler, RateLimitErrorRetryHandler)]
    reminders = Reminders(database, clock, services.renderer, SlackGateway(reminder_client))
    return Regiebot(app=app, services=services, database=database, executor=executor, reminders=reminders,
                    clock=clock)
