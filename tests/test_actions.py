"""/action end to end: signed slash commands and modal submissions in, Slack Web API calls and rows out."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.core.clock import ManualClock
from bot.render import escape_slack
from bot.storage.models import ActionPoint, AuditEntry
from bot.testing.slack_double import FakeSlack
from tests.harness import (
    CHAIR,
    CHANNEL,
    MEMBER,
    MEMBER_IPO,
    OBSERVER,
    OTHER_TEAM,
    OUTSIDER,
    SECRETARY,
    Harness,
    Result,
)

NUMBERS = re.compile(r"^• \*#(\d+)\*", re.MULTILINE)


def points(bot: Harness) -> list[dict[str, Any]]:
    """Every action point as stored."""
    with bot.regiebot.database.session() as db:
        rows = db.exec(select(ActionPoint).order_by(col(ActionPoint.number))).all()
        return [{"number": p.number, "text": p.text, "owner": p.owner_user_id, "organisation": p.owner_organisation,
                 "due": p.due_date, "status": str(p.status), "created_by": p.created_by} for p in rows]


def audit(bot: Harness) -> list[tuple[str, str, str]]:
    """The action points' audit trail: (action, target, actor), oldest first."""
    with bot.regiebot.database.session() as db:
        entries = db.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(e.action, e.target, e.actor_id) for e in entries if e.action.startswith("action.")]


def everything(bot: Harness) -> tuple[Any, ...]:
    """All that a refused or bad request must leave as it was."""
    with bot.regiebot.database.session() as db:
        audit_rows = len(db.exec(select(AuditEntry)).all())
    return points(bot), audit_rows


def help_page(bot: Harness) -> str:
    return bot.command("/action", "help", user=MEMBER).text


def assert_ephemeral(result: Result) -> None:
    assert result.status == 200
    assert result.responses, "nothing reached the response_url"
    assert {r.get("response_type") for r in result.responses} == {"ephemeral"}


def record(bot: Harness, text: str, user: str = MEMBER) -> Result:
    result = bot.command("/action", f"add {text}", user=user)
    assert result.text.startswith(":white_check_mark: Action point"), result.text
    return result


def listed(bot: Harness, selector: str = "", user: str = MEMBER) -> list[int]:
    """The numbers `/action list` shows, in its order."""
    text = bot.command("/action", f"list {selector}".strip(), user=user).text
    assert text.startswith("*Action points of Landelijke Regietafel*"), text
    return [int(n) for n in NUMBERS.findall(text)]


def action_values(*, person: str | None = None, organisation: str | None = None, text: str | None = "Write the memo",
                  due: str | None = None) -> dict[str, Any]:
    """Modal state as Slack sends it: block id → the element's state (action id `value`)."""
    return {
        "owner_person": {"type": "users_select", "selected_user": person},
        "owner_organisation": {"type": "static_select",
                               "selected_option": {"value": organisation} if organisation else None},
        "text": {"type": "plain_text_input", "value": text},
        "due": {"type": "datepicker", "selected_date": due},
    }


# recording


def test_member_records_an_action_for_a_person_mentioned_with_a_name(table: Harness) -> None:
    result = table.command("/action", f"add <@{MEMBER_IPO}|ivo> Write the memo due 15 december", user=MEMBER)

    assert_ephemeral(result)
    assert result.text == (f":white_check_mark: Action point *#1* Write the memo · <@{MEMBER_IPO}> (IPO) "
                           "· due 15 Dec 2026")
    assert points(table) == [{"number": 1, "text": "Write the memo", "owner": MEMBER_IPO, "organisation": "IPO",
                              "due": date(2026, 12, 15), "status": "open", "created_by": MEMBER}]
    assert audit(table) == [("action.add", "action#1", MEMBER)]


@pytest.mark.parametrize("mention", [f"<@{MEMBER}>", f"<@{MEMBER}|Vera van der Berg>"])
def test_owner_may_be_a_bare_mention_or_one_with_a_spaced_name(table: Harness, mention: str) -> None:
    record(table, f"{mention} Send the housing figures")

    [point] = points(table)
    assert (point["text"], point["owner"], point["organisation"], point["due"]) == (
        "Send the housing figures", MEMBER, "VNG", None)


