"""/regie end to end: binding a channel as a table, its members, its settings, help, and finding the table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from bot.app import build
from bot.core.clock import ManualClock
from bot.core.commands import COMMANDS, SLASH_COMMANDS
from bot.render import escape_slack
from bot.storage.db import Database
from bot.storage.models import AuditEntry, Meeting, Member, SteeringTable
from bot.testing.slack_double import FakeSlack
from handlers.commands import FORMS, service_call
from tests.conftest import SIGNING_SECRET, make_settings
from tests.harness import (
    ADMIN,
    CHAIR,
    CHANNEL,
    MEMBER,
    MEMBER_IPO,
    OBSERVER,
    OTHER_CHANNEL,
    OTHER_TEAM,
    OUTSIDER,
    SECRETARY,
    TEAM,
    Harness,
)

NEWCOMER = "U0AEDES01"
WORKSPACE_ADMIN = "U0WSADM01"
TABLE_MEMBERS = [
    (CHAIR, "Chris Chair", "BZK", "chair", False),
    (SECRETARY, "Sam Secretary", "BZK", "secretary", False),
    (MEMBER, "Vera VNG", "VNG", "member", False),
    (MEMBER_IPO, "Ivo IPO", "IPO", "member", False),
    (OBSERVER, "Otto Observer", "COA", "observer", False),
]


def tables(bot: Harness) -> list[tuple[str, str, str, str, str]]:
    with bot.regiebot.database.session() as db:
        rows = db.exec(select(SteeringTable).order_by(col(SteeringTable.id))).all()
        return [(t.team_id, t.channel_id, t.name, t.language, t.timezone) for t in rows]


def members(bot: Harness, channel: str = CHANNEL) -> list[tuple[str, str, str, str, bool]]:
    with bot.regiebot.database.session() as db:
        rows = db.exec(select(Member).join(SteeringTable, col(SteeringTable.id) == col(Member.table_id))
                       .where(SteeringTable.channel_id == channel).order_by(col(Member.id))).all()
        return [(m.user_id, m.display_name, m.organisation, str(m.role), m.deputy) for m in rows]


def audit(bot: Harness) -> list[tuple[str, str, str, dict]]:
    with bot.regiebot.database.session() as db:
        rows = db.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(row.actor_id, row.action, row.target, json.loads(row.detail)) for row in rows]


def first_start(bot: Harness, number: int) -> datetime:
    with bot.regiebot.database.session() as db:
        meeting = db.exec(select(Meeting).where(Meeting.number == number)).one()
        return meeting.starts_at.astimezone(UTC)


@pytest.fixture
def workspace_bot(slack: FakeSlack, database: Database, database_url: str, clock: ManualClock) -> Iterator[Harness]:
    """The bot with BOT_ADMINS empty: Slack's workspace admins may bind tables."""
    regiebot = build(make_settings(slack, database_url, bot_admins=""), clock=clock, database=database)
    harness = Harness(regiebot, slack, clock, SIGNING_SECRET)
    yield harness
    harness.stop()
    regiebot.work.shutdown(10)


# setup


def test_bot_admin_binds_a_channel_as_a_table(bot: Harness) -> None:
    result = bot.command("/regie", "setup Regionale Regietafel Oost", user=ADMIN, channel=OTHER_CHANNEL)

    assert result.responses == [{"response_type": "ephemeral", "text": (
        f":white_check_mark: <#{OTHER_CHANNEL}> is now the steering table *Regionale Regietafel Oost* (time zone "
        "Europe/Amsterdam).\nNext: add the members with `/regie member add @name ORG "
        "[chair|secretary|member|observer]`.")}]
    assert tables(bot) == [(TEAM, OTHER_CHANNEL, "Regionale Regietafel Oost", "en", "Europe/Amsterdam")]
    assert audit(bot) == [(ADMIN, "table.setup", OTHER_CHANNEL, {"name": "Regionale Regietafel Oost",
                                                                 "language": "en"})]


