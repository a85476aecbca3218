"""What every request gets: signatures checked, retries without a second effect, no stack traces in Slack,
escaping, and logs that never carry a secret."""

from __future__ import annotations

import io
import json
import logging
import time
from datetime import timedelta

from sqlalchemy import text
from sqlmodel import func, select

from bot.serving import logs
from bot.storage.models import AgendaItem, AuditEntry, ProcessedDelivery, SteeringTable
from bot.testing import payloads as slack_payloads
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.harness import ADMIN, CHANNEL, MEMBER, OUTSIDER, SECRETARY, TEAM

FORM = "application/x-www-form-urlencoded"


def _count(bot, model) -> int:
    with bot.regiebot.database.session() as db:
        return db.exec(select(func.count()).select_from(model)).one()


def _setup_body(bot) -> str:
    return slack_payloads.slash_command(command="/regie", text="setup Forged table", user_id=ADMIN,
                                        channel_id=CHANNEL, team_id=TEAM, response_url=bot.slack.response_url("x"),
                                        trigger_id="trigger-forged")


def test_request_signed_with_another_secret_gets_401_and_changes_nothing(bot):
    body = _setup_body(bot)
    headers = slack_payloads.signed_headers("not-the-secret", body, content_type=FORM)
    status, _ = bot.post(body, headers=headers)
    assert status == 401
    assert _count(bot, SteeringTable) == 0
    assert bot.slack.responses() == []


def test_request_older_than_five_minutes_gets_401(bot):
    body = _setup_body(bot)
    headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type=FORM, timestamp=int(time.time()) - 301)
    status, _ = bot.post(body, headers=headers)
    assert status == 401
    assert _count(bot, SteeringTable) == 0


def test_request_without_signature_headers_gets_401(bot):
    status, _ = bot.post(_setup_body(bot), headers={"Content-Type": FORM})
    assert status == 401
    assert _count(bot, SteeringTable) == 0


def test_body_changed_after_signing_gets_401(bot):
    body = _setup_body(bot)
    headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type=FORM)
    status, _ = bot.post(body.replace("Forged", "Tampered"), headers=headers)
    assert status == 401
    assert _count(bot, SteeringTable) == 0


