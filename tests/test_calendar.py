"""/meeting calendar end to end: the .ics file uploaded through files v2, the subscribable feed, and revoking it.

Every calendar is read back with icalendar, as Outlook and Google Calendar would read it: an event is updated in
place when its UID stays the same and its SEQUENCE rises.
"""

from __future__ import annotations

import json
import re
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import col, select

from bot.storage.models import AuditEntry
from bot.testing.slack_double import FakeSlack, UploadedFile
from tests.harness import (
    ADMIN,
    CHAIR,
    CHANNEL,
    MEMBER,
    OBSERVER,
    OTHER_CHANNEL,
    OUTSIDER,
    SECRETARY,
    Harness,
    Result,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FEED = re.compile(r"(http://localhost:3000/calendar/([A-Za-z0-9_-]+)\.ics)")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM)  # type: ignore[misc]


def share(bot: Harness, *, user: str = MEMBER, channel: str = CHANNEL) -> tuple[Result, UploadedFile, Calendar]:
    """Ask for the calendar; the answer, the file that reached the channel, and that file parsed."""
    before = len(bot.slack.uploads())
    result = bot.command("/meeting", "calendar", user=user, channel=channel)
    uploads = bot.slack.uploads()
    assert len(uploads) == before + 1, result.text
    return result, uploads[-1], Calendar.from_ical(uploads[-1].content)


def feed_path(result: Result) -> str:
    """The feed address in an answer, as a path on the bot under test (PUBLIC_URL is the default)."""
    found = FEED.search(result.text)
    assert found, result.text
    return f"/calendar/{found.group(2)}.ics"


def events(calendar: Calendar) -> dict[str, dict]:
    """The sessions by SUMMARY number: uid, local start and end, sequence, status, location."""
    found = {}
    for event in calendar.walk("VEVENT"):
        found[str(event["summary"])] = {
            "uid": str(event["uid"]), "start": event.decoded("dtstart"), "end": event.decoded("dtend"),
            "tzid": event["dtstart"].params.get("TZID"), "sequence": int(event["sequence"]),
            "status": str(event["status"]), "location": str(event.get("location", "")),
        }
    return found


def audit(bot: Harness) -> list[tuple[str, str]]:
    with bot.regiebot.database.session() as db:
        return [(row.actor_id, row.action) for row in db.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
                if row.action.startswith("calendar.")]


# the file


def test_a_member_gets_the_sessions_as_an_ics_file_in_the_channel(table: Harness, slack: FakeSlack) -> None:
    table.command("/meeting", "schedule 2027-04-06 10:00 90m", user=SECRETARY)  # after the switch to summer time

    result, upload, calendar = share(table)

    assert (upload.channel_id, upload.filename, upload.title) == (CHANNEL, "landelijke-regietafel.ics",
                                                                   "Landelijke Regietafel: sessions")
    assert upload.initial_comment.startswith(":calendar: The sessions of *Landelijke Regietafel* as a calendar file")
    assert str(calendar["x-wr-calname"]) == "Landelijke Regietafel"
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert events(calendar) == {
        "Landelijke Regietafel — session #1": {
            "uid": f"session-1-{CHANNEL}-T0000001@regiebot", "start": local(2026, 12, 15, 10, 0),
            "end": local(2026, 12, 15, 12, 0), "tzid": "Europe/Amsterdam", "sequence": 0, "status": "CONFIRMED",
            "location": "The Hague"},
        "Landelijke Regietafel — session #2": {
            "uid": f"session-2-{CHANNEL}-T0000001@regiebot", "start": local(2027, 4, 6, 10, 0),
            "end": local(2027, 4, 6, 11, 30), "tzid": "Europe/Amsterdam", "sequence": 0, "status": "CONFIRMED",
            "location": ""},
    }
    assert "DTSTART;TZID=Europe/Amsterdam:20270406T100000" in upload.content.decode()
    assert result.responses[0]["response_type"] == "ephemeral"
    assert result.text.startswith(f":calendar: The sessions of *Landelijke Regietafel* are in <#{CHANNEL}> as an "
                                  ".ics file.")


def test_uids_stay_the_same_from_call_to_call(table: Harness) -> None:
    first = events(share(table)[2])
    second = events(share(table, user=OBSERVER)[2])

    assert {name: event["uid"] for name, event in first.items()} == \
        {name: event["uid"] for name, event in second.items()}


