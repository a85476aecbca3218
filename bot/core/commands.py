"""The command table: every slash command's verbs, each declared once.

A verb says how it is typed (its usage line), who may run it (as the help and the README say it; the service
enforces it through core.access), the service method it calls and whether, typed bare, it opens a form. The
handlers dispatch on this table, the help pages and the README show its usage lines, and tests check the
README and both manifests' `usage_hint` against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot.core.parsing import parse_action, parse_proposal
from bot.storage.models import NoteKind

ANYONE = "anyone"
ON_THE_TABLE = "anyone on the table"
MEMBER = "member"
SECRETARY = "secretary"
SECRETARY_CHAIR = "secretary, chair"
ADMIN_SECRETARY = "bot admin, secretary"
OWNER_SECRETARY = "owner, secretary"


@dataclass(frozen=True)
class Verb:
    """One verb of a command. `call` names a service on `bot.services.Services` and its method, called with the
    caller and the text after the verb (through `parse` first, when given) and `arguments`."""

    name: str  # as typed; two words for a verb of a verb (`member add`, `calendar revoke`)
    usage: str
    who: str
    call: str = ""  # "" for help, which the dispatch answers itself
    form: str = ""  # typed with no text, this form opens instead (handlers' forms)
    bare: bool = False  # takes no text: anything after it is refused
    parse: Callable[[str], Any] | None = None
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    name: str
    verbs: tuple[Verb, ...]

    def find(self, text: str) -> tuple[Verb | None, str]:
        """The verb that `text` starts with (the longest name that fits) and what follows it; bare, its help."""
        typed = [word.lower() for word in text.split()] or ["help"]
        for verb in self._longest_first:
            size = len(verb.name.split())
            if typed[:size] == verb.name.split():
                parts = (text.strip() or "help").split(None, size)
                return verb, parts[size].strip() if len(parts) > size else ""
        return None, text

    @cached_property
    def _longest_first(self) -> tuple[Verb, ...]:
        """Two-word verbs before one-word ones, so `member add` wins over a `member` (looked up on every ack)."""
        return tuple(sorted(self.verbs, key=lambda verb: -len(verb.name.split())))

    def usage_hint(self) -> str:
        """What Slack shows while the command is typed: every usage without the command's name."""
        return " | ".join(verb.usage.removeprefix(self.name + " ") for verb in self.verbs)


def _help(command: str) -> Verb:
    return Verb("help", f"{command} help", ANYONE)


def _note(kind: NoteKind, verb: str) -> Verb:
    return Verb(verb, f"/minutes {verb} [#item] <text>", SECRETARY, "minutes.note", arguments={"kind": kind})


