"""`regiebot serve` as a real process for the tests: started on a free port against the Slack double, its
log written to a file (a pipe could fill and stall it), stopped with a signal of the test's choosing."""

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
from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from pathlib import Path

import pytest

from bot.testing import payloads as slack_payloads
from bot.testing.slack_double import FakeSlack
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.harness import ADMIN, CHANNEL, TEAM

REGIEBOT = Path(sys.executable).parent / "regiebot"
_requests = count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    slack: FakeSlack
    log_path: Path
    name: str = field(default="serve")

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def entries(self, message: str) -> list[dict]:
        """The JSON log lines with this message, in order."""
        lines = [json.loads(line) for line in self.log.splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("message") == message]

    def wait_for_entries(self, message: str, count: int, timeout: float = 15) -> list[dict]:
        """The log's lines with this message once there are `count` of them (another process writes the file, so
        it is read again every 50 ms), or what there is when `timeout` has passed."""
        deadline = time.monotonic() + timeout
        while len(found := self.entries(message)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return found

    def command(self, command: str, text: str, *, user: str) -> str:
        request_id = f"{self.name}-{next(_requests)}"
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

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 40) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=timeout)
        return self.process.returncode

    def healthy(self, timeout: float = 30) -> Served:
        """This process, once it answers /healthz; the test fails if it exits or does not answer in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:  # refused, or timed out while the worker still boots (URLError and TimeoutError too)
                if self.process.poll() is not None:
                    pytest.fail(f"regiebot serve exited: {self.log}")
                time.sleep(0.1)  # waiting for another process to bind its port
        self.process.kill()
        pytest.fail(f"regiebot serve did not become healthy in {timeout:.0f} s")


def start_serve(slack: FakeSlack, database_url: str, directory: Path, *, name: str = "serve",
                extra: dict[str, str] | None = None, clock: datetime | None = None) -> Served:
    """`regiebot serve`, healthy; with `clock`, its clock starts at that moment (`serve --clock`)."""
    return launch_serve(slack, database_url, directory, name=name, extra=extra, clock=clock).healthy()


def launch_serve(slack: FakeSlack, database_url: str, directory: Path, *, name: str = "serve",
                 extra: dict[str, str] | None = None, clock: datetime | None = None) -> Served:
    """`regiebot serve`, started: `healthy()` waits until it answers (so several can boot at once)."""
    assert REGIEBOT.exists(), "the regiebot console script is installed with the package"
    port = free_port()
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "SLACK_BOT_TOKEN": BOT_TOKEN,
                   "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": slack.api_url,
                   "DATABASE_URL": database_url, "PORT": str(port), "BOT_ADMINS": ADMIN, "DEFAULT_LANGUAGE": "en",
                   "LOG_FORMAT": "json", **(extra or {})}
    log_path = directory / f"{name}.log"
    with log_path.open("a") as log:
        process = subprocess.Popen([str(REGIEBOT), "serve", "--threads", "8",
                                    *(["--clock", clock.isoformat()] if clock else [])],
                                   cwd=directory, env=environment, stdout=log, stderr=log, text=True)
    return Served(process, port, slack, log_path, name)
