"""`regiebot serve` for real: gunicorn on a free port, signed requests over HTTP, the Slack double behind
SLACK_API_URL, and a clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import slack_payloads
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.fake_slack import FakeSlack
from tests.harness import ADMIN, CHANNEL, MEMBER, SECRETARY, TEAM

REGIEBOT = Path(sys.executable).parent / "regiebot"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    slack: FakeSlack
    count: int = 0

    def command(self, command: str, text: str, *, user: str) -> str:
        self.count += 1
        request_id = f"serve{self.count}"
        body = slack_payloads.slash_command(command=command, text=text, user_id=user, channel_id=CHANNEL,
                                            team_id=TEAM, response_url=self.slack.response_url(request_id),
                                            trigger_id=f"trigger-{request_id}")
        headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type="application/x-www-form-urlencoded")
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/slack/events", data=body.encode(),
                                         headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        assert self.slack.wait_for(lambda: bool(self.slack.responses(request_id)), timeout=10)
        return self.slack.responses(request_id)[0]["text"]


@pytest.fixture
def served(slack: FakeSlack, database, database_url: str, tmp_path: Path) -> Iterator[Served]:
    assert REGIEBOT.exists(), "the regiebot console script is installed with the package"
    port = _free_port()
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SLACK_BOT_TOKEN": BOT_TOKEN,
                   "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.api_url,
                   "DATABASE_URL": database_url, "PORT": str(port), "BOT_ADMINS": ADMIN, "DEFAULT_LANGUAGE": "en",
                   "LOG_FORMAT": "json"}
    process = subprocess.Popen([str(REGIEBOT), "serve", "--threads", "8"], cwd=tmp_path, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                pytest.fail(f"regiebot serve exited: {process.stderr.read()}")
            time.sleep(0.1)  # waiting for another process to bind its port
    else:
        process.kill()
        pytest.fail("regiebot serve did not become healthy in 30 s")
    yield Served(process, port, slack)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def test_serve_checks_the_token_at_the_slack_api_url_it_is_given(served):
    assert len(served.slack.sent("auth.test")) >= 1
    assert all(call.headers.get("Authorization") == f"Bearer {BOT_TOKEN}" for call in served.slack.calls
               if call.method == "auth.test")


def test_agenda_item_added_over_http_shows_in_the_agenda_list(served):
    assert "is now the steering table" in served.command("/regie", "setup Regietafel en", user=ADMIN)
    assert "joined" in served.command("/regie", f"member add <@{SECRETARY}|sam> BZK secretary", user=ADMIN)
    assert "joined" in served.command("/regie", f"member add <@{MEMBER}|vera> VNG", user=ADMIN)
    assert "Planned session #1" in served.command("/meeting", "schedule 2030-03-12 10:00 2h", user=SECRETARY)
    assert "Item *#1*" in served.command("/agenda", "add Housing of status holders", user=MEMBER)
    listed = served.command("/agenda", "list", user=MEMBER)
    assert "Housing of status holders" in listed and "session #1" in listed


def test_sigterm_finishes_work_in_flight_and_stops_cleanly(served):
    served.command("/regie", "setup Regietafel en", user=ADMIN)
    assert "Regietafel" in served.command("/regie", "settings", user=ADMIN)
    served.process.send_signal(signal.SIGTERM)
    _, stderr = served.process.communicate(timeout=40)
    assert served.process.returncode == 0
    assert BOT_TOKEN not in stderr and SIGNING_SECRET not in stderr
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    commands = [(line["command"], line["verb"], line["outcome"]) for line in lines if line.get("message") == "command"]
    assert commands == [("/regie", "setup", "ok"), ("/regie", "settings", "ok")]
    assert "Shutting down" in stderr
