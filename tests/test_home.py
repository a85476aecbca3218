"""The App Home tab: a person's tables, each one's next session, and their own open action points."""

from __future__ import annotations

import json
from datetime import timedelta

from slack_sdk.models.views import View

from bot.testing import payloads as slack_payloads
from tests.conftest import SIGNING_SECRET
from tests.harness import CHAIR, MEMBER, MEMBER_IPO, OUTSIDER, SECRETARY, TEAM, Harness


def open_home(bot: Harness, user: str, event_id: str) -> dict:
    body = slack_payloads.event_callback(event={"type": "app_home_opened", "user": user, "channel": "D0HOME001",
                                                "tab": "home", "event_ts": "1700000000.000100"},
                                         event_id=event_id, team_id=TEAM)
    status, _ = bot.post(body, headers=slack_payloads.signed_headers(SIGNING_SECRET, body,
                                                                     content_type="application/json"))
    assert status == 200
    published = [call for call in bot.slack.sent("views.publish") if call["user_id"] == user]
    return published[-1]["view"]


def home_text(view: dict) -> str:
    return "\n".join(block["text"]["text"] for block in view["blocks"])


def test_member_sees_next_session_and_own_open_actions_overdue_first(table: Harness) -> None:
    table.command("/agenda", "add Housing", user=MEMBER)
    table.command("/action", f"add <@{MEMBER}> send the figures due 2026-12-20", user=SECRETARY)
    table.command("/action", f"add <@{MEMBER}> draft the letter due 2026-12-04", user=SECRETARY)
    table.command("/action", "add IPO not mine", user=SECRETARY)
    table.clock.advance(timedelta(days=5))  # 6 December: the letter is overdue

    text = home_text(open_home(table, MEMBER, "EvHome001"))

    assert "*Landelijke Regietafel* (<#C0TABLE01>)" in text
    assert "Next session: #1, Tuesday 15 December 2026, 10:00 at The Hague · 1 agenda item · agenda open" in text
    assert text.index("draft the letter") < text.index("send the figures")
    assert ":warning: *#2* draft the letter" in text
    assert "not mine" not in text


def test_someone_on_no_table_is_told_how_to_join(table: Harness) -> None:
    text = home_text(open_home(table, OUTSIDER, "EvHome002"))
    assert "You are not on any steering table yet" in text


def test_home_of_a_dutch_table_is_dutch(table: Harness) -> None:
    table.command("/regie", "settings language nl", user=SECRETARY)
    text = home_text(open_home(table, MEMBER, "EvHome003"))
    assert "Volgende vergadering: #1, dinsdag 15 december 2026, 10:00" in text


def test_home_view_stays_valid_block_kit_however_many_actions(table: Harness) -> None:
    for number in range(120):
        table.command("/action", f"add <@{MEMBER}> {'a long action text ' * 20}{number}", user=SECRETARY)
    view = open_home(table, MEMBER, "EvHome004")
    View(**view).validate_json()  # slack-sdk's own checks of Slack's limits
    assert len(view["blocks"]) <= 100
    assert all(len(block["text"]["text"]) <= 3000 for block in view["blocks"])
    assert json.dumps(view).count("a long action text") >= 1


def press_done(bot: Harness, view: dict, user: str, button: dict) -> None:
    body = slack_payloads.block_actions(action={"type": "button", "action_id": button["action_id"], "block_id": "b",
                                                "value": button["value"]}, user_id=user, team_id=TEAM,
                                        trigger_id=f"trig-done-{button['value']}", view=view)
    status, _ = bot.post(body, headers=slack_payloads.signed_headers(SIGNING_SECRET, body,
                                                                     content_type="application/x-www-form-urlencoded"))
    assert status == 200


def test_done_on_the_home_tab_closes_the_action_and_refreshes_the_tab(table: Harness) -> None:
    table.command("/action", f"add <@{MEMBER}> send the figures due 2026-12-20", user=SECRETARY)
    view = open_home(table, MEMBER, "EvHome010")
    [button] = [block["accessory"] for block in view["blocks"] if "accessory" in block]
    assert button["text"]["text"] == "Done" and button["value"] == "C0TABLE01:1"

    press_done(table, view, MEMBER, button)

    assert "_done_" in table.command("/action", "list all", user=MEMBER).text
    refreshed = table.slack.sent("views.publish")[-1]["view"]
    assert "You have no open action points here." in home_text(refreshed)


def test_done_on_someone_elses_action_is_refused(table: Harness) -> None:
    table.command("/action", f"add <@{MEMBER}> send the figures", user=SECRETARY)
    view = open_home(table, MEMBER, "EvHome011")
    [button] = [block["accessory"] for block in view["blocks"] if "accessory" in block]
    press_done(table, view, MEMBER_IPO, button)
    assert any("Only the owner or the secretary" in call["text"] for call in table.slack.sent("chat.postEphemeral"))
    assert "_done_" not in table.command("/action", "list all", user=MEMBER).text


def test_chair_sees_the_drafts_awaiting_approval_and_a_member_does_not(table: Harness) -> None:
    table.clock.set(table.clock.now() + timedelta(days=14, hours=3))  # session #1 has been held
    table.command("/minutes", "note Occupancy is 35,200.", user=SECRETARY)
    table.command("/minutes", "draft", user=SECRETARY)
    assert "Summary of session #1, version 1" in home_text(open_home(table, CHAIR, "EvHome012"))
    assert "Awaiting your approval" not in home_text(open_home(table, MEMBER, "EvHome013"))