def test_owner_may_be_an_organisation_in_any_case(table: Harness) -> None:
    answers = [record(table, f"{typed} Consult the municipalities").text for typed in ("VNG", "vng", "Vng")]

    assert answers == [f":white_check_mark: Action point *#{n}* Consult the municipalities · VNG" for n in (1, 2, 3)]
    assert {(p["owner"], p["organisation"]) for p in points(table)} == {(None, "VNG")}


def test_due_dates_in_dutch_and_english(table: Harness) -> None:
    typed = {  # the clock stands on Tuesday 1 December 2026
        "15 december": date(2026, 12, 15),
        "2026-12-15": date(2026, 12, 15),
        "15-12-2026": date(2026, 12, 15),
        "next tuesday": date(2026, 12, 8),
        "volgende dinsdag": date(2026, 12, 8),
        "3 januari": date(2027, 1, 3),
    }
    for index, text in enumerate(typed):
        record(table, f"IPO Ask the provinces {index} due {text}")

    assert {text: (p["text"], p["due"]) for text, p in zip(typed, points(table), strict=True)} == {
        text: (f"Ask the provinces {index}", due) for index, (text, due) in enumerate(typed.items())}


def test_due_word_inside_the_text_stays_text(table: Harness) -> None:
    record(table, "VNG Check the due diligence report due 15 december")

    [point] = points(table)
    assert (point["text"], point["due"]) == ("Check the due diligence report", date(2026, 12, 15))


@pytest.mark.parametrize(("text", "error"), [
    (f"<@{OUTSIDER}> Write the memo", f"<@{OUTSIDER}> is not on this table; give the action to a member or to an "
                                      "organisation."),
    ("ABC Write the memo", "`ABC` is not an organisation on this table. Known: BZK, COA, IPO, VNG."),
    ("VNG Write the memo due 2026-11-30", "`2026-11-30` lies in the past."),
])
def test_action_for_an_unknown_owner_or_a_past_date_is_refused(table: Harness, text: str, error: str) -> None:
    result = table.command("/action", f"add {text}", user=MEMBER)

    assert_ephemeral(result)
    assert result.text.startswith(f":warning: {error}")
    assert points(table) == []
    assert audit(table) == []


# listing


@pytest.fixture
def five_points(table: Harness, clock: ManualClock) -> Harness:
    """#1 MEMBER, #2 VNG (overdue), #3 IPO (done), #4 MEMBER_IPO (overdue), #5 COA; the clock on 11 December."""
    record(table, f"<@{MEMBER}> Send the housing figures due 15 december")
    record(table, "VNG Consult the municipalities due 4 december")
    record(table, "IPO Ask the provinces")
    record(table, f"<@{MEMBER_IPO}|ivo> Draft the letter due 10 december")
    record(table, "COA Count the places due 20 december")
    table.command("/action", "done #3", user=SECRETARY)
    clock.advance(timedelta(days=10))
    return table


def test_action_list_shows_open_points_overdue_first(five_points: Harness) -> None:
    result = five_points.command("/action", "list", user=OBSERVER)

    assert_ephemeral(result)
    lines = [line for line in result.text.splitlines() if line]
    assert lines == [
        "*Action points of Landelijke Regietafel* (open)",
        "• *#2* Consult the municipalities · VNG · due 4 Dec 2026 · :warning: *overdue*",
        f"• *#4* Draft the letter · <@{MEMBER_IPO}> (IPO) · due 10 Dec 2026 · :warning: *overdue*",
        f"• *#1* Send the housing figures · <@{MEMBER}> (VNG) · due 15 Dec 2026",
        "• *#5* Count the places · COA · due 20 Dec 2026",
    ]


def test_action_list_filters_by_owner_and_status(five_points: Harness) -> None:
    asked = {
        ("open", MEMBER): [2, 4, 1, 5],
        ("all", MEMBER): [2, 4, 1, 5, 3],
        ("mine", MEMBER): [1],
        ("mine", MEMBER_IPO): [4],
        ("mine", CHAIR): [],
        (f"<@{MEMBER_IPO}|ivo>", MEMBER): [4],
        (f"<@{MEMBER}>", OBSERVER): [1],
        ("VNG", MEMBER): [2, 1],
        ("vng", MEMBER): [2, 1],
        ("ipo", MEMBER): [4],
        ("COA", MEMBER): [5],
    }

    assert {key: listed(five_points, *key) for key in asked} == asked


