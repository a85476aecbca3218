"""The bot under test, served over real HTTP, driven as Slack drives it."""

from __future__ import annotations

import itertools
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from threading import Thread
from typing import Any
from urllib.parse import urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.app import Regiebot
from bot.core.clock import ManualClock
from bot.testing import payloads as slack_payloads
from bot.testing.slack_double import FakeSlack

TEAM = "T0000001"
OTHER_TEAM = "T0000999"
CHANNEL = "C0TABLE01"
OTHER_CHANNEL = "C0RANDOM1"
ADMIN = "U0ADMIN01"
CHAIR = "U0CHAIR01"
SECRETARY = "U0SECR001"
MEMBER = "U0VNG0001"
MEMBER_IPO = "U0IPO0001"
OBSERVER = "U0OBS0001"
OUTSIDER = "U0OUT0001"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass


@dataclass
class Result:
    status: int
    body: str
    responses: list[dict[str, Any]]

    @property
    def text(self) -> str:
        """Everything the caller was answered, joined."""
        return "\n".join(str(response.get("text", "")) for response in self.responses)


class Harness:
    def __init__(self, regiebot: Regiebot, slack: FakeSlack, clock: ManualClock, secret: str) -> None:
        self.regiebot = regiebot
        self.slack = slack
        self.clock = clock
        self.secret = secret
        self._ids = itertools.count(1)
        self._server = make_server("127.0.0.1", 0, regiebot.wsgi(), server_class=ThreadingWSGIServer,
                                   handler_class=QuietHandler)
        Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def post(self, body: str, *, headers: dict[str, str], path: str = "/slack/events") -> tuple[int, str]:
        request = urllib.request.Request(self.url + path, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode()
        self.settle()
        return status, text

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def settle(self) -> None:
        """Wait until the work Bolt runs after the ack has finished."""
        assert self.regiebot.work.wait_idle(15), "listener work did not finish"

    def command(self, command: str, text: str = "", *, user: str, channel: str = CHANNEL, team: str = TEAM,
                trigger_id: str | None = None, extra_headers: dict[str, str] | None = None) -> Result:
        request_id = f"r{next(self._ids)}"
        body = slack_payloads.slash_command(command=command, text=text, user_id=user, channel_id=channel,
                                            team_id=team, response_url=self.slack.response_url(request_id),
                                            trigger_id=trigger_id or f"trigger-{request_id}")
        headers = slack_payloads.signed_headers(self.secret, body, content_type="application/x-www-form-urlencoded")
        status, answer = self.post(body, headers={**headers, **(extra_headers or {})})
        return Result(status, answer, self.slack.responses(request_id))

    def post_interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        """A block_actions (or other interactive) payload, form-encoded and signed as Slack sends it."""
        body = urlencode({"payload": json.dumps(payload)})
        headers = slack_payloads.signed_headers(self.secret, body, content_type="application/x-www-form-urlencoded")
        return self.post(body, headers=headers)

    def submit_view(self, callback_id: str, values: dict[str, Any], *, user: str, channel: str = CHANNEL,
                    team: str = TEAM, view_id: str | None = None) -> tuple[int, str]:
        body = slack_payloads.view_submission(callback_id=callback_id, view_id=view_id or f"V{next(self._ids):08d}",
                                              values=values, private_metadata=channel, user_id=user, team_id=team)
        headers = slack_payloads.signed_headers(self.secret, body, content_type="application/x-www-form-urlencoded")
        return self.post(body, headers=headers)