@pytest.mark.parametrize("user", [SECRETARY, OUTSIDER])
def test_someone_who_is_not_a_bot_admin_cannot_bind_a_channel(bot: Harness, user: str) -> None:
    result = bot.command("/regie", "setup Mijn eigen tafel", user=user, channel=OTHER_CHANNEL)

    assert result.text == ":warning: Only a bot admin may bind a channel as a table."
    assert (tables(bot), audit(bot)) == ([], [])


def test_without_bot_admins_a_workspace_admin_per_slack_may_bind_a_channel(workspace_bot: Harness,
                                                                           slack: FakeSlack) -> None:
    slack.add_user(WORKSPACE_ADMIN, "Wim Workspace", admin=True)

    result = workspace_bot.command("/regie", "setup Regionale Regietafel Oost", user=WORKSPACE_ADMIN,
                                   channel=OTHER_CHANNEL)

    assert "is now the steering table *Regionale Regietafel Oost*" in result.text
    assert {"user": WORKSPACE_ADMIN} in slack.sent("users.info")
    assert tables(workspace_bot) == [(TEAM, OTHER_CHANNEL, "Regionale Regietafel Oost", "en", "Europe/Amsterdam")]


@pytest.mark.parametrize("user", [MEMBER, ADMIN, OUTSIDER])  # ADMIN is no Slack admin; BOT_ADMINS is empty here
def test_without_bot_admins_someone_slack_does_not_call_admin_is_refused(workspace_bot: Harness, user: str) -> None:
    result = workspace_bot.command("/regie", "setup Regionale Regietafel Oost", user=user, channel=OTHER_CHANNEL)

    assert result.text == ":warning: Only a bot admin may bind a channel as a table."
    assert tables(workspace_bot) == []


def test_a_channel_that_is_already_a_table_cannot_be_set_up_again(table: Harness) -> None:
    logged = len(audit(table))

    result = table.command("/regie", "setup Andere tafel nl", user=ADMIN)

    assert result.text.startswith(":warning: This channel is already the table *Landelijke Regietafel*.")
    assert tables(table) == [(TEAM, CHANNEL, "Landelijke Regietafel", "en", "Europe/Amsterdam")]
    assert len(audit(table)) == logged
    assert "call=14d close=3d meeting=1d action=2d" in table.command("/regie", "settings", user=SECRETARY).text


def test_a_table_name_of_80_characters_is_taken_and_81_refused_without_cutting(bot: Harness) -> None:
    refused = bot.command("/regie", "setup " + "n" * 81, user=ADMIN, channel=OTHER_CHANNEL)
    taken = bot.command("/regie", "setup " + "n" * 80, user=ADMIN, channel=OTHER_CHANNEL)

    assert refused.text.startswith(":warning: The name has 81 characters; the limit is 80. Please shorten it: "
                                   "nothing was saved.")
    assert "is now the steering table" in taken.text
    assert [name for _, _, name, _, _ in tables(bot)] == ["n" * 80]


@pytest.mark.parametrize("text", ["setup", "setup   ", "setup nl"])
def test_setup_without_a_name_is_refused(bot: Harness, text: str) -> None:
    result = bot.command("/regie", text, user=ADMIN, channel=OTHER_CHANNEL)

    assert result.text.startswith(":warning: The name is empty.")
    assert tables(bot) == []


def test_a_table_set_up_in_dutch_answers_in_dutch(bot: Harness, slack: FakeSlack) -> None:
    created = bot.command("/regie", "setup Regionale Regietafel Oost nl", user=ADMIN, channel=OTHER_CHANNEL)
    bot.command("/regie", f"member add <@{SECRETARY}> BZK secretary", user=ADMIN, channel=OTHER_CHANNEL)
    planned = bot.command("/meeting", "schedule 15 december 10.00 2h", user=SECRETARY, channel=OTHER_CHANNEL)

    assert created.text.startswith(f":white_check_mark: <#{OTHER_CHANNEL}> is nu de regietafel *Regionale "
                                   "Regietafel Oost* (tijdzone Europe/Amsterdam).")
    assert tables(bot) == [(TEAM, OTHER_CHANNEL, "Regionale Regietafel Oost", "nl", "Europe/Amsterdam")]
    assert planned.text == (":white_check_mark: Gepland: vergadering #1, dinsdag 15 december 2026, 10:00 (2u); het "
                            "kanaal is ingelicht.")
    assert "dinsdag 15 december 2026, 10:00 (2u) is gepland" in slack.sent("chat.postMessage")[-1]["text"]


