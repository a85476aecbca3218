"""/agenda end to end: signed slash commands and modal submissions in, Slack Web API calls and rows out."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.render import escape_slack
from bot.storage.models import AgendaItem, AuditEntry, Meeting
from bot.testing.slack_double import FakeSlack
from tests.harness import (
    CHANNEL,
    MEMBER,
    MEMBER_IPO,
    OBSERVER,
    OTHER_CHANNEL,
    OTHER_TEAM,
    OUTSIDER,
    SECRETARY,
    Harness,
    Result,
)

SESSION_1 = "session #1, Tuesday 15 December 2026, 10:00 at The Hague"
SESSION_2 = "session #2, Tuesday 19 January 2027, 10:00"


def items(bot: Harness) -> list[dict[str, Any]]:
    """Every agenda item as stored, with the number of the session it sits on."""
    with bot.regiebot.database.session() as db:
        sessions = {m.id: m.number for m in db.exec(select(Meeting)).all()}
        rows = db.exec(select(AgendaItem).order_by(col(AgendaItem.number))).all()
        return [{"number": i.number, "title": i.title, "description": i.description, "kind": str(i.kind),
                 "status": str(i.status), "session": sessions[i.meeting_id], "position": i.position,
                 "submitter": i.submitter_id, "organisation": i.organisation} for i in rows]


def sessions(bot: Harness) -> dict[int, str]:
    with bot.regiebot.database.session() as db:
        return {m.number: str(m.status) for m in db.exec(select(Meeting)).all()}


def audit(bot: Harness) -> list[tuple[str, str, str]]:
    """The agenda's audit trail: (action, target, actor), oldest first."""
    with bot.regiebot.database.session() as db:
        entries = db.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(e.action, e.target, e.actor_id) for e in entries if e.action.startswith("agenda.")]


def everything(bot: Harness) -> tuple[Any, ...]:
    """All that a refused or bad request must leave as it was."""
    with bot.regiebot.database.session() as db:
        audit_rows = len(db.exec(select(AuditEntry)).all())
    return items(bot), sessions(bot), audit_rows


def help_page(bot: Harness) -> str:
    return bot.command("/agenda", "help", user=MEMBER).text


def assert_ephemeral(result: Result) -> None:
    assert result.status == 200
    assert result.responses, "nothing reached the response_url"
    assert {r.get("response_type") for r in result.responses} == {"ephemeral"}


def propose(bot: Harness, text: str, user: str = MEMBER) -> Result:
    result = bot.command("/agenda", f"add {text}", user=user)
    assert "is proposed for" in result.text, result.text
    return result


def plan_second_session(bot: Harness) -> None:
    assert "Planned session #2" in bot.command("/meeting", "schedule 2027-01-19 10:00", user=SECRETARY).text


def agenda_values(title: str | None, description: str | None = None, kind: str = "discussion") -> dict[str, Any]:
    """Modal state as Slack sends it: block id → the element's state (action id `value`)."""
    return {"title": {"type": "plain_text_input", "value": title},
            "description": {"type": "plain_text_input", "value": description},
            "kind": {"type": "static_select", "selected_option": {"value": kind}}}


# proposing


def test_member_proposes_an_item_with_a_description(table: Harness) -> None:
    result = table.command("/agenda", "add Housing of status holders -- numbers per province", user=MEMBER)

    assert_ephemeral(result)
    assert result.text == f":white_check_mark: Item *#1* “Housing of status holders” is proposed for {SESSION_1}."
    assert items(table) == [{"number": 1, "title": "Housing of status holders", "description": "numbers per province",
                             "kind": "discussion", "status": "proposed", "session": 1, "position": 1,
                             "submitter": MEMBER, "organisation": "VNG"}]
    assert audit(table) == [("agenda.add", "item#1", MEMBER)]


