"""Modal submissions: field errors go back into the modal with the ack; the rest is queued after it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from bot.core.replies import Actor, DuplicateDelivery, Message, Reply, UserError
from bot.services import Services
from bot.slack.blocks import submitted_values
from handlers.routing import deliver, error_text, report_crash

log = logging.getLogger("regiebot.requests")


def submission_actor(body: dict[str, Any], view: dict[str, Any]) -> Actor:
    user = body.get("user", {})
    return Actor(team_id=user.get("team_id") or body.get("team", {}).get("id", ""), user_id=user.get("id", ""),
                 channel_id=view.get("private_metadata", ""), delivery=f"view:{view.get('id', '')}")


def run_submission(services: Services, ack: Callable[..., Any], body: dict[str, Any], view: dict[str, Any],
                   context: dict[str, Any], *, validate: Callable[[Actor, dict[str, str]], dict[str, Any]],
                   field_of: dict[str, str], submit: Callable[[Actor, dict[str, Any]], Reply]) -> None:
    """Validate the fields on the request's thread (a field's error goes back into the modal with the ack), then
    queue the submission, answered ephemerally.

    A refusal that belongs to no field (a role, a closed agenda) closes the modal and is answered ephemerally.
    """
    started = time.perf_counter()
    actor = submission_actor(body, view)
    validated: dict[str, Any] | Exception
    try:
        validated = validate(actor, submitted_values(view))
    except UserError as error:
        block = field_of.get(str(error.context.get("field", "")))
        if block is not None:
            language = error.language or services.tables.language_for(actor)
            text = services.renderer.message(Message(error.template, language, error.context))
            ack(response_action="errors", errors={block: text})
            _log(context, view, actor, f"invalid:{error.template}", started)
            return
        validated = error
    except Exception as error:  # answered like any crash, after the ack
        validated = error
    ack()
    services.work.submit(lambda: _submit(services, actor, validated, submit, context, view, started))


def _submit(services: Services, actor: Actor, validated: dict[str, Any] | Exception,
            submit: Callable[[Actor, dict[str, Any]], Reply], context: dict[str, Any], view: dict[str, Any],
            started: float) -> None:
    """The queued half of a submission: what validation refused or what submitting answers."""
    outcome = "ok"
    try:
        if isinstance(validated, Exception):
            raise validated
        deliver(services, None, submit(actor, validated), actor)
    except UserError as error:
        outcome = f"refused:{error.template}"
        services.slack.post_ephemeral(actor.channel_id, actor.user_id, error_text(services, error, actor, ""))
    except DuplicateDelivery:
        outcome = "duplicate"
    except Exception:
        outcome = "error"
        report_crash(services, context, actor, None)
    finally:
        _log(context, view, actor, outcome, started)


def _log(context: dict[str, Any], view: dict[str, Any], actor: Actor, outcome: str, started: float) -> None:
    log.info("view_submission", extra={"request_id": context.get("request_id"), "callback": view.get("callback_id"),
                                       "team": actor.team_id, "channel": actor.channel_id, "user": actor.user_id,
                                       "outcome": outcome, "ms": round((time.perf_counter() - started) * 1000, 1)})
