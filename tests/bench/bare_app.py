"""The yardstick: a sync Bolt App that acks `/agenda` and does nothing else, served as `regiebot serve` is
(gunicorn gthread, the same options from bot.serving.server). Reads SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and
SLACK_API_URL; `python -m tests.bench.bare_app --port P --workers W --threads T`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.serving.server import gunicorn_options


def build() -> Callable[..., Iterable[bytes]]:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    def agenda_command(ack):
        ack()

    app.command("/agenda")(agenda_command)
    slack = SlackRequestHandler(app)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
            return [b"ok"]
        return slack(environ, start_response)

    return application


class BareServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)
        self.cfg.set("proc_name", "bare-bolt")

    def load(self) -> Callable[..., Iterable[bytes]]:
        return build()


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--port", type=int, required=True)
    arguments.add_argument("--workers", type=int, default=1)
    arguments.add_argument("--threads", type=int, default=32)
    given = arguments.parse_args()
    BareServer(gunicorn_options(port=given.port, workers=given.workers, threads=given.threads)).run()


if __name__ == "__main__":
    main()
