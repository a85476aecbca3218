"""Composition root: engine, clock, Slack client, services, the Bolt app and its listeners.

The only bot/ module that imports handlers/. Sync Bolt behind a threaded WSGI server (gunicorn gthread):
slack-facts §10 measured it close to an async stack without making every service async.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App

import handlers
from bot.access import Permissions
from bot.actions import Actions
from bot.agenda import Agenda
from bot.calendar_feed import CalendarFeed
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.db import Database
from bot.home import Home
from bot.meetings import Meetings
from bot.reminders import Reminders
from bot.render import Renderer
from bot.slack import SlackGateway, make_client
from bot.tables import Tables
from bot.wiring import Services
from handlers.web import build_wsgi

LISTENER_THREADS = 16
log = logging.getLogger("regiebot")


class TrackingExecutor(ThreadPoolExecutor):
    """Runs listener work after the ack, and knows when none is left (for draining and for tests)."""

    def __init__(self, max_workers: int) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:  # type: ignore[override]
        with self._idle:
            self._pending += 1
        try:
            future = super().submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future | None) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Block until no listener work is queued or running; False on time-out."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)


@dataclass
class Regiebot:
    app: App
    services: Services
    database: Database
    executor: TrackingExecutor
    reminders: Reminders
    clock: Clock
    scheduler: BackgroundScheduler | None = None

    def wsgi(self) -> Callable[..., Iterable[bytes]]:
        return build_wsgi(self.app, self.database, self.services.calendar.feed)

    def start_scheduler(self, interval_seconds: int) -> None:
        """Look for due reminders now and every `interval_seconds`; one look at a time per process."""
        self.scheduler = BackgroundScheduler(timezone="UTC")
        self.scheduler.add_job(self._guarded(self.reminders.deliver_due), "interval", seconds=interval_seconds,
                               max_instances=1, coalesce=True, next_run_time=datetime.now(UTC), id="reminders")
        self.scheduler.add_job(self._guarded(self.extend_rhythms), "interval", hours=6, max_instances=1,
                               coalesce=True, next_run_time=datetime.now(UTC), id="rhythms")
        self.scheduler.start()

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
    services = Services(
        tables=Tables(database, clock, permissions, default_language=settings.default_language,
                      default_timezone=settings.default_timezone, lookup_name=slack.user_name),
        agenda=Agenda(database, clock, permissions),
        actions=Actions(database, clock, permissions),
        meetings=Meetings(database, clock, permissions),
        home=Home(database, clock, permissions),
        calendar=CalendarFeed(database, clock, permissions, public_url=settings.public_url, label=renderer.label),
        renderer=renderer,
        slack=slack,
    )
    executor = TrackingExecutor(LISTENER_THREADS)
    app = App(client=client, signing_secret=settings.slack_signing_secret or None,
              token_verification_enabled=verify_token, listener_executor=executor)
    handlers.register(app, services)
    reminder_client = make_client(settings.slack_bot_token, settings.slack_api_url, attempts=1)
    reminders = Reminders(database, clock, services.renderer, SlackGateway(reminder_client))
    return Regiebot(app=app, services=services, database=database, executor=executor, reminders=reminders,
                    clock=clock)
