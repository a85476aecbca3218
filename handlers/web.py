"""The HTTP surface: POST /slack/events for Bolt, GET /healthz for the operator; everything else is 404."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.db import Database

EVENTS_PATH = "/slack/events"


def build_wsgi(app: App, database: Database) -> Callable[..., Iterable[bytes]]:
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        if path == EVENTS_PATH:
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"error": "use POST"})
            return slack(environ, start_response)
        if path == "/healthz" and method in ("GET", "HEAD"):
            if database.ping():
                return _json(start_response, "200 OK", {"status": "ok", "database": "ok"})
            return _json(start_response, "503 Service Unavailable", {"status": "unavailable", "database": "down"})
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return application


def _json(start_response: Callable[..., Any], status: str, body: dict[str, str]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]
