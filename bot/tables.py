"""Steering tables (/regie): binding a channel as a table, its members and its settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import takewhile
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from bot.core.access import Permissions
from bot.core.clock import Clock
from bot.core.dates import REMINDER_OFFSETS, parse_reminder_offsets, parse_time
from bot.core.parsing import TABLE_NAME_LIMIT, parse_organisation, require_text, split_user
from bot.core.replies import Actor, Message, Reply, UserError
from bot.core.service import TableService, refuse
from bot.core.values import member_values
from bot.reminders import plan as reminder_plan
from bot.storage import store
from bot.storage.db import Database
from bot.storage.models import Role, SteeringTable

LANGUAGES = ("nl", "en")
SETTINGS = ("language", "timezone", "holidays", "reminders", "reminder-time", "facts-credited", "chatham")
SWITCHES = {"on": True, "off": False, "aan": True, "uit": False}


class Tables(TableService):
    def __init__(self, database: Database, clock: Clock, permissions: Permissions, *, default_language: str,
                 default_timezone: str, lookup_name: Callable[[str], str]) -> None:
        super().__init__(database, clock, permissions)
        self.default_language = default_language
        self._default_timezone = default_timezone
        self._lookup_name = lookup_name

    def language_for(self, actor: Actor) -> str:
        """The language to answer in: the table's when the channel is one, else the bot's default."""
        with self._read() as db:
            table = store.table_for_channel(db, channel_id=actor.table_channel_id)
            return table.language if table else self.default_language

    def setup(self, actor: Actor, text: str) -> Reply:
        """Bind the caller's channel as a new table, for bot admins only."""
        words = text.split()
        language = self.default_language
        if words and words[-1].lower() in LANGUAGES:
            language = words.pop().lower()
        name = require_text(" ".join(words), field="name", limit=TABLE_NAME_LIMIT)
        if not actor.table_channel_id.startswith(("C", "G")):
            raise UserError("setup_needs_channel")
        if not self._permissions.is_bot_admin(actor.user_id):
            raise UserError("not_bot_admin")
        with self._write(actor) as db:
            existing = store.table_for_channel(db, channel_id=actor.table_channel_id)
            if existing is not None:
                raise refuse("already_a_table", existing, name=existing.name)
            table = store.add_table(db, team_id=actor.team_id, channel_id=actor.table_channel_id, name=name,
                                    language=language, timezone=self._default_timezone, now=self._clock.now())
            self._audit(db, table, actor, "table.setup", table.channel_id, name=name, language=language)
            return Reply.ephemeral("table_created", language, name=name, channel_id=table.channel_id,
                                   timezone=table.timezone)

    def add_member(self, actor: Actor, text: str) -> Reply:
        """Add someone to the table, or change their organisation and role; keeps exactly one chair."""
        if not text.strip():
            raise UserError("missing_argument", argument="user")
        person, rest = split_user(text)
        words = rest.split()
        if not words:
            raise UserError("missing_argument", argument="organisation")
        organisation = parse_organisation(words[0])
        role, deputy = Role.member, False
        for word in (w.lower() for w in words[1:]):
            if word == "deputy":
                deputy = True
            elif word in Role.__members__:
                role = Role(word)
            else:
                raise UserError("bad_role", value=word)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "members.manage")
            chairs = [m for m in store.members_by_role(db, table_id=table.id, role=Role.chair)
                      if m.user_id != person.user_id]
            if role == Role.chair and chairs:
                raise refuse("chair_taken", table, user_id=chairs[0].user_id)
            name = person.name or self._lookup_name(person.user_id)
            existing = store.member(db, table_id=table.id, user_id=person.user_id)
            if existing is None:
                existing = store.add_member(db, table_id=table.id, user_id=person.user_id, name=name,
                                            organisation=organisation, role=role, deputy=deputy, now=self._clock.now())
                action = "member.add"
            else:
                existing.display_name, existing.organisation = name or existing.display_name, organisation
                existing.role, existing.deputy = role, deputy
                action = "member.update"
            db.flush()
            if role == Role.secretary:
                reminder_plan.plan_digest(db, table=table, now=self._clock.now())
            self._audit(db, table, actor, action, person.user_id, organisation=organisation, role=role, deputy=deputy)
            return Reply.ephemeral("member_saved", table.language, member=member_values(existing),
                                   updated=action == "member.update", table=table.name)

    def remove_member(self, actor: Actor, text: str) -> Reply:
        """Take someone off the table."""
        if not text.strip():
            raise UserError("missing_argument", argument="user")
        person, _ = split_user(text)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "members.manage")
            existing = store.member(db, table_id=table.id, user_id=person.user_id)
            if existing is None:
                raise refuse("unknown_member", table, user_id=person.user_id)
            db.delete(existing)
            self._audit(db, table, actor, "member.remove", person.user_id)
            return Reply.ephemeral("member_removed", table.language, user_id=person.user_id, table=table.name)

    def list_members(self, actor: Actor) -> Reply:
        with self._read() as db:
            table, _ = self._scope(db, actor, "members.manage")
            members = [member_values(m) for m in store.members(db, table_id=table.id)]
            return Reply.ephemeral("member_list", table.language, table=table.name, members=members)

    def settings(self, actor: Actor, text: str) -> Reply:
        """Show the table's settings, or change the ones named; reminders follow new offsets or times."""
        words = text.split()
        if not words:
            with self._read() as db:
                table, _ = self._scope(db, actor, "settings.manage")
                return self._settings_reply(table, changed=[])
        changes = parse_settings(words)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "settings.manage")
            for column, value in changes.items():
                setattr(table, column, value)
            if REPLANNING & set(changes):
                reminder_plan.replan_table(db, table=table, now=self._clock.now())
            self._audit(db, table, actor, "table.settings", table.channel_id, **changes)
            return self._settings_reply(table, changed=list(changes))

    @staticmethod
    def _settings_reply(table: SteeringTable, *, changed: list[str]) -> Reply:
        # Built directly: the context's own `language` key would clash with Reply.ephemeral's argument.
        return Reply(Message("settings", table.language, {
            "name": table.name, "language": table.language, "timezone": table.timezone,
            "holidays": table.holiday_country, "reminder_time": table.reminder_time,
            "offsets": {"call": table.call_offset_minutes, "close": table.close_offset_minutes,
                        "meeting": table.meeting_offset_minutes, "action": table.action_offset_minutes},
            "rhythm": table.recurrence, "facts_credited": table.facts_credited, "chatham": table.chatham,
            "changed": [SETTING_NAMES[column] for column in changed]}))


