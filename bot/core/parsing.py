"""Command text → typed values. Pure functions; anything unusable raises UserError with the reason.

Dates go through dateparser (Dutch and English, day-month order), times and durations through small
strict patterns: a secretariat types `10:00` or `10.00`, `2h` or `1h30`, and anything looser is a typo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache

from dateparser.date import DateDataParser

from bot.core.replies import UserError

TITLE_LIMIT = 150
DESCRIPTION_LIMIT = 3000
ACTION_TEXT_LIMIT = 500
NOTE_LIMIT = 3000
TABLE_NAME_LIMIT = 80
ORGANISATION_LIMIT = 40
PLACE_LIMIT = 500

USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]{2,30})(?:\|([^>]*))?>$")
LEADING_MENTION = re.compile(r"^<@[UW][A-Z0-9]{2,30}(?:\|[^>]*)?>(?=\s|$)")
# `in #channel` counts at the start or the end of the text only: in the middle it is part of a title.
CHANNEL_REFERENCE = re.compile(r"^\s*in\s+<#([CG][A-Z0-9]{2,30})(?:\|[^>]*)?>(?:\s+|\s*$)|"
                               r"\s+in\s+<#([CG][A-Z0-9]{2,30})(?:\|[^>]*)?>\s*$", re.IGNORECASE)
SLACK_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
NUMBER = re.compile(r"^#?(\d{1,6})$")
TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
TIME_TOKEN = re.compile(r"(?<!\S)(\d{1,2}[:.]\d{2})(?!\S)")
DURATION = re.compile(r"^(?:(\d{1,2})[hu])?(?:(\d{1,3})m?)?$")
ORGANISATION = re.compile(r"^[A-Za-z][\w&.\-]{0,39}$")
DUE_WORD = r"\s(?:due|uiterlijk|deadline)\s"
# The last due word starts the date, so "check the due diligence report due friday" keeps its text whole.
DUE_SUFFIX = re.compile(rf"{DUE_WORD}\s*(\S(?:(?!{DUE_WORD}).)*)$", re.IGNORECASE)
PLACE_SUFFIX = re.compile(r"\s(?:at|op|in)\s+(\S.*)$", re.IGNORECASE)
NEXT_WEEKDAY_NL = re.compile(r"^(?:volgende|aanstaande|komende)\s+", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"^\d+[-/.]\d+[-/.]\d+$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
YEAR = re.compile(r"\d{4}")
DAY_MONTH = re.compile(r"^(\d{1,2})\s+([^\W\d_]+\.?)(?:\s+(\d{4}))?$")
MONTH_NUMBERS = {name: number for number, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb"), ("maart", "march", "mrt", "mar"),
    ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("augustus", "august", "aug"), ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|[^>]*)?>")


def split_verb(text: str) -> tuple[str, str]:
    """`"add Housing -- why"` → `("add", "Housing -- why")`; the verb is lower-cased."""
    parts = text.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""


def extract_channel(text: str) -> tuple[str, str | None]:
    """Remove an `in #channel` reference, returning the rest of the text and the channel id."""
    match = CHANNEL_REFERENCE.search(text)
    if match is None:
        return text, None
    return (text[: match.start()] + " " + text[match.end() :]).strip(), match.group(1) or match.group(2)


def unescape_slack(text: str) -> str:
    """Slack sends typed `&`, `<` and `>` as entities; free text is stored as the person typed it."""
    for entity, character in SLACK_ENTITIES:
        text = text.replace(entity, character)
    return text


def require_text(value: str, *, field: str, limit: int) -> str:
    """Free text as typed: Slack's entities decoded; refused when empty or over-long, never cut."""
    value = unescape_slack(value).strip()
    if not value:
        raise UserError("empty_text", field=field)
    if len(value) > limit:
        raise UserError("too_long", field=field, limit=limit, length=len(value))
    return value


def parse_number(text: str) -> int:
    if not text.strip():
        raise UserError("missing_argument", argument="number")
    match = NUMBER.match(text.strip())
    if match is None:
        raise UserError("bad_number", value=text.strip())
    return int(match.group(1))


@dataclass(frozen=True)
class UserRef:
    user_id: str
    name: str


