"""/meeting end to end: planning, showing, moving and cancelling sessions, as Slack sends the commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from bot.core.commands import COMMANDS
from bot.render import escape_slack
from bot.storage.models import AuditEntry, Meeting, SteeringTable
from bot.testing.slack_double import FakeSlack
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
    Harness,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SCHEDULE_USAGE = f"`{escape_slack(COMMANDS['/meeting']['schedule'])}`"
SESSION_1 = ("#1", datetime(2026, 12, 15, 9, 0, tzinfo=UTC), 120, "The Hague", "planned")


def sessions(bot: Harness, channel: str = CHANNEL) -> list[tuple[str, datetime, int, str, str]]:
    """The stored sessions of the table in `channel`: number, start (UTC), duration, place, status."""
    with bot.regiebot.database.session() as db:
        rows = db.exec(select(Meeting).join(SteeringTable, col(SteeringTable.id) == col(Meeting.table_id))
                       .where(SteeringTable.channel_id == channel).order_by(col(Meeting.number))).all()
        return [(f"#{m.number}", m.starts_at.astimezone(UTC), m.duration_minutes, m.location, str(m.status))
                for m in rows]


def audit(bot: Harness) -> list[tuple[str, str, str, dict]]:
    with bot.regiebot.database.session() as db:
        rows = db.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
        return [(row.actor_id, row.action, row.target, json.loads(row.detail)) for row in rows]


def posts(slack: FakeSlack) -> list[tuple[str, str]]:
    return [(call["channel"], call["text"]) for call in slack.sent("chat.postMessage")]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


# schedule


@pytest.mark.parametrize(("date_text", "starts", "shown"), [
    ("2026-12-16", datetime(2026, 12, 16, 13, 0, tzinfo=UTC), "Wednesday 16 December 2026, 14:00"),
    ("16-12-2026", datetime(2026, 12, 16, 13, 0, tzinfo=UTC), "Wednesday 16 December 2026, 14:00"),
    ("16 december", datetime(2026, 12, 16, 13, 0, tzinfo=UTC), "Wednesday 16 December 2026, 14:00"),
    ("next tuesday", datetime(2026, 12, 8, 13, 0, tzinfo=UTC), "Tuesday 8 December 2026, 14:00"),
    ("volgende dinsdag", datetime(2026, 12, 8, 13, 0, tzinfo=UTC), "Tuesday 8 December 2026, 14:00"),
])
def test_secretary_schedules_a_session_with_each_date_form(table: Harness, date_text: str, starts: datetime,
                                                           shown: str) -> None:
    result = table.command("/meeting", f"schedule {date_text} 14:00", user=SECRETARY)

    assert result.responses == [{"text": f":white_check_mark: Planned session #2, {shown} (2h); the channel has been "
                                         "told.", "response_type": "ephemeral"}]
    assert sessions(table) == [SESSION_1, ("#2", starts, 120, "", "planned")]


@pytest.mark.parametrize(("arguments", "minutes", "shown"), [
    ("10:00 2h", 120, "2h"),
    ("10.00 90m", 90, "1h30"),
    ("10:00 1h30", 90, "1h30"),
    ("10.00", 120, "2h"),
])
def test_times_and_durations_are_read_in_every_form(table: Harness, arguments: str, minutes: int, shown: str) -> None:
    result = table.command("/meeting", f"schedule 2026-12-16 {arguments}", user=SECRETARY)

    assert f"Planned session #2, Wednesday 16 December 2026, 10:00 ({shown})" in result.text
    assert sessions(table)[1] == ("#2", datetime(2026, 12, 16, 9, 0, tzinfo=UTC), minutes, "", "planned")


def test_schedule_tells_the_channel_with_place_and_duration(table: Harness, slack: FakeSlack) -> None:
    table.command("/meeting", "schedule 16 december 10:00 90m at Ministerie van BZK, Den Haag", user=CHAIR)

    assert sessions(table)[1] == ("#2", datetime(2026, 12, 16, 9, 0, tzinfo=UTC), 90,
                                  "Ministerie van BZK, Den Haag", "planned")
    assert posts(slack)[-1] == (CHANNEL, ":calendar: *Landelijke Regietafel*: session #2, Wednesday 16 December "
                                         "2026, 10:00 at Ministerie van BZK, Den Haag (1h30) is planned. Propose "
                                         "agenda items with `/agenda add`.")


def test_a_video_link_as_slack_sends_it_is_kept_as_a_link(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/meeting", "schedule 2026-12-16 10:00 1h at <https://meet.example/lrt?id=7>",
                           user=SECRETARY)

    assert sessions(table)[1][3] == "https://meet.example/lrt?id=7"
    assert "10:00 at https://meet.example/lrt?id=7 (1h)" in result.text
    assert "at https://meet.example/lrt?id=7 (1h) is planned" in posts(slack)[-1][1]


@pytest.mark.parametrize(("date_text", "utc_hour"), [("2027-01-15", 9), ("2027-04-01", 8)])
def test_the_start_is_stored_as_the_right_instant_on_both_sides_of_summer_time(table: Harness, date_text: str,
                                                                               utc_hour: int) -> None:
    result = table.command("/meeting", f"schedule {date_text} 10:00", user=SECRETARY)

    starts = sessions(table)[1][1]
    assert (starts, starts.astimezone(AMSTERDAM).hour) == (datetime.fromisoformat(date_text).replace(
        hour=utc_hour, tzinfo=UTC), 10)
    assert ", 10:00 (2h)" in result.text


def test_a_day_typed_on_that_very_day_plans_for_today_not_next_year(table: Harness) -> None:
    table.clock.set(local(2026, 12, 16, 8, 0))

    table.command("/meeting", "schedule 16 december 14:00", user=SECRETARY)

    assert sessions(table)[1][1] == datetime(2026, 12, 16, 13, 0, tzinfo=UTC)


def test_schedule_writes_an_audit_entry(table: Harness) -> None:
    table.command("/meeting", "schedule 2026-12-16 10:00", user=CHAIR)

    assert audit(table)[-1] == (CHAIR, "meeting.schedule", "session#2", {"starts": "2026-12-16 10:00:00+01:00"})


def test_each_table_numbers_its_own_sessions(table: Harness, slack: FakeSlack) -> None:
    assert "is now the steering table" in table.command("/regie", "setup Regionale Regietafel Oost en",
                                                        user=ADMIN, channel=OTHER_CHANNEL).text
    table.command("/regie", f"member add <@{SECRETARY}> BZK secretary", user=ADMIN, channel=OTHER_CHANNEL)

    other = table.command("/meeting", "schedule 2027-01-12 13:00", user=SECRETARY, channel=OTHER_CHANNEL)
    here = table.command("/meeting", "schedule 2027-01-14 10:00", user=SECRETARY)

    assert "Planned session #1, Tuesday 12 January 2027, 13:00" in other.text
    assert "Planned session #2, Thursday 14 January 2027, 10:00" in here.text
    assert [number for number, *_ in sessions(table, OTHER_CHANNEL)] == ["#1"]
    assert [number for number, *_ in sessions(table)] == ["#1", "#2"]
    assert [channel for channel, _ in posts(slack)][-2:] == [OTHER_CHANNEL, CHANNEL]


# next and list


def test_next_shows_the_coming_session_with_its_agenda(table: Harness) -> None:
    table.command("/agenda", "add Housing of status holders -- Regional spread, Q1 figures", user=MEMBER)
    table.command("/agenda", "add Reception capacity", user=MEMBER_IPO)

    result = table.command("/meeting", "next", user=OBSERVER)

    assert result.responses == [{"response_type": "ephemeral", "text": (
        "*Next session of Landelijke Regietafel*: session #1, Tuesday 15 December 2026, 10:00 at The Hague (2h)\n"
        "1. *#1* Housing of status holders _(for discussion, VNG)_\n"
        "      Regional spread, Q1 figures\n"
        "2. *#2* Reception capacity _(for discussion, IPO)_")}]


def test_next_without_a_planned_session_says_so(table: Harness) -> None:
    table.command("/meeting", "cancel 1", user=SECRETARY)

    result = table.command("/meeting", "next", user=MEMBER)

    assert result.text.startswith(":warning: No session is planned yet; the secretary or chair plans one with "
                                  "`/meeting schedule`.")


def test_list_shows_upcoming_sessions_only_with_their_numbers(table: Harness) -> None:
    table.command("/meeting", "schedule 2026-12-10 14:00 90m", user=SECRETARY)
    table.command("/meeting", "schedule 2027-01-15 10:00 at <https://meet.example/lrt>", user=SECRETARY)
    table.command("/meeting", "schedule 2027-02-15 10:00", user=SECRETARY)
    table.command("/meeting", "cancel 4", user=SECRETARY)

    before = table.command("/meeting", "list", user=MEMBER)
    table.clock.set(local(2026, 12, 12, 9, 0))
    after = table.command("/meeting", "list", user=OBSERVER)

    assert before.responses == [{"response_type": "ephemeral", "text": (
        "*Coming sessions of Landelijke Regietafel*\n"
        "• #2 Thursday 10 December 2026, 14:00 (1h30)\n"
        "• #1 Tuesday 15 December 2026, 10:00 (2h) at The Hague\n"
        "• #3 Friday 15 January 2027, 10:00 (2h) at https://meet.example/lrt")}]
    assert after.text.splitlines()[1:] == ["• #1 Tuesday 15 December 2026, 10:00 (2h) at The Hague",
                                           "• #3 Friday 15 January 2027, 10:00 (2h) at https://meet.example/lrt"]


def test_list_with_nothing_planned_says_so(table: Harness) -> None:
    table.command("/meeting", "cancel 1", user=SECRETARY)

    assert table.command("/meeting", "list", user=MEMBER).text == (
        "*Coming sessions of Landelijke Regietafel*\n_No sessions planned._")


# move


def test_chair_moves_a_session_and_the_channel_is_told(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/meeting", "move #1 17-12-2026 14.30", user=CHAIR)

    assert result.text == (":white_check_mark: Session #1 moved to Thursday 17 December 2026, 14:30; the channel "
                           "has been told.")
    assert sessions(table) == [("#1", datetime(2026, 12, 17, 13, 30, tzinfo=UTC), 120, "The Hague", "planned")]
    assert posts(slack)[-1] == (CHANNEL, ":calendar: *Landelijke Regietafel*: session #1 moves from Tuesday 15 "
                                         "December 2026, 10:00 to *Thursday 17 December 2026, 14:30*.")
    assert audit(table)[-1] == (CHAIR, "meeting.move", "session#1", {"starts": "2026-12-17 14:30:00+01:00"})


@pytest.mark.parametrize(("arguments", "error"), [
    ("1 2026-11-20 10:00", "`2026-11-20 10:00` lies in the past."),
    ("1 2026-12-01 08:00", "`2026-12-01 08:00` lies in the past."),
    ("9 2026-12-20 10:00", "There is no session `#9` on this table; `/meeting list` shows them."),
    ("1 2026-12-20 10:00 3h", "I did not expect `3h` here."),
    ("1 2026-12-20", "Missing: a time (10:00)."),
    ("", "Missing: a number (#3)."),
    ("first 2026-12-20 10:00", "`first` is not a number; write `3` or `#3`."),
])
def test_a_move_that_cannot_be_done_is_refused_and_changes_nothing(table: Harness, slack: FakeSlack,
                                                                   arguments: str, error: str) -> None:
    posted = len(posts(slack))

    result = table.command("/meeting", f"move {arguments}", user=SECRETARY)

    assert result.text.startswith(f":warning: {error}\n\n*/meeting*")
    assert sessions(table) == [SESSION_1]
    assert len(posts(slack)) == posted


def test_a_session_that_has_started_cannot_be_moved(table: Harness) -> None:
    table.clock.set(local(2026, 12, 15, 10, 5))

    result = table.command("/meeting", "move 1 2026-12-20 10:00", user=SECRETARY)

    assert result.text.startswith(":warning: Session #1, Tuesday 15 December 2026, 10:00 at The Hague has already "
                                  "started; it can no longer change.")
    assert sessions(table) == [SESSION_1]


# cancel


def test_secretary_cancels_a_session_and_the_channel_is_told(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/meeting", "cancel #1", user=SECRETARY)

    assert result.responses == [{"response_type": "ephemeral",
                                 "text": ":white_check_mark: Session #1 is cancelled; the channel has been told."}]
    assert sessions(table) == [(*SESSION_1[:4], "cancelled")]
    assert posts(slack)[-1] == (CHANNEL, ":no_entry: *Landelijke Regietafel*: session #1, Tuesday 15 December 2026, "
                                         "10:00 at The Hague is cancelled.")
    assert audit(table)[-1] == (SECRETARY, "meeting.cancel", "session#1", {})


def test_cancelling_a_session_with_agenda_items_points_at_them(table: Harness) -> None:
    table.command("/agenda", "add Housing of status holders", user=MEMBER)

    result = table.command("/meeting", "cancel 1", user=CHAIR)

    assert result.text == (":white_check_mark: Session #1 is cancelled; the channel has been told. It had 1 agenda "
                           "item: defer or withdraw them with `/agenda defer` or `/agenda withdraw`.")


def test_a_session_that_has_started_cannot_be_cancelled(table: Harness, slack: FakeSlack) -> None:
    posted = len(posts(slack))
    table.clock.advance(timedelta(days=14, hours=1, minutes=30))  # 15 December, 10:30

    result = table.command("/meeting", "cancel 1", user=SECRETARY)

    assert result.text.startswith(":warning: Session #1, Tuesday 15 December 2026, 10:00 at The Hague has already "
                                  "started; it can no longer change.")
    assert sessions(table) == [SESSION_1]
    assert len(posts(slack)) == posted


def test_a_cancelled_session_cannot_be_cancelled_or_moved_again(table: Harness) -> None:
    table.command("/meeting", "cancel 1", user=SECRETARY)

    again = table.command("/meeting", "cancel 1", user=SECRETARY)
    moved = table.command("/meeting", "move 1 2026-12-20 10:00", user=SECRETARY)

    for result in (again, moved):
        assert result.text.startswith(":warning: Session #1, Tuesday 15 December 2026, 10:00 at The Hague is "
                                      "cancelled.")
    assert sessions(table) == [(*SESSION_1[:4], "cancelled")]


def test_cancel_of_an_unknown_session_is_refused(table: Harness) -> None:
    result = table.command("/meeting", "cancel 7", user=SECRETARY)

    assert result.text.startswith(":warning: There is no session `#7` on this table")
    assert sessions(table) == [SESSION_1]


# who may


@pytest.mark.parametrize("user", [MEMBER, OBSERVER])
@pytest.mark.parametrize("arguments", ["schedule 2026-12-16 10:00", "move 1 2026-12-16 10:00", "cancel 1"])
def test_members_and_observers_cannot_change_sessions(table: Harness, slack: FakeSlack, user: str,
                                                      arguments: str) -> None:
    posted = len(posts(slack))

    result = table.command("/meeting", arguments, user=user)

    assert result.responses == [{"response_type": "ephemeral",
                                 "text": ":warning: Only the chair or the secretary may do that."}]
    assert sessions(table) == [SESSION_1]
    assert len(posts(slack)) == posted


@pytest.mark.parametrize("arguments", ["schedule 2026-12-16 10:00", "move 1 2026-12-16 10:00", "cancel 1", "list",
                                       "next"])
def test_an_outsider_is_refused(table: Harness, arguments: str) -> None:
    result = table.command("/meeting", arguments, user=OUTSIDER)

    assert result.text == (":warning: You are not a member of *Landelijke Regietafel*. Ask its secretary to add "
                           "you.")
    assert sessions(table) == [SESSION_1]


@pytest.mark.parametrize("arguments", ["schedule 2026-12-16 10:00", "cancel 1", "list"])
def test_a_user_of_another_workspace_is_refused_even_with_a_members_id(table: Harness, arguments: str) -> None:
    result = table.command("/meeting", arguments, user=SECRETARY, team=OTHER_TEAM)

    assert result.text == (":warning: This table belongs to another Slack workspace; its commands work only for "
                           "that workspace's members.")
    assert sessions(table) == [SESSION_1]


def test_chair_and_secretary_may_each_schedule_move_and_cancel(table: Harness) -> None:
    table.command("/meeting", "schedule 2026-12-16 10:00", user=CHAIR)
    table.command("/meeting", "move 2 2026-12-17 10:00", user=SECRETARY)
    table.command("/meeting", "cancel 2", user=CHAIR)
    table.command("/meeting", "move 1 2026-12-18 10:00", user=CHAIR)

    assert sessions(table) == [("#1", datetime(2026, 12, 18, 9, 0, tzinfo=UTC), 120, "The Hague", "planned"),
                               ("#2", datetime(2026, 12, 17, 9, 0, tzinfo=UTC), 120, "", "cancelled")]


# bad input


@pytest.mark.parametrize(("arguments", "error"), [
    ("reschedule 2026-12-16 10:00", "`reschedule` is not a subcommand I know."),
    ("schedule", "Missing: a date."),
    ("schedule 2026-12-16", "Missing: a time (10:00)."),
    ("schedule 10:00", "Missing: a date."),
    ("schedule 2026-12-16 25:00", "`25:00` is not a time; write `10:00` or `10.00`."),
    ("schedule fifth monday 10:00", "`fifth monday` is not a date I understand"),
    ("schedule 2026-13-01 10:00", "`2026-13-01` is not a date I understand"),
    ("schedule 31-02-2027 10:00", "`31-02-2027` is not a date I understand"),
    ("schedule december 10:00", "`december` is not a date I understand"),
    ("schedule 2026-11-20 10:00", "`2026-11-20 10:00` lies in the past."),
    ("schedule 2026-12-01 08:30", "`2026-12-01 08:30` lies in the past."),
    ("schedule 2026-12-16 10:00 2x", "`2x` is not a duration; write `2h`, `90m` or `1h30`."),
    ("schedule 2026-12-16 10:00 0m", "`0m` is not a duration; write `2h`, `90m` or `1h30`."),
    ("list everything", "I did not expect `everything` here."),
    ("next week", "I did not expect `week` here."),
])
def test_bad_input_answers_what_is_wrong_with_the_usage_and_stores_nothing(table: Harness, slack: FakeSlack,
                                                                           arguments: str, error: str) -> None:
    posted, logged = len(posts(slack)), len(audit(table))

    result = table.command("/meeting", arguments, user=SECRETARY)

    assert result.status == 200
    assert [response["response_type"] for response in result.responses] == ["ephemeral"]
    assert result.text.startswith(f":warning: {error}")
    assert SCHEDULE_USAGE in result.text
    assert "Traceback" not in result.text
    assert sessions(table) == [SESSION_1]
    assert (len(posts(slack)), len(audit(table))) == (posted, logged)


@pytest.mark.parametrize("text", ["", "help", "HELP"])
def test_bare_meeting_and_help_show_every_subcommand(table: Harness, text: str) -> None:
    result = table.command("/meeting", text, user=MEMBER)

    assert result.text.startswith("*/meeting*: the sessions of the table")
    for usage in COMMANDS["/meeting"].values():
        assert f"`{escape_slack(usage)}`" in result.text
    assert [response["response_type"] for response in result.responses] == ["ephemeral"]
