"""Composition root: engine, clock, Slack client, services, the Bolt app and its listeners.

The only bot/ module that imports handlers/. Sync Bolt behind a threaded WSGI server (gunicorn gthread):
slack-facts §10 measured it close to an async stack without making every service async. Bolt runs each listener
on the request's own thread (`process_before_response`): a listener only acks and queues its work
(bot.serving.work_queue), so the answer to Slack is ready when the listener returns, with no hand-over to another
thread and no 10 ms polling for the ack.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

import handlers
from bot.config import Settings
from bot.core.clock import Clock, Monotonic, OffsetClock, SystemClock
from bot.reminders.delivery import Reminders
from bot.services import Services
from bot.serving import logs
from bot.serving.work_queue import WorkQueue
from bot.serving.wsgi import build_wsgi
from bot.slack.gateway import SlackGateway, make_client
from bot.storage import store
from bot.storage.db import Database

WORK_THREADS = 8  # queued work running at one time: enough to overlap Slack's and the database's waits
WORK_DEFER = 5.0  # seconds that queued work may give way to a burst of requests (bot.serving.work_queue)
WORK_QUIET = 0.05  # seconds after a burst before work starts, and without requests before more than one job runs
DELIVERY_MEMORY = timedelta(days=7)  # how long a Slack delivery is remembered (its retries come within minutes)
log = logging.getLogger("regiebot")


@dataclass
class Regiebot:
    app: App
    services: Services
    database: Database
    work: WorkQueue
    reminders: Reminders
    clock: Clock
    scheduler: BackgroundScheduler | None = None

    def wsgi(self) -> Callable[..., Iterable[bytes]]:
        application = build_wsgi(self.app, self.database, self.services.calendar.feed)
        work = self.work

        def answering(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            with work.answering():
                return application(environ, start_response)

        return answering

    def start_scheduler(self, interval_seconds: int) -> None:
        """Look for due reminders now and every `interval_seconds`; one look at a time per process."""
        self.scheduler = BackgroundScheduler(timezone="UTC")
        # APScheduler rings on the system's time (the first ring: at once); what each job reads is self.clock.
        first = SystemClock().now()
        jobs = {"reminders": (self.reminders.deliver_due, {"seconds": interval_seconds}),
                "rhythms": (self.extend_rhythms, {"hours": 6}), "deliveries": (self.forget_deliveries, {"hours": 6})}
        for name, (job, every) in jobs.items():
            self.scheduler.add_job(self._guarded(job), "interval", **every, max_instances=1, coalesce=True,
                                   next_run_time=first, id=name)
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
        self.work.shutdown(timeout)
        self.database.dispose()


def build(settings: Settings, *, clock: Clock | None = None, database: Database | None = None,
          verify_token: bool = True, pace: Monotonic | None = None) -> Regiebot:
    """The whole bot on `clock` (default: the system's); `pace` spaces the reminders a channel is sent (a test's)."""
    clock = clock or SystemClock()
    database = database or Database.from_url(settings.database_url)
    client = make_client(settings.slack_bot_token, settings.slack_api_url)
    slack = SlackGateway(client)
    work = WorkQueue(threads=WORK_THREADS, defer=WORK_DEFER, quiet=WORK_QUIET)
    services = Services.wired(settings, database=database, clock=clock, slack=slack, work=work)
    app = App(client=client, signing_secret=settings.slack_signing_secret or None,
              token_verification_enabled=verify_token, process_before_response=True)
    handlers.register(app, services)
    reminder_client = make_client(settings.slack_bot_token, settings.slack_api_url, attempts=1)
    # A 429 is waited out by the delivery lanes (bot.reminders.pacing), which hold that channel for exactly Retry-After
    # and no sender meanwhile; slack_sdk's retry slept in a sender for up to a second more (issue 6's benchmark).
    reminder_client.retry_handlers = [handler for handler in reminder_client.retry_handlers
                                      if not isinstance(handler, RateLimitErrorRetryHandler)]
    reminders = Reminders(database, clock, services.renderer, SlackGateway(reminder_client), pace=pace)
    return Regiebot(app=app, services=services, database=database, work=work, reminders=reminders,
                    clock=clock)


def serve_worker(clock_offset: float | None = None) -> Regiebot:
    """A gunicorn worker's bot: settings and logging as `regiebot serve` checked them, the app and its scheduler;
    its clock `clock_offset` seconds ahead of the system's when `serve --clock` set one."""
    settings = Settings.load()
    logs.configure_for(settings)
    regiebot = build(settings, clock=None if clock_offset is None else OffsetClock(timedelta(seconds=clock_offset)))
    regiebot.start_scheduler(settings.reminder_interval)
    # Everything built so far lives as long as the worker: the collector need not walk it again. A full
    # collection under 32 concurrent commands paused the worker 66 ms before, 14 ms after (the benchmark).
    gc.collect()
    gc.freeze()
    return regiebot
