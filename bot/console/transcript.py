"""What `regiebot console` shows: every Web API call and response-URL answer the Slack double received,
as a Slack user would see it, numbered so that buttons can be pressed and threads answered."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from bot.console import slack_text
from bot.console.slack_text import Button, Style
from bot.testing.slack_double import Call, FakeSlack

UNSHOWN = {"auth.test", "users.info", "files.getUploadURLExternal", "apps.connections.open"}


def _digest(name: str) -> str:
    """Ids derived from names, so a second console on the same database meets the same people."""
    return hashlib.sha1(name.encode()).hexdigest()[:9].upper()


@dataclass(frozen=True)
class Person:
    handle: str
    admin: bool = False

    @property
    def user_id(self) -> str:
        return "U" + _digest(self.handle)

    @property
    def dm_id(self) -> str:
        return "D" + _digest(self.handle)


def channel_id(name: str) -> str:
    return "C" + _digest("#" + name)


@dataclass
class Workspace:
    """The console's Slack workspace: people by handle, channels by name."""

    people: dict[str, Person] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)

    def person(self, user_id: str) -> Person | None:
        return next((p for p in self.people.values() if p.user_id == user_id), None)

    def user_name(self, user_id: str) -> str | None:
        found = self.person(user_id)
        return found.handle if found else None

    def channel_name(self, channel: str) -> str | None:
        return next((name for name, cid in self.channels.items() if cid == channel), None)

    def where(self, target: str) -> str:
        """`#channel`, or `direct message to @name` for a message sent to a user id."""
        if target.startswith(("U", "W")):
            return f"direct message to @{self.user_name(target) or target}"
        return f"#{self.channel_name(target) or target}"


@dataclass
class Shown:
    """A message as the console showed it, for :click and :reply."""

    number: int  # 0: not numbered (an ephemeral answer without buttons, a Home tab)
    where: str  # a channel id, or the user id of a direct message
    message: dict[str, Any]  # text, blocks and ts, as a block_actions payload carries it
    buttons: list[Button]
    visible_to: str | None = None  # an ephemeral message's one reader, or a Home tab's owner
    view: dict[str, Any] | None = None  # a Home tab

    @property
    def ts(self) -> str | None:
        return self.message.get("ts")

    def seen_by(self, user_id: str) -> bool:
        """Whether that person sees it: not someone else's ephemeral answer, Home tab or direct message."""
        return self.visible_to in (None, user_id) and (not self.where.startswith("U") or self.where == user_id)


@dataclass
class Request:
    """Who typed what, behind a response URL."""

    user_id: str
    channel_id: str
    command: str = ""


