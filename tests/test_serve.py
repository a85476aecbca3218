"""`regiebot serve` for real: gunicorn on a free port, signed requests over HTTP, the Slack double behind
SLACK_API_URL, and a clean stop on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.testing.slack_double import FakeSlack
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.harness import ADMIN, MEMBER, SECRETARY
from tests.serving import Served, start_serve


@pytest.fixture
def served(slack: FakeSlack, database, database_url: str, tmp_path: Path) -> Iterator[Served]:
    process = start_serve(slack, database_url, tmp_path)
    yield process
    process.stop(signal.SIGKILL)


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


def _open_file(descriptor: Path) -> str:
    """What a descriptor points at; one the worker closed between listing and reading (a socket, a log) is ''."""
    try:
        return os.readlink(descriptor)
    except FileNotFoundError:
        return ""


@pytest.mark.skipif(not Path("/dev/shm").is_dir() or not Path("/proc/self/fd").is_dir(),
                    reason="needs Linux's /proc and /dev/shm")
def test_the_workers_heartbeat_file_is_in_shared_memory_not_on_disk(served):
    """gunicorn's worker touches a file between requests on the thread that accepts them; on a disk busy writing
    back that blocked for 100-300 ms (the benchmark, README). The worker's open files say where it is."""
    workers = Path(f"/proc/{served.process.pid}/task/{served.process.pid}/children").read_text().split()
    assert len(workers) == 1
    heartbeats = [target for target in map(_open_file, Path(f"/proc/{workers[0]}/fd").iterdir())
                  if "wgunicorn-" in target]
    assert heartbeats and all(path.startswith("/dev/shm/") for path in heartbeats), heartbeats


def test_sigterm_finishes_work_in_flight_and_stops_cleanly(served):
    served.command("/regie", "setup Regietafel en", user=ADMIN)
    assert "Regietafel" in served.command("/regie", "settings", user=ADMIN)
    assert served.stop(signal.SIGTERM) == 0
    stderr = served.log
    assert BOT_TOKEN not in stderr and SIGNING_SECRET not in stderr
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    commands = [(line["command"], line["verb"], line["outcome"]) for line in lines if line.get("message") == "command"]
    assert commands == [("/regie", "setup", "ok"), ("/regie", "settings", "ok")]
    assert "Shutting down" in stderr