def test_setup_with_english_sets_the_language(bot: Harness) -> None:
    bot.command("/regie", "setup Regional Table East EN", user=ADMIN, channel=OTHER_CHANNEL)

    assert tables(bot) == [(TEAM, OTHER_CHANNEL, "Regional Table East", "en", "Europe/Amsterdam")]


# members


def test_the_table_fixture_members_are_stored_with_names_from_slack(table: Harness) -> None:
    assert members(table) == TABLE_MEMBERS


def test_member_add_with_a_named_mention_stores_the_name_without_asking_slack(table: Harness,
                                                                              slack: FakeSlack) -> None:
    result = table.command("/regie", f"member add <@{NEWCOMER}|Anna de Vries> Aedes", user=SECRETARY)

    assert result.responses == [{"response_type": "ephemeral", "text": (
        f":white_check_mark: <@{NEWCOMER}> joined *Landelijke Regietafel* for Aedes as member.")}]
    assert members(table)[-1] == (NEWCOMER, "Anna de Vries", "Aedes", "member", False)
    assert {"user": NEWCOMER} not in slack.sent("users.info")
    assert audit(table)[-1] == (SECRETARY, "member.add", NEWCOMER, {"organisation": "Aedes", "role": "member",
                                                                    "deputy": False})


def test_member_add_with_a_bare_mention_fetches_the_display_name(table: Harness, slack: FakeSlack) -> None:
    slack.add_user(NEWCOMER, "Anna Aedes")

    table.command("/regie", f"member add <@{NEWCOMER}> Aedes observer", user=ADMIN)

    assert {"user": NEWCOMER} in slack.sent("users.info")
    assert members(table)[-1] == (NEWCOMER, "Anna Aedes", "Aedes", "observer", False)


def test_a_person_slack_does_not_know_is_stored_under_their_id(table: Harness) -> None:
    table.command("/regie", f"member add <@{NEWCOMER}> Aedes", user=ADMIN)

    assert members(table)[-1] == (NEWCOMER, NEWCOMER, "Aedes", "member", False)


@pytest.mark.parametrize(("words", "role", "deputy", "shown"), [
    ("", "member", False, "as member."),
    ("secretary", "secretary", False, "as secretary."),
    ("observer", "observer", False, "as observer."),
    ("member deputy", "member", True, "as member (deputy)."),
    ("DEPUTY Secretary", "secretary", True, "as secretary (deputy)."),
])
def test_member_add_takes_the_role_and_deputy_flag(table: Harness, words: str, role: str, deputy: bool,
                                                   shown: str) -> None:
    result = table.command("/regie", f"member add <@{NEWCOMER}|anna> Aedes {words}", user=SECRETARY)

    assert result.text.endswith(f"for Aedes {shown}")
    assert members(table)[-1] == (NEWCOMER, "anna", "Aedes", role, deputy)


def test_adding_an_existing_member_updates_them_in_place(table: Harness) -> None:
    result = table.command("/regie", f"member add <@{MEMBER}> VNG-G4 observer deputy", user=SECRETARY)

    assert result.text == (f":white_check_mark: <@{MEMBER}> now sits *Landelijke Regietafel* for VNG-G4 as "
                           "observer (deputy).")
    assert [m for m in members(table) if m[0] == MEMBER] == [(MEMBER, "Vera VNG", "VNG-G4", "observer", True)]
    assert len(members(table)) == len(TABLE_MEMBERS)
    assert audit(table)[-1] == (SECRETARY, "member.update", MEMBER, {"organisation": "VNG-G4", "role": "observer",
                                                                     "deputy": True})


