"""The HTTP surface: POST /slack/events for Bolt, GET /healthz for the operator, GET /calendar/<token>.ics for
calendar apps; everything else is 404, and so is a feed address with a token no table has."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.storage.db import Database

EVENTS_PATH = "/slack/events"
FEED_PATH = re.compile(r"/calendar/([A-Za-z0-9_-]{16,64})\.ics")  # secrets.token_urlsafe's alphabet


def build_wsgi(app: App, database: Database,
               calendar_feed: Callable[[str], bytes | None]) -> Callable[..., Iterable[bytes]]:
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
        feed = FEED_PATH.fullmatch(path)
        if feed and method in ("GET", "HEAD"):
            calendar = calendar_feed(feed.group(1))
            if calendar is not None:
                return _calendar(start_response, calendar)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return application


def _json(start_response: Callable[..., Any], status: str, body: dict[str, str]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def _calendar(start_response: Callable[..., Any], body: bytes) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/calendar; charset=utf-8"), ("Content-Length", str(len(body))),
                              ("Cache-Control", "private, max-age=300")])
    return [body]
