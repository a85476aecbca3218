"""Every text the engine writes comes from templates/<language>/objectivity.j2: one macro per pattern.

A plain Environment of our own: StrictUndefined, no autoescape (the output is plain text; the callers escape it
for Slack), and the two filters the patterns need.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.render import templates_root

TEMPLATE = "objectivity.j2"


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


class Phrases:
    """`phrases("topic", x="…")` → the sentence of macro `topic` in this language, stripped."""

    def __init__(self, language: str) -> None:
        self.language = language if language in ("nl", "en") else "en"

    def __call__(self, macro: str, **context: Any) -> str:
        return _phrase(self.language, macro, tuple(context.items()))

    def day(self, value: date, weekday: bool = False) -> str:
        return _day(value, weekday, self.language)


def _day(value: date, weekday: bool, language: str) -> str:
    # babel formats a datetime by its own date; the cache is keyed on that date (aware datetimes that compare
    # equal can fall on different days)
    return _formatted_day(value.date() if isinstance(value, datetime) else value, weekday, language)


@lru_cache(maxsize=256)
def _phrase(language: str, macro: str, context: tuple[tuple[str, Any], ...]) -> str:
    """A macro's text depends on its arguments alone: the labels, markers and suggestions asked for again and
    again in a draft are rendered once."""
    return " ".join(str(getattr(_module(language), macro)(**dict(context))).split())


@lru_cache(maxsize=256)
def _formatted_day(value: date, weekday: bool, language: str) -> str:
    return format_date(value, format="EEEE d MMMM y" if weekday else "d MMMM y", locale=language)


@lru_cache(maxsize=2)
def _module(language: str) -> Any:
    environment = Environment(
        loader=FileSystemLoader(templates_root() / language),
        undefined=StrictUndefined,
        autoescape=False,  # plain text: the minutes service escapes for Slack, the exports for their format
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["capfirst"] = capfirst
    environment.filters["day"] = lambda value, weekday=False: _day(value, weekday, language)
    environment.filters["wordlist"] = lambda values: ", ".join(f"“{v}”" for v in values)
    return environment.get_template(TEMPLATE).module