def test_a_second_chair_is_refused_and_nothing_changes(table: Harness) -> None:
    logged = len(audit(table))

    result = table.command("/regie", f"member add <@{MEMBER_IPO}> IPO chair", user=SECRETARY)

    assert result.text.startswith(f":warning: <@{CHAIR}> is the chair; a table has exactly one. Add them with "
                                  "another role first.")
    assert members(table) == TABLE_MEMBERS
    assert len(audit(table)) == logged


def test_the_chair_can_be_handed_over_once_the_old_chair_has_another_role(table: Harness) -> None:
    table.command("/regie", f"member add <@{CHAIR}> BZK member", user=SECRETARY)
    table.command("/regie", f"member add <@{MEMBER_IPO}> IPO chair deputy", user=SECRETARY)

    assert [(m[0], m[3], m[4]) for m in members(table) if m[0] in (CHAIR, MEMBER_IPO)] == [
        (CHAIR, "member", False), (MEMBER_IPO, "chair", True)]


@pytest.mark.parametrize(("text", "error"), [
    (f"member add <@{NEWCOMER}> Aedes boss", "`boss` is not a role; use `chair`, `secretary`, `member` or "
                                             "`observer`, optionally with `deputy`."),
    (f"member add <@{NEWCOMER}>", "Missing: an organisation."),
    ("member add", "Missing: a person (@name)."),
    ("member add anna Aedes", "`anna` is not a person; mention them as `@name`."),
    (f"member add <@{NEWCOMER}> 4Aedes", "`4Aedes` is not an organisation"),
    ("member remove", "Missing: a person (@name)."),
    ("member", "Missing: a value after member."),
    ("member promote", "`member promote` is not a subcommand I know."),
    ("member list all", "I did not expect `all` here."),
    ("teardown", "`teardown` is not a subcommand I know."),
])
def test_bad_member_input_answers_with_the_usage_and_stores_nothing(table: Harness, text: str, error: str) -> None:
    logged = len(audit(table))

    result = table.command("/regie", text, user=SECRETARY)

    assert result.text.startswith(f":warning: {error}")
    assert escape_slack(COMMANDS["/regie"]["member add"]) in result.text
    assert "Traceback" not in result.text
    assert members(table) == TABLE_MEMBERS
    assert len(audit(table)) == logged


def test_member_remove_takes_someone_off_the_table(table: Harness) -> None:
    result = table.command("/regie", f"member remove <@{MEMBER_IPO}|Ivo de Vries>", user=SECRETARY)

    assert result.text == f":white_check_mark: <@{MEMBER_IPO}> is no longer on *Landelijke Regietafel*."
    assert members(table) == [m for m in TABLE_MEMBERS if m[0] != MEMBER_IPO]
    assert audit(table)[-1] == (SECRETARY, "member.remove", MEMBER_IPO, {})


def test_removing_someone_who_is_not_on_the_table_is_refused(table: Harness) -> None:
    result = table.command("/regie", f"member remove <@{OUTSIDER}>", user=SECRETARY)

    assert result.text.startswith(f":warning: <@{OUTSIDER}> is not on this table.")
    assert members(table) == TABLE_MEMBERS


def test_member_list_shows_everyone_by_organisation(table: Harness) -> None:
    result = table.command("/regie", "member list", user=SECRETARY)

    assert result.responses == [{"response_type": "ephemeral", "text": (
        "*Members of Landelijke Regietafel*\n"
        f"• BZK: <@{CHAIR}>, chair\n"
        f"• BZK: <@{SECRETARY}>, secretary\n"
        f"• COA: <@{OBSERVER}>, observer\n"
        f"• IPO: <@{MEMBER_IPO}>, member\n"
        f"• VNG: <@{MEMBER}>, member")}]


