"""Reminders: planned with their cause, sent once when due (also after a restart or with two processes),
moved and dropped with their session, and never lost to Slack's errors."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.app import build
from bot.core.clock import ManualMonotonic
from bot.reminders.delivery import SENDERS
from bot.storage.models import Meeting, MeetingStatus, Reminder, ReminderKind, ReminderStatus
from tests.conftest import make_settings
from tests.harness import CHANNEL, MEMBER, MEMBER_IPO, SECRETARY, Harness

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def rows(bot: Harness) -> list[tuple[str, str, str, datetime]]:
    with bot.regiebot.database.session() as db:
        return [(r.kind, r.target, r.status, r.due_at.astimezone(AMSTERDAM))
                for r in db.exec(select(Reminder).order_by(Reminder.due_at, Reminder.id)).all()]


def pending(bot: Harness) -> list[tuple[str, str, datetime]]:
    return [(kind, target, due) for kind, target, status, due in rows(bot) if status == "pending"]


def channel_posts(bot: Harness) -> list[str]:
    return [call["text"] for call in bot.slack.sent("chat.postMessage") if call["channel"] == CHANNEL]


def deliver_at(bot: Harness, moment: str) -> int:
    bot.clock.set(at(moment))
    return bot.regiebot.reminders.deliver_due()


def test_a_planned_session_owes_a_call_a_close_and_a_meeting_reminder(table: Harness) -> None:
    assert pending(table) == [
        ("call", CHANNEL, at("2026-12-01T10:00")),
        ("overdue_digest", SECRETARY, at("2026-12-07T09:00")),
        ("close", CHANNEL, at("2026-12-12T10:00")),
        ("meeting", CHANNEL, at("2026-12-14T10:00")),
        ("draft_missing", SECRETARY, at("2026-12-18T09:00")),  # three working days after, if no draft by then
    ]


def test_the_call_for_items_arrives_once_with_a_button_that_opens_the_agenda_form(table: Harness) -> None:
    announced = len(channel_posts(table))
    assert deliver_at(table, "2026-12-01T09:59") == 0
    assert deliver_at(table, "2026-12-01T10:00") == 1
    assert deliver_at(table, "2026-12-01T10:05") == 0

    call = table.slack.sent("chat.postMessage")[-1]
    assert len(channel_posts(table)) == announced + 1
    assert "session #1, Tuesday 15 December 2026, 10:00 at The Hague is coming up" in call["text"]
    button = call["blocks"][-1]["elements"][0]
    assert (button["action_id"], button["value"]) == ("agenda_open_modal", CHANNEL)

    payload = {"type": "block_actions", "user": {"id": MEMBER, "team_id": "T0000001"}, "team": {"id": "T0000001"},
               "trigger_id": "trigger-button", "channel": {"id": CHANNEL}, "container": {"type": "message"},
               "actions": [{"action_id": "agenda_open_modal", "block_id": "b", "value": CHANNEL, "type": "button"}]}
    status, _ = table.post_interaction(payload)
    assert status == 200
    assert table.slack.sent("views.open")[-1]["view"]["callback_id"] == "agenda_propose"


def test_the_agenda_closes_by_itself_and_is_posted_once(table: Harness) -> None:
    table.command("/agenda", "add Housing", user=MEMBER)
    deliver_at(table, "2026-12-12T10:00")

    posts = channel_posts(table)
    assert sum("Final agenda" in post and "Housing" in post for post in posts) == 1
    with table.regiebot.database.session() as db:
        assert db.exec(select(Meeting.status)).one() == MeetingStatus.agenda_closed
    assert "No session has an open agenda" in table.command("/agenda", "add Late item", user=MEMBER).text


def test_a_reminder_survives_a_restart_and_is_not_doubled(table: Harness, slack, database, database_url,
                                                          clock) -> None:
    table.clock.set(at("2026-12-14T10:00"))  # call, close and meeting reminders are all due: the bot was down
    restarted = build(make_settings(slack, database_url), clock=clock, database=database)
    assert restarted.reminders.deliver_due() == 3
    assert table.regiebot.reminders.deliver_due() == 0  # the first process, still alive, finds nothing left

    texts = channel_posts(table)
    assert [("coming up" in t, "Final agenda" in t, "reminder of" in t) for t in texts[-3:]] == [
        (True, False, False), (False, True, False), (False, False, True)]


def test_two_processes_deliver_each_reminder_exactly_once(table: Harness, slack, database, database_url,
                                                          clock) -> None:
    for day in range(16, 24):
        table.command("/meeting", f"schedule 2027-01-{day:02d} 10:00", user=SECRETARY)
    table.clock.set(at("2027-01-15T12:00"))  # every new session's close and meeting reminders are due
    second = build(make_settings(slack, database_url), clock=clock, database=database)
    before = len(table.slack.sent("chat.postMessage"))

    counts: list[int] = []
    workers = [threading.Thread(target=lambda r=r: counts.append(r.deliver_due()))
               for r in (table.regiebot.reminders, second.reminders)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    sent = [row for row in rows(table) if row[2] == "sent"]
    posted = table.slack.sent("chat.postMessage")[before:]
    # 8 calls, 3 closes, 1 meeting reminder, and to the secretary: session #1 of 15 December has no draft
    assert sum(counts) == len(sent) == len(posted) == 13
    assert len({post["text"] for post in posted}) == len(posted)
    assert [row for row in pending(table) if row[2] <= at("2027-01-15T12:00")] == []


def test_reminders_of_a_session_whose_moment_passed_are_dropped_once_it_has_begun(table: Harness) -> None:
    assert deliver_at(table, "2026-12-15T10:30") == 0
    assert [status for kind, _, status, _ in rows(table) if kind in ("call", "close", "meeting")] == ["dropped"] * 3


def test_moving_a_session_moves_its_reminders(table: Harness) -> None:
    table.command("/meeting", "move 1 2027-01-12 14:00", user=SECRETARY)
    assert [row for row in pending(table) if row[0] != "overdue_digest"] == [
        ("call", CHANNEL, at("2026-12-29T14:00")),
        ("close", CHANNEL, at("2027-01-09T14:00")),
        ("meeting", CHANNEL, at("2027-01-11T14:00")),
        ("draft_missing", SECRETARY, at("2027-01-15T09:00")),
    ]
    assert deliver_at(table, "2026-12-14T10:00") == 0

    table.command("/meeting", "move 1 2026-12-15 10:00", user=SECRETARY)  # and back: the old rows revive
    assert sorted(row[0] for row in pending(table) if row[0] != "overdue_digest") == ["close", "draft_missing",
                                                                                       "meeting"]


def test_cancelling_a_session_drops_its_reminders(table: Harness) -> None:
    table.command("/meeting", "cancel 1", user=SECRETARY)
    assert [row for row in pending(table) if row[0] != "overdue_digest"] == []
    assert deliver_at(table, "2026-12-14T10:00") == 0


def test_action_owner_gets_a_message_before_and_on_the_due_date(table: Harness) -> None:
    table.command("/action", f"add <@{MEMBER}> send the figures due 2026-12-10", user=SECRETARY)
    table.command("/action", "add IPO check the numbers due 2026-12-10", user=SECRETARY)
    assert [row for row in pending(table) if row[0].startswith("action")] == [
        ("action_before", MEMBER, at("2026-12-08T09:00")),
        ("action_before", MEMBER_IPO, at("2026-12-08T09:00")),
        ("action_due", MEMBER, at("2026-12-10T09:00")),
        ("action_due", MEMBER_IPO, at("2026-12-10T09:00")),
    ]
    deliver_at(table, "2026-12-08T09:00")
    direct = [call for call in table.slack.sent("chat.postMessage") if call["channel"] == MEMBER]
    assert len(direct) == 1
    assert "your action point is due Thursday 10 December 2026" in direct[0]["text"]
    assert "send the figures" in direct[0]["text"]

    table.command("/action", "done 1", user=MEMBER)
    deliver_at(table, "2026-12-10T09:00")
    assert len([call for call in table.slack.sent("chat.postMessage") if call["channel"] == MEMBER]) == 1
    assert len([call for call in table.slack.sent("chat.postMessage") if call["channel"] == MEMBER_IPO]) == 2


def test_new_offsets_and_reminder_time_replan_what_is_owed(table: Harness) -> None:
    table.command("/action", f"add <@{MEMBER}> send the figures due 2026-12-10", user=SECRETARY)
    result = table.command("/regie", "settings reminders call=1d close=2h meeting=30m action=1d reminder-time 08:30",
                           user=SECRETARY)
    assert "call=1d close=2h meeting=30m action=1d" in result.text
    assert pending(table) == [
        ("overdue_digest", SECRETARY, at("2026-12-07T08:30")),
        ("action_before", MEMBER, at("2026-12-09T08:30")),
        ("action_due", MEMBER, at("2026-12-10T08:30")),
        ("call", CHANNEL, at("2026-12-14T10:00")),
        ("close", CHANNEL, at("2026-12-15T08:00")),
        ("meeting", CHANNEL, at("2026-12-15T09:30")),
        ("draft_missing", SECRETARY, at("2026-12-18T08:30")),
    ]


def test_the_weekly_digest_lists_overdue_action_points_and_plans_the_next(table: Harness) -> None:
    table.command("/action", f"add <@{MEMBER}> send the figures due 2026-12-03", user=SECRETARY)
    deliver_at(table, "2026-12-07T09:00")
    digest = [call for call in table.slack.sent("chat.postMessage") if call["channel"] == SECRETARY]
    assert len(digest) == 1
    assert "1 action point is overdue" in digest[0]["text"] and "send the figures" in digest[0]["text"]
    assert ("overdue_digest", SECRETARY, at("2026-12-14T09:00")) in pending(table)


def test_slack_errors_and_rate_limits_delay_a_reminder_but_never_lose_or_double_it(table: Harness, slack, database,
                                                                                 database_url, clock) -> None:
    pace = ManualMonotonic()  # the delivery lanes' clock, moved by hand
    paced = build(make_settings(slack, database_url), clock=clock, database=database, pace=pace)
    table.slack.fail("chat.postMessage", status=429, retry_after=1)
    table.clock.set(at("2026-12-01T10:00"))
    before, delivered = len(channel_posts(table)), []
    run = threading.Thread(target=lambda: delivered.append(paced.reminders.deliver_due()))
    run.start()
    assert pace.parked(SENDERS)  # refused with Retry-After: the lane holds the channel, every sender waits
    pace.advance(0.5)
    assert pace.parked(SENDERS) and len(channel_posts(table)) == before
    pace.advance(0.5)  # the second Slack asked for has passed: the reminder goes, once
    run.join(10)
    assert delivered == [1] and len(channel_posts(table)) == before + 1

    table.slack.fail("chat.postMessage", status=500, times=4)  # each attempt: one call and one quick retry
    assert deliver_at(table, "2026-12-12T10:00") == 0  # refused: tried again after a pause of 2 minutes
    assert deliver_at(table, "2026-12-12T10:01") == 0  # still within that pause
    assert deliver_at(table, "2026-12-12T10:03") == 0  # refused again: the next pause is 4 minutes
    assert deliver_at(table, "2026-12-12T10:10") == 1
    posts = channel_posts(table)
    assert sum("coming up" in post for post in posts) == 1
    assert sum("Final agenda" in post for post in posts) == 1


def test_a_reminder_that_keeps_failing_is_marked_failed_and_shown_to_the_secretary(table: Harness) -> None:
    table.slack.fail("chat.postMessage", status=500, times=10)  # five attempts, each retried once by the client
    moment = at("2026-12-01T10:00")
    for _ in range(5):
        table.clock.set(moment)
        table.regiebot.reminders.deliver_due()
        moment += timedelta(hours=1)
    with table.regiebot.database.session() as db:
        call = db.exec(select(Reminder).where(Reminder.kind == ReminderKind.call)).one()
    assert (call.status, call.attempts) == (ReminderStatus.failed, 5)
    assert "HTTP 500" in call.last_error or "internal_error" in call.last_error
    told = [c["text"] for c in table.slack.sent("chat.postMessage") if c["channel"] == SECRETARY]
    assert len(told) == 1 and "could not be delivered" in told[0]


def test_the_scheduler_job_extends_rhythms_and_tells_the_channel_once(table: Harness) -> None:
    table.command("/meeting", "recur monthly first tuesday 10:00", user=SECRETARY)
    table.clock.advance(timedelta(days=62))
    before = len(channel_posts(table))
    table.regiebot.extend_rhythms()
    table.regiebot.extend_rhythms()
    added = channel_posts(table)[before:]
    assert len(added) == 1 and "the rhythm plans 2 more sessions" in added[0]
