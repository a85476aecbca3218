"""One console session: each typed line becomes what Slack would send, signed and handed to Bolt's own
`App.dispatch`, and what the bot then sent to the Slack double is shown. Console commands (`:as`, `:click`,
`:clock`, …) are read in bot/console/commands.py and come back here as what a Slack user does."""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import time
import uuid
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_bolt import BoltRequest, BoltResponse

from bot.app import Regiebot
from bot.console import commands
from bot.console.commands import ConsoleError
from bot.console.modal_form import ModalForm
from bot.console.slack_text import Button
from bot.console.transcript import Request, Shown, Transcript, Workspace
from bot.core.clock import ManualClock
from bot.testing import payloads
from bot.testing.slack_double import FakeSlack

IDLE_TIMEOUT = 30


class Failures(logging.Handler):
    """Collects the bot's error log lines: each one means something crashed."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Console:
    """Who types where, the open modal, and the way from a Slack user's act to Bolt and back to the transcript."""

    def __init__(self, regiebot: Regiebot, slack: FakeSlack, secret: str, transcript: Transcript, *,
                 zone: ZoneInfo, failures: Failures) -> None:
        self.regiebot, self.slack, self.secret, self.transcript = regiebot, slack, secret, transcript
        self.workspace: Workspace = transcript.workspace
        self.zone, self.failures = zone, failures
        if not isinstance(regiebot.clock, ManualClock):
            raise TypeError("the console moves time itself: build the bot with a ManualClock")
        self.clock = regiebot.clock
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
                commands.run(self, text)
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

    # what a Slack user does: each act becomes the payload Slack would send

    def slash(self, text: str) -> None:
        command, _, arguments = text.partition(" ")
        self.dispatch(payloads.slash_command(
            command=command.lower(), text=self.as_slack_sends(arguments.strip()), user_id=self.actor.user_id,
            channel_id=self.channel_id, team_id=self.slack.team_id,
            response_url=self._response_url(self.channel_id, command.lower()), trigger_id=self._trigger(),
            user_name=self.actor.handle, channel_name=self.channel), payloads.FORM)

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

    def press(self, shown: Shown, button: Button) -> None:
        """A button in a view (the Home tab), or in a message, which gets a response URL of its own."""
        channel = response_url = None
        if shown.view is None:
            channel = self.actor.dm_id if shown.where.startswith("U") else shown.where
            response_url = self._response_url(channel)
        self.dispatch(payloads.block_actions(
            action=button.action, user_id=self.actor.user_id, team_id=self.slack.team_id,
            trigger_id=self._trigger(), user_name=self.actor.handle, channel_id=channel, message=shown.message,
            view=shown.view, response_url=response_url), payloads.FORM)

    def open_home(self) -> None:
        event = payloads.app_home_opened(user_id=self.actor.user_id, channel_id=self.actor.dm_id,
                                         event_ts=self.slack.next_ts())
        self.dispatch(payloads.event_callback(event=event, event_id=_event_id(), team_id=self.slack.team_id),
                      payloads.JSON)

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

    # Bolt, and what came back

    def dispatch(self, body: str, content_type: str, *, listener_expected: bool = True,
                 settle: bool = True) -> BoltResponse:
        """Sign and dispatch a payload as Slack would deliver it; then, unless told not to, settle."""
        headers: dict[str, str | Sequence[str]] = {**payloads.signed_headers(self.secret, body,
                                                                             content_type=content_type)}
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

    def _response_url(self, channel: str, command: str = "") -> str:
        """A response URL for one act, so that the transcript can tell who asked what, and where."""
        request = uuid.uuid4().hex[:12]
        self.transcript.requests[request] = Request(self.actor.user_id, channel, command)
        return self.slack.response_url(request)

    def _trigger(self) -> str:
        """A trigger id unique across consoles: the bot takes a repeated one for Slack retrying a delivery."""
        trigger = f"{int(time.time())}.{secrets.randbelow(10**9)}.{uuid.uuid4().hex}"
        self._triggers[trigger] = self.actor.user_id
        return trigger


def _event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:16].upper()
