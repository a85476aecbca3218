"""/minutes end to end over HTTP: notes, the objectivised draft in a thread, refusals, changes, approval, export."""

from __future__ import annotations

import io
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from sqlalchemy import text as sql

from bot import cli
from bot.testing import payloads as slack_payloads
from bot.testing.slack_double import BOT_ID, BOT_USER_ID, FakeSlack
from tests.conftest import SIGNING_SECRET
from tests.harness import CHAIR, CHANNEL, MEMBER, MEMBER_IPO, OBSERVER, OUTSIDER, SECRETARY, TEAM, Harness

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AFTER_SESSION = datetime(2026, 12, 15, 12, 30, tzinfo=AMSTERDAM)


@pytest.fixture
def held(table: Harness) -> Harness:
    """Session #1 with two agenda items, now over."""
    table.command("/agenda", "add Reception capacity", user=MEMBER)
    table.command("/agenda", "add Housing for status holders", user=MEMBER_IPO)
    table.clock.set(AFTER_SESSION)
    return table


def note(bot: Harness, text: str, verb: str = "note") -> str:
    return bot.command("/minutes", f"{verb} {text}", user=SECRETARY).text


def posts(slack: FakeSlack, *, thread_ts: str | None = None) -> list[dict[str, Any]]:
    return [p for p in slack.sent("chat.postMessage") if p.get("thread_ts") == thread_ts]


def parent(slack: FakeSlack) -> tuple[str, dict[str, Any]]:
    """The summary's parent message: its ts and what it now shows (after any chat.update)."""
    [first] = [c for c in slack.calls if c.method == "chat.postMessage" and "minutes_approve" in
               str(c.params.get("blocks", ""))]
    ts = first.response["ts"]
    updates = [p for p in slack.sent("chat.update") if p["ts"] == ts]
    return ts, (updates[-1] if updates else first.params)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = message.get("blocks") or []
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    return [element for block in blocks if block["type"] == "actions" for element in block["elements"]]


def thread_text(slack: FakeSlack, ts: str) -> str:
    texts = []
    for post in posts(slack, thread_ts=ts):
        blocks = post.get("blocks") or []
        blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
        texts.append("\n".join(b["text"]["text"] for b in blocks if b.get("text")) or post["text"])
    return "\n".join(texts)


def press(bot: Harness, action_id: str, value: str, *, user: str, ts: str = "") -> tuple[int, str]:
    body = slack_payloads.block_actions(action={"type": "button", "action_id": action_id, "block_id": "b",
                                                "value": value}, user_id=user, team_id=TEAM,
                                        trigger_id=f"trig-{action_id}-{user}-{len(bot.slack.calls)}",
                                        channel_id=CHANNEL, message={"ts": ts, "text": ""})
    return bot.post(body, headers=slack_payloads.signed_headers(SIGNING_SECRET, body,
                                                                content_type="application/x-www-form-urlencoded"))


def reply(bot: Harness, text: str, *, user: str, thread_ts: str, event_id: str, retry: int | None = None,
          from_bot: bool = False) -> int:
    event = slack_payloads.message(user_id=user, channel_id=CHANNEL, text=text, ts=bot.slack.next_ts(),
                                   thread_ts=thread_ts)
    if from_bot:
        event["bot_id"] = BOT_ID
    body = slack_payloads.event_callback(event=event, event_id=event_id, team_id=TEAM)
    headers = slack_payloads.signed_headers(SIGNING_SECRET, body, content_type="application/json")
    if retry is not None:
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    status, _ = bot.post(body, headers=headers)
    return status


def ephemerals(slack: FakeSlack, user: str) -> list[str]:
    return [p["text"] for p in slack.sent("chat.postEphemeral") if p["user"] == user]


def summary_rows(bot: Harness) -> list[tuple[Any, ...]]:
    with bot.regiebot.database.session() as db:
        return [tuple(row) for row in db.execute(sql(
            "SELECT version, status, content_hash, approved_by FROM summary ORDER BY version"))]


