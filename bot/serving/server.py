"""`regiebot serve` in HTTP mode: gunicorn with threaded workers, each building its own app after fork.

Once `serve` has checked the settings, the database and the token, it hands its process over (exec) to a fresh
interpreter that runs only the gunicorn master, `python -m bot.serving.server`; each worker loads the bot after the
fork. A master that had imported the bot for those checks kept ~90 MB that every worker counted again: the
benchmark measured 166–180 MB resident for an idle master and worker, now 112–121 MB (issue 6: under 150).

SIGTERM makes gunicorn stop accepting, finish requests in flight, and then each worker drains the listener
work that runs after Slack's ack before it exits.

The master names the worker's bot by its import path (`bot.app:serve_worker`, as gunicorn names an app) and
imports it only in the worker, after the fork: the master stays lean, and serving never imports the composition
root that imports it.

`serve --clock` reaches the workers as the offset from the system's time that `serve` computed when it started, so
every worker keeps the same time, also one that gunicorn starts later in place of another.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, NoReturn, Protocol

from gunicorn.app.base import BaseApplication

SHARED_MEMORY = "/dev/shm"
WORKER = "bot.app:serve_worker"


class Worker(Protocol):
    """What a gunicorn worker runs: a WSGI application, drained before the worker exits."""

    def wsgi(self) -> Callable[..., Iterable[bytes]]: ...

    def drain(self, timeout: float = 30) -> None: ...


class GunicornServer(BaseApplication):
    def __init__(self, factory: Callable[[], Worker], options: dict[str, Any]) -> None:
        self._factory = factory
        self._options = options
        self._regiebot: Worker | None = None
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


def worker_factory(path: str, clock_offset: float | None) -> Callable[[], Worker]:
    """The callable `module:name` names, called in the worker with the clock's offset (seconds, or None)."""

    def load() -> Worker:
        module, _, name = path.partition(":")
        worker: Worker = getattr(importlib.import_module(module), name)(clock_offset)
        return worker

    return load


def main(argv: list[str] | None = None) -> None:
    arguments = argparse.ArgumentParser(prog="python -m bot.serving.server", description="the gunicorn master of serve")
    for option in ("--port", "--workers", "--threads"):
        arguments.add_argument(option, type=int, required=True)
    arguments.add_argument("--clock-offset", type=float, metavar="SECONDS", help="the bot's clock is this far ahead")
    given = arguments.parse_args(argv)
    GunicornServer(worker_factory(WORKER, given.clock_offset),
                   gunicorn_options(port=given.port, workers=given.workers, threads=given.threads)).run()


if __name__ == "__main__":
    main()