def test_retried_command_delivery_has_no_second_effect(table):
    first = table.command("/agenda", "add Housing", user=MEMBER, trigger_id="trigger-same")
    again = table.command("/agenda", "add Housing", user=MEMBER, trigger_id="trigger-same",
                          extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert "Item *#1*" in first.text
    assert again.status == 200 and again.responses == []
    assert _count(table, AgendaItem) == 1
    assert _count_audit(table, "agenda.add") == 1


def test_a_delivery_that_changed_nothing_is_not_remembered(table):
    """The claim commits with the effect or not at all: a refused delivery leaves no record behind, so Slack's
    retry of it is handled afresh."""
    refused = table.command("/agenda", "add Housing", user=OUTSIDER, trigger_id="trigger-retry")
    table.command("/regie", f"member add <@{OUTSIDER}> COA member", user=ADMIN)
    retried = table.command("/agenda", "add Housing", user=OUTSIDER, trigger_id="trigger-retry",
                            extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert "not a member" in refused.text and "Item *#1*" in retried.text
    assert _count(table, AgendaItem) == 1


def test_deliveries_are_remembered_for_a_week_and_then_forgotten(table):
    table.command("/agenda", "add Housing", user=MEMBER, trigger_id="trigger-old")
    table.clock.advance(timedelta(days=6))
    assert table.regiebot.forget_deliveries() == 0
    table.command("/agenda", "add Housing", user=MEMBER, trigger_id="trigger-new")
    table.clock.advance(timedelta(days=2))  # the table's setup and the first add are 8 days old, the second 2

    assert table.regiebot.forget_deliveries() == 8  # setup, five members, the session, the first add
    with table.regiebot.database.session() as db:
        assert [row.key for row in db.exec(select(ProcessedDelivery)).all()] == ["command:trigger-new"]


def _count_audit(bot, action: str) -> int:
    with bot.regiebot.database.session() as db:
        return db.exec(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)).one()


def _home_event(event_id: str, user: str) -> str:
    return slack_payloads.event_callback(event={"type": "app_home_opened", "user": user, "channel": "D0HOME001",
                                                "tab": "home", "event_ts": "1700000000.000100"},
                                         event_id=event_id, team_id=TEAM)


def test_retried_event_delivery_has_no_second_effect(table):
    body = _home_event("Ev0000001", MEMBER)
    headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type="application/json")
    assert table.post(body, headers=headers)[0] == 200
    retried = {**slack_payloads.signed_headers(SIGNING_SECRET, body, content_type="application/json"),
               "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert table.post(body, headers=retried)[0] == 200
    published = table.slack.sent("views.publish")
    assert len(published) == 1
    assert published[0]["user_id"] == MEMBER
    home = json.dumps(published[0]["view"])
    assert "Landelijke Regietafel" in home and "#1" in home


def test_user_text_cannot_ping_the_channel_or_forge_a_mention(table):
    result = table.command("/agenda", "add <!channel> look & see <@U0FORGED1>", user=MEMBER)
    assert "&lt;!channel&gt; look &amp; see &lt;@U0FORGED1&gt;" in result.text
    table.command("/agenda", "close", user=SECRETARY)
    posted = " ".join(message["text"] for message in table.slack.sent("chat.postMessage"))
    assert "&lt;!channel&gt;" in posted
    assert "<!channel>" not in posted and "<@U0FORGED1>" not in posted


def test_text_escaped_by_slack_is_stored_as_typed_and_shown_escaped_once(table):
    result = table.command("/agenda", "add R&amp;D &lt;draft&gt;", user=MEMBER)  # as Slack sends `R&D <draft>`
    assert "“R&amp;D &lt;draft&gt;”" in result.text
    with table.regiebot.database.session() as db:
        assert db.exec(select(AgendaItem.title)).one() == "R&D <draft>"


def test_a_crash_inside_a_listener_answers_generically_and_the_server_lives_on(table):
    with table.regiebot.database.engine.begin() as connection:
        connection.execute(text("ALTER TABLE agenda_item RENAME TO agenda_item_away"))
    try:
        result = table.command("/agenda", "list", user=MEMBER)
    finally:
        with table.regiebot.database.engine.begin() as connection:
            connection.execute(text("ALTER TABLE agenda_item_away RENAME TO agenda_item"))
    assert result.status == 200
    assert "Something went wrong on our side" in result.text
    assert "Traceback" not in result.text and "agenda_item" not in result.text
    assert table.get("/healthz") == (200, '{"status": "ok", "database": "ok"}')
    assert "Agenda of Landelijke Regietafel" in table.command("/agenda", "list", user=MEMBER).text


def test_healthz_reports_the_database_and_other_paths_are_404(bot):
    assert bot.get("/healthz") == (200, '{"status": "ok", "database": "ok"}')
    assert bot.get("/nowhere")[0] == 404
    assert bot.get("/slack/events")[0] == 405


def test_healthz_is_503_when_the_database_is_gone(bot, slack, clock, tmp_path):
    from bot.app import build
    from bot.storage.db import Database
    from tests.conftest import make_settings
    from tests.harness import Harness

    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    regiebot = build(make_settings(slack, unreachable), clock=clock, database=Database.from_url(unreachable))
    harness = Harness(regiebot, slack, clock, SIGNING_SECRET)
    try:
        status, body = harness.get("/healthz")
    finally:
        harness.stop()
    assert status == 503
    assert json.loads(body) == {"status": "unavailable", "database": "down"}


def test_one_log_line_per_command_with_table_and_outcome_and_never_a_secret(table):
    stream = io.StringIO()
    logs.configure("DEBUG", "json", secrets=(BOT_TOKEN, SIGNING_SECRET), stream=stream)
    try:
        table.command("/agenda", "add Housing", user=MEMBER)
        table.command("/agenda", "withdraw #42", user=MEMBER)
        table.command("/agenda", "close", user=SECRETARY)
    finally:
        logging.getLogger().handlers.clear()
    output = stream.getvalue()
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output
    entries = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    commands = [entry for entry in entries if entry.get("message") == "command"]
    assert [(e["command"], e["verb"], e["channel"], e["outcome"]) for e in commands] == [
        ("/agenda", "add", CHANNEL, "ok"), ("/agenda", "withdraw", CHANNEL, "refused:unknown_item"),
        ("/agenda", "close", CHANNEL, "ok")]
    assert all(entry["request_id"] for entry in commands)
    api_calls = [entry for entry in entries if entry.get("message") == "web api call"]
    assert [(e["method"], e["outcome"]) for e in api_calls] == [("chat.postMessage", "ok")]


def test_log_lines_mask_tokens_and_secrets_wherever_they_appear():
    stream = io.StringIO()
    logs.configure("INFO", "text", secrets=(SIGNING_SECRET,), stream=stream)
    try:
        logging.getLogger("regiebot.test").info("token %s secret %s app xapp-1-A0-123-abc", BOT_TOKEN, SIGNING_SECRET)
    finally:
        logging.getLogger().handlers.clear()
    line = stream.getvalue()
    assert "token [redacted] secret [redacted] app [redacted]" in line
    assert BOT_TOKEN not in line and SIGNING_SECRET not in line
