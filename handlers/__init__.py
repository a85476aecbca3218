"""Slack listeners only: the one list of everything the app listens to, and the error handler."""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App

from bot.core.replies import Actor
from bot.services import Services
from handlers import action, agenda, approval, commands, home, minutes
from handlers.answers import crash_text

log = logging.getLogger("regiebot.requests")


def register(app: App, services: Services) -> None:
    app.middleware(_request_id)
    commands.register(app, services)
    agenda.register(app, services)
    action.register(app, services)
    minutes.register(app, services)
    approval.register(app, services)
    home.register(app, services)
    app.error(_error_handler(services))


def _request_id(context, next):
    context["request_id"] = uuid.uuid4().hex[:12]
    next()


def _error_handler(services: Services):
    """The last resort for failures outside the listeners' own outcome (middleware, payload shape)."""

    def handle_error(error, body, context, respond):
        actor = Actor(team_id=body.get("team_id", ""), user_id=body.get("user_id", ""),
                      channel_id=body.get("channel_id") or body.get("channel", {}).get("id", ""))
        request_id = context.get("request_id", "-")
        log.error("request failed", exc_info=error, extra={"request_id": request_id})
        if respond is not None and body.get("response_url"):
            respond(text=crash_text(services, actor, request_id), response_type="ephemeral")

    return handle_error
