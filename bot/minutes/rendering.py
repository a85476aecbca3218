"""An objectivised summary as Slack mrkdwn, Markdown and HTML, from templates/<language>/summary/.

The words live in `summary/_labels.j2`; this module only shapes a `SummaryDocument` into the values the
templates (and `bot/minutes/export.py`) read. Slack text is escaped with `escape_slack` before it reaches a template;
HTML is escaped by its own autoescaping environment; Markdown keeps the text as written, because its body is
what the chair approves and what is hashed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from jinja2 import Environment

from bot.minutes.document import SummaryDocument, SummaryStamp
from bot.render import BLANK_RUNS, LANGUAGES, Renderer, escape_context

LABELS = "summary/_labels.j2"


class SummaryRenderer:
    """Renders a summary in its own language; the Markdown body depends on the content only."""

    def __init__(self, renderer: Renderer) -> None:
        self._text: dict[str, Environment] = {}
        self._html: dict[str, Environment] = {}
        for language in LANGUAGES:
            base = renderer.environment(language)
            self._text[language] = _overlay(base, language, autoescape=False)
            self._html[language] = _overlay(base, language, autoescape=True)

    def slack(self, document: SummaryDocument) -> str:
        """The thread text in mrkdwn; no value can ping @channel or forge a mention."""
        return self._render(self._text, "summary.slack.j2", document.language, escape_context(view(document)))

    def markdown(self, document: SummaryDocument) -> str:
        """The body with the draft watermark (if any) above it and the stamp below it."""
        return self._render(self._text, "summary.md.j2", document.language, view(document))

    def body_markdown(self, document: SummaryDocument) -> str:
        """The Markdown without watermark and stamp: the exact text hashed with SHA-256 on approval."""
        return self._render(self._text, "summary.md.j2", document.language, {**view(document), "stamp": None})

    def html(self, document: SummaryDocument) -> str:
        """A complete, standalone HTML document; every value is HTML-escaped."""
        template = self._html[_language(document.language)].get_template("summary/summary.html.j2")
        return template.render(**view(document)).strip() + "\n"

    def label(self, language: str, key: str, *args: Any) -> str:
        """One macro of summary/_labels.j2, unescaped (for Word and file names)."""
        module = self._text[_language(language)].get_template(LABELS).module
        return str(getattr(module, key)(*args)).strip()

    def part_label(self, language: str) -> Callable[[int, int], str]:
        """The notification text of thread message `number` of `total`, for `bot.minutes.posts.thread_messages`."""
        return lambda number, total: self.label(language, "part", number, total)

    def _render(self, environments: dict[str, Environment], name: str, language: str,
                context: dict[str, Any]) -> str:
        text = environments[_language(language)].get_template(f"summary/{name}").render(**context)
        return BLANK_RUNS.sub("\n\n", text).strip()


def view(document: SummaryDocument) -> dict[str, Any]:
    """The document as the templates read it: plain values, the chair first among the present organisations."""
    return {
        **_plain(document),
        "present": _present(document),
        "stamp": stamp_view(document.stamp),
    }


def stamp_view(stamp: SummaryStamp) -> dict[str, Any]:
    return {**_plain(stamp), "draft": stamp.status != "approved"}


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` without its deep copy of every value: the document's values are immutable already, and
    for a long summary the copies took about as long as the templates."""
    if isinstance(value, str):  # most of a summary: its sentences
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return type(value)(_plain(item) for item in value)
    return value


def _present(document: SummaryDocument) -> list[dict[str, Any]]:
    chair = document.chair_organisation
    others = [{"name": name, "chair": False} for name in document.present if name != chair]
    return [{"name": chair, "chair": True}, *others] if chair else others


def _language(language: str) -> str:
    return language if language in LANGUAGES else "en"


def _overlay(base: Environment, language: str, *, autoescape: bool) -> Environment:
    # An overlay shares the Renderer's loader, settings and date filters; its filter table is a copy, so the
    # summary's own filters do not leak into the environment every other message uses.
    environment = base.overlay(autoescape=autoescape)
    environment.filters = {
        **base.filters,
        "long_day": lambda day: _long_day(day, language),
        "cell": _table_cell,
    }
    return environment


def _long_day(day: date, language: str) -> str:
    # babel formats a datetime by its own date; the cache is keyed on that date (aware datetimes that compare
    # equal can fall on different days)
    return _formatted_long_day(day.date() if isinstance(day, datetime) else day, language)


@lru_cache(maxsize=512)
def _formatted_long_day(day: date, language: str) -> str:
    """A summary shows the same few due dates many times."""
    return format_date(day, format="d MMMM y", locale=language)


def _table_cell(value: object) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")