def test_a_move_comes_back_as_the_same_event_with_a_higher_sequence_and_the_new_time(table: Harness) -> None:
    before = events(share(table)[2])["Landelijke Regietafel — session #1"]

    table.command("/meeting", "move 1 2026-12-17 14:30", user=CHAIR)
    after = events(share(table)[2])["Landelijke Regietafel — session #1"]

    assert after["uid"] == before["uid"]
    assert after["sequence"] > before["sequence"]
    assert (after["start"], after["end"], after["status"]) == (local(2026, 12, 17, 14, 30),
                                                               local(2026, 12, 17, 16, 30), "CONFIRMED")


def test_a_cancel_comes_back_as_the_same_event_cancelled_with_a_higher_sequence(table: Harness) -> None:
    table.command("/meeting", "move 1 2026-12-17 14:30", user=SECRETARY)
    moved = events(share(table)[2])["Landelijke Regietafel — session #1"]

    table.command("/meeting", "cancel 1", user=SECRETARY)
    cancelled = events(share(table)[2])["Landelijke Regietafel — session #1"]

    assert cancelled["uid"] == moved["uid"]
    assert cancelled["sequence"] > moved["sequence"]
    assert (cancelled["status"], cancelled["start"]) == ("CANCELLED", local(2026, 12, 17, 14, 30))


def test_a_dutch_table_gets_dutch_words_in_its_calendar(table: Harness) -> None:
    table.command("/regie", "setup Regionale Regietafel Oost nl", user=ADMIN, channel=OTHER_CHANNEL)
    table.command("/regie", f"member add <@{SECRETARY}> BZK secretary", user=ADMIN, channel=OTHER_CHANNEL)
    table.command("/meeting", "schedule 2027-01-12 13:00", user=SECRETARY, channel=OTHER_CHANNEL)

    result, upload, calendar = share(table, user=SECRETARY, channel=OTHER_CHANNEL)

    assert list(events(calendar)) == ["Regionale Regietafel Oost — vergadering #1"]
    assert upload.title == "Regionale Regietafel Oost: vergaderingen"
    assert upload.initial_comment.startswith(":calendar: De vergaderingen van *Regionale Regietafel Oost*")
    assert "Abonneer je op dit adres" in result.text


def test_the_address_still_comes_when_the_file_cannot_be_placed(table: Harness, slack: FakeSlack) -> None:
    slack.fail("upload", status=403)

    result = table.command("/meeting", "calendar", user=MEMBER)

    assert slack.uploads() == []
    assert result.text.startswith(f":warning: I could not put the .ics file in <#{CHANNEL}>")
    assert table.get(feed_path(result))[0] == 200


# the feed


