"""Modal submissions: field errors go back into the modal before the ack; the rest runs after it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from bot.replies import Actor, DuplicateDelivery, Message, Reply, UserError
from bot.views import submitted_values
from bot.wiring import Services
from handlers.routing import deliver, error_text, report_crash

log = logging.getLogger("regiebot.requests")


def submission_actor(body: dict[str, Any], view: dict[str, Any]) -> Actor:
    user = body.get("user", {})
    return Actor(team_id=user.get("team_id") or body.get("team", {}).get("id", ""), user_id=user.get("id", ""),
                 channel_id=view.get("private_metadata", ""), delivery=f"view:{view.get('id', '')}")


def run_submission(services: Services, ack: Callable[..., Any], body: dict[str, Any], view: dict[str, Any],
                   context: dict[str, Any], *, validate: Callable[[Actor, dict[str, str]], dict[str, Any]],
                   field_of: dict[str, str], submit: Callable[[Actor, dict[str, Any]], Reply]) -> None:
    """Validate the fields (a field's error goes back into the modal), then submit and answer ephemerally.

    A refusal that belongs to no field (a role, a closed agenda) closes the modal and is answered ephemerally.
    """
    started = time.perf_counter()
    actor = submission_actor(body, view)
    outcome, acked = "ok", False
    try:
        try:
            parsed = validate(actor, submitted_values(view))
        except UserError as error:
            block = field_of.get(str(error.context.get("field", "")))
            if block is None:
                raise
            outcome = f"invalid:{error.template}"
            language = error.language or services.tables.language_for(actor)
            text = services.renderer.message(Message(error.template, language, error.context))
            ack(response_action="errors", errors={block: text})
            acked = True
            return
        ack()
        acked = True
        deliver(services, None, submit(actor, parsed), actor)
    except UserError as error:
        outcome = f"refused:{error.template}"
        _ack_once(ack, acked)
        services.slack.post_ephemeral(actor.channel_id, actor.user_id, error_text(services, error, actor, ""))
    except DuplicateDelivery:
        outcome = "duplicate"
    except Exception:
        outcome = "error"
        _ack_once(ack, acked)
        report_crash(services, context, actor, None)
    finally:
        log.info("view_submission", extra={"request_id": context.get("request_id"), "callback": view.get("callback_id"),
                                           "team": actor.team_id, "channel": actor.channel_id, "user": actor.user_id,
                                           "outcome": outcome, "ms": round((time.perf_counter() - started) * 1000, 1)})




def _ack_once(ack: Callable[..., Any], acked: bool) -> None:
    """Close the modal if nothing has answered Slack yet."""
    if not acked:
        ack()
