"""Modal submissions: a field's error goes back into the modal with the ack; the rest is queued after it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from bot.core.replies import Actor, Message, Reply, UserError
from bot.services import Services
from bot.slack.blocks import submitted_values
from handlers.answers import deliver, in_channel
from handlers.outcome import outcome

Validate = Callable[[Actor, dict[str, str]], dict[str, Any]]
Submit = Callable[[Actor, dict[str, Any]], Reply]


def submission_actor(body: dict[str, Any], view: dict[str, Any]) -> Actor:
    user = body.get("user", {})
    return Actor(team_id=user.get("team_id") or body.get("team", {}).get("id", ""), user_id=user.get("id", ""),
                 channel_id=view.get("private_metadata", ""), delivery=f"view:{view.get('id', '')}")


def run_submission(services: Services, ack: Callable[..., Any], body: dict[str, Any], view: dict[str, Any],
                   context: dict[str, Any], *, validate: Validate, field_of: dict[str, str], submit: Submit) -> None:
    """Validate the fields on the request's thread (a field's error goes back into the modal with the ack), then
    queue the submission, answered ephemerally in the table's channel.

    A refusal that belongs to no field (a role, a closed agenda) closes the modal and is answered the same way.
    """
    started = time.perf_counter()
    actor = submission_actor(body, view)
    request = {"request_id": context.get("request_id")}
    tell = in_channel(services, actor)

    def logged_outcome() -> Any:
        return outcome(services, "view_submission", request, actor, tell, started=started,
                       callback=view.get("callback_id"))

    validated: dict[str, Any] | Exception
    try:
        validated = validate(actor, submitted_values(view))
    except UserError as error:
        block = field_of.get(str(error.context.get("field", "")))
        if block is not None:
            with logged_outcome() as logged:
                language = error.language or services.tables.language_for(actor)
                ack(response_action="errors",
                    errors={block: services.renderer.message(Message(error.template, language, error.context))})
                logged["outcome"] = f"invalid:{error.template}"
            return
        validated = error
    except Exception as error:  # told like any crash, after the ack
        validated = error
    ack()

    def submission() -> None:
        with logged_outcome():
            if isinstance(validated, Exception):
                raise validated
            deliver(services, tell, submit(actor, validated))

    services.work.submit(submission)