def test_the_feed_address_serves_the_same_calendar(table: Harness) -> None:
    result, _, shared = share(table)
    path = feed_path(result)

    with urllib.request.urlopen(table.url + path, timeout=10) as response:
        content_type, body = response.headers["Content-Type"], response.read()

    assert content_type == "text/calendar; charset=utf-8"
    assert events(Calendar.from_ical(body)) == events(shared)
    assert [str(zone["tzid"]) for zone in Calendar.from_ical(body).walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_the_feed_follows_moves_and_cancels_without_asking_again(table: Harness) -> None:
    path = feed_path(share(table)[0])
    table.command("/meeting", "schedule 2027-01-12 13:00", user=SECRETARY)
    table.command("/meeting", "move 1 2026-12-16 09:00", user=SECRETARY)
    table.command("/meeting", "cancel 2", user=CHAIR)

    status, body = table.get(path)

    assert status == 200
    found = events(Calendar.from_ical(body))
    assert (found["Landelijke Regietafel — session #1"]["start"],
            found["Landelijke Regietafel — session #1"]["sequence"]) == (local(2026, 12, 16, 9, 0), 1)
    assert (found["Landelijke Regietafel — session #2"]["status"],
            found["Landelijke Regietafel — session #2"]["sequence"]) == ("CANCELLED", 1)


def test_the_feed_address_is_made_once_and_kept(table: Harness) -> None:
    first = feed_path(share(table)[0])
    again = feed_path(share(table, user=CHAIR)[0])

    assert first == again
    assert audit(table) == [(MEMBER, "calendar.feed")]


@pytest.mark.parametrize("path", [
    "/calendar/" + "x" * 43 + ".ics",
    "/calendar/.ics",
    "/calendar/abc.ics",
    "/calendar/" + "x" * 43,
    "/calendar/../healthz.ics",
    "/calendar/",
])
def test_a_wrong_token_gets_404_and_reveals_nothing(table: Harness, path: str) -> None:
    share(table)

    status, body = table.get(path)

    assert status == 404
    assert "Regietafel" not in body and "VCALENDAR" not in body
    assert body == table.get("/nowhere")[1]


def test_no_feed_exists_before_someone_asks_for_one(table: Harness) -> None:
    # a table that never shared its calendar has an empty token: the empty token must not find it
    assert table.get("/calendar/.ics")[0] == 404
    assert table.get("/calendar/" + "A" * 43 + ".ics")[0] == 404
    assert audit(table) == []


def test_the_feed_of_one_table_never_shows_another_tables_sessions(table: Harness) -> None:
    table.command("/regie", "setup Regionale Regietafel Oost en", user=ADMIN, channel=OTHER_CHANNEL)
    table.command("/regie", f"member add <@{SECRETARY}> BZK secretary", user=ADMIN, channel=OTHER_CHANNEL)
    table.command("/meeting", "schedule 2027-01-12 13:00", user=SECRETARY, channel=OTHER_CHANNEL)

    here = feed_path(share(table)[0])
    there = feed_path(share(table, user=SECRETARY, channel=OTHER_CHANNEL)[0])

    assert here != there
    assert list(events(Calendar.from_ical(table.get(here)[1]))) == ["Landelijke Regietafel — session #1"]
    assert list(events(Calendar.from_ical(table.get(there)[1]))) == ["Regionale Regietafel Oost — session #1"]


# revoke


@pytest.mark.parametrize("user", [SECRETARY, CHAIR])
def test_revoke_makes_the_old_address_404_and_the_new_one_work(table: Harness, slack: FakeSlack, user: str) -> None:
    old = feed_path(share(table)[0])

    result = table.command("/meeting", "calendar revoke", user=user)

    new = feed_path(result)
    assert new != old
    assert table.get(old)[0] == 404
    assert table.get(new)[0] == 200
    assert result.text.startswith(":white_check_mark: The old calendar address of *Landelijke Regietafel* no longer "
                                  "works")
    assert feed_path(share(table)[0]) == new
    channel, text = [(call["channel"], call["text"]) for call in slack.sent("chat.postMessage")][-1]
    assert channel == CHANNEL and "the calendar feed address has been replaced" in text
    assert "/calendar/" not in text  # the channel hears it changed, not the new secret
    assert audit(table) == [(MEMBER, "calendar.feed"), (user, "calendar.revoke")]


@pytest.mark.parametrize("user", [MEMBER, OBSERVER])
def test_members_and_observers_cannot_revoke(table: Harness, user: str) -> None:
    path = feed_path(share(table)[0])

    result = table.command("/meeting", "calendar revoke", user=user)

    assert result.text == ":warning: Only the chair or the secretary may do that."
    assert table.get(path)[0] == 200
    assert audit(table) == [(MEMBER, "calendar.feed")]


# who may ask, and bad input


@pytest.mark.parametrize("arguments", ["calendar", "calendar revoke"])
def test_an_outsider_is_refused_and_gets_no_file(table: Harness, slack: FakeSlack, arguments: str) -> None:
    result = table.command("/meeting", arguments, user=OUTSIDER)

    assert result.text == ":warning: You are not a member of *Landelijke Regietafel*. Ask its secretary to add you."
    assert slack.uploads() == [] and slack.sent("files.getUploadURLExternal") == []
    assert audit(table) == []


def test_text_after_calendar_is_refused_with_the_usage(table: Harness, slack: FakeSlack) -> None:
    result = table.command("/meeting", "calendar please", user=MEMBER)

    assert result.text.startswith(":warning: I did not expect `please` here.")
    assert "`/meeting calendar` · `/meeting calendar revoke`" in result.text
    assert slack.uploads() == []


def test_a_retried_delivery_uploads_no_second_file(table: Harness, slack: FakeSlack) -> None:
    table.command("/meeting", "calendar", user=MEMBER, trigger_id="trigger-same")
    table.command("/meeting", "calendar", user=MEMBER, trigger_id="trigger-same",
                  extra_headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})

    assert len(slack.uploads()) == 1


def test_the_upload_speaks_files_v2(table: Harness, slack: FakeSlack) -> None:
    share(table)

    asked = slack.sent("files.getUploadURLExternal")[-1]
    completed = slack.sent("files.completeUploadExternal")[-1]
    assert (asked["filename"], int(asked["length"])) == ("landelijke-regietafel.ics", len(slack.uploads()[-1].content))
    assert completed["channel_id"] == CHANNEL
    assert [entry["id"] for entry in json.loads(completed["files"])] == [slack.uploads()[-1].file_id]
    assert slack.sent("files.upload") == []  # the retired method