@pytest.mark.parametrize("user", [CHAIR, MEMBER, OBSERVER])
@pytest.mark.parametrize("text", [f"member add <@{NEWCOMER}> Aedes", f"member remove <@{MEMBER_IPO}>",
                                  "member list", "settings", "settings language nl"])
def test_only_the_secretary_or_a_bot_admin_manages_members_and_settings(table: Harness, user: str,
                                                                        text: str) -> None:
    result = table.command("/regie", text, user=user)

    assert result.text == ":warning: Only the secretary may do that."
    assert members(table) == TABLE_MEMBERS
    assert tables(table)[0][3] == "en"


@pytest.mark.parametrize(("user", "team", "error"), [
    (OUTSIDER, TEAM, ":warning: You are not a member of *Landelijke Regietafel*. Ask its secretary to add you."),
    (SECRETARY, OTHER_TEAM, ":warning: This table belongs to another Slack workspace; its commands work only for "
                            "that workspace's members."),
    (ADMIN, OTHER_TEAM, ":warning: This table belongs to another Slack workspace; its commands work only for "
                        "that workspace's members."),
])
def test_outsiders_and_other_workspaces_cannot_touch_the_table(table: Harness, user: str, team: str,
                                                               error: str) -> None:
    result = table.command("/regie", f"member add <@{NEWCOMER}> Aedes", user=user, team=team)

    assert result.text == error
    assert members(table) == TABLE_MEMBERS


# settings


def test_settings_are_shown(table: Harness) -> None:
    result = table.command("/regie", "settings", user=SECRETARY)

    assert result.responses == [{"response_type": "ephemeral", "text": (
        "*Settings of Landelijke Regietafel*\n• language: `en`\n• timezone: `Europe/Amsterdam`\n"
        "• holidays: `NL`\n• reminders: `call=14d close=3d meeting=1d action=2d`\n• reminder-time: `09:00`\n"
        "• rhythm: none (`/meeting recur`)\n"
        "• facts-credited: `on` (a fact names the organisation that supplied it)\n"
        "• chatham: `off` (on: no organisation named in the discussion)")}]


def test_secretary_narrows_what_the_summary_may_name(table: Harness) -> None:
    changed = table.command("/regie", "settings facts-credited off chatham on", user=SECRETARY).text
    assert changed.startswith(":white_check_mark: Changed: facts-credited, chatham.")
    assert "• facts-credited: `off`" in changed and "• chatham: `on`" in changed
    refused = table.command("/regie", "settings chatham maybe", user=SECRETARY).text
    assert "`maybe` is not a value for `chatham`; write `on` or `off`." in refused


def test_switching_the_language_to_dutch_makes_the_table_answer_in_dutch(table: Harness) -> None:
    changed = table.command("/regie", "settings language NL", user=SECRETARY)
    listed = table.command("/meeting", "list", user=MEMBER)

    assert changed.text.startswith(":white_check_mark: Gewijzigd: language.\n*Instellingen van Landelijke Regietafel*\n"
                                   "• taal: `nl`\n• tijdzone: `Europe/Amsterdam`\n• feestdagen: `NL`")
    assert listed.text == ("*Komende vergaderingen van Landelijke Regietafel*\n"
                           "• #1 dinsdag 15 december 2026, 10:00 (2u) in The Hague")
    assert tables(table)[0][3] == "nl"
    assert audit(table)[-1] == (SECRETARY, "table.settings", CHANNEL, {"language": "nl"})