def test_agenda_lists_the_items_of_the_next_session_in_order(table: Harness) -> None:
    propose(table, "Housing -- numbers per province")
    propose(table, "Reception capacity", user=MEMBER_IPO)

    result = table.command("/agenda", "list", user=OBSERVER)

    assert_ephemeral(result)
    assert result.text == (f"*Agenda of Landelijke Regietafel*, {SESSION_1}\n"
                           "1. *#1* Housing _(for discussion, VNG)_\n"
                           "      numbers per province\n"
                           "2. *#2* Reception capacity _(for discussion, IPO)_")


def test_empty_agenda_says_so(table: Harness) -> None:
    assert table.command("/agenda", "list", user=MEMBER).text == (
        f"*Agenda of Landelijke Regietafel*, {SESSION_1}\n_No items yet._")


def test_agenda_list_names_a_session_by_number_or_date(table: Harness) -> None:
    propose(table, "Housing")
    table.command("/agenda", "close", user=SECRETARY)
    plan_second_session(table)
    propose(table, "Integration budget")
    references = ("#1", "1", "15 december", "2026-12-15", "15-12-2026")

    answers = {reference: table.command("/agenda", f"list {reference}", user=MEMBER).text for reference in references}

    assert answers == dict.fromkeys(references, f"*Agenda of Landelijke Regietafel*, {SESSION_1} _(closed)_\n"
                                                "1. *#1* Housing _(for discussion, VNG)_")


def test_agenda_list_of_a_later_session_shows_only_its_items(table: Harness) -> None:
    propose(table, "Housing")
    table.command("/agenda", "close", user=SECRETARY)
    plan_second_session(table)
    propose(table, "Integration budget")

    for reference in ("#2", "19 januari", "19 january"):
        assert table.command("/agenda", f"list {reference}", user=MEMBER).text == (
            f"*Agenda of Landelijke Regietafel*, {SESSION_2}\n"
            "1. *#2* Integration budget _(for discussion, VNG)_")


# the modal


