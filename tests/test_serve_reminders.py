"""Reminders from a real `regiebot serve`: sent once, after a SIGKILL sent by the next process, and with two
processes on one PostgreSQL still once.

Each process runs on `serve --clock`: a test keeps the bot's time (an OffsetClock) and starts each process on it,
so that processes side by side agree on the time (a claim lasts a lease, read on each one's clock), and a reminder
falls due when the test wants it to, not at the next real minute."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import OffsetClock
from bot.storage.db import Database, migrate
from bot.testing.slack_double import FakeSlack
from tests.conftest import empty_database
from tests.harness import ADMIN, CHANNEL, MEMBER, SECRETARY
from tests.serving import Served, launch_serve, start_serve

FAST = {"REMINDER_INTERVAL": "1"}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SESSION = datetime(2030, 3, 5, 10, 0, tzinfo=AMSTERDAM)
# call 5 minutes before the session, close 4, the session's reminder 3 (_set_up): the bot's clock starts as the
# close falls due, so the call is skipped, the close is sent at once and the session's reminder a minute later
START = SESSION - timedelta(minutes=4)


def _set_up(served: Served) -> None:
    served.command("/regie", "setup Regietafel en", user=ADMIN)
    served.command("/regie", f"member add <@{SECRETARY}|sam> BZK secretary", user=ADMIN)
    served.command("/regie", f"member add <@{MEMBER}|vera> VNG", user=ADMIN)
    served.command("/regie", "settings reminders call=5m close=4m meeting=3m", user=SECRETARY)


def _schedule(served: Served, starts: datetime) -> None:
    answer = served.command("/meeting", f"schedule {starts.astimezone(AMSTERDAM):%Y-%m-%d %H:%M} 1h", user=SECRETARY)
    assert "Planned session" in answer, answer


def _posts(slack: FakeSlack, marker: str) -> list[str]:
    return [call["text"] for call in slack.sent("chat.postMessage")
            if call["channel"] == CHANNEL and marker in call["text"]]


def _sent(served: Served, count: int = 0) -> list[tuple[str, str]]:
    """What the process logged as sent (once it logged `count`, or in 15 s)."""
    return [(entry["kind"], entry["outcome"]) for entry in served.wait_for_entries("reminder sent", count)]


def test_reminders_arrive_once_and_one_survives_a_sigkill(slack: FakeSlack, database, database_url: str,
                                                         tmp_path: Path) -> None:
    bot_time = OffsetClock.starting_at(START)
    first = start_serve(slack, database_url, tmp_path, name="first", extra=FAST, clock=bot_time.now())
    _set_up(first)
    _schedule(first, SESSION)
    assert _sent(first, 1) == [("close", "sent")], first.log  # posted, and recorded
    assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    due = SESSION - timedelta(minutes=3)
    assert bot_time.now() < due, "the set-up took too long: the session's reminder may have been due already"
    assert _posts(slack, "reminder of") == [] and len(_posts(slack, "Final agenda")) == 1

    # the bot stays down until a minute after the session's reminder fell due; the next process starts at that time
    restarted = due + timedelta(minutes=1)
    second = start_serve(slack, database_url, tmp_path, name="second", extra=FAST, clock=restarted)
    try:
        assert slack.wait_for(lambda: bool(_posts(slack, "reminder of")), timeout=15), second.log
        assert slack.wait_for(lambda: False, timeout=3) is False  # give a double the chance to appear
    finally:
        assert second.stop(signal.SIGTERM) == 0
    assert len(_posts(slack, "Final agenda")) == 1
    assert len(_posts(slack, "reminder of")) == 1
    assert _sent(second) == [("meeting", "sent")]


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
    bot_time = OffsetClock.starting_at(START)
    one = launch_serve(slack, database_url, tmp_path, name="one", extra=FAST, clock=bot_time.now())
    two = launch_serve(slack, database_url, tmp_path, name="two", extra=FAST, clock=bot_time.now())
    try:
        one.healthy()  # the two boot side by side, each on the bot's time at its own start
        two.healthy()
        _set_up(one)
        for offset, served in enumerate([one, two, one, two, one, two]):
            _schedule(served, SESSION + timedelta(days=offset + 1, minutes=offset))
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
    assert _sent(one) + _sent(two) == [("close", "sent")] * 6  # which process sent which is up to the claims