def test_full_cycle_from_notes_to_an_exported_approved_summary(held: Harness, slack: FakeSlack) -> None:
    assert "Noted for session #1" in note(held, f"#1 <@{MEMBER}> reported that occupancy is 35,200 today.")
    note(held, "#1 Everyone agreed to the transition plan.", "decision")
    note(held, f"#2 Action: <@{MEMBER_IPO}> to send the provincial overview by 2026-12-22.")
    note(held, "Frankly the provincial figures are a mess, I think.")

    review = held.command("/minutes", "draft", user=SECRETARY).text
    assert "Version 1" in review and "To check before approval" in review

    ts, shown = parent(slack)
    assert [b["action_id"] for b in buttons(shown)] == ["minutes_approve", "minutes_request_changes"]
    body = thread_text(slack, ts)
    assert "35,200" in body and "Reception capacity" in body and "IPO" in body
    for secret in (MEMBER, MEMBER_IPO, "<@", "U0"):
        assert secret not in body

    button_value = buttons(shown)[0]["value"]
    assert button_value.startswith(f"{CHANNEL}:")
    summary_id = button_value.partition(":")[2]
    press(held, "minutes_approve", button_value, user=MEMBER, ts=ts)
    assert any("Only the chair" in text for text in ephemerals(slack, MEMBER))
    assert reply(held, "approved", user=OUTSIDER, thread_ts=ts, event_id="EvOut1") == 200
    assert any("Only the chair" in text for text in ephemerals(slack, OUTSIDER))
    assert [row[1] for row in summary_rows(held)] == ["draft"]

    press(held, "minutes_request_changes", button_value, user=CHAIR, ts=ts)
    [modal] = slack.sent("views.open")
    view = json.loads(modal["view"]) if isinstance(modal["view"], str) else modal["view"]
    assert view["private_metadata"] == f"{CHANNEL}:{summary_id}" and view["callback_id"] == "minutes_changes"
    held.submit_view("minutes_changes", {"reason": {"type": "plain_text_input",
                                                    "value": "Add the figures of Gelderland"}},
                     user=CHAIR, channel=f"{CHANNEL}:{summary_id}")
    assert [row[1] for row in summary_rows(held)] == ["changes_requested"]
    assert "changes requested" in parent(slack)[1]["text"] and not buttons(parent(slack)[1])

    note(held, "#1 COA reported 1,200 places in Gelderland.")
    held.command("/minutes", "draft", user=SECRETARY)
    assert [row[1] for row in summary_rows(held)] == ["superseded", "draft"]
    ts2, shown = parent(slack)
    assert ts2 == ts and "Version 2" in shown["text"]
    assert "1,200" in thread_text(slack, ts)

    press(held, "minutes_approve", button_value, user=CHAIR, ts=ts)  # the old version's button
    assert any("superseded by version 2" in text for text in ephemerals(slack, CHAIR))

    held.command("/minutes", "checked all", user=SECRETARY)  # the findings must be checked before approval
    assert reply(held, "Akkoord!", user=CHAIR, thread_ts=ts, event_id="EvChair1") == 200
    [_, (version, status, digest, approver)] = summary_rows(held)
    assert (version, status, approver) == (2, "approved", CHAIR) and len(digest) == 64
    shown = parent(slack)[1]
    assert not buttons(shown) and "Approved by" in shown["text"] and digest[:16] in shown["text"]
    assert any(digest in p["text"] for p in posts(slack, thread_ts=ts))

    actions = held.command("/action", "list all", user=SECRETARY).text
    assert "provincial overview" in actions and "IPO" in actions

    exported = held.command("/minutes", "export docx", user=MEMBER).text
    assert ".docx" in exported
    [shared] = slack.uploads()
    document = docx.Document(io.BytesIO(shared.content))
    whole = "\n".join(p.text for p in document.paragraphs)
    footer = "\n".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert "Reception capacity" in whole and digest in whole + footer
    assert "CHAIR" not in whole and MEMBER not in whole


def test_show_gives_anyone_on_the_table_the_latest_version_as_the_thread_has_it(held: Harness,
                                                                                slack: FakeSlack) -> None:
    note(held, "#1 Occupancy is 35,200 & rising <today>.")
    held.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)

    shown = held.command("/minutes", "show", user=OBSERVER)

    assert [response["response_type"] for response in shown.responses] == ["ephemeral"]
    assert shown.text.startswith("Version 1 · draft, awaiting the chair's approval (only you see this):\n\n")
    assert shown.text.endswith(thread_text(slack, ts))  # the thread's text, escaped once, not twice
    assert "35,200 &amp; rising &lt;today&gt;" in shown.text and "&amp;amp;" not in shown.text