REGIE = Command("/regie", (
    Verb("setup", "/regie setup <name> [nl|en]", "bot admin", "tables.setup"),
    Verb("member add", "/regie member add <@user> <ORG> [chair|secretary|member|observer] [deputy]",
         ADMIN_SECRETARY, "tables.add_member"),
    Verb("member remove", "/regie member remove <@user>", ADMIN_SECRETARY, "tables.remove_member"),
    Verb("member list", "/regie member list", ADMIN_SECRETARY, "tables.list_members", bare=True),
    Verb("settings", "/regie settings [language nl|en] [timezone <IANA name>] [holidays <country>] "
         "[reminders call=14d close=3d meeting=1d action=2d] [reminder-time HH:MM] [facts-credited on|off] "
         "[chatham on|off]", ADMIN_SECRETARY, "tables.settings"),
    _help("/regie"),
))
AGENDA = Command("/agenda", (
    Verb("add", "/agenda add <title> [-- <description>]", MEMBER, "agenda.propose", form="agenda",
         parse=parse_proposal),
    Verb("list", "/agenda list [session]", ON_THE_TABLE, "agenda.show"),
    Verb("withdraw", "/agenda withdraw <#>", "submitter, secretary", "agenda.withdraw"),
    Verb("order", "/agenda order <#> <position>", SECRETARY, "agenda.order"),
    Verb("defer", "/agenda defer <#>", SECRETARY, "agenda.defer"),
    Verb("close", "/agenda close", SECRETARY, "agenda.close", bare=True),
    _help("/agenda"),
))
ACTION = Command("/action", (
    Verb("add", "/action add <@user or ORG> <text> [due <date>]", MEMBER, "actions.add", form="action",
         parse=parse_action),
    Verb("list", "/action list [mine | open | all | @user | ORG]", ON_THE_TABLE, "actions.show"),
    Verb("done", "/action done <#>", OWNER_SECRETARY, "actions.mark_done"),
    Verb("reopen", "/action reopen <#>", OWNER_SECRETARY, "actions.reopen"),
    Verb("due", "/action due <#> <date>", OWNER_SECRETARY, "actions.set_due"),
    _help("/action"),
))
MEETING = Command("/meeting", (
    Verb("schedule", "/meeting schedule <date> <time> [<duration>] [at <place or link>]", SECRETARY_CHAIR,
         "meetings.schedule"),
    Verb("next", "/meeting next", ON_THE_TABLE, "meetings.next", bare=True),
    Verb("list", "/meeting list", ON_THE_TABLE, "meetings.upcoming", bare=True),
    Verb("move", "/meeting move <#> <date> <time>", SECRETARY_CHAIR, "meetings.move"),
    Verb("cancel", "/meeting cancel <#>", SECRETARY_CHAIR, "meetings.cancel"),
    Verb("recur", "/meeting recur monthly|quarterly <first|second|third|fourth|last> <weekday> <time> [<duration>] "
         "[at <place or link>] · /meeting recur off", SECRETARY_CHAIR, "meetings.recur"),
    Verb("calendar", "/meeting calendar", ON_THE_TABLE, "calendar.share", bare=True),
    Verb("calendar revoke", "/meeting calendar revoke", SECRETARY_CHAIR, "calendar.revoke", bare=True),
    _help("/meeting"),
))
MINUTES = Command("/minutes", (
    _note(NoteKind.discussion, "note"),
    _note(NoteKind.decision, "decision"),
    _note(NoteKind.information, "info"),
    _note(NoteKind.question, "question"),
    Verb("notes", "/minutes notes [session]", SECRETARY, "minutes.notes"),
    Verb("edit", "/minutes edit <n> [#item] <text>", SECRETARY, "minutes.edit"),
    Verb("delete", "/minutes delete <n>", SECRETARY, "minutes.delete"),
    Verb("present", "/minutes present <ORG…>", SECRETARY, "attendance.correct", arguments={"present": True}),
    Verb("absent", "/minutes absent <ORG…>", SECRETARY, "attendance.correct", arguments={"present": False}),
    Verb("draft", "/minutes draft [session]", SECRETARY, "thread.draft"),
    Verb("review", "/minutes review [session]", SECRETARY, "review.review"),
    Verb("checked", "/minutes checked <n…|all>", SECRETARY, "thread.checked"),
    Verb("show", "/minutes show [session]", ON_THE_TABLE, "sharing.show"),
    Verb("export", "/minutes export [session] [md|html|docx]", ON_THE_TABLE, "sharing.export"),
    _help("/minutes"),
))
SLASH_COMMANDS: dict[str, Command] = {command.name: command for command in (REGIE, AGENDA, ACTION, MEETING, MINUTES)}
# every usage line by command and verb name, as the help pages look them up
COMMANDS: dict[str, dict[str, str]] = {command.name: {verb.name: verb.usage for verb in command.verbs}
                                       for command in SLASH_COMMANDS.values()}


def help_topic(command: str) -> str:
    """A command's help page: `/agenda` → `help/agenda.md.j2`."""
    return f"help/{command.lstrip('/')}.md.j2"
