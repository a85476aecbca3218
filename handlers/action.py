"""/action and its modal: translate payloads into calls on bot.actions. No rules live here."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core.parsing import ACTION_TEXT_LIMIT, ActionDraft, parse_action, parse_organisation, require_text
from bot.core.replies import Actor, Reply, UserError
from bot.services import Services
from bot.slack.blocks import ACTION_CALLBACK, action_modal
from handlers.modals import run_submission
from handlers.routing import acknowledge_first, asks_for_form, run_command


def register(app: App, services: Services) -> None:
    actions = services.actions

    def action_command(body, respond, context):

        def add(actor: Actor, rest: str) -> Reply | None:
            if rest.strip():
                return actions.add(actor, parse_action(rest))
            language, organisations = actions.prepare_form(actor)
            services.slack.open_view(body["trigger_id"], action_modal(services.renderer, language,
                                                                       actor.table_channel_id, organisations))
            return None

        verbs = {
            "add": add,
            "list": actions.show,
            "done": actions.mark_done,
            "reopen": actions.reopen,
            "due": actions.set_due,
        }
        run_command(services, body, respond, verbs, context)

    def action_submission(ack, body, view, context):
        def validate(actor: Actor, values: dict[str, str]) -> dict[str, Any]:
            person, organisation = values.get("owner_person", ""), values.get("owner_organisation", "")
            if bool(person) == bool(organisation):
                raise UserError("owner_both" if person else "owner_missing", field="owner")
            owner = f"<@{person}>" if person else parse_organisation(organisation)
            text = require_text(values.get("text", ""), field="text", limit=ACTION_TEXT_LIMIT)
            draft = ActionDraft(owner, text, values.get("due", ""))
            actions.check(actor, draft)  # an owner off the table or a past date is the field's error
            return {"draft": draft}

        run_submission(services, ack, body, view, context, validate=validate,
                       field_of={"owner": "owner_person", "text": "text", "due": "due"},
                       submit=lambda actor, values: actions.add(actor, **values))

    app.command("/action")(acknowledge_first(services, action_command, urgent=asks_for_form))
    app.view(ACTION_CALLBACK)(action_submission)