def test_a_second_approval_and_a_retried_approval_event_change_nothing(held: Harness, slack: FakeSlack) -> None:
    note(held, "#1 It was decided to extend the emergency reception.", "decision")
    held.command("/minutes", "draft", user=SECRETARY)
    ts, shown = parent(slack)
    assert reply(held, "approve", user=CHAIR, thread_ts=ts, event_id="EvA1") == 200
    updates = len(slack.sent("chat.update"))
    assert reply(held, "approve", user=CHAIR, thread_ts=ts, event_id="EvA1", retry=1) == 200
    assert len(slack.sent("chat.update")) == updates
    press(held, "minutes_approve", buttons(shown)[0]["value"], user=CHAIR, ts=ts)
    assert any("is approved" in text for text in ephemerals(slack, CHAIR))
    assert len(slack.sent("chat.update")) == updates
    assert [row[1] for row in summary_rows(held)] == ["approved"]


def test_comments_other_threads_and_the_bots_own_replies_are_ignored(held: Harness, slack: FakeSlack) -> None:
    note(held, "#1 Occupancy is 35,200.")
    held.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)
    before = len(slack.calls)
    assert reply(held, "Looks good, thanks", user=MEMBER, thread_ts=ts, event_id="EvC1") == 200
    assert reply(held, "approved", user=CHAIR, thread_ts="1600000000.000001", event_id="EvC2") == 200
    assert reply(held, "approved", user=BOT_USER_ID, thread_ts=ts, event_id="EvC3", from_bot=True) == 200
    assert [c.method for c in slack.calls[before:]] == []
    assert [row[1] for row in summary_rows(held)] == ["draft"]


@pytest.mark.parametrize(("text", "expected"), [
    ("note #9 On an item that is not there", "Item #9 is not on the agenda"),
    ("note", "The note is empty"),
    ("note #1", "The note is empty"),
    ("note " + "x" * 3001, "3001 characters; the limit is 3000"),
    ("edit 7 new text", "There is no note 7"),
    ("present NOPE", "`NOPE` is not an organisation on this table"),
])
def test_bad_input_is_refused_with_the_usage_and_stores_nothing(held: Harness, text: str, expected: str) -> None:
    result = held.command("/minutes", text, user=SECRETARY)
    assert expected in result.text and "/minutes decision [#item] &lt;text&gt;" in result.text
    assert result.responses[0]["response_type"] == "ephemeral"
    assert "_No notes yet._" in held.command("/minutes", "notes", user=SECRETARY).text


def test_draft_without_notes_and_notes_by_a_member_are_refused(held: Harness) -> None:
    assert "There are no notes on session #1" in held.command("/minutes", "draft", user=SECRETARY).text
    assert "Only the secretary may do that" in held.command("/minutes", "note Occupancy", user=MEMBER).text


def test_notes_before_any_session_has_started_are_refused(table: Harness) -> None:
    assert "No session of this table has started yet" in table.command("/minutes", "note x", user=SECRETARY).text


def test_secretary_lists_corrects_and_deletes_notes_until_approval(held: Harness, slack: FakeSlack) -> None:
    note(held, "#1 First text.")
    note(held, "Second text.")
    assert "Note corrected" in held.command("/minutes", "edit 1 #2 Better text.", user=SECRETARY).text
    assert "Note 2 is deleted" in held.command("/minutes", "delete 2", user=SECRETARY).text
    listed = held.command("/minutes", "notes", user=SECRETARY).text
    assert "Better text." in listed and "#2 Housing for status holders" in listed and "Second text" not in listed
    held.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)
    reply(held, "approved", user=CHAIR, thread_ts=ts, event_id="EvE1")
    assert "is approved" in held.command("/minutes", "edit 1 Changed after approval", user=SECRETARY).text
    assert "is approved" in held.command("/minutes", "note Late note", user=SECRETARY).text


