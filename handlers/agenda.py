"""The agenda form: opened by `/agenda add` typed bare or by the call for agenda items' button, and submitted.
No rules live here: bot.agenda decides."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core.parsing import make_proposal, parse_item_kind
from bot.core.replies import Actor
from bot.services import Services
from bot.slack.blocks import AGENDA_CALLBACK, OPEN_AGENDA_MODAL, agenda_modal
from handlers.answers import in_channel
from handlers.modals import run_submission
from handlers.outcome import outcome
from handlers.routing import acknowledge_first, always, button_actor


def open_form(services: Services, actor: Actor, trigger_id: str) -> None:
    language = services.agenda.prepare_proposal(actor)
    services.slack.open_view(trigger_id, agenda_modal(services.renderer, language, actor.table_channel_id))


def register(app: App, services: Services) -> None:
    def agenda_submission(ack, body, view, context):
        def validate(actor: Actor, values: dict[str, str]) -> dict[str, Any]:
            kind = parse_item_kind(values.get("kind", ""))
            return {"proposal": make_proposal(values.get("title", ""), values.get("description", "")), "kind": kind}

        run_submission(services, ack, body, view, context, validate=validate,
                       field_of={"title": "title", "description": "description"},
                       submit=lambda actor, values: services.agenda.propose(actor, **values))

    def agenda_open_modal(body, context):
        actor = button_actor(body)
        with outcome(services, "block_action", context, actor, in_channel(services, actor)):
            open_form(services, actor, body["trigger_id"])

    app.view(AGENDA_CALLBACK)(agenda_submission)
    app.action(OPEN_AGENDA_MODAL)(acknowledge_first(services, agenda_open_modal, urgent=always))