def test_action_list_header_names_the_filter(five_points: Harness) -> None:
    asked = {"": "(open)", "ALL": "(all)", "Mine": "(mine)", "vng": "(VNG)",
             f"<@{MEMBER_IPO}|ivo>": f"(<@{MEMBER_IPO}>)"}

    headers = {selector: five_points.command("/action", f"list {selector}".strip(), user=MEMBER).text.splitlines()[0]
               for selector in asked}

    assert headers == {selector: f"*Action points of Landelijke Regietafel* {header}"
                       for selector, header in asked.items()}


def test_action_list_header_speaks_the_tables_language(five_points: Harness) -> None:
    assert "language" in five_points.command("/regie", "settings language nl", user=SECRETARY).text

    mine = five_points.command("/action", "list mine", user=MEMBER).text
    person = five_points.command("/action", f"list <@{MEMBER_IPO}>", user=MEMBER).text

    assert mine.splitlines()[:2] == [
        "*Actiepunten van Landelijke Regietafel* (van jou)",
        f"• *#1* Send the housing figures · <@{MEMBER}> (VNG) · uiterlijk 15 dec 2026"]
    assert person.splitlines()[0] == f"*Actiepunten van Landelijke Regietafel* (<@{MEMBER_IPO}>)"


def test_action_list_with_nothing_to_show_says_so(table: Harness) -> None:
    assert table.command("/action", "list", user=MEMBER).text == (
        "*Action points of Landelijke Regietafel* (open)\n_No action points._")


def test_done_points_are_marked_in_the_full_list(five_points: Harness) -> None:
    text = five_points.command("/action", "list all", user=MEMBER).text

    assert "• *#3* Ask the provinces · IPO · _done_" in text.splitlines()


# updating: done, reopen, due


def test_owner_marks_their_action_done_and_reopens_it(table: Harness) -> None:
    record(table, f"<@{MEMBER_IPO}> Draft the letter")

    done = table.command("/action", "done #1", user=MEMBER_IPO)
    assert_ephemeral(done)
    assert done.text == ":white_check_mark: Action point #1 is done."
    assert points(table)[0]["status"] == "done"

    reopened = table.command("/action", "reopen 1", user=MEMBER_IPO)
    assert reopened.text == ":white_check_mark: Action point #1 is open again."
    assert points(table)[0]["status"] == "open"
    assert audit(table) == [("action.add", "action#1", MEMBER), ("action.done", "action#1", MEMBER_IPO),
                            ("action.reopen", "action#1", MEMBER_IPO)]


def test_owner_gives_their_action_a_new_due_date(table: Harness) -> None:
    record(table, f"<@{MEMBER_IPO}> Draft the letter due 10 december")

    result = table.command("/action", "due #1 volgende dinsdag", user=MEMBER_IPO)

    assert_ephemeral(result)
    assert result.text == ":white_check_mark: Action point #1 is now due Tuesday 8 December 2026."
    assert points(table)[0]["due"] == date(2026, 12, 8)
    assert audit(table)[-1] == ("action.due", "action#1", MEMBER_IPO)


@pytest.mark.parametrize(("verb", "status", "due"), [
    ("done #1", "done", None),
    ("due #1 2027-01-15", "open", date(2027, 1, 15)),
])
def test_member_of_the_owning_organisation_updates_its_action(table: Harness, verb: str, status: str,
                                                               due: date | None) -> None:
    record(table, "vng Consult the municipalities", user=SECRETARY)

    assert table.command("/action", verb, user=MEMBER).text.startswith(":white_check_mark:")

    assert (points(table)[0]["status"], points(table)[0]["due"]) == (status, due)


@pytest.mark.parametrize("owner", [f"<@{MEMBER}>", "VNG"])
def test_secretary_updates_any_action(table: Harness, owner: str) -> None:
    record(table, f"{owner} Consult the municipalities")

    assert table.command("/action", "done #1", user=SECRETARY).text == ":white_check_mark: Action point #1 is done."
    assert table.command("/action", "reopen #1", user=SECRETARY).text == (
        ":white_check_mark: Action point #1 is open again.")
    assert table.command("/action", "due #1 15-12-2026", user=SECRETARY).text == (
        ":white_check_mark: Action point #1 is now due Tuesday 15 December 2026.")

    assert (points(table)[0]["status"], points(table)[0]["due"]) == ("open", date(2026, 12, 15))
    assert [entry[0] for entry in audit(table)] == ["action.add", "action.done", "action.reopen", "action.due"]


