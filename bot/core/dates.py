"""When people say things happen: dates, times, durations and reminder offsets as typed → typed values.

Dates go through dateparser (Dutch and English, day-month order), times and durations through small
strict patterns: a secretariat types `10:00` or `10.00`, `2h` or `1h30`, and anything looser is a typo.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache

from dateparser.date import DateDataParser

from bot.core.replies import UserError

NUMBER_ONLY = re.compile(r"^#?\d{1,6}$")  # `3` or `#3` names a number (a session, an item), never a day

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


DURATION = re.compile(r"^(?:(\d{1,2})[hu])?(?:(\d{1,3})m?)?$")


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
    if not cleaned or NUMBER_ONLY.match(cleaned):
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
