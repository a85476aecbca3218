"""Slack listeners only: the one list of everything the app listens to, and the error handler."""

from __future__ import annotations

import logging
import uuid

from slack_bolt import App

from bot.core.replies import Actor, Message
from bot.services import Services
from handlers import action, agenda, home, meeting, minutes, regie
from handlers.routing import safe_language

log = logging.getLogger("regiebot.requests")


def register(app: App, services: Services) -> None:
    app.middleware(_request_id)
    agenda.register(app, services)
    action.register(app, services)
    meeting.register(app, services)
    regie.register(app, services)
    minutes.register(app, services)
    home.register(app, services)
    app.error(_error_handler(services))


def _request_id(context, next):
    context["request_id"] = uuid.uuid4().hex[:12]
    next()


def _error_handler(services: Services):
    """The last resort for failures outside our listeners' own guard (middleware, payload shape)."""

    def handle_error(error, body, context, respond):
        actor = Actor(team_id=body.get("team_id", ""), user_id=body.get("user_id", ""),
                      channel_id=body.get("channel_id") or body.get("channel", {}).get("id", ""))
        log.error("request failed", exc_info=error, extra={"request_id": context.get("request_id", "-")})
        if respond is not None and body.get("response_url"):
            text = services.renderer.message(Message("internal_error", safe_language(services, actor),
                                                     {"request_id": context.get("request_id", "-")}))
            respond(text=text, response_type="ephemeral")

    return handle_error
