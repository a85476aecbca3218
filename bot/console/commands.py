"""The console's own commands, the lines that start with `:`: who acts and where (`:as`, `:in`, `:users`),
what a Slack user does besides typing (`:click`, `:reply`, `:home`, `:modal`, `:cancel`) and time (`:clock`).

Each reads the rest of its line, finds what it names (a person, a button, a message) and leaves the Slack side
to the console (bot/console/terminal.py), which builds the payload and hands it to Bolt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.console.slack_text import Button
from bot.console.transcript import Person, channel_id
from bot.storage import store
from bot.storage.models import ReminderStatus

if TYPE_CHECKING:  # terminal.py imports this module; at run time the console is only passed in
    from bot.console.terminal import Console

VALID_CHANNEL = re.compile(r"^[a-z][a-z0-9_-]{0,79}$")
VALID_HANDLE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
RELATIVE = re.compile(r"^\+((?:\d+[wdhm])+)$")
ABSOLUTE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?$")
UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
HELP = """\
Type what a Slack user types: a slash command (/agenda add …, /regie help), or a message for the channel.
@name and #channel are sent as Slack sends mentions. Lines starting with # are comments. Console commands:
  :as @name              act as someone else (:users lists everyone)
  :in #channel           type in another channel (a new name makes a new channel)
  :users                 the people in this workspace · :users add @name [admin]
  :click [N] <button>    press a button of the last message that has it (or of message N)
  :modal · :cancel       ask the open modal's fields again · close it without submitting
  :reply <N|ts> <text>   answer in the thread of message N
  :home                  open the bot's App Home tab
  :clock [+14d|+3h|+30m|YYYY-MM-DD [HH:MM]]   move the virtual clock forward; reminders fire on the way
  :help · :quit          this text · leave (Ctrl-D too); the database keeps everything"""


class ConsoleError(Exception):
    """Bad console input: one line for the person, and the session goes on (a script stops)."""


class Quit(Exception):
    """`:quit`: the session ends."""


def run(console: Console, text: str) -> None:
    """Act on one `:` line."""
    name, _, rest = text[1:].partition(" ")
    command = COMMANDS.get(name.lower())
    if command is None:
        raise ConsoleError(f"unknown console command :{name}; :help lists them")
    command(console, rest.strip())


# who and where

def act_as(console: Console, rest: str) -> None:
    handle = rest.removeprefix("@").lower()
    if handle not in console.workspace.people:
        raise ConsoleError(f"there is no @{handle} in this workspace; :users lists everyone, "
                           f":users add @{handle} adds someone")
    console.actor = console.workspace.people[handle]


def move_to(console: Console, rest: str) -> None:
    name = rest.removeprefix("#").lower()
    if not VALID_CHANNEL.match(name):
        raise ConsoleError("name a channel as #name: lower-case letters, digits, - and _")
    if name not in console.workspace.channels:
        console.workspace.channels[name] = channel_id(name)
        console.say(f"  · #{name} is a new channel")
    console.channel = name


def users(console: Console, rest: str) -> None:
    words = rest.split()
    if words[:1] == ["add"]:
        _add_user(console, words[1:])
    elif words:
        raise ConsoleError("usage: :users, or :users add @name [admin]")
    else:
        for person in console.workspace.people.values():
            marks = [mark for mark, on in (("workspace admin", person.admin), ("you", person == console.actor)) if on]
            console.say(f"  @{person.handle}" + (f" ({', '.join(marks)})" if marks else ""))


def _add_user(console: Console, words: list[str]) -> None:
    handle = words[0].removeprefix("@").lower() if words else ""
    if not VALID_HANDLE.match(handle) or words[1:] not in ([], ["admin"]):
        raise ConsoleError("usage: :users add @name [admin]")
    person = Person(handle, admin=words[1:] == ["admin"])
    console.workspace.people[handle] = person
    console.slack.add_user(person.user_id, handle, admin=person.admin)
    console.say(f"  · @{handle} joined the workspace")


# what a Slack user does besides typing

def click(console: Console, rest: str) -> None:
    """Press the button of that label on the last message that has it and that the actor sees."""
    number, _, label = rest.partition(" ")
    if not number.isdigit():
        number, label = "", rest
    label = label.strip().strip("[]").strip()
    if not label:
        raise ConsoleError("usage: :click [message number] <button text>")
    visible = [shown for shown in reversed(console.transcript.shown) if shown.buttons
               and shown.seen_by(console.actor.user_id) and (not number or shown.number == int(number))]
    for shown in visible:
        button = _match(shown.buttons, label)
        if button is not None:
            console.press(shown, button)
            return
    offered = sorted({f"[{button.label}]" for shown in visible for button in shown.buttons})
    where = f"message {number}" if number else f"the messages @{console.actor.handle} can see"
    raise ConsoleError(f"no button “{label}” on {where}"
                       + (f"; buttons there: {', '.join(offered)}" if offered else ""))


def _match(buttons: list[Button], label: str) -> Button | None:
    """The button of exactly that label, or else the one button whose label starts with it."""
    wanted = label.casefold()
    exact = [button for button in buttons if button.label.casefold() == wanted]
    if exact:
        return exact[0]
    starting = [button for button in buttons if button.label.casefold().startswith(wanted)]
    return starting[0] if len(starting) == 1 else None


def reply(console: Console, rest: str) -> None:
    target, _, text = rest.partition(" ")
    parent = console.transcript.find(target.removeprefix("#"))
    if parent is None or parent.ts is None:
        raise ConsoleError(f"no message {target or '?'} to answer in a thread; usage: :reply <number> <text>")
    if not text.strip():
        raise ConsoleError("usage: :reply <number> <text>")
    console.post(text.strip(), where=parent.where, thread=parent)


def home(console: Console, rest: str) -> None:
    if rest:
        raise ConsoleError(":home takes nothing after it; :as @name first to open someone else's")
    console.open_home()


def reopen_modal(console: Console, rest: str) -> None:
    if console.modal is None:
        raise ConsoleError("no modal is open")
    console.modal.restart()
    console.show_modal()


def cancel_modal(console: Console, rest: str) -> None:
    if console.modal is None:
        raise ConsoleError("no modal is open")
    console.modal = None
    console.say("  · the modal is closed; nothing was sent")


# time

def move_clock(console: Console, rest: str) -> None:
    """Stop at each reminder's moment on the way, as a running bot would send it then."""
    now = console.clock.now()
    if not rest:
        console.say(f"  · it is {console.moment(now)}")
        return
    target = _parse_moment(console, rest, now)
    if target < now:
        raise ConsoleError(f"the clock only moves forward; it is {console.moment(now)}")
    while True:
        due = _next_due(console, after=console.clock.now(), until=target)
        console.clock.set(due or target)
        console.regiebot.reminders.deliver_due()
        console.regiebot.extend_rhythms()
        if console.transcript.pending():
            console.say(f"  · {console.moment(console.clock.now())}")
            console.show_new()
        if due is None:
            break
    console.say(f"  · it is now {console.moment(target)}")


