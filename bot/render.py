"""Every text a person reads, rendered from templates/<language>/ with Jinja2.

User text is escaped for Slack (`&`, `<`, `>`) in exactly one place, `escape_context`, before it reaches a
template, so nothing typed can ping `@channel` or forge a mention; templates write mentions themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime, format_time
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from bot.core.commands import COMMANDS, help_topic
from bot.core.replies import Message

LANGUAGES = ("nl", "en")
MESSAGE_LIMIT = 39_000  # Slack truncates `text` at 40,000 characters; keep a margin for the split marker
BLANK_RUNS = re.compile(r"\n{3,}")


def templates_root() -> Path:
    """bot/templates in an installed wheel; templates/ at the top of a checkout (also an editable install)."""
    packaged = Path(__file__).resolve().parent / "templates"
    return packaged if packaged.is_dir() else packaged.parent.parent / "templates"


def escape_slack(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_context(value: Any) -> Any:
    if isinstance(value, Markup):  # rendered and escaped already (a summary's text)
        return value
    if isinstance(value, str):
        return escape_slack(value)
    if isinstance(value, dict):
        return {key: escape_context(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [escape_context(item) for item in value]
    return value


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split on line boundaries into pieces Slack will not truncate; nothing is cut off, order is kept."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current or not pieces:
        pieces.append(current)
    return [piece.rstrip("\n") for piece in pieces]


def _duration(minutes: int, language: str) -> str:
    hours, rest = divmod(minutes, 60)
    unit = "u" if language == "nl" else "h"
    if not hours:
        return f"{rest}m"
    return f"{hours}{unit}{rest:02d}" if rest else f"{hours}{unit}"


def _offset(minutes: int) -> str:
    """Minutes as the largest whole unit people type: `14d`, `36h`, `90m`."""
    for unit, size in (("d", 24 * 60), ("h", 60)):
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    return f"{minutes}m"


@dataclass(frozen=True)
class Renderer:
    root: Path
    _environments: dict[str, Environment] = field(init=False, repr=False, compare=False)

    @classmethod
    def default(cls) -> Renderer:
        return cls(templates_root())

    def __post_init__(self) -> None:
        environments: dict[str, Environment] = {}
        for language in LANGUAGES:
            environment = Environment(
                loader=FileSystemLoader(self.root / language),
                undefined=StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=False,
                autoescape=False,  # Slack mrkdwn, not HTML: escape_context does Slack's own escaping
            )
            environment.filters.update(self._filters(language))
            environments[language] = environment
        object.__setattr__(self, "_environments", environments)

    @staticmethod
    def _filters(language: str) -> dict[str, Any]:
        return {
            "day": lambda d: format_date(d, format="EEEE d MMMM y", locale=language),
            "short_day": lambda d: format_date(d, format="d MMM y", locale=language),
            "clock": lambda d: format_time(d, format="HH:mm", locale=language),
            "moment": lambda d: format_datetime(d, format="EEEE d MMMM y, HH:mm", locale=language),
            "duration": lambda minutes: _duration(minutes, language),
            "offset": _offset,
        }

    def environment(self, language: str) -> Environment:
        return self._environments[language if language in LANGUAGES else "en"]

    def message(self, message: Message, source: str = "messages.j2") -> str:
        """Render one message macro (from messages.j2, or reminders.j2) with its (escaped) context."""
        module = self.environment(message.language).get_template(source).module
        macro = getattr(module, message.template)
        return _tidy(str(macro(**escape_context(message.context))))

    def page(self, name: str, language: str, **context: Any) -> str:
        """Render a whole template file (help pages)."""
        template = self.environment(language).get_template(name)
        return _tidy(template.render(**escape_context(context)))

    def help(self, command: str, language: str) -> str:
        """A command's help page; usage lines come from the command table, escaped like any other value."""
        return self.page(help_topic(command), language, usages=COMMANDS)

    def overview(self, language: str) -> str:
        """Every command, briefly: what `/regie help` shows."""
        return self.page("help/overview.md.j2", language, usages=COMMANDS)

    def home(self, language: str, name: str, *args: Any) -> str:
        """One block of the App Home tab (a macro of home.j2), its values escaped."""
        module = self.environment(language).get_template("home.j2").module
        return _tidy(str(getattr(module, name)(*escape_context(list(args)))))

    def label(self, language: str, key: str) -> str:
        """One short label (modal titles, buttons) from labels.j2."""
        module = self.environment(language).get_template("labels.j2").module
        return _tidy(str(getattr(module, key)()))


def _tidy(text: str) -> str:
    return BLANK_RUNS.sub("\n\n", text).strip()