def test_agenda_add_without_text_opens_the_agenda_modal(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/agenda", "add", user=MEMBER, trigger_id="trigger-modal-1")

    assert result.status == 200 and result.responses == []
    [opened] = slack.sent("views.open")
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert opened["trigger_id"] == "trigger-modal-1"
    assert view["callback_id"] == "agenda_propose"
    assert view["private_metadata"] == CHANNEL
    assert [block["block_id"] for block in view["blocks"]] == ["title", "description", "kind"]
    assert [o["value"] for o in view["blocks"][2]["element"]["options"]] == ["discussion", "decision", "information"]
    assert items(table) == []


def test_submitting_the_agenda_modal_stores_the_item_and_confirms_ephemerally(table: Harness,
                                                                             slack: FakeSlack) -> None:
    status, body = table.submit_view("agenda_propose", agenda_values("Asylum seekers' centre", "Where and when",
                                                                     "decision"), user=MEMBER_IPO)

    assert (status, body) == (200, "")
    assert items(table) == [{"number": 1, "title": "Asylum seekers' centre", "description": "Where and when",
                             "kind": "decision", "status": "proposed", "session": 1, "position": 1,
                             "submitter": MEMBER_IPO, "organisation": "IPO"}]
    assert slack.sent("chat.postEphemeral") == [{
        "channel": CHANNEL, "user": MEMBER_IPO,
        "text": f":white_check_mark: Item *#1* “Asylum seekers' centre” is proposed for {SESSION_1}."}]
    assert audit(table) == [("agenda.add", "item#1", MEMBER_IPO)]


def test_modal_keeps_a_title_with_dashes_whole(table: Harness) -> None:
    table.submit_view("agenda_propose", agenda_values("COA -- capacity", "the -- in here is text too"), user=MEMBER)

    [item] = items(table)
    assert (item["title"], item["description"]) == ("COA -- capacity", "the -- in here is text too")


def test_modal_without_a_description_stores_an_empty_one(table: Harness) -> None:
    table.submit_view("agenda_propose", agenda_values("Housing", None, "information"), user=MEMBER)

    [item] = items(table)
    assert (item["title"], item["description"], item["kind"]) == ("Housing", "", "information")


@pytest.mark.parametrize(("title", "error"), [
    ("x" * 151, "The title has 151 characters; the limit is 150. Please shorten it: nothing was saved."),
    ("   \n\t ", "The title is empty."),
])
def test_modal_with_a_bad_title_answers_with_a_field_error_and_stores_nothing(
        table: Harness, slack: FakeSlack, title: str, error: str) -> None:
    before = everything(table)

    status, body = table.submit_view("agenda_propose", agenda_values(title), user=MEMBER)

    assert status == 200
    assert json.loads(body) == {"response_action": "errors", "errors": {"title": error}}
    assert everything(table) == before
    assert slack.sent("chat.postEphemeral") == []


def test_modal_with_an_over_long_description_answers_with_a_field_error(table: Harness) -> None:
    _status, body = table.submit_view("agenda_propose", agenda_values("Housing", "d" * 3001), user=MEMBER)

    assert json.loads(body)["errors"] == {
        "description": "The description has 3001 characters; the limit is 3000. Please shorten it: nothing was saved."}
    assert items(table) == []


def test_submitting_the_same_modal_twice_has_no_second_effect(table: Harness, slack: FakeSlack) -> None:
    for _ in range(2):
        status, _body = table.submit_view("agenda_propose", agenda_values("Housing"), user=MEMBER, view_id="V0DOUBLE1")
        assert status == 200

    assert [item["title"] for item in items(table)] == ["Housing"]
    assert len(slack.sent("chat.postEphemeral")) == 1
    assert audit(table) == [("agenda.add", "item#1", MEMBER)]


def test_observer_submitting_the_modal_is_refused_and_nothing_is_stored(table: Harness, slack: FakeSlack) -> None:
    before = everything(table)

    table.submit_view("agenda_propose", agenda_values("Housing"), user=OBSERVER)

    assert everything(table) == before
    assert slack.sent("chat.postEphemeral") == [{"channel": CHANNEL, "user": OBSERVER,
                                                 "text": ":warning: Only members of the table may do that; "
                                                         "observers read along."}]


# withdrawing


def test_submitter_withdraws_their_item(table: Harness) -> None:
    propose(table, "Housing")
    propose(table, "Budget")

    result = table.command("/agenda", "withdraw #1", user=MEMBER)

    assert_ephemeral(result)
    assert result.text == f":white_check_mark: Item #1 “Housing” is withdrawn from {SESSION_1}."
    assert [(i["number"], i["status"]) for i in items(table)] == [(1, "withdrawn"), (2, "proposed")]
    assert "Housing" not in table.command("/agenda", "list", user=MEMBER).text
    assert audit(table)[-1] == ("agenda.withdraw", "item#1", MEMBER)


def test_secretary_withdraws_any_item(table: Harness) -> None:
    propose(table, "Housing")

    result = table.command("/agenda", "withdraw 1", user=SECRETARY)

    assert result.text == f":white_check_mark: Item #1 “Housing” is withdrawn from {SESSION_1}."
    assert items(table)[0]["status"] == "withdrawn"
    assert audit(table)[-1] == ("agenda.withdraw", "item#1", SECRETARY)


def test_another_member_cannot_withdraw_an_item(table: Harness) -> None:
    propose(table, "Housing")
    before = everything(table)

    result = table.command("/agenda", "withdraw #1", user=MEMBER_IPO)

    assert_ephemeral(result)
    assert result.text == ":warning: Only the secretary or the submitter may do that."
    assert everything(table) == before


def test_a_withdrawn_item_cannot_be_withdrawn_again(table: Harness) -> None:
    propose(table, "Housing")
    table.command("/agenda", "withdraw #1", user=MEMBER)
    before = everything(table)

    result = table.command("/agenda", "withdraw #1", user=MEMBER)

    assert result.text.startswith(":warning: Item #1 has been withdrawn.")
    assert everything(table) == before


def test_items_cannot_change_once_their_session_has_started(table: Harness, clock: Any) -> None:
    propose(table, "Housing")
    clock.advance(timedelta(days=14, hours=2))  # 15 December, 11:00: the session is under way
    before = everything(table)

    result = table.command("/agenda", "withdraw #1", user=SECRETARY)

    assert result.text.startswith(f":warning: {SESSION_1[0].upper()}{SESSION_1[1:]} has already started; "
                                  "it can no longer change.")
    assert everything(table) == before


# ordering and deferring


def test_secretary_orders_the_items(table: Harness) -> None:
    for title in ("Housing", "Budget", "Reception"):
        propose(table, title)

    result = table.command("/agenda", "order #3 1", user=SECRETARY)

    assert_ephemeral(result)
    assert result.text == f":white_check_mark: Item #3 is now number 1 on the agenda of {SESSION_1}."
    assert table.command("/agenda", "list", user=MEMBER).text == (
        f"*Agenda of Landelijke Regietafel*, {SESSION_1}\n"
        "1. *#3* Reception _(for discussion, VNG)_\n"
        "2. *#1* Housing _(for discussion, VNG)_\n"
        "3. *#2* Budget _(for discussion, VNG)_")
    assert audit(table)[-1] == ("agenda.order", "item#3", SECRETARY)


def test_member_cannot_order_the_items(table: Harness) -> None:
    propose(table, "Housing")
    propose(table, "Budget")
    before = everything(table)

    result = table.command("/agenda", "order #2 1", user=MEMBER)

    assert result.text == ":warning: Only the secretary may do that."
    assert everything(table) == before


def test_ordering_to_a_position_that_does_not_exist_is_refused(table: Harness) -> None:
    propose(table, "Housing")
    propose(table, "Budget")
    before = everything(table)

    result = table.command("/agenda", "order #1 5", user=SECRETARY)

    assert result.text.startswith(":warning: Position 5 does not exist; choose 1 to 2.")
    assert everything(table) == before


def test_secretary_defers_an_item_to_the_next_session(table: Harness) -> None:
    propose(table, "Housing")
    propose(table, "Budget")
    plan_second_session(table)

    result = table.command("/agenda", "defer #1", user=SECRETARY)

    assert_ephemeral(result)
    assert result.text == f":white_check_mark: Item #1 “Housing” is deferred to {SESSION_2}."
    assert [(i["number"], i["session"], i["status"]) for i in items(table)] == [(1, 2, "deferred"),
                                                                                (2, 1, "proposed")]
    assert table.command("/agenda", "list #2", user=MEMBER).text == (
        f"*Agenda of Landelijke Regietafel*, {SESSION_2}\n1. *#1* Housing _(for discussion, VNG, deferred)_")
    assert "Housing" not in table.command("/agenda", "list #1", user=MEMBER).text
    assert audit(table)[-1] == ("agenda.defer", "item#1", SECRETARY)


def test_defer_is_refused_when_there_is_no_later_session(table: Harness) -> None:
    propose(table, "Housing")
    before = everything(table)

    result = table.command("/agenda", "defer #1", user=SECRETARY)

    assert_ephemeral(result)
    assert result.text.startswith(":warning: There is no later session to defer item #1 to; "
                                  "plan one with `/meeting schedule` first.")
    assert everything(table) == before


def test_member_cannot_defer_an_item(table: Harness) -> None:
    propose(table, "Housing")
    plan_second_session(table)
    before = everything(table)

    assert table.command("/agenda", "defer #1", user=MEMBER).text == ":warning: Only the secretary may do that."
    assert everything(table) == before


# closing


def test_secretary_closes_the_agenda_and_it_is_posted_to_the_channel(table: Harness, slack: FakeSlack) -> None:
    propose(table, "Housing -- numbers per province")
    propose(table, "Budget", user=MEMBER_IPO)
    propose(table, "Dropped")
    table.command("/agenda", "withdraw #3", user=MEMBER)
    posted_before = len(slack.sent("chat.postMessage"))

    result = table.command("/agenda", "close", user=SECRETARY)

    assert_ephemeral(result)
    assert result.text == (f":white_check_mark: The agenda of {SESSION_1} is closed with 2 items "
                           "and posted in the channel.")
    [post] = slack.sent("chat.postMessage")[posted_before:]
    assert post["channel"] == CHANNEL
    assert post["text"] == (f":clipboard: *Final agenda of Landelijke Regietafel*, {SESSION_1}\n\n"
                            "1. *#1* Housing _(for discussion, VNG)_\n"
                            "      numbers per province\n"
                            "2. *#2* Budget _(for discussion, IPO)_")
    assert [(i["number"], i["status"]) for i in items(table)] == [(1, "accepted"), (2, "accepted"), (3, "withdrawn")]
    assert sessions(table) == {1: "agenda_closed"}
    assert audit(table)[-1] == ("agenda.close", "session#1", SECRETARY)


def test_after_closing_new_items_go_to_the_next_open_session(table: Harness) -> None:
    propose(table, "Housing")
    plan_second_session(table)
    table.command("/agenda", "close", user=SECRETARY)

    result = table.command("/agenda", "add Integration budget", user=MEMBER)

    assert result.text == f":white_check_mark: Item *#2* “Integration budget” is proposed for {SESSION_2}."
    assert [(i["number"], i["session"]) for i in items(table)] == [(1, 1), (2, 2)]


def test_after_closing_the_only_session_adding_answers_that_no_agenda_is_open(table: Harness,
                                                                               slack: FakeSlack) -> None:
    table.command("/agenda", "close", user=SECRETARY)
    before = everything(table)

    typed = table.command("/agenda", "add Integration budget", user=MEMBER)
    modal = table.command("/agenda", "add", user=MEMBER)

    for result in (typed, modal):
        assert_ephemeral(result)
        assert result.text.startswith(":warning: No session has an open agenda; the secretary or chair plans one "
                                      "with `/meeting schedule`.")
    assert slack.sent("views.open") == []
    assert everything(table) == before


def test_member_cannot_close_the_agenda(table: Harness, slack: FakeSlack) -> None:
    propose(table, "Housing")
    before, posted = everything(table), len(slack.sent("chat.postMessage"))

    result = table.command("/agenda", "close", user=MEMBER)

    assert result.text == ":warning: Only the secretary may do that."
    assert everything(table) == before
    assert len(slack.sent("chat.postMessage")) == posted


# who may


def test_observer_cannot_propose_an_item(table: Harness, slack: FakeSlack) -> None:
    before = everything(table)

    typed = table.command("/agenda", "add Housing", user=OBSERVER)
    modal = table.command("/agenda", "add", user=OBSERVER)

    for result in (typed, modal):
        assert_ephemeral(result)
        assert result.text == ":warning: Only members of the table may do that; observers read along."
    assert slack.sent("views.open") == []
    assert everything(table) == before


def test_observer_may_read_the_agenda(table: Harness) -> None:
    propose(table, "Housing")

    assert "1. *#1* Housing" in table.command("/agenda", "list", user=OBSERVER).text


REQUESTS = ("add Housing", "add", "list", "withdraw #1", "order #1 1", "defer #1", "close")


def test_outsider_is_refused_and_nothing_changes(table: Harness, slack: FakeSlack) -> None:
    propose(table, "Housing")
    plan_second_session(table)
    before = everything(table)

    results = {text: table.command("/agenda", text, user=OUTSIDER) for text in REQUESTS}

    for result in results.values():
        assert_ephemeral(result)
    assert {text: result.text for text, result in results.items()} == dict.fromkeys(
        REQUESTS, ":warning: You are not a member of *Landelijke Regietafel*. Ask its secretary to add you.")
    assert everything(table) == before
    assert slack.sent("views.open") == []


def test_user_from_another_workspace_is_refused_and_nothing_changes(table: Harness, slack: FakeSlack) -> None:
    propose(table, "Housing")
    plan_second_session(table)
    before = everything(table)

    results = {text: table.command("/agenda", text, user=SECRETARY, team=OTHER_TEAM) for text in REQUESTS}

    for result in results.values():
        assert_ephemeral(result)
    assert {text: result.text for text, result in results.items()} == dict.fromkeys(
        REQUESTS, ":warning: This table belongs to another Slack workspace; its commands work only for that "
                  "workspace's members.")
    assert everything(table) == before
    assert slack.sent("views.open") == []


def test_outside_the_tables_channel_a_command_needs_in_channel(table: Harness, slack: FakeSlack) -> None:
    elsewhere = table.command("/agenda", "add Housing", user=MEMBER, channel=OTHER_CHANNEL)
    assert elsewhere.text == (f":warning: This channel is not a steering table. Your tables: <#{CHANNEL}>. "
                              "Type the command there, or add `in #channel`.")
    assert items(table) == []

    typed = table.command("/agenda", f"add Housing in <#{CHANNEL}|table>", user=MEMBER, channel=OTHER_CHANNEL)
    table.command("/agenda", f"add in <#{CHANNEL}>", user=MEMBER, channel=OTHER_CHANNEL)

    assert typed.text == f":white_check_mark: Item *#1* “Housing” is proposed for {SESSION_1}."
    assert [(i["title"], i["session"]) for i in items(table)] == [("Housing", 1)]
    [opened] = slack.sent("views.open")
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert view["private_metadata"] == CHANNEL


def test_modal_from_another_workspace_is_refused(table: Harness, slack: FakeSlack) -> None:
    before = everything(table)

    table.submit_view("agenda_propose", agenda_values("Housing"), user=MEMBER, team=OTHER_TEAM)

    assert everything(table) == before
    assert [m["text"] for m in slack.sent("chat.postEphemeral")] == [
        ":warning: This table belongs to another Slack workspace; its commands work only for that workspace's members."]


# bad input


@pytest.mark.parametrize(("text", "user", "error"), [
    ("frobnicate", MEMBER, "`frobnicate` is not a subcommand I know."),
    ("withdraw", MEMBER, "Missing: a number (#3)."),
    ("withdraw first", MEMBER, "`first` is not a number; write `3` or `#3`."),
    ("withdraw #99", MEMBER, "There is no agenda item #99 on this table."),
    ("order #1", SECRETARY, "Missing: a position."),
    ("order", SECRETARY, "Missing: a number (#3)."),
    ("order #1 2 3", SECRETARY, "I did not expect `3` here."),
    ("order #1 last", SECRETARY, "`last` is not a number; write `3` or `#3`."),
    ("defer #99", SECRETARY, "There is no agenda item #99 on this table."),
    ("list #7", MEMBER, "There is no session `#7` on this table; `/meeting list` shows them."),
    ("list someday soon", MEMBER, "`someday soon` is not a date I understand; write `2026-12-15`, `15-12-2026`, "
                                  "`15 december` or `next tuesday`."),
    ("list 3 januari", MEMBER, "There is no session `3 januari` on this table; `/meeting list` shows them."),
    ("add " + "x" * 151, MEMBER,
     "The title has 151 characters; the limit is 150. Please shorten it: nothing was saved."),
    ("add -- only a description", MEMBER, "The title is empty."),
    ("add \u00a0\u2003 -- only a description", MEMBER, "The title is empty."),
    ("add Housing -- " + "d" * 3001, MEMBER,
     "The description has 3001 characters; the limit is 3000. Please shorten it: nothing was saved."),
    ("close now", SECRETARY, "I did not expect `now` here."),
])
def test_bad_input_says_what_is_wrong_with_the_usage_and_stores_nothing(table: Harness, text: str, user: str,
                                                                        error: str) -> None:
    propose(table, "Housing")
    usage = help_page(table)
    before = everything(table)

    result = table.command("/agenda", text, user=user)

    assert_ephemeral(result)
    assert result.text == f":warning: {error}\n\n{usage}"
    assert "Traceback" not in result.text
    assert everything(table) == before


def test_an_over_long_title_is_refused_not_cut(table: Harness) -> None:
    table.command("/agenda", "add " + "x" * 151, user=MEMBER)
    propose(table, "x" * 150)

    assert [len(i["title"]) for i in items(table)] == [150]


def test_bare_command_and_help_show_the_usage(table: Harness) -> None:
    bare, helped = table.command("/agenda", "", user=OBSERVER), table.command("/agenda", "help", user=OUTSIDER)

    for result in (bare, helped):
        assert_ephemeral(result)
        assert result.text.startswith("*/agenda*: the agenda of the next session")
        for usage in ("/agenda add <title> [-- <description>]", "/agenda list [session]", "/agenda withdraw <#>",
                      "/agenda order <#> <position>", "/agenda defer <#>", "/agenda close"):
            assert f"`{escape_slack(usage)}`" in result.text
    assert bare.text == helped.text


# escaping


def test_title_that_pings_the_channel_is_stored_as_typed_but_sent_escaped(table: Harness, slack: FakeSlack) -> None:
    typed = "<!channel> urgent & <@U999>"
    shown = "&lt;!channel&gt; urgent &amp; &lt;@U999&gt;"

    added = table.command("/agenda", f"add {typed} -- see <https://evil.example|this> & <!here>", user=MEMBER)
    table.submit_view("agenda_propose", agenda_values(typed, "<!everyone>"), user=MEMBER_IPO)
    listed = table.command("/agenda", "list", user=MEMBER)
    table.command("/agenda", "close", user=SECRETARY)

    assert [(i["title"], i["description"]) for i in items(table)] == [
        (typed, "see <https://evil.example|this> & <!here>"), (typed, "<!everyone>")]
    assert shown in added.text
    assert f"*#1* {shown}" in listed.text and "see &lt;https://evil.example|this&gt; &amp; &lt;!here&gt;" in listed.text
    assert shown in slack.sent("chat.postEphemeral")[0]["text"]
    assert f"*#2* {shown}" in slack.sent("chat.postMessage")[-1]["text"]
    sent = json.dumps([call.params for call in slack.calls])
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@U999>", "<https://evil"):
        assert raw not in sent


def test_unknown_subcommand_is_echoed_escaped(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/agenda", "<!channel>", user=MEMBER)

    assert result.text.startswith(":warning: `&lt;!channel&gt;` is not a subcommand I know.")
    assert "<!channel>" not in json.dumps([call.params for call in slack.calls])


# audit


def test_every_agenda_change_is_audited_and_reads_are_not(table: Harness) -> None:
    propose(table, "Housing")
    propose(table, "Budget", user=MEMBER_IPO)
    propose(table, "Reception")
    plan_second_session(table)
    table.command("/agenda", "order #2 1", user=SECRETARY)
    table.command("/agenda", "withdraw #3", user=MEMBER)
    table.command("/agenda", "defer #1", user=SECRETARY)
    table.command("/agenda", "list", user=MEMBER)
    table.command("/agenda", "close", user=SECRETARY)
    table.command("/agenda", "withdraw #2", user=MEMBER)  # refused: not the submitter

    assert audit(table) == [
        ("agenda.add", "item#1", MEMBER),
        ("agenda.add", "item#2", MEMBER_IPO),
        ("agenda.add", "item#3", MEMBER),
        ("agenda.order", "item#2", SECRETARY),
        ("agenda.withdraw", "item#3", MEMBER),
        ("agenda.defer", "item#1", SECRETARY),
        ("agenda.close", "session#1", SECRETARY),
    ]
    with table.regiebot.database.session() as db:
        entry = db.exec(select(AuditEntry).where(AuditEntry.action == "agenda.add")).first()
        assert entry is not None
        assert json.loads(entry.detail) == {"title": "Housing", "kind": "discussion"}
        assert entry.team_id and entry.table_id is not None
