"""Answering the person: a service's Reply, a refusal with the command's usage, or a help page, in the table's
language, through the response URL or else an ephemeral message."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.core.commands import COMMANDS
from bot.core.replies import Actor, Message, Reply, UserError
from bot.render import split_text
from bot.services import Services

log = logging.getLogger("regiebot.requests")
REFUSALS = frozenset({"not_a_table", "other_workspace", "not_a_member", "not_allowed", "not_bot_admin"})
Respond = Callable[..., Any]
Tell = Callable[[str], None]  # sends the person one ephemeral text


def deliver(services: Services, tell: Tell, reply: Reply) -> None:
    """Tell the caller their answer, then post what the table's channel is owed."""
    tell(services.renderer.message(reply.message))
    for announcement in reply.announcements:
        services.slack.post(announcement.channel_id, services.renderer.message(announcement.message))


def answer(services: Services, respond: Respond, text: str, *, ephemeral: bool, actor: Actor) -> None:
    """Answer through the response URL; if Slack refuses it, fall back to an ephemeral Web API message."""
    for piece in split_text(text):
        response = respond(text=piece, response_type="ephemeral" if ephemeral else "in_channel")
        if getattr(response, "status_code", 200) != 200:
            log.warning("response_url refused", extra={"status": response.status_code})
            services.slack.post_ephemeral(actor.channel_id, actor.user_id, piece)


def through_respond(services: Services, respond: Respond, actor: Actor) -> Tell:
    """Telling the caller of a payload that has a response URL (commands, shortcuts)."""
    return lambda text: answer(services, respond, text, ephemeral=True, actor=actor)


def in_channel(services: Services, actor: Actor, *, thread_ts: str | None = None) -> Tell:
    """Telling the person in the channel (or thread) they acted in, visible to them only."""
    return lambda text: services.slack.post_ephemeral(actor.channel_id, actor.user_id, text, thread_ts=thread_ts)


def help_text(services: Services, actor: Actor, command: str) -> str:
    """A command's help; for `/regie`, the overview of every command."""
    language = services.tables.language_for(actor)
    if command == "/regie":
        return services.renderer.overview(language)
    return services.renderer.help(command, language)


def error_text(services: Services, error: UserError, actor: Actor, command: str) -> str:
    """What is wrong, in the table's language, followed by the command's usage for input errors."""
    language = error.language or services.tables.language_for(actor)
    text = ":warning: " + services.renderer.message(Message(error.template, language, error.context))
    if error.template not in REFUSALS and command in COMMANDS:
        text += "\n\n" + services.renderer.help(command, language)
    return text


def crash_text(services: Services, actor: Actor, request_id: str) -> str:
    """The generic line for an unexpected failure: the request id to quote, never a detail of it."""
    return services.renderer.message(Message("internal_error", safe_language(services, actor),
                                             {"request_id": request_id}))


def safe_language(services: Services, actor: Actor) -> str:
    """The table's language if the database can still tell, else the bot's default."""
    try:
        return services.tables.language_for(actor)
    except Exception:  # the database may be what failed
        return services.tables.default_language