def test_add_to_minutes_shortcut_keeps_the_author_out_of_the_summary(held: Harness, slack: FakeSlack) -> None:
    payload = {"type": "message_action", "callback_id": "add_to_minutes", "trigger_id": "trig-short-1",
               "team": {"id": TEAM}, "user": {"id": SECRETARY, "team_id": TEAM}, "channel": {"id": CHANNEL},
               "message": {"type": "message", "user": MEMBER, "ts": "1765791000.000100",
                           "text": "VNG reports 12 municipalities without a location"},
               "response_url": slack.response_url("short1")}
    status, _ = held.post_interaction(payload)
    assert status == 200 and "from a message" in slack.responses("short1")[0]["text"]
    held.post_interaction(payload | {"trigger_id": "trig-short-2", "response_url": slack.response_url("short2")})
    assert "already in the minutes" in slack.responses("short2")[0]["text"]
    held.post_interaction(payload | {"trigger_id": "trig-short-3", "user": {"id": MEMBER, "team_id": TEAM},
                                     "response_url": slack.response_url("short3")})
    assert "Only the secretary" in str(slack.responses("short3")) + str(ephemerals(slack, MEMBER))
    held.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)
    assert "12 municipalities" in thread_text(slack, ts) and MEMBER not in thread_text(slack, ts)


def test_sixty_items_with_long_notes_are_posted_within_slacks_limits(table: Harness, slack: FakeSlack) -> None:
    for number in range(60):
        table.command("/agenda", f"add Item {number}", user=MEMBER)
    table.clock.set(AFTER_SESSION)
    sentence = "The reception organisation reported that 35,200 places are occupied in region {n}. "
    for number in range(1, 61):
        for _ in range(5):
            note(table, f"#{number} " + sentence.format(n=number) * 6)
    table.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)
    thread = posts(slack, thread_ts=ts)
    rejected = [c for c in slack.calls if isinstance(c.response, dict) and c.response.get("ok") is False]
    assert rejected == [] and (len(thread) > 1 or slack.uploads())
    body = thread_text(slack, ts) + "".join(f.content.decode() for f in slack.uploads())
    assert body.index("Item 0") < body.index("Item 30") < body.index("Item 59")


def test_an_approved_summary_cannot_be_changed_even_by_sql(held: Harness, slack: FakeSlack) -> None:
    note(held, "#1 It was decided to extend the emergency reception.", "decision")
    held.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)
    reply(held, "approved", user=CHAIR, thread_ts=ts, event_id="EvF1")
    with held.regiebot.database.session() as db, pytest.raises(Exception, match="approved summary cannot change"):
        db.execute(sql("UPDATE summary SET body = 'rewritten'"))
        db.commit()
    with held.regiebot.database.session() as db, pytest.raises(Exception, match="approved summary cannot change"):
        db.execute(sql("DELETE FROM summary"))
        db.commit()
    assert summary_rows(held)[0][1] == "approved"


def test_draft_missing_reminds_the_secretary_three_working_days_later(held: Harness, slack: FakeSlack) -> None:
    held.clock.set(datetime(2026, 12, 17, 9, 5, tzinfo=AMSTERDAM))  # Thursday: two working days later
    held.regiebot.reminders.deliver_due()
    assert not [p for p in slack.sent("chat.postMessage") if "no draft summary" in p["text"]]
    held.clock.set(datetime(2026, 12, 18, 9, 5, tzinfo=AMSTERDAM))  # Friday: the third working day
    held.regiebot.reminders.deliver_due()
    [sent] = [p for p in slack.sent("chat.postMessage") if "no draft summary" in p["text"]]
    assert sent["channel"] == SECRETARY and "/minutes draft 1" in sent["text"]


def test_a_draft_awaiting_approval_reminds_the_chair_after_five_days(held: Harness, slack: FakeSlack) -> None:
    note(held, "#1 Occupancy is 35,200.")
    held.command("/minutes", "draft", user=SECRETARY)
    held.clock.advance(timedelta(days=5, minutes=1))
    held.regiebot.reminders.deliver_due()
    [sent] = [p for p in slack.sent("chat.postMessage") if "awaited your approval" in p["text"]]
    assert sent["channel"] == CHAIR


