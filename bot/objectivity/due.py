"""Due moments in a clause: "voor 1 mei", "uiterlijk 15 maart", "by Friday", "vrijdag", "volgende week",
"vóór de volgende LRT", resolved against the meeting date (a weekday is the next such day after the meeting)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from bot.core.dates import resolve_date
from bot.core.replies import UserError
from bot.objectivity import lexicon as lx

PREPOSITIONS = r"uiterlijk|vóór|voor|deadline|by|before|no\s+later\s+than|due|op|on|per"
DATE = (rf"\d{{1,2}}\s+(?:{'|'.join(lx.MONTHS)})\.?(?:\s+\d{{4}})?(?!\w)|"
        r"(?<![\d/-])\d{4}-\d{1,2}-\d{1,2}(?![\w/-])|"
        r"(?<![\d/-])\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?(?![\w/-])")
WEEKDAY = rf"(?:(?:a\.?s\.?|aanstaande|komende|this|next)\s+)?(?P<weekday>{'|'.join(lx.WEEKDAYS)})(?!\w)"
RELATIVE = (r"(?P<next_week>(?:de\s+)?volgende\s+week|next\s+week)(?!\w)|"
            r"(?P<end_week>(?:het\s+)?einde?\s+van\s+de\s+week|(?:the\s+)?end\s+of\s+(?:the\s+)?week)(?!\w)|"
            r"(?P<end_month>(?:het\s+)?einde?\s+van\s+de\s+maand|(?:the\s+)?end\s+of\s+(?:the\s+)?month)(?!\w)")


@dataclass(frozen=True)
class Due:
    phrase: str  # the words taken out of the clause, as written
    day: date | None = None
    weekday: bool = False  # the note named a weekday: the sentence names it too
    text: str = ""  # kept in words: the next meeting when its date is unknown


def find_due(text: str, meeting_date: date, next_meeting_date: date | None, table_label: str) -> Due | None:
    """The first due moment in the clause, or None."""
    for match in _due_pattern(table_label).finditer(text):
        if match.group("next_meeting") and not match.group("prep"):
            continue
        resolved = _resolve(match, meeting_date, next_meeting_date)
        if resolved is not None:
            return resolved
    return None


@lru_cache(maxsize=16)
def _due_pattern(table_label: str) -> re.Pattern[str]:
    """A due moment, "de volgende LRT" among them; built once per table."""
    meeting_words = "|".join([*lx.MEETING_WORDS, *(re.escape(w) for w in table_label.split()[-1:])])
    next_meeting = rf"(?P<next_meeting>(?:de\s+|the\s+)?(?:eerst)?(?:volgende|next)\s+(?:{meeting_words}))(?!\w)"
    return re.compile(
        rf"(?:,\s*)?(?<!\w)(?:(?P<prep>{PREPOSITIONS})\s+)?(?P<when>{DATE}|{WEEKDAY}|{RELATIVE}|{next_meeting})",
        re.IGNORECASE)


def _resolve(match: re.Match[str], meeting_date: date, next_meeting: date | None) -> Due | None:
    phrase = match.group(0).lstrip(", ").strip()
    when = match.group("when").strip()
    if match.group("next_meeting"):
        return Due(phrase, next_meeting) if next_meeting else Due(phrase, text=phrase)
    if match.group("weekday"):
        target = lx.WEEKDAYS[match.group("weekday").lower()]
        return Due(phrase, meeting_date + timedelta(days=(target - meeting_date.weekday()) % 7 or 7), weekday=True)
    if match.group("next_week"):
        return Due(phrase, meeting_date + timedelta(days=7))
    if match.group("end_week"):
        return Due(phrase, meeting_date + timedelta(days=(4 - meeting_date.weekday()) % 7))
    if match.group("end_month"):
        last = calendar.monthrange(meeting_date.year, meeting_date.month)[1]
        return Due(phrase, meeting_date.replace(day=last))
    try:
        return Due(phrase, resolve_date(when, today=datetime.combine(meeting_date, datetime.min.time())))
    except UserError:
        return None
