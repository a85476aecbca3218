"""Command text → typed values. Pure functions; anything unusable raises UserError with the reason.

Numbers, people, organisations, proposals and action points are read here; dates, times and durations in
bot.core.dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import NamedTuple

from bot.core.dates import parse_duration, parse_time
from bot.core.replies import UserError
from bot.storage.models import ItemKind

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
TIME_TOKEN = re.compile(r"(?<!\S)(\d{1,2}[:.]\d{2})(?!\S)")
ORGANISATION = re.compile(r"^[A-Za-z][\w&.\-]{0,39}$")
DUE_WORD = r"\s(?:due|uiterlijk|deadline)\s"
# The last due word starts the date, so "check the due diligence report due friday" keeps its text whole.
DUE_SUFFIX = re.compile(rf"{DUE_WORD}\s*(\S(?:(?!{DUE_WORD}).)*)$", re.IGNORECASE)
PLACE_SUFFIX = re.compile(r"\s(?:at|op|in)\s+(\S.*)$", re.IGNORECASE)
SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|[^>]*)?>")


class UserRef(NamedTuple):
    """A person as Slack escapes them in a command: `<@U123|name>`."""

    user_id: str
    name: str


class Proposal(NamedTuple):
    title: str
    description: str = ""


@dataclass(frozen=True)
class When:
    """A date still to be resolved in the table's time zone, a time, and optional duration and place."""

    date_text: str
    at: time
    duration_minutes: int | None = None
    place: str = ""


@dataclass(frozen=True)
class ActionDraft:
    owner_token: str
    text: str
    due_text: str = ""


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


def parse_proposal(text: str) -> Proposal:
    """`<title> [-- <description>]`."""
    title, _, description = text.partition("--")
    return make_proposal(title, description)


def parse_item_kind(value: str) -> ItemKind:
    """The agenda form's kind (`decision`, `discussion`, `information`); none chosen is a discussion."""
    kind = value or ItemKind.discussion
    if kind not in ItemKind.__members__:
        raise UserError("unexpected_text", value=kind)
    return ItemKind(kind)


def make_proposal(title: str, description: str = "") -> Proposal:
    """A proposal from its fields as typed (the modal's, where `--` is just text)."""
    title = require_text(title, field="title", limit=TITLE_LIMIT)
    description = description.strip()
    if description:
        description = require_text(description, field="description", limit=DESCRIPTION_LIMIT)
    return Proposal(title, description)


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
    before, place = _split_place(text[match.end():])
    duration = parse_duration(before) if before else None
    if not allow_extras and (duration is not None or place):
        raise UserError("unexpected_text", value=(before + " " + place).strip())
    return When(date_text, at, duration, place)


def parse_extras(rest: str) -> tuple[int | None, str]:
    """`[<duration>] [at <place or link>]` after a session's time."""
    before, place = _split_place(rest)
    return (parse_duration(before) if before else None), place


def _split_place(rest: str) -> tuple[str, str]:
    """What comes before `at <place or link>`, and the place."""
    rest = " " + rest.strip()
    place = ""
    place_match = PLACE_SUFFIX.match(rest) or PLACE_SUFFIX.search(rest)
    if place_match is not None:
        # Slack wraps a typed link as `<https://…>`; keep the address so it stays a link when shown.
        place = require_text(SLACK_LINK.sub(r"\1", place_match.group(1)), field="place", limit=PLACE_LIMIT)
        rest = rest[: place_match.start()]
    return rest.strip(), place


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


