"""A table's rhythm: the rule as people type it, as an iCalendar RRULE, and the sessions it owes. No database.

Occurrences are wall-clock moments in the table's IANA time zone (dateutil works on naive local datetimes,
zoneinfo attaches the zone afterwards), so 10:00 stays 10:00 across daylight-saving changes. An occurrence
on a public holiday of the table's country moves to the next working day and carries the holiday's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import FR, MO, MONTHLY, TH, TU, WE, rrule, rruleset, rrulestr

from bot.core.dates import parse_time
from bot.core.parsing import TIME_TOKEN, parse_extras
from bot.core.replies import UserError
from bot.core.working_days import holiday_calendar, working_day

T = TypeVar("T")
HORIZON_MONTHS = 12
FREQUENCIES = {"monthly": "monthly", "maandelijks": "monthly",
               "quarterly": "quarterly", "driemaandelijks": "quarterly", "kwartaal": "quarterly"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1,
            "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": -1}
ORDINAL_NAMES = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
            "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6}
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RRULE_WEEKDAYS = (MO, TU, WE, TH, FR)
# the holidays package names a holiday in one of its own locales; these follow the table's language


@dataclass(frozen=True)
class Rule:
    """`monthly first tuesday 10:00 2h at Den Haag`, understood."""

    frequency: str  # monthly | quarterly
    ordinal: int  # 1..4, or -1 for the last
    weekday: int  # 0 = Monday … 4 = Friday
    at: time
    duration_minutes: int | None = None
    place: str = ""

    def view(self, *, duration_minutes: int) -> dict[str, object]:
        """Plain values for the templates: words they can translate."""
        return {"frequency": self.frequency, "ordinal": ORDINAL_NAMES[self.ordinal],
                "weekday": WEEKDAY_NAMES[self.weekday], "time": f"{self.at:%H:%M}",
                "duration_minutes": self.duration_minutes or duration_minutes, "location": self.place}


@dataclass(frozen=True)
class Occurrence:
    """One session the rhythm owes: its start (aware, local), the rule's own day, and the holiday it avoided."""

    starts: datetime
    rule_day: date
    holiday: str = ""


def parse_rule(text: str) -> Rule:
    """`monthly|quarterly <first…fourth|last> <weekday> <time> [<duration>] [at <place or link>]`.

    Weekdays are full English or Dutch names, Monday to Friday: a rhythm plans working days only.
    """
    text = text.strip()
    match = TIME_TOKEN.search(text)
    if match is not None:
        at = parse_time(match.group(1))  # `25:00` is refused as a time before anything else is judged
        words, rest = text[: match.start()].split(), text[match.end() :]
    else:
        words, rest = text.split(), ""
    frequency = _word(words, 0, FREQUENCIES, "bad_frequency", part="frequency")
    ordinal = _word(words, 1, ORDINALS, "bad_ordinal", part="ordinal")
    weekday = _word(words, 2, WEEKDAYS, "bad_weekday", part="weekday")
    if weekday > 4:
        raise UserError("weekend_rhythm", value=words[2])
    if match is None:
        if len(words) < 4:
            raise UserError("rhythm_incomplete", part="time")
        raise UserError("bad_time", value=words[3])
    if len(words) > 3:
        raise UserError("unexpected_text", value=" ".join(words[3:]))
    duration, place = parse_extras(rest)
    return Rule(frequency, ordinal, weekday, at, duration, place)


def _word(words: list[str], position: int, known: Mapping[str, T], error: str, *, part: str) -> T:
    if len(words) <= position:
        raise UserError("rhythm_incomplete", part=part)
    value = known.get(words[position].lower())
    if value is None:
        raise UserError(error, value=words[position])
    return value


def to_rrule(rule: Rule, *, now: datetime, timezone: str) -> str:
    """The rule as RRULE text (no DTSTART), read later in the table's time zone.

    Quarterly is FREQ=MONTHLY with BYMONTH set to four months three apart, starting with the first month
    that has an occurrence after today: the text alone fixes the phase, so no start date needs storing
    and every later extension keeps the same months (INTERVAL=3 would depend on a remembered DTSTART).
    """
    weekday = RRULE_WEEKDAYS[rule.weekday](rule.ordinal)
    months: tuple[int, ...] | None = None
    if rule.frequency == "quarterly":
        first = next(iter(rrule(MONTHLY, byweekday=weekday, byhour=rule.at.hour, byminute=rule.at.minute,
                                bysecond=0, dtstart=_window(now, timezone)[0])))
        months = tuple(sorted((first.month - 1 + 3 * step) % 12 + 1 for step in range(4)))
    built = rrule(MONTHLY, byweekday=weekday, bymonth=months, byhour=rule.at.hour, byminute=rule.at.minute,
                  bysecond=0)
    return str(built).split("RRULE:", 1)[1]


def occurrences(rule_text: str, *, now: datetime, timezone: str, country: str, language: str,
                months: int = HORIZON_MONTHS) -> list[Occurrence]:
    """The sessions the rule owes from tomorrow until `months` from today, holidays avoided.

    Today is left out: a session planned by a rhythm should never spring on people within hours.
    """
    start, end = _window(now, timezone, months)
    zone = ZoneInfo(timezone)
    days = _expand(rrulestr(rule_text, dtstart=start), before=end)
    calendar = holiday_calendar(country, language, years=range(start.year, end.year + 2))
    found = []
    for moment in days:
        day, name = working_day(moment.date(), calendar)
        found.append(Occurrence(datetime.combine(day, moment.time(), tzinfo=zone), moment.date(), name))
    return found


def planning_start(now: datetime, timezone: str) -> datetime:
    """The first moment a rhythm plans for: tomorrow at midnight, local time."""
    return _window(now, timezone)[0].replace(tzinfo=ZoneInfo(timezone))


def _window(now: datetime, timezone: str, months: int = HORIZON_MONTHS) -> tuple[datetime, datetime]:
    """Naive local midnights: tomorrow, and the day `months` after today."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return (datetime.combine(today + timedelta(days=1), time(0)),
            datetime.combine(today + relativedelta(months=months), time(0)))


def _expand(rule: rrule | rruleset, *, before: datetime) -> list[datetime]:
    found: list[datetime] = []
    for moment in rule:
        if moment >= before:
            break
        found.append(moment)
    return found


