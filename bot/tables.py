"""/regie: binding a channel as a table, its members and its settings."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot import store
from bot.access import Permissions
from bot.clock import Clock
from bot.db import Database
from bot.models import Role, SteeringTable
from bot.parsing import TABLE_NAME_LIMIT, parse_organisation, require_text, split_user
from bot.replies import Actor, Message, Reply, UserError
from bot.service import Service, member_view, refuse

LANGUAGES = ("nl", "en")
SETTINGS = ("language", "timezone")


class Tables(Service):
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
            self._audit(db, table, actor, action, person.user_id, organisation=organisation, role=role, deputy=deputy)
            return Reply.ephemeral("member_saved", table.language, member=member_view(existing),
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
            members = [member_view(m) for m in store.members(db, table_id=table.id)]
            return Reply.ephemeral("member_list", table.language, table=table.name, members=members)

    def settings(self, actor: Actor, text: str) -> Reply:
        """Show the table's settings, or change the ones named (`language en timezone Europe/London`)."""
        words = text.split()
        if not words:
            with self._read() as db:
                table, _ = self._scope(db, actor, "settings.manage")
                return self._settings_reply(table, changed=[])
        changes = self._parse_settings(words)
        with self._write(actor) as db:
            table, _ = self._scope(db, actor, "settings.manage")
            for key, value in changes.items():
                setattr(table, key, value)
            self._audit(db, table, actor, "table.settings", table.channel_id, **changes)
            return self._settings_reply(table, changed=list(changes))

    @staticmethod
    def _parse_settings(words: list[str]) -> dict[str, str]:
        if len(words) % 2:
            raise UserError("missing_argument", argument=words[-1])
        changes: dict[str, str] = {}
        for key, value in zip(words[::2], words[1::2], strict=True):
            key = key.lower()
            if key not in SETTINGS:
                raise UserError("unknown_setting", value=key, known=list(SETTINGS))
            if key == "language":
                if value.lower() not in LANGUAGES:
                    raise UserError("bad_language", value=value)
                value = value.lower()
            if key == "timezone":
                try:
                    ZoneInfo(value)
                except (ZoneInfoNotFoundError, ValueError):
                    raise UserError("bad_timezone", value=value) from None
            changes[key] = value
        return changes

    @staticmethod
    def _settings_reply(table: SteeringTable, *, changed: list[str]) -> Reply:
        # Built directly: the context's own `language` key would clash with Reply.ephemeral's argument.
        return Reply(Message("settings", table.language, {"name": table.name, "language": table.language,
                                                          "timezone": table.timezone, "changed": changed}))