def _parse_moment(console: Console, text: str, now: datetime) -> datetime:
    relative = RELATIVE.match(text.replace(" ", ""))
    if relative:
        parts = re.findall(r"(\d+)([wdhm])", relative.group(1))
        return now + sum((timedelta(**{UNITS[unit]: int(n)}) for n, unit in parts), timedelta())
    absolute = ABSOLUTE.match(text)
    if absolute:
        try:
            return datetime.fromisoformat(f"{absolute.group(1)} {absolute.group(2) or '00:00'}").replace(
                tzinfo=console.zone)
        except ValueError:
            pass
    raise ConsoleError("usage: :clock +14d, +3h, +30m, +2w, or :clock 2027-01-05 09:00 (forward only)")


def _next_due(console: Console, *, after: datetime, until: datetime) -> datetime | None:
    with console.regiebot.database.session() as db:
        pending = store.reminders(db, statuses=(ReminderStatus.pending,))
    return min((reminder.due_at for reminder in pending if after < reminder.due_at <= until), default=None)


def show_help(console: Console, rest: str) -> None:
    console.say(HELP)


def leave(console: Console, rest: str) -> None:
    raise Quit


COMMANDS: dict[str, Callable[[Console, str], None]] = {
    "as": act_as, "in": move_to, "users": users, "click": click, "modal": reopen_modal, "cancel": cancel_modal,
    "reply": reply, "home": home, "clock": move_clock, "help": show_help, "quit": leave, "exit": leave,
}
