"""`regiebot serve` in HTTP mode: gunicorn with threaded workers, each building its own app after fork.

SIGTERM makes gunicorn stop accepting, finish requests in flight, and then each worker drains the listener
work that runs after Slack's ack before it exits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.app import Regiebot


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


def serve_http(factory: Callable[[], Regiebot], *, port: int, workers: int, threads: int) -> None:
    options = {
        "bind": f"0.0.0.0:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "graceful_timeout": 30,
        "timeout": 60,
        "proc_name": "regiebot",
        "accesslog": None,  # the app logs one line per request itself
    }
    GunicornServer(factory, options).run()
