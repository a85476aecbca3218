"""The five slash commands, dispatched on the command table (bot.core.commands): each verb's service call, its
form when typed bare, its help. No verb is written here."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from slack_bolt import App

from bot.core.commands import SLASH_COMMANDS, Command, Verb
from bot.core.parsing import split_verb
from bot.core.replies import Actor, Reply, UserError
from bot.services import Services
from handlers import action, agenda
from handlers.answers import deliver, help_text, through_respond
from handlers.outcome import outcome
from handlers.routing import Body, acknowledge_first, command_actor

# a verb's `form`: what opens when it is typed with nothing after it (the modal's trigger lives three seconds)
FORMS: dict[str, Callable[[Services, Actor, str], None]] = {"agenda": agenda.open_form, "action": action.open_form}


def register(app: App, services: Services) -> None:
    for command in SLASH_COMMANDS.values():
        app.command(command.name)(acknowledge_first(services, _listener(services, command),
                                                    urgent=partial(_opens_form, command)))


def _listener(services: Services, command: Command) -> Callable[..., None]:
    def slash_command(body, respond, context):
        actor, text = command_actor(body)
        tell = through_respond(services, respond, actor)
        with outcome(services, "command", context, actor, tell, command=command.name) as logged:
            verb, rest = command.find(text)
            logged["verb"] = verb.name if verb else split_verb(text)[0]
            if verb is None:
                raise _unknown(command, text)
            if verb.name == "help":
                logged["outcome"] = "help"
                tell(help_text(services, actor, command.name))
            else:
                reply = _run(services, verb, actor, rest, trigger_id=body.get("trigger_id", ""))
                if reply is not None:
                    deliver(services, tell, reply)

    slash_command.__name__ = f"{command.name.lstrip('/')}_command"
    return slash_command


def _run(services: Services, verb: Verb, actor: Actor, rest: str, *, trigger_id: str) -> Reply | None:
    """The verb's service call with what follows it; its form instead when it has one and nothing follows."""
    if verb.form and not rest:
        FORMS[verb.form](services, actor, trigger_id)
        return None
    if verb.bare and rest:
        raise UserError("unexpected_text", value=rest)
    call = service_call(services, verb)
    if verb.bare:
        return call(actor, **verb.arguments)
    return call(actor, verb.parse(rest) if verb.parse else rest, **verb.arguments)


def service_call(services: Services, verb: Verb) -> Callable[..., Reply | None]:
    """The service method a verb's `call` names."""
    service, _, method = verb.call.partition(".")
    call: Callable[..., Reply | None] = getattr(getattr(services, service), method)
    return call


def _unknown(command: Command, text: str) -> UserError:
    """Nothing declared starts this way: a verb of a verb left out (`member`), or a word the command lacks."""
    first, rest = split_verb(text)
    has_verbs = any(verb.name.startswith(first + " ") for verb in command.verbs)
    if has_verbs and not rest:
        return UserError("missing_argument", argument=first)
    return UserError("unknown_command", value=f"{first} {split_verb(rest)[0]}" if has_verbs else first)


def _opens_form(command: Command, body: Body) -> bool:
    verb, rest = command.find(command_actor(body)[1])
    return verb is not None and bool(verb.form) and not rest
