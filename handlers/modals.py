"""Modal submissions: field errors go back into the modal before the ack; the rest runs after it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from bot.replies import Actor, DuplicateDelivery, Message, Reply, UserError
from bot.views import submitted_values
from bot.wiring import Services
from handlers.routing import deliver, error_text

log = logging.getLogger("regiebot.requests")


def submission_actor(body: dict[str, Any], view: dict[str, Any]) -> Actor:
    user = body.get("user", {})
    return Actor(team_id=user.get("team_id") or body.get("team", {}).get("id", ""), user_id=user.get("id", ""),
                 channel_id=view.get("private_metadata", ""), delivery=f"view:{view.get('id', '')}")


def run_submission(services: Services, ack: Callable[..., Any], body: dict[str, Any], view: dict[str, Any],
                   context: dict[str, Any], *, validate: Callable[[dict[str, str]], dict[str, Any]],
                   field_of: dict[str, str], submit: Callable[[Actor, dict[str, Any]], Reply]) -> None:
    """Validate the fields (answering errors inside the modal), then submit and answer ephemerally."""
    started = time.perf_counter()
    actor = submission_actor(body, view)
    outcome = "ok"
    try:
        values = submitted_values(view)
        try:
            parsed = validate(values)
        except UserError as error:
            outcome = f"invalid:{error.template}"
            language = services.tables.language_for(actor)
            block = field_of.get(str(error.context.get("field", "")), next(iter(field_of.values())))
            text = services.renderer.message(Message(error.template, language, error.context))
            ack(response_action="errors", errors={block: text})
            return
        ack()
        try:
            deliver(services, None, submit(actor, parsed), actor)
        except UserError as error:
            outcome = f"refused:{error.template}"
            services.slack.post_ephemeral(actor.channel_id, actor.user_id, error_text(services, error, actor, ""))
        except DuplicateDelivery:
            outcome = "duplicate"
    finally:
        log.info("view_submission", extra={"request_id": context.get("request_id"), "callback": view.get("callback_id"),
                                           "team": actor.team_id, "channel": actor.channel_id, "user": actor.user_id,
                                           "outcome": outcome, "ms": round((time.perf_counter() - started) * 1000, 1)})


