"""bot.core.parsing: command text → typed values. Pure functions, no database, no Slack."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.core.dates import parse_duration, parse_time, resolve_date
from bot.core.parsing import (
    ActionDraft,
    Proposal,
    UserRef,
    When,
    extract_channel,
    parse_action,
    parse_number,
    parse_proposal,
    parse_user,
    parse_when,
    require_text,
    split_user,
    split_verb,
)
from bot.core.replies import UserError

TUESDAY = datetime(2026, 12, 1, 9, 0)  # naive, in the table's time zone, as the services pass it


def refusal(call, *args, **kwargs) -> tuple[str, dict]:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as caught:
        call(*args, **kwargs)
    return caught.value.template, caught.value.context


# split_verb and extract_channel


@pytest.mark.parametrize(("text", "expected"), [
    ("add Housing -- why", ("add", "Housing -- why")),
    ("  LIST  ", ("list", "")),
    ("Schedule 2026-12-15   10:00 2h", ("schedule", "2026-12-15   10:00 2h")),
    ("", ("", "")),
    ("   ", ("", "")),
])
def test_split_verb_lowercases_the_verb_and_keeps_the_rest(text: str, expected: tuple[str, str]) -> None:
    assert split_verb(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("list in <#C0TABLE01|table>", ("list", "C0TABLE01")),
    ("in <#C0TABLE01> schedule 2026-12-15 10:00", ("schedule 2026-12-15 10:00", "C0TABLE01")),
    ("schedule 2026-12-15 10:00 IN <#G0PRIV001|private> ", ("schedule 2026-12-15 10:00", "G0PRIV001")),
    ("schedule 2026-12-15 10:00 in Utrecht", ("schedule 2026-12-15 10:00 in Utrecht", None)),
    ("add Housing in#C0TABLE01", ("add Housing in#C0TABLE01", None)),
    ("add Follow-up in <#C0RANDOM1|random> of it", ("add Follow-up in <#C0RANDOM1|random> of it", None)),
])
def test_extract_channel_takes_out_an_in_channel_reference(text: str, expected: tuple[str, str | None]) -> None:
    assert extract_channel(text) == expected


def test_free_text_is_stored_as_typed_after_slacks_own_escaping() -> None:
    assert require_text("R&amp;D &lt;draft&gt; &amp;lt;", field="title", limit=150) == "R&D <draft> &lt;"


def test_free_text_limit_counts_what_was_typed_not_slacks_entities() -> None:
    assert require_text("&amp;" * 150, field="title", limit=150) == "&" * 150


# numbers and people


@pytest.mark.parametrize(("text", "number"), [("3", 3), ("#3", 3), (" #12 ", 12)])
def test_parse_number_accepts_plain_and_hashed_numbers(text: str, number: int) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["three", "#", "3a", "-3", "# 3", "1234567"])
def test_parse_number_refuses_what_is_not_a_number(text: str) -> None:
    assert refusal(parse_number, text) == ("bad_number", {"value": text})


def test_parse_number_with_nothing_asks_for_the_number() -> None:
    assert refusal(parse_number, "  ") == ("missing_argument", {"argument": "number"})


@pytest.mark.parametrize(("token", "expected"), [
    ("<@U123ABC|vera>", UserRef("U123ABC", "vera")),
    ("<@U123ABC>", UserRef("U123ABC", "")),
    ("<@W0ENTERPRISE|Ivo IPO>", UserRef("W0ENTERPRISE", "Ivo IPO")),
])
def test_parse_user_reads_mentions_as_slack_escapes_them(token: str, expected: UserRef) -> None:
    assert parse_user(token) == expected


@pytest.mark.parametrize("token", ["@vera", "U123ABC", "<#C0TABLE01|table>", "<@u123abc>", "<!channel>", ""])
def test_parse_user_refuses_anything_but_a_mention(token: str) -> None:
    assert refusal(parse_user, token) == ("bad_user", {"value": token})


@pytest.mark.parametrize(("text", "expected"), [
    ("<@U123ABC|Ivo de Vries> IPO chair", (UserRef("U123ABC", "Ivo de Vries"), "IPO chair")),
    ("<@U123ABC>   VNG", (UserRef("U123ABC", ""), "VNG")),
    ("<@U123ABC|vera>\nVNG member", (UserRef("U123ABC", "vera"), "VNG member")),
    ("<@U123ABC|vera>", (UserRef("U123ABC", "vera"), "")),
])
def test_split_user_takes_the_leading_person_even_with_spaces_in_the_name(text: str,
                                                                          expected: tuple[UserRef, str]) -> None:
    assert split_user(text) == expected


@pytest.mark.parametrize(("text", "token"), [
    ("vera VNG", "vera"), ("", ""), ("<@U123ABC|vera>VNG", "<@U123ABC|vera>VNG"),
])
def test_split_user_refuses_text_that_does_not_start_with_a_person(text: str, token: str) -> None:
    assert refusal(split_user, text) == ("bad_user", {"value": token})


# times and durations


@pytest.mark.parametrize(("text", "expected"), [
    ("10:00", time(10, 0)), ("10.00", time(10, 0)), ("9:05", time(9, 5)), ("09:05", time(9, 5)),
    ("0:00", time(0, 0)), ("23:59", time(23, 59)),
])
def test_parse_time_accepts_colon_and_dot(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "24:00", "10:60", "1000", "9:5", "10h", "ten"])
def test_parse_time_refuses_impossible_or_loose_times(text: str) -> None:
    assert refusal(parse_time, text) == ("bad_time", {"value": text})


@pytest.mark.parametrize(("text", "minutes"), [
    ("2h", 120), ("90m", 90), ("1h30", 90), ("1u30", 90), ("1h30m", 90), ("2H", 120), ("5m", 5), ("24h", 1440),
])
def test_parse_duration_gives_minutes(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["2x", "0m", "4m", "25h", "90", "h", "m", "two hours", ""])
def test_parse_duration_refuses_unreadable_or_unreasonable_durations(text: str) -> None:
    assert refusal(parse_duration, text) == ("bad_duration", {"value": text})


# dates


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-15", date(2026, 12, 15)),
    ("15-12-2026", date(2026, 12, 15)),
    ("15/12/2026", date(2026, 12, 15)),
    ("15 december", date(2026, 12, 15)),
    ("15 December", date(2026, 12, 15)),
    ("15 dec", date(2026, 12, 15)),
    ("1 januari", date(2027, 1, 1)),
    ("15 december 2027", date(2027, 12, 15)),
    ("next tuesday", date(2026, 12, 8)),
    ("volgende dinsdag", date(2026, 12, 8)),
    ("next friday", date(2026, 12, 4)),
    ("volgende vrijdag", date(2026, 12, 4)),
    ("tomorrow", date(2026, 12, 2)),
    ("morgen", date(2026, 12, 2)),
])
def test_resolve_date_reads_dutch_and_english_forms(text: str, expected: date) -> None:
    assert resolve_date(text, today=TUESDAY) == expected


def test_a_day_and_month_already_past_this_year_means_next_year() -> None:
    assert resolve_date("15 december", today=datetime(2026, 12, 16, 9, 0)) == date(2027, 12, 15)


def test_a_day_and_month_typed_on_that_day_means_today() -> None:
    assert resolve_date("15 december", today=datetime(2026, 12, 15, 9, 0)) == date(2026, 12, 15)
    assert resolve_date("15 december 2027", today=datetime(2026, 12, 15, 9, 0)) == date(2027, 12, 15)


def test_next_weekday_typed_on_that_weekday_means_a_week_later() -> None:
    assert resolve_date("next tuesday", today=TUESDAY) == date(2026, 12, 8)
    assert resolve_date("volgende dinsdag", today=TUESDAY) == date(2026, 12, 8)


@pytest.mark.parametrize("text", [
    "fifth monday", "someday", "32-12-2026", "31-02-2027", "2026-13-01", "12/15/2026", "december", "2027", "3",
    "#3", "",
])
def test_resolve_date_refuses_garbage_impossible_and_dayless_dates(text: str) -> None:
    assert refusal(resolve_date, text, today=TUESDAY) == ("bad_date", {"value": text})


# parse_when


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-12-15 10:00", When("2026-12-15", time(10, 0))),
    ("15 december 10.00 2h", When("15 december", time(10, 0), 120)),
    ("next tuesday 9:30 1h30 at The Hague", When("next tuesday", time(9, 30), 90, "The Hague")),
    ("volgende dinsdag 10:00 op Ministerie van BZK, Den Haag", When("volgende dinsdag", time(10, 0), None,
                                                                    "Ministerie van BZK, Den Haag")),
    ("15-12-2026 14:00 90m in Utrecht", When("15-12-2026", time(14, 0), 90, "Utrecht")),
    ("2026-12-15 10:00 at <https://meet.example/lrt>", When("2026-12-15", time(10, 0), None,
                                                            "https://meet.example/lrt")),
    ("2026-12-15 10:00 at <https://meet.example/lrt|meet.example/lrt>", When("2026-12-15", time(10, 0), None,
                                                                             "https://meet.example/lrt")),
])
def test_parse_when_splits_date_time_duration_and_place(text: str, expected: When) -> None:
    assert parse_when(text) == expected


@pytest.mark.parametrize(("text", "error"), [
    ("", ("missing_argument", {"argument": "date"})),
    ("10:00", ("missing_argument", {"argument": "date"})),
    ("2026-12-15", ("missing_argument", {"argument": "time"})),
    ("2026-12-15 25:00", ("bad_time", {"value": "25:00"})),
    ("2026-12-15 10:60", ("bad_time", {"value": "10:60"})),
    ("2026-12-15 10:00 2x", ("bad_duration", {"value": "2x"})),
    ("2026-12-15 10:00 2h 3h", ("bad_duration", {"value": "2h 3h"})),
])
def test_parse_when_names_what_is_missing_or_wrong(text: str, error: tuple[str, dict]) -> None:
    assert refusal(parse_when, text) == error


def test_parse_when_without_extras_refuses_a_duration_or_place() -> None:
    assert parse_when("2026-12-17 14:00", allow_extras=False) == When("2026-12-17", time(14, 0))
    assert refusal(parse_when, "2026-12-17 14:00 2h", allow_extras=False) == ("unexpected_text", {"value": "2h"})
    assert refusal(parse_when, "2026-12-17 14:00 at Utrecht", allow_extras=False) == (
        "unexpected_text", {"value": "Utrecht"})


# action points and proposals


@pytest.mark.parametrize(("text", "expected"), [
    ("<@U0VNG0001> Send the figures", ActionDraft("<@U0VNG0001>", "Send the figures")),
    ("VNG Send the figures due 2026-12-20", ActionDraft("VNG", "Send the figures", "2026-12-20")),
    ("IPO Notitie opstellen uiterlijk volgende dinsdag", ActionDraft("IPO", "Notitie opstellen", "volgende dinsdag")),
    ("<@U0VNG0001|vera> Check the due diligence report deadline 15 december",
     ActionDraft("<@U0VNG0001|vera>", "Check the due diligence report", "15 december")),
])
def test_parse_action_splits_owner_text_and_due_date(text: str, expected: ActionDraft) -> None:
    assert parse_action(text) == expected


@pytest.mark.parametrize(("text", "error"), [
    ("", ("missing_argument", {"argument": "owner"})),
    ("VNG", ("missing_argument", {"argument": "text"})),
    ("VNG    ", ("missing_argument", {"argument": "text"})),
])
def test_parse_action_asks_for_owner_and_text(text: str, error: tuple[str, dict]) -> None:
    assert refusal(parse_action, text) == error


def test_parse_action_refuses_text_over_500_characters_without_cutting() -> None:
    assert parse_action("VNG " + "a" * 500) == ActionDraft("VNG", "a" * 500)
    assert refusal(parse_action, "VNG " + "a" * 501) == ("too_long", {"field": "text", "limit": 500, "length": 501})


def test_parse_proposal_splits_title_and_description() -> None:
    assert parse_proposal("Housing of status holders -- regional spread, Q1 figures") == Proposal(
        "Housing of status holders", "regional spread, Q1 figures")
    assert parse_proposal("  Housing  ") == Proposal("Housing")


def test_parse_proposal_accepts_a_title_of_150_and_refuses_151_without_cutting() -> None:
    assert parse_proposal("t" * 150) == Proposal("t" * 150)
    assert refusal(parse_proposal, "t" * 151) == ("too_long", {"field": "title", "limit": 150, "length": 151})


def test_parse_proposal_accepts_a_description_of_3000_and_refuses_3001() -> None:
    assert parse_proposal("Title -- " + "d" * 3000) == Proposal("Title", "d" * 3000)
    assert refusal(parse_proposal, "Title -- " + "d" * 3001) == (
        "too_long", {"field": "description", "limit": 3000, "length": 3001})


@pytest.mark.parametrize("text", ["", "   ", "-- only a description"])
def test_parse_proposal_refuses_an_empty_title(text: str) -> None:
    assert refusal(parse_proposal, text) == ("empty_text", {"field": "title"})
