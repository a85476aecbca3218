"""Working days: the public holidays of a table's country (the `holidays` package), and the next day that is
neither a weekend day nor one of them. Sessions of a rhythm move off holidays; reminders count working days."""

from __future__ import annotations

from datetime import date, timedelta

import holidays

HOLIDAY_LANGUAGES = {"nl": "nl", "en": "en_US"}


def holiday_calendar(country: str, language: str, *, years: range) -> holidays.HolidayBase:
    """The public holidays of `country`, named in the table's language when the package knows it."""
    calendar = holidays.country_holidays(country, years=years)
    wanted = HOLIDAY_LANGUAGES.get(language, language)
    chosen = wanted if wanted in calendar.supported_languages else calendar.default_language
    return holidays.country_holidays(country, years=years, language=chosen)


def working_day(day: date, calendar: holidays.HolidayBase) -> tuple[date, str]:
    """`day`, or the next day that is neither a weekend day nor a holiday, with the name of what it avoided."""
    name = calendar.get(day) or ""
    while day.weekday() > 4 or day in calendar:
        day += timedelta(days=1)
    return day, name
