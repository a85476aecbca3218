"""Slack's rules on the way in and out: the ack never waits for the database, and what the channel is owed
survives Slack's errors and rate limits."""

from __future__ import annotations

import threading
import urllib.request

from bot.testing import payloads as slack_payloads
from tests.conftest import SIGNING_SECRET
from tests.harness import CHANNEL, MEMBER, SECRETARY, TEAM, Harness


def _lock_statement(bot: Harness) -> str:
    if bot.regiebot.database.engine.dialect.name == "sqlite":
        return "BEGIN IMMEDIATE"  # takes SQLite's write lock until rollback
    return "LOCK TABLE processed_delivery IN ACCESS EXCLUSIVE MODE"


def test_command_is_acknowledged_while_the_database_is_locked(table: Harness) -> None:
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        connection = table.regiebot.database.engine.raw_connection()
        try:
            connection.cursor().execute(_lock_statement(table))
            locked.set()
            release.wait(30)
        finally:
            connection.rollback()
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert locked.wait(10)
    body = slack_payloads.slash_command(command="/agenda", text="add Housing", user_id=MEMBER, channel_id=CHANNEL,
                                        team_id=TEAM, response_url=table.slack.response_url("locked"),
                                        trigger_id="trigger-locked")
    headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type="application/x-www-form-urlencoded")
    request = urllib.request.Request(table.url + "/slack/events", data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            acknowledged_while_locked = response.status == 200 and not release.is_set()
    finally:
        release.set()
        holder.join()
    table.settle()
    assert acknowledged_while_locked
    assert "Item *#1*" in table.slack.responses("locked")[0]["text"]


def test_announcement_survives_a_rate_limit_and_a_server_error(table: Harness) -> None:
    table.command("/agenda", "add Housing", user=MEMBER)
    table.slack.fail("chat.postMessage", status=429, retry_after=1)
    closed = table.command("/agenda", "close", user=SECRETARY)
    table.slack.fail("chat.postMessage", status=503)
    table.command("/meeting", "schedule 2027-01-19 10:00", user=SECRETARY)

    assert "is closed with 1 item" in closed.text
    posted = [message["text"] for message in table.slack.sent("chat.postMessage")]
    assert sum("Final agenda" in message for message in posted) == 1
    assert sum("session #2" in message and "is planned" in message for message in posted) == 1
    failed = [call.method for call in table.slack.calls if call.method.endswith(":failed")]
    assert failed == ["chat.postMessage:failed", "chat.postMessage:failed"]


def test_answer_falls_back_to_an_ephemeral_message_when_the_response_url_fails(table: Harness) -> None:
    table.slack.fail("respond", status=500)
    result = table.command("/agenda", "add Housing", user=MEMBER)
    assert result.responses == []
    ephemeral = table.slack.sent("chat.postEphemeral")
    assert [(m["channel"], m["user"]) for m in ephemeral] == [(CHANNEL, MEMBER)]
    assert "Item *#1*" in ephemeral[0]["text"]