def parse_user(token: str) -> UserRef:
    """A person as Slack escapes it: `<@U123|name>` or `<@U123>`."""
    match = USER_MENTION.match(token.strip())
    if match is None:
        raise UserError("bad_user", value=token.strip())
    return UserRef(match.group(1), (match.group(2) or "").strip())


def split_user(text: str) -> tuple[UserRef, str]:
    """The person the text starts with, and the rest; the mention's name may hold spaces."""
    text = text.strip()
    mention = LEADING_MENTION.match(text)
    if mention is not None:
        return parse_user(mention.group(0)), text[mention.end() :].strip()
    token, *rest = text.split(None, 1) or [""]
    return parse_user(token), rest[0].strip() if rest else ""


def is_user_token(token: str) -> bool:
    return USER_MENTION.match(token.strip()) is not None


def parse_organisation(token: str) -> str:
    token = token.strip()
    if ORGANISATION.match(token) is None:
        raise UserError("bad_organisation", value=token, limit=ORGANISATION_LIMIT)
    return token


def parse_time(text: str) -> time:
    match = TIME.match(text.strip())
    if match is None:
        raise UserError("bad_time", value=text.strip())
    return time(int(match.group(1)), int(match.group(2)))


def parse_duration(text: str) -> int:
    """`2h`, `90m`, `1h30` (Dutch `1u30`) → minutes, between 5 minutes and 24 hours."""
    token = text.strip().lower()
    match = DURATION.match(token)
    if not token or match is None or not any(match.groups()) or token.isdigit():
        raise UserError("bad_duration", value=text.strip())
    minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
    if not 5 <= minutes <= 24 * 60:
        raise UserError("bad_duration", value=text.strip())
    return minutes


def resolve_date(text: str, *, today: datetime) -> date:
    """A date in Dutch or English, relative to `today` (naive, in the table's time zone)."""
    cleaned = NEXT_WEEKDAY_NL.sub("", text.strip())
    if not cleaned or NUMBER.match(cleaned):
        raise UserError("bad_date", value=text.strip())
    if NUMERIC_DATE.match(cleaned):
        return _numeric_date(cleaned)
    if (named := DAY_MONTH.match(cleaned)) and named.group(2).lower().rstrip(".") in MONTH_NUMBERS:
        return _day_month(named, today=today, text=text)
    parsed = _date_parser(today).get_date_data(cleaned)
    # A bare month or year ("december", "2027") names no day; dateparser would pick the 1st.
    if parsed.date_obj is None or parsed.period in ("month", "year"):
        raise UserError("bad_date", value=text.strip())
    day = parsed.date_obj.date()
    # dateparser rolls "15 december" typed on 15 December over to next year; today is still plannable.
    if (day.year, day.month, day.day) == (today.year + 1, today.month, today.day) and not YEAR.search(cleaned):
        return today.date()
    return day


def _day_month(named: re.Match[str], *, today: datetime, text: str) -> date:
    """`15 december`, `1 mei 2027`, `3 Mar`: read directly (dateparser takes a millisecond or two for each, and a
    summary resolves many); without a year, the first such day from today on."""
    day, month = int(named.group(1)), MONTH_NUMBERS[named.group(2).lower().rstrip(".")]
    year = int(named.group(3)) if named.group(3) else today.year
    try:
        found = date(year, month, day)
        if not named.group(3) and found < today.date():
            found = date(year + 1, month, day)
    except ValueError:
        raise UserError("bad_date", value=text.strip()) from None
    return found


