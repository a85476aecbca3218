"""Reminders from a real `regiebot serve`: sent once, after a SIGKILL sent by the next process, and with two
processes on one PostgreSQL still once. These tests run on the system clock, so they wait for minutes."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.storage.db import Database, migrate
from bot.testing.slack_double import FakeSlack
from tests.conftest import empty_database
from tests.harness import ADMIN, CHANNEL, MEMBER, SECRETARY
from tests.serving import Served, start_serve

FAST = {"REMINDER_INTERVAL": "1"}


def _set_up(served: Served) -> None:
    served.command("/regie", "setup Regietafel en", user=ADMIN)
    served.command("/regie", f"member add <@{SECRETARY}|sam> BZK secretary", user=ADMIN)
    served.command("/regie", f"member add <@{MEMBER}|vera> VNG", user=ADMIN)
    # call 5 minutes ahead (already past: skipped), close 4 (past: due at once), meeting 3
    served.command("/regie", "settings reminders call=5m close=4m meeting=3m", user=SECRETARY)


def _next_minute() -> datetime:
    return (datetime.now(UTC) + timedelta(minutes=1)).replace(second=0, microsecond=0)


def _schedule(served: Served, starts: datetime) -> None:
    local = starts.astimezone(ZoneInfo("Europe/Amsterdam"))
    answer = served.command("/meeting", f"schedule {local:%Y-%m-%d %H:%M} 1h", user=SECRETARY)
    assert "Planned session" in answer, answer


def _posts(slack: FakeSlack, marker: str) -> list[str]:
    return [call["text"] for call in slack.sent("chat.postMessage")
            if call["channel"] == CHANNEL and marker in call["text"]]


def test_reminders_arrive_once_and_one_survives_a_sigkill(slack: FakeSlack, database, database_url: str,
                                                         tmp_path: Path) -> None:
    first = start_serve(slack, database_url, tmp_path, name="first", extra=FAST)
    _set_up(first)
    meeting_due = _next_minute()
    _schedule(first, meeting_due + timedelta(minutes=3))
    assert slack.wait_for(lambda: bool(_posts(slack, "Final agenda")), timeout=15), first.log
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL  # the meeting reminder is still owed

    assert slack.wait_for(lambda: datetime.now(UTC) > meeting_due + timedelta(seconds=2), timeout=90)
    assert _posts(slack, "reminder of") == []  # nobody was running to send it
    second = start_serve(slack, database_url, tmp_path, name="second", extra=FAST)
    try:
        assert slack.wait_for(lambda: bool(_posts(slack, "reminder of")), timeout=15), second.log
        assert slack.wait_for(lambda: False, timeout=3) is False  # give a double the chance to appear
    finally:
        assert second.stop(signal.SIGTERM) == 0
    assert len(_posts(slack, "Final agenda")) == 1
    assert len(_posts(slack, "reminder of")) == 1
    sent = [json.loads(line) for line in second.log.splitlines() if line.startswith("{")]
    assert [(entry["kind"], entry["outcome"]) for entry in sent if entry.get("message") == "reminder sent"] == [
        ("meeting", "sent")]


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """Several processes need PostgreSQL (SQLite is for one process): this test runs there only."""
    migrate(postgres_url)
    yield postgres_url
    database = Database.from_url(postgres_url)
    empty_database(database)
    database.dispose()


def test_two_processes_on_postgresql_send_each_reminder_once(slack: FakeSlack, postgres_database: str,
                                                             tmp_path: Path) -> None:
    database_url = postgres_database
    one = start_serve(slack, database_url, tmp_path, name="one", extra=FAST)
    two = start_serve(slack, database_url, tmp_path, name="two", extra=FAST)
    try:
        _set_up(one)
        starts = _next_minute() + timedelta(minutes=3)
        for offset, served in enumerate([one, two, one, two, one, two]):
            _schedule(served, starts + timedelta(days=offset + 1, minutes=offset))
        closes = lambda: _posts(slack, "Final agenda")  # noqa: E731 - read again while waiting
        # the sessions are days away with close=4m: no close is due; shorten the table's offsets so all are
        one.command("/regie", "settings reminders close=10d", user=SECRETARY)
        assert slack.wait_for(lambda: len(closes()) >= 6, timeout=30)
        assert slack.wait_for(lambda: False, timeout=3) is False  # give a double the chance to appear
    finally:
        one.stop()
        two.stop()
    assert len(closes()) == 6
    assert len(set(closes())) == 6
    senders = [name for name, served in (("one", one), ("two", two)) if '"message": "reminder sent"' in served.log]
    assert senders  # at least one process sent; which one is up to the claims
