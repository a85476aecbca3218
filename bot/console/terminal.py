"""One console session: each typed line becomes what Slack would send, signed and handed to Bolt's own
`App.dispatch`; console commands (`:as`, `:click`, `:clock`, …) act as a Slack user or as time would."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import secrets
import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_bolt import BoltRequest, BoltResponse

from bot.app import Regiebot
from bot.console.modal_form import ModalForm
from bot.console.slack_text import Button
from bot.console.transcript import Person, Request, Shown, Transcript, Workspace, channel_id
from bot.core.clock import ManualClock
from bot.storage import store
from bot.storage.models import ReminderStatus
from bot.testing import payloads
from bot.testing.slack_double import FakeSlack

IDLE_TIMEOUT = 30
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
    pass


class Failures(logging.Handler):
    """Collects the bot's error log lines: each one means something crashed."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Console:
    def __init__(self, regiebot: Regiebot, slack: FakeSlack, secret: str, transcript: Transcript, *,
                 zone: ZoneInfo, failures: Failures) -> None:
        self.regiebot, self.slack, self.secret, self.transcript = regiebot, slack, secret, transcript
        self.workspace: Workspace = transcript.workspace
        self.zone, self.failures = zone, failures
        self.clock: ManualClock = regiebot.clock  # type: ignore[assignment]
        self.actor = next(iter(self.workspace.people.values()))
        self.channel = next(iter(self.workspace.channels))
        self.modal: ModalForm | None = None
        self._triggers: dict[str, str] = {}  # trigger id → who acted, so a modal it opens is theirs
        self._failures_seen = len(failures.records)

    @property
    def channel_id(self) -> str:
        return self.workspace.channels[self.channel]

    def say(self, line: str = "") -> None:
        self.transcript.say(line)

    def prompt(self) -> str:
        if self.modal is not None and self.modal.pending:
            return f"  ? {self.modal.question()}: "
        return f"@{self.actor.handle} #{self.channel} › "

    def moment(self, value: datetime) -> str:
        local = value.astimezone(self.zone)
        return f"{local:%a} {local.day} {local:%b %Y %H:%M} ({self.zone.key})"

    # one line of input

    def handle(self, line: str) -> bool:
        """Act on one typed line; False when it was an error (the session goes on)."""
        text = line.strip()
        try:
            if text.startswith("#"):
                return True
            if text.startswith(":"):
                self.command(text)
            elif self.modal is not None and self.modal.pending:
                self.answer(text)
            elif text.startswith("/"):
                self.slash(text)
            elif text:
                self.post(text, where=self.channel_id)
        except ConsoleError as error:
            with contextlib.suppress(ConsoleError):
                self.settle()  # what the bot did before the error still shows
            self.say(f"  ! {error}")
            self.healthy()
            return False
        return self.healthy()

    def healthy(self) -> bool:
        """Report what crashed in the bot since the last look; False if anything did."""
        fresh = self.failures.records[self._failures_seen:]
        self._failures_seen = len(self.failures.records)
        for record in fresh:
            kind, error = (record.exc_info or (None, None))[:2]
            self.say(f"  ! the bot failed: {record.getMessage()}" + (f" ({kind.__name__}: {error})" if kind else ""))
        return not fresh

    def command(self, text: str) -> None:
        name, _, rest = text[1:].partition(" ")
        actions = {"as": self.act_as, "in": self.move_to, "users": self.users, "click": self.click,
                   "modal": self.reopen_modal, "cancel": self.cancel_modal, "reply": self.reply, "home": self.home,
                   "clock": self.move_clock, "help": lambda _: self.say(HELP), "quit": self.quit, "exit": self.quit}
        if name.lower() not in actions:
            raise ConsoleError(f"unknown console command :{name}; :help lists them")
        actions[name.lower()](rest.strip())

    # who and where

    def act_as(self, rest: str) -> None:
        handle = rest.removeprefix("@").lower()
        if handle not in self.workspace.people:
            raise ConsoleError(f"there is no @{handle} in this workspace; :users lists everyone, "
                               f":users add @{handle} adds someone")
        self.actor = self.workspace.people[handle]

    def move_to(self, rest: str) -> None:
        name = rest.removeprefix("#").lower()
        if not VALID_CHANNEL.match(name):
            raise ConsoleError("name a channel as #name: lower-case letters, digits, - and _")
        if name not in self.workspace.channels:
            self.workspace.channels[name] = channel_id(name)
            self.say(f"  · #{name} is a new channel")
        self.channel = name

    def users(self, rest: str) -> None:
        words = rest.split()
        if words[:1] == ["add"]:
            handle = words[1].removeprefix("@").lower() if len(words) > 1 else ""
            if not VALID_HANDLE.match(handle) or words[2:] not in ([], ["admin"]):
                raise ConsoleError("usage: :users add @name [admin]")
            person = Person(handle, admin=words[2:] == ["admin"])
            self.workspace.people[handle] = person
            self.slack.add_user(person.user_id, handle, admin=person.admin)
            self.say(f"  · @{handle} joined the workspace")
            return
        if words:
            raise ConsoleError("usage: :users, or :users add @name [admin]")
        for person in self.workspace.people.values():
            marks = [mark for mark, on in (("workspace admin", person.admin), ("you", person == self.actor)) if on]
            self.say(f"  @{person.handle}" + (f" ({', '.join(marks)})" if marks else ""))

    # what a Slack user does

    def slash(self, text: str) -> None:
        command, _, arguments = text.partition(" ")
        request = uuid.uuid4().hex[:12]
        self.transcript.requests[request] = Request(self.actor.user_id, self.channel_id, command.lower())
        self.dispatch(payloads.slash_command(
            command=command.lower(), text=self.as_slack_sends(arguments.strip()), user_id=self.actor.user_id,
            channel_id=self.channel_id, team_id=self.slack.team_id, response_url=self.slack.response_url(request),
            trigger_id=self._trigger(), user_name=self.actor.handle, channel_name=self.channel), payloads.FORM)

    def as_slack_sends(self, text: str) -> str:
        return payloads.typed_text(text, people={h: p.user_id for h, p in self.workspace.people.items()},
                                   channels=self.workspace.channels)

    def post(self, text: str, *, where: str, thread: Shown | None = None) -> None:
        """A person's own message: shown as Slack shows it, then delivered to the bot as a message event."""
        ts = self.slack.next_ts()
        thread_ts = (thread.message.get("thread_ts") or thread.ts) if thread else None
        sent = self.as_slack_sends(text)
        message = {"text": sent, "ts": ts, "user": self.actor.user_id, **({"thread_ts": thread_ts} if thread else {})}
        shown = self.transcript.remember(where, message)
        self.transcript.box(self.transcript.header(shown), self.transcript.mrkdwn(sent))
        event = payloads.message(user_id=self.actor.user_id, channel_id=where, text=sent, ts=ts, thread_ts=thread_ts)
        self.dispatch(payloads.event_callback(event=event, event_id=_event_id(), team_id=self.slack.team_id),
                      payloads.JSON, listener_expected=False)

    def reply(self, rest: str) -> None:
        target, _, text = rest.partition(" ")
        parent = self.transcript.find(target.removeprefix("#"))
        if parent is None or parent.ts is None:
            raise ConsoleError(f"no message {target or '?'} to answer in a thread; usage: :reply <number> <text>")
        if not text.strip():
            raise ConsoleError("usage: :reply <number> <text>")
        self.post(text.strip(), where=parent.where, thread=parent)

    def home(self, rest: str) -> None:
        if rest:
            raise ConsoleError(":home takes nothing after it; :as @name first to open someone else's")
        event = payloads.app_home_opened(user_id=self.actor.user_id, channel_id=self.actor.dm_id,
                                         event_ts=self.slack.next_ts())
        self.dispatch(payloads.event_callback(event=event, event_id=_event_id(), team_id=self.slack.team_id),
                      payloads.JSON)

    def click(self, rest: str) -> None:
        number, _, label = rest.partition(" ")
        if not number.isdigit():
            number, label = "", rest
        label = label.strip().strip("[]").strip()
        if not label:
            raise ConsoleError("usage: :click [message number] <button text>")
        visible = [s for s in reversed(self.transcript.shown) if s.buttons
                   and s.visible_to in (None, self.actor.user_id)
                   and (not s.where.startswith("U") or s.where == self.actor.user_id)
                   and (not number or s.number == int(number))]
        for shown in visible:
            button = _match(shown.buttons, label)
            if button is not None:
                return self.press(shown, button)
        offered = sorted({f"[{b.label}]" for s in visible for b in s.buttons})
        where = f"message {number}" if number else f"the messages @{self.actor.handle} can see"
        raise ConsoleError(f"no button “{label}” on {where}"
                           + (f"; buttons there: {', '.join(offered)}" if offered else ""))

    def press(self, shown: Shown, button: Button) -> None:
        common = {"action": button.action, "user_id": self.actor.user_id, "team_id": self.slack.team_id,
                  "trigger_id": self._trigger(), "user_name": self.actor.handle}
        if shown.view is not None:
            body = payloads.block_actions(**common, view=shown.view)
        else:
            request = uuid.uuid4().hex[:12]
            channel = self.actor.dm_id if shown.where.startswith("U") else shown.where
            self.transcript.requests[request] = Request(self.actor.user_id, channel)
            body = payloads.block_actions(**common, channel_id=channel, message=shown.message,
                                          response_url=self.slack.response_url(request))
        self.dispatch(body, payloads.FORM)

    # modals

    def open_modal(self, view: dict[str, object], trigger: str) -> None:
        person = self.workspace.person(self._triggers.get(trigger, "")) or self.actor
        self.modal = ModalForm(dict(view), person, self.workspace)
        self.show_modal()
        if not self.modal.pending:
            self.submit()

    def show_modal(self) -> None:
        assert self.modal is not None
        view = self.modal.view
        lines, _ = self.transcript.blocks(view.get("blocks") or [])
        buttons = "  ".join(f"[ {self.transcript.plain(view.get(key))} ]" for key in ("submit", "close")
                            if view.get(key))
        self.transcript.box(f"modal for @{self.modal.user.handle}: “{self.modal.title}”",
                            [*lines, buttons] if buttons else lines)
        if self.modal.pending:
            self.say("  · answer each field in turn (an empty line leaves it empty); :cancel closes the modal")

    def answer(self, text: str) -> None:
        assert self.modal is not None
        try:
            complete = self.modal.answer(text)
        except ValueError as error:
            raise ConsoleError(str(error)) from None
        if complete:
            self.submit()

    def submit(self) -> None:
        modal = self.modal
        assert modal is not None
        body = modal.submission(team_id=self.slack.team_id, trigger_id=self._trigger())
        response = self.dispatch(body, payloads.FORM, settle=False)
        answer = json.loads(response.body) if response.body.strip().startswith("{") else {}
        action = answer.get("response_action")
        if action == "errors":
            refused = modal.refused(answer.get("errors") or {})
            self.transcript.box(f"modal “{modal.title}” stays open, with these under its fields",
                                [f"{label}: {' '.join(self.transcript.mrkdwn(error))}" for label, error in refused])
        elif action in ("update", "push"):
            self.modal = ModalForm({**answer.get("view", {}), "id": modal.view.get("id", "")}, modal.user,
                                   self.workspace)
            self.show_modal()
        else:
            self.modal = None
            self.say("  · the modal is submitted and closes")
        self.settle()

    def reopen_modal(self, rest: str) -> None:
        if self.modal is None:
            raise ConsoleError("no modal is open")
        self.modal.restart()
        self.show_modal()

    def cancel_modal(self, rest: str) -> None:
        if self.modal is None:
            raise ConsoleError("no modal is open")
        self.modal = None
        self.say("  · the modal is closed; nothing was sent")

    # time

    def move_clock(self, rest: str) -> None:
        now = self.clock.now()
        if not rest:
            self.say(f"  · it is {self.moment(now)}")
            return
        target = self._parse_moment(rest, now)
        if target < now:
            raise ConsoleError(f"the clock only moves forward; it is {self.moment(now)}")
        while True:  # stop at each reminder's moment, as a running bot would send it then
            due = self._next_due(after=self.clock.now(), until=target)
            self.clock.set(due or target)
            self.regiebot.reminders.deliver_due()
            self.regiebot.extend_rhythms()
            if self.transcript.pending():
                self.say(f"  · {self.moment(self.clock.now())}")
                self.show_new()
            if due is None:
                break
        self.say(f"  · it is now {self.moment(target)}")

    def _parse_moment(self, text: str, now: datetime) -> datetime:
        relative = RELATIVE.match(text.replace(" ", ""))
        if relative:
            parts = re.findall(r"(\d+)([wdhm])", relative.group(1))
            return now + sum((timedelta(**{UNITS[unit]: int(n)}) for n, unit in parts), timedelta())
        absolute = ABSOLUTE.match(text)
        if absolute:
            try:
                return datetime.fromisoformat(f"{absolute.group(1)} {absolute.group(2) or '00:00'}").replace(
                    tzinfo=self.zone)
            except ValueError:
                pass
        raise ConsoleError("usage: :clock +14d, +3h, +30m, +2w, or :clock 2027-01-05 09:00 (forward only)")

    def _next_due(self, *, after: datetime, until: datetime) -> datetime | None:
        with self.regiebot.database.session() as db:
            pending = store.reminders(db, statuses=(ReminderStatus.pending,))
        return min((r.due_at for r in pending if after < r.due_at <= until), default=None)

    def quit(self, rest: str) -> None:
        raise Quit

    # Bolt, and what came back

    def dispatch(self, body: str, content_type: str, *, listener_expected: bool = True,
                 settle: bool = True) -> BoltResponse:
        """Sign and dispatch a payload as Slack would deliver it; then, unless told not to, settle."""
        headers = payloads.signed_headers(self.secret, body, content_type=content_type)
        response = self.regiebot.app.dispatch(BoltRequest(body=body, headers=headers))
        if settle:
            self.settle()
        if response.status == 404 and not listener_expected:
            return response  # Slack sends every message event; the bot answers only those it listens to
        if response.status != 200:
            raise ConsoleError(f"Slack got HTTP {response.status} from the bot: {response.body[:200]}")
        return response

    def settle(self) -> None:
        """Let the work after the ack finish, send what fell due (as the scheduler would), and show it all."""
        if not self.regiebot.work.wait_idle(IDLE_TIMEOUT):
            raise ConsoleError(f"the bot is still working after {IDLE_TIMEOUT} s")
        self.regiebot.reminders.deliver_due()
        self.show_new()

    def show_new(self) -> None:
        for view, trigger in self.transcript.show_new():
            self.open_modal(view, trigger)

    def _trigger(self) -> str:
        """A trigger id unique across consoles: the bot takes a repeated one for Slack retrying a delivery."""
        trigger = f"{int(time.time())}.{secrets.randbelow(10**9)}.{uuid.uuid4().hex}"
        self._triggers[trigger] = self.actor.user_id
        return trigger


def _event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:16].upper()


def _match(buttons: list[Button], label: str) -> Button | None:
    wanted = label.casefold()
    exact = [b for b in buttons if b.label.casefold() == wanted]
    if exact:
        return exact[0]
    starting = [b for b in buttons if b.label.casefold().startswith(wanted)]
    return starting[0] if len(starting) == 1 else None