REPLANNING = {"timezone", "reminder_time", *REMINDER_OFFSETS.values()}
SETTING_NAMES = {"language": "language", "timezone": "timezone", "holiday_country": "holidays",
                 "reminder_time": "reminder-time", "facts_credited": "facts-credited", "chatham": "chatham",
                 **{column: "reminders" for column in REMINDER_OFFSETS.values()}}


def parse_settings(words: list[str]) -> dict[str, object]:
    """`language en timezone Europe/London holidays BE reminders call=14d close=3d reminder-time 08:30`."""
    changes: dict[str, object] = {}
    position = 0
    while position < len(words):
        key = words[position].lower()
        if key == "reminders":
            offsets = list(takewhile(lambda word: "=" in word, words[position + 1:]))
            changes.update(parse_reminder_offsets(offsets))
            position += 1 + len(offsets)
            continue
        if key not in SETTINGS:
            raise UserError("unknown_setting", value=key, known=list(SETTINGS))
        if position + 1 >= len(words):
            raise UserError("missing_argument", argument=key)
        column, parse = SETTING_PARSERS[key]
        changes[column] = parse(words[position + 1])
        position += 2
    return changes


def _language(value: str) -> str:
    if value.lower() not in LANGUAGES:
        raise UserError("bad_language", value=value)
    return value.lower()


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError("bad_timezone", value=value) from None
    return value


def _holiday_country(value: str) -> str:
    if value.upper() not in holidays.list_supported_countries():
        raise UserError("bad_country", value=value)
    return value.upper()


def _switch(value: str, *, setting: str) -> bool:
    if value.lower() not in SWITCHES:
        raise UserError("bad_switch", value=value, setting=setting)
    return SWITCHES[value.lower()]


# a setting as typed → its column, and how its value is read
SETTING_PARSERS: dict[str, tuple[str, Callable[[str], object]]] = {
    "language": ("language", _language),
    "timezone": ("timezone", _timezone),
    "holidays": ("holiday_country", _holiday_country),
    "reminder-time": ("reminder_time", lambda value: f"{parse_time(value):%H:%M}"),
    "facts-credited": ("facts_credited", partial(_switch, setting="facts-credited")),
    "chatham": ("chatham", partial(_switch, setting="chatham")),
}