@lru_cache(maxsize=32)
def _date_parser(today: datetime) -> DateDataParser:
    """One parser per reference moment: building one costs about a millisecond, and a summary's due dates all
    resolve against its session's date."""
    return DateDataParser(
        languages=["nl", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": today,
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _numeric_date(text: str) -> date:
    """`2026-12-15` or `15-12-2026` strictly: dateparser would turn `2026-13-01` into 13 January."""
    iso, dmy = ISO_DATE.match(text), DMY_DATE.match(text)
    try:
        if iso is not None:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy is not None:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        pass
    raise UserError("bad_date", value=text)


@dataclass(frozen=True)
class Proposal:
    title: str
    description: str = ""


def parse_proposal(text: str) -> Proposal:
    """`<title> [-- <description>]`."""
    title, _, description = text.partition("--")
    return make_proposal(title, description)


def make_proposal(title: str, description: str = "") -> Proposal:
    """A proposal from its fields as typed (the modal's, where `--` is just text)."""
    title = require_text(title, field="title", limit=TITLE_LIMIT)
    description = description.strip()
    if description:
        description = require_text(description, field="description", limit=DESCRIPTION_LIMIT)
    return Proposal(title, description)


@dataclass(frozen=True)
class When:
    """A date still to be resolved in the table's time zone, a time, and optional duration and place."""

    date_text: str
    at: time
    duration_minutes: int | None = None
    place: str = ""


def parse_when(text: str, *, allow_extras: bool = True) -> When:
    """`<date> <time> [<duration>] [at <place or link>]`."""
    text = text.strip()
    if not text:
        raise UserError("missing_argument", argument="date")
    match = TIME_TOKEN.search(text)
    if match is None:
        raise UserError("missing_argument", argument="time")
    date_text = text[: match.start()].strip()
    if not date_text:
        raise UserError("missing_argument", argument="date")
    at = parse_time(match.group(1))
    rest = " " + text[match.end() :].strip()
    place = ""
    place_match = PLACE_SUFFIX.match(rest) or PLACE_SUFFIX.search(rest)
    if place_match is not None:
        # Slack wraps a typed link as `<https://…>`; keep the address so it stays a link when shown.
        place = require_text(SLACK_LINK.sub(r"\1", place_match.group(1)), field="place", limit=PLACE_LIMIT)
        rest = rest[: place_match.start()]
    rest = rest.strip()
    duration = parse_duration(rest) if rest else None
    if not allow_extras and (duration is not None or place):
        raise UserError("unexpected_text", value=(rest + " " + place).strip())
    return When(date_text, at, duration, place)


@dataclass(frozen=True)
class ActionDraft:
    owner_token: str
    text: str
    due_text: str = ""


def parse_action(text: str) -> ActionDraft:
    """`<@user or ORG> <text> [due <date>]`."""
    text = text.strip()
    mention = LEADING_MENTION.match(text)  # a mention's name part may hold spaces: `<@U123|Ivo de Vries>`
    parts = [mention.group(0), text[mention.end() :]] if mention else text.split(None, 1)
    if len(parts) < 2 or not parts[1].strip():
        raise UserError("missing_argument", argument="text" if parts else "owner")
    owner, rest = parts
    due_text = ""
    due_match = DUE_SUFFIX.search(" " + rest)
    if due_match is not None:
        due_text = due_match.group(1).strip()
        rest = (" " + rest)[: due_match.start()]
    return ActionDraft(owner, require_text(rest, field="text", limit=ACTION_TEXT_LIMIT), due_text)


OFFSET = re.compile(r"^(\d{1,4})([mhd])$")
OFFSET_UNITS = {"m": 1, "h": 60, "d": 24 * 60}
REMINDER_OFFSETS = {"call": "call_offset_minutes", "close": "close_offset_minutes",
                    "meeting": "meeting_offset_minutes", "action": "action_offset_minutes"}


def parse_offset(text: str) -> int:
    """`14d`, `3h`, `30m` → minutes; positive and at most a year."""
    match = OFFSET.match(text.strip().lower())
    if match is None or not 0 < int(match.group(1)) * OFFSET_UNITS[match.group(2)] <= 366 * 24 * 60:
        raise UserError("bad_offset", value=text.strip())
    return int(match.group(1)) * OFFSET_UNITS[match.group(2)]


def parse_reminder_offsets(words: list[str]) -> dict[str, int]:
    """`call=14d close=3d meeting=1d action=2d` (any of them) → the table's offset columns in minutes."""
    offsets: dict[str, int] = {}
    for word in words:
        name, _, value = word.partition("=")
        if name.lower() not in REMINDER_OFFSETS or not value:
            raise UserError("bad_reminder_setting", value=word, known=list(REMINDER_OFFSETS))
        offsets[REMINDER_OFFSETS[name.lower()]] = parse_offset(value)
    if not offsets:
        raise UserError("missing_argument", argument="reminders")
    return offsets
