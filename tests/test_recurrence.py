"""The rhythm: rules as typed, RRULEs, occurrences across DST and holidays; then `/meeting recur` end to end."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from bot.core.commands import COMMANDS
from bot.core.replies import UserError
from bot.core.working_days import holiday_calendar
from bot.meetings import recurrence
from bot.meetings.recurrence import Rule, occurrences, parse_rule, to_rrule
from bot.render import escape_slack
from bot.storage.models import AuditEntry, Meeting, Reminder, ReminderKind, ReminderStatus, SteeringTable
from bot.testing.slack_double import FakeSlack
from tests.harness import CHAIR, CHANNEL, MEMBER, OBSERVER, SECRETARY, Harness

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=AMSTERDAM)  # a Tuesday, as in conftest
RECUR_USAGE = f"`{escape_slack(COMMANDS['/meeting']['recur'])}`"
FIRST_TUESDAYS_2027 = [date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2), date(2027, 4, 6), date(2027, 5, 4),
                       date(2027, 6, 1), date(2027, 7, 6), date(2027, 8, 3), date(2027, 9, 7), date(2027, 10, 5),
                       date(2027, 11, 2)]


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


def owed(text: str, *, now: datetime = NOW, country: str = "NL", language: str = "en",
         timezone: str = "Europe/Amsterdam") -> list[recurrence.Occurrence]:
    rule = to_rrule(parse_rule(text), now=now, timezone=timezone)
    return occurrences(rule, now=now, timezone=timezone, country=country, language=language)


# --- the rule as typed ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "rule"), [
    ("monthly first tuesday 10:00", Rule("monthly", 1, 1, time(10, 0))),
    ("Monthly LAST Friday 14.30", Rule("monthly", -1, 4, time(14, 30))),
    ("quarterly second wednesday 09:30 90m", Rule("quarterly", 2, 2, time(9, 30), 90)),
    ("quarterly fourth thursday 13:00 1h30 at Ministerie van BZK, Den Haag",
     Rule("quarterly", 4, 3, time(13, 0), 90, "Ministerie van BZK, Den Haag")),
    ("monthly third monday 10:00 at <https://meet.example/lrt?id=7>",
     Rule("monthly", 3, 0, time(10, 0), None, "https://meet.example/lrt?id=7")),
    ("maandelijks eerste dinsdag 10.00 2u op het stadhuis", Rule("monthly", 1, 1, time(10, 0), 120, "het stadhuis")),
    ("monthly last donderdag 16:00", Rule("monthly", -1, 3, time(16, 0))),
])
def test_a_rule_is_read_in_english_or_dutch_with_optional_duration_and_place(text: str, rule: Rule) -> None:
    assert parse_rule(text) == rule


@pytest.mark.parametrize(("text", "template", "context"), [
    ("monthly fifth monday 10:00", "bad_ordinal", {"value": "fifth"}),
    ("monthly 25:00", "bad_time", {"value": "25:00"}),
    ("monthly first tuesday 25:00", "bad_time", {"value": "25:00"}),
    ("monthly first tuesday noon", "bad_time", {"value": "noon"}),
    ("monthly first funday 10:00", "bad_weekday", {"value": "funday"}),
    ("monthly first tue 10:00", "bad_weekday", {"value": "tue"}),
    ("monthly first di 10:00", "bad_weekday", {"value": "di"}),
    ("weekly first tuesday 10:00", "bad_frequency", {"value": "weekly"}),
    ("first tuesday 10:00", "bad_frequency", {"value": "first"}),
    ("monthly first saturday 10:00", "weekend_rhythm", {"value": "saturday"}),
    ("monthly last zondag 10:00", "weekend_rhythm", {"value": "zondag"}),
    ("", "rhythm_incomplete", {"part": "frequency"}),
    ("monthly", "rhythm_incomplete", {"part": "ordinal"}),
    ("monthly first", "rhythm_incomplete", {"part": "weekday"}),
    ("monthly first tuesday", "rhythm_incomplete", {"part": "time"}),
    ("monthly first tuesday of the month 10:00", "unexpected_text", {"value": "of the month"}),
    ("monthly first tuesday 10:00 2x", "bad_duration", {"value": "2x"}),
    ("monthly first tuesday 10:00 at ", "bad_duration", {"value": "at"}),
])
def test_an_impossible_rule_says_what_is_wrong(text: str, template: str, context: dict[str, str]) -> None:
    with pytest.raises(UserError) as raised:
        parse_rule(text)

    assert (raised.value.template, raised.value.context) == (template, context)


@pytest.mark.parametrize(("text", "rrule"), [
    ("monthly first tuesday 10:00", "FREQ=MONTHLY;BYDAY=+1TU;BYHOUR=10;BYMINUTE=0;BYSECOND=0"),
    ("monthly last friday 14:30", "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=14;BYMINUTE=30;BYSECOND=0"),
    # the next first Tuesday after today is in January: the quarters start there
    ("quarterly first tuesday 10:00", "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=+1TU;BYHOUR=10;BYMINUTE=0;BYSECOND=0"),
    # the last Tuesday of this December is still to come: the quarters start now
    ("quarterly last tuesday 10:00", "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=-1TU;BYHOUR=10;BYMINUTE=0;BYSECOND=0"),
])
def test_the_rule_is_stored_as_an_icalendar_rrule(text: str, rrule: str) -> None:
    assert to_rrule(parse_rule(text), now=NOW, timezone="Europe/Amsterdam") == rrule


# --- occurrences ----------------------------------------------------------------------------------------------


def test_first_weekday_of_each_month_for_twelve_months_from_tomorrow() -> None:
    found = owed("monthly first tuesday 10:00")

    # today's first Tuesday (1 December 2026) is left out; 7 December 2027 lies beyond the twelve months
    assert [o.starts.date() for o in found] == FIRST_TUESDAYS_2027
    assert {(o.starts.time(), o.holiday) for o in found} == {(time(10, 0), "")}


def test_last_weekday_of_each_month() -> None:
    found = owed("monthly last wednesday 15:00")

    assert [o.starts.date() for o in found][:4] == [date(2026, 12, 30), date(2027, 1, 27), date(2027, 2, 24),
                                                    date(2027, 3, 31)]
    assert len(found) == 12
    assert found[-1].starts.date() == date(2027, 11, 24)


def test_ten_oclock_stays_ten_oclock_across_both_daylight_saving_changes() -> None:
    first = {o.starts.date(): o.starts for o in owed("monthly first tuesday 10:00")}
    last = {o.starts.date(): o.starts for o in owed("monthly last tuesday 10:00")}

    # summer time starts on 28 March 2027 and ends on 31 October 2027
    assert first[date(2027, 3, 2)].astimezone(UTC) == datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    assert last[date(2027, 3, 30)].astimezone(UTC) == datetime(2027, 3, 30, 8, 0, tzinfo=UTC)
    assert first[date(2027, 10, 5)].astimezone(UTC) == datetime(2027, 10, 5, 8, 0, tzinfo=UTC)
    assert last[date(2027, 10, 26)].astimezone(UTC) == datetime(2027, 10, 26, 8, 0, tzinfo=UTC)
    assert first[date(2027, 11, 2)].astimezone(UTC) == datetime(2027, 11, 2, 9, 0, tzinfo=UTC)
    assert {moment.astimezone(AMSTERDAM).time() for moment in [*first.values(), *last.values()]} == {time(10, 0)}


def test_a_rhythm_in_another_time_zone_keeps_its_own_wall_clock() -> None:
    found = owed("monthly first monday 09:00", timezone="America/New_York", country="US")

    # the US changes to summer time on 14 March 2027, two weeks before Europe
    assert [o.starts.astimezone(UTC).hour for o in found if o.starts.month in (3, 4)] == [14, 13]


def test_ascension_day_on_a_first_thursday_moves_to_the_friday() -> None:
    found = {o.rule_day: o for o in owed("monthly first thursday 10:00")}

    may = found[date(2027, 5, 6)]
    assert (may.starts, may.holiday) == (local(2027, 5, 7, 10, 0), "Ascension Day")
    assert found[date(2027, 6, 3)].starts == local(2027, 6, 3, 10, 0)


def test_the_holiday_is_named_in_the_tables_language() -> None:
    dutch = {o.rule_day: o.holiday for o in owed("monthly first thursday 10:00", language="nl")}

    assert dutch[date(2027, 5, 6)] == "Hemelvaartsdag"


def test_christmas_moves_past_the_weekend_and_boxing_day_to_monday() -> None:
    december = owed("monthly last friday 14:00")[0]

    assert (december.rule_day, december.starts, december.holiday) == (date(2026, 12, 25), local(2026, 12, 28, 14, 0),
                                                                      "Christmas Day")


def test_kings_day_moves_to_the_next_day() -> None:
    april = {o.rule_day: o for o in owed("monthly last tuesday 10:00", language="nl")}[date(2027, 4, 27)]

    assert (april.starts, april.holiday) == (local(2027, 4, 28, 10, 0), "Koningsdag")


def test_good_friday_skips_the_weekend_and_easter_monday() -> None:
    march = {o.rule_day: o for o in owed("monthly last friday 10:00")}[date(2027, 3, 26)]

    assert (march.starts, march.holiday) == (local(2027, 3, 30, 10, 0), "Good Friday")


def test_holidays_follow_the_tables_country() -> None:
    belgian = {o.rule_day: o for o in owed("monthly first thursday 10:00", country="BE")}
    german = {o.rule_day: o for o in owed("monthly first tuesday 10:00", country="DE", language="nl")}

    assert belgian[date(2027, 5, 6)].starts.date() == date(2027, 5, 7)
    assert german[date(2027, 6, 1)].holiday == ""
    # a language the package lacks for a country falls back to that country's own
    assert holiday_calendar("DE", "nl", years=range(2027, 2028)).get(date(2027, 5, 6)) == \
        "Christi Himmelfahrt"


def test_quarterly_sessions_are_three_months_apart() -> None:
    found = owed("quarterly first tuesday 10:00")

    assert [o.starts.date() for o in found] == [date(2027, 1, 5), date(2027, 4, 6), date(2027, 7, 6),
                                                date(2027, 10, 5)]


def test_quarterly_starts_with_the_next_possible_month() -> None:
    found = owed("quarterly last tuesday 10:00")

    assert [o.starts.date() for o in found] == [date(2026, 12, 29), date(2027, 3, 30), date(2027, 6, 29),
                                                date(2027, 9, 28)]


def test_a_rule_set_later_keeps_its_months_when_extended() -> None:
    rule = to_rrule(parse_rule("quarterly first tuesday 10:00"), now=NOW, timezone="Europe/Amsterdam")
    later = occurrences(rule, now=NOW + timedelta(days=200), timezone="Europe/Amsterdam", country="NL",
                        language="en")

    assert [o.starts.date() for o in later] == [date(2027, 7, 6), date(2027, 10, 5), date(2028, 1, 4),
                                                date(2028, 4, 4)]


# --- /meeting recur, end to end ---------------------------------------------------------------------------------


def sessions(bot: Harness) -> list[tuple[str, datetime, str, bool, str]]:
    """Number, local start, status, planned by the rhythm, and the holiday avoided."""
    with bot.regiebot.database.session() as db:
        rows = db.exec(select(Meeting).order_by(col(Meeting.number))).all()
        return [(f"#{m.number}", m.starts_at.astimezone(AMSTERDAM), str(m.status), m.recurring, m.holiday)
                for m in rows]


def planned(bot: Harness) -> list[tuple[str, datetime]]:
    """The coming sessions, as (number, local start)."""
    return [(number, starts) for number, starts, status, *_ in sessions(bot) if status == "planned"]


def rhythm(bot: Harness) -> tuple[str, int, str]:
    with bot.regiebot.database.session() as db:
        table = db.exec(select(SteeringTable).where(SteeringTable.channel_id == CHANNEL)).one()
        return table.recurrence, table.recurrence_duration_minutes, table.recurrence_location


def posts(slack: FakeSlack) -> list[str]:
    return [call["text"] for call in slack.sent("chat.postMessage")]


def audit_actions(bot: Harness) -> list[str]:
    with bot.regiebot.database.session() as db:
        return [row.action for row in db.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()]


SESSION_1 = ("#1", local(2026, 12, 15, 10, 0))


def test_secretary_sets_a_monthly_rhythm_and_a_year_of_sessions_is_planned(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/meeting", "recur monthly first tuesday 10:00", user=SECRETARY)

    expected = [(f"#{n}", datetime.combine(day, time(10, 0), tzinfo=AMSTERDAM))
                for n, day in enumerate(FIRST_TUESDAYS_2027, start=2)]
    assert planned(table) == [SESSION_1, *expected]
    assert all(recurring for _, _, _, recurring, _ in sessions(table)[1:])
    assert rhythm(table) == ("FREQ=MONTHLY;BYDAY=+1TU;BYHOUR=10;BYMINUTE=0;BYSECOND=0", 120, "")
    assert [r["response_type"] for r in result.responses] == ["ephemeral"]
    lines = result.text.splitlines()
    assert lines[:4] == [
        ":white_check_mark: *Landelijke Regietafel* now meets monthly on the first Tuesday at 10:00 (2h); sessions "
        "are planned twelve months ahead and the channel has been told.",
        "*Planned (11):*",
        "• #2 Tuesday 5 January 2027, 10:00",
        "• #3 Tuesday 2 February 2027, 10:00",
    ]
    assert lines[-1] == "• #12 Tuesday 2 November 2027, 10:00"
    assert posts(slack)[-1].startswith(":calendar: *Landelijke Regietafel* meets monthly on the first Tuesday at "
                                       "10:00 (2h).\n*Planned (11):*\n• #2 Tuesday 5 January 2027, 10:00\n")
    assert audit_actions(table)[-1] == "meeting.recur"


def test_the_planned_sessions_show_in_meeting_list_at_ten_local_time(table: Harness) -> None:
    table.command("/meeting", "recur monthly first tuesday 10:00 90m at Den Haag", user=CHAIR)

    listed = table.command("/meeting", "list", user=MEMBER).text.splitlines()

    assert listed[:4] == ["*Coming sessions of Landelijke Regietafel*",
                          "• #1 Tuesday 15 December 2026, 10:00 (2h) at The Hague",
                          "• #2 Tuesday 5 January 2027, 10:00 (1h30) at Den Haag",
                          "• #3 Tuesday 2 February 2027, 10:00 (1h30) at Den Haag"]
    assert listed[5:7] == ["• #5 Tuesday 6 April 2027, 10:00 (1h30) at Den Haag",
                           "• #6 Tuesday 4 May 2027, 10:00 (1h30) at Den Haag"]
    assert len(listed) == 13


def test_a_session_on_a_holiday_moves_and_the_secretary_and_channel_are_told(table: Harness,
                                                                               slack: FakeSlack) -> None:
    result = table.command("/meeting", "recur monthly first thursday 10:00", user=SECRETARY)

    move = ":calendar: Thursday 6 May 2027 is Ascension Day: session #7 moves to Friday 7 May 2027."
    assert move in result.text.splitlines()
    assert move in posts(slack)[-1].splitlines()
    assert ("#7", local(2027, 5, 7, 10, 0), "planned", True, "Ascension Day") in sessions(table)
    assert ("#2", local(2026, 12, 3, 10, 0), "planned", True, "") in sessions(table)


def test_a_dutch_table_hears_it_in_dutch(table: Harness, slack: FakeSlack) -> None:
    table.command("/regie", "settings language nl", user=SECRETARY)

    result = table.command("/meeting", "recur maandelijks eerste donderdag 10.00 op het provinciehuis",
                           user=SECRETARY)

    assert result.text.startswith(":white_check_mark: *Landelijke Regietafel* vergadert voortaan maandelijks op de "
                                  "eerste donderdag om 10:00 (2u) in het provinciehuis; de vergaderingen worden "
                                  "twaalf maanden vooruit gepland en het kanaal is ingelicht.\n*Gepland (12):*")
    assert (":calendar: donderdag 6 mei 2027 is het Hemelvaartsdag: vergadering #7 wordt verplaatst naar vrijdag "
            "7 mei 2027.") in posts(slack)[-1]


def test_a_day_with_a_session_planned_by_hand_gets_no_second_one(table: Harness) -> None:
    table.command("/meeting", "recur monthly third tuesday 14:00", user=SECRETARY)

    found = sessions(table)
    assert found[0] == ("#1", local(2026, 12, 15, 10, 0), "planned", False, "")
    assert found[1][:2] == ("#2", local(2027, 1, 19, 14, 0))
    assert [starts.date() for _, starts, *_ in found].count(date(2026, 12, 15)) == 1
    assert len(found) == 12


def test_every_planned_session_gets_its_reminders(table: Harness) -> None:
    table.command("/meeting", "recur monthly first tuesday 10:00", user=SECRETARY)

    with table.regiebot.database.session() as db:
        meetings = {m.id: m for m in db.exec(select(Meeting).where(col(Meeting.recurring).is_(True))).all()}
        rows = db.exec(select(Reminder).where(col(Reminder.meeting_id).in_(list(meetings)))).all()
        kinds = {(meetings[r.meeting_id].number, r.kind, r.status) for r in rows}  # type: ignore[index]
        january = {r.kind: r.due_at for r in rows if meetings[r.meeting_id].number == 2}  # type: ignore[index]
    assert kinds == {(number, kind, ReminderStatus.pending) for number in range(2, 13)
                     for kind in (ReminderKind.call, ReminderKind.close, ReminderKind.meeting,
                                  ReminderKind.draft_missing)}
    assert january == {ReminderKind.call: local(2026, 12, 22, 10, 0), ReminderKind.close: local(2027, 1, 2, 10, 0),
                       ReminderKind.meeting: local(2027, 1, 4, 10, 0),
                       ReminderKind.draft_missing: local(2027, 1, 8, 9, 0)}  # the third working day after


def test_quarterly_to_monthly_and_back_replans_only_sessions_without_agenda_items(table: Harness,
                                                                                   slack: FakeSlack) -> None:
    table.command("/meeting", "cancel 1", user=SECRETARY)
    table.command("/meeting", "recur quarterly first tuesday 10:00", user=SECRETARY)
    assert planned(table) == [("#2", local(2027, 1, 5, 10, 0)), ("#3", local(2027, 4, 6, 10, 0)),
                              ("#4", local(2027, 7, 6, 10, 0)), ("#5", local(2027, 10, 5, 10, 0))]
    table.command("/agenda", "add Housing of status holders", user=MEMBER)  # goes to #2, 5 January

    monthly = table.command("/meeting", "recur monthly second tuesday 10:00", user=SECRETARY)

    second_tuesdays = [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13),
                       date(2027, 5, 11), date(2027, 6, 8), date(2027, 7, 13), date(2027, 8, 10), date(2027, 9, 14),
                       date(2027, 10, 12), date(2027, 11, 9)]
    monthly_sessions = [(f"#{n}", datetime.combine(day, time(10, 0), tzinfo=AMSTERDAM))
                        for n, day in enumerate(second_tuesdays, start=6)]
    assert planned(table) == [("#2", local(2027, 1, 5, 10, 0)), *monthly_sessions]
    assert [s[:3] for s in sessions(table) if s[0] in ("#3", "#4", "#5")] == [
        ("#3", local(2027, 4, 6, 10, 0), "cancelled"), ("#4", local(2027, 7, 6, 10, 0), "cancelled"),
        ("#5", local(2027, 10, 5, 10, 0), "cancelled")]
    assert monthly.text.splitlines()[-7:] == [
        "*Cancelled (no agenda items yet):*",
        "• #3 Tuesday 6 April 2027, 10:00",
        "• #4 Tuesday 6 July 2027, 10:00",
        "• #5 Tuesday 5 October 2027, 10:00",
        "",
        "*Kept, because they have agenda items* (move or cancel them with `/meeting move` or `/meeting cancel`):",
        "• session #2, Tuesday 5 January 2027, 10:00 (1 item)",
    ]
    assert "Kept" not in posts(slack)[-1] and "• #3 Tuesday 6 April 2027, 10:00" in posts(slack)[-1]

    back = table.command("/meeting", "recur quarterly first tuesday 10:00", user=SECRETARY)

    # #2 fits the quarterly rule again and keeps its item; the monthly sessions go; April, July, October return
    assert planned(table) == [("#2", local(2027, 1, 5, 10, 0)), ("#18", local(2027, 4, 6, 10, 0)),
                              ("#19", local(2027, 7, 6, 10, 0)), ("#20", local(2027, 10, 5, 10, 0))]
    assert "Kept" not in back.text
    assert "*Planned (3):*" in back.text and "• #7 Tuesday 12 January 2027, 10:00" in back.text


def test_a_new_place_or_length_updates_the_same_sessions_in_place(table: Harness) -> None:
    table.command("/meeting", "recur monthly first tuesday 10:00", user=SECRETARY)

    result = table.command("/meeting", "recur monthly first tuesday 10:00 90m at Den Haag", user=SECRETARY)

    assert "*Planned" not in result.text and "_No new sessions were needed._" in result.text
    assert "• session #2, Tuesday 5 January 2027, 10:00 at Den Haag (1h30)" in result.text
    with table.regiebot.database.session() as db:
        second = db.exec(select(Meeting).where(Meeting.number == 2)).one()
        assert (second.location, second.duration_minutes, second.sequence) == ("Den Haag", 90, 1)
    assert len(sessions(table)) == 12


def test_retyping_the_rule_plans_nothing_twice_and_leaves_a_session_cancelled_by_hand(table: Harness) -> None:
    table.command("/meeting", "recur monthly first tuesday 10:00", user=SECRETARY)
    table.command("/meeting", "cancel 4", user=SECRETARY)
    before = sessions(table)

    result = table.command("/meeting", "recur monthly first tuesday 10:00", user=CHAIR)

    assert sessions(table) == before
    assert "_No new sessions were needed._" in result.text


def test_recur_off_removes_sessions_without_items_and_keeps_those_with_items(table: Harness,
                                                                              slack: FakeSlack) -> None:
    table.command("/meeting", "cancel 1", user=SECRETARY)
    table.command("/meeting", "recur quarterly first tuesday 10:00", user=SECRETARY)
    table.command("/agenda", "add Reception capacity", user=MEMBER)

    result = table.command("/meeting", "recur off", user=SECRETARY)

    assert rhythm(table)[0] == ""
    assert planned(table) == [("#2", local(2027, 1, 5, 10, 0))]
    assert result.text == (
        ":white_check_mark: *Landelijke Regietafel* no longer meets on a rhythm; the channel has been told.\n"
        "*Cancelled (no agenda items yet):*\n"
        "• #3 Tuesday 6 April 2027, 10:00\n"
        "• #4 Tuesday 6 July 2027, 10:00\n"
        "• #5 Tuesday 5 October 2027, 10:00\n"
        "*Kept, because they have agenda items* (move or cancel them with `/meeting move` or `/meeting cancel`):\n"
        "• session #2, Tuesday 5 January 2027, 10:00 (1 item)")
    assert posts(slack)[-1] == (
        ":calendar: *Landelijke Regietafel* no longer meets on a rhythm; sessions are planned one by one with "
        "`/meeting schedule`.\n*Cancelled:*\n• #3 Tuesday 6 April 2027, 10:00\n• #4 Tuesday 6 July 2027, 10:00\n"
        "• #5 Tuesday 5 October 2027, 10:00")
    with table.regiebot.database.session() as db:
        dropped = db.exec(select(Reminder).join(Meeting, col(Meeting.id) == col(Reminder.meeting_id))
                          .where(Meeting.number == 3)).all()
        assert {r.status for r in dropped} == {ReminderStatus.dropped}


def test_recur_off_without_a_rhythm_changes_nothing_and_stays_quiet(table: Harness, slack: FakeSlack) -> None:
    posted = len(posts(slack))

    result = table.command("/meeting", "recur off", user=SECRETARY)

    assert result.text == "*Landelijke Regietafel* has no rhythm; nothing changed."
    assert len(posts(slack)) == posted
    assert planned(table) == [SESSION_1]


@pytest.mark.parametrize("user", [MEMBER, OBSERVER])
@pytest.mark.parametrize("arguments", ["recur monthly first tuesday 10:00", "recur off"])
def test_members_and_observers_cannot_set_the_rhythm(table: Harness, slack: FakeSlack, user: str,
                                                     arguments: str) -> None:
    posted = len(posts(slack))

    result = table.command("/meeting", arguments, user=user)

    assert result.text == ":warning: Only the chair or the secretary may do that."
    assert planned(table) == [SESSION_1]
    assert rhythm(table)[0] == ""
    assert len(posts(slack)) == posted


@pytest.mark.parametrize(("arguments", "error"), [
    ("recur monthly fifth monday 10:00", "`fifth` is not a week of the month; write `first`, `second`, `third`, "
                                         "`fourth` or `last`."),
    ("recur monthly 25:00", "`25:00` is not a time; write `10:00` or `10.00`."),
    ("recur monthly first funday 10:00", "`funday` is not a weekday; write it in full, such as `tuesday` or "
                                         "`dinsdag`."),
    ("recur weekly first tuesday 10:00", "`weekly` is not a rhythm; write `monthly` or `quarterly`, or `off` to "
                                         "stop the rhythm."),
    ("recur monthly first sunday 10:00", "`sunday` falls in the weekend; a rhythm plans working days, Monday to "
                                         "Friday."),
    ("recur monthly first tuesday", "The rhythm lacks a time (10:00); write for example "
                                    "`monthly first tuesday 10:00`."),
    ("recur", "The rhythm lacks how often (`monthly` or `quarterly`); write for example "
              "`monthly first tuesday 10:00`."),
    ("recur monthly first tuesday 10:00 2x", "`2x` is not a duration; write `2h`, `90m` or `1h30`."),
])
def test_a_bad_rule_answers_with_the_usage_and_changes_nothing(table: Harness, slack: FakeSlack, arguments: str,
                                                               error: str) -> None:
    posted, logged = len(posts(slack)), len(audit_actions(table))

    result = table.command("/meeting", arguments, user=SECRETARY)

    assert [r["response_type"] for r in result.responses] == ["ephemeral"]
    assert result.text.startswith(f":warning: {error}\n\n*/meeting*")
    assert RECUR_USAGE in result.text
    assert planned(table) == [SESSION_1]
    assert rhythm(table) == ("", 120, "")
    assert (len(posts(slack)), len(audit_actions(table))) == (posted, logged)


def test_extend_plans_the_months_that_came_within_reach_once(table: Harness) -> None:
    table.command("/meeting", "recur monthly first tuesday 10:00", user=SECRETARY)
    table.clock.advance(timedelta(days=62))  # 1 February 2027
    meetings = table.regiebot.services.meetings

    first = meetings.extend(table.clock.now())
    second = meetings.extend(table.clock.now())

    assert planned(table)[-3:] == [("#12", local(2027, 11, 2, 10, 0)), ("#13", local(2027, 12, 7, 10, 0)),
                                   ("#14", local(2028, 1, 4, 10, 0))]
    assert second == []
    assert [a.channel_id for a in first] == [CHANNEL]
    assert table.regiebot.services.renderer.message(first[0].message) == (
        ":calendar: *Landelijke Regietafel*: the rhythm plans 2 more sessions:\n"
        "• #13 Tuesday 7 December 2027, 10:00\n"
        "• #14 Tuesday 4 January 2028, 10:00")
    with table.regiebot.database.session() as db:
        new = db.exec(select(Meeting).where(Meeting.number == 14)).one()
        count = len(db.exec(select(Reminder).where(Reminder.meeting_id == new.id)).all())
    assert (new.recurring, count) == (True, 4)  # call, close, meeting, and the draft's reminder after it


def test_extend_leaves_sessions_cancelled_or_moved_by_hand_and_tables_without_a_rhythm(table: Harness) -> None:
    table.command("/meeting", "recur monthly first tuesday 10:00", user=SECRETARY)
    table.command("/meeting", "cancel 3", user=SECRETARY)
    table.command("/meeting", "move 12 2027-11-03 10:00", user=SECRETARY)
    before = sessions(table)

    assert table.regiebot.services.meetings.extend(table.clock.now()) == []
    assert sessions(table) == before

    table.command("/meeting", "recur off", user=SECRETARY)
    table.clock.advance(timedelta(days=62))
    assert table.regiebot.services.meetings.extend(table.clock.now()) == []
    assert len(sessions(table)) == len(before)