@pytest.mark.parametrize("owner", [f"<@{MEMBER}>", "VNG"])
@pytest.mark.parametrize("user", [MEMBER_IPO, CHAIR, OBSERVER])
def test_others_cannot_update_an_action(table: Harness, owner: str, user: str) -> None:
    record(table, f"{owner} Consult the municipalities")
    record(table, f"{owner} Send the figures")
    table.command("/action", "done #2", user=SECRETARY)
    before = everything(table)

    for verb in ("done #1", "due #1 15 december", "reopen #2"):
        result = table.command("/action", verb, user=user)

        assert_ephemeral(result)
        assert result.text == ":warning: Only the owner or the secretary may do that."
    assert everything(table) == before


def test_marking_done_twice_says_so_and_changes_nothing_more(table: Harness) -> None:
    record(table, "VNG Consult the municipalities")
    table.command("/action", "done #1", user=MEMBER)
    before = everything(table)

    assert table.command("/action", "done #1", user=MEMBER).text == "Action point #1 was already done."
    assert everything(table) == before
    table.command("/action", "reopen #1", user=MEMBER)
    assert table.command("/action", "reopen #1", user=MEMBER).text == "Action point #1 is already open."
    assert points(table)[0]["status"] == "open"
    assert [entry[0] for entry in audit(table)] == ["action.add", "action.done", "action.reopen"]


# the modal


def test_action_add_without_text_opens_the_modal_with_the_organisations(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/action", "add", user=MEMBER, trigger_id="trigger-action-1")

    assert result.status == 200 and result.responses == []
    [opened] = slack.sent("views.open")
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert opened["trigger_id"] == "trigger-action-1"
    assert (view["callback_id"], view["private_metadata"]) == ("action_add", CHANNEL)
    blocks = {block["block_id"]: block for block in view["blocks"]}
    assert list(blocks) == ["owner_person", "owner_organisation", "text", "due"]
    assert [o["value"] for o in blocks["owner_organisation"]["element"]["options"]] == ["BZK", "COA", "IPO", "VNG"]
    assert points(table) == []


def test_submitting_the_action_modal_with_a_person(table: Harness, slack: FakeSlack) -> None:
    status, body = table.submit_view("action_add", action_values(person=MEMBER_IPO, due="2026-12-15"), user=MEMBER)

    assert (status, body) == (200, "")
    assert points(table) == [{"number": 1, "text": "Write the memo", "owner": MEMBER_IPO, "organisation": "IPO",
                              "due": date(2026, 12, 15), "status": "open", "created_by": MEMBER}]
    assert slack.sent("chat.postEphemeral") == [{
        "channel": CHANNEL, "user": MEMBER,
        "text": f":white_check_mark: Action point *#1* Write the memo · <@{MEMBER_IPO}> (IPO) · due 15 Dec 2026"}]
    assert audit(table) == [("action.add", "action#1", MEMBER)]


def test_submitting_the_action_modal_with_an_organisation(table: Harness, slack: FakeSlack) -> None:
    table.submit_view("action_add", action_values(organisation="COA", text="Count the places"), user=SECRETARY)

    assert points(table) == [{"number": 1, "text": "Count the places", "owner": None, "organisation": "COA",
                              "due": None, "status": "open", "created_by": SECRETARY}]
    assert [m["text"] for m in slack.sent("chat.postEphemeral")] == [
        ":white_check_mark: Action point *#1* Count the places · COA"]


@pytest.mark.parametrize(("values", "block", "error"), [
    (action_values(), "owner_person", "Choose a person or an organisation as owner."),
    (action_values(person=MEMBER_IPO, organisation="VNG"), "owner_person",
     "Choose either a person or an organisation as owner, not both."),
    (action_values(person=MEMBER_IPO, text="x" * 501), "text",
     "The text has 501 characters; the limit is 500. Please shorten it: nothing was saved."),
    (action_values(organisation="VNG", text=" \n "), "text", "The text is empty."),
])
def test_action_modal_with_a_bad_field_answers_with_the_fields_error(table: Harness, slack: FakeSlack,
                                                                     values: dict[str, Any], block: str,
                                                                     error: str) -> None:
    before = everything(table)

    status, body = table.submit_view("action_add", values, user=MEMBER)

    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {block: error}}
    assert everything(table) == before
    assert slack.sent("chat.postEphemeral") == []


