"""What every listener shares: acknowledging and queueing its work, turning a payload into an Actor, running a
verb, and answering.

Expected failures (UserError) become an ephemeral answer with the command's usage; a retried delivery
(DuplicateDelivery) is logged and answered with nothing. Anything else is caught here too, logged with the
request id and answered generically: the work runs on the work queue after Slack's ack, where Bolt's
`@app.error` no longer sees it.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Callable
from typing import Any

from bot.core.commands import COMMANDS
from bot.core.parsing import extract_channel, split_verb
from bot.core.replies import Actor, DuplicateDelivery, Message, Reply, UserError
from bot.render import split_text
from bot.services import Services

log = logging.getLogger("regiebot.requests")
Verb = Callable[[Actor, str], Reply | None]
REFUSALS = frozenset({"not_a_table", "other_workspace", "not_a_member", "not_allowed", "not_bot_admin"})


def acknowledge_first(services: Services, listener: Callable[..., None], *,
                      urgent: Callable[[dict[str, Any]], bool] = lambda body: False) -> Callable[..., None]:
    """The Bolt listener for `listener`: acks on the request's own thread, then queues `listener` with the
    arguments it names (body, context, respond, event, view) on the work queue; `urgent(body)` when the work must
    start at once, to open a modal while its trigger lives. The queued context holds only the request id: Bolt's
    own, with its clients and helpers, would stay alive for every queued job of a burst."""
    wanted = tuple(inspect.signature(listener).parameters)

    def acknowledge(ack, body, context, respond, event, view):  # Bolt injects these names
        ack()
        given = {"body": body, "context": {"request_id": context.get("request_id")}, "respond": respond,
                 "event": event, "view": view}
        arguments = {name: given[name] for name in wanted}
        services.work.submit(lambda: listener(**arguments), urgent=urgent(body))

    return acknowledge


def asks_for_form(body: dict[str, Any]) -> bool:
    """`/agenda add` or `/action add` with nothing after it: the answer is a modal."""
    verb, rest = split_verb(command_actor(body)[1])
    return verb == "add" and not rest.strip()


def always(_body: dict[str, Any]) -> bool:
    return True


def command_actor(body: dict[str, Any]) -> tuple[Actor, str]:
    """The caller of a slash command, and its text without an `in #channel` reference."""
    text, target = extract_channel(body.get("text") or "")
    actor = Actor(team_id=body.get("team_id", ""), user_id=body.get("user_id", ""),
                  channel_id=body.get("channel_id", ""), delivery=f"command:{body.get('trigger_id', '')}",
                  user_name=body.get("user_name", ""), target_channel_id=target)
    return actor, text


def run_command(services: Services, body: dict[str, Any], respond: Callable[..., Any], verbs: dict[str, Verb],
                context: dict[str, Any]) -> None:
    """Dispatch a slash command to its verb and answer through `respond`."""
    started = time.perf_counter()
    command = body.get("command", "")
    actor, text = command_actor(body)
    verb, rest = split_verb(text)
    outcome = "ok"
    try:
        if verb in ("", "help"):
            answer(services, respond, help_text(services, actor, command), ephemeral=True, actor=actor)
            outcome = "help"
        elif verb not in verbs:
            raise UserError("unknown_command", value=verb)
        else:
            reply = verbs[verb](actor, rest)
            if reply is not None:
                deliver(services, respond, reply, actor)
    except UserError as error:
        outcome = f"refused:{error.template}"
        answer(services, respond, error_text(services, error, actor, command), ephemeral=True, actor=actor)
    except DuplicateDelivery:
        outcome = "duplicate"
    except Exception:
        outcome = "error"
        report_crash(services, context, actor, respond)
    finally:
        log.info("command", extra={"request_id": context.get("request_id"), "command": command, "verb": verb,
                                   "team": actor.team_id, "channel": actor.table_channel_id, "user": actor.user_id,
                                   "outcome": outcome, "ms": round((time.perf_counter() - started) * 1000, 1)})


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


def deliver(services: Services, respond: Callable[..., Any] | None, reply: Reply, actor: Actor) -> None:
    """Send the caller's answer, then what the table's channel is owed."""
    text = services.renderer.message(reply.message)
    if respond is not None:
        answer(services, respond, text, ephemeral=reply.visibility == "ephemeral", actor=actor)
    else:
        services.slack.post_ephemeral(actor.channel_id, actor.user_id, text)
    for announcement in reply.announcements:
        services.slack.post(announcement.channel_id, services.renderer.message(announcement.message))


def answer(services: Services, respond: Callable[..., Any], text: str, *, ephemeral: bool, actor: Actor) -> None:
    """Answer through the response URL; if Slack refuses it, fall back to an ephemeral Web API message."""
    for piece in split_text(text):
        response = respond(text=piece, response_type="ephemeral" if ephemeral else "in_channel")
        if getattr(response, "status_code", 200) != 200:
            log.warning("response_url refused", extra={"status": response.status_code})
            services.slack.post_ephemeral(actor.channel_id, actor.user_id, piece)


def no_arguments(rest: str) -> None:
    """Refuse text after a verb that takes none."""
    if rest.strip():
        raise UserError("unexpected_text", value=rest.strip())


def report_crash(services: Services, context: dict[str, Any], actor: Actor,
                 respond: Callable[..., Any] | None) -> None:
    """Log an unexpected failure with its request id and tell the caller, without any detail of it."""
    request_id = context.get("request_id", "-")
    log.exception("listener failed", extra={"request_id": request_id, "user": actor.user_id})
    text = services.renderer.message(Message("internal_error", safe_language(services, actor),
                                             {"request_id": request_id}))
    try:
        if respond is not None:
            respond(text=text, response_type="ephemeral")
        else:
            services.slack.post_ephemeral(actor.channel_id, actor.user_id, text)
    except Exception:  # Slack itself failing: the log line above is what remains
        log.warning("could not tell the caller about a failure", extra={"request_id": request_id})


def safe_language(services: Services, actor: Actor) -> str:
    """The table's language if the database can still tell, else the bot's default."""
    try:
        return services.tables.language_for(actor)
    except Exception:  # the database may be what failed
        return services.tables.default_language


def button_actor(body: dict[str, Any]) -> Actor:
    """Who pressed a button, acting on the table whose channel the button's value names.

    Every button's value is `<channel>` or `<channel>:<argument>` (bot/slack/blocks.py), so a button acts on its own
    table wherever it is pressed: a channel, a direct message or the App Home tab."""
    user = body.get("user", {})
    channel_id = _button_value(body).partition(":")[0]
    return Actor(team_id=user.get("team_id") or body.get("team", {}).get("id", ""), user_id=user.get("id", ""),
                 channel_id=channel_id or body.get("channel", {}).get("id", ""),
                 delivery=f"action:{body.get('trigger_id', '')}")


def button_argument(body: dict[str, Any]) -> str:
    """What a button's value names after its channel: a session, an action point, a summary."""
    return _button_value(body).partition(":")[2]


def _button_value(body: dict[str, Any]) -> str:
    return str((body.get("actions") or [{}])[0].get("value") or "")


def run_button(services: Services, actor: Actor, context: dict[str, Any], work: Callable[[], None],
               respond: Callable[..., Any] | None = None) -> None:
    """Run a button's (or shortcut's) work; a refusal is answered ephemerally, through `respond` when the
    payload has a response URL, else in the table's channel."""
    outcome = "ok"
    try:
        work()
    except UserError as error:
        outcome = f"refused:{error.template}"
        text = error_text(services, error, actor, "")
        if respond is not None:
            answer(services, respond, text, ephemeral=True, actor=actor)
        else:
            services.slack.post_ephemeral(actor.channel_id, actor.user_id, text)
    except DuplicateDelivery:
        outcome = "duplicate"
    except Exception:
        outcome = "error"
        report_crash(services, context, actor, respond)
    finally:
        log.info("block_action", extra={"request_id": context.get("request_id"), "team": actor.team_id,
                                        "channel": actor.channel_id, "user": actor.user_id, "outcome": outcome})