def test_a_new_time_zone_changes_how_times_are_read_and_shown(table: Harness) -> None:
    changed = table.command("/regie", "settings timezone Europe/London", user=ADMIN)
    table.command("/meeting", "schedule 2026-12-16 10:00", user=SECRETARY)
    listed = table.command("/meeting", "list", user=MEMBER)

    assert "• timezone: `Europe/London`" in changed.text
    assert tables(table)[0][4] == "Europe/London"
    assert first_start(table, 2) == datetime(2026, 12, 16, 10, 0, tzinfo=UTC)
    assert listed.text.splitlines()[1:] == ["• #1 Tuesday 15 December 2026, 09:00 (2h) at The Hague",
                                            "• #2 Wednesday 16 December 2026, 10:00 (2h)"]
    assert audit(table)[-2] == (ADMIN, "table.settings", CHANNEL, {"timezone": "Europe/London"})


def test_several_settings_change_at_once(table: Harness) -> None:
    result = table.command("/regie", "settings language nl timezone Europe/Brussels", user=SECRETARY)

    assert result.text.startswith(":white_check_mark: Gewijzigd: language, timezone.")
    assert tables(table)[0][3:] == ("nl", "Europe/Brussels")


@pytest.mark.parametrize(("text", "error"), [
    ("settings timezone Mars/Olympus_Mons", "`Mars/Olympus_Mons` is not a time zone; use an IANA name such as "
                                            "`Europe/Amsterdam`."),
    ("settings timezone ../../etc/passwd", "`../../etc/passwd` is not a time zone"),
    ("settings colour red", "`colour` is not a setting; you can change `language`, `timezone`, `holidays`, "
                            "`reminders`, `reminder-time`, `facts-credited`, `chatham`."),
    ("settings holidays XX", "`XX` is not a country whose public holidays I know"),
    ("settings reminders call=-2d", "`-2d` is not an offset"),
    ("settings reminders call=soon", "`soon` is not an offset"),
    ("settings reminders later=2d", "`later=2d` is not a reminder setting"),
    ("settings reminders", "Missing: a value after reminders."),
    ("settings reminder-time 25:00", "`25:00` is not a time"),
    ("settings language fr", "`fr` is not a language; use `nl` or `en`."),
    ("settings language", "Missing: a value after language."),
    ("settings language nl timezone Mars/Base", "`Mars/Base` is not a time zone"),
])
def test_a_bad_setting_is_refused_and_nothing_changes(table: Harness, text: str, error: str) -> None:
    logged = len(audit(table))

    result = table.command("/regie", text, user=SECRETARY)

    assert result.text.startswith(f":warning: {error}")
    assert escape_slack(COMMANDS["/regie"]["settings"]) in result.text
    assert tables(table) == [(TEAM, CHANNEL, "Landelijke Regietafel", "en", "Europe/Amsterdam")]
    assert len(audit(table)) == logged
    assert "call=14d close=3d meeting=1d action=2d" in table.command("/regie", "settings", user=SECRETARY).text


# help and finding the table


@pytest.mark.parametrize("text", ["", "help", "Help"])
def test_regie_help_gives_the_overview_of_every_command(bot: Harness, text: str) -> None:
    result = bot.command("/regie", text, user=OUTSIDER, channel=OTHER_CHANNEL)

    assert result.text.startswith("*Regiebot* runs the secretariat of a steering table")
    for command, usages in COMMANDS.items():
        for usage in usages.values():
            assert f"`{escape_slack(usage)}`" in result.text, (command, usage)
    assert [response["response_type"] for response in result.responses] == ["ephemeral"]


def test_a_command_outside_a_table_lists_the_callers_tables(table: Harness) -> None:
    table.command("/regie", "setup Regionale Regietafel Oost", user=ADMIN, channel="C0OOST001")
    table.command("/regie", f"member add <@{MEMBER}> VNG", user=ADMIN, channel="C0OOST001")

    member = table.command("/meeting", "list", user=MEMBER, channel=OTHER_CHANNEL)
    observer = table.command("/agenda", "list", user=OBSERVER, channel=OTHER_CHANNEL)

    assert member.text == (":warning: This channel is not a steering table. Your tables: <#C0TABLE01>, "
                           "<#C0OOST001>. Type the command there, or add `in #channel`.")
    assert observer.text == (":warning: This channel is not a steering table. Your tables: <#C0TABLE01>. Type the "
                             "command there, or add `in #channel`.")