@pytest.mark.parametrize(("values", "block", "error"), [
    (action_values(person=OUTSIDER), "owner_person",
     f"<@{OUTSIDER}> is not on this table; give the action to a member or to an organisation."),
    (action_values(organisation="VNG", due="2026-11-30"), "due", "`2026-11-30` lies in the past."),
])
def test_action_modal_with_an_owner_off_the_table_or_a_past_date_keeps_the_modal_open(
        table: Harness, slack: FakeSlack, values: dict[str, Any], block: str, error: str) -> None:
    before = everything(table)

    status, body = table.submit_view("action_add", values, user=MEMBER)

    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {block: error}}
    assert everything(table) == before
    assert slack.sent("chat.postEphemeral") == []


def test_submitting_the_same_action_modal_twice_has_no_second_effect(table: Harness, slack: FakeSlack) -> None:
    for _ in range(2):
        table.submit_view("action_add", action_values(organisation="VNG"), user=MEMBER, view_id="V0DOUBLE2")

    assert [p["number"] for p in points(table)] == [1]
    assert len(slack.sent("chat.postEphemeral")) == 1
    assert audit(table) == [("action.add", "action#1", MEMBER)]


# who may


def test_observer_cannot_record_an_action(table: Harness, slack: FakeSlack) -> None:
    before = everything(table)

    typed = table.command("/action", "add COA Count the places", user=OBSERVER)
    modal = table.command("/action", "add", user=OBSERVER)
    table.submit_view("action_add", action_values(organisation="COA"), user=OBSERVER)

    for result in (typed, modal):
        assert_ephemeral(result)
        assert result.text == ":warning: Only members of the table may do that; observers read along."
    assert slack.sent("views.open") == []
    assert [m["text"] for m in slack.sent("chat.postEphemeral")] == [
        ":warning: Only members of the table may do that; observers read along."]
    assert everything(table) == before


REQUESTS = ("add VNG Write the memo", "add", "list", "list all", "done #1", "reopen #1", "due #1 15 december")


def test_outsider_is_refused_and_nothing_changes(table: Harness, slack: FakeSlack) -> None:
    record(table, "VNG Consult the municipalities")
    before = everything(table)

    results = {text: table.command("/action", text, user=OUTSIDER) for text in REQUESTS}

    for result in results.values():
        assert_ephemeral(result)
    assert {text: result.text for text, result in results.items()} == dict.fromkeys(
        REQUESTS, ":warning: You are not a member of *Landelijke Regietafel*. Ask its secretary to add you.")
    assert everything(table) == before
    assert slack.sent("views.open") == []


def test_user_from_another_workspace_is_refused_and_nothing_changes(table: Harness, slack: FakeSlack) -> None:
    record(table, "VNG Consult the municipalities")
    before = everything(table)

    results = {text: table.command("/action", text, user=SECRETARY, team=OTHER_TEAM) for text in REQUESTS}

    for result in results.values():
        assert_ephemeral(result)
    assert {text: result.text for text, result in results.items()} == dict.fromkeys(
        REQUESTS, ":warning: This table belongs to another Slack workspace; its commands work only for that "
                  "workspace's members.")
    assert everything(table) == before
    assert slack.sent("views.open") == []


# bad input


@pytest.mark.parametrize(("text", "error"), [
    ("frobnicate", "`frobnicate` is not a subcommand I know."),
    ("add VNG", "Missing: a text."),
    ("add VNG \u00a0 \u2003", "Missing: a text."),
    ("add VNG due 15 december", "The text is empty."),
    ("add VNG " + "x" * 501, "The text has 501 characters; the limit is 500. Please shorten it: nothing was saved."),
    ("add VNG Write the memo due someday soon", "`someday soon` is not a date I understand; write `2026-12-15`, "
                                                "`15-12-2026`, `15 december` or `next tuesday`."),
    ("add VNG Write the memo due 31-02-2027", "`31-02-2027` is not a date I understand; write `2026-12-15`, "
                                              "`15-12-2026`, `15 december` or `next tuesday`."),
    ("done", "Missing: a number (#3)."),
    ("done first", "`first` is not a number; write `3` or `#3`."),
    ("done #99", "There is no action point #99 on this table."),
    ("reopen #99", "There is no action point #99 on this table."),
    ("due", "Missing: a number (#3)."),
    ("due #1", "Missing: a date."),
    ("due #1 someday soon", "`someday soon` is not a date I understand; write `2026-12-15`, `15-12-2026`, "
                            "`15 december` or `next tuesday`."),
    ("due #99 15 december", "There is no action point #99 on this table."),
    ("due #1 2026-11-30", "`2026-11-30` lies in the past."),
    ("list XYZ", "`XYZ` is not an organisation on this table. Known: BZK, COA, IPO, VNG."),
])
def test_bad_input_says_what_is_wrong_with_the_usage_and_stores_nothing(table: Harness, text: str,
                                                                        error: str) -> None:
    record(table, "VNG Consult the municipalities due 15 december")
    usage = help_page(table)
    before = everything(table)

    result = table.command("/action", text, user=SECRETARY)

    assert_ephemeral(result)
    assert result.text == f":warning: {error}\n\n{usage}"
    assert "Traceback" not in result.text
    assert everything(table) == before


