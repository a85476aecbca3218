"""A modal in the console: its inputs asked one by one, checked as Slack's own form checks them (required,
length, a listed option, a person, a date), and submitted as Slack submits them. The bot's checks stay the
bot's: they come back as field errors in the ack, and those fields are asked again."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.console import slack_text
from bot.console.slack_text import Field
from bot.console.transcript import Person, Workspace
from bot.testing import payloads

MULTIPLE = ("checkboxes", "multi_static_select")  # the option elements that take more than one


class ModalForm:
    """One open modal: the fields still to ask, the answers so far, and the submission they make."""

    def __init__(self, view: dict[str, Any], user: Person, workspace: Workspace) -> None:
        self.view, self.user, self.workspace = view, user, workspace
        self.inputs = slack_text.fields(view)
        self.answers: dict[str, str] = {}
        self.pending: list[Field] = list(self.inputs)

    @property
    def title(self) -> str:
        return slack_text.text_of(self.view.get("title"), user=self.workspace.user_name,
                                  channel=self.workspace.channel_name)

    def restart(self) -> None:
        self.pending = list(self.inputs)

    def question(self) -> str:
        item = self.pending[0]
        parts = [item.label]
        if item.options:
            parts.append("[" + ", ".join(f"{n} {label}{'*' if value == item.initial else ''}"
                                         for n, (value, label) in enumerate(item.options, 1)) + "]")
        hint = KINDS.get(item.kind, TYPED).hint
        if hint:
            parts.append(hint)
        if item.optional:
            parts.append("(optional)")
        return " ".join(parts)

    def answer(self, text: str) -> bool:
        """Take the answer to the field asked now; True once every field is answered. ValueError: ask again."""
        item = self.pending[0]
        self.answers[item.block_id] = self._value(item, text.strip())
        self.pending.pop(0)
        return not self.pending

    def refused(self, errors: dict[str, Any]) -> list[tuple[str, str]]:
        """The bot's field errors, by label; those fields are asked again."""
        self.pending = [item for item in self.inputs if item.block_id in errors]
        return [(item.label, str(errors[item.block_id])) for item in self.pending]

    def submission(self, *, team_id: str, trigger_id: str) -> str:
        values = {item.block_id: slack_text.element_state(item, self.answers.get(item.block_id, ""))
                  for item in self.inputs}
        return payloads.view_submission(
            callback_id=self.view.get("callback_id", ""), view_id=self.view.get("id", ""), values=values,
            private_metadata=self.view.get("private_metadata", ""), user_id=self.user.user_id, team_id=team_id,
            view=self.view, action_ids={item.block_id: item.action_id for item in self.inputs},
            trigger_id=trigger_id)

    def _value(self, item: Field, text: str) -> str:
        """The answer as Slack submits it; ValueError where Slack's own form would not take it."""
        if not text:
            return _left_empty(item)
        if item.options:
            return _chosen(item, text)
        kind = KINDS.get(item.kind, TYPED)
        return kind.read(item, text, self.workspace)


def _left_empty(item: Field) -> str:
    if item.initial and item.options:
        return item.initial
    if not item.optional:
        raise ValueError(f"“{item.label}” is required: Slack does not submit the modal without it")
    return ""


def _chosen(item: Field, text: str) -> str:
    """Options by number, value or label; a comma between them where the element takes several."""
    parts = [part.strip() for part in text.split(",")] if item.kind in MULTIPLE else [text]
    return ",".join(_option(item, part) for part in parts)


def _option(item: Field, text: str) -> str:
    for number, (value, label) in enumerate(item.options, 1):
        if text in (str(number), value) or text.casefold() == label.casefold():
            return value
    choices = ", ".join(f"{n} {label}" for n, (_, label) in enumerate(item.options, 1))
    raise ValueError(f"“{item.label}”: choose one of {choices}")


def _people(item: Field, text: str, workspace: Workspace) -> str:
    people = [workspace.people.get(part.strip().removeprefix("@").lower()) for part in text.split(",")]
    if None in people or (item.kind == "users_select" and len(people) > 1):
        raise ValueError(f"“{item.label}”: pick a person as @name (:users lists them)")
    return ",".join(person.user_id for person in people if person)


def _channel(item: Field, text: str, workspace: Workspace) -> str:
    name = text.removeprefix("#").lower()
    if name not in workspace.channels:
        raise ValueError(f"“{item.label}”: pick a channel as #name")
    return workspace.channels[name]


def _date(item: Field, text: str, workspace: Workspace) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"“{item.label}”: Slack's date picker gives a date as YYYY-MM-DD")
    return _typed(item, text, workspace)


def _typed(item: Field, text: str, workspace: Workspace) -> str:
    if item.max_length and len(text) > item.max_length:
        raise ValueError(f"“{item.label}” takes at most {item.max_length} characters; Slack stops typing there")
    return text


@dataclass(frozen=True)
class ElementKind:
    """How the console asks for one kind of input element, and how a typed answer becomes what Slack submits."""

    read: Callable[[Field, str, Workspace], str]
    hint: str = ""  # shown after the question: the form Slack's own picker would give the answer


TYPED = ElementKind(_typed)  # a plain text input, and any kind not listed in KINDS
KINDS = {
    "users_select": ElementKind(_people, "(@name)"),
    "multi_users_select": ElementKind(_people),
    "conversations_select": ElementKind(_channel, "(#channel)"),
    "channels_select": ElementKind(_channel, "(#channel)"),
    "datepicker": ElementKind(_date, "(YYYY-MM-DD)"),
    "timepicker": ElementKind(_typed, "(HH:MM)"),
}