def test_attendance_buttons_on_the_meeting_reminder_fill_the_header(table: Harness, slack: FakeSlack) -> None:
    table.clock.set(datetime(2026, 12, 14, 10, 1, tzinfo=AMSTERDAM))
    table.regiebot.reminders.deliver_due()
    [reminder] = [p for p in slack.sent("chat.postMessage")
                  if any(b["action_id"] == "meeting_attending" for b in buttons(p))]
    assert "reminder of session #1" in reminder["text"]
    value = next(b["value"] for b in buttons(reminder) if b["action_id"] == "meeting_attending")
    press(table, "meeting_attending", value, user=MEMBER)
    press(table, "meeting_apologies", value, user=MEMBER_IPO)
    table.clock.set(AFTER_SESSION)
    note(table, "Occupancy is 35,200.")
    assert "present VNG; apologies BZK, IPO" in table.command("/minutes", "absent BZK", user=SECRETARY).text
    corrected = table.command("/minutes", "present BZK", user=SECRETARY).text
    assert "present BZK, VNG; apologies IPO" in corrected
    table.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)
    header = thread_text(slack, ts)
    assert "VNG" in header and "IPO" in header


def test_a_dutch_table_gets_a_dutch_draft_without_names(held: Harness, slack: FakeSlack) -> None:
    held.command("/regie", "settings language nl", user=SECRETARY)
    note(held, f"#1 <@{MEMBER}>: ik vind het onacceptabel dat gemeenten pas een week vooraf horen dat er "
               "noodopvang komt.")
    note(held, "#1 Milo: bezetting vandaag 35.200, prognose eind maart 38.000.")
    review = held.command("/minutes", "draft", user=SECRETARY).text
    assert "Controleren vóór goedkeuring" in review and "Suggestie" in review
    ts, shown = parent(slack)
    assert "geobjectiveerde weergave" in shown["text"]
    body = thread_text(slack, ts)
    assert "35.200" in body and "38.000" in body and "<@" not in body
    assert [b["text"]["text"] for b in buttons(shown)] == ["Goedkeuren", "Wijzigingen vragen"]


def test_a_draft_in_time_means_no_draft_reminder(held: Harness, slack: FakeSlack) -> None:
    note(held, "#1 Occupancy is 35,200.")
    held.command("/minutes", "draft", user=SECRETARY)
    held.clock.set(datetime(2026, 12, 18, 9, 5, tzinfo=AMSTERDAM))
    held.regiebot.reminders.deliver_due()
    assert not [p for p in slack.sent("chat.postMessage") if "no draft summary" in p["text"]]


def test_regiebot_export_writes_the_approved_summary_from_the_database(held: Harness, slack: FakeSlack,
                                                                       database_url: str, tmp_path, monkeypatch,
                                                                       capsys) -> None:
    note(held, "#1 It was decided to extend the emergency reception.", "decision")
    held.command("/minutes", "draft", user=SECRETARY)
    ts, _ = parent(slack)
    reply(held, "approved", user=CHAIR, thread_ts=ts, event_id="EvX1")
    [(_, _, digest, _)] = summary_rows(held)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    monkeypatch.chdir(tmp_path)

    assert cli.main(["export", "--channel", CHANNEL, "--session", "1", "--format", "md", "--output", "lrt.md"]) == 0
    assert f"sha256 {digest}" in capsys.readouterr().out
    written = (tmp_path / "lrt.md").read_text()
    assert "It was decided to extend the emergency reception." in written and digest in written
    assert cli.main(["export", "--channel", "C0NOTABLE"]) == 1
    assert "not a steering table" in capsys.readouterr().err


def test_a_button_and_a_thread_reply_at_once_approve_once(held: Harness, slack: FakeSlack) -> None:
    note(held, "#1 It was decided to extend the emergency reception.", "decision")
    held.command("/minutes", "draft", user=SECRETARY)
    ts, shown = parent(slack)
    button_value = buttons(shown)[0]["value"]
    with ThreadPoolExecutor(2) as both:
        clicked = both.submit(press, held, "minutes_approve", button_value, user=CHAIR, ts=ts)
        replied = both.submit(reply, held, "akkoord", user=CHAIR, thread_ts=ts, event_id="EvBoth")
        assert clicked.result()[0] == 200 and replied.result() == 200
    assert [row[1] for row in summary_rows(held)] == ["approved"]
    approvals = [p for p in posts(slack, thread_ts=ts) if "was approved by" in p["text"]]
    assert len(approvals) == 1
    assert [text for text in ephemerals(slack, CHAIR) if "is approved" in text]  # the other was told
    assert not [c for c in slack.calls if c.method == "chat.postEphemeral" and "went wrong" in c.params["text"]]