def test_an_over_long_text_is_refused_not_cut(table: Harness) -> None:
    table.command("/action", "add VNG " + "x" * 501, user=MEMBER)
    record(table, "VNG " + "x" * 500)

    assert [len(p["text"]) for p in points(table)] == [500]


def test_bare_command_and_help_show_the_usage(table: Harness) -> None:
    bare, helped = table.command("/action", "", user=OBSERVER), table.command("/action", "help", user=OUTSIDER)

    for result in (bare, helped):
        assert_ephemeral(result)
        assert result.text.startswith("*/action*: action points")
        for usage in ("/action add <@user or ORG> <text> [due <date>]",
                      "/action list [mine | open | all | @user | ORG]",
                      "/action done <#>", "/action reopen <#>", "/action due <#> <date>"):
            assert f"`{escape_slack(usage)}`" in result.text
    assert bare.text == helped.text


# escaping


def test_action_text_that_pings_the_channel_is_stored_as_typed_but_sent_escaped(table: Harness,
                                                                                 slack: FakeSlack) -> None:
    typed = "<!channel> urgent & <@U999>"
    shown = "&lt;!channel&gt; urgent &amp; &lt;@U999&gt;"

    added = table.command("/action", f"add VNG {typed}", user=MEMBER)
    table.submit_view("action_add", action_values(organisation="IPO", text=typed), user=MEMBER)
    listing = table.command("/action", "list", user=MEMBER)
    bad_owner = table.command("/action", "add <!here> do it", user=MEMBER)
    bad_filter = table.command("/action", "list <!everyone>", user=MEMBER)

    assert [p["text"] for p in points(table)] == [typed, typed]
    assert added.text == f":white_check_mark: Action point *#1* {shown} · VNG"
    assert slack.sent("chat.postEphemeral")[0]["text"] == f":white_check_mark: Action point *#2* {shown} · IPO"
    assert f"• *#1* {shown} · VNG" in listing.text
    assert bad_owner.text.startswith(":warning: `&lt;!here&gt;` is not an organisation on this table.")
    assert bad_filter.text.startswith(":warning: `&lt;!everyone&gt;` is not an organisation on this table.")
    sent = json.dumps([call.params for call in slack.calls])
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U999>"):
        assert raw not in sent


# audit


def test_every_action_change_is_audited_and_reads_and_refusals_are_not(table: Harness) -> None:
    record(table, f"<@{MEMBER_IPO}> Draft the letter")
    record(table, "VNG Consult the municipalities due 15 december", user=SECRETARY)
    table.command("/action", "done #1", user=MEMBER_IPO)
    table.command("/action", "done #1", user=MEMBER_IPO)  # already done: nothing changes
    table.command("/action", "done #2", user=MEMBER_IPO)  # refused: not the owner
    table.command("/action", "due #2 2027-01-15", user=MEMBER)
    table.command("/action", "reopen #1", user=SECRETARY)
    table.command("/action", "list all", user=MEMBER)

    assert audit(table) == [
        ("action.add", "action#1", MEMBER),
        ("action.add", "action#2", SECRETARY),
        ("action.done", "action#1", MEMBER_IPO),
        ("action.due", "action#2", MEMBER),
        ("action.reopen", "action#1", SECRETARY),
    ]
    with table.regiebot.database.session() as db:
        entry = db.exec(select(AuditEntry).where(AuditEntry.action == "action.due")).first()
        assert entry is not None
        assert json.loads(entry.detail) == {"due": "2027-01-15"}
