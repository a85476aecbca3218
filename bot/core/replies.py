"""What services receive (Actor) and return (Reply, or a UserError): plain values, no Slack, no ORM."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Actor:
    """Who asks, from where. `delivery` identifies the Slack delivery so a retry has no second effect."""

    team_id: str
    user_id: str
    channel_id: str
    delivery: str = ""
    user_name: str = ""
    target_channel_id: str | None = None

    @property
    def table_channel_id(self) -> str:
        """The channel whose table the request acts on: `in #channel` wins over the channel typed in."""
        return self.target_channel_id or self.channel_id


@dataclass(frozen=True)
class Message:
    """One rendered-to-be message: a template macro name with its plain-value context."""

    template: str
    language: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Announcement:
    """A message the table's channel is owed (the agenda posted, a session moved)."""

    channel_id: str
    message: Message


@dataclass(frozen=True)
class Reply:
    """A service's answer: what the caller sees (only they: every answer that concerns only the caller is
    ephemeral), and what the channel is owed."""

    message: Message
    announcements: tuple[Announcement, ...] = ()

    @classmethod
    def ephemeral(cls, template: str, language: str, **context: Any) -> Reply:
        return cls(Message(template, language, context))


class UserError(Exception):
    """An expected refusal or bad input; rendered with the command's usage, never as a stack trace."""

    def __init__(self, template: str, *, language: str | None = None, **context: Any) -> None:
        super().__init__(template)
        self.template = template
        self.language = language
        self.context = context


class DuplicateDelivery(Exception):
    """Slack delivered this request before and it was processed: do nothing a second time."""
