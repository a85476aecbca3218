"""Every text the engine writes comes from templates/<language>/objectivity.j2: one macro per pattern.

A plain Environment of our own: StrictUndefined, no autoescape (the output is plain text; the callers escape it
for Slack), and the two filters the patterns need.
"""

from __future__ import annotations

from datetime import date
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
        self._module = _module(self.language)

    def __call__(self, macro: str, **context: Any) -> str:
        return " ".join(str(getattr(self._module, macro)(**context)).split())

    def day(self, value: date, weekday: bool = False) -> str:
        return format_date(value, format="EEEE d MMMM y" if weekday else "d MMMM y", locale=self.language)


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
    environment.filters["day"] = lambda value, weekday=False: format_date(
        value, format="EEEE d MMMM y" if weekday else "d MMMM y", locale=language)
    environment.filters["wordlist"] = lambda values: ", ".join(f"“{v}”" for v in values)
    return environment.get_template(TEMPLATE).module
