"""`regiebot serve` in HTTP mode: gunicorn with threaded workers, each building its own app after fork.

Once `serve` has checked the settings, the database and the token, it hands its process over (exec) to a fresh
interpreter that runs only the gunicorn master, `python -m bot.serving.server`; each worker loads the bot after the
fork. A master that had imported the bot for those checks kept ~90 MB that every worker counted again: the
benchmark measured 166–180 MB resident for an idle master and worker, now 112–121 MB (issue 6: under 150).

SIGTERM makes gunicorn stop accepting, finish requests in flight, and then each worker drains the listener
work that runs after Slack's ack before it exits.

`serve --clock` reaches the workers as the offset from the system's time that `serve` computed when it started, so
every worker keeps the same time, also one that gunicorn starts later in place of another.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn

from gunicorn.app.base import BaseApplication

if TYPE_CHECKING:  # the benchmark's bare Bolt app uses gunicorn_options without loading the bot
    from bot.app import Regiebot


SHARED_MEMORY = "/dev/shm"


class GunicornServer(BaseApplication):
    def __init__(self, factory: Callable[[], Regiebot], options: dict[str, Any]) -> None:
        self._factory = factory
        self._options = options
        self._regiebot: Regiebot | None = None
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)
        self.cfg.set("worker_exit", self._worker_exit)

    def load(self) -> Any:
        self._regiebot = self._factory()
        return self._regiebot.wsgi()

    def _worker_exit(self, _server: Any, _worker: Any) -> None:
        if self._regiebot is not None:
            self._regiebot.drain()


def gunicorn_options(*, port: int, workers: int, threads: int) -> dict[str, Any]:
    """How `serve` runs gunicorn; the benchmark serves its bare Bolt app with the same options."""
    return {
        "bind": f"0.0.0.0:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "graceful_timeout": 30,
        "timeout": 60,
        "proc_name": "regiebot",
        "accesslog": None,  # the app logs one line per request itself
        # The worker's heartbeat (an fchmod between requests, on the thread that accepts them) blocked for 100-300
        # ms on a disk busy writing back, stalling every request in flight (the benchmark); memory does not block.
        "worker_tmp_dir": SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None,
    }


def serve_http(*, port: int, workers: int, threads: int, clock_offset: timedelta | None = None) -> NoReturn:
    """Replace this process (same pid, signals and output) by the gunicorn master of `main`; the workers' clocks
    run `clock_offset` ahead of the system's (None: they are the system's)."""
    sys.stdout.flush()
    sys.stderr.flush()
    # -P: the working directory is not put on sys.path, so nothing there can shadow the bot package
    argv = [sys.executable, "-P", "-m", "bot.serving.server", "--port", str(port), "--workers", str(workers),
            "--threads", str(threads)]
    if clock_offset is not None:
        argv += ["--clock-offset", repr(clock_offset.total_seconds())]
    os.execv(sys.executable, argv)


def started(clock_offset: float | None = None) -> Regiebot:
    """A worker's bot: settings and logging as `regiebot serve` checked them, the app and its scheduler."""
    from bot.app import build
    from bot.config import Settings
    from bot.core.clock import OffsetClock
    from bot.serving import logs

    settings = Settings.load()
    logs.configure(settings.log_level, settings.log_format,
                   secrets=(settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token))
    regiebot = build(settings, clock=None if clock_offset is None else OffsetClock(timedelta(seconds=clock_offset)))
    regiebot.start_scheduler(settings.reminder_interval)
    # Everything built so far lives as long as the worker: the collector need not walk it again. A full
    # collection under 32 concurrent commands paused the worker 66 ms before, 14 ms after (the benchmark).
    gc.collect()
    gc.freeze()
    return regiebot


def main(argv: list[str] | None = None) -> None:
    arguments = argparse.ArgumentParser(prog="python -m bot.serving.server", description="the gunicorn master of serve")
    for option in ("--port", "--workers", "--threads"):
        arguments.add_argument(option, type=int, required=True)
    arguments.add_argument("--clock-offset", type=float, metavar="SECONDS", help="the bot's clock is this far ahead")
    given = arguments.parse_args(argv)
    GunicornServer(partial(started, given.clock_offset),
                   gunicorn_options(port=given.port, workers=given.workers, threads=given.threads)).run()


if __name__ == "__main__":
    main()
