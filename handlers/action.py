"""The action point form: opened by `/action add` typed bare, and submitted. No rules live here: bot.actions
decides."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core.parsing import ACTION_TEXT_LIMIT, ActionDraft, parse_organisation, require_text
from bot.core.replies import Actor, UserError
from bot.services import Services
from bot.slack.blocks import ACTION_CALLBACK, action_modal
from handlers.modals import run_submission


def open_form(services: Services, actor: Actor, trigger_id: str) -> None:
    language, organisations = services.actions.prepare_form(actor)
    services.slack.open_view(trigger_id, action_modal(services.renderer, language, actor.table_channel_id,
                                                      organisations))


def register(app: App, services: Services) -> None:
    def action_submission(ack, body, view, context):
        def validate(actor: Actor, values: dict[str, str]) -> dict[str, Any]:
            person, organisation = values.get("owner_person", ""), values.get("owner_organisation", "")
            if bool(person) == bool(organisation):
                raise UserError("owner_both" if person else "owner_missing", field="owner")
            owner = f"<@{person}>" if person else parse_organisation(organisation)
            text = require_text(values.get("text", ""), field="text", limit=ACTION_TEXT_LIMIT)
            draft = ActionDraft(owner, text, values.get("due", ""))
            services.actions.check(actor, draft)  # an owner off the table or a past date is the field's error
            return {"draft": draft}

        run_submission(services, ack, body, view, context, validate=validate,
                       field_of={"owner": "owner_person", "text": "text", "due": "due"},
                       submit=lambda actor, values: services.actions.add(actor, **values))

    app.view(ACTION_CALLBACK)(action_submission)