def test_someone_on_no_table_is_told_how_tables_come_about(table: Harness) -> None:
    result = table.command("/meeting", "list", user=OUTSIDER, channel=OTHER_CHANNEL)

    assert result.text == (":warning: This channel is not a steering table. You are not on any table yet; a bot "
                           "admin binds a channel with `/regie setup <name>`.")


def test_in_channel_acts_on_that_table_from_anywhere(table: Harness, slack: FakeSlack) -> None:
    listed = table.command("/regie", f"member list in <#{CHANNEL}|landelijke-regietafel>", user=SECRETARY,
                           channel=OTHER_CHANNEL)
    planned = table.command("/meeting", f"schedule 2026-12-16 10:00 in <#{CHANNEL}>", user=SECRETARY,
                            channel=OTHER_CHANNEL)
    added = table.command("/regie", f"in <#{CHANNEL}|landelijke-regietafel> member add <@{NEWCOMER}|anna> Aedes",
                          user=ADMIN, channel=OTHER_CHANNEL)

    assert listed.text.startswith("*Members of Landelijke Regietafel*")
    assert planned.text.startswith(":white_check_mark: Planned session #2, Wednesday 16 December 2026, 10:00")
    assert slack.sent("chat.postMessage")[-1]["channel"] == CHANNEL
    assert added.text == f":white_check_mark: <@{NEWCOMER}> joined *Landelijke Regietafel* for Aedes as member."
    assert members(table)[-1] == (NEWCOMER, "anna", "Aedes", "member", False)


# audit


def test_every_change_writes_an_audit_entry(bot: Harness) -> None:
    bot.command("/regie", "setup Regionale Regietafel Oost", user=ADMIN)
    bot.command("/regie", f"member add <@{SECRETARY}|sam> BZK secretary", user=ADMIN)
    bot.command("/regie", f"member add <@{MEMBER}|vera> VNG", user=SECRETARY)
    bot.command("/regie", f"member add <@{MEMBER}|vera> VNG member deputy", user=SECRETARY)
    bot.command("/regie", f"member remove <@{MEMBER}>", user=SECRETARY)
    bot.command("/regie", "settings timezone Europe/London language nl", user=SECRETARY)
    bot.command("/regie", "settings", user=SECRETARY)
    bot.command("/regie", "member list", user=SECRETARY)

    assert audit(bot) == [
        (ADMIN, "table.setup", CHANNEL, {"name": "Regionale Regietafel Oost", "language": "en"}),
        (ADMIN, "member.add", SECRETARY, {"organisation": "BZK", "role": "secretary", "deputy": False}),
        (SECRETARY, "member.add", MEMBER, {"organisation": "VNG", "role": "member", "deputy": False}),
        (SECRETARY, "member.update", MEMBER, {"organisation": "VNG", "role": "member", "deputy": True}),
        (SECRETARY, "member.remove", MEMBER, {}),
        (SECRETARY, "table.settings", CHANNEL, {"timezone": "Europe/London", "language": "nl"}),
    ]


@pytest.mark.parametrize("command", sorted(SLASH_COMMANDS))
def test_every_declared_command_is_listened_to_and_its_help_shows_each_verb(bot: Harness, command: str) -> None:
    result = bot.command(command, "help", user=OUTSIDER, channel=OTHER_CHANNEL)

    assert result.status == 200
    for verb in SLASH_COMMANDS[command].verbs:
        assert f"`{escape_slack(verb.usage)}`" in result.text, verb.name


def test_every_declared_verb_names_a_service_method_and_a_form_that_exist(bot: Harness) -> None:
    services = bot.regiebot.services
    verbs = [verb for command in SLASH_COMMANDS.values() for verb in command.verbs if verb.name != "help"]
    assert [verb.call for verb in verbs if not callable(service_call(services, verb))] == []
    assert {verb.form for verb in verbs if verb.form} == set(FORMS)