class Transcript:
    """The console's output, and what it showed: the numbered messages, and who asked behind each response URL."""

    def __init__(self, slack: FakeSlack, workspace: Workspace, out: TextIO, *, style: Style) -> None:
        self.slack, self.workspace, self.out, self.style = slack, workspace, out, style
        self.shown: list[Shown] = []
        self.requests: dict[str, Request] = {}  # response URL id → who asked
        self.quiet: list[str] | None = None  # while seeding: what would have been printed
        self._numbers = itertools.count(1)
        self._mark = len(slack.calls)
        # how a call of each Web API method is shown; any other method is one line naming it
        self._shows: dict[str, Callable[[Call], None]] = {
            "respond": self._response, "chat.postMessage": self._posted, "chat.postEphemeral": self._ephemeral,
            "chat.update": self._edited, "views.publish": self._home, "files.completeUploadExternal": self._files}

    # writing

    def say(self, line: str = "") -> None:
        if self.quiet is not None:
            self.quiet.append(line)
        else:
            self.out.write(line + "\n")
            self.out.flush()

    def box(self, header: str, lines: list[str]) -> None:
        self.say("  ┌ " + self.style.dim(header))
        for line in lines:
            self.say("  │ " + line)

    def mrkdwn(self, text: str) -> list[str]:
        return slack_text.mrkdwn(text, user=self.workspace.user_name, channel=self.workspace.channel_name,
                                 style=self.style).split("\n")

    def blocks(self, blocks: list[dict[str, Any]]) -> tuple[list[str], list[Button]]:
        return slack_text.blocks(blocks, user=self.workspace.user_name, channel=self.workspace.channel_name,
                                 style=self.style)

    def plain(self, obj: dict[str, Any] | None) -> str:
        return slack_text.text_of(obj, user=self.workspace.user_name, channel=self.workspace.channel_name)

    # reading the double

    def pending(self) -> bool:
        return bool(self.slack.calls_since(self._mark))

    def show_new(self) -> list[tuple[dict[str, Any], str]]:
        """Print what Slack received since the last look; returns the modals opened, with their trigger ids."""
        calls = self.slack.calls_since(self._mark)
        self._mark += len(calls)
        opened = []
        for call in calls:
            if call.method in ("views.open", "views.push", "views.update"):
                opened.append(((call.response or {}).get("view") or _json(call.params.get("view"), {}),
                               str(call.params.get("trigger_id", ""))))
            else:
                self.show(call)
        return opened

    def show(self, call: Call) -> None:
        """One call as the people it reached see it; calls nobody sees (auth.test, a failed try) show nothing."""
        if call.method in UNSHOWN or call.method.endswith(":failed"):
            return
        show = self._shows.get(call.method)
        if show is None:
            self.say(f"  · Slack API call {call.method}")
        else:
            show(call)

    def header(self, shown: Shown, prefix: str = "") -> str:
        header = prefix + self.workspace.where(shown.where)
        if shown.number:
            header += f" · message {shown.number}"
        author = shown.message.get("user")
        if author:
            header += f" · @{self.workspace.user_name(author) or author}"
        thread = shown.message.get("thread_ts")
        if thread:
            parent = self.find(thread)
            header += f" · in the thread of message {parent.number if parent else thread}"
        return header

    def _posted(self, call: Call) -> None:
        shown = self.remember(str(call.params.get("channel", "")),
                              {**_message(call.params), "ts": (call.response or {}).get("ts")})
        self.box(self.header(shown), self.lines(shown.message))

    def _ephemeral(self, call: Call) -> None:
        user = str(call.params.get("user", ""))
        shown = self.remember(str(call.params.get("channel", "")), _message(call.params), visible_to=user)
        self.box(self.header(shown, f"only visible to @{self.workspace.user_name(user) or user} · "),
                 self.lines(shown.message))

    def _edited(self, call: Call) -> None:
        params = call.params
        original = self.find(str(params.get("ts", "")))
        if original is not None:
            original.message = {**original.message, **_message(params)}
            original.buttons = self.lines_and_buttons(original.message)[1]
        number = original.number if original else params.get("ts")
        self.box(f"{self.workspace.where(str(params.get('channel', '')))} · message {number} is edited",
                 self.lines(_message(params)))

    def _response(self, call: Call) -> None:
        asked = self.requests.get(call.path.rsplit("/", 1)[-1]) or Request("", "")
        params = call.params
        if params.get("delete_original"):
            self.say("  · the message with the button is deleted")
            return
        if params.get("response_type") == "in_channel":
            shown = self.remember(asked.channel_id, _message(params))
            who = self.workspace.user_name(asked.user_id)
            self.box(self.header(shown) + (f" · answer to @{who}'s {asked.command}" if asked.command else ""),
                     self.lines(shown.message))
        else:
            shown = self.remember(asked.channel_id, _message(params), visible_to=asked.user_id)
            who = self.workspace.user_name(asked.user_id) or asked.user_id
            self.box(self.header(shown, f"only visible to @{who} · "), self.lines(shown.message))

    def _home(self, call: Call) -> None:
        user, view = str(call.params.get("user_id", "")), _json(call.params.get("view"), {})
        lines, buttons = self.blocks(view.get("blocks") or [])
        self.shown = [s for s in self.shown if not (s.view is not None and s.visible_to == user)]
        self.shown.append(Shown(0, user, {}, buttons, visible_to=user, view=view))
        self.box(f"App Home of @{self.workspace.user_name(user) or user}", lines)

    def _files(self, call: Call) -> None:
        listed = {item.get("id") for item in _json(call.params.get("files"), [])}
        for uploaded in self.slack.uploads():
            if uploaded.file_id in listed:
                lines = self.mrkdwn(uploaded.initial_comment) if uploaded.initial_comment else []
                self.box(f"file in {self.workspace.where(uploaded.channel_id)}: {uploaded.filename} "
                         f"({len(uploaded.content):,} bytes) · “{uploaded.title}”", lines)

    # messages

    def remember(self, where: str, message: dict[str, Any], *, visible_to: str | None = None) -> Shown:
        """Keep a shown message; it gets a number if it can be answered in a thread or has buttons."""
        buttons = self.lines_and_buttons(message)[1]
        numbered = bool(message.get("ts") or buttons or visible_to is None)
        shown = Shown(next(self._numbers) if numbered else 0, where, message, buttons, visible_to=visible_to)
        self.shown.append(shown)
        return shown

    def find(self, reference: str) -> Shown | None:
        """A message by its number or its ts."""
        return next((s for s in self.shown if reference and (reference == s.ts or reference == str(s.number))
                     and (s.number or s.ts)), None)

    def lines(self, message: dict[str, Any]) -> list[str]:
        return self.lines_and_buttons(message)[0]

    def lines_and_buttons(self, message: dict[str, Any]) -> tuple[list[str], list[Button]]:
        lines, buttons = self.blocks(message.get("blocks") or [])
        return (lines or self.mrkdwn(str(message.get("text") or ""))), buttons


def _json(value: Any, default: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return default if value is None else value


def _message(params: dict[str, Any]) -> dict[str, Any]:
    message = {"text": params.get("text") or ""}
    blocks = _json(params.get("blocks"), [])
    if blocks:
        message["blocks"] = blocks
    if params.get("thread_ts"):
        message["thread_ts"] = params["thread_ts"]
    return message
