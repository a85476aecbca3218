"""/agenda and its modal: translate payloads into calls on bot.agenda. No rules live here."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core.parsing import make_proposal, parse_proposal
from bot.core.replies import Actor, Reply, UserError
from bot.services import Services
from bot.slack.blocks import AGENDA_CALLBACK, OPEN_AGENDA_MODAL, agenda_modal
from bot.storage.models import ItemKind
from handlers.modals import run_submission
from handlers.routing import (
    acknowledge_first,
    always,
    asks_for_form,
    button_actor,
    no_arguments,
    run_button,
    run_command,
)


def register(app: App, services: Services) -> None:
    agenda = services.agenda

    def agenda_command(body, respond, context):

        def add(actor: Actor, rest: str) -> Reply | None:
            if rest.strip():
                return agenda.propose(actor, parse_proposal(rest))
            language = agenda.prepare_proposal(actor)
            services.slack.open_view(body["trigger_id"], agenda_modal(services.renderer, language,
                                                                       actor.table_channel_id))
            return None

        verbs = {
            "add": add,
            "list": agenda.show,
            "withdraw": agenda.withdraw,
            "order": agenda.order,
            "defer": agenda.defer,
            "close": lambda actor, rest: no_arguments(rest) or agenda.close(actor),
        }
        run_command(services, body, respond, verbs, context)

    def agenda_submission(ack, body, view, context):
        def validate(actor: Actor, values: dict[str, str]) -> dict[str, Any]:
            kind = values.get("kind") or ItemKind.discussion
            if kind not in ItemKind.__members__:
                raise UserError("unexpected_text", value=kind)
            proposal = make_proposal(values.get("title", ""), values.get("description", ""))
            return {"proposal": proposal, "kind": ItemKind(kind)}

        run_submission(services, ack, body, view, context, validate=validate,
                       field_of={"title": "title", "description": "description"},
                       submit=lambda actor, values: agenda.propose(actor, **values))

    def agenda_open_modal(body, context):
        actor = button_actor(body)

        def open_modal() -> None:
            language = agenda.prepare_proposal(actor)
            services.slack.open_view(body["trigger_id"], agenda_modal(services.renderer, language,
                                                                       actor.table_channel_id))

        run_button(services, actor, context, open_modal)

    app.command("/agenda")(acknowledge_first(services, agenda_command, urgent=asks_for_form))
    app.view(AGENDA_CALLBACK)(agenda_submission)
    app.action(OPEN_AGENDA_MODAL)(acknowledge_first(services, agenda_open_modal, urgent=always))

